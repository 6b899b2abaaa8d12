"""Scoring of the candidates for one name: which place a mention most likely means.

Each signal adds a component; the reason of a resolution names the components on which the winner beat
the runner-up, largest difference first. Weights are set so that an admin hint outweighs a focus country,
which outweighs proximity, which outweighs size: ACLED's "(Douentza, Mopti)" is the most explicit
evidence, the article's country the next.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .index import Index, decode
from .model import Place

ADMIN_HINT = 4.0
ADMIN_HINT_EXTRA = 0.5  # per further hint that also matches (admin2 and admin1 both right)
HINT_NEAR = 1.5  # no admin name matches, but a town named by a hint is close
HINT_NEAR_KM = 75.0
FOCUS = 2.0
NEAR = 1.5  # at distance 0, falling linearly to 0 at NEAR_KM
NEAR_KM = 400.0
NEAR_COUNTRY = 0.5
NEAR_REGION = 1.0
POPULATION = 0.25  # per order of magnitude
ALTERNATE_NAME = -0.3
FEATURE = {"PCLI": 1.0, "PPLC": 0.4, "PPLA": 0.25}
# A bare name that is both a region and a town inside it usually means the town (ACLED codes "Mopti" at
# the town), and one that is also a country's name usually means the country ("Niger" rather than Niger
# State); a region whose namesakes are elsewhere ("Indiana", Pennsylvania) keeps its full weight.
NAMESAKE_REGION = {"ADM1": -1.0, "ADM2": -1.0}
PREFERRED_REGION = {"ADM1": 1.5, "ADM2": 1.3, "PCLI": -1.0}

_ANY_COUNTRY = ("PCLI", -1, -1)  # marks, among namesakes, that a country has the name
_SIGNALS = ("admin-hint", "focus-country", "near", "region", "feature", "population", "name")


@dataclass(frozen=True, slots=True)
class Context:
    """The disambiguation evidence, prepared once per resolve call."""

    focus: frozenset[str]
    near_points: tuple[tuple[float, float], ...]
    near_countries: frozenset[str]
    near_regions: frozenset[tuple[str, str]]  # (country code, admin1) of regions mentioned nearby
    hints: frozenset[str]  # folded admin hints
    hint_points: tuple[tuple[float, float], ...]  # towns the hints name
    prefer_region: bool


def context(
    focus: Iterable[str],
    near: Sequence[Place],
    hints: frozenset[str],
    hint_points: tuple[tuple[float, float], ...],
    prefer_region: bool,
) -> Context:
    points = tuple((p.latitude, p.longitude) for p in near if p.feature_class != "A")
    regions: set[tuple[str, str]] = set()
    for p in near:
        if p.feature_code in ("ADM1", "ADM2") and p.country_code and p.admin1:
            regions.add((p.country_code, p.admin1))
    return Context(
        focus=frozenset(code.upper() for code in focus),
        near_points=points,
        near_countries=frozenset(p.country_code for p in near if p.country_code),
        near_regions=frozenset(regions),
        hints=hints,
        hint_points=hint_points,
        prefer_region=prefer_region,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _closest(lat: float, lon: float, points: Sequence[tuple[float, float]]) -> float:
    return min(distance_km(lat, lon, plat, plon) for plat, plon in points)


def components(
    index: Index,
    code: int,
    ctx: Context,
    admin_names: Callable[[int], frozenset[str]],
    namesakes: frozenset[tuple[str, int, int]] = frozenset(),
) -> dict[str, float]:
    """The score components of one encoded candidate (index, or ~index for an alternate-name match)."""
    i = code if code >= 0 else ~code
    fcode = index.features[index.feature[i]][1]
    cc = index.strings[index.cc[i]]
    lat, lon = index.latitude[i], index.longitude[i]
    out = {s: 0.0 for s in _SIGNALS}
    out["population"] = POPULATION * math.log10(index.population[i] + 1)
    out["name"] = 0.0 if code >= 0 else ALTERNATE_NAME
    if ctx.prefer_region:
        out["region"] = PREFERRED_REGION.get(fcode, 0.0)
        if fcode not in PREFERRED_REGION:
            out["feature"] = FEATURE.get(fcode, 0.0)
    else:
        out["feature"] = FEATURE.get(fcode, 0.0)
        if fcode in NAMESAKE_REGION:
            unit = index.admin1[i] if fcode == "ADM1" else index.admin2[i]
            if _ANY_COUNTRY in namesakes or (fcode, index.cc[i], unit) in namesakes:
                out["region"] = NAMESAKE_REGION[fcode]
    if cc is not None and cc in ctx.focus:
        out["focus-country"] = FOCUS
    if ctx.hints and fcode != "PCLI":
        matched = len(ctx.hints & (admin_names(index.admin1[i]) | admin_names(index.admin2[i])))
        if matched:
            out["admin-hint"] = ADMIN_HINT + ADMIN_HINT_EXTRA * (matched - 1)
        elif ctx.hint_points and _closest(lat, lon, ctx.hint_points) <= HINT_NEAR_KM:
            out["admin-hint"] = HINT_NEAR
    near = 0.0
    if ctx.near_points and fcode != "PCLI":
        near += NEAR * max(0.0, 1.0 - _closest(lat, lon, ctx.near_points) / NEAR_KM)
    if cc is not None and cc in ctx.near_countries:
        near += NEAR_COUNTRY
    if ctx.near_regions and (cc, index.strings[index.admin1[i]]) in ctx.near_regions:
        near += NEAR_REGION
    out["near"] = near
    return out


def choose(
    index: Index,
    candidates: tuple[int, ...],
    ctx: Context,
    admin_names: Callable[[int], frozenset[str]],
) -> tuple[int, float, str]:
    """(place index, score, reason) of the best encoded candidate."""
    namesakes: set[tuple[str, int, int]] = set()
    for j in decode(candidates):
        fclass, fcode = index.features[index.feature[j]]
        if fclass == "P":
            namesakes.add(("ADM1", index.cc[j], index.admin1[j]))
            namesakes.add(("ADM2", index.cc[j], index.admin2[j]))
        elif fcode == "PCLI":
            namesakes.add(_ANY_COUNTRY)
    frozen = frozenset(namesakes)
    scored = []
    for code in candidates:
        parts = components(index, code, ctx, admin_names, frozen)
        i = code if code >= 0 else ~code
        scored.append((sum(parts.values()), index.population[i], -i, parts))
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    total, _, neg_i, best = scored[0]
    if len(scored) == 1:
        return -neg_i, total, "only-candidate"
    runner = scored[1][3]
    gains = sorted(((best[s] - runner[s], s) for s in _SIGNALS if best[s] - runner[s] > 1e-9), reverse=True)
    reason = "+".join(s for _, s in gains) if gains else "tie-most-populous"
    return -neg_i, total, reason
