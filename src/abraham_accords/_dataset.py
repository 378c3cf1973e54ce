"""The Dataset: every record of one data release, and the queries over it."""

from __future__ import annotations

__all__ = ["Dataset"]

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from ._args import choice
from ._dates import to_date
from ._errors import ArgumentTypeError, InvalidArgumentError, UnknownPartyError, UnknownRecordError
from ._fingerprint import DEV_SUFFIX
from ._integrity import check_references
from ._lookup import PartyIndex
from ._membership import STAGES, MembershipTable, Span, Stage, to_stage
from ._models import (
    EVENT_KINDS,
    ROLES,
    SOURCE_KINDS,
    Event,
    Instrument,
    Metadata,
    Party,
    Source,
    _Record,
)

if TYPE_CHECKING:
    from ._panel import PanelRow


class Dataset(_Record):
    """One release of the data, with every query the package offers.

    The module-level functions of :mod:`abraham_accords` call the same methods on the
    bundled dataset. Records are stored sorted by id; every result is a tuple of frozen
    records, so no caller can change what another one sees.

    Examples:
        >>> import abraham_accords as aa
        >>> ds = aa.dataset()
        >>> ds.data_version == aa.DATA_VERSION
        True
    """

    # defer_build: the bundled data is assembled with model_construct from validated
    # records, so the Dataset schema is only built if someone validates a whole dataset.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    metadata: Metadata
    party_records: tuple[Party, ...] = Field(alias="parties")
    instrument_records: tuple[Instrument, ...] = Field(alias="instruments")
    event_records: tuple[Event, ...] = Field(alias="events")
    source_records: tuple[Source, ...] = Field(alias="sources")

    _index: PartyIndex = PrivateAttr()
    _by_party: dict[str, tuple[Event, ...]] = PrivateAttr()
    _membership: MembershipTable = PrivateAttr()
    _records: dict[str, Event | Instrument | Source] = PrivateAttr()
    _source_by_id: dict[str, Source] = PrivateAttr()

    @model_validator(mode="after")
    def _check_references(self) -> Dataset:
        # Unreleased data may run past its release's cut-off, up to today.
        unreleased = self.metadata.data_version.endswith(DEV_SUFFIX)
        problems = check_references(
            self.metadata,
            self.party_records,
            self.instrument_records,
            self.event_records,
            self.source_records,
            until=dt.date.today() if unreleased else None,  # noqa: DTZ011  (a calendar date)
        )
        if problems:
            raise ValueError("; ".join(str(p) for p in problems))
        return self

    def model_post_init(self, context: Any, /) -> None:  # noqa: ANN401  (pydantic's signature)
        """Build the lookup tables once, when the dataset is created."""
        del context
        by_party: defaultdict[str, list[Event]] = defaultdict(list)
        for event in self.event_records:
            by_party[event.party].append(event)
        self._by_party = {
            code: tuple(sorted(found, key=lambda e: (e.date, e.id)))
            for code, found in by_party.items()
        }
        self._membership = MembershipTable(self.party_records, self._by_party)
        self._index = PartyIndex(self.party_records)
        self._source_by_id = {s.id: s for s in self.source_records}
        records: dict[str, Event | Instrument | Source] = {}
        for group in (self.source_records, self.instrument_records, self.event_records):
            for record in group:
                records[record.id] = record
        self._records = records

    # -- facts about the release ------------------------------------------------------

    @property
    def data_version(self) -> str:
        """The dataset version (CalVer ``YYYY.MM.DD``) of this release."""
        return self.metadata.data_version

    @property
    def cutoff(self) -> dt.date:
        """The last day up to which the data was checked against sources."""
        return self.metadata.cutoff

    # -- parties ----------------------------------------------------------------------

    def find_party(self, query: str | int | Party) -> Party | None:
        """Return the party *query* names, or ``None`` if there is none.

        Args:
            query: an alpha-2, alpha-3 or numeric code, an English name or a common
                alias; case, accents, spaces and punctuation are ignored.

        Returns:
            The party, or ``None``.

        Raises:
            ArgumentTypeError: *query* is not a string, an int or a Party.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.find_party("uae").name
            'United Arab Emirates'
            >>> aa.find_party("Atlantis") is None
            True
        """
        return self._find(query, "query")

    def get_party(self, query: str | int | Party) -> Party:
        """Return the party *query* names.

        Args:
            query: an alpha-2, alpha-3 or numeric code, an English name or a common
                alias; case, accents, spaces and punctuation are ignored.

        Returns:
            The party.

        Raises:
            UnknownPartyError: no party matches; the message suggests close names.
            ArgumentTypeError: *query* is not a string, an int or a Party.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.get_party("Morocco").code
            'MA'
            >>> try:
            ...     aa.get_party("Marocco")
            ... except aa.UnknownPartyError as exc:
            ...     print(exc)
            unknown party 'Marocco'; did you mean 'Morocco' (MA)?
        """
        return self._get(query, "query")

    def _find(self, query: object, argument: str) -> Party | None:
        if isinstance(query, Party):
            return self._index.find(query.code)
        if isinstance(query, bool) or not isinstance(query, (str, int)):
            msg = f"{argument} must be a code, a name or a Party, not {type(query).__name__}"
            raise ArgumentTypeError(msg)
        if isinstance(query, int):
            if not 0 <= query <= 999:  # noqa: PLR2004  (ISO numeric codes have three digits)
                return None
            query = f"{query:03d}"
        return self._index.find(query)

    def _get(self, query: object, argument: str) -> Party:
        found = self._find(query, argument)
        if found is None:
            text = query.code if isinstance(query, Party) else str(query)
            raise UnknownPartyError(text, self._index.suggest(text))
        return found

    def parties(self, *, role: str | None = None) -> tuple[Party, ...]:
        """Return the parties, optionally only those of one *role*, sorted by code.

        Examples:
            >>> import abraham_accords as aa
            >>> [p.code for p in aa.parties(role="broker")]
            ['US']
        """
        if role is None:
            return self.party_records
        wanted = choice(role, ROLES, argument="role", what="role")
        return tuple(p for p in self.party_records if p.role == wanted)

    # -- membership -------------------------------------------------------------------

    def members_as_of(self, date: object, *, stage: str = "announced") -> tuple[Party, ...]:
        """Return the parties that had reached *stage* by *date* and not withdrawn.

        Args:
            date: a ``date``, a ``datetime`` or an ISO ``YYYY-MM-DD`` string.
            stage: ``"announced"`` (default), ``"signed"`` or ``"ratified"``.

        Returns:
            The member parties, ordered by the day they reached *stage*, then by code.

        Raises:
            InvalidDateError: *date* is a malformed date string.
            InvalidArgumentError: *stage* is not a stage.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> [p.code for p in aa.members_as_of("2020-09-14")]
            ['AE', 'IL', 'BH']
            >>> [p.code for p in aa.members_as_of("2020-09-15", stage="signed")]
            ['AE', 'BH', 'IL']
        """
        return self._membership.members(to_date(date, argument="date"), to_stage(stage))

    def is_member(
        self, party: str | int | Party, date: object, *, stage: str = "announced"
    ) -> bool:
        """Return whether *party* had reached *stage* by *date* (and not withdrawn).

        Raises:
            UnknownPartyError: *party* names no party.
            InvalidDateError: *date* is a malformed date string.
            InvalidArgumentError: *stage* is not a stage.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.is_member("MA", "2021-01-01")
            True
            >>> aa.is_member("Kazakhstan", "2021-01-01")
            False
        """
        found = self._get(party, "party")
        day = to_date(date, argument="date")
        return self._membership.holding(found.code, day, to_stage(stage)) is not None

    def join_date(self, party: str | int | Party, *, stage: str = "announced") -> dt.date | None:
        """Return the first day *party* reached *stage*, or ``None`` if it never did.

        Raises:
            UnknownPartyError: *party* names no party.
            InvalidArgumentError: *stage* is not a stage.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.join_date("SD", stage="signed")
            datetime.date(2021, 1, 6)
        """
        found = self._get(party, "party")
        level = to_stage(stage)
        spans = self._membership.spans(found.code)
        if not spans or not spans[level]:
            return None
        return spans[level][0].start

    def stage_spans(self, party: str | int | Party) -> dict[Stage, tuple[Span, ...]]:
        """Return, for each stage, the spans of days during which *party* held it.

        Each span is ``(start, end)`` with ``end`` exclusive, or None while it lasts.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.dataset().stage_spans("BH")["signed"]
            (Span(start=datetime.date(2020, 9, 15), end=None),)
        """
        spans = self._membership.spans(self._get(party, "party").code)
        return spans if spans is not None else dict.fromkeys(STAGES, ())

    def panel(
        self,
        start: object,
        end: object,
        *,
        freq: str = "year",
        stage: str = "announced",
        rule: str = "any",
    ) -> tuple[PanelRow, ...]:
        """Return member-period rows (party, period, member, stage) from *start* to *end*.

        See :func:`abraham_accords.panel` for the arguments.

        Examples:
            >>> import abraham_accords as aa
            >>> rows = aa.dataset().panel("2020-01-01", "2021-12-31")
            >>> [(r.party, r.period) for r in rows if r.member][:3]
            [('AE', '2020'), ('BH', '2020'), ('IL', '2020')]
        """
        from ._panel import panel  # noqa: PLC0415  (panels are rarely used; kept apart)

        return panel(self, start, end, freq=freq, stage=stage, rule=rule)

    # -- events and sources -----------------------------------------------------------

    def events(
        self,
        *,
        party: str | int | Party | None = None,
        kind: str | None = None,
        start: object = None,
        end: object = None,
    ) -> tuple[Event, ...]:
        """Return the events that match every given filter, by date then id.

        Args:
            party: only this party's events.
            kind: only events of this kind (see ``EVENT_KINDS``).
            start: only events whose date period ends on or after this day.
            end: only events whose date period starts on or before this day.

        Returns:
            The matching events.

        Raises:
            UnknownPartyError: *party* names no party.
            InvalidArgumentError: *kind* is not an event kind, or *start* is after *end*.
            InvalidDateError: *start* or *end* is a malformed date string.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> [e.date.isoformat() for e in aa.events(party="SD", kind="signed")]
            ['2021-01-06']
        """
        pool = self.event_records
        if party is not None:
            pool = self._by_party.get(self._get(party, "party").code, ())
        if kind is not None:
            choice(kind, EVENT_KINDS, argument="kind", what="event kind")
        first = None if start is None else to_date(start, argument="start")
        last = None if end is None else to_date(end, argument="end")
        if first is not None and last is not None and first > last:
            msg = f"start {first} is after end {last}"
            raise InvalidArgumentError(msg)
        chosen = [
            e
            for e in pool
            if (kind is None or e.kind == kind)
            and (first is None or e.certain_by >= first)
            and (last is None or e.date <= last)
        ]
        chosen.sort(key=lambda e: (e.date, e.id))
        return tuple(chosen)

    def instruments(self) -> tuple[Instrument, ...]:
        """Return every instrument, sorted by id.

        Examples:
            >>> import abraham_accords as aa
            >>> "abraham-accords-declaration" in [i.id for i in aa.instruments()]
            True
        """
        return self.instrument_records

    def sources(self, *, kind: str | None = None) -> tuple[Source, ...]:
        """Return every source, optionally only those of one *kind*, sorted by id.

        Examples:
            >>> import abraham_accords as aa
            >>> all(s.kind == "official" for s in aa.sources(kind="official"))
            True
        """
        if kind is None:
            return self.source_records
        wanted = choice(kind, SOURCE_KINDS, argument="kind", what="source kind")
        return tuple(s for s in self.source_records if s.kind == wanted)

    def get_record(self, record_id: str) -> Event | Instrument | Source:
        """Return the event, instrument or source with id *record_id*.

        Raises:
            UnknownRecordError: no record has that id.
            ArgumentTypeError: *record_id* is not a string.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.get_record("abraham-accords-declaration").kind
            'declaration'
        """
        if not isinstance(record_id, str):
            msg = f"record id must be a string, not {type(record_id).__name__}"
            raise ArgumentTypeError(msg)
        try:
            return self._records[record_id]
        except KeyError:
            msg = f"no event, instrument or source has id {record_id[:80]!r}"
            raise UnknownRecordError(msg) from None

    def sources_for(self, record: Event | Instrument | Party | Source | str) -> tuple[Source, ...]:
        """Return the sources behind *record*.

        Args:
            record: an event, instrument or source (or its id), or a party (or its
                code or name), whose sources are those of all its events.

        Returns:
            The sources, in the order the record cites them (a party's sorted by id).

        Raises:
            UnknownRecordError: an id names no record.
            UnknownPartyError: a string is neither a record id nor a party.
            ArgumentTypeError: *record* has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> all(s.url.scheme == "https" for s in aa.sources_for("SD"))
            True
        """
        if isinstance(record, str):
            found: Event | Instrument | Party | Source | None = self._records.get(record)
            record = found if found is not None else self._get(record, "record")
        if isinstance(record, Source):
            return (self._known_source(record.id),)
        if isinstance(record, (Event, Instrument)):
            known = self.get_record(record.id)
            if known != record:
                msg = f"{type(record).__name__} {record.id!r} is not the one in this dataset"
                raise UnknownRecordError(msg)
            return tuple(self._known_source(sid) for sid in record.sources)
        if isinstance(record, Party):
            party = self._get(record, "record")
            ids = sorted({sid for e in self._by_party.get(party.code, ()) for sid in e.sources})
            return tuple(self._known_source(sid) for sid in ids)
        msg = (
            f"record must be an Event, Instrument, Party, Source or id, not {type(record).__name__}"
        )
        raise ArgumentTypeError(msg)

    def _known_source(self, source_id: str) -> Source:
        try:
            return self._source_by_id[source_id]
        except KeyError:
            msg = f"no source has id {source_id[:80]!r}"
            raise UnknownRecordError(msg) from None
