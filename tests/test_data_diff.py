"""scripts/data_diff.py: a branch's data against the base branch's, locally as in CI."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import data_diff
import pytest

import abraham_accords as aa
from abraham_accords._tables import FILES

ROOT = Path(__file__).parents[1]
DATA = Path("src/abraham_accords/data")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],  # noqa: S607  (git from PATH)
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _edit_summary(repo: Path, index: int) -> str:
    """Change the summary of the *index*-th event, commit it, and return the event's id."""
    path = repo / DATA / "events.json"
    events: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    events[index]["summary"] = f"A corrected summary number {index}."
    path.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    _git(repo, "commit", "-qam", f"edit {index}")
    return str(events[index]["id"])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose main branch holds the bundled data."""
    (tmp_path / DATA).mkdir(parents=True)
    source = resources.files("abraham_accords").joinpath("data")
    for name in FILES.values():
        (tmp_path / DATA / name).write_bytes(source.joinpath(name).read_bytes())
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "data")
    return tmp_path


def test_a_branch_sees_its_own_change_only(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(repo, "checkout", "-q", "-b", "feature")
    mine = _edit_summary(repo, 0)
    _git(repo, "checkout", "-q", "main")
    _edit_summary(repo, 1)  # another pull request, merged meanwhile (and not released)
    _git(repo, "checkout", "-q", "feature")

    assert data_diff.main(["main", "--json"], root=repo) == 0
    out, err = capsys.readouterr()
    change = json.loads(out)
    assert [r["id"] for r in change["events"]["changed"]] == [mine]
    assert change["metadata"] == []  # the '+dev' of the working data is no change
    release = aa.DATA_VERSION.removesuffix("+dev")
    assert (change["old_version"], change["new_version"]) == (aa.DATA_VERSION, f"{release}+dev")
    base = _git(repo, "merge-base", "feature", "main")
    assert err == f"Data against main (merge base {base[:12]}):\n"
    # Against itself a branch has changed nothing, whatever the table format.
    assert data_diff.main(["feature"], root=repo) == 0
    assert capsys.readouterr().out.startswith("no difference between")


def test_arguments_and_git_failures_are_one_line(repo: Path) -> None:
    with pytest.raises(SystemExit, match=r"^usage: data_diff.py \[BASE\] \[--json \| --csv\]$"):
        data_diff.main(["main", "other"], root=repo)
    with pytest.raises(SystemExit, match="usage"):
        data_diff.main(["--table"], root=repo)
    with pytest.raises(SystemExit, match=r"^git merge-base HEAD no-such-branch failed: "):
        data_diff.main(["no-such-branch"], root=repo)


def _commands(text: str) -> list[str]:
    """Each command line that runs the script, from the script's path on."""
    return re.findall(r"(scripts/data_diff\.py[^\n]*)", text)


def test_contributing_and_the_pull_request_check_run_the_same_comparison() -> None:
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    job = workflow.split("\n  data-diff:\n", 1)[1].split("\n  ci-script:\n", 1)[0]
    # Both run the script against the base branch: locally its name, in CI its commit.
    assert _commands(contributing) == ["scripts/data_diff.py origin/main"]
    assert _commands(job) == ['scripts/data_diff.py "$BASE"']
    assert "BASE: ${{ github.event.pull_request.base.sha }}" in job
    assert "fetch-depth: 0" in job  # the history the merge base needs
    assert "abraham-accords diff" not in job
