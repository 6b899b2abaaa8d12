"""One import: documents through the pipeline into the store in a single transaction, then the run recorded.

Per-document problems (unreadable input, an extraction the pipeline refuses with an EventsError, an
extraction the store refuses with an InputError) are collected as failures and the other documents still go
in; `strict` turns any failure into a rollback of the whole import. Anything else is a bug or a broken
database: the import is rolled back, so the database is as it was, and the exception propagates.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from events.errors import EventsError, InputError, shown
from events.ingest.parallel import ExtractionPool, Pickled, PipelineLike, Refused, default_pipeline, resolve_workers
from events.ingest.readers import ReadFailure, document_name, mtime_warning, read_documents, with_source
from events.ingest.urls import fetch_urls
from events.store.db import ArticleStatus, ExtractionLike, Store, run_id_for
from schemas import Article, ImportFailure, ImportRun, ImportWarning
from schemas.models import RunStatus

if TYPE_CHECKING:  # the online fallback's modules load geopy: only imported when it is switched on
    from events.extract.mentions.places import OnlineLookup
    from events.store.geocache import GeoCache

    OnlineFactory = Callable[[GeoCache], OnlineLookup]

SAMPLES = ("samples", "articles.jsonl")
CHUNK = 200  # documents read, looked up, extracted and written together
# Documents per transaction of a large import: DuckDB keeps a transaction's rows in memory until it commits
# (about 11 KB an article), so a 100,000-article backfill in one transaction would take 1.5 GB. An import up to
# this size is one transaction; a larger one commits every SEGMENT documents, each segment all or nothing, and
# running it again after a crash goes on where it stopped (stored articles are skipped as unchanged).
SEGMENT = 20_000
# DuckDB's memory during an import (events.store.db.Store.bound_memory): a segment's rows beyond it go to the file
# before the commit and cached pages are evicted, so the import's memory does not grow with the database.
MEMORY_LIMIT = "128MB"
Document = Article | ReadFailure
Progress = Callable[[int], None]  # called with the number of documents just finished
BeforeCommit = Callable[[Store, list[ImportFailure]], None]  # writes that belong to the import's last transaction


@dataclass(frozen=True)
class Summary:
    """What `events build` reports of a database."""

    articles: int
    events: int  # news events; background events are counted apart
    background_events: int
    events_by_type: list[tuple[str, int]]
    claims: int
    geocoded_events: int  # news events with at least one place that has coordinates

    @property
    def geocoded_share(self) -> float:
        return self.geocoded_events / self.events if self.events else 0.0


def summarize(store: Store) -> Summary:
    def count(sql: str) -> int:
        return int(store.query(sql)[1][0][0])

    _, by_type = store.query("SELECT event_type, count(*) FROM events WHERE NOT background "
                             "GROUP BY event_type ORDER BY count(*) DESC, event_type")
    return Summary(
        articles=count("SELECT count(*) FROM articles"),
        events=count("SELECT count(*) FROM events WHERE NOT background"),
        background_events=count("SELECT count(*) FROM events WHERE background"),
        events_by_type=[(str(t), int(n)) for t, n in by_type],
        claims=count("SELECT count(*) FROM claims"),
        geocoded_events=count("SELECT count(*) FROM events e WHERE NOT background AND EXISTS ("
                              "SELECT 1 FROM event_places p WHERE p.event_id = e.event_id "
                              "AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL)"),
    )


def _default_pipeline(online: OnlineLookup | None = None) -> PipelineLike:
    from events.pipeline import Pipeline as Default  # loads lexicons and gazetteer: only when importing files

    return Default.default(online=online)


def import_documents(store: Store, pipeline: PipelineLike, documents: Iterable[Document], *,
                     source: str, strict: bool = False, now: Callable[[], datetime],
                     progress: Progress | None = None, workers: int = 1,
                     pool: ExtractionPool | None = None, segment: int | None = SEGMENT,
                     before_commit: BeforeCommit | None = None,
                     warnings: Sequence[ImportWarning] = (), retry: Collection[str] = ()) -> ImportRun:
    """Extract and write every article in one transaction; record the run (also when strict rolled back).
    `progress` is told how many more documents are done after each one (the caller draws a bar, or not).

    `workers` > 1 (0: one per CPU) extracts in that many processes, each with a pickled copy of `pipeline`
    (ValueError if it cannot be copied, as the default Pipeline is not: see events.ingest.parallel); or `pool`, already
    started, is used. Either way the outcomes, rows and failures are those of the serial import; a worker
    that dies raises WorkerError and the import is rolled back.

    `segment` (None or 0: never) commits every that many documents, so that memory stays bounded on a
    backfill; a failure rolls back the current segment only. `strict` imports are always one transaction.

    `before_commit` is called with the store and the failures inside the last transaction, just before it
    commits (not when strict rolls back): what it writes goes in with the documents or not at all. `warnings`
    (read when the run ends, so a reader may add to it as it goes) are recorded with the run.

    Documents that fail are recorded (`Store.remember_failures`) and skipped by later imports until they change
    (`FailureBook`): counted in `skipped`, not in `failed`, so that one bad file does not fail every run. `retry`
    names recorded documents to try again all the same. A strict import neither skips nor records."""
    store.bound_memory(MEMORY_LIMIT)  # every import: the CLI's, a scheduled source's, the samples'
    dated: list[ImportWarning] = []  # articles dated by their file's modification time, said once each
    documents = _noting_mtime(documents, dated)
    started_at = now()
    run_id = run_id_for(source, started_at)
    counts: dict[ArticleStatus, int] = {"new": 0, "updated": 0, "unchanged": 0}
    failures: list[ImportFailure] = []
    seen = 0
    own_pool = None
    book = FailureBook({} if strict else store.known_failures(), pipeline.version, frozenset(retry))
    # the writes of one import: the store may keep its lookups in memory
    with store.bulk(), _collecting_between_chunks() as collect:
        store.begin()
        try:
            if pool is None and resolve_workers(workers) > 1:
                pool = own_pool = ExtractionPool.start(Pickled.of(pipeline), resolve_workers(workers))
            for chunk, outcomes in _chunk_outcomes(store, pipeline, book.unskipped(documents, progress), pool,
                                                   run_id=run_id, now=now, progress=progress):
                book.note(chunk, outcomes)
                collect()
                seen += len(chunk)
                if segment and not strict and seen // segment > (seen - len(chunk)) // segment:
                    store.commit()  # a segment is complete: bounded memory, and kept if a later one fails
                    store.begin()
                for outcome in outcomes:
                    if isinstance(outcome, ImportFailure):
                        failures.append(outcome)
                    else:
                        counts[outcome] += 1
            rolled_back = strict and bool(failures)
            if rolled_back:
                store.rollback()
                counts = {"new": 0, "updated": 0, "unchanged": 0}
            else:
                if before_commit is not None:
                    before_commit(store, failures)
                if not strict:
                    store.remember_failures(book.failed, cleared=book.cleared + book.unseen(source),
                                            skipped=book.skipped, source=source, run_id=run_id, at=started_at)
                store.commit()
        except BaseException:
            if store.in_transaction:
                store.rollback()
            if own_pool is not None:  # Ctrl-C or a dead worker: the other workers are stopped, not waited for
                own_pool.terminate()
            raise
    if own_pool is not None:
        own_pool.close()
    written = sum(counts.values())
    status: RunStatus = "ok" if not failures else "partial" if written and not rolled_back else "failed"
    run = ImportRun(run_id=run_id, source=source, started_at=started_at, finished_at=now(),
                    seen=seen + len(book.skipped), failed=len(failures), skipped=len(book.skipped), status=status,
                    failures=failures, warnings=[*warnings, *dated], **counts)
    store.record_run(run)
    return run


@contextmanager
def _collecting_between_chunks() -> Iterator[Callable[[], None]]:
    """Python's cycle collector paused for the import, and run by the caller between chunks over what the last chunk
    left (the gazetteer, the compiled lexicons and the store's lookups are frozen out of its sight); as it was after.

    Left to itself, the collector walked every live object again and again while articles were extracted: the
    gazetteer and the lexicons (hundreds of thousands of objects, found alive at every pass), then the store's
    growing lookups, for about a tenth of an import's time. Extraction makes almost no reference cycles (a few
    dozen objects a chunk), so pausing it for a chunk costs no memory to speak of; what is freed by reference
    counting (nearly everything) is freed at once as before, frozen or not."""
    was_enabled = gc.isenabled()
    gc.disable()
    gc.freeze()  # what is alive before the first chunk lives through the import; its cycles are collected after

    def collect() -> None:
        gc.collect()  # over the objects made since the last freeze only
        gc.freeze()

    try:
        yield collect
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _noting_mtime(documents: Iterable[Document], warnings: list[ImportWarning]) -> Iterator[Document]:
    """The documents, each article dated by its file's modification time noted in `warnings` as it passes."""
    for document in documents:
        if isinstance(document, Article) and (message := mtime_warning(document)) is not None:
            warnings.append(ImportWarning(document=document_name(document), message=message))
        yield document


T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items in order, the last one shorter (itertools.batched from Python 3.12 on)."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chunk_outcomes(store: Store, pipeline: PipelineLike, documents: Iterable[Document], pool: ExtractionPool | None,
                    *, run_id: str, now: Callable[[], datetime],
                    progress: Progress | None) -> Iterator[tuple[list[Document], list[ArticleStatus | ImportFailure]]]:
    """Each chunk with its outcomes, in order. With a pool, the next chunks are looked up and extracted in the
    workers while the parent writes one."""
    if pool is None:
        for chunk in chunked(documents, CHUNK):
            yield chunk, _import_chunk(store, pipeline, chunk, run_id=run_id, now=now, progress=progress)
        return
    planned = (_plan(store, pipeline, chunk) for chunk in chunked(documents, CHUNK))
    for (chunk, statuses), extracted in pool.extract(planned, version=pipeline.version):
        outcomes = _merge(store, pipeline, chunk, statuses, extracted)
        if progress is not None:
            progress(len(chunk))
        yield chunk, _write(store, pipeline, outcomes, run_id=run_id, now=now)


def _plan(store: Store, pipeline: PipelineLike,
          chunk: list[Document]) -> tuple[tuple[list[Document], list[ArticleStatus]], list[Article]]:
    """A chunk, its articles' stored statuses, and the articles to extract (those not stored unchanged)."""
    statuses = store.article_statuses([d for d in chunk if isinstance(d, Article)], version=pipeline.version)
    return (chunk, statuses), _articles_to_extract(chunk, statuses)


def _merge(store: Store, pipeline: PipelineLike, chunk: list[Document], statuses: list[ArticleStatus],
           extracted: list[ExtractionLike | Refused]) -> list[ArticleStatus | ImportFailure | ExtractionLike]:
    """The serial import's outcomes from a plan and the workers' results. The plan was made before the chunks
    ahead of it were written, so a refused article is judged again: if an earlier chunk has since stored it
    unchanged, the serial import would not have extracted it, and it is unchanged, not a failure."""
    refused = [a for a, r in zip(_articles_to_extract(chunk, statuses), extracted, strict=True)
               if isinstance(r, Refused)]
    again = store.article_statuses(refused, version=pipeline.version) if refused else []
    now_unchanged = {id(a) for a, status in zip(refused, again, strict=True) if status == "unchanged"}
    results = iter(extracted)

    def settle(document: Article) -> ArticleStatus | ImportFailure | ExtractionLike:
        result = next(results)
        if not isinstance(result, Refused):
            return result
        if id(document) in now_unchanged:
            return "unchanged"
        return ImportFailure(document=document_name(document), reason=f"extraction failed: {result.message}")

    return _outcomes(chunk, statuses, settle)


def _outcomes(chunk: list[Document], statuses: list[ArticleStatus],
              settle: Callable[[Article], ArticleStatus | ImportFailure | ExtractionLike],
              after_each: Progress | None = None) -> list[ArticleStatus | ImportFailure | ExtractionLike]:
    """Outcomes in document order: unreadable documents fail, articles stored unchanged stay so, the others
    are settled (extracted, or refused)."""
    stored = iter(statuses)
    outcomes: list[ArticleStatus | ImportFailure | ExtractionLike] = []
    for document in chunk:
        if isinstance(document, ReadFailure):
            outcomes.append(ImportFailure(document=document.document, reason=document.reason))
        elif next(stored) == "unchanged":
            outcomes.append("unchanged")
        else:
            outcomes.append(settle(document))
        if after_each is not None:
            after_each(1)
    return outcomes


def _articles_to_extract(chunk: list[Document], statuses: list[ArticleStatus]) -> list[Article]:
    articles = [d for d in chunk if isinstance(d, Article)]
    return [a for a, status in zip(articles, statuses, strict=True) if status != "unchanged"]


def _import_chunk(store: Store, pipeline: PipelineLike, chunk: list[Document], *, run_id: str,
                  now: Callable[[], datetime],
                  progress: Progress | None) -> list[ArticleStatus | ImportFailure]:
    """Outcomes in document order. Articles stored unchanged are not extracted again, so re-importing a
    corpus costs a lookup per chunk, not an extraction per article."""
    statuses = store.article_statuses([d for d in chunk if isinstance(d, Article)], version=pipeline.version)

    def settle(document: Article) -> ExtractionLike | ImportFailure:
        try:
            return pipeline.extract(document)
        except EventsError as exc:
            return ImportFailure(document=document_name(document), reason=f"extraction failed: {exc}")

    # progress per document: extraction, not the chunk's write, takes the time
    outcomes = _outcomes(chunk, statuses, settle, after_each=progress)
    return _write(store, pipeline, outcomes, run_id=run_id, now=now)


def _write(store: Store, pipeline: PipelineLike, outcomes: list[ArticleStatus | ImportFailure | ExtractionLike], *,
           run_id: str, now: Callable[[], datetime]) -> list[ArticleStatus | ImportFailure]:
    """Writes a chunk's extractions in one batch; outcomes in document order, the store's refusals as failures."""
    extractions = [o for o in outcomes if not isinstance(o, str | ImportFailure)]
    written = iter(store.write_extractions(extractions, version=pipeline.version, run_id=run_id, now=now))
    results: list[ArticleStatus | ImportFailure] = []
    for outcome in outcomes:
        if isinstance(outcome, str | ImportFailure):
            results.append(outcome)
            continue
        result = next(written)
        results.append(ImportFailure(document=document_name(outcome.article), reason=str(result))
                       if isinstance(result, InputError) else result)
    return results


def import_paths(db: str | Path, paths: Sequence[str | Path], *, published_at: date | None = None,
                 outlet: str | None = None, strict: bool = False, now: Callable[[], datetime],
                 pipeline: PipelineLike | None = None, online: OnlineFactory | None = None,
                 progress: Progress | None = None, workers: int = 1,
                 segment: int | None = SEGMENT) -> ImportRun:
    """`events import`: read files, folders and URLs into the database at `db` (created if missing). URLs are
    fetched first, before the database is opened, each one a page or a feed by its answer (events.ingest.urls).

    `online` (off by default) builds the fallback for names the gazetteer lacks over the database's
    geocode cache (e.g. `lambda cache: OnlineGeocoder.nominatim(cache)`); it goes to the default pipeline,
    so it cannot be combined with `pipeline`. `workers` > 1 (0: one per CPU) extracts in that many processes,
    each loading the default pipeline (or given a copy of `pipeline`); the online fallback, which asks one
    service at most once a second and writes its cache, needs workers=1. `outlet` is the `source` (publisher) of
    every article that names none itself (`events import --source`)."""
    workers = resolve_workers(workers)
    if online is not None and pipeline is not None:
        raise ValueError("give either a pipeline or an online fallback for the default pipeline, not both")
    if online is not None and workers > 1:
        raise ValueError("the online geocoding fallback runs in one process: it needs workers=1")
    urls = fetch_urls(db, paths, version=pipeline.version if pipeline is not None else _default_version(), now=now,
                      published_at=published_at, source=outlet)
    with Store.open(db) as store, ExitStack() as stack:
        if online is not None:
            from events.store.geocache import GeoCache

            cache = stack.enter_context(GeoCache.open(db, now=now))
            pipeline = _default_pipeline(online(cache))
        pool = None
        if pipeline is None and workers > 1:  # each worker loads its own default pipeline
            pool = stack.enter_context(ExtractionPool.start(default_pipeline, workers))
        documents = urls.documents(paths, lambda files: with_source(read_documents(files, published_at=published_at),
                                                                    outlet))
        return import_documents(store, pipeline or _default_pipeline(), documents,
                                source=" ".join(str(p) for p in paths), strict=strict, now=now,
                                progress=progress, workers=workers, pool=pool, segment=segment,
                                before_commit=urls.save_validators, warnings=urls.warnings)


def _default_version() -> str:
    """The extractor version of the default pipeline, without loading it (its gazetteer)."""
    from events.lexicon import Lexicons
    from events.version import EXTRACTOR_VERSION

    return Lexicons().version_of(EXTRACTOR_VERSION)


def build_samples(db: str | Path, *, now: Callable[[], datetime], pipeline: PipelineLike | None = None,
                  progress: Progress | None = None) -> tuple[ImportRun, Summary]:
    """`events build`: import the bundled sample articles and summarise the database."""
    sample = resources.files("events").joinpath(*SAMPLES)
    with resources.as_file(sample) as path:
        if not path.is_file():
            raise InputError(f"the bundled samples are missing: {path}")
        with Store.open(db) as store:
            run = import_documents(store, pipeline or _default_pipeline(), read_documents([path]),
                                   source="events/" + "/".join(SAMPLES), now=now, progress=progress)
            return run, summarize(store)


# -- documents that failed before -------------------------------------------------------------------------

@dataclass
class FailureBook:
    """One run's side of the failed documents on record (`known`: document -> (fingerprint, source)). A document
    whose fingerprint is on record failed before and has not changed since: it is skipped. The fingerprint of an
    article is its hash (text, id, title, date...) with the extractor version, known before extraction, which is
    then not run again; a document that cannot be read has only its reason, known once read, so it is read again
    each time and counted as skipped while it fails the same way. `retry` documents are tried whatever the record
    says."""

    known: dict[str, tuple[str, str]]
    version: str
    retry: frozenset[str] = frozenset()
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (document, fingerprint, reason) to record
    cleared: list[str] = field(default_factory=list)  # documents on record that went in, or that were retried
    present: set[str] = field(default_factory=set)  # documents on record that this run read

    def __post_init__(self) -> None:
        self.cleared.extend(sorted(self.retry))  # a retried document failing again is recorded again

    def fingerprint(self, document: Document) -> str:
        if isinstance(document, ReadFailure):
            return "read:" + document.reason
        # the whole article, not only its text: its id, title or date changes what is extracted and stored
        whole = hashlib.sha256(document.model_dump_json().encode("utf-8")).hexdigest()[:32]
        return f"article:{whole}:{self.version}"

    def unskipped(self, documents: Iterable[Document], progress: Progress | None) -> Iterator[Document]:
        """The documents to import; the others are noted as skipped (and counted as done for `progress`)."""
        if not self.known:
            yield from documents
            return
        for document in documents:
            name = document_name(document)
            record = self.known.get(name)
            if record is None:
                yield document
                continue
            self.present.add(name)
            if name not in self.retry and record[0] == self.fingerprint(document):
                self.skipped.append(name)
                if progress is not None:
                    progress(1)
            else:
                yield document

    def note(self, chunk: Sequence[Document], outcomes: Sequence[ArticleStatus | ImportFailure]) -> None:
        """What to record of a chunk's outcomes: its failures, and which documents on record went in."""
        for document, outcome in zip(chunk, outcomes, strict=True):
            if isinstance(outcome, ImportFailure):
                self.failed.append((outcome.document, self.fingerprint(document), outcome.reason))
            elif self.known and not isinstance(document, ReadFailure) and document_name(document) in self.known:
                self.cleared.append(document_name(document))

    def unseen(self, source: str) -> list[str]:
        """The files on record from earlier runs of `source` that this run did not come across: they no longer fail
        (a folder that was empty has files, a file was removed or renamed). Not URLs: a feed or page that has not
        changed answers 304 and its items are not read at all. A run stopped early may leave files out too: they
        are tried again at the next run."""
        return [name for name, (_, origin) in self.known.items()
                if origin == source and name not in self.present and "://" not in name]


@dataclass(frozen=True)
class Retried:
    """What `retry_failures` did: the run that read the documents again (None when none could be), and the
    documents it could not read again here (a URL, a CSV row, whose reading needs its source): forgotten, so that
    their source's next run tries them."""

    run: ImportRun | None
    forgotten: list[str]


_LINE = re.compile(r"(?P<path>.+):\d+")  # "file.jsonl:3": a record of a JSON Lines file


def retry_failures(db: str | Path, documents: Sequence[str] = (), *, now: Callable[[], datetime],
                   published_at: date | None = None, pipeline: PipelineLike | None = None,
                   progress: Progress | None = None) -> Retried:
    """`events retry`: import again the failed documents on record, all or those named (InputError for a name not
    on record). Files and folders are read again (a JSON Lines record with its file, whose other records are
    unchanged or still skipped); the others are forgotten (see `Retried`)."""
    with Store.open(db) as store:
        recorded = [document for document, *_ in store.failed_documents()]
        unknown = [name for name in documents if name not in recorded]
        if unknown:
            raise InputError(f"{shown(unknown[0])}: no failed document of that name on record"
                             f"{' (events imports --failures lists them)' if recorded else ' (there are none)'}")
        chosen = list(dict.fromkeys(documents)) or recorded
        paths = {document: _rereadable(document) for document in chosen}
        forgotten = [document for document, path in paths.items() if path is None]
        if forgotten:
            store.forget_failures(forgotten)
        readable = [document for document in chosen if paths[document] is not None]
        if not readable:
            return Retried(None, forgotten)
        files = list(dict.fromkeys(str(paths[document]) for document in readable))
        run = import_documents(store, pipeline or _default_pipeline(), read_documents(files, published_at=published_at),
                               source="retry", now=now, progress=progress, retry=readable)
        return Retried(run, forgotten)


def _rereadable(document: str) -> Path | None:
    """The file or folder to read `document` again from: itself, or the JSON Lines file of a record; None for what
    cannot be read again alone (a URL, a CSV row, which needs its columns; a file gone)."""
    path = Path(document)
    if path.exists() and path.suffix.lower() != ".csv":
        return path
    line = _LINE.fullmatch(document)
    if line is not None and line.group("path").lower().endswith(".jsonl") and Path(line.group("path")).is_file():
        return Path(line.group("path"))
    return None
