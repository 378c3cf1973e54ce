"""pandas DataFrames of the dataset (optional: ``pip install 'abraham-accords[pandas]'``).

The core package never imports pandas; only :func:`to_frame` does, when called.
"""

from __future__ import annotations

__all__ = ["FRAME_KINDS", "to_frame"]

from typing import TYPE_CHECKING, Any, Final

from ._args import choice
from ._dataset import Dataset
from ._dyads import LEVELS
from ._errors import ArgumentTypeError, InvalidArgumentError, MissingDependencyError
from ._loading import bundled_dataset
from ._membership import STAGES
from ._models import (
    EVENT_KINDS,
    INSTRUMENT_KINDS,
    PRECISIONS,
    PROVISION_KINDS,
    ROLES,
    SOURCE_KINDS,
    STRENGTHS,
    Event,
)
from ._tables import RECORD_TABLES, records_of

if TYPE_CHECKING:
    import pandas as pd


FRAME_KINDS: Final = (
    "events",
    "parties",
    "sources",
    "instruments",
    "panel",
    "dyads",
    "provisions",
)

_DATES: Final = {
    "events": ("date", "certain_by"),
    "instruments": ("date",),
    "sources": ("published",),
    "panel": ("period_start", "period_end"),
    "dyads": ("date",),
}
_INTEGERS: Final = {
    "parties": ("ccode",),
    "panel": ("ccode", "month"),
    "dyads": ("ccode1", "ccode2", "month"),
}
"""Integer columns that may be empty: pandas' nullable Int64, not floats with NaN."""
_CATEGORIES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "events": {"kind": EVENT_KINDS, "precision": PRECISIONS},
    "parties": {"role": ROLES},
    "sources": {"kind": SOURCE_KINDS},
    "instruments": {"kind": INSTRUMENT_KINDS},
    "provisions": {"kind": PROVISION_KINDS, "strength": STRENGTHS},
    "panel": {"stage": STAGES},
    "dyads": {"representation": LEVELS},
}

_OPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "panel": ("start", "end", "freq", "stage", "rule", "candidates"),
    "dyads": ("start", "end", "freq", "rule"),
}
"""The frames built from a query, and the query's arguments."""


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
    ``month``) nullable ``Int64`` columns; list fields stay tuples.

    Args:
        kind: ``"events"``, ``"parties"``, ``"sources"``, ``"instruments"``,
            ``"provisions"``, ``"panel"`` or ``"dyads"``.
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
    try:
        import pandas as pd  # noqa: PLC0415  (optional dependency)
    except ImportError:
        msg = "to_frame needs pandas: pip install 'abraham-accords[pandas]'"
        raise MissingDependencyError(msg) from None
    if dataset is not None and not isinstance(dataset, Dataset):
        msg = f"dataset must be a Dataset, not {type(dataset).__name__}"
        raise ArgumentTypeError(msg)
    ds = dataset or bundled_dataset()
    frame: pd.DataFrame = pd.DataFrame(_records(ds, kind, options))
    for column in _DATES.get(kind, ()):
        frame[column] = pd.to_datetime(frame[column])
    for column in _INTEGERS.get(kind, ()):
        frame[column] = frame[column].astype("Int64")
    for column, values in _CATEGORIES.get(kind, {}).items():
        frame[column] = pd.Categorical(frame[column], categories=list(values))
    return frame
