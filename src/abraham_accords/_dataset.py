"""The Dataset: every record of one data release, and the queries over it."""

from __future__ import annotations

__all__ = ["Dataset", "Snapshot", "last_day", "parse_snapshot"]

import datetime as dt
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from ._args import choice
from ._dates import to_date
from ._errors import (
    ArgumentTypeError,
    DataIntegrityError,
    InvalidArgumentError,
    Problem,
    UnknownPartyError,
    UnknownRecordError,
)
from ._fingerprint import DEV_SUFFIX
from ._integrity import check_references
from ._lookup import PartyIndex
from ._membership import STAGES, MembershipTable, Span, Stage, StageEvent, Timed, to_stage
from ._models import (
    EVENT_KINDS,
    PROVISION_KINDS,
    ROLES,
    SOURCE_KINDS,
    TRUSTED,
    Event,
    Instrument,
    Metadata,
    Party,
    Provision,
    Source,
    _Record,
)

if TYPE_CHECKING:
    from ._dates import Bound, DateLike
    from ._dyads import DyadRow, DyadRule, DyadTable, Representation
    from ._implementation import ImplementationRow
    from ._manydata import MembershipRow
    from ._models import EventKind, ProvisionKind, Role, SourceKind
    from ._panel import Frequency, PanelRow, Rule

_R = TypeVar("_R", Party, Instrument, Event, Source, Provision)


def _records_of(values: Iterable[_R], model: type[_R], argument: str) -> tuple[_R, ...]:
    """Check that *values* are records of *model*; return them as a tuple."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        msg = f"{argument} must be an iterable of {model.__name__}, not {type(values).__name__}"
        raise ArgumentTypeError(msg)
    records = tuple(values)
    for record in records:
        if not isinstance(record, model):
            msg = f"{argument} must hold {model.__name__} records, not {type(record).__name__}"
            raise ArgumentTypeError(msg)
    return records


def last_day(metadata: Metadata) -> dt.date | None:
    """The last day records may bear: today for unreleased data, else None (the cut-off).

    Unreleased data may run past its release's cut-off, up to today.
    """
    if metadata.data_version.endswith(DEV_SUFFIX):
        return dt.date.today()  # noqa: DTZ011  (a calendar date)
    return None


_by_id: Final = attrgetter("id")
_by_day_then_id: Final = attrgetter("date", "id")
_NUMBER_OR_WORD: Final = re.compile(r"[0-9]+|[a-z]+")


def _text_order(provision: Provision) -> tuple[object, ...]:
    """Sort key: instrument, then as the text runs: preamble, articles or paragraphs, annex.

    Numbers compare as numbers (Article 2 before Article 10), letters as letters, and an
    article's commitments in their order (the ``-<n>`` that ends the id).
    """
    article = provision.article
    section = 0 if article.startswith("Preamble") else 2 if article.startswith("Annex") else 1
    numbering = article.partition(" ")[2] if article[:1].isalpha() else article
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _NUMBER_OR_WORD.findall(numbering)
    )
    last = provision.id.rsplit("-", 1)[-1]
    number = int(last) if last.isdigit() else 0
    return (provision.instrument, section, parts, number, provision.id)


def parse_snapshot(data: str | bytes, *, name: str, trusted: bool = False) -> Snapshot:
    """Parse and validate a snapshot's JSON; *trusted* skips only the pycountry lookup.

    Raises:
        DataIntegrityError: the JSON is not a valid snapshot; problems name *name*.
    """
    try:
        return _snapshot_adapter().validate_json(data, context={TRUSTED: trusted})
    except ValidationError as exc:
        problems = [
            Problem(name, ".".join(str(part) for part in error["loc"]) or "(file)", error["msg"])
            for error in exc.errors(include_url=False)
        ]
        raise DataIntegrityError(problems) from None


@cache
def _snapshot_adapter() -> TypeAdapter[Snapshot]:
    """Built once, on the first snapshot read (the schema is deferred until then)."""
    return TypeAdapter(Snapshot)


class Snapshot(_Record):
    """A whole dataset as JSON: its metadata and every record, as in a release or an export.

    Parsing validates every record; a Dataset made from it also checks how the records
    refer to one another.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, title="Dataset", populate_by_name=True
    )

    package_version: str | None = Field(
        default=None,
        description=(
            "Version of the abraham-accords package that wrote this file (an export); "
            "absent from releases. The dataset version is metadata.data_version."
        ),
    )
    metadata: Metadata
    parties: tuple[Party, ...]
    instruments: tuple[Instrument, ...]
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    provisions: tuple[Provision, ...] = Field(
        default=(),
        description=(
            "The commitments of each instrument, article by article; left out of a dataset "
            "that has none (every release made before provisions were recorded)."
        ),
    )
    memberships: tuple[dict[str, str | None], ...] | None = Field(
        default=None,
        description=(
            "In an export only: the membership table in manydata's columns (see "
            "membership.schema.json), derived from the records by the package_version "
            "that wrote the file; absent from releases, and not read back (a Dataset "
            "derives it again)."
        ),
    )
    implementation: tuple[dict[str, Any], ...] | None = Field(
        default=None,
        description=(
            "In an export only: the implementation table, one row per provision (see "
            "implementation.schema.json), derived from the records by the package_version "
            "that wrote the file; absent from releases, and not read back (a Dataset "
            "derives it again)."
        ),
    )


_Records = tuple[Iterable[Instrument], Iterable[Event], Iterable[Source], Iterable[Provision]]
"""Instruments, events, sources and provisions, as a release's data provides them."""

_BUILD_LOCK: Final = threading.Lock()
"""Held while a Dataset builds its records on first use, so that they are built once."""


class _Tables(NamedTuple):
    """A Dataset's instruments, events, sources and provisions, sorted by id, and indexes."""

    instruments: tuple[Instrument, ...]
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    provisions: tuple[Provision, ...]
    in_text_order: tuple[Provision, ...]
    """The provisions by instrument, then in the order of its text (see ``_text_order``)."""
    by_party: dict[str, tuple[Event, ...]]
    """Each party's own events, by id (queries sort what they return)."""
    as_counterpart: dict[str, tuple[Event, ...]]
    """The events naming each party as the counterpart."""
    records: dict[str, Event | Instrument | Source]
    sources_by_id: dict[str, Source]
    retired: dict[str, str]
    """Each retired event id (an event's ``replaces``), with the id of the event replacing it."""

    @classmethod
    def of(
        cls,
        instruments: Iterable[Instrument],
        events: Iterable[Event],
        sources: Iterable[Source],
        provisions: Iterable[Provision] = (),
    ) -> _Tables:
        """Sort the records and index them."""
        instrument_list = tuple(sorted(instruments, key=_by_id))
        event_list = tuple(sorted(events, key=_by_id))
        source_list = tuple(sorted(sources, key=_by_id))
        provision_list = tuple(sorted(provisions, key=_by_id))
        by_party: defaultdict[str, list[Event]] = defaultdict(list)
        as_counterpart: defaultdict[str, list[Event]] = defaultdict(list)
        for event in event_list:
            by_party[event.party].append(event)
            if event.counterpart is not None:
                as_counterpart[event.counterpart].append(event)
        records: dict[str, Event | Instrument | Source] = {}
        for group in (source_list, instrument_list, event_list):
            for record in group:
                records[record.id] = record
        retired = {old: event.id for event in event_list for old in event.replaces or ()}
        return cls(
            instrument_list,
            event_list,
            source_list,
            provision_list,
            tuple(sorted(provision_list, key=_text_order)),
            {code: tuple(found) for code, found in by_party.items()},
            {code: tuple(found) for code, found in as_counterpart.items()},
            records,
            {source.id: source for source in source_list},
            retired,
        )


class Dataset:
    """One release of the data, with every query the package offers.

    The module-level functions of :mod:`abraham_accords` call the same methods on the
    bundled dataset. A Dataset is immutable: its records are tuples of frozen records,
    sorted by id, checked against one another when it is made, and indexed once; use
    :meth:`replace` to make a changed copy (checked and indexed anew).

    Args:
        metadata: the dataset's version, cut-off and licence.
        parties: the party records.
        instruments: the instrument records.
        events: the event records.
        sources: the source records.
        provisions: the provision records (the commitments of each instrument).

    Raises:
        ArgumentTypeError: an argument is not a record of its type.
        DataIntegrityError: the records do not refer to one another correctly.

    Examples:
        >>> import abraham_accords as aa
        >>> ds = aa.dataset()
        >>> ds.data_version == aa.DATA_VERSION
        True
        >>> try:
        ...     ds.replace(events=ds.events(party="KZ"))  # the other parties lose their events
        ... except aa.DataIntegrityError as error:
        ...     print(error.problems[0].message)
        role 'party' but no membership event (announced, signed, ratified, in force)
        >>> ds.cutoff = None
        Traceback (most recent call last):
        AttributeError: a Dataset is immutable; use replace(cutoff=...) for a changed copy
    """

    __slots__ = (
        "_built",
        "_dyad_table",
        "_index",
        "_membership",
        "_pending",
        "metadata",
        "party_records",
    )

    metadata: Metadata
    party_records: tuple[Party, ...]
    _membership: MembershipTable
    _built: _Tables | None
    _pending: Callable[[], _Records] | None
    _index: PartyIndex
    _dyad_table: DyadTable | None

    def __init__(  # noqa: PLR0913  (one argument per record type)
        self,
        metadata: Metadata,
        parties: Iterable[Party],
        instruments: Iterable[Instrument],
        events: Iterable[Event],
        sources: Iterable[Source],
        *,
        provisions: Iterable[Provision] = (),
    ) -> None:
        if not isinstance(metadata, Metadata):
            msg = f"metadata must be a Metadata, not {type(metadata).__name__}"
            raise ArgumentTypeError(msg)
        party_list = _records_of(parties, Party, "parties")
        instrument_list = _records_of(instruments, Instrument, "instruments")
        event_list = _records_of(events, Event, "events")
        source_list = _records_of(sources, Source, "sources")
        provision_list = _records_of(provisions, Provision, "provisions")
        problems = check_references(
            metadata,
            party_list,
            instrument_list,
            event_list,
            source_list,
            until=last_day(metadata),
            provisions=provision_list,
        )
        if problems:
            raise DataIntegrityError(problems)
        tables = _Tables.of(instrument_list, event_list, source_list, provision_list)
        self._assign(metadata, party_list, tables.by_party)
        object.__setattr__(self, "_built", tables)
        object.__setattr__(self, "_pending", None)

    def _assign(
        self,
        metadata: Metadata,
        parties: Iterable[Party],
        stage_events: Mapping[str, Iterable[Timed]],
    ) -> None:
        """Set what every query needs: metadata, parties and the membership table."""
        assign = object.__setattr__
        assign(self, "metadata", metadata)
        assign(self, "party_records", tuple(sorted(parties, key=attrgetter("code"))))
        assign(self, "_membership", MembershipTable(self.party_records, stage_events))
        assign(self, "_index", PartyIndex(self.party_records))
        assign(self, "_dyad_table", None)

    @classmethod
    def _deferred(
        cls,
        metadata: Metadata,
        parties: Iterable[Party],
        stage_events: Mapping[str, Iterable[StageEvent]],
        rest: Callable[[], _Records],
    ) -> Dataset:
        """Make a Dataset of checked records whose models are built when first needed.

        The caller has checked the records (a release's checksum, or full validation of
        plain records); membership is answered from *parties* and *stage_events* alone;
        *rest* is called once, on the first query that needs instruments, events, sources
        or provisions.
        """
        dataset = cls.__new__(cls)
        dataset._assign(metadata, parties, stage_events)  # noqa: SLF001  (its own class)
        object.__setattr__(dataset, "_built", None)
        object.__setattr__(dataset, "_pending", rest)
        return dataset

    @property
    def _tables(self) -> _Tables:
        """The instruments, events, sources and provisions, indexed, built on first use."""
        tables = self._built
        if tables is None:
            with _BUILD_LOCK:
                tables = self._built
                if tables is None:
                    assert self._pending is not None  # noqa: S101  (set whenever _built is not)
                    tables = _Tables.of(*self._pending())
                    object.__setattr__(self, "_built", tables)
                    object.__setattr__(self, "_pending", None)
        return tables

    @property
    def instrument_records(self) -> tuple[Instrument, ...]:
        """Every instrument, sorted by id."""
        return self._tables.instruments

    @property
    def event_records(self) -> tuple[Event, ...]:
        """Every event, sorted by id."""
        return self._tables.events

    @property
    def source_records(self) -> tuple[Source, ...]:
        """Every source, sorted by id."""
        return self._tables.sources

    @property
    def provision_records(self) -> tuple[Provision, ...]:
        """Every provision, sorted by id."""
        return self._tables.provisions

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"a Dataset is immutable; use replace({name}=...) for a changed copy"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = "a Dataset is immutable"
        raise AttributeError(msg)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        if not hasattr(self, "_built"):  # refused while being made
            return "<Dataset (incomplete)>"
        return (
            f"<Dataset {self.data_version}: {len(self.party_records)} parties, "
            f"{len(self.instrument_records)} instruments, {len(self.event_records)} events, "
            f"{len(self.source_records)} sources>"
        )

    def _key(self) -> tuple[object, ...]:
        return (
            self.metadata,
            self.party_records,
            self.instrument_records,
            self.event_records,
            self.source_records,
            self.provision_records,
        )

    @classmethod
    def from_json(cls, data: str | bytes) -> Dataset:
        """Read a whole dataset from JSON (a release snapshot or ``export(fmt="json")``).

        Every record and every reference is checked, ISO codes included.

        Raises:
            DataIntegrityError: the JSON is not a valid dataset; every problem is listed.
            ArgumentTypeError: *data* is not text or bytes.

        Examples:
            >>> import abraham_accords as aa
            >>> ds = aa.dataset()
            >>> aa.Dataset.from_json(ds.to_snapshot().model_dump_json()) == ds
            True
        """
        if not isinstance(data, (str, bytes)):
            msg = f"data must be JSON text or bytes, not {type(data).__name__}"
            raise ArgumentTypeError(msg)
        return cls.from_snapshot(parse_snapshot(data, name="(json)"))

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> Dataset:
        """Make a Dataset from a parsed :class:`Snapshot` (e.g. a release or an export)."""
        return cls(
            snapshot.metadata,
            snapshot.parties,
            snapshot.instruments,
            snapshot.events,
            snapshot.sources,
            provisions=snapshot.provisions,
        )

    def to_snapshot(self) -> Snapshot:
        """Return the dataset as a :class:`Snapshot`, ready to write as JSON."""
        return Snapshot.model_construct(
            metadata=self.metadata,
            parties=self.party_records,
            instruments=self.instrument_records,
            events=self.event_records,
            sources=self.source_records,
            provisions=self.provision_records,
        )

    def replace(  # noqa: PLR0913  (one argument per record type)
        self,
        *,
        metadata: Metadata | None = None,
        parties: Iterable[Party] | None = None,
        instruments: Iterable[Instrument] | None = None,
        events: Iterable[Event] | None = None,
        sources: Iterable[Source] | None = None,
        provisions: Iterable[Provision] | None = None,
    ) -> Dataset:
        """Return a copy with some record types replaced, checked and indexed anew.

        A copy whose content differs from this dataset's is no longer the release it came
        from, so unless *metadata* gives it a version of its own, ``+dev`` is added to the
        version (as for working data that runs ahead of its release): an export or a
        citation of the copy never names a release it does not match.

        Examples:
            >>> import abraham_accords as aa
            >>> ds = aa.load("2026.11.27")
            >>> renamed = ds.metadata.model_copy(update={"title": "A copy"})
            >>> copy = ds.replace(metadata=renamed)
            >>> copy.metadata.title, copy.data_version
            ('A copy', '2026.11.27+dev')
            >>> ds.replace().data_version
            '2026.11.27'
        """
        copy = Dataset(
            self.metadata if metadata is None else metadata,
            self.party_records if parties is None else parties,
            self.instrument_records if instruments is None else instruments,
            self.event_records if events is None else events,
            self.source_records if sources is None else sources,
            provisions=self.provision_records if provisions is None else provisions,
        )
        kept = copy.data_version == self.data_version  # (a version given anew is the caller's)
        if copy == self or not kept or copy.data_version.endswith(DEV_SUFFIX):
            return copy
        modified = copy.metadata.model_copy(update={"data_version": copy.data_version + DEV_SUFFIX})
        return Dataset(
            modified,
            copy.party_records,
            copy.instrument_records,
            copy.event_records,
            copy.source_records,
            provisions=copy.provision_records,
        )

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

    def find_party(
        self, query: str | int | Party | None = None, *, ccode: int | None = None
    ) -> Party | None:
        """Return the party *query* names, or ``None`` if there is none.

        Args:
            query: an alpha-2, alpha-3 or numeric code, an English name, a name in another
                language or an alias; case, accents, Arabic and Hebrew vowel marks, spaces
                and punctuation are ignored. A bare number (``784`` or ``"784"``) is an
                ISO 3166-1 numeric code, never a COW state number.
            ccode: instead of *query*, a Correlates of War state number (``696`` is the
                United Arab Emirates); keyword-only.

        Returns:
            The party, or ``None``.

        Raises:
            ArgumentTypeError: *query* is not a string, an int or a Party; *ccode* is not
                an int; or neither or both of them are given.
            InvalidArgumentError: *ccode* is outside 1 to 999.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.find_party("uae").name
            'United Arab Emirates'
            >>> aa.find_party("Atlantis") is None
            True
            >>> aa.find_party(ccode=705).name, aa.find_party(705) is None  # 705: ISO Slovenia
            ('Kazakhstan', True)
        """
        if query is not None and ccode is None:
            return self._find(query, "query")
        return self._find_ccode(query, ccode)

    def get_party(
        self, query: str | int | Party | None = None, *, ccode: int | None = None
    ) -> Party:
        """Return the party *query* names.

        Args:
            query: an alpha-2, alpha-3 or numeric code, an English name, a name in another
                language or an alias; case, accents, Arabic and Hebrew vowel marks, spaces
                and punctuation are ignored. A bare number (``784`` or ``"784"``) is an
                ISO 3166-1 numeric code, never a COW state number.
            ccode: instead of *query*, a Correlates of War state number (``696`` is the
                United Arab Emirates); keyword-only.

        Returns:
            The party.

        Raises:
            UnknownPartyError: no party matches; the message suggests close names, or for
                *ccode* lists the parties' COW state numbers.
            ArgumentTypeError: *query* is not a string, an int or a Party; *ccode* is not
                an int; or neither or both of them are given.
            InvalidArgumentError: *ccode* is outside 1 to 999.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.get_party("Morocco").code
            'MA'
            >>> aa.get_party(ccode=705).code, aa.get_party("ОАЭ").code
            ('KZ', 'AE')
            >>> try:
            ...     aa.get_party("Marocco")
            ... except aa.UnknownPartyError as exc:
            ...     print(exc)
            unknown party 'Marocco'; did you mean 'Morocco' (MA)?
        """
        if query is not None and ccode is None:
            return self._get(query, "query")
        found = self._find_ccode(query, ccode)
        if found is None:
            message = (
                f"unknown party: no party has ccode {ccode} (a COW state number); "
                f"the parties have {self._index.ccodes()}"
            )
            asked = f"ccode={ccode}"
            raise UnknownPartyError(asked, message=message)
        return found

    def _find_ccode(self, query: object, ccode: object) -> Party | None:
        """The party with COW state number *ccode*, once the call's arguments are checked."""
        if query is not None:
            msg = "give a query or ccode=, not both"
            raise ArgumentTypeError(msg)
        if ccode is None:
            msg = "give a query (a code, a name or a Party) or ccode= (a COW state number)"
            raise ArgumentTypeError(msg)
        if isinstance(ccode, bool) or not isinstance(ccode, int):
            msg = f"ccode must be an int (a COW state number), not {type(ccode).__name__}"
            raise ArgumentTypeError(msg)
        if not 1 <= ccode <= 999:  # noqa: PLR2004  (the range of COW state numbers)
            msg = f"ccode must be a COW state number, 1 to 999, not {ccode}"
            raise InvalidArgumentError(msg)
        return self._index.find_ccode(ccode)

    def _find(self, query: object, argument: str) -> Party | None:
        if type(query) is str:  # the common case first: a code or a name
            return self._index.find(query)
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

    def parties(self, *, role: Role | None = None) -> tuple[Party, ...]:
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

    def members_as_of(self, date: DateLike, *, stage: Stage = "announced") -> tuple[Party, ...]:
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
        return self._membership.members(to_date(date), to_stage(stage))

    def is_member(
        self, party: str | int | Party, date: DateLike, *, stage: Stage = "announced"
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
        day = to_date(date)
        level = to_stage(stage)
        return self._membership.holding(found.code, day, level) is not None

    def join_date(self, party: str | int | Party, *, stage: Stage = "announced") -> dt.date | None:
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

    def panel(  # noqa: PLR0913  (the public signature)
        self,
        start: Bound,
        end: Bound,
        *,
        freq: Frequency = "year",
        stage: Stage = "announced",
        rule: Rule = "any",
        candidates: bool = False,
    ) -> tuple[PanelRow, ...]:
        """Return member-period rows (party, period, member, stages) from *start* to *end*.

        See :func:`abraham_accords.panel` for the arguments.

        Examples:
            >>> import abraham_accords as aa
            >>> rows = aa.dataset().panel(2020, 2021)
            >>> [(r.party, r.year) for r in rows if r.member][:3]
            [('AE', 2020), ('BH', 2020), ('IL', 2020)]
        """
        from ._panel import panel  # noqa: PLC0415  (panels are rarely used; kept apart)

        if not isinstance(candidates, bool):
            msg = f"candidates must be True or False, not {type(candidates).__name__}"
            raise ArgumentTypeError(msg)
        parties = self.parties(role="party") + (
            self.parties(role="candidate") if candidates else ()
        )
        spans_of = {p.code: self.stage_spans(p) for p in parties}
        return panel(
            parties, spans_of, start, end, freq=freq, stage=stage, rule=rule, cutoff=self.cutoff
        )

    def memberships(self) -> tuple[MembershipRow, ...]:
        """Return one row per state and Accords instrument, in manydata's columns.

        See :func:`abraham_accords.memberships` for the rows and columns.

        Examples:
            >>> import abraham_accords as aa
            >>> rows = aa.dataset().memberships()
            >>> sorted({r.stateID for r in rows if r.instrument == "il-ae-peace-treaty"})
            ['ARE', 'ISR']
        """
        from ._manydata import membership_rows  # noqa: PLC0415  (asked for rarely)

        return membership_rows(self.party_records, self.instrument_records, self.event_records)

    # -- relations between pairs of states (dyads) ------------------------------------

    @property
    def _dyads(self) -> DyadTable:
        """The dyads, derived from the events on first use."""
        table = self._dyad_table
        if table is None:
            from ._dyads import DyadTable  # noqa: PLC0415  (dyads are asked for rarely)

            table = DyadTable(self.party_records, self.event_records)
            object.__setattr__(self, "_dyad_table", table)
        return table

    def _pair(self, sender: object, receiver: object) -> tuple[str, str]:
        from ._dyads import partners  # noqa: PLC0415  (dyads are asked for rarely)

        first = self._get(sender, "sender").code
        second = self._get(receiver, "receiver").code
        paired = partners(self.party_records)
        if not ((first == "IL" and second in paired) or (second == "IL" and first in paired)):
            msg = (
                f"no dyad {first}-{second}: a dyad pairs Israel (IL) with a party or "
                f"candidate ({', '.join(paired)})"
            )
            raise InvalidArgumentError(msg)
        return first, second

    def representation(
        self, sender: str | int | Party, receiver: str | int | Party, date: DateLike
    ) -> Representation:
        """Return *sender*'s diplomatic representation in *receiver* on *date*.

        The level (``none``, ``liaison``, ``charge_d_affaires``, ``minister``,
        ``ambassador``) with its Correlates of War Diplomatic Exchange code, the resident
        mission, the ids of the events that set them, and how the level was reached
        (``basis``: recorded, assumed or default; ``since``: the date of the latest event
        behind it); see docs/methodology.md.

        Raises:
            UnknownPartyError: *sender* or *receiver* names no party.
            InvalidArgumentError: the two are not Israel and a party or candidate.
            InvalidDateError: *date* is a malformed date string.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> rep = aa.representation("AE", "IL", "2022-01-01")
            >>> rep.level, rep.dipex, rep.mission
            ('ambassador', 3, 'embassy')
            >>> aa.representation("IL", "MA", "2021-06-01").level
            'liaison'
        """
        first, second = self._pair(sender, receiver)
        return self._dyads.representation(first, second, to_date(date))

    def dyads(
        self, start: Bound, end: Bound, *, freq: Frequency = "year", rule: DyadRule = "end"
    ) -> tuple[DyadRow, ...]:
        """Return directed dyad rows (Israel with each party and candidate, both ways).

        See :func:`abraham_accords.dyads` for the arguments.

        Examples:
            >>> import abraham_accords as aa
            >>> rows = aa.dataset().dyads("2021-01-01", "2021-12-31")
            >>> [(r.party1, r.party2, r.representation) for r in rows if r.party2 == "AE"]
            [('IL', 'AE', 'ambassador')]
        """
        from ._dyads import partners  # noqa: PLC0415  (dyads are asked for rarely)
        from ._panel import check_size, period_range, periods  # noqa: PLC0415

        first, last, frequency = period_range(start, end, freq)
        chosen = choice(rule, ("end", "max"), argument="rule", what="rule")
        # Two directed dyads per partner: refused from the count alone, before any event
        # is read or any period listed.
        per_period = 2 * len(partners(self.party_records))
        check_size("dyad table", first, last, frequency, per_period=per_period)
        # Each period is cut to start..end: a row never reports a day outside them.
        spans = [
            (label, max(low, first), min(high, last))
            for label, low, high in periods(first, last, frequency)
        ]
        return tuple(self._dyads.rows(spans, freq=frequency, rule=chosen, cutoff=self.cutoff))

    # -- events and sources -----------------------------------------------------------

    def events(
        self,
        *,
        party: str | int | Party | None = None,
        kind: EventKind | None = None,
        start: DateLike | None = None,
        end: DateLike | None = None,
        actor_only: bool = False,
    ) -> tuple[Event, ...]:
        """Return the events that match every given filter, by date then id.

        Args:
            party: only the events involving this party: those it acted in, and those
                where it is the counterpart (Israel's liaison office in Rabat is a
                Moroccan event too).
            actor_only: with *party*, only the events the party itself acted in.
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
            >>> sorted({e.party for e in aa.events(party="MA", kind="liaison_office_opened")})
            ['IL', 'MA']
            >>> {e.party for e in aa.events(party="MA", actor_only=True)}
            {'MA'}
        """
        if not isinstance(actor_only, bool):
            msg = f"actor_only must be True or False, not {type(actor_only).__name__}"
            raise ArgumentTypeError(msg)
        pool = self.event_records
        if party is not None:
            code = self._get(party, "party").code
            pool = self._tables.by_party.get(code, ())
            if not actor_only:
                pool = (*pool, *self._tables.as_counterpart.get(code, ()))
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
        chosen.sort(key=_by_day_then_id)
        return tuple(chosen)

    def instruments(self) -> tuple[Instrument, ...]:
        """Return every instrument, sorted by id.

        Examples:
            >>> import abraham_accords as aa
            >>> "abraham-accords-declaration" in [i.id for i in aa.instruments()]
            True
        """
        return self.instrument_records

    def provisions(
        self,
        *,
        instrument: str | Instrument | None = None,
        kind: ProvisionKind | None = None,
        party: str | int | Party | None = None,
    ) -> tuple[Provision, ...]:
        """Return the provisions that match every given filter, in the order of the texts.

        Args:
            instrument: only the provisions of this instrument (its id, or the record).
            kind: only provisions of this kind (see ``PROVISION_KINDS``).
            party: only the provisions that bind this party.

        Returns:
            The matching provisions, by instrument id, then as each text runs: its
            articles (or paragraphs) by number, then its annex, and each article's
            commitments in turn.

        Raises:
            UnknownRecordError: *instrument* names no instrument of this dataset.
            UnknownPartyError: *party* names no party.
            InvalidArgumentError: *kind* is not a provision kind.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> [p.id for p in aa.provisions(kind="health")]
            ['abraham-accords-declaration-para-5-3']
            >>> [(p.article, p.strength) for p in aa.provisions(party="US", kind="sovereignty")]
            [('Preamble 3', 'recognition'), ('Preamble 3', 'encouragement')]
        """
        chosen = self._tables.in_text_order
        if instrument is not None:
            wanted = self._instrument_id(instrument)
            chosen = tuple(p for p in chosen if p.instrument == wanted)
        if kind is not None:
            choice(kind, PROVISION_KINDS, argument="kind", what="provision kind")
            chosen = tuple(p for p in chosen if p.kind == kind)
        if party is not None:
            code = self._get(party, "party").code
            chosen = tuple(p for p in chosen if code in p.parties)
        return chosen

    def implementation(
        self,
        *,
        instrument: str | Instrument | None = None,
        kind: ProvisionKind | None = None,
        party: str | int | Party | None = None,
    ) -> tuple[ImplementationRow, ...]:
        """Return what the record shows of the implementation of each provision.

        One row per provision that :meth:`provisions` returns for the same filters, in
        the same order. See :func:`abraham_accords.implementation` for the rows.

        Raises:
            UnknownRecordError: *instrument* names no instrument of this dataset.
            UnknownPartyError: *party* names no party.
            InvalidArgumentError: *kind* is not a provision kind.
            ArgumentTypeError: an argument has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> rows = aa.dataset().implementation(party="US")
            >>> [(r.kind, r.status) for r in rows][-2:]
            [('development', 'open'), ('embassies', 'open')]
        """
        from ._implementation import implementation_rows  # noqa: PLC0415  (asked for rarely)

        chosen = self.provisions(instrument=instrument, kind=kind, party=party)
        return implementation_rows(
            chosen,
            instruments=self.instrument_records,
            events=self.event_records,
            provisions=self.provision_records,
        )

    def _instrument_id(self, instrument: object) -> str:
        """The id of *instrument* (an id or a record), which must be one of this dataset's."""
        if isinstance(instrument, Instrument):
            key = instrument.id
        elif isinstance(instrument, str):
            key = instrument
        else:
            msg = f"instrument must be an id or an Instrument, not {type(instrument).__name__}"
            raise ArgumentTypeError(msg)
        found = self._tables.records.get(key)
        if not isinstance(found, Instrument) or (
            isinstance(instrument, Instrument) and found != instrument
        ):
            msg = f"no instrument of this dataset has id {key[:80]!r}"
            raise UnknownRecordError(msg)
        return key

    def sources(self, *, kind: SourceKind | None = None) -> tuple[Source, ...]:
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

        An event re-filed under another party or kind has a new id; its old id is retired
        (the releases that had it keep it), and looking it up names the new one.

        Raises:
            UnknownRecordError: no record has that id (the message names the event that
                replaces a retired id).
            ArgumentTypeError: *record_id* is not a string.

        Examples:
            >>> import abraham_accords as aa
            >>> aa.get_record("abraham-accords-declaration").kind
            'declaration'
            >>> try:
            ...     aa.get_record("ma-2021-07-25-flights-started")
            ... except aa.UnknownRecordError as error:
            ...     print(str(error).split("; ")[1])
            it was retired in favour of 'il-2021-07-25-flights-started'
        """
        if not isinstance(record_id, str):
            msg = f"record id must be a string, not {type(record_id).__name__}"
            raise ArgumentTypeError(msg)
        tables = self._tables
        try:
            return tables.records[record_id]
        except KeyError:
            msg = f"no event, instrument or source has id {record_id[:80]!r}"
            successor = tables.retired.get(record_id)
            if successor is not None:
                msg += f"; it was retired in favour of {successor!r}"
            raise UnknownRecordError(msg) from None

    def sources_for(self, record: Event | Instrument | Party | Source | str) -> tuple[Source, ...]:
        """Return the sources behind *record*.

        Args:
            record: an event, instrument or source (or its id), or a party (or its
                code or name), whose sources are those of all its events: those it acted
                in and those where it is the counterpart, as ``events(party=...)``.

        Returns:
            The sources, in the order the record cites them (a party's sorted by id).

        Raises:
            UnknownRecordError: an id names no record (or is retired: the message names
                the event that replaces it).
            UnknownPartyError: a string is neither a record id nor a party.
            ArgumentTypeError: *record* has the wrong type.

        Examples:
            >>> import abraham_accords as aa
            >>> all(s.url.scheme == "https" for s in aa.sources_for("SD"))
            True
        """
        if isinstance(record, str):
            found: Event | Instrument | Party | Source | None = self._tables.records.get(record)
            if found is None and record in self._tables.retired:
                self.get_record(record)  # raises, naming the event that replaces it
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
            code = self._get(record, "record").code
            tables = self._tables
            cited = (*tables.by_party.get(code, ()), *tables.as_counterpart.get(code, ()))
            ids = sorted({sid for e in cited for sid in e.sources})
            return tuple(self._known_source(sid) for sid in ids)
        msg = (
            f"record must be an Event, Instrument, Party, Source or id, not {type(record).__name__}"
        )
        raise ArgumentTypeError(msg)

    def _known_source(self, source_id: str) -> Source:
        try:
            return self._tables.sources_by_id[source_id]
        except KeyError:
            msg = f"no source has id {source_id[:80]!r}"
            raise UnknownRecordError(msg) from None
