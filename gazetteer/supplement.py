"""The curated supplement (`data/supplement.csv`): conflict-relevant places the GeoNames lists lack."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import GazetteerDataError
from .model import Place

SUPPLEMENT_FILE = Path(__file__).parent / "data" / "supplement.csv"
HEADER = [
    "id",
    "name",
    "alternate_names",
    "country_code",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "feature_code",
    "population",
    "source",
]
_ID = re.compile(r"sup:[A-Z]{2}:[a-z0-9][a-z0-9_-]*")
_ISO2 = re.compile(r"[A-Z]{2}")
FEATURE_CLASS = {
    "PPL": "P",
    "PPLA": "P",
    "PPLA2": "P",
    "PPLA3": "P",
    "PPLA4": "P",
    "PPLC": "P",
    "PPLL": "P",
    "PPLX": "P",
    "ADM1": "A",
    "ADM2": "A",
    "CMPRF": "S",
    "MILB": "S",
}


@dataclass(frozen=True, slots=True)
class SupplementEntry:
    place: Place
    alternate_names: tuple[str, ...]
    source: str


def _coordinate(raw: str, limit: float, what: str, where: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise GazetteerDataError(f"{where}: {what} {raw!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise GazetteerDataError(f"{where}: {what} {raw!r} is out of range")
    return value


def _entry(cells: list[str], where: str, country_names: Mapping[str, str]) -> SupplementEntry:
    if len(cells) != len(HEADER):
        raise GazetteerDataError(f"{where}: expected {len(HEADER)} fields, got {len(cells)}")
    row = dict(zip(HEADER, (c.strip() for c in cells), strict=True))
    if not _ID.fullmatch(row["id"]):
        raise GazetteerDataError(f"{where}: id {row['id']!r} must look like 'sup:ML:sevare'")
    if not row["name"]:
        raise GazetteerDataError(f"{where}: name is empty")
    cc = row["country_code"]
    if not _ISO2.fullmatch(cc) or row["id"][4:6] != cc:
        raise GazetteerDataError(f"{where}: country_code {cc!r} is not the ISO2 code in the id")
    code = row["feature_code"]
    if code not in FEATURE_CLASS:
        raise GazetteerDataError(f"{where}: feature_code {code!r} is not one of {', '.join(FEATURE_CLASS)}")
    population = 0
    if row["population"]:
        if not row["population"].isdigit():
            raise GazetteerDataError(f"{where}: population {row['population']!r} is not a whole number")
        population = int(row["population"])
    if not row["source"]:
        raise GazetteerDataError(f"{where}: source is empty: say where the coordinates come from")
    place = Place(
        geonameid=row["id"],
        name=row["name"],
        country=country_names.get(cc),
        country_code=cc,
        admin1=row["admin1"] or None,
        admin2=row["admin2"] or None,
        latitude=_coordinate(row["latitude"], 90.0, "latitude", where),
        longitude=_coordinate(row["longitude"], 180.0, "longitude", where),
        feature_class=FEATURE_CLASS[code],
        feature_code=code,
        population=population,
    )
    alternates = tuple(a.strip() for a in row["alternate_names"].split("|") if a.strip())
    return SupplementEntry(place=place, alternate_names=alternates, source=row["source"])


def read_supplement(path: Path, country_names: Mapping[str, str]) -> list[SupplementEntry]:
    """Parse and validate the supplement; any bad row raises GazetteerDataError naming file and line."""
    entries: list[SupplementEntry] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header != HEADER:
                expected = ",".join(HEADER)
                raise GazetteerDataError(f"{path}, line 1: expected header {expected}, got {header!r}")
            for cells in reader:
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                where = f"{path}, line {reader.line_num}"
                entry = _entry(cells, where, country_names)
                if entry.place.geonameid in seen:
                    raise GazetteerDataError(f"{where}: id {entry.place.geonameid} is used twice")
                seen.add(entry.place.geonameid)
                entries.append(entry)
    except OSError as exc:
        raise GazetteerDataError(f"{path}: cannot read: {exc}") from exc
    except csv.Error as exc:
        raise GazetteerDataError(f"{path}: malformed CSV: {exc}") from exc
    return entries
