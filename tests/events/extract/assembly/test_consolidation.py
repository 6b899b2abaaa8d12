"""One incident, one event: whole articles of our own, written as wire copy is (lead, quotes, tolls, context).

Publication date for every case: Friday 14 March 2025 unless a case says otherwise."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from events.pipeline import Extraction

Extract = Callable[..., Extraction]


def _news(x: Extraction) -> list[tuple[str, str, int]]:
    """(sub-event type, place, fatalities) of the events that are news (not background)."""
    return [(e.sub_event_type, e.places[0].place.name if e.places and e.places[0].place else "", e.fatalities)
            for e in x.events if not e.background]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the lead, the official's account and the toll tell one attack: one event at the most precise place
        ("Gunmen attacked a village in Kaduna State on Thursday, killing seven people.\n"
         "The attackers stormed Kajuru at dawn, a police spokesman said.\n"
         "Residents said the assault lasted two hours.",
         [("Attack", "Kajuru", 7)]),
        # rival tolls of one attack stay one event; ACLED takes the lowest
        ("Militants killed 12 soldiers in an attack on an army post in Djibo on Wednesday, the army said.\n\n"
         "A local official said 20 soldiers died in the attack.",
         [("Armed clash", "Djibo", 12)]),
        # the air strike and "killed nine": the account that names the weapon types the incident
        ("Nine people were killed in Khan Yunis on Thursday, hospital officials said.\n"
         "An air strike hit a house in the city overnight, witnesses said.",
         [("Air/drone strike", "Khān Yūnis", 9)]),
        # the target fought back: the whole incident is a battle
        ("Gunmen attacked the village of Tillaberi on Tuesday.\n"
         "A local militia repelled the attack after an hour, residents said.",
         [("Armed clash", "Tillabéri", 0)]),
        # a sentence listing the offensive's targets sums up; the sentence about one town tells its incident
        ("Rebels attacked Gao and Timbuktu on Monday.\n"
         "In Gao, a car bomb exploded at the gate of the army camp.",
         [("Remote explosive/landmine/IED", "Gao", 0), ("Attack", "Timbuktu", 0)]),
        # a crowd's demonstration and the riot it became are one incident
        ("Thousands of traders demonstrated in Accra on Monday against new taxes.\n"
         "The protesters later burned tyres and threw stones at the police.",
         [("Violent demonstration", "Accra", 0)]),
        # a crowd named as the object of "referring to" is no infinitive: the vandalism it did types the incident
        ("Police fired rubber bullets at protesters in Accra on Monday, killing two people.\n"
         "\u201cThey entered a police station and ransacked it,\u201d an officer said, referring to the protesters.",
         [("Violent demonstration", "Accra", 2)]),
        # the vehicles burned in the attack are part of it (incident.aftermath)
        ("Insurgents attacked a police station in Baga on Saturday, killing two officers.\n"
         "Three police vehicles were burned by the attackers.",
         [("Armed clash", "Bagà", 2)]),
    ],
)
def test_the_accounts_of_one_incident_make_one_event(extract: Extract, text: str,
                                                      expected: list[tuple[str, str, int]]) -> None:
    assert _news(extract(text)) == expected


@pytest.mark.parametrize(
    "second",
    [
        "Two soldiers were wounded in a separate clash with militants in the Mopti region on Monday.",
        "In another incident, two soldiers were wounded in a clash with militants in the Mopti region on Monday.",
        "Two soldiers were wounded in another attack by militants in the Mopti region on Monday.",
        "In a different incident, two soldiers were wounded by militants in the Mopti region on Monday.",
        "Two soldiers were wounded in an unrelated clash with militants in the Mopti region on Monday.",
        # the fighting reached another place: ACLED codes one event a place
        "The clashes spread to the Mopti region on Monday, where two soldiers were wounded.",
        "The fighting extended to the Mopti region on Monday, where two soldiers were wounded.",
    ],
)
def test_a_separate_incident_the_text_calls_so_stays_apart(extract: Extract, second: str) -> None:
    text = f"Soldiers killed two militants in a clash in Sévaré on Monday, the army said.\n\n{second}"
    assert [place for _, place, _ in _news(extract(text))] == ["Sévaré", "Mopti"]


def test_a_town_and_a_district_it_is_not_in_are_two_incidents(extract: Extract) -> None:
    text = ("Soldiers killed two militants in a clash in Sévaré on Monday, the army said.\n\n"
            "Two soldiers were wounded in a clash with militants in the Bandiagara district on Monday.")
    assert len(_news(extract(text))) == 2


def test_two_towns_with_their_own_incidents_stay_two_events(extract: Extract) -> None:
    text = ("On Monday, militants attacked an army base in Djibo.\n\n"
            "A bomb exploded in Dori on Monday, police said.")
    assert [place for _, place, _ in _news(extract(text))] == ["Djibo", "Dori"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an earlier incident with its own day and place is coded (ACLED: within a week, a day and a place)
        ("Gunmen killed four farmers in Bama on Thursday, officials said.\n\n"
         "On Tuesday, insurgents attacked a military base in Monguno.",
         [("Attack", "Bama", 4), ("Armed clash", "Monguno", 0)]),
        # an incident told in the simple past with a place of its own is coded ("also flared")
        ("Police fired tear gas at protesters in Chittagong on Friday.\n"
         "Protests also flared in the capital Dhaka, where police arrested dozens.",
         [("Protest with intervention", "Chattogram", 0), ("Protest with intervention", "Dhaka", 0)]),
    ],
)
def test_an_incident_beside_the_news_is_coded_when_told_with_its_place_and_day(
        extract: Extract, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _news(extract(text)) == expected


@pytest.mark.parametrize(
    "aside",
    [
        "Militias have ambushed several army convoys on the roads of the province.",  # a perfect: a habit
        "The army is using heavy artillery against the rebels.",  # a present: commentary
        "Attacks on several districts of the country continue.",  # no place below the country, no day
    ],
)
def test_context_beside_the_news_is_kept_as_evidence_but_not_coded(extract: Extract, aside: str) -> None:
    x = extract("Gunmen killed four farmers in Bama on Thursday, officials said.\n\n" + aside)
    assert _news(x) == [("Attack", "Bama", 4)]
    flagged = [e for e in x.events if e.background]
    assert all(any(ev.field == "background" and ev.rule.startswith("report.") for ev in e.evidence) for e in flagged)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # where the story was filed is not where the incident happened: a dateline in any of the wire's forms
        ("NAIROBI: Gunmen killed six herders in Marsabit on Tuesday, police said.", "Marsabit"),
        ("Kaduna : A mob lynched a suspected thief in Zaria on Monday.", "Zaria"),
        ("KANO, Nigeria (AP) — Gunmen abducted 20 travellers near Funtua on Wednesday.", "Funtua"),
        # the capital the text names by its country: the country beside it (the dateline's) is no second place
        ("MOGADISHU, Somalia (AP) — A car bomb exploded on the outskirts of Somalia's capital on Thursday.",
         "Mogadishu"),
        ("March 12, 2025 (MAIDUGURI) – Insurgents attacked a military base in Monguno on Tuesday.", "Monguno"),
        ("Lagos, 11 Mar (Agency) -- Gunmen killed three police officers in Abuja on Monday.", "Abuja"),
        ("Lagos, Mar 11 Gunmen killed three police officers in Abuja on Monday.", "Abuja"),
        ("Lagos, Mar 11(Agency)Gunmen killed three police officers in Abuja on Monday.", "Abuja"),
        ("Lagos, Nigeria, 11 March 2025 (Agency) Gunmen killed three police officers in Abuja on Monday.", "Abuja"),
        # a wire agency's code in brackets, and a speaker after a word of speaking, are no places
        ("Gunmen killed three police officers in Abuja on Monday (UNI).", "Abuja"),
        ("Gunmen killed three farmers near Jos on Monday, said Lafia Musa, a councillor.", "Jos"),
        ("Gunmen killed three farmers near Jos on Monday, an official told Kano reporters.", "Jos"),
        ("Gunmen killed three farmers near Jos on Monday, the police spokesman says Lafia residents fled.", "Jos"),
    ],
)
def test_the_dateline_city_is_not_the_incidents_place(extract: Extract, text: str, place: str) -> None:
    assert [p for _, p, _ in _news(extract(text))] == [place]


@pytest.mark.parametrize(
    "fought_back",
    [
        "The village guards returned fire, residents said.",
        "The village guards returned gunfire, residents said.",
        "The village guards responded to fire from the hills, residents said.",
        "The village guards traded fire with the attackers, residents said.",
        "The village guards exchanged gunfire with the attackers, residents said.",
        "The village guards responded with gunfire, residents said.",
        "The village guards exchanged fire with the attackers, residents said.",
        "The village guards fought off the attackers, residents said.",
    ],
)
def test_an_attack_whose_target_fought_back_is_one_battle(extract: Extract, fought_back: str) -> None:
    x = extract("Gunmen attacked the village of Tillaberi on Tuesday.\n" + fought_back)
    assert _news(x) == [("Armed clash", "Tillabéri", 0)]


def test_forces_deployed_after_an_attack_are_part_of_it(extract: Extract) -> None:
    # "Change to group/activity" on the day and in the area of the attack is its aftermath, not an incident
    x = extract("Gunmen killed five farmers in Bama on Thursday, officials said.\n"
                "Soldiers were deployed to Bama after the attack.")
    assert _news(x) == [("Attack", "Bama", 5)]
    assert "Change to group/activity" not in [e.sub_event_type for e in x.events]
    rules = [ev.rule for ev in x.events[0].evidence if ev.field == "event_type"]
    assert any(rule.endswith("+incident.aftermath") for rule in rules), rules


def test_a_place_the_gazetteer_lacks_told_in_another_account_is_coded_within_the_incidents_area(
        extract: Extract) -> None:
    text = ("Two police officers were killed when their checkpoint came under attack by insurgents in Badghis "
            "province on Tuesday. Four other police were wounded in the attack near Qalabaghi, the provincial "
            "capital.")
    events = [e for e in extract(text).events if not e.background]
    assert [(e.places[0].text, e.places[0].place.name, e.places[0].geo_precision) for e in events
            if e.places and e.places[0].place] == [("Qalabaghi", "Badghis", 3)]


def test_a_complex_attack_opened_by_a_suicide_bomb_is_one_suicide_bomb_event(extract: Extract) -> None:
    """ACLED codes the whole attack as the suicide bombing that opened it, with every death."""
    text = ("Militants stormed an army base near Marka on Sunday, killing five soldiers, officials said.\n\n"
            "The attack started with a suicide car bombing at the gate, the army said.")
    assert [(e.sub_event_type, e.fatalities) for e in extract(text).events if not e.background] == [
        ("Suicide bomb", 5)]
