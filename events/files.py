"""The files the tool creates and reads, handled in one place so that what is left on their way (a planted link,
a FIFO, a device, a folder that cannot be written) can neither turn a command against the user nor hang it.

- An output (an export, the report, a saved state) is written in a fresh private folder made beside it
  (`replacing`: mkdtemp, mode 0700, a new name nobody could have planted anything at) and renamed over the
  target when complete: a failure leaves the old target as it was, and a link planted at a partial file's name
  is never written through.
- A file created in place is created with O_EXCL and O_NOFOLLOW (`create_new`); one reopened in place (the
  import lock) with O_NOFOLLOW and must be a regular file (`open_own`). Where another program creates a file at
  a name of ours (DuckDB's write-ahead log beside the database), a link there is refused first (`refuse_link`).
- An input must be a regular file, checked before it is opened and again on the open descriptor (`open_regular`):
  opening a FIFO blocks until a writer comes, and a device never ends. A whole-file read stops one byte past its
  limit whatever `stat` said (`read_regular`): /proc files say they are empty, and a file may grow.
- Every OSError becomes a FileError naming the path, on one line: "<path>: cannot write: permission denied".
POSIX only (O_NOFOLLOW).
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from events.errors import FileError, FileTooLarge

_MB = 1024 * 1024
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_OWN = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # NONBLOCK: a planted FIFO
_READ = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC  # a FIFO swapped in after the stat does not block the open


def reason(exc: OSError) -> str:
    """The system's words for an OSError, lower-case and without the errno: "permission denied"."""
    text = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    return text[:1].lower() + text[1:]


def read_reason(exc: OSError) -> str:
    """Why an input cannot be read: "no such file or directory", "cannot read: permission denied"."""
    return reason(exc) if isinstance(exc, FileNotFoundError) else f"cannot read: {reason(exc)}"


def size_text(size: int) -> str:
    """A measured size: "51.0 MB", "65 bytes"."""
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{size} bytes"


def limit_text(limit: int) -> str:
    """A limit, as in "the 50 MB limit", "the 64-byte limit"."""
    if limit >= _MB:
        return f"{limit // _MB} MB" if limit % _MB == 0 else f"{limit / _MB:.1f} MB"
    return f"{limit}-byte"


# -- writing ------------------------------------------------------------------------------------------------

@contextmanager
def replacing(target: str | Path) -> Iterator[Path]:
    """A path to write `target`'s new content to, renamed over `target` when the block ends without an error. It
    lies in a private folder made for this write beside the target (same file system: the rename is atomic),
    removed in every case. A target that is itself a link is replaced, not written through."""
    target = Path(target)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    except OSError as exc:
        raise FileError(target, f"cannot write: {reason(exc)}") from exc
    try:
        partial = folder / target.name
        yield partial
        os.replace(partial, target)
    except OSError as exc:  # a full disk while writing, a folder in the target's place
        raise FileError(target, f"cannot write: {reason(exc)}") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_new(path: str | Path, mode: int = 0o666) -> int:
    """A descriptor open for writing on a file this call creates: an existing name, a link included, is refused
    (the umask applies to `mode`, as for open())."""
    try:
        return os.open(path, _NEW, mode)
    except OSError as exc:
        raise FileError(path, f"cannot write: {reason(exc)}") from exc


def open_new(path: str | Path, *, newline: str | None = None) -> TextIO:
    """`create_new` as a UTF-8 text file."""
    return open(create_new(path), "w", encoding="utf-8", newline=newline)  # noqa: SIM115 (the caller closes it)


def open_own(path: str | Path, *, kind: str, mode: int = 0o644) -> int:
    """A descriptor open for reading and writing on a file the tool keeps beside its data and rewrites in place
    (`kind` names it: "lock file"), created when missing. A link there is refused, not followed: its target
    would be truncated; so is anything but a regular file."""
    try:
        fd = os.open(path, _OWN, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise FileError(path, f"is a symbolic link, not a {kind} (remove it)") from exc
        raise FileError(path, f"cannot write: {reason(exc)}") from exc
    _keep_if_regular(fd, path)
    return fd


def refuse_link(path: str | Path, *, kind: str) -> None:
    """FileError if `path` is a symbolic link: for a file that another program (DuckDB) creates or writes at a name
    of ours, and that we cannot open with O_NOFOLLOW for it. `kind` names what belongs there."""
    if os.path.islink(path):
        raise FileError(path, f"is a symbolic link, not a {kind} (remove it)")


# -- reading ------------------------------------------------------------------------------------------------

def check_regular(path: str | Path) -> None:
    """FileError unless `path` is a regular file (or a link to one): a FIFO, a device, a socket or a folder is
    refused before anything opens it."""
    try:
        found = os.stat(path)
    except OSError as exc:
        raise FileError(path, read_reason(exc)) from exc
    if not stat.S_ISREG(found.st_mode):
        raise FileError(path, "not a regular file")


def open_regular(path: str | Path) -> BinaryIO:
    """`path` open for reading in binary, if it is a regular file (see `check_regular`); checked again on the open
    descriptor, in case something else took its name in between."""
    check_regular(path)
    try:
        fd = os.open(path, _READ)
    except OSError as exc:
        raise FileError(path, read_reason(exc)) from exc
    _keep_if_regular(fd, path)
    return open(fd, "rb")  # noqa: SIM115 (the caller closes it)


def _keep_if_regular(fd: int, path: str | Path) -> None:
    """Close `fd` and raise FileError unless it is a regular file; else make its reads blocking (it was opened
    non-blocking, so that opening a FIFO never waited for a writer)."""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileError(path, "not a regular file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise


def open_regular_text(path: str | Path, *, encoding: str = "utf-8", newline: str | None = None) -> TextIO:
    """`open_regular` decoded as text."""
    return io.TextIOWrapper(open_regular(path), encoding=encoding, newline=newline)


def read_regular(path: str | Path, *, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileTooLarge when it holds more, known from `stat` or
    found by reading one byte past the limit (never more), FileError when it is no regular file."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise FileTooLarge(path, f"file is {size_text(size)}, over the {limit_text(limit)} limit")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, f"file is over the {limit_text(limit)} limit")
    return data
