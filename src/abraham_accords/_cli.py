"""The ``abraham-accords`` command line; the only module that prints.

Exit codes: 0 success, 1 not found or invalid data, 2 usage error.
"""

from __future__ import annotations

__all__ = ["main"]

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn, TextIO

from ._dates import to_bound, to_date
from ._dyads import DyadRow
from ._errors import AbrahamAccordsError
from ._membership import STAGES
from ._models import EVENT_KINDS, PROVISION_KINDS, SOURCE_KINDS, Event, Party, Source
from ._reader import safe
from ._render import block_lines, table_lines, terminal_width

if TYPE_CHECKING:
    from ._dataset import Dataset

PROG: Final = "abraham-accords"

Row = dict[str, Any]


def _date_arg(text: str) -> dt.date:
    try:
        return to_date(text)  # named "date" in its message
    except AbrahamAccordsError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_span(parser: argparse.ArgumentParser, unit: str) -> None:
    """Add the required --start and --end of a table of rows (panel, dyads)."""
    bound = "a day YYYY-MM-DD, a month YYYY-MM or a year YYYY"
    for option, last, which in (("--start", False, "first"), ("--end", True, "last")):
        parser.add_argument(
            option,
            type=_bound_arg(last=last),
            required=True,
            metavar="WHEN",
            help=f"{which} {unit}: {bound}",
        )


def _ccode_arg(text: str) -> int:
    """A COW state number, 1 to 999; anything else is a usage error (exit code 2)."""
    number = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= number <= 999:  # noqa: PLR2004  (the range of COW state numbers)
        msg = f"a COW state number is a whole number from 1 to 999, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _bound_arg(*, last: bool) -> Callable[[str], str]:
    """An argument type for a panel's or dyad table's ``--start`` (``--end`` with *last*).

    The text is passed on as given (a day, a month or a year); one that is none of them
    is a usage error (exit code 2), as a bad date is everywhere else.
    """
    argument = "end" if last else "start"

    def check(text: str) -> str:
        try:
            to_bound(text, argument=argument, last=last)
        except AbrahamAccordsError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return check


class _VersionAction(argparse.Action):
    """Print the package and dataset versions (read only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(
            option_strings, dest, nargs=0, help="show the package and dataset versions"
        )
        del kwargs

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        del args, kwargs
        from ._fingerprint import bundled_version  # noqa: PLC0415  (read only when asked)
        from ._version import package_version  # noqa: PLC0415

        print(f"{PROG} {package_version()} (dataset {bundled_version()})")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """An argument parser whose error line never carries raw control characters."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {_safe(message)} (see '{self.prog} --help')\n")


def _add_implementation(commands: Any, output: argparse.ArgumentParser) -> None:  # noqa: ANN401  (argparse's subparsers action)
    """Add the ``implementation`` command and its filters."""
    implementation = commands.add_parser(
        "implementation",
        parents=[output],
        help="which commitments of the instruments were carried out, when, how long after",
        description=(
            "One row per provision (the commitments of each instrument, in the order of "
            "its text): the first recorded event of each bound party that carried it out, "
            "the first day (for an event known only to the month or year, the period's "
            "last day), the lag in days from the instrument's signature, the bound parties "
            "with no such event, and the status: implemented (every bound party acted), "
            "partial, open (no act recorded by the cut-off) or not_tracked (a recognition "
            "or encouragement, or a kind no event records). --json and --csv carry every "
            "column (docs/methodology.md, What counts as implementation)."
        ),
        epilog=f"kinds (docs/methodology.md): {', '.join(PROVISION_KINDS)}",
    )
    implementation.add_argument(
        "--instrument", metavar="ID", help="only the provisions of this instrument (its id)"
    )
    implementation.add_argument(
        "--kind", choices=PROVISION_KINDS, metavar="KIND", help="provision kind"
    )
    implementation.add_argument(
        "--party", metavar="PARTY", help="code or name: only the provisions that bind it"
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Query the sourced dataset of the Abraham Accords.",
        epilog="Exit codes: 0 success, 1 not found or invalid data, 2 usage error.",
    )
    parser.add_argument("--version", action=_VersionAction)
    output = _Parser(add_help=False)
    formats = output.add_mutually_exclusive_group()
    formats.add_argument("--json", dest="fmt", action="store_const", const="json", help="JSON")
    formats.add_argument("--csv", dest="fmt", action="store_const", const="csv", help="CSV")
    output.set_defaults(fmt="table")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    members = commands.add_parser("members", parents=[output], help="parties on a date")
    members.add_argument("--as-of", type=_date_arg, metavar="DATE", help="YYYY-MM-DD (today)")
    members.add_argument("--stage", choices=STAGES, default="announced", help="(announced)")

    events = commands.add_parser(
        "events",
        parents=[output],
        help="dated events",
        epilog=f"kinds (docs/methodology.md): {', '.join(EVENT_KINDS)}",
    )
    events.add_argument(
        "--party",
        metavar="PARTY",
        help="code or name: the events it acted in or was the other side of",
    )
    events.add_argument(
        "--actor-only", action="store_true", help="with --party, only the events it acted in"
    )
    events.add_argument("--kind", choices=EVENT_KINDS, metavar="KIND", help="event kind")
    events.add_argument("--start", type=_date_arg, metavar="DATE", help="from YYYY-MM-DD")
    events.add_argument("--end", type=_date_arg, metavar="DATE", help="to YYYY-MM-DD")

    show = commands.add_parser("show", parents=[output], help="a party, its events and sources")
    show.add_argument(
        "party", nargs="?", metavar="PARTY", help="code, name or alias (a number: ISO numeric)"
    )
    show.add_argument(
        "--ccode", type=_ccode_arg, metavar="N", help="a COW state number, instead of PARTY"
    )

    sources = commands.add_parser("sources", parents=[output], help="every source")
    sources.add_argument("--kind", choices=SOURCE_KINDS, help="source kind")

    panel = commands.add_parser("panel", parents=[output], help="member-period rows")
    _add_span(panel, "period")
    panel.add_argument("--freq", choices=("year", "month", "day"), default="year", help="(year)")
    panel.add_argument("--stage", choices=STAGES, default="announced", help="(announced)")
    panel.add_argument(
        "--rule",
        choices=("any", "start", "end"),
        default="any",
        help=(
            "how a party that joins mid-period counts: any: a member on any day of the "
            "period; start: on its first day; end: on its last day (any)"
        ),
    )
    panel.add_argument("--candidates", action="store_true", help="add rows for the candidates")

    dyads = commands.add_parser(
        "dyads",
        parents=[output],
        help="Israel's relations with each party and candidate, both ways",
        description=(
            "Directed dyad rows: party1's representation in party2 (none, liaison, "
            "charge_d_affaires, minister, ambassador; COW Diplomatic Exchange code), its "
            "resident mission, and the pair's relations, scheduled flights, agreements and "
            "frozen ties, with the ids of the events that set them; --json and --csv also "
            "say how each value was reached (<value>_basis: recorded, assumed or default) "
            "and the date of the latest event behind it (<value>_since) "
            "(docs/methodology.md)."
        ),
    )
    _add_span(dyads, "day")
    dyads.add_argument("--freq", choices=("year", "month", "day"), default="year", help="(year)")
    dyads.add_argument(
        "--rule",
        choices=("end", "max"),
        default="end",
        help="end: the period's last day; max: the highest level in the period (end)",
    )
    dyads.add_argument("--party", metavar="PARTY", help="only the dyads of this party")

    memberships = commands.add_parser(
        "memberships",
        parents=[output],
        help="each state and Accords instrument, in manydata's membership columns",
        description=(
            "One row per state and Accords instrument it signed (or ratified, or brought "
            "into force), in the columns of manydata's memberships datacubes: manyID, "
            "Title, Begin, stateID, StateName, StateSignature, StateRatification, "
            "StateForce, StateEnd, ... (docs/methodology.md). Dates as messydates writes "
            "them: YYYY-MM-DD, or YYYY-MM when known only to the month."
        ),
    )
    memberships.add_argument("--party", metavar="PARTY", help="only the rows of this party")

    _add_implementation(commands, output)

    export = commands.add_parser("export", help="write the data in another format")
    export.add_argument(
        "--format",
        choices=("json", "csv", "schema", "datapackage", "stata", "parquet"),
        required=True,
        dest="to",
        help="stata needs the pandas extra, parquet the parquet extra (pyarrow)",
    )
    export.add_argument("--out", required=True, metavar="DIR", help="directory to write into")

    feed = commands.add_parser(
        "feed",
        help="the members on a day as one JSON document for apps",
        description=(
            "Print the feed for apps (JSON): the members on a day, with their names in each "
            "language, the day each stage counts from, the event that reached it and that "
            "event's sources, the dataset and package versions and the cut-off. Its JSON "
            "Schema: feed.schema.json (export --format schema)."
        ),
    )
    feed.add_argument("--as-of", type=_date_arg, metavar="DATE", help="YYYY-MM-DD (today)")

    commands.add_parser("versions", parents=[output], help="released dataset versions")

    changes = commands.add_parser(
        "diff",
        parents=[output],
        help="what changed between two datasets, and what it does to membership",
        description=(
            "Compare two datasets, each a released version or a data directory: the records "
            "added, removed and changed, then every party whose membership changes "
            "(which stage it holds on which days, before -> after). With one argument, "
            "compare the newest release with it; with none, with the bundled data."
        ),
    )
    changes.add_argument(
        "sides", nargs="*", metavar="OLD NEW", help="[OLD] [NEW]: versions or directories"
    )

    cite = commands.add_parser("cite", help="how to cite a dataset release")
    cite.add_argument(
        "--style",
        choices=("bibtex", "biblatex", "csl-json", "apa"),
        default="bibtex",
        help="bibtex (@misc), biblatex (@dataset), csl-json or apa (default: bibtex)",
    )
    cite.add_argument("--data-version", metavar="VERSION", help="a released version (newest)")
    check = commands.add_parser("validate", help="check a data directory (before a pull request)")
    check.add_argument("path", nargs="?", metavar="PATH", help="data directory (the bundled data)")
    check.add_argument("--fix", action="store_true", help="rewrite files into canonical form")
    return parser


_JOINERS: Final = frozenset("\u200c\u200d")
"""The zero-width non-joiner and joiner: words are spelled with them (Persian, emoji), and
unlike direction controls they cannot reorder the rest of a line, so they are shown."""


def _safe(value: object) -> str:
    """Render a value for a terminal, escaping any control or invisible format character."""
    return safe("" if value is None else str(value), keep=_JOINERS)


def _write(rows: list[Row], columns: Sequence[str], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return
    if fmt == "csv":
        from ._columns import csv_cell  # noqa: PLC0415  (one CSV convention: export's)

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
        return
    _table(rows, columns, out)


def _table(rows: list[Row], columns: Sequence[str], out: TextIO) -> None:
    """Write *rows* as a table for people, fitted to the width."""
    if not rows:
        out.write("nothing found\n")
        return
    cells = [[_safe(_shown(row.get(c))) for c in columns] for row in rows]
    header = [c.upper() for c in columns]
    out.writelines(f"{line}\n" for line in table_lines(header, cells, _width()))


def _width() -> int:
    """The width of text output: COLUMNS, else the terminal's, else 80 (docs/cli.md)."""
    return terminal_width(sys.stdout)


def _shown(value: object) -> str:
    """A table cell for people: lists joined with commas, nothing for a missing value.

    A mapping's entries are joined with commas too, or with semicolons where its values
    are lists (an alias's sources: ``UAE: a, b; EAU: c``).
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Mapping):
        lists = any(isinstance(item, (list, tuple)) for item in value.values())
        return ("; " if lists else ", ").join(
            f"{key}: {_shown(item)}" for key, item in value.items()
        )
    return str(value)


def _party_row(party: Party) -> Row:
    return {"code": party.code, "name": party.name, "alpha3": party.alpha3, "role": party.role}


def _event_row(event: Event) -> Row:
    row: Row = event.model_dump(mode="json")
    row["sources"] = list(event.sources)
    return row


def _source_row(source: Source) -> Row:
    return source.model_dump(mode="json")


_EVENT_COLUMNS: Final = ("date", "precision", "party", "kind", "instrument", "summary")
_EVENT_FIELDS: Final = tuple(Event.model_fields)
_LATER_EVENT_FIELDS: Final = ("replaces",)
"""Event fields added after 0.3.0: ``show --csv`` puts them after the shown party, so the
columns a script read by position keep their places."""
_SOURCE_COLUMNS: Final = ("id", "published", "publisher", "title", "url")


def _members(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    day = args.as_of or dt.date.today()  # noqa: DTZ011  (a calendar date, no time zone)
    rows = []
    for party in ds.members_as_of(day, stage=args.stage):
        row = _party_row(party)
        # The start of the membership in force (after a withdrawal, the re-accession's),
        # the day by which members_as_of orders the rows.
        spans = ds.stage_spans(party)[args.stage]
        row["since"] = next(str(span.start) for span in spans if day in span)
        rows.append(row)
    if args.fmt == "table" and day > ds.cutoff:
        print(f"note: {day} is after the data's cut-off {ds.cutoff}", file=sys.stderr)
    _write(rows, ("code", "name", "alpha3", "since"), args.fmt, out)


def _events(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    found = ds.events(
        party=args.party,
        kind=args.kind,
        start=args.start,
        end=args.end,
        actor_only=args.actor_only,
    )
    columns = _EVENT_FIELDS if args.fmt != "table" else _EVENT_COLUMNS
    _write([_event_row(e) for e in found], columns, args.fmt, out)


def _sources(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    columns = tuple(Source.model_fields) if args.fmt != "table" else _SOURCE_COLUMNS
    _write([_source_row(s) for s in ds.sources(kind=args.kind)], columns, args.fmt, out)


def _panel(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    rows = ds.panel(
        args.start,
        args.end,
        freq=args.freq,
        stage=args.stage,
        rule=args.rule,
        candidates=args.candidates,
    )
    from ._panel import PanelRow  # noqa: PLC0415  (imported by the query just made)

    columns = tuple(PanelRow.model_fields) if args.fmt != "table" else _PANEL_COLUMNS
    _note_cutoff(ds, args.fmt, after=any(r.after_cutoff for r in rows))
    _write([r.model_dump() for r in rows], columns, args.fmt, out)  # dates: as for dyads


def _note_cutoff(ds: Dataset, fmt: str, *, after: bool) -> None:
    """Say on stderr that a table's rows reach past the cut-off (JSON and CSV mark them)."""
    if fmt == "table" and after:
        print(
            f"note: some periods end after the data's cut-off {ds.cutoff} "
            "(column after_cutoff of --json and --csv)",
            file=sys.stderr,
        )


_PANEL_COLUMNS: Final = ("party", "period", "member", "stage", *STAGES)


_DYAD_TABLE: Final = (
    "party1",
    "party2",
    "period",
    "representation",
    "mission",
    "relations",
    "flights",
    "frozen",
)
"""The columns of the dyads table for people, 80 characters wide (JSON and CSV carry every
column: the COW code ``dipex``, the count of ``agreements``, the ``events``, and each
value's ``_basis`` and ``_since``)."""


def _dyads(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    rows = ds.dyads(args.start, args.end, freq=args.freq, rule=args.rule)
    if args.party is not None:
        code = ds.get_party(args.party).code
        rows = tuple(r for r in rows if code in (r.party1, r.party2))
    columns = _DYAD_TABLE if args.fmt == "table" else DyadRow._fields
    _note_cutoff(ds, args.fmt, after=any(r.after_cutoff for r in rows))
    _write([r._asdict() for r in rows], columns, args.fmt, out)


_MEMBERSHIP_TABLE: Final = {
    "manyID": "manyID",
    "stateID": "stateID",
    "signed": "StateSignature",
    "ratified": "StateRatification",
    "in_force": "StateForce",
    "withdrawn": "StateEnd",
}
"""The memberships table for people, 80 characters wide: each column and the field it
shows, the state's dates headed by the stages they mark (JSON and CSV carry every column
under manydata's names)."""


def _memberships(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    from ._manydata import MembershipRow  # noqa: PLC0415  (imported by the query just made)

    rows = ds.memberships()
    if args.party is not None:
        code = ds.get_party(args.party).code
        rows = tuple(r for r in rows if r.party == code)
    if args.fmt == "table":
        shown = [{c: getattr(r, f) for c, f in _MEMBERSHIP_TABLE.items()} for r in rows]
        _write(shown, tuple(_MEMBERSHIP_TABLE), args.fmt, out)
        return
    _write([r.model_dump() for r in rows], tuple(MembershipRow.model_fields), args.fmt, out)


_IMPLEMENTATION_TABLE: Final = ("provision", "kind", "status", "implemented", "lag_days")
"""The columns of the implementation table for people, 80 characters wide (JSON and CSV
carry every column: ``instrument``, ``strength``, ``parties``, ``signed``, ``precision``,
the ``events`` and the parties ``pending``)."""


def _implementation(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    from ._implementation import ImplementationRow  # noqa: PLC0415  (imported by the query)

    rows = ds.implementation(instrument=args.instrument, kind=args.kind, party=args.party)
    columns = _IMPLEMENTATION_TABLE if args.fmt == "table" else ImplementationRow._fields
    _write([r._asdict() for r in rows], columns, args.fmt, out)


def _export(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    from ._export import export  # noqa: PLC0415  (each command loads only what it needs)

    out.writelines(f"{_safe(path)}\n" for path in export(args.out, fmt=args.to, dataset=ds))


def _feed(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    from ._feed import feed  # noqa: PLC0415  (each command loads only what it needs)

    json.dump(feed(args.as_of, dataset=ds), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _run(args: argparse.Namespace, out: TextIO) -> None:
    if args.command == "validate":
        _validate(args, out)
        return
    if args.command in {"versions", "diff", "cite"}:
        _releases(args, out)
        return
    from ._api import dataset  # noqa: PLC0415  (loads the data only for a real command)

    handlers = {
        "members": _members,
        "events": _events,
        "show": _show,
        "sources": _sources,
        "panel": _panel,
        "dyads": _dyads,
        "memberships": _memberships,
        "implementation": _implementation,
        "export": _export,
        "feed": _feed,
    }
    handlers[args.command](dataset(), args, out)


def _show(ds: Dataset, args: argparse.Namespace, out: TextIO) -> None:
    fmt: str = args.fmt
    party = ds.get_party(args.party) if args.ccode is None else ds.get_party(ccode=args.ccode)
    found = ds.events(party=party)
    cited = ds.sources_for(party)
    if fmt == "json":
        document = {
            "party": party.model_dump(),  # text, numbers, lists and mappings only
            "join_dates": {s: _iso(ds.join_date(party, stage=s)) for s in STAGES},
            "events": [_event_row(e) for e in found],
            "sources": [_source_row(s) for s in cited],
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "csv":  # one table: each event row, then the shown party's code and name
        # (after the event fields of 0.2.0, so the columns of its `show --csv` keep their
        # places; event fields added since come last)
        shown: Row = {"shown_party": party.code, "shown_party_name": party.name}
        rows = [{**_event_row(e), **shown} for e in found]
        older = tuple(f for f in _EVENT_FIELDS if f not in _LATER_EVENT_FIELDS)
        _write(rows, (*older, *shown, *_LATER_EVENT_FIELDS), fmt, out)
        return
    out.writelines(f"{line}\n" for line in block_lines(_party_block(ds, party), _width()))
    out.write("\nEvents\n")
    _table([_event_row(e) for e in found], ("date", "kind", "summary", "sources"), out)
    out.write("\nSources\n")
    _table([_source_row(s) for s in cited], _SOURCE_COLUMNS, out)


def _party_block(ds: Dataset, party: Party) -> list[tuple[str, str]]:
    """The ``field: value`` pairs ``show`` prints: every field of the party, then its stages."""
    fields = party.model_dump()
    order = ["name", *(name for name in fields if name != "name")]
    pairs = [(name, _safe(_shown(fields[name])) or "-") for name in order]
    pairs += [(stage, _iso(ds.join_date(party, stage=stage)) or "-") for stage in STAGES]
    return pairs


def _releases(args: argparse.Namespace, out: TextIO) -> None:
    from ._api import dataset  # noqa: PLC0415
    from ._cite import cite  # noqa: PLC0415  (each command loads only what it needs)
    from ._diff import diff  # noqa: PLC0415
    from ._releases import releases  # noqa: PLC0415

    if args.command == "cite":
        out.write(cite(args.style, version=args.data_version) + "\n")
        return
    if args.command == "versions":
        rows: list[Row] = [
            {"version": r.version, "released": r.released, "sha256": r.sha256} for r in releases()
        ]
        _write(rows, ("version", "released", "sha256"), args.fmt, out)
        return
    sides: list[str] = args.sides
    old = sides[0] if len(sides) == 2 else releases()[-1].version  # noqa: PLR2004  (OLD NEW)
    change = diff(old, sides[-1] if sides else dataset())
    if args.fmt == "json":
        out.write(change.model_dump_json(indent=2) + "\n")
        return
    # Metadata has no record id: "-" for people; in CSV an empty (missing) cell, since a
    # spreadsheet reads a cell that begins with "-" as a formula.
    no_id = "-" if args.fmt == "table" else None
    rows = [
        {"type": "metadata", "id": no_id, "change": "changed", "fields": c.field}
        for c in change.metadata
    ]
    for name in ("parties", "instruments", "events", "sources", "provisions"):
        table = getattr(change, name)
        rows += [{"type": name, "id": i, "change": "added"} for i in table.added]  # no fields
        rows += [{"type": name, "id": i, "change": "removed"} for i in table.removed]
        rows += [
            {"type": name, "id": r.id, "change": "changed", "fields": [c.field for c in r.changes]}
            for r in table.changed
        ]
    rows += [
        {
            "type": "membership",
            "id": m.party,
            "change": m.stage,
            "fields": str(m).removeprefix(f"{m.party} {m.stage}: "),  # the spans, before -> after
        }
        for m in change.membership
    ]
    if not rows and args.fmt == "table":
        out.write(f"no difference between {change.old_version} and {change.new_version}\n")
        return
    _write(rows, ("type", "id", "change", "fields"), args.fmt, out)


class _ProblemsFound(Exception):  # noqa: N818  (an exit signal, not an error type)
    """Raised to make ``validate`` exit with code 1 after printing its report."""


def _validate(args: argparse.Namespace, out: TextIO) -> None:
    from ._validate import validate  # noqa: PLC0415

    problems = validate(args.path, fix=args.fix)
    where = args.path or "the bundled data"
    out.writelines(_safe(str(problem)) + "\n" for problem in problems)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        out.write(f"{len(problems)} {noun} in {_safe(where)}\n")
        raise _ProblemsFound
    out.write(f"{_safe(where)}: valid\n")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _error(exc: AbrahamAccordsError) -> int:
    """Print one of our errors, a line each, and return the exit code for it."""
    first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    print(f"{PROG}: error: {_safe(first_line)}", file=sys.stderr)
    for line in str(exc).splitlines()[1:]:
        print(f"{PROG}:   {_safe(line.strip())}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:  # a bare command: show what it can do
        parser.print_help()
        return 2
    try:
        args = parser.parse_args(arguments)
        if args.command == "diff" and len(args.sides) > 2:  # noqa: PLR2004  (OLD NEW)
            parser.error(f"diff takes at most two datasets (OLD NEW), not {len(args.sides)}")
        if args.command == "show" and (args.party is None) == (args.ccode is None):
            both = args.party is not None
            parser.error(
                "show takes a PARTY or --ccode N, not both"
                if both
                else "show needs a PARTY or --ccode N"
            )
    except SystemExit as exc:  # argparse exits for usage errors, --help and --version
        return int(exc.code or 0)  # with a number: 2 for a usage error, else 0
    except AbrahamAccordsError as exc:  # --version reads the data
        return _error(exc)
    buffer = io.StringIO()
    code = 0
    try:
        _run(args, buffer)
    except _ProblemsFound:
        code = 1
    except AbrahamAccordsError as exc:
        return _error(exc)
    try:
        sys.stdout.write(buffer.getvalue())
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`; not an error of ours
        return code
    return code
