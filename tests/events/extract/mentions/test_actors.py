"""Actor mentions: named actors, generic mentions and their ACLED names, flags, and the lexicons."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from events.extract.mentions.actors import ActorMention, find_actors
from events.lexicon import Lexicons, bundled_folder
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
    ("RSF troops shelled the market.", ["Rapid Support Forces"]),
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
           country="Burkina Faso", text="JNIM militants", start=10, end=24,
           rule="actor.jnim+cue.actor.member+cue.actor.suspected", suspected=True)),
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


# --- actor_cues.toml: the lists that shape a mention, flag it or change its entry, each in a sentence ---

@pytest.mark.parametrize(("word", "plural"), [
    ("police", "polices"), ("personnel", "personnels"), ("military", "militaries"), ("staff", "staffs"),
    ("people", "peoples"), ("gendarmerie", "gendarmeries"), ("men", "mens"), ("women", "womens"),
    ("children", "childrens"), ("schoolchildren", "schoolchildrens"), ("navy", "navies"),
    ("population", "populations"), ("enforcement", "enforcements"),
])
def test_uncountable_last_words_take_no_plural(lexicons: Lexicons, word: str, plural: str) -> None:
    assert plural not in [m.text for m in find_actors(f"The {plural} of the region met on Sunday.", lexicons)]
    assert word in lexicons.word_list("actor_cues.toml", "cue.actor.uncountable")


@pytest.mark.parametrize(("sentence", "text", "noun", "member"), [
    ("ISGS gunmen stole cattle.", "ISGS gunmen", "gunmen", "generic.armed_group"),
    ("JNIM-linked jihadists burned a school.", "JNIM-linked jihadists", "jihadists", "generic.islamist"),
    ("RSF-aligned militiamen looted the market.", "RSF-aligned militiamen", "militiamen", "generic.militia"),
    ("ISWAP-affiliated rebels crossed the river.", "ISWAP-affiliated rebels", "rebels", "generic.rebels"),
    ("FLA separatists blocked the road.", "FLA separatists", "separatists", "generic.separatists"),
    ("MS-13 gangsters extorted the traders.", "MS-13 gangsters", "gangsters", "generic.gang"),
    ("FAMa soldiers secured the road.", "FAMa soldiers", "soldiers", "generic.military"),
    ("MONUSCO peacekeepers evacuated the wounded.", "MONUSCO peacekeepers", "peacekeepers", "generic.peacekeepers"),
    ("Hezbollah-allied fighters crossed the border.", "Hezbollah-allied fighters", "fighters", "generic.armed_group"),
    ("Wagner loyalist fighters entered the town.", "Wagner loyalist fighters", "fighters", "generic.armed_group"),
])
def test_member_nouns_grow_the_named_mention_and_its_rule_says_so(lexicons: Lexicons, sentence: str, text: str,
                                                                   noun: str, member: str) -> None:
    mention = find_actors(sentence, lexicons)[0]
    assert (mention.text, mention.rule) == (text, f"{mention.entry_id}+cue.actor.member")
    assert only(lexicons, f"Two {noun} arrived on Sunday.").entry_id == member


@pytest.mark.parametrize(("sentence", "text"), [
    ("Suspected JNIM militants attacked soldiers.", "JNIM militants"),
    ("Purported ISWAP fighters raided a farm.", "ISWAP fighters"),
    ("The attackers, presumably JNIM militants, fled.", "JNIM militants"),
    ("The raid was carried out by men allegedly from Boko Haram.", "Boko Haram"),
    ("Fighters supposedly of the ADF burned the clinic.", "ADF"),
    ("The gunmen were alleged to be JNIM militants.", "JNIM militants"),
    ("The attackers are suspected to be Al Shabaab fighters.", "Al Shabaab fighters"),
    ("The raiders were thought to be ISWAP fighters.", "ISWAP fighters"),
    ("The attackers were presumed to be members of JNIM.", "JNIM"),
    ("Soldiers arrested suspected elements of the ADF.", "ADF"),
    ("Soldiers arrested suspected fighters of ISWAP.", "ISWAP"),
    ("Police detained presumed militants from Boko Haram.", "Boko Haram"),
    ("Villagers said a suspected member of ISWAP had fled.", "ISWAP"),
])
def test_hedges_flag_the_actor_as_suspected_and_its_rule_says_so(lexicons: Lexicons, sentence: str,
                                                                  text: str) -> None:
    flagged = [m for m in find_actors(sentence, lexicons) if m.suspected]
    assert [m.text for m in flagged] == [text]
    assert flagged[0].rule.endswith("+cue.actor.suspected")


@pytest.mark.parametrize(("sentence", "rule"), [
    ("ISWAP claimed the attack on the barracks.", "actor.is_west_africa+cue.actor.claim_deed"),
    ("JNIM later claimed the killings.", "actor.jnim+cue.actor.claim_deed"),
    ("Al Shabaab claimed both bombings in the capital.", "actor.al_shabaab+cue.actor.claim_deed"),
    ("JNIM claimed an ambush on a supply convoy.", "actor.jnim+cue.actor.claim_deed"),
    ("ISWAP claimed the assault on the garrison.", "actor.is_west_africa+cue.actor.claim_deed"),
    ("Boko Haram claimed the abduction of the teachers.", "actor.boko_haram+cue.actor.claim_deed"),
    ("The ADF claimed the kidnappings near the border.", "actor.adf+cue.actor.claim_deed"),
    ("Hezbollah claimed the operation against the outpost.", "actor.hezbollah+cue.actor.claim_deed"),
    ("ISWAP claimed a raid on the military camp.", "actor.is_west_africa+cue.actor.claim_deed"),
    ("The Houthis claimed the strikes on the tanker.", "actor.mil.yemen.houthi+cue.actor.claim_deed"),
    ("Al Shabaab claimed the explosion at the market.", "actor.al_shabaab+cue.actor.claim_deed"),
    ("JNIM claimed the blast near the checkpoint.", "actor.jnim+cue.actor.claim_deed"),
    ("ISWAP claimed the shooting of two guards.", "actor.is_west_africa+cue.actor.claim_deed"),
    ("The Islamic State claimed the execution of a hostage.", "generic.islamic_state+cue.actor.claim_deed"),
    ("JNIM claimed the assassination of a local chief.", "actor.jnim+cue.actor.claim_deed"),
    ("ISWAP claimed responsibility for the ambush.", "actor.is_west_africa+cue.actor.claim_credit"),
    ("JNIM claimed full responsibility for the ambush.", "actor.jnim+cue.actor.claim_credit"),
    ("The ADF claimed sole responsibility for the raid.", "actor.adf+cue.actor.claim_credit"),
    ("Al Shabaab claims credit for the blast.", "actor.al_shabaab+cue.actor.claim_credit"),
    ("In a statement, JNIM claim the attack on the convoy.", "actor.jnim+cue.actor.claim_deed"),
    ("Boko Haram issued a video claiming the abduction of the teachers.", "actor.boko_haram+cue.actor.claim_deed"),
    ("The bombing was claimed by the Islamic State in a statement.", "generic.islamic_state+cue.actor.claimed_by"),
])
def test_claims_of_responsibility_flag_the_claimant_and_name_what_was_claimed(lexicons: Lexicons, sentence: str,
                                                                             rule: str) -> None:
    assert [m.rule for m in find_actors(sentence, lexicons) if m.claimed] == [rule]


@pytest.mark.parametrize("sentence", [
    "No group has claimed responsibility for the attack on soldiers.",
    "JNIM has not claimed the attack.",
    "Al Shabaab never claimed the bombing.",
    "JNIM said none of its units claimed the raid.",
    "In Gao, nobody from JNIM claimed the raid.",
    "JNIM said no one in the group claimed the raid.",
    "JNIM has yet to claim the attack.",
    "JNIM did n't claim the attack.",  # "n't" is a word of its own in tokenised text only
    "JNIM denied claiming the attack.",
    "JNIM leaders deny claiming the attack.",
    "ISWAP denies claiming the raid.",
    "A statement denying that JNIM claimed the attack circulated.",
])
def test_a_negated_claim_flags_nobody(lexicons: Lexicons, sentence: str) -> None:
    found = find_actors(sentence, lexicons)
    assert [m.claimed for m in found] == [False] * len(found)
    assert all("cue.actor.claim" not in m.rule for m in found)


@pytest.mark.parametrize(("sentence", "text", "rule"), [
    ("Residents protest the closure of the clinic.", "Residents", "generic.protesters+cue.actor.protested"),
    ("Workers protested over unpaid wages.", "Workers", "generic.protesters+cue.actor.protested"),
    ("Villagers protesting the closure blocked the road.", "Villagers", "generic.protesters+cue.actor.protested"),
    ("Students demonstrated outside the ministry.", "Students", "generic.protesters+cue.actor.protested"),
    ("Traders demonstrating against the tax closed their shops.", "Traders",
     "generic.protesters+cue.actor.protested"),
    ("Residents of the district marched to the town hall.", "Residents", "generic.protesters+cue.actor.protested"),
    ("Farmers marching to the capital were stopped.", "Farmers", "generic.protesters+cue.actor.protested"),
    ("Teachers rallied in the main square.", "Teachers", "generic.protesters+cue.actor.protested"),
    ("Nurses rallying for higher pay filled the square.", "Nurses", "generic.protesters+cue.actor.protested"),
    ("Residents took to the streets after the blackout.", "Residents", "generic.protesters+cue.actor.protested"),
    ("Miners went on strike at dawn.", "Miners", "generic.protesters+cue.actor.protested"),
    ("Villagers gathered to protest the eviction.", "Villagers", "generic.protesters+cue.actor.protested"),
    ("Students staged a protest outside the ministry.", "Students", "generic.protesters+cue.actor.protested"),
    ("Farmers held a demonstration in the square.", "Farmers", "generic.protesters+cue.actor.protested"),
    ("Traders organised a sit-in at the market.", "Traders", "generic.protesters+cue.actor.protested"),
    ("Farmers held a sit in at the mill.", "Farmers", "generic.protesters+cue.actor.protested"),  # hyphen dropped
    ("Workers organized a march to the port.", "Workers", "generic.protesters+cue.actor.protested"),
    ("Residents held a rally against the dam.", "Residents", "generic.protesters+cue.actor.protested"),
    ("Workers staged a strike at the port.", "Workers", "generic.protesters+cue.actor.protested"),
    ("An angry mob protested outside the station.", "angry mob", "generic.protesters+cue.actor.protested"),
    ("Villagers rioted after the arrest.", "Villagers", "generic.rioters+cue.actor.rioted"),
    ("Youths went on a rampage in the market.", "Youths", "generic.rioters+cue.actor.rioted"),
    ("Residents went on the rampage after the killing.", "Residents", "generic.rioters+cue.actor.rioted"),
    ("An angry mob went on the rampage.", "angry mob", "generic.rioters"),
    ("Villagers fled after the arrest.", "Villagers", "generic.civilians"),
])
def test_crowds_that_protest_or_riot_and_the_list_that_said_so(lexicons: Lexicons, sentence: str, text: str,
                                                              rule: str) -> None:
    mention = only(lexicons, sentence)
    assert (mention.text, mention.rule) == (text, rule)


def test_the_crowd_entries_are_civilians_and_rioters(lexicons: Lexicons) -> None:
    assert only(lexicons, "Villagers fled.").entry_id == "generic.civilians"
    assert only(lexicons, "An angry mob gathered.").entry_id == "generic.rioters"
    crowd = lexicons.word_list("actor_cues.toml", "cue.actor.crowd")
    assert {row["id"] for row in GENERIC} >= set(crowd) | set(lexicons.word_list("actor_cues.toml", "cue.actor.member"))


def _edited(tmp_path: Path, old: str, new: str) -> Lexicons:
    folder = tmp_path / "lexicons"
    shutil.copytree(str(bundled_folder()), folder)
    text = (folder / "actor_cues.toml").read_text(encoding="utf-8")
    assert old in text
    (folder / "actor_cues.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return Lexicons(folder)


@pytest.mark.parametrize(("old", "new", "sentence", "field", "before", "after"), [
    ('"people", ', "", "The peoples of the valley voted.", "text", [], ["peoples"]),
    ('"generic.gang", ', "", "MS-13 gangsters extorted a bus driver.", "text",
     ["MS-13 gangsters", "bus driver"], ["MS-13", "gangsters", "bus driver"]),
    ('"anti", ', "", "Anti-Houthi forces retook the hill.", "text", [], ["Houthi forces"]),
    ('"went on strike", ', "", "Miners went on strike at dawn.", "entry_id", ["generic.protesters"],
     ["generic.civilians"]),
    ('"generic.rioters"', '"generic.civilians"', "An angry mob protested.", "entry_id", ["generic.protesters"],
     ["generic.rioters"]),
    ('"supposedly", ', "", "Fighters supposedly of the ADF burned the clinic.", "suspected", [False, True],
     [False, False]),
])
def test_an_edit_of_a_list_changes_what_is_found(lexicons: Lexicons, tmp_path: Path, old: str, new: str,
                                                 sentence: str, field: str, before: list[object],
                                                 after: list[object]) -> None:
    assert [getattr(m, field) for m in find_actors(sentence, lexicons)] == before
    assert [getattr(m, field) for m in find_actors(sentence, _edited(tmp_path, old, new))] == after


@pytest.mark.parametrize("blanks", [" " + "-" * 2000, " " * 2000, " in Gao " + "-" * 2000])
def test_a_crowd_before_a_long_run_of_blanks_is_read_at_once(lexicons: Lexicons, blanks: str) -> None:
    """Hyphens read as blanks: the cues of a crowd that protested or rioted once backtracked over such a run, when a
    word of theirs came later (23 s for 2,000 characters)."""
    import time

    started = time.perf_counter()
    found = find_actors(f"Residents{blanks} x. They later protested and rioted.", lexicons)
    assert time.perf_counter() - started < 1.0 and [m.text for m in found] == ["Residents"]
