"""Event triggers: lexicon phrases that name what happened, with the cues that negate or demote them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.extract.matcher import PhraseList, PhraseMatcher, WordFilter, trie
from events.lexicon import Lexicons, expand_all


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    id: str
    kind: str  # fixed | attack | protest | territory | label | none
    event_type: str
    sub_event_type: str
    priority: int
    plover_event: str
    plover_mode: str
    cameo: str


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
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
    earlier: tuple[str, ...]
    earlier_window: int
    generic: tuple[str, ...]
    generic_window: int
    state: tuple[str, ...]
    state_window: int
    intervention: PhraseList
    arrests: PhraseList
    security: PhraseList
    protest_violence: PhraseList
    excessive_force: PhraseList


def trigger_entries(lexicons: Lexicons) -> dict[str, TriggerEntry]:
    """triggers.csv by id (build with `lexicons.compiled(trigger_entries)`)."""
    return {row["id"]: TriggerEntry(row["id"], row["kind"], row["event_type"], row["sub_event_type"],
                                    int(row["priority"]), row["plover_event"], row["plover_mode"], row["cameo"])
            for row in lexicons.csv("triggers.csv")}


def trigger_words(lexicons: Lexicons) -> frozenset[str]:
    """The one-word trigger forms, lower case (build with `lexicons.compiled(trigger_words)`): words the
    extractors read as vocabulary, which restoring the case of a text in capitals never makes a name."""
    return frozenset(form.lower() for row in lexicons.csv("triggers.csv") if row["kind"] != "none"
                     for form in expand_all(row["patterns"]) if " " not in form)


def trigger_matcher(lexicons: Lexicons) -> PhraseMatcher[TriggerEntry]:
    entries = lexicons.compiled(trigger_entries)
    phrases = [(form, entries[row["id"]]) for row in lexicons.csv("triggers.csv")
               for form in expand_all(row["patterns"])]
    return PhraseMatcher.build(phrases)


_SIZE = re.compile(r"\[size\s*=[^\]]*\]", re.I)


def size_tag(sentence: str, lexicons: Lexicons) -> TriggerMention | None:
    """ACLED's notes tag every demonstration with its crowd size ("[size=no report]"): a note that names no
    other event is a demonstration, found by the tag (rule trg.protest+acled.size)."""
    m = _SIZE.search(sentence)
    if m is None:
        return None
    return TriggerMention(m.start(), m.end(), m.group(), lexicons.compiled(trigger_entries)["trg.protest"], None)


def cues(lexicons: Lexicons) -> Cues:
    """The cue lists of cues.toml (build with `lexicons.compiled(cues)`)."""
    data = lexicons.toml("cues.toml")
    return Cues(
        negation=tuple(data["negation"]["before"]),
        negation_window=int(data["negation"]["window"]),
        modality=tuple(data["modality"]["before"]),
        modality_window=int(data["modality"]["window"]),
        reference=tuple(data["reference"]["before"]),
        reference_window=int(data["reference"]["window"]),
        earlier=tuple(data["earlier"]["before"]),
        earlier_window=int(data["earlier"]["window"]),
        generic=tuple(data["generic"]["before"]),
        generic_window=int(data["generic"]["window"]),
        state=tuple(data["state"]["after"]),
        state_window=int(data["state"]["window"]),
        intervention=PhraseList.build("cue.intervention", data["intervention"]["words"]),
        arrests=PhraseList.build("cue.intervention.arrests", data["intervention"]["arrests"]),
        security=PhraseList.build("cue.intervention.by", data["intervention"]["by"]),
        protest_violence=PhraseList.build("cue.protest_violence", data["protest_violence"]["words"]),
        excessive_force=PhraseList.build("cue.excessive_force", data["excessive_force"]["words"]),
    )


_WORD = re.compile(r"[\w'’-]+")
_PARENS = re.compile(r"\([^()]*\)")
# [;:]|,\s(?:but|while|and)\s|\bwhich\b|\bwho\b, spelt so that every branch opens on a literal character: the
# engine then skips ahead to those characters instead of trying each branch at every position (5x faster).
_CLAUSE_BREAK = re.compile(r";|:|,\s(?:but|while|and)\s|w(?<=\bw)h(?:ich|o)\b")
_PUNCTUATION = re.compile(r"[;:,.]")


def find_triggers(sentence: str, lexicons: Lexicons) -> list[TriggerMention]:
    found = []
    for m in lexicons.compiled(trigger_matcher).find(sentence):
        if m.payload.kind == "none":
            continue
        if m.payload.kind == "label" and (sentence[:m.start].strip() or not sentence.startswith(":", m.end)):
            continue  # ACLED's category word counts only as the note's label: "Looting: On 4 May, ..."
        found.append(TriggerMention(m.start, m.end, m.text, m.payload,
                                    _blocked(sentence, m.start, lexicons) or _ongoing(sentence, m.end, lexicons)
                                    or _adjectival(sentence, m.start, m.end, m.text)))
    return found


# Grammar, not vocabulary: what makes a participle an adjective or a noun ("the injured", "12 kidnapped
# passengers"), which names people, not an incident
_DETERMINER_BEFORE = re.compile(r"\b(?:the|these|those|his|her|their|its|our)\s+$", re.I)
_COUNT_BEFORE = re.compile(r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|"
                           r"several|many|some))\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?!(?:in|at|on|near|by|during|after|before|when|while|as|and|or|but|from|across|"
                         r"over|for|amid|including|later|since|with|without|to|into|inside|outside)\b)"
                         r"[a-z][a-z-]+\b(?<!ly)")


def _adjectival(sentence: str, start: int, end: int, text: str) -> str | None:
    """A participle used as an adjective or a noun ("the injured in Maiduguri", "rescued 12 kidnapped
    passengers"): it names people an incident harmed, not an incident of the sentence (cue.adjectival, a grammar
    rule)."""
    if not text.endswith("ed") or " " in text:
        return None
    head = sentence[max(0, start - 20):start]
    if _DETERMINER_BEFORE.search(head):
        return "cue.adjectival"
    # before a noun: after a count ("12 kidnapped passengers") or opening the sentence ("Kidnapped pupils regained
    # freedom")
    if (_COUNT_BEFORE.search(head) or not sentence[:start].strip(" \"'\u201c\u2018")) \
            and _NOUN_AFTER.match(sentence, end):
        return "cue.adjectival"
    return None


def _blocked(sentence: str, start: int, lexicons: Lexicons) -> str | None:
    """Negation or modality in the few words before the trigger (same clause, parentheses aside)."""
    head = sentence[:start]
    clause = _CLAUSE_BREAK.split(_PARENS.sub(" ", head) if "(" in head else head)[-1]
    hint, windows = lexicons.compiled(_before_cues)
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


def _ongoing(sentence: str, end: int, lexicons: Lexicons) -> str | None:
    """"fighting ... has continued": the trigger names a situation, not an incident."""
    hint, w = lexicons.compiled(_state_cue)
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


def _before_cues(lexicons: Lexicons) -> tuple[WordFilter, tuple[_Window, ...]]:
    c = lexicons.compiled(cues)
    return _hint(c.negation, c.modality, c.reference, c.earlier, c.generic), (
        _Window.of(c.negation_window, c.negation, "cue.negation"),
        _Window.of(c.modality_window, c.modality, "cue.modality"),
        _Window.of(c.reference_window, c.reference, "cue.reference"),
        _Window.of(c.earlier_window, c.earlier, "cue.earlier"),
        _Window.of(c.generic_window, c.generic, "cue.generic"))


def _state_cue(lexicons: Lexicons) -> tuple[WordFilter, _Window]:
    c = lexicons.compiled(cues)
    return _hint(c.state), _Window.of(c.state_window, c.state, "cue.state")


def _spaced(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the phrases between spaces, as written (case matters: "May" is no modal)."""
    return re.compile(rf" {trie(phrases)} ")
