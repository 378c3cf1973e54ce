"""Rules that tie records together: references, uniqueness, roles and the cut-off.

Every problem is reported at once, each naming the data file and the record id.
"""

from __future__ import annotations

__all__ = ["FILES", "EventRef", "check_references"]

import datetime as dt
from collections import Counter
from collections.abc import Collection, Container, Mapping, Sequence
from typing import Final, NamedTuple

from ._errors import Problem
from ._lookup import collisions
from ._models import (
    ACCORDS_INSTRUMENT_KINDS,
    CLDR_PREFIX,
    MEMBERSHIP_KINDS,
    SIGNING_KINDS,
    EventFacts,
    Instrument,
    Metadata,
    Party,
    Provision,
    Source,
)
from ._tables import FILES


class EventRef(NamedTuple):
    """The fields the reference and cross-field rules read, of a plain event record.

    ``precision`` is None where the record leaves it out (it then means ``day``).
    """

    id: str
    party: str
    kind: str
    date: dt.date
    precision: str | None
    instrument: str | None
    counterpart: str | None
    sources: tuple[str, ...]


class _AnyKey:
    """Holds every key: what a reference may name when its file could not be read."""

    def __contains__(self, key: object) -> bool:
        return True


_ANY_KEY: Final = _AnyKey()
_STAGE_KINDS: Final = frozenset(MEMBERSHIP_KINDS)


def check_references(  # noqa: C901, PLR0912, PLR0913, PLR0915  (one flat list of rules)
    metadata: Metadata | None,
    parties: Sequence[Party],
    instruments: Sequence[Instrument],
    events: Sequence[EventFacts],
    sources: Sequence[Source],
    *,
    until: dt.date | None = None,
    unchecked: Mapping[str, frozenset[str]] | None = None,
    also_cited: Collection[str] = (),
    provisions: Sequence[Provision] = (),
) -> list[Problem]:
    """Return every problem in how the records refer to one another.

    No record may be dated after *until*: the cut-off of a release (the default), or
    today for working data that runs ahead of its last release.

    *unchecked* names, per record type, the ids of records that exist but failed their own
    checks (``"*"``: the whole file could not be read). References to them are not
    reported as unknown, and rules about what is absent are skipped where an unchecked
    record could supply it, so one broken record is reported once, by its own check.
    *also_cited* are source ids that such records cite.
    """
    problems: list[Problem] = []
    skipped = unchecked or {}

    def report(kind: str, record: str, message: str) -> None:
        problems.append(Problem(FILES[kind], record, message))

    def known(kind: str, present: Collection[str]) -> Container[str]:
        """The keys a reference of *kind* may name: any at all if its file was not read."""
        others = skipped.get(kind, frozenset())
        return _ANY_KEY if "*" in others else frozenset({*present, *others})

    for kind, ids in (
        ("parties", [p.code for p in parties]),
        ("instruments", [i.id for i in instruments]),
        ("events", [e.id for e in events]),
        ("sources", [s.id for s in sources]),
        ("provisions", [p.id for p in provisions]),
    ):
        for record, count in Counter(ids).items():
            if count > 1:
                report(kind, record, f"id used by {count} records")

    for key, first, second in collisions(parties):
        report(
            "parties",
            second,
            f"{key!r} already names {first}; codes, names and aliases must be unique",
        )

    numbered: dict[int, str] = {}
    for party in parties:
        if party.ccode is not None:
            first = numbered.setdefault(party.ccode, party.code)
            if first != party.code:
                report("parties", party.code, f"ccode {party.ccode} already names {first}")

    roles = {p.code: p.role for p in parties}
    instrument_by_id = {i.id: i for i in instruments}
    source_ids = {s.id for s in sources}
    party_keys = known("parties", roles)
    source_keys = known("sources", source_ids)
    instrument_keys = known("instruments", instrument_by_id)
    used_sources: set[str] = set()
    reached: set[str] = set()
    used_sources.update(also_cited)

    for party in parties:
        for alias, references in party.alias_sources.items():
            for sid in references:
                if sid.startswith(CLDR_PREFIX):
                    continue
                used_sources.add(sid)
                if sid not in source_keys:
                    report("parties", party.code, f"unknown source {sid!r} (alias {alias!r})")
    last = until if until is not None else metadata.cutoff if metadata is not None else None
    after = f"the cut-off {last}" if until is None else f"today ({last})"

    for inst in instruments:
        for code in (*inst.signatories, *inst.witnesses):
            if code not in party_keys:
                report("instruments", inst.id, f"unknown party {code!r}")
        for sid in inst.sources:
            if sid not in source_keys:
                report("instruments", inst.id, f"unknown source {sid!r}")
        used_sources.update(inst.sources)
        if last is not None and inst.date > last:
            report("instruments", inst.id, f"date {inst.date} is after {after}")

    for event in events:
        if event.party not in party_keys:
            report("events", event.id, f"unknown party {event.party!r}")
        if event.counterpart is not None and event.counterpart not in party_keys:
            report("events", event.id, f"unknown counterpart {event.counterpart!r}")
        for sid in event.sources:
            if sid not in source_keys:
                report("events", event.id, f"unknown source {sid!r}")
        used_sources.update(event.sources)
        if last is not None and event.date > last:
            report("events", event.id, f"date {event.date} is after {after}")
        if event.instrument is not None:
            signed = instrument_by_id.get(event.instrument)
            if signed is None:
                if event.instrument not in instrument_keys:
                    report("events", event.id, f"unknown instrument {event.instrument!r}")
            else:
                problems.extend(_instrument_rules(event, signed))
        if event.kind in _STAGE_KINDS:
            role = roles.get(event.party)
            if role is not None and role != "party":
                report(
                    "events",
                    event.id,
                    f"a {role} cannot have a membership event ({event.kind!r}); "
                    "only role 'party' joins",
                )
            reached.add(event.party)

    for provision in provisions:
        problems.extend(_provision_rules(provision, instrument_by_id, instrument_keys))
        for sid in provision.sources:
            if sid not in source_keys:
                report("provisions", provision.id, f"unknown source {sid!r}")
        used_sources.update(provision.sources)

    if not skipped.get("events"):
        for party in parties:
            if party.role == "party" and party.code not in reached:
                report(
                    "parties",
                    party.code,
                    "role 'party' but no membership event (announced, signed, ratified, in force)",
                )

    citing = ("events", "instruments", "parties", "provisions")
    if all("*" not in skipped.get(kind, ()) for kind in citing):
        for source in sources:
            if source.id not in used_sources:
                report(
                    "sources",
                    source.id,
                    "source is cited by no event, instrument, provision or alias",
                )
    return problems


def _provision_rules(
    provision: Provision, instruments: Mapping[str, Instrument], keys: Container[str]
) -> list[Problem]:
    """A provision belongs to a known instrument and binds only that text's signatories."""
    name = FILES["provisions"]
    text = instruments.get(provision.instrument)
    if text is None:
        if provision.instrument in keys:  # an instrument that failed its own checks
            return []
        return [Problem(name, provision.id, f"unknown instrument {provision.instrument!r}")]
    return [
        Problem(
            name,
            provision.id,
            f"{code} is not a signatory of {text.id!r} (its signatories: "
            f"{', '.join(text.signatories)}); a provision binds only signatories",
        )
        for code in provision.parties
        if code not in text.signatories
    ]


def _instrument_rules(event: EventFacts, signed: Instrument) -> list[Problem]:
    """A signer signs the text it names; only Accords texts carry membership and approvals."""
    found = []
    name = FILES["events"]
    if event.kind in SIGNING_KINDS and event.party not in signed.signatories:
        found.append(Problem(name, event.id, f"{event.party} is not a signatory of {signed.id!r}"))
    accords = signed.kind in ACCORDS_INSTRUMENT_KINDS
    if event.kind in ("approved", "ratified") and not accords:
        article = "an" if event.kind == "approved" else "a"
        message = (
            f"{article} {event.kind!r} event approves an Accords instrument, but "
            f"{signed.id!r} is a sectoral {signed.kind}; use 'agreement_approved'"
        )
        found.append(Problem(name, event.id, message))
    elif event.kind in _STAGE_KINDS and not accords:
        message = (
            f"a {event.kind!r} event marks membership, but {signed.id!r} is a "
            f"sectoral {signed.kind}; use an 'agreement_*' kind"
        )
        found.append(Problem(name, event.id, message))
    elif event.kind.startswith("agreement_") and accords:
        message = f"{signed.id!r} is an Accords {signed.kind}; use a membership kind"
        found.append(Problem(name, event.id, message))
    return found
