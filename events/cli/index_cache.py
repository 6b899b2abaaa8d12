"""The gazetteer's cache before a command that loads it: the folder it is in, said when a temporary one stands in
for the usual ones, and the index built with its own progress when it is missing (once per machine: 10 s on a
laptop, 30-60 s on a cold server), so that an import's bar starts on documents instead of waiting at 0."""

from __future__ import annotations

import os
from pathlib import Path

import click

from events.cli.options import one_line
from events.cli.progress import terminal_progress

BUILDING = "Building the gazetteer index (once per machine)"


def cache_folder(wanted: str | None = None) -> Path:
    """The cache folder (`gazetteer.cache.choose_cache_dir`); its warning, when it has one, said on stderr."""
    from gazetteer.cache import choose_cache_dir

    folder = choose_cache_dir(wanted)
    if folder.warning:
        click.echo(one_line(f"Warning: {folder.warning}"), err=True)
    return folder.path


def prepare_gazetteer() -> None:
    """Build the default gazetteer's index now if it is not cached, with a bar on a terminal; the command's own
    loading then reads it from the cache. A folder that cannot hold it is one error line, before the build."""
    from gazetteer.build import BUILD_STEPS, Sources, build_default
    from gazetteer.cache import build_and_save, cache_name, inputs_digest

    sources = Sources.installed()
    name = cache_name(inputs_digest(sources.files()))
    path = cache_folder(name) / name
    if os.access(path, os.R_OK):
        return
    with terminal_progress(BUILDING, BUILD_STEPS) as progress:
        build_and_save(path, lambda: build_default(sources, progress))
