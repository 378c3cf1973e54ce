"""`choice`: one value of a closed vocabulary, or an error that names the valid ones."""

from __future__ import annotations

import pytest

import abraham_accords as aa
from abraham_accords._args import choice

KINDS = ("ambassador_appointed", "signed")


def test_a_valid_value_is_returned() -> None:
    assert choice("signed", KINDS, argument="kind", what="event kind") == "signed"


def test_a_value_of_the_wrong_type_names_its_type_and_the_valid_values() -> None:
    with pytest.raises(aa.ArgumentTypeError) as caught:
        choice(5, KINDS, argument="kind", what="event kind")
    assert (
        str(caught.value) == "kind must be a string, one of ambassador_appointed, signed; not int"
    )


def test_an_unknown_value_without_a_close_match_gets_no_hint() -> None:
    with pytest.raises(aa.InvalidArgumentError) as caught:
        choice("people", KINDS, argument="kind", what="event kind", plural="event kinds")
    assert str(caught.value) == (
        "unknown event kind 'people'; valid event kinds are ambassador_appointed, signed"
    )


def test_a_long_value_is_quoted_and_matched_by_its_first_40_characters() -> None:
    # 18 characters in common with a 20-character kind: a match within the first 40
    # characters (similarity 36/60 = 0.6, difflib's threshold), none within 41.
    typed = "ambassador_appoint" + "Q" * 23
    with pytest.raises(aa.InvalidArgumentError) as caught:
        choice(typed, KINDS, argument="kind", what="event kind")
    assert str(caught.value) == (
        f"unknown event kind {typed[:40]!r} (did you mean 'ambassador_appointed'?); "
        "valid kinds are ambassador_appointed, signed"
    )
