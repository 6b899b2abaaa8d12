"""Place names as a sentence introduces them: which capitalised words make one name, which names only
inform (a side, a natural feature, an institution, the far side of a border), which name a quarter, which
unknown names are still places, and which later names locate an earlier one. A small made-up world in
Niger, so that every case depends on the cue, not on the real gazetteer; every candidate's rule names the
word list that decided."""

from __future__ import annotations

import pytest

from events.extract.mentions.places import Candidate, find_candidates, place_cues, resolve_candidates
from events.extract.text import split_sentences
from events.lexicon import Lexicons
from gazetteer import Gazetteer, Place


def _place(gid: str, name: str, code: str = "PPL", pop: int = 5_000, admin1: str | None = "Maradi") -> Place:
    fclass = "A" if code in ("ADM1", "PCLI") else "P"
    return Place(gid, name, "Niger", "NE", admin1, None, 13.5, 7.1, fclass, code, pop)


WORLD = (
    _place("c-ne", "Niger", "PCLI", 25_000_000, None),
    _place("adm1-maradi", "Maradi", "ADM1", 4_000_000),
    _place("kelbara", "Kelbara"),
    _place("gorbel", "Gorbel"),
    _place("tiz", "Tiz"),
    _place("adm1-kelbara-tiz", "Kelbara and Tiz", "ADM1", 1_000_000),  # a region named by two names joined
)


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return Gazetteer.from_places(WORLD)


def _candidates(text: str, world: Gazetteer, lexicons: Lexicons) -> list[Candidate]:
    return [c for s in split_sentences(text) for c in find_candidates(s, world, lexicons)]


def _one(text: str, name: str, world: Gazetteer, lexicons: Lexicons) -> Candidate:
    [cand] = [c for c in _candidates(text, world, lexicons) if c.text == name]
    return cand


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shelling hit Pont de Kelbara overnight.", "Pont de Kelbara"),
        ("Police entered Bois du Gorbel at dawn.", "Bois du Gorbel"),
        ("Fighting reached Champ des Kelbara on Monday.", "Champ des Kelbara"),
        ("Rebels held Mont la Gorbel for a week.", "Mont la Gorbel"),
        ("A bomb hit Pont le Kelbara on Monday.", "Pont le Kelbara"),
        ("Raids struck Ain el Gorbel overnight.", "Ain el Gorbel"),
        ("Raids struck Ras al Kelbara overnight.", "Ras al Kelbara"),
        ("Jets hit Qasr ad Gorbel on Sunday.", "Qasr ad Gorbel"),
        ("Troops left Dar as Kelbara on Sunday.", "Dar as Kelbara"),
        ("Jets hit Bir ash Gorbel on Sunday.", "Bir ash Gorbel"),
        ("Jets hit Tell ar Kelbara on Sunday.", "Tell ar Kelbara"),
        ("Troops left Wadi an Gorbel on Sunday.", "Wadi an Gorbel"),
        ("Gunmen raided Sidi bin Kelbara on Monday.", "Sidi bin Kelbara"),
        ("Gunmen raided Qasr ben Gorbel on Monday.", "Qasr ben Gorbel"),  # "ben", the Maghreb's "bin"
        ("Gunmen raided Qasr ibn Gorbel on Monday.", "Qasr ibn Gorbel"),
        ("Floods hit Borgo di Kelbara on Monday.", "Borgo di Kelbara"),
        ("Floods hit Ponte da Gorbel on Monday.", "Ponte da Gorbel"),
        ("Police raided Morro do Kelbara on Monday.", "Morro do Kelbara"),
        ("Police raided Morro dos Gorbel on Monday.", "Morro dos Gorbel"),
        ("Police raided Morro das Kelbara on Monday.", "Morro das Kelbara"),
        ("Troops reached Port of Gorbel on Monday.", "Port of Gorbel"),
        ("Fighters seized Kafr the Kelbara on Monday.", "Kafr the Kelbara"),
        ("Police raided Puerto y Gorbel on Monday.", "Puerto y Gorbel"),
        ("Police raided Sant i Kelbara on Monday.", "Sant i Kelbara"),
        ("Troops reached Saint en Gorbel on Monday.", "Saint en Gorbel"),
        ("Troops reached Ville sur Kelbara on Monday.", "Ville sur Kelbara"),
        ("Troops reached Bois aux Gorbel on Monday.", "Bois aux Gorbel"),
    ],
)
def test_a_connector_joins_two_name_words_into_one_run(lexicons: Lexicons, text: str, name: str) -> None:
    runs = [m.group() for m in lexicons.compiled(place_cues).run.finditer(text)]
    assert name in runs


def test_a_word_that_is_no_connector_ends_the_run(lexicons: Lexicons) -> None:
    runs = [m.group() for m in lexicons.compiled(place_cues).run.finditer("Troops reached Pont zu Kelbara.")]
    assert runs == ["Troops", "Pont", "Kelbara."]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The pro-Kelbara factions marched in Gorbel.", "place.name+place.side"),
        ("Crowds chanted anti-Kelbara slogans in Gorbel.", "place.name+place.side"),
        ("Boats capsized on Lake Kelbara on Monday.", "place.name+place.feature"),
        ("Bodies were found in the River Kelbara on Monday.", "place.name+place.feature"),
        ("Rebels hold the slopes of Mount Kelbara.", "place.name+place.feature"),
        ("Rebels hold the slopes of Mt. Kelbara.", "place.name+place.feature"),
        ("Pirates seized a tanker in the Gulf of Kelbara.", "place.name+place.feature"),
        ("Pirates seized a tanker in the Bay of Kelbara.", "place.name+place.feature"),
        ("Pirates seized a tanker in the Sea of Kelbara.", "place.name+place.feature"),
        ("Troops patrolled near the Kelbara border on Monday.", "place.name+place.border"),
        ("Troops patrolled along the Kelbara frontier on Monday.", "place.name+place.border"),
    ],
)
def test_a_side_a_natural_feature_or_a_border_informs_and_does_not_locate(
        world: Gazetteer, lexicons: Lexicons, text: str, rule: str) -> None:
    cand = _one(text, "Kelbara", world, lexicons)
    assert (cand.agent, cand.locative, cand.rule) == (True, False, rule)


def test_a_name_without_such_a_word_locates(world: Gazetteer, lexicons: Lexicons) -> None:
    cand = _one("Boats capsized near Kelbara on Monday.", "Kelbara", world, lexicons)
    assert (cand.agent, cand.locative, cand.rule) == (False, True, "place.near")


@pytest.mark.parametrize(
    ("article", "partial"),
    [
        ("al", True), ("el", True), ("ech", True), ("esh", True), ("ash", True), ("ad", True), ("ed", True),
        ("ar", True), ("er", True), ("az", True), ("ez", True), ("ad-", True), ("al-", True), ("el-", True),
        # articles that are also English or French words: a known name after them is that name
        ("as", False), ("es", False), ("an", False), ("en", False), ("at", False), ("et", False),
    ],
)
def test_an_arabic_article_belongs_to_the_name_after_it(world: Gazetteer, lexicons: Lexicons, article: str,
                                                        partial: bool) -> None:
    joined = _one(f"Gunmen raided {article} Kelbara on Monday.", f"{article} Kelbara", world, lexicons)
    assert (joined.partial, joined.rule) == (False, "place.name+place.article")
    # the gazetteer knows "Tiz" but no "al Tiz": the name alone may be another place than the one meant
    alone = _one(f"Gunmen raided {article} Tiz on Monday.", "Tiz", world, lexicons)
    assert alone.partial is partial
    assert alone.rule == ("place.name+place.article" if partial else "place.name")


@pytest.mark.parametrize(
    "quarter", ["Colonia", "Barrio", "Bairro", "Fraccionamiento", "Vila", "Villa", "Jardim"],
)
def test_a_quarter_is_coded_at_its_city(world: Gazetteer, lexicons: Lexicons, quarter: str) -> None:
    cand = _one(f"Gunmen shot a trader in {quarter} Kelbara on Monday.", "Kelbara", world, lexicons)
    assert (cand.city_part, cand.rule) == (True, "place.name+place.quarter")
    assert not _one("Gunmen shot a trader in Kelbara on Monday.", "Kelbara", world, lexicons).city_part


@pytest.mark.parametrize(
    "institution",
    ["Hospital", "University", "College", "School", "Company", "Corporation", "Club", "Prison", "Stadium", "Bank",
     "Airport", "Mine", "Factory", "Plant", "Port", "Refinery", "Market", "Mall", "Hotel", "Church", "Mosque",
     "Cathedral", "Cement", "Textile", "Steel", "Oil", "Gas", "Power", "Embassy", "embassy", "Consulate",
     "consulate"],
)
def test_a_name_before_an_institution_names_it_and_does_not_locate(world: Gazetteer, lexicons: Lexicons,
                                                                   institution: str) -> None:
    cand = _one(f"Workers of the Kelbara {institution} went on strike in Gorbel.", "Kelbara", world, lexicons)
    assert (cand.agent, cand.locative, cand.rule) == (True, False, "place.name+place.institution")


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a bus in Wuribo on Monday.",
        "Gunmen attacked a bus near Wuribo on Monday.",
        "Gunmen attacked a bus outside Wuribo on Monday.",
        "Gunmen attacked the village of Wuribo on Monday.",
        "Gunmen attacked the town of Wuribo on Monday.",
        "Gunmen attacked the city of Wuribo on Monday.",
        "Gunmen attacked the locality of Wuribo on Monday.",
        "Gunmen attacked a camp in the area of Wuribo on Monday.",
        "Gunmen attacked the commune of Wuribo on Monday.",
    ],
)
def test_an_unknown_name_introduced_plainly_is_still_a_place(world: Gazetteer, lexicons: Lexicons, text: str) -> None:
    cand = _one(text, "Wuribo", world, lexicons)
    assert cand.unknown and cand.resolution is None
    found = _place("online-wuribo", "Wuribo")
    [resolved] = resolve_candidates([cand], world, ["NE"], online=lambda name, focus: found)
    assert resolved.resolution is not None and resolved.resolution.place == found
    assert resolved.rule == "place.online+place.unknown-cue"


def test_an_unknown_name_without_such_a_cue_is_no_place(world: Gazetteer, lexicons: Lexicons) -> None:
    assert _candidates("Gunmen attacked a bus bound for Wuribo on Monday.", world, lexicons) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("A mine exploded between the villages of Kelbara and Gorbel (Maradi) on Monday.",
         "place.name+place.between-descriptor"),
        ("A mine exploded between the village of Kelbara and Gorbel (Maradi) on Monday.",
         "place.name+place.between-descriptor"),
        ("A mine exploded between the towns of Kelbara and Gorbel (Maradi) on Monday.",
         "place.name+place.between-descriptor"),
        ("A mine exploded between the town of Kelbara and Gorbel (Maradi) on Monday.",
         "place.name+place.between-descriptor"),
        ("A mine exploded between Kelbara and Gorbel (Maradi) on Monday.", "place.near"),
    ],
)
def test_the_hints_after_the_second_end_of_a_road_locate_the_first(world: Gazetteer, lexicons: Lexicons, text: str,
                                                                   rule: str) -> None:
    cand = _one(text, "Kelbara", world, lexicons)
    assert "Maradi" in cand.admin_hints and cand.rule == rule


@pytest.mark.parametrize(
    "descriptor",
    ["city", "town", "village", "area", "district", "camp", "locality", "neighbourhood", "neighborhood", "commune"],
)
def test_a_descriptor_before_a_parenthesis_keeps_its_names_as_hints(world: Gazetteer, lexicons: Lexicons,
                                                                    descriptor: str) -> None:
    cand = _one(f"Gunmen attacked Kelbara {descriptor} (Maradi, Niger) on Monday.", "Kelbara", world, lexicons)
    assert cand.admin_hints == ("Maradi", "Niger") and cand.rule.endswith("+place.paren-descriptor")


def test_other_words_before_a_parenthesis_leave_its_names_to_stand_alone(world: Gazetteer,
                                                                         lexicons: Lexicons) -> None:
    # (the road's town beside a place that stands alone informs only: place.thoroughfare)
    cands = _candidates("Gunmen attacked the Kelbara road (Maradi, Niger) on Monday.", world, lexicons)
    assert [(c.text, c.admin_hints, c.rule, c.agent) for c in cands[:2]] == [
        ("Kelbara", (), "place.name+place.thoroughfare", True), ("Maradi", ("Niger",), "place.admin-hint", False)]


@pytest.mark.parametrize("descriptor", ["village", "town", "city", "area", "municipality", "district", "commune"])
def test_a_descriptor_before_a_comma_keeps_the_next_name_as_a_hint(world: Gazetteer, lexicons: Lexicons,
                                                                   descriptor: str) -> None:
    cand = _one(f"Gunmen attacked Kelbara {descriptor}, Maradi on Monday.", "Kelbara", world, lexicons)
    assert cand.admin_hints == ("Maradi",) and cand.rule.endswith("+place.comma-descriptor")
    assert _one("Gunmen attacked Kelbara market, Maradi on Monday.", "Kelbara", world, lexicons).admin_hints == ()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Troops clashed with rebels in the Maradi region on Monday.", "place.region"),
        ("Troops clashed with rebels in the region of Maradi on Monday.", "place.region-of"),
    ],
)
def test_a_region_is_read_as_one_and_its_rule_names_the_cue(world: Gazetteer, lexicons: Lexicons, text: str,
                                                            rule: str) -> None:
    cand = _one(text, "Maradi", world, lexicons)
    assert (cand.precision, cand.prefer_region, cand.rule) == (3, True, rule)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed six herders in the southern Niger region of Maradi on Monday.",
        "Bandits raided a market in the Niger state of Maradi at dawn.",
        "Floods and then fighting hit the troubled Niger province of Maradi last week.",
    ],
)
def test_a_name_before_an_area_word_and_of_qualifies_the_next_name(world: Gazetteer, lexicons: Lexicons,
                                                                   text: str) -> None:
    # "the Niger region of Maradi": the area word opens the next name; the country before it only says which
    # country's region, so it informs and does not locate
    qualifier = _one(text, "Niger", world, lexicons)
    assert (qualifier.precision, qualifier.prefer_region, qualifier.rule, qualifier.agent) == (
        1, False, "place.qualifier", True)
    region = _one(text, "Maradi", world, lexicons)
    assert (region.precision, region.rule) == (3, "place.region-of")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # one name joined by "and", where the gazetteer knows the name they make
        ("Troops clashed with militants in Kelbara and Tiz's Gorbel district.", ["Kelbara and Tiz", "Gorbel"]),
        ("Troops clashed with militants in Kelbara and Tiz.", ["Kelbara and Tiz"]),
        # a list: two names
        ("Troops clashed with militants in Kelbara and Gorbel.", ["Kelbara", "Gorbel"]),
        ("Troops clashed with militants in Gorbel and Tiz.", ["Gorbel", "Tiz"]),
    ],
)
def test_two_runs_joined_by_and_are_one_name_only_where_the_gazetteer_knows_it(world: Gazetteer,
                                                                               lexicons: Lexicons, text: str,
                                                                               names: list[str]) -> None:
    assert [c.text for c in _candidates(text, world, lexicons)] == names


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked Kelbara, about 30 km north of Gorbel, on Monday.",
        "Gunmen attacked Kelbara village, 30 kilometres northeast of Gorbel, on Monday.",
        "Gunmen attacked Kelbara, some 20 miles (32 km) south of Gorbel, on Monday.",
        # a direction alone measures too, after a descriptor of any area
        "Gunmen attacked Kelbara, north of Gorbel, on Monday.",
        "Gunmen attacked Kelbara province, north of Gorbel, on Monday.",
    ],
)
def test_the_town_a_place_is_measured_from_is_a_hint_of_it(world: Gazetteer, lexicons: Lexicons, text: str) -> None:
    cand = _one(text, "Kelbara", world, lexicons)
    assert cand.admin_hints == ("Gorbel",) and cand.rule.endswith("+place.measured-from")
    # the town is where nothing happened: a hint only
    assert _one(text, "Gorbel", world, lexicons).hint_only


def test_the_area_of_the_town_a_place_is_measured_from_is_a_hint_of_it_too(world: Gazetteer,
                                                                          lexicons: Lexicons) -> None:
    text = "Gunmen ambushed a truck near Kelbara village, 20 km east of Gorbel town, Dakoro department, on Monday."
    assert _one(text, "Kelbara", world, lexicons).admin_hints == ("Gorbel", "Dakoro")
    assert _one(text, "Dakoro", world, lexicons).hint_only
