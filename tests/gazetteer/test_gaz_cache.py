"""The compiled index is cached by a hash of its inputs and written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from gazetteer.cache import cache_file, inputs_digest, load_or_build, read_index, write_atomic
from gazetteer.countries import country_table, read_country_rows
from gazetteer.errors import GazetteerWriteError
from gazetteer.index import Index, build_index
from gazetteer.model import Place


def tiny_index(name: str = "Sévaré") -> Index:
    place = Place("sup:ML:x", name, "Mali", "ML", "Mopti", None, 14.5, -4.1, "P", "PPL", 1)
    return build_index([place], {}, country_table(read_country_rows()))


class CountingBuilder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Index:
        self.calls += 1
        return tiny_index(f"Place {self.calls}")


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    small = tmp_path / "supplement.csv"
    small.write_text("id,name\n", encoding="utf-8")
    large = tmp_path / "cities.json"
    large.write_bytes(b"{" + b" " * (5 * 1024 * 1024) + b"}")
    return [small, large]


def test_the_first_load_builds_and_the_second_reads_the_cache(tmp_path: Path, inputs: list[Path]) -> None:
    build = CountingBuilder()
    first = load_or_build(tmp_path / "cache", inputs, build)
    second = load_or_build(tmp_path / "cache", inputs, build)
    assert build.calls == 1
    assert first.names == second.names == ("Place 1",)


@pytest.mark.parametrize(
    "change",
    ["edit the small file", "append to the large file"],
)
def test_changed_inputs_rebuild_the_cache(tmp_path: Path, inputs: list[Path], change: str) -> None:
    build = CountingBuilder()
    load_or_build(tmp_path / "cache", inputs, build)
    if change == "edit the small file":
        inputs[0].write_text("id,name\nsup:ML:y,New place\n", encoding="utf-8")
    else:
        with inputs[1].open("ab") as fh:
            fh.write(b"\n")
    rebuilt = load_or_build(tmp_path / "cache", inputs, build)
    assert build.calls == 2 and rebuilt.names == ("Place 2",)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [
        cache_file(tmp_path / "cache", inputs_digest(inputs)).name
    ]


def test_the_digest_ignores_an_untouched_rewrite_of_a_small_file(inputs: list[Path]) -> None:
    before = inputs_digest(inputs)
    inputs[0].write_text(inputs[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert inputs_digest(inputs) == before


def test_two_installs_of_the_same_large_file_share_one_cache(tmp_path: Path, inputs: list[Path]) -> None:
    # each virtualenv installs its own copy of the data packages, written at its own time
    other = tmp_path / "other-venv"
    other.mkdir()
    copies = [other / p.name for p in inputs]
    for src, dst in zip(inputs, copies, strict=True):
        dst.write_bytes(src.read_bytes())
    os.utime(copies[1], ns=(1, 1))
    build = CountingBuilder()
    load_or_build(tmp_path / "cache", inputs, build)
    load_or_build(tmp_path / "cache", copies, build)
    assert build.calls == 1


@pytest.mark.parametrize("where", [0, 5 * 1024 * 1024 + 1])
def test_a_large_file_changed_in_place_at_its_start_or_end_changes_the_digest(
    inputs: list[Path], where: int
) -> None:
    before = inputs_digest(inputs)
    with inputs[1].open("r+b") as fh:
        fh.seek(where)
        fh.write(b"x")
    assert inputs_digest(inputs) != before


def test_the_cache_file_name_carries_version_and_hash(tmp_path: Path, inputs: list[Path]) -> None:
    name = cache_file(tmp_path, inputs_digest(inputs)).name
    assert name.startswith("gazetteer-v") and inputs_digest(inputs) in name


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, inputs: list[Path]) -> None:
    build = CountingBuilder()
    load_or_build(tmp_path / "cache", inputs, build)
    path = cache_file(tmp_path / "cache", inputs_digest(inputs))
    path.write_bytes(path.read_bytes()[:100])
    assert read_index(path) is None
    assert load_or_build(tmp_path / "cache", inputs, build).names == ("Place 2",)


def test_a_crash_while_writing_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cache" / "index.pickle"
    write_atomic(target, b"old and complete")

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new but never finished")
    assert target.read_bytes() == b"old and complete"
    assert [p.name for p in target.parent.iterdir()] == ["index.pickle"]


def test_an_atomic_write_creates_missing_directories(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "index.pickle"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"


def test_the_cache_directory_defaults_to_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gazetteer.cache import default_cache_dir

    monkeypatch.delenv("CACHE_DIRECTORY", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.delenv("EVENTS_CACHE_DIR")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "conflict-events"


def test_the_folder_is_checked_before_the_build(tmp_path: Path, inputs: list[Path]) -> None:
    """A build takes up to a minute: a folder that cannot keep its result is refused first, naming it."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    build = CountingBuilder()
    with pytest.raises(GazetteerWriteError) as caught:
        load_or_build(tmp_path / "a-file" / "cache", inputs, build)
    assert str(caught.value) == f"{tmp_path / 'a-file' / 'cache'}: cannot cache the gazetteer index: not a directory"
    assert build.calls == 0


@pytest.mark.parametrize("mode", [0o777, 0o755], ids=["writable by all", "readable by all"])
def test_the_temporary_fallback_is_private_or_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      mode: int) -> None:
    """Its name is known in advance: a folder of that name that others may write (one planted to feed us an
    index) is refused; one only we write is used."""
    from gazetteer.cache import choose_cache_dir

    for variable in ("EVENTS_CACHE_DIR", "CACHE_DIRECTORY"):
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))  # cannot be written, even by root
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    planted = tmp_path / f"conflict-events-{os.getuid()}"
    planted.mkdir()
    planted.chmod(mode)
    if mode & 0o022:
        with pytest.raises(GazetteerWriteError) as caught:
            choose_cache_dir()
        assert str(caught.value) == (f"{planted}: not a private folder of this user, not used as a cache; set "
                                     "EVENTS_CACHE_DIR to a folder that can be written")
    else:
        chosen = choose_cache_dir()
        assert chosen.path == planted
        assert chosen.warning == (f"cannot write the cache folder {tmp_path / 'a-file' / 'conflict-events'} (not a "
                                  f"directory); using {planted} instead: set EVENTS_CACHE_DIR, or CacheDirectory= in "
                                  "a systemd unit, to keep the cache")
