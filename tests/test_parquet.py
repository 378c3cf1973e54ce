"""Parquet files, read back by pyarrow, the reader DuckDB, Polars and Spark users share."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import abraham_accords as aa
from abraham_accords._cli import main
from abraham_accords._export import EXPORT_TABLES
from abraham_accords._pandas import FRAME_KINDS, frame_columns
from factories import build, event

TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "array": pa.list_(pa.string()),
    "object": pa.map_(pa.string(), pa.string()),
}
"""The Arrow type of each kind of column, as the docs promise."""


def arrow_type(column: Any) -> pa.DataType:
    """The Arrow type of *column*: a mapping to lists of text (``alias_sources``) has its own."""
    if column.lists:
        return pa.map_(pa.string(), pa.list_(pa.string()))
    return TYPES[column.type]


FRAME_OPTIONS: dict[str, dict[str, Any]] = {
    "panel": {"start": "2020-01", "end": "2021-12", "freq": "month"},
    "dyads": {"start": 2019, "end": 2022, "rule": "max"},
}


def cell(value: object, kind: str = "string") -> str:
    """A value pyarrow read from a Parquet file, written as the CSV export writes it."""
    if value is None:
        return ""
    if kind == "object" and isinstance(value, list):  # a map: its (key, value) pairs
        return json.dumps(dict(value), ensure_ascii=False)
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    aa.export(folder / "parquet", fmt="parquet")
    aa.export(folder / "csv", fmt="csv")
    return folder


def test_every_table_of_the_csv_export_has_a_parquet_file(exported: Path) -> None:
    written = sorted(p.name for p in (exported / "parquet").iterdir())
    assert written == sorted(f"{table.name}.parquet" for table in EXPORT_TABLES)


@pytest.mark.parametrize("table", EXPORT_TABLES, ids=lambda t: t.name)
def test_columns_keep_their_types_and_descriptions(exported: Path, table: Any) -> None:
    schema = pq.read_schema(exported / "parquet" / f"{table.name}.parquet")
    columns = table.columns()
    assert schema.names == [c.name for c in columns]
    for column in columns:
        field = schema.field(column.name)
        assert field.type == arrow_type(column), column.name
        assert field.metadata == {b"description": column.description.encode()}, column.name
    facts = json.loads(schema.metadata[b"abraham_accords"])
    assert facts["table"] == table.name
    assert facts["data_version"] == aa.DATA_VERSION
    assert facts["package_version"] == aa.__version__
    assert facts["cutoff"] == aa.dataset().cutoff.isoformat()
    assert facts.get("description") == table.description


@pytest.mark.parametrize("table", EXPORT_TABLES, ids=lambda t: t.name)
def test_a_parquet_file_holds_what_the_csv_file_holds(exported: Path, table: Any) -> None:
    rows = pq.read_table(exported / "parquet" / f"{table.name}.parquet").to_pylist()
    with (exported / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))
    assert len(rows) == len(expected) > 0
    kinds = {c.name: c.type for c in table.columns()}
    for place, (row, wanted) in enumerate(zip(rows, expected, strict=True)):
        cells = {name: cell(value, kinds[name]) for name, value in row.items()}
        assert cells == wanted, (table.name, place)


def test_integers_dates_and_lists_stay_themselves(exported: Path) -> None:
    panel = pq.read_table(exported / "parquet" / "panel.parquet").to_pylist()
    first = aa.panel(2020, 2020)[0]
    assert panel[0]["ccode"] == first.ccode == 696
    assert panel[0]["period_start"] == dt.date(2020, 1, 1)
    assert panel[0]["member"] is True
    assert panel[0]["month"] is None  # a yearly panel: a null, not a NaN
    events = pq.read_table(exported / "parquet" / "events.parquet").to_pylist()
    assert events[0]["sources"] == list(aa.dataset().event_records[0].sources)


def test_dyad_bases_are_text_their_dates_days_and_replaced_ids_lists(exported: Path) -> None:
    dyads = pq.read_table(exported / "parquet" / "dyads.parquet")
    for value in ("representation", "mission", "relations", "flights", "frozen"):
        assert dyads.schema.field(f"{value}_basis").type == pa.string(), value
        assert dyads.schema.field(f"{value}_since").type == pa.date32(), value
    rows = dyads.to_pylist()
    assert {r["representation_basis"] for r in rows} == set(aa.BASES)
    assert {r["representation_since"] for r in rows if r["representation_basis"] == "default"} == {
        None
    }
    events = pq.read_table(exported / "parquet" / "events.parquet")
    assert events.schema.field("replaces").type == pa.list_(pa.string())
    replaced = {r["id"]: r["replaces"] for r in events.to_pylist()}
    records = aa.dataset().event_records
    assert any(e.replaces for e in records)
    assert replaced == {e.id: None if e.replaces is None else list(e.replaces) for e in records}


def test_the_membership_table_is_text_under_manydata_names(tmp_path: Path) -> None:
    ds = build(
        [
            event("AE", "signed", "2020-09-15", instrument="x"),
            event("MA", "signed", "2021-01-01", "month", instrument="x"),
        ]
    )
    aa.export(tmp_path, fmt="parquet", dataset=ds)
    table = pq.read_table(tmp_path / "memberships.parquet")
    assert table.schema.names == list(aa.MembershipRow.model_fields)
    assert set(table.schema.types) == {pa.string()}
    # Known to the month: no day made up (a date column would need one).
    assert table.column("StateSignature").to_pylist() == ["2020-09-15", "2021-01"]
    assert table.column("StateEnd").to_pylist() == [None, None]
    frame = aa.to_frame("memberships", dataset=ds)  # pandas' string dtype, <NA> for missing
    framed = pq.read_table(aa.write_parquet(frame, tmp_path / "frame.parquet"))
    assert framed.schema.types == table.schema.types
    assert framed.to_pylist() == table.to_pylist()


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_every_frame_kind_goes_to_parquet(tmp_path: Path, kind: str) -> None:
    frame = aa.to_frame(kind, **FRAME_OPTIONS.get(kind, {}))
    path = aa.write_parquet(frame, tmp_path / f"{kind}.parquet")
    assert path == tmp_path / f"{kind}.parquet"
    table = pq.read_table(path)
    columns = {c.name: c for c in frame_columns(kind)}
    assert table.schema.names == list(frame.columns)
    for field in table.schema:
        assert field.type == arrow_type(columns[field.name]), field.name
        assert field.metadata == {b"description": columns[field.name].description.encode()}
    facts = json.loads(table.schema.metadata[b"abraham_accords"])
    assert (facts["table"], facts["data_version"]) == (kind, aa.DATA_VERSION)
    rows = table.to_pylist()
    assert len(rows) == len(frame) > 0
    for row, (_, original) in zip(rows, frame.iterrows(), strict=True):
        for name, read in row.items():
            wanted, value = original[name], read
            if isinstance(wanted, pd.Timestamp):
                wanted = wanted.date()
            elif isinstance(wanted, tuple):
                wanted = list(wanted)
            elif isinstance(wanted, dict):
                value = dict(read)
                wanted = {k: list(v) if isinstance(v, tuple) else v for k, v in wanted.items()}
            elif pd.api.types.is_scalar(wanted) and pd.isna(wanted):
                wanted = None
            assert value == wanted, (kind, name)


def test_a_frame_and_the_export_type_their_columns_alike(exported: Path, tmp_path: Path) -> None:
    for kind in FRAME_KINDS:
        exported_schema = pq.read_schema(exported / "parquet" / f"{kind}.parquet")
        path = aa.write_parquet(aa.to_frame(kind, **FRAME_OPTIONS.get(kind, {})), tmp_path / "f")
        schema = pq.read_schema(path)
        for field in exported_schema:
            assert schema.field(field.name).type == field.type, (kind, field.name)


def test_tables_without_rows_keep_their_types(tmp_path: Path) -> None:
    ds = build([event("AE", "announced", "2020-08-13")])  # no Israel: no dyads
    aa.export(tmp_path, fmt="parquet", dataset=ds)
    dyads = pq.read_table(tmp_path / "dyads.parquet")
    assert dyads.num_rows == 0
    assert dyads.schema.field("events").type == pa.list_(pa.string())
    assert dyads.schema.field("date").type == pa.date32()
    bare = build([event("US", "statement", "2021-01-01")])
    assert bare.instrument_records == ()
    frame = aa.to_frame("instruments", dataset=bare)
    schema = pq.read_schema(aa.write_parquet(frame, tmp_path / "instruments.parquet"))
    assert schema.field("signatories").type == pa.list_(pa.string())
    assert schema.field("date").type == pa.date32()


def test_a_frame_of_its_own_goes_as_pyarrow_types_it(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(pd.Series(["2021-01-01 12:30", None])),
            "day": pd.to_datetime(pd.Series(["2021-01-01", None])),
            "share": [0.5, None],
            "tags": [("a", "b"), None],
            "names": [{"fr": "Maroc"}, {}],
            "count": pd.array([1, None], dtype="Int64"),
            "text": ["x", None],
        }
    ).set_index(pd.Index(["r1", "r2"], name="row"))
    table = pq.read_table(aa.write_parquet(frame, tmp_path / "own.parquet"))
    types = {field.name: field.type for field in table.schema}
    assert pa.types.is_timestamp(types.pop("when"))  # a time of day: a timestamp
    assert types == {
        "row": pa.string(),
        "day": pa.date32(),
        "share": pa.float64(),
        "tags": pa.list_(pa.string()),
        "names": pa.map_(pa.string(), pa.string()),
        "count": pa.int64(),
        "text": pa.string(),
    }
    assert table.schema.metadata is None  # no note from to_frame: no provenance claimed
    assert table.to_pylist()[0]["tags"] == ["a", "b"]
    assert table.to_pylist()[1]["count"] is None


def test_unsigned_integers_stay_unsigned(tmp_path: Path) -> None:
    frame = pd.DataFrame({"big": pd.array([2**63], dtype="uint64")})
    table = pq.read_table(aa.write_parquet(frame, tmp_path / "u.parquet"))
    assert table.schema.field("big").type == pa.uint64()
    assert table.to_pylist() == [{"big": 2**63}]


def test_a_changed_frame_column_is_typed_by_its_values(tmp_path: Path) -> None:
    frame = aa.to_frame("events")
    frame["sources"] = frame["sources"].map(";".join)  # now text, whatever to_frame said
    schema = pq.read_schema(aa.write_parquet(frame, tmp_path / "events.parquet"))
    assert schema.field("sources").type == pa.string()


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame([[1, 2]], columns=["a", "a"]), "column names must be unique text"),
        (pd.DataFrame({3: [1]}), "column names must be unique text"),
        (pd.DataFrame({"a": [1, "x"]}), "column 'a' cannot be written to Parquet: "),
    ],
)
def test_a_frame_parquet_cannot_hold_is_refused(
    tmp_path: Path, frame: pd.DataFrame, message: str
) -> None:
    with pytest.raises(aa.InvalidArgumentError, match=message):
        aa.write_parquet(frame, tmp_path / "x.parquet")
    assert list(tmp_path.iterdir()) == []


def test_write_parquet_argument_errors(tmp_path: Path) -> None:
    with pytest.raises(aa.ArgumentTypeError, match=r"^frame must be a pandas DataFrame, not dict$"):
        aa.write_parquet({"a": [1]}, tmp_path / "x.parquet")  # type: ignore[arg-type]  # on purpose
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(aa.ArgumentTypeError, match=r"^path must be a file path, not NoneType$"):
        aa.write_parquet(frame, None)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.InvalidArgumentError, match=r"^path must name a file, not be empty$"):
        aa.write_parquet(frame, "")


def test_without_pyarrow_parquet_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    message = "needs pyarrow: pip install 'abraham-accords[parquet]'"
    with pytest.raises(aa.MissingDependencyError) as caught:
        aa.export(tmp_path / "out", fmt="parquet")
    assert str(caught.value) == f"export(fmt='parquet') {message}"
    assert isinstance(caught.value, ImportError)
    assert not (tmp_path / "out").exists()  # nothing written, not even the directory
    with pytest.raises(aa.MissingDependencyError, match=re.escape(f"write_parquet {message}")):
        aa.write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "x.parquet")
    assert main(["export", "--format", "parquet", "--out", str(tmp_path / "cli")]) == 1
    assert capsys.readouterr().err == (f"abraham-accords: error: export(fmt='parquet') {message}\n")


def test_cli_exports_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "parquet", "--out", str(tmp_path)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert sorted(Path(p).name for p in listed) == sorted(
        f"{table.name}.parquet" for table in EXPORT_TABLES
    )


def test_an_exported_file_names_its_table_versions_and_field_descriptions(
    tmp_path: Path,
) -> None:
    # Exported here, not by the module's fixture: a mutation tool that selects the tests
    # calling the export would otherwise run only the fixture's first test.
    ds = build([event("AE", "announced", "2020-08-13")])
    aa.export(tmp_path, fmt="parquet", dataset=ds)
    (table,) = [t for t in EXPORT_TABLES if t.name == "panel"]
    schema = pq.read_schema(tmp_path / "panel.parquet")
    assert json.loads(schema.metadata[b"abraham_accords"]) == {
        "table": "panel",
        "description": table.description,
        "data_version": ds.data_version,
        "package_version": aa.__version__,
        "cutoff": ds.cutoff.isoformat(),
    }
    assert [field.metadata for field in schema] == [
        {b"description": column.description.encode()} for column in table.columns()
    ]
