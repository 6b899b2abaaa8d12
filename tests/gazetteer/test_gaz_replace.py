"""Replacing a file whole: the target is the old file or the new one, and the scratch files of dead writers (but
not of live ones) are removed by the next writer."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from gazetteer.replace import remove_abandoned, replacing


def test_the_new_file_replaces_the_target_with_the_mode_given(tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    target.write_text("old")
    with replacing(target, 0o640) as scratch:
        assert scratch.parent == tmp_path and scratch.name.startswith(".g.sqlite.")
        scratch.write_text("new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite"]


def test_a_failure_leaves_the_target_and_no_scratch_file(tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    target.write_text("old")
    with pytest.raises(KeyError), replacing(target, 0o644) as scratch:
        scratch.write_text("half")
        raise KeyError("stop")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite"]


def test_only_scratch_files_nobody_holds_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "g.sqlite"
    dead = tmp_path / ".g.sqlite.dead1234.partial"
    live = tmp_path / ".g.sqlite.live5678.partial"
    other = tmp_path / ".h.sqlite.dead9999.partial"  # another target's
    for path in (dead, live, other):
        path.write_text("half")
    holder = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # as a running writer holds it
        remove_abandoned(target)
        assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, other.name]
    finally:
        os.close(holder)
    remove_abandoned(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name]
