"""Summary counts over the news events (background events left out), as rows of one shape so that every
output format holds them: section, key, events, fatalities, fatalities_low, fatalities_high, share.

An event counts once, in the country it is mapped in (`events_acled`); low and high are the sums of each
event's range over its claims widened to take in its best figure, as in `events_ged` (schemas/views.sql says
why), so that low <= fatalities <= high in every row.
"""

from __future__ import annotations

from typing import Any

from events.store.db import Store

STAT_COLUMNS = ("section", "key", "events", "fatalities", "fatalities_low", "fatalities_high", "share")
SECTIONS = ("total", "country", "event_type", "month", "actor", "geo_precision")

_BASE = """
WITH base AS (
    SELECT a.event_id_cnty AS event_id, a.country, a.event_type, a.event_date, a.latitude, a.geo_precision,
           e.fatalities, least(e.fatalities_low, e.fatalities) AS low,
           greatest(e.fatalities_high, e.fatalities) AS high
    FROM events_acled a JOIN events e ON e.event_id = a.event_id_cnty
), keyed AS ({keyed})
SELECT key, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities, coalesce(sum(low), 0) AS low,
       coalesce(sum(high), 0) AS high,
       round(count(*) / greatest((SELECT count(*) FROM base), 1), 4) AS share
FROM keyed GROUP BY key ORDER BY {order} LIMIT {limit}
"""
_BY_COUNT = "events DESC, key"
# section -> (the rows keyed: one per event, or per event and actor; order)
_KEYED = {
    "total": ("SELECT 'all' AS key, * FROM base", "key"),
    "country": ("SELECT coalesce(country, '(no place)') AS key, * FROM base", _BY_COUNT),
    "event_type": ("SELECT event_type AS key, * FROM base", _BY_COUNT),
    "month": ("SELECT coalesce(strftime(event_date, '%Y-%m'), '(undated)') AS key, * FROM base", "key"),
    "actor": ("SELECT DISTINCT ON (b.event_id, x.name) x.name AS key, b.* FROM base b "
              "JOIN event_actors x ON x.event_id = b.event_id AND x.role IN ('actor1', 'actor2')", _BY_COUNT),
    "geo_precision": ("SELECT CASE WHEN latitude IS NULL THEN 'not geocoded' "
                      "ELSE 'precision ' || geo_precision END AS key, * FROM base", "key"),
}


def compute_stats(store: Store, *, top_actors: int = 10) -> list[tuple[Any, ...]]:
    """Every section's rows in SECTIONS order; actors are the `top_actors` in most events (actor1 or
    actor2). `share` is the share of all news events."""
    rows: list[tuple[Any, ...]] = []
    for section in SECTIONS:
        keyed, order = _KEYED[section]
        limit = top_actors if section == "actor" else "ALL"
        _, found = store.query(_BASE.format(keyed=keyed, order=order, limit=limit))
        if section == "total" and not found:
            found = [("all", 0, 0, 0, 0, 0.0)]
        rows += [(section, *row) for row in found]
    return rows
