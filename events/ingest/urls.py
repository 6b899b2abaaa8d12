"""URLs among the arguments of `events import`: fetched before the database is opened, as a sources file's `url`
and `feed` sources are (events.ingest.sources), each one a feed or a page by what its server answers
(events.ingest.feeds.read_url).

An argument is a URL when it starts with a scheme and `://`: only http(s) URLs are fetched, any other
(`ftp://`, `file://`) is one failure saying so. A URL's documents and failures take its place among the
arguments, so paths and URLs mix in one import. The HTTP validators (ETag, Last-Modified) are the database's for
this extractor version, and the new ones go back in the import's own transaction (`save_validators`, the
importer's `before_commit`), as a sources run keeps them: importing an unchanged URL again costs one 304.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from events.ingest.readers import Document, document_name
from schemas import ImportFailure, ImportWarning

if TYPE_CHECKING:  # httpx and the feed readers load only when an import has URLs
    from events.ingest.fetch import FetchError, FetchPolicy, Validators
    from events.store.db import Store

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def looks_like_url(argument: str | Path) -> bool:
    """Whether an import argument names a URL (`https://...`, `ftp://...`) rather than a file."""
    return isinstance(argument, str) and _URL.match(argument) is not None


def policy() -> FetchPolicy:
    """How URL arguments are fetched: a sources file's defaults (timeout, deadline, retries with backoff, size cap,
    politeness, user agent)."""
    from events.ingest.fetch import FetchPolicy

    return FetchPolicy()


@dataclass
class FetchedUrls:
    """The URL arguments of one import, fetched: their documents, and what to keep of the servers' answers."""

    found: dict[str, list[Document]] = field(default_factory=dict)  # URL as given -> its documents and failures
    warnings: list[ImportWarning] = field(default_factory=list)  # a feed cut at max_items
    version: str = ""
    seen: dict[str, Validators] = field(default_factory=dict)  # the fetcher's new validators
    failures: dict[str, FetchError] = field(default_factory=dict)  # the fetcher's failed URLs
    feeds: set[str] = field(default_factory=set)  # the URL arguments that were feeds
    now: Callable[[], datetime] | None = None

    def documents(self, arguments: Sequence[str | Path],
                  read_files: Callable[[list[str | Path]], Iterable[Document]]) -> Iterator[Document]:
        """Every argument's documents in the arguments' order: a URL's as fetched (once, if it is given twice), each
        run of paths between URLs read by `read_files`."""
        pending = dict(self.found)
        files: list[str | Path] = []
        for argument in arguments:
            if not looks_like_url(argument):
                files.append(argument)
                continue
            if files:
                yield from read_files(files)
                files = []
            yield from pending.pop(str(argument), [])
        if files:
            yield from read_files(files)

    def save_validators(self, store: Store, failures: list[ImportFailure]) -> None:
        """Keep the validators of what went in, in the import's transaction, as a sources run does
        (events.ingest.sources.FetchState.kept): not those of a URL that failed, nor a feed's when one of its
        items failed in a way worth retrying. Failures of the paths beside them do not count."""
        if not self.found or self.now is None:
            return
        from events.ingest.sources import FetchState, Source  # sources imports the importer: not at load time

        ours = {document_name(d) for documents in self.found.values() for d in documents}
        state = FetchState(self.version, {})
        kept = state.kept(self.seen, [f for f in failures if f.document in ours],
                          Source("arguments", "feed", tuple(sorted(self.feeds))), complete=True,
                          fetch_failures=self.failures)
        store.save_validators([(url, v.etag, v.last_modified) for url, v in kept.items()], version=self.version,
                              at=self.now())


def fetch_urls(db: str | Path, arguments: Sequence[str | Path], *, version: str, now: Callable[[], datetime],
               published_at: date | None = None, source: str | None = None) -> FetchedUrls:
    """Fetch the URLs among `arguments` (nothing, and the database is not read, when there are none), with the
    validators the database at `db` keeps for extractor `version`. `source`, when given, is every article's
    outlet (else each names its site: events.ingest.feeds)."""
    urls = list(dict.fromkeys(a for a in arguments if isinstance(a, str) and looks_like_url(a)))
    if not urls:
        return FetchedUrls()
    from events.ingest.feeds import read_url
    from events.ingest.fetch import Fetcher
    from events.ingest.sources import FetchState  # sources imports the importer: not at load time

    state = FetchState.load(db, version=version)
    fetched = FetchedUrls(version=version, now=now)

    def note(document: str, message: str) -> None:
        fetched.warnings.append(ImportWarning(document=document, message=message))

    with Fetcher.create(policy(), validators=state.validators) as fetcher:
        for url in urls:
            fetched.found[url] = list(read_url(fetcher, url, published_at=published_at, note=note, source=source,
                                               is_feed=fetched.feeds.add))
        fetched.seen, fetched.failures = dict(fetcher.seen), dict(fetcher.failures)
    return fetched

