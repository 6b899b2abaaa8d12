"""How common a word is as a given name and as a surname, from names-dataset (PyPI: first and last names of
106 countries, ranked per country), compiled once into a small table cached on disk.

`NameDataset()` takes ~12 s and over a gigabyte to load: the extractor needs only one number per name and kind
(its best rank in any country), for the names ranked high enough somewhere to matter, so those are compiled the
first time into `person-names-v<format>-<digest>.marshal` in the cache folder the gazetteer index uses (the digest
covers the dataset's files and this module: a new release of either compiles again), written atomically, and
read back in a few tens of milliseconds. `person_names` is what an extractor asks for through
`lexicons.compiled(person_names)`: the table is loaded once per `Lexicons` value (the pipeline's), on first use.
"""

from __future__ import annotations

import gzip
import importlib.util
import marshal
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.errors import EventsError
from events.lexicon import Lexicons
from gazetteer import fold
from gazetteer.cache import choose_cache_dir, inputs_digest, write_atomic

FORMAT_VERSION = 1
# A name ranked this high or better in at least one country is kept (~120,000 given names, ~140,000 surnames);
# below it the dataset holds every word someone typed into a name field ("Valley", "State"), which says nothing.
RANK_CUT = 2000
_PREFIX = "person-names-v"
_SUFFIX = ".marshal"
_PACKAGE = "names_dataset"
# the dataset's own files, in the package: name -> {"rank": {country: rank or None}, "country": ..., "gender": ...}
_GIVEN_FILE, _SURNAME_FILE = "v3/first_names.pkl.gz", "v3/last_names.pkl.gz"


class NamesDataError(EventsError, RuntimeError):
    """The names data cannot be had: the package is missing, or its files cannot be read."""


@dataclass(frozen=True, slots=True)
class PersonNames:
    """Folded word -> its best rank (1 = the most common) as a given name, and as a surname, in any country."""

    given: Mapping[str, int]
    surname: Mapping[str, int]

    def given_rank(self, word: str) -> int | None:
        return self.given.get(fold(word))

    def surname_rank(self, word: str) -> int | None:
        return self.surname.get(fold(word))

    def is_name(self, word: str) -> bool:
        """Known as a given name or a surname (ranked within RANK_CUT somewhere)."""
        key = fold(word)
        return key in self.given or key in self.surname

    def to_payload(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, "given": dict(self.given), "surname": dict(self.surname)}

    @classmethod
    def from_payload(cls, payload: Any) -> PersonNames:
        if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION:
            raise ValueError("not a person-names table of this format")
        given, surname = payload["given"], payload["surname"]
        if not isinstance(given, dict) or not isinstance(surname, dict):
            raise ValueError("not a person-names table of this format")
        return cls(given, surname)


def compile_names(given: Mapping[str, Any], surnames: Mapping[str, Any], cut: int = RANK_CUT) -> PersonNames:
    """The table of names-dataset's two dicts (name -> {"rank": {country: rank or None}}): each name's best rank,
    for names ranked within `cut` somewhere, by folded name (two spellings folding alike keep the better rank)."""
    return PersonNames(_best_ranks(given, cut), _best_ranks(surnames, cut))


def _best_ranks(names: Mapping[str, Any], cut: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, info in names.items():
        ranks = info.get("rank") if isinstance(info, Mapping) else None
        if not ranks:
            continue
        best = min((r for r in ranks.values() if isinstance(r, int) and r > 0), default=None)
        if best is None or best > cut:
            continue
        key = fold(name)
        if key and (key not in out or best < out[key]):
            out[key] = best
    return out


def dataset_files() -> tuple[Path, Path]:
    """The installed names-dataset's given-name and surname files; NamesDataError when it is not installed."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.origin is None:
        raise NamesDataError("the names-dataset package is not installed: it tells people's names from places "
                             "(pip install names-dataset)")
    folder = Path(spec.origin).parent
    files = (folder / _GIVEN_FILE, folder / _SURNAME_FILE)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise NamesDataError(f"names-dataset is installed without its data files: {', '.join(missing)}")
    return files


def read_dataset_file(path: Path) -> Mapping[str, Any]:
    """One of the dataset's files: a gzipped pickle of a dict, as its package ships it (and reads it itself)."""
    try:
        with gzip.open(path, "rb") as fh:
            data = pickle.load(fh)  # the installed package's own data file, as NameDataset() reads it
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        raise NamesDataError(f"{path}: cannot read the names data: {exc}") from exc
    if not isinstance(data, Mapping):
        raise NamesDataError(f"{path}: not a names-dataset table")
    return data


def cache_name(files: Sequence[Path]) -> str:
    """The table's file name for these dataset files (and this module's code)."""
    return f"{_PREFIX}{FORMAT_VERSION}-{inputs_digest([*files, Path(__file__)], include_code=False)}{_SUFFIX}"


def load_names(cache_dir: Path, files: Sequence[Path] | None = None,
               read: Callable[[Path], Mapping[str, Any]] = read_dataset_file) -> PersonNames:
    """The table cached in `cache_dir` for the dataset `files` (the installed package's by default); compiled from
    them, saved and returned when there is none. A damaged or foreign file is compiled again."""
    files = tuple(files) if files is not None else dataset_files()
    path = cache_dir / cache_name(files)
    try:
        return PersonNames.from_payload(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, KeyError, TypeError, ValueError):
        pass
    given = _best_ranks(read(files[0]), RANK_CUT)  # one file at a time: each unpickles to about a gigabyte
    surname = _best_ranks(read(files[1]), RANK_CUT)
    table = PersonNames(given, surname)
    write_atomic(path, marshal.dumps(table.to_payload()))
    for old in cache_dir.glob(f"{_PREFIX}*{_SUFFIX}"):  # tables of other inputs; temporary files end in .tmp
        if old != path:
            old.unlink(missing_ok=True)
    return table


def person_names(lexicons: Lexicons) -> PersonNames:
    """The table in the machine's cache folder (build with `lexicons.compiled(person_names)`: once per pipeline)."""
    files = dataset_files()
    return load_names(choose_cache_dir(cache_name(files)).path, files)
