"""Counts in text: digits, number words and vague amounts, with their bounds and ACLED's coding value.

Offsets always point into the string passed in. Vague words are matched before number words so that
"hundreds" never reads as 100; years, dates, times, ages, calibres, money, percentages, compound adjectives
("two-car crash") and other unit-bearing figures are dropped because they count nothing a claim cares about.
A year is part of a date after a month or a preposition ("in March 2022", "since 2017") and whenever a figure
of its own follows it ("around 2019 five soldiers ...").

Choices (the numbers themselves live in lexicons/claims.toml, [quantity]; the words that make a figure a date, a
pronoun or one of two figures in turn in its [[list]] tables qty.*):
- vague words keep the range they allow and ACLED's code: a few/several 3..9 (3), many/numerous 10.. (10),
  dozens 24..99 (12), scores 40..99 (20), hundreds 200..999 (100), thousands 2000..9999 (1000), tens of
  thousands 20000..99999 (10000); "several hundred" 300..999 (300).
- "more than N" is at_least N+1, open-ended, coded N; "at least N" is at_least N.
- "up to N" / "as many as N" is at_most with low 0 (the text gives no floor), high N, coded N;
  "fewer than N" is at_most with high N-1.
- "about/around/nearly/some N" is approximate N; ranges are coded at their low end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from events.lexicon import Lexicons, WordList, expand_all, form_key

QualifierName = Literal["exact", "at_least", "at_most", "approximate", "range", "vague"]
LEXICON = "claims.toml"
# The largest figure read as a count of people: above any toll or displacement a report gives (the largest
# displacements counted are some 14 million, Sudan 2024), so a larger number is money, a population or a typo. It
# also keeps figures far inside the store's 32-bit columns, and spares int() a 5,000-digit number (it refuses).
MAX_COUNT = 100_000_000
_MAX_DIGITS = len(str(MAX_COUNT))


def alternation(forms: Iterable[str]) -> str:
    """A regex group matching any of the forms (lower-cased; a space matches any whitespace), factored into a
    trie: Python's regex engine tries every branch of a flat alternation at every position, a trie only one."""
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form.lower():
            node = node.setdefault(char, {})
        node[""] = {}
    return f"(?:{_branches(trie)})"


def _branches(node: dict[str, Any]) -> str:
    options = [(r"\s+" if char == " " else re.escape(char)) + _branches(child)
               for char, child in sorted(node.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
    return f"(?:{body})?" if "" in node else body


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class Quantity:
    start: int
    end: int
    text: str
    low: int
    high: int | None  # None: open-ended ("more than 100")
    qualifier: QualifierName
    coded: int  # the figure ACLED codes: lower bound of a range, N of "more than N", 12 for "dozens"
    rule: str


@dataclass(frozen=True, slots=True)
class _Amount:
    low: int
    high: int | None
    qualifier: QualifierName
    coded: int
    rule: str
    next: tuple[re.Pattern[str], ...] = ()  # one of these words must follow (a pattern each: see _word)
    not_prev: tuple[str, ...] = ()
    not_next: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    """The [quantity] tables of claims.toml, compiled (build with `lexicons.compiled(quantity_lexicon)`)."""

    atoms: re.Pattern[str]  # a digit, a number word or a vague amount
    atom_keys: tuple[str, ...]  # how every atom not of digits starts
    amounts: dict[str, _Amount]  # lower-cased vague or idiom form -> amount
    modifiers: dict[str, tuple[QualifierName, int, str]]  # form -> (qualifier, shift, id)
    modifier_ends: tuple[str, ...]  # the last word of each modifier: a test before before_mod's slow search
    before_mod: re.Pattern[str]
    suffixes: dict[str, tuple[QualifierName, str]]
    after_mod: re.Pattern[str]
    after_excluded: re.Pattern[str]
    before_excluded: re.Pattern[str]  # on the reversed text before a figure: one try, not a search of 40
    count_noun: re.Pattern[str]
    bound_gap: re.Pattern[str]  # the space between two figures, with the second one's bound
    date_after: re.Pattern[str]  # a month right after a figure: "9 March"
    date_before: re.Pattern[str]  # a month right before it, on the reversed text before it: "March 9"
    year_before: re.Pattern[str]  # what makes a four-digit figure a year: "in 2000", "since March 2019"
    change: re.Pattern[str]  # a changing figure: "the toll rose from 10 to 30" names two figures
    compound: re.Pattern[str]  # a compound adjective after a figure: "two-car crash", not "3,000-strong"
    not_one_before: re.Pattern[str]  # "no one", "the one who": no count
    not_one_after: re.Pattern[str]  # "one another", "one by one": no count


# Number words stay here: they spell numerals as digits do (form, not vocabulary), and a word's place in these
# lists is its value. So do the range joiners ("-", "to", "or", "between ... and") and "from": they parse a
# figure's shape. The words that make a figure no count are lists of claims.toml (qty.date.*, qty.year.before,
# qty.change, qty.one.*); the hyphen-led forms that make no compound adjective come from [quantity.suffix] and
# [[trigger]] ("-odd", "-strong").
_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUE = {w: i for i, w in enumerate(_SMALL)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGITS = (r"(?<![\w.,:$€£¥#/])(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?)"
           r"(?:\s+(?:million|billion|thousand)(?!\w))?")
DIGIT_STARTS = re.compile(r"\d(?<![\w.,:$€£¥#/]\d)")  # where _DIGITS may match: a digit, and its lookbehind
_NUMWORD = alternation([*_WORD_VALUE, *_SCALE])
_WORDS = (rf"\b(?:an?\s+(?=(?:hundred|thousand|million|billion)\b))?(?:{_NUMWORD})"
          rf"(?:(?:\s*-\s*|\s+|\s+and\s+)(?:{_NUMWORD}))*\b")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
_SIZE = re.compile(r"\[size=([^\]]*)\]", re.I)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|or)\s*", re.I)
_HALF = rf"(?:\d[\d,.]*|(?:{_NUMWORD})(?:-(?:{_NUMWORD}))?)"
_TAIL = re.compile(rf"\s*(?:-|–|—|to|or)\s*{_HALF}\b", re.I)
_HEAD = re.compile(rf"(?:\bbetween\s+{_HALF}\s+and|\b{_HALF}\s*(?:-|–|—|to|or))\s*$", re.I)
_HEAD_ENDS = ("and", "-", "–", "—", "to", "or")  # how _HEAD's text ends, a test before its slow search
_YEAR = re.compile(r"\d{4}")
_SCALED = re.compile(r"(.+?)\s+(million|billion|thousand)", re.I)
_GROUPING = re.compile(r"[,\s\u00a0\u202f]")
_LETTERS = re.compile(r"[a-zA-Z]+")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")
_CLOCK = re.compile(r"\s*:\d\d")
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_FROM = re.compile(r"\bfrom\s+$", re.I)
_BETWEEN_JOIN = re.compile(r"\s*(?:and|to|-|–)\s*", re.I)


def atom_pattern(lexicons: Lexicons) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The pattern of the figures counts are made of, and the words every match not of digits starts with."""
    lex = lexicons.compiled(quantity_lexicon)
    return lex.atoms, lex.atom_keys


def _words(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(expand_all(entry.get(key, "")))


def _word(word: str) -> re.Pattern[str]:
    """The word at the start of the (lower-cased) text after a vague amount."""
    return re.compile(rf"{re.escape(word)}\b")


def quantity_lexicon(lexicons: Lexicons) -> QuantityLexicon:
    data = lexicons.toml(LEXICON)["quantity"]
    amounts: dict[str, _Amount] = {}
    for e in data["vague"]:
        amount = _Amount(e["low"], e["high"] or None, "vague", e["coded"], e["id"],
                         tuple(map(_word, _words(e, "next"))), _words(e, "not_prev"),
                         tuple(map(_word, _words(e, "not_next"))))
        amounts.update((form.lower(), amount) for form in expand_all(e["forms"]))
    for e in data["idiom"]:
        amount = _Amount(e["value"], e["value"], "approximate", e["value"], e["id"])
        amounts.update((form.lower(), amount) for form in expand_all(e["forms"]))
    modifiers = {f.lower(): (e["qualifier"], e["shift"], e["id"]) for e in data["modifier"]
                 for f in expand_all(e["forms"])}
    suffixes = {f.lower(): (e["qualifier"], e["id"]) for e in data["suffix"] for f in expand_all(e["forms"])}
    ex = data["exclude"]
    after = alternation([*expand_all(ex["after_units"]), *expand_all(ex["after_money"]),
                          *expand_all(ex["after_time"]), *expand_all(ex["after_duration"])])
    before = alternation([f[::-1] for f in [*expand_all(ex["before_money"]), *expand_all(ex["before_age"]),
                                            *expand_all(ex["before_label"])]])
    vague = alternation(list(amounts))
    date_after, date_before, year_before = _dates(lexicons)
    return QuantityLexicon(
        atoms=re.compile(rf"(?P<vague>\b(?:{vague})(?!\w))|(?P<digits>{_DIGITS})|(?P<words>{_WORDS})", re.I),
        atom_keys=(*amounts, *_WORD_VALUE, *_SCALE, *(f"{a} {scale}" for a in ("a", "an") for scale in _SCALE)),
        amounts=amounts, modifiers=modifiers, modifier_ends=tuple({f.split()[-1] for f in modifiers}),
        before_mod=re.compile(rf"(?<![\w-])(?:{alternation(list(modifiers))})\s*$", re.I),
        suffixes=suffixes,
        after_mod=re.compile(rf"\s*(?:{alternation(list(suffixes))})(?!\w)", re.I),
        after_excluded=re.compile(rf"\s*-?\s*(?:{after})(?![\w])", re.I),
        before_excluded=re.compile(rf"\s*-?\s*(?:{before})(?![\w])", re.I),
        count_noun=re.compile(rf"\s+(?:[a-z-]+\s+)?(?:{alternation(expand_all(ex['count_nouns']))})\b"),
        bound_gap=re.compile(rf"\s+(?:(?:{alternation(list(modifiers))})\s*)?", re.I),
        date_after=date_after, date_before=date_before, year_before=year_before,
        change=re.compile(rf"\b{_list(lexicons, 'qty.change').alternation()}\b[^.;]{{0,40}}$", re.I),
        compound=_compound(data, lexicons.toml(LEXICON)["trigger"]),
        not_one_before=re.compile(rf"\b{_list(lexicons, 'qty.one.pronoun_before').alternation()}\s+$", re.I),
        not_one_after=re.compile(rf"\s+{_list(lexicons, 'qty.one.pronoun_after').alternation()}\b", re.I),
    )


def _list(lexicons: Lexicons, list_id: str) -> WordList:
    return lexicons.word_list(LEXICON, list_id)


def month_names(lexicons: Lexicons, *, abbreviations: bool) -> tuple[str, ...]:
    """The month names of qty.date.months, and with `abbreviations` those of qty.date.month_abbreviations."""
    names = _list(lexicons, "qty.date.months").items
    return (*names, *_list(lexicons, "qty.date.month_abbreviations").items) if abbreviations else names


def _dates(lexicons: Lexicons) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns that read a figure as part of a date: the month names are case-sensitive beside a day
    ("9 March", "March the 9"), any case before a year ("in march 2022")."""
    months = "|".join(map(re.escape, month_names(lexicons, abbreviations=True)))
    year_words = _list(lexicons, "qty.year.before").alternation()
    return (
        re.compile(rf"\s*(?:{months})\b\.?"),  # after the figure
        re.compile(rf"(?:\s+eht)?\s+\.?(?:{months[::-1]})\b"),  # before it, read backwards: "March the "
        # before a year; "'s" (the clitic: "Nigeria's 2015 election") and a day ("March 12, 2019") are form
        re.compile(rf"\b(?:{year_words}|'s|(?:{months})\.?,?|\d{{1,2}}(?:st|nd|rd|th)?,?)[\s-]*$", re.I),
    )


def _compound(quantity: dict[str, Any], triggers: list[dict[str, Any]]) -> re.Pattern[str]:
    """A hyphen and a word after a figure make a compound adjective ("two-car crash"), unless the word is a
    hyphen-led form of the lexicon: a suffix ("-odd", "-plus") or a claim word ("3,000-strong")."""
    forms = [form for table in (*quantity["suffix"], *triggers) for form in expand_all(table["forms"])]
    words = [re.escape(form[1:]) for form in forms if form.startswith("-") and len(form) > 1]
    allowed = rf"(?!(?:{'|'.join(words)})\b)" if words else ""
    return re.compile(rf"-{allowed}[a-z]", re.I)


def find_quantities(text: str, lexicons: Lexicons, *, include_sizes: bool = False,
                    atoms: Iterable[re.Match[str]] | None = None) -> list[Quantity]:
    """Every count in `text`, left to right; ranges and bounds folded into one Quantity.

    `include_sizes` also returns ACLED's "[size=...]" crowd sizes (rule "acled.size"), which are
    otherwise skipped along with everything else inside the brackets. `atoms`: the matches of
    `atom_pattern(lexicons)` in `text`, from a caller that found them already.
    """
    return quantities_in(text, lexicons.compiled(quantity_lexicon), include_sizes=include_sizes, atoms=atoms)


def quantities_in(text: str, lex: QuantityLexicon, *, include_sizes: bool = False,
                  atoms: Iterable[re.Match[str]] | None = None) -> list[Quantity]:
    """As find_quantities, for a caller that holds the compiled lexicon (casualties.py)."""
    sizes = [m.span() for m in _SIZE.finditer(text)] if "[" in text else []
    found = _atoms(text, lex.atoms.finditer(text) if atoms is None else atoms, lex)
    found = _years_dropped(text, [a for a in found if not any(s <= a.start < e for s, e in sizes)], lex)
    found = _bound(text, _ranges(text, found, lex), lex)
    if include_sizes:
        for m in _SIZE.finditer(text):
            inner = quantities_in(m.group(1), lex)
            if inner:
                q = inner[0]
                found.append(replace(q, start=m.start(1) + q.start, end=m.start(1) + q.end, rule="acled.size"))
        found.sort(key=lambda q: q.start)
    return found


def _atoms(text: str, matches: Iterable[re.Match[str]], lex: QuantityLexicon) -> list[Quantity]:
    out: list[Quantity] = []
    for m in matches:
        kind = m.lastgroup
        if kind == "vague":
            amount = lex.amounts[form_key(m.group())]
            if _guarded(text, m.start(), m.end(), amount, lex):
                continue
            out.append(Quantity(m.start(), m.end(), m.group(), amount.low, amount.high, amount.qualifier,
                                amount.coded, amount.rule))
        elif kind == "digits":
            value = _digits_value(text, m.start(), m.group())
            if value is not None and value <= MAX_COUNT and _is_count(text, m.start(), m.end(), value, lex,
                                                                      digits=True):
                out.append(Quantity(m.start(), m.end(), m.group(), value, value, "exact", value, "qty.digits"))
        else:
            for start, end, value in _word_numbers(text, m.start(), m.group()):
                if value <= MAX_COUNT and _is_count(text, start, end, value, lex, digits=False):
                    span = text[start:end]
                    out.append(Quantity(start, end, span, value, value, "exact", value, "qty.words"))
    return out


def _years_dropped(text: str, atoms: list[Quantity], lex: QuantityLexicon) -> list[Quantity]:
    """A year right before a figure of its own is a date, whatever stands before it: "in March 2022 hundreds
    of civilians", "around 2019 five soldiers", "2021 more than 40 people"."""
    return [a for a, b in zip(atoms, [*atoms[1:], None], strict=False)
            if not (b and a.rule == "qty.digits" and _YEAR.fullmatch(a.text) and 1900 <= a.low <= 2100
                    and lex.bound_gap.fullmatch(text, a.end, b.start))]


def _digits_value(text: str, start: int, span: str) -> int | None:
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        return None  # a designation: "COVID-19", "F-16", "BM-21"
    if span.isdecimal():  # most figures: no separator, decimal point or scale word to read
        return int(span) if len(span) <= _MAX_DIGITS else None
    scaled = _SCALED.fullmatch(span)
    number = _GROUPING.sub("", scaled.group(1) if scaled else span)
    if len(number.split(".")[0]) > _MAX_DIGITS:
        return None  # no count, and too long for int() or for a float that is not inf
    scale = _SCALE[form_key(scaled.group(2))] if scaled else 1
    if "." in number:
        # decimals count people only with a scale word ("2.5 million"); "12.7mm", "14.5" are not counts
        return int(round(float(number) * scale)) if scaled and number.count(".") == 1 else None
    return int(number) * scale


def _word_numbers(text: str, offset: int, span: str) -> list[tuple[int, int, int]]:
    """Split a run of number words into well-formed numbers: "twenty-five" is one, "five six" two."""
    tokens = [(offset + m.start(), offset + m.end(), m.group().lower()) for m in _LETTERS.finditer(span)]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(tokens):
        start = tokens[i][0]
        total = current = 0
        prev = ""
        j = i
        while j < len(tokens):
            word = tokens[j][2]
            if word in ("a", "an"):
                if j != i:
                    break
                current, prev = 1, "a"
            elif word == "and":
                if prev not in _SCALE or j + 1 >= len(tokens) or tokens[j + 1][2] not in _WORD_VALUE:
                    break
            elif word in _WORD_VALUE:
                value = _WORD_VALUE[word]
                if prev in _WORD_VALUE and not (_WORD_VALUE[prev] >= 20 and prev in _TENS and value < 10):
                    break
                if prev == "a":
                    break
                current += value
            elif word in _SCALE:
                if prev in _SCALE and _SCALE[prev] >= _SCALE[word]:
                    break
                if word == "hundred":
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * _SCALE[word]
                    current = 0
            prev = word
            j += 1
        if j == i or prev == "a" or tokens[i][2] in _SCALE:  # "a" alone, or a bare "million" ("$5 million")
            i = max(j, i + 1)
            continue
        out.append((start, tokens[j - 1][1], total + current))
        i = j
    return out


def _guarded(text: str, start: int, end: int, amount: _Amount, lex: QuantityLexicon) -> bool:
    prev = _PREVIOUS_WORD.search(text[max(0, start - 20):start])
    after = text[end:end + 30].lower()
    nxt = after.lstrip()
    if amount.next and not any(w.match(nxt) for w in amount.next):
        return True
    if prev and prev.group(1).lower() in amount.not_prev:
        return True
    return any(w.match(nxt) for w in amount.not_next) or _unit_after(after, lex)


def _unit_after(after: str, lex: QuantityLexicon) -> bool:
    excluded = lex.after_excluded
    return bool(excluded.match(after) or (m := _OF.match(after)) and excluded.match(after[m.end():]))


def _is_count(text: str, start: int, end: int, value: int, lex: QuantityLexicon, *, digits: bool) -> bool:
    after = text[end:end + 40]
    before = text[max(0, start - 40):start]
    if digits and (after[:1].isalpha() or _CLOCK.match(after)):
        return False  # "82mm", "1st", "1990s", "5pm", "6:30"
    if lex.compound.match(after):
        return False  # a compound adjective: "two-car crash", "five-member team", "three-day visit"
    # look past the other half of a range: "12 to 15 km", "aged 18 to 25", "9-10 May"
    tail = _TAIL.match(after)
    head = _HEAD.search(before) if before.rstrip()[-3:].lower().endswith(_HEAD_ENDS) else None
    afters = (after, after[tail.end():]) if tail else (after,)
    backs = (before[::-1], before[:head.start()][::-1]) if head else (before[::-1],)  # the befores, read backwards
    if any(_unit_after(a.lower(), lex) for a in afters) or any(map(lex.before_excluded.match, backs)):
        return False
    if value <= 31 and (any(map(lex.date_after.match, afters)) or any(map(lex.date_before.match, backs))):
        return False
    if not digits and value == 1 and (lex.not_one_before.search(before) or lex.not_one_after.match(after)):
        return False  # "no one", "the one who", "one another"
    if digits and _YEAR.fullmatch(text[start:end]) and 1800 <= value <= 2100:
        return bool(lex.before_mod.search(before)) or (
            not lex.year_before.search(before) and bool(lex.count_noun.match(after)))
    return True


def _ranges(text: str, atoms: list[Quantity], lex: QuantityLexicon) -> list[Quantity]:
    """Fold "between A and B", "A to B", "A-B", "A or B" into one range; keep the rest."""
    out: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and b.low > a.low:
            gap = text[a.end:b.start]
            between = _BETWEEN.search(text[max(0, a.start - 12):a.start])
            start = a.start - len(between.group()) if between else a.start
            joined = (between and _BETWEEN_JOIN.fullmatch(gap)) or (
                not between and _RANGE_JOIN.fullmatch(gap) and not _rising(text, a.start, lex))
            if joined:
                high = b.high if b.qualifier == "vague" else b.low
                out.append(Quantity(start, b.end, text[start:b.end], a.low, high, "range", a.coded,
                                    f"qty.range+{a.rule}"))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _rising(text: str, start: int, lex: QuantityLexicon) -> bool:
    """ "the toll rose from 10 to 30" names two figures in turn, not a range."""
    before = text[max(0, start - 60):start]
    return bool(_FROM.search(before) and lex.change.search(before))


def _bound(text: str, quantities: list[Quantity], lex: QuantityLexicon) -> list[Quantity]:
    """Apply "at least", "more than", "up to", "about", "or more" ... to each figure."""
    out: list[Quantity] = []
    for q in quantities:
        if q.qualifier == "range":
            out.append(q)
            continue
        start, end = q.start, q.end
        qualifier, shift, rule = None, 0, ""
        words = text[max(0, q.start - 40):q.start].split()  # its match ends in the last, as one of modifier_ends
        m = lex.before_mod.search(text, max(0, q.start - 40), q.start) if words and (
            not words[-1].isascii() or words[-1].lower().endswith(lex.modifier_ends)) else None
        if m and m.end() == q.start:
            qualifier, shift, rule = lex.modifiers[form_key(m.group())]
            start = m.start()
        else:
            s = lex.after_mod.match(text, q.end)
            if s:
                qualifier, rule = lex.suffixes[" ".join(s.group().lower().split())]
                end = s.end()
        if qualifier is None:
            out.append(q)
            continue
        low, high, kind, coded, vague = q.low, q.high, q.qualifier, q.coded, q.qualifier == "vague"
        if qualifier == "approximate":
            kind = q.qualifier if vague else "approximate"
        elif qualifier == "at_least":
            low, high, kind = q.low if vague else q.low + shift, None, "at_least"
        elif qualifier != "exact":
            top = (q.high if q.high is not None else q.low) if vague else q.low + shift
            low, high, kind, coded = 0, top, "at_most", q.coded if vague else top
        out.append(Quantity(start, end, text[start:end], low, high, kind, coded, f"{q.rule}+{rule}"))
    return out
