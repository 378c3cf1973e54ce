"""Property-based tests of the dyad tables and ``representation``: invariants that must hold
for any dates, frequency and rule, over the bundled data and over random histories of a pair.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords import Dataset, DyadRow
from abraham_accords._cli import main
from abraham_accords._export import csv_cell
from factories import ISRAEL, PARTIES, build, event

_T = TypeVar("_T", bound=Callable[..., None])


def examples(count: int) -> Callable[[_T], _T]:
    """Run *count* examples with no deadline (a daily table over years takes a while)."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


TOPICS = (
    (
        "liaison_office_opened",
        "embassy_opened",
        "mission_reopened",
        "mission_upgraded",
        "mission_closed",
    ),
    ("credentials_presented", "envoy_recalled", "envoy_returned"),
    ("relations_established", "relations_severed"),
    ("flights_started", "flights_suspended", "flights_resumed"),
    ("suspended", "resumed"),
    ("agreement_signed",),
)
"""The kinds of event that change a dyad (docs/methodology.md, "Dyads"), by what they
change: missions, envoys, relations, flights, frozen ties and agreements."""
MISSION_AND_ENVOY_KINDS = frozenset(TOPICS[0] + TOPICS[1])
"""The kinds of event that set a state's mission in another and the head of that mission."""
SETTERS = {
    "representation": MISSION_AND_ENVOY_KINDS,
    "mission": frozenset(TOPICS[0]),
    "relations": frozenset(TOPICS[2]),
    "flights": frozenset(TOPICS[3]),
    "frozen": frozenset(TOPICS[4]),
}
"""Each value that says how it was reached, and the kinds of event that may set it (the
representation and mission: party1's own)."""
DEFAULTS = {"representation": "none", "mission": False, "relations": False}
"""The value of each before any event (flights and frozen ties: off, as relations)."""


def partners(ds: Dataset) -> list[str]:
    """Every party and candidate of *ds* but Israel, read from its parties."""
    return [p.code for p in ds.parties() if p.role in ("party", "candidate") and p.code != "IL"]


def labels(first: dt.date, last: dt.date, freq: str) -> list[str]:
    """Every period's label from *first* to *last*, counted day by day."""
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    width = {"year": 4, "month": 7, "day": 10}[freq]
    return list(dict.fromkeys(day.isoformat()[:width] for day in days))


def values(row: DyadRow) -> tuple[object, ...]:
    """What a row says of its dyad, without the period it says it for."""
    return (
        row.representation,
        row.dipex,
        row.mission,
        row.relations,
        row.flights,
        row.agreements,
        row.frozen,
        row.events,
    )


# -- the invariants, for any dataset ---------------------------------------------------


def check_rows(
    ds: Dataset, first: dt.date, last: dt.date, freq: aa.Frequency, rule: aa.DyadRule
) -> None:
    """Each dyad has one row per period, in order, each within the dates and vocabulary."""
    rows = ds.dyads(first, last, freq=freq, rule=rule)
    dyads = [(one, two) for code in partners(ds) for one, two in (("IL", code), (code, "IL"))]
    # Israel's dyad with each state then the state's with Israel, by code; periods in order.
    assert [(r.party1, r.party2, r.period) for r in rows] == [
        (*dyad, period) for dyad in dyads for period in labels(first, last, freq)
    ]
    cow = {"none": 0, "charge_d_affaires": 1, "minister": 2, "ambassador": 3, "liaison": 9}
    for row in rows:
        assert first <= row.date <= last
        # Flagged iff the day the row reports (its period's last, cut to *last*) was never
        # checked: it is after the cut-off.
        assert row.after_cutoff == (row.date > ds.cutoff)
        assert row.date.isoformat().startswith(row.period)  # the period's (cut) last day
        assert (row.year, row.month) == (row.date.year, None if freq == "year" else row.date.month)
        assert row.dipex == cow[row.representation]  # COW Diplomatic Exchange codes
        if row.representation in ("liaison", "charge_d_affaires"):
            assert row.mission  # these levels are a resident mission's
        assert row.agreements >= 0
        assert list(row.events) == sorted(set(row.events))
        for event_id in row.events:
            found = ds.get_record(event_id)
            assert isinstance(found, aa.Event)
            assert {found.party, found.counterpart} == {row.party1, row.party2}
            assert found.certain_by <= row.date
        check_bases(ds, row, rule)


def check_bases(ds: Dataset, row: DyadRow, rule: aa.DyadRule) -> None:
    """Each value says how it was reached, and the date of an event behind it, if any."""
    for name, kinds in SETTERS.items():
        basis, since = getattr(row, f"{name}_basis"), getattr(row, f"{name}_since")
        assert basis in aa.BASES
        assert (basis == "default") == (since is None), name  # a date iff an event set it
        if basis == "default":
            assert getattr(row, name) == DEFAULTS.get(name, False), name
        else:
            assert since <= row.date
        if rule == "max":  # read where the value last held: perhaps not among the events
            continue
        setters = [
            found
            for found in map(ds.get_record, row.events)
            if isinstance(found, aa.Event)
            and found.kind in kinds
            and (name not in ("representation", "mission") or found.party == row.party1)
        ]
        if basis == "default":
            assert setters == [], name  # no event in `events` sets a default
        else:
            assert since in {found.date for found in setters}, name
    # The rules' own inferences (docs/methodology.md, Dyads).
    assert row.mission_basis != "assumed"
    assert row.relations_basis != "assumed"
    if row.representation == "charge_d_affaires":
        assert row.representation_basis == "assumed"
    if row.representation == "ambassador":
        assert row.representation_basis == "recorded"
    if row.flights_basis != "default":
        assert (row.flights_basis == "assumed") == (not row.flights)
    if row.frozen_basis != "default":
        assert (row.frozen_basis == "assumed") == row.frozen


def bases(row: DyadRow, name: str) -> tuple[object, object]:
    """The basis and date of the value *name* of *row*."""
    return getattr(row, f"{name}_basis"), getattr(row, f"{name}_since")


def check_coarser(ds: Dataset, first: dt.date, last: dt.date, coarse: aa.Frequency) -> None:
    """A yearly or monthly table says what the daily one says of its periods' days."""
    daily = ds.dyads(first, last, freq="day")
    on = {(r.party1, r.party2, r.date): r for r in daily}
    for row in ds.dyads(first, last, freq=coarse):  # rule "end": the period's last day
        same_day = on[row.party1, row.party2, row.date]
        assert values(row) == values(same_day)
        assert [bases(row, name) for name in SETTERS] == [bases(same_day, n) for n in SETTERS]
        assert row.after_cutoff == same_day.after_cutoff
    width = 4 if coarse == "year" else 7
    within: dict[tuple[str, str, str], list[DyadRow]] = {}
    for day in daily:
        within.setdefault((day.party1, day.party2, day.period[:width]), []).append(day)
    for row in ds.dyads(first, last, freq=coarse, rule="max"):
        days = within[row.party1, row.party2, row.period]
        assert days[-1].date == row.date
        highest = max(aa.LEVELS.index(r.representation) for r in days)
        assert aa.LEVELS.index(row.representation) == highest
        for name in ("mission", "relations", "flights", "frozen"):
            assert getattr(row, name) == any(getattr(r, name) for r in days), name
        assert (row.agreements, row.events) == (days[-1].agreements, days[-1].events)
        for name in SETTERS:  # each basis: that of the last day on which the value held
            held = [day for day in days if getattr(day, name) == getattr(row, name)]
            assert bases(row, name) == bases(held[-1], name), name


def check_representation(ds: Dataset, sender: str, receiver: str, day: dt.date) -> None:
    """``representation`` on a day is the daily dyad row of that day."""
    rep = ds.representation(sender, receiver, day)
    (row,) = [r for r in ds.dyads(day, day, freq="day") if (r.party1, r.party2) == rep[:2]]
    assert (rep.sender, rep.receiver, rep.day) == (sender, receiver, day)
    assert (rep.level, rep.dipex) == (row.representation, row.dipex)
    assert (rep.basis, rep.since) == bases(row, "representation")
    assert (rep.mission != "none") == row.mission
    assert set(rep.events) <= set(row.events)
    for event_id in rep.events:  # each is the sender's mission or envoy, certain by then
        found = ds.get_record(event_id)
        assert isinstance(found, aa.Event)
        assert (found.party, found.counterpart) == (sender, receiver)
        assert found.kind in MISSION_AND_ENVOY_KINDS
        assert found.certain_by <= day


# -- over the bundled data -------------------------------------------------------------

near_events = st.tuples(
    st.deferred(lambda: st.sampled_from(sorted({e.certain_by for e in aa.events()}))),
    st.one_of(st.sampled_from([-1, 0, 1]), st.integers(min_value=-45, max_value=45)),
).map(lambda pair: pair[0] + dt.timedelta(days=pair[1]))
"""Days on or close to an event's, where the values change."""
bundled_days = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2027, 12, 31)), near_events
)
"""From before the first dyad event (1992) to after the cut-off, often near an event."""


def windows(
    days: st.SearchStrategy[dt.date], longest: int
) -> st.SearchStrategy[tuple[dt.date, dt.date]]:
    """A start among *days* and an end at most *longest* days later."""
    return st.tuples(days, st.integers(min_value=0, max_value=longest)).map(
        lambda pair: (pair[0], pair[0] + dt.timedelta(days=pair[1]))
    )


frequencies = st.sampled_from(["year", "month", "day"])
rules = st.sampled_from(["end", "max"])


@examples(40)
@given(window=windows(bundled_days, 800), freq=frequencies, rule=rules)
def test_bundled_rows_cover_each_dyad_and_period_once_in_order(
    window: tuple[dt.date, dt.date], freq: aa.Frequency, rule: aa.DyadRule
) -> None:
    check_rows(aa.dataset(), *window, freq, rule)


@examples(40)
@given(window=windows(bundled_days, 800), coarse=st.sampled_from(["year", "month"]))
def test_bundled_coarser_tables_agree_with_the_daily_one(
    window: tuple[dt.date, dt.date], coarse: aa.Frequency
) -> None:
    check_coarser(aa.dataset(), *window, coarse)


@examples(60)
@given(day=bundled_days, data=st.data())
def test_bundled_representation_is_the_daily_row_of_that_day(
    day: dt.date, data: st.DataObject
) -> None:
    code = data.draw(st.sampled_from(partners(aa.dataset())))
    sender, receiver = data.draw(st.sampled_from([("IL", code), (code, "IL")]))
    check_representation(aa.dataset(), sender, receiver, day)


# -- over random histories of one pair -------------------------------------------------


@st.composite
def histories(draw: st.DrawFn) -> Dataset:
    """Israel and Morocco with up to 12 dyad events, by either, in 2021-2022.

    The events are of one to three topics at a time, so that what one opens another often
    closes. The cut-off is any day from the last event's to a little after the history.
    """
    topics = draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True))
    kinds = [kind for topic in topics for kind in topic]
    drawn = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["IL", "MA"]),
                st.sampled_from(kinds),
                st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2022, 12, 31)),
                st.booleans(),  # known only to the month
            ),
            min_size=2,
            max_size=12,
        )
    )
    found = {}
    for actor, kind, day, monthly in drawn:
        made = event(
            actor,
            kind,
            (day.replace(day=1) if monthly else day).isoformat(),
            "month" if monthly else "day",
            counterpart="MA" if actor == "IL" else "IL",
        )
        found[made.id] = made  # one event per actor, kind and day
    joined = [event("IL", "announced", "2020-12-10"), event("MA", "announced", "2020-12-10")]
    ds = build([*joined, *found.values()], (*PARTIES, ISRAEL))
    latest = max([e.date for e in ds.events()] + [i.date for i in ds.instruments()])
    cutoff = draw(st.dates(min_value=latest, max_value=HISTORY_END))
    return ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": cutoff}))


HISTORY_START, HISTORY_END = dt.date(2020, 12, 1), dt.date(2023, 2, 28)
history_days = st.dates(min_value=HISTORY_START, max_value=HISTORY_END)
"""The days of a history, and a few before and after."""


def days_near(ds: Dataset) -> st.SearchStrategy[dt.date]:
    """Any day of a history's years, or one on or next to a day its events count from."""
    counted = sorted({e.certain_by for e in ds.events()})
    return st.one_of(
        history_days,
        st.tuples(st.sampled_from(counted), st.integers(min_value=-1, max_value=1)).map(
            lambda pair: pair[0] + dt.timedelta(days=pair[1])
        ),
    )


@examples(60)
@given(ds=histories(), data=st.data(), freq=frequencies, rule=rules)
def test_random_histories_keep_the_table_invariants(
    ds: Dataset, data: st.DataObject, freq: aa.Frequency, rule: aa.DyadRule
) -> None:
    window = data.draw(windows(days_near(ds), 500))
    check_rows(ds, *window, freq, rule)
    coarser: tuple[aa.Frequency, ...] = ("year", "month")
    for coarse in coarser:
        check_coarser(ds, *window, coarse)
        check_coarser(ds, HISTORY_START, HISTORY_END, coarse)  # every event's period


@examples(40)
@given(ds=histories(), data=st.data(), freq=frequencies, rule=rules)
def test_random_histories_the_cutoff_changes_only_the_flag(
    ds: Dataset, data: st.DataObject, freq: aa.Frequency, rule: aa.DyadRule
) -> None:
    first, last = data.draw(windows(days_near(ds), 500))
    checked = ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": dt.date(2030, 1, 1)}))
    rows = ds.dyads(first, last, freq=freq, rule=rule)
    assert not any(r.after_cutoff for r in checked.dyads(first, last, freq=freq, rule=rule))
    assert [r._replace(after_cutoff=False) for r in rows] == list(
        checked.dyads(first, last, freq=freq, rule=rule)
    )


@examples(60)
@given(ds=histories(), day=history_days)
def test_random_histories_keep_representation_the_daily_row(ds: Dataset, day: dt.date) -> None:
    counted = {e.certain_by for e in ds.events()}
    near = {when + dt.timedelta(days=shift) for when in counted for shift in (-1, 0, 1)}
    for when in sorted({day} | near):
        check_representation(ds, "IL", "MA", when)
        check_representation(ds, "MA", "IL", when)


# -- the command line ------------------------------------------------------------------


@examples(25)
@given(window=windows(bundled_days, 120), freq=frequencies, rule=rules, data=st.data())
def test_cli_dyads_gives_the_rows_of_the_api(
    capsys: pytest.CaptureFixture[str],
    window: tuple[dt.date, dt.date],
    freq: aa.Frequency,
    rule: aa.DyadRule,
    data: st.DataObject,
) -> None:
    party = data.draw(st.one_of(st.none(), st.sampled_from(["IL", *partners(aa.dataset())])))
    first, last = (day.isoformat() for day in window)
    argv = ["dyads", "--start", first, "--end", last, "--freq", freq, "--rule", rule]
    argv += [] if party is None else ["--party", party]
    expected = [
        r
        for r in aa.dyads(first, last, freq=freq, rule=rule)
        if party in (None, r.party1, r.party2)
    ]
    assert main([*argv, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == [json.loads(json.dumps(r._asdict(), default=str)) for r in expected]
    assert main([*argv, "--csv"]) == 0
    header, *cells = csv.reader(io.StringIO(capsys.readouterr().out))
    assert header == list(DyadRow._fields)
    assert cells == [[csv_cell(value) for value in r] for r in expected]
