# pyright: strict, reportUnnecessaryTypeIgnoreComment=true
"""Mistakes a user's editor must catch: each line carries an ignore that must be needed.

mypy --strict (warn_unused_ignores) and pyright (reportUnnecessaryTypeIgnoreComment) both
fail on an ignore that silences nothing, so if a public signature loosened its closed
vocabulary back to ``str`` or its dates back to ``object``, the type check in CI would fail.
At run time each call raises the library's own error (tests/test_consumer.py).
"""

from __future__ import annotations

from collections.abc import Callable

import abraham_accords as aa

MISTAKES: dict[str, Callable[[], object]] = {
    "stage": lambda: aa.members_as_of("2021-01-01", stage="sgined"),  # type: ignore[arg-type]
    "date": lambda: aa.members_as_of(20210101),  # type: ignore[arg-type]
    "role": lambda: aa.parties(role="member"),  # type: ignore[arg-type]
    "kind": lambda: aa.events(kind="signing"),  # type: ignore[arg-type]
    "source kind": lambda: aa.sources(kind="blog"),  # type: ignore[arg-type]
    "freq": lambda: aa.panel(2020, 2021, freq="week"),  # type: ignore[arg-type]
    "rule": lambda: aa.panel(2020, 2021, rule="max"),  # type: ignore[arg-type]
    "dyad rule": lambda: aa.dyads(2020, 2021, rule="any"),  # type: ignore[arg-type]
    "bound": lambda: aa.dyads(2020.5, 2021),  # type: ignore[arg-type]
    "is_member date": lambda: aa.is_member("MA", None),  # type: ignore[arg-type]
}
"""Each mistake by what it gets wrong."""
