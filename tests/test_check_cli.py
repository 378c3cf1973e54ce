"""The command-line contract check against the last release (CI runs it) can fail."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import check_cli
import pytest
from check_cli import Invocation, Run, compare, compare_csv, compare_json, json_shape

ROOT = Path(__file__).parents[1]


def _in_git(commit: str) -> bool:
    """Whether this checkout's git history holds *commit* (a copy without .git does not)."""
    done = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}^{{commit}}"],  # noqa: S607  (git from PATH)
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_the_shape_unites_the_keys_and_kinds_of_every_list_item() -> None:
    shape = json_shape({"rows": [{"a": 1, "b": None}, {"b": [True], "in force": "x"}]})
    assert sorted(shape) == [
        "$",
        "$.rows",
        "$.rows[]",
        "$.rows[].a",
        "$.rows[].b",
        "$.rows[].b[]",
        '$.rows[]["in force"]',
    ]
    assert shape["$"].keys == {"rows"}
    assert shape["$.rows[]"].keys == {"a", "b", "in force"}
    assert shape["$.rows[]"].kinds == {"object"}
    assert shape["$.rows[].a"].kinds == {"number"}
    assert shape["$.rows[].b"].kinds == {"null", "array"}
    assert shape["$.rows[].b[]"].kinds == {"boolean"}
    assert shape['$.rows[]["in force"]'].kinds == {"string"}
    assert (shape["$.rows[].a"].parent, shape["$.rows[].a"].key) == ("$.rows[]", "a")
    assert (shape["$.rows[]"].parent, shape["$.rows[]"].key) == ("$.rows", None)


def test_a_removed_key_is_a_break_an_added_one_is_not() -> None:
    old = json_shape([{"party": "AE", "start": "2020-01-01"}])
    new = json_shape([{"party": "AE", "period_start": "2020-01-01", "iso3": "ARE"}])
    assert compare_json(old, new) == ["$[]: key 'start' removed"]
    assert compare_json(old, json_shape([{"party": "AE", "start": "x", "iso3": "ARE"}])) == []


def test_a_key_given_by_any_new_item_is_kept() -> None:
    # a field left out where it is empty: one item of the new answer having it is enough
    old = json_shape({"events": [{"id": "a", "note": "x"}]})
    new = json_shape({"events": [{"id": "b"}, {"id": "c", "note": "y"}, {"id": "d"}]})
    assert compare_json(old, new) == []


def test_a_changed_kind_is_a_break_and_null_says_nothing() -> None:
    old = json_shape({"party": {"code": "MA"}, "note": "text", "year": 2020})
    new = json_shape({"party": "MA", "note": None, "year": "2020"})
    assert compare_json(old, new) == ["$.party: no longer an object", "$.year: no longer a number"]
    assert compare_json(json_shape([{"a": None}, {"a": "x"}]), json_shape([{"a": "y"}])) == []


def test_a_removed_object_is_reported_once() -> None:
    old = json_shape({"party": {"names": {"ar": "x"}}, "id": 1})
    assert compare_json(old, json_shape({"id": 1})) == ["$: key 'party' removed"]


def test_nothing_to_compare_is_reported_where_objects_would_go_unchecked() -> None:
    old = json_shape({"events": [{"id": "a"}], "join_dates": {"signed": "2020-01-01"}})
    new = json_shape({"events": [], "join_dates": None})
    assert compare_json(old, new) == [
        "$.events[]: nothing to compare in the new output",
        "$.join_dates: nothing to compare in the new output",
    ]


def test_a_renamed_column_is_a_removed_one() -> None:
    old = ["party", "period", "start", "end", "member"]
    new = ["party", "period", "period_start", "period_end", "member"]
    assert compare_csv(old, new) == ["column 'start' removed", "column 'end' removed"]


def test_columns_added_after_the_old_ones_are_no_break() -> None:
    assert compare_csv(["id", "date"], ["id", "date", "note", "sequence"]) == []
    assert compare_csv([], ["id"]) == []


def test_a_column_added_or_removed_before_an_old_one_moves_it() -> None:
    old = ["id", "date", "party"]
    assert compare_csv(old, ["shown_party", "id", "date", "party"]) == [
        "column 'id' moved from position 1 to 2",
        "column 'date' moved from position 2 to 3",
        "column 'party' moved from position 3 to 4",
    ]
    assert compare_csv(old, ["id", "party"]) == [
        "column 'date' removed",
        "column 'party' moved from position 3 to 2",
    ]
    assert compare_csv(old, ["id", "party", "date"]) == [
        "column 'date' moved from position 2 to 3",
        "column 'party' moved from position 3 to 2",
    ]


def test_a_column_whose_values_change_kind_is_a_break() -> None:
    old = check_cli.csv_kinds("party,member,year,note\nAE,true,2020,x\nMA,false,2021,\n")
    assert old == {
        "party": {"string"},
        "member": {"boolean"},
        "year": {"number"},
        "note": {"string"},
    }
    new = check_cli.csv_kinds("party,member,year,note\nAE,1,2020,\nMA,0,2021.5,\n")
    assert check_cli.compare_cells(old, new) == ["column 'member': no longer a boolean"]
    # an empty column says nothing; a column gone is compare_csv's to report
    assert check_cli.compare_cells({"note": {"string"}, "gone": {"number"}}, new) == []
    mixed = check_cli.csv_kinds("a\n1\nx\n-2.5\n")
    assert mixed == {"a": {"number", "string"}}
    assert check_cli.compare_cells(mixed, check_cli.csv_kinds("a\n1\n")) == [
        "column 'a': no longer a string"
    ]


def test_the_csv_header_is_the_first_row() -> None:
    assert check_cli.csv_header('id,"a, b"\n1,2\n') == ["id", "a, b"]
    assert check_cli.csv_header("") == []


def test_a_changed_exit_code_is_a_break() -> None:
    usage = Invocation("panel --end: bad date", ("panel",))
    assert compare(usage, Run(2, ""), Run(1, "")) == ["panel --end: bad date: exit code 1, was 2"]
    assert compare(usage, Run(2, ""), Run(2, "")) == []


def test_the_output_is_compared_by_its_format_when_both_succeed() -> None:
    as_json = Invocation("panel --json", ("panel", "--json"), "json")
    old, new = Run(0, '[{"start": 1}]'), Run(0, '[{"period_start": 1}]')
    assert compare(as_json, old, new) == ["panel --json: $[]: key 'start' removed"]
    as_csv = Invocation("panel --csv", ("panel", "--csv"), "csv")
    old, new = Run(0, "party,start\nAE,1\n"), Run(0, "party,period_start\nAE,1\n")
    assert compare(as_csv, old, new) == ["panel --csv: column 'start' removed"]
    was, now = Run(0, "party,member\nAE,true\n"), Run(0, "party,member\nAE,1\n")
    assert compare(as_csv, was, now) == ["panel --csv: column 'member': no longer a boolean"]
    failed = Run(1, "not json")  # a failure's output is not compared, its code is
    assert compare(as_json, failed, failed) == []
    assert compare(Invocation("panel", ("panel",)), old, new) == []  # exit code only


def test_an_announced_break_passes_only_with_its_changelog_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(check_cli, "ANNOUNCED", {"show --csv: column 'id' removed": "`id` went"})
    found = ["show --csv: column 'id' removed", "show --csv: column 'date' removed"]
    assert check_cli.unannounced(found, changelog="") == [
        "show --csv: column 'id' removed (the changelog does not say '`id` went')",
        "show --csv: column 'date' removed (not announced)",
    ]
    assert check_cli.unannounced(found, changelog="- `id`\n  went: use `code`") == [
        "show --csv: column 'date' removed (not announced)"
    ]


def test_every_announced_break_is_in_the_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert check_cli.unannounced(check_cli.ANNOUNCED, changelog) == []


def _package(root: Path, cli: str) -> Path:
    package = root / "src" / "abraham_accords"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_cli.py").write_text(cli, encoding="utf-8")
    return root / "src"


def test_each_invocation_runs_the_cli_of_the_package_given(tmp_path: Path) -> None:
    src = _package(
        tmp_path,
        "import json, sys\n"
        "def main(argv):\n"
        "    if argv == ['crash']:\n"
        "        raise RuntimeError('boom')\n"
        "    print(json.dumps(argv))\n"
        "    print('ignored', file=sys.stderr)\n"
        "    return len(argv)\n",
    )
    broken = tmp_path / "broken"
    invocations = [
        Invocation("a", ("members", "--json"), "json"),
        Invocation("b", ("validate", check_cli.BROKEN)),
        Invocation("c", ("crash",)),
    ]
    assert check_cli.run_all(src, invocations, broken) == [
        Run(2, '["members", "--json"]\n'),
        Run(2, json.dumps(["validate", str(broken)]) + "\n"),
        Run(1, ""),  # an uncaught exception: Python's exit code
    ]


def test_a_package_that_is_not_there_is_not_run(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"could not be run: .*not the package in"):
        check_cli.run_all(tmp_path / "src", [Invocation("a", ())], tmp_path)


def test_a_commit_missing_from_the_clone_says_why(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"cannot read commit 0{40} .*full history"):
        check_cli.extract("0" * 40, tmp_path)


RELEASE_0_2_0 = ("0.2.0", "e17b7c192d704c0bd35f504c13e27e960a5d20ff")
"""A release whose command line this one breaks (panel's start/end renamed in 0.3.0)."""


@pytest.mark.skipif(
    not _in_git(RELEASE_0_2_0[1]),
    reason="not a git checkout holding the releases (CI's full clone holds them)",
)
@pytest.mark.skipif(
    "MUTANT_UNDER_TEST" in os.environ,
    reason="under mutmut: the CLIs run in subprocesses, which count for no mutant and whose "
    "instrumented copy of the package mutmut does not expect to run there",
)
def test_a_release_runs_and_an_unannounced_break_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The check's own run (as in CI), against 0.2.0's CLI from git, with nothing announced.
    monkeypatch.setattr(check_cli, "LAST_RELEASE", RELEASE_0_2_0)
    monkeypatch.setattr(check_cli, "ANNOUNCED", {})
    assert check_cli.main() == 1
    reported = capsys.readouterr().err.splitlines()
    assert "CLI break since 0.2.0: panel --csv: column 'start' removed (not announced)" in (
        reported
    )
    assert "CLI break since 0.2.0: panel --json: $[]: key 'end' removed (not announced)" in (
        reported
    )
    assert not [line for line in reported if "exit code" in line or "show" in line]
