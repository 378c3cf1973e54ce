"""Released dataset versions: immutable snapshots bundled with the package.

``releases/index.json`` lists every release with the SHA-256 of its canonical snapshot.
The snapshots are stored as a chain of deltas (see ``_storage``): loading a release
rebuilds its snapshot from the chain and checks the SHA-256 every time.
"""

from __future__ import annotations

__all__ = [
    "Release",
    "available_versions",
    "file_name",
    "load",
    "next_document",
    "read_snapshot",
    "releases",
    "snapshot_bytes",
    "snapshot_document",
    "version_key",
]

import hashlib
import json
import threading
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ._dataset import Dataset, parse_snapshot
from ._errors import (
    ArgumentTypeError,
    DataIntegrityError,
    Problem,
    UnknownVersionError,
    preview,
)
from ._fingerprint import INDEX_NAME, checked_index
from ._loading import bundled_dataset
from ._models import CalVer, _Record
from ._storage import Document, apply_delta, decode, snapshot_text
from ._tables import RECORD_TABLES

if TYPE_CHECKING:
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

INDEX = "index.json"

_LOCK = threading.Lock()
_LOADED: dict[str, Dataset] = {}
_DOCUMENTS: dict[str, Document] = {}
"""Snapshot documents whose SHA-256 was verified, for the chains of later releases."""


class Release(_Record):
    """One entry of the release index: a version and the checksums of its content."""

    version: CalVer
    released: str
    sha256: str
    """SHA-256 of the release's canonical snapshot (``_storage.snapshot_text``)."""
    data_sha256: str
    """Fingerprint of the release's five data files (``_fingerprint.fingerprint``)."""


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a dataset version: ``2026.11.27.1`` comes after ``2026.11.27``.

    Examples:
        >>> sorted(["2026.11.27.1", "2025.01.02", "2026.11.27"], key=version_key)
        ['2025.01.02', '2026.11.27', '2026.11.27.1']
    """
    return tuple(int(part) for part in version.split("."))


def _releases_root() -> Traversable:
    return resources.files("abraham_accords").joinpath("releases")


@cache
def releases() -> tuple[Release, ...]:
    """Return the release index, oldest first.

    Raises:
        DataIntegrityError: the index cannot be read, is not JSON, or an entry is invalid.
    """
    try:
        raw = _releases_root().joinpath(INDEX).read_bytes()
    except OSError as exc:
        reason = f"cannot be read: {exc.strerror or exc}"
        raise DataIntegrityError([Problem(INDEX_NAME, "(file)", reason)]) from None
    # One check of the index, the one DATA_VERSION makes: every field's form is verified.
    found = [
        Release.model_construct(
            version=entry["version"],
            released=entry["released"],
            sha256=entry["sha256"],
            data_sha256=entry["data_sha256"],
        )
        for entry in checked_index(raw)
    ]
    return tuple(sorted(found, key=lambda r: version_key(r.version)))


def available_versions() -> tuple[str, ...]:
    """Return every released dataset version bundled in the package, oldest first.

    Examples:
        >>> import abraham_accords as aa
        >>> aa.available_versions()[0]
        '2026.11.27'
        >>> aa.DATA_VERSION.removesuffix("+dev") in aa.available_versions()
        True
    """
    return tuple(r.version for r in releases())


def read_snapshot(data: bytes, *, name: str, sha256: str | None = None) -> Dataset:
    """Parse one snapshot's bytes into a Dataset, checking its checksum when given.

    A snapshot whose checksum matches the release index is trusted (see ``read_dataset``).

    Raises:
        DataIntegrityError: the checksum differs, or the file is not a valid dataset.
    """
    if sha256 is not None:
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            problem = Problem(
                name, "(file)", f"SHA-256 is {actual}, the release index says {sha256}"
            )
            raise DataIntegrityError([problem])
    snapshot = parse_snapshot(data, name=name, trusted=sha256 is not None)
    return Dataset.from_snapshot(snapshot)


def load(version: str | None = None) -> Dataset:
    """Return the dataset as released in *version* (default: the newest release).

    Old releases stay loadable, byte for byte, from the installed package, so a pinned
    version answers every query as it did when it was released.

    Args:
        version: a dataset version from :func:`available_versions`, or None.

    Returns:
        The released dataset, with the same query methods as the module.

    Raises:
        UnknownVersionError: no release has that version; the message lists them.
        ArgumentTypeError: *version* is not a string.
        DataIntegrityError: the bundled snapshot is corrupt.

    Examples:
        >>> import abraham_accords as aa
        >>> first = aa.load(aa.available_versions()[0])
        >>> [p.code for p in first.members_as_of("2021-01-01", stage="signed")]
        ['AE', 'BH', 'IL', 'MA']
    """
    if version is None:
        return bundled_dataset()
    if not isinstance(version, str):
        msg = f"version must be a string such as '2026.11.27', not {type(version).__name__}"
        raise ArgumentTypeError(msg)
    if version in _LOADED:
        return _LOADED[version]
    index = {r.version: r for r in releases()}
    release = index.get(version)
    if release is None:
        raise UnknownVersionError(version, tuple(index))
    with _LOCK:
        if version not in _LOADED:
            document = _document(version)
            name = f"releases/{file_name(version)}"
            data = snapshot_text(document)
            _LOADED[version] = read_snapshot(data, name=name, sha256=release.sha256)
            _DOCUMENTS[version] = document  # verified: later releases build on it
    return _LOADED[version]


def file_name(version: str) -> str:
    """The name of the file, under ``releases/``, that stores *version*."""
    return f"{version}.json.gz"


def next_document(
    root: Traversable, version: str, previous: str | None, document: Document | None
) -> Document:
    """Apply the stored delta of *version*, which must build on *previous*, to *document*.

    Args:
        root: the folder of the release files.
        version: the release to rebuild.
        previous: the release before it (None for the first).
        document: the snapshot document of *previous* (None for the first).

    Raises:
        DataIntegrityError: the file is missing, corrupt, or stores another link of the chain.
    """
    name = file_name(version)
    try:
        delta = decode(root.joinpath(name).read_bytes())
        if (delta.get("version"), delta.get("base")) != (version, previous):
            msg = f"stores {preview(delta.get('version'))} on {preview(delta.get('base'))}"
            raise ValueError(msg)  # noqa: TRY301  (reported like the others below)
        return apply_delta(document, delta)
    except OSError as exc:
        problem = Problem(f"releases/{name}", "(file)", f"cannot be read: {exc}")
        raise DataIntegrityError([problem]) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        problem = Problem(f"releases/{name}", "(file)", f"is corrupt: {exc}")
        raise DataIntegrityError([problem]) from None


def _document(version: str) -> Document:
    """Rebuild the snapshot document of *version* from the chain of stored deltas.

    Raises:
        DataIntegrityError: a file of the chain is missing, corrupt or out of order.
    """
    document: Document | None = None
    previous: str | None = None
    for release in releases():
        cached = _DOCUMENTS.get(release.version)
        if cached is not None:
            document = cached
        else:
            document = next_document(_releases_root(), release.version, previous, document)
        if release.version == version:
            return document
        previous = release.version
    raise UnknownVersionError(version, available_versions())


def snapshot_bytes(dataset: Dataset) -> bytes:
    """Return the canonical snapshot of *dataset*, as frozen by the release procedure."""
    return snapshot_text(snapshot_document(dataset))


def snapshot_document(dataset: Dataset) -> Document:
    """Return the snapshot of *dataset* as JSON: metadata and every record type, sorted.

    Fields whose value is null are left out (they read back as null), as in the data files,
    so a new optional field changes no stored record. Releases made before 2026.11.29.1
    wrote them out; their snapshots are kept exactly as made.
    """
    document: Document = json.loads(dataset.to_snapshot().model_dump_json(exclude_none=True))
    for table in RECORD_TABLES:
        document[table.kind].sort(key=lambda record, key=table.key: record[key])
    return document
