"""What changed between two datasets: records, and who holds which stage on which days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import abraham_accords as aa
from abraham_accords._diff import FieldChange, Held, MembershipChange
from abraham_accords._fingerprint import data_contents, fingerprint
from abraham_accords._loading import read_dataset
from factories import build, event

BEFORE = build([event("AE", "announced", "2020-08-13"), event("MA", "announced", "2020-12-10")])
AFTER = build(
    [
        event("AE", "announced", "2020-08-13"),
        event("AE", "withdrawn", "2022-01-01"),
        event("AE", "announced", "2023-01-01", sequence=2),
    ]
)


def test_membership_names_a_removed_party_and_a_span_that_ends() -> None:
    change = aa.diff(BEFORE, AFTER)
    assert change.parties.removed == ("MA",)
    assert change.membership == (
        MembershipChange(
            party="AE",
            stage="announced",
            before=(Held(start=dt.date(2020, 8, 13), end=None),),
            after=(
                Held(start=dt.date(2020, 8, 13), end=dt.date(2022, 1, 1)),
                Held(start=dt.date(2023, 1, 1), end=None),
            ),
        ),
        MembershipChange(
            party="MA",
            stage="announced",
            before=(Held(start=dt.date(2020, 12, 10), end=None),),
            after=(),
        ),
    )
    assert [str(c) for c in change.membership] == [
        "AE announced: since 2020-08-13 -> 2020-08-13 to 2022-01-01, since 2023-01-01",
        "MA announced: since 2020-12-10 -> never",
    ]


def test_a_party_added_is_never_before_and_a_span_that_ended_is_open_again() -> None:
    assert [str(c) for c in aa.diff(AFTER, BEFORE).membership] == [
        "AE announced: 2020-08-13 to 2022-01-01, since 2023-01-01 -> since 2020-08-13",
        "MA announced: never -> since 2020-12-10",
    ]


def test_the_same_data_changes_no_membership() -> None:
    same = aa.diff(aa.DATA_VERSION, aa.dataset())
    assert same.membership == ()
    assert same.is_empty
    first, last = aa.available_versions()[0], aa.DATA_VERSION
    assert aa.diff(first, last).membership  # the releases in between changed who is a member


def test_a_new_data_version_alone_is_no_change() -> None:
    metadata = BEFORE.metadata
    renamed = BEFORE.replace(metadata=metadata.model_copy(update={"data_version": "2030.01.01.1"}))
    change = aa.diff(BEFORE, renamed)
    assert [c.field for c in change.metadata] == ["data_version"]
    assert change.is_empty
    retitled = BEFORE.replace(metadata=metadata.model_copy(update={"title": "Another"}))
    assert not aa.diff(BEFORE, retitled).is_empty


def _as_released(directory: Path) -> list[tuple[str, str]]:
    """The directory's data as a release of the version its metadata.json names."""
    contents = data_contents(directory)
    declared = json.loads(contents["metadata.json"])["data_version"]
    return [(declared, fingerprint(contents))]


def test_working_data_reports_no_data_version_change_it_never_made(data_dir: Path) -> None:
    released = _as_released(data_dir)
    release = read_dataset(data_dir, releases=released)
    # A contributor's edit: the data now reports '<release>+dev', metadata.json is as it was.
    events = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    events[0]["summary"] = "A corrected summary."
    (data_dir / "events.json").write_text(json.dumps(events), encoding="utf-8")
    working = read_dataset(data_dir, releases=released)
    change = aa.diff(release, working)
    version = release.data_version
    assert (change.old_version, change.new_version) == (version, f"{version}+dev")
    assert change.metadata == ()
    assert [r.id for r in change.events.changed] == [events[0]["id"]]
    assert aa.diff(working, release).metadata == ()  # either way round
    # Naming another version in metadata.json is a change, and is listed.
    metadata = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))
    metadata["data_version"] = "2030.01.01"
    (data_dir / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    renamed = read_dataset(data_dir, releases=released)
    assert aa.diff(release, renamed).metadata == (
        FieldChange(field="data_version", old=version, new="2030.01.01"),
    )


def test_a_path_that_is_not_a_directory_is_named_shortened(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(aa.InvalidArgumentError) as caught:
        aa.diff(missing, aa.DATA_VERSION)
    assert str(caught.value) == f"old is not a data directory: {str(missing)!r}"
    long = tmp_path / ("x" * 300)  # too long a name: the OS refuses to look
    with pytest.raises(aa.InvalidArgumentError) as caught:
        aa.diff(aa.DATA_VERSION, long)
    assert str(caught.value) == f"new is not a data directory: {str(long)[:200]!r}"
    with pytest.raises(aa.InvalidArgumentError) as caught:
        aa.diff(Path("a\0b"), aa.DATA_VERSION)
    assert str(caught.value) == "old is not a data directory: 'a\\x00b'"


@pytest.mark.parametrize("text", ["x" * 5000, "a\0b", "missing-folder"])
def test_text_that_is_neither_a_version_nor_a_directory_is_an_unknown_version(text: str) -> None:
    with pytest.raises(aa.UnknownVersionError) as caught:
        aa.diff(text, aa.DATA_VERSION)
    assert caught.value.version == text
    assert caught.value.available == aa.available_versions()


def test_an_argument_of_another_type_is_named() -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        aa.diff(aa.DATA_VERSION, 3)  # type: ignore[arg-type]  # wrong on purpose
    assert str(caught.value) == (
        "new must be a dataset version, a data directory or a Dataset, not int"
    )
