"""Reading the versioned lexicon files shipped in events/lexicons/ (data, not code)."""

from __future__ import annotations

import csv
import io
import itertools
import re
from functools import cache
from importlib import resources
from typing import Any

import tomllib

from events.errors import LexiconError

_BRACES = re.compile(r"\{([^{}]*)\}")


def lexicon_text(name: str) -> str:
    return resources.files("events").joinpath("lexicons", name).read_text(encoding="utf-8")


@cache
def read_toml(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(lexicon_text(name))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicon {name}: {exc}") from exc


@cache
def read_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a lexicon CSV; lines starting with '#' are comments (the file's own documentation)."""
    lines = [line for line in lexicon_text(name).splitlines() if not line.lstrip().startswith("#")]
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        if None in row or any(value is None for value in row.values()):
            raise LexiconError(f"lexicon {name}: row {number} has the wrong number of fields")
        rows.append({key: value.strip() for key, value in row.items()})
    return tuple(rows)


def expand(pattern: str) -> list[str]:
    """Brace expansion: 'attack{,s,ed}' -> ['attack', 'attacks', 'attacked']; several groups multiply."""
    parts = _BRACES.split(pattern)
    literals, choices = parts[0::2], [group.split(",") for group in parts[1::2]]
    out = []
    for combo in itertools.product(*choices):
        text = literals[0] + "".join(c + lit for c, lit in zip(combo, literals[1:], strict=True))
        out.append(re.sub(r"\s+", " ", text).strip())
    return out


def expand_all(patterns: str) -> list[str]:
    return [form for pattern in patterns.split("|") if pattern.strip() for form in expand(pattern.strip())]


# Letters that re.IGNORECASE equates with ASCII ones but lower() keeps apart (İ, ı, ſ; the Kelvin sign lowers
# to "k" already): a pattern built from lexicon forms matches "ſhot" or "kılled", so the key read from the
# match, and the phrase matchers that search lowered text, read them as those letters. One character each:
# offsets carry over.
LOOK_ALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def form_key(text: str) -> str:
    """The lexicon key of a form's match: lower case, words joined by one space."""
    return " ".join((text if text.isascii() else text.translate(LOOK_ALIKES)).lower().split())
