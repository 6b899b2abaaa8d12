"""Filter values checked against what they can name, before an export runs: a value that names nothing would
export no rows and look like an answer ("no battles in Narnia"), so it is one error naming the option, the value
and the nearest valid value (difflib), or the valid values.

What is valid does not depend on the database alone, so that a scheduled export of a real country, type or actor
that has no event yet is no rows, not an error: a country is one the gazetteer's country table knows (a name, an
alias such as "DRC" or "Côte d'Ivoire", given as it names it) or the database holds; a type one of ACLED's 6 event
types and 25 sub-event types (`schemas.models.ACLED_EVENT_TYPES`) or one in the database; an actor part of a name
the caller knows (the actor lexicons, which this layer does not read) or of one in the database.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable

from events.errors import InputError
from events.outputs.export import Filters
from events.store.db import Store
from schemas.models import ACLED_EVENT_TYPES

_CLOSE = 0.7  # difflib's ratio above which a valid value is offered as the one meant ("Battle" -> "Battles": 0.92)


def nearest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate `value` most likely misspells, compared without case or accents: one it starts (the shortest),
    else difflib's closest above _CLOSE; None when nothing is close."""
    from gazetteer.folding import fold  # the gazetteer package loads its index code: only when a value is checked

    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(fold(candidate), candidate)
    key = fold(value)
    if not key:
        return None
    starting = sorted((k for k in by_key if k.startswith(key)), key=len)
    if starting:
        return by_key[starting[0]]
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=_CLOSE)
    return by_key[close[0]] if close else None


def unknown_value(option: str, value: str, reason: str, candidates: Iterable[str], otherwise: str = "") -> InputError:
    """`--type 'Battle': no such event or sub-event type; did you mean 'Battles'?`, or `otherwise` (the valid
    values, in brackets) when no candidate is close."""
    guess = nearest(value, candidates)
    hint = f"; did you mean {guess!r}?" if guess is not None else f" ({otherwise})" if otherwise else ""
    return InputError(f"{option} {value!r}: {reason}{hint}")


def check_filters(store: Store, filters: Filters, *, actor_names: Iterable[str] = ()) -> Filters:
    """`filters` with each country as the database names it (an alias becomes ACLED's name, as the gazetteer
    writes it); InputError naming the option (--country, --type, --actor, --since) when a value names nothing
    (see the module's doc), or --since is after --until. `actor_names`: the actors known besides the database's."""
    if filters.since and filters.until and filters.since > filters.until:
        raise InputError(f"--since {filters.since.isoformat()} is after --until {filters.until.isoformat()}")
    countries = tuple(dict.fromkeys(name for value in filters.countries for name in _country(store, value)))
    for value in filters.types:
        _check_type(store, value)
    if filters.actor is not None:
        _check_actor(store, filters.actor, actor_names)
    return dataclasses.replace(filters, countries=countries)


def _country(store: Store, value: str) -> tuple[str, ...]:
    """The names to match for one --country value: the value and, if the gazetteer knows it, ACLED's name."""
    from gazetteer.countries import country_table, read_country_rows
    from gazetteer.folding import fold

    rows = read_country_rows()
    table = country_table(rows)
    iso2 = table.by_name.get(fold(value)) or table.acronyms.get(value.strip()) or table.acronyms.get(
        value.strip().replace(".", ""))
    if iso2 is not None:
        return tuple(dict.fromkeys((value, table.names[iso2])))
    held = _column(store, "SELECT DISTINCT country FROM event_places WHERE country IS NOT NULL")
    same = [name for name in held if fold(name) == fold(value)]  # "Cote" for a "Côte" of a user's gazetteer
    if same:
        return tuple(dict.fromkeys((value, *same)))
    known = [*held, *(row.name for row in rows), *(alias for row in rows for alias in row.aliases)]
    raise unknown_value("--country", value, "no such country", known,
                        "a country's name as ACLED writes it, such as 'Mali', or an alias, such as 'DRC'")


def _check_type(store: Store, value: str) -> None:
    acled = [*ACLED_EVENT_TYPES, *(sub for subs in ACLED_EVENT_TYPES.values() for sub in subs)]
    if value.lower() in {name.lower() for name in acled}:
        return
    held = _column(store, "SELECT DISTINCT unnest([event_type, sub_event_type]) FROM events")
    if value.lower() in {name.lower() for name in held}:
        return
    raise unknown_value("--type", value, "no such event or sub-event type", [*acled, *held],
                        f"event types: {', '.join(ACLED_EVENT_TYPES)}; or one of their 25 sub-event types")


def _check_actor(store: Store, value: str, actor_names: Iterable[str]) -> None:
    wanted = value.lower()
    names = list(actor_names)
    if any(wanted in name.lower() for name in names):
        return
    _, found = store.query("SELECT 1 FROM event_actors WHERE contains(lower(name), ?) LIMIT 1", [wanted])
    if found:
        return
    held = _column(store, "SELECT DISTINCT name FROM event_actors")
    # a misspelt word of a name ("Liberaton") is as likely as a misspelt name: both are offered
    words = {word for name in [*held, *names] for word in name.split() if len(word) > 3}
    raise unknown_value("--actor", value, "no actor's name contains it", [*held, *names, *sorted(words)])


def _column(store: Store, sql: str) -> list[str]:
    return [str(row[0]) for row in store.query(sql)[1] if row[0] is not None]
