"""The command line's output, exactly: formats, options passed on, notes and messages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords._cli import main
from abraham_accords._dataset import Dataset
from factories import build, event


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


FIRST_DAY_JSON = """\
[
  {
    "code": "AE",
    "name": "United Arab Emirates",
    "alpha3": "ARE",
    "role": "party",
    "since": "2020-08-13"
  },
  {
    "code": "IL",
    "name": "Israel",
    "alpha3": "ISR",
    "role": "party",
    "since": "2020-08-13"
  }
]
"""


def test_json_is_indented_by_two_and_ends_with_a_newline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "members", "--as-of", "2020-08-13", "--json") == (0, FIRST_DAY_JSON, "")


def test_csv_lines_end_with_a_newline_only(capsys: pytest.CaptureFixture[str]) -> None:
    expected = (
        "code,name,alpha3,since\nAE,United Arab Emirates,ARE,2020-08-13\nIL,Israel,ISR,2020-08-13\n"
    )
    assert run(capsys, "members", "--as-of", "2020-08-13", "--csv") == (0, expected, "")


@pytest.mark.parametrize("argv", [("show", "MA", "--json"), ("sources", "--json")], ids=" ".join)
def test_json_keeps_non_ascii_text_as_it_is(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.isascii() is False
    assert "\\u0" not in out  # no escaped letters
    assert "المغرب" in out or "\u064b" in out  # Morocco's Arabic alias; a title's tanwin


def test_a_table_past_the_cutoff_says_so_on_stderr_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cutoff = aa.dataset().cutoff
    later = cutoff + dt.timedelta(days=1)
    code, out, err = run(capsys, "members", "--as-of", str(later))
    assert (code, err) == (0, f"note: {later} is after the data's cut-off {cutoff}\n")
    assert out.splitlines()[0].split() == ["CODE", "NAME", "ALPHA3", "SINCE"]
    assert run(capsys, "members", "--as-of", str(cutoff))[2] == ""  # on the cut-off: no note
    for fmt in ("--json", "--csv"):  # machines get no note
        code, out, err = run(capsys, "members", "--as-of", str(later), fmt)
        assert (code, err) == (0, "")
        assert "KZ" in out


def test_members_pass_the_stage_on(capsys: pytest.CaptureFixture[str]) -> None:
    signed = [p.code for p in aa.members_as_of("2020-10-25", stage="signed")]
    assert signed != [p.code for p in aa.members_as_of("2020-10-25")]  # Sudan: announced only
    code, out, _ = run(capsys, "members", "--as-of", "2020-10-25", "--stage", "signed", "--json")
    assert (code, [row["code"] for row in json.loads(out)]) == (0, signed)


def ids_of(out: str) -> list[str]:
    return [row["id"] for row in json.loads(out)]


@pytest.mark.parametrize(
    ("argv", "options"),
    [
        (("--party", "MA", "--actor-only"), {"party": "MA", "actor_only": True}),
        (("--party", "MA"), {"party": "MA"}),
        (("--kind", "ratified"), {"kind": "ratified"}),
        (("--start", "2023-01-01"), {"start": "2023-01-01"}),
        (("--end", "2020-09-30"), {"end": "2020-09-30"}),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_events_pass_each_filter_on(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], options: dict[str, object]
) -> None:
    expected = [e.id for e in aa.events(**options)]  # type: ignore[arg-type]  # a table of options
    assert 0 < len(expected) < len(aa.events())  # each filter leaves some out
    code, out, _ = run(capsys, "events", *argv, "--json")
    assert (code, ids_of(out)) == (0, expected)


def test_sources_pass_the_kind_on(capsys: pytest.CaptureFixture[str]) -> None:
    expected = [s.id for s in aa.sources(kind="official")]
    assert 0 < len(expected) < len(aa.sources())
    code, out, _ = run(capsys, "sources", "--kind", "official", "--json")
    assert (code, ids_of(out)) == (0, expected)


def test_panel_passes_every_option_on(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("--start", "2020-06", "--end", "2021-02", "--freq", "month", "--stage", "signed")
    for extra, options in [
        ((), {}),
        (("--rule", "end", "--candidates"), {"rule": "end", "candidates": True}),
        (("--rule", "start"), {"rule": "start"}),
    ]:
        rows = aa.panel("2020-06", "2021-02", freq="month", stage="signed", **options)  # type: ignore[arg-type]
        code, out, _ = run(capsys, "panel", *argv, *extra, "--json")
        assert (code, json.loads(out)) == (0, [r.model_dump(mode="json") for r in rows])


def test_dyads_pass_every_option_on(capsys: pytest.CaptureFixture[str]) -> None:
    rows = aa.dyads("2023-09", "2023-11", freq="month", rule="max")
    assert rows != aa.dyads("2023-09", "2023-11", freq="month")  # Bahrain's envoys, October
    argv = ("--start", "2023-09", "--end", "2023-11", "--freq", "month", "--rule", "max")
    code, out, _ = run(capsys, "dyads", *argv, "--json")
    expected = [json.loads(json.dumps(r._asdict(), default=str)) for r in rows]
    assert (code, json.loads(out)) == (0, expected)
    code, out, _ = run(capsys, "dyads", *argv, "--party", "BH", "--json")
    assert (code, json.loads(out)) == (
        0,
        [r for r in expected if "BH" in (r["party1"], r["party2"])],
    )


def test_show_json_is_one_document_of_four_parts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "MA", "--json")
    assert code == 0
    assert out.startswith('{\n  "party": {\n    "code": "MA",\n')
    assert out.endswith("\n}\n")
    document = json.loads(out)
    assert list(document) == ["party", "join_dates", "events", "sources"]
    assert document["join_dates"] == {
        "announced": "2020-12-10",
        "signed": "2020-12-22",
        "ratified": None,
        "in_force": None,
    }


def test_show_block_gives_each_stage_reached_or_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, _ = run(capsys, "show", "MA")
    assert code == 0
    block, rest = out.split("\n\nEvents\n")
    assert block.splitlines()[:2] == ["name: Morocco", "code: MA"]
    assert block.splitlines()[-4:] == [
        "announced: 2020-12-10",
        "signed: 2020-12-22",
        "ratified: -",
        "in_force: -",
    ]
    named = [line.split(": ")[0] for line in block.splitlines() if not line.startswith(" ")]
    assert named == ["name", *(f for f in aa.Party.model_fields if f != "name"), *aa.STAGES]
    events, sources = rest.split("\n\nSources\n")
    assert events.splitlines()[0].split() == ["DATE", "KIND", "SUMMARY", "SOURCES"]
    found = aa.events(party="MA")
    assert len(events.splitlines()) == 1 + len(found)
    for line, record in zip(events.splitlines()[1:], found, strict=True):
        assert line.split()[:2] == [str(record.date), record.kind]
        assert record.summary in line
        assert line.rstrip().endswith(", ".join(record.sources))
    assert sources.splitlines()[0].split() == ["ID", "PUBLISHED", "PUBLISHER", "TITLE", "URL"]
    assert out.endswith("\n")


def test_versions_list_each_release_with_its_checksum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from abraham_accords._releases import releases  # noqa: PLC0415  (what the command lists)

    expected = [
        {"version": r.version, "released": str(r.released), "sha256": r.sha256} for r in releases()
    ]
    code, out, _ = run(capsys, "versions", "--json")
    assert (code, json.loads(out)) == (0, expected)
    code, out, _ = run(capsys, "versions", "--csv")
    assert (code, list(csv.DictReader(io.StringIO(out)))) == (0, expected)


def test_cite_prints_the_citation_and_one_newline(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "cite") == (0, aa.cite("bibtex") + "\n", "")
    expected = aa.cite("csl-json", version=aa.available_versions()[0]) + "\n"
    argv = ("cite", "--style", "csl-json", "--data-version", aa.available_versions()[0])
    assert run(capsys, *argv) == (0, expected, "")


def edited_pair() -> tuple[Dataset, Dataset]:
    """Two small datasets whose difference has a row of every type and change."""
    old = build(
        [
            event("AE", "announced", "2020-08-13"),
            event("BH", "announced", "2020-09-11"),
            event("BH", "statement", "2020-09-15"),
        ]
    )
    moved = event("BH", "announced", "2020-09-11").model_copy(
        update={"date": dt.date(2020, 9, 12), "summary": "Changed."}
    )
    new = build(
        [event("AE", "announced", "2020-08-13"), moved, event("MA", "announced", "2020-12-10")]
    )
    return old, new.replace(metadata=new.metadata.model_copy(update={"data_version": "2030.02.01"}))


@pytest.fixture
def edited(monkeypatch: pytest.MonkeyPatch) -> None:
    """``diff`` of any two arguments compares the pair of :func:`edited_pair`."""
    real = aa.diff
    old, new = edited_pair()
    monkeypatch.setattr("abraham_accords._diff.diff", lambda *_: real(old, new))


@pytest.mark.usefixtures("edited")
def test_diff_table_and_csv_have_a_row_per_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "diff", "old", "new")
    assert code == 0
    assert [line.rstrip() for line in out.splitlines()] == [
        "TYPE         ID                       CHANGE     FIELDS",
        "metadata     -                        changed    data_version",
        "parties      MA                       added",
        "instruments  x                        changed    signatories",
        "events       ma-2020-12-10-announced  added",
        "events       bh-2020-09-15-statement  removed",
        "events       bh-2020-09-11-announced  changed    date, summary",
        "membership   BH                       announced  since 2020-09-11 -> since 2020-09-12",
        "membership   MA                       announced  never -> since 2020-12-10",
    ]
    code, out, _ = run(capsys, "diff", "old", "new", "--csv")
    assert (code, out) == (
        0,
        (
            "type,id,change,fields\n"
            "metadata,,changed,data_version\n"
            "parties,MA,added,\n"
            'instruments,x,changed,"[""signatories""]"\n'
            "events,ma-2020-12-10-announced,added,\n"
            "events,bh-2020-09-15-statement,removed,\n"
            'events,bh-2020-09-11-announced,changed,"[""date"", ""summary""]"\n'
            "membership,BH,announced,since 2020-09-11 -> since 2020-09-12\n"
            "membership,MA,announced,never -> since 2020-12-10\n"
        ),
    )
    code, out, _ = run(capsys, "diff", "old", "new", "--json")
    assert code == 0
    assert out.startswith('{\n  "old_version": "2030.01.01",\n  "new_version": "2030.02.01",\n')
    assert out.endswith("\n}\n")
    assert json.loads(out) == json.loads(aa.diff(*edited_pair()).model_dump_json())


def test_diff_of_equal_datasets_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = aa.diff
    old, _ = edited_pair()
    monkeypatch.setattr("abraham_accords._diff.diff", lambda *_: real(old, old))
    expected = "no difference between 2030.01.01 and 2030.01.01\n"
    assert run(capsys, "diff", "a", "b") == (0, expected, "")
    assert run(capsys, "diff", "a", "b", "--csv") == (0, "type,id,change,fields\n", "")


def test_diff_compares_the_newest_release_with_one_side_or_the_bundled_data(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[tuple[object, object]] = []
    real = aa.diff

    def spy(old: str, new: str | Dataset) -> aa.DatasetDiff:
        asked.append((old, new))
        return real(old, new)

    monkeypatch.setattr("abraham_accords._diff.diff", spy)
    first, newest = aa.available_versions()[0], aa.available_versions()[-1]
    for argv in ([], [first], [first, newest]):
        assert run(capsys, "diff", *argv, "--json")[0] == 0
    assert asked == [(newest, aa.dataset()), (newest, first), (first, newest)]


def test_diff_takes_at_most_two_sides(capsys: pytest.CaptureFixture[str]) -> None:
    message = (
        "abraham-accords: error: diff takes at most two datasets (OLD NEW), not 3 "
        "(see 'abraham-accords --help')\n"
    )
    assert run(capsys, "diff", "a", "b", "c") == (2, "", message)


def test_validate_counts_the_problems(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[tuple[object, object]] = []
    found = [aa.Problem("events.json", "x", "bad\x1b"), aa.Problem("a", "b", "c")]

    def fake(path: object, *, fix: object) -> list[aa.Problem]:
        asked.append((path, fix))
        return found

    monkeypatch.setattr("abraham_accords._validate.validate", fake)
    expected = "events.json: x: bad\\x1b\na: b: c\n2 problems in the bundled data\n"
    assert run(capsys, "validate") == (1, expected, "")
    there = expected.replace("the bundled data", "here\\x07")
    assert run(capsys, "validate", "here\x07", "--fix") == (1, there, "")
    found.clear()
    assert run(capsys, "validate", "here\x07") == (0, "here\\x07: valid\n", "")
    assert asked == [(None, False), ("here\x07", True), ("here\x07", False)]


@pytest.mark.parametrize(
    ("command", "option"), [("members", "--as-of"), ("events", "--start"), ("events", "--end")]
)
def test_a_bad_date_argument_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], command: str, option: str
) -> None:
    message = (
        f"abraham-accords {command}: error: argument {option}: date must be an ISO date "
        f"'YYYY-MM-DD', got 'soon' (see 'abraham-accords {command} --help')\n"
    )
    assert run(capsys, command, option, "soon") == (2, "", message)


def test_export_writes_the_dataset_in_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    small, _ = edited_pair()
    monkeypatch.setattr("abraham_accords._api.dataset", lambda: small)
    code, out, _ = run(capsys, "export", "--format", "json", "--out", str(tmp_path))
    assert (code, out) == (0, f"{tmp_path / 'abraham-accords-2030.01.01.json'}\n")
    written = json.loads((tmp_path / "abraham-accords-2030.01.01.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in written["events"]] == [e.id for e in small.event_records]


def test_an_error_without_a_message_is_named_by_its_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing() -> object:
        raise aa.InvalidArgumentError

    monkeypatch.setattr("abraham_accords._api.dataset", failing)
    assert run(capsys, "sources") == (1, "", "abraham-accords: error: InvalidArgumentError\n")


def test_help_exits_with_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--help")
    assert (code, err) == (0, "")
    assert out.startswith("usage: abraham-accords")


@pytest.mark.parametrize(
    ("argv", "table", "fields"),
    [
        (("events",), "DATE PRECISION PARTY KIND INSTRUMENT SUMMARY", aa.Event.model_fields),
        (("sources",), "ID PUBLISHED PUBLISHER TITLE URL", aa.Source.model_fields),
        (
            ("panel", "--start", "2021", "--end", "2021"),
            "PARTY PERIOD MEMBER STAGE ANNOUNCED SIGNED RATIFIED IN_FORCE",
            aa.PanelRow.model_fields,
        ),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else "",
)
def test_tables_show_some_columns_and_csv_every_field(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    table: str,
    fields: dict[str, object],
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, _ = run(capsys, *argv)
    assert (code, out.splitlines()[0].split()) == (0, table.split())
    code, out, _ = run(capsys, *argv, "--csv")
    assert (code, out.splitlines()[0].split(",")) == (0, list(fields))


def test_version_reports_unreadable_data_as_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def unreadable() -> str:
        message = "data version unreadable"
        raise aa.InvalidArgumentError(message)

    monkeypatch.setattr("abraham_accords._fingerprint.bundled_version", unreadable)
    expected = "abraham-accords: error: data version unreadable\n"
    assert run(capsys, "--version") == (1, "", expected)
