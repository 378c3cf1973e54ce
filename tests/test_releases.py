"""Released dataset versions: immutable, loadable, diffable and citable."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords import _releases

# Every release ever made, with the SHA-256 of its snapshot. A release is immutable: this
# table only grows, by the line scripts/release_data.py prints (see docs/releasing.md).
RELEASED = {
    "2026.11.27": "a937563be895a4261d7fb96cc05acb83bf6bc2d1f9211ac5d71b9a535136076d",
    "2026.11.27.1": "0d588af529835db8bea03e1066e003854e543f5f6df72ca7804f3e908acc2bec",
    "2026.11.27.2": "f81a60848bca225fed46365ea36487464d0cf871bfaa5219321b69590d47dc61",
}

ROOT = Path(__file__).parents[1]
RELEASES = resources.files("abraham_accords").joinpath("releases")


def test_the_index_lists_exactly_the_released_versions() -> None:
    assert {r.version: r.sha256 for r in _releases.releases()} == RELEASED
    assert list(aa.available_versions()) == sorted(RELEASED, key=_releases.version_key)


@pytest.mark.parametrize(("version", "sha256"), sorted(RELEASED.items()))
def test_released_snapshots_never_change(version: str, sha256: str) -> None:
    data = RELEASES.joinpath(f"{version}.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256


@pytest.mark.parametrize("version", sorted(RELEASED))
def test_each_release_loads_and_answers(version: str) -> None:
    released = aa.load(version)
    assert released.data_version == version
    assert aa.load(version) is released
    members = released.members_as_of(released.cutoff)
    assert {"AE", "BH", "IL", "MA", "SD"} <= {p.code for p in members}


def test_working_data_is_the_snapshot_of_data_version() -> None:
    frozen = RELEASES.joinpath(f"{aa.DATA_VERSION}.json").read_bytes()
    assert _releases.snapshot_bytes(aa.dataset()) == frozen, (
        "the data changed without a new release: run scripts/release_data.py"
    )
    assert aa.load() is aa.dataset()
    assert aa.available_versions()[-1] == aa.DATA_VERSION


def test_data_version_is_in_the_changelog_and_citation() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    data_sections = re.findall(r"### Data\n\n(.*?)(?=\n### |\n## |\Z)", changelog, flags=re.DOTALL)
    assert any(f"**{aa.DATA_VERSION}**" in section for section in data_sections)
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{aa.DATA_VERSION}"' in citation
    released = {r.version: r.released for r in _releases.releases()}[aa.DATA_VERSION]
    assert f'date-released: "{released}"' in citation
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
    with pytest.raises(aa.ArgumentTypeError, match="version must be a string"):
        aa.load(20261127)  # type: ignore[arg-type]  # wrong on purpose


def test_a_corrupt_snapshot_is_refused_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "releases"
    shutil.copytree(str(RELEASES), copy)
    target = copy / f"{aa.DATA_VERSION}.json"
    target.write_bytes(target.read_bytes().replace(b"Kazakhstan", b"Kazakhstam", 1))
    monkeypatch.setattr(_releases, "_releases_root", lambda: copy)
    monkeypatch.setattr(_releases, "_LOADED", {})
    with pytest.raises(aa.DataIntegrityError, match=r"SHA-256 is") as caught:
        aa.load(aa.DATA_VERSION)
    assert caught.value.problems[0].file == f"releases/{aa.DATA_VERSION}.json"
    assert _releases._LOADED == {}


def test_snapshot_that_is_not_a_dataset() -> None:
    with pytest.raises(aa.DataIntegrityError, match=r"broken\.json"):
        _releases.read_snapshot(b'{"metadata": {}}', name="broken.json")
    with pytest.raises(aa.DataIntegrityError):
        _releases.read_snapshot(b"not json", name="broken.json")


def test_diff_between_datasets_lists_every_change() -> None:
    base = aa.dataset()
    event = base.event_records[0]
    changed_event = event.model_copy(update={"summary": "A different summary."})
    new_source = base.source_records[0].model_copy(update={"id": "zz-new-source"})
    edited = base.model_copy(
        update={
            "event_records": (changed_event, *base.event_records[1:]),
            "source_records": (*base.source_records[1:], new_source),
            "metadata": base.metadata.model_copy(update={"data_version": "2030.01.01"}),
        }
    )
    change = aa.diff(base, edited)
    assert change.new_version == "2030.01.01"
    assert [c.field for c in change.metadata] == ["data_version"]
    assert change.events.added == change.events.removed == ()
    assert [r.id for r in change.events.changed] == [event.id]
    field = change.events.changed[0].changes[0]
    assert (field.field, field.old, field.new) == ("summary", event.summary, "A different summary.")
    assert change.sources.added == ("zz-new-source",)
    assert change.sources.removed == (base.source_records[0].id,)
    assert change.parties.is_empty
    assert not change.is_empty
    assert json.loads(change.model_dump_json())["events"]["changed"][0]["id"] == event.id


def test_diff_argument_errors() -> None:
    with pytest.raises(aa.ArgumentTypeError, match="old must be"):
        aa.diff(1, aa.DATA_VERSION)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.UnknownVersionError):
        aa.diff(aa.DATA_VERSION, "1999.01.01")


@pytest.mark.parametrize("style", ["bibtex", "apa"])
def test_cite_names_the_version(style: str) -> None:
    text = aa.cite(style)
    assert aa.DATA_VERSION in text
    assert "CC BY 4.0" in text


def test_cite_errors() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="valid styles are bibtex, apa"):
        aa.cite("mla")
    with pytest.raises(aa.UnknownVersionError):
        aa.cite(version="1999.01.01")
    with pytest.raises(aa.ArgumentTypeError):
        aa.cite(1)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError):
        aa.cite(version=1)  # type: ignore[arg-type]  # wrong on purpose


def test_release_script_makes_a_release_in_a_copy(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for part in ("src", "scripts"):
        shutil.copytree(ROOT / part, repo / part)
    for name in ("CHANGELOG.md", "CITATION.cff"):
        shutil.copy(ROOT / name, repo / name)
    events = repo / "src/abraham_accords/data/events.json"
    records = json.loads(events.read_text(encoding="utf-8"))
    records[0]["summary"] = "A corrected summary."
    events.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "scripts/release_data.py", "2099.01.01", "--date", "2099-01-01"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    index = json.loads(
        (repo / "src/abraham_accords/releases/index.json").read_text(encoding="utf-8")
    )
    assert index[-1]["version"] == "2099.01.01"
    snapshot = (repo / "src/abraham_accords/releases/2099.01.01.json").read_bytes()
    assert index[-1]["sha256"] == hashlib.sha256(snapshot).hexdigest()
    assert f'"2099.01.01": "{index[-1]["sha256"]}"' in result.stdout
    assert 'DATA_VERSION: Final = "2099.01.01"' in (
        repo / "src/abraham_accords/_version.py"
    ).read_text(encoding="utf-8")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "- Dataset release **2099.01.01**" in changelog
    assert "events: 1 changed" in changelog
    assert 'version: "2099.01.01"' in (repo / "CITATION.cff").read_text(encoding="utf-8")
    for old in RELEASED:
        assert (
            repo / f"src/abraham_accords/releases/{old}.json"
        ).read_bytes() == RELEASES.joinpath(f"{old}.json").read_bytes()
    again = subprocess.run(
        [sys.executable, "scripts/release_data.py", "2099.01.01"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert again.returncode != 0
    assert "already released" in again.stderr
