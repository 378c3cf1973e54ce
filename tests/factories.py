"""Small synthetic datasets built in memory, for the semantics tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from abraham_accords import Dataset, Event, Instrument, Metadata, Party, Provision, Source

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


def provision(article: str, number: int = 1, **extra: Any) -> Provision:
    """Build a provision of the synthetic instrument, its id derived from *article*."""
    slug = "-".join(part.lower() for part in article.replace("(", " ").replace(")", " ").split())
    fields: dict[str, Any] = {
        "id": f"x-{'art-' if article[0].isdigit() else ''}{slug}-{number}",
        "instrument": "x",
        "article": article,
        "kind": "diplomatic_relations",
        "parties": ("AE",),
        "strength": "undertaking",
        "summary": "A synthetic commitment.",
        "sources": ("src",),
        **extra,
    }
    return Provision.model_validate(fields)


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
    provisions: Sequence[Provision] = (),
) -> Dataset:
    """Build and fully validate a dataset from the given records.

    Parties of role ``party`` without any event are left out, as the data rules require.
    Without *instruments*, the one declaration :data:`INSTRUMENT`, signed by every party.
    *provisions* are those of the instruments (none by default).
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
        provisions=provisions,
    )


# -- a treaty and its provisions, for the implementation rules ------------------------------
#
# A treaty between the UAE and Israel signed on 2020-09-15, a trilateral declaration of
# Morocco, the United States and Israel, and two sectoral texts: one whose own provision
# puts it in the field of trade, one with no provision (in no known field).

SIGNED = dt.date(2020, 9, 15)


def instrument(identifier: str, kind: str, date: str, *signatories: str) -> Instrument:
    """Build an instrument signed by *signatories*, with the one synthetic source."""
    return Instrument.model_validate(
        {
            "id": identifier,
            "title": f"A synthetic {kind}",
            "kind": kind,
            "date": date,
            "signatories": signatories,
            "sources": [SOURCE.id],
        }
    )


TREATY = instrument("t", "treaty", "2020-09-15", "AE", "IL")
TRILATERAL = instrument("j", "joint_declaration", "2020-12-22", "MA", "US", "IL")
TRADE_DEAL = instrument("trade", "agreement", "2020-10-20", "AE", "IL")
"""A sectoral agreement whose own provisions put it in the field of trade."""
OTHER_DEAL = instrument("other", "memorandum", "2020-10-20", "AE", "IL")
"""A sectoral memorandum with no provision recorded: in no known field."""
INSTRUMENTS = (TREATY, TRILATERAL, TRADE_DEAL, OTHER_DEAL)

MEMBERSHIP = (
    event("AE", "signed", "2020-09-15", instrument="t"),
    event("IL", "signed", "2020-09-15", instrument="t"),
    event("MA", "signed", "2020-12-22", instrument="j"),
    event("BH", "announced", "2020-09-11"),
)
"""Each party's membership event, so that the dataset is valid."""


def treaty_provision(kind: str, strength: str = "undertaking", **extra: Any) -> Provision:
    """A provision of the treaty (Article 1) binding the UAE and Israel, unless *extra* says."""
    fields: dict[str, Any] = {
        "id": "t-art-1-1",
        "instrument": "t",
        "article": "1",
        "kind": kind,
        "parties": ("AE", "IL"),
        "strength": strength,
        "summary": "A synthetic commitment.",
        "sources": (SOURCE.id,),
        **extra,
    }
    return Provision.model_validate(fields)


TRADE_FIELD = treaty_provision(
    "trade", id="trade-art-1-1", instrument="trade", summary="Tariffs are cut."
)
"""The sectoral agreement's own provision: it puts the agreement in the field of trade."""


def treaty_dataset(events: tuple[Event, ...] = (), *provisions: Provision) -> Dataset:
    """A dataset of the instruments above, with *events* and *provisions* (and the trade one)."""
    return build(
        [*MEMBERSHIP, *events],
        parties=(*PARTIES, ISRAEL),
        instruments=INSTRUMENTS,
        provisions=(*provisions, TRADE_FIELD),
    )


def implementation_examples() -> Dataset:
    """The treaty's provisions of each status: implemented (two), partial, not tracked, open."""
    return treaty_dataset(
        (
            event("IL", "embassy_opened", "2021-01-24", counterpart="AE"),
            event("AE", "embassy_opened", "2021-07-14", counterpart="IL"),
            event("IL", "flights_started", "2020-11-01", "month", counterpart="AE"),
            event("IL", "ratified", "2020-10-25", instrument="t", counterpart="AE"),
        ),
        treaty_provision("embassies"),
        treaty_provision("civil_aviation", id="t-art-2-1", article="2", strength="best_efforts"),
        treaty_provision("entry_into_force", id="t-art-3-1", article="3"),
        treaty_provision("peace", id="t-art-4-1", article="4", strength="recognition"),
    )


def readable(text: str) -> str:
    """A test id naming a backslash and each character outside printable ASCII by code point.

    No backslash: mutmut selects a test by its id, and pytest escapes a backslash in an
    id again each time it collects in one process (docs/mutation.md).
    """
    named = (c if " " <= c <= "~" and c != "\\" else f"<U+{ord(c):04X}>" for c in text)
    return "".join(named) or "empty"
