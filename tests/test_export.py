"""Exports open in their intended tools: pandas, csv readers, frictionless."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import Package
from pydantic import BaseModel

import abraham_accords as aa
from abraham_accords import Party
from abraham_accords._cli import main
from abraham_accords._export import FORMATS, csv_cell, json_schemas
from abraham_accords._releases import snapshot_bytes
from abraham_accords._tables import TABLES
from factories import ISRAEL, PARTIES, build, event

ROOT = Path(__file__).parents[1]
NAMIBIA = Party(code="NA", name="Namibia", alpha3="NAM", numeric="516", role="candidate")


def with_namibia() -> aa.Dataset:
    return build(
        [event("AE", "announced", "2020-08-13"), event("NA", "statement", "2021-01-01")],
        parties=(*PARTIES, NAMIBIA),
    )


def read_back(path: Path) -> pd.DataFrame:
    # The documented way to read our CSVs: only an empty cell is missing, all text stays text.
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def test_json_export_is_the_whole_dataset(tmp_path: Path) -> None:
    (written,) = aa.export(tmp_path, fmt="json")
    assert written.name == f"abraham-accords-{aa.DATA_VERSION}.json"
    document = json.loads(written.read_text(encoding="utf-8"))
    assert len(document["events"]) == len(aa.events())
    assert aa.Dataset.from_json(written.read_bytes()) == aa.dataset()
    assert document["metadata"]["data_version"] == aa.DATA_VERSION


def test_csv_round_trips_through_pandas_with_namibia_and_empty_values(tmp_path: Path) -> None:
    ds = with_namibia()
    aa.export(tmp_path, fmt="csv", dataset=ds)
    parties = read_back(tmp_path / "parties.csv")
    assert "NA" in set(parties["code"])
    namibia = parties[parties["code"] == "NA"].iloc[0]
    assert namibia["numeric"] == "516"
    assert pd.isna(namibia["wikidata"])
    assert json.loads(namibia["aliases"]) == []
    events = read_back(tmp_path / "events.csv")
    assert "NA" in set(events["party"])
    assert events["counterpart"].isna().all()
    assert [json.loads(s) for s in events["sources"]] == [["src"], ["src"]]


def test_csv_round_trips_through_the_csv_module(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="csv")
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row, record in zip(rows, aa.dataset().event_records, strict=True):
        dumped = record.model_dump(mode="json")
        assert row["id"] == record.id
        assert json.loads(row["sources"]) == dumped["sources"]
        assert (row["disputed"] or None) == record.disputed
        assert row["summary"] == record.summary


def test_schema_export_matches_the_committed_copy(tmp_path: Path) -> None:
    written = aa.export(tmp_path, fmt="schema")
    committed = ROOT / "docs" / "schema"
    assert sorted(p.name for p in written) == sorted(json_schemas())
    for path in written:
        assert path.read_text(encoding="utf-8") == (committed / path.name).read_text(
            encoding="utf-8"
        ), "run 'python scripts/regenerate.py'"


def test_datapackage_is_valid_for_frictionless(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="datapackage", dataset=with_namibia())
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == "2030.01.01"
    assert {r["name"] for r in package["resources"]} == {
        "parties",
        "instruments",
        "events",
        "sources",
        "metadata",
        "dyads",
        "panel",
        "memberships",
        "provisions",
        "implementation",
    }
    # Without Israel there are no dyads: the table is its header.
    assert (tmp_path / "dyads.csv").read_text(encoding="utf-8").count("\n") == 1


def test_datapackage_of_the_bundled_data_is_valid(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="datapackage")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_dyads_csv_holds_the_dyad_years_up_to_the_cutoff(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="csv")
    with (tmp_path / "dyads.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first = min(int(r["year"]) for r in rows)
    expected = aa.dyads(f"{first}-01-01", aa.dataset().cutoff)
    assert first < 2020  # the baseline before the Accords is there
    assert len(rows) == len(expected)
    assert [(r["party1"], r["party2"], r["period"], r["representation"]) for r in rows] == [
        (e.party1, e.party2, e.period, e.representation) for e in expected
    ]
    assert rows[-1]["date"] == aa.dataset().cutoff.isoformat()


def test_datapackage_checks_the_dyad_levels(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="datapackage")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "dyads"]
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert list(types) == list(aa.DyadRow._fields)
    assert (types["ccode1"], types["month"], types["date"]) == ("integer", "integer", "date")
    assert (types["mission"], types["events"], types["party1"]) == ("integer", "array", "string")
    (mission,) = [f for f in resource["schema"]["fields"] if f["name"] == "mission"]
    assert mission["constraints"] == {"enum": [0, 1]}  # an indicator, as COW writes them
    dyads = tmp_path / "dyads.csv"
    text = dyads.read_text(encoding="utf-8")
    dyads.write_text(text.replace(",ambassador,", ",consul,", 1), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid


def test_datapackage_types_and_describes_how_each_dyad_value_was_reached(
    tmp_path: Path,
) -> None:
    aa.export(tmp_path, fmt="datapackage")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "dyads"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for name in aa.DyadRow._fields:
        assert fields[name]["description"], name  # every column says what it holds
    for name in ("representation", "mission", "relations", "flights", "frozen"):
        basis, since = fields[f"{name}_basis"], fields[f"{name}_since"]
        assert (basis["type"], basis["constraints"]) == ("string", {"enum": list(aa.BASES)})
        assert since["type"] == "date"
        assert name in basis["description"]
        assert name in since["description"]
    assert "assumed (" in fields["flights_basis"]["description"]
    assert "never assumed" in fields["relations_basis"]["description"]
    rows = csv_rows(tmp_path / "dyads.csv")
    assert list(rows[0])[-11:] == ["after_cutoff", *list(aa.DyadRow._fields)[-10:]]
    assert {r["representation_since"] for r in rows if r["representation_basis"] == "default"} == {
        ""
    }
    # A cell outside the vocabulary is refused.
    dyads = tmp_path / "dyads.csv"
    text = dyads.read_text(encoding="utf-8")
    dyads.write_text(text.replace(",assumed,", ",guessed,", 1), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    ((column, error),) = report.flatten(["fieldName", "type"])
    assert (column.endswith("_basis"), error) == (True, "constraint-error")


def test_panel_csv_holds_the_party_years_from_the_first_announcement(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="csv")
    with (tmp_path / "panel.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ds = aa.dataset()
    first = min(s.start for p in ds.parties(role="party") for s in ds.stage_spans(p)["announced"])
    expected = aa.panel(first.year, aa.dataset().cutoff.year)
    assert rows[0]["year"] == str(first.year) == "2020"
    assert [tuple(r.values()) for r in rows] == [
        tuple(csv_cell(v) for v in e.model_dump().values()) for e in expected
    ]


def test_datapackage_types_the_panel_and_checks_its_keys(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="datapackage")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "panel"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert list(fields) == list(aa.PanelRow.model_fields)
    columns = ("ccode", "year", "month", "period_end", "member", "after_cutoff")
    assert [fields[n]["type"] for n in columns] == [
        "integer",
        "integer",
        "integer",
        "date",
        "integer",
        "integer",
    ]
    assert fields["member"]["constraints"] == {"enum": [0, 1]}
    assert fields["stage"]["constraints"] == {"enum": list(aa.STAGES)}
    panel = tmp_path / "panel.csv"
    text = panel.read_text(encoding="utf-8")
    panel.write_text(text.replace("\nAE,", "\nQQ,", 1), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid


# Stata's reserved names (its manual, [U] 11.3), with "end", which ends programs.
STATA_RESERVED = frozenset(
    {
        *("_all", "_b", "byte", "_coef", "_cons", "double", "end", "float", "if", "in", "int"),
        *("long", "_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with"),
    }
)


def test_every_exported_column_is_a_safe_name_in_stata_and_r(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="csv")
    for table in tmp_path.glob("*.csv"):
        header = table.read_text(encoding="utf-8").splitlines()[0].split(",")
        # memberships.csv keeps manydata's names (manyID, StateSignature): case matters in
        # Stata and R, so they bind onto manydata's tables as they are.
        name = r"[A-Za-z][A-Za-z0-9_]{0,31}" if table.name == "memberships.csv" else None
        for column in header:
            assert re.fullmatch(name or r"[a-z][a-z0-9_]{0,31}", column), (table.name, column)
            assert column not in STATA_RESERVED, (table.name, column)


def test_datapackage_catches_a_broken_foreign_key(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="datapackage")
    events = tmp_path / "events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace(",AE,", ",QQ,", 1), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"fmt": "xml"}, aa.InvalidArgumentError),
        ({"fmt": "XML"}, aa.InvalidArgumentError),
    ],
)
def test_export_errors(tmp_path: Path, kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error, match="valid formats are json, csv, schema, datapackage"):
        aa.export(tmp_path, **kwargs)  # type: ignore[arg-type]  # wrong on purpose


def test_export_to_bad_places(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(aa.FileAccessError, match="cannot write"):
        aa.export(blocker / "sub", fmt="csv")
    with pytest.raises(aa.ArgumentTypeError, match="directory must be a path"):
        aa.export(3, fmt="csv")  # type: ignore[arg-type]  # wrong on purpose


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet evaluate a cell as a formula (OWASP, "CSV Injection")."""


def formula_cells(text: str) -> list[str]:
    """The cells of the CSV *text* a spreadsheet would evaluate, numbers aside."""
    found = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                try:
                    float(cell)
                except ValueError:
                    found.append(cell)
    return found


def test_formula_cells_finds_text_a_spreadsheet_would_evaluate() -> None:
    text = 'a,-1,2.5,=1+1,"@SUM(A1)",+x,-,"\tb",-1e3\n'
    assert formula_cells(text) == ["=1+1", "@SUM(A1)", "+x", "-", "\tb"]


@pytest.mark.parametrize("fmt", ["csv", "datapackage"])
def test_no_exported_cell_is_a_formula(tmp_path: Path, fmt: str) -> None:
    tables = [path for path in aa.export(tmp_path, fmt=fmt) if path.suffix == ".csv"]
    assert len(tables) == len(aa.export(tmp_path / "csv", fmt="csv"))
    for path in tables:
        assert formula_cells(path.read_text(encoding="utf-8")) == [], path.name


def test_no_csv_the_command_line_prints_has_a_formula(capsys: pytest.CaptureFixture[str]) -> None:
    versions = aa.available_versions()
    year = str(aa.dataset().cutoff.year)
    commands = [
        ["members", "--as-of", str(aa.dataset().cutoff)],
        ["events"],
        ["sources"],
        ["panel", "--start", "2020", "--end", year, "--candidates"],
        ["dyads", "--start", "2020", "--end", year],
        ["versions"],
        ["diff", versions[0], versions[-1]],
        *(["show", party.code] for party in aa.parties()),
    ]
    for argv in commands:
        assert main([*argv, "--csv"]) == 0, argv
        out = capsys.readouterr().out
        assert formula_cells(out) == [], argv


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_directory_is_refused_not_read_as_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        aa.InvalidArgumentError,
        match=r"^directory must not be empty; to write into the current directory, pass '\.'$",
    ):
        aa.export("", fmt=fmt)
    assert list(tmp_path.iterdir()) == []


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv", "--out", str(tmp_path)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert sorted(Path(p).name for p in listed) == sorted(p.name for p in tmp_path.iterdir())


def _from_cell(value: object, field: str, model: type[BaseModel]) -> object:
    """Undo the CSV encoding of one cell, as a user following the README would."""
    if pd.isna(value):  # type: ignore[call-overload]  # a scalar cell
        return None
    text = str(value)
    annotation = str(model.model_fields[field].annotation)
    if annotation.startswith(("tuple", "collections.abc.Mapping")):
        return json.loads(text)
    if annotation == "<class 'bool'>":
        return {"1": True, "0": False}[text]
    return text


@pytest.mark.parametrize(
    ("name", "model", "attribute"),
    [
        ("parties", aa.Party, "party_records"),
        ("instruments", aa.Instrument, "instrument_records"),
        ("events", aa.Event, "event_records"),
        ("sources", aa.Source, "source_records"),
    ],
)
def test_pandas_reads_the_csvs_back_identical(
    tmp_path: Path, name: str, model: type[BaseModel], attribute: str
) -> None:
    ds = with_namibia()
    aa.export(tmp_path, fmt="csv", dataset=ds)
    frame = read_back(tmp_path / f"{name}.csv")
    rebuilt = [
        model.model_validate({f: _from_cell(row[f], f, model) for f in model.model_fields})
        for row in frame.to_dict("records")
    ]
    assert tuple(rebuilt) == getattr(ds, attribute)


def test_schemas_are_identified_and_plain() -> None:
    for name, schema in json_schemas().items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:abraham-accords:schema:{name.split('.')[0]}"
        text = json.dumps(schema)
        assert "``" not in text, name
        assert ":attr:" not in text, name
        assert ":class:" not in text, name


def on_the_cutoff() -> aa.Dataset:
    """A dataset whose first announcement and first dyad event fall on its cut-off."""
    ds = build(
        [
            event("IL", "announced", "2030-01-01"),
            event("MA", "announced", "2030-01-01"),
            event("IL", "embassy_opened", "2030-01-01", counterpart="MA"),
        ],
        (*PARTIES, ISRAEL),
    )
    assert ds.cutoff == dt.date(2030, 1, 1)  # the first day of its year
    return ds


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_derived_tables_that_begin_on_the_cutoff_hold_that_year(tmp_path: Path) -> None:
    ds = on_the_cutoff()
    aa.export(tmp_path, fmt="csv", dataset=ds)
    dyads = [
        (r["party1"], r["party2"], r["year"], r["representation"])
        for r in csv_rows(tmp_path / "dyads.csv")
    ]
    assert ("IL", "MA", "2030", "charge_d_affaires") in dyads
    assert dyads == [
        (r.party1, r.party2, str(r.year), r.representation)
        for r in ds.dyads("2030-01-01", "2030-01-01")
    ]
    panel = [(r["party"], r["year"], r["member"]) for r in csv_rows(tmp_path / "panel.csv")]
    assert panel == [("IL", "2030", "1"), ("MA", "2030", "1")]


def test_only_the_cutoffs_year_of_the_exported_panel_is_flagged(tmp_path: Path) -> None:
    # The panel runs to the end of the cut-off's year; the dyads stop at the cut-off.
    ds = build(
        [
            event("IL", "announced", "2020-12-10"),
            event("MA", "announced", "2020-12-10"),
            event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        ],
        (*PARTIES, ISRAEL),
    )
    for cutoff, flagged in (("2021-06-30", "1"), ("2021-12-31", "0")):
        update = {"cutoff": dt.date.fromisoformat(cutoff)}
        aa.export(
            tmp_path, fmt="csv", dataset=ds.replace(metadata=ds.metadata.model_copy(update=update))
        )
        panel = {(r["year"], r["after_cutoff"]) for r in csv_rows(tmp_path / "panel.csv")}
        assert panel == {("2020", "0"), ("2021", flagged)}, cutoff
        assert {r["after_cutoff"] for r in csv_rows(tmp_path / "dyads.csv")} == {"0"}


def test_without_an_announcement_the_panel_is_its_header(tmp_path: Path) -> None:
    ds = build([event("US", "statement", "2021-01-01")])
    aa.export(tmp_path, fmt="csv", dataset=ds)
    text = (tmp_path / "panel.csv").read_text(encoding="utf-8")
    assert text == ",".join(aa.PanelRow.model_fields) + "\n"


def test_csv_lines_end_in_a_line_feed(tmp_path: Path) -> None:
    for path in aa.export(tmp_path, fmt="csv", dataset=on_the_cutoff()):
        data = path.read_bytes()
        assert b"\r" not in data, path.name
        assert data.endswith(b"\n"), path.name


def test_the_default_format_is_json(tmp_path: Path) -> None:
    (written,) = aa.export(tmp_path)
    assert written.name == f"abraham-accords-{aa.DATA_VERSION}.json"


def test_export_argument_errors_are_exact(tmp_path: Path) -> None:
    with pytest.raises(aa.ArgumentTypeError) as not_a_path:
        aa.export(3)  # type: ignore[arg-type]  # wrong on purpose
    assert str(not_a_path.value) == "directory must be a path, not int"
    with pytest.raises(aa.InvalidArgumentError) as unknown_format:
        aa.export(tmp_path, fmt="xml")
    assert str(unknown_format.value) == (
        "unknown fmt (export format) 'xml'; valid formats are json, csv, schema, datapackage, "
        "stata, parquet"
    )
    with pytest.raises(aa.ArgumentTypeError) as not_a_dataset:
        aa.export(tmp_path, dataset="2026.11.27")  # type: ignore[arg-type]  # wrong on purpose
    assert str(not_a_dataset.value) == "dataset must be a Dataset, not str"
    assert list(tmp_path.iterdir()) == []


def datapackage(tmp_path: Path, ds: aa.Dataset) -> dict[str, Any]:
    aa.export(tmp_path, fmt="datapackage", dataset=ds)
    package: dict[str, Any] = json.loads(
        (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    )
    return package


def test_datapackage_names_the_dataset_its_title_and_license(tmp_path: Path) -> None:
    ds = on_the_cutoff()
    package = datapackage(tmp_path, ds)
    assert package["name"] == "abraham-accords"
    assert package["title"] == ds.metadata.title
    (license_,) = package["licenses"]
    assert license_["name"] == ds.metadata.license
    assert license_["path"].startswith("https://creativecommons.org/licenses/by/4.0")


def edited() -> aa.Dataset:
    """A release, edited: its version says it was modified (``+dev``)."""
    release = aa.load("2026.11.27")
    return release.replace(metadata=release.metadata.model_copy(update={"title": "Edited"}))


def test_every_export_names_the_data_version_and_the_package_version(tmp_path: Path) -> None:
    ds = edited()
    assert ds.data_version == "2026.11.27+dev"
    (written,) = aa.export(tmp_path / "json", fmt="json", dataset=ds)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["package_version"] == aa.__version__
    assert document["metadata"]["data_version"] == "2026.11.27+dev"
    assert list(document)[:2] == ["package_version", "metadata"]  # at the top
    assert aa.Dataset.from_json(written.read_bytes()) == ds  # still a dataset's JSON
    aa.export(tmp_path / "csv", fmt="csv", dataset=ds)
    [row] = csv_rows(tmp_path / "csv" / "metadata.csv")
    assert (row["data_version"], row["package_version"]) == ("2026.11.27+dev", aa.__version__)
    package = datapackage(tmp_path / "package", ds)
    assert package["version"] == package["data_version"] == "2026.11.27+dev"
    assert package["package_version"] == aa.__version__
    [row] = csv_rows(tmp_path / "package" / "metadata.csv")
    assert row["package_version"] == aa.__version__
    (metadata,) = [r for r in package["resources"] if r["name"] == "metadata"]
    (field,) = [f for f in metadata["schema"]["fields"] if f["name"] == "package_version"]
    assert field == {
        "name": "package_version",
        "description": (
            "Version of the abraham-accords package that wrote this export (the code that "
            "computed the derived tables); the dataset version is data_version."
        ),
        "type": "string",
        "constraints": {"required": True},
    }
    report = Package(str(tmp_path / "package" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_release_snapshot_carries_no_package_version() -> None:
    # The package version is the export's, not the release's: release bytes stay the same.
    document = json.loads(snapshot_bytes(aa.load("2026.11.27")))
    assert "package_version" not in document
    assert aa.load("2026.11.27").to_snapshot().package_version is None


def test_datapackage_states_the_csv_conventions_of_every_table(tmp_path: Path) -> None:
    package = datapackage(tmp_path, on_the_cutoff())
    for resource in package["resources"]:
        name = resource["name"]
        assert resource["path"] == f"{name}.csv"
        assert (resource["profile"], resource["format"]) == ("tabular-data-resource", "csv")
        assert (resource["mediatype"], resource["encoding"]) == ("text/csv", "utf-8")
        assert resource["schema"]["missingValues"] == [""], name  # only an empty cell


def test_datapackage_describes_every_record_field(tmp_path: Path) -> None:
    package = datapackage(tmp_path, on_the_cutoff())
    resources = {r["name"]: r for r in package["resources"]}
    for kind, model, _, key, _ in TABLES:
        schema = resources[kind]["schema"]
        assert schema["primaryKey"] == [key]
        added = ["package_version"] if kind == "metadata" else []  # the export's own column
        assert [f["name"] for f in schema["fields"]] == [*model.model_fields, *added]
        for field in schema["fields"][: len(model.model_fields)]:
            info = model.model_fields[field["name"]]
            assert field["type"] in {"string", "array", "object", "integer", "date"}
            if info.annotation is bool:  # an indicator: 0 or 1
                assert (field["type"], field["constraints"]["enum"]) == ("integer", [0, 1])
            assert field["description"] == info.description, (kind, field["name"])
            required = field.get("constraints", {}).get("required", False)
            assert required == info.is_required(), (kind, field["name"])


def test_derived_tables_say_what_their_rows_are_and_where_the_rules_are(
    tmp_path: Path,
) -> None:
    package = datapackage(tmp_path, on_the_cutoff())
    described = {r["name"]: r["description"] for r in package["resources"] if "description" in r}
    assert described["dyads"].startswith("Directed dyad-years: Israel and each party")
    assert described["panel"].startswith("Party-years: each party from the year of")
    query = re.search(r"\(aa\.(\w+), rule '(\w+)'\)\.$", described["panel"])
    assert query, described["panel"]
    ds = on_the_cutoff()
    aa.export(tmp_path / "csv", fmt="csv", dataset=ds)
    rows = csv_rows(tmp_path / "csv" / "panel.csv")
    described_rows = getattr(ds, query[1])(2030, 2030, rule=query[2])
    assert [(r["party"], r["member"]) for r in rows] == [
        (r.party, csv_cell(r.member)) for r in described_rows
    ]
    cited = re.search(r"\(see (docs/[\w.]+), (\w+)\)\.$", described["dyads"])
    assert cited, described["dyads"]
    headings = (ROOT / cited[1]).read_text(encoding="utf-8").splitlines()
    assert any(h.startswith(f"## {cited[2]}") for h in headings)


@pytest.mark.parametrize(
    ("table", "column", "cell", "error"),
    [
        ("events.csv", "date", "2021-02-30", "type-error"),
        ("sources.csv", "published", "2021-02-30", "type-error"),  # an optional date
        ("parties.csv", "iso", "yes", "type-error"),
        ("events.csv", "sources", "not a list", "type-error"),
        ("parties.csv", "names", "[1]", "type-error"),
        ("events.csv", "kind", "joined", "constraint-error"),
        ("sources.csv", "kind", "blog", "constraint-error"),
        ("parties.csv", "alpha3", "are", "constraint-error"),  # an optional pattern
        ("events.csv", "summary", "", "constraint-error"),  # a required text
    ],
)
def test_datapackage_refuses_a_cell_of_the_wrong_type_or_value(
    tmp_path: Path, table: str, column: str, cell: str, error: str
) -> None:
    aa.export(tmp_path, fmt="datapackage", dataset=on_the_cutoff())
    path = tmp_path / table
    header, first, *rest = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    first[header.index(column)] = cell
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, first, *rest])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[2, column, error]]


@pytest.mark.parametrize(
    "table", ["events.csv", "parties.csv", "dyads.csv", "panel.csv", "memberships.csv"]
)
def test_datapackage_refuses_a_repeated_row(tmp_path: Path, table: str) -> None:
    aa.export(tmp_path, fmt="datapackage", dataset=on_the_cutoff())
    path = tmp_path / table
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.flatten(["rowNumber", "type"]) == [[len(lines) + 1, "primary-key"]]


def test_names_in_other_scripts_stay_readable_in_csv_cells(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="csv")
    text = (tmp_path / "parties.csv").read_text(encoding="utf-8")
    rows = {row["code"]: row for row in csv_rows(tmp_path / "parties.csv")}
    written = 0
    for party in aa.parties():
        assert json.loads(rows[party.code]["names"]) == dict(party.names)
        for name in (*party.names.values(), *party.aliases):
            assert name in text  # as itself, not as \u escapes
            written += not name.isascii()
    assert written > 0


def test_datapackage_json_is_indented_and_keeps_its_text_as_written(tmp_path: Path) -> None:
    ds = on_the_cutoff()
    title = "Accords d’Abraham — données synthétiques"
    renamed = aa.Dataset(
        ds.metadata.model_copy(update={"title": title}),
        parties=ds.party_records,
        instruments=ds.instrument_records,
        events=ds.event_records,
        sources=ds.source_records,
    )
    aa.export(tmp_path, fmt="datapackage", dataset=renamed)
    text = (tmp_path / "datapackage.json").read_text(encoding="utf-8")
    assert f'  "title": "{title}",\n' in text
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_export_creates_missing_parent_directories(tmp_path: Path) -> None:
    written = aa.export(tmp_path / "a" / "b", fmt="schema")
    assert {path.parent for path in written} == {tmp_path / "a" / "b"}


def test_export_failures_say_where_and_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(aa.FileAccessError) as not_a_directory:
        aa.export(blocker / "sub", fmt="csv")
    assert (
        str(not_a_directory.value) == f"cannot write to {str(blocker / 'sub')!r}: Not a directory"
    )
    with_nul = tmp_path / "a\0b"
    with pytest.raises(aa.FileAccessError) as nul:
        aa.export(with_nul, fmt="csv")
    assert str(nul.value) == f"cannot write to {str(with_nul)!r}: embedded null byte"
    too_long = tmp_path / ("x" * 300)
    with pytest.raises(aa.FileAccessError) as long_name:
        aa.export(too_long, fmt="csv")
    assert str(long_name.value) == f"cannot write to {str(too_long)[:200]!r}: File name too long"
    with pytest.raises(aa.ArgumentTypeError) as not_a_string:
        aa.export(tmp_path, fmt=5)  # type: ignore[arg-type]  # wrong on purpose
    assert str(not_a_string.value) == (
        "fmt must be a string, one of json, csv, schema, datapackage, stata, parquet; not int"
    )


def signed_later() -> aa.Dataset:
    """Morocco signs the declaration in a month known only to the month."""
    return build(
        [
            event("AE", "signed", "2020-09-15", instrument="x"),
            event("BH", "announced", "2020-09-11"),
            event("MA", "signed", "2021-01-01", "month", instrument="x"),
        ]
    )


def test_memberships_csv_holds_the_rows_and_reads_back_as_text(tmp_path: Path) -> None:
    ds = signed_later()
    aa.export(tmp_path, fmt="csv", dataset=ds)
    rows = csv_rows(tmp_path / "memberships.csv")
    assert [list(r.items()) for r in rows] == [
        [(k, csv_cell(v)) for k, v in row.model_dump().items()] for row in ds.memberships()
    ]
    assert [(r["stateID"], r["StateSignature"]) for r in rows] == [
        ("ARE", "2020-09-15"),
        ("BHR", "2020-09-15"),  # a signatory without its own event: the instrument's day
        ("MAR", "2021-01"),  # known to the month: no day made up
    ]
    frame = read_back(tmp_path / "memberships.csv")
    assert list(frame["StateSignature"]) == ["2020-09-15", "2020-09-15", "2021-01"]
    assert frame["StateEnd"].isna().all()


def test_json_export_carries_the_memberships_and_still_reads_back(tmp_path: Path) -> None:
    ds = signed_later()
    (written,) = aa.export(tmp_path, fmt="json", dataset=ds)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert document["memberships"] == [row.model_dump(mode="json") for row in ds.memberships()]
    assert aa.Dataset.from_json(written.read_bytes()) == ds
    # Derived, so not read back: a Dataset derives it again from the records.
    document["memberships"] = []
    assert aa.Dataset.from_json(json.dumps(document)).memberships() == ds.memberships()


def test_releases_carry_no_membership_table() -> None:
    # What the release procedure freezes: the records only, so checksums do not move.
    assert "memberships" not in json.loads(snapshot_bytes(aa.dataset()))


def test_datapackage_describes_the_memberships_and_checks_them(tmp_path: Path) -> None:
    package = datapackage(tmp_path, signed_later())
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    (resource,) = [r for r in package["resources"] if r["name"] == "memberships"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert list(fields) == list(aa.MembershipRow.model_fields)
    assert all(f["type"] == "string" and f["description"] for f in fields.values())
    # Present in every row, but only the columns that are never null are required.
    required = {n for n, f in fields.items() if f.get("constraints", {}).get("required")}
    assert required == {
        "manyID",
        "Title",
        "Begin",
        "stateID",
        "StateName",
        "treatyID",
        "Signature",
        "instrument",
        "party",
    }
    assert resource["schema"]["primaryKey"] == ["instrument", "party"]
    table = tmp_path / "memberships.csv"
    original = table.read_text(encoding="utf-8")
    for broken in (
        original.replace(",2021-01,", ",01/2021,", 1),  # not messydates' notation
        original.replace(",MA,", ",QQ,", 1),  # no such party
        original.replace(",ma-2021-01-01-signed,", ",ma-2021-01-02-signed,", 1),  # no event
    ):
        assert broken != original
        table.write_text(broken, encoding="utf-8")
        assert not Package(str(tmp_path / "datapackage.json")).validate().valid
