"""find_dates: detection and resolution of date expressions against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from events.extract.mentions.dates import DateMention, find_dates
from events.lexicon import Lexicons

MON = "2025-03-10"  # a Monday
THU = "2025-03-13"
NEW_YEAR = "2026-01-03"  # a Saturday, three days into a new year
MAY = "2026-05-04"


def _one(lexicons: Lexicons, sentence: str, reference: str, text: str) -> DateMention:
    mentions = find_dates(sentence, date.fromisoformat(reference), lexicons)
    found = [m for m in mentions if m.text == text]
    assert len(found) == 1, f"{text!r} not found once in {mentions}"
    return found[0]


RESOLVED = [
    # full dates
    ("Gunmen attacked a convoy on 9 May 2020 near the river.", "2020-05-11", "on 9 May 2020", "2020-05-09",
     "day", "date.day_month_year"),
    ("On 30 April, 2020, doctors held a sit-in at the hospital.", "2020-05-02", "On 30 April, 2020",
     "2020-04-30", "day", "date.day_month_year"),
    ("The militia raided the village on the 9th of May 2020, residents said.", "2020-05-11",
     "on the 9th of May 2020", "2020-05-09", "day", "date.day_month_year"),
    ("On or around 9 May 2020, farmers clashed over grazing land.", "2020-05-12", "On or around 9 May 2020",
     "2020-05-09", "day", "date.day_month_year"),
    ("On Friday, 8 May 2020, soldiers fired on a crowd.", "2020-05-12", "On Friday, 8 May 2020", "2020-05-08",
     "day", "date.day_month_year"),
    ("On May 9, 2020, protesters blocked the highway.", "2020-05-10", "On May 9, 2020", "2020-05-09", "day",
     "date.month_day_year"),
    ("The bombing on November 22 2019 killed four.", "2019-11-25", "on November 22 2019", "2019-11-22", "day",
     "date.month_day_year"),
    ("Talks collapsed on Sept. 12, 2019 in the capital.", "2019-09-20", "on Sept. 12, 2019", "2019-09-12",
     "day", "date.month_day_year"),
    ("The incident log dated 2020-05-09 lists three deaths.", "2020-05-10", "2020-05-09", "2020-05-09", "day",
     "date.iso"),
    ("Attacks on 2021-3-7 hit two villages.", "2021-03-09", "on 2021-3-7", "2021-03-07", "day", "date.iso"),
    ("Incident report 2019-12-31: two soldiers killed at a checkpoint.", "2020-01-02", "2019-12-31",
     "2019-12-31", "day", "date.iso"),
    ("A curfew was declared on 09/05/2020 in the district.", "2020-05-10", "on 09/05/2020", "2020-05-09",
     "day", "date.numeric"),
    ("Police recorded the riot on 12/25/2019 in the old town.", "2019-12-28", "on 12/25/2019", "2019-12-25",
     "day", "date.numeric"),
    ("The raid of 3.4.2021 was filmed by residents.", "2021-04-05", "3.4.2021", "2021-04-03", "day",
     "date.numeric"),
    # ranges: the start date; precision from the span
    ("Between 1 and 3 May 2020, clashes displaced hundreds.", "2020-05-05", "Between 1 and 3 May 2020",
     "2020-05-01", "day", "date.range.days_month"),
    ("From 1 to 3 May, the army shelled the town.", "2020-05-10", "From 1 to 3 May", "2020-05-01", "day",
     "date.range.days_month"),
    ("Overnight 8-9 May, rockets struck the airport.", "2020-05-10", "Overnight 8-9 May", "2020-05-08", "day",
     "date.range.days_month"),
    ("Operations ran from 3 to 20 December in the border area.", "2017-12-22", "from 3 to 20 December",
     "2017-12-03", "week", "date.range.days_month"),
    ("Between 1 and 30 June 2021 the group carried out raids.", "2021-07-02", "Between 1 and 30 June 2021",
     "2021-06-01", "month", "date.range.days_month"),
    ("From 24 April to 8 May 2020, police arrested dozens.", "2020-05-09", "From 24 April to 8 May 2020",
     "2020-04-24", "week", "date.range.day_month_day_month"),
    ("Between 28 December and 2 January 2021 the town was besieged.", "2021-01-05",
     "Between 28 December and 2 January 2021", "2020-12-28", "day", "date.range.day_month_day_month"),
    ("Sit-ins continued from 30 April to 2 May in three cities.", "2020-05-05", "from 30 April to 2 May",
     "2020-04-30", "day", "date.range.day_month_day_month"),
    ("On August 11 and 12, militiamen burned granaries.", "2019-08-14", "On August 11 and 12", "2019-08-11",
     "day", "date.range.month_days"),
    ("Fighting raged May 1-3, 2020 around the airport.", "2020-05-06", "May 1-3, 2020", "2020-05-01", "day",
     "date.range.month_days"),
    ("The siege lasted from March 2 to April 15 2022.", "2022-05-01", "from March 2 to April 15 2022",
     "2022-03-02", "month", "date.range.month_days"),
    # year-less dates: the latest such day not after the reference
    ("Fighting broke out on December 30 near the border.", NEW_YEAR, "on December 30", "2025-12-30", "day",
     "date.month_day"),
    ("On April 25, an alliance of militias launched an offensive.", MAY, "On April 25", "2026-04-25", "day",
     "date.month_day"),
    ("Rebels seized the town on January 3.", NEW_YEAR, "on January 3", "2026-01-03", "day", "date.month_day"),
    ("The protest on 9 May drew large crowds.", MAY, "on 9 May", "2025-05-09", "day", "date.day_month"),
    ("Gunmen returned on the 9th of May, villagers said.", "2025-06-01", "on the 9th of May", "2025-05-09",
     "day", "date.day_month"),
    ("Police clashed with students on Friday, 2 January.", NEW_YEAR, "on Friday, 2 January", "2026-01-02",
     "day", "date.day_month"),
    # day of month alone: never in the future, across month and year boundaries
    ("On the evening of the 25th, the junta issued a statement.", MAY, "On the evening of the 25th",
     "2026-04-25", "day", "date.day_only"),
    ("Protesters gathered on the 25th outside parliament.", MON, "on the 25th", "2025-02-25", "day",
     "date.day_only"),
    ("The town fell on the 2nd, officials said.", MON, "on the 2nd", "2025-03-02", "day", "date.day_only"),
    ("Shelling resumed on the 31st in the east.", MON, "on the 31st", "2025-01-31", "day", "date.day_only"),
    ("Troops withdrew on the 25th.", NEW_YEAR, "on the 25th", "2025-12-25", "day", "date.day_only"),
    # weekdays: the latest such day not after the reference (the reference's own weekday is the reference)
    ("Gunmen stormed a police post late on Friday, officials said.", MON, "late on Friday", "2025-03-07",
     "day", "date.weekday"),
    ("Friday night clashes left two dead.", MON, "Friday night", "2025-03-07", "day", "date.weekday"),
    ("Residents fled last Tuesday after the raid.", MON, "last Tuesday", "2025-03-04", "day", "date.weekday"),
    ("Police dispersed the crowd on Monday.", MON, "on Monday", "2025-03-10", "day", "date.weekday"),
    ("The army said last Monday's strike killed ten.", MON, "last Monday's", "2025-03-03", "day",
     "date.weekday"),
    ("Clashes from Saturday night into Sunday killed five.", MON, "from Saturday night into Sunday",
     "2025-03-08", "day", "date.weekday"),
    ("Fighting erupted overnight Friday into Saturday.", MON, "overnight Friday into Saturday", "2025-03-07",
     "day", "date.weekday"),
    # relative expressions
    ("Hundreds marched in the capital today.", MON, "today", "2025-03-10", "day", "date.rel.today"),
    ("An explosion hit the market this morning, police said.", MON, "this morning", "2025-03-10", "day",
     "date.rel.today"),
    ("Gunfire was heard tonight near the barracks.", MON, "tonight", "2025-03-10", "day", "date.rel.today"),
    ("Yesterday, gunmen killed three farmers.", MON, "Yesterday", "2025-03-09", "day", "date.rel.yesterday"),
    ("Two soldiers died in an ambush last night.", MON, "last night", "2025-03-09", "day",
     "date.rel.yesterday"),
    ("Rockets struck the camp overnight, the army said.", MON, "overnight", "2025-03-09", "day",
     "date.rel.yesterday"),
    ("The bodies were found the day before yesterday.", MON, "the day before yesterday", "2025-03-08", "day",
     "date.rel.day_before_yesterday"),
    ("The day before yesterday, protesters burned tyres.", NEW_YEAR, "The day before yesterday", "2026-01-01",
     "day", "date.rel.day_before_yesterday"),
    ("Clashes broke out in the market on the day before yesterday.", MAY, "on the day before yesterday",
     "2026-05-02", "day", "date.rel.day_before_yesterday"),
    ("Earlier this week, militants torched a school.", THU, "Earlier this week", "2025-03-10", "week",
     "date.rel.this_week"),
    ("Curfews were imposed this week in two towns.", THU, "this week", "2025-03-10", "week",
     "date.rel.this_week"),
    ("Earlier this week, a drone struck a wedding.", NEW_YEAR, "Earlier this week", "2025-12-29", "week",
     "date.rel.this_week"),
    ("Last week, troops retook the town.", THU, "Last week", "2025-03-06", "week", "date.rel.last_week"),
    ("Aid convoys were blocked in recent days, the agency said.", THU, "in recent days", "2025-03-06", "week",
     "date.rel.last_week"),
    ("The militia took the town last week.", NEW_YEAR, "last week", "2025-12-27", "week",
     "date.rel.last_week"),
    # a weekend is its Sunday (news-dev's GUIDELINES), its Saturday when the paper is that Saturday's
    ("Over the weekend, militants attacked two villages.", MON, "Over the weekend", "2025-03-09", "week",
     "date.rel.weekend"),
    ("Two churches were burned last weekend.", THU, "last weekend", "2025-03-09", "week", "date.rel.weekend"),
    ("At the weekend, riot police cleared the square.", NEW_YEAR, "At the weekend", "2026-01-03", "week",
     "date.rel.weekend"),
    ("Earlier this month, rebels shot down a drone.", MON, "Earlier this month", "2025-03-01", "month",
     "date.rel.this_month"),
    ("Three journalists were detained this month.", NEW_YEAR, "this month", "2026-01-01", "month",
     "date.rel.this_month"),
    ("Food prices rose earlier in the month, traders said.", MAY, "earlier in the month", "2026-05-01",
     "month", "date.rel.this_month"),
    ("Last month, the army announced a new offensive.", NEW_YEAR, "Last month", "2025-12-01", "month",
     "date.rel.last_month"),
    ("Prices doubled last month in the besieged city.", MON, "last month", "2025-02-01", "month",
     "date.rel.last_month"),
    ("Over the past month, the convoy was attacked twice.", MAY, "Over the past month", "2026-04-01", "month",
     "date.rel.last_month"),
    ("Since the start of this year, forty attacks were recorded.", MON, "Since the start of this year",
     "2025-01-01", "year", "date.rel.this_year"),
    ("Earlier this year, the army lost the airport.", MAY, "Earlier this year", "2026-01-01", "year",
     "date.rel.this_year"),
    ("This year the rains failed in the north.", NEW_YEAR, "This year", "2026-01-01", "year",
     "date.rel.this_year"),
    ("Last year, the group kidnapped thirty students.", NEW_YEAR, "Last year", "2025-01-01", "year",
     "date.rel.last_year"),
    ("The border was closed last year after the coup.", MON, "last year", "2024-01-01", "year",
     "date.rel.last_year"),
    ("Fighting in the previous year had emptied the valley.", MAY, "in the previous year", "2025-01-01",
     "year", "date.rel.last_year"),
    ("Two days ago, gunmen abducted a priest.", MON, "Two days ago", "2025-03-08", "day",
     "date.rel.days_ago"),
    ("The camp was attacked 10 days ago.", MON, "10 days ago", "2025-02-28", "day", "date.rel.days_ago"),
    ("Soldiers arrived a few days ago, residents said.", MON, "a few days ago", "2025-03-07", "week",
     "date.rel.days_ago"),
    ("Three weeks ago, the convoy was ambushed.", MON, "Three weeks ago", "2025-02-17", "week",
     "date.rel.weeks_ago"),
    ("The pipeline was sabotaged a week ago.", MON, "a week ago", "2025-03-03", "week", "date.rel.weeks_ago"),
    ("Two robbers met the same fate a fortnight ago.", MON, "a fortnight ago", "2025-02-24", "week",
     "date.rel.fortnights_ago"),
    ("Some 2 weeks ago, police raided the camp.", NEW_YEAR, "2 weeks ago", "2025-12-20", "week",
     "date.rel.weeks_ago"),
    ("A couple of months ago the militia withdrew.", MON, "A couple of months ago", "2025-01-01", "month",
     "date.rel.months_ago"),
    ("The mayor was kidnapped six months ago.", MAY, "six months ago", "2025-11-01", "month",
     "date.rel.months_ago"),
    ("A month ago, a car bomb hit the port.", NEW_YEAR, "A month ago", "2025-12-01", "month",
     "date.rel.months_ago"),
    ("The mine was seized five years ago.", MON, "five years ago", "2020-01-01", "year",
     "date.rel.years_ago"),
    ("A year ago, the rebels signed a truce.", NEW_YEAR, "A year ago", "2025-01-01", "year",
     "date.rel.years_ago"),
    ("The dam was bombed 12 years ago.", MON, "12 years ago", "2013-01-01", "year", "date.rel.years_ago"),
    # months
    ("In March 2026, the junta dissolved all parties.", MAY, "In March 2026", "2026-03-01", "month",
     "date.month_year"),
    ("Fighting intensified in May 2020 along the front.", "2020-06-01", "in May 2020", "2020-05-01", "month",
     "date.month_year"),
    ("By late December 2021 the siege had ended.", "2022-02-01", "By late December 2021", "2021-12-01",
     "month", "date.month_year"),
    ("In March, rebels took the town.", NEW_YEAR, "In March", "2025-03-01", "month", "date.month"),
    ("Strikes have continued since May in the port.", MAY, "since May", "2026-05-01", "month", "date.month"),
    ("Talks failed last May, a diplomat said.", MAY, "last May", "2025-05-01", "month", "date.month"),
    ("Late March saw heavy shelling of the city.", "2025-04-10", "Late March", "2025-03-01", "month",
     "date.month"),
    ("A truce was agreed in mid-April.", MON, "in mid-April", "2024-04-01", "month", "date.month"),
    ("Early May was calm in the north.", MAY, "Early May", "2026-05-01", "month", "date.month"),
    ("Raids took place in the first week of December.", NEW_YEAR, "in the first week of December",
     "2025-12-01", "week", "date.week_of_month"),
    ("Militants regrouped during the second week of May 2020.", "2020-06-01",
     "during the second week of May 2020", "2020-05-08", "week", "date.week_of_month"),
    ("Convoys were attacked in the last week of January.", NEW_YEAR, "in the last week of January",
     "2025-01-25", "week", "date.week_of_month"),
    # years
    ("In 2011, the war began in the south.", MON, "In 2011", "2011-01-01", "year", "date.year"),
    ("Attacks on schools have risen since 2024.", MON, "since 2024", "2024-01-01", "year", "date.year"),
    ("The group was founded in 2013 in the north.", MON, "in 2013", "2013-01-01", "year", "date.year"),
    ("Fighting resumed in mid-2013 after a lull.", MON, "in mid-2013", "2013-01-01", "year", "date.year"),
    ("The 2021-2022 drought killed most of the livestock.", MON, "2021-2022", "2021-01-01", "year",
     "date.year_range"),
    ("The 2019–2020 crisis displaced thousands.", MON, "2019–2020", "2019-01-01", "year", "date.year_range"),
    ("Between 2015 and 2017, attacks rose sharply.", MON, "Between 2015 and 2017", "2015-01-01", "year",
     "date.year_range"),
]


@pytest.mark.parametrize(("sentence", "reference", "text", "value", "precision", "rule"), RESOLVED)
def test_resolves(lexicons: Lexicons, sentence: str, reference: str, text: str, value: str, precision: str,
                  rule: str) -> None:
    mention = _one(lexicons, sentence, reference, text)
    assert (str(mention.value), mention.precision, mention.rule) == (value, precision, rule)
    assert sentence[mention.start:mention.end] == mention.text
    assert not mention.future


ANAPHORA = [
    ("The same day, a second bomb exploded in the market.", "The same day", "date.same_day"),
    ("Police arrested two suspects that day.", "that day", "date.same_day"),
    ("On the same day, gunmen attacked a church nearby.", "On the same day", "date.same_day"),
    ("Later that day, the curfew was lifted.", "Later that day", "date.same_day"),
    ("The next day, soldiers returned to the village.", "The next day", "date.next_day"),
    ("Troops withdrew the following day.", "the following day", "date.next_day"),
    ("A day later, the bodies were returned.", "A day later", "date.next_day"),
    ("Protests had begun the previous day in the capital.", "the previous day", "date.previous_day"),
    ("Two shops were looted the day before.", "the day before", "date.previous_day"),
    ("The convoy had left a day earlier.", "a day earlier", "date.previous_day"),
]


@pytest.mark.parametrize(("sentence", "text", "rule"), ANAPHORA)
def test_anaphora_carry_no_date(lexicons: Lexicons, sentence: str, text: str, rule: str) -> None:
    mention = _one(lexicons, sentence, MON, text)
    assert (mention.value, mention.rule) == (None, rule)


NO_DATE = [
    "About 2500 medical interns protested outside the ministry.",
    "The army deployed 2000 troops and 1990 police officers.",
    "Some 2,000 people fled across the border.",
    "More than 1950 families were displaced by the floods.",
    "In May 2000 people fled the fighting.",
    "Protesters numbered 2020 according to the organisers.",
    "A 1990 km border separates the two countries.",
    "Shelling began at 2000 hours and lasted all night.",
    "It all started around 6 in the morning and went on until the afternoon.",
    "Shooting began at 10 at night and stopped at 2 in the morning.",
    "The 25th Brigade moved north, and the 21st century began.",
    "The wounded were taken to the 3rd floor of the hospital.",
    "The 5th Infantry Division marched into the city.",
    "Next Friday, the opposition will march on the palace.",
    "The vote will take place tomorrow in all provinces.",
    "Talks are planned for next week and next month.",
    "Aid is expected in the coming days, the agency said.",
    "The summit is planned for next May in the capital.",
    "Parliament will sit again this coming March.",
    "The festival returns coming June to the old town.",
    "The opposition will march the coming Sunday.",
    "Unions announced a strike for this coming Tuesday.",
    "In March 15 people were killed in the district.",
    "Resolution 2020 was adopted by the council.",
    "May God protect us, the imam told the crowd.",
    "The police may march on the palace if the talks fail.",
    "The organisers said the crowd reached [size=2000] people.",
]


@pytest.mark.parametrize("sentence", NO_DATE)
def test_no_date(lexicons: Lexicons, sentence: str) -> None:
    assert find_dates(sentence, date.fromisoformat(MON), lexicons) == []


OPENING = [
    ("On 9 May 2020, medical interns protested in the square.", "On 9 May 2020", True),
    ("In 2011, the war began.", "In 2011", True),
    ("Late on Friday, gunmen attacked a checkpoint.", "Late on Friday", True),
    ("Around 9 May 2020 (as reported), a man was found dead.", "Around 9 May 2020 (as reported)", True),
    ("Last week, troops retook the town.", "Last week", True),
    ("Looting: On 15 September, militiamen ransacked the market.", "On 15 September", True),
    ("\u201cOn Friday, they burned everything,\u201d a resident said.", "On Friday", True),
    ("The rebel group reported that on 1 May 2020, drones struck its base.", "on 1 May 2020", True),
    ("Gunmen stormed a police post late on Friday, officials said.", "late on Friday", True),
    ("Police said on Tuesday that twelve people were arrested.", "on Tuesday", False),
    ("The militants, who arrived on Friday, burned the market.", "on Friday", False),
    ("Protesters marched, and on Friday police fired tear gas.", "on Friday", False),
    ("Fighting that began in 2011 has killed thousands.", "in 2011", False),
]


@pytest.mark.parametrize(("sentence", "text", "opening"), OPENING)
def test_opening(lexicons: Lexicons, sentence: str, text: str, opening: bool) -> None:
    assert _one(lexicons, sentence, "2025-09-20", text).opening is opening


FUTURE = [
    ("The vote is planned for 9 May 2026 in all regions.", "9 May 2026", "2026-05-09", True),
    ("The ceasefire expires on 1 January 2027, the envoy said.", "on 1 January 2027", "2027-01-01", True),
    ("Elections are scheduled for March 2027.", "March 2027", "2027-03-01", True),
    ("On 9 May 2020, medical interns protested.", "On 9 May 2020", "2020-05-09", False),
    ("The referendum was held on 3 May 2026.", "on 3 May 2026", "2026-05-03", False),
]


@pytest.mark.parametrize(("sentence", "text", "value", "future"), FUTURE)
def test_future_only_for_explicit_dates(lexicons: Lexicons, sentence: str, text: str, value: str, future: bool) -> None:
    mention = _one(lexicons, sentence, MAY, text)
    assert (str(mention.value), mention.future) == (value, future)


PARENTHESES = [
    ("Around 9 May 2020 (as reported), a man was found dead.", "Around 9 May 2020 (as reported)", "day"),
    ("On 2 May 2020 (or around), militias clashed over land.", "On 2 May 2020 (or around)", "day"),
    ("Around 6 May 2020 (week of), paramilitaries beat a civilian.", "Around 6 May 2020 (week of)", "week"),
    ("Around 29 April 2020 (midweek), a body was found.", "Around 29 April 2020 (midweek)", "week"),
    ("Around 8 May 2020 (weekend), a mob burned a kiosk.", "Around 8 May 2020 (weekend)", "week"),
    ("Around 30 April 2020 (end of month), planes were intercepted.", "Around 30 April 2020 (end of month)",
     "month"),
    ("Around 15 June 2020 (mid-month), villagers were robbed.", "Around 15 June 2020 (mid-month)", "month"),
    ("On 28 June 2020 (end of the month), a bridge was blown up.", "On 28 June 2020 (end of the month)",
     "month"),
    ("Around 8 May 2020 (from 24 April-8 May), police arrested dozens.",
     "Around 8 May 2020 (from 24 April-8 May)", "week"),
    ("Around 7 December 2020 (between 7 - 8 December), militants detonated an IED.",
     "Around 7 December 2020 (between 7 - 8 December)", "day"),
    ("Around 29 April 2020 (between 26 April - 29 April), four were killed.",
     "Around 29 April 2020 (between 26 April - 29 April)", "day"),
]


@pytest.mark.parametrize(("sentence", "text", "precision"), PARENTHESES)
def test_parenthesised_notes_join_the_mention(lexicons: Lexicons, sentence: str, text: str, precision: str) -> None:
    assert _one(lexicons, sentence, "2020-12-31", text).precision == precision


NEVER_LATER = [
    "Fighting broke out on December 30 near the border.",
    "Troops withdrew on the 31st.",
    "Protesters gathered on the 25th outside parliament.",
    "The raid took place on Saturday and again last Sunday.",
    "In December, rebels took the town; in the last week of December they withdrew.",
    "Convoys were attacked on 29 February, the army said.",
    "From 28 December to 2 January, the city was under siege.",
    "Over the weekend and earlier this week militants attacked.",
]


@pytest.mark.parametrize("reference", ["2026-01-01", "2026-01-03", "2025-03-01", "2024-02-29", "2025-12-31"])
@pytest.mark.parametrize("sentence", NEVER_LATER)
def test_inferred_dates_never_after_reference(lexicons: Lexicons, sentence: str, reference: str) -> None:
    ref = date.fromisoformat(reference)
    mentions = find_dates(sentence, ref, lexicons)
    assert mentions
    for mention in mentions:
        assert mention.value is not None and mention.value <= ref and not mention.future


@pytest.mark.parametrize(("sentence", "texts"), [
    ("Yesterday's raid followed a bombing on 9 May and protests last week.",
     ["Yesterday", "on 9 May", "last week"]),
    ("On 3 May 2020, police arrested 40 people; on 4 May 2020, they freed 12.",
     ["On 3 May 2020", "on 4 May 2020"]),
    ("Since 2012 the conflict has flared each year, most recently on Friday and on the 2nd.",
     ["Since 2012", "on Friday", "on the 2nd"]),
])
def test_mentions_in_text_order_without_overlap(lexicons: Lexicons, sentence: str, texts: list[str]) -> None:
    mentions = find_dates(sentence, date.fromisoformat(MON), lexicons)
    assert [m.text for m in mentions] == texts
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))
    assert all(sentence[m.start:m.end] == m.text for m in mentions)


def test_lexicon_rule_ids_are_unique_and_namespaced(lexicons: Lexicons) -> None:
    ids = [rule["id"] for rule in lexicons.toml("dates.toml")["rule"]]
    assert len(ids) == len(set(ids))
    assert all(rule_id.startswith("date.") for rule_id in ids)


@pytest.mark.parametrize(("sentence", "reference", "texts"), [
    ("Gunmen attacked Gao yesterday.", "0001-01-01", []),
    ("Gunmen attacked Gao a week ago.", "0001-01-03", []),
    ("Gunmen attacked Gao last month, and last year.", "0001-01-01", []),
    ("Gunmen will attack Gao tomorrow, next week or next year.", "9999-12-31", []),
    ("Gunmen attacked Gao on 30 December (between 30 - 31 December).", "9999-12-31",
     ["on 30 December (between 30 - 31 December)"]),
])
def test_dates_beyond_the_calendar_are_no_mentions(lexicons: Lexicons, sentence: str, reference: str,
                                                   texts: list[str]) -> None:
    """A publication date of year 1 or 9999 (bad input, but a date): what falls outside the calendar is dropped."""
    assert [m.text for m in find_dates(sentence, date.fromisoformat(reference), lexicons)] == texts
