"""The package version: one place, a development version between releases, and its release."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import release_package
from packaging.version import Version

from repository import ROOT

PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_version_is_the_last_release_or_a_development_version_after_it() -> None:
    version = Version(release_package.package_version(PYPROJECT))
    last = release_package.last_release(CHANGELOG)
    assert last is not None
    if release_package.unreleased_entries(CHANGELOG):
        assert version.is_devrelease, "unreleased changes need a .devN version"
        assert version.base_version > last, "the next release must come after the last"
    else:  # the release itself, or the development version the release script moves on to
        assert str(version) in (last, release_package.next_development(last))


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],  # noqa: S607  (git from PATH, as the release script runs it)
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the files the release touches."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "check_api.py", tmp_path / "scripts" / "check_api.py")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "abraham-accords"\nversion = "0.3.0.dev0"\n', encoding="utf-8"
    )
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something.\n\n"
        "## [0.2.0] - 2026-11-27\n\n- Before.\n",
        encoding="utf-8",
    )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    _git(tmp_path, "config", "user.name", "t")
    _git(tmp_path, "config", "user.email", "t@example.org")
    return tmp_path


def test_a_release_sets_the_version_dates_the_changelog_and_tags(repo: Path) -> None:
    commit = release_package.release(repo, "0.3.0", dt.date(2026, 12, 7))
    assert _git(repo, "rev-parse", "v0.3.0^{commit}") == commit
    released = _git(repo, "show", f"{commit}:pyproject.toml")
    assert release_package.package_version(released) == "0.3.0"
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith(
        "# Changelog\n\n## [Unreleased]\n\n## [0.3.0] - 2026-12-07\n\n### Added\n\n- Something."
    )
    assert release_package.unreleased_entries(changelog) == ""
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert release_package.package_version(pyproject) == "0.3.1.dev0"
    baseline = (repo / "scripts" / "check_api.py").read_text(encoding="utf-8")
    assert f'LAST_RELEASE: Final = ("0.3.0", "{commit}")' in baseline
    assert _git(repo, "status", "--porcelain") == ""
    assert _git(repo, "log", "--format=%s", "-2").splitlines() == [
        "Start 0.3.1.dev0: 0.3.0 is the API baseline",
        "Release 0.3.0",
    ]


@pytest.mark.parametrize(
    ("version", "change", "message"),
    [
        ("0.2.0", None, "0.2.0 must be later than the last release 0.2.0"),
        ("0.3", None, "'0.3' must be a final release version X.Y.Z"),
        ("0.3.0rc1", None, "'0.3.0rc1' must be a final release version X.Y.Z"),
        ("three", None, "'three' is not a version (X.Y.Z)"),
        ("0.3.0", "dirty", "the working tree has uncommitted changes"),
        ("0.3.0", "empty", "the changelog's [Unreleased] section is empty"),
    ],
)
def test_a_release_is_refused_and_changes_nothing(
    repo: Path, version: str, change: str | None, message: str
) -> None:
    if change == "dirty":
        (repo / "CHANGELOG.md").write_text("edited", encoding="utf-8")
    if change == "empty":
        text = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
        (repo / "CHANGELOG.md").write_text(
            text.replace("### Added\n\n- Something.\n\n", ""), encoding="utf-8"
        )
        _git(repo, "commit", "-qam", "empty")
    head = _git(repo, "rev-parse", "HEAD")
    with pytest.raises(SystemExit, match=re.escape(message)):
        release_package.release(repo, version, dt.date(2026, 12, 7))
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "tag") == ""


def test_next_development_version() -> None:
    assert release_package.next_development("1.9.9") == "1.9.10.dev0"
