"""A user gazetteer: GeoNames dump files imported into an SQLite file, queried name by name.

Importing streams rows into SQLite in batches, with a bounded page cache and on-disk sorting for the name
index, so that allCountries (13 million rows) imports in bounded memory. Nothing is loaded at open time:
`UserGazetteer` answers `contains` and `places` with one indexed query each, and `Gazetteer` merges those
places with its own candidates (see `Gazetteer.with_user`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from .errors import GazetteerDataError
from .folding import fold, keep_alternate
from .geonames import (
    ADMIN1,
    ADMIN2,
    ALTERNATE,
    COUNTRY,
    GEONAME,
    GeoRow,
    open_members,
    read_alternate_names,
    read_codes,
    read_country_info,
    read_geonames,
)
from .model import Place
from .regions import display_name

USER_GAZETTEER_ENV = "EVENTS_GAZETTEER"
SCHEMA_VERSION = "1"
_BATCH = 20_000
_CACHE_KIB = 64 * 1024  # SQLite page cache: the import's memory bound, whatever the input size
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS place (id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, fclass TEXT, fcode TEXT, cc TEXT, admin1 TEXT, admin2 TEXT, population INTEGER);
CREATE TABLE IF NOT EXISTS name (key TEXT NOT NULL, id INTEGER NOT NULL, alt INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS code (code TEXT PRIMARY KEY, name TEXT NOT NULL, id INTEGER, population INTEGER);
"""
_QUERY = """
SELECT p.id, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, a1.name, a2.name, p.population, min(n.alt)
FROM name n JOIN place p ON p.id = n.id
LEFT JOIN code a1 ON a1.code = p.cc || '.' || p.admin1
LEFT JOIN code a2 ON a2.code = p.cc || '.' || p.admin1 || '.' || p.admin2
WHERE n.key = ? GROUP BY p.id ORDER BY p.population DESC, p.id
"""


@dataclass(slots=True)
class ImportStats:
    files: int = 0
    places: int = 0
    names: int = 0
    codes: int = 0


def import_geonames(paths: Iterable[str | Path], db_path: str | Path,
                    progress: Callable[[str, int], None] | None = None) -> ImportStats:
    """Import GeoNames dump files into the SQLite gazetteer at `db_path` (created, or added to).

    A place imported again replaces its earlier row; the name index is rebuilt at the end.
    """
    stats = ImportStats()
    target = Path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(target)
    try:
        con.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{_CACHE_KIB};"
                          "PRAGMA temp_store=FILE;" + _SCHEMA)
        con.execute("DROP INDEX IF EXISTS name_key")  # rebuilt once, sorted, after the load
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        for raw in paths:
            for member, kind, stream in open_members(Path(raw)):
                stats.files += 1
                _load(con, member, kind, stream, stats)
                if progress is not None:
                    progress(member, stats.places)
        con.execute("CREATE INDEX name_key ON name (key, id)")
        con.commit()
    except sqlite3.Error as exc:
        raise GazetteerDataError(f"{target}: cannot write the gazetteer: {exc}") from exc
    finally:
        con.close()
    return stats


def _load(con: sqlite3.Connection, member: str, kind: str, stream: IO[str], stats: ImportStats) -> None:
    if kind == GEONAME:
        _load_places(con, read_geonames(stream, member), stats)
    elif kind == ALTERNATE:
        rows = ((fold(a.name), a.geonameid, 1) for a in read_alternate_names(stream, member) if keep_alternate(a.name))
        stats.names += _insert(con, "INSERT INTO name VALUES (?, ?, ?)", rows)
    else:
        reader = read_country_info if kind == COUNTRY else read_codes
        codes = ((c.code, display_name(c.name) if kind in (ADMIN1, ADMIN2) else c.name, c.geonameid, c.population)
                 for c in reader(stream, member))
        stats.codes += _insert(con, "INSERT OR REPLACE INTO code VALUES (?, ?, ?, ?)", codes)


def _load_places(con: sqlite3.Connection, rows: Iterable[GeoRow], stats: ImportStats) -> None:
    places: list[tuple[object, ...]] = []
    names: list[tuple[str, int, int]] = []
    for row in rows:
        places.append((row.geonameid, row.name, row.latitude, row.longitude, row.feature_class, row.feature_code,
                       row.country_code, row.admin1, row.admin2, row.population))
        own = fold(row.name)
        names.append((own, row.geonameid, 0))
        seen = {own}
        for alternate in (row.asciiname, *row.alternatenames):
            if alternate and keep_alternate(alternate):
                key = fold(alternate)
                if key not in seen:
                    seen.add(key)
                    names.append((key, row.geonameid, 1))
        if len(places) >= _BATCH:
            stats.places += _flush(con, places, names, stats)
    stats.places += _flush(con, places, names, stats)


def _flush(con: sqlite3.Connection, places: list[tuple[object, ...]], names: list[tuple[str, int, int]],
           stats: ImportStats) -> int:
    count = len(places)
    con.executemany("INSERT OR REPLACE INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
    con.executemany("INSERT INTO name VALUES (?, ?, ?)", names)
    stats.names += len(names)
    places.clear()
    names.clear()
    return count


def _insert(con: sqlite3.Connection, sql: str, rows: Iterable[tuple[object, ...]]) -> int:
    count = 0
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            con.executemany(sql, batch)
            count += len(batch)
            batch.clear()
    con.executemany(sql, batch)
    return count + len(batch)


class UserGazetteer:
    """Read-only view of an imported gazetteer file. Open with `open()`; close (or use as a context)."""

    __slots__ = ("path", "_con", "_country_names")

    def __init__(self, path: Path, con: sqlite3.Connection) -> None:
        self.path = path
        self._con = con
        self._country_names: dict[str, str] = {}

    @classmethod
    def open(cls, path: str | Path) -> UserGazetteer:
        target = Path(path)
        if not target.is_file():
            raise GazetteerDataError(f"{target}: no such gazetteer file (import one with 'events gazetteer import')")
        try:
            con = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
            found = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            con.execute("SELECT 1 FROM name INDEXED BY name_key LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise GazetteerDataError(f"{target}: not an imported gazetteer: {exc}") from exc
        if found is None or found[0] != SCHEMA_VERSION:
            con.close()
            raise GazetteerDataError(f"{target}: gazetteer of another version; import the files again")
        gazetteer = cls(target, con)
        gazetteer._country_names = dict(con.execute("SELECT code, name FROM code WHERE code NOT LIKE '%.%'"))
        return gazetteer

    @classmethod
    def from_env(cls) -> UserGazetteer | None:
        """The gazetteer file `$EVENTS_GAZETTEER` names, if it is set."""
        value = os.environ.get(USER_GAZETTEER_ENV, "").strip()
        return cls.open(value) if value else None

    def __enter__(self) -> UserGazetteer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def contains(self, key: str) -> bool:
        """Whether a place has this folded name."""
        return self._con.execute("SELECT 1 FROM name WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def places(self, key: str, country_names: dict[str, str] | None = None) -> list[tuple[Place, bool]]:
        """(place, matched through an alternate name) for a folded name, most populous first."""
        names = country_names or {}
        out: list[tuple[Place, bool]] = []
        for gid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, alt in self._con.execute(_QUERY, (key,)):
            country = names.get(cc) or self._country_names.get(cc)
            out.append((Place(str(gid), name, country, cc or None, a1, a2, lat, lon, fclass or "", fcode or "",
                              int(pop or 0)), bool(alt)))
        return out

    def __len__(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM place").fetchone()[0])
