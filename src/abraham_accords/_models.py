"""The record types of the dataset: Party, Instrument, Event, Provision, Source and Metadata.

Each record is a frozen pydantic model that rejects unknown fields. Rules that involve
one record only live here; rules that tie records together live in ``_dataset``.
"""

# No `from __future__ import annotations`: pydantic would evaluate every field's annotation
# string when the classes are made, a cost paid on every first query.

__all__ = [
    "ACCORDS_INSTRUMENT_KINDS",
    "ARTICLE_PATTERN",
    "CLDR_PREFIX",
    "EVENT_KINDS",
    "INSTRUMENT_KINDS",
    "MEMBERSHIP_KINDS",
    "PRECISIONS",
    "PROVISION_KINDS",
    "ROLES",
    "SIGNING_KINDS",
    "SOURCE_KINDS",
    "STAGES",
    "STRENGTHS",
    "TRUSTED",
    "AliasSources",
    "Event",
    "EventFacts",
    "EventKind",
    "Instrument",
    "InstrumentKind",
    "Metadata",
    "Names",
    "Party",
    "Provision",
    "ProvisionKind",
    "Role",
    "Source",
    "SourceKind",
    "Stage",
    "Strength",
    "article_slug",
    "event_rule_error",
]

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, Protocol, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from ._dates import Precision, period_end

if TYPE_CHECKING:
    from pydantic import HttpUrl
    from pydantic_core import CoreSchema

Role = Literal["party", "broker", "candidate"]
"""What a state is in the dataset: a party that joined, the broker, or a candidate."""

EventKind = Literal[
    "announced",
    "signed",
    "approved",
    "ratified",
    "entered_into_force",
    "relations_established",
    "relations_severed",
    "embassy_opened",
    "liaison_office_opened",
    "mission_closed",
    "mission_reopened",
    "ambassador_appointed",
    "credentials_presented",
    "envoy_recalled",
    "direct_flight",
    "flights_started",
    "flights_suspended",
    "flights_resumed",
    "agreement_signed",
    "agreement_in_force",
    "meeting",
    "linked_measure",
    "legislation",
    "suspended",
    "resumed",
    "withdrawn",
    "statement",
    "envoy_returned",
    "mission_upgraded",
    "mission_inaugurated",
    "mission_moved",
    "consulate_opened",
    "agreement_approved",
    "decision",
]
"""The kinds of dated fact an event can record (see docs/methodology.md); kinds added
after 0.3.0 come last, so the order of the older ones (and their category codes in a
frame) stays."""

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

ACCORDS_INSTRUMENT_KINDS: Final[frozenset[InstrumentKind]] = frozenset(
    {"declaration", "treaty", "joint_declaration", "joint_communique", "joint_statement"}
)
"""Instrument kinds of the Accords themselves; ``agreement`` and ``memorandum`` are
sectoral texts, signed and brought into force by ``agreement_*`` events, never by
membership events."""

ProvisionKind = Literal[
    "peace",
    "diplomatic_relations",
    "embassies",
    "sovereignty",
    "non_hostility",
    "dispute_settlement",
    "entry_into_force",
    "registration",
    "civil_aviation",
    "visas",
    "trade",
    "investment_finance",
    "development",
    "tourism",
    "health",
    "science_technology",
    "energy",
    "water",
    "agriculture_food_security",
    "environment",
    "telecommunications",
    "culture_interfaith",
    "education_youth",
    "security",
    "palestinian_question",
    "strategic_agenda",
]
"""What a provision commits its parties to (see the coding manual in docs/methodology.md);
kinds added later come last, so the order of the older ones stays."""

Strength = Literal["undertaking", "recognition", "best_efforts", "encouragement"]
"""How strongly a provision binds its parties, from the most binding to the least (see
docs/methodology.md): an obligation of result, a status recognised by the text itself, an
obligation to try, and support or an aim without an obligation."""

SourceKind = Literal["official", "news", "scholarly", "reference", "mirror"]
"""Where a source comes from; ``mirror`` is a copy of a publication on another host."""

Stage = Literal["announced", "signed", "ratified", "in_force"]
"""A membership stage, in order of progress."""

TRUSTED: Final = "trusted"
"""Validation-context key: the data is a bundled release whose ISO codes were checked."""

ROLES: Final[tuple[Role, ...]] = get_args(Role)
EVENT_KINDS: Final[tuple[EventKind, ...]] = get_args(EventKind)
INSTRUMENT_KINDS: Final[tuple[InstrumentKind, ...]] = get_args(InstrumentKind)
SOURCE_KINDS: Final[tuple[SourceKind, ...]] = get_args(SourceKind)
PRECISIONS: Final[tuple[Precision, ...]] = get_args(Precision)
STAGES: Final[tuple[Stage, ...]] = get_args(Stage)
PROVISION_KINDS: Final[tuple[ProvisionKind, ...]] = get_args(ProvisionKind)
STRENGTHS: Final[tuple[Strength, ...]] = get_args(Strength)
MEMBERSHIP_KINDS: Final[dict[str, Stage]] = {
    "announced": "announced",
    "signed": "signed",
    "ratified": "ratified",
    "entered_into_force": "in_force",
}
"""The event kinds that mark membership, with the stage each one reaches."""

RELATION_KINDS: Final[frozenset[EventKind]] = frozenset(
    {
        "relations_established",
        "relations_severed",
        "embassy_opened",
        "liaison_office_opened",
        "mission_closed",
        "mission_reopened",
        "ambassador_appointed",
        "credentials_presented",
        "envoy_recalled",
        "envoy_returned",
        "mission_upgraded",
        "mission_inaugurated",
        "mission_moved",
        "consulate_opened",
        "direct_flight",
        "flights_started",
        "flights_suspended",
        "flights_resumed",
        "agreement_signed",
        "suspended",
        "resumed",
    }
)
"""The kinds of fact about the relations between two states (the dyads): each names the
counterpart, and they may date from before the Accords."""

SIGNING_KINDS: Final[frozenset[EventKind]] = frozenset({"signed", "agreement_signed"})
"""The kinds of event in which a party signs an instrument (it must be a signatory)."""

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
# Control and format characters, the line and paragraph separators U+2028 and U+2029
# (which end a line in JavaScript and some editors), surrogates and private-use code points.
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})

# A spreadsheet opening a CSV export evaluates a cell that begins with one of these as a
# formula (OWASP, "CSV Injection"); tab and carriage return, the other two, are refused as
# whitespace and control characters.
_FORMULA_STARTS: Final = frozenset("=+-@")


def _clean_text(value: str) -> str:
    """Accept text that is non-empty, trimmed, NFC-normalised and free of control codes.

    Text must not begin with ``=``, ``+``, ``-`` or ``@`` either, so that no cell of a
    CSV export is read as a formula by a spreadsheet.
    """
    if not value.strip():
        msg = "must not be empty"
        raise ValueError(msg)
    if value != value.strip():
        msg = "must not start or end with whitespace"
        raise ValueError(msg)
    if value[0] in _FORMULA_STARTS:
        msg = f"must not begin with {value[0]!r} (a spreadsheet would read it as a formula)"
        raise ValueError(msg)
    if not unicodedata.is_normalized("NFC", value):
        msg = "must be in Unicode normal form NFC"
        raise ValueError(msg)
    if value.isprintable():  # fast path: no control (Cc) or format (Cf) character is printable
        return value
    bad = sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in value
            if unicodedata.category(ch) in _REFUSED_CATEGORIES and ch not in _JOINERS
        }
    )
    if bad:
        msg = f"must not contain control, format or separator characters ({', '.join(bad)})"
        raise ValueError(msg)
    return value


def _require_https(url: "HttpUrl") -> "HttpUrl":
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
    str,
    StringConstraints(pattern=r"^[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:\.[1-9][0-9]*)?(?:\+dev)?$"),
]
"""``YYYY.MM.DD``, with ``.N`` for the N-th further release on the same day, and ``+dev``
for working data that differs from that release."""


class _HttpsUrlSchema:
    """pydantic's ``HttpUrl``, https only, looked up when a validator is first built.

    Importing ``pydantic.networks`` pulls in ``importlib.metadata`` and the ``email``
    package (several milliseconds); a membership query builds no validator for sources or
    instruments (``defer_build``), so it never pays for them.
    """

    def __get_pydantic_core_schema__(
        self, source: object, handler: GetCoreSchemaHandler
    ) -> "CoreSchema":
        from pydantic import HttpUrl  # noqa: PLC0415  (see the class docstring)

        return handler.generate_schema(Annotated[HttpUrl, AfterValidator(_require_https)])


if TYPE_CHECKING:
    HttpsUrl = Annotated[HttpUrl, AfterValidator(_require_https)]
else:
    HttpsUrl = Annotated[object, _HttpsUrlSchema()]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
"""An ISO 639-1 language code, lower case."""


_Value = TypeVar("_Value")


class _FrozenMapping(Mapping[str, _Value]):
    """A read-only mapping, hashed by content and picklable, like the party holding it."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, _Value] | None = None) -> None:
        self._items: dict[str, _Value] = dict(items or {})

    def __getitem__(self, key: str) -> _Value:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"


class Names(_FrozenMapping[str]):
    """A party's names by language: read-only, hashable and picklable, like the party.

    Examples:
        >>> names = Names({"fr": "Maroc"})
        >>> names["fr"], dict(names) == {"fr": "Maroc"}, names == {"fr": "Maroc"}
        ('Maroc', True, True)
    """

    __slots__ = ()


class AliasSources(_FrozenMapping[tuple[str, ...]]):
    """Where each alias comes from: alias -> references, read-only like :class:`Names`.

    Examples:
        >>> sources = AliasSources({"ОАЭ": ("cldr:49",)})
        >>> sources["ОАЭ"], dict(sources) == {"ОАЭ": ("cldr:49",)}
        (('cldr:49',), True)
    """

    __slots__ = ()

    def __init__(self, items: Mapping[str, Iterable[str]] | None = None) -> None:
        super().__init__({alias: tuple(refs) for alias, refs in (items or {}).items()})


LocalNames = Annotated[
    Mapping[Language, Text],
    AfterValidator(Names),
    PlainSerializer(dict, return_type=dict[str, str]),
]
"""Names by language, read-only (a party's names are shared by every query)."""


def _no_names() -> Mapping[str, str]:
    return Names()


CLDR_PREFIX: Final = "cldr:"
"""An alias reference ``cldr:<version>``: the territory name of Unicode CLDR release
<version> (as Babel ships it), with Arabic short vowels and shadda and Hebrew points left
out. Every other reference is the id of a source."""

AliasReference = Annotated[
    str,
    StringConstraints(
        pattern=r"^(?:cldr:[1-9][0-9]*(?:\.[0-9]+)?|[a-z0-9]+(?:-[a-z0-9]+)*)$", max_length=120
    ),
]
"""The id of a source that prints an alias, or ``cldr:<version>`` (see :data:`CLDR_PREFIX`)."""


def _dump_alias_sources(value: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {alias: list(refs) for alias, refs in value.items()}


def _some(references: tuple[str, ...]) -> tuple[str, ...]:
    if not references:
        msg = "must name at least one source (or leave the alias out of alias_sources)"
        raise ValueError(msg)
    return references


AliasProvenance = Annotated[
    Mapping[
        Text,
        Annotated[
            tuple[AliasReference, ...],
            AfterValidator(_some),
            Field(json_schema_extra={"minItems": 1}),
        ],
    ],
    AfterValidator(AliasSources),
    PlainSerializer(_dump_alias_sources, return_type=dict[str, list[str]]),
]
"""Each alias's references, read-only (shared by every query, like the names)."""


def _no_alias_sources() -> Mapping[str, tuple[str, ...]]:
    return AliasSources()


_REST_ROLE: Final = re.compile(r":[a-z]+:`~?([^`]+)`")


def _schema_description(schema: dict[str, Any], cls: type[Any]) -> None:
    """Keep a model's description in its JSON Schema to the prose, in plain Markdown.

    The docstring's examples are left out, and reST markup (``code``, :attr:`name`)
    becomes Markdown code (`code`, `name`).
    """
    del cls
    text = schema.get("description")
    if isinstance(text, str):
        prose = text.split("Examples:")[0].strip()
        schema["description"] = _REST_ROLE.sub(r"`\1`", prose).replace("``", "`")


class _Record(BaseModel):
    # defer_build: a record type's validator is built when first needed; answering a
    # membership query from release data needs none (see _loading._released).
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=False,
        defer_build=True,
        json_schema_extra=_schema_description,
    )


class Source(_Record):
    """A public reference that states one or more facts of the dataset.

    Examples:
        >>> s = Source(id="example", url="https://example.org/a", title="A page",
        ...            publisher="Example", published="2020-08-13", kind="news")
        >>> str(s.url), s.published
        ('https://example.org/a', datetime.date(2020, 8, 13))
    """

    id: RecordId = Field(
        description="Stable id: lower-case words joined by '-', conventionally publisher-date-slug."
    )
    url: HttpsUrl = Field(description="The https address of the page, exactly as found.")
    title: Text = Field(
        description=(
            "The page's own headline, exactly as the page shows it (never a description of ours)."
        )
    )
    publisher: Text = Field(
        description="Who published the page (outlet, agency or government body)."
    )
    published: dt.date | None = Field(
        None, description="Publication date as the page shows it, or null when it shows none."
    )
    kind: SourceKind = Field(
        description=(
            "official (a government's or the text's own publication on its own host), news, "
            "scholarly, reference, or mirror (a copy on another host)."
        )
    )
    archived_url: HttpsUrl | None = Field(
        None, description="An https address of an archived copy, where one is known."
    )
    host: Text | None = Field(
        None,
        description=(
            "For a mirror only: the site that carries the copy; publisher then names the "
            "original publisher."
        ),
    )

    @model_validator(mode="after")
    def _check_host(self) -> "Source":
        if (self.kind == "mirror") != (self.host is not None):
            msg = "a mirror names its host; any other kind of source has none"
            raise ValueError(msg)
        return self


class Party(_Record):
    """A state (or an entity without an ISO code) that the dataset records.

    ISO parties carry their ISO 3166-1 alpha-2, alpha-3 and numeric codes, which are
    checked against pycountry. An entity without an ISO code is marked ``iso=False``
    and uses a documented code from the user-assigned range (``XA``-``XZ``, ``QM``-``QZ``,
    ``AA``, ``ZZ``).

    Examples:
        >>> p = Party(code="KZ", name="Kazakhstan", alpha3="KAZ", numeric="398", role="party")
        >>> p.code, p.role, p.iso
        ('KZ', 'party', True)
    """

    code: PartyCode = Field(
        description="ISO 3166-1 alpha-2 code, or a documented user-assigned code (iso false)."
    )
    iso: bool = Field(default=True, description="False for an entity without an ISO 3166-1 code.")
    name: Text = Field(description="English short name.")
    names: LocalNames = Field(
        default_factory=_no_names,
        json_schema_extra={"default": {}},
        description=(
            "The short name in other languages, by ISO 639-1 code (ar, he, kk, ru, fr, ...): "
            "the ISO 3166-1 translations of the iso-codes project for ISO parties, written "
            "as the press prints them (no Arabic short vowels or shadda, no Hebrew points); "
            "matched by get_party."
        ),
    )
    alpha3: Alpha3 | None = Field(
        None, description="ISO 3166-1 alpha-3 code (null for non-ISO entities)."
    )
    numeric: Numeric | None = Field(
        None, description="ISO 3166-1 numeric code, three digits (null for non-ISO entities)."
    )
    role: Role = Field(
        description=(
            "party (joined), broker (the United States) or candidate (discussed, not joined)."
        )
    )
    ccode: int | None = Field(
        None,
        ge=1,
        le=999,
        description=(
            "Correlates of War state number (the key of COW and peacesciencer data); null "
            "for an entity outside the COW state system, e.g. Somaliland."
        ),
    )
    aliases: tuple[Text, ...] = Field(
        (), description="Other names people use, matched by get_party."
    )
    wikidata: WikidataId | None = Field(
        None, description="Wikidata item id, only where a source gives it."
    )
    note: Text | None = Field(
        None, description="Free-text note, e.g. why a non-ISO code was chosen."
    )
    alias_sources: AliasProvenance = Field(
        default_factory=_no_alias_sources,
        json_schema_extra={"default": {}},
        description=(
            "Where aliases come from: each alias named here maps to the ids of sources that "
            "print it, or to cldr:<version> for a territory name of that Unicode CLDR "
            "release; an alias not named here has no recorded source."
        ),
    )

    @model_validator(mode="after")
    def _check_alias_sources(self) -> "Party":
        unknown = sorted(set(self.alias_sources) - set(self.aliases))
        if unknown:
            msg = f"alias_sources names {', '.join(map(repr, unknown))}, which aliases lacks"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _check_codes(self, info: ValidationInfo) -> "Party":
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
        if isinstance(info.context, dict) and info.context.get(TRUSTED):
            # Released, checksummed data was checked against pycountry by the tests and by
            # validate(); skipping the lookup keeps pycountry out of the query path.
            return self
        import pycountry  # noqa: PLC0415  (deferred: only validation pays for it)

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

    id: RecordId = Field(description="Stable id: lower-case words joined by '-'.")
    title: Text = Field(description="The text's title.")
    kind: InstrumentKind = Field(
        description=(
            "The kind of text: declaration, treaty, joint declaration or communiqué, and so on."
        )
    )
    date: dt.date = Field(description="Day of the first signature.")
    place: Text | None = Field(None, description="Where it was signed.")
    signatories: tuple[PartyCode, ...] = Field(
        min_length=1, description="Codes of the parties that signed it, at any date."
    )
    witnesses: tuple[PartyCode, ...] = Field(
        (), description="Codes of the states that witnessed it."
    )
    text_url: HttpsUrl | None = Field(
        None, description="An https address of the text, where public."
    )
    sources: tuple[RecordId, ...] = Field(
        min_length=1, description="Ids of the sources that state its signature."
    )
    note: Text | None = Field(
        None, description="Who signed for each state, and other remarks, as the sources state them."
    )

    @model_validator(mode="after")
    def _check_parties(self) -> "Instrument":
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

    Examples:
        >>> e = Event(id="x-2021-02-01-statement", party="SD", kind="statement",
        ...           date="2021-02-01", precision="month", summary="An example.",
        ...           sources=("example",))
        >>> e.certain_by
        datetime.date(2021, 2, 28)
    """

    id: RecordId = Field(
        description=(
            "Stable id: party-date-kind (party code in lower case, the kind's '_' written "
            "'-'), with a suffix where that is taken."
        )
    )
    party: PartyCode = Field(
        description="Code of the party the fact is about (the state that acted)."
    )
    kind: EventKind = Field(
        description="What happened; see the event kinds in docs/methodology.md."
    )
    date: dt.date = Field(
        description="Local date of the act (first day of the period for month or year precision)."
    )
    precision: Precision = Field(
        "day", description="day, month or year: how precisely the date is known."
    )
    instrument: RecordId | None = Field(
        None, description="Id of the instrument involved (required for signed events)."
    )
    counterpart: PartyCode | None = Field(None, description="Code of the other state involved.")
    place: Text | None = Field(None, description="Where it happened.")
    summary: Text = Field(description="One sentence in the project's own words.")
    sources: tuple[RecordId, ...] = Field(
        min_length=1, description="Ids of the sources that state it (at least one)."
    )
    disputed: Text | None = Field(
        None, description="Where sources disagree: which says what, and why this date was chosen."
    )
    note: Text | None = Field(
        None,
        description=(
            "A remark that is not a conflict: e.g. the sources' own wording where the "
            "methodology codes the act differently."
        ),
    )
    sequence: int | None = Field(
        None,
        ge=1,
        le=99,
        description=(
            "Order among the party's membership and withdrawal events of the same day, 1 "
            "first; only where the order matters (a withdrawal and a re-accession on one day)."
        ),
    )
    replaces: tuple[RecordId, ...] | None = Field(
        None,
        min_length=1,
        description=(
            "Ids of released events this one replaces (a fact re-filed under another party "
            "or kind takes a new id); looking up a replaced id names this event."
        ),
    )

    @property
    def certain_by(self) -> dt.date:
        """The last day of the event's date period: by then it has certainly happened."""
        return period_end(self.date, self.precision)

    @model_validator(mode="after")
    def _check_event(self) -> "Event":
        problem = event_rule_error(self)
        if problem is not None:
            raise ValueError(problem)
        return self


class EventFacts(Protocol):
    """What the rules across an event's fields and across records read of an event.

    An :class:`Event` has these fields, and so has the ``EventRef`` the loader makes of a
    plain record.
    """

    @property
    def id(self) -> str: ...
    @property
    def party(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def precision(self) -> str | None: ...
    @property
    def instrument(self) -> str | None: ...
    @property
    def counterpart(self) -> str | None: ...
    @property
    def sources(self) -> tuple[str, ...]: ...


def event_rule_error(event: EventFacts) -> str | None:
    """What is wrong with an event whose fields are each valid, or None.

    The rules an :class:`Event` checks across its fields; the loader applies them to
    records it validated as plain dicts (a precision of None there means ``day``).
    """
    precision = event.precision
    if precision == "month" and event.date.day != 1:
        return "a month-precision date must be the first of its month"
    if precision == "year" and (event.date.month, event.date.day) != (1, 1):
        return "a year-precision date must be 1 January"
    if event.kind == "signed" and event.instrument is None:
        return "a 'signed' event must name the instrument signed"
    if event.counterpart == event.party:
        return "counterpart must differ from party"
    if len(set(event.sources)) != len(event.sources):
        return "sources lists a source twice"
    return None


ARTICLE_PATTERN: Final = (
    r"^(?:[1-9][0-9]{0,2}|(?:Annex|Preamble)(?: [1-9][0-9]{0,2})?|Para [1-9][0-9]{0,2})"
    r"(?:\((?:[1-9][0-9]{0,2}|[a-z]{1,4})\)){0,3}$"
)
"""An article as the text numbers it: ``5``, ``5(2)``, ``5(2)(b)``; an annex's paragraph,
``Annex 2`` or ``Annex 2(a)``; in a text whose paragraphs are not numbered, ``Para 3``
(the third paragraph of its body, counted from its first); and ``Preamble 3``, the third
recital before the operative part, where a text puts a commitment there."""

Article = Annotated[str, StringConstraints(pattern=ARTICLE_PATTERN)]

_ARTICLE_WORD: Final = re.compile(r"[A-Za-z]+|[0-9]+")


def article_slug(article: str) -> str:
    """The part of a provision's id that names its article (see :class:`Provision`).

    Examples:
        >>> [article_slug(a) for a in ("5", "5(2)", "Annex 1(b)", "Para 3", "Preamble 2")]
        ['art-5', 'art-5-2', 'annex-1-b', 'para-3', 'preamble-2']
    """
    slug = "-".join(word.lower() for word in _ARTICLE_WORD.findall(article))
    return f"art-{slug}" if article[:1].isdigit() else slug


class Provision(_Record):
    """One commitment in one article (or annex paragraph) of an instrument.

    Its id is ``<instrument>-<article>-<n>``: the instrument's id, the article as
    :func:`article_slug` writes it, and the commitment's number in that article (1 for
    the first, 2 for the second, ...), so an article with several commitments gives
    several provisions. ``kind`` and ``strength`` come from closed vocabularies, defined
    in the coding manual (docs/methodology.md).

    Examples:
        >>> p = Provision(id="x-art-4-1", instrument="x", article="4", kind="embassies",
        ...               parties=("AE", "IL"), strength="best_efforts",
        ...               summary="Each opens an embassy soon.", sources=("example",))
        >>> p.kind, p.strength, article_slug(p.article)
        ('embassies', 'best_efforts', 'art-4')
    """

    id: RecordId = Field(
        description=(
            "Stable id: <instrument>-<article>-<n>, the article written as in 'art-5-2' "
            "(Article 5(2)), 'annex-1-b' (Annex 1(b)) or 'para-3' (Para 3), n numbering the "
            "article's commitments from 1."
        )
    )
    instrument: RecordId = Field(description="Id of the instrument whose text holds it.")
    article: Article = Field(
        description=(
            "The article as the text numbers it: '5', '5(2)', 'Annex 2', 'Annex 1(b)'; "
            "'Para 3' for the third paragraph of a text whose paragraphs are not numbered; "
            "'Preamble 2' for its second recital."
        )
    )
    kind: ProvisionKind = Field(
        description="What it commits to; see the coding manual in docs/methodology.md."
    )
    parties: tuple[PartyCode, ...] = Field(
        min_length=1,
        description="Codes of the parties it binds (signatories of the instrument).",
    )
    strength: Strength = Field(
        description=(
            "How strongly it binds: undertaking, recognition, best_efforts or "
            "encouragement (docs/methodology.md)."
        )
    )
    summary: Text = Field(
        description="One sentence in the project's own words (never the text itself)."
    )
    sources: tuple[RecordId, ...] = Field(
        min_length=1,
        description="Ids of the sources that give the text (the signatories' own where possible).",
    )
    note: Text | None = Field(
        None, description="A remark on how the text was read or coded, where one is needed."
    )

    @model_validator(mode="after")
    def _check_provision(self) -> "Provision":
        if len(set(self.parties)) != len(self.parties):
            msg = "parties lists a party twice"
            raise ValueError(msg)
        if len(set(self.sources)) != len(self.sources):
            msg = "sources lists a source twice"
            raise ValueError(msg)
        return self


class Metadata(_Record):
    """Facts about the dataset itself: its version, cut-off and licence."""

    title: Text = Field(description="Title of the dataset.")
    data_version: CalVer = Field(
        description=(
            "Dataset version: YYYY.MM.DD, with .N for a further release the same day; "
            "+dev marks unreleased changes (set on loading, never written to a file)."
        )
    )
    cutoff: dt.date = Field(
        description="Last day up to which the data was checked against sources."
    )
    license: Literal["CC-BY-4.0"] = Field(description="Licence of the data (CC BY 4.0).")

    @model_validator(mode="after")
    def _check_version(self) -> "Metadata":
        try:
            dt.date.fromisoformat(self.data_version[:10].replace(".", "-"))
        except ValueError:
            msg = f"data_version {self.data_version!r} is not a real date in YYYY.MM.DD form"
            raise ValueError(msg) from None
        return self
