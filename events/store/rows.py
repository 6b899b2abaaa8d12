"""The rows one extraction puts into the database, keyed by table, and why an extraction cannot be stored: pure
functions of the records, shared by the DuckDB store and the Parquet writers of cluster workers; the rows as
NumPy columns for an INSERT."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timezone
from typing import Any, Protocol

import numpy as np

from events.errors import InputError
from schemas import UNKNOWN_NAME, Actor, Article, CasualtyClaim, Event, PlaceMention


class ExtractionLike(Protocol):
    """What the store needs of `events.pipeline.Extraction`; structural, so the pipeline is never loaded."""

    @property
    def article(self) -> Article: ...
    @property
    def events(self) -> Sequence[Event]: ...
    @property
    def claims(self) -> Sequence[CasualtyClaim]: ...


Row = tuple[Any, ...]

# Python types whose values DuckDB's NumPy scan converts exactly as it converts them bound as parameters: one of
# these per column (and None). bool is no int here, a datetime no date (nor one with a zone); NaN would become NULL.
_SCANNED_TYPES = frozenset({str, int, float, bool, date, datetime, None})  # None: nothing but None
_TYPED = {int: np.int64, float: np.float64, bool: np.bool_}  # columns without None go typed, the rest as objects
# The largest value of the tables' INTEGER columns (schemas/schema.sql). Offsets and ordinals stay far below it; a
# figure beyond it would fail the INSERT of a whole batch, so the article holding it is refused instead.
_INTEGER_MAX = 2**31 - 1


def utc_naive(moment: datetime) -> datetime:
    """DuckDB TIMESTAMP has no zone: store UTC."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def problem_of(extraction: ExtractionLike, claims: list[CasualtyClaim],
             owners: dict[tuple[str, str], str]) -> InputError | None:
    """Why the store cannot hold this extraction, if it cannot."""
    article_id = extraction.article.article_id
    ids = {"event_id": [e.event_id for e in extraction.events], "claim_id": [c.claim_id for c in claims]}
    for column, values in ids.items():
        if len(set(values)) == len(values):
            continue  # every id once (every article but a defective one): no counting
        twice = sorted(i for i, n in Counter(values).items() if n > 1)
        return InputError(f"{column.replace('_', ' ')} {twice[0]!r} occurs twice in article {article_id!r}")
    owned = [e.article_id for e in extraction.events] + [c.article_id for c in claims]
    strangers = [owner for owner in owned if owner != article_id]
    if strangers:
        return InputError(f"extraction of article {article_id!r} holds records of {strangers[0]!r}")
    for column, values in ids.items():
        for i in values:
            if owners.get((column, i), article_id) != article_id:
                return InputError(f"{column} {i!r} already belongs to article {owners[column, i]!r}")
    return figure_problem(extraction, claims)


def figure_problem(extraction: ExtractionLike, claims: list[CasualtyClaim] | None = None) -> InputError | None:
    """Why the tables cannot hold this extraction's figures, if they cannot (a count beyond INTEGER)."""
    for column, value in _figures(extraction.events, all_claims(extraction) if claims is None else claims):
        if value is not None and abs(value) > _INTEGER_MAX:
            return InputError(f"{column} {value} is more than the database can hold ({_INTEGER_MAX} at most)")
    return None


def _figures(events: Sequence[Event], claims: list[CasualtyClaim]) -> Iterator[tuple[str, int | None]]:
    """The counts an extraction stores in INTEGER columns, by column."""
    for e in events:
        yield from (("fatalities", e.fatalities), ("fatalities_low", e.fatalities_low),
                    ("fatalities_high", e.fatalities_high))
    for c in claims:
        yield from (("count_low", c.count_low), ("count_high", c.count_high), ("coded", c.coded))


def all_claims(extraction: ExtractionLike) -> list[CasualtyClaim]:
    """The extraction's claims plus any only reachable through an event, each once, tied to its event."""
    claims: dict[str, CasualtyClaim] = {}
    for claim in extraction.claims:
        claims.setdefault(claim.claim_id, claim)
    for event in extraction.events:
        for claim in event.claims:
            if claim.claim_id not in claims:
                claims[claim.claim_id] = claim if claim.event_id else claim.model_copy(
                    update={"event_id": event.event_id})
    return list(claims.values())


def _child_rows(extraction: ExtractionLike, claims: list[CasualtyClaim]) -> dict[str, list[Row]]:
    """Child rows in insertion order, keyed by table."""
    events = extraction.events
    return {
        "events": [_event_row(e) for e in events],
        "event_places": [_place_row(e.event_id, i, m) for e in events for i, m in enumerate(e.places)],
        "event_actors": [_actor_row(e.event_id, i, a) for e in events for i, a in enumerate(e.actors)],
        "claims": [_claim_row(c) for c in claims],
        "evidence": [(e.event_id, i, v.field, v.start, v.end, v.text, v.rule)
                     for e in events for i, v in enumerate(e.evidence)],
    }


def extraction_rows(extraction: ExtractionLike, *, version: str, run_id: str, imported_at: datetime,
                    claims: list[CasualtyClaim] | None = None) -> dict[str, list[Row]]:
    """Every row one extraction puts into the database, keyed by table, in the tables' column order: what
    `Store.write_extractions` inserts and cluster workers write to Parquet. `claims` is `all_claims(extraction)`
    when the caller has it already."""
    claims = all_claims(extraction) if claims is None else claims
    rows = {"articles": [_article_row(extraction.article, version, run_id, utc_naive(imported_at))]}
    rows.update(_child_rows(extraction, claims))
    return rows


def _article_row(article: Article, version: str, run_id: str, imported_at: datetime) -> Row:
    return (article.article_id, article.title, article.published_at, article.url, article.source,
            article.author, article.origin, article.content_hash, article.text, version, run_id, imported_at,
            article.published_at_source)


def _event_row(e: Event) -> Row:
    return (e.event_id, e.article_id, e.event_date, e.date_precision, e.event_type, e.sub_event_type,
            e.fatalities, e.fatalities_low, e.fatalities_high, e.sentence, e.sentence_index, e.sentence_start,
            e.sentence_end, e.background, e.extractor_version)


def location_name(m: PlaceMention) -> str | None:
    """The place's name as the text spells it, where the text names the place itself (a town, at precision 1 or 2:
    "Daraya", not the gazetteer's "Dārayyā"; news-dev's GUIDELINES, "spelled as in the text"); a name the
    gazetteer lacks, coded at its admin unit or its country, too; else the gazetteer's name (an area or a country
    only the story's focus gives, a capital the text names by its country). A name written in capitals is given its
    first letters' capitals only."""
    p = m.place
    if p is None:
        return None
    spelled = m.text.strip()
    # "Somalia's capital", "the capital": the text names the country or nothing of the capital it means
    capital = "incident.capital" in m.rule
    if spelled and not capital and (UNKNOWN_NAME in m.rule
                                    or (m.geo_precision <= 2 and not (p.feature_code or "").startswith("PCL"))):
        return spelled.title() if spelled.isupper() and len(spelled) > 3 else spelled
    return p.name


def _place_row(event_id: str, ordinal: int, m: PlaceMention) -> Row:
    p = m.place
    resolved = (p.geonameid, location_name(m), p.country, p.country_code, p.admin1, p.admin2, p.latitude,
                p.longitude, p.feature_class, p.feature_code, p.population) if p else (None,) * 11
    return (event_id, ordinal, m.text, m.start, m.end, *resolved, m.geo_precision, m.rule)


def _actor_row(event_id: str, ordinal: int, a: Actor) -> Row:
    return (event_id, ordinal, a.role, a.name, a.inter, a.country, a.text, a.start, a.end, a.rule,
            a.suspected, a.claimed)


def _claim_row(c: CasualtyClaim) -> Row:
    return (c.claim_id, c.event_id, c.article_id, c.kind, c.count_low, c.count_high, c.qualifier, c.coded,
            c.victim, c.claimant, c.hedged, "; ".join(c.hedges) if c.hedges else None, c.evidence, c.start,
            c.end, c.sentence_index, c.rule)


def scan_columns(rows: Sequence[Row]) -> dict[str, np.ndarray] | None:
    """The rows as NumPy columns c0, c1, ... for DuckDB to scan, three times faster than binding them as lists;
    None when a column's values might convert differently that way (mixed types, NaN, ints beyond 64 bits)."""
    columns: dict[str, np.ndarray] = {}
    for i, values in enumerate(zip(*rows, strict=True)):
        types = set(map(type, values))
        nullable = type(None) in types
        types.discard(type(None))
        kind = types.pop() if len(types) == 1 else None
        if types or kind not in _SCANNED_TYPES or kind is datetime and any(v.tzinfo for v in values if v):
            return None
        # np.fromiter, not np.array: the values are scalars, and np.array looks into each for a nested sequence
        # (twice the time of an object column, and the columns of a batch cost as much as its INSERT)
        if kind in _TYPED:
            present = [v for v in values if v is not None] if nullable else values
            try:  # raises on an int beyond 64 bits
                typed: np.ndarray = np.fromiter(present, dtype=_TYPED[kind], count=len(present))
            except OverflowError:
                return None
            if kind is float and not np.isfinite(typed).all():
                return None
            if not nullable:
                columns[f"c{i}"] = typed
                continue
        columns[f"c{i}"] = np.fromiter(values, dtype=object, count=len(values))
    return columns
