"""Feeds and article URLs served on 127.0.0.1: items fetched and extracted, bad feeds refused with a reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from events.ingest.feeds import item_article_id, kind_of, parse_feed, read_feed, read_url, read_urls
from events.ingest.fetch import Fetcher, FetchPolicy, Response, Validators
from events.ingest.readers import Document, ReadFailure, url_article_id
from schemas import Article
from tests.events.ingest.loopback import Loopback, reply, serve

POLICY = FetchPolicy(politeness=0.0, retries=1, backoff=0.0)
PARAGRAPHS = {
    "one": "Soldiers clashed with rebels near the northern bridge on Monday, residents said. The fighting "
           "lasted several hours and forced families to leave the market district before nightfall.",
    "two": "Students protested outside the ministry on Tuesday, demanding the release of detained "
           "teachers. Police watched from a distance and no arrests were reported by the afternoon.",
    "three": "Rebels shelled an army post outside the town overnight, a local official said. The post "
             "had been reinforced last week after a series of raids on supply convoys in the valley.",
}


def page(body: str, canonical: str | None = None, title: str = "A report") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html><head><title>{title}</title>{link}</head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body}</p></article></body></html>").encode()


def rss(base: str, names: list[str]) -> bytes:
    items = "".join(f"<item><title>Item {n}</title><link>{base}/news/{n}</link>"
                    f"<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>" for n in names)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
            f"{items}</channel></rss>").encode()


def with_etag(body: bytes, etag: str):  # type: ignore[no-untyped-def]
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        if handler.headers.get("If-None-Match") == etag:
            reply(handler, 304)
        else:
            reply(handler, 200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})
    return route


@pytest.fixture
def server() -> Iterator[Loopback]:
    with serve() as running:
        for name, text in PARAGRAPHS.items():
            running.routes[f"/news/{name}"] = lambda h, n, t=text: reply(
                h, 200, page(t), {"Content-Type": "text/html; charset=utf-8"})
        yield running


def fetcher(validators: dict[str, Validators] | None = None) -> Fetcher:
    return Fetcher.create(POLICY, validators=validators, sleep=lambda s: None, clock=lambda: 0.0)


def test_a_feeds_items_are_fetched_and_their_main_text_extracted(server: Loopback) -> None:
    server.routes["/feed.xml"] = lambda h, n: reply(h, 200, rss(server.base, list(PARAGRAPHS)))
    with fetcher() as client:
        documents = list(read_feed(client, server.url("/feed.xml")))
    assert all(isinstance(d, Article) for d in documents) and len(documents) == 3
    for document, (name, text) in zip(documents, PARAGRAPHS.items(), strict=True):
        assert isinstance(document, Article)
        assert text in document.text and "<p>" not in document.text
        assert document.url == server.url(f"/news/{name}")
        assert document.article_id == url_article_id(server.url(f"/news/{name}"))
        assert str(document.published_at) == "2026-03-02"


def test_an_unchanged_feed_answers_304_and_yields_nothing(server: Loopback) -> None:
    server.routes["/feed.xml"] = with_etag(rss(server.base, list(PARAGRAPHS)), '"f1"')
    with fetcher() as client:
        assert len(list(read_feed(client, server.url("/feed.xml")))) == 3
        remembered = dict(client.seen)
    with fetcher(remembered) as again:
        assert list(read_feed(again, server.url("/feed.xml"))) == []
    assert server.count("/feed.xml") == 2 and server.count("/news/one") == 1


def test_the_canonical_url_is_the_articles_identity(server: Loopback) -> None:
    canonical = "https://example.org/2026/03/bridge-clash"
    server.routes["/news/tracked?utm=feed"] = lambda h, n: reply(h, 200, page(PARAGRAPHS["one"], canonical))
    server.routes["/news/tracked?utm=mail"] = lambda h, n: reply(h, 200, page(PARAGRAPHS["one"], canonical))
    with fetcher() as client:
        found = list(read_urls(client, [server.url("/news/tracked?utm=feed"), server.url("/news/tracked?utm=mail")]))
    ids = {d.article_id for d in found if isinstance(d, Article)}
    assert ids == {url_article_id(canonical)}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>"""
QUADRATIC = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"a" * 10000 + b'">]><rss version="2.0">'
             b"<channel><title>" + b"&a;" * 1000 + b"</title></channel></rss>")


@pytest.mark.parametrize(("body", "reason"), [
    (BILLION_LAUGHS, "refused: the feed declares XML entities"),  # exponential entity expansion
    (EXTERNAL_ENTITY, "refused: the feed declares XML entities"),  # reads a local file
    (QUADRATIC, "refused: the feed declares XML entities"),  # one big entity repeated
    (b"<html><body><p>Our feed moved.</p><br></body></html>", "not an RSS or Atom feed: not XML"),
    (b'{"items": [{"title": "Rebels fled"}]}', "not an RSS or Atom feed: not XML"),
    (b"Rebels fled the town on Monday.", "not an RSS or Atom feed: not XML"),
    (b'<?xml version="1.0"?><catalog><book>Rebels</book></catalog>', "no <rss>, <feed> or <rdf:RDF> root"),
    (b"   ", "empty response"),
])
def test_feeds_that_are_not_feeds_or_are_bombs_are_refused(server: Loopback, body: bytes, reason: str) -> None:
    server.routes["/bad.xml"] = lambda h, n: reply(h, 200, body, {"Content-Type": "application/xml"})
    with fetcher() as client:
        documents = list(read_feed(client, server.url("/bad.xml")))
    assert len(documents) == 1 and isinstance(documents[0], ReadFailure)
    assert documents[0].document == server.url("/bad.xml") and reason in documents[0].reason


def test_parse_feed_reads_atom_and_rss() -> None:
    atom = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>'
            b'<entry><title>Clash</title><link href="http://127.0.0.1/a"/><id>a</id>'
            b"<updated>2026-03-02T08:00:00Z</updated></entry></feed>")
    entries = parse_feed(atom)
    assert isinstance(entries, list) and entries[0]["link"] == "http://127.0.0.1/a"
    assert isinstance(parse_feed(rss("http://127.0.0.1", ["one", "two"])), list)


def test_a_failing_item_is_one_failure_and_the_others_still_come(server: Loopback) -> None:
    server.routes["/feed.xml"] = lambda h, n: reply(h, 200, rss(server.base, ["one", "missing", "two"]))
    with fetcher() as client:
        documents = list(read_feed(client, server.url("/feed.xml")))
    assert [type(d).__name__ for d in documents] == ["Article", "ReadFailure", "Article"]
    failure = documents[1]
    assert isinstance(failure, ReadFailure)
    assert failure.document == server.url("/news/missing") and failure.reason == "HTTP 404 Not Found"


def test_an_unreachable_feed_is_one_failure(server: Loopback) -> None:
    with fetcher() as client:
        documents = list(read_feed(client, server.url("/nowhere.xml")))
    assert documents == [ReadFailure(server.url("/nowhere.xml"), "HTTP 404 Not Found")]


@pytest.mark.parametrize(("item", "expected"), [
    ("<description>Police dispersed students near the square on Monday.</description>",
     "Police dispersed students near the square on Monday."),
    ("<description>&lt;p&gt;Rebels attacked a convoy on the road.&lt;/p&gt;</description>",
     "Rebels attacked a convoy on the road."),
    ("<title>Curfew</title><description>A curfew was declared after the clashes.</description>",
     "A curfew was declared after the clashes."),
])
def test_items_without_a_link_are_read_from_the_feed_itself(server: Loopback, item: str, expected: str) -> None:
    body = f'<rss version="2.0"><channel><title>W</title><item>{item}</item></channel></rss>'.encode()
    server.routes["/inline.xml"] = lambda h, n: reply(h, 200, body)
    with fetcher() as client:
        documents = list(read_feed(client, server.url("/inline.xml")))
    assert len(documents) == 1 and isinstance(documents[0], Article)
    assert documents[0].text == expected and documents[0].article_id.startswith("doc-")


# -- an item's identity: its GUID (scoped by the feed) when it has no link -------------------------------------

@pytest.mark.parametrize(("feed", "guid"), [
    ('<rss version="2.0"><channel><title>W</title><item><guid isPermaLink="false">story-42</guid>'
     "<description>{text}</description></item></channel></rss>", "story-42"),
    ('<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><id>urn:uuid:1225c695-cfb8</id>'
     "<title>Clash</title><updated>2026-03-02T08:00:00Z</updated><summary>{text}</summary></entry></feed>",
     "urn:uuid:1225c695-cfb8"),
])
def test_an_item_without_a_link_is_known_by_its_guid_within_its_feed(server: Loopback, feed: str,
                                                                      guid: str) -> None:
    texts = ["Police dispersed students near the square on Monday.",
             "Police dispersed students near the square on Monday; two were arrested."]  # the item, then edited
    ids = []
    for text in texts:
        server.routes["/inline.xml"] = lambda h, n, t=text: reply(h, 200, feed.format(text=t).encode())
        server.routes["/other.xml"] = server.routes["/inline.xml"]
        with fetcher() as client:
            found = list(read_feed(client, server.url("/inline.xml"))) + list(read_feed(client,
                                                                                        server.url("/other.xml")))
        assert all(isinstance(d, Article) for d in found) and found[0].text == text
        ids.append([d.article_id for d in found if isinstance(d, Article)])
    assert ids[0] == ids[1]  # the edited item is the same article
    assert ids[0][0] == item_article_id(server.url("/inline.xml"), guid)
    assert ids[0][0] != ids[0][1]  # the same GUID in another feed is another item


# -- relative links, resolved against the feed's URL (or its xml:base) ---------------------------------------

def test_relative_item_links_are_resolved_against_the_feed(server: Loopback) -> None:
    server.routes["/feeds/wire.xml"] = lambda h, n: reply(h, 200, (
        b'<rss version="2.0"><channel><title>W</title><item><link>/news/one</link></item>'
        b"<item><link>../news/two</link></item></channel></rss>"))
    server.routes["/feeds/atom.xml"] = lambda h, n: reply(h, 200, (
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{server.base}/news/"><title>W</title>'
        '<entry><id>t</id><title>T</title><link href="three"/><updated>2026-03-02T08:00:00Z</updated></entry>'
        "</feed>").encode())
    with fetcher() as client:
        found = [*read_feed(client, server.url("/feeds/wire.xml")), *read_feed(client, server.url("/feeds/atom.xml"))]
    assert [d.url for d in found if isinstance(d, Article)] == [server.url(f"/news/{n}") for n in PARAGRAPHS], found


# -- a feed longer than max_items: cut, and said so -------------------------------------------------------

def test_a_feed_cut_at_max_items_says_how_many_were_skipped(server: Loopback) -> None:
    body = ('<rss version="2.0"><channel><title>W</title>' + "".join(
        f"<item><guid isPermaLink=\"false\">i{i}</guid><description>Rebels fled the town, report {i}.</description>"
        "</item>" for i in range(7)) + "</channel></rss>").encode()
    server.routes["/big.xml"] = lambda h, n: reply(h, 200, body)
    notes: list[tuple[str, str]] = []
    with fetcher() as client:
        found = list(read_feed(client, server.url("/big.xml"), max_items=5,
                               note=lambda document, message: notes.append((document, message))))
    assert len(found) == 5
    assert notes == [(server.url("/big.xml"), "2 of its 7 items skipped (max_items = 5)")]


def test_a_guid_that_is_no_url_is_an_identity_not_a_link(server: Loopback) -> None:
    body = (b'<rss version="2.0"><channel><title>W</title><item><guid>story-42</guid>'
            b"<description>Police dispersed students near the square on Monday.</description></item>"
            b"</channel></rss>")  # no isPermaLink="false": feedparser takes the guid for a link
    server.routes["/feeds/wire.xml"] = lambda h, n: reply(h, 200, body)
    with fetcher() as client:
        found = list(read_feed(client, server.url("/feeds/wire.xml")))
    assert len(found) == 1 and isinstance(found[0], Article)
    assert found[0].article_id == item_article_id(server.url("/feeds/wire.xml"), "story-42")
    assert server.count("/feeds/story-42") == 0


# -- the outlet: an explicit name, else the item's or the page's own, else the feed's title, else the host ------

def sited(body: str, site: str) -> bytes:
    return page(body).replace(b"</head>", f'<meta property="og:site_name" content="{site}"></head>'.encode())


@pytest.mark.parametrize(("given", "expected"), [
    (None, ["Sahel Daily", "Wire", "Wire"]),  # the page's site name, else the channel's title
    ("Given Name", ["Given Name", "Given Name", "Given Name"]),  # a name given explicitly wins over both
])
def test_feed_articles_name_their_outlet_and_an_explicit_name_wins(server: Loopback, given: str | None,
                                                                    expected: list[str]) -> None:
    server.routes["/news/one"] = lambda h, n: reply(h, 200, sited(PARAGRAPHS["one"], "Sahel Daily"))
    server.routes["/feed.xml"] = lambda h, n: reply(h, 200, rss(server.base, list(PARAGRAPHS)))
    with fetcher() as client:
        found = list(read_feed(client, server.url("/feed.xml"), source=given))
    assert [d.source for d in found if isinstance(d, Article)] == expected


@pytest.mark.parametrize(("read", "expected"), [
    (lambda client, url, given: read_urls(client, [url], source=given), ["Sahel Daily", "127.0.0.1"]),
    (lambda client, url, given: read_url(client, url, source=given), ["Sahel Daily", "127.0.0.1"]),
])
@pytest.mark.parametrize("given", [None, "Given Name"])
def test_pages_name_their_site_else_their_host_and_an_explicit_name_wins(
        server: Loopback, read: Callable[[Fetcher, str, str | None], Iterator[Document]], expected: list[str],
        given: str | None) -> None:
    server.routes["/news/one"] = lambda h, n: reply(h, 200, sited(PARAGRAPHS["one"], "Sahel Daily"))
    with fetcher() as client:
        found = [d for path in ("/news/one", "/news/two") for d in read(client, server.url(path), given)]
    assert [d.source for d in found if isinstance(d, Article)] == ([given] * 2 if given else expected)


@pytest.mark.parametrize(("content_type", "body", "kind"), [
    ("application/rss+xml", b"<rss version='2.0'/>", "feed"),
    ("text/html", b"\xef\xbb\xbf<?xml version='1.0'?><!-- a feed --><rss version='2.0'/>", "feed"),
    ("text/plain", "<?xml version='1.0' encoding='utf-16'?><feed xmlns='http://www.w3.org/2005/Atom'/>".encode(
        "utf-16"), "feed"),
    ("", b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>", "feed"),
    ("application/xml", b"<!DOCTYPE html><html><body>A page</body></html>", "page"),
    ("text/html", b"", "page"),
    ("", b"  <html><body>A page</body></html>", "page"),
    ("application/octet-stream", b"\x89PNG\r\n", "neither a web page nor an RSS or Atom feed (Content-Type: "
                                                 "application/octet-stream)"),
    ("", b"Rebels fled.", "neither a web page nor an RSS or Atom feed (Content-Type: none)"),
])
def test_a_url_is_a_feed_or_a_page_by_its_body_then_its_content_type(content_type: str, body: bytes,
                                                                      kind: str) -> None:
    answer = Response("http://127.0.0.1/x", "http://127.0.0.1/x", 200, body, content_type)
    assert kind_of(answer) == kind
