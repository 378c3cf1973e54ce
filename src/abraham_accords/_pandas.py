"""pandas DataFrames of the dataset (optional: ``pip install 'abraham-accords[pandas]'``).

The core package never imports pandas; only :func:`to_frame` does, when called.
"""

from __future__ import annotations

__all__ = [
    "FRAME_KINDS",
    "FRAME_MARK",
    "frame_columns",
    "frame_of",
    "is_missing",
    "require_pandas",
    "to_frame",
]

import math
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

from ._args import choice
from ._columns import (
    Column,
    dyad_columns,
    implementation_columns,
    model_columns,
    panel_columns,
)
from ._dataset import Dataset
from ._errors import ArgumentTypeError, InvalidArgumentError, MissingDependencyError
from ._loading import bundled_dataset
from ._manydata import MembershipRow
from ._models import Event
from ._tables import RECORD_TABLES, records_of
from ._version import package_version

if TYPE_CHECKING:
    import pandas as pd


FRAME_KINDS: Final = (
    "events",
    "parties",
    "sources",
    "instruments",
    "provisions",
    "panel",
    "dyads",
    "memberships",
    "implementation",
)

FRAME_MARK: Final = "abraham_accords"
"""The key of ``DataFrame.attrs`` under which :func:`to_frame` notes what a frame holds:
its ``kind``, ``data_version``, ``package_version`` and ``cutoff`` (what the Stata and
Parquet writers label a file with)."""

_CERTAIN_BY: Final = Column(
    "certain_by",
    "date",
    "The last day of the event's date period: by then it has certainly happened (the day "
    "the membership rules count from).",
)
"""The column ``to_frame("events")`` adds to an event's fields."""

_TEXT: Final = frozenset({"memberships"})
"""Frames of text only: every column in pandas' ``string`` dtype (a missing value is
``pd.NA``), so that a date known only to the month stays ``2021-01``."""

_OPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "panel": ("start", "end", "freq", "stage", "rule", "candidates"),
    "dyads": ("start", "end", "freq", "rule"),
}
"""The frames built from a query, and the query's arguments."""


_DERIVED: Final[dict[str, Callable[[Dataset], list[dict[str, Any]]]]] = {
    "memberships": lambda ds: [row.model_dump() for row in ds.memberships()],
    "implementation": lambda ds: [row._asdict() for row in ds.implementation()],
}
"""The frames derived from the records by a query that takes no option."""


def _query_rows(ds: Dataset, kind: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    if kind == "panel":
        return [row.model_dump() for row in ds.panel(**options)]
    return [row._asdict() for row in ds.dyads(**options)]


def _records(ds: Dataset, kind: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    if kind in _OPTIONS:
        unknown = sorted(set(options) - set(_OPTIONS[kind]))
        if unknown:
            msg = (
                f"to_frame({kind!r}) got unknown option(s) {', '.join(map(repr, unknown))}; "
                f"valid options are {', '.join(_OPTIONS[kind])}"
            )
            raise InvalidArgumentError(msg)
        missing = [name for name in ("start", "end") if name not in options]
        if missing:
            msg = f"to_frame({kind!r}) needs {' and '.join(missing)} (e.g. start='2020-01-01')"
            raise InvalidArgumentError(msg)
        return _query_rows(ds, kind, options)
    if options:
        msg = f"to_frame({kind!r}) takes no options; only 'panel' and 'dyads' do"
        raise InvalidArgumentError(msg)
    if kind in _DERIVED:
        return _DERIVED[kind](ds)
    table = next(t for t in RECORD_TABLES if t.kind == kind)
    rows = []
    for record in records_of(ds, table):
        row = record.model_dump()
        if isinstance(record, Event):
            row["certain_by"] = record.certain_by  # the day the membership rules count from
        for name, value in row.items():
            if name.endswith("url") and value is not None:
                row[name] = str(value)
        rows.append(row)
    return rows


def to_frame(kind: str, dataset: Dataset | None = None, **options: Any) -> pd.DataFrame:  # noqa: ANN401
    """Return one record type (or a panel) as a pandas DataFrame with proper dtypes.

    Dates become ``datetime64`` columns, closed vocabularies ``category`` columns (with
    every valid value as a category), integers that may be missing (``ccode``,
    ``month``, ``sequence``) nullable ``Int64`` columns; list fields stay tuples. The
    ``"memberships"`` frame (:func:`abraham_accords.memberships`) has ``string``
    columns only: its dates stay text, as manydata writes them (a date known only to the
    month has no day). The ``"implementation"`` frame
    (:func:`abraham_accords.implementation`) has a row per provision: ``implemented`` a
    date (``NaT`` where no act is recorded), ``lag_days`` a nullable ``Int64``,
    ``events`` and ``pending`` tuples.

    The frame notes what it holds in ``frame.attrs["abraham_accords"]`` (its kind, the
    dataset and package versions, the cut-off): :func:`abraham_accords.write_stata` and
    :func:`abraham_accords.write_parquet` label the files they write with it, through
    every operation that keeps pandas' ``attrs`` (filtering rows, choosing columns).

    Args:
        kind: ``"events"``, ``"parties"``, ``"sources"``, ``"instruments"``,
            ``"provisions"``, ``"panel"``, ``"dyads"``, ``"memberships"`` or
            ``"implementation"``.
        dataset: the dataset to read (default: the bundled one).
        **options: for ``"panel"``, the arguments of :func:`abraham_accords.panel`
            (``start``, ``end``, ``freq``, ``stage``, ``rule``, ``candidates``); for
            ``"dyads"``, those of
            :func:`abraham_accords.dyads` (``start``, ``end``, ``freq``, ``rule``).

    Returns:
        The DataFrame, one row per record.

    Raises:
        MissingDependencyError: pandas is not installed; the message names the extra.
        InvalidArgumentError: *kind* is not one of the kinds above, or a panel option is
            unknown or missing.
        ArgumentTypeError: *dataset* is not a Dataset.

    Examples:
        >>> import abraham_accords as aa
        >>> frame = aa.to_frame("events")  # doctest: +SKIP
        >>> frame["kind"].dtype  # doctest: +SKIP
        CategoricalDtype(...)
    """
    kind = choice(kind, FRAME_KINDS, argument="kind", what="frame kind")
    pd = require_pandas("to_frame")
    if dataset is not None and not isinstance(dataset, Dataset):
        msg = f"dataset must be a Dataset, not {type(dataset).__name__}"
        raise ArgumentTypeError(msg)
    ds = dataset or bundled_dataset()
    columns = frame_columns(kind)
    records = _records(ds, kind, options)
    frame = frame_of(pd, columns, ([row[c.name] for c in columns] for row in records))
    if kind in _TEXT:
        frame = frame.astype("string")
    frame.attrs[FRAME_MARK] = {
        "kind": kind,
        "data_version": ds.data_version,
        "package_version": package_version(),
        "cutoff": ds.cutoff.isoformat(),
    }
    return frame


def require_pandas(what: str) -> ModuleType:
    """Import pandas for *what*, or raise our error naming the extra that installs it."""
    try:
        import pandas as pd  # noqa: PLC0415  (optional dependency)
    except ImportError:
        msg = f"{what} needs pandas: pip install 'abraham-accords[pandas]'"
        raise MissingDependencyError(msg) from None
    return pd


def is_missing(value: object) -> bool:
    """Whether a cell of an object column is missing: None, NaN, pandas' NA or NaT.

    Examples:
        >>> [is_missing(v) for v in (None, float("nan"), "", 0, ())]
        [True, True, False, False, False]
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in {"NAType", "NaTType"}


def frame_columns(kind: str) -> tuple[Column, ...]:
    """The columns of the frame ``to_frame(kind)`` returns, in its order.

    Examples:
        >>> [c.name for c in frame_columns("events")][-2:]
        ['replaces', 'certain_by']
    """
    if kind == "panel":
        return panel_columns()
    if kind == "dyads":
        return dyad_columns()
    if kind == "memberships":
        return model_columns(MembershipRow)
    if kind == "implementation":
        return implementation_columns()
    table = next(t for t in RECORD_TABLES if t.kind == kind)
    added = (_CERTAIN_BY,) if table.model is Event else ()
    return (*model_columns(table.model), *added)


def frame_of(
    pandas: ModuleType, columns: Sequence[Column], rows: Iterable[Sequence[Any]]
) -> pd.DataFrame:
    """A DataFrame of *rows* (a value per column, in order) with the dtypes *columns* give.

    Dates become ``datetime64`` columns, closed vocabularies ``category`` columns (every
    valid value a category, in the vocabulary's order), integers ``int64`` or, where a
    value may be missing, nullable ``Int64``, indicators ``bool``; lists stay tuples and
    mappings dicts.
    """
    values = list(zip(*rows, strict=True)) or [() for _ in columns]
    frame: pd.DataFrame = pandas.DataFrame(
        {column.name: list(data) for column, data in zip(columns, values, strict=True)},
        columns=[column.name for column in columns],
    )
    for column in columns:
        name = column.name
        if column.type == "date":
            frame[name] = pandas.to_datetime(frame[name])
        elif column.type == "integer":
            frame[name] = frame[name].astype("Int64" if column.nullable else "int64")
        elif column.type == "boolean":
            frame[name] = frame[name].astype(bool)
        elif column.vocabulary:
            frame[name] = pandas.Categorical(frame[name], categories=list(column.vocabulary))
        elif frame.empty:  # text, lists and mappings: objects, not the floats of no values
            frame[name] = frame[name].astype(object)
    return frame
