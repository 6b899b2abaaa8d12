"""What a terminal is shown of data (events/cli/terminal.py): control characters escaped visibly, so that a value
cannot clear the screen, move the cursor, retitle the window or hide text; everything else as it is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from events.cli import terminal
from events.cli.commands import main
from events.cli.terminal import visible, visible_json
from events.ingest.importer import import_documents
from events.store.db import Store
from schemas import Article

if TYPE_CHECKING:
    from conftest import FakePipeline, FixedClock


@pytest.mark.parametrize(("text", "shown"), [
    ("plain text, accents: Ségou, Ħal, 北京", "plain text, accents: Ségou, Ħal, 北京"),
    ("a\x1b[2Jb", "a\\x1b[2Jb"),  # clear screen
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # retitle the window, ended by BEL
    ("\x1b]52;c;cm0gLXJmIH4=\x07", "\\x1b]52;c;cm0gLXJmIH4=\\x07"),  # write the clipboard
    ("visible\rhidden", "visible\\x0dhidden"),  # a carriage return overwrites what came before
    ("back\x08\x08space", "back\\x08\\x08space"),
    ("nul\x00 and \x1f", "nul\\x00 and \\x1f"),
    ("\x7f", "\\x7f"),  # DEL
    ("\x9b2J and \x9d0;t\x9c", "\\x9b2J and \\x9d0;t\\x9c"),  # C1: CSI, OSC, ST in one code point each
    ("\x80\x85\x9f", "\\x80\\x85\\x9f"),
    ("line\nnext\ttab", "line\nnext\ttab"),  # layout the output itself uses
    ("\xa0non-breaking", "\xa0non-breaking"),  # printable from U+00A0 on
    ("", ""),
])
def test_control_characters_are_shown_escaped(text: str, shown: str) -> None:
    assert visible(text) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ('{"v": "a\\u001b[2J"}', '{"v": "a\\u001b[2J"}'),  # C0 is escaped by JSON itself
    ('{"v": "\x9b2J\x7f"}', '{"v": "\\u009b2J\\u007f"}'),  # C1 and DEL: escaped the JSON way, same data
    ('[\n  {\n    "k": "é"\n  }\n]', '[\n  {\n    "k": "é"\n  }\n]'),
])
def test_json_keeps_its_data_and_shows_no_control_character(text: str, shown: str) -> None:
    assert visible_json(text) == shown


# -- through the commands that print stored text ------------------------------------------------------------

OWNED = "\x1b]0;owned\x07"  # would retitle the terminal window


@pytest.fixture
def db(tmp_path: Path, clock: FixedClock, make_pipeline: type[FakePipeline],
       make_article: Callable[..., Article]) -> Path:
    path = tmp_path / "events.duckdb"
    text = f"Government soldiers clashed with rebels{OWNED} near Northtown, and officials said 4 soldiers were killed."
    with Store.open(path) as store:
        import_documents(store, make_pipeline(), [make_article("a1", text)], source="test", now=clock)
    return path


@pytest.mark.parametrize(("on_terminal", "sentence"), [
    (True, "rebels\\x1b]0;owned\\x07 near"),
    (False, f"rebels{OWNED} near"),
])
def test_explain_escapes_the_article_text_on_a_terminal_only(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                             on_terminal: bool, sentence: str) -> None:
    monkeypatch.setattr(terminal, "stdout_is_terminal", lambda: on_terminal)
    with Store.open(db, read_only=True) as store:
        event_id = store.query("SELECT event_id FROM events")[1][0][0]
    result = CliRunner().invoke(main, ["explain", event_id, "--db", str(db)])
    assert (result.exit_code, result.stderr) == (0, "")
    line = result.stdout.splitlines()[1]
    assert line.startswith("Sentence [0:") and sentence in line
    assert ("\x1b" in result.stdout) is not on_terminal
