"""GeoNames' divisions in the default gazetteer (data/admin_units.csv.gz): their usual forms are found, ACLED's
admin hints fix the country when the village is unknown, and the shipped file is what
scripts/derive_admin_units.py derives."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from events.pipeline import Pipeline
from gazetteer import Gazetteer, GazetteerDataError, Place
from gazetteer.build import Sources
from gazetteer.cache import inputs_digest
from gazetteer.regions import (
    ADMIN_UNITS_FILE,
    ADMIN_UNITS_HEADER,
    AdminUnit,
    display_name,
    read_admin_units,
    region_aliases,
    unit_regions,
)
from schemas import Article

ROOT = Path(__file__).resolve().parents[2]
GEONAMES = ROOT.parent / "shared" / "geonames"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Gazetteer.default())


def places_of(pipeline: Pipeline, text: str) -> list[tuple[str, str | None, str | None]]:
    """(mention, country, feature code) of every place of every event found in `text`."""
    extraction = pipeline.extract(Article(article_id="a", text=text, published_at=date(2018, 3, 5)))
    return [(m.text, m.place.country if m.place else None, m.place.feature_code if m.place else None)
            for event in extraction.events for m in event.places]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed two civilians in Gnagna province on Monday.", [("Gnagna", "Burkina Faso", "ADM2")]),
        ("Gunmen killed two civilians in the Province de la Gnagna on Monday.",
         [("Gnagna", "Burkina Faso", "ADM2")]),
        ("Gunmen killed two civilians in Gnagna on Monday.", [("Gnagna", "Burkina Faso", "ADM2")]),
        ("Suspected militants attacked an army post in the Cercle de Douentza on Monday, killing three soldiers.",
         [("Douentza", "Mali", "PPL")]),
        ("Boko Haram fighters killed five farmers in Borno State on Monday.", [("Borno", "Nigeria", "ADM1")]),
        # the village keeps its name, coded at the most local unit named
        ("On 3 March, an IED struck a military vehicle near Koutougou (Koutougou, Soum), killing two soldiers.",
         [("Koutougou", "Burkina Faso", "ADM2")]),
        ("On 3 March, an IED struck a military vehicle near Koutougou, Soum Province, killing two soldiers.",
         [("Koutougou", "Burkina Faso", "ADM2")]),
        # a region does not hold itself: the hint "Kati" is the commune the town is in, no Tanzanian district
        ("On 2 March, traders blocked the main road in Kati, Kati Commune (Kati, Koulikoro) to protest against a new "
         "market tax.", [("Kati", "Mali", "PPL")]),
        # two obscure Indonesian namesakes 1,000 km apart do not agree with each other against the Malian army
        ("On 3 March, the Malian army clashed with militants in the area of Doma, Koro, killing four.",
         [("Koro", "Mali", "PPL")]),
        # a village known only abroad, coded at the town its brackets name (a town of 25,000 with no country named)
        ("On 3 March, unknown gunmen attacked the village of Doma (Madougou, Koro), killing two herders.",
         [("Koro", "Mali", "PPL")]),
    ],
    ids=["X province", "Province de la X", "the bare name", "Cercle de X (at its seat)", "X State",
         "ACLED's hint with an unknown village", "X Province after an unknown village",
         "a hint naming the place's own unit", "namesakes of a place and its hint far apart",
         "a town in the brackets of a village known only abroad"],
)
def test_admin_units_are_found_in_their_usual_forms(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert places_of(pipeline, text) == expected


@pytest.mark.parametrize(
    ("name", "shown", "aliases"),
    [
        ("Province de la Gnagna", "Gnagna", ("gnagna",)),
        ("Gnagna Province", "Gnagna", ("gnagna",)),
        ("Province du Soum", "Soum", ("soum",)),
        ("Province des Balé", "Balé", ("bale",)),
        ("Province d'Oubritenga", "Oubritenga", ("oubritenga",)),
        ("Cercle de Douentza", "Douentza", ("douentza",)),
        ("Douentza Cercle", "Douentza", ("douentza",)),
        ("Borno State", "Borno", ("borno",)),
        ("Région du Centre-Nord", "Centre-Nord", ("centre nord",)),
        ("Departamento de Antioquia", "Antioquia", ("antioquia",)),
        ("Distrito Federal", "Distrito Federal", ()),
        ("Kyiv City", "Kyiv City", ("kyiv",)),
    ],
)
def test_generic_words_are_stripped_from_division_names(name: str, shown: str, aliases: tuple[str, ...]) -> None:
    assert (display_name(name), region_aliases(name)) == (shown, aliases)


def test_the_shipped_units_are_read_with_their_points() -> None:
    units = {unit.geonameid: unit for unit in read_admin_units()}
    gnagna = units["2360516"]
    assert (gnagna.country_code, gnagna.level, gnagna.name) == ("BF", 2, "Gnagna Province")
    assert gnagna.point_source.startswith("place:")


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("BF,08,21,Gnagna Province,Gnagna Province,2360516,north,-0.14661,place:2362323,36509", "line 2: could not"),
        ("BF,08,21,Gnagna Province,Gnagna Province,2360516,95.0,-0.14661,place:2362323,36509", "line 2: a unit needs"),
        ("BF,08,21,Gnagna Province", "line 2: expected 10 fields"),
    ],
)
def test_a_bad_row_names_its_file_and_line(tmp_path: Path, row: str, complaint: str) -> None:
    path = tmp_path / "units.csv.gz"
    path.write_bytes(gzip.compress((",".join(ADMIN_UNITS_HEADER) + "\n" + row + "\n").encode()))
    with pytest.raises(GazetteerDataError, match=complaint):
        read_admin_units(path)


def test_a_file_that_is_not_gzip_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "units.csv.gz"
    path.write_text("country_code\n", encoding="utf-8")
    with pytest.raises(GazetteerDataError, match="cannot read the admin units"):
        read_admin_units(path)


@pytest.mark.skipif(not (GEONAMES / "admin2Codes.txt").exists(), reason="../shared/geonames is not here")
def test_the_shipped_file_is_what_the_script_derives(tmp_path: Path) -> None:
    out = tmp_path / "admin_units.csv.gz"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "derive_admin_units.py"), "--geonames",
                           str(GEONAMES), "--out", str(out)], capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == ADMIN_UNITS_FILE.read_bytes()


def region(gid: str, name: str, admin1: str, admin2: str | None = None) -> Place:
    return Place(gid, name, "Testland", "TL", admin1, admin2, 1.0, 2.0, "A", "ADM2" if admin2 else "ADM1", 100)


def unit(gid: str, a1: str, a2: str, name: str, source: str = "place:1") -> AdminUnit:
    return AdminUnit("TL", a1, a2, name, name, gid, 3.0, 4.0, source, 50)


EXISTING = [region("adm1:TL:northern", "Northern", "Northern"),
            region("adm2:TL:northern:lake", "Lake", "Northern", "Lake")]
UNITS = [
    unit("10", "01", "", "Northern Region"),  # the region Northern already is
    unit("11", "01", "001", "Province du Lake"),  # Lake, in Northern, already is
    unit("12", "02", "", "South"),
    unit("13", "02", "002", "Lake County", "admin1:1"),  # another Lake, in South: a unit of its own
    unit("14", "02", "003", "Harbour District"),  # named after its seat, the town Harbour
]


def test_units_already_regions_add_their_spellings_and_the_others_their_places() -> None:
    added, names = unit_regions(UNITS, EXISTING, {}, {"TL": "Testland"}, frozenset({("TL", "harbour")}))
    assert [(p.geonameid, p.name, p.admin1, p.admin2, p.feature_code) for p in added] == [
        ("12", "South", "South", None, "ADM1"),
        ("13", "Lake", "South", "Lake", "ADM2"),
    ]
    assert names["adm1:TL:northern"] == ("north region",)
    assert names["adm2:TL:northern:lake"] == ()
    assert names["13"] == ()


def test_the_admin_units_file_keys_the_cached_index(tmp_path: Path) -> None:
    copy = tmp_path / "admin_units.csv.gz"
    copy.write_bytes(ADMIN_UNITS_FILE.read_bytes())
    sources = Sources(cities=copy, gn_countries=copy, admin_rows=copy, admin_units=copy)
    before = inputs_digest(sources.files(), include_code=False)
    copy.write_bytes(gzip.compress(b"country_code\n", mtime=0))
    assert inputs_digest(sources.files(), include_code=False) != before
