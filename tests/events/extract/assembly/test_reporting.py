"""Which sentences report an incident of their article (reporting.toml), in plain sentences of our own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from events.extract.assembly.reporting import not_reported
from events.lexicon import Lexicons
from events.pipeline import Extraction

Extract = Callable[..., Extraction]


@pytest.fixture(scope="module")
def lexicons() -> Lexicons:
    return Lexicons()


@pytest.mark.parametrize(
    ("sentence", "rule", "span"),
    [
        # running totals: a period with a perfect tense
        ("More than 3,000 people have been killed since 2015 in the conflict.", "report.running-total",
         "have been killed since 2015"),
        ("The militia has displaced thousands of farmers since the start of the war.", "report.running-total",
         "has displaced thousands of farmers since the start"),
        ("Since April, more than 400 civilians have died in the region.", "report.running-total",
         "Since April, more than 400 civilians have"),
        ("The conflict has so far killed more than 2,000 people.", "report.running-total", "has so far"),
        ("So far this year, 87 soldiers were killed in the north.", "report.running-total", "So far this"),
        ("To date, 150 people were killed in such attacks.", "report.running-total", "To date"),
        ("Over the past three years, the group killed hundreds of villagers.", "report.running-total",
         "Over the past three years"),
        # habits: what an actor does as a rule
        ("The rebels often fire mortars at the airport.", "report.habitual", "often"),
        ("Bandits frequently attack travellers on that road.", "report.habitual", "frequently"),
        ("The army regularly shells the hills around the town.", "report.habitual", "regularly"),
        ("Militants routinely kidnap traders for ransom.", "report.habitual", "routinely"),
        ("The camp was repeatedly attacked by gunmen.", "report.habitual", "repeatedly"),
        ("Such raids usually happen at night.", "report.habitual", "usually"),
        ("The coalition has carried out thousands of airstrikes in the country.", "report.habitual",
         "thousands of airstrikes"),
        ("Insurgents have staged dozens of bombings in the capital.", "report.habitual", "dozens of bombings"),
        # earlier incidents recalled beside the news
        ("The attack comes two days after gunmen killed five traders in Bama.", "report.recalled",
         "comes two days after"),
        ("Gunmen killed three teachers in the town last month.", "report.recalled", "last month"),
        ("A bomb exploded at the same market earlier this year.", "report.recalled", "earlier this year"),
        ("In a similar attack, gunmen killed four miners.", "report.recalled", "a similar attack"),
        ("The previous attack on the camp killed two guards.", "report.recalled", "previous attack"),
        # the violence a court judges, and the release that ends an abduction
        ("A militia leader was convicted of attacking civilians in 2003.", "report.proceedings", "convicted of"),
        ("The court sentenced two soldiers for the killing of a journalist.", "report.proceedings",
         "sentenced two soldiers for"),
        ("Talks with the elders led to the release of the abducted pupils.", "report.release",
         "release of the abducted"),
        ("The governor welcomed the release of 12 hostages held by bandits.", "report.release",
         "release of 12 hostages"),
        ("Forty traders were held on charges including looting and arson.", "report.proceedings",
         "charges including"),
    ],
)
def test_a_sentence_that_reports_no_incident_says_why(lexicons: Lexicons, sentence: str, rule: str,
                                                      span: str) -> None:
    found = not_reported(sentence, lexicons)
    assert found is not None
    assert (found.rule, found.text) == (rule, span)
    assert sentence[found.start:found.end] == span


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed four farmers in Bama on Thursday, officials said.",
        # "since" without a perfect: the first protest since the lockdown is itself news
        "The first protest since the start of the lockdown took place in Dakar on Monday.",
        "Soldiers have killed two militants near Djibo, the army said on Tuesday.",
    ],
)
def test_a_sentence_that_reports_an_incident_passes(lexicons: Lexicons, sentence: str) -> None:
    assert not_reported(sentence, lexicons) is None


def test_a_running_total_is_kept_as_evidence_and_left_out_of_the_news(extract: Extract) -> None:
    text = ("Gunmen killed four farmers in Bama on Thursday, officials said.\n\n"
            "More than 35,000 people have been killed in Borno since 2009.")
    x = extract(text)
    news = [e for e in x.events if not e.background]
    assert [(e.sub_event_type, e.fatalities) for e in news] == [("Attack", 4)]
    total = [e for e in x.events if e.background]
    assert len(total) == 1
    why = [ev for ev in total[0].evidence if ev.field == "background"]
    assert [(ev.rule, ev.text) for ev in why] == [("report.running-total", "have been killed in Borno since 2009")]
