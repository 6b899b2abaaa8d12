"""The systemd examples give the service a cache folder of its own (`CacheDirectory=`), which systemd creates for
the unit's user and passes as $CACHE_DIRECTORY: the gazetteer index is kept there whatever the user's home."""

from __future__ import annotations

from pathlib import Path

import pytest

SCHEDULING = Path(__file__).resolve().parents[2] / "scripts" / "scheduling"


@pytest.mark.parametrize("unit", ["events-import.service", "events-schedule.service"])
def test_each_service_has_a_cache_directory(unit: str) -> None:
    lines = (SCHEDULING / unit).read_text(encoding="utf-8").splitlines()
    service = lines[lines.index("[Service]") + 1:]
    assert "CacheDirectory=conflict-events" in service  # gazetteer.cache.APP_NAME
