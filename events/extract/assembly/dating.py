"""Which date an event sentence gets: its own, the incident's carried from earlier sentences, or the
publication's -- and whether that makes it background history rather than news."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from events.extract.matcher import WordFilter
from events.extract.mentions.dates import DateMention
from events.extract.text import Sentence
from events.lexicon import Lexicons
from schemas import Article

# A date older than this before publication is history the article recalls, not its news.
BACKGROUND_AFTER = timedelta(days=365)
# An incident more than a week before its article is context the article recalls, unless it is the article's
# subject (its anchor: the first incident the article dates): ACLED codes an earlier incident from a later
# report only when it is that recent (a wire story's "last Thursday"); every ACLED note of the dev sets was
# published within a week of its event.
RECALLED_AFTER = timedelta(days=7)
# An earlier incident recalled without its day ("last week", "earlier this month") is context even when recent:
# ACLED cannot date it. A few days' slack keeps "at the weekend" in a Monday paper.
VAGUE_RECALLED_AFTER = timedelta(days=3)
# how far from the anchor a date may be and still be the subject incident (an overnight attack, a wire's lag)
_SUBJECT_DAYS = timedelta(days=1)
# The kinds of dates.toml's rules whose day is counted from the publication date ("on Monday", "yesterday", "three
# days ago", "the 25th", "the next day"): such a day is no surer than that date.
_COUNTED_FROM_PUBLICATION = frozenset({"relative", "ago", "weekday", "day_only", "anaphor"})
# Grammar, not vocabulary: a relative clause opens on a relative pronoun.
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|when)\b[^,]*$", re.I)


# Immutable by convention, not frozen: a frozen dataclass sets every field through object.__setattr__, four times
# the cost of plain assignment, and the extractors build many of these an article. Never assign to a field (derive
# copies with dataclasses.replace); unsafe_hash keeps the hash a frozen one had.
@dataclass(slots=True, unsafe_hash=True)
class EventDate:
    value: date | None
    precision: str
    rule: str
    start: int | None  # article offsets of the date's own mention (also when carried)
    end: int | None
    text: str


def uncertain_day(when: EventDate, article: Article, lexicons: Lexicons) -> bool:
    """A day counted from a publication date that is only the file's modification time (a text file that writes
    no date: `Article.published_at_source`): coded with week precision, not day."""
    return (article.published_at_source == "mtime" and when.precision == "day"
            and when.rule in lexicons.compiled(_counted_from_publication))


def _counted_from_publication(lexicons: Lexicons) -> frozenset[str]:
    rules = lexicons.toml("dates.toml")["rule"]
    return frozenset(["date.publication", *(r["id"] for r in rules if r["kind"] in _COUNTED_FROM_PUBLICATION)])


def is_background(value: date | None, precision: str, published: date | None) -> bool:
    """History: older than BACKGROUND_AFTER before publication (a year's date: all of that year)."""
    if value is None or published is None:
        return False
    if precision == "year":
        return value.year < published.year
    return published - value > BACKGROUND_AFTER  # a difference of dates never leaves the calendar


def is_recalled(value: date | None, precision: str, published: date | None, subject: date | None) -> bool:
    """An earlier incident the article recalls beside its news: more than RECALLED_AFTER before publication
    (VAGUE_RECALLED_AFTER for a date without its day), and not the article's subject (within a day of
    `subject`, the anchor). History (`is_background`) is recalled too."""
    if value is None or published is None:
        return False
    if is_background(value, precision, published):
        return True
    if subject is not None and precision == "day" and abs(value - subject) <= _SUBJECT_DAYS:
        return False
    # a vague date is recalled only when all of the period it names is: "in September" published on 3 October
    # may be last week
    if precision == "year":
        last_day = date(value.year, 12, 31)
    elif precision == "month":
        last_day = date(value.year, value.month, monthrange(value.year, value.month)[1])
    else:
        last_day = value
    # differences of dates, which never leave the calendar (an article dated 0001-01-01 is odd, not an error)
    if precision != "day":
        return published - last_day > VAGUE_RECALLED_AFTER
    return published - last_day > RECALLED_AFTER


class Narrative:
    """The incident date a paragraph is about, carried from sentence to sentence.

    A paragraph starts from the article's anchor (its first dated incident); a sentence-opening date
    ("On 9 May, ...", "In 2011, ...") moves it for the rest of the paragraph; a date inside a relative clause
    ("..., which responded in 2013 to ...") is that clause's own and moves nothing.
    """

    def __init__(self, anchor: EventDate) -> None:
        self.anchor = anchor
        self.current = anchor
        self.paragraph = -1

    def date_for(self, sentence: Sentence, incident: Sequence[DateMention], has_event: bool) -> EventDate:
        """`incident`: the sentence's `incident_dates`, computed once by the caller."""
        if sentence.paragraph != self.paragraph:
            self.paragraph = sentence.paragraph
            self.current = self.anchor
        own = [m for m in incident if not m.future] if incident else incident  # most sentences: no date
        if not own:
            return self.current
        first = own[0]
        if first.value is None:  # "the same day", "the next day": the incident's date, told in words of its own
            current = self.current
            value = current.value + timedelta(days=first.shift) if current.value is not None else None
            return EventDate(value, current.precision, first.rule, sentence.start + first.start,
                             sentence.start + first.end, first.text)
        found = _event_date(sentence, first)
        local = bool(_RELATIVE_CLAUSE.search(sentence.text[:first.start])) and not first.opening
        if first.opening or (has_event and not local):
            self.current = found
        return found


def _statement(lexicons: Lexicons) -> tuple[re.Pattern[str], int, WordFilter, re.Pattern[str]]:
    """A word of speaking (dates.toml, date.statement) shortly before a date, how far back a match can start (the
    longest word and 25 more characters: searching only that far back before a date finds what searching its whole
    prefix did, as the window's start still sees the character before it), a scan for any of the words, and the
    same words as the verb of a sentence-opening date's clause ("On Saturday, the ministry said ...": at most
    six words of subject between the comma and the verb)."""
    words = lexicons.word_list("dates.toml", "date.statement")
    pattern = re.compile(rf"\b{words.alternation()}\b[^.;]{{0,25}}$", re.I)
    opening = re.compile(rf"\s*,\s+(?:[^\s,;.]+\s+){{0,6}}?{words.alternation()}\b", re.I)
    return pattern, max(len(word) for word in words) + 25, WordFilter.build(words), opening


_UNTIL = re.compile(r"(?:until|till)\s+", re.I)


def _lead_until(mention: DateMention) -> int:
    """The length of the "until " a date mention opens with (a lead of dates.toml), else 0."""
    lead = _UNTIL.match(mention.text)
    return lead.end() if lead else 0


def _period_end(lexicons: Lexicons) -> re.Pattern[str]:
    """dates.toml's date.period-end words, ending right before a date (`$` anchored by endpos)."""
    return re.compile(rf"\b{lexicons.word_list('dates.toml', 'date.period-end').alternation()}\s+$", re.I)


def incident_dates(sentence: Sentence, mentions: Sequence[DateMention], lexicons: Lexicons,
                   incidents: Sequence[tuple[int, int]] = ()) -> list[DateMention]:
    """The dates of what happened, not of when someone spoke about it ("said in a statement on Monday").
    `incidents`: the sentence's event words (sentence offsets); one between the word of speaking and the date
    takes the date as its own ("told reporters the attack on Saturday night happened in ...")."""
    if not mentions:
        return []
    text = sentence.text
    period_end = lexicons.compiled(_period_end)
    # "which continued into Tuesday", "lasted until Tuesday" (the mention holds its "until"): the end of what went on,
    # not the day it happened
    mentions = [m for m in mentions if not period_end.search(text, max(0, m.start - 40), m.start + _lead_until(m))]
    statement, reach, words, opening_statement = lexicons.compiled(_statement)
    if not words.may_match(text):
        return list(mentions)  # no word of speaking anywhere (most sentences): nothing to search for before a date
    out = []
    for m in mentions:
        # (only a day: "Last week, the air force said its jets struck ..." still bounds the incident to last week)
        spoken = opening_statement.match(text, m.end) if m.opening and m.precision == "day" else None
        if spoken is not None:
            # "On Saturday, the ministry said ...": the day of the statement, unless an incident word is the subject
            # ("On Saturday, an attack that residents said ...")
            if any(m.end < start and end <= spoken.end() for start, end in incidents):
                out.append(m)
            continue
        said = statement.search(text, max(0, m.start - reach), m.start)
        if said is None or any(said.start() < start and end <= m.start for start, end in incidents):
            out.append(m)
    return out


def _event_date(sentence: Sentence, mention: DateMention) -> EventDate:
    return EventDate(mention.value, mention.precision, mention.rule, sentence.start + mention.start,
                     sentence.start + mention.end, mention.text)


def anchor_date(dated: Sequence[tuple[Sentence, Sequence[DateMention]]], published: date | None,
                stated: Sequence[tuple[Sentence, Sequence[DateMention]]] = (),
                report_lag: timedelta = timedelta(0)) -> EventDate:
    """The article's first dated incident that is news, not history; else the first day a source reported it on
    (`stated`: the dates of statements in the same sentences, "police said on Friday that ..."), as a day; else
    `report_lag` before its publication date, as a week. `dated` pairs each sentence with its `incident_dates`.
    A date more than a week old anchors only from the lead (the first paragraph of `dated`): an article may be
    about an incident of last month, and says so first; a truce's or a war's date further down is not its
    subject."""
    lead = dated[0][0].paragraph if dated else -1
    for sentence, incident in dated:
        for m in incident:
            if m.value is None or m.future or is_background(m.value, m.precision, published):
                continue
            if sentence.paragraph == lead or not is_recalled(m.value, m.precision, published, None):
                return _event_date(sentence, m)
    for sentence, statements in stated:
        for m in statements:
            if m.value is not None and not m.future and m.precision == "day" \
                    and not is_recalled(m.value, m.precision, published, None):
                said = _event_date(sentence, m)
                return EventDate(said.value, said.precision, f"{said.rule}+date.statement", said.start, said.end,
                                 said.text)
    if published is not None:
        # a publication on the calendar's first day has no day before it
        day = published - report_lag if published - date.min >= report_lag else published
        return EventDate(day, "week", "date.publication", None, None, "")
    return EventDate(None, "year", "date.unknown", None, None, "")
