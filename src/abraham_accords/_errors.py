"""The exceptions this library raises.

Every exception derives from one root, and every leaf also derives from the builtin
that fits it, so callers may catch either::

    AbrahamAccordsError                      (Exception)
    ├── UnknownPartyError                    (LookupError)
    ├── UnknownRecordError                   (LookupError)
    ├── UnknownVersionError                  (LookupError)
    ├── InvalidArgumentError                 (ValueError)
    │   └── InvalidDateError                 (ValueError)
    ├── ArgumentTypeError                    (TypeError)
    ├── MissingDependencyError               (ImportError)
    ├── FileAccessError                      (OSError)
    └── DataIntegrityError                   (ValueError)
"""

from __future__ import annotations

__all__ = [
    "AbrahamAccordsError",
    "ArgumentTypeError",
    "DataIntegrityError",
    "FileAccessError",
    "InvalidArgumentError",
    "InvalidDateError",
    "MissingDependencyError",
    "Problem",
    "UnknownPartyError",
    "UnknownRecordError",
    "UnknownVersionError",
]

from typing import NamedTuple


def preview(value: object, limit: int = 40) -> str:
    """Quote a caller's value for an error message, shortened if long.

    Messages quote at most *limit* characters of what a caller passed, so a huge input
    never makes a huge message.

    Examples:
        >>> preview("Marocco")
        "'Marocco'"
        >>> preview("x" * 100, limit=5)
        "'xxxxx…'"
    """
    text = value if isinstance(value, str) else repr(value)
    shown = text if len(text) <= limit else text[:limit] + "…"
    return repr(shown)


class AbrahamAccordsError(Exception):
    """Root of every exception raised by ``abraham_accords``."""


class UnknownPartyError(AbrahamAccordsError, LookupError):
    """No party matches the query.

    Attributes:
        query: what the caller asked for (``"ccode=999"`` for a COW state number).
        suggestions: names of the closest parties, best first (may be empty).
    """

    def __init__(
        self, query: str, suggestions: tuple[str, ...] = (), *, message: str | None = None
    ) -> None:
        self.query = query
        self.suggestions = suggestions
        if message is None:
            message = f"unknown party {preview(query)}"
            if suggestions:
                message += f"; did you mean {' or '.join(suggestions)}?"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError's KeyError-like repr quoting is not wanted; keep the plain message.
        return str(self.args[0])


class UnknownRecordError(AbrahamAccordsError, LookupError):
    """No event, instrument or source has the given id."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownVersionError(AbrahamAccordsError, LookupError):
    """No released dataset has the requested version.

    Attributes:
        version: the version asked for.
        available: the released versions, oldest first.
    """

    def __init__(self, version: str, available: tuple[str, ...]) -> None:
        self.version = version
        self.available = available
        super().__init__(
            f"unknown dataset version {version[:40]!r}; available: {', '.join(available)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidArgumentError(AbrahamAccordsError, ValueError):
    """An argument has the right type but a value outside what is valid."""


class InvalidDateError(InvalidArgumentError):
    """A date argument could not be understood as a calendar date."""


class ArgumentTypeError(AbrahamAccordsError, TypeError):
    """An argument has a type the function does not accept."""


class MissingDependencyError(AbrahamAccordsError, ImportError):
    """An optional dependency is missing; the message names the extra that installs it."""


class FileAccessError(AbrahamAccordsError, OSError):
    """A file could not be read or written safely.

    Raised for a path that is not a regular file inside the named directory (a link, a
    FIFO, a device), a file over the size limit, or any operating-system error.

    Attributes:
        reason: what went wrong, without the path (e.g. "it is a symbolic link").
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message

    def __str__(self) -> str:
        return str(self.args[0])


class Problem(NamedTuple):
    """One problem found in a data set: where it is and what is wrong."""

    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.message}"


class DataIntegrityError(AbrahamAccordsError, ValueError):
    """The data failed to load or to validate.

    Attributes:
        problems: every problem found, each naming its file and record id.
    """

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} data {noun}:\n{lines}")
