from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import runpy
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords import _api
from abraham_accords._cli import _safe, _shown, main
from abraham_accords._membership import STAGES
from abraham_accords._render import cell_width, fit_widths, table_lines, terminal_width, wrap
from abraham_accords._version import package_version
from factories import INVISIBLE_MARKS, build, event

DATA = resources.files("abraham_accords").joinpath("data")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_members_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "members", "--as-of", "2021-01-01")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "ALPHA3", "SINCE"]
    assert [line.split()[0] for line in lines[1:]] == [
        p.code for p in aa.members_as_of("2021-01-01")
    ]


def test_members_json_and_csv_agree(capsys: pytest.CaptureFixture[str]) -> None:
    _, out_json, _ = run(capsys, "members", "--as-of", "2021-01-06", "--stage", "signed", "--json")
    _, out_csv, _ = run(capsys, "members", "--as-of", "2021-01-06", "--stage", "signed", "--csv")
    as_json = json.loads(out_json)
    as_csv = list(csv.DictReader(io.StringIO(out_csv)))
    assert [r["code"] for r in as_json] == [r["code"] for r in as_csv]
    assert "SD" in [r["code"] for r in as_json]
    assert all(r["since"] <= "2021-01-06" for r in as_csv)


def test_members_since_is_the_start_of_the_membership_in_force(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rejoined = build(
        [
            event("AE", "announced", "2020-08-13"),
            event("AE", "withdrawn", "2022-06-10"),
            event("AE", "announced", "2024-01-15"),
            event("BH", "announced", "2021-03-01"),
        ]
    )
    monkeypatch.setattr(_api, "dataset", lambda: rejoined)
    expected = [("BH", "2021-03-01"), ("AE", "2024-01-15")]  # in the order of the rows
    _, out, _ = run(capsys, "members", "--as-of", "2025-01-01", "--json")
    assert [(r["code"], r["since"]) for r in json.loads(out)] == expected
    _, out, _ = run(capsys, "members", "--as-of", "2025-01-01", "--csv")
    assert [(r["code"], r["since"]) for r in csv.DictReader(io.StringIO(out))] == expected
    _, out, _ = run(capsys, "members", "--as-of", "2025-01-01")
    assert [(line.split()[0], line.split()[-1]) for line in out.splitlines()[1:]] == expected
    _, out, _ = run(capsys, "members", "--as-of", "2021-06-01", "--json")  # the first span
    assert [(r["code"], r["since"]) for r in json.loads(out)] == [
        ("AE", "2020-08-13"),
        ("BH", "2021-03-01"),
    ]


def test_events_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "events", "--party", "Sudan", "--kind", "signed", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {r["party"] for r in rows} == {"SD"}
    assert {r["kind"] for r in rows} == {"signed"}
    assert rows == [e.model_dump(mode="json") for e in aa.events(party="SD", kind="signed")]


def test_show_party(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "morocco")
    assert code == 0
    assert out.startswith("name: Morocco\ncode: MA\n")
    assert "announced: 2020-12-10" in out
    code, out, _ = run(capsys, "show", "MA", "--json")
    document = json.loads(out)
    assert document["party"]["code"] == "MA"
    assert {s["id"] for s in document["sources"]} == {s.id for s in aa.sources_for("MA")}


@pytest.mark.parametrize("mark", INVISIBLE_MARKS.values(), ids=INVISIBLE_MARKS)
def test_party_arguments_ignore_invisible_marks(
    capsys: pytest.CaptureFixture[str], mark: str
) -> None:
    _, plain, _ = run(capsys, "show", "MA")
    code, out, err = run(capsys, "show", f"{mark}المغرب{mark}")
    assert (code, err) == (0, "")
    assert out == plain
    _, plain, _ = run(capsys, "events", "--party", "IL", "--csv")
    code, out, err = run(capsys, "events", "--party", f"Isra{mark}el", "--csv")
    assert (code, err, out) == (0, "", plain)
    code, out, err = run(capsys, "show", mark.join("Marocco"))
    assert (code, out) == (1, "")
    assert "did you mean 'Morocco' (MA)?" in err
    assert mark not in err  # the query is quoted escaped


def test_sources_csv_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [s.id for s in aa.sources()]
    assert all(r["url"].startswith("https://") for r in rows)


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["show", "Marocco"], 1, "unknown party 'Marocco'; did you mean 'Morocco' (MA)?"),
        (["events", "--party", "Atlantis"], 1, "unknown party 'Atlantis'"),
        (["members", "--as-of", "2021-02-30"], 2, "not a valid calendar date"),
        (["members", "--as-of", "soon"], 2, "must be an ISO date"),
        (["members", "--stage", "joined"], 2, "invalid choice"),
        (["events", "--start", "2022-01-01", "--end", "2021-01-01"], 1, "is after end"),
        (["members", "--json", "--csv"], 2, "not allowed with"),
        # a bad --start/--end is a usage error, as in 0.2.0 (scripts/check_cli.py)
        (["panel", "--start", "2020", "--end", "2020-02-30"], 2, "argument --end: end is not"),
        (["panel", "--start", "2020-13", "--end", "2021"], 2, "argument --start: start is not"),
        (["dyads", "--start", "soon", "--end", "2021"], 2, "start must be an ISO date"),
        (["dyads", "--start", "2021", "--end", "2021-02-30"], 2, "end is not a valid"),
        (["panel", "--start", "2022", "--end", "2021"], 1, "start 2022-01-01 is after end"),
    ],
)
def test_errors_are_one_line_with_exit_code(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--format", "csv", "--out", ""], "directory must not be empty"),
        (["validate", ""], "path must not be empty"),
        (["validate", "", "--fix"], "path must not be empty"),
        (["diff", ""], "new must not be empty"),
        (["diff", "", aa.DATA_VERSION], "old must not be empty"),
    ],
    ids=["export --out ''", "validate ''", "validate '' --fix", "diff ''", "diff '' NEW"],
)
def test_an_empty_path_is_an_error_not_the_current_directory(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    message: str,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path(str(DATA)), data)
    monkeypatch.chdir(data)  # the current directory holds valid data, and stays untouched
    before = {path.name: path.read_bytes() for path in data.iterdir()}
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err.startswith(f"abraham-accords: error: {message}")
    assert len(err.splitlines()) == 1
    assert {path.name: path.read_bytes() for path in data.iterdir()} == before


def test_a_bare_command_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2
    assert out.startswith("usage: abraham-accords")
    assert "members" in out
    assert err == ""


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("events", [*aa.EVENT_KINDS]),
        ("panel", ["any: a member on any day", "start: on its first day", "a year YYYY"]),
        ("dyads", ["max: the highest level in the period", "a month YYYY-MM"]),
    ],
)
def test_subcommand_help_lists_the_kinds_and_explains_the_rules(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    says: list[str],
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # one line per option, so phrases are not split
    code, text, _ = run(capsys, command, "--help")
    assert code == 0
    for phrase in says:
        assert phrase in text, phrase


def test_dyads_take_years_and_months_like_panels(capsys: pytest.CaptureFixture[str]) -> None:
    code, by_year, _ = run(capsys, "dyads", "--start", "2021", "--end", "2021-12", "--csv")
    assert code == 0
    code, by_day, _ = run(capsys, "dyads", "--start", "2021-01-01", "--end", "2021-12-31", "--csv")
    assert (code, by_year) == (0, by_day)
    assert aa.dyads(2021, "2022-02") == aa.dyads("2021-01-01", "2022-02-28")


def test_an_empty_result_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "events", "--party", "XS", "--kind", "signed")
    assert (code, out) == (0, "nothing found\n")
    code, out, _ = run(capsys, "events", "--party", "XS", "--kind", "signed", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"abraham-accords {aa.__version__} (dataset {aa.DATA_VERSION})"


def test_safe_escapes_terminal_control_sequences() -> None:
    assert _safe("red\x1b[31m") == "red\\x1b[31m"
    assert _safe("fine text") == "fine text"
    assert _safe(None) == ""
    assert _safe("می\u200cرود") == "می\u200cرود"  # a joiner is part of the word
    assert _safe("\u202eevil") == "\\u202eevil"  # a direction control could reorder the line
    assert _safe("\u200fIsrael\u00ad") == "\\u200fIsrael\\xad"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "abraham_accords", "members", "--as-of", "2020-08-13", "--csv"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "code,name,alpha3,since",
        "AE,United Arab Emirates,ARE,2020-08-13",
        "IL,Israel,ISR,2020-08-13",
    ]


def test_module_entry_point_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["abraham-accords", "members", "--as-of", "2020-09-11"])
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("abraham_accords", run_name="__main__")
    assert caught.value.code == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("BH ")


def test_version_from_an_uninstalled_tree(monkeypatch: pytest.MonkeyPatch) -> None:

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert package_version() == "0+unknown"
    saved = vars(aa).pop("__version__", None)  # computed on first access, then cached
    try:
        assert aa.__version__ == "0+unknown"
    finally:
        vars(aa).pop("__version__", None)
        if saved is not None:
            vars(aa)["__version__"] = saved


def test_table_warns_past_the_cutoff(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "members", "--as-of", "2999-01-01")
    assert code == 0
    assert "after the data's cut-off" in err
    assert out.splitlines()[0].startswith("CODE")


def test_show_csv_and_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "uae", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert all("AE" in (r["party"], r["counterpart"]) for r in rows)
    assert {r["party"] for r in rows} == {"AE", "IL"}
    code, out, _ = run(capsys, "show", "AE")
    assert "\naliases: UAE, " in out


def test_data_errors_are_reported_on_several_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> object:
        raise aa.DataIntegrityError(
            [aa.Problem("events.json", "x", "bad"), aa.Problem("a", "b", "c")]
        )

    monkeypatch.setattr(_api, "dataset", broken)
    code, out, err = run(capsys, "members")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "abraham-accords: error: 2 data problems:",
        "abraham-accords:   events.json: x: bad",
        "abraham-accords:   a: b: c",
    ]


def test_broken_pipe_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["members", "--as-of", "2021-01-01"]) == 0


def test_versions_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "versions", "--json")
    assert code == 0
    assert [r["version"] for r in json.loads(out)] == list(aa.available_versions())
    code, out, _ = run(capsys, "versions")
    assert out.splitlines()[0].split() == ["VERSION", "RELEASED", "SHA256"]


def test_diff_command(capsys: pytest.CaptureFixture[str]) -> None:
    first, newest = aa.available_versions()[0], aa.available_versions()[-1]
    code, out, _ = run(capsys, "diff", first, newest, "--json")
    assert code == 0
    assert json.loads(out) == json.loads(aa.diff(first, newest).model_dump_json())
    code, out, _ = run(capsys, "diff", first, newest, "--csv")
    assert out.splitlines()[0] == "type,id,change,fields"
    assert "metadata,,changed,data_version" in out.splitlines()  # no id: a missing value
    code, _, err = run(capsys, "diff", first, "1999.01.01")
    assert code == 1
    assert "unknown dataset version '1999.01.01'" in err


def test_diff_table_names_each_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = aa.dataset()
    kept = base.event_records[1:]
    citing: tuple[aa.Event | aa.Instrument | aa.Provision, ...] = (
        *kept,
        *base.instrument_records,
        *base.provision_records,
    )
    cited = {s for r in citing for s in r.sources}
    cited |= {s for p in base.party_records for refs in p.alias_sources.values() for s in refs}
    edited = base.replace(
        events=kept,
        sources=[s for s in base.source_records if s.id in cited],
        parties=(
            base.party_records[0].model_copy(update={"name": "Renamed"}),
            *base.party_records[1:],
        ),
        metadata=base.metadata.model_copy(
            update={"data_version": "2030.01.01", "cutoff": dt.date.today()}  # noqa: DTZ011
        ),
    )
    real_diff = aa.diff

    def fake(old: str, new: str) -> aa.DatasetDiff:
        return real_diff(base, edited) if new == "edited" else real_diff(old, new)

    monkeypatch.setattr("abraham_accords._diff.diff", fake)
    code, out, _ = run(capsys, "diff", aa.DATA_VERSION, "edited")
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    assert ["metadata", "-", "changed", "data_version"] in lines
    assert ["events", base.event_records[0].id, "removed"] in lines
    assert ["parties", base.party_records[0].code, "changed", "name"] in lines


def test_cite_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cite")
    assert code == 0
    assert out.strip() == aa.cite("bibtex")
    code, out, _ = run(capsys, "cite", "--style", "apa", "--data-version", aa.DATA_VERSION)
    assert out.strip() == aa.cite("apa", version=aa.DATA_VERSION)


def test_dyads_table_json_and_csv_agree(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for every cell on one line
    argv = ("dyads", "--start", "2021-01-01", "--end", "2022-12-31", "--party", "Morocco")
    code, table, _ = run(capsys, *argv)
    assert code == 0
    header, *lines = table.splitlines()
    assert header.split()[:4] == ["PARTY1", "PARTY2", "PERIOD", "REPRESENTATION"]
    expected = [r for r in aa.dyads("2021-01-01", "2022-12-31") if "MA" in (r.party1, r.party2)]
    assert [line.split()[:4] for line in lines] == [
        [r.party1, r.party2, r.period, r.representation] for r in expected
    ]
    _, shown, _ = run(capsys, *argv, "--json")
    assert json.loads(shown) == [json.loads(json.dumps(r._asdict(), default=str)) for r in expected]
    _, written, _ = run(capsys, *argv, "--csv")
    rows = list(csv.DictReader(io.StringIO(written)))
    assert list(rows[0]) == list(aa.DyadRow._fields)
    assert [json.loads(r["events"]) for r in rows] == [list(r.events) for r in expected]


def test_dyads_json_and_csv_say_how_each_value_was_reached_after_the_old_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ("dyads", "--start", "2024", "--end", "2024", "--party", "BH")
    code, shown, _ = run(capsys, *argv, "--json")
    assert code == 0
    first = json.loads(shown)[0]  # Israel in Bahrain, at the end of 2024
    added = list(first)[list(first).index("after_cutoff") + 1 :]
    assert added == [
        f"{name}_{part}"
        for name in ("representation", "mission", "relations", "flights", "frozen")
        for part in ("basis", "since")
    ]
    assert (first["representation"], first["representation_basis"]) == (
        "charge_d_affaires",
        "assumed",
    )
    assert (first["flights_basis"], first["flights_since"]) == ("assumed", "2023-10-01")
    _, written, _ = run(capsys, *argv, "--csv")
    rows = list(csv.DictReader(io.StringIO(written)))
    assert [r["representation_basis"] for r in rows] == [
        r["representation_basis"] for r in json.loads(shown)
    ]
    assert {r["mission_since"] for r in rows if r["mission_basis"] == "default"} == {""}


def test_dyads_of_a_state_outside_the_dyads_is_nothing_found(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "dyads", "--start", "2021-01-01", "--end", "2021-12-31", "--party", "US"
    )
    assert code == 0
    assert out == "nothing found\n"


def test_memberships_table_json_and_csv_agree(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, table, _ = run(capsys, "memberships", "--party", "Israel")
    assert code == 0
    header, *lines = table.splitlines()
    # For people, the state's dates are headed by the stages they mark; 80 wide, unwrapped.
    assert header.split() == ["MANYID", "STATEID", "SIGNED", "RATIFIED", "IN_FORCE", "WITHDRAWN"]
    expected = [r for r in aa.memberships() if r.party == "IL"]
    shown_dates = ("StateSignature", "StateRatification", "StateForce", "StateEnd")
    assert [line.split() for line in lines] == [
        [r.manyID, r.stateID, *(getattr(r, c) for c in shown_dates if getattr(r, c))]
        for r in expected
    ]
    _, shown, _ = run(capsys, "memberships", "--party", "IL", "--json")
    assert json.loads(shown) == [r.model_dump() for r in expected]
    _, written, _ = run(capsys, "memberships", "--party", "il", "--csv")
    rows = list(csv.DictReader(io.StringIO(written)))
    assert list(rows[0]) == list(aa.MembershipRow.model_fields)
    assert [r["StateRatification"] or None for r in rows] == [r.StateRatification for r in expected]
    _, everyone, _ = run(capsys, "memberships", "--csv")
    assert len(list(csv.DictReader(io.StringIO(everyone)))) == len(aa.memberships())


def test_memberships_of_an_unknown_party_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "memberships", "--party", "Atlantis")
    assert (code, out) == (1, "")
    assert "unknown party 'Atlantis'" in err


def widest(text: str) -> int:
    return max(cell_width(line) for line in text.splitlines())


TABLES = [
    ("show", "MA"),
    ("sources",),
    ("events",),
    ("members", "--as-of", "2021-01-01"),
    ("dyads", "--start", "2021-01-01", "--end", "2022-12-31"),
    ("memberships",),
    ("implementation",),
    ("versions",),
]


@pytest.mark.parametrize("argv", TABLES, ids=" ".join)
def test_tables_fit_the_columns_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert widest(out) <= 60


def drawn_width(text: str) -> int:
    """The cells a terminal draws *text* in, by the rule (not by the code under test)."""
    marks = sum(unicodedata.category(char) in ("Mn", "Me", "Cf") for char in text)
    wide = sum(unicodedata.east_asian_width(char) in ("W", "F") for char in text)
    return len(text) - marks + wide


def test_the_sources_table_lines_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # wide enough that nothing wraps
    code, out, err = run(capsys, "sources")
    assert code == 0, err
    header, *rows = out.splitlines()
    assert len(rows) == len(aa.sources())
    start = header.index("URL")
    assert {drawn_width(row[: row.index("https://")]) for row in rows} == {start}
    marked = [row for row in rows if drawn_width(row) != len(row)]
    assert any("\u064b" in row for row in marked)  # a title with an Arabic tanwin
    assert any("\u200c" in row for row in marked)  # a Persian title with a non-joiner


def test_piped_output_without_columns_is_80_wide(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    _, out, _ = run(capsys, "sources")
    assert widest(out) == 80
    monkeypatch.setenv("COLUMNS", "not a number")
    _, again, _ = run(capsys, "sources")
    assert again == out


def test_piped_output_of_a_real_process_is_80_wide() -> None:
    env = {name: value for name, value in os.environ.items() if name != "COLUMNS"}
    result = subprocess.run(
        [sys.executable, "-m", "abraham_accords", "show", "MA"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert widest(result.stdout) == 80


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def a_closed_stream() -> io.StringIO:
    stream = io.StringIO()
    stream.close()
    return stream


def a_terminal_of(columns: int) -> Callable[..., os.terminal_size]:
    def get_terminal_size(*_args: object) -> os.terminal_size:
        return os.terminal_size((columns, 40))

    return get_terminal_size


@pytest.mark.parametrize(
    ("columns", "stream", "width"),
    [
        (None, io.StringIO, 80),
        ("0", io.StringIO, 80),
        ("-3", io.StringIO, 80),
        ("wide", io.StringIO, 80),
        ("", io.StringIO, 80),
        ("70", io.StringIO, 70),
        (None, Terminal, 132),
        ("0", Terminal, 132),
        ("70", Terminal, 70),
        (None, a_closed_stream, 80),
    ],
)
def test_terminal_width(
    monkeypatch: pytest.MonkeyPatch,
    columns: str | None,
    stream: Callable[[], io.StringIO],
    width: int,
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(shutil, "get_terminal_size", a_terminal_of(132))
    assert terminal_width(stream()) == width


def test_a_terminal_gets_tables_of_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(shutil, "get_terminal_size", a_terminal_of(100))
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["events", "--party", "MA"]) == 0
    assert widest(screen.getvalue()) == 100


def test_show_prints_the_party_as_a_block(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    code, out, _ = run(capsys, "show", "MA")
    assert code == 0
    block, events, sources = out.split("\n\n")
    fields: dict[str, str] = {}
    field = ""
    for line in block.splitlines():
        if line.startswith(" "):  # a long value goes on, indented
            fields[field] += " " + line.strip()
        else:
            field, value = line.split(": ", 1)
            fields[field] = value
    party = aa.get_party("MA")
    assert list(fields) == ["name", *(f for f in aa.Party.model_fields if f != "name"), *STAGES]
    assert (fields["name"], fields["code"], fields["role"]) == ("Morocco", "MA", "party")
    assert fields["announced"] == "2020-12-10"
    assert fields["wikidata"] == "-"
    assert all(alias in fields["aliases"].replace("- ", "-") for alias in party.aliases)
    assert events.splitlines()[:2][0] == "Events"
    assert events.splitlines()[1].split() == ["DATE", "KIND", "SUMMARY", "SOURCES"]
    assert sources.startswith("Sources\nID")


@pytest.mark.parametrize("code", ["MA", "IL", "US"])
def test_show_lists_every_source_its_events_cite(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    found = aa.events(party=code)
    assert {e.party for e in found} != {code}  # some are the other side's, filed under it
    cited = {sid for event in found for sid in event.sources}
    _, out, _ = run(capsys, "show", code, "--json")
    document = json.loads(out)
    assert [e["id"] for e in document["events"]] == [e.id for e in found]
    assert [s["id"] for s in document["sources"]] == sorted(cited)
    _, out, _ = run(capsys, "show", code, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {sid for row in rows for sid in json.loads(row["sources"])} == cited
    monkeypatch.setenv("COLUMNS", "100000")  # one line per source
    _, out, _ = run(capsys, "show", code)
    header, *lines = out.split("\nSources\n")[1].splitlines()
    assert header.split()[0] == "ID"
    assert [line.split()[0] for line in lines] == sorted(cited)


def test_show_csv_carries_the_party(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "Morocco", "--csv")
    assert code == 0
    header, *rows = list(csv.reader(io.StringIO(out)))
    # after 0.2.0's event columns, so that they keep their places (scripts/check_cli.py);
    # event fields added since come last
    older = [name for name in aa.Event.model_fields if name != "replaces"]
    assert header == [*older, "shown_party", "shown_party_name", "replaces"]
    assert {(row[-3], row[-2]) for row in rows} == {("MA", "Morocco")}
    _, listed, _ = run(capsys, "events", "--party", "MA", "--csv")
    events = [row[:-3] + row[-1:] for row in [header, *rows]]
    assert events == list(csv.reader(io.StringIO(listed)))
    assert any(row[-1] for row in rows)  # Morocco's events include a re-filed one
    _, shown, _ = run(capsys, "show", "MA", "--json")
    document = json.loads(shown)
    assert document["party"] == aa.get_party("MA").model_dump(mode="json")
    assert [e["id"] for e in document["events"]] == [e.id for e in aa.events(party="MA")]


@pytest.mark.parametrize(
    "argv",
    [
        ("sources", "--csv"),
        ("sources", "--json"),
        ("events", "--csv"),
        ("show", "MA", "--csv"),
        ("show", "MA", "--json"),
        ("dyads", "--start", "2021-01-01", "--end", "2021-12-31", "--csv"),
        ("memberships", "--csv"),
        ("implementation", "--csv"),
        ("implementation", "--json"),
    ],
    ids=" ".join,
)
def test_json_and_csv_are_never_wrapped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    _, narrow, _ = run(capsys, *argv)
    monkeypatch.setenv("COLUMNS", "5000")
    _, wide, _ = run(capsys, *argv)
    assert narrow == wide
    assert widest(narrow) > 20


def test_control_characters_stay_escaped_in_fitted_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = aa.dataset()
    tainted = base.replace(
        parties=[
            p.model_copy(update={"name": "Mo\x1b[31mrocco", "note": "a\tb\x07"})
            if p.code == "MA"
            else p
            for p in base.party_records
        ]
    )
    monkeypatch.setattr(_api, "dataset", lambda: tainted)
    monkeypatch.setenv("COLUMNS", "60")
    _, shown, _ = run(capsys, "show", "MA")
    _, listed, _ = run(capsys, "members", "--as-of", "2021-01-01")
    for out in (shown, listed):
        assert "\x1b" not in out
        assert "\x07" not in out
        assert "Mo\\x1b[31mrocco" in out
    assert "\nnote: a\\tb\\x07\n" in shown


@pytest.mark.parametrize("width", [1, 7, 13, 40])
def test_wrapping_keeps_every_character(width: int) -> None:
    texts = [e.summary for e in aa.events()] + [str(s.url) for s in aa.sources()]
    for text in texts:
        lines = wrap(text, width)
        assert all(cell_width(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wide_characters_take_two_cells() -> None:
    assert wrap("日本語のテキスト", 5) == ["日本", "語の", "テキ", "スト"]
    lines = table_lines(["CODE", "TITLE"], [["JP", "日本語のテキストと English words"]], 20)
    assert max(cell_width(line) for line in lines) <= 20
    assert lines[1].startswith("JP    日本語")


def test_fit_widths_keeps_the_narrow_columns() -> None:
    widths = fit_widths([10, 21, 54, 336], 80, demand=[10, 18, 3, 170])
    assert widths[:2] == [10, 21]
    assert sum(widths) + 2 * 3 == 80
    assert widths[2] < widths[3]
    assert fit_widths([10, 21, 336], 40) == [10, 13, 13]  # too narrow: all give way
    assert fit_widths([5, 5, 5], 3) == [1, 1, 1]  # never below one cell


def test_cells_for_people() -> None:
    assert _shown(None) == ""
    assert _shown(["UAE", "Emirates"]) == "UAE, Emirates"
    assert _shown({"fr": "Maroc", "ru": "Марокко"}) == "fr: Maroc, ru: Марокко"
    assert _shown(True) == "True"


CCODES = ", ".join(
    f"{p.ccode} ({p.code})" for p in sorted(aa.parties(), key=lambda p: p.ccode or 0) if p.ccode
)
"""What a ccode error lists: "2 (US), 371 (AM), ..." (Somaliland has none)."""


def test_show_finds_a_party_by_its_cow_state_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, by_number, _ = run(capsys, "show", "--ccode", "705", "--json")
    assert code == 0
    assert by_number == run(capsys, "show", "KZ", "--json")[1]
    assert json.loads(by_number)["party"]["ccode"] == 705
    assert (
        run(capsys, "show", "--ccode", "696", "--csv")[1] == run(capsys, "show", "AE", "--csv")[1]
    )
    # A bare PARTY number keeps its meaning: an ISO 3166-1 numeric code (705 is Slovenia's).
    assert run(capsys, "show", "398")[1] == run(capsys, "show", "KZ")[1]
    assert run(capsys, "show", "705") == (1, "", "abraham-accords: error: unknown party '705'\n")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (
            ("show", "--ccode", "999"),
            1,
            (
                "abraham-accords: error: unknown party: no party has ccode 999 (a COW state "
                f"number); the parties have {CCODES}\n"
            ),
        ),
        (
            ("show", "--ccode", "seven"),
            2,
            (
                "abraham-accords show: error: argument --ccode: a COW state number is a whole "
                "number from 1 to 999, not 'seven' (see 'abraham-accords show --help')\n"
            ),
        ),
        (
            ("show", "--ccode", "1000"),
            2,
            (
                "abraham-accords show: error: argument --ccode: a COW state number is a whole "
                "number from 1 to 999, not '1000' (see 'abraham-accords show --help')\n"
            ),
        ),
        (
            ("show",),
            2,
            (
                "abraham-accords: error: show needs a PARTY or --ccode N "
                "(see 'abraham-accords --help')\n"
            ),
        ),
        (
            ("show", "MA", "--ccode", "600"),
            2,
            (
                "abraham-accords: error: show takes a PARTY or --ccode N, not both "
                "(see 'abraham-accords --help')\n"
            ),
        ),
    ],
)
def test_show_ccode_errors(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], status: int, message: str
) -> None:
    assert run(capsys, *argv) == (status, "", message)


def test_show_prints_each_aliass_sources(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _shown({"UAE": ("a", "b"), "EAU": ["c"]}) == "UAE: a, b; EAU: c"
    assert _shown({"ar": "المغرب", "fr": "Maroc"}) == "ar: المغرب, fr: Maroc"
    monkeypatch.setenv("COLUMNS", "1000")
    _, out, _ = run(capsys, "show", "MA")
    (line,) = [line for line in out.splitlines() if line.startswith("alias_sources: ")]
    assert "; Maroc: cldr:49; " in line
