"""Files the tool creates and reads (events.files), tested through the real commands: a planted symbolic link
is never written through, a FIFO or a device is never read (and never blocks), an output folder that cannot
be written is one line, and a name holding a newline cannot forge a second `Error:` line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from events.cli.commands import main
from events.errors import FileError, shown
from events.files import create_new, open_regular, read_regular, replacing
from events.ingest.importer import import_documents
from events.store.db import Store
from schemas import Article

CLASH = "Government soldiers clashed with rebels near Northtown, and officials said 4 soldiers were killed."
ROOT = Path(__file__).resolve().parents[2]
VICTIM = b"precious data that no command of the tool may touch\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def fake_default(monkeypatch: pytest.MonkeyPatch, make_pipeline: Callable[[], Any]) -> None:
    """The commands' default pipeline and gazetteer are the small fakes: these tests are about files."""
    import events.pipeline
    from gazetteer.core import Gazetteer

    monkeypatch.setattr(events.pipeline.Pipeline, "default", classmethod(lambda cls, *a, **k: make_pipeline()))
    monkeypatch.setattr(Gazetteer, "default", classmethod(lambda cls, cache_dir=None: Gazetteer.from_places(
        (), {}, {})))


@pytest.fixture
def work(tmp_path: Path, clock: Callable[[], Any], make_pipeline: Callable[[], Any],
         make_article: Callable[..., Article], fake_default: None) -> Path:
    """A folder with a filled database, one JSON Lines file, a sources file naming it, a victim file."""
    with Store.open(tmp_path / "events.duckdb") as store:
        import_documents(store, make_pipeline(), [make_article("a1", CLASH, source="Daily Example")],
                         source="test", now=clock)
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a2", "text": CLASH}) + "\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "local"\nkind = "jsonl"\npath = "a.jsonl"\n',
                                           encoding="utf-8")
    (tmp_path / "victim.txt").write_bytes(VICTIM)
    return tmp_path


# -- symbolic links planted where the tool creates a file ------------------------------------------------------

# (what is created, where the link is planted, the command; "{d}" is the work folder) -> expected stderr ("" when
# the command succeeds without following the link)
PLANTED = [
    pytest.param("events.duckdb.lock", ["import", "--sources", "{d}/sources.toml", "--db", "{d}/events.duckdb"],
                 "Error: {d}/events.duckdb.lock: is a symbolic link, not a lock file (remove it)\n",
                 id="the import lock"),
    pytest.param("events.duckdb.wal", ["import", "{d}/a.jsonl", "--db", "{d}/events.duckdb"],
                 "Error: {d}/events.duckdb.wal: is a symbolic link, not a DuckDB write-ahead log (remove it)\n",
                 id="DuckDB's write-ahead log"),
    pytest.param("events.duckdb.tmp", ["export", "events", "--out", "{d}/out.csv", "--db", "{d}/events.duckdb"],
                 "Error: {d}/events.duckdb.tmp: is a symbolic link, not a DuckDB temporary folder (remove it)\n",
                 id="DuckDB's temporary folder"),
    pytest.param("events.duckdb.fetch.json.tmp",
                 ["import", "--sources", "{d}/sources.toml", "--db", "{d}/events.duckdb"], "",
                 id="the fetch validators' temporary file"),
    pytest.param(".out.csv.partial", ["export", "events", "--out", "{d}/out.csv", "--db", "{d}/events.duckdb"], "",
                 id="the partial file of a CSV export"),
    pytest.param(".out.parquet.partial", ["export", "events", "--format", "parquet", "--out", "{d}/out.parquet",
                                          "--db", "{d}/events.duckdb"], "",
                 id="the partial file of a Parquet export"),
    pytest.param(".out.geojson.partial", ["export", "acled", "--format", "geojson", "--out", "{d}/out.geojson",
                                          "--db", "{d}/events.duckdb"], "",
                 id="the partial file of a GeoJSON export"),
    pytest.param(".report.html.partial", ["report", "--out", "{d}/report.html", "--db", "{d}/events.duckdb"], "",
                 id="the partial file of the report"),
    pytest.param("places.jsonl", ["geoparse", "{d}/a.jsonl", "--out", "{d}/places.jsonl"], "",
                 id="the output of geoparse"),
]


@pytest.mark.parametrize(("planted", "args", "stderr"), PLANTED)
@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "to nothing"])
def test_a_planted_link_is_never_followed(work: Path, planted: str, args: list[str], stderr: str,
                                          dangling: bool) -> None:
    victim = work / ("nothing-here.txt" if dangling else "victim.txt")
    (work / planted).symlink_to(victim)
    result = run(*(a.format(d=work) for a in args))
    assert (result.exit_code != 0, result.stderr) == (bool(stderr), stderr.format(d=work)), result.output
    assert "Traceback" not in result.output
    if dangling:
        assert not victim.exists()  # no file the user did not ask for
    else:
        assert victim.read_bytes() == VICTIM
    assert sorted(p.name for p in work.iterdir() if p.name.endswith(".partial")) == (
        [planted] if planted.endswith(".partial") else [])  # ours are gone; the planted link is left as it was


def test_a_fifo_planted_as_the_lock_is_refused_without_blocking(work: Path) -> None:
    """In a process of its own, with a timeout: a lock opened for writing is a writer of the FIFO itself, so
    reading it would block for good, and nothing in this process could end that."""
    os.mkfifo(work / "events.duckdb.lock")
    code = "import sys; from events.cli.commands import main; sys.argv[0] = 'events'; main()"
    done = subprocess.run([sys.executable, "-c", code, "import", "--sources", str(work / "sources.toml"),
                           "--db", str(work / "events.duckdb")], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stderr) == (1, f"Error: {work}/events.duckdb.lock: not a regular file\n")


def test_a_link_left_where_the_lock_goes_is_not_removed_for_the_user(work: Path) -> None:
    (work / "events.duckdb.lock").symlink_to(work / "victim.txt")
    run("import", "--sources", str(work / "sources.toml"), "--db", str(work / "events.duckdb"))
    assert (work / "events.duckdb.lock").is_symlink()  # refused, not silently repaired: someone planted it


# -- special files where a file is read ---------------------------------------------------------------------------

@contextmanager
def unblocking(fifo: Path, every: float = 5.0) -> Iterator[list[bool]]:
    """While the block runs, a writer opens and closes `fifo` every `every` seconds, which ends a reader's
    blocked open with an empty read: a broken reader then fails its test instead of hanging the suite. The
    list it yields is non-empty once that happened."""
    released: list[bool] = []
    done = threading.Event()

    def release() -> None:
        while not done.wait(every):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                released.append(True)
            except OSError:  # no reader waiting
                pass

    watcher = threading.Thread(target=release, daemon=True)
    watcher.start()
    try:
        yield released
    finally:
        done.set()
        watcher.join()


SPECIAL = [
    pytest.param("x.jsonl", ["import", "{f}", "--db", "{d}/events.duckdb"], id="a JSON Lines import"),
    pytest.param("x.txt", ["import", "{f}", "--db", "{d}/events.duckdb"], id="a text import"),
    pytest.param("x.html", ["import", "{f}", "--db", "{d}/events.duckdb"], id="an HTML import"),
    pytest.param("x.csv", ["import", "{f}", "--db", "{d}/events.duckdb"], id="a CSV import"),
    pytest.param("x.toml", ["import", "--sources", "{f}", "--db", "{d}/events.duckdb"], id="a sources file"),
    pytest.param("x.jsonl", ["geoparse", "{f}", "--out", "-"], id="geoparse to standard output"),
    pytest.param("x.jsonl", ["geoparse", "{f}", "--out", "{d}/places.jsonl"], id="geoparse to a file"),
]


@pytest.mark.parametrize(("name", "args"), SPECIAL)
def test_a_fifo_is_refused_with_one_line_and_never_blocks(work: Path, name: str, args: list[str]) -> None:
    fifo = work / name
    os.mkfifo(fifo)
    with unblocking(fifo) as released:
        result = run(*(a.format(d=work, f=fifo) for a in args))
    assert not released, "the command blocked on the FIFO"
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == f"Error: {fifo}: not a regular file"
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1


@pytest.mark.parametrize("path", ["/dev/null", "/dev/zero"])
def test_a_device_is_not_a_document(work: Path, path: str) -> None:
    if not Path(path).exists():
        pytest.skip(f"{path} does not exist here")
    result = run("import", path, "--db", str(work / "events.duckdb"))
    assert (result.exit_code, result.stderr) == (1, f"Error: {path}: not a regular file\n")


def test_a_folder_given_as_a_csv_file_is_not_a_regular_file(work: Path) -> None:
    (work / "sheet.csv").mkdir()
    result = run("import", str(work / "sheet.csv"), "--db", str(work / "events.duckdb"))
    assert (result.exit_code, result.stderr) == (1, f"Error: {work}/sheet.csv: not a regular file\n")


def test_a_file_whose_size_stat_does_not_tell_is_still_capped(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc files say they are empty and are not: the read itself is bounded, not only the stat."""
    source = Path("/proc/self/status")
    if not source.exists() or source.stat().st_size != 0:
        pytest.skip("no /proc file whose stat says 0 bytes here")
    from events.ingest import readers

    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 64)
    (work / "status.txt").symlink_to(source)
    result = run("import", str(work / "status.txt"), "--db", str(work / "events.duckdb"))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {work}/status.txt: file is over the 64-byte limit for one document (use JSON Lines)\n")


# -- output folders that cannot be written ----------------------------------------------------------------------

OUTPUTS = [
    pytest.param(["export", "events", "--out", "{o}/out.csv", "--db", "{d}/events.duckdb"], "{o}/out.csv",
                 id="export CSV"),
    pytest.param(["export", "claims", "--format", "jsonl", "--out", "{o}/out.jsonl", "--db", "{d}/events.duckdb"],
                 "{o}/out.jsonl", id="export JSON Lines"),
    pytest.param(["export", "events", "--format", "parquet", "--out", "{o}/out.parquet", "--db",
                  "{d}/events.duckdb"], "{o}/out.parquet", id="export Parquet"),
    pytest.param(["report", "--out", "{o}/report.html", "--db", "{d}/events.duckdb"], "{o}/report.html",
                 id="report"),
    pytest.param(["geoparse", "{d}/a.jsonl", "--out", "{o}/places.jsonl"], "{o}/places.jsonl", id="geoparse"),
    pytest.param(["import", "--sources", "{d}/sources.toml", "--db", "{o}/events.duckdb"], "{o}/events.duckdb.lock",
                 id="the sources lock"),
]


@pytest.mark.parametrize(("args", "named"), OUTPUTS)
def test_an_output_under_a_regular_file_is_one_line(work: Path, args: list[str], named: str) -> None:
    """Fails for root too (unlike a folder without write permission): a file is not a folder."""
    (work / "file.txt").write_text("a file, not a folder\n", encoding="utf-8")
    out = work / "file.txt"
    result = run(*(a.format(d=work, o=out) for a in args))
    assert (result.exit_code, result.stderr) == (1, f"Error: {named.format(o=out)}: cannot write: not a directory\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder without write permission anyway")
@pytest.mark.parametrize(("args", "named"), OUTPUTS)
def test_an_output_in_a_read_only_folder_is_one_line(work: Path, args: list[str], named: str) -> None:
    out = work / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run(*(a.format(d=work, o=out) for a in args))
    finally:
        out.chmod(0o755)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {named.format(o=out)}: cannot write: permission denied\n")
    assert list(out.iterdir()) == []


# -- names that hold control characters -------------------------------------------------------------------------

FORGED = "a\nError: forged"


@pytest.mark.parametrize(("make", "args", "stderr"), [
    pytest.param(lambda d: (d / f"{FORGED}.jsonl").write_text("oops\n"), ["import", "{d}/" + FORGED + ".jsonl"],
                 "Error: '{d}/a\\nError: forged.jsonl':1: not valid JSON: Expecting value at column 1\n",
                 id="a file given"),
    pytest.param(lambda d: (d / "in").mkdir() or (d / "in" / f"{FORGED}.txt").write_text(""), ["import", "{d}/in"],
                 "Error: '{d}/in/a\\nError: forged.txt': empty file\n", id="a file found in a folder"),
    pytest.param(lambda d: (d / f"{FORGED}.csv").write_text("body\nx\n"), ["import", "{d}/" + FORGED + ".csv"],
                 "Error: '{d}/a\\nError: forged.csv': no column 'text' (columns: body)\n", id="a CSV file"),
    pytest.param(lambda d: None, ["export", "events", "--out", "{d}/" + FORGED + "/out.csv"],
                 "Error: '{d}/a\\nError: forged/out.csv': cannot write: no such file or directory\n",
                 id="an export"),
    pytest.param(lambda d: None, ["report", "--out", "{d}/" + FORGED + "/report.html"],
                 "Error: '{d}/a\\nError: forged/report.html': cannot write: no such file or directory\n",
                 id="a report"),
    pytest.param(lambda d: (d / "s.toml").write_text(
        '[[source]]\nname = "a\\nError: forged"\nkind = "jsonl"\npath = "none.jsonl"\n'),
        ["import", "--sources", "{d}/s.toml"],
        "Error: 'a\\nError: forged': {d}/none.jsonl: no such file or directory\n", id="a source's name"),
    pytest.param(lambda d: (d / "a\x1b[2Jb.txt").write_text(""), ["import", "{d}/a\x1b[2Jb.txt"],
                 "Error: '{d}/a\\x1b[2Jb.txt': empty file\n", id="a terminal escape"),
])
def test_a_name_with_control_characters_is_quoted_on_its_one_line(
        work: Path, make: Callable[[Path], object], args: list[str], stderr: str) -> None:
    make(work)
    result = run(*(a.format(d=work) for a in args), "--db", str(work / "events.duckdb"))
    assert (result.exit_code, result.stderr) == (1, stderr.format(d=work))


@pytest.mark.parametrize(("name", "expected"), [
    ("plain/path with spaces.jsonl", "plain/path with spaces.jsonl"),
    ("Sévaré – notes.txt", "Sévaré – notes.txt"),
    ("a\nError: b", "'a\\nError: b'"),
    ("tab\there", "'tab\\there'"),
    ("bell\x07", "'bell\\x07'"),
    ("it's\r", '"it\'s\\r"'),
    ("bad\udcffbyte.txt", "'bad\\udcffbyte.txt'"),  # an undecodable byte of a file name (surrogateescape)
    (Path("/tmp/x.csv"), "/tmp/x.csv"),
])
def test_shown_quotes_only_names_that_would_not_print_as_one_plain_line(name: str | Path, expected: str) -> None:
    assert shown(name) == expected


# -- the helpers themselves ------------------------------------------------------------------------------------

def test_replacing_renames_the_written_file_over_the_target_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with replacing(target) as partial:
        assert partial.parent.parent == tmp_path and partial.name == "out.txt"
        assert stat.S_IMODE(partial.parent.stat().st_mode) == 0o700  # nobody else can plant anything in it
        partial.write_text("new", encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"] and target.read_text(encoding="utf-8") == "new"


def test_replacing_keeps_the_old_target_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(FileError) as caught, replacing(target) as partial:
        partial.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")
    assert str(caught.value) == f"{target}: cannot write: no space left on device"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"] and target.read_text(encoding="utf-8") == "old"


def test_create_new_never_opens_an_existing_name(tmp_path: Path) -> None:
    (tmp_path / "victim").write_bytes(VICTIM)
    (tmp_path / "link").symlink_to(tmp_path / "victim")
    for name in ("victim", "link"):
        with pytest.raises(FileError, match="cannot write: file exists"):
            create_new(tmp_path / name)
    os.close(create_new(tmp_path / "new"))
    assert (tmp_path / "victim").read_bytes() == VICTIM and (tmp_path / "new").read_bytes() == b""


def test_read_regular_reads_at_most_one_byte_past_the_limit(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"12345")
    assert read_regular(tmp_path / "f", limit=5) == b"12345"
    with pytest.raises(FileError) as caught:
        read_regular(tmp_path / "f", limit=4)
    assert caught.value.reason == "file is 5 bytes, over the 4-byte limit"
    with open_regular(tmp_path / "f") as handle:
        assert handle.read() == b"12345"
