"""On-disk cache of the compiled index: keyed by a hash of its inputs, written atomically."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .index import Index

FORMAT_VERSION = 3
CACHE_ENV = "EVENTS_CACHE_DIR"
_PREFIX = "gazetteer-v"
_SUFFIX = ".marshal"
# Files up to this size are hashed by content; larger ones (the 76 MB city list, never edited in place: a new
# release of its package rewrites it) by size and evenly spaced samples, so that a cold load reads 2 MB of them.
# Not by modification time: each virtualenv installs its own copy, and two installs of the same release must
# share one cache instead of rebuilding it (10 s, 413 MB) in turn and removing each other's.
_CONTENT_LIMIT = 4 * 1024 * 1024
_SAMPLES, _SAMPLE_SIZE = 32, 64 * 1024
# The builder's own code is an input too: a fix to it must not be masked by an old cache.
_BUILDER_MODULES = (
    "admin.py",
    "build.py",
    "centers.py",
    "countries.py",
    "folding.py",
    "index.py",
    "regions.py",
    "sources.py",
    "supplement.py",
)


def default_cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "conflict-events"


def inputs_digest(files: Iterable[Path], *, include_code: bool = True) -> str:
    # marshal's format belongs to the Python version that wrote it
    h = hashlib.sha256(
        f"format={FORMAT_VERSION};python={sys.version_info[:2]};marshal={marshal.version}".encode()
    )
    paths = list(files)
    if include_code:
        here = Path(__file__).parent
        paths += [here / name for name in _BUILDER_MODULES]
    for path in paths:
        h.update(b"\0" + path.name.encode())
        size = path.stat().st_size
        if size <= _CONTENT_LIMIT:
            h.update(path.read_bytes())
        else:
            h.update(str(size).encode())
            with path.open("rb") as fh:
                for i in range(_SAMPLES):  # the first block starts the file, the last ends it
                    fh.seek((size - _SAMPLE_SIZE) * i // (_SAMPLES - 1))
                    h.update(fh.read(_SAMPLE_SIZE))
    return h.hexdigest()[:16]


def cache_file(cache_dir: Path, digest: str) -> Path:
    return cache_dir / f"{_PREFIX}{FORMAT_VERSION}-{digest}{_SUFFIX}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a cache is shared by the user's processes
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_index(path: Path) -> Index | None:
    """The cached index, or None when absent or unreadable (a foreign or damaged file is rebuilt)."""
    try:
        payload = marshal.loads(path.read_bytes())
        return Index.from_payload(payload)
    except (OSError, EOFError, KeyError, TypeError, ValueError, AttributeError):
        return None


def _remove_stale(cache_dir: Path, keep: Path) -> None:
    """Drop caches of other inputs or formats; another process's temporary file is left alone."""
    for old in cache_dir.glob(f"{_PREFIX}*"):
        if old != keep and not old.name.endswith(".tmp"):
            old.unlink(missing_ok=True)


def load_or_build(cache_dir: Path, files: Iterable[Path], build: Callable[[], Index]) -> Index:
    """The index cached for these inputs; built, saved and returned when there is none."""
    path = cache_file(cache_dir, inputs_digest(files))
    index = read_index(path)
    if index is not None:
        return index
    index = build()
    write_atomic(path, marshal.dumps(index.to_payload()))
    _remove_stale(cache_dir, path)
    return index
