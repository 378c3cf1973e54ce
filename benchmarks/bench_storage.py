"""Storage: the package's data files against one dataset, and what a longer history costs.

Releases are stored as chains of gzip-compressed deltas, a chain restarting with a release
stored in full once it would read more than READ_LIMIT times that (docs/releasing.md). The
contract: with 100 releases, ``validate`` and loading any release cost at most 1.5x what
they cost with 10, while the package's data files stay within 2x one dataset. This
measures, for the bundled package and for two synthetic histories (10 and 100 releases,
each release changing the summaries of 5 events, starting from the newest bundled one):

- the bytes of every data file (working data plus release files) over the bytes of one
  dataset (the canonical snapshot of the newest release);
- the time to load the oldest, a middle and the newest release with every release cache
  empty (rebuild the snapshot from the chain, check its SHA-256, parse it into a
  Dataset); and
- the time of ``validate`` on working data equal to the newest release, with that
  history as the package's releases (it reads every release file for the released ids).

Each time is the median of several runs, the two histories taking turns; the verdicts
compare the longer history's times with the shorter one's.

    python benchmarks/bench_storage.py            # 10 and 100 synthetic releases, 7 runs
    python benchmarks/bench_storage.py --quick    # CI smoke run: 3 and 10 releases, 1 run
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import print_table, verdict

import abraham_accords as aa
from abraham_accords import _releases
from abraham_accords._fingerprint import fingerprint
from abraham_accords._storage import Document, data_files, decode, snapshot_text, stored_form

PACKAGE = Path(aa.__file__).parent
TARGET_SIZE = 2.0  # data files / one dataset, bundled and for the longer synthetic history
TARGET_GROWTH = 1.5  # a load or validate with the longer history / with the shorter one
CHANGED = 5


class History:
    """A synthetic release history in a folder, with the working data of its newest release."""

    def __init__(self, folder: Path, count: int) -> None:
        """Write *count* releases, each changing CHANGED events, under *folder*."""
        self.releases = folder / "releases"
        self.data = folder / "data"
        self.releases.mkdir()
        self.data.mkdir()
        document = json.loads(snapshot_text(_releases._document(aa.available_versions()[-1])))
        index: list[dict[str, str]] = []
        previous: tuple[str, Document, int] | None = None
        self.full = 0
        day = dt.date(2030, 1, 1)
        for number in range(count):
            version = (day + dt.timedelta(days=number)).strftime("%Y.%m.%d")
            # A synthetic history has no release with the ids the newest one retired.
            events = [{k: v for k, v in e.items() if k != "replaces"} for e in document["events"]]
            for k in range(CHANGED):
                at = (number * CHANGED + k) * 7 % len(events)
                events[at]["summary"] = f"Revised in synthetic release {number}, change {k}."
            document = {
                **document,
                "metadata": {**document["metadata"], "data_version": version},
                "events": events,
            }
            stored = stored_form(version, previous, document)  # as the release script does
            (self.releases / _releases.file_name(version)).write_bytes(stored)
            in_full = decode(stored)["base"] is None
            self.full += in_full
            index.append(
                {
                    "version": version,
                    "released": version.replace(".", "-"),
                    "sha256": hashlib.sha256(snapshot_text(document)).hexdigest(),
                    "data_sha256": fingerprint(data_files(document)),
                }
            )
            read = len(stored) if in_full or previous is None else previous[2] + len(stored)
            previous = (version, document, read)
        index_text = json.dumps(index, indent=2) + "\n"
        (self.releases / _releases.INDEX).write_text(index_text, encoding="utf-8")
        for name, data in data_files(document).items():
            (self.data / name).write_bytes(data)
        self.versions = [e["version"] for e in index]
        self.one = len(snapshot_text(document))
        self.total = sum(p.stat().st_size for p in [*self.data.iterdir(), *self.releases.iterdir()])

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Make this history the package's releases, with every release cache empty."""
        original = _releases._releases_root
        _releases._releases_root = lambda: self.releases
        empty_release_caches()
        try:
            yield
        finally:
            _releases._releases_root = original
            empty_release_caches()


def empty_release_caches() -> None:
    """Forget the release index, loaded releases and the verified snapshots."""
    _releases.releases.cache_clear()
    _releases._LOADED.clear()
    _releases._DOCUMENTS.clear()


def bundled() -> list[list[object]]:
    """Sizes of the package's data files, by folder, against one dataset."""
    one = len(snapshot_text(_releases._document(aa.available_versions()[-1])))
    data = sum(p.stat().st_size for p in (PACKAGE / "data").iterdir())
    stored = sum(p.stat().st_size for p in (PACKAGE / "releases").iterdir())
    return [
        ["one dataset (newest snapshot)", one, "1.00"],
        ["data/ (working data)", data, f"{data / one:.2f}"],
        [f"releases/ ({len(aa.available_versions())} releases)", stored, f"{stored / one:.2f}"],
        ["package data files", data + stored, f"{(data + stored) / one:.2f}"],
    ]


def measures(history: History) -> dict[str, Callable[[], object]]:
    """What is timed on *history*: three loads and validate."""
    versions = history.versions
    return {
        "load the oldest release": lambda: aa.load(versions[0]),
        "load a middle release": lambda: aa.load(versions[len(versions) // 2]),
        "load the newest release": lambda: aa.load(versions[-1]),
        "validate the working data": lambda: aa.validate(history.data),
    }


def cold(history: History, action: Callable[[], object]) -> float:
    """Seconds *action* takes with *history* installed and every release cache empty."""
    with history.installed():
        start = time.perf_counter()
        action()
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Print the tables and the verdicts."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run for CI")
    args = parser.parse_args(argv)
    counts, repeats = ((3, 10), 1) if args.quick else ((10, 100), 7)
    rows = bundled()
    print_table("The bundled package (bytes)", ["files", "bytes", "x one dataset"], rows)
    with tempfile.TemporaryDirectory() as name:
        histories = []
        for count in counts:
            (Path(name) / str(count)).mkdir()
            histories.append(History(Path(name) / str(count), count))
        for history in histories:
            with history.installed():
                problems = aa.validate(history.data)
            if problems:
                msg = f"the synthetic data of {len(history.versions)} releases has problems: "
                raise SystemExit(msg + "; ".join(map(str, problems[:3])))
            for action in measures(history).values():  # a first, untimed run of each
                cold(history, action)
        samples: dict[tuple[int, str], list[float]] = {}
        for _ in range(repeats):
            for history in histories:
                for label, action in measures(history).items():
                    key = (len(history.versions), label)
                    samples.setdefault(key, []).append(cold(history, action))
    short, long = counts
    print_table(
        f"Synthetic histories, {CHANGED} events changed in each release (bytes)",
        ["history", "data files", "one dataset", "x one dataset"],
        [
            [
                f"{len(h.versions)} releases ({h.full} in full)",
                h.total,
                h.one,
                f"{h.total / h.one:.2f}",
            ]
            for h in histories
        ],
    )
    labels = list(measures(histories[0]))
    ms = {key: statistics.median(values) * 1000 for key, values in samples.items()}
    growth = {label: ms[long, label] / ms[short, label] for label in labels}
    print_table(
        f"Cold caches, ms (median of {repeats})",
        ["measure", f"{short} releases", f"{long} releases", f"{long} / {short}"],
        [
            [label, f"{ms[short, label]:.1f}", f"{ms[long, label]:.1f}", f"{growth[label]:.2f}"]
            for label in labels
        ],
    )
    package_ratio = float(str(rows[-1][2]))
    print()
    print("- bundled data files / one dataset:", verdict(package_ratio, TARGET_SIZE, "x"))
    longest = histories[-1]
    print(
        f"- {long} releases' data files / one dataset:",
        verdict(longest.total / longest.one, TARGET_SIZE, "x"),
    )
    for label in labels:
        print(f"- {label}, {long} releases / {short}:", verdict(growth[label], TARGET_GROWTH, "x"))


if __name__ == "__main__":
    main()
