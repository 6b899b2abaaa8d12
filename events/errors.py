"""One exception root; subclasses mix in the built-in a caller would naturally catch.

The gazetteer has a root of its own, GazetteerError: it imports nothing of events, so it cannot derive from this
one. The command line reports the two alike (events.cli.options.project_errors)."""

from __future__ import annotations


class EventsError(Exception):
    """Root of every error this package raises on purpose."""


class InputError(EventsError, ValueError):
    """An input document or file cannot be read or understood; the message names it and says why."""


class StoreError(EventsError, RuntimeError):
    """The database cannot be opened, written or queried as asked."""


class QueryError(StoreError):
    """A user's SQL failed; the message is DuckDB's, on one line."""


class LexiconError(EventsError, ValueError):
    """A lexicon file is malformed; the message names the file and entry."""
