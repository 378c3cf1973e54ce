"""The contributor's whole flow, end to end, in a copy of the repository.

CONTRIBUTING.md promises three steps: edit the data, ``validate --fix``, run the tests.
This adds a source and an event dated after the cut-off, exactly as a contributor would,
and checks that nothing else has to change and that ``diff`` shows the new fact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import pytest

import abraham_accords as aa
from repository import copy_repository, run_python

DATA = Path("src/abraham_accords/data")
COPIED = ("src", "tests", "docs", "scripts", ".github")
ROOT_FILES = (
    "pyproject.toml",
    "README.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "CITATION.cff",
    "mkdocs.yml",
)


def tree(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under *root*, by relative path (caches left out)."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not any(part in {"__pycache__", ".pytest_cache", ".hypothesis"} for part in path.parts)
    }


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The copy's own package comes first, ahead of the editable install of this checkout.
    env = {"PYTHONPATH": str(repo / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    return run_python(repo, *args, env=env)


@pytest.mark.packaging
def test_a_new_fact_needs_only_the_three_steps(tmp_path: Path) -> None:
    repo = copy_repository(tmp_path / "repo", COPIED, ROOT_FILES)
    # As if the last release had been made a month ago: the new fact is after its cut-off.
    metadata = repo / DATA / "metadata.json"
    declared = json.loads(metadata.read_text(encoding="utf-8"))
    day = dt.date.today()  # noqa: DTZ011  (a calendar date)
    declared["cutoff"] = (day - dt.timedelta(days=30)).isoformat()
    metadata.write_text(json.dumps(declared, indent=2) + "\n", encoding="utf-8")
    before = tree(repo)
    stamp = day.isoformat()

    # Step 1: edit the JSON (appended at the end, not sorted, as a person would).
    sources = json.loads((repo / DATA / "sources.json").read_text(encoding="utf-8"))
    sources.append(
        {
            "id": f"example-{stamp}-kazakhstan-statement",
            "url": "https://example.org/kazakhstan-statement",
            "title": "A statement on the Abraham Accords",
            "publisher": "Example News",
            "published": stamp,
            "kind": "news",
            "archived_url": None,
        }
    )
    (repo / DATA / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    events = json.loads((repo / DATA / "events.json").read_text(encoding="utf-8"))
    events.append(
        {
            "id": f"kz-{stamp}-statement",
            "party": "KZ",
            "kind": "statement",
            "date": stamp,
            "precision": "day",
            "counterpart": "IL",
            "summary": "Kazakhstan's foreign ministry restated its commitment to the Accords.",
            "sources": [f"example-{stamp}-kazakhstan-statement"],
        }
    )
    (repo / DATA / "events.json").write_text(json.dumps(events), encoding="utf-8")

    # Step 2: validate --fix, then validate again: clean.
    fixed = run(repo, "-m", "abraham_accords", "validate", str(DATA), "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert run(repo, "-m", "abraham_accords", "validate", str(DATA)).returncode == 0

    # Step 3: the test suite passes as it is.
    suite = run(
        repo,
        "-m",
        "pytest",
        "-q",
        "-x",
        "--no-cov",
        "-p",
        "no:cacheprovider",
        "-m",
        "not packaging",
        "tests",
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-3000:]

    # Review: diff against the last release names the event; the data reports +dev.
    newest = aa.available_versions()[-1]
    shown = run(repo, "-m", "abraham_accords", "diff", newest, str(DATA), "--json")
    assert shown.returncode == 0, shown.stderr
    change = json.loads(shown.stdout)
    assert f"kz-{stamp}-statement" in change["events"]["added"]
    assert change["new_version"].endswith("+dev")
    version = run(repo, "-c", "import abraham_accords as aa; print(aa.DATA_VERSION)")
    assert version.stdout.strip().endswith("+dev")

    # Nothing outside the data directory changed.
    after = tree(repo)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed == {str(DATA / "events.json"), str(DATA / "sources.json")}
