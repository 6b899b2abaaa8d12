"""First- and second-level regions derived from the populated places inside them.

A region's point is its most populous place (a proxy for the regional capital, which is where ACLED
codes region-level events) and its population the sum over its places.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .folding import fold
from .model import Place

# Generic words GeoNames keeps in division names ("Muhafazat Hadramawt", "Soqatra Governorate",
# "Departement du Nord", "Los Angeles County"): the bare name is how text refers to them.
_PREFIX = re.compile(
    r"^(?:muhafazat|muhafazah|wilayat|wilaya(?: de| d)?|province (?:of|de|du)|provincia (?:de|di|del)"
    r"|departement (?:du|de la|de l|des|de|d)|departamento (?:de|del)|region (?:de|du|of)|state of"
    r"|estado (?:de|do|da)|canton (?:de|of)|district of|governorate of|municipality of|oblast"
    r"|cercle (?:de|d))\s+"
)
_SUFFIX = re.compile(
    r"\s+(?:governorate|province|region|state|oblast|oblast'|prefecture|district|county|department"
    r"|division|territory|krai|kray|raion|rayon|municipality|parish|voivodeship|city|area)$"
)
_COMPASS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}
# The same generic words on the original spelling, for display: ACLED writes "Hadramawt", "Nord", not
# "Muhafazat Hadramawt", "Departement du Nord". ("City" and "Area" stay: "Kyiv City" is a unit of its own.)
_DISPLAY_PREFIX = re.compile(
    r"^(?:Muhafazat|Muhafazah|Wilayat|Wilaya(?: de| d')?|Province (?:of|de|du)|Provincia (?:de|di|del)"
    r"|D[eé]partement (?:du|de la|de l'|des|de|d')|Departamento (?:de|del)|R[eé]gion (?:de|du|of)"
    r"|State of|Estado (?:de|do|da)|Canton (?:de|of)|District of|Governorate of|Municipality of"
    r"|Cercle (?:de|d'))"
    r"(?:\s+|(?<='))",
    re.IGNORECASE,
)
_DISPLAY_SUFFIX = re.compile(
    r"\s+(?:Governorate|Province|Region|State|Oblast|Oblast'|Prefecture|District|County|Department"
    r"|Division|Territory|Krai|Kray|Raion|Rayon|Municipality|Parish|Voivodeship)$",
    re.IGNORECASE,
)


def display_name(name: str) -> str:
    """An admin name without generic words, original spelling kept; unchanged if too little is left."""
    stripped = _DISPLAY_SUFFIX.sub("", _DISPLAY_PREFIX.sub("", name.strip()))
    return stripped if len(stripped) > 2 else name.strip()


def region_aliases(name: str) -> tuple[str, ...]:
    """Folded alternative forms of a region name: without generic words; 'Northern X' also as 'North X'."""
    base = fold(name)
    forms = {base}
    stripped = _SUFFIX.sub("", _PREFIX.sub("", base))
    if stripped and len(stripped) > 2:
        forms.add(stripped)
    for form in list(forms):
        head, _, rest = form.partition(" ")
        if head in _COMPASS and rest:
            forms.add(f"{_COMPASS[head]} {rest}")
    forms.discard(base)
    return tuple(sorted(forms))


@dataclass(slots=True)
class _Group:
    best: Place
    population: int = 0


def _add(groups: dict[tuple[str, ...], _Group], key: tuple[str, ...], place: Place) -> None:
    group = groups.get(key)
    if group is None:
        group = groups[key] = _Group(best=place)
    elif place.population > group.best.population:
        group.best = place
    group.population += place.population


def region_id(level: int, cc: str, *names: str) -> str:
    return f"adm{level}:{cc}:" + ":".join(fold(n).replace(" ", "-") for n in names)


def build_regions(
    places: Iterable[Place], original_names: Mapping[str, Iterable[str]] | None = None
) -> tuple[list[Place], dict[str, tuple[str, ...]]]:
    """ADM1 and ADM2 Places, plus their alternate (folded) names keyed by region id.

    `original_names` maps a display name to the spellings it was made from, which become alternates.
    """
    originals = original_names or {}
    level1: dict[tuple[str, ...], _Group] = {}
    level2: dict[tuple[str, ...], _Group] = {}
    for place in places:
        if place.feature_class != "P" or not place.country_code or not place.admin1:
            continue
        _add(level1, (place.country_code, place.admin1), place)
        if place.admin2:
            _add(level2, (place.country_code, place.admin1, place.admin2), place)
    regions: list[Place] = []
    aliases: dict[str, tuple[str, ...]] = {}
    for (cc, admin1), group in sorted(level1.items()):
        region = _region(region_id(1, cc, admin1), admin1, group, admin1, None, "ADM1")
        regions.append(region)
        aliases[region.geonameid] = _aliases(admin1, originals)
    for (cc, admin1, admin2), group in sorted(level2.items()):
        region = _region(region_id(2, cc, admin1, admin2), admin2, group, admin1, admin2, "ADM2")
        regions.append(region)
        aliases[region.geonameid] = _aliases(admin2, originals)
    return regions, aliases


def _aliases(name: str, originals: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    forms = set(region_aliases(name))
    for original in originals.get(name, ()):
        forms.update((fold(original), *region_aliases(original)))
    forms.discard(fold(name))
    return tuple(sorted(forms))


def _region(rid: str, name: str, group: _Group, admin1: str, admin2: str | None, code: str) -> Place:
    best = group.best
    return Place(
        geonameid=rid,
        name=name,
        country=best.country,
        country_code=best.country_code,
        admin1=admin1,
        admin2=admin2,
        latitude=best.latitude,
        longitude=best.longitude,
        feature_class="A",
        feature_code=code,
        population=group.population,
    )
