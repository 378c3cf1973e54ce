"""Membership stages and the spans of time during which a party held each stage.

A party reaches a stage on the day it has an event of that stage or of a later one
(``announced`` < ``signed`` < ``ratified`` < ``in_force``; an ``entered_into_force``
event reaches ``in_force``). An event dated only to the month or year counts from the last day of
its period. A ``withdrawn`` event ends every stage from its day on; stage events
after a withdrawal start membership again. On one day, events follow their ``sequence``
where given, else stage events come first. Suspensions and freezes change nothing.
"""

from __future__ import annotations

__all__ = [
    "STAGES",
    "MembershipTable",
    "Span",
    "Stage",
    "StageEvent",
    "is_stage_event",
    "stage_openers",
    "stage_spans",
    "to_stage",
]

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple, Protocol, TypeVar

from ._args import choice
from ._models import MEMBERSHIP_KINDS, STAGES, Party, Stage

_LEVEL: Final[dict[str, int]] = {
    kind: STAGES.index(stage) for kind, stage in MEMBERSHIP_KINDS.items()
}


class Timed(Protocol):
    """What the membership rules read of an event: an :class:`Event` or a :class:`StageEvent`."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def certain_by(self) -> dt.date: ...
    @property
    def sequence(self) -> int | None: ...


_T = TypeVar("_T", bound=Timed)


class StageEvent(NamedTuple):
    """The four fields of a membership or withdrawal event that the membership rules use.

    Read straight from checksummed release data, so that answering a membership query
    builds no :class:`Event` model.
    """

    id: str
    kind: str
    certain_by: dt.date
    sequence: int | None


def is_stage_event(kind: str) -> bool:
    """Return whether events of *kind* change membership (a stage, or a withdrawal).

    Examples:
        >>> is_stage_event("signed"), is_stage_event("withdrawn"), is_stage_event("meeting")
        (True, True, False)
    """
    return kind in _LEVEL or kind == "withdrawn"


class Span(NamedTuple):
    """A half-open span of days ``[start, end)``; ``end`` is None while it lasts."""

    start: dt.date
    end: dt.date | None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        if isinstance(day, dt.datetime):  # a datetime is not comparable with a date
            day = day.date()
        return self.start <= day and (self.end is None or day < self.end)


def to_stage(value: object) -> Stage:
    """Check that *value* names a membership stage and return it.

    Examples:
        >>> to_stage("signed")
        'signed'
    """
    found = _STAGE_OF.get(value) if type(value) is str else None  # the common case
    return found if found is not None else choice(value, STAGES, argument="stage", what="stage")


_STAGE_OF: Final[dict[str, Stage]] = {stage: stage for stage in STAGES}


def stage_spans(events: Iterable[Timed]) -> dict[Stage, tuple[Span, ...]]:
    """Return, for each stage, the spans during which a party held it.

    Args:
        events: the events of one party, in any order.

    Returns:
        A mapping from every stage to its spans in date order (empty if never reached).
    """
    return {
        stage: tuple(span for span, _ in found) for stage, found in stage_openers(events).items()
    }


def stage_openers(events: Iterable[_T]) -> dict[Stage, tuple[tuple[Span, _T], ...]]:
    """Return, for each stage, the spans during which a party held it, each with its event.

    The event of a span is the one that reached the stage on the span's first day: of
    that stage or a later one (a signature reaches ``announced`` where no announcement
    came first), the first in the order the rules read a day's events.

    Args:
        events: the events of one party, in any order.

    Returns:
        A mapping from every stage to its (span, event) pairs in date order.
    """
    relevant = [e for e in events if is_stage_event(e.kind)]
    # Within one day, events follow their `sequence` where given; otherwise stage events
    # come before a withdrawal, so a same-day withdrawal leaves an empty span (dropped).
    relevant.sort(key=lambda e: (e.certain_by, e.sequence or 0, e.kind == "withdrawn", e.id))
    spans: dict[Stage, list[tuple[Span, _T]]] = {stage: [] for stage in STAGES}
    open_since: dict[Stage, _T] = {}
    for event in relevant:
        day = event.certain_by
        if event.kind == "withdrawn":
            for stage, opener in open_since.items():
                if opener.certain_by < day:
                    spans[stage].append((Span(opener.certain_by, day), opener))
            open_since.clear()
            continue
        for stage in STAGES[: _LEVEL[event.kind] + 1]:
            open_since.setdefault(stage, event)
    for stage, opener in open_since.items():
        spans[stage].append((Span(opener.certain_by, None), opener))
    return {stage: tuple(found) for stage, found in spans.items()}


def _span_at(starts: tuple[dt.date, ...], spans: tuple[Span, ...], day: dt.date) -> Span | None:
    """The span containing *day*, found by binary search over the sorted *starts*."""
    index = bisect_right(starts, day) - 1
    if index < 0:
        return None
    span = spans[index]  # starts on or before day, so holds it unless it ended
    return span if span.end is None or day < span.end else None


class MembershipTable:
    """Who held which stage when: precomputed spans, answered by binary search.

    The members of a stage change only on the days a span starts or ends, so each
    stage's answers are computed once per such day (on the stage's first query) and a
    query is one binary search over those days.
    """

    __slots__ = ("_rows", "_spans", "_timelines")

    def __init__(
        self, parties: Iterable[Party], events_by_party: Mapping[str, Iterable[Timed]]
    ) -> None:
        members = [p for p in parties if p.role == "party"]
        self._spans: dict[str, dict[Stage, tuple[Span, ...]]] = {
            p.code: stage_spans(events_by_party.get(p.code, ())) for p in members
        }
        # Per stage: (party, span starts, spans) for every party that ever held it.
        self._rows: dict[Stage, dict[str, tuple[Party, tuple[dt.date, ...], tuple[Span, ...]]]]
        self._rows = {
            stage: {
                p.code: (
                    p,
                    tuple(s.start for s in self._spans[p.code][stage]),
                    self._spans[p.code][stage],
                )
                for p in members
                if self._spans[p.code][stage]
            }
            for stage in STAGES
        }
        self._timelines: dict[Stage, tuple[list[dt.date], list[tuple[Party, ...]]]] = {}

    def spans(self, code: str) -> dict[Stage, tuple[Span, ...]] | None:
        """The spans of each stage for the party *code*, or None if it is not a party."""
        found = self._spans.get(code)
        return None if found is None else dict(found)

    def holding(self, code: str, day: dt.date, stage: Stage) -> Span | None:
        """The span during which party *code* held *stage* on *day*, or None."""
        row = self._rows[stage].get(code)
        return None if row is None else _span_at(row[1], row[2], day)

    def members(self, day: dt.date, stage: Stage) -> tuple[Party, ...]:
        """The parties holding *stage* on *day*, by the day they reached it, then code."""
        timeline = self._timelines.get(stage)
        if timeline is None:
            timeline = self._timelines.setdefault(stage, self._timeline(stage))
        days, answers = timeline
        return answers[bisect_right(days, day)]

    def _timeline(self, stage: Stage) -> tuple[list[dt.date], list[tuple[Party, ...]]]:
        """The days on which *stage*'s members change, and the members from each on.

        ``answers[0]`` holds before the first change day, ``answers[i]`` from
        ``days[i - 1]`` until the next change day.
        """
        rows = self._rows[stage]
        days = sorted(
            {s.start for _, _, spans in rows.values() for s in spans}
            | {s.end for _, _, spans in rows.values() for s in spans if s.end is not None}
        )
        answers = [()] + [self._members_on(day, rows) for day in days]
        return days, answers

    @staticmethod
    def _members_on(
        day: dt.date, rows: Mapping[str, tuple[Party, tuple[dt.date, ...], tuple[Span, ...]]]
    ) -> tuple[Party, ...]:
        found: list[tuple[dt.date, str]] = []
        for code, (_, starts, spans) in rows.items():
            span = _span_at(starts, spans, day)
            if span is not None:
                found.append((span.start, code))
        found.sort()  # codes are unique, so (day reached, code) orders completely
        return tuple(rows[code][0] for _, code in found)
