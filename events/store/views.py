"""The analyst views (`schemas/views.sql`), the sandboxed read connection `events sql` uses, one-line SQL
errors with their position, and the schema description `events schema` prints.

The description is generated, never written by hand: column types come from DuckDB after applying the DDL
and the views, table columns are described by the pydantic models' field descriptions, views by the
COMMENTs in the views file. A column neither describes falls back to `_COLUMN_NOTES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

from events.errors import QueryError
from events.store.connect import connect
from schemas import (
    Actor,
    Article,
    CasualtyClaim,
    Event,
    Evidence,
    ImportFailure,
    ImportRun,
    ImportWarning,
    Place,
    PlaceMention,
    Record,
    ddl,
)

ANALYST_VIEWS = ("events_acled", "events_ged", "event_claims", "event_sources", "daily_counts")

_TABLE_NOTES = {
    "schema_info": "key/value facts about the database, such as its schema version",
    "articles": "one row per imported article, with its full text",
    "events": "one row per event found in an article (background events are flagged, not dropped)",
    "event_places": "the places named for each event, resolved against the gazetteer",
    "event_actors": "the actors of each event, by ACLED role",
    "claims": "every casualty or force-size figure as somebody claimed it",
    "evidence": "the text spans and rules behind each event field",
    "import_runs": "one row per import run with its counts",
    "import_failures": "the documents an import run could not read, and why",
    "event_merges": "events of different articles merged as one incident, with the reason; undoable",
}
_TABLE_MODELS: dict[str, tuple[type[Record], ...]] = {
    "articles": (Article,), "events": (Event,), "events_superseded": (Event,),
    "event_places": (PlaceMention, Place),
    "event_actors": (Actor,), "claims": (CasualtyClaim,), "evidence": (Evidence,),
    "import_runs": (ImportRun,), "import_failures": (ImportFailure,), "import_warnings": (ImportWarning,),
}
# Stored column -> model field, where the names differ.
_FIELD_OF = {"span_start": "start", "span_end": "end", "mention": "text", "location": "name"}
# Columns the models leave undescribed ("table.column" where one table means something else by a name).
_COLUMN_NOTES = {
    "key": "name of the fact", "value": "the fact's value",
    "article_id": "the article's id", "event_id": "the event's id", "claim_id": "the claim's id",
    "run_id": "the import run's id", "title": "the article's title", "url": "the article's URL",
    "author": "the article's author", "content_hash": "hash of the article text, to notice edits",
    "extractor_version": "version of the rules that produced the row", "imported_at": "when it was imported (UTC)",
    "event_date": "the day the event took place (start of its period)",
    "date_precision": "day, week, month or year", "fatalities_low": "lowest figure over the claims",
    "fatalities_high": "highest figure over the claims", "sentence": "the evidence sentence",
    "sentence_index": "position of the sentence in the article, from 0",
    "sentence_start": "start offset of the sentence in the article text",
    "sentence_end": "end offset of the sentence in the article text",
    "ordinal": "position among the event's rows of this table, from 0",
    "name": "the place's name", "latitude": "decimal degrees", "longitude": "decimal degrees",
    "role": "actor1, assoc_actor_1, actor2 or assoc_actor_2", "rule": "id of the rule or lexicon entry",
    "kind": "killed, injured, casualties, captured, abducted, missing, displaced, arrested, combatants",
    "qualifier": "exact, at_least, at_most, approximate, range, vague", "hedged": "the claim is hedged",
    "evidence": "the exact text of the claim span", "count_low": "lowest count the claim allows",
    "location": "the place's name as the text writes it (a town, a name the gazetteer lacks), else the area's",
    "source": "the input the run read",
    "started_at": "when the run started (UTC)", "finished_at": "when the run finished (UTC)",
    "seen": "documents read", "new": "articles added", "updated": "articles replaced by a new text or version",
    "unchanged": "articles already stored as they are", "failed": "documents that could not be imported",
    "status": "running, ok, partial or failed", "country": "country name as ACLED writes it",
    "admin1": "first-order administrative division", "admin2": "second-order administrative division",
    "population": "population of the place, if known", "reason": "why it failed",
    "span_start": "start offset of the span in the article text",
    "span_end": "end offset of the span in the article text",
    "superseded_at": "when a newer text or extractor version replaced it (UTC)",
    "superseded_by_run": "the import run that replaced it", "query": "the name asked for",
    "country_codes": "the countries the answer was limited to",
    "event_merges.reason": "why the two events are one incident: type, dates, distance, actors",
    "event_merges.rule": "id of the merge rule (events/lexicons/merge.toml)",
    "event_merges.run_id": "the import run that made the merge",
    "merge_id": "the merge's id (from the two event ids)", "kept_event_id": "the event kept for the incident",
    "merged_event_id": "the event merged into it",
    "distance_km": "distance between the two events' places", "days_apart": "days between their dates",
    "merged_at": "when the merge was made (UTC)", "undone_at": "when an analyst undid it (UTC); NULL while active",
    "result_json": "the answer as a gazetteer Place in JSON; NULL when none", "fetched_at": "when it was asked (UTC)",
    "fetch_validators.url": "the feed or page URL as it was asked for",
    "etag": "the ETag the server sent with its last full answer", "last_modified": "its Last-Modified header",
    "fetch_validators.extractor_version": "the version that imported what the answer held",
    "saved_at": "when the answer was stored (UTC)",
    "failed_documents.document": "the document that failed: path, path:line or URL",
    "fingerprint": "what it was when it failed: the article's hash and extractor version, or the read error",
    "failed_documents.source": "the source of the run that first recorded it",
    "failed_documents.run_id": "the import run it last failed in", "failed_at": "when it last failed (UTC)",
    "failed_documents.skipped": "runs that skipped it since, as unchanged",
    "skipped_at": "when a run last skipped it (UTC)",
    "import_skips.skipped": "documents the run skipped: they failed before and had not changed",
}
# The comment block right above a CREATE TABLE describes a table _TABLE_NOTES does not know.
_TABLE_COMMENT = re.compile(r"((?:^--[^\n]*\n)+)CREATE TABLE IF NOT EXISTS (\w+)", re.MULTILINE)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" or "view"
    description: str
    columns: tuple[Column, ...]


@cache
def views_ddl() -> str:
    """The views file: CREATE OR REPLACE VIEW statements with their COMMENTs."""
    return resources.files("schemas").joinpath("views.sql").read_text(encoding="utf-8")


def temporary_views_ddl() -> str:
    """The views as TEMP views, for a read-only connection (which cannot replace the stored ones)."""
    return views_ddl().replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW")


def first_line(error: BaseException) -> str:
    return " ".join(str(error).split("\n", 1)[0].split())


_CARET_AT = re.compile(r"^LINE (\d+): (.*)\n( *)\^", re.MULTILINE)


def sql_error(query: str, error: QueryError) -> QueryError:
    """The error of a user's query on one line, with the line and column DuckDB points at."""
    cause = error.__cause__
    found = _CARET_AT.search(str(cause)) if isinstance(cause, duckdb.Error) else None
    if found is None:
        return error
    line_no, shown, pad = int(found[1]), found[2], len(found[3]) - len(f"LINE {found[1]}: ")
    lines = query.splitlines() or [""]
    text = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    column = pad + 1
    if shown.startswith("..."):  # DuckDB shows a window of a long line: find where it starts
        window = shown[3:].removesuffix("...")
        column = text.find(window) + pad - 3 + 1 if window and window in text else column
    return QueryError(f"{error} (line {line_no}, column {column})")


@cache
def describe_schema() -> tuple[Relation, ...]:
    """Every table, then every view, in the order the files create them."""
    con = connect()
    try:
        con.execute(ddl())
        con.execute(views_ddl())
        columns = con.execute(
            "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
            "WHERE NOT internal ORDER BY table_name, column_index").fetchall()
        comments = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")
                        .fetchall())
    finally:
        con.close()
    by_relation: dict[str, list[tuple[str, str, str | None]]] = {}
    for relation, column, kind, comment in columns:
        by_relation.setdefault(relation, []).append((column, kind, comment))
    tables = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", ddl())
    views = re.findall(r"CREATE OR REPLACE VIEW (\w+)", views_ddl())
    commented = {name: _first_sentence(block) for block, name in _TABLE_COMMENT.findall(ddl())}
    relations = [Relation(t, "table", _TABLE_NOTES.get(t) or commented.get(t, ""),
                          tuple(Column(c, k, _table_column_note(t, c)) for c, k, _ in by_relation[t]))
                 for t in tables]
    relations += [Relation(v, "view", comments.get(v) or "",
                           tuple(Column(c, k, note or "") for c, k, note in by_relation[v])) for v in views]
    return tuple(relations)


def _first_sentence(comment: str) -> str:
    text = " ".join(line.removeprefix("--").strip() for line in comment.splitlines())
    return text.split(". ")[0].rstrip(".")


def _table_column_note(table: str, column: str) -> str:
    field = _FIELD_OF.get(column, column)
    for model in _TABLE_MODELS.get(table, ()):
        info = model.model_fields.get(field)
        if info is not None and info.description:
            return info.description
    return (_COLUMN_NOTES.get(f"{table}.{column}") or _COLUMN_NOTES.get(column)
            or _COLUMN_NOTES.get(field, ""))


def schema_text(relations: tuple[Relation, ...]) -> str:
    """Plain text: each relation's name, kind and description, then its columns aligned."""
    blocks = []
    for relation in relations:
        width = max(len(c.name) for c in relation.columns)
        kinds = max(len(c.type) for c in relation.columns)
        lines = [f"{relation.name} ({relation.kind}): {relation.description}"]
        lines += [f"  {c.name.ljust(width)}  {c.type.ljust(kinds)}  {c.description}".rstrip()
                  for c in relation.columns]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
