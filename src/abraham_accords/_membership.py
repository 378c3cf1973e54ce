"""Membership stages and the spans of time during which a party held each stage.

A party reaches a stage on the day it has an event of that stage or of a later one
(``announced`` < ``signed`` < ``ratified``); ``entered_into_force`` implies
``ratified``. An event dated only to the month or year counts from the last day of
its period. A ``withdrawn`` event ends every stage from its day on; stage events
after a withdrawal start membership again. Suspensions and freezes change nothing.
"""

from __future__ import annotations

__all__ = ["STAGES", "Span", "Stage", "stage_spans", "to_stage"]

import datetime as dt
from collections.abc import Iterable
from typing import Final, Literal, NamedTuple, get_args

from ._args import choice
from ._models import Event

Stage = Literal["announced", "signed", "ratified"]
"""A membership stage, in order of progress."""

STAGES: Final[tuple[Stage, ...]] = get_args(Stage)

_LEVEL: Final[dict[str, int]] = {
    "announced": 0,
    "signed": 1,
    "ratified": 2,
    "entered_into_force": 2,
}


class Span(NamedTuple):
    """A half-open span of days ``[start, end)``; ``end`` is None while it lasts."""

    start: dt.date
    end: dt.date | None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.start <= day and (self.end is None or day < self.end)


def to_stage(value: object) -> Stage:
    """Check that *value* names a membership stage and return it.

    Examples:
        >>> to_stage("signed")
        'signed'
    """
    return choice(value, STAGES, argument="stage", what="stage")


def stage_spans(events: Iterable[Event]) -> dict[Stage, tuple[Span, ...]]:
    """Return, for each stage, the spans during which a party held it.

    Args:
        events: the events of one party, in any order.

    Returns:
        A mapping from every stage to its spans in date order (empty if never reached).
    """
    relevant = [e for e in events if e.kind in _LEVEL or e.kind == "withdrawn"]
    # Within one day, stage events come before a withdrawal, so a same-day
    # withdrawal leaves an empty span, which is dropped.
    relevant.sort(key=lambda e: (e.certain_by, e.kind == "withdrawn", e.id))
    spans: dict[Stage, list[Span]] = {stage: [] for stage in STAGES}
    open_since: dict[Stage, dt.date] = {}
    for event in relevant:
        day = event.certain_by
        if event.kind == "withdrawn":
            for stage, start in open_since.items():
                if start < day:
                    spans[stage].append(Span(start, day))
            open_since.clear()
            continue
        for stage in STAGES[: _LEVEL[event.kind] + 1]:
            open_since.setdefault(stage, day)
    for stage, start in open_since.items():
        spans[stage].append(Span(start, None))
    return {stage: tuple(found) for stage, found in spans.items()}
