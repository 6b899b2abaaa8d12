"""Multi-pattern phrase matching (Aho-Corasick) with word boundaries and a case policy."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    start: int
    end: int
    text: str
    payload: T


class PhraseMatcher(Generic[T]):
    """Finds lexicon phrases in text: longest, leftmost, non-overlapping, on word boundaries.

    A phrase written in lower case matches any case but a capitalised word in mid-sentence ("march" is
    not "March"); a phrase with capitals ("IED", "Grad") matches only as written. Build with `build`.
    """

    def __init__(self, automaton: ahocorasick.Automaton,
                 words: BoundedKeys[list[tuple[str, T]]] | None = None) -> None:
        self._automaton = automaton
        self._words = words  # the automaton's keys on word boundaries, a faster scan; None: scan `automaton`

    @classmethod
    def build(cls, phrases: Iterable[tuple[str, T]]) -> PhraseMatcher[T]:
        automaton = ahocorasick.Automaton()
        for phrase, payload in phrases:
            key = phrase.lower()
            existing = automaton.get(key, [])
            automaton.add_word(key, [*existing, (phrase, payload)])
        automaton.make_automaton()
        entries: list[tuple[str, list[tuple[str, T]]]] = list(automaton.items())
        # offsets are counted on the phrase: a phrase that changes length when lowered needs the plain scan
        same = all(len(phrase) == len(key) for key, group in entries for phrase, _ in group)
        return cls(automaton, BoundedKeys.build(entries) if same else None)

    def find(self, text: str) -> list[Match[T]]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered; keep offsets exact
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        if self._words is None:
            found = self._scan(text, lowered)
        else:
            found = []
            for start, end, group in self._words.find(lowered):
                for phrase, payload in group:
                    if _case_ok(phrase, text, start, end):
                        found.append(Match(start, end, text[start:end], payload))
                        break
        return _longest_first(found) if len(found) > 1 else found

    def _scan(self, text: str, lowered: str) -> list[Match[T]]:
        found: list[Match[T]] = []
        size = len(lowered)
        for end_index, entries in self._automaton.iter(lowered):
            end = end_index + 1
            if end < size and ((after := lowered[end]).isalnum() or after == "_"):
                continue
            for phrase, payload in entries:
                start = end - len(phrase)
                if start > 0 and ((before := lowered[start - 1]).isalnum() or before == "_"):
                    continue
                if not _case_ok(phrase, text, start, end):
                    continue
                found.append(Match(start, end, text[start:end], payload))
                break
        return found


class BoundedKeys(Generic[T]):
    """Finds keys where they stand as whole words: the characters around a hit are no word characters (letters,
    digits and, with `underscore`, "_") or the ends of the text. Case and accents are the caller's business.

    Keys are looked for as " <key> " in " <text> " with every non-word character blanked: hits inside words
    ("is" in "this") never surface, and the scan runs about twice as fast as over the bare text. A key holding
    non-word characters (spaces, hyphens, apostrophes) is checked against the text itself.
    """

    def __init__(self, automaton: ahocorasick.Automaton, underscore: bool) -> None:
        self._automaton = automaton
        self._table = _WORD_BYTES[underscore]
        self._non_word = _NON_WORD[underscore]

    @classmethod
    def build(cls, keys: Iterable[tuple[str, T]], underscore: bool = True) -> BoundedKeys[T]:
        """Each key once, with its value; an empty key is never found."""
        table, non_word = _WORD_BYTES[underscore], _NON_WORD[underscore]
        grouped: dict[str, list[tuple[int, str | None, T]]] = {}
        for key, value in keys:
            if key:
                blanked = _blank(key, table, non_word)
                check = key if blanked != key or " " in key else None
                grouped.setdefault(f" {blanked} ", []).append((len(key), check, value))
        automaton = ahocorasick.Automaton()
        for padded, group in grouped.items():
            automaton.add_word(padded, tuple(group))
        automaton.make_automaton()
        return cls(automaton, underscore)

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """Every hit as (start, end, value), by end."""
        found: list[tuple[int, int, T]] = []
        for last, group in self._automaton.iter(f" {_blank(text, self._table, self._non_word)} "):
            end = last - 1
            for length, key, value in group:
                start = end - length
                if key is None or text[start:end] == key:
                    found.append((start, end, value))
        return found


# Word characters kept, others as spaces, for ASCII text (bytes.translate is several times faster than
# str.translate) and for the rest; indexed by `underscore`. \W is exactly "not isalnum() and not _".
_WORD_BYTES = tuple(bytes(c if chr(c).isalnum() or (keep and c == 95) else 32 for c in range(256))
                    for keep in (False, True))
_NON_WORD = (re.compile(r"[\W_]"), re.compile(r"\W"))


def _blank(text: str, table: bytes, non_word: re.Pattern[str]) -> str:
    return text.encode().translate(table).decode() if text.isascii() else non_word.sub(" ", text)


class WordFilter:
    """A quick test to run before a costly case-insensitive pattern: whether the text holds, in any case, one of
    the words every match contains. It never says no where the pattern would match (a test, not a matcher)."""

    def __init__(self, automaton: ahocorasick.Automaton | None) -> None:
        self._automaton = automaton

    @classmethod
    def build(cls, words: Iterable[str]) -> WordFilter:
        automaton = ahocorasick.Automaton()
        for word in words:
            if not word.isascii():  # lower() and re.IGNORECASE may pair other letters differently: no filter
                return cls(None)
            automaton.add_word(word.lower(), word)
        automaton.make_automaton()
        return cls(automaton)

    def may_match(self, text: str) -> bool:
        if self._automaton is None or (not text.isascii() and _CASE_PAIRS.search(text)):  # isascii: no such pair
            return True
        return next(self._automaton.iter(text.lower()), None) is not None


# The only letters re.IGNORECASE equates with ASCII ones that lower() does not turn into them: İ, ı, ſ, K.
_CASE_PAIRS = re.compile("[\u0130\u0131\u017f\u212a]")


def _case_ok(phrase: str, text: str, start: int, end: int) -> bool:
    if phrase != phrase.lower():
        return text[start:end] == phrase
    if text[start].isupper():
        # A lower-case phrase capitalised mid-sentence is a name ("March", "Grad"), not the word.
        prefix = text[:start].rstrip(" \"'“‘(")
        return not prefix or prefix.endswith((".", "!", "?", ":", "\n"))
    return True


def _longest_first(matches: list[Match[T]]) -> list[Match[T]]:
    out: list[Match[T]] = []  # spans are distinct (one per phrase end and length): the order below is total
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= o.start or m.start >= o.end for o in out):
            out.append(m)
    out.sort(key=lambda m: m.start)
    return out
