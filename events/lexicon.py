"""The rule files (events/lexicons/: versioned CSV and TOML with an id per entry) and the `Lexicons` value
that reads them once and keeps what each extractor compiles from them.

`Pipeline` owns one `Lexicons` and passes it down to the extractors, as spaCy's SpanRuler owns its patterns:
nothing here or in the extractors keeps lexicon data at module level, so a test can run the pipeline with a
variant (one entry removed, one added) next to the default, in the same process.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import tomllib

from events.errors import LexiconError

T = TypeVar("T")
_BRACES = re.compile(r"\{([^{}]*)\}")


def bundled_folder() -> Traversable:
    """The lexicons shipped with the package."""
    return resources.files("events").joinpath("lexicons")


class Lexicons:
    """The rule files of one folder, each read once, and the matchers and tables built from them.

    `Lexicons()` reads the bundled files; `Lexicons(folder)` a folder the caller names (a copy to edit, say).
    Extractors ask for what they compile with `compiled(build)`: `build(lexicons)` runs on first use and its
    result is kept with this value, so a long import compiles each matcher once, and two values never share.
    Pickles as its folder: a worker process compiles its own copy on first use.
    """

    def __init__(self, folder: Path | Traversable | None = None) -> None:
        self.folder: Path | Traversable = bundled_folder() if folder is None else folder
        self._tomls: dict[str, dict[str, Any]] = {}
        self._csvs: dict[str, tuple[dict[str, str], ...]] = {}
        self._lists: dict[str, dict[str, WordList]] = {}
        self._fingerprint: str | None = None
        self._compiled: dict[Callable[[Lexicons], Any], Any] = {}

    def __repr__(self) -> str:
        return f"Lexicons({str(self.folder)!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["folder"])  # type: ignore[misc]

    @property
    def bundled(self) -> bool:
        """Whether these are the lexicons shipped with the package (which EXTRACTOR_VERSION stands for)."""
        return str(self.folder) == str(bundled_folder())

    def fingerprint(self) -> str:
        """A digest of every rule file of the folder (names and bytes): equal folders, equal fingerprints."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for entry in sorted(self.folder.iterdir(), key=lambda e: e.name):
                if entry.name.endswith((".csv", ".toml")):
                    digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes() + b"\0")
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    def version_of(self, extractor_version: str) -> str:
        """The extractor version of a pipeline using these lexicons: the release's own for the bundled ones,
        else marked with the folder's fingerprint, so that articles extracted with other rules are extracted
        again on the next import and their events get other ids."""
        return extractor_version if self.bundled else f"{extractor_version}+lexicons.{self.fingerprint()[:12]}"

    def text(self, name: str) -> str:
        try:
            return self.folder.joinpath(name).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise LexiconError(f"lexicon {name}: no such file in {self.folder}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"lexicon {name}: cannot be read ({exc})") from exc

    def toml(self, name: str) -> dict[str, Any]:
        """A TOML lexicon, parsed once."""
        if name not in self._tomls:
            try:
                self._tomls[name] = tomllib.loads(self.text(name))
            except tomllib.TOMLDecodeError as exc:
                raise LexiconError(f"lexicon {name}: {exc}") from exc
        return self._tomls[name]

    def csv(self, name: str) -> tuple[dict[str, str], ...]:
        """Rows of a CSV lexicon, read once; lines starting with '#' are comments (the file's own documentation)."""
        if name not in self._csvs:
            self._csvs[name] = _csv_rows(name, self.text(name))
        return self._csvs[name]

    def word_lists(self, name: str) -> dict[str, WordList]:
        """The `[[list]]` tables of a TOML lexicon by id: the word lists and pattern lists rules are built from."""
        if name not in self._lists:
            self._lists[name] = _word_lists(name, self.toml(name).get("list", []))
        return self._lists[name]

    def word_list(self, name: str, list_id: str) -> WordList:
        """One `[[list]]` of a TOML lexicon; a missing id is a LexiconError naming file and id."""
        try:
            return self.word_lists(name)[list_id]
        except KeyError:
            raise LexiconError(f"lexicon {name}: no list with id {list_id!r}") from None

    def compiled(self, build: Callable[[Lexicons], T]) -> T:
        """What `build` makes of these lexicons, made on the first call and kept: the extractors' matchers,
        tables and cue lists. `build` is a module-level function, so it is the same key at every call."""
        try:
            value: T = self._compiled[build]
        except KeyError:
            value = self._compiled[build] = build(self)
        return value


@dataclass(frozen=True)
class WordList:
    """A list of a lexicon file with its id: literal phrases (`words`), or regex fragments (`patterns`) for
    forms a phrase cannot say ("exchang\\w* fire"). The code around it says where the list must stand (before a
    name, after a trigger); the list says what counts there, and its id is the rule `events explain` names."""

    id: str
    items: tuple[str, ...]
    regex: bool  # items are regex fragments, not literal phrases

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __contains__(self, item: object) -> bool:
        return item in self.items

    def alternation(self) -> str:
        """A non-capturing group matching any item, in the file's order (the order a regex tries them in)."""
        return "(?:" + "|".join(item if self.regex else re.escape(item) for item in self.items) + ")"


def _word_lists(name: str, tables: list[dict[str, Any]]) -> dict[str, WordList]:
    lists: dict[str, WordList] = {}
    for number, table in enumerate(tables, start=1):
        list_id = table.get("id")
        if not isinstance(list_id, str) or not list_id:
            raise LexiconError(f"lexicon {name}: list {number} has no id")
        if list_id in lists:
            raise LexiconError(f"lexicon {name}: list id {list_id!r} is used twice")
        words, patterns = table.get("words"), table.get("patterns")
        if (words is None) == (patterns is None):
            raise LexiconError(f"lexicon {name}: list {list_id} needs either words or patterns")
        items = words if words is not None else patterns
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
            raise LexiconError(f"lexicon {name}: list {list_id} must hold non-empty strings")
        if patterns is not None:
            for item in items:
                try:
                    re.compile(item)
                except re.error as exc:
                    raise LexiconError(f"lexicon {name}: list {list_id}: bad pattern {item!r}: {exc}") from exc
        lists[list_id] = WordList(list_id, tuple(items), patterns is not None)
    return lists


def _csv_rows(name: str, text: str) -> tuple[dict[str, str], ...]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        if None in row or any(value is None for value in row.values()):
            raise LexiconError(f"lexicon {name}: row {number} has the wrong number of fields")
        rows.append({key: value.strip() for key, value in row.items()})
    return tuple(rows)


def expand(pattern: str) -> list[str]:
    """Brace expansion: 'attack{,s,ed}' -> ['attack', 'attacks', 'attacked']; several groups multiply."""
    parts = _BRACES.split(pattern)
    literals, choices = parts[0::2], [group.split(",") for group in parts[1::2]]
    out = []
    for combo in itertools.product(*choices):
        text = literals[0] + "".join(c + lit for c, lit in zip(combo, literals[1:], strict=True))
        out.append(re.sub(r"\s+", " ", text).strip())
    return out


def expand_all(patterns: str) -> list[str]:
    return [form for pattern in patterns.split("|") if pattern.strip() for form in expand(pattern.strip())]


# Letters that re.IGNORECASE equates with ASCII ones but lower() keeps apart (İ, ı, ſ; the Kelvin sign lowers
# to "k" already): a pattern built from lexicon forms matches "ſhot" or "kılled", so the key read from the
# match, and the phrase matchers that search lowered text, read them as those letters. One character each:
# offsets carry over.
LOOK_ALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def without_look_alikes(text: str) -> str:
    """`text` with the LOOK_ALIKES read as their ASCII letters. str.translate walks a text that is not ASCII one
    character at a time through its table (some 25 us for a sentence with one curly quote): three scans for the
    three letters, which most texts lack, come first."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:
        return text.translate(LOOK_ALIKES)
    return text


def form_key(text: str) -> str:
    """The lexicon key of a form's match: lower case, words joined by one space."""
    return " ".join((text if text.isascii() else without_look_alikes(text)).lower().split())
