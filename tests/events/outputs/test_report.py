"""`events report`: one self-contained HTML file: summary tables, weekly timeline, map, largest claims."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from events.cli.commands import main
from events.outputs.report import BASEMAP, TYPE_COLOURS, basemap, build_report, map_svg
from events.store.db import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
SHELLING = "Artillery shelled Southport and Eastvale overnight, where 2 civilians were reportedly killed."
PROTEST = "Hundreds of students protested in Southport."
NO_PLACE = "Riot police clashed with students outside the stadium."
GENERATED = datetime(2026, 4, 10, 8, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parents[3]
SCREENSHOT = ROOT / "scripts" / "screenshot_report.py"


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
    assert re.findall(r"\b(?:src|href)=|https?://|@import|url\(|<script|<link|<img|<iframe", html) == []
    assert len(re.findall(r'<path class="land" d="M[-\d]', html)) >= 3  # the basemap is inline
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


def test_the_basemap_ships_as_public_domain_outlines_of_the_world() -> None:
    path = ROOT.joinpath("events", *BASEMAP)
    assert path.stat().st_size < 200_000
    header = path.read_text(encoding="utf-8")[:100]
    assert header.startswith('{"source":"Natural Earth, public domain, via world-atlas')
    countries = dict(basemap())
    assert len(countries) > 150 and {"France", "Nigeria", "Brazil", "Australia", "Japan"} <= set(countries)
    points = [p for rings in countries.values() for ring in rings for p in ring]
    assert all(-360 < lon < 360 and -90 <= lat <= 90 for lon, lat in points)
    assert all(len(ring) >= 3 for rings in countries.values() for ring in rings)


def point(lon: float, lat: float, kind: str = "Battles", dead: int = 0) -> tuple[object, ...]:
    return (lon, lat, kind, "a place", date(2026, 3, 1), dead)


@pytest.mark.parametrize(("points", "inside", "outside"), [
    pytest.param([point(2.35, 48.85)], {"France", "Belgium"}, {"Australia", "Brazil"},
                 id="one event: its surroundings"),
    pytest.param([point(3.4, 6.5), point(7.5, 9.1, "Protests", 12), point(13.2, 11.8)],
                 {"Nigeria", "Benin", "Cameroon"}, {"France", "India"}, id="events within one country"),
    pytest.param([point(-74.0, 40.7), point(151.2, -33.9)], {"United States of America", "Australia"},
                 set(), id="events on both sides of the world"),
    pytest.param([point(31.2, 30.0), point(35.2, 31.8), point(44.4, 33.3)], {"Egypt", "Israel", "Iraq"},
                 {"Brazil", "Japan"}, id="events across a region"),
])
def test_the_map_draws_the_countries_around_the_events(points: list[tuple[object, ...]], inside: set[str],
                                                       outside: set[str]) -> None:
    svg = map_svg(points)
    drawn = set(re.findall(r'<path class="land" d="[^"]+"><title>([^<]+)</title>', svg))
    assert inside <= drawn and not outside & drawn


@pytest.mark.parametrize("points", [
    pytest.param([point(18.5, 4.4)], id="one event"),
    pytest.param([point(-179.5, -10.0), point(179.5, 10.0)], id="both ends of the map"),
    pytest.param([point(20.0, 89.0), point(-60.0, -80.0)], id="near the poles"),
    pytest.param([point(36.8, -1.3), point(36.9, -1.2)], id="two events a few kilometres apart"),
])
def test_every_event_falls_inside_the_map(points: list[tuple[object, ...]]) -> None:
    svg = map_svg(points)
    frame = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert frame is not None
    width, height = float(frame[1]), float(frame[2])
    dots = [(float(x), float(y)) for x, y in re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)"', svg)]
    assert len(dots) == len(points) and all(0 <= x <= width and 0 <= y <= height for x, y in dots)
    assert 360 <= height <= 720 and re.search(r'<path class="land"', svg)


def test_the_screenshot_script_says_how_to_install_chromium(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("<!DOCTYPE html><p>x</p>", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CHROMIUM"} | {"PATH": str(tmp_path)}
    done = subprocess.run([sys.executable, str(SCREENSHOT), str(tmp_path / "report.html"),
                           str(tmp_path / "out.png")], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1 and "apt-get install chromium" in done.stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.skipif(not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")),
                    reason="Chromium is not installed (apt-get install chromium)")
def test_the_report_renders_offline_in_headless_chromium(filled: Store, tmp_path: Path) -> None:
    report, shot = tmp_path / "report.html", tmp_path / "report.png"
    report.write_text(build_report(filled, generated=GENERATED), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCREENSHOT), str(report), str(shot), "--height", "1200"],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1400, 1200)
    assert len(png) > 20_000  # a blank page compresses to a few kilobytes
