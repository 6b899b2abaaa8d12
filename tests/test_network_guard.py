"""The guard every test runs under: loopback connections pass, anything beyond this machine fails the test."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import urlopen

import pytest


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_loopback_server_started_by_the_test_is_reachable(host: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urlopen(f"http://{host}:{server.server_address[1]}/", timeout=5) as response:
            assert response.read() == b"hello"
    finally:
        server.shutdown()
        server.server_close()


def connect_ipv6() -> None:
    with socket.socket(socket.AF_INET6) as sock:
        sock.connect_ex(("2001:db8::1", 80, 0, 0))


@pytest.mark.parametrize(
    ("reach", "attempt"),
    [
        ("a connection to a public address", lambda: socket.create_connection(("192.0.2.1", 80), timeout=1)),
        ("a name lookup of a public host", lambda: socket.getaddrinfo("example.org", 443)),
        ("a connection to a public IPv6 address", connect_ipv6),
    ],
)
def test_reaching_beyond_loopback_fails_the_test(only_loopback: list[object], reach: str,
                                                 attempt: Callable[[], object]) -> None:
    with pytest.raises(AssertionError, match="beyond loopback"):
        attempt()
    assert only_loopback, reach
    only_loopback.clear()  # this test's attempt was the point; any other test's fails it at teardown
