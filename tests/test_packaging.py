"""The built distributions: complete, installable, and working from a zip archive."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from importlib import resources
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords._integrity import FILES
from abraham_accords._releases import _document, file_name
from abraham_accords._storage import data_files
from repository import ROOT, copy_repository, run_python

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


def expected_package_files() -> set[str]:
    data = {f"abraham_accords/data/{name}" for name in FILES.values()}
    releases = {
        f"abraham_accords/releases/{entry.name}"
        for entry in resources.files("abraham_accords").joinpath("releases").iterdir()
    }
    return data | releases | {"abraham_accords/py.typed", "abraham_accords/__init__.py"}


def test_wheel_contains_every_data_file_snapshot_and_marker(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert expected_package_files() <= names
    stored = {f"abraham_accords/releases/{file_name(v)}" for v in aa.available_versions()}
    assert stored <= names
    assert not any(name.startswith(("tests/", "docs/")) for name in names)


def test_sdist_contains_the_sources_and_tests(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA"} <= names
    assert {f"src/{name}" for name in expected_package_files()} <= names
    assert "tests/test_data.py" in names


def run(python: Path | str, code: str, cwd: Path) -> str:
    result = subprocess.run(
        [str(python), "-c", code], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_wheel_works_from_a_clean_virtual_environment(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    out = run(
        python,
        "import abraham_accords as aa, sys; assert 'pycountry' not in sys.modules; "
        "print(','.join(p.code for p in aa.members_as_of('2021-01-01')), aa.DATA_VERSION)",
        tmp_path,
    )
    assert out == f"AE,IL,BH,SD,MA {aa.DATA_VERSION}"
    cli = subprocess.run(
        [str(venv / "bin" / "abraham-accords"), "members", "--as-of", "2021-01-01", "--csv"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert cli.stdout.splitlines()[1].startswith("AE,United Arab Emirates")


def test_package_works_when_imported_from_a_zip_archive(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    archive = tmp_path / "abraham_accords.zip"
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(archive, "w") as target:
        for item in source.infolist():
            if item.filename.startswith("abraham_accords/"):
                target.writestr(item, source.read(item))
    code = (
        f"import sys; sys.path.insert(0, {str(archive)!r}); import abraham_accords as aa; "
        "assert aa.__spec__.origin.startswith(sys.path[0]), aa.__spec__.origin; "
        "first = aa.load(aa.available_versions()[0]).data_version; "
        "print(len(aa.members_as_of('2021-01-01')), first, aa.validate() == ())"
    )
    out = run(sys.executable, code, tmp_path)
    assert out == f"5 {aa.available_versions()[0]} True"


def build_sdist(repo: Path, out: Path, *, publish: bool) -> subprocess.CompletedProcess[str]:
    env = {"ABRAHAM_ACCORDS_PUBLISH": "1" if publish else "0"}
    command = ("-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), ".")
    return run_python(repo, *command, env=env, timeout=300)


def test_a_publication_build_refuses_unreleased_data(tmp_path: Path) -> None:
    folders = ("src", "tests", "docs", "benchmarks", "scripts", ".ci")
    files = [path.name for path in ROOT.glob("*") if path.is_file()]
    repo = copy_repository(tmp_path / "repo", folders, files)
    data = repo / "src/abraham_accords/data"
    released = resources.files("abraham_accords").joinpath("releases")
    newest = _document(aa.available_versions()[-1])
    release_files = data_files(newest)
    for path in data.glob("*.json"):
        if path.name not in release_files:  # a record type the release predates has no file
            path.unlink()
    for name, content in release_files.items():
        (data / name).write_bytes(content)
    assert (
        released.joinpath("index.json").read_bytes()
        == (repo / "src/abraham_accords/releases/index.json").read_bytes()
    )
    ok = build_sdist(repo, tmp_path / "released", publish=True)
    assert ok.returncode == 0, ok.stdout[-2000:] + ok.stderr[-2000:]
    events = data / "events.json"
    events.write_text(events.read_text(encoding="utf-8").replace('."', '!"', 1), encoding="utf-8")
    refused = build_sdist(repo, tmp_path / "dev", publish=True)
    assert refused.returncode != 0
    assert "refusing to build for publication" in refused.stdout + refused.stderr
    assert "+dev" in refused.stdout + refused.stderr
    assert build_sdist(repo, tmp_path / "ordinary", publish=False).returncode == 0


def test_the_metadata_names_both_licences(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in text.splitlines()
    licences = {n.rsplit("/", 1)[-1] for n in archive.namelist() if "/licenses/" in n}
    assert licences == {"LICENSE", "LICENSE-DATA"}
