"""Date mentions in one sentence, resolved against the article's publication date (the reference).

Regexes compiled from events/lexicons/dates.toml run only at the words an Aho-Corasick prefilter finds (most
sentences have no date). Resolution is ours: dateparser puts a bare "the 25th" in the future. Choices:

- Nothing resolved from a partial or relative expression lies after the reference: year-less dates, day-only
  dates, months and weekdays take the latest candidate not after it. Only a stated year may put a date later
  (a plan, a deadline); such mentions carry future=True.
- A weekday equal to the reference's weekday is the reference itself ("on Friday" in a Friday paper is that
  day); after "last" or "this past" it is the week before.
- "last week" is the reference minus 7 days (always inside the previous calendar week); "this week" and
  "earlier this week" are the Monday of the reference's week; a weekend is the Sunday of its latest weekend not
  after the reference (news-dev's GUIDELINES: "Over the last weekend": the Sunday), its Saturday when the
  reference is that Saturday. All three have precision week.
- A range gives its start date: precision day up to 7 days, week beyond, month from 28 days.
- Years must lie in 1900..reference.year+1, and a number that counts things ("2000 people") is no year.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, cast

import ahocorasick

from events.errors import LexiconError
from events.extract.matcher import lowered_in_place
from events.lexicon import Lexicons, form_key

Precision = Literal["day", "week", "month", "year"]

_RANK = {"": -1, "day": 0, "week": 1, "month": 2, "year": 3}
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9]*)\}")
_DIGITS = re.compile(r"\d(?:\d*(?:st|nd|rd|th)\b|(?<=[12])\d\d\d)")  # led by a digit, which search finds fast
_ASCII_DIGITS = re.compile(r"[0-9](?:\d*(?:st|nd|rd|th)\b|(?<=[12])\d\d\d)")  # [0-9] is found faster still
_WORD = re.compile(r"\b\w")
_REACH = 32  # how far before its trigger word an expression may start
_NEXT_WORD = re.compile(r"\s*(%|[A-Za-z]+)")
_PAREN = re.compile(r"\s*[(\[]([^()\[\]]{1,60})[)\]]")
# a category label ("Looting: ") and opening quotes or dashes may precede a sentence-opening date
_LABEL = re.compile(r"[\s\"'“‘«(\[*•—–-]*(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4}\s*:\s+)?[\s\"'“‘«(\[—–-]*")
_LEADING = re.compile(r"[\s\"'“‘«(\[*•—–-]*")  # _LABEL's opening quotes and dashes alone
_GROUP_NAME = re.compile(r"(?<=\(\?P[<=])")  # where a group's name starts, or a reference to one
_AFTER_COMMA = re.compile(r"\s*(?:\([^()]*\)\s*)?,")
_NTH = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1}
_EXPLICIT = frozenset({"full", "range", "month_year", "week_of_month", "year", "year_range"})
_PAREN_KINDS = frozenset({"full", "yearless", "range", "weekday", "day_only", "month_year"})


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class DateMention:
    start: int  # offsets into the string passed in
    end: int
    text: str
    value: date | None  # the (start) date; None for "the same day"-style anaphora (the caller inherits)
    precision: Precision
    rule: str  # lexicon rule id
    opening: bool  # a sentence-opening adverbial ("On 9 May 2020, ...", "Late on Friday, ...")
    future: bool  # explicitly dated after the reference
    shift: int = 0  # days from the inherited date, for an anaphor ("the next day" 1, "a day earlier" -1)


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    kind: str
    order: int  # lexicon order: breaks ties between equally long matches
    unit: str = ""
    amount: int = 0


@dataclass(frozen=True, slots=True)
class _Lexicon:
    automaton: Any  # ahocorasick.Automaton: lowered trigger word -> (its length, category)
    # trigger category -> a pattern that matches where any of its rules does, and the rules in file order
    groups: dict[str, tuple[re.Pattern[str], tuple[tuple[_Rule, re.Pattern[str]], ...]]]
    phrases: dict[str, _Rule]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague: frozenset[str]
    count_words: frozenset[str]
    not_year_before: re.Pattern[str]
    lead_tail: re.Pattern[str]
    lead_ends: tuple[str, ...]  # the last words of the lead phrases, lower case: a lead ends with one
    parens: dict[str, str]
    followers: frozenset[str]
    day_nouns: frozenset[str]


_Found = tuple[int, int, _Rule, date | None, str]  # start, end, rule, value, precision: the cheapest record


def find_dates(text: str, reference: date, lexicons: Lexicons) -> list[DateMention]:
    """Date mentions of one sentence in text order, non-overlapping (the longest wins)."""
    lex = lexicons.compiled(_lexicon)
    hits = _triggers(text, lex)
    if not hits:
        return []
    chosen = _candidates(text, reference, lex, hits)
    if len(chosen) > 1:  # most sentences have a single candidate
        ordered, chosen = sorted(chosen, key=lambda f: (f[0] - f[1], f[0], f[2].order)), []
        for cand in ordered:
            if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
                chosen.append(cand)
        chosen.sort(key=lambda f: f[0])
    return [DateMention(start, end, text[start:end], value, cast(Precision, precision), rule.id,
                        _opening(text, start, end), value is not None and value > reference,
                        rule.amount if rule.kind == "anaphor" else 0)
            for start, end, rule, value, precision in chosen if rule.kind != "block"]


def _triggers(text: str, lex: _Lexicon) -> dict[str, list[int]]:
    """Prefilter: where the words of each category of date expression start."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowered; keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    hits: dict[str, list[int]] = {}
    size = len(low)
    for end, (length, cat) in lex.automaton.iter(low):  # month and weekday names are capitalised
        start = end + 1 - length
        if not ((start and low[start - 1].isalnum()) or (end + 1 < size and low[end + 1].isalnum())
                or (cat != "rel" and not text[start].isupper())):
            hits.setdefault(cat, []).append(start)
    digits = _ASCII_DIGITS if text.isascii() else _DIGITS
    if first := digits.search(text):  # most sentences have none: a search is cheaper than an iterator
        for m in digits.finditer(text, first.start()):
            start, end = m.span()
            if not ((start and low[start - 1].isalnum()) or (end < size and low[end].isalnum())):
                if text[end - 1].isalpha():
                    hits.setdefault("ordinal", []).append(start)
                elif 1800 <= int(text[start:end]) < 2100:
                    hits.setdefault("year", []).append(start)
    return hits


def _candidates(text: str, ref: date, lex: _Lexicon, hits: dict[str, list[int]]) -> list[_Found]:
    """Each category's rules, anchored at the word starts shortly before each of its hits (every expression
    of a category contains one of its words; scanning whole sentences costs far more)."""
    found: list[_Found] = []
    for cat, positions in hits.items():
        reached = done = 0
        any_rule, rules = lex.groups[cat]
        for p in positions:  # in text order: windows that overlap are scanned once
            for w in _WORD.finditer(text, max(done, p - _REACH), p + 1):
                if (pos := w.start()) < reached or any_rule.match(text, pos) is None:
                    continue
                start = -1
                for rule, regex in rules:
                    if (m := regex.match(text, pos)) is None:
                        continue
                    if rule.kind == "phrase":
                        rule = lex.phrases[form_key(m.group())]
                    if start < 0:
                        lead = _lead(text, pos, lex)  # "On or about", "Late on"
                        start = lead.start() if lead else pos
                    try:
                        resolved = _resolve(rule, m.groupdict(), m, text, ref, lex, start < pos)
                    except (KeyError, ValueError, OverflowError):  # not a month or weekday; 31 April; before year 1
                        continue
                    if resolved is None or (resolved[0] and resolved[0] > ref and rule.kind not in _EXPLICIT):
                        continue
                    value, precision = resolved
                    end = m.end()
                    if rule.kind in _PAREN_KINDS:
                        end, precision = _absorb_paren(text, end, value, precision, lex)
                    reached = max(reached, m.end())
                    found.append((start, end, rule, value, precision))
            done = p + 1
    return found


def _lead(text: str, pos: int, lex: _Lexicon) -> re.Match[str] | None:
    """The lead phrases right before `pos`, searched only when the word before `pos` ends like one of them (the
    pattern ends "<phrase>\\s+$"; that word is compared as re.IGNORECASE reads it, see lowered_in_place)."""
    before = text[max(0, pos - 48):pos]
    if not before[-1:].isspace():
        return None
    words = before.rsplit(None, 1)
    if not words or not lowered_in_place(words[-1]).endswith(lex.lead_ends):
        return None
    return lex.lead_tail.search(text, max(0, pos - 48), pos)


def _resolve(rule: _Rule, g: dict[str, Any], m: re.Match[str], text: str, ref: date, lex: _Lexicon,
             led: bool) -> tuple[date | None, str] | None:
    kind = rule.kind
    if kind in ("anaphor", "block"):
        return None, "day"
    if kind == "relative":
        return _relative(rule.unit, rule.amount, ref)
    if kind == "ago":
        key = form_key(g["num"])
        n = int(key) if key.isdigit() else lex.numbers[key]
        value, precision = _relative(rule.unit, -n, ref)
        vague = key in lex.vague  # "a few days ago"
        return (value, _wider(precision, "week") if vague else precision) if value.year > 1900 else None
    if kind == "weekday":
        first, strict = lex.weekdays[g["weekday"].lower()], bool(g.get("last"))
        if not g.get("weekday2"):
            return _latest_weekday(ref, first, strict), "day"
        second = lex.weekdays[g["weekday2"].lower()]  # "Friday night into Saturday": the Friday before it
        return _latest_weekday(ref, second, strict) - timedelta(days=(second - first) % 7), "day"
    if kind == "day_only":
        nxt = _NEXT_WORD.match(text, m.end())
        word = nxt.group(1) if nxt else ""
        bare = not led and m.group()[:4].lower() == "the " and " of " not in m.group()
        if text.startswith("-", m.end()) or word[:1].isupper() or word.lower() in lex.day_nouns or (
                bare and word and word.lower() not in lex.followers):
            return None  # "the 25th Brigade", "the 21st century", "21st-century"
        return _latest(ref, [(ref.year - (ref.month - k <= 0), (ref.month - k - 1) % 12 + 1, int(g["day"]))
                             for k in range(12)]), "day"
    nxt = _NEXT_WORD.match(text, m.end())  # a count ("May 9 people", "2000 troops") is no date
    counted = m.group()[-1].isdigit() and nxt is not None and nxt.group(1).lower() in lex.count_words
    if kind == "yearless":
        return None if counted else (_latest_md(ref, _month(g["month"], lex), int(g["day"])), "day")
    if kind == "full":
        return _full(g, ref, lex)
    if kind == "range":
        return None if counted else _range(g, ref, lex)
    if kind in ("month_year", "week_of_month", "month"):
        return _month_kinds(kind, g, counted, ref, lex)
    if kind in ("year", "year_range"):
        if lex.not_year_before.search(text, max(0, m.start() - 24), m.start()):
            return None
        year = int(g["year"])
        if counted and (year % 50 == 0 or not led):
            return None
        if kind == "year_range":
            end = int(g["year2"]) if len(g["year2"]) == 4 else year // 100 * 100 + int(g["year2"])
            if end <= year or not _plausible(end, ref):
                return None
        return (date(year, 1, 1), "year") if _plausible(year, ref) else None
    raise LexiconError(f"dates.toml: rule {rule.id} has unknown kind {kind!r}")


def _full(g: dict[str, Any], ref: date, lex: _Lexicon) -> tuple[date, str] | None:
    year, day = int(g["year"]), int(g["day"])
    if g.get("month"):
        month = _month(g["month"], lex)
    else:
        month = int(g["mon"])
        if month > 12 >= day:  # month-first (US) numeric order
            month, day = day, month
    return (date(year, month, day), "day") if _plausible(year, ref) else None


def _range(g: dict[str, Any], ref: date, lex: _Lexicon) -> tuple[date, str] | None:
    m1, m2 = _month(g.get("month") or g["month2"], lex), _month(g.get("month2") or g["month"], lex)
    d1, d2 = int(g["day"]), int(g["day2"])
    y1 = int(g["year"]) if g.get("year") else None
    y2 = int(g["year2"]) if g.get("year2") else None
    wraps = (m2, d2) < (m1, d1)  # "28 December - 3 January"
    if y1 is None:
        y1 = _latest_md(ref, m1, d1).year if y2 is None else y2 - wraps
    if y2 is None:
        y2 = y1 + wraps
    start, end = date(y1, m1, d1), date(y2, m2, d2)
    if end < start or not _plausible(y1, ref) or not _plausible(y2, ref):
        return None
    days = (end - start).days + 1
    return start, "day" if days <= 7 else "week" if days < 28 else "month"


def _month_kinds(kind: str, g: dict[str, Any], counted: bool, ref: date,
                 lex: _Lexicon) -> tuple[date, str] | None:
    month = _month(g["month"], lex)
    if g.get("year"):
        year = int(g["year"])
        if not _plausible(year, ref) or (counted and year % 50 == 0):
            return None  # "in May 2000 people fled"
    else:
        strict = bool(g.get("last"))
        year = ref.year if month < ref.month or (month == ref.month and not strict) else ref.year - 1
    if kind != "week_of_month":
        return date(year, month, 1), "month"
    nth = _NTH[g["nth"].lower()]
    value = _week_of_month(year, month, nth)
    return (_week_of_month(year - 1, month, nth) if value > ref and not g.get("year") else value), "week"


def _week_of_month(year: int, month: int, nth: int) -> date:
    return date(year, month, 1 + 7 * nth if nth >= 0 else monthrange(year, month)[1] - 6)


def _relative(unit: str, n: int, ref: date) -> tuple[date, str]:
    """The reference moved by n units; week_start anchors on the reference's Monday, weekend on the Sunday of its
    latest weekend (the Saturday when that Sunday is still to come: "this weekend" in a Saturday paper)."""
    saturday = 7 * n - (ref.weekday() - 5) % 7
    days = {"day": n, "week": 7 * n, "fortnight": 14 * n, "week_start": 7 * n - ref.weekday(),
            "weekend": saturday + 1 if saturday + 1 <= 0 else saturday}
    if unit in days:
        return ref + timedelta(days=days[unit]), "day" if unit == "day" else "week"
    if unit == "month":
        return date((index := ref.year * 12 + ref.month - 1 + n) // 12, index % 12 + 1, 1), "month"
    if unit == "year":
        return date(ref.year + n, 1, 1), "year"
    raise LexiconError(f"dates.toml: unknown relative unit {unit!r}")


def _absorb_paren(text: str, end: int, value: date | None, precision: str, lex: _Lexicon) -> tuple[int, str]:
    """ACLED's "Around 9 May 2020 (as reported)", "(week of)", "(between 7 - 8 May)": the note belongs to
    the mention and may widen its precision."""
    pm = _PAREN.match(text, end)
    if pm is None:
        return end, precision
    note = form_key(pm.group(1))
    if note in lex.parens:
        return pm.end(), _wider(precision, lex.parens[note])
    if value is None:
        return end, precision
    inner = pm.group(1)  # holds no parentheses, so the recursion stops here
    # the note's range may end after the headline date (but not after year 9999)
    later = value + timedelta(days=31) if value < date.max - timedelta(days=31) else date.max
    ranges = [f for f in _candidates(inner, later, lex, _triggers(inner, lex)) if f[2].kind == "range"]
    return (pm.end(), _wider(precision, ranges[0][4])) if ranges else (end, precision)


def _opening(text: str, start: int, end: int) -> bool:
    """The mention opens the sentence, or closes its first clause: "Gunmen attacked late on Friday, ..."."""
    head = text[:start]
    if "," in head or ";" in head:
        return False  # no label holds one: the text between the label and the mention does
    # without a colon no label matches, and _LABEL ends where its opening quotes and dashes do (its backtracking
    # over the label's words is what it costs)
    label = (_LABEL if ":" in head else _LEADING).match(text, 0, start)
    prefix = text[label.end() if label else 0:start]
    return not prefix or ("," not in prefix and ";" not in prefix and bool(_AFTER_COMMA.match(text, end)))


def _latest(ref: date, candidates: list[tuple[int, int, int]]) -> date:
    """The first valid (year, month, day) not after the reference, candidates newest first."""
    for year, month, day in candidates:
        if day <= monthrange(year, month)[1] and date(year, month, day) <= ref:
            return date(year, month, day)
    raise ValueError(f"no date among {candidates[:1]}... on or before {ref}")


def _latest_md(ref: date, month: int, day: int) -> date:
    return _latest(ref, [(year, month, day) for year in range(ref.year, ref.year - 9, -1)])  # 29 Feb: 8 years


def _latest_weekday(ref: date, weekday: int, strict: bool) -> date:
    return ref - timedelta(days=(ref.weekday() - weekday) % 7 or (7 if strict else 0))


def _plausible(year: int, ref: date) -> bool:
    return 1900 <= year <= ref.year + 1


def _wider(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def _month(name: str, lex: _Lexicon) -> int:
    return lex.months[name.lower().rstrip(".")]


def _alt(words: list[str]) -> str:
    """Regex alternation of literal phrases, any whitespace between words, the longest that matches tried first.
    Lower-case ASCII phrases become a trie: the engine tries alternatives one by one, a hundred phrases a hundred
    times at every position. The text takes one path through the trie, where longer phrases still come first."""
    def trie(suffixes: list[str]) -> str:
        alts = [(r"\s+" if c == " " else re.escape(c)) + trie([w[1:] for w in suffixes if w[:1] == c])
                for c in dict.fromkeys(w[0] for w in suffixes if w)] + [""] * ("" in suffixes)
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    ordered = sorted(set(words), key=len, reverse=True)
    if any(w != w.lower() or not w.isascii() for w in ordered):  # under re.I, case variants would be two paths
        return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)
    return trie([" ".join(w.split()) for w in ordered])


def _last_words(phrases: list[str]) -> tuple[str, ...]:
    """What a text ends with when one of the phrases ends it, as endswith takes it: their last words, lower case
    ("" for all when a phrase is not plain ASCII, whose case-insensitive matches lower() may not predict)."""
    if not all(phrase.isascii() for phrase in phrases):
        return ("",)
    return tuple(sorted({phrase.split()[-1].lower() for phrase in phrases}))


def _lexicon(lexicons: Lexicons) -> _Lexicon:
    """dates.toml compiled (build with `lexicons.compiled(_lexicon)`)."""
    data = lexicons.toml("dates.toml")
    months = {name.lower(): int(e["number"]) for e in data["month"] for name in e["names"]}
    weekdays = {name.lower(): int(e["number"]) for e in data["weekday"] for name in e["names"]}
    numbers = {form_key(k): int(v) for k, v in data["numbers"]["values"].items()}
    names = _alt([v for e in data["weekday"] for n in e["names"] for v in (n, n.upper())])
    tokens = {k: v.replace("{NUMBERS}", _alt(list(numbers))).replace("{WEEKDAY_NAMES}", names)
              for k, v in data["tokens"].items()}
    rel_words = {form_key(w) for w in data["triggers"]["rel"]}
    automaton = ahocorasick.Automaton()
    for words, cat in ((months, "month"), (weekdays, "weekday"), (rel_words, "rel")):
        for word in words:
            automaton.add_word(word, (len(word), cat))
    automaton.make_automaton()
    groups: dict[str, list[tuple[_Rule, re.Pattern[str]]]] = {}
    phrases: dict[str, _Rule] = {}
    for order, entry in enumerate(data["rule"]):
        rule = _Rule(entry["id"], entry["kind"], order, entry.get("unit", ""), int(entry.get("amount", 0)))
        for phrase in entry.get("phrases", []):
            if entry["trigger"] != "rel" or not rel_words & set(form_key(phrase).split()):
                raise LexiconError(f"dates.toml: {rule.id} phrase {phrase!r} lacks a rel trigger word")
            phrases[form_key(phrase)] = rule
        if "pattern" in entry:
            try:
                body = _PLACEHOLDER.sub(lambda p: tokens[p[1]], entry["pattern"])
            except KeyError as exc:
                raise LexiconError(f"dates.toml: {rule.id} uses an unknown placeholder {exc}") from exc
            groups.setdefault(entry["trigger"], []).append((rule, re.compile(body, re.I)))
    groups["rel"].append((_Rule("phrases", "phrase", len(data["rule"])),
                          re.compile(rf"(?<![\w-])(?:{_alt(list(phrases))})(?![\w-])", re.I)))
    not_year = data["not_year"]
    # most word starts match no rule, and one call that says so costs far less than a call per rule
    any_rule = {cat: re.compile("|".join(f"(?:{_GROUP_NAME.sub(f'r{i}_', regex.pattern)})"  # names must be unique
                                         for i, (_, regex) in enumerate(rules)), re.I) for cat, rules in groups.items()}
    return _Lexicon(automaton, {cat: (any_rule[cat], tuple(rules)) for cat, rules in groups.items()}, phrases, months,
                    weekdays, numbers,
                    frozenset(form_key(v) for v in data["numbers"]["vague"]),
                    frozenset(w.lower() for w in not_year["after"]),
                    re.compile(rf"(?<![\w.])(?:{_alt(not_year['before'])})\s*$", re.I),
                    re.compile(rf"(?<![\w\[])(?:(?:{_alt(data['leads']['phrases'])})\s+){{1,3}}$", re.I),
                    _last_words(data["leads"]["phrases"]),
                    {form_key(p): str(e["precision"]) for e in data["paren"] for p in e["phrases"]},
                    frozenset(w.lower() for w in data["day_only"]["followers"]),
                    frozenset(w.lower() for w in data["day_only"]["nouns"]))
