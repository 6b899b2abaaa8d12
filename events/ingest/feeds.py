"""RSS and Atom feeds and article URLs -> Articles: each item's page fetched and its main text extracted.

Feeds are parsed by feedparser from bytes we fetched (never by feedparser's own fetching), after defusedxml
has checked that the XML declares no entities: a billion-laughs feed is refused before any parser expands it.
An unchanged feed or page (answered 304) yields nothing, so re-importing costs one request per feed.
Every problem is one ReadFailure naming the feed or page, as for files; nothing raises out of here.

An item's identity: the canonical URL of its page, else its link; an item with no link is known by its GUID (RSS
`guid`, Atom `id`) within its feed, so that an edited item replaces its earlier version (kept in
`events_superseded`), and only an item with neither is known by its text. Relative links are resolved against
the feed's own URL (after redirects), or the `xml:base` the feed declares.

Every article names its outlet (`source`), so that no event of a feed or a page has an empty source: a name given
explicitly wins (a sources file's or the command line's), then what the item says (RSS `<source>`), then the
page's own site name (trafilatura's sitename: og:site_name, or the canonical URL's site), then the feed's title,
then the host name of the page, or of the feed for an item with no page.

A URL given without saying what it is (`events import URL`) is a feed or a page by the answer (`kind_of`).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

from events.ingest.fetch import Fetcher, FetchError, Response, decode_body
from events.ingest.readers import Document, ReadFailure, html_article, text_article_id, url_article_id
from schemas import Article

MAX_ITEMS = 500  # items taken from one feed per run: a runaway feed cannot stall the import
Note = Callable[[str, str], None]  # (document, message): something the run's record should say, not a failure
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                         "text/xml", "application/x-rss+xml"})
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SNIFFED = 8192  # bytes of a body read to find its root element
# What may come before a document's root element: blanks, the XML declaration and other processing instructions,
# comments, and a doctype, with its internal subset (an XML bomb is still a feed: parse_feed refuses it).
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_PAGE_ROOTS = frozenset({"html", "head", "body"})
_DOCTYPE_HTML = re.compile(r"<!DOCTYPE\s+html\b", re.IGNORECASE)


def read_urls(fetcher: Fetcher, urls: Iterable[str], *, published_at: date | None = None,
              source: str | None = None) -> Iterator[Document]:
    """Article pages: one Article each, none when the page is unchanged since the last run. `source`, when
    given, is every article's outlet, whatever the pages say."""
    for url in urls:
        found = _page(fetcher, url, published_at, title=None, named=(source,))
        if found is not None:
            yield found


def read_feed(fetcher: Fetcher, url: str, *, published_at: date | None = None, fetch_items: bool = True,
              max_items: int = MAX_ITEMS, note: Note | None = None, source: str | None = None) -> Iterator[Document]:
    """The items of the feed at `url`. With `fetch_items` each item's page is fetched for its full text;
    without it (or for an item with no link) the item's own content or summary is the text. A feed with more
    than `max_items` items is cut, and `note` is told how many were skipped. `source`, when given, is every
    article's outlet, whatever the feed and the pages say."""
    answer = _fetched(fetcher, url)
    if not isinstance(answer, Response):
        yield from answer
        return
    yield from feed_items(fetcher, answer, published_at=published_at, fetch_items=fetch_items, max_items=max_items,
                          note=note, source=source)


def _fetched(fetcher: Fetcher, url: str) -> Response | list[ReadFailure]:
    """The answer of a URL to read, else what to yield instead: its failure, or nothing when it is unchanged."""
    try:
        answer = fetcher.fetch(url)
    except FetchError as exc:
        return [ReadFailure(url, _reason(exc, url))]
    return [] if answer.not_modified else answer


def feed_items(fetcher: Fetcher, answer: Response, *, published_at: date | None = None, fetch_items: bool = True,
               max_items: int = MAX_ITEMS, note: Note | None = None, source: str | None = None) -> Iterator[Document]:
    """The items of a feed already fetched (`answer`, status 200), as `read_feed` reads them."""
    url = answer.url
    parsed = _parse(answer.content)
    if isinstance(parsed, str):
        yield ReadFailure(url, parsed)
        return
    entries = list(parsed.entries)
    site = _one_line(parsed.feed.get("title"))
    if len(entries) > max_items and note is not None:
        note(url, f"{len(entries) - max_items} of its {len(entries)} items skipped (max_items = {max_items})")
    for entry in entries[:max_items]:
        day = _entry_date(entry) or published_at
        link = _link(entry, answer.final_url)
        title = str(entry.get("title") or "").strip() or None
        given = _one_line((entry.get("source") or {}).get("title"))  # RSS <source>: the item's own outlet
        if link and fetch_items:
            found = _page(fetcher, link, day, title=title, named=(source, given), site=site)
            if found is not None:
                yield found
            continue
        yield _named(_inline(entry, url, link, day, title), (source, given), site=site, where=link or url)


def read_url(fetcher: Fetcher, url: str, *, published_at: date | None = None, fetch_items: bool = True,
             max_items: int = MAX_ITEMS, note: Note | None = None, source: str | None = None,
             is_feed: Callable[[str], None] | None = None) -> Iterator[Document]:
    """The documents of a URL given without saying what it is: the items of a feed (as `read_feed` reads them;
    `is_feed` is told the URL), or the page's article, or one ReadFailure saying why it is neither. Nothing when it
    is unchanged since the last run."""
    answer = _fetched(fetcher, url)
    if not isinstance(answer, Response):
        yield from answer
        return
    kind = kind_of(answer)
    if kind == "feed":
        if is_feed is not None:
            is_feed(url)
        yield from feed_items(fetcher, answer, published_at=published_at, fetch_items=fetch_items,
                              max_items=max_items, note=note, source=source)
    elif kind == "page":
        yield page_article(answer, published_at, named=(source,))
    else:
        yield ReadFailure(url, kind)


def kind_of(answer: Response) -> Literal["feed", "page"] | str:
    """What a URL given without saying what it is turned out to be. The body first, as servers often label feeds
    text/html or text/plain: "feed" when its root element is RSS's, Atom's or RDF's, "page" when it is HTML's; then
    the Content-Type: "feed" for a feed's or XML's (parse_feed then says what is wrong with it), "page" for HTML's;
    else the reason it is neither."""
    media = answer.content_type.split(";")[0].strip().lower()
    head = decode_body(answer.content[:_SNIFFED], answer.charset)[0].lstrip("\ufeff")
    prolog = _PROLOG.match(head)
    found = _ROOT.match(head, prolog.end() if prolog else 0)
    root = found.group(1) if found else ""
    if root in _FEED_ROOTS:
        return "feed"
    if root.lower() in _PAGE_ROOTS or _DOCTYPE_HTML.search(head[:prolog.end() if prolog else 0]):
        return "page"
    if media in _FEED_TYPES:
        return "feed"
    if media in _PAGE_TYPES:
        return "page"
    return f"neither a web page nor an RSS or Atom feed (Content-Type: {media or 'none'})"


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
    parsed = _parse(data)
    return parsed if isinstance(parsed, str) else list(parsed.entries)


def _parse(data: bytes) -> Any:
    """feedparser's result (entries, and the feed's own fields), or the reason the document is refused."""
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
    return parsed


def _page(fetcher: Fetcher, url: str, published_at: date | None, *, title: str | None,
          named: tuple[str | None, ...] = (), site: str | None = None) -> Document | None:
    try:
        answer = fetcher.fetch(url)
    except FetchError as exc:
        return ReadFailure(url, _reason(exc, url))
    if answer.not_modified:
        return None
    return page_article(answer, published_at, title=title, named=named, site=site)


def page_article(answer: Response, published_at: date | None, *, title: str | None = None,
                 named: tuple[str | None, ...] = (), site: str | None = None) -> Document:
    """The article of a page already fetched (`answer`, status 200), named by the URL it was asked for. Its
    outlet: the first of `named` given (an explicit name, the item's own), else the page's site name, else
    `site` (the feed's title), else the page's host name."""
    if not answer.content.strip():
        return ReadFailure(answer.url, "empty page")
    markup = answer.text  # charset from the headers, checked against the bytes (see events.ingest.fetch.decode_body)
    found = html_article(markup, answer.url, published_at, url=answer.final_url, title=title)
    return _named(found, named, site=site, where=answer.final_url)


def _named(found: Document, named: tuple[str | None, ...], *, site: str | None, where: str) -> Document:
    """The article with its outlet: the first of `named` given, else its own, else `site`, else the host name of its
    URL or of `where` (where it came from)."""
    if isinstance(found, ReadFailure):
        return found
    name = next((n for n in named if n), None) or found.source or site or _host(found.url) or _host(where)
    return found if name == found.source else found.model_copy(update={"source": name})


def _host(url: str | None) -> str | None:
    """"example.org" for https://www.example.org/a (as trafilatura names a site by its URL)."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _one_line(value: object) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


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
