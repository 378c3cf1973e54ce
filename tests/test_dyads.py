"""Dyads: representation and pair values derived from events, checked by hand."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

import abraham_accords as aa
from abraham_accords import Dataset, DyadRow, _dyads
from abraham_accords._cli import main
from abraham_accords._panel import MAX_ROWS
from factories import ISRAEL, PARTIES, build, event

PARTIES_WITH_ISRAEL = (*PARTIES, ISRAEL)


def pair(*events: Any) -> Dataset:
    """A dataset in which IL and MA both joined, with the given dyad events."""
    base = [
        event("IL", "announced", "2020-12-10"),
        event("MA", "announced", "2020-12-10"),
    ]
    return build([*base, *events], PARTIES_WITH_ISRAEL)


def with_morocco(rows: Iterable[DyadRow]) -> list[DyadRow]:
    """The rows of the Israel-Morocco pair (leaving out the candidate's)."""
    return [r for r in rows if "MA" in (r.party1, r.party2)]


def levels(ds: Dataset, sender: str, receiver: str, days: list[str]) -> list[str]:
    return [ds.representation(sender, receiver, day).level for day in days]


def test_a_liaison_office_then_an_embassy_then_an_ambassador_then_a_recall() -> None:
    ds = pair(
        event("IL", "liaison_office_opened", "2021-01-26", counterpart="MA"),
        event("IL", "embassy_opened", "2022-03-01", counterpart="MA"),
        event("IL", "credentials_presented", "2022-06-01", counterpart="MA"),
        event("IL", "envoy_recalled", "2023-10-18", counterpart="MA"),
    )
    days = ["2021-01-25", "2021-01-26", "2022-03-01", "2022-06-01", "2023-10-17", "2023-10-18"]
    assert levels(ds, "IL", "MA", days) == [
        "none",
        "liaison",
        "charge_d_affaires",
        "ambassador",
        "ambassador",
        "charge_d_affaires",  # the recall leaves the embassy open, under a chargé
    ]
    assert ds.representation("IL", "MA", "2021-06-01").dipex == 9  # COW's "other"
    assert levels(ds, "MA", "IL", days) == ["none"] * len(days)  # the other direction
    rep = ds.representation("IL", "MA", "2023-10-18")
    assert rep.dipex == 1
    assert rep.mission == "embassy"
    assert rep.events == ("il-2022-03-01-embassy-opened", "il-2023-10-18-envoy-recalled")


def test_a_closure_ends_the_mission_and_its_head_and_a_reopening_restores_the_mission() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2021-02-01", counterpart="MA"),
        event("IL", "mission_closed", "2022-01-01", counterpart="MA"),
        event("IL", "mission_reopened", "2023-01-01", counterpart="MA"),
    )
    assert levels(ds, "IL", "MA", ["2021-12-31", "2022-01-01", "2023-01-01"]) == [
        "ambassador",
        "none",
        "charge_d_affaires",  # reopened as an embassy, without its ambassador
    ]
    assert ds.representation("IL", "MA", "2022-06-01").mission == "none"


def test_a_returned_ambassador_is_an_ambassador_again_and_a_returned_charge_is_not() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2021-02-01", counterpart="MA"),
        event("IL", "envoy_recalled", "2023-10-18", counterpart="MA"),
        event("IL", "envoy_returned", "2024-05-01", counterpart="MA"),
        event("MA", "embassy_opened", "2021-01-01", counterpart="IL"),
        event("MA", "envoy_recalled", "2023-10-18", counterpart="IL"),
        event("MA", "envoy_returned", "2024-05-01", counterpart="IL"),
    )
    days = ["2023-10-18", "2024-05-01"]
    assert levels(ds, "IL", "MA", days) == ["charge_d_affaires", "ambassador"]
    assert levels(ds, "MA", "IL", days) == ["charge_d_affaires", "charge_d_affaires"]
    assert ds.representation("IL", "MA", "2024-05-01").events == (
        "il-2021-01-01-embassy-opened",
        "il-2024-05-01-envoy-returned",
    )


def test_an_envoy_does_not_return_to_a_mission_closed_after_the_recall() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2021-02-01", counterpart="MA"),
        event("IL", "envoy_recalled", "2023-10-18", counterpart="MA"),
        event("IL", "mission_closed", "2023-11-01", counterpart="MA"),
        event("IL", "mission_reopened", "2024-01-01", counterpart="MA"),
        event("IL", "envoy_returned", "2024-05-01", counterpart="MA"),
    )
    assert levels(ds, "IL", "MA", ["2024-05-01"]) == ["charge_d_affaires"]


def test_a_return_with_no_recall_before_it_makes_no_ambassador() -> None:
    # validate refuses such a return; a dataset built with it reads it by the same rules.
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "envoy_returned", "2021-06-01", counterpart="MA"),
    )
    assert levels(ds, "IL", "MA", ["2021-06-01"]) == ["charge_d_affaires"]


def test_an_upgrade_makes_a_liaison_office_an_embassy_and_ceremonies_change_nothing() -> None:
    ds = pair(
        event("MA", "liaison_office_opened", "2021-01-01", counterpart="IL"),
        event("MA", "mission_inaugurated", "2021-03-01", counterpart="IL"),
        event("MA", "consulate_opened", "2021-04-01", counterpart="IL"),
        event("MA", "mission_moved", "2021-05-01", counterpart="IL"),
        event("MA", "mission_upgraded", "2022-01-01", counterpart="IL"),
    )
    days = ["2021-05-01", "2022-01-01"]
    assert levels(ds, "MA", "IL", days) == ["liaison", "charge_d_affaires"]
    assert ds.representation("MA", "IL", "2021-05-01").events == (
        "ma-2021-01-01-liaison-office-opened",
    )
    assert ds.representation("MA", "IL", "2022-01-01").mission == "embassy"


def test_a_reopening_without_a_recorded_former_mission_reads_as_a_liaison_office() -> None:
    ds = pair(event("MA", "mission_reopened", "2021-01-01", counterpart="IL"))
    rep = ds.representation("MA", "IL", "2021-01-01")
    assert (rep.level, rep.dipex, rep.mission) == ("liaison", 9, "liaison")
    assert rep.events == ("ma-2021-01-01-mission-reopened",)


def test_a_pair_without_dyad_events_has_no_mission_relations_flights_or_freeze() -> None:
    ds = pair()
    rep = ds.representation("IL", "MA", "2021-01-01")
    assert (rep.level, rep.dipex, rep.mission, rep.events) == ("none", 0, "none", ())
    for rule in ("end", "max"):
        for row in with_morocco(ds.dyads("2021-01-01", "2021-12-31", rule=rule)):
            assert (row.representation, row.dipex, row.mission) == ("none", 0, False)
            assert (row.relations, row.flights, row.agreements, row.frozen) == (
                False,
                False,
                0,
                False,
            )
            assert row.events == ()


@pytest.mark.parametrize(
    ("first", "second", "level"),
    [
        # Credentials before a recall on one day: the recall wins, whatever the ids' order.
        (("credentials_presented", "z-credentials"), ("envoy_recalled", "a-recall"), "charge"),
        (("credentials_presented", "a-credentials"), ("envoy_recalled", "z-recall"), "charge"),
        # An opening before a closure on one day: the mission is closed that evening.
        (("embassy_opened", "z-opened"), ("mission_closed", "a-closed"), "none"),
        # An opening before credentials on one day: both are in force that evening.
        (("embassy_opened", "z-opened"), ("credentials_presented", "a-credentials"), "ambassador"),
    ],
)
def test_on_one_day_openings_come_first_then_credentials_then_recalls_and_closures(
    first: tuple[str, str], second: tuple[str, str], level: str
) -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        *(
            event("IL", kind, "2022-05-05", counterpart="MA", id=id_)
            for kind, id_ in (first, second)
        ),
    )
    expected = "charge_d_affaires" if level == "charge" else level
    assert ds.representation("IL", "MA", "2022-05-05").level == expected
    (row, _) = with_morocco(ds.dyads("2022-05-05", "2022-05-05", freq="day"))
    assert row.representation == expected


@pytest.mark.parametrize(
    ("recall", "credentials"),
    [(1, 2), (None, 1)],  # given to both (1 first), or to one: it comes after the other
)
def test_a_sequence_orders_the_events_of_one_day_before_their_kinds(
    recall: int | None, credentials: int | None
) -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2022-05-05", counterpart="MA", sequence=credentials),
        event("IL", "envoy_recalled", "2022-05-05", counterpart="MA", sequence=recall),
    )
    # Recalled, then a new ambassador presented credentials: in post that evening.
    assert ds.representation("IL", "MA", "2022-05-05").level == "ambassador"


def test_the_dyad_years_exported_start_with_the_first_event_that_sets_a_value(
    tmp_path: Path,
) -> None:
    ds = pair(
        event("IL", "ambassador_appointed", "2018-05-01", counterpart="MA"),  # sets nothing
        event("IL", "embassy_opened", "2021-03-01", counterpart="MA"),
    )
    aa.export(tmp_path, fmt="csv", dataset=ds)
    with (tmp_path / "dyads.csv").open(encoding="utf-8", newline="") as handle:
        years = {row["year"] for row in csv.DictReader(handle)}
    assert min(years) == "2021"


def test_both_signatures_of_one_instrument_count_as_one_agreement() -> None:
    ds = pair(
        event("IL", "signed", "2021-01-01", counterpart="MA", instrument="x"),
        event("MA", "signed", "2021-01-01", counterpart="IL", instrument="x"),
        event("MA", "agreement_signed", "2021-02-01", counterpart="IL"),
    )
    (row, _) = with_morocco(ds.dyads("2021-12-31", "2021-12-31"))
    assert row.agreements == 2


def test_a_liaison_office_does_not_downgrade_an_embassy() -> None:
    ds = pair(
        event("MA", "embassy_opened", "2021-01-01", counterpart="IL"),
        event("MA", "liaison_office_opened", "2021-06-01", counterpart="IL"),
    )
    assert ds.representation("MA", "IL", "2021-07-01").mission == "embassy"


def test_a_month_precision_event_counts_from_the_month_end_unless_undone_within_it() -> None:
    ds = pair(
        event("IL", "flights_started", "2021-01-05", counterpart="MA"),
        event("IL", "flights_suspended", "2023-06-01", precision="month", counterpart="MA"),
        event("MA", "flights_resumed", "2023-06-25", counterpart="IL"),
        event("MA", "flights_suspended", "2024-03-01", precision="month", counterpart="IL"),
    )

    def flights(day: str) -> bool:
        rows = with_morocco(ds.dyads(day, day, freq="day"))
        assert len({r.flights for r in rows}) == 1  # the same in both directions
        return rows[0].flights

    office = pair(
        event("IL", "liaison_office_opened", "2021-06-01", precision="month", counterpart="MA"),
        event("MA", "flights_started", "2021-06-10", counterpart="IL"),
    )
    # A June opening is certain only on the 30th, though another event of June came first.
    assert levels(office, "IL", "MA", ["2021-06-10", "2021-06-29", "2021-06-30"]) == [
        "none",
        "none",
        "liaison",
    ]
    assert flights("2023-06-24")  # the June suspension is not certain before the 30th
    assert flights("2023-06-30")  # and by then the resumption of the 25th undid it
    assert flights("2024-03-30")
    assert not flights("2024-03-31")  # a March suspension holds from the last day of March


def test_relations_agreements_and_frozen_ties_are_pair_values() -> None:
    ds = pair(
        event("MA", "relations_established", "2020-12-22", counterpart="IL"),
        event("MA", "agreement_signed", "2020-12-22", counterpart="IL", id="ma-a-agreement"),
        event("IL", "agreement_signed", "2021-08-11", counterpart="MA", id="il-b-agreement"),
        event("MA", "suspended", "2023-11-02", counterpart="IL"),
        event("IL", "resumed", "2024-02-01", counterpart="MA"),
        event("IL", "relations_severed", "2025-01-01", counterpart="MA"),
    )
    rows = {
        (r.party1, r.year): r
        for r in with_morocco(ds.dyads("2020-01-01", "2025-12-31", rule="end"))
    }
    assert [rows["IL", y].relations for y in range(2020, 2026)] == [True] * 5 + [False]
    assert [rows["IL", y].agreements for y in range(2020, 2023)] == [1, 2, 2]
    assert rows["IL", 2020].month is None  # yearly rows have a year only
    assert rows["MA", 2023].frozen
    assert not rows["MA", 2024].frozen
    assert rows["IL", 2025].events == (
        "il-2024-02-01-resumed",
        "il-2025-01-01-relations-severed",
    )
    by_max = {
        (r.party1, r.year): r
        for r in with_morocco(ds.dyads("2024-01-01", "2025-12-31", rule="max"))
    }
    assert by_max["IL", 2024].frozen  # frozen on some day of 2024, though not at its end
    assert not by_max["IL", 2025].relations  # severed on 2025's first day: no day had them


def test_a_row_names_the_events_behind_its_own_direction_and_the_pair() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("MA", "liaison_office_opened", "2021-02-01", counterpart="IL"),
        event("MA", "flights_started", "2021-03-01", counterpart="IL"),
    )
    rows = {r.party1: r for r in with_morocco(ds.dyads("2021-12-31", "2021-12-31"))}
    assert rows["IL"].events == ("il-2021-01-01-embassy-opened", "ma-2021-03-01-flights-started")
    assert rows["MA"].events == (
        "ma-2021-02-01-liaison-office-opened",
        "ma-2021-03-01-flights-started",
    )


def test_rule_max_takes_the_highest_level_in_the_period_and_end_the_last_day() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2021-03-01", counterpart="MA"),
        event("IL", "envoy_recalled", "2021-09-01", counterpart="MA"),
    )
    end = {r.party1: r for r in with_morocco(ds.dyads("2021-01-01", "2021-12-31"))}
    peak = {r.party1: r for r in with_morocco(ds.dyads("2021-01-01", "2021-12-31", rule="max"))}
    assert end["IL"].representation == "charge_d_affaires"
    assert peak["IL"].representation == "ambassador"
    assert peak["IL"].dipex == 3
    assert end["IL"].date == dt.date(2021, 12, 31)


def test_rule_max_counts_a_mission_and_flights_that_held_on_some_day_of_the_period() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-02-01", counterpart="MA"),
        event("IL", "mission_closed", "2021-06-01", counterpart="MA"),
        event("MA", "flights_started", "2021-03-01", counterpart="IL"),
        event("MA", "flights_suspended", "2021-09-01", counterpart="IL"),
    )

    def table(rule: aa.DyadRule) -> dict[tuple[str, int], tuple[str, bool, bool]]:
        rows = with_morocco(ds.dyads("2020-01-01", "2022-12-31", rule=rule))
        return {(r.party1, r.year): (r.representation, r.mission, r.flights) for r in rows}

    assert table("max") == {
        ("IL", 2020): ("none", False, False),
        ("IL", 2021): ("charge_d_affaires", True, True),  # open from February to June
        ("IL", 2022): ("none", False, False),  # closed before the year began
        ("MA", 2020): ("none", False, False),
        ("MA", 2021): ("none", False, True),  # Morocco had no mission; the flights are the pair's
        ("MA", 2022): ("none", False, False),
    }
    assert table("end") == {
        (party, year): ("none", False, False)
        for party in ("IL", "MA")
        for year in (2020, 2021, 2022)
    }


def test_rows_cover_both_directions_of_every_pair_with_cow_codes_and_periods() -> None:
    ds = pair(event("IL", "embassy_opened", "2021-01-01", counterpart="MA"))
    rows = ds.dyads("2020-12-15", "2021-02-10", freq="month")
    assert [(r.party1, r.party2, r.period) for r in rows] == [
        (first, second, period)
        for first, second in (("IL", "MA"), ("MA", "IL"), ("IL", "SA"), ("SA", "IL"))
        for period in ("2020-12", "2021-01", "2021-02")
    ]
    assert rows[0].ccode1 == 666
    assert rows[0].ccode2 is None  # the synthetic Morocco carries no COW code
    assert rows[2].date == dt.date(2021, 2, 10)  # a period is cut at the end asked for
    assert (rows[2].year, rows[2].month) == (2021, 2)


def test_a_dataset_without_israel_has_no_dyads() -> None:
    ds = build([event("MA", "announced", "2020-12-10")])
    assert ds.dyads("2021-01-01", "2021-12-31") == ()
    with pytest.raises(aa.InvalidArgumentError, match="a dyad pairs Israel"):
        ds.representation("MA", "SA", "2021-01-01")


@pytest.mark.parametrize(
    ("sender", "receiver", "message"),
    [
        ("MA", "SA", "a dyad pairs Israel"),
        ("IL", "US", "a dyad pairs Israel"),  # the broker is not paired
        ("IL", "IL", "a dyad pairs Israel"),
    ],
)
def test_a_pair_without_israel_is_refused(sender: str, receiver: str, message: str) -> None:
    ds = pair()
    with pytest.raises(aa.InvalidArgumentError, match=message):
        ds.representation(sender, receiver, "2021-01-01")


def test_bad_arguments_get_our_errors() -> None:
    ds = pair()
    with pytest.raises(aa.UnknownPartyError):
        ds.representation("IL", "Atlantis", "2021-01-01")
    with pytest.raises(aa.InvalidDateError):
        ds.representation("IL", "MA", "2021-13-01")
    with pytest.raises(aa.InvalidArgumentError, match="after end"):
        ds.dyads("2022-01-01", "2021-01-01")
    with pytest.raises(aa.InvalidArgumentError, match="rule"):
        ds.dyads("2021-01-01", "2021-12-31", rule="any")  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.InvalidArgumentError, match=r"dyad table would have .* rows"):
        ds.dyads("1000-01-01", "9000-12-31", freq="day")
    with pytest.raises(aa.InvalidArgumentError, match="valid frequencies are year, month, day"):
        ds.dyads("2021-01-01", "2021-12-31", freq="week")  # type: ignore[arg-type]  # wrong on purpose


def paired_with_israel() -> list[str]:
    """The bundled states paired with Israel, read from the parties: each party and candidate."""
    return [p.code for p in aa.parties() if p.role in ("party", "candidate") and p.code != "IL"]


@pytest.mark.usefixtures("nothing_built")
def test_an_oversized_dyad_table_is_refused_before_anything_is_built(
    capsys: pytest.CaptureFixture[str],
) -> None:
    huge = ("0001-01-01", "9999-12-31")
    with pytest.raises(aa.InvalidArgumentError, match=r"dyad table would have .* rows"):
        aa.dyads(*huge, freq="day")
    with pytest.raises(aa.InvalidArgumentError, match="narrow the dates or use a coarser freq"):
        pair().dyads(*huge, freq="day")  # a new dataset: its events not yet read
    assert main(["dyads", "--start", huge[0], "--end", huge[1], "--freq", "day"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("abraham-accords: error: dyad table would have ")


@pytest.mark.usefixtures("nothing_built")
def test_the_size_counts_both_directions_of_every_party_and_candidate() -> None:
    # One row per partner and day fits the limit exactly; two directions do not.
    partners = len(paired_with_israel())
    days = MAX_ROWS // partners
    end = dt.date(2000, 1, 1) + dt.timedelta(days=days - 1)
    with pytest.raises(aa.InvalidArgumentError, match=f"would have {2 * partners * days:,} rows"):
        aa.dyads("2000-01-01", end, freq="day")


# -- the bundled data, against facts its sources state --------------------------------


@pytest.mark.parametrize(
    ("sender", "receiver", "day", "level"),
    [
        ("IL", "AE", "2021-01-23", "none"),  # Israel's embassy opened on 24 January 2021
        ("IL", "AE", "2021-01-24", "charge_d_affaires"),
        ("AE", "IL", "2021-03-01", "ambassador"),  # Al Khaja's credentials
        ("BH", "IL", "2021-09-14", "ambassador"),  # Al-Jalahma's credentials
        ("IL", "MA", "1995-06-01", "liaison"),  # the 1994-2000 liaison offices
        ("IL", "MA", "2010-01-01", "none"),
        ("MA", "IL", "2021-02-09", "liaison"),
        ("KZ", "IL", "2019-11-30", "charge_d_affaires"),  # the embassy open since 1996
        ("KZ", "IL", "2020-01-01", "ambassador"),  # Burshakov's credentials, December 2019
    ],
)
def test_bundled_dyads_agree_with_stated_facts(
    sender: str, receiver: str, day: str, level: str
) -> None:
    assert aa.representation(sender, receiver, day).level == level


def test_every_bundled_dyad_value_is_traceable_to_events() -> None:
    for row in aa.dyads("1990-01-01", "2026-10-30"):
        for event_id in row.events:
            found = aa.get_record(event_id)
            assert isinstance(found, aa.Event)
            assert {found.party, found.counterpart} == {row.party1, row.party2}


def test_a_row_that_reports_a_day_after_the_cutoff_is_flagged() -> None:
    ds = pair(event("IL", "embassy_opened", "2021-01-01", counterpart="MA"))
    ds = ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": dt.date(2021, 6, 30)}))
    for rule in ("end", "max"):
        # A period cut to an end on the cut-off reports a checked day; one day more does not.
        (on,) = with_morocco(ds.dyads("2021-01-01", "2021-06-30", rule=rule))[:1]
        assert (on.period, on.date, on.after_cutoff) == ("2021", dt.date(2021, 6, 30), False)
        (past,) = with_morocco(ds.dyads("2021-01-01", "2021-07-01", rule=rule))[:1]
        assert (past.period, past.date, past.after_cutoff) == ("2021", dt.date(2021, 7, 1), True)
        monthly = ds.dyads("2021-05", "2021-07", freq="month", rule=rule)
        assert [(r.period, r.after_cutoff) for r in with_morocco(monthly) if r.party1 == "MA"] == [
            ("2021-05", False),
            ("2021-06", False),
            ("2021-07", True),
        ]


def test_cli_dyads_marks_and_notes_the_days_after_the_cutoff(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cutoff = aa.dataset().cutoff
    after = cutoff + dt.timedelta(days=1)
    window = ["--start", cutoff.isoformat(), "--end", after.isoformat(), "--freq", "day"]
    assert main(["dyads", *window, "--party", "AE", "--csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(r["party1"], r["period"], r["after_cutoff"]) for r in rows] == [
        ("IL", cutoff.isoformat(), "0"),
        ("IL", after.isoformat(), "1"),
        ("AE", cutoff.isoformat(), "0"),
        ("AE", after.isoformat(), "1"),
    ]
    assert main(["dyads", *window]) == 0
    assert capsys.readouterr().err == (
        f"note: some periods end after the data's cut-off {cutoff} "
        "(column after_cutoff of --json and --csv)\n"
    )
    assert main(["dyads", "--start", cutoff.isoformat(), "--end", cutoff.isoformat()]) == 0
    assert capsys.readouterr().err == ""


# -- how each value was reached: recorded, assumed or default ---------------------------

D = dt.date.fromisoformat


def reached(ds: Dataset, sender: str, receiver: str, day: str) -> tuple[str, str, dt.date | None]:
    """The level of *sender* in *receiver* on *day*, its basis and its date."""
    rep = ds.representation(sender, receiver, day)
    return rep.level, rep.basis, rep.since


def row_on(ds: Dataset, party1: str, day: str, rule: aa.DyadRule = "end") -> DyadRow:
    """*party1*'s row of the Israel-Morocco pair on *day* (a daily row)."""
    (row,) = [
        r for r in with_morocco(ds.dyads(day, day, freq="day", rule=rule)) if r.party1 == party1
    ]
    return row


def test_an_embassy_reads_as_an_assumed_charge_until_an_ambassador_is_recorded() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2021-03-01", counterpart="MA"),
        event("IL", "envoy_recalled", "2023-10-18", counterpart="MA"),
        event("IL", "envoy_returned", "2024-05-01", counterpart="MA"),
        event("IL", "mission_closed", "2025-01-01", counterpart="MA"),
        event("IL", "mission_reopened", "2025-06-01", counterpart="MA"),
    )
    days = ["2020-12-31", "2021-01-01", "2021-03-01", "2023-10-18", "2024-05-01"]
    assert [reached(ds, "IL", "MA", day) for day in [*days, "2025-01-01", "2025-06-01"]] == [
        ("none", "default", None),
        ("charge_d_affaires", "assumed", D("2021-01-01")),  # no ambassador recorded yet
        ("ambassador", "recorded", D("2021-03-01")),
        ("charge_d_affaires", "assumed", D("2023-10-18")),  # the recall
        ("ambassador", "recorded", D("2024-05-01")),  # the ambassador's return
        ("none", "recorded", D("2025-01-01")),  # the closure
        ("charge_d_affaires", "assumed", D("2025-06-01")),  # reopened without its ambassador
    ]
    # The embassy itself rests on its opening, whatever its head.
    rows = [row_on(ds, "IL", day) for day in days]
    assert [(r.representation_basis, r.representation_since) for r in rows] == [
        reached(ds, "IL", "MA", day)[1:] for day in days
    ]
    assert [(r.mission, r.mission_basis, r.mission_since) for r in rows] == [
        (False, "default", None),
        *[(True, "recorded", D("2021-01-01"))] * 4,
    ]
    closed = row_on(ds, "IL", "2025-01-01")
    assert (closed.mission, closed.mission_basis, closed.mission_since) == (
        False,
        "recorded",
        D("2025-01-01"),
    )


def test_a_liaison_office_is_recorded_and_reads_as_assumed_while_its_head_is_recalled() -> None:
    ds = pair(
        event("MA", "liaison_office_opened", "2021-02-09", counterpart="IL"),
        event("MA", "envoy_recalled", "2023-10-18", counterpart="IL"),
        event("MA", "envoy_returned", "2024-05-01", counterpart="IL"),
    )
    assert [reached(ds, "MA", "IL", d) for d in ("2021-02-09", "2023-10-18", "2024-05-01")] == [
        ("liaison", "recorded", D("2021-02-09")),
        ("liaison", "assumed", D("2023-10-18")),  # the office read as open under a deputy
        ("liaison", "recorded", D("2024-05-01")),  # its head back in post
    ]


def test_a_reopening_rank_is_assumed_only_where_no_earlier_mission_is_recorded() -> None:
    guessed = pair(
        event("MA", "mission_reopened", "2021-01-01", counterpart="IL"),
        event("MA", "mission_closed", "2022-01-01", counterpart="IL"),
        event("MA", "mission_reopened", "2023-01-01", counterpart="IL"),  # at a guessed rank
        event("MA", "liaison_office_opened", "2024-01-01", counterpart="IL"),
    )
    assert [reached(guessed, "MA", "IL", f"{y}-06-01") for y in range(2021, 2025)] == [
        ("liaison", "assumed", D("2021-01-01")),
        ("none", "recorded", D("2022-01-01")),
        ("liaison", "assumed", D("2023-01-01")),
        ("liaison", "recorded", D("2024-01-01")),  # an office recorded as opened
    ]
    known = pair(
        event("MA", "liaison_office_opened", "2021-01-01", counterpart="IL"),
        event("MA", "mission_closed", "2022-01-01", counterpart="IL"),
        event("MA", "mission_reopened", "2023-01-01", counterpart="IL"),
    )
    assert reached(known, "MA", "IL", "2023-06-01") == ("liaison", "recorded", D("2023-01-01"))


def test_an_envoy_without_a_recorded_mission_leaves_an_assumed_none_when_recalled() -> None:
    ds = pair(
        event("MA", "credentials_presented", "2021-09-14", counterpart="IL"),
        event("MA", "envoy_recalled", "2023-11-02", counterpart="IL"),
    )
    assert reached(ds, "MA", "IL", "2022-01-01") == ("ambassador", "recorded", D("2021-09-14"))
    # No mission is recorded, so the rules read it as absent: an inference.
    assert reached(ds, "MA", "IL", "2023-11-02") == ("none", "assumed", D("2023-11-02"))
    row = row_on(ds, "MA", "2022-01-01")
    assert (row.mission, row.mission_basis, row.mission_since) == (False, "default", None)
    # An ambassador's level rests on the credentials alone, not on a later opening.
    opened = pair(
        event("MA", "credentials_presented", "2021-09-14", counterpart="IL"),
        event("MA", "embassy_opened", "2022-01-01", counterpart="IL"),
    )
    assert reached(opened, "MA", "IL", "2022-06-01") == ("ambassador", "recorded", D("2021-09-14"))


def test_a_pair_without_events_has_default_values_and_no_dates() -> None:
    ds = pair()
    assert reached(ds, "IL", "MA", "2021-01-01") == ("none", "default", None)
    for rule in ("end", "max"):
        for row in with_morocco(ds.dyads("2021-01-01", "2021-12-31", rule=rule)):
            assert row[-10:] == ("default", None) * 5


def test_a_suspension_whose_end_is_not_recorded_is_assumed_to_last() -> None:
    ds = pair(
        event("MA", "relations_established", "2020-12-22", counterpart="IL"),
        event("IL", "flights_started", "2021-07-25", counterpart="MA"),
        event("IL", "flights_suspended", "2023-10-01", precision="month", counterpart="MA"),
        event("MA", "flights_resumed", "2024-03-01", counterpart="IL"),
        event("MA", "suspended", "2023-11-02", counterpart="IL"),
        event("IL", "resumed", "2024-02-01", counterpart="MA"),
        event("IL", "relations_severed", "2025-01-01", counterpart="MA"),
    )

    def pair_values(day: str) -> list[tuple[object, ...]]:
        rows = [row_on(ds, party, day) for party in ("IL", "MA")]
        assert rows[0][-6:] == rows[1][-6:]  # the same in both directions
        row = rows[0]
        return [
            (row.relations, row.relations_basis, row.relations_since),
            (row.flights, row.flights_basis, row.flights_since),
            (row.frozen, row.frozen_basis, row.frozen_since),
        ]

    assert pair_values("2020-12-01") == [(False, "default", None)] * 3
    assert pair_values("2023-12-01") == [
        (True, "recorded", D("2020-12-22")),
        # A suspension known to the month: its recorded date, though it counts from the 31st.
        (False, "assumed", D("2023-10-01")),
        (True, "assumed", D("2023-11-02")),
    ]
    assert pair_values("2025-01-01") == [
        (False, "recorded", D("2025-01-01")),
        (True, "recorded", D("2024-03-01")),
        (False, "recorded", D("2024-02-01")),
    ]


def test_rule_max_reads_each_basis_where_the_value_it_reports_last_held() -> None:
    ds = pair(
        event("IL", "embassy_opened", "2021-01-01", counterpart="MA"),
        event("IL", "credentials_presented", "2021-03-01", counterpart="MA"),
        event("IL", "envoy_recalled", "2021-09-01", counterpart="MA"),
        event("IL", "mission_closed", "2021-11-01", counterpart="MA"),
        event("MA", "flights_started", "2021-03-01", counterpart="IL"),
        event("MA", "flights_suspended", "2021-09-01", counterpart="IL"),
        event("MA", "flights_resumed", "2021-10-01", counterpart="IL"),
        event("MA", "flights_suspended", "2021-12-01", counterpart="IL"),
    )
    peak = {r.party1: r for r in with_morocco(ds.dyads(2021, 2021, rule="max"))}["IL"]
    end = {r.party1: r for r in with_morocco(ds.dyads(2021, 2021))}["IL"]
    # The highest level held from March to the recall: its credentials, not the closure.
    assert (peak.representation, peak.representation_basis, peak.representation_since) == (
        "ambassador",
        "recorded",
        D("2021-03-01"),
    )
    assert (peak.mission, peak.mission_basis, peak.mission_since) == (
        True,
        "recorded",
        D("2021-01-01"),
    )
    # Flights ran on some day, last after their resumption.
    assert (peak.flights, peak.flights_basis, peak.flights_since) == (
        True,
        "recorded",
        D("2021-10-01"),
    )
    assert end[-10:] == (
        "recorded",  # none: the closure
        D("2021-11-01"),
        "recorded",
        D("2021-11-01"),
        "default",
        None,
        "assumed",  # no flights: the December suspension
        D("2021-12-01"),
        "default",
        None,
    )
    assert "il-2021-03-01-credentials-presented" not in peak.events  # events: the period's end


@pytest.mark.parametrize(
    ("sender", "receiver", "day", "level", "basis"),
    [
        # An embassy with no ambassador recorded in post reads as a chargé: assumed.
        ("IL", "AE", "2021-01-24", "charge_d_affaires", "assumed"),
        ("IL", "BH", "2024-06-01", "charge_d_affaires", "assumed"),  # after the 2023 recall
        ("AE", "IL", "2021-03-01", "ambassador", "recorded"),  # Al Khaja's credentials
        ("MA", "IL", "2021-02-09", "liaison", "recorded"),
        ("IL", "MA", "2010-01-01", "none", "recorded"),  # the offices closed in 2000
        ("IL", "AE", "2019-01-01", "none", "default"),
    ],
)
def test_bundled_bases_follow_the_methodology(
    sender: str, receiver: str, day: str, level: str, basis: str
) -> None:
    rep = aa.representation(sender, receiver, day)
    assert (rep.level, rep.basis) == (level, basis)


def test_every_bundled_charge_and_every_unended_suspension_reads_as_assumed() -> None:
    kinds = {e.id: e.kind for e in aa.events()}
    flights = {"flights_started", "flights_resumed", "flights_suspended"}
    rows = aa.dyads("1990-01-01", aa.dataset().cutoff)
    charges = [r for r in rows if r.representation == "charge_d_affaires"]
    assert charges
    assert {r.representation_basis for r in charges} == {"assumed"}
    stopped = [r for r in rows if not r.flights and r.flights_since is not None]
    assert stopped
    for row in stopped:  # no flights after a recorded start: a suspension, never ended
        (setter,) = [kinds[e] for e in row.events if kinds[e] in flights]
        assert (setter, row.flights_basis) == ("flights_suspended", "assumed")


def test_each_basis_column_is_described_with_the_three_bases_and_the_rules_section() -> None:
    # Built afresh: DESCRIPTIONS is built once, when the module is imported.
    assert _dyads._basis_of("relations", "never assumed") == (
        "How relations was reached: recorded (an event states it), never assumed, or default "
        "(no event has set it; the state before any, see docs/methodology.md, Dyads)."
    )
    methodology = (Path(__file__).parents[1] / "docs" / "methodology.md").read_text("utf-8")
    assert "\n## Dyads: " in methodology
    for name in ("representation", "mission", "relations", "flights", "frozen"):
        described = _dyads.DESCRIPTIONS[f"{name}_basis"]
        assert all(basis in described for basis in _dyads.BASES), name
        assert described.endswith("see docs/methodology.md, Dyads)."), name
