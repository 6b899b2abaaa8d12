"""Documents that failed, on record until they change: `events retry`, and their listing under
`events imports --failures`. Registered in `events.cli.commands`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import click

from events.cli.index_cache import prepare_gazetteer
from events.cli.options import db_option, fail_on, now, one_line, run_line
from events.cli.progress import terminal_progress
from events.errors import StoreError, shown

FailedRow = tuple[str, str, str, datetime, int]  # events.store.db.Store.failed_documents


@click.command()
@click.argument("documents", nargs=-1)
@db_option
@click.option("--published-at", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date of .txt/.md files, and of records and pages that give none.")
def retry(documents: tuple[str, ...], db: str, published_at: datetime | None) -> None:
    """Import again the documents that failed (all, or those named as 'events imports --failures' lists them).
    Later imports skip a failed document until it changes; this tries it now."""
    from events.ingest.importer import retry_failures
    from events.store.db import Store

    if not Path(db).exists():
        raise StoreError(f"no database at {db} (run 'events build' or 'events import' first)")
    if not documents:
        with Store.open(db, read_only=True) as store:
            if not store.failed_documents():
                click.echo("No failed documents on record.")
                return
    prepare_gazetteer()
    with terminal_progress("Retrying") as progress:
        retried = retry_failures(db, documents, now=now, published_at=published_at.date() if published_at else None,
                                 progress=progress)
    if retried.forgotten:
        count = len(retried.forgotten)
        click.echo(f"Forgot {count} failed document{'' if count == 1 else 's'} that cannot be read again alone (a URL, "
                   f"a CSV row): {'its' if count == 1 else 'their'} source's next run tries "
                   f"{'it' if count == 1 else 'them'}.")
    if retried.run is not None:
        click.echo(run_line(retried.run))
        fail_on(retried.run.failures)


def show_failed(rows: Sequence[FailedRow]) -> None:
    """The failed documents on record, after the runs of `events imports --failures`."""
    if not rows:
        return
    click.echo("Failed documents, skipped by later runs until they change ('events retry' tries them now):")
    for document, reason, source, failed_at, skipped in rows:
        since = f"; skipped by {skipped} run{'' if skipped == 1 else 's'} since" if skipped else ""
        click.echo("    " + one_line(f"{shown(document)}: {reason} (failed {failed_at:%Y-%m-%d %H:%M:%S} in "
                                     f"{shown(source)}{since})"))


def skipped_of(skips: dict[str, int], run_id: str) -> str:
    """", skipped 2" after a run's counts in `events imports` when it skipped documents that failed before."""
    return f", skipped {skips[run_id]}" if skips.get(run_id) else ""
