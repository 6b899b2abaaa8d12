"""gazetteer.download against a loopback server: country codes checked before any request, a cut transfer resumed
with Range (and restarted when the server ignores it or the file changed), sizes and zips checked, the sha256
recorded, a file kept from an earlier download not asked for again (and asked conditionally with refresh)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import socket
import zipfile
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from gazetteer.countries import read_country_rows
from gazetteer.download import (
    DEFAULT_BASE_URL,
    Downloader,
    DownloadError,
    Unreachable,
    base_url,
    country_codes,
    file_names,
)
from gazetteer.errors import GazetteerDataError
from tests.events.ingest.loopback import Loopback, reply, serve

ROW = ("9300001\tKorobéré\tKorobere\tKorobere-Bas\t14.5\t-1.5\tP\tPPL\tBF\t\t49\t\t\t\t750\t\t290\t"
       "Africa/Ouagadougou\t2024-01-01\n")


def country_zip(rows: str = ROW * 40, member: str = "BF.txt") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, rows)
        archive.writestr("readme.txt", "made up for a test\n")
    return out.getvalue()


ZIP = country_zip()
ETAG = '"v1"'


def ranged(data: bytes, *, cut_first: int = 0, cut_at: int | None = None, ignore_range: bool = False,
           etag: str = ETAG) -> Callable[[BaseHTTPRequestHandler, int], None]:
    """Serves `data` with its ETag, honouring Range (and If-Range) unless `ignore_range`; the first `cut_first`
    answers stop at byte `cut_at` of the file (default: half of it; an orderly close before the announced
    length)."""
    def route(handler: BaseHTTPRequestHandler, before: int) -> None:
        if handler.headers.get("If-None-Match") == etag:
            reply(handler, 304, headers={"ETag": etag})
            return
        start = 0
        found = re.fullmatch(r"bytes=(\d+)-", handler.headers.get("Range", ""))
        if_range = handler.headers.get("If-Range")
        if found and not ignore_range and (if_range is None or if_range == etag):
            start = int(found.group(1))
            if start >= len(data):
                reply(handler, 416, headers={"Content-Range": f"bytes */{len(data)}"})
                return
        body = data[start:]
        handler.send_response(206 if start else 200)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("ETag", etag)
        if start:
            handler.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        handler.end_headers()
        if before < cut_first:
            handler.wfile.write(body[:max(0, (len(data) // 2 if cut_at is None else cut_at) - start)])
            handler.wfile.flush()
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        handler.wfile.write(body)
    return route


def downloader(server: Loopback, folder: Path, refresh: bool = False) -> Downloader:
    return Downloader.create(server.url("/dump/"), folder, refresh=refresh)


def ranges(server: Loopback, path: str) -> list[str | None]:
    return [r.headers.get("range") for r in server.requests if r.path == path]


# -- country codes and the base URL ------------------------------------------------------------------------------

CODES = [
    (["ml", "BF", " ne ", "ML"], ["ML", "BF", "NE"]),
    (["xk"], ["XK"]),
]


@pytest.mark.parametrize(("asked", "expected"), CODES)
def test_codes_are_upper_cased_and_kept_once(asked: list[str], expected: list[str]) -> None:
    assert country_codes(asked, read_country_rows()) == expected


UNKNOWN = [
    ("UK", "UK: not a GeoNames country code; did you mean GB (United Kingdom)?"),
    ("MLI", "MLI: not a GeoNames country code; did you mean ML (Mali)?"),
    ("NER", "NER: not a GeoNames country code; did you mean NE (Niger)?"),
    ("Mali", "Mali: not a GeoNames country code; did you mean ML (Mali)?"),
    ("burkina", "burkina: not a GeoNames country code; did you mean BF (Burkina Faso)?"),
    ("BFF", "BFF: not a GeoNames country code; did you mean BF (Burkina Faso)?"),
    ("ZZ", "ZZ: not a GeoNames country code; did you mean ZW (Zimbabwe)?"),
]


@pytest.mark.parametrize(("code", "message"), UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_an_unknown_code_names_the_nearest_known_one(code: str, message: str) -> None:
    with pytest.raises(GazetteerDataError) as caught:
        country_codes(["ML", code], read_country_rows())
    assert str(caught.value) == message


def test_the_files_of_a_download() -> None:
    assert file_names(["ML", "BF"], admin=True, alternate_names=False) == [
        "ML.zip", "BF.zip", "admin1CodesASCII.txt", "admin2Codes.txt"]
    assert file_names(["NE"], admin=False, alternate_names=True) == ["NE.zip", "alternateNamesV2.zip"]


@pytest.mark.parametrize(("value", "expected"), [
    (DEFAULT_BASE_URL, "https://download.geonames.org/export/dump/"),
    ("http://127.0.0.1:8000/mirror", "http://127.0.0.1:8000/mirror/"),
])
def test_the_base_url_is_a_folder(value: str, expected: str) -> None:
    assert base_url(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("ftp://mirror.example/dump/", "ftp://mirror.example/dump/: not an http(s) URL of a folder (such as "
                                   "https://download.geonames.org/export/dump/)"),
    ("/srv/geonames", "/srv/geonames: not an http(s) URL of a folder (such as "
                      "https://download.geonames.org/export/dump/)"),
])
def test_a_base_url_that_is_not_http_is_refused(value: str, message: str) -> None:
    with pytest.raises(DownloadError) as caught:
        base_url(value)
    assert str(caught.value) == message


# -- fetching ------------------------------------------------------------------------------------------------------

def test_a_file_is_fetched_checked_and_recorded(tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP)
        with downloader(server, tmp_path) as dl:
            got = dl.fetch("BF.zip")
    assert (got.how, got.size, got.sha256) == ("downloaded", len(ZIP), hashlib.sha256(ZIP).hexdigest())
    assert (tmp_path / "BF.zip").read_bytes() == ZIP
    assert json.loads((tmp_path / "BF.zip.json").read_text()) == {
        "url": server.url("/dump/BF.zip"), "size": len(ZIP), "sha256": got.sha256, "etag": ETAG}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["BF.zip", "BF.zip.json"]


def test_a_cut_transfer_is_resumed_with_a_range(tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP, cut_first=1)
        with downloader(server, tmp_path) as dl:
            got = dl.fetch("BF.zip")
    half = len(ZIP) // 2
    assert ranges(server, "/dump/BF.zip") == [None, f"bytes={half}-"]
    assert server.requests[1].headers["if-range"] == ETAG
    assert (got.how, (tmp_path / "BF.zip").read_bytes()) == ("resumed", ZIP)


def test_a_part_left_by_an_earlier_run_is_resumed(tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP, cut_first=99, cut_at=100)
        with downloader(server, tmp_path) as dl, pytest.raises(DownloadError) as caught:
            dl.fetch("BF.zip")
        part = tmp_path / "BF.zip.part"
        assert str(caught.value) == (f"{server.url('/dump/BF.zip')}: the connection was cut after 100 bytes; they "
                                     f"are kept in {part}: run the command again to resume")
        assert part.read_bytes() == ZIP[:100]
        assert ranges(server, "/dump/BF.zip") == [None, "bytes=100-"]  # the second gained nothing: given up
        server.routes["/dump/BF.zip"] = ranged(ZIP)
        with downloader(server, tmp_path) as dl:
            got = dl.fetch("BF.zip")
    assert ranges(server, "/dump/BF.zip")[2:] == ["bytes=100-"]
    assert (got.how, (tmp_path / "BF.zip").read_bytes(), part.exists()) == ("resumed", ZIP, False)


@pytest.mark.parametrize("why", ["the server ignores Range", "the file changed (If-Range)", "the part is too long"])
def test_a_part_that_cannot_be_resumed_is_fetched_from_the_start(tmp_path: Path, why: str) -> None:
    part = tmp_path / "BF.zip.part"
    part.write_bytes(b"x" * (len(ZIP) + 10) if why == "the part is too long" else b"stale bytes of another version")
    (tmp_path / "BF.zip.part.json").write_text(json.dumps({"etag": '"v0"' if "changed" in why else ETAG}))
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP, ignore_range=why == "the server ignores Range")
        with downloader(server, tmp_path) as dl:
            got = dl.fetch("BF.zip")
    assert (got.how, (tmp_path / "BF.zip").read_bytes(), part.exists()) == ("downloaded", ZIP, False)


def test_a_whole_part_left_before_its_rename_is_not_fetched_again(tmp_path: Path) -> None:
    (tmp_path / "BF.zip.part").write_bytes(ZIP)
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP)
        with downloader(server, tmp_path) as dl:
            got = dl.fetch("BF.zip")
    assert ranges(server, "/dump/BF.zip") == [f"bytes={len(ZIP)}-"]  # answered 416, of the size of the part
    assert (got.how, (tmp_path / "BF.zip").read_bytes()) == ("resumed", ZIP)


def test_a_range_answer_that_starts_elsewhere_is_not_appended(tmp_path: Path) -> None:
    (tmp_path / "BF.zip.part").write_bytes(ZIP[:50])

    def other_range(handler: BaseHTTPRequestHandler, before: int) -> None:
        if "Range" in handler.headers:
            reply(handler, 206, ZIP[10:], {"Content-Range": f"bytes 10-{len(ZIP) - 1}/{len(ZIP)}"})
        else:
            reply(handler, 200, ZIP)
    with serve() as server:
        server.routes["/dump/BF.zip"] = other_range
        with downloader(server, tmp_path) as dl:
            got = dl.fetch("BF.zip")
    assert ranges(server, "/dump/BF.zip") == ["bytes=50-", None]
    assert (got.how, (tmp_path / "BF.zip").read_bytes()) == ("downloaded", ZIP)


def test_a_file_downloaded_before_is_not_asked_for_again(tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP)
        with downloader(server, tmp_path) as dl:
            first = dl.fetch("BF.zip")
            again = dl.fetch("BF.zip")
        with downloader(server, tmp_path, refresh=True) as dl:
            refreshed = dl.fetch("BF.zip")
    assert (first.how, again.how, refreshed.how) == ("downloaded", "kept", "unchanged")
    assert again.sha256 == refreshed.sha256 == first.sha256
    assert [r.headers.get("if-none-match") for r in server.requests] == [None, ETAG]


def test_a_kept_file_from_another_server_or_of_another_size_is_fetched_again(tmp_path: Path) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP)
        server.routes["/mirror/BF.zip"] = ranged(ZIP)
        with downloader(server, tmp_path) as dl:
            dl.fetch("BF.zip")
        with Downloader.create(server.url("/mirror"), tmp_path) as dl:
            assert dl.fetch("BF.zip").how == "downloaded"
        (tmp_path / "BF.zip").write_bytes(ZIP[:10])  # damaged since
        with Downloader.create(server.url("/mirror"), tmp_path) as dl:
            assert dl.fetch("BF.zip").how == "downloaded"
    assert [r.path for r in server.requests] == ["/dump/BF.zip", "/mirror/BF.zip", "/mirror/BF.zip"]
    assert (tmp_path / "BF.zip").read_bytes() == ZIP


def damaged_zip() -> bytes:
    data = country_zip(rows=ROW, member="BF.txt")
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("BF.txt", ROW)
    return stored.getvalue().replace(b"Korobere-Bas", b"Korobere-Bat") if data else b""


@pytest.mark.parametrize(("body", "reason"), [
    (b"<html>maintenance</html>", "File is not a zip file"),
    (damaged_zip(), "bad CRC-32 for BF.txt"),
])
def test_a_zip_that_does_not_open_is_refused_and_deleted(tmp_path: Path, body: bytes, reason: str) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(body)
        with downloader(server, tmp_path) as dl, pytest.raises(DownloadError) as caught:
            dl.fetch("BF.zip")
    assert str(caught.value) == (f"{server.url('/dump/BF.zip')}: refused: not a readable zip file ({reason}); the "
                                 "download is deleted")
    assert list(tmp_path.iterdir()) == []


def test_a_text_table_is_not_checked_as_a_zip(tmp_path: Path) -> None:
    table = b"BF.49\tSahel\tSahel\t2597253\n"
    with serve() as server:
        server.routes["/dump/admin1CodesASCII.txt"] = ranged(table)
        with downloader(server, tmp_path) as dl:
            assert dl.fetch("admin1CodesASCII.txt").size == len(table)


@pytest.mark.parametrize(("status", "reason"), [(404, "not found (HTTP 404)"),
                                                (403, "HTTP 403 Forbidden"),
                                                (503, "HTTP 503 Service Unavailable")])
def test_an_error_status_is_one_line(tmp_path: Path, status: int, reason: str) -> None:
    with serve() as server:
        server.routes["/dump/BF.zip"] = lambda handler, before: reply(handler, status, b"no")
        with downloader(server, tmp_path) as dl, pytest.raises(DownloadError) as caught:
            dl.fetch("BF.zip")
    assert str(caught.value) == f"{server.url('/dump/BF.zip')}: {reason}"
    assert list(tmp_path.iterdir()) == []


def test_an_answer_longer_than_announced_is_refused(tmp_path: Path) -> None:
    def liar(handler: BaseHTTPRequestHandler, before: int) -> None:
        handler.send_response(206)
        handler.send_header("Content-Range", f"bytes 100-{len(ZIP) - 1}/{len(ZIP) - 50}")
        handler.send_header("Content-Length", str(len(ZIP) - 100))
        handler.end_headers()
        handler.wfile.write(ZIP[100:])
    (tmp_path / "BF.zip.part").write_bytes(ZIP[:100])
    with serve() as server:
        server.routes["/dump/BF.zip"] = liar
        with downloader(server, tmp_path) as dl, pytest.raises(DownloadError) as caught:
            dl.fetch("BF.zip")
    assert str(caught.value) == (f"{server.url('/dump/BF.zip')}: refused: {len(ZIP):,} bytes received, the "
                                 f"server announced {len(ZIP) - 50:,}")
    assert list(tmp_path.iterdir()) == []


def test_no_server_is_unreachable(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Downloader.create(f"http://127.0.0.1:{port}/dump/", tmp_path) as dl, pytest.raises(Unreachable) as caught:
        dl.fetch("BF.zip")
    assert str(caught.value) == f"http://127.0.0.1:{port}/dump/BF.zip: cannot connect: [Errno 111] Connection refused"


def test_a_server_that_stops_sending_is_given_up_and_its_bytes_kept(tmp_path: Path) -> None:
    def stalls(handler: BaseHTTPRequestHandler, before: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(ZIP)))
        handler.end_headers()
        handler.wfile.write(ZIP[:100])
        handler.wfile.flush()
        server.release.wait(5)
    with serve() as server:
        server.routes["/dump/BF.zip"] = stalls
        with Downloader.create(server.url("/dump/"), tmp_path, timeout=0.3) as dl, \
                pytest.raises(DownloadError) as caught:
            dl.fetch("BF.zip")
    part = tmp_path / "BF.zip.part"
    assert str(caught.value) == (f"{server.url('/dump/BF.zip')}: no answer within 0.3 s; 100 bytes are kept in "
                                 f"{part}: run the command again to resume")
    assert part.read_bytes() == ZIP[:100]


def test_a_link_planted_at_the_part_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours\n")
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "BF.zip.part").symlink_to(elsewhere)
    with serve() as server:
        server.routes["/dump/BF.zip"] = ranged(ZIP)
        with downloader(server, folder) as dl, pytest.raises(DownloadError) as caught:
            dl.fetch("BF.zip")
    assert str(caught.value) == (f"{folder / 'BF.zip.part'}: cannot write the download: too many levels of symbolic "
                                 "links")
    assert elsewhere.read_text() == "not yours\n"
