"""Whether a sentence reports an incident of its article or only mentions violence (reporting.toml).

News tells its incident beside statistics ("more than 13,000 have been killed since 2015"), habits ("the group
often fires mortars") and earlier incidents ("it comes a week after a similar attack"). A draft from such a
sentence is kept, flagged with the list that matched and its span, and left out of the news: it is evidence,
not an event of this article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.lexicon import Lexicons

_LEXICON = "reporting.toml"
_LISTS = ("report.running-total", "report.habitual", "report.recalled", "report.proceedings", "report.release")


@dataclass(frozen=True, slots=True)
class NotReported:
    """Why a sentence reports no incident: the list's id and the span that matched (sentence offsets)."""

    rule: str
    start: int
    end: int
    text: str


def _patterns(lexicons: Lexicons) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Build with `lexicons.compiled(_patterns)`."""
    return tuple((list_id, re.compile(rf"\b{lexicons.word_list(_LEXICON, list_id).alternation()}", re.I))
                 for list_id in _LISTS)


def not_reported(sentence: str, lexicons: Lexicons) -> NotReported | None:
    """The first list that says `sentence` reports no incident of its own, or None."""
    for list_id, pattern in lexicons.compiled(_patterns):
        found = pattern.search(sentence)
        if found is not None:
            return NotReported(list_id, found.start(), found.end(), found.group())
    return None
