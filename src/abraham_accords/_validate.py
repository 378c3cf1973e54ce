"""Check a data directory before a pull request, reporting every problem at once.

``validate`` runs the checks the loader runs (schema, references, roles, cut-off) and the
conventions a contributor must follow (id patterns, released ids kept and retired ids
replaced, chronology, the first announcement, one event per act, canonical form);
``--fix`` rewrites files into canonical form only.
"""

from __future__ import annotations

__all__ = ["ACCORDS_BEGIN", "HISTORICAL_KINDS", "validate"]

import datetime as dt
import itertools
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError

from ._canonical import canonical_json, lost_value
from ._dyads import replay_order
from ._errors import ArgumentTypeError, InvalidArgumentError, Problem
from ._files import write_file
from ._fingerprint import DEV_SUFFIX
from ._integrity import EventRef, check_references
from ._lookup import unpointed
from ._models import (
    EVENT_KINDS,
    INSTRUMENT_KINDS,
    MEMBERSHIP_KINDS,
    PROVISION_KINDS,
    RELATION_KINDS,
    SOURCE_KINDS,
    STAGES,
    STRENGTHS,
    Event,
    article_slug,
    event_rule_error,
)
from ._reader import Parsed, is_present, read_bytes, read_records, safe
from ._releases import IDENTITY, released_ids
from ._tables import FILES, OPTIONAL, TABLES, raw_record_name, record_id

ACCORDS_BEGIN: Final = dt.date(2020, 8, 13)
"""The first announcement (the US-Israel-UAE joint statement)."""

HISTORICAL_KINDS: Final = frozenset({"meeting", "statement"}) | RELATION_KINDS
"""Kinds that may date from before the Accords (earlier ties, contacts and statements)."""

_MODELS: Final = {table.kind: table.model for table in TABLES}
_LEVEL: Final = {kind: STAGES.index(stage) for kind, stage in MEMBERSHIP_KINDS.items()}
# A full stop followed by a capital starts a second sentence, unless it ends an initial
# ("U.S.") or a short abbreviation.
_NEW_SENTENCE: Final = re.compile(r"(?<!\b[A-Z])(?<!\bSt)(?<!\bDr)(?<!\bNo)\. [A-Z]")


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
        self.partial: dict[str, set[str]] = defaultdict(set)
        """Per record type, the names of records that failed their own checks."""
        self.raw_citations: set[str] = set()
        """Source ids cited by records that failed their own checks."""
        self.invalid: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        """Per record type, the name and raw value of each record that failed its checks."""
        self.data: dict[str, bytes] = {}

    def unchecked(self) -> dict[str, frozenset[str]]:
        """Per record type, the ids present but not valid; ``"*"`` for an unread file."""
        found: dict[str, set[str]] = defaultdict(set)
        for kind in FILES:
            if kind not in self.valid and kind not in self.partial:
                found[kind].add("*")
        for kind, names in self.partial.items():
            found[kind].update(names)
        return {kind: frozenset(names) for kind, names in found.items()}

    def report(self, kind: str, record: str, message: str) -> None:
        self.problems.append(Problem(FILES[kind], record, message))

    def read(self, kind: str) -> Parsed | None:
        """Read one data file as the loader reads it; None if it is unreadable or not JSON."""
        name = FILES[kind]
        root = (
            resources.files("abraham_accords").joinpath("data") if self.root is None else self.root
        )
        if kind in OPTIONAL and not is_present(root, name):
            self.valid[kind] = []  # data from before the record type: none of it
            return None
        data = read_bytes(root, name, self.problems)
        if data is None:
            return None
        parsed = read_records(data, name, _MODELS[kind], self.problems, many=kind != "metadata")
        if parsed is None:
            return None
        self.valid[kind] = list(parsed.records)
        for record, item in parsed.invalid:
            self.partial[kind].add(record)
            self.invalid[kind].append((record, item))
            cited = item.get("sources") if isinstance(item, dict) else None
            if isinstance(cited, list):
                self.raw_citations.update(s for s in cited if isinstance(s, str))
            aliased = item.get("alias_sources") if isinstance(item, dict) else None
            if isinstance(aliased, dict):
                for refs in aliased.values():
                    listed = [refs] if isinstance(refs, str) else refs  # ("a" for ["a"])
                    if isinstance(listed, list):
                        self.raw_citations.update(s for s in listed if isinstance(s, str))
        self.data[kind] = data
        return parsed

    def canonical(self, kind: str, parsed: Parsed, *, fix: bool) -> None:
        """Report a file that is not in canonical form, or rewrite it if that loses nothing."""
        data, raw, records = self.data[kind], parsed.raw, parsed.records
        if not parsed.invalid:
            expected = canonical_json(records[0] if kind == "metadata" else records)
        else:
            expected = _format_only(raw)
        if data == expected.encode():
            return
        lost = lost_value(raw, json.loads(expected), records=kind != "metadata")
        if lost is not None:
            self.report(
                kind,
                "(file)",
                f"is not in canonical form, and rewriting it would change the value at "
                f"{safe(lost)}; correct that value by hand",
            )
            return
        if fix and self.root is not None:
            write_file(self.root, FILES[kind], expected.encode())
            return
        self.report(
            kind,
            "(file)",
            "is not in canonical form (sorted by id, 2-space indent, NFC, newline at end); "
            "run 'abraham-accords validate PATH --fix'",
        )


def _identity(kind: str, fields: Mapping[str, Any]) -> str | None:
    """What a record stands for, in the form :func:`released_ids` gives a released id's.

    None if a field that says it is not among *fields* (not valid).
    """
    names = IDENTITY[kind]
    if any(name not in fields for name in names):
        return None
    return "/".join(str(fields[name]) for name in names)


def _conventions(check: _Checker) -> None:
    released = released_ids()
    _released_kept(check, released)
    taken = _taken(check, "events", released)
    source_kinds = {s.id: s.kind for s in check.valid.get("sources", [])}
    events: dict[str, list[Event]] = defaultdict(list)
    for event in check.valid.get("events", []):
        events[event.party].append(event)
        _event_rules(check, event, source_kinds)
        if event.id not in released["events"]:
            problem = _event_id(event.id, event.party, event.date, event.kind, taken)
            if problem is not None:
                check.report("events", event.id, problem)
        if event.date < ACCORDS_BEGIN and event.kind not in HISTORICAL_KINDS:
            check.report(
                "events",
                event.id,
                f"dated before the first announcement ({ACCORDS_BEGIN}); only "
                f"{', '.join(sorted(HISTORICAL_KINDS))} events may be",
            )
    for party, found in sorted(events.items()):
        _chronology(check, party, found)
        _withdrawals(check, found)
    _missions(check, check.valid.get("events", []))
    _replacements(check, released["events"])
    _party_names(check)
    provision_ids = _taken(check, "provisions", released)
    for provision in check.valid.get("provisions", []):
        _summary(check, provision.id, provision.summary, kind="provisions")
        if provision.id not in released["provisions"]:
            problem = _provision_id(
                provision.id, provision.instrument, provision.article, provision_ids
            )
            if problem is not None:
                check.report("provisions", provision.id, problem)
    _notes(check)
    _partly_valid(check, released)


def _party_names(check: _Checker) -> None:
    """Names are written as the region's press prints them (lookups ignore the marks)."""
    for party in check.valid.get("parties", []):
        for name in (party.name, *party.names.values(), *party.aliases):
            plain = unpointed(name)
            if plain != name:
                check.report(
                    "parties",
                    party.code,
                    f"{name!r} carries Arabic short vowels or shadda or Hebrew points; "
                    f"write it as the press prints it, {plain!r}",
                )


def _event_rules(check: _Checker, event: Event, source_kinds: dict[str, str]) -> None:
    """One-sentence summaries, named instruments, and the sourcing rule for membership events."""
    _summary(check, event.id, event.summary)
    _approval(check, event.id, event.kind, event.instrument)
    if event.kind in MEMBERSHIP_KINDS and all(sid in source_kinds for sid in event.sources):
        # (A source that is missing or invalid is reported by its own check instead.)
        kinds = [source_kinds[sid] for sid in event.sources]
        if len(kinds) < 2 and "official" not in kinds:  # noqa: PLR2004  (the sourcing rule)
            check.report(
                "events",
                event.id,
                f"a {event.kind!r} event needs two independent sources or one official source",
            )


def _approval(check: _Checker, record: str, kind: str, instrument: str | None) -> None:
    """An approval or ratification names the instrument it approves.

    (That the instrument is an Accords one is a rule of the references, in ``_integrity``.)
    """
    if kind in ("approved", "ratified") and instrument is None:
        check.report(
            "events",
            record,
            f"{'an' if kind == 'approved' else 'a'} {kind!r} event names the Accords "
            "instrument it approves; the approval of a sectoral agreement is "
            "'agreement_approved', and a government decision that approves no instrument "
            "is 'decision'",
        )


def _summary(check: _Checker, record: str, summary: str, *, kind: str = "events") -> None:
    if not summary.endswith(".") or _NEW_SENTENCE.search(summary):
        check.report(kind, record, "summary must be one sentence ending with a full stop")


def _released_kept(check: _Checker, released: dict[str, dict[str, tuple[str, str]]]) -> None:
    """Released ids keep their identity.

    A released record may be removed (the diff shows it, and the release keeps it), but
    its id is never given to a different record.
    """
    # (A party's id is its code, which is also its identity: nothing to check there.)
    for kind in ("instruments", "events", "sources", "provisions"):
        current = {record_id(r): r for r in check.valid.get(kind, [])}
        for key, (version, identity) in sorted(released[kind].items()):
            if key not in current:
                continue
            if _identity(kind, dict(current[key])) != identity:
                check.report(
                    kind,
                    key,
                    f"id released in {version} for {identity!r}; a new record needs a new id",
                )


class _Taken(NamedTuple):
    """The ids of one record type a record may not be given."""

    present: frozenset[str]
    """The ids of the records in the file, valid or not."""
    released: Mapping[str, tuple[str, str]]
    """Every released id, with its first release and what it stood for."""

    def free(self, base: str, identity: str | None) -> str:
        """*base*, or *base* with the first suffix ``-2``, ``-3``... that is free.

        An id is free if no record has it and no release had it for something other
        than *identity* (a record removed may come back with its id).

        Examples:
            >>> taken = _Taken(frozenset({"a-1", "a-1-2"}), {"a-1-3": ("2026.01.01", "AE/x")})
            >>> taken.free("a-1", "AE/y"), taken.free("a-1", "AE/x"), taken.free("b", None)
            ('a-1-4', 'a-1-3', 'b')
        """
        suffixed = (f"{base}-{n}" for n in itertools.count(2))
        return next(key for key in itertools.chain([base], suffixed) if self._free(key, identity))

    def numbered(self, base: str, identity: str | None) -> str:
        """*base* with the first number ``-1``, ``-2``... that makes a free id.

        Examples:
            >>> _Taken(frozenset({"x-art-1-1"}), {}).numbered("x-art-1", "x/1")
            'x-art-1-2'
        """
        numbered = (f"{base}-{n}" for n in itertools.count(1))
        return next(key for key in numbered if self._free(key, identity))

    def _free(self, key: str, identity: str | None) -> bool:
        if key in self.present:
            return False
        released = self.released.get(key)
        return released is None or released[1] == identity


def _taken(check: _Checker, kind: str, released: dict[str, dict[str, tuple[str, str]]]) -> _Taken:
    present = {record_id(r) for r in check.valid.get(kind, [])}
    return _Taken(frozenset({*present, *check.partial.get(kind, ())}), released[kind])


def _event_id(written: object, party: str, date: dt.date, kind: str, taken: _Taken) -> str | None:
    """What is wrong with a new event's id, giving the id to use; None if nothing.

    The id is ``<party>-<date>-<kind>``, a kind's ``_`` written ``-``, with a suffix
    where that is taken (``-treaty``, ``-2``).

    Examples:
        >>> found = _event_id("ae-2020-09-15-entered_into_force", "AE",
        ...                   dt.date(2020, 9, 15), "entered_into_force", _Taken(frozenset(), {}))
        >>> found.split("; ")[-1]
        "use 'ae-2020-09-15-entered-into-force'"
    """
    base = f"{party.lower()}-{date.isoformat()}-{kind.replace('_', '-')}"
    if isinstance(written, str) and (written == base or written.startswith(f"{base}-")):
        return None
    return (
        "a new event id is <party code, lower case>-<date>-<kind, '_' written '-'>, with a "
        f"short suffix if that is taken; use {taken.free(base, f'{party}/{kind}')!r}"
    )


def _provision_id(written: object, instrument: str, article: str, taken: _Taken) -> str | None:
    """What is wrong with a new provision's id, giving the id to use; None if nothing.

    The id is ``<instrument>-<article>-<n>``: the article as ``article_slug`` writes it
    and *n* the commitment's number in the article (1, 2, ...).

    Examples:
        >>> _provision_id("x-art-5-2", "x", "5", _Taken(frozenset(), {})) is None
        True
        >>> _provision_id("x-art-5", "x", "5", _Taken(frozenset(), {})).split("; ")[-1]
        "use 'x-art-5-1'"
    """
    base = f"{instrument}-{article_slug(article)}"
    if isinstance(written, str) and re.fullmatch(rf"{re.escape(base)}-[1-9][0-9]*", written):
        return None
    return (
        "a new provision id is <instrument>-<article, as 'art-5-2', 'annex-1-b' or 'para-3'>-"
        f"<number of the commitment in the article, from 1>; "
        f"use {taken.numbered(base, f'{instrument}/{article}')!r}"
    )


def _chronology(check: _Checker, party: str, events: list[Event]) -> None:
    """Announced <= signed <= ratified <= in force, unless the later event explains it.

    An act is out of order only when it certainly came first: its whole date period ends
    before the earlier stage's period begins (a signature on 15 September is not before
    an announcement known only to September).
    """
    firsts: dict[int, Event] = {}
    for event in sorted(events, key=lambda e: (e.certain_by, e.id)):
        level = _LEVEL.get(event.kind)
        if level is not None:
            firsts.setdefault(level, event)
    for early, late in itertools.combinations(sorted(firsts), 2):
        a, b = firsts[early], firsts[late]
        if b.certain_by < a.date and not b.disputed:
            check.report(
                "events",
                b.id,
                f"{party} {b.kind} {b.id!r} ({b.date}) comes before {a.kind} {a.id!r} "
                f"({a.date}); correct a date or explain it in the later event's 'disputed' note",
            )


def _withdrawals(check: _Checker, events: list[Event]) -> None:
    """A withdrawal and another membership act must be in a known order.

    A withdrawal known only to the month (or year) counts from the period's last day, so
    a re-accession inside that period would be swallowed; and two acts on one day need a
    ``sequence`` each to say which came first.
    """
    acts = [e for e in events if e.kind in _LEVEL or e.kind == "withdrawn"]
    for gone in (e for e in acts if e.kind == "withdrawn"):
        for other in acts:
            if other is gone or other.kind == "withdrawn":
                continue
            overlap = gone.date <= other.certain_by and other.date <= gone.certain_by
            if not overlap:
                continue
            same_day = gone.precision == other.precision == "day" and gone.date == other.date
            if not same_day:
                check.report(
                    "events",
                    gone.id,
                    f"withdrawal {gone.id!r} ({gone.date}, {gone.precision}) and {other.id!r} "
                    f"({other.date}, {other.precision}) overlap, so their order is unknown; "
                    "give both the day",
                )
            elif gone.sequence is None or other.sequence is None:
                check.report(
                    "events",
                    gone.id,
                    f"withdrawal {gone.id!r} and {other.id!r} fall on one day; give each a "
                    "'sequence' (1 first) to say which came first",
                )


_OPENINGS: Final[dict[str, str | None]] = {
    "embassy_opened": "embassy",
    "liaison_office_opened": "liaison office",
    "mission_reopened": None,  # at its former rank
}
_IN_AN_OPEN_MISSION: Final = frozenset(
    {"mission_closed", "mission_upgraded", "mission_inaugurated", "mission_moved"}
)
_ENVOYS: Final = frozenset({"envoy_recalled", "envoy_returned"})
_REPLAYED: Final = frozenset(_OPENINGS) | _IN_AN_OPEN_MISSION | _ENVOYS
"""The kinds of event that make and change a state's mission and envoy in another."""
_ONCE: Final = (
    "a mission opens once: record a ceremony as 'mission_inaugurated', a move as "
    "'mission_moved' and a liaison office becoming an embassy as 'mission_upgraded'"
)


class _Post:
    """One state's mission in another, replayed event by event."""

    def __init__(self) -> None:
        self.rank: str | None = None
        """The open mission's rank ("embassy" or "liaison office"); None while none is open."""
        self.opened: Event | None = None
        """The event that opened the open mission."""
        self.closed: tuple[Event, str] | None = None
        """The closing of the last mission, and its rank, while none is open."""
        self.recalled = False
        """Whether an envoy was recalled and has not returned."""

    def step(self, event: Event) -> str | None:
        """Apply *event*; return what is wrong with it here, or None."""
        where = f"{event.party}'s mission in {event.counterpart}"
        if event.kind in _ENVOYS:
            returned = event.kind == "envoy_returned"
            if returned and not self.recalled:
                return (
                    f"an 'envoy_returned' needs an earlier 'envoy_recalled' of {event.party}'s "
                    f"envoy in {event.counterpart}, with no return since"
                )
            self.recalled = not returned
            return None
        if event.kind in _OPENINGS:
            return self._open(event, where)
        if self.opened is None:  # a mission must be open
            return (
                f"{where} is not open on {event.date}: a {event.kind!r} event needs the "
                "mission's opening ('embassy_opened', 'liaison_office_opened' or "
                "'mission_reopened') first"
            )
        if event.kind == "mission_closed":
            self.closed = (event, self.rank or "")
            self.rank = self.opened = None
        elif event.kind == "mission_upgraded":
            if self.rank == "embassy":
                return (
                    f"{where} is an embassy already ({self.opened.id!r}); 'mission_upgraded' "
                    "makes a liaison office an embassy"
                )
            self.rank = "embassy"
        return None

    def _open(self, event: Event, where: str) -> str | None:
        if self.opened is not None:
            return f"{where} is open since {self.opened.id!r} ({self.opened.date}); {_ONCE}"
        rank = _OPENINGS[event.kind]
        problem = None
        if rank is None:  # a reopening
            if self.closed is None:
                problem = (
                    f"a 'mission_reopened' needs an earlier 'mission_closed' of {where}; a "
                    "first opening is 'embassy_opened' or 'liaison_office_opened'"
                )
            rank = "liaison office" if self.closed is None else self.closed[1]
        elif self.closed is not None and self.closed[1] == rank:
            closing = self.closed[0]
            problem = (
                f"{where} ({rank}) was closed by {closing.id!r} ({closing.date}); a mission "
                "opens once: record its reopening as 'mission_reopened'"
            )
        self.rank, self.opened, self.closed = rank, event, None
        return problem


def _missions(check: _Checker, events: list[Event]) -> None:
    """A mission opens once, closes after its opening; an envoy returns after a recall.

    Each state's mission in another is replayed in the order the dyads read its events
    (by date, then ``sequence``, then openings first and closings last on one day).
    """
    pairs: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        if event.counterpart is not None and event.kind in _REPLAYED:
            pairs[event.party, event.counterpart].append(event)
    for found in pairs.values():
        post = _Post()
        days = Counter(e.date for e in found)
        for event in sorted(found, key=replay_order):
            problem = post.step(event)
            if problem is None:
                continue
            if days[event.date] > 1:
                problem += (
                    f"; if another event of {event.date} came first, give each a 'sequence' "
                    "(1 first)"
                )
            check.report("events", event.id, problem)


def _replacements(check: _Checker, released: Mapping[str, tuple[str, str]]) -> None:
    """An event replaces only released event ids that no event has any longer, each once."""
    present = {record_id(r) for r in check.valid.get("events", [])}
    present |= check.partial.get("events", set())
    first: dict[str, str] = {}
    for event in check.valid.get("events", []):
        for old in event.replaces or ():
            if old in present:
                problem = f"replaces {old!r}, which an event still has; delete that event"
            elif old not in released:
                problem = (
                    f"replaces {old!r}, which no release has; only a released event id is "
                    "retired (an unreleased record just takes its new id)"
                )
            elif first.setdefault(old, event.id) != event.id:
                problem = f"replaces {old!r}, which {first[old]!r} replaces already"
            else:
                continue
            check.report("events", event.id, problem)


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The (cached) adapter that validates one field of *model* on its own."""
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def _valid_fields(model: type[BaseModel], raw: Any) -> dict[str, Any]:  # noqa: ANN401  (raw JSON)
    """The fields of a record that failed its checks which are valid on their own.

    A field left out takes its default, as in a valid record; a required field left out,
    and a field whose value is invalid, are not in the result.
    """
    if not isinstance(raw, dict):
        return {}
    valid: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in raw:
            if not info.is_required():
                valid[name] = info.get_default(call_default_factory=True)
            continue
        try:  # (strict JSON, as the reader validates a record)
            text = json.dumps(raw[name])
            valid[name] = _field_adapter(model, name).validate_json(text, strict=True)
        except ValidationError:
            continue
    return valid


_REFERENCES: Final = {
    "instruments": (
        ("signatories", "parties", "party"),
        ("witnesses", "parties", "party"),
        ("sources", "sources", "source"),
    ),
    "events": (
        ("party", "parties", "party"),
        ("counterpart", "parties", "counterpart"),
        ("instrument", "instruments", "instrument"),
        ("sources", "sources", "source"),
    ),
    "provisions": (
        ("instrument", "instruments", "instrument"),
        ("sources", "sources", "source"),
    ),
}
"""Per record type: each field that names records, the type it names, and its noun."""


def _known(check: _Checker, kind: str) -> frozenset[str] | None:
    """The ids a reference to *kind* may name: its records, valid or not.

    None when its file could not be read: then any id may exist.
    """
    unchecked = check.unchecked().get(kind, frozenset())
    if "*" in unchecked:
        return None
    return frozenset({*(record_id(r) for r in check.valid[kind]), *unchecked})


_AS_ID_WORD: Final = re.compile(r"[a-z0-9]+")
_ID_LENGTH: Final = 120
"""The longest id (``RecordId``)."""


def _as_id(text: str) -> str | None:
    """*text* as lower-case words joined by '-' (accents dropped), if that makes an id.

    Examples:
        >>> _as_id("Reuters_2021-01-06 Sudan Signs")
        'reuters-2021-01-06-sudan-signs'
        >>> _as_id("__") is None
        True
    """
    words = _AS_ID_WORD.findall(unicodedata.normalize("NFKD", text).lower())
    candidate = "-".join(words)
    return candidate if 0 < len(candidate) <= _ID_LENGTH else None


def _partly_valid(check: _Checker, released: dict[str, dict[str, tuple[str, str]]]) -> None:
    """The rules a record that failed its own checks can still be held to.

    Its schema errors are already reported, every field's; the rules that read only the
    fields that are valid on their own are applied too, so one wrong value hides nothing
    else: the records it names, the id to use, an event's summary and the rules across an
    event's fields. Rules that compare records (chronology, a page cited twice) wait for
    the record to be valid.
    """
    for kind in ("instruments", "events", "sources", "provisions"):
        taken = _taken(check, kind, released)
        for raw_name, raw in check.invalid.get(kind, []):
            name = safe(raw_name)  # (as the reader names it)
            fields = _valid_fields(_MODELS[kind], raw)
            for field, target, noun in _REFERENCES.get(kind, ()):
                value = fields.get(field)
                named = value if isinstance(value, tuple) else () if value is None else (value,)
                known = _known(check, target)
                for key in named:
                    if known is not None and key not in known:
                        check.report(kind, name, f"unknown {noun} {key!r}")
            written = raw.get("id") if isinstance(raw, dict) else None
            if kind == "events":
                _partly_valid_event(
                    check, name, fields, written=written, released=released, taken=taken
                )
            elif kind == "provisions":
                _partly_valid_provision(
                    check, name, fields, written=written, released=released, taken=taken
                )
            elif isinstance(written, str) and "id" not in fields:
                suggested = _as_id(written)
                if suggested is not None:
                    check.report(
                        kind,
                        name,
                        "id: an id is lower-case letters and digits in words joined by '-'; "
                        f"use {taken.free(suggested, _identity(kind, fields))!r}",
                    )


def _has(fields: Mapping[str, Any], *names: str) -> bool:
    return all(name in fields for name in names)


def _partly_valid_event(  # noqa: PLR0913  (one record and what it is checked against)
    check: _Checker,
    name: str,
    fields: dict[str, Any],
    *,
    written: object,
    released: dict[str, dict[str, tuple[str, str]]],
    taken: _Taken,
) -> None:
    """The rules of an event that failed its own checks which read only valid fields."""
    if "summary" in fields:
        _summary(check, name, fields["summary"])
    new = not isinstance(written, str) or written not in released["events"]
    if new and _has(fields, "party", "date", "kind"):
        problem = _event_id(written, fields["party"], fields["date"], fields["kind"], taken)
        if problem is not None:
            check.report("events", name, problem)
    if _has(fields, *EventRef._fields):
        problem = event_rule_error(EventRef(**{f: fields[f] for f in EventRef._fields}))
        if problem is not None:
            check.report("events", name, problem)
    if _has(fields, "kind", "instrument"):
        _approval(check, name, fields["kind"], fields["instrument"])


def _partly_valid_provision(  # noqa: PLR0913  (one record and what it is checked against)
    check: _Checker,
    name: str,
    fields: dict[str, Any],
    *,
    written: object,
    released: dict[str, dict[str, tuple[str, str]]],
    taken: _Taken,
) -> None:
    """The rules of a provision that failed its own checks which read only valid fields."""
    if "summary" in fields:
        _summary(check, name, fields["summary"], kind="provisions")
    new = not isinstance(written, str) or written not in released["provisions"]
    if new and _has(fields, "instrument", "article"):
        problem = _provision_id(written, fields["instrument"], fields["article"], taken)
        if problem is not None:
            check.report("provisions", name, problem)


# A record id written in prose: words joined by '-' around an ISO date
# ("il-2020-12-13-direct-flight", "toi-2021-01-26-envoy-reopens-office").
_MENTIONED_ID: Final = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}(?:-[a-z0-9]+)*\b")
# A kind named in prose: "Kind 'other'", "kind `statement`", "recorded as 'x'".
_MENTIONED_KIND: Final = re.compile(
    r"(?i:\bkinds?|\brecorded as|\bcoded as)\s+[`'\"]([A-Za-z_]+)[`'\"]"
)
_KINDS: Final = (
    frozenset(EVENT_KINDS)
    | frozenset(INSTRUMENT_KINDS)
    | frozenset(SOURCE_KINDS)
    | frozenset(PROVISION_KINDS)
    | frozenset(STRENGTHS)
)


def _notes(check: _Checker) -> None:
    """Notes may name only records that exist and kinds that are in the vocabulary."""
    kinds = ("instruments", "events", "sources", "provisions")
    unchecked = check.unchecked()
    ids = {record_id(r) for kind in kinds for r in check.valid.get(kind, [])}
    ids |= {name for kind in kinds for name in unchecked.get(kind, ())}
    whole_file_missing = "*" in ids  # then any id might exist: check only the kinds
    notes = (
        ("events", ("disputed", "note")),
        ("instruments", ("note",)),
        ("provisions", ("note",)),
    )
    for kind, fields in notes:
        for record in check.valid.get(kind, []):
            for field in fields:
                text = getattr(record, field)
                if text is None:
                    continue
                named_ids = set() if whole_file_missing else set(_MENTIONED_ID.findall(text))
                for named in sorted(named_ids - ids):
                    check.report(kind, record.id, f"{field} names {named!r}, which no record has")
                for word in sorted(set(_MENTIONED_KIND.findall(text)) - _KINDS):
                    check.report(
                        kind, record.id, f"{field} names a kind {word!r} that does not exist"
                    )


_TRACKING: Final = re.compile(r"(?<=[?&])(?:utm_[a-z]+|fbclid|gclid)=[^&#]*&?")


def _page(url: str) -> str:
    """The page a URL shows, to spot one page cited twice under two URLs.

    Tracking parameters, ``www.``, the default port and a trailing slash are left out,
    and the host is in lower case.

    Examples:
        >>> _page("https://WWW.Example.org:443/a/?utm_source=rss&id=2")
        'https://example.org/a/?id=2'
        >>> _page("https://example.org/a/") == _page("https://example.org/a")
        True
    """
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    host = host.lower().removesuffix(":443").removeprefix("www.")
    path = _TRACKING.sub("", path).rstrip("?&")
    return f"{scheme}://{host}{slash}{path}".rstrip("/")


def _cross_checks(check: _Checker) -> None:
    """References between records, and dates no later than today.

    Records that failed their own checks, and files that could not be read, are left out
    of the rules that depend on them, so one broken record or file is reported once, not
    again as every reference to it.
    """
    metadata = check.valid.get("metadata")
    today = dt.date.today()  # noqa: DTZ011  (a calendar date)
    check.problems.extend(
        check_references(
            None,  # no cut-off applies: working data may run to today
            check.valid.get("parties", []),
            check.valid.get("instruments", []),
            check.valid.get("events", []),
            check.valid.get("sources", []),
            until=today,
            unchecked=check.unchecked(),
            also_cited=check.raw_citations,
            provisions=check.valid.get("provisions", []),
        )
    )
    if metadata and metadata[0].cutoff > today:
        check.report(
            "metadata",
            "(metadata)",
            f"cutoff {metadata[0].cutoff} is after today ({today}); the cut-off is the day "
            "through which the record was checked",
        )
    if metadata and metadata[0].data_version.endswith(DEV_SUFFIX):
        check.report(
            "metadata",
            "(metadata)",
            f"data_version must name a release; {DEV_SUFFIX!r} is added on loading, never written",
        )
    pages: dict[str, str] = {}
    for source in check.valid.get("sources", []):
        first = pages.setdefault(_page(str(source.url)), source.id)
        if first != source.id:
            check.report("sources", source.id, f"the same page as source {first!r}; cite that one")
        if source.published is not None and source.published > today:
            check.report("sources", source.id, f"published {source.published} is after today")
        if source.title.startswith("["):
            check.report(
                "sources",
                source.id,
                "title must be the page's own headline, not a description in brackets; "
                "cite a page that shows its headline",
            )


def _root(path: object, *, fix: object) -> Path | None:
    """Check validate's arguments; return the data directory (None: the bundled data)."""
    if not isinstance(fix, bool):
        msg = f"fix must be True or False, not {type(fix).__name__}"
        raise ArgumentTypeError(msg)
    if path is None:
        if fix:
            msg = "--fix needs a data directory; the installed package is never written to"
            raise InvalidArgumentError(msg)
        return None
    if isinstance(path, (str, os.PathLike)):
        if not os.fspath(path):  # Path("") would be the current directory
            msg = "path must not be empty; to check the current directory, pass '.'"
            raise InvalidArgumentError(msg)
        root = Path(path)
        try:
            is_dir = root.is_dir()
        except OSError:  # e.g. a name too long
            is_dir = False
        if not is_dir:
            msg = f"path is not a directory: {str(root)[:200]!r}"
            raise InvalidArgumentError(msg)
        return root
    msg = f"path must be a path to a directory, not {type(path).__name__}"
    raise ArgumentTypeError(msg)


def validate(
    path: str | os.PathLike[str] | None = None, *, fix: bool = False
) -> tuple[Problem, ...]:
    """Check a data directory and return every problem found (empty when clean).

    Args:
        path: a directory with the data files (``provisions.json`` may be missing: no
            provisions); default: the bundled data.
        fix: rewrite files that are not in canonical form (formatting only).

    Returns:
        The problems, each naming its file and record id.

    Raises:
        InvalidArgumentError: *fix* was asked for the bundled data, or *path* is empty or
            not a directory.
        ArgumentTypeError: *path* is not a path, or *fix* is not a bool.

    Examples:
        >>> import abraham_accords as aa
        >>> aa.validate()
        ()
    """
    root = _root(path, fix=fix)
    if root is not None and not any(os.path.lexists(root / name) for name in FILES.values()):
        names = ", ".join(FILES.values())
        message = (
            f"holds none of the data files ({names}); in a checkout the data directory "
            "is src/abraham_accords/data"
        )
        return (Problem("(directory)", repr(str(root)[:200]), message),)
    check = _Checker(root)
    parsed = {kind: check.read(kind) for kind in FILES}
    for kind, found in parsed.items():
        if found is not None:
            check.canonical(kind, found, fix=fix)
    _cross_checks(check)
    _conventions(check)
    order = {name: i for i, name in enumerate(FILES.values())}
    return tuple(sorted(check.problems, key=lambda p: (order[p.file], p.record)))
