"""What a terminal is shown of stored data: control characters escaped visibly.

A value holding "\\x1b[2J" clears the screen when printed raw; other sequences move the cursor, hide text, retitle
the window or write the clipboard (OSC 52). On a terminal, C0 controls (but the newline and tab the output is laid
out with), DEL and the C1 controls (U+0080-U+009F, which some terminals obey like ESC sequences) are shown as
`\\x1b`; piped or redirected output is the data as stored. JSON keeps its data either way: its C0 controls are
escaped by JSON already, and DEL and C1 are escaped the JSON way (`\\u009b`), which reads back as the same string.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType

_CONTROLS = [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]  # all but \t (0x09), \n (0x0A)
_SHOWN: Mapping[int, str] = MappingProxyType({c: f"\\x{c:02x}" for c in _CONTROLS})
_SHOWN_IN_JSON: Mapping[int, str] = MappingProxyType({c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x7F})


def visible(text: str) -> str:
    """`text` with every control character but newline and tab written as a `\\xNN` escape."""
    return text.translate(_SHOWN)


def visible_json(text: str) -> str:
    """JSON text with DEL and C1 characters written as `\\uNNNN` escapes (JSON has already escaped C0)."""
    return text.translate(_SHOWN_IN_JSON)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
