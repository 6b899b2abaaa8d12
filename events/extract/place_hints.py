"""Names that locate another name: ACLED's "X (Douentza, Mopti)", "X, Mopti region" and "between X and Y
(Bandiagara, Mopti)". The later names become admin hints of the place they qualify."""

from __future__ import annotations

import re

from events.extract.candidates import Candidate, replaced
from events.extract.text import Sentence

_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:villages?\s+of\s+|towns?\s+of\s+)?$", re.I)
_AND_ONLY = re.compile(r"\s+and\s+(?:the\s+)?", re.I)
_DESCRIPTOR_PAREN = re.compile(r"(?:(?:city|town|village|area|district|camp|locality|neighbou?rhood|commune)\s*)?\(",
                               re.I)
_COMMA_AFTER = re.compile(r"(?:\s+(?:village|town|city|area|municipality|district|commune))?,\s*")
_BRACKET = re.compile(r"[()]")


def mark_hints(sentence: Sentence, found: list[Candidate]) -> list[Candidate]:
    """ACLED's "X (Douentza, Mopti)" and "X, Mopti region": the later names locate the first one.

    Every name inside a parenthesis that follows a place is an admin hint of that place. When the name
    before the parenthesis is unknown ("Lelehoy (Ansongo, Gao)"), the first hint stands in for it, near it,
    read as a region first, and the rest are its hints."""
    out: list[Candidate] = []
    owners: dict[int, int] = {}  # position of an open parenthesis -> index in `out` of the place it qualifies
    for cand in found:
        local = cand.start - sentence.start
        paren = _open_paren(sentence.text, local)
        if paren is not None:
            owner = owners.get(paren)
            if owner is None:
                owner = _owner_before(sentence, out, paren)
            if owner is not None:
                out[owner] = replaced(out[owner], admin_hints=(*out[owner].admin_hints, cand.text))
                owners[paren] = owner
                out.append(replaced(cand, hint_only=True))
                continue
            owners[paren] = len(out)
            out.append(replaced(cand, precision=max(cand.precision, 2), rule="place.admin-hint", locative=True,
                                prefer_region=True))
            continue
        prev = out[-1] if out else None
        if prev is not None and not prev.hint_only:
            between = sentence.text[prev.end - sentence.start:local]
            if _COMMA_AFTER.fullmatch(between):
                # "Ansongo, Gao" may be a town and its region, or two towns in a list: resolution decides
                out[-1] = replaced(prev, admin_hints=(*prev.admin_hints, cand.text))
                out.append(replaced(cand, comma_after=prev.text, locative=True))
                continue
        out.append(cand)
    return _share_between_hints(sentence, out)


def _share_between_hints(sentence: Sentence, found: list[Candidate]) -> list[Candidate]:
    """"between Bougou and Bandiagara (Bandiagara, Mopti)": the hints locate both ends of the road."""
    text = sentence.text
    for i in range(len(found) - 1):
        first, second = found[i], found[i + 1]
        if first.admin_hints or not second.admin_hints or first.hint_only or second.hint_only:
            continue
        if _BETWEEN_BEFORE.search(text, 0, first.start - sentence.start) and _AND_ONLY.fullmatch(
                text, first.end - sentence.start, second.start - sentence.start):
            found[i] = replaced(first, admin_hints=second.admin_hints)
    return found


def _open_paren(text: str, position: int) -> int | None:
    """Position of the innermost parenthesis still open at `position`, if any."""
    if text.find("(", 0, position) < 0:
        return None  # most sentences: no scan
    stack: list[int] = []
    for bracket in _BRACKET.finditer(text, 0, position):
        if bracket.group() == "(":
            stack.append(bracket.start())
        elif stack:
            stack.pop()
    return stack[-1] if stack else None


def _owner_before(sentence: Sentence, out: list[Candidate], paren: int) -> int | None:
    """The known place right before a parenthesis ("Boni (", "Gossi village ("), if there is one."""
    for index in range(len(out) - 1, -1, -1):
        cand = out[index]
        end = cand.end - sentence.start
        if end > paren or cand.hint_only:
            continue
        gap = sentence.text[end:paren + 1].strip()
        return index if _DESCRIPTOR_PAREN.fullmatch(gap) and not cand.unknown else None
    return None
