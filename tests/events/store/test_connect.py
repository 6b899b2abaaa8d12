"""Every DuckDB connection the project opens (events/store/connect.py): offline, with no extension loaded or
installed on the fly, and onto DuckDB files only. A --db that is an SQLite file made DuckDB download its sqlite
extension from the internet; now any file that is not a DuckDB database is refused with one line, before DuckDB
reads it."""

from __future__ import annotations

import ast
import os
import sqlite3
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
from events.store.connect import connect
from events.store.db import Store, open_read_only
from events.store.geocache import GeoCache

if TYPE_CHECKING:
    from conftest import FixedClock

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
