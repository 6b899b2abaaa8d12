"""Who says so and how sure: the claimant behind a claim and the hedges around it.

A claimant is read from the claim's sentence ("according to X", "a statement from X", "X issued a
communiqué", "X said", "..., said X"); else from the next sentence (after a quote, or a short "The army said."
that says nothing more) or the previous one (a quote it opens); a pronoun resolves to the last named source a
few sentences back. Words come from lexicons/claims.toml ([attribution], [grammar], [[hedge]]).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from events.extract.claims.quantities import LEXICON, alternation
from events.extract.matcher import Scanner, Starts, matches_at
from events.extract.text import Sentence
from events.lexicon import Lexicons, expand_all, form_key


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Attribution:
    name: str
    start: int  # offsets of the cleaned phrase in its sentence
    end: int
    cue: int  # where the attribution stands, to pick the one nearest a claim
    rule: str
    pronoun: bool


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Source:
    """The claimant of a claim: its name, its article offsets (None: not in the text) and the rules used."""

    name: str
    start: int | None
    end: int | None
    rule: str  # rule ids, each after a "+": "+attr.speech+attr.next"


@dataclass(frozen=True, slots=True)
class AttributionLexicon:
    """[attribution], [grammar], [[hedge]] and the [[trigger]] forms of claims.toml, compiled (build with
    `lexicons.compiled(attribution_lexicon)`)."""

    pat: dict[str, re.Pattern[str]]
    hedge_of: dict[str, tuple[str, str]]  # form -> (id, scope)
    words: dict[str, frozenset[str]]  # pronouns, participles, function, speech, aside, bare, inverted
    scanner: Scanner  # the patterns read over whole sentences, tried only where one of their forms stands
    scanned: dict[str, tuple[re.Pattern[str], list[str]]]  # those patterns and their keys


_WORD = re.compile(r"\s*([\w'’/-]+)")
_BOUNDARY = re.compile(r"[,;:\"“”(\[—–]|\s(?:and|but|that|while|as|because|after|when|where|if|although|"
                       r"though)\s", re.I)
_APPOSITION = re.compile(r"(?:^|[;:\"“”(]\s*)(?P<name>(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*)\s*,\s*$")
# Grammar skeletons stay here: clause boundaries (punctuation, conjunctions), determiners, auxiliaries and the
# expletive subjects "there" and "it". The words that decide a claimant are lists of claims.toml: attr.aside,
# attr.bare, attr.inverted.
_LEAD = re.compile(r"(?:(?:the|a|an|its|their|his|her|this|these|those|also|then|later)\s+)+", re.I)
_AUX = frozenset(("was", "were", "is", "are", "been", "be", "being", "has", "have", "had"))
_EXPLETIVE = ("there", "it")  # "there are no reports", "it was reported": no claimant
_INVERTED = re.compile(r"\s+(?P<x>(?:the\s+|a\s+|an\s+)?[A-Z\w][^,;:.()\"“”]*)")


_SPACES = re.compile(r"\s+")
_BEFORE_INVERTED = re.compile(r"[,\"”’]\s*$")
_QUOTE = re.compile("[\"“”]")
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+$", re.I)
_ARTICLE_AFTER = re.compile(r"\s*(?:a|an|the)\s")
_NOT_A_NAME = re.compile(r"\d|n[’']t\b")
_LETTER = re.compile(r"[^\W\d]")


def attribution_lexicon(lexicons: Lexicons) -> AttributionLexicon:
    data = lexicons.toml(LEXICON)
    forms = {k: expand_all(v) for part in ("attribution", "grammar")
             for k, v in data[part].items() if isinstance(v, str) and k != "id"}
    alt = {k: alternation(v) for k, v in forms.items()}
    claim_words = {form_key(f) for e in data["trigger"] for f in expand_all(e["forms"])}
    hedge_of = {form_key(f): (h["id"], h["scope"]) for h in data["hedge"] for f in expand_all(h["forms"])}
    strings = r"""(?P<x>[^,;:.()"“”]+)"""

    def word(forms: Sequence[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{alternation(forms)})(?![\w-])", re.I)

    pat = {
        # the claim words of [[trigger]]: a speech verb that is one ("claimed the lives of") says nothing
        "claim": claim_word_pattern(claim_words),
        "hedge": word(list(hedge_of)), "speech": word(forms["speech"]),
        "according": re.compile(rf"\b(?:{alt['according']})\s+{strings}", re.I),
        "issued": re.compile(rf"\s(?:{alt['issue']})\s+(?:an?\s+|its\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?"
                             rf"(?:{alt['documents']})\b", re.I),
        "document": re.compile(rf"\b(?:{alt['documents']})\s+(?:{alt['document_of']})\s+{strings}", re.I),
        "channel": re.compile(rf"(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){{0,2}}?(?:{alt['channels']})\s+"
                              rf"(?:of|for|from|at)\s+(?P<org>.+)$|(?P<own>.+?)['’]s?\s+(?:[\w-]+\s+)?"
                              rf"(?:{alt['channels']}|{alt['documents']})$", re.I),
        "tails": re.compile(rf"\s+(?:{alt['tails']})\b.*$|\s*[,(].*$|\s+and\s+(?:\w+ed|by)\b.*$",
                            re.I | re.S),
    }
    words = {k: frozenset(forms[k]) for k in ("pronouns", "participles", "function")}
    words["speech"] = frozenset(f.lower() for f in forms["speech"])
    for key in ("aside", "bare", "inverted"):
        words[key] = frozenset(lexicons.word_list(LEXICON, f"attr.{key}"))
    keys = {"hedge": list(hedge_of), "speech": forms["speech"], "according": forms["according"],
            "document": forms["documents"]}
    scanned = {k: (pat[k], v) for k, v in keys.items()}
    scanned["issued"] = (pat["issued"], [f" {f}" for f in forms["issue"]])  # a space (one: see Scanner) first
    return AttributionLexicon(pat, hedge_of, words, Scanner.build(scanned), scanned)


def claim_word_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """Any claim word of [[trigger]] (lower-cased forms): a word of its own, or a hyphen-led form right after
    a figure or a word ("a 3,000-strong force")."""
    forms = list(forms)
    words = alternation([f for f in forms if f[0] != "-"])
    hyphened = [f for f in forms if f[0] == "-"]
    suffix = f"|{alternation(hyphened)}" if hyphened else ""
    return re.compile(rf"(?:(?<![\w-])(?:{words}){suffix})(?!\w)", re.I)


def is_speech(word: str, lexicons: Lexicons) -> bool:
    """A speech verb of the lexicon ("said", "told", "reported")."""
    return speech_word(word, lexicons.compiled(attribution_lexicon))


def speech_word(word: str, lex: AttributionLexicon) -> bool:
    """As is_speech, for a caller that holds the compiled lexicon (casualties.py)."""
    if word.isascii() and word.isalpha():  # where re.IGNORECASE and lower() agree: a look-up
        return word.lower() in lex.words["speech"]
    return bool(lex.pat["speech"].fullmatch(word))


def find_attributions(text: str, lexicons: Lexicons) -> list[Attribution]:
    """ "according to X", "a statement from X", "X issued a communiqué", "X said", "..., said X"."""
    lex = lexicons.compiled(attribution_lexicon)
    return _attributions(text, lex.scanner.starts(text), lex)


def _attributions(text: str, where: Starts | None, lex: AttributionLexicon) -> list[Attribution]:
    out: list[Attribution] = []
    for name, rule in (("according", "attr.according"), ("document", "attr.document")):
        for m in lex.scanner.finditer(name, text, where):
            out += _clean(text, *m.span("x"), m.start(), rule, lex)
    for m in lex.scanner.finditer("issued", text, where):
        out += _subject(text, m.start(), "attr.issued", where, lex)
    for m in lex.scanner.finditer("speech", text, where):
        if not _speech(text, m, lex):
            continue
        found = _subject(text, m.start(), "attr.speech", where, lex)
        if not found and m.group().lower() in lex.words["inverted"] and _BEFORE_INVERTED.search(text[:m.start()]) \
                and (inv := _INVERTED.match(text, m.end())):  # "..., said the army spokesman"
            found = _clean(text, *inv.span("x"), m.start(), "attr.speech+attr.inverted", lex)
        out += found
    return out


def scanned_patterns(lexicons: Lexicons) -> dict[str, tuple[re.Pattern[str], list[str]]]:
    """The patterns read over whole sentences, with their Scanner keys, for a caller scanning the sentences anyway."""
    return lexicons.compiled(attribution_lexicon).scanned


def headline_source(title: str, lexicons: Lexicons) -> Source | None:
    """The headline's first named claimant, as the source of a claim the article's text gives none."""
    named = [a for a in find_attributions(title, lexicons) if not a.pronoun]
    return Source(named[0].name, None, None, f"+{named[0].rule}+attr.title") if named else None


def only_attributes(text: str, lexicons: Lexicons) -> bool:
    """A sentence that only attributes ("The army said in a statement."), not one that says more."""
    lex = lexicons.compiled(attribution_lexicon)
    return _only_attributes(text, lex.scanner.starts(text), lex)


def _only_attributes(text: str, where: Starts | None, lex: AttributionLexicon) -> bool:
    verb = next((m for m in lex.scanner.finditer("speech", text, where) if _speech(text, m, lex)), None)
    rest = text[verb.end():].split() if verb else ["?"]
    if len(rest) > 6:
        return False
    first = rest[0].lower().strip(".") if rest else ""
    return first == "" or first in lex.words["bare"]  # "" : nothing after the verb, or only a stop


def find_hedges(sentences: Sequence[Sentence], n: int, lexicons: Lexicons) -> tuple[str, ...]:
    """Hedge words of sentence n, and the verification caveats of the sentences either side."""
    lex = lexicons.compiled(attribution_lexicon)

    def words(i: int) -> list[str]:
        return _hedge_words(sentences[i].text, lex.scanner.starts(sentences[i].text), lex)
    return _hedges(n, len(sentences), words, lex)


def _hedges(n: int, count: int, words: Callable[[int], list[str]], lex: AttributionLexicon) -> tuple[str, ...]:
    found: list[str] = []
    for i in (n - 1, n, n + 1):
        for word in words(i) if 0 <= i < count else ():
            if (i == n or lex.hedge_of[word][1] == "neighbours") and word not in found:
                found.append(word)
    return tuple(found)


def _hedge_words(text: str, where: Starts | None, lex: AttributionLexicon) -> list[str]:
    return [form_key(m.group()) for m in lex.scanner.finditer("hedge", text, where)]


class Sources:
    """The claimants and hedges of one article's sentences; each sentence is scanned once."""

    def __init__(self, sentences: Sequence[Sentence], lexicons: Lexicons,
                 starts: Sequence[Starts | None] = ()) -> None:
        """`starts`: each sentence's starts from a caller's Scanner built with scanned_patterns(lexicons) among its
        own."""
        self._sentences = sentences
        self._lex = lexicons.compiled(attribution_lexicon)
        self._read: dict[int, list[Attribution]] = {}
        self._hedged: dict[int, list[str]] = {}
        self._where: dict[int, Starts | None] = dict(enumerate(starts))

    def _starts(self, i: int) -> Starts | None:
        if i not in self._where:
            self._where[i] = self._lex.scanner.starts(self._sentences[i].text)
        return self._where[i]

    def attributions(self, i: int) -> list[Attribution]:
        if i not in self._read:
            inside = 0 <= i < len(self._sentences)
            self._read[i] = _attributions(self._sentences[i].text, self._starts(i), self._lex) if inside else []
        return self._read[i]

    def hedges(self, n: int) -> tuple[str, ...]:
        """As find_hedges(sentences, n, lexicons)."""
        return _hedges(n, len(self._sentences), self._hedge_words, self._lex)

    def _hedge_words(self, i: int) -> list[str]:
        if i not in self._hedged:
            self._hedged[i] = _hedge_words(self._sentences[i].text, self._starts(i), self._lex)
        return self._hedged[i]

    def source(self, n: int, at: int, *, next_has_claims: bool) -> Source | None:
        """The claimant of a claim at offset `at` of sentence n: the nearest attribution of its sentence;
        else the next sentence's (after a quote, or a bare attribution when that sentence has no claim of its
        own) or the previous one's (a quote it opens). None: the article says so itself."""
        sentences, attrs = self._sentences, self.attributions
        text = sentences[n].text
        chosen, where, rule = None, n, ""
        # the cheap tests first: a neighbour's attributions are read only when they could count
        if attrs(n):
            chosen = min(attrs(n), key=lambda a: abs(a.cue - at))
        elif (_QUOTE.search(text) or not next_has_claims and n + 1 < len(sentences)
              and _only_attributes(sentences[n + 1].text, self._starts(n + 1), self._lex)) and attrs(n + 1):
            chosen, where, rule = attrs(n + 1)[0], n + 1, "+attr.next"
        elif n > 0 and (text.lstrip()[:1] in "\"“" or sentences[n - 1].text.rstrip().endswith(":")) and attrs(n - 1):
            chosen, where, rule = attrs(n - 1)[-1], n - 1, "+attr.previous"
        if chosen is None:
            return None
        if chosen.pronoun:
            named = next(((i, a) for i in range(where - 1, max(-1, where - 4), -1)
                          for a in attrs(i)[::-1] if not a.pronoun), None)
            if not named:
                return Source("unnamed source", None, None, f"+{chosen.rule}")
            (where, chosen), rule = named, rule + "+attr.coref"
        offset = sentences[where].start
        return Source(chosen.name, offset + chosen.start, offset + chosen.end, f"+{chosen.rule}{rule}")


def _speech(text: str, m: re.Match[str], lex: AttributionLexicon) -> bool:
    """Not "claimed the lives of", "reported fatalities", "alleged LNA forces", "an estimated 300" or
    "reports indicated": there the word is part of a claim, an adjective or a noun."""
    after = _WORD.match(text, m.end())
    if lex.pat["claim"].match(text, m.start()) or after and lex.pat["claim"].match(text, after.start(1)):
        return False
    return not (m.group().lower() in lex.words["participles"] and after and (
        after.group(1)[0].isupper() or lex.pat["speech"].fullmatch(after.group(1))
        or _ARTICLE_BEFORE.search(text[:m.start()])))


def _subject(text: str, verb: int, rule: str, where: Starts | None, lex: AttributionLexicon) -> list[Attribution]:
    """The claimant before a speech verb: back to the clause start, or the name before an apposition."""
    seg = text[:verb].rstrip().rstrip(",").rstrip()
    for _ in range(4):  # step over asides: "X, who asked not to be named, said", "X, in a statement, said"
        boundaries = list(_BOUNDARY.finditer(seg))
        last = boundaries[-1] if boundaries else None
        start = last.end() if last else 0
        first = (seg[start:].split() or [""])[0].lower()
        aside = first in lex.words["aside"] or first in lex.words["pronouns"] and len(seg[start:].split()) > 1
        if not last or not aside:
            break
        seg = seg[:last.start()].rstrip().rstrip(",").rstrip()
    if seg[start - 1:start] == "," and _ARTICLE_AFTER.match(seg[start:]) and \
            (app := _APPOSITION.search(seg, 0, start)):  # "Ali Hassan, a village elder, told AFP"
        return _clean(text, *app.span("name"), verb, rule, lex)
    speech = lex.pat["speech"]  # in seg, a prefix of text: text's candidates serve
    inner = list(speech.finditer(seg, start) if where is None
                 else matches_at(speech, seg, sorted(p for p in where.get("speech", ()) if p >= start)))
    start = inner[-1].end() if inner else start  # "... but said preliminary reports indicated": the reports
    words = [w.lower() for w in seg[start:].split()]
    if not words or len(words) > 10 or words[0] in _EXPLETIVE or _AUX.intersection(words) \
            or _NOT_A_NAME.search(seg[start:]):
        return []  # "it was reported", "there are no reports", "12 soldiers were reported"
    return _clean(text, start, len(seg), verb, rule, lex)


def _clean(text: str, start: int, end: int, cue: int, rule: str, lex: AttributionLexicon) -> list[Attribution]:
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
    name = _SPACES.sub(" ", text[start:end])
    if not _LETTER.search(name) or len(name.split()) > 8 \
            or lex.words["function"].issuperset(name.lower().split()) \
            or lex.pat["claim"].search(name):
        return []
    return [Attribution(name, start, end, cue, rule, name.lower() in lex.words["pronouns"])]
