"""How common a word is as a given name and as a surname: a small table shipped in events/data/person_names.tsv.gz.

The table is derived once from names-dataset (https://github.com/philipperemy/name-dataset, Apache-2.0, a copy of
the licence in events/data/person_names.LICENSE: first and last names of 106 countries, ranked per country) by
scripts/derive_person_names.py, and committed: one line per folded name with its best rank (1 = the most common) in
any country as a given name and as a surname, for the names ranked within RANK_CUT somewhere. names-dataset itself
is needed only to derive the table again (the `derive` extra): loading its own files takes ~12 s and over a
gigabyte, the shipped table (1.25 MB) ~0.14 s. `person_names` is what an extractor asks for through
`lexicons.compiled(person_names)`: the table is read once per `Lexicons` value (the pipeline's), on first use.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.errors import EventsError
from events.lexicon import Lexicons
from gazetteer import fold

PERSON_NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "person_names.tsv.gz"
# A name ranked this high or better in at least one country is kept (~110,000 given names, ~130,000 surnames);
# below it the dataset holds every word someone typed into a name field ("Valley", "State"), which says nothing.
RANK_CUT = 2000
PERSON_NAMES_HEADER = ("name", "given_rank", "surname_rank")


class NamesDataError(EventsError, RuntimeError):
    """The shipped names table cannot be read: missing, damaged or of another format."""


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


def compile_names(given: Mapping[str, Any], surnames: Mapping[str, Any], cut: int = RANK_CUT) -> PersonNames:
    """The table of names-dataset's two dicts (name -> {"rank": {country: rank or None}}): each name's best rank,
    for names ranked within `cut` somewhere, by folded name (two spellings folding alike keep the better rank)."""
    return PersonNames(best_ranks(given, cut), best_ranks(surnames, cut))


def best_ranks(names: Mapping[str, Any], cut: int = RANK_CUT) -> dict[str, int]:
    """One of names-dataset's dicts: folded name -> its best rank in any country, for names within `cut`."""
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


def encode_names(table: PersonNames, preamble: Iterable[str] = ()) -> bytes:
    """The shipped file's bytes: `# ` comment lines (the source and its licence), the header, then one
    tab-separated line per name, sorted, with its given-name and surname rank (empty when it is not one);
    gzip-compressed with no name and no time stamp, so the same table gives the same bytes."""
    lines = [f"# {line}" for line in preamble]
    lines.append("\t".join(PERSON_NAMES_HEADER))
    for name in sorted(table.given.keys() | table.surname.keys()):
        if not name or "\t" in name or "\n" in name or name.startswith("#"):
            raise ValueError(f"a name the file cannot hold: {name!r}")
        lines.append(f"{name}\t{table.given.get(name, '')}\t{table.surname.get(name, '')}")
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def read_names(path: Path = PERSON_NAMES_FILE) -> PersonNames:
    """The table of a file encode_names wrote; NamesDataError names the file (and the line) when it cannot be read."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise NamesDataError(f"{path}: cannot read the person-names table (scripts/derive_person_names.py "
                             f"derives it): {exc}") from exc
    lines = text.split("\n")
    first = 0
    while first < len(lines) and lines[first].startswith("#"):
        first += 1
    if first == len(lines) or tuple(lines[first].split("\t")) != PERSON_NAMES_HEADER:
        raise NamesDataError(f"{path}, line {first + 1}: expected the header {list(PERSON_NAMES_HEADER)}")
    if lines[-1] == "":
        lines.pop()
    given: dict[str, int] = {}
    surname: dict[str, int] = {}
    for number in range(first + 1, len(lines)):
        try:
            name, g, s = lines[number].split("\t")
            if g:
                given[name] = int(g)
            if s:
                surname[name] = int(s)
        except ValueError:
            raise NamesDataError(f"{path}, line {number + 1}: expected a name, a given-name rank and a surname "
                                 f"rank, got {lines[number][:80]!r}") from None
    if not given or not surname:
        raise NamesDataError(f"{path}: no names in the person-names table")
    return PersonNames(given, surname)


def person_names(lexicons: Lexicons) -> PersonNames:
    """The shipped table (build with `lexicons.compiled(person_names)`: read once per pipeline)."""
    return read_names(PERSON_NAMES_FILE)
