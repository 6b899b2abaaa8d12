"""Whether a sentence reports an incident of its article or only mentions violence (reporting.toml).

News tells its incident beside statistics ("more than 13,000 have been killed since 2015"), habits ("the group
often fires mortars") and earlier incidents ("it comes a week after a similar attack"). A draft from such a
sentence is kept, flagged with the list that matched and its span, and left out of the news: it is evidence,
not an event of this article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from events.extract.matcher import Scanner, Starts, leading_letters
from events.extract.text import Sentence
from events.lexicon import Lexicons, WordList

_LEXICON = "reporting.toml"
_LISTS = ("report.running-total", "report.habitual", "report.recalled", "report.proceedings", "report.release")


@dataclass(frozen=True, slots=True)
class NotReported:
    """Why a sentence reports no incident: the list's id and the span that matched (sentence offsets)."""

    rule: str
    start: int
    end: int
    text: str


_CAPTION = "report.photo-credit"
_CAPTION_SENTENCES = 4  # the longest caption, its credit included


def _scanner(lexicons: Lexicons) -> Scanner:
    """The lists' patterns and the photo credits, each tried only where one of its items may start (build with
    `lexicons.compiled(_scanner)`): a case-insensitive search tried the whole alternation at every position (13 us
    a sentence for the credits alone). One Aho-Corasick pass over a sentence serves both `captions` and
    `not_reported` (see `scan`). A credit is matched in any case, as a text in capitals restored to mixed case
    writes "(AP PHOTO/..." as "(AP photo/..."; each credit is an agency's name or a word with its slash or colon."""
    patterns: dict[str, tuple[re.Pattern[str], list[str]]] = {}
    for list_id in _LISTS:
        words = lexicons.word_list(_LEXICON, list_id)
        patterns[list_id] = (re.compile(rf"\b{words.alternation()}", re.I), _keys(words))
    credits = lexicons.word_list(_LEXICON, _CAPTION)
    patterns[_CAPTION] = (re.compile(credits.alternation(), re.I), _keys(credits))
    return Scanner.build(patterns)


def _keys(words: WordList) -> list[str]:
    """Scanner keys of a list: how its items start ("" for an item whose start is no plain letters: the list's
    pattern is then scanned whole)."""
    keys: list[str] = []
    for item in words:
        found = leading_letters(item) if words.regex else [item.lower()]
        keys += found if found is not None else [""]
    return keys


def scan(sentences: Sequence[Sentence], lexicons: Lexicons) -> dict[int, Starts | None]:
    """Where the lists and credits may match in each sentence, by sentence index: given to `captions` and
    `not_reported`, which then make no pass of their own."""
    scanner = lexicons.compiled(_scanner)
    return {s.index: scanner.starts(s.text) for s in sentences}


def captions(sentences: Sequence[Sentence], lexicons: Lexicons,
             scanned: Mapping[int, Starts | None] | None = None) -> dict[int, NotReported]:
    """The sentences of photo captions, by sentence index: a paragraph's sentences up to and including one with a
    photographer's credit ("... in Marib, Yemen February 23, 2018. REUTERS/Ali Owidha", "(AP Photo/...)"). A
    caption describes a picture, often of another day: ACLED codes no event from it. The sentences after the
    credit are the story's again (a feed may run the caption and the lead into one paragraph). `scanned`: `scan`
    of the sentences, when the caller has it."""
    scanner = lexicons.compiled(_scanner)
    out: dict[int, NotReported] = {}
    first_of_paragraph: dict[int, int] = {}
    after_credit = 0  # the sentence after the last credit
    for s in sentences:
        first_of_paragraph.setdefault(s.paragraph, s.index)
        starts = scanned[s.index] if scanned is not None else scanner.starts(s.text)
        found = next(scanner.finditer(_CAPTION, s.text, starts), None)  # the leftmost credit, as a search finds
        if found is None:
            continue
        why = NotReported(_CAPTION, found.start(), found.end(), found.group())
        # from the paragraph's first sentence, or the sentence after the last credit of the paragraph, at most
        # _CAPTION_SENTENCES back: a caption is short, and a layout that lost its paragraph breaks must not make
        # the story before a credit a caption
        start = max(first_of_paragraph[s.paragraph], s.index - _CAPTION_SENTENCES + 1, after_credit)
        for index in range(start, s.index + 1):
            out[index] = why
        after_credit = s.index + 1
    return out


def not_reported(sentence: str, lexicons: Lexicons,
                 scanned: Starts | None | Literal[False] = False) -> NotReported | None:
    """The first list that says `sentence` reports no incident of its own, or None. `scanned`: the sentence's
    entry of `scan`, when the caller has it."""
    scanner = lexicons.compiled(_scanner)
    starts = scanner.starts(sentence) if scanned is False else scanned
    for list_id in _LISTS:
        found = next(scanner.finditer(list_id, sentence, starts), None)  # the leftmost match, as search finds
        if found is not None:
            return NotReported(list_id, found.start(), found.end(), found.group())
    return None
