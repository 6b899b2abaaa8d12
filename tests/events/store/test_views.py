"""The analyst views: ACLED's and GED's columns and codes, claims and sources, daily counts, background
events left out; the sandboxed read connection, SQL errors with their position, the generated schema."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.errors import QueryError, StoreError
from events.outputs.export import ACLED_COLUMNS
from events.store.db import Store, open_read_only
from events.store.views import ANALYST_VIEWS, describe_schema, schema_text, sql_error, views_ddl
from schemas import Actor, Article, Event, Place, ddl

if TYPE_CHECKING:
    from conftest import FakeExtraction, FakePipeline, FixedClock

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
SHELLING = "Artillery shelled Southport and Eastvale overnight, where 2 civilians were reportedly killed."
PROTEST = "Hundreds of students protested in Southport."
RECALLED = "Many years ago rebels attacked Eastvale and 9 people were killed."
TOLL = "Local officials said 3 people were killed over the weekend."

Tweak = Callable[[Event], Event]
Write = Callable[..., None]


@pytest.fixture
def write(store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
          make_article: Callable[..., Article], make_extraction: type[FakeExtraction]) -> Write:
    """Write one article through the fake pipeline, each event changed by `tweak` first."""
    def go(text: str, tweak: Tweak = lambda event: event, source: str | None = "Daily Example") -> None:
        pipeline = make_pipeline()
        found = pipeline.extract(make_article("a1", text, source=source, title="A headline"))
        extraction = make_extraction(found.article, [tweak(e) for e in found.events], found.claims)
        assert store.write_extractions([extraction], version=pipeline.version, run_id="r", now=clock) == ["new"]

    return go


def one(store: Store, sql: str) -> dict[str, Any]:
    columns, rows = store.query(sql)
    assert len(rows) == 1, rows
    return dict(zip(columns, rows[0], strict=True))


def changed(**fields: Any) -> Tweak:
    return lambda event: event.model_copy(update=fields)


def placed(precision: int, feature_code: str | None, country_code: str | None = "EX") -> Tweak:
    def tweak(event: Event) -> Event:
        place = Place(name="Somewhere", country="Examplia", country_code=country_code, latitude=1.0,
                      longitude=2.0, feature_code=feature_code) if feature_code else None
        mention = event.places[0].model_copy(update={"place": place, "geo_precision": precision})
        return event.model_copy(update={"places": [mention]})
    return tweak


def with_inters(inter1: int | None, inter2: int | None) -> Tweak:
    def tweak(event: Event) -> Event:
        actors: list[Actor] = [a.model_copy(update={"inter": inter1 if a.role == "actor1" else inter2})
                               for a in event.actors]
        return event.model_copy(update={"actors": actors})
    return tweak


def test_every_view_has_its_documented_columns_and_acled_keeps_acleds_order(store: Store) -> None:
    columns = {view: tuple(store.query(f"SELECT * FROM {view} LIMIT 0")[0]) for view in ANALYST_VIEWS}
    assert columns["events_acled"] == ACLED_COLUMNS
    assert columns["daily_counts"] == ("date", "country", "event_type", "events", "fatalities")
    assert {"id", "year", "type_of_violence", "side_a", "side_b", "best", "low", "high", "where_prec",
            "date_prec", "date_start", "date_end", "latitude", "longitude", "country", "adm_1", "adm_2",
            "where_coordinates", "source_article", "source_original"} <= set(columns["events_ged"])
    assert {"event_id", "article_id", "published_at", "source", "url", "claimants"} <= set(
        columns["event_sources"])


@pytest.mark.parametrize("view", ANALYST_VIEWS)
def test_background_events_are_left_out_of_every_analyst_view(store: Store, write: Write, view: str) -> None:
    write(f"{CLASH} {RECALLED}")
    rows = store.query(f"SELECT * FROM {view}")[1]
    assert len(rows) == 1
    assert not any(isinstance(v, str) and "years ago" in v for v in rows[0])


@pytest.mark.parametrize(("precision", "acled", "ged", "end"), [
    pytest.param("day", 1, 1, date(2026, 3, 2), id="a day"),
    pytest.param("week", 2, 3, date(2026, 3, 8), id="a week runs six more days"),
    pytest.param("month", 3, 4, date(2026, 3, 31), id="a month ends on its last day"),
    pytest.param("year", 3, 5, date(2026, 12, 31), id="a year ends on 31 December"),
])
def test_date_precision_becomes_acled_and_ged_codes(store: Store, write: Write, precision: str, acled: int,
                                                    ged: int, end: date) -> None:
    write(CLASH, changed(date_precision=precision))
    assert one(store, "SELECT time_precision, year FROM events_acled") == {"time_precision": acled,
                                                                            "year": 2026}
    assert one(store, "SELECT date_prec, date_start, date_end FROM events_ged") == {
        "date_prec": ged, "date_start": date(2026, 3, 2), "date_end": end}


@pytest.mark.parametrize(("tweak", "where_prec"), [
    pytest.param(placed(1, "PPL"), 1, id="the town itself"),
    pytest.param(placed(2, "PPL"), 2, id="near the town"),
    pytest.param(placed(3, "ADM2"), 3, id="a district"),
    pytest.param(placed(3, "ADM1"), 4, id="a province"),
    pytest.param(placed(3, "PCLI"), 6, id="the country"),
    pytest.param(placed(3, None), None, id="an unresolved place"),
])
def test_geo_precision_becomes_geds_where_prec(store: Store, write: Write, tweak: Tweak,
                                               where_prec: int | None) -> None:
    write(CLASH, tweak)
    assert one(store, "SELECT where_prec FROM events_ged")["where_prec"] == where_prec


@pytest.mark.parametrize(("text", "tweak", "violence"), [
    pytest.param(CLASH, with_inters(1, 2), 1, id="state forces against rebels: state-based"),
    pytest.param(CLASH, with_inters(2, 3), 2, id="rebels against militia: non-state"),
    pytest.param(CLASH.replace("clashed with", "attacked"), with_inters(1, 7), 3,
                 id="violence against civilians: one-sided"),
    pytest.param(PROTEST, with_inters(6, None), None, id="a protest is not in GED"),
])
def test_type_of_violence(store: Store, write: Write, text: str, tweak: Tweak, violence: int | None) -> None:
    write(text, tweak)
    rows = store.query("SELECT type_of_violence FROM events_ged")[1]
    assert rows == ([] if violence is None else [(violence,)])


# (fatalities_low, fatalities, fatalities_high) as stored -> GED's (low, best, high)
@pytest.mark.parametrize(("stored", "ged"), [
    pytest.param((4, 4, 4), (4, 4, 4), id="one exact figure"),
    pytest.param((7, 7, 15), (7, 7, 15), id="rival figures: the lowest is best"),
    pytest.param((None, 0, None), (0, 0, 0), id="no toll reported"),
    pytest.param((24, 12, 99), (12, 12, 99), id="'dozens' is coded 12 below its range 24..99"),
    pytest.param((31, 30, 31), (30, 30, 31), id="'more than 30' is coded 30 below its range 31.."),
    pytest.param((2, 5, 3), (2, 5, 5), id="'two soldiers and three civilians' sums above each figure"),
])
def test_geds_low_best_high_are_ordered_and_best_is_acleds_figure(
        store: Store, write: Write, stored: tuple[int | None, int, int | None], ged: tuple[int, int, int]) -> None:
    low, fatalities, high = stored
    write(CLASH, changed(fatalities=fatalities, fatalities_low=low, fatalities_high=high))
    assert tuple(one(store, "SELECT low, best, high FROM events_ged").values()) == ged
    assert one(store, "SELECT fatalities FROM events_acled")["fatalities"] == fatalities


@pytest.mark.parametrize(("inters", "interaction"), [
    pytest.param((1, 2), 12, id="lower code first"),
    pytest.param((2, 1), 12, id="lower code first whatever the roles"),
    pytest.param((6, None), 60, id="one actor type alone"),
    pytest.param((None, None), None, id="no codes"),
])
def test_acled_interaction(store: Store, write: Write, inters: tuple[int | None, int | None],
                           interaction: int | None) -> None:
    write(CLASH, with_inters(*inters))
    assert one(store, "SELECT inter1, inter2, interaction FROM events_acled") == {
        "inter1": inters[0], "inter2": inters[1], "interaction": interaction}


@pytest.mark.parametrize(("country_code", "iso"), [("ML", 466), ("XK", 0), ("EX", None)])
def test_acled_iso_is_the_numeric_country_code(store: Store, write: Write, country_code: str,
                                               iso: int | None) -> None:
    write(CLASH, placed(1, "PPL", country_code))
    assert one(store, "SELECT iso FROM events_acled")["iso"] == iso


def test_acled_row_of_a_clash(store: Store, write: Write) -> None:
    write(CLASH)
    row = one(store, "SELECT * FROM events_acled")
    assert {k: row[k] for k in ("disorder_type", "event_type", "actor1", "actor2", "country", "location",
                                "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
                                "civilian_targeting")} == {
        "disorder_type": "Political violence", "event_type": "Battles",
        "actor1": "Military Forces of Examplia", "actor2": "Examplia Liberation Front", "country": "Examplia",
        "location": "Northtown", "latitude": 12.5, "longitude": -3.25, "geo_precision": 1,
        "source": "Daily Example", "notes": CLASH, "fatalities": 4, "civilian_targeting": None}


def test_an_event_at_two_places_is_mapped_at_the_first_resolved_one(store: Store, write: Write) -> None:
    write(SHELLING.replace("Southport and Eastvale", "Eastvale and Southport"))
    assert one(store, "SELECT location FROM events_acled")["location"] == "Southport"


def test_claims_view_keeps_article_level_claims_and_drops_background_ones(store: Store, write: Write) -> None:
    write(f"{CLASH} {TOLL} {RECALLED}")
    _, rows = store.query("SELECT evidence, event_type, location, source FROM event_claims ORDER BY span_start")
    assert rows == [("4 soldiers were killed", "Battles", "Northtown", "Daily Example"),
                    ("3 people were killed", None, None, "Daily Example")]


def test_event_sources_and_daily_counts(store: Store, write: Write) -> None:
    write(f"{CLASH} {SHELLING} {PROTEST}")
    _, sources = store.query("SELECT source, title, claimants FROM event_sources ORDER BY sentence")
    assert sources == [("Daily Example", "A headline", "reporter"), ("Daily Example", "A headline", "officials"),
                       ("Daily Example", "A headline", None)]
    _, counts = store.query("SELECT * FROM daily_counts ORDER BY event_type")
    assert counts == [(date(2026, 3, 2), "Examplia", "Battles", 1, 4),
                      (date(2026, 3, 2), "Examplia", "Explosions/Remote violence", 1, 2),
                      (date(2026, 3, 2), "Examplia", "Protests", 1, 0)]


# -- the read connection ----------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_json('/etc/hostname')",
    "SELECT * FROM read_text('/etc/passwd')",
])
def test_the_sandbox_reads_no_other_file(store: Store, tmp_path: Path, query: str) -> None:
    store.close()
    with open_read_only(tmp_path / "events.duckdb", sandbox=True) as sandboxed, \
            pytest.raises(QueryError, match="file system operations are disabled"):
        sandboxed.query(query)


def test_a_database_without_views_reads_with_them_and_is_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(ddl())
    con.close()
    before = path.read_bytes()
    with open_read_only(path, sandbox=True) as store:
        assert store.query("SELECT count(*) FROM events_acled")[1] == [(0,)]
    assert path.read_bytes() == before


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        open_read_only(tmp_path / "none.duckdb", sandbox=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT * FROM nowhere", "Catalog Error: Table with name nowhere does not exist! (line 1, column 15)"),
    ("SELECT event_id,\n  nope\nFROM events",
     'Binder Error: Referenced column "nope" not found in FROM clause! (line 2, column 3)'),
    ("SELECT 1 +", 'Parser Error: syntax error at or near "+" (line 1, column 10)'),
    ("SELECT " + "event_id, " * 30 + "nope FROM events",
     'Binder Error: Referenced column "nope" not found in FROM clause! (line 1, column 308)'),
    ("SELECT 1; SELECT 2", "expected exactly one SQL statement, got 2"),
])
def test_sql_errors_are_one_line_with_their_position(store: Store, query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        store.query(query)
    assert str(sql_error(query, caught.value)) == message


# -- the schema description -------------------------------------------------------------------------------

def test_every_table_view_and_column_is_described() -> None:
    relations = describe_schema()
    names = [r.name for r in relations]
    assert names[:len(re.findall(r"CREATE TABLE", ddl()))] == re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)",
                                                                          ddl())
    assert set(ANALYST_VIEWS) <= set(names) and len(re.findall(r"CREATE OR REPLACE VIEW", views_ddl())) == len(
        [r for r in relations if r.kind == "view"])
    undescribed = [f"{r.name}.{c.name}" for r in relations for c in r.columns if not c.description]
    assert [r.name for r in relations if not r.description] == [] and undescribed == []


@pytest.mark.parametrize(("line", "relation"), [
    ("events_acled (view): news events in ACLED's export columns and order, one row per event", "events_acled"),
    ("claims (table): every casualty or force-size figure as somebody claimed it", "claims"),
    ("daily_counts (view): news events and fatalities per day, country and event type", "daily_counts"),
])
def test_schema_text_heads_each_relation_and_aligns_its_columns(line: str, relation: str) -> None:
    text = schema_text(describe_schema())
    block = next(b for b in text.split("\n\n") if b.startswith(f"{relation} ("))
    assert block.splitlines()[0] == line
    columns = block.splitlines()[1:]
    assert len({len(c.split("  ")[0]) for c in columns}) == 1  # names padded to one width


@pytest.mark.parametrize(("sandbox", "external", "threads"), [
    pytest.param(True, False, None, id="queries: no other file"),
    pytest.param(False, True, 1, id="exports: one thread under a memory limit, spilling to disk"),
])
def test_read_connections_are_configured_for_their_use(store: Store, tmp_path: Path, sandbox: bool,
                                                       external: bool, threads: int | None) -> None:
    store.close()
    with open_read_only(tmp_path / "events.duckdb", sandbox=sandbox) as opened:
        row = one(opened, "SELECT current_setting('enable_external_access') AS external, "
                          "current_setting('threads') AS threads, current_setting('memory_limit') AS memory")
    assert row["external"] is external
    assert threads is None or row["threads"] == threads
    assert (row["memory"] == "244.1 MiB") is not sandbox


# -- GED's estimates through the command line, real pipeline ----------------------------------------------

# Three tolls whose range over the claims leaves ACLED's conservative figure outside it.
OWN_ARTICLES = [
    {"id": "ged-vague", "published_at": "2026-03-10", "source": "Sahel Wire", "title": "Gunmen attack village",
     "text": "Gunmen killed dozens of civilians in the village of Boni in central Mali on Monday, residents said."},
    {"id": "ged-open", "published_at": "2026-03-11", "source": "Sahel Wire", "title": "JNIM claims attack",
     "text": "JNIM said it killed more than 30 of its rivals near Menaka on Tuesday."},
    {"id": "ged-sum", "published_at": "2026-03-12", "source": "Sahel Wire", "title": "Clash in Gao",
     "text": "Soldiers clashed with rebels in Gao on Sunday, killing two soldiers and three civilians, a local "
             "official said."},
]


def cli_json(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_imported_articles_keep_geds_low_below_best_below_high(tmp_path: Path) -> None:
    docs, db = tmp_path / "mine.jsonl", str(tmp_path / "events.duckdb")
    docs.write_text("".join(json.dumps(a) + "\n" for a in OWN_ARTICLES), encoding="utf-8")
    imported = CliRunner().invoke(main, ["import", str(docs), "--db", db])
    assert (imported.exit_code, imported.stdout) == (0, "3 documents: 3 new, 0 updated, 0 unchanged, 0 failed\n")
    ged = cli_json("sql", "SELECT e.article_id, g.low, g.best, g.high FROM events_ged g "
                          "JOIN events e ON e.event_id = g.id ORDER BY 1", "--db", db)
    assert [(r["article_id"], r["low"], r["best"], r["high"]) for r in ged] == [
        ("ged-open", 30, 30, 31), ("ged-sum", 2, 5, 5), ("ged-vague", 12, 12, 99)]
    out = tmp_path / "acled.csv"
    exported = CliRunner().invoke(main, ["export", "acled", "--out", str(out), "--db", db])
    assert exported.exit_code == 0, exported.output
    with out.open(encoding="utf-8") as handle:
        fatalities = {row["event_id_cnty"]: int(row["fatalities"]) for row in csv.DictReader(handle)}
    assert {r["best"] for r in ged} == {30, 5, 12} and all(fatalities[r["id"]] == r["best"] for r in
                                                            cli_json("sql", "SELECT id, best FROM events_ged",
                                                                     "--db", db))


def test_every_ged_row_of_the_samples_has_low_at_most_best_at_most_high(tmp_path: Path) -> None:
    db = str(tmp_path / "samples.duckdb")
    built = CliRunner().invoke(main, ["build", "--db", db])
    assert built.exit_code == 0, built.output
    rows = cli_json("sql", "SELECT id, low, best, high FROM events_ged", "--db", db)
    outside = cli_json("sql", "SELECT count(*) AS n FROM events WHERE NOT background AND "
                              "(fatalities_low > fatalities OR fatalities_high < fatalities)", "--db", db)
    assert len(rows) >= 20 and outside[0]["n"] > 0  # the samples hold tolls whose claims' range misses the best
    assert [r for r in rows if not (r["low"] <= r["best"] <= r["high"])] == []
