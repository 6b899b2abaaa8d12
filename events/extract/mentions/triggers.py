"""Event triggers: lexicon phrases that name what happened, with the cues that negate or demote them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from events.extract.matcher import PhraseMatcher, WordFilter
from events.lexicon import expand_all, read_csv, read_toml


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    id: str
    kind: str  # fixed | attack | protest
    event_type: str
    sub_event_type: str
    priority: int
    plover_event: str
    plover_mode: str
    cameo: str


@dataclass(frozen=True, slots=True)
class TriggerMention:
    start: int  # offsets into the sentence
    end: int
    text: str
    entry: TriggerEntry
    blocked_by: str | None  # the cue rule id that makes this no event (negation, modality), else None


@dataclass(frozen=True, slots=True)
class Cues:
    negation: tuple[str, ...]
    negation_window: int
    modality: tuple[str, ...]
    modality_window: int
    reference: tuple[str, ...]
    reference_window: int
    state: tuple[str, ...]
    state_window: int
    intervention: tuple[str, ...]
    arrests: tuple[str, ...]
    security: tuple[str, ...]
    protest_violence: tuple[str, ...]
    excessive_force: tuple[str, ...]


@cache
def trigger_entries() -> dict[str, TriggerEntry]:
    return {row["id"]: TriggerEntry(row["id"], row["kind"], row["event_type"], row["sub_event_type"],
                                    int(row["priority"]), row["plover_event"], row["plover_mode"], row["cameo"])
            for row in read_csv("triggers.csv")}


@cache
def trigger_matcher() -> PhraseMatcher[TriggerEntry]:
    entries = trigger_entries()
    phrases = [(form, entries[row["id"]]) for row in read_csv("triggers.csv") for form in expand_all(row["patterns"])]
    return PhraseMatcher.build(phrases)


_SIZE = re.compile(r"\[size\s*=[^\]]*\]", re.I)


def size_tag(sentence: str) -> TriggerMention | None:
    """ACLED's notes tag every demonstration with its crowd size ("[size=no report]"): a note that names no
    other event is a demonstration, found by the tag (rule trg.protest+acled.size)."""
    m = _SIZE.search(sentence)
    if m is None:
        return None
    return TriggerMention(m.start(), m.end(), m.group(), trigger_entries()["trg.protest"], None)


@cache
def cues() -> Cues:
    data = read_toml("cues.toml")
    return Cues(
        negation=tuple(data["negation"]["before"]),
        negation_window=int(data["negation"]["window"]),
        modality=tuple(data["modality"]["before"]),
        modality_window=int(data["modality"]["window"]),
        reference=tuple(data["reference"]["before"]),
        reference_window=int(data["reference"]["window"]),
        state=tuple(data["state"]["after"]),
        state_window=int(data["state"]["window"]),
        intervention=tuple(data["intervention"]["words"]),
        arrests=tuple(data["intervention"]["arrests"]),
        security=tuple(data["intervention"]["by"]),
        protest_violence=tuple(data["protest_violence"]["words"]),
        excessive_force=tuple(data["excessive_force"]["words"]),
    )


_WORD = re.compile(r"[\w'’-]+")
_PARENS = re.compile(r"\([^()]*\)")
# [;:]|,\s(?:but|while|and)\s|\bwhich\b|\bwho\b, spelt so that every branch opens on a literal character: the
# engine then skips ahead to those characters instead of trying each branch at every position (5x faster).
_CLAUSE_BREAK = re.compile(r";|:|,\s(?:but|while|and)\s|w(?<=\bw)h(?:ich|o)\b")
_PUNCTUATION = re.compile(r"[;:,.]")


def find_triggers(sentence: str) -> list[TriggerMention]:
    found = []
    for m in trigger_matcher().find(sentence):
        if m.payload.kind == "none":
            continue
        found.append(TriggerMention(m.start, m.end, m.text, m.payload,
                                    _blocked(sentence, m.start) or _ongoing(sentence, m.end)))
    return found


def _blocked(sentence: str, start: int) -> str | None:
    """Negation or modality in the few words before the trigger (same clause, parentheses aside)."""
    head = sentence[:start]
    clause = _CLAUSE_BREAK.split(_PARENS.sub(" ", head) if "(" in head else head)[-1]
    hint, windows = _before_cues()
    if not hint.may_match(clause):
        return None
    # Case stays as written: "May" the month is not "may" the modal, "No" opening a name is rare.
    words = _WORD.findall(clause)
    if words and head.lstrip().startswith(words[0]):
        words[0] = words[0].lower()
    for w in windows:
        tail = words[-w.size:]
        if not w.firsts.isdisjoint(tail) and w.pattern.search(" " + " ".join(tail) + " "):
            return w.rule
    return None


def _ongoing(sentence: str, end: int) -> str | None:
    """"fighting ... has continued": the trigger names a situation, not an incident."""
    hint, w = _state_cue()
    stop = _PUNCTUATION.search(sentence, end)
    clause = sentence[end:stop.start()] if stop else sentence[end:]
    if not hint.may_match(clause):
        return None
    words = _WORD.findall(clause.lower())[:w.size]
    return w.rule if not w.firsts.isdisjoint(words) and w.pattern.search(" " + " ".join(words) + " ") else None


@dataclass(frozen=True, slots=True)
class _Window:
    """A cue list looked for in the few words next to a trigger, as words joined by single spaces."""
    size: int
    firsts: frozenset[str]  # the words a match starts on: most windows hold none of them
    pattern: re.Pattern[str]
    rule: str

    @classmethod
    def of(cls, size: int, phrases: tuple[str, ...], rule: str) -> _Window:
        return cls(size, frozenset(p.split(" ")[0] for p in phrases), _spaced(phrases), rule)


def _hint(*lists: tuple[str, ...]) -> WordFilter:
    """A match needs every word of its phrase in the clause: one that holds no phrase's longest word (in any
    case) is no match, and most clauses are spared the split into words."""
    return WordFilter.build(max(p.split(" "), key=len) for phrases in lists for p in phrases)


@cache
def _before_cues() -> tuple[WordFilter, tuple[_Window, ...]]:
    c = cues()
    return _hint(c.negation, c.modality, c.reference), (_Window.of(c.negation_window, c.negation, "cue.negation"),
                                                        _Window.of(c.modality_window, c.modality, "cue.modality"),
                                                        _Window.of(c.reference_window, c.reference, "cue.reference"))


@cache
def _state_cue() -> tuple[WordFilter, _Window]:
    c = cues()
    return _hint(c.state), _Window.of(c.state_window, c.state, "cue.state")


@cache
def _spaced(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the phrases between spaces, as written (case matters: "May" is no modal)."""
    return re.compile(rf" {_trie(phrases)} ")


def has_cue(sentence: str, phrases: tuple[str, ...]) -> str | None:
    """The first of `phrases` found in the sentence (as whole words, any case), else None."""
    if not _cue_filter(phrases).may_match(sentence) or any_phrase(phrases).search(sentence) is None:
        return None  # most sentences hold none of the phrases
    m = phrase_pattern(phrases).search(sentence)
    return m.group(0).lower() if m else None


@cache
def _cue_filter(phrases: tuple[str, ...]) -> WordFilter:
    """Whether a text holds a phrase in any case: an Aho-Corasick scan says no faster than the regex."""
    return WordFilter.build(phrases)


@cache
def any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whether and where any of the phrases stands in a text, as a whole word in any case: it matches where
    `phrase_pattern` does, but which phrase it reports may differ."""
    return re.compile(rf"\b{_trie(phrases)}\b", re.I)


def _trie(phrases: Iterable[str]) -> str:
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


@cache
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation per cue list: a sentence is scanned once, not once per phrase."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b", re.I)
