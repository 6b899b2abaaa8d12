"""One writer at a time: a lock file next to the database ("events.duckdb" -> "events.duckdb.lock").

The lock itself is an advisory `flock` on the file, which the kernel drops when its holder dies (even by
SIGKILL), so a crashed import can never block the next one. The file's content (pid, host, start time) only
explains who holds it; content left by a holder that is gone is a stale lock, reported and taken over.
The file is opened without following links (`events.files.open_own`): a link planted at its name is refused
with one line, and its target never written. POSIX only (fcntl).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from events.errors import EventsError, FileError, shown
from events.files import open_own, read_regular, reason

_ATTEMPTS = 5  # a lock file replaced between our open and our flock is re-opened; never loop for ever
_HOLDER_BYTES = 4096  # a holder's JSON is under 200 bytes: more is no lock file of ours


class LockError(EventsError, RuntimeError):
    """Another import holds the database's lock."""


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    since: str  # ISO time


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.lock")


def read_holder(path: Path) -> Holder | None:
    try:
        return _holder(read_regular(path, limit=_HOLDER_BYTES))
    except (FileError, OSError):
        return None


def _holder(content: bytes) -> Holder | None:
    try:
        data = json.loads(content.decode("utf-8") or "null")
        return Holder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (ValueError, TypeError, KeyError):
        return None


class ImportLock:
    """Held from `acquire` to `release` (or the end of a `with` block). `stale` is the holder of a lock left
    behind by a process that is gone, which this one took over."""

    def __init__(self, path: Path, fd: int, stale: Holder | None) -> None:
        self.path = path
        self._fd = fd
        self.stale = stale

    @classmethod
    def acquire(cls, db: str | Path, *, now: Callable[[], datetime]) -> ImportLock:
        path = lock_path(db)
        for _ in range(_ATTEMPTS):
            fd = open_own(path, kind="lock file")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(os.pread(fd, _HOLDER_BYTES, 0))
                os.close(fd)
                raise LockError(_busy(path, holder)) from None
            try:
                opened, named = os.fstat(fd), os.lstat(path)
                same = (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)
            except FileNotFoundError:
                same = False
            if not same:  # the previous holder removed the file after we opened it: lock the new one
                os.close(fd)
                continue
            try:
                stale = _holder(os.pread(fd, _HOLDER_BYTES, 0))
                me = Holder(os.getpid(), socket.gethostname(), now().isoformat(timespec="seconds"))
                os.ftruncate(fd, 0)
                os.pwrite(fd, json.dumps(me.__dict__).encode("utf-8"), 0)
                os.fsync(fd)
            except OSError as exc:  # a full disk: drop the file as `release` does, while still holding it
                path.unlink(missing_ok=True)
                os.close(fd)
                raise FileError(path, f"cannot write: {reason(exc)}") from exc
            return cls(path, fd, stale)
        raise LockError(f"cannot take the lock {shown(path)}: it keeps being replaced")

    def release(self) -> None:
        if self._fd < 0:
            return
        try:
            self.path.unlink(missing_ok=True)  # before unlocking: a waiter then finds no file, or a new one
        finally:
            os.close(self._fd)  # closing drops the flock
            self._fd = -1

    def __enter__(self) -> ImportLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def _busy(path: Path, holder: Holder | None) -> str:
    if holder is None:
        return f"another import is running (lock file {shown(path)})"
    where = "" if holder.host == socket.gethostname() else f" on {shown(holder.host)}"
    return f"another import is running since {shown(holder.since)}, pid {holder.pid}{where} (lock file {shown(path)})"
