"""`events load DIR`: a Parquet dataset written by `events import --engine dask` into a DuckDB database.

Rows are read back one batch at a time and rebuilt into the records the pipeline made, which go through
`Store.write_extractions`: the same semantics as `events import` (an article stored with the same text and
extractor version is unchanged and not rebuilt, a changed one replaces the old rows and keeps its events in
events_superseded, clashing ids are refused per article). Everything happens in one transaction: a damaged
dataset or any error leaves the database as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from events.cluster.parquet import TABLES, batch_of, dataset_files, read_manifest, read_rows
from events.errors import InputError
from events.store.connect import connect
from events.store.db import ArticleStatus, Store, run_id_for
from events.version import EXTRACTOR_VERSION
from schemas import Actor, Article, CasualtyClaim, Event, Evidence, ImportFailure, ImportRun, Place, PlaceMention
from schemas.models import RunStatus

Progress = Callable[[int], None]  # told how many more articles are done
_PLACE = ("geonameid", "location", "country", "country_code", "admin1", "admin2", "latitude", "longitude",
          "feature_class", "feature_code", "population")


@dataclass(frozen=True)
class Loaded:
    """Same shape as events.pipeline.Extraction."""

    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[CasualtyClaim] = field(default_factory=list)


def load_parquet(db: str | Path, out_dir: str | Path, *, now: Callable[[], datetime],
                 version: str = EXTRACTOR_VERSION, progress: Progress | None = None) -> ImportRun:
    """Insert the dataset at `out_dir` into the database at `db` (created if missing) and record the run.
    Refuses (InputError naming the folder) a dataset without a manifest, of another extractor version, or
    whose files do not hold what the manifest counts."""
    manifest = read_manifest(out_dir, version=version)
    out = Path(out_dir)
    files: dict[tuple[str, int], list[str]] = defaultdict(list)
    for relative in dataset_files(out):
        files[relative.split("/", 1)[0], batch_of(relative)].append(relative)
    stray = sorted({b for _, b in files} - {b.batch for b in manifest.batches})
    if stray:
        raise InputError(f"{out_dir}: files of batch {stray[0]}, which the manifest does not list: the dataset "
                         "is damaged")
    counts: dict[ArticleStatus, int] = {"new": 0, "updated": 0, "unchanged": 0}
    failures: list[ImportFailure] = []
    source = f"parquet {out_dir}"
    with Store.open(db) as store, connect(config={"threads": 1}) as reader:
        started_at = now()
        run_id = run_id_for(source, started_at)
        with store.bulk(), store.transaction():  # one writer for the whole load: lookups may stay in memory
            for info in manifest.batches:
                rows = {t: _read(reader, out, t, files.get((t, info.batch), []), info.rows.get(t, 0), info.batch)
                        for t in TABLES}
                articles = [_article(r, out_dir) for r in rows["articles"]]
                statuses = store.article_statuses(articles, version=version)
                counts["unchanged"] += statuses.count("unchanged")
                changed = {a.article_id for a, s in zip(articles, statuses, strict=True) if s != "unchanged"}
                extractions = _extractions([a for a in articles if a.article_id in changed], rows)
                for loaded, result in zip(extractions, store.write_extractions(
                        extractions, version=version, run_id=run_id, now=now), strict=True):
                    if isinstance(result, InputError):
                        failures.append(ImportFailure(document=loaded.article.origin or loaded.article.article_id,
                                                      reason=str(result)))
                    else:
                        counts[result] += 1
                if progress is not None:
                    progress(len(articles))
        written = sum(counts.values())
        status: RunStatus = "ok" if not failures else "partial" if written else "failed"
        run = ImportRun(run_id=run_id, source=source, started_at=started_at, finished_at=now(),
                        seen=written + len(failures), failed=len(failures), status=status, failures=failures,
                        warnings=[], **counts)
        store.record_run(run)
    return run


def _read(reader: duckdb.DuckDBPyConnection, out: Path, table: str, files: list[str], expected: int,
          batch: int) -> list[dict[str, Any]]:
    try:
        rows = read_rows(reader, out, table, files)
    except duckdb.Error as exc:
        first_line = " ".join(str(exc).splitlines()[0].split()) if str(exc) else type(exc).__name__
        raise InputError(f"{out}: cannot read the {table} files of batch {batch}: {first_line}") from exc
    if len(rows) != expected:
        raise InputError(f"{out}: batch {batch} has {len(rows)} {table} rows, the manifest says {expected}: "
                         "the dataset is damaged")
    return rows


def _article(row: dict[str, Any], out_dir: str | Path) -> Article:
    article = Article(article_id=row["article_id"], text=row["text"], title=row["title"],
                      published_at=row["published_at"], url=row["url"], source=row["source"],
                      author=row["author"], origin=row["origin"])
    if article.content_hash != row["content_hash"]:
        raise InputError(f"{out_dir}: article {article.article_id!r} does not match its content hash: "
                         "the dataset is damaged")
    return article


def _extractions(articles: list[Article], rows: dict[str, list[dict[str, Any]]]) -> list[Loaded]:
    """The stored rows back into records, so that writing them gives the same rows again."""
    wanted = {a.article_id for a in articles}
    children: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in ("event_places", "event_actors", "evidence"):
        for row in rows[table]:
            children[row["event_id"]][table].append(row)  # rows come in (event_id, ordinal) order
    events: dict[str, list[Event]] = defaultdict(list)
    for row in rows["events"]:
        if row["article_id"] in wanted:
            events[row["article_id"]].append(_event(row, children[row["event_id"]]))
    claims: dict[str, list[CasualtyClaim]] = defaultdict(list)
    for row in rows["claims"]:
        if row["article_id"] in wanted:
            claims[row["article_id"]].append(_claim(row))
    return [Loaded(a, events[a.article_id], claims[a.article_id]) for a in articles]


def _event(row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> Event:
    return Event(
        event_id=row["event_id"], article_id=row["article_id"], event_date=row["event_date"],
        date_precision=row["date_precision"], event_type=row["event_type"], sub_event_type=row["sub_event_type"],
        places=[_place(p) for p in children["event_places"]],
        actors=[Actor(name=a["name"], role=a["role"], inter=a["inter"], country=a["country"], text=a["mention"],
                      start=a["span_start"], end=a["span_end"], rule=a["rule"], suspected=a["suspected"],
                      claimed=a["claimed"]) for a in children["event_actors"]],
        fatalities=row["fatalities"], fatalities_low=row["fatalities_low"], fatalities_high=row["fatalities_high"],
        sentence=row["sentence"], sentence_index=row["sentence_index"], sentence_start=row["sentence_start"],
        sentence_end=row["sentence_end"],
        evidence=[Evidence(field=e["field"], start=e["span_start"], end=e["span_end"], text=e["text"],
                           rule=e["rule"]) for e in children["evidence"]],
        background=row["background"], extractor_version=row["extractor_version"])


def _place(row: dict[str, Any]) -> PlaceMention:
    place = None
    if row["location"] is not None:  # a resolved place always has a name; an unresolved one has no columns
        fields = {("name" if k == "location" else k): row[k] for k in _PLACE}
        place = Place(**fields)
    return PlaceMention(text=row["mention"], start=row["span_start"], end=row["span_end"], place=place,
                        geo_precision=row["geo_precision"], rule=row["rule"])


def _claim(row: dict[str, Any]) -> CasualtyClaim:
    return CasualtyClaim(
        claim_id=row["claim_id"], event_id=row["event_id"], article_id=row["article_id"], kind=row["kind"],
        count_low=row["count_low"], count_high=row["count_high"], qualifier=row["qualifier"], coded=row["coded"],
        victim=row["victim"], claimant=row["claimant"], hedged=row["hedged"],
        hedges=row["hedges"].split("; ") if row["hedges"] else [], evidence=row["evidence"],
        start=row["span_start"], end=row["span_end"], sentence_index=row["sentence_index"], rule=row["rule"])
