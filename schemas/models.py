"""The records every stage agrees on.

Offsets (`start`, `end`) are always character offsets into `Article.text`, so that any field can be
traced back to the exact span it came from; `rule` names the rule or lexicon entry that produced it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

SCHEMA_VERSION = "1.3.0"

DatePrecision = Literal["day", "week", "month", "year"]
ClaimKind = Literal[
    "killed", "injured", "casualties", "captured", "abducted", "missing", "displaced", "arrested", "combatants"
]
Qualifier = Literal["exact", "at_least", "at_most", "approximate", "range", "vague"]
ActorRole = Literal["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"]
RunStatus = Literal["running", "ok", "partial", "failed"]
PublishedAtSource = Literal["given", "text", "mtime"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(Record):
    """One traced field: which text span, found by which rule, supports which field of an event."""

    field: str = Field(description="event field this span supports, e.g. event_type, event_date, location")
    start: int = Field(ge=0, description="start offset in the article text")
    end: int = Field(ge=0, description="end offset in the article text")
    text: str = Field(description="the span's text")
    rule: str = Field(description="id of the rule or lexicon entry that matched")


class Article(Record):
    article_id: str = Field(min_length=1,
                            description="the input's id, else a hash of its canonical URL, its file's path or its text")
    text: str = Field(description="the article's full text; every offset points into it")
    title: str | None = None
    published_at: date | None = Field(default=None, description="publication date; anchors relative dates")
    published_at_source: PublishedAtSource | None = Field(
        default=None, description="where published_at came from: given (the input's field or the import's option), "
        "text (the file's front matter, a 'Published:' line or its dateline) or mtime (the file's modification "
        "time: dates relative to it get week precision); None: given, or no date")
    url: str | None = None
    source: str | None = Field(default=None, description="publisher or outlet")
    author: str | None = None
    origin: str | None = Field(default=None, description="where it was read from: path, path:line or URL")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:32]


class Place(Record):
    """A gazetteer entry as stored with an event."""

    geonameid: str | None = Field(default=None, description="GeoNames id, or a supplement id")
    name: str
    country: str | None = Field(default=None, description="country name as ACLED writes it")
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    feature_class: str | None = Field(default=None, description="GeoNames feature class: P, A, ...")
    feature_code: str | None = Field(default=None, description="GeoNames feature code: PPL, ADM1, PCLI, ...")
    population: int | None = None


# The rule id a place mention's rule contains when the gazetteer lacks the name and the event is coded at the
# name's admin unit or its country instead: the location's name is then the name as written (a village is
# named as the text spells it), its coordinates and geo_precision (2 or 3) are the unit's.
UNKNOWN_NAME = "place.unknown-name"


class PlaceMention(Record):
    text: str = Field(description="the place name as written")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    place: Place | None = Field(default=None, description="the resolved place; None if unresolved")
    geo_precision: int = Field(
        ge=1, le=3, description="1 the named town, 2 near it or part of a region, 3 region or country")
    rule: str = Field(description="how the mention was found and resolved")


class Actor(Record):
    name: str = Field(description="canonical actor name, ACLED style")
    role: ActorRole
    inter: int | None = Field(default=None, ge=0, le=8, description="ACLED actor type code (inter1/inter2)")
    country: str | None = None
    text: str = Field(description="the mention as written")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    rule: str
    suspected: bool = Field(default=False, description="'suspected', 'presumed', 'alleged' attached to it")
    claimed: bool = Field(default=False, description="the actor claimed responsibility")


class CasualtyClaim(Record):
    """One figure as somebody claimed it: never merged with or overwritten by another claim."""

    claim_id: str
    event_id: str | None = Field(default=None, description="the event it counts for; None if article-level")
    article_id: str
    kind: ClaimKind
    count_low: int | None = Field(default=None, ge=0)
    count_high: int | None = Field(default=None, ge=0, description="None when open-ended ('more than 100')")
    qualifier: Qualifier
    coded: int | None = Field(
        default=None, ge=0,
        description="the figure ACLED's rules code for it: lower bound of a range or 'more than N'; "
        "vague words a few/several 3, many 10, dozens 12, scores 20, hundreds 100, thousands 1000",
    )
    victim: str | None = Field(default=None, description="who was counted: civilians, soldiers, ...")
    claimant: str = Field(description="who made the claim, or 'reporter' when the article asserts it")
    hedged: bool = False
    hedges: list[str] = Field(default_factory=list, description="the hedge words found: likely, reportedly, ...")
    evidence: str = Field(description="the exact text of the claim span")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence_index: int = Field(ge=0)
    rule: str


class Event(Record):
    event_id: str
    article_id: str
    event_date: date | None
    date_precision: DatePrecision
    event_type: str = Field(description="ACLED event type")
    sub_event_type: str = Field(description="ACLED sub-event type")
    places: list[PlaceMention] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    claims: list[CasualtyClaim] = Field(default_factory=list)
    fatalities: int = Field(ge=0, description="ACLED's conservative figure over the claims")
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    sentence: str
    sentence_index: int = Field(ge=0)
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)
    evidence: list[Evidence] = Field(default_factory=list)
    background: bool = Field(default=False, description="history the article recalls, not news of its date")
    extractor_version: str


class ImportFailure(Record):
    document: str = Field(description="the input that failed: path, path:line or URL")
    reason: str


class ImportWarning(Record):
    document: str = Field(description="the input the warning is about: path or URL")
    message: str = Field(description="what the run did not do, e.g. how many items of a long feed it skipped")


class ImportRun(Record):
    run_id: str
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = Field(default=0, description="documents that failed before and have not changed since: not tried "
                                                "again (`events retry` does)")
    status: RunStatus = "running"
    failures: list[ImportFailure] = Field(default_factory=list)
    warnings: list[ImportWarning] = Field(default_factory=list)


RECORD_TYPES: tuple[type[Record], ...] = (
    Article, Event, Actor, Place, PlaceMention, CasualtyClaim, Evidence, ImportRun)


# ACLED's taxonomy (codebook 2023, 2.3): the 6 event types and their 25 sub-event types, in ACLED's order. Every
# event's event_type and sub_event_type is one of these; the command line checks its --type values against them.
ACLED_EVENT_TYPES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
})
