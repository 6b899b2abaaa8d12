"""Bulk writes (Store.bulk, events.store.merge.sql.BulkLookups): what a long import keeps in memory answers exactly as
the database would, and rows go in as NumPy columns exactly as bound lists put them (events.store.rows)."""

from __future__ import annotations

import math
import random
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pytest

from events.store import db as store_module
from events.store.db import Store
from events.store.merge import sql as merge_sql
from events.store.merge.index import MergeIndex
from events.store.merge.rules import MergeEvent, MergeRules
from events.store.merge.sql import IdFilter
from events.store.rows import Row, scan_columns
from schemas import Actor, Article, CasualtyClaim, Event, Evidence, Place, PlaceMention

TABLES = ("articles", "events", "event_places", "event_actors", "claims", "evidence", "events_superseded",
          "event_merges", "import_runs")
TYPES = ("Battles", "Riots")
DAYS = (date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 4))
SPOTS = ((16.27, -0.04), (16.3, -0.01), (16.41, 0.12), (-12.05, 30.11))  # the first three within 20 km
DATE_RULES = ("date.weekday", "date.iso", "date.publication")
ACTORS = (("JNIM", "actor.group.jnim"), ("Wagner", "actor.group.wagner"), ("gunmen", "generic.gunmen"))
SOURCES = ("Sahel Daily", "Bamako Wire", "Radio Gao", None)


@dataclass(frozen=True)
class Extraction:
    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[CasualtyClaim] = field(default_factory=list)


def _place(rng: random.Random) -> PlaceMention:
    lat, lon = rng.choice(SPOTS)
    kind = rng.random()
    place = (None if kind < 0.1 else
             Place(name="Nowhere", latitude=lat, longitude=None) if kind < 0.2 else
             Place(name="Somewhere", latitude=lat + rng.uniform(-0.06, 0.06), longitude=lon + rng.uniform(-0.1, 0.1)))
    return PlaceMention(text="a town", start=0, end=6, place=place, geo_precision=rng.randint(1, 3), rule="place.gaz")


def _event(rng: random.Random, article_id: str, version: str, k: int) -> Event:
    actors = [Actor(name=name, role="actor1", text=name, start=0, end=len(name), rule=rule)
              for name, rule in rng.sample(ACTORS, rng.randint(0, 2))]
    dated = [Evidence(field="event_date", start=0, end=3, text="day", rule=rng.choice(DATE_RULES))
             for _ in range(rng.choice((0, 1, 1, 2)))]
    return Event(event_id=f"{article_id}-{version}-{k}", article_id=article_id, event_date=rng.choice((None, *DAYS)),
                 date_precision="day", event_type=rng.choice(TYPES), sub_event_type="Armed clash",
                 places=[_place(rng) for _ in range(rng.choice((0, 1, 1, 2, 3)))], actors=actors, fatalities=0,
                 sentence="Fighting.", sentence_index=k, sentence_start=0, sentence_end=9,
                 evidence=[Evidence(field="event_type", start=0, end=3, text="hit", rule="trigger.hit"), *dated],
                 background=rng.random() < 0.1, extractor_version=version)


def _extraction(rng: random.Random, article_id: str, version: str, events: int | None = None) -> Extraction:
    article = Article(article_id=article_id, text=f"Report {article_id} {version} {rng.random()}",
                      source=rng.choice(SOURCES), published_at=rng.choice((None, *DAYS)))
    count = rng.randint(0, 3) if events is None else events
    return Extraction(article, [_event(rng, article_id, version, k) for k in range(count)])


def _batches(seed: int) -> list[list[Extraction]]:
    """Ten batches of new articles; one that rewrites some of them (one twice); three more; one with an article
    holding another's event id and two articles written before."""
    rng = random.Random(seed)
    batches = [[_extraction(rng, f"a{b}-{i}", "v1") for i in range(12)] for b in range(10)]
    rewritten = [_extraction(rng, f"a{b}-{i}", "v2") for b, i in ((0, 1), (3, 4), (3, 5), (9, 0))]
    batches.append([*rewritten, _extraction(rng, "a3-4", "v3"), _extraction(rng, "b-new", "v1")])
    batches += [[_extraction(rng, f"d{b}-{i}", "v1") for i in range(12)] for b in range(3)]
    clash = _extraction(rng, "c-clash", "v1")
    stolen = Event.model_validate({**clash.events[0].model_dump(), "event_id": "a1-1-v1-0"}) if clash.events else None
    batches.append([Extraction(clash.article, [stolen] if stolen else []), *batches[1][:2]])
    return [b for b in batches if b]


def _write(store: Store, batches: list[list[Extraction]], *, bulk: bool) -> None:
    moment = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)
    ticks = iter(range(10**6))

    def now() -> datetime:
        return moment + timedelta(seconds=next(ticks))

    def run() -> None:
        for batch in batches:
            store.write_extractions(batch, version="test", run_id="run-bulk", now=now)

    if bulk:
        with store.bulk():
            run()
    else:
        run()


def _snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {table: store.query(f"SELECT * FROM {table} ORDER BY ALL")[1] for table in TABLES}


def _pools(found: list[tuple[MergeEvent, bool]]) -> tuple[set[MergeEvent], set[MergeEvent]]:
    """The new events and the pool merge_articles makes of candidates; no new event, no pool."""
    new = {event for event, fresh in found if fresh and not event.kept}
    return new, {event for event, fresh in found if not (fresh and not event.kept)} if new else set()


@pytest.fixture
def checked_index(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every answer of a merge index is checked against the candidate queries; returns the answers counted."""
    answers: list[int] = []
    real = MergeIndex.candidates

    def candidates(index: MergeIndex, article_ids: list[str], rules: MergeRules) -> list[tuple[MergeEvent, bool]]:
        found = real(index, article_ids, rules)
        assert _pools(found) == _pools(merge_sql._candidates(index_con[0], article_ids, rules))
        answers.append(len(found))
        return found

    index_con: list[duckdb.DuckDBPyConnection] = []
    monkeypatch.setattr(MergeIndex, "candidates", candidates)
    monkeypatch.setattr(merge_sql, "merge_articles", _remember_con(merge_sql.merge_articles, index_con))
    monkeypatch.setattr(store_module, "merge_articles", merge_sql.merge_articles)
    return answers


def _remember_con(merge: Any, seen: list[duckdb.DuckDBPyConnection]) -> Any:
    def wrapped(con: duckdb.DuckDBPyConnection, *args: Any, **kwargs: Any) -> Any:
        seen[:] = [con]
        return merge(con, *args, **kwargs)
    return wrapped


@pytest.mark.parametrize(("case", "small", "warm"), [
    ("An import into a small database loads its lookups at once, and again at once after an update.", 5_000, 10),
    ("An import into a larger database asks the database for a few batches, then loads its lookups.", 0, 3),
    ("After an update the merge index is loaded again from the database, a batch later.", 0, 1),
])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_bulk_write_leaves_the_database_a_plain_write_leaves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checked_index: list[int], case: str, small: int, warm: int,
        seed: int) -> None:
    monkeypatch.setattr(merge_sql, "_SMALL", small)
    monkeypatch.setattr(merge_sql, "_WARM_BATCHES", warm)
    batches = _batches(seed)
    with Store.open(tmp_path / "plain.duckdb") as plain, Store.open(tmp_path / "bulk.duckdb") as bulk:
        _write(plain, batches, bulk=False)
        assert not checked_index, case  # the plain write never asks an index
        _write(bulk, batches, bulk=True)
        assert _snapshot(bulk) == _snapshot(plain), case
        assert checked_index, case  # and the bulk write did
        assert plain.query("SELECT count(*) FROM event_merges")[1][0][0] > 0, case  # there were merges to find


def test_a_rolled_back_batch_and_an_undone_merge_leave_no_trace_in_the_lookups(tmp_path: Path,
                                                                               checked_index: list[int]) -> None:
    batches = _batches(4)
    moment = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)
    stores = {}
    for bulk in (False, True):
        store = stores[bulk] = Store.open(tmp_path / f"{bulk}.duckdb")
        with store.bulk() if bulk else nullcontext():
            store.write_extractions(batches[0] + batches[1], version="test", run_id="r", now=lambda: moment)
            store.begin()
            store.write_extractions(batches[2], version="test", run_id="r", now=lambda: moment)
            store.rollback()
            merges = store.merges()
            if merges:
                store.undo_merge(merges[0][0], now=lambda: moment)
            for batch in batches[2:]:
                store.write_extractions(batch, version="test", run_id="r", now=lambda: moment)
    try:
        assert _snapshot(stores[True]) == _snapshot(stores[False])
    finally:
        for store in stores.values():
            store.close()


@pytest.mark.parametrize(("case", "count", "step"), [
    ("A handful of ids added at once are all held.", 10, 10),
    ("Ids added a batch at a time, merged into the sorted hashes as they grow, are all held.", 200_000, 997),
    ("A filter built from ids holds them.", 5_000, 0),
])
def test_an_id_filter_holds_every_id_it_was_given_and_no_other(case: str, count: int, step: int) -> None:
    ids = [f"{i:016x}" for i in range(count)]
    held = IdFilter(ids) if not step else IdFilter()
    for start in range(0, count, step or count):
        if step:
            held.add(ids[start:start + step])
    assert held.maybe(ids) == ids, case
    assert held.maybe([f"other-{i}" for i in range(1000)]) == [], case


CREATE_T = "CREATE TABLE {} (s VARCHAR, i BIGINT, f DOUBLE, b BOOLEAN, d DATE, ts TIMESTAMP)"
MOMENT = datetime(2026, 5, 4, 9, 30)


@pytest.mark.parametrize(("case", "rows", "scanned"), [
    ("Words, counts, decimals, flags, days and moments go in as columns.",
     [("Gao", 3, 16.27, True, date(2026, 5, 3), MOMENT), ("Ségou 😀", -2, -0.04, False, date(1, 1, 1), MOMENT)], True),
    ("Missing values stay missing in every kind of column.",
     [(None, None, None, None, None, None), ("a", 1, 1.5, True, date(2026, 1, 1), MOMENT)], True),
    ("A batch of nothing but missing values goes in as missing values.", [(None,) * 6] * 3, True),
    ("A decimal that is not a number stays one: the batch goes in as bound lists.",
     [("a", 1, math.nan, True, None, None)], False),
    ("An infinite decimal goes in as bound lists.", [("a", 1, math.inf, True, None, None)], False),
    ("A count beyond 64 bits in a decimal column goes in as bound lists.", [("a", 1, 2**70, True, None, None)], False),
    ("A flag among counts goes in as bound lists.",
     [("a", 1, 1.0, True, None, None), ("b", True, 2.0, False, None, None)], False),
    ("A moment with a time zone goes in as bound lists.",
     [("a", 1, 1.0, True, None, datetime(2026, 5, 4, 9, 30, tzinfo=timezone.utc))], False),
    ("A moment among days goes in as bound lists.", [("a", 1, 1.0, True, date(2026, 5, 3), None),
                                                      ("b", 2, 2.0, True, MOMENT, None)], False),
])
def test_rows_go_in_as_columns_exactly_as_bound_lists_put_them(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                               case: str, rows: list[Row], scanned: bool) -> None:
    assert (scan_columns(rows) is not None) == scanned, case
    for table in ("t_columns", "t_lists"):
        store._con.execute(CREATE_T.format(table))
    store._insert("t_columns", rows)
    monkeypatch.setattr(store_module, "scan_columns", lambda rows: None)
    store._insert("t_lists", rows)
    columns, lists = (store.query(f"SELECT * FROM {table} ORDER BY rowid")[1] for table in ("t_columns", "t_lists"))
    assert repr(columns) == repr(lists), case
    assert len(columns) == len(rows), case


@pytest.mark.parametrize(("case", "ids"), [
    ("Two changed articles in one batch keep their old events, as each in its own batch would.", ["a0-1", "a0-2"]),
    ("An article changed twice in one batch keeps both older versions' events.", ["a0-1", "a0-1", "a0-3"]),
    ("A changed article beside a new one.", ["a0-4", "n-1"]),
])
def test_changed_articles_are_superseded_together_as_one_at_a_time(tmp_path: Path, case: str, ids: list[str]) -> None:
    rng = random.Random(7)
    first = [_extraction(rng, f"a0-{i}", "v1", events=2) for i in range(6)]
    changed = [_extraction(rng, article_id, f"v{2 + k}", events=2) for k, article_id in enumerate(ids)]
    moment = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)
    snapshots = []
    for together in (True, False):
        with Store.open(tmp_path / f"{together}.duckdb") as store:
            store.merge_across_articles = False  # batches merge differently; superseding is what is compared
            store.write_extractions(first, version="test", run_id="r", now=lambda: moment)
            for batch in [changed] if together else [[x] for x in changed]:
                store.write_extractions(batch, version="test", run_id="r2", now=lambda: moment)
            snapshots.append(_snapshot(store))
    assert snapshots[0] == snapshots[1], case
    assert snapshots[0]["events_superseded"], case
