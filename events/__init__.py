"""conflict-events: sourced, geocoded conflict-event records from news text."""

from __future__ import annotations

from events.version import EXTRACTOR_VERSION, __version__

__all__ = ["EXTRACTOR_VERSION", "__version__"]
