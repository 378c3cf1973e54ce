"""The record types of a dataset: their model, data file, key and Dataset attribute."""

from __future__ import annotations

__all__ = [
    "FILES",
    "OPTIONAL",
    "RECORD_TABLES",
    "TABLES",
    "Table",
    "raw_record_name",
    "record_id",
    "records_of",
]

from typing import Any, Final, NamedTuple

from pydantic import BaseModel

from ._fingerprint import OPTIONAL_FILES
from ._models import Event, Instrument, Metadata, Party, Provision, Source


class Table(NamedTuple):
    """Where one record type lives."""

    kind: str
    """The plural name, as in the data file and the snapshot (e.g. "events")."""
    model: type[BaseModel]
    file: str
    key: str
    """The field that identifies a record."""
    attribute: str
    """The Dataset attribute that holds the records (or the metadata)."""


TABLES: Final[tuple[Table, ...]] = (
    Table("metadata", Metadata, "metadata.json", "data_version", "metadata"),
    Table("parties", Party, "parties.json", "code", "party_records"),
    Table("instruments", Instrument, "instruments.json", "id", "instrument_records"),
    Table("events", Event, "events.json", "id", "event_records"),
    Table("sources", Source, "sources.json", "id", "source_records"),
    Table("provisions", Provision, "provisions.json", "id", "provision_records"),
)
"""Every record type, metadata first, in the order files are read and reported (a type
added after the first releases comes last, so the older ones keep their places)."""

RECORD_TABLES: Final = TABLES[1:]
"""The record types proper (without the metadata)."""

FILES: Final = {table.kind: table.file for table in TABLES}
"""The data file of each record type."""

OPTIONAL: Final = frozenset(kind for kind, file in FILES.items() if file in OPTIONAL_FILES)
"""The record types whose file a data directory may lack: it then holds none of them
(data from before the type existed; see ``_fingerprint.OPTIONAL_FILES``)."""


def records_of(dataset: object, table: Table) -> tuple[BaseModel, ...]:
    """The records of *table* in a Dataset (the metadata as a one-record tuple)."""
    value = getattr(dataset, table.attribute)
    return value if isinstance(value, tuple) else (value,)


def record_id(record: BaseModel) -> str:
    """The identifying value of a record: its ``id``, or a party's ``code``."""
    return str(getattr(record, "code" if isinstance(record, Party) else "id"))


def raw_record_name(raw: Any, index: int) -> str:  # noqa: ANN401  (raw JSON)
    """Name a record that may not validate: its id (or code) if it has one, else ``#index``."""
    if isinstance(raw, dict):
        for field in ("id", "code"):
            if isinstance(raw.get(field), str):
                return str(raw[field])
    return f"#{index}"
