"""Who did it to whom (events.extract.frames): targets named before the verb are not its subject."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from events.pipeline import Extraction

Extract = Callable[..., Extraction]
MINUSMA = "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali"


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        ("An attack against MINUSMA forces near Kidal was repelled on Monday.", MINUSMA),
        ("Rocket fire targeting the MINUSMA camp in Kidal was reported on Monday.", MINUSMA),
        ("A Malian army convoy was struck by an IED near Tarkint on Monday.", "Military Forces of Mali"),
        ("A MINUSMA convoy was ambushed near Tessalit on Monday.", MINUSMA),
    ],
)
def test_a_force_named_as_the_target_of_an_unattributed_attack_is_actor2(extract: Extract, text: str,
                                                                         actor2: str) -> None:
    actors = {(a.role, a.name) for a in extract(text, published=date(2021, 3, 16)).events[0].actors}
    assert ("actor2", actor2) in actors
    assert ("actor1", "Unidentified Armed Group (Mali)") in actors


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Malian soldiers attacked a militant camp near Boni on Monday.", "Military Forces of Mali"),
        ("MINUSMA peacekeepers struck back against the attackers near Kidal on Monday.", MINUSMA),
        ("JNIM militants ambushed a convoy near Boni on Monday.", "JNIM: Group for Support of Islam and Muslims"),
    ],
)
def test_a_subject_that_acts_stays_actor1(extract: Extract, text: str, actor1: str) -> None:
    actors = {(a.role, a.name) for a in extract(text, published=date(2021, 3, 16)).events[0].actors}
    assert ("actor1", actor1) in actors
