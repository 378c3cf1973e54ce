"""Module-level queries: each calls the same method on the bundled dataset.

The bundled dataset is read on the first call, once, and shared; see
:class:`~abraham_accords.Dataset` for the full description of each query.
"""

from __future__ import annotations

__all__ = [
    "dataset",
    "dyads",
    "events",
    "find_party",
    "get_party",
    "get_record",
    "implementation",
    "instruments",
    "is_member",
    "join_date",
    "members_as_of",
    "memberships",
    "panel",
    "parties",
    "provisions",
    "representation",
    "sources",
    "sources_for",
]

import datetime as dt
from typing import TYPE_CHECKING

from ._dataset import Dataset
from ._loading import bundled_dataset
from ._models import Event, Instrument, Party, Provision, Source

if TYPE_CHECKING:
    from ._dates import Bound, DateLike
    from ._dyads import DyadRow, DyadRule, Representation
    from ._implementation import ImplementationRow
    from ._manydata import MembershipRow
    from ._models import EventKind, ProvisionKind, Role, SourceKind, Stage
    from ._panel import Frequency, PanelRow, Rule


def dataset() -> Dataset:
    """Return the bundled dataset (loaded on first use, then shared).

    Examples:
        >>> dataset().cutoff >= dt.date(2025, 11, 6)
        True
    """
    return bundled_dataset()


def members_as_of(date: DateLike, *, stage: Stage = "announced") -> tuple[Party, ...]:
    """Return the parties that had reached *stage* by *date*; see Dataset.members_as_of.

    Examples:
        >>> [p.name for p in members_as_of("2021-01-01", stage="signed")]
        ['United Arab Emirates', 'Bahrain', 'Israel', 'Morocco']
    """
    return bundled_dataset().members_as_of(date, stage=stage)


def is_member(party: str | int | Party, date: DateLike, *, stage: Stage = "announced") -> bool:
    """Return whether *party* was a member at *stage* on *date*; see Dataset.is_member.

    Examples:
        >>> is_member("Sudan", "2021-01-05", stage="signed")
        False
    """
    return bundled_dataset().is_member(party, date, stage=stage)


def join_date(party: str | int | Party, *, stage: Stage = "announced") -> dt.date | None:
    """Return the first day *party* reached *stage*; see Dataset.join_date.

    Examples:
        >>> join_date("KZ")
        datetime.date(2025, 11, 6)
    """
    return bundled_dataset().join_date(party, stage=stage)


def find_party(query: str | int | Party | None = None, *, ccode: int | None = None) -> Party | None:
    """Return the party *query* (or COW state number *ccode*) names, or None.

    See Dataset.find_party: a bare number is an ISO 3166-1 numeric code.

    Examples:
        >>> find_party("784").code, find_party(ccode=696).code
        ('AE', 'AE')
    """
    return bundled_dataset().find_party(query, ccode=ccode)


def get_party(query: str | int | Party | None = None, *, ccode: int | None = None) -> Party:
    """Return the party *query* (or COW state number *ccode*) names; see Dataset.get_party.

    Raises UnknownPartyError if there is none; a bare number is an ISO 3166-1 numeric code.

    Examples:
        >>> get_party("Emirates").alpha3, get_party(ccode=2).code
        ('ARE', 'US')
    """
    return bundled_dataset().get_party(query, ccode=ccode)


def parties(*, role: Role | None = None) -> tuple[Party, ...]:
    """Return the parties, optionally of one role; see Dataset.parties.

    Examples:
        >>> [p.code for p in parties(role="party")]
        ['AE', 'BH', 'IL', 'KZ', 'MA', 'SD']
    """
    return bundled_dataset().parties(role=role)


def events(
    *,
    party: str | int | Party | None = None,
    kind: EventKind | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    actor_only: bool = False,
) -> tuple[Event, ...]:
    """Return the events matching every filter, by date; see Dataset.events.

    Examples:
        >>> [e.party for e in events(kind="announced", end="2020-12-31")][:2]
        ['AE', 'IL']
    """
    return bundled_dataset().events(
        party=party, kind=kind, start=start, end=end, actor_only=actor_only
    )


def instruments() -> tuple[Instrument, ...]:
    """Return every instrument, sorted by id; see Dataset.instruments.

    Examples:
        >>> len(instruments()) >= 4
        True
    """
    return bundled_dataset().instruments()


def provisions(
    *,
    instrument: str | Instrument | None = None,
    kind: ProvisionKind | None = None,
    party: str | int | Party | None = None,
) -> tuple[Provision, ...]:
    """Return the provisions matching every filter, in text order; see Dataset.provisions.

    Examples:
        >>> [p.article for p in provisions(instrument="abraham-accords-declaration")][:3]
        ['Para 1', 'Para 2', 'Para 3']
    """
    return bundled_dataset().provisions(instrument=instrument, kind=kind, party=party)


def implementation(
    *,
    instrument: str | Instrument | None = None,
    kind: ProvisionKind | None = None,
    party: str | int | Party | None = None,
) -> tuple[ImplementationRow, ...]:
    """Return, for each provision, which acts carried it out, when, and how long after signing.

    A provision that asks for an act the events can show (an embassy or an ambassador, a
    flight, diplomatic relations, a visa or sectoral agreement, ratification or entry into
    force) is linked to the first recorded event of each bound party that carried it out;
    one with no such event by the cut-off is ``open`` (not failed), and a recognition or an
    encouragement, which asks for no act, is ``not_tracked``. The rules are the coding
    manual's (docs/methodology.md, "What counts as implementation").

    Args:
        instrument: only the provisions of this instrument (its id, or the record).
        kind: only provisions of this kind (see ``PROVISION_KINDS``).
        party: only the provisions that bind this party.

    Returns:
        One :class:`ImplementationRow` per provision, in the order of
        :func:`provisions`: ``instrument``, ``provision``, ``kind``, ``strength``,
        ``parties`` (bound), ``signed`` (the instrument's first signature),
        ``implemented`` (the day by which the first act had certainly happened: for an
        event known only to the month or year, the period's last day), its
        ``precision``, ``lag_days`` (from ``signed`` to ``implemented``), ``events`` (the
        first implementing event of each bound party that acted, earliest first),
        ``pending`` (the bound parties with none) and ``status``: ``implemented`` (every
        bound party acted), ``partial``, ``open`` or ``not_tracked`` (one of
        ``IMPLEMENTATION_STATUSES``).

    Raises:
        UnknownRecordError: *instrument* names no instrument of this dataset.
        UnknownPartyError: *party* names no party.
        InvalidArgumentError: *kind* is not a provision kind.
        ArgumentTypeError: an argument has the wrong type.

    Examples:
        >>> (row,) = implementation(kind="embassies")  # the US consulate in Dakhla
        >>> row.provision
        'ma-us-il-joint-declaration-preamble-3-4'
        >>> row.parties, row.signed, row.status, row.pending
        (('US',), datetime.date(2020, 12, 22), 'open', ('US',))
        >>> {r.status for r in implementation(instrument="abraham-accords-declaration")}
        {'not_tracked'}
    """
    return bundled_dataset().implementation(instrument=instrument, kind=kind, party=party)


def sources(*, kind: SourceKind | None = None) -> tuple[Source, ...]:
    """Return every source, optionally of one kind; see Dataset.sources.

    Examples:
        >>> len(sources()) > 0
        True
    """
    return bundled_dataset().sources(kind=kind)


def get_record(record_id: str) -> Event | Instrument | Source:
    """Return the event, instrument or source with this id; see Dataset.get_record.

    Examples:
        >>> get_record("abraham-accords-declaration").date
        datetime.date(2020, 9, 15)
    """
    return bundled_dataset().get_record(record_id)


def sources_for(record: Event | Instrument | Party | Source | str) -> tuple[Source, ...]:
    """Return the sources behind a record or party; see Dataset.sources_for.

    Examples:
        >>> len(sources_for("abraham-accords-declaration")) >= 1
        True
    """
    return bundled_dataset().sources_for(record)


def panel(  # noqa: PLR0913  (the public signature)
    start: Bound,
    end: Bound,
    *,
    freq: Frequency = "year",
    stage: Stage = "announced",
    rule: Rule = "any",
    candidates: bool = False,
) -> tuple[PanelRow, ...]:
    """Return one row per party per period, as country-year (or -month, -day) data.

    Args:
        start: first day covered (its whole period is included); a year (``2020`` or
            ``"2020"``) or a month (``"2020-03"``) means its first day.
        end: last day covered (its whole period is included); a year or a month means
            its last day.
        freq: ``"year"`` (default), ``"month"`` or ``"day"``.
        stage: the stage a party must have reached to count as a member.
        rule: how a party that joins mid-period counts: ``"any"`` (default) if it was a
            member on any day of the period, ``"start"`` on its first day, ``"end"`` on
            its last day.
        candidates: also give a row to every candidate state (never a member).

    Returns:
        Rows by period, then party code, for every party of role ``party`` (and, with
        *candidates*, of role ``candidate``): the party's codes (``party``, ``iso3``,
        the Correlates of War ``ccode``), the period (``period``, ``year``, ``month``,
        ``period_start``, ``period_end``), ``member`` and the highest ``stage`` under the
        rule, and one column per stage (``announced``, ``signed``, ``ratified``,
        ``in_force``): the wide form. ``after_cutoff`` is true when the period ends
        after the data's cut-off (``dataset().cutoff``): days of it were never checked,
        so a stage reached in them may be missing.

    Raises:
        InvalidArgumentError: an unknown *freq*, *rule* or *stage*, or *start* after *end*.
        InvalidDateError: *start* or *end* is a malformed date, month or year.
        ArgumentTypeError: an argument has the wrong type.

    Examples:
        >>> rows = panel(2020, 2020, rule="end")
        >>> [(r.party, r.iso3, r.ccode, r.year, r.member, r.stage) for r in rows][:2]
        [('AE', 'ARE', 696, 2020, True, 'signed'), ('BH', 'BHR', 692, 2020, True, 'signed')]
        >>> [(r.announced, r.signed, r.ratified, r.in_force) for r in rows][:1]
        [(True, True, False, False)]
    """
    return bundled_dataset().panel(
        start, end, freq=freq, stage=stage, rule=rule, candidates=candidates
    )


def memberships() -> tuple[MembershipRow, ...]:
    """Return one row per state and Accords instrument, in manydata's membership columns.

    The table of manydata's ``memberships`` datacubes (manyenviron, manytrade,
    manyhealth), so that R users can bind it onto them: a row for each Accords
    instrument (the Abraham Accords Declaration and each bilateral treaty, declaration,
    joint declaration, communiqué or statement; not the sectoral agreements) and each
    state that signed it or has a ratification or entry into force of it on record. A
    party that has only announced its accession (Kazakhstan) signed nothing, so has no
    row: the panel and ``members_as_of`` count it.

    Returns:
        Rows by ``Begin``, ``manyID``, then ``stateID``. manydata's columns: ``manyID``
        and ``treatyID`` (the instrument's id in manydata's shape, e.g.
        ``ARE-ISR[TRT]_2020A``), ``Title``, ``Begin`` and ``Signature`` (the
        instrument's first signature), ``stateID`` (ISO alpha-3), ``StateName``, and the
        state's ``StateSignature``, ``StateRatification``, ``StateForce`` and
        ``StateEnd``. Dates are text as the messydates R package writes them
        (``YYYY-MM-DD``, or ``YYYY-MM`` known only to the month). Then this package's
        columns: ``instrument`` and ``party`` (our ids, to join back) and the id of the
        event behind each state date (``signed_event``, ``ratified_event``,
        ``in_force_event``, ``withdrawn_event``); a signatory's signature with no event
        of its own is read from the instrument, its ``signed_event`` null. How our
        stages map onto manydata's columns: docs/methodology.md.

    Examples:
        >>> rows = memberships()
        >>> [(r.manyID, r.stateID, r.StateSignature) for r in rows if r.party == "SD"]
        [('AAD_2020R', 'SDN', '2021-01-06')]
        >>> [(r.stateID, r.StateRatification, r.ratified_event)
        ...  for r in rows if r.instrument == "il-ae-peace-treaty"]
        [('ARE', None, None), ('ISR', '2020-10-25', 'il-2020-10-25-ratified')]
    """
    return bundled_dataset().memberships()


def representation(
    sender: str | int | Party, receiver: str | int | Party, date: DateLike
) -> Representation:
    """Return *sender*'s diplomatic representation in *receiver* on *date*.

    One of the two is Israel, the other a party or candidate. See
    :meth:`Dataset.representation` and the dyad rules in docs/methodology.md.

    Examples:
        >>> rep = representation("IL", "BH", "2024-01-01")
        >>> rep.level, rep.dipex, rep.mission
        ('charge_d_affaires', 1, 'embassy')
        >>> rep.events  # the embassy's opening, and the ambassador's departure
        ('il-2021-09-30-embassy-opened', 'il-2023-10-01-envoy-recalled')
        >>> rep.basis, rep.since  # a chargé d'affaires: the rules' inference since the recall
        ('assumed', datetime.date(2023, 10, 1))
    """
    return bundled_dataset().representation(sender, receiver, date)


def dyads(
    start: Bound, end: Bound, *, freq: Frequency = "year", rule: DyadRule = "end"
) -> tuple[DyadRow, ...]:
    """Return directed dyad rows: Israel with each party and candidate, both ways.

    Each row gives party1's representation in party2 (level and COW Diplomatic Exchange
    code), whether party1 kept a resident mission there, and the pair's diplomatic
    relations, scheduled direct flights, agreements signed to date and frozen ties; and
    for each value but the agreements, how it was reached (``<value>_basis``: one of
    ``abraham_accords.BASES``) and the date of the latest event behind it (``<value>_since``).

    Args:
        start: first day (a date, a datetime or an ISO string; a year ``2020`` or a month
            ``"2020-03"`` means its first day).
        end: last day (a year or a month means its last day); each period is cut to
            ``start``..``end``.
        freq: ``"year"`` (default), ``"month"`` or ``"day"``.
        rule: ``"end"`` (default): the state on the period's last day; ``"max"``: the
            highest level, and any value that held on some day of the period.

    Returns:
        Rows by dyad (Israel's first, then by code), then period. ``after_cutoff`` is
        true when the row's ``date`` (the period's last day, cut to *end*) is after the
        data's cut-off (``dataset().cutoff``): the row reports a day that was never
        checked, so an event of its last days may be missing.

    Raises:
        InvalidArgumentError: *freq* or *rule* is unknown, *start* is after *end*, or
            the table would exceed a million rows.
        InvalidDateError: *start* or *end* is a malformed date, month or year.

    Examples:
        >>> rows = dyads("2020-01-01", "2023-12-31")
        >>> [(r.year, r.representation) for r in rows if (r.party1, r.party2) == ("AE", "IL")]
        [(2020, 'none'), (2021, 'ambassador'), (2022, 'ambassador'), (2023, 'ambassador')]
    """
    return bundled_dataset().dyads(start, end, freq=freq, rule=rule)
