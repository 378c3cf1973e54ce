"""Each cross-record rule, broken on purpose in a synthetic dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from abraham_accords import Event, Instrument, Metadata, Party, Source
from abraham_accords._integrity import check_references
from factories import INSTRUMENT, PARTIES, SOURCE, event

META = Metadata(
    title="T", data_version="2021.01.01", cutoff=dt.date(2021, 1, 1), license="CC-BY-4.0"
)
AE = event("AE", "announced", "2020-08-13")


def problems(
    *,
    events: tuple[Event, ...] = (AE,),
    instruments: tuple[Instrument, ...] = (),
    parties: tuple[Party, ...] = PARTIES[:1] + PARTIES[3:],
    sources: tuple[Source, ...] = (SOURCE,),
) -> list[str]:
    return [str(p) for p in check_references(META, parties, instruments, events, sources)]


def test_clean_dataset_has_no_problems() -> None:
    assert problems() == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"events": (AE, AE)}, "events.json: ae-2020-08-13-announced: id used by 2 records"),
        ({"events": (event("FR", "statement", "2020-09-01"), AE)}, "unknown party 'FR'"),
        ({"events": (AE.model_copy(update={"counterpart": "FR"}),)}, "unknown counterpart 'FR'"),
        ({"events": (AE.model_copy(update={"sources": ("nope",)}),)}, "unknown source 'nope'"),
        ({"events": (AE.model_copy(update={"instrument": "nope"}),)}, "unknown instrument 'nope'"),
        ({"events": (AE, event("AE", "statement", "2021-05-01"))}, "after the cut-off 2021-01-01"),
        (
            {"events": (AE, event("US", "announced", "2020-09-01"))},
            "a broker cannot have a membership",
        ),
        ({"events": ()}, "parties.json: AE: role 'party' but no membership event"),
        (
            {"sources": (SOURCE, SOURCE.model_copy(update={"id": "spare"}))},
            "sources.json: spare: source is cited",
        ),
        (
            {"instruments": (INSTRUMENT.model_copy(update={"signatories": ("AE", "FR")}),)},
            "instruments.json: x: unknown party 'FR'",
        ),
        (
            {
                "instruments": (
                    INSTRUMENT.model_copy(update={"signatories": ("AE",), "sources": ("gone",)}),
                )
            },
            "instruments.json: x: unknown source 'gone'",
        ),
        (
            {
                "instruments": (
                    INSTRUMENT.model_copy(
                        update={"signatories": ("AE",), "date": dt.date(2022, 1, 1)}
                    ),
                )
            },
            "instruments.json: x: date 2022-01-01 is after the cut-off",
        ),
        (
            {
                "instruments": (INSTRUMENT.model_copy(update={"signatories": ("AE",)}),),
                "events": (
                    AE,
                    event("SA", "statement", "2020-09-02", instrument="x"),
                    event("US", "agreement_signed", "2020-09-03", instrument="x"),
                ),
                "parties": PARTIES[:1] + PARTIES[3:],
            },
            "US is not a signatory of 'x'",
        ),
    ],
)
def test_each_rule(kwargs: dict[str, object], expected: str) -> None:
    found = problems(**kwargs)  # type: ignore[arg-type]  # table of overrides
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    broken = (
        AE.model_copy(update={"sources": ("nope",)}),
        event("FR", "statement", "2020-09-01"),
    )
    found = problems(events=broken)
    assert [p.split(":")[1].strip() for p in found] == [
        "ae-2020-08-13-announced",
        "fr-2020-09-01-statement",
    ]
