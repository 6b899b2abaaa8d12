"""Versions. Bump EXTRACTOR_VERSION whenever rules, lexicons or extraction code change output:
event ids depend on it, so re-running the same input with the same version changes nothing."""

from __future__ import annotations

__version__ = "0.1.0"
EXTRACTOR_VERSION = "2026.12.10"
