"""Check a data directory before a pull request, reporting every problem at once.

``validate`` runs the checks the loader runs (schema, references, roles, cut-off) and the
conventions a contributor must follow (id patterns, released ids kept, chronology, the
first announcement, canonical form); ``--fix`` rewrites files into canonical form only.
"""

from __future__ import annotations

__all__ = ["ACCORDS_BEGIN", "HISTORICAL_KINDS", "validate"]

import datetime as dt
import json
import os
import re
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from ._canonical import canonical_json
from ._errors import ArgumentTypeError, InvalidArgumentError, Problem
from ._fingerprint import DEV_SUFFIX
from ._integrity import check_references
from ._models import Event
from ._releases import available_versions, load
from ._tables import FILES, TABLES, raw_record_name, record_id

ACCORDS_BEGIN: Final = dt.date(2020, 8, 13)
"""The first announcement (the US-Israel-UAE joint statement)."""

HISTORICAL_KINDS: Final = frozenset({"relations_established", "meeting", "statement"})
"""Kinds that may date from before the Accords (earlier ties, contacts and statements)."""

_MODELS: Final = {table.kind: table.model for table in TABLES}
_MEMBERSHIP_KINDS: Final = frozenset({"announced", "signed", "ratified", "entered_into_force"})
# A full stop followed by a capital starts a second sentence, unless it ends an initial
# ("U.S.") or a short abbreviation.
_NEW_SENTENCE: Final = re.compile(r"(?<!\b[A-Z])(?<!\bSt)(?<!\bDr)(?<!\bNo)\. [A-Z]")
_STAGE_ORDER: Final = (("announced", 0), ("signed", 1), ("ratified", 2), ("entered_into_force", 2))


def _fold(value: Any) -> Any:  # noqa: ANN401  (raw JSON)
    """Normalise every string in a JSON value to NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_fold(v) for v in value]
    if isinstance(value, dict):
        return {_fold(k): _fold(v) for k, v in value.items()}
    return value


def _format_only(raw: Any) -> str:  # noqa: ANN401  (raw JSON)
    """Canonical layout for records that do not validate: sorted, indented, NFC."""
    if isinstance(raw, list):
        raw = sorted(raw, key=lambda record: raw_record_name(record, 0))
    return json.dumps(_fold(raw), indent=2, ensure_ascii=False) + "\n"


class _Checker:
    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.valid: dict[str, list[Any]] = {}
        self.invalid: set[str] = set()

    def report(self, kind: str, record: str, message: str) -> None:
        self.problems.append(Problem(FILES[kind], record, message))

    def read(self, kind: str) -> tuple[bytes | None, Any]:
        name = FILES[kind]
        try:
            if self.root is None:
                data = (
                    resources.files("abraham_accords").joinpath("data").joinpath(name).read_bytes()
                )
            else:
                data = (self.root / name).read_bytes()
        except OSError as exc:
            self.report(kind, "(file)", f"cannot be read: {exc.strerror or exc}")
            return None, None
        try:
            return data, json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            self.report(kind, "(file)", f"is not valid UTF-8 JSON: {exc}")
            return data, None

    def schema(self, kind: str, raw: Any) -> None:  # noqa: ANN401  (raw JSON)
        model = _MODELS[kind]
        records = [raw] if kind == "metadata" else raw
        if kind != "metadata" and not isinstance(raw, list):
            self.report(kind, "(file)", "must be a JSON array of records")
            return
        for index, item in enumerate(records):
            name = "(metadata)" if kind == "metadata" else raw_record_name(item, index)
            try:
                self.valid.setdefault(kind, []).append(model.model_validate(item))
            except ValidationError as exc:
                self.invalid.add(name)
                for error in exc.errors(include_url=False):
                    where = ".".join(str(part) for part in error["loc"]) or "record"
                    self.report(kind, name, f"{where}: {error['msg']}")

    def canonical(self, kind: str, data: bytes, raw: Any, *, fix: bool) -> None:  # noqa: ANN401
        records = self.valid.get(kind, [])
        count = 1 if kind == "metadata" else len(raw) if isinstance(raw, list) else -1
        if len(records) == count:
            expected = canonical_json(records[0] if kind == "metadata" else records)
        else:
            expected = _format_only(raw)
        if data.decode("utf-8", errors="replace") == expected:
            return
        if fix and self.root is not None:
            (self.root / FILES[kind]).write_text(expected, encoding="utf-8")
            return
        self.report(
            kind,
            "(file)",
            "is not in canonical form (sorted by id, 2-space indent, NFC, newline at end); "
            "run 'abraham-accords validate PATH --fix'",
        )


def _released_ids() -> dict[str, dict[str, tuple[str, str]]]:
    """For each record type, every released id with its first release and its identity."""
    seen: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for version in available_versions():
        released = load(version)
        for party in released.party_records:
            seen["parties"].setdefault(party.code, (version, party.code))
        for inst in released.instrument_records:
            seen["instruments"].setdefault(inst.id, (version, inst.kind))
        for event in released.event_records:
            seen["events"].setdefault(event.id, (version, f"{event.party}/{event.kind}"))
        for source in released.source_records:
            seen["sources"].setdefault(source.id, (version, str(source.url)))
    return seen


def _identity(kind: str, record: Any) -> str:  # noqa: ANN401  (one of the record models)
    if kind == "parties":
        return str(record.code)
    if kind == "instruments":
        return str(record.kind)
    if kind == "events":
        return f"{record.party}/{record.kind}"
    return str(record.url)


def _conventions(check: _Checker) -> None:
    _released_kept(check)
    source_kinds = {s.id: s.kind for s in check.valid.get("sources", [])}
    events: dict[str, list[Event]] = defaultdict(list)
    for event in check.valid.get("events", []):
        events[event.party].append(event)
        _event_rules(check, event, source_kinds)
        if event.date < ACCORDS_BEGIN and event.kind not in HISTORICAL_KINDS:
            check.report(
                "events",
                event.id,
                f"dated before the first announcement ({ACCORDS_BEGIN}); only "
                f"{', '.join(sorted(HISTORICAL_KINDS))} events may be",
            )
    for party, found in sorted(events.items()):
        _chronology(check, party, found)


def _event_rules(check: _Checker, event: Event, source_kinds: dict[str, str]) -> None:
    """One-sentence summaries, and the stronger sourcing rule for membership events."""
    if not event.summary.endswith(".") or _NEW_SENTENCE.search(event.summary):
        check.report("events", event.id, "summary must be one sentence ending with a full stop")
    if event.kind in _MEMBERSHIP_KINDS:
        kinds = [source_kinds[sid] for sid in event.sources if sid in source_kinds]
        if len(kinds) < 2 and "official" not in kinds:  # noqa: PLR2004  (the sourcing rule)
            check.report(
                "events",
                event.id,
                f"a {event.kind!r} event needs two independent sources or one official source",
            )


def _released_kept(check: _Checker) -> None:
    """Released ids keep their identity, and new event ids follow the pattern.

    A released record may be removed (the diff shows it, and the release keeps it), but
    its id is never given to a different record.
    """
    released = _released_ids()
    for kind in ("parties", "instruments", "events", "sources"):
        current = {record_id(r): r for r in check.valid.get(kind, [])}
        for key, (version, identity) in sorted(released[kind].items()):
            if key in check.invalid or key not in current:
                continue
            if _identity(kind, current[key]) != identity:
                check.report(
                    kind,
                    key,
                    f"id released in {version} for {identity!r}; a new record needs a new id",
                )
        if kind == "events":
            for event in current.values():
                prefix = f"{event.party.lower()}-{event.date.isoformat()}-"
                if event.id not in released[kind] and not event.id.startswith(prefix):
                    check.report(kind, event.id, f"a new event id must start with {prefix!r}")


def _chronology(check: _Checker, party: str, events: list[Event]) -> None:
    """Announced <= signed <= ratified, unless the out-of-order event explains it."""
    firsts: dict[int, Event] = {}
    for event in sorted(events, key=lambda e: (e.certain_by, e.id)):
        for kind, level in _STAGE_ORDER:
            if event.kind == kind:
                firsts.setdefault(level, event)
    for early, late in ((0, 1), (1, 2), (0, 2)):
        a, b = firsts.get(early), firsts.get(late)
        if a and b and b.certain_by < a.certain_by and not b.disputed:
            check.report(
                "events",
                b.id,
                f"{party} {b.kind} on {b.date} before {a.kind} on {a.date}; "
                "correct a date or explain it in a 'disputed' note",
            )


def _cross_checks(check: _Checker) -> None:
    """References between records, and dates no later than today."""
    metadata = check.valid.get("metadata")
    today = dt.date.today()  # noqa: DTZ011  (a calendar date)
    if metadata:
        check.problems.extend(
            check_references(
                metadata[0],
                check.valid.get("parties", []),
                check.valid.get("instruments", []),
                check.valid.get("events", []),
                check.valid.get("sources", []),
                until=today,
            )
        )
        if metadata[0].data_version.endswith(DEV_SUFFIX):
            check.report(
                "metadata",
                "(metadata)",
                f"data_version must name a release; {DEV_SUFFIX!r} is added on loading, "
                "never written",
            )
    for source in check.valid.get("sources", []):
        if source.published is not None and source.published > today:
            check.report("sources", source.id, f"published {source.published} is after today")


def validate(
    path: str | os.PathLike[str] | None = None, *, fix: bool = False
) -> tuple[Problem, ...]:
    """Check a data directory and return every problem found (empty when clean).

    Args:
        path: a directory with the five data files; default: the bundled data.
        fix: rewrite files that are not in canonical form (formatting only).

    Returns:
        The problems, each naming its file and record id.

    Raises:
        InvalidArgumentError: *fix* was asked for the bundled data, or *path* is not a directory.
        ArgumentTypeError: *path* is not a path.

    Examples:
        >>> import abraham_accords as aa
        >>> aa.validate()
        ()
    """
    if path is None:
        if fix:
            msg = "--fix needs a data directory; the installed package is never written to"
            raise InvalidArgumentError(msg)
        root = None
    elif isinstance(path, (str, os.PathLike)):
        root = Path(path)
        try:
            is_dir = root.is_dir()
        except (OSError, ValueError):  # e.g. a name too long, or a NUL character
            is_dir = False
        if not is_dir:
            msg = f"path is not a directory: {str(root)[:200]!r}"
            raise InvalidArgumentError(msg)
    else:
        msg = f"path must be a path to a directory, not {type(path).__name__}"
        raise ArgumentTypeError(msg)
    check = _Checker(root)
    loaded: dict[str, tuple[bytes, Any]] = {}
    for kind in FILES:
        data, raw = check.read(kind)
        if data is not None and raw is not None:
            check.schema(kind, raw)
            loaded[kind] = (data, raw)
    for kind, (data, raw) in loaded.items():
        check.canonical(kind, data, raw, fix=fix)
    _cross_checks(check)
    _conventions(check)
    order = {name: i for i, name in enumerate(FILES.values())}
    return tuple(sorted(check.problems, key=lambda p: (order.get(p.file, 99), p.record)))
