"""Scoring's distances: the closest of several points, computed as `distance_km` computes it, skipping points
too many degrees of latitude away to be within the limit."""

from __future__ import annotations

import pytest

from gazetteer.resolve import HINT_NEAR_KM, NEAR_KM, _closest, distance_km, point

_GAO = (16.27, -0.04)
_NEAR_AND_FAR = [
    ((16.49, -0.10), NEAR_KM),
    ((17.0, 1.5), NEAR_KM),
    ((19.6, -0.04), NEAR_KM),  # 3.3 degrees north: inside the band, about 370 km
    ((19.9, -0.04), NEAR_KM),  # 3.6 degrees north: inside the band, just beyond the limit
    ((16.27, 3.9), NEAR_KM),  # due east: no latitude to skip it by, beyond the limit
    ((16.9, -0.04), HINT_NEAR_KM),  # 70 km north, within a hint's reach
    ((17.0, -0.04), HINT_NEAR_KM),  # 81 km north, just beyond it
    ((-33.9, 18.4), NEAR_KM),  # another continent
    ((16.27, 179.0), NEAR_KM),  # half the world east on the same parallel
]


@pytest.mark.parametrize(
    ("other", "limit"),
    _NEAR_AND_FAR,
    ids=[
        "a town a few kilometres up the river",
        "a town two hundred kilometres east",
        "a town just inside the near radius",
        "a town just outside the near radius, still within the latitude band",
        "a town due east beyond the radius",
        "a town within a hint's reach",
        "a town just beyond a hint's reach",
        "a city on another continent",
        "a point on the same parallel on the far side of the world",
    ],
)
def test_a_point_within_the_band_gets_the_exact_distance(other: tuple[float, float], limit: float) -> None:
    exact = distance_km(*_GAO, *other)
    found = _closest(point(*_GAO), [point(*other)], limit)
    if exact < limit:
        assert found == exact  # the same float: scores and their reasons must not move
    else:
        assert found >= limit


@pytest.mark.parametrize(
    ("others", "limit"),
    [
        ([(16.49, -0.10), (-33.9, 18.4), (17.0, 1.5)], NEAR_KM),
        ([(-33.9, 18.4), (51.5, -0.1)], NEAR_KM),
        ([(17.0, -0.04), (16.9, -0.04)], HINT_NEAR_KM),
        ([], NEAR_KM),
    ],
    ids=[
        "the closest of a near town, a far city and a farther town",
        "only far cities: nothing within the radius",
        "two towns north, the nearer one within a hint's reach",
        "no points at all",
    ],
)
def test_the_closest_point_is_the_nearest_within_the_limit(others: list[tuple[float, float]], limit: float) -> None:
    exact = min((distance_km(*_GAO, *other) for other in others), default=float("inf"))
    found = _closest(point(*_GAO), [point(*other) for other in others], limit)
    if exact < limit:
        assert found == exact
    else:
        assert found >= limit
