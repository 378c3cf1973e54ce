"""Fixtures shared by the tests."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import NoReturn

import pytest

from abraham_accords import Dataset, _dyads, _panel
from abraham_accords._integrity import FILES
from factories import build, readable


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Name text or bytes outside printable ASCII by code points, not backslash escapes.

    pytest escapes a backslash in an id again each time it collects in one process, so
    mutmut could not select the test by its id (docs/mutation.md).
    """
    del config, argname
    if isinstance(val, bytes):
        named = (chr(b) if 0x20 <= b <= 0x7E and b != 0x5C else f"<0x{b:02X}>" for b in val)
        return "".join(named) or "empty"
    if isinstance(val, str) and readable(val) != val:
        return readable(val)
    return None


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
