"""The dataset version of the bundled data, kept apart from the package version."""

from __future__ import annotations

__all__ = ["DATA_VERSION"]

TYPE_CHECKING = False  # see __init__.py: keeps `typing` out of a bare import
if TYPE_CHECKING:
    from typing import Final

DATA_VERSION: Final = "2026.11.27.2"
"""CalVer ``YYYY.MM.DD`` of the bundled data release (a test ties it to the data)."""
