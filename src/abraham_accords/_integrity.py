"""Rules that tie records together: references, uniqueness, roles and the cut-off.

Every problem is reported at once, each naming the data file and the record id.
"""

from __future__ import annotations

__all__ = ["FILES", "check_references"]

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Final

from ._errors import Problem
from ._models import Event, Instrument, Metadata, Party, Source
from ._tables import FILES

_STAGE_KINDS: Final = frozenset({"announced", "signed", "ratified", "entered_into_force"})
_SIGNING_KINDS: Final = frozenset({"signed", "agreement_signed"})


def check_references(  # noqa: C901, PLR0912, PLR0913  (one flat list of independent rules)
    metadata: Metadata,
    parties: Sequence[Party],
    instruments: Sequence[Instrument],
    events: Sequence[Event],
    sources: Sequence[Source],
    *,
    until: dt.date | None = None,
) -> list[Problem]:
    """Return every problem in how the records refer to one another.

    No record may be dated after *until*: the cut-off of a release (the default), or
    today for working data that runs ahead of its last release.
    """
    problems: list[Problem] = []

    def report(kind: str, record: str, message: str) -> None:
        problems.append(Problem(FILES[kind], record, message))

    for kind, ids in (
        ("parties", [p.code for p in parties]),
        ("instruments", [i.id for i in instruments]),
        ("events", [e.id for e in events]),
        ("sources", [s.id for s in sources]),
    ):
        for record, count in Counter(ids).items():
            if count > 1:
                report(kind, record, f"id used by {count} records")

    roles = {p.code: p.role for p in parties}
    instrument_by_id = {i.id: i for i in instruments}
    source_ids = {s.id for s in sources}
    used_sources: set[str] = set()
    reached: set[str] = set()
    last = metadata.cutoff if until is None else until
    after = f"the cut-off {last}" if until is None else f"today ({last})"

    for inst in instruments:
        for code in (*inst.signatories, *inst.witnesses):
            if code not in roles:
                report("instruments", inst.id, f"unknown party {code!r}")
        for sid in inst.sources:
            if sid not in source_ids:
                report("instruments", inst.id, f"unknown source {sid!r}")
        used_sources.update(inst.sources)
        if inst.date > last:
            report("instruments", inst.id, f"date {inst.date} is after {after}")

    for event in events:
        if event.party not in roles:
            report("events", event.id, f"unknown party {event.party!r}")
        if event.counterpart is not None and event.counterpart not in roles:
            report("events", event.id, f"unknown counterpart {event.counterpart!r}")
        for sid in event.sources:
            if sid not in source_ids:
                report("events", event.id, f"unknown source {sid!r}")
        used_sources.update(event.sources)
        if event.date > last:
            report("events", event.id, f"date {event.date} is after {after}")
        if event.instrument is not None:
            signed = instrument_by_id.get(event.instrument)
            if signed is None:
                report("events", event.id, f"unknown instrument {event.instrument!r}")
            elif event.kind in _SIGNING_KINDS and event.party not in signed.signatories:
                report("events", event.id, f"{event.party} is not a signatory of {signed.id!r}")
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

    for party in parties:
        if party.role == "party" and party.code not in reached:
            report("parties", party.code, "role 'party' but no announced/signed/ratified event")

    for source in sources:
        if source.id not in used_sources:
            report("sources", source.id, "source is cited by no event or instrument")
    return problems
