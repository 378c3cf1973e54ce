"""What changed between two dataset releases, record by record and field by field."""

from __future__ import annotations

__all__ = ["DatasetDiff", "FieldChange", "RecordChange", "TableDiff", "diff"]

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, JsonValue

from ._dataset import Dataset
from ._errors import ArgumentTypeError
from ._models import _Record
from ._releases import load
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

    @property
    def is_empty(self) -> bool:
        """True when the two datasets hold the same records (versions aside)."""
        tables = (self.parties, self.instruments, self.events, self.sources)
        changed = [c for c in self.metadata if c.field != "data_version"]
        return not changed and all(t.is_empty for t in tables)


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


def _dataset(value: object, argument: str) -> Dataset:
    if isinstance(value, Dataset):
        return value
    if isinstance(value, str):
        return load(value)
    msg = f"{argument} must be a dataset version or a Dataset, not {type(value).__name__}"
    raise ArgumentTypeError(msg)


def diff(old: str | Dataset, new: str | Dataset) -> DatasetDiff:
    """Return what changed from dataset *old* to dataset *new*.

    Args:
        old: a released dataset version (see ``available_versions()``) or a Dataset.
        new: the same, for the newer side.

    Returns:
        The records added, removed and changed, by record type and id, field by field.

    Raises:
        UnknownVersionError: a version is not a release.
        ArgumentTypeError: an argument is neither a version nor a Dataset.

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
        metadata=_fields(
            before.metadata.model_dump(mode="json"), after.metadata.model_dump(mode="json")
        ),
        **{
            table.kind: _table(records_of(before, table), records_of(after, table))
            for table in RECORD_TABLES
        },
    )
