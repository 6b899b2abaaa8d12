"""Cross-article merging, the database part: candidate events by grid cell, merges recorded and undone; changed
articles superseded (their merges released); and what a bulk write keeps in memory instead of asking the tables
(BulkLookups: which ids they may hold, and events.store.merge.index.MergeIndex in place of the candidate queries).

`events.store.merge.rules` decides; these functions read what it needs and write what it planned, on the caller's
connection and inside the caller's transaction (the store's), so a failed import leaves no merge behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb
import numpy as np

from events.errors import InputError
from events.store.merge.index import MergeIndex, Unindexable
from events.store.merge.rules import Merge, MergeEvent, MergeRules, plan_merges
from events.store.rows import Row

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
                   at: datetime, rules: MergeRules, index: MergeIndex | None = None) -> list[Merge]:
    """Merge the events of these (just written) articles into events of other articles reporting the same
    incident; returns the merges recorded. `index`, when given, holds these articles' rows (its last batch)
    and answers for the database, which it must mirror."""
    if not article_ids:
        return []
    new: list[MergeEvent] = []
    pool: list[MergeEvent] = []
    found = index.candidates(article_ids, rules) if index is not None else _candidates(con, article_ids, rules)
    for event, fresh in found:
        (new if fresh and not event.kept else pool).append(event)
    if not new:
        return []
    ids = [e.event_id for e in new]
    merges = plan_merges(new, pool, rules, index.undone(ids) if index is not None else _undone(con, ids))
    if merges:
        ids = [m.merge_id for m in merges]
        # a pair merged before replaces its row; the index knows when none was, and spares the slower upsert
        replace = index is None or index.recorded(ids)
        con.execute(
            f"INSERT {'OR REPLACE ' if replace else ''}INTO event_merges SELECT * FROM (SELECT unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::DOUBLE[]), unnest(?::INTEGER[]), ?::VARCHAR, ?::TIMESTAMP, NULL::TIMESTAMP)",
            [ids, [m.kept_event_id for m in merges], [m.merged_event_id for m in merges],
             [m.rule for m in merges], [m.reason for m in merges], [m.distance_km for m in merges],
             [m.days_apart for m in merges], run_id, at])
        if index is not None:
            index.record(merges)
    return merges


# An index loaded from the tables: one row per event that can join a pool, with its main place and date rule as
# _DETAILS computes them; then the grid cells of its places and its actors, matched in Python.
_LOAD_EVENTS = """
WITH places AS (
    SELECT event_id, arg_min(latitude, ordinal) AS lat, arg_min(longitude, ordinal) AS lon,
           arg_min(geo_precision, ordinal) AS prec
    FROM event_places WHERE latitude IS NOT NULL GROUP BY event_id
),
dates AS (SELECT event_id, arg_min(rule, ordinal) AS rule FROM evidence WHERE field = 'event_date' GROUP BY event_id)
SELECT e.event_id, e.article_id, e.event_type, e.event_date, coalesce(d.rule, ''), p.lat, p.lon, a.published_at,
       a.source
FROM events e JOIN places p USING (event_id) JOIN articles a USING (article_id) LEFT JOIN dates d USING (event_id)
WHERE NOT e.background AND e.event_date IS NOT NULL AND p.lon IS NOT NULL AND p.prec <= $1
"""
_LOAD_CELLS = ("SELECT event_id, latitude, longitude FROM event_places "
               "WHERE latitude IS NOT NULL AND longitude IS NOT NULL")
_LOAD_ACTORS = "SELECT event_id, name, coalesce(rule, '') FROM event_actors"
_LOAD_MERGES = "SELECT merge_id, kept_event_id, merged_event_id, undone_at IS NULL FROM event_merges"
_STREAM = 20_000  # rows fetched at a time


def load_index(con: duckdb.DuckDBPyConnection, rules: MergeRules) -> MergeIndex:
    """The merge index of the database as `con` sees it (its transaction's rows too), read a slice at a time."""
    return MergeIndex.load(rules, stream(con, _LOAD_EVENTS, [rules.max_geo_precision]), stream(con, _LOAD_ACTORS),
                           stream(con, _LOAD_CELLS), stream(con, _LOAD_MERGES))


def stream(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Iterator[tuple[Any, ...]]:
    """On the connection itself (a cursor would not see its transaction's rows); read to the end, so that the
    next query can run."""
    result = con.execute(sql, params)
    while batch := result.fetchmany(_STREAM):
        yield from batch


# A bulk write asks the database for this many batches before it loads its lookups into memory (loading reads the
# tables once, about what this many batches' lookups read), unless the database is small.
_WARM_BATCHES = 10
_SMALL = 5_000  # events


class BulkLookups:
    """What the store keeps in memory during a bulk write (events.store.db.Store.bulk) instead of looking up whole
    tables for every batch: which article, event and claim ids the tables may hold, and the merge index."""

    def __init__(self, *, active: bool = False) -> None:
        self._active = active  # else it never loads, and answers as the database would be asked
        self._articles: IdFilter | None = None
        self._ids: IdFilter | None = None  # event and claim ids
        self._merges: MergeIndex | None = None
        self._batches = 0  # since the merge index was last dropped
        self._unindexable = False  # the database holds values only SQL handles as SQL does: it answers for merges

    def load(self, con: duckdb.DuckDBPyConnection, rules: MergeRules, *, merging: bool) -> None:
        """Loads what is missing once it is due: after _WARM_BATCHES batches, or at once into a small database."""
        if not merging:
            self._merges = None  # batches do not reach the index while merging is off
        indexing = merging and self._merges is None and not self._unindexable
        if not self._active or self._ids is not None and not indexing:
            return
        self._batches += 1
        if self._batches <= _WARM_BATCHES and con.execute("SELECT count(*) FROM events").fetchall()[0][0] >= _SMALL:
            return
        if self._articles is None or self._ids is None:
            self._articles = IdFilter(row[0] for row in stream(con, "SELECT article_id FROM articles"))
            self._ids = IdFilter(row[0] for row in stream(
                con, "SELECT event_id FROM events UNION ALL SELECT claim_id FROM claims"))
        if indexing:
            try:
                self._merges = load_index(con, rules)
            except Unindexable:
                self._unindexable = True

    def articles(self, article_ids: list[str]) -> list[str]:
        """Those of these ids the articles table may hold (all of them until loaded)."""
        return article_ids if self._articles is None else self._articles.maybe(article_ids)

    def ids(self, ids: list[str]) -> list[str]:
        """Those of these event or claim ids the tables may hold (all of them until loaded)."""
        return ids if self._ids is None else self._ids.maybe(ids)

    def wrote(self, article_id: str, ids: Iterable[str]) -> None:
        """An article and its event and claim ids are going in (a superset either way, if they do not)."""
        if self._articles is not None and self._ids is not None:
            self._articles.add([article_id])
            self._ids.add(ids)

    def index(self, rows: dict[str, list[Row]]) -> MergeIndex | None:
        """The merge index with a written batch's rows (events.store.rows.extraction_rows) in it, if it mirrors
        the database."""
        if self._merges is not None:
            try:
                self._merges.add(*merge_inputs(rows))
            except Unindexable:
                self._merges, self._unindexable = None, True
        return self._merges

    def supersede(self, con: duckdb.DuckDBPyConnection, updated: Sequence[tuple[str, datetime]],
                  run_id: str) -> list[str]:
        """`supersede`, whose deletions the merge index cannot follow."""
        if updated:
            self.drop_index()
        return supersede(con, updated, run_id)

    def drop_index(self) -> None:
        """The database changed otherwise than by a batch: the merge index no longer mirrors it."""
        self._merges, self._batches = None, 0


def merge_inputs(rows: Mapping[str, Sequence[Row]]) -> tuple[list[Row], list[Row], list[Row], list[Row], list[Row]]:
    """A batch's rows (events.store.rows.extraction_rows) narrowed to what MergeIndex.add reads, as the queries
    narrow the tables: news events with a day, mapped places, event_date evidence, actors, articles."""
    return ([(r[0], r[1], r[4], r[2]) for r in rows.get("events", ()) if not r[13] and r[2] is not None],
            [(r[0], r[1], r[11], r[12], r[16]) for r in rows.get("event_places", ()) if r[11] is not None],
            [(r[0], r[1], r[6]) for r in rows.get("evidence", ()) if r[2] == "event_date"],
            [(r[0], r[3], r[9]) for r in rows.get("event_actors", ())],
            [(r[0], r[2], r[4]) for r in rows.get("articles", ())])


class IdFilter:
    """A superset of the ids a table holds, as hashes (8 bytes an id): an id it does not hold is in no table, so
    a batch of new ids needs no lookup. Ids are only ever added; a deleted or rolled-back id stays, and then only
    costs a lookup. Hashes sit sorted in a NumPy array, recent ones in a set merged into it as it grows."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        # sorted with any duplicates (harmless): np.unique would take 15 times as long
        self._sorted = np.sort(np.fromiter(map(hash, ids), dtype=np.int64), kind="stable")
        self._recent: set[int] = set()

    def add(self, ids: Iterable[str]) -> None:
        self._recent.update(map(hash, ids))
        if len(self._recent) > max(65_536, len(self._sorted) // 4):  # merged rarely: amortised O(1) an id
            recent = np.fromiter(self._recent, dtype=np.int64, count=len(self._recent))
            self._sorted = np.sort(np.concatenate((self._sorted, recent)), kind="stable")
            self._recent = set()

    def maybe(self, ids: Sequence[str]) -> list[str]:
        """The ids that may be held: the others certainly are not."""
        hashes = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))
        held = np.zeros(len(ids), dtype=bool)
        if len(self._sorted):
            at = np.searchsorted(self._sorted, hashes).clip(max=len(self._sorted) - 1)
            held = self._sorted[at] == hashes
        return [i for i, h, known in zip(ids, hashes.tolist(), held.tolist(), strict=True)
                if known or h in self._recent]


def _pairs(actors: Any) -> list[tuple[str, str]]:
    """DuckDB returns a list of structs as dicts (or tuples, by version): (name, rule) either way."""
    return [tuple(a.values()) if isinstance(a, dict) else tuple(a) for a in actors]


def _undone(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> frozenset[tuple[str, str]]:
    found = con.execute("SELECT kept_event_id, merged_event_id FROM event_merges WHERE undone_at IS NOT NULL "
                        "AND (merged_event_id IN (SELECT unnest(?::VARCHAR[])) "
                        "OR kept_event_id IN (SELECT unnest(?::VARCHAR[])))", [event_ids, event_ids]).fetchall()
    return frozenset((k, m) for k, m in found)


_EVENT_CHILDREN = ("evidence", "event_places", "event_actors")  # deleted before their events: no orphans


def supersede(con: duckdb.DuckDBPyConnection, updated: Sequence[tuple[str, datetime]], run_id: str) -> list[str]:
    """Before the rows of changed articles (id, when) are replaced: keep their old events in events_superseded
    with the time and the run, so nothing an analyst exported earlier is silently lost; drop the merges their
    events take part in (undone ones stay, so the analyst's decision survives); delete their rows. Returns other
    articles whose events are free to merge again. A statement per table for them all (each reads its table)."""
    if not updated:
        return []
    ids = [article_id for article_id, _ in updated]
    articles = "SELECT unnest($1::VARCHAR[])"
    involved = f"SELECT event_id FROM events WHERE article_id IN ({articles})"
    con.execute("INSERT INTO events_superseded SELECT e.*, u.at, $3 FROM events e JOIN (SELECT unnest($1::VARCHAR[]) "
                "AS article_id, unnest($2::TIMESTAMP[]) AS at) u USING (article_id)",
                [ids, [at for _, at in updated], run_id])
    others = con.execute(
        "SELECT DISTINCT e.article_id FROM event_merges m JOIN events e "
        "ON e.event_id IN (m.kept_event_id, m.merged_event_id) "
        f"WHERE m.undone_at IS NULL AND (m.kept_event_id IN ({involved}) OR m.merged_event_id IN ({involved})) "
        f"AND e.article_id NOT IN ({articles})", [ids]).fetchall()
    con.execute(f"DELETE FROM event_merges WHERE undone_at IS NULL AND (kept_event_id IN ({involved}) "
                f"OR merged_event_id IN ({involved}))", [ids])
    for table in _EVENT_CHILDREN:
        con.execute(f"DELETE FROM {table} WHERE event_id IN ({involved})", [ids])
    for table in ("claims", "events", "articles"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN ({articles})", [ids])
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
