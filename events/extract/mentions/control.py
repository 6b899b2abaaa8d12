"""Who held the place where unattributed fire was observed on a static front (events/lexicons/control_areas.toml).

ACLED attributes such fire to the side facing the place: shelling observed inside separatist-held Donbas is
coded as fire by the Ukrainian military, and the other way round."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from events.errors import LexiconError
from events.lexicon import Lexicons

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class ControlArea:
    id: str
    country: str
    start: date
    until: date
    controller: str
    controller_inter: int
    opponent: str
    opponent_inter: int
    event_types: frozenset[str]
    ring: Ring  # (longitude, latitude) vertices, not closed

    def holds(self, longitude: float, latitude: float, country_code: str | None, when: date | None,
              event_type: str) -> bool:
        return (country_code == self.country and when is not None and self.start <= when < self.until
                and event_type in self.event_types and contains(self.ring, longitude, latitude))


def contains(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting: a horizontal ray from the point crosses the ring's edges an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def area_at(longitude: float, latitude: float, country_code: str | None, when: date | None,
            event_type: str, areas: Sequence[ControlArea]) -> ControlArea | None:
    """The first listed area that held the place on that date, for that kind of event."""
    for area in areas:
        if area.holds(longitude, latitude, country_code, when, event_type):
            return area
    return None


def control_areas(lexicons: Lexicons) -> tuple[ControlArea, ...]:
    """control_areas.toml (build with `lexicons.compiled(control_areas)`)."""
    out = []
    for row in lexicons.toml("control_areas.toml").get("area", []):
        ring = tuple((float(lon), float(lat)) for lon, lat in row["polygon"])
        if len(ring) < 3 or not isinstance(row["from"], date) or not isinstance(row["until"], date):
            raise LexiconError(f"lexicon control_areas.toml: area {row.get('id')} needs a polygon and from/until dates")
        out.append(ControlArea(
            id=row["id"], country=row["country"], start=row["from"], until=row["until"],
            controller=row["controller"], controller_inter=int(row["controller_inter"]),
            opponent=row["opponent"], opponent_inter=int(row["opponent_inter"]),
            event_types=frozenset(row["event_types"]), ring=ring))
    return tuple(out)
