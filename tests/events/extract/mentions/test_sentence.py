"""What each sentence mentions and the article-level signals: demonyms, groups named as modifiers, the
perpetrator of an incident and the dateline."""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest

from events.extract.mentions.actors import find_actors
from events.extract.mentions.sentence import (
    SentenceMentions,
    demonyms,
    is_title,
    outside_dateline,
    perpetrator,
    sentence_mentions,
)
from events.extract.text import split_sentences
from events.lexicon import Lexicons
from gazetteer import Gazetteer
from schemas import Article


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    """No places: the bundled countries and their demonyms only."""
    return Gazetteer.from_places((), {})


def mentions_of(text: str, world: Gazetteer, lexicons: Lexicons) -> list[SentenceMentions]:
    article = Article.model_validate({"article_id": "a1", "text": text, "published_at": date(2026, 3, 2)})
    sentences = split_sentences(text)
    return [sentence_mentions(s, article, world, lexicons, [], s.index == sentences[-1].index) for s in sentences]


class _Knows:
    """A gazetteer that knows a few demonyms, each its own code: shows which words were looked up."""

    WORDS = frozenset({"Malian", "Nigerian", "Congolese", "Israeli", "Turkish", "Malien", "Malienne", "Sénégalais",
                       "Sénégalaise", "Burkinabe", "Dutch", "French"})

    def country_of_demonym(self, word: str) -> str | None:
        return word if word in self.WORDS else None


@pytest.mark.parametrize(("word", "ending"), [
    ("Malian", "an"), ("Nigerian", "ian"), ("Congolese", "ese"), ("Israeli", "i"), ("Turkish", "ish"),
    ("Malien", "ien"), ("Malienne", "ienne"), ("Sénégalais", "ais"), ("Sénégalaise", "aise"), ("Burkinabe", "e"),
])
def test_words_with_a_demonym_ending_are_looked_up(lexicons: Lexicons, word: str, ending: str) -> None:
    assert word.endswith(ending)
    assert demonyms(f"The {word} delegation arrived on Sunday.", cast(Gazetteer, _Knows()), lexicons) == [word]


def test_demonyms_without_such_an_ending_are_not_looked_up(lexicons: Lexicons) -> None:
    assert demonyms("Dutch and French envoys met Malian officials.", cast(Gazetteer, _Knows()), lexicons) == ["Malian"]


def test_demonyms_name_their_countries_in_text_order(world: Gazetteer, lexicons: Lexicons) -> None:
    text = "Malian and French troops met Congolese officials, then Malian ones."
    assert demonyms(text, world, lexicons) == ["ML", "CD", "ML"]


@pytest.mark.parametrize(("sentence", "dropped"), [
    ("The al-Qaeda-linked group al-Shabaab attacked the base.", "al-Qaeda"),
    ("An ISWAP-affiliated cell attacked the base.", "ISWAP"),
    ("The RSF-aligned convoy reached the town.", "RSF"),
    ("A Hezbollah-allied unit fired rockets.", "Hezbollah"),
    ("A Wagner-backed offensive began in the north.", "Wagner"),
    ("The RSF-led offensive stalled near the city.", "RSF"),
    ("A JNIM-inspired cell attacked the base.", "JNIM"),
    ("An ISWAP affiliate claimed the raid on the base.", "ISWAP"),
])
def test_a_group_named_as_a_modifier_is_not_an_actor(world: Gazetteer, lexicons: Lexicons, sentence: str,
                                                     dropped: str) -> None:
    assert dropped in [m.text for m in find_actors(sentence, lexicons)]
    assert dropped not in [a.text for a in mentions_of(sentence, world, lexicons)[0].actors]


@pytest.mark.parametrize(("text", "culprit", "rule"), [
    ("The device was planted by ISGS near the road.", "ISGS", "actor.is_greater_sahara+cue.actor.perpetrator_by"),
    ("Mines laid by JNIM militants killed two herders.", "JNIM militants",
     "actor.jnim+cue.actor.member+cue.actor.perpetrator_by"),
    ("The bomb was placed by Al Shabaab fighters under a car.", "Al Shabaab fighters",
     "actor.al_shabaab+cue.actor.member+cue.actor.perpetrator_by"),
    ("The attack was carried out by suspected ISWAP fighters.", "ISWAP fighters",
     "actor.is_west_africa+cue.actor.member+cue.actor.suspected+cue.actor.perpetrator_by"),
    ("The ambush was claimed by the media arm of JNIM.", "JNIM", "actor.jnim+cue.actor.perpetrator_by"),
    ("The massacre was perpetrated by Dan na Ambassagou militiamen.", "Dan na Ambassagou militiamen",
     "actor.dan_na_ambassagou+cue.actor.perpetrator_by"),
    ("The killings were committed by ADF rebels.", "ADF rebels", "actor.adf+cue.actor.member+cue.actor.perpetrator_by"),
    ("Local officials attributed it on JNIM, without evidence.", "JNIM", "actor.jnim+cue.actor.perpetrator_on"),
    ("The governor blamed it on the Houthis.", "Houthis", "actor.mil.yemen.houthi+cue.actor.perpetrator_on"),
    ("The blast was blamed on Al Shabaab.", "Al Shabaab", "actor.al_shabaab+cue.actor.perpetrator_on"),
    # what was blamed may be named: "it", or a short noun phrase after a determiner
    ("The army blamed the attack on the ADF.", "ADF", "actor.adf+cue.actor.perpetrator_on"),
    ("Officials blamed the deadly twin bombings on Al Shabaab.", "Al Shabaab",
     "actor.al_shabaab+cue.actor.perpetrator_on"),
    ("The governor attributed this raid on JNIM.", "JNIM", "actor.jnim+cue.actor.perpetrator_on"),
    # a named group outranks a generic one told first: "suspected rebels" ... "the ADF"
    ("The attack was carried out by suspected rebels. Troops blamed the attack on the ADF.", "ADF",
     "actor.adf+cue.actor.perpetrator_on"),
    # the attackers identified by a hedged copula ("were believed to be", "are suspected to be members of")
    ("Gunmen killed two chiefs, adding that the assailants were believed to be Anglophone separatists.",
     "Anglophone separatists", "actor.ambazonia+cue.actor.suspected+cue.actor.perpetrator_be"),
    ("Gunmen attacked the convoy. The attackers are suspected to be members of the ADF.", "ADF",
     "actor.adf+cue.actor.suspected+cue.actor.perpetrator_be"),
    ("The gunmen were thought to have been JNIM fighters, a mayor said.", "JNIM fighters",
     "actor.jnim+cue.actor.member+cue.actor.perpetrator_be"),
    ("The assailants were presumed to be Boko Haram, the governor said.", "Boko Haram",
     "actor.boko_haram+cue.actor.suspected+cue.actor.perpetrator_be"),
    ("Police said the gunmen were understood to be part of the CJNG.", "CJNG", "actor.cjng+cue.actor.perpetrator_be"),
    # a claimant is the perpetrator too: its rule names the claim
    ("The bombing was claimed by the Islamic State.", "Islamic State", "generic.islamic_state+cue.actor.claimed_by"),
    ("A mine hit an army truck near Gao. JNIM claimed the attack.", "JNIM", "actor.jnim+cue.actor.claim_deed"),
])
def test_the_perpetrator_and_the_cue_that_named_it(world: Gazetteer, lexicons: Lexicons, text: str, culprit: str,
                                                   rule: str) -> None:
    mentions = mentions_of(text, world, lexicons)
    found = perpetrator(mentions, mentions[0].sentence, lexicons)
    assert found is not None
    assert (found[1].text, found[1].rule) == (culprit, rule)


@pytest.mark.parametrize("text", [
    "Soldiers killed two men by the river.",
    "The device was planted near the road. Two children were hurt.",
    "A mine hit an army truck near Gao.\n\nJNIM claimed the attack.",  # another paragraph
    # the copula's subject is no attacker: the victims, or soldiers, "believed to be" somebody
    "Gunmen killed three men who were believed to be members of the ADF.",
    "Two bodies were found near Beni; the victims were believed to be ADF fighters.",
])
def test_no_perpetrator_without_a_cue_in_the_paragraph(world: Gazetteer, lexicons: Lexicons, text: str) -> None:
    mentions = mentions_of(text, world, lexicons)
    assert perpetrator(mentions, mentions[0].sentence, lexicons) is None


@pytest.mark.parametrize("text", [
    "Gao, Feb 27 Malian troops killed two suspected militants in a clash near Ansongo, the army said.",
    "GAO, Feb 27 (SW-Agency) – Soldiers killed two suspected militants in a clash near Ansongo.",
])
def test_a_date_only_the_dateline_gives_is_the_day_before_the_report(world: Gazetteer, lexicons: Lexicons,
                                                                    text: str) -> None:
    m = mentions_of(text, world, lexicons)[0]
    assert [(d.value.isoformat() if d.value else None, d.precision, d.rule.endswith(":dateline"))
            for d in outside_dateline(m.sentence, m.dates)] == [("2026-02-26", "week", True)]


@pytest.mark.parametrize(("text", "kept"), [
    ("GAO, June 17 (Sahel Wire) - Gunmen killed two traders on Monday.", ["on Monday"]),
    ("GAO, Mali, June 17, 2026 (Sahel Wire) -- Gunmen killed two traders on Monday.", ["on Monday"]),
    ("Gunmen killed two traders on Monday, June 15.", ["on Monday, June 15"]),
    ("GAO, June 17 (SW-Agency) – Gunmen killed two traders, medical sources said yesterday.", ["yesterday"]),
    ("December 21, 2026 (GAO) – Gunmen killed two traders on Monday.", ["on Monday"]),
])
def test_the_dateline_dates_the_report_not_the_event(world: Gazetteer, lexicons: Lexicons, text: str,
                                                    kept: list[str]) -> None:
    m = mentions_of(text, world, lexicons)[0]
    assert [d.text for d in outside_dateline(m.sentence, m.dates)] == kept


@pytest.mark.parametrize(("written", "title", "same"), [
    ("Three killed in Gao.", "Three killed in Gao", True),  # a page repeats its headline with a stop
    ("# Three killed in Gao", "Three killed in Gao", True),
    ("Three  killed in\nGao", "Three killed in Gao", True),
    ("THREE KILLED IN GAO", "Three killed in Gao", True),
    ("Three killed in Gao on Monday.", "Three killed in Gao", False),
    ("Three killed in Gao.", "", False),
])
def test_a_sentence_is_the_title_whatever_its_stop_heading_mark_spacing_or_case(written: str, title: str,
                                                                                same: bool) -> None:
    assert is_title(written, title) is same

