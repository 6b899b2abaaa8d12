"""One exception root; subclasses mix in the built-in a caller would naturally catch.

The gazetteer has a root of its own, GazetteerError: it imports nothing of events, so it cannot derive from this
one. The command line reports the two alike (events.cli.options.project_errors). Every message names what the
user gave through `shown`, so that no name can break its line."""

from __future__ import annotations


class EventsError(Exception):
    """Root of every error this package raises on purpose."""


class InputError(EventsError, ValueError):
    """An input document or file cannot be read or understood; the message names it and says why."""


class StoreError(EventsError, RuntimeError):
    """The database cannot be opened, written or queried as asked."""


class QueryError(StoreError):
    """A user's SQL failed; the message is DuckDB's, on one line."""


class ExtractionError(EventsError, RuntimeError):
    """Extraction broke on one article's text (a defect the text set off, not a refusal): that article fails, the
    other documents of the import go on; the message names the error."""


class LexiconError(EventsError, ValueError):
    """A lexicon file is malformed; the message names the file and entry."""


class FileError(EventsError):
    """A file cannot be read or written as asked (a FIFO or a device where a document is expected, a folder that
    cannot be written, a planted link, a full disk). `path` and `reason` stay apart, so that a reader can name
    the document its own way; the message is "<path>: <reason>", the path shown by `shown`."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{shown(path)}: {reason}")
        self.path = str(path)
        self.reason = reason


class FileTooLarge(FileError):
    """A file holds more than the limit of what is read of it."""


def shown(name: object) -> str:
    """A name the user gave (a path, a source's name) as every message shows it: as it is when it prints as plain
    text, else quoted with escapes (Python's repr), so that a newline in a file name cannot start a forged
    `Error:` line and no control code reaches the terminal. `str.isprintable` decides: control, format and
    separator characters and the surrogates of undecodable file name bytes are not printable."""
    text = str(name)
    return text if text.isprintable() else repr(text)
