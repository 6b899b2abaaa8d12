"""Named sources (a TOML file) and running them: each source is one recorded import run.

    [[source]]
    name = "wire"                      # unique; the `source` of its runs in import_runs
    kind = "feed"                      # jsonl | folder | glob | csv | url | feed
    url = "https://example.org/rss"    # feed and url: url or urls; jsonl, folder, csv: path or paths;
                                       # glob: pattern
    schedule = "*/15 * * * *"          # a cron expression, or an interval: "90s", "15m", "6h", "1d", "1w"
    [source.options]                   # optional: published_at, source, strict, text_column, id_column,
    fetch_items = true                 # date_column, fetch_items, max_items, timeout, deadline, retries,
                                       # max_bytes, politeness (events.ingest.source_options checks each)

Relative paths and patterns are read from the sources file's folder. Runs take the database's import lock.
A source whose options are wrong is a failed run naming the file, the source and the option; the others run.
HTTP validators (ETag, Last-Modified) are kept per URL in the database's `fetch_validators` table, written in
the transaction that commits the run's documents: a crash mid-run never turns into a 304 that hides an article
that was not stored, and a database deleted or restored never inherits another one's 304s (the
"<db>.fetch.json" file of earlier versions is not read). A feed is read again at its next run when one of its
items failed in a way worth retrying (a timeout, HTTP 503...), not when the item is gone for good (HTTP 404,
410...): that would fail on it again at every run.
"""

from __future__ import annotations

import glob as globbing
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal, cast, get_args

import tomllib

from events.errors import EventsError, InputError
from events.files import read_regular
from events.ingest.fetch import Fetcher, FetchError, FetchPolicy, Validators
from events.ingest.importer import import_documents
from events.ingest.lock import ImportLock
from events.ingest.parallel import (
    ExtractionPool,
    Pickled,
    PipelineFactory,
    PipelineLike,
    default_pipeline,
    resolve_workers,
)
from events.ingest.readers import CsvColumns, Document, ReadFailure, read_csv, read_documents, with_source
from events.ingest.source_options import NAMES as OPTION_NAMES
from events.ingest.source_options import SourceOptions
from events.store.db import Store, run_id_for
from schemas import ImportFailure, ImportRun, ImportWarning

SourceKind = Literal["jsonl", "folder", "glob", "csv", "url", "feed"]
KINDS: tuple[str, ...] = get_args(SourceKind)
_INTERVAL = re.compile(r"(?:every\s+)?(\d+)\s*(s|m|h|d|w)", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
FetcherFactory = Callable[[FetchPolicy, dict[str, Validators]], Fetcher]
_MAX_FILE_BYTES = 50 * 1024 * 1024  # the sources file is read whole, never more than this


@dataclass(frozen=True)
class Schedule:
    expression: str
    seconds: int | None  # an interval; None for a cron expression

    @classmethod
    def parse(cls, text: str, where: str) -> Schedule:
        from croniter import croniter

        if match := _INTERVAL.fullmatch(text.strip()):
            seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
            if seconds <= 0:
                raise InputError(f"{where}: schedule interval must be positive, got {text!r}")
            return cls(text.strip(), seconds)
        if croniter.is_valid(text.strip()):
            return cls(text.strip(), None)
        raise InputError(f"{where}: schedule {text!r} is neither a cron expression ('*/15 * * * *') nor an "
                         "interval ('15m', '6h', '1d')")

    def next_after(self, moment: datetime) -> datetime:
        if self.seconds is not None:
            return moment + timedelta(seconds=self.seconds)
        from croniter import croniter

        found: datetime = croniter(self.expression, moment).get_next(datetime)
        return found


@dataclass(frozen=True)
class Source:
    name: str
    kind: SourceKind
    targets: tuple[str, ...]  # paths, one glob pattern, or URLs
    schedule: Schedule | None = None
    options: dict[str, Any] = field(default_factory=dict)  # as written; `settings()` checks them
    origin: str = ""  # the sources file it was read from, as given

    @property
    def where(self) -> str:
        """"sources.toml: source 'wire'": how messages about the source as a whole name it."""
        return f"{self.origin}: source '{self.name}'" if self.origin else f"source '{self.name}'"

    def settings(self) -> SourceOptions:
        """The options, checked and typed; InputError naming the file, the source and the option."""
        return SourceOptions.parse(self.options, self.where)

    def policy(self) -> FetchPolicy:
        return self.settings().policy


def load_sources(path: str | Path) -> list[Source]:
    """The sources of a TOML file; InputError naming the file and the source for anything wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(read_regular(path, limit=_MAX_FILE_BYTES).decode("utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: no [[source]] entries")
    sources = [_source(entry, f"{path}: source {i + 1}", path.parent, str(path)) for i, entry in enumerate(entries)]
    names = [s.name for s in sources]
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        raise InputError(f"{path}: source names must be unique: {', '.join(duplicates)}")
    return sources


def _source(entry: object, where: str, base: Path, origin: str) -> Source:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: not a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: no 'name'")
    where = f"{origin}: source '{name.strip()}'"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    unknown = sorted(set(entry) - {"name", "kind", "path", "paths", "pattern", "url", "urls", "schedule",
                                   "options"})
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}")
    options = entry.get("options", {})
    if not isinstance(options, dict) or (bad := sorted(set(options) - OPTION_NAMES)):
        shown = ", ".join(bad) if isinstance(options, dict) else repr(options)
        raise InputError(f"{where}: unknown option(s) {shown}")
    schedule = entry.get("schedule")
    if schedule is not None and not isinstance(schedule, str):
        raise InputError(f"{where}: schedule must be a string")
    return Source(name.strip(), cast(SourceKind, kind), _targets(entry, kind, where, base),
                  Schedule.parse(schedule, where) if schedule else None, dict(options), origin)


def _targets(entry: dict[str, Any], kind: str, where: str, base: Path) -> tuple[str, ...]:
    single, many = {"url": ("url", "urls"), "feed": ("url", "urls"), "glob": ("pattern", "pattern")}.get(
        kind, ("path", "paths"))
    found = entry.get(many) if many in entry and many != single else entry.get(single)
    values = [found] if isinstance(found, str) else found
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip()
                                                             for v in values):
        alternative = f" or '{many}'" if many != single else ""
        raise InputError(f"{where}: a {kind} source needs '{single}'{alternative}")
    if kind in ("url", "feed"):
        return tuple(v.strip() for v in values)
    return tuple(str(base / v) if not Path(v).is_absolute() else v for v in values)


def documents(source: Source, fetcher: Fetcher, settings: SourceOptions | None = None,
              note: Callable[[str, str], None] | None = None) -> Iterator[Document]:
    """The documents of one source, read lazily (failures included, as ReadFailure). `settings` are the
    source's checked options (InputError when they are wrong); `note` is told what the run's record should
    say besides failures (a feed cut at max_items)."""
    from events.ingest.feeds import read_feed, read_urls

    settings = settings or source.settings()
    published = settings.published_at
    if source.kind in ("jsonl", "folder"):
        yield from read_documents(source.targets, published_at=published)
    elif source.kind == "glob":
        matches = sorted(globbing.glob(source.targets[0], recursive=True))
        if not matches:
            yield ReadFailure(source.targets[0], "no files match this pattern")
        yield from read_documents(matches, published_at=published)
    elif source.kind == "csv":
        columns = CsvColumns(settings.text_column, settings.id_column, settings.date_column)
        yield from read_csv(source.targets, columns, published_at=published)
    elif source.kind == "url":
        yield from read_urls(fetcher, source.targets, published_at=published)
    else:
        for url in source.targets:
            yield from read_feed(fetcher, url, published_at=published, fetch_items=settings.fetch_items,
                                 max_items=settings.max_items, note=note)


def run_sources(db: str | Path, sources: Sequence[Source], *, now: Callable[[], datetime],
                pipeline: PipelineLike | None = None, fetcher: FetcherFactory | None = None,
                stop: Callable[[], bool] = lambda: False, workers: int = 1) -> list[ImportRun]:
    """Run each source once, in order, under the database's import lock; one recorded run per source.
    `workers` > 1 (0: one per CPU) extracts in that many processes, one pool for all the sources.

    A source that cannot be run at all (bad options, unreadable database state) is recorded as a failed
    run and the next source still runs. When `stop()` turns true, reading ends after the current document (a
    fetch under way ends within a fraction of a second, a failure of that document): what was read (the
    importer works in batches of up to 200) is committed and recorded, and no further source starts. The
    database is open only while a source is written, and URL and feed sources are fetched before it is opened
    (it is read for a moment first, for their validators): network time never keeps other processes out."""
    make = fetcher or (lambda policy, known: Fetcher.create(policy, validators=known))
    with ImportLock.acquire(db, now=now), ExitStack() as stack:
        factory: PipelineFactory | None = None
        if pipeline is None:
            from events.pipeline import Pipeline  # loads lexicons and gazetteer: only when importing

            pipeline, factory = Pipeline.default(), default_pipeline
        pool = None
        if resolve_workers(workers) > 1:
            pool = stack.enter_context(ExtractionPool.start(factory or Pickled.of(pipeline), resolve_workers(workers)))
        runs: list[ImportRun] = []
        for source in sources:
            if stop():
                break
            runs.append(_run_one(db, pipeline, source, make, now, stop, pool))
        return runs


def _until(stop: Callable[[], bool], found: Iterator[Document]) -> Iterator[Document]:
    for document in found:
        yield document
        if stop():
            return


def _run_one(db: str | Path, pipeline: PipelineLike, source: Source, make: FetcherFactory,
             now: Callable[[], datetime], stop: Callable[[], bool], pool: ExtractionPool | None) -> ImportRun:
    started = now()
    try:
        settings = source.settings()
        networked = source.kind in ("url", "feed")
        state = FetchState.load(db, version=pipeline.version) if networked else FetchState(pipeline.version, {})
        warnings: list[ImportWarning] = []
        with make(settings.policy, state.validators) as client:
            client.stop_when(stop)
            found = _until(stop, documents(source, client, settings,
                                           lambda document, message: warnings.append(ImportWarning(
                                               document=document, message=message))))
            found = with_source(found, settings.source)  # the publisher of the documents that name none
            if networked:
                found = iter(list(found))  # fetched (main text only) before the database is opened

            def save_validators(store: Store, failures: list[ImportFailure]) -> None:
                kept = state.kept(client.seen, failures, source, complete=not stop(), fetch_failures=client.failures)
                store.save_validators([(url, v.etag, v.last_modified) for url, v in kept.items()],
                                      version=state.version, at=now())

            with Store.open(db) as store:
                run = import_documents(store, pipeline, found, source=source.name, strict=settings.strict, now=now,
                                       pool=pool, before_commit=save_validators if networked else None,
                                       warnings=warnings)
    except (EventsError, OSError) as exc:
        message = " ".join(str(exc).split())
        failure = ImportFailure(document=source.where, reason=message.removeprefix(source.where + ": "))
        run = ImportRun(run_id=run_id_for(source.name, started), source=source.name, started_at=started,
                        finished_at=now(), failed=1, status="failed", failures=[failure])
        with Store.open(db) as store:
            store.record_run(run)
    return run


@dataclass
class FetchState:
    """The validators of one run: those the database keeps for this extractor version (a new version re-reads
    pages a 304 would otherwise hide from it), and which of the run's new ones to keep."""

    version: str
    validators: dict[str, Validators]

    @classmethod
    def load(cls, db: str | Path, *, version: str) -> FetchState:
        if not Path(db).exists():  # a new (or deleted) database has seen nothing: everything is asked for whole
            return cls(version, {})
        with Store.open(db, read_only=True) as store:  # read-only: no schema to prepare before the network
            found = store.fetch_validators(version=version)
        return cls(version, {url: Validators(etag, modified) for url, etag, modified in found})

    def kept(self, seen: Mapping[str, Validators], failures: list[ImportFailure], source: Source, *,
             complete: bool, fetch_failures: Mapping[str, FetchError] | None = None) -> dict[str, Validators]:
        """What a run that commits should keep of what it saw: not the validators of documents that failed, nor,
        when the run was stopped early or an item failed in a way worth retrying, those of the source's own
        feed URLs: the feed must be read again so that the items it did not deliver are. `fetch_failures` (URL
        -> why its fetch failed) tells which failures are terminal: an item that is gone (404) does not make
        the feed be read again at every run."""
        # the fetches that failed count whether the import reported them or skipped them as failed before: an item
        # failing again the same way must still have its feed read again
        failed = {f.document for f in failures} | set(fetch_failures or {})
        final = {url for url, exc in (fetch_failures or {}).items() if not exc.transient}
        if (failed - final or not complete) and source.kind == "feed":
            failed |= set(source.targets)
        return {url: v for url, v in seen.items() if url not in failed}
