"""`events gazetteer import` and the user gazetteer ($EVENTS_GAZETTEER) through the real entry point: every bad
input is one `Error:` line naming the file (and line), exit code 1, and the gazetteer imported before answers
as it did, whatever happened to the import (a bad row, an unwritable folder, SIGKILL)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main
from gazetteer.userdb import UserGazetteer, import_geonames

ROOT = Path(__file__).resolve().parents[3]
ENV_HINT = "point EVENTS_GAZETTEER at a file written by 'events gazetteer import', or unset it"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def row(gid: object, name: str, lat: object = 15.1, lon: object = -2.3, population: object = 1200) -> str:
    """One line of a GeoNames geoname table (19 tab-separated columns)."""
    return (f"{gid}\t{name}\t{name}\t\t{lat}\t{lon}\tP\tPPL\tML\t\t53\t5301\t\t\t{population}\t\t300"
            "\tAfrica/Bamako\t2020-01-01\n")


BASE_ROWS = row(9000001, "Tinkaré") + row(9000002, "Doulékoro", 14.2, -4.0, 800)


def answers(db: Path) -> list[tuple[str, str, float, float, int]]:
    """What the gazetteer at `db` says of the two base villages, and how many places it holds."""
    with UserGazetteer.open(db) as user:
        found = [(p.geonameid, p.name, p.latitude, p.longitude, p.population)
                 for key in ("tinkare", "doulekoro") for p, _ in user.places(key)]
        return [*found, ("places", "", 0.0, 0.0, len(user))]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A gazetteer imported before, in a folder of its own."""
    folder = tmp_path / "gaz"
    folder.mkdir()
    source = tmp_path / "ML.txt"
    source.write_text(BASE_ROWS, encoding="utf-8")
    db = folder / "user.sqlite"
    import_geonames([source], db)
    return db


BEFORE = [("9000001", "Tinkaré", 15.1, -2.3, 1200), ("9000002", "Doulékoro", 14.2, -4.0, 800),
          ("places", "", 0.0, 0.0, 2)]


def zipped(member: str, data: bytes, compression: int = zipfile.ZIP_DEFLATED) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", compression) as archive:
            archive.writestr(member, data)
    return write


def damaged(write: Callable[[Path], None], edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def write_damaged(path: Path) -> None:
        write(path)
        path.write_bytes(edit(path.read_bytes()))
    return write_damaged


def text(data: str | bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return write


def reserved_block_type(data: bytes) -> bytes:
    """Make the first deflate block of the member (after the 30-byte local header and the name) of type 3, which
    deflate reserves."""
    start = 30 + len("NL.txt")
    return data[:start] + bytes([data[start] | 0b111]) + data[start + 1:]


def unsupported_method(data: bytes) -> bytes:
    """Set the compression method of the (only) member to 99, in its local and its central header."""
    local, central = data.index(b"PK\x03\x04"), data.index(b"PK\x01\x02")
    out = bytearray(data)
    out[local + 8:local + 10] = (99).to_bytes(2, "little")
    out[central + 10:central + 12] = (99).to_bytes(2, "little")
    return bytes(out)


GOOD = row(9100001, "Kanika")
BAD_INPUTS = [
    ("NL.txt", text(GOOD + row(9100002, "Bar") + row("abc", "Baz")), "{path}, line 3: geonameid 'abc' is not a number"),
    ("NL.txt", text(row(0, "Bar")), "{path}, line 1: geonameid '0' is out of range [1, 2^63-1]"),
    ("NL.txt", text(row(9100002, "Bar", lat="inf")), "{path}, line 1: latitude 'inf' is out of range [-90, 90]"),
    ("NL.txt", text(row(9100002, "Bar", lat="nan")), "{path}, line 1: latitude 'nan' is out of range [-90, 90]"),
    ("NL.txt", text(GOOD + row(9100002, "Bar", lat="90.5")),
     "{path}, line 2: latitude '90.5' is out of range [-90, 90]"),
    ("NL.txt", text(row(9100002, "Bar", lon="-180.5")),
     "{path}, line 1: longitude '-180.5' is out of range [-180, 180]"),
    ("NL.txt", text(row(9100002, "Bar", lon="-inf")), "{path}, line 1: longitude '-inf' is out of range [-180, 180]"),
    ("NL.txt", text(row(9100002, "Bar", lat="north")), "{path}, line 1: latitude 'north' is not a number"),
    ("NL.txt", text(row(9100002, "Bar", population="12x")), "{path}, line 1: population '12x' is not a number"),
    ("NL.txt", text(row(9100002, "Bar", population="99999999999999999999")),
     "{path}, line 1: population '99999999999999999999' is out of range [0, 2^63-1]"),
    ("NL.txt", text("9100002\tOnly two\n"), "{path}, line 1: expected 15 tab-separated fields, got 2"),
    ("alternateNamesV2.txt", text("1\t9000001\tfr\tTinkaré-Bas\t\t\t\t\t\t\n2\tx\tfr\tBar\t\t\t\t\t\t\n"),
     "{path}, line 2: geonameid 'x' is not a number"),
    ("admin1CodesASCII.txt", text("ML.53\tMopti\tMopti\tseven\n"), "{path}, line 1: geonameid 'seven' is not a number"),
    ("countryInfo.txt", text("ML\tMLI\t466\tML\tMali\tBamako\t1240000\tmany\tAF\t.ml\tXOF\tFranc\t223\t\t\tfr-ML"
                             "\t2453866\tSN,NE\t\n"), "{path}, line 1: population 'many' is not a number"),
    ("NL.txt", text(GOOD.encode() + b"9100002\tTinkar\xe9\tTinkare\t\t15\t-2\tP\tPPL\tML\t\t\t\t\t\t0\t\t\t\t\n"),
     "{path}, line 2: not UTF-8 text (invalid continuation byte at byte 15)"),
    ("NL.txt", text(GOOD + "x" * 70_000 + "\n"),
     "{path}, line 2: longer than 65,536 bytes, too long for a GeoNames row"),
    ("NL.zip", zipped("NL.txt", (GOOD + "x" * 70_000 + "\n").encode()),
     "{path}!NL.txt, line 2: longer than 65,536 bytes, too long for a GeoNames row"),
    ("NL.zip", zipped("NL.txt", b"9100002\t\xff\n"), "{path}!NL.txt, line 1: not UTF-8 text (invalid start byte at "
                                                     "byte 9)"),
    ("NL.zip", text(b"PK\x03\x04 but not a zip file at all"), "{path}: cannot read: File is not a zip file"),
    ("NL.zip", damaged(zipped("NL.txt", GOOD.encode(), zipfile.ZIP_STORED), lambda b: b.replace(b"Kanika", b"Kanikb")),
     "{path}!NL.txt: cannot read: Bad CRC-32 for file 'NL.txt'"),
    ("NL.zip", damaged(zipped("NL.txt", (GOOD * 50).encode()), reserved_block_type),
     "{path}!NL.txt: cannot read: Error -3 while decompressing data: invalid block type"),
    ("NL.zip", damaged(zipped("NL.txt", GOOD.encode(), zipfile.ZIP_STORED), unsupported_method),
     "{path}!NL.txt: cannot read: That compression method is not supported"),
    ("NL.zip", zipped("readme.txt", b"nothing to import"),
     "{path}: no GeoNames dump file inside (allCountries, a country file such as ML.txt, alternateNamesV2, "
     "admin1CodesASCII, admin2Codes, countryInfo)"),
    ("notes.csv", text("a,b\n"), "{path}: not a GeoNames dump file name (allCountries, a country file such as ML.txt "
                                 "or ML.zip, alternateNamesV2, admin1CodesASCII, admin2Codes, countryInfo)"),
]
BAD_IDS = ["a geonameid that is no number, on line 3", "geonameid 0", "latitude inf", "latitude nan",
           "latitude beyond the pole", "longitude beyond 180", "longitude -inf", "a coordinate that is no number",
           "a population that is no number", "a population beyond SQLite's integers", "a short row",
           "an alternate name of no geonameid", "an admin1 code of no geonameid", "a country of no population",
           "a byte that is not UTF-8", "a line too long", "a line too long inside a zip",
           "not UTF-8 inside a zip", "a zip that is not one", "a zip member with a bad checksum",
           "a zip member that does not inflate", "a zip member of an unknown compression", "a zip of no GeoNames file",
           "a file of another kind"]


@pytest.mark.parametrize(("name", "write", "message"), BAD_INPUTS, ids=BAD_IDS)
def test_a_bad_input_is_one_line_and_the_gazetteer_stays_as_it_was(base: Path, tmp_path: Path, name: str,
                                                                   write: Callable[[Path], None],
                                                                   message: str) -> None:
    good = tmp_path / "ML.txt"  # the files before the bad one are imported in vain: nothing changes
    good.write_text(row(9000001, "Tinkaré", 16.0, -3.0, 5) + row(9000003, "Boni"), encoding="utf-8")
    path = tmp_path / name
    write(path)
    result = run("gazetteer", "import", str(good), str(path), "--out", str(base))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message.format(path=path)}\n")
    assert answers(base) == BEFORE
    assert sorted(p.name for p in base.parent.iterdir()) == ["user.sqlite"]  # nothing left behind


def test_a_bad_input_creates_no_gazetteer(tmp_path: Path) -> None:
    bad = tmp_path / "ML.txt"
    bad.write_text(row(9000001, "Tinkaré", lat="inf"), encoding="utf-8")
    out = tmp_path / "gaz" / "new.sqlite"
    out.parent.mkdir()
    result = run("gazetteer", "import", str(bad), "--out", str(out))
    assert (result.exit_code, result.stderr) == (1, f"Error: {bad}, line 1: latitude 'inf' is out of range [-90, 90]\n")
    assert list(out.parent.iterdir()) == []


def test_adding_files_to_a_gazetteer_keeps_its_places_and_file_mode(base: Path, tmp_path: Path) -> None:
    base.chmod(0o640)
    more = tmp_path / "NE.txt"
    more.write_text(row(9200001, "Ayorou", 14.7, 0.9, 400), encoding="utf-8")
    result = run("gazetteer", "import", str(more), "--out", str(base))
    assert result.exit_code == 0, result.output
    assert answers(base) == [*BEFORE[:2], ("places", "", 0.0, 0.0, 3)]
    with UserGazetteer.open(base) as user:
        assert [p.name for p, _ in user.places("ayorou")] == ["Ayorou"]
    assert base.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in base.parent.iterdir()) == ["user.sqlite"]


def test_a_fifo_is_refused_not_waited_for(base: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "NL.txt"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-c", "from events.cli.commands import main; main()", "gazetteer",
                           "import", str(fifo), "--out", str(base)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"Error: {fifo}: not a regular file\n")


# The import in a child process stops (prints "busy" and sleeps) once 45,000 rows of its file are read: two
# batches are written by then. A hook on the row reader, so that the kill falls mid-import every time.
KILLED_IMPORT = """
import sys, time
from gazetteer import userdb
from events.cli.commands import main

read = userdb.read_geonames

def slow(stream, name):
    for i, row in enumerate(read(stream, name)):
        if i == 45_000:
            print("busy", flush=True)
            time.sleep(600)
        yield row

userdb.read_geonames = slow
main(["gazetteer", "import", *sys.argv[2:], "--out", sys.argv[1]])
"""


def test_an_import_killed_midway_leaves_the_gazetteer_usable(base: Path, tmp_path: Path) -> None:
    bulk = tmp_path / "allCountries.txt"
    bulk.write_text("".join(row(9_500_000 + i, f"Place{i}", 10 + i % 50, i % 170) for i in range(50_000)),
                    encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(base), str(bulk)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "busy"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert answers(base) == BEFORE
    # the next import takes the dead one's half-built file away
    more = tmp_path / "NE.txt"
    more.write_text(row(9200001, "Ayorou", 14.7, 0.9, 400), encoding="utf-8")
    result = run("gazetteer", "import", str(more), "--out", str(base))
    assert result.exit_code == 0, result.output
    assert answers(base) == [*BEFORE[:2], ("places", "", 0.0, 0.0, 3)]
    assert sorted(p.name for p in base.parent.iterdir()) == ["user.sqlite"]


# The import in a child process may write files of 1 MB at most: past that, a write fails as on a full disk.
FULL_DISK_IMPORT = """
import resource, signal, sys
from events.cli.commands import main

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the process
resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
main(["gazetteer", "import", *sys.argv[2:], "--out", sys.argv[1]])
"""


def test_a_full_disk_is_one_line_and_the_gazetteer_stays_as_it_was(base: Path, tmp_path: Path) -> None:
    bulk = tmp_path / "allCountries.txt"
    bulk.write_text("".join(row(9_500_000 + i, f"Place{i}", 10 + i % 50, i % 170) for i in range(50_000)),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", FULL_DISK_IMPORT, str(base), str(bulk)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"Error: {base}: cannot write the gazetteer: disk I/O error\n")
    assert answers(base) == BEFORE
    assert sorted(p.name for p in base.parent.iterdir()) == ["user.sqlite"]


def _unwritable(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "user.sqlite", "Permission denied"


@pytest.mark.parametrize(
    "where",
    [
        lambda tmp: (tmp / "missing" / "user.sqlite", f"folder {tmp / 'missing'} does not exist"),
        lambda tmp: (tmp / "ML.txt" / "user.sqlite", f"{tmp / 'ML.txt'} is not a folder"),
        pytest.param(_unwritable, marks=pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")),
    ],
    ids=["a missing folder", "a file where the folder should be", "a read-only folder"],
)
def test_an_unwritable_out_is_one_line(tmp_path: Path, where: Callable[[Path], tuple[Path, str]]) -> None:
    source = tmp_path / "ML.txt"
    source.write_text(BASE_ROWS, encoding="utf-8")
    out, reason = where(tmp_path)
    result = run("gazetteer", "import", str(source), "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: {out}: cannot write the gazetteer: {reason}\n")
    assert not out.parent.is_dir() or list(out.parent.iterdir()) == []


def test_the_default_gazetteer_goes_into_the_cache_folder_made_if_missing(tmp_path: Path) -> None:
    source = tmp_path / "ML.txt"
    source.write_text(BASE_ROWS, encoding="utf-8")
    cache = tmp_path / "new" / "cache"
    result = run("gazetteer", "import", str(source), env={"EVENTS_CACHE_DIR": str(cache)})
    assert (result.exit_code, result.stderr) == (0, "")
    written = cache / "geonames.sqlite"
    assert result.stdout.splitlines()[0] == f"Imported 1 file: 2 places, 2 names, 0 codes into {written}"
    assert answers(written) == BEFORE


def test_an_out_that_is_not_a_gazetteer_is_not_replaced(tmp_path: Path) -> None:
    source = tmp_path / "ML.txt"
    source.write_text(BASE_ROWS, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a gazetteer\n", encoding="utf-8")
    result = run("gazetteer", "import", str(source), "--out", str(notes))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: {notes}: not an imported gazetteer (file is not a database); choose another file to "
               "import into, or delete this one\n")
    assert notes.read_text(encoding="utf-8") == "my notes, not a gazetteer\n"


# -- a user gazetteer named by $EVENTS_GAZETTEER that cannot be used ------------------------------------------

def commands_that_load_the_gazetteer(tmp_path: Path) -> dict[str, list[str]]:
    """Every command here loads the default gazetteer, which opens the file $EVENTS_GAZETTEER names."""
    story = tmp_path / "story.txt"
    story.write_text("Rebels attacked an army post near Gao on Sunday.\n")
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "a1", "text": "Gunmen killed 5 people in Tinkaré on Monday.",
                                "published_at": "2026-05-04"}) + "\n")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "wire"\nkind = "jsonl"\npath = "{news}"\n')
    db = str(tmp_path / "events.duckdb")
    return {"import": ["import", str(story), "--published-at", "2026-03-02", "--db", db],
            "import --sources": ["import", "--sources", str(sources), "--db", db],
            "build": ["build", "--db", db],
            "geoparse": ["geoparse", str(news), "--out", "-"]}


def _sql(script: str) -> Callable[[Path, Path], None]:
    def write(path: Path, _base: Path) -> None:
        with sqlite3.connect(path) as con:
            con.executescript(script)
        con.close()
    return write


def _truncated(path: Path, base: Path) -> None:
    data = base.read_bytes()
    path.write_bytes(data[:len(data) // 2])


META = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"
BROKEN = [
    ("missing", lambda path, base: None, "no such gazetteer file"),
    ("notes", lambda path, base: path.write_text("not a gazetteer, just some notes\n"),
     "not an imported gazetteer (file is not a database)"),
    ("truncated", _truncated, "not an imported gazetteer (database disk image is malformed)"),
    ("wrong schema", _sql(f"{META}; INSERT INTO meta VALUES ('schema', '1');"
                          "CREATE TABLE name (key TEXT, id INTEGER, alt INTEGER);"
                          "CREATE INDEX name_key ON name (key, id);"
                          "CREATE TABLE code (code TEXT, name TEXT, id INTEGER, population INTEGER);"),
     "not an imported gazetteer (no such table: place)"),
    ("other version", _sql(f"{META}; INSERT INTO meta VALUES ('schema', '0')"),
     "gazetteer of another version (0, this one reads 1)"),
    ("another SQLite file", _sql("CREATE TABLE t (x)"), "not an imported gazetteer (no such table: meta)"),
]


@pytest.mark.parametrize("command", ["import", "import --sources", "build", "geoparse"])
@pytest.mark.parametrize(("kind", "write", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_an_unusable_user_gazetteer_is_one_line_from_any_command(base: Path, tmp_path: Path, command: str, kind: str,
                                                                 write: Callable[[Path, Path], None],
                                                                 reason: str) -> None:
    broken = tmp_path / "broken.sqlite"
    write(broken, base)
    args = commands_that_load_the_gazetteer(tmp_path)[command]
    result = run(*args, env={"EVENTS_GAZETTEER": str(broken)})
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {broken}: {reason}; {ENV_HINT}\n")


@pytest.mark.parametrize("command", ["import", "geoparse"])
def test_a_place_of_impossible_coordinates_in_an_old_gazetteer_is_left_out(base: Path, tmp_path: Path,
                                                                           command: str) -> None:
    with sqlite3.connect(base) as con:  # as an import before coordinates were checked wrote it
        con.execute("UPDATE place SET lat = 9e999 WHERE id = 9000001")
    con.close()
    args = commands_that_load_the_gazetteer(tmp_path)[command]
    if command == "import":
        args = ["import", str(tmp_path / "news.jsonl"), "--db", str(tmp_path / "events.duckdb")]
    result = run(*args, env={"EVENTS_GAZETTEER": str(base)})
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    with UserGazetteer.open(base) as user:
        assert user.places("tinkare") == []
