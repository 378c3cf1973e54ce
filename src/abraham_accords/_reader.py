"""Reading one data file: strict JSON first, then the record models.

``validate`` and the loader read every data file through :func:`read_records`, so the
two can never disagree about a file: ``validate`` reports the problems it collects, the
loader raises them as one :class:`~abraham_accords.DataIntegrityError`.

Strict JSON is what :func:`json.loads` accepts, less what would make a rewrite of the
file lose or invent a value: a key given twice in one object (a hand-resolved merge
conflict leaves one; the parser would keep the last silently), keys that differ only
in Unicode normal form, numbers that are not finite or do not fit a float (``NaN``,
``1e400``), integers too long to be a value of ours, and lone UTF-16 surrogates (which no
UTF-8 file can hold). Records are then validated in pydantic's strict mode, so a boolean
or a string never passes for a number, nor a number for a date.
"""

from __future__ import annotations

__all__ = ["Parsed", "is_present", "parse_json", "read_bytes", "read_records", "safe"]

import json
import math
import os
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError

from ._errors import FileAccessError, Problem
from ._files import read_file
from ._tables import raw_record_name

if TYPE_CHECKING:
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

MAX_DIGITS: Final = 18
"""The longest integer read (no value of ours comes near; Python refuses 4,300 digits)."""

# A \u escape of a UTF-16 surrogate; only a file with one can hold a lone surrogate.
_SURROGATE_ESCAPE: Final = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def read_bytes(root: Traversable, name: str, problems: list[Problem]) -> bytes | None:
    """Read one data file: a directory on disk safely (see ``_files``), package data as is.

    On failure, add one problem naming the file and return None.
    """
    try:
        if isinstance(root, Path):
            return read_file(root, name)
        return root.joinpath(name).read_bytes()
    except FileAccessError as exc:
        problems.append(Problem(name, "(file)", f"cannot be read: {exc.reason}"))
    except OSError as exc:
        problems.append(Problem(name, "(file)", f"cannot be read: {exc.strerror or exc}"))
    return None


def is_present(root: Traversable, name: str) -> bool:
    """Whether *root* holds an entry named *name* (a link or anything else, on disk).

    A data directory may lack an optional file (``_tables.OPTIONAL``); one that is
    present is read like any other, and refused if it is a link or not a regular file.
    """
    if isinstance(root, Path):
        return os.path.lexists(root / name)
    return root.joinpath(name).is_file()


def safe(text: str, *, keep: frozenset[str] = frozenset()) -> str:
    r"""Return *text* with characters a terminal would not show as themselves escaped.

    Characters in *keep* (the command line keeps the zero-width joiners words are spelled
    with) are left as they are.

    Examples:
        >>> safe("summary")
        'summary'
        >>> print(safe("a\u2028b\ud800"))
        a\u2028b\ud800
        >>> safe("a\u200cb", keep=frozenset("\u200c")) == "a\u200cb"
        True
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in keep else ascii(ch)[1:-1] for ch in text)


class _Bad:
    """A value strict JSON refuses, kept in its place to be found with its path."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _Scan:
    """The hooks of one strict parse, and what they found."""

    def __init__(self) -> None:
        self.found = False
        self.flagged: dict[int, list[str]] = {}
        """Per object (by id), what is wrong with its keys."""

    def bad(self, message: str) -> _Bad:
        self.found = True
        return _Bad(message)

    def constant(self, text: str) -> _Bad:
        return self.bad(f"{text} is not a number strict JSON allows")

    def number(self, text: str) -> float | _Bad:
        value = float(text)
        if math.isfinite(value):
            return value
        return self.bad(f"the number {text[:40]} does not fit a float")

    def integer(self, text: str) -> int | _Bad:
        if len(text.lstrip("-")) > MAX_DIGITS:
            return self.bad(f"an integer of {len(text.lstrip('-'))} digits is too long")
        return int(text)

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            twice = [f"key {_quote(k)} appears {n} times" for k, n in counts.items() if n > 1]
            self._flag(value, twice)
        elif not "".join(value).isascii():
            forms = Counter(unicodedata.normalize("NFC", key) for key in value)
            clash = [key for key in value if forms[unicodedata.normalize("NFC", key)] > 1]
            if clash:
                keys = " and ".join(ascii(key) for key in clash)
                self._flag(value, [f"keys {keys} differ only in Unicode normal form"])
        return value

    def _flag(self, value: dict[str, Any], messages: list[str]) -> None:
        self.found = True
        self.flagged[id(value)] = messages


def _quote(key: str) -> str:
    return safe(repr(key))


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _where(path: tuple[object, ...]) -> str:
    """A path inside a record, as problems name it (``sources.2``, ``names.ar``)."""
    return ".".join(safe(str(part)) for part in path) or "record"


def _locate(value: Any, path: tuple[object, ...], scan: _Scan, *, surrogates: bool) -> list[str]:  # noqa: ANN401  (raw JSON)
    """Every refused value inside *value*, each as ``path: what is wrong``."""
    found: list[str] = []
    if isinstance(value, _Bad):
        found.append(f"{_where(path)}: {value.message}")
    elif isinstance(value, dict):
        found.extend(f"{_where(path)}: {message}" for message in scan.flagged.get(id(value), ()))
        for key, item in value.items():
            if surrogates and _has_surrogate(key):
                found.append(f"{_where(path)}: a key holds a lone UTF-16 surrogate")
            found.extend(_locate(item, (*path, key), scan, surrogates=surrogates))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_locate(item, (*path, index), scan, surrogates=surrogates))
    elif surrogates and isinstance(value, str) and _has_surrogate(value):
        found.append(f"{_where(path)}: holds a lone UTF-16 surrogate (no UTF-8 file can)")
    return found


def parse_json(data: bytes, file: str, problems: list[Problem]) -> Any:  # noqa: ANN401  (raw JSON)
    """Parse *data* as strict JSON; on any problem, report each and return None.

    Args:
        data: the file's bytes (UTF-8).
        file: the file's name, for the problems.
        problems: where problems are added, each naming the record and the place in it.

    Examples:
        >>> found = []
        >>> parse_json(b'[{"id": "a", "summary": "x.", "summary": "y."}]', "events.json", found)
        >>> print(found[0])
        events.json: a: record: key 'summary' appears 2 times
        >>> parse_json(b'{"a": [1, 2.5]}', "x.json", [])
        {'a': [1, 2.5]}
    """
    try:
        text = data.decode()
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, "(file)", f"is not UTF-8 (byte {exc.start}: {exc.reason})"))
        return None
    scan = _Scan()
    try:
        value = json.loads(
            text,
            object_pairs_hook=scan.pairs,
            parse_constant=scan.constant,
            parse_float=scan.number,
            parse_int=scan.integer,
        )
    except json.JSONDecodeError as exc:
        reason = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        problems.append(Problem(file, "(file)", f"is not valid JSON: {reason}"))
        return None
    except RecursionError:
        problems.append(Problem(file, "(file)", "is not valid JSON: nested too deeply"))
        return None
    surrogates = _SURROGATE_ESCAPE.search(data) is not None
    if not (scan.found or surrogates):
        return value
    before = len(problems)
    items = enumerate(value) if isinstance(value, list) else ((None, value),)
    for index, item in items:
        record = "(file)" if index is None else raw_record_name(item, index)
        if index is None and isinstance(item, dict):
            record = "(metadata)" if file == "metadata.json" else "(file)"
        problems.extend(
            Problem(file, safe(record), message)
            for message in _locate(item, (), scan, surrogates=surrogates)
        )
    return None if len(problems) > before else value


class Parsed(NamedTuple):
    """What :func:`read_records` made of one file."""

    raw: Any
    """The file's strict JSON value."""
    records: tuple[BaseModel, ...]
    """The records that are valid, in file order (the metadata as one record)."""
    invalid: tuple[tuple[str, Any], ...]
    """The name and raw value of each record that is not."""


@cache
def _adapter(model: type[BaseModel], *, many: bool) -> TypeAdapter[Any]:
    """The (cached) adapter that parses one record or a list of records."""
    return TypeAdapter(tuple[model, ...] if many else model)  # type: ignore[valid-type]  # a runtime type


def read_records(  # noqa: PLR0913  (what a file is and how to read it)
    data: bytes,
    file: str,
    model: type[BaseModel],
    problems: list[Problem],
    *,
    many: bool = True,
    context: dict[str, Any] | None = None,
) -> Parsed | None:
    """Read one data file: strict JSON, then each record by *model* in strict mode.

    Args:
        data: the file's bytes.
        file: its name, for the problems.
        model: the record model.
        problems: where every problem found is added.
        many: the file is an array of records (else one record: the metadata).
        context: the validation context (see ``_models.TRUSTED``).

    Returns:
        The records, or None when the file is not strict JSON of the right shape.

    Examples:
        >>> from abraham_accords._models import Metadata
        >>> found = []
        >>> parsed = read_records(b'{"title": "T", "data_version": 2026}', "metadata.json",
        ...                       Metadata, found, many=False)
        >>> parsed.invalid[0][0], found[0].message
        ('(metadata)', 'data_version: Input should be a valid string')
    """
    raw = parse_json(data, file, problems)
    if raw is None:
        return None
    if many and not isinstance(raw, list):
        problems.append(Problem(file, "(file)", "must be a JSON array of records"))
        return None
    try:
        records = _adapter(model, many=many).validate_json(data, strict=True, context=context)
    except ValidationError:
        pass
    else:
        return Parsed(raw, records if many else (records,), ())
    valid: list[BaseModel] = []
    invalid: list[tuple[str, Any]] = []
    for index, item in enumerate(raw if many else [raw]):
        name = raw_record_name(item, index) if many else "(metadata)"
        try:
            text = json.dumps(item, ensure_ascii=True)
            valid.append(model.model_validate_json(text, strict=True, context=context))
        except ValidationError as exc:
            invalid.append((name, item))
            for error in exc.errors(include_url=False):
                where = ".".join(safe(str(part)) for part in error["loc"]) or "record"
                problems.append(Problem(file, safe(name), f"{where}: {error['msg']}"))
    return Parsed(raw, tuple(valid), tuple(invalid))
