"""The in-memory index that spares a bulk write (events.store.db.Store.bulk) its merge-candidate queries: the events
that can join a pool, keyed by (type, day, grid cell) as the candidate query reads them."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np

from events.store.merge.rules import Merge, MergeEvent, MergeRules
from events.store.rows import Row


class Unindexable(ValueError):
    """A value the index cannot treat exactly as the SQL does (a coordinate or day at the edge of its range, an
    unexpected type): the caller drops the index and asks the database."""


# An index key packs (event type code, day ordinal, grid cell y, grid cell x) into 63 bits, so that the keys of
# a day or a cell around one are the key plus a constant (no carries: days, cells and codes stay inside bounds).
_Y_BITS, _X_BITS, _DAY_BITS = 13, 14, 22
_Y_OFF, _X_OFF = 1 << (_Y_BITS - 1), 1 << (_X_BITS - 1)


def _key(type_code: int, day: int, cy: int, cx: int) -> int:
    return (((type_code << _DAY_BITS | day) << _Y_BITS | cy + _Y_OFF) << _X_BITS) | cx + _X_OFF


class _Levels:
    """(key, row) pairs sorted in levels of shrinking size (a log-structured merge): adding pairs costs O(log n)
    each, amortised; finding keys costs a binary search a level."""

    def __init__(self) -> None:
        self._levels: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, key_list: list[int], row_list: list[int]) -> None:
        if not key_list:
            return
        keys, rows = np.array(key_list, dtype=np.int64), np.array(row_list, dtype=np.int64)
        while self._levels and len(self._levels[-1][0]) <= 2 * len(keys):
            older_keys, older_rows = self._levels.pop()
            keys, rows = np.concatenate((older_keys, keys)), np.concatenate((older_rows, rows))
        order = np.argsort(keys, kind="stable")
        self._levels.append((keys[order], rows[order]))

    def find(self, keys: np.ndarray) -> set[int]:
        found: set[int] = set()
        for level_keys, level_rows in self._levels:
            low, high = np.searchsorted(level_keys, keys, "left"), np.searchsorted(level_keys, keys, "right")
            for start, stop in zip(low[high > low].tolist(), high[high > low].tolist(), strict=True):
                found.update(level_rows[start:stop].tolist())
        return found


class MergeIndex:
    """What `_candidates` reads, in memory: the news events that can join a pool (a date, a mapped place, its
    precision within the rule's), under the (type, day, grid cell) of each mapped place, with the details merging
    compares; the active merges; and the events of the last batch added. Answers as the two queries do, without
    reading whole tables for every batch of a long import, but only while it mirrors the database: its owner
    (the store) adds every batch it writes and drops it on any other change (an update, a rollback, an undo)."""

    def __init__(self, rules: MergeRules) -> None:
        self.rules = rules
        days = range(-rules.max_days, rules.max_days + 1)  # the key window of the candidate query
        self._offsets = np.array([_key(0, d, y, x) - _key(0, 0, 0, 0) for d in days for y in (-1, 0, 1)
                                  for x in (-2, -1, 0, 1, 2)], dtype=np.int64)
        self._keys = _Levels()
        # per row: the event id (its UTF-8 bytes end to end, and where each ends: a str in a list takes 3 times the
        # room), article (in the article lists), type, day ordinal, date rule, actors (codes), latitude, longitude
        self._ids, self._id_ends = bytearray(), array("q")
        self._article, self._type, self._day, self._rule, self._actors = (array("i") for _ in range(5))
        self._lat, self._lon = array("d"), array("d")
        # per article: id, published_at, source (lists of atoms: tuples would be more for the collector to visit)
        self._article_ids: list[str] = []
        self._published: list[date | None] = []
        self._sources: list[str | None] = []
        self._values: list[Any] = []
        self._codes: dict[Any, int] = {}
        self._merged: set[str] = set()  # events an active merge merged into another
        self._kept: set[str] = set()  # events an active merge kept
        self._undone: set[tuple[str, str]] = set()  # (kept, merged) of undone merges
        self._merge_ids: set[str] = set()  # every merge, active or undone
        self._fresh: dict[str, list[int]] = {}  # article of the last batch -> keys of its events' main places
        self._first_fresh = 0  # rows from here are the last batch's

    @classmethod
    def load(cls, rules: MergeRules, events: Iterable[Row], actors: Iterable[Row], places: Iterable[Row],
             merges: Iterable[Row]) -> MergeIndex:
        """An index of a whole database, from rows read one after the other (events.store.merge.sql.load_index): events
        that can join a pool (event_id, article_id, event_type, event_date, date rule, latitude, longitude,
        published_at, source), all actors (event_id, name, rule) and mapped places (event_id, latitude,
        longitude), every merge (merge_id, kept, merged, whether active)."""
        index = cls(rules)
        rows: dict[str, int] = {}
        codes: dict[str, int] = {}
        for event_id, article_id, event_type, day, rule, lat, lon, published, source in events:
            rows[event_id] = index._append(event_id, index._article_code(codes, article_id, published, source),
                                           event_type, day, rule, lat, lon)
        sets: dict[int, list[tuple[str, str]]] = {}
        pairs: dict[tuple[str, str], tuple[str, str]] = {}  # each (name, rule) once
        for event_id, name, rule in actors:
            row = rows.get(event_id)
            if row is not None:
                sets.setdefault(row, []).append(pairs.setdefault((name, rule), (name, rule)))
        index._actors.extend(index._code(frozenset(sets.get(row, ()))) for row in range(len(index._type)))
        keys: list[int] = []
        key_rows: list[int] = []
        for event_id, lat, lon in places:
            row = rows.get(event_id)
            if row is not None:
                keys.append(_key(index._type[row], index._day[row], *_cell(lat, lon)))
                key_rows.append(row)
        index._keys.add(keys, key_rows)
        for merge_id, kept, merged, active in merges:
            index._merge_ids.add(merge_id)  # undone too
            if active:
                index._kept.add(kept)
                index._merged.add(merged)
            else:
                index._undone.add((kept, merged))
        return index

    def add(self, events: Iterable[Row], places: Iterable[Row], dates: Iterable[Row], actors: Iterable[Row],
            articles: Iterable[Row]) -> None:
        """Index a batch just written (the last batch now), narrowed by events.store.merge.sql.merge_inputs: news events
        with a day (event_id, article_id, event_type, event_date), mapped places (event_id, ordinal, latitude,
        longitude, geo_precision), event_date evidence (event_id, ordinal, rule), actors (event_id, name, rule),
        articles (article_id, published_at, source)."""
        # per event: article, type, day, then (ordinal, value) of latitude, longitude, precision and date rule as
        # arg_min(value, ordinal) picks them (mapped places only, NULL values skipped), actors, grid cells
        pending = {e[0]: [e[1], e[2], e[3], None, None, None, None, None, None, None, "", [], []] for e in events}
        for event_id, ordinal, lat, lon, precision in places:
            p = pending.get(event_id)
            if p is None:
                continue
            if p[3] is None or ordinal < p[3]:
                p[3], p[4] = ordinal, lat
            if lon is not None:
                if p[5] is None or ordinal < p[5]:
                    p[5], p[6] = ordinal, lon
                p[12].append(_cell(lat, lon))
            if precision is not None and (p[7] is None or ordinal < p[7]):
                p[7], p[8] = ordinal, precision
        for event_id, ordinal, rule in dates:
            p = pending.get(event_id)
            if p is not None and rule is not None and (p[9] is None or ordinal < p[9]):
                p[9], p[10] = ordinal, rule
        for event_id, name, rule in actors:
            p = pending.get(event_id)
            if p is not None:
                p[11].append((name, "" if rule is None else rule))
        written = {a[0]: (a[1], a[2]) for a in articles}
        self._fresh, self._first_fresh = {article_id: [] for article_id in written}, len(self._type)
        codes: dict[str, int] = {}
        keys: list[int] = []
        key_rows: list[int] = []
        for event_id, (article_id, event_type, day, _, lat, _, lon, _, precision, _, rule, pairs, cells) in (
                pending.items()):
            if lat is None:
                continue  # no mapped place: never a candidate
            if article_id not in written or not (precision is None or type(precision) is int):
                raise Unindexable(f"event {event_id!r}")
            if lon is not None:
                self._fresh[article_id].append(_key(self._code(event_type), _day(day).toordinal(),
                                                    *_cell(lat, lon)))
            if lon is None or precision is None or precision > self.rules.max_geo_precision:
                continue  # never in a pool (no grid cell, or too coarse): only the keys of its main place matter
            row = self._append(event_id, self._article_code(codes, article_id, *written[article_id]), event_type,
                               day, rule, lat, lon)
            self._actors.append(self._code(frozenset(pairs)))
            for cell in set(cells):
                keys.append(_key(self._type[row], self._day[row], *cell))
                key_rows.append(row)
        self._keys.add(keys, key_rows)

    def _append(self, event_id: str, article: int, event_type: Any, day: Any, rule: Any, lat: Any, lon: Any) -> int:
        """A row for an event that can join a pool (its actors follow); returns the row."""
        type_code = self._code(event_type)
        if type_code >= 1 << 14 or type(lat) is not float or type(lon) is not float:
            raise Unindexable(f"event {event_id!r}")
        self._ids += event_id.encode()
        self._id_ends.append(len(self._ids))
        self._article.append(article)
        self._type.append(type_code)
        self._day.append(_day(day).toordinal())
        self._rule.append(self._code(rule))
        self._lat.append(lat)
        self._lon.append(lon)
        return len(self._type) - 1

    def _article_code(self, codes: dict[str, int], article_id: str, published: Any, source: Any) -> int:
        code = codes.get(article_id)
        if code is None:
            code = codes[article_id] = len(self._article_ids)
            self._article_ids.append(article_id)
            self._published.append(None if published is None else _day(published))
            self._sources.append(source)
        return code

    def record(self, merges: Sequence[Merge]) -> None:
        for m in merges:
            self._merge_ids.add(m.merge_id)
            self._kept.add(m.kept_event_id)
            self._merged.add(m.merged_event_id)

    def recorded(self, merge_ids: Sequence[str]) -> bool:
        """Whether the table holds any of these merges."""
        return not self._merge_ids.isdisjoint(merge_ids)

    def undone(self, event_ids: Sequence[str]) -> frozenset[tuple[str, str]]:
        """`_undone`: the undone (kept, merged) pairs of these events."""
        ids = set(event_ids)
        return frozenset(pair for pair in self._undone if pair[0] in ids or pair[1] in ids)

    def candidates(self, article_ids: Sequence[str], rules: MergeRules) -> list[tuple[MergeEvent, bool]]:
        """The events `_candidates` gives for articles of the last batch, with whether each is fresh, but for
        fresh events that cannot join a pool (they merge with nothing either way)."""
        if rules != self.rules:
            raise ValueError("a merge index answers for the rules it was built with")
        mains = [key for article_id in article_ids for key in self._fresh[article_id]]
        if not mains:
            return []
        keys = (np.array(mains, dtype=np.int64)[:, None] + self._offsets).ravel()
        events: list[tuple[MergeEvent, bool]] = []
        for row in sorted(self._keys.find(keys)):
            event_id = self._ids[self._id_ends[row - 1] if row else 0:self._id_ends[row]].decode()
            if event_id in self._merged:
                continue
            article = self._article[row]
            events.append((MergeEvent(event_id, self._article_ids[article], self._values[self._type[row]],
                                      date.fromordinal(self._day[row]), self._values[self._rule[row]], self._lat[row],
                                      self._lon[row], self._values[self._actors[row]], kept=event_id in self._kept,
                                      published_at=self._published[article], source=self._sources[article]),
                           row >= self._first_fresh))
        return events

    def _code(self, value: Any) -> int:
        """A repeated value (event type, date rule: text; actor set) stored once."""
        code = self._codes.get(value)
        if code is None:
            if not isinstance(value, str | frozenset):
                raise Unindexable(f"value {value!r}")
            code = self._codes[value] = len(self._values)
            self._values.append(value)
        return code


def _cell(lat: Any, lon: Any) -> tuple[int, int]:
    """floor(x * 10)::BIGINT of both, as the candidate query computes its grid cells (within the key's bounds)."""
    if not (type(lat) is float and type(lon) is float and abs(lat) < 400 and abs(lon) < 800):
        raise Unindexable(f"coordinates {lat!r}, {lon!r}")
    return math.floor(lat * 10), math.floor(lon * 10)


def _day(value: Any) -> date:
    if type(value) is not date or not date(1, 1, 10) < value < date(9999, 12, 20):
        raise Unindexable(f"day {value!r}")
    return value
