"""End-to-end import throughput: read, extract, geocode and store a JSONL file into a fresh database.

    .venv/bin/python scripts/bench_import.py FILE.jsonl
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from events.ingest.importer import import_paths


def main() -> int:
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    source = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        run = import_paths(str(Path(tmp) / "bench.duckdb"), [str(source)], published_at=None, strict=False,
                           now=lambda: datetime.now(timezone.utc))
        elapsed = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import {source}: {run.seen} documents ({run.new} new, {run.failed} failed) in {elapsed:.1f} s")
    print(f"throughput: {run.seen / elapsed:,.0f} documents/s end to end (one core); peak RSS {rss_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
