"""`compute_stats`: counts by country, type and month, fatalities with low and high sums, top actors and
the share geocoded at each precision, over news events only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from events.outputs.stats import SECTIONS, STAT_COLUMNS, compute_stats
from events.store.db import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakeExtraction, FakePipeline, FixedClock

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
SHELLING = "Artillery shelled Southport and Eastvale overnight, where 2 civilians were reportedly killed."
PROTEST = "Hundreds of students protested in Southport."
NO_PLACE = "Riot police clashed with students outside the stadium."
RECALLED = "Many years ago rebels attacked Eastvale and 9 people were killed."

Section = dict[str, tuple[Any, ...]]


@pytest.fixture
def stats(store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
          make_article: Callable[..., Article]) -> dict[str, Section]:
    pipeline = make_pipeline()
    articles = [make_article("a1", f"{CLASH} {SHELLING} {RECALLED}"),
                make_article("a2", f"{PROTEST} {NO_PLACE}", published_at=date(2026, 4, 9)),
                make_article("a3", CLASH, published_at=None)]
    store.write_extractions([pipeline.extract(a) for a in articles], version=pipeline.version, run_id="r",
                            now=clock)
    by_section: dict[str, Section] = {}
    for section, key, *values in compute_stats(store, top_actors=3):
        by_section.setdefault(section, {})[key] = tuple(values)
    return by_section


def test_sections_come_in_order_with_one_row_shape(store: Store) -> None:
    rows = compute_stats(store)
    assert rows == [("total", "all", 0, 0, 0, 0, 0.0)]
    assert len(STAT_COLUMNS) == len(rows[0]) and SECTIONS[0] == "total"


@pytest.mark.parametrize(("section", "expected"), [
    pytest.param("total", {"all": (5, 10, 10, 10, 1.0)}, id="news events only"),
    pytest.param("country", {"Examplia": (4, 10, 10, 10, 0.8), "(no place)": (1, 0, 0, 0, 0.2)},
                 id="by the country an event is mapped in"),
    pytest.param("event_type", {"Battles": (3, 8, 8, 8, 0.6),
                                "Explosions/Remote violence": (1, 2, 2, 2, 0.2), "Protests": (1, 0, 0, 0, 0.2)},
                 id="by type"),
    pytest.param("month", {"2026-03": (2, 6, 6, 6, 0.4), "2026-04": (2, 0, 0, 0, 0.4),
                           "(undated)": (1, 4, 4, 4, 0.2)}, id="by month, undated apart"),
    pytest.param("geo_precision", {"precision 1": (4, 10, 10, 10, 0.8), "not geocoded": (1, 0, 0, 0, 0.2)},
                 id="share geocoded at each precision"),
])
def test_each_section(stats: dict[str, Section], section: str, expected: Section) -> None:
    assert stats[section] == expected


def test_top_actors_count_events_once_and_stop_at_the_limit(stats: dict[str, Section]) -> None:
    assert list(stats["actor"].items()) == [
        ("Examplia Liberation Front", (2, 8, 8, 8, 0.4)),
        ("Military Forces of Examplia", (2, 8, 8, 8, 0.4)),
        ("Protesters (Examplia)", (2, 0, 0, 0, 0.4)),
    ]


# (fatalities_low, fatalities, fatalities_high) of two events -> the total's (fatalities, low, high)
@pytest.mark.parametrize(("tolls", "total"), [
    pytest.param([(4, 4, 4), (7, 7, 15)], (11, 11, 19), id="ranges around their best figures"),
    pytest.param([(24, 12, 99), (31, 30, 31)], (42, 42, 130), id="vague and open figures coded below their range"),
    pytest.param([(2, 5, 3), (None, 0, None)], (5, 2, 5), id="a summed account above its figures; no toll"),
])
def test_low_and_high_sums_bound_the_fatalities(store: Store, clock: FixedClock, make_pipeline: type[FakePipeline],
                                                make_article: Callable[..., Article],
                                                make_extraction: type[FakeExtraction],
                                                tolls: list[tuple[int | None, int, int | None]],
                                                total: tuple[int, int, int]) -> None:
    pipeline = make_pipeline()
    found = pipeline.extract(make_article("a1", f"{CLASH} {SHELLING}"))
    events = [e.model_copy(update={"fatalities": best, "fatalities_low": low, "fatalities_high": high})
              for e, (low, best, high) in zip(found.events, tolls, strict=True)]
    store.write_extractions([make_extraction(found.article, events, found.claims)], version=pipeline.version,
                            run_id="r", now=clock)
    assert compute_stats(store)[0][3:6] == total
