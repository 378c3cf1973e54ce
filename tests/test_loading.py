"""Reading data directories: good, corrupt and concurrent."""

from __future__ import annotations

import copy
import json
import pickle
import shutil
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

import abraham_accords as aa
from abraham_accords import _loading
from abraham_accords._fingerprint import DATA_FILES, OPTIONAL_FILES, data_contents, fingerprint
from abraham_accords._integrity import FILES
from abraham_accords._models import AliasSources, Event
from abraham_accords._tables import OPTIONAL

DATA = resources.files("abraham_accords").joinpath("data")


def edit(path: Path, change: Any) -> None:
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_copy_of_bundled_data_loads(data_dir: Path) -> None:
    ds = _loading.read_dataset(data_dir)
    assert ds == aa.dataset()


@pytest.mark.parametrize(
    "name", sorted(name for kind, name in FILES.items() if kind not in OPTIONAL)
)
def test_missing_file_is_named(data_dir: Path, name: str) -> None:
    (data_dir / name).unlink()
    with pytest.raises(aa.DataIntegrityError, match=f"{name}: \\(file\\): cannot be read"):
        _loading.read_dataset(data_dir)


@pytest.mark.parametrize("name", sorted(FILES.values()))
def test_truncated_file_is_named(data_dir: Path, name: str) -> None:
    path = data_dir / name
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(aa.DataIntegrityError, match=f"{name}: \\(file\\): is not valid JSON"):
        _loading.read_dataset(data_dir)


def test_every_problem_is_reported_with_its_record(data_dir: Path) -> None:
    def break_events(events: list[dict[str, Any]]) -> None:
        events[0]["date"] = "2020-02-30"
        events[1]["kind"] = "joined"
        events[2]["sources"] = ["no-such-source"]

    edit(data_dir / "events.json", break_events)
    first = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    with pytest.raises(aa.DataIntegrityError) as caught:
        _loading.read_dataset(data_dir)
    problems = caught.value.problems
    assert [p.record for p in problems] == [first[0]["id"], first[1]["id"]]
    assert all(p.file == "events.json" for p in problems)
    # Reference problems surface once the records themselves are valid.
    edit(data_dir / "events.json", lambda ev: ev.__setitem__(0, {**ev[0], "date": "2020-09-15"}))
    edit(data_dir / "events.json", lambda ev: ev.__setitem__(1, {**ev[1], "kind": "statement"}))
    with pytest.raises(aa.DataIntegrityError, match="unknown source 'no-such-source'") as caught:
        _loading.read_dataset(data_dir)
    assert caught.value.problems[0].record == first[2]["id"]


def test_unused_source_and_dangling_party_are_reported(data_dir: Path) -> None:
    edit(
        data_dir / "sources.json",
        lambda s: s.append({**s[0], "id": "zz-unused"}),
    )
    edit(data_dir / "events.json", lambda ev: ev[0].__setitem__("party", "FR"))
    with pytest.raises(aa.DataIntegrityError) as caught:
        _loading.read_dataset(data_dir)
    text = str(caught.value)
    cited_by_none = "source is cited by no event, instrument, provision or alias"
    assert f"sources.json: zz-unused: {cited_by_none}" in text
    assert "unknown party 'FR'" in text


def test_a_failed_load_is_not_cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_loading, "_CACHE", {})

    monkeypatch.setattr(_loading, "_data_root", lambda: tmp_path / "missing")
    with pytest.raises(aa.DataIntegrityError):
        _loading.bundled_dataset()
    assert _loading._CACHE == {}


def test_first_load_from_many_threads_yields_one_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_loading, "_CACHE", {})
    barrier = threading.Barrier(32)
    results: list[object] = []
    errors: list[BaseException] = []
    calls: list[int] = []
    real_read = _loading.read_dataset

    def slow_read(root: Any) -> aa.Dataset:
        calls.append(1)
        time.sleep(0.05)  # widen the window in which a second thread could start a read
        return real_read(root)

    monkeypatch.setattr(_loading, "read_dataset", slow_read)

    def load() -> None:
        try:
            barrier.wait()
            results.append(_loading.bundled_dataset())
        except BaseException as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 32
    assert len({id(r) for r in results}) == 1
    assert len(calls) == 1, "the data was read more than once"


def test_data_dir_copy_is_independent(data_dir: Path, tmp_path: Path) -> None:
    shutil.rmtree(data_dir)
    with pytest.raises(aa.DataIntegrityError, match="cannot be read"):
        _loading.read_dataset(tmp_path / "data")


def test_the_fingerprint_covers_exactly_the_data_files() -> None:
    # _fingerprint stays free of pydantic for the build hook, so it names the files itself;
    # this keeps its list and the record tables' one and the same.
    assert tuple(FILES.values()) == DATA_FILES + OPTIONAL_FILES
    assert {FILES[kind] for kind in OPTIONAL} == set(OPTIONAL_FILES)


def checked_copy(ds: aa.Dataset) -> aa.Dataset:
    """The same records, validated one by one and checked as a whole.

    Marked unreleased, so that working data with facts after the cut-off passes too.
    """
    metadata = {**ds.metadata.model_dump(), "data_version": ds.data_version + "+dev"}
    return aa.Dataset(
        type(ds.metadata).model_validate(metadata),
        [type(p).model_validate(p.model_dump()) for p in ds.party_records],
        ds.instrument_records,
        ds.event_records,
        ds.source_records,
        provisions=ds.provision_records,
    )


def as_release(root: Any) -> list[tuple[str, str]]:
    """A release list in which the data in *root* is a release (working data may not be)."""
    contents = data_contents(root)
    version = json.loads(contents["metadata.json"])["data_version"]
    return [(version, fingerprint(contents))]


def released_copy() -> aa.Dataset:
    """The bundled data read afresh as a release: the trusted, lazy path."""
    ds = _loading.read_dataset(DATA, releases=as_release(DATA))
    assert not ds.data_version.endswith("+dev")
    return ds


def test_a_released_partys_alias_sources_are_read_only_as_a_checked_ones() -> None:
    # A release's parties are built unvalidated: their alias sources must still be the
    # read-only mapping of tuples, or the party would not hash (a list cannot).
    released = released_copy().get_party("AE")
    checked = _loading.read_dataset(DATA, releases=[]).get_party("AE")
    assert isinstance(released.alias_sources, AliasSources)
    assert released.alias_sources == checked.alias_sources
    assert released.alias_sources["EAU"] == checked.alias_sources["EAU"]
    assert hash(released) == hash(checked)


def test_release_data_answers_membership_without_building_events() -> None:
    ds = released_copy()
    assert ds._built is None  # nothing but parties and stage facts so far
    ds.members_as_of("2021-01-01")
    ds.is_member("MA", "2021-01-01")
    ds.join_date("SD", stage="signed")
    assert ds._built is None
    ds.events(party="SD")
    assert ds._built is not None


def test_release_data_read_trusted_equals_the_checked_records() -> None:
    fresh = released_copy()
    checked = checked_copy(fresh)
    assert fresh.metadata.model_dump() == {
        **checked.metadata.model_dump(),
        "data_version": fresh.data_version,
    }
    assert fresh.party_records == checked.party_records
    for party in fresh.parties():
        assert fresh.stage_spans(party) == checked.stage_spans(party), party.code
    assert fresh.event_records == checked.event_records
    assert fresh.source_records == checked.source_records
    assert fresh.instrument_records == checked.instrument_records


def test_release_stage_facts_follow_precision_and_sequence(tmp_path: Path) -> None:
    # A month-precision withdrawal and a same-day, sequenced re-accession, read trusted.
    data = tmp_path / "data"
    shutil.copytree(Path(str(DATA)), data)

    def change(events: list[dict[str, Any]]) -> None:
        events.append(
            {
                "id": "ma-2025-03-01-withdrawn",
                "party": "MA",
                "kind": "withdrawn",
                "date": "2025-03-01",
                "precision": "month",
                "summary": "A made-up withdrawal.",
                "sources": [events[0]["sources"][0]],
                "sequence": 1,
            }
        )
        events.append(
            {
                "id": "ma-2025-03-31-announced",
                "party": "MA",
                "kind": "announced",
                "date": "2025-03-31",
                "summary": "A made-up re-accession.",
                "sources": [events[0]["sources"][0]],
                "sequence": 2,
            }
        )
        events.sort(key=lambda e: e["id"])

    edit(data / "events.json", change)
    trusted = _loading.read_dataset(data, releases=as_release(data))
    checked = _loading.read_dataset(data, releases=[])
    models = rebuilt(checked)
    assert trusted._built is None
    assert models._built is not None
    assert trusted.stage_spans("MA") == checked.stage_spans("MA") == models.stage_spans("MA")
    spans = trusted.stage_spans("MA")["announced"]
    assert spans[-1].start.isoformat() == "2025-03-31"
    assert spans[-2].end is not None
    assert spans[-2].end.isoformat() == "2025-03-31"


def rebuilt(ds: aa.Dataset) -> aa.Dataset:
    """The same records made into a Dataset by its constructor, from models."""
    return aa.Dataset(
        ds.metadata,
        ds.party_records,
        ds.instrument_records,
        ds.event_records,
        ds.source_records,
        provisions=ds.provision_records,
    )


def test_working_data_is_checked_in_full_but_builds_event_models_on_first_need() -> None:
    ds = _loading.read_dataset(DATA, releases=[])
    assert ds._built is None
    assert ds.data_version.endswith("+dev")
    validated = TypeAdapter(tuple[Event, ...]).validate_json(
        DATA.joinpath("events.json").read_bytes()
    )
    built = ds.event_records
    assert built == tuple(sorted(validated, key=lambda e: e.id))
    assert [e.model_fields_set for e in built] == [
        e.model_fields_set for e in sorted(validated, key=lambda e: e.id)
    ]
    models = rebuilt(ds)
    for party in ds.parties(role="party"):
        assert ds.stage_spans(party.code) == models.stage_spans(party.code)


def test_the_event_rules_the_loader_repeats_are_all_the_model_has() -> None:
    # Working data is validated as dicts by Event's fields plus event_rule_error; a new
    # validator on Event would be skipped there, so it must be added to both.
    decorators = Event.__pydantic_decorators__
    assert list(decorators.model_validators) == ["_check_event"]
    assert not decorators.field_validators
    assert not decorators.validators
    assert not decorators.root_validators


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"precision": "month"}, "a month-precision date must be the first of its month"),
        ({"kind": "signed"}, "a 'signed' event must name the instrument signed"),
        ({"counterpart": "MA"}, "counterpart must differ from party"),
        ({"summary": " padded"}, "must not start or end with whitespace"),
        ({"extra": 1}, "Extra inputs are not permitted"),
        # Read leniently, "1" would pass as 1; the model reads strictly, and so must the rows.
        ({"sequence": "1"}, "sequence: Input should be a valid integer"),
        ({"summary": None}, "summary: Field required"),  # None: the field is left out
    ],
)
def test_working_data_with_an_invalid_event_reports_what_the_model_reports(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path(str(DATA)), data)

    def spoil(events: list[dict[str, Any]]) -> None:
        target = next(e for e in events if e["party"] == "MA" and e["date"][-2:] != "01")
        target.update(change)
        for name in [name for name, value in change.items() if value is None]:
            del target[name]
        if change.get("kind") == "signed":
            target.pop("instrument", None)

    edit(data / "events.json", spoil)
    with pytest.raises(aa.DataIntegrityError) as raised:
        _loading.read_dataset(data, releases=[])
    assert [p.file for p in raised.value.problems] == ["events.json"]
    assert message in raised.value.problems[0].message


def test_release_records_are_built_once_under_many_threads() -> None:
    ds = released_copy()
    pending = ds._pending
    assert pending is not None
    calls: list[int] = []

    def slow_rest() -> Any:
        calls.append(1)
        time.sleep(0.05)  # widen the window in which a second thread could build too
        return pending()

    object.__setattr__(ds, "_pending", slow_rest)
    barrier = threading.Barrier(16)
    seen: list[int] = []

    def query() -> None:
        barrier.wait()
        seen.append(id(ds.event_records))

    threads = [threading.Thread(target=query) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(set(seen)) == 1
    assert len(seen) == 16


@pytest.mark.parametrize("version", [["2026.11.29"], {"v": 1}, 7])
def test_a_version_that_is_not_text_is_a_problem_not_a_crash(
    data_dir: Path, version: object
) -> None:
    edit(data_dir / "metadata.json", lambda metadata: metadata.update(data_version=version))
    with pytest.raises(aa.DataIntegrityError, match="data_version"):
        _loading.read_dataset(data_dir)


def test_release_parties_names_are_read_only_like_validated_ones() -> None:
    trusted = _loading.read_dataset(DATA, releases=as_release(DATA))
    checked = _loading.read_dataset(DATA, releases=[])
    assert trusted.party_records == checked.party_records
    for ds in (trusted, checked):
        morocco = ds.get_party("MA")
        with pytest.raises(TypeError):
            morocco.names["fr"] = "Marruecos"  # type: ignore[index]  # read-only on purpose
        # Records cross process boundaries (multiprocessing, joblib) and get deep-copied.
        assert pickle.loads(pickle.dumps(morocco)) == morocco  # noqa: S301  (our own bytes)
        assert copy.deepcopy(morocco) == morocco
        assert hash(copy.deepcopy(morocco)) == hash(morocco)


def test_the_bundled_parties_are_read_on_their_own_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(str(resources.files("abraham_accords").joinpath("data")), tmp_path / "data")
    monkeypatch.setattr(_loading, "_data_root", lambda: tmp_path / "data")
    assert _loading.bundled_parties() == aa.load().party_records
    parties = tmp_path / "data" / "parties.json"
    records = json.loads(parties.read_text(encoding="utf-8"))
    # ISO codes are not looked up (loading the dataset does): an alpha-3 pycountry refuses
    records[0]["alpha3"] = "ZZZ"
    parties.write_text(json.dumps(records), encoding="utf-8")
    assert _loading.bundled_parties()[0].alpha3 == "ZZZ"
    records[0]["ccode"] = 0
    parties.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(aa.DataIntegrityError) as caught:
        _loading.bundled_parties()
    assert [(p.file, p.record) for p in caught.value.problems] == [
        ("parties.json", records[0]["code"])
    ]
    parties.unlink()
    with pytest.raises(aa.DataIntegrityError, match=r"parties\.json"):
        _loading.bundled_parties()


def test_working_events_the_quick_check_refuses_are_read_by_the_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Should the check of events as plain rows ever refuse what the Event model accepts,
    # the models decide: the dataset is the same, its events built at once.
    expected = _loading.read_dataset(DATA, releases=[])
    monkeypatch.setattr(_loading, "_event_rows", lambda _data: None)
    ds = _loading.read_dataset(DATA, releases=[])
    assert ds._built is not None
    assert ds == expected
    assert ds.data_version == expected.data_version
    assert ds.party_records == expected.party_records
    assert ds.instrument_records == expected.instrument_records
    assert ds.source_records == expected.source_records


def test_release_data_is_trusted_and_the_same_files_unreleased_are_checked(
    data_dir: Path,
) -> None:
    # A party whose alpha-3 code pycountry would refuse: taken as it is from a release
    # (its files were checked when it was made), refused from unreleased data.
    def spoil(parties: list[dict[str, Any]]) -> None:
        emirates = next(p for p in parties if p["code"] == "AE")
        emirates["alpha3"] = "ARF"
        del emirates["aliases"], emirates["alias_sources"]  # optional: a party may have none

    edit(data_dir / "parties.json", spoil)
    released = _loading.read_dataset(data_dir, releases=as_release(data_dir))
    assert released.get_party("AE").alpha3 == "ARF"
    assert released.get_party("AE").aliases == ()
    assert released.get_party("AE").alias_sources == {}
    version = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))["data_version"]
    assert released.data_version == version
    with pytest.raises(aa.DataIntegrityError) as raised:
        _loading.read_dataset(data_dir, releases=[])
    assert [str(p) for p in raised.value.problems] == [
        "parties.json: AE: record: Value error, alpha3 of AE must be 'ARE', got 'ARF'"
    ]


def test_release_records_that_fail_todays_models_are_reported_when_first_needed(
    data_dir: Path,
) -> None:
    # A later version of the package may check more than the one that made a release:
    # its records are validated when a query first needs them, and a failure is reported.
    spoilt: dict[str, str] = {}
    for name, field in (("instruments", "title"), ("events", "summary"), ("sources", "title")):

        def spoil(records: list[dict[str, Any]], field: str = field) -> None:
            records[0][field] = " " + records[0][field]

        edit(data_dir / f"{name}.json", spoil)
        spoilt[name] = json.loads((data_dir / f"{name}.json").read_text(encoding="utf-8"))[0]["id"]
    ds = _loading.read_dataset(data_dir, releases=as_release(data_dir))
    assert ds.members_as_of("2021-01-01")  # membership needs no record models
    with pytest.raises(aa.DataIntegrityError) as raised:
        ds.events()
    padded = "Value error, must not start or end with whitespace"
    assert [str(p) for p in raised.value.problems] == [
        f"instruments.json: {spoilt['instruments']}: title: {padded}",
        f"events.json: {spoilt['events']}: summary: {padded}",
        f"sources.json: {spoilt['sources']}: title: {padded}",
    ]
