"""The Parquet dataset `events import --engine dask` writes: layout, one batch's files, the manifest, and a
sandboxed connection that queries the dataset in place.

Layout, one directory per table, Hive-partitioned:

    DIR/articles/published_month=2026-03/batch-000012-0.parquet
    DIR/events/event_country=Mali/event_month=2026-03/batch-000012-0.parquet
    (event_places, event_actors, claims and evidence as events: each row under its event's partition)
    DIR/_manifest.json   written last: a directory without it is unfinished

The partition keys are not called `country`/`month`: event_places and event_actors have a `country` column,
and DuckDB lets a Hive key silently replace a file column of the same name when reading. An event's country is
that of its main place (first resolved, else first named: the `event_main_place` view, so the same country as
`events_acled`), else 'unknown'; its month is that of event_date, else 'unknown'. Claims of no event are
under 'unknown'/'unknown'. Files carry exactly the store's columns, so loading them changes nothing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from events.errors import InputError, StoreError
from events.files import create_new, open_new, replacing
from events.store.connect import connect
from events.store.db import Row, Store
from events.store.views import describe_schema, views_ddl
from schemas import ImportFailure

TABLES = ("articles", "events", "event_places", "event_actors", "claims", "evidence")
EVENT_KEYS = ("event_country", "event_month")
ARTICLE_KEYS = ("published_month",)
MANIFEST = "_manifest.json"
RUNNING = "_running"  # present while a run writes: marks the directory as ours when no manifest is there yet
FORMAT = 1
_FILE = re.compile(r"batch-(\d{6,})-\d+\.parquet")
# An event's main place as the event_main_place view picks it (first resolved, else first named), inlined:
# creating every view for each batch took a sixth of the batch's write. A test holds the two equal.
_PARTITION_OF = """
CREATE TEMP TABLE partition_of AS
SELECT e.event_id, coalesce(p.country, 'unknown') AS event_country,
       coalesce(strftime(e.event_date, '%Y-%m'), 'unknown') AS event_month
FROM events e
LEFT JOIN (SELECT event_id, coalesce(min(ordinal) FILTER (WHERE latitude IS NOT NULL), min(ordinal)) AS ordinal
           FROM event_places GROUP BY event_id) m ON m.event_id = e.event_id
LEFT JOIN event_places p ON p.event_id = m.event_id AND p.ordinal = m.ordinal
"""
_ORDER = {"articles": "article_id", "events": "event_id", "claims": "claim_id"}  # else (event_id, ordinal)


def keys_of(table: str) -> tuple[str, ...]:
    return ARTICLE_KEYS if table == "articles" else EVENT_KEYS


@cache
def columns_of(table: str) -> tuple[tuple[str, str], ...]:
    """(name, DuckDB type) of a store table's columns, in order."""
    [relation] = [r for r in describe_schema() if r.name == table and r.kind == "table"]
    return tuple((c.name, c.type) for c in relation.columns)


@dataclass(frozen=True)
class BatchCounts:
    batch: int
    documents: int
    rows: dict[str, int]  # table -> rows written


@dataclass(frozen=True)
class ClusterReport:
    """One run's outcome; the manifest is this, as JSON."""

    extractor_version: str
    run_id: str
    source: str
    started_at: datetime
    finished_at: datetime
    batch_size: int
    batches: tuple[BatchCounts, ...]
    articles: int  # articles whose rows were written
    repeated: int  # later copies of an article already in the dataset with the same text: not written again
    failures: tuple[ImportFailure, ...] = field(default=())

    @property
    def seen(self) -> int:
        return sum(b.documents for b in self.batches)

    @property
    def rows(self) -> dict[str, int]:
        return {table: sum(b.rows.get(table, 0) for b in self.batches) for table in TABLES}

    def to_json(self) -> str:
        data = asdict(self)
        data.update(format=FORMAT, started_at=self.started_at.isoformat(), finished_at=self.finished_at.isoformat(),
                    failures=[f.model_dump() for f in self.failures], rows=self.rows, seen=self.seen)
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ClusterReport:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a format {FORMAT} manifest")
        return cls(extractor_version=str(data["extractor_version"]), run_id=str(data["run_id"]),
                   source=str(data["source"]), started_at=datetime.fromisoformat(data["started_at"]),
                   finished_at=datetime.fromisoformat(data["finished_at"]), batch_size=int(data["batch_size"]),
                   batches=tuple(BatchCounts(int(b["batch"]), int(b["documents"]),
                                             {str(t): int(n) for t, n in b["rows"].items()})
                                 for b in data["batches"]),
                   articles=int(data["articles"]), repeated=int(data["repeated"]),
                   failures=tuple(ImportFailure.model_validate(f) for f in data["failures"]))


# -- a run: start, one batch, finish ----------------------------------------------------------------------

def check_target(out_dir: Path) -> Path:
    """The absolute dataset folder; InputError if it is a file, or a folder with other things than a dataset."""
    out = out_dir.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(f"{out_dir}: not a directory")
    if out.is_dir() and any(out.iterdir()) and not ((out / MANIFEST).exists() or (out / RUNNING).exists()):
        raise InputError(f"{out_dir}: the folder is not empty and holds no events Parquet dataset; "
                         "give a new or empty folder")
    return out


def start_dataset(out_dir: Path) -> Path:
    """Make `out_dir` ready for a run: mark it running and drop the old manifest (readers now see an
    unfinished dataset). Files stay until `finish_dataset` replaces them."""
    out = check_target(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not os.path.lexists(out / RUNNING):  # a marker: present is enough, and a link there is never followed
        os.close(create_new(out / RUNNING))
    (out / MANIFEST).unlink(missing_ok=True)
    return out


def write_batch(out_dir: Path, batch: int, rows: Mapping[str, Sequence[Row]]) -> tuple[dict[str, int], list[str]]:
    """Write one batch's rows (store column order) as Parquet; return rows per table and the files written
    (relative to `out_dir`). A file of the same batch and partition is overwritten: a re-run replaces it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect(config={"threads": 1})  # one worker process per core already; keeps row order
    written: list[str] = []
    try:
        for table in TABLES:
            con.execute(f"CREATE TABLE {table} ({', '.join(f'{n} {t}' for n, t in columns_of(table))})")
            if rows.get(table):
                _insert(con, table, rows[table])
        con.execute(_PARTITION_OF)
        for table in TABLES:
            if not rows.get(table):
                continue
            # straight into place, no staging and renaming: on a run-of-the-mill disk, creating and removing
            # the staging folders cost as much as the write; readers wait for the manifest anyway
            found = con.execute(
                f"COPY ({_partitioned(table)}) TO '{_quote(out_dir / table)}' (FORMAT parquet, "
                f"PARTITION_BY ({', '.join(keys_of(table))}), FILENAME_PATTERN 'batch-{batch:06d}-{{i}}', "
                "OVERWRITE_OR_IGNORE, RETURN_FILES)").fetchall()
            written += [Path(f).relative_to(out_dir).as_posix() for f in found[0][1]]
    finally:
        con.close()
    return {table: len(rows.get(table, ())) for table in TABLES}, written


def finish_dataset(out_dir: Path, report: ClusterReport, written: set[str]) -> None:
    """Remove what an earlier run left and this one did not write, then write the manifest, last."""
    for relative in dataset_files(out_dir):
        if relative not in written:
            (out_dir / relative).unlink()
    with replacing(out_dir / MANIFEST) as partial, open_new(partial) as handle:
        handle.write(report.to_json() + "\n")
    (out_dir / RUNNING).unlink(missing_ok=True)


def dataset_files(out_dir: Path) -> list[str]:
    """Every batch file of the dataset, relative to `out_dir`, sorted."""
    return sorted(p.relative_to(out_dir).as_posix() for table in TABLES for p in (out_dir / table).rglob("*")
                  if _FILE.fullmatch(p.name) and p.is_file())


def batch_of(relative: str) -> int:
    found = _FILE.fullmatch(relative.rsplit("/", 1)[-1])
    if found is None:
        raise ValueError(f"not a batch file: {relative}")
    return int(found[1])


def _store_tables() -> list[str]:
    return [r.name for r in describe_schema() if r.kind == "table"]


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row]) -> None:
    columns = [list(column) for column in zip(*rows, strict=True)]
    unnest = ", ".join(f"unnest(${i})" for i in range(1, len(columns) + 1))
    con.execute(f"INSERT INTO {table} SELECT {unnest}", columns)


def _partitioned(table: str) -> str:
    if table == "articles":
        return ("SELECT *, coalesce(strftime(published_at, '%Y-%m'), 'unknown') AS published_month "
                "FROM articles ORDER BY article_id")
    order = _ORDER.get(table, "event_id, ordinal")
    return (f"SELECT t.*, coalesce(p.event_country, 'unknown') AS event_country, "
            f"coalesce(p.event_month, 'unknown') AS event_month "
            f"FROM {table} t LEFT JOIN partition_of p ON p.event_id = t.event_id ORDER BY t.{order}")


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


# -- reading: the manifest, and the dataset in place ------------------------------------------------------

def read_manifest(out_dir: str | Path, *, version: str | None = None) -> ClusterReport:
    """The finished dataset's manifest; InputError naming the folder if it is missing, unreadable, or (given
    `version`) written by another extractor version."""
    path = Path(out_dir) / MANIFEST
    if not Path(out_dir).is_dir():
        raise InputError(f"{out_dir}: no such directory")
    if not path.is_file():
        raise InputError(f"{out_dir}: no {MANIFEST}: not a finished 'events import --engine dask' dataset "
                         "(still being written, or the run stopped)")
    try:
        report = ClusterReport.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: unreadable manifest: {exc}") from exc
    if version is not None and report.extractor_version != version:
        raise InputError(f"{out_dir}: written by extractor version {report.extractor_version}, this version of "
                         f"events is {version}; run the extraction again")
    return report


def open_dataset(out_dir: str | Path) -> Store:
    """A read-only, sandboxed connection where each table is a view over the dataset's Parquet files (with
    the partition keys as extra columns), and the analyst views work as on a database. User SQL can read
    the dataset's folder and no other file, and writes nothing: DuckDB may write where it may read, so what
    keeps the folder intact is that a user's statement must be a SELECT run in a read-only transaction
    (Store.select, Store.query), with the settings locked."""
    report = read_manifest(out_dir)
    out = Path(out_dir).resolve()
    con = connect()
    try:
        con.execute("SET allowed_directories = ?", [[f"{out}/"]])
        for table in _store_tables():
            _dataset_view(con, out, table, empty=report.rows.get(table, 0) == 0)
        _runs(con, report)
        con.execute(views_ddl())
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot open the Parquet dataset {out_dir}: {' '.join(str(exc).split())}") from exc
    return Store(con, str(out_dir), read_only=True)


def _dataset_view(con: duckdb.DuckDBPyConnection, out: Path, table: str, *, empty: bool) -> None:
    """A view over the table's files; an empty table of the same columns where there are none (read_parquet
    refuses a pattern that matches no file), and for the tables a dataset does not hold."""
    columns = ", ".join(f"{n} {t}" for n, t in columns_of(table))
    if table not in TABLES:
        con.execute(f"CREATE TABLE {table} ({columns})")
        return
    keys = keys_of(table)
    if empty:
        con.execute(f"CREATE TABLE {table} ({columns}, {', '.join(f'{k} VARCHAR' for k in keys)})")
        return
    pattern = f"{_quote(out / table)}{'/*' * len(keys)}/*.parquet"
    types = ", ".join(f"'{k}': VARCHAR" for k in keys)
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{pattern}', hive_partitioning = true, "
                f"hive_types = {{{types}}})")


def _runs(con: duckdb.DuckDBPyConnection, report: ClusterReport) -> None:
    """The run that wrote the dataset, as import_runs and import_failures show runs in a database."""
    status = "ok" if not report.failures else "partial" if report.articles else "failed"
    con.execute("INSERT INTO import_runs (run_id, source, started_at, finished_at, seen, new, updated, unchanged, "
                "failed, status) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                [report.run_id, report.source, _naive(report.started_at), _naive(report.finished_at), report.seen,
                 report.articles, report.repeated, len(report.failures), status])
    for ordinal, failure in enumerate(report.failures):
        con.execute("INSERT INTO import_failures (run_id, ordinal, document, reason) VALUES (?, ?, ?, ?)",
                    [report.run_id, ordinal, failure.document, failure.reason])


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def read_rows(con: duckdb.DuckDBPyConnection, out_dir: Path, table: str,
              files: Sequence[str]) -> list[dict[str, Any]]:
    """One batch's rows of a table as dicts (the store's columns only), in key order."""
    if not files:
        return []
    names = [n for n, _ in columns_of(table)]
    order = _ORDER.get(table, "event_id, ordinal")
    cursor = con.execute(f"SELECT {', '.join(names)} FROM read_parquet($1, hive_partitioning = false) "
                         f"ORDER BY {order}", [[str(out_dir / f) for f in files]])
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
