"""Fixtures shared by the tests."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import NoReturn

import pytest

from abraham_accords import Dataset, _dyads, _panel
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


@pytest.fixture
def nothing_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a panel or a dyad table lists its periods or builds its dyads.

    For requests that must be refused from their size alone, before any work.
    """

    def built(*args: object, **kwargs: object) -> NoReturn:
        del args, kwargs
        msg = "a table was built for a request that must be refused first"
        raise AssertionError(msg)

    monkeypatch.setattr(_panel, "periods", built)
    monkeypatch.setattr(_dyads.DyadTable, "__init__", built)
    monkeypatch.setattr(_dyads.DyadTable, "rows", built)
