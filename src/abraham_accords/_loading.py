"""Reading a dataset from its JSON files, and the cached bundled dataset.

Package data is read only through :mod:`importlib.resources`, parsed once from bytes
and cached; a dataset that fails any check is never returned and never cached.
"""

from __future__ import annotations

__all__ = ["bundled_dataset", "bundled_parties", "read_dataset"]

import datetime as dt
import json
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from typing_extensions import NotRequired, Required, TypedDict

from ._dataset import Dataset, last_day
from ._dates import period_end
from ._errors import DataIntegrityError, Problem
from ._fingerprint import DEV_SUFFIX, fingerprint, released_fingerprints
from ._integrity import FILES, EventRef, check_references
from ._membership import StageEvent, is_stage_event
from ._models import (
    TRUSTED,
    AliasSources,
    Event,
    Instrument,
    Metadata,
    Names,
    Party,
    Provision,
    Source,
    event_rule_error,
)
from ._reader import is_present, parse_json, read_bytes, read_records
from ._tables import OPTIONAL

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

_LOCK = threading.Lock()
_CACHE: dict[str, Dataset] = {}
"""The bundled dataset once read (a dict under a lock, like the releases in ``_releases``)."""


def _parse(data: bytes, kind: str, model: type[BaseModel], problems: list[Problem]) -> Any:  # noqa: ANN401  (the parsed records, or None after a problem)
    """The records of one file, read as ``validate`` reads it; None after any problem.

    No validation context is given: the parties read here are checked in full (those of
    a release are built unvalidated), and no other record type reads the context.
    """
    many = kind != "metadata"
    parsed = read_records(data, FILES[kind], model, problems, many=many)
    if parsed is None or parsed.invalid:
        return None
    return parsed.records if many else parsed.records[0]


def read_dataset(
    root: Traversable, *, releases: Iterable[tuple[str, str]] | None = None
) -> Dataset:
    """Read, validate and return the dataset stored in the directory *root*.

    Data whose files are exactly those of a release (see ``_fingerprint``) is trusted,
    since the release was checked in full: its metadata and parties are taken as they
    are, and its other records are validated when a query first needs them.
    Any other data is unreleased: it reports ``<version>+dev``, is checked in full, and
    may hold facts after the cut-off of its release, but none after today.

    Args:
        root: the data directory.
        releases: (version, fingerprint) of the releases to recognise; default: those
            bundled in the package.

    Raises:
        DataIntegrityError: a file is missing, unreadable, not JSON, or any record or
            reference is invalid; every problem is listed.
    """
    return _read(root, released_fingerprints() if releases is None else tuple(releases))


def _read(root: Traversable, releases: tuple[tuple[str, str], ...]) -> Dataset:
    problems: list[Problem] = []
    found = {
        kind: read_bytes(root, name, problems)
        for kind, name in FILES.items()
        if kind not in OPTIONAL or is_present(root, name)
    }
    contents = {kind: data for kind, data in found.items() if data is not None}
    if problems:
        raise DataIntegrityError(problems)
    digest = fingerprint({FILES[kind]: data for kind, data in contents.items()})
    declared = _declared(contents["metadata"])
    if declared is not None and (declared["data_version"], digest) in set(releases):
        return _released(declared, contents)
    metadata = _parse(contents["metadata"], "metadata", Metadata, problems)
    if metadata is None:
        raise DataIntegrityError(problems)
    # Not a release (a release's files were returned above): the data is unreleased.
    metadata = metadata.model_copy(update={"data_version": metadata.data_version + DEV_SUFFIX})
    parties = _parse(contents["parties"], "parties", Party, problems)
    instruments = _parse(contents["instruments"], "instruments", Instrument, problems)
    sources = _parse(contents["sources"], "sources", Source, problems)
    provisions = _provisions(contents, problems)
    rows = _event_rows(contents["events"])
    if rows is None:  # a record is invalid: let the models report it, exactly
        events = _parse(contents["events"], "events", Event, problems)
        if problems:
            raise DataIntegrityError(problems)
        return Dataset(metadata, parties, instruments, events, sources, provisions=provisions)
    if problems:
        raise DataIntegrityError(problems)
    return _working(metadata, parties, instruments, *rows, sources, provisions)


def _provisions(contents: dict[str, bytes], problems: list[Problem]) -> Any:  # noqa: ANN401  (as _parse)
    """The provisions of a directory's files: none if it has no provisions.json."""
    if "provisions" not in contents:
        return ()
    return _parse(contents["provisions"], "provisions", Provision, problems)


def _event_rows(data: bytes) -> tuple[tuple[dict[str, Any], ...], list[EventRef]] | None:
    """Validate events.json as plain dicts, by the Event model's rules; None if any fails.

    Every field is checked as the :class:`Event` model checks it, and then the rules
    across its fields; no model is built (that waits until a query needs events).
    Returns the records and what the reference rules read of each.
    """
    if parse_json(data, FILES["events"], []) is None:
        return None  # let read_records report it
    try:
        rows: tuple[dict[str, Any], ...] = _rows_adapter().validate_json(data, strict=True)
    except ValidationError:
        return None
    refs = []
    for row in rows:
        ref = EventRef(
            row["id"],
            row["party"],
            row["kind"],
            row["date"],
            row.get("precision"),
            row.get("instrument"),
            row.get("counterpart"),
            row["sources"],
        )
        if event_rule_error(ref) is not None:
            return None
        refs.append(ref)
    return rows, refs


@cache
def _rows_adapter() -> TypeAdapter[Any]:
    """The validator of events as dicts: a TypedDict with the Event model's fields.

    Built from ``Event.model_fields``, so a field's type and constraints are defined once.
    """
    fields = {
        name: (Required if info.is_required() else NotRequired)[
            Annotated[tuple([info.annotation, *info.metadata])]  # noqa: C409  (3.10 syntax)
            if info.metadata
            else info.annotation
        ]
        for name, info in Event.model_fields.items()
    }
    row = TypedDict("EventRow", fields)  # type: ignore[misc]  # fields known at runtime
    row.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return TypeAdapter(tuple[row, ...])  # a type made at run time


def _working(  # noqa: PLR0913, PLR0917  (the records of each file)
    metadata: Metadata,
    parties: tuple[Party, ...],
    instruments: tuple[Instrument, ...],
    rows: tuple[dict[str, Any], ...],
    refs: list[EventRef],
    sources: tuple[Source, ...],
    provisions: tuple[Provision, ...],
) -> Dataset:
    """Check how valid records refer to one another; make the Dataset, its events deferred."""
    problems = check_references(
        metadata,
        parties,
        instruments,
        refs,
        sources,
        until=last_day(metadata),
        provisions=provisions,
    )
    if problems:
        raise DataIntegrityError(problems)
    stage_events = _stage_events(rows, lambda day: day)

    def rest() -> tuple[Any, Any, Any, Any]:
        events = [Event.model_construct(**row) for row in rows]
        return instruments, events, sources, provisions

    return Dataset._deferred(metadata, parties, stage_events, rest)  # noqa: SLF001  (same package)


def _stage_events(
    records: Iterable[dict[str, Any]], day_of: Callable[[Any], dt.date]
) -> dict[str, list[StageEvent]]:
    """The membership and withdrawal events of *records*, per party, for the membership rules."""
    stage_events: defaultdict[str, list[StageEvent]] = defaultdict(list)
    for event in records:
        if is_stage_event(event["kind"]):
            stage_events[event["party"]].append(
                StageEvent(
                    event["id"],
                    event["kind"],
                    period_end(day_of(event["date"]), event.get("precision", "day")),
                    event.get("sequence"),
                )
            )
    return stage_events


def _parse_records(
    contents: dict[str, bytes], problems: list[Problem]
) -> tuple[Any, Any, Any, Any]:
    """Parse and validate instruments, events, sources and provisions (None: a bad file)."""
    return (
        _parse(contents["instruments"], "instruments", Instrument, problems),
        _parse(contents["events"], "events", Event, problems),
        _parse(contents["sources"], "sources", Source, problems),
        _provisions(contents, problems),
    )


def _declared(metadata: bytes) -> dict[str, Any] | None:
    """What metadata.json declares, if it is an object with a text ``data_version``."""
    try:
        declared = json.loads(metadata)
    except ValueError:
        return None
    if isinstance(declared, dict) and isinstance(declared.get("data_version"), str):
        return declared
    return None


def _released(raw: dict[str, Any], contents: dict[str, bytes]) -> Dataset:
    """Make the Dataset of files that are exactly a release's, building no validator.

    The files were checked in full when the release was made and their fingerprint
    matches it, so the metadata and parties are built without validation and the
    membership table from the stage events' raw fields; the other records are
    parsed and validated when a query first needs them.
    """
    metadata = Metadata.model_construct(
        title=raw["title"],
        data_version=raw["data_version"],
        cutoff=dt.date.fromisoformat(raw["cutoff"]),
        license=raw["license"],
    )
    parties = [
        Party.model_construct(
            **{
                **party,
                "aliases": tuple(party.get("aliases", ())),
                "names": Names(party.get("names")),
                "alias_sources": AliasSources(party.get("alias_sources")),
            }
        )
        for party in json.loads(contents["parties"])
    ]
    stage_events = _stage_events(json.loads(contents["events"]), dt.date.fromisoformat)

    def rest() -> tuple[Any, Any, Any, Any]:
        problems: list[Problem] = []
        records = _parse_records(contents, problems)
        if problems:
            raise DataIntegrityError(problems)
        return records

    return Dataset._deferred(metadata, parties, stage_events, rest)  # noqa: SLF001  (same package)


def _data_root() -> Traversable:
    """The directory of the bundled data inside the installed package."""
    return resources.files("abraham_accords").joinpath("data")


def bundled_parties() -> tuple[Party, ...]:
    """Return the parties of the data shipped in the package, read on their own.

    Each field is checked as the Party model checks it; ISO codes are not looked up in
    pycountry (loading the whole dataset does that). Loading an older release takes the
    state attributes it lacks from these (``_releases.REFERENCE_FIELDS``).

    Raises:
        DataIntegrityError: parties.json cannot be read or a record in it is invalid.
    """
    problems: list[Problem] = []
    data = read_bytes(_data_root(), FILES["parties"], problems)
    if data is not None:
        context = {TRUSTED: True}  # the one lookup skipped: pycountry's
        parsed = read_records(data, FILES["parties"], Party, problems, many=True, context=context)
        if parsed is not None and not parsed.invalid:
            return cast("tuple[Party, ...]", tuple(parsed.records))
    raise DataIntegrityError(problems)


def bundled_dataset() -> Dataset:
    """Return the dataset shipped in the package, loading it once on first use."""
    found = _CACHE.get("bundled")
    if found is not None:
        return found
    with _LOCK:
        if "bundled" not in _CACHE:
            _CACHE["bundled"] = read_dataset(_data_root())
    return _CACHE["bundled"]
