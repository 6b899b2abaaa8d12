"""The frame of a sentence (events.extract.assembly.frames): what type its lead trigger makes, refined by the
lists of frames.toml, and who did it to whom (targets named before the verb are not its subject)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest

from events.errors import LexiconError
from events.extract.assembly.frames import build_frame, frame_words
from events.extract.mentions.triggers import find_triggers
from events.lexicon import Lexicons, bundled_folder
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
        ("Eight people were killed in an Israeli airstrike on a house in Rafah on Saturday.",
         "Military Forces of Israel"),
        ("Eight people were killed in an Israeli air strike on a house in Rafah on Saturday.",
         "Military Forces of Israel"),
        ("Eight people were killed in an Israeli air raid on a house in Rafah on Saturday.",
         "Military Forces of Israel"),
        ("Three civilians were killed in a Russian drone strike on Kharkiv on Saturday.", "Military Forces of Russia"),
        ("Three civilians were killed in a Russian drone attack on Kharkiv on Saturday.", "Military Forces of Russia"),
        ("Three civilians were killed in a Russian missile strike on Kharkiv on Saturday.",
         "Military Forces of Russia"),
        ("Three civilians were killed in a Russian missile attack on Kharkiv on Saturday.",
         "Military Forces of Russia"),
        ("Three civilians were wounded in a Hamas rocket attack on Sderot on Saturday.", "Hamas Movement"),
        ("Three civilians were wounded in Russian shelling of Kharkiv on Saturday.", "Military Forces of Russia"),
        ("Three civilians were killed during a Russian army bombardment of Kharkiv on Saturday.",
         "Military Forces of Russia"),
        ("Three civilians were killed in a Russian army strike on Kharkiv on Saturday.", "Military Forces of Russia"),
        ("Three civilians were killed in Russian artillery fire on Kharkiv on Saturday.", "Military Forces of Russia"),
        ("Five soldiers were killed in a Taliban attack in Ghazni on Saturday.", "Taliban"),
        ("Five soldiers were killed in a Taliban ambush in Ghazni on Saturday.", "Taliban"),
        ("Five soldiers were killed in a Taliban assault on a checkpoint in Ghazni on Saturday.", "Taliban"),
    ],
)
def test_the_force_named_with_the_strike_that_killed_is_actor1(extract: Extract, text: str, actor1: str) -> None:
    """ACLED codes a state's air strike as the state's, whoever the sentence's subject is."""
    actors = [a.name for a in extract(text, published=date(2024, 2, 26)).events[0].actors if a.role == "actor1"]
    assert actors == [actor1]


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


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Nigerian troops killed two rebels in a clash near Maiduguri on Monday.",
         ("Military Forces of Nigeria", "Unidentified Armed Group (Nigeria)")),
        ("Rebels wounded three Nigerian soldiers during a clash near Maiduguri on Monday.",
         ("Unidentified Armed Group (Nigeria)", "Military Forces of Nigeria")),
        ("Nigerian troops killed two rebels amid fierce clashes near Maiduguri on Monday.",
         ("Military Forces of Nigeria", "Unidentified Armed Group (Nigeria)")),
        ("Nigerian troops killed two rebels amidst heavy clashes near Maiduguri on Monday.",
         ("Military Forces of Nigeria", "Unidentified Armed Group (Nigeria)")),
    ],
    ids=["in a clash", "during a clash", "amid fierce clashes", "amidst heavy clashes"],
)
def test_a_clash_told_as_the_circumstance_of_a_clause_has_its_subject_and_object_for_sides(
        extract: Extract, text: str, sides: tuple[str, str]) -> None:
    [event] = extract(text, published=date(2025, 3, 11)).events
    by_role = {a.role: a.name for a in event.actors}
    assert (event.event_type, by_role.get("actor1"), by_role.get("actor2")) == ("Battles", *sides)


def frame_of(text: str, lexicons: Lexicons, victims: Sequence[str] = ()) -> tuple[str, str, str]:
    frame = build_frame(text, find_triggers(text, lexicons), [], victims, lexicons)
    assert frame is not None
    return frame.event_type, frame.sub_event_type, frame.type_rule


VAC = ("Violence against civilians", "Attack")
CLASH = ("Battles", "Armed clash")
PEACEFUL = ("Protests", "Peaceful protest")


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an off-duty soldier at a market on Monday.",
        "Gunmen attacked an off duty policeman at his home on Monday.",
        "Gunmen attacked a retired soldier at his farm on Monday.",
        "Gunmen attacked a retired officer at his farm on Monday.",
        "Gunmen attacked a retired police inspector at his farm on Monday.",
        "Gunmen attacked a retired policeman at his farm on Monday.",
        "Gunmen attacked a retired general at his farm on Monday.",
        "Gunmen attacked a retired colonel at his farm on Monday.",
        "Gunmen attacked a former soldier at his farm on Monday.",
        "Gunmen attacked a former policeman at his farm on Monday.",
        "Gunmen attacked a former police officer at his farm on Monday.",
        "Gunmen attacked a former officer at his farm on Monday.",
        "Gunmen attacked a former rebel at his farm on Monday.",
        "Gunmen attacked a former fighter at his farm on Monday.",
        "Gunmen attacked a former militant at his farm on Monday.",
    ],
)
def test_an_attack_on_an_off_duty_or_former_combatant_is_an_attack_on_a_civilian(lexicons: Lexicons,
                                                                                 text: str) -> None:
    assert frame_of(text, lexicons) == (*VAC, "trg.attack+frame.off_duty")


def test_an_attack_on_a_serving_soldier_is_a_battle(lexicons: Lexicons) -> None:
    text = "Gunmen attacked a soldier at his farm on Monday."
    assert frame_of(text, lexicons) == (*CLASH, "trg.attack+cue.target.armed")


@pytest.mark.parametrize(
    ("victim", "expected"),
    [("soldier", (*CLASH, "trg.attack+frame.victims.armed")), ("soldiers", (*CLASH, "trg.attack+frame.victims.armed")),
     ("bandits", (*CLASH, "trg.attack+frame.victims.armed")), ("civilians", (*VAC, "trg.attack+cue.target.civilian"))],
)
def test_an_attack_in_which_only_combatants_died_is_a_battle(lexicons: Lexicons, victim: str,
                                                             expected: tuple[str, str, str]) -> None:
    assert frame_of("Gunmen attacked a village near the river on Monday.", lexicons, [victim]) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Gunmen looted shops and whipped traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and flogged traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and fired upon traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and shot at traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops, beating traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and assaulted traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and hacked traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and tortured traders in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops and fired shots in the village on Monday.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops in the village on Monday, shooting at traders.", "trg.attack+cue.target.civilian"),
        ("Gunmen looted shops in the village on Monday amid shots fired in the air.", "trg.attack+cue.target.default"),
        ("Gunmen looted shops in the village on Monday amid heavy gunfire.", "trg.attack+cue.target.default"),
    ],
)
def test_a_raid_that_hurts_or_shoots_at_people_is_an_attack_even_when_it_plunders(lexicons: Lexicons, text: str,
                                                                                 rule: str) -> None:
    assert frame_of(text, lexicons) == (*VAC, f"{rule}+frame.harm")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [("Gunmen looted shops and killed a trader in the village on Monday.", "trg.kill"),
     ("Gunmen looted shops and stabbed a trader in the village on Monday.", "trg.kill"),
     ("Gunmen looted shops and injured a trader in the village on Monday.", "trg.harm")],
)
def test_a_raid_with_a_harm_trigger_is_an_attack_even_when_it_plunders(lexicons: Lexicons, text: str,
                                                                      trigger: str) -> None:
    assert frame_of(text, lexicons) == (*VAC, f"{trigger}+cue.target.civilian+frame.harm.triggers")


def test_a_raid_that_only_plunders_is_looting_and_one_that_rapes_is_sexual_violence(lexicons: Lexicons) -> None:
    assert frame_of("Gunmen attacked and looted shops in the village on Monday.", lexicons) == (
        "Strategic developments", "Looting/property destruction", "trg.attack+trg.loot+frame.harm:none")
    assert frame_of("Gunmen looted shops and raped a woman in the village on Monday.", lexicons) == (
        "Violence against civilians", "Sexual violence", "trg.sexual")


@pytest.mark.parametrize(
    ("text", "trigger"),
    [("Angry youths clashed in the market on Monday.", "trg.clash"),
     ("Villagers shot dead a farmer near the market on Monday.", "trg.kill"),
     ("A crowd injured two suspected thieves in the market on Monday.", "trg.harm"),
     ("Youths ambushed a bus in the market on Monday.", "trg.ambush")],
)
def test_a_crowd_that_fights_makes_a_riot(lexicons: Lexicons, text: str, trigger: str) -> None:
    assert frame_of(text, lexicons) == ("Riots", "Mob violence", f"{trigger}+frame.fights+cue.crowd")


@pytest.mark.parametrize(
    "text",
    ["The army confirmed that 30 students were killed in an attack on a school near Kasese on Monday.",
     "Soldiers said that four traders were shot dead in a raid on the market on Monday."],
)
def test_a_speaker_before_that_is_not_the_target_of_the_passive_after_it(lexicons: Lexicons, text: str) -> None:
    assert frame_of(text, lexicons)[:2] == ("Violence against civilians", "Attack")


@pytest.mark.parametrize(
    "text",
    ["Three villagers were killed in fighting near the market on Monday.",
     "Two traders were shot dead in clashes near the market on Monday.",
     "Five residents were wounded in a shootout near the market on Monday."],
)
def test_a_crowd_harmed_in_a_fight_did_not_fight(lexicons: Lexicons, text: str) -> None:
    assert frame_of(text, lexicons)[:2] == ("Battles", "Armed clash")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Youths armed with rifles attacked a bus in the market on Monday.",
      (*VAC, "trg.attack+cue.target.civilian+frame.armed_side")),
     ("Clashes broke out between youths armed with machetes in the market on Monday.",
      (*CLASH, "trg.clash+frame.armed_side")),
     ("Militia fighters and youths attacked a bus in the market on Monday.",
      (*VAC, "trg.attack+cue.target.civilian+frame.armed_side")),
     ("Youths and gunmen attacked a bus in the market on Monday.",
      (*VAC, "trg.attack+cue.target.civilian+frame.armed_side")),
     ("Youths and militiamen attacked a bus in the market on Monday.",
      (*VAC, "trg.attack+cue.target.civilian+frame.armed_side")),
     ("Youths and militants attacked a bus in the market on Monday.",
      (*VAC, "trg.attack+cue.target.civilian+frame.armed_side"))],
)
def test_an_armed_side_is_no_crowd_whatever_it_is_called(lexicons: Lexicons, text: str,
                                                         expected: tuple[str, str, str]) -> None:
    assert frame_of(text, lexicons) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Traders marched in Kano on Monday against what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday over what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday following what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday after what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday demanding an inquiry into what they called the brutal killing of a trader.",
        "Traders marched in Kano on Monday denouncing what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday condemning what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday protesting what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday regarding what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday about what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday calling for an inquiry into what they called the brutal killing of a man.",
        "Traders marched in Kano on Monday to demand an inquiry into what they called the brutal killing of a man.",
        "Traders marched in Kano on Monday to denounce what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday to condemn what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday in protest at what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday in demonstration of anger at what they called the brutal killing of a man.",
        "Traders marched in Kano on Monday because of what they called the brutal killing of a shopkeeper.",
        "Traders marched in Kano on Monday for the release of a colleague wounded in what they called a brutal attack.",
        "Traders marched in Kano on Monday seeking justice for what they called the brutal killing of a shopkeeper.",
    ],
)
def test_violence_named_as_a_protests_reason_is_its_cause_not_the_event(lexicons: Lexicons, text: str) -> None:
    assert frame_of(text, lexicons) == (*PEACEFUL, "trg.protest+frame.grievance")


@pytest.mark.parametrize(
    "text",
    [
        "Traders marched on Monday, demanding the return of goods looted from their shops.",
        "Traders marched on Monday and demanded compensation for goods looted from their shops.",
        "Traders marched on Monday with one demand: compensation for goods looted from their shops.",
        "Traders marched on Monday for the recovery of goods looted from their shops.",
        "Traders marched on Monday for the return of goods looted from their shops.",
    ],
)
def test_violence_in_the_clause_of_a_protests_demand_keeps_it_peaceful(lexicons: Lexicons, text: str) -> None:
    assert frame_of(text, lexicons) == (*PEACEFUL, "trg.protest+frame.grievance.clause")


def test_violence_outside_the_clause_of_a_demand_makes_a_violent_demonstration(lexicons: Lexicons) -> None:
    text = "Traders marched on Monday; goods were looted from their shops."
    assert frame_of(text, lexicons) == ("Riots", "Violent demonstration", "trg.protest+cue.protest_violence")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Militants seized the locality of Tin-Essako on Monday.", "trg.seize.place+frame.territory.object"),
        ("Militants seized the commune of Tin-Essako on Monday.", "trg.seize.place+frame.territory.object"),
        ("Militants seized the military base of Tin-Essako on Monday.", "trg.seize.place+frame.territory.object"),
        ("Militants seized the strategic town of Tin-Essako on Monday.", "trg.seize.place+frame.territory.object"),
        ("Militants seized the rural town of Tin-Essako on Monday.", "trg.seize.place+frame.territory.object"),
        ("Militants captured control of the district on Monday.", "trg.seize.place+frame.territory.control"),
        ("Militants seized Tin-Essako on Monday.", "trg.seize.place"),
    ],
)
def test_a_territory_verb_names_what_made_its_object_a_place(lexicons: Lexicons, text: str, rule: str) -> None:
    assert frame_of(text, lexicons) == ("Battles", "Non-state actor overtakes territory", rule)


def test_a_territory_verb_without_a_place_is_no_change_of_territory(lexicons: Lexicons) -> None:
    text = "Militants seized the weapons of the guards on Monday."
    assert build_frame(text, find_triggers(text, lexicons), [], [], lexicons) is None


@pytest.mark.parametrize(
    ("text", "role", "name", "rule"),
    [
        ("A MINUSMA convoy was subjected to an IED attack near Tessalit on Monday.", "actor2", MINUSMA,
         "actor.minusma+role.target+frame.patient_verbs"),
        ("An attack targeting MINUSMA forces near Kidal was repelled on Monday.", "actor2", MINUSMA,
         "actor.minusma+role.target+frame.target_before"),
        ("A drug suspect was killed during a police sting in Cebu on Monday.", "actor1",
         "Police Forces of the Philippines", "generic.police+role.circumstance+frame.raid"),
        ("A drug suspect was killed during a police buy-bust in Cebu on Monday.", "actor1",
         "Police Forces of the Philippines", "generic.police+role.circumstance+frame.raid"),
        ("A drug suspect was killed in a police anti-drug operation in Cebu on Monday.", "actor1",
         "Police Forces of the Philippines", "generic.police+role.circumstance+frame.raid"),
        ("A wanted gang leader was shot dead during a police manhunt in Davao on Monday.", "actor1",
         "Police Forces of the Philippines", "generic.police+role.circumstance+frame.raid"),
        ("A gang leader was killed in a firefight with police in Culiacan on Monday.", "actor1",
         "Police Forces of Mexico", "generic.police+role.circumstance+frame.passive_harm+frame.fire_with"),
        ("A gang leader was wounded in a confrontation with police in Culiacan on Monday.", "actor1",
         "Police Forces of Mexico", "generic.police+role.circumstance+frame.passive_harm+frame.fire_with"),
        ("An airstrike by presumed LNA forces hit a market in Gharyan on Monday.", "actor1",
         "Military Forces of Libya Haftar Faction",
         "actor.mil.libya.haftar+cue.actor.suspected+role.agent_by+frame.agent_qualifier"),
        ("An airstrike by alleged LNA forces hit a market in Gharyan on Monday.", "actor1",
         "Military Forces of Libya Haftar Faction",
         "actor.mil.libya.haftar+cue.actor.suspected+role.agent_by+frame.agent_qualifier"),
        ("Shells fired by unknown gunmen hit a market in Gharyan on Monday.", "actor1",
         "Unidentified Armed Group (Libya)", "generic.armed_group+role.agent_by+frame.agent_qualifier"),
        ("Shells fired by LNA forces hit a market in Gharyan on Monday.", "actor1",
         "Military Forces of Libya Haftar Faction", "actor.mil.libya.haftar+role.agent_by"),
        ("Afghan forces repelled a Taliban attack on a checkpoint in Kunduz on Monday.", "actor1", "Taliban",
         "actor.taliban+role.repelled+frame.repelling"),
        ("Clashes between Fulani militias and Dogon hunters killed four people near Bankass on Monday.", "actor2",
         "Dogon Ethnic Militia (Mali)", "generic.dogon+role.clash_sides"),
        # a generic word in apposition to a group's name is that group ("the terrorist group Boko Haram")
        ("Two soldiers were killed in an attack by the terrorist group Boko Haram near Diffa on Monday.", "actor1",
         "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "actor.boko_haram+role.passive_agent"),
        ("Troops attacked the rebel group M23 near Goma on Monday.", "actor2", "M23: March 23 Movement", "actor.m23"),
        ("A convoy was ambushed by the jihadist group, JNIM, near Djibo on Monday.", "actor1",
         "JNIM: Group for Support of Islam and Muslims", "actor.jnim+role.passive_agent"),
        # who was killed is the victim, never the perpetrator, when nobody named did it
        ("Two soldiers were killed near Gao on Monday.", "actor2", "Military Forces of Mali",
         "generic.military+role.passive_patient"),
        ("A peacekeeper was killed on Monday when troops tried to stop an attack near Kidal.", "actor2",
         "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali",
         "generic.peacekeepers+role.passive_patient"),
        # civilians harmed in a fight are its victims, never a side: the armed side named after it fought
        ("Nine villagers were killed in fighting between militiamen near Bankass on Monday.", "actor1",
         "Unidentified Communal Militia (Mali)", "generic.militia+role.victim+frame.passive_harm"),
        ("Nine villagers were killed in fighting between militiamen near Bankass on Monday.", "actor2",
         "Civilians (Mali)", "generic.civilians+role.victim+frame.passive_harm"),
        ("Four traders were wounded in heavy clashes among gunmen in Gao on Monday.", "actor2",
         "Civilians (Mali)", "generic.civilians+role.victim+frame.passive_harm"),
    ],
)
def test_the_actors_rule_names_the_list_that_decided_its_role(extract: Extract, text: str, role: str, name: str,
                                                              rule: str) -> None:
    actors = {(a.role, a.name): a.rule for a in extract(text, published=date(2021, 3, 16)).events[0].actors}
    assert actors[(role, name)] == rule


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        # a combatant inside a relative clause is not the patient of the main verb; that clause's verb is not it
        ("A man who fired at soldiers was shot dead near Gao on Monday.", "Civilians (Mali)"),
        # a generic subject and a generic object are two actors; a speaker after a comma is neither
        ("Gunmen attacked soldiers near Gao on Monday, residents said.", "Military Forces of Mali"),
        ("Insurgents attacked a police post near Gao on Monday.", "Police Forces of Mali"),
        # a generic word before "of" and a group's name is that group
        ("Police arrested a militant of banned JNIM near Gao on Monday.",
         "JNIM: Group for Support of Islam and Muslims"),
        # a passive's subject, its auxiliary before an adverb, is the patient: no actor after the verb is one
        ("Ten villagers have been reportedly killed during gunmen attacks near Gao.", "Civilians (Mali)"),
    ],
)
def test_the_target_of_the_main_verb_is_actor2(extract: Extract, text: str, actor2: str) -> None:
    actors = [(a.role, a.name) for a in extract(text, published=date(2021, 3, 16)).events[0].actors]
    assert ("actor2", actor2) in actors and ("actor1", actor2) not in actors


def test_a_list_of_trigger_ids_naming_no_trigger_is_an_error(tmp_path: Path) -> None:
    for source in bundled_folder().iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    frames = tmp_path / "frames.toml"
    frames.write_text(frames.read_text(encoding="utf-8").replace('"trg.ambush"]', '"trg.ambush", "trg.nothing"]'),
                      encoding="utf-8")
    with pytest.raises(LexiconError, match=r"frame\.fights names triggers triggers\.csv lacks: \['trg\.nothing'\]"):
        Lexicons(tmp_path).compiled(frame_words)
