"""One user query streamed in batches, that Ctrl-C or a deadline can end while DuckDB is still working.

DuckDB runs a query inside one C++ call; Python runs signal handlers in the main thread only, between bytecodes,
so a main thread inside that call would see Ctrl-C only when the query ends (hours, for a careless cross join).
The query therefore runs in a worker thread that hands over batches through a small queue: the caller waits on the
queue, where KeyboardInterrupt arrives at once, and leaving the `with` block (normally, by Ctrl-C or by the
deadline) interrupts DuckDB (`connection.interrupt()`) and waits for the worker. At most two batches wait in the
queue: memory stays flat however many rows the query returns.

The query runs in a read-only transaction: even a statement DuckDB types as SELECT but that writes (a data-modifying
CTE, `WITH x AS (DELETE ... RETURNING *) SELECT ...`) is refused by DuckDB itself.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from types import TracebackType
from typing import Any

import duckdb

from events.errors import QueryError

Row = tuple[Any, ...]
_QUEUED_BATCHES = 2
_POLL = 0.1  # seconds between looks at the stop flag (worker, queue full) and between interruptions (caller)


class _Done:
    """The worker's last item: the query's rows are all handed over."""


class StreamedQuery:
    """`with StreamedQuery(con, sql, ...) as result:` then `result.columns`, and iterate for lists of rows. A DuckDB
    error of the query is a QueryError (one line, the DuckDB error as its cause), raised where it happens: on
    entering for errors before the first row, while iterating after. Passing the deadline raises QueryError too."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str, *, batch_size: int,
                 timeout: float | None = None) -> None:
        self._con = con
        self._sql = sql
        self._batch_size = batch_size
        self._timeout = timeout
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUED_BATCHES)
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._deadline: float | None = None
        self.columns: list[str] = []

    def __enter__(self) -> StreamedQuery:
        self._deadline = None if self._timeout is None else time.monotonic() + self._timeout
        self._worker = threading.Thread(target=self._run, name="events-query", daemon=True)
        self._worker.start()
        try:
            self.columns = self._next()
        except BaseException:
            self._halt()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._halt()

    def __iter__(self) -> Iterator[list[Row]]:
        while not isinstance(item := self._next(), _Done):
            yield item  # between the columns and _Done the worker puts only lists of rows

    def _next(self) -> Any:
        """The worker's next item; Ctrl-C raises KeyboardInterrupt here, the deadline QueryError."""
        if self._deadline is None:
            item = self._queue.get()
        else:
            try:
                item = self._queue.get(timeout=max(0.0, self._deadline - time.monotonic()))
            except queue.Empty:
                self._halt()
                raise QueryError(f"query timed out after {self._timeout:g} s") from None
        if isinstance(item, BaseException):
            raise item
        return item

    def _run(self) -> None:
        try:
            self._con.execute("BEGIN TRANSACTION READ ONLY")
            try:
                cursor = self._con.execute(self._sql)
                self._put([d[0] for d in cursor.description or []])
                while not self._stop.is_set() and (batch := cursor.fetchmany(self._batch_size)):
                    self._put(batch)
            finally:
                with suppress(duckdb.Error):  # nothing to undo: the transaction only read
                    self._con.rollback()
        except duckdb.Error as exc:
            error = QueryError(" ".join(str(exc).split("\n", 1)[0].split()))
            error.__cause__ = exc
            self._put(error)
            return
        except Exception as exc:  # raised again in the caller's thread, which would otherwise wait for ever
            self._put(exc)
            return
        self._put(_Done())

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL)
                return
            except queue.Full:
                continue

    def _halt(self) -> None:
        """Stop the worker: tell it, interrupt DuckDB while it is still working, and wait for it to leave. The
        interruption is repeated: one sent just before the worker starts its next fetch would find nothing to end."""
        self._stop.set()
        while self._worker is not None and self._worker.is_alive():
            self._con.interrupt()
            self._worker.join(timeout=_POLL)
