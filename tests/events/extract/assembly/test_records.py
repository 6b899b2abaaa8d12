"""The names actors take in the records (events.extract.assembly.records): theatre names and generic forces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from events.extract.assembly.records import theatre_name
from events.lexicon import Lexicons
from events.pipeline import Extraction

Extract = Callable[..., Extraction]


@pytest.mark.parametrize(
    ("name", "country", "when", "expected"),
    [
        ("Military Forces of Saudi Arabia", "Yemen", date(2020, 5, 9), "Operation Restoring Hope"),
        ("Military Forces of Saudi Arabia", "Yemen", date(2014, 5, 9), "Military Forces of Saudi Arabia"),
        ("Military Forces of Saudi Arabia", "Saudi Arabia", date(2020, 5, 9), "Military Forces of Saudi Arabia"),
        ("Military Forces of Yemen", "Yemen", date(2020, 5, 9), "Military Forces of Yemen"),
    ],
    ids=["in the theatre", "before the operation", "at home", "a force with no theatre name"],
)
def test_national_forces_abroad_take_the_name_of_their_operation(lexicons: Lexicons, name: str, country: str,
                                                                 when: date,
                                                                 expected: str) -> None:
    assert theatre_name(name, "actor.x", country, when, lexicons)[0] == expected


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Saudi forces fired artillery at villages in Razih district, Saada, on Monday.", "Operation Restoring Hope"),
        ("A regime sniper shot dead a farmer near Idlib on Monday.", "Military Forces of Syria"),
        ("Regime forces shelled Kafr Nabl in Idlib on Monday.", "Military Forces of Syria"),
    ],
)
def test_the_actor_takes_the_name_acled_gives_it_where_the_event_happened(extract: Extract, text: str,
                                                                         actor1: str) -> None:
    actors = [a.name for a in extract(text, published=date(2020, 5, 12)).events[0].actors if a.role == "actor1"]
    assert actors == [actor1]


JNIM = "JNIM: Group for Support of Islam and Muslims"


@pytest.mark.parametrize(
    ("text", "published", "actor1"),
    [
        ("Al Mourabitoune militants attacked a checkpoint near Gao on Monday.", date(2016, 5, 12), "Al Mourabitoune"),
        ("Mourabitoune militants attacked a checkpoint near Gao on Monday.", date(2018, 5, 12), JNIM),
        ("Presumed Katiba Serma militants ambushed an army patrol near Boni on Monday.", date(2019, 5, 12), JNIM),
        ("Ansar Dine militants attacked a checkpoint near Kidal on Monday.", date(2018, 5, 12), "Ansar Dine"),
    ],
    ids=["a component before it joined JNIM", "the same component after", "a JNIM unit", "a group ACLED keeps apart"],
)
def test_a_groups_components_take_the_name_acled_used_for_them_on_the_events_date(
        extract: Extract, text: str, published: date, actor1: str) -> None:
    actors = [a.name for a in extract(text, published=published).events[0].actors if a.role == "actor1"]
    assert actors == [actor1]
