"""Panels against hand-computed cases."""

from __future__ import annotations

import pytest

import abraham_accords as aa
from abraham_accords._cli import main
from factories import build, event

# AE announced 2020-08-13, signed 2020-09-15; BH announced in March 2021 (month precision),
# withdrawn 2022-06-10. Computed by hand below.
DS = build(
    [
        event("AE", "announced", "2020-08-13"),
        event("AE", "signed", "2020-09-15", instrument="x"),
        event("BH", "announced", "2021-03-01", "month"),
        event("BH", "withdrawn", "2022-06-10"),
    ]
)


def table(rows: tuple[aa.PanelRow, ...]) -> list[tuple[str, str, bool, str | None]]:
    return [(r.party, r.period, r.member, r.stage) for r in rows]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "any",
            [
                ("AE", "2020", True, "signed"),
                ("BH", "2020", False, None),
                ("AE", "2021", True, "signed"),
                ("BH", "2021", True, "announced"),
                ("AE", "2022", True, "signed"),
                ("BH", "2022", True, "announced"),
            ],
        ),
        (
            "start",
            [
                ("AE", "2020", False, None),
                ("BH", "2020", False, None),
                ("AE", "2021", True, "signed"),
                ("BH", "2021", False, None),
                ("AE", "2022", True, "signed"),
                ("BH", "2022", True, "announced"),
            ],
        ),
        (
            "end",
            [
                ("AE", "2020", True, "signed"),
                ("BH", "2020", False, None),
                ("AE", "2021", True, "signed"),
                ("BH", "2021", True, "announced"),
                ("AE", "2022", True, "signed"),
                ("BH", "2022", False, None),
            ],
        ),
    ],
)
def test_yearly_panel_rules(rule: str, expected: list[tuple[str, str, bool, str | None]]) -> None:
    assert table(DS.panel("2020-01-01", "2022-12-31", rule=rule)) == expected


def test_stage_threshold_and_monthly_periods() -> None:
    rows = DS.panel("2020-08-01", "2020-10-31", freq="month", stage="signed")
    assert [(r.party, r.period, r.member, r.stage) for r in rows if r.party == "AE"] == [
        ("AE", "2020-08", False, "announced"),
        ("AE", "2020-09", True, "signed"),
        ("AE", "2020-10", True, "signed"),
    ]
    assert rows[0].start.isoformat() == "2020-08-01"
    assert rows[0].end.isoformat() == "2020-08-31"


def test_month_precision_counts_from_the_end_of_the_month_in_daily_panels() -> None:
    rows = [r for r in DS.panel("2021-03-30", "2021-04-01", freq="day") if r.party == "BH"]
    assert [(r.period, r.member) for r in rows] == [
        ("2021-03-30", False),
        ("2021-03-31", True),
        ("2021-04-01", True),
    ]


def test_december_rolls_over_to_january() -> None:
    rows = DS.panel("2020-12-15", "2021-01-15", freq="month")
    assert sorted({r.period for r in rows}) == ["2020-12", "2021-01"]


def test_bundled_panel_includes_every_party_each_period() -> None:
    rows = aa.panel("2020-01-01", "2025-12-31")
    parties = {p.code for p in aa.parties(role="party")}
    for year in range(2020, 2026):
        assert {r.party for r in rows if r.period == str(year)} == parties
    kazakhstan = {r.period: r.member for r in rows if r.party == "KZ"}
    assert kazakhstan["2024"] is False
    assert kazakhstan["2025"] is True


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"freq": "week"}, aa.InvalidArgumentError, "valid frequencies are year, month, day"),
        ({"rule": "middle"}, aa.InvalidArgumentError, "valid rules are any, start, end"),
        ({"rule": 1}, aa.ArgumentTypeError, "rule must be a string"),
        ({"stage": "joined"}, aa.InvalidArgumentError, "valid stages"),
    ],
)
def test_panel_errors(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        aa.panel("2020-01-01", "2021-01-01", **kwargs)  # type: ignore[arg-type]  # wrong on purpose


def test_panel_dates_are_checked() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="after end"):
        aa.panel("2022-01-01", "2021-01-01")
    with pytest.raises(aa.InvalidDateError, match="start"):
        aa.panel("soon", "2021-01-01")


def test_cli_panel(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", "--start", "2020-01-01", "--end", "2020-12-31", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "party,period,start,end,member,stage"
    assert "IL,2020,2020-01-01,2020-12-31,true,signed" not in lines
    assert "IL,2020,2020-01-01,2020-12-31,true,ratified" in lines
