"""One incident, one event: the drafts an article's sentences gave, grouped into the incidents they tell.

A news article tells one incident many times: the lead, the official's account, the toll, the claim of
responsibility, each in its own words ("came under attack", "the gun battle", "the blast") and often with a
place of another size (the village, its province, the country). ACLED codes the incident once, at the most
precise place the text gives, with the lowest credible toll over every account. Drafts from different
sentences are one incident when their types are of one family (incidents.toml: incident.same-fight,
incident.same-crowd; incident.aftermath joins a violent incident), their days are at most one apart and their
places agree: the same place, one inside the other, or one with no place below the country. Drafts a single
sentence gave for several places ("in Gao, Ansongo and Menaka") stay apart: the sentence listed them as
places of their own.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from events.extract.assembly.frames import ARMED_INTER, Frame
from events.extract.assembly.records import Draft
from events.extract.assembly.reporting import NotReported
from events.extract.matcher import PhraseList
from events.extract.mentions.places import Candidate, precision_of, within_area
from events.extract.text import Sentence
from events.lexicon import Lexicons
from gazetteer import Place, fold
from schemas import UNKNOWN_NAME

_log = logging.getLogger(__name__)

_LEXICON = "incidents.toml"
# how many sentences after an incident's first account a later one may stand and still join it: comparing each
# draft with every incident before it made a long document quadratic. Articles are far shorter (the evaluation
# corpora's longest has 34 sentences); a document past it has its incidents grouped within the reach only.
INCIDENT_REACH = 100
# the rule id of an incident beside the article's first one that is not told with a day and a place of its own
ASIDE = "report.aside"
# the rule id of an incident told with neither a place below the country nor a day ("their attacks on a number of
# districts", "bandits who kidnapped the schoolboys"): ACLED codes no event it cannot place or date
VAGUE = "report.vague"
# the scorer's and ACLED's tolerance for the day of one incident told by several sources
_SAME_DAY = timedelta(days=1)
# how many sentences after the lead account a fight told beside it may stand and still make it a battle
_EXCHANGE_REACH = 2
# the families whose drafts may tell one incident together: a fight, what was burned or seized in it, and a
# crowd that fought (the lynching is told as a killing too); any other type joins only its own kind
_JOINING = frozenset({"fight", "crowd", "aftermath"})


@dataclass(frozen=True, slots=True)
class IncidentFamilies:
    """incidents.toml's lists that say which drafts may tell one incident."""

    fight: frozenset[str]  # event types
    crowd: frozenset[str]  # event types
    aftermath: frozenset[str]  # sub-event types
    means: frozenset[str]  # event types
    effect: frozenset[str]  # event types
    fought_back: frozenset[str]  # trigger phrases, lower case
    escalation: frozenset[str]  # event types
    exchange: frozenset[str]  # event types
    separate: PhraseList  # incident.separate (an Aho-Corasick pass before the regex: most sentences hold none)
    spread: PhraseList  # incident.spread
    another: re.Pattern[str]  # incident.another, searched up to the draft's incident word
    another_words: str  # incident.another as an alternation, for the pattern of a given head noun
    decisive: frozenset[str]  # sub-event types, incident.decisive-means


def incident_families(lexicons: Lexicons) -> IncidentFamilies:
    """Build with `lexicons.compiled(incident_families)`."""
    return IncidentFamilies(
        fight=frozenset(lexicons.word_list(_LEXICON, "incident.same-fight")),
        crowd=frozenset(lexicons.word_list(_LEXICON, "incident.same-crowd")),
        aftermath=frozenset(lexicons.word_list(_LEXICON, "incident.aftermath")),
        means=frozenset(lexicons.word_list(_LEXICON, "incident.means")),
        effect=frozenset(lexicons.word_list(_LEXICON, "incident.effect")),
        fought_back=frozenset(word.lower() for word in lexicons.word_list(_LEXICON, "incident.fought-back")),
        escalation=frozenset(lexicons.word_list(_LEXICON, "incident.escalation")),
        exchange=frozenset(lexicons.word_list(_LEXICON, "incident.exchange")),
        decisive=frozenset(lexicons.word_list(_LEXICON, "incident.decisive-means")),
        separate=PhraseList.build("incident.separate", lexicons.word_list(_LEXICON, "incident.separate")),
        spread=PhraseList.build("incident.spread", lexicons.word_list(_LEXICON, "incident.spread")),
        another=re.compile(rf"\b{lexicons.word_list(_LEXICON, 'incident.another').alternation()}\s+"
                           rf"(?:[\w'\u2019-]+\s+){{0,2}}$", re.I),
        another_words=lexicons.word_list(_LEXICON, "incident.another").alternation(),
    )


def one_event_per_incident(drafts: Sequence[Draft], lexicons: Lexicons, document: str = "text",
                           lead_paragraph: int | None = None) -> list[Draft]:
    """Group the drafts into incidents (document order) and merge each group into its head draft. `document`
    names the text in the warning logged when the groups' reach cuts. An incident told outside the
    `lead_paragraph` (the first that tells any) with neither a place below the country nor a day is not
    coded (VAGUE): the lead is the article's subject, however vaguely it tells it (an ACLED note is all lead)."""
    families = lexicons.compiled(incident_families)
    per_sentence = Counter(d.sentence.index for d in drafts)
    listed = {id(d) for d in drafts if per_sentence[d.sentence.index] > 1}
    groups: list[list[Draft]] = []
    open_from = 0  # the groups before it began more than INCIDENT_REACH sentences before the draft at hand
    for draft in drafts:
        while (open_from < len(groups)
               and groups[open_from][0].sentence.index < draft.sentence.index - INCIDENT_REACH):
            if open_from == 0:
                _log.warning("%s: more than %d sentences: accounts of one incident are merged only within %d "
                             "sentences of the first", document, INCIDENT_REACH, INCIDENT_REACH)
            open_from += 1
        apart = draft.apart  # "in a separate clash", "a second raid": read once, where the draft was made
        home = None if apart else next((groups[i] for i in range(open_from, len(groups))
                                        if _joins(groups[i], draft, families)), None)
        if home is None:
            groups.append([draft])
        else:
            home.append(draft)
    merged = [replace(d, not_reported=NotReported(VAGUE, 0, 0, ""))
              if d.not_reported is None and d.sentence.paragraph != lead_paragraph and _vague(d) else d
              for d in (_decided(_merged(g, families, listed), families) for g in groups)]
    lead = next((d for d in merged if d.not_reported is None), None)
    lead_day = lead.date.value if lead is not None else None
    return [d if d is lead or d.not_reported is not None or _told_in_full(d, groups[i], lead_day) else
            replace(d, not_reported=NotReported(ASIDE, 0, 0, ""))
            for i, d in enumerate(merged)]


def spreads(text: str, lexicons: Lexicons) -> bool:
    """Whether the sentence says the fighting reached another place ("the clashes spread to the Mopti region")."""
    return lexicons.compiled(incident_families).spread.position(text) is not None


def tells_another(text: str, trigger_starts: Sequence[int], lexicons: Lexicons, told_as: str | None = None) -> bool:
    """Whether the sentence says that the incident its words at `trigger_starts` tell is another than the one
    before: "in a separate clash", "in another incident", "a second air strike". `told_as`, the word the one
    before was told by ("air strike"), finds its head noun after such a determiner where the sentence has no
    incident word of its own: "No victims were reported from a second overnight strike" (a bare "strike" may be a
    workers' strike, and is no incident word)."""
    families = lexicons.compiled(incident_families)
    # endpos: `$` anchors at the incident word
    if families.separate.position(text) is not None or families.spread.position(text) is not None \
            or any(families.another.search(text, 0, start) is not None for start in trigger_starts):
        return True
    head = told_as.split()[-1].lower() if told_as and told_as.split() else ""
    if not head:
        return False
    head = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    # re's own cache keeps the few heads' patterns compiled
    return re.search(rf"\b{families.another_words}\s+(?:[\w'\u2019-]+\s+){{0,2}}?{re.escape(head)}s?\b", text,
                     re.I) is not None


def _vague(draft: Draft) -> bool:
    """No place below the country and no date but the publication's: what the text tells cannot be coded."""
    place = _place(draft)
    return (place is None or _is_country(place)) and draft.date.rule == "date.publication"


def _own_date(draft: Draft) -> bool:
    """Whether the draft's date is stated in its own sentence (not carried from another, not the publication's)."""
    return draft.date.start is not None and draft.sentence.start <= draft.date.start < draft.sentence.end


def _told_in_full(draft: Draft, group: list[Draft], lead_day: date | None) -> bool:
    """Whether an incident beside the article's first one is told as an incident: in one of its sentences, a
    place below the country that the sentence names, and either a date the sentence states (not carried from
    another, not the publication's), a verb in the simple past ("also flared in the capital", "were killed"),
    or the lead's own day with a verb that is not a perfect, a present or a modal (the places the lead's
    offensive targeted that day: one event each). ACLED codes an incident mentioned beside the news only then;
    "the army fought the group", "attacks on two districts", "militias have ambushed convoys", "Russia is
    using artillery" are context."""
    for d in group:
        place = d.place
        if place is None or place.resolution is None or place.sentence_index != d.sentence.index:
            continue
        if _is_country(place.resolution.place) and UNKNOWN_NAME not in place.rule:
            continue  # (a village the gazetteer lacks, coded at its country, is still a place below it)
        if _own_date(d) or _simple_past(d):
            return True
        if lead_day is not None and d.date.value == lead_day and d.date.rule != "date.publication" and _told(d):
            return True
    return False


# Grammar, not vocabulary: what makes a verb a simple past or a passive past, and what makes it anything else
_PAST = re.compile(r"\b(?:was|were)\b|\b[a-z]+ed\b")
_NOT_SIMPLE_PAST = re.compile(r"\b(?:has|have|had|is|are|will|would|could|may|might|can|to|be|been|being)\s+"
                              r"(?:\w+\s+){0,2}$", re.I)
_AFTER_TRIGGER = 30  # characters after a noun trigger where its verb stands ("clashes also erupted")
_AGENT_NOUN_ENDINGS = ("ers", "ors")  # "protesters", "demonstrators", "rioters": people, not a verb's form


def _simple_past(draft: Draft) -> bool:
    """Whether the trigger is told in the simple past: a past form at it or just after it ("attacked", "were
    killed", "protests also flared"), with no perfect, present, future or modal before it."""
    trigger = draft.frame.trigger
    if not _told(draft):
        return False
    return _PAST.search(draft.sentence.text[trigger.start:trigger.end + _AFTER_TRIGGER].lower()) is not None


def _told(draft: Draft) -> bool:
    """Not told in a perfect, a present, a future or a modal ("is using artillery", "could attack"): such an
    account describes, it does not type the incident."""
    return _told_in(draft.sentence, draft.frame)


def _told_in(sentence: Sentence, frame: Frame) -> bool:
    """`_told` for a frame of a sentence merged into a draft (Draft.more_evidence). A crowd named by its agent
    noun ("protesters", "demonstrators") has its tense in its own verb: "referring to protesters" is no
    infinitive."""
    if frame.trigger.text.lower().endswith(_AGENT_NOUN_ENDINGS):
        return True
    return _NOT_SIMPLE_PAST.search(sentence.text, max(0, frame.trigger.start - 30), frame.trigger.start) is None


def _family(draft: Draft, families: IncidentFamilies) -> tuple[str, str]:
    """(family, why): the list that put the draft's type in its family, or its own type."""
    frame = draft.frame
    if frame.event_type in families.fight:
        return "fight", "incident.same-fight"
    if frame.event_type in families.crowd:
        return "crowd", "incident.same-crowd"
    if frame.sub_event_type in families.aftermath:
        return "aftermath", "incident.aftermath"
    return frame.sub_event_type, ""


def _joins(group: list[Draft], draft: Draft, families: IncidentFamilies) -> bool:
    if draft.not_reported is not None or group[0].not_reported is not None:
        return False  # a running total or an earlier incident is no account of the news
    if any(d.sentence.index == draft.sentence.index for d in group):
        return False  # one sentence's places were listed as places of their own
    head = group[0]
    kinds = {_family(d, families)[0] for d in group}
    kind = _family(draft, families)[0]
    if kind not in kinds and not (kind in _JOINING and kinds <= _JOINING):
        return False
    days_apart = (abs(head.date.value - draft.date.value) if head.date.value is not None
                  and draft.date.value is not None else None)
    if days_apart is not None and days_apart > _SAME_DAY:
        return False
    # two accounts that each state their own, different day tell two incidents ("On Friday ... On Saturday")
    if days_apart and _own_date(draft) and any(_own_date(d) for d in group):
        return False
    return all(_places_agree(d, draft) for d in group)


def _place(draft: Draft) -> Place | None:
    if draft.place is None or draft.place.resolution is None:
        return None
    return draft.place.resolution.place


def _places_agree(a: Draft, b: Draft) -> bool:
    """Same place, one inside the other, or one without a place below the country (of the same country)."""
    pa, pb = _place(a), _place(b)
    if pa is None or pb is None:
        return True
    if pa.country_code != pb.country_code:
        return False
    if pa.geonameid == pb.geonameid or _is_country(pa) or _is_country(pb):
        return True
    if _names_area_of(pa, pb) or _names_area_of(pb, pa):
        return True  # "in Kasese" ... "in Mpondwe": Kasese, a town, is also the district Mpondwe lies in
    # a province and a town of it: one incident told at two sizes. Two towns are two incidents, and so are a town
    # and a district it is not in (of one region: "La Castellana" and "Iloilo province")
    area, town = (pa, pb) if pa.feature_class == "A" else (pb, pa)
    if area.feature_class != "A" or area.admin1 is None or area.admin1 != town.admin1:
        return False
    return area.feature_code == "ADM1" or area.admin2 is None or area.admin2 == town.admin2


def _names_area_of(town: Place, other: Place) -> bool:
    """A town whose name is also the name of the district (or region) the other town lies in: the text may mean
    the area ("a school in Kasese" for a school in Mpondwe, Kasese district)."""
    if town.feature_class != "P" or other.feature_class != "P" or town.geonameid == other.geonameid:
        return False
    name = fold(town.name)
    return (other.admin2 is not None and fold(other.admin2) == name and town.admin1 == other.admin1) or (
        other.admin1 is not None and fold(other.admin1) == name)


def _is_country(place: Place) -> bool:
    return place.feature_class == "A" and place.feature_code.startswith("PCL")


# what a place is, from the most specific: at one geo_precision, a district's seat is more precise than its
# region's and a region's than the country's ("Soum province" outranks "Burkina Faso", both precision 3)
_SIZE = {"P": 0, "ADM3": 1, "ADM2": 2, "ADM1": 3}


def _specificity(draft: Draft) -> tuple[int, int]:
    """(geo_precision, size) of a placed draft's place: the smaller, the more precise."""
    assert draft.place is not None and draft.place.resolution is not None
    place = draft.place.resolution.place
    size = _SIZE.get(place.feature_class, _SIZE.get(place.feature_code, 4 if _is_country(place) else 3))
    return precision_of(draft.place), size


def _named_within(group: list[Draft], where: Draft) -> Candidate | None:
    """The incident's place: `where`'s, unless that is an area (a country included) and another account names a
    place the gazetteer lacks, coded at that area or at one holding it ("Badghis province" ... "near Qala-i-Now",
    coded at Afghanistan): that place, coded within the area, under its own name."""
    area = _place(where)
    if area is None or area.feature_class != "A":
        return where.place
    for d in group:
        cand = d.place
        if cand is None or cand.resolution is None or UNKNOWN_NAME not in cand.rule:
            continue
        coarse = cand.resolution.place
        if coarse.country_code == area.country_code and (
                _is_country(coarse) or coarse.geonameid == area.geonameid
                or (coarse.feature_code == "ADM1" and coarse.admin1 == area.admin1)):
            assert where.place is not None
            return within_area(cand, [where.place])
    return where.place


def _decided(draft: Draft, families: IncidentFamilies) -> Draft:
    """"The attack started with a suicide car bombing": a complex attack opened by a suicide bomb is that bombing
    (incident.decisive-means), whichever account told the rest; the roles stay the head account's."""
    if draft.frame.sub_event_type in families.decisive:
        return draft
    for sentence, frame in draft.more_evidence:
        if frame.sub_event_type in families.decisive and _told_in(sentence, frame):
            # the event keeps its sentence: the trigger's offsets are moved to count from it
            shift = sentence.start - draft.sentence.start
            trigger = replace(frame.trigger, start=frame.trigger.start + shift, end=frame.trigger.end + shift)
            typed = replace(draft.frame, trigger=trigger, event_type=frame.event_type,
                            sub_event_type=frame.sub_event_type,
                            type_rule=f"{frame.type_rule}+incident.decisive-means")
            return replace(draft, frame=typed)
    return draft


def _merged(group: list[Draft], families: IncidentFamilies, listed: set[int]) -> Draft:
    if len(group) == 1:
        return group[0]
    # The type and actors come from the first account that tells this incident alone: a sentence that lists
    # several places ("attacks targeting A, B and C") sums up, a sentence about one place tells its incident.
    head = next((d for d in group if id(d) not in listed), group[0])
    # an account in which the target fought back makes the incident a battle, however the lead told it
    head = next((d for d in group if d.frame.trigger.text.lower() in families.fought_back and _told(d)), head)
    # a fight told beside the attack, in the next sentences of its paragraph ("Militants fired grenades at the
    # post. The soldiers fired back."), makes it a battle as ACLED codes an exchange of fire
    if head.frame.event_type not in families.exchange:
        head = next((d for d in group if d.frame.event_type in families.exchange and _told(d) and id(d) not in listed
                     and d.sentence.paragraph == head.sentence.paragraph
                     and abs(d.sentence.index - head.sentence.index) <= _EXCHANGE_REACH), head)
    # an account of the effect alone ("nine were killed") gives way to one naming the weapon (ACLED types by
    # the weapon); a fight told as a fight stays one (ACLED codes an exchange of fire with shelling a clash)
    if head.frame.event_type in families.effect:
        head = next((d for d in group if d.frame.event_type in families.means and _told(d)), head)
    # a crowd that turned violent is coded as the riot it became
    if head.frame.event_type in families.crowd:
        head = next((d for d in group if d.frame.event_type in families.escalation and _told(d)), head)
    # the most precise place any account gives (the first of them), else the first place
    placed = [d for d in group if d.place is not None and d.place.resolution is not None]
    # a town named for the area another account's town lies in stands for that area, not for itself
    towns = {id(d): here for d in placed if (here := _place(d)) is not None}  # every placed draft has one
    placed = [d for d in placed if not any(_names_area_of(towns[id(d)], p) for p in towns.values())] or placed
    where = min(placed, key=_specificity) if placed else head
    place = _named_within(group, where)
    # an account's own date outranks the publication's and a carried one
    when = next((d for d in group if _own_date(d)), head)
    # who any account names as the perpetrator, a named group before a generic one ("suspected rebels" ... "the
    # army blamed the ADF")
    named = [d.perpetrator for d in group if d.perpetrator is not None]
    culprit = next((p for p in named if p[1].template is None), named[0] if named else None)
    if (culprit is None or culprit[1].template is not None) and all(a.template is not None for a in head.frame.actor1):
        # the lead says "gunmen" or nobody; another account names the group that did it ("a band of ADF rebels
        # launched the attack"): that group is the perpetrator
        culprit = next(((d.sentence.start, a) for d in group if d is not head
                        and d.frame.event_type == head.frame.event_type for a in d.frame.actor1[:1]
                        if a.template is None and a.inter in ARMED_INTER), culprit)
    merged = Draft(head.frame, head.sentence, place, when.date, where.country, where.country_code,
                   perpetrator=culprit,
                   actor_homes={k: v for d in reversed(group) for k, v in d.actor_homes.items()})
    for d in group:
        merged.claims.extend(c for c in d.claims if c not in merged.claims)
        if d is not head:
            why = _family(d, families)[1]
            # the evidence line names the list that made it an account of this incident
            frame = replace(d.frame, type_rule=f"{d.frame.type_rule}+{why}") if why else d.frame
            merged.more_evidence.append((d.sentence, frame))
        merged.more_evidence.extend(d.more_evidence)
    return merged
