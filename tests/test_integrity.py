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


def test_an_approval_names_an_accords_instrument_and_a_sectoral_one_its_own_kind() -> None:
    events = (
        AE,
        event("AE", "approved", "2020-09-03", instrument="x"),
        event("AE", "ratified", "2020-09-04", instrument="x"),
        event("AE", "agreement_approved", "2020-09-05", instrument="mou"),
    )
    assert problems(events=events, instruments=(DECLARATION, SECTORAL)) == []


ALIASED = PARTIES[0].model_copy(
    update={"aliases": ("EAU", "ОАЭ"), "alias_sources": {"EAU": ("spare",), "ОАЭ": ("cldr:49",)}}
)


def test_a_source_that_an_alias_cites_is_cited_and_cldr_needs_no_source() -> None:
    spare = SOURCE.model_copy(update={"id": "spare"})
    assert problems(parties=(ALIASED, *PARTIES[3:]), sources=(SOURCE, spare)) == []
    assert problems(parties=(ALIASED, *PARTIES[3:]), sources=(SOURCE,)) == [
        "parties.json: AE: unknown source 'spare' (alias 'EAU')"
    ]


SECTORAL = INSTRUMENT.model_copy(update={"id": "mou", "kind": "memorandum", "signatories": ("AE",)})
DECLARATION = INSTRUMENT.model_copy(update={"signatories": ("AE",)})


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"events": (AE, AE)}, "events.json: ae-2020-08-13-announced: id used by 2 records"),
        (
            {"parties": PARTIES[:1] + PARTIES[:1] + PARTIES[3:]},
            "parties.json: AE: id used by 2 records",
        ),
        (
            {"instruments": (DECLARATION, DECLARATION)},
            "instruments.json: x: id used by 2 records",
        ),
        ({"sources": (SOURCE, SOURCE)}, "sources.json: src: id used by 2 records"),
        (
            {"events": (event("FR", "statement", "2020-09-01"), AE)},
            "events.json: fr-2020-09-01-statement: unknown party 'FR'",
        ),
        (
            {"events": (AE.model_copy(update={"counterpart": "FR"}),)},
            "events.json: ae-2020-08-13-announced: unknown counterpart 'FR'",
        ),
        (
            {"events": (AE.model_copy(update={"sources": ("nope",)}),)},
            "events.json: ae-2020-08-13-announced: unknown source 'nope'",
        ),
        (
            {"events": (AE.model_copy(update={"instrument": "nope"}),)},
            "events.json: ae-2020-08-13-announced: unknown instrument 'nope'",
        ),
        (
            {"events": (AE, event("AE", "statement", "2021-01-02"))},
            "events.json: ae-2021-01-02-statement: date 2021-01-02 is after the cut-off 2021-01-01",
        ),
        (
            {"events": (AE, event("US", "announced", "2020-09-01"))},
            (
                "events.json: us-2020-09-01-announced: a broker cannot have a membership event "
                "('announced'); only role 'party' joins"
            ),
        ),
        (
            {"events": ()},
            (
                "parties.json: AE: role 'party' but no membership event "
                "(announced, signed, ratified, in force)"
            ),
        ),
        (
            {"sources": (SOURCE, SOURCE.model_copy(update={"id": "spare"}))},
            "sources.json: spare: source is cited by no event, instrument, provision or alias",
        ),
        (
            {"instruments": (INSTRUMENT.model_copy(update={"signatories": ("AE", "FR")}),)},
            "instruments.json: x: unknown party 'FR'",
        ),
        (
            {"instruments": (DECLARATION.model_copy(update={"sources": ("gone",)}),)},
            "instruments.json: x: unknown source 'gone'",
        ),
        (
            {"instruments": (DECLARATION.model_copy(update={"date": dt.date(2021, 1, 2)}),)},
            "instruments.json: x: date 2021-01-02 is after the cut-off 2021-01-01",
        ),
        (
            {
                "instruments": (DECLARATION,),
                "events": (AE, event("US", "agreement_signed", "2020-09-03", instrument="x")),
            },
            "events.json: us-2020-09-03-agreement-signed: US is not a signatory of 'x'",
        ),
        (
            {
                "instruments": (SECTORAL,),
                "events": (AE, event("AE", "signed", "2020-09-03", instrument="mou")),
            },
            (
                "events.json: ae-2020-09-03-signed: a 'signed' event marks membership, but 'mou' "
                "is a sectoral memorandum; use an 'agreement_*' kind"
            ),
        ),
        *(
            (
                {
                    "instruments": (SECTORAL,),
                    "events": (AE, event("AE", kind, "2020-09-03", instrument="mou")),
                },
                (
                    f"events.json: ae-2020-09-03-{kind}: {article} {kind!r} event approves an "
                    "Accords instrument, but 'mou' is a sectoral memorandum; use "
                    "'agreement_approved'"
                ),
            )
            for kind, article in (("approved", "an"), ("ratified", "a"))
        ),
        (
            {
                "instruments": (DECLARATION,),
                "events": (AE, event("AE", "agreement_in_force", "2020-09-03", instrument="x")),
            },
            (
                "events.json: ae-2020-09-03-agreement-in-force: 'x' is an Accords declaration; "
                "use a membership kind"
            ),
        ),
        (
            {
                "parties": (
                    PARTIES[0].model_copy(update={"aliases": ("us",)}),
                    *PARTIES[3:],
                )
            },
            "parties.json: US: 'us' already names AE; codes, names and aliases must be unique",
        ),
        (
            {"parties": (ALIASED.model_copy(update={"alias_sources": {"EAU": ("gone",)}}),)},
            "parties.json: AE: unknown source 'gone' (alias 'EAU')",
        ),
        (
            {
                "parties": (
                    PARTIES[0].model_copy(update={"ccode": 696}),
                    *(p.model_copy(update={"ccode": 696}) for p in PARTIES[3:]),
                )
            },
            "parties.json: US: ccode 696 already names AE",
        ),
    ],
)
def test_each_rule(kwargs: dict[str, object], expected: str) -> None:
    found = problems(**kwargs)  # type: ignore[arg-type]  # table of overrides
    assert expected in found, found


def test_records_dated_on_the_cutoff_are_fine() -> None:
    on_the_day = event("AE", "statement", "2021-01-01")
    signed = DECLARATION.model_copy(update={"date": dt.date(2021, 1, 1)})
    assert problems(events=(AE, on_the_day), instruments=(signed,)) == []


def test_until_today_replaces_the_cutoff_and_metadata_may_be_missing() -> None:
    later = event("AE", "statement", "2021-06-01")
    parties = PARTIES[:1] + PARTIES[3:]
    found = check_references(META, parties, (), (AE, later), (SOURCE,), until=dt.date(2021, 5, 31))
    assert [str(p) for p in found] == [
        "events.json: ae-2021-06-01-statement: date 2021-06-01 is after today (2021-05-31)"
    ]
    assert check_references(None, parties, (), (AE, later), (SOURCE,)) == []


def test_unchecked_records_are_not_reported_again() -> None:
    parties = PARTIES[:1] + PARTIES[3:]
    citing = AE.model_copy(update={"sources": ("broken",), "counterpart": "XX"})
    skipped = {"sources": frozenset({"broken"}), "parties": frozenset({"XX"})}
    assert check_references(META, parties, (), (citing,), (), unchecked=skipped) == []
    invalid_instrument = AE.model_copy(update={"instrument": "x"})
    only_invalid = {"instruments": frozenset({"x"})}
    assert (
        check_references(
            META, parties, (), (invalid_instrument,), (SOURCE,), unchecked=only_invalid
        )
        == []
    )
    unread = {"instruments": frozenset({"*"})}
    spare = (SOURCE, SOURCE.model_copy(update={"id": "spare"}))
    assert check_references(META, parties, (), (AE,), spare, unchecked=unread) == []
    unread_parties = {"parties": frozenset({"*"})}  # their aliases may cite it
    assert check_references(META, parties, (), (AE,), spare, unchecked=unread_parties) == []
    assert [p.record for p in check_references(META, parties, (), (AE,), spare)] == ["spare"]
    also = check_references(META, parties, (), (AE,), spare, also_cited=("spare",))
    assert also == []


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
