"""A scriptable HTTP server on 127.0.0.1 for fetch, feed and source tests: routes are plain functions."""

from __future__ import annotations

import socket
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    path: str
    headers: dict[str, str]


Route = Callable[[BaseHTTPRequestHandler, int], None]  # (handler, how many times this path was asked before)


@dataclass
class Loopback:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # set at shutdown: slow routes stop

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)


def reply(handler: BaseHTTPRequestHandler, status: int = 200, body: bytes = b"",
          headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    sent = {"Content-Length": str(len(body)), **(headers or {})}
    for key, value in sent.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close with a TCP RST (SO_LINGER 0) instead of an orderly shutdown: the client sees a reset."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


def trickling(server: Loopback, at_once: bytes, trickled: bytes, every: float = 0.1) -> Route:
    """Sends `at_once`, then `trickled` one byte every `every` seconds until the server shuts down: each read gets
    a byte well within any per-read timeout, so only a deadline on the whole response (or a stop) ends it."""
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        handler.wfile.write(at_once)
        for i in range(len(trickled)):
            handler.wfile.write(trickled[i:i + 1])
            if server.release.wait(every):
                return
        handler.close_connection = True
    return route


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (the tests' downloads are cut, refused and resumed on purpose) is no
    error to print: socketserver would write its traceback to stderr, inside the captured output of the command
    under test, whose messages the tests compare exactly."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve() -> Iterator[Loopback]:
    state: list[Loopback] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body in two writes wait 40 ms for a delayed ACK

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            server = state[0]
            before = server.count(self.path)
            server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path)
            if route is None:
                reply(self, 404, b"not found")
                return
            try:
                route(self, before)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base)
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.append(Loopback(f"http://127.0.0.1:{httpd.server_address[1]}"))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state[0]
    finally:
        state[0].release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
