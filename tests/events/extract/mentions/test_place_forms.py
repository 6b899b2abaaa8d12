"""The place cues of place_cues.toml one by one, each in a sentence of its own: a stopword is never a place
even when the gazetteer holds a place of that name, a proximity phrase makes the name a place near which the
event happened (precision 2), a region phrase an administrative area (precision 3), a district word a
second-level area (precision 2), a city-part word a quarter coded at its city, and a not-location phrase an
agent or partner that does not locate. A small made-up world in Niger, as in test_places.py."""

from __future__ import annotations

import pytest
from test_places import _candidates, _one, _place  # the made-up world's places and how its tests read them

from events.lexicon import Lexicons
from gazetteer import Gazetteer

# capitalised words (and phrases) that the stopword list keeps from being places; each is a place of the
# made-up world below, so that only the stopword keeps it out
STOPWORD_PLACES = (
    "You", "Meanwhile", "Captain", "Prime", "Islamists", "Muslim", "Christian", "Mr", "Mrs", "Col", "Sgt", "BBC",
    "EU", "AU", "Regiment", "Foundation", "Commission", "Senate", "Congress", "Cabinet", "Popular", "Resistance",
    "Self-Defense", "Sunni", "Shia", "Shiite", "Kurdish", "Arab", "Arabs", "Peul", "Bambara", "Hausa", "White",
    "Green", "Blue", "Mass", "Independence", "Freedom", "Unity", "Hamas", "Spokesperson", "Editor", "Photo",
    "Opinion", "Analysis", "Sport", "Business", "Asia", "Europe", "Americas", "Caucasus", "Centro", "Roundabout",
    "Eid", "Ramadan", "Christmas", "Coronavirus", "Facebook", "Twitter", "Mobile", "Chance", "Bath", "Nice",
    "Delta", "Orange", "Black Sea", "Mediterranean", "Pacific", "Pacific Ocean", "Molotov",
)


WORLD = (
    _place("c-ne", "Niger", "PCLI", 25_000_000, None),
    _place("c-zembla", "Zembla", "PCLI", 3_000_000, None),
    _place("adm1-maradi", "Maradi", "ADM1", 4_000_000),
    _place("kelbara", "Kelbara"),
    _place("gorbel", "Gorbel"),
    *(_place(f"stop-{i}", name) for i, name in enumerate(STOPWORD_PLACES)),
)


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return Gazetteer.from_places(WORLD)


@pytest.mark.parametrize(
    ("text", "stopwords", "places"),
    [
        ("You could hear the shelling from Kelbara.", ["You"], ["Kelbara"]),
        ("Meanwhile, gunmen burned shops in Gorbel.", ["Meanwhile"], ["Gorbel"]),
        ("Captain Issa led the patrol into Kelbara.", ["Captain"], ["Kelbara"]),
        ("Prime Minister Ali visited Gorbel on Monday.", ["Prime"], ["Gorbel"]),
        ("Islamists raided a market in Kelbara.", ["Islamists"], ["Kelbara"]),
        ("Muslim and Christian leaders met in Gorbel to calm the town.", ["Muslim", "Christian"], ["Gorbel"]),
        ("Mr Sani and Mrs Sani fled Kelbara at night.", ["Mr", "Mrs"], ["Kelbara"]),
        ("Col Garba and Sgt Musa were wounded near Gorbel.", ["Col", "Sgt"], ["Gorbel"]),
        ("The BBC reported clashes in Kelbara.", ["BBC"], ["Kelbara"]),
        ("EU and AU envoys arrived in Gorbel.", ["EU", "AU"], ["Gorbel"]),
        ("The 4th Regiment pulled out of Kelbara.", ["Regiment"], ["Kelbara"]),
        ("The Sani Foundation fed families in Gorbel.", ["Foundation"], ["Gorbel"]),
        ("The Rights Commission counted the dead in Kelbara.", ["Commission"], ["Kelbara"]),
        ("The Senate and Congress debated the raid on Gorbel.", ["Senate", "Congress"], ["Gorbel"]),
        ("Cabinet ministers met in Kelbara on Friday.", ["Cabinet"], ["Kelbara"]),
        ("Popular Resistance fighters shelled Gorbel.", ["Popular", "Resistance"], ["Gorbel"]),
        ("Self-Defense groups patrolled the roads around Kelbara.", ["Self-Defense"], ["Kelbara"]),
        ("Sunni and Shia clerics condemned the bombing in Gorbel.", ["Sunni", "Shia"], ["Gorbel"]),
        ("Shiite pilgrims were attacked near Kelbara.", ["Shiite"], ["Kelbara"]),
        ("Kurdish fighters and Arab tribesmen held Gorbel.", ["Kurdish", "Arab"], ["Gorbel"]),
        ("Arabs and Peul herders clashed outside Kelbara.", ["Arabs", "Peul"], ["Kelbara"]),
        ("Bambara and Hausa traders closed their stalls in Gorbel.", ["Bambara", "Hausa"], ["Gorbel"]),
        ("White smoke rose over Kelbara after the strike.", ["White"], ["Kelbara"]),
        ("Green and Blue flags were burned in Gorbel.", ["Green", "Blue"], ["Gorbel"]),
        ("Mass graves were found near Kelbara.", ["Mass"], ["Kelbara"]),
        ("Independence Day parades in Gorbel were cancelled.", ["Independence"], ["Gorbel"]),
        ("Protesters carried Freedom and Unity banners through Kelbara.", ["Freedom", "Unity"], ["Kelbara"]),
        ("Hamas denied any link to the bomb found in Gorbel.", ["Hamas"], ["Gorbel"]),
        ("Spokesperson Awa Diallo said rebels had left Kelbara.", ["Spokesperson"], ["Kelbara"]),
        ("Editor Musa Bello saw the attack on Gorbel.", ["Editor"], ["Gorbel"]),
        ("Photo: burned cars in Kelbara.", ["Photo"], ["Kelbara"]),
        ("Opinion and Analysis pages covered the siege of Gorbel.", ["Opinion", "Analysis"], ["Gorbel"]),
        ("Sport and Business news gave way to reports from Kelbara.", ["Sport", "Business"], ["Kelbara"]),
        ("Europe and Asia condemned the massacre in Gorbel.", ["Europe", "Asia"], ["Gorbel"]),
        ("Envoys from the Americas visited Kelbara.", ["Americas"], ["Kelbara"]),
        ("Caucasus veterans trained the militia in Gorbel.", ["Caucasus"], ["Gorbel"]),
        ("Police cleared the Centro market in Kelbara.", ["Centro"], ["Kelbara"]),
        ("Protesters blocked the Clock Roundabout in Gorbel.", ["Roundabout"], ["Gorbel"]),
        ("Eid prayers in Kelbara were cut short by gunfire.", ["Eid"], ["Kelbara"]),
        ("Ramadan fasting did not halt the raids on Gorbel.", ["Ramadan"], ["Gorbel"]),
        ("Christmas services in Kelbara went ahead under guard.", ["Christmas"], ["Kelbara"]),
        ("Coronavirus curfews emptied the streets of Gorbel.", ["Coronavirus"], ["Gorbel"]),
        ("Facebook and Twitter posts showed smoke over Kelbara.", ["Facebook", "Twitter"], ["Kelbara"]),
        ("Mobile phone networks were cut in Gorbel.", ["Mobile"], ["Gorbel"]),
        ("Chance alone saved the pupils in Kelbara.", ["Chance"], ["Kelbara"]),
        ("Bath houses in Gorbel were shelled on Monday.", ["Bath"], ["Gorbel"]),
        ("Nice words did not stop the fighting in Kelbara.", ["Nice"], ["Kelbara"]),
        ("Delta boats carried the wounded to Gorbel.", ["Delta"], ["Gorbel"]),
        ("Orange smoke marked the landing zone near Kelbara.", ["Orange"], ["Kelbara"]),
        ("A ship sank in the Black Sea far from Gorbel.", ["Black Sea"], ["Gorbel"]),
        ("Mediterranean crossings by people from Kelbara rose.", ["Mediterranean"], ["Kelbara"]),
        ("Pacific islanders sent aid to Gorbel.", ["Pacific"], ["Gorbel"]),
        ("A tanker crossed the Pacific Ocean before docking near Kelbara.", ["Pacific Ocean"], ["Kelbara"]),
        ("Youths threw Molotov cocktails at police in Gorbel.", ["Molotov"], ["Gorbel"]),
    ],
)
def test_a_stopword_is_no_place_even_where_the_gazetteer_has_one(world: Gazetteer, lexicons: Lexicons, text: str,
                                                                 stopwords: list[str], places: list[str]) -> None:
    assert all(world.contains(word) for word in stopwords)
    assert [c.text for c in _candidates(text, world, lexicons)] == places


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen ambushed a convoy close to Kelbara on Monday.",
        "Shells landed in the vicinity of Kelbara overnight.",
        "Bandits roamed the vicinity of Kelbara for weeks.",
        "A bus was ambushed not far from Kelbara.",
        "A bus was ambushed 12 km from Kelbara.",
        "A bus was ambushed 30 kilometres from Kelbara.",
        "A bus was ambushed 30 kilometers from Kelbara.",
        "A bus was ambushed five miles from Kelbara.",
        "A mine exploded 20 km west of Kelbara.",
        "A mine exploded 40 kilometers south of Kelbara.",
        "A mine exploded 15 kilometers west of Kelbara.",
        "Drones struck a camp northwest of Kelbara.",
    ],
)
def test_a_proximity_phrase_places_the_event_near_the_name(world: Gazetteer, lexicons: Lexicons, text: str) -> None:
    cand = _one(text, "Kelbara", world, lexicons)
    assert (cand.precision, cand.rule, cand.locative, cand.agent) == (2, "place.near", True, False)


@pytest.mark.parametrize(
    "text",
    [
        "Floods and raids hit Niger's province of Maradi.",
        "Floods and raids hit the province of Maradi.",
        "Troops deployed across Niger's governorate of Maradi.",
        "Troops deployed across the governorate of Maradi.",
        "Herders clashed with farmers in the department of Maradi.",
        "Herders clashed with farmers in the county of Maradi.",
        "Herders clashed with farmers in the state of Maradi.",
    ],
)
def test_a_region_phrase_before_the_name_makes_it_an_area(world: Gazetteer, lexicons: Lexicons, text: str) -> None:
    cand = _one(text, "Maradi", world, lexicons)
    assert (cand.precision, cand.prefer_region, cand.rule, cand.locative) == (3, True, "place.region-of", True)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed three herders in Kelbara LGA on Monday.",
        "Gunmen killed three herders in the Kelbara local government area on Monday.",
        "Gunmen killed three herders in Kelbara sub-district on Monday.",
        "Gunmen killed three herders in Kelbara subdistrict on Monday.",
        "Gunmen killed three herders in Kelbara tehsil on Monday.",
        "Gunmen killed three herders in Kelbara woreda on Monday.",
        "Gunmen killed three herders in Kelbara payam on Monday.",  # South Sudan's county subdivision
    ],
)
def test_a_district_word_after_the_name_makes_it_a_second_level_area(world: Gazetteer, lexicons: Lexicons,
                                                                     text: str) -> None:
    cand = _one(text, "Kelbara", world, lexicons)
    assert (cand.precision, cand.prefer_region, cand.rule) == (2, False, "place.district")


@pytest.mark.parametrize(
    "text",
    [
        "Police in Gorbel raided homes in the Kelbara suburb.",
        "Police in Gorbel raided homes in the Kelbara slum.",
        "Police in Gorbel raided homes on the Kelbara estate.",
        "Police raided homes in the neighbourhood of Kelbara in Gorbel.",
        "Police raided homes in the neighborhood of Kelbara in Gorbel.",
        "Police raided homes in the suburb of Kelbara in Gorbel.",
        "Police raided homes in the quarter of Kelbara in Gorbel.",
    ],
)
def test_a_city_part_word_makes_the_name_a_quarter_of_its_city(world: Gazetteer, lexicons: Lexicons,
                                                               text: str) -> None:
    cand = _one(text, "Kelbara", world, lexicons)
    assert (cand.city_part, cand.rule) == (True, "place.name+place.city-part")
    assert not _one(text, "Gorbel", world, lexicons).city_part


def test_a_descriptor_after_the_name_keeps_it_a_point(world: Gazetteer, lexicons: Lexicons) -> None:
    cand = _one("Settlers fled the Kelbara settlement on Monday.", "Kelbara", world, lexicons)
    assert (cand.precision, cand.rule, cand.city_part, cand.agent) == (1, "place.name", False, False)


@pytest.mark.parametrize(
    "text",
    [
        # "toward" is also a locative word; as a direction of policy or of a march it names no location
        "Rebel columns marched toward Zembla on Monday.",
        "Niger cut its ties to Zembla last year.",
        "Niger shares long borders with Zembla, the minister said.",
        "Raiders came from districts bordering Zembla.",
        "Niger recalled its ambassador to Zembla on Monday.",
    ],
)
def test_a_not_location_phrase_makes_the_name_an_agent(world: Gazetteer, lexicons: Lexicons, text: str) -> None:
    cand = _one(text, "Zembla", world, lexicons)
    assert (cand.precision, cand.agent, cand.locative, cand.rule) == (1, True, False,
                                                                      "place.name+place.not-location")
