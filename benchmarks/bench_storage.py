"""Storage: the package's data files against one dataset, and loading old and new releases.

Releases are stored as a chain of gzip-compressed deltas (see docs/releasing.md). This
measures, for the bundled package and for a synthetic history of 100 releases that each
change 5 records:

- the bytes of every data file (working data plus release files) over the bytes of one
  dataset (the canonical snapshot of the newest release), and
- the time to load the oldest and the newest release from cold caches (rebuild the
  snapshot from the chain, check its SHA-256, parse it into a Dataset).

    python benchmarks/bench_storage.py            # 100 synthetic releases
    python benchmarks/bench_storage.py --quick    # CI smoke run: 10 releases, 1 repetition
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path

from _common import print_table, verdict

import abraham_accords as aa
from abraham_accords import _releases
from abraham_accords._storage import KEYS, Document, encode, make_delta, snapshot_text

PACKAGE = Path(aa.__file__).parent
TARGET_SIZE = 2.0  # data files / one dataset
TARGET_OLDEST = 2.0  # loading the oldest / loading the newest
CHANGED = 5


def files_of(document: Document) -> dict[str, bytes]:
    """The five canonical data files a document corresponds to."""

    def text(value: object) -> bytes:
        return unicodedata.normalize(
            "NFC", json.dumps(value, indent=2, ensure_ascii=False) + "\n"
        ).encode("utf-8")

    return {"metadata.json": text(document["metadata"])} | {
        f"{kind}.json": text(document[kind]) for kind in KEYS
    }


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


def synthetic(folder: Path, count: int) -> tuple[list[str], int, int]:
    """Write *count* releases, each changing CHANGED events, into *folder*.

    Returns the versions, the bytes of every data file and the bytes of one dataset.
    """
    document = json.loads(snapshot_text(_releases._document(aa.available_versions()[-1])))
    index: list[dict[str, str]] = []
    previous: tuple[str, Document] | None = None
    day = dt.date(2030, 1, 1)
    for number in range(count):
        version = (day + dt.timedelta(days=number)).strftime("%Y.%m.%d")
        events = [dict(e) for e in document["events"]]
        for k in range(CHANGED):
            at = (number * CHANGED + k) * 7 % len(events)
            events[at]["summary"] = f"Revised in synthetic release {number}, change {k}."
        document = {
            **document,
            "metadata": {**document["metadata"], "data_version": version},
            "events": events,
        }
        (folder / _releases.file_name(version)).write_bytes(
            encode(make_delta(version, previous, document))
        )
        snapshot = snapshot_text(document)
        index.append(
            {
                "version": version,
                "released": version.replace(".", "-"),
                "sha256": hashlib.sha256(snapshot).hexdigest(),
                "data_sha256": "0" * 64,
            }
        )
        previous = (version, document)
    (folder / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    working = sum(len(b) for b in files_of(document).values())
    stored = sum(p.stat().st_size for p in folder.iterdir())
    return [e["version"] for e in index], working + stored, len(snapshot_text(document))


def cold_load(version: str) -> float:
    """Seconds to load *version* with every release cache empty."""
    _releases.releases.cache_clear()
    _releases._LOADED.clear()
    _releases._DOCUMENTS.clear()
    start = time.perf_counter()
    aa.load(version)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Print the tables and the verdicts."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run for CI")
    args = parser.parse_args(argv)
    count, repeats = (10, 1) if args.quick else (100, 7)
    rows = bundled()
    print_table("The bundled package (bytes)", ["files", "bytes", "x one dataset"], rows)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        versions, total, one = synthetic(folder, count)
        original = _releases._releases_root
        _releases._releases_root = lambda: folder
        try:
            oldest = statistics.median(cold_load(versions[0]) for _ in range(repeats))
            newest = statistics.median(cold_load(versions[-1]) for _ in range(repeats))
        finally:
            _releases._releases_root = original
            _releases.releases.cache_clear()
            _releases._LOADED.clear()
            _releases._DOCUMENTS.clear()
    print_table(
        f"{count} synthetic releases, {CHANGED} events changed in each",
        ["measure", "value"],
        [
            ["data files (working data + releases), bytes", total],
            ["one dataset, bytes", one],
            ["data files / one dataset", f"{total / one:.2f}"],
            ["load the oldest, ms (median, cold caches)", f"{oldest * 1000:.1f}"],
            ["load the newest, ms (median, cold caches)", f"{newest * 1000:.1f}"],
        ],
    )
    package_ratio = float(str(rows[-1][2]))
    print()
    print("bundled data files / one dataset:", verdict(package_ratio, TARGET_SIZE, "x"))
    print(f"{count} releases / one dataset:", verdict(total / one, TARGET_SIZE, "x"))
    print("load oldest / load newest:", verdict(oldest / newest, TARGET_OLDEST, "x"))


if __name__ == "__main__":
    main()
