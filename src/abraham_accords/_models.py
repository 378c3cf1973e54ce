"""The record types of the dataset: Party, Instrument, Event, Source and Metadata.

Each record is a frozen pydantic model that rejects unknown fields. Rules that involve
one record only live here; rules that tie records together live in ``_dataset``.
"""

from __future__ import annotations

__all__ = [
    "EVENT_KINDS",
    "INSTRUMENT_KINDS",
    "PRECISIONS",
    "ROLES",
    "SOURCE_KINDS",
    "Event",
    "EventKind",
    "Instrument",
    "InstrumentKind",
    "Metadata",
    "Party",
    "Role",
    "Source",
    "SourceKind",
]

import datetime as dt
import unicodedata
from typing import Annotated, Final, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

from ._dates import Precision, period_end

Role = Literal["party", "broker", "candidate"]
"""What a state is in the dataset: a party that joined, the broker, or a candidate."""

EventKind = Literal[
    "announced",
    "signed",
    "approved",
    "ratified",
    "entered_into_force",
    "relations_established",
    "embassy_opened",
    "liaison_office_opened",
    "mission_closed",
    "ambassador_appointed",
    "credentials_presented",
    "envoy_recalled",
    "direct_flight",
    "agreement_signed",
    "meeting",
    "linked_measure",
    "legislation",
    "suspended",
    "resumed",
    "withdrawn",
    "statement",
]
"""The kinds of dated fact an event can record (see docs/methodology.md)."""

InstrumentKind = Literal[
    "declaration",
    "treaty",
    "joint_declaration",
    "joint_communique",
    "joint_statement",
    "agreement",
    "memorandum",
]
"""The kinds of signed text."""

SourceKind = Literal["official", "news", "scholarly", "reference"]
"""Where a source comes from."""

ROLES: Final[tuple[Role, ...]] = get_args(Role)
EVENT_KINDS: Final[tuple[EventKind, ...]] = get_args(EventKind)
INSTRUMENT_KINDS: Final[tuple[InstrumentKind, ...]] = get_args(InstrumentKind)
SOURCE_KINDS: Final[tuple[SourceKind, ...]] = get_args(SourceKind)
PRECISIONS: Final[tuple[Precision, ...]] = get_args(Precision)

# ISO 3166 reserves these alpha-2 elements for user assignment; a non-ISO entity's
# documented code must come from them so it can never clash with a real country code.
_USER_ASSIGNED: Final = frozenset(
    {"AA", "ZZ"}
    | {f"Q{c}" for c in "MNOPQRSTUVWXYZ"}
    | {f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)


# Zero-width (non-)joiners are part of correct Persian, Arabic and Indic spelling; every
# other control or format character (bidi overrides, BOM, ...) is refused.
_JOINERS: Final = frozenset({"\u200c", "\u200d"})


def _clean_text(value: str) -> str:
    """Accept text that is non-empty, trimmed, NFC-normalised and free of control codes."""
    if not value.strip():
        msg = "must not be empty"
        raise ValueError(msg)
    if value != value.strip():
        msg = "must not start or end with whitespace"
        raise ValueError(msg)
    if unicodedata.normalize("NFC", value) != value:
        msg = "must be in Unicode normal form NFC"
        raise ValueError(msg)
    bad = sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in value
            if unicodedata.category(ch) in {"Cc", "Cf"} and ch not in _JOINERS
        }
    )
    if bad:
        msg = f"must not contain control or format characters ({', '.join(bad)})"
        raise ValueError(msg)
    return value


def _require_https(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        msg = f"must be an https URL, not {url.scheme}"
        raise ValueError(msg)
    return url


Text = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_clean_text)]
RecordId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
PartyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Numeric = Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
CalVer = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:\.[1-9][0-9]*)?$")
]
"""``YYYY.MM.DD``, with ``.N`` for the N-th further release on the same day."""
HttpsUrl = Annotated[HttpUrl, AfterValidator(_require_https)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Source(_Record):
    """A public reference that states one or more facts of the dataset.

    >>> s = Source(id="example", url="https://example.org/a", title="A page",
    ...            publisher="Example", published="2020-08-13", kind="news")
    >>> str(s.url), s.published
    ('https://example.org/a', datetime.date(2020, 8, 13))
    """

    id: RecordId
    url: HttpsUrl
    title: Text
    publisher: Text
    published: dt.date | None = None
    kind: SourceKind
    archived_url: HttpsUrl | None = None


class Party(_Record):
    """A state (or an entity without an ISO code) that the dataset records.

    ISO parties carry their ISO 3166-1 alpha-2, alpha-3 and numeric codes, which are
    checked against pycountry. An entity without an ISO code is marked ``iso=False``
    and uses a documented code from the user-assigned range (``XA``-``XZ``, ``QM``-``QZ``,
    ``AA``, ``ZZ``).

    >>> p = Party(code="KZ", name="Kazakhstan", alpha3="KAZ", numeric="398", role="party")
    >>> p.code, p.role, p.iso
    ('KZ', 'party', True)
    """

    code: PartyCode
    iso: bool = True
    name: Text
    alpha3: Alpha3 | None = None
    numeric: Numeric | None = None
    role: Role
    aliases: tuple[Text, ...] = ()
    wikidata: WikidataId | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _check_codes(self) -> Party:
        if not self.iso:
            if self.code not in _USER_ASSIGNED:
                msg = (
                    f"non-ISO code {self.code!r} must be a user-assigned code "
                    "(XA-XZ, QM-QZ, AA or ZZ)"
                )
                raise ValueError(msg)
            if self.alpha3 is not None or self.numeric is not None:
                msg = "a non-ISO party has no alpha3 or numeric code"
                raise ValueError(msg)
            if self.note is None:
                msg = "a non-ISO party needs a note explaining its code"
                raise ValueError(msg)
            return self
        import pycountry  # noqa: PLC0415  (deferred: only data loading pays for it)

        country = pycountry.countries.get(alpha_2=self.code)
        if country is None:
            msg = f"{self.code!r} is not an ISO 3166-1 alpha-2 code (mark iso=false if intended)"
            raise ValueError(msg)
        expected = {"alpha3": country.alpha_3, "numeric": country.numeric}
        actual = {"alpha3": self.alpha3, "numeric": self.numeric}
        for field, want in expected.items():
            if actual[field] != want:
                msg = f"{field} of {self.code} must be {want!r}, got {actual[field]!r}"
                raise ValueError(msg)
        return self


class Instrument(_Record):
    """A signed text: a declaration, treaty, joint declaration or communiqué.

    ``date`` is the day the text was first signed; states that signed it later (the
    Abraham Accords Declaration is open to signature) have their own ``signed`` events.
    """

    id: RecordId
    title: Text
    kind: InstrumentKind
    date: dt.date
    place: Text | None = None
    signatories: tuple[PartyCode, ...] = Field(min_length=1)
    witnesses: tuple[PartyCode, ...] = ()
    text_url: HttpsUrl | None = None
    sources: tuple[RecordId, ...] = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _check_parties(self) -> Instrument:
        for name, codes in (("signatories", self.signatories), ("witnesses", self.witnesses)):
            if len(set(codes)) != len(codes):
                msg = f"{name} lists a party twice"
                raise ValueError(msg)
        both = sorted(set(self.signatories) & set(self.witnesses))
        if both:
            msg = f"a party cannot both sign and witness: {', '.join(both)}"
            raise ValueError(msg)
        if len(set(self.sources)) != len(self.sources):
            msg = "sources lists a source twice"
            raise ValueError(msg)
        return self


class Event(_Record):
    """One dated, sourced fact about one party.

    A date known only to the month is stored as the month's first day with
    ``precision="month"`` (and to the year as 1 January with ``precision="year"``);
    :attr:`certain_by` gives the day by which it has certainly happened.

    >>> e = Event(id="x-2021-02-01-statement", party="SD", kind="statement",
    ...           date="2021-02-01", precision="month", summary="An example.",
    ...           sources=("example",))
    >>> e.certain_by
    datetime.date(2021, 2, 28)
    """

    id: RecordId
    party: PartyCode
    kind: EventKind
    date: dt.date
    precision: Precision = "day"
    instrument: RecordId | None = None
    counterpart: PartyCode | None = None
    place: Text | None = None
    summary: Text
    sources: tuple[RecordId, ...] = Field(min_length=1)
    disputed: Text | None = None

    @property
    def certain_by(self) -> dt.date:
        """The last day of the event's date period: by then it has certainly happened."""
        return period_end(self.date, self.precision)

    @model_validator(mode="after")
    def _check_event(self) -> Event:
        if self.precision == "month" and self.date.day != 1:
            msg = "a month-precision date must be the first of its month"
            raise ValueError(msg)
        if self.precision == "year" and (self.date.month, self.date.day) != (1, 1):
            msg = "a year-precision date must be 1 January"
            raise ValueError(msg)
        if self.kind == "signed" and self.instrument is None:
            msg = "a 'signed' event must name the instrument signed"
            raise ValueError(msg)
        if self.counterpart == self.party:
            msg = "counterpart must differ from party"
            raise ValueError(msg)
        if len(set(self.sources)) != len(self.sources):
            msg = "sources lists a source twice"
            raise ValueError(msg)
        return self


class Metadata(_Record):
    """Facts about the dataset itself: its version, cut-off and licence."""

    title: Text
    data_version: CalVer
    cutoff: dt.date
    license: Literal["CC-BY-4.0"]

    @model_validator(mode="after")
    def _check_version(self) -> Metadata:
        try:
            dt.date.fromisoformat(self.data_version[:10].replace(".", "-"))
        except ValueError:
            msg = f"data_version {self.data_version!r} is not a real date in YYYY.MM.DD form"
            raise ValueError(msg) from None
        return self
