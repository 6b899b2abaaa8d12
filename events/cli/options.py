"""What every `events` command module shares: the clock, the --db and --format options, and how failures are
printed: one `Error: <document>: <reason>` line each on stderr, or one `Error: <message>` line for an error
that stopped the command; exit code 1 either way."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any, NoReturn, TypeVar

import click

from events.errors import EventsError
from schemas import ImportFailure, ImportRun

F = TypeVar("F", bound=Callable[..., Any])
ROW_FORMATS = ("table", "csv", "json", "markdown")


def now() -> datetime:
    """The one place the clock is read: the library gets time injected."""
    return datetime.now(timezone.utc)


def db_option(command: F) -> F:
    return click.option(
        "--db", default="events.duckdb", envvar="EVENTS_DB", show_default=True, show_envvar=True,
        type=click.Path(dir_okay=False), help="DuckDB database file.",
    )(command)


def format_option(command: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(ROW_FORMATS), default="table",
                        show_default=True, help="How to print the rows.")(command)


def run_line(run: ImportRun, noun: str = "document") -> str:
    """"12 documents: 10 new, 1 updated, 0 unchanged, 1 failed"."""
    return (f"{run.seen} {noun}{'' if run.seen == 1 else 's'}: {run.new} new, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed")


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


def fail_with(exc: Exception) -> NoReturn:
    """End the command with `exc`, one of `project_errors()`, as one `Error: <message>` line on stderr and exit
    code 1; whitespace and newlines inside the message collapse so that it stays one line."""
    raise click.ClickException(" ".join(str(exc).split())) from exc


def fail_on(failures: Iterable[ImportFailure], *, prefix: str = "") -> None:
    """Print each failure on stderr and exit with 1 if there was any."""
    failed = False
    for failure in failures:
        click.echo(f"Error: {prefix}{failure.document}: {failure.reason}", err=True)
        failed = True
    if failed:
        click.get_current_context().exit(1)
