"""Sources files, CSV input, and running sources: incremental, idempotent, recorded, and safe after a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.ingest.feeds import item_article_id
from events.ingest.fetch import Fetcher, FetchPolicy, Validators
from events.ingest.lock import ImportLock, LockError, lock_path
from events.ingest.readers import CsvColumns, ReadFailure, read_csv
from events.ingest.sources import Schedule, Source, load_sources, run_sources
from events.store.db import Store
from schemas import Article, ImportFailure, ImportRun, ImportWarning
from tests.events.ingest.loopback import Loopback, reply, serve, trickling

ROOT = Path(__file__).resolve().parents[3]


def no_wait(policy: FetchPolicy, known: dict[str, Validators]) -> Fetcher:
    quick = replace(policy, retries=0, politeness=0.0)
    return Fetcher.create(quick, validators=known, sleep=lambda s: None, clock=lambda: 0.0)


# -- the sources file -----------------------------------------------------------------------------------------

GOOD = """
[[source]]
name = "wire"
kind = "feed"
url = "http://127.0.0.1:8080/rss"
schedule = "*/15 * * * *"
[source.options]
fetch_items = true
timeout = 5.0

[[source]]
name = "archive"
kind = "folder"
path = "articles"
schedule = "6h"

[[source]]
name = "sheet"
kind = "csv"
paths = ["a.csv", "/data/b.csv"]
options = { text_column = "body", id_column = "ref", date_column = "day" }
"""


def test_a_sources_file_is_read_with_paths_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(GOOD, encoding="utf-8")
    wire, archive, sheet = load_sources(tmp_path / "sources.toml")
    assert (wire.kind, wire.targets, wire.schedule) == ("feed", ("http://127.0.0.1:8080/rss",),
                                                        Schedule("*/15 * * * *", None))
    assert wire.policy().timeout == 5.0
    assert archive.targets == (str(tmp_path / "articles"),) and archive.schedule == Schedule("6h", 21600)
    assert sheet.targets == (str(tmp_path / "a.csv"), "/data/b.csv") and sheet.schedule is None
    assert sheet.options == {"text_column": "body", "id_column": "ref", "date_column": "day"}


@pytest.mark.parametrize(("text", "message"), [
    ('[[source]]\nkind = "feed"\nurl = "http://x/"', "source 1: no 'name'"),
    ('[[source]]\nname = "a"\nkind = "ftp"\npath = "x"', "kind must be one of jsonl, folder, glob, csv, url, feed"),
    ('[[source]]\nname = "a"\nkind = "feed"', "a feed source needs 'url' or 'urls'"),
    ('[[source]]\nname = "a"\nkind = "jsonl"\npath = "x"\nschedule = "whenever"', "neither a cron expression"),
    ('[[source]]\nname = "a"\nkind = "jsonl"\npath = "x"\noptions = { colour = "red" }', "unknown option(s) colour"),
    ('[[source]]\nname = "a"\nkind = "jsonl"\npath = "x"\nevery = "5m"', "unknown key(s) every"),
    ('[[source]]\nname = "a"\nkind = "jsonl"\npath = "x"\n[[source]]\nname = "a"\nkind = "jsonl"\npath = "y"',
     "source names must be unique: a"),
    ("title = 'no sources here'", "no [[source]] entries"),
    ("[[source]\nname = ", "not valid TOML"),
])
def test_mistakes_in_a_sources_file_are_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "sources.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        load_sources(tmp_path / "sources.toml")


@pytest.mark.parametrize(("expression", "after", "expected"), [
    ("15m", "2026-03-04 09:30:00", "2026-03-04 09:45:00"),
    ("every 2h", "2026-03-04 09:30:00", "2026-03-04 11:30:00"),
    ("*/15 * * * *", "2026-03-04 09:31:00", "2026-03-04 09:45:00"),
    ("0 6 * * 1", "2026-03-04 09:30:00", "2026-03-09 06:00:00"),  # ACLED-style weekly, on Mondays
])
def test_schedules_give_the_next_run(expression: str, after: str, expected: str) -> None:
    schedule = Schedule.parse(expression, "test")
    assert schedule.next_after(datetime.fromisoformat(after)) == datetime.fromisoformat(expected)


def test_the_example_sources_file_is_valid() -> None:
    names = [s.name for s in load_sources(ROOT / "scripts" / "scheduling" / "sources.example.toml")]
    assert names == ["wire", "weekly-dump", "inbox"]


# -- CSV ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("csv_text", "columns", "expected"), [
    ("text\nSoldiers clashed with rebels.\n", CsvColumns(), [("doc-", None)]),
    ("ref,body,day\nA-1,Rebels shelled the town.,2026-03-01\n", CsvColumns("body", "ref", "day"),
     [("A-1", "2026-03-01")]),
    ('ref,body\nA-1,"Police, at dawn, protested."\nA-2,\n', CsvColumns("body", "ref"),
     [("A-1", None), "sheet.csv:3: empty 'body' column"]),
    ("ref,body,day\nA-1,Students protested.,last spring\n", CsvColumns("body", "ref", "day"),
     ["sheet.csv:2: bad day 'last spring' (expected a date such as 2026-03-02)"]),
    ("id,content\n1,Rebels fled.\n", CsvColumns("body"), ["sheet.csv: no column 'body' (columns: id, content)"]),
    ("body\n", CsvColumns("body"), ["sheet.csv: no rows after the header"]),
])
def test_csv_rows_become_articles_or_named_failures(tmp_path: Path, csv_text: str, columns: CsvColumns,
                                                    expected: list[Any]) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(csv_text, encoding="utf-8")
    found = list(read_csv([path], columns))
    assert len(found) == len(expected)
    for document, want in zip(found, expected, strict=True):
        if isinstance(want, tuple):
            assert isinstance(document, Article) and document.article_id.startswith(want[0])
            assert (str(document.published_at) if document.published_at else None) == want[1]
        else:
            assert isinstance(document, ReadFailure) and str(document).endswith("/" + want)


def test_the_import_command_reads_csv_with_column_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          make_pipeline: Callable[[], Any]) -> None:
    import events.pipeline

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("ref,body\nA-1,Soldiers clashed with rebels near Northtown.\nA-2,\n", encoding="utf-8")
    db = str(tmp_path / "e.duckdb")
    result = CliRunner().invoke(main, ["import", str(sheet), "--db", db, "--text-column", "body",
                                       "--id-column", "ref"])
    assert result.exit_code == 1 and "2 documents: 1 new, 0 updated, 0 unchanged, 1 failed" in result.output
    assert f"{sheet}:3: empty 'body' column" in result.output


# -- running sources ------------------------------------------------------------------------------------------

STORY = {"a": "Soldiers clashed with rebels near Northtown on Monday after a week of raids in the hills.",
         "b": "Students protested in Southport on Tuesday against the closure of the university campus.",
         "c": "Rebels shelled an army post near Eastvale overnight, residents of the nearby villages said."}


def story_page(text: str) -> bytes:
    return f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>".encode()


def versioned(content: Callable[[], bytes]):  # type: ignore[no-untyped-def]
    """Serves `content()` with an ETag of its hash: a 304 while it stays the same."""
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        body = content()
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if handler.headers.get("If-None-Match") == etag:
            reply(handler, 304)
        else:
            reply(handler, 200, body, {"ETag": etag, "Content-Type": "text/html; charset=utf-8"})
    return route


@pytest.fixture
def site() -> Iterator[tuple[Loopback, dict[str, str]]]:
    texts = dict(STORY)
    with serve() as server:
        for key in texts:
            server.routes[f"/news/{key}"] = versioned(lambda k=key: story_page(texts[k]))
        server.routes["/rss"] = versioned(lambda: (
            '<rss version="2.0"><channel><title>W</title>'
            + "".join(f"<item><link>{server.base}/news/{k}</link><description>{texts[k]}</description></item>"
                      for k in texts) + "</channel></rss>").encode())
        yield server, texts


def counts(run: Any) -> tuple[int, int, int, int, int]:
    return run.seen, run.new, run.updated, run.unchanged, run.failed


def test_a_feed_is_imported_once_then_only_its_changes(tmp_path: Path, site: tuple[Loopback, dict[str, str]],
                                                       make_pipeline: Callable[[], Any], clock: Any) -> None:
    server, texts = site
    db = tmp_path / "e.duckdb"
    feed = Source("wire", "feed", (server.url("/rss"),))
    pipeline = make_pipeline()
    first, = run_sources(db, [feed], now=clock, pipeline=pipeline, fetcher=no_wait)
    assert counts(first) == (3, 3, 0, 0, 0)
    again, = run_sources(db, [feed], now=clock, pipeline=pipeline, fetcher=no_wait)
    assert counts(again) == (0, 0, 0, 0, 0) and server.count("/news/a") == 1  # the feed answered 304
    texts["b"] = texts["b"].replace("Tuesday", "Wednesday")  # a corrected article: the feed changes too
    changed, = run_sources(db, [feed], now=clock, pipeline=pipeline, fetcher=no_wait)
    assert counts(changed) == (1, 0, 1, 0, 0)  # a and c answered 304 and were not even read
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall() == [(3, 3)]
        assert "Wednesday" in con.execute("SELECT text FROM articles WHERE url LIKE '%/news/b'").fetchall()[0][0]
        assert con.execute("SELECT count(*) FROM import_runs WHERE source = 'wire'").fetchall() == [(3,)]


def test_an_item_that_failed_is_retried_on_the_next_run(tmp_path: Path, site: tuple[Loopback, dict[str, str]],
                                                       make_pipeline: Callable[[], Any], clock: Any) -> None:
    server, _ = site
    healthy = server.routes["/news/c"]
    server.routes["/news/c"] = lambda h, n: reply(h, 503, b"busy")
    db = tmp_path / "e.duckdb"
    feed = Source("wire", "feed", (server.url("/rss"),))
    first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(first) == (3, 2, 0, 0, 1) and first.status == "partial"
    assert first.failures[0].document == server.url("/news/c") and "HTTP 503" in first.failures[0].reason
    server.routes["/news/c"] = healthy
    second, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(second) == (1, 1, 0, 0, 0)  # a and b answered 304; c was fetched again


def test_an_item_that_keeps_failing_is_reported_once_and_still_fetched_again(
        tmp_path: Path, site: tuple[Loopback, dict[str, str]], make_pipeline: Callable[[], Any], clock: Any) -> None:
    """A failure worth retrying that comes back the same is skipped as failed before (no new failure), yet the
    feed is still read again at each run, so that the item goes in once the site answers."""
    server, _ = site
    healthy = server.routes["/news/c"]
    server.routes["/news/c"] = lambda h, n: reply(h, 503, b"busy")
    db = tmp_path / "e.duckdb"
    feed = Source("wire", "feed", (server.url("/rss"),))
    first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert (counts(first), first.skipped) == ((3, 2, 0, 0, 1), 0)
    second, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert (counts(second), second.skipped, second.status) == ((1, 0, 0, 0, 0), 1, "ok")
    third, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert (counts(third), third.skipped, server.count("/news/c")) == ((1, 0, 0, 0, 0), 1, 3)
    server.routes["/news/c"] = healthy
    fourth, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert (counts(fourth), fourth.skipped) == ((1, 1, 0, 0, 0), 0)


def test_an_item_that_is_gone_does_not_make_the_feed_be_read_again(
        tmp_path: Path, site: tuple[Loopback, dict[str, str]], make_pipeline: Callable[[], Any], clock: Any) -> None:
    server, texts = site
    server.routes["/news/c"] = lambda h, n: reply(h, 404, b"gone")
    db = tmp_path / "e.duckdb"
    feed = Source("wire", "feed", (server.url("/rss"),))
    first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(first) == (3, 2, 0, 0, 1) and first.status == "partial"
    assert (first.failures[0].document, first.failures[0].reason) == (server.url("/news/c"), "HTTP 404 Not Found")
    second, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(second) == (0, 0, 0, 0, 0)  # the feed answered 304: a 404 would not have changed
    assert server.count("/rss") == 2 and server.count("/news/c") == 1
    texts["b"] = texts["b"].replace("Tuesday", "Wednesday")  # the feed changes: its items are read again
    third, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    # the item that is gone failed before: skipped, not a new failure
    assert (counts(third), third.skipped) == ((2, 0, 1, 0, 0), 1) and server.count("/news/c") == 2


def test_a_feed_whose_only_new_item_is_gone_is_not_read_again(tmp_path: Path, make_pipeline: Callable[[], Any],
                                                              clock: Any) -> None:
    with serve() as server:
        server.routes["/news/gone"] = lambda h, n: reply(h, 410, b"gone")
        server.routes["/rss"] = versioned(lambda: (
            f'<rss version="2.0"><channel><title>W</title><item><link>{server.base}/news/gone</link>'
            "</item></channel></rss>").encode())
        db = tmp_path / "e.duckdb"
        feed = Source("wire", "feed", (server.url("/rss"),))
        first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        assert counts(first) == (1, 0, 0, 0, 1) and first.status == "failed"
        second, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        assert counts(second) == (0, 0, 0, 0, 0) and server.count("/news/gone") == 1


def test_a_strict_feed_that_was_rolled_back_is_read_whole_again(
        tmp_path: Path, site: tuple[Loopback, dict[str, str]], make_pipeline: Callable[[], Any], clock: Any) -> None:
    server, _ = site
    healthy = server.routes["/news/c"]
    server.routes["/news/c"] = lambda h, n: reply(h, 404, b"gone")
    db = tmp_path / "e.duckdb"
    feed = Source("wire", "feed", (server.url("/rss"),), options={"strict": True})
    first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(first) == (3, 0, 0, 0, 1) and first.status == "failed"  # a and b were read, then rolled back
    server.routes["/news/c"] = healthy
    second, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(second) == (3, 3, 0, 0, 0)  # no 304 hides a or b, which were never stored


def test_a_failing_source_does_not_stop_the_others(tmp_path: Path, make_pipeline: Callable[[], Any],
                                                   clock: Any) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "g-1", "text": "Rebels attacked Southport."}) + "\n", encoding="utf-8")
    sources = [Source("broken", "jsonl", (str(good),), options={"published_at": "spring"}),
               Source("missing", "glob", (str(tmp_path / "none" / "*.jsonl"),)),
               Source("good", "jsonl", (str(good),))]
    broken, missing, ok = run_sources(tmp_path / "e.duckdb", sources, now=clock, pipeline=make_pipeline(),
                                      fetcher=no_wait)
    assert broken.status == "failed" and broken.failures[0].document == "source 'broken'"
    assert broken.failures[0].reason == "published_at: must be a date such as 2026-03-02, got 'spring'"
    assert missing.status == "failed" and missing.failures[0].reason == "no files match this pattern"
    assert counts(ok) == (1, 1, 0, 0, 0)


def test_sources_do_not_run_while_another_import_holds_the_lock(tmp_path: Path, make_pipeline: Callable[[], Any],
                                                                clock: Any) -> None:
    db = tmp_path / "e.duckdb"
    with ImportLock.acquire(db, now=clock), pytest.raises(LockError, match="another import is running since"):
        run_sources(db, [Source("x", "jsonl", ("x.jsonl",))], now=clock, pipeline=make_pipeline())


def test_imports_lists_recent_runs_and_their_failures(tmp_path: Path, make_pipeline: Callable[[], Any]) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "g-1", "text": "Rebels attacked Southport."}) + "\n\n{oops\n",
                    encoding="utf-8")
    db = tmp_path / "e.duckdb"
    times = iter(datetime(2026, 3, 4, 9, minute, tzinfo=timezone.utc) for minute in range(60))
    run_sources(db, [Source("local", "jsonl", (str(good),))], now=lambda: next(times), pipeline=make_pipeline())
    run_sources(db, [Source("local", "jsonl", (str(good),))], now=lambda: next(times), pipeline=make_pipeline())
    result = CliRunner().invoke(main, ["imports", "--db", str(db), "--failures"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2026-03-04 09:")  # newest first: the second run found the article unchanged
    # and skipped the bad line, which failed before
    assert "ok       local  seen 2, new 0, updated 0, unchanged 1, failed 0, skipped 1" in lines[0]
    assert "seen 2, new 1, updated 0, unchanged 0, failed 1" in lines[1]
    assert lines[2].strip().startswith(f"{good}:3: not valid JSON")
    empty = CliRunner().invoke(main, ["imports", "--db", str(db), "--source", "other"])
    assert (empty.exit_code, empty.stdout, empty.stderr) == (
        1, "", "Error: --source 'other': no import runs of such a source (sources with runs: 'local')\n")


def recorded_runs(db: Path) -> None:
    """Two runs of 'wire' (the first cut at max_items, the second with a failure) and one of 'notes'."""
    def at(minute: int, second: int = 0) -> datetime:
        return datetime(2026, 3, 4, 9, minute, second, tzinfo=timezone.utc)

    with Store.open(db) as store:
        store.record_run(ImportRun(run_id="run-1", source="wire", started_at=at(0), finished_at=at(0, 5), seen=3,
                                   new=2, status="ok", warnings=[ImportWarning(
                                       document="http://127.0.0.1/rss",
                                       message="1 of its 3 items skipped (max_items = 2)")]))
        store.record_run(ImportRun(run_id="run-2", source="notes", started_at=at(5), finished_at=at(5, 1), seen=1,
                                   unchanged=1, status="ok"))
        store.record_run(ImportRun(run_id="run-3", source="wire", started_at=at(15), finished_at=at(15, 2),
                                   seen=2, updated=1, failed=1, status="partial", failures=[ImportFailure(
                                       document="http://127.0.0.1/b", reason="HTTP 404 Not Found")]))


WIRE_RUNS = [
    {"run_id": "run-3", "source": "wire", "status": "partial", "started_at": "2026-03-04T09:15:00Z",
     "finished_at": "2026-03-04T09:15:02Z", "duration_seconds": 2.0, "seen": 2, "new": 0, "updated": 1,
     "unchanged": 0, "failed": 1, "skipped": 0,
     "failures": [{"document": "http://127.0.0.1/b", "reason": "HTTP 404 Not Found"}],
     "warnings": []},
    {"run_id": "run-1", "source": "wire", "status": "ok", "started_at": "2026-03-04T09:00:00Z",
     "finished_at": "2026-03-04T09:00:05Z", "duration_seconds": 5.0, "seen": 3, "new": 2, "updated": 0,
     "unchanged": 0, "failed": 0, "skipped": 0, "failures": [],
     "warnings": [{"document": "http://127.0.0.1/rss", "message": "1 of its 3 items skipped (max_items = 2)"}]},
]


@pytest.mark.parametrize(("args", "runs"), [
    pytest.param(["--source", "wire"], WIRE_RUNS, id="one source, newest first"),
    pytest.param(["--source", "wire", "--failures"], WIRE_RUNS, id="--failures changes nothing: always listed"),
    pytest.param(["--limit", "1"], WIRE_RUNS[:1], id="the last run"),
    pytest.param(["--source", "notes"], [
        {"run_id": "run-2", "source": "notes", "status": "ok", "started_at": "2026-03-04T09:05:00Z",
         "finished_at": "2026-03-04T09:05:01Z", "duration_seconds": 1.0, "seen": 1, "new": 0, "updated": 0,
         "unchanged": 1, "failed": 0, "skipped": 0, "failures": [], "warnings": []}], id="a run without failures"),
])
def test_imports_as_json_for_monitoring(tmp_path: Path, args: list[str], runs: list[dict[str, Any]]) -> None:
    db = tmp_path / "e.duckdb"
    recorded_runs(db)
    result = CliRunner().invoke(main, ["imports", "--db", str(db), "--format", "json", *args])
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {"runs": runs, "failed_documents": []}


def test_imports_as_json_of_a_database_without_runs(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    Store.open(db).close()
    result = CliRunner().invoke(main, ["imports", "--db", str(db), "--format", "json"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, '{\n  "runs": [],\n  "failed_documents": []\n}\n', "")


def test_imports_as_text_lists_warnings_and_failures_under_their_run(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    recorded_runs(db)
    result = CliRunner().invoke(main, ["imports", "--db", str(db), "--failures", "--source", "wire"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "2026-03-04 09:15:00      2s  partial  wire  seen 2, new 0, updated 1, unchanged 0, failed 1  [run-3]",
        "    http://127.0.0.1/b: HTTP 404 Not Found",
        "2026-03-04 09:00:00      5s  ok       wire  seen 3, new 2, updated 0, unchanged 0, failed 0  [run-1]",
        "    warning: http://127.0.0.1/rss: 1 of its 3 items skipped (max_items = 2)"]


def test_import_sources_runs_only_the_named_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   make_pipeline: Callable[[], Any]) -> None:
    import events.pipeline

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Rebels attacked Southport."}) + "\n")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "one"\nkind = "jsonl"\npath = "a.jsonl"\n'
                                           '[[source]]\nname = "two"\nkind = "jsonl"\npath = "missing.jsonl"\n')
    db = str(tmp_path / "e.duckdb")
    runner = CliRunner()
    ran = runner.invoke(main, ["import", "--sources", str(tmp_path / "sources.toml"), "--only", "one", "--db", db])
    assert ran.exit_code == 0 and ran.output.strip() == "one: 1 document: 1 new, 0 updated, 0 unchanged, 0 failed"
    unknown = runner.invoke(main, ["import", "--sources", str(tmp_path / "sources.toml"), "--only", "three",
                                   "--db", db])
    assert unknown.exit_code == 1 and "no source named three (sources: one, two)" in unknown.output
    both = runner.invoke(main, ["import", "x.jsonl", "--sources", str(tmp_path / "sources.toml"), "--db", db])
    assert both.exit_code == 2 and "either PATHS or --sources" in both.output


# -- a process killed in the middle of an import -----------------------------------------------------------

SLOW_IMPORT = """
import sys, time
from datetime import datetime, timezone
sys.path.insert(0, "tests")
from conftest import FakePipeline
from events.ingest.sources import Source, run_sources

class Slow(FakePipeline):
    def extract(self, article):
        if article.article_id == "n-150":
            print("busy", flush=True)
        time.sleep(0.002)
        return super().extract(article)

run_sources(sys.argv[1], [Source("bulk", "jsonl", (sys.argv[2],))], now=lambda: datetime.now(timezone.utc),
            pipeline=Slow())
print("done", flush=True)
"""


def test_an_import_killed_with_sigkill_loses_and_duplicates_nothing(tmp_path: Path,
                                                                    make_pipeline: Callable[[], Any]) -> None:
    bulk = tmp_path / "bulk.jsonl"
    bulk.write_text("".join(json.dumps({"id": f"n-{i}", "text": f"Soldiers clashed with rebels, report {i}."}) + "\n"
                            for i in range(600)), encoding="utf-8")
    db = tmp_path / "e.duckdb"
    seed = tmp_path / "seed.jsonl"
    seed.write_text("".join(json.dumps({"id": f"n-{i}", "text": f"Soldiers clashed with rebels, report {i}."})
                            + "\n" for i in range(100)), encoding="utf-8")
    run_sources(db, [Source("seed", "jsonl", (str(seed),))], now=lambda: datetime.now(timezone.utc),
                pipeline=make_pipeline())
    child = subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, str(db), str(bulk)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "busy"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert lock_path(db).exists()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the kernel closes the dead process's files asynchronously
        try:
            run, = run_sources(db, [Source("bulk", "jsonl", (str(bulk),))], now=lambda: datetime.now(timezone.utc),
                               pipeline=make_pipeline())
            break
        except LockError:
            time.sleep(0.05)
    assert counts(run) == (600, 500, 0, 100, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall() == [(600, 600)]


# -- other processes while an import runs ------------------------------------------------------------------

READ_COUNT = "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True).execute(" \
             "'SELECT count(*) FROM articles').fetchall()[0][0])"


def test_the_database_answers_other_processes_while_a_feed_is_fetched(
        tmp_path: Path, site: tuple[Loopback, dict[str, str]], make_pipeline: Callable[[], Any], clock: Any) -> None:
    server, _ = site
    db = tmp_path / "e.duckdb"
    seed = Source("seed", "jsonl", (jsonl_file(tmp_path),))
    run_sources(db, [seed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    answers: list[str] = []
    served = server.routes["/news/b"]

    def while_fetching(handler: BaseHTTPRequestHandler, before: int) -> None:
        reader = subprocess.run([sys.executable, "-c", READ_COUNT, str(db)], capture_output=True, text=True,
                                timeout=60)
        answers.append(reader.stdout.strip() or reader.stderr.strip().splitlines()[-1])
        served(handler, before)

    server.routes["/news/b"] = while_fetching
    run, = run_sources(db, [Source("wire", "feed", (server.url("/rss"),))], now=clock, pipeline=make_pipeline(),
                       fetcher=no_wait)
    assert answers == ["1"] and run.new == 3


def jsonl_file(tmp_path: Path) -> str:
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps({"id": "s-1", "text": "Police attacked students in Southport."}) + "\n")
    return str(path)


def test_the_schedule_command_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Rebels attacked Southport."}) + "\n")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "one"\nkind = "jsonl"\npath = "a.jsonl"\n'
                                           'schedule = "1h"\n')
    events = Path(sys.executable).with_name("events")
    child = subprocess.Popen([str(events), "schedule", "--sources", str(tmp_path / "sources.toml"),
                              "--db", str(tmp_path / "e.duckdb")], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    lines = []
    for _ in range(10):  # the start line, the run, its next slot
        lines.append(child.stdout.readline().strip())
        if "next run at" in lines[-1]:
            break
    child.send_signal(signal.SIGTERM)
    rest, _ = child.communicate(timeout=30)
    assert child.returncode == 0
    assert any("one: ok" in line and "seen 1, new 1" in line for line in lines)
    assert rest.strip().endswith("stopped") and not lock_path(tmp_path / "e.duckdb").exists()


# -- slow servers: a deadline per response, and a prompt stop ----------------------------------------------

TRICKLED_FEED = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n"


def test_a_trickling_feed_ends_at_its_deadline_and_the_run_is_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_pipeline: Callable[[], Any]) -> None:
    import events.pipeline

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    db = tmp_path / "e.duckdb"
    with serve() as server:
        server.routes["/rss"] = trickling(server, TRICKLED_FEED, b"<" * 5000)
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "slow"\nkind = "feed"\nurl = "{server.url("/rss")}"\n'
            "options = { timeout = 1, deadline = 1.5 }\n", encoding="utf-8")
        started = time.monotonic()
        result = CliRunner().invoke(main, ["import", "--sources", str(tmp_path / "sources.toml"), "--db", str(db)])
        took = time.monotonic() - started
    assert result.exit_code == 1
    assert f"Error: slow: {server.url('/rss')}: no whole response within the 1.5 s deadline\n" in result.output
    assert took < 1.5 + 1.0, took
    assert server.count("/rss") == 1  # a response cut at its deadline is not asked for again in the same run
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, failed FROM import_runs").fetchall() == [("failed", 1)]
        assert con.execute("SELECT reason FROM import_failures").fetchall() == [
            ("no whole response within the 1.5 s deadline",)]


def test_the_schedule_command_stops_within_a_second_while_a_server_trickles(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    with serve() as server:
        server.routes["/rss"] = trickling(server, TRICKLED_FEED, b"<" * 5000)
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "slow"\nkind = "feed"\nurl = "{server.url("/rss")}"\nschedule = "1h"\n'
            "options = { timeout = 30, deadline = 600 }\n", encoding="utf-8")
        events = Path(sys.executable).with_name("events")
        child = subprocess.Popen([str(events), "schedule", "--sources", str(tmp_path / "sources.toml"),
                                  "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=ROOT)
        try:
            deadline = time.monotonic() + 120  # the child loads the pipeline first
            while server.count("/rss") == 0 and time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.05)
            assert server.count("/rss") == 1
            time.sleep(0.5)  # the feed is being trickled now
            asked = time.monotonic()
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=30)
            took = time.monotonic() - asked
        finally:
            if child.poll() is None:
                child.kill()
    lines = out.strip().splitlines()
    assert child.returncode == 0 and err == "", err
    assert took < 1.5, took
    assert lines[-1].endswith(" stopped")
    assert lines[-2].endswith(f"first failure: {server.url('/rss')}: stopped before the whole response came "
                              "(stopped early)"), lines
    with ImportLock.acquire(db, now=lambda: datetime.now(timezone.utc)):  # released
        pass
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT source, status, failed FROM import_runs").fetchall() == [("slow", "failed", 1)]


# -- bad option values: one line naming the file, the source and the option; the run recorded as failed ------

@pytest.mark.parametrize(("option", "message"), [
    ('timeout = "abc"', "timeout: must be a number of seconds, got 'abc'"),
    ("timeout = 0", "timeout: must be more than 0 seconds, got 0"),
    ("timeout = -2.5", "timeout: must be more than 0 seconds, got -2.5"),
    ("timeout = inf", "timeout: must be a number of seconds, got inf"),
    ("timeout = nan", "timeout: must be a number of seconds, got nan"),
    ("timeout = true", "timeout: must be a number of seconds, got true"),
    ("deadline = [1, 2]", "deadline: must be a number of seconds, got [1, 2]"),
    ("politeness = -1", "politeness: must be 0 seconds or more, got -1"),
    ('retries = "3"', "retries: must be a whole number, got '3'"),
    ("retries = 2.5", "retries: must be a whole number, got 2.5"),
    ("retries = -1", "retries: must be 0 or more, got -1"),
    ("max_items = 0", "max_items: must be 1 or more, got 0"),
    ('max_bytes = "10MB"', "max_bytes: must be a whole number, got '10MB'"),
    ('fetch_items = "yes"', "fetch_items: must be true or false, got 'yes'"),
    ("strict = 1", "strict: must be true or false, got 1"),
    ('published_at = "spring"', "published_at: must be a date such as 2026-03-02, got 'spring'"),
    ("published_at = 2026", "published_at: must be a date such as 2026-03-02, got 2026"),
    ("text_column = 3", "text_column: must be a column name, got 3"),
    ('id_column = ""', "id_column: must be a column name, got ''"),
])
def test_a_bad_option_is_one_line_and_a_failed_run_and_the_other_sources_still_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_pipeline: Callable[[], Any], option: str,
        message: str) -> None:
    import events.pipeline

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": "Rebels attacked Southport."}) + "\n")
    (tmp_path / "sources.toml").write_text(
        f'[[source]]\nname = "x"\nkind = "url"\nurl = "http://127.0.0.1:9/a"\n[source.options]\n{option}\n'
        '[[source]]\nname = "good"\nkind = "jsonl"\npath = "a.jsonl"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "--sources", "sources.toml", "--db", "e.duckdb"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: sources.toml: source 'x': {message}\n"
    assert "Traceback" not in result.output and "good: 1 document: 1 new" in result.stdout
    with duckdb.connect(str(tmp_path / "e.duckdb"), read_only=True) as con:
        assert con.execute("SELECT source, status FROM import_runs ORDER BY source").fetchall() == [
            ("good", "ok"), ("x", "failed")]
        assert con.execute("SELECT document, reason FROM import_failures").fetchall() == [
            ("sources.toml: source 'x'", message)]


# -- validators live in the database they describe ---------------------------------------------------------

def conditional(content: Callable[[], bytes]):  # type: ignore[no-untyped-def]
    """Serves `content()` with an ETag and a Last-Modified; a 304 when asked with the current ETag."""
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        body = content()
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if handler.headers.get("If-None-Match") == etag:
            reply(handler, 304)
        else:
            reply(handler, 200, body, {"ETag": etag, "Last-Modified": "Mon, 02 Mar 2026 08:00:00 GMT",
                                       "Content-Type": "application/rss+xml"})
    return route


def inline_feed(texts: dict[str, str]) -> bytes:
    return ('<rss version="2.0"><channel><title>W</title>' + "".join(
        f'<item><guid isPermaLink="false">{k}</guid><description>{t}</description></item>' for k, t in texts.items())
        + "</channel></rss>").encode()


def asked_with(server: Loopback, path: str) -> list[str | None]:
    return [r.headers.get("if-none-match") for r in server.requests if r.path == path]


def test_a_deleted_database_gets_the_feeds_items_again(tmp_path: Path, make_pipeline: Callable[[], Any],
                                                       clock: Any) -> None:
    db = tmp_path / "e.duckdb"
    with serve() as server:
        server.routes["/rss"] = conditional(lambda: inline_feed(STORY))
        feed = Source("wire", "feed", (server.url("/rss"),))
        etag = f'"{hash(inline_feed(STORY)) & 0xFFFFFFFF:x}"'
        Path(f"{db}.fetch.json").write_text(json.dumps({"version": "fake-1", "urls": {server.url("/rss"): {
            "etag": etag, "last_modified": None}}}))  # the file an older version kept beside the database: not read
        first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        again, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        assert counts(first) == (3, 3, 0, 0, 0) and counts(again) == (0, 0, 0, 0, 0)  # the second answered 304
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT url, last_modified FROM fetch_validators").fetchall() == [
                (server.url("/rss"), "Mon, 02 Mar 2026 08:00:00 GMT")]
        db.unlink()
        fresh, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        assert counts(fresh) == (3, 3, 0, 0, 0)
        assert asked_with(server, "/rss") == [None, etag, None]


def test_validators_are_written_with_the_items_or_not_at_all(tmp_path: Path, make_pipeline: Callable[..., Any],
                                                             clock: Any) -> None:
    db = tmp_path / "e.duckdb"
    with serve() as server:
        server.routes["/rss"] = conditional(lambda: inline_feed(STORY))
        feed = Source("wire", "feed", (server.url("/rss"),))
        crashing = make_pipeline(crash=frozenset({item_article_id(server.url("/rss"), "c")}))
        with pytest.raises(RuntimeError, match="fake pipeline crashed"):
            run_sources(db, [feed], now=clock, pipeline=crashing, fetcher=no_wait)
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]
            assert con.execute("SELECT count(*) FROM fetch_validators").fetchall() == [(0,)]
        run, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        assert counts(run) == (3, 3, 0, 0, 0) and asked_with(server, "/rss") == [None, None]


def test_an_edited_item_known_by_its_guid_supersedes_its_earlier_version(
        tmp_path: Path, make_pipeline: Callable[[], Any], clock: Any) -> None:
    db = tmp_path / "e.duckdb"
    texts = dict(STORY)
    with serve() as server:
        server.routes["/rss"] = conditional(lambda: inline_feed(texts))
        feed = Source("wire", "feed", (server.url("/rss"),), options={"fetch_items": False})
        first, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
        texts["c"] = texts["c"].replace("overnight", "on Sunday night")
        edited, = run_sources(db, [feed], now=clock, pipeline=make_pipeline(), fetcher=no_wait)
    assert counts(first) == (3, 3, 0, 0, 0) and counts(edited) == (3, 0, 1, 2, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3,)]
        assert con.execute("SELECT article_id, superseded_by_run FROM events_superseded").fetchall() == [
            (item_article_id(server.url("/rss"), "c"), edited.run_id)]


# -- a feed cut at max_items: said in the run's record and on stderr ---------------------------------------

def test_a_cut_feed_is_a_warning_in_the_runs_record_and_on_stderr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_pipeline: Callable[[], Any]) -> None:
    import events.pipeline

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    db = tmp_path / "e.duckdb"
    with serve() as server:
        server.routes["/rss"] = conditional(lambda: inline_feed(STORY))
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "wire"\nkind = "feed"\nurl = "{server.url("/rss")}"\n'
            "options = { max_items = 2, politeness = 0 }\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["import", "--sources", str(tmp_path / "sources.toml"), "--db", str(db)])
        listed = CliRunner().invoke(main, ["imports", "--db", str(db), "--failures"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "wire: 2 documents: 2 new, 0 updated, 0 unchanged, 0 failed\n"
    assert result.stderr == f"Warning: wire: {server.url('/rss')}: 1 of its 3 items skipped (max_items = 2)\n"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT document, message FROM import_warnings").fetchall() == [
            (server.url("/rss"), "1 of its 3 items skipped (max_items = 2)")]
    assert listed.output.splitlines()[1] == (f"    warning: {server.url('/rss')}: 1 of its 3 items skipped "
                                             "(max_items = 2)")
