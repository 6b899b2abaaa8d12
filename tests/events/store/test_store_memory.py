"""Bounded memory on large imports: DuckDB capped on the import's connection (Store.bound_memory, import_paths),
and the merge candidates found by type, day window and grid cell (events.store.merge.sql), whose joins stay small."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from events.ingest import importer
from events.lexicon import Lexicons
from events.store.db import Store
from events.store.merge.rules import merge_rules
from events.store.merge.sql import _candidates

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

DAY = date(2026, 5, 3)
GAO = (16.27, -0.04)


@pytest.mark.parametrize(("limit", "shown"), [
    pytest.param("128MB", "122.0 MiB", id="megabytes, as DuckDB shows them in MiB"),
    pytest.param("1GB", "953.6 MiB", id="a gigabyte"),
    pytest.param("256 MiB", "256.0 MiB", id="binary units with a space"),
])
def test_a_file_store_is_capped_and_runs_on_one_thread(tmp_path: Path, limit: str, shown: str) -> None:
    with Store.open(tmp_path / "db.duckdb") as store:
        store.bound_memory(limit)
        assert store.query("SELECT current_setting('memory_limit'), current_setting('threads')")[1] == [(shown, 1)]


def test_an_in_memory_store_is_left_unbounded() -> None:
    with Store.open(":memory:") as store:
        before = store.query("SELECT current_setting('memory_limit'), current_setting('threads')")[1]
        store.bound_memory("128MB")
        assert store.query("SELECT current_setting('memory_limit'), current_setting('threads')")[1] == before


@pytest.mark.parametrize("limit", ["128", "lots", "128MB'; DROP TABLE events; --"])
def test_a_limit_that_is_not_a_size_is_refused(tmp_path: Path, limit: str) -> None:
    with Store.open(tmp_path / "db.duckdb") as store, pytest.raises(ValueError, match="is not a size"):
        store.bound_memory(limit)


def test_import_paths_bounds_the_memory_of_its_store(tmp_path: Path, make_pipeline: type[FakePipeline],
                                                     clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    limits: list[str] = []
    monkeypatch.setattr(Store, "bound_memory", lambda self, limit: limits.append(limit))
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"id": "a1", "text": "Gunmen attacked a village."}\n', encoding="utf-8")
    run = importer.import_paths(tmp_path / "db.duckdb", [corpus], now=clock, pipeline=make_pipeline())
    assert (run.new, limits) == (1, [importer.MEMORY_LIMIT])


def _event(store: Store, event_id: str, event_type: str, day: date, lat: float, lon: float) -> None:
    """A stored news event of its own article (source "x"), with one place at (lat, lon) of precision 1."""
    con = store._con
    con.execute("INSERT INTO articles VALUES (?, NULL, ?, NULL, 'x', NULL, NULL, 'h', 't', 'v', NULL, ?, NULL)",
                [event_id, day, datetime(2026, 5, 4)])
    con.execute("INSERT INTO events VALUES (?, ?, ?, 'day', ?, 'sub', 0, NULL, NULL, 's', 0, 0, 1, false, 'v')",
                [event_id, event_id, day, event_type])
    con.execute("INSERT INTO event_places VALUES (?, 0, 'm', 0, 1, NULL, 'l', NULL, NULL, NULL, NULL, ?, ?, NULL, "
                "NULL, NULL, 1, 'r')", [event_id, lat, lon])


@pytest.mark.parametrize(("case", "event_type", "days", "dlat", "dlon", "candidate"), [
    ("A report of the same attack in the same town that day is a candidate.", "Battles", 0, 0.0, 0.0, True),
    ("An attack a day earlier, within the day window, is a candidate.", "Battles", -1, 0.0, 0.0, True),
    ("An attack a day later, within the day window, is a candidate.", "Battles", 1, 0.0, 0.0, True),
    ("An attack two days later, outside the window, is not.", "Battles", 2, 0.0, 0.0, False),
    ("A protest in the same town that day is another type and is not.", "Protests", 0, 0.0, 0.0, False),
    ("An attack one grid cell north is a candidate.", "Battles", 0, 0.1, 0.0, True),
    ("An attack two grid cells east is a candidate.", "Battles", 0, 0.0, 0.2, True),
    ("An attack two grid cells north is too far and is not.", "Battles", 0, 0.2, 0.0, False),
    ("An attack three grid cells west is too far and is not.", "Battles", 0, 0.0, -0.3, False),
])
def test_merge_candidates_share_type_day_window_and_neighbouring_cell(lexicons: Lexicons,
        case: str, event_type: str, days: int, dlat: float, dlon: float, candidate: bool) -> None:
    with Store.open(":memory:") as store:
        _event(store, "stored", event_type, DAY + timedelta(days=days), GAO[0] + dlat, GAO[1] + dlon)
        _event(store, "fresh", "Battles", DAY, *GAO)
        rules = lexicons.compiled(merge_rules)
        found = {event.event_id: fresh for event, fresh in _candidates(store._con, ["fresh"], rules)}
        assert found == ({"fresh": True, "stored": False} if candidate else {"fresh": True}), case


def test_no_fresh_event_means_no_candidates(lexicons: Lexicons) -> None:
    with Store.open(":memory:") as store:
        _event(store, "stored", "Battles", DAY, *GAO)
        assert _candidates(store._con, ["an article with no events"], lexicons.compiled(merge_rules)) == []
