"""An article's identity and when it is extracted again, through the `events` command: one article per canonical
URL, else per file (its resolved path), an edit supersedes; a change of anything the extraction reads besides the
text (a publication date, a title, a source, a URL) re-extracts; and a database written by an earlier version, which
identified files otherwise, converges on these ids instead of keeping its articles beside the new ones."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main
from events.ingest.importer import import_documents
from events.ingest.readers import read_documents
from events.store import db as store_db
from events.store.db import Store
from events.store.identity import Predecessors, file_article_id
from schemas import Article
from tests.events.ingest.loopback import Loopback, reply, serve

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
PROTEST = "Hundreds of students protested in Southport on Tuesday."
ATTACK = "Rebels attacked a village near Northtown, and 3 civilians were killed."


@pytest.fixture(autouse=True)
def fake_pipeline_for_the_cli(monkeypatch: pytest.MonkeyPatch, make_pipeline: type[FakePipeline]) -> None:
    """`events import` extracts with the fake pipeline (tests/conftest.py): its events are dated with the article's
    publication date and their ids follow the article's id."""
    import events.pipeline

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))


def events_cli(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def rows(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def counts(db: Path) -> tuple[int, int, int]:
    """(articles, events, superseded events)"""
    found = rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                     "(SELECT count(*) FROM events_superseded)")[0]
    return found[0], found[1], found[2]


NEW = "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n"
UPDATED = "1 document: 0 new, 1 updated, 0 unchanged, 0 failed\n"
UNCHANGED = "1 document: 0 new, 0 updated, 1 unchanged, 0 failed\n"


# -- a file is one article, and an edit supersedes -----------------------------------------------------------

PAGE = "<html><head><title>Clash</title></head><body><article><p>{}</p><p>{}</p></article></body></html>"


@pytest.mark.parametrize(("name", "before", "after"), [
    ("story.txt", f"{CLASH}\n", f"{CLASH} {PROTEST}\n"),
    ("story.md", f"# Clash\n\n{CLASH}\n", f"# Clash\n\n{CLASH}\n\n{ATTACK}\n"),
    ("story.html", PAGE.format(CLASH, PROTEST), PAGE.format(CLASH, ATTACK)),  # no canonical URL: its path
], ids=["txt", "md", "html"])
def test_an_edited_file_is_updated_and_its_old_events_superseded(tmp_path: Path, name: str, before: str,
                                                                 after: str) -> None:
    story, db = tmp_path / name, str(tmp_path / "e.duckdb")
    story.write_text(before, encoding="utf-8")
    dated = ("--published-at", "2026-03-02")  # the edit of the text alone is what changes
    first = events_cli("import", str(story), *dated, "--db", db)
    assert (first.exit_code, first.stdout, first.stderr) == (0, NEW, "")
    old_events = rows(Path(db), "SELECT event_id FROM events ORDER BY event_id")
    story.write_text(after, encoding="utf-8")
    edited = events_cli("import", str(story), *dated, "--db", db)
    assert (edited.exit_code, edited.stdout, edited.stderr) == (0, UPDATED, "")
    [(article_id, text)] = rows(Path(db), "SELECT article_id, text FROM articles")
    assert "attacked" in text or "protested" in text
    assert rows(Path(db), "SELECT DISTINCT article_id FROM events") == [(article_id,)]
    assert rows(Path(db), "SELECT event_id FROM events_superseded ORDER BY event_id") == old_events
    assert rows(Path(db), "SELECT DISTINCT article_id FROM events_superseded") == [(article_id,)]
    again = events_cli("import", str(story), *dated, "--db", db)
    assert again.stdout == UNCHANGED


def test_an_edited_file_in_a_watched_folder_supersedes_its_article(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    story = tmp_path / "inbox" / "story.txt"
    story.write_text(f"{CLASH}\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "inbox"\nkind = "folder"\npath = "inbox"\n',
                                           encoding="utf-8")
    scheduled = ["import", "--sources", str(tmp_path / "sources.toml"), "--db", str(tmp_path / "e.duckdb")]
    assert events_cli(*scheduled).stdout == "inbox: " + NEW
    story.write_text(f"{CLASH} {ATTACK}\n", encoding="utf-8")
    assert events_cli(*scheduled).stdout == "inbox: " + UPDATED
    assert events_cli(*scheduled).stdout == "inbox: " + UNCHANGED
    assert counts(tmp_path / "e.duckdb") == (1, 2, 1)


def test_one_file_by_two_paths_is_one_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(CLASH, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert events_cli("import", "news/a.txt", "--db", "e.duckdb").stdout == NEW
    assert events_cli("import", "./news/../news/a.txt", "--db", "e.duckdb").stdout == UNCHANGED
    assert events_cli("import", str(tmp_path / "news"), "--db", "e.duckdb").stdout == UNCHANGED
    (tmp_path / "linked").symlink_to(tmp_path / "news")
    assert events_cli("import", "linked/a.txt", "--db", "e.duckdb").stdout == UNCHANGED
    assert counts(Path("e.duckdb")) == (1, 1, 0)


def test_two_files_with_the_same_text_are_two_articles(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(CLASH, encoding="utf-8")
    db = str(tmp_path / "e.duckdb")
    result = events_cli("import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db)
    assert result.stdout == "2 documents: 2 new, 0 updated, 0 unchanged, 0 failed\n"
    assert counts(Path(db)) == (2, 2, 0)


CANONICAL = "https://example.org/2026/03/bridge-clash"


def canonical_page(text: str, canonical: str = CANONICAL) -> str:
    return (f'<html><head><title>Bridge clash</title><link rel="canonical" href="{canonical}"></head>'
            f"<body><article><h1>Bridge clash</h1><p>{text}</p><p>{text}</p></article></body></html>")


@pytest.fixture
def wire(tmp_path: Path) -> Iterator[tuple[Loopback, Path]]:
    """A feed on loopback whose one item is the page of CANONICAL, and a sources file naming it."""
    with serve() as server:
        server.routes["/news/clash"] = lambda h, n: reply(h, 200, canonical_page(CLASH).encode(),
                                                          {"Content-Type": "text/html; charset=utf-8"})
        server.routes["/rss"] = lambda h, n: reply(h, 200, (
            '<rss version="2.0"><channel><title>Wire</title><item><title>Bridge clash</title>'
            "<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate>"
            f"<link>{server.url('/news/clash')}</link></item></channel></rss>").encode())
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "wire"\nkind = "feed"\nurl = "{server.url("/rss")}"\n',
                           encoding="utf-8")
        yield server, sources


@pytest.mark.parametrize("file_first", [False, True], ids=["feed then file", "file then feed"])
def test_a_page_from_a_feed_and_saved_as_a_file_is_one_article(tmp_path: Path, wire: tuple[Loopback, Path],
                                                               file_first: bool) -> None:
    _, sources = wire
    saved = tmp_path / "saved" / "bridge-clash.html"
    saved.parent.mkdir()
    saved.write_text(canonical_page(CLASH), encoding="utf-8")
    db = str(tmp_path / "e.duckdb")
    feed = ["import", "--sources", str(sources), "--db", db]
    # saved with what the feed says of it (its date, its outlet), so that only the identity is in question
    file = ["import", str(saved.parent), "--published-at", "2026-03-02", "--source", "Wire", "--db", db]
    first, second = (file, feed) if file_first else (feed, file)
    assert events_cli(*first).exit_code == 0
    result = events_cli(*second)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith(UNCHANGED), result.stdout
    assert counts(Path(db)) == (1, 1, 0)
    assert rows(Path(db), "SELECT url FROM articles") == [(CANONICAL,)]


def test_a_file_whose_canonical_url_changes_replaces_its_article(tmp_path: Path) -> None:
    saved, db = tmp_path / "clash.html", str(tmp_path / "e.duckdb")
    saved.write_text(canonical_page(CLASH), encoding="utf-8")
    assert events_cli("import", str(saved), "--db", db).stdout == NEW
    moved = "https://example.org/2026/03/bridge-clash-updated"
    saved.write_text(canonical_page(CLASH, moved), encoding="utf-8")
    assert events_cli("import", str(saved), "--db", db).stdout == UPDATED
    assert rows(Path(db), "SELECT url FROM articles") == [(moved,)]
    assert counts(Path(db)) == (1, 1, 1)
    saved.write_text(PAGE.format(CLASH, PROTEST), encoding="utf-8")  # no canonical URL any more: its path
    assert events_cli("import", str(saved), "--db", db).stdout == UPDATED
    assert counts(Path(db)) == (1, 2, 2)


# -- what the extraction reads besides the text: a change re-extracts ------------------------------------------

def test_importing_again_with_a_publication_date_dates_the_events(tmp_path: Path) -> None:
    story, db = tmp_path / "story.txt", str(tmp_path / "e.duckdb")
    story.write_text(f"Clash near Northtown\n\n{CLASH}\n", encoding="utf-8")
    modified = datetime(2026, 2, 20, 12, 0).timestamp()
    os.utime(story, (modified, modified))
    assert events_cli("import", str(story), "--db", db).stdout == NEW  # dated by the file's modification time
    assert rows(Path(db), "SELECT event_date FROM events") == [(date(2026, 2, 20),)]
    dated = events_cli("import", str(story), "--published-at", "2026-03-02", "--db", db)
    assert (dated.exit_code, dated.stdout, dated.stderr) == (0, UPDATED, "")
    assert rows(Path(db), "SELECT event_date FROM events") == [(date(2026, 3, 2),)]
    assert rows(Path(db), "SELECT event_date FROM events_superseded") == [(date(2026, 2, 20),)]
    assert events_cli("import", str(story), "--published-at", "2026-03-02", "--db", db).stdout == UNCHANGED
    redated = events_cli("import", str(story), "--published-at", "2026-03-03", "--db", db)
    assert redated.stdout == UPDATED
    assert rows(Path(db), "SELECT event_date FROM events") == [(date(2026, 3, 3),)]


RECORD = {"id": "wire-1", "text": CLASH, "title": "Clash", "published_at": "2026-03-02", "url": "https://x.test/1",
          "source": "Wire", "author": "A. Writer"}


@pytest.mark.parametrize(("field", "value", "outcome"), [
    ("published_at", "2026-03-03", "updated"),
    ("published_at", None, "updated"),
    ("title", "Clash near Northtown", "updated"),
    ("source", "Daily Example", "updated"),
    ("url", "https://x.test/2026/1", "updated"),
    ("author", "B. Writer", "unchanged"),  # shown with the article, never read by the extraction
], ids=["date", "no date", "title", "source", "url", "author"])
def test_a_record_whose_extraction_inputs_change_is_extracted_again(tmp_path: Path, field: str, value: str | None,
                                                                    outcome: str) -> None:
    news, db = tmp_path / "news.jsonl", str(tmp_path / "e.duckdb")
    news.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    assert events_cli("import", str(news), "--db", db).stdout == NEW
    changed = {k: v for k, v in {**RECORD, field: value}.items() if v is not None}
    news.write_text("\n" + json.dumps(changed) + "\n", encoding="utf-8")  # one line down: its origin is no input
    result = events_cli("import", str(news), "--db", db)
    assert result.stdout == {"updated": UPDATED, "unchanged": UNCHANGED}[outcome]
    assert counts(Path(db)) == (1, 1, 1 if outcome == "updated" else 0)


def test_every_article_field_is_an_extraction_input_or_said_not_to_be() -> None:
    """The one place that decides what re-extracts an article (events.store.db) keeps up with schemas.Article: a
    field added there fails here until it is placed, and an input must be a column of `articles` to compare."""
    inputs, others = store_db.EXTRACTION_INPUTS, store_db.NOT_EXTRACTION_INPUTS
    assert set(Article.model_fields) == {"article_id", "text", *inputs, *others}
    assert not set(inputs) & set(others)
    with Store.open(":memory:") as store:
        columns = {row[0] for row in store.query("SELECT column_name FROM duckdb_columns() "
                                                 "WHERE table_name = 'articles'")[1]}
    assert set(inputs) <= columns


# -- a database of an earlier version converges -----------------------------------------------------------------

def legacy_id(prefix: str, text: str) -> str:
    """How versions up to 1.2 identified a .txt/.md file (`txt-` and its text) and an .html file (`html-` and its
    canonical URL, else its text)."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return prefix + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def url_id(url: str) -> str:
    return legacy_id("url-", url)  # unchanged: a fetched page's, and a record's with a url and no id


@pytest.fixture
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_pipeline: type[FakePipeline], clock: FixedClock,
           make_article: Callable[..., Article]) -> Path:
    """A database as earlier versions left it, run from tmp_path: a.txt (since unchanged), b.txt (since edited),
    page.html (no canonical URL) and saved.html (canonical URL, also fetched from a feed)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    files = {"a.txt": f"{CLASH}\n", "b.txt": f"{PROTEST}\n", "page.html": PAGE.format(ATTACK, ATTACK),
             "saved.html": canonical_page(CLASH)}
    for name, content in files.items():
        (tmp_path / "news" / name).write_text(content, encoding="utf-8")
    stored = [make_article(legacy_id("txt-", files["a.txt"]), files["a.txt"], origin="news/a.txt"),
              make_article(legacy_id("txt-", files["b.txt"]), files["b.txt"], origin="news/b.txt"),
              make_article(legacy_id("html-", f"{ATTACK}\n{ATTACK}"), f"{ATTACK}\n{ATTACK}", origin="news/page.html"),
              make_article(legacy_id("html-", CANONICAL), f"{CLASH}\n{CLASH}", url=CANONICAL,
                           origin="news/saved.html"),
              make_article(url_id(CANONICAL), f"{CLASH}\n{CLASH}", url=CANONICAL, origin="http://127.0.0.1/clash")]
    with monkeypatch.context() as earlier, Store.open(tmp_path / "e.duckdb") as store:
        earlier.setattr(Predecessors, "of", lambda self, article: [])  # earlier versions replaced nothing
        import_documents(store, make_pipeline(), stored, source="an earlier version", now=clock)
    (tmp_path / "news" / "b.txt").write_text(f"{PROTEST} {ATTACK}\n", encoding="utf-8")
    return tmp_path / "e.duckdb"


def test_a_database_of_an_earlier_version_converges_on_the_new_ids(legacy: Path) -> None:
    before = rows(legacy, "SELECT event_id FROM events ORDER BY event_id")
    assert counts(legacy) == (5, 8, 0)
    news = str(legacy.parent / "news")  # stored as "news/a.txt" (the folder it was run in): the same files
    result = events_cli("import", news, "--published-at", "2026-03-02", "--db", str(legacy))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "4 documents: 0 new, 4 updated, 0 unchanged, 0 failed\n"
    # one article per file: a.txt, b.txt, page.html, and saved.html with the page of its canonical URL
    assert counts(legacy) == (4, 5, 8)
    assert rows(legacy, "SELECT event_id FROM events_superseded ORDER BY event_id") == before
    assert rows(legacy, "SELECT article_id FROM articles ORDER BY 1") == sorted(
        [(file_article_id(legacy.parent / "news" / name),) for name in ("a.txt", "b.txt", "page.html")]
        + [(url_id(CANONICAL),)])
    # the old events are the history of the article that replaced theirs
    assert rows(legacy, "SELECT count(*) FROM events_superseded s ANTI JOIN articles a USING (article_id)") == [(0,)]
    again = events_cli("import", "news", "--published-at", "2026-03-02", "--db", str(legacy))
    assert again.stdout == "4 documents: 0 new, 0 updated, 4 unchanged, 0 failed\n"
    assert counts(legacy) == (4, 5, 8)


def test_a_page_fetched_again_replaces_the_file_an_earlier_version_stored_under_its_url(
        legacy: Path, wire: tuple[Loopback, Path]) -> None:
    _, sources = wire
    result = events_cli("import", "--sources", str(sources), "--db", str(legacy))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith(UPDATED), result.stdout
    assert rows(legacy, "SELECT article_id FROM articles WHERE url = ?", CANONICAL) == [(url_id(CANONICAL),)]


def test_merges_and_explanations_follow_the_article_that_replaced_an_earlier_versions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_pipeline: type[FakePipeline], clock: FixedClock,
        make_article: Callable[..., Article]) -> None:
    story, db = tmp_path / "a.txt", tmp_path / "e.duckdb"
    story.write_text(f"{CLASH}\n", encoding="utf-8")
    earlier = make_article(legacy_id("txt-", f"{CLASH}\n"), f"{CLASH}\n", origin=str(story))
    other = make_article("other-1", CLASH, source="Other Wire")  # another outlet's report of the same clash
    with monkeypatch.context() as patched, Store.open(db) as store:
        patched.setattr(Predecessors, "of", lambda self, article: [])
        import_documents(store, make_pipeline(), [earlier, other], source="an earlier version", now=clock)
    merged = ("SELECT k.article_id, m.article_id FROM event_merges JOIN events k ON k.event_id = kept_event_id "
              "JOIN events m ON m.event_id = merged_event_id WHERE undone_at IS NULL")
    assert [set(pair) for pair in rows(db, merged)] == [{"other-1", earlier.article_id}]
    result = events_cli("import", str(story), "--published-at", "2026-03-02", "--db", str(db))
    assert result.stdout == UPDATED
    a = file_article_id(story)
    assert [set(pair) for pair in rows(db, merged)] == [{"other-1", a}]  # merged again, with the new event
    [(event_id,)] = rows(db, "SELECT event_id FROM events WHERE article_id = ?", a)
    explained = events_cli("explain", event_id, "--db", str(db))
    assert (explained.exit_code, explained.stdout.splitlines()[0]) == (0, f"Event {event_id} (article {a})")


def test_an_earlier_versions_article_is_replaced_again_after_a_rollback(legacy: Path,
                                                                        make_pipeline: type[FakePipeline],
                                                                        clock: FixedClock) -> None:
    """The store keeps in memory which articles an article replaces: a rolled back write must not make it forget
    the earlier article it had replaced."""
    [article] = read_documents(["news/a.txt"], published_at=date(2026, 3, 2))
    assert isinstance(article, Article)
    pipeline = make_pipeline()
    with Store.open(legacy) as store:
        store.begin()
        assert store.write_extractions([pipeline.extract(article)], version=pipeline.version, run_id="r1",
                                       now=clock) == ["updated"]
        store.rollback()
        assert store.article_statuses([article], version=pipeline.version) == ["updated"]
        assert store.write_extractions([pipeline.extract(article)], version=pipeline.version, run_id="r2",
                                       now=clock) == ["updated"]
    assert rows(legacy, "SELECT count(*) FROM articles WHERE article_id LIKE 'txt-%'") == [(1,)]  # b.txt's
    assert rows(legacy, "SELECT DISTINCT superseded_by_run FROM events_superseded") == [("r2",)]
