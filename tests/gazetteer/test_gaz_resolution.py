"""Disambiguation: admin hints beat the focus country, which beats proximity, which beats size."""

from __future__ import annotations

from typing import Any

import pytest
from gazetteer_world import make_place, place_of

from gazetteer import Gazetteer


@pytest.mark.parametrize(
    ("name", "context", "expected"),
    [
        ("Gao", {}, "gao-ml"),
        ("Gao", {"focus": ["ML"]}, "gao-ml"),
        ("Gao", {"focus": ["BF"]}, "gao-bf"),
        ("Gao", {"focus": ["ml"]}, "gao-ml"),
        ("Boni", {}, "boni"),
        ("Boni", {"focus": ["ML"]}, "boni"),
        ("Boni", {"admin_hints": ["Douentza", "Mopti"]}, "boni"),
    ],
    ids=[
        "without context the larger Gao, a regional capital, wins",
        "an article about Mali means the Malian Gao",
        "an article about Burkina Faso means the Burkinabe Gao",
        "focus codes are case-insensitive",
        # the fitted weight of an alternate-name match (resolver_weights.toml): a place that bears the name beats a
        # city that only lists it among its alternate names, as the extractor's own-name rule already held
        "without context the village named Boni beats Bonn, which only lists the name",
        "with Mali in focus Boni is the Malian village",
        "ACLED's (Douentza, Mopti) picks the village in that cercle",
    ],
)
def test_focus_countries_and_admin_hints(
    world: Gazetteer, name: str, context: dict[str, Any], expected: str
) -> None:
    found = world.resolve(name, **context)
    assert found is not None
    assert found.place.geonameid == expected


@pytest.mark.parametrize(
    ("name", "hints", "focus", "expected"),
    [
        ("Gao", ["Ziro"], ["ML"], "gao-bf"),
        ("Gao", ["Gao"], ["BF"], "gao-ml"),
        ("Springfield", ["Illinois"], [], "springfield-il"),
    ],
    ids=[
        "an admin2 hint overrides a focus country",
        "an admin1 hint overrides a focus country",
        "a state name as hint picks that state's Springfield",
    ],
)
def test_an_admin_hint_outweighs_the_focus_country(
    world: Gazetteer, name: str, hints: list[str], focus: list[str], expected: str
) -> None:
    found = world.resolve(name, admin_hints=hints, focus=focus)
    assert found is not None and found.place.geonameid == expected
    assert "admin-hint" in found.reason


@pytest.mark.parametrize(
    ("name", "near", "expected"),
    [
        ("Springfield", [], "springfield-mo"),
        ("Springfield", ["chicago"], "springfield-il"),
        ("Paris", [], "paris-fr"),
        ("Paris", ["dallas"], "paris-tx"),
    ],
    ids=[
        "alone, the larger Springfield wins",
        "after Chicago, the Illinois Springfield wins",
        "alone, Paris is the French capital",
        "after Dallas, Paris is the Texan town",
    ],
)
def test_places_already_resolved_nearby_pull_the_choice(
    world: Gazetteer, name: str, near: list[str], expected: str
) -> None:
    found = world.resolve(name, near=[place_of(gid) for gid in near])
    assert found is not None and found.place.geonameid == expected


@pytest.mark.parametrize(
    ("name", "prefer_region", "expected_code"),
    [
        ("Mopti", False, "PPLA"),
        ("Mopti", True, "ADM1"),
        ("Niger", False, "PCLI"),
        ("Niger", True, "ADM1"),
        ("Borno", False, "ADM1"),
        ("Indiana", False, "ADM1"),
    ],
    ids=[
        "a bare Mopti is the town",
        "'Mopti region' is the region",
        "a bare Niger is the country",
        "'Niger state' is the Nigerian state",
        "a region with no namesake town is found without being asked for",
        "a region whose namesake town lies in another state is still the region",
    ],
)
def test_prefer_region_when_the_mention_says_region(
    world: Gazetteer, name: str, prefer_region: bool, expected_code: str
) -> None:
    found = world.resolve(name, prefer_region=prefer_region)
    assert found is not None and found.place.feature_code == expected_code


@pytest.mark.parametrize(
    ("name", "focus", "expected"),
    [("Niger", ["NG"], "c-ne"), ("Georgia", [], "c-ge"), ("Georgia", ["US"], "adm1-georgia")],
    ids=[
        "in a Nigerian article a bare Niger is still the country",
        "Georgia alone is the country",
        "in an American article Georgia is the state",
    ],
)
def test_countries_against_same_named_regions(
    world: Gazetteer, name: str, focus: list[str], expected: str
) -> None:
    found = world.resolve(name, focus=focus)
    assert found is not None and found.place.geonameid == expected


@pytest.mark.parametrize(
    "name",
    ["Atlantis", "", "   ", "Gaoo"],
    ids=["an unknown name", "an empty string", "only blanks", "a misspelling is not guessed"],
)
def test_nothing_matches_gives_none(world: Gazetteer, name: str) -> None:
    assert world.resolve(name) is None


@pytest.mark.parametrize(
    ("name", "context", "reason", "candidates"),
    [
        ("Kidal", {}, "only-candidate", 1),
        ("Gao", {"focus": ["ML"]}, "focus-country+feature+population", 2),
        ("Mopti", {}, "region+feature", 2),
    ],
    ids=[
        "a unique name says it was the only candidate",
        "the focus country is named first when it decided",
        "a town over its namesake region says why",
    ],
)
def test_the_resolution_reports_why_and_among_how_many(
    world: Gazetteer, name: str, context: dict[str, Any], reason: str, candidates: int
) -> None:
    found = world.resolve(name, **context)
    assert found is not None
    assert found.reason == reason
    assert found.candidates == candidates


def test_a_resolved_place_is_the_place_that_was_given(world: Gazetteer) -> None:
    found = world.resolve("Sevare")
    assert found is not None and found.place == place_of("sevare")


def test_context_raises_the_score_of_the_same_choice(world: Gazetteer) -> None:
    bare = world.resolve("Gao", focus=["ML"])
    hinted = world.resolve("Gao", focus=["ML"], admin_hints=["Gao"])
    assert bare is not None and hinted is not None
    assert hinted.place == bare.place and hinted.score > bare.score


# two counties named alike in two states, a town in one of them, and a larger namesake of the town in a third state
NESTED_WORLD = (
    make_place("henry-tn", "Henry County", "US", 36.33, -88.32, code="ADM2", pop=32_000, admin1="Tennessee",
               admin2="Henry County"),
    make_place("henry-ga", "Henry County", "US", 33.45, -84.2, code="ADM2", pop=200_000, admin1="Georgia",
               admin2="Henry County"),
    make_place("adm1-tn", "Tennessee", "US", 35.86, -86.35, code="ADM1", pop=6_900_000, admin1="Tennessee"),
    make_place("paris-tn", "Paris", "US", 36.3, -88.33, pop=10_000, admin1="Tennessee", admin2="Henry County"),
    make_place("paris-tx", "Paris", "US", 33.66, -95.56, pop=25_000, admin1="Texas", admin2="Lamar County"),
    make_place("dallas", "Dallas", "US", 32.78, -96.80, pop=1_300_000, admin1="Texas", admin2="Dallas County"),
)


@pytest.mark.parametrize(
    ("name", "others", "expected"),
    [
        ("Paris", [], "paris-tx"),
        ("Paris", ["Henry County"], "paris-tn"),
        ("Paris", ["Tennessee"], "paris-tn"),
        ("Henry County", [], "henry-ga"),
        ("Henry County", ["Paris"], "henry-tn"),
        ("Paris", ["Dallas"], "paris-tx"),
    ],
    ids=[
        "alone, the larger town",
        "in the county the document names",
        "in the state the document names",
        "alone, the more populous county",
        "the county that holds a town the document names",
        "a town the document names is no region",
    ],
)
def test_a_reading_nested_with_another_name_of_the_document(name: str, others: list[str], expected: str) -> None:
    world = Gazetteer.from_places(NESTED_WORLD)
    found = world.resolve(name, others=others)
    assert found is not None and found.place.geonameid == expected
