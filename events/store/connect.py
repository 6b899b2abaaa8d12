"""Every DuckDB connection of the project is opened here: offline, and onto a DuckDB database only.

DuckDB loads a known extension the first time a statement needs one and, when it is not installed, downloads it
(`autoinstall_known_extensions`): given an SQLite file as its database, it went to the internet for its sqlite
extension. What we run needs only the extensions built into the Python package (parquet, json, icu), so loading
and installing on the fly are off on every connection; and a file that is not a DuckDB database is refused before
DuckDB reads it (a FIFO would also block the open for ever).

DuckDB lets one process write a database file at a time and refuses every other process's connection, a reader's
too, at once with a lock error: `connect_waiting` retries with backoff for a while (`Waiting`), so that a query made
while an import commits is delayed, not refused, and says once what it waits for.
"""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import duckdb

from events.errors import StoreError, shown

ConfigValue = str | bool | int | float | list[str]

OFFLINE: Mapping[str, ConfigValue] = MappingProxyType({
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
})
# Every DuckDB database file starts with a block whose bytes 8-11 are this (DuckDB's MainHeader::MAGIC_BYTES).
_MAGIC, _MAGIC_AT = b"DUCK", 8
# DuckDB's lock error names the holder: 'Conflicting lock is held in /usr/bin/python3 (PID 1234)'
_HOLDER_PID = re.compile(r"\(PID (\d+)\)")
_FIRST_DELAY, _LONGEST_DELAY = 0.05, 2.0  # seconds between attempts, doubling


@dataclass(frozen=True)
class Waiting:
    """How a connection waits while another process writes the database file: for up to `seconds`, sleeping
    with `sleep`; `notice` is told once, when the waiting starts, what it waits for; `holder` names the writer
    in words ("the import running since ...") given the pid DuckDB reports (None when it gives none), or None
    when it cannot say (then it is "another process (pid N)"); `advice` ends the error of a wait that ran out
    (how the caller's user waits longer)."""

    seconds: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    notice: Callable[[str], None] | None = None
    holder: Callable[[int | None], str | None] | None = None
    advice: str = ""

    def writer(self, error: duckdb.Error) -> str:
        found = _HOLDER_PID.search(str(error))
        pid = int(found[1]) if found else None
        named = self.holder(pid) if self.holder is not None else None
        return named or ("another process" + (f" (pid {pid})" if pid is not None else ""))


def connect(database: str | Path = ":memory:", *, read_only: bool = False,
            config: Mapping[str, ConfigValue] | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the OFFLINE settings over `config`; StoreError naming the file when it exists and is
    not a DuckDB database (an SQLite file, a text or empty file, a FIFO)."""
    name = str(database)
    if name and not name.startswith(":memory:"):
        check_duckdb_file(name)
    return duckdb.connect(name, read_only=read_only, config={**(config or {}), **OFFLINE})


WAIT_30_S = Waiting()  # the default: what the README promises a reader during an import


def connect_waiting(database: str | Path, *, read_only: bool = False,
                    config: Mapping[str, ConfigValue] | None = None, waiting: Waiting = WAIT_30_S
                    ) -> duckdb.DuckDBPyConnection:
    """`connect`, trying again with backoff while another process holds the file's write lock, for up to
    `waiting.seconds`; StoreError naming the writer when it still holds it then. Other errors are raised as
    they come (a DuckDB error: the caller words it)."""
    waited, delay, told = 0.0, _FIRST_DELAY, False
    while True:
        try:
            return connect(database, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if waited >= waiting.seconds:
                raise StoreError(f"cannot open database {shown(database)}: still locked by {waiting.writer(exc)} after "
                                 f"{waiting.seconds:g} s" + (f"; {waiting.advice}" if waiting.advice else "")) from exc
            if not told and waiting.notice is not None:
                waiting.notice(f"Waiting for {waiting.writer(exc)} to finish (up to {waiting.seconds:g} s)...")
                told = True
            pause = min(delay, waiting.seconds - waited)
            waiting.sleep(pause)
            waited, delay = waited + pause, min(delay * 2, _LONGEST_DELAY)


def _is_lock_error(error: duckdb.IOException) -> bool:
    return "could not set lock" in str(error).lower()


def check_duckdb_file(name: str) -> None:
    """Nothing for a DuckDB file or no file at all (DuckDB creates it, or says it is missing); else StoreError."""
    path = Path(name)
    try:
        info = path.stat()
    except OSError:
        return  # missing, or not ours to look at: DuckDB says why
    if stat.S_ISREG(info.st_mode):
        try:
            with path.open("rb") as handle:
                header = handle.read(_MAGIC_AT + len(_MAGIC))
        except OSError:
            return
        if header[_MAGIC_AT:] == _MAGIC:
            return
    raise StoreError(f"{name}: not a DuckDB database")
