"""`validate`'s rules of one event per act, on small hand-built data directories.

An event re-filed under another party or kind replaces released ids only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import abraham_accords as aa
from abraham_accords import Event, Metadata
from abraham_accords._canonical import canonical_json
from abraham_accords._integrity import FILES
from factories import INSTRUMENT, ISRAEL, PARTIES, SOURCE, build, event

SECTORAL = INSTRUMENT.model_copy(
    update={"id": "mou", "kind": "memorandum", "signatories": ("MA", "IL"), "witnesses": ()}
)


def problems(root: Path, *events: Event) -> list[tuple[str, str]]:
    """Validate a data directory holding *events* and the factories' other records.

    Returns the problems of events.json (the hand-built parties have no membership events,
    which parties.json problems report), as (record, message).
    """
    root.mkdir(exist_ok=True)
    records: dict[str, Any] = {
        "metadata": Metadata(
            title="Hand-built",
            data_version="2030.01.01",
            cutoff=dt.date(2025, 1, 1),
            license="CC-BY-4.0",
        ),
        "parties": [*PARTIES, ISRAEL],
        "instruments": [INSTRUMENT, SECTORAL],
        "events": list(events),
        "sources": [SOURCE.model_copy(update={"kind": "official"})],  # enough for any kind
    }
    for kind, name in FILES.items():
        (root / name).write_text(canonical_json(records[kind]), encoding="utf-8")
    return [(p.record, p.message) for p in aa.validate(root) if p.file == "events.json"]


RETIRED = "ae-2020-10-19-ratified"  # released in 2026.11.27, removed since


def test_an_event_replaces_released_ids_that_are_gone_each_once(tmp_path: Path) -> None:
    statement = event("AE", "statement", "2020-10-19", replaces=(RETIRED,))
    assert problems(tmp_path / "a", statement) == []
    never = event("AE", "statement", "2020-10-20", replaces=("ae-2099-01-01-statement",))
    present = event("AE", "statement", "2020-10-21", replaces=(statement.id,))
    twice = event("AE", "statement", "2020-10-22", replaces=(RETIRED,))
    assert problems(tmp_path / "b", statement, never, present, twice) == [
        (
            never.id,
            (
                "replaces 'ae-2099-01-01-statement', which no release has; only a released event "
                "id is retired (an unreleased record just takes its new id)"
            ),
        ),
        (present.id, f"replaces {statement.id!r}, which an event still has; delete that event"),
        (twice.id, f"replaces {RETIRED!r}, which {statement.id!r} replaces already"),
    ]


def test_an_event_may_not_replace_an_id_a_broken_record_still_has(tmp_path: Path) -> None:
    root = tmp_path / "d"
    problems(root, event("AE", "statement", "2020-10-19", replaces=(RETIRED,)))
    events = (root / "events.json").read_text(encoding="utf-8")
    broken = f'{{"id": "{RETIRED}", "party": "AE"}}'
    (root / "events.json").write_text(events.replace("[\n", f"[\n{broken},\n", 1), "utf-8")
    found = [(p.record, p.message) for p in aa.validate(root) if "replaces" in p.message]
    message = f"replaces {RETIRED!r}, which an event still has; delete that event"
    assert found == [("ae-2020-10-19-statement", message)]


def test_a_retired_id_names_the_event_that_replaced_it() -> None:
    statement = event("AE", "statement", "2020-10-19", replaces=("old-id", "older-id"))
    ds = build([event("AE", "announced", "2020-09-20"), statement])
    for old in ("old-id", "older-id"):
        with pytest.raises(aa.UnknownRecordError) as caught:
            ds.get_record(old)
        assert str(caught.value) == (
            f"no event, instrument or source has id {old!r}; it was retired in favour of "
            "'ae-2020-10-19-statement'"
        )
        with pytest.raises(aa.UnknownRecordError, match="retired in favour of"):
            ds.sources_for(old)
    with pytest.raises(aa.UnknownRecordError) as unknown:
        ds.get_record("never-an-id")
    assert str(unknown.value) == "no event, instrument or source has id 'never-an-id'"
    with pytest.raises(aa.UnknownPartyError):
        ds.sources_for("never-an-id")


def test_the_bundled_data_points_each_retired_id_to_its_event() -> None:
    replacing = [e for e in aa.events() if e.replaces]
    assert replacing
    for new in replacing:
        for old in new.replaces or ():
            with pytest.raises(aa.UnknownRecordError, match=f"in favour of '{new.id}'$"):
                aa.get_record(old)


def test_replaces_lists_at_least_one_id() -> None:
    with pytest.raises(ValueError, match="at least 1 item"):
        event("AE", "statement", "2020-10-19", replaces=())
