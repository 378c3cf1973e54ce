"""The public-API check against the last release (CI runs it on the repository) can fail."""

from __future__ import annotations

import check_api
import griffe


def _breaks(old: str, new: str) -> list[griffe.Breakage]:
    with (
        griffe.temporary_visited_package("abraham_accords", {"__init__.py": old}) as before,
        griffe.temporary_visited_package("abraham_accords", {"__init__.py": new}) as after,
    ):
        return list(griffe.find_breaking_changes(before, after))


def test_a_removed_function_is_an_unannounced_break() -> None:
    changes = _breaks("def members_as_of(date): ...\n", "")
    assert check_api.unannounced(changes, changelog="") == [
        "abraham_accords.members_as_of: Public object was removed (not announced)"
    ]


def test_an_announced_break_needs_its_changelog_words() -> None:
    changes = _breaks("class Dataset:\n    model_config = {}\n", "class Dataset: ...\n")
    assert [c.obj.path for c in changes] == ["abraham_accords.Dataset.model_config"]
    assert check_api.unannounced(changes, changelog="") == [
        "abraham_accords.Dataset.model_config: Public object was removed (not announced)"
    ]
