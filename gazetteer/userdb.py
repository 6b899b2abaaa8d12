"""A user gazetteer: GeoNames dump files imported into an SQLite file, queried name by name.

Importing streams rows into SQLite in batches, with a bounded page cache and on-disk sorting for the name
index, so that allCountries (13 million rows) imports in bounded memory. It writes a new file beside the
gazetteer (a copy of it, when files are added) and swaps it in only once it is complete, so that the gazetteer
in use is never half-written. Nothing is loaded at open time, but the file is checked: `UserGazetteer` answers
`contains` and `places` with one indexed query each, and `Gazetteer` merges those places with its own
candidates (see `Gazetteer.with_user`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from .errors import GazetteerDataError, GazetteerWriteError
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
from .replace import replacing

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
# Places of impossible coordinates (inf, nan, beyond the poles), which imports before they were checked could
# store, are left out: they would fail every distance computed to them.
_USABLE = "p.lat BETWEEN -90 AND 90 AND p.lon BETWEEN -180 AND 180"
_QUERY = f"""
SELECT p.id, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, a1.name, a2.name, p.population, min(n.alt)
FROM name n JOIN place p ON p.id = n.id
LEFT JOIN code a1 ON a1.code = p.cc || '.' || p.admin1
LEFT JOIN code a2 ON a2.code = p.cc || '.' || p.admin1 || '.' || p.admin2
WHERE n.key = ? AND {_USABLE} GROUP BY p.id ORDER BY p.population DESC, p.id
"""
_CONTAINS = f"SELECT 1 FROM name n JOIN place p ON p.id = n.id WHERE n.key = ? AND {_USABLE} LIMIT 1"
_AGAIN = "delete it and import the GeoNames files again with 'events gazetteer import'"


@dataclass(slots=True)
class ImportStats:
    files: int = 0
    places: int = 0
    names: int = 0
    codes: int = 0


def import_geonames(paths: Iterable[str | Path], db_path: str | Path,
                    progress: Callable[[str, int], None] | None = None, *, create_folder: bool = False) -> ImportStats:
    """Import GeoNames dump files into the SQLite gazetteer at `db_path` (created, or added to).

    A place imported again replaces its earlier row; the name index is rebuilt at the end. The result is built
    in a new file beside `db_path` and swapped in once complete: whatever fails (a bad row, a full disk, a
    killed process), `db_path` stays as it was. Raises GazetteerDataError for a bad input file, or a `db_path`
    that exists and is no gazetteer; GazetteerWriteError when `db_path` cannot be written (its folder is
    missing, unless `create_folder`, or read-only).
    """
    target = Path(db_path)
    _check_folder(target, create_folder)
    mode = _existing_mode(target)
    try:
        with replacing(target, 0o644 if mode is None else mode) as scratch:
            if mode is not None:
                shutil.copyfile(target, scratch)
            return _build(scratch, paths, progress)
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerWriteError(f"{target}: cannot write the gazetteer: {_reason(exc)}") from exc


def _reason(exc: OSError | sqlite3.Error) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _check_folder(target: Path, create: bool) -> None:
    folder = target.parent
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GazetteerWriteError(f"{target}: cannot write the gazetteer: {_reason(exc)}") from exc
    elif not folder.is_dir():
        what = f"{folder} is not a folder" if folder.exists() else f"folder {folder} does not exist"
        raise GazetteerWriteError(f"{target}: cannot write the gazetteer: {what}")


def _existing_mode(target: Path) -> int | None:
    """The permissions of the gazetteer at `target`, to give its replacement; None when there is none. A file
    there that is no gazetteer is refused, not replaced: it may be anything the user named by mistake."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise GazetteerWriteError(f"{target}: cannot write the gazetteer: {_reason(exc)}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise GazetteerDataError(f"{target}: not a regular file; choose another file to import into")
    try:
        UserGazetteer.open(target).close()
    except GazetteerDataError as exc:
        raise GazetteerDataError(f"{exc}; choose another file to import into, or delete this one") from exc
    return stat.S_IMODE(info.st_mode)


def _build(path: Path, paths: Iterable[str | Path], progress: Callable[[str, int], None] | None) -> ImportStats:
    stats = ImportStats()
    con = sqlite3.connect(path)
    try:
        # No journal and no syncs: nobody reads this file before it is complete, and `replacing` syncs it once.
        con.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{_CACHE_KIB};"
                          "PRAGMA temp_store=FILE;" + _SCHEMA)
        con.execute("DROP INDEX IF EXISTS name_key")  # rebuilt once, sorted, after the load
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        named_before = con.execute("SELECT EXISTS (SELECT 1 FROM name)").fetchone()[0]
        name_files = 0
        for raw in paths:
            for member, kind, stream in open_members(Path(raw)):
                stats.files += 1
                name_files += kind in (GEONAME, ALTERNATE)
                _load(con, member, kind, stream, stats)
                if progress is not None:
                    progress(member, stats.places)
        if named_before or name_files > 1:
            # a place imported again (the same file twice, a country file after allCountries) is replaced, and its
            # names would be there twice: one row each, as one import of the file leaves them
            con.executescript("CREATE TABLE name_once AS SELECT DISTINCT key, id, alt FROM name; DROP TABLE name; "
                              "ALTER TABLE name_once RENAME TO name;")
        con.execute("CREATE INDEX name_key ON name (key, id)")
        con.commit()
    finally:
        con.close()
    return stats


def _load(con: sqlite3.Connection, member: str, kind: str, stream: IO[bytes], stats: ImportStats) -> None:
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
        """The gazetteer at `path`, checked: GazetteerDataError when it is missing, not an SQLite file, damaged
        where opening reads it, or of another schema."""
        target = Path(path)
        if not target.exists():
            raise GazetteerDataError(f"{target}: no such gazetteer file")
        if not target.is_file():
            raise GazetteerDataError(f"{target}: not a regular file")
        try:
            # as a URI, with the path quoted: a '?' or '#' in it would end the path
            con = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise GazetteerDataError(f"{target}: not an imported gazetteer ({exc})") from exc
        try:
            gazetteer = cls(target, con)
            gazetteer._country_names = _checked(con, target)
        except BaseException:
            con.close()
            raise
        return gazetteer

    @classmethod
    def from_env(cls) -> UserGazetteer | None:
        """The gazetteer file `$EVENTS_GAZETTEER` names, if it is set."""
        value = os.environ.get(USER_GAZETTEER_ENV, "").strip()
        if not value:
            return None
        try:
            return cls.open(value)
        except GazetteerDataError as exc:
            raise GazetteerDataError(f"{exc}; point {USER_GAZETTEER_ENV} at a file written by 'events gazetteer "
                                     "import', or unset it") from exc

    def __enter__(self) -> UserGazetteer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def contains(self, key: str) -> bool:
        """Whether a place has this folded name."""
        try:
            return self._con.execute(_CONTAINS, (key,)).fetchone() is not None
        except sqlite3.Error as exc:
            raise self._damaged(exc) from exc

    def places(self, key: str, country_names: dict[str, str] | None = None) -> list[tuple[Place, bool]]:
        """(place, matched through an alternate name) for a folded name, most populous first."""
        names = country_names or {}
        out: list[tuple[Place, bool]] = []
        try:
            rows = self._con.execute(_QUERY, (key,)).fetchall()
        except sqlite3.Error as exc:
            raise self._damaged(exc) from exc
        for gid, name, lat, lon, fclass, fcode, cc, a1, a2, pop, alt in rows:
            country = names.get(cc) or self._country_names.get(cc)
            out.append((Place(str(gid), name, country, cc or None, a1, a2, lat, lon, fclass or "", fcode or "",
                              int(pop or 0)), bool(alt)))
        return out

    def countries(self) -> tuple[str, ...]:
        """The ISO2 codes of the countries whose places the file holds, sorted (one scan of the places)."""
        try:
            rows = self._con.execute("SELECT DISTINCT cc FROM place WHERE cc IS NOT NULL AND cc != ''").fetchall()
        except sqlite3.Error as exc:
            raise self._damaged(exc) from exc
        return tuple(sorted(str(cc) for (cc,) in rows))

    def __len__(self) -> int:
        try:
            return int(self._con.execute("SELECT count(*) FROM place").fetchone()[0])
        except sqlite3.Error as exc:
            raise self._damaged(exc) from exc

    def _damaged(self, exc: sqlite3.Error) -> GazetteerDataError:
        """Damage that opening did not read into (a page in the middle of the file) shows in a lookup."""
        return GazetteerDataError(f"{self.path}: damaged gazetteer ({exc}); {_AGAIN}")


def _checked(con: sqlite3.Connection, target: Path) -> dict[str, str]:
    """The country names of the gazetteer on `con`, once its schema is ours: every table, column and index a
    lookup reads is there (each query is run once)."""
    try:
        found = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None or found[0] != SCHEMA_VERSION:
            raise GazetteerDataError(f"{target}: gazetteer of another version ({found[0] if found else 'none'}, "
                                     f"this one reads {SCHEMA_VERSION})")
        con.execute("SELECT 1 FROM name INDEXED BY name_key LIMIT 1").fetchall()
        con.execute(_QUERY, ("",)).fetchall()
        con.execute(_CONTAINS, ("",)).fetchall()
        return dict(con.execute("SELECT code, name FROM code WHERE code NOT LIKE '%.%'"))
    except sqlite3.Error as exc:
        raise GazetteerDataError(f"{target}: not an imported gazetteer ({exc})") from exc
