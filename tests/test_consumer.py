"""The consumer script type-checks (see .ci/run) and also runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import abraham_accords as aa

SCRIPT = Path(__file__).parent / "consumer" / "consumer.py"


def test_consumer_script_runs() -> None:
    spec = importlib.util.spec_from_file_location("consumer", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.summary()
    assert aa.DATA_VERSION in result
    assert "AE" in result


def test_every_mistake_the_types_catch_is_also_our_error_at_run_time() -> None:
    spec = importlib.util.spec_from_file_location("misuse", SCRIPT.parent / "misuse.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(module.MISTAKES) == 10
    for mistake in module.MISTAKES.values():
        with pytest.raises((aa.InvalidArgumentError, aa.ArgumentTypeError)):
            mistake()
