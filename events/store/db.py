"""The DuckDB store: one article's extraction in, runs recorded, read-only SQL and per-event provenance out.

Every write for an article happens under one transaction (the caller's, else its own), so an article is
either wholly replaced or untouched. Extractions are written in batches: a query finds the stored state of a batch's
articles, one who owns its ids (both answered from memory in a bulk write), a statement per table supersedes its
changed articles and one INSERT per table takes its rows. Time is passed in; nothing here reads the clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import duckdb

from events.errors import InputError, QueryError, StoreError
from events.files import refuse_link
from events.lexicon import Lexicons
from events.store.connect import WAIT_30_S, ConfigValue, Waiting, connect_waiting
from events.store.identity import Predecessors
from events.store.merge.rules import MergeRules
from events.store.merge.rules import merge_rules as read_merge_rules
from events.store.merge.sql import BulkLookups, list_merges, merge_articles, undo_merge
from events.store.rows import ExtractionLike, Row, all_claims, extraction_rows, problem_of, scan_columns, utc_naive
from events.store.streaming import StreamedQuery
from events.store.views import first_line, temporary_views_ddl, views_ddl
from schemas import SCHEMA_VERSION, Article, ImportRun, ddl

ArticleStatus = Literal["new", "updated", "unchanged"]

# What the extraction reads of an article besides its text (events.pipeline and what it calls; the source also
# decides whose events may merge), each compared with the `articles` column of its name: a change of any of them
# makes the article "updated" and extracted again, as an edit of its text does. Every other field of schemas.Article
# is in NOT_EXTRACTION_INPUTS, so that a field added there is placed here, once (tests/events/store/test_identity.py).
EXTRACTION_INPUTS = ("title", "published_at", "published_at_source", "url", "source")
# An input the extraction reads only in part is compared as it reads it: of a date's provenance, only whether the
# date is the file's modification time (events.extract.assembly.dating.uncertain_day); a date a feed gives (None)
# and one given on the command line ("given") are equally sure.
_AS_READ: dict[str, Callable[[Any], Any]] = {"published_at_source": lambda source: source == "mtime"}
# shown with the article only; origin: where it was read from, which moves ("path:line") when lines are added above
NOT_EXTRACTION_INPUTS = ("author", "origin")

_BATCH_ROWS = 5000  # rows per INSERT statement
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)")
# Evidence fields the place, actor and claim tables explain in full ("claim.killed" counts as "claim").
_EXPLAINED_ELSEWHERE = frozenset({"location", "place", "claim", "actor1", "assoc_actor_1", "actor2",
                                  "assoc_actor_2"})


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split("\n", 1)[0].split())


def run_id_for(source: str, started_at: datetime) -> str:
    """Deterministic: the same source started at the same instant is the same run."""
    key = f"{source}\n{utc_naive(started_at).isoformat()}"
    return "run-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class Store:
    """A DuckDB database holding the schema of `schemas/schema.sql`. Build with `Store.open`."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str, *, read_only: bool,
                 merge_rules: MergeRules | None = None) -> None:
        self._con = connection
        self.path = path
        self.read_only = read_only
        self.in_transaction = False
        # Events of newly written articles are merged with other articles' reports of the same incident
        # (events/store/merge/rules.py); a store that must keep every article apart switches it off.
        self.merge_across_articles = True
        # merge.toml, read once per store (a caller may give a variant, as a Pipeline takes its Lexicons)
        self.merge_rules = merge_rules if merge_rules is not None else Lexicons().compiled(read_merge_rules)
        self._bulk = BulkLookups()  # inactive outside `bulk`
        self._predecessors: Predecessors | None = None  # loaded for the first write, dropped with a rollback

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, waiting: Waiting = WAIT_30_S) -> Store:
        """Open (and, writable, prepare) a database. DuckDB lets one process write a file at a time: while an
        import commits, another process waits for the lock with backoff, as `waiting` says (30 s by default)."""
        name = str(path)
        if read_only:
            _refuse_missing(name)
        _refuse_planted_links(name)
        try:
            con = connect_waiting(name, read_only=read_only, waiting=waiting)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {name}: {_one_line(exc)}") from exc
        store = cls(con, name, read_only=read_only)
        if not read_only:
            try:
                store._prepare()
            except BaseException:
                con.close()
                raise
        return store

    def _prepare(self) -> None:
        try:
            self._con.execute(ddl())
            self._con.execute(views_ddl())  # after the tables they read
            found = self._con.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone()
            if found is None:
                self._con.execute("INSERT INTO schema_info VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        except duckdb.Error as exc:
            raise StoreError(f"cannot prepare database {self.path}: {_one_line(exc)}") from exc
        if found is not None and found[0] != SCHEMA_VERSION:
            if not _upgradable(found[0]):
                raise StoreError(f"database {self.path} has schema version {found[0]}; "
                                 f"this version of events writes {SCHEMA_VERSION}")
            # a minor version only adds tables, views and trailing columns, which the DDL above has just created
            self._con.execute("UPDATE schema_info SET value = ? WHERE key = 'schema_version'", [SCHEMA_VERSION])

    def bound_memory(self, limit: str) -> None:
        """Cap DuckDB's memory at `limit` (e.g. "128MB") and run its queries on one thread. Without a cap DuckDB
        keeps every page it has read or written cached (up to 80% of the machine), so a long import grows with
        the database; capped, it writes a transaction's rows to the file early and evicts pages instead. The
        cap is the database instance's, for every connection of this process; an in-memory database, which
        has no file to write to, is left alone."""
        if not _MEMORY.fullmatch(limit):
            raise ValueError(f"memory limit {limit!r} is not a size such as '128MB'")
        if self.path == ":memory:":
            return
        try:
            self._con.execute(f"SET memory_limit = '{limit}'")
            self._con.execute("SET threads = 1")
        except duckdb.Error as exc:
            raise StoreError(f"cannot limit the memory of {self.path}: {_one_line(exc)}") from exc

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.in_transaction:
            self.rollback()
        self.close()

    def begin(self) -> None:
        self._con.begin()
        self.in_transaction = True

    def commit(self) -> None:
        try:
            self._con.commit()
        except duckdb.Error as exc:
            # a failed commit (a full disk) has ended the transaction: rolling it back again would raise "no
            # transaction is active" over this error
            with suppress(duckdb.Error):
                self._con.rollback()
            self.in_transaction = False
            self._bulk.drop_index()
            self._predecessors = None
            raise StoreError(f"cannot commit to {self.path}: {_one_line(exc)}") from exc
        self.in_transaction = False

    def rollback(self) -> None:
        self._con.rollback()
        self.in_transaction = False
        self._bulk.drop_index()
        self._predecessors = None

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Writes of a long import: the store keeps in memory which ids its tables may hold and what merging reads
        (events.store.merge.sql.BulkLookups), so that a batch costs the same however large the database, instead of
        lookups that read whole tables. For a caller that writes through this store alone meanwhile (an import)."""
        self._bulk = BulkLookups(active=True)
        try:
            yield
        finally:
            self._bulk = BulkLookups()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Joins the caller's transaction when there is one, else commits or rolls back its own."""
        if self.in_transaction:
            yield
            return
        self.begin()
        try:
            yield
            self.commit()
        except BaseException:
            if self.in_transaction:
                self.rollback()
            raise

    # -- writing --------------------------------------------------------------------------------------

    def article_statuses(self, articles: Sequence[Article], *, version: str) -> list[ArticleStatus]:
        """What writing each article with this extractor version would do, judged against the database
        only (a second copy of an id in `articles` is judged like the first): "updated" when its text, an
        extraction input (EXTRACTION_INPUTS) or the extractor version changed, or when it replaces articles stored
        under another id (events.store.identity.Predecessors)."""
        stored = self._stored([article.article_id for article in articles])
        predecessors = self._predecessors_now()
        return [_status(stored.get(a.article_id), _state(a, version), predecessors.of(a)) for a in articles]

    def article_status(self, article: Article, *, version: str) -> ArticleStatus:
        return self.article_statuses([article], version=version)[0]

    def write_extraction(self, extraction: ExtractionLike, *, version: str, run_id: str,
                         now: Callable[[], datetime]) -> ArticleStatus:
        """Write one article and everything extracted from it (see `write_extractions`); raises the
        InputError of an extraction the store cannot hold."""
        [result] = self.write_extractions([extraction], version=version, run_id=run_id, now=now)
        if isinstance(result, InputError):
            raise result
        return result

    def write_extractions(self, extractions: Sequence[ExtractionLike], *, version: str, run_id: str,
                          now: Callable[[], datetime]) -> list[ArticleStatus | InputError]:
        """Write articles and everything extracted from them, in order, replacing what an older text or
        extractor version left. An extraction the store cannot hold (ids clashing with another article's,
        or repeated) gets an InputError in its place and nothing of it is written; the others go in."""
        results: list[ArticleStatus | InputError] = []
        rows: dict[str, list[Row]] = {}
        written: list[str] = []
        released: list[str] = []  # other articles whose merges an update dropped: merged again after the write
        updated: list[tuple[str, datetime]] = []  # changed articles, superseded together before the batch goes in
        renamed: list[tuple[str, str]] = []  # (predecessor, the article replacing it): its history moves over
        stamp = datetime.min
        try:
            with self.transaction():
                self._bulk.load(self._con, self.merge_rules, merging=self.merge_across_articles)
                stored = self._stored([x.article.article_id for x in extractions])
                predecessors = self._predecessors_now()
                claims_of = [all_claims(x) for x in extractions]
                owners = self._owners([e.event_id for x in extractions for e in x.events],
                                      [c.claim_id for claims in claims_of for c in claims])
                for extraction, claims in zip(extractions, claims_of, strict=True):
                    article = extraction.article
                    state = _state(article, version)
                    replaced = predecessors.of(article)
                    status = _status(stored.get(article.article_id), state, replaced)
                    problem = None if status == "unchanged" else problem_of(extraction, claims, owners)
                    results.append(problem or status)
                    if problem or status == "unchanged":
                        continue
                    if status == "updated":
                        gone = {article.article_id, *replaced}
                        if any(r[0] in gone for r in rows.get("articles", [])):
                            # an earlier copy in this batch must be in the database to be replaced
                            released += self._supersede(updated, renamed, run_id)
                            self._insert_all(rows)
                            rows, updated, renamed = {}, [], []
                        at = utc_naive(now())
                        updated += [(article_id, at) for article_id in (article.article_id, *replaced)]
                        renamed += [(article_id, article.article_id) for article_id in replaced]
                        owners = {key: owner for key, owner in owners.items() if owner not in gone}
                        for article_id in replaced:  # gone: a later copy in this batch is new
                            stored.pop(article_id, None)
                    stored[article.article_id] = state
                    predecessors.wrote(article, replaced)
                    owners.update({**{("event_id", e.event_id): article.article_id for e in extraction.events},
                                   **{("claim_id", c.claim_id): article.article_id for c in claims}})
                    self._bulk.wrote(article.article_id, [*(e.event_id for e in extraction.events),
                                                          *(c.claim_id for c in claims)])
                    stamp = utc_naive(now())
                    new = extraction_rows(extraction, version=version, run_id=run_id, imported_at=stamp, claims=claims)
                    for table, table_rows in new.items():
                        rows.setdefault(table, []).extend(table_rows)
                    written.append(article.article_id)
                released += self._supersede(updated, renamed, run_id)
                self._insert_all(rows)
                if self.merge_across_articles and written:
                    merge_articles(self._con, list(dict.fromkeys(written + released)), run_id=run_id, at=stamp,
                                   rules=self.merge_rules, index=self._bulk.index(rows))
        except duckdb.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {_one_line(exc)}") from exc
        return results

    def _stored(self, article_ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """The stored state (`_state`) of those of these articles the database holds."""
        if not (article_ids := self._bulk.articles(article_ids)):
            return {}
        found = self._con.execute(f"SELECT article_id, content_hash, extractor_version, {', '.join(EXTRACTION_INPUTS)} "
                                  "FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                                  [article_ids]).fetchall()
        return {row[0]: (*row[1:3], *_as_read(row[3:])) for row in found}

    def _predecessors_now(self) -> Predecessors:
        """The stored articles that articles being written may replace under another id (read once, then kept up to
        date by the writes, until a rollback)."""
        if self._predecessors is None:
            self._predecessors = Predecessors(self._con.execute(Predecessors.load_query).fetchall())
        return self._predecessors

    def _supersede(self, updated: list[tuple[str, datetime]], renamed: list[tuple[str, str]],
                   run_id: str) -> list[str]:
        """Supersede the `updated` articles (events.store.merge.sql.supersede); the superseded events of a
        predecessor, of this run or earlier ones, then belong to the article that replaced it, whose history they
        are. Returns the other articles whose merges were dropped."""
        released = self._bulk.supersede(self._con, updated, run_id)
        if renamed:
            self._con.execute("UPDATE events_superseded SET article_id = r.successor FROM (SELECT "
                              "unnest($1::VARCHAR[]) AS predecessor, unnest($2::VARCHAR[]) AS successor) r "
                              "WHERE events_superseded.article_id = r.predecessor",
                              [[old for old, _ in renamed], [new for _, new in renamed]])
        return released

    def _owners(self, event_ids: list[str], claim_ids: list[str]) -> dict[tuple[str, str], str]:
        """Which article holds each of these ids now: (id column, id) -> article id."""
        event_ids, claim_ids = self._bulk.ids(event_ids), self._bulk.ids(claim_ids)
        if not event_ids and not claim_ids:
            return {}
        found = self._con.execute(
            "SELECT 'event_id', event_id, article_id FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[])) "
            "UNION ALL SELECT 'claim_id', claim_id, article_id FROM claims "
            "WHERE claim_id IN (SELECT unnest(?::VARCHAR[]))", [event_ids, claim_ids]).fetchall()
        return {(column, i): owner for column, i, owner in found}

    def _insert_all(self, rows: dict[str, list[Row]]) -> None:
        for table, table_rows in rows.items():
            self._insert(table, table_rows)

    def _insert(self, table: str, rows: Sequence[Row]) -> None:
        for start in range(0, len(rows), _BATCH_ROWS):
            batch = rows[start:start + _BATCH_ROWS]
            _store_rows = scan_columns(batch)
            if _store_rows is not None:
                # Columns DuckDB scans, three times faster than lists it binds. Found by the variable's name (a
                # replacement scan): a registered view would keep the arrays alive until the commit.
                self._con.execute(f"INSERT INTO {table} SELECT {', '.join(_store_rows)} FROM _store_rows")
                continue
            # one list per column, unnested side by side: ten times faster to bind than one parameter per value
            columns = [list(column) for column in zip(*batch, strict=True)]
            unnest = ", ".join(f"unnest(${i})" for i in range(1, len(columns) + 1))
            self._con.execute(f"INSERT INTO {table} SELECT {unnest}", columns)

    def record_run(self, run: ImportRun) -> None:
        """Record a finished run and its failures (replacing a record of the same run id)."""
        row = (run.run_id, run.source, utc_naive(run.started_at),
               utc_naive(run.finished_at) if run.finished_at else None,
               run.seen, run.new, run.updated, run.unchanged, run.failed, run.status)
        try:
            with self.transaction():
                self._con.execute("DELETE FROM import_failures WHERE run_id = ?", [run.run_id])
                self._con.execute("DELETE FROM import_runs WHERE run_id = ?", [run.run_id])
                self._insert("import_runs", [row])
                self._insert("import_failures", [(run.run_id, i, f.document, f.reason)
                                                 for i, f in enumerate(run.failures)])
                self._con.execute("DELETE FROM import_warnings WHERE run_id = ?", [run.run_id])
                self._insert("import_warnings", [(run.run_id, i, w.document, w.message)
                                                 for i, w in enumerate(run.warnings)])
                self._record_skips(run)
        except duckdb.Error as exc:
            raise StoreError(f"cannot record import run {run.run_id}: {_one_line(exc)}") from exc

    def fetch_validators(self, *, version: str) -> list[tuple[str, str | None, str | None]]:
        """(url, etag, last_modified) of every URL whose last full answer this extractor version imported (none in
        a database of an older schema opened read-only, which has no such table yet)."""
        try:
            if not self.has_table("fetch_validators"):
                return []
            return [(str(url), etag, modified) for url, etag, modified in self._con.execute(
                "SELECT url, etag, last_modified FROM fetch_validators WHERE extractor_version = ? ORDER BY url",
                [version]).fetchall()]
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the HTTP validators of {self.path}: {_one_line(exc)}") from exc

    def save_validators(self, validators: Sequence[tuple[str, str | None, str | None]], *, version: str,
                        at: datetime) -> None:
        """Keep (url, etag, last_modified) per URL, replacing what was kept for it; in the caller's transaction
        (an import's: the validators go in with the documents they describe, or not at all)."""
        if not validators:
            return
        urls, etags, modified = (list(column) for column in zip(*validators, strict=True))
        try:
            with self.transaction():
                self._con.execute("INSERT OR REPLACE INTO fetch_validators SELECT unnest($1::VARCHAR[]), "
                                  "unnest($2::VARCHAR[]), unnest($3::VARCHAR[]), $4, $5",
                                  [urls, etags, modified, version, utc_naive(at)])
        except duckdb.Error as exc:
            raise StoreError(f"cannot save the HTTP validators to {self.path}: {_one_line(exc)}") from exc

    # -- documents that failed (failed_documents) ------------------------------------------------------

    def known_failures(self) -> dict[str, tuple[str, str]]:
        """document -> (fingerprint, source) of every failed document on record (none in a database of an older
        schema opened read-only, which has no such table yet)."""
        try:
            if not self.has_table("failed_documents"):
                return {}
            found = self._con.execute("SELECT document, fingerprint, source FROM failed_documents").fetchall()
            return {str(document): (str(fingerprint), str(source)) for document, fingerprint, source in found}
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the failed documents of {self.path}: {_one_line(exc)}") from exc

    def remember_failures(self, failed: Sequence[tuple[str, str, str]], *, cleared: Sequence[str],
                          skipped: Sequence[str], source: str, run_id: str, at: datetime) -> None:
        """After a run, in the caller's transaction (an import's: the record goes in with the documents or not at
        all): keep (document, fingerprint, reason) of each failure, replacing an earlier record of the document
        (whose source, the first to record it, stays); drop the records of `cleared` documents (they went in since,
        or were retried and did not fail); count one more skip for `skipped` ones."""
        stamp = utc_naive(at)
        latest = {document: (fingerprint, reason) for document, fingerprint, reason in failed}  # a name given twice
        try:
            with self.transaction():
                self._delete_failures([document for document in cleared if document not in latest])
                if latest:
                    documents, found = list(latest), list(latest.values())
                    self._con.execute(
                        "INSERT INTO failed_documents SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), "
                        "unnest($3::VARCHAR[]), $4, $5, $6, 0, NULL ON CONFLICT (document) DO UPDATE SET "
                        "fingerprint = excluded.fingerprint, reason = excluded.reason, run_id = excluded.run_id, "
                        "failed_at = excluded.failed_at, skipped = 0, skipped_at = NULL",
                        [documents, [f for f, _ in found], [r for _, r in found], source, run_id, stamp])
                if skipped:
                    self._con.execute("UPDATE failed_documents SET skipped = skipped + 1, skipped_at = ? "
                                      "WHERE document IN (SELECT unnest(?::VARCHAR[]))", [stamp, list(skipped)])
        except duckdb.Error as exc:
            raise StoreError(f"cannot record the failed documents in {self.path}: {_one_line(exc)}") from exc

    def failed_documents(self, *, source: str | None = None) -> list[tuple[str, str, str, datetime, int]]:
        """(document, reason, source, failed_at, skipped) of every failed document on record, of one source when
        given, in order of document (none in a database of an older schema opened read-only)."""
        try:
            if not self.has_table("failed_documents"):
                return []
            where, params = ("WHERE source = ?", [source]) if source is not None else ("", [])
            return [(str(document), str(reason), str(origin), failed_at, int(skips)) for document, reason, origin,
                    failed_at, skips in self._con.execute(
                        f"SELECT document, reason, source, failed_at, skipped FROM failed_documents {where} "
                        "ORDER BY document", params).fetchall()]
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the failed documents of {self.path}: {_one_line(exc)}") from exc

    def forget_failures(self, documents: Sequence[str]) -> None:
        """Drop these documents' records, so that the next import tries them again."""
        try:
            with self.transaction():
                self._delete_failures(documents)
        except duckdb.Error as exc:
            raise StoreError(f"cannot forget the failed documents in {self.path}: {_one_line(exc)}") from exc

    def _delete_failures(self, documents: Sequence[str]) -> None:
        if documents:
            self._con.execute("DELETE FROM failed_documents WHERE document IN (SELECT unnest(?::VARCHAR[]))",
                              [list(documents)])

    def _record_skips(self, run: ImportRun) -> None:
        self._con.execute("DELETE FROM import_skips WHERE run_id = ?", [run.run_id])
        if run.skipped:
            self._con.execute("INSERT INTO import_skips VALUES (?, ?)", [run.run_id, run.skipped])

    def run_skips(self, run_ids: Sequence[str]) -> dict[str, int]:
        """run id -> documents it skipped as failed before, for the runs that skipped some (none in a database of an
        older schema opened read-only)."""
        try:
            if not self.has_table("import_skips"):
                return {}
            return {str(run_id): int(skipped) for run_id, skipped in self._con.execute(
                "SELECT run_id, skipped FROM import_skips WHERE run_id IN (SELECT unnest(?::VARCHAR[]))",
                [list(run_ids)]).fetchall()}
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the import runs of {self.path}: {_one_line(exc)}") from exc

    def has_table(self, name: str) -> bool:
        """Whether the database has this table: a database of an older schema opened read-only lacks the newer ones."""
        return bool(self._con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                                      [name]).fetchall()[0][0])

    # -- reading --------------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | None = None) -> tuple[list[str], list[Row]]:
        """Run ONE SELECT statement, in a read-only transaction unless the caller's transaction is open; anything
        else raises QueryError (see `check_select`)."""
        check_select(sql)
        own = not self.in_transaction
        try:
            if own:
                self._con.execute("BEGIN TRANSACTION READ ONLY")
            cursor = self._con.execute(sql, list(params) if params is not None else None)
            rows = cursor.fetchall()
            columns = [d[0] for d in cursor.description or []]  # before the rollback, which has its own
        except duckdb.Error as exc:
            raise QueryError(_one_line(exc)) from exc
        finally:
            if own:
                with suppress(duckdb.Error):  # nothing to undo: the transaction only read
                    self._con.rollback()
        return columns, rows

    def select(self, sql: str, *, batch_size: int = 10_000, timeout: float | None = None) -> StreamedQuery:
        """ONE SELECT statement typed by a user, streamed: `with store.select(sql) as result:` gives its
        `columns`, and lists of at most `batch_size` rows when iterated, in a read-only transaction. Ctrl-C (a
        KeyboardInterrupt in the caller) or `timeout` seconds end it at once (events.store.streaming)."""
        check_select(sql)
        return StreamedQuery(self._con, sql, batch_size=batch_size, timeout=timeout)

    def iter_rows(self, sql: str, params: Sequence[Any] | None = None, *,
                  batch_size: int = 1000) -> Iterator[Row]:
        """Stream a query's rows in batches, never the whole result in memory."""
        cursor = self._con.cursor()
        try:
            cursor.execute(sql, list(params) if params is not None else None)
            while batch := cursor.fetchmany(batch_size):
                yield from batch
        except duckdb.Error as exc:
            raise StoreError(_one_line(exc)) from exc
        finally:
            cursor.close()

    def _dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, list(params))
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- merges across articles ------------------------------------------------------------------------

    def merges(self, *, event_id: str | None = None, include_undone: bool = False) -> list[tuple[Any, ...]]:
        """Recorded merges (columns: events.store.merge.sql.MERGE_COLUMNS), newest first."""
        return list_merges(self._con, event_id=event_id, include_undone=include_undone)

    def undo_merge(self, merge_id: str, *, now: Callable[[], datetime]) -> None:
        """Separate a merged event again; the pair is never merged again (the row stays, marked undone)."""
        self._bulk.drop_index()
        with self.transaction():
            undo_merge(self._con, merge_id, at=utc_naive(now()))

    def explain(self, event_id: str) -> dict[str, Any]:
        """The event, its sentence, and every field's value with its text span, offsets and rule id."""
        found = self._dicts("SELECT e.*, a.title, a.source, a.url, a.origin FROM events e "
                            "JOIN articles a USING (article_id) WHERE e.event_id = ?", [event_id])
        if not found:
            raise QueryError(f"no event with id {event_id!r}")
        event = found[0]
        fields: list[dict[str, Any]] = []

        def add(field: str, value: Any, row: dict[str, Any], text: str) -> None:
            fields.append({"field": field, "value": value, "text": row[text], "start": row["span_start"],
                           "end": row["span_end"], "rule": row["rule"]})

        for e in self._dicts("SELECT * FROM evidence WHERE event_id = ? ORDER BY ordinal", [event_id]):
            if e["field"].split(".")[0] not in _EXPLAINED_ELSEWHERE:
                add(e["field"], event.get(e["field"], e["text"]), e, "text")
        places = self._dicts("SELECT * FROM event_places WHERE event_id = ? ORDER BY ordinal", [event_id])
        for p in places:
            named = [p[k] for k in ("location", "admin2", "admin1", "country") if p[k]]
            add("place", ", ".join(dict.fromkeys(named)) if named else "(unresolved)", p, "mention")
        if not places:  # the evidence says why there is none (place.none)
            for e in self._dicts("SELECT * FROM evidence WHERE event_id = ? AND field = 'location' ORDER BY ordinal",
                                 [event_id]):
                add("place", "(none)", e, "text")
        actors = self._dicts("SELECT * FROM event_actors WHERE event_id = ? ORDER BY ordinal", [event_id])
        for a in actors:
            flags = [flag for flag in ("suspected", "claimed") if a[flag]]
            add(a["role"], a["name"] + (f" ({', '.join(flags)})" if flags else ""), a, "mention")
        if not any(a["role"] == "actor1" for a in actors):  # the evidence says why there is none (actor.none)
            for e in self._dicts("SELECT * FROM evidence WHERE event_id = ? AND field = 'actor1' ORDER BY ordinal",
                                 [event_id]):
                add("actor1", "(none)", e, "text")
        for c in self._dicts("SELECT * FROM claims WHERE event_id = ? ORDER BY span_start, claim_id",
                             [event_id]):
            add("claim", _claim_value(c), c, "evidence")
        return {"event": event, "sentence": event["sentence"], "fields": fields}


def check_select(sql: str) -> None:
    """QueryError unless `sql` is exactly one statement that DuckDB's own parser types as SELECT (with its other
    forms: FROM-first, VALUES, WITH, SHOW, DESCRIBE, SUMMARIZE). No prefix is read, so comments and EXPLAIN ANALYZE
    hide nothing: EXPLAIN, PRAGMA, COPY, EXPORT, ATTACH, INSTALL/LOAD, SET, CALL and every write are refused."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_one_line(exc)) from exc
    if len(statements) != 1:
        raise QueryError(f"expected exactly one SQL statement, got {len(statements)}")
    try:
        kind = statements[0].type.name
    except ValueError:  # a type the duckdb package's enum has no member for (UPDATE EXTENSIONS)
        kind = "an unknown statement type"
    if kind != "SELECT":
        raise QueryError(f"only SELECT statements are allowed, got {kind}")


def _upgradable(found: str) -> bool:
    """An older minor version of the same major version: only tables were added since."""
    try:
        have = tuple(int(part) for part in found.split("."))
        want = tuple(int(part) for part in SCHEMA_VERSION.split("."))
    except ValueError:
        return False
    return have[0] == want[0] and have[:2] < want[:2]


def _state(article: Article, version: str) -> tuple[Any, ...]:
    """What an article's stored extraction depends on: its text, the extractor version and EXTRACTION_INPUTS."""
    return (article.content_hash, version, *_as_read([getattr(article, field) for field in EXTRACTION_INPUTS]))


def _as_read(inputs: Sequence[Any]) -> list[Any]:
    """EXTRACTION_INPUTS' values (in their order) as the extraction reads them (_AS_READ)."""
    return [_AS_READ[field](value) if field in _AS_READ else value
            for field, value in zip(EXTRACTION_INPUTS, inputs, strict=True)]


def _status(stored: tuple[Any, ...] | None, state: tuple[Any, ...], replaced: list[str]) -> ArticleStatus:
    if replaced:  # in the database under another id: re-extracted under its own
        return "updated"
    return "new" if stored is None else "unchanged" if stored == state else "updated"


def _claim_value(c: dict[str, Any]) -> str:
    low, high = ("" if v is None else v for v in (c["count_low"], c["count_high"]))
    details = [f"victims: {c['victim']}"] if c["victim"] else []
    details += [c["qualifier"], f"claimant: {c['claimant']}"] + (["hedged"] if c["hedged"] else [])
    return f"{c['kind']} {low if low == high else f'{low}-{high}'} ({'; '.join(details)})"


# A read-only export may sort and aggregate millions of rows: this bounds its memory (DuckDB spills beyond).
_EXPORT_MEMORY_LIMIT = "256MB"


def _refuse_missing(name: str) -> None:
    """A reader is given no new empty database: StoreError saying how one is made."""
    if name != ":memory:" and not Path(name).exists():
        raise StoreError(f"no database at {name} (run 'events import' first; 'events build' puts the samples in "
                         "samples.duckdb)")


def _refuse_planted_links(name: str) -> None:
    """DuckDB writes its log and spills beside the database, following links: a link planted there would have it
    overwrite the link's target. Refused before connecting (one line, naming it)."""
    if name != ":memory:":
        refuse_link(f"{name}.wal", kind="DuckDB write-ahead log")
        refuse_link(f"{name}.tmp", kind="DuckDB temporary folder")


def open_read_only(path: str | Path, *, sandbox: bool, waiting: Waiting = WAIT_30_S) -> Store:
    """Open a database read-only with the analyst views present. With `sandbox`, the connection cannot
    touch any other file on the machine (no read_csv, COPY, ATTACH, ...) nor change its settings: for SQL typed
    by a user. Without, it is for exports: bounded memory, spilling to disk. While another process writes the
    file (an import), it waits as `waiting` says, as `Store.open` does."""
    name = str(path)
    _refuse_missing(name)
    _refuse_planted_links(name)
    config: dict[str, ConfigValue] = {"enable_external_access": False}
    if not sandbox:
        # for exports: a memory limit (with one thread, whose sort buffers fit it) makes DuckDB spill sorts
        # and aggregates to disk, so that memory stays flat however many events are exported
        config = {"memory_limit": _EXPORT_MEMORY_LIMIT, "threads": 1}
    try:
        con = connect_waiting(name, read_only=True, config=config, waiting=waiting)
        # TEMP views shadow the stored ones: a database written by an older version reads as this one's
        con.execute(temporary_views_ddl())
        if sandbox:  # settings stay as they are (enable_profiling() and the like change them from a SELECT)
            con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        raise StoreError(f"cannot open database {name}: {first_line(exc)}") from exc
    return Store(con, name, read_only=True)
