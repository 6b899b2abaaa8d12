"""The analyst commands of the `events` command line: `sql`, `schema`, `export`, `stats` and `report`.

Registered on the main group in `events.cli.commands`; like the other commands they parse options, call the library
and render, and let EventsError reach the group, which prints it as one `Error:` line."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, cast

import click

from events.cli.options import db_option, format_option, now
from events.cli.progress import terminal_progress
from events.errors import QueryError, shown
from events.outputs.export import (
    EXPORT_FORMATS,
    EXPORT_TABLES,
    ExportFormat,
    ExportTable,
    Filters,
    export_table,
    json_value,
    parse_bbox,
)
from events.outputs.report import write_report
from events.outputs.stats import STAT_COLUMNS, compute_stats
from events.store.db import Store, open_read_only
from events.store.merge.sql import MERGE_COLUMNS
from events.store.views import describe_schema, schema_text, sql_error
from schemas import json_schema


@click.command()
@click.argument("query")
@db_option
@format_option
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False),
              help="Query a Parquet dataset written by 'events import --engine dask' in place, instead of --db.")
def sql(query: str, db: str, fmt: str, parquet_dir: str | None) -> None:
    """Run one read-only SQL query (SELECT, EXPLAIN, PRAGMA) against the database. The query sees the
    database only: no other file on the machine (read_csv, COPY, ATTACH are refused). With --parquet, each
    table is a view over the dataset's files and the query sees that folder only."""
    from events.cluster.parquet import open_dataset

    with open_dataset(parquet_dir) if parquet_dir else open_read_only(db, sandbox=True) as store:
        try:
            columns, rows = store.query(query)
        except QueryError as exc:
            raise sql_error(query, exc) from exc
    click.echo(render(columns, rows, fmt))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the JSON Schema of every record type instead.")
def schema(as_json: bool) -> None:
    """Print every table and view with its columns, types and descriptions."""
    if as_json:
        click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))
    else:
        click.echo(schema_text(describe_schema()))


@click.command()
@click.argument("table", type=click.Choice(EXPORT_TABLES))
@click.option("--out", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write, or - for standard output.")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True)
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Events on or after this day.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Events on or before this day.")
@click.option("--country", "countries", multiple=True, help="Country name (repeat for several).")
@click.option("--type", "types", multiple=True, help="Event or sub-event type (repeat for several).")
@click.option("--actor", help="Part of an actor's name, in any role.")
@click.option("--min-fatalities", type=click.IntRange(min=0), help="Events with at least this many deaths.")
@click.option("--bbox", help="west,south,east,north in decimal degrees.")
@click.option("--excel", is_flag=True, help="CSV with a UTF-8 byte order mark, for Excel.")
@click.option("--include-background", is_flag=True, help="Also export events the article only recalls.")
def export(table: str, out: str, db: str, fmt: str, since: datetime | None, until: datetime | None,
           countries: tuple[str, ...], types: tuple[str, ...], actor: str | None, min_fatalities: int | None,
           bbox: str | None, excel: bool, include_background: bool) -> None:
    """Export events, claims or the ACLED-shaped events as CSV, Parquet, GeoJSON or JSON Lines. Filters
    choose events; claims follow the events they count for."""
    if include_background and table != "events":
        raise click.UsageError("--include-background applies to 'events' only")
    if excel and fmt != "csv":
        raise click.UsageError("--excel applies to --format csv only")
    filters = Filters(since=since.date() if since else None, until=until.date() if until else None,
                      countries=countries, types=types, actor=actor, min_fatalities=min_fatalities,
                      bbox=parse_bbox(bbox) if bbox else None)
    target = sys.stdout if out == "-" else out
    counting = out != "-" and sys.stderr.isatty()  # a running count on a terminal, nothing when piped
    with open_read_only(db, sandbox=False) as store:
        count = export_table(store, cast("ExportTable", table), target, fmt=cast("ExportFormat", fmt),
                             filters=filters, include_background=include_background, excel=excel,
                             progress=_show_progress if counting else None)
    if counting and fmt != "parquet":
        click.echo("", err=True)
    if out != "-":
        click.echo(f"Wrote {count} {table} rows to {shown(out)}")


def _show_progress(rows: int) -> None:
    click.echo(f"\rExported {rows:,} rows", nl=False, err=True)


@click.command()
@db_option
@format_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many actors.")
def stats(db: str, fmt: str, top: int) -> None:
    """Counts of news events by country, type and month, fatalities with their low and high sums, the top
    actors, and the share of events geocoded at each precision."""
    with open_read_only(db, sandbox=True) as store:
        rows = compute_stats(store, top_actors=top)
    if fmt in ("csv", "json"):
        click.echo(render(STAT_COLUMNS, rows, fmt))
        return
    blocks = []
    for section in dict.fromkeys(row[0] for row in rows):
        part = [row[1:] for row in rows if row[0] == section]
        title = f"By {section.replace('_', ' ')}" if section != "total" else "All news events"
        heading = f"## {title}" if fmt == "markdown" else title
        blocks.append(f"{heading}\n\n{render(STAT_COLUMNS[1:], part, fmt)}")
    click.echo("\n\n".join(blocks))


@click.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@db_option
def report(out: str, db: str) -> None:
    """Write one self-contained HTML report that opens offline: summary tables, a weekly timeline, a map
    of the events and the claims behind the largest figures."""
    with open_read_only(db, sandbox=True) as store, terminal_progress("Reporting") as progress:
        write_report(store, out, generated=datetime.now(timezone.utc), progress=progress)  # the CLI reads the clock
    click.echo(f"Wrote {shown(out)}")


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    """Rows as an aligned text table, CSV, a JSON array of objects or a Markdown table (no final newline)."""
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, indent=2, ensure_ascii=False, default=json_value)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        return buffer.getvalue().removesuffix("\n")
    if fmt == "markdown":
        return _markdown(columns, rows)
    return _table(columns, rows)


def _flat(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Aligned plain-text columns; whitespace inside a value collapses so that a row stays on one line."""
    cells = [[_flat(v) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    return "\n".join([line(columns), line(["---"] * len(columns)), *(line([_flat(v) for v in r]) for r in rows)])


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
