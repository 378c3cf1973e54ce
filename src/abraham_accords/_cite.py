"""How to cite a dataset release."""

from __future__ import annotations

__all__ = ["cite"]

from typing import Final

from ._args import choice
from ._errors import ArgumentTypeError, UnknownVersionError
from ._fingerprint import DEV_SUFFIX, bundled_version
from ._releases import releases

AUTHOR: Final = "abraham-accords maintainers"
TITLE: Final = "abraham-accords: a versioned, sourced dataset of the Abraham Accords"
STYLES: Final = ("bibtex", "apa")


def cite(style: str = "bibtex", *, version: str | None = None) -> str:
    """Return a citation of a dataset release (default: the bundled data).

    Bundled data with unreleased changes (``DATA_VERSION`` ending in ``+dev``) is cited
    as unreleased working data, named by the release it builds on, without a date.

    Args:
        style: ``"bibtex"`` or ``"apa"``.
        version: a released dataset version, or the bundled ``DATA_VERSION``; default
            ``DATA_VERSION``.

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
    wanted = bundled_version() if version is None else version
    if not isinstance(wanted, str):
        msg = f"version must be a string, not {type(wanted).__name__}"
        raise ArgumentTypeError(msg)
    index = {r.version: r for r in releases()}
    release = index.get(wanted)
    if release is not None:
        year, note = release.released[:4], f"released {release.released}"
    elif wanted.endswith(DEV_SUFFIX) and wanted == bundled_version():
        base = wanted.removesuffix(DEV_SUFFIX)
        year, note = "n.d.", f"unreleased working data based on release {base}"
    else:
        raise UnknownVersionError(wanted, tuple(index))
    if style == "apa":
        described = f"Version {wanted}" if release else f"Version {wanted}, {note}"
        return f"{AUTHOR}. ({year}). {TITLE} ({described}) [Data set]. Licensed under CC BY 4.0."
    key = "abraham_accords_" + wanted.replace(".", "_").replace("+", "_")
    return "\n".join(
        [
            f"@misc{{{key},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  title = {{{TITLE}}},",
            f"  year = {{{year}}},",
            f"  version = {{{wanted}}},",
            f"  note = {{Dataset version {wanted}, {note}, CC BY 4.0}},",
            "}",
        ]
    )
