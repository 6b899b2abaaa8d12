"""The pure core's entry point: one Article in, its events and claims out (no I/O after loading)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from events.extract.assembly.incidents import extract_events
from events.extract.mentions.places import OnlineLookup
from events.lexicon import Lexicons
from events.version import EXTRACTOR_VERSION
from gazetteer import Gazetteer
from schemas import Article, CasualtyClaim, Event


@dataclass(frozen=True)
class Extraction:
    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[CasualtyClaim] = field(default_factory=list)  # every claim, attached to an event or not


class Pipeline:
    """Holds the loaded resources; `extract` is a pure function of them and the article.

    Build with `Pipeline.default()` (bundled lexicons, embedded gazetteer) or `Pipeline(gazetteer, lexicons)`.
    The pipeline owns its `Lexicons` and passes it to every extractor: each rule file is read, and each
    matcher compiled, once, on first use. A variant (`Lexicons(folder)` of an edited copy) runs beside the
    default in the same process. `online`, off unless given, resolves names the gazetteer lacks
    (gazetteer.online.OnlineGeocoder).
    """

    def __init__(self, gazetteer: Gazetteer, lexicons: Lexicons | None = None, version: str | None = None, *,
                 online: OnlineLookup | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicons = lexicons if lexicons is not None else Lexicons()
        # rules + code: a variant of the lexicons is another extractor (Lexicons.version_of)
        self.version = version if version is not None else self.lexicons.version_of(EXTRACTOR_VERSION)
        self.online = online

    @classmethod
    def default(cls, cache_dir: Path | None = None, *, online: OnlineLookup | None = None) -> Pipeline:
        return cls(Gazetteer.default(cache_dir), online=online)

    def extract(self, article: Article) -> Extraction:
        events, claims = extract_events(article, self.gazetteer, self.lexicons, self.version, self.online)
        return Extraction(article, events, claims)
