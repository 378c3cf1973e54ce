"""How releases are stored: the first in full, each later one as a delta on its predecessor.

A release's *document* is the snapshot's JSON: ``metadata`` and one list per record type,
sorted by key. Its bytes (:func:`snapshot_text`) are what the release index checksums. On
disk each release is one gzip-compressed JSON file holding the metadata, the records added
or changed since the previous release (``put``) and the keys removed (``delete``); every
distinct version of a record is therefore stored once, and storage grows with what changed,
not with the number of releases. See docs/releasing.md for why this design.
"""

from __future__ import annotations

__all__ = [
    "KEYS",
    "Document",
    "apply_delta",
    "data_files",
    "decode",
    "encode",
    "make_delta",
    "snapshot_text",
]

import gzip
import json
import unicodedata
import zlib
from typing import Any, Final

Document = dict[str, Any]
"""A release as JSON: ``metadata`` plus one sorted list of records per record type."""

KEYS: Final = {"parties": "code", "instruments": "id", "events": "id", "sources": "id"}
"""The record types of a document, in snapshot order, with the field that keys a record."""

FORMAT: Final = 1


def snapshot_text(document: Document) -> bytes:
    """Return the canonical bytes of a release: 2-space indented JSON, UTF-8, newline at end.

    Examples:
        >>> text = snapshot_text({"metadata": {"data_version": "2026.01.01"}, "parties": []})
        >>> text.decode().splitlines()
        ['{', '  "metadata": {', '    "data_version": "2026.01.01"', '  },', '  "parties": []', '}']
    """
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def data_files(document: Document) -> dict[str, bytes]:
    """Return the five canonical data files (by file name) that hold *document*.

    Written out in today's canonical form (fields whose value is null left out), they are
    the working data of that release, so for a release made in that form (2026.11.29.1
    on) their fingerprint is the release's ``data_sha256``.

    Examples:
        >>> files = data_files({"metadata": {"data_version": "2026.01.01"}, "parties": [],
        ...                     "instruments": [], "events": [], "sources": []})
        >>> sorted(files)
        ['events.json', 'instruments.json', 'metadata.json', 'parties.json', 'sources.json']
        >>> files["events.json"].decode().strip()
        '[]'
    """

    def text(value: object) -> bytes:
        dumped = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
        return unicodedata.normalize("NFC", dumped).encode("utf-8")

    def present(record: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in record.items() if value is not None}

    return {"metadata.json": text(present(document["metadata"]))} | {
        f"{kind}.json": text([present(r) for r in document[kind]]) for kind in KEYS
    }


def make_delta(version: str, previous: tuple[str, Document] | None, document: Document) -> Document:
    """Return the delta that turns the *previous* (version, document) into *document*.

    Examples:
        >>> old = {"metadata": {}, "parties": [{"code": "AE"}, {"code": "IL"}]}
        >>> new = {"metadata": {}, "parties": [{"code": "IL", "name": "Israel"}]}
        >>> delta = make_delta("2", ("1", old), new)
        >>> delta["put"], delta["delete"]
        ({'parties': [{'code': 'IL', 'name': 'Israel'}]}, {'parties': ['AE']})
        >>> apply_delta(old, delta) == new
        True
    """
    base, before = previous if previous is not None else (None, None)
    put: dict[str, list[Any]] = {}
    delete: dict[str, list[str]] = {}
    for kind, key in KEYS.items():
        if kind not in document:
            continue
        old = {} if before is None else {r[key]: r for r in before.get(kind, [])}
        new = {r[key]: r for r in document[kind]}
        changed = [r for k, r in new.items() if old.get(k) != r]
        removed = sorted(old.keys() - new.keys())
        if changed:
            put[kind] = changed
        if removed:
            delete[kind] = removed
    return {
        "format": FORMAT,
        "version": version,
        "base": base,
        "order": [kind for kind in document if kind != "metadata"],
        "metadata": document["metadata"],
        "put": put,
        "delete": delete,
    }


def apply_delta(previous: Document | None, delta: Document) -> Document:
    """Return the document that *delta* makes of the *previous* one (None for the first)."""
    document: Document = {"metadata": delta["metadata"]}
    for kind in delta["order"]:
        key = KEYS[kind]
        records = {} if previous is None else {r[key]: r for r in previous.get(kind, [])}
        for gone in delta["delete"].get(kind, []):
            del records[gone]
        for record in delta["put"].get(kind, []):
            records[record[key]] = record
        document[kind] = [records[k] for k in sorted(records)]
    return document


def encode(delta: Document) -> bytes:
    """Return the stored form of a delta: compact JSON, gzip-compressed, reproducibly."""
    text = json.dumps(delta, ensure_ascii=False, separators=(",", ":")) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode(data: bytes) -> Document:
    """Read a stored delta.

    Raises:
        ValueError: the bytes are not a gzip-compressed JSON delta of a known format.
    """
    try:
        delta = json.loads(gzip.decompress(data))
    except (OSError, EOFError, ValueError, zlib.error) as exc:  # gzip, zlib, JSON
        msg = f"is not a gzip-compressed JSON release file ({exc})"
        raise ValueError(msg) from None
    if not isinstance(delta, dict) or delta.get("format") != FORMAT:
        msg = f"is not a release file of format {FORMAT}"
        raise ValueError(msg)
    return delta
