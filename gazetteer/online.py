"""An optional online fallback for names the local data lacks: any geopy geocoder (Nominatim by default),
rate limited, every answer cached (a miss too), so that the same name is never asked twice.

Off unless a caller builds one; nothing here runs at import time or opens a connection before `lookup`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .errors import GazetteerError
from .model import Place

NOMINATIM_MIN_DELAY = 1.0  # seconds between requests: Nominatim's usage policy allows one per second
Codes = tuple[str, ...]


class OnlineGeocoderError(GazetteerError, OSError):
    """The online service failed (network down, timeout, refusal); the name stays unresolved."""


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    place: Place | None  # None: the service was asked and knows no such place


class GeocodeCache(Protocol):
    """Answers already fetched, keyed by (normalised query, sorted lower-case country codes)."""

    def get(self, query: str, country_codes: Codes) -> CachedAnswer | None: ...
    def put(self, query: str, country_codes: Codes, place: Place | None) -> None: ...


def cache_key(query: str, country_codes: Sequence[str] = ()) -> tuple[str, Codes]:
    """"  Kidal " and "kidal", ["ML"] and ["ml"] are one question to the service."""
    return " ".join(query.split()).casefold(), tuple(sorted({c.strip().lower() for c in country_codes if c.strip()}))


def default_user_agent() -> str:
    """`conflict-events/<installed version>`: Nominatim refuses anonymous or borrowed agents."""
    try:
        return f"conflict-events/{metadata.version('conflict-events')}"
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "conflict-events/0+unknown"


class _RateLimiter(RateLimiter):
    """geopy's RateLimiter with the clock and the sleep injected, so that tests never wait."""

    def __init__(self, func: Callable[..., Any], *, clock: Callable[[], float], sleep: Callable[[float], None],
                 **options: Any) -> None:
        super().__init__(func, swallow_exceptions=False, **options)
        self._injected_clock = clock
        self._injected_sleep = sleep

    def _clock(self) -> float:
        return self._injected_clock()

    def _sleep(self, seconds: float) -> None:
        self._injected_sleep(seconds)


def place_of(location: Location) -> Place:
    """A geopy Location as a Place: a populated place at the service's point, with the country it gives."""
    raw: Mapping[str, Any] = location.raw if isinstance(location.raw, Mapping) else {}
    given = raw.get("address")
    address: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    if raw.get("osm_type") and raw.get("osm_id") is not None:
        geonameid = f"osm:{raw['osm_type']}:{raw['osm_id']}"
    else:
        geonameid = f"geo:{location.latitude:.5f},{location.longitude:.5f}"
    code = address.get("country_code")
    return Place(
        geonameid=geonameid,
        name=str(raw.get("name") or location.address.split(",")[0]).strip(),
        country=address.get("country"),
        country_code=code.upper() if isinstance(code, str) else None,
        admin1=address.get("state") or address.get("region"),
        admin2=address.get("county") or address.get("state_district"),
        latitude=float(location.latitude),
        longitude=float(location.longitude),
        feature_class="P",
        feature_code="PPL",
        population=0,
    )


class OnlineGeocoder:
    """`lookup` asks the cache, then the service (rate limited), and caches what it answers.

    Calling the object is the safe form the extractor gets: a failure is passed to `report` and the name
    stays unresolved. After `max_failures` failures in a row it stops asking for the rest of its life, so a
    machine without network does not wait out a timeout per name.
    """

    def __init__(self, geocoder: Geocoder, cache: GeocodeCache, *, min_delay_seconds: float = NOMINATIM_MIN_DELAY,
                 max_retries: int = 2, error_wait_seconds: float = 5.0, query_options: Mapping[str, Any] | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 report: Callable[[OnlineGeocoderError], None] | None = None, max_failures: int = 3) -> None:
        self.geocoder = geocoder
        self.cache = cache
        self.query_options = dict(query_options or {})
        self.report = report
        self.max_failures = max_failures
        self.failures = 0  # consecutive
        self.requests = 0
        self._geocode = _RateLimiter(geocoder.geocode, clock=clock, sleep=sleep, min_delay_seconds=min_delay_seconds,
                                     max_retries=max_retries, error_wait_seconds=max(error_wait_seconds,
                                                                                    min_delay_seconds))

    @classmethod
    def nominatim(cls, cache: GeocodeCache, *, user_agent: str | None = None, timeout: float = 10.0,
                  **options: Any) -> OnlineGeocoder:
        """Nominatim (OpenStreetMap) under its usage policy: one request a second, a named user agent."""
        from geopy.geocoders import Nominatim

        agent = user_agent or default_user_agent()
        options.setdefault("query_options", {"addressdetails": True, "language": "en"})
        return cls(Nominatim(user_agent=agent, timeout=timeout), cache, **options)

    @property
    def gave_up(self) -> bool:
        return self.failures >= self.max_failures

    def lookup(self, name: str, country_codes: Sequence[str] = ()) -> Place | None:
        """The place the service finds for `name` within `country_codes` (any country when empty), or None.

        Raises OnlineGeocoderError when the service cannot be reached or refuses; that is not cached."""
        query, codes = cache_key(name, country_codes)
        if not query:
            return None
        cached = self.cache.get(query, codes)
        if cached is not None:
            return cached.place
        options = dict(self.query_options)
        if codes:
            options["country_codes"] = list(codes)
        self.requests += 1
        try:
            found = self._geocode(query, exactly_one=True, **options)
        except (GeopyError, OSError) as exc:
            self.failures += 1
            raise OnlineGeocoderError(f"online geocoding of {name!r} failed: {type(exc).__name__}: {exc}") from exc
        self.failures = 0
        if isinstance(found, list):
            found = found[0] if found else None
        place = place_of(found) if isinstance(found, Location) else None
        self.cache.put(query, codes, place)
        return place

    def __call__(self, name: str, country_codes: Sequence[str] = ()) -> Place | None:
        if self.gave_up:
            query, codes = cache_key(name, country_codes)
            cached = self.cache.get(query, codes) if query else None
            return cached.place if cached is not None else None
        try:
            return self.lookup(name, country_codes)
        except OnlineGeocoderError as exc:
            if self.report is not None:
                self.report(exc)
                if self.gave_up:
                    self.report(OnlineGeocoderError(f"online geocoding stopped after {self.failures} failures in "
                                                    "a row; the other unknown names stay unresolved"))
            return None
