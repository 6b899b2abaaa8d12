"""Who a casualty figure counts: victim groups, and the one victim a claim word names without a figure."""

from __future__ import annotations

import pytest

from events.extract.claims.casualties import find_claims
from events.extract.claims.victims import group_of, plural, victim_groups
from events.extract.text import split_sentences
from events.lexicon import Lexicons


def singles(text: str, lexicons: Lexicons) -> list[tuple[str, int, str | None]]:
    return [(c.kind, c.count_low or 0, c.victim) for c in find_claims(split_sentences(text), lexicons)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed the men at the gate.", []),
        ("Gunmen killed the women at the gate.", []),
        ("Gunmen killed the children at the gate.", []),
        ("Gunmen killed the people at the gate.", []),
        ("Gunmen killed the police at the gate.", []),
        ("Gunmen killed the personnel at the gate.", []),
        ("Gunmen killed the forces at the gate.", []),
        # a singular head is a victim of one
        ("Gunmen killed the man at the gate.", [("killed", 1, "men")]),
        ("Gunmen killed the policeman at the gate.", [("killed", 1, "police")]),
    ],
)
def test_a_plural_group_without_a_figure_is_no_single_victim(text: str, expected: list[tuple[str, int, str | None]],
                                                             lexicons: Lexicons) -> None:
    assert singles(text, lexicons) == expected


@pytest.mark.parametrize(
    ("phrase", "is_plural"),
    [("the children", True), ("armed men", True), ("security personnel", True), ("a child", False),
     ("the boss", False), ("the bus", False)],
)
def test_plural_heads(phrase: str, is_plural: bool, lexicons: Lexicons) -> None:
    assert plural(phrase, lexicons.compiled(victim_groups)) is is_plural


@pytest.mark.parametrize(
    "word",
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
     "April", "May", "June", "July", "August", "September", "October", "November", "December"],
)
def test_a_day_or_a_month_after_a_claim_word_is_no_victim(word: str, lexicons: Lexicons) -> None:
    assert singles(f"Gunmen killed {word} near the river.", lexicons) == []


def test_a_name_after_a_claim_word_is_a_victim(lexicons: Lexicons) -> None:
    assert singles("Gunmen killed Moussa Traore near the river.", lexicons) == [("killed", 1, None)]
    # a short month name is a first name here: "Jan" is not in the list the name test reads
    assert singles("Gunmen killed Jan Kowalski near the river.", lexicons) == [("killed", 1, None)]


def test_groups_of_lexicon_forms(lexicons: Lexicons) -> None:
    groups = lexicons.compiled(victim_groups)
    assert group_of("villagers", groups).name == "civilians"  # type: ignore[union-attr]
    assert group_of("tanks", groups).name is None  # type: ignore[union-attr]
    assert group_of("weather", groups) is None
