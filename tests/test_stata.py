"""Stata files, read back as a Stata user's data arrives in Python: pandas' Stata reader."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import abraham_accords as aa
from abraham_accords._cli import main
from abraham_accords._dyads import COW_CODES
from abraham_accords._export import EXPORT_TABLES
from abraham_accords._pandas import FRAME_KINDS, frame_columns
from abraham_accords._stata import stata_label, value_codes
from factories import ISRAEL, PARTIES, build, event

BASIS_VALUES = ("representation", "mission", "relations", "flights", "frozen")
"""The dyad values that say how they were reached (``<value>_basis``, ``<value>_since``)."""

FRAME_OPTIONS: dict[str, dict[str, Any]] = {
    "panel": {"start": 2019, "end": 2022, "candidates": True},
    "dyads": {"start": "2020-06", "end": "2021-06", "freq": "month"},
}


def read(path: Path) -> tuple[pd.DataFrame, pd.io.stata.StataReader]:
    """The data (labels applied, as pandas reads a file by default) and its reader."""
    with pd.io.stata.StataReader(path) as reader:
        frame = reader.read()
    return frame, reader


def labels_of(path: Path) -> tuple[dict[str, str], dict[str, dict[int, str]], str, str]:
    """The variable labels, value labels, data label and time stamp of a Stata file."""
    with pd.io.stata.StataReader(path) as reader:
        reader.read()
        values = {
            name: {int(code): text for code, text in labels.items()}
            for name, labels in reader.value_labels().items()
        }
        return reader.variable_labels(), values, reader.data_label, reader.time_stamp


def cell(value: object) -> str:
    """A value pandas read from a Stata file, written as the CSV export writes it."""
    if value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float):
        return "" if math.isnan(value) else str(int(value))
    return str(value)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    aa.export(folder / "stata", fmt="stata")
    aa.export(folder / "csv", fmt="csv")
    return folder


def test_every_table_of_the_csv_export_has_a_stata_file(exported: Path) -> None:
    stata = sorted(p.stem for p in (exported / "stata").iterdir())
    assert stata == sorted(p.stem for p in (exported / "csv").iterdir())
    assert stata == sorted(table.name for table in EXPORT_TABLES)
    assert {p.suffix for p in (exported / "stata").iterdir()} == {".dta"}


@pytest.mark.parametrize("table", EXPORT_TABLES, ids=lambda t: t.name)
def test_a_stata_file_holds_what_the_csv_file_holds(exported: Path, table: Any) -> None:
    frame, _ = read(exported / "stata" / f"{table.name}.dta")
    with (exported / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(frame.columns) == [column.name for column in table.columns()]
    assert len(frame) == len(rows) > 0
    for place, row in enumerate(rows):
        got = {name: cell(value) for name, value in frame.iloc[place].items()}
        assert got == row, (table.name, place)


@pytest.mark.parametrize("table", EXPORT_TABLES, ids=lambda t: t.name)
def test_every_variable_is_labelled_from_the_data_dictionary(exported: Path, table: Any) -> None:
    variables, _, data_label, stamp = labels_of(exported / "stata" / f"{table.name}.dta")
    expected = {c.name: stata_label(c.description) for c in table.columns()}
    assert variables == expected
    assert all(0 < len(label) <= 80 for label in variables.values())
    assert data_label == (
        f"abraham-accords {table.name}: dataset {aa.DATA_VERSION}, package {aa.__version__}"
    )
    # The same data writes the same bytes: the time stamp is the cut-off, not the clock.
    assert stamp == aa.dataset().cutoff.strftime("%d %b %Y 00:00")


def test_closed_vocabularies_are_coded_integers_with_value_labels(exported: Path) -> None:
    _, values, _, _ = labels_of(exported / "stata" / "dyads.dta")
    bases = dict(enumerate(aa.BASES, start=1))  # recorded 1, assumed 2, default 3
    assert values == {
        "representation": {code: level for level, code in COW_CODES.items()},
        **{f"{value}_basis": bases for value in BASIS_VALUES},
    }
    assert values["representation"] == {
        0: "none",
        1: "charge_d_affaires",
        2: "minister",
        3: "ambassador",
        9: "liaison",
    }
    _, values, _, _ = labels_of(exported / "stata" / "panel.dta")
    assert values == {"stage": dict(enumerate(aa.STAGES, start=1))}
    _, values, _, _ = labels_of(exported / "stata" / "events.dta")
    assert values["kind"] == dict(enumerate(aa.EVENT_KINDS, start=1))
    assert values["precision"] == {1: "day", 2: "month", 3: "year"}
    _, values, _, _ = labels_of(exported / "stata" / "parties.dta")
    assert values == {"role": {1: "party", 2: "broker", 3: "candidate"}}


def test_the_codes_of_representation_are_the_cow_codes_of_dipex(exported: Path) -> None:
    codes = pd.read_stata(exported / "stata" / "dyads.dta", convert_categoricals=False)
    assert codes["representation"].dtype.kind == "i"
    assert list(codes["representation"]) == list(codes["dipex"])
    assert set(codes["representation"]) >= {0, 1, 3, 9}


def test_indicators_are_bytes_and_dates_are_stata_dates(exported: Path) -> None:
    with pd.io.stata.StataReader(exported / "stata" / "panel.dta") as reader:
        frame = reader.read(convert_dates=False)
        formats = dict(zip(frame.columns, reader._fmtlist, strict=True))
        types = dict(zip(frame.columns, reader._typlist, strict=True))
    assert (formats["period_start"], formats["period_end"]) == ("%td", "%td")
    assert types["member"] == types["after_cutoff"] == "b"  # byte
    assert set(frame["member"]) == {0, 1}
    assert frame["period_start"].iloc[0] == (dt.date(2020, 1, 1) - dt.date(1960, 1, 1)).days


def test_how_each_dyad_value_was_reached_is_labelled_and_dated(exported: Path) -> None:
    with pd.io.stata.StataReader(exported / "stata" / "dyads.dta") as reader:
        codes = reader.read(convert_dates=False, convert_categoricals=False)
        formats = dict(zip(codes.columns, reader._fmtlist, strict=True))
    dyads, _ = read(exported / "stata" / "dyads.dta")
    rows = aa.dyads(f"{dyads['year'].min()}-01-01", aa.dataset().cutoff)
    for value in BASIS_VALUES:
        basis, since = f"{value}_basis", f"{value}_since"
        assert codes[basis].dtype.kind == "i", basis  # a coded integer, not text
        assert formats[since] == "%td", since  # a Stata daily date
        assert list(dyads[basis].astype(object)) == [getattr(r, basis) for r in rows]
        assert [None if pd.isna(d) else d.date() for d in dyads[since]] == [
            getattr(r, since) for r in rows
        ]
    assert set(dyads["representation_basis"].astype(object)) == set(aa.BASES)


def test_lists_are_json_arrays_as_in_the_csv_files(exported: Path) -> None:
    events, _ = read(exported / "stata" / "events.dta")
    first = aa.dataset().event_records[0]
    assert events["sources"].iloc[0] == '["' + '", "'.join(first.sources) + '"]'
    refiled = [e for e in aa.dataset().event_records if e.replaces]
    assert refiled  # re-filed events name the ids they replace
    by_id = events.set_index("id")["replaces"]
    for record in refiled:
        assert json.loads(by_id[record.id]) == list(record.replaces or ())
    assert by_id[first.id] == ""  # no replaced id: Stata's missing string
    parties, _ = read(exported / "stata" / "parties.dta")
    morocco = parties[parties["code"] == "MA"].iloc[0]
    assert "المغرب" in morocco["names"]  # text in any script, UTF-8


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_every_frame_kind_goes_to_stata(tmp_path: Path, kind: str) -> None:
    frame = aa.to_frame(kind, **FRAME_OPTIONS.get(kind, {}))
    path = aa.write_stata(frame, tmp_path / f"{kind}.dta")
    assert path == tmp_path / f"{kind}.dta"
    back, _ = read(path)
    assert list(back.columns) == list(frame.columns)
    assert len(back) == len(frame) > 0
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            assert list(back[name].astype(object)) == list(column.astype(object)), name
        elif column.dtype.kind == "M":
            assert list(back[name]) == list(column), name
    variables, _, data_label, _ = labels_of(path)
    assert variables == {c.name: stata_label(c.description) for c in frame_columns(kind)}
    assert data_label.startswith(f"abraham-accords {kind}: dataset {aa.DATA_VERSION}")


def test_a_filtered_frame_keeps_its_labels(tmp_path: Path) -> None:
    frame = aa.to_frame("events")
    morocco = frame[frame["party"] == "MA"][["id", "kind", "date"]]
    variables, values, _, _ = labels_of(aa.write_stata(morocco, tmp_path / "ma.dta"))
    assert set(variables) == {"id", "kind", "date"}
    assert variables["kind"] == "What happened; see the event kinds in docs/methodology.md"
    assert values["kind"][1] == "announced"


def test_a_frame_of_its_own_goes_without_labels(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(pd.Series(["2021-01-01 12:30", None])),
            "day": pd.to_datetime(["2021-01-01", "2021-02-03"]),
            "level": pd.Categorical(["b", None], categories=["a", "b"]),
            "note": ["x" * 3000, None],  # a long text (strL) and a missing one
            "share": [0.5, None],
        }
    ).set_index(pd.Index(["r1", "r2"], name="row"))
    path = aa.write_stata(frame, tmp_path / "own.dta")
    with pd.io.stata.StataReader(path) as reader:
        back = reader.read()
        formats = dict(zip(back.columns, reader._fmtlist, strict=True))
        variables = reader.variable_labels()
    assert list(back.columns) == ["row", "when", "day", "level", "note", "share"]
    assert (formats["when"], formats["day"]) == ("%tc", "%td")
    assert back["when"].iloc[0] == pd.Timestamp("2021-01-01 12:30")
    assert back["level"].iloc[0] == "b"
    assert pd.isna(back["level"].iloc[1])
    assert list(back["note"]) == ["x" * 3000, ""]
    assert set(variables.values()) == {""}


def test_value_codes_give_cow_codes_only_to_the_levels() -> None:
    assert value_codes(aa.LEVELS) == dict(COW_CODES)
    assert value_codes(("day", "month")) == {"day": 1, "month": 2}


def test_labels_are_first_sentences_cut_at_a_word() -> None:
    assert stata_label("State number (the key); null for an entity, e.g. Somaliland.") == (
        "State number (the key); null for an entity, e.g. Somaliland"
    )
    assert stata_label("Ids of the `events`. More.") == "Ids of the events"
    long = stata_label("A " + "long " * 30 + "text.")
    assert len(long) <= 80
    assert long.endswith("long…")
    assert len(stata_label("x" * 100)) == 80


def test_the_membership_table_keeps_manydata_names_and_dates_as_text(tmp_path: Path) -> None:
    ds = build(
        [
            event("AE", "signed", "2020-09-15", instrument="x"),
            event("BH", "announced", "2020-09-11"),
            event("MA", "signed", "2021-01-01", "month", instrument="x"),
        ]
    )
    aa.export(tmp_path, fmt="stata", dataset=ds)
    with pd.io.stata.StataReader(tmp_path / "memberships.dta") as reader:
        frame = reader.read()
        types = dict(zip(frame.columns, reader._typlist, strict=True))
        values = reader.value_labels()
    assert list(frame.columns) == list(aa.MembershipRow.model_fields)  # manyID, StateSignature
    assert list(frame["StateSignature"]) == ["2020-09-15", "2020-09-15", "2021-01"]
    assert all(isinstance(types[name], int) for name in ("Begin", "StateSignature", "StateEnd"))
    assert list(frame["StateEnd"]) == ["", "", ""]  # text, missing: Stata's ""
    assert values == {}
    framed = aa.write_stata(aa.to_frame("memberships", dataset=ds), tmp_path / "frame.dta")
    back, _ = read(framed)
    assert list(back["StateSignature"]) == ["2020-09-15", "2020-09-15", "2021-01"]


def test_stata_export_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in aa.export(tmp_path / "a", fmt="stata")}
    second = {p.name: p.read_bytes() for p in aa.export(tmp_path / "b", fmt="stata")}
    assert first == second


def test_a_table_without_rows_keeps_its_variables(tmp_path: Path) -> None:
    ds = build([event("AE", "announced", "2020-08-13")])  # no Israel: no dyads
    aa.export(tmp_path, fmt="stata", dataset=ds)
    dyads, _ = read(tmp_path / "dyads.dta")
    assert list(dyads.columns) == list(aa.DyadRow._fields)
    assert len(dyads) == 0
    variables, values, _, _ = labels_of(tmp_path / "dyads.dta")
    assert set(variables) == set(aa.DyadRow._fields)
    assert values["representation"][3] == "ambassador"


def test_stata_export_of_synthetic_dyads(tmp_path: Path) -> None:
    ds = build(
        [
            event("IL", "announced", "2020-12-10"),
            event("MA", "announced", "2020-12-10"),
            event("IL", "liaison_office_opened", "2021-01-26", counterpart="MA"),
        ],
        (*PARTIES, ISRAEL),
    )
    aa.export(tmp_path, fmt="stata", dataset=ds)
    dyads, _ = read(tmp_path / "dyads.dta")
    il_ma = dyads[(dyads["party1"] == "IL") & (dyads["party2"] == "MA")]
    assert set(il_ma["representation"].astype(object)) == {"liaison"}
    assert set(il_ma["mission"]) == {1}
    ma_il = dyads[(dyads["party1"] == "MA") & (dyads["party2"] == "IL")]
    assert set(ma_il["representation"].astype(object)) == {"none"}
    assert set(ma_il["mission"]) == {0}
    assert il_ma["year"].iloc[0] == 2021


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"a" * 33: [1]}), "is not a Stata variable name"),
        (pd.DataFrame({"in": [1]}), "'in' is not a Stata variable name"),
        (pd.DataFrame({"1st": [1]}), "'1st' is not a Stata variable name"),
        (pd.DataFrame({3: [1]}), "column 3 is not a Stata variable name"),
        (pd.DataFrame([[1, 2]], columns=["a", "a"]), "must be unique for Stata; repeated: a"),
        (pd.DataFrame({"a": [1, "x"]}), "column 'a' holds int 1; a column of text may hold"),
        (pd.DataFrame({"a": [math.inf]}), "cannot write the frame as a Stata file: Column a"),
        (pd.DataFrame({"a": [1 + 2j]}), "as a Stata file: Data type complex128 not supported"),
        (pd.DataFrame({"a": pd.to_timedelta([1], unit="D")}), "column 'a' holds Timedelta"),
    ],
)
def test_a_frame_stata_cannot_hold_is_refused(
    tmp_path: Path, frame: pd.DataFrame, message: str
) -> None:
    with pytest.raises(aa.InvalidArgumentError, match=message):
        aa.write_stata(frame, tmp_path / "x.dta")
    assert list(tmp_path.iterdir()) == []


def test_write_stata_argument_errors(tmp_path: Path) -> None:
    with pytest.raises(aa.ArgumentTypeError, match=r"^frame must be a pandas DataFrame, not list$"):
        aa.write_stata([1], tmp_path / "x.dta")  # type: ignore[arg-type]  # wrong on purpose
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(aa.ArgumentTypeError, match=r"^path must be a file path, not int$"):
        aa.write_stata(frame, 3)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.InvalidArgumentError, match=r"^path must name a file, not be empty$"):
        aa.write_stata(frame, "")
    with pytest.raises(aa.FileAccessError, match="cannot write"):
        aa.write_stata(frame, tmp_path / "missing" / "x.dta")

    class BytesPath:
        def __fspath__(self) -> bytes:
            return b"x.dta"

    with pytest.raises(
        aa.ArgumentTypeError, match=r"^path must be a file path of text, not bytes$"
    ):
        aa.write_stata(frame, BytesPath())  # type: ignore[arg-type]  # bytes on purpose


def test_without_pandas_stata_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(aa.MissingDependencyError) as caught:
        aa.export(tmp_path / "out", fmt="stata")
    assert str(caught.value) == (
        "export(fmt='stata') needs pandas: pip install 'abraham-accords[pandas]'"
    )
    assert not (tmp_path / "out").exists()  # nothing written, not even the directory
    with pytest.raises(aa.MissingDependencyError, match=r"write_stata needs pandas"):
        aa.write_stata(object(), tmp_path / "x.dta")  # type: ignore[arg-type]  # no pandas


def test_cli_exports_stata_and_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["export", "--format", "stata", "--out", str(tmp_path / "dta")]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert sorted(Path(p).name for p in listed) == sorted(
        f"{table.name}.dta" for table in EXPORT_TABLES
    )
    monkeypatch.setitem(sys.modules, "pandas", None)
    assert main(["export", "--format", "stata", "--out", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err == (
        "abraham-accords: error: export(fmt='stata') needs pandas: "
        "pip install 'abraham-accords[pandas]'\n"
    )
