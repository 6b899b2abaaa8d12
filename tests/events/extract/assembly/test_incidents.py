"""Whole articles through the real extractor: what ACLED would code, written as plain sentences.

Publication date for every case: Friday 14 March 2025 unless a case says otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from events.extract.assembly.incidents import _same_area, incident_cues
from events.lexicon import Lexicons
from events.pipeline import Extraction

Extract = Callable[..., Extraction]


def _current(x: Extraction) -> list[tuple[str, str, str]]:
    return [(e.event_type, e.sub_event_type, e.places[0].place.name if e.places and e.places[0].place else "")
            for e in x.events if not e.background]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the target decides an attack's type
        ("Gunmen attacked a military post in Djibo on Tuesday, officials said.",
         ("Battles", "Armed clash", "Djibo")),
        ("Unknown gunmen attacked the village market in Dori on Wednesday, killing four traders.",
         ("Violence against civilians", "Attack", "Dori")),
        ("Militants ambushed a police patrol near Kaya on Monday.", ("Battles", "Armed clash", "Kaya")),
        ("Armed men shot dead a farmer in his field outside Koutiala on Thursday.",
         ("Violence against civilians", "Attack", "Koutiala")),
        # ACLED's precedence: the battle outranks the airstrike and the killings inside it
        ("Soldiers clashed with insurgents in Gwoza on Sunday while jets carried out airstrikes, killing 20.",
         ("Battles", "Armed clash", "Gwoza")),
        # remote violence
        ("A roadside bomb struck a minibus near Baidoa on Wednesday.",
         ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Baidoa")),
        ("Artillery shells landed in a residential district of Omdurman on Tuesday.",
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Omdurman")),
        ("A drone strike hit a convoy outside Kidal on Monday.",
         ("Explosions/Remote violence", "Air/drone strike", "Kidal")),
        ("A suicide bomber blew himself up at a checkpoint in Mogadishu on Thursday.",
         ("Explosions/Remote violence", "Suicide bomb", "Mogadishu")),
        # abductions and property
        ("Kidnappers abducted six traders on the road to Zaria on Wednesday.",
         ("Violence against civilians", "Abduction/forced disappearance", "Zaria")),
        ("Fighters torched granaries and looted shops in Bankass on Tuesday.",
         ("Strategic developments", "Looting/property destruction", "Bankass")),
        # protests and riots
        ("Hundreds of teachers protested in Dakar on Thursday to demand unpaid wages.",
         ("Protests", "Peaceful protest", "Dakar")),
        ("Students marched in Nairobi on Tuesday. Police fired tear gas to disperse them.",
         ("Protests", "Protest with intervention", "Nairobi")),
        ("Protesters threw stones at police and burned tyres in Lahore on Wednesday.",
         ("Riots", "Violent demonstration", "Lahore")),
        ("A mob of angry residents attacked a suspected thief in Kano on Monday.",
         ("Riots", "Mob violence", "Kano")),
        ("Youths clashed with traders at the central market in Maiduguri on Tuesday.",
         ("Riots", "Mob violence", "Maiduguri")),
        # territory
        ("Rebels seized control of Macomia on Sunday after a day of fighting.",
         ("Battles", "Non-state actor overtakes territory", "Macomia")),
        ("Troops recaptured Bunia on Saturday, the army said.", ("Battles", "Government regains territory", "Bunia")),
    ],
)
def test_a_report_becomes_the_event_an_acled_coder_would_code(extract: Extract, text: str,
                                                             expected: tuple[str, str, str]) -> None:
    assert expected in _current(extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "The army denied attacking the village of Sokolo.",
        "The group threatened to attack Gao if the talks failed.",
        "Residents fear that militants could storm Ménaka before the rainy season.",
        "Officials warned of possible clashes in Kidal next week.",
        "No civilians were killed in Mopti, the governor said.",
        "The union plans to protest in Dakar next month.",
        "On Tuesday, parliament extended the state of emergency in Niger by three months.",
        "The government declared states of emergency in Mopti and Ségou on Monday.",
    ],
)
def test_denials_threats_fears_and_plans_make_no_event(extract: Extract, text: str) -> None:
    assert _current(extract(text)) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2012, rebels seized Timbuktu and held it for ten months.", 2012),
        ("The town was attacked by jihadists in 2015 and again in 2017.", 2015),
        ("In 2019, gunmen killed 160 villagers in Ogossagou.", 2019),
    ],
)
def test_history_the_article_recalls_is_dated_by_its_own_year_and_marked_background(extract: Extract, text: str,
                                                                                   year: int) -> None:
    events = extract(text).events
    assert events and all(e.background and e.event_date and e.event_date.year == year for e in events)


@pytest.mark.parametrize(
    ("text", "title", "day"),
    [
        # a news report (a headline, or a lead and a body) tells yesterday's incident when it gives no day
        ("Gunmen killed four traders in Dori, police said.", "Four traders killed in Dori", date(2025, 3, 13)),
        ("Gunmen killed four traders in Dori, police said.\n\nThe town has seen several attacks.", None,
         date(2025, 3, 13)),
        # a note of one paragraph without a title is dated its own day
        ("Gunmen killed four traders in Dori, police said.", None, date(2025, 3, 14)),
    ],
    ids=["a headline", "two paragraphs", "a note"],
)
def test_an_undated_incident_of_a_news_report_is_the_day_before_publication(extract: Extract, text: str,
                                                                           title: str | None, day: date) -> None:
    event = extract(text, title=title).events[0]
    assert (event.event_date, event.date_precision) == (day, "week")


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # the speaker's description names where the speaker serves: the incident's clause names its place
        ("Musa Ali, a member of the civilian task force in Damboa, said on Thursday that gunmen attacked Bama on "
         "Tuesday.", ["Bama"]),
        ("A police officer in Kano told reporters that gunmen attacked Zaria on Tuesday.", ["Zaria"]),
        # the incident's clause names none: the speaker's place is all there is
        ("Police in Kano said gunmen attacked the town on Tuesday.", ["Kano"]),
        # an incident told before the speaker keeps its place
        ("Gunmen attacked Zaria on Tuesday, a police officer in Kano said.", ["Zaria"]),
    ],
)
def test_a_place_in_the_speakers_description_is_not_the_incidents(extract: Extract, text: str,
                                                                   places: list[str]) -> None:
    assert [place for _, _, place in _current(extract(text))] == places


def test_a_sentence_whose_incident_words_all_refer_back_tells_no_new_incident(extract: Extract) -> None:
    text = ("Gunmen attacked Bama on Tuesday, killing five people. A survivor of the attack reported the incident "
            "in Maiduguri, some 70 km away.")
    assert [(place, e.fatalities) for e, (_, _, place) in zip(extract(text).events, _current(extract(text)),
                                                                strict=True)] == [("Bama", 5)]


@pytest.mark.parametrize("text", [
    "On 3 March 2025, militants shelled positions in the village of Kelbara, west of Ansongo, in the Gao region.",
    # no incident word: the note's crowd-size tag makes the demonstration
    "On 3 March 2025, farmers tried to reach their fields in the village of Kelbara, south of Ansongo. "
    "[size=no report]",
])
def test_a_place_the_gazetteer_lacks_is_near_the_town_it_is_measured_from(extract: Extract, text: str) -> None:
    event = next(e for e in extract(text).events if not e.background)
    assert (event.places[0].text, event.places[0].place.name if event.places[0].place else None,
            event.places[0].geo_precision) == ("Kelbara", "Ansongo", 2)


@pytest.mark.parametrize(
    ("second", "named"),
    [
        ("On Sunday, the rebels of the ADF attacked a village near Butembo, killing two.", True),
        ("On Sunday, ADF rebels attacked a village near Butembo, killing two.", True),
        # the article gives its "rebels" to two groups: neither
        ("On Sunday, ADF rebels attacked a village near Butembo, while M23 rebels shelled Goma.", False),
    ],
)
def test_the_group_an_article_names_for_its_rebels_did_what_its_rebels_did(extract: Extract, second: str,
                                                                            named: bool) -> None:
    text = f"Rebels attacked a village near Beni on Friday, killing four people.\n\n{second}"
    beni = next(e for e in extract(text).events if e.places and e.places[0].text == "Beni")
    actor1 = [a.name for a in beni.actors if a.role == "actor1"]
    assert (actor1 == ["ADF: Allied Democratic Forces"]) is named


@pytest.mark.parametrize("unit", ["area", "district", "sector", "zone", "locality"])
def test_a_place_named_as_the_area_of_another_the_gazetteer_lacks_is_its_setting(extract: Extract,
                                                                                  unit: str) -> None:
    text = f"On 3 March 2025, Malian soldiers clashed with militants in Kelbara {unit} of Tintam, killing two."
    assert [(e.places[0].text, e.fatalities) for e in extract(text).events] == [("Kelbara", 2)]


def test_the_source_of_an_account_is_not_who_acted_in_it(extract: Extract) -> None:
    text = ("According to the army's media wing, five armed assailants tried to breach a police post near Bannu on "
            "Tuesday. The blast killed six policemen.")
    assert [a.name for e in extract(text).events for a in e.actors if a.role == "actor1"] == [
        "Unidentified Armed Group (Pakistan)"]


def test_a_figure_of_a_sentence_dated_to_history_is_no_figure_of_the_incident(extract: Extract) -> None:
    text = ("An air strike hit a house in Rafah on Friday, medics said.\n\n"
            "The war began on 7 October 2023, which resulted in the deaths of 1,200 people, according to a tally.")
    assert [e.fatalities for e in extract(text).events if not e.background] == [0]


def test_no_event_is_ever_dated_after_its_article(extract: Extract) -> None:
    x = extract("Protesters plan to march in Bamako on 20 March 2025. On Tuesday, gunmen attacked Gao.")
    assert x.events and all(e.event_date and e.event_date <= date(2025, 3, 14) for e in x.events)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Gunmen attacked a police post in Dori late on Tuesday.", date(2025, 3, 11)),
        ("On the evening of the 9th, soldiers clashed with militants near Djibo.", date(2025, 3, 9)),
        ("Militants attacked Kaya on March 2. The same day, a bomb exploded in Dori.", date(2025, 3, 2)),
    ],
)
def test_dates_resolve_against_the_publication_date_and_carry_to_the_same_incident(extract: Extract, text: str,
                                                                                 day: date) -> None:
    assert {e.event_date for e in extract(text).events} == {day}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("An air strike killed nine people in Rafah, medics said.\n\n"
         "The strike late on Wednesday hit a family home, neighbours said.", date(2025, 3, 12)),
        ("A bombing killed six people at a bus stop in Kano, police said.\n\n"
         "That bombing on Tuesday evening was the third this year.", date(2025, 3, 11)),
        ("An ambush left eleven soldiers dead near Djibo, the army said. The deadly ambush on Monday lasted an hour.",
         date(2025, 3, 10)),
        ("Gunmen killed four herders in Kano, police said. It took place on Wednesday at dawn.", date(2025, 3, 12)),
    ],
    ids=["the strike", "that bombing", "the deadly ambush", "it took place"],
)
def test_a_sentence_about_the_incident_dates_it_when_its_accounts_do_not(extract: Extract, text: str,
                                                                          day: date) -> None:
    [event] = extract(text).events
    assert event.event_date == day


@pytest.mark.parametrize(
    "text",
    [
        # the incident has its day: a later sentence's date is not its own
        "An air strike killed nine people in Rafah on Thursday, medics said. The strike on Wednesday hit a school.",
        # another noun than the incident's: no reference to it
        "An air strike killed nine people in Rafah, medics said. The market on Wednesday was closed for a week.",
    ],
)
def test_a_sentence_about_another_thing_or_a_dated_incident_leaves_its_date(extract: Extract, text: str) -> None:
    [event] = extract(text).events
    assert event.event_date != date(2025, 3, 12)


def test_a_date_after_a_word_of_speaking_and_an_incident_noun_dates_the_incident(extract: Extract) -> None:
    text = ("Gunmen attacked a village near Beni, killing 30 people.\n\n"
            "The mayor told reporters the attack on Tuesday night began at the market.")
    [event] = extract(text).events
    assert event.event_date == date(2025, 3, 11)


@pytest.mark.parametrize(
    "text",
    [
        "Suspected rebels killed 30 villagers near Beni on Monday.\n\nThe army blamed the attack on the ADF.",
        "An attack by unidentified gunmen killed 30 villagers near Beni on Monday.\n\n"
        "Officials blamed the massacre on the ADF, which denied it.",
    ],
)
def test_a_later_account_that_names_who_did_it_names_the_perpetrator(extract: Extract, text: str) -> None:
    [event] = extract(text).events
    assert [a.name for a in event.actors if a.role == "actor1"] == ["ADF: Allied Democratic Forces"]


@pytest.mark.parametrize(
    "text",
    [
        "Militants killed two soldiers in Niger on Saturday.\n\n"
        "The attack, which occurred in the region of Tahoua, also wounded three guards.",
        "Militants attacked an army post in Niger on Saturday, killing two soldiers.\n\n"
        "The attack in the Tahoua region came a day before a summit in Bamako.",
        "Militants ambushed an army patrol in Niger on Saturday, killing two soldiers. "
        "That ambush near Tahoua was the deadliest this year, officials in Niamey said.",
    ],
    ids=["which occurred in", "a later place is not the incident's", "that ambush"],
)
def test_a_definite_reference_to_the_incident_places_it_and_makes_no_new_event(extract: Extract, text: str) -> None:
    assert [place for _, place, _ in _located(extract(text))] == ["Tahoua"]


def test_a_town_named_like_the_district_of_another_accounts_town_stands_for_the_district(extract: Extract) -> None:
    # Kasese is a town and the district Mpondwe lies in: "a school in Kasese" is the school in Mpondwe
    text = ("Gunmen killed 41 people in an attack on a school in Kasese on Friday.\n\n"
            "Rebels of the ADF attacked the school in Mpondwe on Friday, the army said.")
    events = extract(text).events
    assert [place for _, place, _ in _located(extract(text))] == ["Mpondwe"]
    assert [a.name for a in events[0].actors if a.role == "actor1"] == ["ADF: Allied Democratic Forces"]


def test_two_towns_that_name_no_area_of_each_other_stay_two_incidents(extract: Extract) -> None:
    text = "Gunmen killed four people in Kasese on Friday. Gunmen killed two people in Fort Portal on Friday."
    assert [place for _, place, _ in _located(extract(text))] == ["Kasese", "Fort Portal"]


def test_the_object_of_an_incident_word_in_a_setting_sentence_did_not_act(extract: Extract) -> None:
    text = ("The mayor condemned the attack on MINUSMA peacekeepers near Kidal. "
            "A guard was shot dead at the gate of the camp on Monday.")
    actor1 = [a.name for e in extract(text).events for a in e.actors if a.role == "actor1"]
    assert not any("MINUSMA" in name for name in actor1)


def test_a_reference_that_lists_places_tells_their_incidents(extract: Extract) -> None:
    text = ("Rebels launched an offensive in Mali on Saturday.\n\n"
            "The offensive began with attacks targeting Kidal and Gao in the north on Saturday.")
    assert sorted(place for _, place, _ in _located(extract(text))) == ["Gao", "Kidal"]


def test_a_subject_and_its_verb_are_no_reference_to_the_incident(extract: Extract) -> None:
    text = "Gunmen attacked a checkpoint in Kano on Monday. The gunmen attacked a market in Zaria on Monday."
    assert [place for _, place, _ in _located(extract(text))] == ["Kano", "Zaria"]


def test_a_reference_with_a_day_of_its_own_is_another_incident(extract: Extract) -> None:
    text = ("Militants attacked an army post in Niger on Saturday, killing two soldiers.\n\n"
            "The attack in Tahoua on Tuesday killed four herders.")
    assert len(_located(extract(text))) == 2


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Gunmen killed four farmers in Bama on Monday. Another attack in the same area wounded two herders.", [4, 0]),
        ("Bandits killed two traders near Gusau on Monday. A second raid near Gusau the same day killed a driver.",
         [2, 1]),
        ("Militants ambushed a patrol near Dori on Monday, killing three soldiers. A further ambush near Dori "
         "killed a gendarme.", [3, 1]),
        ("A bomb killed five people at a market in Maiduguri on Monday. A third bomb at the market in Maiduguri "
         "killed a boy. A fourth bomb in Maiduguri killed two guards.", [5, 1, 2]),
    ],
)
def test_another_incident_word_after_a_determiner_of_another_is_another_event(extract: Extract, text: str,
                                                                               fatalities: list[int]) -> None:
    assert [e.fatalities for e in extract(text).events if not e.background] == fatalities


def test_figures_told_of_another_incident_are_not_the_last_ones(extract: Extract) -> None:
    text = ("An Israeli air strike on a house in Rafah killed at least nine people on Friday, medics said. "
            "No victims were reported from a second overnight strike in the city.")
    assert [e.fatalities for e in extract(text).events] == [9]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Militants attacked Kaya on March 2. The next day, a bomb exploded in Dori.", [2, 3]),
        ("Militants attacked Kaya on March 5. A day earlier, a bomb had exploded in Dori.", [4, 5]),
        ("Militants attacked Kaya on March 5. The previous night, a bomb had exploded in Dori.", [4, 5]),
    ],
)
def test_the_next_and_the_previous_day_move_the_incidents_date_by_one(extract: Extract, text: str,
                                                                     days: list[int]) -> None:
    assert sorted(e.event_date.day for e in extract(text).events if e.event_date) == days


def test_a_date_carries_to_later_sentences_of_the_paragraph_but_not_past_it(extract: Extract) -> None:
    text = ("On Monday, militants attacked an army base in Djibo.\n\n"
            "A bomb exploded in Dori, police said.")
    dates = [e.event_date for e in extract(text).events]
    assert dates[0] == date(2025, 3, 10)
    assert dates[1] == date(2025, 3, 10)  # a new paragraph starts from the article's first dated incident


def test_several_places_in_one_sentence_make_one_event_each(extract: Extract) -> None:
    text = "On Sunday, militants attacked army positions in Kidal, Gao and Tessalit."
    assert sorted(place for _, _, place in _current(extract(text))) == ["Gao", "Kidal", "Tessalit"]


@pytest.mark.parametrize(
    ("text", "place", "precision"),
    [
        ("Gunmen attacked a convoy near Ansongo on Monday.", "Ansongo", 2),
        ("Soldiers clashed with militants in the Mopti region on Monday.", "Mopti", 3),
        ("On 2 March 2025, gunmen killed a herder in Kiribiri (Bankass, Mopti).", "Bankass", 2),
        ("GAO, March 12 (Agency) - Gunmen attacked a bus in Ansongo on Tuesday.", "Ansongo", 1),
    ],
    ids=["near X", "X region", "an unknown village stands in for its admin hint", "the dateline is not a location"],
)
def test_how_a_place_is_introduced_sets_its_precision(extract: Extract, text: str, place: str,
                                                      precision: int) -> None:
    events = extract(text).events
    assert [(e.places[0].place.name, e.places[0].geo_precision) for e in events
            if e.places and e.places[0].place] == [(place, precision)]


@pytest.mark.parametrize(
    ("text", "fatalities", "low", "high"),
    [
        ("Gunmen killed 12 villagers in Dori on Monday.", 12, 12, 12),
        ("Gunmen killed dozens of villagers in Dori on Monday.", 12, 24, 99),
        ("Gunmen killed at least 7 people in Dori on Monday, officials said. "
         "A local group said 15 people were killed.", 7, 7, 15),
        ("Militants attacked a base in Djibo on Monday. Nobody was hurt.", 0, 0, 0),
        ("Militants attacked a police checkpoint in Djibo on Monday, killing nine police, an official said. The "
         "governor's spokesman said seven insurgents were killed in the fighting.", 16, 7, 9),
        ("Militants attacked a base in Djibo on Monday, leaving 18 people dead, officials said. The army chief "
         "said his troops repelled the militants, killing several of them.", 18, 3, 18),
        ("Militants attacked a base in Djibo on Monday, killing five soldiers, the army said. The group said it "
         "had killed 30 soldiers.", 5, 5, 30),
        ("Soldiers repelled an attack on their base in Djibo on Monday, killing 37 militants and four soldiers "
         "died, the army said. The group said its fighters had killed 15 soldiers.", 15, 4, 37),
    ],
    ids=["an exact figure", "a vague figure is coded 12", "conflicting figures: the lowest credible",
         "no casualties", "each side's dead reported by another source add up",
         "a vague figure does not compete with a stated one", "two accounts of one side's dead: the lowest",
         "an account of both sides' dead competes whole"],
)
def test_fatalities_follow_acleds_conservative_coding(extract: Extract, text: str, fatalities: int, low: int,
                                                      high: int | None) -> None:
    event = extract(text).events[0]
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (fatalities, low, high)


def test_conflicting_figures_stay_separate_claims_with_their_claimants(extract: Extract) -> None:
    x = extract("Gunmen killed 9 villagers near Bandiagara on Sunday, the army said in a statement. "
                "A local association said 21 people had been killed.")
    killed = sorted((c.count_low, c.claimant) for c in x.claims if c.kind == "killed")
    assert [n for n, _ in killed] == [9, 21]
    assert "army" in killed[0][1]
    assert all(c.event_id == x.events[0].event_id for c in x.claims)


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("JNIM militants attacked a FAMa post in Boni on Monday.",
         "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali"),
        ("Soldiers were ambushed by al-Shabaab fighters near Baidoa on Monday.", "Al Shabaab",
         "Military Forces of Somalia"),
        ("Gunmen shot dead a shopkeeper in Culiacan on Monday.", "Unidentified Armed Group (Mexico)",
         "Civilians (Mexico)"),
        ("A man was shot dead in Culiacan on Monday.", "Unidentified Gang (Mexico)", "Civilians (Mexico)"),
        ("Workers protested in Lahore on Monday against power cuts.", "Protesters (Pakistan)", None),
    ],
)
def test_actor_roles_follow_acled(extract: Extract, text: str, actor1: str, actor2: str | None) -> None:
    actors = {(a.role, a.name) for a in extract(text).events[0].actors}
    assert ("actor1", actor1) in actors
    if actor2:
        assert ("actor2", actor2) in actors


def test_every_field_is_traced_to_a_span_of_the_article_and_a_rule(extract: Extract) -> None:
    text = "On Monday, JNIM militants attacked an army post in Boni, killing 3 soldiers, the army said."
    event = extract(text).events[0]
    fields = {ev.field for ev in event.evidence}
    assert {"event_type", "event_date", "location", "actor1", "claim.killed"} <= fields
    for ev in event.evidence:
        assert text[ev.start:ev.end] == ev.text and ev.rule


def test_event_ids_are_stable_for_the_same_input_and_version(extract: Extract) -> None:
    text = "Gunmen attacked a police post in Dori on Tuesday."
    assert [e.event_id for e in extract(text).events] == [e.event_id for e in extract(text).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A thief was beaten up by locals at the market in Kano on Monday.", ("Riots", "Mob violence")),
        ("Two groups of farmers clashed over land in Kaduna on Monday. Five people were injured. [size=no report]",
         ("Riots", "Mob violence")),
        ("A man was found dead with gunshot wounds in Culiacan on Monday.", ("Violence against civilians", "Attack")),
        ("Gunmen attacked the village of Sokolo on Monday and looted shops. No casualties were reported.",
         ("Strategic developments", "Looting/property destruction")),
        ("Gunmen attacked the village of Sokolo on Monday, killing two members of a self-defence militia.",
         ("Battles", "Armed clash")),
        ("Engineers found and defused an IED on the road to Douentza on Monday.",
         ("Strategic developments", "Disrupted weapons use")),
    ],
    ids=["a crowd as the agent of a passive", "ACLED's [size] tag marks a crowd", "a lone victim is no crowd",
         "a raid that only plunders", "only combatants killed makes a fight", "a defused device"],
)
def test_who_fights_whom_and_what_happened_to_them_sets_the_type(extract: Extract, text: str,
                                                                 expected: tuple[str, str]) -> None:
    assert expected in {(e.event_type, e.sub_event_type) for e in extract(text).events}


def test_a_town_named_twice_in_one_sentence_is_one_event_with_one_id(extract: Extract) -> None:
    x = extract("Protesters gathered in Dakar on Monday against the killing of a trader in Dakar last week.")
    ids = [e.event_id for e in x.events]
    assert len(ids) == len(set(ids)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 3 March 2025, employees of the city hospital in Dakar demanded unpaid salaries. [size=no report]",
         ("Protests", "Peaceful protest")),
        ("On 3 March 2025, traders in Kano stood outside the market office. Police dispersed them with tear "
         "gas. [size=dozens]", ("Protests", "Protest with intervention")),
        ("On 3 March 2025, residents of Gao complained about water cuts. [size=around 50]",
         ("Protests", "Peaceful protest")),
    ],
)
def test_acleds_crowd_size_tag_marks_a_demonstration_when_nothing_else_does(extract: Extract, text: str,
                                                                           expected: tuple[str, str]) -> None:
    events = extract(text).events
    assert [(e.event_type, e.sub_event_type) for e in events] == [expected]
    assert any(ev.rule.endswith("acled.size") for ev in events[0].evidence)


def test_a_note_without_the_tag_and_without_a_trigger_makes_no_event(extract: Extract) -> None:
    assert extract("On 3 March 2025, employees of the city hospital in Dakar demanded unpaid salaries.").events == []


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("Military forces of India and Pakistan exchanged fire across the border near Poonch on Monday.",
         "Military Forces of India", "Military Forces of Pakistan"),
        ("Armenian and Azerbaijani troops clashed near the border on Monday.",
         "Military Forces of Armenia", "Military Forces of Azerbaijan"),
        ("Federal troops and Fano fighters fought near Bichena on Monday.",
         "Military Forces of Ethiopia", "Fano Militia"),
    ],
    ids=["military forces of X and Y", "two demonyms", "X and Y fought"],
)
def test_two_sides_named_together_before_a_clash_are_actor1_and_actor2(extract: Extract, text: str, actor1: str,
                                                                       actor2: str) -> None:
    roles = [(a.role, a.name) for a in extract(text).events[0].actors if a.role in ("actor1", "actor2")]
    assert roles == [("actor1", actor1), ("actor2", actor2)]


@pytest.mark.parametrize(
    ("text", "published", "name", "rule"),
    [
        ("ISGS militants attacked a village near Menaka on Monday, killing four civilians.", date(2018, 6, 13),
         "Islamic State (Greater Sahara)", "actor.is_greater_sahara+cue.actor.member:era<2019-04-01"),
        ("ISGS militants attacked a village near Menaka on Monday, killing four civilians.", date(2020, 6, 17),
         "Islamic State (West Africa) - Greater Sahara Faction",
         "actor.is_greater_sahara+cue.actor.member:era<2022-03-21"),
        ("ISGS militants attacked a village near Menaka on Monday, killing four civilians.", date(2025, 6, 18),
         "Islamic State (Sahel)", "actor.is_greater_sahara+cue.actor.member"),
        ("Katiba Macina fighters attacked a village near Djenne on Monday.", date(2019, 5, 15),
         "JNIM: Group for Support of Islam and Muslims", "actor.katiba_macina+cue.actor.member:era<2020-04-01"),
        ("Katiba Macina fighters attacked a village near Djenne on Monday.", date(2021, 5, 19),
         "Katiba Macina", "actor.katiba_macina+cue.actor.member"),
    ],
    ids=["ISGS in 2018", "ISGS in 2020", "ISGS today", "Katiba Macina in 2019", "Katiba Macina in 2021"],
)
def test_an_actor_takes_the_name_acled_used_on_the_events_date(extract: Extract, text: str, published: date,
                                                              name: str, rule: str) -> None:
    [actor1] = [a for a in extract(text, published=published).events[0].actors if a.role == "actor1"]
    assert (actor1.name, actor1.rule) == (name, rule)


@pytest.mark.parametrize(
    ("text", "location", "country"),
    [
        ("On 3 March 2025, in Brasilia, Distrito Federal, hundreds of teachers protested against pay cuts.",
         "Brasília", "Brazil"),
        ("On 3 March 2025, protesters blocked the main road in el Marj.", "Al Marj", "Libya"),
        ("On 3 March 2025, gunmen attacked a checkpoint in al-Qusayr, killing two soldiers.", "Al Quşayr", "Syria"),
    ],
    ids=["a city beside a hint that names only villages elsewhere", "the Arabic article 'el'",
         "the Arabic article 'al-'"],
)
def test_place_names_with_articles_and_hints_resolve_in_the_right_country(extract: Extract, text: str,
                                                                         location: str, country: str) -> None:
    place = extract(text).events[0].places[0].place
    assert place is not None and (place.name, place.country) == (location, country)


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        ("On 3 March 2025, an anarchist cell carried out an arson attack on a car dealership in Izmir. "
         "Nobody was hurt.", "Strategic developments", "Looting/property destruction"),
        ("On 3 March 2025, unknown men set fire to a warehouse in Kano, causing material damage.",
         "Strategic developments", "Looting/property destruction"),
        ("On 3 March 2025, rebels fired rockets at an army post near Rutshuru and soldiers responded to the fire, "
         "killing two rebels.", "Battles", "Armed clash"),
        ("On 3 March 2025, the army carried out an operation against militants near Kidal.", "Battles",
         "Armed clash"),
        ("On 3 March 2025, soldiers and gunmen engaged in a fire fight near Bamenda.", "Battles", "Armed clash"),
        ("On 3 March 2025, a village chief was shot dead by gunmen near Menaka.", "Violence against civilians",
         "Attack"),
        ("On 3 March 2025, residents protested in Bafoussam after a taxi driver was killed. They set fire to "
         "tyres and barricaded the main road.", "Riots", "Violent demonstration"),
        ("On 3 March 2025, depositors protested outside a bank in Beirut, demanding the recovery of looted "
         "savings.", "Protests", "Peaceful protest"),
        ("On 3 March 2025, traders demonstrated in Kumasi for the return of goods looted from their stalls.",
         "Protests", "Peaceful protest"),
        ("On 3 March 2025, gunmen abducted a teacher near Djibo. He was later found dead.",
         "Violence against civilians", "Attack"),
        ("On 3 March 2025, militants threw a hand grenade at a police post in Mogadishu and the police reacted "
         "with gunfire.", "Battles", "Armed clash"),
        ("On 3 March 2025, the air force targeted rebel positions near Misrata. No casualties were reported.",
         "Explosions/Remote violence", "Air/drone strike"),
        ("On 3 March 2025, an explosion killed a farmer near Maungdaw.", "Explosions/Remote violence",
         "Shelling/artillery/missile attack"),
        ("On 3 March 2025, a bomb hidden in a cart exploded at a bus stop in Gombe, killing four people.",
         "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("On 3 March 2025, students demonstrated in Sikasso and threw stones at the police, who fired tear gas.",
         "Riots", "Violent demonstration"),
        ("On 3 March 2025, police fired tear gas at protesters in Sikasso. The march marks the day in 1991 "
         "that violent protests broke out in the town.", "Protests", "Protest with intervention"),
    ],
    ids=["arson with nobody hurt", "material damage", "responded to the fire", "operation against",
         "fire fight", "killed by gunmen: the victim is the target", "violence in the next sentence",
         "looting as the grievance", "looted goods as the grievance", "an abductee killed",
         "a grenade answered with gunfire", "the air force targeted", "an explosion that kills",
         "a bomb that explodes", "demonstrators throwing stones", "violence of an earlier year is no context"],
)
def test_acleds_type_follows_what_was_done_and_to_whom(extract: Extract, text: str, event_type: str,
                                                       sub_event_type: str) -> None:
    event = extract(text).events[0]
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


@pytest.mark.parametrize(
    ("text", "published", "actor1"),
    [
        ("Suspected JNIM or ISGS militants attacked a village near Hombori on Monday, killing a trader.",
         date(2025, 3, 14), "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Sahel)"),
        ("ISWAP and/or Boko Haram fighters attacked a village near Gwoza on Monday, killing two farmers.",
         date(2025, 3, 14),
         "Islamic State (West Africa) and/or Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        ("ISGS or JNIM militants burned a school near Gossi on Monday.", date(2020, 6, 17),
         "Islamic State (West Africa) - Greater Sahara Faction and/or JNIM: Group for Support of Islam and Muslims"),
        ("Boko Haram or ISWAP fighters attacked a village near Gwoza on Monday, killing two farmers.",
         date(2025, 3, 14),
         "Islamic State (West Africa) and/or Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        ("Boko Haram/IS fighters ambushed an army convoy near Damboa on Monday.", date(2025, 3, 14),
         "Islamic State (West Africa) and/or Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
        ("Fighters of ISWAP/Boko Haram burned a church near Biu on Monday.", date(2025, 3, 14),
         "Islamic State (West Africa) and/or Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ],
    ids=["X or Y", "X and/or Y", "each part named for its era, in the text's order",
         "a pair ACLED names keeps ACLED's order", "X/Y", "X/Y reversed"],
)
def test_a_perpetrator_that_is_one_of_two_groups_is_coded_x_and_or_y(extract: Extract, text: str, published: date,
                                                                    actor1: str) -> None:
    names = [a.name for a in extract(text, published=published).events[0].actors if a.role == "actor1"]
    assert names == [actor1]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("On 3 March 2025, a truck struck a landmine between Bougou and Bandiagara (Bandiagara, Mopti), killing "
         "two drivers.", "Mali"),
        ("On 3 March 2025, gunmen attacked a bus between Sokoura and Bankass (Bankass, Mopti), killing a driver.",
         "Mali"),
    ],
    ids=["the hints after the second name of 'between X and Y' locate the first",
         "a namesake abroad of the first name is vetoed by them"],
)
def test_a_road_between_two_places_is_located_by_their_shared_hints(extract: Extract, text: str,
                                                                    country: str) -> None:
    place = extract(text).events[0].places[0].place
    assert place is not None and place.country == country


@pytest.mark.parametrize(
    "text",
    [
        "On 3 March 2025, youths hurled a Molotov cocktail at a bank branch in Saida.",
        "On 3 March 2025, coalition warships fired missiles at a boat in the Red Sea.",
        "On 3 March 2025, a drone struck a tanker in the Gulf of Aden.",
    ],
    ids=["a weapon named after a town", "a sea", "a gulf"],
)
def test_weapons_and_seas_are_not_places(extract: Extract, text: str) -> None:
    named = [m.text for e in extract(text).events for m in e.places]
    assert not any(n in ("Molotov", "Red Sea", "Gulf of Aden") for n in named)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("On 3 March 2025, gunmen attacked checkpoints in Gao, Ansongo and Menaka.", ["Gao", "Ansongo", "Ménaka"]),
        ("On 3 March 2025, traders protested in Kumasi in the north, Accra and Tema in the south.",
         ["Kumasi", "Accra", "Tema"]),
        ("On 3 March 2025, students protested in Lahore over fuel prices set by Islamabad officials.", ["Lahore"]),
        ("On 3 March 2025, a drone struck a convoy near Tessalit carrying fuel bound for Kidal.", ["Tessalit"]),
    ],
    ids=["a list of towns", "a list broken by regions", "a later name that is not where it happened",
         "a destination"],
)
def test_one_event_per_place_only_for_places_listed_together(extract: Extract, text: str,
                                                              places: list[str]) -> None:
    named = [e.places[0].place.name for e in extract(text).events if e.places and e.places[0].place]
    assert named == places


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # the dotless i, the long s and the dotted capital I match the lexicons' letters case-insensitively
        # (OCR, mis-encoded feeds): every reader takes them for those letters, as the patterns do
        ("Gunmen killed 12 ſoldiers near Kidal laſt week.", 12),
        ("Gunmen kılled 12 soldiers near Kidal on Monday.", 12),
        ("Gunmen ſhot dead 12 ſoldiers near Kidal on Monday.", 12),
        ("Gunmen killed several civilıans in Kidal on Monday, the army ſaid.", 3),
        ("Soldiers said more than 20 İnsurgents were killed near Kidal on Monday.", 20),
        ("Gunmen killed twelve villagers in Kidal. Later on Monday, ſome 300 people fled.", 12),
    ],
)
def test_look_alike_letters_are_read_as_the_letters_they_stand_for(extract: Extract, text: str,
                                                                  fatalities: int) -> None:
    assert [e.fatalities for e in extract(text).events] == [fatalities]


def _locations(x: Extraction) -> list[tuple[str, str]]:
    """(place, location rule) of each event."""
    return [(e.places[0].place.name if e.places and e.places[0].place else "",
             next(ev.rule for ev in e.evidence if ev.field == "location")) for e in x.events]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("On 3 March 2025, traders protested in Kumasi in the north-east, Accra and Tema.",
         ["Kumasi", "Accra", "Tema"]),
        ("On 3 March 2025, traders protested in Kumasi in the northeast, Accra and Tema.", ["Kumasi", "Accra", "Tema"]),
        ("On 3 March 2025, traders protested in Kumasi in the north-west, Accra and Tema.",
         ["Kumasi", "Accra", "Tema"]),
        ("On 3 March 2025, traders protested in Kumasi in the south-east, Accra and Tema.",
         ["Kumasi", "Accra", "Tema"]),
        ("On 3 March 2025, traders protested in Kumasi in the south-west, Accra and Tema.",
         ["Kumasi", "Accra", "Tema"]),
        ("On 3 March 2025, gunmen attacked checkpoints in Gao as well as in Ansongo.", ["Gao", "Ansongo"]),
        ("On 3 March 2025, gunmen attacked checkpoints in Gao and at Ansongo.", ["Gao", "Ansongo"]),
        ("On 3 March 2025, gunmen attacked checkpoints in Gao and near Ansongo.", ["Gao", "Ansongo"]),
        ("On 3 March 2025, gunmen attacked checkpoints in Gao and the localities of Ansongo and Menaka.",
         ["Gao", "Ansongo", "Ménaka"]),
        ("On 3 March 2025, gunmen attacked checkpoints in Gao and the districts of Ansongo and Menaka.",
         ["Gao", "Ansongo", "Ménaka"]),
    ],
)
def test_places_listed_together_make_one_event_each_and_say_so(extract: Extract, text: str,
                                                               places: list[str]) -> None:
    located = _locations(extract(text))
    assert [place for place, _ in located] == places
    assert all("+incident.list-join:" in rule for _, rule in located[1:])


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("On 3 March 2025, gunmen attacked a checkpoint in Ansongo locality, Gao region.", "Ansongo"),
        ("On 3 March 2025, gunmen attacked a checkpoint in Ansongo municipality, Gao region.", "Ansongo"),
        ("On 3 March 2025, gunmen attacked a checkpoint in Ansongo commune, Gao region.", "Ansongo"),
        ("On 3 March 2025, gunmen attacked a checkpoint in Boni, northeast of Douentza.", "Boni"),
        ("On 3 March 2025, a bomb exploded at a market in Konduga, about 35 km southeast of Maiduguri.", "Konduga"),
        ("On 3 March 2025, gunmen raided a village near Bandiagara, some 60 kilometres east of Mopti.", "Bandiagara"),
        ("On 3 March 2025, gunmen attacked a checkpoint in Boni, roughly 90 kms northeast of Douentza.", "Boni"),
        ("On 3 March 2025, gunmen attacked a checkpoint in Boni, 56 miles northeast of Douentza.", "Boni"),
        ("On 3 March 2025, gunmen ambushed a bus on the road that connects Iguala to Huitzuco.",
         "Iguala de la Independencia"),
        ("On 3 March 2025, gunmen ambushed a bus on the road connecting Iguala to Huitzuco.",
         "Iguala de la Independencia"),
    ],
    ids=["X locality, Y region", "X municipality, Y region", "X commune, Y region", "X, northeast of Y",
         "X, about N km southeast of Y", "near X, some N kilometres north of Y", "X, roughly N kms northeast of Y",
         "X, N miles northeast of Y",
         "the road that connects X to Y", "the road connecting X to Y"],
)
def test_a_name_that_only_situates_another_or_ends_its_road_makes_no_event(extract: Extract, text: str,
                                                                           place: str) -> None:
    assert [name for name, _ in _locations(extract(text))] == [place]


@pytest.mark.parametrize("distance", [
    "around 40 km", "nearly 40 kilometers", "approximately 40 kilometre", "almost 40 kilometer", "over 40 km",
    "more than 40 km", "less than 40 km", "25 miles", "1 mile", "25 mi", "40 km", "40.5 km",
])
def test_a_town_a_place_is_measured_from_only_situates_it(extract: Extract, distance: str) -> None:
    text = f"On 3 March 2025, gunmen attacked a checkpoint in Boni, {distance} northeast of Douentza."
    assert [name for name, _ in _locations(extract(text))] == ["Boni"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("On Monday, militants attacked an army base near Djibo.\n\nA security source said 40 soldiers had been "
         "killed.", "trg.kill+frame.victims.armed+incident.toll-trigger"),
        ("On Monday, militants attacked an army base near Djibo.\n\nA security source said 40 soldiers had been "
         "wounded.", "trg.harm+cue.target.armed+incident.toll-trigger"),
        ("On 3 March 2025, fishermen demonstrated in Freetown. Traders clashed with police.",
         "trg.clash+frame.fights+cue.crowd+incident.violent-type"),
    ],
    ids=["a bare toll of killed", "a bare toll of wounded", "more of the same violence"],
)
def test_a_sentence_that_continues_a_violent_incident_says_which_list_joined_it(extract: Extract, text: str,
                                                                                rule: str) -> None:
    [event] = extract(text).events
    assert [ev.rule for ev in event.evidence if ev.field == "event_type"][1:] == [rule]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("The protesters set fire to tyres.", "the"),
        ("The demonstrators set fire to tyres.", "the"),
        ("The crowd set fire to tyres.", "the"),
        ("The rioters set fire to tyres.", "the"),
        ("The youths set fire to tyres.", "the"),
        ("The participants set fire to tyres.", "the"),
        ("The marchers set fire to tyres.", "the"),
        ("Protesters set fire to tyres.", "alone"),
        ("Demonstrators set fire to tyres.", "alone"),
        ("Some of the protesters set fire to tyres.", "alone"),
        ("Some demonstrators set fire to tyres.", "alone"),
        ("They set fire to tyres.", None),
    ],
)
def test_the_crowd_of_a_protest_opens_the_sentence_that_turns_it_violent(lexicons: Lexicons, text: str,
                                                                         group: str | None) -> None:
    crowd = lexicons.compiled(incident_cues).the_crowd.match(text)
    assert crowd is not None
    assert next((name for name in ("the", "alone") if crowd.group(name) is not None), None) == group


def test_other_people_are_no_crowd_of_the_protest(lexicons: Lexicons) -> None:
    assert lexicons.compiled(incident_cues).the_crowd.match("Traders set fire to tyres.") is None


@pytest.mark.parametrize(
    ("area", "name"),
    [
        ("Taiz Governorate", "Taiz"),
        ("Ouaddai Province", "Ouaddai"),
        ("Mopti Region", "Mopti"),
        ("Zamfara State", "Zamfara"),
        ("Ouest Department", "Ouest"),
        ("Nairobi District", "Nairobi"),
        ("Garissa County", "Garissa"),
        ("Kharkiv Oblast", "Kharkiv"),
        ("Muhafazat Halab", "Halab"),
        ("Wilayat Adrar", "Adrar"),
        ("Ouham Prefecture", "Ouham"),
        ("Iguala Municipality", "Iguala"),
    ],
)
def test_an_area_named_with_or_without_its_kind_is_one_area(lexicons: Lexicons, area: str, name: str) -> None:
    cues = lexicons.compiled(incident_cues)
    assert _same_area(area, name, cues)
    assert not _same_area(area, "Northtown", cues)


def test_a_headline_repeated_with_a_stop_at_the_top_of_the_text_makes_no_event_of_its_own(extract: Extract) -> None:
    """The page writes its title again as the first line, with a full stop: still the headline, whose toll counts
    for the lead (`incidents._count_headline`), not a second incident."""
    x = extract("Three militants killed in encounter in Ansongo.\n\nThree militants were killed in an encounter with "
                "soldiers near Menaka on Saturday, the army said.",
                title="Three militants killed in encounter in Ansongo")
    assert [(e.event_type, e.fatalities) for e in x.events if not e.background] == [("Battles", 3)]



def _located(x: Extraction) -> list[tuple[str, str, int]]:
    """(the mention, the place it is coded at, geo_precision) of each current event."""
    return [(e.places[0].text, e.places[0].place.name, e.places[0].geo_precision) for e in x.events
            if not e.background and e.places and e.places[0].place]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked the Kiribouga department in Soum province on Monday, killing 12 soldiers.",
         [("Kiribouga", "Soum", 2)]),
        ("A mob lynched a suspected thief in Odoteri, Ethiope West Local Government Area of Delta State, on Monday.",
         [("Odoteri", "Ethiope West", 2)]),
        ("Bandits raided Kworbaka village in Nigeria on Monday, killing three farmers.",
         [("Kworbaka", "Nigeria", 3)]),
        ("Militants stormed the Kalembou camp in the Mopti region on Tuesday, killing four herders.",
         [("Kalembou", "Mopti", 3)]),
        ("Soldiers clashed with militants in the Wourkou commune of Mali on Monday.",
         [("Wourkou", "Mali", 3)]),
        ("Raiders killed a herder at a cattle camp in Kolnyang Payam in South Sudan on Wednesday.",
         [("Kolnyang", "South Sudan", 3)]),
    ],
    ids=["a department in a province", "a village in an LGA, in a state", "a village in a country",
         "a camp in a region", "a commune in a country", "a payam in a country"],
)
def test_a_place_the_gazetteer_lacks_is_coded_at_the_most_local_area_its_sentence_names(
        extract: Extract, text: str, expected: list[tuple[str, str, int]]) -> None:
    """ACLED codes a village it cannot find at the most local unit the text names; the name stays the text's."""
    assert _located(extract(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Justice department said gunmen killed two people in Kano on Monday.",
        "Fighting near the Green zone killed two people in Baghdad on Monday.",
    ],
    ids=["an agency", "an ordinary word before a kind of place"],
)
def test_an_ordinary_word_before_a_kind_of_place_is_no_unknown_place(extract: Extract, text: str) -> None:
    assert [place for _, place, _ in _located(extract(text))] in (["Kano"], ["Baghdad"])


def test_a_sentence_that_says_where_the_incident_took_place_places_it(extract: Extract) -> None:
    text = ("A pre-dawn raid by al-Shabaab on a military base in southern Somalia left 18 people dead on Sunday.\n\n"
            "It took place in the Lower Shabelle province, on the outskirts of the regional capital Marka.")
    assert [place for _, place, _ in _located(extract(text))] == ["Marka"]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed five soldiers in Somalia on Sunday. The ambush happened near Baidoa.",
        "Gunmen killed five soldiers in Somalia on Sunday. The ambush occurred on a road outside Baidoa.",
        "Gunmen killed five soldiers in Somalia on Sunday. The attack unfolded in Baidoa, residents said.",
        "Gunmen killed five soldiers in Somalia on Sunday. Residents said the fighting takes place in Baidoa.",
    ],
    ids=["happened", "occurred", "unfolded", "takes place"],
)
def test_every_verb_of_taking_place_refines_the_incidents_place(extract: Extract, text: str) -> None:
    assert [place for _, place, _ in _located(extract(text))] == ["Baidoa"]


def test_a_town_named_where_it_took_place_stays_when_the_incident_has_a_town(extract: Extract) -> None:
    text = "Gunmen killed five soldiers in Baidoa on Sunday. A similar raid took place in Kismayo last year."
    assert [place for _, place, _ in _located(extract(text))] == ["Baidoa"]


@pytest.mark.parametrize(
    "text",
    [
        "Speaking to local media in the capital Mogadishu, the army chief said militants attacked a base in "
        "Somalia on Sunday.",
        "The governor told reporters in Maiduguri that gunmen killed 12 people in Nigeria on Monday.",
        "The minister said in Kabul that the Taliban attacked a checkpoint in Afghanistan on Monday.",
        "The police chief told a news conference in Juba that raiders killed 14 people in South Sudan on Monday.",
        "A spokesman told AFP in Bamako that jihadists attacked a post in Mali on Monday.",
        "The commander, speaking by phone from Goma, said rebels killed eight villagers in DR Congo on Sunday.",
        "Addressing journalists in Niamey, the minister said gunmen killed ten soldiers in Mali on Monday.",
        "The president addressed a press conference in Niamey after gunmen killed ten soldiers in Mali on Monday.",
        "The commissioner, who spoke to Radio Tamazuj from his base in Bor, said raiders killed 14 people in South "
        "Sudan on Monday.",
        "The mayor, speaking to Daily Trust from her office in Kano, said gunmen killed four people in Nigeria on "
        "Monday.",
    ],
    ids=["speaking to local media in", "told reporters in", "said in", "told a news conference in",
         "told an agency in", "speaking by phone from", "addressing journalists in", "addressed a press conference",
         "spoke to an outlet from his base in", "speaking to an outlet from her office in"],
)
def test_where_somebody_spoke_is_not_where_the_incident_happened(extract: Extract, text: str) -> None:
    places = [place for _, place, _ in _located(extract(text))]
    assert len(places) == 1 and places[0] not in ("Mogadishu", "Maiduguri", "Kabul", "Juba", "Bamako", "Goma", "Niamey")


def test_police_saying_where_clashes_were_still_places_them(extract: Extract) -> None:
    assert [place for _, place, _ in _located(extract("Police said clashes in Kano killed five people on Monday."))
            ] == ["Kano"]


def test_the_same_incident_at_a_province_and_at_the_country_is_coded_at_the_province(extract: Extract) -> None:
    text = ("More than a dozen soldiers were killed in an attack in northern Burkina Faso on Monday.\n\n"
            "A statement said the military detachment in Soum province was the target of the attack.")
    assert [place for _, place, _ in _located(extract(text))] == ["Soum"]


def test_an_incident_recalled_a_fortnight_before_is_its_own_and_earlier(extract: Extract) -> None:
    text = ("A mob lynched a suspected thief in Odoteri, Ethiope West Local Government Area of Delta State, on "
            "Tuesday. Two robbery suspects suffered the same fate a fortnight ago in Effurun.")
    assert [mention for mention, _, _ in _located(extract(text))] == ["Odoteri"]


def test_a_place_the_gazetteer_lacks_where_the_incident_took_place_names_it(extract: Extract) -> None:
    """Coded at the area the incident was placed at; the town it is measured from is no place of it."""
    text = ("Eight aid workers were abducted on Thursday in South Sudan, the army said.\n"
            "The incident occurred in Mabiordit, some 680 kilometers northeast of the capital, Juba.")
    assert _located(extract(text)) == [("Mabiordit", "South Sudan", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "Sahel Wire Web Team Dakar Gunmen killed five villagers in Mali on Monday.",
        "By Staff Reporter Dakar - Gunmen killed five villagers in Mali on Monday.",
        "West Africa Bureau Dakar: Gunmen killed five villagers in Mali on Monday.",
        "Regional News Desk Dakar Gunmen killed five villagers in Mali on Monday.",
        "Our Correspondent Dakar Gunmen killed five villagers in Mali on Monday.",
        "Sahel Wire Web Desk Dakar Gunmen killed five villagers in Mali on Monday.",
        "Sahel News Service Dakar - Gunmen killed five villagers in Mali on Monday.",
        "Sahel Wire Staff Writer Dakar - Gunmen killed five villagers in Mali on Monday.",
    ],
)
def test_a_bylines_city_is_not_where_the_incident_happened(extract: Extract, text: str) -> None:
    assert [place for _, place, _ in _located(extract(text))] == ["Mali"]


@pytest.mark.parametrize(
    "text",
    [
        "Attacks by insurgent groups on a number of districts of Afghanistan have raised fears before the vote.",
        "Officials in Nigeria said the abductors were bandits who kidnapped the pupils, not jihadists.",
        "The army fought the group in Mali, the minister told parliament.",
    ],
)
def test_an_incident_beyond_the_lead_with_neither_a_place_below_the_country_nor_a_day_is_not_coded(
        extract: Extract, text: str) -> None:
    history = "In 2015, militants killed 20 people in Kano during the election campaign.\n\n"
    assert _current(extract(history + text)) == []


def test_a_vague_incident_is_kept_as_background_with_its_reason(extract: Extract) -> None:
    x = extract("In 2015, militants killed 20 people in Kano during the election campaign.\n\n"
                "The army fought the group in Mali, the minister told parliament.")
    assert "report.vague" in [ev.rule for e in x.events for ev in e.evidence if ev.field == "background"]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed five villagers in Nigeria, police said.",
        "Soldiers clashed with militants in Mali.",
    ],
)
def test_a_lead_that_gives_only_the_country_is_still_coded_there(extract: Extract, text: str) -> None:
    """An ACLED note, or a story's lead, is the subject: coded at the country (precision 3) even undated."""
    assert len(_current(extract(text))) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Attacks by insurgent groups on a number of districts of Afghanistan have raised fears before the vote.",
        "Officials in Nigeria said the abductors were bandits who kidnapped the pupils, not jihadists.",
    ],
)
def test_a_vague_lead_of_one_sentence_is_its_articles_subject(extract: Extract, text: str) -> None:
    assert len(_current(extract(text))) == 1


def test_an_incident_in_the_country_with_its_day_is_coded(extract: Extract) -> None:
    assert [t for t, _, _ in _current(extract("Gunmen killed five villagers in Nigeria on Monday."))] == [
        "Violence against civilians"]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed ten villagers in Burkina Faso on Sunday; survivors who fled the attack arrived in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; survivors fleeing the attack are arriving in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; survivors of the attack took refuge in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; survivors of the attack sought refuge in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; survivors of the attack are sheltering in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; the wounded of the attack were treated in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; the wounded of the attack were hospitalised in Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; the wounded of the attack were hospitalized in Dori.",
        # where somebody went after it
        "Gunmen killed ten villagers in Burkina Faso on Sunday; the bodies were seen the day the team left for Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; a convoy of the wounded headed for Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; the survivors were heading for Dori.",
        "Gunmen killed ten villagers in Burkina Faso on Sunday; they shot at a bus bound for Dori.",
    ],
)
def test_where_survivors_and_the_wounded_went_is_not_where_it_happened(extract: Extract, text: str) -> None:
    assert [place for _, place, _ in _located(extract(text))] == ["Burkina Faso"]


def test_a_city_abroad_named_only_by_an_alternate_name_needs_a_place_cue(extract: Extract) -> None:
    """"Khalil" is an alternate name of Hebron and a man's name: in a Yemeni story it is the speaker's."""
    text = ("Rebel shelling killed seven civilians on Tuesday, Khalil Al Zubairi, a Yemeni army official, told "
            "reporters.")
    assert [place for _, place, _ in _located(extract(text))] == ["Yemen"]


def test_two_accounts_of_the_civilian_dead_compete_whatever_word_they_use(extract: Extract) -> None:
    text = ("Rebel shelling killed seven people in Marib on Tuesday. \"The shelling killed seven civilians,\" an "
            "army official said.")
    assert [e.fatalities for e in extract(text).events if not e.background] == [7]


def test_a_place_the_gazetteer_lacks_at_the_end_of_a_sentence_leaves_its_stop(extract: Extract) -> None:
    text = "Gunmen killed four herders in Nigeria on Monday. The attack took place in Kworbaka."
    assert _located(extract(text)) == [("Kworbaka", "Nigeria", 3)]


def test_a_toll_no_incident_word_introduces_counts_for_the_incident_told_last(extract: Extract) -> None:
    text = ("Gunmen reportedly killed dozens of villagers in Seytenga on Saturday.\n\n"
            "Residents who fled arrived in Dori on Sunday.\n\n"
            "The governor said that 40 bodies had been found so far.")
    assert [e.fatalities for e in extract(text).events if not e.background] == [40]


def test_a_figure_of_another_kind_in_a_later_paragraph_is_no_toll(extract: Extract) -> None:
    text = "Gunmen killed four villagers in Seytenga on Saturday.\n\nSome 3,000 people were displaced by Monday."
    assert [e.fatalities for e in extract(text).events if not e.background] == [4]


@pytest.mark.parametrize(
    "phrase",
    ["the same area", "the same village", "the same town", "the same locality", "the same district",
     "the same place", "the same spot", "the same neighbourhood", "the same neighborhood"],
)
def test_the_same_area_is_the_place_of_the_last_incident_told(extract: Extract, phrase: str) -> None:
    text = f"Gunmen killed 50 villagers in Kidal on Saturday.\n\nArmed men killed 11 soldiers in {phrase} on Thursday."
    assert [place for _, place, _ in _located(extract(text))] == ["Kidal", "Kidal"]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked the villages of Kiribiri and Tokyedogo in Mali on Friday. Four people were killed there.",
        "Rebels attacked the villages of Kiribiri, Tokyedogo and Soboula in Mali on Friday. Four people were killed.",
    ],
)
def test_villages_the_gazetteer_lacks_listed_together_are_one_event_each_with_the_toll_on_the_first(
        extract: Extract, text: str) -> None:
    events = [e for e in extract(text).events if not e.background]
    names = [e.places[0].text for e in events]
    assert names[:2] == ["Kiribiri", "Tokyedogo"]
    assert [e.fatalities for e in events][:2] == [4, 0]


def test_a_headline_names_the_village_the_gazetteer_lacks_where_the_lead_gives_only_the_country(
        extract: Extract) -> None:
    x = extract("Two chiefs reported killed in Kworbaka\n\nGunmen shot dead two chiefs in western Nigeria on Thursday, "
                "a local ruler said.", title="Two chiefs reported killed in Kworbaka")
    assert _located(x) == [("Kworbaka", "Nigeria", 3)]
