"""Replace a file whole: write a scratch file beside it and swap it in with `os.replace` on success.

Readers of the target see the old file or the new one, never a half-written one, whatever happens to the writer
(an exception, a full disk, SIGKILL). A writer holds an `flock` on its scratch file for as long as it uses it;
the kernel drops the lock when its holder dies, so a scratch file that can be locked was left by a dead writer,
and the next writer for the same target removes it. POSIX only (fcntl), like events.ingest.lock.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SUFFIX = ".partial"


@contextmanager
def replacing(target: Path, mode: int) -> Iterator[Path]:
    """A new empty scratch file in the target's folder. When the block ends normally it is synced to disk, given
    `mode` and renamed over `target`; when it raises, the scratch file is removed and `target` is untouched.
    OSError when the folder cannot be written."""
    remove_abandoned(target)
    fd, scratch = _locked_scratch(target)
    try:
        yield scratch
        os.fsync(fd)  # the data reaches the disk before the new name does
        os.fchmod(fd, mode)
        os.replace(scratch, target)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)  # drops the lock


def _locked_scratch(target: Path) -> tuple[int, Path]:
    """A new file made by mkstemp (O_EXCL: no planted file or link is followed), locked. A cleaner could take
    the lock between the two steps and remove the file: then it is no longer at its name, and we make another."""
    while True:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_SUFFIX, dir=target.parent)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.stat(name, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                return fd, Path(name)
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            Path(name).unlink(missing_ok=True)
            raise
        os.close(fd)


def remove_abandoned(target: Path) -> None:
    """Remove the scratch files of writers for `target` that died (SIGKILL, power loss) without cleaning up."""
    prefix = f".{target.name}."
    try:
        names = [entry.path for entry in os.scandir(target.parent)
                 if entry.name.startswith(prefix) and entry.name.endswith(_SUFFIX)]
    except OSError:
        return  # an unreadable folder: making the scratch file says what is wrong
    for name in names:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue  # gone already, a link, or not ours to open
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(name, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                os.unlink(name)
        except OSError:
            pass  # locked by a live writer, or removed meanwhile: cleaning up is best effort
        finally:
            os.close(fd)
