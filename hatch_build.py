"""Hatch build hook: refuse to build a package for publication from unreleased data.

The publishing workflow builds with ``ABRAHAM_ACCORDS_PUBLISH=1``; a build from working
data that differs from every dataset release then fails, naming the release command.
Ordinary builds (``pip install .``, CI, contributors) are never refused.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PUBLISH = "ABRAHAM_ACCORDS_PUBLISH"


class PublishGuard(BuildHookInterface):  # type: ignore[type-arg]  # generic only in stubs
    """Check, before any file is built, that the bundled data is a dataset release."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Raise when publishing and the working data is not a release."""
        del version, build_data
        if os.environ.get(PUBLISH) != "1":
            return
        package = Path(self.root) / "src" / "abraham_accords"
        # By path: the build environment has none of the package's dependencies, and
        # this module needs only the standard library.
        spec = importlib.util.spec_from_file_location(
            "abraham_accords_fingerprint", package / "_fingerprint.py"
        )
        if spec is None or spec.loader is None:  # pragma: no cover  (the file is ours)
            msg = "cannot load src/abraham_accords/_fingerprint.py"
            raise RuntimeError(msg)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        reason = module.unreleased_reason(package / "data", package / "releases" / "index.json")
        if reason:
            msg = f"refusing to build for publication ({PUBLISH}=1): {reason}"
            raise RuntimeError(msg)
