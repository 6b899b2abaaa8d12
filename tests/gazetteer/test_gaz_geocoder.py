"""The geopy interface over the local gazetteer: forward and reverse, never the network."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from geopy.location import Location
from geopy.point import Point

from gazetteer import Gazetteer
from gazetteer.geocoder import LocalGeocoder


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the local geocoder tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def geocoder(world: Gazetteer) -> LocalGeocoder:
    return LocalGeocoder(world)


@pytest.mark.parametrize(
    ("query", "codes", "expected"),
    [
        ("Gao", None, "gao-ml"),
        ("Gao", "BF", "gao-bf"),
        ("Gao", ["bf"], "gao-bf"),
        ("Sevare", None, "sevare"),
    ],
    ids=[
        "a bare name geocodes to the best candidate",
        "a country code restricts and steers",
        "a list of codes in lower case",
        "an alternate spelling",
    ],
)
def test_geocode_returns_a_geopy_location(
    geocoder: LocalGeocoder, query: str, codes: Any, expected: str
) -> None:
    found = geocoder.geocode(query, country_codes=codes)
    assert isinstance(found, Location)
    assert found.raw["geonameid"] == expected
    assert (found.latitude, found.longitude) == (found.raw["latitude"], found.raw["longitude"])


def test_geocode_address_reads_town_then_admin_then_country(geocoder: LocalGeocoder) -> None:
    found = geocoder.geocode("Boni", country_codes="ML")
    assert isinstance(found, Location)
    assert found.address == "Boni, Douentza, Mopti, Mali"


@pytest.mark.parametrize(
    ("query", "codes"),
    [("Atlantis", None), ("Kidal", "NE")],
    ids=["an unknown name", "a known name outside the requested country"],
)
def test_geocode_finds_nothing(geocoder: LocalGeocoder, query: str, codes: str | None) -> None:
    assert geocoder.geocode(query, country_codes=codes) is None


def test_geocode_all_candidates(geocoder: LocalGeocoder) -> None:
    found = geocoder.geocode("Springfield", exactly_one=False)
    assert isinstance(found, list)
    assert [loc.raw["geonameid"] for loc in found] == ["springfield-mo", "springfield-il"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ((14.52, -4.11), "sevare"),
        ("14.49, -4.19", "mopti"),
        (Point(16.2, 0.0), "gao-ml"),
        ((51.0, 7.0), "bonn"),
    ],
    ids=["a tuple near Sevare", "a string near Mopti", "a geopy Point near Gao", "a point in the Rhineland"],
)
def test_reverse_finds_the_nearest_populated_place(
    geocoder: LocalGeocoder, query: Any, expected: str
) -> None:
    found = geocoder.reverse(query)
    assert isinstance(found, Location)
    assert found.raw["geonameid"] == expected
    assert found.raw["feature_class"] == "P"


def test_reverse_all_returns_a_list(geocoder: LocalGeocoder) -> None:
    found = geocoder.reverse((14.52, -4.11), exactly_one=False)
    assert isinstance(found, list) and found[0].raw["geonameid"] == "sevare"
