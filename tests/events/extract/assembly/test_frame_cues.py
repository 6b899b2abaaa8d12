"""The cue lists of cues.toml that refine a frame (events.extract.assembly.frames), each form in a sentence of
its own: how police met a protest, violence by the protesters, lethal force, what an attack was aimed at, a crowd
that fights, defenders who fought back. Each case asserts the type the cue gives and that the list reports the
form itself (a shorter entry would not)."""

from __future__ import annotations

import pytest

from events.extract.assembly.frames import build_frame, target_words
from events.extract.mentions.triggers import cues, find_triggers
from events.lexicon import Lexicons

PROTEST = "Teachers protested outside the ministry on Monday."


def _frame(lexicons: Lexicons, sentence: str, context: str = "") -> tuple[str, str, str]:
    frame = build_frame(sentence, find_triggers(sentence, lexicons), [], [], lexicons, context)
    assert frame is not None
    return frame.event_type, frame.sub_event_type, frame.type_rule


@pytest.mark.parametrize(
    ("context", "form"),
    [
        ("Police used teargas on the crowd.", "teargas"),
        ("A baton charge by police cleared the road.", "baton charge"),
        ("Police broke up the gathering.", "broke up"),
        ("A crackdown by the authorities ended it.", "crackdown"),
        ("Soldiers fired warning shots.", "fired warning shots"),
        ("Police made a lathi charge at noon.", "lathi charge"),
        ("Gendarmes intervened at noon.", "intervened"),
        ("Officers fired into the air.", "fired into the air"),
        ("Witnesses heard shots in the air.", "shots in the air"),
        ("Police evicted them from the square.", "evicted"),
        ("Officers used force to clear the gate.", "used force"),
    ],
)
def test_a_protest_met_by_police_is_a_protest_with_intervention(lexicons: Lexicons, context: str, form: str) -> None:
    assert lexicons.compiled(cues).intervention.first(context) == form
    assert _frame(lexicons, PROTEST, context) == ("Protests", "Protest with intervention",
                                                  "trg.protest+cue.intervention")


def test_detentions_made_by_police_are_an_intervention(lexicons: Lexicons) -> None:
    context = "Police made several detentions."
    assert lexicons.compiled(cues).arrests.first(context) == "detentions"
    assert _frame(lexicons, PROTEST, context)[1] == "Protest with intervention"
    assert _frame(lexicons, PROTEST, "Several detentions followed.")[1] == "Peaceful protest"  # by whom is untold


@pytest.mark.parametrize(
    ("context", "form"),
    [
        ("Some of them hurled stones at a bus.", "hurled stones"),
        ("Stone pelting went on for an hour.", "stone pelting"),
        ("Stone-pelting went on for an hour.", "stone-pelting"),
        ("They burnt tyres on the road.", "burnt tyres"),
        ("Burning tyres blocked the road.", "burning tyres"),
        ("A bank was vandalised.", "vandalised"),
        ("A bank was vandalized.", "vandalized"),
        ("They clashed with security forces at the gate.", "clashed with security forces"),
        ("There were clashes with police at the gate.", "clashes with police"),
        ("Some threw petrol bombs.", "petrol bombs"),
        ("A few attacked police at the gate.", "attacked police"),
        ("Some smashed windows.", "smashed"),
        ("Rioting went on until dusk.", "rioting"),
        ("Burning debris blocked the road.", "burning debris"),
        ("Burned debris lay on the road.", "burned debris"),
        ("Burning tires blocked the road.", "burning tires"),
        ("Burned tires lay on the road.", "burned tires"),
        ("Some threw rocks at a bus.", "threw rocks"),
        ("Stone-throwing went on for an hour.", "stone-throwing"),
        ("Shops reported vandalism.", "vandalism"),
        ("They built barricades on the road.", "barricades"),
        ("Some set off fireworks at the gate.", "fireworks"),
        ("A car was set ablaze.", "set ablaze"),
        ("Barricading of the road went on until dusk.", "barricading"),
        ("They erected barricades on the road.", "erected barricades"),
        ("They burned objects on the road.", "burned objects"),
        ("Burning objects blocked the road.", "burning objects"),
        ("Some tried to force themselves into the building.", "force themselves into"),
        ("Some forced their way into the building.", "forced their way"),
        ("Some tried to force their way into the building.", "force their way"),
        ("Some started to storm the building.", "started to storm"),
        ("A guard was stoned.", "stoned"),
        ("A burning vehicle blocked the road.", "burning vehicle"),
        ("Some tried to lynch a guard.", "lynch"),
        ("Some attempted to lynch a guard.", "attempted to lynch"),
        ("Some burnt the gate of the building.", "burnt the"),
    ],
)
def test_violence_by_the_protesters_makes_a_violent_demonstration(lexicons: Lexicons, context: str,
                                                                  form: str) -> None:
    assert lexicons.compiled(cues).protest_violence.first(context) == form.lower()
    assert _frame(lexicons, PROTEST, context) == ("Riots", "Violent demonstration", "trg.protest+cue.protest_violence")


def test_live_rounds_fired_at_protesters_are_excessive_force(lexicons: Lexicons) -> None:
    sentence = "Students protested in the capital and troops used live rounds."
    assert lexicons.compiled(cues).excessive_force.first(sentence) == "live rounds"
    assert _frame(lexicons, sentence)[:2] == ("Protests", "Excessive force against protesters")


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Rebels attacked the frontline at dawn.", "frontline"),
        ("Rebels attacked the front line at dawn.", "front line"),
        ("Rebels attacked two frontlines at dawn.", "frontlines"),
        ("Jihadists attacked two strongholds at dawn.", "strongholds"),
        ("Soldiers attacked a hideout at dawn.", "hideout"),
        ("Soldiers attacked three hideouts at dawn.", "hideouts"),
        ("Rebels attacked a guard post at dawn.", "guard post"),
        ("Rebels attacked the local defence forces at dawn.", "defence forces"),
        ("Rebels attacked the local defense forces at dawn.", "defense forces"),
        ("Soldiers attacked cultists at dawn.", "cultists"),
        ("Bandits attacked a self-defense unit at dawn.", "self-defense"),
        ("Bandits attacked vigilantes at dawn.", "vigilantes"),
        ("Jihadists attacked dozos at dawn.", "dozos"),
        ("Poachers attacked a ranger at dawn.", "ranger"),
        ("Poachers attacked two rangers at dawn.", "rangers"),
        ("Robbers attacked a security guard at dawn.", "security guard"),
        ("Gunmen attacked state security agents at dawn.", "state security"),
        ("Gunmen attacked an intelligence officer at dawn.", "intelligence officer"),
        ("Gunmen attacked a gang member at dawn.", "gang member"),
        ("Gunmen attacked an alleged gang member at dawn.", "alleged gang member"),
        ("Gunmen attacked a drug trafficker at dawn.", "drug trafficker"),
        ("Gunmen attacked two drug traffickers at dawn.", "drug traffickers"),
        ("Bandits attacked a vigilante at dawn.", "vigilante"),
        ("Bandits attacked a member of a vigilante group at dawn.", "member of a vigilante group"),
        ("Gunmen attacked two police agents at dawn.", "police agents"),
        ("Gunmen attacked a bodyguard at dawn.", "bodyguard"),
        ("Gunmen attacked two bodyguards at dawn.", "bodyguards"),
        ("Soldiers attacked an insurgent at dawn.", "insurgent"),
        ("Soldiers attacked a militiaman at dawn.", "militiaman"),
    ],
)
def test_an_attack_on_an_armed_target_is_a_battle(lexicons: Lexicons, sentence: str, form: str) -> None:
    # the object of the verb names the target (the subject is an armed word as well)
    assert lexicons.compiled(target_words).armed.first(sentence.split(" attacked ", 1)[1]) == form.lower()
    assert _frame(lexicons, sentence) == ("Battles", "Armed clash", "trg.attack+cue.target.armed")


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Gunmen attacked a nomad camp at dawn.", "nomad camp"),
        ("Gunmen attacked an IDP site at dawn.", "IDP site"),
        ("Gunmen attacked a refugee camp at dawn.", "refugee camp"),
        ("Gunmen attacked a displacement camp at dawn.", "displacement camp"),
        ("Gunmen attacked a councilman at dawn.", "councilman"),
        ("Gunmen attacked two councilmen at dawn.", "councilmen"),
        ("Gunmen attacked a councilor at dawn.", "councilor"),
        ("Gunmen attacked an individual at dawn.", "individual"),
        ("Gunmen attacked two individuals at dawn.", "individuals"),
        ("Gunmen attacked four persons at dawn.", "persons"),
        ("Gunmen attacked tribesmen at dawn.", "tribesmen"),
        ("Gunmen attacked a herdsman at dawn.", "herdsman"),
        ("Gunmen attacked herdsmen at dawn.", "herdsmen"),
        ("Gunmen attacked a fisherman at dawn.", "fisherman"),
        ("Gunmen attacked election workers at dawn.", "election workers"),
        ("Gunmen attacked election officials at dawn.", "election officials"),
        ("Gunmen attacked a voting office at dawn.", "voting office"),
        ("Gunmen attacked two voting offices at dawn.", "voting offices"),
        ("Gunmen attacked a detainee at dawn.", "detainee"),
        ("Gunmen attacked detainees at dawn.", "detainees"),
        ("Gunmen attacked a cattle camp at dawn.", "cattle camp"),
        ("Gunmen attacked an ICRC team at dawn.", "ICRC"),
        ("Gunmen attacked an NGO office at dawn.", "NGO"),
        ("Gunmen attacked health workers at dawn.", "health workers"),
        ("Gunmen attacked a health center at dawn.", "health center"),
        ("Gunmen attacked a civilian convoy at dawn.", "civilian convoy"),
        ("Gunmen attacked worshippers at dawn.", "worshippers"),
        ("Gunmen attacked travelers at dawn.", "travelers"),
        ("Gunmen attacked merchants at dawn.", "merchants"),
        ("Gunmen attacked a boy at dawn.", "boy"),
        ("Gunmen attacked a girl at dawn.", "girl"),
        ("Gunmen attacked a civilian vehicle at dawn.", "civilian vehicle"),
        ("Gunmen attacked pastoralists at dawn.", "pastoralists"),
        ("Gunmen attacked a shepherd at dawn.", "shepherd"),
        ("Gunmen attacked a pastor at dawn.", "pastor"),
        ("Gunmen attacked a politician at dawn.", "politician"),
        ("Gunmen attacked an activist at dawn.", "activist"),
        ("Gunmen attacked a lawyer at dawn.", "lawyer"),
        ("Gunmen attacked a doctor at dawn.", "doctor"),
        ("Gunmen attacked a hearse and its corpse at dawn.", "corpse"),
        ("Gunmen attacked a teenager at dawn.", "teenager"),
        ("Gunmen attacked a villager at dawn.", "villager"),
        ("Gunmen attacked a motorcyclist at dawn.", "motorcyclist"),
    ],
)
def test_an_attack_on_a_civilian_target_is_violence_against_civilians(lexicons: Lexicons, sentence: str,
                                                                      form: str) -> None:
    assert lexicons.compiled(target_words).civilian.first(sentence.split(" attacked ", 1)[1]) == form.lower()
    assert _frame(lexicons, sentence) == ("Violence against civilians", "Attack", "trg.attack+cue.target.civilian")


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("Clashes broke out between rival mobs at the market.", "mobs"),
        ("Clashes broke out between youth from two quarters.", "youth"),
        ("Clashes broke out between a group of people and a bus driver.", "group of people"),
        ("Clashes broke out between supporters of two singers.", "supporters"),
        ("Clashes broke out between activists of two unions.", "activists"),
        ("Clashes broke out between inhabitants of two quarters.", "inhabitants"),
        ("Clashes broke out between community members at a well.", "community members"),
        ("Clashes broke out between migrant workers at a mine.", "migrant workers"),
        ("Clashes broke out between vendors at the market.", "vendors"),
        ("Clashes broke out between sellers at the market.", "sellers"),
        ("Clashes broke out between fans of two teams.", "fans"),
        ("Clashes broke out between family members at a wedding.", "family members"),
        ("Clashes broke out between members of the public at a bus stop.", "members of the public"),
        ("Clashes broke out between passers-by at a bus stop.", "passers-by"),
        ("Clashes broke out between party members at a party office.", "party members"),
        ("Clashes broke out between young members of two clubs.", "young members"),
        ("Clashes broke out between kin of two chiefs.", "kin"),
        ("Clashes broke out between neighbors at a well.", "neighbors"),
        ("Clashes broke out between persons from two hamlets.", "persons"),
        ("Clashes broke out between caste rivals at a well.", "caste"),
    ],
)
def test_a_crowd_that_fights_makes_mob_violence_not_a_battle(lexicons: Lexicons, sentence: str, form: str) -> None:
    assert lexicons.compiled(target_words).crowd.first(sentence) == form.lower()
    event_type, sub_type, rule = _frame(lexicons, sentence)
    assert (event_type, sub_type) == ("Riots", "Mob violence")
    assert "cue.crowd" in rule


@pytest.mark.parametrize(
    ("context", "form"),
    [
        ("Local hunters responded to the attack.", "responded to the attack"),
        ("The farmers fought back.", "fought back"),
        ("The residents repulsed the attack.", "repulsed the attack"),
        ("Local youths engaged the attackers.", "engaged the attackers"),
        ("The self-defense responded at once.", "self-defense responded"),
        ("The farmers neutralized two of them.", "neutralized"),
    ],
)
def test_defenders_who_fight_back_turn_an_attack_on_a_village_into_a_battle(lexicons: Lexicons, context: str,
                                                                           form: str) -> None:
    assert lexicons.compiled(target_words).resistance.first(context) == form
    assert _frame(lexicons, "Gunmen attacked a village near the river.", context) == (
        "Battles", "Armed clash", "trg.attack+cue.resistance")
