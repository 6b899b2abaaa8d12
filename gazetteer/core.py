"""The Gazetteer: name lookups and disambiguation over a compiled index."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TypeVar

from . import overlay
from . import resolve as scoring
from .build import Sources, build_default
from .cache import cache_file, cache_name, choose_cache_dir, inputs_digest, load_index
from .centers import abbreviation_keys, read_abbreviations
from .countries import country_table, read_country_rows
from .folding import fold
from .index import Index, build_index, decode
from .model import Kind, Place, Resolution
from .nearest import NearestGrid
from .regions import region_aliases
from .userdb import UserGazetteer
from .weights import Weights, read_weights

# How alike a division's name and an unknown name in a division's place must be (`similar_region`): "wassit" and
# "wasit" 0.91, "hiraan" and "hiiraan" 0.92, "budgam" and "badgam" 0.83 (not enough); and the shortest name tried
# ("baram" would be "bagram", 0.91: five letters leave too little to tell)
_SIMILAR = 0.85
_SIMILAR_MIN_LENGTH = 6
_HINT_TOWNS = 20  # towns considered per admin hint for the proximity fallback
# An imported gazetteer of at most this many countries is an analyst's coverage ("events gazetteer download BF ML
# NE": the countries they code); a world dump is no coverage and says nothing of where a story is.
_COVERAGE = 10
_REMEMBERED = 1 << 16  # entries a gazetteer memo holds (then it forgets them all and starts over)
K = TypeVar("K")
V = TypeVar("V")


# Transliterations of the Arabic article (assimilated or not) that may stand where the index has "al" or nothing.
_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "an", "at", "az", "ath", "adh", "ed", "es", "er", "en",
                       "et", "ez", "ech", "esh", "ul"})
# an apostrophe inside a word ("N'Guigmi", "Ma\u2019rib"), which a transliteration may leave out
_APOSTROPHES = re.compile("['\u2018\u2019\u02bb\u02bc`\u00b4](?=\\w)(?![sS]\\b)")  # not a possessive's "'s"


class Gazetteer:
    """Resolve place names to places. Build with `default()` or `from_places()`."""

    __slots__ = ("_index", "_places", "_admin_names", "_grid", "_positions", "_regions", "_user", "_found", "_known",
                 "_hinted", "_facts", "_weights", "_nests", "_covered", "_capitals", "_region_keys", "_similar",
                 "_hint_keys")

    def __init__(self, index: Index, user: UserGazetteer | None = None, weights: Weights | None = None) -> None:
        self._index = index
        self._user = user
        self._weights = weights  # None: the packaged weights, read on first use
        self._places: dict[int, Place] = {}
        self._admin_names: dict[int, frozenset[str]] = {0: frozenset()}
        self._grid: NearestGrid | None = None
        self._positions: dict[str, int] | None = None
        self._regions: dict[tuple[str | None, ...], int] | None = None
        self._found: dict[str, tuple[int, ...]] = {}  # name -> its candidates (see `_candidates`)
        self._known: dict[str, bool] = {}  # name -> whether the index has it (see `contains`)
        self._hinted: dict[tuple[frozenset[str], tuple[str, ...]], tuple[scoring.Point, ...]] = {}
        self._facts: dict[int, scoring.Facts] = {}
        self._nests: dict[str, tuple[frozenset[scoring.RegionKey], frozenset[scoring.RegionKey]]] = {}
        self._covered: tuple[str, ...] | None = None  # see `coverage`, read on first use
        self._capitals: dict[str, int] | None = None  # country code -> its capital's position, built on first use
        # division names by first two letters and length (see `similar_region`), built on first use
        self._region_keys: dict[str, list[tuple[str, int]]] | None = None
        self._similar: dict[tuple[str, tuple[str, ...]], int] = {}  # (name, focus) -> position, -1 for none
        self._hint_keys: dict[str, str] = {}  # admin hint -> the key it is matched by (see `_hint_key`)

    @classmethod
    def default(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The embedded default (GeoNames cities500 + regions + countries + supplement).

        Built once into `cache_dir` (default: `gazetteer.cache.choose_cache_dir`: $EVENTS_CACHE_DIR, systemd's
        $CACHE_DIRECTORY, else ~/.cache/conflict-events), then loaded from there. When `$EVENTS_GAZETTEER` names an
        imported GeoNames gazetteer (`events gazetteer import`), its places are consulted alongside.
        """
        base = cls.from_sources(Sources.installed(), cache_dir)
        user = UserGazetteer.from_env()
        return base if user is None else base.with_user(user)

    def with_user(self, user: UserGazetteer) -> Gazetteer:
        """This gazetteer with an imported user gazetteer consulted alongside it."""
        return type(self)(self._index, user, self._weights)

    def with_weights(self, weights: Weights) -> Gazetteer:
        """This gazetteer scoring candidates with other weights (a fit's trial, a variant file)."""
        return type(self)(self._index, self._user, weights)

    @property
    def weights(self) -> Weights:
        """The resolver's weights (gazetteer/data/resolver_weights.toml unless given)."""
        if self._weights is None:
            self._weights = read_weights()
        return self._weights

    @property
    def coverage(self) -> tuple[str, ...]:
        """The countries (ISO2) an imported gazetteer covers when it covers a few (see `_COVERAGE`): where the
        analyst who fetched their village files codes events. Empty without one, or for a world dump."""
        if self._covered is None:
            covered = self._user.countries() if self._user is not None else ()
            self._covered = covered if len(covered) <= _COVERAGE else ()
        return self._covered

    @classmethod
    def from_user(cls, user: UserGazetteer) -> Gazetteer:
        """An imported user gazetteer instead of the default (country aliases and demonyms still known)."""
        return cls.from_places(()).with_user(user)

    @classmethod
    def from_sources(cls, sources: Sources, cache_dir: Path | None = None) -> Gazetteer:
        """Like `default()` over other input files (another supplement, a trimmed city list)."""
        digest = inputs_digest(sources.files())
        directory = cache_dir if cache_dir is not None else choose_cache_dir(cache_name(digest)).path
        return cls(load_index(cache_file(directory, digest), lambda: build_default(sources)))

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        alternate_names: Mapping[str, Iterable[str]] | None = None,
        centers: Mapping[str, tuple[float, float]] | None = None,
    ) -> Gazetteer:
        """A gazetteer over the given places; alternate names and area centres keyed by geonameid.

        Country aliases and demonyms come from the packaged country table, for the countries among
        `places` (feature_code PCLI); region abbreviations ("Ga.") from the packaged table, for the ADM1
        places among them.
        """
        table = country_table(read_country_rows())
        return cls(build_index(list(places), alternate_names or {}, table, fold, centers, read_abbreviations()))

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} places, {len(self._index.keys)} names)"

    @property
    def index(self) -> Index:
        return self._index

    def place(self, i: int) -> Place:
        found = self._places.get(i)
        if found is None:
            found = self._places[i] = self._index.place(i)
        return found

    def _facts_of(self, i: int) -> scoring.Facts:
        return _remember(self._facts, i, scoring.facts, self._index, i)

    def _candidates(self, name: str) -> tuple[int, ...]:
        """Encoded candidates (see index.Candidates) for a name, most populous first. Remembered: an article
        looks its names up several times (focus votes, resolution, the hints of others)."""
        return _remember(self._found, name, self._find, name)

    def _find(self, name: str) -> tuple[int, ...]:
        index = self._index
        found = index.keys.get(self._key(name))
        encoded: tuple[int, ...] = () if found is None else (found,) if isinstance(found, int) else found
        for key in abbreviation_keys(name):
            region = index.abbreviations.get(key)
            if region is not None and region not in decode(encoded):
                encoded = (region, *encoded)  # "Ga." or "GA" written so is the state before anything else
                break
        iso2 = index.acronyms.get(name.strip())
        if iso2 is not None and iso2 in index.countries:
            country = index.countries[iso2]
            if country not in decode(encoded):
                population = index.population
                encoded = tuple(sorted((*encoded, country), key=lambda c: -population[c if c >= 0 else ~c]))
        return encoded

    def lookup(self, name: str) -> list[Place]:
        """Every place with that folded name (countries and regions included), most populous first."""
        if self._user is None:
            return [self.place(c if c >= 0 else ~c) for c in self._candidates(name)]
        return [p for p, _ in self._merged(name, self._candidates(name))]

    def kinds(self, name: str) -> list[Kind]:
        """What each place `lookup` returns is, in its order, without building the places (most names are
        weighed by their readings' countries and sizes, and only one reading is ever used in full)."""
        if self._user is not None:
            return [Kind(p.country_code, p.feature_class, p.feature_code, p.population) for p in self.lookup(name)]
        return [self._facts_of(c if c >= 0 else ~c).kind for c in self._candidates(name)]

    def contains(self, name: str) -> bool:
        """Whether any place has this name: one fold and one dict probe (and one query of a user gazetteer).
        Remembered: finding places asks about every capitalised word and run of words, mostly the same ones."""
        known = _remember(self._known, name, self._indexed, name)
        return known or (self._user is not None and self._user.contains(fold(name)))

    def _indexed(self, name: str) -> bool:
        index = self._index
        return (self._key(name) in index.keys or name.strip() in index.acronyms
                or any(key in index.abbreviations for key in abbreviation_keys(name)))

    def _key(self, name: str) -> str:
        """The folded name, or the spelling the index holds when the name carries the Arabic article in
        another transliteration: "Ar-Raqqa" is found as "Raqqa", "Ech Chouf" as "Al Chouf"."""
        key = fold(name)
        keys = self._index.keys
        if key in keys:
            return key
        article, _, rest = key.partition(" ")
        if article in _ARTICLES and len(rest) > 3:
            for other in ("al " + rest, rest):
                if other in keys:
                    return other
        if _APOSTROPHES.search(name):
            # "N'Guigmi" where the gazetteer writes "Nguigmi": a transliteration's apostrophe may be left out
            joined = fold(_APOSTROPHES.sub("", name))
            if joined in keys:
                return joined
        return key

    def _merged(self, name: str, candidates: tuple[int, ...]) -> list[tuple[Place, bool]]:
        """(place, alternate-name match) of the default's candidates and a user gazetteer's."""
        own = [(self.place(c if c >= 0 else ~c), c < 0) for c in candidates]
        if self._user is None:
            return own
        return overlay.merge(own, self._user.places(fold(name), self._index.country_names))

    def country(self, name_or_code: str) -> Place | None:
        """The country Place for an ISO2 code, an acronym ("DRC"), a name or an alias ("Ivory Coast")."""
        index = self._index
        text = name_or_code.strip()
        iso2 = text if text in index.countries else index.acronyms.get(text)  # "UK" is no ISO code
        if iso2 is None:
            iso2 = index.country_keys.get(fold(text))
        if iso2 is None:
            return None
        i = index.countries.get(iso2)
        return None if i is None else self.place(i)

    def country_of_demonym(self, word: str) -> str | None:
        """ISO2 code of the country a demonym belongs to: "Malian" -> "ML"; plurals too ("Malians")."""
        key = fold(word)
        demonyms = self._index.demonyms
        found = demonyms.get(key)
        if found is None and key.endswith("s"):
            found = demonyms.get(key[:-1])
        return found

    def resolve(
        self,
        name: str,
        *,
        focus: Sequence[str] = (),
        near: Sequence[Place] = (),
        admin_hints: Sequence[str] = (),
        prefer_region: bool = False,
        others: Iterable[str] = (),
    ) -> Resolution | None:
        """The most likely place for a name given the evidence; None when no place has that name.

        `others` are the document's other names: a reading nested with one of theirs (in a region one of them may
        name, or a region holding a place one of them may name) is supported."""
        candidates = self._candidates(name)
        merged = self._merged(name, candidates) if self._user is not None else []
        if not candidates and not merged:
            return None
        hints = frozenset(key for key in (_remember(self._hint_keys, h, self._hint_key, h) for h in admin_hints)
                          if key) if admin_hints else frozenset()
        ctx = scoring.context(focus, near, hints, self._hint_points(hints, focus), prefer_region, self.weights,
                              self._nested(others))
        if len(merged) > len(candidates):
            chosen, score, reason, parts = overlay.choose(merged, ctx)
            return Resolution(chosen, round(score, 4), reason, len(merged), parts)
        i, score, reason, parts = scoring.choose(self._index, candidates, ctx, self._admin_keys, self._facts_of)
        return Resolution(self.place(i), round(score, 4), reason, len(candidates), parts)

    def _hint_key(self, hint: str) -> str:
        """A hint as the admin names it is matched against: folded, or the region an abbreviation names ("(Kupwara
        district, J&K)" holds a place whose first-level region is Jammu and Kashmir)."""
        index = self._index
        for key in abbreviation_keys(hint):
            region = index.abbreviations.get(key)
            if region is not None:
                return fold(self.place(region).name)
        return fold(hint)

    def _nested(self, names: Iterable[str]) -> tuple[frozenset[scoring.RegionKey], frozenset[scoring.RegionKey]]:
        regions: set[scoring.RegionKey] = set()
        holders: set[scoring.RegionKey] = set()
        for name in names:
            named, holding = _remember(self._nests, name, self._nesting, name)
            regions |= named
            holders |= holding
        return frozenset(regions), frozenset(holders)

    def _nesting(self, name: str) -> tuple[frozenset[scoring.RegionKey], frozenset[scoring.RegionKey]]:
        return scoring.nesting(self._facts_of(c if c >= 0 else ~c) for c in self._candidates(name))

    def capital(self, country_code: str) -> Place | None:
        """The country's capital (GeoNames' PPLC; the most populous one where a country lists several)."""
        if self._capitals is None:
            index = self._index
            capitals: dict[str, int] = {}
            for i in range(len(index)):
                if index.features[index.feature[i]][1] != "PPLC":
                    continue
                code = index.strings[index.cc[i]] or ""
                j = capitals.get(code)
                if j is None or index.population[i] > index.population[j]:
                    capitals[code] = i
            self._capitals = capitals
        found = self._capitals.get(country_code.upper())
        return None if found is None else self.place(found)

    def similar_region(self, name: str, focus: Sequence[str] = ()) -> Place | None:
        """The first- or second-level division whose name (or alternate name) is spelt most like `name`, when one
        is spelt nearly so (difflib ratio >= _SIMILAR, the same first two letters, at most 3 letters longer or
        shorter): ACLED's and the press's transliterations of a division ("Wassit", "Hiraan") that GeoNames spells
        otherwise. Within `focus` when given."""
        key = fold(name)
        if len(key) < _SIMILAR_MIN_LENGTH:
            return None
        # remembered: each comparison costs, and the notes of one area misspell the same few divisions
        found = _remember(self._similar, (key, tuple(focus)), self._most_similar, key, focus)
        return None if found < 0 else self.place(found)

    def _most_similar(self, key: str, focus: Sequence[str]) -> int:
        if self._region_keys is None:
            self._region_keys = self._regions_by_initial()
        wanted = {code.upper() for code in focus}
        best: tuple[float, int, int] | None = None
        matcher = SequenceMatcher(None, "", key)  # the name as the second sequence: difflib caches its analysis
        keys = self._region_keys
        for other, i in (pair for n in range(len(key) - 3, len(key) + 4) for pair in keys.get(f"{key[:2]}{n}", ())):
            if wanted and (self._index.strings[self._index.cc[i]] or "") not in wanted:
                continue
            matcher.set_seq1(other)
            if matcher.quick_ratio() < _SIMILAR:  # an upper bound of ratio(), from the letters alone
                continue
            ratio = matcher.ratio()
            if ratio >= _SIMILAR and (best is None or (ratio, self._index.population[i]) > best[:2]):
                best = (ratio, self._index.population[i], i)
        return -1 if best is None else best[2]

    def _regions_by_initial(self) -> dict[str, list[tuple[str, int]]]:
        index = self._index
        # the divisions' positions first: a set test for each of the index's half a million names, instead of
        # decoding every name's candidates and looking up each one's feature (0.5 s of the first article's time)
        kinds = frozenset(n for n, (_, code) in enumerate(index.features) if code in ("ADM1", "ADM2"))
        regions = frozenset(i for i, kind in enumerate(index.feature) if kind in kinds)
        out: dict[str, list[tuple[str, int]]] = {}
        for key, found in index.keys.items():
            if not key:
                continue
            if isinstance(found, int):
                if (found if found >= 0 else ~found) not in regions:
                    continue
                found = (found,)
            for i in decode(found):
                if i in regions:
                    out.setdefault(f"{key[:2]}{len(key)}", []).append((key, i))  # by first two letters and length
        return out

    def by_id(self, geonameid: str) -> Place | None:
        """The place with this id (a GeoNames id, or a derived one such as "adm1:US:ohio")."""
        if self._positions is None:
            self._positions = {gid: i for i, gid in enumerate(self._index.ids)}
        i = self._positions.get(geonameid)
        return None if i is None else self.place(i)

    def region(self, country_code: str, admin1: str, admin2: str | None = None) -> Place | None:
        """The first- (or, with `admin2`, second-) level region of these names, if the index has it."""
        if self._regions is None:
            self._regions = self._region_positions()
        wanted: tuple[str | None, ...] = (country_code, admin1) if admin2 is None else (country_code, admin1, admin2)
        found = self._regions.get(wanted)
        return None if found is None else self.place(found)

    def _region_positions(self) -> dict[tuple[str | None, ...], int]:
        index = self._index
        strings, features = index.strings, index.features
        out: dict[tuple[str | None, ...], int] = {}
        for i in range(len(index)):
            code = features[index.feature[i]][1]
            if code == "ADM1":
                out.setdefault((strings[index.cc[i]], strings[index.admin1[i]]), i)
            elif code == "ADM2":
                out.setdefault((strings[index.cc[i]], strings[index.admin1[i]], strings[index.admin2[i]]), i)
        return out

    def center(self, place: Place) -> tuple[float, float]:
        """The middle of an area (country, region), where geoparsing corpora put it; a town's own point.

        `place.latitude/longitude` of a region is its most populous place, where ACLED codes it.
        """
        return self._index.centers.get(place.geonameid, (place.latitude, place.longitude))

    def nearest(self, latitude: float, longitude: float) -> Place | None:
        """The populated place closest to a point (for reverse geocoding)."""
        if self._grid is None:
            self._grid = NearestGrid.of(self._index)
        i = self._grid.nearest(latitude, longitude)
        return None if i is None else self.place(i)

    def _admin_keys(self, string_id: int) -> frozenset[str]:
        """Folded forms of an admin1/admin2 name (with region aliases), cached per interned string."""
        keys = self._admin_names.get(string_id)
        if keys is None:
            value = self._index.strings[string_id] or ""
            keys = self._admin_names[string_id] = frozenset((fold(value), *region_aliases(value)))
        return keys

    def _hint_points(self, hints: frozenset[str], focus: Sequence[str]) -> tuple[scoring.Point, ...]:
        """Towns the hints name (in the focus countries when any are given), as scoring points. Remembered: the
        notes of one area name the same few regions again and again."""
        if not hints:
            return ()
        return _remember(self._hinted, (hints, tuple(focus)), self._hint_towns, hints, focus)

    def _hint_towns(self, hints: frozenset[str], focus: Sequence[str]) -> tuple[scoring.Point, ...]:
        index = self._index
        wanted = {code.upper() for code in focus}
        points: list[scoring.Point] = []
        for hint in hints:
            found = index.keys.get(hint)
            if found is None:
                continue
            for j in decode((found,) if isinstance(found, int) else found)[:_HINT_TOWNS]:
                if index.features[index.feature[j]][0] != "P":
                    continue
                if wanted and index.strings[index.cc[j]] not in wanted:
                    continue
                points.append(scoring.point(index.latitude[j], index.longitude[j]))
        return tuple(points)


def _remember(memo: dict[K, V], key: K, compute: Callable[..., V], *args: Any) -> V:
    """`compute(*args)`, remembered in `memo` under `key`; a full memo is forgotten whole and starts over, so a
    gazetteer's memory stays bounded however many names a long import asks about."""
    found = memo.get(key)
    if found is None:
        if len(memo) >= _REMEMBERED:
            memo.clear()
        found = memo[key] = compute(*args)
    return found
