"""Place mentions in sentences and their resolution against the gazetteer.

Finding is cheap: runs of capitalised words are cut into the longest sub-spans the gazetteer knows.
How a name is introduced ("near X", "X region", "X (Douentza, Mopti)") sets its precision and hints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cache

from events.extract.candidates import Candidate
from events.extract.place_hints import mark_hints
from events.extract.text import Sentence
from events.lexicon import read_toml
from gazetteer import Gazetteer, Place, Resolution, fold

_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-Z]{2,}\d*)"
_CONNECTOR = r"(?:de|du|des|la|le|el|al|ad|as|ash|ar|an|bin|ibn|di|da|do|dos|das|of|the|y|i|en|sur|aux)"
_RUN = re.compile(rf"{_NAME_WORD}(?:(?:\s+|-){_CONNECTOR}(?:\s+|-)(?={_NAME_WORD})|[\s-]+(?={_NAME_WORD}))?"
                  rf"(?:{_NAME_WORD}(?:(?:\s+|-){_CONNECTOR}(?:\s+|-)(?={_NAME_WORD})|[\s-]+(?={_NAME_WORD}))?)*")
# A hyphen between two capitalised words joins two names ("Mogadishu-Yaqshid", "Sidon-Tyr"); inside a name
# it does not ("Bar-Sanguun", "Fada-N'Gourma" still match whole, as the longest span is tried first).
_TOKEN = re.compile(r"[\w'’.]+(?:-(?![A-Z\u00c0-\u00de])[\w'’.]+)*")
_PAREN_HINT = re.compile(r"\s*\(([^()]{2,80})\)")
_MAX_TOKENS = 6
_NOT_A_PLACE_BEFORE = re.compile(r"(?:\b(?:pro|anti)-|\b(?:Lake|River|Mount|Mt\.|Gulf of|Bay of|Sea of)\s)$")
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:al|el|ech|esh|ash|ad|ed|as|es|ar|er|an|en|at|et|az|ez|ad-|al-|el-)"
                             r"[\s-]?$")
_ENGLISH = frozenset({"as", "at", "an", "en", "es", "et"})  # articles that are also English (or French) words
_QUARTER = re.compile(r"(?:Colonia|Barrio|Bairro|Fraccionamiento|Vila|Villa|Jardim)\b")
_INSTITUTION = re.compile(r"\s+(?:Hospital|University|College|School|Company|Corporation|Club|Prison|Stadium|Bank|"
                          r"Airport|Mine|Factory|Plant|Port|Refinery|Market|Mall|Hotel|Church|Mosque|Cathedral|"
                          r"Cement|Textile|Steel|Oil|Gas|Power)\b")
# Words that introduce a place so plainly that an unknown name after them is still a place.
# An injected fallback for names the gazetteer lacks (name, focus countries) -> place; it must not raise.
OnlineLookup = Callable[[str, Sequence[str]], Place | None]
_UNKNOWN_CUE = re.compile(r"\b(?:in|near|outside|village of|town of|city of|locality of|area of|commune of)\s+$")
_GEOPRECISION = re.compile(r"\s*(?:\(|,)?\s*at geo-?precision (\d)")
_NEXT_WORDS = re.compile(r"\s+([\w-]+(?:\s[\w-]+){0,2})")


@dataclass(frozen=True, slots=True)
class PlaceCues:
    stopwords: frozenset[str]
    proximity: tuple[str, ...]
    locative: tuple[str, ...]
    region_words: tuple[str, ...]
    district_words: tuple[str, ...]
    descriptors: tuple[str, ...]
    not_location: tuple[str, ...]
    city_part_after: tuple[str, ...]
    city_part_before: tuple[str, ...]
    region_before: tuple[str, ...]


@cache
def place_cues() -> PlaceCues:
    data = read_toml("place_cues.toml")
    by_length = lambda words: tuple(sorted((w.lower() for w in words), key=len, reverse=True))  # noqa: E731
    return PlaceCues(
        stopwords=frozenset(data["stopwords"]["words"]),
        proximity=by_length(data["proximity"]["before"]),
        locative=by_length(data["locative"]["before"]),
        region_words=by_length(data["region_words"]["after"]),
        district_words=by_length(data["district_words"]["after"]),
        descriptors=by_length(data["descriptors"]["after"]),
        not_location=by_length(data["not_a_location"]["before"]),
        city_part_after=by_length(data["city_parts"]["after"]),
        city_part_before=by_length(data["city_parts"]["before"]),
        region_before=by_length(data["region_before"]["before"]),
    )


def find_candidates(sentence: Sentence, gazetteer: Gazetteer,
                    blocked: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """Gazetteer names in a sentence; `blocked` are article spans already taken (actor names, claimants)."""
    cues = place_cues()
    text = sentence.text
    found: list[Candidate] = []
    for run in _RUN.finditer(text):
        known = _known_subspans(text, run.start(), run.end(), gazetteer, cues.stopwords)
        particle = _ARTICLE_BEFORE.search(text, max(0, run.start() - 5), run.start())
        if particle:  # "el Marj", "ech Choueifat": the Arabic article belongs to the name
            whole = text[particle.start():run.end()].rstrip(".'’")
            if gazetteer.contains(whole):
                known = [(particle.start(), particle.start() + len(whole), False)]
            elif known and known[0][0] == run.start() and particle.group().strip(" -").lower() not in _ENGLISH:
                known[0] = (known[0][0], known[0][1], True)  # "Marj" alone is a different name
        if not known and _UNKNOWN_CUE.search(text, max(0, run.start() - 20), run.start()):
            known = [(run.start(), run.end(), False)] if run.group() not in cues.stopwords else []
            unknown = True
        else:
            unknown = False
        # "Colonia Jardines de la Mesa", "Barrio San Juan": a quarter of the city named beside it
        quarter = _QUARTER.match(run.group()) is not None
        for start, end, partial in known:
            a_start, a_end = sentence.start + start, sentence.start + end
            if any(a_start < b_end and b_start < a_end for b_start, b_end in blocked):
                continue
            cand = _describe(sentence, start, end, cues, partial=partial, unknown=unknown)
            if _INSTITUTION.match(text, end):
                cand = replace(cand, agent=True, locative=False)  # "Belen Hospital": a name, not a location
            found.append(replace(cand, city_part=True) if quarter else cand)
    return mark_hints(sentence, found)


def _known_subspans(text: str, start: int, end: int, gazetteer: Gazetteer,
                    stopwords: frozenset[str]) -> list[tuple[int, int, bool]]:
    """Longest known sub-spans of a capitalised run, each flagged when unknown name words adjoin it."""
    tokens = [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]
    content = [i for i, (s, e) in enumerate(tokens) if text[s:e] not in stopwords and text[s:s + 1].isupper()]
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + _MAX_TOKENS), i, -1):
            s, e = tokens[i][0], tokens[j - 1][1]
            name = text[s:e].rstrip(".'’")
            e = s + len(name)
            if name in stopwords or not name[:1].isupper() or not gazetteer.contains(name):
                continue
            if gazetteer.country_of_demonym(name):  # "Chadian", "Nigerien": they inform, they do not locate
                continue
            partial = _joined(text, tokens, content, i - 1, i) or _joined(text, tokens, content, j - 1, j)
            spans.append((s, e, partial))
            i = j - 1
            break
        i += 1
    return spans


def _joined(text: str, tokens: list[tuple[int, int]], content: list[int], left: int, right: int) -> bool:
    """Whether two neighbouring tokens belong to one name: both capitalised words with nothing but a space
    or a hyphen between them ("Puli Alam"); a connector ("Commune V of Bamako") separates names."""
    if left < 0 or right >= len(tokens) or left not in content or right not in content:
        return False
    return text[tokens[left][1]:tokens[right][0]].strip() in ("", "-")


def _describe(sentence: Sentence, start: int, end: int, cues: PlaceCues, *, partial: bool, unknown: bool) -> Candidate:
    text = sentence.text
    before = text[max(0, start - 40):start].lower().rstrip()
    after = text[end:end + 40].lower()
    precision, rule, prefer_region = 1, "place.name", False
    coded = before.endswith("coded as")
    if coded:
        level = _GEOPRECISION.match(after)
        precision, rule = (int(level.group(1)) if level else 1), "place.coded-as"
    elif _ends_with_any(before, cues.proximity):
        precision, rule = 2, "place.near"
    after_word = _NEXT_WORDS.match(after)
    following = after_word.group(1) if after_word else ""
    region_before = precision == 1 and _ends_with_any(before, cues.region_before)
    if _starts_with_any(following, cues.region_words) or region_before:
        precision, rule, prefer_region = 3, "place.region", True
    elif _starts_with_any(following, cues.district_words) and precision == 1:
        precision, rule = 2, "place.district"
    hints: tuple[str, ...] = ()
    paren = _PAREN_HINT.match(text, end)
    if paren:
        hints = tuple(h.strip() for h in paren.group(1).split(",") if h.strip() and h.strip()[0].isupper())
    locative = _ends_with_any(before, cues.locative) or precision > 1 or bool(hints)
    agent = precision == 1 and (_ends_with_any(before, cues.not_location) or _is_dateline(text, start, end))
    agent = agent or following.startswith(("border", "frontier"))  # "near the Burkina Faso border"
    # "pro-Turkey factions", "anti-Kiev"; "Lake Chad", "River Niger": a side or a natural feature, not a place
    agent = agent or bool(_NOT_A_PLACE_BEFORE.search(text, 0, start))
    city_part = _starts_with_any(following, cues.city_part_after) or _ends_with_any(before, cues.city_part_before)
    return Candidate(sentence.start + start, sentence.start + end, text[start:end], sentence.index, min(precision, 3),
                     rule, (locative or coded) and not agent, prefer_region, hints, agent=agent, coded=coded,
                     origin=before.endswith(" from") or before == "from", city_part=city_part, partial=partial,
                     unknown=unknown)


_DATELINE_TAIL = re.compile(r"\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()]{1,40}\))?\s*[-\u2013\u2014]\s")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """"GAO, June 17 (Agency) - ...": where the report was filed, not where the event happened."""
    if text[:start].strip(" \"'\u201c"):
        return False
    return bool(_DATELINE_TAIL.match(text, end)) or (text[start:end].isupper() and text[end:end + 1] == ",")


def focus_countries(candidates: Sequence[Candidate], gazetteer: Gazetteer, *,
                    demonyms: Sequence[str] = (), actor_countries: Sequence[str] = ()) -> list[str]:
    """The article's focus countries (ISO2), most evident first: named countries, demonyms, actors'
    countries, and places with one clear reading."""
    votes: Counter[str] = Counter()
    for code in demonyms:
        votes[code] += 2
    for code in actor_countries:
        votes[code] += 2
    for cand in candidates:
        places = [] if cand.partial or cand.agent else gazetteer.lookup(cand.text)
        if not places:
            continue
        top = places[0]
        if top.feature_code.startswith("PCL"):
            if len(cand.text) > 3 or cand.locative:  # "US dollar" is no vote for the United States
                votes[top.country_code or ""] += 3
        elif len({p.country_code for p in places}) == 1 or top.population >= 20 * max(1, places[1].population):
            votes[top.country_code or ""] += 1 + (cand.locative or bool(cand.admin_hints))
    votes.pop("", None)
    if not votes:
        return []
    best = votes.most_common(1)[0][1]
    return [code for code, n in votes.most_common() if n * 2 >= best]


def resolve_candidates(candidates: Sequence[Candidate], gazetteer: Gazetteer, focus: Sequence[str],
                       online: OnlineLookup | None = None) -> list[Candidate]:
    """Resolve every candidate, in order, each helped by the places resolved before it. Names the gazetteer
    lacks go to `online` when one is given."""
    resolved: list[Candidate] = []
    near: list[Place] = []
    for cand in candidates:
        if cand.unknown:
            found = online(cand.text, focus) if online is not None else None
            if found is None:
                resolved.append(cand)
                continue
            resolved.append(replace(cand, unknown=False, rule="place.online",
                                    resolution=Resolution(found, 0.0, "online", 1)))
            near.append(found)
            continue
        res = gazetteer.resolve(cand.text, focus=focus, near=near[-5:], admin_hints=cand.admin_hints,
                                prefer_region=cand.prefer_region)
        if res is not None:
            res = _prefer_own_name(cand, res, gazetteer, focus)
        if res is None or not _plausible(cand, res, focus) or _hints_disagree(cand, res.place, gazetteer):
            continue
        resolved.append(replace(cand, resolution=res))
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
    if place.feature_class == "A" or cand.admin_hints or cand.coded:
        return True
    if res.candidates == 1 and cand.locative:
        return True  # one place in the world has this name
    if focus and not in_focus:  # a namesake abroad must be a real city to beat the story's own country
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


def _by_translation(mention: str, name: str) -> bool:
    """The mention matched an alternate name unlike the place's own (a translation, not a spelling)."""
    a, b = fold(mention), fold(name)
    return a != b and a not in b and SequenceMatcher(None, a, b).ratio() < 0.7


def _hints_disagree(cand: Candidate, place: Place, gazetteer: Gazetteer) -> bool:
    """"Mambasa (Nord-Kivu)": a reading in a country none of the admin hints is in is the wrong namesake."""
    readings = [p for hint in cand.admin_hints for p in gazetteer.lookup(hint)]
    if not readings or place.country_code in {p.country_code for p in readings}:
        return False
    # a hint read only as villages elsewhere ("Distrito Federal" as a Mexican hamlet) vetoes a village, not a
    # city ("Brasilia, Distrito Federal")
    strong = any(p.feature_class == "A" or p.population >= 10_000 for p in readings)
    return strong or place.population < 100_000


def precision_of(cand: Candidate) -> int:
    place = cand.resolution.place if cand.resolution else None
    if place is not None and place.feature_class == "A":
        return 3 if place.feature_code.startswith(("PCL", "ADM1")) else max(cand.precision, 2)
    return cand.precision


def _ends_with_any(text: str, phrases: tuple[str, ...]) -> bool:
    """The text ends with a phrase, as a whole word (after a space or '('). String tests, not a pattern: one
    anchored at the end is still tried at every position. As `$` did, a final newline is looked past."""
    for t in (text, text[:-1]) if text.endswith("\n") else (text,):
        if t.endswith(phrases) and any(t.endswith(p) and (len(t) == len(p) or t[-len(p) - 1] in " (")
                                       for p in phrases):
            return True
    return False


def _starts_with_any(text: str, phrases: tuple[str, ...]) -> bool:
    """The text starts with a phrase followed by its end (or a final newline), a space, a comma or a stop."""
    return text.startswith(phrases) and any(
        text.startswith(p) and (text[len(p):len(p) + 1] in ("", " ", ",", ".") or text[len(p):] == "\n")
        for p in phrases)
