"""find_dates, form by form: each lead, quantity word, ordinal noun, ACLED note and relative phrase of
events/lexicons/dates.toml in a sentence of its own, with the date it resolves to (or the number it leaves
alone) against a fixed publication date."""

from __future__ import annotations

from datetime import date

import pytest

from events.extract.mentions.dates import DateMention, find_dates
from events.lexicon import Lexicons

THU = "2025-03-13"  # a Thursday: its Monday is 10 March, its latest Saturday 8 March
PAPER = "2020-05-12"  # the paper's date for the explicitly dated sentences


@pytest.fixture(scope="module")
def lexicons() -> Lexicons:
    return Lexicons()


def _one(lexicons: Lexicons, sentence: str, reference: str, text: str) -> DateMention:
    mentions = find_dates(sentence, date.fromisoformat(reference), lexicons)
    found = [m for m in mentions if m.text == text]
    assert len(found) == 1, f"{text!r} not found once in {mentions}"
    return found[0]


# [leads]: the words before a date belong to the mention; the date itself is unchanged
LEADS = [
    ("On or about 9 May 2020, herders burned a granary.", "On or about 9 May 2020", "2020-05-09", "day",
     "date.day_month_year"),
    ("Gunmen robbed the market on [and around] 7 May 2020, traders said.", "on [and around] 7 May 2020",
     "2020-05-07", "day", "date.day_month_year"),
    ("As reported on 6 May 2020, two guards were shot at the mine.", "As reported on 6 May 2020", "2020-05-06",
     "day", "date.day_month_year"),
    ("Overnight on 10 May 2020, rockets hit the depot.", "Overnight on 10 May 2020", "2020-05-10", "day",
     "date.day_month_year"),
    ("Circa 3 May 2020, bandits blocked the road to Kita.", "Circa 3 May 2020", "2020-05-03", "day",
     "date.day_month_year"),
    ("As of 1 May 2020, the camp held nine hundred families.", "As of 1 May 2020", "2020-05-01", "day",
     "date.day_month_year"),
    ("Looting was seen as early as 2 May 2020 in the suburbs.", "as early as 2 May 2020", "2020-05-02", "day",
     "date.day_month_year"),
    ("The night of 8 May 2020 was the worst, a nurse recalled.", "The night of 8 May 2020", "2020-05-08", "day",
     "date.day_month_year"),
    ("The morning of 4 May 2020, students marched to the rectorate.", "The morning of 4 May 2020",
     "2020-05-04", "day", "date.day_month_year"),
    ("The early hours of 5 May 2020 brought heavy shelling.", "The early hours of 5 May 2020", "2020-05-05",
     "day", "date.day_month_year"),
    ("The early morning of 11 May 2020 saw a raid on the barracks.", "The early morning of 11 May 2020",
     "2020-05-11", "day", "date.day_month_year"),
    ("The beginning of April 2020 was calm in the region.", "The beginning of April 2020", "2020-04-01",
     "month", "date.month_year"),
    ("The first half of 2019 saw fewer kidnappings.", "The first half of 2019", "2019-01-01", "year",
     "date.year"),
    ("Fighting resumed at the end of March 2020 near the dam.", "at the end of March 2020", "2020-03-01",
     "month", "date.month_year"),
    ("Strikes spread at the beginning of February 2020.", "at the beginning of February 2020", "2020-02-01",
     "month", "date.month_year"),
    ("Militias regrouped at the start of January 2020 in the hills.", "at the start of January 2020",
     "2020-01-01", "month", "date.month_year"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "precision", "rule"), LEADS)
def test_leads_join_the_mention(lexicons: Lexicons, sentence: str, text: str, value: str, precision: str,
                                rule: str) -> None:
    mention = _one(lexicons, sentence, PAPER, text)
    assert (str(mention.value), mention.precision, mention.rule) == (value, precision, rule)
    assert sentence[mention.start:mention.end] == text


# [not_year]: a four-digit number that counts or measures things, or follows a quantity or identifier word,
# is no year
NOT_A_YEAR = [
    # after
    "The clinic registered 2017 persons for the vaccine.",
    "Organisers counted 1998 protestors at the gate.",
    "The storm left 2003 households without power.",
    "Engineers listed 1987 buildings as unsafe.",
    "The camp sheltered 2012 refugees from the north.",
    "The rally drew 1999 supporters of the mayor.",
    "The prison held 2008 detainees in two wings.",
    "Guards said 1960 inmates shared one well.",
    "The candidate won 1994 votes in the ward.",
    "The mosque had room for 2005 worshippers.",
    "Raiders drove off 1986 cows from the valley.",
    "Thieves took 2011 sheep from the pens.",
    "The herders lost 1993 goats to the drought.",
    "A caravan of 1979 camels crossed the dunes.",
    "The road runs 1920 kms to the coast.",
    "The pipeline is 2015 kilometers long.",
    "The border fence stretches 1950 miles.",
    "The tower rises 2004 metres above the plain.",
    "The dam wall is 1930 meters wide.",
    "The plane flew at 2010 feet over the hills.",
    "Customs seized 1996 kilograms of resin.",
    "Donors shipped 2013 tonnes of grain.",
    "The silo stores 1975 tons of maize.",
    "The fire burned 2002 hectares of forest.",
    "The farm covers 1980 acres of cotton.",
    "The fine came to 2016 usd per trader.",
    "Each stall paid 1995 cfa to the collector.",
    "Police impounded 2001 cars at the border post.",
    "The army recovered 1991 firearms in the forest.",
    "The curfew starts at 1930 hrs in the old city.",
    "The patrol left at 1900 hr from the base.",
    # before
    "Donors sent almost 2000 sacks of grain.",
    "The village got as few as 1950 blankets.",
    "Workers dug roughly 1980 wells in the district.",
    "The floods swept the valley, displacing 1900 across three districts.",
    "The ministry is deploying 2000 along the border.",
    "The volunteers, numbering 1985 in total, cleared the streets.",
    "Parliament passed law 2017 on public assembly.",
    "The governor signed decree 2019 on the curfew.",
    "The rebels drove a model 1998 pickup into the square.",
    "The suspect was held in room 2010 of the hotel.",
    "He served with regiment 1944 on the frontier.",
    "The houses on plot 2014 were demolished.",
    "Shops along avenue 2000 closed their shutters.",
    "The minister recalled vision 2020, a plan that failed.",
    "The party revived agenda 2010 at its congress.",
]


@pytest.mark.parametrize("sentence", NOT_A_YEAR)
def test_counted_numbers_are_no_years(lexicons: Lexicons, sentence: str) -> None:
    assert find_dates(sentence, date.fromisoformat(THU), lexicons) == []


# [day_only] nouns: "on the 5th <noun>" names an ordinal thing, not a day of the month
ORDINAL_NOUNS = [
    "Scholars lectured on the 19th centuries of colonial rule.",
    "Guests arrived on the 30th birthday of the chief.",
    "Votes were recounted on the 2nd round of the election.",
    "Lawyers argued on the 14th amendment of the charter.",
    "Delegates spoke on the 19th congress of the party.",
    "Police fired tear gas on the 5th avenue of the market district.",
    "Officers gathered on the 9th precinct steps.",
    "Mortars fell on the 3rd armored brigade at dawn.",
    "Drones struck on the 4th mechanized column near the bridge.",
    "Shells landed on the 7th regiment of the garrison.",
    "Traders complained on the 2nd biggest market of the city.",
    "Protesters marched on the 6th consecutive day of the strike.",
    "The senator campaigned on the 3rd term of the governor.",
    "Troops advanced on the 2nd phase of the offensive.",
    "Arrests followed on the 4th wave of the protests.",
    "Guards opened fire on the 10th ceremony of the festival.",
    "The strike began on the 29th minute of the match.",
    "Pupils staged a sit-in on the 8th grade classroom.",
    "Riders fell on the 3rd stage of the race.",
    "Fans rioted on the 5th game of the season.",
    "Prices soared on the 2nd highest hill of the town.",
    "Looters struck on the 3rd worst night of the unrest.",
]


@pytest.mark.parametrize("sentence", ORDINAL_NOUNS)
def test_ordinal_before_a_noun_is_no_day(lexicons: Lexicons, sentence: str) -> None:
    assert [m.rule for m in find_dates(sentence, date.fromisoformat(THU), lexicons)] == []


# [[paren]]: an ACLED note after a date joins it and widens the precision
PAREN = [
    ("On 4 May 2020 (as reported on), a trader was shot.", "On 4 May 2020 (as reported on)", "day"),
    ("Around 6 May 2020 (during the week), militias looted a depot.", "Around 6 May 2020 (during the week)",
     "week"),
    ("On 7 May 2020 (that week), villagers fled the raid.", "On 7 May 2020 (that week)", "week"),
    ("Around 9 May 2020 (during the weekend), a kiosk was burned.", "Around 9 May 2020 (during the weekend)",
     "week"),
    ("Around 15 April 2020 (month of), gunmen held the road.", "Around 15 April 2020 (month of)", "month"),
    ("Around 1 April 2020 (beginning of month), a chief was abducted.",
     "Around 1 April 2020 (beginning of month)", "month"),
    ("On 20 April 2020 (during the month), cattle were stolen.", "On 20 April 2020 (during the month)", "month"),
]


@pytest.mark.parametrize(("sentence", "text", "precision"), PAREN)
def test_parenthesised_notes(lexicons: Lexicons, sentence: str, text: str, precision: str) -> None:
    mention = _one(lexicons, sentence, PAPER, text)
    assert mention.precision == precision


# relative phrases against Thursday 13 March 2025
RELATIVE = [
    ("Protesters gathered this afternoon outside the court.", "this afternoon", "2025-03-13", "day",
     "date.rel.today"),
    ("A bomb went off this evening near the station.", "this evening", "2025-03-13", "day", "date.rel.today"),
    ("Earlier today, soldiers closed the bridge.", "Earlier today", "2025-03-13", "day", "date.rel.today"),
    ("Yesterday morning, gunmen stopped a bus.", "Yesterday morning", "2025-03-12", "day",
     "date.rel.yesterday"),
    ("Shots were heard yesterday afternoon in the port.", "yesterday afternoon", "2025-03-12", "day",
     "date.rel.yesterday"),
    ("Yesterday evening, students blocked the avenue.", "Yesterday evening", "2025-03-12", "day",
     "date.rel.yesterday"),
    ("A clinic was looted late last night in the east.", "late last night", "2025-03-12", "day",
     "date.rel.yesterday"),
    ("Earlier in the week, police raided a mosque.", "Earlier in the week", "2025-03-10", "week",
     "date.rel.this_week"),
    ("Three villages were attacked in the past week.", "in the past week", "2025-03-06", "week",
     "date.rel.last_week"),
    ("Dozens were detained in the past few days.", "in the past few days", "2025-03-06", "week",
     "date.rel.last_week"),
    ("Miners clashed with guards this weekend.", "this weekend", "2025-03-09", "week", "date.rel.weekend"),
    ("Youths burned tyres on the weekend in the suburb.", "on the weekend", "2025-03-09", "week",
     "date.rel.weekend"),
    ("This past weekend, a mob attacked a police post.", "This past weekend", "2025-03-09", "week",
     "date.rel.weekend"),
    ("Earlier in the year, rebels took the airstrip.", "Earlier in the year", "2025-01-01", "year",
     "date.rel.this_year"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "precision", "rule"), RELATIVE)
def test_relative_phrases(lexicons: Lexicons, sentence: str, text: str, value: str, precision: str,
                          rule: str) -> None:
    mention = _one(lexicons, sentence, THU, text)
    assert (str(mention.value), mention.precision, mention.rule) == (value, precision, rule)


# anaphora: no date of their own; the incident's date is inherited (or shifted a day by the caller)
ANAPHORA = [
    ("That same day, the governor imposed a curfew.", "That same day", "date.same_day"),
    ("Earlier that day, a patrol was ambushed.", "Earlier that day", "date.same_day"),
    ("Earlier in the day, traders shut their shops.", "Earlier in the day", "date.same_day"),
    ("That night, the militia torched two huts.", "That night", "date.same_day"),
    ("The same night, a second convoy was hit.", "The same night", "date.same_day"),
    ("That morning, nurses walked out of the ward.", "That morning", "date.same_day"),
    ("That evening, crowds stoned a police car.", "That evening", "date.same_day"),
    ("The day after, the bodies were buried.", "The day after", "date.next_day"),
    ("The next morning, troops searched the houses.", "The next morning", "date.next_day"),
    ("The following morning, the road was reopened.", "The following morning", "date.next_day"),
    ("Raiders had struck the previous night in the valley.", "the previous night", "date.previous_day"),
    ("The night before, a shop was looted.", "The night before", "date.previous_day"),
    ("Shots were fired the previous evening near the camp.", "the previous evening", "date.previous_day"),
]


@pytest.mark.parametrize(("sentence", "text", "rule"), ANAPHORA)
def test_anaphora(lexicons: Lexicons, sentence: str, text: str, rule: str) -> None:
    mention = _one(lexicons, sentence, THU, text)
    assert (mention.value, mention.rule) == (None, rule)


# future phrases are consumed and yield nothing ("later this month" is not "this month"), as is "to the day"
FUTURE = [
    "More troops will arrive in the coming weeks.",
    "Aid convoys are expected in coming weeks.",
    "Elections may be delayed in the coming months.",
    "The rains should return in coming months.",
    "The court will rule later this month on the case.",
    # an idiom of exactness, not the next day
    "The blast came ten years to the day after the first one.",
]


@pytest.mark.parametrize("sentence", FUTURE)
def test_future_phrases_yield_nothing(lexicons: Lexicons, sentence: str) -> None:
    assert find_dates(sentence, date.fromisoformat(THU), lexicons) == []
