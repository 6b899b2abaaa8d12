"""Extraction on a Dask distributed cluster, into the Parquet dataset of `events.cluster.parquet`.

The client reads the documents (one pass over the input, in `read_documents` order) and sends them in
batches: batch k is documents k*B .. (k+1)*B-1. Reading stays in the client because the input is often one
JSON Lines file, which workers could only split by each reading it whole, and because workers elsewhere may
not see the client's paths; reading is a small share of the time next to extraction. At most two batches
per worker are in flight, so the client holds a bounded number of documents however large the input.

Each task builds the pipeline once per worker process (cached), extracts, turns each extraction into the
store's rows and writes them under the dataset folder, which workers elsewhere must see at the same path
(a shared file system). Batch files are named by batch number, and ids are deterministic, so a re-run (or
a task Dask retries after a worker died) replaces the same files with the same rows.

Per-document problems are collected, as `events import` reports them: an unreadable document, an
extraction the pipeline refuses with an EventsError. Anything else fails the run: no manifest is written.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from events.cluster.parquet import (
    BatchCounts,
    ClusterReport,
    check_target,
    finish_dataset,
    start_dataset,
    write_batch,
)
from events.errors import EventsError
from events.ingest.readers import ReadFailure, document_name, read_documents
from events.store.db import run_id_for
from events.store.rows import ExtractionLike, Row, extraction_rows, figure_problem
from events.version import EXTRACTOR_VERSION
from schemas import Article, ImportFailure

if TYPE_CHECKING:
    from distributed import Client, Future

    from events.ingest.parallel import PipelineLike

    PipelineFactory = Callable[[], PipelineLike]

BATCH_SIZE = 1000
IN_FLIGHT_PER_WORKER = 2
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Repeat:
    """A later copy of an article already sent with the same text: `events import` finds it unchanged, so it
    is not extracted or written again (unless the first copy failed: then it fails the same way)."""

    document: str
    article_id: str


Batch = list[Article | ReadFailure | Repeat]
Placed = tuple[int, int, ImportFailure]  # (batch, position in the batch, failure): failures sort into input order


def default_pipeline() -> PipelineLike:
    from events.pipeline import Pipeline  # loads lexicons and gazetteer: on the workers only

    return Pipeline.default()


@cache
def _worker_pipeline(factory: PipelineFactory) -> PipelineLike:
    """One pipeline per worker process and factory: the gazetteer and lexicons load once, not per task."""
    return factory()


@dataclass(frozen=True)
class BatchResult:
    counts: BatchCounts
    articles: int
    repeated: int
    failures: tuple[Placed, ...]
    refused: dict[str, str]  # article id -> why its extraction failed
    files: tuple[str, ...]  # written, relative to the dataset folder


def extract_batch(batch: int, documents: Batch, out_dir: str, *, version: str, run_id: str,
                  imported_at: datetime, factory: PipelineFactory = default_pipeline) -> BatchResult:
    """The task run on a worker: extract one batch and write its Parquet files."""
    pipeline = _worker_pipeline(factory)
    if pipeline.version != version:
        raise EventsError(f"the worker on {socket.gethostname()} runs extractor version {pipeline.version}, the "
                          f"client {version}: install the same version of events on every worker")
    rows: dict[str, list[Row]] = {}
    failures: list[Placed] = []
    refused: dict[str, str] = {}
    articles = repeated = 0
    for position, document in enumerate(documents):
        if isinstance(document, Repeat):
            repeated += 1
            continue
        if isinstance(document, ReadFailure):
            failures.append((batch, position, ImportFailure(document=document.document, reason=document.reason)))
            continue
        extraction = _extracted(pipeline, document)
        if isinstance(extraction, str):
            refused[document.article_id] = extraction
            failures.append((batch, position, ImportFailure(document=document_name(document),
                                                            reason=refused[document.article_id])))
            continue
        articles += 1
        for table, table_rows in extraction_rows(extraction, version=version, run_id=run_id,
                                                 imported_at=imported_at).items():
            rows.setdefault(table, []).extend(table_rows)
    counts, files = write_batch(Path(out_dir), batch, rows)
    return BatchResult(BatchCounts(batch, len(documents), counts), articles, repeated, tuple(failures), refused,
                       tuple(files))


def _extracted(pipeline: PipelineLike, document: Article) -> ExtractionLike | str:
    """The article's extraction, or why it fails: the pipeline refused it, or it holds a figure the tables cannot
    (what the DuckDB store refuses of an article on its own; its other checks need the database)."""
    try:
        extraction = pipeline.extract(document)
    except EventsError as exc:
        return f"extraction failed: {exc}"
    problem = figure_problem(extraction)
    return extraction if problem is None else str(problem)


def run_on_dask(paths: Sequence[str | Path], out_dir: str | Path, *, scheduler: str | None = None,
                workers: int | None = None, batch_size: int = BATCH_SIZE, published_at: date | None = None,
                now: Callable[[], datetime], version: str = EXTRACTOR_VERSION,
                pipeline: PipelineFactory = default_pipeline, progress: Progress | None = None) -> ClusterReport:
    """`events import --engine dask`: extract `paths` on the cluster at `scheduler` (an address such as
    tcp://10.0.0.5:8786), or when None on a local cluster of `workers` processes (None or 0: one per CPU),
    into `out_dir`.

    `pipeline` builds the pipeline on each worker (a module-level function, so that workers can import it);
    its version must be `version`. Raises EventsError when the scheduler cannot be reached or a task fails
    for another reason than one document; the folder then has no manifest."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    try:
        from distributed import Client, LocalCluster  # only when the cluster engine is asked for
    except ImportError as exc:
        raise EventsError("the dask engine needs Dask distributed: pip install 'dask[distributed]'") from exc

    source = " ".join(str(p) for p in paths)
    check_target(Path(out_dir))  # before a cluster is started or reached for nothing
    with ExitStack() as stack:
        if scheduler is None:
            # loopback only; no dashboard, and the scheduler's health endpoint on any free port, not 8787
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers or os.cpu_count() or 1, processes=True, threads_per_worker=1, dashboard_address=None,
                host="127.0.0.1", scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(scheduler, timeout="10s"))
            except (OSError, ValueError) as exc:
                raise EventsError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from exc
        out = start_dataset(Path(out_dir))  # once the cluster is up: a dataset is not unfinished for nothing
        started_at = now()
        run_id = run_id_for(source, started_at)
        repeats: list[tuple[int, int, Repeat]] = []
        documents = read_documents(paths, published_at=published_at)
        results = _run(client, _batches(documents, batch_size, repeats), str(out), progress=progress,
                       version=version, run_id=run_id, imported_at=started_at, factory=pipeline)
    refused = {k: reason for r in results for k, reason in r.refused.items()}
    failed_again = [(b, i, ImportFailure(document=r.document, reason=refused[r.article_id]))
                    for b, i, r in repeats if r.article_id in refused]
    failures = sorted([f for r in results for f in r.failures] + failed_again, key=lambda f: (f[0], f[1]))
    report = ClusterReport(
        extractor_version=version, run_id=run_id, source=source, started_at=started_at, finished_at=now(),
        batch_size=batch_size, batches=tuple(r.counts for r in results),
        articles=sum(r.articles for r in results), repeated=sum(r.repeated for r in results) - len(failed_again),
        failures=tuple(f for _, _, f in failures))
    finish_dataset(out, report, {f for r in results for f in r.files})
    return report


def _batches(documents: Iterable[Article | ReadFailure], size: int,
             repeats: list[tuple[int, int, Repeat]]) -> Iterator[Batch]:
    """Batches in input order; each Repeat sent is also added to `repeats` with its batch and position."""
    seen: dict[str, str] = {}
    number = 0
    batch: Batch = []
    for document in documents:
        if isinstance(document, Article) and seen.get(document.article_id) == document.content_hash:
            repeat = Repeat(document_name(document), document.article_id)
            repeats.append((number, len(batch), repeat))
            batch.append(repeat)
        else:
            if isinstance(document, Article):
                seen[document.article_id] = document.content_hash
            batch.append(document)
        if len(batch) == size:
            yield batch
            number, batch = number + 1, []
    if batch:
        yield batch


def _run(client: Client, batches: Iterable[Batch], out_dir: str, *, progress: Progress | None, version: str,
         run_id: str, imported_at: datetime, factory: PipelineFactory) -> list[BatchResult]:
    """Submit batches with at most IN_FLIGHT_PER_WORKER per worker waiting; results in batch order."""
    from distributed import as_completed

    limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
    results: dict[int, BatchResult] = {}
    pending = as_completed()

    def collect(future: Future[BatchResult]) -> None:
        result = future.result()  # a task's exception is raised here, and ends the run
        results[result.counts.batch] = result
        if progress is not None:
            progress(result.counts.documents)

    for number, batch in enumerate(batches):
        pending.add(client.submit(extract_batch, number, batch, out_dir, version=version, run_id=run_id,
                                  imported_at=imported_at, factory=factory, pure=False))
        while pending.count() >= limit:
            collect(next(pending))
    for future in pending:
        collect(future)
    return [results[number] for number in sorted(results)]
