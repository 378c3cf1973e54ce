"""The columns of the tables the package writes: name, type, meaning and allowed values.

One description per column serves every format: the CSV files' data package, the typed
columns of Parquet files, the labels of Stata files and the dtypes of ``to_frame``. The
columns of a record type are read from its model's JSON Schema; those of a derived table
(panel, dyads, implementation) from its row type's annotations.

Here too the one CSV convention (:func:`csv_cell`), which the Stata files follow for
lists and mappings, and :class:`ExportTable`, what the exports need to know of a table.
"""

from __future__ import annotations

__all__ = [
    "Column",
    "ColumnType",
    "ExportTable",
    "Rows",
    "csv_cell",
    "dyad_columns",
    "implementation_columns",
    "model_columns",
    "panel_columns",
    "row_columns",
    "table_schema",
]

import datetime as dt
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from pydantic import BaseModel

if TYPE_CHECKING:
    from ._dataset import Dataset

ColumnType = Literal["string", "integer", "boolean", "date", "array", "object"]
"""What a column holds: text, a whole number, a 0/1 indicator, a day, a list of text, or a
mapping of text to text (a party's ``names``)."""


class Column(NamedTuple):
    """One column of an exported table.

    Examples:
        >>> from abraham_accords._models import Source
        >>> column = next(c for c in model_columns(Source) if c.name == "kind")
        >>> column.type, column.vocabulary[:2], column.nullable
        ('string', ('official', 'news'), False)
    """

    name: str
    type: ColumnType
    description: str
    vocabulary: tuple[str, ...] = ()
    """The closed vocabulary of a text column, in its order (empty: any text)."""
    nullable: bool = False
    """Whether a row may have no value (an ``X | None`` field)."""
    required: bool = False
    """Whether every row has a value: a field a record must give (it has no default) that
    may not be null. The data package's ``required`` constraint."""
    pattern: str | None = None
    """The regular expression every value of a text column matches, if any."""
    lists: bool = False
    """Whether a mapping column maps text to lists of text (a party's ``alias_sources``)
    rather than to text (its ``names``)."""


Rows = Sequence[Sequence[Any]]
"""A table's rows, each a value per column in the columns' order, as Python values (a
date, a tuple, a mapping; None where a value is missing)."""


class ExportTable(NamedTuple):
    """One table of the tabular exports: ``<name>.csv``, ``.dta`` and ``.parquet``."""

    name: str
    columns: Callable[[], tuple[Column, ...]]
    rows: Callable[[Dataset], Rows]
    key: tuple[str, ...]
    """The columns that identify a row (the data package's primary key)."""
    foreign: tuple[tuple[str, str, str], ...] = ()
    """Foreign keys: (column, table, column of that table)."""
    description: str | None = None
    """What a row of a derived table is, and where its rules are written."""


def csv_cell(value: Any) -> str:  # noqa: ANN401  (any value of a record or a row)
    """One CSV cell, by the package's one convention (``_export``'s module docstring).

    Examples:
        >>> [csv_cell(v) for v in (None, True, ["UAE", "Emirates"], "NA", {"fr": "Maroc"})]
        ['', '1', '["UAE", "Emirates"]', 'NA', '{"fr": "Maroc"}']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False)
    return str(value)


_JSON_TYPES: Final[dict[str, ColumnType]] = {
    "array": "array",
    "object": "object",
    "boolean": "boolean",
    "integer": "integer",
}


def _model_column(name: str, schema: dict[str, Any], *, required: bool) -> Column:
    options = schema.get("anyOf", [schema])
    inner: dict[str, Any] = next((o for o in options if o.get("type") != "null"), {})
    nullable = any(o.get("type") == "null" for o in options)
    kind: ColumnType = _JSON_TYPES.get(inner.get("type", ""), "string")
    if inner.get("format") == "date":
        kind = "date"
    return Column(
        name,
        kind,
        schema.get("description", ""),
        vocabulary=tuple(inner.get("enum", ())) if kind == "string" else (),
        nullable=nullable,
        required=required and not nullable,  # a field given as null has no value
        pattern=inner.get("pattern") if kind == "string" else None,
        lists=kind == "object" and inner.get("additionalProperties", {}).get("type") == "array",
    )


@functools.cache
def model_columns(model: type[BaseModel]) -> tuple[Column, ...]:
    """The columns of a record type, one per field, in the model's order.

    Examples:
        >>> from abraham_accords._models import Party
        >>> [(c.name, c.type) for c in model_columns(Party)][:2]
        [('code', 'string'), ('iso', 'boolean')]
    """
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    return tuple(
        _model_column(name, field, required=name in required)
        for name, field in schema["properties"].items()
    )


_HINT_TYPES: Final[dict[object, ColumnType]] = {
    str: "string",
    int: "integer",
    bool: "boolean",
    dt.date: "date",
    tuple: "array",
}


def row_columns(hints: Mapping[str, object], descriptions: Mapping[str, str]) -> tuple[Column, ...]:
    """The columns of a derived table, from its row type's annotations (*hints*).

    ``X | None`` is a nullable column; a ``Literal`` gives a text column its vocabulary.

    Examples:
        >>> from typing import Literal
        >>> columns = row_columns({"stage": Literal["a", "b"] | None}, {"stage": "Stage."})
        >>> columns[0].type, columns[0].vocabulary, columns[0].nullable
        ('string', ('a', 'b'), True)
    """
    columns = []
    for name, hint in hints.items():
        kind = hint
        nullable = isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
        if nullable:
            (kind,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        base = typing.get_origin(kind) or kind
        literal = base is typing.Literal
        columns.append(
            Column(
                name,
                "string" if literal else _HINT_TYPES[base],
                descriptions[name],
                vocabulary=typing.get_args(kind) if literal else (),
                nullable=nullable,
            )
        )
    return tuple(columns)


_SCHEMA_TYPES: Final[dict[ColumnType, dict[str, Any]]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "array": {"type": "array", "items": {"type": "string"}},
    "object": {"type": "object", "additionalProperties": {"type": "string"}},
}


def table_schema(title: str, description: str, columns: Sequence[Column]) -> dict[str, Any]:
    """The JSON Schema of a row of a derived table, as its JSON export writes it.

    A row is an object with every column as a key (null where the column is nullable
    and the value missing): a date as ``YYYY-MM-DD`` text, a list as an array of text, a
    closed vocabulary as one of its values.

    Examples:
        >>> day = Column("day", "date", "A day.", nullable=True)
        >>> code = Column("code", "string", "A code.", pattern="^[A-Z]{2}$")
        >>> schema = table_schema("Row", "A row.", [day, code])
        >>> schema["properties"]["day"]["anyOf"], schema["required"]
        ([{'type': 'string', 'format': 'date'}, {'type': 'null'}], ['day', 'code'])
        >>> schema["properties"]["code"]
        {'description': 'A code.', 'type': 'string', 'pattern': '^[A-Z]{2}$'}
    """
    properties: dict[str, Any] = {}
    for column in columns:
        value: dict[str, Any] = dict(_SCHEMA_TYPES[column.type])
        if column.vocabulary:
            value["enum"] = list(column.vocabulary)
        if column.pattern is not None:
            value["pattern"] = column.pattern
        if column.nullable:
            value = {"anyOf": [value, {"type": "null"}]}
        properties[column.name] = {"description": column.description, **value}
    return {
        "additionalProperties": False,
        "description": description,
        "properties": properties,
        "required": [column.name for column in columns],
        "title": title,
        "type": "object",
    }


@functools.cache
def dyad_columns() -> tuple[Column, ...]:
    """The columns of a dyad table: the fields of :class:`DyadRow`.

    Examples:
        >>> next(c for c in dyad_columns() if c.name == "representation").vocabulary[-1]
        'ambassador'
    """
    from ._dyads import DESCRIPTIONS, DyadRow  # noqa: PLC0415  (dyads are asked for rarely)

    return row_columns(typing.get_type_hints(DyadRow), DESCRIPTIONS)


@functools.cache
def implementation_columns() -> tuple[Column, ...]:
    """The columns of the implementation table: the fields of :class:`ImplementationRow`.

    Examples:
        >>> next(c for c in implementation_columns() if c.name == "status").vocabulary
        ('implemented', 'partial', 'open', 'not_tracked')
    """
    from ._implementation import (  # noqa: PLC0415  (asked for rarely)
        DESCRIPTIONS,
        ImplementationRow,
    )

    return row_columns(typing.get_type_hints(ImplementationRow), DESCRIPTIONS)


@functools.cache
def panel_columns() -> tuple[Column, ...]:
    """The columns of a panel: the fields of :class:`PanelRow`.

    Examples:
        >>> [c.name for c in panel_columns()][:4]
        ['party', 'period', 'period_start', 'period_end']
    """
    from ._panel import PanelRow  # noqa: PLC0415  (panels are asked for rarely)

    fields = PanelRow.model_fields
    return row_columns(
        {name: info.annotation for name, info in fields.items()},
        {name: info.description or "" for name, info in fields.items()},
    )
