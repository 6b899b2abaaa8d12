"""Importing GeoNames dump files into a user gazetteer and resolving against it, alongside or instead of
another gazetteer. Fixtures are small made-up files in the real formats."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from gazetteer_world import ALTERNATES, WORLD

from events.cli.commands import main
from gazetteer import Gazetteer, GazetteerDataError
from gazetteer.geonames import kind_of
from gazetteer.userdb import USER_GAZETTEER_ENV, UserGazetteer, import_geonames


def _row(gid: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str, cc: str,
         admin1: str, admin2: str = "", population: int = 0) -> str:
    return (f"{gid}\t{name}\t{name}\t{alternates}\t{lat}\t{lon}\t{fclass}\t{fcode}\t{cc}\t\t{admin1}\t{admin2}"
            f"\t\t\t{population}\t\t300\tAfrica/Bamako\t2020-01-01\n")


# Made-up Malian villages (one namesake of a world town), a stream and a region.
ML_ROWS = (
    _row(9000001, "Tinkaré", "Tinkare,Tin Kare", 15.1, -2.3, "P", "PPL", "ML", "53", "5301", 1200)
    + _row(9000002, "Gao", "", 15.3, -2.0, "P", "PPL", "ML", "53", "5301", 300)
    + _row(9000003, "Oued Sablou", "", 15.2, -2.1, "H", "STM", "ML", "53")
    + _row(9000004, "Doulékoro", "", 14.2, -4.0, "P", "PPL", "ML", "55", "", 800)
)
ADMIN1 = "ML.53\tRégion de Mopti\tRegion de Mopti\t2453347\nML.55\tSégou\tSegou\t2451184\n"
ADMIN2 = "ML.53.5301\tCercle de Douentza\tCercle de Douentza\t2458588\n"
COUNTRY_INFO = ("#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea\tPopulation\tContinent\ttld\tCurrencyCode"
                "\tCurrencyName\tPhone\tPostal\tRegex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n"
                "ML\tMLI\t466\tML\tMali\tBamako\t1240000\t19077690\tAF\t.ml\tXOF\tFranc\t223\t\t\tfr-ML\t2453866"
                "\tSN,NE\t\n")
ALTERNATE_NAMES = ("1\t9000004\tfr\tDoulekoro-Bas\t\t\t\t\t\t\n"
                   "2\t9000004\tpost\t12345\t\t\t\t\t\t\n"
                   "3\t9000001\tlink\thttps://example.org/tinkare\t\t\t\t\t\t\n")


@pytest.fixture
def dump(tmp_path: Path) -> list[Path]:
    files = {"ML.txt": ML_ROWS, "admin1CodesASCII.txt": ADMIN1, "admin2Codes.txt": ADMIN2,
             "countryInfo.txt": COUNTRY_INFO, "alternateNamesV2.txt": ALTERNATE_NAMES}
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def user(dump: list[Path], tmp_path: Path) -> UserGazetteer:
    db = tmp_path / "user.sqlite"
    import_geonames(dump, db)
    return UserGazetteer.open(db)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tinkaré", ("9000001", "Mopti", "Douentza", 1200)),
        ("Tinkare", ("9000001", "Mopti", "Douentza", 1200)),
        ("Tin Kare", ("9000001", "Mopti", "Douentza", 1200)),
        ("Doulekoro-Bas", ("9000004", "Ségou", None, 800)),
        ("Oued Sablou", ("9000003", "Mopti", None, 0)),
    ],
    ids=["a village by its own name", "without its accent", "by an alternate name of its row",
         "by a name from the alternate-names file", "a stream is a place too"],
)
def test_imported_places_carry_admin_names(user: UserGazetteer, name: str,
                                           expected: tuple[str, str, str | None, int]) -> None:
    gazetteer = Gazetteer.from_user(user)
    res = gazetteer.resolve(name)
    assert res is not None
    place = res.place
    assert (place.geonameid, place.admin1, place.admin2, place.population) == expected
    assert place.country == "Mali" and place.country_code == "ML"


@pytest.mark.parametrize(
    ("name", "present"),
    [("12345", False), ("https://example.org/tinkare", False), ("Doulekoro", True)],
    ids=["a postal code is no name", "a link is no name", "the village itself is"],
)
def test_codes_and_links_are_not_names(user: UserGazetteer, name: str, present: bool) -> None:
    assert Gazetteer.from_user(user).contains(name) is present


@pytest.mark.parametrize(
    ("name", "context", "expected"),
    [
        ("Tinkaré", {}, "9000001"),
        ("Gao", {"admin_hints": ["Douentza", "Mopti"]}, "9000002"),
        ("Gao", {"focus": ["ML"]}, "gao-ml"),
        ("Boni", {"focus": ["ML"]}, "boni"),
    ],
    ids=[
        "a village only the user gazetteer has",
        "admin hints pick a small imported village over the regional capital of that name",
        "without them the larger namesake still wins",
        "the other gazetteer's own villages are unchanged",
    ],
)
def test_user_gazetteer_alongside(user: UserGazetteer, name: str, context: dict[str, list[str]],
                                  expected: str) -> None:
    gazetteer = Gazetteer.from_places(WORLD, ALTERNATES).with_user(user)
    res = gazetteer.resolve(name, **context)  # type: ignore[arg-type]
    assert res is not None and res.place.geonameid == expected


@pytest.mark.parametrize(
    ("name", "alongside"),
    [("Gao", False), ("Gao", True), ("Tinkaré", True), ("Mopti", False), ("Niger", False), ("Atlantis", True)],
    ids=[
        "two towns of one name in the other gazetteer",
        "the same two towns and an imported village of that name",
        "a village only the user gazetteer has",
        "a region and its namesake town",
        "a country and a foreign state",
        "a name no gazetteer has",
    ],
)
def test_kinds_describe_what_lookup_returns(user: UserGazetteer, name: str, alongside: bool) -> None:
    gazetteer = Gazetteer.from_places(WORLD, ALTERNATES)
    if alongside:
        gazetteer = gazetteer.with_user(user)
    expected = [(p.country_code, p.feature_class, p.feature_code, p.population) for p in gazetteer.lookup(name)]
    assert [tuple(kind) for kind in gazetteer.kinds(name)] == expected


def test_zip_member_imports_and_reimport_replaces(tmp_path: Path, dump: list[Path]) -> None:
    archive = tmp_path / "ML.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ML.txt", ML_ROWS.replace("\t1200\t", "\t1500\t"))
        zf.writestr("readme.txt", "not data")
    db = tmp_path / "user.sqlite"
    import_geonames(dump, db)
    stats = import_geonames([archive], db)
    assert stats.files == 1 and stats.places == 4
    with UserGazetteer.open(db) as user:
        assert len(user) == 4
        (place, alternate), = user.places("tinkare")
        assert place.population == 1500 and alternate is False  # its own name, folded


@pytest.mark.parametrize("twice", ["one import after another", "one import of both"])
def test_a_file_imported_again_leaves_each_name_once(tmp_path: Path, dump: list[Path], twice: str) -> None:
    db = tmp_path / "user.sqlite"
    import_geonames(dump, db)
    with sqlite3.connect(db) as con:
        once = sorted(con.execute("SELECT key, id, alt FROM name").fetchall())
    if twice == "one import after another":
        import_geonames(dump, db)
    else:
        db.unlink()
        import_geonames([*dump, *dump], db)
    with sqlite3.connect(db) as con:
        assert sorted(con.execute("SELECT key, id, alt FROM name").fetchall()) == once


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("ML.txt", "9000001\tTinkaré\n", "ML.txt, line 1: expected 15 tab-separated fields, got 2"),
        ("NE.txt", _row(1, "Ayorou", "", 14.7, 0.9, "P", "PPL", "NE", "08").replace("14.7", "north"),
         "NE.txt, line 1: latitude 'north' is not a number"),
        ("notes.csv", "a,b\n", "notes.csv: not a GeoNames dump file name"),
    ],
    ids=["a short row", "a coordinate that is no number", "a file of another kind"],
)
def test_bad_input_names_file_and_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerDataError) as info:
        import_geonames([path], tmp_path / "user.sqlite")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("allCountries.txt", "geoname"), ("ML.zip!ML.txt", "geoname"), ("cities15000.txt", "geoname"),
     ("alternateNamesV2.txt", "alternate"), ("admin1CodesASCII.txt", "admin1"), ("readme.txt", None)],
    ids=["the world dump", "a country file inside its zip", "a city list", "alternate names",
         "admin1 codes", "a readme is skipped"],
)
def test_files_are_recognised_by_name(name: str, kind: str | None) -> None:
    assert kind_of(name.split("!")[-1]) == kind


def test_opening_something_else_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(GazetteerDataError, match="no such gazetteer file"):
        UserGazetteer.open(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all, just bytes" * 10)
    with pytest.raises(GazetteerDataError, match="not an imported gazetteer"):
        UserGazetteer.open(junk)


# A made-up Malian village that shares its name with a Belgian town of the default gazetteer.
KAIN_ROWS = _row(9000101, "Kain", "", 14.6, -3.1, "P", "PPL", "ML", "53", "5301", 0)


def _imported(tmp_path: Path, rows: str) -> UserGazetteer:
    path = tmp_path / "XX.txt"
    path.write_text(rows, encoding="utf-8")
    db = tmp_path / "covered.sqlite"
    import_geonames([path], db)
    return UserGazetteer.open(db)


@pytest.mark.parametrize(
    ("countries", "expected"),
    [(("ML",), ("ML",)), (("ML", "BF", "NE"), ("BF", "ML", "NE")),
     (tuple(f"{a}{b}" for a in "ABCDEFGHIJKL" for b in "Q"), ())],
    ids=["one country's file", "a region's files", "more countries than a region (a world dump)"],
)
def test_coverage_is_the_few_countries_imported(tmp_path: Path, countries: tuple[str, ...],
                                                expected: tuple[str, ...]) -> None:
    rows = "".join(_row(9000200 + i, f"Village {i}", "", 14.0, -3.0, "P", "PPL", cc, "01")
                   for i, cc in enumerate(countries))
    with _imported(tmp_path, rows) as user:
        assert Gazetteer.from_places(WORLD, ALTERNATES).with_user(user).coverage == expected
    assert Gazetteer.from_places(WORLD, ALTERNATES).coverage == ()


@pytest.mark.parametrize(
    ("text", "imported", "expected"),
    [
        ("Gunmen attacked the market in Kain on Monday, killing two traders.", True, "Mali"),
        ("Gunmen attacked the market in Kain on Monday, killing two traders.", False, "Belgium"),
        ("Belgian police arrested two men after a brawl in Kain on Monday.", True, "Belgium"),
    ],
    ids=["a story that names no country: the village of the country imported",
         "without the import, the town of that name",
         "a story that points at another country keeps its namesake there"],
)
def test_an_imported_country_is_where_a_story_naming_none_is(tmp_path: Path, text: str, imported: bool,
                                                             expected: str) -> None:
    from events.pipeline import Pipeline  # the events layer, only for this test of the whole path
    from schemas import Article

    with _imported(tmp_path, KAIN_ROWS) as user:
        gazetteer = Gazetteer.default().with_user(user) if imported else Gazetteer.default()
        extraction = Pipeline(gazetteer).extract(Article(article_id="a", text=text, published_at=date(2018, 3, 7)))
        countries = {m.place.country for event in extraction.events for m in event.places if m.place}
    assert countries == {expected}


def test_environment_variable_selects_the_user_gazetteer(user: UserGazetteer, monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv(USER_GAZETTEER_ENV, str(user.path))
    found = UserGazetteer.from_env()
    assert found is not None and found.path == user.path
    monkeypatch.setenv(USER_GAZETTEER_ENV, "")
    assert UserGazetteer.from_env() is None


def test_cli_import(dump: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "cli.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "import", *map(str, dump), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Imported 5 files: 4 places, 6 names, 4 codes into {out}",
        f"Use it with: export {USER_GAZETTEER_ENV}={out}",
    ]
    bad = tmp_path / "XX.txt"
    bad.write_text("1\tOnly two\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["gazetteer", "import", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {bad}, line 1: expected 15 tab-separated fields, got 2"


def test_a_damaged_gazetteer_fails_lookups_with_one_error(tmp_path: Path) -> None:
    """Damage inside the file that opening does not see comes out of a lookup as GazetteerDataError, never as
    sqlite3's own errors."""
    source = tmp_path / "allCountries.txt"
    source.write_text("".join(_row(100 + i, f"Place{i}", "", 10.0, 10.0, "P", "PPL", "ML", "53") for i in range(3000)),
                      encoding="utf-8")
    db = tmp_path / "user.sqlite"
    import_geonames([source], db)
    data = bytearray(db.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 3 * 4096] = bytes(range(256)) * 48  # three pages of nonsense
    db.write_bytes(bytes(data))
    failures = 0
    with UserGazetteer.open(db) as user:
        for i in range(0, 3000, 7):
            try:
                user.places(f"place{i}")
                user.contains(f"place{i}")
            except GazetteerDataError as exc:
                failures += 1
                assert str(exc).startswith(f"{db}: damaged gazetteer (")
                assert str(exc).endswith("); delete it and import the GeoNames files again "
                                         "with 'events gazetteer import'")
    assert failures > 0


def test_places_of_impossible_coordinates_already_stored_are_left_out(user: UserGazetteer, tmp_path: Path) -> None:
    db = tmp_path / "user.sqlite"
    with sqlite3.connect(db) as con:  # as an import before coordinates were checked wrote them
        con.execute("UPDATE place SET lat = 9e999 WHERE id = 9000001")
        con.execute("UPDATE place SET lon = -181 WHERE id = 9000004")
    con.close()
    with UserGazetteer.open(db) as reopened:
        assert reopened.places("tinkare") == [] and reopened.places("doulekoro") == []
        assert [p.geonameid for p, _ in reopened.places("gao")] == ["9000002"]


def test_a_gazetteer_whose_path_has_uri_characters_opens(dump: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "a#b?c%20d.sqlite"  # '?' and '#' would end the path of an unquoted file: URI
    import_geonames(dump, db)
    with UserGazetteer.open(db) as user:
        assert len(user) == 4
