"""Compare the command line's contract with the last package release; fail on an unannounced break.

The command line is public API too: scripts read the keys of its ``--json`` output, the
columns of its ``--csv`` output and its exit codes. This check runs the CLI of the last
package release (its ``src`` taken from git, with the installed dependencies) and the
working tree's CLI, each in a subprocess of its own that calls its ``main(argv)`` for each
of the fixed :data:`INVOCATIONS`, and compares
what a script could depend on, not the values (the data differ between releases):

- JSON: at each path (``$``, ``$[]``, ``$.events[]``, ...), the keys of the objects found
  there, united over every item of every list, and the kind of value (object, array,
  string, number, boolean; null says nothing). A key removed, or a kind no longer given,
  is a break; a key added is not. A path with no value to compare in the new output is
  reported too (choose an invocation whose answer has items there).
- CSV: the header. A script may read columns by name or by position (``cut -f3``,
  ``usecols=[2]``), so every old column must keep its name and its place: a column removed
  (or renamed) is a break, and so is one moved, by a change of order or by a column added
  or removed before it. Columns added after the old ones are not a break. And the kind of
  value in each column kept (boolean ``true``/``false``, number, string; an empty cell
  says nothing): a kind no longer given is a break (``true`` become ``1``).
- Exit codes: the same code for the same invocation (0 success, 1 not found or invalid
  data, 2 usage error).

Each break since the last release must be announced: listed in :data:`ANNOUNCED` with the
changelog's words telling users how to migrate. The baseline is ``check_api``'s
:data:`check_api.LAST_RELEASE` (``scripts/release_package.py`` moves it).

Usage (from the repository root, after the README's test command; CI runs it)::

    python scripts/check_cli.py
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from check_api import LAST_RELEASE, report

ROOT: Final = Path(__file__).resolve().parents[1]

BROKEN: Final = "BROKEN"
"""Stands in an invocation for a data directory whose ``parties.json`` is not JSON."""


class Invocation(NamedTuple):
    """One run of the command line: a name for reports, its arguments, what to compare."""

    name: str
    argv: tuple[str, ...]
    output: str = "exit"
    """``json`` or ``csv`` (the shape of the output and the exit code), or ``exit`` (the
    exit code alone)."""


def _formats(name: str, *argv: str) -> tuple[Invocation, Invocation]:
    return (
        Invocation(f"{name} --json", (*argv, "--json"), "json"),
        Invocation(f"{name} --csv", (*argv, "--csv"), "csv"),
    )


INVOCATIONS: Final[tuple[Invocation, ...]] = (
    *_formats("members", "members", "--as-of", "2021-06-01"),
    *_formats("members --stage signed", "members", "--as-of", "2021-06-01", "--stage", "signed"),
    *_formats("events", "events"),
    *_formats("events --party", "events", "--party", "MA"),
    *_formats("show", "show", "MA"),
    *_formats("sources", "sources"),
    *_formats("panel", "panel", "--start", "2020-01-01", "--end", "2022-12-31"),
    *_formats(
        "panel --freq month",
        *("panel", "--start", "2020-08-01", "--end", "2021-01-31", "--freq", "month"),
    ),
    *_formats("dyads", "dyads", "--start", "2020", "--end", "2022"),
    *_formats(
        "dyads --party --freq month",
        "dyads",
        "--start",
        "2021-01",
        "--end",
        "2021-03",
        "--party",
        "MA",
        "--freq",
        "month",
        "--rule",
        "max",
    ),
    *_formats("memberships", "memberships", "--party", "MA"),
    *_formats("implementation", "implementation", "--instrument", "ma-us-il-joint-declaration"),
    Invocation("feed", ("feed", "--as-of", "2021-06-01"), "json"),
    *_formats("versions", "versions"),
    *_formats("diff", "diff", "2026.11.27", "2026.11.27.1"),
    Invocation("--version", ("--version",)),
    Invocation("--help", ("--help",)),
    Invocation("no command", ()),
    Invocation("unknown command", ("frobnicate",)),
    Invocation("cite", ("cite",)),
    Invocation("cite --style apa", ("cite", "--style", "apa")),
    Invocation("validate", ("validate",)),
    Invocation("show: unknown party", ("show", "Atlantis")),
    Invocation("events --party: unknown party", ("events", "--party", "Atlantis")),
    Invocation("members --as-of: bad date", ("members", "--as-of", "2021-13-01")),
    Invocation("members --stage: bad value", ("members", "--stage", "sgined")),
    Invocation("events --kind: bad value", ("events", "--kind", "nope")),
    Invocation("events --start: bad date", ("events", "--start", "2021-02-30")),
    Invocation("sources --kind: bad value", ("sources", "--kind", "nope")),
    Invocation("panel: no --end", ("panel", "--start", "2020-01-01")),
    Invocation("panel --end: bad date", ("panel", "--start", "2020-01-01", "--end", "2020-02-30")),
    Invocation(
        "panel --freq: bad value", ("panel", "--start", "2020", "--end", "2021", "--freq", "week")
    ),
    Invocation("panel: start after end", ("panel", "--start", "2022-01-01", "--end", "2021-01-01")),
    Invocation(
        "panel --json --csv",
        ("panel", "--start", "2020-01-01", "--end", "2021-12-31", "--json", "--csv"),
    ),
    Invocation("diff: unknown version", ("diff", "1999.01.01", "2026.11.27")),
    Invocation("cite --data-version: unknown", ("cite", "--data-version", "1999.01.01")),
    Invocation("cite --style: bad value", ("cite", "--style", "mla")),
    Invocation("export: no --out", ("export", "--format", "csv")),
    Invocation("validate: not a directory", ("validate", "/nonexistent/abraham-accords-data")),
    Invocation("validate: broken data", ("validate", BROKEN)),
)
"""What the check runs on both sides: every command with ``--json`` and ``--csv`` where
it has them, and the error cases of each exit code. A command the last release lacks fails
there and is compared from the next release on."""


ANNOUNCED: Final[Mapping[str, str]] = {}
"""Each break since the last release, as the check reports it, with the changelog's words
(compared with the changelog's text with line breaks and runs of spaces made one space)."""


@dataclass
class Node:
    """What the JSON values found at one path have shown: their kinds and object keys."""

    parent: str | None
    """The path of the object or array holding these values (None at the top)."""
    key: str | None
    """The key these values are held under in *parent*'s objects (None for list items)."""
    kinds: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)

    def given(self) -> set[str]:
        """The kinds of the values here that say something: all but null."""
        return self.kinds - {"null"}


Shape = dict[str, Node]
"""A JSON document's :class:`Node` at each path: ``$``, ``$[]``, ``$.events[]``, ..."""


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else "string"


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def json_shape(value: object) -> Shape:
    """The kinds and keys found at each path of a JSON document, united over list items.

    Examples:
        >>> shape = json_shape([{"a": 1}, {"b": {"c": None}}])
        >>> sorted(shape["$[]"].keys), sorted(shape["$[].b"].keys), shape["$[].b.c"].kinds
        (['a', 'b'], ['c'], {'null'})
    """
    shape: Shape = {}
    todo: list[tuple[str, str | None, str | None, object]] = [("$", None, None, value)]
    while todo:
        path, parent, key, item = todo.pop()
        node = shape.setdefault(path, Node(parent, key))
        node.kinds.add(_kind(item))
        if isinstance(item, dict):
            node.keys.update(item)
            todo.extend((_child(path, k), path, k, child) for k, child in item.items())
        elif isinstance(item, list):
            todo.extend((f"{path}[]", path, None, child) for child in item)
    return shape


def compare_json(old: Shape, new: Shape) -> list[str]:
    """What a reader of the old JSON could trip on in the new: removed keys, changed kinds.

    Null says nothing about a value's kind (any optional field may be null in every item of
    one answer), so a path where the new output holds only nulls, or nothing, is reported
    only where the old output held objects or arrays there, whose contents would go
    unchecked: as having nothing to compare, unless a key or kind above it is reported.

    Examples:
        >>> compare_json(json_shape([{"start": 1}]), json_shape([{"period_start": 1}]))
        ["$[]: key 'start' removed"]
        >>> compare_json(json_shape({"a": 1}), json_shape({"a": 1, "b": 2}))
        []
    """
    breaks = []
    for path, was in sorted(old.items()):
        now = new.get(path)
        if now is None or not now.given():
            above = new.get(was.parent or "")
            if (
                was.kinds & {"object", "array"}
                and above
                and above.given()
                and (was.key is None or was.key in above.keys)
            ):
                breaks.append(f"{path}: nothing to compare in the new output")
            continue
        breaks.extend(
            f"{path}: no longer {'an' if kind[0] in 'ao' else 'a'} {kind}"
            for kind in sorted(was.given() - now.given())
        )
        if "object" in now.kinds:
            breaks.extend(f"{path}: key {key!r} removed" for key in sorted(was.keys - now.keys))
    return breaks


def csv_header(text: str) -> list[str]:
    r"""The columns of a CSV text: its first row.

    Examples:
        >>> csv_header("party,period\nAE,2020\n")
        ['party', 'period']
    """
    return next(csv.reader(text.splitlines()), [])


_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _cell_kind(cell: str) -> str:
    if cell in {"true", "false"}:
        return "boolean"
    return "number" if _NUMBER.fullmatch(cell) else "string"


def csv_kinds(text: str) -> dict[str, set[str]]:
    r"""The kinds of value in each column of a CSV text; an empty cell says nothing.

    Examples:
        >>> csv_kinds("party,member,year,note\nAE,true,2020,\nMA,false,2021,x\n")
        {'party': {'string'}, 'member': {'boolean'}, 'year': {'number'}, 'note': {'string'}}
    """
    rows = csv.reader(text.splitlines())
    header = next(rows, [])
    kinds: dict[str, set[str]] = {column: set() for column in header}
    for row in rows:
        for column, cell in zip(header, row, strict=False):
            if cell:
                kinds[column].add(_cell_kind(cell))
    return kinds


def compare_cells(old: Mapping[str, set[str]], new: Mapping[str, set[str]]) -> list[str]:
    """What a reader of an old CSV column could trip on: a kind of value no longer given.

    A column without a value in the new output says nothing (as null in JSON).

    Examples:
        >>> compare_cells({"member": {"boolean"}}, {"member": {"number"}})
        ["column 'member': no longer a boolean"]
        >>> compare_cells({"note": {"string"}}, {"note": set()})
        []
    """
    return [
        f"column {column!r}: no longer a {kind}"
        for column, kinds in old.items()
        if new.get(column)
        for kind in sorted(kinds - new[column])
    ]


def compare_csv(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """What a reader of the old CSV could trip on: a column removed or not in its old place.

    A renamed column is a removed one; a column added before an old one moves that one.

    Examples:
        >>> compare_csv(["party", "start", "member"], ["party", "period_start", "member"])
        ["column 'start' removed"]
        >>> compare_csv(["party", "member"], ["party", "member", "iso3"])
        []
        >>> compare_csv(["party", "member"], ["party", "iso3", "member"])
        ["column 'member' moved from position 2 to 3"]
    """
    breaks = []
    for place, column in enumerate(old, start=1):
        if column not in new:
            breaks.append(f"column {column!r} removed")
        elif (now := new.index(column) + 1) != place:
            breaks.append(f"column {column!r} moved from position {place} to {now}")
    return breaks


class Run(NamedTuple):
    """What one invocation gave: its exit code and standard output."""

    code: int
    stdout: str


def compare(invocation: Invocation, old: Run, new: Run) -> list[str]:
    """The breaks between the old and the new run of *invocation*, each named after it.

    A run that failed before and succeeds now is no break: what scripts could not do, they
    now can (a command or option added since the release).
    """
    breaks = []
    if old.code != new.code and not (old.code != 0 and new.code == 0):
        breaks.append(f"exit code {new.code}, was {old.code}")
    elif old.code == 0 and invocation.output == "json":
        breaks += compare_json(
            json_shape(json.loads(old.stdout)), json_shape(json.loads(new.stdout))
        )
    elif old.code == 0 and invocation.output == "csv":
        breaks += compare_csv(csv_header(old.stdout), csv_header(new.stdout))
        breaks += compare_cells(csv_kinds(old.stdout), csv_kinds(new.stdout))
    return [f"{invocation.name}: {found}" for found in breaks]


def unannounced(breaks: Iterable[str], changelog: str) -> list[str]:
    """The breaks that :data:`ANNOUNCED` does not list, or whose changelog words are missing.

    Examples:
        >>> unannounced([], "")
        []
    """
    text = " ".join(changelog.split())
    found = []
    for change in breaks:
        words = ANNOUNCED.get(change)
        if words is None:
            found.append(f"{change} (not announced)")
        elif " ".join(words.split()) not in text:
            found.append(f"{change} (the changelog does not say {words!r})")
    return found


_DRIVER: Final = """
import contextlib, io, json, sys, traceback
src = sys.argv[1]
sys.path.insert(0, src)
import abraham_accords
from abraham_accords._cli import main
if not abraham_accords.__file__.startswith(src):
    sys.exit(f"imported {abraham_accords.__file__}, not the package in {src}")
results = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except Exception:
            traceback.print_exc()
            code = 1
    results.append([code, out.getvalue()])
sys.__stdout__.write(json.dumps(results))
"""
"""Runs each invocation's ``main(argv)`` of the package in ``argv[1]`` (read from stdin),
and writes the exit codes and outputs as JSON; a crash is exit code 1, as Python's."""


def run_all(src: Path, invocations: Sequence[Invocation], broken: Path) -> list[Run]:
    """Run *invocations* with the CLI of the package in *src*, in a subprocess."""
    argvs = [[str(broken) if arg == BROKEN else arg for arg in i.argv] for i in invocations]
    done = subprocess.run(  # noqa: S603  (this interpreter, with fixed arguments)
        [sys.executable, "-c", _DRIVER, str(src)],
        input=json.dumps(argvs),
        capture_output=True,
        text=True,
        check=False,
        cwd=broken.parent,
    )
    if done.returncode != 0:
        msg = f"the CLI in {src} could not be run: {done.stderr.strip()}"
        raise SystemExit(msg)
    return [Run(code, stdout) for code, stdout in json.loads(done.stdout)]


def extract(commit: str, target: Path) -> Path:
    """Extract ``src`` of *commit* into *target*; return the ``src`` directory."""
    target.mkdir(parents=True, exist_ok=True)
    archive = target / "src.tar"
    top = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],  # noqa: S607  (git from PATH, as CI has it)
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    # From the top of the checkout: git archive refuses to run in an untracked directory,
    # such as the copy of the project mutmut runs the tests in.
    with archive.open("wb") as out:
        done = subprocess.run(  # noqa: S603  (git, with fixed arguments)
            ["git", "archive", "--prefix=src/", f"{commit}:src"],  # noqa: S607  (git from PATH)
            cwd=top.stdout.strip() if top.returncode == 0 else ROOT,
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    if done.returncode != 0:
        msg = (
            f"cannot read commit {commit} from git ({done.stderr.decode().strip()}); "
            "the check needs the full history (a shallow clone lacks it: run "
            "`git fetch --unshallow`, or check out with `fetch-depth: 0`)"
        )
        raise SystemExit(msg)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # Python before 3.10.12 has no filters; the archive is of this repository
            tar.extractall(target)  # noqa: S202  (our own commit's files, see above)
    return target / "src"


def main() -> int:
    """Run the CLI of the last release and of the working tree, and compare them."""
    version, commit = LAST_RELEASE
    with tempfile.TemporaryDirectory() as work:
        base = Path(work)
        broken = base / "broken"
        broken.mkdir()
        (broken / "parties.json").write_text("{\n", encoding="utf-8")
        old = run_all(extract(commit, base / "old"), INVOCATIONS, broken)
        new = run_all(ROOT / "src", INVOCATIONS, broken)
    breaks = [b for i, o, n in zip(INVOCATIONS, old, new, strict=True) for b in compare(i, o, n)]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return report(
        unannounced(breaks, changelog),
        f"CLI break since {version}",
        "Restore what scripts read, or announce the break in scripts/check_cli.py and in "
        "CHANGELOG.md with a migration line.",
        f"command line: no unannounced break since {version} ({len(INVOCATIONS)} invocations)",
    )


if __name__ == "__main__":
    sys.exit(main())
