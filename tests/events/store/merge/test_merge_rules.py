"""Which events of different articles are one incident (events.store.merge.rules: pure, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from events.lexicon import Lexicons
from events.store.merge.rules import MergeEvent, km_between, match_reason, merge_id_for, merge_rules, plan_merges

GAO = (16.2666, -0.0400)
NEAR_GAO = (16.30, -0.02)  # about 4 km away
FAR_FROM_GAO = (16.45, 0.10)  # about 25 km away

BASE = MergeEvent(event_id="ev-a", article_id="art-a", event_type="Battles", event_date=date(2026, 5, 3),
                  date_rule="date.weekday", latitude=GAO[0], longitude=GAO[1],
                  actors=frozenset({("JNIM: Group for Support of Islam and Muslims", "actor.jnim"),
                                    ("Military Forces of Mali", "actor.mil.mali")}),
                  published_at=date(2026, 5, 4), source="Sahel Daily")


def other(**changes: object) -> MergeEvent:
    """The second article's event: same as BASE unless told otherwise."""
    fields: dict[str, object] = {"event_id": "ev-b", "article_id": "art-b", "source": "Bamako Wire",
                                 "published_at": date(2026, 5, 5)}
    fields.update(changes)
    return replace(BASE, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("case", "second", "merged"), [
    ("Two outlets report the same clash in the same town on the same day.", other(), True),
    ("A report four kilometres away is the same place.", other(latitude=NEAR_GAO[0], longitude=NEAR_GAO[1]), True),
    ("A report twenty-five kilometres away is another place.",
     other(latitude=FAR_FROM_GAO[0], longitude=FAR_FROM_GAO[1]), False),
    ("A report of a different event type is another incident.", other(event_type="Violence against civilians"),
     False),
    ("A 'yesterday' a day later is the same incident: one date was inferred.",
     other(event_date=date(2026, 5, 4), date_rule="date.rel.yesterday"), True),
    ("Two dates written out in full a day apart are two incidents.",
     other(event_date=date(2026, 5, 4), date_rule="date.day_month_year"), None),
    ("Two days apart is too far even with an inferred date.", other(event_date=date(2026, 5, 5)), False),
    ("Generic gunmen fit a named group.",
     other(actors=frozenset({("Unidentified Armed Group (Mali)", "generic.armed_group")})), True),
    ("Two different named groups are two incidents.",
     other(actors=frozenset({("Islamic State (Sahel)", "actor.is_sahel")})), False),
    ("Two articles of the same outlet are not merged: an update replaces an article.",
     other(source="Sahel Daily"), False),
    ("An event is never merged with another of its own article.", other(article_id="art-a"), False),
])
def test_when_two_reports_are_one_incident(lexicons: Lexicons, case: str, second: MergeEvent,
                                           merged: bool | None) -> None:
    first = BASE if merged is not None else replace(BASE, date_rule="date.day_month_year")
    assert (match_reason(first, second, lexicons.compiled(merge_rules)) is not None) is bool(merged), case


def test_the_reason_names_type_day_distance_and_actors(lexicons: Lexicons) -> None:
    found = match_reason(BASE, other(latitude=NEAR_GAO[0], longitude=NEAR_GAO[1]), lexicons.compiled(merge_rules))
    assert found is not None
    reason, distance, days = found
    assert reason == (f"same type Battles; same day 2026-05-03; {distance:.1f} km apart; actors compatible "
                      "(shared: JNIM: Group for Support of Islam and Muslims; Military Forces of Mali)")
    assert 3.0 < distance < 5.0 and days == 0


@pytest.mark.parametrize(("a", "b", "km"), [
    ((0.0, 0.0), (0.0, 1.0), 111.2),
    ((GAO[0], GAO[1]), (GAO[0], GAO[1]), 0.0),
    ((12.6392, -8.0029), (16.2666, -0.0400), 947.4),  # Bamako to Gao: geopy's great_circle says 947.4
])
def test_distances_are_great_circle_kilometres(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert km_between(*a, *b) == pytest.approx(km, abs=0.5)


def test_a_new_report_joins_the_kept_event_and_never_re_roots_it(lexicons: Lexicons) -> None:
    kept = replace(BASE, kept=True, event_date=date(2026, 5, 3))
    earlier_report = other(event_id="ev-c", article_id="art-c", source="Radio Niger",
                           published_at=date(2026, 5, 3))
    [merge] = plan_merges([earlier_report], [kept], lexicons.compiled(merge_rules))
    assert (merge.kept_event_id, merge.merged_event_id) == ("ev-a", "ev-c")
    assert merge.merge_id == merge_id_for("ev-a", "ev-c") and merge.rule == "merge.same-incident"


def test_new_reports_of_one_incident_cluster_on_the_earliest_report(lexicons: Lexicons) -> None:
    first = other(event_id="ev-1", article_id="art-1", source="One", published_at=date(2026, 5, 3))
    second = other(event_id="ev-2", article_id="art-2", source="Two", published_at=date(2026, 5, 4))
    third = other(event_id="ev-3", article_id="art-3", source="Three", published_at=date(2026, 5, 5))
    merges = plan_merges([third, first, second], [], lexicons.compiled(merge_rules))
    assert [(m.kept_event_id, m.merged_event_id) for m in merges] == [("ev-1", "ev-2"), ("ev-1", "ev-3")]


def test_a_pair_an_analyst_separated_is_not_merged_again(lexicons: Lexicons) -> None:
    assert plan_merges([other()], [BASE], lexicons.compiled(merge_rules), undone=frozenset({("ev-a", "ev-b")})) == []
    assert len(plan_merges([other()], [BASE], lexicons.compiled(merge_rules))) == 1


@pytest.mark.parametrize("day", [date.min, date.max], ids=["1 January of year 1", "31 December 9999"])
def test_reports_dated_at_the_ends_of_the_calendar_merge_as_any_other(lexicons: Lexicons, day: date) -> None:
    """The day window around them leaves the calendar: the days beyond it hold nothing (no OverflowError)."""
    first, second = replace(BASE, event_date=day, published_at=day), other(event_date=day, published_at=day)
    [merge] = plan_merges([second], [first], lexicons.compiled(merge_rules))
    assert (merge.kept_event_id, merge.merged_event_id, merge.days_apart) == ("ev-a", "ev-b", 0)
