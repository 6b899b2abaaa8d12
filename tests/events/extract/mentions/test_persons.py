"""People's names in a sentence: after a title, a common given name with more names after it, one name beside a
speech verb; weighed against the places of the same name, never vetoed by them; a name in a locative frame stays
a place. Then, across an article, a bare surname given to a person is not a place. Made-up sentences over a
small made-up world, the names table the project ships (events/data/person_names.tsv.gz, from names-dataset)."""

from __future__ import annotations

import pytest

from events.extract.mentions.persons import GIVEN_NAME, SPEECH, TITLE, PersonSpan, find_persons, not_persons
from events.extract.mentions.places import Candidate
from events.extract.text import Sentence
from events.lexicon import Lexicons
from gazetteer import Gazetteer, Place


def _place(gid: str, name: str, code: str, pop: int, fcode: str = "PPL") -> Place:
    fclass = "A" if fcode.startswith(("PCL", "ADM")) else "P"
    return Place(gid, name, None, code, None, None, 10.0, 5.0, fclass, fcode, pop)


WORLD = (
    _place("c-jo", "Jordan", "JO", 10_000_000, "PCLI"),
    _place("c-ke", "Kenya", "KE", 50_000_000, "PCLI"),
    _place("c-ly", "Libya", "LY", 7_000_000, "PCLI"),
    _place("zongo", "Zongo", "CD", 48_000),
    _place("amman", "Amman", "JO", 1_275_000, "PPLC"),
    _place("kano-state", "Kano", "NG", 5_000_000, "ADM1"),
    _place("kano", "Kano", "NG", 4_900_000, "PPLA"),
    _place("paris", "Paris", "FR", 2_100_000, "PPLC"),
    _place("florence", "Florence", "IT", 367_000, "PPLA"),
    _place("santa-cruz", "Santa Cruz", "BO", 1_400_000, "PPLA"),
    _place("general-santos", "General Santos", "PH", 600_000, "PPLA"),
    _place("bello", "Bello", "CO", 390_000),
    _place("karam", "Karam", "AF", 3_000),
)


@pytest.fixture(scope="module")
def world() -> Gazetteer:
    return Gazetteer.from_places(WORLD, alternate_names={"amman": ["Aman"]})


def _persons(text: str, world: Gazetteer, lexicons: Lexicons) -> list[tuple[str, str]]:
    return [(p.text, p.rule) for p in find_persons(Sentence(0, 0, len(text), text, 0), world, lexicons)]


CASES = [
    # a common given name opens a name of several words; the locative words that introduce people too do not
    # make it a place
    ("Protesters called for an inquiry into the murder of Norbert Zongo, an editor.", [("Norbert Zongo", GIVEN_NAME)]),
    ("Gunmen shot Fatima Kano Bello outside her shop.", [("Fatima Kano Bello", GIVEN_NAME)]),
    ("Florence Nightingale nursed the wounded.", [("Florence Nightingale", GIVEN_NAME)]),
    # a country's name is a given name too: a surname after it that is no place makes the person
    ("Jordan Peterson spoke at the event.", [("Jordan Peterson", GIVEN_NAME)]),
    # ... and two places are no person, nor a surname that is a city of millions
    ("The Jordan-Kenya border stayed shut.", []),
    ("Gunmen shot Fatima Kano near the bridge.", []),
    # a given name needs a known surname after it ("Umm", "Salah" are given names too), and neither an article
    # nor a demonym opens a name
    ("Shelling hit Umm Kuja and the Salah Complex.", []),
    ("Clashes spread to Ash Shuaynah.", []),
    ("Libyan Peterson protested.", []),
    # a name listed with places is a place
    ("Shells fell on Zongo, Norbert Mayi and Kano.", []),
    # a quarter or an institution named after a person is a place
    ("Residents of Colonia Norbert Zongo protested.", []),
    ("Nurses of the Norbert Zongo Hospital protested.", []),
    # an acronym or a demonym beside a speech verb is no person
    ("NAS claimed the attack.", []),
    ("JNIM says French troops left.", []),
    # a note's admin hints after the name make it a place
    ("Militants attacked Norbert Zongo (Koro, Mopti) at dawn.", []),
    # a hyphen joins two given names, not a given name and a place
    ("Jean-Pierre Zongo told reporters.", [("Jean-Pierre Zongo", GIVEN_NAME)]),
    ("Traffic on the Norbert-Zongo road resumed.", []),
    # a capitalised word before the name inside the sentence belongs to a longer name
    ("Health workers of the Hospital Norbert Zongo protested.", []),
    # one name beside a speech verb, as its subject or after it
    ("Diallo told reporters that the road was closed.", [("Diallo", SPEECH)]),
    ("\"We want the truth,\" said Aman, a shopkeeper.", [("Aman", SPEECH)]),
    # a city of 390,000 loses to a surname as common as Bello
    ("Bello said the curfew would hold.", [("Bello", SPEECH)]),
    # ... a country, a first-level region or a city of millions never does
    ("Jordan said it would reopen the crossing.", []),
    ("Kenya told the council it would send troops.", []),
    ("Paris said it would send troops.", []),
    ("Kano said nothing.", []),
    # a locative frame, a place word after the name, or a run the gazetteer knows whole: a place
    ("Gunmen attacked a market in Kano on Friday.", []),
    ("Fighting was reported near Zongo on Monday.", []),
    ("Residents of Zongo said the bridge was cut.", []),
    ("In Kano, the governor spoke.", []),
    ("Police reached Sayed Karam district at noon.", []),
    ("Troops patrolled Santa Cruz overnight.", []),
    ("A car bomb went off in General Santos.", []),
    ("Jordan Valley farmers protested.", []),
    # a single name with no cue says nothing on its own (the article may: see not_persons)
    ("Zongo was killed in 1998.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_persons_in_a_sentence(text: str, expected: list[tuple[str, str]], world: Gazetteer,
                               lexicons: Lexicons) -> None:
    assert _persons(text, world, lexicons) == expected


# every title of persons.toml (person.title) before a name, whatever the name is
TITLED = [
    ("Mr Ouedraogo met Mrs Sawadogo, Ms Kabore and Dr. Zongo.", ["Ouedraogo", "Sawadogo", "Kabore", "Zongo"]),
    ("Sheikh Tahirou prayed beside Imam Sana, Pastor Kiemde and Bishop Ilboudo.",
     ["Tahirou", "Sana", "Kiemde", "Ilboudo"]),
    ("The envoy thanked Vice President Kone and Prime Minister Zida.", ["Kone", "Zida"]),
    ("Minister Bamba met Governor Coulibaly, Senator Traore and Mayor Sanou.",
     ["Bamba", "Coulibaly", "Traore", "Sanou"]),
    ("Prefect Kabre, Judge Millogo and Ambassador Kafando attended.", ["Kabre", "Millogo", "Kafando"]),
    ("Emir Sanusi received Chief Nabaloum and President Macky Sall.", ["Sanusi", "Nabaloum", "Macky Sall"]),
    ("General Diarra, Colonel Sangare and Captain Sidibe left Kano.", ["Diarra", "Sangare", "Sidibe"]),
    ("Lieutenant Dembele, Sergeant Keita and Commander Doumbia were promoted.", ["Dembele", "Keita", "Doumbia"]),
    ("Gen. Diarra, Col. Sangare, Lt. Sidibe and Sgt. Keita signed.", ["Diarra", "Sangare", "Sidibe", "Keita"]),
    ("The journalist Zongo and the reporter Sanon met the spokesman Ouattara.", ["Zongo", "Sanon", "Ouattara"]),
    ("The spokeswoman Yameogo and the spokesperson Kinda answered.", ["Yameogo", "Kinda"]),
    ("The activist Sankara and the lawyer Bationo joined opposition leader Diabre.",
     ["Sankara", "Bationo", "Diabre"]),
    ("The lawmaker Sawadogo, the cleric Dicko and the businessman Kafando spoke.", ["Sawadogo", "Dicko", "Kafando"]),
]


@pytest.mark.parametrize(("text", "names"), TITLED)
def test_a_title_makes_the_name_after_it_a_person(text: str, names: list[str], world: Gazetteer,
                                                  lexicons: Lexicons) -> None:
    assert _persons(text, world, lexicons) == [(name, TITLE) for name in names]


def test_a_person_span_names_its_surname_unless_it_is_a_large_place(world: Gazetteer, lexicons: Lexicons) -> None:
    text = "Gunmen shot Mr Kano outside the shop of Norbert Zongo."
    spans = find_persons(Sentence(3, 100, 100 + len(text), text, 0), world, lexicons)
    # article offsets; "Kano" is a city of millions: a later bare "Kano" stays the city
    assert spans == [PersonSpan(115, 119, "Kano", TITLE, None),
                     PersonSpan(140, 153, "Norbert Zongo", GIVEN_NAME, "Zongo")]


def _candidate(text: str, *, locative: bool = False, precision: int = 1, hints: tuple[str, ...] = ()) -> Candidate:
    return Candidate(0, len(text), text, 1, precision, "place.name", locative, False, hints)


def test_not_persons_drops_bare_mentions_of_a_surname_only() -> None:
    person = PersonSpan(0, 13, "Norbert Zongo", GIVEN_NAME, "Zongo")
    bare, near = _candidate("Zongo"), _candidate("Zongo", locative=True, precision=2)
    hinted, other = _candidate("ZONGO", hints=("Sud-Ubangi",)), _candidate("Gemena")
    assert not_persons([bare, near, hinted, other], [person]) == [near, hinted, other]
    assert not_persons([bare], [PersonSpan(0, 11, "Fatima Kano", GIVEN_NAME, None)]) == [bare]
