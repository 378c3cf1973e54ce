"""How releases are stored: as a delta on the release before, or in full when a chain grows.

A release's *document* is the snapshot's JSON: ``metadata`` and one list per record type,
sorted by key. Its bytes (:func:`snapshot_text`) are what the release index checksums. On
disk each release is one gzip-compressed JSON file holding the metadata, the records added
or changed since the previous release (``put``) and the keys removed (``delete``); every
distinct version of a record is therefore stored once, and storage grows with what changed,
not with the number of releases. A release with no ``base`` is stored in full: the first,
and any whose chain of deltas would otherwise take more than :data:`READ_LIMIT` times its
full size to read (:func:`stored_form`, Mercurial's revlog rule), so loading any release
reads a bounded number of bytes however many releases there are. See docs/releasing.md.
"""

from __future__ import annotations

__all__ = [
    "KEYS",
    "READ_LIMIT",
    "Document",
    "apply_delta",
    "apply_deltas",
    "data_files",
    "decode",
    "encode",
    "make_delta",
    "snapshot_text",
    "stored_form",
]

import gzip
import json
import unicodedata
import zlib
from typing import Any, Final

Document = dict[str, Any]
"""A release as JSON: ``metadata`` plus one sorted list of records per record type."""

KEYS: Final = {
    "parties": "code",
    "instruments": "id",
    "events": "id",
    "sources": "id",
    "provisions": "id",
}
"""The record types of a document, in snapshot order, with the field that keys a record.

A document made before a type existed (``provisions``) lacks its list, and so does one
with no record of a type added later (see ``_releases.snapshot_document``)."""

FORMAT: Final = 1

READ_LIMIT: Final = 3
"""A release is stored in full when rebuilding it from deltas would read more bytes than
this many times its own stored full size (the full text the deltas start from included)."""


def snapshot_text(document: Document) -> bytes:
    """Return the canonical bytes of a release: 2-space indented JSON, UTF-8, newline at end.

    Examples:
        >>> text = snapshot_text({"metadata": {"data_version": "2026.01.01"}, "parties": []})
        >>> text.decode().splitlines()
        ['{', '  "metadata": {', '    "data_version": "2026.01.01"', '  },', '  "parties": []', '}']
    """
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def data_files(document: Document) -> dict[str, bytes]:
    """Return the canonical data files (by file name) that hold *document*.

    Written out in today's canonical form (fields whose value is null left out), they are
    the working data of that release, so for a release made in that form (2026.11.29.1
    on) their fingerprint is the release's ``data_sha256``. A record type the document
    lacks (one added after it was made) gets no file.

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
        f"{kind}.json": text([present(r) for r in document[kind]])
        for kind in KEYS
        if kind in document
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
    return apply_deltas(previous, [delta])


def apply_deltas(previous: Document | None, deltas: list[Document]) -> Document:
    """Return the document that the chain of *deltas*, applied in order, makes of *previous*.

    Each record table is rebuilt once and sorted once at the end, so a long chain costs
    what its deltas hold, not a pass over every record per delta.

    Examples:
        >>> first = make_delta("1", None, {"metadata": {"v": 1}, "parties": [{"code": "IL"}]})
        >>> second = make_delta(
        ...     "2", ("1", apply_delta(None, first)),
        ...     {"metadata": {"v": 2}, "parties": [{"code": "AE"}, {"code": "IL"}]},
        ... )
        >>> apply_deltas(None, [first, second])
        {'metadata': {'v': 2}, 'parties': [{'code': 'AE'}, {'code': 'IL'}]}
    """
    tables: dict[str, dict[str, Any]] = {}
    if previous is not None:
        tables = {
            kind: {r[key]: r for r in previous[kind]}
            for kind, key in KEYS.items()
            if kind in previous
        }
    metadata = None if previous is None else previous["metadata"]
    for delta in deltas:
        after: dict[str, dict[str, Any]] = {}
        for kind in delta["order"]:
            key = KEYS[kind]
            records = tables.get(kind, {})
            for gone in delta["delete"].get(kind, []):
                del records[gone]
            for record in delta["put"].get(kind, []):
                records[record[key]] = record
            after[kind] = records
        tables, metadata = after, delta["metadata"]
    document: Document = {"metadata": metadata}
    for kind, records in tables.items():
        document[kind] = [records[k] for k in sorted(records)]
    return document


def stored_form(
    version: str, previous: tuple[str, Document, int] | None, document: Document
) -> bytes:
    """Return the bytes that store *document* as release *version*: a delta, or in full.

    Args:
        version: the new release.
        previous: the release before it, its document, and the bytes read to rebuild it
            (its stored full text and the deltas since); None for the first release.
        document: the new release's document.

    A delta is kept while rebuilding the new release reads at most :data:`READ_LIMIT`
    times what storing it in full takes; past that the chain restarts with a full text.

    Examples:
        >>> doc = {"metadata": {}, "parties": [{"code": str(n)} for n in range(500)]}
        >>> full = stored_form("1", None, doc)
        >>> decode(full)["base"] is None
        True
        >>> decode(stored_form("2", ("1", doc, len(full)), doc))["base"]
        '1'
        >>> decode(stored_form("2", ("1", doc, READ_LIMIT * len(full)), doc))["base"] is None
        True
    """
    full = encode(make_delta(version, None, document))
    if previous is None:
        return full
    delta = encode(make_delta(version, previous[:2], document))
    return delta if previous[2] + len(delta) <= READ_LIMIT * len(full) else full


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
