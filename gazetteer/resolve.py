"""Scoring of the candidates for one name: which place a mention most likely means.

Each signal adds a component; the reason of a resolution names the components on which the winner beat
the runner-up, largest difference first. Weights are set so that an admin hint outweighs a focus country,
which outweighs proximity, which outweighs size: ACLED's "(Douentza, Mopti)" is the most explicit
evidence, the article's country the next.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from math import asin, cos, radians, sin, sqrt
from typing import NamedTuple

from .index import Index, decode
from .model import Kind, Place
from .weights import Weights

# The reach of two distance features (their weights are data: data/resolver_weights.toml)
HINT_NEAR_KM = 75.0  # no admin name matches, but a town named by a hint is this close
NEAR_KM = 400.0  # proximity to places resolved before: full weight at 0 km, none from here on
# A bare name that is both a region and a town inside it usually means the town (ACLED codes "Mopti" at
# the town), and one that is also a country's name usually means the country ("Niger" rather than Niger
# State); a region whose namesakes are elsewhere ("Indiana", Pennsylvania) keeps its full weight.
NAMESAKE_REGION_CODES = frozenset({"ADM1", "ADM2"})

_ANY_COUNTRY = ("PCLI", -1, -1)  # marks, among namesakes, that a country has the name
_SIGNALS = ("admin-hint", "focus-country", "near", "region", "feature", "population", "name")


# A point as distances need it: latitude, longitude, latitude in radians and its cosine (computed once per
# point, not once per candidate compared with it).
Point = tuple[float, float, float, float]


class Context(NamedTuple):
    """The disambiguation evidence, prepared once per resolve call (a tuple: it is built for every call, and
    a tuple is built several times faster than a frozen dataclass)."""

    focus: frozenset[str]
    near_points: tuple[Point, ...]
    near_countries: frozenset[str]
    near_regions: frozenset[tuple[str, str]]  # (country code, admin1) of regions mentioned nearby
    # the document's other names (see `nesting`): the regions they may name, and the regions their places may lie in
    named_regions: frozenset[RegionKey]
    named_in: frozenset[RegionKey]
    hints: frozenset[str]  # folded admin hints
    hint_points: tuple[Point, ...]  # towns the hints name
    prefer_region: bool
    weights: Weights


# A region as nesting compares them: (country code, admin1) or (country code, admin1, admin2), by name
RegionKey = tuple[str, ...]


class Facts(NamedTuple):
    """What scoring reads of one place (a gazetteer gathers them once per place)."""

    fcode: str
    cc_id: int  # interned country code, admin1 and admin2 (see index.Index.strings)
    admin1: int
    admin2: int
    cc: str | None
    admin1_name: str | None
    admin2_name: str | None
    point: Point
    population: int
    magnitude: float  # log10(population + 1): the "population" feature
    kind: Kind


def facts(index: Index, i: int) -> Facts:
    population, strings = index.population[i], index.strings
    fclass, fcode = index.features[index.feature[i]]
    cc = strings[index.cc[i]]
    return Facts(fcode, index.cc[i], index.admin1[i], index.admin2[i], cc, strings[index.admin1[i]],
                 strings[index.admin2[i]],
                 point(index.latitude[i], index.longitude[i]), population, math.log10(population + 1),
                 Kind(cc, fclass, fcode, population))


def context(
    focus: Iterable[str],
    near: Sequence[Place],
    hints: frozenset[str],
    hint_points: tuple[Point, ...],
    prefer_region: bool,
    weights: Weights,
    nested: tuple[frozenset[RegionKey], frozenset[RegionKey]] = (frozenset(), frozenset()),
) -> Context:
    points: list[Point] = []
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    for p in near:
        if p.feature_class != "A":
            rad = radians(p.latitude)
            points.append((p.latitude, p.longitude, rad, cos(rad)))
        if p.country_code:
            countries.add(p.country_code)
            if p.admin1 and p.feature_code in ("ADM1", "ADM2"):
                regions.add((p.country_code, p.admin1))
    return Context(frozenset(map(str.upper, focus)), tuple(points), frozenset(countries), frozenset(regions),
                   nested[0], nested[1], hints, hint_points, prefer_region, weights)


def above(fcode: str, cc: str | None, admin1: str | None, admin2: str | None) -> tuple[RegionKey, ...]:
    """The regions a place lies in (its first-level region, and its second-level one unless it is that region)."""
    if not cc or not admin1 or fcode == "ADM1":
        return ()
    return ((cc, admin1),) if fcode == "ADM2" or not admin2 else ((cc, admin1), (cc, admin1, admin2))


def itself(fcode: str, cc: str | None, admin1: str | None, admin2: str | None) -> RegionKey | None:
    """The region a region reading is, as `above` names it; None for any other place."""
    if not cc or not admin1 or fcode not in ("ADM1", "ADM2"):
        return None
    return (cc, admin1) if fcode == "ADM1" else (cc, admin1, admin2) if admin2 else None


def nesting(readings: Iterable[Facts]) -> tuple[frozenset[RegionKey], frozenset[RegionKey]]:
    """The regions a name's readings are, and the regions they lie in."""
    regions: set[RegionKey] = set()
    holders: set[RegionKey] = set()
    for r in readings:
        key = itself(r.fcode, r.cc, r.admin1_name, r.admin2_name)
        if key is not None:
            regions.add(key)
        holders.update(above(r.fcode, r.cc, r.admin1_name, r.admin2_name))
    return frozenset(regions), frozenset(holders)


def point(lat: float, lon: float) -> Point:
    """A place's coordinates as `_closest` reads them."""
    rad = radians(lat)
    return lat, lon, rad, cos(rad)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


# A great-circle distance is at least this much per degree of latitude between the two points: a point more
# degrees away than a limit allows cannot be within it, and its distance need not be computed.
_KM_PER_DEGREE = 12742.0 * math.pi / 360


def _closest(origin: Point, points: Sequence[Point], limit_km: float) -> float:
    """The distance to the closest of `points` when it is under `limit_km` (as `distance_km` computes it, step
    for step, with the cosines computed once); when none is, some distance of at least `limit_km` (or inf)."""
    band = limit_km / _KM_PER_DEGREE + 0.1  # a tenth of a degree (11 km) to spare for rounding
    lat, lon, p1, c1 = origin
    closest = math.inf
    for plat, plon, p2, c2 in points:
        if abs(plat - lat) > band:
            continue
        dp, dl = p2 - p1, radians(plon - lon)
        a = sin(dp / 2) ** 2 + c1 * c2 * sin(dl / 2) ** 2
        closest = min(closest, 12742.0 * asin(min(1.0, sqrt(a))))
    return closest


def _parts(
    place: Facts,
    code: int,
    ctx: Context,
    admin_names: Callable[[int], frozenset[str]],
    namesakes: frozenset[tuple[str, int, int]],
) -> tuple[float, float, float, float, float, float, float]:
    """The score components of one candidate (`code`: its index, or ~index for an alternate-name match), in
    _SIGNALS order (its score is their sum in that order)."""
    fcode, cc = place.fcode, place.cc
    w = ctx.weights
    hint = focus = region = feature = 0.0
    if ctx.prefer_region:
        region = w.preferred_region.get(fcode, 0.0)
        if fcode not in w.preferred_region:
            feature = w.feature.get(fcode, 0.0)
    else:
        feature = w.feature.get(fcode, 0.0)
        if fcode in NAMESAKE_REGION_CODES:
            unit = place.admin1 if fcode == "ADM1" else place.admin2
            if _ANY_COUNTRY in namesakes or (fcode, place.cc_id, unit) in namesakes:
                region = w.namesake_region
    if cc is not None and cc in ctx.focus:
        focus = w.focus
    if ctx.hints and fcode != "PCLI":
        # a hint names a unit that holds the place: a region does not hold itself ("Kati (Kati, Koulikoro)" is no
        # evidence for a Tanzanian district called Kati), so a region's own level is left out
        holders = (frozenset() if fcode == "ADM1" else admin_names(place.admin1) if fcode == "ADM2"
                   else admin_names(place.admin1) | admin_names(place.admin2))
        matched = len(ctx.hints & holders)
        if matched:
            hint = w.admin_hint + w.admin_hint_extra * (matched - 1)
        elif ctx.hint_points and _closest(place.point, ctx.hint_points, HINT_NEAR_KM) <= HINT_NEAR_KM:
            hint = w.hint_near
    near = 0.0
    if ctx.near_points and fcode != "PCLI":
        near += w.near * max(0.0, 1.0 - _closest(place.point, ctx.near_points, NEAR_KM) / NEAR_KM)
    if cc is not None and cc in ctx.near_countries:
        near += w.near_country
    if ctx.near_regions and (cc, place.admin1_name) in ctx.near_regions:
        near += w.near_region
    if ctx.named_regions or ctx.named_in:
        # "Paris ... Henry County": a reading in a region another name of the document may name, or a region
        # that holds a place another name may name, is nested with it
        key = itself(fcode, cc, place.admin1_name, place.admin2_name)
        if (key is not None and key in ctx.named_in) or not ctx.named_regions.isdisjoint(
                above(fcode, cc, place.admin1_name, place.admin2_name)):
            near += w.nested
    return (hint, focus, near, region, feature, w.population * place.magnitude,
            0.0 if code >= 0 else w.alternate_name)


def choose(
    index: Index,
    candidates: tuple[int, ...],
    ctx: Context,
    admin_names: Callable[[int], frozenset[str]],
    facts_of: Callable[[int], Facts] | None = None,
) -> tuple[int, float, str, tuple[tuple[str, float], ...]]:
    """(place index, score, reason, the winner's non-zero score components by signal) of the best encoded
    candidate; `facts_of(i)` is `facts(index, i)`, remembered."""
    # namesakes only count against a region among the candidates (see `_parts`): most names have none
    namesakes: frozenset[tuple[str, int, int]] | None = None if not ctx.prefer_region else frozenset()
    scored = []
    for code in candidates:
        i = code if code >= 0 else ~code
        place = facts(index, i) if facts_of is None else facts_of(i)
        if namesakes is None and place.fcode in NAMESAKE_REGION_CODES:
            namesakes = _namesakes(index, candidates)
        parts = _parts(place, code, ctx, admin_names, namesakes or frozenset())
        scored.append((sum(parts), place.population, -i, parts))
    if len(scored) == 1:
        return i, scored[0][0], "only-candidate", _named(scored[0][3])
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    total, _, neg_i, best = scored[0]
    runner = scored[1][3]
    # lists, not generators, for sorted, join and tuple below: these run for every name resolved
    gains = sorted([(b - r, s) for s, b, r in zip(_SIGNALS, best, runner, strict=True) if b - r > 1e-9], reverse=True)
    reason = "+".join([s for _, s in gains]) if gains else "tie-most-populous"
    return -neg_i, total, reason, _named(best)


def _named(parts: tuple[float, ...]) -> tuple[tuple[str, float], ...]:
    """The non-zero components of a score, by signal name, rounded for display."""
    return tuple([(signal, round(value, 3)) for signal, value in zip(_SIGNALS, parts, strict=True) if value])


def _namesakes(index: Index, candidates: tuple[int, ...]) -> frozenset[tuple[str, int, int]]:
    """The regions the candidate towns lie in, and `_ANY_COUNTRY` when a country is among the candidates."""
    namesakes: set[tuple[str, int, int]] = set()
    for j in decode(candidates):
        fclass, fcode = index.features[index.feature[j]]
        if fclass == "P":
            namesakes.add(("ADM1", index.cc[j], index.admin1[j]))
            namesakes.add(("ADM2", index.cc[j], index.admin2[j]))
        elif fcode == "PCLI":
            namesakes.add(_ANY_COUNTRY)
    return frozenset(namesakes)
