"""Actor mentions: named actors, generic mentions and their ACLED names, flags, and the lexicons."""

from __future__ import annotations

import re

import pytest

from events.extract.mentions.actors import ActorMention, find_actors
from events.lexicon import Lexicons
from schemas.models import Actor


def names(lexicons: Lexicons, sentence: str, country: str | None = None) -> list[str]:
    return [m.resolve(country, lexicons) for m in find_actors(sentence, lexicons)]


def only(lexicons: Lexicons, sentence: str) -> ActorMention:
    found = find_actors(sentence, lexicons)
    assert len(found) == 1, found
    return found[0]


def _rows(name: str) -> list[dict[str, str]]:
    return list(Lexicons().csv(name))


NAMED = _rows("actors.csv")
GENERIC = _rows("generic_actors.csv")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Fighters loyal to JNIM stormed the camp at dawn.", "JNIM: Group for Support of Islam and Muslims"),
    ("The Group for the Support of Islam and Muslims said it held the town.",
     "JNIM: Group for Support of Islam and Muslims"),
    ("A GSIM statement was shared on social media.", "JNIM: Group for Support of Islam and Muslims"),
    ("Al-Shabaab fighters overran the base.", "Al Shabaab"),
    ("The shabab retreated into the forest.", "Al Shabaab"),
    ("Ansar Allah fired a drone at the port.", "Military Forces of Yemen Supreme Political Council"),
    ("Houthis shelled the district overnight.", "Military Forces of Yemen Supreme Political Council"),
    ("FAMa units were deployed to the border.", "Military Forces of Mali"),
    ("ISWAP overran a garrison town.", "Islamic State (West Africa)"),
    ("An IS Sahel cell was active near the border.", "Islamic State (Sahel)"),
    ("The Wagner mercenaries left the base.", "Wagner Group"),
    ("Elements of the Russian Africa Corps arrived in the capital.", "Africa Corps"),
    ("Haftar forces advanced on the airport.", "Military Forces of Libya Haftar Faction"),
    ("GNA forces repelled the assault.", "Military Forces of Libya Government of National Accord"),
    ("Operation Barkhane conducted an airstrike.", "Military Forces of France"),
    ("The Saudi-led coalition struck a market.", "Operation Restoring Hope"),
    ("Peace Spring factions looted the harvest.", "Operation Peace Spring"),
    ("MINUSMA reported the attack on its convoy.",
     "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali"),
    ("ATMIS handed over the base to the army.", "ATMIS: African Union Transition Mission in Somalia"),
    ("The Jalisco cartel blocked the highway.", "CJNG: Jalisco New Generation Cartel"),
    ("Hezbollah fired rockets across the border.", "Hezbollah"),
    ("The Syrian Democratic Forces arrested dozens of men.", "QSD: Syrian Democratic Forces"),
    ("DPR forces shelled the village.", "NAF: United Armed Forces of Novorossiya"),
    ("Dan na Ambassagou militiamen killed two herders.", "Dan Na Ambassagou"),
    ("The Azawad Liberation Front claimed the downing of a drone.", "FLA: Azawad Liberation Front"),
])
def test_named_aliases_map_to_the_canonical_name(lexicons: Lexicons, sentence: str, expected: str) -> None:
    assert expected in names(lexicons, sentence)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The FLA said it had repelled the attack.", ["FLA: Azawad Liberation Front"]),
    ("Leaders of the fla met in the desert.", []),
    ("Reports said the Fla had left.", []),
    ("IS fighters ambushed a patrol in Syria.", ["Islamic State", "Unidentified Armed Group"]),
    ("It is not clear who is behind the attack.", []),
    ("Is the road open again?", []),
    ("The ADF killed eleven people near Beni.", ["ADF: Allied Democratic Forces", "Civilians"]),
    ("An adf meeting was postponed.", []),
    ("RSF troops shelled the market.", ["RSF: Rapid Support Forces"]),
    ("The rsf was mentioned in the report.", []),
    ("M23 rebels took the hill.", ["M23: March 23 Movement"]),
    ("The m23 road sign was damaged.", []),
    ("SAF aircraft bombed the bridge.", ["Military Forces of Sudan"]),
    ("The saf team played a friendly match.", []),
    ("ARMY IS DEPLOYED TO THE NORTH AFTER ATTACK", ["Military Forces"]),
])
def test_acronyms_match_only_in_upper_case(lexicons: Lexicons, sentence: str, expected: list[str]) -> None:
    assert names(lexicons, sentence) == expected


@pytest.mark.parametrize(("sentence", "text", "expected"), [
    ("Islamic State West Africa Province claimed the ambush.", "Islamic State West Africa Province",
     "Islamic State (West Africa)"),
    ("The Islamic State in the Greater Sahara attacked the post.", "Islamic State in the Greater Sahara",
     "Islamic State (Sahel)"),
    ("The Arakan Army seized a town.", "Arakan Army", "ULA/AA: United League of Arakan/Arakan Army"),
    ("South Sudanese soldiers crossed the river.", "South Sudanese soldiers",
     "Military Forces of South Sudan"),
    ("The Somali National Army retook the village.", "Somali National Army", "Military Forces of Somalia"),
    ("Military forces of Artsakh fired on the positions.", "Military forces of Artsakh",
     "Military Forces of Artsakh"),
])
def test_longest_match_wins(lexicons: Lexicons, sentence: str, text: str, expected: str) -> None:
    mention = only(lexicons, sentence)
    assert (mention.text, mention.name) == (text, expected)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Malian soldiers patrolled the market.", ["Military Forces of Mali"]),
    ("Nigerian troops repelled the attack.", ["Military Forces of Nigeria"]),
    ("Somali police arrested two suspects.", ["Police Forces of Somalia"]),
    ("Ukrainian forces shelled the outskirts.", ["Military Forces of Ukraine"]),
    ("Mexican police found the bodies.", ["Police Forces of Mexico"]),
    ("Congolese troops entered the town.", ["Military Forces of the Democratic Republic of Congo"]),
    ("The army of Mali and its partners withdrew.", ["Military Forces of Mali"]),
    ("Mali's army said it had retaken the town.", ["Military Forces of Mali"]),
    ("Malian and French soldiers patrolled the road.",
     ["Military Forces of Mali", "Military Forces of France"]),
    ("Military forces of India and Pakistan exchanged fire.",
     ["Military Forces of India", "Military Forces of Pakistan"]),
    ("Turkish gendarmes detained a suspect.", ["Military Forces of Turkey Gendarmerie"]),
    ("Burkinabè security forces and VDP fighters were ambushed.",
     ["Military Forces of Burkina Faso", "VDP: Volunteers for the Defense of the Homeland"]),
    ("US troops left the base.", ["Military Forces of the United States"]),
    ("Nigerian villagers fled the raid.", ["Civilians (Nigeria)"]),
    ("Israeli air strikes hit the camp.", ["Military Forces of Israel"]),
    ("Russian drones struck the power plant.", ["Military Forces of Russia"]),
    ("The Myanmar junta bombed a monastery.", ["Military Forces of Myanmar"]),
])
def test_demonym_and_generic_compose_a_national_actor(lexicons: Lexicons, sentence: str, expected: list[str]) -> None:
    assert names(lexicons, sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The forces withdrew before dawn.", []),
    ("Security forces withdrew before dawn.", ["Military Forces"]),
    ("Malian forces withdrew before dawn.", ["Military Forces of Mali"]),
    ("Drones and artillery pounded the town.", []),
    ("The Ennahda party is an Islamist movement.", []),
    ("The Malian people voted on Sunday.", ["Civilians (Mali)"]),
    ("Talks between Malian officials resumed.", []),
])
def test_bound_forms_and_bare_demonyms(lexicons: Lexicons, sentence: str, expected: list[str]) -> None:
    assert names(lexicons, sentence) == expected


@pytest.mark.parametrize(("sentence", "country", "expected"), [
    ("Unknown gunmen killed a trader.", "Mali", ["Unidentified Armed Group (Mali)", "Civilians (Mali)"]),
    ("Villagers fled after armed men arrived.", "Nigeria",
     ["Civilians (Nigeria)", "Unidentified Armed Group (Nigeria)"]),
    ("Soldiers opened fire on protesters.", "Philippines",
     ["Military Forces of the Philippines", "Protesters (Philippines)"]),
    ("Police dispersed the rioters.", "Democratic Republic of Congo",
     ["Police Forces of the Democratic Republic of Congo", "Rioters (Democratic Republic of Congo)"]),
    ("Gendarmes arrested three men.", "Turkey",
     ["Military Forces of Turkey Gendarmerie", "Civilians (Turkey)"]),
    ("Gendarmes arrested three men.", "Mali", ["Police Forces of Mali Gendarmerie", "Civilians (Mali)"]),
    ("IS claimed the killing of a teacher.", "Mali", ["Islamic State (Sahel)", "Civilians (Mali)"]),
    ("IS claimed the killing of a teacher.", "Iraq", ["Islamic State (Iraq)", "Civilians (Iraq)"]),
    ("Jihadists burned the school.", "Burkina Faso", ["Islamist Militia (Burkina Faso)"]),
    ("Gang members shot a bus driver.", "Mexico", ["Unidentified Gang (Mexico)", "Civilians (Mexico)"]),
    ("State police officers found the car.", "Mexico", ["Police Forces of Mexico State Police"]),
    ("Military police raided the favela.", "Brazil", ["Military Forces of Brazil Military Police"]),
    ("Fulani militiamen attacked the village.", "Nigeria", ["Fulani Ethnic Militia (Nigeria)"]),
    ("Dozo hunters killed two herders.", "Mali", ["Dozo Communal Militia (Mali)", "Civilians (Mali)"]),
    ("Rebels attacked the checkpoint.", "Syria", ["Opposition Rebels (Syria)"]),
])
def test_generic_mentions_resolve_with_a_country(lexicons: Lexicons, sentence: str, country: str,
                                                 expected: list[str]) -> None:
    assert names(lexicons, sentence, country) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Unknown gunmen killed a trader.", ["Unidentified Armed Group", "Civilians"]),
    ("The army shelled the hills.", ["Military Forces"]),
    ("Gendarmes detained protesters.", ["Police Forces Gendarmerie", "Protesters"]),
])
def test_generic_mentions_without_a_country_drop_the_country_part(lexicons: Lexicons, sentence: str,
                                                                  expected: list[str]) -> None:
    assert names(lexicons, sentence) == expected
    assert all(m.name is None and m.template and "{country}" in m.template for m in find_actors(sentence, lexicons))


@pytest.mark.parametrize(("sentence", "text"), [
    ("The army's trucks were burned.", "army"),
    ("The soldiers' camp was attacked.", "soldiers"),
    ("A gunman shot the guard.", "gunman"),
    ("Two gunmen shot the guard.", "gunmen"),
    ("Three militiamen were arrested.", "militiamen"),
    ("The Houthis' drones hit a ship.", "Houthis"),
])
def test_plurals_and_possessives(lexicons: Lexicons, sentence: str, text: str) -> None:
    assert [m.text for m in find_actors(sentence, lexicons)] == [text]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Pro-Houthi forces attacked anti-Houthi forces.",
     ["Military Forces of Yemen Supreme Political Council"]),
    ("Non-AMISOM troops crossed the border.", ["Military Forces"]),
    ("An anti-Taliban militia held the valley.", ["Unidentified Communal Militia"]),
])
def test_anti_and_non_prefixes_negate_the_actor(lexicons: Lexicons, sentence: str, expected: list[str]) -> None:
    assert names(lexicons, sentence) == expected


@pytest.mark.parametrize(("sentence", "text", "expected"), [
    ("Suspected ISGS militants stole cattle.", "ISGS militants", "Islamic State (Sahel)"),
    ("JNIM-linked fighters blocked the road.", "JNIM-linked fighters",
     "JNIM: Group for Support of Islam and Muslims"),
    ("Militants of Al Shabaab raided the village.", "Al Shabaab", "Al Shabaab"),
    ("MONUSCO peacekeepers evacuated the wounded.", "MONUSCO peacekeepers",
     "MONUSCO: United Nations Organization Stabilization Mission in Democratic Republic of Congo"),
])
def test_member_nouns_join_the_named_group(lexicons: Lexicons, sentence: str, text: str, expected: str) -> None:
    mention = only(lexicons, sentence)
    assert (mention.text, mention.name) == (text, expected)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Suspected JNIM militants attacked soldiers.", [True, False]),
    ("Presumed Katiba Macina fighters burned a truck.", [True]),
    ("Alleged members of Boko Haram abducted girls.", [True, False]),
    ("The attackers are believed to be ISWAP fighters.", [False, True]),
    ("Soldiers arrested suspected gunmen.", [False, True]),
    ("JNIM militants attacked the convoy.", [False]),
])
def test_suspected_flag(lexicons: Lexicons, sentence: str, expected: list[bool]) -> None:
    assert [m.suspected for m in find_actors(sentence, lexicons)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("ISWAP claimed responsibility for the ambush.", [True]),
    ("Al Shabaab, which killed ten soldiers, claimed the attack.", [True, False]),
    ("The bombing was claimed by the Islamic State in a statement.", [True]),
    ("No group has claimed responsibility for the attack on soldiers.", [False]),
    ("Gunmen killed two villagers; JNIM later claimed the killings.", [False, False, True]),
    ("The army said it killed 20 militants.", [False, False]),
    ("Boko Haram claimed an attack on the barracks.", [True]),
])
def test_claimed_flag(lexicons: Lexicons, sentence: str, expected: list[bool]) -> None:
    assert [m.claimed for m in find_actors(sentence, lexicons)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Workers protested over unpaid wages.", "generic.protesters"),
    ("Students staged a protest outside the ministry.", "generic.protesters"),
    ("Residents of the district marched to the town hall.", "generic.protesters"),
    ("Villagers rioted after the arrest.", "generic.rioters"),
    ("Villagers fled after the arrest.", "generic.civilians"),
])
def test_people_who_protest_are_protesters(lexicons: Lexicons, sentence: str, expected: str) -> None:
    assert only(lexicons, sentence).entry_id == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The Ukrainian army fired at the Donbass People's Militia.",
     ["Military Forces of Ukraine", "NAF: United Armed Forces of Novorossiya"]),
    ("The Militia Commander Ahmed said the road was open.", []),
    ("He joined the People's Party last year.", []),
    ("Gunmen Kill Ten Villagers In Northern Town", ["Unidentified Armed Group", "Civilians"]),
])
def test_capitalised_generics_inside_proper_names(lexicons: Lexicons, sentence: str, expected: list[str]) -> None:
    assert names(lexicons, sentence) == expected


@pytest.mark.parametrize(("sentence", "event_country", "expected"), [
    ("French soldiers patrolled near Gao.", "Mali", 8),
    ("Malian soldiers patrolled near Gao.", "Mali", 1),
    ("Soldiers patrolled near Gao.", "Mali", 1),
    ("Wagner fighters patrolled near Gao.", "Mali", 8),
    ("Gunmen attacked a bus near Gao.", "Mali", 3),
])
def test_state_forces_abroad_are_external(lexicons: Lexicons, sentence: str, event_country: str, expected: int) -> None:
    assert find_actors(sentence, lexicons)[0].inter_in(event_country, lexicons) == expected


@pytest.mark.parametrize(("sentence", "country", "offset", "expected"), [
    ("Unknown gunmen killed a trader.", "Mali", 100,
     Actor(name="Unidentified Armed Group (Mali)", role="actor1", inter=3, country="Mali",
           text="Unknown gunmen", start=100, end=114, rule="generic.armed_group")),
    ("Suspected JNIM militants attacked.", "Burkina Faso", 0,
     Actor(name="JNIM: Group for Support of Islam and Muslims", role="actor1", inter=2,
           country="Burkina Faso", text="JNIM militants", start=10, end=24, rule="actor.jnim",
           suspected=True)),
    ("French troops withdrew.", "Mali", 5,
     Actor(name="Military Forces of France", role="actor1", inter=8, country="France", text="French troops",
           start=5, end=18, rule="actor.mil.france")),
])
def test_to_actor_builds_the_schema_record(lexicons: Lexicons, sentence: str, country: str, offset: int,
                                           expected: Actor) -> None:
    assert find_actors(sentence, lexicons)[0].to_actor("actor1", lexicons, country, offset) == expected


@pytest.mark.parametrize("sentence", [
    "Burkinabè soldiers and Côte d’Ivoire’s army met Ivorian gendarmes.",
    "İstanbul police detained Turkish protesters; the Houthis’ drones flew.",
    "Les soldats: FAMa – Malian soldiers — and gunmen",
])
def test_offsets_point_into_the_original_text(lexicons: Lexicons, sentence: str) -> None:
    found = find_actors(sentence, lexicons)
    assert found
    assert all(sentence[m.start:m.end] == m.text for m in found)


def test_lexicon_ids_are_unique_across_both_files() -> None:
    ids = [r["id"] for r in NAMED + GENERIC]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"(actor|generic)\.[a-z0-9_.]+", i) for i in ids)


def test_lexicon_inter_codes_are_acled_codes() -> None:
    assert {int(r["inter"]) for r in NAMED + GENERIC} <= set(range(1, 9))


def test_no_alias_maps_to_two_names() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for row in NAMED:
        for alias in [row["name"], *row["aliases"].split("|")]:
            if not alias or alias.endswith(" *"):
                continue
            key = alias[1:] if alias.startswith("=") else alias if alias.isupper() else alias.casefold()
            key = key.replace("-", " ")
            if seen.setdefault(key, row["name"]) != row["name"]:
                clashes.append((alias, seen[key], row["name"]))
    assert clashes == []


def test_names_carry_no_regime_years() -> None:
    assert [r["name"] for r in NAMED if re.search(r"\(\d{4}-", r["name"])] == []


def test_every_template_has_a_country_slot_and_overrides_name_real_countries() -> None:
    countries = {r["country"] for r in NAMED if r["country"]}
    for row in GENERIC:
        assert "{country}" in row["template"], row["id"]
        assert row["patterns"].strip(), row["id"]
        for override in filter(None, row["overrides"].split("|")):
            country, _, name = override.partition("=")
            assert country in countries and name, (row["id"], override)


def test_demonyms_are_declared_on_rows_with_a_country() -> None:
    declaring = [r for r in NAMED if any(a.endswith(" *") for a in r["aliases"].split("|"))]
    assert len({r["country"] for r in declaring}) >= 60
    assert all(r["country"] for r in declaring)


def test_lexicon_covers_armies_and_police_of_sixty_countries() -> None:
    army = {r["country"] for r in NAMED if r["id"].startswith("actor.mil.") and r["id"].count(".") == 2}
    police = {r["country"] for r in NAMED if r["id"].startswith("actor.pol.") and r["id"].count(".") == 2}
    assert len(army & police) >= 60
    assert len(NAMED) >= 300
