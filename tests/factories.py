"""Small synthetic datasets built in memory, for the semantics tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from abraham_accords import Dataset, Event, Instrument, Metadata, Party, Source

SOURCE = Source.model_validate(
    {
        "id": "src",
        "url": "https://example.org/source",
        "title": "A source",
        "publisher": "Example",
        "published": "2020-01-01",
        "kind": "news",
    }
)

INSTRUMENT = Instrument(
    id="x",
    title="A synthetic declaration",
    kind="declaration",
    date=dt.date(2020, 9, 15),
    signatories=("AE", "BH", "MA"),
    witnesses=("US",),
    sources=("src",),
)

# Invisible characters that text copied from right-to-left pages carries (all category Cf).
INVISIBLE_MARKS = {
    "RLM": "\u200f",
    "LRM": "\u200e",
    "ALM": "\u061c",
    "ZWJ": "\u200d",
    "ZWNJ": "\u200c",
    "ZWSP": "\u200b",
    "word joiner": "\u2060",
    "BOM": "\ufeff",
    "soft hyphen": "\u00ad",
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}


PARTIES = (
    Party(code="AE", name="United Arab Emirates", alpha3="ARE", numeric="784", role="party"),
    Party(code="BH", name="Bahrain", alpha3="BHR", numeric="048", role="party"),
    Party(code="MA", name="Morocco", alpha3="MAR", numeric="504", role="party"),
    Party(code="US", name="United States", alpha3="USA", numeric="840", role="broker"),
    Party(code="SA", name="Saudi Arabia", alpha3="SAU", numeric="682", role="candidate"),
)
ISRAEL = Party(code="IL", name="Israel", alpha3="ISR", numeric="376", role="party", ccode=666)
"""Israel, with whom every dyad pairs a party or a candidate."""


def event(party: str, kind: str, date: str, precision: str = "day", **extra: Any) -> Event:
    """Build an event with a derived id and the one synthetic source."""
    fields: dict[str, Any] = {
        "id": f"{party.lower()}-{date}-{kind.replace('_', '-')}",
        "party": party,
        "kind": kind,
        "date": date,
        "precision": precision,
        "summary": "A synthetic event.",
        "sources": ("src",),
        **extra,
    }
    return Event.model_validate(fields)


def build(
    events: Sequence[Event],
    parties: Sequence[Party] = PARTIES,
    instruments: Sequence[Instrument] | None = None,
) -> Dataset:
    """Build and fully validate a dataset from the given records.

    Parties of role ``party`` without any event are left out, as the data rules require.
    Without *instruments*, the one declaration :data:`INSTRUMENT`, signed by every party.
    """
    with_events = {e.party for e in events}
    parties = [p for p in parties if p.role != "party" or p.code in with_events]
    signers = tuple(p.code for p in parties if p.role == "party")
    if instruments is None:
        instruments = (INSTRUMENT.model_copy(update={"signatories": signers}),) if signers else ()
    return Dataset(
        Metadata(
            title="Synthetic",
            data_version="2030.01.01",
            cutoff=dt.date(2030, 1, 1),
            license="CC-BY-4.0",
        ),
        parties=parties,
        instruments=instruments,
        events=events,
        sources=(SOURCE,),
    )


def readable(text: str) -> str:
    """A test id naming a backslash and each character outside printable ASCII by code point.

    No backslash: mutmut selects a test by its id, and pytest escapes a backslash in an
    id again each time it collects in one process (docs/mutation.md).
    """
    named = (c if " " <= c <= "~" and c != "\\" else f"<U+{ord(c):04X}>" for c in text)
    return "".join(named) or "empty"
