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
        >>> try:
        ...     choice("sined", ("announced", "signed"), argument="stage", what="stage")
        ... except InvalidArgumentError as error:
        ...     print(error)
        unknown stage 'sined' (did you mean 'signed'?); valid stages are announced, signed
    """
    listed = ", ".join(valid)
    if not isinstance(value, str):
        msg = f"{argument} must be a string, one of {listed}; not {type(value).__name__}"
        raise ArgumentTypeError(msg)
    for item in valid:
        if value == item:
            return item
    import difflib  # noqa: PLC0415  (only a mistake needs it)

    close = difflib.get_close_matches(value[:40], valid)  # the best match first
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    msg = f"unknown {what} {value[:40]!r}{hint}; valid {plural or argument + 's'} are {listed}"
    raise InvalidArgumentError(msg)
