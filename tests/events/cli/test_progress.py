"""Progress of long imports: the library reports documents done to an optional callback and never prints;
the command line draws a bar only when stderr is a terminal, so piped output carries no progress text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

import events.cli.commands
import events.cli.progress
import events.ingest.importer
from events.cli.commands import main
from events.ingest.importer import import_documents
from events.ingest.readers import ReadFailure
from events.store.db import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

SENTENCES = [
    "Government soldiers clashed with rebels near Northtown on Monday.",
    "Hundreds of students protested in Southport after the vote.",
    "Artillery shelled Eastvale overnight and 2 civilians were reportedly killed.",
    "Riot police clashed with students outside the stadium.",
    "Gunmen attacked a market in Northtown, and 3 people were killed.",
]


@pytest.mark.parametrize("count", [1, 5, 450], ids=["one document", "a few", "more than two chunks"])
def test_the_callback_hears_of_every_document_and_nothing_is_printed(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
        make_article: Callable[..., Article], capsys: pytest.CaptureFixture[str], count: int) -> None:
    articles = [make_article(f"a{i}", SENTENCES[i % len(SENTENCES)]) for i in range(count)]
    steps: list[int] = []
    run = import_documents(store, make_pipeline(), articles, source="test", now=clock, progress=steps.append)
    assert sum(steps) == run.seen == count
    assert capsys.readouterr() == ("", "")


def test_unreadable_and_unchanged_documents_count_as_done(
        store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
        make_article: Callable[..., Article]) -> None:
    articles = [make_article("a1", SENTENCES[0]), make_article("a2", SENTENCES[1])]
    import_documents(store, make_pipeline(), articles, source="test", now=clock)
    steps: list[int] = []
    again: list[Article | ReadFailure] = [*articles, ReadFailure("broken.jsonl:3", "not valid JSON")]
    run = import_documents(store, make_pipeline(), again, source="test", now=clock, progress=steps.append)
    assert (sum(steps), run.unchanged, run.failed) == (3, 2, 1)


@pytest.fixture
def corpus(tmp_path: Path, make_pipeline: type[FakePipeline], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A JSONL file of articles, imported with the fake pipeline instead of the real one."""
    monkeypatch.setattr(events.ingest.importer, "_default_pipeline", lambda online=None: make_pipeline())
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"article_id": f"n{i}", "text": text, "published_at": "2026-03-0" + str(i + 1)})
             for i, text in enumerate(SENTENCES)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("terminal", "shows_progress"), [
    pytest.param(False, False, id="piped: the summary only"),
    pytest.param(True, True, id="on a terminal: a progress bar on stderr"),
])
def test_import_shows_progress_only_on_a_terminal(corpus: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, terminal: bool,
                                                  shows_progress: bool) -> None:
    monkeypatch.setattr(events.cli.progress, "on_terminal", lambda: terminal)
    result = CliRunner().invoke(main, ["import", str(corpus), "--db", str(tmp_path / "events.duckdb")])
    assert (result.exit_code, result.stdout) == (0, "5 documents: 5 new, 0 updated, 0 unchanged, 0 failed\n")
    assert ("Importing" in result.stderr) is shows_progress
    if not shows_progress:
        assert result.stderr == ""


def test_piped_import_output_has_no_progress_text(corpus: Path, tmp_path: Path) -> None:
    """No patching: CliRunner's streams are not terminals, as when the output goes to a pipe or a file."""
    result = CliRunner().invoke(main, ["import", str(corpus), "--db", str(tmp_path / "events.duckdb")])
    assert result.exit_code == 0
    assert "Importing" not in result.output and "[" not in result.output and result.stderr == ""


@pytest.mark.parametrize(("terminal", "shows_progress"), [(True, True), (False, False)],
                         ids=["on a terminal", "piped"])
def test_report_shows_progress_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  terminal: bool, shows_progress: bool) -> None:
    db, out = str(tmp_path / "r.duckdb"), str(tmp_path / "r.html")
    assert CliRunner().invoke(main, ["build", "--db", db]).exit_code == 0
    monkeypatch.setattr(events.cli.progress, "on_terminal", lambda: terminal)
    result = CliRunner().invoke(main, ["report", "--db", db, "--out", out])
    assert result.exit_code == 0, result.output
    assert ("Reporting" in result.stderr) is shows_progress
