"""The online geocoder's cache as a table of the events database (`geocode_cache` in schemas/schema.sql).

It keeps its own connection to the database, in autocommit: an answer paid for with a request survives even
when the import that asked for it is rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

import duckdb

from events.errors import StoreError
from events.store.connect import connect
from gazetteer import Place
from gazetteer.online import CachedAnswer, Codes
from schemas import ddl

TABLE = "geocode_cache"


def _table_ddl() -> str:
    """The table's statement from schema.sql, the one place its columns are written."""
    for statement in ddl().split(";"):
        if f"CREATE TABLE IF NOT EXISTS {TABLE} " in statement:
            return statement
    raise StoreError(f"schemas/schema.sql has no {TABLE} table")


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


class GeoCache:
    """get/put by (query, country codes) over `geocode_cache`. Build with `GeoCache.open(path, now=...)`."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, now: Callable[[], datetime]) -> None:
        self._con = connection
        self._now = now

    @classmethod
    def open(cls, path: str | Path, *, now: Callable[[], datetime]) -> GeoCache:
        """Connect to the events database at `path` and create the table if it is missing."""
        try:
            con = connect(path)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        try:
            con.execute(_table_ddl())
        except duckdb.Error as exc:
            con.close()
            raise StoreError(f"cannot prepare {TABLE} in {path}: {exc}") from exc
        return cls(con, now=now)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> GeoCache:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def get(self, query: str, country_codes: Codes) -> CachedAnswer | None:
        try:
            row = self._con.execute(f"SELECT result_json FROM {TABLE} WHERE query = ? AND country_codes = ?",
                                    [query, ",".join(country_codes)]).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"cannot read {TABLE}: {exc}") from exc
        if not row:
            return None
        text = row[0][0]
        return CachedAnswer(None if text is None else Place(**json.loads(text)))

    def put(self, query: str, country_codes: Codes, place: Place | None) -> None:
        result = None if place is None else json.dumps(place.as_dict(), ensure_ascii=False, sort_keys=True)
        try:
            self._con.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, ?)",
                              [query, ",".join(country_codes), result, _utc_naive(self._now())])
        except duckdb.Error as exc:
            raise StoreError(f"cannot write {TABLE}: {exc}") from exc

    def __len__(self) -> int:
        return int(self._con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0])
