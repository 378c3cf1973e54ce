"""Turning caller input into dates, and the end of a date's period of precision."""

from __future__ import annotations

__all__ = ["Bound", "DateLike", "Precision", "period_end", "to_bound", "to_date"]

import calendar
import datetime as dt
import re
from typing import Final, Literal

from ._errors import ArgumentTypeError, InvalidDateError, preview

Precision = Literal["day", "month", "year"]
"""How precisely an event's date is known."""

DateLike = dt.date | str
"""A day as the queries take it: a ``datetime.date``, a ``datetime.datetime`` (its date)
or an ISO ``YYYY-MM-DD`` string."""

Bound = dt.date | str | int
"""A bound of a panel or dyad table: a day (see :data:`DateLike`), a year (``2020`` or
``"2020"``) or a month (``"2020-03"``)."""

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ASCII_SPACE: Final = " \t\n\r\v\f"
"""Trimmed around a date string; any other character (a non-breaking space) is refused."""


def to_date(value: object, *, argument: str = "date") -> dt.date:
    """Return *value* as a :class:`datetime.date`.

    Args:
        value: a ``date``, a ``datetime`` (its own calendar date is used, whatever its
            time zone) or an ISO 8601 ``YYYY-MM-DD`` string.
        argument: the caller's argument name, used in error messages.

    Returns:
        The calendar date.

    Raises:
        InvalidDateError: *value* is a string that is not a valid ``YYYY-MM-DD`` date.
        ArgumentTypeError: *value* is of any other type.

    Examples:
        >>> to_date("2021-01-06")
        datetime.date(2021, 1, 6)
        >>> to_date(dt.datetime(2020, 9, 15, 13, 34))
        datetime.date(2020, 9, 15)
    """
    if type(value) is dt.date:  # the common case: nothing to check or convert
        return value
    if isinstance(value, str):
        found = _PARSED.get(value)
        if found is not None:
            return found
        day = _parse(value, argument)
        if len(_PARSED) >= _PARSED_SIZE:
            _PARSED.clear()
        _PARSED[value] = day
        return day
    if isinstance(value, dt.date):
        try:  # a subclass (pandas' Timestamp or NaT) may refuse, or hold no real date
            return dt.date(value.year, value.month, value.day)
        except (TypeError, ValueError, AttributeError, OverflowError):
            msg = f"{argument} is not a calendar date: {preview(repr(value))}"
            raise InvalidDateError(msg) from None
    msg = (
        f"{argument} must be a date, a datetime or an ISO 'YYYY-MM-DD' string, "
        f"not {type(value).__name__}"
    )
    raise ArgumentTypeError(msg)


_YEAR_OR_MONTH: Final = re.compile(r"(\d{4})(?:-(\d{2}))?", re.ASCII)


def to_bound(value: object, *, argument: str, last: bool) -> dt.date:
    """Return the first (or, with *last*, the last) day that *value* stands for.

    A year (``2020`` or ``"2020"``) or a month (``"2020-03"``) stands for all its days,
    as a panel's ``start`` or ``end``; anything else is read by :func:`to_date`.

    Raises:
        InvalidDateError: a string that is no year, month or ISO date.
        ArgumentTypeError: any other type (a bool is not a year).

    Examples:
        >>> to_bound(2020, argument="start", last=False)
        datetime.date(2020, 1, 1)
        >>> to_bound("2021-02", argument="end", last=True)
        datetime.date(2021, 2, 28)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if not dt.MINYEAR <= value <= dt.MAXYEAR:
            msg = f"{argument} is not a year: {value}"
            raise InvalidDateError(msg)
        return dt.date(value, 12, 31) if last else dt.date(value, 1, 1)
    if isinstance(value, str):
        found = _YEAR_OR_MONTH.fullmatch(value.strip(_ASCII_SPACE))
        if found is not None:
            year, month = int(found[1]), int(found[2] or (12 if last else 1))
            if not (year >= dt.MINYEAR and 1 <= month <= 12):  # noqa: PLR2004  (months)
                msg = f"{argument} is not a valid year or month: {preview(value)}"
                raise InvalidDateError(msg)
            return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    return to_date(value, argument=argument)


_PARSED: Final[dict[str, dt.date]] = {}
"""Date strings already read, with their date (a bounded cache: cleared when full)."""
_PARSED_SIZE: Final = 4096


def _parse(value: str, argument: str) -> dt.date:
    """Read an ISO ``YYYY-MM-DD`` string, trimmed of ASCII white space."""
    text = value.strip(_ASCII_SPACE)
    if not _ISO_DATE.fullmatch(text):
        msg = f"{argument} must be an ISO date 'YYYY-MM-DD', got {preview(value)}"
        raise InvalidDateError(msg)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        msg = f"{argument} is not a valid calendar date: {preview(value)} ({exc})"
        raise InvalidDateError(msg) from None


def period_end(day: dt.date, precision: Precision) -> dt.date:
    """Return the last day of the period that *day* stands for at *precision*.

    An event known only to the month has certainly happened by the month's last day,
    so as-of queries count it from then.

    Examples:
        >>> period_end(dt.date(2021, 2, 1), "month")
        datetime.date(2021, 2, 28)
        >>> period_end(dt.date(1992, 1, 1), "year")
        datetime.date(1992, 12, 31)
        >>> period_end(dt.date(2020, 8, 13), "day")
        datetime.date(2020, 8, 13)
    """
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day
