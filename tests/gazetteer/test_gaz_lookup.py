"""Lookups by folded name, membership tests, countries by name/code/alias, demonyms."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gao", ["gao-ml", "gao-bf"]),
        ("Mopti", ["adm1-mopti", "mopti"]),
        ("Springfield", ["springfield-mo", "springfield-il"]),
        ("Boni", ["bonn", "boni"]),
        ("Niger", ["c-ne", "adm1-niger-ng"]),
    ],
    ids=[
        "two towns, most populous first",
        "a region and its namesake town, the region being larger",
        "two towns in one country",
        "an alternate name and an own name both count",
        "a country and a foreign state share a name",
    ],
)
def test_lookup_returns_every_namesake_most_populous_first(
    world: Gazetteer, name: str, expected: list[str]
) -> None:
    assert [p.geonameid for p in world.lookup(name)] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Tombouctou", "timbuktu"), ("SEVARE", "sevare"), ("sévaré", "sevare"), ("Mopti Region", "adm1-mopti")],
    ids=["a French exonym", "upper case", "lower case with accents", "an alternate name with a generic word"],
)
def test_lookup_finds_alternate_and_folded_spellings(world: Gazetteer, name: str, expected: str) -> None:
    assert [p.geonameid for p in world.lookup(name)] == [expected]


@pytest.mark.parametrize("name", ["Se'vare", "Se\u2019vare", "SE'VARE"])
def test_an_apostrophe_the_gazetteer_does_not_write_is_left_out(world: Gazetteer, name: str) -> None:
    # "N'Guigmi" where GeoNames writes "Nguigmi": the apostrophe of a transliteration may be left out
    assert world.contains(name) and [p.geonameid for p in world.lookup(name)] == ["sevare"]


def test_leaving_an_apostrophe_out_finds_only_the_name_it_then_spells(world: Gazetteer) -> None:
    assert not world.contains("Se'varo") and world.lookup("Se'varo") == []


@pytest.mark.parametrize(
    ("name", "present"),
    [
        ("Gao", True),
        ("Al-Gao", False),
        ("DRC", True),
        ("drc", False),
        ("United States", True),
        ("US", True),
        ("us", False),
        ("soldiers", False),
    ],
    ids=[
        "a town",
        "an unknown name",
        "an acronym written as acronyms are",
        "the same letters in lower case",
        "a country name",
        "a country acronym",
        "the English pronoun is not a country",
        "an ordinary noun",
    ],
)
def test_contains_is_a_membership_test_on_the_folded_name(world: Gazetteer, name: str, present: bool) -> None:
    assert world.contains(name) is present


@pytest.mark.parametrize(
    ("query", "iso2"),
    [
        ("Mali", "ML"),
        ("ML", "ML"),
        ("DRC", "CD"),
        ("DR Congo", "CD"),
        ("Congo-Kinshasa", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("united states of america", "US"),
        ("Burkina", "BF"),
    ],
    ids=[
        "by name",
        "by ISO code",
        "by acronym",
        "by short form",
        "by colonial-era form",
        "by full formal name",
        "dotted acronym",
        "three-letter acronym",
        "formal name in lower case",
        "shortened name",
    ],
)
def test_country_by_name_code_or_alias(world: Gazetteer, query: str, iso2: str) -> None:
    found = world.country(query)
    assert found is not None
    assert (found.country_code, found.feature_code) == (iso2, "PCLI")


@pytest.mark.parametrize(
    "query",
    ["Atlantis", "XX", "Ivory Coast", "Gao"],
    ids=[
        "an unknown name",
        "an unknown code",
        "a country absent from this gazetteer",
        "a town is not a country",
    ],
)
def test_country_that_is_not_there_is_none(world: Gazetteer, query: str) -> None:
    assert world.country(query) is None


@pytest.mark.parametrize(
    ("word", "iso2"),
    [
        ("Malian", "ML"),
        ("Malians", "ML"),
        ("Nigerien", "NE"),
        ("Nigérien", "NE"),
        ("Nigerian", "NG"),
        ("Burkinabe", "BF"),
        ("Burkinabè", "BF"),
        ("Congolese", "CD"),
        ("Somali", "SO"),
        ("Ivorian", "CI"),
    ],
    ids=[
        "Malian",
        "a plural",
        "Nigerien is Niger",
        "Nigerien with its accent",
        "Nigerian is Nigeria",
        "Burkinabe",
        "Burkinabe with its accent",
        "Congolese goes to the DRC",
        "Somali",
        "a country absent from the places still has its demonym",
    ],
)
def test_demonyms_name_their_country(world: Gazetteer, word: str, iso2: str) -> None:
    assert world.country_of_demonym(word) == iso2


@pytest.mark.parametrize("word", ["Martian", "soldiers", ""], ids=["invented", "not a demonym", "empty"])
def test_an_unknown_demonym_is_none(world: Gazetteer, word: str) -> None:
    assert world.country_of_demonym(word) is None


def test_length_counts_every_place(world: Gazetteer) -> None:
    from gazetteer_world import WORLD

    assert len(world) == len(WORLD)
