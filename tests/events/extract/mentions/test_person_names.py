"""The names table: each name's best rank as a given name and as a surname, compiled from names-dataset's files
once, cached in the cache folder under a digest of its inputs, read back fast. Most tests compile a tiny fake
dataset written in the package's own format; one reads the real data (skipped without the package)."""

from __future__ import annotations

import gzip
import importlib.util
import pickle
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from events.extract import names
from events.extract.names import (
    RANK_CUT,
    NamesDataError,
    cache_name,
    compile_names,
    dataset_files,
    load_names,
    person_names,
)
from events.lexicon import Lexicons
from gazetteer.cache import choose_cache_dir

GIVEN = {
    "Norbert": {"rank": {"DE": 136, "HU": 29, "US": None}, "gender": {"M": 0.99}},
    "Traoré": {"rank": {"ML": 400}},
    "Traore": {"rank": {"ML": 900}},  # folds like "Traoré": the better rank stays
    "Valley": {"rank": {"US": RANK_CUT + 1}},  # below the cut: says nothing
    "Nobody": {"rank": {"US": None}},
    "Blank": {"country": {"US": 1.0}},
}
SURNAMES = {
    "Diallo": {"rank": {"FR": 1444, "SN": 14}},
    "Zongo": {"rank": {"BF": 6}},
}


def _write(path: Path, data: Mapping[str, Any]) -> Path:
    with gzip.open(path, "wb") as fh:
        pickle.dump(dict(data), fh)
    return path


@pytest.fixture
def fake_files(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "first_names.pkl.gz", GIVEN), _write(tmp_path / "last_names.pkl.gz", SURNAMES)


def test_compile_keeps_the_best_rank_of_names_within_the_cut() -> None:
    table = compile_names(GIVEN, SURNAMES)
    assert table.given == {"norbert": 29, "traore": 400}
    assert table.surname == {"diallo": 14, "zongo": 6}
    assert table.given_rank("NORBERT") == 29 and table.given_rank("Traoré") == 400
    assert table.surname_rank("Diallo") == 14 and table.given_rank("Diallo") is None
    assert table.is_name("Zongo") and not table.is_name("Valley")


def test_the_table_is_compiled_once_then_read_from_the_cache(tmp_path: Path, fake_files: tuple[Path, Path]) -> None:
    cache = tmp_path / "cache"
    first = load_names(cache, fake_files)
    [cached] = cache.glob("person-names-v*.marshal")

    def no_reading(path: Path) -> Mapping[str, Any]:
        raise AssertionError(f"read {path} although the table is cached")

    assert load_names(cache, fake_files, read=no_reading) == first
    # a damaged table is compiled again, in place
    cached.write_bytes(b"\x00garbage")
    assert load_names(cache, fake_files) == first
    assert list(cache.glob("person-names-v*.marshal")) == [cached]


def test_new_data_makes_a_new_table_and_the_old_one_goes(tmp_path: Path, fake_files: tuple[Path, Path]) -> None:
    cache = tmp_path / "cache"
    load_names(cache, fake_files)
    _write(fake_files[1], {**SURNAMES, "Kabore": {"rank": {"BF": 3}}})
    table = load_names(cache, fake_files)
    assert table.surname_rank("Kabore") == 3
    assert len(list(cache.glob("person-names-v*"))) == 1


def test_person_names_uses_the_cache_folder_and_is_kept_per_lexicons(
        tmp_path: Path, fake_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(names, "dataset_files", lambda: fake_files)
    lexicons = Lexicons()
    table = lexicons.compiled(person_names)
    assert table.surname_rank("Zongo") == 6
    assert lexicons.compiled(person_names) is table
    assert list((tmp_path / "cache").glob("person-names-v*.marshal"))


def test_without_the_package_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None)
    with pytest.raises(NamesDataError, match="names-dataset package is not installed"):
        dataset_files()


def test_an_unreadable_data_file_is_a_names_data_error(tmp_path: Path) -> None:
    bad = tmp_path / "first_names.pkl.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(NamesDataError, match="cannot read the names data"):
        load_names(tmp_path / "cache", (bad, bad))


def test_the_real_data_knows_given_names_and_surnames(lexicons: Lexicons) -> None:
    pytest.importorskip("names_dataset")
    table = lexicons.compiled(person_names)  # compiled into the cache folder on the machine's first run
    assert table.given_rank("Norbert") is not None and table.surname_rank("Diallo") is not None
    # what is cached is small and reads fast
    files = dataset_files()
    cached = choose_cache_dir().path / cache_name(files)
    assert cached.stat().st_size < 8_000_000
    started = time.perf_counter()
    assert load_names(cached.parent, files) == table
    assert time.perf_counter() - started < 0.5  # 0.1 s on the development machine; room for a busy one
