"""The names actors take in the records (events.extract.assembly.records): theatre names and generic forces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from events.errors import LexiconError
from events.extract.assembly.records import _crowd_types, theatre_name
from events.lexicon import Lexicons, bundled_folder
from events.pipeline import Extraction
from schemas import CasualtyClaim, Event, Evidence

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


@pytest.mark.parametrize(
    ("text", "role", "name", "rule"),
    [
        ("Police fired tear gas at thousands of protesters in Nairobi on Thursday.", "actor2",
         "Police Forces of Kenya", "generic.police+role.intervened"),
        ("Police fired tear gas at thousands of protesters in Nairobi on Thursday.", "actor1",
         "Protesters (Kenya)", "default.protesters"),
        ("Farmers were shot dead near Gao on Monday.", "actor2", "Civilians (Mali)",
         "generic.civilians+role.civilian_victim"),
        ("An army truck hit an IED near Gao on Monday. JNIM claimed the attack.", "actor1", JNIM,
         "actor.jnim+cue.actor.claim_deed+role.perpetrator"),
        ("An army truck hit an IED near Gao on Monday. JNIM claimed the attack.", "actor2", "Military Forces of Mali",
         "generic.military+role.claimed_target"),
    ],
    ids=["the force that met the crowd is actor2", "the crowd it met is actor1 of a protest",
         "a civilian subject is the victim", "who claimed it did it",
         "the subject of a claimed attack was its target"],
)
def test_an_actor_moved_to_the_role_acled_gives_it_names_the_rule_that_moved_it(
        extract: Extract, text: str, role: str, name: str, rule: str) -> None:
    actors = {(a.role, a.name): a.rule for a in extract(text, published=date(2021, 3, 16)).events[0].actors}
    assert actors[(role, name)] == rule


def test_a_protest_whose_crowd_actor_is_missing_from_the_lexicon_is_an_error(tmp_path: Path) -> None:
    for source in bundled_folder().iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    frames = tmp_path / "frames.toml"
    frames.write_text(frames.read_text(encoding="utf-8").replace("inter = { Protests = 6, Riots = 5 }", "inter = {}"),
                      encoding="utf-8")
    with pytest.raises(LexiconError, match=r"\[crowd_actor\]"):
        Lexicons(tmp_path).compiled(_crowd_types)


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # ACLED's defaults for a role the report leaves unnamed (default_actors.csv)
        ("A mob lynched a suspected thief in Kano on Monday.", "Rioters (Nigeria)", "Civilians (Nigeria)"),
        ("Students marched in Nairobi on Tuesday. Police fired tear gas to disperse them.", "Protesters (Kenya)",
         "Police Forces of Kenya"),
    ],
)
def test_a_role_the_report_leaves_unnamed_takes_acleds_default(extract: Extract, text: str, actor1: str,
                                                                actor2: str) -> None:
    event = extract(text).events[0]
    assert [(a.role, a.name) for a in event.actors] == [("actor1", actor1), ("actor2", actor2)]


@pytest.mark.parametrize(
    ("text", "actor1", "places"),
    [
        # the village is unknown and nothing names a country: the event stays unplaced, its actor takes the country
        # its own cue names first
        ("On 9 October, Dozos abducted and executed two civilians in Mougna.", "Dozo Communal Militia (Mali)", []),
        ("On 9 October, Fulani militiamen killed three herders in Sobane-Da.", "Fulani Ethnic Militia (Mali)", []),
        # placed: the place's country, as before
        ("On 9 October, Fulani militiamen killed three herders near Kaya, Burkina Faso.",
         "Fulani Ethnic Militia (Burkina Faso)", ["Burkina Faso"]),
    ],
    ids=["Dozo hunters", "a Fulani militia", "a Fulani militia in a named country"],
)
def test_an_unplaced_event_s_generic_actor_takes_its_own_most_likely_country(
        extract: Extract, text: str, actor1: str, places: list[str]) -> None:
    events = extract(text).events
    assert [[a.name for a in e.actors if a.role == "actor1"] for e in events] == [[actor1]]
    assert [m.place.country for e in events for m in e.places if m.place] == places


def test_records_validated_in_one_pass_are_those_built_one_by_one(extract: Extract) -> None:
    """An event's evidence is validated with the event, and an article's claims together (records.event_record,
    records.claim_records): the same records as each built through its own constructor, fields set included."""
    found = extract("Gunmen killed 12 soldiers and 3 civilians in an attack on an army post in Djibo on Monday, "
                    "the army said. Two people were injured. JNIM claimed the attack.\n\n"
                    "Protesters marched in Ouagadougou on Tuesday.")
    assert found.events and found.claims and any(e.claims for e in found.events)
    for event in found.events:
        assert type(event) is Event
        one_by_one = Event(**{**dict(event), "evidence": [Evidence(**dict(e)) for e in event.evidence],
                              "claims": [CasualtyClaim(**dict(c)) for c in event.claims]})
        assert event == one_by_one
        assert [e.model_fields_set for e in event.evidence] == [e.model_fields_set for e in one_by_one.evidence]
        assert all(type(e) is Evidence for e in event.evidence)
    for claim in found.claims:
        alone = CasualtyClaim(**dict(claim))
        assert type(claim) is CasualtyClaim and claim == alone
        assert claim.model_fields_set == alone.model_fields_set
        assert claim.model_dump_json() == alone.model_dump_json()
