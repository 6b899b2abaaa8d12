"""Nearest populated place to a point: a one-degree grid searched ring by ring."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .index import Index
from .resolve import distance_km

_MAX_RING = 30  # degrees; beyond that the point is in an ocean or a polar waste and nothing is near


@dataclass(frozen=True, slots=True)
class NearestGrid:
    index: Index
    cells: dict[tuple[int, int], tuple[int, ...]]

    @classmethod
    def of(cls, index: Index) -> NearestGrid:
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        populated = {n for n, (fclass, _) in enumerate(index.features) if fclass == "P"}
        for i in range(len(index)):
            if index.feature[i] in populated:
                cells[(math.floor(index.latitude[i]), math.floor(index.longitude[i]))].append(i)
        return cls(index=index, cells={k: tuple(v) for k, v in cells.items()})

    def nearest(self, latitude: float, longitude: float) -> int | None:
        row, col = math.floor(latitude), math.floor(longitude)
        best: int | None = None
        best_d = math.inf
        index = self.index
        for ring in range(_MAX_RING + 1):
            # Every point in ring r is at least r - 1 degrees away in latitude or longitude; a degree of
            # longitude shrinks with the cosine of the latitude, so bound with the widest latitude reached.
            if best is not None:
                shrink = math.cos(math.radians(min(89.0, abs(latitude) + ring)))
                if (ring - 1) * 111.0 * shrink > best_d:
                    break
            for dr in range(-ring, ring + 1):
                for dc in range(-ring, ring + 1):
                    if max(abs(dr), abs(dc)) != ring:
                        continue
                    for i in self.cells.get((row + dr, (col + dc + 180) % 360 - 180), ()):
                        d = distance_km(latitude, longitude, index.latitude[i], index.longitude[i])
                        if d < best_d:
                            best, best_d = i, d
        return best
