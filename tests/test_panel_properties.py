"""Property-based tests of panels: invariants that must hold for any dates, frequency, rule,
stage and cut-off, over the bundled data and over random histories of a few parties.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords import Dataset
from factories import build, event

frequencies = st.sampled_from(["year", "month", "day"])
rules = st.sampled_from(["any", "start", "end"])
stages = st.sampled_from(["announced", "signed", "ratified", "in_force"])


def windows(
    low: dt.date, high: dt.date, longest: int
) -> st.SearchStrategy[tuple[dt.date, dt.date]]:
    """A start from *low* to *high* and an end at most *longest* days later."""
    return st.tuples(
        st.dates(min_value=low, max_value=high), st.integers(min_value=0, max_value=longest)
    ).map(lambda pair: (pair[0], pair[0] + dt.timedelta(days=pair[1])))


def check_flags(ds: Dataset, rows: tuple[aa.PanelRow, ...]) -> None:
    """Each row is flagged iff its period ends after the cut-off (whatever rule or stage)."""
    for row in rows:
        assert row.after_cutoff == (row.period_end > ds.cutoff), row
        if row.period_start > ds.cutoff:  # wholly after the cut-off
            assert row.after_cutoff
        if row.period_end <= ds.cutoff:  # wholly checked
            assert not row.after_cutoff


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    window=windows(dt.date(2019, 1, 1), dt.date(2027, 12, 31), 400),
    freq=frequencies,
    rule=rules,
    stage=stages,
    candidates=st.booleans(),
)
def test_bundled_rows_are_flagged_iff_their_period_ends_after_the_cutoff(
    window: tuple[dt.date, dt.date],
    freq: aa.Frequency,
    rule: aa.Rule,
    stage: aa.Stage,
    candidates: bool,  # noqa: FBT001  (drawn by hypothesis)
) -> None:
    ds = aa.dataset()
    rows = ds.panel(*window, freq=freq, rule=rule, stage=stage, candidates=candidates)
    check_flags(ds, rows)


@st.composite
def histories(draw: st.DrawFn) -> Dataset:
    """The UAE and Bahrain announcing, signing, withdrawing on days of 2020-2022, with a
    cut-off drawn from the last event's day to the end of 2023."""
    days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2022, 12, 31))
    found = {}
    for party in ("AE", "BH"):
        announced = draw(days)
        found[party] = [event(party, "announced", announced.isoformat())]
        if draw(st.booleans()):
            signed = draw(st.dates(min_value=announced, max_value=dt.date(2022, 12, 31)))
            found[party].append(event(party, "signed", signed.isoformat(), instrument="x"))
        if draw(st.booleans()):
            gone = draw(st.dates(min_value=announced, max_value=dt.date(2022, 12, 31)))
            found[party].append(event(party, "withdrawn", gone.isoformat()))
    ds = build([e for events in found.values() for e in events])
    latest = max([e.date for e in ds.events()] + [i.date for i in ds.instruments()])
    cutoff = draw(st.dates(min_value=latest, max_value=dt.date(2023, 12, 31)))
    return ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": cutoff}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ds=histories(),
    window=windows(dt.date(2019, 6, 1), dt.date(2024, 6, 30), 500),
    freq=frequencies,
    rule=rules,
    stage=stages,
)
def test_random_histories_flag_iff_the_period_ends_after_the_cutoff_and_nothing_else_changes(
    ds: Dataset,
    window: tuple[dt.date, dt.date],
    freq: aa.Frequency,
    rule: aa.Rule,
    stage: aa.Stage,
) -> None:
    rows = ds.panel(*window, freq=freq, rule=rule, stage=stage)
    check_flags(ds, rows)
    # The cut-off is a column: a dataset checked to 2030 gives the same rows, none flagged.
    checked = ds.replace(metadata=ds.metadata.model_copy(update={"cutoff": dt.date(2030, 1, 1)}))
    unflagged = checked.panel(*window, freq=freq, rule=rule, stage=stage)
    assert not any(r.after_cutoff for r in unflagged)
    assert [r.model_copy(update={"after_cutoff": False}) for r in rows] == list(unflagged)
