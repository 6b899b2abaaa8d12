"""Progress on a terminal, silence when piped: the one place the CLI decides how progress looks."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

Progress = Callable[[int], None]


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def terminal_progress(label: str, steps: int | None = None) -> Iterator[Progress | None]:
    """A bar on stderr when it is a terminal; nothing at all when piped or redirected, so that logs and
    scripts see only the summary. Totals are rarely known in advance (a JSONL file is read as it goes), so
    the bar moves and counts steps rather than showing a share, unless `steps` gives their number."""
    if not on_terminal():
        yield None
        return

    def unsized() -> Iterator[int]:  # a generator has no length hint: click then draws the moving bar
        yield from ()

    with click.progressbar(unsized() if steps is None else range(steps), label=label, show_pos=True,
                           show_eta=False, file=sys.stderr) as bar:
        yield bar.update
