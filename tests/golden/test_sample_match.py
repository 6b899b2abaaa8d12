"""The matcher that scores the sample corpus against its hand-written gold: news_score.py's rules."""

from __future__ import annotations

from typing import Any

import sample_match as m


def gold(**kw: Any) -> dict[str, Any]:
    base = {"event_date": "2024-03-10", "date_precision": "day", "event_type": "Battles",
            "sub_event_type": "Armed clash", "location": "Northtown", "country": "Examplia", "geo_precision": 1,
            "fatalities": 4, "actor1": "Military Forces of Examplia (2020-)", "actor2": None}
    return {**base, **kw}


def row(**kw: str) -> dict[str, str]:
    base = {"article_id": "a", "event_id": "e1", "event_date": "2024-03-10", "event_type": "Battles",
            "sub_event_type": "Armed clash", "location": "Northtown", "country": "Examplia", "fatalities": "4",
            "actor1": "Military Forces of Examplia", "actor2": "", "sentence": ""}
    return {**base, **kw}


def test_a_place_matches_by_folded_name_in_the_country_or_by_country_at_precision_3() -> None:
    assert m.place_ok(row(location="NORTH-town"), gold())
    assert not m.place_ok(row(location="Northtown", country="Otherland"), gold())
    assert not m.place_ok(row(location="Southport"), gold())
    assert m.place_ok(row(location="Southport"), gold(location="Upper Region", geo_precision=3))
    assert m.place_ok(row(location="Southport"), gold(alternatives=[{"location": "Southport"}]))


def test_a_date_matches_within_two_days_or_within_the_week() -> None:
    assert m.date_gap(row(event_date="2024-03-12"), gold()) == 2
    assert m.date_gap(row(event_date="2024-03-13"), gold()) is None
    week = gold(event_date="2024-03-04", date_precision="week")
    assert m.date_gap(row(event_date="2024-03-10"), week) == 0
    assert m.date_gap(row(event_date="2024-03-11"), week) is None


def test_actors_compare_without_regime_years_and_by_short_name() -> None:
    assert m.actor_ok("military forces of examplia", "Military Forces of Examplia (2020-)")
    assert m.actor_ok("ELF", "ELF: Examplia Liberation Front")
    assert m.actor_ok("Police Forces of Examplia; ELF", "ELF: Examplia Liberation Front")
    assert not m.actor_ok("Unidentified Armed Group (Examplia)", "ELF: Examplia Liberation Front")
    assert m.actor_ok("", None) and not m.actor_ok("Protesters (Examplia)", None)


def test_fields_accept_an_alternative_and_skip_a_figure_the_gold_does_not_give() -> None:
    f = m.fields(row(sub_event_type="Attack", fatalities="0"),
                 gold(alternatives=[{"sub_event_type": "Attack"}, {"fatalities": 0}]))
    assert f["subtype"] and f["fatalities"] and f["type"] and f["actor1"]
    assert m.fields(row(fatalities="7"), gold(fatalities=None))["fatalities"] is None
    assert m.fields(row(fatalities="7"), gold())["fatalities"] is False


def test_matching_is_one_to_one_and_serves_a_required_event_before_an_optional_one() -> None:
    golds = [gold(optional=True, fatalities=None), gold(event_date="2024-03-11")]
    preds = [[row()]]
    pairs = m.match_article(golds, preds)
    assert [(p.gold, p.pred) for p in pairs] == [(1, 0)]
    two = m.match_article(golds, [[row()], [row(event_id="e2", event_date="2024-03-11")]])
    assert sorted((p.gold, p.pred) for p in two) == [(0, 0), (1, 1)]


def test_the_best_agreement_decides_between_candidates() -> None:
    golds = [gold(), gold(event_type="Violence against civilians", sub_event_type="Attack", fatalities=0)]
    preds = [[row(event_type="Violence against civilians", sub_event_type="Attack", fatalities="0")], [row()]]
    assert sorted((p.gold, p.pred) for p in m.match_article(golds, preds)) == [(0, 1), (1, 0)]


def test_the_summary_counts_optional_matches_in_precision_but_not_in_recall() -> None:
    article = {"id": "a", "events": [gold(), gold(optional=True, location="Southport", fatalities=None)],
               "not_events": ["since 2010"]}
    rows = [row(), row(event_id="e2", location="Southport"), row(event_id="e3", location="Eastvale",
                                                               sentence="Fighting has gone on since 2010.")]
    line = m.summary(m.score([article], rows))
    assert "gold=1 (+1 optional) pred=3 matched=2 (required 1) P=66.7% R=100.0%" in line
    assert line.endswith("notev=1/1")
