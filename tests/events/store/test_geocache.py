"""The online fallback wired into imports: its cache in the database, the --online-geocoding flag.

Fake geopy geocoders only; any connection attempt fails the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from events.cli.commands import main
from events.ingest.importer import import_paths
from events.store.db import Store
from events.store.geocache import GeoCache
from gazetteer import Place
from gazetteer.online import OnlineGeocoder

if TYPE_CHECKING:
    from conftest import FixedClock


# the guard lives in tests/conftest.py: every test here fails if anything reaches the network
pytestmark = pytest.mark.usefixtures("no_network")


class FakeGeocoder(Geocoder):
    """Knows made-up villages; records every question."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def geocode(self, query: str, **options: Any) -> Location | None:
        self.calls.append(query)
        if not query.startswith("tondi"):
            return None
        raw = {"osm_type": "node", "osm_id": 4242, "name": "Tondibarka",
               "address": {"country": "Mali", "country_code": "ml", "state": "Made-up Region"}}
        return Location("Tondibarka, Made-up Region, Mali", Point(14.25, -3.5), raw)


def place(name: str) -> Place:
    return Place(f"osm:node:{len(name)}", name, "Mali", "ML", "Made-up Region", None, 14.0, -3.0, "P", "PPL", 0)


@pytest.mark.parametrize(
    ("query", "codes", "answer"),
    [("tondibarka", ("ml",), place("Tondibarka")), ("nowhereville", (), None), ("kourmadiga", ("bf", "ml"),
                                                                                  place("Kourmadiga"))],
    ids=["a found village", "a miss is kept as a miss", "several country codes"],
)
def test_the_cache_keeps_answers_across_connections(tmp_path: Path, clock: FixedClock, query: str,
                                                    codes: tuple[str, ...], answer: Place | None) -> None:
    db = tmp_path / "events.duckdb"
    with GeoCache.open(db, now=clock) as cache:
        assert cache.get(query, codes) is None
        cache.put(query, codes, answer)
    with GeoCache.open(db, now=clock) as cache:  # opening again is harmless
        found = cache.get(query, codes)
        assert found is not None and found.place == answer
        assert cache.get(query, ("td",)) is None
        assert len(cache) == 1
    with Store.open(db, read_only=True) as store:
        _, rows = store.query("SELECT query, country_codes, result_json FROM geocode_cache")
    assert rows[0][:2] == (query, ",".join(codes))
    assert (rows[0][2] is None) == (answer is None)


NEWS = [
    {"id": "m-1", "published_at": "2026-03-02", "text": "Gunmen attacked civilians in the village of Tondibarka "
     "in Mali on Monday, killing three people, local officials said."},
    {"id": "m-2", "published_at": "2026-03-03", "text": "Soldiers clashed with militants near Tondibarka in "
     "central Mali on Tuesday, the army said."},
    {"id": "m-3", "published_at": "2026-03-04", "text": "Jihadists killed four soldiers outside Nowhereville in "
     "Mali on Wednesday, a security source said."},
]


def write(tmp_path: Path, name: str, *records: dict[str, str]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def event_places(db: Path) -> list[tuple[str, str | None, str]]:
    with Store.open(db, read_only=True) as store:
        _, rows = store.query("SELECT mention, geonameid, rule FROM event_places ORDER BY event_id")
    return [(str(m), g, str(r)) for m, g, r in rows]


def test_a_second_import_is_answered_from_the_database(tmp_path: Path, clock: FixedClock) -> None:
    fake = FakeGeocoder()
    db = tmp_path / "events.duckdb"
    sleeps: list[float] = []

    def fallback(cache: GeoCache) -> OnlineGeocoder:
        return OnlineGeocoder(fake, cache, sleep=sleeps.append, clock=lambda: 1000.0 + 5 * len(fake.calls))

    first = import_paths(db, [write(tmp_path, "a.jsonl", NEWS[0])], now=clock, online=fallback)
    second = import_paths(db, [write(tmp_path, "b.jsonl", NEWS[1], NEWS[2])], now=clock, online=fallback)
    assert (first.new, second.new, first.failed + second.failed) == (1, 2, 0)
    assert fake.calls == ["tondibarka", "nowhereville"]  # Tondibarka the second time came from the cache
    assert sleeps == []  # the injected clock says the questions were seconds apart
    places = event_places(db)
    assert [g for m, g, _ in places if m == "Tondibarka"] == ["osm:node:4242", "osm:node:4242"]
    assert all(r.startswith("place.online") for m, _, r in places if m == "Tondibarka")
    assert not any(g and g.startswith("osm:") for m, g, _ in places if m != "Tondibarka")


def test_without_the_flag_the_fallback_is_never_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeGeocoder()
    built: list[OnlineGeocoder] = []

    def nominatim(cache: GeoCache, **options: Any) -> OnlineGeocoder:
        built.append(OnlineGeocoder(fake, cache, sleep=lambda s: None, **options))
        return built[-1]

    monkeypatch.setattr(OnlineGeocoder, "nominatim", staticmethod(nominatim))
    news = write(tmp_path, "news.jsonl", *NEWS)
    off, on = tmp_path / "off.duckdb", tmp_path / "on.duckdb"
    result = CliRunner().invoke(main, ["import", str(news), "--db", str(off)])
    assert (result.exit_code, built, fake.calls) == (0, [], [])
    assert all(not (g or "").startswith("osm:") for _, g, _ in event_places(off))
    with Store.open(off, read_only=True) as store:
        assert store.query("SELECT count(*) FROM geocode_cache")[1] == [(0,)]
    result = CliRunner().invoke(main, ["import", str(news), "--db", str(on), "--online-geocoding"])
    assert (result.exit_code, len(built), fake.calls) == (0, 1, ["tondibarka", "nowhereville"])


def test_a_service_failure_is_a_warning_and_the_name_stays_unresolved(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from geopy.exc import GeocoderUnavailable

    class Down(Geocoder):
        def geocode(self, query: str, **options: Any) -> Location | None:
            raise GeocoderUnavailable("service down")

    def nominatim(cache: GeoCache, **options: Any) -> OnlineGeocoder:
        return OnlineGeocoder(Down(), cache, sleep=lambda s: None, max_retries=0, **options)

    monkeypatch.setattr(OnlineGeocoder, "nominatim", staticmethod(nominatim))
    db = tmp_path / "events.duckdb"
    result = CliRunner().invoke(main, ["import", str(write(tmp_path, "n.jsonl", NEWS[0])), "--db", str(db),
                                       "--online-geocoding"])
    assert result.exit_code == 0
    assert result.stdout == "1 document: 1 new, 0 updated, 0 unchanged, 0 failed\n"
    assert "Warning: online geocoding of 'Tondibarka' failed: GeocoderUnavailable: service down" in result.stderr
    assert all(not (g or "").startswith("osm:") for _, g, _ in event_places(db))
    with Store.open(db, read_only=True) as store:
        assert store.query("SELECT count(*) FROM geocode_cache")[1] == [(0,)]
