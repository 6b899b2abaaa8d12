"""The packaged data files are valid, and a malformed row is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import GazetteerDataError
from gazetteer.countries import COUNTRIES_FILE, country_table, read_country_rows
from gazetteer.errors import GazetteerError
from gazetteer.supplement import HEADER, SUPPLEMENT_FILE, read_supplement

GOOD_ROW = "sup:ML:sevare,Sévaré,Sevare,ML,Mopti,Mopti,14.53,-4.10,PPL,40000,Wikipedia 'Sévaré'"


def write_supplement(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "supplement.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + "\n", encoding="utf-8")
    return path


def test_a_good_supplement_row_becomes_a_place(tmp_path: Path) -> None:
    path = write_supplement(
        tmp_path, GOOD_ROW, "", "sup:ML:boni,Boni,,ML,Mopti,Douentza,15.07,-2.22,PPL,,atlas"
    )
    first, second = read_supplement(path, {"ML": "Mali"})
    assert first.place.name == "Sévaré" and first.place.country == "Mali"
    assert (first.place.latitude, first.place.longitude, first.place.population) == (14.53, -4.10, 40000)
    assert first.alternate_names == ("Sevare",)
    assert (second.place.feature_class, second.place.population, second.place.admin2) == ("P", 0, "Douentza")


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("sup:ML:boni,Boni,,ML,Mopti,Douentza,95.0,-2.22,PPL,,atlas", "latitude"),
        ("sup:ML:boni,Boni,,ML,Mopti,Douentza,15.07,west,PPL,,atlas", "longitude"),
        ("ML-boni,Boni,,ML,Mopti,Douentza,15.07,-2.22,PPL,,atlas", "id"),
        ("sup:ML:boni,Boni,,NE,Mopti,Douentza,15.07,-2.22,PPL,,atlas", "country_code"),
        ("sup:ML:boni,Boni,,ML,Mopti,Douentza,15.07,-2.22,XYZ,,atlas", "feature_code"),
        ("sup:ML:boni,Boni,,ML,Mopti,Douentza,15.07,-2.22,PPL,many,atlas", "population"),
        ("sup:ML:boni,Boni,,ML,Mopti,Douentza,15.07,-2.22,PPL,,", "source"),
        ("sup:ML:boni,,,ML,Mopti,Douentza,15.07,-2.22,PPL,,atlas", "name"),
        ("sup:ML:boni,Boni,ML,Mopti,15.07,-2.22,PPL,,atlas", "fields"),
        (GOOD_ROW, "used twice"),
    ],
    ids=[
        "a latitude beyond the pole",
        "a longitude that is a word",
        "an id without the sup: prefix",
        "a country code that contradicts the id",
        "an unknown feature code",
        "a population that is a word",
        "a row that does not say where its coordinates come from",
        "a row without a name",
        "a row with a missing field",
        "the same id twice",
    ],
)
def test_a_malformed_supplement_row_names_file_and_line(tmp_path: Path, row: str, complaint: str) -> None:
    path = write_supplement(tmp_path, GOOD_ROW, row)
    with pytest.raises(GazetteerDataError) as caught:
        read_supplement(path, {})
    message = str(caught.value)
    assert str(path) in message and "line 3" in message and complaint in message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, GazetteerError)


def test_a_supplement_with_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "supplement.csv"
    path.write_text("name,lat,lon\nSevare,14.5,-4.1\n", encoding="utf-8")
    with pytest.raises(GazetteerDataError, match="line 1"):
        read_supplement(path, {})


def test_a_missing_supplement_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerDataError, match="nowhere.csv"):
        read_supplement(tmp_path / "nowhere.csv", {})


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("Mali,ML,,", "alpha-2"),
        ("NE,,Republic of Niger,Nigerien", "no name"),
        ("ML,Mali,,", "twice"),
        ("NE,Niger", "fields"),
    ],
    ids=["columns swapped", "a country without a name", "the same code twice", "a short row"],
)
def test_a_malformed_country_row_names_file_and_line(tmp_path: Path, row: str, complaint: str) -> None:
    path = tmp_path / "countries.csv"
    path.write_text(f"iso2,name,aliases,demonyms\nML,Mali,,Malian\n{row}\n", encoding="utf-8")
    with pytest.raises(GazetteerDataError) as caught:
        read_country_rows(path)
    assert str(path) in str(caught.value) and "line 3" in str(caught.value) and complaint in str(caught.value)


@pytest.mark.parametrize(
    ("name", "iso2"),
    [
        ("Democratic Republic of Congo", "CD"),
        ("Republic of Congo", "CG"),
        ("Palestine", "PS"),
        ("Ivory Coast", "CI"),
        ("Czech Republic", "CZ"),
        ("Russia", "RU"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Laos", "LA"),
        ("Vietnam", "VN"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Moldova", "MD"),
        ("eSwatini", "SZ"),
        ("Cape Verde", "CV"),
        ("Myanmar", "MM"),
        ("Turkey", "TR"),
        ("Kosovo", "XK"),
    ],
)
def test_the_country_table_uses_acled_names(name: str, iso2: str) -> None:
    table = country_table(read_country_rows(COUNTRIES_FILE))
    assert table.names[iso2] == name


@pytest.mark.parametrize(
    ("alias", "iso2"),
    [
        ("Cote d'Ivoire", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Burma", "MM"),
        ("Czechia", "CZ"),
        ("Swaziland", "SZ"),
        ("Palestinian Territory", "PS"),
    ],
)
def test_the_country_table_knows_other_names(alias: str, iso2: str) -> None:
    from gazetteer import fold

    assert country_table(read_country_rows(COUNTRIES_FILE)).by_name[fold(alias)] == iso2


@pytest.mark.parametrize(
    ("acronym", "iso2"),
    [("DRC", "CD"), ("UK", "GB"), ("US", "US"), ("USA", "US"), ("UAE", "AE"), ("CAR", "CF")],
)
def test_country_acronyms_are_matched_as_written(acronym: str, iso2: str) -> None:
    table = country_table(read_country_rows(COUNTRIES_FILE))
    assert table.acronyms[acronym] == iso2
    assert acronym.lower() not in table.by_name


def test_every_country_with_a_demonym_in_the_brief_has_it() -> None:
    demonyms = country_table(read_country_rows(COUNTRIES_FILE)).demonyms
    expected = {
        "malian": "ML",
        "nigerien": "NE",
        "nigerian": "NG",
        "burkinabe": "BF",
        "somali": "SO",
        "sudanese": "SD",
        "congolese": "CD",
        "chadian": "TD",
        "cameroonian": "CM",
        "ukrainian": "UA",
        "russian": "RU",
        "syrian": "SY",
        "yemeni": "YE",
        "afghan": "AF",
        "pakistani": "PK",
        "indian": "IN",
        "mexican": "MX",
        "brazilian": "BR",
        "lebanese": "LB",
        "iraqi": "IQ",
        "libyan": "LY",
        "turkish": "TR",
        "israeli": "IL",
        "palestinian": "PS",
        "iranian": "IR",
    }
    assert {word: demonyms.get(word) for word in expected} == expected


def test_the_packaged_supplement_is_valid_and_sourced() -> None:
    entries = read_supplement(SUPPLEMENT_FILE, {})
    assert 20 <= len(entries) <= 40
    assert all(e.source and e.place.geonameid.startswith(f"sup:{e.place.country_code}:") for e in entries)
    assert {"Sévaré", "Boni"} <= {e.place.name for e in entries}
