"""Which sentences report an incident of their article (reporting.toml), in plain sentences of our own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from events.extract.assembly.reporting import captions, not_reported
from events.extract.text import split_sentences
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
        ("Armed groups have killed dozens of herders in recent weeks.", "report.running-total", "in recent weeks"),
        ("About 100 people were killed in violence across the country on Thursday.", "report.running-total",
         "killed in violence across the country"),
        ("Clashes across the whole nation left 40 dead.", "report.running-total",
         "across the whole nation left 40 dead"),
        ("Recent months have seen a surge of air and ground assaults in the north.", "report.running-total",
         "Recent months have seen"),
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
        ("More than three years of civil war in the country has killed tens of thousands.", "report.running-total",
         "years of civil war in the country has killed"),
        ("A decade of insurgency has left 30,000 people dead.", "report.running-total",
         "decade of insurgency has left"),
        ("Two years of fighting in the north have claimed more than 5,000 lives.", "report.running-total",
         "years of fighting in the north have claimed"),
        ("Months of unrest have displaced 40,000 people.", "report.running-total", "Months of unrest have displaced"),
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
        ("It came almost six years to the day after a fire at a club in Puebla killed 40 people.", "report.recalled",
         "came almost six years to the day after"),
        ("The raid comes barely three months since bandits stormed the same school.", "report.recalled",
         "comes barely three months since"),
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
        # a country's activity is one event at the country, as ACLED codes it: only its dead are a sum
        "Workers protested across the country on Monday against unpaid wages.",
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


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("Soldiers inspect a burned truck near Gao, Mali, March 2, 2025. REUTERS/A. Photographer\n\n"
         "Gunmen killed four soldiers near Ansongo on Thursday, the army said.", [0, 1]),
        ("Villagers who fled the fighting wait at a camp near Kidal on Tuesday. Aid is scarce. (AP Photo/A. Name)\n\n"
         "Gunmen killed four soldiers near Ansongo on Thursday, the army said.", [0, 1, 2]),
        ("A destroyed market in Gao. AFP PHOTO / A. Name Gunmen killed four soldiers near Ansongo on Thursday.",
         [0, 1]),
        ("A destroyed market in Gao after an attack (AFP/Getty Images). Gunmen killed four soldiers near Ansongo.",
         [0]),
        ("Smoke rises over Gao after shelling (EPA/A. Name). Gunmen killed four soldiers near Ansongo.", [0]),
        ("Smoke rises over Gao after shelling (EPA-EFE/A. Name). Gunmen killed four soldiers near Ansongo.", [0]),
        ("Police stand guard in Niamey (Xinhua/A. Name). Gunmen killed four soldiers near Ansongo.", [0]),
        ("Photo credit: A. Name. Gunmen killed four soldiers near Ansongo on Thursday.", [0]),
        ("File photo: Soldiers patrol Gao. Gunmen killed four soldiers near Ansongo on Thursday.", [0]),
        ("FILE PHOTO: Soldiers patrol Gao. Gunmen killed four soldiers near Ansongo on Thursday.", [0]),
        ("A convoy leaves Gao. Picture taken March 2, 2025. Gunmen killed four soldiers near Ansongo on Thursday.",
         [0, 1]),
        ("Soldiers patrol Gao, March 2. Reuters/A. Name\n\nGunmen killed four soldiers near Ansongo on Thursday.",
         [0, 1]),
        ("Gunmen killed four soldiers near Ansongo on Thursday, Reuters reported.", []),
        # a text in capitals restored to mixed case writes the credit's words as ordinary words
        ("Villagers wait at a camp near Kidal. (AP photo/A. Name)\n\nGunmen killed four soldiers near Ansongo.",
         [0, 1]),
    ],
)
def test_a_photo_caption_is_the_paragraph_up_to_its_credit(lexicons: Lexicons, text: str, caption: list[int]) -> None:
    assert sorted(captions(split_sentences(text), lexicons)) == caption


def test_a_caption_makes_no_event_and_the_story_still_does(extract: Extract) -> None:
    text = ("Tribesmen inspect a burned truck after an ambush near Gao, Mali, February 23, 2025. REUTERS/A. Name\n\n"
            "Gunmen killed four soldiers in an ambush near Ansongo on Thursday, the army said.")
    events = [e for e in extract(text).events if not e.background]
    assert [(e.places[0].place.name, e.fatalities) for e in events if e.places and e.places[0].place] == [
        ("Ansongo", 4)]
    assert all(e.event_date != date(2025, 2, 23) for e in extract(text).events)


def test_a_caption_is_at_most_four_sentences_long(lexicons: Lexicons) -> None:
    """A feed that lost its paragraph breaks runs the story into the caption: the story before it stays."""
    text = ("Gunmen killed four soldiers near Ansongo on Thursday. The army said so. Residents fled. Shops closed. "
            "Soldiers patrol Gao. A truck burns. REUTERS/A. Name")
    assert sorted(captions(split_sentences(text), lexicons)) == [3, 4, 5, 6]
