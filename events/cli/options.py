"""What every `events` command module shares: the clock, the --db and --format options, and how failures are
printed: one `Error: <document>: <reason>` line each on stderr, or one `Error: <message>` line for an error
that stopped the command; exit code 1 either way. What the machine refuses (a full disk, a read-only or failing
device: OSError, DuckDB's IO errors) is one line too, naming the file, or the command's --db when the error
names none; any other exception is a bug and keeps its traceback."""

from __future__ import annotations

import errno
import math
import os
import re
import socket
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from events.errors import EventsError, InputError, shown
from events.files import reason
from events.ingest.lock import lock_path, read_holder
from events.store.connect import Waiting
from schemas import ImportFailure, ImportRun, ImportWarning

F = TypeVar("F", bound=Callable[..., Any])
ROW_FORMATS = ("table", "csv", "json", "markdown")
DB_KEY = "events.db"  # the --db of the running command, in click's context meta (shared with the group's)
# errors of the storage under a file: they are about the database when they name no file
_STORAGE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG})


def now() -> datetime:
    """The one place the clock is read: the library gets time injected."""
    return datetime.now(timezone.utc)


def db_option(command: F) -> F:
    return click.option(
        "--db", default="events.duckdb", envvar="EVENTS_DB", show_default=True, show_envvar=True,
        type=click.Path(dir_okay=False), help="DuckDB database file.", callback=_remember_db,
    )(command)


def _remember_db(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta[DB_KEY] = value  # so that the group's error boundary can name the database a full disk is about
    return value


WAIT_ENV = "EVENTS_DB_WAIT"  # seconds a command waits for a database another process writes (default 30)


def waiting_for(db: str) -> Waiting:
    """How a command waits while another process (an import) writes `db`: up to $EVENTS_DB_WAIT seconds (30 when
    unset), saying once on stderr what it waits for, named from the import's lock file (events.ingest.lock)."""
    raw = os.environ.get(WAIT_ENV, "").strip()
    try:
        seconds = float(raw) if raw else 30.0
    except ValueError:
        seconds = -1.0
    if not (math.isfinite(seconds) and seconds >= 0):
        raise InputError(f"{WAIT_ENV}: must be a number of seconds, got {raw!r}")
    return Waiting(seconds=seconds, notice=lambda message: click.echo(message, err=True),
                   holder=lambda pid: _import_holding(db, pid), advice=f"{WAIT_ENV}=SECONDS waits longer")


def _import_holding(db: str, pid: int | None) -> str | None:
    """"the import running since 2026-03-04 09:01:02 UTC (pid 1234)" when the lock file names the process DuckDB
    says holds the database (or DuckDB names none); else "process 1234 (events import big.jsonl)" when the
    system says what that process runs (Linux's /proc; a plain `events import` takes no lock file); else None."""
    holder = read_holder(lock_path(db))
    here = holder is not None and holder.host == socket.gethostname()
    if holder is None or (here and pid is not None and holder.pid != pid):
        command = _command_line(pid) if pid is not None else None
        return f"process {pid} ({command})" if command else None
    try:
        since = datetime.fromisoformat(holder.since).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        since = shown(holder.since)
    return f"the import running since {since} (pid {holder.pid}{'' if here else f' on {shown(holder.host)}'})"


def _command_line(pid: int) -> str | None:
    """What process `pid` runs, from the program's name on ("events import big.jsonl"), cut at 80 characters; None
    where /proc does not say."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [arg.decode("utf-8", "replace") for arg in raw.split(b"\0") if arg]
    if not args:
        return None
    # a console script runs as "python .../bin/events import ...": from the script on
    start = next((i for i, arg in enumerate(args) if Path(arg).name == "events"), 0)
    text = " ".join([Path(args[start]).name, *args[start + 1:]])
    return shown(text if len(text) <= 80 else text[:77] + "...")


def format_option(command: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table",
                        show_default=True, help="How to print the rows.")(command)


def run_line(run: ImportRun, noun: str = "document") -> str:
    """"12 documents: 10 new, 1 updated, 0 unchanged, 1 failed", then ", 1 skipped (failed before)" when documents
    that failed before and have not changed since were skipped."""
    skipped = f", {run.skipped} skipped (failed before)" if run.skipped else ""
    return (f"{run.seen} {noun}{'' if run.seen == 1 else 's'}: {run.new} new, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed{skipped}")


def project_errors() -> tuple[type[Exception], ...]:
    """The roots of every error the project raises on purpose: EventsError and the gazetteer's GazetteerError
    (the gazetteer imports nothing of events, so it cannot share the root). Catch them as
    `except project_errors() as exc: fail_with(exc)`; the clause is evaluated only when something is raised.

    GazetteerError is in once its module is loaded: it cannot have been raised before, and importing it for
    the clause would load the whole gazetteer package (its index, numpy) into commands that never use it."""
    if "gazetteer.errors" not in sys.modules:
        return (EventsError,)
    from gazetteer.errors import GazetteerError

    return (EventsError, GazetteerError)


def boundary_errors() -> tuple[type[Exception], ...]:
    """`project_errors()` and what the machine refuses: OSError (a full disk, a read-only folder; not a closed
    pipe, which is no error of the command) and, once DuckDB is loaded, its IO errors."""
    found: tuple[type[Exception], ...] = (*project_errors(), OSError)
    if "duckdb" in sys.modules:
        import duckdb

        found = (*found, duckdb.IOException)
    return found


def fail_with(exc: Exception, *, db: str | None = None) -> NoReturn:
    """End the command with `exc`, one of `boundary_errors()`, as one `Error: <message>` line on stderr and exit
    code 1 (see `one_line`). An OSError or a DuckDB IO error is named by its file, else by `db` (the command's
    database) when it is about storage."""
    if isinstance(exc, BrokenPipeError):
        raise exc
    raise click.ClickException(one_line(_message(exc, db))) from exc


def _message(exc: Exception, db: str | None) -> str:
    if isinstance(exc, project_errors()):
        return str(exc)
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else db if exc.errno in _STORAGE else None
        return f"{shown(name)}: {reason(exc)}" if name is not None else reason(exc)
    return f"{shown(db)}: {exc}" if db else str(exc)  # DuckDB's IO error: about the database


# every character str.splitlines breaks a line at
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """A message as one line: each run of line breaks becomes one space, and any other character that does not
    print (a tab, a terminal escape, an undecodable byte) is written escaped; spaces stay as they are (a quoted
    value of three spaces is shown as three). Names are quoted where the message is made
    (`events.errors.shown`); this is the last guard of the line."""
    flat = _LINE_BREAKS.sub(" ", text).strip()
    return flat if flat.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in flat)


def warn_of(warnings: Iterable[ImportWarning], *, prefix: str = "") -> None:
    """Print each warning of an import on stderr, one line each (a feed cut at max_items, a file dated by its
    modification time)."""
    for warning in warnings:
        click.echo(one_line(f"Warning: {prefix}{warning.document}: {warning.message}"), err=True)


def fail_on(failures: Iterable[ImportFailure], *, prefix: str = "") -> None:
    """Print each failure on stderr and exit with 1 if there was any."""
    failed = False
    for failure in failures:
        click.echo(one_line(f"Error: {prefix}{failure.document}: {failure.reason}"), err=True)
        failed = True
    if failed:
        click.get_current_context().exit(1)
