"""The canonical text of a data file: sorted by id, 2-space indent, NFC, newline at end.

A file in canonical form changes in a pull request only where a fact changes. Fields
whose value is null are left out (they read as null), so a new optional field never
rewrites the data files.
"""

from __future__ import annotations

__all__ = ["canonical_json"]

import json
import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel

from ._tables import record_id


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
