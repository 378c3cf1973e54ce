"""Regenerate the files derived from the models and the data.

Usage (from the repository root): ``python scripts/regenerate.py``. It rewrites

- docs/data-dictionary.md (from the models),
- docs/schema/*.schema.json (the JSON Schema of every model), and
- tests/snapshots/membership.json (the members at every stage on every event date and on
  the day before), so that a data change shows its consequences in the pull request.

Tests fail when either file is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from abraham_accords._dictionary import data_dictionary
from abraham_accords._export import json_schemas
from abraham_accords._snapshot import membership_snapshot


def main(root: Path = Path()) -> None:
    """Write both generated files under *root*."""
    (root / "docs" / "data-dictionary.md").write_text(data_dictionary(), encoding="utf-8")
    schemas = root / "docs" / "schema"
    schemas.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        (schemas / name).write_text(text, encoding="utf-8")
    snapshot = root / "tests" / "snapshots" / "membership.json"
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(membership_snapshot(), indent=2, ensure_ascii=False) + "\n"
    snapshot.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
