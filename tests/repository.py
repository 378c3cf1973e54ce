"""A copy of this repository, and running Python in it, for the tests that need both."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).parents[1]
CACHES = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")


def copy_repository(target: Path, folders: Iterable[str], files: Iterable[str]) -> Path:
    """Copy *folders* (without caches) and top-level *files* of the repository to *target*."""
    for folder in folders:
        shutil.copytree(ROOT / folder, target / folder, ignore=CACHES)
    for name in files:
        shutil.copy(ROOT / name, target / name)
    return target


def run_python(
    repo: Path, *args: str, env: Mapping[str, str] | None = None, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with *args* in *repo*, *env* added to the environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=repo,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
