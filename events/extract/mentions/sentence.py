"""What each sentence mentions: its dates, triggers, actors and place candidates, and the article-level
signals derived from them (demonyms, actors' countries, the dateline, who claimed or did an incident).

The words that decide (demonym endings, a group named as a modifier, the cues naming a perpetrator) are lists of
events/lexicons/actor_cues.toml; what stays here parses form (the dateline, brackets, final punctuation)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from typing import NamedTuple

from events.extract.mentions.actors import CUES, NON_STATE_ARMED, ActorMention, find_actors
from events.extract.mentions.dates import DateMention, find_dates
from events.extract.mentions.persons import PersonSpan, find_persons
from events.extract.mentions.places import Candidate, dateline_end, find_candidates
from events.extract.mentions.triggers import TriggerMention, find_triggers
from events.extract.text import Sentence
from events.lexicon import Lexicons
from gazetteer import Gazetteer
from schemas import Article

_TERMINAL = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")")
_AFFILIATION = re.compile(r"\s*\(\s*")
_DAY_BEFORE = timedelta(days=1)

# The word lists of events/lexicons/actor_cues.toml read here (actors.py reads the others).
DEMONYM_SUFFIX = "cue.actor.demonym_suffix"
MODIFIER = "cue.actor.modifier"
MODIFIER_NOUN = "cue.actor.modifier_noun"
PERPETRATOR_BY = "cue.actor.perpetrator_by"
PERPETRATOR_ON = "cue.actor.perpetrator_on"
PERPETRATOR_BE = "cue.actor.perpetrator_be"
PLACE_CUES, BORDER = "place_cues.toml", "place.border"


@dataclass(frozen=True, slots=True)
class _Cues:
    """This module's actor cues, compiled (build with `lexicons.compiled(_cues)`)."""

    demonym: re.Pattern[str]  # a capitalised word with a demonym's ending
    far_side: re.Pattern[str]  # after a demonym: a border ("the Malian border" is where the story is not)
    modifier: re.Pattern[str]  # matched right after a group named as a modifier ("-linked")
    perpetrator: re.Pattern[str]  # searched up to an actor; the group that matched (by, on) names the list


def _cues(lexicons: Lexicons) -> _Cues:
    def words(list_id: str) -> str:
        return lexicons.word_list(CUES, list_id).alternation()

    by, on, be = words(PERPETRATOR_BY), words(PERPETRATOR_ON), words(PERPETRATOR_BE)
    return _Cues(
        # "\b[A-Z]" written as "[A-Z](?<!\w[A-Z])": a pattern that opens on a character class lets the engine skip
        # to the next capital (the article's text is searched whole); the look-behind is the word boundary
        demonym=re.compile(rf"[A-Z](?<!\w[A-Z])[a-zà-ÿ]+{words(DEMONYM_SUFFIX)}\b"),
        far_side=re.compile(rf"\s+{lexicons.word_list(PLACE_CUES, BORDER).alternation()}s?\b"),
        modifier=re.compile(rf"-{words(MODIFIER)}\b|\s+{words(MODIFIER_NOUN)}", re.I),
        # "planted by ISGS", "carried out by suspected JNIM militants", "blamed it on the Houthis", "blamed the
        # attack on the ADF" (what was blamed: "it", or a noun phrase of at most three words after a determiner)
        perpetrator=re.compile(rf"(?P<by>\b{by}\s+by\s+(?:[\w'\u2019-]+\s+){{0,4}}$)"
                               rf"|(?P<on>\b{on}\s+(?:it\s+|(?:the|this|that|these|those)\s+(?:[\w'\u2019-]+\s+){{1,3}})?"
                               rf"on\s+(?:the\s+)?$)"
                               # "the assailants were believed to be (members of) Anglophone separatists": the
                               # subject is checked by the caller (an armed generic right before the copula)
                               rf"|(?P<be>\b(?:is|are|was|were)\s+(?:\w+\s+)?{be}\s+to\s+(?:be|have\s+been)\s+"
                               rf"(?:(?:members?|fighters?|militants?|part)\s+of\s+)?(?:the\s+)?$)", re.I),
    )


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class SentenceMentions:
    sentence: Sentence
    dates: list[DateMention]
    triggers: list[TriggerMention]
    actors: list[ActorMention]
    places: list[Candidate]
    persons: list[PersonSpan] = field(default_factory=list)  # a person's name holds no place


def sentence_mentions(sentence: Sentence, article: Article, gazetteer: Gazetteer, lexicons: Lexicons,
                      claim_spans: Sequence[tuple[int | None, int | None]], last: bool) -> SentenceMentions:
    text = sentence.text
    reference = article.published_at
    dates = find_dates(text, reference, lexicons) if reference is not None else []
    cues = lexicons.compiled(_cues)
    # Most sentences name no actor, trigger, claimant or person: each list below is built only when there is
    # something to put in it (a comprehension costs a call even over nothing, and these run for every sentence).
    # "the al-Qaeda-linked group al-Shabaab": a group named as a modifier is not an actor of the event
    found = find_actors(text, lexicons)
    if found:
        found = [a for a in found if not cues.modifier.match(text, a.end)]
    # "Katiba Macina (JNIM) militants": the bracket names the named unit's parent; ACLED codes the unit
    actors = found if len(found) < 2 else [
        a for i, a in enumerate(found) if i == 0 or not _AFFILIATION.fullmatch(text, found[i - 1].end, a.start)]
    body = last or _is_body(sentence, article)
    triggers = find_triggers(text, lexicons) if body else []
    # an actor, a claimant or a trigger ("Artillery shells landed ...") is not also a place
    offset = sentence.start
    blocked = [(offset + a.start, offset + a.end) for a in found] if found else []
    if triggers:
        blocked += [(offset + t.start, offset + t.end) for t in triggers]
    if claim_spans:
        blocked += [(s, e) for s, e in claim_spans if s is not None and e is not None]
    # "Norbert Zongo", "said Aman": a person's name is not a place either
    persons = find_persons(sentence, gazetteer, lexicons)
    if persons:
        blocked += [(p.start, p.end) for p in persons]
    places = find_candidates(sentence, gazetteer, lexicons, blocked)
    return SentenceMentions(sentence, dates, triggers, actors, places, persons)


def _is_body(sentence: Sentence, article: Article) -> bool:
    """Headlines, bylines and datelines repeat or frame the story: only body sentences make events. A short
    line without final punctuation is a heading unless it is all there is (or the last line)."""
    text = sentence.text.strip()
    # a sentence twice the title's length is not it, whatever its spacing: most are told apart without normalising
    if article.title and len(text) <= 2 * len(article.title) + 8 and is_title(text, article.title):
        return False
    return text.endswith(_TERMINAL) or len(text.split()) > 12


def is_title(written: str, title: str) -> bool:
    """Whether text the article writes is its title: as a page repeats its headline at the top of the text, with
    a final stop, a Markdown "# " or other spacing ("Three killed in Gao." under the title "Three killed in Gao")."""
    key = _title_key(title)
    if not key:
        return False
    # the normalised text starts with its first character that is no space nor "#", case-folded: most sentences part
    # from the title there, and are told apart without normalising them
    first = written.lstrip()
    while first.startswith("#"):
        first = first[1:].lstrip()
    return bool(first) and key.startswith(first[0].casefold()) and _as_title(written) == key


def _as_title(text: str) -> str:
    return " ".join(text.split()).strip("# ").rstrip(".!?:;").rstrip().casefold()


# Every sentence of an article is compared with the same title: normalised once, not once a sentence. A pure function
# of a string, so a small cache shared by every pipeline changes nothing but the time.
_title_key = lru_cache(maxsize=8)(_as_title)


def outside_dateline(sentence: Sentence, dates: list[DateMention]) -> list[DateMention]:
    """"GAO, June 17 (Agency) - ...": the dateline dates the report, not the event. When it is all there is, the
    sentence tells of the day before the report, at week precision (as an undated report is dated: see
    `dating.anchor_date`), under the dateline date's rule + ":dateline"."""
    if not dates:
        return dates  # nothing to keep or drop: most sentences name no date
    head = dateline_end(sentence.text)
    if head is None:
        return dates
    return [d for d in dates if d.start >= head] or [
        replace(d, value=d.value - _DAY_BEFORE, precision="week", rule=f"{d.rule}:dateline")
        if d.value is not None and d.precision == "day" else d for d in dates]


def demonyms(text: str, gazetteer: Gazetteer, lexicons: Lexicons) -> list[str]:
    """Countries of the demonyms in `text` (words with a demonym's ending the gazetteer knows), in text order."""
    cues = lexicons.compiled(_cues)
    known: dict[str, str | None] = {}  # "The", "Some" match too: each distinct word is looked up once
    codes = []
    for found in cues.demonym.finditer(text):
        if cues.far_side.match(text, found.end()):
            continue  # "fled towards the Malian border": the other side of it
        word = found.group()
        if word not in known:
            known[word] = gazetteer.country_of_demonym(word)
        code = known[word]
        if code:
            codes.append(code)
    return codes


class ActorCountries(NamedTuple):
    """What the actors and the phrases of an article say of its country."""

    named: list[str]  # a national actor's country, or the one country a cue names: one vote each
    # a transnational group's or an operation's several countries ("JNIM": Mali, Burkina Faso, Niger): each is
    # possible, none is chosen by it
    theatres: list[tuple[str, ...]]


def actor_countries(mentions: Sequence[SentenceMentions], gazetteer: Gazetteer, text: str,
                    lexicons: Lexicons) -> ActorCountries:
    """Countries the actors belong to, or (transnational groups, monitoring missions) operate in."""
    cues = lexicons.compiled(country_cues)
    named: list[str] = []
    theatres: list[tuple[str, ...]] = []
    for m in mentions:
        for actor in m.actors:
            country = gazetteer.country(actor.country) if actor.country else None
            if country is not None and country.country_code:
                named.append(country.country_code)
                continue
            countries = cues.get(f"actor:{actor.entry_id}", ())
            if len(countries) == 1:
                named.append(countries[0])
            elif countries:
                theatres.append(countries)
    for phrase, countries in lexicons.compiled(phrase_cues):
        if phrase in text:
            if len(countries) == 1:
                named.extend(countries * 3)  # a mission names its theatre: stronger than a demonym
            else:
                theatres.append(countries)
    return ActorCountries(named, theatres)


def phrase_cues(lexicons: Lexicons) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The cues written as phrases ("phrase:..."), in the lexicon's order, without their prefix."""
    return tuple((key[7:], countries) for key, countries in lexicons.compiled(country_cues).items()
                 if key.startswith("phrase:"))


def country_cues(lexicons: Lexicons) -> dict[str, tuple[str, ...]]:
    """country_cues.csv: what an actor or a phrase says of the article's country."""
    return {row["match"]: tuple(row["countries"].split("|")) for row in lexicons.csv("country_cues.csv")}


def perpetrator(mentions: Sequence[SentenceMentions], sentence: Sentence,
                lexicons: Lexicons) -> tuple[int, ActorMention] | None:
    """The group that claimed the incident or is said to have done it ("JNIM claimed responsibility", "the
    device was likely planted by ISGS"), in its sentence or the next two of the paragraph. A perpetrator
    named by a cue carries the cue's list in its rule, as a claimant carries its claim's. Asked only for
    sentences with an event: the cue is looked for then, not for every actor of every sentence."""
    cues = lexicons.compiled(_cues)
    generic: tuple[int, ActorMention] | None = None  # "carried out by suspected rebels": kept until a name is given
    for m in mentions[sentence.index:sentence.index + 3]:
        if m.sentence.paragraph != sentence.paragraph:
            break
        for actor in m.actors:
            found: tuple[int, ActorMention] | None = None
            if actor.claimed:
                found = m.sentence.start, actor
            # endpos: `$` anchors at the actor as on the slice before it, without copying it
            cue = cues.perpetrator.search(m.sentence.text, 0, actor.start) \
                if found is None and _may_name_perpetrator(m.sentence.text, actor.start) else None
            if cue is not None and (cue.group("be") is None or _attackers_before(m.actors, m.sentence.text,
                                                                                   cue.start())):
                named_by = PERPETRATOR_BY if cue.group("by") is not None \
                    else PERPETRATOR_ON if cue.group("on") is not None else PERPETRATOR_BE
                found = m.sentence.start, replace(actor, cues=(*actor.cues, named_by))
            if found is not None and found[1].template is None:
                return found  # a named group ("troops blamed the attack on the ADF")
            generic = generic or found
    return generic


def _may_name_perpetrator(text: str, end: int) -> bool:
    """Whether the perpetrator cue can end at `end`: its "by" is one of the last five words before it (four words
    at most follow), its "on" one of the last two ("on the"), its "be" or "been" one of the last five ("to be
    members of the"). Words as the pattern's \\s+ separates them; only "by", "on" and "be" themselves are what
    re.IGNORECASE reads as them. Most actors follow none: no search."""
    words = [word.lower() for word in text[:end].rsplit(None, 5)[-5:]]
    return "by" in words or "on" in words[-2:] or "be" in words or "been" in words


def _attackers_before(actors: Sequence[ActorMention], text: str, copula: int) -> bool:
    """Whether the copula at `copula` has an armed generic for its subject ("the assailants were believed to be
    ..."): a generic mention of a non-state armed actor ends right before it. Victims or soldiers "believed to be"
    somebody are not the perpetrators."""
    return any(a.template is not None and a.inter in NON_STATE_ARMED and a.end <= copula
               and not text[a.end:copula].strip() for a in actors)
