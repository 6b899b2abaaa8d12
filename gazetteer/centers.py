"""Centre points of areas (countries, first- and second-level regions) and abbreviations of regions.

A region's *point* is its capital-like most populous place (where ACLED codes region-level events); its
*centre* is the middle of the area, the convention of geoparsing corpora and GeoNames itself. Region
centres are the middle of the bounding box of the places inside them (checked against GeoNames' ADM1
points on a sample of US states and Canadian provinces: most within 100 km); country centres come from a
curated table, since outlying islands and empty interiors make a box of the places a poor guess.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import GazetteerDataError
from .model import Place
from .regions import region_id

COUNTRY_CENTERS_FILE = Path(__file__).parent / "data" / "country_centers.csv"
ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "abbreviations.csv"

Point = tuple[float, float]


def bbox_center(points: Iterable[Point]) -> Point:
    """Middle of the bounding box; longitudes across the antimeridian are taken the short way round."""
    lats: list[float] = []
    lons: list[float] = []
    for lat, lon in points:
        lats.append(lat)
        lons.append(lon)
    if not lats:
        raise ValueError("no points")
    west, east = min(lons), max(lons)
    shifted = [lon + 360.0 if lon < 0 else lon for lon in lons]
    s_west, s_east = min(shifted), max(shifted)
    lon = (west + east) / 2
    if s_east - s_west < east - west:
        lon = (s_west + s_east) / 2
        lon = lon - 360.0 if lon > 180.0 else lon
    return ((min(lats) + max(lats)) / 2, lon)


def region_centers(places: Iterable[Place]) -> dict[str, Point]:
    """Centre of every ADM1/ADM2 region `build_regions` derives from these places, keyed by region id."""
    members: dict[str, list[Point]] = defaultdict(list)
    for place in places:
        if place.feature_class != "P" or not place.country_code or not place.admin1:
            continue
        point = (place.latitude, place.longitude)
        members[region_id(1, place.country_code, place.admin1)].append(point)
        if place.admin2:
            members[region_id(2, place.country_code, place.admin1, place.admin2)].append(point)
    return {rid: bbox_center(points) for rid, points in members.items()}


def read_country_centers(path: Path = COUNTRY_CENTERS_FILE) -> dict[str, Point]:
    """iso2 -> (latitude, longitude) from the curated table."""
    out: dict[str, Point] = {}
    for line_no, row in _rows(path, ["iso2", "latitude", "longitude", "source"]):
        try:
            lat, lon = float(row[1]), float(row[2])
        except ValueError as exc:
            raise GazetteerDataError(f"{path}, line {line_no}: bad coordinates: {exc}") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(row[0]) != 2 or not row[3].strip():
            raise GazetteerDataError(f"{path}, line {line_no}: needs an ISO2 code, a point and a source")
        out[row[0]] = (lat, lon)
    return out


def read_abbreviations(path: Path = ABBREVIATIONS_FILE) -> dict[str, tuple[str, str]]:
    """Abbreviation key (see `abbreviation_key`) -> (country code, admin1 name)."""
    out: dict[str, tuple[str, str]] = {}
    for line_no, row in _rows(path, ["country_code", "admin1", "abbreviations", "source"]):
        if not row[3].strip():
            raise GazetteerDataError(f"{path}, line {line_no}: every row needs a source")
        for form in row[2].split("|"):
            key = abbreviation_key(form)
            if not key or (key in out and out[key] != (row[0], row[1])):
                raise GazetteerDataError(f"{path}, line {line_no}: empty or ambiguous abbreviation {form!r}")
            out[key] = (row[0], row[1])
    return out


def abbreviation_key(text: str) -> str:
    """Spaces dropped, case kept: "W. Va." and "W.Va." meet, "Ga." and "GA" stay apart from "ga"."""
    return "".join(text.split())


def abbreviation_keys(text: str) -> tuple[str, ...]:
    """Keys to try for a mention: as written, and without a final dot when the form has another
    ("N.C" cut by a tokenizer); a bare "Calif" is left alone, as words such as "Miss" would follow."""
    key = abbreviation_key(text)
    if key.endswith(".") or "." not in key:
        return (key,)
    return (key, key + ".")


def abbreviation_targets(abbreviations: Mapping[str, tuple[str, str]], places: Sequence[Place]) -> dict[str, int]:
    """Abbreviation key -> index in `places` of the ADM1 region it names, for regions present."""
    regions = {(p.country_code, p.admin1): i for i, p in enumerate(places) if p.feature_code == "ADM1"}
    return {key: regions[target] for key, target in abbreviations.items() if target in regions}


def _rows(path: Path, header: list[str]) -> Iterable[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            found = next(reader, None)
            if found != header:
                raise GazetteerDataError(f"{path}, line 1: expected header {header}, got {found}")
            for line_no, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise GazetteerDataError(f"{path}, line {line_no}: expected {len(header)} fields")
                yield line_no, [cell.strip() for cell in row]
    except OSError as exc:
        raise GazetteerDataError(f"{path}: cannot read: {exc}") from exc
