"""Counts in text: digits, number words, vague amounts, ranges and bounds; and what is no count at all."""

from __future__ import annotations

import re

import pytest

from events.extract.claims.quantities import Quantity, find_quantities
from events.lexicon import Lexicons


def only(text: str, lexicons: Lexicons, *, include_sizes: bool = False) -> Quantity:
    found = find_quantities(text, lexicons, include_sizes=include_sizes)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Gunmen killed 12 soldiers near the border.", "12", 12),
        ("The attack displaced 1,000 families overnight.", "1,000", 1000),
        ("The floods forced 12 000 people out of the district.", "12 000", 12000),
        ("Aid agencies said 2.5 million people need food.", "2.5 million", 2_500_000),
        ("About 2500 teachers marched in the capital.", "2500", 2500),
        ("The convoy carried 3 million litres of fuel for 150 000 residents.", "150 000", 150000),
    ],
)
def test_digits_are_counts_with_their_separators(text: str, span: str, value: int, lexicons: Lexicons) -> None:
    q = next(q for q in find_quantities(text, lexicons) if span in q.text)
    assert (q.low, q.coded) == (value, value)
    assert q.rule.startswith("qty.digits")
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Two soldiers died in the ambush.", "Two", 2),
        ("Twenty-five villagers were taken away.", "Twenty-five", 25),
        ("Militants freed a hundred prisoners.", "a hundred", 100),
        ("One thousand troops arrived at dawn.", "One thousand", 1000),
        ("Police detained one hundred and fifty people.", "one hundred and fifty", 150),
        ("The blast wounded twenty three workers.", "twenty three", 23),
    ],
)
def test_number_words_keep_offsets_into_the_original_text(text: str, span: str, value: int, lexicons: Lexicons) -> None:
    q = only(text, lexicons)
    assert (q.text, q.low, q.high, q.qualifier, q.rule) == (span, value, value, "exact", "qty.words")
    assert text[q.start:q.end] == span


def test_two_number_words_side_by_side_are_two_figures(lexicons: Lexicons) -> None:
    # "six times" is a frequency
    assert [q.low for q in find_quantities("She counted five six times.", lexicons)] == [5]
    assert [q.low for q in find_quantities("Rows five, six and seven were empty.", lexicons)] == [5, 6, 7]


@pytest.mark.parametrize(
    ("text", "low", "high", "coded", "rule"),
    [
        ("Dozens of people were hurt.", 24, 99, 12, "qty.vague.dozens"),
        ("Several dozen fighters surrendered.", 24, 99, 12, "qty.vague.dozens"),
        ("Scores of villagers fled.", 40, 99, 20, "qty.vague.scores"),
        ("Hundreds of protesters gathered.", 200, 999, 100, "qty.vague.hundreds"),
        ("Thousands marched on Friday.", 2000, 9999, 1000, "qty.vague.thousands"),
        ("Tens of thousands were displaced.", 20000, 99999, 10000, "qty.vague.tens_of_thousands"),
        ("Hundreds of thousands lost their homes.", 200000, 999999, 100000, "qty.vague.hundreds_of_thousands"),
        ("A few soldiers were wounded.", 3, 9, 3, "qty.vague.several"),
        ("Several civilians were killed.", 3, 9, 3, "qty.vague.several"),
        ("A handful of guards stayed behind.", 3, 9, 3, "qty.vague.several"),
        ("Many residents left the town.", 10, None, 10, "qty.vague.many"),
        ("Numerous bodies were recovered.", 10, None, 10, "qty.vague.many"),
        ("Several hundred families arrived.", 300, 999, 300, "qty.vague.several_hundred"),
    ],
)
def test_vague_amounts_carry_a_range_and_the_acled_coding(text: str, low: int, high: int | None, coded: int,
                                                         rule: str, lexicons: Lexicons) -> None:
    q = only(text, lexicons)
    assert (q.low, q.high, q.coded, q.qualifier, q.rule) == (low, high, coded, "vague", rule)


@pytest.mark.parametrize(
    ("text", "value", "rule"),
    [
        ("A dozen shops were looted.", 12, "qty.idiom.dozen"),
        ("One dozen pilgrims were detained.", 12, "qty.idiom.dozen"),
        ("Half a dozen guards were disarmed.", 6, "qty.idiom.half_dozen"),
        ("Two dozen women were abducted.", 24, "qty.idiom.two_dozen"),
    ],
)
def test_dozen_idioms_are_approximate_figures(text: str, value: int, rule: str, lexicons: Lexicons) -> None:
    q = only(text, lexicons)
    assert (q.low, q.high, q.coded, q.qualifier, q.rule) == (value, value, value, "approximate", rule)


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of kilometres of road were closed.",
        "It took several days to reach the village.",
        "The fighting lasted many years.",
        "The fund paid out tens of millions of dollars.",
        "How many people were there is unknown.",
        "The scores were level at half time.",
    ],
)
def test_vague_words_that_count_no_people_are_skipped(text: str, lexicons: Lexicons) -> None:
    assert find_quantities(text, lexicons) == []


@pytest.mark.parametrize(
    ("text", "span", "low", "high", "coded"),
    [
        ("The offensive drew between 4,000 and 6,000 fighters.", "between 4,000 and 6,000", 4000, 6000, 4000),
        ("Witnesses counted 10-12 bodies.", "10-12", 10, 12, 10),
        ("Reports said 10 to 15 people died.", "10 to 15", 10, 15, 10),
        ("Two or three gunmen opened fire.", "Two or three", 2, 3, 2),
        ("Between five and ten houses burned.", "Between five and ten", 5, 10, 5),
        ("Dozens to hundreds of people fled.", "Dozens to hundreds", 24, 999, 12),
    ],
)
def test_ranges_fold_into_one_quantity_coded_at_the_low_end(text: str, span: str, low: int, high: int,
                                                           coded: int, lexicons: Lexicons) -> None:
    q = only(text, lexicons)
    assert (q.text, q.low, q.high, q.coded, q.qualifier) == (span, low, high, coded, "range")
    assert q.rule.startswith("qty.range")


def test_a_rising_toll_names_two_figures_not_a_range(lexicons: Lexicons) -> None:
    found = find_quantities("The toll rose from 10 to 30 overnight.", lexicons)
    assert [(q.low, q.qualifier) for q in found] == [(10, "exact"), (30, "exact")]


@pytest.mark.parametrize(
    ("text", "span", "qualifier", "low", "high", "coded", "rule"),
    [
        ("At least 20 people died.", "At least 20", "at_least", 20, None, 20, "qty.mod.at_least"),
        ("No fewer than 7 were hurt.", "No fewer than 7", "at_least", 7, None, 7, "qty.mod.at_least"),
        ("A minimum of 40 were seized.", "A minimum of 40", "at_least", 40, None, 40, "qty.mod.at_least"),
        ("More than 100 were arrested.", "More than 100", "at_least", 101, None, 100, "qty.mod.more_than"),
        ("Over 40 homes burned.", "Over 40", "at_least", 41, None, 40, "qty.mod.more_than"),
        ("Upwards of 300 fled.", "Upwards of 300", "at_least", 301, None, 300, "qty.mod.more_than"),
        ("More than a dozen were injured.", "More than a dozen", "at_least", 13, None, 12, "qty.mod.more_than"),
        ("Up to 50 may have died.", "Up to 50", "at_most", 0, 50, 50, "qty.mod.up_to"),
        ("As many as 80 were taken.", "As many as 80", "at_most", 0, 80, 80, "qty.mod.up_to"),
        ("Fewer than 10 were hurt.", "Fewer than 10", "at_most", 0, 9, 9, "qty.mod.fewer_than"),
        ("Around 200 gathered.", "Around 200", "approximate", 200, 200, 200, "qty.mod.approximate"),
        ("About 15 were wounded.", "About 15", "approximate", 15, 15, 15, "qty.mod.approximate"),
        ("Nearly 100 soldiers deserted.", "Nearly 100", "approximate", 100, 100, 100, "qty.mod.approximate"),
        ("Some 3,000 people fled.", "Some 3,000", "approximate", 3000, 3000, 3000, "qty.mod.approximate"),
        ("Approximately 60 were freed.", "Approximately 60", "approximate", 60, 60, 60, "qty.mod.approximate"),
        ("An estimated 300 were displaced.", "An estimated 300", "approximate", 300, 300, 300,
         "qty.mod.approximate"),
        ("They found 100 or more bodies.", "100 or more", "at_least", 100, None, 100, "qty.mod.or_more"),
        ("The 200-odd fighters withdrew.", "200-odd", "approximate", 200, 200, 200, "qty.mod.or_so"),
    ],
)
def test_bounds_and_hedged_amounts_set_the_qualifier(text: str, span: str, qualifier: str, low: int,
                                                     high: int | None, coded: int, rule: str,
                                                     lexicons: Lexicons) -> None:
    q = only(text, lexicons)
    assert (q.text, q.qualifier, q.low, q.high, q.coded) == (span, qualifier, low, high, coded)
    assert q.rule.endswith(rule)


@pytest.mark.parametrize(
    "text",
    [
        "The raid took place in 2019 near the dam.",
        "Since 2011, the town has changed hands twice.",
        "During the 2021-2022 campaign the group grew.",
        "On 9 May 2020, traders closed their shops.",
        "On March 26, 2026, the council met again.",
        "It all began around 6 in the morning.",
        "The curfew starts at 7 pm and ends at 6:30.",
        "Rebels fired 82mm mortars at the base.",
        "The 120mm shells landed in a field.",
        "A 19-year-old student was arrested.",
        "The suspect, aged 25, was released.",
        "It was the 25th attack this year.",
        "Fuel prices rose by 12% in a week.",
        "Inflation reached 30 percent in March.",
        "The ransom was $5 million.",
        "Officials seized 40 kg of explosives.",
        "The camp lies 13km north of the town.",
        "The road is 12 km long.",
        "Talks lasted three days.",
        "Cases of COVID-19 rose again.",
        "No one was hurt.",
        "They fought one another for years.",
        "Soldiers fired 14.5 and 12.7mm machine guns.",
        "Ages ranged from 18 to 25 years.",
    ],
)
def test_dates_times_calibres_ages_money_and_units_are_no_counts(text: str, lexicons: Lexicons) -> None:
    assert find_quantities(text, lexicons) == []


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("More than 2000 people were displaced.", 2001),
        ("Police detained 1950 protesters.", 1950),
        ("About 2020 soldiers took part.", 2020),
    ],
)
def test_year_like_numbers_count_when_a_count_noun_or_a_bound_says_so(text: str, low: int, lexicons: Lexicons) -> None:
    assert only(text, lexicons).low == low


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The region has seen repeated attacks since 2017, and in March 2022 hundreds of civilians were killed "
         "during an offensive.", [("hundreds", 200)]),
        ("In Sept. 2021 dozens of herders were abducted near the border.", [("dozens", 24)]),
        ("During March, 2020 many villagers were kidnapped by bandits.", [("many", 10)]),
        ("Around 2019 five soldiers deserted the garrison.", [("five", 5)]),
        ("By 2020 thousands of residents had fled the valley.", [("thousands", 2000)]),
        ("In mid-June 2023 two journalists were detained in the capital.", [("two", 2)]),
        ("Throughout 2018 20 teachers were kidnapped in the region.", [("20", 20)]),
        ("Over 2022 at least 12 aid workers were killed.", [("at least 12", 12)]),
    ],
)
def test_a_year_before_a_figure_is_part_of_a_date(text: str, expected: list[tuple[str, int]],
                                                  lexicons: Lexicons) -> None:
    assert [(q.text, q.low) for q in find_quantities(text, lexicons)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police detained 1950 protesters, 300 of them students.", [("1950", 1950), ("300", 300)]),
        ("The army sent 2000 soldiers and 1200 police officers.", [("2000", 2000), ("1200", 1200)]),
        ("Police detained 1999 protesters in 2019.", [("1999", 1999)]),
    ],
)
def test_a_year_like_count_followed_later_by_another_figure_stays_a_count(text: str, expected: list[tuple[str, int]],
                                                                        lexicons: Lexicons) -> None:
    assert [(q.text, q.low) for q in find_quantities(text, lexicons)] == expected


@pytest.mark.parametrize(
    ("text", "low", "qualifier"),
    [
        ("Workers rallied outside the ministry. [size=2500]", 2500, "exact"),
        ("Students marched to the court. [size=about 50]", 50, "approximate"),
        ("Residents blocked the highway. [size=hundreds]", 200, "vague"),
    ],
)
def test_acled_crowd_sizes_only_when_asked_for(text: str, low: int, qualifier: str, lexicons: Lexicons) -> None:
    assert find_quantities(text, lexicons) == []
    q = only(text, lexicons, include_sizes=True)
    assert (q.low, q.qualifier, q.rule) == (low, qualifier, "acled.size")
    assert text[q.start:q.end] == q.text


def test_an_unreported_size_is_nothing_even_when_asked_for(lexicons: Lexicons) -> None:
    assert find_quantities("Farmers protested. [size=no report]", lexicons, include_sizes=True) == []


def test_a_sentence_without_figures_returns_nothing(lexicons: Lexicons) -> None:
    assert find_quantities("The ministry said the situation was calm.", lexicons) == []


# --- the word lists of claims.toml that make a figure no count (qty.date.*, qty.year.before, qty.change, qty.one.*)

@pytest.mark.parametrize(
    "text",
    [
        "Fighting resumed on 9 January near the river.",
        "Fighting resumed on 9 February near the river.",
        "Fighting resumed on March 9 near the river.",
        "Fighting resumed on 9 April near the river.",
        "Fighting resumed on May 9 near the river.",
        "Fighting resumed on 9 June near the river.",
        "Fighting resumed on 9 July near the river.",
        "Fighting resumed on August the 9 near the river.",
        "Fighting resumed on 9 September near the river.",
        "Fighting resumed on 9 October near the river.",
        "Fighting resumed on November 9 near the river.",
        "Fighting resumed on 9 December near the river.",
        "Fighting resumed on 9 Jan near the river.",
        "Fighting resumed on 9 Feb. near the river.",
        "Fighting resumed on Mar 9 near the river.",
        "Fighting resumed on 9 Apr near the river.",
        "Fighting resumed on 9 Jun near the river.",
        "Fighting resumed on Jul. 9 near the river.",
        "Fighting resumed on 9 Aug near the river.",
        "Fighting resumed on 9 Sep near the river.",
        "Fighting resumed on 9 Sept near the river.",
        "Fighting resumed on Oct 9 near the river.",
        "Fighting resumed on 9 Nov near the river.",
        "Fighting resumed on 9 Dec near the river.",
    ],
)
def test_a_day_beside_a_month_is_no_count(text: str, lexicons: Lexicons) -> None:
    assert find_quantities(text, lexicons) == []


def test_a_small_figure_without_a_month_is_a_count(lexicons: Lexicons) -> None:
    assert [q.low for q in find_quantities("Fighting resumed on 9 fronts near the river.", lexicons)] == [9]


@pytest.mark.parametrize(
    "word",
    ["in", "since", "from", "until", "till", "by", "during", "of", "early", "late", "mid", "between", "the", "year",
     "before", "after", "summer", "winter", "spring", "autumn", "fall", "end", "start", "beginning", "through",
     "throughout", "into"],
)
def test_a_word_of_time_before_a_year_makes_it_no_count(word: str, lexicons: Lexicons) -> None:
    text = f"Records show that {word} 2000 people fled the valley."
    assert 2000 not in [q.low for q in find_quantities(text, lexicons)]


@pytest.mark.parametrize(
    ("text", "lows"),
    [
        ("Records show that 2000 people fled the valley.", [2000]),  # no word of time: a count
        ("Records show that in March 2000 people fled the valley.", []),
        ("Records show that on June 12th, 2000 people fled the valley.", []),
    ],
)
def test_a_year_is_no_count_after_a_month_or_a_day(text: str, lows: list[int], lexicons: Lexicons) -> None:
    assert [q.low for q in find_quantities(text, lexicons)] == lows


@pytest.mark.parametrize(
    "text",
    [
        "The toll rose from 10 to 30 overnight.",
        "The toll has risen from 10 to 30 overnight.",
        "With the toll rising from 10 to 30, rescuers kept digging.",
        "The toll rises from 10 to 30 in the new report.",
        "The toll climbed from 10 to 30 overnight.",
        "The toll kept climbing from 10 to 30 overnight.",
        "The toll increased from 10 to 30 overnight.",
        "The toll kept increasing from 10 to 30 overnight.",
        "The toll jumped from 10 to 30 overnight.",
        "The toll grew from 10 to 30 overnight.",
        "The toll went up from 10 to 30 overnight.",
        "Officials revised the toll from 10 to 30 overnight.",
        "Officials raised the toll from 10 to 30 overnight.",
        "The toll was up from 10 to 30 by the evening.",
        "The toll fell from 10 to 30 after a recount, oddly.",
        "The toll dropped from 10 to 30 after a recount, oddly.",
        "The toll was down from 10 to 30 after a recount, oddly.",
        "Officials reduced the toll from 10 to 30 after a recount, oddly.",
        "Officials lowered the toll from 10 to 30 after a recount, oddly.",
        "The toll doubled from 10 to 30 overnight.",
    ],
)
def test_a_changing_figure_names_two_figures_not_a_range(text: str, lexicons: Lexicons) -> None:
    found = find_quantities(text, lexicons)
    assert [(q.low, q.qualifier) for q in found] == [(10, "exact"), (30, "exact")]


def test_from_a_to_b_without_a_change_is_a_range(lexicons: Lexicons) -> None:
    q = only("Groups of from 10 to 30 fighters crossed the river.", lexicons)
    assert (q.low, q.high, q.qualifier) == (10, 30, "range")


@pytest.mark.parametrize(
    "text",
    [
        "No one was hurt when the wall fell.",
        "Residents said any one of the roads was unsafe.",
        "Every one of the shops was closed.",
        "Each one of the guards carried a radio.",
        "The one who fled was caught later.",
        "This one was never found.",
        "That one was never found.",
        "Nobody knew which one was hit.",
        "The clans blamed one another for the fire.",
        "Police questioned one other witness.",
        "The shops closed one after another.",
        "The families left the village one by one.",
    ],
)
def test_one_as_a_pronoun_is_no_count(text: str, lexicons: Lexicons) -> None:
    first = re.search(r"\bone\b", text, re.I).start()  # type: ignore[union-attr]
    assert first not in [q.start for q in find_quantities(text, lexicons)]


def test_one_before_a_noun_is_a_count(lexicons: Lexicons) -> None:
    assert only("One guard was hurt when the wall fell.", lexicons).low == 1


@pytest.mark.parametrize("figure", ["3,000,000,000", "3000000000", "three billion", "2.5 billion", "100,000,001",
                                    "9" * 5000, "9" * 5000 + ".5 million"])
def test_a_figure_beyond_any_count_of_people_is_no_count(figure: str, lexicons: Lexicons) -> None:
    assert find_quantities(f"Gunmen killed {figure} people.", lexicons) == []


def test_the_largest_count_of_people_is_a_count(lexicons: Lexicons) -> None:
    assert only("The war displaced 100,000,000 people.", lexicons).low == 100_000_000
