"""Show what a branch does to the data: its data against the base branch's, as CI shows it.

Usage (from the repository root)::

    .venv/bin/python scripts/data_diff.py [BASE] [--json | --csv]

BASE is a git revision (default ``origin/main``). The working data is compared with the
data where this branch left BASE (their merge base): the records this branch adds,
removes and changes, and what that does to membership, and nothing else. Changes merged
into BASE meanwhile, and changes on BASE not yet released, are not shown as the branch's
own (as comparing with the last release, ``abraham-accords diff src/abraham_accords/data``,
would). The pull-request check runs this same command with the base branch's commit, so a
contributor sees what the reviewer sees.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from abraham_accords._cli import main as cli
from abraham_accords._tables import FILES

ROOT = Path(__file__).resolve().parents[1]
DATA = "src/abraham_accords/data"
DEFAULT_BASE = "origin/main"


def _git(root: Path, *args: str) -> bytes:
    done = subprocess.run(  # noqa: S603  (git, with fixed arguments)
        ["git", *args],  # noqa: S607  (git from PATH, as a contributor runs it)
        cwd=root,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip()
        msg = f"git {' '.join(args)} failed: {reason}"
        raise SystemExit(msg)
    return done.stdout


def base_data(root: Path, base: str, target: Path) -> str:
    """Write the data files as they were where HEAD left *base* into *target*.

    Returns:
        The commit they were taken from (the merge base).
    """
    commit = _git(root, "merge-base", "HEAD", base).decode().strip()
    for name in FILES.values():
        (target / name).write_bytes(_git(root, "show", f"{commit}:{DATA}/{name}"))
    return commit


def main(argv: Sequence[str] | None = None, root: Path = ROOT) -> int:
    """Print the diff of the working data against the base's; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    formats = [a for a in arguments if a in {"--json", "--csv"}]
    revisions = [a for a in arguments if a not in formats]
    if len(revisions) > 1 or any(r.startswith("-") for r in revisions):
        msg = "usage: data_diff.py [BASE] [--json | --csv]"
        raise SystemExit(msg)
    base = revisions[0] if revisions else DEFAULT_BASE
    with tempfile.TemporaryDirectory() as folder:
        commit = base_data(root, base, Path(folder))
        print(f"Data against {base} (merge base {commit[:12]}):", file=sys.stderr)
        return cli(["diff", folder, str(root / DATA), *formats])


if __name__ == "__main__":
    sys.exit(main())
