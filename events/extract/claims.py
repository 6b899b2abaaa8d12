"""Casualty and force-size claims as a coder reads them: what was counted, how many, who says so, how sure.

One figure gives one claim; "killing two soldiers and injuring five others" gives two. The words come from
lexicons/claims.toml and every claim's `rule` lists the ids of the entries used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from events.extract.quantities import LEXICON, Quantity, alternation, find_quantities
from events.extract.text import Sentence
from events.lexicon import expand_all, read_toml


@dataclass(frozen=True, slots=True)
class ClaimMention:
    kind: str  # killed, injured, casualties, captured, abducted, missing, displaced, arrested, combatants
    count_low: int | None
    count_high: int | None
    qualifier: str
    coded: int | None
    victim: str | None
    claimant: str  # "reporter" when the article asserts it
    claimant_start: int | None  # article offsets of the claimant phrase (None: from the title)
    claimant_end: int | None
    hedged: bool
    hedges: tuple[str, ...]
    start: int  # article offsets of the claim span
    end: int
    evidence: str
    sentence_index: int
    rule: str


@dataclass(frozen=True, slots=True)
class _Trigger:
    id: str
    kind: str
    role: str  # verb | post | noun | toll (see claims.toml)
    needs_human: bool
    armed_only: bool
    not_armed: bool
    blocked_by: re.Pattern[str] | None
    not_after: frozenset[str]  # after these words the match is read again from its second word


@dataclass(frozen=True, slots=True)
class _Group:
    name: str | None  # None: a thing, not people
    armed: bool


@dataclass(frozen=True, slots=True)
class _Draft:  # a claim with offsets in its sentence, before attribution and hedges
    kind: str
    low: int | None
    high: int | None
    qualifier: str
    coded: int | None
    victim: str | None
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    pat: dict[str, re.Pattern[str]]  # compiled matchers by name
    trigger_of: dict[str, _Trigger]
    group_of: dict[str, _Group]  # people groups and (name None) things
    group_named: dict[str | None, _Group]
    hedge_of: dict[str, tuple[str, str]]  # form -> (id, scope)
    words: dict[str, frozenset[str]]  # link, pronouns, np_stop, participles, function
    windows: tuple[int, int]  # modal, negation


Hit = tuple[int, int, _Trigger]
_SOMEONE = _Group("someone", False)  # a person by name or context, of no known group


def _alt(forms: Sequence[str]) -> str:
    return alternation(forms)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


@cache
def _lexicon() -> _Lexicon:
    data = read_toml(LEXICON)
    forms = {k: expand_all(v) for part in ("block", "zero", "attribution", "grammar")
             for k, v in data[part].items() if isinstance(v, str) and k != "id"}
    alt = {k: _alt(v) for k, v in forms.items()}
    trigger_of: dict[str, _Trigger] = {}
    for e in data["trigger"]:
        blocked = expand_all(e.get("blocked_by", ""))
        trigger_of.update((_key(f), _Trigger(
            e["id"], e["kind"], e["role"], e.get("needs_human", False), e.get("armed_only", False),
            e.get("not_armed", False), re.compile(rf"\b{_alt(blocked)}\b", re.I) if blocked else None,
            frozenset(expand_all(e.get("not_after", ""))),
        )) for f in expand_all(e["forms"]))
    group_of = {_key(f): _Group(v["group"], v.get("armed", False))
                for v in data["victim"] for f in expand_all(v["forms"])}
    group_of.update((_key(f), _Group(None, False)) for f in expand_all(data["nonhuman"]["forms"]))
    hedge_of = {_key(f): (h["id"], h["scope"]) for h in data["hedge"] for f in expand_all(h["forms"])}
    nouns = _alt([f for f, t in trigger_of.items() if t.role in ("noun", "toll") or t.kind == "injured"])
    verbs = _alt([f for f, t in trigger_of.items() if t.role == "verb"])
    modal = _alt([f for f in forms["modal"] if f not in ("may", "might", "could")])
    strings = r"""(?P<x>[^,;:.()"“”]+)"""

    def word(forms: Sequence[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{_alt(forms)})(?![\w-])", re.I)

    pat = {
        "trigger": re.compile(rf"(?:(?<![\w-])(?:{_alt([f for f in trigger_of if f[0] != '-'])})|-strong)"
                              r"(?!\w)", re.I),
        "group": word(list(group_of)), "hedge": word(list(hedge_of)), "speech": word(forms["speech"]),
        "modal": re.compile(rf"(?<![\w-])(?:{modal}|(?:may|might|could)(?!\s+(?:have|well)\b))(?![\w-])",
                            re.I),
        "negation": re.compile(rf"(?<![\w-])(?:{alt['negation']})(?!\w)", re.I),
        "zero": re.compile(rf"\b(?:{alt['negators']})\s+(?:(?:{alt['fillers']})\s+){{0,4}}(?:{nouns})\b",
                           re.I),
        "nobody": re.compile(rf"\b(?:{alt['nobody']})\s+(?:[\w'’-]+\s+){{0,4}}?(?:was|were|got|has been|"
                             rf"have been|had been)\s+(?:\w+ly\s+)?(?:{verbs})\b", re.I),
        "according": re.compile(rf"\b(?:{alt['according']})\s+{strings}", re.I),
        "issued": re.compile(rf"\s(?:{alt['issue']})\s+(?:an?\s+|its\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?"
                             rf"(?:{alt['documents']})\b", re.I),
        "document": re.compile(rf"\b(?:{alt['documents']})\s+(?:{alt['document_of']})\s+{strings}", re.I),
        "channel": re.compile(rf"(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{alt['channels']})\s+"
                              rf"(?:of|for|from|at)\s+(?P<org>.+)$|(?P<own>.+?)['’]s?\s+(?:[\w-]+\s+)?"
                              rf"(?:{alt['channels']}|{alt['documents']})$", re.I),
        "tails": re.compile(rf"\s+(?:{alt['tails']})\b.*$|\s*[,(].*$|\s+and\s+(?:\w+ed|by)\b.*$",
                            re.I | re.S),
        "tail": re.compile(rf"(?:{_BRIDGE}\s*\b(?:were|was|are|is|have|has|had|got)\b)?"
                           rf"(?:\s*\b(?:{alt['tail']})\b)*\s*['‘\"“]?", re.I),
        "filler": re.compile(rf"\s*(?:(?:{alt['filler']})\s+)*[\"“‘']?", re.I),
        "inherit": re.compile(rf"\s*(?:{alt['inherit']})\b", re.I),
    }
    words = {k: frozenset(forms[k]) for k in ("pronouns", "np_stop", "participles", "function")}
    words["link"] = frozenset(expand_all(data["link"]["words"]))
    windows = (data["block"]["window"], data["block"]["negation_window"])
    named = {g.name: g for g in group_of.values()}
    return _Lexicon(pat, trigger_of, group_of, named, hedge_of, words, windows)


def find_claims(sentences: Sequence[Sentence], *, title: str | None = None) -> list[ClaimMention]:
    """Every claim in the article's sentences, in text order, each with its claimant and hedges."""
    lex = _lexicon()
    found = {n: drafts for n, s in enumerate(sentences) if (drafts := _drafts(s.text, lex))}
    attrs: dict[int, list[_Attr]] = {}
    out: list[ClaimMention] = []
    for n, drafts in found.items():
        s, hedges = sentences[n], _hedges(sentences, n, lex)
        for d in drafts:
            name, c_start, c_end, c_rule = _claimant(sentences, n, d, title, attrs, n + 1 in found, lex)
            out.append(ClaimMention(
                d.kind, d.low, d.high, d.qualifier, d.coded, d.victim, name, c_start, c_end, bool(hedges),
                hedges, s.start + d.start, s.start + d.end, s.text[d.start:d.end], s.index, d.rule + c_rule))
    return out


# --- figures and their triggers ------------------------------------------------------------------------

_WORD = re.compile(r"\s*([\w'’/-]+)")
_OF = re.compile(r"[\"”’']?\s+of\s+(?:the\s+|those\s+|these\s+)?", re.I)
_BRIDGE = (r"(?P<bridge>,?\s*(?:including|among them|among whom|mostly|mainly|most of them|all of them)\b"
           r"[^;:.()]{0,90}?,?|,?\s+and\s+(?:a|an|one|another|his|her|their|the)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}?)")
_PAREN = re.compile(r"\s*\([^()]{0,80}\)")
_CHAIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+|plus\s+|along\s+with\s+)", re.I)
_FROM = re.compile(r"\bfrom\s+$", re.I)
_NOT_AUX = r"(?!(?:was|were|is|are|has|have|had)\b|and\s+(?:a|an|the|his|her|their|one|another)\b)"
_NP = rf"(?:{_NOT_AUX}[\w'’-]+\s+){{0,3}}{_NOT_AUX}[\w'’-]+"
_OBJECT = re.compile(rf"\s+(?P<of>of\s+)?(?:a|an|the|one|another|his|her|their|its|our)\s+(?P<np>{_NP})"
                     rf"(?:\s+and\s+(?:a|an|the|his|her|their|another)\s+(?P<np2>{_NP}))?", re.I)
_ANOTHER = re.compile(r"\s+(?:one\s+another|another|one\s+other)(?=\s*(?:[.,;]|$|(?:and|in|at|on|near|during)\b))",
                      re.I)
_NAME = re.compile(r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
                   r"May|June|July|August|September|October|November|December)\b)"
                   r"(?P<np>(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+)")
_SUBJECT = re.compile(rf"(?:\b(?P<who>who|he|she|another|one\s+other|the\s+other)|"
                      rf"\b(?:a|an|the|one|another|his|her|their|its)\s+"
                      rf"(?P<np>(?:{_NOT_AUX}[\w'’-]+\s+){{0,5}}?{_NOT_AUX}[\w'’-]+)"
                      rf"(?:\s+and\s+(?:his|her|their|a|an|the)\s+(?P<np2>[\w'’-]+(?:\s+{_NOT_AUX}[\w'’-]+)?))?)"
                      rf"\s+(?:(?:\w+ly|also|later|then|subsequently)\s+)?"
                      rf"(?P<aux>was|were|has\s+been|have\s+been|had\s+been|is|got)?(?:\s+\w+\s+and)?"
                      rf"\s*(?:(?:\w+ly|also|later|then)\s+)?$", re.I)
_DET = re.compile(r"\b(?:a|an|the|one|another|his|her|their|its|who|he|she)\b", re.I)
_NAMED = re.compile(r"(?:[A-Z][\w'’.-]+\s+){0,3}[A-Z][\w'’-]+\s+(?:\w+ly\s+)?(?:was|has\s+been|had\s+been)\s+"
                    r"(?:\w+ly\s+)?$")
_POSSESSOR = re.compile(r"\b(?:a|an|the|one)\s+(?P<np>(?:[\w-]+\s+){0,2}[\w-]+)['’]s\s+$", re.I)
_PREP = re.compile(r"\b(?:of|in|at|from|near|on|with|who|which|that|including|by|during|after)\b", re.I)


def _drafts(text: str, lex: _Lexicon) -> list[_Draft]:
    hits = _hits(text, lex)
    if not hits:
        return []
    qs = [q for q in find_quantities(text) if not any(s < q.end and q.start < e for s, e, _ in hits)]
    starts = frozenset(q.start for q in qs)
    phrases = [_noun_phrase(text, q, hits, starts, lex) for q in qs]
    chains: dict[int, int] = {}  # hit -> end of the last object it took ("killed 3 soldiers and 2 civilians")
    links: list[tuple[int, int, int, bool] | None] = []
    victims: list[str | None] = []
    previous: str | None = None
    for q, (victim, np_end, thing, inherit) in zip(qs, phrases, strict=True):
        link = None
        if not any(lk and lk[1] < q.start and q.end <= lk[2] for lk in links):  # no part ("including 2 ...")
            victim = victim or (previous if inherit or np_end == q.end else None)  # "... and five others"
            noun = next((h for h in hits if h[0] >= np_end and not text[np_end:h[0]].strip()), None)
            named = lex.group_of.get(_key(text[noun[0]:noun[1]])) if noun and victim is None else None
            victim = named.name if named and named.name != "people" else victim  # "4 prisoners", "9 IDPs"
            link = _link(text, q, np_end, hits, qs, chains, lex)
        if link and _acceptable(text, q, victim, thing, hits[link[0]], link[1], link[2], lex):
            previous = victim
            if link[3]:
                chains[link[0]] = link[2]
        else:
            link = None
        links.append(link)
        victims.append(victim)
    for i in range(len(qs) - 2, -1, -1):  # "12 soldiers and 3 civilians were killed": both figures
        nxt = links[i + 1]
        if links[i] is None and nxt and hits[nxt[0]][0] > qs[i + 1].start and hits[nxt[0]][2].role != "noun" \
                and phrases[i][0] and _CHAIN.fullmatch(text[phrases[i][1]:qs[i + 1].start]):
            links[i], victims[i] = (nxt[0], qs[i].start, nxt[2], False), victims[i] or victims[i + 1]
    drafts = [_Draft(hits[lk[0]][2].kind, q.low, q.high, q.qualifier, q.coded, v, lk[1], lk[2],
                     f"{hits[lk[0]][2].id}+{q.rule}")
              for q, v, lk in zip(qs, victims, links, strict=True) if lk]
    zeros = _zeros(text, lex)
    used = {lk[0] for lk in links if lk}
    drafts += _singulars(text, [h for i, h in enumerate(hits) if i not in used
                                and not any(z.start <= h[0] < z.end for z in zeros)], lex)
    if zeros and "injur" in zeros[0].rule and any(d.kind == "killed" for d in drafts):
        zeros = [replace(zeros[0], kind="injured")]  # "3 killed, no injuries reported"
    return sorted(drafts + zeros, key=lambda d: d.start)


def _hits(text: str, lex: _Lexicon) -> list[Hit]:
    hits: list[Hit] = []
    for m in lex.pat["trigger"].finditer(text):
        trigger = lex.trigger_of[_key(m.group())]
        before = text[max(0, m.start() - 20):m.start()].split()
        again = lex.pat["trigger"].match(text, m.start() + len(m.group().split()[0]) + 1) \
            if before and before[-1].lower() in trigger.not_after else None
        if again:  # "leading to death of one protester": the noun "death"
            hits.append((again.start(), again.end(), lex.trigger_of[_key(again.group())]))
        elif not (before and before[-1].lower() in trigger.not_after):
            hits.append((m.start(), m.end(), trigger))
    return hits


def _noun_phrase(text: str, q: Quantity, hits: list[Hit], starts: frozenset[int],
                 lex: _Lexicon) -> tuple[str | None, int, bool, bool]:
    """(victim group, end of the noun phrase after the figure, counts things not people, says "others")."""
    of = _OF.match(text, q.end)
    pos = end = of.end() if of else q.end
    stop = min([s for s, _, _ in hits if s >= q.end] + [len(text)])
    for _ in range(10):
        span = _PAREN.match(text, pos, stop) or _WORD.match(text, pos, stop)  # "3 fighters (incl. ...) dead"
        word = span.group(1) if span and span.re is _WORD else ""
        word = word if word.isupper() and len(word) > 1 else word.lower()  # "IS militants", not "is"
        if span and span.re is _WORD and (span.start(1) in starts or lex.pat["speech"].fullmatch(word)):
            break  # "Two witnesses told reporters 9 people died"
        if not span or word in lex.words["np_stop"] or (word == "and"
                                                         and not _joins(text, span.end(), stop, starts, lex)):
            break
        pos = end = span.end()
    end = end if of is None or end > of.end() else q.end
    head = _head(text, q.end, end, lex)
    group = lex.group_of[_key(head.group())] if head else _Group("", False)
    return group.name or None, end, group.name is None, bool(lex.pat["inherit"].match(text, q.end))


def _joins(text: str, pos: int, stop: int, starts: frozenset[int], lex: _Lexicon) -> bool:
    """ "and" inside a noun phrase ("5 JTF and Kamuku militiamen", "soldiers and civilians"), not a verb's."""
    for _ in range(3):  # "soldiers and alleged Syrian mercenaries"
        after = _WORD.match(text, pos, stop)
        if not after or after.group(1).lower() in lex.words["np_stop"] or after.start(1) in starts \
                or _DET.fullmatch(after.group(1)):
            return False  # another figure or another noun phrase: "8 soldiers and two civilians", "... and a guard"
        group = lex.group_of.get(_key(after.group(1)))
        if after.group(1)[0].isupper() or (group is not None and group.name is not None):
            return True
        pos = after.end()
    return False


def _link(text: str, q: Quantity, np_end: int, hits: list[Hit], qs: list[Quantity], chains: dict[int, int],
          lex: _Lexicon) -> tuple[int, int, int, bool] | None:
    """The trigger this figure counts for: (hit, claim start, claim end, as its object), nearest of the best
    kind. Best first: its object ("executed 4 prisoners"), next to it ("12 fatalities"), its subject
    ("12 soldiers were killed"), next in a list ("killed 12 soldiers and 3 civilians"), a toll ("rose to 30")."""
    best: tuple[int, int, int, int, int] | None = None  # priority, distance, hit, start, end
    for hi, (hs, he, t) in enumerate(hits):
        cand = None
        if hs >= q.end and t.role != "toll":
            tail = lex.pat["tail"].fullmatch(text, np_end, hs)
            if _between(qs, tail.end("bridge") if tail and tail.group("bridge") else np_end, hs):
                continue
            if not text[q.end:hs].strip(" -") or (t.role == "noun" and not text[np_end:hs].strip()):
                cand = (1, hs - q.end, hi, q.start, he)
            elif tail:
                cand = (2, hs - q.end, hi, q.start, he)
        elif he <= q.start and t.role == "verb":
            if lex.pat["filler"].fullmatch(text, he, q.start):
                cand = (0, q.start - he, hi, hs, np_end)
            elif hi in chains and _CHAIN.fullmatch(text, chains[hi], q.start):
                cand = (3, q.start - he, hi, q.start, np_end)
        elif he <= q.start and t.role in ("noun", "toll"):
            words = re.findall(r"[\w'’]+|:", _without(text, he, q.start, qs))
            if 0 < len(words) <= 10 and all(w.lower() in lex.words["link"] for w in words) \
                    and ";" not in text[he:q.start]:
                cand = (4, q.start - he, hi, hs, np_end)
        if cand and (best is None or cand[:2] < best[:2]):
            best = cand
    return None if best is None else (best[2], best[3], best[4], best[0] in (0, 3))


def _between(qs: list[Quantity], start: int, end: int) -> bool:
    return any(start <= q.start and q.end <= end for q in qs)


def _without(text: str, start: int, end: int, qs: list[Quantity]) -> str:
    """The gap with the old figure of a change blanked: "the toll rose from 10 to 30" links the toll to 30."""
    gap = text[start:end]
    for q in qs:
        if start <= q.start and q.end <= end and _FROM.search(text, 0, q.start):
            gap = gap.replace(q.text, " ")
    return gap


def _acceptable(text: str, q: Quantity, victim: str | None, thing: bool, hit: Hit, start: int, end: int,
                lex: _Lexicon) -> bool:
    trigger = hit[2]
    group = lex.group_named.get(victim) if victim else None
    return not (thing or (_FROM.search(text, 0, q.start) and re.match(r"\s+to\s+\S", text[q.end:]))
                or (trigger.needs_human and victim is None)
                or (trigger.armed_only and not (group and group.armed or victim == "men"))
                or (trigger.not_armed and group and group.armed)
                or (trigger.blocked_by and trigger.blocked_by.search(_clause(text, min(start, q.start), end)))
                or _blocked(text, min(start, q.start), hit[0], lex))


def _clause(text: str, start: int, end: int) -> str:
    """A span with the three words before it and the rest of its clause: "freed 30 hostages" and "30 prisoners
    were later released" are no captures; "freed the town and took 60 prisoners" is one."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start), 0)
    left += re.search(r"(?:\S+\s+){0,3}$", text[left:start]).start()  # type: ignore[union-attr]
    right = min((i for i in (text.find(";", end), text.find(". ", end)) if i >= 0), default=len(text))
    return text[left:right]


def _blocked(text: str, start: int, hit_start: int, lex: _Lexicon) -> bool:
    """Hypothetical, threatened, denied or negated: the few words before it, within its clause."""
    window = [w for w in re.split(r"[;:,]", text[max(0, start - 80):start])[-1].split() if w != "May"]
    window = window[-lex.windows[0]:]  # the month is no modal
    before = re.split(r"[;:,]", text[max(0, hit_start - 40):hit_start])[-1].split()[-lex.windows[1]:]
    return bool(lex.pat["modal"].search(" ".join(window)) or lex.pat["negation"].search(" ".join(before)))


def _singulars(text: str, hits: list[Hit], lex: _Lexicon) -> list[_Draft]:
    """Victims named without a figure: "killed a farmer", "a man was shot dead", "the body of a woman",
    "a councillor and his wife were shot dead" (two)."""
    out: list[_Draft] = []
    for hs, he, t in hits:
        if t.role == "toll" or t.kind in ("combatants", "displaced") or _blocked(text, hs, hs, lex):
            continue  # a force or a displacement is never one person
        group, count, start, end = None, 1, hs, he
        obj = _OBJECT.match(text, he) if t.role != "post" else None
        if obj and (t.role == "verb" or obj.group("of")):  # "assassinated an economic operator"
            group, end = _person(obj.group("np"), lex, lenient=not t.needs_human), obj.end("np")
            if group and obj.group("np2") and _person(obj.group("np2"), lex):
                count, end = 2, obj.end()
        elif t.role == "verb" and (other := _ANOTHER.match(text, he)):
            group, end = _SOMEONE, other.end()  # "killed four militants and arrested another"
        elif t.role == "verb" and (name := _NAME.match(text, he)) and not _plural(name.group("np")):
            group, end = _SOMEONE, name.end()
        elif t.role == "noun" and (owner := _POSSESSOR.search(text, max(0, hs - 60), hs)):
            group, start = _person(owner.group("np"), lex), owner.start()  # "a man's body was found"
        if group is None and t.role in ("verb", "post") and (subject := _subject_of(text, hs, t, lex)):
            group, count, start = subject
        if group is None or group.name is None or (t.needs_human and group is _SOMEONE) \
                or (t.blocked_by and t.blocked_by.search(_clause(text, start, end))) \
                or any(d.kind == t.kind and d.start < end and start < d.end for d in out):  # "X's death ... died"
            continue
        victim = None if group is _SOMEONE or group.name == "people" else group.name
        out.append(_Draft(t.kind, count, count, "exact", count, victim, start, end, f"{t.id}+claim.singular"))
    return out


def _subject_of(text: str, hs: int, t: _Trigger, lex: _Lexicon) -> tuple[_Group, int, int] | None:
    """A singular (or "X and his Y") subject right before the trigger: the nearest that reads as one."""
    window = max(0, hs - 80)
    for pos in reversed([m.start() for m in _DET.finditer(text, window, hs)]):
        subj = _SUBJECT.match(text, pos, hs)
        if not subj:
            continue
        aux = (subj.group("aux") or "").lower()
        if not (subj.group("who") or aux or t.role == "post"):
            return None
        count = 2 if subj.group("np2") else 1
        if count == 1 and aux.startswith(("were", "have")):
            continue  # a plural subject without a figure: "the soldiers were killed"
        lenient = bool(aux) and t.role == "verb" and not t.needs_human  # "the deal is dead" is no victim
        group = _SOMEONE if subj.group("who") else _person(subj.group("np"), lex, lenient=lenient)
        if group:
            return group, count, subj.start()  # else a thing: "a man driving a motorcycle was shot"
    named = _NAMED.search(text, window, hs)
    return (_SOMEONE, 1, named.start()) if named else None


def _person(phrase: str, lex: _Lexicon, *, lenient: bool = False) -> _Group | None:
    """The group of a singular person noun heading the phrase ("the council's second-in-command" -> officials);
    `lenient` takes any singular noun that is no known thing ("a Barangay chairperson was shot dead")."""
    head = _head(phrase, 0, len(phrase), lex, people=True)
    if head:
        group = lex.group_of[_key(head.group())]
        return None if group.name is None or _plural(head.group()) else group
    return _SOMEONE if lenient and not _plural(phrase.split(" of ")[0]) else None


def _head(text: str, start: int, end: int, lex: _Lexicon, *, people: bool = False) -> re.Match[str] | None:
    """The head noun's group match: the last one before a preposition ("area commander of the front"); with
    `people`, the last person before it ("a man transporting fuel")."""
    found = list(lex.pat["group"].finditer(text, start, end))
    cut = next((m.start() for m in _PREP.finditer(text, start, end)
                if not any(g.start() <= m.start() < g.end() for g in found)), end)
    before = [g for g in found if g.start() < cut]
    persons = [g for g in before if lex.group_of[_key(g.group())].name] if people else []
    if persons or before:
        return (persons or before)[-1]
    return found[0] if found else None


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower()
    return last in ("men", "women", "children", "people", "police", "personnel", "forces") or (
        last.endswith("s") and not last.endswith(("ss", "us", "is", "'s", "’s")))


def _zeros(text: str, lex: _Lexicon) -> list[_Draft]:
    """ "No casualties were reported", "no one was hurt": a count of 0 (deaths, unless of another kind)."""
    m = lex.pat["zero"].search(text) or lex.pat["nobody"].search(text)
    if m is None:
        return []
    trigger = [lex.trigger_of[_key(t.group())] for t in lex.pat["trigger"].finditer(m.group())][-1]
    kind = "killed" if trigger.kind in ("killed", "injured", "casualties") else trigger.kind
    return [_Draft(kind, 0, 0, "exact", 0, None, m.start(), m.end(), f"{trigger.id}+claim.zero")]


# --- who says so, how sure -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Attr:
    name: str
    start: int  # offsets of the cleaned phrase in its sentence
    end: int
    cue: int  # where the attribution stands, to pick the nearest
    rule: str
    pronoun: bool


_BOUNDARY = re.compile(r"[,;:\"“”(\[—–]|\s(?:and|but|that|while|as|because|after|when|where|if|although|"
                       r"though)\s", re.I)
_APPOSITION = re.compile(r"(?:^|[;:\"“”(]\s*)(?P<name>(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*)\s*,\s*$")
_LEAD = re.compile(r"(?:(?:the|a|an|its|their|his|her|this|these|those|also|then|later)\s+)+", re.I)
_ASIDE = frozenset(("who", "which", "speaking", "citing", "quoting", "adding", "because", "although", "though",
                    "while", "when", "after", "in", "on", "at", "as", "based", "stationed", "deployed", "operating"))
_BARE = frozenset(("", "in", "on", "so", "this", "late", "earlier", "later", "at", "via", "through", "today",
                   "yesterday", "afterwards", "then"))
_AUX = frozenset(("was", "were", "is", "are", "been", "be", "being", "has", "have", "had"))
_INVERTED = re.compile(r"\s+(?P<x>(?:the\s+|a\s+|an\s+)?[A-Z\w][^,;:.()\"“”]*)")
_INVERTIBLE = frozenset(("said", "says", "added", "stated", "wrote", "reported", "claimed"))


def _attributions(text: str, lex: _Lexicon) -> list[_Attr]:
    """ "according to X", "a statement from X", "X issued a communiqué", "X said", "..., said X"."""
    out: list[_Attr] = []
    for name, rule in (("according", "attr.according"), ("document", "attr.document")):
        for m in lex.pat[name].finditer(text):
            out += _clean(text, *m.span("x"), m.start(), rule, lex)
    for m in lex.pat["issued"].finditer(text):
        out += _subject(text, m.start(), "attr.issued", lex)
    for m in lex.pat["speech"].finditer(text):
        if not _speech(text, m, lex):
            continue
        found = _subject(text, m.start(), "attr.speech", lex)
        if not found and m.group().lower() in _INVERTIBLE and re.search(r"[,\"”’]\s*$", text[:m.start()]) \
                and (inv := _INVERTED.match(text, m.end())):  # "..., said the army spokesman"
            found = _clean(text, *inv.span("x"), m.start(), "attr.speech", lex)
        out += found
    return out


def _speech(text: str, m: re.Match[str], lex: _Lexicon) -> bool:
    """Not "claimed the lives of", "reported fatalities", "alleged LNA forces", "an estimated 300" or
    "reports indicated": there the word is part of a claim, an adjective or a noun."""
    after = _WORD.match(text, m.end())
    if lex.pat["trigger"].match(text, m.start()) or after and lex.pat["trigger"].match(text, after.start(1)):
        return False
    return not (m.group().lower() in lex.words["participles"] and after and (
        after.group(1)[0].isupper() or lex.pat["speech"].fullmatch(after.group(1))
        or re.search(r"\b(?:an?|the)\s+$", text[:m.start()], re.I)))


def _subject(text: str, verb: int, rule: str, lex: _Lexicon) -> list[_Attr]:
    """The claimant before a speech verb: back to the clause start, or the name before an apposition."""
    seg = text[:verb].rstrip().rstrip(",").rstrip()
    for _ in range(4):  # step over asides: "X, who asked not to be named, said", "X, in a statement, said"
        boundaries = list(_BOUNDARY.finditer(seg))
        last = boundaries[-1] if boundaries else None
        start = last.end() if last else 0
        first = (seg[start:].split() or [""])[0].lower()
        if not last or not (first in _ASIDE or first in lex.words["pronouns"] and len(seg[start:].split()) > 1):
            break
        seg = seg[:last.start()].rstrip().rstrip(",").rstrip()
    if seg[start - 1:start] == "," and re.match(r"\s*(?:a|an|the)\s", seg[start:]) and \
            (app := _APPOSITION.search(seg, 0, start)):  # "Ali Hassan, a village elder, told AFP"
        return _clean(text, *app.span("name"), verb, rule, lex)
    inner = list(lex.pat["speech"].finditer(seg, start))
    start = inner[-1].end() if inner else start  # "... but said preliminary reports indicated": the reports
    words = [w.lower() for w in seg[start:].split()]
    if not words or len(words) > 10 or words[0] in ("there", "it") or _AUX.intersection(words) \
            or re.search(r"\d|n[’']t\b", seg[start:]):
        return []  # "it was reported", "there are no reports", "12 soldiers were reported"
    return _clean(text, start, len(seg), verb, rule, lex)


def _clean(text: str, start: int, end: int, cue: int, rule: str, lex: _Lexicon) -> list[_Attr]:
    """Strip determiners and trailing clauses; keep the organisation behind an account or a spokesman."""
    start += len(text[start:end]) - len(text[start:end].lstrip())
    tail = lex.pat["tails"].search(text, start, end)
    end = tail.start() if tail else end
    channel = lex.pat["channel"].match(text, start, end)
    if channel:
        start, end = channel.span("org") if channel.group("org") else channel.span("own")
    lead = _LEAD.match(text, start, end)
    start = lead.end() if lead else start
    while start < end and text[start] in " *_'\"“‘-–—":
        start += 1
    while end > start and text[end - 1] in " *_'\"”’.":
        end -= 1
    name = re.sub(r"\s+", " ", text[start:end])
    if not re.search(r"[^\W\d]", name) or len(name.split()) > 8 \
            or lex.words["function"].issuperset(name.lower().split()) \
            or lex.pat["trigger"].search(name):
        return []
    return [_Attr(name, start, end, cue, rule, name.lower() in lex.words["pronouns"])]


def _claimant(sentences: Sequence[Sentence], n: int, d: _Draft, title: str | None,
              cache_: dict[int, list[_Attr]], next_claims: bool,
              lex: _Lexicon) -> tuple[str, int | None, int | None, str]:
    """Same sentence; else the next (after a quote, or a short "the army said" with no claim of its own)
    or the previous (a quote it opens); pronouns resolve to the last named source; else title; else reporter."""
    def attrs(i: int) -> list[_Attr]:
        if i not in cache_:
            cache_[i] = _attributions(sentences[i].text, lex) if 0 <= i < len(sentences) else []
        return cache_[i]

    text = sentences[n].text
    chosen, where, rule = None, n, ""
    if attrs(n):
        chosen = min(attrs(n), key=lambda a: abs(a.cue - d.start))
    elif attrs(n + 1) and (re.search("[\"“”]", text) or not next_claims and _bare(sentences[n + 1].text, lex)):
        chosen, where, rule = attrs(n + 1)[0], n + 1, "+attr.next"
    elif n > 0 and attrs(n - 1) and (text.lstrip()[:1] in "\"“"
                                     or sentences[n - 1].text.rstrip().endswith(":")):
        chosen, where, rule = attrs(n - 1)[-1], n - 1, "+attr.previous"
    if chosen and chosen.pronoun:
        named = [(i, a) for i in range(where - 1, max(-1, where - 4), -1)
                 for a in attrs(i)[::-1] if not a.pronoun]
        if not named:
            return "unnamed source", None, None, f"+{chosen.rule}"
        (where, chosen), rule = named[0], rule + "+attr.coref"
    if chosen:
        offset = sentences[where].start
        return chosen.name, offset + chosen.start, offset + chosen.end, f"+{chosen.rule}{rule}"
    if title and d.low is not None and any(q.low == d.low for q in find_quantities(title)):  # the headline's figure
        named_in_title = [a for a in _attributions(title, lex) if not a.pronoun]
        if named_in_title and any(d.kind == c.kind for c in _drafts(title, lex)):
            return named_in_title[0].name, None, None, f"+{named_in_title[0].rule}+attr.title"
    return "reporter", None, None, ""


def _bare(text: str, lex: _Lexicon) -> bool:
    """A sentence that only attributes ("The army said in a statement."), not one that says more."""
    verb = next((m for m in lex.pat["speech"].finditer(text) if _speech(text, m, lex)), None)
    rest = text[verb.end():].split() if verb else ["?"]
    return len(rest) <= 6 and (not rest or rest[0].lower().strip(".") in _BARE)


def _hedges(sentences: Sequence[Sentence], n: int, lex: _Lexicon) -> tuple[str, ...]:
    """Hedge words of the claim's sentence, and verification caveats of the sentences either side."""
    found: list[str] = []
    for i in (n - 1, n, n + 1):
        for m in lex.pat["hedge"].finditer(sentences[i].text) if 0 <= i < len(sentences) else ():
            word = _key(m.group())
            if (i == n or lex.hedge_of[word][1] == "neighbours") and word not in found:
                found.append(word)
    return tuple(found)
