"""Relations between Israel and each other state, day by day, as directed dyads.

Every value is derived from the dated events of the pair by the rules in
docs/methodology.md ("Dyads"). The state on a day is what the events that had certainly
happened by that day (their ``certain_by``) establish, applied in the order of their
dates: an event known only to the month counts from the month's last day, and a later
event of the same month that undoes it still wins.
"""

from __future__ import annotations

__all__ = [
    "BASES",
    "COW_CODES",
    "DESCRIPTIONS",
    "LEVELS",
    "Basis",
    "DyadRow",
    "DyadRule",
    "DyadTable",
    "Level",
    "Representation",
    "partners",
    "replay_order",
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

Basis = Literal["recorded", "assumed", "default"]
"""How a derived value was reached: ``recorded`` (an event states it), ``assumed`` (the
rules inferred it: a chargé d'affaires heading an embassy with no ambassador recorded in
post, a suspension with no recorded end), or ``default`` (no event has set it yet)."""
BASES: Final[tuple[Basis, ...]] = get_args(Basis)

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
    basis: Basis
    """How the level was reached: ``recorded`` (an event states it), ``assumed`` by the
    rules (a chargé d'affaires; a mission whose head was recalled) or ``default`` (no event
    yet). See docs/methodology.md, "Dyads"."""
    since: dt.date | None
    """The date of the latest event the level rests on (None for a default)."""


class DyadRow(NamedTuple):
    """One directed dyad (party1's representation in party2) in one period.

    Columns follow peacesciencer's dyad-year conventions (``ccode1``, ``ccode2``,
    ``year``); the undirected values (relations, flights, agreements, frozen) are the
    same in both directions. After the other columns, each value but the count of
    agreements has a ``_basis`` (how it was reached: recorded, assumed or default) and a
    ``_since`` (the date of the latest event behind it; None for a default).
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
    representation_basis: Basis
    """How ``representation`` (and ``dipex``) was reached; with rule "max", in the last
    state of the period that had the level reported."""
    representation_since: dt.date | None
    """The date of the latest event ``representation`` rests on (None for a default)."""
    mission_basis: Basis
    """How ``mission`` was reached: recorded by a mission's opening, upgrade, reopening or
    closure, or a default (no mission event yet)."""
    mission_since: dt.date | None
    """The date of the mission event ``mission`` rests on (None for a default)."""
    relations_basis: Basis
    """How ``relations`` was reached."""
    relations_since: dt.date | None
    """The date of the event ``relations`` rests on (None for a default)."""
    flights_basis: Basis
    """How ``flights`` was reached: assumed while a suspension has no recorded end."""
    flights_since: dt.date | None
    """The date of the event ``flights`` rests on (None for a default)."""
    frozen_basis: Basis
    """How ``frozen`` was reached: assumed while a suspension has no recorded end."""
    frozen_since: dt.date | None
    """The date of the event ``frozen`` rests on (None for a default)."""


def _basis_of(value: str, assumed: str) -> str:
    return (
        f"How {value} was reached: recorded (an event states it), {assumed}, or default "
        "(no event has set it; the state before any, see docs/methodology.md, Dyads)."
    )


def _since_of(value: str) -> str:
    return f"Date of the latest event {value} rests on (events.date); empty for a default."


DESCRIPTIONS: Final[dict[str, str]] = {
    "party1": "Code of the state whose representation the row gives (parties.code).",
    "party2": "Code of the state party1 is represented in (parties.code).",
    "ccode1": "Correlates of War state number of party1 (empty outside the COW state system).",
    "ccode2": "Correlates of War state number of party2 (empty outside the COW state system).",
    "period": "The period: a year (YYYY), a month (YYYY-MM) or a day (YYYY-MM-DD).",
    "year": "Year of the period.",
    "month": "Month of the period (empty for yearly rows).",
    "date": "The day whose state the row reports: the period's last day, cut to the table's end.",
    "representation": "party1's level of representation in party2 (lowest first: none, "
    "liaison, charge_d_affaires, minister, ambassador).",
    "dipex": "The level's Correlates of War Diplomatic Exchange code (0 none, 1 charge "
    "d'affaires, 2 minister, 3 ambassador, 9 other).",
    "mission": "Whether party1 had a resident mission (embassy or liaison office) in party2.",
    "relations": "Whether the two had diplomatic relations.",
    "flights": "Whether scheduled direct passenger flights operated between the two.",
    "agreements": "Agreements and Accords instruments the two had signed with each other "
    "to date (a count of recorded signatures).",
    "frozen": "Whether the pair's ties were suspended (frozen) by either.",
    "events": "Ids of the events that set the row's values (events.id): party1's mission and "
    "head of mission, and the pair's relations, flights and frozen ties.",
    "after_cutoff": "Whether date is after the data's cut-off (the last day whose record was "
    "checked), so an event of the days after it may be missing.",
    "representation_basis": _basis_of(
        "representation and dipex",
        "assumed (the rules inferred it: a charge d'affaires heading an embassy with no "
        "ambassador recorded in post, a mission whose head was recalled, a reopened "
        "mission's rank when no earlier one is recorded, no mission when none is recorded)",
    ),
    "representation_since": _since_of("representation"),
    "mission_basis": _basis_of("mission", "never assumed"),
    "mission_since": _since_of("mission"),
    "relations_basis": _basis_of("relations", "never assumed"),
    "relations_since": _since_of("relations"),
    "flights_basis": _basis_of(
        "flights", "assumed (no flights after a suspension whose end is not recorded)"
    ),
    "flights_since": _since_of("flights"),
    "frozen_basis": _basis_of(
        "frozen", "assumed (frozen after a suspension whose end is not recorded)"
    ),
    "frozen_since": _since_of("frozen"),
}
"""What each column of a :class:`DyadRow` holds: the description of every export (the data
package's fields, Stata's variable labels, Parquet's field metadata)."""


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
_TEMPORARY: Final = frozenset({"flights_suspended", "suspended"})
"""The switches whose value the rules assume lasts: a suspension is temporary, and while no
end is recorded the rules read it as still in force."""
_PAIR_VALUES: Final = ("relations", "flights", "frozen")


class _State(NamedTuple):
    """The replayed state of one pair on one day."""

    mission: dict[str, Mission]
    head: dict[str, bool]
    """Whether each state's ambassador was accredited and in post."""
    values: dict[str, bool]
    """relations, flights and frozen."""
    agreements: int
    setters: dict[str, Event]
    """The event that last set each value."""
    guessed: dict[str, bool]
    """Whether each state's mission (the open one, else the last) has the rank the rules
    chose: reopened with no earlier mission recorded, or reopening one that was."""


def _replay(pair: tuple[str, str], events: Iterable[Event]) -> _State:
    """Apply *events* (already in date order) to a pair with no relations."""
    mission: dict[str, Mission] = dict.fromkeys(pair, "none")
    last: dict[str, Mission] = dict.fromkeys(pair, "none")
    head = dict.fromkeys(pair, False)
    away = dict.fromkeys(pair, False)  # whether a recalled envoy was an ambassador
    guessed = dict.fromkeys(pair, False)
    values = dict.fromkeys(_PAIR_VALUES, False)
    setters: dict[str, Event] = {}
    signed: set[str] = set()
    for event in events:
        actor, kind = event.party, event.kind
        if kind in _SWITCHES:
            name, value = _SWITCHES[kind]
            values[name] = value
            setters[name] = event
        elif kind in SIGNING_KINDS:
            signed.add(event.instrument or event.id)
        elif kind in ("credentials_presented", "envoy_recalled", "envoy_returned"):
            if kind == "envoy_recalled":
                away[actor] = head[actor]
            head[actor] = kind == "credentials_presented" or (
                kind == "envoy_returned" and away[actor]
            )
            setters[f"head {actor}"] = event
        elif kind in _MISSIONS:
            if kind == "mission_reopened":  # at the last rank, or a liaison office if none
                guessed[actor] = last[actor] == "none" or guessed[actor]
            elif kind != "mission_closed":  # a closure leaves the rank to reopen at
                guessed[actor] = False
            opened = _opened(kind, mission[actor], last[actor])
            mission[actor] = opened
            last[actor] = opened if opened != "none" else last[actor]
            setters[f"mission {actor}"] = event
            if opened == "none":  # a closed mission has no head, and none to come back
                head[actor] = away[actor] = False
                setters[f"head {actor}"] = event
    return _State(mission, head, values, len(signed), setters, guessed)


def _opened(kind: str, now: Mission, before: Mission) -> Mission:
    """The mission after an event of *kind*, given the mission *now* and the last one."""
    if kind in ("embassy_opened", "mission_upgraded"):
        return "embassy"
    if kind == "liaison_office_opened":
        return "embassy" if now == "embassy" else "liaison"  # an embassy is not downgraded
    if kind == "mission_reopened":
        return before if before != "none" else "liaison"
    return "none"  # mission_closed


def replay_order(event: Event) -> tuple[dt.date, int, int, str]:
    """The key that puts a pair's events in the order the dyads apply them.

    By date (a period's first day), then ``sequence`` (an event without one first), then
    kind (on one day, openings first and closures last), then id.
    """
    return (event.date, event.sequence or 0, _ORDER.get(event.kind, 1), event.id)


def _level(mission: str, ambassador: bool) -> Level:  # noqa: FBT001  (a private helper)
    if ambassador:
        return "ambassador"
    if mission == "embassy":
        return "charge_d_affaires"
    if mission == "liaison":
        return "liaison"
    return "none"


def _level_of(state: _State, sender: str) -> Level:
    return _level(state.mission[sender], state.head[sender])


_Basis = tuple[Basis, dt.date | None]
"""How a value was reached, and the date of the latest event behind it."""


def _level_basis(state: _State, sender: str) -> _Basis:
    """How *sender*'s level in *state* was reached (docs/methodology.md, "Dyads")."""
    opened = state.setters.get(f"mission {sender}")
    head = state.setters.get(f"head {sender}")
    if state.head[sender] and head is not None:  # credentials, or an ambassador's return
        return "recorded", head.date
    behind = [event.date for event in (opened, head) if event is not None]
    if not behind:
        return "default", None
    basis: Basis = "recorded"
    if state.mission[sender] == "none":
        if opened is None:  # a head of mission with no recorded mission: read as absent
            basis = "assumed"
    elif (
        state.mission[sender] == "embassy"  # no ambassador in post: a chargé d'affaires
        or state.guessed[sender]
        or (head is not None and head.kind == "envoy_recalled")
    ):
        basis = "assumed"
    return basis, max(behind)


def _set_by(state: _State, name: str) -> _Basis:
    """How the value *name* (``mission <code>`` or a pair value) in *state* was reached."""
    setter = state.setters.get(name)
    if setter is None:
        return "default", None
    return ("assumed" if setter.kind in _TEMPORARY else "recorded"), setter.date


class _Pair:
    """The states of one pair, from each day on which an event took effect."""

    def __init__(self, pair: tuple[str, str], events: list[Event]) -> None:
        ordered = sorted(events, key=replay_order)
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
        the highest level and any value that held on some day of the period, each value's
        basis read from the last state of the period in which it held. A row whose
        period's last day is after *cutoff* is marked ``after_cutoff``.
        """
        listed = list(periods)
        for code, pair in self.pairs.items():
            for sender, receiver in ((_HUB, code), (code, _HUB)):
                codes = (sender, receiver, self.parties[sender].ccode, self.parties[receiver].ccode)
                # Periods often share states: each is read once, into the cells that follow
                # a row's period, before and after the cut-off.
                known: dict[tuple[int, int], tuple[tuple[object, ...], ...]] = {}
                for label, start, last in listed:
                    high = bisect_right(pair.days, last)
                    low = bisect_right(pair.days, start) if rule == "max" else high
                    tails = known.get((low, high))
                    if tails is None:
                        values, level, bases = _values(pair.states[low : high + 1], sender)
                        tails = tuple((*values, after, *level, *bases) for after in (False, True))
                        known[low, high] = tails
                    month = None if freq == "year" else last.month
                    yield DyadRow._make(
                        (*codes, label, last.year, month, last, *tails[last > cutoff])
                    )


_Values = tuple[Level, int, bool, bool, bool, int, bool, tuple[str, ...]]
"""A row's values: representation, dipex, mission, relations, flights, agreements, frozen
and events."""
_Bases = tuple[
    Basis, dt.date | None, Basis, dt.date | None, Basis, dt.date | None, Basis, dt.date | None
]
"""The bases and dates of a row's values: its mission's, relations', flights' and frozen
ties' (the representation's is read apart, from the state in which its level held)."""


def _values(states: list[_State], sender: str) -> tuple[_Values, _Basis, _Bases]:
    """A row's values, from the states in force during its period (the last one at its end).

    Returns (representation, dipex, mission, relations, flights, agreements, frozen,
    events): the highest level and any value that held in one of *states*, the agreements
    and the events of the last; then the basis and date of each value (of the
    representation; of the mission, relations, flights and frozen ties), each read from
    the last of *states* in which the value reported held.
    """
    last = states[-1]
    level = max((_level_of(seen, sender) for seen in states), key=LEVELS.index)
    at_level = next(s for s in reversed(states) if _level_of(s, sender) == level)
    opened = f"mission {sender}"
    mission = any(seen.mission[sender] != "none" for seen in states)
    held = next(s for s in reversed(states) if (s.mission[sender] != "none") == mission)
    pair = {name: any(seen.values[name] for seen in states) for name in _PAIR_VALUES}
    relations, flights, frozen = (
        _set_by(next(s for s in reversed(states) if s.values[name] == pair[name]), name)
        for name in _PAIR_VALUES
    )
    bases = (*_set_by(held, opened), *relations, *flights, *frozen)
    # party1's own mission and head, and the pair's values (not party2's mission).
    names = (opened, f"head {sender}", *_PAIR_VALUES)
    events = tuple(sorted({last.setters[name].id for name in names if name in last.setters}))
    values = (
        level,
        COW_CODES[level],
        mission,
        pair["relations"],
        pair["flights"],
        last.agreements,
        pair["frozen"],
        events,
    )
    return values, _level_basis(at_level, sender), bases


def _represent(state: _State, sender: str, receiver: str, day: dt.date) -> Representation:
    """The representation of *sender* in *receiver* that *state* holds on *day*."""
    level = _level_of(state, sender)
    setters = (state.setters.get(f"mission {sender}"), state.setters.get(f"head {sender}"))
    events = tuple(dict.fromkeys(e.id for e in setters if e is not None))
    basis, since = _level_basis(state, sender)
    mission = state.mission[sender]
    return Representation(
        sender, receiver, day, level, COW_CODES[level], mission, events, basis, since
    )


def _other(event: Event) -> str | None:
    """The state paired with Israel in *event*, or None if Israel is not one of the two."""
    if event.party == _HUB:
        return event.counterpart
    if event.counterpart == _HUB:
        return event.party
    return None
