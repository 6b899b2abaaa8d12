"""Streaming readers for the GeoNames dump formats (download.geonames.org/export/dump).

Each file is read line by line, plain or inside a .zip, and classified by its name: `allCountries`,
a country file (`ML.txt`, `ML.zip`) or `citiesNNNN` hold the 19-column geoname table; `alternateNamesV2`
(or the older `alternateNames`) the names table; `admin1CodesASCII`, `admin2Codes` and `countryInfo` the
code tables. Whatever is wrong with a file (a malformed or impossible row, bytes that are not UTF-8, a line
longer than any GeoNames row, a damaged zip, something that is not a regular file) raises GazetteerDataError
naming the file and, where there is one, the line. Lines are read in bounded pieces, so that a zip bomb of one
endless line costs no more memory than a real row.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

from .errors import GazetteerDataError

GEONAME, ALTERNATE, ADMIN1, ADMIN2, COUNTRY = "geoname", "alternate", "admin1", "admin2", "country"
_KINDS = (
    (re.compile(r"^alternatenames(?:v2)?\.txt$", re.I), ALTERNATE),
    (re.compile(r"^admin1codes(?:ascii)?\.txt$", re.I), ADMIN1),
    (re.compile(r"^admin2codes\.txt$", re.I), ADMIN2),
    (re.compile(r"^countryinfo\.txt$", re.I), COUNTRY),
    (re.compile(r"^(?:allcountries|[a-z]{2}|cities\d+|no-country)\.txt$", re.I), GEONAME),
)
_TABLES = "alternateNamesV2, admin1CodesASCII, admin2Codes, countryInfo"  # the files besides the places
# A GeoNames row is under 10 KB (alternatenames, its longest column, is at most 10,000 characters): a longer
# line is not one, and is refused after reading this much of it.
MAX_LINE = 64 * 1024
_BUFFER = 1 << 20
_MAX_INT = 2**63 - 1  # SQLite's INTEGER
# What a damaged file or zip member raises while it is read (zipfile: a bad checksum, an unknown or encrypted
# member; zlib/lzma/bz2: a stream that does not decompress; EOFError: one that ends too soon).
_UNREADABLE = (OSError, EOFError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, NotImplementedError, RuntimeError)
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


def open_members(path: Path) -> Iterator[tuple[str, str, IO[bytes]]]:
    """(display name, kind, byte stream) for the file, or for each recognised member of a zip."""
    if path.suffix.lower() != ".zip":
        kind = kind_of(path.name)
        if kind is None:
            raise GazetteerDataError(f"{path}: not a GeoNames dump file name (allCountries, a country file such "
                                     f"as ML.txt or ML.zip, {_TABLES})")
        with _open_regular(path) as stream:
            yield str(path), kind, stream
        return
    with _open_regular(path) as raw:
        try:
            archive = zipfile.ZipFile(raw)
        except (*_UNREADABLE, ValueError) as exc:
            raise GazetteerDataError(f"{path}: cannot read: {exc}") from exc
        with archive:
            found = False
            for info in archive.infolist():
                kind = kind_of(info.filename)
                if kind is None or info.is_dir():
                    continue
                found = True
                name = f"{path}!{info.filename}"
                try:
                    member = archive.open(info)
                except (*_UNREADABLE, ValueError) as exc:
                    raise GazetteerDataError(f"{name}: cannot read: {exc}") from exc
                # ZipExtFile's own readline(limit) runs in Python, 3x slower; a buffered reader over it (it has the
                # readinto a raw stream needs) does it in C
                with io.BufferedReader(member, _BUFFER) as stream:  # type: ignore[type-var]
                    yield name, kind, stream
        if not found:
            raise GazetteerDataError(f"{path}: no GeoNames dump file inside (allCountries, a country file such as "
                                     f"ML.txt, {_TABLES})")


def _open_regular(path: Path) -> IO[bytes]:
    """The file opened for reading, if it is a regular file: a FIFO or a device would block or never end."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO without O_NONBLOCK waits for a writer
    except OSError as exc:
        raise GazetteerDataError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise GazetteerDataError(f"{path}: not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering=_BUFFER)
    except BaseException:
        os.close(fd)
        raise


def _fields(stream: IO[bytes], name: str, count: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of each row; blank and comment lines are skipped. A line is read at
    most MAX_LINE bytes at a time, and decoded on its own, so that a byte that is not UTF-8 is reported on its
    own line."""
    readline = stream.readline
    line_no = 0
    while True:
        try:
            raw = readline(MAX_LINE + 1)
        except _UNREADABLE as exc:
            raise GazetteerDataError(f"{name}: cannot read: {exc}") from exc
        if not raw:
            return
        line_no += 1
        if len(raw) > MAX_LINE:
            raise GazetteerDataError(f"{name}, line {line_no}: longer than {MAX_LINE:,} bytes, "
                                     "too long for a GeoNames row")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GazetteerDataError(f"{name}, line {line_no}: not UTF-8 text ({exc.reason} at byte "
                                     f"{exc.start + 1})") from None
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < count:
            raise GazetteerDataError(f"{name}, line {line_no}: expected {count} tab-separated fields, "
                                     f"got {len(fields)}")
        yield line_no, fields


class _Number(NamedTuple):
    """A number column of a table, checked when a row failed the fast path."""

    column: int
    what: str
    kind: type[int] | type[float]
    low: int
    high: int
    optional: bool = True  # an empty column reads as 0


_GEONAME_NUMBERS = (_Number(0, "geonameid", int, 1, _MAX_INT, False), _Number(4, "latitude", float, -90, 90, False),
                    _Number(5, "longitude", float, -180, 180, False), _Number(14, "population", int, 0, _MAX_INT))
_ALTERNATE_NUMBERS = (_Number(1, "geonameid", int, 1, _MAX_INT, False),)
_CODE_NUMBERS = (_Number(3, "geonameid", int, 0, _MAX_INT),)
_COUNTRY_NUMBERS = (_Number(7, "population", int, 0, _MAX_INT), _Number(16, "geonameid", int, 0, _MAX_INT))


def _problem(fields: list[str], numbers: tuple[_Number, ...], name: str, line_no: int) -> GazetteerDataError:
    """The error for the first number of a row that is none or out of range. Rows are read without this (the
    fast path); only a row that failed there comes here."""
    for number in numbers:
        raw = fields[number.column]
        shown = repr(raw if len(raw) <= 40 else raw[:40] + "...")
        try:
            value = number.kind(raw or ("0" if number.optional else raw))
        except ValueError:
            return GazetteerDataError(f"{name}, line {line_no}: {number.what} {shown} is not a number")
        if not number.low <= value <= number.high:  # false for nan too
            high = "2^63-1" if number.high == _MAX_INT else str(number.high)
            return GazetteerDataError(f"{name}, line {line_no}: {number.what} {shown} is out of range "
                                      f"[{number.low}, {high}]")
    return GazetteerDataError(f"{name}, line {line_no}: malformed row")  # not reached: one of them failed


def read_geonames(stream: IO[bytes], name: str) -> Iterator[GeoRow]:
    for line_no, f in _fields(stream, name, 15):
        try:
            row = GeoRow(int(f[0]), f[1], f[2], tuple(a for a in f[3].split(",") if a), float(f[4]), float(f[5]),
                         f[6], f[7], f[8], f[10], f[11], int(f[14] or 0))
        except ValueError:
            raise _problem(f, _GEONAME_NUMBERS, name, line_no) from None
        # chained comparisons are false for nan, so that nan and inf fail here as well as 91 does
        if not (0 < row.geonameid <= _MAX_INT and -90.0 <= row.latitude <= 90.0
                and -180.0 <= row.longitude <= 180.0 and 0 <= row.population <= _MAX_INT):
            raise _problem(f, _GEONAME_NUMBERS, name, line_no)
        yield row


def read_alternate_names(stream: IO[bytes], name: str) -> Iterator[AltName]:
    """Names only: postal codes, links, airport codes and abbreviations are left out."""
    for line_no, f in _fields(stream, name, 4):
        if f[2] in _NOT_NAMES:
            continue
        try:
            gid = int(f[1])
        except ValueError:
            gid = 0
        if not 0 < gid <= _MAX_INT:
            raise _problem(f, _ALTERNATE_NUMBERS, name, line_no)
        yield AltName(gid, f[3], f[2])


def read_codes(stream: IO[bytes], name: str) -> Iterator[CodeRow]:
    """admin1CodesASCII / admin2Codes: code, name, ascii name, geonameid."""
    for line_no, f in _fields(stream, name, 4):
        try:
            gid = int(f[3] or 0)
        except ValueError:
            gid = -1
        if not 0 <= gid <= _MAX_INT:
            raise _problem(f, _CODE_NUMBERS, name, line_no)
        yield CodeRow(f[0], f[1], gid)


def read_country_info(stream: IO[bytes], name: str) -> Iterator[CodeRow]:
    """countryInfo: ISO2, name (column 5), population (8), geonameid (17)."""
    for line_no, f in _fields(stream, name, 17):
        try:
            gid, population = int(f[16] or 0), int(f[7] or 0)
        except ValueError:
            gid = population = -1
        if not (0 <= gid <= _MAX_INT and 0 <= population <= _MAX_INT):
            raise _problem(f, _COUNTRY_NUMBERS, name, line_no)
        yield CodeRow(f[0], f[4], gid, population)
