"""A person's name is not a place: a surname or a given name the gazetteer also knows as a town stays out of
an article's places and its focus countries, in the sentence that names the person and in the article's later
sentences that use the surname alone. A name in a locative frame stays a place. A small made-up world in which
each person's name is also a place abroad, so that every case depends on telling the two apart."""

from __future__ import annotations

import pytest

from events.extract.assembly.incidents import extract_events
from events.extract.mentions.sentence import sentence_mentions
from events.extract.text import split_sentences
from events.lexicon import Lexicons
from gazetteer import Gazetteer, Place
from schemas import Article


def _place(gid: str, name: str, country: str, code: str, pop: int, fcode: str = "PPL") -> Place:
    fclass = "A" if fcode.startswith(("PCL", "ADM")) else "P"
    return Place(gid, name, country, code, None, None, 12.0, -1.5, fclass, fcode, pop)


WORLD = (
    _place("c-bf", "Burkina Faso", "Burkina Faso", "BF", 20_000_000, "PCLI"),
    _place("c-cd", "Democratic Republic of the Congo", "Democratic Republic of the Congo", "CD", 90_000_000, "PCLI"),
    _place("c-jo", "Jordan", "Jordan", "JO", 10_000_000, "PCLI"),
    _place("c-ng", "Nigeria", "Nigeria", "NG", 200_000_000, "PCLI"),
    _place("ouaga", "Ouagadougou", "Burkina Faso", "BF", 1_500_000, "PPLC"),
    _place("koudougou", "Koudougou", "Burkina Faso", "BF", 90_000),
    _place("zongo", "Zongo", "Democratic Republic of the Congo", "CD", 48_000),
    _place("amman", "Amman", "Jordan", "JO", 1_275_000, "PPLC"),
    _place("diallo", "Diallo", "Senegal", "SN", 2_000),
    _place("bello", "Bello", "Colombia", "CO", 390_000),
    _place("kano", "Kano", "Nigeria", "NG", 4_900_000, "PPLA"),
)


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return Gazetteer.from_places(WORLD, alternate_names={"amman": ["Aman"]})


def _article(text: str) -> Article:
    return Article.model_validate({"article_id": "persons", "text": text, "published_at": "2026-03-02"})


# sentence -> the place candidates it keeps (the people it names hold none)
SENTENCES = [
    ("Students marched in Ouagadougou to demand justice for Norbert Zongo, a newspaper editor.", ["Ouagadougou"]),
    ("Diallo told reporters that the road to Koudougou was closed.", ["Koudougou"]),
    ("\"The market stayed shut all week,\" said Aman, a trader from Koudougou.", ["Koudougou"]),
    ("Gunmen shot Fatima Kano Bello outside her shop in Koudougou.", ["Koudougou"]),
    # a name in a locative frame stays a place
    ("Fighting was reported near Zongo on Monday.", ["Zongo"]),
    ("Gunmen attacked a market in Kano on Friday.", ["Kano"]),
    ("Residents of Zongo said the bridge was cut.", ["Zongo"]),
]


@pytest.mark.parametrize(("text", "places"), SENTENCES)
def test_a_persons_name_in_a_sentence_is_no_place_candidate(text: str, places: list[str], world: Gazetteer,
                                                            lexicons: Lexicons) -> None:
    article = _article(text)
    [sentence] = split_sentences(text)
    found = sentence_mentions(sentence, article, world, lexicons, [], True).places
    assert [c.text for c in found] == places


def _places_of(text: str, world: Gazetteer, lexicons: Lexicons) -> list[tuple[str, str | None]]:
    events, _ = extract_events(_article(text), world, lexicons, "test")
    return [(p.text, p.place.country_code if p.place else None) for e in events for p in e.places]


def test_a_surname_used_alone_later_in_the_article_is_that_person(world: Gazetteer, lexicons: Lexicons) -> None:
    text = ("Students marched in Ouagadougou on Sunday to demand justice for Norbert Zongo, a newspaper editor. "
            "Zongo was killed in a car fire in 1998. Police fired tear gas at the marchers.")
    places = _places_of(text, world, lexicons)
    assert places and all(code == "BF" for _, code in places), places


def test_a_later_surname_in_a_locative_frame_is_a_place(world: Gazetteer, lexicons: Lexicons) -> None:
    text = ("Students marched to demand justice for Norbert Zongo, a newspaper editor. "
            "On Monday, gunmen attacked a police post near Zongo.")
    assert ("Zongo", "CD") in _places_of(text, world, lexicons)
