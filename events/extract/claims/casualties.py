"""Casualty and force-size claims as a coder reads them: what was counted, how many, who says so, how sure.

One figure gives one claim; "killing two soldiers and injuring five others" gives two. The words come from
lexicons/claims.toml and every claim's `rule` lists the ids of the entries used (the [[list]] tables claim.* decide
bridges, chains, blocking modals, zero claims and single victims; auxiliaries and determiners stay as grammar).
Who was counted is read by events/extract/claims/victims.py, who says so and how sure by
events/extract/claims/attribution.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from events.extract.claims.attribution import (
    AttributionLexicon,
    Source,
    Sources,
    attribution_lexicon,
    claim_word_pattern,
    headline_source,
    scanned_patterns,
    speech_word,
)
from events.extract.claims.quantities import (
    DIGIT_STARTS,
    LEXICON,
    Quantity,
    QuantityLexicon,
    alternation,
    atom_pattern,
    quantities_in,
    quantity_lexicon,
)
from events.extract.claims.victims import (
    DETERMINER,
    SOMEONE,
    VictimGroups,
    group_named,
    group_of,
    head_group,
    single_victim,
    victim_groups,
)
from events.extract.matcher import Scanner, Starts
from events.extract.text import Sentence
from events.lexicon import Lexicons, WordList, expand_all, form_key


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
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


@dataclass(slots=True)  # not frozen: quicker to build, and never changed
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
    """claims.toml compiled for claims (build with `lexicons.compiled(_lexicon)`), with the compiled values of the
    same lexicons that quantities, victims and attribution read."""

    pat: dict[str, re.Pattern[str]]  # compiled matchers by name
    trigger_of: dict[str, _Trigger]
    words: dict[str, frozenset[str]]  # link, np_stop, abbreviations and the [[list]] tables by id
    windows: tuple[int, int]  # modal, negation
    scanner: Scanner  # trigger, zero, nobody, the atoms of quantities and what Sources reads: where a form stands
    quantities: QuantityLexicon
    groups: VictimGroups
    attribution: AttributionLexicon


Hit = tuple[int, int, _Trigger]
_REPORTER = Source("reporter", None, None, "")
PART = "claim.part"  # the rule part of a figure that counts a part of a group counted before ("20 of them")
# the [[list]] tables of claims.toml this module reads (victims, quantities and attribution read their own)
_LISTS = ("claim.bridge", "claim.chain", "claim.force.men", "claim.block.weak_modals", "claim.block.hedged_after",
          "claim.block.not_modal", "claim.kind.no_single", "claim.zero.deaths", "claim.zero.injuries",
          "claim.victim.unnamed", "claim.part")


def _lexicon(lexicons: Lexicons) -> _Lexicon:
    data = lexicons.toml(LEXICON)
    forms = {k: expand_all(v) for part in ("block", "zero", "grammar")
             for k, v in data[part].items() if isinstance(v, str) and k != "id"}
    alt = {k: alternation(v) for k, v in forms.items()}
    trigger_of: dict[str, _Trigger] = {}
    for e in data["trigger"]:
        blocked = expand_all(e.get("blocked_by", ""))
        trigger_of.update((form_key(f), _Trigger(
            e["id"], e["kind"], e["role"], e.get("needs_human", False), e.get("armed_only", False),
            e.get("not_armed", False), re.compile(rf"\b{alternation(blocked)}\b", re.I) if blocked else None,
            frozenset(expand_all(e.get("not_after", ""))),
        )) for f in expand_all(e["forms"]))
    nouns = alternation([f for f, t in trigger_of.items() if t.role in ("noun", "toll") or t.kind == "injured"])
    verbs = alternation([f for f, t in trigger_of.items() if t.role == "verb"])
    lists = {list_id: lexicons.word_list(LEXICON, list_id) for list_id in _LISTS}
    # "may", "might", "could" block unless a hedge reads them ("may have killed": hedge.may_have)
    weak = lists["claim.block.weak_modals"]
    modal = alternation([f for f in forms["modal"] if f not in weak])
    hedged = rf"{weak.alternation()}(?!\s+{lists['claim.block.hedged_after'].alternation()}\b)"
    pat = {
        "trigger": claim_word_pattern(trigger_of),
        "modal": re.compile(rf"(?<![\w-])(?:{modal}|{hedged})(?![\w-])", re.I),
        "negation": re.compile(rf"(?<![\w-])(?:{alt['negation']})(?!\w)", re.I),
        "zero": re.compile(rf"\b(?:{alt['negators']})\s+(?:(?:{alt['fillers']})\s+){{0,4}}(?:{nouns})\b",
                           re.I),
        "nobody": re.compile(rf"\b(?:{alt['nobody']})\s+(?:[\w'’-]+\s+){{0,4}}?(?:was|were|got|has been|"
                             rf"have been|had been)\s+(?:\w+ly\s+)?(?:{verbs})\b", re.I),
        "tail": re.compile(rf"(?:{_bridge(lists['claim.bridge'])}\s*\b(?:were|was|are|is|have|has|had|got)\b)?"
                           rf"(?:\s*\b(?:{alt['tail']})\b)*\s*['‘\"“]?", re.I),
        "chain": _chain(lists["claim.chain"]),
        "filler": re.compile(rf"\s*(?:(?:{alt['filler']})\s+)*[\"“‘']?", re.I),
        "inherit": re.compile(rf"\s*(?:{alt['inherit']}|{lists['claim.part'].alternation()})\b", re.I),
        "part": re.compile(rf"\s*(?:{lists['claim.part'].alternation()})\b", re.I),
    }
    words = {k: frozenset(forms[k]) for k in ("np_stop", "abbreviations")}
    words["link"] = frozenset(expand_all(data["link"]["words"]))
    words.update((list_id, frozenset(items)) for list_id, items in lists.items())
    scanner = Scanner.build({**scanned_patterns(lexicons), "trigger": (pat["trigger"], trigger_of),
                             "zero": (pat["zero"], forms["negators"]), "nobody": (pat["nobody"], forms["nobody"]),
                             "atoms": atom_pattern(lexicons)}, extra={"atoms": DIGIT_STARTS})
    return _Lexicon(pat, trigger_of, words, (data["block"]["window"], data["block"]["negation_window"]), scanner,
                    lexicons.compiled(quantity_lexicon), lexicons.compiled(victim_groups),
                    lexicons.compiled(attribution_lexicon))


def _bridge(words: WordList) -> str:
    """A part of the counted group between a figure and its claim word: a word of claim.bridge and the part
    ("including 3 children,"), or "and" with a determiner and a noun ("and a guard": grammar)."""
    return (rf"(?P<bridge>,?\s*{words.alternation()}\b[^;:.()]{{0,90}}?,?|"
            r",?\s+and\s+(?:a|an|one|another|his|her|their|the)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}?)")


def _chain(words: WordList) -> re.Pattern[str]:
    """The gap before a further object of the same claim verb: a comma, "and" (grammar) or a word of claim.chain;
    the words of a phrase may stand apart ("as  well as")."""
    space = r"\s+"
    phrases = "".join(f"|{space.join(map(re.escape, phrase.split()))}{space}" for phrase in words)
    return re.compile(rf"\s*(?:,\s*(?:and\s+)?|and\s+{phrases})", re.I)


def find_claims(sentences: Sequence[Sentence], lexicons: Lexicons, *, title: str | None = None) -> list[ClaimMention]:
    """Every claim in the article's sentences, in text order, each with its claimant and hedges."""
    lex = lexicons.compiled(_lexicon)
    pieces = _pieces(sentences, lex)
    wheres = [lex.scanner.starts(s.text) for s in pieces]  # one pass each, for claims, claimants and hedges
    found = {n: drafts for n, s in enumerate(pieces) if (drafts := _drafts(s.text, wheres[n], lex))}
    sources = Sources(pieces, lexicons, wheres)
    # a claim the text gives no claimant takes the headline's when the headline gives the same figure for the same
    # kind (else the reporter's)
    head = _Headline(title or "", lex, lexicons)
    out: list[ClaimMention] = []
    for n, drafts in found.items():
        s, hedges = pieces[n], sources.hedges(n)
        for d in drafts:
            src = sources.source(n, d.start, next_has_claims=n + 1 in found) or (
                d.low is not None and d.low in head.lows and head.claimant and d.kind in head.kinds
                and head.claimant) or _REPORTER
            out.append(ClaimMention(
                d.kind, d.low, d.high, d.qualifier, d.coded, d.victim, src.name, src.start, src.end, bool(hedges),
                hedges, s.start + d.start, s.start + d.end, s.text[d.start:d.end], s.index, d.rule + src.rule))
    return out


class _Headline:
    """The headline's figures, claimant and claim kinds, each read once and only if a claim asks: most claims name
    their claimant in the text. (Not functools.cache over lambdas: building three caches cost more, in every
    article, than reading the headline in the few that need it.)"""

    def __init__(self, title: str, lex: _Lexicon, lexicons: Lexicons) -> None:
        self._title, self._lex, self._lexicons = title, lex, lexicons

    @cached_property
    def lows(self) -> set[int]:
        title, lex = self._title, self._lex
        return {q.low for q in quantities_in(title, lex.quantities, atoms=lex.scanner.scan("atoms", title))}

    @cached_property
    def claimant(self) -> Source | None:
        return headline_source(self._title, self._lexicons)

    @cached_property
    def kinds(self) -> set[str]:
        return {c.kind for c in _drafts(self._title, self._lex.scanner.starts(self._title), self._lex)}


# the spaces after a stop (and a closing quote) before a digit; the scan skips ahead to each stop
_NEXT_FIGURE = re.compile(r"[.!?][\"”’)]?(\s+)(?=\d)")


def _pieces(sentences: Sequence[Sentence], lex: _Lexicon) -> list[Sentence]:
    """The sentences, with one that starts with a digit cut from the sentence it was left attached to
    ("The motive is unclear. 2 fatalities."): its figure is a total of its own, not under the other's
    modality, claimant or victim. Each piece keeps its sentence's index."""
    out: list[Sentence] = []
    for s in sentences:
        if not _NEXT_FIGURE.search(s.text):  # most sentences have none: no list to build
            out.append(s)
            continue
        cuts = [x for m in _NEXT_FIGURE.finditer(s.text) if _ends_sentence(s.text[:m.start(1)], lex) for x in m.span(1)]
        ends = [0, *cuts, len(s.text)]  # piece i runs from ends[2i] to ends[2i + 1]
        out += [s] if not cuts else [Sentence(s.index, s.start + b, s.start + e, s.text[b:e], s.paragraph)
                                     for b, e in zip(ends[::2], ends[1::2], strict=True)]
    return out


def _ends_sentence(before: str, lex: _Lexicon) -> bool:
    """The stop after this word ends a sentence: no abbreviation ("Sept. 12", "No. 5", "approx. 30", "p.m.")."""
    word = _STOP.sub("", (before.split() or [""])[-1])
    return bool(_ENDS_WORD.fullmatch(word)) and word.lower() not in lex.words["abbreviations"]


_STOP = re.compile(r"[.!?][\"”’)]?$")
_ENDS_WORD = re.compile(r"[^\W\d_]{2,}|.*[\d)\]\"”’']")


# --- figures and their triggers ------------------------------------------------------------------------

_WORD = re.compile(r"\s*([\w'’/-]+)")
_OF = re.compile(r"[\"”’']?\s+of\s+(?:the\s+|those\s+|these\s+)?", re.I)
_PAREN = re.compile(r"\s*\([^()]{0,80}\)")
_FROM = re.compile(r"\s+morf\b", re.I)  # "from" right before a figure, on the reversed text before it
_LINK_WORD = re.compile(r"[\w'’]+|:")
_AUXILIARY = re.compile(r"\b(?:was|were|been|being|is|are|got)\b", re.I)  # grammar: a passive's auxiliary
_TO_FIGURE = re.compile(r"\s+to\s+\S")
_THREE_WORDS = re.compile(r"(?:\S+\s+){0,3}$")


def _drafts(text: str, where: Starts | None, lex: _Lexicon) -> list[_Draft]:
    hits = _hits(text, where, lex) if where is None or "trigger" in where else []  # most sentences: no trigger
    if not hits:
        return []
    qs = [q for q in quantities_in(text, lex.quantities, atoms=lex.scanner.finditer("atoms", text, where))
          if not any(s < q.end and q.start < e for s, e, _ in hits)]
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
            named = group_of(text[noun[0]:noun[1]], lex.groups) if noun and victim is None else None
            # "4 prisoners", "9 IDPs"; "12 fatalities" names no group (claim.victim.unnamed)
            victim = named.name if named and named.name not in lex.words["claim.victim.unnamed"] else victim
            link = _link(text, q, np_end, hits, qs, chains, lex)
        if link and _acceptable(text, q, victim, thing, hits[link[0]], link[1], link[2], lex):
            previous = victim
            if link[3]:
                chains[link[0]] = link[2]
        else:
            link = None
        links.append(link)
        victims.append(victim)
    # "Three soldiers killed two bandits": a verb that takes a figure as its object has the figure before it
    # for its subject, not for a victim (unless a passive says so: "3 soldiers were killed and ...")
    took_object = {lk[0] for lk in links if lk and lk[3]}
    for i, lk in enumerate(links):
        if lk and not lk[3] and lk[0] in took_object and hits[lk[0]][0] >= qs[i].end \
                and not _AUXILIARY.search(text, qs[i].end, hits[lk[0]][0]):
            links[i] = None
    for i in range(len(qs) - 2, -1, -1):  # "12 soldiers and 3 civilians were killed": both figures
        nxt = links[i + 1]
        if links[i] is None and nxt and hits[nxt[0]][0] > qs[i + 1].start and hits[nxt[0]][2].role != "noun" \
                and phrases[i][0] and lex.pat["chain"].fullmatch(text[phrases[i][1]:qs[i + 1].start]):
            links[i], victims[i] = (nxt[0], qs[i].start, nxt[2], False), victims[i] or victims[i + 1]
    part = lex.pat["part"]
    drafts = [_Draft(hits[lk[0]][2].kind, q.low, q.high, q.qualifier, q.coded, v, lk[1], lk[2],
                     f"{hits[lk[0]][2].id}+{q.rule}{_force_rule(hits[lk[0]][2], v, lex)}"
                     + ("+" + PART if part.match(text, q.end) else ""))
              for q, v, lk in zip(qs, victims, links, strict=True) if lk]
    zeros = _zeros(text, where, lex)
    used = {lk[0] for lk in links if lk}
    drafts += _singulars(text, [h for i, h in enumerate(hits) if i not in used
                                and not any(z.start <= h[0] < z.end for z in zeros)], lex)
    trigger_id = zeros[0].rule.split("+")[0] if zeros else ""
    if trigger_id in lex.words["claim.zero.injuries"] and any(d.kind == "killed" for d in drafts):
        # "3 killed, no injuries reported"
        zeros = [replace(zeros[0], kind="injured", rule=f"{trigger_id}+claim.zero+claim.zero.injuries")]
    return sorted(drafts + zeros, key=lambda d: d.start)


def _hits(text: str, where: Starts | None, lex: _Lexicon) -> list[Hit]:
    hits: list[Hit] = []
    for m in lex.scanner.finditer("trigger", text, where):
        trigger = lex.trigger_of.get(m.group().lower()) or lex.trigger_of[form_key(m.group())]  # _key: odd spaces
        before = text[max(0, m.start() - 20):m.start()].split()
        again = lex.pat["trigger"].match(text, m.start() + len(m.group().split()[0]) + 1) \
            if before and before[-1].lower() in trigger.not_after else None
        if again:  # "leading to death of one protester": the noun "death"
            hits.append((again.start(), again.end(), lex.trigger_of[form_key(again.group())]))
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
        if span and span.re is _WORD and (span.start(1) in starts or speech_word(word, lex.attribution)):
            break  # "Two witnesses told reporters 9 people died"
        if not span or word in lex.words["np_stop"] or (word == "and"
                                                         and not _joins(text, span.end(), stop, starts, lex)):
            break
        pos = end = span.end()
    end = end if of is None or end > of.end() else q.end
    group = head_group(text, q.end, end, lex.groups)
    name = group.name if group else None
    return name, end, group is not None and name is None, bool(lex.pat["inherit"].match(text, q.end))


def _joins(text: str, pos: int, stop: int, starts: frozenset[int], lex: _Lexicon) -> bool:
    """ "and" inside a noun phrase ("5 JTF and Kamuku militiamen", "soldiers and civilians"), not a verb's."""
    for _ in range(3):  # "soldiers and alleged Syrian mercenaries"
        after = _WORD.match(text, pos, stop)
        if not after or after.group(1).lower() in lex.words["np_stop"] or after.start(1) in starts \
                or DETERMINER.fullmatch(after.group(1)):
            return False  # another figure or another noun phrase: "8 soldiers and two civilians", "... and a guard"
        group = group_of(after.group(1), lex.groups)
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
            elif hi in chains and lex.pat["chain"].fullmatch(text, chains[hi], q.start):
                cand = (3, q.start - he, hi, q.start, np_end)
        elif he <= q.start and t.role == "noun" and hi in chains and lex.pat["chain"].fullmatch(text, chains[hi],
                                                                                               q.start):
            cand = (3, q.start - he, hi, q.start, np_end)  # "the bodies of 7 men and 4 women": the next in its list
        elif he <= q.start and t.role in ("noun", "toll"):
            words = _LINK_WORD.findall(_without(text, he, q.start, qs))
            if t.role == "toll":
                words = _past_complement(words, lex.words["link"])
            if 0 < len(words) <= 10 and all(w.lower() in lex.words["link"] for w in words) \
                    and ";" not in text[he:q.start]:
                cand = (4, q.start - he, hi, hs, np_end)
        if cand and (best is None or cand[:2] < best[:2]):
            best = cand
    # an object starts a list the next figures may join: a verb's ("killed 3 soldiers") or a noun's through its
    # link words ("the bodies of 7 men"); a toll's ("rose to 30") does not
    return None if best is None else (best[2], best[3], best[4],
                                      best[0] in (0, 3) or (best[0] == 4 and hits[best[2]][2].role == "noun"))


# grammar: what opens a toll's complement ("the toll from Sunday's attack on Kano") and the words that cannot be the
# verb by which the toll then reaches its figure
_COMPLEMENT_OPENERS = frozenset({"of", "from", "in", "for"})
_NOT_A_VERB = frozenset({"of", "at", "to", "as", "into", "the", "from", "on", "in", "since", "than", "up", "over",
                         "around", "some", "more", ":"})
_COMPLEMENT_WORDS = 6


def _past_complement(words: list[str], link: frozenset[str]) -> list[str]:
    """The words between a toll and its figure without the toll's complement: "the death toll from Sunday's attack
    on Kano has risen to 30" links as "the death toll ... has risen to 30". The complement opens with a
    preposition, holds at most six words, and what follows it starts with a verb (a link word that is not a
    preposition): "the number of people killed in Kano and 30 soldiers" keeps its words and links nothing."""
    if len(words) < 3 or words[0].lower() not in _COMPLEMENT_OPENERS:
        return words
    last_other = max((i for i, w in enumerate(words) if w.lower() not in link), default=-1)
    if last_other < 0 or last_other > _COMPLEMENT_WORDS:
        return words
    rest = words[last_other + 1:]
    return rest if rest and rest[0].lower() not in _NOT_A_VERB else words


def _between(qs: list[Quantity], start: int, end: int) -> bool:
    return any(start <= q.start and q.end <= end for q in qs)


def _without(text: str, start: int, end: int, qs: list[Quantity]) -> str:
    """The gap with the old figure of a change blanked: "the toll rose from 10 to 30" links the toll to 30."""
    gap = text[start:end]
    for q in qs:
        if start <= q.start and q.end <= end and _FROM.match(text[:q.start][::-1]):
            gap = gap.replace(q.text, " ")
    return gap


def _acceptable(text: str, q: Quantity, victim: str | None, thing: bool, hit: Hit, start: int, end: int,
                lex: _Lexicon) -> bool:
    trigger = hit[2]
    group = group_named(victim, lex.groups) if victim else None
    return not (thing or (_FROM.match(text[:q.start][::-1]) and _TO_FIGURE.match(text[q.end:]))
                or (trigger.needs_human and victim is None)
                or (trigger.armed_only and not (group and group.armed or victim in lex.words["claim.force.men"]))
                or (trigger.not_armed and group and group.armed)
                or (trigger.blocked_by and trigger.blocked_by.search(_clause(text, min(start, q.start), end)))
                or _blocked(text, min(start, q.start), hit[0], lex))


def _force_rule(trigger: _Trigger, victim: str | None, lex: _Lexicon) -> str:
    """ "+claim.force.men" where an armed-only claim word took a group the lexicon does not arm ("500 men")."""
    return "+claim.force.men" if trigger.armed_only and victim in lex.words["claim.force.men"] else ""


def _clause(text: str, start: int, end: int) -> str:
    """A span with the three words before it and the rest of its clause: "freed 30 hostages" and "30 prisoners
    were later released" are no captures; "freed the town and took 60 prisoners" is one."""
    left = max(text.rfind(";", 0, start), text.rfind(". ", 0, start), 0)
    left += _THREE_WORDS.search(text[left:start]).start()  # type: ignore[union-attr]
    right = min((i for i in (text.find(";", end), text.find(". ", end)) if i >= 0), default=len(text))
    return text[left:right]


def _blocked(text: str, start: int, hit_start: int, lex: _Lexicon) -> bool:
    """Hypothetical, threatened, denied or negated: the few words before it, within its clause."""
    not_modal = lex.words["claim.block.not_modal"]  # the month "May"
    window = [w for w in _clause_end(text, max(0, start - 80), start).split() if w not in not_modal]
    window = window[-lex.windows[0]:]
    before = _clause_end(text, max(0, hit_start - 40), hit_start).split()[-lex.windows[1]:]
    return bool(lex.pat["modal"].search(" ".join(window)) or lex.pat["negation"].search(" ".join(before)))


def _clause_end(text: str, start: int, end: int) -> str:  # text[start:end] after its last ; : or ,
    return text[max(start, text.rfind(";", start, end) + 1, text.rfind(":", start, end) + 1,
                    text.rfind(",", start, end) + 1):end]


def _singulars(text: str, hits: list[Hit], lex: _Lexicon) -> list[_Draft]:
    """Victims named without a figure: "killed a farmer", "a man was shot dead", "the body of a woman",
    "a councillor and his wife were shot dead" (two)."""
    out: list[_Draft] = []
    for hs, he, t in hits:
        if t.role == "toll" or t.kind in lex.words["claim.kind.no_single"] or _blocked(text, hs, hs, lex):
            continue  # a force or a displacement is never one person
        one = single_victim(text, hs, he, t.role, lex.groups, needs_human=t.needs_human)
        if one is None or (t.needs_human and one.group is SOMEONE) \
                or (t.blocked_by and t.blocked_by.search(_clause(text, one.start, one.end))) \
                or any(d.kind == t.kind and d.start < one.end and one.start < d.end for d in out):
            continue  # no person, a blocked reading, or one already counted ("X's death ... X died")
        unnamed = one.group is SOMEONE or one.group.name in lex.words["claim.victim.unnamed"]
        victim = None if unnamed else one.group.name
        out.append(_Draft(t.kind, one.count, one.count, "exact", one.count, victim, one.start, one.end,
                          f"{t.id}+claim.singular"))
    return out


def _zeros(text: str, where: Starts | None, lex: _Lexicon) -> list[_Draft]:
    """ "No casualties were reported", "no one was hurt": a count of 0 (deaths, unless of another kind)."""
    m = next(lex.scanner.finditer("zero", text, where), None) or next(lex.scanner.finditer("nobody", text, where), None)
    if m is None:
        return []
    trigger = [lex.trigger_of[form_key(t.group())] for t in lex.pat["trigger"].finditer(m.group())][-1]
    if trigger.kind in lex.words["claim.zero.deaths"]:  # "no casualties", "no one was injured": 0 killed
        kind, rule = "killed", f"{trigger.id}+claim.zero" + ("" if trigger.kind == "killed" else "+claim.zero.deaths")
    else:
        kind, rule = trigger.kind, f"{trigger.id}+claim.zero"
    return [_Draft(kind, 0, 0, "exact", 0, None, m.start(), m.end(), rule)]
