"""Compare the public Python API with the last package release; fail on an unannounced break.

griffe (the library behind the API reference) lists what a user's code could trip on:
a public name removed, a parameter removed or made required, a base class dropped, ...
Each break since the last release must be announced: listed in :data:`ANNOUNCED` with the
changelog line that tells users how to migrate. Anything else fails the check.

Usage (from the repository root, after the README's test command; CI runs it)::

    python scripts/check_api.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

import griffe

ROOT: Final = Path(__file__).resolve().parents[1]

LAST_RELEASE: Final = ("0.4.0", "c9b98a3d389790946498cb8637765d25bbf885f6")
"""The last package release and the commit it was made from."""


ANNOUNCED: Final[Mapping[str, str]] = {}
"""Each break since the last release, by the object's path, with the changelog's words."""


def describe(change: griffe.Breakage) -> str:
    """One line for a break: the object and what happened to it."""
    return f"{change.obj.path}: {change.kind.value}"


def unannounced(changes: Iterable[griffe.Breakage], changelog: str) -> list[str]:
    """The breaks that :data:`ANNOUNCED` does not list, or whose changelog words are missing.

    Examples:
        >>> unannounced([], "")
        []
    """
    found = []
    for change in changes:
        words = ANNOUNCED.get(change.obj.path)
        if words is None:
            found.append(f"{describe(change)} (not announced)")
        elif words not in changelog:
            found.append(f"{describe(change)} (the changelog does not say {words!r})")
    return found


def main() -> int:
    """Load the API of the last release and of the working tree, and compare them."""
    version, commit = LAST_RELEASE
    old = griffe.load_git("abraham_accords", ref=commit, repo=ROOT, search_paths=["src"])
    new = griffe.load("abraham_accords", search_paths=[str(ROOT / "src")])
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    problems = unannounced(griffe.find_breaking_changes(old, new), changelog)
    return report(
        problems,
        f"API break since {version}",
        "Deprecate instead (see the changelog's policy), or announce the break in "
        "scripts/check_api.py and in CHANGELOG.md with a migration line.",
        f"public API: no unannounced break since {version}",
    )


def report(problems: list[str], label: str, advice: str, success: str) -> int:
    """Print each unannounced break (*label*: problem) and *advice*, or *success*; the exit code."""
    for problem in problems:
        print(f"{label}: {problem}", file=sys.stderr)
    if problems:
        print(advice, file=sys.stderr)
        return 1
    print(success)
    return 0


if __name__ == "__main__":
    sys.exit(main())
