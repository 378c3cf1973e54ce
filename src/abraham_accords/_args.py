"""Checking an argument that must be one value of a closed vocabulary."""

from __future__ import annotations

__all__ = ["choice"]

from typing import TypeVar

from ._errors import ArgumentTypeError, InvalidArgumentError

_S = TypeVar("_S", bound=str)


def choice(
    value: object, valid: tuple[_S, ...], *, argument: str, what: str, plural: str = ""
) -> _S:
    """Return *value* if it is one of *valid*; otherwise raise an error that names both.

    Args:
        value: what the caller passed.
        valid: the allowed values.
        argument: the caller's argument name, for the messages.
        what: what the value is, for the messages (e.g. "event kind").
        plural: the plural used in "valid ... are" (default: *argument* + "s").

    Raises:
        ArgumentTypeError: *value* is not a string.
        InvalidArgumentError: *value* is a string outside *valid*.

    Examples:
        >>> choice("signed", ("announced", "signed"), argument="stage", what="stage")
        'signed'
    """
    listed = ", ".join(valid)
    if not isinstance(value, str):
        msg = f"{argument} must be a string, one of {listed}; not {type(value).__name__}"
        raise ArgumentTypeError(msg)
    for item in valid:
        if value == item:
            return item
    msg = f"unknown {what} {value[:40]!r}; valid {plural or argument + 's'} are {listed}"
    raise InvalidArgumentError(msg)
