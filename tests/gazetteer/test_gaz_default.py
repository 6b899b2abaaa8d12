"""A few checks on the real default gazetteer, loaded once for this module (built on first use)."""

from __future__ import annotations

from typing import Any

import pytest

from gazetteer import Gazetteer


@pytest.fixture(scope="module")
def default() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("name", "context", "country", "code"),
    [
        ("Timbuktu", {}, "ML", "PPLA"),
        ("Tombouctou", {}, "ML", "PPLA"),
        ("Sévaré", {}, "ML", "PPL"),
        ("Sevare", {}, "ML", "PPL"),
        ("Kidal", {}, "ML", "PPLA"),
        ("Gao", {"focus": ["ML"]}, "ML", "PPLA"),
        ("Gao", {"focus": ["BF"]}, "BF", "PPL"),
        ("Niger", {}, "NE", "PCLI"),
        ("Niger", {"prefer_region": True}, "NG", "ADM1"),
        ("Mopti", {"prefer_region": True}, "ML", "ADM1"),
        ("North Darfur", {}, "SD", "ADM1"),
        ("Boni", {"admin_hints": ["Douentza", "Mopti"]}, "ML", "PPL"),
    ],
    ids=[
        "Timbuktu is the Malian town",
        "its French name is the same town",
        "Sevare comes from the supplement",
        "and is found without its accents",
        "Kidal is the Malian town",
        "Gao in a Malian article",
        "Gao in a Burkinabe article",
        "Niger alone is the country",
        "Niger state is the Nigerian state",
        "Mopti region is the region",
        "a Sudanese state written as ACLED writes it",
        "a supplement village picked by ACLED-style admin hints",
    ],
)
def test_default_resolves_conflict_places(
    default: Gazetteer, name: str, context: dict[str, Any], country: str, code: str
) -> None:
    found = default.resolve(name, **context)
    assert found is not None
    assert (found.place.country_code, found.place.feature_code) == (country, code)


def test_timbuktu_by_either_name_is_one_place(default: Gazetteer) -> None:
    english, french = default.resolve("Timbuktu"), default.resolve("Tombouctou")
    assert english is not None and french is not None and english.place == french.place


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("DRC", "Democratic Republic of Congo"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("PS", "Palestine"),
        ("Burma", "Myanmar"),
        ("UK", "United Kingdom"),
    ],
)
def test_default_countries_carry_acled_names(default: Gazetteer, query: str, name: str) -> None:
    found = default.country(query)
    assert found is not None and found.name == name == found.country


def test_default_is_geonames_sized(default: Gazetteer) -> None:
    codes = [default.index.features[f][1] for f in default.index.feature]
    assert len(default) > 240_000
    assert codes.count("PCLI") > 230
    assert codes.count("ADM1") > 2_500 and codes.count("ADM2") > 10_000


@pytest.mark.parametrize(
    ("written", "name", "country"),
    [
        ("Ar-Raqqa", "Ar Raqqah", "SY"),  # the article assimilated ("ar-"), the index holds the bare name
        ("Ad Dali", "Ad Dali'", "YE"),
        ("El Fasher", "El Fasher", "SD"),  # found as written: no rewriting when the name is known
    ],
)
def test_the_arabic_article_in_another_transliteration_still_finds_the_place(default: Gazetteer, written: str,
                                                                           name: str, country: str) -> None:
    assert default.contains(written)
    top = default.lookup(written)[0]
    assert (top.name, top.country_code) == (name, country)


def test_an_article_alone_before_an_unknown_name_finds_nothing(default: Gazetteer) -> None:
    assert not default.contains("Ar Qwxyzabad") and default.lookup("Ar Qwxyzabad") == []


@pytest.mark.parametrize(
    ("code", "capital"),
    [("ML", "Bamako"), ("bf", "Ouagadougou"), ("NG", "Abuja"), ("XX", None)],
    ids=["Mali", "a lower-case code", "a capital that is not the largest city", "no such country"],
)
def test_a_country_s_capital(default: Gazetteer, code: str, capital: str | None) -> None:
    found = default.capital(code)
    assert (found.name if found is not None else None) == capital


@pytest.mark.parametrize(
    ("name", "focus", "division"),
    [
        ("Wassit", (), "Wasit"),
        ("Hiraan", (), "Hiiraan"),
        ("Komondjari", ("BF",), "Komandjoari"),
        ("Wassit", ("SO",), None),
        ("Baram", (), None),
        ("Zzyzxville", (), None),
    ],
    ids=["a province spelt otherwise", "a region spelt otherwise", "within the focus country",
         "not outside the focus countries", "a short name is too risky a match", "nothing like it"],
)
def test_a_division_spelt_otherwise(default: Gazetteer, name: str, focus: tuple[str, ...],
                                    division: str | None) -> None:
    found = default.similar_region(name, focus)
    assert (found.name if found is not None else None) == division
