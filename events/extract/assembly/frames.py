"""One sentence's event frame: which trigger leads, what ACLED type it makes, who did it to whom.

ACLED's precedence decides between several triggers in a sentence (a battle outranks the shelling and the
killings inside it); an `attack` trigger is typed by its target (armed -> Battles, civilians -> Violence
against civilians); a protest is refined by intervention, violence and lethal-force cues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from events.errors import LexiconError
from events.extract.matcher import PhraseList, WordFilter
from events.extract.mentions.actors import ActorMention
from events.extract.mentions.triggers import TriggerMention, cues, trigger_entries
from events.lexicon import Lexicons

# ACLED's inter codes of armed actors (state forces, rebels, militias, external forces): codebook numbers, not words
ARMED_INTER = frozenset({1, 2, 3, 4, 8})
_FILE = "frames.toml"


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Frame:
    trigger: TriggerMention
    event_type: str
    sub_event_type: str
    type_rule: str  # the trigger's lexicon id, plus the cues and lists that refined it
    actor1: tuple[ActorMention, ...]
    actor2: tuple[ActorMention, ...]
    # how actor1 and actor2 were told apart, with the lists that decided ("role.passive_agent",
    # "role.circumstance+frame.raid"); "" for the plain case, the subject before the verb and its object
    role_rule: str = ""


@dataclass(frozen=True, slots=True)
class FrameWords:
    """frames.toml compiled (build with `lexicons.compiled(frame_words)`): the lists that type a frame and
    assign its roles, as sets for whole-phrase lookups and as the regexes that place them around a trigger."""

    fights: frozenset[str]  # trigger ids
    harm_triggers: frozenset[str]  # trigger ids
    harm: frozenset[str]
    armed_victims: frozenset[str]
    repelling: frozenset[str]
    armed_side: re.Pattern[str]
    armed_side_words: WordFilter  # says quickly that a text holds none of frame.armed_side
    off_duty: re.Pattern[str]
    off_duty_words: WordFilter
    grievance: re.Pattern[str]
    grievance_clause: re.Pattern[str]
    place_object: re.Pattern[str]
    agent_by: re.Pattern[str]
    target_before: re.Pattern[str]
    patient_after: re.Pattern[str]
    passive_harm: re.Pattern[str]
    raid: re.Pattern[str]
    strike: re.Pattern[str]
    fire_with: re.Pattern[str]
    clash_circumstance: re.Pattern[str]


def frame_words(lexicons: Lexicons) -> FrameWords:
    """frames.toml's lists, compiled in the regexes that say where each must stand; a list of trigger ids that
    names a trigger triggers.csv lacks is a LexiconError."""

    def words(list_id: str) -> str:
        return lexicons.word_list(_FILE, list_id).alternation()

    def phrases(list_id: str) -> frozenset[str]:
        return frozenset(lexicons.word_list(_FILE, list_id))

    def word_filter(list_id: str) -> WordFilter:
        # a list of phrases: a match holds one as written; a list of patterns has no such words, and nothing is filtered
        found = lexicons.word_list(_FILE, list_id)
        return WordFilter(None) if found.regex else WordFilter.build(found)

    def triggers(list_id: str) -> frozenset[str]:
        ids = phrases(list_id)
        unknown = sorted(ids - lexicons.compiled(trigger_entries).keys())
        if unknown:
            raise LexiconError(f"lexicon {_FILE}: list {list_id} names triggers triggers.csv lacks: {unknown}")
        return ids

    grievance = words("frame.grievance")
    return FrameWords(
        fights=triggers("frame.fights"),
        harm_triggers=triggers("frame.harm.triggers"),
        harm=phrases("frame.harm"),
        armed_victims=phrases("frame.victims.armed"),
        repelling=phrases("frame.repelling"),
        armed_side=re.compile(rf"\b{words('frame.armed_side')}\b", re.I),
        armed_side_words=word_filter("frame.armed_side"),
        off_duty=re.compile(rf"\b{words('frame.off_duty')}\b", re.I),
        off_duty_words=word_filter("frame.off_duty"),
        grievance=re.compile(rf"\b{grievance}\b", re.I),
        # the clause that gives a protest's reason ("demanding the recovery of looted funds"), to the next comma
        grievance_clause=re.compile(rf"\b(?:{grievance}|{words('frame.grievance.clause')})\b[^,;.]*", re.I),
        # as written: after the verb, "the <place noun>", "control", or a capitalised name ("seized Timbuktu")
        place_object=re.compile(rf"\s+(?:the\s+(?P<object>{words('frame.territory.object')})\b|"
                                rf"(?P<control>{words('frame.territory.control')})\b|"
                                r"[A-Z\u00c0-\u00de][\w'\u2019-]+(?:\s|,|\.|$))"),
        # "an airstrike by US forces", "shells fired by presumed LNA forces": the agent of a noun
        agent_by=re.compile(r"[^,.;]{0,40}?\bby\s+(?:the\s+|a\s+|an\s+)?"
                            rf"(?:(?P<qualifier>{words('frame.agent_qualifier')})\s+)?", re.I),
        target_before=re.compile(rf"\b{words('frame.target_before')}\s+(?:the\s+|a\s+|an\s+)?$", re.I),
        patient_after=re.compile(r"(?:\s+[a-z][\w-]*){0,3}?\s+(?:was|were|had been|has been)\s+(?:\w+ly\s+)?"
                                 rf"{words('frame.patient_verbs')}\b", re.I),
        passive_harm=re.compile(rf"\b(?:was|were)\s+(?:\w+ly\s+)?{words('frame.passive_harm')}\b[^.;]*$", re.I),
        raid=re.compile(rf"\s+{words('frame.raid')}s?\b", re.I),
        strike=re.compile(rf"\b{words('frame.strike')}s?\b", re.I),
        # "(a) shootout with (the) police": the article is grammar, what was exchanged is the list's
        fire_with=re.compile(rf"\b(?:a\s+)?{words('frame.fire_with')}\s+with\s+(?:the\s+)?(?:\w+\s+)?$", re.I),
        # "troops killed two rebels in a clash": the clash is the circumstance of the clause before it
        clash_circumstance=re.compile(rf"\b{words('frame.clash_circumstance')}\s+(?:(?:a|an|the)\s+)?(?:[a-z]+\s+)?$",
                                      re.I),
    )


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
    fw = lexicons.compiled(frame_words)
    live = [t for t in triggers if t.blocked_by is None
            and (t.entry.kind != "territory" or fw.place_object.match(sentence, t.end))]
    if not live:
        return None
    kept = _without_grievances(sentence, live, fw)
    lead = max(kept, key=_rank)
    # violence named as the protest's reason would have led the frame: frame.grievance decided the type
    grievance = "+frame.grievance" if len(kept) < len(live) and max(live, key=_rank) is not lead else ""
    live = kept
    if lead.entry.sub_event_type == "Remote explosive/landmine/IED":
        # a device found, defused or blown up on purpose is a disrupted weapon, not an explosion
        lead = next((t for t in live if t.entry.id == "trg.disrupt"), lead)
    # Roles hang on the main verb, the first live trigger ("JNIM attacked an army post using car bombs"),
    # the type on the trigger that ranks highest.
    # A coder's label ("Looting: On 3 May, militants stole ...") types the event but is no verb of it.
    label = _LABEL.match(sentence)
    verbs = [t for t in live if t.start >= label.end()] if label else live
    # "A man who fired at soldiers was shot dead": a verb in a relative clause is not the sentence's main verb
    verbs = [t for t in verbs if not _RELATIVE_VERB.search(sentence, max(0, t.start - 20), t.start)] or verbs
    verb = lead if lead.entry.id == "trg.clash" else min(verbs or live, key=lambda t: t.start)
    actor1, actor2, role_rule = assign_roles(sentence, verb, actors, lexicons)
    event_type, sub_type, rule = _classify(sentence, lead, live, actor1, actor2, victims, context, lexicons)
    return Frame(lead, event_type, sub_type, rule + grievance, actor1, actor2, role_rule)


def _rank(trigger: TriggerMention) -> tuple[int, int]:
    """The lead trigger ranks highest (ACLED's precedence), the first of equals first."""
    return trigger.entry.priority, -trigger.start


# A coder's label: form, not vocabulary (a capitalised heading and a colon)
_LABEL = re.compile(r"[A-Z][A-Za-z /-]{2,40}:\s")


def _without_grievances(sentence: str, live: list[TriggerMention], fw: FrameWords) -> list[TriggerMention]:
    """"Traders protested against the beating of a shopkeeper": when a protest is the main verb, violence
    named after a word of grievance (frame.grievance) is its cause, not this event."""
    first = min(live, key=lambda t: t.start)
    if first.entry.kind != "protest":
        return live
    kept = [first]
    for t in live:
        if t is not first and not (t.start > first.end and fw.grievance.search(sentence, first.end, t.start)):
            kept.append(t)
    return kept


def _classify(sentence: str, lead: TriggerMention, live: Sequence[TriggerMention], actor1: Sequence[ActorMention],
              actor2: Sequence[ActorMention], victims: Sequence[str], context: str,
              lexicons: Lexicons) -> tuple[str, str, str]:
    entry = lead.entry
    # (the cheap test first: most leads are no killing, and need no look at the other triggers)
    if entry.kind == "protest" or entry.id == "trg.kill" and any(t.entry.kind == "protest" for t in live):
        return _classify_protest(sentence, context, lead, lexicons)
    words = lexicons.compiled(target_words)
    fw = lexicons.compiled(frame_words)
    note = ""  # a list that kept a fighting trigger from becoming a riot
    if entry.id in fw.fights:
        crowd, cue = _crowd_fight(sentence, lead, actor1, words, fw, context)
        if crowd:
            if any(t.entry.kind == "protest" for t in live):  # a demonstration that turned violent
                return "Riots", "Violent demonstration", f"{entry.id}+frame.fights+{cue}+trg.protest"
            return "Riots", "Mob violence", f"{entry.id}+frame.fights+{cue}"
        note = f"+{cue}" if cue else ""
    if entry.kind == "territory":
        place = fw.place_object.match(sentence, lead.end)
        listed = place.lastgroup if place is not None else None  # None: a capitalised name followed the verb
        return entry.event_type, entry.sub_event_type, entry.id + (f"+frame.territory.{listed}" if listed else "")
    if entry.kind != "attack":
        return entry.event_type, entry.sub_event_type, entry.id + note
    event_type, sub_type, rule = _classify_attack(sentence, lead, live, actor2, victims, context, words, fw)
    return event_type, sub_type, rule + note


def _classify_attack(sentence: str, lead: TriggerMention, live: Sequence[TriggerMention],
                     actor2: Sequence[ActorMention], victims: Sequence[str], context: str, words: TargetWords,
                     fw: FrameWords) -> tuple[str, str, str]:
    """An attack is a battle when its target is armed or fought back, else violence against civilians -- or,
    when it only plundered or burnt, looting or property destruction."""
    entry = lead.entry
    target, target_rule = _target(sentence, lead, actor2, victims, words, fw)
    if target != "armed" and words.resistance.first(f"{sentence} {context}"):
        return "Battles", "Armed clash", f"{entry.id}+cue.resistance"
    if target == "armed":
        return "Battles", "Armed clash", f"{entry.id}+{target_rule}"
    loot = next((t for t in live if t.entry.id == "trg.loot"), None)
    if loot is None:
        return "Violence against civilians", "Attack", f"{entry.id}+{target_rule}"
    harm = _harm(live, fw)
    if harm is None and not victims:
        # ACLED: a raid on civilians that only plunders or burns is property destruction, not an attack
        return loot.entry.event_type, loot.entry.sub_event_type, f"{entry.id}+{loot.entry.id}+frame.harm:none"
    return "Violence against civilians", "Attack", f"{entry.id}+{target_rule}" + (f"+{harm}" if harm else "")


def _harm(live: Sequence[TriggerMention], fw: FrameWords) -> str | None:
    """The list that says people were hurt or shot at: a harm trigger (frame.harm.triggers) or an attack word of
    harm as written (frame.harm); None when neither stands in the sentence."""
    for t in live:
        if t.entry.id in fw.harm_triggers:
            return "frame.harm.triggers"
        if t.text.lower() in fw.harm:
            return "frame.harm"
    return None


def _classify_protest(sentence: str, context: str, lead: TriggerMention,
                      lexicons: Lexicons) -> tuple[str, str, str]:
    c = lexicons.compiled(cues)
    rule = lead.entry.id
    if c.excessive_force.first(sentence):
        return "Protests", "Excessive force against protesters", f"{rule}+cue.excessive_force"
    told = f"{sentence} {context}"
    without_reasons = lexicons.compiled(frame_words).grievance_clause.sub(" ", told)
    if c.protest_violence.first(without_reasons):
        return "Riots", "Violent demonstration", f"{rule}+cue.protest_violence"
    if without_reasons != told and c.protest_violence.first(told):
        # violence named only in the protest's reason: the clause (frame.grievance.clause) kept it peaceful
        rule += "+frame.grievance.clause"
    if c.intervention.first(told) or (c.arrests.first(told) and c.security.first(told)):
        return "Protests", "Protest with intervention", f"{rule}+cue.intervention"
    return "Protests", "Peaceful protest", rule


# ACLED's crowd-size tag of its own notes ("[size=no report]"): markup, not vocabulary
_SIZE_TAG = re.compile(r"\[size\s*=", re.I)


def _crowd_fight(sentence: str, lead: TriggerMention, actor1: Sequence[ActorMention], words: TargetWords,
                 fw: FrameWords, context: str = "") -> tuple[bool, str]:
    """ACLED's battles are between organised armed groups; a crowd that fights makes a riot. ACLED's own
    notes mark crowd events with a "[size=...]" tag. With whether the side that fights is a crowd, the id that
    decided it for the rule ("acled.size", "cue.crowd"; "frame.armed_side" when an armed word overrode a crowd
    word), or ""."""
    if _SIZE_TAG.search(sentence) or _SIZE_TAG.search(context):
        organised = bool(actor1) and actor1[0].inter in (1, 2, 8) and actor1[0].template is None
        return (False, "") if organised else (True, "acled.size")
    if _PASSIVE_BEFORE.search(sentence, 0, lead.start):
        # "villagers were attacked" (the crowd is the target), unless a crowd did it: "beaten up by locals"
        agent = fw.agent_by.match(sentence, lead.end)
        if agent is None:
            return False, ""
        return _crowd(words.crowd.position(sentence[agent.end():agent.end() + 30]) == 0)
    if actor1:
        first = actor1[0]
        if first.inter in (5, 6):  # rioters, protesters
            return True, "cue.crowd"
        # a civilian subject makes a riot only as a crowd ("villagers attacked"), not "a man was found dead"
        return _crowd(first.inter == 7 and words.crowd.position(first.text) is not None)
    between = _BETWEEN.search(sentence, lead.end) if lead.entry.id == "trg.clash" else None
    side = sentence[between.end():] if between else sentence[:lead.start].rsplit(",", 1)[-1]
    if between is None and lead.entry.id == "trg.clash" and fw.passive_harm.search(side):
        return False, ""  # "three villagers were killed in fighting": who was harmed, not who fought
    crowd = words.crowd.position(side) is not None
    if fw.armed_side_words.may_match(side) and fw.armed_side.search(side):
        # "youths armed with rifles": an armed group, whatever it is called
        return False, "frame.armed_side" if crowd else ""
    return _crowd(crowd)


def _crowd(crowd: bool) -> tuple[bool, str]:
    return (True, "cue.crowd") if crowd else (False, "")


def _target(sentence: str, lead: TriggerMention, actor2: Sequence[ActorMention], victims: Sequence[str],
            words: TargetWords, fw: FrameWords) -> tuple[str, str]:
    """'armed' or 'civilian' (or 'default', read as civilian): whichever the attack's object names first --
    "attacked the village of X, killing two militiamen" is an attack on a village -- with the id that decided:
    cue.target.<kind>, frame.off_duty or frame.victims.armed."""
    if fw.off_duty_words.may_match(sentence) and fw.off_duty.search(sentence):
        return "civilian", "frame.off_duty"  # ACLED: an off-duty or retired soldier or policeman is a civilian
    passive = _PASSIVE_BEFORE.search(sentence, 0, lead.start) or _BY_NEXT.match(sentence, lead.end)
    # "A gendarmerie post was attacked by gunmen", "a chief assassinated by armed men", "an attack by bandits":
    # the words after "by" are the attackers; the target is what comes before
    # (the passive's own clause: not a speaker's before "that": "the army confirmed that 41 people were killed")
    after = _THAT.split(sentence[:lead.start].rsplit(",", 1)[-1])[-1] if passive else sentence[lead.end:]
    marks: list[tuple[int, str]] = []
    for actor in actor2:
        marks.append((actor.start - lead.end, "armed" if actor.inter in ARMED_INTER else "civilian"))
    for kind, vocabulary in (("armed", words.armed), ("civilian", words.civilian)):
        position = vocabulary.position(after)
        if position is not None:
            marks.append((position, kind))
    if victims and all(v in fw.armed_victims for v in victims):
        return "armed", "frame.victims.armed"  # ACLED: when only combatants die, it was a fight
    if marks:
        kind = min(marks)[1]
        return kind, f"cue.target.{kind}"
    if victims:
        return "civilian", "cue.target.civilian"
    return "default", "cue.target.default"


# Grammar: the passive's "by", coordination, "between", auxiliaries and determiners parse form; the words that
# decide a role (frames.toml: frame.agent_qualifier, frame.target_before, ...) are compiled in frame_words.
_BY_NEXT = re.compile(r"\s+(?:\w+ly\s+)?by\b", re.I)
_THAT = re.compile(r"\bthat\b", re.I)
_SPEAKER_AFTER = re.compile(r"\s+(?:said|says|say|told|reported|added|confirmed)\b", re.I)
_RELATIVE = re.compile(r"\b(?:who|whom|which)\b", re.I)
_RELATIVE_VERB = re.compile(r"\b(?:who|which)\s+(?:had\s+|have\s+|has\s+|had\s+been\s+|were\s+|was\s+)?$", re.I)
_HARM = frozenset({"trg.kill", "trg.harm"})  # the triggers whose passive subject was harmed
_COORDINATED = re.compile(r"\s*(?:,|,?\s*(?:and/or|and|&|or)(?:\s+the)?)\s*", re.I)
# "JNIM or ISGS militants", "ISWAP and/or Boko Haram": the report does not know which; ACLED codes "X and/or Y"
ALTERNATIVE = re.compile(r"\s*(?:and/or|or)\s*", re.I)
_BETWEEN = re.compile(r"\bbetween\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?(?:\w+\s+and\s+)?$", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?$", re.I)
_PASSIVE_REACH = 25  # characters before the verb that hold its auxiliary and an adverb ("been reportedly ")
_DURING_RAID = re.compile(r"\b(?:during|in)\s+(?:(?:an?|the)\s+)?(?:\w+\s+)?$", re.I)
_PASSIVE_BY = re.compile(r"\b(?:was|were|been|being|is|are)\b[^,.;]{0,60}?\bby\b", re.I)
# Its longest match. Only a match starting by the trigger's end (+5) counts: it ends within this reach, and the
# window keeps one character more so that the final \b sees the real next character.
_PASSIVE_BY_REACH = len("being") + 60 + len("by")
# How far before an actor frame.target_before is looked for: "against the " fits, a longer word does not.
_TARGET_REACH = 12

Roles = tuple[tuple[ActorMention, ...], tuple[ActorMention, ...], str]


def assign_roles(sentence: str, lead: TriggerMention, actors: Sequence[ActorMention], lexicons: Lexicons) -> Roles:
    """actor1 = who acted (subject, or the agent after a passive 'by'; first side of a clash 'between X and
    Y'), actor2 = who it was done to, and the rule that told them apart (Frame.role_rule). Who repelled an
    attack defended: the attacker is actor1, as ACLED codes the side that started the fight ("troops repelled
    a Taliban attack", "militants were killed when troops repulsed their attack")."""
    fw = lexicons.compiled(frame_words)
    actor1, actor2, rule = _roles(sentence, lead, actors, fw)
    if lead.entry.id != "trg.clash" or lead.text.lower() not in fw.repelling or len(actor1) != 1:
        return actor1, actor2, rule
    rule = "+".join(part for part in (rule, "role.repelled+frame.repelling") if part)
    earlier = tuple(a for a in actors if a.start < lead.start and a.name != actor1[0].name)
    if actor1[0].start > lead.start:  # "troops repelled an attack by X": X is the attacker, the subject its target
        return actor1, earlier[-1:] or actor2, rule
    # "militants were killed when troops repulsed their attack": the named group before the subject attacked
    before_subject = tuple(a for a in earlier if a.start < actor1[0].start)
    attacker = before_subject[:1] if before_subject and (not actor2 or actor2[0].name is None) else actor2[:1]
    return (attacker, actor1, rule) if attacker else (actor1, actor2, rule)


# grammar: what stands between a generic word and the group's name it introduces (", ", "of the", "of banned")
_APPOSITION = re.compile(r"[\s,]*|\s+of\s+(?:the\s+)?(?:[a-z]+\s+)?")


def _named_in_apposition(sentence: str, actors: Sequence[ActorMention]) -> list[ActorMention]:
    """The actors without a generic mention that a named group right after it names ("the terrorist group Boko
    Haram", "rebel group, M23", "a terrorist of banned TTP"): one actor, by its name."""
    out: list[ActorMention] = []
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if (a.template is not None and nxt is not None and nxt.template is None
                and _APPOSITION.fullmatch(sentence, a.end, nxt.start)):
            continue
        out.append(a)
    return out


def _roles(sentence: str, lead: TriggerMention, actors: Sequence[ActorMention], fw: FrameWords) -> Roles:
    actors = _named_in_apposition(sentence, actors)
    before = [a for a in actors if a.start < lead.start]  # "Saudi-led coalition air raid" holds its trigger
    after = [a for a in actors if a.start >= lead.end]
    between = _BETWEEN.search(sentence, lead.end, lead.end + 40) if lead.entry.id == "trg.clash" else None
    if between and len([a for a in after if a.start > between.end()]) >= 2:
        sides = [a for a in after if a.start > between.end()]
        return (sides[0],), (sides[1],), "role.clash_sides"
    window = (max(0, lead.start - 40), lead.end + 5 + _PASSIVE_BY_REACH + 1)
    # "by" is in every match, and only B and Y read as its letters: most windows hold none
    passive = _PASSIVE_BY.search(sentence, *window) if "by" in sentence[window[0]:window[1]].lower() else None
    if passive and passive.start() <= lead.end + 5:
        agents = [a for a in after if a.start >= passive.end() - 2]
        if agents:
            patients = [a for a in before if a not in agents]
            return (agents[0],), tuple(patients[-1:]), "role.passive_agent"
    # "a suspect was killed during a police raid", "... killed after exchanging fire with military police":
    # the force named in the circumstances of a passive killing did it
    killed = "" if _PASSIVE.search(sentence, max(0, lead.start - _PASSIVE_REACH), lead.start) else None
    if killed is None and lead.entry.id == "trg.clash" and fw.passive_harm.search(sentence, max(0, lead.start - 60),
                                                                                lead.start):
        killed = "+frame.passive_harm"
    if killed is not None:
        for a in after:
            if a.inter not in ARMED_INTER:
                continue
            if _DURING_RAID.search(sentence, max(lead.end, a.start - 25), a.start) and fw.raid.match(sentence, a.end):
                return (a,), tuple(before[-1:]), f"role.circumstance{killed}+frame.raid"
            # the strike named after the force, or in the force's own name ("Israeli airstrike" is an actor form)
            if _DURING_RAID.search(sentence, max(lead.end, a.start - 25), a.start) and _named_with_strike(
                    sentence, a, fw):
                return (a,), tuple(before[-1:]), f"role.circumstance{killed}+frame.strike"
            if fw.fire_with.search(sentence, max(0, a.start - 45), a.start):
                return (a,), tuple(before[-1:]), f"role.circumstance{killed}+frame.fire_with"
        # "16 people were killed in fighting between armed groups": civilians harmed in a fight are its victims,
        # never a side of it; the armed side named after the verb fought
        if before and before[-1].inter == 7 and lead.entry.id == "trg.clash":
            armed = [a for a in after if a.inter in ARMED_INTER]
            return tuple(armed[:1]), (before[-1],), f"role.victim{killed}"
    # "an airstrike by US forces", "shells fired by presumed LNA forces": the agent of a noun
    agent = fw.agent_by.match(sentence, lead.end)
    if agent:
        agents = [a for a in after if a.start <= agent.end() + 2]
        if agents:
            rule = "role.agent_by" + ("+frame.agent_qualifier" if agent.group("qualifier") else "")
            return (agents[0],), tuple(a for a in before if a.inter == 7)[-1:] or tuple(after[1:2]), rule
    # "an attack against MINUSMA forces", "a FAMa convoy was struck by an IED": the target, not the subject
    targets: list[ActorMention] = []
    target_rule = ""
    for a in before:
        if fw.target_before.search(sentence, max(0, a.start - _TARGET_REACH), a.start):
            targets.append(a)
            target_rule = target_rule or "role.target+frame.target_before"
        elif fw.patient_after.match(sentence, a.end):
            targets.append(a)
            target_rule = target_rule or "role.target+frame.patient_verbs"
    if targets:
        before = [a for a in before if a not in targets]
        if not before:
            return (), (targets[-1],), target_rule
    # "Troops killed two rebels in a clash", "Rebels wounded a soldier during an exchange of fire": a clash named as
    # the circumstance of a clause has that clause's subject and object for its sides, not the object alone
    if (lead.entry.id == "trg.clash" and len({a.name for a in before}) >= 2 and not targets
            and fw.clash_circumstance.search(sentence, max(0, lead.start - 30), lead.start)):
        clause = _in_clause(sentence, before, lead)
        if len({a.name for a in clause}) >= 2:
            return (clause[0],), (clause[-1],), "role.clause_sides+frame.clash_circumstance"
    # "the peacekeeper was killed on Sunday when troops were trying to stop the attack": the combatant who was
    # killed or hurt is the victim, never the perpetrator; nobody named did it here. (Civilians are moved by the
    # records and make a crowd's fight a riot; a speaker before "that" and an actor in a relative clause before
    # the verb are not its subject.)
    patient = before[-1] if before else None
    if (killed == "" and patient is not None and patient.inter in ARMED_INTER and lead.entry.id in _HARM
            and not _THAT.search(sentence, patient.end, lead.start)
            and not _RELATIVE.search(sentence, 0, patient.start)):
        return (), (patient,), "+".join(part for part in (target_rule, "role.passive_patient") if part)
    subject = _closest_subject(sentence, before, lead)
    if len(subject) > 1:
        if ALTERNATIVE.fullmatch(sentence, subject[0].end, subject[1].start):
            subject = subject[:2]  # one actor, "X and/or Y" (events.extract.assembly.records)
        elif lead.entry.id == "trg.clash" and subject[0].name != subject[1].name:
            # "X and Y exchanged fire": two sides of one clash; "X and Y attacked": the first named acts
            return subject[:1], subject[1:2], "+".join(part for part in (target_rule, "role.clash_pair") if part)
        else:
            subject = subject[:1]
    # without a subject, a generic mention after the verb is no object ("protesters marched, civilians ..."); with
    # one, the object is any other actor ("Gunmen attacked soldiers": both generic, two actors)
    if killed is not None:
        objects: tuple[ActorMention, ...] = ()  # a passive's subject is its patient; no actor after it is one
    elif subject:
        # (not a speaker: "..., residents said")
        objects = tuple(a for a in after if not _SPEAKER_AFTER.match(sentence, a.end)
                        and not any(a.entry_id == m.entry_id and a.name == m.name for m in subject))[:1]
    else:
        objects = tuple(a for a in after if a.name is not None)[:1]
    return subject, objects, target_rule


def _named_with_strike(sentence: str, actor: ActorMention, fw: FrameWords) -> bool:
    """Whether a frame.strike word follows the actor or ends its own span ("a Taliban ambush", "a Russian missile
    strike", where the actor form is "Russian missile")."""
    found = fw.strike.search(sentence, actor.start, actor.end + _STRIKE_REACH)
    return found is not None and actor.start < found.start() <= actor.end + 1


_STRIKE_REACH = 25  # characters after an actor where the strike it is named with ends


def _in_clause(sentence: str, before: Sequence[ActorMention], lead: TriggerMention) -> list[ActorMention]:
    """The actors before the trigger in its own clause (after the last semicolon before it)."""
    clause_start = max(sentence.rfind(";", 0, lead.start), 0)
    return [a for a in before if a.start >= clause_start]


def _closest_subject(sentence: str, before: Sequence[ActorMention], lead: TriggerMention) -> tuple[ActorMention, ...]:
    """The last actor before the trigger in the same clause, else the first actor of the sentence."""
    if not before:
        return ()
    in_clause = _in_clause(sentence, before, lead)
    if not in_clause:
        return (before[0],)
    # "X and Y attacked", "X, Y and Z clashed": the coordinated actors right before the verb, first first
    group = [in_clause[-1]]
    for earlier in reversed(in_clause[:-1]):
        if not _COORDINATED.fullmatch(sentence, earlier.end, group[0].start):
            break
        group.insert(0, earlier)
    return tuple(group)
