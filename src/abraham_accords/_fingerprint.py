"""Which release a data directory holds: the fingerprint of its files and the ``+dev`` rule.

Working data may run ahead of the last release. It then reports the version it was
last released as, with :data:`DEV_SUFFIX` appended, so unreleased data can never pass
for a pinned release. A directory holds release V only when ``metadata.json`` names V and
the fingerprint of its five files equals the one recorded for V in the release index.

This module needs nothing but the standard library: the build hook (``hatch_build.py``)
loads it by path to refuse publishing unreleased data.
"""

from __future__ import annotations

__all__ = [
    "DATA_FILES",
    "DEV_SUFFIX",
    "bundled_version",
    "fingerprint",
    "released_fingerprints",
    "unreleased_reason",
    "version_of",
]

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

TYPE_CHECKING = False  # see __init__.py: keeps `typing` out of the version lookup
if TYPE_CHECKING:
    from typing import Final

DATA_FILES: Final = (
    "metadata.json",
    "parties.json",
    "instruments.json",
    "events.json",
    "sources.json",
)
"""The files of a data directory, in the order they are read and fingerprinted."""

DEV_SUFFIX: Final = "+dev"
"""Appended to the version of data that differs from every release."""


def fingerprint(contents: Mapping[str, bytes]) -> str:
    """Return the SHA-256 over the five data files, each framed by its name and length.

    Examples:
        >>> files = dict.fromkeys(DATA_FILES, b"[]")
        >>> len(fingerprint(files))
        64
        >>> fingerprint(files) == fingerprint({**files, "events.json": b"[ ]"})
        False
    """
    digest = hashlib.sha256()
    for name in DATA_FILES:
        data = contents[name]
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


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
    return tuple((str(e["version"]), str(e["data_sha256"])) for e in json.loads(index.read_bytes()))


@cache
def bundled_version() -> str:
    """Return the data version of the bundled data: a release, or ``<release>+dev``.

    Reads the five data files and the release index (no parsing of records), once.

    Examples:
        >>> import abraham_accords as aa
        >>> bundled_version() == aa.dataset().data_version
        True
    """
    data = resources.files("abraham_accords").joinpath("data")
    contents = {name: data.joinpath(name).read_bytes() for name in DATA_FILES}
    declared = str(json.loads(contents["metadata.json"])["data_version"])
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
    contents = {name: (data / name).read_bytes() for name in DATA_FILES}
    declared = str(json.loads(contents["metadata.json"])["data_version"])
    entries = json.loads(index.read_bytes())
    released = [(str(e["version"]), str(e["data_sha256"])) for e in entries]
    version = version_of(declared, fingerprint(contents), released)
    if not version.endswith(DEV_SUFFIX):
        return None
    return (
        f"the data in {data} differs from release {declared} (it reports {version}); "
        "make a dataset release first (python scripts/release_data.py)"
    )
