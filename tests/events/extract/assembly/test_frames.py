"""Who did it to whom (events.extract.assembly.frames): targets named before the verb are not its subject."""

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


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Suspected Katiba Macina (JNIM) fighters attacked a FAMa post in Boni on Monday.", "Katiba Macina"),
        ("Katiba Macina (JNIM) militants abducted three traders near Djenne on Monday.", "Katiba Macina"),
        ("Gunmen of the Katiba Macina (JNIM) killed two herders near Tenenkou on Monday.", "Katiba Macina"),
    ],
)
def test_a_group_named_with_its_parent_in_brackets_is_coded_as_the_group(extract: Extract, text: str,
                                                                          actor1: str) -> None:
    actors = [a for a in extract(text, published=date(2021, 3, 14)).events[0].actors if a.role == "actor1"]
    assert [a.name for a in actors] == [actor1]


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("Afghan forces repelled a Taliban attack on a checkpoint in Kunduz on Monday, killing four militants.",
         "Taliban", "Military Forces of Afghanistan"),
        ("Six Taliban fighters were killed when Afghan forces repulsed their attack near Kunduz on Monday.",
         "Taliban", "Military Forces of Afghanistan"),
        ("Nigerian troops fought off ISWAP fighters who stormed a base near Monguno on Monday.",
         "Islamic State (West Africa)", "Military Forces of Nigeria"),
        ("Afghan forces repelled an attack by Taliban militants in Wardak on Monday, killing two militants.",
         "Taliban", "Military Forces of Afghanistan"),
    ],
)
def test_who_repels_an_attack_is_the_target_and_the_attacker_is_actor1(extract: Extract, text: str, actor1: str,
                                                                       actor2: str) -> None:
    actors = {(a.role, a.name) for a in extract(text, published=date(2020, 3, 14)).events[0].actors}
    assert ("actor1", actor1) in actors and ("actor2", actor2) in actors


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Looting: on Monday, presumed JNIM militants stole cattle from herders near Youwarou.",
         "JNIM: Group for Support of Islam and Muslims"),
        ("Property destruction: on Monday, Ambazonian separatists burned a school in Bamenda.",
         "Ambazonian Separatists (Cameroon)"),
        ("Looting: on Monday, al-Shabaab fighters seized livestock from nomads near Baidoa.", "Al Shabaab"),
    ],
)
def test_a_coders_label_types_the_note_but_the_actors_come_from_its_sentence(extract: Extract, text: str,
                                                                           actor1: str) -> None:
    actors = [a.name for a in extract(text, published=date(2021, 3, 16)).events[0].actors if a.role == "actor1"]
    assert actors == [actor1]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("Presumed JNIM militants stopped a bus near Boni on Monday. Two passengers were killed.",
         "JNIM: Group for Support of Islam and Muslims"),
        ("Al-Shabaab fighters stormed a village near Baidoa on Monday. Three elders were shot dead.", "Al Shabaab"),
        ("Soldiers stopped a bus near Boni on Monday.\n\nTwo passengers were killed in Gao on Tuesday.",
         "Unidentified Armed Group (Mali)"),
    ],
)
def test_who_acted_in_the_setting_sentence_did_what_the_next_one_tells_without_naming_anyone(
        extract: Extract, text: str, actor1: str) -> None:
    events = extract(text, published=date(2021, 3, 16)).events
    assert [a.name for a in events[-1].actors if a.role == "actor1"] == [actor1]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("A drug suspect was killed during a police raid in Cabanatuan on Monday.",
         "Police Forces of the Philippines"),
        ("Two wanted suspects were shot dead in a police operation in Davao on Monday.",
         "Police Forces of the Philippines"),
        ("A gang leader was killed after exchanging fire with military police in Salvador on Monday.",
         "Military Forces of Brazil Military Police"),
        ("A suspected kidnapper was killed in a shootout with police in Culiacan on Monday.",
         "Police Forces of Mexico"),
    ],
)
def test_the_force_named_in_the_circumstances_of_a_passive_killing_is_actor1(extract: Extract, text: str,
                                                                          actor1: str) -> None:
    actors = [a.name for a in extract(text, published=date(2021, 3, 16)).events[0].actors if a.role == "actor1"]
    assert actors == [actor1]
