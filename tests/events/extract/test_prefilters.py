"""The quick tests that spare costly patterns never change what the patterns find."""

from __future__ import annotations

import re

import pytest

from events.extract.matcher import WordFilter
from events.extract.text import paragraphs
from events.extract.triggers import any_phrase, phrase_pattern

_KILLED = re.compile(r"\b(?:shot dead|killed)\b", re.I)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen KILLED two herders near the well.", True),
        ("Two traders were shot dead at the market.", True),
        ("The convoy reached the town without incident.", False),
        ("The market reopened on Monday after the floods.", False),
        ("A farmer was kılled in the raid.", True),  # dotless i: the pattern matches, so the filter must not refuse
    ],
)
def test_the_word_filter_refuses_only_texts_the_pattern_cannot_match(text: str, expected: bool) -> None:
    words = WordFilter.build(["killed", "dead"])
    assert words.may_match(text) is expected
    if _KILLED.search(text):
        assert words.may_match(text)


def test_a_filter_of_non_ascii_words_refuses_nothing() -> None:
    words = WordFilter.build(["tué", "killed"])
    assert words.may_match("Nothing happened in the village today.")


@pytest.mark.parametrize(
    "text",
    [
        "Police dispersed the protesters with tear gas and arrested three of them.",
        "Soldiers and police officers were deployed to the square.",
        "Nobody was hurt when the crowd gathered outside the governor's office.",
    ],
)
def test_any_phrase_starts_where_the_phrase_pattern_does(text: str) -> None:
    phrases = ("police", "police officers", "soldiers", "tear gas", "crowd")
    flat, trie = phrase_pattern(phrases).search(text), any_phrase(phrases).search(text)
    assert (flat.start() if flat else None) == (trie.start() if trie else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels attacked Gao.\n\nTroops responded.", [(0, 20), (22, 39)]),
        ("Rebels attacked Gao.\n \n\t\nTroops responded.  ", [(0, 20), (25, 42)]),
        ("A\n\nRebels attacked Gao.", [(0, 23)]),  # a one-character block stays joined to the next, as it was
    ],
)
def test_paragraphs_keep_their_offsets(text: str, expected: list[tuple[int, int]]) -> None:
    assert paragraphs(text) == expected
