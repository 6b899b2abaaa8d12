"""The cluster engine on the command line: `events import --engine dask` and `events load DIR`.

Registered in `events.cli.commands`: `engine_options` wraps the existing `import` command (with --engine local, the
default, the command runs as before), `load` is added to the group. Dask is imported only when the dask
engine runs, so the other commands do not pay for it."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from events.cli.options import db_option, fail_on, now, run_line
from events.cli.progress import terminal_progress
from events.errors import shown

F = TypeVar("F", bound=Callable[..., Any])
ENGINES = ("local", "dask")
# options of the local import (events.cli.commands, events.cli.sources) that the cluster engine does not offer
_LOCAL_ONLY = {"strict": "--strict", "online_geocoding": "--online-geocoding", "sources": "--sources",
               "only": "--only", "text_column": "--text-column", "id_column": "--id-column",
               "date_column": "--date-column", "outlet": "--source"}



def engine_options(command: F) -> F:
    """Adds --engine, --scheduler, --parquet-out and --batch-size to `events import`. With --engine dask the
    paths go to `run_dask_import` instead of `command`."""

    @functools.wraps(command)
    def wrapper(*, engine: str, scheduler: str | None, parquet_out: str | None, batch_size: int | None,
                **kwargs: Any) -> Any:
        if engine == "local":
            if scheduler or parquet_out or batch_size:
                raise click.UsageError("--scheduler, --parquet-out and --batch-size need --engine dask")
            return command(**kwargs)
        used = [flag for name, flag in _LOCAL_ONLY.items() if kwargs.get(name)]
        if used:
            raise click.UsageError(f"{used[0]} works with --engine local only")
        if not parquet_out:
            raise click.UsageError("--engine dask needs --parquet-out DIR")
        paths: tuple[str, ...] = kwargs["paths"]
        if not paths:
            raise click.UsageError("give PATHS to import")
        from events.ingest.urls import looks_like_url

        if urls := [p for p in paths if looks_like_url(p)]:
            raise click.UsageError(f"--engine dask reads files only: import {' '.join(urls)} with --engine local")
        published_at: datetime | None = kwargs.get("published_at")
        workers = _given(click.get_current_context(), "workers")
        if scheduler and workers is not None:
            raise click.UsageError("--workers sizes the local cluster; with --scheduler the cluster has its own")
        return run_dask_import(paths, parquet_out, scheduler=scheduler, workers=workers, batch_size=batch_size,
                               published_at=published_at, db=kwargs.get("db"))

    options = [
        click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                     help="local: extract in this process (or --workers); dask: on a Dask distributed cluster, "
                          "into a Parquet dataset (--parquet-out) that 'events load' or 'events sql --parquet' "
                          "reads."),
        click.option("--scheduler", metavar="ADDRESS",
                     help="With --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 (workers must see the "
                          "--parquet-out folder at the same path) [default: a local cluster of --workers "
                          "processes, one per CPU unless given]."),
        click.option("--parquet-out", type=click.Path(file_okay=False),
                     help="With --engine dask: the dataset folder to write (new, empty, or an earlier dataset, "
                          "which is replaced)."),
        click.option("--batch-size", type=click.IntRange(min=1),
                     help="With --engine dask: documents per task [default: 1000]."),
    ]
    decorated: Any = wrapper
    for option in reversed(options):  # click lists options in the reverse order of decoration
        decorated = option(decorated)
    return decorated


def _given(ctx: click.Context, name: str) -> Any:
    """An option's value when the user set it (command line or environment), else None."""
    source = ctx.get_parameter_source(name)
    return ctx.params.get(name) if source not in (None, click.core.ParameterSource.DEFAULT) else None


def run_dask_import(paths: Sequence[str], out_dir: str, *, scheduler: str | None, workers: int | None,
                    batch_size: int | None, published_at: datetime | None, db: str | None) -> None:
    from events.cluster.dask import BATCH_SIZE, run_on_dask

    with terminal_progress("Extracting on the cluster") as progress:
        report = run_on_dask(list(paths), out_dir, scheduler=scheduler, workers=workers,
                             batch_size=batch_size or BATCH_SIZE,
                             published_at=published_at.date() if published_at else None, now=now,
                             progress=progress)
    failed = len(report.failures)
    click.echo(f"{report.seen} document{'' if report.seen == 1 else 's'}: {report.articles} extracted, "
               f"{report.repeated} repeated, {failed} failed")
    rows = report.rows
    click.echo(f"Wrote {rows['events']} events and {rows['claims']} claims of {rows['articles']} articles in "
               f"{len(report.batches)} batches to {shown(out_dir)}")
    click.echo(f"Load it with: events load {shlex.quote(out_dir)}{f' --db {shlex.quote(db)}' if db else ''}")
    fail_on(report.failures)


@click.command("load")
@click.argument("directory", type=click.Path(file_okay=False))
@db_option
def load(directory: str, db: str) -> None:
    """Load a Parquet dataset written by 'events import --engine dask' into the database. Articles already
    stored with the same text and extractor version are left as they are; loading twice changes nothing."""
    from events.cluster.load import load_parquet
    from events.cluster.parquet import MANIFEST, read_manifest

    with terminal_progress("Loading") as progress:
        run = load_parquet(db, directory, now=now, progress=progress)
    click.echo(run_line(run, "article"))
    unread = len(read_manifest(directory).failures)
    if unread:  # reported by the extraction run already: a reminder, not a failure of this load
        click.echo(f"The extraction left out {unread} document{'' if unread == 1 else 's'} "
                   f"(see {shown(Path(directory) / MANIFEST)})")
    fail_on(run.failures)
