"""The online fallback over fake geopy geocoders: caching, rate limiting, errors. Never the network."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer import GazetteerError, Place
from gazetteer.online import CachedAnswer, Codes, OnlineGeocoder, OnlineGeocoderError, cache_key, place_of

# the guard lives in tests/conftest.py: every test here fails if anything reaches the network
pytestmark = pytest.mark.usefixtures("no_network")


def location(name: str, country: str, code: str, osm_id: int) -> Location:
    raw = {"osm_type": "node", "osm_id": osm_id, "lat": "12.5", "lon": "-4.25", "name": name,
           "address": {"village": name, "state": "Made-up Region", "country": country, "country_code": code}}
    return Location(f"{name}, Made-up Region, {country}", Point(12.5, -4.25), raw)


class FakeGeocoder(Geocoder):
    """Answers from a table; records every question it is asked."""

    def __init__(self, places: dict[str, Location]) -> None:
        self.places = places
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def geocode(self, query: str, **options: Any) -> Location | None:
        self.calls.append((query, options))
        return self.places.get(query)


class FailingGeocoder(Geocoder):
    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    def geocode(self, query: str, **options: Any) -> Location | None:
        self.calls += 1
        raise self.error


class MemoryCache:
    def __init__(self) -> None:
        self.answers: dict[tuple[str, Codes], Place | None] = {}

    def get(self, query: str, country_codes: Codes) -> CachedAnswer | None:
        key = (query, country_codes)
        return CachedAnswer(self.answers[key]) if key in self.answers else None

    def put(self, query: str, country_codes: Codes, place: Place | None) -> None:
        self.answers[(query, country_codes)] = place


class FakeTime:
    """A clock that only moves when slept on (or told to)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


KNOWN = {"tondibarka": location("Tondibarka", "Mali", "ml", 11),
         "wendoubaye": location("Wendoubaye", "Burkina Faso", "bf", 22),
         "kourmadiga": location("Kourmadiga", "Niger", "ne", 33)}


def online(geocoder: Geocoder, cache: MemoryCache | None = None, time: FakeTime | None = None,
           **options: Any) -> OnlineGeocoder:
    time = time or FakeTime()
    return OnlineGeocoder(geocoder, cache or MemoryCache(), clock=time.clock, sleep=time.sleep, **options)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tondibarka", ("osm:node:11", "Tondibarka", "Mali", "ML", "Made-up Region")),
        ("Wendoubaye", ("osm:node:22", "Wendoubaye", "Burkina Faso", "BF", "Made-up Region")),
        ("  KOURMADIGA ", ("osm:node:33", "Kourmadiga", "Niger", "NE", "Made-up Region")),
    ],
    ids=["a village the service knows", "another country's village", "case and spaces do not matter"],
)
def test_an_answer_becomes_a_populated_place(name: str, expected: tuple[str, ...]) -> None:
    place = online(FakeGeocoder(KNOWN)).lookup(name)
    assert place is not None
    assert (place.geonameid, place.name, place.country, place.country_code, place.admin1) == expected
    assert (place.feature_class, place.latitude, place.longitude) == ("P", 12.5, -4.25)


@pytest.mark.parametrize(
    ("raw", "geonameid", "country_code"),
    [
        ({}, "geo:1.00000,2.00000", None),
        ({"osm_type": "way", "osm_id": 7}, "osm:way:7", None),
        ({"osm_type": "relation", "osm_id": 9, "address": {"country_code": "td"}}, "osm:relation:9", "TD"),
    ],
    ids=["a geocoder without OSM ids", "a way with no address", "a relation with its country code"],
)
def test_place_of_any_geopy_location(raw: dict[str, Any], geonameid: str, country_code: str | None) -> None:
    place = place_of(Location("Somewhere Far, Elsewhere", Point(1.0, 2.0), raw))
    assert (place.geonameid, place.name, place.country_code) == (geonameid, "Somewhere Far", country_code)


@pytest.mark.parametrize(
    ("questions", "asked"),
    [
        (["Tondibarka", "Tondibarka", "tondibarka "], 1),
        (["Nowhereville", "nowhereville", "Nowhereville"], 1),
        (["Tondibarka", "Wendoubaye", "Tondibarka", "Wendoubaye"], 2),
    ],
    ids=["the same name is asked once", "a miss is cached too", "two names, two questions"],
)
def test_the_cache_answers_repeated_names(questions: list[str], asked: int) -> None:
    fake = FakeGeocoder(KNOWN)
    geocoder = online(fake)
    answers = [geocoder.lookup(q) for q in questions]
    assert len(fake.calls) == geocoder.requests == asked
    assert answers[0] == answers[2]


@pytest.mark.parametrize(
    ("codes", "sent"),
    [
        ((), None),
        (("ML",), ["ml"]),
        (("NE", "ml", "NE"), ["ml", "ne"]),
    ],
    ids=["no focus country asks the whole world", "one focus country in lower case", "codes sorted, once each"],
)
def test_country_codes_restrict_the_question(codes: Sequence[str], sent: list[str] | None) -> None:
    fake = FakeGeocoder(KNOWN)
    online(fake).lookup("Tondibarka", codes)
    assert fake.calls[0][1].get("country_codes") == sent
    assert cache_key("Tondibarka", codes)[1] == tuple(sent or ())


@pytest.mark.parametrize(
    ("steps", "sleeps"),
    [
        ([0.0, 0.0, 0.0], [1.0, 1.0]),
        ([0.0, 0.4, 0.4], [0.6, 0.6]),
        ([0.0, 5.0, 5.0], []),
    ],
    ids=["back to back questions wait a second each", "a partial wait tops up to a second",
         "questions far apart never wait"],
)
def test_requests_are_rate_limited(steps: list[float], sleeps: list[float]) -> None:
    time = FakeTime()
    geocoder = online(FakeGeocoder(KNOWN), time=time)
    for step, name in zip(steps, KNOWN, strict=True):
        time.now += step
        geocoder.lookup(name)
    assert time.sleeps == pytest.approx(sleeps)


def test_cached_answers_never_wait() -> None:
    time = FakeTime()
    geocoder = online(FakeGeocoder(KNOWN), time=time)
    for _ in range(3):
        geocoder.lookup("Tondibarka")
    assert time.sleeps == []


@pytest.mark.parametrize(
    "error",
    [GeocoderServiceError("HTTP 500"), GeocoderTimedOut("read timed out"), GeocoderUnavailable("no route"),
     ConnectionResetError("reset by peer")],
    ids=["a service error", "a timeout", "the service unavailable", "a socket error"],
)
def test_failures_are_gazetteer_and_os_errors_and_not_cached(error: Exception) -> None:
    time = FakeTime()
    cache = MemoryCache()
    failing = FailingGeocoder(error)
    geocoder = online(failing, cache, time, max_retries=1, error_wait_seconds=2.0)
    with pytest.raises(OnlineGeocoderError, match="Tondibarka") as caught:
        geocoder.lookup("Tondibarka")
    assert isinstance(caught.value, GazetteerError) and isinstance(caught.value, OSError)
    assert cache.answers == {}
    retried = isinstance(error, GeocoderServiceError)  # geopy's RateLimiter retries service errors only
    assert failing.calls == (2 if retried else 1)
    assert time.sleeps == ([2.0] if retried else [])


@pytest.mark.parametrize(
    ("failures", "max_failures", "asked"),
    [(1, 3, 1), (5, 3, 3), (5, 1, 1)],
    ids=["one failure is reported", "it stops asking after three in a row", "a limit of one stops at once"],
)
def test_the_safe_form_reports_and_gives_up(failures: int, max_failures: int, asked: int) -> None:
    reports: list[OnlineGeocoderError] = []
    failing = FailingGeocoder(GeocoderUnavailable("down"))
    geocoder = online(failing, max_retries=0, report=reports.append, max_failures=max_failures)
    assert [geocoder(f"Village{i}", ("ML",)) for i in range(failures)] == [None] * failures
    assert failing.calls == asked
    assert all("failed" in str(r) for r in reports[:asked])
    assert ("stopped after" in str(reports[-1])) == (failures >= max_failures)


def test_nominatim_has_a_named_user_agent_and_the_policy_delay() -> None:
    geocoder = OnlineGeocoder.nominatim(MemoryCache())
    assert geocoder.geocoder.headers["User-Agent"].startswith("conflict-events/")
    assert geocoder._geocode.min_delay_seconds == 1.0


def test_real_network_access_fails_the_test(no_network: list[object]) -> None:
    cache = MemoryCache()
    reports: list[OnlineGeocoderError] = []
    assert OnlineGeocoder.nominatim(cache, max_retries=0, report=reports.append)("Tondibarka") is None
    assert no_network, "the real Nominatim geocoder went past the guard"
    assert "tried to reach the network" in str(reports[0])
    assert cache.answers == {}
    no_network.clear()  # this test's attempt was the point; any other test's fails it at teardown
