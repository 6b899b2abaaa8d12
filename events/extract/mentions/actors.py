"""Actor mentions: named armed groups and state forces, and generic mentions ("gunmen", "villagers") that
take ACLED's country-qualified names once the event's country is known.

actors.csv (id, name, aliases, inter, country, note): the name and aliases are patterns, except an alias
`X *`, which declares X a demonym of the row's country: X next to a generic form is that generic in the
country ("Malian soldiers", "soldiers of Mali", "Mali's army" -> Military Forces of Mali).
generic_actors.csv (id, patterns, template, inter, overrides, note): `overrides` (Country=Name|...) names
the entry where ACLED departs from the template; a "+" pattern counts only next to a demonym ("forces").
Matching ignores case and accents and reads hyphens as spaces, but all-caps tokens (FLA, IS, M23) match
exactly and a leading "=" makes an alias case-sensitive ("=FAMa"). The last word of generic patterns and
of one- or two-word aliases also matches in the plural (gunman -> gunmen).
actor_cues.toml (word lists with ids): the words around a mention that shape it (uncountable last words,
member nouns a named group absorbs, negating prefixes), flag it (suspected, claimed responsibility) or make a
crowd protesters or rioters; a mention's `rule` names the lists that did ("actor.jnim+cue.actor.suspected").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from events.extract.matcher import BoundedKeys, lowered_in_place
from events.lexicon import Lexicons, WordList
from schemas.models import Actor, ActorRole

_NAMED, _COMPOSED, _GENERIC, _DEMONYM = 3, 2, 1, 0  # tie-break when two patterns cover the same span
_NO_PLURAL_ENDINGS = ("s", "x", "z", "sh", "ch")
_ABSORB_BEFORE = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?")
_OF = re.compile(r" of (?:the )?")
_COORDINATION = frozenset({" and ", ", ", " or ", " & ", ", and "})
_LAST_WORD = re.compile(r"\w+$")
_NAME_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w'\u2019.-]* $")
_NAME_AFTER = re.compile(r"(?:['\u2019]s?)? [A-Z]")
_CLAUSE_START = re.compile(r".*[.!?;]\s", re.S)

# The word lists of events/lexicons/actor_cues.toml this module reads; the ids of those that flag a mention or
# change its entry end up in its rule ("actor.jnim+cue.actor.suspected").
CUES = "actor_cues.toml"
NON_STATE_ARMED = (2, 3, 4)  # ACLED's inter codes of rebels, political and identity militias ("gunmen" are 3)
UNCOUNTABLE = "cue.actor.uncountable"
MEMBER = "cue.actor.member"
ABSORB_AFTER = "cue.actor.absorb_after"
NEGATING_PREFIX = "cue.actor.negating_prefix"
SUSPECTED = "cue.actor.suspected"
SUSPECTED_MEMBER = "cue.actor.suspected_member"
CLAIM = "cue.actor.claim"
CLAIM_CREDIT = "cue.actor.claim_credit"
CLAIM_DEED = "cue.actor.claim_deed"
CLAIMED_BY = "cue.actor.claimed_by"
NO_CLAIM = "cue.actor.no_claim"
CROWD = "cue.actor.crowd"
PROTESTED = "cue.actor.protested"
PROTEST_STAGED = "cue.actor.protest_staged"
PROTEST_ACTION = "cue.actor.protest_action"
RIOTED = "cue.actor.rioted"
# the generic entries a crowd becomes (generic_actors.csv): ACLED's protesters and rioters
_PROTESTERS, _RIOTERS = "generic.protesters", "generic.rioters"


@dataclass(frozen=True, slots=True)
class _Cues:
    """The actor cues of actor_cues.toml, compiled (build with `lexicons.compiled(_cues)`).

    A `needles` pattern finds the literal words one of which every match of its patterns contains: most
    mentions skip the patterns after that quicker search."""

    member: frozenset[str]  # generic entries a named mention absorbs
    absorb_after: re.Pattern[str]  # the gap between a named mention and the member noun after it
    negating_prefix: frozenset[str]
    suspected: re.Pattern[str]  # a hedge right before the mention (searched in the 60 characters before it)
    suspected_needles: re.Pattern[str]
    claim: re.Pattern[str]  # groups: credit (responsibility) or deed (the attack)
    claimed_by: re.Pattern[str]  # the claimant stands right after its match
    claim_needles: re.Pattern[str]
    no_claim: re.Pattern[str]  # a negation between the clause's start and the claim
    crowd: frozenset[str]  # generic entries that may become protesters or rioters
    protested: re.Pattern[str]  # matched right after the crowd
    rioted: re.Pattern[str]
    crowd_needles: re.Pattern[str]


def _cues(lexicons: Lexicons) -> _Cues:
    def words(list_id: str) -> WordList:
        return lexicons.word_list(CUES, list_id)

    claim, claimed_by = words(CLAIM), words(CLAIMED_BY)
    suspected = words(SUSPECTED)
    protested, staged, action, rioted = words(PROTESTED), words(PROTEST_STAGED), words(PROTEST_ACTION), words(RIOTED)
    return _Cues(
        member=frozenset(words(MEMBER)),
        absorb_after=re.compile(rf"[\s)\]\"'\u201d]*(?:{words(ABSORB_AFTER).alternation()}\s+)?"),
        negating_prefix=frozenset(words(NEGATING_PREFIX)),
        # "suspected members of the ISGS", "believed to be two ISWAP fighters", "alleged (JNIM) militants"
        suspected=re.compile(rf"\b{suspected.alternation()}\s+(?:(?:{words(SUSPECTED_MEMBER).alternation()}"
                             r"|of|the|a|an|from|some|several|two|three|\d+)\s+){0,3}[(\"]?$"),
        suspected_needles=_needles(suspected),
        claim=re.compile(
            rf"\b{claim.alternation()}\s+(?:(?P<credit>{words(CLAIM_CREDIT).alternation()})"
            rf"|(?:the|this|that|these|those|both|a|an)\s+(?:\w+\s+){{0,2}}?(?P<deed>{words(CLAIM_DEED).alternation()}))"
            r"\b"),
        claimed_by=re.compile(rf"\b{claimed_by.alternation()}\s+by\s+(?:the\s+)?"),
        claim_needles=_needles(claim, claimed_by),
        no_claim=re.compile(rf"\b{words(NO_CLAIM).alternation()}\b[^.;]{{0,30}}$"),
        crowd=frozenset(words(CROWD)),
        # "Residents of the district, who had marched", "Students staged a protest". "\s*(?:,\s*)?", not "\s*,?\s*":
        # two stars side by side split a run of blanks every way (a minute for 4,000 spaces; hyphens read as blanks)
        protested=re.compile(
            r"(?:\s+(?:of|from|in|at)\s+[^,.;:]{1,80}?)?\s*(?:,\s*)?(?:who\s+|that\s+)?"
            r"(?:have\s+|had\s+|were\s+|are\s+)?"
            rf"(?:{protested.alternation()}|{staged.alternation()}\s+(?:a\s+)?{action.alternation()})\b"),
        rioted=re.compile(rf"\s*(?:,\s*)?(?:who\s+)?{rioted.alternation()}\b"),
        crowd_needles=_needles(protested, action, rioted),
    )


def _needles(*lists: WordList) -> re.Pattern[str]:
    """A search for the words of `lists` that hold no other ("alleged", not also "allegedly"): a text where it
    finds nothing matches no item. For lists of regex fragments, the empty pattern: it finds something in
    every text, so their patterns always run."""
    if any(word_list.regex for word_list in lists):
        return re.compile("")
    items = [item for word_list in lists for item in word_list]
    kept = dict.fromkeys(item for item in items if not any(other != item and other in item for other in items))
    return re.compile("|".join(re.escape(item) for item in kept))


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    name: str | None
    template: str | None
    inter: int
    country: str | None
    overrides: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _Pattern:
    entry: _Entry
    name: str | None  # canonical name, known for named rows and demonym compositions
    country: str | None
    exact: tuple[tuple[int, str], ...]  # (offset, text) spans that must match the original case
    rank: int
    bound: bool = False  # a generic form valid only next to a demonym ("Malian forces")
    titled: bool = False  # written with a capital in the lexicon ("Dozo militia"), not a proper-name hint


_Span = tuple[int, int, _Pattern]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    automaton: Any  # BoundedKeys of (patterns by rank, the pattern every hit takes or None)
    entries: Mapping[str, _Entry]
    by_name: Mapping[str, _Entry]  # case-folded canonical name -> named row
    composed: Mapping[tuple[str, str], _Pattern]  # (generic id, country) -> "<demonym> <generic>"
    generic_of: Mapping[str, str]  # named row -> the generic entry it is in its country (army -> military)
    definite: frozenset[str]  # "Military Forces of the Philippines"

    def resolve(self, entry: _Entry, country: str) -> tuple[str, _Entry | None]:
        """A generic entry's name in a country, and the named row it turns out to be, if any."""
        assert entry.template is not None
        the = "the " if country in self.definite and "of {country}" in entry.template else ""
        name = dict(entry.overrides).get(country) or entry.template.format(country=the + country)
        named = self.by_name.get(name.casefold())
        return (named.name or name, named) if named else (name, None)


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class ActorMention:
    start: int
    end: int
    text: str
    entry_id: str  # id of the actors.csv or generic_actors.csv row
    name: str | None  # canonical name; None for a generic mention until a country is known
    template: str | None  # generic template, e.g. "Civilians ({country})"
    inter: int
    country: str | None
    suspected: bool = False  # preceded by a hedge (cue.actor.suspected: suspected, presumed, alleged, ...)
    claimed: bool = False  # the sentence says this actor claimed responsibility
    cues: tuple[str, ...] = ()  # ids of the actor_cues.toml lists that changed the entry, the span or a flag
    # the generic entry whose noun this named mention absorbed ("ADF rebels", "the rebels of the ADF":
    # generic.rebels): the article says who its "rebels" are
    restates: str | None = None

    @property
    def rule(self) -> str:
        """What `events explain` names: the lexicon row, and the cue lists that shaped the mention
        ("generic.protesters+cue.actor.protested", "actor.jnim+cue.actor.suspected")."""
        return "+".join((self.entry_id, *self.cues)) if self.cues else self.entry_id

    def resolve(self, country: str | None, lexicons: Lexicons) -> str:
        """Canonical name, filling a generic template with the country ("Civilians (Mali)"); without a
        country, the template without its country part ("Civilians", "Military Forces")."""
        if self.name is not None or self.template is None:
            return self.name or ""
        if country is None:
            return re.sub(r"\s*\(\{country\}\)|\s+of \{country\}|\s*\{country\}", "", self.template).strip()
        lex = lexicons.compiled(_lexicon)
        return lex.resolve(lex.entries[self.entry_id], country)[0]

    def inter_in(self, country: str | None, lexicons: Lexicons) -> int:
        """ACLED type code for an event in `country`: state forces acting abroad are external forces (8)."""
        inter, home = self.inter, self.country
        if self.name is None and country is not None:
            lex = lexicons.compiled(_lexicon)
            named = lex.resolve(lex.entries[self.entry_id], country)[1]
            inter, home = (named.inter, named.country or country) if named else (inter, country)
        return 8 if inter == 1 and home and country and home != country else inter

    def to_actor(self, role: ActorRole, lexicons: Lexicons, country: str | None = None, offset: int = 0) -> Actor:
        """The schema record for an event in `country`; `offset` moves sentence offsets to article ones."""
        return Actor(name=self.resolve(country, lexicons), role=role, inter=self.inter_in(country, lexicons),
                     country=self.country or country, text=self.text, start=self.start + offset,
                     end=self.end + offset, rule=self.rule, suspected=self.suspected,
                     claimed=self.claimed)


def find_actors(text: str, lexicons: Lexicons) -> list[ActorMention]:
    """Actor mentions in text order: longest match wins, mentions never overlap."""
    lex, cues = lexicons.compiled(_lexicon), lexicons.compiled(_cues)
    folded = _fold(text)
    found: list[_Span] = []
    shouting: bool | None = None
    for start, end, (candidates, free) in lex.automaton.find(folded):
        pattern = free
        if pattern is None:  # a loop, not next() over a generator: this runs for every hit of every sentence
            for candidate in candidates:
                if _case_ok(text, start, candidate.exact):
                    pattern = candidate
                    break
        if pattern is None or (text[start - 1:start] == "-" and _negated(text, folded, start, cues)):
            continue
        if pattern.exact and end - start <= 2 and (shouting := _shouting(text) if shouting is None else shouting):
            continue
        found.append((start, end, pattern))
    if not found:
        return []
    if len(found) > 1:
        found.sort(key=lambda f: (f[0] - f[1], -f[2].rank, f[0]))
        chosen: list[_Span] = []
        for item in found:  # a loop, not all() over a generator: this runs for every sentence with two actors
            for s, e, _ in chosen:
                if not (item[1] <= s or e <= item[0]):
                    break
            else:
                chosen.append(item)
        found = sorted(chosen, key=lambda f: f[0])
    spans, grown, restated = _absorb(folded, _compose(text, folded, found, lex), cues)
    mentions = [_mention(text, folded, s, e, p, lex, cues, s in grown, restated.get(s)) for s, e, p in spans]
    if cues.claim_needles.search(folded):  # both claim patterns need one of the words
        return _mark_claims(folded, mentions, cues)
    return mentions


def _mention(text: str, folded: str, start: int, end: int, p: _Pattern, lex: _Lexicon, cues: _Cues,
             grown: bool, restates: str | None = None) -> ActorMention:
    entry, name, country = p.entry, p.name, p.country
    decided: tuple[str, ...] = (MEMBER,) if grown else ()  # most mentions: none
    crowd = entry.id in cues.crowd and cues.crowd_needles.search(folded, end) is not None
    if crowd and cues.protested.match(folded, end):
        entry = lex.entries[_PROTESTERS]
        name = lex.resolve(entry, country)[0] if country else None
        decided += (PROTESTED,)
    elif crowd and entry.id != _RIOTERS and cues.rioted.match(folded, end):
        entry = lex.entries[_RIOTERS]
        name = lex.resolve(entry, country)[0] if country else None
        decided += (RIOTED,)
    lo = max(0, start - 60)
    suspected = bool(cues.suspected_needles.search(folded, lo, start) and cues.suspected.search(folded, lo, start))
    if suspected:
        decided += (SUSPECTED,)
    return ActorMention(start, end, text[start:end], entry.id, name, entry.template, entry.inter,
                        country or entry.country, suspected, False, decided, restates)  # claimed: see _mark_claims


def _compose(text: str, folded: str, chosen: list[_Span], lex: _Lexicon) -> list[_Span]:
    """Demonyms join the generic next to them: "Malian soldiers", "soldiers of Mali", "Malian and French
    soldiers", "military forces of India and Pakistan". A demonym alone is no actor, nor a bound form
    ("forces") without one, nor a capitalised generic inside a proper name ("Donbass People's Militia")."""
    out: list[_Span] = []
    used: set[int] = set()
    headline: bool | None = None
    for i, (start, end, p) in enumerate(chosen):
        if i in used:
            continue
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        gap = folded[end:nxt[0]] if nxt else ""
        if p.rank == _DEMONYM:
            country = p.country or ""
            after = chosen[i + 2] if i + 2 < len(chosen) else None
            if nxt and nxt[2].rank == _GENERIC and gap == " ":
                out.append((start, nxt[1], lex.composed[(nxt[2].entry.id, country)]))
                used.add(i + 1)
            elif (nxt and after and nxt[2].rank == _DEMONYM and gap in _COORDINATION
                  and after[2].rank == _GENERIC and folded[nxt[1]:after[0]] == " "):
                out.append((start, end, lex.composed[(after[2].entry.id, country)]))
            elif out and folded[out[-1][1]:start] in _COORDINATION and (kind := _kind(out[-1][2], lex)):
                out.append((start, end, lex.composed[(kind, country)]))
            continue
        if p.rank == _GENERIC and nxt and nxt[2].rank == _DEMONYM and _OF.fullmatch(gap):
            out.append((start, nxt[1], lex.composed[(p.entry.id, nxt[2].country or "")]))
            used.add(i + 1)
            continue
        if p.bound:  # "LNA forces": kept only as part of the named mention before it
            if out and out[-1][2].entry.template is None and folded[out[-1][1]:start] == " ":
                out[-1] = (out[-1][0], end, out[-1][2])
            continue
        if p.rank == _GENERIC and not p.titled and text[start].isupper() and (
                _NAME_BEFORE.search(text[max(0, start - 40):start]) or _NAME_AFTER.match(text, end)) and not (
                headline := _headline(text) if headline is None else headline):
            continue
        out.append((start, end, p))
    return out


def _absorb(folded: str, chosen: list[_Span], cues: _Cues) -> tuple[list[_Span], set[int], dict[int, str]]:
    """Fold member nouns into the named mention they describe; with the starts of the named mentions that
    grew over the noun after them ("JNIM-linked fighters"), for their rule, and the generic entry each named
    mention absorbed, by its start ("ADF rebels", "the rebels of the ADF")."""
    out: list[_Span] = []
    grown: set[int] = set()
    restated: dict[int, str] = {}
    for i, (start, end, p) in enumerate(chosen):
        member = p.entry.template is not None and p.entry.id in cues.member and p.name is None
        if member and out and out[-1][2].name is not None and out[-1][2].entry.template is None:
            gap = cues.absorb_after.match(folded, out[-1][1], start)
            if gap is not None and gap.end() == start:
                out[-1] = (out[-1][0], end, out[-1][2])
                grown.add(out[-1][0])
                restated[out[-1][0]] = p.entry.id
                continue
        if member and i + 1 < len(chosen) and chosen[i + 1][2].entry.template is None:
            gap = _ABSORB_BEFORE.match(folded, end, chosen[i + 1][0])
            if gap is not None and gap.end() == chosen[i + 1][0]:
                restated[chosen[i + 1][0]] = p.entry.id
                continue
        out.append((start, end, p))
    return out, grown, restated


def _mark_claims(folded: str, mentions: list[ActorMention], cues: _Cues) -> list[ActorMention]:
    """Set the `claimed` flag of the claimant of each claim of responsibility, and name the list that
    decided in its rule: what it claimed (credit or deed) or the passive "claimed by"."""
    claimed: dict[int, str] = {}  # mention's index -> the list that flagged it
    for m in cues.claim.finditer(folded):
        clause = _CLAUSE_START.match(folded, 0, m.start())
        clause_start = clause.end() if clause else 0
        if cues.no_claim.search(folded, clause_start, m.start()):
            continue
        before = [i for i, a in enumerate(mentions) if a.end <= m.start() and a.start >= clause_start]
        # the claimant is the armed group, not the victims named between it and the verb
        armed = [i for i in before if mentions[i].inter in NON_STATE_ARMED]
        pick = armed or [i for i in before if mentions[i].inter not in (6, 7)]
        if pick:
            claimed.setdefault(pick[-1], CLAIM_CREDIT if m.group("credit") is not None else CLAIM_DEED)
    for m in cues.claimed_by.finditer(folded):
        for i, a in enumerate(mentions):
            if a.start == m.end():
                claimed.setdefault(i, CLAIMED_BY)
    return [replace(a, claimed=True, cues=(*a.cues, claimed[i])) if i in claimed else a
            for i, a in enumerate(mentions)]


def _kind(p: _Pattern, lex: _Lexicon) -> str | None:
    return p.entry.id if p.entry.template is not None else lex.generic_of.get(p.entry.id)


def _case_ok(text: str, start: int, exact: tuple[tuple[int, str], ...]) -> bool:
    return all(text[start + o:start + o + len(t)].replace("-", " ") == t for o, t in exact)


def _negated(text: str, folded: str, start: int, cues: _Cues) -> bool:
    """'anti-Houthi forces' and 'non-AMISOM troops' are not the actor named."""
    word = _LAST_WORD.search(folded, max(0, start - 12), start - 1) if text[start - 1:start] == "-" else None
    return word is not None and word.group(0) in cues.negating_prefix


def _shouting(text: str) -> bool:
    """An all-caps headline turns ordinary words ("IS", "US") into lookalikes of two-letter acronyms."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def _headline(text: str) -> bool:
    """Title Case, where capitals do not mark proper names."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.8 * len(words)


def _fold_table() -> Mapping[int, str]:
    table = {ord(c): " " for c in "-\u2010\u2011\u2012\u2013\u2014"}
    table.update({ord(c): "'" for c in "\u2018\u2019\u02bc\u0060\u00b4"})
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if base.isascii() and base.isalpha():
            table[code] = base.lower()
    return MappingProxyType(table)


_FOLD_TABLE = _fold_table()  # a constant of Unicode, not of the lexicons: built once at import


# What _FOLD_TABLE may change: "-", "`" and every character beyond ASCII.
_FOLDED = re.compile(r"[^\x00-\x2c\x2e-\x5f\x61-\x7f]")


def _fold(text: str) -> str:
    """Lower case, accents and dash variants folded, same length as the input so offsets carry over."""
    low = lowered_in_place(text)
    if low.isascii():
        return low.replace("-", " ")
    # str.translate walks a text that is not ASCII one character at a time through the table (some 25 us for a
    # sentence with a curly quote); replacing each distinct character the table may change does the same (no
    # replacement is itself in the table) in a few passes at C speed, unless the text holds many distinct ones
    special = set(_FOLDED.findall(low))
    if len(special) > 32:
        return low.translate(_FOLD_TABLE)
    for char in special:
        low = low.replace(char, _FOLD_TABLE.get(ord(char), char))
    return low


def _cells(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _plural(word: str, uncountable: frozenset[str]) -> str | None:
    low = word.lower()
    if not word.isalpha() or word.isupper() or low in uncountable or low.endswith(_NO_PLURAL_ENDINGS):
        return None
    if low.endswith(("man", "child")):
        return word[:-3] + "men" if low.endswith("man") else word + "ren"
    return word[:-1] + "ies" if low.endswith("y") and low[-2:-1] not in "aeiou" else word + "s"


def _forms(alias: str, plural: bool,
           uncountable: frozenset[str]) -> Iterator[tuple[str, tuple[tuple[int, str], ...]]]:
    """Surface forms of one alias with the spans that must keep their case; `plural`: the last word also
    in the plural, unless it is uncountable."""
    sensitive = alias.startswith("=")
    alias = " ".join(alias.lstrip("=").split())
    head, _, last = alias.rpartition(" ")
    inflected = _plural(last, uncountable) if plural else None
    for form in [alias, f"{head} {inflected}".strip()] if inflected else [alias]:
        if sensitive:
            yield form, ((0, form.replace("-", " ")),)
            continue
        exact, offset = [], 0
        for token in form.split(" "):
            letters = [c for c in token if c.isalpha()]
            if letters and not any(c.islower() for c in letters):
                exact.append((offset, token.replace("-", " ")))
            offset += len(token) + 1
        yield form, tuple(exact)


def _entries(lexicons: Lexicons) -> tuple[list[tuple[_Entry, list[str]]], list[tuple[_Entry, list[str]]]]:
    named = [(_Entry(r["id"], r["name"], None, int(r["inter"]), r["country"] or None), _cells(r["aliases"]))
             for r in lexicons.csv("actors.csv")]
    generic = [(_Entry(r["id"], None, r["template"], int(r["inter"]), None,
                       tuple((k, v) for k, _, v in (o.partition("=") for o in _cells(r["overrides"])))),
                _cells(r["patterns"])) for r in lexicons.csv("generic_actors.csv")]
    return named, generic


def _lexicon(lexicons: Lexicons) -> _Lexicon:
    """actors.csv and generic_actors.csv compiled into one matcher, plurals but those of cue.actor.uncountable
    included (build with `lexicons.compiled(_lexicon)`)."""
    named, generic = _entries(lexicons)
    entries = {e.id: e for e, _ in named + generic}
    by_name = {e.name.casefold(): e for e, _ in named if e.name}
    definite = frozenset(e.country or "" for e, _ in named if e.name == f"Military Forces of the {e.country}")
    lex = _Lexicon(None, MappingProxyType(entries), MappingProxyType(by_name), {}, {}, definite)
    uncountable = frozenset(lexicons.word_list(CUES, UNCOUNTABLE))
    table: dict[str, list[_Pattern]] = {}

    def add(form: str, pattern: _Pattern) -> None:
        if pattern not in (bucket := table.setdefault(_fold(form), [])):
            bucket.append(pattern)

    composed: dict[tuple[str, str], _Pattern] = {}
    generic_of: dict[str, str] = {}
    for entry, aliases in named:
        for alias in [entry.name or "", *aliases]:
            if not alias.endswith(" *"):
                for form, exact in _forms(alias, len(alias.split()) <= 2, uncountable):
                    add(form, _Pattern(entry, entry.name, entry.country, exact, _NAMED))
                continue
            country, bare = entry.country or "", alias[:-2].lstrip("=")
            for prefix in [bare, f"{bare}'s"] if bare == country else [bare]:
                for form, exact in _forms("=" * (alias[0] == "=") + prefix, False, uncountable):
                    add(form, _Pattern(entry, None, country, exact, _DEMONYM))
            for g, _ in generic:
                name, hit = lex.resolve(g, country)
                composed[(g.id, country)] = _Pattern(hit or g, name, country, (), _COMPOSED)
                if hit:
                    generic_of.setdefault(hit.id, g.id)
    for entry, surfaces in generic:
        for surface in surfaces:
            for form, exact in _forms(surface.lstrip("+"), True, uncountable):
                titled = surface.lstrip("+")[:1].isupper()
                add(form, _Pattern(entry, None, None, exact, _GENERIC, surface[0] == "+", titled))
    ranked = {key: tuple(sorted(patterns, key=lambda p: -p.rank)) for key, patterns in table.items()}
    # with the pattern every hit takes when the first needs no case check (most keys): no scan per hit
    automaton = BoundedKeys.build([(k, (ps, None if ps[0].exact else ps[0])) for k, ps in ranked.items()], False)
    return replace(lex, automaton=automaton, composed=MappingProxyType(composed),
                   generic_of=MappingProxyType(generic_of))
