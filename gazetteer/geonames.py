"""Streaming readers for the GeoNames dump formats (download.geonames.org/export/dump).

Each file is read line by line, plain or inside a .zip, and classified by its name: `allCountries`,
a country file (`ML.txt`, `ML.zip`) or `citiesNNNN` hold the 19-column geoname table; `alternateNamesV2`
(or the older `alternateNames`) the names table; `admin1CodesASCII`, `admin2Codes` and `countryInfo` the
code tables. A malformed row raises GazetteerDataError naming the file and line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import GazetteerDataError

GEONAME, ALTERNATE, ADMIN1, ADMIN2, COUNTRY = "geoname", "alternate", "admin1", "admin2", "country"
_KINDS = (
    (re.compile(r"^alternatenames(?:v2)?\.txt$", re.I), ALTERNATE),
    (re.compile(r"^admin1codes(?:ascii)?\.txt$", re.I), ADMIN1),
    (re.compile(r"^admin2codes\.txt$", re.I), ADMIN2),
    (re.compile(r"^countryinfo\.txt$", re.I), COUNTRY),
    (re.compile(r"^(?:allcountries|[a-z]{2}|cities\d+|no-country)\.txt$", re.I), GEONAME),
)
# alternateNames "languages" that are codes or links, not names
_NOT_NAMES = frozenset({"post", "link", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "tcid", "unlc"})


@dataclass(frozen=True, slots=True)
class GeoRow:
    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1: str
    admin2: str
    population: int


@dataclass(frozen=True, slots=True)
class AltName:
    geonameid: int
    name: str
    language: str


@dataclass(frozen=True, slots=True)
class CodeRow:
    """An admin1/admin2 code ("NL.09", "NL.09.0352") or a country (ISO2) with its name."""

    code: str
    name: str
    geonameid: int
    population: int = 0


def kind_of(name: str) -> str | None:
    """Which table a file (or zip member) holds, from its name; None for a file to skip (readme)."""
    base = Path(name).name
    for pattern, kind in _KINDS:
        if pattern.search(base):
            return kind
    return None


def open_members(path: Path) -> Iterator[tuple[str, str, IO[str]]]:
    """(display name, kind, text stream) for the file, or for each recognised member of a zip."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    kind = kind_of(member)
                    if kind is not None:
                        with archive.open(member) as raw:
                            yield f"{path}!{member}", kind, io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            return
        kind = kind_of(path.name)
        if kind is None:
            raise GazetteerDataError(f"{path}: not a GeoNames dump file name (allCountries, a country file such "
                                     "as ML.txt or ML.zip, alternateNamesV2, admin1CodesASCII, admin2Codes, "
                                     "countryInfo)")
        with path.open(encoding="utf-8", newline="\n") as fh:
            yield str(path), kind, fh
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerDataError(f"{path}: cannot read: {exc}") from exc


def _fields(stream: IO[str], name: str, count: int) -> Iterator[tuple[int, list[str]]]:
    for line_no, line in enumerate(stream, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < count:
            raise GazetteerDataError(f"{name}, line {line_no}: expected {count} tab-separated fields, "
                                     f"got {len(fields)}")
        yield line_no, fields


def read_geonames(stream: IO[str], name: str) -> Iterator[GeoRow]:
    for line_no, f in _fields(stream, name, 15):
        try:
            yield GeoRow(int(f[0]), f[1], f[2], tuple(a for a in f[3].split(",") if a), float(f[4]), float(f[5]),
                         f[6], f[7], f[8], f[10], f[11], int(f[14] or 0))
        except ValueError as exc:
            raise GazetteerDataError(f"{name}, line {line_no}: {exc}") from exc


def read_alternate_names(stream: IO[str], name: str) -> Iterator[AltName]:
    """Names only: postal codes, links, airport codes and abbreviations are left out."""
    for line_no, f in _fields(stream, name, 4):
        if f[2] in _NOT_NAMES:
            continue
        try:
            yield AltName(int(f[1]), f[3], f[2])
        except ValueError as exc:
            raise GazetteerDataError(f"{name}, line {line_no}: {exc}") from exc


def read_codes(stream: IO[str], name: str) -> Iterator[CodeRow]:
    """admin1CodesASCII / admin2Codes: code, name, ascii name, geonameid."""
    for line_no, f in _fields(stream, name, 4):
        try:
            yield CodeRow(f[0], f[1], int(f[3] or 0))
        except ValueError as exc:
            raise GazetteerDataError(f"{name}, line {line_no}: {exc}") from exc


def read_country_info(stream: IO[str], name: str) -> Iterator[CodeRow]:
    """countryInfo: ISO2, name (column 5), population (8), geonameid (17)."""
    for line_no, f in _fields(stream, name, 17):
        try:
            yield CodeRow(f[0], f[4], int(f[16] or 0), int(f[7] or 0))
        except ValueError as exc:
            raise GazetteerDataError(f"{name}, line {line_no}: {exc}") from exc
