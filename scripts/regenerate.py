"""Regenerate the files derived from the models and the command line (never from the data).

Usage (from the repository root): ``python scripts/regenerate.py``. It rewrites

- docs/data-dictionary.md,
- docs/schema/*.schema.json (the JSON Schema of every model), and
- docs/cli-options.md (every command and option of the command line).

Only a change to the models or the command line's options needs it; tests fail when one is
out of date. A data change needs no generated file: ``abraham-accords diff`` shows its
consequences for membership.
"""

from __future__ import annotations

import json
from pathlib import Path

from dictionary import data_dictionary
from options import options_reference

from abraham_accords._export import json_schemas


def main(root: Path = Path()) -> None:
    """Write the generated files under *root*."""
    (root / "docs" / "data-dictionary.md").write_text(data_dictionary(), encoding="utf-8")
    (root / "docs" / "cli-options.md").write_text(options_reference(), encoding="utf-8")
    schemas = root / "docs" / "schema"
    schemas.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        (schemas / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
