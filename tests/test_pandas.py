"""to_frame: dtypes, and a clear error without pandas."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import abraham_accords as aa


def test_events_frame_has_proper_dtypes() -> None:
    frame = aa.to_frame("events")
    assert len(frame) == len(aa.events())
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert list(frame["kind"].cat.categories) == list(aa.EVENT_KINDS)
    assert frame.loc[frame["id"] == "sd-2021-01-06-signed", "date"].iloc[0] == pd.Timestamp(
        "2021-01-06"
    )


@pytest.mark.parametrize("kind", ["parties", "sources", "instruments"])
def test_record_frames(kind: str) -> None:
    frame = aa.to_frame(kind)
    assert len(frame) == len(getattr(aa, kind)())
    assert frame.columns[0] in {"id", "code"}


def test_sources_frame_urls_are_text() -> None:
    frame = aa.to_frame("sources")
    assert all(url.startswith("https://") for url in frame["url"])
    assert pd.api.types.is_datetime64_any_dtype(frame["published"])


def test_panel_frame() -> None:
    frame = aa.to_frame("panel", start="2020-01-01", end="2021-12-31", freq="year")
    assert set(frame["period"]) == {"2020", "2021"}
    assert frame["member"].dtype == bool
    assert isinstance(frame["stage"].dtype, pd.CategoricalDtype)
    assert frame["period_start"].dtype.kind == "M"
    assert (str(frame["ccode"].dtype), str(frame["month"].dtype)) == ("Int64", "Int64")
    assert frame["year"].dtype.kind == "i"


@pytest.mark.parametrize("kind", ["panel", "dyads"])
def test_frames_flag_the_rows_after_the_cutoff(kind: str) -> None:
    cutoff = aa.dataset().cutoff
    frame = aa.to_frame(kind, start=cutoff.year - 1, end=cutoff.year + 1)
    assert frame["after_cutoff"].dtype == bool
    last = frame["period_end" if kind == "panel" else "date"].dt.date
    assert list(frame["after_cutoff"]) == list(last > cutoff)
    assert frame["after_cutoff"].any()
    assert not frame["after_cutoff"].all()


def test_panel_frame_merges_with_country_year_data_on_ccode_and_year() -> None:
    panel = aa.to_frame("panel", start=2020, end=2021, candidates=True)
    other = pd.DataFrame({"ccode": pd.array([696, 600], dtype="Int64"), "year": [2021, 2021]})
    merged = other.merge(panel, on=["ccode", "year"], how="left", validate="one_to_one")
    assert list(merged["party"]) == ["AE", "MA"]
    assert list(merged["signed"]) == [True, True]


def test_dyads_frame_matches_the_rows() -> None:
    frame = aa.to_frame("dyads", start="2021-01-01", end="2022-12-31")
    rows = aa.dyads("2021-01-01", "2022-12-31")
    assert list(frame.columns) == list(rows[0]._fields)
    assert len(frame) == len(rows)
    assert isinstance(frame["representation"].dtype, pd.CategoricalDtype)
    assert str(frame["ccode2"].dtype) == "Int64"
    assert list(frame["representation"].cat.categories) == list(aa.LEVELS)
    assert str(frame["date"].dtype).startswith("datetime64")
    first = frame.iloc[0]
    assert (first["party1"], first["party2"], first["year"]) == (
        rows[0].party1,
        rows[0].party2,
        rows[0].year,
    )
    with pytest.raises(aa.InvalidArgumentError, match="valid options are start, end, freq, rule"):
        aa.to_frame("dyads", start="2021-01-01", end="2021-12-31", stage="signed")


def test_frame_errors() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="valid kinds are events"):
        aa.to_frame("people")
    with pytest.raises(aa.InvalidArgumentError, match="only 'panel' and 'dyads'"):
        aa.to_frame("events", start="2020-01-01")
    with pytest.raises(aa.ArgumentTypeError):
        aa.to_frame(1)  # type: ignore[arg-type]  # wrong on purpose


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(aa.MissingDependencyError, match=r"abraham-accords\[pandas\]") as caught:
        aa.to_frame("events")
    assert isinstance(caught.value, ImportError)


def test_the_core_never_imports_pandas() -> None:
    code = (
        "import sys, abraham_accords as aa; aa.members_as_of('2021-01-01'); "
        "aa.panel('2020-01-01', '2020-12-31'); print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_events_frame_has_the_day_the_rules_count_from() -> None:
    frame = aa.to_frame("events")
    assert str(frame["certain_by"].dtype).startswith("datetime64")
    by_id = frame.set_index("id")["certain_by"]
    for event in aa.events():
        assert by_id[event.id].date() == event.certain_by


@pytest.mark.usefixtures("nothing_built")
@pytest.mark.parametrize(("kind", "table"), [("panel", "panel"), ("dyads", "dyad table")])
def test_an_oversized_frame_is_refused_before_anything_is_built(kind: str, table: str) -> None:
    with pytest.raises(aa.InvalidArgumentError, match=f"^{table} would have .* rows"):
        aa.to_frame(kind, start="0001-01-01", end="9999-12-31", freq="day")


def test_panel_frame_options_are_checked() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="needs start and end"):
        aa.to_frame("panel")
    with pytest.raises(aa.InvalidArgumentError, match="unknown option"):
        aa.to_frame("panel", start="2020-01-01", end="2021-01-01", bogus=1)
    with pytest.raises(aa.ArgumentTypeError, match="dataset must be a Dataset"):
        aa.to_frame("events", dataset="2026.11.27")  # type: ignore[arg-type]  # on purpose
    with pytest.raises(aa.InvalidDateError):
        aa.members_as_of(pd.NaT)  # type: ignore[arg-type]  # wrong on purpose


def test_list_and_mapping_fields_stay_tuples_and_dicts_and_urls_become_text() -> None:
    events = aa.to_frame("events").set_index("id")
    for event in aa.events():
        assert events.loc[event.id, "sources"] == event.sources
    parties = aa.to_frame("parties").set_index("code")
    for party in aa.parties():
        assert parties.loc[party.code, "aliases"] == party.aliases
        assert parties.loc[party.code, "names"] == dict(party.names)
    instruments = aa.to_frame("instruments").set_index("id")
    for instrument in aa.instruments():
        url = instruments.loc[instrument.id, "text_url"]
        if instrument.text_url is None:
            assert pd.isna(url)
        else:
            assert url == str(instrument.text_url)


def test_frame_error_messages_are_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(aa.InvalidArgumentError) as unknown_kind:
        aa.to_frame("people")
    assert str(unknown_kind.value) == (
        "unknown frame kind 'people'; valid kinds are events, parties, sources, instruments, "
        "panel, dyads, provisions"
    )
    with pytest.raises(aa.InvalidArgumentError) as unknown_options:
        aa.to_frame("panel", start=2020, end=2021, zz=1, bogus=2)
    assert str(unknown_options.value) == (
        "to_frame('panel') got unknown option(s) 'bogus', 'zz'; valid options are start, end, "
        "freq, stage, rule, candidates"
    )
    with pytest.raises(aa.ArgumentTypeError) as not_a_dataset:
        aa.to_frame("events", dataset="2026.11.27")  # type: ignore[arg-type]  # on purpose
    assert str(not_a_dataset.value) == "dataset must be a Dataset, not str"
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(aa.MissingDependencyError) as no_pandas:
        aa.to_frame("events")
    assert str(no_pandas.value) == "to_frame needs pandas: pip install 'abraham-accords[pandas]'"
