"""How an article is identified, so that a document read again (edited, by another route, or by an earlier version of
this tool) is the same article: a JSON Lines or CSV record's given id; else its canonical URL; else, for a file read
whole (.txt, .md, .html), its resolved path; else, for a feed item with no link, its GUID within its feed; else a hash
of its text. The readers (events.ingest) derive the ids; the store replaces, when it writes an article, the stored
articles that were the same document under another id (`Predecessors`).

Versions up to schema 1.2 identified a .txt/.md file by its text (`txt-` and a hash, so that an edit was a second
article) and an .html file by `html-` and its canonical URL, else its text (a page fetched with that canonical URL was
`url-`: two articles). Their databases converge as they are imported into again: a stored article read from the same
file, or an earlier `html-` article of the same canonical URL, is superseded by the new one.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from schemas import Article

# Files read whole, one article each (events.ingest.readers): an origin ending so names a file, not "path:line" of
# a JSON Lines or CSV record
WHOLE_FILE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def hashed_id(prefix: str, text: str) -> str:
    """Stable across re-saves: line endings, Unicode composition and spacing do not change the id."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return prefix + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def url_article_id(url: str) -> str:
    """The id of an article known by its canonical URL: a fetched page, a feed item, a saved .html file that declares
    it, a JSON Lines record with that `url` and no id."""
    return hashed_id("url-", url.strip())


def file_article_id(path: str | Path) -> str:
    """The id of a file's article (one without a canonical URL): its resolved absolute path, so that `a.txt`,
    `./a.txt` and `dir/../a.txt` are one article, and an edit keeps the id (and supersedes)."""
    return "file-" + hashlib.sha256(os.fsencode(Path(path).resolve())).hexdigest()[:16]


def _file_key(origin: str | None, cwd: str) -> str | None:
    """The file an article was read from, as an absolute path (a relative origin is taken from `cwd`, the current
    folder: the command that stored it was run from there, as a scheduled one is); None when its origin is no file
    read whole (a record's "path:line", a URL, "feed#guid"). os.path.abspath, without asking for the folder again."""
    if not origin or "://" in origin or not origin.lower().endswith(WHOLE_FILE_SUFFIXES):
        return None
    return os.path.normpath(os.path.join(cwd, origin))


def _legacy_url_id(article_id: str, url: str | None) -> str | None:
    """The id of the canonical URL an earlier version's `html-` article was stored under, if it is one."""
    if not url or not article_id.startswith("html-") or article_id != hashed_id("html-", url):
        return None
    return url_article_id(url)


class Predecessors:
    """Stored articles that an article being written replaces besides its own id: those read from the same file under
    another id (its canonical URL appeared, changed or went; or an earlier version's id), and an earlier version's
    `html-` article of its canonical URL. Held in memory for a store's writes: built once from (article_id, url,
    origin) of the stored articles that can be one (`load_query`), then told of every write (`wrote`)."""

    # What `__init__` reads: the stored articles that can be a predecessor, as (article_id, url, origin)
    load_query = ("SELECT article_id, url, origin FROM articles WHERE (origin NOT LIKE '%://%' AND regexp_matches("
                  "origin, '\\.(" + "|".join(s.lstrip(".") for s in WHOLE_FILE_SUFFIXES) + ")$', 'i')) "
                  "OR (starts_with(article_id, 'html-') AND url IS NOT NULL)")

    def __init__(self, stored: Iterable[tuple[str, str | None, str | None]]) -> None:
        self._cwd = os.getcwd()
        self._by_file: dict[str, set[str]] = {}  # absolute path -> ids of the articles read from it
        self._file_of: dict[str, str] = {}  # article id -> its file
        self._by_url: dict[str, set[str]] = {}  # a canonical URL's article id -> earlier `html-` ids of that URL
        self._url_of: dict[str, str] = {}  # an earlier `html-` id -> its canonical URL's article id
        for article_id, url, origin in stored:
            self._add(article_id, url, origin)

    def of(self, article: Article) -> list[str]:
        """The stored articles `article` replaces besides its own id, sorted."""
        by_url = self._by_url.get(article.article_id)
        file = _file_key(article.origin, self._cwd)
        by_file = self._by_file.get(file) if file is not None else None
        if not by_url and (not by_file or by_file == {article.article_id}):  # every re-import asks: kept cheap
            return []
        return sorted(((by_url or set()) | (by_file or set())) - {article.article_id})

    def wrote(self, article: Article, replaced: Iterable[str]) -> None:
        """`article` is stored, and the `replaced` articles are gone."""
        for article_id in (*replaced, article.article_id):
            self._forget(article_id)
        self._add(article.article_id, article.url, article.origin)

    def _add(self, article_id: str, url: str | None, origin: str | None) -> None:
        if (file := _file_key(origin, self._cwd)) is not None:
            self._by_file.setdefault(file, set()).add(article_id)
            self._file_of[article_id] = file
        if (successor := _legacy_url_id(article_id, url)) is not None:
            self._by_url.setdefault(successor, set()).add(article_id)
            self._url_of[article_id] = successor

    def _forget(self, article_id: str) -> None:
        if (file := self._file_of.pop(article_id, None)) is not None:
            self._by_file[file].discard(article_id)
        if (successor := self._url_of.pop(article_id, None)) is not None:
            self._by_url[successor].discard(article_id)
