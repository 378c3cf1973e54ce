"""Warm queries: time per call of the module-level API once the dataset is loaded.

Each statement runs through :mod:`timeit`: enough calls for about 0.2 s per repetition,
7 repetitions; the best and the median repetition are reported per call. The same run
times python-holidays' ``date in holidays`` and pycountry's ``get`` for comparison (each
skipped if it is not installed); membership queries should take at most twice as long
as holidays' ``in``.

    python benchmarks/bench_queries.py            # full run
    python benchmarks/bench_queries.py --quick    # CI smoke run: checks it works, not speed
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import statistics
import sys
import timeit
from typing import Any

from _common import print_table, verdict

import abraham_accords as aa

TARGET_US = 5.0  # members_as_of, per warm call, in absolute terms
TARGET_HOLIDAYS = 2.0  # membership queries over holidays' `in`, in the same run
HOLIDAYS = "day in holidays_ae"
HOLIDAYS_NEW_DAY = "next(days) in holidays_ae"

QUERIES: tuple[tuple[str, bool], ...] = (
    # (statement, held to the holidays target)
    ('aa.members_as_of("2021-01-01")', True),
    ("aa.members_as_of(day)", True),
    ('aa.members_as_of("2021-01-01", stage="signed")', False),
    ('ds.members_as_of("2021-01-01")', False),
    ('aa.is_member("MA", "2021-01-01")', True),
    ('aa.is_member("MA", day)', True),
    ('aa.is_member("Morocco", day)', True),
    ('aa.is_member("Kazakhstan", "2025-11-06")', True),
    ('aa.is_member("MA", next(days))', True),
    ("aa.members_as_of(next(days))", True),
    ('aa.join_date("SD", stage="signed")', False),
    ('aa.events(party="MA")', False),
    ('aa.events(party="Morocco", kind="announced")', False),
    ('aa.get_party("UAE")', False),
)
REFERENCES: tuple[tuple[str, str], ...] = (
    ("holidays", HOLIDAYS),
    ("holidays", HOLIDAYS_NEW_DAY),
    ("pycountry", 'pycountry.countries.get(alpha_2="AE")'),
)


def names() -> dict[str, Any]:
    """The globals the statements run with (holidays and pycountry when installed)."""
    found: dict[str, Any] = {"aa": aa, "ds": aa.dataset(), "day": dt.date(2021, 1, 1)}
    # A new day on every call: 20,000 days (more than any answer cache holds), round and
    # round, so that no answer is reused.
    first = dt.date(1990, 1, 1)
    found["days"] = itertools.cycle([first + dt.timedelta(n) for n in range(20_000)])
    if importlib.util.find_spec("holidays") is not None:
        import holidays  # noqa: PLC0415  (optional: the comparison)

        found["holidays_ae"] = holidays.country_holidays("AE", years=2021)
        found["day"] in found["holidays_ae"]  # noqa: B015  (fills holidays' own caches)
    if importlib.util.find_spec("pycountry") is not None:
        import pycountry  # noqa: PLC0415  (optional: the comparison)

        found["pycountry"] = pycountry
        pycountry.countries.get(alpha_2="AE")  # loads pycountry's database
    return found


def per_call_us(statement: str, available: dict[str, Any], *, quick: bool) -> tuple[float, float]:
    """Return the best and the median time of one call of *statement*, in µs."""
    timer = timeit.Timer(statement, globals=available)
    number = 50 if quick else timer.autorange()[0]
    runs = [t / number * 1e6 for t in timer.repeat(repeat=2 if quick else 7, number=number)]
    return min(runs), statistics.median(runs)


def main() -> int:
    """Time every query and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few calls: a smoke test for CI")
    args = parser.parse_args()

    aa.members_as_of("2021-01-01")  # load the bundled dataset before timing
    aa.events()  # and build its other records
    available = names()
    reference: dict[str, float] = {}
    rows = []
    for label, statement in REFERENCES:
        if label.replace("holidays", "holidays_ae") not in available:
            rows.append((f"{statement} ({label})", "not installed", "-", "-"))
            continue
        reference[statement] = per_call_us(statement, available, quick=args.quick)[0]
        rows.append((f"{statement} ({label})", f"{reference[statement]:.2f}", "-", "-"))
    verdicts = []
    for statement, compared in QUERIES:
        best, median = per_call_us(statement, available, quick=args.quick)
        ratio = "-"
        # A query on a new day each call is held to holidays on a new day each call.
        base = reference.get(HOLIDAYS_NEW_DAY if "next(days)" in statement else HOLIDAYS)
        if compared and base is not None:
            ratio = f"{best / base:.2f}"
            verdicts.append(
                f"- {statement} over holidays' `in`: {verdict(best / base, TARGET_HOLIDAYS, 'x')}"
            )
        if statement == QUERIES[0][0]:
            verdicts.append(f"- {statement}: {verdict(best, TARGET_US, 'µs')}")
        rows.append((statement, f"{best:.2f}", f"{median:.2f}", ratio))
    if HOLIDAYS not in reference:
        verdicts.append("- holidays is not installed: no comparison with its `in`")
    header = ("warm call", "best µs", "median µs", "/ holidays")
    print_table(f"Warm queries (Python {sys.version.split()[0]})", header, rows)
    print()
    print("\n".join(verdicts))
    if args.quick:
        print("- quick run: too few calls for the figures to mean anything")
    return 0


if __name__ == "__main__":
    sys.exit(main())
