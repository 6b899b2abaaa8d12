"""The names table: each name's best rank as a given name and as a surname, shipped in
events/data/person_names.tsv.gz and read back fast; the shipped file is what scripts/derive_person_names.py
derives from names-dataset (checked where that package is installed). The compiling and the file format are
tested on a tiny fake dataset in the package's own shape."""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events.extract import names
from events.extract.names import (
    PERSON_NAMES_FILE,
    PERSON_NAMES_HEADER,
    RANK_CUT,
    NamesDataError,
    compile_names,
    encode_names,
    person_names,
    read_names,
)
from events.lexicon import Lexicons

ROOT = Path(__file__).resolve().parents[4]

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
    "Norbert": {"rank": {"FR": 1900}},
}


def test_compile_keeps_the_best_rank_of_names_within_the_cut() -> None:
    table = compile_names(GIVEN, SURNAMES)
    assert table.given == {"norbert": 29, "traore": 400}
    assert table.surname == {"diallo": 14, "zongo": 6, "norbert": 1900}
    assert table.given_rank("NORBERT") == 29 and table.given_rank("Traoré") == 400
    assert table.surname_rank("Diallo") == 14 and table.given_rank("Diallo") is None
    assert table.is_name("Zongo") and not table.is_name("Valley")


def test_the_file_is_sorted_lines_read_back_as_the_same_table(tmp_path: Path) -> None:
    table = compile_names(GIVEN, SURNAMES)
    data = encode_names(table, ["source: a test"])
    assert encode_names(table, ["source: a test"]) == data  # no time stamp: the same table, the same bytes
    assert gzip.decompress(data).decode().splitlines() == [
        "# source: a test", "\t".join(PERSON_NAMES_HEADER),
        "diallo\t\t14", "norbert\t29\t1900", "traore\t400\t", "zongo\t\t6"]
    path = tmp_path / "names.tsv.gz"
    path.write_bytes(data)
    assert read_names(path) == table


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (None, "cannot read the person-names table"),  # no file
        (b"not gzip", "cannot read the person-names table"),
        (gzip.compress(b"# a comment\nname\tgiven\n"), "line 2: expected the header"),
        (gzip.compress(b"name\tgiven_rank\tsurname_rank\nzongo\t\tsix\n"), "line 2: expected a name"),
        (gzip.compress(b"name\tgiven_rank\tsurname_rank\nzongo\t6\n"), "line 2: expected a name"),
        (gzip.compress(b"name\tgiven_rank\tsurname_rank\n"), "no names"),
    ],
)
def test_a_missing_or_damaged_file_is_one_error_naming_it(tmp_path: Path, content: bytes | None,
                                                          complaint: str) -> None:
    path = tmp_path / "person_names.tsv.gz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(NamesDataError, match=complaint) as raised:
        read_names(path)
    assert str(path) in str(raised.value)


def test_person_names_reads_the_shipped_file_once_per_lexicons(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    lexicons = Lexicons()
    table = lexicons.compiled(person_names)
    assert lexicons.compiled(person_names) is table
    # a damaged shipped file stops the first extractor that needs it, naming the file
    broken = tmp_path / "person_names.tsv.gz"
    broken.write_bytes(b"\x00garbage")
    monkeypatch.setattr(names, "PERSON_NAMES_FILE", broken)
    with pytest.raises(NamesDataError, match="person_names.tsv.gz"):
        Lexicons().compiled(person_names)


def test_the_shipped_file_is_small_loads_fast_and_knows_names_and_surnames() -> None:
    assert PERSON_NAMES_FILE.stat().st_size < 3_000_000  # 1.25 MB
    started = time.perf_counter()
    table = read_names()
    assert time.perf_counter() - started < 0.6  # 0.14 s on the development machine; room for a busy one
    assert table.given_rank("Norbert") is not None and table.surname_rank("Diallo") is not None
    assert table.given_rank("Norbert") <= 200 and table.surname_rank("Diallo") <= 100
    assert len(table.given) > 100_000 and len(table.surname) > 100_000
    assert max(table.given.values()) <= RANK_CUT and max(table.surname.values()) <= RANK_CUT
    # it says where it comes from and under which licence
    head = gzip.decompress(PERSON_NAMES_FILE.read_bytes())[:1000].decode()
    assert "https://github.com/philipperemy/name-dataset" in head and "Apache License 2.0" in head


@pytest.mark.skipif(importlib.util.find_spec("names_dataset") is None,
                    reason="names-dataset is not installed (pip install -e .[derive]): the shipped file is not "
                           "derived again")
def test_the_shipped_file_is_what_the_script_derives(tmp_path: Path) -> None:
    # ~13 s and ~1.1 GB for a moment (each of the dataset's files unpickles to about a gigabyte): in a
    # subprocess, so that the memory goes back at once
    out = tmp_path / "person_names.tsv.gz"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "derive_person_names.py"), "--out", str(out)],
                          capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == PERSON_NAMES_FILE.read_bytes(), (
        "events/data/person_names.tsv.gz is not what scripts/derive_person_names.py derives: run it again")
