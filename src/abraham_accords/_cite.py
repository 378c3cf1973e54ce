"""How to cite a dataset release."""

from __future__ import annotations

__all__ = ["cite"]

import json
from typing import Final

from ._args import choice
from ._errors import ArgumentTypeError, UnknownVersionError
from ._fingerprint import DEV_SUFFIX, bundled_version
from ._releases import releases
from ._version import package_version

AUTHOR: Final = "abraham-accords maintainers"
TITLE: Final = "abraham-accords: a versioned, sourced dataset of the Abraham Accords"
STYLES: Final = ("bibtex", "biblatex", "csl-json", "apa")


def cite(style: str = "bibtex", *, version: str | None = None) -> str:
    """Return a citation of a dataset release (default: the bundled data).

    The dataset version is what is cited (the ``version`` field, or APA's "Version");
    every style also names the package version (``abraham_accords.__version__``, the
    code that computes panels and dyads from the data) as "Python package
    abraham-accords, version X" (in BibTeX's, BibLaTeX's and CSL-JSON's ``note``, at
    the end of APA's), so a derived table can be recomputed exactly.

    Bundled data with unreleased changes (``DATA_VERSION`` ending in ``+dev``) is cited
    as unreleased working data, named by the release it builds on, without a date.

    No URL or DOI is given: the dataset has none yet, and none is invented.

    Args:
        style: ``"bibtex"`` (classic ``@misc``), ``"biblatex"`` (``@dataset``),
            ``"csl-json"`` (for Zotero, Pandoc and other CSL processors) or ``"apa"``.
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
        >>> aa.cite("apa").endswith(f"Python package abraham-accords, version {aa.__version__}.")
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
    software = f"Python package abraham-accords, version {package_version()}"
    if style == "apa":
        described = f"Version {wanted}" if release else f"Version {wanted}, {note}"
        return (
            f"{AUTHOR}. ({year}). {TITLE} ({described}) [Data set]. "
            f"Licensed under CC BY 4.0. {software}."
        )
    key = "abraham_accords_" + wanted.replace(".", "_").replace("+", "_")
    if style == "csl-json":
        item: dict[str, object] = {
            "id": key,
            "type": "dataset",
            "author": [{"literal": AUTHOR}],
            "title": TITLE,
            "version": wanted,
            "note": f"Dataset version {wanted}, {note}, CC BY 4.0; {software}",
        }
        if release is not None:
            item["issued"] = {"date-parts": [[int(part) for part in release.released.split("-")]]}
        return json.dumps([item], ensure_ascii=False, indent=2)
    if style == "biblatex":
        lines = [f"@dataset{{{key},", f"  author = {{{{{AUTHOR}}}}},", f"  title = {{{TITLE}}},"]
        if release is not None:
            lines.append(f"  date = {{{release.released}}},")
        lines += [f"  version = {{{wanted}}},", f"  note = {{{note}, CC BY 4.0; {software}}},", "}"]
        return "\n".join(lines)
    return "\n".join(
        [
            f"@misc{{{key},",
            f"  author = {{{{{AUTHOR}}}}},",
            f"  title = {{{TITLE}}},",
            f"  year = {{{year}}},",
            f"  version = {{{wanted}}},",
            f"  note = {{Dataset version {wanted}, {note}, CC BY 4.0; {software}}},",
            "}",
        ]
    )
