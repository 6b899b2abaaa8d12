"""The records the gazetteer hands out."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

REGION_CODES = frozenset({"ADM1", "ADM2"})
COUNTRY_CODES = frozenset({"PCLI"})


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: str
    name: str
    country: str | None
    country_code: str | None
    admin1: str | None
    admin2: str | None
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    population: int

    @property
    def is_country(self) -> bool:
        return self.feature_code in COUNTRY_CODES

    @property
    def is_region(self) -> bool:
        return self.feature_code in REGION_CODES

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Kind(NamedTuple):
    """What a place is, without the rest of it: enough to weigh the readings of a name."""

    country_code: str | None
    feature_class: str
    feature_code: str
    population: int


@dataclass(frozen=True, slots=True)
class Resolution:
    place: Place
    score: float
    reason: str  # the signals on which the place beat the runner-up, largest difference first
    candidates: int
    # the place's non-zero score components, by signal ("focus-country", 2.0): what the weights made of it
    components: tuple[tuple[str, float], ...] = ()
