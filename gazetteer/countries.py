"""The country table (ACLED names, aliases, demonyms) from `data/countries.csv`."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import GazetteerDataError
from .folding import fold

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries.csv"
_HEADER = ["iso2", "name", "aliases", "demonyms"]
_ISO2 = re.compile(r"[A-Z]{2}")
# "DRC", "U.S.", "CAR": matched case-sensitively only, because folded they are English words ("us", "car").
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,5}")


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountryTable:
    """Lookup maps built from the rows; all keys folded except `acronyms` (exact spelling)."""

    names: Mapping[str, str]  # iso2 -> ACLED name
    by_name: Mapping[str, str]  # folded name or alias -> iso2
    acronyms: Mapping[str, str]  # exact acronym -> iso2
    demonyms: Mapping[str, str]  # folded demonym -> iso2


def is_acronym(alias: str) -> bool:
    return _ACRONYM.fullmatch(alias) is not None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def read_country_rows(path: Path = COUNTRIES_FILE) -> list[CountryRow]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header != _HEADER:
                expected = ",".join(_HEADER)
                raise GazetteerDataError(f"{path}, line 1: expected header {expected}, got {header!r}")
            rows: list[CountryRow] = []
            seen: set[str] = set()
            for line_no, cells in enumerate(reader, start=2):
                if not cells:
                    continue
                if len(cells) != len(_HEADER):
                    raise GazetteerDataError(
                        f"{path}, line {line_no}: expected {len(_HEADER)} fields, got {len(cells)}"
                    )
                iso2, name = cells[0].strip(), cells[1].strip()
                if not _ISO2.fullmatch(iso2):
                    raise GazetteerDataError(f"{path}, line {line_no}: {iso2!r} is not an ISO alpha-2 code")
                if iso2 in seen:
                    raise GazetteerDataError(f"{path}, line {line_no}: country {iso2} listed twice")
                if not name:
                    raise GazetteerDataError(f"{path}, line {line_no}: country {iso2} has no name")
                seen.add(iso2)
                rows.append(CountryRow(iso2, name, _split(cells[2]), _split(cells[3])))
    except OSError as exc:
        raise GazetteerDataError(f"{path}: cannot read: {exc}") from exc
    return rows


def country_table(rows: Iterable[CountryRow]) -> CountryTable:
    names: dict[str, str] = {}
    by_name: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in rows:
        names[row.iso2] = row.name
        by_name.setdefault(fold(row.name), row.iso2)
        for alias in row.aliases:
            if is_acronym(alias):
                acronyms.setdefault(alias, row.iso2)
                acronyms.setdefault(alias.replace(".", ""), row.iso2)
            else:
                by_name.setdefault(fold(alias), row.iso2)
        for demonym in row.demonyms:
            demonyms.setdefault(fold(demonym), row.iso2)
    return CountryTable(names=names, by_name=by_name, acronyms=acronyms, demonyms=demonyms)
