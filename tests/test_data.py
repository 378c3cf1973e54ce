"""The bundled data: every record checked, and the membership it implies."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest

import abraham_accords as aa

DS = aa.dataset()
DATA = resources.files("abraham_accords").joinpath("data")
SOURCES = {s.id: s for s in DS.sources()}
MEMBERSHIP_KINDS = {"announced", "signed", "ratified", "entered_into_force"}
# A full stop followed by a capital starts a new sentence, unless it ends an initial
# or an abbreviation such as "U.S.".
NEW_SENTENCE = re.compile(r"(?<!\b[A-Z])(?<!\bSt)(?<!\bDr)\. [A-Z]")


def test_bundled_data_follows_every_convention() -> None:
    # Every per-record rule (sources, one-sentence summaries, ids, the sourcing rule for
    # membership events, dates, roles) is a validate() check, tested fault by fault in
    # test_validate.py; here it runs over every bundled record at once.
    assert aa.validate() == ()


def test_data_version_matches_the_constant() -> None:
    assert DS.metadata.data_version == aa.DATA_VERSION
    released = aa.DATA_VERSION.removesuffix("+dev")
    assert released in aa.available_versions()
    assert DS.cutoff <= dt.date.fromisoformat(released[:10].replace(".", "-"))


@pytest.mark.parametrize("party", DS.parties(), ids=lambda p: p.code)
def test_party(party: aa.Party) -> None:
    assert DS.get_party(party.code) is party
    assert DS.get_party(party.name) is party
    for alias in party.aliases:
        assert DS.get_party(alias) is party
    if party.role == "party":
        assert DS.join_date(party) is not None
    else:
        assert not any(e.kind in MEMBERSHIP_KINDS for e in DS.events(party=party, actor_only=True))


def _first_reached(code: str, stage: str) -> dt.date | None:
    """Independent re-statement of the stage rule, for data without withdrawals."""
    order = {"announced": 0, "signed": 1, "ratified": 2, "entered_into_force": 2}
    days = [
        e.certain_by
        for e in DS.events(party=code, actor_only=True)
        if e.kind in order and order[e.kind] >= aa.STAGES.index(stage)
    ]
    return min(days, default=None)


def test_no_withdrawals_in_the_data_yet() -> None:
    # _first_reached assumes this; a withdrawal needs the synthetic tests' richer model.
    assert DS.events(kind="withdrawn") == ()


@pytest.mark.parametrize("stage", aa.STAGES)
@pytest.mark.parametrize("party", DS.parties(role="party"), ids=lambda p: p.code)
def test_membership_starts_on_the_day_the_stage_is_reached(
    party: aa.Party, stage: aa.Stage
) -> None:
    first = _first_reached(party.code, stage)
    assert DS.join_date(party, stage=stage) == first
    if first is None:
        assert not DS.is_member(party, DS.cutoff, stage=stage)
        return
    before = first - dt.timedelta(days=1)
    assert not DS.is_member(party, before, stage=stage)
    assert DS.is_member(party, first, stage=stage)
    assert party not in DS.members_as_of(before, stage=stage)
    assert party in DS.members_as_of(first, stage=stage)


# Dates as the sources state them (see each event's sources); the README table shows the same.
KNOWN = [
    ("AE", "2020-08-13", "2020-09-15"),
    ("IL", "2020-08-13", "2020-09-15"),
    ("BH", "2020-09-11", "2020-09-15"),
    ("SD", "2020-10-23", "2021-01-06"),
    ("MA", "2020-12-10", "2020-12-22"),
    ("KZ", "2025-11-06", None),
]


@pytest.mark.parametrize(("code", "announced", "signed"), KNOWN)
def test_known_accession_dates(code: str, announced: str, signed: str | None) -> None:
    assert str(DS.join_date(code)) == announced
    assert DS.join_date(code, stage="signed") == (
        None if signed is None else dt.date.fromisoformat(signed)
    )


def test_parties_are_exactly_the_known_members() -> None:
    assert {p.code for p in DS.parties(role="party")} == {row[0] for row in KNOWN}
    assert [p.code for p in DS.parties(role="broker")] == ["US"]


def test_readme_table_matches_the_data() -> None:
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| ([A-Z]{2}) \| (\S+) \| (\S+) \|$", text, flags=re.MULTILINE)
    assert rows, "README has a members table"
    table = {code: (name, announced, signed) for name, code, announced, signed in rows}
    expected = {
        p.code: (p.name, str(DS.join_date(p)), str(DS.join_date(p, stage="signed") or "—"))
        for p in DS.parties(role="party")
    }
    assert table == expected
