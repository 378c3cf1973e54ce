"""Parquet files of the exported tables and of any frame from ``to_frame``.

Optional: ``pip install 'abraham-accords[parquet]'`` (pyarrow; the tables need no pandas).
Columns keep their types, so DuckDB, Polars, Spark, R's arrow and pandas read them with
no parsing: text is ``string``, integers ``int64``, indicators ``boolean``, dates ``date32``
(days, not timestamps), lists ``list<string>`` and a party's ``names``
``map<string, string>``; a closed vocabulary is text (its values are listed in the data
dictionary and the data package). A missing value is a null.

Each field carries its description (field metadata ``description``), and the file's
metadata (key ``abraham_accords``, a JSON object) names the table, the dataset version,
the package version and the cut-off.
"""

from __future__ import annotations

__all__ = ["arrow_type", "parquet_files", "require_pyarrow", "write_parquet"]

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._columns import Column, ColumnType
from ._dataset import Dataset
from ._errors import ArgumentTypeError, InvalidArgumentError, MissingDependencyError, preview
from ._files import file_path, write_file
from ._pandas import FRAME_KINDS, FRAME_MARK, frame_columns, is_missing, require_pandas
from ._version import package_version

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ._columns import ExportTable

_METADATA_KEY = "abraham_accords"
"""The key of the file's metadata that names the table and the versions."""


def require_pyarrow(what: str) -> tuple[ModuleType, ModuleType]:
    """Import pyarrow and its Parquet module for *what*, or raise our error naming the extra."""
    try:
        import pyarrow as pa  # noqa: PLC0415  (optional dependency)
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError:
        msg = f"{what} needs pyarrow: pip install 'abraham-accords[parquet]'"
        raise MissingDependencyError(msg) from None
    return pa, pq


def arrow_type(pa: Any, kind: ColumnType, *, lists: bool = False) -> pa.DataType:  # noqa: ANN401  (the pyarrow module)
    """The Arrow type of a column of *kind* (with *lists*: a mapping to lists of text)."""
    if kind == "object" and lists:
        return pa.map_(pa.string(), pa.list_(pa.string()))
    types: dict[ColumnType, pa.DataType] = {
        "string": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "array": pa.list_(pa.string()),
        "object": pa.map_(pa.string(), pa.string()),
    }
    return types[kind]


def _bytes(pa: Any, pq: Any, table: pa.Table) -> bytes:  # noqa: ANN401  (the modules)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def _metadata(**facts: str | None) -> dict[str, str]:
    return {_METADATA_KEY: json.dumps({k: v for k, v in facts.items() if v is not None})}


def _field(pa: Any, name: str, kind: pa.DataType, description: str | None) -> pa.Field:  # noqa: ANN401
    metadata = None if not description else {"description": description}
    return pa.field(name, kind, metadata=metadata)


def parquet_files(tables: Sequence[ExportTable], dataset: Dataset) -> dict[str, bytes]:
    """The Parquet file of each table, by file name (``export(fmt="parquet")``)."""
    pa, pq = require_pyarrow("export(fmt='parquet')")
    files = {}
    for table in tables:
        columns: tuple[Column, ...] = table.columns()
        rows = table.rows(dataset)
        fields = [
            _field(pa, c.name, arrow_type(pa, c.type, lists=c.lists), c.description)
            for c in columns
        ]
        arrays = [
            pa.array([row[place] for row in rows], type=field.type)
            for place, field in enumerate(fields)
        ]
        schema = pa.schema(
            fields,
            metadata=_metadata(
                table=table.name,
                description=table.description,
                data_version=dataset.data_version,
                package_version=package_version(),
                cutoff=dataset.cutoff.isoformat(),
            ),
        )
        files[f"{table.name}.parquet"] = _bytes(pa, pq, pa.Table.from_arrays(arrays, schema=schema))
    return files


def _all_text(values: object) -> bool:
    return isinstance(values, Sequence) and all(isinstance(v, str) for v in values)


def _text_lists(values: Iterable[object]) -> bool:
    return all(isinstance(v, (list, tuple)) and _all_text(v) for v in values)


def _object_kind(values: list[object]) -> ColumnType | None:
    """The column type of an object column's values (None: left to pyarrow)."""
    given = [v for v in values if not is_missing(v)]
    if all(isinstance(v, str) for v in given):
        return "string"
    if all(isinstance(v, (list, tuple)) and _all_text(v) for v in given):
        return "array"
    maps = [v for v in given if isinstance(v, Mapping)]
    texts = all(_all_text(list(m.values())) for m in maps)
    lists = all(_text_lists(m.values()) for m in maps)
    if len(maps) == len(given) and all(_all_text(list(m)) for m in maps) and (texts or lists):
        return "object"
    return None


def _frame_kind(pd: Any, series: pd.Series) -> ColumnType | None:  # noqa: ANN401  (pandas)
    """The column type of a frame's column, read from its dtype (None: left to pyarrow)."""
    dtype = series.dtype
    api = pd.api.types
    if isinstance(dtype, pd.CategoricalDtype):
        return "string"
    if api.is_bool_dtype(dtype):
        return "boolean"
    if api.is_signed_integer_dtype(dtype):  # unsigned ones go as pyarrow types them
        return "integer"
    if api.is_datetime64_dtype(dtype):  # without a time zone
        days = series.dropna()
        return "date" if (days == days.dt.normalize()).all() else None
    if api.is_object_dtype(dtype) or api.is_string_dtype(dtype):
        return _object_kind(list(series))
    return None


def _frame_array(
    pa: Any,  # noqa: ANN401  (the pyarrow module)
    pd: Any,  # noqa: ANN401  (the pandas module)
    name: str,
    series: pd.Series,
    known: Column | None,
) -> pa.Array:
    """One column of a frame as an Arrow array, typed as the exports type it.

    The type is read from the column's dtype and values; a column without a value takes
    the type *known* from ``to_frame``'s columns, if any.
    """
    values = list(series.astype(object))
    kind = _frame_kind(pd, series)
    if known is not None and all(is_missing(v) for v in values):
        kind = known.type
    try:
        if kind == "string":
            return pa.array([None if is_missing(v) else str(v) for v in values], pa.string())
        if kind == "array":
            cells = [None if is_missing(v) else list(v) for v in values]
            return pa.array(cells, arrow_type(pa, kind))
        if kind == "object":
            mappings = [None if is_missing(v) else dict(v) for v in values]
            lists = any(m and _text_lists(m.values()) for m in mappings if m is not None)
            lists = lists or (known is not None and known.lists)
            if lists:
                mappings = [
                    None if m is None else {k: list(v) for k, v in m.items()} for m in mappings
                ]
            return pa.array(mappings, arrow_type(pa, kind, lists=lists))
        if kind == "date":
            days = [None if is_missing(v) else v.date() for v in values]
            return pa.array(days, pa.date32())
        if kind is not None:  # integers and indicators
            return pa.array(series, arrow_type(pa, kind), from_pandas=True)
        return pa.array(series, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        msg = f"column {preview(name)} cannot be written to Parquet: {reason}"
        raise InvalidArgumentError(msg) from None


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a frame from :func:`abraham_accords.to_frame` as a Parquet file; return its path.

    The columns are typed as in ``export(fmt="parquet")``: dates as dates (a datetime
    column whose values all fall at midnight), integers as ``int64`` (missing values
    null), indicators as booleans, categories as text, lists as lists of text and
    mappings as maps. A frame that still carries ``to_frame``'s note (``frame.attrs``)
    gets a description per field and the table and versions in the file's metadata.
    Other columns go as pyarrow types them.

    Args:
        frame: the frame to write; a named index is written as columns.
        path: the file to write (replaced atomically if it exists; its directory must).

    Returns:
        The path written.

    Raises:
        MissingDependencyError: pyarrow (or pandas) is not installed; the message names
            the extra.
        ArgumentTypeError: *frame* is not a pandas DataFrame, or *path* not a path.
        InvalidArgumentError: a column holds values Parquet cannot store, or names repeat
            or are not text.
        FileAccessError: the file cannot be written.

    Examples:
        >>> import tempfile, pathlib, pyarrow.parquet as pq, abraham_accords as aa
        >>> frame = aa.to_frame("dyads", start=2021, end=2021)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = aa.write_parquet(frame, pathlib.Path(folder) / "dyads.parquet")
        ...     schema = pq.read_schema(path)
        >>> str(schema.field("date").type), str(schema.field("events").type.value_type)
        ('date32[day]', 'string')
    """
    pd = require_pandas("write_parquet")
    pa, pq = require_pyarrow("write_parquet")
    if not isinstance(frame, pd.DataFrame):
        msg = f"frame must be a pandas DataFrame, not {type(frame).__name__}"
        raise ArgumentTypeError(msg)
    target = file_path(path)
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()  # a named index is data; an unnamed one is row numbers
    names = list(frame.columns)
    if not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        msg = f"column names must be unique text for Parquet, not {preview(names, limit=80)}"
        raise InvalidArgumentError(msg)
    mark = frame.attrs.get(FRAME_MARK)
    kind = mark.get("kind") if isinstance(mark, Mapping) else None
    known = {c.name: c for c in frame_columns(kind)} if kind in FRAME_KINDS else {}
    arrays, fields = [], []
    for name in names:
        column = known.get(name)
        array = _frame_array(pa, pd, name, frame[name], column)
        arrays.append(array)
        fields.append(_field(pa, name, array.type, column.description if column else None))
    metadata = None
    if kind in FRAME_KINDS and isinstance(mark, Mapping):
        facts = {key: str(mark.get(key)) for key in ("data_version", "package_version", "cutoff")}
        metadata = _metadata(table=str(kind), **facts)
    schema = pa.schema(fields, metadata=metadata)
    data = _bytes(pa, pq, pa.Table.from_arrays(arrays, schema=schema))
    return write_file(target.parent, target.name, data)
