"""The analyst commands of the `events` command line: `sql`, `schema`, `export`, `stats` and `report`.

Registered on the main group in `events.cli.commands`; like the other commands they parse options, call the library
and render, and let EventsError reach the group, which prints it as one `Error:` line."""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any, cast

import click

from events.cli import terminal
from events.cli.options import db_option, format_option, now, waiting_for
from events.cli.progress import terminal_progress
from events.errors import InputError, QueryError, shown
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
from events.outputs.filters import check_filters
from events.outputs.report import write_report
from events.outputs.stats import STAT_COLUMNS, compute_stats
from events.store.db import Store, open_read_only
from events.store.merge.sql import MERGE_COLUMNS
from events.store.views import describe_schema, schema_text, sql_error
from schemas import json_schema

BATCH_ROWS = 10_000  # rows fetched and printed at a time; the table format aligns its columns on the first batch


@click.command()
@click.argument("query")
@db_option
@format_option
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False),
              help="Query a Parquet dataset written by 'events import --engine dask' in place, instead of --db.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="End the query if it runs longer than this.")
def sql(query: str, db: str, fmt: str, parquet_dir: str | None, timeout: float | None) -> None:
    """Run one SELECT statement against the database, read-only, printing rows as they come. The query sees
    the database only: no other file on the machine (read_csv, COPY, ATTACH are refused). With --parquet, each
    table is a view over the dataset's files and the query sees that folder only. Ctrl-C ends a running query."""
    from events.cluster.parquet import open_dataset

    on_terminal = terminal.stdout_is_terminal()
    try:
        with (open_dataset(parquet_dir) if parquet_dir
              else open_read_only(db, sandbox=True, waiting=waiting_for(db))) as store, \
                store.select(query, batch_size=BATCH_ROWS, timeout=timeout) as result:
            for piece in render_batches(result.columns, result, fmt, on_terminal=on_terminal):
                click.echo(piece, nl=False, color=True)  # color: click would strip ESC sequences from piped data
    except QueryError as exc:
        raise sql_error(query, exc) from exc
    except KeyboardInterrupt:
        click.echo("Error: query interrupted", err=True)
        click.get_current_context().exit(130)  # the shell's code for a command ended by SIGINT


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
    with open_read_only(db, sandbox=False, waiting=waiting_for(db)) as store:
        filters = check_filters(store, filters, actor_names=lexicon_actor_names() if actor else ())
        count = export_table(store, cast("ExportTable", table), target, fmt=cast("ExportFormat", fmt),
                             filters=filters, include_background=include_background, excel=excel,
                             progress=_show_progress if counting else None)
    if counting and fmt != "parquet":
        click.echo("", err=True)
    if out != "-":
        click.echo(f"Wrote {count} {table} rows to {shown(out)}")


def lexicon_actor_names() -> list[str]:
    """Every actor name the extractor can code (the actor lexicons), those named after a country for every
    country: an --actor value found in none of them, nor in the database, names nothing."""
    from events.lexicon import Lexicons
    from gazetteer.countries import read_country_rows

    lexicons = Lexicons()
    names = [row["name"] for table in ("actors.csv", "actor_eras.csv", "actor_theatres.csv")
             for row in lexicons.csv(table)]
    names += [row["current"] for table in ("actor_eras.csv", "actor_theatres.csv") for row in lexicons.csv(table)]
    templates = [row["template"] for table in ("generic_actors.csv", "default_actors.csv")
                 for row in lexicons.csv(table)]
    templates += [override.partition("=")[2] for table in ("generic_actors.csv", "default_actors.csv")
                  for row in lexicons.csv(table) for override in row["overrides"].split("|") if override]
    countries = [row.name for row in read_country_rows()]
    names += [template.replace("{country}", country) for template in templates if "{country}" in template
              for country in countries]
    return names + [template for template in templates if "{country}" not in template]


def _show_progress(rows: int) -> None:
    click.echo(f"\rExported {rows:,} rows", nl=False, err=True)


@click.command()
@db_option
@format_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many actors.")
def stats(db: str, fmt: str, top: int) -> None:
    """Counts of news events by country, type and month, fatalities with their low and high sums, the top
    actors, and the share of events geocoded at each precision."""
    with open_read_only(db, sandbox=True, waiting=waiting_for(db)) as store:
        rows = compute_stats(store, top_actors=top)
    on_terminal = terminal.stdout_is_terminal()
    if fmt in ("csv", "json"):
        click.echo(render(STAT_COLUMNS, rows, fmt, on_terminal=on_terminal), color=True)
        return
    blocks = []
    for section in dict.fromkeys(row[0] for row in rows):
        part = [row[1:] for row in rows if row[0] == section]
        title = f"By {section.replace('_', ' ')}" if section != "total" else "All news events"
        heading = f"## {title}" if fmt == "markdown" else title
        blocks.append(f"{heading}\n\n{render(STAT_COLUMNS[1:], part, fmt, on_terminal=on_terminal)}")
    click.echo("\n\n".join(blocks), color=True)


@click.command()
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@db_option
def report(out: str, db: str) -> None:
    """Write one self-contained HTML report that opens offline: summary tables, a weekly timeline, a map
    of the events and the claims behind the largest figures."""
    with open_read_only(db, sandbox=True, waiting=waiting_for(db)) as store, \
            terminal_progress("Reporting") as progress:
        write_report(store, out, generated=datetime.now(timezone.utc), progress=progress)  # the CLI reads the clock
    click.echo(f"Wrote {shown(out)}")


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, *, on_terminal: bool = False) -> str:
    """Rows as an aligned text table, CSV, a JSON array of objects or a Markdown table (no final newline)."""
    return "".join(render_batches(columns, [rows], fmt, on_terminal=on_terminal)).removesuffix("\n")


def render_batches(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], fmt: str, *,
                   on_terminal: bool = False) -> Iterator[str]:
    """`render` in pieces, one or more per batch of rows, each ending with a newline, so that a result of any
    size is printed as it comes. The table format aligns its columns on the first batch (a longer value later
    overflows its column). `on_terminal`: control characters are shown escaped (events.cli.terminal)."""
    if fmt == "json":
        pieces = _json(columns, batches)
        yield from (terminal.visible_json(p) for p in pieces) if on_terminal else pieces
    elif fmt == "csv":
        pieces = _csv(columns, batches)
        yield from (terminal.visible(p) for p in pieces) if on_terminal else pieces
    else:
        cell = (lambda v: terminal.visible(_flat(v))) if on_terminal else _flat
        yield from (_markdown if fmt == "markdown" else _table)(columns, batches, cell)


def _json(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[str]:
    """What json.dumps(records, indent=2) writes, a batch of records at a time."""
    opening = "[\n"
    for batch in batches:
        if batch:
            records = (json.dumps(dict(zip(columns, row, strict=True)), indent=2, ensure_ascii=False,
                                  default=json_value) for row in batch)
            yield opening + ",\n".join(textwrap.indent(record, "  ") for record in records)
            opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def _csv(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for batch in batches:
        writer.writerows([["" if v is None else v for v in row] for row in batch])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()  # no batch at all: the header alone


def _flat(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _table(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]],
           cell: Callable[[Any], str]) -> Iterator[str]:
    """Aligned plain-text columns; whitespace inside a value collapses so that a row stays on one line."""
    header = [cell(c) for c in columns]
    widths: list[int] | None = None

    def line(values: Sequence[str], sizes: Sequence[int]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, sizes, strict=True)).rstrip() + "\n"

    for batch in batches:
        cells = [[cell(v) for v in row] for row in batch]
        lines = []
        if widths is None:
            widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(header)]
            lines += [line(header, widths), line(["-" * w for w in widths], widths)]
        lines += [line(r, widths) for r in cells]
        yield "".join(lines)
    if widths is None:  # no batch at all
        widths = [len(c) for c in header]
        yield line(header, widths) + line(["-" * w for w in widths], widths)


def _markdown(columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]],
              cell: Callable[[Any], str]) -> Iterator[str]:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |\n"

    yield line([cell(c) for c in columns]) + line(["---"] * len(columns))
    for batch in batches:
        yield "".join(line([cell(v) for v in row]) for row in batch)


@click.command()
@click.option("--event", "event_id", help="Only the merges of this event (kept or merged).")
@click.option("--all", "include_undone", is_flag=True, help="Also the merges an analyst undid.")
@db_option
@format_option
def merges(event_id: str | None, include_undone: bool, db: str, fmt: str) -> None:
    """List the events merged across articles as reports of one incident, with the reason."""
    with open_read_only(db, sandbox=False, waiting=waiting_for(db)) as store:
        if event_id is not None and not store.query("SELECT 1 FROM events WHERE event_id = ?", [event_id])[1]:
            raise InputError(f"--event {event_id!r}: no such event")
        rows = store.merges(event_id=event_id, include_undone=include_undone)
    click.echo(render(list(MERGE_COLUMNS), rows, fmt, on_terminal=terminal.stdout_is_terminal()), color=True)


@click.command()
@click.argument("merge_id")
@db_option
def unmerge(merge_id: str, db: str) -> None:
    """Undo one merge: the merged event is its own event again, and the pair is never merged again."""
    with Store.open(db, waiting=waiting_for(db)) as store:
        store.undo_merge(merge_id, now=now)
    click.echo(f"Undid {merge_id}")
