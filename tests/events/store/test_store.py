"""The DuckDB store and one import through it (events.store.db, events.ingest.importer)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from events.errors import InputError, QueryError, StoreError
from events.ingest import importer
from events.ingest.importer import import_documents, summarize
from events.ingest.readers import ReadFailure
from events.store.connect import Waiting
from events.store.db import Store, run_id_for
from schemas import SCHEMA_VERSION, Article, ImportFailure, ImportRun

if TYPE_CHECKING:
    from conftest import FakeExtraction, FakePipeline, FixedClock

DATA_TABLES = ("articles", "events", "event_places", "event_actors", "claims", "evidence")
ALL_TABLES = ("schema_info", *DATA_TABLES, "import_runs", "import_failures", "import_warnings", "geocode_cache",
              "events_superseded", "event_merges", "fetch_validators", "failed_documents", "import_skips")

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
SHELLING = "Artillery shelled Southport and Eastvale overnight, where 2 civilians were reportedly killed."
PROTEST = "Hundreds of students protested in Southport on Tuesday."
RECALLED = "Many years ago rebels attacked Eastvale."
QUIET = "The market reopened and traders returned to their stalls."


def snapshot(store: Store, tables: tuple[str, ...] = ALL_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    return {table: store.query(f"SELECT * FROM {table} ORDER BY ALL")[1] for table in tables}


def counts(store: Store, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, int]:
    return {table: store.query(f"SELECT count(*) FROM {table}")[1][0][0] for table in tables}


def write(store: Store, pipeline: FakePipeline, article: Article, clock: FixedClock) -> str:
    return store.write_extraction(pipeline.extract(article), version=pipeline.version, run_id="run-test",
                                  now=clock)


# -- opening ------------------------------------------------------------------------------------------------

def test_open_creates_every_table_and_records_the_schema_version(store: Store) -> None:
    _, rows = store.query("SELECT table_name FROM information_schema.tables "
                          "WHERE table_type = 'BASE TABLE' ORDER BY table_name")
    assert [r[0] for r in rows] == sorted(ALL_TABLES)
    assert store.query("SELECT key, value FROM schema_info")[1] == [("schema_version", SCHEMA_VERSION)]


def test_opening_twice_keeps_one_schema_row(tmp_path: Path) -> None:
    for _ in range(2):
        with Store.open(tmp_path / "db.duckdb"):
            pass
    with Store.open(tmp_path / "db.duckdb", read_only=True) as store:
        assert store.query("SELECT count(*) FROM schema_info")[1] == [(1,)]


@pytest.mark.parametrize("stored", ["0.9.0", "2.0.0", "1.9.0", "not a version"])
def test_open_refuses_a_database_of_another_major_or_a_newer_schema_version(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        store._con.execute("UPDATE schema_info SET value = ?", [stored])
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == (f"database {path} has schema version {stored}; "
                                 f"this version of events writes {SCHEMA_VERSION}")


def test_open_upgrades_a_database_of_an_older_minor_version_by_adding_its_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        store._con.execute("DROP TABLE event_merges")
        store._con.execute("UPDATE schema_info SET value = '1.0.0'")
    with Store.open(path) as store:
        assert store.query("SELECT value FROM schema_info")[1] == [(SCHEMA_VERSION,)]
        assert store.query("SELECT count(*) FROM event_merges")[1] == [(0,)]


def test_a_database_of_schema_1_1_gets_the_validator_and_warning_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        store._con.execute("DROP TABLE fetch_validators")
        store._con.execute("DROP TABLE import_warnings")
        store._con.execute("UPDATE schema_info SET value = '1.1.0'")
    with Store.open(path) as store:
        assert store.query("SELECT value FROM schema_info")[1] == [(SCHEMA_VERSION,)]
        assert store.fetch_validators(version="v1") == []


def test_a_database_of_schema_1_2_gets_the_date_provenance_column_and_takes_articles(
        tmp_path: Path, clock: FixedClock, make_extraction: type[FakeExtraction]) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        store._con.execute("ALTER TABLE articles DROP COLUMN published_at_source")
        store._con.execute("UPDATE schema_info SET value = '1.2.0'")
    with Store.open(path) as store:
        assert store.query("SELECT value FROM schema_info")[1] == [(SCHEMA_VERSION,)]
        columns = store.query("SELECT column_name FROM duckdb_columns() WHERE table_name = 'articles'")[1]
        assert columns[-1] == ("published_at_source",)  # last, where ALTER TABLE put it: rows are written by position
        article = Article(article_id="a1", text="Gunmen killed two men.", published_at=date(2026, 3, 2),
                          published_at_source="mtime")
        store.write_extraction(make_extraction(article=article), version="v1", run_id="r1", now=clock)
        assert store.query("SELECT published_at, published_at_source FROM articles")[1] == [
            (date(2026, 3, 2), "mtime")]


def test_validators_are_kept_per_url_for_one_extractor_version_and_go_with_the_transaction(store: Store) -> None:
    at = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc)
    store.save_validators([("http://a/rss", '"e1"', None), ("http://a/1", None, "Mon, 02 Mar 2026 08:00:00 GMT")],
                          version="v1", at=at)
    store.save_validators([("http://a/rss", '"e2"', None)], version="v1", at=at)  # replaces the older answer
    store.save_validators([("http://b/rss", '"x"', None)], version="v0", at=at)  # an older extractor's
    assert store.fetch_validators(version="v1") == [("http://a/1", None, "Mon, 02 Mar 2026 08:00:00 GMT"),
                                                    ("http://a/rss", '"e2"', None)]
    store.begin()
    store.save_validators([("http://c/rss", '"c"', None)], version="v1", at=at)
    store.rollback()  # an import that fails keeps none of the validators it saw
    assert [url for url, _, _ in store.fetch_validators(version="v1")] == ["http://a/1", "http://a/rss"]


def test_read_only_open_of_a_missing_database_says_how_to_make_one(tmp_path: Path) -> None:
    path = tmp_path / "none.duckdb"
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=True)
    assert str(caught.value) == (f"no database at {path} (run 'events import' first; 'events build' puts the samples "
                                 "in samples.duckdb)")
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_refused_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=True)
    assert str(caught.value) == f"{path}: not a DuckDB database"


# -- writing ------------------------------------------------------------------------------------------------

def test_a_new_article_fills_every_table(store: Store, fake_pipeline: FakePipeline,
                                         clock: FixedClock, make_article: Callable[..., Article]) -> None:
    text = f"{CLASH} {SHELLING} {QUIET}"
    assert write(store, fake_pipeline, make_article("a1", text, source="Daily Example"), clock) == "new"
    assert counts(store) == {"articles": 1, "events": 2, "event_places": 3, "event_actors": 2, "claims": 2,
                             "evidence": 6}
    _, places = store.query("SELECT mention, span_start, span_end, location, latitude, geo_precision "
                            "FROM event_places ORDER BY span_start")
    def at(word: str) -> tuple[str, int, int]:
        return word, text.index(word), text.index(word) + len(word)

    assert places == [(*at("Northtown"), "Northtown", 12.5, 1), (*at("Southport"), "Southport", 9.75, 1),
                      (*at("Eastvale"), None, None, 3)]
    _, article = store.query("SELECT source, extractor_version, run_id, imported_at FROM articles")
    assert article == [("Daily Example", "fake-1", "run-test", datetime(2026, 3, 4, 9, 30))]
    _, claims = store.query("SELECT claimant, hedged, hedges FROM claims ORDER BY span_start")
    assert claims == [("officials", False, None), ("reporter", True, "reportedly")]


@pytest.mark.parametrize(("second_text", "second_version", "expected"), [
    pytest.param(CLASH, "fake-1", "unchanged", id="same text and version"),
    pytest.param(CLASH + " " + PROTEST, "fake-1", "updated", id="text changed"),
    pytest.param(CLASH, "fake-2", "updated", id="extractor version changed"),
])
def test_writing_an_article_again(
        store: Store, clock: FixedClock, second_text: str, second_version: str, expected: str,
        make_pipeline: type[FakePipeline], make_article: Callable[..., Article]) -> None:
    write(store, make_pipeline(), make_article("a1", CLASH), clock)
    before = snapshot(store)
    second = make_pipeline(second_version)
    assert write(store, second, make_article("a1", second_text), clock) == expected
    if expected == "unchanged":
        assert snapshot(store) == before
    else:
        wanted = sorted(e.event_id for e in second.extract(make_article("a1", second_text)).events)
        assert sorted(r[0] for r in store.query("SELECT event_id FROM events")[1]) == wanted
        assert store.query("SELECT DISTINCT extractor_version FROM events")[1] == [(second_version,)]
        assert counts(store, ("articles",)) == {"articles": 1}


def test_an_update_that_fails_half_way_leaves_the_old_rows(
        store: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, make_pipeline: type[FakePipeline],
        make_article: Callable[..., Article]) -> None:
    write(store, make_pipeline(), make_article("a1", CLASH), clock)
    before = snapshot(store)
    real_insert = store._insert

    def failing_insert(table: str, rows: Any) -> None:
        if table == "claims":
            raise duckdb.ConstraintException("Constraint Error: pretend the disk is full")
        real_insert(table, rows)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(StoreError) as caught:
        write(store, make_pipeline("fake-2"), make_article("a1", CLASH), clock)
    assert str(caught.value) == f"cannot write to {store.path}: Constraint Error: pretend the disk is full"
    assert snapshot(store) == before


@pytest.mark.parametrize(("case", "message"), [
    ("event id of another article", "event_id '{event}' already belongs to article 'a1'"),
    ("same event twice", "event id '{event}' occurs twice in article 'a1'"),
    ("claims of another article", "extraction of article 'a2' holds records of 'a1'"),
])
def test_an_extraction_the_store_cannot_hold_is_refused_before_writing(
        store: Store, fake_pipeline: FakePipeline, clock: FixedClock, make_article: Callable[..., Article],
        make_extraction: type[FakeExtraction], case: str, message: str) -> None:
    first = fake_pipeline.extract(make_article("a1", CLASH))
    store.write_extraction(first, version="fake-1", run_id="run-1", now=clock)
    other = make_article("a2", "Soldiers clashed again somewhere else.")
    if case == "event id of another article":
        moved = [e.model_copy(update={"article_id": "a2", "claims": []}) for e in first.events]
        bad = make_extraction(other, moved, [])
    elif case == "same event twice":
        bad = make_extraction(make_article("a1", CLASH + "!"), [first.events[0]] * 2, [])
    else:
        bad = make_extraction(other, [], first.claims)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        store.write_extraction(bad, version="fake-1", run_id="run-2", now=clock)
    assert str(caught.value) == message.format(event=first.events[0].event_id)
    assert snapshot(store) == before


# -- reading ------------------------------------------------------------------------------------------------

REFUSED_SQL = [
    ("INSERT INTO articles (article_id) VALUES ('x')",
     "only SELECT statements are allowed, got INSERT"),
    ("DELETE FROM events", "only SELECT statements are allowed, got DELETE"),
    ("DROP TABLE events", "only SELECT statements are allowed, got DROP"),
    ("COPY events TO 'events.csv'", "only SELECT statements are allowed, got COPY"),
    ("EXPLAIN ANALYZE COPY events TO 'events.csv'", "only SELECT statements are allowed, got EXPLAIN"),
    ("PRAGMA version", "only SELECT statements are allowed, got PRAGMA"),
    ("SELECT 1; SELECT 2", "expected exactly one SQL statement, got 2"),
    ("", "expected exactly one SQL statement, got 0"),
    ("SELEC 1", 'Parser Error: syntax error at or near "SELEC"'),
    ("SELECT nope FROM events", 'Binder Error: Referenced column "nope" not found in FROM clause!'),
]


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "writable"])
@pytest.mark.parametrize(("sql", "message"), REFUSED_SQL, ids=[m for _, m in REFUSED_SQL])
def test_query_refuses_all_but_one_read_statement(tmp_path: Path, read_only: bool, sql: str,
                                                  message: str) -> None:
    Store.open(tmp_path / "q.duckdb").close()
    with Store.open(tmp_path / "q.duckdb", read_only=read_only) as store:
        with pytest.raises(QueryError) as caught:
            store.query(sql)
        assert str(caught.value) == message
        assert store.query("SELECT count(*) FROM articles")[1] == [(0,)]


@pytest.mark.parametrize(("read_only", "message"), [
    (True, 'Invalid Input Error: Cannot execute statement of type "SELECT" on database "q" which is attached in '
           "read-only mode!"),
    (False, 'TransactionContext Error: Cannot write to database "q" - transaction is launched in read-only mode'),
], ids=["read-only", "writable"])
def test_a_select_writing_through_its_cte_is_refused(tmp_path: Path, read_only: bool, message: str) -> None:
    Store.open(tmp_path / "q.duckdb").close()
    with Store.open(tmp_path / "q.duckdb", read_only=read_only) as store:
        with pytest.raises(QueryError) as caught:
            store.query("WITH x AS (INSERT INTO schema_info VALUES ('k', 'v') RETURNING *) SELECT * FROM x")
        assert str(caught.value) == message
        assert store.query("SELECT count(*) FROM schema_info")[1] == [(1,)]


def test_query_returns_columns_and_rows_and_binds_parameters(store: Store) -> None:
    assert store.query("SELECT ? AS word, 2 AS number", ["hello"]) == (["word", "number"], [("hello", 2)])


def test_explain_gives_every_field_with_span_offsets_and_rule(
        store: Store, fake_pipeline: FakePipeline, clock: FixedClock,
        make_article: Callable[..., Article]) -> None:
    text = f"{QUIET} {CLASH}"
    write(store, fake_pipeline, make_article("a1", text), clock)
    event_id = store.query("SELECT event_id FROM events")[1][0][0]
    info = store.explain(event_id)

    def span(word: str) -> tuple[str, int, int]:
        return word, text.index(word), text.index(word) + len(word)

    assert info["sentence"] == CLASH
    assert info["event"]["article_id"] == "a1"
    assert [(f["field"], f["value"], f["text"], f["start"], f["end"], f["rule"]) for f in info["fields"]] == [
        ("event_type", "Battles", *span("clashed"), "fake.trigger.clash"),
        ("place", "Northtown, Upper District, North Province, Examplia", *span("Northtown"), "fake.place"),
        ("actor1", "Military Forces of Examplia", *span("soldiers"), "fake.actor.soldiers"),
        ("actor2", "Examplia Liberation Front", *span("rebels"), "fake.actor.rebels"),
        ("claim", "killed 4 (victims: soldiers; exact; claimant: officials)", *span("4 soldiers were killed"),
         "fake.claim.killed"),
    ]


def test_explain_gives_a_dated_event_its_date_and_the_span_that_dated_it(
        store: Store, fake_pipeline: FakePipeline, clock: FixedClock,
        make_article: Callable[..., Article]) -> None:
    write(store, fake_pipeline, make_article("a1", PROTEST), clock)
    info = store.explain(store.query("SELECT event_id FROM events")[1][0][0])
    start = PROTEST.index("on Tuesday")
    assert [(f["field"], f["value"], f["text"], f["start"], f["end"], f["rule"]) for f in info["fields"]] == [
        ("event_type", "Protests", "protested", PROTEST.index("protested"), PROTEST.index(" in "),
         "fake.trigger.protest"),
        ("event_date", date(2026, 3, 2), "on Tuesday", start, start + 10, "fake.date.weekday"),
        ("place", "Southport, Coast Province, Examplia", "Southport", PROTEST.index("Southport"),
         PROTEST.index(" on"), "fake.place"),
        ("actor1", "Protesters (Examplia)", "students", PROTEST.index("students"),
         PROTEST.index(" protested"), "fake.actor.students"),
    ]


def test_explain_of_an_unknown_event_names_it(store: Store) -> None:
    with pytest.raises(QueryError, match="^no event with id 'ev-nope'$"):
        store.explain("ev-nope")


def test_summary_counts_news_events_apart_from_background(
        store: Store, fake_pipeline: FakePipeline, clock: FixedClock,
        make_article: Callable[..., Article]) -> None:
    write(store, fake_pipeline, make_article("a1", f"{CLASH} {RECALLED}"), clock)
    write(store, fake_pipeline, make_article("a2", f"{PROTEST} {SHELLING}"), clock)
    summary = summarize(store)
    assert (summary.articles, summary.events, summary.background_events, summary.claims) == (2, 3, 1, 2)
    assert summary.events_by_type == [("Battles", 1), ("Explosions/Remote violence", 1), ("Protests", 1)]
    assert (summary.geocoded_events, round(summary.geocoded_share, 3)) == (3, 1.0)


def test_run_ids_depend_on_source_and_start_only() -> None:
    start = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
    same_instant = datetime(2026, 3, 4, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    assert run_id_for("news.jsonl", start) == run_id_for("news.jsonl", same_instant)
    assert run_id_for("news.jsonl", start) != run_id_for("other.jsonl", start)
    assert run_id_for("news.jsonl", start) != run_id_for("news.jsonl", start + timedelta(seconds=1))


def test_record_run_writes_the_run_and_its_failures(store: Store) -> None:
    started = datetime(2026, 3, 4, 9, 30)
    failure = ImportFailure(document="news.jsonl:3", reason="bad")
    run = ImportRun(run_id="run-1", source="news.jsonl", started_at=started, finished_at=started, seen=3,
                    new=2, failed=1, status="partial", failures=[failure])
    store.record_run(run)
    store.record_run(run)  # recording the same run again replaces it
    assert snapshot(store, ("import_runs", "import_failures")) == {
        "import_runs": [("run-1", "news.jsonl", started, started, 3, 2, 0, 0, 1, "partial")],
        "import_failures": [("run-1", 0, "news.jsonl:3", "bad")],
    }


# -- one import ---------------------------------------------------------------------------------------------

@pytest.fixture(params=[1, 2, 200], ids=["chunks of 1", "chunks of 2", "chunks of 200"])
def chunked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Runs an import test with documents taken one, two and many at a time."""
    monkeypatch.setattr(importer, "CHUNK", request.param)
    return int(request.param)


@pytest.fixture
def corpus(make_article: Callable[..., Article]) -> list[Article]:
    texts = [CLASH, SHELLING, f"{PROTEST} {RECALLED}"]
    return [make_article(f"a{i}", text, origin=f"news.jsonl:{i}") for i, text in enumerate(texts, start=1)]


def test_importing_the_same_documents_twice_changes_nothing(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], corpus: list[Article],
        chunked: int) -> None:
    pipeline = make_pipeline()
    first = import_documents(store, pipeline, corpus, source="news.jsonl", now=clock)
    before = snapshot(store, DATA_TABLES)
    second = import_documents(store, pipeline, corpus, source="news.jsonl", now=clock)
    assert snapshot(store, DATA_TABLES) == before
    assert (first.new, first.unchanged, second.new, second.unchanged, second.status) == (3, 0, 0, 3, "ok")
    assert pipeline.calls == ["a1", "a2", "a3"]  # unchanged articles are not extracted again
    assert counts(store, ("import_runs",)) == {"import_runs": 2}


def test_a_changed_article_is_updated_and_the_rest_unchanged(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
        make_article: Callable[..., Article], corpus: list[Article], chunked: int) -> None:
    import_documents(store, make_pipeline(), corpus, source="news.jsonl", now=clock)
    old = store.query("SELECT event_id FROM events WHERE article_id = 'a3' ORDER BY 1")[1]
    changed = [*corpus[:2], make_article("a3", PROTEST, origin="news.jsonl:3")]
    run = import_documents(store, make_pipeline(), changed, source="news.jsonl", now=clock)
    assert (run.seen, run.new, run.updated, run.unchanged, run.failed) == (3, 0, 1, 2, 0)
    assert store.query("SELECT count(*) FROM events WHERE background")[1] == [(0,)]
    # the replaced events are kept, marked with the time and the run that replaced them
    kept = store.query("SELECT event_id, superseded_at, superseded_by_run FROM events_superseded ORDER BY 1")[1]
    assert [(event_id,) for event_id, _, _ in kept] == old and old
    assert all(at is not None and by == run.run_id for _, at, by in kept)


def test_the_same_article_twice_in_one_import(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
        make_article: Callable[..., Article], chunked: int) -> None:
    documents = [make_article("a1", CLASH), make_article("a1", CLASH), make_article("a1", PROTEST)]
    run = import_documents(store, make_pipeline(), documents, source="news.jsonl", now=clock)
    assert (run.seen, run.new, run.unchanged, run.updated) == (3, 1, 1, 1)
    assert store.query("SELECT event_type FROM events")[1] == [("Protests",)]
    assert counts(store) == {"articles": 1, "events": 1, "event_places": 1, "event_actors": 1, "claims": 0,
                             "evidence": 3}


def test_failures_are_collected_and_the_other_documents_still_go_in(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], corpus: list[Article],
        chunked: int) -> None:
    documents = [ReadFailure("news.jsonl:1", "not valid JSON: Expecting value at column 1"), *corpus]
    run = import_documents(store, make_pipeline(refuse=frozenset({"a2"})), documents, source="news.jsonl",
                           now=clock)
    assert (run.seen, run.new, run.failed, run.status) == (4, 2, 2, "partial")
    assert store.query("SELECT article_id FROM articles ORDER BY 1")[1] == [("a1",), ("a3",)]
    assert store.query("SELECT ordinal, document, reason FROM import_failures ORDER BY ordinal")[1] == [
        (0, "news.jsonl:1", "not valid JSON: Expecting value at column 1"),
        (1, "news.jsonl:2", "extraction failed: the fake pipeline refuses this article"),
    ]
    started = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
    finished = datetime(2026, 3, 4, 9, 30, 3)  # the clock ticks once more for each article written
    assert store.query("SELECT run_id, status, started_at, finished_at FROM import_runs")[1] == [
        (run_id_for("news.jsonl", started), "partial", datetime(2026, 3, 4, 9, 30), finished)]


def test_an_extraction_the_store_refuses_is_a_failure_not_a_crash(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], corpus: list[Article],
        chunked: int) -> None:
    clashing = make_pipeline(same_event_id="ev-same")
    run = import_documents(store, clashing, corpus[:2], source="news.jsonl", now=clock)
    assert (run.new, run.failed, run.status) == (1, 1, "partial")
    assert run.failures == [ImportFailure(document="news.jsonl:2",
                                          reason="event_id 'ev-same' already belongs to article 'a1'")]


@pytest.mark.parametrize(("refuse", "strict", "status", "written"), [
    pytest.param(frozenset(), False, "ok", ["a1", "a2", "a3"], id="nothing fails"),
    pytest.param(frozenset({"a2"}), False, "partial", ["a1", "a3"], id="one fails"),
    pytest.param(frozenset({"a1", "a2", "a3"}), False, "failed", [], id="all fail"),
    pytest.param(frozenset(), True, "ok", ["a1", "a2", "a3"], id="strict and nothing fails"),
    pytest.param(frozenset({"a3"}), True, "failed", [], id="strict and the last one fails"),
])
def test_run_status(store: Store, clock: FixedClock, refuse: frozenset[str], strict: bool, status: str,
                    written: list[str], make_pipeline: type[FakePipeline], corpus: list[Article]) -> None:
    run = import_documents(store, make_pipeline(refuse=refuse), corpus, source="news.jsonl", strict=strict,
                           now=clock)
    assert run.status == status
    assert [r[0] for r in store.query("SELECT article_id FROM articles ORDER BY 1")[1]] == written
    assert store.query("SELECT status, seen, failed FROM import_runs")[1] == [(status, 3, len(refuse))]


def test_strict_rolls_back_the_data_but_records_the_run(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], corpus: list[Article],
        chunked: int) -> None:
    import_documents(store, make_pipeline(), corpus[:1], source="first.jsonl", now=clock)
    before = snapshot(store, DATA_TABLES)
    documents = [*corpus, ReadFailure("news.jsonl:4", "no 'text' field")]
    run = import_documents(store, make_pipeline(), documents, source="news.jsonl", strict=True, now=clock)
    assert snapshot(store, DATA_TABLES) == before
    assert (run.seen, run.new, run.updated, run.unchanged, run.failed) == (4, 0, 0, 0, 1)
    assert run.status == "failed"
    assert store.query("SELECT r.source, f.document, f.reason FROM import_runs r JOIN import_failures f "
                       "USING (run_id)")[1] == [("news.jsonl", "news.jsonl:4", "no 'text' field")]


@pytest.mark.parametrize("crash_on", ["a1", "a2", "a3"])
def test_an_unexpected_error_rolls_everything_back_and_propagates(
        store: Store, clock: FixedClock, crash_on: str, make_pipeline: type[FakePipeline],
        make_article: Callable[..., Article], corpus: list[Article], chunked: int) -> None:
    import_documents(store, make_pipeline(), [make_article("a0", PROTEST)], source="first.jsonl", now=clock)
    changed = [make_article("a0", QUIET), *corpus]  # an update before the crash must be undone too
    before = snapshot(store)
    with pytest.raises(RuntimeError, match=f"^fake pipeline crashed on {crash_on}$"):
        import_documents(store, make_pipeline(crash=frozenset({crash_on})), changed, source="news.jsonl",
                         now=clock)
    assert snapshot(store) == before


@pytest.mark.parametrize(("segment", "kept"), [
    pytest.param(2, ["a0", "a1"], id="segments of two: the first segment stays, the failing one goes"),
    pytest.param(0, [], id="no segments: the whole import is rolled back"),
    pytest.param(10, [], id="an import smaller than a segment is one transaction"),
])
def test_a_large_import_commits_in_segments_and_a_crash_loses_only_the_current_one(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], make_article: Callable[..., Article],
        monkeypatch: pytest.MonkeyPatch, segment: int, kept: list[str]) -> None:
    monkeypatch.setattr(importer, "CHUNK", 1)
    documents = [make_article(f"a{i}", text) for i, text in enumerate([CLASH, SHELLING, PROTEST, QUIET])]
    with pytest.raises(RuntimeError, match="^fake pipeline crashed on a3$"):
        import_documents(store, make_pipeline(crash=frozenset({"a3"})), documents, source="big.jsonl",
                         now=clock, segment=segment)
    assert [r[0] for r in store.query("SELECT article_id FROM articles ORDER BY 1")[1]] == kept
    run = import_documents(store, make_pipeline(), documents, source="big.jsonl", now=clock, segment=segment)
    assert (run.new, run.unchanged) == (4 - len(kept), len(kept))  # running it again goes on where it stopped


def test_a_strict_import_is_one_transaction_whatever_its_size(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], make_article: Callable[..., Article],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 1)
    documents = [make_article("a0", CLASH), make_article("a1", SHELLING), ReadFailure("big.jsonl:3", "not JSON")]
    run = import_documents(store, make_pipeline(), documents, source="big.jsonl", strict=True, now=clock,
                           segment=1)
    assert run.status == "failed" and store.query("SELECT count(*) FROM articles")[1] == [(0,)]


def test_a_reader_waits_while_another_process_holds_the_write_lock(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    Store.open(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(1.5)", str(db)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="locked by another process"):
            Store.open(db, read_only=True, waiting=Waiting(seconds=0.2))
        with Store.open(db, read_only=True) as store:  # waits for the writer to finish
            assert store.query("SELECT count(*) FROM events")[1] == [(0,)]
    finally:
        holder.wait(timeout=30)


@pytest.mark.parametrize(("text", "reason"), [
    pytest.param("Rebels clashed with soldiers in Northtown and 3000000000 soldiers were killed.",
                 "fatalities 3000000000 is more than the database can hold (2147483647 at most)", id="an event's"),
    pytest.param("Officials said 2147483648 people were killed.",
                 "count_low 2147483648 is more than the database can hold (2147483647 at most)", id="a claim's"),
])
def test_a_figure_beyond_the_integer_columns_fails_its_article_only(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline], make_article: Callable[..., Article],
        text: str, reason: str) -> None:
    """The fake pipeline reads any figure (the real one reads none this large): the store's own guard refuses
    the article, where the INSERT used to fail the whole import."""
    articles = [make_article("a1", CLASH, origin="news.jsonl:1"), make_article("a2", text, origin="news.jsonl:2"),
                make_article("a3", PROTEST, origin="news.jsonl:3")]
    run = import_documents(store, make_pipeline(), articles, source="news.jsonl", now=clock)
    assert (run.new, run.failed, run.status) == (2, 1, "partial")
    assert run.failures == [ImportFailure(document="news.jsonl:2", reason=reason)]
    assert store.query("SELECT article_id FROM articles ORDER BY 1")[1] == [("a1",), ("a3",)]
