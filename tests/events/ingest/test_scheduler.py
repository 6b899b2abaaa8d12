"""The scheduler on a fake clock: runs fall due on each source's own schedule, failures and held locks are
logged and the loop goes on, and a stop request ends a run after its current document."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from events.errors import InputError
from events.ingest.lock import ImportLock
from events.ingest.scheduler import Scheduler
from events.ingest.sources import Schedule, Source
from tests.events.ingest.loopback import reply, serve

START = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc)


class FakeTime:
    def __init__(self) -> None:
        self.moment = START

    def now(self) -> datetime:
        return self.moment

    def sleep(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def jsonl(tmp_path: Path, name: str, ids: list[str]) -> str:
    path = tmp_path / f"{name}.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"Rebels attacked Southport, report {i}."}) + "\n"
                            for i in ids), encoding="utf-8")
    return str(path)


def scheduler(tmp_path: Path, sources: list[Source], pipeline: Any, log: list[str]) -> tuple[Scheduler, FakeTime]:
    fake = FakeTime()
    return Scheduler(tmp_path / "e.duckdb", sources, pipeline, now=fake.now, sleep=fake.sleep,
                     log=log.append), fake


def test_each_source_runs_on_its_own_schedule(tmp_path: Path, make_pipeline: Callable[[], Any]) -> None:
    often = Source("often", "jsonl", (jsonl(tmp_path, "a", ["a-1"]),), Schedule.parse("10m", "t"))
    rarely = Source("rarely", "jsonl", (jsonl(tmp_path, "b", ["b-1"]),), Schedule.parse("*/25 * * * *", "t"))
    log: list[str] = []
    loop, fake = scheduler(tmp_path, [often, rarely], make_pipeline(), log)
    assert loop.run(stop=lambda: False, max_runs=6) == 6
    runs = [line.split(":")[0] for line in log if " in " in line and "next run" not in line]
    assert runs == ["often", "rarely", "often", "often", "rarely", "often"]  # 9:00 9:00 9:10 9:20 9:25 9:30
    assert fake.moment == START + timedelta(minutes=30)
    assert log[0] == "often: ok in 0.0s: seen 1, new 1, updated 0, unchanged 0, failed 0"
    assert "often: ok in 0.0s: seen 1, new 0, updated 0, unchanged 1, failed 0" in log


def test_a_failing_source_is_logged_and_the_others_go_on(tmp_path: Path, make_pipeline: Callable[..., Any]) -> None:
    broken = Source("broken", "jsonl", (jsonl(tmp_path, "x", ["crash-1"]),), Schedule.parse("5m", "t"))
    fine = Source("fine", "jsonl", (jsonl(tmp_path, "y", ["y-1"]),), Schedule.parse("5m", "t"))
    log: list[str] = []
    loop, _ = scheduler(tmp_path, [broken, fine], make_pipeline(crash=frozenset({"crash-1"})), log)
    assert loop.run(stop=lambda: False, max_runs=4) == 4
    failures = [line for line in log if line.startswith("broken: failed: ")]
    assert len(failures) == 2 and "RuntimeError: fake pipeline crashed on crash-1" in failures[0]
    assert sum(line.startswith("fine: ok") for line in log) == 2


def test_a_held_lock_skips_the_run_until_its_next_slot(tmp_path: Path, make_pipeline: Callable[[], Any]) -> None:
    source = Source("s", "jsonl", (jsonl(tmp_path, "s", ["s-1"]),), Schedule.parse("1m", "t"))
    log: list[str] = []
    loop, _ = scheduler(tmp_path, [source], make_pipeline(), log)
    with ImportLock.acquire(tmp_path / "e.duckdb", now=lambda: START):
        loop.run(stop=lambda: False, max_runs=2)
    assert [line.split(": ")[1] for line in log if "next run" not in line] == ["skipped", "skipped"]
    assert "another import is running since 2026-03-04T09:00:00+00:00" in log[0]


def test_a_stop_request_ends_the_run_after_the_current_document(tmp_path: Path,
                                                                make_pipeline: Callable[[], Any]) -> None:
    source = Source("s", "jsonl", (jsonl(tmp_path, "s", ["s-1", "s-2", "s-3", "s-4"]),), Schedule.parse("1m", "t"))
    pipeline = make_pipeline()
    log: list[str] = []
    loop, _ = scheduler(tmp_path, [source], pipeline, log)
    asked: list[int] = []

    def stop() -> bool:
        """Asked by the loop, before the source, then after each document read: true from the second one."""
        asked.append(1)
        return len(asked) >= 4

    assert loop.run(stop=stop) == 1
    assert pipeline.calls == ["s-1", "s-2"]
    assert log[0].startswith("s: ok") and "seen 2, new 2" in log[0] and log[0].endswith("(stopped early)")


@pytest.mark.parametrize("schedules", [[None], ["5m", None], []])
def test_every_scheduled_source_needs_a_schedule(tmp_path: Path, make_pipeline: Callable[[], Any],
                                                 schedules: list[str | None]) -> None:
    sources = [Source(f"s{i}", "jsonl", ("x.jsonl",), Schedule.parse(s, "t") if s else None)
               for i, s in enumerate(schedules)]
    with pytest.raises(InputError, match="no schedule for source|no sources to schedule"):
        scheduler(tmp_path, sources, make_pipeline(), [])


def test_a_failing_source_backs_off_and_a_success_resets_it(tmp_path: Path, make_pipeline: Callable[[], Any]) -> None:
    pattern = tmp_path / "inbox" / "*.jsonl"
    # fails while nothing matches: strict, as a source that is not strict reports it once, then skips it (it failed
    # before), and does not fail again
    source = Source("inbox", "glob", (str(pattern),), Schedule.parse("5m", "t"), {"strict": True})
    log: list[str] = []
    loop, fake = scheduler(tmp_path, [source], make_pipeline(), log)
    started: list[str] = []
    real_run = loop._run

    def run(source: Source, stop: Callable[[], bool]) -> bool:
        started.append(f"{fake.moment:%H:%M}")
        if len(started) == 6:  # from the sixth run on the source works again
            (tmp_path / "inbox").mkdir()
            jsonl(tmp_path / "inbox", "a", ["a-1"])
        return real_run(source, stop)

    loop._run = run  # type: ignore[method-assign]
    assert loop.run(stop=lambda: False, max_runs=9) == 9
    # failures: next slot, then 2, 4, 8 slots later, capped at an hour (12 slots); a success resets it
    assert started == ["09:00", "09:05", "09:15", "09:35", "10:15", "11:15", "11:20", "11:25", "11:30"]
    assert "inbox: failed 3 times in a row: next run at 2026-03-04 09:35:00 (backing off)" in log
    assert log[-1] == "inbox: next run at 2026-03-04 11:35:00"


def test_a_source_that_keeps_raising_backs_off_too(tmp_path: Path, make_pipeline: Callable[..., Any]) -> None:
    broken = Source("broken", "jsonl", (jsonl(tmp_path, "x", ["crash-1"]),), Schedule.parse("10m", "t"))
    log: list[str] = []
    loop, fake = scheduler(tmp_path, [broken], make_pipeline(crash=frozenset({"crash-1"})), log)
    assert loop.run(stop=lambda: False, max_runs=3) == 3
    assert fake.moment == START + timedelta(minutes=30)  # 9:00, 9:10, 9:30
    assert log[-1] == "broken: failed 3 times in a row: next run at 2026-03-04 10:10:00 (backing off)"


def test_a_feed_cut_at_max_items_is_one_warning_line_in_the_log(tmp_path: Path,
                                                                make_pipeline: Callable[[], Any]) -> None:
    items = "".join(f'<item><guid isPermaLink="false">{i}</guid><description>Rebels attacked Southport, report {i}.'
                    "</description></item>" for i in range(4))
    with serve() as server:
        server.routes["/rss"] = lambda h, n: reply(h, 200, f'<rss version="2.0"><channel><title>W</title>{items}'
                                                           "</channel></rss>".encode())
        feed = Source("wire", "feed", (server.url("/rss"),), Schedule.parse("1h", "t"),
                      {"max_items": 3, "politeness": 0})
        log: list[str] = []
        loop, _ = scheduler(tmp_path, [feed], make_pipeline(), log)
        loop.run(stop=lambda: False, max_runs=1)
    assert log[1] == f"wire: warning: {server.url('/rss')}: 1 of its 4 items skipped (max_items = 3)"
