"""Triggers come from the lexicon with their ids; negation and modality block them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from events.extract.matcher import PhraseMatcher
from events.extract.mentions.triggers import find_triggers
from events.lexicon import Lexicons, expand
from events.pipeline import Extraction


@pytest.mark.parametrize(
    ("sentence", "trigger", "rule"),
    [
        ("Gunmen attacked a village near the river on Monday.", "attacked", "trg.attack"),
        ("Fighters ambushed an army convoy on the main road.", "ambushed", "trg.ambush"),
        ("Heavy clashes broke out between two armed groups.", "clashes", "trg.clash"),
        ("A roadside bomb struck a minibus outside the town.", "roadside bomb", "trg.ied"),
        ("A suicide bomber blew himself up at a checkpoint.", "suicide bomber", "trg.suicide"),
        ("Warplanes carried out an airstrike on a market.", "airstrike", "trg.airstrike"),
        ("Mortar rounds landed in a residential area.", "Mortar", "trg.shelling"),
        ("Kidnappers abducted six traders on the highway.", "abducted", "trg.abduct"),
        ("Hundreds of students protested against fee increases.", "protested", "trg.protest"),
        ("Rioters torched two police vehicles.", "Rioters", "trg.riot"),
        ("The rebels seized control of the district headquarters.", "seized control", "trg.seize"),
        ("Troops recaptured the town after a week of fighting.", "recaptured", "trg.regain"),
        ("Police arrested four suspects in a dawn operation.", "arrested", "trg.arrest"),
        ("Engineers defused an explosive device near the bridge.", "defused", "trg.disrupt"),
    ],
)
def test_the_leading_trigger_of_a_sentence_is_found_with_its_lexicon_id(lexicons: Lexicons, sentence: str, trigger: str,
                                                                       rule: str) -> None:
    found = {(t.text, t.entry.id) for t in find_triggers(sentence, lexicons)}
    assert (trigger, rule) in found


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The army denied attacking the village.", "cue.negation"),
        ("Officials said no civilians were killed.", "cue.negation"),
        ("The militants did not attack the convoy.", "cue.negation"),
        ("The group threatened to attack the capital.", "cue.modality"),
        ("Residents fear that fighters could attack the town.", "cue.modality"),
        ("Observers warned of possible clashes next week.", "cue.modality"),
        ("The union plans to protest outside parliament.", "cue.modality"),
    ],
)
def test_negated_or_hypothetical_triggers_are_blocked_by_their_cue(lexicons: Lexicons, sentence: str, cue: str) -> None:
    triggers = find_triggers(sentence, lexicons)
    assert triggers and all(t.blocked_by == cue for t in triggers)


@pytest.mark.parametrize(
    "sentence",
    ["In March the talks resumed in the capital.", "March 8 is a public holiday.",
     "The Riot Act was read to the crowd."],
)
def test_a_lower_case_trigger_does_not_match_a_capitalised_name_mid_sentence(lexicons: Lexicons, sentence: str) -> None:
    assert [t for t in find_triggers(sentence, lexicons) if t.text in {"March", "Riot"} and t.start > 0] == []


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("KANO (AP) \u2014 Clashes erupted between herders and farmers on Monday.", "Clashes"),
        ("GAO, March 3 (Sahel Wire) \u2013 Clashes erupted near the camp on Monday.", "Clashes"),
        ("Khartoum, June 30(SUNA)Clashes were renewed on Friday in Omdurman.", "Clashes"),
    ],
)
def test_the_text_after_a_datelines_dash_or_bracket_opens_like_a_sentence(lexicons: Lexicons, sentence: str,
                                                                         trigger: str) -> None:
    assert trigger in [t.text for t in find_triggers(sentence, lexicons)]


@pytest.mark.parametrize(
    ("pattern", "forms"),
    [
        ("attack{,s,ed}", ["attack", "attacks", "attacked"]),
        ("gun battle{,s}", ["gun battle", "gun battles"]),
        ("exchange{,d} {of ,}fire", ["exchange of fire", "exchange fire", "exchanged of fire", "exchanged fire"]),
    ],
)
def test_brace_patterns_expand_to_every_form(pattern: str, forms: list[str]) -> None:
    assert expand(pattern) == forms


def test_the_longest_phrase_wins_and_matches_respect_word_boundaries() -> None:
    matcher = PhraseMatcher.build([("bomb", 1), ("car bomb", 2), ("bombing", 3)])
    found = [(m.text, m.payload) for m in matcher.find("A car bomb and a bombing, not a bombshell.")]
    assert found == [("car bomb", 2), ("bombing", 3)]


def test_every_trigger_row_has_a_unique_id_and_a_known_kind(lexicons: Lexicons) -> None:
    rows = lexicons.csv("triggers.csv")
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["kind"] for r in rows} <= {"fixed", "attack", "protest", "territory", "label", "none"}
    assert all(r["event_type"] and r["sub_event_type"] and int(r["priority"]) > 0 for r in rows if r["kind"] != "none")


@pytest.mark.parametrize(
    "sentence",
    ["Police said he had suffered a heart attack.", "The bank was hit by a cyber attack on Monday.",
     "Farmers lost their crops to a locust attack."],
)
def test_phrases_that_only_contain_a_trigger_word_are_no_trigger(lexicons: Lexicons, sentence: str) -> None:
    assert [t for t in find_triggers(sentence, lexicons) if t.entry.kind == "attack"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels seized Timbuktu on Sunday.", "Non-state actor overtakes territory"),
        ("Militants captured the town of Diafarabe on Tuesday.", "Non-state actor overtakes territory"),
        ("Insurgents seized the border post of Malam Fatori.", "Non-state actor overtakes territory"),
        ("Police seized weapons and ammunition in a raid.", None),
        ("Troops captured a rebel commander near the border.", None),
        ("Officials said militants captured three suspects.", None),
    ],
)
def test_a_territory_verb_counts_only_when_a_place_follows(lexicons: Lexicons, text: str, expected: str | None) -> None:
    from events.extract.assembly.frames import build_frame

    frame = build_frame(text, find_triggers(text, lexicons), [], [], lexicons)
    got = frame.sub_event_type if frame else None
    if expected is None:
        assert got != "Non-state actor overtakes territory"
    else:
        assert got == expected


@pytest.mark.parametrize(
    "sentence",
    ["Fighting between the rebels and the militias has continued since the truce.",
     "Clashes in the border area persist despite the deal.",
     "Attacks on convoys have continued in the region, aid groups say."],
)
def test_a_trigger_that_names_a_lasting_situation_is_blocked(lexicons: Lexicons, sentence: str) -> None:
    triggers = find_triggers(sentence, lexicons)
    assert triggers[0].blocked_by == "cue.state" and all(t.blocked_by for t in triggers)


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("Security measures: On 9 March, the governor of Kano banned all marches and rallies for two weeks.",
         "Change to group/activity"),
        ("Movement of forces: On 9 March, two army battalions arrived in Gao from Bamako.",
         "Change to group/activity"),
        ("Formation of armed group: On 9 March, herders in the area announced a new militia.",
         "Change to group/activity"),
        ("Change to armed group: On 9 March, two rebel factions merged under one commander.",
         "Change to group/activity"),
        ("Non-violent activity: On 9 March, armed men entered a school near Djibo and told the teachers to leave.",
         "Other"),
        ("Coup/Military takeover: On 9 March, soldiers announced on state television that they had dissolved the "
         "government.", "Other"),
        ("Headquarters or base established: On 9 March, the army set up a post in Tessit.",
         "Headquarters or base established"),
        ("Weapons seizure: On 9 March, soldiers found two rocket launchers and ammunition in a house in Menaka.",
         "Disrupted weapons use"),
        ("Property destruction: On 9 March, unknown men set fire to the town hall of Kaya.",
         "Looting/property destruction"),
        ("Land seizure: On 9 March, militiamen took over the fields of three farmers near Mopti.",
         "Looting/property destruction"),
        ("Agreement: On 9 March, the two communities signed a truce in Sevare.", "Agreement"),
    ],
)
def test_acled_s_label_opening_a_note_types_it(extract: Callable[..., Extraction], text: str, subtype: str) -> None:
    assert [(e.event_type, e.sub_event_type) for e in extract(text).events] == [("Strategic developments", subtype)]


@pytest.mark.parametrize(
    "sentence",
    ["The army tightened security measures around the airport on Monday.",
     "The talks ended without an agreement: both sides left Geneva on Friday.",
     "Residents fear property destruction: the river is rising."],
)
def test_a_label_word_elsewhere_than_a_note_s_opening_is_no_trigger(lexicons: Lexicons, sentence: str) -> None:
    assert [t for t in find_triggers(sentence, lexicons) if t.entry.kind == "label"] == []

