"""Throughput as the corpus grows: extraction, geocoding, store and end-to-end import over synthetic corpora.

    .venv/bin/python scripts/bench.py [--sizes 1000,10000,100000 | --quick] [--seed S] [--workers N]

Each size runs in its own fresh process (so its peak RSS is its own), over a corpus of that many articles
written by scripts/synthcorpus.py to a JSONL file first (generation is not timed). In that process:

- end to end: `events.ingest.importer.import_paths` of the JSONL file into a fresh DuckDB file, what `events import`
  does, cold (gazetteer load and lexicon compilation included); "startup" is the time until the first article
  is done (with workers: the first chunk), and the steady cost per article excludes it;
- extraction: `Pipeline.extract` alone, sentences/s (sentences as events.extract.text splits them);
- store: `Store.write_extractions` of those extractions into another fresh database, inside `Store.bulk()`,
  committed every SEGMENT documents under the import's memory cap as an import does, commits included; rows
  counted over every table;
- geocoding: `Gazetteer.resolve` of every place name the corpus writes, with its country as focus.

Peak RSS is measured right after the import (its own peak) and at the end of the process.
`--workers N` is passed to import_paths only when it accepts a `workers` argument.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
from synthcorpus import articles, write_jsonl

from events.extract.text import split_sentences
from events.ingest.importer import CHUNK, MEMORY_LIMIT, SEGMENT, chunked, import_paths
from events.ingest.readers import read_documents
from events.pipeline import Extraction, Pipeline
from events.store.db import Store
from events.version import EXTRACTOR_VERSION
from gazetteer import Gazetteer
from schemas import Article

DEFAULT_SIZES = (1000, 10_000, 100_000)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _log(size: int, message: str) -> None:
    sys.stderr.write(f"[{size:,}] {message}\n")
    sys.stderr.flush()


def _takes_workers() -> bool:
    return "workers" in inspect.signature(import_paths).parameters


# -- one size, in a child process ------------------------------------------------------------------------

def end_to_end(corpus: Path, db: Path, workers: int | None) -> dict[str, Any]:
    first: list[float] = []

    def progress(_done: int) -> None:
        if not first:
            first.append(time.perf_counter())

    extra: dict[str, Any] = {"workers": workers} if workers is not None and _takes_workers() else {}
    t0 = time.perf_counter()
    run = import_paths(db, [corpus], now=_now, progress=progress, **extra)
    elapsed = time.perf_counter() - t0
    startup = (first[0] - t0) if first else 0.0
    return {"e2e_s": elapsed, "startup_s": startup, "seen": run.seen, "failed": run.failed}


def extract_and_store(corpus: Path, db: Path, pipeline: Pipeline) -> dict[str, Any]:
    """Streamed a chunk at a time and committed every SEGMENT documents under the import's memory cap, as the
    importer does, so memory stays that of one segment."""
    extract_s = store_s = 0.0
    sentences = documents = events = 0
    run_id = f"bench-{os.getpid()}"
    with Store.open(db) as store, store.bulk():
        store.bound_memory(MEMORY_LIMIT)
        store.begin()
        for chunk in chunked((d for d in read_documents([corpus]) if isinstance(d, Article)), CHUNK):
            if documents and documents % SEGMENT == 0:
                t1 = time.perf_counter()
                store.commit()
                store.begin()
                store_s += time.perf_counter() - t1
            sentences += sum(len(split_sentences(a.text)) for a in chunk)
            documents += len(chunk)
            t0 = time.perf_counter()
            extractions: list[Extraction] = [pipeline.extract(a) for a in chunk]
            t1 = time.perf_counter()
            store.write_extractions(extractions, version=pipeline.version, run_id=run_id, now=_now)
            store_s += time.perf_counter() - t1
            extract_s += t1 - t0
            events += sum(len(x.events) for x in extractions)
        t2 = time.perf_counter()
        store.commit()
        store_s += time.perf_counter() - t2
        rows = _count_rows(store)
    return {"documents": documents, "sentences": sentences, "events": events, "extract_s": extract_s,
            "store_s": store_s, "rows": rows}


def _count_rows(store: Store) -> int:
    _, tables = store.query("SELECT table_name FROM information_schema.tables "
                            "WHERE table_type = 'BASE TABLE' ORDER BY table_name")
    return sum(int(store.query(f'SELECT count(*) FROM "{name}"')[1][0][0]) for (name,) in tables)


def geocode(size: int, seed: int, gazetteer: Gazetteer) -> dict[str, Any]:
    """The corpus is written again (untimed) rather than kept, so the names never all sit in memory."""
    lookups = found = 0
    elapsed = 0.0
    batch: list[tuple[str, str]] = []

    def run() -> None:
        nonlocal lookups, found, elapsed
        t0 = time.perf_counter()
        hits = sum(gazetteer.resolve(name, focus=(code,)) is not None for name, code in batch)
        elapsed += time.perf_counter() - t0
        lookups += len(batch)
        found += hits
        batch.clear()

    for article in articles(size, seed):
        batch.extend(article.places)
        if len(batch) >= 5000:
            run()
    run()
    return {"lookups": lookups, "resolved": found, "geocode_s": elapsed}


def measure(size: int, seed: int, workers: int | None) -> dict[str, Any]:
    result: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory(prefix="events-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t0 = time.perf_counter()
        write_jsonl(corpus, size, seed)
        result["generate_s"] = time.perf_counter() - t0
        result["corpus_mb"] = corpus.stat().st_size / 1024 / 1024
        _log(size, f"corpus written ({result['corpus_mb']:.1f} MB, {result['generate_s']:.1f} s); importing")
        # first, while the process is fresh: the import's peak RSS is then its own, as in `events import`
        result.update(end_to_end(corpus, Path(tmp) / "e2e.duckdb", workers))
        result["rss_import_mb"] = _rss_mb()
        result["rss_worker_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)  # the largest worker process, if any
        _log(size, f"import {result['e2e_s']:.1f} s; extraction and store")
        pipeline = Pipeline.default()
        result.update(extract_and_store(corpus, Path(tmp) / "store.duckdb", pipeline))
        _log(size, f"extraction {result['extract_s']:.1f} s, store {result['store_s']:.1f} s; geocoding")
        result.update(geocode(size, seed, pipeline.gazetteer))
    result["rss_peak_mb"] = _rss_mb()
    return result


# -- the parent: one child per size, one table --------------------------------------------------------------

def run_child(size: int, seed: int, workers: int | None) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(size), "--seed", str(seed)]
    if workers is not None:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def table(results: Sequence[dict[str, Any]]) -> list[str]:
    def steady_us(r: dict[str, Any]) -> float:
        return (r["e2e_s"] - r["startup_s"]) / max(1, r["seen"] - 1) * 1e6

    base = steady_us(results[0]) if results else 0.0
    columns: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("articles", lambda r: f"{r['size']:,}"),
        ("sentences", lambda r: f"{r['sentences']:,}"),
        ("extract sent/s", lambda r: _rate(r["sentences"], r["extract_s"])),
        ("geocode lookups/s", lambda r: _rate(r["lookups"], r["geocode_s"])),
        ("store rows/s", lambda r: _rate(r["rows"], r["store_s"])),
        ("e2e art/s", lambda r: _rate(r["seen"], r["e2e_s"])),
        ("e2e s", lambda r: f"{r['e2e_s']:,.1f}"),
        ("startup s", lambda r: f"{r['startup_s']:.1f}"),
        ("steady us/art", lambda r: f"{steady_us(r):,.0f}"),
        (f"vs {results[0]['size']:,}" if results else "vs first", lambda r: f"{steady_us(r) / base:.2f}x"),
        ("RSS import MB", lambda r: f"{r['rss_import_mb']:,.0f}"),
        ("RSS peak MB", lambda r: f"{r['rss_peak_mb']:,.0f}"),
    ]
    if any(r.get("rss_worker_mb") for r in results):
        columns.append(("RSS worker MB", lambda r: f"{r['rss_worker_mb']:,.0f}"))
    cells = [[name for name, _ in columns]] + [[cell(r) for _, cell in columns] for r in results]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _git_state() -> str:
    """Which code was measured: the commit, and whether the working tree differs from it."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "code: not a git checkout"
    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return f"code: commit {commit}" + (f" plus {len(changed)} uncommitted changes" if changed else " (clean)")


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in values)


def machine(workers: int | None, load_before: tuple[float, float, float]) -> list[str]:
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    if workers is None:
        mode = "serial import"
    elif _takes_workers():
        mode = f"import with workers={workers}"
    else:
        mode = f"serial import (import_paths takes no workers argument: --workers {workers} ignored)"
    return [f"machine: Python {platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.machine()}, {cpus} CPUs ({usable} usable), DuckDB {duckdb.__version__}",
            f"load average (1/5/15 min) before: {_load(load_before)}, after: {_load(os.getloadavg())} "
            "(other work on the machine skews every figure)",
            f"extractor version: {EXTRACTOR_VERSION}; {_git_state()}",
            f"{mode}; synthetic corpus (scripts/synthcorpus.py)"]


def parse_sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes are positive numbers of articles, e.g. 1000,10000")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=parse_sizes, default=DEFAULT_SIZES, help="comma-separated article counts")
    ap.add_argument("--quick", action="store_true", help="1000 articles only")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=None, help="passed to import_paths if it takes it")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.seed, args.workers)))
        return 0
    sizes = (1000,) if args.quick else args.sizes
    load_before = os.getloadavg()
    results = []
    for size in sizes:
        try:
            results.append(run_child(size, args.seed, args.workers))
        except subprocess.CalledProcessError as exc:
            sys.stderr.write(f"the run of {size:,} articles failed (exit status {exc.returncode})\n")
            return 1
    for line in [*machine(args.workers, load_before), "", *table(results)]:
        print(line)
    failed = sum(r["failed"] for r in results)
    if failed:
        print(f"warning: {failed} documents failed to import")
    resolved = sum(r["resolved"] for r in results)
    lookups = sum(r["lookups"] for r in results)
    print(f"\n{sum(r['events'] for r in results):,} events extracted; {resolved:,} of {lookups:,} place lookups "
          f"resolved; e2e includes startup, steady us/art does not")
    return 0


if __name__ == "__main__":
    sys.exit(main())
