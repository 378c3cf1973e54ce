"""Property-based tests: no input makes a public function fail with anything but our errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords._cli import main

settings.register_profile(
    "project", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("project")

BUILTINS = (ValueError, TypeError, LookupError, ImportError)

odd_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "\x00", "\x1b[31m", "\u202e", "\ud800", "NA", "٠١٢", "é" * 5000]),
)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20),
    st.integers(max_value=-(10**20)),
    st.floats(allow_nan=True),
    st.binary(max_size=20),
    odd_text,
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(object()),
)
date_like = st.one_of(
    st.dates().map(str),
    st.text(alphabet="0123456789-", max_size=12),
    st.dates(),
    st.datetimes(timezones=st.timezones()),
    anything,
)


def check(call: Callable[[], Any], *names: str) -> None:
    """Call; any failure must be ours, fit a builtin, and name one of the arguments."""
    caught: aa.AbrahamAccordsError | None = None
    try:
        call()
    except aa.AbrahamAccordsError as error:
        caught = error
    if caught is None:
        return
    assert isinstance(caught, BUILTINS), type(caught)
    if isinstance(caught, (aa.ArgumentTypeError, aa.InvalidArgumentError)):
        assert any(name in str(caught) for name in names), (str(caught), names)
    assert "\n" not in str(caught) or isinstance(caught, aa.DataIntegrityError)


@given(date=date_like, stage=st.one_of(st.sampled_from(aa.STAGES), anything))
def test_members_as_of(date: object, stage: object) -> None:
    check(lambda: aa.members_as_of(date, stage=stage), "date", "stage")  # type: ignore[arg-type]


@given(date=date_like, dataset=anything)
def test_feed(date: object, dataset: object) -> None:
    check(lambda: aa.feed(date), "date")  # type: ignore[arg-type]
    check(lambda: aa.feed("2021-01-01", dataset=dataset), "dataset")  # type: ignore[arg-type]


@given(party=anything, date=date_like, stage=anything)
def test_is_member_and_join_date(party: object, date: object, stage: object) -> None:
    check(lambda: aa.is_member(party, date, stage=stage), "party", "date", "stage")  # type: ignore[arg-type]
    check(lambda: aa.join_date(party, stage=stage), "party", "stage")  # type: ignore[arg-type]


@given(query=anything)
def test_party_lookups(query: object) -> None:
    check(lambda: aa.find_party(query), "query")  # type: ignore[arg-type]
    check(lambda: aa.get_party(query), "query")  # type: ignore[arg-type]
    check(lambda: aa.sources_for(query), "record")  # type: ignore[arg-type]
    check(lambda: aa.get_record(query), "record")  # type: ignore[arg-type]


@given(party=anything, kind=anything, start=date_like, end=date_like)
def test_events(party: object, kind: object, start: object, end: object) -> None:
    check(
        lambda: aa.events(party=party, kind=kind, start=start, end=end),  # type: ignore[arg-type]
        "party",
        "kind",
        "start",
        "end",
    )


@given(value=anything)
def test_vocabulary_filters(value: object) -> None:
    check(lambda: aa.parties(role=value), "role")  # type: ignore[arg-type]
    check(lambda: aa.sources(kind=value), "kind")  # type: ignore[arg-type]
    check(lambda: aa.to_frame(value), "kind", "start")  # type: ignore[arg-type]  # dyads, panel


@given(instrument=st.one_of(odd_text, anything), kind=anything, party=anything)
def test_provisions_and_implementation(instrument: object, kind: object, party: object) -> None:
    names = ("instrument", "kind", "party")
    arguments: dict[str, Any] = {"instrument": instrument, "kind": kind, "party": party}
    check(lambda: aa.provisions(**arguments), *names)
    check(lambda: aa.implementation(**arguments), *names)


@given(version=anything, style=anything)
def test_versions_and_citations(version: object, style: object) -> None:
    check(lambda: aa.load(version), "version")  # type: ignore[arg-type]
    check(lambda: aa.diff(version, aa.DATA_VERSION), "old")  # type: ignore[arg-type]
    check(lambda: aa.cite(style), "style")  # type: ignore[arg-type]
    check(lambda: aa.cite(version=version), "version")  # type: ignore[arg-type]


@given(
    start=date_like,
    end=date_like,
    freq=st.one_of(st.sampled_from(["year", "month", "day"]), anything),
    rule=st.one_of(st.sampled_from(["any", "start", "end"]), anything),
)
def test_panel(start: object, end: object, freq: object, rule: object) -> None:
    check(
        lambda: aa.panel(start, end, freq=freq, rule=rule),  # type: ignore[arg-type]
        "start",
        "end",
        "freq",
        "rule",
        "panel",
    )


@given(
    start=date_like,
    end=date_like,
    freq=st.one_of(st.sampled_from(["year", "month", "day"]), anything),
    rule=st.one_of(st.sampled_from(["end", "max"]), anything),
)
def test_dyads_arguments(start: object, end: object, freq: object, rule: object) -> None:
    check(
        lambda: aa.dyads(start, end, freq=freq, rule=rule),  # type: ignore[arg-type]
        "start",
        "end",
        "freq",
        "rule",
        "dyad table",
    )


@given(sender=anything, receiver=anything, date=date_like)
def test_representation_arguments(sender: object, receiver: object, date: object) -> None:
    check(
        lambda: aa.representation(sender, receiver, date),  # type: ignore[arg-type]
        "sender",
        "receiver",
        "date",
        "dyad",
    )


@given(path=st.one_of(anything, odd_text.map(lambda t: f"/nonexistent/{t}")))
def test_validate_paths(path: object) -> None:
    check(lambda: aa.validate(path), "path", "directory")  # type: ignore[arg-type]


@given(fmt=anything)
def test_export_formats(tmp_path_factory: pytest.TempPathFactory, fmt: object) -> None:
    target = tmp_path_factory.mktemp("export")
    check(lambda: aa.export(target, fmt=fmt), "fmt")  # type: ignore[arg-type]


@given(date=st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 1), dt.date(9999, 12, 31)]))
def test_extreme_dates(date: dt.date) -> None:
    assert isinstance(aa.members_as_of(date), tuple)
    check(lambda: aa.panel(date, date, freq="day"), "panel")
    check(lambda: aa.panel(date, date, freq="month"), "panel")
    check(lambda: aa.dyads(date, date, freq="day"), "dyad table")
    check(lambda: aa.dyads(date, date, freq="month", rule="max"), "dyad table")
    assert aa.representation("IL", "AE", date).day == date


def test_huge_panels_are_refused_not_built() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="panel would have"):
        aa.panel("0001-01-01", "9999-12-31", freq="day")


cli_text = st.one_of(
    odd_text.filter(lambda t: "\x00" not in t), st.sampled_from(["--", "-x", "--json"])
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # read after each call
@given(
    args=st.lists(cli_text, max_size=4),
    command=st.sampled_from(
        [
            "members",
            "events",
            "show",
            "sources",
            "panel",
            "dyads",
            "implementation",
            "versions",
            "diff",
            "cite",
            "validate",
            "export",
        ]
    ),
)
def test_cli_never_shows_a_traceback(
    capsys: pytest.CaptureFixture[str], command: str, args: list[str]
) -> None:
    if command in {"export", "validate"} and any(not a.startswith("/nonexistent") for a in args):
        args = [a if a.startswith("-") else f"/nonexistent/{a}" for a in args]
    code = main([command, *args])
    out, err = capsys.readouterr()
    assert code in {0, 1, 2}
    assert "Traceback" not in err
    if code == 1:
        assert (
            err.startswith("abraham-accords: error: ")
            or out.rstrip().endswith(("problem", "problems"))
            or "problem" in out
        )
    for line in err.splitlines():
        assert line.isprintable(), line


def test_cli_escapes_terminal_sequences_in_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "\x1b[2J\x1b[31mred"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\\x1b[2J" in err


def test_no_eval_exec_or_pickle_in_the_package() -> None:
    source = Path(aa.__file__).parent
    for path in source.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in (
            "eval(",
            "exec(",
            "pickle",
            "marshal",
            "__import__(",
            "subprocess",
            "urllib",
            "socket",
        ):
            assert word not in text, (path.name, word)
