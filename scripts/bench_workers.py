"""Import speed with extraction in worker processes (`events import --workers N`): each count imports the same
corpus into a fresh database; wall time includes loading the pipelines and starting the workers.

    .venv/bin/python scripts/bench_workers.py [CORPUS.jsonl] [--workers 1,2] [--articles 5000]

Without CORPUS, the bundled samples are repeated with distinct ids up to --articles articles (in a temp dir).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from events.ingest.importer import SAMPLES, import_paths


def repeated_samples(out: Path, articles: int) -> Path:
    """The bundled samples again and again, each copy with its own id, so that every line is a new article."""
    lines = resources.files("events").joinpath(*SAMPLES).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    path = out / "repeated-samples.jsonl"
    with path.open("w", encoding="utf-8") as sink:
        for i in range(articles):
            record = dict(records[i % len(records)])
            record["id"] = f"{record['id']}-copy{i // len(records)}"
            sink.write(json.dumps(record) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="a JSON Lines file [default: repeated samples]")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, the first is the baseline")
    parser.add_argument("--articles", type=int, default=5000, help="size of the generated corpus")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or repeated_samples(Path(tmp), args.articles)
        print(f"corpus: {corpus}")
        print(f"{'workers':>7}  {'seconds':>8}  {'articles/s':>10}  {'speed-up':>8}")
        baseline = None
        for workers in counts:
            db = Path(tmp) / f"bench-{len(list(Path(tmp).glob('bench-*')))}-{workers}.duckdb"
            started = time.perf_counter()
            run = import_paths(db, [corpus], now=lambda: datetime.now(timezone.utc), workers=workers)
            seconds = time.perf_counter() - started
            baseline = baseline or seconds
            print(f"{workers:>7}  {seconds:>8.1f}  {run.seen / seconds:>10,.0f}  {baseline / seconds:>7.2f}x"
                  f"  ({run.new} new, {run.failed} failed)", flush=True)
    return 0


if __name__ == "__main__":  # the workers are spawned: they import this module without running it
    sys.exit(main())
