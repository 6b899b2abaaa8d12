"""Never a country the document does not support (issue 16): a place abroad needs evidence in the text.

An ordinary English word or an acronym that is also a small town somewhere ("the Ministry of Economy", "an APC
official") is a place only in a country the story points at; a transnational group's countries support a
reading in any of them but choose none for an incident whose village nobody knows; a country named as the far
side of a border, as an origin or as the owner of an embassy is not where the incident happened. The sentences
are the project's own; the real pipeline (embedded gazetteer) runs them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from events.extract.mentions.places import (
    Candidate,
    Focus,
    FocusVotes,
    find_candidates,
    focus_countries,
    resolve_candidates,
)
from events.extract.text import split_sentences
from events.lexicon import Lexicons
from events.pipeline import Extraction
from gazetteer import Gazetteer, Place

Extract = Callable[..., Extraction]


def _places(extraction: Extraction) -> list[tuple[str, str | None]]:
    """(name as written, country code) of every event's places, in order."""
    return [(pm.text, pm.place.country_code if pm.place else None)
            for event in extraction.events for pm in event.places]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # ordinary words inside an organisation's name, or opening a sentence
        ("Tax officers held a sit-in at the Ministry of Economy and Finance on Monday.", []),
        ("Members of the Alliance for the Defense of the Homeland marched in Ouagadougou on Sunday.",
         [("Ouagadougou", "BF")]),
        ("Mineral transporters protested against new tariffs on Monday.", []),
        # an acronym in brackets abbreviates the name before it: it is no admin hint that would make it a place
        ("Fighters loyal to the Government of National Accord (GNA) shelled positions in Tripoli on Monday.",
         [("Tripoli", "LY")]),
        # an acronym
        ("Police beat an APC official in Bo on Tuesday.", [("Bo", "SL")]),
        # a region named in ordinary words, in a story that names its country
        ("Farmers clashed with herders in the North Central region on Tuesday, the army of Burkina Faso said.",
         [("", "BF")]),
    ],
)
def test_an_ordinary_word_is_a_place_only_where_the_story_points(extract: Extract, text: str,
                                                                  places: list[tuple[str, str]]) -> None:
    assert _places(extract(text)) == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # no country anywhere in the text: a name plainly introduced as a place keeps its reading
        ("Residents in Manga marched against the price of fuel on Monday.", [("Manga", "BF")]),
        ("Youths in Leo blocked the main road on Monday.", [("Leo", "BF")]),
    ],
)
def test_an_ordinary_word_plainly_named_as_a_place_stays_one(extract: Extract, text: str,
                                                             places: list[tuple[str, str]]) -> None:
    assert _places(extract(text)) == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # JNIM operates in Mali, Burkina Faso and Niger: a village nobody knows is in none of them for sure
        ("Presumed JNIM militants burned the school in the village of Kirikou on Monday.", []),
        ("Suspected ISGS militants abducted a teacher in the village of Tondigoria on Sunday.", []),
        # the text names the country: the incident is coded there (ACLED's precision 3), under the village's name
        ("Presumed JNIM militants burned the school in the village of Kirikou in Burkina Faso on Monday.",
         [("Kirikou", "BF")]),
        ("Suspected ISGS militants abducted a Nigerien teacher in the village of Tondigoria on Sunday.",
         [("Tondigoria", "NE")]),
    ],
)
def test_a_transnational_group_chooses_no_country_for_an_unknown_village(extract: Extract, text: str,
                                                                         places: list[tuple[str, str]]) -> None:
    assert _places(extract(text)) == places


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a customs post on Friday and fled towards the Nigerien border.",
        "Gunmen attacked a customs post on Friday and fled across the Malian frontier.",
        "Armed men, said to be jihadists from Mali, attacked a police station on Friday.",
        "Students protested in front of the Chad Embassy on Monday.",
        "Dock workers marched to the Ivory Coast embassy on Monday.",
        "Traders blocked the road to the Ghana Consulate on Monday.",
        "Traders blocked the road to the Niger consulate on Monday.",
    ],
)
def test_a_border_an_origin_or_an_embassy_is_not_where_it_happened(extract: Extract, text: str) -> None:
    extraction = extract(text)
    assert extraction.events
    assert _places(extraction) == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # "Inata" is known only as a spelling of the Japanese town Inada: against the Burkinabe soldiers it says
        # nothing of the country, and a town abroad under another spelling needs a city
        ("On 4 June, Burkinabe soldiers killed six herders in the area of Inata.", [("", "BF")]),
        ("Malian troops clashed with militants near Inata on Sunday, the army said.", [("", "ML")]),
    ],
    ids=["a demonym against a town abroad under another spelling", "the same with 'near'"],
)
def test_a_town_under_another_spelling_points_nowhere_against_other_evidence(extract: Extract, text: str,
                                                                            places: list[tuple[str, str]]) -> None:
    assert _places(extract(text)) == places


def _country(code: str, name: str) -> Place:
    return Place(f"c-{code}", name, name, code, None, None, 0.0, 0.0, "A", "PCLI", 10_000_000)


def test_a_theatre_supports_its_countries_and_a_named_country_is_the_home() -> None:
    world = Gazetteer.from_places([_country("ML", "Mali"), _country("BF", "Burkina Faso"), _country("NE", "Niger")])
    jnim = ("ML", "BF", "NE")
    assert focus_countries([], world, theatres=[jnim]) == Focus(["ML", "BF", "NE"], None)
    assert focus_countries([], world, actor_countries=["BF"], theatres=[jnim]) == Focus(["BF", "ML"], "BF")
    assert focus_countries([], world, demonyms=["NE"]) == Focus(["NE"], "NE")
    assert focus_countries([], world) == Focus([], None)


def _town(gid: str, name: str, code: str, country: str, pop: int) -> Place:
    return Place(gid, name, country, code, None, None, 13.0, 5.0, "P", "PPL", pop)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # the dateline's town is in Niger only: the story is Niger's, and its Kelbara too
        ("GORBEL (Reuters) - Gunmen attacked Kelbara on Monday.", "NE"),
        ("Gorbel, Niger, March 3 (AP) -- Gunmen attacked Kelbara on Monday.", "NE"),
        # no dateline: the larger Kelbara, in Chad
        ("Gunmen attacked Kelbara on Monday.", "TD"),
    ],
)
def test_the_dateline_points_the_story_at_its_country(lexicons: Lexicons, text: str, country: str) -> None:
    world = Gazetteer.from_places([_country("NE", "Niger"), _country("TD", "Chad"),
                                   _town("g", "Gorbel", "NE", "Niger", 8_000),
                                   _town("k-ne", "Kelbara", "NE", "Niger", 3_000),
                                   _town("k-td", "Kelbara", "TD", "Chad", 200_000)])
    found = [c for s in split_sentences(text) for c in find_candidates(s, world, lexicons)]
    focus = focus_countries(found, world)
    resolved = resolve_candidates(found, world, focus.countries)
    [kelbara] = [c for c in resolved if c.text == "Kelbara"]
    assert kelbara.resolution is not None and kelbara.resolution.place.country_code == country


def _located(extraction: Extraction) -> list[tuple[str, str | None, str | None, int]]:
    """(name as written, place name, country code, geo_precision) of every event's places."""
    return [(pm.text, pm.place.name if pm.place else None, pm.place.country_code if pm.place else None,
             pm.geo_precision) for event in extraction.events for pm in event.places]


@pytest.mark.parametrize(
    ("text", "located"),
    [
        # the village is a namesake abroad only (a Sana in Yemen, a Kaya in Burkina Faso, a Bagre in Brazil): its
        # admin hints are Malian, so it is coded at the most local of them, near it
        ("Gunmen attacked the village of Sana (Koro, Mopti) on Monday.", [("Koro", "Koro", "ML", 2)]),
        ("Gunmen attacked the village of Kaya (Douentza, Mopti) on Monday.", [("Douentza", "Douentza", "ML", 2)]),
        ("Gunmen attacked the village of Bagre (Bandiagara, Mopti) on Monday.",
         [("Bandiagara", "Bandiagara", "ML", 2)]),
        # "Lower Shabelle" is unknown as a whole and "Shabelle" is an Ethiopian zone: no veto on a Somali Marka
        ("Soldiers fought militants near the village of Gao (Marka, Lower Shabelle) on Monday.",
         [("Marka", "Marka", "SO", 2)]),
    ],
)
def test_a_village_known_only_abroad_is_coded_at_its_admin_hint(extract: Extract, text: str,
                                                                 located: list[tuple[str, str, str, int]]) -> None:
    assert _located(extract(text)) == located


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("An air strike on a house in Gaza\u2019s southernmost city killed nine people on Friday.", [("Gaza", "PS")]),
        ("Gunmen attacked a market in Maiduguri's old town on Friday.", [("Maiduguri", "NG")]),
        ("Troops shelled rebel positions across Jonglei\u2019s countryside on Friday.", [("Jonglei", "SS")]),
        # the possessive inside a run of capitalised words: the owner is the name, the part it owns follows
        ("Shopkeepers marched through Beirut's Achrafieh neighbourhood on Tuesday.", [("Beirut", "LB")]),
        ("Rioters burned tyres in Kabul\u2019s Dasht Barchi district on Tuesday.", [("Kabul", "AF")]),
        # an office a country owns is no part of a place: no place there
        ("Gunmen attacked a checkpoint on Monday, Mali's Defence Ministry said.", []),
    ],
)
def test_a_name_with_a_possessive_is_the_name(extract: Extract, text: str, places: list[tuple[str, str]]) -> None:
    assert _places(extract(text)) == places


@pytest.mark.parametrize(
    ("text", "located"),
    [
        # a country's possessive with its apostrophe lost is the country, not a partial name
        ("Traders marched on Saturday in Burkina Fasos capital against new taxes.",
         [("Burkina Faso", "Ouagadougou", "BF", 1)]),
        ("Protesters marched in the capital of Mali on Friday against fuel prices.", [("Mali", "Bamako", "ML", 1)]),
        ("Ivorian students marched in the Malian capital on Friday.", [("the Malian capital", "Bamako", "ML", 1)]),
        ("Nigerien teachers went on strike on Monday and marched in the capital.",
         [("the capital", "Niamey", "NE", 1)]),
        ("Rioters burned tyres in the federal capital on Sunday, the Nigerian police said.",
         [("the federal capital", "Abuja", "NG", 1)]),
        ("Lawyers marched in the capital city of Niger on Monday.", [("Niger", "Niamey", "NE", 1)]),
        # a region's capital is not the country's
        ("Students protested in the regional capital of Mopti on Friday.", [("Mopti", "Mopti", "ML", 1)]),
        ("Gunmen killed ten herders near Dori, the capital of Burkina Faso's Sahel region, on Monday.",
         [("Dori", "Dori", "BF", 2)]),
    ],
    ids=["X's capital without the apostrophe", "the capital of X", "the <demonym> capital",
         "the capital of the story's country", "the federal capital", "the capital city of X", "a regional capital",
         "the capital of a country's region"],
)
def test_a_country_s_capital_is_its_capital_city(extract: Extract, text: str,
                                                 located: list[tuple[str, str, str, int]]) -> None:
    assert _located(extract(text)) == located


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ("Protesters blocked roads in Wassit province on Sunday.", [("Wassit", "Wasit", "IQ", 3)]),
        # a name in brackets that only a division spelt otherwise has stands in for the unknown village
        ("Clan militias clashed near the village of Ceel Qoox (Hiraan) on Sunday, killing three.",
         [("Hiraan", "Hiiraan", "SO", 3)]),
        ("Gunmen killed two herders near Tanwalbougou (Komondjari) on Sunday.",
         [("Tanwalbougou", "Komandjoari", "BF", 2)]),
    ],
    ids=["X province spelt otherwise", "a region in brackets spelt otherwise", "a province in brackets"],
)
def test_a_division_spelt_otherwise_is_that_division(extract: Extract, text: str,
                                                     located: list[tuple[str, str, str, int]]) -> None:
    assert _located(extract(text)) == located


def _found(text: str, world: Gazetteer, lexicons: Lexicons) -> list[Candidate]:
    return [c for s in split_sentences(text) for c in find_candidates(s, world, lexicons)]


@pytest.mark.parametrize(
    ("without", "focus"),
    [
        ((), ["JO", "US"]),
        (("jordan",), ["US"]),
        (("lakemont",), ["JO"]),
        (("jordan", "lakemont"), []),
    ],
    ids=["every name", "all but the country's name", "all but the town", "none"],
)
def test_the_focus_of_the_other_names(lexicons: Lexicons, without: tuple[str, ...], focus: list[str]) -> None:
    world = Gazetteer.from_places([_country("US", "United States"), _country("JO", "Jordan"),
                                   _town("us-lakemont", "Lakemont", "US", "United States", 15_000),
                                   _town("us-jordan", "Jordan", "US", "United States", 5_000)])
    found = _found("Officials in Jordan met on Monday. Farmers in Lakemont protested on Tuesday.", world, lexicons)
    assert FocusVotes.of(found, world).countries(without=without) == focus


@pytest.mark.parametrize(
    ("text", "located"),
    [
        # the units in brackets after a country hold the area named before it (one the gazetteer lacks): the event
        # is coded at the most local of them, not at the country
        ("Mortar fire hit farms in Wadi Qurfa area in eastern Yemen (Tarim, Hadramawt) on Monday.",
         [("Tarim", "Tarim", "YE", 2)]),
        ("Gunmen attacked the village of Kobori in southern Mali (Koutiala, Sikasso) on Monday.",
         [("Koutiala", "Koutiala", "ML", 2)]),
        # a dateline's agency in brackets after the country stays no place
        ("KIDAL, Mali (AP) -- Gunmen attacked a checkpoint in Kidal on Monday.", [("Kidal", "Kidal", "ML", 1)]),
    ],
)
def test_the_units_in_brackets_after_a_country_locate_the_place_before_it(
        extract: Extract, text: str, located: list[tuple[str, str, str, int]]) -> None:
    assert _located(extract(text)) == located


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # "J&K", "AJK", "KPK": the press's initials of a first-level region hold the district named before them, in
        # their country (Poonch is a town and a district on both sides of the line of control)
        ("Troops exchanged fire across the line of control in Poonch town (Kupwara, J&K) on Monday.", "IN"),
        ("Troops exchanged fire across the line of control in Poonch town (Bagh, AJK) on Monday.", "PK"),
        ("Gunmen attacked a police post in Bannu district (KPK) on Monday.", "PK"),
    ],
)
def test_a_regions_initials_in_brackets_hold_the_place(extract: Extract, text: str, country: str) -> None:
    assert {code for _, code in _places(extract(text))} == {country}


@pytest.mark.parametrize(
    ("text", "located"),
    [
        # a road, a street, an avenue, a highway or a bypass named after a town runs far from it: where the sentence
        # names another place, that place is where it happened
        ("Traders protested outside a bank on Kisumu road in Eldoret on Monday.", [("Eldoret", "Eldoret", "KE", 1)]),
        ("Students marched along Mombasa Road in Nairobi on Monday.", [("Nairobi", "Nairobi", "KE", 1)]),
        ("Hawkers protested on Jinja street in Kampala on Monday.", [("Kampala", "Kampala", "UG", 1)]),
        ("Rioters burned tyres on Kano Avenue in Kaduna on Monday.", [("Kaduna", "Kaduna", "NG", 1)]),
        ("Drivers protested on the Nakuru highway near Naivasha on Monday.", [("Naivasha", "Naivasha", "KE", 2)]),
        ("Farmers protested on the Multan bypass in Lahore on Monday.", [("Lahore", "Lahore", "PK", 1)]),
        # alone, the road's town is where the incident is coded
        ("Gunmen ambushed a convoy on the Gao road on Monday.", [("Gao", "Gao", "ML", 1)]),
    ],
)
def test_a_road_named_after_a_town_does_not_locate_beside_another_place(
        extract: Extract, text: str, located: list[tuple[str, str, str, int]]) -> None:
    assert _located(extract(text)) == located
