"""Panels against hand-computed cases."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import abraham_accords as aa
from abraham_accords._cli import main
from abraham_accords._panel import MAX_ROWS, Frequency, check_size
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
def test_yearly_panel_rules(
    rule: aa.Rule, expected: list[tuple[str, str, bool, str | None]]
) -> None:
    assert table(DS.panel("2020-01-01", "2022-12-31", rule=rule)) == expected


def test_stage_threshold_and_monthly_periods() -> None:
    rows = DS.panel("2020-08-01", "2020-10-31", freq="month", stage="signed")
    assert [(r.party, r.period, r.member, r.stage) for r in rows if r.party == "AE"] == [
        ("AE", "2020-08", False, "announced"),
        ("AE", "2020-09", True, "signed"),
        ("AE", "2020-10", True, "signed"),
    ]
    assert rows[0].period_start.isoformat() == "2020-08-01"
    assert rows[0].period_end.isoformat() == "2020-08-31"
    assert [(r.year, r.month) for r in rows if r.party == "AE"] == [
        (2020, 8),
        (2020, 9),
        (2020, 10),
    ]


def test_wide_columns_give_each_stage_under_the_rule() -> None:
    rows = DS.panel(2020, 2022)
    wide = [(r.party, r.year, r.announced, r.signed, r.ratified, r.in_force) for r in rows]
    assert wide == [
        ("AE", 2020, True, True, False, False),
        ("BH", 2020, False, False, False, False),
        ("AE", 2021, True, True, False, False),
        ("BH", 2021, True, False, False, False),
        ("AE", 2022, True, True, False, False),
        ("BH", 2022, True, False, False, False),
    ]
    assert {r.month for r in rows} == {None}


@pytest.mark.parametrize("rule", ["any", "start", "end"])
@pytest.mark.parametrize("freq", ["year", "month"])
def test_each_stage_column_is_the_member_column_of_that_stages_panel(
    rule: aa.Rule, freq: aa.Frequency
) -> None:
    wide = aa.panel(2020, 2026, freq=freq, rule=rule)
    for stage in aa.STAGES:
        long = aa.panel(2020, 2026, freq=freq, rule=rule, stage=stage)
        assert [getattr(r, stage) for r in wide] == [r.member for r in long]


def test_rows_carry_the_codes_to_merge_on() -> None:
    rows = aa.panel(2021, 2021)
    by_party = {p.code: p for p in aa.parties()}
    assert rows
    for row in rows:
        assert (row.iso3, row.ccode) == (by_party[row.party].alpha3, by_party[row.party].ccode)
    assert {(r.party, r.iso3, r.ccode) for r in rows} >= {("AE", "ARE", 696), ("MA", "MAR", 600)}


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (2020, 2022, ("2020-01-01", "2022-12-31")),
        ("2020", "2022", ("2020-01-01", "2022-12-31")),
        ("2021-02", "2021-03", ("2021-02-01", "2021-03-31")),
        ("2021-02-10", "2021-03", ("2021-02-10", "2021-03-31")),
    ],
)
def test_years_and_months_stand_for_all_their_days(
    start: aa.Bound, end: aa.Bound, days: tuple[str, str]
) -> None:
    frequencies: tuple[aa.Frequency, ...] = ("year", "month", "day")
    for freq in frequencies:
        assert DS.panel(start, end, freq=freq) == DS.panel(*days, freq=freq)


def test_candidates_on_request_never_members() -> None:
    parties = {p.code for p in aa.parties(role="party")}
    candidates = {p.code for p in aa.parties(role="candidate")}
    assert candidates
    rows = aa.panel(2025, 2025, candidates=True)
    assert {r.party for r in rows} == parties | candidates
    assert {r.party for r in aa.panel(2025, 2025)} == parties
    for row in rows:
        if row.party in candidates:
            assert not row.member
            assert (row.stage, row.announced, row.in_force) == (None, False, False)
    with pytest.raises(aa.ArgumentTypeError, match="candidates must be True or False"):
        aa.panel(2025, 2025, candidates="yes")  # type: ignore[arg-type]  # wrong on purpose


def test_month_precision_counts_from_the_end_of_the_month_in_daily_panels() -> None:
    rows = [r for r in DS.panel("2021-03-30", "2021-04-01", freq="day") if r.party == "BH"]
    assert [(r.period, r.member) for r in rows] == [
        ("2021-03-30", False),
        ("2021-03-31", True),
        ("2021-04-01", True),
    ]


def test_a_withdrawal_on_a_periods_first_day_leaves_no_day_of_it_held() -> None:
    ds = build(
        [
            event("BH", "announced", "2021-03-01", "month"),
            event("BH", "withdrawn", "2022-01-01"),
        ]
    )
    rows = ds.panel("2021-12", "2022-01", freq="month")  # rule "any"
    assert [(r.period, r.member, r.stage) for r in rows] == [
        ("2021-12", True, "announced"),
        ("2022-01", False, None),
    ]
    assert [r.member for r in ds.panel(2021, 2022)] == [True, False]


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
        (
            {"freq": "week"},
            aa.InvalidArgumentError,
            "^unknown frequency 'week'; valid frequencies are year, month, day$",
        ),
        ({"freq": 1}, aa.ArgumentTypeError, "^freq must be a string, one of year, month, day; "),
        ({"rule": "middle"}, aa.InvalidArgumentError, "^unknown rule 'middle'; valid rules are "),
        ({"rule": 1}, aa.ArgumentTypeError, "rule must be a string"),
        ({"stage": "joined"}, aa.InvalidArgumentError, "valid stages"),
        ({"start": "2020-13"}, aa.InvalidDateError, "start is not a valid year or month"),
        ({"end": True}, aa.ArgumentTypeError, "end must be a date"),
        ({"end": 10_000}, aa.InvalidDateError, "end is not a year: 10000"),
    ],
)
def test_panel_errors(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        aa.panel(**{"start": "2020-01-01", "end": "2021-01-01", **kwargs})  # type: ignore[arg-type]


def test_panel_dates_are_checked() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="after end"):
        aa.panel("2022-01-01", "2021-01-01")
    with pytest.raises(aa.InvalidDateError, match="start"):
        aa.panel("soon", "2021-01-01")


@pytest.mark.parametrize(
    ("first", "last", "freq", "periods"),
    [
        ("2000-01-01", "2000-01-01", "day", 1),
        ("1999-12-31", "2001-03-01", "day", 427),
        ("2000-05-31", "2000-05-31", "month", 1),
        ("1999-12-31", "2001-03-01", "month", 16),
        ("2000-12-31", "2000-12-31", "year", 1),
        ("1999-12-31", "2001-01-01", "year", 3),
    ],
)
def test_the_size_limit_counts_every_period_the_dates_touch(
    first: str, last: str, freq: Frequency, periods: int
) -> None:
    dates = (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    # As many rows as the limit allows: built; one row a period more: refused.
    check_size("table", *dates, freq, per_period=MAX_ROWS // periods)
    over = MAX_ROWS // periods + 1
    with pytest.raises(aa.InvalidArgumentError) as refused:
        check_size("table", *dates, freq, per_period=over)
    assert str(refused.value) == (
        f"table would have {periods * over:,} rows (more than 1,000,000); "
        "narrow the dates or use a coarser freq"
    )


def test_a_table_of_exactly_the_limit_is_built() -> None:
    day = dt.date(2000, 1, 1)
    check_size("table", day, day, "day", per_period=MAX_ROWS)
    with pytest.raises(aa.InvalidArgumentError, match="would have 1,000,001 rows"):
        check_size("table", day, day, "day", per_period=MAX_ROWS + 1)


@pytest.mark.usefixtures("nothing_built")
def test_an_oversized_panel_is_refused_before_anything_is_built(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A row per party and day fits the limit; with the candidates' rows it does not.
    parties = len(aa.parties(role="party"))
    candidates = len(aa.parties(role="candidate"))
    days = MAX_ROWS // parties
    end = dt.date(1000, 1, 1) + dt.timedelta(days=days - 1)
    size = (parties + candidates) * days
    with pytest.raises(aa.InvalidArgumentError, match=f"panel would have {size:,} rows"):
        aa.panel("1000-01-01", end, freq="day", candidates=True)
    argv = ["panel", "--start", "0001", "--end", "9999", "--freq", "day", "--candidates"]
    assert main(argv) == 1
    assert capsys.readouterr().err.startswith("abraham-accords: error: panel would have ")


def test_cli_panel(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["panel", "--start", "2020", "--end", "2020", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # 0.2.0's columns first, in its order (start/end renamed), then the rest: as PanelRow has them
    assert lines[0] == ",".join(aa.PanelRow.model_fields)
    assert lines[0].startswith("party,period,period_start,period_end,member,stage,iso3,ccode,")
    assert "IL,2020,2020-01-01,2020-12-31,1,signed,ISR,666,2020," not in lines
    assert "IL,2020,2020-01-01,2020-12-31,1,ratified,ISR,666,2020,,1,1,1,0,0" in lines
    assert main(["panel", "--start", "2020", "--end", "2020", "--candidates", "--csv"]) == 0
    assert "SA,2020,2020-01-01,2020-12-31,0,,SAU,670,2020,,0,0,0,0,0" in (
        capsys.readouterr().out.splitlines()
    )


def with_cutoff(ds: aa.Dataset, day: str) -> aa.Dataset:
    """*ds* checked only up to *day*."""
    cutoff = dt.date.fromisoformat(day)
    return ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": cutoff}))


@pytest.mark.parametrize("rule", ["any", "start", "end"])
@pytest.mark.parametrize(
    ("freq", "start", "end", "expected"),
    [
        # A period that straddles the cut-off is flagged, as is one wholly after it.
        ("year", "2021", "2023", [("2021", False), ("2022", True), ("2023", True)]),
        # A period that ends on the cut-off was checked to its last day.
        (
            "month",
            "2022-05",
            "2022-07",
            [("2022-05", False), ("2022-06", False), ("2022-07", True)],
        ),
        (
            "day",
            "2022-06-29",
            "2022-07-01",
            [("2022-06-29", False), ("2022-06-30", False), ("2022-07-01", True)],
        ),
    ],
)
def test_rows_whose_period_ends_after_the_cutoff_are_flagged_under_every_rule(
    rule: aa.Rule, freq: aa.Frequency, start: str, end: str, expected: list[tuple[str, bool]]
) -> None:
    ds = with_cutoff(DS, "2022-06-30")
    rows = [r for r in ds.panel(start, end, freq=freq, rule=rule) if r.party == "AE"]
    assert [(r.period, r.after_cutoff) for r in rows] == expected


def test_the_cutoff_changes_only_the_flag() -> None:
    early = with_cutoff(DS, "2022-06-30").panel(2020, 2023, freq="month")
    late = DS.panel(2020, 2023, freq="month")  # checked to 2030
    assert not any(r.after_cutoff for r in late)
    assert [r.model_dump(exclude={"after_cutoff"}) for r in early] == [
        r.model_dump(exclude={"after_cutoff"}) for r in late
    ]


def test_cli_panel_marks_and_notes_the_periods_after_the_cutoff(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cutoff = aa.dataset().cutoff
    assert cutoff.month < 12  # so that the cut-off's year straddles it
    years = ["--start", str(cutoff.year - 1), "--end", str(cutoff.year + 1)]
    assert main(["panel", *years, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    flagged = {row["year"]: row["after_cutoff"] for row in rows}
    assert flagged == {cutoff.year - 1: False, cutoff.year: True, cutoff.year + 1: True}
    assert main(["panel", *years]) == 0
    assert capsys.readouterr().err == (
        f"note: some periods end after the data's cut-off {cutoff} "
        "(column after_cutoff of --json and --csv)\n"
    )
    assert main(["panel", "--start", str(cutoff.year - 1), "--end", str(cutoff.year - 1)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("old", ["start", "end"])
def test_the_names_deprecated_in_0_3_0_are_gone_in_0_4_0(old: str) -> None:
    row = aa.panel(2021, 2021)[0]
    with pytest.raises(AttributeError):
        getattr(row, old)
