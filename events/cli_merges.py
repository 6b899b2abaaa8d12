"""`events merges` and `events unmerge`: the cross-article merges an import made, and undoing one.

Registered on the main group in `events.cli`; errors reach the group, which prints them as one `Error:` line."""

from __future__ import annotations

import click

from events.cli_common import db_option, format_option, now
from events.cli_outputs import render
from events.merge_sql import MERGE_COLUMNS
from events.store import Store
from events.views import open_read_only


@click.command()
@click.option("--event", "event_id", help="Only the merges of this event (kept or merged).")
@click.option("--all", "include_undone", is_flag=True, help="Also the merges an analyst undid.")
@db_option
@format_option
def merges(event_id: str | None, include_undone: bool, db: str, fmt: str) -> None:
    """List the events merged across articles as reports of one incident, with the reason."""
    with open_read_only(db, sandbox=False) as store:
        rows = store.merges(event_id=event_id, include_undone=include_undone)
    click.echo(render(list(MERGE_COLUMNS), rows, fmt))


@click.command()
@click.argument("merge_id")
@db_option
def unmerge(merge_id: str, db: str) -> None:
    """Undo one merge: the merged event is its own event again, and the pair is never merged again."""
    with Store.open(db) as store:
        store.undo_merge(merge_id, now=now)
    click.echo(f"Undid {merge_id}")
