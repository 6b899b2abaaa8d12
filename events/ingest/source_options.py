"""The `[source.options]` of a sources file, checked and typed: one InputError naming the file, the source and
the option for a value of the wrong kind (`sources.toml: source 'x': timeout: must be a number of seconds, got
'abc'`), instead of a TypeError deep inside the fetch. Values are TOML's, so they are shown as TOML writes them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.errors import InputError
from events.ingest.feeds import MAX_ITEMS
from events.ingest.fetch import FetchPolicy

_POLICY_OPTIONS = ("timeout", "deadline", "retries", "max_bytes", "politeness")


class _Bad(ValueError):
    """What is wrong with one value; the caller adds where it is."""


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _seconds(minimum: float, inclusive: bool) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _Bad(f"must be a number of seconds, got {_shown(value)}")
        if value < minimum or (value == minimum and not inclusive):
            wanted = f"{minimum:g} seconds or more" if inclusive else f"more than {minimum:g} seconds"
            raise _Bad(f"must be {wanted}, got {_shown(value)}")
        return float(value)
    return check


def _whole(minimum: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(f"must be a whole number, got {_shown(value)}")
        if value < minimum:
            raise _Bad(f"must be {minimum} or more, got {_shown(value)}")
        return value
    return check


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, got {_shown(value)}")
    return value


def _column(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"must be a column name, got {_shown(value)}")
    return value


def _name(value: object) -> str:
    if not isinstance(value, str) or not " ".join(value.split()):
        raise _Bad(f"must be the publisher's name, got {_shown(value)}")
    return " ".join(value.split())  # one line: it is shown in every export


def _day(value: object) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):  # TOML's local date, not a date-time
        return value
    try:
        if isinstance(value, str):
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise _Bad(f"must be a date such as 2026-03-02, got {_shown(value)}")


_CHECKS: dict[str, Callable[[object], Any]] = {
    "published_at": _day,
    "source": _name,
    "strict": _flag,
    "text_column": _column,
    "id_column": _column,
    "date_column": _column,
    "fetch_items": _flag,
    "max_items": _whole(1),
    "timeout": _seconds(0, inclusive=False),
    "deadline": _seconds(0, inclusive=False),
    "retries": _whole(0),
    "max_bytes": _whole(1),
    "politeness": _seconds(0, inclusive=True),
}
NAMES = frozenset(_CHECKS)


@dataclass(frozen=True)
class SourceOptions:
    published_at: date | None = None
    source: str | None = None  # the publisher of every document that names none itself
    strict: bool = False
    text_column: str = "text"
    id_column: str | None = None
    date_column: str | None = None
    fetch_items: bool = True
    max_items: int = MAX_ITEMS
    policy: FetchPolicy = field(default_factory=FetchPolicy)

    @classmethod
    def parse(cls, options: Mapping[str, object], where: str) -> SourceOptions:
        """The options, checked; InputError `<where>: <option>: <what is wrong>` for the first bad one (in the
        order they are written), or for an option that does not exist."""
        checked: dict[str, Any] = {}
        for name, value in options.items():
            check = _CHECKS.get(name)
            if check is None:
                raise InputError(f"{where}: unknown option {name} (options: {', '.join(sorted(NAMES))})")
            try:
                checked[name] = check(value)
            except _Bad as exc:
                raise InputError(f"{where}: {name}: {exc}") from None
        policy = FetchPolicy(**{k: checked.pop(k) for k in _POLICY_OPTIONS if k in checked})
        return cls(policy=policy, **checked)
