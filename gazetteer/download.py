"""GeoNames dump files fetched over HTTP(S) into a downloads folder, kept there, resumed when cut.

Only what is asked for is fetched: country files (`ML.zip`) and the code tables `events gazetteer import` takes
(`admin1CodesASCII.txt`, `admin2Codes.txt`, `alternateNamesV2.zip`), from the GeoNames dump export or a mirror.
A file is written to `<name>.part` beside its target and renamed into place once it is whole: its size is checked
against what the server announced (Content-Length, or the total of a Content-Range), a zip must open with every
member's CRC right, and its sha256 is recorded (GeoNames publishes no checksums) in `<name>.json` with the URL
and the server's validators. A cut connection leaves the `.part`, which the next attempt resumes with an HTTP
Range request (restarted from the first byte when the server ignores Range or the file changed meanwhile). A file
already downloaded is not asked for again unless `refresh`, and then conditionally (If-None-Match /
If-Modified-Since): an unchanged file costs one 304.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from .countries import CountryRow
from .errors import GazetteerDataError, GazetteerError, os_reason
from .folding import fold
from .replace import replacing

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
BASE_URL_ENV = "EVENTS_GEONAMES_URL"
ADMIN_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt")  # 0.15 MB and 2.3 MB: the names of admin units
ALTERNATE_FILE = "alternateNamesV2.zip"  # 190 MB: names in other languages, worldwide; only on request
MAX_BYTES = 2 * 1024**3  # larger than any GeoNames country file or table; a bigger answer is no GeoNames file
TIMEOUT = 60.0  # seconds for each connect and read: a slow link is fine, a silent one is not
MAX_ATTEMPTS = 10  # per file, in one run: a cut connection is resumed at once while each attempt gains bytes
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")

Progress = Callable[[int], None]
# (file name, total bytes when known) -> a context giving the callback that counts the bytes as they arrive
ProgressFactory = Callable[[str, "int | None"], AbstractContextManager["Progress | None"]]


class DownloadError(GazetteerError, OSError):
    """A file could not be fetched or was refused; the message names its URL and says why, on one line."""


class Unreachable(DownloadError):
    """No connection to the server at all (offline, a wrong host, nothing listening): the other files of the same
    server are not worth asking for."""


@dataclass(frozen=True)
class Downloaded:
    name: str  # ML.zip
    url: str
    path: Path
    size: int
    sha256: str
    how: str  # "downloaded", "resumed", "kept" (not asked for again), "unchanged" (the server answered 304)


def country_codes(asked: Iterable[str], rows: Iterable[CountryRow]) -> list[str]:
    """The codes asked for, upper-cased, each once, in order; GazetteerDataError for the first that is not a
    country of the table, naming the nearest that is (before any request is made)."""
    table = list(rows)
    known = {row.iso2: row.name for row in table}
    out: list[str] = []
    for raw in asked:
        code = raw.strip().upper()
        if code not in known:
            near = _nearest(raw.strip(), table)
            raise GazetteerDataError(f"{raw}: not a GeoNames country code; did you mean {near} ({known[near]})?")
        if code not in out:
            out.append(code)
    return out


def _nearest(raw: str, rows: list[CountryRow]) -> str:
    """The code a mistyped one most likely meant: a country named so ("Mali", "UK", "Burkina"), an ISO alpha-3
    code's first two letters ("MLI", "NER"), else the closest code by spelling."""
    key = fold(raw)
    for row in rows:
        if key in (fold(n) for n in (row.name, *row.aliases)):
            return row.iso2
    for row in rows:  # a prefix of a name: "Burkina", "Niger" before "Nigeria" (rows are in code order)
        if len(key) >= 3 and fold(row.name).startswith(key):
            return row.iso2
    codes = [row.iso2 for row in rows]
    upper = raw.upper()
    if len(upper) == 3 and upper[:2] in codes:
        return upper[:2]
    return (difflib.get_close_matches(upper, codes, n=1, cutoff=0.0) or codes[:1])[0]


def base_url(value: str) -> str:
    """The folder URL files are fetched from, ending in '/'; DownloadError for anything but http(s)."""
    url = value.strip()
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise DownloadError(f"{value}: not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise DownloadError(f"{value}: not an http(s) URL of a folder (such as {DEFAULT_BASE_URL})")
    return url if url.endswith("/") else url + "/"


def file_names(codes: Iterable[str], *, admin: bool, alternate_names: bool) -> list[str]:
    """What a download fetches: each country's zip, then the code tables asked for."""
    return [f"{code}.zip" for code in codes] + (list(ADMIN_FILES) if admin else []) + \
        ([ALTERNATE_FILE] if alternate_names else [])


@dataclass(frozen=True)
class Record:
    """What `<name>.json` beside a downloaded file says of it."""

    size: int
    sha256: str
    etag: str | None
    last_modified: str | None


class Downloader:
    """Fetches files from `base` into `folder`, one at a time, over `client` (build with `Downloader.create`)."""

    def __init__(self, client: httpx.Client, base: str, folder: Path, *, refresh: bool = False,
                 progress: ProgressFactory | None = None, timeout: float = TIMEOUT) -> None:
        self._client = client
        self._timeout = timeout  # the client's, said in the message when it runs out
        self.base = base_url(base)
        self.folder = folder
        self.refresh = refresh
        self._progress = progress
        self._validators: dict[str, str] = {}  # what the answer that completed the file said of its version
        self._complete = False  # whether the last attempt left the whole file in the part
        self._resumed = False  # whether the part was begun by an earlier attempt or run

    @classmethod
    def create(cls, base: str, folder: Path, *, refresh: bool = False, user_agent: str = "conflict-events",
               progress: ProgressFactory | None = None, timeout: float = TIMEOUT) -> Downloader:
        # trust_env off, as for every fetch of the project: no proxy or .netrc picked up behind the user's back
        client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=5,
                              trust_env=False,
                              # identity: the bytes counted, ranged and hashed are the file's, not a compression's
                              headers={"User-Agent": user_agent, "Accept-Encoding": "identity"})
        return cls(client, base, folder, refresh=refresh, progress=progress, timeout=timeout)

    def __enter__(self) -> Downloader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def fetch(self, name: str) -> Downloaded:
        """`name` under the base URL, into the folder: kept when downloaded before from the same URL (and, with
        `refresh`, unchanged on the server), else fetched, checked and recorded. DownloadError on failure: the
        target (an earlier download included) is left as it was, and a cut transfer's `.part` kept."""
        url = self.base + name
        target = self.folder / name
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadError(f"{self.folder}: cannot make the downloads folder: {os_reason(exc)}") from exc
        record = _read_record(target, url)
        if record is not None and not self.refresh:
            return Downloaded(name, url, target, record.size, record.sha256, "kept")
        how = self._transfer(url, target, record)
        if how == "unchanged" and record is not None:
            return Downloaded(name, url, target, record.size, record.sha256, how)
        return self._finish(name, url, target, how)

    def _transfer(self, url: str, target: Path, record: Record | None) -> str:
        """Bring `<target>.part` to the whole file ("downloaded", or "resumed" when it began from an earlier
        part), or say the kept copy is current ("unchanged")."""
        part = _part(target)
        self._resumed = _size(part) > 0
        for _ in range(MAX_ATTEMPTS):
            have = part.stat().st_size if part.exists() else 0
            headers: dict[str, str] = {}
            if have:
                # If-Range: the rest of this version only; a file changed since the part began comes whole (200)
                headers = {"Range": f"bytes={have}-", **_if_range(_read_part_record(part))}
            elif record is not None:  # --refresh of a kept file: a 304 when it has not changed
                headers = _conditional(record)
            gained, status = self._attempt(url, part, have, headers)
            if status == 304:
                return "unchanged"
            if self._complete:
                return "resumed" if self._resumed else "downloaded"
            if not gained:
                break
        size = part.stat().st_size if part.exists() else 0
        if size == 0:
            raise DownloadError(f"{url}: the connection was cut before any byte of the file arrived")
        raise DownloadError(f"{url}: the connection was cut after {size:,} bytes; they are kept in {part}: run the "
                            "command again to resume")

    def _attempt(self, url: str, part: Path, have: int, headers: dict[str, str]) -> tuple[bool, int]:
        """One request: (whether the part grew or was reset, the HTTP status; 0 when the connection was cut).
        Sets `_complete` when the part is the whole file, and `_validators` to what its answer said."""
        self._complete = False
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status == 304:
                    return False, status
                start, total = _extent(response, have)
                if status == 416 and have and _whole_size(response) == have:  # the part is the file (cut, say,
                    self._complete = True                                     # before it was renamed)
                    self._validators = _read_part_record(part)
                    return True, status
                if have and (status == 416 or start is None):
                    # the part is no prefix of the file as it is now (it changed, or the server answered another
                    # range): start again at once, from the first byte
                    _discard(part)
                    return True, status
                if status not in (200, 206):
                    raise DownloadError(f"{url}: {_status(response)}")
                if total is not None and total > MAX_BYTES:
                    raise DownloadError(f"{url}: refused: {total:,} bytes, more than any GeoNames file "
                                        f"({MAX_BYTES:,})")
                validators = _validators(response)
                self._resumed = bool(start)  # the part is kept and added to, else written from its first byte
                if start == 0:
                    _record_path(part).write_text(json.dumps(validators) + "\n", encoding="utf-8")
                received = self._write(response, part, start or 0, total)
        except httpx.TimeoutException as exc:
            raise DownloadError(f"{url}: no answer within {self._timeout:g} s; {_kept(part)}") from exc
        except httpx.ConnectError as exc:
            raise Unreachable(f"{url}: cannot connect: {exc}") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError):  # cut mid-body: the bytes written are kept
            return _size(part) > have, 0
        except httpx.HTTPError as exc:
            raise DownloadError(f"{url}: {type(exc).__name__}: {exc}") from exc
        except GazetteerError:
            raise
        except OSError as exc:
            raise DownloadError(f"{part}: cannot write the download: {os_reason(exc)}") from exc
        if total is not None and received < total:  # a server that closes early without saying so
            return received > have, 0
        if total is not None and received > total:
            _discard(part)
            raise DownloadError(f"{url}: refused: {received:,} bytes received, the server announced {total:,}")
        self._complete = True
        self._validators = validators
        return True, status

    def _write(self, response: httpx.Response, part: Path, start: int, total: int | None) -> int:
        """Write the body at `start` of the part (0: from scratch); the part's size after it."""
        received = start
        # O_NOFOLLOW: a link planted at the part's name is refused (ELOOP), not written through
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh, self._bar(part.name[:-5], total) as bar:
            fh.seek(start)
            fh.truncate()
            if bar is not None and start:
                bar(start)
            for chunk in response.iter_raw():  # as it arrives: what a cut leaves is written, not held in a buffer
                received += len(chunk)
                if received > MAX_BYTES:
                    raise DownloadError(f"{response.request.url}: refused: more than {MAX_BYTES:,} bytes, more "
                                        "than any GeoNames file")
                fh.write(chunk)
                if bar is not None:
                    bar(len(chunk))
        return received

    def _bar(self, name: str, total: int | None) -> AbstractContextManager[Progress | None]:
        return nullcontext(None) if self._progress is None else self._progress(name, total)

    def _finish(self, name: str, url: str, target: Path, how: str) -> Downloaded:
        """Check the whole part, record it and rename it into place."""
        part = _part(target)
        if name.lower().endswith(".zip"):
            problem = _zip_problem(part)
            if problem is not None:
                _discard(part)
                raise DownloadError(f"{url}: refused: not a readable zip file ({problem}); the download is deleted")
        size, digest = _sha256(part)
        record = {"url": url, "size": size, "sha256": digest, **self._validators}
        try:
            os.replace(part, target)  # then its record: a crash between the two costs a download, no mismatch
            _write_json(_record_path(target), record)
            _record_path(part).unlink(missing_ok=True)
        except OSError as exc:
            raise DownloadError(f"{target}: cannot write the download: {os_reason(exc)}") from exc
        return Downloaded(name, url, target, size, digest, how)


def _extent(response: httpx.Response, have: int) -> tuple[int | None, int | None]:
    """(where the body starts in the file, the file's total size when the server says it). A 200 is the whole
    file (a server that ignores Range sends it so): it starts at 0. A 206 starts where its Content-Range says,
    which must be where the part ends (else None: it cannot be appended)."""
    length = response.headers.get("Content-Length", "")
    if response.status_code != 206:
        return 0, int(length) if length.isdigit() else None
    found = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if found is None or int(found.group(1)) != have:
        return None, None
    return have, None if found.group(3) == "*" else int(found.group(3))


def _whole_size(response: httpx.Response) -> int | None:
    """The file's size, as a 416 answer gives it ("Content-Range: bytes */1234")."""
    found = re.fullmatch(r"bytes \*/(\d+)", response.headers.get("Content-Range", "").strip())
    return int(found.group(1)) if found else None


def _validators(response: httpx.Response) -> dict[str, str]:
    found = {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified")}
    return {k: v for k, v in found.items() if v}


def _if_range(validators: dict[str, str]) -> dict[str, str]:
    """If-Range takes one validator: the ETag when it is strong (a weak one is not allowed there), else the date."""
    etag = validators.get("etag", "")
    value = etag if etag and not etag.startswith("W/") else validators.get("last_modified")
    return {"If-Range": value} if value else {}


def _read_part_record(part: Path) -> dict[str, str]:
    try:
        found = json.loads(_record_path(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def _discard(part: Path) -> None:
    part.unlink(missing_ok=True)
    _record_path(part).unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _conditional(record: Record) -> dict[str, str]:
    found = {"If-None-Match": record.etag, "If-Modified-Since": record.last_modified}
    return {k: v for k, v in found.items() if v}


def _zip_problem(path: Path) -> str | None:
    """Why the zip at `path` does not open or a member fails its CRC; None when it is whole."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None if bad is None else f"bad CRC-32 for {bad}"


def _sha256(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def _part(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _record_path(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def _read_record(target: Path, url: str) -> Record | None:
    """What was recorded of the file at `target`, when it was downloaded whole from `url` and is still there."""
    try:
        found = json.loads(_record_path(target).read_text(encoding="utf-8"))
        size = target.stat().st_size
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict):
        return None
    text = {k: v for k, v in found.items() if isinstance(v, str)}
    if text.get("url") != url or found.get("size") != size or "sha256" not in text:
        return None
    return Record(size, text["sha256"], text.get("etag"), text.get("last_modified"))


def _kept(part: Path) -> str:
    size = _size(part)
    return f"{size:,} bytes are kept in {part}: run the command again to resume" if size else "nothing was received"


def _status(response: httpx.Response) -> str:
    if response.status_code == 404:
        return "not found (HTTP 404)"
    return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()


# -- which downloaded files a gazetteer holds already -------------------------------------------------------------
# Importing a file again would only rewrite the gazetteer to what it holds: a second run of the same download
# imports only what the gazetteer does not hold yet. The ledger is a JSON file in the downloads folder:
# per gazetteer file, the sha256 of each file imported into it, and the gazetteer's size and mtime once written
# (changed since by anything else, such as `events gazetteer import` or a deletion, it is imported into again).
LEDGER = "imported.json"


def _ledger(folder: Path) -> dict[str, dict[str, object]]:
    try:
        found = json.loads((folder / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}


def _stamp(target: Path) -> list[int] | None:
    try:
        info = target.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def held_by(target: Path, folder: Path) -> dict[str, str]:
    """{file name: sha256} of the downloaded files the gazetteer at `target`, as it is now, holds."""
    entry = _ledger(folder).get(str(target), {})
    stamp = _stamp(target)
    held = entry.get("files") if stamp is not None and entry.get("stamp") == stamp else None
    return {k: v for k, v in held.items() if isinstance(v, str)} if isinstance(held, dict) else {}


def note_imported(target: Path, folder: Path, held: dict[str, str]) -> None:
    """Record that the gazetteer at `target`, as it is now, holds the files `held` names. A ledger that cannot be
    written only means that the next run imports them again."""
    ledger = _ledger(folder)
    ledger[str(target)] = {"stamp": _stamp(target), "files": held}
    with suppress(OSError):
        _write_json(folder / LEDGER, ledger)


def _write_json(path: Path, value: object) -> None:
    """Written whole or not at all (gazetteer.replace): a crash leaves the earlier record."""
    with replacing(path, 0o644) as scratch:
        scratch.write_text(json.dumps(value, indent=1) + "\n", encoding="utf-8")
