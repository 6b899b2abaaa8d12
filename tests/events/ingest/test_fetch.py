"""HTTP faults, each against a server on 127.0.0.1: what is retried, what fails at once, and why."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from events.errors import EventsError
from events.ingest.fetch import (
    Fetcher,
    FetchError,
    FetchPolicy,
    FetchStopped,
    FetchTimeout,
    TerminalFetchError,
    TransientFetchError,
    Validators,
    check_url,
    decode_body,
)
from tests.events.ingest.loopback import Loopback, reply, reset, serve, trickling

FAST = FetchPolicy(timeout=2.0, retries=3, backoff=1.0, politeness=0.0, max_bytes=1024 * 1024)
PAGE = b"<html><body><p>Rebels clashed with soldiers near the bridge.</p></body></html>"


@pytest.fixture
def server() -> Iterator[Loopback]:
    with serve() as running:
        yield running


def fetcher(policy: FetchPolicy = FAST, **kwargs: object) -> tuple[Fetcher, list[float]]:
    slept: list[float] = []
    made = Fetcher.create(policy, sleep=slept.append, clock=lambda: 0.0, **kwargs)  # type: ignore[arg-type]
    return made, slept


def fails_then_ok(status: int, times: int, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        if before < times:
            reply(handler, status, b"busy", headers)
        else:
            reply(handler, 200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
    return route


@pytest.mark.parametrize(("status", "times", "headers", "sleeps"), [
    (500, 2, None, [1.0, 2.0]),  # a server error twice, then the page: backoff doubles
    (503, 3, None, [1.0, 2.0, 4.0]),  # unavailable three times, the last retry succeeds
    (429, 1, {"Retry-After": "7"}, [7.0]),  # too many requests: Retry-After is honoured
    (502, 1, {"Retry-After": "soon"}, [1.0]),  # a Retry-After that is not a number: default backoff
])
def test_transient_statuses_are_retried_with_backoff(server: Loopback, status: int, times: int,
                                                     headers: dict[str, str] | None, sleeps: list[float]) -> None:
    server.routes["/a"] = fails_then_ok(status, times, headers)
    client, slept = fetcher()
    with client:
        page = client.fetch(server.url("/a"))
    assert page.status == 200 and page.content == PAGE
    assert slept == sleeps
    assert server.count("/a") == times + 1


def test_a_server_that_keeps_failing_gives_up_after_the_retries(server: Loopback) -> None:
    server.routes["/down"] = fails_then_ok(500, 99)
    client, slept = fetcher()
    with client, pytest.raises(FetchError, match=r"HTTP 500 .*\(after 4 attempts\)"):
        client.fetch(server.url("/down"))
    assert server.count("/down") == 4 and len(slept) == 3


@pytest.mark.parametrize("status", [404, 403, 410])
def test_permanent_errors_are_not_retried(server: Loopback, status: int) -> None:
    server.routes["/gone"] = lambda h, n: reply(h, status, b"no")
    client, slept = fetcher()
    with client, pytest.raises(FetchError, match=f"HTTP {status}"):
        client.fetch(server.url("/gone"))
    assert server.count("/gone") == 1 and slept == []


def test_a_server_that_never_answers_times_out(server: Loopback) -> None:
    server.routes["/slow"] = lambda h, n: server.release.wait(5)
    client, slept = fetcher(FetchPolicy(timeout=0.2, retries=1, politeness=0.0))
    with client, pytest.raises(FetchError, match=r"timed out \(after 2 attempts\)"):
        client.fetch(server.url("/slow"))
    assert server.count("/slow") == 2 and slept == [1.0]


def test_a_connection_reset_is_retried(server: Loopback) -> None:
    server.routes["/flaky"] = lambda h, n: reset(h) if n == 0 else reply(h, 200, PAGE)
    client, slept = fetcher()
    with client:
        assert client.fetch(server.url("/flaky")).content == PAGE
    assert server.count("/flaky") == 2 and slept == [1.0]


def test_nothing_listening_is_a_connect_error_after_retries() -> None:
    client, slept = fetcher(FetchPolicy(retries=2, politeness=0.0))
    with client, pytest.raises(FetchError, match=r"cannot connect.*\(after 3 attempts\)"):
        client.fetch("http://127.0.0.1:9/nothing-here")
    assert slept == [1.0, 2.0]


FIFTY_MB = 50 * 1024 * 1024


@pytest.mark.parametrize(("headers", "message"), [
    ({"Content-Length": str(FIFTY_MB)}, r"response is 50\.0 MB, over the 1 MB limit"),
    ({"Content-Length": str(FIFTY_MB), "Content-Type": "application/rss+xml"}, r"50\.0 MB"),
    ({"Content-Length": str(2 * 1024 * 1024)}, r"2\.0 MB, over the 1 MB limit"),
])
def test_a_declared_oversized_response_is_refused_before_reading(server: Loopback, headers: dict[str, str],
                                                                 message: str) -> None:
    def big(handler: BaseHTTPRequestHandler, before: int) -> None:
        handler.send_response(200)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(b"x" * 1024)  # the rest is never sent: the client must not wait for it
        handler.close_connection = True

    server.routes["/big"] = big
    client, _ = fetcher()
    with client, pytest.raises(FetchError, match=message):
        client.fetch(server.url("/big"))


def test_an_undeclared_50_mb_response_is_cut_off_at_the_cap(server: Loopback) -> None:
    sent: list[int] = []

    def stream(handler: BaseHTTPRequestHandler, before: int) -> None:
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        block = b"x" * 65536
        try:
            for _ in range(FIFTY_MB // len(block)):
                handler.wfile.write(block)
                sent.append(len(block))
        finally:
            handler.close_connection = True

    server.routes["/stream"] = stream
    client, _ = fetcher()
    with client, pytest.raises(FetchError, match="over the 1 MB limit"):
        client.fetch(server.url("/stream"))
    client.close()
    server.release.wait(0.5)
    assert sum(sent) < FIFTY_MB // 2  # the client hung up long before the end


def test_a_compressed_bomb_is_cut_off_at_the_cap_after_decompression(server: Loopback) -> None:
    import gzip

    bomb = gzip.compress(b"\0" * FIFTY_MB, compresslevel=9)  # about 50 KB on the wire
    server.routes["/zip"] = lambda h, n: reply(h, 200, bomb, {"Content-Encoding": "gzip"})
    client, _ = fetcher()
    with client, pytest.raises(FetchError, match="over the 1 MB limit"):
        client.fetch(server.url("/zip"))
    assert len(bomb) < 1024 * 1024


CAFE_LATIN1 = "Protesters gathered at the café in Zürich.".encode("latin-1")
CAFE_UTF8 = "Protesters gathered at the café in Zürich.".encode()


@pytest.mark.parametrize(("body", "content_type", "charset"), [
    (CAFE_UTF8, "text/html; charset=utf-8", "utf-8"),  # right header
    (CAFE_LATIN1, "text/html; charset=utf-8", "cp1252"),  # header says UTF-8, bytes are latin-1
    (CAFE_UTF8, "text/html; charset=iso-8859-1", "utf-8"),  # header says latin-1, bytes are UTF-8
    (CAFE_UTF8, "text/html", "utf-8"),  # no charset at all
    (b'<meta charset="windows-1252">' + CAFE_LATIN1, "text/html", "cp1252"),  # declared in the page
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><p>' + CAFE_LATIN1 + b"</p>", "text/xml", "iso8859-1"),
    (b"\xef\xbb\xbf" + CAFE_UTF8, "text/plain; charset=latin-1", "utf-8-sig"),  # a BOM beats the header
])
def test_wrong_or_missing_charsets_still_decode_the_text(server: Loopback, body: bytes, content_type: str,
                                                          charset: str) -> None:
    server.routes["/page"] = lambda h, n: reply(h, 200, body, {"Content-Type": content_type})
    client, _ = fetcher()
    with client:
        page = client.fetch(server.url("/page"))
    text, used = decode_body(page.content, page.charset)
    assert "café in Zürich" in text and used == charset and page.text == text


def test_a_redirect_loop_is_stopped(server: Loopback) -> None:
    server.routes["/a"] = lambda h, n: reply(h, 302, headers={"Location": "/b"})
    server.routes["/b"] = lambda h, n: reply(h, 301, headers={"Location": server.url("/a")})
    client, _ = fetcher()
    with client, pytest.raises(FetchError, match=r"redirect loop \(.*/a -> .*/b -> .*/a\)"):
        client.fetch(server.url("/a"))
    assert server.count("/a") == 1 and server.count("/b") == 1


def test_a_long_redirect_chain_is_stopped(server: Loopback) -> None:
    for i in range(10):
        server.routes[f"/r{i}"] = lambda h, n, i=i: reply(h, 307, headers={"Location": f"/r{i + 1}"})
    client, _ = fetcher(FetchPolicy(max_redirects=3, politeness=0.0))
    with client, pytest.raises(FetchError, match="more than 3 redirects"):
        client.fetch(server.url("/r0"))
    assert server.count("/r5") == 0


def test_redirects_are_followed_to_the_page(server: Loopback) -> None:
    server.routes["/old"] = lambda h, n: reply(h, 301, headers={"Location": "/new"})
    server.routes["/new"] = lambda h, n: reply(h, 200, PAGE)
    client, _ = fetcher()
    with client:
        page = client.fetch(server.url("/old"))
    assert page.final_url == server.url("/new") and page.url == server.url("/old") and page.content == PAGE


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "ftp://127.0.0.1/pub/news.xml",
    "gopher://127.0.0.1/1",
    "news/today.xml",
    "http:///no-host",
])
def test_urls_that_are_not_http_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refused"):
        check_url(url)
    client, _ = fetcher()
    with client, pytest.raises(FetchError, match="refused"):
        client.fetch(url)


def test_a_redirect_to_a_file_url_is_refused(server: Loopback) -> None:
    server.routes["/sneaky"] = lambda h, n: reply(h, 302, headers={"Location": "file:///etc/passwd"})
    client, _ = fetcher()
    with client, pytest.raises(FetchError, match="refused: only http and https"):
        client.fetch(server.url("/sneaky"))


def conditional(handler: BaseHTTPRequestHandler, before: int) -> None:
    if handler.headers.get("If-None-Match") == '"v1"':
        reply(handler, 304)
    else:
        reply(handler, 200, PAGE, {"ETag": '"v1"', "Last-Modified": "Mon, 02 Mar 2026 08:00:00 GMT"})


def test_an_unchanged_page_is_asked_for_conditionally_and_answers_304(server: Loopback) -> None:
    server.routes["/c"] = conditional
    client, _ = fetcher()
    with client:
        first = client.fetch(server.url("/c"))
    assert first.status == 200 and first.validators == Validators('"v1"', "Mon, 02 Mar 2026 08:00:00 GMT")
    again, _ = fetcher(validators=dict(client.seen))
    with again:
        second = again.fetch(server.url("/c"))
    assert second.not_modified and second.content == b""
    assert server.requests[-1].headers["if-none-match"] == '"v1"'
    assert server.requests[-1].headers["if-modified-since"] == "Mon, 02 Mar 2026 08:00:00 GMT"
    assert "if-none-match" not in server.requests[0].headers


def test_requests_say_who_is_asking(server: Loopback) -> None:
    server.routes["/ua"] = lambda h, n: reply(h, 200, PAGE)
    client, _ = fetcher()
    with client:
        client.fetch(server.url("/ua"))
    assert server.requests[0].headers["user-agent"].startswith("conflict-events/")


def test_the_same_host_is_asked_politely(server: Loopback) -> None:
    server.routes["/p"] = lambda h, n: reply(h, 200, PAGE)
    ticks = iter([0.0, 0.25, 1.0, 6.0, 6.0])  # first; second (check, after the wait); third
    slept: list[float] = []
    client = Fetcher.create(FetchPolicy(politeness=1.0), sleep=slept.append, clock=lambda: next(ticks))
    with client:
        for _ in range(3):
            client.fetch(server.url("/p"))
    assert slept == [0.75]  # the second request came 0.25 s after the first; the third long after


# -- transient or terminal: what a scheduler may ask again later, and what it should not ------------------------

Setup = Callable[[Loopback], str]  # makes the server fail in one way; returns the URL to fetch


def answering(status: int, headers: dict[str, str] | None = None) -> Setup:
    def setup(server: Loopback) -> str:
        server.routes["/x"] = lambda h, n: reply(h, status, b"no", headers)
        return server.url("/x")
    return setup


def routed(route: Callable[[BaseHTTPRequestHandler, int], None]) -> Setup:
    def setup(server: Loopback) -> str:
        server.routes["/x"] = route
        return server.url("/x")
    return setup


def declaring_fifty_mb(handler: BaseHTTPRequestHandler, before: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(FIFTY_MB))
    handler.end_headers()
    handler.wfile.write(b"x" * 1024)  # the rest is never sent: the client must not wait for it
    handler.close_connection = True


def stalling_after_the_headers(handler: BaseHTTPRequestHandler, before: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b"<html><body>")  # then nothing (the test holds the connection): the client times out
    handler.wfile.flush()


def fixed(url: str) -> Setup:
    return lambda server: url


# (what goes wrong, transient, a TimeoutError too, the message after "<url>: ", as a regular expression)
FAILURES = [
    pytest.param(answering(500), True, False, r"HTTP 500 Internal Server Error \(after 2 attempts\)", id="500"),
    pytest.param(answering(502), True, False, r"HTTP 502 Bad Gateway \(after 2 attempts\)", id="502"),
    pytest.param(answering(503), True, False, r"HTTP 503 Service Unavailable \(after 2 attempts\)", id="503"),
    pytest.param(answering(504), True, False, r"HTTP 504 Gateway Timeout \(after 2 attempts\)", id="504"),
    pytest.param(answering(520), True, False, r"HTTP 520 \(after 2 attempts\)", id="520-no-reason-phrase"),
    pytest.param(answering(429, {"Retry-After": "1"}), True, False, r"HTTP 429 Too Many Requests \(after 2 attempts\)",
                 id="429"),
    pytest.param(fixed("http://127.0.0.1:9/nothing-here"), True, False, r"cannot connect: .+ \(after 2 attempts\)",
                 id="nothing-listening"),
    pytest.param(routed(lambda h, n: reset(h)), True, False, r"connection reset: .+ \(after 2 attempts\)",
                 id="reset"),
    pytest.param(answering(404), False, False, r"HTTP 404 Not Found", id="404"),
    pytest.param(answering(410), False, False, r"HTTP 410 Gone", id="410"),
    pytest.param(answering(403), False, False, r"HTTP 403 Forbidden", id="403"),
    pytest.param(answering(401), False, False, r"HTTP 401 Unauthorized", id="401"),
    pytest.param(answering(400), False, False, r"HTTP 400 Bad Request", id="400"),
    pytest.param(routed(declaring_fifty_mb), False, False, r"response is 50\.0 MB, over the 1 MB limit",
                 id="declared-oversize"),
    pytest.param(routed(lambda h, n: reply(h, 200, b"this is not gzip", {"Content-Encoding": "gzip"})), False, False,
                 r"cannot decode the gzip response: .+", id="undecodable-gzip"),
    pytest.param(routed(lambda h, n: reply(h, 302, headers={"Location": "/x"})), False, False,
                 r"redirect loop \(.+/x -> .+/x\)", id="redirect-loop"),
    pytest.param(fixed("ftp://127.0.0.1/news.xml"), False, False,
                 r"refused: only http and https URLs are fetched \('ftp://'\)", id="ftp-url"),
    pytest.param(fixed("http://[::1/news"), False, False, r"refused: not a valid URL \(Invalid IPv6 URL\)",
                 id="malformed-url"),
    pytest.param(fixed("http://127.0.0.1:99999/news"), False, False,
                 r"refused: not a valid URL \(Port out of range 0-65535\)", id="port-out-of-range"),
]


@pytest.mark.parametrize(("setup", "transient", "timeout", "message"), FAILURES)
def test_every_failure_says_whether_it_is_worth_asking_again(server: Loopback, setup: Setup, transient: bool,
                                                             timeout: bool, message: str) -> None:
    url = setup(server)
    client, _ = fetcher(FetchPolicy(timeout=2.0, retries=1, politeness=0.0, max_bytes=1024 * 1024))
    with client, pytest.raises(FetchError) as caught:
        client.fetch(url)
    error = caught.value
    assert re.fullmatch(re.escape(url) + ": " + message, str(error)), str(error)
    assert error.transient is transient
    assert isinstance(error, TransientFetchError) is transient
    assert isinstance(error, TerminalFetchError) is not transient
    assert isinstance(error, OSError) and isinstance(error, EventsError) and not isinstance(error, ValueError)
    assert isinstance(error, TimeoutError) is timeout
    assert client.failures == {url: error}  # kept for the caller that decides what to ask again


@pytest.mark.parametrize(("route", "message"), [
    (lambda h, n: None, r"timed out \(after 2 attempts\)"),  # no answer at all: asked twice
    (stalling_after_the_headers, r"connection failed while reading: timed out"),  # the body stops coming
])
def test_a_timeout_is_transient_and_a_timeout_error(server: Loopback,
                                                    route: Callable[[BaseHTTPRequestHandler, int], None],
                                                    message: str) -> None:
    def slow(handler: BaseHTTPRequestHandler, before: int) -> None:
        route(handler, before)
        server.release.wait(5)

    server.routes["/slow"] = slow
    client, _ = fetcher(FetchPolicy(timeout=0.2, retries=1, politeness=0.0))
    with client, pytest.raises(FetchTimeout) as caught:
        client.fetch(server.url("/slow"))
    error = caught.value
    assert re.fullmatch(re.escape(server.url("/slow")) + ": " + message, str(error)), str(error)
    assert error.transient and isinstance(error, TransientFetchError)
    assert isinstance(error, TimeoutError) and isinstance(error, OSError) and isinstance(error, EventsError)


def test_a_url_that_answers_again_is_no_longer_a_failure(server: Loopback) -> None:
    server.routes["/flaky"] = lambda h, n: reply(h, 503 if n < 2 else 200, PAGE)
    client, _ = fetcher(FetchPolicy(retries=1, politeness=0.0))
    with client:
        with pytest.raises(TransientFetchError):
            client.fetch(server.url("/flaky"))
        assert set(client.failures) == {server.url("/flaky")}
        assert client.fetch(server.url("/flaky")).content == PAGE
    assert client.failures == {}


# -- a whole response within a deadline -------------------------------------------------------------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 600\r\n\r\n"


@pytest.mark.parametrize(("at_once", "trickled"), [
    pytest.param(b"", HEAD + b"x" * 600, id="headers-trickled"),  # the status line itself comes byte by byte
    pytest.param(HEAD, b"x" * 600, id="body-trickled"),  # headers at once, then the body byte by byte
])
def test_a_trickled_response_ends_at_the_deadline(server: Loopback, at_once: bytes, trickled: bytes) -> None:
    server.routes["/trickle"] = trickling(server, at_once, trickled)
    client, slept = fetcher(FetchPolicy(timeout=1.0, deadline=1.5, retries=2, politeness=0.0))
    started = time.monotonic()
    with client, pytest.raises(FetchTimeout) as caught:
        client.fetch(server.url("/trickle"))
    took = time.monotonic() - started
    assert str(caught.value) == f"{server.url('/trickle')}: no whole response within the 1.5 s deadline"
    assert caught.value.transient  # the next run may find a faster server; this run does not wait again
    assert 1.4 < took < 2.0, took
    assert server.count("/trickle") == 1 and slept == []


def test_the_default_deadline_is_three_timeouts() -> None:
    assert FetchPolicy(timeout=2.0).whole_response == 6.0
    assert FetchPolicy(timeout=2.0, deadline=30.0).whole_response == 30.0


def test_a_stop_request_ends_a_fetch_within_a_fraction_of_a_second(server: Loopback) -> None:
    server.routes["/trickle"] = trickling(server, HEAD, b"x" * 600)
    client, _ = fetcher(FetchPolicy(timeout=30.0, retries=2, politeness=0.0))
    asked = time.monotonic() + 0.5
    client.stop_when(lambda: time.monotonic() > asked)
    with client, pytest.raises(FetchStopped) as caught:
        client.fetch(server.url("/trickle"))
    assert time.monotonic() - asked < 0.5
    assert str(caught.value) == f"{server.url('/trickle')}: stopped before the whole response came"
    assert caught.value.transient and server.count("/trickle") == 1
