"""Make a package release: the version, the dated changelog section and the tag, in one step.

Usage (from the repository root, on a clean checkout of main)::

    python scripts/release_package.py 0.3.0 [--date YYYY-MM-DD]

The package version lives in one place, ``pyproject.toml``. Between releases it is a
development version (PEP 440 ``X.Y.Z.devN``), so a checkout that differs from the last
release never passes for it. The script refuses unless the working tree is clean, the new
version is later than the last release, and the changelog's ``[Unreleased]`` section has
entries. It then

1. sets ``version`` in ``pyproject.toml`` to VERSION and turns ``## [Unreleased]`` into
   ``## [VERSION] - DATE`` under a new, empty ``## [Unreleased]``;
2. commits that ("Release VERSION") and tags it ``vVERSION``;
3. records the release commit as the API baseline in ``scripts/check_api.py`` and sets the
   version to the next development version (``X.Y.(Z+1).dev0``), and commits that.

Write the upgrade notes (what a user of the previous release must change) at the top of
the ``[Unreleased]`` section before running it. See docs/releasing.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

_VERSION_LINE = re.compile(r'^version = "([^"]+)"$', re.MULTILINE)
_RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", re.MULTILINE)
_BASELINE = re.compile(r'^LAST_RELEASE: Final = \("[^"]+", "[0-9a-f]+"\)$', re.MULTILINE)


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603  (git, with fixed arguments)
        ["git", *args],  # noqa: S607  (git from PATH, as a maintainer runs it)
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        msg = f"git {' '.join(args)} failed: {done.stderr.strip()}"
        raise SystemExit(msg)
    return done.stdout


def package_version(pyproject: str) -> str:
    r"""The ``version`` that ``pyproject.toml`` declares.

    Examples:
        >>> package_version('[project]\nname = "x"\nversion = "0.3.1.dev0"\n')
        '0.3.1.dev0'
    """
    found = _VERSION_LINE.search(pyproject)
    if found is None:
        msg = "pyproject.toml declares no version"
        raise SystemExit(msg)
    return found.group(1)


def last_release(changelog: str) -> str | None:
    r"""The newest released version in the changelog, or None.

    Examples:
        >>> last_release("## [Unreleased]\n\n## [0.2.0] - 2026-11-27\n## [0.1.0] - 2026-11-27")
        '0.2.0'
    """
    found = _RELEASE_HEADING.search(changelog)
    return found.group(1) if found else None


def next_development(version: str) -> str:
    """The development version that follows a release.

    Examples:
        >>> next_development("0.3.0")
        '0.3.1.dev0'
    """
    major, minor, micro = Version(version).release[:3]
    return f"{major}.{minor}.{micro + 1}.dev0"


def unreleased_entries(changelog: str) -> str:
    """The text of the ``[Unreleased]`` section, without its heading."""
    start = changelog.index("## [Unreleased]") + len("## [Unreleased]")
    end = _RELEASE_HEADING.search(changelog, start)
    return changelog[start : end.start() if end else len(changelog)].strip()


def release(root: Path, version: str, day: dt.date) -> str:
    """Release *version* of the package in the git repository at *root*; return the commit."""
    try:
        wanted = Version(version)
    except InvalidVersion:
        msg = f"{version!r} is not a version (X.Y.Z)"
        raise SystemExit(msg) from None
    if str(wanted) != version or wanted.is_prerelease or len(wanted.release) != 3:  # noqa: PLR2004
        msg = f"{version!r} must be a final release version X.Y.Z"
        raise SystemExit(msg)
    if _git(root, "status", "--porcelain").strip():
        msg = "the working tree has uncommitted changes; commit or remove them first"
        raise SystemExit(msg)
    pyproject_path, changelog_path = root / "pyproject.toml", root / "CHANGELOG.md"
    pyproject = pyproject_path.read_text(encoding="utf-8")
    changelog = changelog_path.read_text(encoding="utf-8")
    previous = last_release(changelog)
    if previous is not None and wanted <= Version(previous):
        msg = f"{version} must be later than the last release {previous}"
        raise SystemExit(msg)
    if not unreleased_entries(changelog):
        msg = "the changelog's [Unreleased] section is empty: nothing to release"
        raise SystemExit(msg)
    pyproject_path.write_text(
        _VERSION_LINE.sub(f'version = "{version}"', pyproject, count=1), encoding="utf-8"
    )
    changelog_path.write_text(
        changelog.replace(
            "## [Unreleased]", f"## [Unreleased]\n\n## [{version}] - {day.isoformat()}", 1
        ),
        encoding="utf-8",
    )
    _git(root, "commit", "-q", "-am", f"Release {version}")
    commit = _git(root, "rev-parse", "HEAD").strip()
    _git(root, "tag", "-a", f"v{version}", "-m", f"Release {version}")
    check_api = root / "scripts" / "check_api.py"
    text = check_api.read_text(encoding="utf-8")
    baseline = f'LAST_RELEASE: Final = ("{version}", "{commit}")'
    check_api.write_text(_BASELINE.sub(baseline, text, count=1), encoding="utf-8")
    released = pyproject_path.read_text(encoding="utf-8")
    development = next_development(version)
    pyproject_path.write_text(
        _VERSION_LINE.sub(f'version = "{development}"', released, count=1), encoding="utf-8"
    )
    _git(root, "commit", "-q", "-am", f"Start {development}: {version} is the API baseline")
    return commit


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and make the release."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("version", help="the release, X.Y.Z")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="release day (today)")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    args = parser.parse_args(argv)
    day = args.date or dt.date.today()
    commit = release(args.root, args.version, day)
    print(
        f"Released {args.version} ({commit[:12]}, tag v{args.version}); the checkout is now "
        f"{next_development(args.version)}. Push main and the tag."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
