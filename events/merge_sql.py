"""Cross-article merging, the database part: candidate events by grid cell, merges recorded and undone.

`events.merge` decides; these functions read what it needs and write what it planned, on the caller's
connection and inside the caller's transaction (the store's), so a failed import leaves no merge behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

from events.errors import InputError
from events.merge import Merge, MergeEvent, MergeRules, merge_rules, plan_merges

# Events that are merged into another one right now (an undone merge no longer hides its event).
ACTIVE_MERGED = "SELECT merged_event_id FROM event_merges WHERE undone_at IS NULL"

# Candidates in two queries whose memory does not grow with the database. The first finds them: the fresh
# events' main places; keys of (type, day, grid cell) around each (the day window of the merge rule; 0.1 degree
# of latitude, two cells of longitude either side: 10 km up to 60 degrees of latitude); stored events of a key's
# type and day, and of those the ones with a place in a key's cell, all by equality joins. Keying on type and day
# first matters: joined by cell alone, every stored place of a busy cell met every fresh event near it, and the
# join grew with the database (150 MB of hash tables per chunk at 40,000 articles). The second reads only the
# survivors' places, actors, date rules and articles, the survivors passed as a list so that DuckDB hashes
# them, not the tables they are looked up in.
_CANDIDATES = f"""
WITH fresh AS (
    SELECT e.event_id, e.event_type, e.event_date,
           floor(arg_min(p.latitude, p.ordinal) * 10)::BIGINT AS cy,
           floor(arg_min(p.longitude, p.ordinal) * 10)::BIGINT AS cx
    FROM events e JOIN event_places p ON p.event_id = e.event_id
    WHERE e.article_id IN (SELECT unnest($1::VARCHAR[])) AND NOT e.background AND e.event_date IS NOT NULL
      AND p.latitude IS NOT NULL
    GROUP BY e.event_id, e.event_type, e.event_date
),
keys AS (
    SELECT DISTINCT f.event_type, f.event_date + dd.k::INTEGER AS event_date, f.cy + dy.k AS cy, f.cx + dx.k AS cx
    FROM fresh f, range(-$2, $2 + 1) dd(k), range(-1, 2) dy(k), range(-2, 3) dx(k)
),
same AS (
    SELECT e.event_id, e.article_id, e.event_type, e.event_date
    FROM events e SEMI JOIN (SELECT DISTINCT event_type, event_date FROM keys) k
      ON k.event_type = e.event_type AND k.event_date = e.event_date
    WHERE NOT e.background
)
SELECT DISTINCT s.event_id, s.article_id, s.event_type, s.event_date, s.event_id IN (SELECT event_id FROM fresh)
FROM same s JOIN event_places p ON p.event_id = s.event_id
JOIN keys k ON k.event_type = s.event_type AND k.event_date = s.event_date
  AND k.cy = floor(p.latitude * 10)::BIGINT AND k.cx = floor(p.longitude * 10)::BIGINT
WHERE p.latitude IS NOT NULL AND s.event_id NOT IN ({ACTIVE_MERGED})
"""

_DETAILS = """
WITH cand AS (SELECT unnest($1::VARCHAR[]) AS event_id, unnest($2::VARCHAR[]) AS article_id),
places AS (
    SELECT event_id, arg_min(latitude, ordinal) AS lat, arg_min(longitude, ordinal) AS lon,
           arg_min(geo_precision, ordinal) AS prec
    FROM event_places WHERE latitude IS NOT NULL AND event_id IN (SELECT event_id FROM cand)
    GROUP BY event_id
),
dates AS (
    SELECT event_id, arg_min(rule, ordinal) AS rule FROM evidence
    WHERE field = 'event_date' AND event_id IN (SELECT event_id FROM cand) GROUP BY event_id
),
actors AS (
    SELECT event_id, list((name, coalesce(rule, '')) ORDER BY ordinal) AS actors FROM event_actors
    WHERE event_id IN (SELECT event_id FROM cand) GROUP BY event_id
)
SELECT c.event_id, coalesce(d.rule, ''), p.lat, p.lon, coalesce(a.actors, []),
       c.event_id IN (SELECT kept_event_id FROM event_merges WHERE undone_at IS NULL), ar.published_at, ar.source
FROM cand c
JOIN places p ON p.event_id = c.event_id
JOIN articles ar ON ar.article_id = c.article_id
LEFT JOIN dates d ON d.event_id = c.event_id
LEFT JOIN actors a ON a.event_id = c.event_id
WHERE p.prec <= $3
"""


def _candidates(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str],
                rules: MergeRules) -> list[tuple[MergeEvent, bool]]:
    """The fresh events of these articles and the stored events they may merge with, each with whether it is
    fresh; [] when none is."""
    found = con.execute(_CANDIDATES, [list(article_ids), rules.max_days]).fetchall()
    if not any(fresh for *_, fresh in found):
        return []
    cand = {event_id: (article_id, event_type, event_date, fresh)
            for event_id, article_id, event_type, event_date, fresh in found}
    details = con.execute(_DETAILS, [list(cand), [c[0] for c in cand.values()], rules.max_geo_precision]).fetchall()
    events: list[tuple[MergeEvent, bool]] = []
    for event_id, date_rule, lat, lon, actors, kept, published, source in details:
        article_id, event_type, event_date, fresh = cand[event_id]
        events.append((MergeEvent(event_id, article_id, event_type, event_date, date_rule, lat, lon,
                                  frozenset((a[0], a[1]) for a in _pairs(actors)), kept=kept,
                                  published_at=published, source=source), fresh))
    return events


def merge_articles(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], *, run_id: str | None,
                   at: datetime, rules: MergeRules | None = None) -> list[Merge]:
    """Merge the events of these (just written) articles into events of other articles reporting the same
    incident; returns the merges recorded."""
    if not article_ids:
        return []
    rules = rules or merge_rules()
    new: list[MergeEvent] = []
    pool: list[MergeEvent] = []
    for event, fresh in _candidates(con, article_ids, rules):
        (new if fresh and not event.kept else pool).append(event)
    if not new:
        return []
    merges = plan_merges(new, pool, _undone(con, [e.event_id for e in new]), rules)
    if merges:
        con.execute(
            "INSERT OR REPLACE INTO event_merges SELECT * FROM (SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DOUBLE[]), "
            "unnest(?::INTEGER[]), ?::VARCHAR, ?::TIMESTAMP, NULL::TIMESTAMP)",
            [[m.merge_id for m in merges], [m.kept_event_id for m in merges], [m.merged_event_id for m in merges],
             [m.rule for m in merges], [m.reason for m in merges], [m.distance_km for m in merges],
             [m.days_apart for m in merges], run_id, at])
    return merges


def _pairs(actors: Any) -> list[tuple[str, str]]:
    """DuckDB returns a list of structs as dicts (or tuples, by version): (name, rule) either way."""
    return [tuple(a.values()) if isinstance(a, dict) else tuple(a) for a in actors]


def _undone(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> frozenset[tuple[str, str]]:
    found = con.execute("SELECT kept_event_id, merged_event_id FROM event_merges WHERE undone_at IS NOT NULL "
                        "AND (merged_event_id IN (SELECT unnest(?::VARCHAR[])) "
                        "OR kept_event_id IN (SELECT unnest(?::VARCHAR[])))", [event_ids, event_ids]).fetchall()
    return frozenset((k, m) for k, m in found)


def release_article(con: duckdb.DuckDBPyConnection, article_id: str) -> list[str]:
    """Before an article's events are replaced: drop the merges they take part in (undone ones stay, so the
    analyst's decision survives) and return the other articles whose events are free to merge again."""
    involved = ("SELECT event_id FROM events WHERE article_id = ?")
    others = con.execute(
        "SELECT DISTINCT e.article_id FROM event_merges m JOIN events e "
        "ON e.event_id IN (m.kept_event_id, m.merged_event_id) "
        f"WHERE m.undone_at IS NULL AND (m.kept_event_id IN ({involved}) OR m.merged_event_id IN ({involved})) "
        "AND e.article_id <> ?", [article_id, article_id, article_id]).fetchall()
    con.execute(f"DELETE FROM event_merges WHERE undone_at IS NULL AND (kept_event_id IN ({involved}) "
                f"OR merged_event_id IN ({involved}))", [article_id, article_id])
    return [row[0] for row in others]


def undo_merge(con: duckdb.DuckDBPyConnection, merge_id: str, *, at: datetime) -> None:
    """Separate a merged event from its cluster again; the pair is never merged again."""
    found = con.execute("SELECT undone_at FROM event_merges WHERE merge_id = ?", [merge_id]).fetchone()
    if found is None:
        raise InputError(f"no merge {merge_id!r} (see 'events merges')")
    if found[0] is not None:
        raise InputError(f"merge {merge_id!r} was already undone at {found[0]:%Y-%m-%d %H:%M:%S}")
    con.execute("UPDATE event_merges SET undone_at = ? WHERE merge_id = ?", [at, merge_id])


MERGE_COLUMNS = ("merge_id", "kept_event_id", "kept_article_id", "merged_event_id", "merged_article_id",
                 "event_type", "event_date", "distance_km", "days_apart", "rule", "reason", "merged_at",
                 "undone_at")


def list_merges(con: duckdb.DuckDBPyConnection, *, event_id: str | None = None,
                include_undone: bool = False) -> list[tuple[Any, ...]]:
    """Merges in MERGE_COLUMNS order, newest first; those of one event (kept or merged) when given."""
    where = ["TRUE" if include_undone else "m.undone_at IS NULL"]
    params: list[Any] = []
    if event_id is not None:
        where.append("(m.kept_event_id = ? OR m.merged_event_id = ?)")
        params += [event_id, event_id]
    return con.execute(
        "SELECT m.merge_id, m.kept_event_id, k.article_id, m.merged_event_id, x.article_id, k.event_type, "
        "k.event_date, m.distance_km, m.days_apart, m.rule, m.reason, m.merged_at, m.undone_at "
        "FROM event_merges m LEFT JOIN events k ON k.event_id = m.kept_event_id "
        "LEFT JOIN events x ON x.event_id = m.merged_event_id "
        f"WHERE {' AND '.join(where)} ORDER BY m.merged_at DESC, m.merge_id", params).fetchall()
