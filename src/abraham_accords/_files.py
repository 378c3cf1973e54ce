"""Reading and writing data files inside one named directory, and nowhere else.

Contributors run ``validate --fix`` on other people's pull requests, so a data directory
is untrusted: a file in it may be a link pointing elsewhere, a FIFO, a device or huge.
Only regular files directly inside the directory are read or written (never through a
link), reads stop at :data:`MAX_BYTES`, writes are atomic (a temporary file renamed over
the target), and every operating-system error becomes a :class:`FileAccessError`.
"""

from __future__ import annotations

__all__ = ["MAX_BYTES", "file_path", "read_file", "write_file"]

import os
import stat
from pathlib import Path
from typing import Final

from ._errors import ArgumentTypeError, FileAccessError, InvalidArgumentError

MAX_BYTES: Final = 128 * 1024 * 1024
"""The largest data file read (128 MiB; 100,000 events take about 80 MiB)."""

# O_NOFOLLOW refuses a link as the last component; O_NONBLOCK keeps a FIFO from blocking
# the open, and the fstat below then refuses it. (Both are 0 where the OS lacks them.)
_READ_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)


# O_EXCL makes a new file or fails, and never follows a link; the kernel gives the new
# file the mode 0o666 less the umask, as open() does (tempfile.mkstemp would give 0o600).
_CREATE_FLAGS: Final = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_ATTEMPTS: Final = 100
"""How many random names a temporary file tries before writing fails."""

_READ: Final = "read"
_WRITE: Final = "write"


def _error(verb: str, path: Path, reason: str) -> FileAccessError:
    """The error for a file that cannot be read or written, naming it (shortened)."""
    return FileAccessError(f"cannot {verb} {str(path)[:200]!r}: {reason}", reason)


def _check_name(name: str) -> None:
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\0" in name:
        msg = f"not a plain file name: {name[:80]!r}"
        raise FileAccessError(msg, "not a plain file name")


def _random_part() -> str:
    """A random part for a temporary file's name (64 bits, in hexadecimal)."""
    return os.urandom(8).hex()


def _create_temporary(directory: Path, name: str) -> tuple[int, Path]:
    """Create a new, empty temporary file for *name* in *directory*; return it open.

    Its mode is what the umask gives (0o644 under umask 022), like any file a program
    creates with ``open()``; the process's umask is never changed (that is not
    thread-safe).
    """
    for _ in range(_ATTEMPTS):
        temporary = directory / f".{name}.{_random_part()}.tmp"
        try:
            return os.open(temporary, _CREATE_FLAGS, 0o666), temporary
        except FileExistsError:
            continue
    reason = f"no unused temporary name after {_ATTEMPTS} tries"
    raise FileExistsError(reason)


def read_file(directory: Path, name: str, *, limit: int = MAX_BYTES) -> bytes:
    """Return the bytes of the regular file *name* directly inside *directory*.

    Raises:
        FileAccessError: the file is missing, a link, not a regular file, larger than
            *limit* bytes, or cannot be read.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = (Path(folder) / "a.json").write_bytes(b"[]")
        ...     read_file(Path(folder), "a.json")
        b'[]'
    """
    _check_name(name)
    path = directory / name
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as exc:
        reason = "it is a symbolic link" if path.is_symlink() else str(exc.strerror or exc)
        raise _error(_READ, path, reason) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            reason = "not a regular file"
            raise _error(_READ, path, reason)
        if info.st_size > limit:
            reason = f"{info.st_size} bytes, over the {limit}-byte limit"
            raise _error(_READ, path, reason)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        if isinstance(exc, FileAccessError):
            raise
        reason = str(exc.strerror or exc)
        raise _error(_READ, path, reason) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while being read
        reason = f"over the {limit}-byte limit"
        raise _error(_READ, path, reason)
    return data


def file_path(value: object) -> Path:
    """A caller's *path* argument (a string or path-like naming a file) as a Path.

    Raises:
        ArgumentTypeError: *value* is not a string or a path-like object.
        InvalidArgumentError: *value* is empty.

    Examples:
        >>> file_path("out/panel.dta").name
        'panel.dta'
    """
    if not isinstance(value, (str, os.PathLike)):
        msg = f"path must be a file path, not {type(value).__name__}"
        raise ArgumentTypeError(msg)
    text = os.fspath(value)
    if not isinstance(text, str):  # a path-like object of bytes
        msg = f"path must be a file path of text, not {type(text).__name__}"
        raise ArgumentTypeError(msg)
    if not text:
        msg = "path must name a file, not be empty"
        raise InvalidArgumentError(msg)
    return Path(text)


def write_file(directory: Path, name: str, data: bytes) -> Path:
    """Write *data* to *name* directly inside *directory*, atomically; return the path.

    An existing target must be a regular file; a link is refused, never followed. The
    bytes go to a temporary file in the same directory, which then replaces the target,
    so a reader sees the old file or the new one, never a half-written one. A new file
    gets the mode the umask gives (0o644 under umask 022), as with ``open()``; a file
    replaced keeps its own mode.

    Raises:
        FileAccessError: the target is a link or not a regular file, or writing failed.
    """
    _check_name(name)
    path = directory / name
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise _error(_WRITE, path, reason) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(existing.st_mode) else "not a regular file"
        reason = f"it is {kind}"
        raise _error(_WRITE, path, reason)
    temporary = None
    try:
        handle, temporary = _create_temporary(directory, name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if existing is not None:
            temporary.chmod(stat.S_IMODE(existing.st_mode))
        temporary.replace(path)
        temporary = None
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise _error(_WRITE, path, reason) from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return path
