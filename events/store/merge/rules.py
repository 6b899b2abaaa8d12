"""Cross-article merging, the pure part: which events of different articles report one incident.

Two events are one incident when they have the same event type, dates at most `max_days` apart (a one-day gap
only when a date was inferred), mapped places at most `max_km` apart, and compatible actors (rules in
events/lexicons/merge.toml). The store finds the candidate pairs with one SQL band join and records what this
module plans; nothing here does I/O.

Merging is incremental and never re-roots: an event already kept for a cluster stays kept, a new event joins
the cluster of the first kept event it matches (in date, then article order), and a pair whose merge an
analyst undid is never merged again.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from events.lexicon import Lexicons


@dataclass(frozen=True)
class MergeRules:
    rule_id: str
    max_days: int
    max_km: float
    max_geo_precision: int
    explicit_day_rules: frozenset[str]
    named_actor_rule_prefixes: tuple[str, ...]
    merge_within_source: bool = False


def merge_rules(lexicons: Lexicons) -> MergeRules:
    """merge.toml (build with `lexicons.compiled(merge_rules)`)."""
    data = lexicons.toml("merge.toml")
    rule = data["rule"]
    return MergeRules(rule_id=rule["id"], max_days=int(rule["max_days"]), max_km=float(rule["max_km"]),
                      max_geo_precision=int(rule["max_geo_precision"]),
                      explicit_day_rules=frozenset(rule["explicit_day_rules"]),
                      named_actor_rule_prefixes=tuple(rule["named_actor_rule_prefixes"]),
                      merge_within_source=bool(rule["merge_within_source"]))


@dataclass(frozen=True)
class MergeEvent:
    """What merging needs to know of one stored event."""

    event_id: str
    article_id: str
    event_type: str
    event_date: date
    date_rule: str  # the event_date evidence rule ("" when none), e.g. "date.weekday:carried"
    latitude: float
    longitude: float
    actors: frozenset[tuple[str, str]]  # (name, rule) of every actor in any role
    kept: bool = False  # already kept for a cluster of earlier merges (never re-rooted)
    published_at: date | None = None
    source: str | None = None  # the article's outlet or feed


@dataclass(frozen=True)
class Merge:
    merge_id: str
    kept_event_id: str
    merged_event_id: str
    rule: str
    reason: str
    distance_km: float
    days_apart: int


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def merge_id_for(kept_event_id: str, merged_event_id: str) -> str:
    key = f"{kept_event_id}\n{merged_event_id}"
    return "mrg-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def match_reason(a: MergeEvent, b: MergeEvent, rules: MergeRules) -> tuple[str, float, int] | None:
    """Why `a` and `b` are one incident (reason, km, days apart), or None when they are not."""
    if a.article_id == b.article_id or a.event_type != b.event_type:
        return None
    if a.source and a.source == b.source and not rules.merge_within_source:
        return None
    days = abs((a.event_date - b.event_date).days)
    inferred = [e.event_id for e in (a, b) if _base(e.date_rule) not in rules.explicit_day_rules]
    if days > rules.max_days or (days > 0 and not inferred):
        return None
    distance = km_between(a.latitude, a.longitude, b.latitude, b.longitude)
    if distance > rules.max_km:
        return None
    actors = _actor_fit(a, b, rules)
    if actors is None:
        return None
    when = (f"same day {a.event_date}" if days == 0
            else f"dates {min(a.event_date, b.event_date)} and {max(a.event_date, b.event_date)} "
                 f"({days} day apart, one inferred)")
    return f"same type {a.event_type}; {when}; {distance:.1f} km apart; {actors}", distance, days


def _base(rule: str) -> str:
    return rule.split(":", 1)[0]


def _named(event: MergeEvent, rules: MergeRules) -> set[str]:
    return {name for name, rule in event.actors if rule.startswith(rules.named_actor_rule_prefixes)}


def _actor_fit(a: MergeEvent, b: MergeEvent, rules: MergeRules) -> str | None:
    named_a, named_b = _named(a, rules), _named(b, rules)
    if not named_a or not named_b:
        return "actors compatible (generic on one side)"
    shared = sorted(named_a & named_b)
    return f"actors compatible (shared: {'; '.join(shared)})" if shared else None


def plan_merges(new: Sequence[MergeEvent], pool: Iterable[MergeEvent],
                rules: MergeRules, undone: frozenset[tuple[str, str]] = frozenset()) -> list[Merge]:
    """Merges for the `new` events against the `pool` (active stored events, kept ones marked). Each new event
    joins the earliest compatible root; a new event that joins none becomes a root for the new events after
    it. `undone` holds (kept, merged) pairs an analyst separated: never merged again."""
    new_ids = {e.event_id for e in new}
    # roots by (type, day): a new event is compared with the roots of its own type in its day window only
    roots: dict[tuple[str, date], list[MergeEvent]] = {}
    for root in sorted((e for e in pool if e.event_id not in new_ids), key=_order):
        roots.setdefault((root.event_type, root.event_date), []).append(root)
    merges: list[Merge] = []
    for event in sorted(new, key=_order):
        window = [root for day in _days_around(event.event_date, rules.max_days)
                  for root in roots.get((event.event_type, day), ())]
        for root in sorted(window, key=_order):
            if (root.event_id, event.event_id) in undone or (event.event_id, root.event_id) in undone:
                continue
            found = match_reason(root, event, rules)
            if found is None:
                continue
            reason, distance, days = found
            merges.append(Merge(merge_id_for(root.event_id, event.event_id), root.event_id, event.event_id,
                                rules.rule_id, reason, round(distance, 3), days))
            break
        else:
            roots.setdefault((event.event_type, event.event_date), []).append(event)
    return merges


def _days_around(day: date, reach: int) -> list[date]:
    """The days at most `reach` from `day`, inside the calendar (an event may be dated 1 January of year 1)."""
    first, last = day.toordinal() - reach, day.toordinal() + reach
    return [date.fromordinal(n) for n in range(max(first, 1), min(last, date.max.toordinal()) + 1)]


def _order(event: MergeEvent) -> tuple[date, date, str, str]:
    """Kept events first, then earliest incident, earliest report, article and event id: stable roots."""
    return (date.min if event.kept else event.event_date, event.published_at or date.max, event.article_id,
            event.event_id)
