"""Warm queries: time per call of the module-level API once the dataset is loaded.

Each statement runs through :mod:`timeit`: enough calls for about 0.2 s per repetition,
7 repetitions; the best and the median repetition are reported per call.

    python benchmarks/bench_queries.py            # full run
    python benchmarks/bench_queries.py --quick    # CI smoke run: checks it works, not speed
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import timeit

from _common import print_table, verdict

import abraham_accords as aa

TARGET_US = 5.0  # members_as_of, per warm call

QUERIES: tuple[tuple[str, float | None], ...] = (
    ('aa.members_as_of("2021-01-01")', TARGET_US),
    ("aa.members_as_of(day)", None),
    ('aa.members_as_of("2021-01-01", stage="signed")', None),
    ('ds.members_as_of("2021-01-01")', None),
    ('aa.is_member("MA", "2021-01-01")', None),
    ('aa.is_member("Kazakhstan", "2025-11-06")', None),
    ('aa.join_date("SD", stage="signed")', None),
    ('aa.events(party="MA")', None),
    ('aa.events(party="Morocco", kind="announced")', None),
    ('aa.get_party("UAE")', None),
)


def per_call_us(statement: str, *, quick: bool) -> tuple[float, float]:
    """Return the best and the median time of one call of *statement*, in µs."""
    names = {"aa": aa, "ds": aa.dataset(), "day": dt.date(2021, 1, 1)}
    timer = timeit.Timer(statement, globals=names)
    number = 50 if quick else timer.autorange()[0]
    runs = [t / number * 1e6 for t in timer.repeat(repeat=2 if quick else 7, number=number)]
    return min(runs), statistics.median(runs)


def main() -> int:
    """Time every query and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few calls: a smoke test for CI")
    args = parser.parse_args()

    aa.members_as_of("2021-01-01")  # load the bundled dataset before timing
    rows = []
    verdicts = []
    for statement, target in QUERIES:
        best, median = per_call_us(statement, quick=args.quick)
        rows.append((statement, f"{best:.2f}", f"{median:.2f}", "-" if target is None else target))
        if target is not None:
            verdicts.append(f"- {statement}: {verdict(best, target, 'µs')}")
    header = ("warm call", "best µs", "median µs", "target µs")
    print_table(f"Warm queries (Python {sys.version.split()[0]})", header, rows)
    print()
    print("\n".join(verdicts))
    if args.quick:
        print("- quick run: too few calls for the figures to mean anything")
    return 0


if __name__ == "__main__":
    sys.exit(main())
