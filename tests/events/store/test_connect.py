"""Every DuckDB connection the project opens (events/store/connect.py): offline, with no extension loaded or
installed on the fly, and onto DuckDB files only. A --db that is an SQLite file made DuckDB download its sqlite
extension from the internet; now any file that is not a DuckDB database is refused with one line, before DuckDB
reads it."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.cluster.parquet import BatchCounts, ClusterReport, finish_dataset, open_dataset
from events.errors import StoreError
from events.ingest.importer import import_documents
from events.store.connect import Waiting, connect
from events.store.db import Store, open_read_only
from events.store.geocache import GeoCache
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

ROOT = Path(__file__).resolve().parents[3]
OFFLINE = "SELECT current_setting('autoload_known_extensions'), current_setting('autoinstall_known_extensions')"


def sqlite_file(path: Path) -> Path:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE events (event_id TEXT)")
    con.close()
    return path


def text_file(path: Path) -> Path:
    path.write_text("event_id,fatalities\nev-1,3\n", encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path.touch()
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)  # opening it to read would wait for a writer forever
    return path


def parquet_file(path: Path) -> Path:
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT 1 AS a) TO '{path}' (FORMAT parquet)")
    return path


NOT_DUCKDB = [sqlite_file, text_file, empty_file, fifo, parquet_file]


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
@pytest.mark.parametrize("make", NOT_DUCKDB, ids=[m.__name__ for m in NOT_DUCKDB])
def test_a_file_that_is_not_a_duckdb_database_is_refused_untouched(tmp_path: Path, make: Callable[[Path], Path],
                                                                    read_only: bool) -> None:
    path = make(tmp_path / "events.db")
    before = sorted(tmp_path.iterdir()), path.stat().st_mtime_ns
    with pytest.raises(StoreError) as caught:
        connect(path, read_only=read_only)
    assert str(caught.value) == f"{path}: not a DuckDB database"
    assert (sorted(tmp_path.iterdir()), path.stat().st_mtime_ns) == before


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty home folder: DuckDB puts the extensions it downloads under ~/.duckdb."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    yield folder
    assert list(folder.iterdir()) == [], "DuckDB went for an extension"


@pytest.mark.parametrize("command", [
    ["sql", "SELECT 1"],
    ["export", "events", "--out", "events.csv"],
    ["import", "{article}"],
    ["stats"],
    ["report", "--out", "report.html"],
    ["explain", "ev-1"],
    ["merges"],
    ["imports"],
    ["unmerge", "m-1"],
], ids=lambda command: command[0])
def test_every_command_refuses_an_sqlite_file_as_database_with_one_line(tmp_path: Path, home: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    db = sqlite_file(tmp_path / "gazetteer.sqlite")
    article = tmp_path / "article.txt"
    article.write_text("Rebels attacked Southport on Monday.", encoding="utf-8")
    before = db.read_bytes(), sorted(tmp_path.iterdir())
    args = [part.format(article=article) for part in command]
    result = CliRunner().invoke(main, [*args, "--db", str(db)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {db}: not a DuckDB database\n")
    assert (db.read_bytes(), sorted(tmp_path.iterdir())) == before


def settings(con: duckdb.DuckDBPyConnection) -> tuple[object, ...] | None:
    return con.execute(OFFLINE).fetchone()


def test_every_kind_of_connection_loads_and_installs_no_extension(tmp_path: Path, clock: FixedClock) -> None:
    db = tmp_path / "events.duckdb"
    with Store.open(db) as writable:
        assert writable.query(OFFLINE)[1] == [(False, False)]
    with Store.open(db, read_only=True) as reading:
        assert reading.query(OFFLINE)[1] == [(False, False)]
    for sandbox in (True, False):
        with open_read_only(db, sandbox=sandbox) as reading:
            assert reading.query(OFFLINE)[1] == [(False, False)]
    with GeoCache.open(db, now=clock) as cache:
        assert settings(cache._con) == (False, False)
    moment = datetime(2026, 3, 4, tzinfo=timezone.utc)
    (tmp_path / "dataset").mkdir()
    finish_dataset(tmp_path / "dataset", ClusterReport(
        extractor_version="fake-1", run_id="run-1", source="test", started_at=moment, finished_at=moment,
        batch_size=10, batches=(BatchCounts(0, 0, {}),), articles=0, repeated=0), set())
    with open_dataset(tmp_path / "dataset") as dataset:
        assert dataset.query(OFFLINE)[1] == [(False, False)]
    with connect() as memory:
        assert settings(memory) == (False, False)


def test_duckdb_files_and_new_databases_still_open(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.duckdb") as store:
        assert store.query("SELECT count(*) FROM events")[1] == [(0,)]
    with connect(tmp_path / "new.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]


def _connect_calls(path: Path) -> Iterator[int]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "duckdb"):
            yield node.lineno


def test_no_code_connects_to_duckdb_but_through_the_one_helper() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}" for folder in ("events", "scripts", "gazetteer", "schemas")
             for path in sorted((ROOT / folder).rglob("*.py")) for line in _connect_calls(path)
             if path != ROOT / "events" / "store" / "connect.py"]
    assert found == []


# -- reading while another process writes: every command waits, says for what, and answers ----------------------

# A writer as an import is one: the import's lock file (pid and start), then DuckDB's write lock, held for
# argv[2] seconds (the test kills it sooner when it never should let go).
WRITER = """
import sys, time
from datetime import datetime, timezone
from events.ingest.lock import ImportLock
from events.store.db import Store

with ImportLock.acquire(sys.argv[1], now=lambda: datetime(2026, 3, 4, 9, 1, 2, tzinfo=timezone.utc)), \\
        Store.open(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""
READERS = [
    (["sql", "SELECT count(*) AS n FROM events", "--format", "csv"], "n\n2\n"),
    (["export", "acled", "--out", "-", "--type", "Battles"], None),
    (["stats", "--format", "csv"], None),
    (["report", "--out", "report.html"], "Wrote report.html\n"),
    (["merges", "--format", "csv"], None),
    (["explain", "{event}"], None),
    (["imports"], None),
]


Busy = Callable[[float], tuple[Path, "subprocess.Popen[str]", str]]


@pytest.fixture
def busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FixedClock, make_pipeline: type[FakePipeline],
         make_article: Callable[..., Article]) -> Iterator[Busy]:
    """Start a writer holding `events.duckdb` (two events in it) for `seconds`; returns (db, process, event id)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "events.duckdb"
    with Store.open(db) as store:
        import_documents(store, make_pipeline(), [
            make_article("a1", "Government soldiers clashed with rebels near Northtown."),
            make_article("a2", "Hundreds of students protested in Southport on Tuesday.")], source="test", now=clock)
        event = store.query("SELECT event_id FROM events ORDER BY event_id LIMIT 1")[1][0][0]
    started: list[subprocess.Popen[str]] = []

    def start(seconds: float) -> tuple[Path, subprocess.Popen[str], str]:
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(seconds)], stdout=subprocess.PIPE,
                                  text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        started.append(writer)
        assert writer.stdout is not None and writer.stdout.readline() == "held\n"
        return db, writer, event

    yield start
    for writer in started:
        writer.kill()
        writer.wait(timeout=30)


def waiting_line(pid: int, seconds: str) -> str:
    return (f"Waiting for the import running since 2026-03-04 09:01:02 UTC (pid {pid}) to finish "
            f"(up to {seconds} s)...\n")


@pytest.mark.parametrize(("command", "stdout"), READERS, ids=[c[0][0] for c in READERS])
def test_every_read_command_waits_for_an_import_and_answers_once_it_ends(
        busy: Busy, monkeypatch: pytest.MonkeyPatch,
        command: list[str], stdout: str | None) -> None:
    db, writer, event = busy(1.0)
    monkeypatch.setenv("EVENTS_DB_WAIT", "20")
    result = CliRunner().invoke(main, [part.format(event=event) for part in command] + ["--db", str(db)])
    assert writer.poll() is not None  # it answered after the writer let go
    assert (result.exit_code, result.stderr) == (0, waiting_line(writer.pid, "20")), result.output
    assert stdout is None or result.stdout == stdout
    assert result.stdout


@pytest.mark.parametrize("command", [c for c, _ in READERS] + [["unmerge", "m-1"]],
                         ids=[c[0][0] for c in READERS] + ["unmerge"])
def test_a_command_gives_up_after_its_wait_naming_the_import(
        busy: Busy, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    db, writer, event = busy(60.0)
    monkeypatch.setenv("EVENTS_DB_WAIT", "0.5")
    result = CliRunner().invoke(main, [part.format(event=event) for part in command] + ["--db", str(db)])
    assert writer.poll() is None
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == waiting_line(writer.pid, "0.5") + (
        f"Error: cannot open database {db}: still locked by the import running since 2026-03-04 09:01:02 UTC "
        f"(pid {writer.pid}) after 0.5 s; EVENTS_DB_WAIT=SECONDS waits longer\n")


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """`events.duckdb` held for writing by a process that is no import (no lock file): `python holder.py ...`."""
    db = tmp_path / "events.duckdb"
    Store.open(db).close()
    (tmp_path / "holder.py").write_text("import duckdb, sys, time\nc = duckdb.connect(sys.argv[1])\n"
                                        "print('held', flush=True)\ntime.sleep(60)\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "holder.py", "events.duckdb"], cwd=tmp_path, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield db, holder
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_a_writer_that_is_no_import_is_named_by_its_pid_and_command(
        held: tuple[Path, subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    db, holder = held
    monkeypatch.setenv("EVENTS_DB_WAIT", "0")
    result = CliRunner().invoke(main, ["sql", "SELECT 1", "--db", str(db)])
    python = Path(sys.executable).name
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: cannot open database {db}: still locked by process {holder.pid} ({python} holder.py "
               "events.duckdb) after 0 s; EVENTS_DB_WAIT=SECONDS waits longer\n")


def test_waiting_backs_off_and_says_once_what_it_waits_for(held: tuple[Path, subprocess.Popen[str]]) -> None:
    db, holder = held
    slept: list[float] = []
    notes: list[str] = []
    with pytest.raises(StoreError) as caught:
        Store.open(db, read_only=True, waiting=Waiting(seconds=10, sleep=slept.append, notice=notes.append))
    assert slept == pytest.approx([0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 2, 2, 2, 0.85])  # doubling up to 2 s; 10 s in all
    assert notes == [f"Waiting for another process (pid {holder.pid}) to finish (up to 10 s)..."]
    assert str(caught.value) == (f"cannot open database {db}: still locked by another process (pid {holder.pid}) "
                                 "after 10 s")


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_wait_that_is_no_number_of_seconds_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         value: str) -> None:
    db = tmp_path / "events.duckdb"
    Store.open(db).close()
    monkeypatch.setenv("EVENTS_DB_WAIT", value)
    result = CliRunner().invoke(main, ["sql", "SELECT 1", "--db", str(db)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: EVENTS_DB_WAIT: must be a number of seconds, got '{value}'\n")
