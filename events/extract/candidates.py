"""A place candidate: a name the gazetteer knows (or a name introduced as a place), with what its wording
says about it. Finding (`places`), hint marking (`place_hints`) and resolution all pass these along."""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from gazetteer import Resolution


# Not frozen: a frozen dataclass sets each of these 18 fields through object.__setattr__, which made building
# candidates (several per article, each copied again when resolved) a tenth of finding places. Treat it as
# immutable all the same: derive changed copies with `replaced` (or dataclasses.replace), never assign.
@dataclass(slots=True)
class Candidate:
    """A name the gazetteer knows, as it stands in one sentence (article offsets)."""

    start: int
    end: int
    text: str
    sentence_index: int
    precision: int
    rule: str
    locative: bool  # introduced by a locative word: small or ambiguous names need it
    prefer_region: bool
    admin_hints: tuple[str, ...] = ()
    hint_only: bool = False  # it names the region of another mention, not a location of its own
    agent: bool = False  # named as an agent or partner ("backed by Paris"): it informs, it does not locate
    partial: bool = False  # a known name inside a longer unknown one ("Puli" in "Puli Alam"): needs support
    coded: bool = False  # the note itself says where it is coded ("coded as X at geoprecision 2")
    comma_after: str | None = None  # "X, <this>": the name it follows, whose region this may be
    unknown: bool = False  # introduced as a place but absent from the gazetteer: it still says "not elsewhere"
    origin: bool = False  # after "from": "refugees displaced from Syria" names an origin if it is a country
    city_part: bool = False  # "Copacabana neighborhood": coded at the city named beside it, if any
    resolution: Resolution | None = None


_FIELDS = tuple(f.name for f in fields(Candidate))
_VALUES = attrgetter(*_FIELDS)


def replaced(cand: Candidate, **changes: Any) -> Candidate:
    """`dataclasses.replace` at about half the cost (finding, hint marking and resolution copy most
    candidates once or twice): the field values are read in one call, without per-field bookkeeping."""
    values = list(_VALUES(cand))
    for name, value in changes.items():
        values[_FIELDS.index(name)] = value
    return Candidate(*values)
