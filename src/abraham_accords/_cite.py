"""How to cite a dataset release."""

from __future__ import annotations

__all__ = ["cite"]

from typing import Final

from ._args import choice
from ._errors import ArgumentTypeError, UnknownVersionError
from ._releases import releases
from ._version import DATA_VERSION

AUTHOR: Final = "abraham-accords maintainers"
TITLE: Final = "abraham-accords: a versioned, sourced dataset of the Abraham Accords"
STYLES: Final = ("bibtex", "apa")


def cite(style: str = "bibtex", *, version: str | None = None) -> str:
    """Return a citation of a dataset release (default: the bundled one).

    Args:
        style: ``"bibtex"`` or ``"apa"``.
        version: a released dataset version; default ``DATA_VERSION``.

    Returns:
        The citation text.

    Raises:
        InvalidArgumentError: *style* is not a known style.
        UnknownVersionError: *version* is not a release.
        ArgumentTypeError: an argument is not a string.

    Examples:
        >>> import abraham_accords as aa
        >>> aa.cite("apa", version="2026.11.27").startswith("abraham-accords maintainers. (2026).")
        True
        >>> "(Version 2026.11.27) [Data set]" in aa.cite("apa", version="2026.11.27")
        True
    """
    style = choice(style, STYLES, argument="style", what="citation style")
    wanted = DATA_VERSION if version is None else version
    if not isinstance(wanted, str):
        msg = f"version must be a string, not {type(wanted).__name__}"
        raise ArgumentTypeError(msg)
    index = {r.version: r for r in releases()}
    release = index.get(wanted)
    if release is None:
        raise UnknownVersionError(wanted, tuple(index))
    year = release.released[:4]
    if style == "apa":
        return (
            f"{AUTHOR}. ({year}). {TITLE} (Version {wanted}) [Data set]. Licensed under CC BY 4.0."
        )
    key = "abraham_accords_" + wanted.replace(".", "_")
    return "\n".join(
        [
            f"@misc{{{key},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  title = {{{TITLE}}},",
            f"  year = {{{year}}},",
            f"  version = {{{wanted}}},",
            f"  note = {{Dataset version {wanted}, released {release.released}, CC BY 4.0}},",
            "}",
        ]
    )
