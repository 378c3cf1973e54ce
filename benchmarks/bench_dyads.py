"""Dyads: time to build the directed dyad tables of the bundled data.

python benchmarks/bench_dyads.py            # median of 5 runs per case
python benchmarks/bench_dyads.py --quick    # CI smoke run: checks it works, not speed
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sized
from importlib import resources

from _common import print_table, verdict

from abraham_accords._loading import read_dataset

TARGET_S = 0.5  # a daily table from the first announcement to the cut-off: well under 1 s
ACCORDS = "2020-08-13"
BASELINE = "1992-01-01"


def median_s(action: Callable[[], Sized], repeat: int) -> tuple[float, int]:
    """Run *action* *repeat* times; return the median seconds and the size of its result."""
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(action())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> int:
    """Time each case and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per case")
    args = parser.parse_args()
    repeat = 1 if args.quick else 5
    data = resources.files("abraham_accords").joinpath("data")

    def fresh_daily() -> Sized:  # a new Dataset: its records and the dyad table built anew
        ds = read_dataset(data)
        return ds.dyads(ACCORDS, ds.cutoff, freq="day")

    warm = read_dataset(data)
    cutoff = warm.cutoff
    warm.dyads(ACCORDS, cutoff)  # builds the records and the dyad table
    cases = [
        ("new dataset: daily, first announcement to cut-off", fresh_daily),
        ("daily, first announcement to cut-off", lambda: warm.dyads(ACCORDS, cutoff, freq="day")),
        ("daily, 1992 to cut-off", lambda: warm.dyads(BASELINE, cutoff, freq="day")),
        ("monthly, 1992 to cut-off", lambda: warm.dyads(BASELINE, cutoff, freq="month")),
        ("yearly, 1992 to cut-off", lambda: warm.dyads(BASELINE, cutoff)),
    ]
    rows, timed = [], {}
    for label, action in cases:
        seconds, size = median_s(action, repeat)
        timed[label] = seconds
        rows.append((label, f"{size:,}", f"{seconds * 1000:.1f}"))
    print_table(f"Dyad tables (Python {sys.version.split()[0]})", ("case", "rows", "ms"), rows)
    print()
    for label in cases[0][0], cases[1][0]:
        print(f"- {label}: {verdict(timed[label], TARGET_S, 's')}")
    if args.quick:
        print("- quick run: too few runs for the figures to mean anything")
    return 0


if __name__ == "__main__":
    sys.exit(main())
