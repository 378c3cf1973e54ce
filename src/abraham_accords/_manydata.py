"""The membership table in manydata's shape: one row per state and Accords instrument.

manydata's ``memberships`` datacubes (manyenviron, manytrade, manyhealth) give one row
per treaty and state, with the state's own dates of signature, ratification, entry into
force and end. This module builds that table from the record, under manydata's column
names, so that R users can bind it onto those datacubes (see docs/methodology.md,
"The manydata membership table").

The rules:

- Rows: every Accords instrument (a declaration, treaty, joint declaration, joint
  communiqué or joint statement; never a sectoral agreement) with each state that signed
  it (its ``signatories``) or has a ``signed``, ``ratified`` or ``entered_into_force``
  event naming it. An announcement names no instrument, so a party that has only
  announced (Kazakhstan) has no row.
- ``StateSignature`` is the date of the state's first ``signed`` event naming the
  instrument; a signatory without one signed on the instrument's date (the day of the
  first signatures: a later signer has its own event), and ``signed_event`` is then null.
  ``StateRatification`` and ``StateForce`` are the dates of its first ``ratified`` and
  ``entered_into_force`` events naming it; ``StateEnd`` the date of its first
  ``withdrawn`` event (naming the instrument or none) after the row's first act.
- Dates are written as the messydates package writes them: ``YYYY-MM-DD``, or
  ``YYYY-MM`` and ``YYYY`` for a date known only to the month or the year.
- ``manyID`` (and ``treatyID``, the same here) follows the shape of manypkgs'
  ``code_agreements()``: ``ARE-ISR[TRT]_2020A`` for a bilateral text (the two states'
  codes in order, an abbreviation of its kind, the year, the type letter) and
  ``AAD_2020R`` for a multilateral one (an acronym of its title, the year, the type
  letter). Two instruments that would share an id get an ordinal after the type letter,
  the later one (by date, then id) ``...R2``.
"""

from __future__ import annotations

__all__ = [
    "MembershipRow",
    "acronym",
    "many_ids",
    "membership_rows",
    "messy_date",
    "state_id",
]

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Final

from pydantic import ConfigDict, Field, StringConstraints

from ._dates import Precision
from ._models import ACCORDS_INSTRUMENT_KINDS, Event, Instrument, InstrumentKind, Party, _Record

MessyDate = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")]
"""A date as messydates writes it: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

_DATE_NOTE: Final = (
    " (messydates notation: YYYY-MM-DD, or YYYY-MM or YYYY when known only to the month or year)"
)


class MembershipRow(_Record):
    """One state and one Accords instrument it signed, ratified or brought into force.

    The first twelve fields are manydata's membership columns, under its names and in
    the order of its ``HUGGO_MEM`` datasets; the others are this package's, so that a
    row joins back onto the instruments, the parties and the events behind each date.
    Every date is text, in the notation of the messydates R package. A null date was
    not recorded (or did not happen); a date that rests on no event of the state (its
    signature read from the instrument) has a null ``*_event``.
    """

    model_config = ConfigDict(title="Membership")

    manyID: str = Field(  # noqa: N815  (manydata's column name)
        description=(
            "manydata's treaty id, in the shape of manypkgs' code_agreements(): "
            "parties[kind]_yearType for a bilateral text, acronym_yearType otherwise."
        )
    )
    Title: str = Field(description="The instrument's title.")
    Begin: MessyDate = Field(
        description="The instrument's first signature: its date" + _DATE_NOTE + "."
    )
    stateID: str = Field(  # noqa: N815  (manydata's column name)
        description=(
            "The state's ISO 3166-1 alpha-3 code (an entity without one keeps its own "
            "user-assigned code, e.g. XS)."
        )
    )
    StateName: str = Field(description="The state's English short name.")
    StateSignature: MessyDate | None = Field(
        description="When the state signed the instrument" + _DATE_NOTE + ", or null."
    )
    StateRatification: MessyDate | None = Field(
        description=(
            "When the state's final act of ratification was made" + _DATE_NOTE + ", or null."
        )
    )
    StateForce: MessyDate | None = Field(
        description=(
            "When the instrument entered into force for the state" + _DATE_NOTE + ", or null."
        )
    )
    StateEnd: MessyDate | None = Field(
        description="When the state withdrew" + _DATE_NOTE + ", or null (no withdrawal recorded)."
    )
    treatyID: str = Field(  # noqa: N815  (manydata's column name)
        description="The instrument's id in this dataset, in manydata's shape: equal to manyID."
    )
    Signature: MessyDate = Field(
        description="The instrument's first signature (as Begin)" + _DATE_NOTE + "."
    )
    instrument: str = Field(description="Id of the instrument in this dataset.")
    party: str = Field(description="Code of the state in this dataset (ISO 3166-1 alpha-2).")
    signed_event: str | None = Field(
        description=(
            "Id of the event StateSignature comes from; null when it is read from the "
            "instrument (a signatory signs on its date) or absent."
        )
    )
    ratified_event: str | None = Field(
        description="Id of the event StateRatification comes from, or null."
    )
    in_force_event: str | None = Field(
        description="Id of the event StateForce comes from, or null."
    )
    withdrawn_event: str | None = Field(description="Id of the event StateEnd comes from, or null.")


_TYPE: Final[dict[InstrumentKind, str]] = {
    "treaty": "A",
    "agreement": "A",
    "memorandum": "S",
    "declaration": "R",
    "joint_declaration": "R",
    "joint_communique": "R",
    "joint_statement": "R",
}
"""manypkgs' type letter for each kind: treaties and agreements are agreements (A),
memoranda strategies (S), declarations, communiqués and statements resolutions (R)."""

_KIND_CODE: Final[dict[InstrumentKind, str]] = {
    "treaty": "TRT",
    "agreement": "AGR",
    "memorandum": "MOU",
    "declaration": "DCL",
    "joint_declaration": "JDC",
    "joint_communique": "JCM",
    "joint_statement": "JST",
}
"""The three letters in brackets of a bilateral id (where manypkgs puts its activity)."""

_MINOR_WORDS: Final = frozenset(
    {"a", "an", "and", "at", "between", "by", "for", "in", "of", "on", "the", "to", "with"}
)
"""Words an acronym leaves out."""

_ACRONYM_MAX: Final = 6
_WORD: Final = re.compile(r"[^\W\d_]+")
_KINDS: Final = {"signed": 0, "ratified": 1, "entered_into_force": 2}
"""The event kinds that give a row its dates, each with its place in a row's acts."""

_Moment = tuple[dt.date, int]
"""When an act counts: the day it is certain by, then its ``sequence`` that day (none
first). A withdrawal at the moment of a row's first act comes after it (as in
``stage_spans``, withdrawals close their moment)."""


def messy_date(day: dt.date, precision: Precision) -> str:
    """Write a date as the messydates R package does, to its precision.

    Examples:
        >>> messy_date(dt.date(2020, 9, 15), "day"), messy_date(dt.date(2021, 2, 1), "month")
        ('2020-09-15', '2021-02')
        >>> messy_date(dt.date(2021, 1, 1), "year")
        '2021'
    """
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def state_id(party: Party) -> str:
    """The party's ``stateID``: its ISO alpha-3 code, else its own (user-assigned) code.

    Examples:
        >>> state_id(Party(code="KZ", name="Kazakhstan", alpha3="KAZ", numeric="398",
        ...                role="party"))
        'KAZ'
        >>> state_id(Party(code="XS", iso=False, name="Somaliland", role="candidate",
        ...                note="No ISO 3166-1 code."))
        'XS'
    """
    return party.alpha3 if party.alpha3 is not None else party.code


def acronym(title: str) -> str:
    """The acronym of a multilateral instrument's id: initials of the title's main words.

    Function words are left out and letters folded to ASCII; an acronym longer than six
    letters keeps its first two and last two, with the number left out between them (as
    manypkgs shortens its acronyms). Empty when no word has a Latin initial.

    Examples:
        >>> acronym("The Abraham Accords Declaration")
        'AAD'
        >>> acronym("Joint Declaration between the Kingdom of Morocco, the United States "
        ...         "of America and the State of Israel")
        'JD05SI'
    """
    letters: list[str] = []
    for word in _WORD.findall(title):
        if word.lower() in _MINOR_WORDS:
            continue
        folded = unicodedata.normalize("NFKD", word[0])
        letters.extend(c.upper() for c in folded if c.isascii() and c.isalpha())
    if len(letters) > _ACRONYM_MAX:
        return f"{letters[0]}{letters[1]}{len(letters) - 4:02d}{letters[-2]}{letters[-1]}"
    return "".join(letters)


def _base_id(instrument: Instrument, parties: Mapping[str, Party]) -> str:
    """The id of *instrument* before two that share one are told apart."""
    suffix = f"_{instrument.date.year:04d}{_TYPE[instrument.kind]}"
    codes = sorted(state_id(parties[code]) for code in instrument.signatories)
    if len(codes) == 2:  # noqa: PLR2004  (a bilateral text)
        return f"{codes[0]}-{codes[1]}[{_KIND_CODE[instrument.kind]}]{suffix}"
    return (acronym(instrument.title) or _KIND_CODE[instrument.kind]) + suffix


def many_ids(instruments: Iterable[Instrument], parties: Iterable[Party]) -> dict[str, str]:
    """Return the ``manyID`` of each instrument, by instrument id: unique among them.

    Instruments that would share an id are taken by date, then id: the first keeps it,
    the second gets ``2`` after the type letter, and so on.
    """
    by_code = {p.code: p for p in parties}
    groups: dict[str, list[Instrument]] = defaultdict(list)
    for instrument in instruments:
        groups[_base_id(instrument, by_code)].append(instrument)
    found = {}
    for base, members in groups.items():
        members.sort(key=lambda i: (i.date, i.id))
        for number, instrument in enumerate(members, start=1):
            found[instrument.id] = base if number == 1 else f"{base}{number}"
    return found


def _moment(event: Event) -> _Moment:
    return (event.certain_by, event.sequence or 0)


def _first(events: Sequence[Event]) -> Event | None:
    """The first of *events* (all of one kind): by moment, then id."""
    return min(events, key=lambda e: (*_moment(e), e.id), default=None)


def _text(event: Event | None) -> str | None:
    return None if event is None else messy_date(event.date, event.precision)


def membership_rows(
    parties: Iterable[Party], instruments: Iterable[Instrument], events: Iterable[Event]
) -> tuple[MembershipRow, ...]:
    """Build the membership table: by ``Begin``, then ``manyID``, then ``stateID``.

    *parties* must hold every party the instruments and events name (as a Dataset's do).
    """
    by_code = {p.code: p for p in parties}
    accords = [i for i in instruments if i.kind in ACCORDS_INSTRUMENT_KINDS]
    ids = many_ids(accords, by_code.values())
    acts: dict[tuple[str, str], tuple[list[Event], list[Event], list[Event]]] = {}
    withdrawals: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.kind == "withdrawn":
            withdrawals[event.party].append(event)
        elif event.kind in _KINDS and event.instrument is not None:
            lists = acts.setdefault((event.instrument, event.party), ([], [], []))
            lists[_KINDS[event.kind]].append(event)
    rows = []
    for instrument in accords:
        codes = set(instrument.signatories) | {p for i, p in acts if i == instrument.id}
        for code in codes:
            signed, ratified, in_force = acts.get((instrument.id, code), ([], [], []))
            firsts = [_first(signed), _first(ratified), _first(in_force)]
            starts = [_moment(e) for e in firsts if e is not None]
            signature = _text(firsts[0])
            if signature is None and code in instrument.signatories:
                signature = instrument.date.isoformat()
                starts.append((instrument.date, 0))
            start = min(starts)
            ended = _first(
                [
                    w
                    for w in withdrawals.get(code, ())
                    if w.instrument in {None, instrument.id} and _moment(w) >= start
                ]
            )
            party = by_code[code]
            rows.append(
                MembershipRow(
                    manyID=ids[instrument.id],
                    Title=instrument.title,
                    Begin=instrument.date.isoformat(),
                    stateID=state_id(party),
                    StateName=party.name,
                    StateSignature=signature,
                    StateRatification=_text(firsts[1]),
                    StateForce=_text(firsts[2]),
                    StateEnd=_text(ended),
                    treatyID=ids[instrument.id],
                    Signature=instrument.date.isoformat(),
                    instrument=instrument.id,
                    party=code,
                    signed_event=None if firsts[0] is None else firsts[0].id,
                    ratified_event=None if firsts[1] is None else firsts[1].id,
                    in_force_event=None if firsts[2] is None else firsts[2].id,
                    withdrawn_event=None if ended is None else ended.id,
                )
            )
    rows.sort(key=lambda r: (r.Begin, r.manyID, r.stateID, r.party))
    return tuple(rows)
