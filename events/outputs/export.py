"""Exports: events and claims in the evaluation kit's column contract, and the `events_acled` view, filtered
by bound parameters and streamed from DuckDB in batches as CSV, JSON Lines or GeoJSON (Parquet is written
by DuckDB's COPY), so that memory stays flat however large the database."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO

import duckdb

from events.errors import FileError, InputError
from events.files import open_new, replacing
from events.store.db import Store

ExportTable = Literal["events", "claims", "acled"]
ExportFormat = Literal["csv", "parquet", "geojson", "jsonl"]
EXPORT_TABLES: tuple[ExportTable, ...] = ("events", "claims", "acled")
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "parquet", "geojson", "jsonl")

EVENT_COLUMNS = (
    "event_id", "article_id", "event_date", "date_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geonameid", "geo_precision", "fatalities", "fatalities_low", "fatalities_high",
    "sources", "sentence", "extractor_version",
)
CLAIM_COLUMNS = (
    "claim_id", "event_id", "article_id", "kind", "count_low", "count_high", "qualifier", "victim",
    "claimant", "hedged", "evidence", "coded", "hedges", "span_start", "span_end",
)
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
PROGRESS_EVERY = 10000
_EXCEL_TRIGGERS = ("=", "+", "-", "@")  # a spreadsheet reads a cell starting so as a formula

# One row per event and place (an event without a place keeps one row with empty place columns). Sources
# are the claimants in order of their first claim, then the outlet, which stands in for the 'reporter'.
# Only aggregates DuckDB can spill to disk (string_agg, not an ordered list()), so that memory stays flat.
_EVENTS_SQL = """
SELECT * EXCLUDE (background, sentence_index, place_ordinal) FROM (
    SELECT e.event_id, e.article_id, e.event_date, e.date_precision, e.event_type, e.sub_event_type,
           a.actor1, a.assoc_actor_1, a.actor2, a.assoc_actor_2,
           p.country, p.admin1, p.admin2, p.location, p.latitude, p.longitude, p.geonameid, p.geo_precision,
           e.fatalities, e.fatalities_low, e.fatalities_high, coalesce(s.sources, '') AS sources,
           e.sentence, e.extractor_version,
           e.background, e.sentence_index, p.ordinal AS place_ordinal
    FROM events e
    LEFT JOIN event_actor_roles a ON a.event_id = e.event_id
    LEFT JOIN (
        SELECT event_id, string_agg(who, '; ' ORDER BY outlet_last, first_seen, who) AS sources FROM (
            SELECT c.event_id, c.claimant AS who, 0 AS outlet_last, c.first_seen
            FROM (SELECT event_id, article_id, claimant, min(span_start) AS first_seen FROM claims
                  WHERE event_id IS NOT NULL GROUP BY event_id, article_id, claimant) c
            JOIN articles ar ON ar.article_id = c.article_id
            WHERE coalesce(ar.source, '') = '' OR c.claimant <> 'reporter'
            UNION ALL
            SELECT x.event_id, ar.source, 1, 0
            FROM events x JOIN articles ar ON ar.article_id = x.article_id
            WHERE coalesce(ar.source, '') <> '' AND (ar.source = 'reporter' OR NOT EXISTS (
                SELECT 1 FROM claims c WHERE c.event_id = x.event_id AND c.claimant = ar.source)))
        GROUP BY event_id) s ON s.event_id = e.event_id
    LEFT JOIN event_places p ON p.event_id = e.event_id
)
WHERE ({background} OR NOT background) AND {filters}
ORDER BY article_id, sentence_index, event_id, place_ordinal
"""
_CLAIMS_SQL = """
SELECT claim_id, event_id, article_id, kind, count_low, count_high, qualifier, victim, claimant, hedged,
       evidence, coded, hedges, span_start, span_end
FROM claims WHERE {filters} ORDER BY article_id, span_start, claim_id
"""
_ACLED_SQL = "SELECT * FROM events_acled WHERE {filters} ORDER BY event_date, event_id_cnty"


@dataclass(frozen=True)
class Filters:
    """Which events to export; every value reaches DuckDB as a bound parameter, never as SQL text.
    Country and type match case-insensitively (type: event or sub-event type); actor matches part of any
    actor's name; bbox is (west, south, east, north) in decimal degrees."""

    since: date | None = None
    until: date | None = None
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actor: str | None = None
    min_fatalities: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def sql(self) -> tuple[str, list[Any]]:
        """A condition over the columns events, acled and the events export share, with its parameters."""
        parts: list[str] = []
        params: list[Any] = []

        def add(condition: str, *values: Any) -> None:
            parts.append(condition)
            params.extend(values)

        if self.since:
            add("event_date >= ?", self.since)
        if self.until:
            add("event_date <= ?", self.until)
        if self.countries:
            add("lower(country) IN (SELECT lower(unnest(?::VARCHAR[])))", list(self.countries))
        if self.types:
            add("(lower(event_type) IN (SELECT lower(unnest(?::VARCHAR[]))) "
                "OR lower(sub_event_type) IN (SELECT lower(unnest(?::VARCHAR[]))))",
                list(self.types), list(self.types))
        if self.actor:
            add("contains(lower(concat_ws('; ', actor1, assoc_actor_1, actor2, assoc_actor_2)), lower(?))",
                self.actor)
        if self.min_fatalities is not None:
            add("fatalities >= ?", self.min_fatalities)
        if self.bbox:
            west, south, east, north = self.bbox
            add("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?", south, north, west, east)
        return " AND ".join(parts) or "true", params

    @property
    def any(self) -> bool:
        return self.sql()[0] != "true"


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """'west,south,east,north' in decimal degrees."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as exc:
        raise InputError(f"bbox {text!r} is not four numbers west,south,east,north") from exc
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InputError(f"bbox {text!r} is not west,south,east,north within -180..180 and -90..90")
    return west, south, east, north


def export_query(table: ExportTable, filters: Filters = Filters(), *,
                 include_background: bool = False) -> tuple[Sequence[str], str, list[Any]]:
    """The columns, SQL and parameters of one export."""
    condition, params = filters.sql()
    if table == "events":
        sql = _EVENTS_SQL.format(background="?", filters=condition)
        return EVENT_COLUMNS, sql, [include_background, *params]
    if table == "acled":
        return ACLED_COLUMNS, _ACLED_SQL.format(filters=condition), params
    if not filters.any:
        return CLAIM_COLUMNS, _CLAIMS_SQL.format(filters="true"), []
    chosen = f"event_id IN (SELECT event_id FROM ({_EVENTS_SQL.format(background='?', filters=condition)}))"
    return CLAIM_COLUMNS, _CLAIMS_SQL.format(filters=chosen), [include_background, *params]


def export_events(store: Store, out: str | Path | TextIO, *, include_background: bool = False,
                  filters: Filters = Filters(), fmt: ExportFormat = "csv", excel: bool = False) -> int:
    """Write events (one row per event and place); returns the number of rows. Background events only
    with include_background."""
    return export_table(store, "events", out, include_background=include_background, filters=filters,
                        fmt=fmt, excel=excel)


def export_claims(store: Store, out: str | Path | TextIO, *, filters: Filters = Filters(),
                  fmt: ExportFormat = "csv", excel: bool = False) -> int:
    """Write claims; with filters, only the claims of the events they choose. Returns the number of rows."""
    return export_table(store, "claims", out, filters=filters, fmt=fmt, excel=excel)


def export_table(store: Store, table: ExportTable, out: str | Path | TextIO, *, fmt: ExportFormat = "csv",
                 filters: Filters = Filters(), include_background: bool = False, excel: bool = False,
                 progress: Callable[[int], None] | None = None) -> int:
    """Write one export in one format; returns the number of rows written. `progress` is told the rows
    written so far every PROGRESS_EVERY rows (not for Parquet, which DuckDB writes in one statement)."""
    columns, sql, params = export_query(table, filters, include_background=include_background)
    if fmt == "parquet":
        if not isinstance(out, str | Path) or str(out) == "-":
            raise InputError("parquet is binary: give a file with --out")
        return _write_file(out, lambda path: _copy_parquet(store, sql, params, path, target=out))
    if fmt == "geojson" and not {"latitude", "longitude"} <= set(columns):
        raise InputError(f"geojson needs coordinates: export events or acled, not {table}")
    rows = _counted(store.iter_rows(sql, params), progress)
    writers: dict[str, Callable[[TextIO], int]] = {
        "csv": lambda handle: _write_csv(handle, columns, rows, bom=excel),
        "jsonl": lambda handle: _write_jsonl(handle, columns, rows),
        "geojson": lambda handle: _write_geojson(handle, columns, rows),
    }
    write = writers[fmt]
    if not isinstance(out, str | Path):
        return write(out)
    return _write_file(out, lambda path: _write_text(path, write))


def _counted(rows: Iterator[tuple[Any, ...]], progress: Callable[[int], None] | None) -> Iterator[tuple[Any, ...]]:
    if progress is None:
        yield from rows
        return
    count = 0
    for count, row in enumerate(rows, 1):
        yield row
        if count % PROGRESS_EVERY == 0:
            progress(count)
    progress(count)


def _write_text(path: Path, write: Callable[[TextIO], int]) -> int:
    with open_new(path, newline="") as handle:
        return write(handle)


def _write_file(out: str | Path, write: Callable[[Path], int]) -> int:
    # written in a private folder beside the target and renamed (events.files.replacing), so a failed export never
    # leaves half a file behind and a link planted at a partial file's name is never written through
    with replacing(out) as partial:
        return write(partial)


def _copy_parquet(store: Store, sql: str, params: list[Any], path: Path, *, target: str | Path) -> int:
    # DuckDB writes Parquet itself, column types kept, in row groups: nothing passes through Python.
    cursor = store._con.cursor()  # COPY is no read statement: Store.query refuses it
    try:
        quoted = str(path).replace("'", "''")
        found = cursor.execute(f"COPY ({sql}) TO '{quoted}' (FORMAT parquet)", params).fetchone()
    except duckdb.Error as exc:
        raise FileError(target, f"cannot write: {' '.join(str(exc).split())}") from exc
    finally:
        cursor.close()
    return int(found[0]) if found else 0


def _write_csv(handle: TextIO, header: Iterable[str], rows: Iterable[tuple[Any, ...]], *,
               bom: bool = False) -> int:
    if bom:
        handle.write("\ufeff")  # Excel reads the file as UTF-8 only with it
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_EXCEL_TRIGGERS):
        return "'" + value  # numbers are never strings here, so a negative longitude stays a number
    return value


def json_value(value: Any) -> Any:
    """JSON for what DuckDB returns beyond JSON's types: dates as ISO text, decimals as numbers."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _records(header: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield dict(zip(header, row, strict=True))


def _write_jsonl(handle: TextIO, header: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    count = 0
    for record in _records(header, rows):
        handle.write(json.dumps(record, ensure_ascii=False, default=json_value) + "\n")
        count += 1
    return count


def _write_geojson(handle: TextIO, header: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """A FeatureCollection written feature by feature; a row without coordinates has a null geometry."""
    handle.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for record in _records(header, rows):
        lat, lon = record["latitude"], record["longitude"]
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        feature = {"type": "Feature", "geometry": geometry, "properties": record}
        handle.write(("" if count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False,
                                                                default=json_value))
        count += 1
    handle.write("\n]}\n")
    return count
