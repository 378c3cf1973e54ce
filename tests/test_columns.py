"""The columns of the exported tables, computed afresh (the exports read cached columns).

``model_columns`` and the derived tables' column functions are cached: the exports and
frames read the columns built once per process, so these tests call the functions that
build them directly, with schemas and annotations whose every branch is known.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any, Literal

from abraham_accords._columns import (
    Column,
    _model_column,
    model_columns,
    row_columns,
    table_schema,
)
from abraham_accords._models import Party


def test_a_model_field_becomes_a_column_of_its_type() -> None:
    cases: list[tuple[dict[str, Any], bool, Column]] = [
        (
            {"type": "string", "description": "A code.", "pattern": "^[A-Z]{2}$"},
            True,
            Column("f", "string", "A code.", required=True, pattern="^[A-Z]{2}$"),
        ),
        (
            {"enum": ["a", "b"], "type": "string", "description": "A kind."},
            True,
            Column("f", "string", "A kind.", vocabulary=("a", "b"), required=True),
        ),
        (
            {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}], "default": None},
            True,  # required but nullable: not every row has a value
            Column("f", "date", "", nullable=True),
        ),
        (
            {"anyOf": [{"type": "integer"}, {"type": "null"}], "description": "A number."},
            False,
            Column("f", "integer", "A number.", nullable=True),
        ),
        (  # the null option first: the column takes the other's type
            {"anyOf": [{"type": "null"}, {"type": "integer"}]},
            False,
            Column("f", "integer", "", nullable=True),
        ),
        ({"type": "boolean"}, False, Column("f", "boolean", "")),
        (
            {"type": "array", "items": {"type": "string"}},
            True,
            Column("f", "array", "", required=True),
        ),
        (
            {"type": "object", "additionalProperties": {"type": "string"}},
            False,
            Column("f", "object", ""),
        ),
        (
            {"type": "object", "additionalProperties": {"type": "array"}},
            False,
            Column("f", "object", "", lists=True),
        ),
        ({"type": "object"}, False, Column("f", "object", "")),
        # Only a pattern or a vocabulary of text is kept.
        (
            {"type": "array", "enum": [["a"]], "pattern": "x"},
            False,
            Column("f", "array", ""),
        ),
        ({"description": "Anything."}, False, Column("f", "string", "Anything.")),
        ({"anyOf": [{"type": "null"}]}, False, Column("f", "string", "", nullable=True)),
    ]
    for schema, required, column in cases:
        assert _model_column("f", schema, required=required) == column, schema


def test_a_record_types_columns_follow_its_fields() -> None:
    columns = {column.name: column for column in model_columns.__wrapped__(Party)}
    assert list(columns)[:3] == ["code", "iso", "name"]
    assert columns["code"] == Column(
        "code",
        "string",
        "ISO 3166-1 alpha-2 code, or a documented user-assigned code (iso false).",
        required=True,
        pattern="^[A-Z]{2}$",
    )
    assert columns["role"].vocabulary == ("party", "broker", "candidate")
    assert (columns["role"].required, columns["iso"].required) == (True, False)
    assert (columns["alpha3"].nullable, columns["alpha3"].pattern) == (True, "^[A-Z]{3}$")
    assert (columns["ccode"].type, columns["ccode"].nullable) == ("integer", True)
    assert (columns["names"].type, columns["names"].lists) == ("object", False)
    assert (columns["alias_sources"].type, columns["alias_sources"].lists) == ("object", True)
    assert columns["aliases"].type == "array"


def test_a_row_types_annotations_become_columns() -> None:
    hints = {
        "code": str,
        "count": int | None,
        "flag": bool,
        "day": typing.Optional[dt.date],  # noqa: UP045  (the older spelling is read too)
        "ids": tuple[str, ...],
        "stage": Literal["a", "b"],
        "level": Literal["x", "y"] | None,
    }
    descriptions = {name: f"The {name}." for name in hints}
    assert row_columns(hints, descriptions) == (
        Column("code", "string", "The code."),
        Column("count", "integer", "The count.", nullable=True),
        Column("flag", "boolean", "The flag."),
        Column("day", "date", "The day.", nullable=True),
        Column("ids", "array", "The ids."),
        Column("stage", "string", "The stage.", vocabulary=("a", "b")),
        Column("level", "string", "The level.", vocabulary=("x", "y"), nullable=True),
    )


def test_a_row_schema_keeps_each_columns_pattern_and_vocabulary() -> None:
    columns = [
        Column("code", "string", "A code.", pattern="^[A-Z]{2}$"),
        Column("stage", "string", "A stage.", vocabulary=("a", "b"), nullable=True),
    ]
    assert table_schema("Row", "A row.", columns)["properties"] == {
        "code": {"description": "A code.", "type": "string", "pattern": "^[A-Z]{2}$"},
        "stage": {
            "description": "A stage.",
            "anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}],
        },
    }
