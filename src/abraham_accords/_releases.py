"""Released dataset versions: immutable snapshots bundled with the package.

``releases/index.json`` lists every release with the SHA-256 of its canonical snapshot.
The snapshots are stored as chains of deltas, each starting from a release stored in full
(see ``_storage``): loading a release reads its chain back to that full text, rebuilds
the snapshot and checks the SHA-256 every time.
"""

from __future__ import annotations

__all__ = [
    "Release",
    "available_versions",
    "chain",
    "file_name",
    "load",
    "next_document",
    "read_snapshot",
    "released_ids",
    "releases",
    "snapshot_bytes",
    "snapshot_document",
    "version_key",
]

import hashlib
import json
import threading
from collections.abc import Container, Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from ._dataset import Dataset, Snapshot, parse_snapshot
from ._errors import (
    ArgumentTypeError,
    DataIntegrityError,
    Problem,
    UnknownVersionError,
    preview,
)
from ._fingerprint import INDEX_NAME, checked_index
from ._loading import bundled_dataset, bundled_parties
from ._models import CalVer, Party, _Record
from ._storage import KEYS, Document, apply_deltas, decode, snapshot_text
from ._tables import OPTIONAL, RECORD_TABLES

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
    """Fingerprint of the release's data files (``_fingerprint.fingerprint``)."""


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


REFERENCE_FIELDS: Final = ("ccode",)
"""Attributes of a state rather than of the dated record (see docs/data-dictionary.md): a
loaded release that lacks one takes it from the bundled data's parties, so every release
carries the same merge keys as today's data. (ISO codes are in every release already.)"""


def _with_reference(snapshot: Snapshot, reference: Iterable[Party]) -> Snapshot:
    """Give *snapshot*'s parties the :data:`REFERENCE_FIELDS` they lack, from *reference*.

    A value the release has is kept: a release answers as it was released.
    """
    known = {party.code: party for party in reference}
    parties = []
    for party in snapshot.parties:
        current = known.get(party.code)
        missing = {
            field: getattr(current, field)
            for field in REFERENCE_FIELDS
            if current is not None and getattr(party, field) is None
        }
        parties.append(party.model_copy(update=missing) if missing else party)
    return snapshot.model_copy(update={"parties": tuple(parties)})


def read_snapshot(
    data: bytes,
    *,
    name: str,
    sha256: str | None = None,
    reference: Iterable[Party] | None = None,
) -> Dataset:
    """Parse one snapshot's bytes into a Dataset, checking its checksum when given.

    A snapshot whose checksum matches the release index is trusted (see ``read_dataset``).
    With *reference* parties, each party takes the :data:`REFERENCE_FIELDS` it lacks from
    the reference party of its code.

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
    if reference is not None:
        snapshot = _with_reference(snapshot, reference)
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
            _LOADED[version] = read_snapshot(
                data, name=name, sha256=release.sha256, reference=bundled_parties()
            )
            _DOCUMENTS[version] = document  # verified: later releases build on it
    return _LOADED[version]


def file_name(version: str) -> str:
    """The name of the file, under ``releases/``, that stores *version*."""
    return f"{version}.json.gz"


def _stored(root: Traversable, version: str, previous: str | None) -> tuple[Document, int]:
    """Read the stored delta of *version*, which builds on *previous* or is stored in full.

    Returns the delta and its size in bytes.

    Raises:
        DataIntegrityError: the file is missing, corrupt, or stores another link of a chain.
    """
    name = file_name(version)
    try:
        data = root.joinpath(name).read_bytes()
        delta = decode(data)
        link = (delta.get("version"), delta.get("base"))
        if link not in ((version, previous), (version, None)):
            msg = f"stores {preview(link[0])} on {preview(link[1])}"
            raise ValueError(msg)  # noqa: TRY301  (reported like the others below)
    except OSError as exc:
        problem = Problem(f"releases/{name}", "(file)", f"cannot be read: {exc}")
        raise DataIntegrityError([problem]) from None
    except ValueError as exc:
        problem = Problem(f"releases/{name}", "(file)", f"is corrupt: {exc}")
        raise DataIntegrityError([problem]) from None
    return delta, len(data)


def _applied(deltas: list[tuple[str, Document]], document: Document | None) -> Document:
    """Apply the (version, delta) chain to *document*, reporting a malformed delta as corrupt."""
    try:
        return apply_deltas(document, [delta for _, delta in deltas])
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        # Which delta is at fault is not known here; the chain names them all.
        names = ", ".join(f"releases/{file_name(version)}" for version, _ in deltas)
        problem = Problem(names, "(file)", f"is corrupt: {exc!r}")
        raise DataIntegrityError([problem]) from None


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
    delta, _ = _stored(root, version, previous)
    return _applied([(version, delta)], None if delta["base"] is None else document)


def chain(
    root: Traversable, versions: list[str], *, known: Container[str] = ()
) -> tuple[list[tuple[str, Document]], int]:
    """Return the chain that rebuilds the last of *versions* (all releases up to it, in order).

    The chain runs from the newest release at or before it that is stored in full, or
    whose document is *known* (then the chain starts after it); the second value is the
    bytes of the release files read.
    """
    found: list[tuple[str, Document]] = []
    size = 0
    for at in range(len(versions) - 1, -1, -1):
        version = versions[at]
        if version in known:
            break
        delta, stored = _stored(root, version, versions[at - 1] if at else None)
        found.append((version, delta))
        size += stored
        if delta["base"] is None:
            break
    found.reverse()
    return found, size


def _document(version: str) -> Document:
    """Rebuild the snapshot document of *version* from its chain of stored deltas.

    Raises:
        DataIntegrityError: a file of the chain is missing, corrupt or out of order.
    """
    versions = [r.version for r in releases()]
    if version not in versions:
        raise UnknownVersionError(version, tuple(versions))
    deltas, _ = chain(_releases_root(), versions[: versions.index(version) + 1], known=_DOCUMENTS)
    if not deltas:
        return _DOCUMENTS[version]
    start = None if deltas[0][1]["base"] is None else _DOCUMENTS[deltas[0][1]["base"]]
    return _applied(deltas, start)


IDENTITY: dict[str, tuple[str, ...]] = {
    "instruments": ("kind",),
    "events": ("party", "kind"),
    "sources": ("url",),
    "provisions": ("instrument", "article"),
}
"""What a released id stands for, by record type: another record must not take the id."""


def released_ids() -> dict[str, dict[str, tuple[str, str]]]:
    """For each record type of :data:`IDENTITY`, every released id: its first release, identity.

    Read from the stored records themselves (each distinct version of a record is stored
    once), without rebuilding or parsing any release, so it costs what the release files
    hold, not the number of releases times a dataset.

    Raises:
        DataIntegrityError: a release file is missing or corrupt.
    """
    seen: dict[str, dict[str, tuple[str, str]]] = {kind: {} for kind in IDENTITY}
    previous: str | None = None
    for release in releases():
        delta, _ = _stored(_releases_root(), release.version, previous)
        previous = release.version
        try:
            for kind, fields in IDENTITY.items():
                ids = seen[kind]
                for record in delta["put"].get(kind, []):
                    identity = "/".join(str(record[field]) for field in fields)
                    ids.setdefault(record[KEYS[kind]], (release.version, identity))
        except (KeyError, TypeError, AttributeError) as exc:
            name = f"releases/{file_name(release.version)}"
            raise DataIntegrityError([Problem(name, "(file)", f"is corrupt: {exc!r}")]) from None
    return seen


def snapshot_bytes(dataset: Dataset) -> bytes:
    """Return the canonical snapshot of *dataset*, as frozen by the release procedure."""
    return snapshot_text(snapshot_document(dataset))


def snapshot_document(dataset: Dataset) -> Document:
    """Return the snapshot of *dataset* as JSON: metadata and every record type, sorted.

    Fields whose value is null are left out (they read back as null), as in the data files,
    so a new optional field changes no stored record. Releases made before 2026.11.29.1
    wrote them out; their snapshots are kept exactly as made. A record type added after
    the first releases (``provisions``) is left out while the dataset has none of it, so
    a release made before it existed gives back its own bytes.
    """
    document: Document = json.loads(dataset.to_snapshot().model_dump_json(exclude_none=True))
    for table in RECORD_TABLES:
        if table.kind in OPTIONAL and not document[table.kind]:
            del document[table.kind]
            continue
        document[table.kind].sort(key=lambda record, key=table.key: record[key])
    return document
