"""Stata files (``.dta``) of the exported tables and of any frame from ``to_frame``.

The writer is pandas' (``DataFrame.to_stata``), in format 118 (Stata 14 and later: text in
UTF-8, long texts as ``strL``): pandas is already the package's optional extra for frames,
it writes variable labels, value labels and dates, and its reader reads them back in the
tests. A second writer (pyreadstat) would add a compiled dependency for nothing more.

How each column is written:

- a closed vocabulary (``kind``, ``stage``, ``role``, ...) as an integer with a value
  label: each value's place in the vocabulary, from 1 (``aa.STAGES``, ``aa.EVENT_KINDS``;
  new values are appended, so codes stay), except the levels of representation, which
  take their Correlates of War Diplomatic Exchange codes (0 none, 1 chargé d'affaires,
  2 minister, 3 ambassador, 9 liaison: "other");
- an indicator as a 0/1 byte, a date as a Stata daily date (``%td``), an integer as a
  ``long`` (missing: ``.``);
- text as text, a missing text as ``""`` (Stata's missing string); a list as a JSON array
  and a mapping as a JSON object, as in the CSV files (``["a", "b"]``).

Each variable's label is its description in the data dictionary, shortened to Stata's 80
characters (its first sentence, cut at a word); the data label names the table and both
versions, and the file's time stamp is the dataset's cut-off, so the same data writes the
same bytes.
"""

from __future__ import annotations

__all__ = ["VALUE_CODES", "stata_files", "stata_label", "value_codes", "write_stata"]

import datetime as dt
import io
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ._columns import Column, csv_cell
from ._dataset import Dataset
from ._dyads import COW_CODES
from ._errors import ArgumentTypeError, InvalidArgumentError, preview
from ._files import file_path, write_file
from ._pandas import FRAME_MARK, frame_columns, frame_of, is_missing, require_pandas
from ._version import package_version

if TYPE_CHECKING:
    import pandas as pd

    from ._columns import ExportTable

VALUE_CODES: Final[tuple[Mapping[str, int], ...]] = (
    {str(level): code for level, code in COW_CODES.items()},
)
"""Vocabularies whose values have codes of their own (by default a value's code is its
place in the vocabulary, from 1): the levels of representation, by their COW codes."""

LABEL_LENGTH: Final = 80
"""The longest variable label and data label Stata takes, in characters."""

_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")
"""A Stata variable name: at most 32 letters, digits and underscores, not a digit first."""

_RESERVED: Final = frozenset(
    {
        *("_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int"),
        *("long", "_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with"),
    }
)
"""Stata's reserved names ([U] 11.3), which no variable may take."""

_SENTENCE_END: Final = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z])")


def value_codes(values: Sequence[str]) -> dict[str, int]:
    """The Stata code of each value of a closed vocabulary.

    Examples:
        >>> value_codes(("announced", "signed", "ratified", "in_force"))
        {'announced': 1, 'signed': 2, 'ratified': 3, 'in_force': 4}
        >>> value_codes(("none", "liaison", "charge_d_affaires", "minister", "ambassador"))
        {'none': 0, 'liaison': 9, 'charge_d_affaires': 1, 'minister': 2, 'ambassador': 3}
    """
    for codes in VALUE_CODES:
        if set(values) == set(codes):
            return {value: codes[value] for value in values}
    return {value: place for place, value in enumerate(values, start=1)}


def stata_label(text: str) -> str:
    """A Stata label of at most 80 characters: *text*'s first sentence, cut at a word.

    Examples:
        >>> stata_label("Code of the party. Where it has one.")
        'Code of the party'
        >>> stata_label("word " * 40)[-5:], len(stata_label("word " * 40)) <= 80
        ('word…', True)
    """
    first = _SENTENCE_END.split(text.replace("`", ""), maxsplit=1)[0].strip().rstrip(".")
    if len(first) <= LABEL_LENGTH:
        return first
    cut = first[: LABEL_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0].rstrip(",;:(")
    return cut + "…"


def _shown(value: object) -> str:
    """A caller's value in a message: text quoted and shortened, anything else its repr."""
    return preview(value) if isinstance(value, str) else repr(value)[:40]


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name in _RESERVED:
        msg = (
            f"column {_shown(name)} is not a Stata variable name: use at most 32 letters, "
            "digits and underscores, not a digit first, and no reserved word (rename it "
            "with frame.rename(columns=...))"
        )
        raise InvalidArgumentError(msg)
    return name


def _text(name: str, value: object) -> str:
    """A cell of a text column: text as is, a list or mapping as JSON, nothing as ``""``."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, Mapping)):
        return csv_cell(value)
    if is_missing(value):
        return ""
    msg = (
        f"column {name!r} holds {type(value).__name__} {_shown(value)}; a column of text "
        "may hold text, lists and mappings (written as JSON) and missing values"
    )
    raise InvalidArgumentError(msg)


def _dta(
    pd: Any,  # noqa: ANN401  (the pandas module)
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    data_label: str,
    time_stamp: dt.datetime | None,
) -> bytes:
    """The bytes of a Stata file of *frame* (see the module docstring for each column)."""
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()  # a named index is data; an unnamed one is row numbers
    if not frame.columns.is_unique:
        repeated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        msg = f"column names must be unique for Stata; repeated: {', '.join(repeated)}"
        raise InvalidArgumentError(msg)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    value_labels: dict[str, dict[int, str]] = {}
    dates: dict[str, str] = {}
    for column in frame.columns:
        name = _check_name(column)
        series = frame[name].reset_index(drop=True)
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = value_codes([str(value) for value in series.cat.categories])
            coded = [codes[str(v)] if not is_missing(v) else None for v in series.astype(object)]
            out[name] = pd.array(coded, dtype="Int32")
            value_labels[name] = {code: value for value, code in codes.items()}
        elif pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(
            series.dtype
        ):
            out[name] = series
        elif pd.api.types.is_datetime64_any_dtype(series.dtype):
            out[name] = series
            days = series.dropna()
            dates[name] = "td" if (days == days.dt.normalize()).all() else "tc"
        else:
            out[name] = pd.Series([_text(name, v) for v in series], dtype=object)
    buffer = io.BytesIO()
    try:
        out.to_stata(
            buffer,
            version=118,
            write_index=False,
            convert_dates=dates,
            variable_labels={n: stata_label(t) for n, t in labels.items() if n in out},
            value_labels=value_labels,
            data_label=stata_label(data_label),
            time_stamp=time_stamp,
        )
    except (ValueError, TypeError, OverflowError, NotImplementedError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        msg = f"cannot write the frame as a Stata file: {reason}"
        raise InvalidArgumentError(msg) from None
    return buffer.getvalue()


def _data_label(table: str, data_version: str, package: str) -> str:
    return f"abraham-accords {table}: dataset {data_version}, package {package}"


def stata_files(tables: Sequence[ExportTable], dataset: Dataset) -> dict[str, bytes]:
    """The Stata file of each table, by file name (``export(fmt="stata")``)."""
    pd = require_pandas("export(fmt='stata')")
    stamp = dt.datetime.combine(dataset.cutoff, dt.time())
    files = {}
    for table in tables:
        columns = table.columns()
        frame = frame_of(pd, columns, table.rows(dataset))
        files[f"{table.name}.dta"] = _dta(
            pd,
            frame,
            labels={column.name: column.description for column in columns},
            data_label=_data_label(table.name, dataset.data_version, package_version()),
            time_stamp=stamp,
        )
    return files


def _marked_columns(mark: object) -> tuple[tuple[Column, ...], dict[str, str]]:
    """The columns and provenance that ``to_frame`` noted on a frame (none if it is not)."""
    if not isinstance(mark, Mapping) or not isinstance(mark.get("kind"), str):
        return (), {}
    from ._pandas import FRAME_KINDS  # noqa: PLC0415

    kind = mark["kind"]
    columns = frame_columns(kind) if kind in FRAME_KINDS else ()
    return columns, {str(k): str(v) for k, v in mark.items()}


def write_stata(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a frame from :func:`abraham_accords.to_frame` as a Stata file; return its path.

    Closed vocabularies become integers with value labels (representation levels with
    their COW codes), dates Stata dates, indicators 0/1, lists and mappings JSON text as
    in the CSV export; a frame that still carries ``to_frame``'s note (``frame.attrs``)
    gets a variable label per column and a data label naming both versions. The file is
    Stata's format 118 (Stata 14 and later). Any frame whose columns are text, numbers,
    dates or categories can be written the same way.

    Args:
        frame: the frame to write; a named index is written as columns.
        path: the file to write (replaced atomically if it exists; its directory must).

    Returns:
        The path written.

    Raises:
        MissingDependencyError: pandas is not installed; the message names the extra.
        ArgumentTypeError: *frame* is not a pandas DataFrame, or *path* not a path.
        InvalidArgumentError: a column name is not a Stata variable name, a column holds
            values Stata cannot store, or names repeat.
        FileAccessError: the file cannot be written.

    Examples:
        >>> import tempfile, pathlib, pandas as pd, abraham_accords as aa
        >>> frame = aa.to_frame("panel", start=2021, end=2021)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = aa.write_stata(frame, pathlib.Path(folder) / "panel.dta")
        ...     with pd.io.stata.StataReader(path) as reader:
        ...         labels = reader.value_labels()["stage"]
        >>> {int(code): label for code, label in labels.items()}
        {1: 'announced', 2: 'signed', 3: 'ratified', 4: 'in_force'}
    """
    pd = require_pandas("write_stata")
    if not isinstance(frame, pd.DataFrame):
        msg = f"frame must be a pandas DataFrame, not {type(frame).__name__}"
        raise ArgumentTypeError(msg)
    target = file_path(path)
    columns, mark = _marked_columns(frame.attrs.get(FRAME_MARK))
    label, stamp = "a frame", None
    if mark:
        label = _data_label(mark["kind"], mark["data_version"], mark["package_version"])
        stamp = dt.datetime.combine(dt.date.fromisoformat(mark["cutoff"]), dt.time())
    data = _dta(
        pd,
        frame,
        labels={column.name: column.description for column in columns},
        data_label=label,
        time_stamp=stamp,
    )
    return write_file(target.parent, target.name, data)
