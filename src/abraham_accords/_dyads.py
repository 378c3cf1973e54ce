"""Relations between Israel and each other state, day by day, as directed dyads.

Every value is derived from the dated events of the pair by the rules in
docs/methodology.md ("Dyads"). The state on a day is what the events that had certainly
happened by that day (their ``certain_by``) establish, applied in the order of their
dates: an event known only to the month counts from the month's last day, and a later
event of the same month that undoes it still wins.
"""

from __future__ import annotations

__all__ = [
    "COW_CODES",
    "DYAD_COLUMNS",
    "LEVELS",
    "DyadRow",
    "DyadRule",
    "DyadTable",
    "Level",
    "Representation",
    "partners",
]

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Final, Literal, NamedTuple, get_args

from ._models import SIGNING_KINDS, Event, Party

DyadRule = Literal["end", "max"]
"""How a dyad row reads a period: its last day's state (``end``) or the highest (``max``)."""

Level = Literal["none", "liaison", "charge_d_affaires", "minister", "ambassador"]
"""Rank of a state's representation in another, lowest first."""
LEVELS: Final[tuple[Level, ...]] = get_args(Level)
COW_CODES: Final[dict[Level, int]] = {
    "none": 0,
    "charge_d_affaires": 1,
    "minister": 2,
    "ambassador": 3,
    "liaison": 9,
}
"""The Correlates of War Diplomatic Exchange code of each level (9: "other")."""

_HUB: Final = "IL"
"""Every dyad pairs Israel with another state."""

# Within one day, openings come first and closures last, so a mission opened and an
# envoy presented on the same day are both in force that evening.
_ORDER: Final[dict[str, int]] = {
    "relations_established": 0,
    "liaison_office_opened": 0,
    "embassy_opened": 0,
    "mission_reopened": 0,
    "mission_upgraded": 0,
    "flights_started": 0,
    "flights_resumed": 0,
    "resumed": 0,
    "credentials_presented": 1,
    "envoy_returned": 1,
    "envoy_recalled": 2,
    "suspended": 2,
    "flights_suspended": 2,
    "mission_closed": 3,
    "relations_severed": 3,
}
_MISSIONS: Final = frozenset(
    {
        "liaison_office_opened",
        "embassy_opened",
        "mission_reopened",
        "mission_upgraded",
        "mission_closed",
    }
)
_READ: Final = frozenset(_ORDER) | SIGNING_KINDS
"""The kinds that change a dyad's values (an appointment or a one-off flight does not)."""
Mission = Literal["none", "liaison", "embassy"]
"""A state's resident mission in another: none, a liaison office (or interests
section, trade office), or an embassy."""


class Representation(NamedTuple):
    """One state's representation in another on one day, and the events behind it."""

    sender: str
    receiver: str
    day: dt.date
    level: Level
    dipex: int
    """The level's COW Diplomatic Exchange code."""
    mission: Mission
    """The sender's resident mission in the receiver, as recorded."""
    events: tuple[str, ...]
    """Ids of the events that set the mission and the head of mission in force."""


class DyadRow(NamedTuple):
    """One directed dyad (party1's representation in party2) in one period.

    Columns follow peacesciencer's dyad-year conventions (``ccode1``, ``ccode2``,
    ``year``); the undirected values (relations, flights, agreements, frozen) are the
    same in both directions.
    """

    party1: str
    party2: str
    ccode1: int | None
    ccode2: int | None
    period: str
    year: int
    month: int | None
    date: dt.date
    """The day whose state the row reports (with rule "max": the period's last day)."""
    representation: Level
    dipex: int
    mission: bool
    """Whether party1 had a resident mission (embassy or liaison office) in party2."""
    relations: bool
    flights: bool
    agreements: int
    """Agreements and Accords instruments the two had signed with each other to date."""
    frozen: bool
    events: tuple[str, ...]
    """Ids of the events that set the row's values: party1's mission and head of mission,
    and the pair's relations, flights and frozen ties."""
    after_cutoff: bool
    """Whether ``date`` is after the data's cut-off (the last day whose record was checked):
    the row reports a day nobody checked, so an event of the days after the cut-off may be
    missing from it (true for a period that straddles the cut-off as for one after it)."""


DYAD_COLUMNS: Final[dict[str, str]] = {
    "party1": "Code of the sending state, whose representation the row reports.",
    "party2": "Code of the receiving state.",
    "ccode1": "Correlates of War state number of party1, or null for an entity without one.",
    "ccode2": "Correlates of War state number of party2, or null for an entity without one.",
    "period": "The period's label: `2021`, `2021-03` or `2021-03-15`.",
    "year": "The period's year.",
    "month": "The period's month (1-12); null in a yearly table.",
    "date": (
        "The day whose state the row reports: the period's last day within the table's "
        "span (with rule max, the values are the period's highest)."
    ),
    "representation": (
        "Representation of party1 in party2: none, liaison, charge_d_affaires, minister "
        "or ambassador."
    ),
    "dipex": (
        "The representation's Correlates of War Diplomatic Exchange code: 0 none, "
        "1 charge d'affaires, 2 minister, 3 ambassador, 9 other (a liaison office)."
    ),
    "mission": "Whether party1 had a resident mission (embassy or liaison office) in party2.",
    "relations": "Whether the two had diplomatic relations.",
    "flights": "Whether scheduled direct passenger flights operated between the two.",
    "agreements": (
        "Agreements and Accords instruments the two had signed with each other to date."
    ),
    "frozen": "Whether the two had frozen their ties (suspended, not resumed).",
    "events": "Ids of the events that set the row's values.",
    "after_cutoff": (
        "Whether date is after the data's cut-off: that day was not checked, so an "
        "event of the days after the cut-off may be missing."
    ),
}
"""What each column of a :class:`DyadRow` holds (the data package's and Stata's labels)."""

_SWITCHES: Final[dict[str, tuple[str, bool]]] = {
    "relations_established": ("relations", True),
    "relations_severed": ("relations", False),
    "flights_started": ("flights", True),
    "flights_resumed": ("flights", True),
    "flights_suspended": ("flights", False),
    "suspended": ("frozen", True),
    "resumed": ("frozen", False),
}
"""The kinds that switch one of the pair's values on or off."""


class _State(NamedTuple):
    """The replayed state of one pair on one day."""

    mission: dict[str, Mission]
    head: dict[str, bool]
    """Whether each state's ambassador was accredited and in post."""
    values: dict[str, bool]
    """relations, flights and frozen."""
    agreements: int
    setters: dict[str, str]
    """The id of the event that last set each value."""


def _replay(pair: tuple[str, str], events: Iterable[Event]) -> _State:
    """Apply *events* (already in date order) to a pair with no relations."""
    mission: dict[str, Mission] = dict.fromkeys(pair, "none")
    last: dict[str, Mission] = dict.fromkeys(pair, "none")
    head = dict.fromkeys(pair, False)
    away = dict.fromkeys(pair, False)  # whether a recalled envoy was an ambassador
    values = {"relations": False, "flights": False, "frozen": False}
    setters: dict[str, str] = {}
    signed: set[str] = set()
    for event in events:
        actor, kind = event.party, event.kind
        if kind in _SWITCHES:
            name, value = _SWITCHES[kind]
            values[name] = value
            setters[name] = event.id
        elif kind in SIGNING_KINDS:
            signed.add(event.instrument or event.id)
        elif kind in ("credentials_presented", "envoy_recalled", "envoy_returned"):
            if kind == "envoy_recalled":
                away[actor] = head[actor]
            head[actor] = kind == "credentials_presented" or (
                kind == "envoy_returned" and away[actor]
            )
            setters[f"head {actor}"] = event.id
        elif kind in _MISSIONS:
            opened = _opened(kind, mission[actor], last[actor])
            mission[actor] = opened
            last[actor] = opened if opened != "none" else last[actor]
            setters[f"mission {actor}"] = event.id
            if opened == "none":  # a closed mission has no head, and none to come back
                head[actor] = away[actor] = False
                setters[f"head {actor}"] = event.id
    return _State(mission, head, values, len(signed), setters)


def _opened(kind: str, now: Mission, before: Mission) -> Mission:
    """The mission after an event of *kind*, given the mission *now* and the last one."""
    if kind in ("embassy_opened", "mission_upgraded"):
        return "embassy"
    if kind == "liaison_office_opened":
        return "embassy" if now == "embassy" else "liaison"  # an embassy is not downgraded
    if kind == "mission_reopened":
        return before if before != "none" else "liaison"
    return "none"  # mission_closed


def _level(mission: str, ambassador: bool) -> Level:  # noqa: FBT001  (a private helper)
    if ambassador:
        return "ambassador"
    if mission == "embassy":
        return "charge_d_affaires"
    if mission == "liaison":
        return "liaison"
    return "none"


class _Pair:
    """The states of one pair, from each day on which an event took effect."""

    def __init__(self, pair: tuple[str, str], events: list[Event]) -> None:
        ordered = sorted(
            events, key=lambda e: (e.date, e.sequence or 0, _ORDER.get(e.kind, 1), e.id)
        )
        self.days = sorted({e.certain_by for e in ordered})
        # Each state replays, in date order, the events certain by its day.
        self.states = [_replay(pair, ())] + [
            _replay(pair, [e for e in ordered if e.certain_by <= day]) for day in self.days
        ]

    def on(self, day: dt.date) -> _State:
        return self.states[bisect_right(self.days, day)]


def partners(parties: Iterable[Party]) -> tuple[str, ...]:
    """The codes of the states paired with Israel among *parties*, sorted.

    Every party and candidate but Israel; none if Israel is not among *parties*. Read from
    the parties alone, so a table's size is known before any event is read.
    """
    listed = list(parties)
    if not any(p.code == _HUB for p in listed):
        return ()
    return tuple(
        sorted(p.code for p in listed if p.role in ("party", "candidate") and p.code != _HUB)
    )


class DyadTable:
    """The dyads of one dataset: Israel with every party and candidate, both ways."""

    def __init__(self, parties: Iterable[Party], events: Iterable[Event]) -> None:
        self.parties = {p.code: p for p in parties}
        others = partners(self.parties.values())
        found: dict[str, list[Event]] = {code: [] for code in others}
        for event in events:
            other = _other(event)
            if other in found and event.kind in _READ:
                found[other].append(event)
        self.pairs = {code: _Pair((_HUB, code), found[code]) for code in others}

    def first_day(self) -> dt.date | None:
        """The first day on which any dyad event counts, or None if there is none."""
        return min((pair.days[0] for pair in self.pairs.values() if pair.days), default=None)

    def representation(self, sender: str, receiver: str, day: dt.date) -> Representation:
        """The representation of *sender* in *receiver* on *day* (one must be Israel)."""
        return _represent(self._pair(sender, receiver).on(day), sender, receiver, day)

    def _pair(self, sender: str, receiver: str) -> _Pair:
        return self.pairs[receiver if sender == _HUB else sender]

    def rows(
        self,
        periods: Iterable[tuple[str, dt.date, dt.date]],
        *,
        freq: str,
        rule: str,
        cutoff: dt.date,
    ) -> Iterator[DyadRow]:
        """Yield a row per directed dyad and period, Israel's dyads first, then by code.

        With rule ``"end"`` a row holds the state on the period's last day; with ``"max"``
        the highest level and any value that held on some day of the period. A row whose
        period's last day is after *cutoff* is marked ``after_cutoff``.
        """
        listed = list(periods)
        for code, pair in self.pairs.items():
            for sender, receiver in ((_HUB, code), (code, _HUB)):
                codes = (sender, receiver, self.parties[sender].ccode, self.parties[receiver].ccode)
                known: dict[tuple[int, int], _Values] = {}  # periods often share states
                for label, start, last in listed:
                    high = bisect_right(pair.days, last)
                    low = bisect_right(pair.days, start) if rule == "max" else high
                    values = known.get((low, high))
                    if values is None:
                        values = known[low, high] = _values(pair.states[low : high + 1], sender)
                    month = None if freq == "year" else last.month
                    cells = (*codes, label, last.year, month, last, *values, last > cutoff)
                    yield DyadRow(*cells)


_Values = tuple[Level, int, bool, bool, bool, int, bool, tuple[str, ...]]
"""A row's values: representation, dipex, mission, relations, flights, agreements, frozen
and events."""


def _values(states: list[_State], sender: str) -> _Values:
    """A row's values, from the states in force during its period (the last one at its end).

    Returns (representation, dipex, mission, relations, flights, agreements, frozen,
    events): the highest level and any value that held in one of *states*, the agreements
    and the events of the last.
    """
    last = states[-1]
    level: Level = "none"
    mission = relations = flights = frozen = False
    for seen in states:
        candidate = _level(seen.mission[sender], seen.head[sender])
        if LEVELS.index(candidate) > LEVELS.index(level):
            level = candidate
        mission = mission or seen.mission[sender] != "none"
        relations = relations or seen.values["relations"]
        flights = flights or seen.values["flights"]
        frozen = frozen or seen.values["frozen"]
    # party1's own mission and head, and the pair's values (not party2's mission).
    names = (f"mission {sender}", f"head {sender}", "relations", "flights", "frozen")
    events = tuple(sorted({last.setters[name] for name in names if name in last.setters}))
    return (
        level,
        COW_CODES[level],
        mission,
        relations,
        flights,
        last.agreements,
        frozen,
        events,
    )


def _represent(state: _State, sender: str, receiver: str, day: dt.date) -> Representation:
    """The representation of *sender* in *receiver* that *state* holds on *day*."""
    level = _level(state.mission[sender], state.head[sender])
    setters = (state.setters.get(f"mission {sender}"), state.setters.get(f"head {sender}"))
    events = tuple(dict.fromkeys(e for e in setters if e is not None))
    return Representation(
        sender, receiver, day, level, COW_CODES[level], state.mission[sender], events
    )


def _other(event: Event) -> str | None:
    """The state paired with Israel in *event*, or None if Israel is not one of the two."""
    if event.party == _HUB:
        return event.counterpart
    if event.counterpart == _HUB:
        return event.party
    return None
