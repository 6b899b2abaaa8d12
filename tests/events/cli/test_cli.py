"""The `events` command line through click's CliRunner: exact output, messages and exit codes.

Read commands run on a database filled through the library with the fake pipeline; `import` and `build`
run the real pipeline.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main
from events.ingest.importer import import_documents
from events.store.db import Store
from schemas import SCHEMA_VERSION, Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
PROTEST = "Hundreds of students protested in Southport on Tuesday."
NO_DB_HINT = "(run 'events import' first; 'events build' puts the samples in samples.duckdb)"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def db(tmp_path: Path, clock: FixedClock, make_pipeline: type[FakePipeline],
       make_article: Callable[..., Article]) -> Path:
    path = tmp_path / "events.duckdb"
    with Store.open(path) as store:
        articles = [make_article("a1", CLASH, source="Daily Example"), make_article("a2", PROTEST)]
        import_documents(store, make_pipeline(), articles, source="test", now=clock)
    return path


def event_id_of(db: Path, article_id: str) -> str:
    with Store.open(db, read_only=True) as store:
        return str(store.query("SELECT event_id FROM events WHERE article_id = ?", [article_id])[1][0][0])


def test_schema_json_prints_the_json_schema() -> None:
    result = run("schema", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    schema = json.loads(result.stdout)
    assert schema["version"] == SCHEMA_VERSION
    assert {"Article", "Event", "CasualtyClaim", "ImportRun"} <= set(schema["$defs"])


@pytest.mark.parametrize("args", [
    ["sql", "SELECT 1"],
    ["explain", "ev-1"],
    ["export", "events", "--out", "events.csv"],
    ["export", "claims", "--out", "claims.csv"],
], ids=["sql", "explain", "export events", "export claims"])
def test_read_commands_without_a_database_say_how_to_make_one(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "missing.duckdb"
    result = run(*args, "--db", str(missing))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: no database at {missing} {NO_DB_HINT}\n"
    assert not missing.exists()


def test_the_database_defaults_to_the_events_db_variable(db: Path) -> None:
    result = run("sql", "SELECT count(*) AS n FROM articles", "--format", "csv", env={"EVENTS_DB": str(db)})
    assert (result.exit_code, result.stdout) == (0, "n\n2\n")


QUERY = ("SELECT article_id, count(*) AS events, min(source) AS outlet "
         "FROM events JOIN articles USING (article_id) GROUP BY 1 ORDER BY 1")


@pytest.mark.parametrize(("fmt", "expected"), [
    ("table", "article_id  events  outlet\n"
              "----------  ------  -------------\n"
              "a1          1       Daily Example\n"
              "a2          1\n"),
    ("csv", "article_id,events,outlet\na1,1,Daily Example\na2,1,\n"),
    ("json", json.dumps([{"article_id": "a1", "events": 1, "outlet": "Daily Example"},
                         {"article_id": "a2", "events": 1, "outlet": None}], indent=2) + "\n"),
])
def test_sql_renders_rows_in_each_format(db: Path, fmt: str, expected: str) -> None:
    result = run("sql", QUERY, "--db", str(db), "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == expected


@pytest.mark.parametrize(("query", "message"), [
    ("INSERT INTO articles (article_id) VALUES ('x')",
     "only SELECT statements are allowed, got INSERT"),
    ("UPDATE events SET fatalities = 99",
     "only SELECT statements are allowed, got UPDATE"),
    ("SELECT 1; DROP TABLE events", "expected exactly one SQL statement, got 2"),
    ("SELECT * FROM nowhere", "Catalog Error: Table with name nowhere does not exist! (line 1, column 15)"),
])
def test_sql_refuses_writes_and_bad_queries_with_one_line(db: Path, query: str, message: str) -> None:
    before = db.read_bytes()
    result = run("sql", query, "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert db.read_bytes() == before


def test_export_writes_the_csv_and_says_how_many_rows(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = run("export", "events", "--out", str(out), "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"Wrote 2 events rows to {out}\n", "")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["article_id"], r["event_type"], r["sources"]) for r in rows] == [
        ("a1", "Battles", "officials; Daily Example"), ("a2", "Protests", "")]


def test_export_to_standard_output(db: Path) -> None:
    result = run("export", "claims", "--out", "-", "--db", str(db))
    assert result.exit_code == 0
    [claim] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (claim["article_id"], claim["count_low"], claim["claimant"], claim["hedged"]) == (
        "a1", "4", "officials", "false")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["export", "claims", "--out", "c.csv", "--include-background"], 2,
     "Error: --include-background applies to 'events' only"),
    (["export", "places", "--out", "p.csv"], 2,
     "Error: Invalid value for '{events|claims|acled}': 'places' is not one of"),
    (["export", "events"], 2, "Error: Missing option '--out'."),
])
def test_export_usage_errors(db: Path, args: list[str], code: int, message: str) -> None:
    result = run(*args, "--db", str(db))
    assert result.exit_code == code
    assert message in result.stderr


def test_export_into_a_missing_folder_is_one_error_line(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "events.csv"
    result = run("export", "events", "--out", str(out), "--db", str(db))
    assert (result.exit_code, result.stderr) == (1, f"Error: {out}: cannot write: no such file or directory\n")


def test_explain_prints_the_sentence_then_one_line_per_field(db: Path) -> None:
    event_id = event_id_of(db, "a1")
    result = run("explain", event_id, "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")

    def span(word: str) -> str:
        return f'"{word}" [{CLASH.index(word)}:{CLASH.index(word) + len(word)}]'

    rows = [("event_type", "Battles", span("clashed"), "fake.trigger.clash"),
            ("place", "Northtown, Upper District, North Province, Examplia", span("Northtown"), "fake.place"),
            ("actor1", "Military Forces of Examplia", span("soldiers"), "fake.actor.soldiers"),
            ("actor2", "Examplia Liberation Front", span("rebels"), "fake.actor.rebels"),
            ("claim", "killed 4 (victims: soldiers; exact; claimant: officials)",
             span("4 soldiers were killed"), "fake.claim.killed")]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    assert result.stdout.splitlines() == [
        f"Event {event_id} (article a1)",
        f"Sentence [0:{len(CLASH)}]: {CLASH}",
        *(f"{a.ljust(widths[0])}  {b.ljust(widths[1])}  {c.ljust(widths[2])}  {d}" for a, b, c, d in rows),
    ]


def test_explain_of_an_unknown_event(db: Path) -> None:
    result = run("explain", "ev-nope", "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: no event with id 'ev-nope'\n")


# -- import and build, with the real pipeline ---------------------------------------------------------------

GOOD = {"id": "n-1", "published_at": "2026-03-02", "source": "Example Wire",
        "text": "Soldiers clashed with rebels near Gao on Monday, killing five fighters, the army said."}


def test_import_reports_counts_and_each_failure(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps(GOOD) + "\nnot json\n")
    db = tmp_path / "events.duckdb"
    result = run("import", str(news), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == 1
    assert result.stdout == "3 documents: 1 new, 0 updated, 0 unchanged, 2 failed\n"
    assert result.stderr == (f"Error: {news}:2: not valid JSON: Expecting value at column 1\n"
                             f"Error: {tmp_path}/missing.txt: no such file or directory\n")
    again = run("import", str(news), "--db", str(db))  # the bad line failed before: skipped, no new failure
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "2 documents: 0 new, 0 updated, 1 unchanged, 0 failed, 1 skipped (failed before)\n", "")


def test_import_succeeds_with_exit_code_0(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Rebels seize a bridge\n\nRebels attacked an army post near Gao on Sunday.\n")
    db = tmp_path / "events.duckdb"
    result = run("import", str(story), "--published-at", "2026-03-02", "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n", "")
    published = run("sql", "SELECT published_at, title FROM articles", "--db", str(db), "--format", "csv")
    assert published.stdout == "published_at,title\n2026-03-02,Rebels seize a bridge\n"


def test_import_strict_imports_nothing_when_anything_fails(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps(GOOD) + '\n{"id": "n-2"}\n')
    db = tmp_path / "events.duckdb"
    result = run("import", str(news), "--strict", "--db", str(db))
    assert result.exit_code == 1
    assert result.stdout == ("2 documents: 0 new, 0 updated, 0 unchanged, 1 failed "
                             "(--strict: nothing imported)\n")
    assert result.stderr == f"Error: {news}:2: no 'text' field\n"
    counts = run("sql", "SELECT (SELECT count(*) FROM articles) AS articles, "
                 "(SELECT count(*) FROM import_runs) AS runs", "--db", str(db), "--format", "csv")
    assert counts.stdout == "articles,runs\n0,1\n"


def test_import_with_a_bad_date_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run("import", str(tmp_path), "--published-at", "March 2")
    assert result.exit_code == 2
    assert "Invalid value for '--published-at'" in result.stderr


def test_build_imports_the_samples_and_summarises(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    samples = Path(__file__).parents[3] / "events" / "samples" / "articles.jsonl"
    count = sum(1 for line in samples.read_text(encoding="utf-8").splitlines() if line.strip())
    result = run("build", "--db", str(db))
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"Database: {db}", f"Articles: {count}"]
    assert lines[2].startswith("Events: ") and lines[-2].startswith("Geocoded: ")
    assert lines[-1] == f"{count} documents: {count} new, 0 updated, 0 unchanged, 0 failed"
    rebuilt = run("build", "--db", str(db))
    assert rebuilt.stdout.splitlines()[-1] == (
        f"{count} documents: 0 new, 0 updated, {count} unchanged, 0 failed")


def test_build_keeps_the_samples_in_their_own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for env in ({}, {"EVENTS_DB": str(tmp_path / "mine.duckdb")}):  # the user's database, by default or named
        result = run("build", env=env)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout.splitlines()[0] == "Database: samples.duckdb"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["samples.duckdb"]
    missing = run("sql", "SELECT count(*) FROM articles")  # the user's database: still to be made by an import
    assert (missing.exit_code, missing.stderr) == (1, f"Error: no database at events.duckdb {NO_DB_HINT}\n")
    samples = run("sql", "SELECT count(*) AS articles FROM articles", "--db", "samples.duckdb", "--format", "csv")
    assert samples.stdout == "articles\n18\n"


# -- the gazetteer's errors: tests/events/cli/test_cli_gazetteer.py ----------------------------------------


# -- analyst outputs --------------------------------------------------------------------------------------

def test_sql_cannot_read_other_files(db: Path) -> None:
    result = run("sql", "SELECT * FROM read_csv('/etc/passwd')", "--db", str(db))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ('Error: Permission Error: Cannot access file "/etc/passwd" - file system '
                             "operations are disabled by configuration (line 1, column 15)\n")


def test_sql_renders_markdown(db: Path) -> None:
    result = run("sql", "SELECT event_type, 'a|b' AS piped FROM events_acled ORDER BY 1", "--db", str(db),
                 "--format", "markdown")
    assert (result.exit_code, result.stdout) == (0, "| event_type | piped |\n| --- | --- |\n"
                                                    "| Battles | a\\|b |\n| Protests | a\\|b |\n")


@pytest.mark.parametrize("view", ["events_acled", "events_ged", "event_claims", "event_sources",
                                  "daily_counts"])
def test_sql_reaches_the_analyst_views(db: Path, view: str) -> None:
    result = run("sql", f"SELECT count(*) AS n FROM {view}", "--db", str(db), "--format", "csv")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, "n")


def test_schema_lists_every_table_and_view_with_types() -> None:
    result = run("schema")
    assert (result.exit_code, result.stderr) == (0, "")
    heads = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert {"articles (table)", "events (table)", "claims (table)", "events_acled (view)",
            "events_ged (view)", "daily_counts (view)"} <= {h.split(":")[0] for h in heads}
    assert re.search(r"^  fatalities +INTEGER +ACLED's conservative figure over the claims$", result.stdout,
                     re.MULTILINE)


@pytest.mark.parametrize(("args", "rows"), [
    pytest.param([], 2, id="all"),
    pytest.param(["--country", "Cote d'Ivoire"], 0, id="a quote in a filter value is a value"),
    pytest.param(["--type", "protests"], 1, id="type"),
    pytest.param(["--actor", "liberation", "--min-fatalities", "1"], 1, id="actor and fatalities"),
    pytest.param(["--since", "2026-03-03"], 0, id="since"),
    pytest.param(["--bbox", "-4,12,-3,13"], 1, id="bbox"),
])
def test_export_filters(db: Path, tmp_path: Path, args: list[str], rows: int) -> None:
    out = tmp_path / "acled.csv"
    result = run("export", "acled", "--out", str(out), "--db", str(db), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"Wrote {rows} acled rows to {out}\n", "")
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == rows


@pytest.mark.parametrize(("fmt", "first"), [
    ("jsonl", '{"event_id": '), ("geojson", '{"type": "FeatureCollection", "features": ['),
])
def test_export_text_formats_to_standard_output(db: Path, fmt: str, first: str) -> None:
    result = run("export", "events", "--out", "-", "--format", fmt, "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout.startswith(first)


def test_export_parquet(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    result = run("export", "events", "--out", str(out), "--format", "parquet", "--db", str(db))
    assert (result.exit_code, result.stdout) == (0, f"Wrote 2 events rows to {out}\n")
    assert out.read_bytes()[:4] == b"PAR1"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--format", "jsonl", "--excel"], 2, "Error: --excel applies to --format csv only"),
    (["--bbox", "1,2,3"], 1, "Error: bbox '1,2,3' is not four numbers west,south,east,north"),
    (["--since", "March"], 2, "Invalid value for '--since'"),
    (["--min-fatalities", "-1"], 2, "Invalid value for '--min-fatalities'"),
])
def test_export_option_errors(db: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    result = run("export", "events", "--out", str(tmp_path / "x"), "--db", str(db), *args)
    assert result.exit_code == code
    assert message in result.stderr


@pytest.mark.parametrize(("fmt", "expected"), [
    ("csv", "section,key,events,fatalities,fatalities_low,fatalities_high,share\n"
            "total,all,2,4,4,4,1.0\ncountry,Examplia,2,4,4,4,1.0\n"),
    ("table", "All news events\n\nkey  events  fatalities  fatalities_low  fatalities_high  share\n"),
    ("markdown", "## All news events\n\n| key | events | fatalities | fatalities_low | fatalities_high | share |\n"),
])
def test_stats_in_each_format(db: Path, fmt: str, expected: str) -> None:
    result = run("stats", "--db", str(db), "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(expected)


def test_stats_json_groups_nothing_away(db: Path) -> None:
    result = run("stats", "--db", str(db), "--format", "json", "--top", "1")
    records = json.loads(result.stdout)
    assert [r["key"] for r in records if r["section"] == "actor"] == ["Examplia Liberation Front"]
    assert {r["section"] for r in records} == {"total", "country", "event_type", "month", "actor",
                                               "geo_precision"}
