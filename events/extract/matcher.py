"""Multi-pattern matching (Aho-Corasick): lexicon phrases on word boundaries with a case policy (PhraseMatcher),
whole-word keys (BoundedKeys), any-word prefilters (WordFilter), cue lists compiled once (PhraseList) and where
regexes may start (Scanner)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

import ahocorasick

from events.lexicon import without_look_alikes

T = TypeVar("T")


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
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
        lowered = lowered_in_place(text)
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


def lowered_in_place(text: str) -> str:
    """Lower case as the lexicons' patterns read it (re.IGNORECASE), one character for one so offsets carry
    over: "ſ", "ı" and "İ" as "s", "i" and "i"; a character whose lower case is longer stays as it is."""
    if text.isascii():
        return text.lower()
    text = without_look_alikes(text)
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


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
        # lowered_in_place turns every letter re.IGNORECASE equates with an ASCII one into that letter
        return self._automaton is None or next(self._automaton.iter(lowered_in_place(text)), None) is not None


@dataclass(frozen=True)
class PhraseList:
    """A cue list of a lexicon, compiled once: whether, which and where its phrases stand in a text, as whole
    words in any case. `rule` is the lexicon id that `events explain` names when the list decides something."""

    rule: str
    phrases: tuple[str, ...]
    words: WordFilter  # an Aho-Corasick scan says "none of them" faster than the regex
    anywhere: re.Pattern[str]  # matches where `longest` does, but which phrase it reports may differ
    longest: re.Pattern[str]  # one alternation, longest phrase first: reports the phrase a reader sees

    @classmethod
    def build(cls, rule: str, phrases: Iterable[str]) -> PhraseList:
        listed = tuple(phrases)
        ordered = sorted(listed, key=len, reverse=True)
        return cls(rule, listed, WordFilter.build(listed), re.compile(rf"\b{trie(listed)}\b", re.I),
                   re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b", re.I))

    def first(self, text: str) -> str | None:
        """The first of the phrases found in the text (lower case), else None."""
        if not self.words.may_match(text) or self.anywhere.search(text) is None:
            return None  # most sentences hold none of the phrases
        m = self.longest.search(text)
        return m.group(0).lower() if m else None

    def position(self, text: str) -> int | None:
        """Where the first of the phrases starts in the text, else None."""
        if not self.words.may_match(text):
            return None  # most texts hold none of the phrases, and the scan says so sooner than the search
        m = self.anywhere.search(text)
        return m.start() if m else None


def trie(phrases: Iterable[str]) -> str:
    """A regex group that matches exactly the phrases (their characters as written), factored into a trie:
    Python's engine tries every branch of a flat alternation at every position, of a trie only one."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def branches(node: dict[str, Any]) -> str:
        options = [re.escape(char) + branches(child) for char, child in sorted(node.items()) if char]
        if not options:
            return ""
        body = f"(?:{'|'.join(options)})"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{branches(root)})"


_DATELINE_REACH = 40  # characters a dateline's city, date and bracketed agency take at most


def _case_ok(phrase: str, text: str, start: int, end: int) -> bool:
    if phrase != phrase.lower():
        return text[start:end] == phrase
    if text[start].isupper():
        # A lower-case phrase capitalised mid-sentence is a name ("March", "Grad"), not the word. After a dateline's
        # dash or its closing bracket the text opens ("KANO (AP) — Clashes erupted", "Khartoum, June 30(SUNA)Clashes").
        prefix = text[:start].rstrip(" \"'“‘(")
        return not prefix or prefix.endswith((".", "!", "?", ":", "\n", "\u2014", "\u2013", "-")) or (
            prefix.endswith(")") and len(prefix) <= _DATELINE_REACH)
    return True


def _longest_first(matches: list[Match[T]]) -> list[Match[T]]:
    out: list[Match[T]] = []  # spans are distinct (one per phrase end and length): the order below is total
    # the kept spans never overlap, so in order of start their ends rise too: the one kept span that may overlap
    # a candidate is the last that starts before the candidate ends (a bisection, not a scan of all kept spans,
    # which made a sentence of many matches quadratic)
    kept: list[tuple[int, int]] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        i = bisect.bisect_left(kept, (m.end, -1))
        if i == 0 or kept[i - 1][1] <= m.start:
            kept.insert(i, (m.start, m.end))
            out.append(m)
    out.sort(key=lambda m: m.start)
    return out


Starts = dict[str, set[int]]  # where each pattern of a Scanner may match in one text


class Scanner:
    """Case-insensitive patterns tried only where one of their keys stands, all keys found in one Aho-Corasick
    pass: the regex engine tries a whole pattern at every position, and most sentences hold few keys. A key is how
    some of a pattern's matches start, lower-cased (a space in it stands for one space); every match starts with
    one of its keys, or where its `extra` pattern matches, and none is empty. A pattern with a key that does not start
    with an ASCII character is scanned whole. Build with `build`."""

    def __init__(self, patterns: dict[str, re.Pattern[str]], automata: tuple[ahocorasick.Automaton, ...],
                 extra: Mapping[str, re.Pattern[str]], whole: frozenset[str]) -> None:
        self._patterns, self._automata, self._extra, self._whole = patterns, automata, extra, whole

    @classmethod
    def build(cls, patterns: Mapping[str, tuple[re.Pattern[str], Iterable[str]]],
              extra: Mapping[str, re.Pattern[str]] | None = None) -> Scanner:
        entries: dict[str, list[tuple[str, int]]] = {}
        whole: set[str] = set()
        for name, (_, keys) in patterns.items():
            for key in {"".join(itertools.takewhile(str.isascii, k.lower())) for k in keys}:  # lower() is re.I's there
                if not key:
                    whole.add(name)
                entries.setdefault(key, []).append((name, len(key) - 1))
        entries.pop("", None)
        # a node's children are searched one by one in the order they were added: the frequent letters first, the
        # odd spaces last, and those no ASCII text holds only in the automaton for the others
        ranked = sorted([*entries.items(), *((c, []) for c in _odd_characters())],
                        key=lambda e: [_RANK.get(c, 100 + ord(c)) for c in e[0]])
        automata = tuple(ahocorasick.Automaton() for _ in range(2))
        for key, found in ranked:
            for automaton in automata if key.isascii() else automata[1:]:
                automaton.add_word(key, tuple(found))
        for automaton in automata:
            automaton.make_automaton()
        return cls({name: pattern for name, (pattern, _) in patterns.items()}, automata, extra or {}, frozenset(whole))

    def starts(self, text: str) -> Starts | None:
        """None for a text its keys cannot be trusted on (whitespace other than single spaces): there every pattern
        scans it all. Letters re.IGNORECASE pairs with ASCII ones (ı, ſ, İ) are read as those (lowered_in_place)."""
        found: Starts = {}
        for end, entries in self._automata[0 if text.isascii() else 1].iter(lowered_in_place(text)):
            if not entries:
                return None
            for name, back in entries:
                if name in found:
                    found[name].add(end - back)
                else:
                    found[name] = {end - back}
        return found

    def scan(self, name: str, text: str) -> Iterator[re.Match[str]]:
        return self.finditer(name, text, self.starts(text))

    def finditer(self, name: str, text: str, starts: Starts | None) -> Iterator[re.Match[str]]:
        """As the pattern's finditer(text); `starts` is starts(text)."""
        if starts is None or name in self._whole:
            return self._patterns[name].finditer(text)
        found = starts.get(name, ())
        if name in self._extra:  # only now: most sentences scanned never ask for these
            found = {*found, *map(re.Match.start, self._extra[name].finditer(text))}
        return matches_at(self._patterns[name], text, sorted(found)) if found else iter(())


def leading_letters(fragment: str) -> list[str] | None:
    """Scanner keys of a regex fragment read case-insensitively: the lower-case letters every match of it starts
    with, one string for each way it may start ("ha" for 'ha(?:s|ve)\\s+', "come" and "came" for '(?:comes?|came)').
    None when a way to start is not plain letters (a class, an escape, an optional group): scan such a pattern
    whole. Understands letters, non-capturing groups and alternatives; anything else after the first letters
    only ends the key."""
    keys: list[str] = []
    for branch in _branches(fragment):
        if branch.startswith("(?:"):
            end = _group_end(branch)
            if end is None or branch[end:end + 1] in ("?", "*", "{"):
                return None
            inner = leading_letters(branch[3:end - 1])
            if inner is None:
                return None
            keys += inner
            continue
        letters = _LETTERS.match(branch)
        if letters is None:
            return None
        key = letters.group()
        if branch[letters.end():letters.end() + 1] in ("?", "*", "{"):
            key = key[:-1]  # the last letter may be absent: "comes?"
        if not key:
            return None
        keys.append(key.lower())
    return keys


_LETTERS = re.compile(r"[A-Za-z]+")


def _structure(fragment: str) -> Iterator[tuple[int, str]]:
    """(index, character) of the fragment's grouping characters, "(", ")" and "|": an escaped character and a
    character class (whose brackets and bars are characters) are stepped over."""
    i = 0
    while i < len(fragment):
        c = fragment[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(fragment, i)
            continue
        if c in "()|":
            yield i, c
        i += 1


def _branches(fragment: str) -> list[str]:
    """The fragment's top-level alternatives."""
    out, depth, start = [], 0, 0
    for i, c in _structure(fragment):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            out.append(fragment[start:i])
            start = i + 1
    return [*out, fragment[start:]]


def _class_end(fragment: str, i: int) -> int:
    """The index after the character class opening at i."""
    j = i + 1
    if fragment[j:j + 1] == "^":
        j += 1
    if fragment[j:j + 1] == "]":  # a first "]" is a character
        j += 1
    while j < len(fragment) and fragment[j] != "]":
        j += 2 if fragment[j] == "\\" else 1
    return j + 1


def _group_end(fragment: str) -> int | None:
    """The index after the group that opens the fragment, None if it never closes."""
    depth = 0
    for i, c in _structure(fragment):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The pattern's matches that begin at one of `starts` (sorted), none overlapping the last, as finditer's."""
    pos = 0
    for start in starts:
        if start >= pos and (m := pattern.match(text, start)):
            yield m
            pos = m.end()


_RANK = {c: i for i, c in enumerate(" etaoinsrhdlcumwfgypbvkjxqz")}  # English letters, most frequent first


# Unicode's whitespace ends at U+3000 (ideographic space); tests check this Python agrees, so that start-up
# does not test all 1.1 million code points (45 ms in every process and worker).
LAST_SPACE = 0x3000


@cache
def _odd_characters() -> tuple[str, ...]:
    """What a key with single spaces could miss: two spaces, or another whitespace character."""
    return ("  ", *(c for c in map(chr, range(LAST_SPACE + 1)) if c.isspace() and c != " "))
