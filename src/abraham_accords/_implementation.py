"""Implementation of provisions: which commitments the record shows carried out, and when.

Each provision gets one row, computed from the dated events by the rules of the coding
manual (docs/methodology.md, "What counts as implementation"):

- A provision is *implementable* when its strength asks for an act (``undertaking`` or
  ``best_efforts``) and its kind is one the events can show
  (:data:`IMPLEMENTING_KINDS`); any other is ``not_tracked``.
- An event implements it for a bound party when its kind carries out the commitment, its
  date period ends on or after the instrument's signature (``certain_by >= signed``),
  every state it names (its party and counterpart) is a signatory of the instrument, and
  the party is bound; an act between two states (relations, flights, an agreement:
  :data:`JOINT_KINDS`) counts for both, so for its counterpart too when bound. An
  ``entry_into_force`` provision is carried out only by an event naming its own
  instrument; a visa, sectoral or air-services commitment by the signature (or entry
  into force) of *another* instrument in its field: one that has a provision of the
  same kind.
- The row is per provision, with per-party detail: ``events`` holds the first
  implementing event of each bound party that acted (earliest first), ``pending`` the
  bound parties with none. ``implemented`` is the day by which the first act had
  certainly happened (the ``certain_by`` of the first event: its date, or the last day
  of its month or year), ``lag_days`` the days from the signature to it. The status is
  ``implemented`` when every bound party acted, ``partial`` when some did, ``open`` when
  none did by the cut-off.
"""

from __future__ import annotations

__all__ = [
    "DESCRIPTIONS",
    "IMPLEMENTABLE_STRENGTHS",
    "IMPLEMENTATION_STATUSES",
    "IMPLEMENTING_KINDS",
    "JOINT_KINDS",
    "ImplementationRow",
    "ImplementationStatus",
    "implementation_rows",
]

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Final, Literal, NamedTuple, get_args

from ._dates import Precision
from ._models import (
    PRECISIONS,
    PROVISION_KINDS,
    Event,
    EventKind,
    Instrument,
    Provision,
    ProvisionKind,
    Strength,
)

ImplementationStatus = Literal["implemented", "partial", "open", "not_tracked"]
"""Where a provision stands: ``implemented`` (every bound party carried it out),
``partial`` (some did), ``open`` (it asks for an act the record can show, and none is
recorded by the cut-off: open, not failed) or ``not_tracked`` (nothing for the record to
show: a recognition or an encouragement, or a kind no event records)."""

IMPLEMENTATION_STATUSES: Final[tuple[ImplementationStatus, ...]] = get_args(ImplementationStatus)

IMPLEMENTABLE_STRENGTHS: Final[frozenset[Strength]] = frozenset({"undertaking", "best_efforts"})
"""The strengths that ask for an act; a recognition takes effect on signature and an
encouragement asks for none."""

_AGREEMENTS: Final[frozenset[EventKind]] = frozenset({"agreement_signed", "agreement_in_force"})
_FIELD_KINDS: Final[tuple[ProvisionKind, ...]] = PROVISION_KINDS[
    PROVISION_KINDS.index("visas") : PROVISION_KINDS.index("security") + 1
]
"""The kinds carried out by an agreement in their field (and nothing else)."""

IMPLEMENTING_KINDS: Final[Mapping[ProvisionKind, frozenset[EventKind]]] = {
    "diplomatic_relations": frozenset({"relations_established"}),
    "embassies": frozenset(
        {
            "embassy_opened",
            "liaison_office_opened",
            "mission_reopened",
            "consulate_opened",
            "mission_upgraded",
            "ambassador_appointed",
            "credentials_presented",
        }
    ),
    "civil_aviation": frozenset({"flights_started", "direct_flight", *_AGREEMENTS}),
    "entry_into_force": frozenset({"ratified", "entered_into_force"}),
    **dict.fromkeys(_FIELD_KINDS, _AGREEMENTS),
}
"""The event kinds that carry out each kind of provision; a kind not listed has none."""

JOINT_KINDS: Final[frozenset[EventKind]] = frozenset(
    {"relations_established", "flights_started", "direct_flight", *_AGREEMENTS}
)
"""Acts between two states, filed under one of them: they count for both (as the dyads'
pair values do). A mission, an envoy or a ratification is one state's own act."""

_OWN_INSTRUMENT: Final[frozenset[EventKind]] = frozenset({"ratified", "entered_into_force"})
"""Kinds that implement only when they name the provision's own instrument."""

_RANK: Final[dict[str, int]] = {precision: place for place, precision in enumerate(PRECISIONS)}


class ImplementationRow(NamedTuple):
    """One provision and what the record shows of its implementation.

    ``implemented`` and ``lag_days`` are those of the first act of any bound party;
    ``status`` says whether every bound party acted (``implemented``), some did
    (``partial``), none did (``open``), or the provision asks for nothing the record can
    show (``not_tracked``). The rules: docs/methodology.md, "What counts as
    implementation".
    """

    instrument: str
    provision: str
    kind: ProvisionKind
    strength: Strength
    parties: tuple[str, ...]
    signed: dt.date
    """The instrument's first signature, from which the lag counts."""
    implemented: dt.date | None
    """The day by which the first act had certainly happened (an event known only to the
    month or year: the period's last day); None if none is recorded."""
    precision: Precision | None
    """How precisely the act behind ``implemented`` is dated."""
    lag_days: int | None
    """Days from ``signed`` to ``implemented``."""
    events: tuple[str, ...]
    """Ids of the first implementing event of each bound party that acted, earliest first."""
    pending: tuple[str, ...]
    """The bound parties with no implementing event by the cut-off."""
    status: ImplementationStatus


DESCRIPTIONS: Final[dict[str, str]] = {
    "instrument": "Id of the instrument whose text holds the provision (instruments.id).",
    "provision": "Id of the provision (provisions.id).",
    "kind": "What the provision commits to; see the coding manual in docs/methodology.md.",
    "strength": "How strongly it binds: undertaking, recognition, best_efforts, encouragement.",
    "parties": "Codes of the parties it binds.",
    "signed": "The instrument's first signature, from which the lag counts.",
    "implemented": (
        "The day by which the first act carrying it out had certainly happened: the first "
        "implementing event's date, or the last day of its month or year when it is known "
        "only to the month or year. Empty if no act is recorded."
    ),
    "precision": (
        "How precisely the act behind implemented is dated: day, month or year. Empty if "
        "no act is recorded."
    ),
    "lag_days": "Days from signed to implemented. Empty if no act is recorded.",
    "events": (
        "Ids of the implementing events: the first of each bound party that carried it "
        "out, earliest first."
    ),
    "pending": (
        "Codes of the bound parties with no implementing event by the cut-off (empty "
        "when implemented or not tracked)."
    ),
    "status": (
        "implemented (every bound party carried it out), partial (some did), open (it asks "
        "for an act the record can show and none is recorded by the cut-off) or "
        "not_tracked (a recognition or an encouragement, or a kind no event records)."
    ),
}
"""The meaning of each column of the implementation table (its data dictionary)."""


def _order(event: Event) -> tuple[dt.date, int, str]:
    """Earliest first: by the day it had certainly happened, the more precise first, then id."""
    return (event.certain_by, _RANK[event.precision], event.id)


def _fields(provisions: Iterable[Provision]) -> dict[str, frozenset[str]]:
    """The kinds of provision each instrument has: the fields an agreement is in."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for provision in provisions:
        found[provision.instrument].add(provision.kind)
    return {instrument: frozenset(kinds) for instrument, kinds in found.items()}


class _Index:
    """The events, instruments and fields the rules read, indexed once for every row."""

    def __init__(
        self,
        instruments: Iterable[Instrument],
        events: Iterable[Event],
        provisions: Iterable[Provision],
    ) -> None:
        self.instruments = {instrument.id: instrument for instrument in instruments}
        self.fields = _fields(provisions)
        by_state: defaultdict[str, list[Event]] = defaultdict(list)
        for event in events:
            by_state[event.party].append(event)
            if event.counterpart is not None:
                by_state[event.counterpart].append(event)
        self.by_state = by_state

    def credited(self, provision: Provision, instrument: Instrument, event: Event) -> set[str]:
        """The bound parties *event* carries *provision* (a tracked one) out for, if any."""
        if event.kind not in IMPLEMENTING_KINDS[provision.kind]:
            return set()
        if event.certain_by < instrument.date:
            return set()
        if event.kind in _OWN_INSTRUMENT:
            if event.instrument != instrument.id:
                return set()
        elif event.kind in _AGREEMENTS and (
            event.instrument is None
            or event.instrument == instrument.id
            or provision.kind not in self.fields.get(event.instrument, ())
        ):
            return set()
        states = {event.party} if event.counterpart is None else {event.party, event.counterpart}
        if not states <= set(instrument.signatories):
            return set()
        acting = states if event.kind in JOINT_KINDS else {event.party}
        return acting & set(provision.parties)

    def row(self, provision: Provision) -> ImplementationRow:
        instrument = self.instruments[provision.instrument]
        tracked = provision.strength in IMPLEMENTABLE_STRENGTHS and (
            provision.kind in IMPLEMENTING_KINDS
        )
        first: dict[str, Event] = {}
        if tracked:
            for code in provision.parties:  # (an act of two bound states is read twice)
                for event in self.by_state.get(code, ()):
                    for party in self.credited(provision, instrument, event):
                        if party not in first or _order(event) < _order(first[party]):
                            first[party] = event
        acts = sorted({event.id: event for event in first.values()}.values(), key=_order)
        pending = tuple(code for code in provision.parties if code not in first) if tracked else ()
        status: ImplementationStatus
        if not tracked:
            status = "not_tracked"
        elif not acts:
            status = "open"
        else:
            status = "partial" if pending else "implemented"
        day = acts[0].certain_by if acts else None
        return ImplementationRow(
            instrument=instrument.id,
            provision=provision.id,
            kind=provision.kind,
            strength=provision.strength,
            parties=provision.parties,
            signed=instrument.date,
            implemented=day,
            precision=acts[0].precision if acts else None,
            lag_days=None if day is None else (day - instrument.date).days,
            events=tuple(event.id for event in acts),
            pending=pending,
            status=status,
        )


def implementation_rows(
    chosen: Iterable[Provision],
    *,
    instruments: Iterable[Instrument],
    events: Iterable[Event],
    provisions: Iterable[Provision],
) -> tuple[ImplementationRow, ...]:
    """Return the implementation row of each provision in *chosen*, in its order.

    *instruments*, *events* and *provisions* are every record of the dataset (an
    agreement's field is read from its own provisions); every provision's instrument
    must be among *instruments* (as a Dataset's are).

    Examples:
        >>> import abraham_accords as aa
        >>> ds = aa.dataset()
        >>> rows = implementation_rows(
        ...     ds.provisions(kind="embassies"), instruments=ds.instrument_records,
        ...     events=ds.event_records, provisions=ds.provision_records)
        >>> [(row.provision, row.status) for row in rows]
        [('ma-us-il-joint-declaration-preamble-3-4', 'open')]
    """
    index = _Index(instruments, events, provisions)
    return tuple(index.row(provision) for provision in chosen)
