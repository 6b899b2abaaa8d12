"""Area centres (the middle of a region or country, as geoparsing corpora place it) and region
abbreviations ("Ga.", "W. Va."): the helpers on made-up points, the packaged tables, the default index."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import Gazetteer, GazetteerDataError, Place
from gazetteer.centers import (
    abbreviation_keys,
    bbox_center,
    read_abbreviations,
    read_country_centers,
    region_centers,
)
from gazetteer.resolve import distance_km


@pytest.mark.parametrize(
    ("points", "center"),
    [
        ([(10.0, 20.0), (12.0, 24.0), (11.0, 21.0)], (11.0, 22.0)),
        ([(60.0, 170.0), (62.0, -170.0)], (61.0, 180.0)),
        ([(60.0, 170.0), (64.0, -160.0)], (62.0, -175.0)),
        ([(-5.0, -60.0)], (-5.0, -60.0)),
    ],
    ids=["the middle of the box", "a box across the antimeridian is taken the short way",
         "and its middle may fall on the far side", "one point is its own centre"],
)
def test_bbox_center(points: list[tuple[float, float]], center: tuple[float, float]) -> None:
    lat, lon = bbox_center(points)
    assert (round(lat, 6), round(lon, 6)) == center


def _town(gid: str, cc: str, admin1: str, admin2: str | None, lat: float, lon: float) -> Place:
    return Place(gid, gid, None, cc, admin1, admin2, lat, lon, "P", "PPL", 100)


def test_region_centers_span_the_towns_inside() -> None:
    towns = [_town("a", "US", "Ohio", "Greene", 40.0, -84.0), _town("b", "US", "Ohio", "Lake", 41.6, -81.2),
             _town("c", "US", "Ohio", "Greene", 39.6, -83.8)]
    centers = region_centers(towns)
    assert centers["adm1:US:ohio"] == pytest.approx((40.6, -82.6))
    assert centers["adm2:US:ohio:greene"] == pytest.approx((39.8, -83.9))
    assert centers["adm2:US:ohio:lake"] == pytest.approx((41.6, -81.2))


@pytest.mark.parametrize(
    ("text", "keys"),
    [("W. Va.", ("W.Va.",)), ("N.C", ("N.C", "N.C.")), ("Calif", ("Calif",)), ("Ga.", ("Ga.",))],
    ids=["spaces do not matter", "a lost final dot is restored after an inner one",
         "a bare word is not taken for an abbreviation", "the AP form is kept as written"],
)
def test_abbreviation_keys(text: str, keys: tuple[str, ...]) -> None:
    assert abbreviation_keys(text) == keys


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("iso2,latitude,longitude,source\nML,17,-4,\n", "needs an ISO2 code, a point and a source"),
        ("iso2,latitude,longitude,source\nML,north,-4,atlas\n", "bad coordinates"),
        ("code,lat,lon,source\n", "expected header"),
    ],
    ids=["a row without a source", "a latitude that is no number", "another header"],
)
def test_country_centers_file_is_checked(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "centers.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerDataError, match=message):
        read_country_centers(path)


def test_abbreviations_file_rejects_a_form_for_two_regions(tmp_path: Path) -> None:
    path = tmp_path / "abbreviations.csv"
    path.write_text("country_code,admin1,abbreviations,source\nUS,Georgia,Ga.,style\nUS,Guam,Ga.,style\n",
                    encoding="utf-8")
    with pytest.raises(GazetteerDataError, match="ambiguous abbreviation 'Ga.'"):
        read_abbreviations(path)


def test_packaged_tables_are_well_formed() -> None:
    centers = read_country_centers()
    assert len(centers) > 100 and all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in centers.values())
    abbreviations = read_abbreviations()
    assert abbreviations["Calif."] == ("US", "California") and abbreviations["W.Va."] == ("US", "West Virginia")


@pytest.fixture(scope="module")
def default() -> Gazetteer:
    return Gazetteer.default()


def test_every_abbreviation_names_a_region_of_the_default(default: Gazetteer) -> None:
    missing = {target for target in read_abbreviations().values() if default.region(*target) is None}
    assert not missing


def test_every_country_center_lies_near_its_country(default: Gazetteer) -> None:
    """A typo in the table would put a centre in another country: each must be within 2,000 km of the
    country's capital point (Russia's and Canada's interiors are the farthest)."""
    far = {}
    for iso2, (lat, lon) in read_country_centers().items():
        country = default.country(iso2)
        if country is not None and distance_km(lat, lon, country.latitude, country.longitude) > 2000:
            far[iso2] = round(distance_km(lat, lon, country.latitude, country.longitude))
    assert set(far) <= {"RU", "CA"}, far


@pytest.mark.parametrize(
    ("name", "focus", "admin1", "code"),
    [
        ("Ga.", [], "Georgia", "ADM1"),
        ("W. Va.", [], "West Virginia", "ADM1"),
        ("Calif.", ["US"], "California", "ADM1"),
        ("Ont.", ["CA"], "Ontario", "ADM1"),
    ],
    ids=["Georgia by its AP abbreviation", "West Virginia with a space", "California", "a Canadian province"],
)
def test_default_resolves_abbreviations(default: Gazetteer, name: str, focus: list[str], admin1: str,
                                        code: str) -> None:
    res = default.resolve(name, focus=focus)
    assert res is not None
    assert (res.place.admin1, res.place.feature_code) == (admin1, code)


@pytest.mark.parametrize(
    ("name", "focus", "within_km_of"),
    [
        ("Texas", ["US"], (31.0, -99.0)),
        ("Russia", [], (60.0, 100.0)),
        ("Mali", [], (17.0, -4.0)),
    ],
    ids=["a state is centred in its middle, not at its largest city", "a country at its curated centre",
         "a Sahelian country far from its capital"],
)
def test_default_area_centres(default: Gazetteer, name: str, focus: list[str],
                              within_km_of: tuple[float, float]) -> None:
    res = default.resolve(name, focus=focus)
    assert res is not None
    lat, lon = default.center(res.place)
    assert distance_km(lat, lon, *within_km_of) < 150
    assert distance_km(res.place.latitude, res.place.longitude, *within_km_of) > 150  # its point stays put
