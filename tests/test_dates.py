from __future__ import annotations

import datetime as dt

import pytest

from abraham_accords import ArgumentTypeError, InvalidDateError, _dates
from abraham_accords._dates import period_end, to_bound, to_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-08-13", dt.date(2020, 8, 13)),
        (" 2020-08-13 ", dt.date(2020, 8, 13)),
        (dt.date(2021, 1, 6), dt.date(2021, 1, 6)),
        (dt.datetime(2020, 9, 15, 23, 59), dt.date(2020, 9, 15)),
        (dt.datetime(2020, 9, 15, 23, 59, tzinfo=dt.timezone.utc), dt.date(2020, 9, 15)),
    ],
)
def test_to_date_accepts(value: object, expected: dt.date) -> None:
    assert to_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2020-8-13",
        "20200813",
        "2020-08-13T00:00",
        "2020-02-30",
        "2020-13-01",
        "yesterday",
        "２０２０-01-01",
    ],
)
def test_to_date_rejects_bad_strings(value: str) -> None:
    with pytest.raises(InvalidDateError, match="when"):
        to_date(value, argument="when")


@pytest.mark.parametrize("value", [None, 20200813, 2020.0, b"2020-08-13", ["2020-08-13"], True])
def test_to_date_rejects_other_types(value: object) -> None:
    with pytest.raises(ArgumentTypeError, match="as_of must be a date"):
        to_date(value, argument="as_of")


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (dt.date(2020, 2, 1), "month", dt.date(2020, 2, 29)),
        (dt.date(2021, 2, 1), "month", dt.date(2021, 2, 28)),
        (dt.date(2021, 12, 1), "month", dt.date(2021, 12, 31)),
        (dt.date(2021, 1, 1), "year", dt.date(2021, 12, 31)),
        (dt.date(2021, 3, 17), "day", dt.date(2021, 3, 17)),
    ],
)
def test_period_end(day: dt.date, precision: str, expected: dt.date) -> None:
    assert period_end(day, precision) == expected  # type: ignore[arg-type]  # literal from table


def test_pandas_timestamps_are_dates_and_nat_is_an_error() -> None:
    pd = pytest.importorskip("pandas")
    assert to_date(pd.Timestamp("2021-01-06 13:00")) == dt.date(2021, 1, 6)
    assert type(to_date(pd.Timestamp("2021-01-06"))) is dt.date
    with pytest.raises(InvalidDateError, match="not a calendar date: 'NaT'"):
        to_date(pd.NaT)


def test_only_ascii_whitespace_is_trimmed() -> None:
    assert to_date("\t2021-01-06\n") == dt.date(2021, 1, 6)
    for odd in ("\u00a02021-01-06", "2021-01-06\u3000", "\u20282021-01-06"):
        with pytest.raises(InvalidDateError, match="must be an ISO date"):
            to_date(odd)


def test_messages_name_the_argument_and_quote_the_value() -> None:
    with pytest.raises(InvalidDateError, match=r"^date must be an ISO date 'YYYY-MM-DD', got 'x'$"):
        to_date("x")
    with pytest.raises(InvalidDateError, match=r"^start is not a valid calendar date: '2021-02-30"):
        to_date("2021-02-30", argument="start")
    with pytest.raises(
        ArgumentTypeError,
        match=r"^end must be a date, a datetime or an ISO 'YYYY-MM-DD' string, not int$",
    ):
        to_date(20210101, argument="end")


def test_read_date_strings_are_remembered_within_a_bound() -> None:
    first = dt.date(1900, 1, 1)
    for offset in range(_dates._PARSED_SIZE + 10):
        day = first + dt.timedelta(days=offset)
        assert to_date(day.isoformat()) == day
        assert len(_dates._PARSED) <= _dates._PARSED_SIZE


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        (2020, dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        (1, dt.date(1, 1, 1), dt.date(1, 12, 31)),
        (9999, dt.date(9999, 1, 1), dt.date(9999, 12, 31)),
        ("0001", dt.date(1, 1, 1), dt.date(1, 12, 31)),
        (" 2024-02\t", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-12", dt.date(2023, 12, 1), dt.date(2023, 12, 31)),
        ("2021-03-15", dt.date(2021, 3, 15), dt.date(2021, 3, 15)),
        (dt.date(2021, 3, 15), dt.date(2021, 3, 15), dt.date(2021, 3, 15)),
    ],
)
def test_a_year_or_a_month_stands_for_its_first_or_last_day(
    value: object, first: dt.date, last: dt.date
) -> None:
    assert to_bound(value, argument="start", last=False) == first
    assert to_bound(value, argument="end", last=True) == last


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, InvalidDateError, "start is not a year: 0"),
        (10_000, InvalidDateError, "start is not a year: 10000"),
        ("0000", InvalidDateError, "start is not a valid year or month: '0000'"),
        ("2021-00", InvalidDateError, "start is not a valid year or month: '2021-00'"),
        ("2021-13", InvalidDateError, "start is not a valid year or month: '2021-13'"),
        ("\u00a02021", InvalidDateError, "start must be an ISO date 'YYYY-MM-DD', got '\\xa02021'"),
        (True, ArgumentTypeError, "start must be a date"),
        (2021.0, ArgumentTypeError, "start must be a date"),
    ],
)
def test_bounds_that_are_no_year_month_or_day_are_refused(
    value: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        to_bound(value, argument="start", last=False)
    assert str(raised.value).startswith(message)
