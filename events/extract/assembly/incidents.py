"""From one article's mentions to its events: frames per sentence, dates carried, places resolved,
frames of one incident merged, claims attached and ACLED's fatalities computed."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from events.extract.assembly.consolidation import one_event_per_incident, spreads, tells_another
from events.extract.assembly.dating import EventDate, Narrative, anchor_date, incident_dates, is_recalled
from events.extract.assembly.frames import ARMED_INTER, Frame, build_frame
from events.extract.assembly.records import Draft, claim_records, event_id_of, event_record, short_id
from events.extract.assembly.reporting import captions, not_reported, scan
from events.extract.claims.casualties import ClaimMention, find_claims
from events.extract.matcher import PhraseList
from events.extract.mentions.actors import CUES as ACTOR_CUES
from events.extract.mentions.actors import ActorMention
from events.extract.mentions.dates import DateMention
from events.extract.mentions.persons import not_persons
from events.extract.mentions.places import (
    Candidate,
    OnlineLookup,
    focus_countries,
    precision_of,
    replaced,
    resolve_candidates,
    setting_distance,
    within_area,
)
from events.extract.mentions.sentence import (
    SentenceMentions,
    actor_countries,
    country_cues,
    demonyms,
    is_title,
    outside_dateline,
    perpetrator,
    sentence_mentions,
)
from events.extract.mentions.triggers import TriggerMention, size_tag
from events.extract.text import Sentence, split_sentences
from events.lexicon import Lexicons, WordList
from gazetteer import Gazetteer, Place, Resolution, fold
from schemas import UNKNOWN_NAME, Article, CasualtyClaim, Event

_LEXICON = "incidents.toml"
IDENTIFIED = "cue.actor.identified"
_NEWS_REPORT_LAG = timedelta(days=1)  # a report's undated incident: the day before it came out (see report_lag)


@dataclass(frozen=True, slots=True)
class IncidentCues:
    """What assembling incidents compiles from incidents.toml."""

    list_join: re.Pattern[str]  # what may stand between two places listed together ("X, Y and in the villages of Z")
    setting: re.Pattern[str]  # what may stand between a place and a later name that only situates it
    area_words: re.Pattern[str]  # incident.area-word, in folded admin names
    the_crowd: re.Pattern[str]  # the protest's crowd, opening a sentence
    road_ends: tuple[str, ...]  # incident.road-ends: "from X to Y" is one road
    # whether a sentence holds one: lists of words, looked for by an Aho-Corasick pass before their regex (searched
    # case-insensitively at every position, "took place" cost 7 us a sentence)
    took_place: PhraseList  # incident.took-place
    same_place: PhraseList  # incident.same-place
    speaker: re.Pattern[str]  # incident.speaker
    area_of: re.Pattern[str]  # " area of ", " district of ": a descriptor and "of", no list's join
    attribution: re.Pattern[str]  # incident.speaker in a clause that ends the sentence, its speaker before it
    toll_triggers: frozenset[str]  # incident.toll-trigger
    violent_types: frozenset[str]  # incident.violent-type
    # incident.capital: "the capital" (or "the Malian capital", group `owner`), not "the capital of X"
    the_capital: re.Pattern[str]
    capital_after: re.Pattern[str]  # after a country's name: "Burkina Faso's capital", "Burkina Fasos capital"
    capital_before: re.Pattern[str]  # before a country's name, at the end of the text before it: "the capital of "


def incident_cues(lexicons: Lexicons) -> IncidentCues:
    """incidents.toml (build with `lexicons.compiled(incident_cues)`)."""

    def word_list(list_id: str) -> WordList:
        return lexicons.word_list(_LEXICON, list_id)

    directions = word_list("incident.list-direction").alternation()
    joins = word_list("incident.list-join").alternation()
    list_prepositions = word_list("incident.list-preposition").alternation()
    list_descriptors = word_list("incident.list-descriptor").alternation()
    # "Kumasi in the north, Accra", "Gao, Ansongo and Menaka", "Gao and in Kidal", "Gao and the villages of Tin"
    list_join = re.compile(rf"(?:\s+in\s+the\s+{directions}(?:ern)?(?:\s+part)?)?"
                           rf"\s*(?:,|;|,?\s*{joins})?\s*{list_prepositions}?\s*"
                           rf"(?:the\s+)?(?:{list_descriptors} of\s+)?", re.I)
    descriptors = word_list("incident.setting-descriptor").alternation()
    prepositions = word_list("incident.setting-preposition").alternation()
    setting_directions = word_list("incident.setting-direction").alternation()
    # "Tsafe, Zamfara state", "Al Bab in Aleppo", "Gossi (Gourma-Rharous", "Boni, east of Douentza", "Konduga, about
    # 35 km southeast of Maiduguri": a descriptor, then a preposition or a direction (after a distance), then up to
    # three words before the later name
    distance = setting_distance(lexicons) + r"\s+"
    setting = re.compile(rf"[\s,()]*(?:{descriptors}\b[\s,()]*)?"
                         rf"(?:(?:{prepositions}|(?:{distance})?{setting_directions}(?:ern)?\s+of)\s+(?:the\s+)?)?"
                         rf"(?:[\w'\u2019-]+[\s,]+){{0,3}}?[\s,(]*", re.I)
    crowd, alone = word_list("incident.crowd").alternation(), word_list("incident.crowd-alone").alternation()
    capital = word_list("incident.capital").alternation()
    modifiers = word_list("incident.capital-modifier").alternation()
    # "They clashed with police", "The protesters threw stones", "Some of the demonstrators burned tyres"
    # the groups name the list that matched, for the type rule
    the_crowd = re.compile(rf"\s*(?:they|(?P<the>the {crowd})|(?P<alone>{alone}|some (?:of the )?{alone}))\b", re.I)
    return IncidentCues(
        list_join=list_join,
        setting=setting,
        area_words=re.compile(rf"\b{word_list('incident.area-word').alternation()}\b"),
        the_crowd=the_crowd,
        road_ends=tuple(word_list("incident.road-ends")),
        took_place=PhraseList.build("incident.took-place", word_list("incident.took-place")),
        same_place=PhraseList.build("incident.same-place", word_list("incident.same-place")),
        # "X area of Y", "X district of Y": the unit X lies in (not "X town of Y", where Y is the town)
        area_of=re.compile(rf"\s+(?:{word_list('incident.area-of').alternation()})\s+of\s+(?:the\s+)?", re.I),
        # not after an auxiliary or "it": "it was said that", "is told" name no speaker
        speaker=re.compile(rf"(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )(?<!\bit )"
                           rf"\b{word_list('incident.speaker').alternation()}\b"),
        # ", a police officer in Kano said." closing the sentence: the speaker, after the incident
        attribution=re.compile(rf",\s*(?P<speaker>[^,;]{{1,80}}?)\s+{word_list('incident.speaker').alternation()}"
                               rf"\b[^,;]{{0,40}}$"),
        toll_triggers=frozenset(word_list("incident.toll-trigger")),
        violent_types=frozenset(word_list("incident.violent-type")),
        the_capital=re.compile(rf"\bthe (?:{modifiers} |(?P<owner>[A-Z][\w'’-]+) )?{capital}\b(?!\s+(?:city\s+)?of\b)"),
        capital_after=re.compile(rf"(?:['’]?s)?\s+{capital}\b(?!\s+(?:city\s+)?of\b)"),
        capital_before=re.compile(rf"\b{capital}\s+of\s+(?:the\s+)?$"),
    )


def extract_events(article: Article, gazetteer: Gazetteer, lexicons: Lexicons, version: str,
                   online: OnlineLookup | None = None) -> tuple[list[Event], list[CasualtyClaim]]:
    sentences = split_sentences(article.text, f"article {article.article_id!r}")
    claims = find_claims(sentences, lexicons, title=article.title)
    claim_spans = _spans_by_sentence(sentences, [(c.claimant_start, c.claimant_end) for c in claims
                                                 if c.claimant_start is not None and c.claimant_end is not None])
    last = sentences[-1].index if sentences else -1
    mentions = [sentence_mentions(s, article, gazetteer, lexicons, claim_spans.get(s.index, []), s.index == last)
                for s in sentences]
    # "Norbert Zongo ... Zongo was killed": a surname the article gave a person is that person in its other sentences
    candidates = not_persons([c for m in mentions for c in m.places], [p for m in mentions for p in m.persons])
    actors = actor_countries(mentions, gazetteer, article.text, lexicons)
    focus = focus_countries(candidates, gazetteer,
                            demonyms=demonyms(article.text, gazetteer, lexicons), actor_countries=actors.named,
                            theatres=actors.theatres)
    # a story that points at no country is read in the countries whose village files the analyst imported
    # (their coverage): "the police station in Silly" is the Burkinabe village, not the Belgian town, for an
    # analyst who fetched Burkina Faso's places; it chooses no home (no place where the text names none)
    resolved = resolve_candidates(candidates, gazetteer, focus.countries or list(gazetteer.coverage), online)
    home = focus.home
    if home is None:  # nothing pointed at one country beforehand: the places as resolved do
        # (a town named in any role is the story's country, a country named as a partner, an origin or a border's
        # far side is not: "marched to Kaya", but "backed by France", "the Mali border", "jihadists from Mali")
        found = Counter(c.resolution.place.country_code for c in resolved if c.resolution is not None
                        and not (c.resolution.place.feature_code.startswith("PCL") and (c.agent or c.origin)))
        home = next((code for code, _ in found.most_common(1) if code), None)
    by_sentence: dict[int, list[Candidate]] = {}
    for cand in resolved:
        by_sentence.setdefault(cand.sentence_index, []).append(cand)
    drafts, anchor = _drafts(article, mentions, by_sentence, claims, gazetteer, home, lexicons)
    return _records(article, drafts, claims, version, lexicons, anchor)


def _spans_by_sentence(sentences: Sequence[Sentence], spans: Sequence[tuple[int, int]]
                       ) -> dict[int, list[tuple[int, int]]]:
    """The spans that overlap each sentence, by sentence index: a sentence's places need only those, and
    handing every sentence all the article's spans made a long article quadratic."""
    ends = [s.end for s in sentences]  # sentences follow each other without overlapping
    out: dict[int, list[tuple[int, int]]] = {}
    for start, end in spans:
        i = bisect.bisect_right(ends, start)
        while i < len(sentences) and sentences[i].start < end:
            out.setdefault(sentences[i].index, []).append((start, end))
            i += 1
    return out


def _identified(mentions: Sequence[SentenceMentions], lexicons: Lexicons) -> dict[str, tuple[int, ActorMention]]:
    """The armed group the article names for each generic noun of cue.actor.identified ("the rebels of the ADF",
    "ADF rebels": generic.rebels -> the ADF), by generic entry id, with its sentence's start; a noun the article
    gives to two groups means neither."""
    nouns = lexicons.compiled(_identifying_nouns)
    found: dict[str, tuple[int, ActorMention]] = {}
    twice: set[str] = set()
    for m in mentions:
        for a in m.actors:
            if a.template is not None or a.inter not in ARMED_INTER:
                continue
            # a name that ends on the noun says so too ("M23 rebels" is an alias of its own)
            kind = a.restates if a.restates in nouns else next(
                (k for k, ends in nouns.items() if a.text.lower().endswith(ends)), None)
            if kind is None:
                continue
            first = found.setdefault(kind, (m.sentence.start, replace(a, cues=(*a.cues, IDENTIFIED))))
            if first[1].entry_id != a.entry_id:
                twice.add(kind)
    return {kind: named for kind, named in found.items() if kind not in twice}


def _identifying_nouns(lexicons: Lexicons) -> dict[str, tuple[str, ...]]:
    """cue.actor.identified's generic entries, each with its nouns as a name may end on them (" rebel",
    " rebels"): build with `lexicons.compiled`."""
    kinds = set(lexicons.word_list(ACTOR_CUES, IDENTIFIED))
    return {row["id"]: tuple(f" {form.lower()}{plural}" for form in row["patterns"].split("|")
                             if form and not form.startswith("+") for plural in ("", "s"))
            for row in lexicons.csv("generic_actors.csv") if row["id"] in kinds}


def report_lag(article: Article, mentions: Sequence[SentenceMentions]) -> timedelta:
    """How long before its publication a text tells what it does not date. A news report (a headline, or a lead
    and a body: more than one paragraph) comes out the day after the incident it reports (GUIDELINES: "no day
    given: the day before publication"); a note of one paragraph without a title (an ACLED note, an alert, a
    situation report's entry) is dated the day of what it records."""
    if article.title or (mentions and mentions[-1].sentence.paragraph > mentions[0].sentence.paragraph):
        return _NEWS_REPORT_LAG
    return timedelta(0)


def _drafts(article: Article, mentions: Sequence[SentenceMentions], places: dict[int, list[Candidate]],
            claims: Sequence[ClaimMention], gazetteer: Gazetteer, home: str | None,
            lexicons: Lexicons) -> tuple[list[Draft], EventDate]:
    """The article's drafts, one per incident, and its anchor (the subject incident's date)."""
    # each sentence's incident dates (outside its dateline), computed once for the anchor, the narrative and
    # whether a sentence continues the last incident
    dated = [(m.sentence, incident_dates(m.sentence, outside_dateline(m.sentence, m.dates), lexicons, _told_at(m))
              if m.dates else []) for m in mentions]  # most sentences name no date
    # a photo caption describes a picture, often of another day: its triggers tell no incident of the article
    sentences = [m.sentence for m in mentions]
    scanned = scan(sentences, lexicons)  # one pass a sentence for the captions and the reporting lists
    pictured = captions(sentences, lexicons, scanned)
    # (`bool(m.triggers) and`: most sentences have no trigger, and need no generator to say so)
    live = [bool(m.triggers) and any(t.blocked_by is None for t in m.triggers) and m.sentence.index not in pictured
            for m in mentions]
    event_sentences = [d for d, has_live in zip(dated, live, strict=True) if has_live]
    # the days sources spoke on, in the sentences that tell an incident: the incident's day when none is given
    stated = [(s, [d for d in outside_dateline(s, m.dates) if d not in incident])
              for m, (s, incident), has_live in zip(mentions, dated, live, strict=True) if has_live and m.dates]
    anchor = anchor_date(event_sentences or dated, article.published_at, stated, report_lag(article, mentions))
    identified = _identified(mentions, lexicons)
    narrative = Narrative(anchor)
    focus_place = gazetteer.country(home) if home else None
    claims_by_sentence: dict[int, list[ClaimMention]] = {}
    for c in claims:
        claims_by_sentence.setdefault(c.sentence_index, []).append(c)
    cues = lexicons.compiled(incident_cues)
    drafts: list[Draft] = []
    paragraph_place: Candidate | None = None
    # "Presumed JNIM militants seized a truck ... An NGO worker was killed.": who acted in the paragraph's
    # setting sentence did what the next sentence reports without naming anyone
    paragraph_actor: tuple[int, ActorMention] | None = None
    paragraph = -1
    for m, (s, incident), has_live in zip(mentions, dated, live, strict=True):
        if s.paragraph != paragraph:
            paragraph, paragraph_place, paragraph_actor = s.paragraph, None, None
        if s.index in pictured:
            continue  # nor does it set the scene of the story's sentences
        frame: Frame | None = None
        if has_live:  # else no frame: spare the paragraph's look-ahead
            # who was hurt, here or in the next sentences of the paragraph, tells a battle from an attack
            victims = [c.victim for m2 in mentions[s.index:s.index + 3] if m2.sentence.paragraph == s.paragraph
                       for c in claims_by_sentence.get(m2.sentence.index, []) if c.victim and c.kind == "killed"]
            frame = build_frame(s.text, m.triggers, m.actors, victims, lexicons,
                                _context(dated, s, article.published_at))
        when = narrative.date_for(s, incident, frame is not None)
        # most sentences name no place and no actor: their lists are built only when there is something in them
        named = places.get(s.index)
        own = [c for c in named if not c.hint_only and not c.agent and not _origin_country(c)] if named else []
        if own:
            own = [c for c in own if c.coded] or own  # the note's own "coded as X" outranks the other names
            if len(own) > 1 and m.triggers:
                own = _not_the_speakers(own, s, m.triggers, cues)
        specific = _most_specific(own, s, cues)
        # "the village of Qazali west of Tell Abiad in the countryside of Ar-Raqqa": a place the gazetteer lacks is
        # near the town it is measured from, whatever else the sentence names (the reference says where it is)
        near = _measured_near(specific, places.get(s.index, ())) if specific else []
        if frame is None:
            if specific:
                located_here = [c for c in specific if c.resolution is not None] or [n for n in near if n is not None]
                if located_here:
                    paragraph_place = located_here[-1]
            if drafts and (cues.took_place.position(s.text) is not None or _names_incident(s.text, drafts[-1])):
                # "It took place near Marka.", "The strike late on Friday hit a house in Rafah.": a sentence about
                # the incident told before, which tells none of its own, says where and when it happened
                if specific:
                    _refine(drafts[-1], specific, cues)
                _redate(drafts[-1], s, incident, article)
            if m.actors:
                # an armed actor right after an incident word is its object ("condemned the attack on U.N.
                # peacekeepers"), not who acted
                armed = [a for a in m.actors if a.inter in ARMED_INTER
                         and not any(t.end <= a.start <= t.end + _OBJECT_REACH for t in m.triggers)
                         and _ACCORDING_TO.search(s.text, 0, a.start) is None]
                paragraph_actor = (s.start, armed[0]) if armed else paragraph_actor
            continue
        if when.value is not None and article.published_at is not None and when.value > article.published_at:
            continue  # nothing is dated after its article: a future or planned event
        sentence_claims = claims_by_sentence.get(s.index, [])
        crowd = _turns_violent(drafts[-1], s, frame, cues) if not own and drafts else None
        if crowd is not None:
            # "Fishermen demonstrated in Freetown. They clashed with police.": one demonstration, violent
            drafts[-1].frame = replace(drafts[-1].frame, event_type="Riots", sub_event_type="Violent demonstration",
                                       type_rule=f"{drafts[-1].frame.type_rule}+{frame.type_rule}{crowd}")
            drafts[-1].more_evidence.append((s, frame))
            drafts[-1].claims.extend(sentence_claims)
            continue
        another = tells_another(s.text, [t.start for t in m.triggers], lexicons)
        if own and drafts and not spreads(s.text, lexicons) \
                and _refers_back(s, m.triggers, drafts[-1], mentions, incident) \
                and not _lists_places(specific, s, cues):
            # "The attack, which occurred in the department of N'Guigmi, ...", "The attack in Niger came on the eve
            # of a meeting in Nouakchott": a definite reference to the incident just told, with places of its own
            # that may place it more precisely; the sentence's other places are not the incident's
            frame = replace(frame, type_rule=f"{frame.type_rule}+incident.refers-back")
            drafts[-1].more_evidence.append((s, frame))
            drafts[-1].claims.extend(sentence_claims)
            if drafts[-1].perpetrator is None:
                drafts[-1].perpetrator = perpetrator(mentions, s, lexicons)
            _refine(drafts[-1], specific, cues, "incident.refers-back")
            _redate(drafts[-1], s, incident, article)
            continue
        more = None
        # the incident told last: the first place of the last sentence's list ("in Mbingi and Mapasana ... There we
        # had four people killed": the toll goes to the first-named place, as ACLED splits none it is not given)
        last = _first_listed(drafts, drafts[-1]) if drafts else None
        if not own and last is not None and not another:
            more = _continues(last, s, frame, cues, dated=_dated(s, m, incident, lexicons))
        if more is not None:
            if more:  # the list that made it part of the incident, on its evidence line
                frame = replace(frame, type_rule=f"{frame.type_rule}+{more}")
            assert last is not None
            last.more_evidence.append((s, frame))
            last.claims.extend(sentence_claims)
            known = last.perpetrator
            if known is None or known[1].template is not None:
                # "The army blamed the attack on the ADF.": a later account names who did it
                blamed = perpetrator(mentions, s, lexicons)
                if blamed is not None and (known is None or blamed[1].template is None):
                    last.perpetrator = blamed
            continue
        located = [c for c in specific if c.resolution is not None]
        unknown = [c for c in specific if c.unknown]
        targets: list[Candidate | None]
        if near and all(n is not None for n in near):
            targets = list(near)
        elif unknown and located and all(_is_area(c) for c in located):
            # "the Koutougou department in Soum province", "Kworjafa village ... in Nigeria": the areas locate the
            # place the text names, which the gazetteer lacks; one event at each such place listed, at the most local
            # area
            targets = [within_area(u, located) for u in _listed_with_first(unknown, s, cues)]
        elif located:
            located = [_as_capital(c, article.text, gazetteer, cues) for c in located]
            # "MOGADISHU, Somalia (AP) - ... on the outskirts of Somalia's capital": a country beside a place in it
            # (here only once its capital is read) names no place of its own
            located = [c for c in located if not any(
                o is not c and o.resolution is not None and c.resolution is not None
                and c.resolution.place.feature_code.startswith("PCL")
                and _contains(c.resolution.place, o.resolution.place, cues) for o in located)] or located
            # one event per distinct place: "in Tripoli City ... in Tripoli last week" names one town twice
            listed = _listed_with_first(located, s, cues)
            distinct = {c.resolution.place.geonameid: c for c in reversed(listed) if c.resolution is not None}
            targets = list(reversed(distinct.values()))
        elif unknown:  # a place we cannot find: its admin hint, else the country, not a town named earlier
            # ("in the villages of Mbingi and Mapasana": one event each, as for places the gazetteer knows)
            targets = [_by_hint(u, places.get(s.index, ()), home) or _country_level(s, focus_place, u)
                       for u in _listed_with_first(unknown, s, cues)]
        else:
            targets = [_by_hint(None, places.get(s.index, ()), home) or _the_capital(s, home, gazetteer, cues)
                       or _same_place(s, drafts, cues) or paragraph_place or _country_level(s, focus_place)]
        culprit = perpetrator(mentions, s, lexicons)
        if culprit is None and all(a.inter == 7 for a in frame.actor1):  # nobody or only the victims
            culprit = paragraph_actor
        why_not = not_reported(s.text, lexicons, scanned[s.index])
        for i, place in enumerate(targets):
            country, code = _country_of(place)
            draft = Draft(frame, s, place, when, country, code, perpetrator=culprit, not_reported=why_not,
                          actor_homes=_actor_homes(m.actors, gazetteer, lexicons) if country is None else {},
                          apart=another)
            if i == 0:
                draft.claims.extend(sentence_claims)
            drafts.append(draft)
        if located:
            paragraph_place = located[-1]
    if not drafts:
        drafts.extend(_demonstration_by_tag(mentions, places, narrative, focus_place, lexicons))
    _attach_orphan_claims(drafts, claims_by_sentence, mentions, dated, article.published_at, lexicons)
    # the lead: the first paragraph that names an incident, told or not ("the release of the abducted schoolboys")
    lead_paragraph = next((m.sentence.paragraph for m in mentions if m.triggers and m.sentence.index not in pictured),
                          None)
    incidents = one_event_per_incident(_merge_same_incident(drafts), lexicons, f"article {article.article_id!r}",
                                       lead_paragraph)
    _count_headline(incidents, article, mentions, places, claims_by_sentence, cues)
    if identified:
        _name_identified(incidents, identified)
    return incidents, anchor


def _name_identified(incidents: Sequence[Draft], identified: Mapping[str, tuple[int, ActorMention]]) -> None:
    """"Rebels went on a rampage around Beni ... the rebels of the ADF attacked Mangazi": an incident whose
    accounts tell who did it by a generic noun only takes the group the article names for that noun."""
    for d in incidents:
        if d.perpetrator is not None and d.perpetrator[1].template is None:
            continue
        frames = [d.frame, *(f for _, f in d.more_evidence)]
        if any(a.template is None and a.inter in ARMED_INTER for f in frames for a in f.actor1):
            continue  # an account names the group itself
        told_by = ([d.perpetrator[1]] if d.perpetrator else []) + [a for f in frames for a in f.actor1]
        kind = next((a.entry_id for a in told_by if a.entry_id in identified), None)
        if kind is not None:
            d.perpetrator = identified[kind]


def _count_headline(drafts: Sequence[Draft], article: Article, mentions: Sequence[SentenceMentions],
                    places: dict[int, list[Candidate]], claims_by_sentence: dict[int, list[ClaimMention]],
                    cues: IncidentCues) -> None:
    """The headline's toll and place count for the article's lead incident (its first that is news) where the
    body gives none: a figure of a kind the lead has no claim of, a place below the country where the lead has
    only the country. "Gunmen kill 12 in Maiduguri" over "Gunmen attacked a village on Monday, police said." is
    one attack in Maiduguri with 12 dead, unless the lead is more than a week older than the article. The headline
    is the article's title as its first lines write it (a headline makes no event of its own: `sentence._is_body`)."""
    lead = next((d for d in drafts if d.not_reported is None), None)
    titled = _title_sentences(article, mentions)
    if lead is None or not titled:
        return
    if is_recalled(lead.date.value, lead.date.precision, article.published_at, None):
        return  # a headline is news of its day: not the toll of an incident of last month (a photo's caption)
    kinds = {c.kind for c in lead.claims}
    taken = {id(c) for d in drafts for c in d.claims}
    lead.claims.extend(c for s in titled for c in claims_by_sentence.get(s.index, [])
                       if c.kind not in kinds and id(c) not in taken)
    here = lead.place.resolution.place if lead.place is not None and lead.place.resolution is not None else None
    if here is not None and not here.feature_code.startswith("PCL"):
        return
    for s in titled:
        own = [c for c in places.get(s.index, []) if c.resolution is not None and not c.hint_only and not c.agent
               and not c.resolution.place.feature_code.startswith("PCL")
               and (here is None or c.resolution.place.country_code == here.country_code)]
        if own := _most_specific(own, s, cues):
            lead.place = replaced(own[0], rule=f"{own[0].rule}+incident.headline")
            lead.country, lead.country_code = _country_of(lead.place)
            return
    if here is None:
        return
    # "Two traditional leaders reported killed in Bambili" over a lead told "in western Cameroon": the village the
    # headline names, which the gazetteer lacks, coded at the lead's country and keeping its name
    for s in titled:
        unknown = next((c for c in places.get(s.index, []) if c.unknown and not c.hint_only and not c.agent), None)
        if unknown is not None:
            named = _country_level(s, here, unknown)
            assert named is not None
            lead.place = replaced(named, rule=f"{named.rule}+incident.headline")
            return


def _not_the_speakers(own: list[Candidate], sentence: Sentence, triggers: Sequence[TriggerMention],
                      cues: IncidentCues) -> list[Candidate]:
    """The sentence's places without those that describe who speaks, when others remain: before a word of
    speaking that comes before every incident word ("a member of the task force in Damboa area of Borno said on
    Thursday, fighters attacked Njaba village"), or in the attribution that closes the sentence ("Gunmen attacked
    Zaria on Tuesday, a police officer in Kano said."). "Police in Gao said gunmen attacked the town" keeps Gao."""
    live = [t.start for t in triggers if t.blocked_by is None]
    if not live:
        return own
    told = own
    said = cues.speaker.search(sentence.text, 0, min(live))
    if said is not None:
        told = [c for c in told if c.start >= sentence.start + said.end()]
    closing = cues.attribution.search(sentence.text, max(live))
    if closing is not None:
        speaker = (sentence.start + closing.start("speaker"), sentence.start + closing.end("speaker"))
        told = [c for c in told if not speaker[0] <= c.start < speaker[1]]
    return told or own


def _context(dated: Sequence[tuple[Sentence, Sequence[DateMention]]], sentence: Sentence,
             published: date | None, n: int = 2) -> str:
    """The next `n` sentences of the sentence's paragraph, where how police met a protest is often told, up to
    one dated to an earlier time ("It marks the day in 1990 that violent protests broke out"): history tells
    nothing of this incident."""
    told = []
    for s, incident in dated[sentence.index + 1:sentence.index + 1 + n]:
        if s.paragraph != sentence.paragraph \
                or any(is_recalled(d.value, d.precision, published, None) for d in incident):
            break
        told.append(s.text)
    return " ".join(told)


def _title_sentences(article: Article, mentions: Sequence[SentenceMentions]) -> list[Sentence]:
    """The sentences of the article's first paragraph when that paragraph is its title ("# " and spacing aside)."""
    if not article.title or not mentions:
        return []
    first = [m.sentence for m in mentions if m.sentence.paragraph == mentions[0].sentence.paragraph]
    return first if is_title(article.text[first[0].start:first[-1].end], article.title) else []


def _dated(s: Sentence, m: SentenceMentions, incident: list[DateMention], lexicons: Lexicons) -> bool:
    """Whether the sentence gives an incident date of its own, its dateline's included: `incident` (those outside
    the dateline) settles it unless it is empty."""
    if incident:
        return True
    return bool(m.dates) and bool(incident_dates(s, m.dates, lexicons, _told_at(m)))


def _told_at(m: SentenceMentions) -> list[tuple[int, int]]:
    """Where the sentence's live incident words stand (sentence offsets): `incident_dates` gives a date after one
    of them to the incident, not to a statement."""
    return [(t.start, t.end) for t in m.triggers if t.blocked_by is None]


def _listed_with_first(located: list[Candidate], sentence: Sentence, cues: IncidentCues) -> list[Candidate]:
    """The places that make one event each: the first one and those listed with it ("in Thies, Mbour and
    Ziguinchor", "Gao or Kidal"). A place named further on in other words ("clashed in Gao with fighters
    from Kidal", "a protest in X in solidarity with Y") sets the scene or names another story."""
    out = located[:1]
    for cand in located[1:]:
        between = sentence.text[out[-1].end - sentence.start:cand.start - sentence.start]
        if out[-1].unknown and cand.unknown and cues.area_of.fullmatch(between):
            # "Panzgam area of Awantipora", both unknown to the gazetteer: the later name is the earlier's setting,
            # not a place listed (known names: containment decides, `_most_specific`)
            continue
        if cues.list_join.fullmatch(between):
            out.append(replaced(cand, rule=f"{cand.rule}+incident.list-join"))
        elif cand.locative:
            out.append(cand)
    return out


def _lists_places(places: Sequence[Candidate], sentence: Sentence, cues: IncidentCues) -> bool:
    """Whether the sentence lists places as places of their own ("targeting Kidal and Gao, Sevare and Mopti"):
    then it tells incidents, even when it opens on a reference to one told before ("The offensive began ...")."""
    located = [c for c in places if c.resolution is not None]
    return any(cues.list_join.fullmatch(sentence.text[a.end - sentence.start:b.start - sentence.start])
               for a, b in zip(located, located[1:], strict=False))


def _origin_country(cand: Candidate) -> bool:
    return cand.origin and cand.resolution is not None and cand.resolution.place.feature_code.startswith("PCL")


def _most_specific(cands: Sequence[Candidate], sentence: Sentence, cues: IncidentCues) -> list[Candidate]:
    """Keep the places where things happened, not the larger places that situate them: "Al Bab in Aleppo",
    "Tsafe, Zamfara state", "Gossi (Gourma-Rharous, Tombouctou)". A later name drops out when the text links
    it to an earlier one as its setting (a comma, "in", "of", a parenthesis: not "and") and it contains that
    place, names its region, or lies in the same region."""
    if len(cands) < 2:
        return list(cands)  # nothing to situate it (most sentences name one place or none)
    out: list[Candidate] = []
    located = [c for c in cands if c.resolution is not None]
    for i, c in enumerate(cands):
        if out and _second_of_between(out[-1], c, sentence, cues):
            continue  # "on the road between Djibo and Dori": one event, near the first
        if c.resolution is not None and any(_situates(c, o, sentence, cues) for o in cands[:i]
                                            if o.resolution is not None):
            continue
        if c.city_part and any(o is not c and not o.city_part for o in located):
            continue
        out.append(c)
    return [c for c in out if c.resolution is None or not any(
        o is not c and o.resolution is not None and _contains(c.resolution.place, o.resolution.place, cues)
        for o in out)]


_PARENTHESES = re.compile(r"\([^()]*\)")


def _second_of_between(first: Candidate, second: Candidate, sentence: Sentence, cues: IncidentCues) -> bool:
    before = sentence.text[:first.start - sentence.start].rstrip().lower()
    gap = sentence.text[first.end - sentence.start:second.start - sentence.start]
    between = _PARENTHESES.sub("", gap).strip().lower()
    # "between Djibo and Dori", "the road from Gao to Ansongo", "the road that connects Iguala to Huitzuco"
    return (before.endswith("between") and between == "and") or (
        before.endswith(cues.road_ends) and between == "to")


def _situates(later: Candidate, earlier: Candidate, sentence: Sentence, cues: IncidentCues) -> bool:
    assert later.resolution is not None and earlier.resolution is not None
    between = sentence.text[earlier.end - sentence.start:later.start - sentence.start]
    if " and " in between or len(between) > 45 or not cues.setting.fullmatch(between):
        return False
    big, small = later.resolution.place, earlier.resolution.place
    if big.country_code != small.country_code:
        return False
    names = {fold(small.admin1 or ""), fold(small.admin2 or "")} - {""}
    return _contains(big, small, cues) or fold(big.name) in names or (
        big.admin1 is not None and big.admin1 == small.admin1 and big.population >= small.population)


def _contains(area: Place, place: Place, cues: IncidentCues) -> bool:
    if area is place or area.feature_class != "A" or area.country_code != place.country_code:
        return False
    if area.feature_code.startswith("PCL"):
        return True
    if area.feature_code == "ADM1":
        return _same_area(place.admin1, area.name, cues) or _same_area(place.admin1, area.admin1, cues)
    return _same_area(place.admin2, area.name, cues)


def _same_area(a: str | None, b: str | None, cues: IncidentCues) -> bool:
    """"Taiz Governorate" and "Taiz" name one area."""
    if not a or not b:
        return False
    return cues.area_words.sub("", fold(a)).strip() == cues.area_words.sub("", fold(b)).strip()


def _country_of(place: Candidate | None) -> tuple[str | None, str | None]:
    if place is not None and place.resolution is not None:
        p = place.resolution.place
        return p.country, p.country_code
    return None, None


def _measured_near(own: Sequence[Candidate], named: Sequence[Candidate]) -> list[Candidate | None]:
    """Each unknown place of `own` measured from a town of `named` ("the village of Qazali west of Tell Abiad"),
    placed near that town (None where the town is not found): the reference says where it is."""
    return [_by_hint(u, [c for c in named if c.text in u.admin_hints], None)
            for u in own if u.unknown and "place.measured-from" in u.rule]


def _by_hint(unknown: Candidate | None, cands: Sequence[Candidate], home: str | None) -> Candidate | None:
    """"the village of Sana (Koro, Mopti)" where the village is unknown (or only a namesake abroad): ACLED codes
    the most local admin unit the note names, near it (geo_precision 2; 3 for a first-level region). The hints
    are read in the note's order, the most local first."""
    for hint in cands:
        if not hint.hint_only or hint.resolution is None or hint.agent:
            continue
        place = hint.resolution.place
        if place.feature_code.startswith("PCL") or (home is not None and place.country_code != home):
            continue  # a country in brackets says no more than the focus does; a hint abroad is a namesake
        precision = 3 if place.feature_code == "ADM1" else 2
        # an unknown name keeps its span and says so (UNKNOWN_NAME): the store keeps it as the location's name
        rule = (f"{unknown.rule}+{UNKNOWN_NAME}+place.admin-hint" if unknown is not None
                else "place.admin-hint")
        if unknown is not None:
            return replace(unknown, precision=precision, rule=rule, resolution=hint.resolution)
        return replace(hint, precision=precision, rule=rule, hint_only=False)
    return None


def _refine(draft: Draft, places: Sequence[Candidate], cues: IncidentCues, rule: str = "incident.took-place") -> None:
    """"It took place in the Lower Shabelle province, on the outskirts of Marka.": a sentence that only says where
    the incident told before happened places it at the most local of its places that lies inside the incident's
    area (a town in the country or the region it was placed at). A town stays: the sentence may tell another."""
    here = draft.place.resolution.place if draft.place is not None and draft.place.resolution is not None else None
    if here is not None and here.feature_class != "A":
        return
    if places and places[0].unknown:
        # "The incident occurred in Mayendit, 680 km northeast of Juba": a place the gazetteer lacks, in the area
        # the incident was placed at; the names after it only situate it
        if here is not None:
            assert draft.place is not None
            unknown = within_area(places[0], [draft.place])
            draft.place = replaced(unknown, rule=f"{unknown.rule}+{rule}")
        return
    inside = [c for c in places if c.resolution is not None and not c.agent and (here is None or (
        c.resolution.place.geonameid != here.geonameid and _contains(here, c.resolution.place, cues)))]
    if not inside:
        return
    best = min(inside, key=lambda c: (precision_of(c), _is_area(c)))
    draft.place = replaced(best, rule=f"{best.rule}+{rule}")
    draft.country, draft.country_code = _country_of(draft.place)


_OBJECT_REACH = 12  # characters between an incident word and its object ("attack on the U.N. ")
# the source of an account, up to the actor (`$` anchored by endpos): "According to the military's media wing, five
# armed assailants ..." names who told it, not who acted
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:[\w'\u2019-]+\s+){0,4}$", re.I)
# grammar: a definite reference back to an incident ("The strike", "That deadly attack"): the determiner, then the
# incident's own word, at most one word between (the two words it may be, as groups)
_DEFINITE_WORDS = re.compile(r"(?:the|this|that)\s+([\w'\u2019-]+)(?:\s+([\w'\u2019-]+))?", re.I)
_OPENING_QUOTES = "\"'\u201c\u2018 "
# a determiner right before an incident word anywhere in the sentence (`$` anchored at the word by endpos); not
# "that", which inside a sentence opens a clause more often ("the day in 1990 that violent protests broke out")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this)\s+(?:[\w'\u2019-]+\s+)?$", re.I)


def _names_incident(text: str, draft: Draft) -> bool:
    """The sentence opens on a definite reference to the incident: its trigger's head noun after "the", "this"
    or "that", at most one word between ("air strike" -> "The strike late on Friday hit ...")."""
    opening = _DEFINITE_WORDS.match(text)
    if opening is None:
        return False
    words = draft.frame.trigger.text.split()
    head = words[-1].lower() if words else ""
    return head.isalpha() and any(w is not None and w.lower() in (head, head + "s") for w in opening.groups())


def _refers_back(sentence: Sentence, triggers: Sequence[TriggerMention], previous: Draft,
                 mentions: Sequence[SentenceMentions], incident: Sequence[DateMention]) -> bool:
    """The sentence opens on a definite reference to the incident told just before ("The attack ...", "This
    ambush ..."): a trigger of this sentence right after the determiner of the same entry as one of the incident's
    own ("attacked" ... "The attack"), and no day of its own more than a day from the incident's."""
    live = [t for t in triggers if t.blocked_by is None]
    if not live:
        return False
    told = {previous.sentence.index, *(s.index for s, _ in previous.more_evidence)}
    kinds = {t.entry.id for i in told for t in mentions[i].triggers if t.blocked_by is None}
    text = sentence.text.lstrip(_OPENING_QUOTES)
    opening = _DEFINITE_WORDS.match(text)
    offset = len(sentence.text) - len(text)
    # the trigger is one of the two words after the determiner
    at = {offset + opening.start(i) for i in (1, 2) if opening.group(i) is not None} if opening else set()
    first = live[0]
    if first.start in at:
        if first.entry.id not in kinds or first.text.lower().endswith("ed"):
            return False  # "The Houthis targeted ...": a verb after the subject, not a noun naming the incident
    elif not all(t.entry.id in kinds and not t.text.lower().endswith("ed")
                 and _DEFINITE_BEFORE.search(sentence.text, 0, t.start) for t in live) \
            or any(m.value is not None and m.value != previous.date.value for m in incident):
        # "a survivor of the attack reported the incident in Biu": every incident word of the sentence is a
        # definite reference to the incident told before, which it tells nothing new of (and no other day)
        return False
    if previous.date.value is None:
        return True
    return all(m.value is None or m.precision != "day" or abs(m.value - previous.date.value) <= timedelta(days=1)
               for m in incident)


def _redate(draft: Draft, sentence: Sentence, incident: Sequence[DateMention], article: Article) -> None:
    """A day the sentence about the incident gives dates an incident its accounts left without one (dated by the
    publication or by a week): "The strike late on Friday hit ...". A later day than the article's is no news."""
    if draft.date.precision == "day":
        return
    for m in incident:
        if m.future or m.value is None or m.precision != "day":
            continue
        if article.published_at is not None and (m.value > article.published_at
                                                 or is_recalled(m.value, m.precision, article.published_at, None)):
            continue
        draft.date = EventDate(m.value, m.precision, f"{m.rule}+incident.about", sentence.start + m.start,
                               sentence.start + m.end, m.text)
        return


def _same_place(sentence: Sentence, drafts: Sequence[Draft], cues: IncidentCues) -> Candidate | None:
    """"Armed men killed 11 military police in the same area last Thursday": the place of the last incident told
    at a place below the country, named here by the words that refer to it."""
    if cues.same_place.position(sentence.text) is None:
        return None
    for d in reversed(drafts):
        where = d.place
        if where is not None and where.resolution is not None and (not where.resolution.place.is_country
                                                                   or UNKNOWN_NAME in where.rule):
            # (its evidence stays the place's own name, where the text names it)
            return replace(where, sentence_index=sentence.index, rule=f"{where.rule}+incident.same-place")
    return None


def _is_area(cand: Candidate) -> bool:
    return cand.resolution is not None and cand.resolution.place.feature_class == "A"


def _actor_homes(actors: Sequence[ActorMention], gazetteer: Gazetteer, lexicons: Lexicons) -> dict[str, str]:
    """The country each generic actor's own cue names first ("Dozo" -> Mali, "Fulani militia" -> Mali, by
    country_cues.csv, most likely first), by lexicon id: the country its ACLED name takes in an unplaced event."""
    cues = lexicons.compiled(country_cues)
    homes: dict[str, str] = {}
    for actor in actors:
        codes = cues.get(f"actor:{actor.entry_id}") if actor.name is None and actor.template else None
        country = gazetteer.country(codes[0]) if codes else None
        if country is not None and country.country:
            homes[actor.entry_id] = country.country
    return homes


def _as_capital(cand: Candidate, text: str, gazetteer: Gazetteer, cues: IncidentCues) -> Candidate:
    """"Burkina Faso's capital", "the capital of Niger": a country named as the owner of its capital is the capital
    (precision 1), where ACLED codes it."""
    place = cand.resolution.place if cand.resolution is not None else None
    if place is None or not place.feature_code.startswith("PCL") or not place.country_code:
        return cand
    # "the capital of Burkina Faso's Sahel region" is a region's capital: the country's name owns something else
    before = cues.capital_before.search(text, max(0, cand.start - 40), cand.start) is not None and not (
        text.startswith(("'s", "\u2019s"), cand.end))
    if not (before or cues.capital_after.match(text, cand.end)):
        return cand
    capital = gazetteer.capital(place.country_code)
    if capital is None:
        return cand
    return replaced(cand, precision=1, rule=f"{cand.rule}+incident.capital",
                    resolution=Resolution(capital, 0.0, "capital", 1))


def _the_capital(sentence: Sentence, home: str | None, gazetteer: Gazetteer, cues: IncidentCues) -> Candidate | None:
    """"protested in the capital": the capital of the story's country, when the sentence names no place; "the
    Malian capital": of the country a demonym (or a country's name) before the noun names, whatever the story's."""
    found = cues.the_capital.search(sentence.text)
    if found is None:
        return None
    owner = found.group("owner")
    if owner is not None:
        country = gazetteer.country(owner)
        code = gazetteer.country_of_demonym(owner) or (country.country_code if country is not None else None)
    else:
        code = home
    capital = gazetteer.capital(code) if code else None
    if capital is None:
        return None
    start = sentence.start + found.start()
    return Candidate(start, sentence.start + found.end(), found.group(), sentence.index, 1, "incident.capital", True,
                     False, resolution=Resolution(capital, 0.0, "capital", 1))


def _country_level(sentence: Sentence, country: Place | None, unknown: Candidate | None = None) -> Candidate | None:
    """No place we can find: ACLED codes the article's focus country at precision 3 (keeping the span of the
    unknown name, if one was given)."""
    if country is None:
        return None
    if unknown is not None:
        return replace(unknown, precision=3, rule=f"{UNKNOWN_NAME}+place.unknown-cue",
                       resolution=Resolution(country, 0.0, "focus-country", 1))
    return Candidate(sentence.start, sentence.start, "", sentence.index, 3, "place.focus-country", False, False,
                     resolution=Resolution(country, 0.0, "focus-country", 1))


def _demonstration_by_tag(mentions: Sequence[SentenceMentions], places: dict[int, list[Candidate]],
                          narrative: Narrative, focus_place: Place | None, lexicons: Lexicons) -> list[Draft]:
    """A note with ACLED's crowd-size tag and no event of its own is a demonstration (see `size_tag`)."""
    for m in mentions:
        trigger = size_tag(m.sentence.text, lexicons)
        if trigger is None:
            continue
        context = " ".join(x.sentence.text for x in mentions if x.sentence.paragraph == m.sentence.paragraph)
        frame = build_frame(context, [replace(trigger, start=0, end=0)], [], [], lexicons)
        if frame is None:
            return []
        located = [c for i in range(m.sentence.index + 1) for c in places.get(i, [])
                   if c.resolution is not None and not c.hint_only and not c.agent]
        # looked for only where no place is found (a generator)
        near = (n for i in range(m.sentence.index + 1) for n in _measured_near(places.get(i, []), places.get(i, []))
                if n is not None)
        place = located[0] if located else next(near, None) or _country_level(m.sentence, focus_place)
        country, code = _country_of(place)
        frame = replace(frame, trigger=trigger, type_rule=f"{frame.type_rule}+acled.size")
        return [Draft(frame, m.sentence, place, narrative.anchor, country, code)]
    return []


def _turns_violent(previous: Draft, sentence: Sentence, frame: Frame, cues: IncidentCues) -> str | None:
    """Whether a riot told right after a protest, in the same paragraph, goes on about the same crowd ("They
    clashed with police", "Some protesters threw stones"): what its type rule gains ('' after "they"), or None."""
    last = previous.more_evidence[-1][0] if previous.more_evidence else previous.sentence
    if not (previous.frame.event_type == "Protests" and frame.event_type == "Riots"
            and last.paragraph == sentence.paragraph and sentence.index - last.index <= 2):
        return None
    crowd = cues.the_crowd.match(sentence.text)
    if crowd is None:
        return None
    if crowd.group("the") is not None:
        return "+incident.crowd"
    return "" if crowd.group("alone") is None else "+incident.crowd-alone"


def _continues(previous: Draft, sentence: Sentence, frame: Frame, cues: IncidentCues, *, dated: bool) -> str | None:
    """A placeless sentence right after an event, in the same paragraph and of a compatible type, tells
    more of the same incident ("The clashes left 20 dead.", "Two protesters were arrested."). A bare toll
    ("A security source said 40 soldiers had been killed.") or more of the same fighting ("The assault began
    at dawn.") continues the last violent incident even in the next paragraph, unless it gives a date of
    its own. Returns the id of the list that decided ('' when none did), or None: it does not continue."""
    last = previous.more_evidence[-1][0] if previous.more_evidence else previous.sentence
    if not dated and sentence.index - last.index <= 4 and previous.frame.event_type in cues.violent_types:
        if frame.trigger.entry.id in cues.toll_triggers:
            return "incident.toll-trigger"
        if frame.event_type == previous.frame.event_type:
            return "incident.violent-type"
    if (last.paragraph == sentence.paragraph and sentence.index - last.index <= 2
            and (frame.event_type in (previous.frame.event_type, "Strategic developments")
                 or frame.trigger.entry.kind == "attack")):
        return ""
    return None


def _attach_orphan_claims(drafts: list[Draft], by_sentence: dict[int, list[ClaimMention]],
                          mentions: Sequence[SentenceMentions], dated: Sequence[tuple[Sentence, Sequence[DateMention]]],
                          published: date | None, lexicons: Lexicons) -> None:
    """A figure in a sentence without an event counts for the event just before it in its paragraph, else for
    the incident told last before it ("The spokesman said that 50 bodies had been found so far." a few
    paragraphs after the lead): a toll no incident word introduces is the last incident's."""
    taken = {id(c) for d in drafts for c in d.claims}
    # drafts come in sentence order: the last one before a sentence is found by bisection (a scan of all the
    # drafts for every sentence made a long article quadratic)
    at = [d.sentence.index for d in drafts]
    in_order = all(a <= b for a, b in zip(at, at[1:], strict=False))
    for index, sentence_claims in by_sentence.items():
        free = [c for c in sentence_claims if id(c) not in taken]
        if not free or any(is_recalled(d.value, d.precision, published, None) for d in dated[index][1]):
            continue  # "The war began on October 7, 2023, which resulted in the deaths of 1,206 people": history
        told_in = mentions[index]
        paragraph = told_in.sentence.paragraph
        if in_order:
            i = bisect.bisect_left(at, index)
            before = drafts[i - 1:i] if i and drafts[i - 1].sentence.paragraph == paragraph else []
            last = drafts[i - 1:i]
            told: Sequence[Draft] = drafts
            end = i
        else:
            told = [d for d in drafts if d.sentence.index < index]
            before = [d for d in told if d.sentence.paragraph == paragraph]
            last = told[-1:]
            end = len(told)
        target = _first_listed(told, (before or last)[-1], end) if before or last else None
        if target is None or tells_another(told_in.sentence.text, [t.start for t in told_in.triggers], lexicons,
                                           target.frame.trigger.text):
            continue  # "No victims were reported from a second overnight strike": not the air strike's figures
        target.claims.extend(free if before else [c for c in free if c.kind == "killed"])


def _merge_same_incident(drafts: list[Draft]) -> list[Draft]:
    """Frames of one incident (same type, place and date) told in several sentences become one event, unless
    the later says it is another ("Another attack in the same area wounded two herders")."""
    merged: list[Draft] = []
    first: dict[tuple[object, ...], Draft] = {}  # the first draft of each key: a look-up, not a scan of all
    for d in drafts:
        key = _incident_key(d)
        twin = first.get(key) if key is not None else None
        if twin is not None and (_listed_apart(twin, d) or d.apart):
            merged.append(d)  # "the villages of Mbingi and Mapasana": one sentence's two places the gazetteer lacks
            continue
        if twin is None:
            merged.append(d)
            if key is not None:
                first[key] = d
            continue
        twin.more_evidence.append((d.sentence, d.frame))
        twin.claims.extend(c for c in d.claims if c not in twin.claims)
        if d.place is not None and UNKNOWN_NAME in d.place.rule and (twin.place is None
                                                                     or UNKNOWN_NAME not in twin.place.rule):
            twin.place = d.place  # coded at the same unit, but named: "in Nigeria ... took place in Kworbaka"
    return merged


def _first_listed(drafts: Sequence[Draft], draft: Draft, end: int | None = None) -> Draft:
    """The first draft of the draft's sentence: of places listed together, the first named, which takes a toll
    the text does not split among them. Looked for backwards from `end` (the drafts before it, in sentence order,
    the draft's among the last): a scan from the start, for every sentence, made a long article quadratic."""
    first = draft
    for position in range((len(drafts) if end is None else end) - 1, -1, -1):
        d = drafts[position]
        if d.sentence.index == draft.sentence.index:
            first = d
        elif d.sentence.index < draft.sentence.index:
            break
    return first


def _listed_apart(a: Draft, b: Draft) -> bool:
    """Two drafts of one sentence at two different places the gazetteer lacks (coded at the same unit)."""
    return (a.sentence.index == b.sentence.index and a.place is not None and b.place is not None
            and UNKNOWN_NAME in a.place.rule and UNKNOWN_NAME in b.place.rule and a.place.text != b.place.text)


def _incident_key(d: Draft) -> tuple[object, ...] | None:
    if d.place is None or d.place.resolution is None:
        return None
    return (d.frame.event_type, d.frame.sub_event_type, d.place.resolution.place.geonameid, d.date.value)


def _records(article: Article, drafts: Sequence[Draft], claims: Sequence[ClaimMention],
             version: str, lexicons: Lexicons, anchor: EventDate) -> tuple[list[Event], list[CasualtyClaim]]:
    ids: list[str] = []
    claim_owner: dict[int, str] = {}
    seen: set[str] = set()
    for d in drafts:
        event_id = event_id_of(article, d, version)
        if event_id in seen:  # never two events under one id: the store would refuse the article
            event_id = short_id(event_id, len(ids))
        seen.add(event_id)
        ids.append(event_id)
        for c in d.claims:
            claim_owner.setdefault(id(c), event_id)
    records = claim_records(article, [(c, claim_owner.get(id(c))) for c in claims], version)
    by_event: dict[str, list[CasualtyClaim]] = {}
    for r in records:
        if r.event_id:
            by_event.setdefault(r.event_id, []).append(r)
    # each event is built once, with its claims: a pydantic record is validated on every construction or copy
    events = [event_record(article, d, event_id, by_event.get(event_id, []),
                           is_recalled(d.date.value, d.date.precision, article.published_at, anchor.value),
                           version, lexicons)
              for d, event_id in zip(drafts, ids, strict=True)]
    return events, records
