"""Derive events/data/person_names.tsv.gz: how common each name is as a given name and as a surname.

    python scripts/derive_person_names.py [--out events/data/person_names.tsv.gz]

Reads the installed names-dataset package's own files (v3/first_names.pkl.gz and v3/last_names.pkl.gz: name ->
{"rank": {country: rank}}, as NameDataset() reads them; `pip install -e .[derive]`) one at a time (each unpickles
to about a gigabyte: ~12 s in all) and keeps, by folded name, the best rank in any country of every name ranked
within RANK_CUT somewhere (events/extract/names.py: compile_names, encode_names). The output is deterministic
(names sorted, gzip without a time stamp): the committed file must equal what this script derives
(tests/events/extract/mentions/test_person_names.py checks it where names-dataset is installed).
names-dataset: https://github.com/philipperemy/name-dataset, Apache-2.0: the derived table ships under it, with a copy
of the licence beside it (events/data/person_names.LICENSE, the package's LICENSE file).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import importlib.util
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from events.extract.names import PERSON_NAMES_FILE, RANK_CUT, PersonNames, best_ranks, encode_names

PACKAGE = "names_dataset"
# the dataset's own files, in the package: name -> {"rank": {country: rank or None}, "country": ..., "gender": ...}
GIVEN_FILE, SURNAME_FILE = "v3/first_names.pkl.gz", "v3/last_names.pkl.gz"
SOURCE = "https://github.com/philipperemy/name-dataset"


class DeriveError(Exception):
    """names-dataset or its files cannot be had."""


def dataset_files() -> tuple[Path, Path]:
    """The installed names-dataset's given-name and surname files."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise DeriveError("the names-dataset package is not installed (pip install -e .[derive])")
    folder = Path(spec.origin).parent
    files = (folder / GIVEN_FILE, folder / SURNAME_FILE)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise DeriveError(f"names-dataset is installed without its data files: {', '.join(missing)}")
    return files


def dataset_version() -> str:
    return importlib.metadata.version("names-dataset")


def read_dataset_file(path: Path) -> Mapping[str, Any]:
    """One of the dataset's files: a gzipped pickle of a dict, as its package ships it (and reads it itself)."""
    try:
        with gzip.open(path, "rb") as fh:
            data = pickle.load(fh)  # the installed package's own data file, as NameDataset() reads it
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        raise DeriveError(f"{path}: cannot read the names data: {exc}") from exc
    if not isinstance(data, Mapping):
        raise DeriveError(f"{path}: not a names-dataset table")
    return data


def preamble(version: str) -> list[str]:
    """The comment lines that open the file: what it holds, its source and its licence."""
    return [f"Person names: each folded name's best rank (1 = the most common) in any country as a given name and "
            f"as a surname, for names ranked within {RANK_CUT} somewhere (empty: not one).",
            f"Derived by scripts/derive_person_names.py from names-dataset {version} ({SOURCE}), "
            "Apache License 2.0 (a copy: events/data/person_names.LICENSE)."]


def derive() -> bytes:
    """The file's bytes, from the installed package's files, one file in memory at a time."""
    given_file, surname_file = dataset_files()
    given = best_ranks(read_dataset_file(given_file), RANK_CUT)
    surname = best_ranks(read_dataset_file(surname_file), RANK_CUT)
    return encode_names(PersonNames(given, surname), preamble(dataset_version()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PERSON_NAMES_FILE, help="file to write")
    args = parser.parse_args(argv)
    try:
        data = derive()
    except DeriveError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
