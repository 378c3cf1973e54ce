"""Make a dataset release: the maintainer's one command.

Usage (from the repository root)::

    python scripts/release_data.py [VERSION] --cutoff YYYY-MM-DD [--date YYYY-MM-DD]
    python scripts/release_data.py --check

VERSION defaults to the release day (``YYYY.MM.DD``, or ``YYYY.MM.DD.N`` if that is taken).
The cut-off is required: it is the day through which the maintainer checked the whole
record, so it is never assumed, and it may not be after the release day or after today.
The script refuses unless the working data in ``src/abraham_accords/data`` passes
``validate`` and no record is dated after the cut-off.
It then writes the new ``data_version`` and cut-off into ``metadata.json``, stores the
release as a delta on the previous one (``releases/VERSION.json.gz``), appends it to
``releases/index.json`` with its checksums, and updates CITATION.cff and the changelog.
Earlier releases are never touched. ``--check`` only says whether the working data is a
release (exit 0) or has unreleased changes (exit 1). See docs/releasing.md.
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
from abraham_accords._fingerprint import data_contents, fingerprint, unreleased_reason
from abraham_accords._loading import read_dataset
from abraham_accords._releases import (
    INDEX,
    chain,
    file_name,
    next_document,
    read_snapshot,
    snapshot_document,
    version_key,
)
from abraham_accords._storage import Document, snapshot_text, stored_form
from abraham_accords._validate import validate

PACKAGE = Path("src/abraham_accords")


def _replace_once(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    if count != 1:
        msg = f"{path}: pattern {pattern!r} not found"
        raise SystemExit(msg)
    path.write_text(new, encoding="utf-8")


def _summary(version: str, cutoff: dt.date, previous: str | None, change: object) -> str:
    """One changelog line naming the release and counting what changed."""
    line = f"- Dataset release **{version}** (cut-off {cutoff})"
    if previous is None:
        return line + ": first release."
    parts = []
    for name in ("parties", "instruments", "events", "sources", "provisions"):
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


def _history(releases: Path, index: list[dict[str, str]]) -> Document | None:
    """Rebuild the newest release from the chain of deltas, checking every checksum."""
    document: Document | None = None
    previous: str | None = None
    for entry in index:
        document = next_document(releases, entry["version"], previous, document)
        previous = entry["version"]
        if hashlib.sha256(snapshot_text(document)).hexdigest() != entry["sha256"]:
            msg = f"release {entry['version']} does not match its checksum; stopping"
            raise SystemExit(msg)
    return document


def _unloadable(releases: Path) -> str | None:
    """Say why a release in *releases* cannot be loaded, or None when every one can.

    A release file left out of a commit, or one whose content no longer matches the
    index's checksum, is caught here: every release is rebuilt from its chain of deltas.
    """
    try:
        _history(releases, json.loads((releases / INDEX).read_text(encoding="utf-8")))
    except (AbrahamAccordsError, OSError, SystemExit) as exc:
        return f"a release cannot be loaded: {exc}"
    return None


def next_version(known: list[str], today: dt.date) -> str:
    """The version of a release made *today*: ``YYYY.MM.DD``, then ``.1``, ``.2``, ..."""
    base = today.strftime("%Y.%m.%d")
    taken = [v for v in known if v == base or v.startswith(base + ".")]
    return base if not taken else f"{base}.{len(taken)}"


def _check_cutoff(cutoff: dt.date, today: dt.date) -> None:
    """Refuse a cut-off after the release day or after today: it was checked, not hoped for."""
    latest = min(today, dt.date.today())
    if cutoff > latest:
        msg = (
            f"the cut-off {cutoff} is after {latest}: it is the day through which the record "
            "was checked, which cannot be in the future"
        )
        raise SystemExit(msg)


def _store(
    releases: Path, version: str, known: list[str], before: Document | None, document: Document
) -> None:
    """Write release *version*: a delta on the newest of *known*, or in full (``stored_form``)."""
    base = None
    if known and before is not None:
        base = (known[-1], before, chain(releases, known)[1])
    (releases / file_name(version)).write_bytes(stored_form(version, base, document))


def release(root: Path, version: str | None, *, cutoff: dt.date, today: dt.date) -> str:
    """Perform the release in the repository at *root*; return its version."""
    _check_cutoff(cutoff, today)
    releases = root / PACKAGE / "releases"
    data = root / PACKAGE / "data"
    index_path = releases / INDEX
    index: list[dict[str, str]] = json.loads(index_path.read_text(encoding="utf-8"))
    known = [entry["version"] for entry in index]
    version = version or next_version(known, today)
    if version in known:
        msg = f"{version} is already released; releases are immutable"
        raise SystemExit(msg)
    previous = max(known, key=version_key) if known else None
    try:
        Metadata.model_validate(
            {**json.loads((data / "metadata.json").read_bytes()), "data_version": version}
        )
    except ValueError:
        msg = f"{version!r} is not a dataset version (YYYY.MM.DD or YYYY.MM.DD.N)"
        raise SystemExit(msg) from None
    if "+" in version or (previous and version_key(version) <= version_key(previous)):
        msg = f"{version} must be a plain version after the newest release {previous}"
        raise SystemExit(msg)
    problems = validate(data)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        msg = f"the data has {len(problems)} problem(s); run validate and fix them:\n{listed}"
        raise SystemExit(msg)
    old_document = _history(releases, index)
    working = read_dataset(data)
    metadata = Metadata.model_validate(
        {
            **working.metadata.model_dump(),
            "data_version": version,
            "cutoff": cutoff,
        }
    )
    metadata_path = data / "metadata.json"
    before = metadata_path.read_bytes()
    metadata_path.write_text(canonical_json(metadata), encoding="utf-8")
    contents = data_contents(data)
    digest = fingerprint(contents)
    try:
        # Released data is trusted when read; replace() checks it all, cut-off included.
        dataset = read_dataset(data, releases=[(version, digest)]).replace()
    except AbrahamAccordsError:
        metadata_path.write_bytes(before)  # leave the working data as it was
        raise
    document = snapshot_document(dataset)
    snapshot = snapshot_text(document)
    _store(releases, version, sorted(known, key=version_key), old_document, document)
    index.append(
        {
            "version": version,
            "released": today.isoformat(),
            "sha256": hashlib.sha256(snapshot).hexdigest(),
            "data_sha256": digest,
        }
    )
    index_path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    _replace_once(root / "CITATION.cff", r'^version: ".*"$', f'version: "{version}"')
    _replace_once(
        root / "CITATION.cff", r"^date-released: .*$", f'date-released: "{today.isoformat()}"'
    )
    change = None
    if old_document is not None:
        change = diff(read_snapshot(snapshot_text(old_document), name=str(previous)), dataset)
    _changelog(root / "CHANGELOG.md", _summary(version, metadata.cutoff, previous, change))
    return version


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and make the release (or check that the data is released)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("version", nargs="?", help="YYYY.MM.DD[.N] (default: the release day)")
    parser.add_argument(
        "--cutoff",
        type=dt.date.fromisoformat,
        help="the day through which the record was checked (required to release)",
    )
    parser.add_argument("--date", type=dt.date.fromisoformat, help="release day (today)")
    parser.add_argument("--root", type=Path, default=Path(), help="repository root")
    parser.add_argument("--check", action="store_true", help="only check the data is released")
    args = parser.parse_args(argv)
    if args.check:
        reason = unreleased_reason(
            args.root / PACKAGE / "data", args.root / PACKAGE / "releases" / INDEX
        ) or _unloadable(args.root / PACKAGE / "releases")
        print(reason or "the working data is a release", file=sys.stderr if reason else sys.stdout)
        return 1 if reason else 0
    if args.cutoff is None:
        parser.error("--cutoff is required: the day through which the record was checked")
    try:
        version = release(
            args.root, args.version, cutoff=args.cutoff, today=args.date or dt.date.today()
        )
    except AbrahamAccordsError as exc:
        print(f"release refused: {exc}", file=sys.stderr)
        return 1
    print(f"Released dataset {version}: review 'git diff', run the tests, commit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
