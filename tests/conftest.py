"""Fixtures shared by the tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from abraham_accords import Dataset
from factories import build


@pytest.fixture
def make_dataset() -> Callable[..., Dataset]:
    return build
