"""Place mentions in sentences and their resolution against the gazetteer.

Finding is cheap: runs of capitalised words are cut into the longest sub-spans the gazetteer knows.
How a name is introduced ("near X", "X region", "X (Douentza, Mopti)") sets its precision and hints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from difflib import SequenceMatcher
from functools import lru_cache
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from wordfreq import zipf_frequency

from events.extract.matcher import lowered_in_place
from events.extract.text import Sentence
from events.lexicon import Lexicons, WordList
from gazetteer import Gazetteer, Place, Resolution, fold
from gazetteer.resolve import distance_km
from schemas import UNKNOWN_NAME


# Not frozen: a frozen dataclass sets each of these 18 fields through object.__setattr__, which made building
# candidates (several per article, each copied again when resolved) a tenth of finding places. Treat it as
# immutable all the same: derive changed copies with `replaced` (or dataclasses.replace), never assign.
@dataclass(slots=True)
class Candidate:
    """A name the gazetteer knows, as it stands in one sentence (article offsets)."""

    start: int
    end: int
    text: str
    sentence_index: int
    precision: int
    rule: str
    locative: bool  # introduced by a locative word: small or ambiguous names need it
    prefer_region: bool
    admin_hints: tuple[str, ...] = ()
    hint_only: bool = False  # it names the region of another mention, not a location of its own
    agent: bool = False  # named as an agent or partner ("backed by Paris"): it informs, it does not locate
    partial: bool = False  # a known name inside a longer unknown one ("Puli" in "Puli Alam"): needs support
    coded: bool = False  # the note itself says where it is coded ("coded as X at geoprecision 2")
    comma_after: str | None = None  # "X, <this>": the name it follows, whose region this may be
    unknown: bool = False  # introduced as a place but absent from the gazetteer: it still says "not elsewhere"
    origin: bool = False  # after "from": "refugees displaced from Syria" names an origin if it is a country
    city_part: bool = False  # "Copacabana neighborhood": coded at the city named beside it, if any
    plainly: bool = False  # right after a place.unknown-cue ("in", "village of"): named as a place, plainly
    resolution: Resolution | None = None


_FIELDS = tuple(f.name for f in fields(Candidate))
_VALUES = attrgetter(*_FIELDS)


def replaced(cand: Candidate, **changes: Any) -> Candidate:
    """`dataclasses.replace` at about half the cost (finding, hint marking and resolution copy most
    candidates once or twice): the field values are read in one call, without per-field bookkeeping."""
    values = list(_VALUES(cand))
    for name, value in changes.items():
        values[_FIELDS.index(name)] = value
    return Candidate(*values)


# One capitalised word ("AQIM", "M23" included; "J&K", a region's initials joined by an ampersand). Written
# without an alternation so that the regex engine can skip ahead to the next capital instead of trying the
# pattern at every position.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:&[A-Z]+)?"
# A hyphen between two capitalised words joins two names ("Mogadishu-Yaqshid", "Sidon-Tyr"); inside a name
# it does not ("Bar-Sanguun", "Fada-N'Gourma" still match whole, as the longest span is tried first).
_TOKEN = re.compile(r"[\w'’.]+(?:-(?![A-Z\u00c0-\u00de])[\w'’.]+)*")
_PAREN_HINT = re.compile(r"\s*\(([^()]{2,80})\)")
_POSSESSIVE = ("'s", "\u2019s")
_BARE_POSSESSIVE = re.compile(r" [a-z]")  # a lower-case word after the name: the thing it possesses
_IN_BRACKETS = re.compile(r"\s*[,)]")  # what ends a name listed in brackets
_BRACKETED = "place.bracketed-division"  # the rule of a name found only as a division spelt otherwise, in brackets
_THOROUGHFARE = "place.thoroughfare"  # the rule of a name followed by a word of place.thoroughfare
_MAX_TOKENS = 6
# An injected fallback for names the gazetteer lacks (name, focus countries) -> place; it must not raise.
OnlineLookup = Callable[[str, Sequence[str]], Place | None]
_GEOPRECISION = re.compile(r"\s*(?:\(|,)?\s*at geo-?precision (\d)")
_NEXT_WORDS = re.compile(r"\s+([\w-]+(?:\s[\w-]+){0,2})")


@dataclass(frozen=True, slots=True)
class Endings:
    """Cue phrases that end the text before a name. The text's last word decides: a one-word phrase matches
    when it is that word, a longer one is tested only when it ends with that word (most names follow "in",
    which ends a handful of the phrases, not all of them)."""

    words: frozenset[str]
    phrases: Mapping[str, tuple[str, ...]]  # phrases of several words, by their last word

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Endings:
        words: set[str] = set()
        by_last: dict[str, list[str]] = {}
        for phrase in phrases:
            last = _last_word(phrase)
            if last == phrase:
                words.add(phrase)
            else:
                by_last.setdefault(last, []).append(phrase)
        return cls(frozenset(words), MappingProxyType({last: tuple(group) for last, group in by_last.items()}))

    def end(self, before: str, last: str) -> bool:
        """`before` (right-stripped) ends with a phrase, as a whole word (after a space or '('); `last` is
        `_last_word(before)`."""
        if last in self.words:
            return True
        phrases = self.phrases.get(last)
        return phrases is not None and before.endswith(phrases) and any(
            before.endswith(p) and (len(before) == len(p) or before[-len(p) - 1] in " (") for p in phrases)


def _last_word(text: str) -> str:
    """What follows the last space or '(': a phrase ending a text as a whole word ends with the text's."""
    return text[max(text.rfind(" "), text.rfind("(")) + 1:]


@dataclass(frozen=True, slots=True)
class PlaceCues:
    """What finding and describing place names compiles from place_cues.toml: the older cue tables (phrases
    before or after a name) and the matchers built around its `[[list]]` word lists."""

    stopwords: frozenset[str]
    proximity: Endings
    locative: Endings
    region_words: tuple[str, ...]
    district_words: tuple[str, ...]
    descriptors: tuple[str, ...]
    not_location: Endings
    city_part_after: tuple[str, ...]
    city_part_before: Endings
    region_before: Endings
    run: re.Pattern[str]  # a run of capitalised name words, through place.connector words
    not_a_place_before: re.Pattern[str]  # place.side or place.feature right before a name
    not_a_place_reach: int  # how far back not_a_place_before may start
    features_capitalised: bool  # every place.feature word has a capital: lower-case text holds none
    article_before: re.Pattern[str]  # place.article right before a run
    article_initials: frozenset[str]  # first letters of the articles: a run without one before it needs no search
    article_words: frozenset[str]  # place.article-word
    quarter: re.Pattern[str]  # place.quarter opening a run
    institution: re.Pattern[str]  # place.institution right after a name
    unknown_cue: re.Pattern[str]  # place.unknown-cue right before an unknown name
    # the cues as the text before a name they introduce ends (blanks stripped); None: regex cues, no such test
    unknown_cue_ends: tuple[str, ...] | None
    unknown_cue_listed: re.Pattern[str]  # place.unknown-cue before the names listed before an unknown name
    unknown_reach: int
    unknown_after: re.Pattern[str]  # place.unknown-after right after an unknown name ("Koutougou department")
    kind_words: frozenset[str]  # place.unknown-after, lower case: a run's last word naming a kind ("Kongoor Payam")
    byline: re.Pattern[str]  # the text before a name that makes it the byline's city ("BS Web Team ")
    speech_setting: re.Pattern[str]  # "told reporters in", "speaking to local media in the capital" before a name
    border: tuple[str, ...]  # place.border right after a name
    thoroughfare: re.Pattern[str]  # place.thoroughfare right after a name, as a whole word
    between_before: re.Pattern[str]  # "between (the) [place.between-descriptor of]" right before a name
    descriptor_paren: re.Pattern[str]  # "[place.paren-descriptor] (" between a name and its parenthesis
    comma_after: re.Pattern[str]  # "[place.comma-descriptor]," between a name and the next one
    measured_from: re.Pattern[str]  # ", about 87 km south of " between a place and the town it is measured from


def place_cues(lexicons: Lexicons) -> PlaceCues:
    """place_cues.toml (build with `lexicons.compiled(place_cues)`)."""
    data = lexicons.toml("place_cues.toml")

    def by_length(words: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted((w.lower() for w in words), key=len, reverse=True))

    def word_list(list_id: str) -> WordList:
        return lexicons.word_list("place_cues.toml", list_id)

    connector = word_list("place.connector").alternation()
    # a name word, then either a connector between separators or a separator, each only before another name word
    link = rf"(?:(?:\s+|-){connector}(?:\s+|-)(?={_NAME_WORD})|[\s-]+(?={_NAME_WORD}))?"
    run = re.compile(rf"{_NAME_WORD}{link}(?:{_NAME_WORD}{link})*")
    side, feature = word_list("place.side"), word_list("place.feature")
    # the groups name the list that matched, for the candidate's rule
    not_a_place_before = re.compile(
        rf"(?:\b(?P<side>{side.alternation()})-|\b(?P<feature>{feature.alternation()})\s)$")
    longest_not_a_place = max(len(word) + 1 for word in (*side, *feature))  # with its hyphen or space
    articles = word_list("place.article")
    article_before = re.compile(rf"(?<![\w'’]){articles.alternation()}[\s-]?$")
    unknown_cues = word_list("place.unknown-cue")
    between_descriptors = word_list("place.between-descriptor").alternation()
    return PlaceCues(
        stopwords=frozenset(data["stopwords"]["words"]),
        proximity=Endings.of(by_length(data["proximity"]["before"])),
        locative=Endings.of(by_length(data["locative"]["before"])),
        region_words=by_length(data["region_words"]["after"]),
        district_words=by_length(data["district_words"]["after"]),
        descriptors=by_length(data["descriptors"]["after"]),
        not_location=Endings.of(by_length(data["not_a_location"]["before"])),
        city_part_after=by_length(data["city_parts"]["after"]),
        city_part_before=Endings.of(by_length(data["city_parts"]["before"])),
        region_before=Endings.of(by_length(data["region_before"]["before"])),
        run=run,
        not_a_place_before=not_a_place_before,
        # the longest match, plus the newline before the name that `$` may look past, plus one spare
        not_a_place_reach=longest_not_a_place + 2,
        features_capitalised=all(any(letter.isupper() for letter in word) for word in feature),
        article_before=article_before,
        article_initials=frozenset(article[0] for article in articles),
        article_words=frozenset(word_list("place.article-word")),
        quarter=re.compile(rf"{word_list('place.quarter').alternation()}\b"),
        institution=re.compile(rf"\s+{word_list('place.institution').alternation()}\b"),
        unknown_cue=re.compile(rf"\b{unknown_cues.alternation()}\s+$"),
        unknown_cue_ends=None if unknown_cues.regex else tuple(unknown_cues),
        # the cue, then the names listed before this one ("the villages of Mbingi and Mapasana"): tried only after
        # a list's comma or "and"/"or", where the plain cue is not
        unknown_cue_listed=re.compile(rf"\b{unknown_cues.alternation()}\s+(?:{_LISTED_NAME}){{1,{_LISTED_NAMES}}}$"),
        # room for the longest cue and a few spaces after it
        unknown_reach=max(20, max(len(cue) for cue in unknown_cues) + 9),
        unknown_after=re.compile(rf"\s+{word_list('place.unknown-after').alternation()}\b"),
        kind_words=frozenset(w.lower() for w in word_list("place.unknown-after")),
        border=tuple(word_list("place.border")),
        thoroughfare=re.compile(rf"{word_list('place.thoroughfare').alternation()}\b"),
        # an outlet or a person's name (up to five words), then place.byline, opening the sentence
        byline=re.compile(rf"\W*(?:[\w&.'’-]+\s+){{0,5}}?{word_list('place.byline').alternation()}\s*[,:-]?\s*"),
        speech_setting=_speech_setting(word_list("place.speech-verb"), word_list("place.speech-audience")),
        between_before=re.compile(rf"\bbetween\s+(?:the\s+)?(?P<descriptor>{between_descriptors}\s+of\s+)?$", re.I),
        descriptor_paren=re.compile(rf"(?:{word_list('place.paren-descriptor').alternation()}\s*)?\(", re.I),
        comma_after=re.compile(rf"(?:\s+{word_list('place.comma-descriptor').alternation()})?,\s*"),
        measured_from=_measured_from(lexicons),
    )


# a capitalised name of up to three words and what lists the next ("Mbingi and ", "Kiri, "): grammar, so that the
# names after one a place.unknown-cue introduces are introduced by it too
_LISTED_NAME = (r"[A-Z][\w'\u2019-]{0,30}(?:\s+[A-Z][\w'\u2019-]{0,30}){0,2}"
                r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_LISTED_NAMES = 2


_LIST_SEPARATOR = re.compile(r"(?:,|\band|\bor)\s+$")


def _introduced(text: str, start: int, cues: PlaceCues) -> bool:
    """Whether a place.unknown-cue introduces the name at `start`: right before it ("in Kiribiri"), or before the
    names listed before it ("the villages of Kiribiri and Tokyedogo"; searched only after a list's separator, as
    the longer search over every name would cost every capitalised run)."""
    window = max(0, start - cues.unknown_reach)
    # the cue, blanks, then the name: a text before it that does not end so needs no search, which tries every
    # position of its window (most capitalised runs have no cue before them)
    ends = cues.unknown_cue_ends
    if (ends is None or text[window:start].rstrip().endswith(ends)) and cues.unknown_cue.search(text, window, start):
        return True
    if not _LIST_SEPARATOR.search(text, max(0, start - 6), start):
        return False
    reach = cues.unknown_reach + _LISTED_NAMES * 100
    return cues.unknown_cue_listed.search(text, max(0, start - reach), start) is not None


def setting_distance(lexicons: Lexicons) -> str:
    """A regex fragment: the distance between a place and the town it is measured from ("about 35 km", "20 miles",
    "15 kilometres"), from incidents.toml's setting lists; no blank after it."""
    approximations = lexicons.word_list("incidents.toml", "incident.setting-approximation").alternation()
    units = lexicons.word_list("incidents.toml", "incident.setting-unit").alternation()
    return rf"(?:(?:{approximations})\s+)?\d+(?:[.,]\d+)?\s*(?:{units})\.?"


def _measured_from(lexicons: Lexicons) -> re.Pattern[str]:
    """", about 87 km south of ", "(20 miles) west of", " province, north of": the distance or the direction (or
    both) between a place and the town it is measured from, in the words that make that town its setting
    (`setting_distance`, incident.setting-direction, incident.setting-descriptor)."""
    directions = lexicons.word_list("incidents.toml", "incident.setting-direction").alternation()
    descriptor = lexicons.word_list("incidents.toml", "incident.setting-descriptor").alternation()
    return re.compile(rf"(?:\s+{descriptor})?,?\s*(?:{setting_distance(lexicons)}\s*(?:\([^()]{{0,30}}\)\s*)?"
                      rf"(?:(?:{directions})(?:ern)?\s+)?|(?:{directions})\s+)"
                      rf"of\s+(?:the\s+(?:town|city)\s+of\s+)?", re.I)


def _speech_setting(verbs: WordList, audiences: WordList) -> re.Pattern[str]:
    """A word of speaking, then its audience, then "in"/"at" right before a name: "said in", "told reporters in",
    "speaking to local media in the capital", "told a news conference in the city of". Nothing else may stand
    between them: "said clashes in Kano" names where the clashes were."""
    # the audience: a word of place.speech-audience, or an outlet's name in capitals ("spoke to Sudan Tribune")
    outlet = r"(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})"
    audience = (rf"(?:(?:to|with)\s+)?(?:(?:(?:the|a|an|[a-z]+)\s+){{0,2}}?{audiences.alternation()}"
                rf"|(?:the\s+)?{outlet})\s+")
    # where the speaker was: "in", "at", "from", or "from his base in"
    base = r"(?:from\s+(?:his|her|their|its)\s+(?:base|office|home|headquarters)\s+)?"
    where, settlement = "|".join(_SPEECH_WHERE), "|".join(_SPEECH_SETTLEMENT)
    return re.compile(rf"\b{verbs.alternation()}\s+(?:{audience})?(?:by\s+phone\s+)?{base}(?:{where})\s+"
                      rf"(?:the\s+(?:{settlement})(?:\s+of)?\s+)?$", re.I)


# where a speaker spoke ("in", "at", "from"), then the kind of place he spoke in ("in the capital (of)")
_SPEECH_WHERE = ("in", "at", "from")
_SPEECH_SETTLEMENT = ("capital", "city", "town")
# the words a speech setting may end with, each after a blank and before blanks that end the text searched
_SPEECH_LAST = frozenset((*_SPEECH_WHERE, *_SPEECH_SETTLEMENT, "of"))


def _may_end_speech(text: str, start: int) -> bool:
    """Whether the words before `start` may end a speech setting: blanks, after one of _SPEECH_LAST. Most names
    have no such word before them, and the case-insensitive search of the setting tries every position of its 80
    characters (8 us a name)."""
    before = text[max(0, start - 80):start]
    kept = before.rstrip()
    if len(kept) == len(before) or not kept:
        return False
    return lowered_in_place(kept.rsplit(None, 1)[-1]) in _SPEECH_LAST


def find_candidates(sentence: Sentence, gazetteer: Gazetteer, lexicons: Lexicons,
                    blocked: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """Gazetteer names in a sentence; `blocked` are article spans already taken (actor names, claimants)."""
    cues = lexicons.compiled(place_cues)
    stopwords = cues.stopwords
    text = sentence.text
    found: list[Candidate] = []
    for run_start, run_end in _runs(text, cues.run, gazetteer):
        words = text[run_start:run_end]
        if words.endswith(_POSSESSIVE) and len(words) > 3:
            # "in Gaza’s southernmost city", "South Sudan's army": the name without the possessive
            run_end -= 2
            words = words[:-2]
        elif _BARE_POSSESSIVE.match(text, run_end) and words[-2:-1].islower() and words.endswith("s") \
                and not gazetteer.contains(words) and gazetteer.country(words[:-1]) is not None:
            # "in Burkina Fasos capital": a country's possessive with its apostrophe lost (older notes and wires
            # drop it), which would otherwise leave a partial name
            run_end -= 1
            words = words[:-1]
        if words.isalnum() or ("-" not in words and len(words.split()) == 1):
            # one word, most runs: the one span there is to try
            name = words.rstrip(".'’")
            known = [(run_start, run_start + len(name), False)] if _locates(name, gazetteer, stopwords) else []
        else:
            # "in Beirut's Hamra district", "Tel Aviv's Holon suburb": a name's possessive owns the part of it the
            # run goes on to name (not "Russia's Defence Ministry")
            owns = (_starts_with_any(text[run_end:].lstrip(), cues.city_part_after)
                    or cues.unknown_after.match(text, run_end) is not None)
            known = _known_subspans(text, run_start, run_end, gazetteer, stopwords, owns)
        particle = None
        lead = text[max(0, run_start - 5):run_start]
        if not cues.article_initials.isdisjoint(lead):  # most runs follow no letter an article starts with
            particle = cues.article_before.search(text, max(0, run_start - 5), run_start)
        by_article = False  # the first known span owes its extent or its doubt to an article before it
        if particle:  # "el Marj", "ech Choueifat": the Arabic article belongs to the name
            whole = text[particle.start():run_end].rstrip(".'’")
            if gazetteer.contains(whole):
                known = [(particle.start(), particle.start() + len(whole), False)]
                by_article = True
            elif known and known[0][0] == run_start and particle.group().strip(" -").lower() not in cues.article_words:
                known[0] = (known[0][0], known[0][1], True)  # "Marj" alone is a different name
                by_article = True
        # a stopword run stays no place whatever precedes it; after the run, a word of a place's kind names a place
        # only if the name is no ordinary word ("Koutougou department", not "the Justice department")
        head, _, last = words.rpartition(" ")
        if head and last.lower() in cues.kind_words and head not in stopwords and not _ordinary(head, 0) \
                and all(start >= run_end - len(last) for start, _, _ in known) and not gazetteer.contains(words) \
                and not gazetteer.contains(head):
            # "Kongoor Payam", "Twice East County": the run ends on the word of its kind, written with a capital;
            # the name before it is a place the gazetteer lacks (the kind's word alone is no place: "Payam")
            known = [(run_start, run_start + len(head), False)]
            unknown = True
        elif not known and words not in stopwords and (
                _introduced(text, run_start, cues)
                or (cues.unknown_after.match(text, run_end) is not None and not _ordinary(words, 0))):
            # the run's own trailing stop or quote ("in Pibor County.") is no part of the name
            known = [(run_start, run_start + len(words.rstrip(".'\u2019")), False)]
            unknown = True
        elif (not known and words not in stopwords and _IN_BRACKETS.match(text, run_end)
              and _open_paren(text, run_start) is not None and gazetteer.similar_region(words) is not None):
            # "(Balet Weyne, Hiraan)": a name in a place's brackets that only a division spelt otherwise has
            # ("Hiiraan"); it stays unknown here, and resolution reads it as that division or drops it
            known = [(run_start, run_end, False)]
            unknown = True
        else:
            unknown = False
        if not known:
            continue
        bracketed = unknown and not _introduced(text, run_start, cues) \
            and cues.unknown_after.match(text, run_end) is None
        # "Colonia Jardines de la Mesa", "Barrio San Juan": a quarter of the city named beside it
        quarter = cues.quarter.match(words) is not None
        for index, (start, end, partial) in enumerate(known):
            a_start, a_end = sentence.start + start, sentence.start + end
            for b_start, b_end in blocked:
                if a_start < b_end and b_start < a_end:
                    break
            else:
                cand = _describe(sentence, start, end, cues, partial=partial, unknown=unknown, quarter=quarter,
                                 article=by_article and index == 0)
                found.append(replaced(cand, rule=f"{cand.rule}+{_BRACKETED}") if bracketed else cand)
    return mark_hints(sentence, _roads_inform(found), cues, gazetteer) if found else found


def _roads_inform(found: list[Candidate]) -> list[Candidate]:
    """A road named after a town ("outside an office on Kisumu road in Eldoret") runs far from it: where the sentence
    names another place the gazetteer knows, the road's name informs and does not locate; alone ("an attack on the
    Gao road", "blocked a Gao road at the Tessit junction") it is where the incident is coded."""
    if not any(_THOROUGHFARE in c.rule for c in found) \
            or all(_THOROUGHFARE in c.rule or c.agent or c.unknown for c in found):
        return found
    return [replaced(c, agent=True, locative=False) if _THOROUGHFARE in c.rule else c for c in found]


def _runs(text: str, run: re.Pattern[str], gazetteer: Gazetteer) -> Iterator[tuple[int, int]]:
    """The runs of capitalised name words, two of them joined by "and" where the gazetteer knows the name they make
    ("Jammu and Kashmir's Pulwama district", "Trinidad and Tobago"); "Gao and Kidal" stay two. Names that joined
    by "and" are few: the other "and"s are lists."""
    runs = [m.span() for m in run.finditer(text)]
    i = 0
    while i < len(runs):
        start, end = runs[i]
        if i + 1 < len(runs) and text[end:runs[i + 1][0]] == " and " \
                and _one_name(text[start:end], text[runs[i + 1][0]:runs[i + 1][1]], gazetteer):
            yield start, runs[i + 1][1]
            i += 2
        else:
            yield start, end
            i += 1


def _one_name(first: str, second: str, gazetteer: Gazetteer) -> bool:
    """Whether "<first> and" a beginning of `second` (up to a possessive: "Kashmir's") is a name the gazetteer
    knows."""
    words = second.split()
    for n in range(len(words), 0, -1):
        tail = " ".join(words[:n])
        if gazetteer.contains(f"{first} and {tail[:-2] if tail.endswith(_POSSESSIVE) else tail}"):
            return True
    return False


def _known_subspans(text: str, start: int, end: int, gazetteer: Gazetteer,
                    stopwords: frozenset[str], owns: bool = False) -> list[tuple[int, int, bool]]:
    """Longest known sub-spans of a capitalised run, each flagged when unknown name words adjoin it; with `owns`, a
    word with a possessive is a name that ends there."""
    tokens = [m.span() for m in _TOKEN.finditer(text, start, end)]
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(tokens):
        s = tokens[i][0]
        if not text[s].isupper():  # "de", "of": no name starts with a connector
            i += 1
            continue
        for j in range(min(len(tokens), i + _MAX_TOKENS), i, -1):
            name = text[s:tokens[j - 1][1]].rstrip(".'’")
            owner = owns and name.endswith(_POSSESSIVE) and len(name) > 3 and not _locates(name, gazetteer, stopwords)
            if owner:  # the possessive ends the name, which owns the words after it rather than running on into them
                name = name[:-2]
            if not _locates(name, gazetteer, stopwords):
                continue
            partial = _joined(text, tokens, stopwords, i - 1, i) or (
                not owner and _joined(text, tokens, stopwords, j - 1, j))
            spans.append((s, s + len(name), partial))
            i = j - 1
            break
        i += 1
    return spans


def _locates(name: str, gazetteer: Gazetteer, stopwords: frozenset[str]) -> bool:
    """A name the gazetteer knows that may locate: no stopword, and no demonym ("Chadian", "Nigerien": they
    inform, they do not locate)."""
    return name not in stopwords and gazetteer.contains(name) and not gazetteer.country_of_demonym(name)


def _joined(text: str, tokens: list[tuple[int, int]], stopwords: frozenset[str], left: int, right: int) -> bool:
    """Whether two neighbouring tokens belong to one name: both capitalised words with nothing but a space
    or a hyphen between them ("Puli Alam"); a connector ("Commune V of Bamako") separates names."""
    if left < 0 or right >= len(tokens):
        return False
    for s, e in (tokens[left], tokens[right]):
        if text[s:e] in stopwords or not text[s].isupper():
            return False
    return text[tokens[left][1]:tokens[right][0]].strip() in ("", "-")


def _describe(sentence: Sentence, start: int, end: int, cues: PlaceCues, *, partial: bool, unknown: bool,
              quarter: bool, article: bool) -> Candidate:
    """How the name is introduced: its precision, whether it locates, its hints. The rule names the cue
    list that set its precision, and after a '+' each list that otherwise decided what the name is."""
    text = sentence.text
    before = text[max(0, start - 40):start].lower().rstrip()
    last = _last_word(before)
    after = text[end:end + 40].lower()
    precision, rule, prefer_region = 1, "place.name", False
    coded = before.endswith("coded as")
    if coded:
        level = _GEOPRECISION.match(after)
        precision, rule = (int(level.group(1)) if level else 1), "place.coded-as"
    elif cues.proximity.end(before, last):
        precision, rule = 2, "place.near"
    after_word = _NEXT_WORDS.match(after)
    following = after_word.group(1) if after_word else ""
    # "the Mexico state of Guanajuato": the area word opens the next name ("state of Guanajuato"); the name
    # before it only qualifies that one: it informs (the country) and does not locate
    qualifier = _starts_with_any(following, cues.region_words) and _opens_next_name(following, cues.region_words)
    if qualifier:
        rule = "place.qualifier"
    elif _starts_with_any(following, cues.region_words):
        precision, rule, prefer_region = 3, "place.region", True
    elif precision == 1 and cues.region_before.end(before, last):
        precision, rule, prefer_region = 3, "place.region-of", True
    elif _starts_with_any(following, cues.district_words) and precision == 1:
        precision, rule = 2, "place.district"
    if article:
        rule += "+place.article"
    hints: tuple[str, ...] = ()
    paren = _PAREN_HINT.match(text, end)
    if paren:
        hints = tuple(h.strip() for h in paren.group(1).split(",") if h.strip() and h.strip()[0].isupper())
    locative = cues.locative.end(before, last) or precision > 1 or bool(hints)
    not_a_location = _not_a_location(text, start, end, precision, before, last, following, cues)
    agent = not_a_location is not None or qualifier
    if not_a_location is not None:
        rule += "+" + not_a_location
    elif cues.thoroughfare.match(following):  # "on Kisumu road in Eldoret": a road's name (see `_roads_inform`)
        rule += "+" + _THOROUGHFARE
    # "Belen Hospital": a name, not a location
    institution = cues.institution.match(text, end) is not None
    if institution:
        rule += "+place.institution"
    if quarter:
        rule += "+place.quarter"
        city_part = True
    else:
        city_part = _starts_with_any(following, cues.city_part_after) or cues.city_part_before.end(before, last)
        if city_part:
            rule += "+place.city-part"
    return Candidate(sentence.start + start, sentence.start + end, text[start:end], sentence.index, min(precision, 3),
                     rule, (locative or coded) and not agent and not institution, prefer_region, hints,
                     agent=agent or institution, coded=coded, origin=before.endswith(" from") or before == "from",
                     city_part=city_part, partial=partial, unknown=unknown,
                     plainly=_introduced(text, start, cues))


def _not_a_location(text: str, start: int, end: int, precision: int, before: str, last: str, following: str,
                    cues: PlaceCues) -> str | None:
    """Why a name informs and does not locate, as the id of the list (or rule) that says so: named as an
    agent or partner ("backed by Paris") or in the dateline (only a name of precision 1: "near Paris" locates),
    the far side of a border, a side or a natural feature. None: it may locate."""
    if text[start - 1:start] == "(" and text[end:end + 1] == ")" and text[start:end].isupper():
        return "place.agency"  # "(UNI)", "(AFP)": a wire agency's code in brackets, not a place
    if precision == 1:
        if cues.not_location.end(before, last):
            return "place.not-location"
        if _is_dateline(text, start, end):
            return "place.dateline"
        if text[0].isupper() and cues.byline.fullmatch(text, 0, start):  # "BS Web Team New Delhi An airstrike ..."
            return "place.byline"
    if following.startswith(cues.border):  # "near the Burkina Faso border"
        return "place.border"
    # "told reporters in Kabul": the speaker's place
    if _may_end_speech(text, start) and cues.speech_setting.search(text, max(0, start - 80), start):
        return "place.speech-setting"
    # "pro-Turkey factions", "anti-Kiev"; "Lake Chad", "River Niger": a side or a natural feature, not a place
    reach = max(0, start - cues.not_a_place_reach)
    near_text = text[reach:start]
    # every side has a hyphen after it and every feature a capital: lower-case text needs no search
    if "-" not in near_text and near_text.islower() and cues.features_capitalised:
        return None
    found = cues.not_a_place_before.search(text, reach, start)
    if found is None:
        return None
    return "place.side" if found.group("side") is not None else "place.feature"


# the parts of what may follow a dateline's city: its country or state, a date, the agency
_DATELINE_REGION = r"\s*(?:,\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2})?"
_DATELINE_DAY = r",\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
_DATELINE_AGENCY = r"\s*(?:\([^()]{1,40}\))?"
# then a dash or a colon ("KABUL, Afghanistan (AP) --", "GAO, June 17 (Agency) -", "Srinagar:", "Lima, 20 Aug 88
# (EFE) --")
_DATELINE_TAIL = re.compile(rf"{_DATELINE_REGION}\s*(?:{_DATELINE_DAY}(?:,?\s+\d{{2,4}})?)?{_DATELINE_AGENCY}"
                            r"\s*[-\u2013\u2014:]+\s")
# "Manila, Jan 18 Philippine troops ...", "LAGOS, 4 March 2026 (Agency) Gunmen ...": a city with a date needs no dash
# after it (the date is the dateline's mark); the text goes on with a capital
_DATED_DATELINE_TAIL = re.compile(rf"{_DATELINE_REGION}\s*{_DATELINE_DAY}(?:,?\s+\d{{4}})?{_DATELINE_AGENCY}"
                                  r"(?:\s+|(?<=\)))(?=[A-Z\"\u201c])")  # "June 30(SUNA)Clashes": no space
# "December 21, 2012 (BOR) --": the city in brackets after the date
_BRACKETED_DATELINE = re.compile(r"[\w ,.]{0,30}\($")
_BRACKETED_TAIL = re.compile(r"\)\s*[-\u2013\u2014:]+\s")


# the city a dateline opens with ("KABUL", "Manila", "ADDIS ABABA"), after any opening quote
_DATELINE_CITY = re.compile(r"[\"'\u201c ]*[A-Z\u00c0-\u00de][\w'\u2019.-]*"
                            r"(?:\s+[A-Z\u00c0-\u00de][\w'\u2019.-]*){0,3}")


# "December 21, 2012 (BOR) -- ": the date first, the city in brackets
_DATE_FIRST_DATELINE = re.compile(r"[\"'\u201c ]*[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"
                                  r"\s*\([^()]{1,40}\)\s*[-\u2013\u2014:]+\s")


def dateline_end(text: str) -> int | None:
    """Where the dateline a sentence opens with ends ("KABUL, Afghanistan (AP) -- ", "Manila, Jan 18 ",
    "GAZA, Feb 25 (NNN-WAFA) – "), or None: the one dateline grammar the places and the dates both read."""
    date_first = _DATE_FIRST_DATELINE.match(text)
    if date_first is not None:
        return date_first.end()
    city = _DATELINE_CITY.match(text)
    if city is None:
        return None
    tail = _DATELINE_TAIL.match(text, city.end()) or _DATED_DATELINE_TAIL.match(text, city.end())
    return tail.end() if tail is not None else None


def _is_dateline(text: str, start: int, end: int) -> bool:
    """"GAO, June 17 (Agency) - ...": where the report was filed, not where the event happened."""
    if text[:start].strip(" \"'\u201c"):
        return bool(_BRACKETED_DATELINE.fullmatch(text, 0, start)) and bool(_BRACKETED_TAIL.match(text, end))
    return (bool(_DATELINE_TAIL.match(text, end)) or bool(_DATED_DATELINE_TAIL.match(text, end))
            or (text[start:end].isupper() and text[end:end + 1] == ","))


@dataclass(frozen=True, slots=True)
class Focus:
    """The countries an article supports, and the one its unplaced incidents are coded at."""

    countries: list[str]  # most evident first: a place abroad needs its own evidence
    # the country a named country, a demonym, a national actor or a place with one clear reading points at
    # (ACLED's precision 3 for an incident without a findable place); None when only transnational groups
    # point anywhere: "JNIM militants burned a school in Loroni" says Mali, Burkina Faso or Niger, not which
    home: str | None


def focus_countries(candidates: Sequence[Candidate], gazetteer: Gazetteer, *,
                    demonyms: Sequence[str] = (), actor_countries: Sequence[str] = (),
                    theatres: Sequence[tuple[str, ...]] = ()) -> Focus:
    """The article's focus countries (ISO2): named countries, demonyms, actors' countries, and places with one
    clear reading (an ordinary English word that is also a small town abroad is none: "the Ministry of
    Economy"). A transnational group's countries count too, its main one most, but they choose no home: an
    article that only names the group and a village nobody knows has none."""
    votes: Counter[str] = Counter()
    for code in demonyms:
        votes[code] += 2
    for code in actor_countries:
        votes[code] += 2
    # a town that is not well known, found only under another spelling ("Inata" for the Japanese Inada, "Wata"
    # for Wada), says where the story is only when nothing else does: against "Burkinabe forces" it would vouch
    # for its own reading
    respelt: Counter[str] = Counter()
    for cand, vote in zip(candidates, _place_votes(candidates, gazetteer), strict=True):
        if vote is not None:
            (respelt if _by_alternate(cand.text, gazetteer) else votes)[vote[0]] += vote[1]
    if not votes:
        votes = respelt
    evident = +votes  # what the text itself points at
    for countries in theatres:
        votes[countries[0]] += 2
        for code in countries[1:]:
            votes[code] += 1
    focus = _leading(votes)
    if not focus:
        return Focus([], None)
    return Focus(focus, focus[0] if evident[focus[0]] else None)


def _place_votes(candidates: Sequence[Candidate], gazetteer: Gazetteer) -> list[tuple[str, int] | None]:
    """What each candidate says of the focus: (its country, votes), or None for a name that says nothing
    (an ordinary word, a name read in several countries, an origin, an agent)."""
    return [_place_vote(cand, gazetteer) for cand in candidates]


def _place_vote(cand: Candidate, gazetteer: Gazetteer) -> tuple[str, int] | None:
    # the dateline ("KIDAL, Mali (AP) --") is where the story was filed: no incident's place, but the story's
    # country (`filed` counts it as a locative name); a byline's city is the outlet's desk: no vote
    filed = "place.dateline" in cand.rule
    places = [] if cand.partial or (cand.agent and not filed) else gazetteer.kinds(cand.text)
    if places and cand.admin_hints:
        # "Kaya (Douentza, Mopti)": the reading its hints agree with, else none (the hints vote themselves)
        hinted = [r for hint in cand.admin_hints for r in gazetteer.lookup(hint)]
        if hinted:
            readings = gazetteer.lookup(cand.text)  # in the order of `places`
            places = [k for k, p in zip(places, readings, strict=True) if any(_within(p, h) for h in hinted)]
    if not places:
        return None
    top = places[0]
    if top.feature_code.startswith("PCL"):
        if cand.origin:
            return None  # "jihadists from Mali", "refugees from Syria": where they came from, not where they are
        if len(cand.text) > 3 or cand.locative:  # "US dollar" is no vote for the United States
            vote = 3
        else:
            return None
    elif _ordinary(cand.text, top.population):
        return None
    elif len({p.country_code for p in places}) == 1 or (
            top.population >= 20 * max(1, places[1].population)
            # a village of the countries whose files the analyst imported is a reading as real as a town abroad
            # ("Kain": a Belgian town, and a Malian village for whoever imported Mali)
            and not any(p.country_code in gazetteer.coverage for p in places[1:])):
        vote = 1 + (cand.locative or filed or bool(cand.admin_hints))
    else:
        return None
    return (top.country_code, vote) if top.country_code else None


# How far from a hint's point (a region's is its most populous town) a place it holds may lie: hints name the
# units around a place, so a reading and a hint's reading that agree only on the country and lie a country apart
# are namesakes ("Doma (Madougou, Koro)": an Indonesian Doma and an Indonesian Koro, 1,000 km apart)
_HINT_REACH_KM = {"A": 500.0, "P": 150.0}


def _within(place: Place, hint: Place) -> bool:
    """Whether a hint's reading may hold the place: the same country, and the hint's unit by name or its
    point near enough."""
    if place.country_code != hint.country_code or hint.feature_code.startswith("PCL"):
        return place.country_code == hint.country_code
    if hint.feature_class == "A" and fold(hint.name) in (fold(place.admin1 or ""), fold(place.admin2 or "")):
        return True
    reach = _HINT_REACH_KM.get(hint.feature_class, _HINT_REACH_KM["P"])
    return distance_km(place.latitude, place.longitude, hint.latitude, hint.longitude) <= reach


_LETTERS = re.compile(r"[^a-z0-9]+")


def _by_alternate(name: str, gazetteer: Gazetteer) -> bool:
    """The name's first reading is a town that is not well known and bears another name ("Inata": Inada)."""
    found = gazetteer.lookup(name)
    if not found or found[0].population >= _WELL_KNOWN or found[0].feature_class == "A":
        return False
    return _LETTERS.sub("", fold(found[0].name)) != _LETTERS.sub("", fold(name))


@dataclass(frozen=True, slots=True)
class FocusVotes:
    """A document's focus votes by the (folded) name that cast them, so that each mention can be resolved with
    the focus the document's other names give (leave-one-out, as Mordecai's document features are): a name
    that voted for its own reading would confirm it, and an ambiguous one would pull the focus towards its
    wrong reading ("Moscow" in a story from Idaho; "Paris" in one from Texas)."""

    by_name: Mapping[str, Counter[str]]

    @classmethod
    def of(cls, candidates: Sequence[Candidate], gazetteer: Gazetteer) -> FocusVotes:
        by_name: dict[str, Counter[str]] = {}
        for cand, vote in zip(candidates, _place_votes(candidates, gazetteer), strict=True):
            if vote is not None:
                by_name.setdefault(fold(cand.text), Counter())[vote[0]] += vote[1]
        return cls(MappingProxyType(by_name))

    def countries(self, without: Iterable[str] = ()) -> list[str]:
        """The focus countries (those with at least half the votes of the first) from the votes of every name
        but those `without` (folded)."""
        left = set(without)
        votes: Counter[str] = Counter()
        for name, counts in self.by_name.items():
            if name not in left:
                votes.update(counts)
        return _leading(votes)


def _leading(votes: Counter[str]) -> list[str]:
    """The countries with at least half the votes of the first, most votes first."""
    if not votes:
        return []
    best = votes.most_common(1)[0][1]
    return [code for code, n in votes.most_common() if n * 2 >= best]


# Zipf frequency (wordfreq: log10 of uses per billion words; of a phrase, as wordfreq combines its words) from
# which a name is ordinary English ("economy" 4.9, "homeland" 4.0, "north central" 4.9, "communal" 3.7; not
# "abu dis" 3.55, "kano" 3.2, "mopti" 1.1), and the population from which a place is known well enough that its
# name is its own evidence ("Mobile", "Independence", "Gaza" are cities of 100,000 or more).
_ORDINARY_ZIPF = 3.6
_WELL_KNOWN = 100_000
# "APC", "NGO", "MPP": a short name in capitals in mixed-case text is an organisation's acronym
_ACRONYM = re.compile(r"[A-Z]{2,4}")


def _ordinary(name: str, population: int) -> bool:
    """A name that is ordinary English ("Homeland", "North Central", "Western Region") or an acronym ("APC"),
    for a place that is not well known: weak evidence of a place, none of a country."""
    return population < _WELL_KNOWN and (_ACRONYM.fullmatch(name) is not None or _ordinary_words(name))


@lru_cache(maxsize=8192)  # a few hundred distinct names per thousand articles; wordfreq's lookups cost
def _ordinary_words(name: str) -> bool:
    return zipf_frequency(name.lower(), "en") >= _ORDINARY_ZIPF


def resolve_candidates(candidates: Sequence[Candidate], gazetteer: Gazetteer, focus: Sequence[str],
                       online: OnlineLookup | None = None) -> list[Candidate]:
    """Resolve every candidate, in order, each helped by the places resolved before it. Names the gazetteer
    lacks go to `online` when one is given."""
    resolved: list[Candidate] = []
    near: list[Place] = []
    for cand in candidates:
        if cand.unknown:
            found = online(cand.text, focus) if online is not None else None
            if found is None and (cand.hint_only or cand.prefer_region):
                # "Wassit province", "(Budgam district, J&K)": a division's name in another transliteration
                region = gazetteer.similar_region(cand.text, focus)
                if region is not None:
                    resolved.append(replaced(cand, unknown=False, rule=f"{cand.rule}+place.similar-name",
                                             resolution=Resolution(region, 0.0, "similar-name", 1)))
                    near.append(region)
                    continue
            if found is None:
                if _BRACKETED not in cand.rule:  # a bracketed name no division of the story's countries has: none
                    resolved.append(cand)
                continue
            resolved.append(replaced(cand, unknown=False, rule="place.online+place.unknown-cue",
                                     resolution=Resolution(found, 0.0, "online", 1)))
            near.append(found)
            continue
        res = gazetteer.resolve(cand.text, focus=focus, near=near[-5:], admin_hints=cand.admin_hints,
                                prefer_region=cand.prefer_region)
        if res is not None:
            res = _prefer_own_name(cand, res, gazetteer, focus)
        if res is None or not _plausible(cand, res, focus) or _hints_disagree(cand, res.place, gazetteer, focus):
            continue
        resolved.append(replaced(cand, resolution=res))
        near.append(res.place)
    return resolved


def _plausible(cand: Candidate, res: Resolution, focus: Sequence[str]) -> bool:
    """Small or far-off namesakes of common words need a locative cue or the focus country."""
    place = res.place
    in_focus = place.country_code in focus
    if cand.partial:
        return in_focus
    if place.feature_code.startswith("PCL") and len(cand.text) <= 3:
        return cand.locative  # "US dollar", "UN": an acronym is a country only when introduced as a place
    if not in_focus and place.population < 100_000 and _by_translation(cand.text, place.name):
        return False  # "Day", "Federation", "Mine": a foreign-language alternate name, far from the story
    # "(Douentza, Mopti)" locates; "(GNA)" after "Government of National Accord" only abbreviates
    if cand.coded or cand.admin_hints and any(_ACRONYM.fullmatch(hint) is None for hint in cand.admin_hints):
        return True
    # "(Madougou, Koro)" after a village: the brackets that locate a place name its units, a frame as plain as
    # "in"; an acronym there only abbreviates ("(GNA)")
    if cand.hint_only and _ACRONYM.fullmatch(cand.text) is None and not _ordinary(cand.text, place.population):
        return in_focus or not focus or place.feature_class == "A"
    # "the Ministry of Economy", "the Government of National Accord", "Mineral transporters", "an APC leader": an
    # ordinary word or an acronym is a place where a locative word introduces it in a country the story points
    # at, or, in a story that points at none, where the text plainly names a place ("residents in Manga marched")
    if (not place.feature_code.startswith("PCL") and _ordinary(cand.text, place.population)
            and not (in_focus and cand.locative) and not (not focus and cand.plainly)):
        return False
    if place.feature_class == "A":
        # a region abroad needs the story to point at its country: "(Marka, Lower Shabelle)" in a Somali note
        # is no Ethiopian zone called Shabelle
        return in_focus or not focus
    # named only by one of its alternate names ("Khalil" for Hebron, a man's name too; "Inata" for the Japanese Inada)
    alternate = any(signal == "name" for signal, _ in res.components)
    if res.candidates == 1 and cand.locative and not (focus and not in_focus and alternate):
        return True  # one place in the world has this name
    if focus and not in_focus:  # a namesake abroad must be a real city to beat the story's own country
        # and, named only by another spelling, a city introduced as a place ("in Al-Khalil")
        if alternate:  # and a spelling that is only another town's alternate name needs a city ("Inata", "Inada")
            return place.population >= 100_000 and cand.locative
        return place.population >= 50_000 and (cand.locative or place.population >= 100_000)
    if cand.locative:
        return in_focus or place.population >= 1000
    return (in_focus and place.population >= 1000) or place.population >= 100_000


def _prefer_own_name(cand: Candidate, res: Resolution, gazetteer: Gazetteer, focus: Sequence[str]) -> Resolution:
    """"Boni" is a town in Mali and an old name of Bonn: a place that bears the name itself beats one that
    only lists it among its alternates, unless the focus country says otherwise."""
    name = fold(cand.text)
    if fold(res.place.name) == name or res.place.country_code in focus:
        return res
    own = [p for p in gazetteer.lookup(cand.text) if fold(p.name) == name]
    if not own:
        return res
    return Resolution(own[0], res.score, "own-name", res.candidates)


@lru_cache(maxsize=4096)  # two names in, a comparison that costs more than the rest of a resolution out
def _by_translation(mention: str, name: str) -> bool:
    """The mention matched an alternate name unlike the place's own (a translation, not a spelling)."""
    a, b = fold(mention), fold(name)
    return a != b and a not in b and SequenceMatcher(None, a, b).ratio() < 0.7


def _hints_disagree(cand: Candidate, place: Place, gazetteer: Gazetteer, focus: Sequence[str]) -> bool:
    """"Mambasa (Nord-Kivu)": a reading in a country none of the admin hints is in is the wrong namesake. A hint
    read only abroad does not veto a reading in the story's country ("Marka, Lower Shabelle": the hint known is
    an Ethiopian zone; the story is Somali)."""
    read = strong = False
    for hint in cand.admin_hints:
        readings = gazetteer.kinds(hint)
        if place.country_code in focus and not any(r.country_code in focus for r in readings):
            continue
        for reading in readings:
            if reading.country_code == place.country_code:
                return False
            read = True
            # a hint read only as villages elsewhere ("Distrito Federal" as a Mexican hamlet) vetoes a village,
            # not a city ("Brasilia, Distrito Federal")
            strong = strong or reading.feature_class == "A" or reading.population >= 10_000
    return read and (strong or place.population < 100_000)


def precision_of(cand: Candidate) -> int:
    place = cand.resolution.place if cand.resolution else None
    if place is not None and place.feature_class == "A":
        return 3 if place.feature_code.startswith(("PCL", "ADM1")) else max(cand.precision, 2)
    return cand.precision


def _opens_next_name(following: str, words: tuple[str, ...]) -> bool:
    """The words after a name are an area word and "of" ("state of guanajuato"): that word belongs to the name
    after it."""
    return any(following.startswith(word + " of ") for word in words)


def _starts_with_any(text: str, phrases: tuple[str, ...]) -> bool:
    """The text starts with a phrase followed by its end (or a final newline), a space, a comma or a stop."""
    return text.startswith(phrases) and any(
        text.startswith(p) and (text[len(p):len(p) + 1] in ("", " ", ",", ".") or text[len(p):] == "\n")
        for p in phrases)


_AND_ONLY = re.compile(r"\s+and\s+(?:the\s+)?", re.I)
_BRACKET = re.compile(r"[()]")


def mark_hints(sentence: Sentence, found: list[Candidate], cues: PlaceCues,
               gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """ACLED's "X (Douentza, Mopti)" and "X, Mopti region": the later names locate the first one.

    Every name inside a parenthesis that follows a place is an admin hint of that place. When the name
    before the parenthesis is unknown ("Lelehoy (Ansongo, Gao)") or a country ("a wadi in eastern Yemen
    (Tarim, Hadramawt)": the units inside it that hold the place named before it), the first hint stands in for
    it, near it, read as a region first, and the rest are its hints. A descriptor between a place and the names that
    locate it ("Gossi village (", "Ansongo town, Gao") adds its list's id to the place's rule."""
    out: list[Candidate] = []
    owners: dict[int, int] = {}  # position of an open parenthesis -> index in `out` of the place it qualifies
    references: dict[int, int] = {}  # index in `out` of a town a place is measured from -> index of that place
    for cand in found:
        local = cand.start - sentence.start
        paren = _open_paren(sentence.text, local)
        if paren is not None:
            owner = owners.get(paren)
            if owner is None:
                owner = _owner_before(sentence, out, paren, cues)
                if owner is not None and gazetteer is not None and _ACRONYM.fullmatch(cand.text) is None \
                        and "place.dateline" not in out[owner].rule and gazetteer.country(out[owner].text):
                    # a country holds no hints: its units in brackets say where in it, more precisely than it
                    # does; a dateline's agency code ("KIDAL, Mali (AP)") stays with the country
                    owner = None
            if owner is not None:
                out[owner] = replaced(out[owner], admin_hints=(*out[owner].admin_hints, cand.text))
                owners[paren] = owner
                out.append(replaced(cand, hint_only=True))
                continue
            owners[paren] = len(out)
            rule = "place.admin-hint" if _BRACKETED not in cand.rule else f"place.admin-hint+{_BRACKETED}"
            out.append(replaced(cand, precision=max(cand.precision, 2), rule=rule, locative=True, prefer_region=True))
            continue
        prev = out[-1] if out else None
        if prev is not None and len(out) - 1 in references:
            between = sentence.text[prev.end - sentence.start:local]
            if cues.comma_after.fullmatch(between):
                # "Wally village, 20 km east of Hombori town, Douentza circle": the reference town's area holds the
                # place measured from it too, a hint as well
                measured = references[len(out) - 1]
                out[measured] = replaced(out[measured], admin_hints=(*out[measured].admin_hints, cand.text))
                references[len(out)] = measured
                out.append(replaced(cand, hint_only=True, comma_after=prev.text))
                continue
        if prev is not None and not prev.hint_only:
            between = sentence.text[prev.end - sentence.start:local]
            if cues.measured_from.fullmatch(between) and not prev.admin_hints:
                # "Njaba village, about 87 km south of Maiduguri": the town it is measured from holds it, as a hint
                # does (a namesake far away is another place); it is where nothing happened, a hint only (which
                # places an unknown village near it)
                out[-1] = replaced(prev, admin_hints=(cand.text,), rule=f"{prev.rule}+place.measured-from")
                references[len(out)] = len(out) - 1
                out.append(replaced(cand, hint_only=True))
                continue
            if cues.comma_after.fullmatch(between):
                # "Ansongo, Gao" may be a town and its region, or two towns in a list: resolution decides
                rule = prev.rule if between.strip() == "," else f"{prev.rule}+place.comma-descriptor"
                out[-1] = replaced(prev, admin_hints=(*prev.admin_hints, cand.text), rule=rule)
                out.append(replaced(cand, comma_after=prev.text, locative=True))
                continue
        out.append(cand)
    return _share_between_hints(sentence, out, cues)


def _share_between_hints(sentence: Sentence, found: list[Candidate], cues: PlaceCues) -> list[Candidate]:
    """"between Bougou and Bandiagara (Bandiagara, Mopti)": the hints locate both ends of the road."""
    text = sentence.text
    for i in range(len(found) - 1):
        first, second = found[i], found[i + 1]
        if first.admin_hints or not second.admin_hints or first.hint_only or second.hint_only:
            continue
        road = cues.between_before.search(text, 0, first.start - sentence.start)
        if road and _AND_ONLY.fullmatch(text, first.end - sentence.start, second.start - sentence.start):
            rule = first.rule if road.group("descriptor") is None else f"{first.rule}+place.between-descriptor"
            found[i] = replaced(first, admin_hints=second.admin_hints, rule=rule)
    return found


def _open_paren(text: str, position: int) -> int | None:
    """Position of the innermost parenthesis still open at `position`, if any."""
    if text.find("(", 0, position) < 0:
        return None  # most sentences: no scan
    stack: list[int] = []
    for bracket in _BRACKET.finditer(text, 0, position):
        if bracket.group() == "(":
            stack.append(bracket.start())
        elif stack:
            stack.pop()
    return stack[-1] if stack else None


def _owner_before(sentence: Sentence, out: list[Candidate], paren: int, cues: PlaceCues) -> int | None:
    """The known place right before a parenthesis ("Boni (", "Gossi village ("), if there is one; a
    descriptor between them adds its list's id to that place's rule."""
    for index in range(len(out) - 1, -1, -1):
        cand = out[index]
        end = cand.end - sentence.start
        if end > paren or cand.hint_only:
            continue
        gap = sentence.text[end:paren + 1].strip()
        if cand.unknown or not cues.descriptor_paren.fullmatch(gap):
            return None
        if gap != "(":
            out[index] = replaced(cand, rule=f"{cand.rule}+place.paren-descriptor")
        return index
    return None


# the order of administrative areas from the most local
_AREA_ORDER = ("ADM3", "ADM2", "ADM1")


def within_area(unknown: Candidate, areas: Sequence[Candidate]) -> Candidate:
    """An unknown place coded at the most local of the areas that locate it (geo_precision 2 in a district, 3 in
    a region or the country), keeping its own name and span (its rule says `UNKNOWN_NAME`)."""
    def rank(cand: Candidate) -> int:
        assert cand.resolution is not None
        code = cand.resolution.place.feature_code
        return _AREA_ORDER.index(code) if code in _AREA_ORDER else len(_AREA_ORDER)
    area = min(areas, key=rank)
    assert area.resolution is not None
    precision = 2 if area.resolution.place.feature_code in _AREA_ORDER[:2] else 3
    return replaced(unknown, precision=precision, resolution=area.resolution,
                    rule=f"{unknown.rule}+place.within-area" if UNKNOWN_NAME in unknown.rule
                    else f"{unknown.rule}+{UNKNOWN_NAME}+place.within-area")
