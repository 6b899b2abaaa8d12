"""`events report`: one self-contained HTML file: summary tables, weekly timeline, map, largest claims."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from events.cli import main
from events.report import TYPE_COLOURS, build_report
from events.store import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
SHELLING = "Artillery shelled Southport and Eastvale overnight, where 2 civilians were reportedly killed."
PROTEST = "Hundreds of students protested in Southport."
NO_PLACE = "Riot police clashed with students outside the stadium."
GENERATED = datetime(2026, 4, 10, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def filled(store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
           make_article: Callable[..., Article]) -> Store:
    pipeline = make_pipeline()
    articles = [make_article("a1", f"{CLASH} {SHELLING}", source="<b>Daily</b> Example"),
                make_article("a2", f"{PROTEST} {NO_PLACE}", published_at=date(2026, 3, 20))]
    store.write_extractions([pipeline.extract(a) for a in articles], version=pipeline.version, run_id="r",
                            now=clock)
    return store


def test_the_report_fetches_nothing_and_escapes_text(filled: Store) -> None:
    html = build_report(filled, generated=GENERATED)
    assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>\n")
    assert re.findall(r"\b(?:src|href)=|https?://|@import|<script", html) == []
    assert "&lt;b&gt;Daily&lt;/b&gt; Example" in html and "<b>Daily</b>" not in html


@pytest.mark.parametrize(("pattern", "count"), [
    pytest.param(r"<circle ", 3, id="one point per geocoded event"),
    pytest.param(r'<circle [^>]*fill="' + TYPE_COLOURS["Battles"], 1, id="points coloured by type"),
    pytest.param(r"<polyline ", 2 * 3, id="events and fatalities: one line per type"),
    pytest.param(r"<h3>", 6, id="one summary table per section"),
    pytest.param(r"<td>4 soldiers were killed</td>", 1, id="the largest claim"),
])
def test_the_report_draws_each_part(filled: Store, pattern: str, count: int) -> None:
    assert len(re.findall(pattern, build_report(filled, generated=GENERATED))) == count


def test_an_empty_database_reports_no_charts(store: Store) -> None:
    html = build_report(store, generated=GENERATED)
    assert "<p>No dated events.</p>" in html and "<p>No geocoded events.</p>" in html


def test_the_report_command_writes_the_file(filled: Store, tmp_path: Path) -> None:
    filled.close()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--db", str(tmp_path / "events.duckdb")])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"Wrote {out}\n", "")
    assert "<svg" in out.read_text(encoding="utf-8")
