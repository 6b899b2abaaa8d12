"""`events schedule`: each source run on its own schedule by one long-running foreground process.

Every source runs once at start, then at its schedule's next time after the end of its last run (a run that
overruns its slot is not run twice to catch up). A failing source (a run that failed as a whole, or raised) is
logged and backs off: after n failures in a row it skips 2^(n-1) - 1 of its slots, but waits no more than
`max_backoff` (or until its next slot, when that is later), and its first success puts it back on its
schedule. A run that finds the lock held by another import is logged and retried at its next slot. A feed
item that could not be fetched is asked for again at the feed's next run when the failure was transient (a
timeout, HTTP 503), not when it was terminal (HTTP 404): see FetchError in events.ingest.fetch and FetchState
in events.ingest.sources. `stop()` (set by SIGTERM/SIGINT in the command) ends a run after its current
document, or a fetch under way within a fraction of a second (events.ingest.bounded), and ends the loop.
Clock and sleep are injected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from events.errors import EventsError, InputError
from events.ingest.lock import LockError
from events.ingest.parallel import PipelineLike
from events.ingest.sources import FetcherFactory, Source, run_sources
from schemas import ImportRun

_NAP = 1.0  # longest single sleep, in seconds: how quickly a stop request is noticed while idle


@dataclass
class Scheduler:
    db: str | Path
    sources: Sequence[Source]
    pipeline: PipelineLike
    now: Callable[[], datetime]
    sleep: Callable[[float], None]
    log: Callable[[str], None]
    fetcher: FetcherFactory | None = None
    max_backoff: timedelta = timedelta(hours=1)  # the longest a failing source waits (unless its schedule is longer)
    failures: dict[str, int] = field(default_factory=dict)  # source name -> runs failed in a row

    def __post_init__(self) -> None:
        unscheduled = [s.name for s in self.sources if s.schedule is None]
        if unscheduled:
            raise InputError(f"no schedule for source(s) {', '.join(unscheduled)} (add schedule = \"15m\" "
                             "or a cron expression)")
        if not self.sources:
            raise InputError("no sources to schedule")

    def run(self, *, stop: Callable[[], bool], max_runs: int | None = None) -> int:
        """Runs sources as they fall due until `stop()` (or `max_runs` runs, for tests); returns how many."""
        start = self.now()
        due = {source.name: start for source in self.sources}
        made = 0
        while not stop() and (max_runs is None or made < max_runs):
            source = min(self.sources, key=lambda s: (due[s.name], s.name))
            wait = (due[source.name] - self.now()).total_seconds()
            if wait > 0:
                self.sleep(min(wait, _NAP))
                continue
            succeeded = self._run(source, stop)
            made += 1
            if stop():
                break
            if succeeded is not None:
                self.failures[source.name] = 0 if succeeded else self.failures.get(source.name, 0) + 1
            failed = self.failures.get(source.name, 0)
            due[source.name] = self._next(source, failed)
            backing_off = f"failed {failed} times in a row: " if failed > 1 else ""
            self.log(f"{source.name}: {backing_off}next run at {due[source.name]:%Y-%m-%d %H:%M:%S}"
                     + (" (backing off)" if backing_off else ""))
        return made

    def _next(self, source: Source, failed: int) -> datetime:
        """The source's next slot; after `failed` failures in a row (2 or more), 2^(failed-1) slots on, as long as
        that is no more than `max_backoff` from now."""
        schedule = source.schedule
        assert schedule is not None  # checked in __post_init__
        moment = self.now()
        due = schedule.next_after(moment)
        for _ in range(2 ** min(max(failed - 1, 0), 20) - 1):
            later = schedule.next_after(due)
            if later - moment > self.max_backoff:
                break
            due = later
        return due

    def _run(self, source: Source, stop: Callable[[], bool]) -> bool | None:
        """Whether the run succeeded (at least in part); None when it did not run (the lock was held)."""
        try:
            runs = run_sources(self.db, [source], now=self.now, pipeline=self.pipeline, fetcher=self.fetcher,
                               stop=stop)
        except LockError as exc:
            self.log(f"{source.name}: skipped: {exc}")
            return None
        except Exception as exc:  # noqa: BLE001 (a process left running for months outlives one source)
            kind = "" if isinstance(exc, EventsError | OSError) else f"{type(exc).__name__}: "
            self.log(f"{source.name}: failed: {kind}{' '.join(str(exc).split())}")
            return False
        for run in runs:
            self.log(_line(run) + (" (stopped early)" if stop() else ""))
            for warning in run.warnings:
                self.log(f"{run.source}: warning: {warning.document}: {warning.message}")
        return all(run.status != "failed" for run in runs)


def _line(run: ImportRun) -> str:
    took = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
    first = f"; first failure: {run.failures[0].document}: {run.failures[0].reason}" if run.failures else ""
    return (f"{run.source}: {run.status} in {took:.1f}s: seen {run.seen}, new {run.new}, "
            f"updated {run.updated}, unchanged {run.unchanged}, failed {run.failed}{first}")
