"""The data dictionary: every field of every record type, rendered from the models.

docs/data-dictionary.md is this module's output; a test keeps the two identical, so the
documentation cannot drift from the models.
"""

from __future__ import annotations

__all__ = ["data_dictionary"]

from typing import Any

from abraham_accords._tables import RECORD_TABLES, TABLES


def _kind(schema: dict[str, Any]) -> str:  # noqa: C901, PLR0911  (one return per schema shape)
    """Describe a JSON Schema fragment in a few words."""
    options = schema.get("anyOf")
    if options:
        kinds = [_kind(o) for o in options if o.get("type") != "null"]
        nullable = any(o.get("type") == "null" for o in options)
        return " or ".join(kinds) + (", or null" if nullable else "")
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type")
    if kind == "array":
        text = "list of " + _kind(schema.get("items", {}))
        if schema.get("minItems"):
            text += f" (at least {schema['minItems']})"
        return text
    if kind == "boolean":
        return "true or false"
    if kind == "object":
        keys = ", ".join(f"`{k}`" for k in schema.get("patternProperties", {}))
        values = schema.get("additionalProperties")
        if not keys and isinstance(values, dict):
            return f"object: each value a {_kind(values)}"
        return f"object: keys matching {keys}, each text" if keys else "object"
    if schema.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if schema.get("format") == "uri":
        return "https URL"
    if "pattern" in schema:
        return f"text matching `{schema['pattern']}`"
    return "text" if kind == "string" else str(kind)


def _default(field: dict[str, Any]) -> str:
    if "default" not in field:
        return "required"
    value = field["default"]
    if value is None:
        return "optional (null)"
    if value in ([], {}):
        return "optional (empty)"
    return f"optional (`{str(value).lower() if isinstance(value, bool) else value}`)"


def data_dictionary() -> str:
    """Return the data dictionary as Markdown.

    Examples:
        >>> "| `party` |" in data_dictionary()
        True
    """
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from the models by scripts/regenerate.py; a test keeps it current. -->",
        "",
        "Every field of every record type in `src/abraham_accords/data/`. Text fields are",
        "trimmed, NFC-normalised and free of control characters, and never begin with `=`,",
        "`+`, `-` or `@` (a spreadsheet opening a CSV export would read such a cell as a",
        "formula); ids are lower-case words joined by `-`. The meaning of each event kind is",
        "in docs/methodology.md.",
    ]
    for table in (*RECORD_TABLES, TABLES[0]):
        model = table.model
        schema = model.model_json_schema()
        summary = (model.__doc__ or "").strip().splitlines()[0]
        lines += ["", f"## {model.__name__} (`{table.file}`)", "", summary, ""]
        lines += ["| field | type | presence | meaning |", "|---|---|---|---|"]
        for name, field in schema["properties"].items():
            text = field.get("description", "").replace("|", "\\|")
            kind = _kind(field).replace("|", "\\|")  # (a pattern's alternatives)
            lines.append(f"| `{name}` | {kind} | {_default(field)} | {text} |")
    return "\n".join(lines) + "\n"
