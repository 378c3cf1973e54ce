"""Make a dataset release: bump DATA_VERSION, freeze the snapshot, record its checksum.

Usage (from the repository root)::

    python scripts/release_data.py 2026.12.01 [--cutoff 2026-11-30] [--date 2026-12-01]

It refuses to run unless the working data in ``src/abraham_accords/data`` passes every
check, and it never touches an earlier release. See docs/releasing.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

from abraham_accords import AbrahamAccordsError, Metadata
from abraham_accords._canonical import canonical_json
from abraham_accords._diff import diff
from abraham_accords._loading import read_dataset
from abraham_accords._releases import INDEX, read_snapshot, snapshot_bytes, version_key
from abraham_accords._validate import validate

PACKAGE = Path("src/abraham_accords")


def _replace_once(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    if count != 1:
        msg = f"{path}: pattern {pattern!r} not found"
        raise SystemExit(msg)
    path.write_text(new, encoding="utf-8")


def _summary(root: Path, previous: str | None, version: str, cutoff: dt.date) -> str:
    """One changelog line naming the release and counting what changed."""
    line = f"- Dataset release **{version}** (cut-off {cutoff})"
    if previous is None:
        return line + ": first release."
    old = read_snapshot(
        (root / PACKAGE / "releases" / f"{previous}.json").read_bytes(), name=previous
    )
    new = read_snapshot(
        (root / PACKAGE / "releases" / f"{version}.json").read_bytes(), name=version
    )
    change = diff(old, new)
    parts = []
    for name in ("parties", "instruments", "events", "sources"):
        table = getattr(change, name)
        counts = [
            f"{len(table.added)} added" if table.added else "",
            f"{len(table.changed)} changed" if table.changed else "",
            f"{len(table.removed)} removed" if table.removed else "",
        ]
        said = ", ".join(c for c in counts if c)
        if said:
            parts.append(f"{name}: {said}")
    detail = "; ".join(parts) or "no record changed"
    return f"{line}, since {previous}: {detail}."


def _changelog(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    head = "## [Unreleased]\n"
    if head not in text:
        msg = f"{path}: no '## [Unreleased]' section"
        raise SystemExit(msg)
    start = text.index(head) + len(head)
    end = text.find("\n## [", start)
    section = text[start : end if end != -1 else len(text)]
    if "### Data\n" in section:
        at = start + section.index("### Data\n") + len("### Data\n\n")
        text = text[:at] + line + "\n" + text[at:]
    else:
        text = text[:start] + f"\n### Data\n\n{line}\n" + text[start:]
    path.write_text(text, encoding="utf-8")


def release(root: Path, version: str, *, cutoff: dt.date | None, today: dt.date) -> str:
    """Perform the release in the repository at *root*; return the test line to add."""
    releases = root / PACKAGE / "releases"
    index_path = releases / INDEX
    index = json.loads(index_path.read_text(encoding="utf-8"))
    known = [entry["version"] for entry in index]
    if version in known:
        msg = f"{version} is already released; releases are immutable"
        raise SystemExit(msg)
    problems = validate(root / PACKAGE / "data")
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        msg = f"the data has {len(problems)} problem(s); run validate and fix them:\n{listed}"
        raise SystemExit(msg)
    working = read_dataset(root / PACKAGE / "data")
    metadata = Metadata.model_validate(
        {
            **working.metadata.model_dump(),
            "data_version": version,
            "cutoff": cutoff or working.metadata.cutoff,
        }
    )
    previous = max(known, key=version_key) if known else None
    if previous is not None and version_key(version) <= version_key(previous):
        msg = f"{version} must come after the newest release {previous}"
        raise SystemExit(msg)
    (root / PACKAGE / "data" / "metadata.json").write_text(
        canonical_json(metadata), encoding="utf-8"
    )
    dataset = read_dataset(root / PACKAGE / "data")
    snapshot = snapshot_bytes(dataset)
    (releases / f"{version}.json").write_bytes(snapshot)
    digest = hashlib.sha256(snapshot).hexdigest()
    index.append({"version": version, "sha256": digest, "released": today.isoformat()})
    index_path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    _replace_once(
        root / PACKAGE / "_version.py",
        r'^DATA_VERSION: Final = ".*"$',
        f'DATA_VERSION: Final = "{version}"',
    )
    _replace_once(root / "CITATION.cff", r'^version: ".*"$', f'version: "{version}"')
    _replace_once(
        root / "CITATION.cff", r"^date-released: .*$", f'date-released: "{today.isoformat()}"'
    )
    _changelog(root / "CHANGELOG.md", _summary(root, previous, version, metadata.cutoff))
    return f'    "{version}": "{digest}",'


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and make the release."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="the new dataset version, YYYY.MM.DD[.N]")
    parser.add_argument("--cutoff", type=dt.date.fromisoformat, help="new cut-off date")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="release date (today)")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    args = parser.parse_args(argv)
    try:
        line = release(
            args.root, args.version, cutoff=args.cutoff, today=args.date or dt.date.today()
        )
    except AbrahamAccordsError as exc:
        print(f"release refused: {exc}", file=sys.stderr)
        return 1
    print(f"Released dataset {args.version}. Add this line to RELEASED in tests/test_releases.py:")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
