"""Drafts and claim mentions into the schema's records, with deterministic ids and full evidence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pydantic import TypeAdapter

from events.errors import LexiconError
from events.extract.assembly.dating import EventDate, uncertain_day
from events.extract.assembly.frames import ALTERNATIVE, Frame
from events.extract.assembly.reporting import NotReported
from events.extract.claims.casualties import PART, ClaimMention
from events.extract.claims.victims import VictimGroups, group_named, victim_groups
from events.extract.mentions.actors import ActorMention
from events.extract.mentions.control import area_at, control_areas
from events.extract.mentions.places import Candidate, precision_of
from events.extract.text import Sentence
from events.lexicon import Lexicons
from gazetteer import Place as GazetteerPlace
from gazetteer import Resolution
from schemas import Actor, Article, CasualtyClaim, Event, Evidence, Place, PlaceMention


@dataclass
class Draft:
    """An event being assembled: one frame at one place, plus the sentences merged into it."""

    frame: Frame
    sentence: Sentence
    place: Candidate | None
    date: EventDate
    country: str | None
    country_code: str | None
    claims: list[ClaimMention] = field(default_factory=list)
    more_evidence: list[tuple[Sentence, Frame]] = field(default_factory=list)
    # who claimed it or is said to have planted it, here or in the next sentences: (sentence start, mention)
    perpetrator: tuple[int, ActorMention] | None = None
    # its sentence reports no incident of the article (a running total, a habit, an earlier incident): why
    not_reported: NotReported | None = None
    # an unplaced event's generic actors by lexicon id -> the country their own cue names first (country_cues.csv):
    # an ACLED actor name has a country even where the event has none ("Dozo Communal Militia (Mali)")
    actor_homes: Mapping[str, str] = field(default_factory=dict)
    # its sentence says it is another incident than the one before ("in a separate clash", "a second raid")
    apart: bool = False


def short_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def event_id_of(article: Article, d: Draft, version: str) -> str:
    """Deterministic: the same article, sentence, trigger, place and extractor version give the same id."""
    place_key = d.place.resolution.place.geonameid if d.place and d.place.resolution else "-"
    return short_id(article.article_id, d.sentence.index, d.frame.trigger.start, place_key, version)


def event_record(article: Article, d: Draft, event_id: str, claims: list[CasualtyClaim], background: bool,
                 version: str, lexicons: Lexicons) -> Event:
    s, frame = d.sentence, d.frame
    fatalities, low, high, toll = fatalities_of(d.claims, s, lexicons)
    event_type, sub_event_type, type_rule = frame.event_type, frame.sub_event_type, frame.type_rule
    if sub_event_type == "Abduction/forced disappearance" and fatalities > 0:
        # ACLED: an abduction in which the victim is killed is coded as an attack
        event_type, sub_event_type = "Violence against civilians", "Attack"
        type_rule = f"{type_rule}+abductee.killed"
    trigger, start = frame.trigger, s.start + frame.trigger.start
    # The evidence goes in as field values, validated into the same Evidence records with the event, in one pass:
    # each record built on its own went through pydantic's __init__, which cost as much again as validating it (a
    # tenth of building an event's records; tests/test_records.py compares the two ways).
    # the rule that typed the event chose its sub-event type too
    evidence: list[Evidence | dict[str, object]] = [
        {"field": field, "start": start, "end": s.start + trigger.end, "text": trigger.text, "rule": type_rule}
        for field in ("event_type", "sub_event_type")]
    for other, other_frame in d.more_evidence:
        t = other_frame.trigger
        evidence.append({"field": "event_type", "start": other.start + t.start, "end": other.start + t.end,
                         "text": t.text, "rule": other_frame.type_rule})
    # a day counted from a publication date that is the file's modification time is known to the week only
    uncertain = uncertain_day(d.date, article, lexicons)
    mtime = ":mtime" if uncertain else ""
    if d.date.start is not None and d.date.end is not None:
        carried = d.date.start < s.start or d.date.start >= s.end
        evidence.append({"field": "event_date", "start": d.date.start, "end": d.date.end, "text": d.date.text,
                         "rule": d.date.rule + (":carried" if carried else "") + mtime})
    else:  # the publication's date (date.publication) or none (date.unknown): no span, still a rule
        evidence.append({"field": "event_date", "start": s.start, "end": s.start, "text": "",
                         "rule": d.date.rule + mtime})
    places = _places(d)
    for p in places:
        evidence.append({"field": "location", "start": p.start, "end": p.end, "text": p.text, "rule": p.rule})
    if not places:  # nothing located the event, not even the article's country
        evidence.append({"field": "location", "start": s.start, "end": s.start, "text": "", "rule": "place.none"})
    actors = _actors(d, lexicons)
    for a in actors:
        if a.end > a.start:
            evidence.append({"field": a.role, "start": a.start, "end": a.end, "text": a.text, "rule": a.rule})
    if not any(a.role == "actor1" for a in actors):  # none named, and ACLED's defaults have none for this type
        evidence.append({"field": "actor1", "start": s.start, "end": s.start, "text": "", "rule": "actor.none"})
    for c in d.claims:
        evidence.append({"field": f"claim.{c.kind}", "start": c.start, "end": c.end, "text": c.evidence,
                         "rule": c.rule})
    evidence.append(toll)
    if d.not_reported is not None:  # kept as evidence, flagged out of the news
        why = d.not_reported
        evidence.append({"field": "background", "start": s.start + why.start, "end": s.start + why.end,
                         "text": why.text, "rule": why.rule})
        background = True
    return Event.model_validate({
        "event_id": event_id, "article_id": article.article_id, "event_date": d.date.value,
        "date_precision": "week" if uncertain else d.date.precision,
        "event_type": event_type, "sub_event_type": sub_event_type, "places": places, "actors": actors,
        "fatalities": fatalities, "fatalities_low": low, "fatalities_high": high, "sentence": s.text,
        "sentence_index": s.index, "sentence_start": s.start, "sentence_end": s.end, "evidence": evidence,
        "background": background, "claims": claims, "extractor_version": version,
    })


def _places(d: Draft) -> list[PlaceMention]:
    cand = d.place
    if cand is None or cand.resolution is None:
        return []
    res = cand.resolution
    return [PlaceMention(text=cand.text, start=cand.start, end=cand.end, place=_place_record(res.place),
                         geo_precision=precision_of(cand), rule=f"{cand.rule}:{res.reason}{_scored(res)}")]


def _scored(res: Resolution) -> str:
    """The resolver's score of the place by feature, as `events explain` shows it: " [focus-country=2,
    population=1.21]" (the weights are gazetteer/data/resolver_weights.toml)."""
    if not res.components:
        return ""
    return " [" + ", ".join([f"{name}={value:g}" for name, value in res.components]) + "]"


# Both sides are frozen: one record per gazetteer place serves every event set there (a town is named in many
# articles), and building it is most of what a place mention costs.
@lru_cache(maxsize=4096)
def _place_record(g: GazetteerPlace) -> Place:
    return Place(geonameid=g.geonameid, name=g.name, country=g.country, country_code=g.country_code,
                 admin1=g.admin1, admin2=g.admin2, latitude=g.latitude, longitude=g.longitude,
                 feature_class=g.feature_class, feature_code=g.feature_code, population=g.population)


def _actors(d: Draft, lexicons: Lexicons) -> list[Actor]:
    """ACLED's roles: the perpetrator (or first side) as actor1, the target as actor2. Protests and riots
    are coded with the crowd as actor1 (a named organiser becomes the associated actor); civilians are never
    the perpetrator of violence against civilians, so a civilian in the subject slot is the victim."""
    s, frame = d.sentence, d.frame
    # each mention with its sentence's offset and the role rule to add to its own (Frame.role_rule, ...)
    roles: dict[str, list[tuple[int, ActorMention, str]]] = {
        "actor1": [(s.start, m, frame.role_rule) for m in frame.actor1], "assoc_actor_1": [],
        "actor2": [(s.start, m, frame.role_rule) for m in frame.actor2]}
    crowd = lexicons.compiled(_crowd_types).get(frame.event_type)
    if crowd is not None:
        # "Police fired tear gas at protesters": the force that met the crowd is its actor2 (ACLED's protest with
        # intervention, a violent demonstration), the crowd it met actor1
        met = frame.sub_event_type in lexicons.word_list("frames.toml", INTERVENED)
        forces = [(o, m, _joined(rule, INTERVENED)) for o, m, rule in roles["actor1"] if met and m.inter == _STATE]
        roles["assoc_actor_1"] = [(o, m, _joined(rule, "role.crowd")) for o, m, rule in roles["actor1"]
                                  if m.inter not in (crowd, 7) and not (met and m.inter == _STATE)]
        met_crowd = [(o, m, rule) for o, m, rule in roles["actor2"] if forces and m.inter == crowd]
        roles["actor1"] = [(o, m, rule) for o, m, rule in roles["actor1"] if m.inter == crowd] + met_crowd
        roles["actor2"] = [x for x in roles["actor2"] if x not in met_crowd] + forces
    else:
        # "an Israeli air strike", "a Houthi missile", "Russian shelling": the actor named as the trigger's
        # modifier did it (a state's air strike is the state's)
        modifier = [(o, m, r) for o, m, r in roles["actor2"] if 0 <= frame.trigger.start - m.end <= 1]
        if modifier and all(m.inter == 7 for _, m, _ in roles["actor1"]):
            roles["actor2"] = [x for x in roles["actor2"] if x not in modifier] + roles["actor1"]
            roles["actor1"] = [(o, m, _joined(r, "role.trigger_modifier")) for o, m, r in modifier]
        victim_types = lexicons.word_list("frames.toml", "role.civilian_victim")
        if frame.event_type in victim_types and roles["actor1"] and roles["actor1"][0][1].inter == 7:
            offset, victim, rule = roles["actor1"].pop(0)
            roles["actor2"] = roles["actor2"] or [(offset, victim, _joined(rule, "role.civilian_victim"))]
        if d.perpetrator is not None and not any(m.entry_id == d.perpetrator[1].entry_id
                                                 for _, m, _ in roles["actor1"]):
            # a claim of responsibility names the perpetrator; the subject was the target ("an army truck hit
            # an IED ... JNIM claimed the attack")
            roles["actor2"] = roles["actor2"] or [(o, m, _joined(rule, "role.claimed_target"))
                                                  for o, m, rule in roles["actor1"]]
            roles["actor1"] = [(*d.perpetrator, "role.perpetrator")]
        first = {m.entry_id for _, m, _ in roles["actor1"]}
        # nobody attacks itself
        roles["actor2"] = [(o, m, rule) for o, m, rule in roles["actor2"] if m.entry_id not in first]
    out: list[Actor] = []
    facing = None if any(roles.values()) else _front_sides(d, lexicons)
    for role, mentions in roles.items():
        actors = [_actor(role, m, offset, d.country or d.actor_homes.get(m.entry_id), d.date.value, lexicons, rule)
                  for offset, m, rule in mentions]
        out.extend(_either(actors, s.text, s.start, lexicons) if role == "actor1" else actors)
        if not mentions and facing is not None and role in facing:
            out.append(facing[role])
        elif not mentions and role != "assoc_actor_1":
            default = _default_actor(frame.event_type, frame.sub_event_type, role, d.country, lexicons)
            if default is not None:
                rule, name, inter = default
                out.append(Actor(name=name, role=role,  # type: ignore[arg-type]
                                 inter=inter, country=d.country, text="", start=s.start, end=s.start, rule=rule))
    return out


def _front_sides(d: Draft, lexicons: Lexicons) -> dict[str, Actor] | None:
    """Unattributed fire observed at a town on a static front: the side facing the town fired
    (events/lexicons/control_areas.toml). Regions and countries are too coarse to tell the sides apart."""
    cand = d.place
    if cand is None or cand.resolution is None or precision_of(cand) > 2:
        return None
    place = cand.resolution.place
    if place.is_country or place.is_region:
        return None
    area = area_at(place.longitude, place.latitude, place.country_code, d.date.value, d.frame.event_type,
                   lexicons.compiled(control_areas))
    if area is None:
        return None
    return {role: Actor(name=name, role=role, inter=inter, country=place.country,  # type: ignore[arg-type]
                        text="", start=d.sentence.start, end=d.sentence.start, rule=f"{area.id}:{side}")
            for role, name, inter, side in (("actor1", area.opponent, area.opponent_inter, "opponent"),
                                            ("actor2", area.controller, area.controller_inter, "controller"))}


def _either(actors: list[Actor], text: str, offset: int, lexicons: Lexicons) -> list[Actor]:
    """"JNIM or ISGS militants": one actor1, named as ACLED does when the perpetrator is one of two, in the
    order of the text ("JNIM: ... and/or Islamic State ..."), or in the order of a pair ACLED names itself
    (an actor of actors.csv called "X and/or Y")."""
    if len(actors) < 2:
        return actors
    first, second = actors[0], actors[1]
    if first.name == second.name or not ALTERNATIVE.fullmatch(text, first.end - offset, second.start - offset):
        return actors
    name = f"{first.name} and/or {second.name}"
    if f"{second.name} and/or {first.name}" in lexicons.compiled(_named_pairs):
        name = f"{second.name} and/or {first.name}"
    either = first.model_copy(update={
        "name": name, "text": text[first.start - offset:second.end - offset],
        "end": second.end, "rule": f"{first.rule}|{second.rule}:either",
        "suspected": first.suspected or second.suspected})
    return [either, *actors[2:]]


INTERVENED = "role.intervened"
_STATE = 1  # ACLED's inter code of state forces


def _crowd_types(lexicons: Lexicons) -> dict[str, int]:
    """The inter code of the crowd ACLED codes as actor1, by event type (frames.toml, role.crowd): protesters of
    a protest, rioters of a riot."""
    table = lexicons.toml("frames.toml").get("crowd_actor", {})
    inter = table.get("inter")
    if table.get("id") != "role.crowd" or not isinstance(inter, dict) or not inter or not all(
            isinstance(code, int) and not isinstance(code, bool) for code in inter.values()):
        raise LexiconError("lexicon frames.toml: [crowd_actor] needs id = \"role.crowd\" and inter, a table of "
                           "event types and inter codes")
    return {str(event_type): code for event_type, code in inter.items()}


def _joined(*rules: str) -> str:
    return "+".join([rule for rule in rules if rule])  # a list: join() makes one of a generator anyway


def _actor(role: str, m: ActorMention, offset: int, country: str | None, when: date | None,
           lexicons: Lexicons, role_rule: str = "") -> Actor:
    """The record of a mention: its name on the event's date and where it happened, its rule (the lexicon
    entry's, what renamed it, and `role_rule`: how its role was told, when not simply the subject's or
    object's)."""
    name, renamed = theatre_name(*era_name(m.resolve(country, lexicons), m.entry_id, when, lexicons), country, when,
                                 lexicons)
    # the entry and the cues that shaped the mention (m.rule), what renamed it (":era<...", ":theatre=..."),
    # and how its role was told
    rule = _joined(m.rule + renamed[len(m.entry_id):], role_rule)
    return Actor(name=name, role=role, inter=m.inter,  # type: ignore[arg-type]
                 country=m.country or country, text=m.text, start=offset + m.start, end=offset + m.end,
                 rule=rule, suspected=m.suspected, claimed=m.claimed)


def era_name(name: str, rule: str, when: date | None, lexicons: Lexicons) -> tuple[str, str]:
    """The actor's name on the event's date (ACLED renames actors over time: events/lexicons/actor_eras.csv),
    and the rule that gave it."""
    table = lexicons.compiled(_eras)
    eras = table.get(rule) or table.get(name)  # a lexicon entry's own eras first, then its name's
    if not eras or when is None:
        return name, rule
    for until, era in eras:
        if when < until:
            return era, f"{rule}:era<{until.isoformat()}"
    return name, rule


def theatre_name(name: str, rule: str, country: str | None, when: date | None, lexicons: Lexicons) -> tuple[str, str]:
    """The name ACLED gives national forces fighting in a foreign theatre (events/lexicons/actor_theatres.csv):
    Saudi forces in Yemen are Operation Restoring Hope."""
    found = lexicons.compiled(_theatres).get((name, country or ""))
    if found is None or when is None or when < found[0]:
        return name, rule
    return found[1], f"{rule}:theatre={country}"


def _theatres(lexicons: Lexicons) -> dict[tuple[str, str], tuple[date, str]]:
    """actor_theatres.csv by (current name, country)."""
    return {(r["current"], r["country"]): (date.fromisoformat(r["from"]), r["name"])
            for r in lexicons.csv("actor_theatres.csv")}


def _named_pairs(lexicons: Lexicons) -> frozenset[str]:
    """The "X and/or Y" actors ACLED names itself (actors.csv)."""
    return frozenset(r["name"] for r in lexicons.csv("actors.csv") if " and/or " in r["name"])


def _eras(lexicons: Lexicons) -> dict[str, list[tuple[date, str]]]:
    """actor_eras.csv: each actor's earlier names, by the date they ended."""
    table: dict[str, list[tuple[date, str]]] = {}
    for r in lexicons.csv("actor_eras.csv"):
        table.setdefault(r["current"], []).append((date.fromisoformat(r["until"]), r["name"]))
    return {key: sorted(rows) for key, rows in table.items()}


def _defaults(lexicons: Lexicons) -> dict[tuple[str, str, str], tuple[str, str, int, dict[str, str]]]:
    """default_actors.csv by (event type, sub-event type, role)."""
    table = {}
    for r in lexicons.csv("default_actors.csv"):
        overrides = dict(pair.split("=", 1) for pair in r["overrides"].split("|") if pair)
        table[(r["event_type"], r["sub_event_type"], r["role"])] = (r["id"], r["template"], int(r["inter"]), overrides)
    return table


def _default_actor(event_type: str, sub_type: str, role: str, country: str | None,
                   lexicons: Lexicons) -> tuple[str, str, int] | None:
    table = lexicons.compiled(_defaults)
    found = table.get((event_type, sub_type, role)) or table.get((event_type, "*", role))
    if found is None or country is None:
        return None
    rule, template, inter, overrides = found
    if country in overrides:
        return f"{rule}:{country}", overrides[country].format(country=country), inter
    return rule, template.format(country=country), inter


def fatalities_of(claims: Sequence[ClaimMention], sentence: Sentence,
                  lexicons: Lexicons) -> tuple[int, int | None, int | None, Evidence]:
    """ACLED's conservative count over competing accounts of one incident, with its evidence.

    A claimant's total (a figure naming no victim group) is its account; the figures of different groups add up
    ("killing two soldiers and three civilians" is 5), across claimants too, a group's lowest figure counting
    (see `_conservative`). Accounts compete: the lowest wins. Hedged figures count only when nothing firmer is
    reported, vague ones ("several") only when no figure states a number. Low/high span every killed
    claim, like UCDP's low and high estimates. The evidence names the rule and the first figure of the
    account taken: fatalities.conservative, fatalities.hedged_only (no firmer figure), or fatalities.none (no
    toll reported: 0, as ACLED codes an event without a reported death)."""
    killed = [c for c in claims if c.kind == "killed"]
    # a part of a group counted before ("20 of them") is no account of the whole toll when a whole is given
    killed = [c for c in killed if not _is_part(c)] or killed
    if not killed:
        none = Evidence(field="fatalities", start=sentence.start, end=sentence.start, text="", rule="fatalities.none")
        return 0, None, None, none
    firm = [c for c in killed if not c.hedged]
    # a vague figure ("several", "dozens") is a floor, not an account: it counts when no figure states a number
    stated = [c for c in (firm or killed) if c.qualifier != "vague"]
    groups = lexicons.compiled(victim_groups)
    fatalities, counted = _conservative(stated or firm or killed, lambda name: _side(name, groups))
    lows = [c.count_low for c in killed if c.count_low is not None]
    # UCDP's high estimate: the highest figure any claim states (an open-ended claim states its lower bound)
    highs = [h for h in (c.count_high if c.count_high is not None else c.count_low for c in killed) if h is not None]
    evidence = Evidence(field="fatalities", start=counted.start, end=counted.end, text=counted.evidence,
                        rule="fatalities.conservative" if firm else "fatalities.hedged_only")
    return fatalities, (min(lows) if lows else None), (max(highs) if highs else None), evidence


def _is_part(claim: ClaimMention) -> bool:
    return claim.rule.endswith("+" + PART)


_CIVILIANS = "civilian"  # the side of a victim group that fights on no side (claims.toml [[victim]] side)


def _side(victim: str, groups: VictimGroups) -> str:
    group = group_named(victim, groups)
    return group.side if group is not None else _CIVILIANS


def _conservative(killed: Sequence[ClaimMention], side_of: Callable[[str], str]) -> tuple[int, ClaimMention]:
    """The toll ACLED codes, with the figure it rests on. A claimant that gives a total (a figure naming no victim
    group), the dead of more than one side ("killed 37 militants and lost four soldiers": 41) or the civilians'
    ("more than 60 Christians", a group claimed) gives an account of the whole incident. The claimants that each
    name one armed side's dead are read side by side: the two sides add up ("nine police", an official said;
    "seven insurgents", the governor's spokesman said: 16, all sides together), two figures for one side compete
    (the army's five soldiers against the rebels' thirty: five). Accounts compete: the lowest wins (the army's
    41 against the rebels' "15 soldiers": 15; "seven people" and "seven civilians": seven)."""
    totals: dict[str | None, tuple[int, ClaimMention]] = {}
    by_claimant: dict[str | None, dict[str, tuple[int, ClaimMention]]] = {}
    for c in killed:
        value = c.coded if c.coded is not None else (c.count_low or 0)
        if c.victim is None:
            if c.claimant not in totals or value < totals[c.claimant][0]:
                totals[c.claimant] = (value, c)
        else:
            groups = by_claimant.setdefault(c.claimant, {})
            if c.victim not in groups or value < groups[c.victim][0]:
                groups[c.victim] = (value, c)
    accounts = list(totals.values())
    sides: dict[str, tuple[int, ClaimMention]] = {}
    for claimant, groups in by_claimant.items():
        if claimant in totals:
            continue  # its total is its account
        own: dict[str, tuple[int, ClaimMention]] = {}
        for victim, (value, c) in groups.items():
            side = side_of(victim)
            total, first = own.get(side, (0, c))
            own[side] = (total + value, first if first.start <= c.start else c)
        if len(own) > 1 or _CIVILIANS in own:
            # both sides' dead ("killed 37 militants and lost four soldiers"), or the civilians': a whole account
            # (a party's claim of the civilians it killed is no complement to the army's count of the rebels)
            accounts.append(_summed(own.values()))
            continue
        for side, (value, c) in own.items():
            if side not in sides or value < sides[side][0]:
                sides[side] = (value, c)
    if sides:
        accounts.append(_summed(sides.values()))
    return min(accounts, key=lambda account: account[0])


def _summed(parts: Iterable[tuple[int, ClaimMention]]) -> tuple[int, ClaimMention]:
    """One account from figures that add up: their sum, resting on the first of them in the text."""
    listed = list(parts)
    return sum(value for value, _ in listed), min((c for _, c in listed), key=lambda c: c.start)


# An article's claims validated in one pass: building each on its own went through pydantic's __init__, which cost
# about as much again (the records are the same: tests/test_records.py).
_CLAIMS: TypeAdapter[list[CasualtyClaim]] = TypeAdapter(list[CasualtyClaim])


def claim_records(article: Article, claims: Iterable[tuple[ClaimMention, str | None]],
                  version: str) -> list[CasualtyClaim]:
    """The records of the article's claims, each with the event it counts for (None: article-level)."""
    return _CLAIMS.validate_python([{
        "claim_id": short_id(article.article_id, c.start, c.end, c.kind, version), "event_id": event_id,
        "article_id": article.article_id, "kind": c.kind, "count_low": c.count_low, "count_high": c.count_high,
        "qualifier": c.qualifier, "coded": c.coded, "victim": c.victim, "claimant": c.claimant, "hedged": c.hedged,
        "hedges": list(c.hedges), "evidence": c.evidence, "start": c.start, "end": c.end,
        "sentence_index": c.sentence_index, "rule": c.rule,
    } for c, event_id in claims])
