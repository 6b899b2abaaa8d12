"""`events gazetteer download` through the real entry point, against a loopback server serving GeoNames files
made here: downloaded, checked and imported (a village of the zip then resolves), kept for the next run, resumed
after a cut, and every failure one `Error:` line naming the URL (or the code), the other files still imported."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from events.cli import gazetteer as cli_gazetteer
from events.cli.commands import main
from gazetteer import download
from tests.events.ingest.loopback import Loopback, reply, serve
from tests.gazetteer.test_gaz_download import ETAG, country_zip, ranged


def village(gid: int, name: str, lat: float, lon: float, cc: str, admin1: str, admin2: str, population: int) -> str:
    """One row of a GeoNames country file (19 tab-separated columns); the places are invented."""
    return (f"{gid}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\t{cc}\t\t{admin1}\t{admin2}\t\t\t{population}\t\t290\t"
            "Africa/Ouagadougou\t2024-01-01\n")


BF_ZIP = country_zip(village(9300001, "Korobéré", 14.52, -1.48, "BF", "49", "2356789", 750)
                     + village(9300002, "Tansiga", 14.1, -0.9, "BF", "49", "2356789", 420), "BF.txt")
ML_ZIP = country_zip(village(9300003, "Dioumankoro", 14.8, -3.1, "ML", "53", "", 300), "ML.txt")
ADMIN1 = b"BF.49\tSahel\tSahel\t2597253\nML.53\tMopti\tMopti\t2453347\n"
ADMIN2 = b"BF.49.2356789\tProvince du Soum\tProvince du Soum\t2356789\n"
FILES = {"BF.zip": BF_ZIP, "ML.zip": ML_ZIP, "admin1CodesASCII.txt": ADMIN1, "admin2Codes.txt": ADMIN2}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def served(server: Loopback, **routes: object) -> str:
    """Serve FILES (each honouring Range) under /dump/, with `routes` replacing some; the base URL."""
    for name, data in FILES.items():
        server.routes[f"/dump/{name}"] = ranged(data)
    for name, route in routes.items():
        server.routes[f"/dump/{name.replace('_', '.')}"] = route  # type: ignore[assignment]
    return server.url("/dump/")


def run(cache: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(main, ["gazetteer", "download", *args],
                              env={"EVENTS_CACHE_DIR": str(cache), "EVENTS_GEONAMES_URL": None, **(env or {})})


def lines(how: dict[str, str]) -> list[str]:
    return [f"{name}: {text}, {len(FILES[name]):,} bytes, sha256 {sha(FILES[name])}" for name, text in how.items()]


def imported(cache: Path, files: int, places: int, names: int, codes: int) -> list[str]:
    target = cache / "geonames.sqlite"
    return [f"Kept in {cache / 'downloads'}",
            f"Imported {files} file{'' if files == 1 else 's'}: {places} places, {names} names, {codes} codes "
            f"into {target}",
            f"Use it with: export EVENTS_GAZETTEER={target}"]


FIRST = {"BF.zip": "downloaded", "admin1CodesASCII.txt": "downloaded", "admin2Codes.txt": "downloaded"}
KEPT = "kept from an earlier download (--refresh asks the server again)"


def test_download_then_a_village_of_the_zip_resolves(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serve() as server:
        result = run(cache, "bf", "--base-url", served(server))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == lines(FIRST) + imported(cache, 3, 2, 2, 3)
    assert [r.path for r in server.requests] == ["/dump/BF.zip", "/dump/admin1CodesASCII.txt",
                                                 "/dump/admin2Codes.txt"]
    assert (cache / "downloads" / "BF.zip").read_bytes() == BF_ZIP
    doc = tmp_path / "doc.jsonl"
    doc.write_text(json.dumps({"id": "d1", "text": "Gunmen burned the market of Korobéré on Monday."}) + "\n",
                   encoding="utf-8")
    parsed = CliRunner().invoke(main, ["geoparse", str(doc), "--out", "-"],
                                env={"EVENTS_GAZETTEER": str(cache / "geonames.sqlite")})
    assert (parsed.exit_code, parsed.stderr) == (0, "")
    assert json.loads(parsed.stdout)["toponyms"] == [
        {"start": 28, "end": 36, "name": "Korobéré", "geonameid": "9300001", "lat": 14.52, "lon": -1.48,
         "country": "Burkina Faso"}]


def test_a_second_run_fetches_nothing_and_imports_nothing_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serve() as server:
        base = served(server)
        assert run(cache, "BF", "--base-url", base).exit_code == 0
        before = (cache / "geonames.sqlite").stat().st_mtime_ns
        again = run(cache, "BF", "--base-url", base)
        assert len(server.requests) == 3
        added = run(cache, "BF", "ML", "--base-url", base)
    assert (again.exit_code, again.stderr) == (0, "")
    target = cache / "geonames.sqlite"
    assert again.stdout.splitlines() == lines(dict.fromkeys(FIRST, KEPT)) + [
        f"Kept in {cache / 'downloads'}", f"Nothing new to import: {target} holds these files already",
        f"Use it with: export EVENTS_GAZETTEER={target}"]
    assert (added.exit_code, added.stderr) == (0, "")
    assert added.stdout.splitlines() == lines({"BF.zip": KEPT, "ML.zip": "downloaded", "admin1CodesASCII.txt": KEPT,
                                               "admin2Codes.txt": KEPT}) + imported(cache, 1, 1, 1, 0)
    assert [r.path for r in server.requests][3:] == ["/dump/ML.zip"]
    assert target.stat().st_mtime_ns != before


@pytest.mark.parametrize("change", ["deleted", "imported into by another command"])
def test_kept_files_are_imported_again_into_a_gazetteer_changed_since(tmp_path: Path, change: str) -> None:
    cache = tmp_path / "cache"
    target = cache / "geonames.sqlite"
    with serve() as server:
        base = served(server)
        assert run(cache, "BF", "--base-url", base).exit_code == 0
        if change == "deleted":
            target.unlink()
        else:
            other = tmp_path / "ML.txt"
            other.write_text(village(9300003, "Dioumankoro", 14.8, -3.1, "ML", "53", "", 300), encoding="utf-8")
            assert CliRunner().invoke(main, ["gazetteer", "import", str(other)],
                                      env={"EVENTS_CACHE_DIR": str(cache)}).exit_code == 0
        again = run(cache, "BF", "--base-url", base)
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout.splitlines() == lines(dict.fromkeys(FIRST, KEPT)) + imported(cache, 3, 2, 2, 3)
    assert len(server.requests) == 3


def test_refresh_asks_again_conditionally(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serve() as server:
        base = served(server)
        assert run(cache, "BF", "--base-url", base).exit_code == 0
        result = run(cache, "BF", "--refresh", "--base-url", base)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:3] == lines(dict.fromkeys(FIRST, "unchanged on the server, kept"))
    assert [r.headers.get("if-none-match") for r in server.requests][3:] == [ETAG] * 3


def test_a_cut_download_is_resumed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serve() as server:
        result = run(cache, "BF", "--base-url", served(server, BF_zip=ranged(BF_ZIP, cut_first=1)))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == (lines({**FIRST, "BF.zip": "downloaded (resumed)"})
                                          + imported(cache, 3, 2, 2, 3))
    assert [r.headers.get("range") for r in server.requests if r.path == "/dump/BF.zip"] == [
        None, f"bytes={len(BF_ZIP) // 2}-"]


def test_a_download_cut_every_time_keeps_its_part_for_the_next_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    part = cache / "downloads" / "BF.zip.part"
    with serve() as server:
        base = served(server, BF_zip=ranged(BF_ZIP, cut_first=99, cut_at=100))
        cut = run(cache, "BF", "--no-admin-codes", "--base-url", base)
        assert (cut.exit_code, cut.stdout, cut.stderr) == (
            1, "", f"Error: {base}BF.zip: the connection was cut after 100 bytes; they are kept in {part}: run the "
                   "command again to resume\n")
        assert not (cache / "geonames.sqlite").exists()
        server.routes["/dump/BF.zip"] = ranged(BF_ZIP)
        resumed = run(cache, "BF", "--no-admin-codes", "--base-url", base)
    assert (resumed.exit_code, resumed.stderr) == (0, "")
    assert resumed.stdout.splitlines()[0] == lines({"BF.zip": "downloaded (resumed)"})[0]
    assert [r.headers.get("range") for r in server.requests][2:] == ["bytes=100-"]


def test_a_server_that_ignores_range_sends_the_file_whole(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "downloads").mkdir(parents=True)
    (cache / "downloads" / "BF.zip.part").write_bytes(BF_ZIP[:100])
    with serve() as server:
        result = run(cache, "BF", "--base-url", served(server, BF_zip=ranged(BF_ZIP, ignore_range=True)))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == lines(FIRST) + imported(cache, 3, 2, 2, 3)
    assert server.requests[0].headers["range"] == "bytes=100-"
    assert (cache / "downloads" / "BF.zip").read_bytes() == BF_ZIP


def test_a_missing_file_is_one_line_and_the_others_are_imported(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with serve() as server:
        base = served(server)
        result = run(cache, "BF", "NE", "--base-url", base)
    assert (result.exit_code, result.stderr) == (1, f"Error: {base}NE.zip: not found (HTTP 404)\n")
    assert result.stdout.splitlines() == lines(FIRST) + imported(cache, 3, 2, 2, 3)


@pytest.mark.parametrize(("route", "reason"), [
    (ranged(b"<html>down for maintenance</html>"),
     "refused: not a readable zip file (File is not a zip file); the download is deleted"),
    (lambda handler, before: reply(handler, 503, b"busy"), "HTTP 503 Service Unavailable"),
])
def test_a_bad_answer_is_one_line(tmp_path: Path, route: object, reason: str) -> None:
    cache = tmp_path / "cache"
    with serve() as server:
        base = served(server, BF_zip=route)
        result = run(cache, "BF", "--no-admin-codes", "--base-url", base)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {base}BF.zip: {reason}\n")
    assert sorted(p.name for p in cache.rglob("*")) == ["downloads"]


def test_offline_is_one_line_and_nothing_else_is_asked(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cache = tmp_path / "cache"
    result = run(cache, "BF", "ML", env={"EVENTS_GEONAMES_URL": f"http://127.0.0.1:{port}/dump"})
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: http://127.0.0.1:{port}/dump/BF.zip: cannot connect: [Errno 111] Connection refused\n")
    assert not (cache / "geonames.sqlite").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["ML", "UK"], "UK: not a GeoNames country code; did you mean GB (United Kingdom)?"),
    (["BFA"], "BFA: not a GeoNames country code; did you mean BF (Burkina Faso)?"),
    (["Niger"], "Niger: not a GeoNames country code; did you mean NE (Niger)?"),
    (["ML", "--base-url", "ftp://mirror.example/dump/"],
     "ftp://mirror.example/dump/: not an http(s) URL of a folder (such as https://download.geonames.org/export/dump/)"),
])
def test_a_wrong_code_or_url_is_refused_before_any_request(tmp_path: Path, args: list[str], message: str) -> None:
    with serve() as server:
        result = run(tmp_path / "cache", *args, env={"EVENTS_GEONAMES_URL": served(server)})
        assert server.requests == []
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


def test_the_command_and_the_library_agree_on_the_default_server() -> None:
    assert (cli_gazetteer.DEFAULT_BASE_URL, cli_gazetteer.BASE_URL_ENV) == (download.DEFAULT_BASE_URL,
                                                                            download.BASE_URL_ENV)
