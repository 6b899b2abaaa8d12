"""Where the gazetteer's cache goes, through the `events` command: the platform's conventions ($EVENTS_CACHE_DIR,
systemd's $CACHE_DIRECTORY, $XDG_CACHE_HOME, ~/.cache), checked before the index is built; a temporary folder with
a one-line warning when none can be written; one error line when the folder named by $EVENTS_CACHE_DIR cannot be;
and the first build saying what it does.

Most tests build the index from a tiny GeoNames-format input (`Sources.installed` replaced), so that a build
takes a fraction of a second; the one in a subprocess reads a copy of the real index instead."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import events.cli.progress
import gazetteer.build
import gazetteer.core
from events.cli.commands import main
from gazetteer.build import Sources
from gazetteer.cache import cache_file, default_cache_dir, inputs_digest

ROOT = Path(__file__).resolve().parents[3]
EVENTS = Path(sys.executable).with_name("events")
STORY = "Rebels seize a bridge\n\nRebels attacked an army post near Gao on Sunday.\n"
IMPORTED = "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n"
CACHE_VARIABLES = ("EVENTS_CACHE_DIR", "CACHE_DIRECTORY", "XDG_CACHE_HOME", "EVENTS_GAZETTEER")
KEEP = "set EVENTS_CACHE_DIR, or CacheDirectory= in a systemd unit, to keep the cache"
BUILDING = "Building the gazetteer index (once per machine)"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def index_files(root: Path) -> list[Path]:
    return sorted(root.rglob("gazetteer-v*.marshal"))


def _writable(folder: Path) -> bool:
    try:
        (folder / "probe").touch()
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A home folder no file can be created in, and the reason a write there gets. Root writes into a folder of
    mode 555, so for root it is made immutable (chattr +i) instead; skipped where neither works."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    reason = "permission denied"
    immutable = False
    if _writable(home):
        immutable = subprocess.run(["chattr", "+i", str(home)], capture_output=True).returncode == 0 \
            if shutil.which("chattr") else False
        reason = "operation not permitted"
        if not immutable or _writable(home):
            home.chmod(0o755)
            pytest.skip("this user writes into read-only folders and cannot make a folder immutable")
    try:
        yield home, reason
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(home)], check=True)
        home.chmod(0o755)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_an_unwritable_home_falls_back_to_a_temporary_cache_with_a_warning(
        tmp_path: Path, read_only_home: tuple[Path, str], story: Path) -> None:
    """As under a systemd unit whose user has a read-only home and no cache variable: one warning line, and the
    import works (before: a traceback, or `Error: ~/.cache: permission denied`, after the whole build)."""
    home, reason = read_only_home
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    fallback = temporary / f"conflict-events-{os.getuid()}"
    fallback.mkdir(mode=0o700)
    # the index this test process uses, copied where the fallback is, so that the child does not build it again
    name = cache_file(Path(), inputs_digest(Sources.installed().files())).name
    built = default_cache_dir() / name
    if built.is_file():
        shutil.copy(built, fallback / name)
    env = {key: value for key, value in os.environ.items() if key not in CACHE_VARIABLES}
    env.update(HOME=str(home), TMPDIR=str(temporary), PYTHONPATH=str(ROOT))
    db = tmp_path / "events.duckdb"
    done = subprocess.run([str(EVENTS), "import", str(story), "--published-at", "2026-03-02", "--db", str(db)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert (done.returncode, done.stdout, done.stderr) == (0, IMPORTED, (
        f"Warning: cannot write the cache folder {home}/.cache/conflict-events ({reason}); using {fallback} "
        f"instead: {KEEP}\n"))
    assert index_files(fallback) == [fallback / name]


# -- with a tiny gazetteer input ---------------------------------------------------------------------------------

CITIES = {
    "2457163": {"geonameid": 2457163, "name": "Gao", "latitude": 16.27, "longitude": -0.04, "countrycode": "ML",
                "population": 86_000, "timezone": "Africa/Bamako", "admin1code": "07", "alternatenames": []},
    "2460596": {"geonameid": 2460596, "name": "Bamako", "latitude": 12.65, "longitude": -8.0, "countrycode": "ML",
                "population": 1_800_000, "timezone": "Africa/Bamako", "admin1code": "08", "alternatenames": []},
}
COUNTRIES = {"ML": {"geonameid": 2453866, "name": "Mali", "iso": "ML", "capital": "Bamako",
                    "population": 19_000_000}}
ADMIN_ROWS = "lat,lon,name,admin1,admin2,cc\n16.27,-0.04,Gao,Gao,,ML\n12.65,-8.0,Bamako,Bamako,,ML\n"


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sources:
    """The default gazetteer's inputs replaced by two towns, no cache variable set, and HOME in tmp_path."""
    root = tmp_path / "sources"
    root.mkdir()
    (root / "cities500.json").write_text(json.dumps(CITIES), encoding="utf-8")
    (root / "countries.json").write_text(json.dumps(COUNTRIES), encoding="utf-8")
    (root / "rg.csv").write_text(ADMIN_ROWS, encoding="utf-8")
    sources = Sources(cities=root / "cities500.json", gn_countries=root / "countries.json", admin_rows=root / "rg.csv")
    monkeypatch.setattr(Sources, "installed", classmethod(lambda cls: sources))
    for variable in CACHE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return sources


@pytest.mark.parametrize(("env", "folder"), [
    ({}, "home/.cache/conflict-events"),
    ({"XDG_CACHE_HOME": "xdg"}, "xdg/conflict-events"),
    ({"CACHE_DIRECTORY": "systemd"}, "systemd"),
    ({"CACHE_DIRECTORY": "systemd:other"}, "systemd"),
    ({"CACHE_DIRECTORY": "systemd", "XDG_CACHE_HOME": "xdg"}, "systemd"),
    ({"EVENTS_CACHE_DIR": "mine", "CACHE_DIRECTORY": "systemd"}, "mine"),
], ids=["~/.cache by default", "XDG_CACHE_HOME", "systemd's CACHE_DIRECTORY", "its first folder of several",
        "CACHE_DIRECTORY before XDG_CACHE_HOME", "EVENTS_CACHE_DIR before all"])
def test_the_index_is_cached_where_the_platform_says(tiny: Sources, tmp_path: Path, story: Path,
                                                     monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                                     folder: str) -> None:
    for variable, value in env.items():
        monkeypatch.setenv(variable, ":".join(str(tmp_path / part) for part in value.split(":")))
    result = run("import", str(story), "--published-at", "2026-03-02", "--db", str(tmp_path / "events.duckdb"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, IMPORTED, "")
    name = cache_file(Path(), inputs_digest(tiny.files())).name
    assert index_files(tmp_path) == [tmp_path / folder / name]


@pytest.mark.parametrize("terminal", [True, False], ids=["on a terminal", "piped"])
def test_the_first_build_says_what_it_is_doing(tiny: Sources, tmp_path: Path, story: Path,
                                               monkeypatch: pytest.MonkeyPatch, terminal: bool) -> None:
    """The build into an empty cache folder has its own bar before the import's (on a terminal only, as every
    bar); the next command finds the index and shows only its own."""
    monkeypatch.setattr(events.cli.progress, "on_terminal", lambda: terminal)
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(tmp_path / "cache"))
    db = str(tmp_path / "events.duckdb")
    first = run("import", str(story), "--published-at", "2026-03-02", "--db", db)
    assert (first.exit_code, first.stdout) == (0, IMPORTED)
    assert first.stderr == (f"{BUILDING}\nImporting\n" if terminal else "")
    assert len(index_files(tmp_path / "cache")) == 1
    second = run("import", str(story), "--published-at", "2026-03-02", "--db", db)
    assert (second.exit_code, second.stderr) == (0, "Importing\n" if terminal else "")


def _file_on_the_way(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    return tmp_path / "a-file" / "cache", "not a directory"


def _read_only(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder, "permission denied"


@pytest.mark.parametrize("where", [
    _file_on_the_way,
    pytest.param(_read_only, marks=pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")),
], ids=["a file on its path", "a read-only folder"])
def test_an_explicit_cache_folder_that_cannot_be_written_is_one_line_before_any_build(
        tiny: Sources, tmp_path: Path, story: Path, monkeypatch: pytest.MonkeyPatch,
        where: Callable[[Path], tuple[Path, str]]) -> None:
    """$EVENTS_CACHE_DIR names the folder on purpose: it is not replaced by a temporary one, and nothing is built
    (nor the database created) before the error."""
    folder, reason = where(tmp_path)
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(folder))

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("built although the index cannot be kept")

    monkeypatch.setattr(gazetteer.build, "build_default", no_build)
    monkeypatch.setattr(gazetteer.core, "build_default", no_build)
    db = tmp_path / "events.duckdb"
    result = run("import", str(story), "--db", str(db))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: EVENTS_CACHE_DIR={folder}: cannot write the cache folder: {reason}\n")
    assert not db.exists()


def test_a_folder_that_holds_the_index_serves_even_read_only(tiny: Sources, tmp_path: Path, story: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built in advance into a folder the service cannot write (an image, a read-only mount) is read."""
    cache = tmp_path / "prebuilt"
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(cache))
    db = str(tmp_path / "events.duckdb")
    assert run("import", str(story), "--published-at", "2026-03-02", "--db", db).exit_code == 0
    monkeypatch.setattr("gazetteer.cache._unwritable", lambda folder: "read-only file system", raising=False)
    again = run("import", str(story), "--published-at", "2026-03-02", "--db", db)
    assert (again.exit_code, again.stdout, again.stderr) == (
        0, "1 document: 0 new, 0 updated, 1 unchanged, 0 failed\n", "")


def test_the_geonames_import_goes_into_the_systemd_cache_folder(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in CACHE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("CACHE_DIRECTORY", str(tmp_path / "systemd"))
    source = tmp_path / "ML.txt"
    source.write_text("9000001\tTinkaré\tTinkare\t\t15.1\t-2.3\tP\tPPL\tML\t\t53\t5301\t\t\t1200\t\t300"
                      "\tAfrica/Bamako\t2020-01-01\n", encoding="utf-8")
    result = run("gazetteer", "import", str(source))
    written = tmp_path / "systemd" / "geonames.sqlite"
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == f"Imported 1 file: 1 places, 1 names, 0 codes into {written}"
