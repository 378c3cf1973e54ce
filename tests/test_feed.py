"""The feed for apps: its content, its rules on odd days, its schema and its command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords import _api
from abraham_accords._cli import main
from abraham_accords._membership import STAGES
from factories import PARTIES, build, event

ROOT = Path(__file__).parents[1]
SCHEMA = json.loads((ROOT / "docs" / "schema" / "feed.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def errors(document: object) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def member(document: dict[str, Any], code: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [m for m in document["members"] if m["code"] == code]
    (only,) = found
    return only


# -- the schema --------------------------------------------------------------------------


def test_the_committed_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == "urn:abraham-accords:schema:feed"


def test_the_schema_export_writes_the_feeds_schema(tmp_path: Path) -> None:
    written = {p.name: p for p in aa.export(tmp_path, fmt="schema")}
    assert json.loads(written["feed.schema.json"].read_text(encoding="utf-8")) == SCHEMA


@pytest.mark.parametrize(
    "day",
    [
        "2019-12-31",  # before any member
        "2020-08-13",  # the first announcement
        "2020-09-15",  # the first signatures
        "2021-01-06",
        "2026-01-27",
        "2099-01-01",  # long after the cut-off
    ],
)
def test_the_bundled_feed_validates_against_its_schema(day: str) -> None:
    document = aa.feed(day)
    assert errors(document) == []
    # What a widget gets over the wire is the same document.
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document


def test_the_feed_of_today_and_of_an_old_release_validate_too() -> None:
    assert errors(aa.feed()) == []
    first = aa.load(aa.available_versions()[0])
    document = aa.feed("2021-06-01", dataset=first)
    assert errors(document) == []
    assert document["data_version"] == first.data_version


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(lambda d: d.pop("cutoff"), "'cutoff' is a required property", id="no-cutoff"),
        pytest.param(
            lambda d: d["members"][0].update(extra=1),
            "Additional properties are not allowed ('extra' was unexpected)",
            id="unknown-key",
        ),
        pytest.param(
            lambda d: d["members"][0]["stages"].update(announced=None),
            "None is not of type 'object'",
            id="member-never-announced",
        ),
        pytest.param(
            lambda d: d["members"][0]["stages"]["announced"].update(sources=[]),
            "[] should be non-empty",
            id="stage-without-sources",
        ),
        pytest.param(
            lambda d: d["members"][0]["stages"]["announced"]["sources"][0].pop("url"),
            "'url' is a required property",
            id="source-without-url",
        ),
        pytest.param(
            lambda d: d.update(date="2021-02-30"), "'2021-02-30' is not a 'date'", id="bad-date"
        ),
    ],
)
def test_the_schema_refuses_a_feed_of_the_wrong_shape(change: Any, expected: str) -> None:
    document = aa.feed("2021-01-01")
    change(document)
    assert expected in errors(document)


# -- what the feed says ------------------------------------------------------------------


def test_the_feed_names_the_versions_the_cutoff_and_the_day() -> None:
    document = aa.feed(dt.datetime(2021, 1, 1, 23, 59))
    assert document["data_version"] == aa.DATA_VERSION
    assert document["package_version"] == aa.__version__
    assert document["cutoff"] == aa.dataset().cutoff.isoformat()
    assert document["date"] == "2021-01-01"
    assert document["license"] == "CC-BY-4.0"
    assert document["after_cutoff"] is False


@pytest.mark.parametrize("day", ["2020-09-14", "2021-01-06", "2025-11-06", "2026-11-29"])
def test_members_and_their_stages_are_those_of_the_queries(day: str) -> None:
    document = aa.feed(day)
    assert [m["code"] for m in document["members"]] == [p.code for p in aa.members_as_of(day)]
    for found in document["members"]:
        party = aa.get_party(found["code"])
        held = [s for s in STAGES if aa.is_member(party, day, stage=s)]
        assert found["stage"] == held[-1]
        assert [s for s in STAGES if found["stages"][s] is not None] == held
        assert (found["name"], found["names"], found["alpha3"], found["ccode"]) == (
            party.name,
            dict(party.names),
            party.alpha3,
            party.ccode,
        )


def test_each_stage_names_its_event_and_that_events_sources() -> None:
    document = aa.feed("2026-11-29")
    for found in document["members"]:
        for stage in STAGES:
            reached = found["stages"][stage]
            if reached is None:
                continue
            record = aa.get_record(reached["event"])
            assert isinstance(record, aa.Event)
            assert record.party == found["code"]
            assert reached["kind"] == record.kind
            assert reached["date"] == record.date.isoformat()
            assert reached["precision"] == record.precision
            assert reached["since"] == record.certain_by.isoformat()
            assert reached["summary"] == record.summary
            assert [s["id"] for s in reached["sources"]] == list(record.sources)
            for cited, source in zip(reached["sources"], aa.sources_for(record), strict=True):
                assert cited == {
                    "id": source.id,
                    "title": source.title,
                    "publisher": source.publisher,
                    "published": None if source.published is None else str(source.published),
                    "url": str(source.url),
                    "archived_url": None
                    if source.archived_url is None
                    else str(source.archived_url),
                    "kind": source.kind,
                    "host": source.host,
                }


def test_a_source_comes_with_its_archived_copy_and_host_in_the_events_order() -> None:
    mirror = aa.Source.model_validate(
        {
            "id": "copy",
            "url": "https://mirror.example.org/remarks",
            "title": "Remarks",
            "publisher": "A ministry",
            "kind": "mirror",
            "host": "A mirror",
            "archived_url": "https://web.archive.org/web/2020/https://mirror.example.org/remarks",
        }
    )
    ds = build([event("AE", "announced", "2020-08-13")])
    ds = ds.replace(
        events=[event("AE", "announced", "2020-08-13", sources=("src", "copy"))],
        sources=(*ds.sources(), mirror),
    )
    document = aa.feed("2020-08-13", dataset=ds)
    sources = member(document, "AE")["stages"]["announced"]["sources"]
    assert [s["id"] for s in sources] == ["src", "copy"]
    assert sources[1] == {
        "id": "copy",
        "title": "Remarks",
        "publisher": "A ministry",
        "published": None,
        "url": "https://mirror.example.org/remarks",
        "archived_url": "https://web.archive.org/web/2020/https://mirror.example.org/remarks",
        "kind": "mirror",
        "host": "A mirror",
    }
    assert sources[0]["published"] == "2020-01-01"
    assert errors(document) == []


def test_a_stage_counts_from_the_day_its_event_was_certainly_done() -> None:
    ds = build(
        [
            event("AE", "announced", "2020-08-01", precision="month"),
            event("AE", "signed", "2020-09-15", instrument="x"),
        ]
    )
    before, during = aa.feed("2020-08-30", dataset=ds), aa.feed("2020-08-31", dataset=ds)
    assert before["members"] == []
    announced = member(during, "AE")["stages"]["announced"]
    assert (announced["date"], announced["precision"], announced["since"]) == (
        "2020-08-01",
        "month",
        "2020-08-31",
    )
    assert member(during, "AE")["stages"]["signed"] is None  # not yet on that day
    assert member(during, "AE")["stage"] == "announced"


def test_a_stage_reached_by_a_later_one_names_that_event() -> None:
    ds = build([event("BH", "signed", "2020-09-15", instrument="x")])
    stages = member(aa.feed("2020-09-15", dataset=ds), "BH")["stages"]
    assert stages["announced"]["event"] == stages["signed"]["event"] == "bh-2020-09-15-signed"
    assert stages["announced"]["kind"] == "signed"
    assert (stages["ratified"], stages["in_force"]) == (None, None)


def test_an_entry_into_force_reaches_every_stage() -> None:
    ds = build([event("AE", "entered_into_force", "2021-01-05")])
    found = member(aa.feed("2021-01-05", dataset=ds), "AE")
    assert found["stage"] == "in_force"
    assert {found["stages"][s]["kind"] for s in STAGES} == {"entered_into_force"}


def test_after_a_withdrawal_and_a_return_the_stages_are_those_of_the_return() -> None:
    ds = build(
        [
            event("AE", "announced", "2020-08-13"),
            event("AE", "signed", "2020-09-15", instrument="x"),
            event("AE", "withdrawn", "2022-06-10"),
            event("AE", "announced", "2024-01-15"),
            event("BH", "announced", "2023-03-01"),
        ]
    )
    assert [m["code"] for m in aa.feed("2023-06-01", dataset=ds)["members"]] == ["BH"]
    found = member(aa.feed("2024-01-15", dataset=ds), "AE")
    assert found["stages"]["announced"]["event"] == "ae-2024-01-15-announced"
    assert found["stages"]["signed"] is None  # signed before it withdrew
    assert found["stage"] == "announced"
    earlier = member(aa.feed("2021-01-01", dataset=ds), "AE")
    assert earlier["stages"]["announced"]["event"] == "ae-2020-08-13-announced"
    assert earlier["stages"]["signed"]["event"] == "ae-2020-09-15-signed"


def test_same_day_events_follow_their_sequence() -> None:
    ds = build(
        [
            event("MA", "announced", "2021-01-01"),
            event("MA", "withdrawn", "2022-06-01", sequence=1),
            event("MA", "announced", "2022-06-01", sequence=2, id="ma-2022-06-01-rejoined"),
        ]
    )
    found = member(aa.feed("2022-06-01", dataset=ds), "MA")
    assert found["stages"]["announced"]["event"] == "ma-2022-06-01-rejoined"


def test_only_parties_are_members_and_names_come_along() -> None:
    named = aa.Party(
        code="AE",
        name="United Arab Emirates",
        names={"fr": "Émirats arabes unis"},
        alpha3="ARE",
        numeric="784",
        role="party",
    )
    ds = build(
        [event("AE", "announced", "2020-08-13"), event("SA", "statement", "2020-08-14")],
        parties=(named, *PARTIES[1:]),
    )
    document = aa.feed("2021-01-01", dataset=ds)
    assert [m["code"] for m in document["members"]] == ["AE"]
    assert document["members"][0]["names"] == {"fr": "Émirats arabes unis"}
    assert errors(document) == []


@pytest.mark.parametrize(
    ("day", "after"),
    [("2029-12-31", False), ("2030-01-01", False), ("2030-01-02", True)],
)
def test_a_day_after_the_cutoff_is_flagged(day: str, after: bool) -> None:  # noqa: FBT001
    ds = build([event("AE", "announced", "2020-08-13")])  # cut-off 2030-01-01
    document = aa.feed(day, dataset=ds)
    assert document["after_cutoff"] is after
    assert [m["code"] for m in document["members"]] == ["AE"]  # answered from what is known


def test_the_default_day_is_today() -> None:
    document = aa.feed()
    assert document["date"] == dt.date.today().isoformat()  # noqa: DTZ011  (a calendar date)


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "error", "message"),
    [
        ("2021-02-30", aa.InvalidDateError, "date is not a valid calendar date"),
        ("yesterday", aa.InvalidDateError, "date must be an ISO date 'YYYY-MM-DD'"),
        (20210101, aa.ArgumentTypeError, "date must be a date, a datetime or an ISO"),
    ],
)
def test_a_bad_date_raises_our_error(date: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        aa.feed(date)  # type: ignore[arg-type]  # the wrong type on purpose


def test_a_dataset_that_is_not_one_is_refused() -> None:
    with pytest.raises(aa.ArgumentTypeError, match="dataset must be a Dataset, not str"):
        aa.feed("2021-01-01", dataset="2026.11.27")  # type: ignore[arg-type]  # on purpose


# -- the command -------------------------------------------------------------------------


def test_the_command_prints_the_feed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "--as-of", "2021-01-06"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == aa.feed("2021-01-06")
    assert "Émirats arabes unis" in out  # text as it is, not \\u escapes


def test_the_command_reads_the_dataset_in_use(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ds = build([event("BH", "announced", "2020-09-11")])
    monkeypatch.setattr(_api, "dataset", lambda: ds)
    assert main(["feed", "--as-of", "2030-06-01"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["data_version"], document["after_cutoff"]) == ("2030.01.01", True)
    assert [m["code"] for m in document["members"]] == ["BH"]


def test_the_command_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed"]) == 0
    assert json.loads(capsys.readouterr().out)["date"] == dt.date.today().isoformat()  # noqa: DTZ011


def test_the_command_refuses_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feed", "--as-of", "2021-02-30"]) == 2
    err = capsys.readouterr().err
    assert "argument --as-of: date is not a valid calendar date" in err


# -- properties --------------------------------------------------------------------------

MEMBERSHIP_KINDS = ("announced", "signed", "ratified", "entered_into_force", "withdrawn")
REACHES = {"announced": 0, "signed": 1, "ratified": 2, "entered_into_force": 3}
"""The highest stage (its place in STAGES) each membership kind reaches."""


def check_feed(ds: aa.Dataset, day: dt.date) -> None:
    """The feed of *day* fits its schema and says what the dataset's queries say."""
    document = aa.feed(day, dataset=ds)
    assert errors(document) == []
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document
    assert (document["date"], document["cutoff"]) == (day.isoformat(), ds.cutoff.isoformat())
    assert document["after_cutoff"] is (day > ds.cutoff)
    assert [m["code"] for m in document["members"]] == [p.code for p in ds.members_as_of(day)]
    for found in document["members"]:
        held = [s for s in STAGES if ds.is_member(found["code"], day, stage=s)]
        assert found["stage"] == held[-1]
        assert [s for s in STAGES if found["stages"][s] is not None] == held
        for stage in held:
            reached = found["stages"][stage]
            record = ds.get_record(reached["event"])
            assert isinstance(record, aa.Event)
            assert (record.party, record.kind, record.precision) == (
                found["code"],
                reached["kind"],
                reached["precision"],
            )
            assert REACHES[record.kind] >= STAGES.index(stage)
            assert reached["since"] == record.certain_by.isoformat()
            assert reached["date"] == record.date.isoformat()
            assert record.certain_by <= day
            assert ds.is_member(found["code"], record.certain_by, stage=stage)
            assert [s["id"] for s in reached["sources"]] == list(record.sources)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=dt.date(2019, 6, 1), max_value=dt.date(2027, 12, 31)))
def test_every_bundled_feed_fits_its_schema_and_agrees_with_the_queries(day: dt.date) -> None:
    check_feed(aa.dataset(), day)


@st.composite
def histories(draw: st.DrawFn) -> aa.Dataset:
    """For the UAE, and maybe Bahrain and Morocco: a membership event, then up to four more
    (a withdrawal among them), on days of 2020-2022, each known to the day, month or year."""
    days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2022, 12, 31))
    precisions = st.sampled_from(["day", "month", "year"])
    found = []
    for party in ("AE", "BH", "MA"):
        if party != "AE" and not draw(st.booleans()):
            continue
        first = st.tuples(st.sampled_from(list(REACHES)), days, precisions)
        more = st.lists(st.tuples(st.sampled_from(MEMBERSHIP_KINDS), days, precisions), max_size=4)
        drawn = [draw(first), *draw(more)]
        for number, (kind, drawn_day, precision) in enumerate(drawn, start=1):
            day = {
                "day": drawn_day,
                "month": drawn_day.replace(day=1),
                "year": drawn_day.replace(month=1, day=1),
            }[precision]
            extra = {} if kind in ("announced", "withdrawn") else {"instrument": "x"}
            found.append(
                event(
                    party,
                    kind,
                    day.isoformat(),
                    precision,
                    id=f"{party.lower()}-{number}",
                    sequence=number,
                    **extra,
                )
            )
    return build(found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    histories(),
    st.lists(
        st.dates(min_value=dt.date(2019, 12, 1), max_value=dt.date(2031, 1, 1)),
        min_size=1,
        max_size=4,
    ),
)
def test_every_feed_of_a_random_history_fits_its_schema_and_agrees_with_the_queries(
    ds: aa.Dataset, days: list[dt.date]
) -> None:
    for day in (*days, ds.cutoff, ds.cutoff + dt.timedelta(days=1)):
        check_feed(ds, day)
