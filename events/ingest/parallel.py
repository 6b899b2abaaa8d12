"""Extraction in worker processes on one machine: `events import --workers N`.

Only extraction runs in the workers; reading, the unchanged-article lookup and every write stay in the parent,
since DuckDB has one writer. Results come back in input order. At most `AHEAD` chunks are extracted ahead of
the one being written, so memory stays flat however large the input.

Workers are started with "spawn": a fork of a parent that has DuckDB (and its threads) open is unsafe, and
"forkserver" starts no faster here (both ~0.7 s to a worker with its pipeline loaded). Spawned workers import
the parent's main module, so a script that imports with workers needs the `if __name__ == "__main__":` guard.
Each worker builds its pipeline once, from a picklable factory: `default_pipeline` (the bundled lexicons and
the cached gazetteer, ~0.3 s), or `Pickled`, a copy of a small custom pipeline made in the parent (at most
MAX_PICKLED bytes, as it travels with every chunk). An `events.pipeline.Pipeline` is never copied (its
gazetteer is large and may hold a database connection): `default_pipeline` builds the default one.

Workers ignore Ctrl-C (the parent handles it and terminates them) and exit on their own when the parent dies
(SIGTERM, SIGKILL), so no process outlives an import. A worker that dies mid-chunk breaks the pool: the chunk
waiting for it raises WorkerError, and the importer rolls the import back.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import wait
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar

from events.errors import EventsError
from schemas import Article

if TYPE_CHECKING:
    from events.store.db import ExtractionLike


class PipelineLike(Protocol):
    """The interface of `events.pipeline.Pipeline` that imports drive, here or in worker processes."""

    @property
    def version(self) -> str: ...
    def extract(self, article: Article) -> ExtractionLike: ...


PipelineFactory: TypeAlias = Callable[[], PipelineLike]
Results: TypeAlias = "list[ExtractionLike | Refused]"  # one per article, in order
_Batch: TypeAlias = "tuple[str, Results]"  # a piece's results and the version of the pipeline that made them
START_METHOD = "spawn"
MAX_PICKLED = 2**20  # bytes of a pipeline copied into the workers with every chunk
AHEAD = 2  # chunks submitted beyond the one being written: each worker has queued work while the parent writes
Key = TypeVar("Key")


class WorkerError(EventsError, RuntimeError):
    """An extraction worker process died (killed, out of memory) or the workers' pipeline does not match."""


@dataclass(frozen=True)
class Refused:
    """An article the worker's pipeline refused with an EventsError: its message, for the import's failure."""

    message: str


def default_pipeline() -> PipelineLike:
    """The factory of the default pipeline; picklable by reference, so each worker loads its own."""
    from events.pipeline import Pipeline

    return Pipeline.default()


@dataclass(frozen=True)
class Pickled:
    """A factory returning a copy of a pipeline pickled in the parent. It travels with every chunk, so that a
    worker finds the pipeline it already unpickled (compared by these bytes): hence the size limit."""

    data: bytes

    @classmethod
    def of(cls, pipeline: PipelineLike) -> Pickled:
        """Raises ValueError for pipelines that cannot be pickled or are too large to copy with every chunk."""
        if type(pipeline).__module__ == "events.pipeline":
            raise ValueError("an events.pipeline.Pipeline is not copied into worker processes (its gazetteer is "
                             "large): use import_paths(workers=N), or pass "
                             "pool=ExtractionPool.start(default_pipeline, N)")
        try:
            data = pickle.dumps(pipeline, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # pickling raises TypeError, AttributeError, PicklingError and others
            raise ValueError(f"the pipeline cannot be copied into worker processes: {exc}") from exc
        if len(data) > MAX_PICKLED:
            raise ValueError(f"the pipeline pickles to {len(data) / 2**20:.0f} MiB, too much to copy with every "
                             "chunk: pass pool=ExtractionPool.start(factory, N) with a factory that builds it in "
                             "each worker")
        return cls(data)

    def __call__(self) -> PipelineLike:
        pipeline: PipelineLike = pickle.loads(self.data)
        return pipeline


def resolve_workers(workers: int) -> int:
    """0 means one worker per CPU; negative counts are refused."""
    if workers < 0:
        raise ValueError(f"workers must be 0 (one per CPU) or more, got {workers}")
    return workers or os.cpu_count() or 1


class ExtractionPool:
    """Worker processes, each holding one pipeline. Use as a context manager: leaving it normally waits for the
    workers to exit; leaving it with an exception (Ctrl-C included) terminates them at once."""

    def __init__(self, executor: ProcessPoolExecutor, factory: PipelineFactory, workers: int) -> None:
        self._executor = executor
        self._factory = factory
        self.workers = workers

    @classmethod
    def start(cls, factory: PipelineFactory, workers: int) -> ExtractionPool:
        """The processes start now and load their pipelines while the caller loads its own and reads the first
        chunk; `factory` must be picklable (a module-level function, Pickled)."""
        if workers < 1:
            raise ValueError(f"an extraction pool needs at least one worker, got {workers}")
        executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(START_METHOD),
                                       initializer=_start_worker, initargs=(factory,))
        for _ in range(workers):  # processes are spawned one per task submitted, until there are `workers`
            executor.submit(_ready)
        return cls(executor, factory, workers)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    def close(self) -> None:
        self._executor.shutdown(wait=True)

    def terminate(self) -> None:
        """Stop now: queued chunks are dropped and running ones abandoned."""
        # ProcessPoolExecutor (before 3.14) has no public way to stop running work: its process table it is.
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(5)

    def extract(self, chunks: Iterable[tuple[Key, Sequence[Article]]], *,
                version: str) -> Iterator[tuple[Key, Results]]:
        """Each chunk's articles extracted, one result per article, chunks in input order. `chunks` is read
        lazily, at most AHEAD chunks beyond the one yielded; each chunk is shared among the workers. Raises
        WorkerError when a worker dies or its pipeline is not of `version` (the parent's)."""
        pending: deque[tuple[Key, Sequence[Article], list[Future[_Batch]]]] = deque()
        try:
            for key, articles in chunks:
                futures = [self._executor.submit(_extract, self._factory, piece)
                           for piece in _pieces(articles, self.workers)]
                pending.append((key, articles, futures))
                if len(pending) > AHEAD:
                    yield _collect(pending, version)
            while pending:
                yield _collect(pending, version)
        except BrokenProcessPool as exc:  # from a chunk's result, or from submitting once the pool is broken
            in_flight = [a for _, chunk, _ in pending for a in chunk]
            where = f" while extracting {_name(in_flight[0])} … {_name(in_flight[-1])}" if in_flight else ""
            raise WorkerError(f"an extraction worker process died (killed, or out of memory?){where}") from exc
        finally:  # abandoned (the import failed): chunks not started yet are not extracted for nothing
            for _, _, futures in pending:
                for future in futures:
                    future.cancel()


def _collect(pending: deque[tuple[Key, Sequence[Article], list[Future[_Batch]]]],
             version: str) -> tuple[Key, Results]:
    """The oldest chunk's results, once all its pieces are done; it leaves `pending` only then."""
    key, _, futures = pending[0]
    results: Results = []
    for future in futures:
        found, extracted = future.result()
        if found != version:
            raise WorkerError(f"the workers' pipeline is version {found}, the importer's is {version}")
        results.extend(extracted)
    pending.popleft()
    return key, results


def _pieces(articles: Sequence[Article], workers: int) -> list[Sequence[Article]]:
    """A chunk in up to `workers` contiguous pieces, so that even a single chunk keeps every worker busy."""
    if not articles:
        return []
    size = -(-len(articles) // workers)
    return [articles[i:i + size] for i in range(0, len(articles), size)]


def _name(article: Article) -> str:
    return article.origin or article.article_id


# -- in the worker processes ----------------------------------------------------------------------------------

def _start_worker(factory: PipelineFactory) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="exit-with-parent", daemon=True).start()
    _pipeline(factory)


def _ready() -> None:
    """Nothing: submitted to make the pool spawn its processes."""


def _exit_with(sentinel: int) -> None:
    """Ends this worker once the parent is gone, even in the middle of a chunk: no orphans after a SIGKILL."""
    wait([sentinel])
    os._exit(1)


@functools.lru_cache(maxsize=1)
def _pipeline(factory: PipelineFactory) -> PipelineLike:
    """This worker's pipeline: built by the initializer, then found again by every chunk (same factory)."""
    return factory()


def _extract(factory: PipelineFactory, articles: Sequence[Article]) -> _Batch:
    pipeline = _pipeline(factory)
    results: Results = []
    for article in articles:
        try:
            results.append(pipeline.extract(article))
        except EventsError as exc:  # the serial import's per-document failure; anything else aborts the import
            results.append(Refused(str(exc)))
    return pipeline.version, results
