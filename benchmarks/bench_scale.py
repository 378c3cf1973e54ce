"""Scale: read_dataset and warm members_as_of on synthetic data of growing size.

The synthetic events.json copies the real events round-robin (party, kind, precision,
instrument, counterpart, place, summary, sources) under a new unique id, with dates
scattered from 2020-08-13 to the cut-off, so every record is valid, every source stays
cited and every member party keeps its announcement. The other four files are the real
ones. With ``--churn``, every 50th copy of a member party's event becomes a withdrawal,
so parties leave and rejoin and their membership spans multiply.

    python benchmarks/bench_scale.py                  # 1,000 / 10,000 / 100,000 events
    python benchmarks/bench_scale.py --churn          # the same with withdrawals
    python benchmarks/bench_scale.py --profile        # and cProfile the largest read
    python benchmarks/bench_scale.py --quick          # CI smoke run: checks it works, not speed
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import itertools
import json
import math
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import timeit
import tracemalloc
from pathlib import Path
from typing import Any

from _common import print_table, verdict

import abraham_accords
from abraham_accords import Dataset
from abraham_accords._loading import read_dataset
from abraham_accords._membership import stage_spans

DATA = Path(abraham_accords.__file__).parent / "data"
FIRST_DAY = dt.date(2020, 8, 13)
CHURN_EVERY = 50
TARGET_READ_S = 1.0  # at the largest size
TARGET_RATIO = 1.5  # read_dataset over json.loads of events.json, at the largest size
TARGET_QUERY_US = 100.0


def synthetic_events(size: int, *, churn: bool) -> list[dict[str, Any]]:
    """Return *size* valid event records made from the real ones."""
    templates = json.loads((DATA / "events.json").read_bytes())
    roles = {p["code"]: p["role"] for p in json.loads((DATA / "parties.json").read_bytes())}
    cutoff = dt.date.fromisoformat(json.loads((DATA / "metadata.json").read_bytes())["cutoff"])
    days = (cutoff - FIRST_DAY).days + 1
    events = []
    for i in range(size):
        event = dict(templates[i % len(templates)])
        day = FIRST_DAY + dt.timedelta(days=i * 7919 % days)  # scattered, never after cutoff
        if event["precision"] == "month":
            day = day.replace(day=1)
        elif event["precision"] == "year":
            day = day.replace(month=1, day=1)
        member = roles[event["party"]] == "party"
        if churn and member and i >= len(templates) and i % CHURN_EVERY == 0:
            event.update(kind="withdrawn", instrument=None)
        kind = event["kind"].replace("_", "-")
        event.update(id=f"{event['party'].lower()}-{day}-{kind}-{i}", date=day.isoformat())
        events.append(event)
    return events


def write_dataset(directory: Path, size: int, *, churn: bool) -> int:
    """Write a data directory of *size* events; return the size of events.json in bytes."""
    for name in (
        "metadata.json",
        "parties.json",
        "instruments.json",
        "sources.json",
        "provisions.json",
    ):
        shutil.copy(DATA / name, directory / name)
    text = json.dumps(synthetic_events(size, churn=churn), indent=2, ensure_ascii=False)
    return (directory / "events.json").write_text(text, encoding="utf-8")


def seconds(action: Any) -> float:  # noqa: ANN401  (any callable)
    """Run *action* once and return its wall time in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired(raw: bytes, directory: Path, repeat: int) -> tuple[float, float, float]:
    """Time ``json.loads`` of events.json and ``read_dataset``, one after the other.

    Returns the median of each, in seconds, and the median ratio of the pairs: the two
    run back to back, so a busy moment of the machine slows both.
    """
    pairs = [
        (seconds(lambda: json.loads(raw)), seconds(lambda: read_dataset(directory)))
        for _ in range(repeat)
    ]
    return (
        statistics.median(p for p, _ in pairs),
        statistics.median(r for _, r in pairs),
        statistics.median(r / p for p, r in pairs),
    )


def query_us(ds: Dataset, day: str, *, quick: bool) -> float:
    """Return the best time of one warm ``ds.members_as_of(day)`` call, in µs."""
    timer = timeit.Timer(lambda: ds.members_as_of(day))
    number = 20 if quick else timer.autorange()[0]
    return min(timer.repeat(repeat=2 if quick else 7, number=number)) / number * 1e6


def python_heap_mib(directory: Path) -> tuple[float, float]:
    """Return the Python heap a read dataset keeps, and the peak during the read, in MiB."""
    tracemalloc.start()
    ds = read_dataset(directory)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del ds
    return kept / 2**20, peak / 2**20


def main() -> int:
    """Generate each size, time it and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the real count and 1,000, 1 read")
    parser.add_argument("--churn", action="store_true", help="add withdrawals and rejoins")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest read")
    args = parser.parse_args()
    # Quick: as many events as the real data has (fewer would leave sources uncited), and 1,000.
    real = len(json.loads((DATA / "events.json").read_bytes()))
    sizes = (real, max(real, 1_000)) if args.quick else (1_000, 10_000, 100_000)
    repeat = 1 if args.quick else 5

    bundled = read_dataset(DATA)  # warm-up: imports, pycountry, validators
    cutoff = bundled.cutoff.isoformat()
    rows = []
    reads: list[float] = []
    ratios: list[float] = []
    queries: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            directory = Path(tmp) / str(size)
            directory.mkdir()
            nbytes = write_dataset(directory, size, churn=args.churn)
            raw = (directory / "events.json").read_bytes()
            parse_s, read_s, ratio = paired(raw, directory, repeat)
            ds = read_dataset(directory)
            early, late = (
                query_us(ds, "2021-01-01", quick=args.quick),
                query_us(ds, cutoff, quick=args.quick),
            )
            spans = sum(
                len(stage_spans(ds.events(party=p.code))["announced"])
                for p in ds.parties(role="party")
            )
            kept, peak = python_heap_mib(directory)
            reads.append(read_s)
            ratios.append(ratio)
            queries.append(max(early, late))
            rows.append(
                (
                    f"{size:,}",
                    f"{nbytes / 1e6:.1f}",
                    f"{parse_s * 1000:.1f}",
                    f"{read_s * 1000:.1f}",
                    f"{ratio:.2f}",
                    f"{read_s / size * 1e6:.1f}",
                    f"{early:.1f}",
                    f"{late:.1f}",
                    spans,
                    f"{kept:.0f} ({peak:.0f})",
                )
            )
            if args.profile and size == sizes[-1]:
                profile = cProfile.Profile()
                profile.runcall(read_dataset, directory)
                pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(12)

    header = (
        "events",
        "file MB",
        "json.loads ms",
        "read_dataset ms",
        "/ json.loads",
        "µs/event",
        "query µs 2021-01-01",
        "query µs cut-off",
        "spans",
        "heap MiB kept (peak)",
    )
    title = f"read_dataset and warm members_as_of, {'with' if args.churn else 'no'} churn"
    print_table(title, header, rows)
    print()
    print("- query: warm ds.members_as_of(day), best repetition; spans: announced, all members")
    print("- heap: Python heap (tracemalloc) the dataset keeps, and its peak during the read")
    for (small, t_small), (big, t_big) in itertools.pairwise(zip(sizes, reads, strict=True)):
        growth = (
            f"x{t_big / t_small:.1f}, n^{math.log(t_big / t_small) / math.log(big / small):.2f}"
        )
        print(f"- read_dataset {small:,} -> {big:,} events: {growth}")
    print(f"- read_dataset at {sizes[-1]:,}: {verdict(reads[-1], TARGET_READ_S, 's')}")
    print(
        f"- read_dataset / json.loads at {sizes[-1]:,} (median of paired runs): "
        f"{verdict(ratios[-1], TARGET_RATIO, 'x')}"
    )
    print(f"- members_as_of at {sizes[-1]:,}: {verdict(queries[-1], TARGET_QUERY_US, 'µs')}")
    if args.quick:
        print("- quick run: sizes too small and too few runs for the figures to mean anything")
    return 0


if __name__ == "__main__":
    sys.exit(main())
