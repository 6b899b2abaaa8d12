"""One exception root for the gazetteer; subclasses mix in the built-in a caller would naturally catch."""

from __future__ import annotations


class GazetteerError(Exception):
    """Root of every error this package raises on purpose."""


class GazetteerDataError(GazetteerError, ValueError):
    """A data file (countries, supplement, source list) is malformed; the message names the file and line."""


class GazetteerWriteError(GazetteerError, OSError):
    """A gazetteer file cannot be written (its folder missing or read-only, the disk full); the message names it."""


def os_reason(exc: OSError) -> str:
    """The system's words for an OSError in a one-line message, lower-case and without the errno: "permission
    denied" (as events.files words it; this package imports nothing of events)."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]
