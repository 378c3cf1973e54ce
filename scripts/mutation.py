"""Mutation testing of every module with logic, with a score per module (see docs/mutation.md).

The modules are those listed in ``[tool.mutmut] only_mutate`` of pyproject.toml.

Usage (from the repository root, after the README's test command)::

    python scripts/mutation.py                  # installs mutmut if needed, runs it, prints scores
    python scripts/mutation.py _storage _diff   # only the mutants of these modules
    python scripts/mutation.py --report         # only print the scores of the last run

mutmut copies the project into ``mutants/`` and runs the relevant tests against each
mutant of the modules listed in ``[tool.mutmut]`` of pyproject.toml. A mutant is killed
when a test fails; the score is killed / (killed + survived + no tests), per module.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict

KILLED = "killed"


def _mutmut(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-m", "mutmut", *args], capture_output=True, text=True, check=False
    )


def scores() -> dict[str, Counter[str]]:
    """Count each mutant status, per mutated module, from mutmut's results."""
    found = _mutmut("results", "--all", "true")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in found.stdout.splitlines():
        match = re.match(r"\s*(abraham_accords\.\w+)\S*: (.+)$", line)
        if match:
            counts[match.group(1)][match.group(2).strip()] += 1
    return counts


def main() -> int:
    """Run mutmut (unless --report) and print a score per module."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--report", action="store_true", help="only report the last run")
    parser.add_argument(
        "modules", nargs="*", metavar="MODULE", help="only these modules (e.g. _storage)"
    )
    args = parser.parse_args()
    if not args.report:
        if importlib.util.find_spec("mutmut") is None:
            pip = [sys.executable, "-m", "pip", "install", "-q", "mutmut>=3.8"]
            subprocess.run(pip, check=True)  # noqa: S603  (fixed arguments)
        # mutmut updates mutants/ from the sources it mutates but keeps any other file it
        # copied before (the package data among them): start from a fresh copy.
        shutil.rmtree("mutants", ignore_errors=True)
        names = [f"abraham_accords.{module.removesuffix('.py')}.*" for module in args.modules]
        run = _mutmut("run", "--max-children", "2", *names)
        if run.returncode != 0:  # e.g. the suite fails on the unmutated copy
            print((run.stdout + run.stderr)[-3000:], file=sys.stderr)
            return 1
    counts = scores()
    if not counts:
        print("no mutmut results: run without --report first", file=sys.stderr)
        return 1
    print("| module | killed | survived | no tests | score |")
    print("|---|---|---|---|---|")
    total: Counter[str] = Counter()
    for module, count in sorted(counts.items()):
        total.update(count)
        judged = count[KILLED] + count["survived"] + count["no tests"]
        score = f"{100 * count[KILLED] / judged:.1f}%" if judged else "not run"
        print(
            f"| `{module}` | {count[KILLED]} | {count['survived']} | {count['no tests']} | "
            f"{score} |"
        )
    judged = total[KILLED] + total["survived"] + total["no tests"]
    print(
        f"| all | {total[KILLED]} | {total['survived']} | {total['no tests']} | "
        f"{100 * total[KILLED] / judged:.1f}% |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
