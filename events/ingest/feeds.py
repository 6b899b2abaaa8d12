"""RSS and Atom feeds and article URLs -> Articles: each item's page fetched and its main text extracted.

Feeds are parsed by feedparser from bytes we fetched (never by feedparser's own fetching), after defusedxml
has checked that the XML declares no entities: a billion-laughs feed is refused before any parser expands it.
An unchanged feed or page (answered 304) yields nothing, so re-importing costs one request per feed.
Every problem is one ReadFailure naming the feed or page, as for files; nothing raises out of here.

An item's identity: the canonical URL of its page, else its link; an item with no link is known by its GUID (RSS
`guid`, Atom `id`) within its feed, so that an edited item replaces its earlier version (kept in
`events_superseded`), and only an item with neither is known by its text. Relative links are resolved against
the feed's own URL (after redirects), or the `xml:base` the feed declares.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

from events.ingest.fetch import Fetcher, FetchError
from events.ingest.readers import Document, ReadFailure, html_article, text_article_id, url_article_id
from schemas import Article

MAX_ITEMS = 500  # items taken from one feed per run: a runaway feed cannot stall the import
Note = Callable[[str, str], None]  # (document, message): something the run's record should say, not a failure


def read_urls(fetcher: Fetcher, urls: Iterable[str], *,
              published_at: date | None = None) -> Iterator[Document]:
    """Article pages: one Article each, none when the page is unchanged since the last run."""
    for url in urls:
        found = _page(fetcher, url, published_at, title=None)
        if found is not None:
            yield found


def read_feed(fetcher: Fetcher, url: str, *, published_at: date | None = None, fetch_items: bool = True,
              max_items: int = MAX_ITEMS, note: Note | None = None) -> Iterator[Document]:
    """The items of the feed at `url`. With `fetch_items` each item's page is fetched for its full text;
    without it (or for an item with no link) the item's own content or summary is the text. A feed with more
    than `max_items` items is cut, and `note` is told how many were skipped."""
    try:
        answer = fetcher.fetch(url)
    except FetchError as exc:
        yield ReadFailure(url, _reason(exc, url))
        return
    if answer.not_modified:
        return
    entries = parse_feed(answer.content)
    if isinstance(entries, str):
        yield ReadFailure(url, entries)
        return
    if len(entries) > max_items and note is not None:
        note(url, f"{len(entries) - max_items} of its {len(entries)} items skipped (max_items = {max_items})")
    for entry in entries[:max_items]:
        day = _entry_date(entry) or published_at
        link = _link(entry, answer.final_url)
        title = str(entry.get("title") or "").strip() or None
        if link and fetch_items:
            found = _page(fetcher, link, day, title=title)
            if found is not None:
                yield found
            continue
        yield _inline(entry, url, link, day, title)


def _link(entry: Any, base: str) -> str:
    """The item's link, resolved against the feed's URL (feedparser has applied any xml:base). An RSS guid that
    feedparser takes for the link (a guid is a permalink unless it says otherwise) is a link only when it is an
    absolute http(s) URL: `<guid>story-42</guid>` is an identity, not a page."""
    link = str(entry.get("link") or "").strip()
    try:
        if not link or (entry.get("guidislink") and urlsplit(link).scheme.lower() not in ("http", "https")):
            return ""
        return urljoin(base, link)
    except ValueError:  # a malformed link (an unclosed IPv6 bracket): refused with its reason when fetched
        return link


def item_article_id(feed: str, guid: str) -> str:
    """The id of a feed item known by its GUID: a GUID is unique within its feed only."""
    key = f"{feed.strip()}\n{' '.join(guid.split())}"
    return "item-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def parse_feed(data: bytes) -> list[Any] | str:
    """The entries of an RSS or Atom document, or the reason it is refused. feedparser resolves links against
    the feed's xml:base; links still relative are left for the caller, who knows where the feed came from."""
    import defusedxml.ElementTree as SafeTree
    import feedparser
    from defusedxml import DefusedXmlException

    if not data.strip():
        return "empty response (expected an RSS or Atom feed)"
    try:
        SafeTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return f"refused: the feed declares XML entities ({type(exc).__name__}), as XML bombs do"
    except ParseError as exc:
        return f"not an RSS or Atom feed: not XML ({exc})"
    parsed = feedparser.parse(data)
    if not parsed.get("version"):
        return "not an RSS or Atom feed: XML, but no <rss>, <feed> or <rdf:RDF> root"
    return list(parsed.entries)


def _page(fetcher: Fetcher, url: str, published_at: date | None, *, title: str | None) -> Document | None:
    try:
        answer = fetcher.fetch(url)
    except FetchError as exc:
        return ReadFailure(url, _reason(exc, url))
    if answer.not_modified:
        return None
    if not answer.content.strip():
        return ReadFailure(url, "empty page")
    markup = answer.text  # charset from the headers, checked against the bytes (see events.ingest.fetch.decode_body)
    return html_article(markup, url, published_at, url=answer.final_url, title=title)


def _inline(entry: Any, feed: str, link: str, day: date | None, title: str | None) -> Document:
    """An item whose text is in the feed itself (content, else summary; HTML stripped by trafilatura)."""
    contents = entry.get("content") or []
    body = str(contents[0].get("value", "")) if contents else str(entry.get("summary") or "")
    guid = str(entry.get("id") or "").strip()
    name = link or f"{feed}#{guid or title or 'item'}"
    if not body.strip():
        return ReadFailure(name, "feed item has no link and no text")
    found = html_article(f"<html><body><article>{body}</article></body></html>", name, day,
                         url=link or None, title=title)
    if isinstance(found, ReadFailure):  # plain text too short for trafilatura: keep it as it is
        text = " ".join(body.split())
        found = Article(article_id=url_article_id(link) if link else text_article_id(text), text=text,
                        title=title, published_at=day, url=link or None, origin=name)
    if not link and guid and not found.url:  # no page to be known by: the GUID is the item's identity
        found = found.model_copy(update={"article_id": item_article_id(feed, guid)})
    return found


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        moment = entry.get(key)
        if isinstance(moment, time.struct_time):
            return date(moment.tm_year, moment.tm_mon, moment.tm_mday)
    return None


def _reason(exc: FetchError, url: str) -> str:
    """The error without the URL it starts with: the failure already names the document."""
    message = str(exc)
    return message[len(url) + 2:] if message.startswith(url + ": ") else message
