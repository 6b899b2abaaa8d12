"""Name folding and the filters that keep junk alternate names out of the index."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from unidecode import unidecode

# Apostrophes of every kind, hyphens/dashes and dots separate words the same way a space does, so
# "N'Djamena", "N Djamena" and "N’Djamena" meet on one key.
_SEPARATORS = str.maketrans(
    {
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "\u2012": " ",
        "\u2013": " ",
        "\u2014": " ",
        "'": " ",
        "\u2018": " ",
        "\u2019": " ",
        "\u02bb": " ",
        "\u02bc": " ",
        "`": " ",
        "\u00b4": " ",
        ".": " ",
    }
)


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """ASCII, case-folded, separators as single spaces: the key every lookup uses. Remembered: extraction
    folds the same few thousand names (every capitalised run, admin hint and candidate) again and again."""
    return _fold(name)


def _fold(name: str) -> str:
    if not name.isascii():
        name = unidecode(name)
    folded = " ".join(name.casefold().translate(_SEPARATORS).split())
    if "north " in folded or "south " in folded:
        # "North-West", "North West" and "Northwest" are one name (Cameroon's North-West Region, written all
        # three ways in the news)
        folded = _COMPASS.sub(r"\1\2", folded)
    return folded


_COMPASS = re.compile(r"\b(north|south) (east|west)\b")


# Characters outside the Latin blocks (basic, Latin-1, Extended-A/B, Extended Additional); only letters
# among them disqualify a name, so punctuation such as "’" passes.
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]")
_LETTER = re.compile(r"[^\W\d_]")


def is_latin(name: str) -> bool:
    """True when every letter is from the Latin script."""
    if name.isascii():
        return True
    return not any(m.group().isalpha() for m in _NON_LATIN.finditer(name))


def keep_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing.

    Drops other scripts, airport/ICAO-like all-caps codes ("BER", "EDDB"), lower-case machine
    transliterations GeoNames carries ("brlyn", "bai lin"), and names of one or two letters or digits only:
    each of those mostly produces false hits in running text.
    """
    if not is_latin(name) or name == name.lower():
        return False
    letters = _LETTER.findall(name)
    if len(letters) <= 2:
        return False
    return not (name.isupper() and len(letters) <= 5)


def memo_fold() -> Callable[[str], str]:
    """A `fold` that remembers its answers: building the index folds each of ~1M names several times."""
    memo: dict[str, str] = {}

    def cached(name: str) -> str:
        key = memo.get(name)
        if key is None:
            key = memo[name] = _fold(name)
        return key

    return cached
