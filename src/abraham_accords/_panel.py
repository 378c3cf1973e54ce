"""Member-period panels, as political scientists build country-year data."""

from __future__ import annotations

__all__ = [
    "FREQUENCIES",
    "MAX_ROWS",
    "RULES",
    "PanelRow",
    "check_size",
    "panel",
    "period_range",
    "periods",
]

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Final, Literal, get_args

from pydantic import Field

from ._args import choice
from ._dates import to_bound
from ._errors import InvalidArgumentError
from ._membership import STAGES, Span, Stage, to_stage
from ._models import Party, _Record

Frequency = Literal["year", "month", "day"]
"""The length of a panel's or dyad table's periods."""

Rule = Literal["any", "start", "end"]
"""How a panel counts a party that reaches the stage within a period: on ``any`` day of it,
from its ``start``, or by its ``end``."""
FREQUENCIES: Final[tuple[Frequency, ...]] = get_args(Frequency)
MAX_ROWS: Final = 1_000_000
"""The largest panel or dyad table built; a larger request is refused before any row is
built, rather than exhausting memory."""
RULES: Final[tuple[Rule, ...]] = get_args(Rule)


class PanelRow(_Record):
    """One party in one period: whether it counts as a member, and the stages it held.

    The column names are valid, unreserved variable names in Stata, R and SQL, so a
    panel merges on (``iso3`` or ``ccode``, ``year``) without renaming. The first six
    fields are 0.2.0's, in its order (``start``/``end`` renamed ``period_start``/
    ``period_end`` in 0.3.0; the old names were removed in 0.4.0); later ones follow them,
    in every form of a panel (rows, frames, CSV and JSON).

    ``after_cutoff`` is true when ``period_end`` is after the dataset's cut-off (the last
    day its record was checked), whatever the rule: the period holds days nobody checked,
    wholly (it starts after the cut-off) or in part (it straddles it).
    """

    party: str = Field(description="Code of the party (ISO 3166-1 alpha-2 where it has one).")
    period: str = Field(description="The period's label: `2021`, `2021-03` or `2021-03-15`.")
    period_start: dt.date = Field(description="First day of the period.")
    period_end: dt.date = Field(description="Last day of the period.")
    member: bool = Field(
        description="Whether the party had reached the panel's stage, under the panel's rule."
    )
    stage: Stage | None = Field(
        description="The highest stage reached under the same rule, or null."
    )
    iso3: str | None = Field(description="ISO 3166-1 alpha-3 code, or null (e.g. Somaliland).")
    ccode: int | None = Field(
        description="Correlates of War state number, or null for an entity without one."
    )
    year: int = Field(description="The period's year.")
    month: int | None = Field(description="The period's month (1-12); null in a yearly panel.")
    announced: bool = Field(description="Whether it held the stage announced, under the rule.")
    signed: bool = Field(description="Whether it held the stage signed, under the rule.")
    ratified: bool = Field(description="Whether it held the stage ratified, under the rule.")
    in_force: bool = Field(description="Whether it held the stage in force, under the rule.")
    after_cutoff: bool = Field(
        description=(
            "Whether the period ends after the data's cut-off: its last days were not "
            "checked, so a stage reached in them may be missing."
        )
    )


def period_range(start: object, end: object, freq: object) -> tuple[dt.date, dt.date, Frequency]:
    """Read the *start*, *end* and *freq* of a panel or a dyad table, and check them.

    *start* and *end* may be a year or a month (see ``to_bound``); *start* may not come
    after *end*.
    """
    first = to_bound(start, argument="start", last=False)
    last = to_bound(end, argument="end", last=True)
    if first > last:
        msg = f"start {first} is after end {last}"
        raise InvalidArgumentError(msg)
    frequency = choice(freq, FREQUENCIES, argument="freq", what="frequency", plural="frequencies")
    return first, last, frequency


def check_size(
    table: str, first: dt.date, last: dt.date, freq: Frequency, *, per_period: int
) -> None:
    """Refuse a *table* of *per_period* rows in each period from *first* to *last*.

    Counts the rows from the number of periods alone, so a request too large is refused
    before anything is built.

    Raises:
        InvalidArgumentError: the table would have more than ``MAX_ROWS`` rows.
    """
    size = _count(first, last, freq) * per_period
    if size > MAX_ROWS:
        msg = (
            f"{table} would have {size:,} rows (more than {MAX_ROWS:,}); "
            "narrow the dates or use a coarser freq"
        )
        raise InvalidArgumentError(msg)


def periods(
    first: dt.date, last: dt.date, freq: Frequency
) -> Iterator[tuple[str, dt.date, dt.date]]:
    """Yield (label, first day, last day) of every whole period that *first*..*last* touches."""
    if freq == "day":
        for offset in range(_count(first, last, freq)):
            day = first + dt.timedelta(days=offset)
            yield day.isoformat(), day, day
        return
    if freq == "month":
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
            yield f"{year:04d}-{month:02d}", dt.date(year, month, 1), end
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)  # noqa: PLR2004
        return
    for year in range(first.year, last.year + 1):
        yield f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31)


def _count(first: dt.date, last: dt.date, freq: Frequency) -> int:
    """How many periods of *freq* the days from *first* to *last* touch."""
    if freq == "day":
        return (last - first).days + 1
    if freq == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return last.year - first.year + 1


def _holds(spans: tuple[Span, ...], start: dt.date, end: dt.date, rule: Rule) -> bool:
    if rule == "start":
        return any(start in span for span in spans)
    if rule == "end":
        return any(end in span for span in spans)
    return any(span.start <= end and (span.end is None or span.end > start) for span in spans)


def panel(  # noqa: PLR0913  (the public signature, plus the parties and spans)
    parties: Sequence[Party],
    spans_of: Mapping[str, Mapping[Stage, tuple[Span, ...]]],
    start: object,
    end: object,
    *,
    freq: str,
    stage: str,
    rule: str,
    cutoff: dt.date,
) -> tuple[PanelRow, ...]:
    """Build the panel of *parties*, whose stage spans are *spans_of* (by party code).

    A party missing from *spans_of* never held a stage; a row whose period ends after
    *cutoff* is marked ``after_cutoff``. The other arguments are those of
    ``abraham_accords.panel``, which gives their defaults.
    """
    first, last, frequency = period_range(start, end, freq)
    when = choice(rule, RULES, argument="rule", what="rule")
    wanted = STAGES.index(to_stage(stage))
    ordered = sorted(parties, key=attrgetter("code"))
    check_size("panel", first, last, frequency, per_period=len(ordered))
    never: Mapping[Stage, tuple[Span, ...]] = dict.fromkeys(STAGES, ())
    rows: list[PanelRow] = []
    for label, period_start, period_end in periods(first, last, frequency):
        month = None if frequency == "year" else period_start.month
        for party in ordered:
            spans = spans_of.get(party.code, never)
            held = [_holds(spans[s], period_start, period_end, when) for s in STAGES]
            level = max((i for i, holds in enumerate(held) if holds), default=-1)
            rows.append(
                PanelRow(
                    party=party.code,
                    iso3=party.alpha3,
                    ccode=party.ccode,
                    period=label,
                    year=period_start.year,
                    month=month,
                    period_start=period_start,
                    period_end=period_end,
                    member=level >= wanted,
                    stage=STAGES[level] if level >= 0 else None,
                    announced=held[0],
                    signed=held[1],
                    ratified=held[2],
                    in_force=held[3],
                    after_cutoff=period_end > cutoff,
                )
            )
    return tuple(rows)
