"""Writing the dataset for other tools: JSON, CSV, JSON Schema and a Frictionless package.

The CSV exports and the data package also carry two derived tables: ``dyads.csv``, the
directed dyad-years (``aa.dyads``, yearly, state at each year's end) from the year of
the first dyad event to the cut-off, and ``panel.csv``, the party-years (``aa.panel``,
yearly, rule ``any``) from the year of the first announcement to the cut-off. Their
column names are valid, unreserved variable names in Stata, R and SQL.

Every export names the two versions that made it: the dataset version (``data_version``)
and the version of this package (``package_version``, the code that computed the derived
tables). The JSON file has ``package_version`` at the top, beside ``metadata`` (whose
``data_version`` is the dataset's); ``metadata.csv`` has a ``package_version`` column after
the metadata's own; ``datapackage.json`` has both keys, beside ``version`` (the dataset
version, as the Data Package standard asks). The JSON Schemas describe the models only.

CSV conventions (also stated in the data package): an empty cell is a missing value and
nothing else (no record has an empty text), so "NA" (Namibia) stays a code; a list is a
JSON array (``["UAE", "Emirates"]``), a mapping a JSON object (a party's ``names``,
``{"fr": "Maroc"}``); a boolean is ``true``/``false``; a date ISO 8601.
"""

from __future__ import annotations

__all__ = [
    "FORMATS",
    "csv_cell",
    "csv_tables",
    "dyads_csv",
    "export",
    "json_schemas",
    "panel_csv",
]

import csv
import datetime as dt
import io
import json
import os
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from ._args import choice
from ._dataset import Dataset, Snapshot
from ._dyads import DyadRow
from ._errors import ArgumentTypeError, FileAccessError, InvalidArgumentError
from ._files import write_file
from ._loading import bundled_dataset
from ._models import Event, Instrument, Metadata, Party, Provision, Source
from ._panel import PanelRow
from ._releases import snapshot_document
from ._storage import snapshot_text
from ._tables import TABLES, records_of
from ._version import package_version

FORMATS: Final = ("json", "csv", "schema", "datapackage")

_FOREIGN_KEYS: Final = {
    "events": [
        ("party", "parties", "code"),
        ("counterpart", "parties", "code"),
        ("instrument", "instruments", "id"),
    ],
    "provisions": [("instrument", "instruments", "id")],
}
_PACKAGE_VERSION: Final = (
    "Version of the abraham-accords package that wrote this export (the code that "
    "computed the derived tables); the dataset version is data_version."
)
"""What the ``package_version`` column of ``metadata.csv`` holds, as the data package says."""
_LICENSE: Final = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def csv_cell(value: Any) -> str:  # noqa: ANN401  (any JSON value of a record)
    """One CSV cell, by the package's one convention (see the module docstring).

    Examples:
        >>> [csv_cell(v) for v in (None, True, ["UAE", "Emirates"], "NA", {"fr": "Maroc"})]
        ['', 'true', '["UAE", "Emirates"]', 'NA', '{"fr": "Maroc"}']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False)
    return str(value)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text of *rows* under *header*, every cell by :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def dyads_csv(dataset: Dataset) -> str:
    """Return the directed dyad-years as CSV text (a header only if there are none).

    Examples:
        >>> import abraham_accords as aa
        >>> dyads_csv(aa.dataset()).splitlines()[0][:42]
        'party1,party2,ccode1,ccode2,period,year,mo'
    """
    first = dataset._dyads.first_day()  # noqa: SLF001  (the same package)
    rows: Sequence[DyadRow] = ()
    if first is not None and first <= dataset.cutoff:
        rows = dataset.dyads(dt.date(first.year, 1, 1), dataset.cutoff)
    return _csv(DyadRow._fields, rows)


def panel_csv(dataset: Dataset) -> str:
    """Return the party-years as CSV text: ``aa.panel`` from the first announcement's year.

    Every party of role ``party``, each year from the first announcement by any of them
    to the cut-off's, ``member`` counting from the announcement (a header only if no
    party has announced).

    Examples:
        >>> import abraham_accords as aa
        >>> panel_csv(aa.dataset()).splitlines()[1][:40]
        'AE,2020,2020-01-01,2020-12-31,true,signe'
    """
    starts = [
        span.start
        for party in dataset.parties(role="party")
        for span in dataset.stage_spans(party)["announced"]
    ]
    rows: Sequence[PanelRow] = ()
    if starts and min(starts) <= dataset.cutoff:
        rows = dataset.panel(min(starts).year, dataset.cutoff.year)
    fields = tuple(PanelRow.model_fields)
    return _csv(fields, ([getattr(row, f) for f in fields] for row in rows))


def csv_tables(dataset: Dataset) -> dict[str, str]:
    """Return the CSV text of each record type, keyed by file name.

    ``metadata.csv`` also names the package that wrote it (``package_version``).

    Examples:
        >>> import abraham_accords as aa
        >>> tables = csv_tables(aa.dataset())
        >>> tables["parties.csv"].splitlines()[0]
        'code,iso,name,names,alpha3,numeric,role,ccode,aliases,wikidata,note'
        >>> tables["metadata.csv"].splitlines()[0]
        'title,data_version,cutoff,license,package_version'
    """
    tables: dict[str, str] = {}
    for table in TABLES:
        fields = list(table.model.model_fields)
        rows = [
            [dumped[f] for f in fields]
            for dumped in (record.model_dump(mode="json") for record in records_of(dataset, table))
        ]
        if table.model is Metadata:
            fields.append("package_version")
            rows = [[*row, package_version()] for row in rows]
        tables[f"{table.kind}.csv"] = _csv(fields, rows)
    return tables


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of every record type and of a whole dataset, by file name."""
    models: tuple[type[BaseModel], ...] = (
        Party,
        Instrument,
        Event,
        Source,
        Metadata,
        Snapshot,
        Provision,
    )
    schemas = {}
    for model in models:
        name = (model.model_config.get("title") or model.__name__).lower()
        schemas[f"{name}.schema.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:abraham-accords:schema:{name}",
            **model.model_json_schema(by_alias=True),
        }
    return schemas


def _field(name: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:  # noqa: FBT001
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    inner = options[0] if options else {}
    field: dict[str, Any] = {"name": name, "description": schema.get("description", "")}
    constraints: dict[str, Any] = {}
    if inner.get("type") == "array":
        field["type"] = "array"
    elif inner.get("type") == "object":
        field["type"] = "object"
    elif inner.get("type") == "boolean":
        field["type"] = "boolean"
    elif inner.get("format") == "date":
        field["type"] = "date"
    else:
        field["type"] = "string"
        if "enum" in inner:
            constraints["enum"] = inner["enum"]
        if "pattern" in inner:
            constraints["pattern"] = inner["pattern"]
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


_FRICTIONLESS_TYPES: Final = {
    str: "string",
    int: "integer",
    bool: "boolean",
    dt.date: "date",
    tuple: "array",
}


def _resource(name: str, schema: dict[str, Any], **extra: str) -> dict[str, Any]:
    """The data package entry of the CSV file *name*.csv, described by *schema*."""
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **extra,
        "schema": {**schema, "missingValues": [""]},
    }


def _derived_resource(
    name: str, hints: dict[str, Any], key: list[str], foreign: tuple[str, ...], description: str
) -> dict[str, Any]:
    """The data package resource of a table derived from the records (dyads, panel).

    Field types are read from the row type's *hints* (a ``Literal`` gives the allowed
    values); *foreign* columns hold party codes.
    """
    fields = []
    for column, hint in hints.items():
        kind = hint
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            (kind,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        base = typing.get_origin(kind) or kind
        field: dict[str, Any] = {"name": column, "type": _FRICTIONLESS_TYPES.get(base, "string")}
        if base is typing.Literal:
            field["constraints"] = {"enum": list(typing.get_args(kind))}
        fields.append(field)
    parties = {"resource": "parties", "fields": "code"}
    schema = {
        "fields": fields,
        "primaryKey": key,
        "foreignKeys": [{"fields": column, "reference": parties} for column in foreign],
    }
    return _resource(name, schema, description=description)


def _dyads_resource() -> dict[str, Any]:
    """The data package resource of dyads.csv, its field types read from :class:`DyadRow`."""
    return _derived_resource(
        "dyads",
        typing.get_type_hints(DyadRow),
        ["party1", "party2", "period"],
        ("party1", "party2"),
        "Directed dyad-years: Israel and each party and candidate, both ways "
        "(see docs/methodology.md, Dyads).",
    )


def _panel_resource() -> dict[str, Any]:
    """The data package resource of panel.csv, its field types read from :class:`PanelRow`."""
    return _derived_resource(
        "panel",
        {column: info.annotation for column, info in PanelRow.model_fields.items()},
        ["party", "period"],
        ("party",),
        "Party-years: each party from the year of the first announcement to the cut-off, "
        "a member once it announced; one column per stage (aa.panel, rule 'any').",
    )


def _datapackage(dataset: Dataset) -> dict[str, Any]:
    resources = []
    for name, model, _, key, _ in TABLES:
        schema = model.model_json_schema()
        required = set(schema.get("required", ()))
        fields = [_field(n, s, n in required) for n, s in schema["properties"].items()]
        table: dict[str, Any] = {"fields": fields, "primaryKey": [key]}
        foreign = [
            {"fields": field, "reference": {"resource": target, "fields": column}}
            for field, target, column in _FOREIGN_KEYS.get(name, [])
        ]
        if foreign:
            table["foreignKeys"] = foreign
        if model is Metadata:  # the column csv_tables adds
            fields.append(
                {
                    "name": "package_version",
                    "description": _PACKAGE_VERSION,
                    "type": "string",
                    "constraints": {"required": True},
                }
            )
        resources.append(_resource(name, table))
    resources.append(_dyads_resource())
    resources.append(_panel_resource())
    return {
        "name": "abraham-accords",
        "title": dataset.metadata.title,
        "version": dataset.data_version,
        "data_version": dataset.data_version,
        "package_version": package_version(),
        "licenses": [_LICENSE],
        "resources": resources,
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
        fmt: ``"json"`` (the whole dataset, one file), ``"csv"`` (one file per record
            type, and the derived ``dyads.csv`` and ``panel.csv``), ``"schema"`` (JSON
            Schema of every model) or ``"datapackage"`` (a Frictionless Data Package:
            ``datapackage.json`` and the CSV files). Each but ``"schema"`` names the
            dataset version and the package version (see the module docstring).
        dataset: the dataset to write (default: the bundled one).

    Returns:
        The paths written, sorted.

    Raises:
        InvalidArgumentError: *fmt* is not a format, or *directory* is empty.
        FileAccessError: *directory* cannot be created, or a file in it is a link, not a
            regular file, or cannot be written (files are replaced atomically; links are
            never followed).
        ArgumentTypeError: *directory* is not a path, or *dataset* not a Dataset.

    Examples:
        >>> import tempfile, abraham_accords as aa
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     [p.name for p in aa.export(folder, fmt="csv")]  # doctest: +NORMALIZE_WHITESPACE
        ['dyads.csv', 'events.csv', 'instruments.csv', 'metadata.csv', 'panel.csv',
         'parties.csv', 'provisions.csv', 'sources.csv']
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
    files: dict[str, bytes] = {}
    if fmt == "json":
        document = {"package_version": package_version(), **snapshot_document(ds)}
        files[f"abraham-accords-{ds.data_version}.json"] = snapshot_text(document)
    if fmt in {"csv", "datapackage"}:
        files.update({name: text.encode("utf-8") for name, text in csv_tables(ds).items()})
        files["dyads.csv"] = dyads_csv(ds).encode("utf-8")
        files["panel.csv"] = panel_csv(ds).encode("utf-8")
    if fmt == "datapackage":
        text = json.dumps(_datapackage(ds), indent=2, ensure_ascii=False) + "\n"
        files["datapackage.json"] = text.encode("utf-8")
    if fmt == "schema":
        for name, schema in json_schemas().items():
            text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            files[name] = text.encode("utf-8")
    target = _make_directory(Path(directory))
    return tuple(sorted(write_file(target, name, data) for name, data in files.items()))
