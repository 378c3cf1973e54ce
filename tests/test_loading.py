"""Reading data directories: good, corrupt and concurrent."""

from __future__ import annotations

import json
import shutil
import threading
import time
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import abraham_accords as aa
from abraham_accords import _loading
from abraham_accords._fingerprint import DATA_FILES
from abraham_accords._integrity import FILES

DATA = resources.files("abraham_accords").joinpath("data")


def edit(path: Path, change: Any) -> None:
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_copy_of_bundled_data_loads(data_dir: Path) -> None:
    ds = _loading.read_dataset(data_dir)
    assert ds == aa.dataset()


@pytest.mark.parametrize("name", sorted(FILES.values()))
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
    assert "sources.json: zz-unused: source is cited by no event or instrument" in text
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
    assert tuple(FILES.values()) == DATA_FILES
