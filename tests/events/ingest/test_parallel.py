"""Extraction in worker processes (events.ingest.parallel through events.ingest.importer): the same database as one
process, the same failures in the same order, and rollbacks when the import fails or a worker dies.

Most tests share one pool of two workers (starting one costs about a second); the tests that break a pool or
stop an import with a signal start their own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from events.ingest import importer, parallel
from events.ingest.importer import import_documents, import_paths
from events.ingest.parallel import ExtractionPool, Pickled, WorkerError, resolve_workers
from events.ingest.readers import Document, ReadFailure, read_documents
from events.pipeline import Pipeline
from events.store.db import Store
from events.version import EXTRACTOR_VERSION
from schemas import Article, ImportRun
from tests.events.ingest.workers_helpers import MarkedPipeline, TinyPipeline, marked_pipeline

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = [
    "Soldiers clashed with rebels near {town} on Monday, and officials said {n} fighters were killed.",
    "Hundreds of students protested in {town} on Tuesday against the rising price of bread.",
    "Gunmen attacked a market in {town} overnight, killing {n} civilians, residents said.",
    "An air strike hit a bridge outside {town} on Sunday; no casualties were reported.",
    "Police fired tear gas at traders who blocked the main road into {town} on Wednesday.",
]
TOWNS = ["Kano", "Goma", "Mopti", "Kassala", "Aden", "Herat", "Bunia", "Gao", "Maiduguri", "Beni"]


def clock() -> Callable[[], datetime]:
    """Deterministic time, one second per call: two imports that ask as often get the same times."""
    ticks = iter(range(1_000_000))
    start = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
    return lambda: start + timedelta(seconds=next(ticks))


def generated(count: int, *, prefix: str = "gen", shift: int = 0) -> list[Article]:
    return [Article(article_id=f"{prefix}-{i}", origin=f"generated:{i}", published_at=date(2026, 3, 2),
                    text=TEMPLATES[(i + shift) % len(TEMPLATES)].format(town=TOWNS[i % len(TOWNS)], n=i % 7 + 2))
            for i in range(count)]


def samples() -> list[Document]:
    with resources.as_file(resources.files("events").joinpath(*importer.SAMPLES)) as path:
        return list(read_documents([path]))


def mixed() -> list[Document]:
    """Samples and generated articles, with every kind of outcome: unreadable documents, refusals, an article
    twice, and a second copy that would be refused (the same article, read from a place asking for refusal) three
    documents after the first. In chunks of 7 that copy is looked up before the first copy is written, so the
    workers extract it; one process would not, as it finds it stored unchanged: the outcome must be "unchanged"
    either way."""
    made = generated(40)
    return [*samples()[:9], ReadFailure("broken.jsonl:2", "not valid JSON"), *made[:6],
            made[3].model_copy(update={"origin": "refuse:3"}), *made[6:20],
            Article(article_id="refuse-1", text="Rebels clashed with soldiers near Goma.", origin="marked:1"),
            made[5], *samples()[9:], *made[20:], ReadFailure("broken.jsonl:9", "no 'text' field"),
            Article(article_id="refuse-2", text="Students protested in Kano.", origin="marked:2")]


def tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store.open(db, read_only=True) as store:
        names = [r[0] for r in store.query("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_type = 'BASE TABLE' ORDER BY 1")[1]]
        return {name: store.query(f"SELECT * FROM {name} ORDER BY ALL")[1] for name in names}


def import_into(db: Path, pipeline: parallel.PipelineLike, runs: Sequence[Sequence[Document]], *,
                pool: ExtractionPool | None = None, workers: int = 1) -> list[tuple[ImportRun, int]]:
    """Each corpus imported in turn; each run with the documents its progress callback heard of."""
    now = clock()
    results = []
    with Store.open(db) as store:
        for documents in runs:
            steps: list[int] = []
            run = import_documents(store, pipeline, documents, source="corpus", now=now, progress=steps.append,
                                   pool=pool, workers=workers)
            results.append((run, sum(steps)))
    return results


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {t: store.query(f"SELECT * FROM {t} ORDER BY ALL")[1]
            for t in ("articles", "events", "claims", "evidence", "events_superseded", "import_runs")}


@pytest.fixture(scope="module")
def marked() -> MarkedPipeline:
    return MarkedPipeline(Pipeline.default())


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    with ExtractionPool.start(marked_pipeline, 2) as started:
        yield started


# -- the same results as one process ------------------------------------------------------------------------

@pytest.mark.parametrize(("chunk", "outcomes"), [
    pytest.param(7, (58, 2, 4), id="many chunks in flight"),
    pytest.param(200, (58, 1, 5), id="one chunk shared by the workers"),  # the refused copy is extracted
])
def test_two_workers_write_exactly_what_one_process_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marked: MarkedPipeline, pool: ExtractionPool,
        chunk: int, outcomes: tuple[int, int, int]) -> None:
    monkeypatch.setattr(importer, "CHUNK", chunk)
    changed = [*generated(12, shift=1), *generated(30)[12:], *generated(6, prefix="late")]
    corpora = [mixed(), changed]  # the second run updates some articles, keeps most and adds a few
    serial = import_into(tmp_path / "serial.duckdb", marked, corpora)
    workers = import_into(tmp_path / "workers.duckdb", marked, corpora, pool=pool)
    assert workers == serial
    assert tables(tmp_path / "workers.duckdb") == tables(tmp_path / "serial.duckdb")
    (first, heard), (second, _) = serial  # the corpora hold what they are meant to
    assert (first.seen, heard, (first.new, first.unchanged, first.failed)) == (64, 64, outcomes)
    assert (second.seen, second.new, second.updated, second.unchanged, second.failed) == (36, 6, 12, 18, 0)


def test_failures_are_the_serial_ones_in_document_order(tmp_path: Path, marked: MarkedPipeline,
                                                        pool: ExtractionPool) -> None:
    [(run, _)] = import_into(tmp_path / "workers.duckdb", marked, [mixed()], pool=pool)
    assert [(f.document, f.reason) for f in run.failures] == [
        ("broken.jsonl:2", "not valid JSON"),
        ("refuse:3", "extraction failed: refused gen-3 as marked"),  # its first copy is in the same chunk
        ("marked:1", "extraction failed: refused refuse-1 as marked"),
        ("broken.jsonl:9", "no 'text' field"),
        ("marked:2", "extraction failed: refused refuse-2 as marked"),
    ]


def test_a_reimport_extracts_nothing(tmp_path: Path) -> None:
    """The unchanged check is made in the parent: a pipeline that ends its worker on any article is never
    asked, as every article is stored unchanged already."""
    corpus = generated(30)
    with Store.open(tmp_path / "events.duckdb") as store:
        import_documents(store, TinyPipeline(), corpus, source="corpus", now=clock())
        run = import_documents(store, TinyPipeline(die=True), corpus, source="corpus", now=clock(), workers=2)
    assert (run.seen, run.unchanged, run.failed) == (30, 30, 0)


# -- rollbacks -------------------------------------------------------------------------------------------------

def test_strict_with_workers_rolls_back_and_records_the_run(tmp_path: Path, marked: MarkedPipeline,
                                                            pool: ExtractionPool) -> None:
    with Store.open(tmp_path / "events.duckdb") as store:
        import_documents(store, marked, generated(5), source="first", now=clock())
        before = snapshot(store)
        corpus = [*generated(15, shift=2), Article(article_id="refuse-3", text="Soldiers clashed in Gao.")]
        run = import_documents(store, marked, corpus, source="second", strict=True, now=clock(), pool=pool)
        after = snapshot(store)
    assert (run.status, run.new, run.updated, run.failed) == ("failed", 0, 0, 1)
    assert {k: v for k, v in after.items() if k != "import_runs"} == {
        k: v for k, v in before.items() if k != "import_runs"}
    assert [r[1] for r in after["import_runs"]] == ["first", "second"]


def test_an_unexpected_error_in_a_worker_rolls_back_and_propagates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marked: MarkedPipeline, pool: ExtractionPool) -> None:
    monkeypatch.setattr(importer, "CHUNK", 4)
    with Store.open(tmp_path / "events.duckdb") as store:
        import_documents(store, marked, generated(3), source="first", now=clock())
        before = snapshot(store)
        corpus = [*generated(3, shift=1), *generated(9, prefix="more"),
                  Article(article_id="crash-1", text="Gunmen attacked Bunia."), *generated(5, prefix="after")]
        with pytest.raises(RuntimeError, match="^crashed on crash-1 as marked$"):
            import_documents(store, marked, corpus, source="second", now=clock(), pool=pool)
        assert snapshot(store) == before
    [(run, _)] = import_into(tmp_path / "again.duckdb", marked, [generated(4)], pool=pool)
    assert run.new == 4  # the pool is still usable: only a dead worker breaks it


def test_a_worker_that_dies_rolls_the_import_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 4)
    with Store.open(tmp_path / "events.duckdb") as store:
        import_documents(store, TinyPipeline(), generated(3), source="first", now=clock())
        before = snapshot(store)
        corpus = [*generated(3, shift=1), *generated(9, prefix="more"),
                  Article(article_id="die-1", text="Gunmen attacked Bunia.", origin="doomed:1"),
                  *generated(20, prefix="after")]
        running = set(multiprocessing.active_children())  # the shared pool's
        with pytest.raises(WorkerError) as caught:
            import_documents(store, TinyPipeline(), corpus, source="second", now=clock(), workers=2)
        assert snapshot(store) == before
    assert caught.match(r"^an extraction worker process died \(killed, or out of memory\?\) while extracting "
                        r"\S+ … \S+$")
    assert set(multiprocessing.active_children()) <= running  # the other worker was stopped


def test_workers_of_another_pipeline_version_are_refused(tmp_path: Path, pool: ExtractionPool) -> None:
    with Store.open(tmp_path / "events.duckdb") as store:
        with pytest.raises(WorkerError) as caught:
            import_documents(store, TinyPipeline(), generated(3), source="corpus", now=clock(), pool=pool)
        assert store.query("SELECT count(*) FROM articles")[1] == [(0,)]
    assert str(caught.value) == f"the workers' pipeline is version {EXTRACTOR_VERSION}, the importer's is tiny-1"


# -- what workers accept ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("workers", "cpus", "expected"), [
    (1, 8, 1), (3, 8, 3), (0, 8, 8), (0, None, 1),
])
def test_zero_workers_means_one_per_cpu(monkeypatch: pytest.MonkeyPatch, workers: int, cpus: int | None,
                                        expected: int) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: cpus)
    assert resolve_workers(workers) == expected


def test_refusals(tmp_path: Path, marked: MarkedPipeline) -> None:
    with pytest.raises(ValueError, match=r"^workers must be 0 \(one per CPU\) or more, got -1$"):
        resolve_workers(-1)
    with pytest.raises(ValueError, match="^an events.pipeline.Pipeline is not copied into worker processes"):
        Pickled.of(marked.inner)
    with pytest.raises(ValueError, match="^the pipeline pickles to 2[0-9] MiB, too much to copy with every chunk"):
        Pickled.of(marked)  # holds a Pipeline and so its gazetteer
    locked = TinyPipeline()
    locked.delay = threading.Lock()  # type: ignore[assignment]
    with pytest.raises(ValueError, match="^the pipeline cannot be copied into worker processes: cannot pickle"):
        Pickled.of(locked)
    with pytest.raises(ValueError, match="^the online geocoding fallback runs in one process: it needs workers=1$"):
        import_paths(tmp_path / "events.duckdb", [], now=clock(), online=lambda cache: None,  # type: ignore
                     workers=2)


# -- stopping an import -----------------------------------------------------------------------------------------

STOPPED_IMPORT = """
import signal
import sys
# a job a shell starts in the background inherits SIGINT ignored, and Python then installs no KeyboardInterrupt
# handler: the test is of a user's Ctrl-C, so the process takes SIGINT as a terminal's foreground job does
signal.signal(signal.SIGINT, signal.default_int_handler)
from datetime import datetime, timezone
from events.ingest.importer import import_documents
from events.store.db import Store
from schemas import Article
from tests.events.ingest.workers_helpers import TinyPipeline

articles = [Article(article_id=f"a{i}", text=f"Soldiers clashed in town number {i}.") for i in range(4000)]
with Store.open(sys.argv[1]) as store:
    # 20 s of extraction on two workers: the stop comes long before the end, even on a loaded machine (at 0.002 s an
    # article the import could finish between the first chunk and the signal)
    import_documents(store, TinyPipeline(delay=0.01), articles, source="stopped", workers=2,
                     now=lambda: datetime.now(timezone.utc), progress=lambda done: print("chunk", flush=True))
print("finished", flush=True)
"""


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes in /proc")
@pytest.mark.parametrize(("stop", "exit_codes"), [
    # KeyboardInterrupt ends Python with SIGINT; if DuckDB is mid-query it raises "Query interrupted" instead
    pytest.param(lambda p: os.killpg(p.pid, signal.SIGINT), {-signal.SIGINT, 1}, id="Ctrl-C (SIGINT to the group)"),
    pytest.param(lambda p: p.send_signal(signal.SIGTERM), {-signal.SIGTERM}, id="SIGTERM to the importer"),
    pytest.param(lambda p: p.kill(), {-signal.SIGKILL}, id="SIGKILL to the importer"),
])
def test_a_stopped_import_leaves_no_worker_and_no_data(tmp_path: Path, stop: Callable[[subprocess.Popen[str]], None],
                                                       exit_codes: set[int]) -> None:
    db = tmp_path / "events.duckdb"
    importer_process = subprocess.Popen([sys.executable, "-c", STOPPED_IMPORT, str(db)], cwd=ROOT, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert importer_process.stdout is not None
        assert importer_process.stdout.readline() == "chunk\n"  # the workers are extracting
        workers = children_of(importer_process.pid)
        assert len(workers) >= 2
        stop(importer_process)
        assert importer_process.wait(20) in exit_codes
        for _ in range(100):
            if not any(alive(pid) for pid in workers):
                break
            threading.Event().wait(0.1)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        if importer_process.poll() is None:
            importer_process.kill()
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM import_runs)")[1] == [
            (0, 0)]
