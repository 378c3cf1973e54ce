"""The canonical text of a data file: sorted by id, 2-space indent, NFC, newline at end.

A file in canonical form changes in a pull request only where a fact changes. Fields
whose value is null are left out (they read as null), so a new optional field never
rewrites the data files.
"""

from __future__ import annotations

__all__ = ["canonical_json", "lost_value"]

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from ._tables import raw_record_name, record_id


def canonical_json(records: Sequence[BaseModel] | BaseModel) -> str:
    """Return the canonical JSON text of one record or a list of records.

    Examples:
        >>> from abraham_accords import Metadata
        >>> print(canonical_json(Metadata(title="T", data_version="2026.01.01",
        ...                               cutoff="2026-01-01", license="CC-BY-4.0")), end="")
        {
          "title": "T",
          "data_version": "2026.01.01",
          "cutoff": "2026-01-01",
          "license": "CC-BY-4.0"
        }
    """
    if isinstance(records, BaseModel):
        data: object = records.model_dump(mode="json", exclude_none=True)
    else:
        data = [
            r.model_dump(mode="json", exclude_none=True) for r in sorted(records, key=record_id)
        ]
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return unicodedata.normalize("NFC", text)


def _lost_in_object(old: dict[str, Any], new: object, path: str) -> str | None:
    if not isinstance(new, dict):
        return path or "the record"
    for key, value in old.items():
        where = f"{path}.{key}" if path else key
        if value is None:  # a null field reads as absent, and is written so
            found = None if new.get(key) is None else where
        else:
            found = _lost(value, new[key], where) if key in new else where
        if found:
            return found
    return None


def _lost(old: Any, new: Any, path: str) -> str | None:  # noqa: ANN401  (raw JSON)
    if isinstance(old, dict):
        return _lost_in_object(old, new, path)
    if isinstance(old, list):
        if not isinstance(new, list) or len(new) != len(old):
            return path or "the list"
        for index, item in enumerate(old):
            found = _lost(item, new[index], f"{path}.{index}" if path else str(index))
            if found:
                return found
        return None
    if isinstance(old, str):
        same = isinstance(new, str) and unicodedata.normalize("NFC", old) == new
        return None if same else path or "the value"
    return None if type(old) is type(new) and old == new else path or "the value"


def lost_value(old: Any, new: Any, *, records: bool) -> str | None:  # noqa: ANN401  (raw JSON)
    """Say where a rewrite from *old* to *new* would change or drop a value, or None.

    The rewrite may reorder records (by id) and keys, write strings in NFC, leave out a
    null field and add a field's default; it may change nothing else.

    Args:
        old: the file's JSON value as read.
        new: the JSON value of the rewritten text.
        records: the values are arrays of records (matched by id, in a stable order).

    Examples:
        >>> lost_value([{"id": "b"}, {"id": "a", "x": None}], [{"id": "a"}, {"id": "b"}],
        ...            records=True)
        >>> lost_value({"ccode": True}, {"ccode": 1}, records=False)
        'ccode'
    """
    if records and isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, item in enumerate(sorted(old, key=lambda record: raw_record_name(record, 0))):
            found = _lost(item, new[index], "")
            if found:
                return f"{raw_record_name(item, 0)}: {found}"
        return None
    return _lost(old, new, "")
