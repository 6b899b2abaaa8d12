"""The compiled index: parallel arrays of place fields plus a folded-name -> place-indices map.

Kept to builtins and `array` so that it serialises with `marshal` (fast to load, and unlike pickle it
cannot run code from a tampered cache file). Places are materialised as `Place` objects only on demand.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from .centers import abbreviation_targets
from .countries import CountryTable
from .folding import fold
from .model import Place

# A key maps to one candidate (an int) or several (a tuple), most populous first. A candidate that
# matched through an alternate name is stored as ~index (negative), through its own name as index.
Candidates = int | tuple[int, ...]
_ARRAY = "__array__"


@dataclass(frozen=True, slots=True)
class Index:
    ids: tuple[str, ...]
    names: tuple[str, ...]
    strings: tuple[str | None, ...]  # interned country codes, country and admin names; 0 is None
    cc: array[int]
    country: array[int]
    admin1: array[int]
    admin2: array[int]
    latitude: array[float]
    longitude: array[float]
    feature: array[int]
    features: tuple[tuple[str, str], ...]  # (feature_class, feature_code)
    population: array[int]
    keys: dict[str, Candidates]
    countries: dict[str, int]  # iso2 -> index of the country's PCLI place
    country_names: dict[str, str]  # iso2 -> ACLED name
    country_keys: dict[str, str]  # folded name or alias -> iso2
    acronyms: dict[str, str]  # exact acronym -> iso2
    demonyms: dict[str, str]  # folded demonym -> iso2
    # geonameid -> centre of an area (regions, countries) where it differs from the place's point
    centers: dict[str, tuple[float, float]] = field(default_factory=dict)
    abbreviations: dict[str, int] = field(default_factory=dict)  # exact key ("Calif.", "GA") -> region

    def __len__(self) -> int:
        return len(self.ids)

    def place(self, i: int) -> Place:
        strings = self.strings
        fclass, fcode = self.features[self.feature[i]]
        return Place(
            geonameid=self.ids[i],
            name=self.names[i],
            country=strings[self.country[i]],
            country_code=strings[self.cc[i]],
            admin1=strings[self.admin1[i]],
            admin2=strings[self.admin2[i]],
            latitude=self.latitude[i],
            longitude=self.longitude[i],
            feature_class=fclass,
            feature_code=fcode,
            population=self.population[i],
        )

    def to_payload(self) -> dict[str, Any]:
        """Builtins only (arrays as (typecode, bytes)), for marshal."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = (_ARRAY, value.typecode, value.tobytes()) if isinstance(value, array) else value
        return out

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Index:
        """Inverse of `to_payload`; raises KeyError/TypeError/ValueError on a payload of another shape."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = payload[f.name]
            if isinstance(value, tuple) and len(value) == 3 and value[0] == _ARRAY:
                value = array(value[1], value[2])
            values[f.name] = value
        index = cls(**values)
        if not len(index.names) == len(index.latitude) == len(index.population) == len(index.feature):
            raise ValueError("index arrays of different lengths")
        return index


def decode(candidates: Candidates) -> tuple[int, ...]:
    """Candidate indices (alternate-name flag dropped)."""
    if isinstance(candidates, int):
        return (candidates if candidates >= 0 else ~candidates,)
    return tuple(c if c >= 0 else ~c for c in candidates)


def build_index(
    places: Sequence[Place],
    alternate_names: Mapping[str, Iterable[str]],
    table: CountryTable,
    fold_name: Callable[[str], str] = fold,
    centers: Mapping[str, tuple[float, float]] | None = None,
    abbreviations: Mapping[str, tuple[str, str]] | None = None,
) -> Index:
    interned: dict[str | None, int] = {None: 0}
    features: dict[tuple[str, str], int] = {}

    def intern(value: str | None) -> int:
        if value is None or value == "":
            return 0
        slot = interned.get(value)
        if slot is None:
            slot = interned[value] = len(interned)
        return slot

    cc, country, admin1, admin2 = array("I"), array("I"), array("I"), array("I")
    latitude, longitude, population = array("d"), array("d"), array("q")
    feature = array("B")
    countries: dict[str, int] = {}
    # key -> candidates encoded as in `Candidates` (index, or ~index for an alternate-name match)
    matches: dict[str, list[int]] = defaultdict(list)
    add_cc, add_country, add_admin1, add_admin2 = cc.append, country.append, admin1.append, admin2.append
    add_lat, add_lon, add_pop, add_feature = latitude.append, longitude.append, population.append, feature.append
    for i, place in enumerate(places):
        add_cc(intern(place.country_code))
        add_country(intern(place.country))
        add_admin1(intern(place.admin1))
        add_admin2(intern(place.admin2))
        add_lat(place.latitude)
        add_lon(place.longitude)
        add_pop(max(0, place.population))
        add_feature(features.setdefault((place.feature_class, place.feature_code), len(features)))
        own = fold_name(place.name)
        matches[own].append(i)
        for alternate in alternate_names.get(place.geonameid, ()):
            key = fold_name(alternate)
            if key != own:
                matches[key].append(~i)
        if place.feature_code == "PCLI" and place.country_code:
            countries.setdefault(place.country_code, i)
    for key, iso2 in table.by_name.items():
        if iso2 in countries:
            matches[key].append(~countries[iso2])
    matches.pop("", None)

    keys: dict[str, Candidates] = {}
    for key, found in matches.items():
        if len(found) == 1:
            keys[key] = found[0]
            continue
        best: dict[int, int] = {}
        for code in found:  # an own-name match (>= 0) beats an alternate-name match of the same place
            j = code if code >= 0 else ~code
            if j not in best or code >= 0:
                best[j] = code
        order = sorted(best.values(), key=lambda c: (-population[c if c >= 0 else ~c], c < 0, abs(c)))
        keys[key] = order[0] if len(order) == 1 else tuple(order)
    ids = tuple(p.geonameid for p in places)
    position = set(ids)
    strings: list[str | None] = [None] * len(interned)
    for value, slot in interned.items():
        strings[slot] = value
    return Index(
        ids=ids,
        names=tuple(p.name for p in places),
        strings=tuple(strings),
        cc=cc,
        country=country,
        admin1=admin1,
        admin2=admin2,
        latitude=latitude,
        longitude=longitude,
        feature=feature,
        features=tuple(sorted(features, key=features.__getitem__)),
        population=population,
        keys=keys,
        countries=countries,
        country_names=dict(table.names),
        country_keys=dict(table.by_name),
        acronyms=dict(table.acronyms),
        demonyms=dict(table.demonyms),
        centers={gid: point for gid, point in (centers or {}).items() if gid in position},
        abbreviations=abbreviation_targets(abbreviations or {}, places),
    )
