"""The import lock: one writer at a time, a clear message naming the holder, and locks of dead processes
(killed with SIGKILL, or left behind) taken over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from events.errors import FileError
from events.ingest.lock import ImportLock, LockError, lock_path, read_holder


def now() -> datetime:
    return datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)


HOLD = """
import sys, time
from datetime import datetime, timezone
from events.ingest.lock import ImportLock
lock = ImportLock.acquire(sys.argv[1], now=lambda: datetime(2026, 3, 1, 7, 0, tzinfo=timezone.utc))
print("held", flush=True)
time.sleep(30)
"""


def holder_process(db: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[3])
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_a_second_import_is_refused_with_who_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    with ImportLock.acquire(db, now=now), pytest.raises(LockError) as refused:
        ImportLock.acquire(db, now=now)
    assert str(refused.value) == (f"another import is running since 2026-03-04T09:30:00+00:00, pid {os.getpid()} "
                                  f"(lock file {db}.lock)")


def test_the_lock_is_free_again_after_release_and_its_file_is_gone(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    for _ in range(3):
        with ImportLock.acquire(db, now=now) as lock:
            assert lock.stale is None and read_holder(lock.path) is not None
        assert not lock_path(db).exists()


def test_another_process_holding_the_lock_is_named(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    child = holder_process(db)
    try:
        with pytest.raises(LockError, match=f"since 2026-03-01T07:00:00\\+00:00, pid {child.pid} "):
            ImportLock.acquire(db, now=now)
    finally:
        child.kill()
        child.wait(timeout=10)


def test_the_lock_of_an_import_killed_with_sigkill_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "events.duckdb"
    child = holder_process(db)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert lock_path(db).exists()  # SIGKILL leaves the file behind
    with ImportLock.acquire(db, now=now) as lock:
        assert lock.stale is not None and lock.stale.pid == child.pid


@pytest.mark.parametrize("content", [
    json.dumps({"pid": 999999999, "host": "somewhere", "since": "2026-01-01T00:00:00+00:00"}),
    "this lock file was truncated by a full disk",
    "",
])
def test_a_left_behind_or_damaged_lock_file_does_not_block(tmp_path: Path, content: str) -> None:
    db = tmp_path / "events.duckdb"
    lock_path(db).write_text(content, encoding="utf-8")
    with ImportLock.acquire(db, now=now) as lock:
        holder = read_holder(lock.path)
        assert holder is not None and holder.pid == os.getpid()
        assert (lock.stale is not None) == content.startswith("{")


@pytest.mark.parametrize("target", ["victim.txt", "nothing-here.txt"], ids=["to a file", "to nothing"])
def test_a_link_planted_as_the_lock_is_refused_and_its_target_never_written(tmp_path: Path, target: str) -> None:
    db = tmp_path / "events.duckdb"
    (tmp_path / "victim.txt").write_text("precious", encoding="utf-8")
    lock_path(db).symlink_to(tmp_path / target)
    with pytest.raises(FileError) as refused:
        ImportLock.acquire(db, now=now)
    assert str(refused.value) == f"{db}.lock: is a symbolic link, not a lock file (remove it)"
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == "precious"
    assert not (tmp_path / "nothing-here.txt").exists()
