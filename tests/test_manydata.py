"""The membership table in manydata's columns: rows, dates, ids, and agreement with the data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords import Instrument, Party
from abraham_accords._manydata import acronym, many_ids, membership_rows, messy_date
from abraham_accords._models import ACCORDS_INSTRUMENT_KINDS
from factories import ISRAEL, PARTIES, build, event

KAZAKHSTAN = Party(code="KZ", name="Kazakhstan", alpha3="KAZ", numeric="398", role="party")
SOMALILAND = Party(
    code="XS", iso=False, name="Somaliland", role="candidate", note="No ISO 3166-1 code."
)
ALL_PARTIES = (*PARTIES, ISRAEL, KAZAKHSTAN, SOMALILAND)


def instrument(
    id_: str, kind: str, date: str, signatories: tuple[str, ...], **extra: Any
) -> Instrument:
    fields: dict[str, Any] = {
        "id": id_,
        "title": f"A synthetic {kind.replace('_', ' ')}",
        "kind": kind,
        "date": date,
        "signatories": signatories,
        "sources": ("src",),
        **extra,
    }
    return Instrument.model_validate(fields)


TREATY = instrument(
    "t",
    "treaty",
    "2020-09-15",
    ("IL", "AE"),
    title="Treaty of Peace (synthetic)",
    witnesses=("US",),
)
DECLARATION = instrument(
    "d",
    "declaration",
    "2020-09-15",
    ("IL", "AE", "BH", "MA"),
    title="The Synthetic Accords Declaration",
)
SECTORAL = instrument("s", "agreement", "2021-01-10", ("IL", "AE"))
WITH_SOMALILAND = instrument("j", "joint_declaration", "2021-03-01", ("IL", "XS"))


def accords() -> aa.Dataset:
    """A history with every case of the rules: later, month- and year-precision acts, a
    signatory without its own event, a withdrawal, a sectoral text, an announcement only."""
    return build(
        [
            event("AE", "announced", "2020-08-13"),
            event("AE", "signed", "2020-09-15", instrument="t", id="ae-2020-09-15-signed-t"),
            event("AE", "signed", "2020-09-15", instrument="d", id="ae-2020-09-15-signed-d"),
            event("AE", "entered_into_force", "2021-01-01", "year", instrument="t"),
            event("AE", "agreement_signed", "2021-01-10", instrument="s", counterpart="IL"),
            event("IL", "announced", "2020-08-13"),
            event("IL", "signed", "2020-09-15", instrument="d"),
            event("IL", "ratified", "2020-10-01", "month", instrument="t"),
            event("BH", "announced", "2020-09-11"),
            event("BH", "signed", "2020-09-15", instrument="d"),
            event("BH", "withdrawn", "2022-05-03"),
            event("MA", "announced", "2020-12-10"),
            event("MA", "signed", "2021-01-01", "month", instrument="d"),
            event("KZ", "announced", "2025-11-06"),
        ],
        parties=ALL_PARTIES,
        instruments=(TREATY, DECLARATION, SECTORAL, WITH_SOMALILAND),
    )


def test_manydatas_columns_come_first_under_its_names() -> None:
    assert list(aa.MembershipRow.model_fields)[:11] == [
        "manyID",
        "Title",
        "Begin",
        "stateID",
        "StateName",
        "StateSignature",
        "StateRatification",
        "StateForce",
        "StateEnd",
        "treatyID",
        "Signature",
    ]


def test_one_row_per_state_and_accords_instrument_with_the_states_dates() -> None:
    rows = accords().memberships()
    assert [
        (
            r.manyID,
            r.stateID,
            r.StateSignature,
            r.StateRatification,
            r.StateForce,
            r.StateEnd,
            r.signed_event,
            r.ratified_event,
            r.in_force_event,
            r.withdrawn_event,
        )
        for r in rows
    ] == [
        # A signatory with no event of its own (Israel) signed on the instrument's date.
        ("ARE-ISR[TRT]_2020A", "ARE", "2020-09-15", None, "2021", None,
         "ae-2020-09-15-signed-t", None, "ae-2021-01-01-entered-into-force", None),
        ("ARE-ISR[TRT]_2020A", "ISR", "2020-09-15", "2020-10", None, None,
         None, "il-2020-10-01-ratified", None, None),
        ("SAD_2020R", "ARE", "2020-09-15", None, None, None,
         "ae-2020-09-15-signed-d", None, None, None),
        ("SAD_2020R", "BHR", "2020-09-15", None, None, "2022-05-03",
         "bh-2020-09-15-signed", None, None, "bh-2022-05-03-withdrawn"),
        ("SAD_2020R", "ISR", "2020-09-15", None, None, None,
         "il-2020-09-15-signed", None, None, None),
        ("SAD_2020R", "MAR", "2021-01", None, None, None,
         "ma-2021-01-01-signed", None, None, None),
        # Somaliland has no ISO code: it keeps its own.
        ("ISR-XS[JDC]_2021R", "ISR", "2021-03-01", None, None, None, None, None, None, None),
        ("ISR-XS[JDC]_2021R", "XS", "2021-03-01", None, None, None, None, None, None, None),
    ]  # fmt: skip
    # The sectoral agreement has no row, nor Kazakhstan, which only announced.
    assert {r.instrument for r in rows} == {"t", "d", "j"}
    assert "KZ" not in {r.party for r in rows}


def test_a_row_names_the_instrument_and_the_state_both_ways() -> None:
    (row,) = [r for r in accords().memberships() if (r.instrument, r.party) == ("d", "MA")]
    assert row.model_dump() == {
        "manyID": "SAD_2020R",
        "Title": "The Synthetic Accords Declaration",
        "Begin": "2020-09-15",
        "stateID": "MAR",
        "StateName": "Morocco",
        "StateSignature": "2021-01",
        "StateRatification": None,
        "StateForce": None,
        "StateEnd": None,
        "treatyID": "SAD_2020R",
        "Signature": "2020-09-15",
        "instrument": "d",
        "party": "MA",
        "signed_event": "ma-2021-01-01-signed",
        "ratified_event": None,
        "in_force_event": None,
        "withdrawn_event": None,
    }


def test_a_withdrawal_ends_only_what_it_follows_and_what_it_names() -> None:
    ds = build(
        [
            event("AE", "signed", "2020-09-15", instrument="t", id="ae-2020-09-15-signed-t"),
            event("AE", "signed", "2020-09-15", instrument="d", id="ae-2020-09-15-signed-d"),
            event("AE", "withdrawn", "2021-05-01", instrument="t"),  # leaves the treaty only
            event("BH", "withdrawn", "2020-01-01"),  # before it signed: ends nothing
            event("BH", "signed", "2020-09-15", instrument="d"),
            event("BH", "withdrawn", "2023-02-01", "month"),
            event("BH", "withdrawn", "2024-01-01"),  # the first one after counts
            event("MA", "signed", "2020-12-22", instrument="d"),
            event("MA", "withdrawn", "2020-12-22"),  # the same day: after the signature
            event("IL", "announced", "2020-08-13"),
        ],
        parties=(*PARTIES, ISRAEL),
        instruments=(TREATY, DECLARATION),
    )
    ends = {(r.instrument, r.party): (r.StateEnd, r.withdrawn_event) for r in ds.memberships()}
    assert ends == {
        ("t", "AE"): ("2021-05-01", "ae-2021-05-01-withdrawn"),
        ("t", "IL"): (None, None),
        ("d", "AE"): (None, None),
        ("d", "BH"): ("2023-02", "bh-2023-02-01-withdrawn"),
        ("d", "IL"): (None, None),
        ("d", "MA"): ("2020-12-22", "ma-2020-12-22-withdrawn"),
    }


def test_a_withdrawal_on_the_day_of_the_first_act_ends_it_unless_its_sequence_comes_first() -> None:
    ds = build(
        [
            # No sequences: the withdrawal closes the day, after the signature.
            event("AE", "signed", "2020-09-15", instrument="d"),
            event("AE", "withdrawn", "2020-09-15"),
            # A sequence on the signature only: the withdrawal, without one, came first.
            event("BH", "signed", "2020-09-15", instrument="d", sequence=1),
            event("BH", "withdrawn", "2020-09-15"),
            # Both in sequence: the withdrawal first, then the signature.
            event("MA", "withdrawn", "2020-09-15", sequence=1),
            event("MA", "signed", "2020-09-15", instrument="d", sequence=2),
            # A signatory without an event of its own signed on the text's date, then withdrew.
            event("IL", "announced", "2020-08-13"),
            event("IL", "withdrawn", "2020-09-15"),
        ],
        parties=(*PARTIES, ISRAEL),
        instruments=(DECLARATION,),
    )
    assert {r.party: r.StateEnd for r in ds.memberships()} == {
        "AE": "2020-09-15",
        "BH": None,
        "IL": "2020-09-15",
        "MA": None,
    }


def test_a_state_that_ratified_a_text_it_did_not_sign_has_a_row_without_signature() -> None:
    ds = build(
        [
            event("BH", "ratified", "2021-02-01", instrument="t"),
            event("AE", "signed", "2020-09-15", instrument="t"),
            event("IL", "announced", "2020-08-13"),
        ],
        parties=(*PARTIES, ISRAEL),
        instruments=(TREATY,),
    )
    (row,) = [r for r in ds.memberships() if r.party == "BH"]
    assert (row.StateSignature, row.signed_event, row.StateRatification) == (
        None,
        None,
        "2021-02-01",
    )


def test_texts_that_would_share_an_id_get_an_ordinal_by_date_then_id() -> None:
    texts = [
        instrument("c", "declaration", "2020-10-18", ("IL", "BH")),
        instrument("b", "declaration", "2020-09-15", ("BH", "IL")),
        instrument("a", "declaration", "2020-10-18", ("IL", "BH")),
        instrument("e", "joint_communique", "2020-10-18", ("IL", "BH")),
    ]
    assert many_ids(texts, (*PARTIES, ISRAEL)) == {
        "b": "BHR-ISR[DCL]_2020R",
        "a": "BHR-ISR[DCL]_2020R2",
        "c": "BHR-ISR[DCL]_2020R3",
        "e": "BHR-ISR[JCM]_2020R",
    }


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("The Abraham Accords Declaration", "AAD"),
        ("Accord of the Négev Forum", "ANF"),  # an accent folds to its letter
        ("Treaty for Peace 2020", "TP"),  # no digits
        ("One Two Three Four Five Six", "OTTFFS"),  # six letters: kept whole
        ("One Two Three Four Five Six Seven", "OT03SS"),
        ("Alpha Bravo Charlie Delta Echo Foxtrot Golf", "AB03FG"),  # first two, last two
        ("إعلان", ""),  # no Latin initial
    ],
)
def test_acronyms_of_multilateral_titles(title: str, expected: str) -> None:
    assert acronym(title) == expected


def test_a_title_with_no_latin_initial_is_named_by_its_kind() -> None:
    text = instrument("h", "declaration", "2021-01-06", ("IL", "AE", "BH"), title="הצהרה")
    assert many_ids([text], (*PARTIES, ISRAEL)) == {"h": "DCL_2021R"}


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (dt.date(2020, 9, 5), "day", "2020-09-05"),
        (dt.date(2020, 9, 1), "month", "2020-09"),
        (dt.date(2020, 1, 1), "year", "2020"),
        (dt.date(987, 1, 1), "year", "0987"),
    ],
)
def test_dates_are_written_as_messydates_writes_them(
    day: dt.date, precision: Any, expected: str
) -> None:
    assert messy_date(day, precision) == expected


CODES = ("AE", "BH", "IL", "MA", "US", "SA")
instruments_drawn = st.lists(
    st.builds(
        lambda kind, date, signers: (kind, date, signers),
        st.sampled_from(sorted(ACCORDS_INSTRUMENT_KINDS)),
        st.dates(dt.date(2020, 1, 1), dt.date(2022, 12, 31)),
        st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(instruments_drawn, st.randoms(use_true_random=False))
def test_ids_are_unique_in_manydatas_shape_whatever_the_order(
    drawn: list[tuple[str, dt.date, list[str]]], shuffler: Any
) -> None:
    texts = [
        instrument(f"i{n}", kind, day.isoformat(), tuple(signers))
        for n, (kind, day, signers) in enumerate(drawn)
    ]
    ids = many_ids(texts, (*PARTIES, ISRAEL))
    assert len(set(ids.values())) == len(texts)
    for text in texts:
        found = re.fullmatch(r"(.+)_([0-9]{4})([ARS])([0-9]*)", ids[text.id])
        assert found, ids[text.id]
        assert int(found[2]) == text.date.year
        assert found[3] == ("A" if text.kind == "treaty" else "R")
        # manydata tells a bilateral treaty by a '-' in its manyID (call_treaties()).
        assert ("-" in ids[text.id]) == (len(text.signatories) == 2)
    shuffled = list(texts)
    shuffler.shuffle(shuffled)
    assert many_ids(shuffled, (*PARTIES, ISRAEL)) == ids
    rows = membership_rows((*PARTIES, ISRAEL), shuffled, ())
    # Without events: each signatory, signing on the instrument's day, in manydata's order.
    assert sorted((r.instrument, r.party) for r in rows) == sorted(
        (t.id, code) for t in texts for code in t.signatories
    )
    assert all(r.StateSignature == r.Begin == r.Signature for r in rows)
    assert [(r.Begin, r.manyID, r.stateID) for r in rows] == sorted(
        (r.Begin, r.manyID, r.stateID) for r in rows
    )


# -- the bundled data ------------------------------------------------------------------


def test_the_bundled_rows_agree_with_the_membership_queries() -> None:
    ds = aa.dataset()
    rows = ds.memberships()
    assert {r.instrument for r in rows} == {
        i.id for i in ds.instruments() if i.kind in ACCORDS_INSTRUMENT_KINDS
    }
    columns = {
        "signed": "StateSignature",
        "ratified": "StateRatification",
        "in_force": "StateForce",
    }
    for party in ds.parties(role="party"):
        own = [r for r in rows if r.party == party.code]
        for stage, column in columns.items():
            days = [getattr(r, column) for r in own if getattr(r, column) is not None]
            earliest = min(days, default=None)
            reached = ds.join_date(party, stage=stage)  # type: ignore[arg-type]  # a Stage
            assert earliest == (None if reached is None else reached.isoformat()), (party, stage)
    for party in ds.members_as_of(ds.cutoff, stage="signed"):
        assert all(r.StateEnd is None for r in rows if r.party == party.code)


def test_each_bundled_date_names_the_event_it_comes_from() -> None:
    ds = aa.dataset()
    for row in ds.memberships():
        for column, key, kind in (
            ("StateSignature", "signed_event", "signed"),
            ("StateRatification", "ratified_event", "ratified"),
            ("StateForce", "in_force_event", "entered_into_force"),
        ):
            if getattr(row, key) is None:
                continue
            found = ds.get_record(getattr(row, key))
            assert isinstance(found, aa.Event)
            assert (found.kind, found.party, found.instrument) == (kind, row.party, row.instrument)
            assert getattr(row, column) == found.date.isoformat()
        if row.signed_event is None:  # read from the instrument: a signatory, on its date
            text = ds.get_record(row.instrument)
            assert isinstance(text, aa.Instrument)
            assert row.party in text.signatories
            assert row.StateSignature == text.date.isoformat()


def test_the_bundled_declaration_lists_its_four_signatories() -> None:
    rows = [r for r in aa.memberships() if r.instrument == "abraham-accords-declaration"]
    assert [(r.manyID, r.stateID, r.StateSignature) for r in rows] == [
        ("AAD_2020R", "ARE", "2020-09-15"),
        ("AAD_2020R", "BHR", "2020-09-15"),
        ("AAD_2020R", "ISR", "2020-09-15"),
        ("AAD_2020R", "SDN", "2021-01-06"),  # Sudan signed in Khartoum, later
    ]
