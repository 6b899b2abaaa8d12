"""The Dask engine on a local cluster the tests start (two worker processes, loopback only): the Parquet
dataset's layout, re-runs, per-document failures, loading it (the rows of a normal import, idempotent,
all or nothing), refusals, querying it in place inside the sandbox, and the command line."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import cloudpickle
import duckdb
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from events.cli.commands import main
from events.cluster.dask import extract_batch, run_on_dask
from events.cluster.load import load_parquet
from events.cluster.parquet import MANIFEST, ClusterReport, dataset_files, open_dataset, write_batch
from events.errors import EventsError, InputError, QueryError
from events.ingest.importer import import_paths
from events.store.db import Store
from events.store.rows import extraction_rows
from events.version import EXTRACTOR_VERSION
from schemas import Article, Event, ImportFailure, Place, PlaceMention

# Workers unpickle what the tests send (the guard, the refusing pipeline) without importing this module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

SAMPLES = Path(__file__).resolve().parents[3] / "events" / "samples" / "articles.jsonl"
FIRST = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
LATER = datetime(2026, 3, 5, 7, 0, tzinfo=timezone.utc)
BAD_LINE = 8  # the input's line that is not JSON
COMPARED = {  # table -> columns left out of comparisons: when and by which run, nothing else
    "articles": ("run_id", "imported_at"), "events": (), "event_places": (), "event_actors": (), "claims": (),
    "evidence": (), "events_superseded": (), "event_merges": ("run_id", "merged_at"),
}


# -- network guard: loopback only, in this process and in the workers ---------------------------------------

def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return host in ("127.0.0.1", "::1", "localhost") or str(host).startswith("127.")


def _install_guard() -> None:
    """Every connection to a host other than loopback (or a local socket file) raises and is recorded."""
    real = socket.socket.connect
    if hasattr(real, "refused"):
        return
    refused: list[Any] = []

    def connect(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX or _loopback(address):
            return real(self, address)
        refused.append(address)
        raise OSError(f"a test tried to reach {address}")

    connect.refused = refused  # type: ignore[attr-defined]
    socket.socket.connect = connect  # type: ignore[method-assign]


def _refused() -> list[Any]:
    return list(getattr(socket.socket.connect, "refused", ["no guard installed"]))


@pytest.fixture(scope="module")
def loopback_only() -> Iterator[None]:
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo
    looked_up: list[Any] = []

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(host):
            looked_up.append(host)
            raise OSError(f"a test tried to look up {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    _install_guard()
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield
        assert _refused() == [] and looked_up == [], "a test tried to reach the network"
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo


@pytest.fixture(scope="module")
def scheduler(loopback_only: None) -> Iterator[str]:
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, host="127.0.0.1",
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as cluster, Client(cluster) as client:
        client.run(_install_guard)
        yield cluster.scheduler_address
        assert client.run(_refused) == {worker: [] for worker in client.scheduler_info()["workers"]}


# -- inputs and one run shared by the tests ------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples with a line that is not JSON and, at the end, the third article once more."""
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("input") / "articles.jsonl"
    path.write_text("\n".join([*lines[:BAD_LINE - 1], "{not json", *lines[BAD_LINE - 1:], lines[2]]) + "\n",
                    encoding="utf-8")
    return path


@dataclass(frozen=True)
class Run:
    out: Path
    report: ClusterReport


@pytest.fixture(scope="module")
def dataset(scheduler: str, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("cluster") / "dataset"
    return Run(out, run_on_dask([corpus], out, scheduler=scheduler, batch_size=5, now=lambda: FIRST))


@pytest.fixture(scope="module")
def imported(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same input through a plain `events import`."""
    db = tmp_path_factory.mktemp("import") / "import.duckdb"
    import_paths(db, [corpus], now=lambda: FIRST)
    return db


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    left_out = COMPARED.get(table, ())
    columns = f"* EXCLUDE ({', '.join(left_out)})" if left_out else "*"
    return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


def _dataset_rows(out: Path, table: str, *, everything: bool = False) -> list[tuple[Any, ...]]:
    left_out = () if everything else COMPARED[table]
    columns = f"* EXCLUDE ({', '.join(left_out)})" if left_out else "*"
    with duckdb.connect() as con:
        return con.execute(f"SELECT {columns} FROM read_parquet('{out / table}/**/*.parquet', "
                           "hive_partitioning = false) ORDER BY ALL").fetchall()


def _copy(run: Run, target: Path) -> Path:
    shutil.copytree(run.out, target)
    return target


# -- the dataset ----------------------------------------------------------------------------------------------

def test_each_table_is_partitioned_by_the_events_country_and_month(dataset: Run) -> None:
    files = dataset_files(dataset.out)
    by_event = re.compile(r"(events|event_places|event_actors|claims|evidence)/event_country=[^/]+/"
                          r"event_month=(\d{4}-\d{2}|unknown)/batch-\d{6}-\d+\.parquet")
    by_article = re.compile(r"articles/published_month=(\d{4}-\d{2}|unknown)/batch-\d{6}-\d+\.parquet")
    assert files and all(by_event.fullmatch(f) or by_article.fullmatch(f) for f in files)
    assert {f.split("/", 1)[0] for f in files} == {"articles", "events", "event_places", "event_actors", "claims",
                                                   "evidence"}
    assert any(f.startswith("events/event_country=Mali/") for f in files)
    with open_dataset(dataset.out) as store:
        _, wrong = store.query("SELECT count(*) FROM events WHERE event_month <> "
                               "coalesce(strftime(event_date, '%Y-%m'), 'unknown')")
    assert wrong == [(0,)]


def _mention(name: str, country: str | None, *, resolved: bool = True) -> PlaceMention:
    place = Place(name=name, country=country, latitude=1.5, longitude=2.5) if resolved else None
    return PlaceMention(text=name, start=0, end=len(name), place=place, geo_precision=1 if resolved else 3,
                        rule="test.place")


@pytest.mark.parametrize(("case", "places", "day", "partition"), [
    ("A raid in a town the gazetteer knows is filed under its country and the month.",
     [_mention("Northtown", "Examplia")], date(2026, 2, 11), ("Examplia", "2026-02")),
    ("A clash first placed in an unknown village, then near a known town, takes the town's country.",
     [_mention("Smallplace", None, resolved=False), _mention("Northtown", "Examplia")], date(2025, 12, 31),
     ("Examplia", "2025-12")),
    ("Shelling across a border is filed under the first resolved place's country only.",
     [_mention("Westford", "Otherland"), _mention("Northtown", "Examplia")], date(2026, 1, 1),
     ("Otherland", "2026-01")),
    ("A protest with no place at all is filed under unknown.", [], date(2026, 3, 2), ("unknown", "2026-03")),
    ("An attack in a place nobody could resolve is filed under unknown.",
     [_mention("Nowhere Creek", None, resolved=False)], date(2026, 3, 2), ("unknown", "2026-03")),
    ("An event the article does not date is filed under an unknown month.",
     [_mention("Northtown", "Examplia")], None, ("Examplia", "unknown")),
])
def test_an_events_partition_is_where_the_analyst_views_map_it(
        store: Store, tmp_path: Path, make_article: Callable[..., Article], case: str, places: list[PlaceMention],
        day: date | None, partition: tuple[str, str]) -> None:
    article = make_article("a-1", case)
    event = Event(event_id="ev-1", article_id="a-1", event_date=day, date_precision="day", event_type="Battles",
                  sub_event_type="Armed clash", places=places, fatalities=0, sentence=case, sentence_index=0,
                  sentence_start=0, sentence_end=len(case), extractor_version="v1")
    extraction = _Nothing(article, [event])
    write_batch(tmp_path, 0, extraction_rows(extraction, version="v1", run_id="r", imported_at=FIRST))
    store.write_extraction(extraction, version="v1", run_id="r", now=lambda: FIRST)
    mapped = store.query("SELECT coalesce(p.country, 'unknown') FROM events e "
                         "LEFT JOIN event_main_place p USING (event_id)")[1]
    with duckdb.connect() as con:
        found = con.execute(f"SELECT event_country, event_month FROM read_parquet('{tmp_path}/events/*/*/*.parquet', "
                            "hive_partitioning = true)").fetchall()
    assert found == [partition] and mapped == [(partition[0],)]


def test_the_manifest_counts_documents_batches_rows_and_repeats(dataset: Run) -> None:
    report = dataset.report
    manifest = json.loads((dataset.out / MANIFEST).read_text(encoding="utf-8"))
    assert (report.seen, len(report.batches), report.articles, report.repeated) == (20, 4, 18, 1)
    assert manifest["extractor_version"] == EXTRACTOR_VERSION
    assert manifest["rows"] == report.rows and report.rows["articles"] == 18
    assert [b["documents"] for b in manifest["batches"]] == [5, 5, 5, 5]
    assert not (dataset.out / "_running").exists()


def test_read_failures_are_reported_per_document_as_the_import_reports_them(dataset: Run, corpus: Path,
                                                                           tmp_path: Path) -> None:
    run = import_paths(tmp_path / "events.duckdb", [corpus], now=lambda: FIRST)
    assert list(dataset.report.failures) == run.failures
    assert [f.document for f in dataset.report.failures] == [f"{corpus}:{BAD_LINE}"]


def test_a_rerun_writes_the_same_files_with_the_same_rows(dataset: Run, scheduler: str, corpus: Path,
                                                          tmp_path: Path) -> None:
    again = _copy(dataset, tmp_path / "again")
    before = {t: _dataset_rows(again, t, everything=True) for t in COMPARED if (again / t).exists()}
    run_on_dask([corpus], again, scheduler=scheduler, batch_size=5, now=lambda: FIRST)
    assert dataset_files(again) == dataset_files(dataset.out)
    assert {t: _dataset_rows(again, t, everything=True) for t in before} == before


def test_a_later_run_with_other_batches_leaves_no_file_of_the_earlier_one(dataset: Run, scheduler: str,
                                                                         corpus: Path, tmp_path: Path) -> None:
    again = _copy(dataset, tmp_path / "again")
    report = run_on_dask([corpus], again, scheduler=scheduler, batch_size=50, now=lambda: LATER)
    assert len(report.batches) == 1
    assert all("/batch-000000-" in f for f in dataset_files(again))
    for table in ("articles", "events", "event_places", "event_actors", "claims", "evidence"):
        assert _dataset_rows(again, table) == _dataset_rows(dataset.out, table)


@dataclass(frozen=True)
class _Nothing:
    article: Article
    events: list[Any] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)


class _Refusing:
    """Finds no events, and refuses articles that mention a drone, as the real pipeline refuses with an
    EventsError."""

    version = "refusing-1"

    def extract(self, article: Article) -> _Nothing:
        if "drone" in article.text:
            raise InputError("this pipeline refuses drones")
        return _Nothing(article)


def _refusing() -> _Refusing:
    return _Refusing()


def test_extraction_errors_are_reported_per_document_as_the_import_reports_them(scheduler: str, corpus: Path,
                                                                              tmp_path: Path) -> None:
    report = run_on_dask([corpus], tmp_path / "out", scheduler=scheduler, batch_size=4, now=lambda: FIRST,
                         pipeline=_refusing, version="refusing-1")
    run = import_paths(tmp_path / "events.duckdb", [corpus], now=lambda: FIRST, pipeline=_Refusing())
    assert list(report.failures) == run.failures
    assert sum(f.reason == "extraction failed: this pipeline refuses drones" for f in report.failures) >= 3
    assert report.articles == run.new
    with open_dataset(tmp_path / "out") as store:  # no event anywhere: the tables are there, empty
        assert store.query("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM events_acled), "
                           "(SELECT count(*) FROM articles)")[1] == [(0, 0, run.new)]


def test_a_figure_beyond_the_integer_columns_fails_its_article_only_on_a_worker(
        tmp_path: Path, make_pipeline: Callable[[], Any], make_article: Callable[..., Article]) -> None:
    """As the DuckDB store refuses it (the fake pipeline reads any figure): the batch's Parquet is still written."""
    pipeline = make_pipeline()
    articles: list[Article | Any] = [
        make_article("a1", "Rebels clashed with soldiers in Northtown.", origin="news.jsonl:1"),
        make_article("a2", "Officials said 3000000000 people were killed.", origin="news.jsonl:2")]
    result = extract_batch(0, articles, str(tmp_path / "out"), version=pipeline.version, run_id="run-1",
                           imported_at=FIRST, factory=lambda: pipeline)
    assert [f for _, _, f in result.failures] == [ImportFailure(
        document="news.jsonl:2", reason="count_low 3000000000 is more than the database can hold (2147483647 at most)")]
    assert (result.articles, result.counts.rows["events"]) == (1, 1)


def test_a_worker_of_another_extractor_version_fails_the_run_and_leaves_no_manifest(
        scheduler: str, corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(EventsError, match="runs extractor version refusing-1, the client 9.9.9"):
        run_on_dask([corpus], tmp_path / "out", scheduler=scheduler, now=lambda: FIRST, pipeline=_refusing,
                    version="9.9.9")
    assert not (tmp_path / "out" / MANIFEST).exists()


def test_a_folder_holding_something_else_is_not_written_to(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run_on_dask([corpus], tmp_path, scheduler="tcp://127.0.0.1:9", now=lambda: FIRST)
    assert str(caught.value) == (f"{tmp_path}: the folder is not empty and holds no events Parquet dataset; "
                                 "give a new or empty folder")


# -- loading --------------------------------------------------------------------------------------------------

def test_loading_gives_the_rows_of_a_normal_import(dataset: Run, imported: Path, tmp_path: Path) -> None:
    db = tmp_path / "loaded.duckdb"
    run = load_parquet(db, dataset.out, now=lambda: LATER)
    assert (run.new, run.updated, run.unchanged, run.failed, run.status) == (18, 0, 0, 0, "ok")
    with duckdb.connect(str(db), read_only=True) as loaded, duckdb.connect(str(imported), read_only=True) as plain:
        for table in COMPARED:
            assert _rows(loaded, table) == _rows(plain, table), table
        assert _rows(loaded, "events") and _rows(loaded, "evidence")


REPORTS_OF_THE_SAME_INCIDENTS = [  # two outlets for each of two incidents: an import merges each pair
    ("m-1", "Valley Courier", "2026-03-02",
     "Gunmen attacked a village near Mopti on Sunday, killing 12 civilians, local officials said."),
    ("m-2", "River Times", "2026-03-02",
     "Armed men killed at least 12 civilians in an attack on a village near Mopti on Sunday, residents said."),
    ("m-3", "Plains Herald", "2026-03-03",
     "Soldiers clashed with militants near Gao on Monday; five soldiers were killed, the army said."),
    ("m-4", "Desert Post", "2026-03-03",
     "Five soldiers died when militants ambushed an army patrol near Gao on Monday, a military source said."),
]


def test_loading_merges_reports_across_batches_as_an_import_merges_them(scheduler: str, tmp_path: Path) -> None:
    source = tmp_path / "reports.jsonl"
    source.write_text("".join(json.dumps({"id": i, "source": outlet, "published_at": day, "text": text}) + "\n"
                              for i, outlet, day, text in REPORTS_OF_THE_SAME_INCIDENTS), encoding="utf-8")
    run_on_dask([source], tmp_path / "out", scheduler=scheduler, batch_size=1, now=lambda: FIRST)
    load_parquet(tmp_path / "loaded.duckdb", tmp_path / "out", now=lambda: FIRST)
    import_paths(tmp_path / "imported.duckdb", [source], now=lambda: FIRST)
    with duckdb.connect(str(tmp_path / "loaded.duckdb"), read_only=True) as loaded, \
            duckdb.connect(str(tmp_path / "imported.duckdb"), read_only=True) as plain:
        merges = _rows(plain, "event_merges")
        assert len(merges) == 2 and _rows(loaded, "event_merges") == merges


def test_loading_twice_changes_nothing(dataset: Run, tmp_path: Path) -> None:
    db = tmp_path / "loaded.duckdb"
    load_parquet(db, dataset.out, now=lambda: FIRST)
    with duckdb.connect(str(db), read_only=True) as con:
        before = {t: _rows(con, t) for t in COMPARED}
    run = load_parquet(db, dataset.out, now=lambda: LATER)
    assert (run.new, run.updated, run.unchanged, run.failed) == (0, 0, 18, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        assert {t: _rows(con, t) for t in COMPARED} == before
        assert con.execute("SELECT DISTINCT imported_at FROM articles").fetchall() == [(FIRST.replace(tzinfo=None),)]


def _without_manifest(out: Path) -> str:
    (out / MANIFEST).unlink()
    return f"{out}: no _manifest.json: not a finished 'events import --engine dask' dataset (still being written, " \
           "or the run stopped)"


def _of_another_version(out: Path) -> str:
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["extractor_version"] = "1999.1.1"
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return f"{out}: written by extractor version 1999.1.1, this version of events is {EXTRACTOR_VERSION}; run the " \
           "extraction again"


def _with_a_file_missing(out: Path) -> str:
    victim = next(f for f in dataset_files(out) if f.startswith("events/") and "/batch-000002-" in f)
    with duckdb.connect() as con:
        rows = con.execute(f"SELECT count(*) FROM '{out / victim}'").fetchall()[0][0]
    (out / victim).unlink()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    expected = manifest["batches"][2]["rows"]["events"]
    return f"{out}: batch 2 has {expected - rows} events rows, the manifest says {expected}: the dataset is damaged"


def _with_a_broken_file(out: Path) -> str:
    victim = next(f for f in dataset_files(out) if f.startswith("claims/") and "/batch-000003-" in f)
    (out / victim).write_bytes(b"PAR1 this is not Parquet")
    return f"{out}: cannot read the claims files of batch 3: "


@pytest.mark.parametrize("damage", [_without_manifest, _of_another_version, _with_a_file_missing,
                                    _with_a_broken_file])
def test_a_dataset_that_is_unfinished_stale_or_damaged_is_refused_and_the_database_stays_as_it_was(
        dataset: Run, corpus: Path, tmp_path: Path, damage: Callable[[Path], str]) -> None:
    out = _copy(dataset, tmp_path / "dataset")
    message = damage(out)
    db = tmp_path / "events.duckdb"
    import_paths(db, [corpus], now=lambda: FIRST, pipeline=_Refusing())  # the same articles, another version
    tables = (*COMPARED, "import_runs", "import_failures")
    with duckdb.connect(str(db), read_only=True) as con:
        before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    with pytest.raises(InputError) as caught:
        load_parquet(db, out, now=lambda: LATER)
    assert str(caught.value).startswith(message) if message.endswith(": ") else str(caught.value) == message
    with duckdb.connect(str(db), read_only=True) as con:
        assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables} == before


# -- querying in place ----------------------------------------------------------------------------------------

def test_sql_on_the_dataset_in_place_sees_the_tables_and_the_analyst_views(dataset: Run, imported: Path) -> None:
    runner = CliRunner()
    counts = runner.invoke(main, ["sql", "--parquet", str(dataset.out), "--format", "csv",
                                  "SELECT (SELECT count(*) FROM events) AS events, "
                                  "(SELECT count(*) FROM claims) AS claims, "
                                  "(SELECT count(*) FROM event_claims) AS event_claims, "
                                  "(SELECT count(*) FROM import_failures) AS failures"])
    assert counts.exit_code == 0, counts.output
    rows = dataset.report.rows
    with duckdb.connect(str(imported), read_only=True) as con:
        event_claims = con.execute("SELECT count(*) FROM event_claims").fetchall()[0][0]
    assert counts.stdout.splitlines() == ["events,claims,event_claims,failures",
                                          f"{rows['events']},{rows['claims']},{event_claims},1"]


@pytest.mark.parametrize("query", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_text('{corpus}')",
    "SELECT * FROM read_text('{out}/{back_to_corpus}')",
])
def test_sql_on_the_dataset_reads_no_file_outside_it(dataset: Run, corpus: Path, query: str) -> None:
    sql = query.format(corpus=corpus, out=dataset.out, back_to_corpus=os.path.relpath(corpus, dataset.out))
    with open_dataset(dataset.out) as store, pytest.raises(QueryError, match="Permission Error: Cannot access"):
        store.query(sql)
    result = CliRunner().invoke(main, ["sql", "--parquet", str(dataset.out), sql])
    assert result.exit_code == 1 and "file system operations are disabled" in result.stderr


def test_sql_on_a_folder_that_is_no_dataset_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sql", "--parquet", str(tmp_path), "SELECT 1"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {tmp_path}: no _manifest.json: not a finished 'events import --engine dask' "
                             "dataset (still being written, or the run stopped)\n")


# -- the command line -----------------------------------------------------------------------------------------

def test_the_cli_extracts_on_the_cluster_then_loads_the_dataset_once(scheduler: str, corpus: Path,
                                                                     tmp_path: Path) -> None:
    runner = CliRunner()
    out, db = tmp_path / "dataset", tmp_path / "events.duckdb"
    extracted = runner.invoke(main, ["import", str(corpus), "--engine", "dask", "--scheduler", scheduler,
                                     "--parquet-out", str(out), "--batch-size", "7", "--db", str(db)])
    assert extracted.exit_code == 1  # the line that is not JSON
    assert extracted.stdout.splitlines()[0] == "20 documents: 18 extracted, 1 repeated, 1 failed"
    assert extracted.stdout.splitlines()[-1] == f"Load it with: events load {out} --db {db}"
    assert extracted.stderr.startswith(f"Error: {corpus}:{BAD_LINE}: not valid JSON")
    first = runner.invoke(main, ["load", str(out), "--db", str(db)])
    second = runner.invoke(main, ["load", str(out), "--db", str(db)])
    left_out = f"The extraction left out 1 document (see {out / MANIFEST})\n"
    assert (first.exit_code, first.stdout) == (0, "18 articles: 18 new, 0 updated, 0 unchanged, 0 failed\n" + left_out)
    assert (second.exit_code, second.stdout) == (0, "18 articles: 0 new, 0 updated, 18 unchanged, 0 failed\n"
                                                 + left_out)


def test_the_cli_starts_a_local_cluster_of_workers_when_given_no_scheduler(loopback_only: None,
                                                                            tmp_path: Path) -> None:
    source = tmp_path / "two.jsonl"
    source.write_text("\n".join(SAMPLES.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "--engine", "dask", "--workers", "1",
                                       "--parquet-out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2 documents: 2 extracted, 0 repeated, 0 failed"
    assert (tmp_path / "out" / MANIFEST).is_file()


@pytest.mark.parametrize(("options", "message"), [
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler, --parquet-out and --batch-size need --engine dask"),
    (["--parquet-out", "out"], "--scheduler, --parquet-out and --batch-size need --engine dask"),
    (["--engine", "dask"], "--engine dask needs --parquet-out DIR"),
    (["--engine", "dask", "--parquet-out", "out", "--strict"], "--strict works with --engine local only"),
    (["--engine", "dask", "--parquet-out", "out", "--online-geocoding"],
     "--online-geocoding works with --engine local only"),
    (["--engine", "dask", "--parquet-out", "out", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"],
     "--workers sizes the local cluster; with --scheduler the cluster has its own"),
])
def test_the_cli_refuses_options_that_do_not_go_together(options: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["import", "articles.jsonl", *options])
    assert result.exit_code == 2 and f"Error: {message}" in result.stderr


def test_importing_the_cli_loads_no_dask() -> None:
    code = "import sys, events.cli.commands; print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_failures_compare_as_the_import_records_them() -> None:
    """The manifest's failures read back as the same records: JSON keeps document and reason."""
    report = ClusterReport(extractor_version="v", run_id="r", source="s", started_at=FIRST, finished_at=LATER,
                           batch_size=3, batches=(), articles=0, repeated=0,
                           failures=(ImportFailure(document="a.jsonl:2", reason="not valid JSON: x"),))
    assert ClusterReport.from_json(report.to_json()) == report
