"""The whole path through the real `events` entry point: the user's seed case and the bundled corpus."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from events.cli.commands import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "seed.jsonl"
SCORER = SHARED / "eval" / "score.py"
GOLDEN = ROOT / "tests" / "golden" / "sample_events.csv"
sys.path.insert(0, str(ROOT / "scripts"))

from update_golden import COLUMNS, golden_rows  # noqa: E402


@pytest.mark.skipif(not (SEED.is_file() and SCORER.is_file()),
                    reason="../shared (seed article and scorer) is not beside this clone")
def test_the_seed_article_scores_every_event_and_claim_with_nothing_forbidden(tmp_path: Path) -> None:
    runner = CliRunner()
    db, events_csv, claims_csv = tmp_path / "s.duckdb", tmp_path / "e.csv", tmp_path / "c.csv"
    for args in (["import", str(SEED), "--db", str(db)],
                 ["export", "events", "--db", str(db), "--out", str(events_csv)],
                 ["export", "claims", "--db", str(db), "--out", str(claims_csv)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    scored = subprocess.run([sys.executable, str(SCORER), "seed", "--events", str(events_csv), "--claims",
                             str(claims_csv)], capture_output=True, text=True, check=False)
    summary = scored.stdout.strip().splitlines()[-1]
    assert "events 6/6" in summary and "claims 6/6" in summary and "forbidden 0" in summary, scored.stdout
    assert "WRONG" not in scored.stdout, scored.stdout


def test_the_sample_corpus_gives_the_reviewed_golden_events(tmp_path: Path) -> None:
    with GOLDEN.open(encoding="utf-8") as f:
        golden = list(csv.reader(f))
    assert golden[0] == COLUMNS
    assert golden_rows(tmp_path / "g.duckdb") == golden[1:], "run scripts/update_golden.py after reviewing the diff"


def test_build_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "b.duckdb")
    first = runner.invoke(main, ["build", "--db", db])
    second = runner.invoke(main, ["build", "--db", db])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "18 new" in first.output
    assert "0 new, 0 updated, 18 unchanged, 0 failed" in second.output
    assert first.output.split("Articles:")[1].split("Claims:")[0] == second.output.split("Articles:")[1].split(
        "Claims:")[0]
