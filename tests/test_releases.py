"""Released dataset versions: immutable, loadable, diffable and citable."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords import _cite, _releases, _storage
from abraham_accords._diff import TableDiff
from abraham_accords._fingerprint import data_contents, fingerprint
from abraham_accords._loading import read_dataset
from abraham_accords._tables import FILES
from repository import copy_repository, run_python

# The releases made before storage moved to deltas, with the SHA-256 of each snapshot: their
# content must never change, whatever the storage. Later releases are checked by the index.
FIRST_RELEASES = {
    "2026.11.27": "a937563be895a4261d7fb96cc05acb83bf6bc2d1f9211ac5d71b9a535136076d",
    "2026.11.27.1": "0d588af529835db8bea03e1066e003854e543f5f6df72ca7804f3e908acc2bec",
    "2026.11.27.2": "f81a60848bca225fed46365ea36487464d0cf871bfaa5219321b69590d47dc61",
}

ROOT = Path(__file__).parents[1]
TODAY = dt.date.today()  # noqa: DTZ011  (a calendar date)
RELEASES = resources.files("abraham_accords").joinpath("releases")


def rebuilt(version: str) -> bytes:
    """The snapshot bytes of *version*, rebuilt from the stored chain of deltas."""
    return _storage.snapshot_text(_releases._document(version))


def test_the_index_keeps_the_first_releases_and_grows_in_order() -> None:
    index = _releases.releases()
    assert {r.version: r.sha256 for r in index[: len(FIRST_RELEASES)]} == FIRST_RELEASES
    versions = [r.version for r in index]
    assert versions == sorted(versions, key=_releases.version_key)
    assert len(set(versions)) == len(versions)
    assert list(aa.available_versions()) == versions
    stored = {entry.name for entry in RELEASES.iterdir()} - {"index.json"}
    assert stored == {_releases.file_name(v) for v in versions}


@pytest.mark.parametrize("release", _releases.releases(), ids=lambda r: r.version)
def test_every_release_rebuilds_to_its_checksum_and_answers(release: _releases.Release) -> None:
    assert hashlib.sha256(rebuilt(release.version)).hexdigest() == release.sha256
    released = aa.load(release.version)
    assert released.data_version == release.version
    assert aa.load(release.version) is released
    members = released.members_as_of(released.cutoff)
    assert {"AE", "BH", "IL", "MA", "SD"} <= {p.code for p in members}


def test_the_bundled_data_is_its_release_or_says_it_is_not() -> None:
    version = aa.DATA_VERSION
    assert aa.dataset().data_version == version
    assert aa.load() is aa.dataset()
    if version.endswith("+dev"):
        base = version.removesuffix("+dev")
        assert base in aa.available_versions()
        assert _releases.snapshot_bytes(aa.dataset()) != rebuilt(base)
    else:
        assert _releases.snapshot_bytes(aa.dataset()) == rebuilt(version)


def test_working_data_that_differs_from_its_release_is_dev(data_dir: Path) -> None:
    released = aa.load(aa.available_versions()[-1])
    files = _storage.data_files(_releases._document(released.data_version))
    for name in {*FILES.values()} - set(files):  # a record type the release predates
        (data_dir / name).unlink()
    for name, data in files.items():
        (data_dir / name).write_bytes(data)
    assert aa.diff(released.data_version, data_dir).new_version == released.data_version
    events = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    events[0]["summary"] = "A corrected summary."
    (data_dir / "events.json").write_text(json.dumps(events), encoding="utf-8")
    change = aa.diff(released.data_version, data_dir)
    assert change.new_version == released.data_version + "+dev"
    assert [r.id for r in change.events.changed] == [events[0]["id"]]
    assert aa.load(released.data_version) is released


def test_dev_data_may_run_past_the_cutoff_but_not_past_today(data_dir: Path) -> None:
    metadata = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))
    cutoff = dt.date(2026, 1, 1)
    metadata["cutoff"] = cutoff.isoformat()
    (data_dir / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    events = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    later = {**events[0], "id": "zz-later", "date": (cutoff + dt.timedelta(days=1)).isoformat()}
    (data_dir / "events.json").write_text(json.dumps([*events, later]), encoding="utf-8")
    ds = read_dataset(data_dir)
    assert ds.data_version.endswith("+dev")
    assert "zz-later" in {e.id for e in ds.events(start=cutoff + dt.timedelta(days=1))}
    future = {**later, "date": (dt.date.today() + dt.timedelta(days=1)).isoformat()}  # noqa: DTZ011
    (data_dir / "events.json").write_text(json.dumps([*events, future]), encoding="utf-8")
    with pytest.raises(aa.DataIntegrityError, match=r"is after today"):
        read_dataset(data_dir)


def test_cite_says_dev_data_is_unreleased(monkeypatch: pytest.MonkeyPatch) -> None:
    base = aa.available_versions()[-1]
    monkeypatch.setattr(_cite, "bundled_version", lambda: base + "+dev")
    assert "unreleased working data based on release " + base in aa.cite()
    assert "(n.d.)" in aa.cite("apa")
    with pytest.raises(aa.UnknownVersionError):
        aa.cite(version="2026.11.27+dev")


def test_a_corrupt_release_file_is_refused_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "releases"
    shutil.copytree(str(RELEASES), copy)
    last = aa.available_versions()[-1]
    target = copy / _releases.file_name(last)
    delta = _storage.decode(target.read_bytes())
    delta["metadata"]["title"] += "!"
    target.write_bytes(_storage.encode(delta))
    monkeypatch.setattr(_releases, "_releases_root", lambda: copy)
    monkeypatch.setattr(_releases, "_LOADED", {})
    monkeypatch.setattr(_releases, "_DOCUMENTS", {})
    with pytest.raises(aa.DataIntegrityError, match=r"SHA-256 is") as caught:
        aa.load(last)
    assert caught.value.problems[0].file == f"releases/{_releases.file_name(last)}"
    assert last not in _releases._LOADED
    assert last not in _releases._DOCUMENTS
    target.write_bytes(b"not gzip")
    with pytest.raises(aa.DataIntegrityError, match=r"is corrupt: is not a gzip"):
        aa.load(last)
    target.unlink()
    with pytest.raises(aa.DataIntegrityError, match=r"cannot be read"):
        aa.load(last)


@pytest.mark.parametrize("loaded", [(), (1,)], ids=["cold", "release-before-loaded"])
def test_a_delta_out_of_its_chain_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loaded: tuple[int, ...]
) -> None:
    copy = tmp_path / "releases"
    shutil.copytree(str(RELEASES), copy)
    first, _, third = aa.available_versions()[:3]
    target = copy / _releases.file_name(third)
    delta = _storage.decode(target.read_bytes())
    target.write_bytes(_storage.encode({**delta, "base": first}))
    monkeypatch.setattr(_releases, "_releases_root", lambda: copy)
    monkeypatch.setattr(_releases, "_LOADED", {})
    monkeypatch.setattr(_releases, "_DOCUMENTS", {})
    for at in loaded:
        aa.load(aa.available_versions()[at])
    with pytest.raises(aa.DataIntegrityError, match=rf"stores '{third}' on '{first}'"):
        aa.load(third)


def test_a_delta_stored_as_if_in_full_fails_its_checksum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "releases"
    shutil.copytree(str(RELEASES), copy)
    second = aa.available_versions()[1]
    target = copy / _releases.file_name(second)
    delta = _storage.decode(target.read_bytes())
    target.write_bytes(_storage.encode({**delta, "base": None}))
    monkeypatch.setattr(_releases, "_releases_root", lambda: copy)
    monkeypatch.setattr(_releases, "_LOADED", {})
    monkeypatch.setattr(_releases, "_DOCUMENTS", {})
    name = f"releases/{_releases.file_name(second)}: \\(file\\): SHA-256 is"
    with pytest.raises(aa.DataIntegrityError, match=name):
        aa.load(second)


def test_data_version_is_in_the_changelog_and_citation() -> None:
    newest = _releases.releases()[-1]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    data_sections = re.findall(r"### Data\n\n(.*?)(?=\n### |\n## |\Z)", changelog, flags=re.DOTALL)
    assert any(f"**{newest.version}**" in section for section in data_sections)
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{newest.version}"' in citation
    assert f'date-released: "{newest.released}"' in citation
    assert "license: CC-BY-4.0" in citation


@pytest.mark.parametrize("version", ["2020.01.01", "latest", "", "2026.11.27 "])
def test_unknown_version(version: str) -> None:
    with pytest.raises(
        aa.UnknownVersionError, match=r"available: 2026\.11\.27, 2026\.11\.27\.1"
    ) as caught:
        aa.load(version)
    assert isinstance(caught.value, LookupError)
    assert caught.value.available == aa.available_versions()


def test_version_of_wrong_type() -> None:
    with pytest.raises(
        aa.ArgumentTypeError, match=r"^version must be a string such as '2026\.11\.27', not int$"
    ):
        aa.load(20261127)  # type: ignore[arg-type]  # wrong on purpose


def test_snapshot_that_is_not_a_dataset() -> None:
    with pytest.raises(aa.DataIntegrityError, match=r"broken\.json"):
        _releases.read_snapshot(b'{"metadata": {}}', name="broken.json")
    with pytest.raises(aa.DataIntegrityError):
        _releases.read_snapshot(b"not json", name="broken.json")


def test_diff_between_datasets_lists_every_change() -> None:
    base = aa.dataset()
    event = base.event_records[0]
    new_source = base.source_records[0].model_copy(update={"id": "zz-new-source"})
    changed_event = event.model_copy(
        update={"summary": "A different summary.", "sources": (*event.sources, new_source.id)}
    )
    edited = base.replace(
        events=(changed_event, *base.event_records[1:]),
        sources=(*base.source_records, new_source),
        metadata=base.metadata.model_copy(
            update={"data_version": "2030.01.01", "cutoff": dt.date.today()}  # noqa: DTZ011
        ),
    )
    change = aa.diff(base, edited)
    assert change.new_version == "2030.01.01"
    assert "data_version" in [c.field for c in change.metadata]
    assert change.events.added == change.events.removed == ()
    assert [r.id for r in change.events.changed] == [event.id]
    summary, sources = change.events.changed[0].changes
    assert (summary.field, summary.old, summary.new) == (
        "summary",
        event.summary,
        "A different summary.",
    )
    assert (sources.field, sources.new) == ("sources", [*event.sources, "zz-new-source"])
    assert change.sources.added == ("zz-new-source",)
    assert change.sources.removed == ()
    assert change.parties.is_empty
    assert not change.is_empty
    assert json.loads(change.model_dump_json())["events"]["changed"][0]["id"] == event.id


def test_diff_argument_errors() -> None:
    with pytest.raises(aa.ArgumentTypeError, match="old must be"):
        aa.diff(1, aa.DATA_VERSION)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.UnknownVersionError):
        aa.diff(aa.DATA_VERSION, "1999.01.01")


def test_diff_refuses_an_empty_side_rather_than_read_the_current_directory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_dir)
    assert aa.diff(aa.DATA_VERSION, ".").is_empty
    for old, new, side in (("", aa.DATA_VERSION, "old"), (aa.DATA_VERSION, "", "new")):
        with pytest.raises(
            aa.InvalidArgumentError,
            match=(
                f"^{side} must not be empty: give a dataset version or a data directory "
                r"\('\.' for the current directory\)$"
            ),
        ):
            aa.diff(old, new)


@pytest.mark.parametrize("style", ["bibtex", "biblatex", "csl-json", "apa"])
def test_cite_names_the_version(style: str) -> None:
    text = aa.cite(style)
    assert aa.DATA_VERSION in text
    assert "CC BY 4.0" in text


def test_biblatex_and_csl_json_citations() -> None:
    released = _releases.releases()[0]
    text = aa.cite("biblatex", version=released.version)
    assert text.startswith("@dataset{abraham_accords_2026_11_27,\n")
    assert f"  date = {{{released.released}}}," in text.splitlines()
    assert "url" not in text.lower()
    assert "doi" not in text.lower()
    (item,) = json.loads(aa.cite("csl-json", version=released.version))
    assert item["type"] == "dataset"
    assert item["version"] == released.version
    assert item["issued"] == {"date-parts": [[2026, 11, 27]]}
    assert not {"URL", "DOI"} & set(item)


def test_cite_errors() -> None:
    with pytest.raises(
        aa.InvalidArgumentError, match=r"valid styles are bibtex, biblatex, csl-json, apa$"
    ):
        aa.cite("mla")
    with pytest.raises(aa.UnknownVersionError):
        aa.cite(version="1999.01.01")
    with pytest.raises(aa.ArgumentTypeError):
        aa.cite(1)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError):
        aa.cite(version=1)  # type: ignore[arg-type]  # wrong on purpose


def copy_of_the_repository(tmp_path: Path) -> Path:
    """What the release script touches: the package, the scripts, changelog and citation."""
    return copy_repository(tmp_path / "repo", ("src", "scripts"), ("CHANGELOG.md", "CITATION.cff"))


def run_script(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_python(repo, "scripts/release_data.py", *args, timeout=120)


def _counts(table: TableDiff) -> str:
    return ", ".join(
        f"{len(ids)} {word}"
        for ids, word in (
            (table.added, "added"),
            (table.changed, "changed"),
            (table.removed, "removed"),
        )
        if ids
    )


def test_release_script_makes_a_release_in_a_copy(tmp_path: Path) -> None:
    repo = copy_of_the_repository(tmp_path)
    package = repo / "src/abraham_accords"
    before = {p.name: p.read_bytes() for p in (package / "releases").iterdir()}
    events = package / "data/events.json"
    records = json.loads(events.read_text(encoding="utf-8"))
    records[0]["summary"] = "A corrected summary."
    events.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    run_script(repo, "--check")  # writes nothing
    assert run_script(repo, "--check").returncode == 1
    today = TODAY.isoformat()
    result = run_script(repo, "--date", "2099-01-01", "--cutoff", today)
    assert result.returncode == 0, result.stderr
    assert "Released dataset 2099.01.01" in result.stdout
    assert run_script(repo, "--check").returncode == 0
    index = json.loads((package / "releases/index.json").read_text(encoding="utf-8"))
    assert index[-1]["version"] == "2099.01.01"
    assert index[-1]["released"] == "2099-01-01"
    metadata = json.loads((package / "data/metadata.json").read_text(encoding="utf-8"))
    assert (metadata["data_version"], metadata["cutoff"]) == ("2099.01.01", today)
    files = data_contents(package / "data")
    assert index[-1]["data_sha256"] == fingerprint(files)
    document = _storage.apply_delta(
        json.loads(
            _storage.snapshot_text(_releases.snapshot_document(aa.load(index[-2]["version"])))
        ),
        _storage.decode((package / "releases/2099.01.01.json.gz").read_bytes()),
    )
    assert hashlib.sha256(_storage.snapshot_text(document)).hexdigest() == index[-1]["sha256"]
    assert document["events"][0]["summary"] == "A corrected summary."
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"- Dataset release **2099.01.01** (cut-off {today})" in changelog
    change = aa.diff(index[-2]["version"], package / "data")
    assert f"events: {_counts(change.events)}" in changelog
    citation = (repo / "CITATION.cff").read_text(encoding="utf-8")
    assert 'version: "2099.01.01"' in citation
    assert 'date-released: "2099-01-01"' in citation
    for name, data in before.items():
        if name != "index.json":
            assert (package / "releases" / name).read_bytes() == data
    again = run_script(repo, "2099.01.01", "--cutoff", today)
    assert again.returncode != 0
    assert "already released" in again.stderr
    second = run_script(repo, "--date", "2099-01-01", "--cutoff", today)
    assert second.returncode == 0, second.stderr
    assert "Released dataset 2099.01.01.1" in second.stdout
    assert "no record changed" in (repo / "CHANGELOG.md").read_text(encoding="utf-8")


def test_release_script_refuses_a_cutoff_before_the_data(tmp_path: Path) -> None:
    repo = copy_of_the_repository(tmp_path)
    metadata = repo / "src/abraham_accords/data/metadata.json"
    kept = metadata.read_bytes()
    result = run_script(repo, "2099.01.01", "--cutoff", "2021-01-01")
    assert result.returncode == 1
    assert "after the cut-off 2021-01-01" in result.stderr
    assert metadata.read_bytes() == kept
    assert not (repo / "src/abraham_accords/releases/2099.01.01.json.gz").exists()
    bad = run_script(repo, "2099.1.1", "--cutoff", "2026-11-29")
    assert bad.returncode != 0
    assert "is not a dataset version" in bad.stderr


def test_release_script_needs_a_cutoff_that_is_not_in_the_future(tmp_path: Path) -> None:
    repo = copy_of_the_repository(tmp_path)
    metadata = repo / "src/abraham_accords/data/metadata.json"
    kept = metadata.read_bytes()
    missing = run_script(repo, "--date", "2099-01-01")
    assert missing.returncode == 2
    assert "--cutoff is required: the day through which the record was checked" in missing.stderr
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    future = run_script(repo, "--date", "2099-01-01", "--cutoff", tomorrow)
    assert future.returncode == 1
    assert f"the cut-off {tomorrow} is after {TODAY}" in future.stderr
    after_the_release = run_script(repo, "--date", "2026-11-30", "--cutoff", "2026-12-01")
    assert after_the_release.returncode == 1
    assert "the cut-off 2026-12-01 is after 2026-11-30" in after_the_release.stderr
    assert metadata.read_bytes() == kept
    assert sorted(p.name for p in (repo / "src/abraham_accords/releases").iterdir()) == sorted(
        p.name for p in (ROOT / "src/abraham_accords/releases").iterdir()
    )


def test_next_version_numbers_a_second_release_the_same_day() -> None:
    spec = importlib.util.spec_from_file_location("release_data", ROOT / "scripts/release_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    day = dt.date(2026, 11, 27)
    assert module.next_version([], day) == "2026.11.27"
    assert module.next_version(["2026.11.27"], day) == "2026.11.27.1"
    assert module.next_version(["2026.11.27", "2026.11.27.1"], day) == "2026.11.27.2"
    assert module.next_version(["2026.11.27.2"], dt.date(2026, 11, 28)) == "2026.11.28"


def test_check_fails_when_a_release_file_is_missing(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("release_data", ROOT / "scripts/release_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    releases = tmp_path / "releases"
    shutil.copytree(ROOT / "src/abraham_accords/releases", releases)
    assert module._unloadable(releases) is None
    newest = aa.available_versions()[-1]
    (releases / _releases.file_name(newest)).unlink()
    reason = module._unloadable(releases)
    assert reason is not None
    assert reason.startswith("a release cannot be loaded: ")


def test_every_release_file_is_tracked_by_git() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an sdist or a copy): nothing can be left uncommitted")
    tracked = subprocess.run(
        ["git", "ls-files", "src/abraham_accords/releases"],  # noqa: S607  (git from PATH)
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    wanted = {
        f"src/abraham_accords/releases/{_releases.file_name(v)}" for v in aa.available_versions()
    }
    assert wanted | {"src/abraham_accords/releases/index.json"} <= set(tracked)


@pytest.fixture
def cold(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No release read yet, as in a new process: the index and every snapshot read anew."""
    monkeypatch.setattr(_releases, "_LOADED", {})
    monkeypatch.setattr(_releases, "_DOCUMENTS", {})
    _releases.releases.cache_clear()
    yield
    _releases.releases.cache_clear()


def _index_entry(version: str) -> dict[str, str]:
    return {
        "version": version,
        "released": "2026-11-27",
        "sha256": "0" * 64,
        "data_sha256": "0" * 64,
    }


@pytest.mark.usefixtures("cold")
def test_releases_are_ordered_by_version_not_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = ["2026.11.27.10", "2026.11.27", "2026.11.27.2", "2025.12.31"]
    index = [_index_entry(v) for v in versions]
    (tmp_path / "index.json").write_text(json.dumps(index), encoding="utf-8")
    monkeypatch.setattr(_releases, "_releases_root", lambda: tmp_path)
    assert aa.available_versions() == ("2025.12.31", "2026.11.27", "2026.11.27.2", "2026.11.27.10")


@pytest.mark.usefixtures("cold")
def test_a_release_loads_from_the_package_files_in_a_new_process() -> None:
    first, second = aa.available_versions()[:2]
    assert aa.load(second).data_version == second
    assert hashlib.sha256(rebuilt(first)).hexdigest() == FIRST_RELEASES[first]


def test_a_checksum_that_differs_is_one_problem_naming_both() -> None:
    data = _releases.snapshot_bytes(aa.load(aa.available_versions()[0]))
    actual = hashlib.sha256(data).hexdigest()
    with pytest.raises(aa.DataIntegrityError) as caught:
        _releases.read_snapshot(data, name="releases/x.json.gz", sha256="0" * 64)
    assert caught.value.problems == (
        aa.Problem(
            "releases/x.json.gz",
            "(file)",
            f"SHA-256 is {actual}, the release index says {'0' * 64}",
        ),
    )


def test_a_checksummed_snapshot_is_trusted_and_any_other_checked_in_full() -> None:
    data = _releases.snapshot_bytes(aa.load(aa.available_versions()[0]))
    wrong = data.replace(b'"alpha3": "ARE"', b'"alpha3": "ARF"', 1)
    assert wrong != data
    with pytest.raises(aa.DataIntegrityError) as caught:
        _releases.read_snapshot(wrong, name="x.json")
    assert caught.value.problems == (
        aa.Problem("x.json", "parties.0", "Value error, alpha3 of AE must be 'ARE', got 'ARF'"),
    )
    # The checksum vouches for it: the ISO lookup is skipped (it keeps pycountry out).
    trusted = _releases.read_snapshot(
        wrong, name="x.json", sha256=hashlib.sha256(wrong).hexdigest()
    )
    assert trusted.get_party("AE").alpha3 == "ARF"


def _chain_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "releases"
    shutil.copytree(str(RELEASES), copy)
    monkeypatch.setattr(_releases, "_releases_root", lambda: copy)
    monkeypatch.setattr(_releases, "_LOADED", {})
    monkeypatch.setattr(_releases, "_DOCUMENTS", {})
    return copy


def test_each_broken_link_of_the_chain_is_one_problem_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _chain_copy(tmp_path, monkeypatch)
    first, second = aa.available_versions()[:2]
    name = _releases.file_name(second)
    target = copy / name
    delta = _storage.decode(target.read_bytes())
    target.write_bytes(_storage.encode({**delta, "base": "2026.01.01"}))
    with pytest.raises(aa.DataIntegrityError) as caught:
        aa.load(second)
    assert caught.value.problems == (
        aa.Problem(f"releases/{name}", "(file)", f"is corrupt: stores '{second}' on '2026.01.01'"),
    )
    target.write_bytes(_storage.encode({**delta, "version": first}))
    with pytest.raises(aa.DataIntegrityError, match=rf"stores '{first}' on '{first}'$"):
        aa.load(second)
    target.unlink()
    with pytest.raises(aa.DataIntegrityError) as caught:
        aa.load(second)
    (problem,) = caught.value.problems
    assert (problem.file, problem.record) == (f"releases/{name}", "(file)")
    assert problem.message.startswith("cannot be read: [Errno 2] No such file or directory")


def test_rebuilding_a_version_that_no_release_has_names_them() -> None:
    with pytest.raises(aa.UnknownVersionError) as caught:
        _releases._document("2026.11.28")
    assert caught.value.version == "2026.11.28"
    assert caught.value.available == aa.available_versions()


def _restarted_history(folder: Path) -> list[str]:
    """Copy the bundled releases, then add three: the middle one stored in full.

    Each new release changes a summary of the one before and cites one new source.
    """
    shutil.copytree(str(RELEASES), folder)
    index = json.loads((folder / _releases.INDEX).read_text(encoding="utf-8"))
    previous = (index[-1]["version"], _releases._document(index[-1]["version"]))
    for number, full in ((1, False), (2, True), (3, False)):
        version = f"2099.01.0{number}"
        document = json.loads(json.dumps(previous[1]))
        document["metadata"]["data_version"] = version
        document["events"][number]["summary"] = f"Changed in {version}."
        added = {**document["sources"][number], "id": f"synthetic-{number}"}
        added["url"] = f"https://example.org/synthetic/{number}"
        document["sources"] = sorted([*document["sources"], added], key=lambda r: r["id"])
        document["events"][number]["sources"].append(added["id"])
        if full:  # a record removed where the chain restarts: the full text lacks it
            document["events"][1]["sources"].remove("synthetic-1")
            document["sources"] = [r for r in document["sources"] if r["id"] != "synthetic-1"]
        delta = _storage.make_delta(version, None if full else previous, document)
        (folder / _releases.file_name(version)).write_bytes(_storage.encode(delta))
        index.append(
            {
                "version": version,
                "released": f"2099-01-0{number}",
                "sha256": hashlib.sha256(_storage.snapshot_text(document)).hexdigest(),
                "data_sha256": fingerprint(_storage.data_files(document)),
            }
        )
        previous = (version, document)
    (folder / _releases.INDEX).write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return [entry["version"] for entry in index]


@pytest.fixture
def restarted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A release history whose chain restarts with a release stored in full, installed."""
    versions = _restarted_history(tmp_path / "releases")
    monkeypatch.setattr(_releases, "_releases_root", lambda: tmp_path / "releases")
    monkeypatch.setattr(_releases, "_LOADED", {})
    monkeypatch.setattr(_releases, "_DOCUMENTS", {})
    _releases.releases.cache_clear()
    yield versions
    _releases.releases.cache_clear()


@pytest.mark.parametrize("order", ["oldest first", "newest first"])
def test_a_chain_restarted_in_full_loads_every_release_to_its_checksum(
    restarted: list[str], order: str
) -> None:
    for version in restarted if order == "oldest first" else reversed(restarted):
        assert aa.load(version).data_version == version  # the checksum was verified
    assert [e.summary for e in aa.load("2099.01.03").event_records[1:4]] == [
        f"Changed in 2099.01.0{n}." for n in (1, 2, 3)
    ]


def test_the_newest_release_reads_its_chain_back_to_the_last_full_text(
    restarted: list[str],
) -> None:
    deltas, read = _releases.chain(_releases._releases_root(), restarted)
    assert [version for version, _ in deltas] == ["2099.01.02", "2099.01.03"]
    folder = _releases._releases_root()
    assert read == sum(len((folder / _releases.file_name(v)).read_bytes()) for v, _ in deltas)
    aa.load("2099.01.02")
    known, _ = _releases.chain(folder, restarted, known={"2099.01.02"})
    assert [version for version, _ in known] == ["2099.01.03"]


def _released_by_loading() -> dict[str, dict[str, tuple[str, str]]]:
    """Every released id with its first release and identity, found by loading each release."""
    seen: dict[str, dict[str, tuple[str, str]]] = {
        "instruments": {},
        "events": {},
        "sources": {},
        "provisions": {},
    }
    for version in aa.available_versions():
        released = aa.load(version)
        for inst in released.instrument_records:
            seen["instruments"].setdefault(inst.id, (version, inst.kind))
        for event in released.event_records:
            seen["events"].setdefault(event.id, (version, f"{event.party}/{event.kind}"))
        for source in released.source_records:
            seen["sources"].setdefault(source.id, (version, str(source.url)))
        for item in released.provision_records:
            seen["provisions"].setdefault(item.id, (version, f"{item.instrument}/{item.article}"))
    return seen


def test_released_ids_read_from_the_stored_records_are_those_of_every_release() -> None:
    assert _releases.released_ids() == _released_by_loading()


@pytest.mark.usefixtures("restarted")
def test_released_ids_keep_their_first_release_across_a_chain_restarted_in_full() -> None:
    released = _releases.released_ids()
    assert released == _released_by_loading()
    assert released["sources"]["synthetic-2"][0] == "2099.01.02"
    assert released["sources"]["synthetic-3"][0] == "2099.01.03"


def test_the_release_script_stores_a_release_by_the_bytes_its_chain_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("release_data", ROOT / "scripts/release_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    versions = _restarted_history(tmp_path / "releases")
    asked: list[object] = []

    def stored_form(*args: object) -> bytes:
        asked.append(args)
        return b"stored"

    monkeypatch.setattr(module, "stored_form", stored_form)
    document = _releases._document(aa.available_versions()[-1])
    module._store(tmp_path / "releases", "2099.01.04", versions, {"before": 1}, document)
    folder = tmp_path / "releases"
    read = sum(len((folder / _releases.file_name(v)).read_bytes()) for v in versions[-2:])
    assert asked == [("2099.01.04", ("2099.01.03", {"before": 1}, read), document)]
    assert (folder / _releases.file_name("2099.01.04")).read_bytes() == b"stored"
    module._store(folder, "2099.01.05", [], None, document)
    assert asked[-1] == ("2099.01.05", None, document)


@pytest.mark.usefixtures("cold")
@pytest.mark.parametrize("version", aa.available_versions())
def test_every_release_carries_the_merge_keys_of_the_bundled_data(version: str) -> None:
    bundled = {party.code: party for party in aa.load().party_records}
    released = aa.load(version)
    for party in released.party_records:
        assert party.ccode == bundled[party.code].ccode, party.code
    rows = released.panel(start=2020, end=2021, freq="year")
    assert all(row.ccode == bundled[row.party].ccode for row in rows)


def test_a_release_keeps_a_merge_key_it_has_and_takes_one_it_lacks() -> None:
    snapshot = aa.load(aa.available_versions()[0]).to_snapshot()
    first, second = snapshot.parties[:2]
    stripped = snapshot.model_copy(
        update={"parties": (first.model_copy(update={"ccode": None}), *snapshot.parties[1:])}
    )
    reference = [
        first.model_copy(update={"ccode": 1}),
        second.model_copy(update={"ccode": 2}),
    ]
    filled = _releases._with_reference(stripped, reference)
    assert [p.ccode for p in filled.parties[:2]] == [1, second.ccode]
    assert filled.parties[2:] == snapshot.parties[2:]  # no reference: as released
    assert stripped.parties[0].ccode is None  # the snapshot given is not changed


def test_each_release_of_a_restarted_chain_rebuilds_from_the_one_before(
    restarted: list[str],
) -> None:
    """As the release script rebuilds them: one after another, each to its checksum."""
    folder = _releases._releases_root()
    index = {r.version: r.sha256 for r in _releases.releases()}
    document, previous = None, None
    for version in restarted:
        document = _releases.next_document(folder, version, previous, document)
        assert hashlib.sha256(_storage.snapshot_text(document)).hexdigest() == index[version]
        previous = version


@pytest.mark.usefixtures("cold")
@pytest.mark.parametrize("on", [0, -1], ids=["itself", "the-newest"])
def test_a_first_release_stored_on_another_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on: int
) -> None:
    copy = _chain_copy(tmp_path, monkeypatch)
    first, newest = aa.available_versions()[0], aa.available_versions()[on]
    target = copy / _releases.file_name(first)
    target.write_bytes(_storage.encode({**_storage.decode(target.read_bytes()), "base": newest}))
    with pytest.raises(aa.DataIntegrityError) as caught:
        aa.load(first)
    assert caught.value.problems == (
        aa.Problem(
            f"releases/{_releases.file_name(first)}",
            "(file)",
            f"is corrupt: stores '{first}' on '{newest}'",
        ),
    )


@pytest.mark.usefixtures("cold")
def test_a_delta_that_cannot_be_applied_names_the_files_of_its_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _chain_copy(tmp_path, monkeypatch)
    first, second = aa.available_versions()[:2]
    target = copy / _releases.file_name(second)
    delta = _storage.decode(target.read_bytes())
    target.write_bytes(_storage.encode({**delta, "delete": {"events": ["no-such-event"]}}))
    with pytest.raises(aa.DataIntegrityError) as caught:
        aa.load(second)
    names = ", ".join(f"releases/{_releases.file_name(v)}" for v in (first, second))
    assert caught.value.problems == (
        aa.Problem(names, "(file)", "is corrupt: KeyError('no-such-event')"),
    )


@pytest.mark.usefixtures("cold")
def test_released_ids_refuse_a_stored_record_without_its_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _chain_copy(tmp_path, monkeypatch)
    second = aa.available_versions()[1]
    target = copy / _releases.file_name(second)
    delta = _storage.decode(target.read_bytes())
    kind = next(k for k in ("instruments", "events", "sources") if delta["put"].get(k))
    field = _releases.IDENTITY[kind][-1]
    records = [{k: v for k, v in r.items() if k != field} for r in delta["put"][kind]]
    target.write_bytes(_storage.encode({**delta, "put": {**delta["put"], kind: records}}))
    with pytest.raises(aa.DataIntegrityError) as caught:
        _releases.released_ids()
    assert caught.value.problems == (
        aa.Problem(
            f"releases/{_releases.file_name(second)}", "(file)", f"is corrupt: KeyError({field!r})"
        ),
    )


@pytest.mark.usefixtures("cold")
def test_released_ids_refuse_a_first_release_stored_on_an_empty_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _chain_copy(tmp_path, monkeypatch)
    first = aa.available_versions()[0]
    target = copy / _releases.file_name(first)
    target.write_bytes(_storage.encode({**_storage.decode(target.read_bytes()), "base": ""}))
    with pytest.raises(aa.DataIntegrityError, match=rf"stores '{first}' on ''$"):
        _releases.released_ids()
