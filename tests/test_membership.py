"""Table-driven tests of the membership semantics, on small synthetic datasets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from abraham_accords import ArgumentTypeError, Dataset, InvalidArgumentError, Party
from abraham_accords._membership import STAGES, MembershipTable, Span, Stage, to_stage
from factories import event

Make = Callable[..., Dataset]


def codes(ds: Dataset, day: str, stage: Stage = "announced") -> list[str]:
    return [p.code for p in ds.members_as_of(day, stage=stage)]


@pytest.mark.parametrize(
    ("day", "stage", "expected"),
    [
        ("2020-08-12", "announced", []),
        ("2020-08-13", "announced", ["AE"]),
        ("2020-09-14", "signed", []),
        ("2020-09-15", "signed", ["AE"]),
        ("2020-10-18", "ratified", []),
        ("2020-10-19", "ratified", ["AE"]),
        ("2030-01-01", "ratified", ["AE"]),
    ],
)
def test_each_stage_starts_on_its_day(
    make_dataset: Make, day: str, stage: Stage, expected: list[str]
) -> None:
    ds = make_dataset(
        [
            event("AE", "announced", "2020-08-13"),
            event("AE", "signed", "2020-09-15", instrument="x"),
            event("AE", "ratified", "2020-10-19"),
        ]
    )
    assert codes(ds, day, stage) == expected


def test_a_later_stage_implies_the_earlier_ones(make_dataset: Make) -> None:
    ds = make_dataset([event("BH", "signed", "2020-09-15", instrument="x")])
    assert codes(ds, "2020-09-15", "announced") == ["BH"]
    assert codes(ds, "2020-09-14", "announced") == []
    assert ds.join_date("BH") == dt.date(2020, 9, 15)
    assert ds.join_date("BH", stage="ratified") is None


def test_entry_into_force_implies_ratified(make_dataset: Make) -> None:
    ds = make_dataset([event("AE", "entered_into_force", "2021-01-05")])
    assert codes(ds, "2021-01-05", "ratified") == ["AE"]
    assert codes(ds, "2021-01-04", "announced") == []


@pytest.mark.parametrize(
    ("precision", "date", "last_outside", "first_inside"),
    [
        ("month", "2021-02-01", "2021-02-27", "2021-02-28"),
        ("month", "2020-02-01", "2020-02-28", "2020-02-29"),
        ("year", "2021-01-01", "2021-12-30", "2021-12-31"),
        ("day", "2021-02-01", "2021-01-31", "2021-02-01"),
    ],
)
def test_imprecise_dates_count_from_the_end_of_their_period(
    make_dataset: Make, precision: str, date: str, last_outside: str, first_inside: str
) -> None:
    ds = make_dataset([event("MA", "announced", date, precision)])
    assert codes(ds, last_outside) == []
    assert codes(ds, first_inside) == ["MA"]
    assert ds.join_date("MA") == dt.date.fromisoformat(first_inside)


def test_withdrawal_ends_membership_and_rejoining_restarts_it(make_dataset: Make) -> None:
    ds = make_dataset(
        [
            event("BH", "announced", "2020-09-11"),
            event("BH", "signed", "2020-09-15", instrument="x"),
            event("BH", "withdrawn", "2023-11-02"),
            event("BH", "announced", "2024-05-01"),
        ]
    )
    assert codes(ds, "2023-11-01", "signed") == ["BH"]
    assert codes(ds, "2023-11-02") == []
    assert codes(ds, "2024-04-30") == []
    assert codes(ds, "2024-05-01") == ["BH"]
    assert codes(ds, "2024-05-01", "signed") == []
    assert ds.join_date("BH") == dt.date(2020, 9, 11)
    assert ds.is_member("BH", "2022-01-01", stage="signed")
    assert not ds.is_member("BH", "2023-12-01")


@pytest.mark.parametrize("kind", ["suspended", "envoy_recalled", "mission_closed", "statement"])
def test_a_freeze_does_not_end_membership(make_dataset: Make, kind: str) -> None:
    ds = make_dataset([event("BH", "announced", "2020-09-11"), event("BH", kind, "2023-11-02")])
    assert codes(ds, "2024-01-01") == ["BH"]


def test_same_day_withdrawal_leaves_no_membership(make_dataset: Make) -> None:
    ds = make_dataset(
        [event("MA", "announced", "2021-01-01"), event("MA", "withdrawn", "2021-01-01")]
    )
    assert codes(ds, "2021-01-01") == []
    assert ds.join_date("MA") is None


def test_order_is_by_day_reached_then_code(make_dataset: Make) -> None:
    ds = make_dataset(
        [
            event("MA", "announced", "2020-12-10"),
            event("BH", "announced", "2020-09-11"),
            event("AE", "announced", "2020-09-11"),
        ]
    )
    assert codes(ds, "2021-01-01") == ["AE", "BH", "MA"]


def test_only_role_party_counts(make_dataset: Make) -> None:
    ds = make_dataset(
        [event("AE", "announced", "2020-08-13"), event("SA", "statement", "2020-08-14")]
    )
    assert codes(ds, "2021-01-01") == ["AE"]
    assert not ds.is_member("US", "2021-01-01")
    assert not ds.is_member("SA", "2021-01-01")
    assert ds.join_date("SA") is None


@pytest.mark.parametrize("stage", ["", "Announced", "joined", "signed "])
def test_unknown_stage_is_rejected(make_dataset: Make, stage: str) -> None:
    ds = make_dataset([event("AE", "announced", "2020-08-13")])
    with pytest.raises(InvalidArgumentError, match="valid stages are announced, signed, ratified"):
        ds.members_as_of("2021-01-01", stage=stage)  # type: ignore[arg-type]  # wrong on purpose


@pytest.mark.parametrize("stage", [None, 1, b"signed"])
def test_stage_of_wrong_type_is_rejected(make_dataset: Make, stage: object) -> None:
    ds = make_dataset([event("AE", "announced", "2020-08-13")])
    with pytest.raises(ArgumentTypeError, match="stage must be a string"):
        ds.members_as_of("2021-01-01", stage=stage)  # type: ignore[arg-type]  # wrong on purpose


def test_a_span_answers_for_datetimes_too() -> None:
    span = Span(dt.date(2020, 9, 15), dt.date(2021, 1, 1))
    assert dt.datetime(2020, 9, 15, 23, 59) in span
    assert dt.datetime(2021, 1, 1, 0, 0) not in span
    assert "2020-10-01" not in span


def test_a_same_day_withdrawal_and_reaccession_follow_their_sequence(make_dataset: Make) -> None:
    ds = make_dataset(
        [
            event("MA", "announced", "2021-01-01"),
            event("MA", "withdrawn", "2022-06-01", sequence=1),
            event("MA", "announced", "2022-06-01", sequence=2, id="ma-2022-06-01-rejoined"),
        ]
    )
    assert codes(ds, "2022-06-01") == ["MA"]
    assert codes(ds, "2023-01-01") == ["MA"]
    spans = ds.stage_spans("MA")["announced"]
    assert [(str(s.start), str(s.end)) for s in spans] == [
        ("2021-01-01", "2022-06-01"),
        ("2022-06-01", "None"),
    ]
    reversed_order = make_dataset(
        [
            event("MA", "announced", "2021-01-01"),
            event("MA", "withdrawn", "2022-06-01", sequence=2),
            event("MA", "announced", "2022-06-01", sequence=1, id="ma-2022-06-01-rejoined"),
        ]
    )
    assert codes(reversed_order, "2022-06-01") == []


def test_events_without_a_sequence_come_first_on_their_day(make_dataset: Make) -> None:
    ds = make_dataset(
        [
            event("MA", "announced", "2021-01-01"),
            event("MA", "withdrawn", "2022-06-01"),
            event("MA", "announced", "2022-06-01", sequence=1, id="ma-2022-06-01-back"),
        ]
    )
    assert codes(ds, "2022-06-01") == ["MA"]


def test_a_same_day_withdrawal_counts_after_the_stage_event_whatever_the_ids(
    make_dataset: Make,
) -> None:
    ds = make_dataset(
        [
            event("MA", "announced", "2021-01-01", id="ma-2021-01-01-z-announced"),
            event("MA", "withdrawn", "2021-01-01", id="ma-2021-01-01-a-withdrawn"),
        ]
    )
    assert codes(ds, "2021-01-01") == []


def test_a_party_without_events_holds_nothing() -> None:
    party = Party(code="MA", name="Morocco", alpha3="MAR", numeric="504", role="party")
    table = MembershipTable([party], {})
    assert table.spans("MA") == dict.fromkeys(STAGES, ())
    assert table.members(dt.date(2021, 1, 1), "announced") == ()


def test_answers_change_only_on_span_edges_and_match_every_day(make_dataset: Make) -> None:
    ds = make_dataset(
        [
            event("MA", "announced", "2020-12-10"),
            event("MA", "withdrawn", "2021-03-01", precision="month"),
            event("MA", "announced", "2021-06-15", id="ma-2021-06-15-back-announced"),
            event("BH", "announced", "2020-10-23", id="bh-2020-10-23-late-announced"),
            event("BH", "withdrawn", "2021-06-15"),
        ]
    )
    table = ds._membership
    day = dt.date(2020, 10, 1)
    while day <= dt.date(2021, 8, 1):
        expected = sorted(
            (span.start, code)
            for code in ("AE", "BH", "MA")
            if (span := table.holding(code, day, "announced")) is not None
        )
        assert [p.code for p in table.members(day, "announced")] == [c for _, c in expected], day
        day += dt.timedelta(days=1)
    days, answers = table._timelines["announced"]
    assert len(answers) == len(days) + 1
    assert dt.date(2021, 3, 31) in days  # a month-precision withdrawal ends on its last day
    same = table.members(dt.date(2021, 4, 1), "announced")
    assert table.members(dt.date(2021, 5, 1), "announced") is same  # computed once


def test_an_unknown_stage_names_the_valid_ones() -> None:
    with pytest.raises(
        InvalidArgumentError,
        match=(
            r"^unknown stage 'joined' \(did you mean 'signed'\?\); "
            r"valid stages are announced, signed, ratified, in_force$"
        ),
    ):
        to_stage("joined")
