"""Writing the dataset for other tools: JSON, CSV, JSON Schema and a Frictionless package.

The tabular exports (CSV, the data package, Stata, Parquet) also carry four derived
tables: ``dyads``, the directed dyad-years (``aa.dyads``, yearly, state at each year's end)
from the year of the first dyad event to the cut-off, ``panel``, the party-years
(``aa.panel``, yearly, rule ``any``) from the year of the first announcement to the
cut-off, ``memberships``, one row per state and Accords instrument in manydata's columns
(``aa.memberships``), and ``implementation``, one row per provision with the events that
carried it out (``aa.implementation``). The JSON export carries the last two as well,
under ``memberships`` and ``implementation``, each with a JSON Schema of its rows. The
column names of the dyads, the panel and the implementation table are valid, unreserved
variable names in Stata, R and SQL; those of the memberships are manydata's own
(``manyID``, ``StateSignature``, ...), valid in Stata and R (case matters in both); its
dates are text, as messydates writes them.

Every export names the two versions that made it: the dataset version (``data_version``)
and the version of this package (``package_version``, the code that computed the derived
tables). The JSON file has ``package_version`` at the top, beside ``metadata`` (whose
``data_version`` is the dataset's); ``metadata.csv`` has a ``package_version`` column after
the metadata's own; ``datapackage.json`` has both keys, beside ``version`` (the dataset
version, as the Data Package standard asks). The JSON Schemas (the models' and the
feed's, ``feed.schema.json``) name no version.

CSV conventions (also stated in the data package): an empty cell is a missing value and
nothing else (no record has an empty text), so "NA" (Namibia) stays a code; a list is a
JSON array (``["UAE", "Emirates"]``), a mapping a JSON object (a party's ``names``,
``{"fr": "Maroc"}``); an indicator (a true-or-false column) is ``1`` or ``0``, as the
Correlates of War and peacesciencer write them; a date ISO 8601.

Every table of :data:`EXPORT_TABLES` is written in each tabular format: a CSV file and a
data package resource, a Stata file (``_stata``) and a Parquet file (``_parquet``). A
table added there reaches all of them.
"""

from __future__ import annotations

__all__ = [
    "EXPORT_TABLES",
    "FORMATS",
    "ExportTable",
    "csv_cell",
    "csv_tables",
    "export",
    "json_schemas",
]

import csv
import datetime as dt
import functools
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from ._args import choice
from ._columns import (
    Column,
    ExportTable,
    Rows,
    csv_cell,
    dyad_columns,
    implementation_columns,
    model_columns,
    panel_columns,
    table_schema,
)
from ._dataset import Dataset, Snapshot
from ._errors import ArgumentTypeError, FileAccessError, InvalidArgumentError
from ._feed import Feed
from ._files import write_file
from ._loading import bundled_dataset
from ._manydata import MembershipRow
from ._models import Event, Instrument, Metadata, Party, Provision, Source
from ._panel import PanelRow
from ._releases import snapshot_document
from ._storage import snapshot_text
from ._tables import TABLES, Table, records_of
from ._version import package_version

FORMATS: Final = ("json", "csv", "schema", "datapackage", "stata", "parquet")

_LICENSE: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text of *rows* under *header*, every cell by :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def _plain(value: Any) -> Any:  # noqa: ANN401  (a field's Python value)
    """A record field's value as plain Python: a URL as its text, anything else as is."""
    if value is None or isinstance(value, (str, int, dt.date, tuple, Mapping)):
        return value
    return str(value)


def _record_rows(table: Table, dataset: Dataset) -> Rows:
    """The rows of a record type; ``metadata`` also names the package that wrote them."""
    fields = list(table.model.model_fields)
    rows = [
        [_plain(dumped[f]) for f in fields]
        for dumped in (record.model_dump() for record in records_of(dataset, table))
    ]
    if table.model is Metadata:
        rows = [[*row, package_version()] for row in rows]
    return rows


_PACKAGE_VERSION: Final = Column(
    "package_version",
    "string",
    "Version of the abraham-accords package that wrote this export (the code that "
    "computed the derived tables); the dataset version is data_version.",
    required=True,
)
"""The column ``metadata`` gains in every export: the package that wrote it."""


def _record_columns(table: Table) -> tuple[Column, ...]:
    added = (_PACKAGE_VERSION,) if table.model is Metadata else ()
    return (*model_columns(table.model), *added)


def _dyad_rows(dataset: Dataset) -> Rows:
    """The directed dyad-years from the year of the first dyad event to the cut-off."""
    first = dataset._dyads.first_day()  # noqa: SLF001  (the same package)
    if first is None or first > dataset.cutoff:
        return ()
    return dataset.dyads(dt.date(first.year, 1, 1), dataset.cutoff)


def _panel_rows(dataset: Dataset) -> Rows:
    """The party-years (``aa.panel``, rule any) from the first announcement's year.

    Every party of role ``party``, each year from the first announcement by any of them
    to the cut-off's, ``member`` counting from the announcement (none if no party has
    announced).
    """
    starts = [
        span.start
        for party in dataset.parties(role="party")
        for span in dataset.stage_spans(party)["announced"]
    ]
    if not starts or min(starts) > dataset.cutoff:
        return ()
    fields = tuple(PanelRow.model_fields)
    rows = dataset.panel(min(starts).year, dataset.cutoff.year)
    return [[getattr(row, f) for f in fields] for row in rows]


def _membership_rows(dataset: Dataset) -> Rows:
    """The membership table (``aa.memberships``): one row per state and Accords instrument."""
    fields = tuple(MembershipRow.model_fields)
    return [[getattr(row, f) for f in fields] for row in dataset.memberships()]


def _implementation_rows(dataset: Dataset) -> Rows:
    """The implementation table (``aa.implementation``): one row per provision."""
    return dataset.implementation()


def _jsonable(value: Any) -> Any:  # noqa: ANN401  (a cell of a derived row)
    """A cell of a derived row for JSON: a date as ISO text (a tuple is written as an array)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _record_table(table: Table, foreign: tuple[tuple[str, str, str], ...] = ()) -> ExportTable:
    return ExportTable(
        table.kind,
        functools.partial(_record_columns, table),
        functools.partial(_record_rows, table),
        (table.key,),
        foreign,
    )


_TABLES: Final = {table.kind: table for table in TABLES}
_IMPLEMENTATION: Final = (
    "One row per provision: the first recorded event of each bound party that carried it "
    "out, the first day and the lag from signature, and its status (aa.implementation; see "
    "docs/methodology.md, What counts as implementation)."
)
_PARTY: Final = ("parties", "code")
_MEMBERSHIP_EVENTS: Final = ("signed_event", "ratified_event", "in_force_event", "withdrawn_event")
"""The columns of the membership table that hold an event's id."""

EXPORT_TABLES: Final[tuple[ExportTable, ...]] = (
    _record_table(_TABLES["metadata"]),
    _record_table(_TABLES["parties"]),
    _record_table(_TABLES["instruments"]),
    _record_table(
        _TABLES["events"],
        (
            ("party", *_PARTY),
            ("counterpart", *_PARTY),
            ("instrument", "instruments", "id"),
        ),
    ),
    _record_table(_TABLES["sources"]),
    _record_table(_TABLES["provisions"], (("instrument", "instruments", "id"),)),
    ExportTable(
        "dyads",
        dyad_columns,
        _dyad_rows,
        ("party1", "party2", "period"),
        (("party1", *_PARTY), ("party2", *_PARTY)),
        "Directed dyad-years: Israel and each party and candidate, both ways "
        "(see docs/methodology.md, Dyads).",
    ),
    ExportTable(
        "panel",
        panel_columns,
        _panel_rows,
        ("party", "period"),
        (("party", *_PARTY),),
        "Party-years: each party from the year of the first announcement to the cut-off, "
        "a member once it announced; one column per stage (aa.panel, rule 'any').",
    ),
    ExportTable(
        "memberships",
        functools.partial(model_columns, MembershipRow),
        _membership_rows,
        ("instrument", "party"),
        (
            ("instrument", "instruments", "id"),
            ("party", *_PARTY),
            *((column, "events", "id") for column in _MEMBERSHIP_EVENTS),
        ),
        "One row per state and Accords instrument, in the columns of manydata's "
        "memberships datacubes (aa.memberships; see docs/methodology.md).",
    ),
    ExportTable(
        "implementation",
        implementation_columns,
        _implementation_rows,
        ("provision",),
        (("instrument", "instruments", "id"), ("provision", "provisions", "id")),
        _IMPLEMENTATION,
    ),
)
"""Every table of the tabular exports, in the order of the data package's resources: the
record types (metadata first) and the derived tables (dyads, panel, memberships,
implementation)."""


def csv_tables(dataset: Dataset) -> dict[str, str]:
    """Return the CSV text of every table of :data:`EXPORT_TABLES`, keyed by file name.

    ``metadata.csv`` also names the package that wrote it (``package_version``); a table
    without rows (no dyads, or no announcement yet) is its header.

    Examples:
        >>> import abraham_accords as aa
        >>> tables = csv_tables(aa.dataset())
        >>> tables["parties.csv"].splitlines()[0]
        'code,iso,name,names,alpha3,numeric,role,ccode,aliases,wikidata,note,alias_sources'
        >>> tables["metadata.csv"].splitlines()[0]
        'title,data_version,cutoff,license,package_version'
        >>> tables["panel.csv"].splitlines()[1][:31]
        'AE,2020,2020-01-01,2020-12-31,1'
        >>> tables["memberships.csv"].splitlines()[0][:48]
        'manyID,Title,Begin,stateID,StateName,StateSignat'
    """
    return {
        f"{table.name}.csv": _csv([c.name for c in table.columns()], table.rows(dataset))
        for table in EXPORT_TABLES
    }


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of every record type, of a whole dataset and of the feed.

    By file name; ``feed.schema.json`` describes what :func:`abraham_accords.feed` returns,
    ``membership.schema.json`` and ``implementation.schema.json`` a row of the derived
    tables the JSON export carries.
    """
    models: tuple[type[BaseModel], ...] = (
        Party,
        Instrument,
        Event,
        Source,
        Metadata,
        Snapshot,
        MembershipRow,
        Feed,
        Provision,
    )
    documents = {
        (model.model_config.get("title") or model.__name__).lower(): model.model_json_schema(
            by_alias=True
        )
        for model in models
    }
    documents["implementation"] = table_schema(
        "Implementation", _IMPLEMENTATION, implementation_columns()
    )
    return {
        f"{name}.schema.json": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:abraham-accords:schema:{name}",
            **schema,
        }
        for name, schema in documents.items()
    }


def _field(column: Column) -> dict[str, Any]:
    """The data package's field of *column*; an indicator is an integer, 0 or 1."""
    field: dict[str, Any] = {"name": column.name, "description": column.description}
    constraints: dict[str, Any] = {}
    if column.type == "boolean":
        field["type"] = "integer"
        constraints["enum"] = [0, 1]
    else:
        field["type"] = column.type
    if column.vocabulary:
        constraints["enum"] = list(column.vocabulary)
    if column.pattern is not None:
        constraints["pattern"] = column.pattern
    if column.required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(table: ExportTable) -> dict[str, Any]:
    """The data package entry of the CSV file of *table*."""
    schema: dict[str, Any] = {
        "fields": [_field(column) for column in table.columns()],
        "primaryKey": list(table.key),
    }
    if table.foreign:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": target, "fields": key}}
            for column, target, key in table.foreign
        ]
    described = {} if table.description is None else {"description": table.description}
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **described,
        "schema": {**schema, "missingValues": [""]},
    }


def _datapackage(dataset: Dataset) -> dict[str, Any]:
    return {
        "name": "abraham-accords",
        "title": dataset.metadata.title,
        "version": dataset.data_version,
        "data_version": dataset.data_version,
        "package_version": package_version(),
        "licenses": [_LICENSE],
        "resources": [_resource(table) for table in EXPORT_TABLES],
    }


def _make_directory(target: Path) -> Path:
    """Create *target* and its parents if need be; our error, the same on every Python."""
    try:
        target.mkdir(parents=True, exist_ok=True)
    except ValueError:  # a NUL character in the path (each Python words it its own way)
        reason: object = "embedded null byte"
    except OSError as exc:
        reason = exc.strerror or exc
    else:
        return target
    msg = f"cannot write to {str(target)[:200]!r}: {reason}"
    raise FileAccessError(msg) from None


def export(
    directory: str | os.PathLike[str], *, fmt: str = "json", dataset: Dataset | None = None
) -> tuple[Path, ...]:
    """Write the dataset into *directory* (created if needed); return the files written.

    Args:
        directory: where to write.
        fmt: ``"json"`` (the whole dataset, one file, with the derived membership and
            implementation tables under ``memberships`` and ``implementation``),
            ``"csv"`` (one file per record type, and the derived ``dyads.csv``,
            ``panel.csv``, ``memberships.csv`` and ``implementation.csv``), ``"schema"``
            (JSON Schema of every model, of a row of the memberships and of the
            implementation table, and ``feed.schema.json``, the feed's),
            ``"datapackage"`` (a Frictionless Data Package: ``datapackage.json`` and the
            CSV files), ``"stata"`` (a labelled ``.dta`` file per table of the CSV export;
            needs pandas) or ``"parquet"`` (a typed ``.parquet`` file per table; needs
            pyarrow). Each but ``"schema"`` names the dataset version and the package
            version (see the module docstring).
        dataset: the dataset to write (default: the bundled one).

    Returns:
        The paths written, sorted.

    Raises:
        InvalidArgumentError: *fmt* is not a format, or *directory* is empty.
        FileAccessError: *directory* cannot be created, or a file in it is a link, not a
            regular file, or cannot be written (files are replaced atomically; links are
            never followed).
        ArgumentTypeError: *directory* is not a path, or *dataset* not a Dataset.
        MissingDependencyError: ``"stata"`` without pandas, or ``"parquet"`` without
            pyarrow; the message names the extra to install.

    Examples:
        >>> import tempfile, abraham_accords as aa
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [p.name for p in aa.export(folder, fmt="csv")]  # doctest: +NORMALIZE_WHITESPACE
        ['dyads.csv', 'events.csv', 'implementation.csv', 'instruments.csv',
         'memberships.csv', 'metadata.csv', 'panel.csv', 'parties.csv', 'provisions.csv',
         'sources.csv']
    """
    if not isinstance(directory, (str, os.PathLike)):
        msg = f"directory must be a path, not {type(directory).__name__}"
        raise ArgumentTypeError(msg)
    if not os.fspath(directory):  # Path("") would be the current directory
        msg = "directory must not be empty; to write into the current directory, pass '.'"
        raise InvalidArgumentError(msg)
    fmt = choice(fmt, FORMATS, argument="fmt", what="fmt (export format)", plural="formats")
    if dataset is not None and not isinstance(dataset, Dataset):
        msg = f"dataset must be a Dataset, not {type(dataset).__name__}"
        raise ArgumentTypeError(msg)
    ds = dataset or bundled_dataset()
    files = _files(fmt, ds)
    target = _make_directory(Path(directory))
    return tuple(sorted(write_file(target, name, data) for name, data in files.items()))


def _files(fmt: str, ds: Dataset) -> dict[str, bytes]:
    """The files of the export in *fmt*, by name (made before any is written)."""
    if fmt == "json":
        document = {"package_version": package_version(), **snapshot_document(ds)}
        document["memberships"] = [row.model_dump(mode="json") for row in ds.memberships()]
        document["implementation"] = [
            {name: _jsonable(value) for name, value in row._asdict().items()}
            for row in ds.implementation()
        ]
        return {f"abraham-accords-{ds.data_version}.json": snapshot_text(document)}
    if fmt == "schema":
        return {
            name: (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
            for name, schema in json_schemas().items()
        }
    if fmt == "stata":
        from ._stata import stata_files  # noqa: PLC0415  (needs pandas, an optional extra)

        return stata_files(EXPORT_TABLES, ds)
    if fmt == "parquet":
        from ._parquet import parquet_files  # noqa: PLC0415  (needs pyarrow, an optional extra)

        return parquet_files(EXPORT_TABLES, ds)
    files = {name: text.encode("utf-8") for name, text in csv_tables(ds).items()}
    if fmt == "datapackage":
        text = json.dumps(_datapackage(ds), indent=2, ensure_ascii=False) + "\n"
        files["datapackage.json"] = text.encode("utf-8")
    return files
