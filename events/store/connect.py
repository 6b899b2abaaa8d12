"""Every DuckDB connection of the project is opened here: offline, and onto a DuckDB database only.

DuckDB loads a known extension the first time a statement needs one and, when it is not installed, downloads it
(`autoinstall_known_extensions`): given an SQLite file as its database, it went to the internet for its sqlite
extension. What we run needs only the extensions built into the Python package (parquet, json, icu), so loading
and installing on the fly are off on every connection; and a file that is not a DuckDB database is refused before
DuckDB reads it (a FIFO would also block the open for ever).
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import duckdb

from events.errors import StoreError

ConfigValue = str | bool | int | float | list[str]

OFFLINE: Mapping[str, ConfigValue] = MappingProxyType({
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
})
# Every DuckDB database file starts with a block whose bytes 8-11 are this (DuckDB's MainHeader::MAGIC_BYTES).
_MAGIC, _MAGIC_AT = b"DUCK", 8


def connect(database: str | Path = ":memory:", *, read_only: bool = False,
            config: Mapping[str, ConfigValue] | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect with the OFFLINE settings over `config`; StoreError naming the file when it exists and is
    not a DuckDB database (an SQLite file, a text or empty file, a FIFO)."""
    name = str(database)
    if name and not name.startswith(":memory:"):
        check_duckdb_file(name)
    return duckdb.connect(name, read_only=read_only, config={**(config or {}), **OFFLINE})


def check_duckdb_file(name: str) -> None:
    """Nothing for a DuckDB file or no file at all (DuckDB creates it, or says it is missing); else StoreError."""
    path = Path(name)
    try:
        info = path.stat()
    except OSError:
        return  # missing, or not ours to look at: DuckDB says why
    if stat.S_ISREG(info.st_mode):
        try:
            with path.open("rb") as handle:
                header = handle.read(_MAGIC_AT + len(_MAGIC))
        except OSError:
            return
        if header[_MAGIC_AT:] == _MAGIC:
            return
    raise StoreError(f"{name}: not a DuckDB database")
