"""The pure core's entry point: one Article in, its events and claims out (no I/O after loading)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from events.errors import EventsError, ExtractionError
from events.extract.assembly.incidents import extract_events
from events.extract.casing import restore_case
from events.extract.mentions.places import OnlineLookup
from events.extract.mentions.triggers import trigger_words
from events.lexicon import Lexicons
from events.version import EXTRACTOR_VERSION
from gazetteer import Gazetteer
from gazetteer.errors import GazetteerError
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
        """Raises EventsError (or the gazetteer's GazetteerError) only: an unexpected error on odd text (a defect
        of an extractor) becomes an ExtractionError, so that every import treats it as this article's failure and
        goes on with the others."""
        try:
            return self._extract(article)
        except (EventsError, GazetteerError):  # refusals, and a broken gazetteer, which no article can get past
            raise
        except Exception as exc:  # RecursionError, OverflowError, ValueError, ... raised by the text at hand
            message = " ".join(str(exc).split())
            raise ExtractionError(f"unexpected {type(exc).__name__}{': ' + message if message else ''}") from exc

    def _extract(self, article: Article) -> Extraction:
        vocabulary = self.lexicons.compiled(trigger_words)
        restored = restore_case(article.text, self.gazetteer, vocabulary)
        if restored is None:
            events, claims = extract_events(article, self.gazetteer, self.lexicons, self.version, self.online)
            return Extraction(article, events, claims)
        # written in capitals: extracted from the text cased as a writer would have, offset for offset; every
        # quoted span is then taken from the article as it came
        title = restore_case(article.title, self.gazetteer, vocabulary) if article.title else None
        cased = article.model_copy(update={"text": restored, "title": title or article.title})
        events, claims = extract_events(cased, self.gazetteer, self.lexicons, self.version, self.online)
        text = article.text
        return Extraction(article, [_quoted_from(e, text) for e in events], [_claim_from(c, text) for c in claims])


def _quoted_from(event: Event, text: str) -> Event:
    """The event with every span's text taken from `text` (same offsets)."""
    return event.model_copy(update={
        "sentence": text[event.sentence_start:event.sentence_end],
        "evidence": [e.model_copy(update={"text": text[e.start:e.end]}) if e.end > e.start else e
                     for e in event.evidence],
        "places": [p.model_copy(update={"text": text[p.start:p.end]}) if p.end > p.start else p for p in event.places],
        "actors": [a.model_copy(update={"text": text[a.start:a.end]}) if a.end > a.start else a for a in event.actors],
        "claims": [_claim_from(c, text) for c in event.claims],
    })


def _claim_from(claim: CasualtyClaim, text: str) -> CasualtyClaim:
    return claim.model_copy(update={"evidence": text[claim.start:claim.end]}) if claim.end > claim.start else claim
