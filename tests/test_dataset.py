"""A Dataset is an immutable container: no stale answers through any public path."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

import abraham_accords as aa
from factories import ISRAEL, PARTIES, build, event


def test_a_changed_copy_answers_from_its_own_records() -> None:
    base = aa.dataset()
    kz = base.get_party("KZ")
    renamed_kz = kz.model_copy(update={"aliases": ("Qazaqstan Republic",)})
    parties = [renamed_kz if p.code == "KZ" else p for p in base.party_records]
    copy = base.replace(parties=parties)
    assert copy.get_party("Qazaqstan Republic").code == "KZ"
    assert base.find_party("Qazaqstan Republic") is None  # the original is untouched
    assert copy.members_as_of("2026-01-01")[-1] is renamed_kz
    assert base.members_as_of("2026-01-01")[-1] is kz


def test_attributes_cannot_be_set_or_deleted() -> None:
    ds = aa.dataset()
    with pytest.raises(AttributeError, match="immutable"):
        ds.party_records = ()
    with pytest.raises(AttributeError, match="immutable"):
        setattr(ds, "event_records", ())  # noqa: B010  (a read-only property, for mypy)
    with pytest.raises(AttributeError, match="immutable"):
        del ds.metadata
    with pytest.raises(AttributeError):
        ds.__dict__  # noqa: B018  (slots: there is no instance dict to edit)


@pytest.mark.parametrize(
    "name", ["validate", "dict", "json", "copy", "parse_obj", "model_copy", "model_construct"]
)
def test_no_pydantic_methods_to_confuse_with_ours(name: str) -> None:
    assert not hasattr(aa.Dataset, name)


def test_the_constructor_checks_types_and_references() -> None:
    base = aa.dataset()
    with pytest.raises(aa.ArgumentTypeError, match="metadata must be a Metadata"):
        aa.Dataset({}, (), (), (), ())  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError, match="events must hold Event records"):
        base.replace(events=base.source_records)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError, match="parties must be an iterable"):
        base.replace(parties="AE")  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.DataIntegrityError, match="unknown source"):
        base.replace(sources=base.source_records[1:])


def test_equality_hash_and_repr() -> None:
    ds = aa.dataset()
    same = ds.replace()
    assert same == ds
    assert hash(same) == hash(ds)
    assert same is not ds
    assert ds != "a dataset"
    assert repr(ds).startswith(f"<Dataset {ds.data_version}: ")


def test_a_changed_copy_says_it_is_not_the_release() -> None:
    release = aa.load(aa.available_versions()[0])
    first = release.event_records[0]
    edited = release.replace(
        events=(first.model_copy(update={"summary": "Changed."}), *release.event_records[1:])
    )
    assert edited.data_version == f"{release.data_version}+dev"
    assert release.replace().data_version == release.data_version  # nothing changed
    again = edited.replace(metadata=edited.metadata.model_copy(update={"title": "T"}))
    assert again.data_version == edited.data_version  # +dev once
    named = release.replace(
        metadata=release.metadata.model_copy(update={"data_version": "2030.01.01"})
    )
    assert named.data_version == "2030.01.01"  # a version given anew is kept


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"parties": 3}, "parties must be an iterable of Party, not int"),
        ({"instruments": "x"}, "instruments must be an iterable of Instrument, not str"),
        ({"events": "x"}, "events must be an iterable of Event, not str"),
        ({"sources": b"x"}, "sources must be an iterable of Source, not bytes"),
        ({"parties": [1]}, "parties must hold Party records, not int"),
        ({"instruments": [None]}, "instruments must hold Instrument records, not NoneType"),
        ({"sources": ["src"]}, "sources must hold Source records, not str"),
    ],
)
def test_the_constructor_names_the_argument_and_the_type_it_refuses(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        aa.dataset().replace(**kwargs)  # type: ignore[arg-type]  # wrong on purpose
    assert str(caught.value) == message


def test_the_constructor_names_the_type_of_metadata_it_refuses() -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        aa.Dataset({}, (), (), (), ())  # type: ignore[arg-type]  # wrong on purpose
    assert str(caught.value) == "metadata must be a Metadata, not dict"


def test_delete_says_a_dataset_is_immutable() -> None:
    with pytest.raises(AttributeError) as caught:
        del aa.dataset().metadata
    assert str(caught.value) == "a Dataset is immutable"


def test_a_dataset_refused_while_being_made_shows_as_incomplete() -> None:
    # what a traceback that shows local variables prints for the Dataset being made
    assert repr(aa.Dataset.__new__(aa.Dataset)) == "<Dataset (incomplete)>"


def test_datasets_that_differ_hash_differently() -> None:
    ds = aa.dataset()
    first = ds.event_records[0]
    edited = ds.replace(
        events=(first.model_copy(update={"summary": "Changed."}), *ds.event_records[1:])
    )
    assert hash(edited) != hash(ds)  # a hash collision here has odds of about 2**-64


def test_a_copy_takes_the_instruments_it_is_given() -> None:
    ds = aa.dataset()
    first = ds.instrument_records[0]
    renamed = first.model_copy(update={"title": "Another title"})
    copy = ds.replace(instruments=(renamed, *ds.instrument_records[1:]))
    assert copy.instruments()[0] is renamed
    assert copy.get_record(first.id) is renamed
    assert ds.get_record(first.id) is first


def test_from_json_checks_iso_codes_and_names_the_json() -> None:
    snapshot = json.loads(aa.dataset().to_snapshot().model_dump_json())
    position = next(i for i, p in enumerate(snapshot["parties"]) if p["code"] == "AE")
    snapshot["parties"][position]["numeric"] = "785"
    with pytest.raises(aa.DataIntegrityError) as caught:
        aa.Dataset.from_json(json.dumps(snapshot))
    assert caught.value.problems == (
        aa.Problem(
            "(json)", f"parties.{position}", "Value error, numeric of AE must be '784', got '785'"
        ),
    )


def test_from_json_names_a_problem_of_the_whole_file() -> None:
    with pytest.raises(aa.DataIntegrityError) as caught:
        aa.Dataset.from_json("[]")
    assert caught.value.problems == (aa.Problem("(json)", "(file)", "Input should be an object"),)


def test_from_json_names_the_type_it_refuses() -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        aa.Dataset.from_json(3)  # type: ignore[arg-type]  # wrong on purpose
    assert str(caught.value) == "data must be JSON text or bytes, not int"


def test_a_pair_without_israel_is_refused_naming_israel_s_partners() -> None:
    ds = build(
        [event("IL", "announced", "2020-12-10"), event("MA", "announced", "2020-12-10")],
        (*PARTIES, ISRAEL),
    )
    with pytest.raises(aa.InvalidArgumentError) as caught:
        ds.representation("MA", "SA", "2021-01-01")
    assert str(caught.value) == (
        "no dyad MA-SA: a dyad pairs Israel (IL) with a party or candidate (MA, SA)"
    )


@pytest.mark.parametrize(
    ("sender", "receiver", "message"),
    [
        (1.5, "IL", "sender must be a code, a name or a Party, not float"),
        ("IL", None, "receiver must be a code, a name or a Party, not NoneType"),
    ],
)
def test_a_dyad_names_the_side_of_the_wrong_type(
    sender: object, receiver: object, message: str
) -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        aa.representation(sender, receiver, "2021-01-01")  # type: ignore[arg-type]  # wrong on purpose
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "query",
    [
        aa.members_as_of,
        lambda day: aa.is_member("AE", day),
        lambda day: aa.representation("AE", "IL", day),
    ],
    ids=["members_as_of", "is_member", "representation"],
)
def test_a_query_s_bad_day_is_named_date(query: Callable[[object], object]) -> None:
    with pytest.raises(aa.InvalidDateError) as caught:
        query("2021-13-01")
    assert str(caught.value) == (
        "date is not a valid calendar date: '2021-13-01' (month must be in 1..12)"
    )
    with pytest.raises(aa.ArgumentTypeError) as wrong:
        query(2021)
    assert str(wrong.value) == (
        "date must be a date, a datetime or an ISO 'YYYY-MM-DD' string, not int"
    )


def test_get_record_quotes_at_most_80_characters_of_an_unknown_id() -> None:
    with pytest.raises(aa.UnknownRecordError) as caught:
        aa.get_record("x" * 81)
    assert str(caught.value) == f"no event, instrument or source has id {'x' * 80!r}"
    with pytest.raises(aa.ArgumentTypeError) as wrong:
        aa.get_record(3)  # type: ignore[arg-type]  # wrong on purpose
    assert str(wrong.value) == "record id must be a string, not int"


def test_a_release_refuses_a_record_after_its_cut_off() -> None:
    ds = build([event("AE", "announced", "2020-09-20")])
    with pytest.raises(aa.DataIntegrityError) as caught:
        ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": dt.date(2020, 9, 16)}))
    assert caught.value.problems == (
        aa.Problem(
            "events.json",
            "ae-2020-09-20-announced",
            "date 2020-09-20 is after the cut-off 2020-09-16",
        ),
    )


def test_unreleased_data_may_run_past_its_cut_off_up_to_today() -> None:
    ds = build([event("AE", "announced", "2020-09-20")])
    working = ds.metadata.model_copy(
        update={"data_version": "2020.09.16+dev", "cutoff": dt.date(2020, 9, 16)}
    )
    assert ds.replace(metadata=working).events()[0].date == dt.date(2020, 9, 20)


def test_a_party_s_events_include_those_naming_it_as_counterpart() -> None:
    ds = build(
        [
            event("IL", "announced", "2020-12-10"),
            event("MA", "announced", "2020-12-10"),
            event("IL", "liaison_office_opened", "2021-01-26", counterpart="MA"),
        ],
        (*PARTIES, ISRAEL),
    )
    ids = ["ma-2020-12-10-announced", "il-2021-01-26-liaison-office-opened"]
    assert [e.id for e in ds.events(party="MA")] == ids
    assert [e.id for e in ds.events(party="MA", actor_only=True)] == ids[:1]
    assert [e.id for e in ds.events(party="IL")] == [
        "il-2020-12-10-announced",
        "il-2021-01-26-liaison-office-opened",
    ]


def test_a_party_without_events_has_no_sources_and_never_held_a_stage() -> None:
    ds = build([event("AE", "announced", "2020-09-20")])
    candidate = ds.get_party("SA")
    assert ds.events(party=candidate) == ()
    assert ds.sources_for(candidate) == ()
    assert ds.sources_for("SA") == ()
    assert ds.stage_spans(candidate) == dict.fromkeys(aa.STAGES, ())
    assert ds.join_date(candidate) is None


@pytest.mark.parametrize(
    "query",
    [
        lambda party: aa.is_member(party, "2021-01-01"),
        aa.join_date,
        lambda party: aa.dataset().stage_spans(party),
        lambda party: aa.events(party=party),
    ],
    ids=["is_member", "join_date", "stage_spans", "events"],
)
def test_a_query_s_party_of_the_wrong_type_is_named_party(
    query: Callable[[object], object],
) -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        query(1.5)
    assert str(caught.value) == "party must be a code, a name or a Party, not float"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            lambda: aa.parties(role="member"),  # type: ignore[arg-type]  # wrong on purpose
            "unknown role 'member'; valid roles are party, broker, candidate",
        ),
        (
            lambda: aa.sources(kind="blog"),  # type: ignore[arg-type]  # wrong on purpose
            (
                "unknown source kind 'blog'; valid kinds are official, news, scholarly, "
                "reference, mirror"
            ),
        ),
        (
            lambda: aa.panel(2020, 2021, candidates=1),  # type: ignore[arg-type]  # wrong on purpose
            "candidates must be True or False, not int",
        ),
        (
            lambda: aa.sources_for(42),  # type: ignore[arg-type]  # wrong on purpose
            "record must be an Event, Instrument, Party, Source or id, not int",
        ),
        (
            lambda: aa.dyads(2021, 2021, rule="any"),  # type: ignore[arg-type]  # wrong on purpose
            "unknown rule 'any'; valid rules are end, max",
        ),
        (
            lambda: aa.dyads(2021, 2021, rule=3),  # type: ignore[arg-type]  # wrong on purpose
            "rule must be a string, one of end, max; not int",
        ),
        (
            lambda: aa.get_party(1.5),  # type: ignore[arg-type]  # wrong on purpose
            "query must be a code, a name or a Party, not float",
        ),
        (
            lambda: aa.events(actor_only=1),  # type: ignore[arg-type]  # wrong on purpose
            "actor_only must be True or False, not int",
        ),
    ],
    ids=["role", "source kind", "candidates", "record", "rule", "rule type", "query", "actor"],
)
def test_a_bad_option_is_refused_with_what_is_valid(
    query: Callable[[], object], message: str
) -> None:
    with pytest.raises((aa.InvalidArgumentError, aa.ArgumentTypeError)) as caught:
        query()
    assert str(caught.value) == message


def test_sources_of_a_kind_are_exactly_those_of_that_kind() -> None:
    everything = aa.sources()
    kinds = {s.kind for s in everything}
    assert len(kinds) > 1
    for kind in kinds:
        chosen = aa.sources(kind=kind)
        assert chosen
        assert {s.kind for s in chosen} == {kind}
        assert [s for s in everything if s in chosen] == list(chosen)  # in id order
    assert sum(len(aa.sources(kind=kind)) for kind in kinds) == len(everything)


def test_sources_for_names_a_record_that_is_not_this_dataset_s() -> None:
    event = aa.events(party="KZ", kind="announced")[0]
    forged = event.model_copy(update={"summary": "Something else."})
    with pytest.raises(aa.UnknownRecordError) as caught:
        aa.sources_for(forged)
    assert str(caught.value) == f"Event {event.id!r} is not the one in this dataset"
    instrument = aa.instruments()[0]
    with pytest.raises(aa.UnknownRecordError) as caught:
        aa.sources_for(instrument.model_copy(update={"title": "Another title"}))
    assert str(caught.value) == f"Instrument {instrument.id!r} is not the one in this dataset"
    foreign = aa.sources()[0].model_copy(update={"id": "y" * 81})
    with pytest.raises(aa.UnknownRecordError) as caught:
        aa.sources_for(foreign)
    assert str(caught.value) == f"no source has id {'y' * 80!r}"


def test_an_unknown_event_kind_is_named_with_every_kind() -> None:
    with pytest.raises(aa.InvalidArgumentError) as caught:
        aa.events(kind="joined")  # type: ignore[arg-type]  # wrong on purpose
    assert str(caught.value) == (
        "unknown event kind 'joined' (did you mean 'signed'?); valid kinds are "
        + ", ".join(aa.EVENT_KINDS)
    )


def test_a_number_from_0_to_999_is_read_as_a_three_digit_code() -> None:
    # 000 and 999 are no ISO country's numeric code: set on copies (not validated) to
    # check the ends of the range
    low, high = (p for p in PARTIES if p.code in {"SA", "US"})
    ds = build(
        [event("AE", "announced", "2020-09-20")],
        (
            *(p for p in PARTIES if p not in {low, high}),
            low.model_copy(update={"numeric": "000"}),
            high.model_copy(update={"numeric": "999"}),
        ),
    )
    assert ds.get_party(0).code == low.code
    assert ds.get_party(999).code == high.code
    assert ds.find_party(-1) is None
    assert ds.find_party(1000) is None


def test_a_party_of_another_dataset_is_unknown_by_its_code() -> None:
    ds = build([event("AE", "announced", "2020-09-20")])
    with pytest.raises(aa.UnknownPartyError) as caught:
        ds.get_party(aa.get_party("KZ"))
    assert str(caught.value) == "unknown party 'KZ'"
    assert caught.value.query == "KZ"
