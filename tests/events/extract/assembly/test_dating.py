"""Which dates are the incident's (events.extract.assembly.dating): a date right after a word of speaking
(dates.toml, date.statement) dates the statement, not what happened."""

from __future__ import annotations

from datetime import date

import pytest

from events.extract.assembly.dating import incident_dates
from events.extract.mentions.dates import find_dates
from events.extract.text import split_sentences
from events.lexicon import Lexicons


@pytest.mark.parametrize(
    "text",
    [
        "Police said on Monday that gunmen attacked the convoy on Sunday.",
        "The mayor says on Monday there was no attack on the convoy on Sunday.",
        "A police officer told reporters on Monday that gunmen attacked the convoy on Sunday.",
        "A police officer tells reporters on Monday that gunmen attacked the convoy on Sunday.",
        "The army announced on Monday that gunmen attacked the convoy on Sunday.",
        "Local radio reported at noon on Monday that gunmen attacked the convoy on Sunday.",
        "The group claimed on Monday that its men attacked the convoy on Sunday.",
        "The army stated on Monday that gunmen attacked the convoy on Sunday.",
        "The governor added on Monday that gunmen attacked the convoy on Sunday.",
        "The army confirmed on Monday that gunmen attacked the convoy on Sunday.",
        "In a statement on Monday, the army accused gunmen of attacking the convoy on Sunday.",
        "In a communiqué on Monday, the army accused gunmen of attacking the convoy on Sunday.",
        "In a communique on Monday, the army accused gunmen of attacking the convoy on Sunday.",
        "The governor spoke to reporters, saying on Monday that gunmen attacked the convoy on Sunday.",
        "At a press conference on Monday, the governor accused gunmen of attacking the convoy on Sunday.",
        "In an interview on Monday, the governor accused gunmen of attacking the convoy on Sunday.",
    ],
)
def test_a_date_right_after_a_word_of_speaking_dates_the_statement_not_the_incident(lexicons: Lexicons,
                                                                                     text: str) -> None:
    sentence = split_sentences(text)[0]
    mentions = find_dates(sentence.text, date(2021, 3, 16), lexicons)
    assert [m.text for m in mentions] == ["on Monday", "on Sunday"]
    assert [m.text for m in incident_dates(sentence, mentions, lexicons)] == ["on Sunday"]


def test_dates_far_from_any_word_of_speaking_are_the_incidents(lexicons: Lexicons) -> None:
    sentence = split_sentences("Gunmen attacked the convoy on Sunday, and the army hunted them on Monday.")[0]
    mentions = find_dates(sentence.text, date(2021, 3, 16), lexicons)
    assert [m.text for m in incident_dates(sentence, mentions, lexicons)] == ["on Sunday", "on Monday"]
