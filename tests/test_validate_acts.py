"""`validate`'s rules of one event per act, on small hand-built data directories.

A mission opens once, closes after its opening and reopens after its closing; an envoy
returns after a recall; an approval names the Accords instrument it approves; an event
re-filed under another party or kind replaces released ids only.
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
ONCE = (
    "a mission opens once: record a ceremony as 'mission_inaugurated', a move as "
    "'mission_moved' and a liaison office becoming an embassy as 'mission_upgraded'"
)
SEQUENCE = "; if another event of {day} came first, give each a 'sequence' (1 first)"


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
        "provisions": [],
    }
    for kind, name in FILES.items():
        (root / name).write_text(canonical_json(records[kind]), encoding="utf-8")
    return [(p.record, p.message) for p in aa.validate(root) if p.file == "events.json"]


def il(kind: str, date: str, **extra: Any) -> Event:
    """Israel's event in Morocco."""
    return event("IL", kind, date, counterpart="MA", **extra)


def not_open(kind: str, date: str) -> str:
    return (
        f"IL's mission in MA is not open on {date}: a {kind!r} event needs the mission's "
        "opening ('embassy_opened', 'liaison_office_opened' or 'mission_reopened') first"
    )


OPEN_SINCE = "IL's mission in MA is open since 'il-2021-01-01-liaison-office-opened' (2021-01-01)"


@pytest.mark.parametrize(
    ("second", "found"),
    [
        ("embassy_opened", [("il-2021-06-01-embassy-opened", f"{OPEN_SINCE}; {ONCE}")]),
        (
            "liaison_office_opened",
            [("il-2021-06-01-liaison-office-opened", f"{OPEN_SINCE}; {ONCE}")],
        ),
        ("mission_reopened", [("il-2021-06-01-mission-reopened", f"{OPEN_SINCE}; {ONCE}")]),
        ("mission_upgraded", []),
        ("mission_inaugurated", []),
        ("mission_moved", []),
        ("consulate_opened", []),
    ],
)
def test_a_mission_opens_once(tmp_path: Path, second: str, found: list[tuple[str, str]]) -> None:
    opened = il("liaison_office_opened", "2021-01-01")
    assert problems(tmp_path / "d", opened, il(second, "2021-06-01")) == found


def test_an_opening_while_an_upgraded_mission_is_open_names_its_opening(tmp_path: Path) -> None:
    assert problems(
        tmp_path / "d",
        il("liaison_office_opened", "2021-01-01"),
        il("mission_upgraded", "2021-03-01"),
        il("embassy_opened", "2021-06-01"),
    ) == [("il-2021-06-01-embassy-opened", f"{OPEN_SINCE}; {ONCE}")]


def test_each_state_s_mission_in_each_other_state_is_its_own(tmp_path: Path) -> None:
    assert (
        problems(
            tmp_path / "d",
            il("embassy_opened", "2021-01-01"),
            event("MA", "embassy_opened", "2021-02-01", counterpart="IL"),
            event("IL", "embassy_opened", "2021-03-01", counterpart="AE"),
        )
        == []
    )


@pytest.mark.parametrize(
    "kind", ["mission_closed", "mission_inaugurated", "mission_moved", "mission_upgraded"]
)
def test_a_mission_must_be_open_for_its_closing_ceremony_move_or_upgrade(
    tmp_path: Path, kind: str
) -> None:
    alone = problems(tmp_path / "alone", il(kind, "2021-06-01"))
    assert alone == [(f"il-2021-06-01-{kind.replace('_', '-')}", not_open(kind, "2021-06-01"))]
    after_closing = problems(
        tmp_path / "closed",
        il("embassy_opened", "2021-01-01"),
        il("mission_closed", "2021-03-01"),
        il(kind, "2021-06-01"),
    )
    assert after_closing == alone


def test_an_embassy_is_not_upgraded(tmp_path: Path) -> None:
    assert problems(
        tmp_path / "d", il("embassy_opened", "2021-01-01"), il("mission_upgraded", "2021-06-01")
    ) == [
        (
            "il-2021-06-01-mission-upgraded",
            (
                "IL's mission in MA is an embassy already ('il-2021-01-01-embassy-opened'); "
                "'mission_upgraded' makes a liaison office an embassy"
            ),
        )
    ]


@pytest.mark.parametrize(
    ("before", "opening"),
    [
        (("liaison_office_opened", "mission_upgraded"), "il-2021-01-01-liaison-office-opened"),
        (
            ("embassy_opened", "mission_closed", "mission_reopened"),
            "il-2021-03-01-mission-reopened",
        ),
    ],
)
def test_an_upgraded_or_reopened_embassy_is_not_upgraded(
    tmp_path: Path, before: tuple[str, ...], opening: str
) -> None:
    events = [il(kind, f"2021-0{n}-01") for n, kind in enumerate(before, start=1)]
    upgraded = il("mission_upgraded", "2021-06-01")
    message = (
        f"IL's mission in MA is an embassy already ({opening!r}); 'mission_upgraded' makes a "
        "liaison office an embassy"
    )
    assert problems(tmp_path / "d", *events, upgraded) == [(upgraded.id, message)]


def test_a_reopening_needs_a_closing(tmp_path: Path) -> None:
    assert problems(tmp_path / "d", il("mission_reopened", "2021-06-01")) == [
        (
            "il-2021-06-01-mission-reopened",
            (
                "a 'mission_reopened' needs an earlier 'mission_closed' of IL's mission in MA; a "
                "first opening is 'embassy_opened' or 'liaison_office_opened'"
            ),
        )
    ]


@pytest.mark.parametrize(
    ("first", "again", "rank"),
    [
        ("liaison_office_opened", "liaison_office_opened", "liaison office"),
        ("embassy_opened", "embassy_opened", "embassy"),
        ("liaison_office_opened", "mission_reopened", None),
        ("liaison_office_opened", "embassy_opened", None),  # another rank: an opening
        ("embassy_opened", "liaison_office_opened", None),
    ],
)
def test_a_closed_mission_that_opens_again_at_its_rank_is_reopened(
    tmp_path: Path, first: str, again: str, rank: str | None
) -> None:
    reopened = il(again, "2021-06-01")
    found = problems(
        tmp_path / "d", il(first, "2021-01-01"), il("mission_closed", "2021-03-01"), reopened
    )
    message = (
        f"IL's mission in MA ({rank}) was closed by 'il-2021-03-01-mission-closed' "
        "(2021-03-01); a mission opens once: record its reopening as 'mission_reopened'"
    )
    assert found == ([] if rank is None else [(reopened.id, message)])


def test_on_one_day_openings_come_first_unless_a_sequence_says_otherwise(
    tmp_path: Path,
) -> None:
    opened = il("liaison_office_opened", "2021-01-01")
    unordered = problems(
        tmp_path / "a",
        opened,
        il("mission_closed", "2021-06-01"),
        il("mission_reopened", "2021-06-01"),
    )
    assert unordered == [
        (
            "il-2021-06-01-mission-reopened",
            f"{OPEN_SINCE}; {ONCE}" + SEQUENCE.format(day="2021-06-01"),
        )
    ]
    ordered = problems(
        tmp_path / "b",
        opened,
        il("mission_closed", "2021-06-01", sequence=1),
        il("mission_reopened", "2021-06-01", sequence=2),
    )
    assert ordered == []


def test_a_period_counts_from_its_first_day_as_the_dyads_read_it(tmp_path: Path) -> None:
    # A closing known to March and a reopening on 10 March: read closing first.
    assert (
        problems(
            tmp_path / "d",
            il("liaison_office_opened", "2021-01-01"),
            il("mission_closed", "2021-03-01", precision="month"),
            il("mission_reopened", "2021-03-10"),
        )
        == []
    )


def test_an_envoy_returns_after_a_recall_once(tmp_path: Path) -> None:
    recalled = il("envoy_recalled", "2023-10-18")
    returned = il("envoy_returned", "2024-05-01")
    again = il("envoy_returned", "2024-09-01")
    message = (
        "an 'envoy_returned' needs an earlier 'envoy_recalled' of IL's envoy in MA, with no "
        "return since"
    )
    assert problems(tmp_path / "a", returned) == [(returned.id, message)]
    assert problems(tmp_path / "b", recalled, returned) == []
    assert problems(tmp_path / "c", recalled, returned, again) == [(again.id, message)]
    recalled_again = il("envoy_recalled", "2024-08-01")
    assert problems(tmp_path / "d", recalled, returned, recalled_again, again) == []


@pytest.mark.parametrize(("kind", "article"), [("approved", "an"), ("ratified", "a")])
def test_an_approval_or_ratification_names_its_instrument(
    tmp_path: Path, kind: str, article: str
) -> None:
    unnamed = il(kind, "2021-02-01")
    message = (
        f"{article} {kind!r} event names the Accords instrument it approves; the approval of a "
        "sectoral agreement is 'agreement_approved', and a government decision that approves "
        "no instrument is 'decision'"
    )
    assert problems(tmp_path / "a", unnamed) == [(unnamed.id, message)]
    named = il(kind, "2021-02-01", instrument="x")
    assert problems(tmp_path / "b", named) == []
    sectoral = il(kind, "2021-02-01", instrument="mou")
    assert problems(tmp_path / "c", sectoral) == [
        (
            sectoral.id,
            (
                f"{article} {kind!r} event approves an Accords instrument, but 'mou' is a sectoral "
                "memorandum; use 'agreement_approved'"
            ),
        )
    ]


def test_a_sectoral_approval_and_a_decision_need_no_instrument(tmp_path: Path) -> None:
    found = problems(
        tmp_path / "d",
        il("agreement_approved", "2021-02-01"),
        il("agreement_approved", "2021-02-02", instrument="mou"),
        event("AE", "decision", "2021-01-24", counterpart="IL"),
    )
    assert found == []


def test_an_invalid_approval_is_still_told_to_name_its_instrument(tmp_path: Path) -> None:
    root = tmp_path / "d"
    problems(root)
    text = (
        '[{"id": "il-2021-02-01-approved", "party": "IL", "kind": "approved", "date": '
        '"2021-02-01", "precision": "week", "counterpart": "MA", "summary": "A synthetic '
        'event.", "sources": ["src"]}]\n'
    )
    (root / "events.json").write_text(text, encoding="utf-8")
    found = [p.message for p in aa.validate(root) if p.record == "il-2021-02-01-approved"]
    assert found[0].startswith("precision: Input should be 'day', 'month' or 'year'")
    assert found[1:] == [
        (
            "an 'approved' event names the Accords instrument it approves; the approval of a "
            "sectoral agreement is 'agreement_approved', and a government decision that approves "
            "no instrument is 'decision'"
        )
    ]


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
