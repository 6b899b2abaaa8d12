"""Folding makes spellings meet; the alternate-name filter keeps codes and other scripts out."""

from __future__ import annotations

import pytest

from gazetteer.folding import fold, is_latin, keep_alternate
from gazetteer.regions import display_name, region_aliases


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Sévaré", "Sevare"),
        ("Al-Jawf", "Al Jawf"),
        ("N'Djamena", "N Djamena"),
        ("N’Djamena", "N'Djamena"),
        ("  Ségou ", "SEGOU"),
        ("St. Louis", "St Louis"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("Tillabéri", "tillaberi"),
        ("Dar es-Salaam", "Dar es Salaam"),
        ("North-West", "Northwest"),
        ("South West Region", "Southwest Region"),
    ],
    ids=[
        "accents fold away",
        "a hyphen is a space",
        "an apostrophe is a space",
        "curly and straight apostrophes",
        "case and surrounding blanks",
        "a dot is a space",
        "accent and apostrophe together",
        "accented capital letters",
        "mixed hyphen and space",
        "a compass compound written with a hyphen or as one word",
        "a compass compound written with a space or as one word",
    ],
)
def test_two_spellings_of_one_name_fold_to_the_same_key(written: str, other: str) -> None:
    assert fold(written) == fold(other)


@pytest.mark.parametrize(
    ("written", "key"),
    [("Sévaré", "sevare"), ("Al-Jawf", "al jawf"), ("Ouagadougou  -  Centre", "ouagadougou centre")],
    ids=["one word", "two words", "runs of separators collapse"],
)
def test_the_folded_key_is_lower_case_ascii_with_single_spaces(written: str, key: str) -> None:
    assert fold(written) == key


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Tombouctou", True),
        ("Berlîn", True),
        ("Bal'ad", True),
        ("BER", False),
        ("EDDB", False),
        ("brlyn", False),
        ("Βερολίνο", False),
        ("برلين", False),
        ("Xi", False),
        ("12", False),
    ],
    ids=[
        "a French exonym is kept",
        "a Latin name with a circumflex is kept",
        "an apostrophe does not disqualify",
        "an IATA code is dropped",
        "an ICAO code is dropped",
        "a lower-case transliteration is dropped",
        "Greek script is dropped",
        "Arabic script is dropped",
        "two letters are too few",
        "digits are not a name",
    ],
)
def test_alternate_names_worth_indexing(name: str, kept: bool) -> None:
    assert keep_alternate(name) is kept


@pytest.mark.parametrize(
    ("name", "latin"),
    [("Sévaré", True), ("Łódź", True), ("Ḩamāh", True), ("Москва", False)],
    ids=["French accents", "Polish letters", "transliteration dots", "Cyrillic"],
)
def test_latin_script_detection(name: str, latin: bool) -> None:
    assert is_latin(name) is latin


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("Muhafazat Hadramawt", "Hadramawt"),
        ("Soqatra Governorate", "Soqatra"),
        ("Departement de l'Isere", "Isere"),
        ("Los Angeles County", "Los Angeles"),
        ("Province du Yagha", "Yagha"),
        ("Kyiv City", "Kyiv City"),
        ("Red Sea", "Red Sea"),
    ],
    ids=[
        "an Arabic administrative prefix goes",
        "a Governorate suffix goes",
        "a French departement prefix goes",
        "a County suffix goes",
        "a Burkinabe province prefix goes",
        "City stays: it names a unit of its own",
        "an ordinary two-word name is untouched",
    ],
)
def test_admin_names_are_shown_without_generic_words(original: str, shown: str) -> None:
    assert display_name(original) == shown


@pytest.mark.parametrize(
    ("name", "alias"),
    [
        ("Northern Darfur", "north darfur"),
        ("Southern Kordofan", "south kordofan"),
        ("Muhafazat Hadramawt", "hadramawt"),
        ("Los Angeles County", "los angeles"),
    ],
    ids=[
        "Northern X is also North X",
        "Southern X is also South X",
        "the bare name of a governorate",
        "a county without the word county",
    ],
)
def test_region_aliases_cover_how_text_names_a_region(name: str, alias: str) -> None:
    assert alias in region_aliases(name)
