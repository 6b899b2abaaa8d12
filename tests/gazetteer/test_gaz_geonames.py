"""Reading GeoNames dump files: lines are read in bounded pieces, so a zip bomb of one endless line costs
kilobytes, not gigabytes, and ends in one error naming the file and line."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gazetteer import GazetteerDataError
from gazetteer.geonames import GEONAME, open_members, read_geonames


def test_a_zip_bomb_of_one_long_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    archive = tmp_path / "ML.zip"
    chunk = b"a" * (1 << 20)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, zf.open("ML.txt", "w") as member:
        for _ in range(50):  # one line of 50 MB: about 50 KB compressed
            member.write(chunk)
    assert archive.stat().st_size < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(GazetteerDataError) as info:
            for name, kind, stream in open_members(archive):
                assert kind == GEONAME
                for _ in read_geonames(stream, name):
                    pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024
    assert str(info.value) == f"{archive}!ML.txt, line 1: longer than 65,536 bytes, too long for a GeoNames row"


def test_rows_are_read_across_read_buffers_whatever_their_length(tmp_path: Path) -> None:
    # names of lengths around the read buffer's, and the longest line allowed (65,536 bytes with its newline)
    rest = "\t\t\t1.5\t2.5\tP\tPPL\tML\t\t\t\t\t\t0\n"
    lengths = [1, 100, 8191, 8192, 8193, 65_000, 65_536 - len(f"7\t{rest}")]
    path = tmp_path / "ML.txt"
    path.write_text("".join(f"{i + 1}\t{'n' * n}{rest}" for i, n in enumerate(lengths)), encoding="utf-8")
    assert max(len(line) for line in path.read_bytes().splitlines(keepends=True)) == 65_536
    for name, _, stream in open_members(path):
        assert [len(r.name) for r in read_geonames(stream, name)] == lengths
