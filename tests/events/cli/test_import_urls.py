"""`events import URL`: pages and feeds named on the command line, told apart by what the server answers and
imported as a sources file imports them (the same fetcher, validators, failures and run record), beside paths in
the same command. Every server is a loopback one started here (tests/test_network_guard.py)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main
from events.ingest.fetch import FetchPolicy
from tests.events.ingest.loopback import Loopback, reply, serve

CLASH = "Soldiers clashed with rebels near Gao on Monday, killing five fighters, the army said."
ATTACK = "Gunmen attacked villagers in Mopti on Sunday, killing three civilians, residents said."
PROTEST = "Students protested in Bamako on Saturday against the closure of the university, witnesses said."
FILLER = "Residents said the market reopened later in the week and schools stayed closed until further notice."
HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def sql(db: Path, query: str) -> str:
    result = run("sql", query, "--db", str(db), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The policy of every URL import, without its waits: retries stay, the backoff and politeness sleep 0 s."""
    monkeypatch.setattr("events.ingest.urls.policy", lambda: replace(FetchPolicy(), backoff=0.0, politeness=0.0))


@pytest.fixture
def server() -> Iterator[Loopback]:
    with serve() as running:
        yield running


def page(text: str, head: str = "") -> bytes:
    return (f"<html><head><title>A report</title>{head}</head><body><article><h1>A report</h1><p>{text}</p>"
            f"<p>{FILLER}</p></article></body></html>").encode()


def serves(body: bytes, content_type: str | None = None, *, etag: str | None = None) -> Callable[..., None]:
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        if etag and handler.headers.get("If-None-Match") == etag:
            reply(handler, 304)
            return
        headers = {"Content-Type": content_type} if content_type else {}
        reply(handler, 200, body, {**headers, **({"ETag": etag} if etag else {})})
    return route


def rss(items: str, title: str | None = "Sahel Wire") -> bytes:
    channel = f"<title>{title}</title>" if title is not None else ""
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{channel}{items}</channel>'
            "</rss>").encode()


def linked(server: Loopback, *paths: str) -> str:
    return "".join(f"<item><title>Item</title><link>{server.url(p)}</link></item>" for p in paths)


def closed_port() -> int:
    """A port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- a page or a feed, by the answer; the site's name as the articles' source ----------------------------------

@dataclass(frozen=True)
class Served:
    routes: Callable[[Loopback], dict[str, Callable[..., None]]]
    url: str  # the path given on the command line
    line: str  # the run's line on standard output
    rows: Callable[[Loopback], list[tuple[str, str]]]  # (url, source) of each article, by url


SERVED = {
    "a page, its og:site_name": Served(
        lambda s: {"/news/clash": serves(page(CLASH, '<meta property="og:site_name" content="Sahel Daily">'), HTML)},
        "/news/clash", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/clash"), "Sahel Daily")]),
    "a page with no site name: the host": Served(
        lambda s: {"/news/clash": serves(page(CLASH), HTML)},
        "/news/clash", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/clash"), "127.0.0.1")]),
    "a page naming its canonical URL: that site": Served(
        lambda s: {"/news/clash?utm=mail": serves(page(
            CLASH, '<link rel="canonical" href="https://www.example.org/2026/03/clash">'), HTML)},
        "/news/clash?utm=mail", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [("https://www.example.org/2026/03/clash", "example.org")]),
    "an HTML page served as text/plain": Served(
        lambda s: {"/news/clash": serves(page(CLASH), "text/plain")},
        "/news/clash", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/clash"), "127.0.0.1")]),
    "an RSS feed: its items' pages, named by the channel": Served(
        lambda s: {"/rss": serves(rss(linked(s, "/news/clash", "/news/attack")), RSS),
                   "/news/clash": serves(page(CLASH), HTML), "/news/attack": serves(page(ATTACK), HTML)},
        "/rss", "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/attack"), "Sahel Wire"), (s.url("/news/clash"), "Sahel Wire")]),
    "an item's page naming its site: that site": Served(
        lambda s: {"/rss": serves(rss(linked(s, "/news/clash", "/news/attack")), RSS),
                   "/news/clash": serves(page(CLASH, '<meta property="og:site_name" content="Gao Times">'), HTML),
                   "/news/attack": serves(page(ATTACK), HTML)},
        "/rss", "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/attack"), "Sahel Wire"), (s.url("/news/clash"), "Gao Times")]),
    "an RSS item naming its source: that source": Served(
        lambda s: {"/rss": serves(rss(f"<item><title>Item</title><link>{s.url('/news/clash')}</link>"
                                      "<source url=\"https://agency.example.org/rss\">Agence Example</source></item>"),
                                  RSS),
                   "/news/clash": serves(page(CLASH), HTML)},
        "/rss", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/clash"), "Agence Example")]),
    "RSS served as text/html: sniffed": Served(
        lambda s: {"/feed": serves(rss(linked(s, "/news/clash")), HTML), "/news/clash": serves(page(CLASH), HTML)},
        "/feed", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/clash"), "Sahel Wire")]),
    "RSS with no content type and no title: sniffed, the host": Served(
        lambda s: {"/feed": serves(rss(linked(s, "/news/clash"), title=None)), "/news/clash": serves(page(CLASH))},
        "/feed", "1 document: 1 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [(s.url("/news/clash"), "127.0.0.1")]),
    "Atom as application/xml, its text inline: the feed's title": Served(
        lambda s: {"/atom": serves((
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Mali Monitor</title>'
            f"<entry><id>urn:m:1</id><title>Clash</title><content>{CLASH}</content></entry>"
            f"<entry><id>urn:m:2</id><title>Protest</title><content>{PROTEST}</content></entry></feed>").encode(),
            "application/xml")},
        "/atom", "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed",
        lambda s: [("", "Mali Monitor"), ("", "Mali Monitor")]),
}


@pytest.mark.parametrize("case", SERVED.values(), ids=SERVED.keys())
def test_a_url_is_a_page_or_a_feed_by_its_answer_and_its_articles_name_their_site(
        tmp_path: Path, server: Loopback, case: Served) -> None:
    server.routes.update(case.routes(server))
    db = tmp_path / "events.duckdb"
    result = run("import", server.url(case.url), "--published-at", "2026-03-02", "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (0, case.line + "\n", "")
    expected = "".join(f"{url},{source}\n" for url, source in case.rows(server))
    assert sql(db, "SELECT coalesce(url, '') AS url, source FROM articles ORDER BY url, article_id") == (
        "url,source\n" + expected)
    sources = sorted({source for _, source in case.rows(server)})
    assert sql(db, "SELECT DISTINCT source FROM events_acled ORDER BY source") == (
        "source\n" + "".join(f"{s}\n" for s in sources))  # never empty in the analyst's view


# -- paths and URLs in one command: one line per failure, the others imported ----------------------------------

def test_paths_and_urls_mix_and_each_failure_is_one_line_naming_it(tmp_path: Path, server: Loopback) -> None:
    server.routes.update({"/news/clash": serves(page(CLASH), HTML),
                          "/rss": serves(rss(linked(server, "/news/attack", "/news/protest")), RSS),
                          "/news/attack": serves(page(ATTACK), HTML), "/news/protest": serves(page(PROTEST), HTML)})
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "n-1", "published_at": "2026-03-02", "text": CLASH.replace("Gao", "Kidal")})
                    + "\n")
    offline = f"http://127.0.0.1:{closed_port()}/news"
    args = [str(news), server.url("/news/clash"), "ftp://example.org/feed.xml", "file:///etc/passwd",
            server.url("/gone"), offline, str(tmp_path / "missing.txt"), server.url("/rss")]
    db = tmp_path / "events.duckdb"
    result = run("import", *args, "--published-at", "2026-03-02", "--db", str(db))
    assert result.exit_code == 1
    assert result.stdout == "9 documents: 4 new, 0 updated, 0 unchanged, 5 failed\n"
    assert result.stderr == (
        "Error: ftp://example.org/feed.xml: refused: only http and https URLs are fetched ('ftp://')\n"
        "Error: file:///etc/passwd: refused: only http and https URLs are fetched ('file://')\n"
        f"Error: {server.url('/gone')}: HTTP 404 Not Found\n"
        f"Error: {offline}: cannot connect: [Errno 111] Connection refused (after 4 attempts)\n"
        f"Error: {tmp_path}/missing.txt: no such file or directory\n")
    assert sql(db, "SELECT source, seen, new, failed, status FROM import_runs") == (
        f"source,seen,new,failed,status\n{' '.join(args)},9,4,5,partial\n")
    assert sql(db, "SELECT count(*) AS n FROM articles") == "n\n4\n"


def test_a_url_imported_again_costs_one_304(tmp_path: Path, server: Loopback) -> None:
    server.routes.update({"/rss": serves(rss(linked(server, "/news/clash")), RSS, etag='"f1"'),
                          "/news/clash": serves(page(CLASH), HTML, etag='"p1"'),
                          "/news/attack": serves(page(ATTACK), HTML, etag='"p2"')})
    db = tmp_path / "events.duckdb"
    urls = [server.url("/rss"), server.url("/news/attack")]
    first = run("import", *urls, "--published-at", "2026-03-02", "--db", str(db))
    assert (first.exit_code, first.stdout) == (0, "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed\n")
    again = run("import", *urls, "--published-at", "2026-03-02", "--db", str(db))
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "0 documents: 0 new, 0 updated, 0 unchanged, 0 failed\n", "")
    assert [server.count(p) for p in ("/rss", "/news/clash", "/news/attack")] == [2, 1, 2]
    assert [r.headers.get("if-none-match") for r in server.requests if r.path == "/rss"] == [None, '"f1"']


BOMB = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss version=\"2.0\"><channel><title>&b;</title></channel></rss>")


def redirect(to: str) -> Callable[..., None]:
    return lambda handler, before: reply(handler, 302, headers={"Location": to})


BAD = {
    "an XML bomb served as a feed": (serves(BOMB, RSS),
                                     "refused: the feed declares XML entities (EntitiesForbidden), as XML bombs do"),
    "an XML bomb sniffed": (serves(BOMB, "text/xml"),
                            "refused: the feed declares XML entities (EntitiesForbidden), as XML bombs do"),
    "XML that is no feed": (serves(b'<?xml version="1.0"?><catalog><book>Rebels</book></catalog>', RSS),
                            "not an RSS or Atom feed: XML, but no <rss>, <feed> or <rdf:RDF> root"),
    "a PDF": (serves(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
              "neither a web page nor an RSS or Atom feed (Content-Type: application/pdf)"),
    "plain text": (serves(CLASH.encode(), "text/plain"),
                   "neither a web page nor an RSS or Atom feed (Content-Type: text/plain)"),
    "an empty page": (serves(b"", HTML), "empty page"),
    "a redirect to ftp": (redirect("ftp://example.org/x"),
                          "ftp://example.org/x: refused: only http and https URLs are fetched ('ftp://')"),
    # Connection: close, else the server thread may read the next request from a socket the client reset, and
    # print that error on the stderr the CliRunner captures
    "a server that keeps failing": (lambda h, n: reply(h, 503, b"busy", {"Connection": "close"}),
                                    "HTTP 503 Service Unavailable (after 4 attempts)"),
    "a body over the size cap": (lambda h, n: reply(h, 200, b"", {"Content-Length": str(11 * 1024 * 1024)}),
                                 "response is 11.0 MB, over the 10 MB limit"),
}


@pytest.mark.parametrize(("route", "reason"), BAD.values(), ids=BAD.keys())
def test_a_bad_answer_is_one_line_and_the_other_arguments_go_in(tmp_path: Path, server: Loopback,
                                                                 route: Callable[..., None], reason: str) -> None:
    server.routes.update({"/bad": route, "/news/clash": serves(page(CLASH), HTML)})
    db = tmp_path / "events.duckdb"
    result = run("import", server.url("/bad"), server.url("/news/clash"), "--published-at", "2026-03-02",
                 "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "2 documents: 1 new, 0 updated, 0 unchanged, 1 failed\n", f"Error: {server.url('/bad')}: {reason}\n")


def test_a_feed_longer_than_max_items_is_cut_with_a_warning(tmp_path: Path, server: Loopback) -> None:
    items = "".join(f'<item><guid isPermaLink="false">g{i}</guid><title>T</title><description>{PROTEST}'
                    "</description></item>" for i in range(502))
    server.routes["/rss"] = serves(rss(items), RSS)
    db = tmp_path / "events.duckdb"
    result = run("import", server.url("/rss"), "--published-at", "2026-03-02", "--db", str(db))
    assert (result.exit_code, result.stdout) == (0, "500 documents: 500 new, 0 updated, 0 unchanged, 0 failed\n")
    assert result.stderr == f"Warning: {server.url('/rss')}: 2 of its 502 items skipped (max_items = 500)\n"
    assert sql(db, "SELECT document, message FROM import_warnings") == (
        f"document,message\n{server.url('/rss')},2 of its 502 items skipped (max_items = 500)\n")


def test_a_csv_file_and_a_url_in_one_command(tmp_path: Path, server: Loopback) -> None:
    server.routes["/news/clash"] = serves(page(CLASH), HTML)
    sheet = tmp_path / "notes.csv"
    sheet.write_text(f'ref,notes\nA-1,"{ATTACK}"\n', encoding="utf-8")
    db = tmp_path / "events.duckdb"
    result = run("import", str(sheet), server.url("/news/clash"), "--text-column", "notes", "--id-column", "ref",
                 "--published-at", "2026-03-02", "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed\n", "")
    assert sql(db, "SELECT article_id = 'A-1' AS from_csv, url FROM articles ORDER BY from_csv") == (
        f"from_csv,url\nFalse,{server.url('/news/clash')}\nTrue,\n")


def test_the_cluster_engine_says_it_reads_no_urls(tmp_path: Path) -> None:
    result = run("import", "https://example.org/rss", "--engine", "dask", "--parquet-out", str(tmp_path / "out"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: --engine dask reads files only: import https://example.org/rss with --engine local")


def test_a_sources_files_feeds_and_urls_name_their_site_too(tmp_path: Path, server: Loopback) -> None:
    server.routes.update({"/rss": serves(rss(linked(server, "/news/clash")), RSS),
                          "/news/clash": serves(page(CLASH), HTML), "/news/attack": serves(page(ATTACK), HTML)})
    (tmp_path / "sources.toml").write_text(
        f'[[source]]\nname = "wire"\nkind = "feed"\nurl = "{server.url("/rss")}"\n'
        f'options = {{ published_at = 2026-03-02, politeness = 0 }}\n'
        f'[[source]]\nname = "page"\nkind = "url"\nurl = "{server.url("/news/attack")}"\n'
        f'options = {{ published_at = 2026-03-02, politeness = 0 }}\n', encoding="utf-8")
    db = tmp_path / "events.duckdb"
    result = run("import", "--sources", str(tmp_path / "sources.toml"), "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")
    assert sql(db, "SELECT url, source FROM articles ORDER BY url") == (
        f"url,source\n{server.url('/news/attack')},127.0.0.1\n{server.url('/news/clash')},Sahel Wire\n")
    assert sql(db, "SELECT count(*) AS unnamed FROM events_acled WHERE coalesce(source, '') = ''") == "unnamed\n0\n"
