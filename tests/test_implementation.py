"""Implementation of provisions: the rules, the query, its properties, exports and the CLI.

The rules are the coding manual's (docs/methodology.md, "What counts as implementation").
Most tests build a small dataset (``factories.treaty_dataset``): a treaty between the UAE
and Israel signed on 2020-09-15, one provision of it, and the events under test.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from frictionless import Package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords import _api
from abraham_accords._cli import main
from abraham_accords._implementation import (
    IMPLEMENTABLE_STRENGTHS,
    IMPLEMENTING_KINDS,
    JOINT_KINDS,
)
from abraham_accords._releases import snapshot_bytes
from factories import (
    SIGNED,
    TREATY,
    event,
    implementation_examples,
)
from factories import treaty_dataset as dataset
from factories import treaty_provision as provision


def row_of(item: aa.Provision, *events: aa.Event) -> aa.ImplementationRow:
    (row,) = dataset(events, item).implementation(instrument=item.instrument, kind=item.kind)
    return row


# -- the statuses --------------------------------------------------------------------------


def test_an_embassy_opened_by_each_bound_party_implements_an_embassies_provision() -> None:
    israel = event("IL", "embassy_opened", "2021-01-24", counterpart="AE")
    emirates = event("AE", "embassy_opened", "2021-07-14", counterpart="IL")
    row = row_of(provision("embassies"), emirates, israel)
    assert row == aa.ImplementationRow(
        instrument="t",
        provision="t-art-1-1",
        kind="embassies",
        strength="undertaking",
        parties=("AE", "IL"),
        signed=SIGNED,
        implemented=dt.date(2021, 1, 24),
        precision="day",
        lag_days=131,
        events=(israel.id, emirates.id),
        pending=(),
        status="implemented",
    )


def test_an_act_of_one_bound_party_only_is_partial() -> None:
    israel = event("IL", "embassy_opened", "2021-01-24", counterpart="AE")
    row = row_of(provision("embassies", "best_efforts"), israel)
    assert (row.status, row.events, row.pending) == ("partial", (israel.id,), ("AE",))
    assert (row.implemented, row.lag_days) == (dt.date(2021, 1, 24), 131)


def test_no_act_by_the_cutoff_is_open() -> None:
    row = row_of(provision("embassies"))
    assert (row.status, row.implemented, row.precision, row.lag_days) == ("open", None, None, None)
    assert (row.events, row.pending) == ((), ("AE", "IL"))


@pytest.mark.parametrize("strength", ["recognition", "encouragement"])
def test_a_provision_that_asks_for_no_act_is_not_tracked(strength: str) -> None:
    israel = event("IL", "embassy_opened", "2021-01-24", counterpart="AE")
    row = row_of(provision("embassies", strength), israel)
    assert (row.status, row.events, row.pending, row.implemented) == ("not_tracked", (), (), None)


@pytest.mark.parametrize("kind", ["peace", "sovereignty", "registration", "strategic_agenda"])
def test_an_undertaking_of_a_kind_no_event_records_is_not_tracked(kind: str) -> None:
    israel = event("IL", "relations_established", "2020-09-15", counterpart="AE")
    row = row_of(provision(kind), israel)
    assert (row.status, row.events, row.pending) == ("not_tracked", (), ())


# -- which events carry a provision out ----------------------------------------------------


def test_an_act_between_two_states_counts_for_both() -> None:
    relations = event("AE", "relations_established", "2020-09-15", counterpart="IL")
    row = row_of(provision("diplomatic_relations"), relations)
    assert (row.status, row.events, row.lag_days) == ("implemented", (relations.id,), 0)
    flight = event("IL", "flights_started", "2020-11-26", counterpart="AE")
    assert row_of(provision("civil_aviation"), flight).status == "implemented"


def test_one_states_own_act_counts_for_it_alone() -> None:
    credentials = event("IL", "credentials_presented", "2021-03-01", counterpart="AE")
    assert row_of(provision("embassies"), credentials).pending == ("AE",)


@pytest.mark.parametrize(
    "kind",
    sorted(IMPLEMENTING_KINDS["embassies"]),
)
def test_each_kind_of_mission_or_envoy_event_implements_embassies(kind: str) -> None:
    act = event("IL", kind, "2021-01-24", counterpart="AE")
    assert row_of(provision("embassies"), act).events == (act.id,)


@pytest.mark.parametrize(
    "kind", ["mission_inaugurated", "mission_moved", "meeting", "decision", "statement"]
)
def test_a_ceremony_a_move_or_talk_implements_nothing(kind: str) -> None:
    act = event("IL", kind, "2021-01-24", counterpart="AE")
    assert row_of(provision("embassies"), act).status == "open"


def test_an_act_before_the_signature_does_not_count() -> None:
    before = event("IL", "embassy_opened", "2020-09-14", counterpart="AE")
    on_the_day = event("AE", "embassy_opened", "2020-09-15", counterpart="IL")
    row = row_of(provision("embassies"), before, on_the_day)
    assert (row.events, row.pending, row.lag_days) == ((on_the_day.id,), ("IL",), 0)


def test_an_act_known_to_the_month_counts_from_its_last_day() -> None:
    # September 2020 ends after the signature of 15 September: it may follow it, and by
    # the 30th it had certainly happened.
    flight = event("IL", "flights_started", "2020-09-01", "month", counterpart="AE")
    row = row_of(provision("civil_aviation"), flight)
    assert (row.implemented, row.precision, row.lag_days) == (dt.date(2020, 9, 30), "month", 15)
    assert row.status == "implemented"
    august = event("IL", "flights_started", "2020-08-01", "month", counterpart="AE")
    assert row_of(provision("civil_aviation"), august).status == "open"
    year = event("IL", "flights_started", "2020-01-01", "year", counterpart="AE")
    row = row_of(provision("civil_aviation"), year)
    assert (row.implemented, row.precision, row.lag_days) == (dt.date(2020, 12, 31), "year", 107)


def test_the_first_act_of_each_party_is_named_the_more_precise_first_on_a_tie() -> None:
    month = event("IL", "flights_started", "2020-11-01", "month", counterpart="AE")
    day = event("AE", "direct_flight", "2020-11-30", counterpart="IL")
    later = event("AE", "flights_started", "2021-01-05", counterpart="IL")
    row = row_of(provision("civil_aviation"), later, month, day)
    assert row.events == (day.id,)  # both certain by 30 November: the day-precise one
    assert (row.implemented, row.precision) == (dt.date(2020, 11, 30), "day")


def test_the_earliest_act_counts_whichever_state_it_is_filed_under() -> None:
    emirati = event("AE", "direct_flight", "2021-01-05", counterpart="IL")
    israeli = event("IL", "direct_flight", "2020-10-19", counterpart="AE")
    row = row_of(provision("civil_aviation"), emirati, israeli)
    assert (row.events, row.implemented) == ((israeli.id,), dt.date(2020, 10, 19))


def test_a_counterpart_that_did_not_sign_the_instrument_implements_nothing() -> None:
    elsewhere = event("AE", "embassy_opened", "2021-01-01", counterpart="BH")
    unbound = event("BH", "relations_established", "2021-01-01", counterpart="IL")
    assert row_of(provision("embassies"), elsewhere).status == "open"
    assert row_of(provision("diplomatic_relations"), unbound).status == "open"


def test_an_act_with_no_counterpart_counts_for_its_party() -> None:
    act = event("AE", "embassy_opened", "2021-01-01")
    assert row_of(provision("embassies"), act).pending == ("IL",)


def test_only_the_bound_parties_are_credited() -> None:
    # Israel's embassy in the UAE is an act of a signatory that this provision does not bind.
    israel = event("IL", "embassy_opened", "2021-01-24", counterpart="AE")
    row = row_of(provision("embassies", parties=("AE",)), israel)
    assert (row.status, row.pending) == ("open", ("AE",))
    relations = event("IL", "relations_established", "2020-09-15", counterpart="AE")
    row = row_of(provision("diplomatic_relations", parties=("AE",)), relations)
    assert (row.status, row.events) == ("implemented", (relations.id,))  # both states' act


def test_a_party_bound_by_a_trilateral_text_acts_towards_any_other_signatory() -> None:
    consulate = provision(
        "embassies", id="j-preamble-3-1", instrument="j", article="Preamble 3", parties=("US",)
    )
    in_morocco = event("US", "consulate_opened", "2021-06-01", counterpart="MA")
    row = row_of(consulate, in_morocco)
    assert (row.status, row.signed, row.lag_days) == ("implemented", dt.date(2020, 12, 22), 161)
    in_bahrain = event("US", "consulate_opened", "2021-06-01", counterpart="BH")
    assert row_of(consulate, in_bahrain).status == "open"


def test_a_bound_party_without_any_event_is_pending() -> None:
    consulate = provision(
        "embassies", id="j-preamble-3-1", instrument="j", article="Preamble 3", parties=("US",)
    )
    row = row_of(consulate)  # no event names the United States at all
    assert (row.status, row.events, row.pending) == ("open", (), ("US",))


def test_entry_into_force_is_carried_out_by_acts_naming_the_instrument() -> None:
    ratified = event("IL", "ratified", "2020-10-25", instrument="t", counterpart="AE")
    in_force = event("AE", "entered_into_force", "2021-01-05", instrument="t")
    row = row_of(provision("entry_into_force"), in_force, ratified)
    assert (row.status, row.events, row.lag_days) == ("implemented", (ratified.id, in_force.id), 40)
    other = event("MA", "ratified", "2021-01-24", instrument="j")
    unnamed = event("IL", "entered_into_force", "2020-11-01")
    assert row_of(provision("entry_into_force"), other, unnamed).status == "open"


def test_a_sectoral_commitment_is_carried_out_by_an_agreement_in_its_field() -> None:
    signed = event("AE", "agreement_signed", "2020-10-20", instrument="trade", counterpart="IL")
    row = row_of(provision("trade"), signed)
    assert (row.status, row.events, row.lag_days) == ("implemented", (signed.id,), 35)
    in_force = event("IL", "agreement_in_force", "2021-04-01", instrument="trade", counterpart="AE")
    assert row_of(provision("trade"), in_force).events == (in_force.id,)


def test_an_agreement_in_another_field_or_unrecorded_carries_out_nothing() -> None:
    unknown = event("AE", "agreement_signed", "2020-10-20", instrument="other", counterpart="IL")
    bare = event("IL", "agreement_signed", "2020-10-21", counterpart="AE")
    assert row_of(provision("trade"), unknown, bare).status == "open"
    trade = event("AE", "agreement_signed", "2020-10-20", instrument="trade", counterpart="IL")
    for kind in ("visas", "health", "civil_aviation"):  # a trade agreement is not in them
        assert row_of(provision(kind), trade).status == "open", kind


def test_a_visa_or_air_services_agreement_carries_out_its_kind() -> None:
    visas = provision("visas", id="other-art-1-1", instrument="other", summary="Visas go.")
    air = provision("civil_aviation", id="other-art-2-1", instrument="other", article="2")
    signed = event("AE", "agreement_signed", "2020-10-20", instrument="other", counterpart="IL")
    ds = dataset((signed,), provision("visas"), visas, air)
    assert [r.status for r in ds.implementation(instrument="t")] == ["implemented"]
    flights = provision("civil_aviation", id="t-art-2-1", article="2")
    (row,) = dataset((signed,), flights, visas, air).implementation(instrument="t")
    assert (row.status, row.events) == ("implemented", (signed.id,))


def test_an_agreement_does_not_implement_its_own_provisions() -> None:
    signed = event("AE", "agreement_signed", "2020-10-20", instrument="trade", counterpart="IL")
    (row,) = dataset((signed,)).implementation(instrument="trade")
    assert (row.provision, row.status) == ("trade-art-1-1", "open")


def test_an_undoing_act_does_not_erase_the_implementation() -> None:
    opened = event("IL", "embassy_opened", "2021-01-24", counterpart="AE")
    closed = event("IL", "mission_closed", "2023-10-19", counterpart="AE")
    row = row_of(provision("embassies", parties=("IL",)), opened, closed)
    assert (row.status, row.events) == ("implemented", (opened.id,))


# -- the query -----------------------------------------------------------------------------


def filtered() -> aa.Dataset:
    return dataset(
        (),
        provision("embassies"),
        provision("trade", id="t-art-2-1", article="2", parties=("IL",)),
        provision("visas", id="j-para-1-1", instrument="j", article="Para 1", parties=("MA",)),
    )


def test_rows_follow_the_provisions_and_their_filters() -> None:
    ds = filtered()
    for arguments in (
        {},
        {"instrument": "t"},
        {"instrument": TREATY},
        {"kind": "trade"},
        {"party": "Morocco"},
        {"party": "IL", "kind": "embassies"},
        {"party": "BH"},
    ):
        rows = ds.implementation(**arguments)
        assert [r.provision for r in rows] == [p.id for p in ds.provisions(**arguments)]
    assert [r.provision for r in ds.implementation(party="IL")] == [
        "t-art-1-1",
        "t-art-2-1",
        "trade-art-1-1",
    ]
    assert ds.implementation(party="BH") == ()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"instrument": "nowhere"}, aa.UnknownRecordError, "no instrument of this dataset"),
        ({"instrument": 5}, aa.ArgumentTypeError, "instrument must be an id or an Instrument"),
        ({"kind": "friendship"}, aa.InvalidArgumentError, "unknown provision kind 'friendship'"),
        ({"kind": 3}, aa.ArgumentTypeError, "kind must be a string"),
        ({"party": "Atlantis"}, aa.UnknownPartyError, "Atlantis"),
        ({"party": 1.5}, aa.ArgumentTypeError, "party must be a code"),
    ],
)
def test_bad_arguments_raise_our_errors(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        filtered().implementation(**arguments)


def test_the_module_function_answers_from_the_bundled_data() -> None:
    assert aa.implementation() == aa.dataset().implementation()
    assert aa.implementation(party="US", kind="embassies") == aa.dataset().implementation(
        party="US", kind="embassies"
    )
    with pytest.raises(aa.InvalidArgumentError, match="provision kind"):
        aa.implementation(kind="embasies")  # type: ignore[arg-type]  # wrong on purpose


def test_the_statuses_are_a_closed_vocabulary() -> None:
    assert aa.IMPLEMENTATION_STATUSES == ("implemented", "partial", "open", "not_tracked")


# -- properties over random records --------------------------------------------------------

EVENT_KINDS = (
    *sorted(IMPLEMENTING_KINDS["embassies"]),
    "relations_established",
    "flights_started",
    "direct_flight",
    "agreement_signed",
    "agreement_in_force",
    "ratified",
    "entered_into_force",
    "mission_closed",
    "mission_inaugurated",
    "meeting",
)
PROVISION_KINDS = (
    "embassies",
    "diplomatic_relations",
    "civil_aviation",
    "entry_into_force",
    "trade",
    "visas",
    "peace",
)


@st.composite
def random_events(draw: st.DrawFn) -> tuple[aa.Event, ...]:
    """Events of the UAE, Israel and Bahrain around the treaty's signature."""
    found = []
    for number in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(EVENT_KINDS))
        party = draw(
            st.sampled_from(["AE", "IL"] if kind == "agreement_signed" else ["AE", "IL", "BH"])
        )
        counterpart = draw(st.sampled_from([None, *(c for c in ("AE", "IL", "BH") if c != party)]))
        precision = draw(st.sampled_from(["day", "day", "month", "year"]))
        day = SIGNED + dt.timedelta(days=draw(st.integers(-400, 900)))
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        extra: dict[str, Any] = {"counterpart": counterpart, "id": f"e-{number}"}
        if kind in {"ratified", "entered_into_force"}:
            extra["instrument"] = draw(st.sampled_from([None, "t"]))
        elif kind.startswith("agreement_"):
            extra["instrument"] = draw(st.sampled_from([None, "trade", "other"]))
        found.append(event(party, kind, day.isoformat(), precision, **extra))
    return tuple(found)


random_provisions = st.builds(
    provision,
    st.sampled_from(PROVISION_KINDS),
    st.sampled_from(aa.STRENGTHS),
    parties=st.sampled_from([("AE",), ("IL",), ("AE", "IL"), ("IL", "AE")]),
)

slow = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@slow
@given(item=random_provisions, events=random_events())
def test_every_row_keeps_the_rules(item: aa.Provision, events: tuple[aa.Event, ...]) -> None:
    ds = dataset(events, item)
    (row,) = ds.implementation(instrument="t")
    tracked = item.strength in IMPLEMENTABLE_STRENGTHS and item.kind in IMPLEMENTING_KINDS
    assert (row.status == "not_tracked") == (not tracked)
    assert (row.status == "open") == (tracked and not row.events)
    assert (row.implemented is None) == (not row.events) == (row.lag_days is None)
    assert (row.precision is None) == (row.implemented is None)
    assert row.signed == SIGNED
    if row.implemented is not None:
        assert row.implemented >= row.signed
        assert row.lag_days == (row.implemented - row.signed).days
    named = [ds.get_record(identifier) for identifier in row.events]
    assert all(isinstance(e, aa.Event) for e in named)
    acts = [e for e in named if isinstance(e, aa.Event)]
    assert [e.certain_by for e in acts] == sorted(e.certain_by for e in acts)
    if acts:
        assert (row.implemented, row.precision) == (acts[0].certain_by, acts[0].precision)
    credited: set[str] = set()
    for act in acts:
        assert act.kind in IMPLEMENTING_KINDS[item.kind]
        assert act.certain_by >= SIGNED
        states = {act.party} if act.counterpart is None else {act.party, act.counterpart}
        assert states <= set(TREATY.signatories)
        credited |= states & set(item.parties) if act.kind in JOINT_KINDS else {act.party}
    assert credited <= set(item.parties)
    if tracked:
        assert set(row.pending) == set(item.parties) - credited
        assert list(row.pending) == [p for p in item.parties if p in row.pending]
        assert (row.status == "implemented") == (bool(acts) and not row.pending)
    else:
        assert row.pending == ()


@slow
@given(item=random_provisions, events=random_events(), more=random_events())
def test_more_events_never_undo_or_delay_an_implementation(
    item: aa.Provision, events: tuple[aa.Event, ...], more: tuple[aa.Event, ...]
) -> None:
    renamed = tuple(e.model_copy(update={"id": f"{e.id}-more"}) for e in more)
    (before,) = dataset(events, item).implementation(instrument="t")
    (after,) = dataset(events + renamed, item).implementation(instrument="t")
    assert set(after.pending) <= set(before.pending)
    if before.implemented is not None:
        assert after.implemented is not None
        assert after.implemented <= before.implemented
    assert (before.status == "not_tracked") == (after.status == "not_tracked")


# -- the bundled data ----------------------------------------------------------------------

BUNDLED = aa.dataset()
IMPLEMENTABLE = [
    p
    for p in BUNDLED.provisions()
    if p.strength in IMPLEMENTABLE_STRENGTHS and p.kind in IMPLEMENTING_KINDS
]


def test_every_bundled_provision_has_a_row_in_its_order() -> None:
    rows = BUNDLED.implementation()
    assert [r.provision for r in rows] == [p.id for p in BUNDLED.provisions()]
    assert {r.provision for r in rows if r.status != "not_tracked"} == {p.id for p in IMPLEMENTABLE}
    assert IMPLEMENTABLE, "no bundled provision asks for an act the record can show"


@pytest.mark.parametrize("item", IMPLEMENTABLE, ids=lambda p: p.id)
def test_bundled_implementable_provision(item: aa.Provision) -> None:
    (row,) = [
        r for r in BUNDLED.implementation(instrument=item.instrument) if r.provision == item.id
    ]
    instrument = BUNDLED.get_record(item.instrument)
    assert isinstance(instrument, aa.Instrument)
    assert (row.signed, row.parties, row.kind) == (instrument.date, item.parties, item.kind)
    assert row.status in {"implemented", "partial", "open"}
    for identifier in row.events:
        act = BUNDLED.get_record(identifier)
        assert isinstance(act, aa.Event)
        assert act.kind in IMPLEMENTING_KINDS[item.kind]
        assert instrument.date <= act.certain_by <= BUNDLED.cutoff


def test_the_us_consulate_in_dakhla_is_open_in_the_bundled_data() -> None:
    # The joint declaration's third recital: the United States will open a consulate in
    # Dakhla. The record has no consulate, mission or envoy of the United States in
    # Morocco or Israel dated after 22 December 2020.
    (row,) = BUNDLED.implementation(kind="embassies", party="US")
    us_acts = [
        e
        for e in BUNDLED.events(party="US", actor_only=True)
        if e.kind in IMPLEMENTING_KINDS["embassies"]
    ]
    assert us_acts == []
    assert (row.status, row.pending, row.implemented) == ("open", ("US",), None)


# -- exports and frames --------------------------------------------------------------------


EXPORTED_CSV = [
    (
        "instrument,provision,kind,strength,parties,signed,implemented,precision,lag_days,"
        "events,pending,status"
    ),
    (
        't,t-art-1-1,embassies,undertaking,"[""AE"", ""IL""]",2020-09-15,2021-01-24,day,131,'
        '"[""il-2021-01-24-embassy-opened"", ""ae-2021-07-14-embassy-opened""]",[],implemented'
    ),
    (
        't,t-art-2-1,civil_aviation,best_efforts,"[""AE"", ""IL""]",2020-09-15,2020-11-30,'
        'month,76,"[""il-2020-11-01-flights-started""]",[],implemented'
    ),
    (
        't,t-art-3-1,entry_into_force,undertaking,"[""AE"", ""IL""]",2020-09-15,2020-10-25,'
        'day,40,"[""il-2020-10-25-ratified""]","[""AE""]",partial'
    ),
    't,t-art-4-1,peace,recognition,"[""AE"", ""IL""]",2020-09-15,,,,[],[],not_tracked',
    (
        'trade,trade-art-1-1,trade,undertaking,"[""AE"", ""IL""]",2020-10-20,,,,[],'
        '"[""AE"", ""IL""]",open'
    ),
]


def test_the_csv_export_has_a_row_per_provision(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="csv", dataset=implementation_examples())
    lines = (tmp_path / "implementation.csv").read_text(encoding="utf-8").splitlines()
    assert lines == EXPORTED_CSV


def test_the_data_package_describes_and_checks_the_table(tmp_path: Path) -> None:
    aa.export(tmp_path, fmt="datapackage", dataset=implementation_examples())
    assert Package(str(tmp_path / "datapackage.json")).validate().valid
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "implementation"]
    assert resource["schema"]["primaryKey"] == ["provision"]
    assert resource["schema"]["foreignKeys"] == [
        {"fields": "instrument", "reference": {"resource": "instruments", "fields": "id"}},
        {"fields": "provision", "reference": {"resource": "provisions", "fields": "id"}},
    ]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"] == list(aa.IMPLEMENTATION_STATUSES)
    assert (fields["implemented"]["type"], fields["lag_days"]["type"]) == ("date", "integer")
    table = tmp_path / "implementation.csv"
    original = table.read_text(encoding="utf-8")
    for broken in (
        original.replace(",t-art-1-1,", ",t-art-9-1,", 1),  # no such provision
        original.replace(",implemented\n", ",kept\n", 1),  # no such status
        original.replace(",2021-01-24,", ",24/01/2021,", 1),  # not a date
    ):
        assert broken != original
        table.write_text(broken, encoding="utf-8")
        assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_the_json_export_carries_the_rows_its_schema_describes(tmp_path: Path) -> None:
    ds = implementation_examples()
    (written,) = aa.export(tmp_path / "json", fmt="json", dataset=ds)
    document = json.loads(written.read_text(encoding="utf-8"))
    rows = document["implementation"]
    assert [list(row) for row in rows] == [list(aa.ImplementationRow._fields)] * len(rows)
    assert rows[2] == {
        "instrument": "t",
        "provision": "t-art-3-1",
        "kind": "entry_into_force",
        "strength": "undertaking",
        "parties": ["AE", "IL"],
        "signed": "2020-09-15",
        "implemented": "2020-10-25",
        "precision": "day",
        "lag_days": 40,
        "events": ["il-2020-10-25-ratified"],
        "pending": ["AE"],
        "status": "partial",
    }
    assert [row["status"] for row in rows] == [r.status for r in ds.implementation()]
    aa.export(tmp_path / "schema", fmt="schema")
    schema = json.loads((tmp_path / "schema" / "implementation.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    for row in rows:
        validator.validate(row)
    for change in ({"status": "kept"}, {"implemented": "24/01/2021"}, {"lag_days": "40"}):
        assert not validator.is_valid({**rows[2], **change}), change
    assert not validator.is_valid({**rows[2], "extra": 1})
    assert not validator.is_valid({k: v for k, v in rows[2].items() if k != "pending"})
    # Derived, so not read back: a Dataset derives the table again from the records.
    assert aa.Dataset.from_json(written.read_bytes()) == ds
    document["implementation"] = []
    assert aa.Dataset.from_json(json.dumps(document)).implementation() == ds.implementation()


def test_a_release_carries_no_implementation_table() -> None:
    assert "implementation" not in json.loads(snapshot_bytes(aa.dataset()))


def test_stata_parquet_and_frames_keep_the_types(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    ds = implementation_examples()
    aa.export(tmp_path / "stata", fmt="stata", dataset=ds)
    with pd.io.stata.StataReader(tmp_path / "stata" / "implementation.dta") as reader:
        frame = reader.read()
        labels = {
            name: {int(code): text for code, text in values.items()}
            for name, values in reader.value_labels().items()
        }
    assert labels["status"] == dict(enumerate(aa.IMPLEMENTATION_STATUSES, start=1))
    assert labels["precision"] == {1: "day", 2: "month", 3: "year"}
    assert list(frame["status"]) == [r.status for r in ds.implementation()]
    assert frame["implemented"].iloc[1] == pd.Timestamp("2020-11-30")
    assert frame["implemented"].isna().tolist() == [False, False, False, True, True]
    aa.export(tmp_path / "parquet", fmt="parquet", dataset=ds)
    table = pq.read_table(tmp_path / "parquet" / "implementation.parquet")
    types = {field.name: field.type for field in table.schema}
    assert (types["implemented"], types["lag_days"]) == (pa.date32(), pa.int64())
    assert pa.types.is_list(types["events"])
    assert types["events"].value_type == pa.string()
    assert table.to_pylist()[1]["events"] == ["il-2020-11-01-flights-started"]
    assert [row["lag_days"] for row in table.to_pylist()] == [131, 76, 40, None, None]
    frame = aa.to_frame("implementation", ds)
    assert list(frame.columns) == list(aa.ImplementationRow._fields)
    assert str(frame["lag_days"].dtype) == "Int64"
    assert list(frame["status"].cat.categories) == list(aa.IMPLEMENTATION_STATUSES)
    assert frame["pending"].iloc[2] == ("AE",)
    assert frame.attrs["abraham_accords"]["kind"] == "implementation"
    with pytest.raises(aa.InvalidArgumentError, match="takes no options"):
        aa.to_frame("implementation", ds, start=2020)


# -- the command line ----------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_prints_the_rows_as_a_table_json_and_csv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ds = implementation_examples()
    monkeypatch.setattr(_api, "dataset", lambda: ds)
    monkeypatch.setenv("COLUMNS", "80")
    code, table, err = run(capsys, "implementation", "--instrument", "t")
    assert (code, err) == (0, "")
    header, *lines = table.splitlines()
    assert header.split() == ["PROVISION", "KIND", "STATUS", "IMPLEMENTED", "LAG_DAYS"]
    assert [line.split() for line in lines] == [
        ["t-art-1-1", "embassies", "implemented", "2021-01-24", "131"],
        ["t-art-2-1", "civil_aviation", "implemented", "2020-11-30", "76"],
        ["t-art-3-1", "entry_into_force", "partial", "2020-10-25", "40"],
        ["t-art-4-1", "peace", "not_tracked"],
    ]
    _, shown, _ = run(capsys, "implementation", "--json", "--kind", "entry_into_force")
    assert json.loads(shown) == [
        {
            "instrument": "t",
            "provision": "t-art-3-1",
            "kind": "entry_into_force",
            "strength": "undertaking",
            "parties": ["AE", "IL"],
            "signed": "2020-09-15",
            "implemented": "2020-10-25",
            "precision": "day",
            "lag_days": 40,
            "events": ["il-2020-10-25-ratified"],
            "pending": ["AE"],
            "status": "partial",
        }
    ]
    _, written, _ = run(capsys, "implementation", "--csv")
    assert written.splitlines() == EXPORTED_CSV
    _, bound, _ = run(capsys, "implementation", "--csv", "--party", "United Arab Emirates")
    assert len(bound.splitlines()) == len(EXPORTED_CSV)
    assert run(capsys, "implementation", "--party", "Morocco") == (0, "nothing found\n", "")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (("--instrument", "nowhere"), 1, "error: no instrument of this dataset has id 'nowhere'"),
        (("--party", "Atlantis"), 1, "error: unknown party 'Atlantis'"),
        (("--kind", "embasies"), 2, "argument --kind: invalid choice: 'embasies'"),
    ],
)
def test_the_command_refuses_bad_filters(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], code: int, message: str
) -> None:
    got, out, err = run(capsys, "implementation", *argv)
    assert (got, out) == (code, "")
    assert message in err
