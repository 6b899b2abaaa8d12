"""`events import --workers N` through click's CliRunner: validation messages and exit codes, and the same
output and database with workers as without, for paths, CSV files and --sources."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main
from events.ingest import importer, parallel
from events.store.db import Store

SENTENCES = [
    "Soldiers clashed with rebels near Kano on Monday, and officials said 4 fighters were killed.",
    "Hundreds of students protested in Goma on Tuesday against the rising price of bread.",
    "Gunmen attacked a market in Mopti overnight, killing 3 civilians, residents said.",
    "Police fired tear gas at traders who blocked the main road into Herat on Wednesday.",
]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, without the columns that name the run or tell the time (they differ between runs)."""
    with Store.open(db, read_only=True) as store:
        columns: dict[str, list[str]] = {}
        for table, column, kind in store.query(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                "JOIN information_schema.tables t USING (table_name) WHERE t.table_type = 'BASE TABLE' "
                "ORDER BY c.table_name, c.ordinal_position")[1]:
            if not (kind.startswith("TIMESTAMP") or "run" in column):
                columns.setdefault(table, []).append(f'"{column}"')
        return {table: store.query(f"SELECT {', '.join(names)} FROM {table} ORDER BY ALL")[1]
                for table, names in columns.items()}


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """The bundled samples, some made-up articles and one broken line."""
    samples = resources.files("events").joinpath(*importer.SAMPLES).read_text(encoding="utf-8").splitlines()
    made = [json.dumps({"id": f"made-{i}", "published_at": "2026-03-02", "text": SENTENCES[i % len(SENTENCES)]})
            for i in range(12)]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([*samples[:6], "{not json", *made, *samples[6:]]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["ref", "day", "body"])
        writer.writerows([f"row-{i}", "2026-03-03", SENTENCES[(i + 1) % len(SENTENCES)]] for i in range(9))
    return path


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["--workers", "-1"], "Invalid value for '--workers': -1 is not in the range x>=0.",
                 id="a negative count"),
    pytest.param(["--workers", "some"], "Invalid value for '--workers': 'some' is not a valid integer range.",
                 id="not a number"),
    pytest.param(["--workers", "2", "--online-geocoding"],
                 "--online-geocoding works with --workers 1 only (one request a second, from one process)",
                 id="with the online fallback"),
])
def test_bad_worker_counts_are_usage_errors(news: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = run("import", str(news), "--db", str(tmp_path / "events.duckdb"), *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert not (tmp_path / "events.duckdb").exists()


def test_workers_import_paths_as_one_process_does(news: Path, tmp_path: Path) -> None:
    one = run("import", str(news), "--db", str(tmp_path / "one.duckdb"))
    two = run("import", str(news), "--db", str(tmp_path / "two.duckdb"), "--workers", "2")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    assert one.stdout == "31 documents: 30 new, 0 updated, 0 unchanged, 1 failed\n"
    assert one.stderr.startswith(f"Error: {news}:7: ")
    assert content(tmp_path / "two.duckdb") == content(tmp_path / "one.duckdb")


def test_workers_import_csv_and_sources_as_one_process_does(news: Path, sheet: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "wire"\nkind = "jsonl"\npath = "{news.name}"\n'
                       f'[[source]]\nname = "sheet"\nkind = "csv"\npath = "{sheet.name}"\n'
                       'options = { text_column = "body", id_column = "ref", date_column = "day" }\n')
    outputs = []
    for db, workers in ((tmp_path / "one.duckdb", "1"), (tmp_path / "two.duckdb", "2")):
        by_sources = run("import", "--sources", str(sources), "--db", str(db), "--workers", workers)
        by_csv = run("import", str(sheet), "--text-column", "body", "--date-column", "day", "--db", str(db),
                     "--workers", workers)
        outputs.append([(r.exit_code, r.stdout) for r in (by_sources, by_csv)])
    assert outputs[1] == outputs[0]
    assert outputs[0] == [(1, "wire: 31 documents: 30 new, 0 updated, 0 unchanged, 1 failed\n"
                              "sheet: 9 documents: 9 new, 0 updated, 0 unchanged, 0 failed\n"),
                          (0, "9 documents: 4 new, 0 updated, 5 unchanged, 0 failed\n")]  # ids: text hashes
    assert content(tmp_path / "two.duckdb") == content(tmp_path / "one.duckdb")


def test_zero_workers_means_one_per_cpu(news: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 1)  # one CPU: one process, no pool to start
    result = run("import", str(news), "--db", str(tmp_path / "events.duckdb"), "--workers", "0")
    assert (result.exit_code, result.stdout) == (1, "31 documents: 30 new, 0 updated, 0 unchanged, 1 failed\n")
