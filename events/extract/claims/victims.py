"""Who a casualty figure counts: the victim group a noun phrase names, and the one victim a claim word names
without a figure ("killed a farmer", "a man was shot dead", "the body of a woman").

Groups come from lexicons/claims.toml ([[victim]] and [nonhuman]); a group without a name is a thing. The plural
heads without an -s and the names that are no victim's (days, months) are its lists claim.victim.plurals,
claim.victim.weekdays and qty.date.months; determiners, auxiliaries and prepositions stay here as grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.extract.claims.quantities import LEXICON, alternation, month_names
from events.lexicon import Lexicons, expand_all, form_key


@dataclass(frozen=True, slots=True)
class Group:
    name: str | None  # None: a thing, not people
    armed: bool
    side: str = "civilian"  # "state", "nonstate" or "civilian": whose dead add up (records.fatalities_of)


SOMEONE = Group("someone", False)  # a person by name or context, of no known group


@dataclass(frozen=True, slots=True)
class Single:
    """The victim a claim word names without a figure, and the span from the victim to the claim word."""

    group: Group
    count: int  # 1, or 2 for "a shopkeeper and his son"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class VictimGroups:
    """[[victim]] and [nonhuman] of claims.toml, compiled (build with `lexicons.compiled(victim_groups)`)."""

    of: dict[str, Group]  # lower-cased form -> group
    named: dict[str | None, Group]
    pattern: re.Pattern[str]
    name: re.Pattern[str]  # a name after a claim word ("killed Moussa Traore"), not a day or a month
    plurals: frozenset[str]  # claim.victim.plurals: plural heads without an -s ("children")


_NOT_AUX = r"(?!(?:was|were|is|are|has|have|had)\b|and\s+(?:a|an|the|his|her|their|one|another)\b)"
_NP = rf"(?:{_NOT_AUX}[\w'’-]+\s+){{0,3}}{_NOT_AUX}[\w'’-]+"
_OBJECT = re.compile(rf"\s+(?P<of>of\s+)?(?:a|an|the|one|another|his|her|their|its|our)\s+(?P<np>{_NP})"
                     rf"(?:\s+and\s+(?:a|an|the|his|her|their|another)\s+(?P<np2>{_NP}))?", re.I)
# "and" and a verb of up to three lower-case words shared by the same object ("lynched and set on fire a thief");
# never a new clause's subject ("shot dead and many had their throats slit": "many" had, not the killers)
_COORDINATED_VERB = re.compile(r"\s+and\s+(?!(?:many|most|some|several|others|all|none|few|they|we|he|she|it|"
                               r"there)\b)(?:[a-z]+\s+){0,2}[a-z]+(?=\s+(?:a|an|the|one|another|his|her|their)\s)")
_ANOTHER = re.compile(r"\s+(?:one\s+another|another|one\s+other)(?=\s*(?:[.,;]|$|(?:and|in|at|on|near|during)\b))",
                      re.I)
_SUBJECT = re.compile(rf"(?:\b(?P<who>who|he|she|another|one\s+other|the\s+other)|"
                      rf"\b(?:a|an|the|one|another|his|her|their|its)\s+"
                      rf"(?P<np>(?:{_NOT_AUX}[\w'’-]+\s+){{0,5}}?{_NOT_AUX}[\w'’-]+)"
                      rf"(?:\s+and\s+(?:his|her|their|a|an|the)\s+(?P<np2>[\w'’-]+(?:\s+{_NOT_AUX}[\w'’-]+)?))?)"
                      rf"\s+(?:(?:\w+ly|also|later|then|subsequently)\s+)?"
                      rf"(?P<aux>was|were|has\s+been|have\s+been|had\s+been|is|got)?(?:\s+\w+(?:\s+and|,)){{0,3}}"
                      rf"\s*(?:(?:\w+ly|also|later|then)\s+)?$", re.I)
DETERMINER = re.compile(r"\b(?:a|an|the|one|another|his|her|their|its|who|he|she)\b", re.I)
_NAMED = re.compile(r"(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+\s+(?:\w+ly\s+)?(?:was|has\s+been|had\s+been)\s+"
                    r"(?:\w+ly\s+)?$")
_POSSESSOR = re.compile(r"\b(?:a|an|the|one)\s+(?P<np>(?:[\w-]+\s+){0,2}[\w-]+)['’]s\s+$", re.I)
_PREP = re.compile(r"\b(?:of|in|at|from|near|on|with|who|which|that|including|by|during|after)\b", re.I)


def victim_groups(lexicons: Lexicons) -> VictimGroups:
    data = lexicons.toml(LEXICON)
    of = {form_key(f): Group(v["group"], v.get("armed", False), v.get("side", "civilian"))
          for v in data["victim"] for f in expand_all(v["forms"])}
    of.update((form_key(f), Group(None, False)) for f in expand_all(data["nonhuman"]["forms"]))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation(list(of))})(?![\w-])", re.I)
    # grammar skeletons (determiners, auxiliaries, prepositions) stay in the module's patterns; the words
    # that decide whether a figure-less claim word names one victim are lists of claims.toml
    calendar = "|".join(map(re.escape, (*lexicons.word_list(LEXICON, "claim.victim.weekdays"),
                                        *month_names(lexicons, abbreviations=False))))
    name = re.compile(rf"\s+(?!(?:{calendar})\b)(?P<np>(?:[A-Z][\w'’.-]+\s+){{0,3}}[A-Z][\w'’-]+)")
    plurals = frozenset(lexicons.word_list(LEXICON, "claim.victim.plurals"))
    return VictimGroups(of, {g.name: g for g in of.values()}, pattern, name, plurals)


def group_of(phrase: str, groups: VictimGroups) -> Group | None:
    """The group of a lexicon form ("villagers" -> civilians, "tanks" -> a thing); None for other words."""
    return groups.of.get(form_key(phrase))


def group_named(name: str, groups: VictimGroups) -> Group | None:
    return groups.named.get(name)


def head_group(text: str, start: int, end: int, groups: VictimGroups) -> Group | None:
    """The group of the head noun of text[start:end] ("area commander of the front" -> soldiers)."""
    head = _head(text, start, end, groups)
    return groups.of[form_key(head.group())] if head else None


def plural(phrase: str, groups: VictimGroups) -> bool:
    """The phrase ends in a plural noun: one of claim.victim.plurals, or a word in -s that is no "-ss", "-us",
    "-is" or possessive (the endings are form)."""
    last = phrase.split()[-1].lower()
    return last in groups.plurals or (last.endswith("s") and not last.endswith(("ss", "us", "is", "'s", "’s")))


def single_victim(text: str, start: int, end: int, role: str, groups: VictimGroups, *,
                  needs_human: bool) -> Single | None:
    """The person the claim word at text[start:end] names without a figure: its object ("assassinated the
    mayor", "killed four militants and arrested another", "killed Moussa Traore"), a possessor ("a man's body
    was found") or its subject ("a shopkeeper and his son were shot dead"). None when it names no person."""
    group, count, first, last = None, 1, start, end
    obj = _OBJECT.match(text, end) if role != "post" else None
    if obj is None and role == "verb" and (other_verb := _COORDINATED_VERB.match(text, end)):
        obj = _OBJECT.match(text, other_verb.end())  # "lynched and set on fire a suspected thief"
    if obj and (role == "verb" or obj.group("of")):  # "assassinated an economic operator"
        group, last = _person(obj.group("np"), groups, lenient=not needs_human), obj.end("np")
        if group and obj.group("np2") and _person(obj.group("np2"), groups):
            count, last = 2, obj.end()
    elif role == "verb" and (other := _ANOTHER.match(text, end)):
        group, last = SOMEONE, other.end()
    elif role == "verb" and (name := groups.name.match(text, end)) and not plural(name.group("np"), groups):
        group, last = SOMEONE, name.end()
    elif role == "noun" and (owner := _POSSESSOR.search(text, max(0, start - 60), start)):
        group, first = _person(owner.group("np"), groups), owner.start()
    if group is None and role in ("verb", "post") and (subject := _subject(text, start, role, groups, needs_human)):
        group, count, first = subject
    if group is None or group.name is None:
        return None
    return Single(group, count, first, last)


def _subject(text: str, start: int, role: str, groups: VictimGroups,
             needs_human: bool) -> tuple[Group, int, int] | None:
    """A singular (or "X and his Y") subject right before the claim word: the nearest that reads as one."""
    window = max(0, start - 80)
    for pos in reversed([m.start() for m in DETERMINER.finditer(text, window, start)]):
        subj = _SUBJECT.match(text, pos, start)
        if not subj:
            continue
        aux = (subj.group("aux") or "").lower()
        if not (subj.group("who") or aux or role == "post"):
            return None
        count = 2 if subj.group("np2") else 1
        if count == 1 and aux.startswith(("were", "have")):
            continue  # a plural subject without a figure: "the soldiers were killed"
        lenient = bool(aux) and role == "verb" and not needs_human  # "the deal is dead" is no victim
        group = SOMEONE if subj.group("who") else _person(subj.group("np"), groups, lenient=lenient)
        if group:
            return group, count, subj.start()  # else a thing: "a man driving a motorcycle was shot"
    named = _NAMED.search(text, window, start)
    return (SOMEONE, 1, named.start()) if named else None


def _person(phrase: str, groups: VictimGroups, *, lenient: bool = False) -> Group | None:
    """The group of a singular person noun heading the phrase ("the council's second-in-command" -> officials);
    `lenient` takes any singular noun that is no known thing ("a Barangay chairperson was shot dead")."""
    head = _head(phrase, 0, len(phrase), groups, people=True)
    if head:
        group = groups.of[form_key(head.group())]
        return None if group.name is None or plural(head.group(), groups) else group
    return SOMEONE if lenient and not plural(phrase.split(" of ")[0], groups) else None


def _head(text: str, start: int, end: int, groups: VictimGroups, *, people: bool = False) -> re.Match[str] | None:
    """The head noun's group match: the last one before a preposition ("area commander of the front"); with
    `people`, the last person before it ("a man transporting fuel")."""
    found = list(groups.pattern.finditer(text, start, end))
    cut = next((m.start() for m in _PREP.finditer(text, start, end)
                if not any(g.start() <= m.start() < g.end() for g in found)), end)
    before = [g for g in found if g.start() < cut]
    persons = [g for g in before if groups.of[form_key(g.group())].name] if people else []
    if persons or before:
        return (persons or before)[-1]
    return found[0] if found else None
