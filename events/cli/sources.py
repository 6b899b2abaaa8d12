"""Import commands beyond plain files: `events import --sources`, CSV columns on `events import`, and
`events imports` (recent runs). Registered in `events.cli.commands`: `import_options` wraps the existing `import`
command, `imports` is added to the group."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from events.cli.failures import show_failed, skipped_of
from events.cli.index_cache import prepare_gazetteer
from events.cli.options import db_option, fail_on, now, one_line, run_line, waiting_for, warn_of
from events.errors import InputError, shown
from events.outputs.filters import unknown_value

if TYPE_CHECKING:
    from events.ingest.sources import Source

F = TypeVar("F", bound=Callable[..., Any])



def import_options(command: F) -> F:
    """Adds --sources/--only and the CSV column options to `events import`; plain paths go to `command`."""

    @functools.wraps(command)
    def wrapper(*, sources: str | None, only: tuple[str, ...], text_column: str | None, id_column: str | None,
                date_column: str | None, **kwargs: Any) -> Any:
        paths: tuple[str, ...] = kwargs["paths"]
        if sources:
            if paths:
                raise click.UsageError("give either PATHS or --sources, not both")
            if kwargs.get("outlet"):
                raise click.UsageError("--source names the publisher of PATHS; a sources file names it in "
                                       "[source.options]: source = NAME")
            return _run_sources(kwargs["db"], sources, only, kwargs.get("workers", 1))
        if not paths:
            raise click.UsageError("give PATHS to import, or --sources FILE")
        if only:
            raise click.UsageError("--only needs --sources")
        from events.ingest.urls import looks_like_url

        if text_column or id_column or date_column or any(p.lower().endswith(".csv") and not looks_like_url(p)
                                                          for p in paths):
            return _import_csv(kwargs, text_column or "text", id_column, date_column)
        return command(**kwargs)

    options = [
        click.option("--sources", type=click.Path(dir_okay=False, exists=True),
                     help="TOML file of named sources (files, folders, globs, CSV, URLs, feeds): "
                          "run each once."),
        click.option("--only", multiple=True, metavar="NAME", help="With --sources: run only this source."),
        click.option("--text-column", help="CSV: the column holding the article text [default: text]."),
        click.option("--id-column", help="CSV: the column holding a stable id [default: the text's hash]."),
        click.option("--date-column", help="CSV: the column holding the publication date."),
    ]
    decorated: Any = wrapper
    for option in reversed(options):  # click lists options in the reverse order of decoration
        decorated = option(decorated)
    return decorated


def _run_sources(db: str, path: str, only: Sequence[str], workers: int) -> None:
    from events.ingest.sources import load_sources, run_sources

    sources = _only(load_sources(path), only, path)
    prepare_gazetteer()
    runs = run_sources(db, sources, now=now, workers=workers)
    where = {s.name: s.where for s in sources}
    for run in runs:
        click.echo(f"{shown(run.source)}: {run_line(run)}")
        warn_of(run.warnings, prefix=f"{shown(run.source)}: ")
    # a failure of the source as a whole names the file and the source already; a document's names the source
    fail_on(failure if failure.document == where.get(run.source) else
            failure.model_copy(update={"document": f"{shown(run.source)}: {failure.document}"})
            for run in runs for failure in run.failures)


def _only(sources: list[Source], only: Sequence[str], path: str) -> list[Source]:
    if not only:
        return sources
    unknown = sorted(set(only) - {s.name for s in sources})
    if unknown:
        raise InputError(f"{shown(path)}: no source named {', '.join(map(shown, unknown))} "
                         f"(sources: {', '.join(shown(s.name) for s in sources)})")
    return [s for s in sources if s.name in only]


def _import_csv(kwargs: dict[str, Any], text: str, id_column: str | None, date_column: str | None) -> None:
    from events.ingest.importer import import_documents
    from events.ingest.parallel import ExtractionPool, default_pipeline, resolve_workers
    from events.ingest.readers import CsvColumns, read_csv, with_source
    from events.ingest.urls import fetch_urls
    from events.pipeline import Pipeline
    from events.store.db import Store

    if kwargs.get("online_geocoding"):
        raise click.UsageError("--online-geocoding is not available for CSV input yet")
    prepare_gazetteer()
    published = kwargs.get("published_at")
    paths: tuple[str, ...] = kwargs["paths"]
    day = published.date() if published else None
    outlet = kwargs.get("outlet")
    pipeline = Pipeline.default()
    urls = fetch_urls(kwargs["db"], paths, version=pipeline.version, now=now, published_at=day,  # pages, feeds
                      source=outlet)
    documents = urls.documents(paths, lambda files: with_source(
        read_csv(files, CsvColumns(text, id_column, date_column), published_at=day), outlet))
    workers = resolve_workers(kwargs.get("workers", 1))
    pool = ExtractionPool.start(default_pipeline, workers) if workers > 1 else nullcontext(None)
    with pool as started, Store.open(kwargs["db"]) as store:
        run = import_documents(store, pipeline, documents, source=" ".join(paths), strict=bool(kwargs.get("strict")),
                               now=now, pool=started, before_commit=urls.save_validators, warnings=urls.warnings)
    rolled_back = " (--strict: nothing imported)" if kwargs.get("strict") and run.failed else ""
    click.echo(run_line(run) + rolled_back)
    warn_of(run.warnings)
    fail_on(run.failures)



@click.command()
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many runs.")
@click.option("--source", help="Only the runs of this source.")
@click.option("--failures", "show_failures", is_flag=True,
              help="Also list each failed document and why, and each warning (a feed cut at max_items); then the "
                   "failed documents later runs skip until they change. Always in JSON.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object {\"runs\": [...]} for monitoring, newest run first, with stable keys.")
def imports(db: str, limit: int, source: str | None, show_failures: bool, fmt: str) -> None:
    """List recent import runs: source, start, duration, status and counts."""
    from events.store.db import Store

    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    with Store.open(db, read_only=True, waiting=waiting_for(db)) as store:
        _, runs = store.query(
            "SELECT run_id, source, started_at, finished_at, status, seen, new, updated, unchanged, failed "
            f"FROM import_runs {where} ORDER BY started_at DESC, run_id LIMIT {int(limit)}", params)
        if source is not None and not runs:
            _, known = store.query("SELECT DISTINCT source FROM import_runs ORDER BY 1")
            raise unknown_value("--source", source, "no import runs of such a source", [k[0] for k in known],
                                f"sources with runs: {', '.join(repr(k[0]) for k in known)}" if known
                                else "no run is recorded")
        failures: dict[str, list[tuple[str, str]]] = {}
        warnings: dict[str, list[tuple[str, str]]] = {}
        if (show_failures or fmt == "json") and runs:
            ids = [r[0] for r in runs]
            _, warned = store.query("SELECT run_id, document, message FROM import_warnings "
                                    "WHERE list_contains(?, run_id) ORDER BY run_id, ordinal",
                                    [ids]) if store.has_table("import_warnings") else ([], [])
            _, failed = store.query("SELECT run_id, document, reason FROM import_failures "
                                    "WHERE list_contains(?, run_id) ORDER BY run_id, ordinal", [ids])
            for found, rows in ((warnings, warned), (failures, failed)):
                for run_id, document, text in rows:
                    found.setdefault(run_id, []).append((document, text))
        on_record = store.failed_documents(source=source) if show_failures or fmt == "json" else []
        skips = store.run_skips([r[0] for r in runs])
    if fmt == "json":
        click.echo(json.dumps({"runs": [_run_json(run, failures, warnings, skips) for run in runs],
                               "failed_documents": [_failed_json(row) for row in on_record]},
                              indent=2, ensure_ascii=False))
        return
    if not runs:
        click.echo("No import runs recorded.")
        return
    for run_id, name, started, finished, status, seen, new, updated, unchanged, failed in runs:
        took = f"{(finished - started).total_seconds():.0f}s" if finished else "-"
        click.echo(f"{started:%Y-%m-%d %H:%M:%S}  {took:>6}  {status:<7}  {shown(name)}  seen {seen}, new {new}, "
                   f"updated {updated}, unchanged {unchanged}, failed {failed}{skipped_of(skips, run_id)}  [{run_id}]")
        for document, message in warnings.get(run_id, []):
            click.echo(f"    warning: {shown(document)}: {one_line(message)}")
        for document, reason in failures.get(run_id, []):
            click.echo(f"    {shown(document)}: {one_line(reason)}")
    show_failed(on_record)


def _run_json(run: tuple[Any, ...], failures: dict[str, list[tuple[str, str]]],
              warnings: dict[str, list[tuple[str, str]]], skips: dict[str, int]) -> dict[str, Any]:
    """One run for `imports --format json`: every key always present (null when unknown), times in UTC."""
    run_id, source, started, finished, status, seen, new, updated, unchanged, failed = run
    return {
        "run_id": run_id, "source": source, "status": status,
        "started_at": _utc(started), "finished_at": _utc(finished),
        "duration_seconds": round((finished - started).total_seconds(), 3) if finished and started else None,
        "seen": seen, "new": new, "updated": updated, "unchanged": unchanged, "failed": failed,
        "skipped": skips.get(run_id, 0),
        "failures": [{"document": document, "reason": reason} for document, reason in failures.get(run_id, [])],
        "warnings": [{"document": document, "message": message} for document, message in warnings.get(run_id, [])],
    }


def _failed_json(row: tuple[str, str, str, datetime, int]) -> dict[str, Any]:
    """A failed document on record, which later runs skip until it changes (`events retry` tries it now)."""
    document, reason, source, failed_at, skipped = row
    return {"document": document, "reason": reason, "source": source, "failed_at": _utc(failed_at),
            "skipped_by_runs": skipped}


def _utc(moment: datetime | None) -> str | None:
    """The database keeps UTC without a zone: written with its Z."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


@click.command()
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False, exists=True),
              help="TOML file of named sources, each with a schedule.")
@click.option("--only", multiple=True, metavar="NAME", help="Schedule only this source.")
@db_option
def schedule(sources_file: str, only: tuple[str, ...], db: str) -> None:
    """Run each source on its own schedule until stopped (SIGTERM or Ctrl-C end it within a second, also during a
    fetch: what was read is committed and the run recorded). Logs one line per run on standard output."""
    import signal
    import threading
    import time

    from events.ingest.scheduler import Scheduler
    from events.ingest.sources import load_sources
    from events.pipeline import Pipeline

    sources = _only(load_sources(sources_file), only, sources_file)
    prepare_gazetteer()
    stopping = threading.Event()

    def ask_to_stop(signum: int, frame: object) -> None:
        stopping.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, ask_to_stop)

    def log(line: str) -> None:
        click.echo(f"{now():%Y-%m-%dT%H:%M:%SZ} {line}")

    scheduler = Scheduler(db, sources, Pipeline.default(), now=now, sleep=time.sleep, log=log)
    log(f"scheduling {', '.join(shown(s.name) for s in sources)} into {shown(db)}")
    scheduler.run(stop=stopping.is_set)
    log("stopped")
