"""Resolution over the default index's candidates plus a user gazetteer's (see `userdb`).

The candidates of one name are few, so they are compiled into a small index of their own and scored by
the same rules as the default's. A user row that duplicates a default place (same GeoNames id, or the same
country or region level in the same country) is left out: the default's copy carries the admin names and
representative point the rest of the project expects.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import resolve as scoring
from .countries import CountryTable
from .folding import fold
from .index import Index, build_index
from .model import Place
from .regions import region_aliases

_NO_COUNTRIES = CountryTable(names={}, by_name={}, acronyms={}, demonyms={})
_AREA_CODES = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCL", "ADM1", "ADM2"})


def merge(default: Sequence[tuple[Place, bool]], user: Sequence[tuple[Place, bool]]) -> list[tuple[Place, bool]]:
    """(place, matched through an alternate name): the default's candidates, then the user's new ones."""
    out = list(default)
    ids = {p.geonameid for p, _ in default}
    areas = {(p.country_code, p.feature_code, fold(p.name)) for p, _ in default if p.feature_code in _AREA_CODES}
    for place, alternate in user:
        if place.geonameid in ids:
            continue
        if place.feature_code in _AREA_CODES and (place.country_code, place.feature_code, fold(place.name)) in areas:
            continue
        ids.add(place.geonameid)
        out.append((place, alternate))
    return out


def choose(candidates: Sequence[tuple[Place, bool]], ctx: scoring.Context
           ) -> tuple[Place, float, str, tuple[tuple[str, float], ...]]:
    """The best of the merged candidates, by `resolve.choose` over an index of just these places."""
    mini: Index = build_index([p for p, _ in candidates], {}, _NO_COUNTRIES)
    strings = mini.strings

    def admin_names(string_id: int) -> frozenset[str]:
        value = strings[string_id]
        return frozenset((fold(value), *region_aliases(value))) if value else frozenset()

    codes = tuple(~i if alternate else i for i, (_, alternate) in enumerate(candidates))
    i, score, reason, parts = scoring.choose(mini, codes, ctx, admin_names)
    return candidates[i][0], score, reason, parts
