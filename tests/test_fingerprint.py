"""Which release a data directory holds, as the publishing build hook asks it."""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

import abraham_accords as aa
from abraham_accords import _fingerprint, _releases, _storage
from abraham_accords._fingerprint import unreleased_reason

INDEX = Path(str(resources.files("abraham_accords").joinpath("releases").joinpath("index.json")))


@pytest.fixture
def release_dir(tmp_path: Path) -> Path:
    """The data files of the newest release (made in today's form), and nothing else."""
    newest = aa.available_versions()[-1]
    folder = tmp_path / "data"
    folder.mkdir()
    for name, data in _storage.data_files(_releases._document(newest)).items():
        (folder / name).write_bytes(data)
    return folder


def _problem(caught: pytest.ExceptionInfo[aa.DataIntegrityError]) -> aa.Problem:
    (problem,) = caught.value.problems
    return problem


def test_a_release_is_released_and_a_change_says_what_to_do(release_dir: Path) -> None:
    assert unreleased_reason(release_dir, INDEX) is None
    newest = aa.available_versions()[-1]
    events = release_dir / "events.json"
    events.write_bytes(events.read_bytes().replace(b"\n]", b"\n ]"))
    assert unreleased_reason(release_dir, INDEX) == (
        f"the data in {release_dir} differs from release {newest} (it reports {newest}+dev); "
        "make a dataset release first (python scripts/release_data.py --cutoff YYYY-MM-DD)"
    )


NO_VERSION = "must be an object with a text data_version"


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (b"[]", NO_VERSION),
        (b'{"data_version": 2026}', NO_VERSION),
        (b'{"version": "2026.11.27"}', NO_VERSION),
        (
            b"{",
            (
                "is not valid JSON: Expecting property name enclosed in double quotes: "
                "line 1 column 2 (char 1)"
            ),
        ),
    ],
    ids=["an array", "a number", "no data_version", "not JSON"],
)
def test_metadata_without_a_text_version_is_named(
    release_dir: Path, metadata: bytes, message: str
) -> None:
    (release_dir / "metadata.json").write_bytes(metadata)
    with pytest.raises(aa.DataIntegrityError) as caught:
        unreleased_reason(release_dir, INDEX)
    assert _problem(caught) == aa.Problem("metadata.json", "(file)", message)


def test_a_missing_file_or_index_is_named(release_dir: Path) -> None:
    with pytest.raises(aa.DataIntegrityError) as caught:
        unreleased_reason(release_dir, release_dir / "index.json")
    assert _problem(caught) == aa.Problem(
        "releases/index.json", "(file)", "cannot be read: No such file or directory"
    )
    (release_dir / "sources.json").unlink()
    with pytest.raises(aa.DataIntegrityError) as caught:
        unreleased_reason(release_dir, INDEX)
    assert _problem(caught) == aa.Problem(
        "sources.json", "(file)", "cannot be read: No such file or directory"
    )


_FIELDS = "must have exactly the fields version, released, sha256, data_sha256"
_GOOD = {
    "version": "2026.11.27",
    "released": "2026-11-27",
    "sha256": "a" * 64,
    "data_sha256": "b" * 64,
}


@pytest.mark.parametrize(
    ("index", "record", "message"),
    [
        (b"{}", "(file)", "must be a JSON array of releases"),
        (b"[1,", "(file)", "is not valid JSON: Expecting value: line 1 column 4 (char 3)"),
        ([_GOOD, 5], "#1", _FIELDS),
        ([{k: v for k, v in _GOOD.items() if k != "sha256"}], "#0", _FIELDS),
        ([{**_GOOD, "note": "x"}], "#0", _FIELDS),
        (
            [_GOOD, {**_GOOD, "version": "2026-11-27"}],
            "#1",
            "version must be a dataset version (YYYY.MM.DD or YYYY.MM.DD.N), not '2026-11-27'",
        ),
        (
            [{**_GOOD, "released": 20261127}],
            "#0",
            "released must be a date (YYYY-MM-DD), not '20261127'",
        ),
        (
            [{**_GOOD, "sha256": "A" * 100}],
            "#0",
            f"sha256 must be a SHA-256 in lower-case hex, not {'A' * 80!r}",
        ),
    ],
    ids=[
        "not an array",
        "not JSON",
        "not an object",
        "a field missing",
        "a field more",
        "bad version",
        "not text",
        "long value",
    ],
)
def test_each_index_problem_names_the_entry(
    index: bytes | list[object], record: str, message: str
) -> None:
    data = index if isinstance(index, bytes) else json.dumps(index).encode()
    with pytest.raises(aa.DataIntegrityError) as caught:
        _fingerprint.index_entries(data)
    assert _problem(caught) == aa.Problem("releases/index.json", record, message)


def test_the_bundled_index_is_named_when_it_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "releases").mkdir()
    monkeypatch.setattr(resources, "files", lambda _: tmp_path)  # as _fingerprint finds it
    with pytest.raises(aa.DataIntegrityError) as caught:
        _fingerprint.released_fingerprints()
    assert _problem(caught) == aa.Problem(
        "releases/index.json", "(file)", "cannot be read: No such file or directory"
    )


def _by_path() -> ModuleType:
    """The module loaded by path, outside the package, as the build hook loads it."""
    spec = importlib.util.spec_from_file_location("standalone_fingerprint", _fingerprint.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loaded_by_path_it_needs_no_package_and_raises_value_errors(release_dir: Path) -> None:
    module = _by_path()
    assert module.unreleased_reason(release_dir, INDEX) is None
    with pytest.raises(ValueError, match=r"^releases/index\.json: #0: must have exactly") as caught:
        module.index_entries(b"[5]")
    assert not isinstance(caught.value, aa.AbrahamAccordsError)
    (release_dir / "metadata.json").write_bytes(b"[]")
    with pytest.raises(ValueError, match=rf"^metadata\.json: \(file\): {NO_VERSION}$"):
        module.unreleased_reason(release_dir, INDEX)


def test_without_the_package_errors_are_value_errors_naming_file_and_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "abraham_accords._errors", None)  # cannot be imported
    with pytest.raises(ValueError, match=r"^releases/index\.json: \(file\): must be a JSON array"):
        _fingerprint.index_entries(b"{}")
