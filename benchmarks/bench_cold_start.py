"""Cold start: wall time and peak memory of new processes that import and query.

Every case runs in a fresh interpreter (``sys.executable -c CODE``), the cases are
interleaved round by round, and the median is reported. Peak memory is the child's
``ru_maxrss`` as GNU ``/usr/bin/time -f %M`` reports it, in separate runs. A child forked
straight from this script would inherit this script's own peak in its ``ru_maxrss`` (and
``RUSAGE_CHILDREN`` keeps a maximum, not a per-child figure), so without GNU time the
figures come from ``os.wait4`` and are floored at this script's own size.

    python benchmarks/bench_cold_start.py            # full run (31 rounds)
    python benchmarks/bench_cold_start.py --quick    # CI smoke run: checks it works, not speed
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import print_table, verdict

TARGET_RATIO = 1.05  # (a) / (b): the first query in a new process
TARGET_CLI = 1.10  # (h) / (b): the CLI's members command in a new process
RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss units per MiB
GNU_TIME = Path("/usr/bin/time") if sys.platform == "linux" else Path("/nonexistent")

CASES: dict[str, tuple[str, str]] = {
    "a": (
        "import abraham_accords + members_as_of",
        'import abraham_accords; abraham_accords.members_as_of("2021-01-01")',
    ),
    "b": (
        "pydantic floor: 1-field BaseModel + validate",
        "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)",
    ),
    "c": ("from pydantic import BaseModel", "from pydantic import BaseModel"),
    "d": (
        "pycountry first lookup (AE)",
        'import pycountry; pycountry.countries.get(alpha_2="AE")',
    ),
    "e": (
        "holidays first query (AE, 2021-12-02)",
        'import datetime, holidays; datetime.date(2021, 12, 2) in holidays.country_holidays("AE")',
    ),
    "f": ("import abraham_accords (alone)", "import abraham_accords"),
    "g": ("python -c pass (interpreter start-up)", "pass"),
    "h": (
        "CLI: abraham-accords members --as-of 2021-01-01",
        # What the console script does, with its arguments.
        (
            "import sys; sys.argv = ['abraham-accords', 'members', '--as-of', '2021-01-01']\n"
            "from abraham_accords._cli import main\nraise SystemExit(main())"
        ),
    ),
}

# Where the time of case (a) goes, measured inside one child. The pydantic floor comes
# first so that the later phases hold only what the package adds on top of it.
PHASES = (
    "pydantic floor (import, 1-field model, validate)",
    "import abraham_accords",
    "import abraham_accords._models (record models)",
    "import abraham_accords._api (Dataset, loading, ...)",
    "first members_as_of: read + validate + check + index",
    "second members_as_of (warm)",
)
PHASE_CODE = """\
import time
t = [time.perf_counter()]
from pydantic import BaseModel
class M(BaseModel):
    x: int
M(x=1)
t.append(time.perf_counter())
import abraham_accords
t.append(time.perf_counter())
import abraham_accords._models
t.append(time.perf_counter())
import abraham_accords._api
t.append(time.perf_counter())
abraham_accords.members_as_of("2021-01-01")
t.append(time.perf_counter())
abraham_accords.members_as_of("2021-01-01")
t.append(time.perf_counter())
print(" ".join(str(b - a) for a, b in zip(t, t[1:])))
"""

IMPORT_CHECK = """\
import sys, abraham_accords
found = [m in sys.modules for m in ("pydantic", "pycountry")]
abraham_accords.members_as_of("2021-01-01")
print(*found, "pycountry" in sys.modules)
"""


def run_child(code: str) -> float:
    """Run *code* in a new interpreter and return its wall time in ms."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def peak_rss(code: str) -> float:
    """Run *code* in a new interpreter and return its peak resident memory in MiB."""
    if GNU_TIME.exists():
        command = [str(GNU_TIME), "-f", "%M", sys.executable, "-c", code]
        done = subprocess.run(command, capture_output=True, check=True)
        return int(done.stderr.split()[-1]) / 1024
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / RSS_UNIT


def output_of(code: str) -> str:
    """Run *code* in a new interpreter and return what it printed."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return done.stdout.decode().strip()


def print_phases(wall: dict[str, float], runs: int) -> None:
    """Time the phases of case (a) inside one child, and print where its time goes."""
    phase_runs = [[float(x) * 1000 for x in output_of(PHASE_CODE).split()] for _ in range(runs)]
    phase_ms = [statistics.median(column) for column in zip(*phase_runs, strict=True)]
    rows = [("interpreter start-up (case g)", f"{wall['g']:.1f}")]
    rows += [(name, f"{ms:.2f}") for name, ms in zip(PHASES, phase_ms, strict=True)]
    rest = wall["a"] - wall["g"] - sum(phase_ms)
    rest_b = wall["b"] - wall["g"] - phase_ms[0]
    rows.append(("remainder: shutdown and spawn beyond (g)'s", f"{rest:.1f}"))
    rows.append(("(same remainder for case (b), for comparison)", f"{rest_b:.1f}"))
    rows.append(("package cost over the floor (rows 3-6)", f"{sum(phase_ms[1:5]):.1f}"))
    print_table("Where the time of (a) goes (in one child, median ms)", ("phase", "ms"), rows)


def ratio_lines(samples: dict[str, list[float]], key: str, target: float | None) -> list[str]:
    """Say how case *key* compares with the floor (b): by medians, and round by round."""
    ratio = statistics.median(samples[key]) / statistics.median(samples["b"])
    pairs = pairs_of(samples, key)
    paired = statistics.median(x / b for x, b in pairs)
    judged = "for comparison" if target is None else verdict(ratio, target, "x")
    extra = statistics.median(samples[key]) - statistics.median(samples["b"])
    return [
        f"({key}) / (b) = {ratio:.3f}: {judged}",
        (
            f"({key}) / (b) paired round by round (median of {len(pairs)} ratios): "
            f"{paired:.3f}; ({key}) - (b) = {extra:.1f} ms"
        ),
    ]


def pairs_of(samples: dict[str, list[float]], key: str) -> list[tuple[float, float]]:
    """The rounds' (case, floor) pairs of wall times."""
    return list(zip(samples[key], samples["b"], strict=True))


def measure(runs: int) -> list[str]:
    """Run every case, print the tables and return the summary lines."""
    cases = dict(CASES)
    notes = [f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs"]
    if importlib.util.find_spec("holidays") is None:
        del cases["e"]
        notes.append("holidays is not installed: case (e) skipped")
    if not GNU_TIME.exists():
        notes.append("no GNU time: peak RSS is floored at this script's own peak")

    for _, code in cases.values():  # warm-up round: byte-code cache and page cache
        run_child(code)
    samples: dict[str, list[float]] = {key: [] for key in cases}
    for _ in range(runs):
        for key, (_, code) in cases.items():
            samples[key].append(run_child(code))
    wall = {key: statistics.median(found) for key, found in samples.items()}
    rss = {
        key: statistics.median(peak_rss(code) for _ in range(min(runs, 5)))
        for key, (_, code) in cases.items()
    }
    rows = [
        (
            f"({key}) {label}",
            f"{wall[key]:.1f}",
            f"{min(samples[key]):.1f}",
            f"{rss[key]:.1f}",
            f"{wall[key] / wall['b']:.2f}",
        )
        for key, (label, _) in cases.items()
    ]
    header = ("case", "median ms", "min ms", "peak RSS MiB", "/ (b)")
    print_table(f"New processes, {runs} rounds each", header, rows)
    print_phases(wall, max(runs, 3))

    has_pydantic, has_pycountry, query_pycountry = output_of(IMPORT_CHECK).split()
    return [
        *notes,
        *ratio_lines(samples, "a", TARGET_RATIO),
        *ratio_lines(samples, "h", TARGET_CLI),
        *(ratio_lines(samples, "e", None) if "e" in samples else []),
        f"peak RSS (a) {rss['a']:.1f} vs (b) {rss['b']:.1f} MiB: {rss['a'] - rss['b']:+.1f} MiB",
        f"`import abraham_accords` alone imports pydantic: {has_pydantic} (expected False)",
        f"`import abraham_accords` alone imports pycountry: {has_pycountry} (expected False)",
        f"the first members_as_of imports pycountry: {query_pycountry} (case (d) is its cost)",
    ]


def main() -> int:
    """Run the cold-start benchmark with a private byte-code cache and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds: a smoke test for CI")
    parser.add_argument("--runs", type=int, default=31, help="rounds per case (default 31)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        # Every child reads and writes .pyc files under a private prefix, so the package is
        # timed with compiled byte code (as from a wheel) without writing into the tree.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = cache
        lines = measure(2 if args.quick else args.runs)
    if args.quick:
        lines.append("quick run: too few rounds for the figures to mean anything")
    print()
    print("\n".join(f"- {line}" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
