"""People's names in a sentence, so that a given name or a surname is not read as a place ("Norbert Zongo" is
no town in Congo, "said Aman" no Amman).

A run of capitalised words is a person when
- a title stands right before it ("President Macky Sall", "journalist Norbert Zongo", "Mr. Diallo":
  persons.toml, person.title), rule `person.title`;
- it has two words or more, its first a common given name and its last a known surname ("Fatima Kano Bello"),
  rule `person.given-name`;
- it is one word right before or after a speech verb ("Diallo told reporters", "..., said Aman", the verbs of
  claims.toml's attribution) and is known as a name, rule `person.speech`.
How common a word is as a name is data (names-dataset, events/extract/names.py); where a word is a place too, the
two are weighed, never vetoed: a common name beats a village or a small town, only a very common one a
city of up to a million, nothing a country, a first-level region or a larger city ("Jordan said", "Kano"), unless
a surname that is no place follows it ("Jordan Peterson"). A name in a locative frame ("in Kano", "near Zongo"),
followed by a region or district word ("Sayed Karam district") or a note's admin hints ("(Koro, Mopti)"), listed
with places ("Balail, Umm Kuja"), or known whole to the gazetteer ("Santa Cruz", "General Santos") stays a place.

Finding is per sentence and pure; `not_persons` then drops, across the article, a bare later mention of a surname
found here ("Zongo was killed on 13 December 1998").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from events.extract.mentions.places import Candidate, PlaceCues, place_cues
from events.extract.names import RANK_CUT, PersonNames, person_names
from events.extract.text import Sentence
from events.lexicon import Lexicons
from gazetteer import Gazetteer, fold

_LEXICON = "persons.toml"
TITLE = "person.title"
GIVEN_NAME = "person.given-name"
SPEECH = "person.speech"
SHARED_FRAME = "person.shared-frame"

# A given name this common somewhere (rank within a country; ~60,000 names) opens a person's name.
_GIVEN_RANK = 1000
# How common a name must be to beat a place of each class (see _place_class): any name in the table beats a
# village or a town, only a very common one a city of up to a million, none a country, region or larger city.
_BEATS = (RANK_CUT, 100, 0)
_CITY, _LARGE_CITY = 100_000, 1_000_000
# One capitalised word; a hyphen before a capital joins two names ("NGourma-Pama"), as places.py reads them.
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’]*(?:-(?![A-ZÀ-ÖØ-Þ])[\w'’]+)*")
# capitalised words separated by spaces (or such a hyphen) only: a comma, a connector ("of") or a full stop ends a name
_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:(?:[ \t]+|-)[A-ZÀ-ÖØ-Þ][\w'’-]*)*")
# ", Maguindanao", ", Eastern Cape": the name before it is listed with its region, as places are
_REGION_AFTER = re.compile(r",[ \t]*([A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*){0,2})")
# a neighbour in a list: "<name>, " or "<name> and " before, ", <name>" or " and <name>" after
_LIST_BEFORE = re.compile(r"([A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*)*)(?:,|,?[ \t]+(?:and|or))[ \t]+$")
_LIST_AFTER = re.compile(r"(?:,|,?[ \t]+(?:and|or))[ \t]+([A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*)*)")
_HINT_AFTER = re.compile(r"[ \t]*\([ \t]*[A-ZÀ-ÖØ-Þ][^()]*,")
_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")
_PREVIOUS_WORD = re.compile(r"\b([a-z]+),?[ \t]+$")


@dataclass(frozen=True, slots=True)
class PersonSpan:
    """A person's name in a sentence (article offsets)."""

    start: int
    end: int
    text: str
    rule: str
    surname: str | None  # its last word when a later bare mention of it is this person (no large place)


@dataclass(frozen=True, slots=True)
class PersonCues:
    """What finding people compiles: titles (persons.toml), speech verbs (claims.toml) and the place cues that
    keep a name a place."""

    title_before: re.Pattern[str]  # a title ending the text before a name
    title_ends: frozenset[str]  # the last words of the titles, lower case: most runs follow none
    leading: frozenset[str]  # words that open a run before the name: stopwords, title words ("Sheikh", "Vice")
    speech_after: frozenset[str]  # "Diallo told"
    speech_before: frozenset[str]  # "said Aman"
    places: PlaceCues
    articles: frozenset[str]  # place.article: "Ash Shuaynah", "El Carmen" open places' names
    shared_frame: frozenset[str]  # person.shared-frame: locative words that introduce people as well
    place_words: frozenset[str]  # region, district, descriptor, city-part words: "Sayed Karam district"


def person_cues(lexicons: Lexicons) -> PersonCues:
    """persons.toml and the speech verbs of claims.toml (build with `lexicons.compiled(person_cues)`)."""
    titles = lexicons.word_list(_LEXICON, TITLE)
    places = lexicons.compiled(place_cues)
    speech = lexicons.toml("claims.toml")["attribution"]["speech"]
    return PersonCues(
        title_before=re.compile(rf"(?<![\w'’]){titles.alternation()}\.?[ \t]+$", re.I),
        title_ends=frozenset(title.split()[-1].lower() for title in titles),
        leading=places.stopwords | {w for title in titles for w in title.split() if w[0].isupper()},
        speech_after=frozenset(w.strip().lower() for w in speech.split("|") if w.strip().isalpha()),
        speech_before=frozenset(w.lower() for w in lexicons.word_list("claims.toml", "attr.inverted")),
        places=places,
        articles=frozenset(w.strip("-") for w in lexicons.word_list("place_cues.toml", "place.article")),
        shared_frame=frozenset(lexicons.word_list(_LEXICON, SHARED_FRAME)),
        place_words=frozenset((*places.region_words, *places.district_words, *places.descriptors,
                               *places.city_part_after, *places.border)),
    )


def find_persons(sentence: Sentence, gazetteer: Gazetteer, lexicons: Lexicons) -> list[PersonSpan]:
    """The people named in a sentence. The names table is read only when a run needs it (most runs are
    decided by their cues or their length)."""
    cues = lexicons.compiled(person_cues)
    text = sentence.text
    found: list[PersonSpan] = []
    for run in _RUN.finditer(text):
        found_words = run.group()
        if " " in found_words or "-" in found_words or "\t" in found_words:
            words = [m.span() for m in _WORD.finditer(text, run.start(), run.end())]
        elif found_words in cues.leading:
            continue  # one word, most runs: "The", "Police"
        else:
            words = [run.span()]
        # "The", "In", "President": leading stopwords and titles belong to the context before the name
        first = 0
        while first < len(words) and text[words[first][0]:words[first][1]] in cues.leading:
            first += 1
        if first == len(words):
            continue
        last = first
        while last + 1 < len(words) and not _thing_word(text[words[last + 1][0]:words[last + 1][1]], cues):
            last += 1
        # "Jordan Valley", "Kano State", "Ramon Mendoza Avenue": a stopword or a place word after the name names a
        # thing, not a person
        cut = last + 1 < len(words)
        name = words[first:last + 1]
        start, end = name[0][0], name[-1][1]
        before = text[max(0, start - 40):start]
        titled = _titled(before, cues)
        if titled:
            if first > 0 and gazetteer.contains(text[run.start():end]):
                continue  # "General Santos", "Prince George": the title is part of a place's name
            rule: str | None = TITLE
        # untitled, the cheap tests first (most runs are one word beside no speech verb): then the context may
        # already say it is a place or a thing: "(Ghani Khel) district", "Tin-Hamma (Ansongo, Gao)", "Datu Hoffer
        # Ampatuan, Maguindanao" (a note's admin hints and listed places); "in Greater Sahara", "the Hospital Dario
        # Marquez" (a capitalised word before the name inside the sentence, not its first word "After" or "The",
        # belongs to a longer name)
        elif (cut or (not _beside_speech(text, end, before, cues) if len(name) == 1
                      else not _common_given_name(text[start:name[0][1]], lexicons))
              or (first > 0 and text[:run.start()].strip(" \t\"'“‘(") != "")
              or before.rstrip().endswith("(") or _HINT_AFTER.match(text, end) is not None
              or _placed(before, text, end, cues, len(name) > 1) or _region_after(text, end, gazetteer)):
            continue
        else:
            rule = _untitled(text, words, first, last, gazetteer, lexicons, cues)
        if rule is None:
            continue
        surname = text[name[-1][0]:end]
        large = _place_class(surname, gazetteer) == 2  # "Fatima Kano": a later bare "Kano" is the city
        found.append(PersonSpan(sentence.start + start, sentence.start + end, text[start:end], rule,
                                None if large else surname))
    return found


def _titled(before: str, cues: PersonCues) -> bool:
    """A title ends the text before the name ("Mr. ", "journalist "): its last word is looked up before the
    pattern is tried."""
    stripped = before.rstrip(" \t.")
    return (stripped[stripped.rfind(" ") + 1:].lower() in cues.title_ends
            and cues.title_before.search(before) is not None)


def _beside_speech(text: str, end: int, before: str, cues: PersonCues) -> bool:
    """A speech verb right after the name ("Diallo told") or right before it ("said Aman")."""
    following = _NEXT_WORD.match(text, end)
    if following is not None and following.group(1) in cues.speech_after:
        return True
    previous = _PREVIOUS_WORD.search(before)
    return previous is not None and previous.group(1) in cues.speech_before


def _common_given_name(word: str, lexicons: Lexicons) -> bool:
    rank = lexicons.compiled(person_names).given_rank(word)
    return rank is not None and rank <= _GIVEN_RANK


def _placed(before: str, text: str, end: int, cues: PersonCues, full_name: bool) -> bool:
    """A locative frame before the name ("in Kano", "near Zongo") or a place word after it ("Sayed Karam
    district"): it stays a place, whatever names it holds. Before a name of several words, the locative words that
    introduce people as well ("the murder of Norbert Zongo") are no such frame."""
    lowered = before.lower().rstrip()
    last = lowered[max(lowered.rfind(" "), lowered.rfind("(")) + 1:]
    if cues.places.proximity.end(lowered, last):
        return True
    locative = cues.places.locative
    if locative.end(lowered, last):
        # the longest phrase that ends the text decides: "the village of" is a frame, "of" alone is shared
        phrases = [p for p in locative.phrases.get(last, ()) if lowered.endswith(p)
                   and (len(lowered) == len(p) or lowered[-len(p) - 1] in " (")]
        longest = max(phrases, key=len) if phrases else last
        if not (full_name and longest in cues.shared_frame):
            return True
    if cues.places.city_part_before.end(lowered, last) or cues.places.institution.match(text, end):
        return True  # "Colonia Gabriel Tepepa", "Eleazar Guzman Barron hospital": a quarter, an institution
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1) in cues.place_words


def _thing_word(word: str, cues: PersonCues) -> bool:
    """A stopword ("State", "Valley") or a place word ("Avenue", "District"): no part of a person's name."""
    return word in cues.places.stopwords or word.lower() in cues.place_words


def _region_after(text: str, end: int, gazetteer: Gazetteer) -> bool:
    """The name is followed by a comma and a region or a country ("..., Maguindanao"): a place and its region."""
    after = _REGION_AFTER.match(text, end)
    if after is None:
        return False
    region = after.group(1).split()
    return any(k.feature_code.startswith(("ADM", "PCL")) for n in range(len(region), 0, -1)
               for k in gazetteer.kinds(" ".join(region[:n])))


def _untitled(text: str, run: Sequence[tuple[int, int]], first: int, last: int, gazetteer: Gazetteer,
              lexicons: Lexicons, cues: PersonCues) -> str | None:
    """The rule that makes an untitled run a person, if any: a common given name first, or one name word
    beside a speech verb (the caller saw it there); decided by the names table weighed against the gazetteer."""
    name = run[first:last + 1]
    words = [text[s:e] for s, e in name]
    if len(words) >= 2:
        # "Santa Cruz", "Abu Dhabi", "El Carmen", "Fada NGourma": the run, or the name, opens with a place's name
        if any(gazetteer.contains(text[run[i][0]:run[j][1]]) for i in {0, first} for j in range(i + 1, last + 1)):
            return None
        given_name, surname = words[0], words[-1]
        # "Ash Shuaynah", "Libyan Audit Bureau", "IS Emir": an article, a demonym or an acronym opens no person's name
        if given_name.lower() in cues.articles or not _may_be_name(given_name, gazetteer):
            return None
        # "Jean-Pierre" is one given name; "Iran-Iraq War", "Rio-Santos" join places
        for (_, left), (right, right_end) in zip(name, name[1:], strict=False):
            if text[left:right] == "-" and not _joined_given_name(text[right:right_end], lexicons, gazetteer):
                return None
        names = lexicons.compiled(person_names)
        given, family = names.given_rank(given_name), names.surname_rank(surname)
        # a common given name, then a known surname ("Umm Kuja", "Salah Complex" have none), itself more a name than
        # a place; a given name that is a large place ("Jordan", "Florence") needs a surname that is no place at all
        if given is None or given > _GIVEN_RANK or family is None or not _beats(family, surname, gazetteer):
            return None
        if not _beats(given, given_name, gazetteer) and _place_class(surname, gazetteer) > 0:
            return None
        if _listed_with_places(text, name[0][0], name[-1][1], gazetteer, names):
            return None
        return GIVEN_NAME
    if not _may_be_name(words[0], gazetteer):
        return None  # "NAS claimed", "says French": an acronym or a demonym, not a name
    rank = _best_rank(lexicons.compiled(person_names), words[0])
    return SPEECH if rank is not None and _beats(rank, words[0], gazetteer) else None


def _may_be_name(word: str, gazetteer: Gazetteer) -> bool:
    """Neither an acronym ("NAS", "IS") nor a demonym ("French", "Libyan")."""
    return not word.isupper() and gazetteer.country_of_demonym(word) is None


def _joined_given_name(word: str, lexicons: Lexicons, gazetteer: Gazetteer) -> bool:
    """After a hyphen, the second half of a given name ("Jean-Pierre"): a common given name and no place."""
    rank = lexicons.compiled(person_names).given_rank(word)
    return rank is not None and rank <= _GIVEN_RANK and not gazetteer.contains(word)


def _listed_with_places(text: str, start: int, end: int, gazetteer: Gazetteer, names: PersonNames) -> bool:
    """The name stands in a list beside a place ("Balail, Hajir Togo, Umm Kuja", "Maaret Alia and Saraqab"): a
    neighbour the gazetteer knows that is no name, or a large place, makes the list one of places."""
    around = (_LIST_BEFORE.search(text, max(0, start - 60), start), _LIST_AFTER.match(text, end))
    neighbours = [m.group(1) for m in around if m is not None]
    for neighbour in neighbours:
        for name in (neighbour, neighbour.split()[-1]):
            if gazetteer.contains(name) and (not names.is_name(name) or _place_class(name, gazetteer) > 0):
                return True
    return False


def _best_rank(names: PersonNames, word: str) -> int | None:
    ranks = [r for r in (names.given_rank(word), names.surname_rank(word)) if r is not None]
    return min(ranks) if ranks else None


def _beats(rank: int, word: str, gazetteer: Gazetteer) -> bool:
    """Whether a name of this rank is far more likely a person than the places of this name."""
    return rank <= _BEATS[_place_class(word, gazetteer)]


def _place_class(word: str, gazetteer: Gazetteer) -> int:
    """0: no place bears this name itself (only as an alternate: "Aman" for Amman), or a village or town;
    1: a city (100,000 people or more) or a second-level region; 2: a country, a first-level region or a city
    of a million people or more."""
    if not gazetteer.contains(word):
        return 0
    if len(word) > 3 and gazetteer.country(word) is not None:  # "Chad", "Mali"; not "Li", read as a country code
        return 2
    key = fold(word)
    out = 0
    for place in gazetteer.lookup(word):
        if fold(place.name) != key:
            continue
        if place.feature_code.startswith(("PCL", "ADM1")) or place.population >= _LARGE_CITY:
            return 2
        if place.feature_code.startswith("ADM") or place.population >= _CITY:
            out = 1
    return out


def not_persons(candidates: Iterable[Candidate], persons: Iterable[PersonSpan]) -> list[Candidate]:
    """The article's place candidates without the bare later mentions of a surname it gave a person ("Norbert
    Zongo ... Zongo was killed"). A mention in a locative frame ("in Zongo"), with admin hints or coded by a note
    stays: the name is a place there."""
    surnames = {fold(p.surname) for p in persons if p.surname}
    if not surnames:
        return list(candidates)
    return [c for c in candidates
            if fold(c.text) not in surnames or c.locative or c.admin_hints or c.coded or c.precision > 1]
