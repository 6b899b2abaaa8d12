"""CSV exports in the evaluation kit's column contract, streamed from DuckDB in batches."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from events.errors import EventsError
from events.store import Store

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
_REPORTER = "reporter"  # the claimant when the article asserts a figure itself: the outlet is the source

# One row per event and place (an event without a place keeps one row with empty place columns).
_EVENTS_SQL = """
WITH actors AS (
    SELECT event_id,
           string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'actor1') AS actor1,
           string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'assoc_actor_1') AS assoc_actor_1,
           string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'actor2') AS actor2,
           string_agg(name, '; ' ORDER BY ordinal) FILTER (WHERE role = 'assoc_actor_2') AS assoc_actor_2
    FROM event_actors GROUP BY event_id
), claimants AS (
    SELECT event_id, list(claimant ORDER BY first_seen, claimant) AS claimants
    FROM (SELECT event_id, claimant, min(span_start) AS first_seen FROM claims
          WHERE event_id IS NOT NULL GROUP BY event_id, claimant)
    GROUP BY event_id
)
SELECT e.event_id, e.article_id, e.event_date, e.date_precision, e.event_type, e.sub_event_type,
       a.actor1, a.assoc_actor_1, a.actor2, a.assoc_actor_2,
       p.country, p.admin1, p.admin2, p.location, p.latitude, p.longitude, p.geonameid, p.geo_precision,
       e.fatalities, e.fatalities_low, e.fatalities_high,
       c.claimants, ar.source, e.sentence, e.extractor_version
FROM events e
JOIN articles ar ON ar.article_id = e.article_id
LEFT JOIN actors a ON a.event_id = e.event_id
LEFT JOIN claimants c ON c.event_id = e.event_id
LEFT JOIN event_places p ON p.event_id = e.event_id
WHERE ? OR NOT e.background
ORDER BY e.article_id, e.sentence_index, e.event_id, p.ordinal
"""
_SOURCES_AT = EVENT_COLUMNS.index("sources")

_CLAIMS_SQL = """
SELECT claim_id, event_id, article_id, kind, count_low, count_high, qualifier, victim, claimant, hedged,
       evidence, coded, hedges, span_start, span_end
FROM claims ORDER BY article_id, span_start, claim_id
"""


def export_events(store: Store, out: str | Path | TextIO, *, include_background: bool = False) -> int:
    """Write events.csv; returns the number of data rows. Background events only with include_background."""
    rows = (_event_row(row) for row in store.iter_rows(_EVENTS_SQL, [include_background]))
    return _write(out, EVENT_COLUMNS, rows)


def export_claims(store: Store, out: str | Path | TextIO) -> int:
    """Write claims.csv; returns the number of data rows."""
    return _write(out, CLAIM_COLUMNS, store.iter_rows(_CLAIMS_SQL))


def _event_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    claimants: list[str] = list(row[_SOURCES_AT] or [])
    outlet: str | None = row[_SOURCES_AT + 1]
    if outlet:
        claimants = [c for c in claimants if c != _REPORTER]
        if outlet not in claimants:
            claimants.append(outlet)
    return (*row[:_SOURCES_AT], "; ".join(claimants), *row[_SOURCES_AT + 2:])


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write(out: str | Path | TextIO, header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> int:
    if not isinstance(out, str | Path):
        return _write_csv(out, header, rows)
    # written beside the target and renamed, so a failed export never leaves half a file behind
    target = Path(out)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            count = _write_csv(handle, header, rows)
        os.replace(partial, target)
    except OSError as exc:
        raise EventsError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_csv(handle: TextIO, header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in _cells(rows):
        writer.writerow(row)
        count += 1
    return count


def _cells(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [_cell(value) for value in row]
