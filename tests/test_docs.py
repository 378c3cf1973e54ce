"""Documentation and generated files agree with the models and the data."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from dictionary import data_dictionary

import abraham_accords as aa
from abraham_accords._models import INSTRUMENT_KINDS, ROLES, SOURCE_KINDS

ROOT = Path(__file__).parents[1]
METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
REGENERATE = "run 'python scripts/regenerate.py' and review the diff"


def test_data_dictionary_is_current() -> None:
    text = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert text == data_dictionary(), REGENERATE


@pytest.mark.parametrize("kind", aa.EVENT_KINDS)
def test_every_event_kind_is_documented(kind: str) -> None:
    assert re.search(rf"^\| `{kind}` \| \S", METHODOLOGY, flags=re.MULTILINE)


def test_every_kind_used_in_the_data_is_a_documented_kind() -> None:
    used = {e.kind for e in aa.events()}
    documented = set(re.findall(r"^\| `([a-z_]+)` \| ", METHODOLOGY, flags=re.MULTILINE))
    assert used <= documented


@pytest.mark.parametrize("word", [*aa.STAGES, *ROLES])
def test_stages_and_roles_are_explained(word: str) -> None:
    assert f"`{word}`" in METHODOLOGY


@pytest.mark.parametrize("word", [*SOURCE_KINDS, *INSTRUMENT_KINDS])
def test_vocabularies_appear_in_the_data_dictionary(word: str) -> None:
    assert f"`{word}`" in data_dictionary()


def test_methodology_states_the_rules_the_code_applies() -> None:
    for phrase in ("last day", "two", "official", "disputed", "cut-off", "withdrawn"):
        assert phrase in METHODOLOGY


def test_timeline_figure_is_drawn_from_the_data() -> None:
    spec = importlib.util.spec_from_file_location("hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    svg = hooks.timeline_svg(aa.dataset())
    for party in aa.parties(role="party"):
        for stage in aa.STAGES:
            day = aa.join_date(party, stage=stage)
            label = f"{party.name}: {stage} {day}"
            assert (label in svg) == (day is not None), label
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
