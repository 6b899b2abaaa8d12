"""A geopy geocoder over the local gazetteer: the geopy interface, no network, ever."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from .core import Gazetteer
from .model import Place


def _location(place: Place) -> Location:
    parts = [place.name]
    for part in (place.admin2, place.admin1, place.country):
        if part and part not in parts:
            parts.append(part)
    return Location(", ".join(parts), Point(place.latitude, place.longitude), place.as_dict())


class LocalGeocoder(Geocoder):
    """`geocode` resolves a name with the gazetteer's disambiguation; `reverse` finds the nearest town."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        # Deliberately not calling Geocoder.__init__: it sets up HTTP adapters this class never uses.
        self.gazetteer = gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Iterable[str] | None = None,
    ) -> Location | list[Location] | None:
        codes: Sequence[str] = (
            ()
            if country_codes is None
            else (country_codes,)
            if isinstance(country_codes, str)
            else tuple(country_codes)
        )
        wanted = {c.upper() for c in codes}
        if exactly_one:
            found = self.gazetteer.resolve(query, focus=tuple(wanted))
            if found is None or (wanted and found.place.country_code not in wanted):
                return None
            return _location(found.place)
        places = [p for p in self.gazetteer.lookup(query) if not wanted or p.country_code in wanted]
        return [_location(p) for p in places] or None

    def reverse(self, query: Any, *, exactly_one: bool = True) -> Location | list[Location] | None:
        point = query if isinstance(query, Point) else Point(query)
        place = self.gazetteer.nearest(point.latitude, point.longitude)
        if place is None:
            return None
        location = _location(place)
        return location if exactly_one else [location]
