"""An event while it is being assembled from one or more sentences of an article."""

from __future__ import annotations

from dataclasses import dataclass, field

from events.extract.actors import ActorMention
from events.extract.candidates import Candidate
from events.extract.claims import ClaimMention
from events.extract.dating import EventDate
from events.extract.frames import Frame
from events.extract.text import Sentence


@dataclass
class Draft:
    """An event being assembled: one frame at one place, plus the sentences merged into it."""

    frame: Frame
    sentence: Sentence
    place: Candidate | None
    date: EventDate
    country: str | None
    country_code: str | None
    claims: list[ClaimMention] = field(default_factory=list)
    more_evidence: list[tuple[Sentence, Frame]] = field(default_factory=list)
    # who claimed it or is said to have planted it, here or in the next sentences: (sentence start, mention)
    perpetrator: tuple[int, ActorMention] | None = None
