"""Regenerate tests/golden/sample_events.csv from the bundled samples (run after a reviewed rule change).

    .venv/bin/python scripts/update_golden.py
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from events.ingest.importer import build_samples
from events.outputs.export import export_events
from events.store.db import Store

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "sample_events.csv"
COLUMNS = ["article_id", "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
           "country", "location", "geo_precision", "fatalities", "fatalities_low", "fatalities_high"]


def golden_rows(db: Path) -> list[list[str]]:
    """The sample corpus's events, reduced to the columns an analyst would check, in a stable order."""
    build_samples(db, now=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
    buffer = io.StringIO()
    with Store.open(db, read_only=True) as store:
        export_events(store, buffer)
    rows = [[row[c] for c in COLUMNS] for row in csv.DictReader(io.StringIO(buffer.getvalue()))]
    return sorted(rows)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        rows = golden_rows(Path(tmp) / "golden.duckdb")
    with GOLDEN.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    sys.stdout.write(f"wrote {len(rows)} rows to {GOLDEN}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
