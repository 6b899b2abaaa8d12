"""HTTP for imports: one polite, bounded, conditional GET at a time.

Only http(s) URLs are fetched. Transient failures (DNS and connect errors, timeouts, connection resets, 5xx,
429) are retried with exponential backoff, honouring Retry-After; anything else (404, 403, a refused scheme,
a body over the size cap) fails at once. Either way the FetchError raised says which kind it was
(`transient`), so that a caller on a schedule knows whether asking again at its next run is worth it.
Redirects are followed by hand so that every hop is checked (scheme, loop, count). ETag and Last-Modified
are sent back per URL: an unchanged page answers 304 and costs nothing. Each read waits at most `timeout`, and a
whole response (headers and body) at most its `deadline`; a stop request ends a request under way within a
fraction of a second (both through the sockets: events.ingest.bounded). Sleep and the clock are injected, so
tests never wait.
"""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import httpx

from events.errors import EventsError
from events.ingest.bounded import SLICE, Bounds, bounded_transport
from events.version import __version__

USER_AGENT = f"conflict-events/{__version__} (+https://github.com/conflict-events; scheduled news import)"
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_MB = 1024 * 1024
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")


class FetchError(EventsError, OSError):
    """A URL could not be fetched; the message says why, on one line. An OSError, as a failed read of a file is.

    Always raised as one of the subclasses below: `transient` is true when the same request may well succeed
    later (no connection, a reset, a timeout, HTTP 5xx or 429), false when it would get the same answer (HTTP
    404, 410, 403 and the other 4xx, a body over the size cap or that cannot be decoded, a refused URL)."""

    transient: ClassVar[bool] = False


class TransientFetchError(FetchError):
    """The network or the server failed, not the request: worth asking again later."""

    transient = True


class TerminalFetchError(FetchError):
    """The URL, the answer or the page is the problem: asking again would get the same failure."""


class FetchStopped(TransientFetchError):
    """The caller asked to stop (SIGTERM or Ctrl-C in `events schedule`) while the request was under way: nothing
    is known to be wrong with the URL, so the next run asks again."""


class FetchTimeout(TransientFetchError, TimeoutError):
    """No answer within the policy's timeout; a TimeoutError too, as geopy's GeocoderTimedOut is."""


def is_transient_status(status: int) -> bool:
    """Whether an HTTP status says 'not now' rather than 'no': any server error, and 429 Too Many Requests."""
    return status == 429 or 500 <= status <= 599


@dataclass(frozen=True)
class Validators:
    """What a server said about a version of a URL, sent back to ask 'has it changed?'."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {k: v for k, v in found.items() if v}


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 20.0  # seconds for each of connect, read, write and pool
    retries: int = 3  # extra attempts after a transient failure
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    max_backoff: float = 60.0  # a Retry-After longer than this is capped, so a run cannot stall for a day
    max_bytes: int = 10 * _MB
    max_redirects: int = 5
    politeness: float = 1.0  # seconds between two requests to the same host
    user_agent: str = USER_AGENT
    # seconds for one whole response, headers and body (None: three timeouts). `timeout` bounds each read only,
    # which a server trickling a byte a second never trips; a response cut at its deadline is not asked for again
    # within the run (it would take as long again), but it is transient: the next run asks again.
    deadline: float | None = None

    @property
    def whole_response(self) -> float:
        return self.deadline if self.deadline is not None else 3 * self.timeout


@dataclass(frozen=True)
class Response:
    url: str  # the requested URL
    final_url: str  # after redirects
    status: int  # 200, or 304 when the validators matched
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None  # from the Content-Type header, possibly wrong: see `text`
    validators: Validators = field(default_factory=Validators)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        return decode_body(self.content, self.charset)[0]


def check_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL; TerminalFetchError otherwise (file://, ftp://, relative,
    malformed...)."""
    stripped = url.strip()
    try:
        parts = urlsplit(stripped)
        _ = parts.port  # reading the port checks it: one that is not a number in 0-65535 raises ValueError
        httpx.URL(stripped)  # the client's own parse: control characters and malformed hosts fail here, not later
    except (ValueError, httpx.InvalidURL) as exc:
        raise TerminalFetchError(f"{url}: refused: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"'{parts.scheme}://'" if parts.scheme else "no scheme"
        raise TerminalFetchError(f"{url}: refused: only http and https URLs are fetched ({shown})")
    if not parts.hostname:
        raise TerminalFetchError(f"{url}: refused: no host in the URL")
    return stripped


def decode_body(data: bytes, declared: str | None) -> tuple[str, str]:
    """(text, charset used). A BOM wins; then the header's charset if the bytes decode with it, then the
    document's own declaration, then UTF-8, then cp1252 (which decodes anything). A header that says
    latin-1 over bytes that are valid multi-byte UTF-8 is a common server misconfiguration: UTF-8 wins."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    in_document = _declared_in(data)
    utf8 = _try(data, "utf-8")
    if utf8 is not None and not data.isascii() and _family(declared) == "latin":
        return utf8, "utf-8"
    for candidate in (declared, in_document, "utf-8"):
        if candidate and (text := _try(data, candidate)) is not None:
            return text, codecs.lookup(candidate).name
    return data.decode("cp1252", errors="replace"), "cp1252"


def _declared_in(data: bytes) -> str | None:
    head = data[:4096]
    found = _XML_ENCODING.search(head) or _CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _family(charset: str | None) -> str:
    try:
        name = codecs.lookup(charset).name if charset else ""
    except LookupError:
        return ""
    return "latin" if name in ("latin-1", "iso8859-1", "cp1252", "ascii") else name


def _try(data: bytes, charset: str) -> str | None:
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _header_charset(content_type: str) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return found.group(1) if found else None


class Fetcher:
    """GETs with the policy above. Build with `Fetcher.create`; close it (or use `with`).

    `validators` maps a URL to what its last successful answer said; `fetch` reads it and records each new
    answer in `seen`, which the caller saves once the documents are safely stored (saving earlier would turn
    a crash mid-import into a 304 that hides articles never written). `failures` keeps each URL's last
    FetchError, for a caller that decides afterwards what is worth asking again (transient) and what is not."""

    def __init__(self, client: httpx.Client, policy: FetchPolicy, *, sleep: Callable[[float], None],
                 clock: Callable[[], float], validators: Mapping[str, Validators],
                 bounds: Bounds | None = None) -> None:
        self._client = client
        self._bounds = bounds or Bounds()  # the deadline and stop request the client's sockets respect
        self._stoppable = False  # whether stop_when was called: sleeps are then sliced
        self.policy = policy
        self._sleep = sleep
        self._clock = clock
        self.validators = dict(validators)
        self.seen: dict[str, Validators] = {}
        self.failures: dict[str, FetchError] = {}  # URL as asked -> why its last fetch failed
        self._last_request: dict[str, float] = {}  # host -> clock() of its last request

    @classmethod
    def create(cls, policy: FetchPolicy | None = None, *, validators: Mapping[str, Validators] | None = None,
               transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep,
               clock: Callable[[], float] = time.monotonic) -> Fetcher:
        policy = policy or FetchPolicy()
        bounds = Bounds()
        client = httpx.Client(timeout=httpx.Timeout(policy.timeout), follow_redirects=False,
                              headers={"User-Agent": policy.user_agent}, trust_env=False,
                              transport=transport or bounded_transport(bounds))
        return cls(client, policy, sleep=sleep, clock=clock, validators=validators or {}, bounds=bounds)

    def close(self) -> None:
        self._client.close()

    def stop_when(self, stop: Callable[[], bool]) -> None:
        """From now on a request under way ends within a fraction of a second once `stop()` is true (FetchStopped),
        and no retry starts."""
        self._bounds.stop = stop
        self._stoppable = True

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, *, conditional: bool = True) -> Response:
        """The page at `url` (status 200), or status 304 with no content when unchanged since last time.
        FetchError (transient or terminal) when there is neither."""
        try:
            found = self._fetch(check_url(url), conditional)
        except FetchError as exc:
            self.failures[url] = exc
            raise
        self.failures.pop(url, None)
        return found

    def _fetch(self, url: str, conditional: bool) -> Response:
        extra = self.validators.get(url, Validators()).headers() if conditional else {}
        current, visited = url, [url]
        while True:
            answer = self._with_retries(current, extra)
            if answer.status_code not in _REDIRECT_STATUS:
                break
            answer.close()
            target = answer.headers.get("Location")
            if not target:
                raise TerminalFetchError(f"{url}: redirect ({answer.status_code}) without a Location")
            try:
                joined = urljoin(current, target)
            except ValueError as exc:  # e.g. an unclosed IPv6 bracket: urljoin parses before check_url can
                raise TerminalFetchError(f"{url}: redirect to a malformed Location ({exc})") from exc
            current = check_url(joined)
            if current in visited:
                raise TerminalFetchError(f"{url}: redirect loop ({' -> '.join([*visited, current])})")
            visited.append(current)
            if len(visited) > self.policy.max_redirects + 1:
                raise TerminalFetchError(f"{url}: more than {self.policy.max_redirects} redirects")
            extra = {}  # validators belong to the URL that was asked for, not to where it points
        try:
            return self._read(url, current, answer)
        finally:
            answer.close()

    def _read(self, url: str, final: str, answer: httpx.Response) -> Response:
        if answer.status_code == 304:
            self.seen[url] = self.validators.get(url, Validators())
            return Response(url, final, 304, validators=self.seen[url])
        if answer.status_code != 200:  # the transient statuses were retried already: this one will not change
            raise TerminalFetchError(f"{url}: {_status(answer)}")
        content = self._body(url, answer)
        content_type = answer.headers.get("Content-Type", "")
        validators = Validators(answer.headers.get("ETag"), answer.headers.get("Last-Modified"))
        if validators.etag or validators.last_modified:
            self.seen[url] = validators
        return Response(url, final, 200, content, content_type, _header_charset(content_type), validators)

    def _body(self, url: str, answer: httpx.Response) -> bytes:
        """The body, read no further than the cap: a declared length over it is refused before reading."""
        limit = self.policy.max_bytes
        declared = answer.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TerminalFetchError(f"{url}: response is {int(declared) / _MB:.1f} MB, over the "
                                     f"{limit / _MB:g} MB limit")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in answer.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise TerminalFetchError(f"{url}: response is over the {limit / _MB:g} MB limit")
                chunks.append(chunk)
        except httpx.TransportError as exc:
            self._check_bounds(url)
            raise _failed(f"{url}: connection failed while reading: {_reason(exc)}", exc) from exc
        except httpx.DecodingError as exc:  # a gzip or deflate body that does not decompress: the same next time
            encoding = answer.headers.get("Content-Encoding", "")
            raise TerminalFetchError(f"{url}: cannot decode the {encoding} response: "
                                     f"{' '.join(str(exc).split()) or type(exc).__name__}") from exc
        return b"".join(chunks)

    def _with_retries(self, url: str, extra: dict[str, str]) -> httpx.Response:
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self._be_polite(url)
            self._bounds.deadline = time.monotonic() + self.policy.whole_response
            self._check_bounds(url)  # a stop asked for while waiting: no request starts
            try:
                answer = self._client.send(self._client.build_request("GET", url, headers=extra), stream=True)
            except httpx.TransportError as exc:
                self._check_bounds(url)
                if last or not _transient(exc):
                    tries = f" (after {attempts} attempts)" if attempts > 1 and _transient(exc) else ""
                    raise _failed(f"{url}: {_reason(exc)}{tries}", exc) from exc
                self._pause(self._delay(attempt, None))
                continue
            if not is_transient_status(answer.status_code):
                return answer
            answer.close()
            if last:
                tries = f" (after {attempts} attempts)" if attempts > 1 else ""
                raise TransientFetchError(f"{url}: {_status(answer)}{tries}")
            self._pause(self._delay(attempt, answer.headers.get("Retry-After")))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _check_bounds(self, url: str) -> None:
        """FetchStopped or FetchTimeout when the caller asked to stop or the response's deadline has passed: a
        timeout that httpx reports is then ours (events.ingest.bounded), not a read's."""
        if self._bounds.stopped():
            raise FetchStopped(f"{url}: stopped before the whole response came")
        if self._bounds.expired():
            raise FetchTimeout(f"{url}: no whole response within the {self.policy.whole_response:g} s deadline")

    def _pause(self, seconds: float) -> None:
        """Sleep (backoff, politeness); in slices once a stop request can come, so that it is not slept through."""
        if not self._stoppable:
            self._sleep(seconds)
            return
        left = seconds
        while left > 0 and not self._bounds.stopped():
            self._sleep(min(left, SLICE))
            left -= SLICE

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        wait = self.policy.backoff * 2 ** attempt
        asked = _retry_after(retry_after)
        return min(max(wait, asked or 0.0), self.policy.max_backoff)

    def _be_polite(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        previous = self._last_request.get(host)
        if previous is not None:
            wait = self.policy.politeness - (self._clock() - previous)
            if wait > 0:
                self._pause(wait)
        self._last_request[host] = self._clock()


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds; its HTTP-date form falls back to the default backoff (no wall clock here)."""
    value = (value or "").strip()
    return float(value) if value.isdigit() else None


def _transient(exc: httpx.TransportError) -> bool:
    return isinstance(exc, httpx.ConnectError | httpx.TimeoutException | httpx.ReadError
                      | httpx.RemoteProtocolError | httpx.WriteError)


def _status(answer: httpx.Response) -> str:
    """"HTTP 503 Service Unavailable", or "HTTP 520" from a server that gives no reason phrase."""
    return f"HTTP {answer.status_code} {answer.reason_phrase}".rstrip()


def _failed(message: str, exc: httpx.TransportError) -> FetchError:
    """The FetchError for a transport failure: a timeout, another transient one, or a terminal one (a proxy
    or protocol error on our side)."""
    if isinstance(exc, httpx.TimeoutException):
        return FetchTimeout(message)
    return TransientFetchError(message) if _transient(exc) else TerminalFetchError(message)


def _reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {' '.join(str(exc).split()) or 'connection refused'}"
    if isinstance(exc, httpx.ReadError | httpx.RemoteProtocolError):
        return f"connection reset: {' '.join(str(exc).split()) or type(exc).__name__}"
    return " ".join(str(exc).split()) or type(exc).__name__
