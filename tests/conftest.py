"""Fixtures shared by the tests."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from abraham_accords import Dataset
from abraham_accords._integrity import FILES
from factories import build


@pytest.fixture
def make_dataset() -> Callable[..., Dataset]:
    return build


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled data directory."""
    target = tmp_path / "data"
    target.mkdir()
    source = resources.files("abraham_accords").joinpath("data")
    for name in FILES.values():
        (target / name).write_bytes(source.joinpath(name).read_bytes())
    return target
