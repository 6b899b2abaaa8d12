"""Exports: the evaluation kit's columns in order, one row per event and place, sources, background;
filters as bound parameters, Excel-safe CSV, JSON Lines, GeoJSON and Parquet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from events.errors import EventsError, InputError
from events.outputs import export as export_module
from events.outputs.export import (
    ACLED_COLUMNS,
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    ExportFormat,
    ExportTable,
    Filters,
    export_claims,
    export_events,
    export_table,
    parse_bbox,
)
from events.store import db as store_module
from events.store.db import Store

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

from schemas import Article

Load = Callable[..., None]

# Typed from the evaluation kit's README, in its order.
EVENTS_HEADER = [
    "event_id", "article_id", "event_date", "date_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location", "latitude",
    "longitude", "geonameid", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "sources",
    "sentence", "extractor_version",
]
CLAIMS_HEADER = ["claim_id", "event_id", "article_id", "kind", "count_low", "count_high", "qualifier",
                 "victim", "claimant", "hedged", "evidence"]
PLACE_COLUMNS = ["country", "admin1", "admin2", "location", "latitude", "longitude", "geonameid",
                 "geo_precision"]

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
SHELLING = "Artillery shelled Southport and Eastvale overnight, where 2 civilians were reportedly killed."
CROWDED = "Army soldiers and police clashed with rebels and students in Northtown."
NO_PLACE = "Riot police clashed with students outside the stadium."
RECALLED = "Many years ago rebels attacked Eastvale."
TOLL = "Local officials said 3 people were killed over the weekend."


def events_csv(store: Store, **options: bool) -> list[dict[str, str]]:
    out = io.StringIO()
    count = export_events(store, out, **options)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows)
    return rows


def claims_csv(store: Store) -> list[dict[str, str]]:
    out = io.StringIO()
    count = export_claims(store, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows)
    return rows


@pytest.fixture
def load(store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
         make_article: Callable[..., Article]) -> Load:
    """Write (article id, text, outlet) articles through the fake pipeline, as one batch."""
    def write(*articles: tuple[str, str, str | None]) -> None:
        pipeline = make_pipeline()
        extractions = [pipeline.extract(make_article(article_id, text, source=source))
                       for article_id, text, source in articles]
        assert set(store.write_extractions(extractions, version=pipeline.version, run_id="run-1",
                                           now=clock)) == {"new"}

    return write


def test_the_headers_are_the_evaluation_kits_columns_in_order(store: Store) -> None:
    events, claims = io.StringIO(), io.StringIO()
    assert (export_events(store, events), export_claims(store, claims)) == (0, 0)
    assert events.getvalue().splitlines() == [",".join(EVENTS_HEADER)]
    assert claims.getvalue().splitlines()[0].split(",")[:len(CLAIMS_HEADER)] == CLAIMS_HEADER


def test_an_event_at_two_places_is_two_rows_and_one_without_a_place_is_one(store: Store,
                                                                           load: Load) -> None:
    load(("a1", f"{SHELLING} {NO_PLACE}", "Daily Example"))
    rows = events_csv(store)
    assert [(r["sub_event_type"], r["location"], r["geo_precision"]) for r in rows] == [
        ("Shelling/artillery/missile attack", "Southport", "1"),
        ("Shelling/artillery/missile attack", "", "3"),
        ("Armed clash", "", ""),
    ]
    assert rows[0]["event_id"] == rows[1]["event_id"] != rows[2]["event_id"]
    assert [rows[0][c] for c in PLACE_COLUMNS] == ["Examplia", "Coast Province", "", "Southport", "9.75",
                                                   "-1.5", "9000002", "1"]
    assert [rows[2][c] for c in PLACE_COLUMNS] == [""] * len(PLACE_COLUMNS)


def test_values_are_written_as_the_kit_reads_them(store: Store, load: Load) -> None:
    load(("a1", CLASH, "Daily Example"))
    [row] = events_csv(store)
    assert {k: row[k] for k in ("article_id", "event_date", "date_precision", "event_type", "latitude",
                                "longitude", "geonameid", "fatalities", "fatalities_low", "fatalities_high",
                                "sentence", "extractor_version")} == {
        "article_id": "a1", "event_date": "2026-03-02", "date_precision": "day", "event_type": "Battles",
        "latitude": "12.5", "longitude": "-3.25", "geonameid": "9000001", "fatalities": "4",
        "fatalities_low": "4", "fatalities_high": "4", "sentence": CLASH, "extractor_version": "fake-1"}


@pytest.mark.parametrize(("text", "actors"), [
    pytest.param(CLASH, ("Military Forces of Examplia", "", "Examplia Liberation Front", ""), id="two sides"),
    pytest.param(CROWDED, ("Military Forces of Examplia", "", "Police Forces of Examplia",
                           "Examplia Liberation Front; Protesters (Examplia)"), id="two in a role, in order"),
    pytest.param(SHELLING, ("", "", "", ""), id="no actor"),
])
def test_actors_are_joined_by_role_in_order(store: Store, load: Load, text: str,
                                            actors: tuple[str, str, str, str]) -> None:
    load(("a1", text, None))
    [row, *_] = events_csv(store)
    assert (row["actor1"], row["assoc_actor_1"], row["actor2"], row["assoc_actor_2"]) == actors


@pytest.mark.parametrize(("text", "outlet", "sources"), [
    pytest.param(CLASH, "Daily Example", "officials; Daily Example", id="claimant then outlet"),
    pytest.param(CLASH, None, "officials", id="claimant without outlet"),
    pytest.param(CLASH.replace("were killed", "were killed and 2 rebels were killed"), None, "officials",
                 id="the same claimant once"),
    pytest.param(SHELLING, "Daily Example", "Daily Example", id="the reporter is the outlet"),
    pytest.param(SHELLING, None, "reporter", id="the reporter without outlet"),
    pytest.param(NO_PLACE, "Daily Example", "Daily Example", id="no claims: the outlet"),
    pytest.param(NO_PLACE, None, "", id="no claims, no outlet"),
])
def test_sources_are_the_claimants_and_the_outlet(store: Store, load: Load, text: str,
                                                  outlet: str | None, sources: str) -> None:
    load(("a1", text, outlet))
    assert {row["sources"] for row in events_csv(store)} == {sources}


@pytest.mark.parametrize(("include_background", "sentences"), [
    pytest.param(False, [CLASH], id="news only"),
    pytest.param(True, [CLASH, RECALLED], id="with background"),
])
def test_background_events_only_on_request(store: Store, load: Load, include_background: bool,
                                           sentences: list[str]) -> None:
    load(("a1", f"{CLASH} {RECALLED}", None))
    rows = events_csv(store, include_background=include_background)
    assert [row["sentence"] for row in rows] == sentences


def test_claims_rows(store: Store, load: Load) -> None:
    text = f"{CLASH} {SHELLING} {TOLL}"
    load(("a1", text, "Daily Example"))
    rows = claims_csv(store)
    events = {row["sentence"]: row["event_id"] for row in events_csv(store)}
    def span(evidence: str) -> dict[str, str]:
        return {"evidence": evidence, "span_start": str(text.index(evidence)),
                "span_end": str(text.index(evidence) + len(evidence))}

    assert [{k: row[k] for k in [*CLAIMS_HEADER[1:], "coded", "hedges", "span_start", "span_end"]}
            for row in rows] == [
        {"event_id": events[CLASH], "article_id": "a1", "kind": "killed", "count_low": "4", "count_high": "4",
         "qualifier": "exact", "victim": "soldiers", "claimant": "officials", "hedged": "false", "coded": "4",
         "hedges": "", **span("4 soldiers were killed")},
        {"event_id": events[SHELLING], "article_id": "a1", "kind": "killed", "count_low": "2",
         "count_high": "2", "qualifier": "exact", "victim": "civilians", "claimant": "reporter",
         "hedged": "true", "coded": "2", "hedges": "reportedly",
         **span("2 civilians were reportedly killed")},
        {"event_id": "", "article_id": "a1", "kind": "killed", "count_low": "3", "count_high": "3",
         "qualifier": "exact", "victim": "people", "claimant": "officials", "hedged": "false", "coded": "3",
         "hedges": "", **span("3 people were killed")},
    ]


def test_many_events_go_in_and_stream_out_in_batches(store: Store, load: Load,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "_BATCH_ROWS", 7)
    load(*((f"a{i:04}", f"{CLASH} {SHELLING} {NO_PLACE}", None) for i in range(300)))
    rows = events_csv(store)
    assert len(rows) == 300 * 4
    assert len({row["event_id"] for row in rows}) == 300 * 3
    assert list(store.iter_rows("SELECT * FROM range(5)", batch_size=2)) == [(0,), (1,), (2,), (3,), (4,)]


def test_export_to_a_path_writes_utf8_and_leaves_no_partial_file(store: Store, load: Load,
                                                                tmp_path: Path) -> None:
    load(("a1", CLASH.replace("Northtown", "Northtown and the Café district"), "Daily Example"))
    out = tmp_path / "events.csv"
    assert export_events(store, out) == 1
    assert "Café" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if "events.duckdb" not in p.name] == ["events.csv"]


def test_export_to_a_missing_folder_says_so(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "claims.csv"
    with pytest.raises(EventsError) as caught:
        export_claims(store, out)
    assert str(caught.value) == f"{out}: cannot write: no such file or directory"


# -- filters, formats, Excel safety ---------------------------------------------------------------------------

PROTEST = "Hundreds of students protested in Southport."
DATED = (("a1", CLASH, date(2026, 3, 2)), ("a2", f"{SHELLING} {TOLL}", date(2026, 4, 9)),
         ("a3", PROTEST, date(2026, 3, 20)))


@pytest.fixture
def dated(store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
          make_article: Callable[..., Article]) -> Store:
    pipeline = make_pipeline()
    extractions = [pipeline.extract(make_article(i, text, published_at=day, source="Daily Example"))
                   for i, text, day in DATED]
    store.write_extractions(extractions, version=pipeline.version, run_id="run-1", now=clock)
    return store


def rows_of(store: Store, table: ExportTable = "events", **options: Any) -> list[dict[str, str]]:
    out = io.StringIO()
    count = export_table(store, table, out, **options)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert count == len(rows)
    return rows


@pytest.mark.parametrize(("filters", "expected"), [
    pytest.param(Filters(), ["a1 Northtown", "a2 Southport", "a2 ", "a3 Southport"], id="none"),
    pytest.param(Filters(since=date(2026, 4, 1)), ["a2 Southport", "a2 "], id="since, inclusive"),
    pytest.param(Filters(until=date(2026, 3, 20)), ["a1 Northtown", "a3 Southport"], id="until, inclusive"),
    pytest.param(Filters(countries=("EXAMPLIA",)), ["a1 Northtown", "a2 Southport", "a3 Southport"],
                 id="country, any case, places without one left out"),
    pytest.param(Filters(countries=("x' OR 1=1 --",)), [], id="country holding SQL is only a name"),
    pytest.param(Filters(types=("battles", "Peaceful protest")), ["a1 Northtown", "a3 Southport"],
                 id="type or sub-event type"),
    pytest.param(Filters(actor="liberation"), ["a1 Northtown"], id="part of an actor's name"),
    pytest.param(Filters(actor="%"), [], id="an actor pattern is plain text"),
    pytest.param(Filters(min_fatalities=3), ["a1 Northtown"], id="min fatalities"),
    pytest.param(Filters(bbox=(-4.0, 12.0, -3.0, 13.0)), ["a1 Northtown"], id="bbox west,south,east,north"),
    pytest.param(Filters(since=date(2026, 3, 1), types=("Protests",), countries=("Examplia",)),
                 ["a3 Southport"], id="filters combine"),
])
def test_filters_choose_rows(dated: Store, filters: Filters, expected: list[str]) -> None:
    assert [f"{r['article_id']} {r['location']}" for r in rows_of(dated, filters=filters)] == expected


@pytest.mark.parametrize(("filters", "evidence"), [
    pytest.param(Filters(), ["4 soldiers were killed", "2 civilians were reportedly killed",
                             "3 people were killed"], id="all claims, article-level ones too"),
    pytest.param(Filters(since=date(2026, 4, 1)), ["2 civilians were reportedly killed"],
                 id="the claims of the chosen events"),
    pytest.param(Filters(countries=("nowhere",)), [], id="no event, no claim"),
])
def test_claims_follow_the_events_the_filters_choose(dated: Store, filters: Filters,
                                                     evidence: list[str]) -> None:
    assert [r["evidence"] for r in rows_of(dated, "claims", filters=filters)] == evidence


@pytest.mark.parametrize(("text", "bbox"), [
    ("1,2,3", "1,2,3"), ("west,south,east,north", "west,south,east,north"), ("5,0,4,1", "5,0,4,1"),
    ("0,-91,1,0", "0,-91,1,0"),
])
def test_a_bad_bbox_says_what_is_expected(text: str, bbox: str) -> None:
    with pytest.raises(InputError, match=f"bbox '{bbox}' is not"):
        parse_bbox(text)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(store: Store, load: Load, start: str) -> None:
    sentence = f"{start}1 soldiers clashed with rebels near Northtown."
    load(("a1", sentence, None))
    [row] = rows_of(store)
    assert row["sentence"] == "'" + sentence
    assert (row["longitude"], row["latitude"]) == ("-3.25", "12.5")  # numbers are left alone


def test_excel_csv_starts_with_a_byte_order_mark(store: Store, load: Load, tmp_path: Path) -> None:
    load(("a1", CLASH, None))
    out = tmp_path / "events.csv"
    export_table(store, "events", out, excel=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfevent_id,")
    export_table(store, "events", out)
    assert out.read_bytes().startswith(b"event_id,")


def test_json_lines_keep_types(dated: Store) -> None:
    out = io.StringIO()
    assert export_table(dated, "events", out, fmt="jsonl", filters=Filters(min_fatalities=3)) == 1
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert list(record) == list(EVENT_COLUMNS)
    assert {k: record[k] for k in ("event_date", "latitude", "fatalities", "assoc_actor_1")} == {
        "event_date": "2026-03-02", "latitude": 12.5, "fatalities": 4, "assoc_actor_1": None}


def test_geojson_is_points_with_every_column_as_properties(dated: Store) -> None:
    out = io.StringIO()
    assert export_table(dated, "acled", out, fmt="geojson") == 3
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["geometry"] for f in features] == [
        {"type": "Point", "coordinates": [-3.25, 12.5]}, {"type": "Point", "coordinates": [-1.5, 9.75]},
        {"type": "Point", "coordinates": [-1.5, 9.75]}]
    assert [list(f["properties"]) for f in features] == [list(ACLED_COLUMNS)] * 3


def test_geojson_rows_without_coordinates_have_no_geometry(dated: Store) -> None:
    out = io.StringIO()
    export_table(dated, "events", out, fmt="geojson", filters=Filters(since=date(2026, 4, 1)))
    assert [f["geometry"] is None for f in json.loads(out.getvalue())["features"]] == [False, True]


@pytest.mark.parametrize(("table", "columns", "count"), [
    ("events", EVENT_COLUMNS, 4), ("claims", CLAIM_COLUMNS, 3), ("acled", ACLED_COLUMNS, 3)])
def test_parquet_is_written_by_duckdb_with_the_same_columns(dated: Store, tmp_path: Path, table: ExportTable,
                                                            columns: tuple[str, ...], count: int) -> None:
    out = tmp_path / f"{table}.parquet"
    assert export_table(dated, table, out, fmt="parquet") == count
    reader = duckdb.connect()
    cursor = reader.execute("SELECT * FROM read_parquet(?)", [str(out)])
    assert tuple(d[0] for d in cursor.description or []) == columns
    assert len(cursor.fetchall()) == count
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".parquet") == [out.name]


@pytest.mark.parametrize(("table", "fmt", "out", "message"), [
    ("events", "parquet", io.StringIO(), "parquet is binary: give a file with --out"),
    ("claims", "geojson", io.StringIO(), "geojson needs coordinates: export events or acled, not claims"),
])
def test_formats_that_cannot_be_written_say_why(store: Store, table: ExportTable, fmt: ExportFormat,
                                                out: io.StringIO, message: str) -> None:
    with pytest.raises(InputError) as caught:
        export_table(store, table, out, fmt=fmt)
    assert str(caught.value) == message


def test_progress_is_told_the_rows_written(dated: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "PROGRESS_EVERY", 2)
    told: list[int] = []
    assert export_table(dated, "events", io.StringIO(), progress=told.append) == 4
    assert told == [2, 4, 4]
