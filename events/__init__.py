"""conflict-events: sourced, geocoded conflict-event records from news text; one subpackage a step of an article.
The root re-exports the version only (may import events.version); tests/test_layering.py says who imports what."""

from __future__ import annotations

from events.version import EXTRACTOR_VERSION, __version__

__all__ = ["EXTRACTOR_VERSION", "__version__"]
