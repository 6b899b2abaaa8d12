"""On-disk cache of the compiled index: keyed by a hash of its inputs, written atomically, in a folder chosen by
the platform's conventions and checked for writing before anything is built."""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import GazetteerWriteError, os_reason
from .index import Index

FORMAT_VERSION = 3
CACHE_ENV = "EVENTS_CACHE_DIR"
SYSTEMD_ENV = "CACHE_DIRECTORY"  # set by systemd for a unit with CacheDirectory=, to the folder it made for it
APP_NAME = "conflict-events"
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


@dataclass(frozen=True)
class CacheFolder:
    path: Path
    warning: str | None = None  # set when a temporary folder stands in for the usual ones: the caller shows it


def choose_cache_dir(wanted: str | None = None) -> CacheFolder:
    """The folder the caches go in, checked before anything is built: the first of

    1. `$EVENTS_CACHE_DIR` when set: it must hold the file named `wanted` or be writable, else a
       GazetteerWriteError says so at once. The folder was asked for by name: a wrong one (a typo, a read-only
       mount) is an error to fix, not something to replace with a folder the next reboot empties;
    2. `$CACHE_DIRECTORY` (systemd's `CacheDirectory=`; the first folder when it lists several), then the user's
       cache folder as platformdirs finds it (`$XDG_CACHE_HOME/conflict-events`, by default
       `~/.cache/conflict-events`): the first that holds `wanted` or can be written;
    3. else a private folder in the temporary folder, with a warning naming what could not be written.
    """
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        folder = Path(explicit)
        problem = None if _holds(folder, wanted) else _unwritable(folder)
        if problem is not None:
            raise GazetteerWriteError(f"{CACHE_ENV}={folder}: cannot write the cache folder: {problem}")
        return CacheFolder(folder)
    refused: list[str] = []
    for folder in _usual_folders():
        problem = None if _holds(folder, wanted) else _unwritable(folder)
        if problem is None:
            return CacheFolder(folder)
        refused.append(f"{folder} ({problem})")
    fallback = _private_temporary()
    return CacheFolder(fallback, f"cannot write the cache folder {' nor '.join(refused)}; using {fallback} instead: "
                                 f"set {CACHE_ENV}, or CacheDirectory= in a systemd unit, to keep the cache")


def default_cache_dir() -> Path:
    """The folder `choose_cache_dir` picks, without its warning."""
    return choose_cache_dir().path


def _usual_folders() -> list[Path]:
    import platformdirs  # only when a cache folder is wanted

    folders = []
    systemd = os.environ.get(SYSTEMD_ENV, "").split(":")[0]
    if systemd:
        folders.append(Path(systemd))
    folders.append(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))
    return folders


def _holds(folder: Path, wanted: str | None) -> bool:
    """Whether a cache built before is there to read (a read-only folder filled in advance serves as well)."""
    return wanted is not None and os.access(folder / wanted, os.R_OK)


def _unwritable(folder: Path) -> str | None:
    """Why no file can be created in `folder` (made if missing), or None when one can. Tried for real: a mode, an
    access check or a read-only mount tell only part of it (root writes into a folder of mode 555)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return os_reason(exc)
    return None


def _private_temporary() -> Path:
    """`<temporary folder>/conflict-events-<uid>`, made private to this user and kept from run to run, so that a
    scheduled command builds the index once (until the temporary folder is emptied, often at reboot) rather than
    at each run. A folder of that name that another user owns or may write (planted to feed us a cache) is refused,
    not used."""
    try:
        base = Path(tempfile.gettempdir())  # $TMPDIR, /tmp, /var/tmp, ...: the first that can be written
    except OSError as exc:
        raise GazetteerWriteError(f"no folder to cache the gazetteer index in: {os_reason(exc)}; "
                                  f"set {CACHE_ENV} to a folder that can be written") from exc
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = base / (f"{APP_NAME}-{uid}" if uid is not None else APP_NAME)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise GazetteerWriteError(f"{folder}: cannot make a cache folder: {os_reason(exc)}; "
                                  f"set {CACHE_ENV} to a folder that can be written") from exc
    if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid) or info.st_mode & 0o022:
        raise GazetteerWriteError(f"{folder}: not a private folder of this user, not used as a cache; "
                                  f"set {CACHE_ENV} to a folder that can be written")
    return folder


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


def cache_name(digest: str) -> str:
    """The file name of the index cached for inputs of this digest (see `inputs_digest`)."""
    return f"{_PREFIX}{FORMAT_VERSION}-{digest}{_SUFFIX}"


def cache_file(cache_dir: Path, digest: str) -> Path:
    return cache_dir / cache_name(digest)


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
    return load_index(cache_file(cache_dir, inputs_digest(files)), build)


def load_index(path: Path, build: Callable[[], Index]) -> Index:
    """The index cached at `path` (see `cache_file`); built, saved and returned when there is none."""
    index = read_index(path)
    return index if index is not None else build_and_save(path, build)


def build_and_save(path: Path, build: Callable[[], Index]) -> Index:
    """Build the index and cache it at `path`, replacing older caches beside it. The folder is checked first
    (GazetteerWriteError): a build takes up to a minute, which must not end in "permission denied"."""
    problem = _unwritable(path.parent)
    if problem is not None:
        raise GazetteerWriteError(f"{path.parent}: cannot cache the gazetteer index: {problem}")
    index = build()
    write_atomic(path, marshal.dumps(index.to_payload()))
    _remove_stale(path.parent, path)
    return index
