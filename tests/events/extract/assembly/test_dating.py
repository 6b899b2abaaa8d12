"""Which dates are the incident's (events.extract.assembly.dating): a date right after a word of speaking
(dates.toml, date.statement) dates the statement, not what happened."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from events.extract.assembly.dating import anchor_date, incident_dates, is_background, is_recalled
from events.extract.mentions.dates import find_dates
from events.extract.text import split_sentences
from events.lexicon import Lexicons


@pytest.mark.parametrize(
    "text",
    [
        "Police said on Monday that gunmen attacked the convoy on Sunday.",
        "The mayor says on Monday there was no attack on the convoy on Sunday.",
        "A police officer told reporters on Monday that gunmen attacked the convoy on Sunday.",
        "A police officer tells reporters on Monday that gunmen attacked the convoy on Sunday.",
        "The army announced on Monday that gunmen attacked the convoy on Sunday.",
        "Local radio reported at noon on Monday that gunmen attacked the convoy on Sunday.",
        "The group claimed on Monday that its men attacked the convoy on Sunday.",
        "The army stated on Monday that gunmen attacked the convoy on Sunday.",
        "The governor added on Monday that gunmen attacked the convoy on Sunday.",
        "The army confirmed on Monday that gunmen attacked the convoy on Sunday.",
        "In a statement on Monday, the army accused gunmen of attacking the convoy on Sunday.",
        "In a communique on Monday, the army accused gunmen of attacking the convoy on Sunday.",
        "The governor spoke to reporters, saying on Monday that gunmen attacked the convoy on Sunday.",
        "At a press conference on Monday, the governor accused gunmen of attacking the convoy on Sunday.",
        "In an interview on Monday, the governor accused gunmen of attacking the convoy on Sunday.",
    ],
)
def test_a_date_right_after_a_word_of_speaking_dates_the_statement_not_the_incident(lexicons: Lexicons,
                                                                                     text: str) -> None:
    sentence = split_sentences(text)[0]
    mentions = find_dates(sentence.text, date(2021, 3, 16), lexicons)
    assert [m.text for m in mentions] == ["on Monday", "on Sunday"]
    assert [m.text for m in incident_dates(sentence, mentions, lexicons)] == ["on Sunday"]


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("The mayor told reporters the attack on Sunday began at dawn.", (29, 35)),
        ("Police said the ambush on Sunday killed two guards.", (16, 22)),
    ],
)
def test_an_incident_word_between_speaking_and_the_date_takes_the_date(lexicons: Lexicons, text: str,
                                                                       incident: tuple[int, int]) -> None:
    sentence = split_sentences(text)[0]
    mentions = find_dates(sentence.text, date(2021, 3, 16), lexicons)
    assert sentence.text[incident[0]:incident[1]] in ("attack", "ambush")
    assert [m.text for m in incident_dates(sentence, mentions, lexicons)] == []
    assert [m.text for m in incident_dates(sentence, mentions, lexicons, [incident])] == ["on Sunday"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("On Saturday, the ministry said gunmen killed 16 people in Sirte.", []),
        ("On Saturday, an attack that residents said lasted hours killed 16 people in Sirte.", ["On Saturday"]),
        # a period, not a day: the incident it reports is no younger than the statement
        ("Last week, the air force said its jets struck camps near Sirte.", ["Last week"]),
    ],
)
def test_a_sentence_opening_day_whose_clause_is_a_statement_dates_the_statement(lexicons: Lexicons, text: str,
                                                                                kept: list[str]) -> None:
    sentence = split_sentences(text)[0]
    mentions = find_dates(sentence.text, date(2021, 3, 16), lexicons)
    incident = [(sentence.text.index(w), sentence.text.index(w) + len(w)) for w in ("attack",) if w in sentence.text]
    assert [m.text for m in incident_dates(sentence, mentions, lexicons, incident)] == kept


def test_dates_far_from_any_word_of_speaking_are_the_incidents(lexicons: Lexicons) -> None:
    sentence = split_sentences("Gunmen attacked the convoy on Sunday, and the army hunted them on Monday.")[0]
    mentions = find_dates(sentence.text, date(2021, 3, 16), lexicons)
    assert [m.text for m in incident_dates(sentence, mentions, lexicons)] == ["on Sunday", "on Monday"]


PUBLISHED = date(2025, 3, 14)  # a Friday


@pytest.mark.parametrize(
    ("value", "precision", "subject", "recalled"),
    [
        (date(2025, 3, 13), "day", None, False),  # yesterday: news
        (date(2025, 3, 7), "day", None, False),  # a week ago to the day: still news (ACLED's window)
        (date(2025, 3, 6), "day", None, True),  # eight days ago: an earlier incident recalled
        (date(2025, 3, 6), "day", date(2025, 3, 6), False),  # unless it is the article's subject
        (date(2025, 3, 5), "day", date(2025, 3, 6), False),  # or within a day of it
        (date(2025, 3, 9), "week", None, True),  # "last week": no day, earlier than three days
        (date(2025, 3, 12), "week", None, False),  # "earlier this week" in a Friday paper
        (date(2025, 2, 1), "month", None, True),  # "in February"
        (date(2025, 3, 1), "month", None, False),  # "this month": its last day is not over
        (date(2024, 1, 1), "year", date(2024, 1, 1), True),  # history stays history, subject or not
    ],
)
def test_an_earlier_incident_is_recalled_unless_it_is_the_subject(value: date, precision: str,
                                                                   subject: date | None, recalled: bool) -> None:
    assert is_recalled(value, precision, PUBLISHED, subject) is recalled


def test_a_week_old_date_anchors_the_article_only_from_its_lead(lexicons: Lexicons) -> None:
    # the lead's date is the article's subject, however old; a truce's date further down is not
    lead = split_sentences("On 2 March, rebels attacked Gao.\n\nThe truce of 20 February had held until then.")
    dated = [(s, find_dates(s.text, PUBLISHED, lexicons)) for s in lead]
    assert anchor_date(dated, PUBLISHED).value == date(2025, 3, 2)
    later = split_sentences("Rebels attacked Gao, officials said.\n\nA truce was signed on 20 February.")
    dated = [(s, find_dates(s.text, PUBLISHED, lexicons)) for s in later]
    anchor = anchor_date(dated, PUBLISHED)
    assert (anchor.value, anchor.rule) == (PUBLISHED, "date.publication")


@pytest.mark.parametrize("phrase", ["continued into", "continuing into", "lasted into", "lasted until",
                                    "continued until", "went on into", "dragged on into"])
def test_the_end_of_a_period_is_no_date_of_the_incident(lexicons: Lexicons, phrase: str) -> None:
    # "The clashes, which continued into Tuesday, killed 15": the incident is dated by its start, told elsewhere
    [sentence] = split_sentences(f"The clashes near Sake, {phrase} Tuesday, killed at least 15 people.")
    assert incident_dates(sentence, find_dates(sentence.text, PUBLISHED, lexicons), lexicons) == []
    [control] = split_sentences("The clashes near Sake on Tuesday killed at least 15 people.")
    assert [m.text for m in incident_dates(control, find_dates(control.text, PUBLISHED, lexicons), lexicons)] == [
        "on Tuesday"]


@pytest.mark.parametrize(("published", "lag", "day"), [
    (date(2025, 3, 14), timedelta(days=1), date(2025, 3, 13)),  # a news report: the day before it came out
    (date(2025, 3, 14), timedelta(0), date(2025, 3, 14)),  # a note: its own day
    (date(1, 1, 1), timedelta(days=1), date(1, 1, 1)),  # the calendar's first day has none before it
])
def test_an_undated_incident_is_dated_the_report_lag_before_publication(lexicons: Lexicons, published: date,
                                                                       lag: timedelta, day: date) -> None:
    dated = [(s, find_dates(s.text, published, lexicons)) for s in split_sentences("Rebels attacked Gao.")]
    anchor = anchor_date(dated, published, report_lag=lag)
    assert (anchor.value, anchor.precision, anchor.rule) == (day, "week", "date.publication")


@pytest.mark.parametrize(("value", "published", "background"), [
    (date(1, 1, 1), date(1, 1, 1), False),
    (date(1, 1, 1), date(2, 1, 2), True),
    (date(9999, 12, 31), date(9999, 12, 31), False),
])
def test_background_at_the_ends_of_the_calendar(value: date, published: date, background: bool) -> None:
    assert is_background(value, "day", published) is background
