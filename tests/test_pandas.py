"""to_frame: dtypes, and a clear error without pandas."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import abraham_accords as aa
import factories


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


def test_memberships_frame_is_the_rows_as_text() -> None:
    frame = aa.to_frame("memberships")
    rows = aa.memberships()
    assert list(frame.columns) == list(aa.MembershipRow.model_fields)
    assert {str(dtype) for dtype in frame.dtypes} == {"string"}  # even all-empty columns
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == [
        row.model_dump() for row in rows
    ]
    with pytest.raises(aa.InvalidArgumentError, match="takes no options"):
        aa.to_frame("memberships", start=2020)


def test_memberships_frame_without_an_instrument_has_its_columns() -> None:
    ds = factories.build([factories.event("AE", "announced", "2020-08-13")], instruments=())
    frame = aa.to_frame("memberships", dataset=ds)
    assert frame.empty
    assert list(frame.columns) == list(aa.MembershipRow.model_fields)
    assert {str(dtype) for dtype in frame.dtypes} == {"string"}


def test_dyads_frame_says_how_each_value_was_reached_in_categories_and_dates() -> None:
    frame = aa.to_frame("dyads", start=2020, end=2024)
    rows = aa.dyads(2020, 2024)
    names = ("representation", "mission", "relations", "flights", "frozen")
    for name in names:
        basis, since = frame[f"{name}_basis"], frame[f"{name}_since"]
        assert isinstance(basis.dtype, pd.CategoricalDtype), name
        assert list(basis.cat.categories) == list(aa.BASES)
        assert since.dtype.kind == "M", name
        assert list(basis) == [getattr(r, f"{name}_basis") for r in rows]
        dates = [None if pd.isna(d) else d.date() for d in since]  # a default: NaT
        assert dates == [getattr(r, f"{name}_since") for r in rows]
    assert set(frame["representation_basis"]) == set(aa.BASES)
    kept = frame[frame["representation_basis"] != "assumed"]  # as docs/dyads.md says
    assert "charge_d_affaires" not in set(kept["representation"])


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
        "provisions, panel, dyads, memberships, implementation"
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


def test_every_integer_field_is_an_integer_column() -> None:
    events = aa.to_frame("events")
    assert str(events["sequence"].dtype) == "Int64"  # nullable: most events have none
    ordered = [event.sequence for event in aa.events() if event.sequence is not None]
    assert sorted(events["sequence"].dropna()) == sorted(ordered)
    assert str(aa.to_frame("parties")["ccode"].dtype) == "Int64"


@pytest.mark.parametrize("kind", ["instruments", "panel", "dyads"])
def test_a_frame_without_rows_has_its_columns_and_dtypes(kind: str) -> None:
    ds = factories.build([factories.event("US", "statement", "2021-01-01")])  # no Israel
    options: dict[str, object] = {"start": 2030, "end": 2030} if kind != "instruments" else {}
    frame = aa.to_frame(kind, ds, **options)
    full = aa.to_frame(kind, None, **({"start": 2021, "end": 2021} if options else {}))
    assert len(frame) == 0
    assert list(frame.columns) == list(full.columns)
    for name in frame.columns:  # text, lists and mappings as objects, never as floats
        assert frame[name].dtype.kind == full[name].dtype.kind, name
        categorical = isinstance(full[name].dtype, pd.CategoricalDtype)
        assert isinstance(frame[name].dtype, pd.CategoricalDtype) == categorical, name


def test_a_frame_notes_what_it_holds() -> None:
    frame = aa.to_frame("dyads", start=2021, end=2021)
    assert frame.attrs["abraham_accords"] == {
        "kind": "dyads",
        "data_version": aa.DATA_VERSION,
        "package_version": aa.__version__,
        "cutoff": aa.dataset().cutoff.isoformat(),
    }
    assert frame[frame["party1"] == "IL"].attrs == frame.attrs  # pandas keeps it
