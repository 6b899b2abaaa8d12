"""Network waits bounded by a deadline for the whole response and by the caller's stop request.

httpx bounds each read (its `timeout`), not a response: a server that trickles one byte a second never trips a
per-read timeout and holds the fetch, the import and its lock for as long as it likes. Here every socket read is
cut into slices of at most SLICE seconds; between two slices the deadline and the stop request are checked, so a
fetch ends within a slice of either. While bytes flow a slice costs nothing (a read returns as soon as data
arrives). Both surface as httpcore's own timeouts, which httpx turns into its TimeoutException as for any
timeout: the Fetcher then asks `Bounds` which one it was (events.ingest.fetch). Connecting (and the TLS
handshake) cannot be sliced: its wait is cut to what is left of the deadline instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

SLICE = 0.1  # seconds: the longest a read waits before the deadline and the stop request are looked at again


class Bounds:
    """What the network waits of one Fetcher must respect. The Fetcher sets `deadline` before each request."""

    def __init__(self) -> None:
        self.deadline: float | None = None  # time.monotonic() by which the whole response must be in
        self.stop: Callable[[], bool] = lambda: False

    def stopped(self) -> bool:
        return self.stop()

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def capped(self, timeout: float | None, error: type[Exception]) -> float | None:
        """`timeout`, cut to what is left of the deadline; `error` when nothing is left or a stop was asked."""
        if self.stopped() or self.expired():
            raise error("stopped" if self.stopped() else "deadline")
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        return left if timeout is None else min(timeout, left)

    def next_slice(self, give_up: float | None) -> float:
        """How long the next slice of a read may wait: SLICE, or less when the read's own timeout (`give_up`, a
        monotonic time) or the deadline comes first; httpcore.ReadTimeout when either is past or a stop was asked."""
        left = self.capped(None, httpcore.ReadTimeout)
        now = time.monotonic()
        if give_up is not None:
            if now >= give_up:
                raise httpcore.ReadTimeout("timed out")
            left = give_up - now if left is None else min(left, give_up - now)
        return SLICE if left is None else min(SLICE, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, bounds: Bounds) -> None:
        self._inner = inner
        self._bounds = bounds

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        give_up = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = self._bounds.next_slice(give_up)  # raises once the read, the deadline or the caller is done
            try:
                return self._inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:  # only this slice ran out: a socket read can be asked again after it
                continue

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # not sliced: a write cut short has sent part of the buffer, and a request is a few hundred bytes
        self._inner.write(buffer, self._bounds.capped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        secured = self._inner.start_tls(ssl_context, server_hostname,
                                        self._bounds.capped(timeout, httpcore.ConnectTimeout))
        return _Stream(secured, self._bounds)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, bounds: Bounds) -> None:
        self._inner = httpcore.SyncBackend()
        self._bounds = bounds

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        wait = self._bounds.capped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, wait, local_address, socket_options), self._bounds)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        wait = self._bounds.capped(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, wait, socket_options), self._bounds)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bounded_transport(bounds: Bounds) -> httpx.HTTPTransport:
    """httpx's own transport over sockets whose reads respect `bounds`. httpx takes no network backend, so its
    connection pool (`_pool`, the one it builds for a transport without a proxy) is replaced by the same pool
    with ours; the deadline tests in tests/events/ingest/test_fetch.py fail if a new httpx changes that."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(  # noqa: SLF001 (see the docstring)
        ssl_context=httpx.create_ssl_context(trust_env=False), max_keepalive_connections=20, keepalive_expiry=5.0,
        network_backend=_Backend(bounds))
    return transport
