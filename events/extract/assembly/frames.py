"""One sentence's event frame: which trigger leads, what ACLED type it makes, who did it to whom.

ACLED's precedence decides between several triggers in a sentence (a battle outranks the shelling and the
killings inside it); an `attack` trigger is typed by its target (armed -> Battles, civilians -> Violence
against civilians); a protest is refined by intervention, violence and lethal-force cues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from events.extract.matcher import PhraseList
from events.extract.mentions.actors import ActorMention
from events.extract.mentions.triggers import TriggerMention, cues
from events.lexicon import Lexicons

ARMED_INTER = frozenset({1, 2, 3, 4, 8})
_ARMED_VICTIMS = frozenset({"soldiers", "soldier", "troops", "police", "policemen", "fighters", "militants",
                            "rebels", "jihadists", "insurgents", "combatants", "attackers", "assailants",
                            "gunmen", "militiamen", "security forces", "forces", "officers", "gendarmes",
                            "elements", "members", "terrorists", "bandits"})


@dataclass(frozen=True, slots=True)
class Frame:
    trigger: TriggerMention
    event_type: str
    sub_event_type: str
    type_rule: str  # the trigger's lexicon id, plus the cue that refined it
    actor1: tuple[ActorMention, ...]
    actor2: tuple[ActorMention, ...]


@dataclass(frozen=True, slots=True)
class TargetWords:
    armed: PhraseList
    civilian: PhraseList
    crowd: PhraseList
    resistance: PhraseList


def target_words(lexicons: Lexicons) -> TargetWords:
    """What an attack's object or a crowd is called (cues.toml; build with `lexicons.compiled(target_words)`)."""
    data = lexicons.toml("cues.toml")
    targets = data["targets"]
    return TargetWords(PhraseList.build("cue.target.armed", targets["armed"]),
                       PhraseList.build("cue.target.civilian", targets["civilian"]),
                       PhraseList.build("cue.crowd", data["crowd"]["words"]),
                       PhraseList.build("cue.resistance", data["resistance"]["words"]))


def build_frame(sentence: str, triggers: Sequence[TriggerMention], actors: Sequence[ActorMention],
                victims: Sequence[str], lexicons: Lexicons, context: str = "") -> Frame | None:
    """The sentence's frame, or None when every trigger is negated or hypothetical. `context` is the rest
    of the incident's paragraph: how police met a protest is often told in the next sentence."""
    live = [t for t in triggers if t.blocked_by is None
            and (t.entry.kind != "territory" or _PLACE_OBJECT.match(sentence, t.end))]
    if not live:
        return None
    live = _without_grievances(sentence, live)
    lead = max(live, key=lambda t: (t.entry.priority, -t.start))
    if lead.entry.sub_event_type == "Remote explosive/landmine/IED":
        # a device found, defused or blown up on purpose is a disrupted weapon, not an explosion
        lead = next((t for t in live if t.entry.id == "trg.disrupt"), lead)
    # Roles hang on the main verb, the first live trigger ("JNIM attacked an army post using car bombs"),
    # the type on the trigger that ranks highest.
    # A coder's label ("Looting: On 3 May, militants stole ...") types the event but is no verb of it.
    label = _LABEL.match(sentence)
    verbs = [t for t in live if t.start >= label.end()] if label else live
    verb = lead if lead.entry.id == "trg.clash" else min(verbs or live, key=lambda t: t.start)
    actor1, actor2 = assign_roles(sentence, verb, actors)
    event_type, sub_type, rule = _classify(sentence, lead, live, actor1, actor2, victims, context, lexicons)
    return Frame(lead, event_type, sub_type, rule, actor1, actor2)


_LABEL = re.compile(r"[A-Z][A-Za-z /-]{2,40}:\s")

_GRIEVANCE_WORDS = (r"against|over|following|after|demanding|denouncing|condemning|protesting|regarding|about|"
                    r"calling for|to demand|to denounce|to condemn|in protest|in demonstration|because of|"
                    r"for the release|justice for")
_GRIEVANCE = re.compile(rf"\b(?:{_GRIEVANCE_WORDS})\b", re.I)
# The clause that gives a protest's reason ("demanding the recovery of looted funds"): its violence is the cause.
_GRIEVANCE_CLAUSE = re.compile(rf"\b(?:{_GRIEVANCE_WORDS}|demanded|demand|recovery of|return of)\b[^,;.]*", re.I)


def _without_grievances(sentence: str, live: list[TriggerMention]) -> list[TriggerMention]:
    """"Traders protested against the beating of a shopkeeper": when a protest is the main verb, violence
    named after a word of grievance is its cause, not this event."""
    first = min(live, key=lambda t: t.start)
    if first.entry.kind != "protest":
        return live
    kept = [first]
    for t in live:
        if t is not first and not (t.start > first.end and _GRIEVANCE.search(sentence, first.end, t.start)):
            kept.append(t)
    return kept


def _classify(sentence: str, lead: TriggerMention, live: Sequence[TriggerMention], actor1: Sequence[ActorMention],
              actor2: Sequence[ActorMention], victims: Sequence[str], context: str,
              lexicons: Lexicons) -> tuple[str, str, str]:
    entry = lead.entry
    if entry.kind == "protest" or any(t.entry.kind == "protest" for t in live) and entry.id == "trg.kill":
        return _classify_protest(sentence, context, lead, lexicons)
    words = lexicons.compiled(target_words)
    if entry.id in _FIGHTS and _crowd_fight(sentence, lead, actor1, words, context):
        if any(t.entry.kind == "protest" for t in live):  # a demonstration that turned violent
            return "Riots", "Violent demonstration", f"{entry.id}+cue.crowd+trg.protest"
        return "Riots", "Mob violence", f"{entry.id}+cue.crowd"
    if entry.kind != "attack":
        return entry.event_type, entry.sub_event_type, entry.id
    target = _target(sentence, lead, actor2, victims, words)
    if target != "armed" and words.resistance.first(f"{sentence} {context}"):
        return "Battles", "Armed clash", f"{entry.id}+cue.resistance"
    if target == "armed":
        return "Battles", "Armed clash", f"{entry.id}+cue.target.armed"
    harm = any(t.entry.id in ("trg.kill", "trg.harm", "trg.sexual") or t.text.lower() in _HARM_WORDS for t in live)
    loot = next((t for t in live if t.entry.id == "trg.loot"), None)
    if loot is not None and not harm and not victims:
        # ACLED: a raid on civilians that only plunders or burns is property destruction, not an attack
        return loot.entry.event_type, loot.entry.sub_event_type, f"{entry.id}+{loot.entry.id}+cue.no_harm"
    return "Violence against civilians", "Attack", f"{entry.id}+cue.target.{target}"


def _classify_protest(sentence: str, context: str, lead: TriggerMention,
                      lexicons: Lexicons) -> tuple[str, str, str]:
    c = lexicons.compiled(cues)
    rule = lead.entry.id
    if c.excessive_force.first(sentence):
        return "Protests", "Excessive force against protesters", f"{rule}+cue.excessive_force"
    told = f"{sentence} {context}"
    if c.protest_violence.first(_GRIEVANCE_CLAUSE.sub(" ", told)):
        return "Riots", "Violent demonstration", f"{rule}+cue.protest_violence"
    if c.intervention.first(told) or (c.arrests.first(told) and c.security.first(told)):
        return "Protests", "Protest with intervention", f"{rule}+cue.intervention"
    return "Protests", "Peaceful protest", rule


_SIZE_TAG = re.compile(r"\[size\s*=", re.I)
_OFF_DUTY = re.compile(r"\boff[- ]duty\b|\bretired (?:soldier|officer|police|policeman|general|colonel)\b|"
                       r"\bformer (?:soldier|policeman|police officer|officer|rebel|fighter|militant)\b", re.I)
# Attack words that say people were hurt or shot at: such a raid is an attack even when it also plunders.
_HARM_WORDS = frozenset({"shot", "shooting", "fired on", "fired at", "fired upon", "opened fire", "opened fire on",
                         "shot at", "beat", "beaten", "beating", "whipped", "flogged", "assaulted", "hacked",
                         "tortured", "stabbed", "gunfire", "shots fired", "fired shots"})
_ARMED_WORD = re.compile(r"\b(?:armed|gunmen|militia|militiamen|militants|fighters)\b", re.I)
_PLACE_OBJECT = re.compile(r"\s+(?:the\s+(?:(?:rural\s+)?town|city|village|locality|district|commune|base|"
                           r"military base|camp|garrison|headquarters|border post|strategic town)\b|control\b|"
                           r"[A-Z\u00c0-\u00de][\w'\u2019-]+(?:\s|,|\.|$))")

# Fighting words that become a riot when the side that fights is an unorganised crowd.
_FIGHTS = frozenset({"trg.clash", "trg.attack", "trg.kill", "trg.harm", "trg.ambush"})


def _crowd_fight(sentence: str, lead: TriggerMention, actor1: Sequence[ActorMention], words: TargetWords,
                 context: str = "") -> bool:
    """ACLED's battles are between organised armed groups; a crowd that fights makes a riot. ACLED's own
    notes mark crowd events with a "[size=...]" tag."""
    if _SIZE_TAG.search(sentence) or _SIZE_TAG.search(context):
        return not (actor1 and actor1[0].inter in (1, 2, 8) and actor1[0].template is None)
    if _PASSIVE_BEFORE.search(sentence, 0, lead.start):
        # "villagers were attacked" (the crowd is the target), unless a crowd did it: "beaten up by locals"
        agent = _AGENT_BY.match(sentence, lead.end)
        if agent is None:
            return False
        return words.crowd.position(sentence[agent.end():agent.end() + 30]) == 0
    if actor1:
        first = actor1[0]
        if first.inter in (5, 6):
            return True
        # a civilian subject makes a riot only as a crowd ("villagers attacked"), not "a man was found dead"
        return first.inter == 7 and words.crowd.position(first.text) is not None
    between = _BETWEEN.search(sentence, lead.end) if lead.entry.id == "trg.clash" else None
    side = sentence[between.end():] if between else sentence[:lead.start].rsplit(",", 1)[-1]
    if _ARMED_WORD.search(side):
        return False  # "youths armed with rifles": an armed group, whatever it is called
    return words.crowd.position(side) is not None


def _target(sentence: str, lead: TriggerMention, actor2: Sequence[ActorMention], victims: Sequence[str],
            words: TargetWords) -> str:
    """'armed' or 'civilian' (or 'default', read as civilian): whichever the attack's object names first --
    "attacked the village of X, killing two militiamen" is an attack on a village."""
    if _OFF_DUTY.search(sentence):
        return "civilian"  # ACLED: an off-duty or retired soldier or policeman is attacked as a civilian
    passive = _PASSIVE_BEFORE.search(sentence, 0, lead.start) or _BY_NEXT.match(sentence, lead.end)
    # "A gendarmerie post was attacked by gunmen", "a chief assassinated by armed men", "an attack by bandits":
    # the words after "by" are the attackers; the target is what comes before
    after = sentence[:lead.start].rsplit(",", 1)[-1] if passive else sentence[lead.end:]
    marks: list[tuple[int, str]] = []
    for actor in actor2:
        marks.append((actor.start - lead.end, "armed" if actor.inter in ARMED_INTER else "civilian"))
    for kind, vocabulary in (("armed", words.armed), ("civilian", words.civilian)):
        position = vocabulary.position(after)
        if position is not None:
            marks.append((position, kind))
    if victims and all(v in _ARMED_VICTIMS for v in victims):
        return "armed"  # ACLED: when only combatants die, it was a fight, whatever was attacked
    if marks:
        return min(marks)[1]
    if victims:
        return "civilian"
    return "default"


_BY_NEXT = re.compile(r"\s+(?:\w+ly\s+)?by\b", re.I)
_COORDINATED = re.compile(r"\s*(?:,|,?\s*(?:and/or|and|&|or)(?:\s+the)?)\s*", re.I)
# "JNIM or ISGS militants", "ISWAP and/or Boko Haram": the report does not know which; ACLED codes "X and/or Y"
ALTERNATIVE = re.compile(r"\s*(?:and/or|or)\s*", re.I)
_BETWEEN = re.compile(r"\bbetween\b", re.I)
_AGENT_BY = re.compile(r"[^,.;]{0,40}?\bby\s+(?:the\s+|a\s+|an\s+)?(?:(?:presumed|suspected|alleged|unidentified|"
                       r"unknown)\s+)?", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?(?:\w+\s+and\s+)?$", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?$", re.I)
_TARGET_BEFORE = re.compile(r"\b(?:against|targeting|targeted)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_PATIENT_AFTER = re.compile(r"(?:\s+[a-z][\w-]*){0,3}?\s+(?:was|were|had been|has been)\s+(?:\w+ly\s+)?"
                            r"(?:struck|hit|targeted|attacked|ambushed|shelled|subjected to)\b", re.I)
_PASSIVE_HARM = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:killed|shot dead|shot|wounded|injured)\b[^.;]*$", re.I)
_DURING_RAID = re.compile(r"\b(?:during|in)\s+(?:an?|the)\s+(?:\w+\s+)?$", re.I)
_RAID = re.compile(r"\s+(?:raid|operation|anti-drug operation|patrol|sting|buy-bust|manhunt|shootout)s?\b", re.I)
_FIRE_WITH = re.compile(r"\b(?:exchang\w*\s+(?:gun)?fire|(?:a\s+)?(?:shootout|gunfight|firefight|clash\w*|"
                        r"confrontation|exchange of fire))\s+with\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_PASSIVE_BY = re.compile(r"\b(?:was|were|been|being|is|are)\b[^,.;]{0,60}?\bby\b", re.I)
# Its longest match. Only a match starting by the trigger's end (+5) counts: it ends within this reach, and the
# window keeps one character more so that the final \b sees the real next character.
_PASSIVE_BY_REACH = len("being") + 60 + len("by")


def assign_roles(sentence: str, lead: TriggerMention,
                 actors: Sequence[ActorMention]) -> tuple[tuple[ActorMention, ...], tuple[ActorMention, ...]]:
    """actor1 = who acted (subject, or the agent after a passive 'by'; first side of a clash 'between X and
    Y'), actor2 = who it was done to. Who repelled an attack defended: the attacker is actor1, as ACLED
    codes the side that started the fight ("troops repelled a Taliban attack", "militants were killed when
    troops repulsed their attack")."""
    actor1, actor2 = _roles(sentence, lead, actors)
    if lead.entry.id != "trg.clash" or lead.text.lower() not in _REPELLING or len(actor1) != 1:
        return actor1, actor2
    earlier = tuple(a for a in actors if a.start < lead.start and a.name != actor1[0].name)
    if actor1[0].start > lead.start:  # "troops repelled an attack by X": X is the attacker, the subject its target
        return actor1, earlier[-1:] or actor2
    # "militants were killed when troops repulsed their attack": the named group before the subject attacked
    before_subject = tuple(a for a in earlier if a.start < actor1[0].start)
    attacker = before_subject[:1] if before_subject and (not actor2 or actor2[0].name is None) else actor2[:1]
    return (attacker, actor1) if attacker else (actor1, actor2)


_REPELLING = frozenset({"repelled", "repulsed", "fought off"})


def _roles(sentence: str, lead: TriggerMention,
           actors: Sequence[ActorMention]) -> tuple[tuple[ActorMention, ...], tuple[ActorMention, ...]]:
    before = [a for a in actors if a.start < lead.start]  # "Saudi-led coalition air raid" holds its trigger
    after = [a for a in actors if a.start >= lead.end]
    between = _BETWEEN.search(sentence, lead.end, lead.end + 40) if lead.entry.id == "trg.clash" else None
    if between and len([a for a in after if a.start > between.end()]) >= 2:
        sides = [a for a in after if a.start > between.end()]
        return (sides[0],), (sides[1],)
    passive = _PASSIVE_BY.search(sentence, max(0, lead.start - 40), lead.end + 5 + _PASSIVE_BY_REACH + 1)
    if passive and passive.start() <= lead.end + 5:
        agents = [a for a in after if a.start >= passive.end() - 2]
        if agents:
            patients = [a for a in before if a not in agents]
            return (agents[0],), tuple(patients[-1:])
    # "a suspect was killed during a police raid", "... killed after exchanging fire with military police":
    # the force named in the circumstances of a passive killing did it
    if _PASSIVE.search(sentence, max(0, lead.start - 12), lead.start) or (
            lead.entry.id == "trg.clash" and _PASSIVE_HARM.search(sentence, max(0, lead.start - 60), lead.start)):
        for a in after:
            if a.inter in ARMED_INTER and (_DURING_RAID.search(sentence, max(lead.end, a.start - 25), a.start)
                                           and _RAID.match(sentence, a.end)
                                           or _FIRE_WITH.search(sentence, max(0, a.start - 45), a.start)):
                return (a,), tuple(before[-1:])
    # "an airstrike by US forces", "shells fired by presumed LNA forces": the agent of a noun
    agent = _AGENT_BY.match(sentence, lead.end)
    if agent:
        agents = [a for a in after if a.start <= agent.end() + 2]
        if agents:
            return (agents[0],), tuple(a for a in before if a.inter == 7)[-1:] or tuple(after[1:2])
    # "an attack against MINUSMA forces", "a FAMa convoy was struck by an IED": the target, not the subject
    targets = [a for a in before if _TARGET_BEFORE.search(sentence, max(0, a.start - 12), a.start)
               or _PATIENT_AFTER.match(sentence, a.end)]
    if targets:
        before = [a for a in before if a not in targets]
        if not before:
            return (), (targets[-1],)
    subject = _closest_subject(sentence, before, lead)
    if len(subject) > 1:
        if ALTERNATIVE.fullmatch(sentence, subject[0].end, subject[1].start):
            subject = subject[:2]  # one actor, "X and/or Y" (events.extract.assembly.records)
        elif lead.entry.id == "trg.clash" and subject[0].name != subject[1].name:
            # "X and Y exchanged fire": two sides of one clash; "X and Y attacked": the first named acts
            return subject[:1], subject[1:2]
        else:
            subject = subject[:1]
    # without a subject, a generic mention after the verb is no object ("protesters marched, civilians ...")
    taken = {m.name for m in subject} if subject else {None}
    objects = tuple(a for a in after if a.name not in taken)[:1]
    return subject, objects


def _closest_subject(sentence: str, before: Sequence[ActorMention], lead: TriggerMention) -> tuple[ActorMention, ...]:
    """The last actor before the trigger in the same clause, else the first actor of the sentence."""
    if not before:
        return ()
    clause_start = max(sentence.rfind(";", 0, lead.start), 0)
    in_clause = [a for a in before if a.start >= clause_start]
    if not in_clause:
        return (before[0],)
    # "X and Y attacked", "X, Y and Z clashed": the coordinated actors right before the verb, first first
    group = [in_clause[-1]]
    for earlier in reversed(in_clause[:-1]):
        if not _COORDINATED.fullmatch(sentence, earlier.end, group[0].start):
            break
        group.insert(0, earlier)
    return tuple(group)
