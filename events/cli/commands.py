"""The `events` command line. Commands parse options, call one library function and render the result;
library errors (EventsError, and the gazetteer's GazetteerError: `options.project_errors`) and what the machine
refuses (OSError, DuckDB's IO errors: `options.boundary_errors`) become `Error: <message>` on stderr and exit code
1, at one place: `_Group`, through `options.fail_with`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from events.cli import terminal
from events.cli.cluster import engine_options, load
from events.cli.failures import retry
from events.cli.gazetteer import download, gazetteer_target, import_files
from events.cli.index_cache import prepare_gazetteer
from events.cli.options import (
    DB_KEY,
    boundary_errors,
    db_option,
    fail_on,
    fail_with,
    now,
    one_line,
    run_line,
    waiting_for,
    warn_of,
)
from events.cli.outputs import export, merges, report, schema, sql, stats, unmerge
from events.cli.progress import terminal_progress
from events.cli.sources import import_options, imports, schedule
from events.errors import shown
from events.ingest.importer import SEGMENT, build_samples, import_paths
from events.ingest.parallel import resolve_workers
from events.store.db import Store
from events.version import __version__
from schemas import ImportRun

if TYPE_CHECKING:
    from events.store.geocache import GeoCache
    from gazetteer.online import OnlineGeocoder

F = TypeVar("F", bound=Callable[..., Any])



class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except boundary_errors() as exc:
            fail_with(exc, db=ctx.meta.get(DB_KEY))



@click.group(cls=_Group)
@click.version_option(__version__, prog_name="events")
def main() -> None:
    """Sourced, geocoded conflict events from news text, stored in DuckDB."""


main.add_command(export)
main.add_command(schema)
main.add_command(sql)
main.add_command(stats)
main.add_command(report)
main.add_command(imports)
main.add_command(schedule)
main.add_command(merges)
main.add_command(unmerge)
main.add_command(load)
main.add_command(retry)


SAMPLES_DB = "samples.duckdb"  # the samples' own database: never the user's (events.duckdb, $EVENTS_DB)


def _samples_db(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta[DB_KEY] = value  # as db_option does: the group's error boundary names the database
    return value


@main.command()
@click.option("--db", default=SAMPLES_DB, show_default=True, type=click.Path(dir_okay=False), callback=_samples_db,
              help="DuckDB database file for the samples (never $EVENTS_DB: your own database holds only what you "
                   "import).")
def build(db: str) -> None:
    """Import the bundled sample articles into their own database and summarise it."""
    prepare_gazetteer()
    with terminal_progress("Importing the samples") as progress:
        run, summary = build_samples(db, now=now, progress=progress)
    click.echo(f"Database: {shown(db)}")
    click.echo(f"Articles: {summary.articles}")
    background = f" (plus {summary.background_events} background)" if summary.background_events else ""
    click.echo(f"Events: {summary.events}{background}")
    for event_type, count in summary.events_by_type:
        click.echo(f"  {event_type}: {count}")
    click.echo(f"Claims: {summary.claims}")
    share = f"{summary.geocoded_share:.0%}"
    click.echo(f"Geocoded: {summary.geocoded_events} of {summary.events} events ({share})")
    _report_run(run, strict=False)


@main.command("import")
@engine_options  # --engine dask: events.cli.cluster runs the import instead of this body
@import_options
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--published-at", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date of .txt/.md/.html files [default: the date the file writes (front matter, a "
                   "'Published:' line, a dateline), else its modification time, with a warning], and of records "
                   "that give none.")
@click.option("--source", "outlet", metavar="NAME", callback=lambda ctx, param, value: _outlet(value),
              help="Publisher or outlet of the imported documents (the `source` column), for those that do not "
                   "name one themselves (a JSON Lines record's own `source` wins).")
@click.option("--strict", is_flag=True, help="Import nothing if any document fails.")
@click.option("--online-geocoding", is_flag=True,
              help="Ask OpenStreetMap Nominatim (one request a second, answers cached in the database) for "
                   "place names the gazetteer lacks.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=0), metavar="N",
              help="Extract in N processes on this machine (0: one per CPU); the database is still written by "
                   "this one.")
@click.option("--commit-every", "segment", default=SEGMENT, show_default=True, type=click.IntRange(min=0),
              metavar="N", help="Commit a large import every N documents to bound memory (0: one transaction "
                                "whatever the size; --strict is always one).")
def import_(paths: tuple[str, ...], db: str, published_at: datetime | None, outlet: str | None, strict: bool,
            online_geocoding: bool, workers: int, segment: int) -> None:
    """Import articles from .jsonl, .txt, .md and .html files or folders of them, and from http(s) URLs of pages
    or feeds."""
    if online_geocoding and resolve_workers(workers) > 1:
        raise click.UsageError("--online-geocoding works with --workers 1 only (one request a second, from one "
                               "process)")
    prepare_gazetteer()
    with terminal_progress("Importing") as progress:
        run = import_paths(db, list(paths), published_at=published_at.date() if published_at else None,
                           outlet=outlet, strict=strict, now=now, online=_nominatim if online_geocoding else None,
                           progress=progress, workers=workers, segment=segment)
    _report_run(run, strict=strict)


def _nominatim(cache: GeoCache) -> OnlineGeocoder:
    """The online fallback `--online-geocoding` switches on; its failures are warnings, not failures."""
    from gazetteer.online import OnlineGeocoder  # loads geopy: only when asked for

    return OnlineGeocoder.nominatim(cache, report=lambda exc: click.echo(f"Warning: {exc}", err=True))


def _report_run(run: ImportRun, *, strict: bool) -> None:
    click.echo(run_line(run) + (" (--strict: nothing imported)" if strict and run.failed else ""))
    warn_of(run.warnings)
    fail_on(run.failures)


def _outlet(value: str | None) -> str | None:
    """--source: a name, on one line (it is shown in every export and the report)."""
    if value is None:
        return None
    name = " ".join(value.split())
    if not name:
        raise click.BadParameter("must name the publisher, got an empty name")
    return name


@main.command()
@click.argument("event_id")
@db_option
def explain(event_id: str, db: str) -> None:
    """Show where every field of one event comes from: text span, offsets and rule."""
    with Store.open(db, read_only=True, waiting=waiting_for(db)) as store:
        info = store.explain(event_id)
    event = info["event"]
    shown = terminal.visible if terminal.stdout_is_terminal() else str  # article text may hold control characters
    click.echo(f"Event {event['event_id']} (article {shown(event['article_id'])})", color=True)
    click.echo(f"Sentence [{event['sentence_start']}:{event['sentence_end']}]: {shown(info['sentence'])}", color=True)
    rows = [(f["field"], shown("" if f["value"] is None else str(f["value"])),
             shown(f"\"{f['text']}\" [{f['start']}:{f['end']}]"), f["rule"]) for f in info["fields"]]
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    for field, value, span, rule in rows:
        click.echo(f"{field.ljust(widths[0])}  {value.ljust(widths[1])}  {span.ljust(widths[2])}  {rule}", color=True)


@main.command()
@click.argument("in_path", metavar="IN.jsonl", type=click.Path(dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="JSON Lines file to write, or - for standard output.")
def geoparse(in_path: str, out: str) -> None:
    """Resolve the toponyms of each document (given spans, or the places found in its text)."""
    from events.geoparse import geoparse_path  # loads the gazetteer: only when geoparsing

    prepare_gazetteer()
    report = geoparse_path(in_path, out)
    if out != "-":
        click.echo(f"{report.documents} documents, {report.resolved} of {report.toponyms} toponyms resolved; "
                   f"wrote {shown(out)}")
    for failure in report.failures:
        click.echo(one_line(f"Error: {failure}"), err=True)
    if report.failures:
        click.get_current_context().exit(1)


@main.group(cls=_Group)
def gazetteer() -> None:
    """Manage the gazetteer: import GeoNames dump files for village-level coverage."""


@gazetteer.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False),
              help="Gazetteer file to create or add to [default: geonames.sqlite in the cache folder].")
def gazetteer_import(paths: tuple[str, ...], out: str | None) -> None:
    """Import GeoNames files (allCountries or XX.txt/XX.zip, alternateNamesV2, admin1CodesASCII, admin2Codes,
    countryInfo). Set EVENTS_GAZETTEER to the written file to use it alongside the default gazetteer."""
    import_files(paths, gazetteer_target(out), create_folder=out is None)


gazetteer.add_command(download)  # events gazetteer download: events/cli/gazetteer.py
