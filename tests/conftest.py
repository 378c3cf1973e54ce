"""Shared helpers: small synthetic datasets built in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from abraham_accords import Dataset, Event, Instrument, Metadata, Party, Source

SOURCE = Source(
    id="src",
    url="https://example.org/source",
    title="A source",
    publisher="Example",
    published=dt.date(2020, 1, 1),
    kind="news",
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

PARTIES = (
    Party(code="AE", name="United Arab Emirates", alpha3="ARE", numeric="784", role="party"),
    Party(code="BH", name="Bahrain", alpha3="BHR", numeric="048", role="party"),
    Party(code="MA", name="Morocco", alpha3="MAR", numeric="504", role="party"),
    Party(code="US", name="United States", alpha3="USA", numeric="840", role="broker"),
    Party(code="SA", name="Saudi Arabia", alpha3="SAU", numeric="682", role="candidate"),
)


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


def build(events: Sequence[Event], parties: Sequence[Party] = PARTIES) -> Dataset:
    """Build and fully validate a dataset from the given records."""
    return Dataset.model_validate(
        {
            "metadata": Metadata(
                title="Synthetic",
                data_version="2030.01.01",
                cutoff=dt.date(2030, 1, 1),
                license="CC-BY-4.0",
            ),
            "parties": tuple(parties),
            "instruments": (INSTRUMENT,),
            "events": tuple(events),
            "sources": (SOURCE,),
        }
    )


@pytest.fixture
def make_dataset() -> Callable[..., Dataset]:
    return build
