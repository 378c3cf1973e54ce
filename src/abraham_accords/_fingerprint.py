"""Which release a data directory holds: the fingerprint of its files and the ``+dev`` rule.

Working data may run ahead of the last release. It then reports the version it was
last released as, with :data:`DEV_SUFFIX` appended, so unreleased data can never pass
for a pinned release. A directory holds release V only when ``metadata.json`` names V and
the fingerprint of its files equals the one recorded for V in the release index.

This module needs nothing but the standard library: the build hook (``hatch_build.py``)
loads it by path to refuse publishing unreleased data.
"""

from __future__ import annotations

__all__ = [
    "DATA_FILES",
    "DEV_SUFFIX",
    "INDEX_NAME",
    "OPTIONAL_FILES",
    "bundled_version",
    "checked_index",
    "data_contents",
    "fingerprint",
    "index_entries",
    "released_fingerprints",
    "unreleased_reason",
    "version_of",
]

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

TYPE_CHECKING = False  # see __init__.py: keeps `typing` out of the version lookup
if TYPE_CHECKING:
    from typing import Final, Protocol
else:
    Protocol = object

DATA_FILES: Final = (
    "metadata.json",
    "parties.json",
    "instruments.json",
    "events.json",
    "sources.json",
)
"""The files every data directory holds, in the order they are read and fingerprinted."""

OPTIONAL_FILES: Final = ("provisions.json",)
"""Files of record types added after the first releases. A data directory may lack one
(it then holds no such record), and the fingerprint covers one only when it holds a
record, so the data of a release made before the type existed keeps its fingerprint."""

_EMPTY: Final = b"[]\n"
"""An optional file that holds no record, in canonical form."""

INDEX_NAME: Final = "releases/index.json"
"""The release index, as problems name it."""

DEV_SUFFIX: Final = "+dev"
"""Appended to the version of data that differs from every release."""


class _Readable(Protocol):
    def read_bytes(self) -> bytes: ...
    def is_file(self) -> bool: ...


class _Directory(Protocol):
    def joinpath(self, name: str) -> _Readable: ...


def _broken(file: str, message: str, record: str = "(file)") -> Exception:
    """The error for a file this module cannot use: the package's ``DataIntegrityError``.

    Imported only then, and only when this module is part of the package: the build
    hook loads it by path, where a ``ValueError`` serves.
    """
    try:
        from ._errors import DataIntegrityError, Problem  # noqa: PLC0415  (see above)
    except ImportError:  # loaded by path, outside the package
        return ValueError(f"{file}: {record}: {message}")
    return DataIntegrityError([Problem(file, record, message)])


def _read(path: _Readable, file: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _broken(file, f"cannot be read: {exc.strerror or exc}") from None


def _json(data: bytes, file: str) -> object:
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, huge numbers
        raise _broken(file, f"is not valid JSON: {str(exc)[:200]}") from None


def _declared(metadata: bytes) -> str:
    """The ``data_version`` that metadata.json declares."""
    found = _json(metadata, DATA_FILES[0])
    version = found.get("data_version") if isinstance(found, dict) else None
    if not isinstance(version, str):
        message = "must be an object with a text data_version"
        raise _broken(DATA_FILES[0], message)
    return version


def checked_index(index: bytes) -> list[dict[str, str]]:
    """The entries of a release index, every field of each checked.

    Examples:
        >>> checked_index(b"[]")
        []
        >>> checked_index(b'[{"version": "2026.1.1"}]')  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        abraham_accords._errors.DataIntegrityError: 1 data problem:
          releases/index.json: #0: must have exactly the fields version, released, ...
    """
    entries = _json(index, INDEX_NAME)
    if not isinstance(entries, list):
        raise _broken(INDEX_NAME, "must be a JSON array of releases")
    for number, entry in enumerate(entries):
        where = f"#{number}"
        if not isinstance(entry, dict) or sorted(entry) != sorted(_ENTRY):
            message = f"must have exactly the fields {', '.join(_ENTRY)}"
            raise _broken(INDEX_NAME, message, where)
        for key, pattern in _ENTRY.items():
            value = entry[key]
            if not isinstance(value, str) or pattern.fullmatch(value) is None:
                message = f"{key} must be {_MEANING[key]}, not {str(value)[:80]!r}"
                raise _broken(INDEX_NAME, message, where)
    return entries


def index_entries(index: bytes) -> tuple[tuple[str, str], ...]:
    """(version, data fingerprint) of each entry of a release index (see :func:`checked_index`).

    Examples:
        >>> index_entries(b"[]")
        ()
    """
    return tuple((entry["version"], entry["data_sha256"]) for entry in checked_index(index))


_HEX: Final = re.compile("[0-9a-f]{64}")
_ENTRY: Final = {
    "version": re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:\.[1-9][0-9]*)?"),
    "released": re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "sha256": _HEX,
    "data_sha256": _HEX,
}
"""The fields of a release index entry, each with the form of its value."""
_MEANING: Final = {
    "version": "a dataset version (YYYY.MM.DD or YYYY.MM.DD.N)",
    "released": "a date (YYYY-MM-DD)",
    "sha256": "a SHA-256 in lower-case hex",
    "data_sha256": "a SHA-256 in lower-case hex",
}


def fingerprint(contents: Mapping[str, bytes]) -> str:
    r"""Return the SHA-256 over the data files, each framed by its name and length.

    An optional file (:data:`OPTIONAL_FILES`) counts only when it is given and holds a
    record: absent, or holding an empty list, it leaves the fingerprint as it was.

    Examples:
        >>> files = dict.fromkeys(DATA_FILES, b"[]")
        >>> len(fingerprint(files))
        64
        >>> fingerprint(files) == fingerprint({**files, "events.json": b"[ ]"})
        False
        >>> fingerprint(files) == fingerprint({**files, "provisions.json": b"[]\n"})
        True
    """
    digest = hashlib.sha256()
    for name in (*DATA_FILES, *OPTIONAL_FILES):
        data = contents.get(name) if name in OPTIONAL_FILES else contents[name]
        if data is None or (name in OPTIONAL_FILES and data == _EMPTY):
            continue
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def data_contents(directory: _Directory) -> dict[str, bytes]:
    """Return the bytes of each data file in *directory*, by name (optional ones if present).

    Raises:
        DataIntegrityError: a file every directory holds is missing or cannot be read.
    """
    contents = {name: _read(directory.joinpath(name), name) for name in DATA_FILES}
    for name in OPTIONAL_FILES:
        path = directory.joinpath(name)
        if path.is_file():
            contents[name] = _read(path, name)
    return contents


def version_of(declared: str, digest: str, released: Iterable[tuple[str, str]]) -> str:
    """Return *declared* if a release of that version has *digest*, else ``declared+dev``.

    Args:
        declared: the ``data_version`` that ``metadata.json`` names.
        digest: the :func:`fingerprint` of the directory's files.
        released: (version, fingerprint) of every release.

    Examples:
        >>> version_of("2026.11.27", "ab", [("2026.11.27", "ab")])
        '2026.11.27'
        >>> version_of("2026.11.27", "cd", [("2026.11.27", "ab")])
        '2026.11.27+dev'
    """
    if (declared, digest) in set(released):
        return declared
    return declared + DEV_SUFFIX


def released_fingerprints() -> tuple[tuple[str, str], ...]:
    """Return (version, data fingerprint) of every release bundled in the package."""
    index = resources.files("abraham_accords").joinpath("releases").joinpath("index.json")
    return index_entries(_read(index, INDEX_NAME))


@cache
def bundled_version() -> str:
    """Return the data version of the bundled data: a release, or ``<release>+dev``.

    Reads the data files and the release index (no parsing of records), once.

    Examples:
        >>> import abraham_accords as aa
        >>> bundled_version() == aa.dataset().data_version
        True
    """
    contents = data_contents(resources.files("abraham_accords").joinpath("data"))
    declared = _declared(contents["metadata.json"])
    return version_of(declared, fingerprint(contents), released_fingerprints())


def unreleased_reason(data: Path, index: Path) -> str | None:
    """Say why the data directory *data* is not a release in *index*, or None if it is one.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     root = Path(folder)
        ...     for name in DATA_FILES:
        ...         _ = (root / name).write_text('{"data_version": "2026.01.01"}')
        ...     _ = (root / "index.json").write_text("[]")
        ...     print(unreleased_reason(root, root / "index.json"))  # doctest: +ELLIPSIS
        the data in ... differs from release 2026.01.01 (it reports 2026.01.01+dev); ...
    """
    contents = data_contents(data)
    declared = _declared(contents["metadata.json"])
    released = index_entries(_read(index, INDEX_NAME))
    version = version_of(declared, fingerprint(contents), released)
    if not version.endswith(DEV_SUFFIX):
        return None
    return (
        f"the data in {data} differs from release {declared} (it reports {version}); "
        "make a dataset release first (python scripts/release_data.py --cutoff YYYY-MM-DD)"
    )
