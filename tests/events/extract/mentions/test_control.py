"""Unattributed fire on a static front is coded as fire by the side facing the place (control_areas.toml)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from events.extract.mentions.control import ControlArea, area_at, contains, control_areas
from events.lexicon import Lexicons
from events.pipeline import Extraction

Extract = Callable[..., Extraction]
SQUARE = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
NAF = "NAF: United Armed Forces of Novorossiya"
UKRAINE = "Military Forces of Ukraine"


@pytest.mark.parametrize(
    ("x", "y", "inside"),
    [(5.0, 5.0, True), (0.5, 9.5, True), (-1.0, 5.0, False), (5.0, 10.5, False), (11.0, 11.0, False)],
)
def test_a_point_is_inside_a_ring_when_a_ray_from_it_crosses_the_ring_an_odd_number_of_times(
        x: float, y: float, inside: bool) -> None:
    assert contains(SQUARE, x, y) is inside


def test_every_area_of_the_lexicon_is_a_real_ring_with_a_period_and_two_sides(lexicons: Lexicons) -> None:
    areas = lexicons.compiled(control_areas)
    assert [a.id for a in areas] == ["control.donbas.ngca", "control.donbas.gca"]
    for area in areas:
        assert len(area.ring) >= 3 and area.start < area.until and area.controller != area.opponent


@pytest.mark.parametrize(
    ("place", "lon", "lat", "controller"),
    [
        ("Horlivka", 38.05, 48.30, NAF),
        ("Yasynuvata", 37.86, 48.13, NAF),
        ("Debaltseve", 38.41, 48.34, NAF),
        ("Avdiivka", 37.75, 48.14, UKRAINE),
        ("Popasna", 38.38, 48.63, UKRAINE),
        ("Mariupol", 37.55, 47.10, UKRAINE),
    ],
)
def test_towns_on_either_side_of_the_donbas_line_fall_in_the_area_of_the_side_that_held_them(lexicons: Lexicons,
        place: str, lon: float, lat: float, controller: str) -> None:
    area = area_at(lon, lat, "UA", date(2019, 6, 1), "Explosions/Remote violence", lexicons.compiled(control_areas))
    assert area is not None and area.controller == controller, place


@pytest.mark.parametrize(
    ("why", "country", "when", "event_type"),
    [
        ("before Debaltseve fell the line ran elsewhere", "UA", date(2014, 9, 1), "Explosions/Remote violence"),
        ("after the invasion the front moved", "UA", date(2023, 1, 1), "Explosions/Remote violence"),
        ("a protest is nobody's fire", "UA", date(2019, 6, 1), "Protests"),
        ("the same coordinates in another country's record", "RU", date(2019, 6, 1), "Battles"),
    ],
)
def test_an_area_holds_only_in_its_period_country_and_for_its_event_types(lexicons: Lexicons,
        why: str, country: str, when: date, event_type: str) -> None:
    assert area_at(38.05, 48.30, country, when, event_type, lexicons.compiled(control_areas)) is None, why


def test_areas_are_tried_in_order_so_the_first_containing_one_wins() -> None:
    inner = ControlArea("inner", "UA", date(2000, 1, 1), date(2100, 1, 1), "A", 1, "B", 2,
                        frozenset({"Battles"}), ((1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0)))
    outer = ControlArea("outer", "UA", date(2000, 1, 1), date(2100, 1, 1), "B", 2, "A", 1,
                        frozenset({"Battles"}), SQUARE)
    assert area_at(1.5, 1.5, "UA", date(2019, 1, 1), "Battles", [inner, outer]) is inner
    assert area_at(5.0, 5.0, "UA", date(2019, 1, 1), "Battles", [inner, outer]) is outer


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("Monitors recorded 40 explosions near Horlivka on Tuesday.", UKRAINE, NAF),
        ("Shelling hit a residential street in Yasynuvata overnight, damaging two houses.", UKRAINE, NAF),
        ("Monitors recorded a dozen explosions near Avdiivka on Tuesday.", NAF, UKRAINE),
        ("Artillery shells landed on the outskirts of Popasna on Tuesday night.", NAF, UKRAINE),
    ],
)
def test_unattributed_fire_in_donbas_is_coded_as_fire_by_the_side_facing_the_town(
        extract: Extract, text: str, actor1: str, actor2: str) -> None:
    event = extract(text, published=date(2019, 6, 6)).events[0]
    roles = {a.role: a for a in event.actors}
    assert (roles["actor1"].name, roles["actor2"].name) == (actor1, actor2)
    assert roles["actor1"].rule.startswith("control.donbas.") and roles["actor1"].rule.endswith(":opponent")


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Ukrainian forces shelled Horlivka on Tuesday, the city's mayor said.", date(2019, 6, 6)),
        ("Monitors recorded 40 explosions near Horlivka on Tuesday.", date(2023, 6, 6)),
        ("Monitors recorded 40 explosions in Donetsk region on Tuesday.", date(2019, 6, 6)),
    ],
)
def test_a_named_side_another_period_or_a_whole_region_leave_the_front_rule_out(
        extract: Extract, text: str, published: date) -> None:
    event = extract(text, published=published).events[0]
    assert not any(a.rule.startswith("control.") for a in event.actors)
