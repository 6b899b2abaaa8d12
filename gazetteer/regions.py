"""First- and second-level regions: derived from the populated places inside them, and GeoNames' own list of
divisions (data/admin_units.csv.gz) for the divisions none of those places names.

A region's point is its most populous place (a proxy for the regional capital, which is where ACLED
codes region-level events) and its population the sum over its places.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from .errors import GazetteerDataError
from .folding import fold
from .model import Place

# Every GeoNames first- and second-level division with its point, derived by scripts/derive_admin_units.py from
# GeoNames' admin1CodesASCII.txt, admin2Codes.txt and cities15000.txt (CC BY 4.0, geonames.org).
ADMIN_UNITS_FILE = Path(__file__).parent / "data" / "admin_units.csv.gz"
# How alike two names of one first-level unit must be to be two spellings of a name rather than two names
_SPELLING = 0.5
ADMIN_UNITS_HEADER = ("country_code", "admin1_code", "admin2_code", "name", "ascii_name", "geonameid", "latitude",
                      "longitude", "point_source", "population")

# Generic words GeoNames keeps in division names ("Muhafazat Hadramawt", "Soqatra Governorate", "Province de la
# Gnagna", "Douentza Cercle", "Los Angeles County"): the bare name is how text refers to them. Data, not names, folded:
# the words that stand before a name, alone (_BEFORE) or only with one of _ARTICLES after them (_BEFORE_OF: "Distrito
# Federal" is no "Federal"), and the words after a name.
_BEFORE = ("muhafazat", "muhafazah", "wilayat", "wilaya", "oblast", "kabupaten", "amphoe", "huyen", "powiat",
           "gemeente", "obshtina", "okres", "daira", "markaz", "shahrestan e", "shahrestan", "bashkia", "opcina",
           "comuna", "municipiul")
_BEFORE_OF = ("province", "provincia", "provincie", "departement", "departamento", "region", "state", "estado",
              "canton", "district", "distrito", "governorate", "gouvernorat", "municipality", "municipio", "cercle",
              "commune", "prefecture", "circonscription", "partido", "wilaya")
_ARTICLES = ("of the", "of", "de la", "de l", "de los", "de las", "des", "de", "du", "d", "del", "della", "di", "do",
             "da", "dos", "das")
_AFTER = ("governorate", "province", "region", "state", "oblast", "oblast'", "prefecture", "district", "county",
          "department", "division", "territory", "krai", "kray", "raion", "rayon", "municipality", "parish",
          "voivodeship", "cercle", "commune", "emirate", "regency", "lga", "local government area", "zone", "okrug",
          "tumani", "ilcesi", "kommune", "kommun", "city", "area")
# "City" and "Area" stay in a name as shown: "Kyiv City" is a unit of its own.
_AFTER_KEPT_SHOWN = ("city", "area")


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _shown(word: str) -> str:
    """A folded generic word as a pattern on the original spelling: accents, apostrophes and hyphens allowed."""
    letters = {"a": "[aáàâãā]", "e": "[eéèêē]", "i": "[iíîï]", "o": "[oóôō]", "u": "[uúûū]", "c": "[cçć]"}
    out = []
    for char in word:
        out.append(letters.get(char, r"[\s-]" if char == " " else "['’]" if char == "'" else re.escape(char)))
    return "".join(out)


_PREFIX = re.compile(rf"^(?:(?:{_alternation(_BEFORE)})(?:\s+(?:{_alternation(_ARTICLES)}))?"
                     rf"|(?:{_alternation(_BEFORE_OF)})\s+(?:{_alternation(_ARTICLES)}))\s+")
_SUFFIX = re.compile(rf"\s+(?:{_alternation(_AFTER)})$")
_COMPASS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}
# The same generic words on the original spelling, for display: ACLED writes "Hadramawt", "Nord", "Gnagna", not
# "Muhafazat Hadramawt", "Departement du Nord", "Province de la Gnagna". An article written with an apostrophe
# ("Province d'Oubritenga") needs no space after it.
_SHOWN_ARTICLES = tuple(a.replace("de l", "de l'") if a == "de l" else "d'" if a == "d" else a for a in _ARTICLES)
_SHOWN_ARTICLE = "|".join(map(_shown, sorted(_SHOWN_ARTICLES, key=len, reverse=True)))
_DISPLAY_PREFIX = re.compile(
    rf"^(?:(?:{'|'.join(map(_shown, sorted(_BEFORE, key=len, reverse=True)))})(?:\s+(?:{_SHOWN_ARTICLE}))?"
    rf"|(?:{'|'.join(map(_shown, sorted(_BEFORE_OF, key=len, reverse=True)))})\s+(?:{_SHOWN_ARTICLE}))"
    r"(?:\s+|(?<=['’]))",
    re.IGNORECASE,
)
_DISPLAY_SUFFIX = re.compile(
    rf"\s+(?:{'|'.join(_shown(w) for w in sorted(_AFTER, key=len, reverse=True) if w not in _AFTER_KEPT_SHOWN)})$",
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


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """One row of admin_units.csv.gz: a GeoNames division and its point (see ADMIN_UNITS_FILE)."""

    country_code: str
    admin1_code: str
    admin2_code: str  # "" for a first-level division
    name: str
    ascii_name: str
    geonameid: str
    latitude: float
    longitude: float
    point_source: str  # "place:<geonameid>", or "admin1:<geonameid>" for a unit at its first-level unit's point
    population: int  # of the known places in it

    @property
    def level(self) -> int:
        return 2 if self.admin2_code else 1


def read_admin_units(path: Path = ADMIN_UNITS_FILE) -> list[AdminUnit]:
    """The units of a gzip-compressed admin_units CSV; GazetteerDataError names the file and line of a bad row."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise GazetteerDataError(f"{path}: cannot read the admin units: {exc}") from exc
    return list(_units(path, csv.reader(io.StringIO(text))))


def _units(path: Path, reader: Iterator[list[str]]) -> Iterator[AdminUnit]:
    header = next(reader, None)
    if header is None or tuple(header) != ADMIN_UNITS_HEADER:
        raise GazetteerDataError(f"{path}, line 1: expected header {list(ADMIN_UNITS_HEADER)}, got {header}")
    for line_no, row in enumerate(reader, start=2):
        if len(row) != len(ADMIN_UNITS_HEADER):
            raise GazetteerDataError(f"{path}, line {line_no}: expected {len(ADMIN_UNITS_HEADER)} fields")
        try:
            lat, lon, population = float(row[6]), float(row[7]), int(row[9])
        except ValueError as exc:
            raise GazetteerDataError(f"{path}, line {line_no}: {exc}") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row[0] or not row[1] or not row[3]:
            raise GazetteerDataError(f"{path}, line {line_no}: a unit needs a country, an admin1 code, a name "
                                     "and a point on the globe")
        yield AdminUnit(row[0], row[1], row[2], row[3], row[4], row[5], lat, lon, row[8], population)


def unit_regions(
    units: Sequence[AdminUnit],
    regions: Sequence[Place],
    aliases: Mapping[str, Iterable[str]],
    country_names: Mapping[str, str],
    towns: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[list[Place], dict[str, tuple[str, ...]]]:
    """ADM1 and ADM2 Places for the units that none of `regions` already is, and the alternate names of every unit:
    a new unit's keyed by its GeoNames id, an existing region's (its own aliases plus the unit's spellings, such as
    "Northern" for "North") by the region's id. A unit is a region already when the country, the level and one of
    its names (folded, generic words stripped) agree, and for a second-level unit its first-level unit too (there are
    Washington Counties in thirty states). A first-level unit at the point of a first-level region of its country is
    that region under another name: a place lies in one first-level unit.

    A unit is not added when `towns` (country, folded name) holds a town of its name in its country: it is named
    after its seat ("Hafizabad District"), which the index has already, and as a second reading of the town's name
    it would only draw the town's mentions away from it. A unit at its first-level unit's point (point_source
    "admin1:...") is added all the same: it still tells the country of a village it is the admin hint of."""
    level1: dict[tuple[str, str], Place] = {}
    level2: dict[tuple[str, str, str], Place] = {}
    points1: dict[tuple[str, float, float], Place] = {}  # first-level regions by their point
    for region in regions:
        cc = region.country_code or ""
        if region.feature_code == "ADM1":
            points1.setdefault(_at(cc, region.latitude, region.longitude), region)
        for key in (fold(region.name), *aliases.get(region.geonameid, ())):
            if region.feature_code == "ADM1":
                level1.setdefault((cc, key), region)
            elif region.feature_code == "ADM2":
                level2.setdefault((cc, fold(region.admin1 or ""), key), region)
    admin1_of: dict[tuple[str, str], str] = {}  # (country, admin1 code) -> the admin1 name regions carry
    added: list[Place] = []
    names: dict[str, set[str]] = defaultdict(set)
    for unit in sorted(units, key=lambda u: u.level):  # first-level units name the second-level ones' admin1
        shown = display_name(unit.name)
        forms = _unit_forms(unit)
        cc = unit.country_code
        parent = admin1_of.get((cc, unit.admin1_code)) if unit.level == 2 else None
        if unit.level == 1:
            found = next((level1[(cc, f)] for f in forms if (cc, f) in level1), None)
        else:
            found = next((level2[(cc, fold(parent or ""), f)] for f in forms if (cc, fold(parent or ""), f) in level2),
                         None)
        if found is not None:
            if unit.level == 1:
                admin1_of[(cc, unit.admin1_code)] = found.admin1 or shown
            names[found.geonameid].update(aliases.get(found.geonameid, ()))
            names[found.geonameid].update(f for f in forms if f != fold(found.name))
            continue
        same = points1.get(_at(cc, unit.latitude, unit.longitude)) if unit.level == 1 else None
        if same is not None:
            # the region under another spelling ("High-Basins" for "Hauts-Bassins"), which it takes as an alternate,
            # or another name (Venezuela's "Capital", at Caracas, is GeoNames' "Distrito Federal"), left out as a
            # name that another country's unit may bear (Brazil's Distrito Federal, "Federal District" in GeoNames)
            admin1_of[(cc, unit.admin1_code)] = same.admin1 or shown
            if SequenceMatcher(None, forms[0], fold(same.name)).ratio() >= _SPELLING:
                names[same.geonameid].update(aliases.get(same.geonameid, ()))
                names[same.geonameid].update(f for f in forms if f != fold(same.name))
            continue
        if unit.level == 1:
            admin1_of[(cc, unit.admin1_code)] = shown
        if (cc, forms[0]) in towns:
            continue
        place = Place(
            geonameid=unit.geonameid,
            name=shown,
            country=country_names.get(cc),
            country_code=cc,
            admin1=shown if unit.level == 1 else parent,
            admin2=shown if unit.level == 2 else None,
            latitude=unit.latitude,
            longitude=unit.longitude,
            feature_class="A",
            feature_code=f"ADM{unit.level}",
            population=unit.population,
        )
        added.append(place)
        names[place.geonameid].update(forms[1:])
    return added, {gid: tuple(sorted(forms)) for gid, forms in names.items()}


def _at(cc: str, latitude: float, longitude: float) -> tuple[str, float, float]:
    """A point as units and regions are compared by it: the same place, to about ten metres."""
    return cc, round(latitude, 4), round(longitude, 4)


def _unit_forms(unit: AdminUnit) -> tuple[str, ...]:
    """The folded forms of a unit's name and ASCII name without generic words: its display name's first, then in
    order (a unit that matches two regions through two forms is always matched to the same one). Not the name with
    its generic words ("Borno State", "Gnagna Province"): text names the unit so through a cue word after the bare
    name, which also says it is a region, and a writer's "Borno state" is no name of its own."""
    first = fold(display_name(unit.name))
    forms: set[str] = set()
    for name in (unit.name, unit.ascii_name):
        if name:
            forms.update((fold(display_name(name)), *region_aliases(name)))
    forms.discard("")
    forms.discard(first)
    return (first, *sorted(forms))
