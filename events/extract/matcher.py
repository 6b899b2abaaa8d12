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

    def __init__(self, automaton: ahocorasick.Automaton) -> None:
        self._automaton = automaton

    @classmethod
    def build(cls, phrases: Iterable[tuple[str, T]]) -> PhraseMatcher[T]:
        automaton = ahocorasick.Automaton()
        for phrase, payload in phrases:
            key = phrase.lower()
            existing = automaton.get(key, [])
            automaton.add_word(key, [*existing, (phrase, payload)])
        automaton.make_automaton()
        return cls(automaton)

    def find(self, text: str) -> list[Match[T]]:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered; keep offsets exact
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found: list[Match[T]] = []
        for end_index, entries in self._automaton.iter(lowered):
            end = end_index + 1
            for phrase, payload in entries:
                start = end - len(phrase)
                if not _bounded(lowered, start, end) or not _case_ok(phrase, text, start, end):
                    continue
                found.append(Match(start, end, text[start:end], payload))
                break
        return _longest_first(found)


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
        if self._automaton is None or _CASE_PAIRS.search(text):
            return True
        return next(self._automaton.iter(text.lower()), None) is not None


# The only letters re.IGNORECASE equates with ASCII ones that lower() does not turn into them: İ, ı, ſ, K.
_CASE_PAIRS = re.compile("[\u0130\u0131\u017f\u212a]")


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _case_ok(phrase: str, text: str, start: int, end: int) -> bool:
    if phrase != phrase.lower():
        return text[start:end] == phrase
    if text[start].isupper():
        # A lower-case phrase capitalised mid-sentence is a name ("March", "Grad"), not the word.
        prefix = text[:start].rstrip(" \"'“‘(")
        return not prefix or prefix.endswith((".", "!", "?", ":", "\n"))
    return True


def _longest_first(matches: list[Match[T]]) -> list[Match[T]]:
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Match[T]] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= o.start or m.start >= o.end for o in out):
            out.append(m)
    out.sort(key=lambda m: m.start)
    return out
