"""What changed between two datasets: records field by field, and who is a member when.

Either side is a released version or a data directory (such as a pull request's
``src/abraham_accords/data``), so a reviewer sees a change's consequences for membership
without any generated file.
"""

from __future__ import annotations

__all__ = [
    "DatasetDiff",
    "FieldChange",
    "Held",
    "MembershipChange",
    "RecordChange",
    "TableDiff",
    "diff",
]

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, JsonValue

from ._dataset import Dataset
from ._errors import ArgumentTypeError, InvalidArgumentError, UnknownVersionError
from ._fingerprint import DEV_SUFFIX, bundled_version
from ._loading import read_dataset
from ._membership import STAGES, Span, Stage
from ._models import Metadata, _Record
from ._releases import available_versions, load
from ._tables import RECORD_TABLES, record_id, records_of


class FieldChange(_Record):
    """One field whose value differs: its name, the old value and the new one (as JSON)."""

    field: str
    old: JsonValue
    new: JsonValue


class RecordChange(_Record):
    """A record present in both releases whose fields differ."""

    id: str
    changes: tuple[FieldChange, ...]


class TableDiff(_Record):
    """The ids added and removed, and the records changed, in one record type."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing changed in this record type."""
        return not (self.added or self.removed or self.changed)


class Held(_Record):
    """A span of days during which a party held a stage: ``[start, end)``, end None if open."""

    start: dt.date
    end: dt.date | None

    def __str__(self) -> str:
        return f"{self.start} to {self.end}" if self.end else f"since {self.start}"


class MembershipChange(_Record):
    """A party whose spans of holding one stage differ: before and after the change.

    Examples:
        >>> change = MembershipChange(party="KZ", stage="signed", before=(),
        ...                           after=(Held(start="2026-01-02", end=None),))
        >>> str(change)
        'KZ signed: never -> since 2026-01-02'
    """

    party: str
    stage: Stage
    before: tuple[Held, ...]
    after: tuple[Held, ...]

    def __str__(self) -> str:
        def said(spans: tuple[Held, ...]) -> str:
            return ", ".join(str(s) for s in spans) or "never"

        return f"{self.party} {self.stage}: {said(self.before)} -> {said(self.after)}"


class DatasetDiff(_Record):
    """Every difference between two datasets, by record type and id.

    Examples:
        >>> import abraham_accords as aa
        >>> same = aa.diff(aa.DATA_VERSION, aa.DATA_VERSION)
        >>> same.is_empty
        True
    """

    old_version: str
    new_version: str
    metadata: tuple[FieldChange, ...] = ()
    parties: TableDiff = TableDiff()
    instruments: TableDiff = TableDiff()
    events: TableDiff = TableDiff()
    sources: TableDiff = TableDiff()
    provisions: TableDiff = TableDiff()
    membership: tuple[MembershipChange, ...] = ()
    """Parties whose membership changes: which stage they hold on which days, before and after."""

    @property
    def is_empty(self) -> bool:
        """True when the two datasets hold the same records (versions aside)."""
        tables = (self.parties, self.instruments, self.events, self.sources, self.provisions)
        changed = [c for c in self.metadata if c.field != "data_version"]
        return not changed and all(t.is_empty for t in tables)


def _written(metadata: Metadata) -> dict[str, Any]:
    """The metadata as its file holds it: without the ``+dev`` that loading adds.

    Working data derived from release X reports ``X+dev``; compared with X, its
    ``data_version`` has not changed unless metadata.json names another version.
    """
    fields = metadata.model_dump(mode="json")
    fields["data_version"] = metadata.data_version.removesuffix(DEV_SUFFIX)
    return fields


def _fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = list(old) + [name for name in new if name not in old]
    return tuple(
        FieldChange(field=name, old=old.get(name), new=new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )


def _table(old: Sequence[BaseModel], new: Sequence[BaseModel]) -> TableDiff:
    before = {record_id(r): r.model_dump(mode="json") for r in old}
    after = {record_id(r): r.model_dump(mode="json") for r in new}
    changed = []
    for key in sorted(before.keys() & after.keys()):
        fields = _fields(before[key], after[key])
        if fields:
            changed.append(RecordChange(id=key, changes=fields))
    return TableDiff(
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(changed),
    )


def _membership(before: Dataset, after: Dataset) -> tuple[MembershipChange, ...]:
    def held(dataset: Dataset, code: str) -> dict[Stage, tuple[Span, ...]]:
        return dataset._membership.spans(code) or {}  # noqa: SLF001  (the same package)

    codes = sorted({p.code for ds in (before, after) for p in ds.party_records})
    changes = []
    for code in codes:
        old, new = held(before, code), held(after, code)
        for stage in STAGES:
            was, now = old.get(stage, ()), new.get(stage, ())
            if was != now:
                changes.append(
                    MembershipChange(
                        party=code,
                        stage=stage,
                        before=tuple(Held(start=s.start, end=s.end) for s in was),
                        after=tuple(Held(start=s.start, end=s.end) for s in now),
                    )
                )
    return tuple(changes)


def _dataset(value: object, argument: str) -> Dataset:
    if isinstance(value, Dataset):
        return value
    if isinstance(value, (str, os.PathLike)):
        if not os.fspath(value):  # Path("") would be the current directory
            msg = (
                f"{argument} must not be empty: give a dataset version or a data directory "
                "('.' for the current directory)"
            )
            raise InvalidArgumentError(msg)
        if isinstance(value, str) and value in available_versions():
            return load(value)
        if isinstance(value, str) and value == bundled_version():  # e.g. '<release>+dev'
            return load()
        path = Path(value)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):  # e.g. a name too long, or a NUL character
            is_dir = False
        if is_dir:
            return read_dataset(path)
        if isinstance(value, str):
            raise UnknownVersionError(value, available_versions())
        msg = f"{argument} is not a data directory: {str(path)[:200]!r}"
        raise InvalidArgumentError(msg)
    msg = (
        f"{argument} must be a dataset version, a data directory or a Dataset, "
        f"not {type(value).__name__}"
    )
    raise ArgumentTypeError(msg)


def diff(
    old: str | os.PathLike[str] | Dataset, new: str | os.PathLike[str] | Dataset
) -> DatasetDiff:
    """Return what changed from dataset *old* to dataset *new*, and what it does to membership.

    Args:
        old: a released dataset version (see ``available_versions()``) or ``DATA_VERSION``
            (the bundled data, which may be unreleased: ``<release>+dev``), a data directory
            (the five JSON files, e.g. a pull request's ``src/abraham_accords/data``) or a
            Dataset.
        new: the same, for the newer side.

    Returns:
        The records added, removed and changed, by record type and id, field by field
        (the metadata as metadata.json writes it: the ``+dev`` of unreleased data is no
        change of ``data_version``); and every party whose spans of holding a stage
        differ, before and after.

    Raises:
        UnknownVersionError: a string is neither a release nor a data directory.
        InvalidArgumentError: an argument is empty, or a path is not a directory.
        ArgumentTypeError: an argument is neither a version, a path nor a Dataset.
        DataIntegrityError: a data directory does not hold a valid dataset.

    Examples:
        >>> import abraham_accords as aa
        >>> versions = aa.available_versions()
        >>> change = aa.diff(versions[0], versions[-1])
        >>> (change.old_version, change.new_version) == (versions[0], versions[-1])
        True
    """
    before, after = _dataset(old, "old"), _dataset(new, "new")
    return DatasetDiff(
        old_version=before.data_version,
        new_version=after.data_version,
        metadata=_fields(_written(before.metadata), _written(after.metadata)),
        **{
            table.kind: _table(records_of(before, table), records_of(after, table))
            for table in RECORD_TABLES
        },
        membership=_membership(before, after),
    )
