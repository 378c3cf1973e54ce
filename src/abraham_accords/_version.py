"""The package version, read from the installed package's metadata on demand."""

from __future__ import annotations

__all__ = ["UNKNOWN", "package_version"]

UNKNOWN = "0+unknown"
"""Reported by a source tree that was never installed (a valid PEP 440 version)."""


def package_version() -> str:
    """Return the installed package's version, or :data:`UNKNOWN` without metadata.

    Examples:
        >>> package_version() != ""
        True
    """
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415  (on demand)

    try:
        return version("abraham-accords")
    except PackageNotFoundError:
        return UNKNOWN
