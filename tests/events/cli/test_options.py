"""The command line's error boundary (events.cli.options): what the machine refuses (a full disk, a failing
device) ends a command with one `Error:` line naming the file, never a traceback, and the database is as it
was before the failed step."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.ingest.importer import import_documents
from events.store.db import Store
from schemas import Article

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
PROTEST = "Hundreds of students protested in Southport on Tuesday."
FULL = "No space left on device"


def contents(db: Path) -> list[tuple[Any, ...]]:
    with Store.open(db, read_only=True) as store:
        return [row for table in ("articles", "events", "claims", "import_runs")
                for row in store.query(f"SELECT * FROM {table} ORDER BY ALL")[1]]


@pytest.mark.parametrize(("method", "error", "stderr"), [
    pytest.param("write_extractions", OSError(errno.ENOSPC, FULL), "Error: {db}: no space left on device\n",
                 id="OSError while writing"),
    pytest.param("commit", OSError(errno.ENOSPC, FULL), "Error: {db}: no space left on device\n",
                 id="OSError while committing"),
    pytest.param("write_extractions", OSError(errno.ENOSPC, FULL, "/spill/duckdb_temp_block-1.block"),
                 "Error: /spill/duckdb_temp_block-1.block: no space left on device\n",
                 id="OSError naming its file"),
    pytest.param("write_extractions", OSError(errno.EDQUOT, "Disk quota exceeded"),
                 "Error: {db}: disk quota exceeded\n", id="over quota"),
    pytest.param("write_extractions", duckdb.IOException(f'IO Error: Could not write file "x.wal": {FULL}'),
                 'Error: {db}: IO Error: Could not write file "x.wal": No space left on device\n',
                 id="DuckDB's IO error"),
])
def test_a_full_disk_during_an_import_is_one_line_and_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Callable[[], Any],
        make_pipeline: Callable[[], Any], make_article: Callable[..., Article], method: str,
        error: Exception, stderr: str) -> None:
    import events.pipeline

    db = tmp_path / "events.duckdb"
    with Store.open(db) as store:
        import_documents(store, make_pipeline(), [make_article("a1", CLASH)], source="before", now=clock)
    before = contents(db)
    (tmp_path / "new.jsonl").write_text(json.dumps({"id": "a2", "text": PROTEST}) + "\n", encoding="utf-8")
    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))

    def full(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(Store, method, full)
    result = CliRunner().invoke(main, ["import", str(tmp_path / "new.jsonl"), "--db", str(db)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", stderr.format(db=db))
    monkeypatch.undo()
    assert contents(db) == before


class FullDisk:
    """A connection whose commit fails as DuckDB's does on a full disk (measured on a 6 MB tmpfs): the
    transaction is gone with the failed commit."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def commit(self) -> None:
        self._con.rollback()
        raise duckdb.TransactionException(f'TransactionContext Error: Failed to commit: Could not write file "x.wal": '
                                          f"{FULL}")


def test_a_commit_that_fails_for_a_full_disk_is_one_line_and_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Callable[[], Any],
        make_pipeline: Callable[[], Any], make_article: Callable[..., Article]) -> None:
    import events.pipeline

    db = tmp_path / "events.duckdb"
    with Store.open(db) as store:
        import_documents(store, make_pipeline(), [make_article("a1", CLASH)], source="before", now=clock)
    before = contents(db)
    (tmp_path / "new.jsonl").write_text(json.dumps({"id": "a2", "text": PROTEST}) + "\n", encoding="utf-8")
    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    opened = Store.open.__func__  # type: ignore[attr-defined]

    def full_disk(cls: type[Store], path: str | Path, **kwargs: Any) -> Store:
        store = opened(cls, path, **kwargs)
        store._con = FullDisk(store._con)
        return store

    monkeypatch.setattr(Store, "open", classmethod(full_disk))
    result = CliRunner().invoke(main, ["import", str(tmp_path / "new.jsonl"), "--db", str(db)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f'Error: cannot commit to {db}: TransactionContext Error: Failed to commit: Could not write file '
               f'"x.wal": {FULL}\n')
    monkeypatch.undo()
    assert contents(db) == before


def test_an_error_that_is_no_environment_failure_still_shows_its_traceback(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what the machine refuses becomes one line: a bug (here a TypeError) must stay visible."""
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise TypeError("a bug")

    monkeypatch.setattr(Store, "open", broken)
    result = CliRunner().invoke(main, ["import", str(tmp_path / "new.jsonl"), "--db", str(tmp_path / "e.duckdb")])
    assert isinstance(result.exception, TypeError)
