"""Sentences keep exact offsets; layout breaks do not cut sentences; headings stand alone."""

from __future__ import annotations

import blingfire
import pytest

from events.extract.text import paragraphs, sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels attacked Gao. Troops responded.", ["Rebels attacked Gao.", "Troops responded."]),
        ("Gen. Diallo met Dr. Traoré in the U.S. on Monday. Talks failed.",
         ["Gen. Diallo met Dr. Traoré in the U.S. on Monday.", "Talks failed."]),
        ("Army repels raid\n\nBy A. Writer\n12 March 2025\n\nSoldiers repelled a raid on Tuesday.",
         ["Army repels raid", "By A. Writer", "12 March 2025", "Soldiers repelled a raid on Tuesday."]),
        ("Since 2019 the group has\n\nrepeatedly attacked convoys. Nobody was hurt.",
         ["Since 2019 the group has\n\nrepeatedly attacked convoys.", "Nobody was hurt."]),
    ],
    ids=["two plain sentences", "abbreviations do not end sentences", "heading, byline and dateline stand alone",
         "a layout break inside a sentence is joined back"],
)
def test_sentences_are_split_as_a_reader_would(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_paragraph_numbers_follow_blank_lines() -> None:
    text = "First paragraph here.\n\nSecond one. Still second.\n\nThird."
    assert [s.paragraph for s in split_sentences(text)] == [0, 1, 1, 2]
    assert len(paragraphs(text)) == 3


def test_accented_text_keeps_character_offsets() -> None:
    text = "Des hommes armés ont attaqué Ségou. À Sévaré, le calme est revenu."
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A man was killed in the raid. 1 fatality.", ["A man was killed in the raid.", "1 fatality."]),
        ("Two soldiers died. 3 others were hurt.", ["Two soldiers died.", "3 others were hurt."]),
        ("He lives at No. 5 Market Street. Police came.", ["He lives at No. 5 Market Street.", "Police came."]),
        ("The raid began on Sept. 12 at dawn.", ["The raid began on Sept. 12 at dawn."]),
    ],
)
def test_a_sentence_may_start_with_a_figure_but_not_after_a_numbered_abbreviation(text: str,
                                                                                  expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a convoy near Gao. Two drivers were killed! Was it JNIM? Nobody said.",
        "Soldiers entered Sévaré on Monday. Residents of Ségou fled. The army said « calm » had returned.",
        "A drone 😀 hit the market in Kharkiv — at least 3 died… Rescuers kept searching.",
        "One sentence without a final stop",
    ],
    ids=["ascii", "accented letters and guillemets", "emoji, dashes and ellipsis", "no terminal punctuation"],
)
def test_sentence_spans_are_blingfires_own_offsets_in_characters(text: str) -> None:
    assert sentence_spans(text) == blingfire.text_to_sentences_and_offsets(text)[1]
    assert all(text[s:e].strip() == text[s:e] for s, e in sentence_spans(text))


def test_an_empty_text_has_no_sentences() -> None:
    assert sentence_spans("") == []
