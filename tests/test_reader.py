"""One reader for validate and the loader: strict JSON and types; a --fix that loses nothing."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import abraham_accords as aa
from abraham_accords import _releases
from abraham_accords._canonical import canonical_json, lost_value
from abraham_accords._cli import main
from abraham_accords._loading import read_dataset
from abraham_accords._models import TRUSTED, Party, Source
from abraham_accords._reader import parse_json, read_records, safe
from abraham_accords._tables import FILES, record_id
from repository import copy_repository, run_python

# (file, text to find, its replacement, the record named, the problem's message)
FAULTS = [
    (
        "events.json",
        '"summary": ',
        '"summary": "A first value.",\n    "summary": ',
        "ae-2020-08-13-announced",
        "record: key 'summary' appears 2 times",
    ),
    (
        "parties.json",
        '"fr": ',
        '"fr": "Émirats",\n      "fr": ',
        "AE",
        "names: key 'fr' appears 2 times",
    ),
    (
        "events.json",
        '"summary": ',
        '"caf\u00e9": 1,\n    "cafe\u0301": 2,\n    "summary": ',
        "ae-2020-08-13-announced",
        "record: keys 'caf\\xe9' and 'cafe\\u0301' differ only in Unicode normal form",
    ),
    (
        "parties.json",
        '"ccode": 696',
        '"ccode": 1e400',
        "AE",
        "ccode: the number 1e400 does not fit a float",
    ),
    (
        "parties.json",
        '"ccode": 696',
        '"ccode": NaN',
        "AE",
        "ccode: NaN is not a number strict JSON allows",
    ),
    (
        "parties.json",
        '"ccode": 696',
        '"ccode": -Infinity',
        "AE",
        "ccode: -Infinity is not a number strict JSON allows",
    ),
    (
        "parties.json",
        '"ccode": 696',
        '"ccode": ' + "7" * 5000,
        "AE",
        "ccode: an integer of 5000 digits is too long",
    ),
    (
        "events.json",
        '"summary": "',
        '"summary": "\\ud800',
        "ae-2020-08-13-announced",
        "summary: holds a lone UTF-16 surrogate (no UTF-8 file can)",
    ),
    (
        "events.json",
        '"summary": ',
        '"\\udc00": 1,\n    "summary": ',
        "ae-2020-08-13-announced",
        "record: a key holds a lone UTF-16 surrogate",
    ),
    # Types a formatting fix must not change: strict mode refuses them as they are.
    (
        "parties.json",
        '"ccode": 696',
        '"ccode": true',
        "AE",
        "ccode: Input should be a valid integer",
    ),
    (
        "events.json",
        '"summary": ',
        '"sequence": "1",\n    "summary": ',
        "ae-2020-08-13-announced",
        "sequence: Input should be a valid integer",
    ),
    (
        "events.json",
        '"date": "2020-08-13"',
        '"date": 1597276800',
        "ae-2020-08-13-announced",
        "date: Input should be a valid date",
    ),
    # Separators and format characters in text.
    *(
        (
            "events.json",
            '"summary": "',
            f'"summary": "A{char}',
            "ae-2020-08-13-announced",
            (
                "summary: Value error, must not contain control, format or separator characters "
                f"(U+{ord(char):04X})"
            ),
        )
        for char in ("\u2028", "\u2029", "\u202e", "\ue000", "\u2066")
    ),
]


def _damage(directory: Path, name: str, old: str, new: str) -> bytes:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    data = text.replace(old, new, 1).encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return data


# The start of each message, without backslashes: pytest escapes a backslash in an id again
# each time it collects in one process, so mutmut could not select the test by its id.
FAULT_IDS = [message[:48].replace("\\", "") for *_, message in FAULTS]


@pytest.mark.parametrize(("name", "old", "new", "record", "message"), FAULTS, ids=FAULT_IDS)
def test_validate_fix_and_load_agree_on_each_fault(  # noqa: PLR0913, PLR0917  (one table row)
    data_dir: Path, name: str, old: str, new: str, record: str, message: str
) -> None:
    damaged = _damage(data_dir, name, old, new)
    expected = aa.Problem(name, record, message)
    assert aa.validate(data_dir) == (expected,)
    assert aa.validate(data_dir, fix=True) == (expected,)
    assert (data_dir / name).read_bytes() == damaged  # --fix refused to rewrite it
    with pytest.raises(aa.DataIntegrityError) as raised:
        read_dataset(data_dir)
    assert raised.value.problems == (expected,)


def test_the_cli_prints_a_problem_with_a_lone_surrogate_key(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(data_dir, "sources.json", '"title": ', '"\\ud83d\\ude00\\ud800": 1,\n    "title": ')
    assert main(["validate", str(data_dir)]) == 1
    out = capsys.readouterr().out
    out.encode()  # printable: no surrogate reaches the terminal
    assert "a key holds a lone UTF-16 surrogate" in out


def test_a_problem_inside_a_list_names_its_place() -> None:
    found: list[aa.Problem] = []
    data = b'[{"id": "a", "sources": ["x", {"k": 1, "k": 2}]}, {"id": "b", "n": NaN}]'
    assert parse_json(data, "events.json", found) is None
    assert [str(p) for p in found] == [
        "events.json: a: sources.1: key 'k' appears 2 times",
        "events.json: b: n: NaN is not a number strict JSON allows",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff[]", "is not UTF-8 (byte 0: invalid start byte)"),
        (b"[1,", "is not valid JSON: line 1, column 4: Expecting value"),
        (b"[" * 100_000 + b"]" * 100_000, "is not valid JSON: nested too deeply"),
    ],
)
def test_a_file_that_is_not_json_is_one_problem(data: bytes, message: str) -> None:
    found: list[aa.Problem] = []
    assert parse_json(data, "x.json", found) is None
    assert found == [aa.Problem("x.json", "(file)", message)]


def test_an_escaped_surrogate_pair_is_a_character_not_a_problem() -> None:
    found: list[aa.Problem] = []
    assert parse_json(b'["\\ud83d\\ude00", "\\\\ud800"]', "x.json", found) == ["😀", "\\ud800"]
    assert found == []


def test_the_longest_integer_read() -> None:
    found: list[aa.Problem] = []
    assert parse_json(b"[-999999999999999999]", "x.json", found) == [-999999999999999999]
    assert parse_json(b"[9999999999999999999]", "x.json", found) is None
    assert found == [aa.Problem("x.json", "#0", "record: an integer of 19 digits is too long")]


def test_an_overflowing_number_is_quoted_to_40_characters() -> None:
    found: list[aa.Problem] = []
    number = "1" + "0" * 50 + "e400"
    assert parse_json(f'{{"id": "a", "n": {number}}}'.encode(), "x.json", found) is None
    assert found == [
        aa.Problem("x.json", "(file)", f"n: the number {number[:40]} does not fit a float")
    ]


@pytest.mark.parametrize("escape", ["\\ud800", "\\udbff", "\\udc00", "\\udfff"])
def test_every_lone_surrogate_is_a_problem(escape: str) -> None:
    found: list[aa.Problem] = []
    assert parse_json(f'["a{escape}"]'.encode(), "x.json", found) is None
    assert found == [
        aa.Problem("x.json", "#0", "record: holds a lone UTF-16 surrogate (no UTF-8 file can)")
    ]


def test_metadata_problems_name_the_metadata() -> None:
    found: list[aa.Problem] = []
    assert parse_json(b'{"title": 1, "title": 2}', "metadata.json", found) is None
    assert found == [
        aa.Problem("metadata.json", "(metadata)", "record: key 'title' appears 2 times")
    ]


def test_safe_escapes_only_what_a_terminal_would_not_show() -> None:
    assert safe("Émirats إسرائيل") == "Émirats إسرائيل"
    assert safe("a\u2028b\x07c") == "a\\u2028b\\x07c"
    assert safe("Émirats\u2028") == "Émirats\\u2028"


def test_a_lone_surrogate_is_found_at_any_depth_and_in_a_bare_value() -> None:
    found: list[aa.Problem] = []
    data = b'[{"id": "a", "sources": [["x", "\\ud800"]]}]'
    assert parse_json(data, "events.json", found) is None
    assert found == [
        aa.Problem(
            "events.json", "a", "sources.0.1: holds a lone UTF-16 surrogate (no UTF-8 file can)"
        )
    ]
    found.clear()
    assert parse_json(b"NaN", "x.json", found) is None
    assert found == [
        aa.Problem("x.json", "(file)", "record: NaN is not a number strict JSON allows")
    ]


def test_trusted_records_skip_only_the_iso_lookup_even_beside_an_invalid_one() -> None:
    party = {"code": "AE", "name": "United Arab Emirates", "alpha3": "ARF", "role": "party"}
    data = json.dumps([party, {"code": "BH"}]).encode()
    found: list[aa.Problem] = []
    parsed = read_records(data, "parties.json", Party, found, context={TRUSTED: True})
    assert parsed is not None
    assert [record_id(p) for p in parsed.records] == ["AE"]  # its alpha3 was not looked up
    assert [name for name, _ in parsed.invalid] == ["BH"]
    assert {p.record for p in found} == {"BH"}
    untrusted: list[aa.Problem] = []
    parsed = read_records(data, "parties.json", Party, untrusted)
    assert parsed is not None
    assert parsed.records == ()
    assert "AE" in {p.record for p in untrusted}


@pytest.mark.parametrize(
    ("old", "new", "records", "lost"),
    [
        ({"a": 1, "b": [1, "x"]}, {"b": [1, "x"], "a": 1}, False, None),
        ({"a": "e\u0301"}, {"a": "\u00e9"}, False, None),  # NFC is formatting
        ({"a": None}, {}, False, None),  # a null field is written as absent
        ({"a": None}, {"a": 1}, False, "a"),
        ({}, {"iso": True}, False, None),  # a default is added
        ({"a": True}, {"a": 1}, False, "a"),
        ({"a": 1}, {"a": 1.0}, False, "a"),
        ({"a": "1"}, {"a": 1}, False, "a"),
        ({"a": [1, 2]}, {"a": [2, 1]}, False, "a.0"),
        ({"a": [1, 2]}, {"a": [1]}, False, "a"),
        ({"a": {"b": 1}}, {"a": {}}, False, "a.b"),
        ({"a": {"b": 1}}, {"a": 5}, False, "a"),
        ([1], [1, 2], False, "the list"),
        ({"a": 1}, [1], False, "the record"),
        ([{"id": "b"}, {"id": "a"}], [{"id": "a"}, {"id": "b"}], True, None),
        ([{"id": "b", "x": 1}, {"id": "a"}], [{"id": "a"}, {"id": "b"}], True, "b: x"),
        ([{"id": "a"}], [{"id": "a"}, {"id": "b"}], True, "the list"),
        ([1, 2], [1, 3], False, "1"),
        (1, 2, False, "the value"),
        ("a", "b", False, "the value"),
        ([1], [2], True, "#0: the value"),  # a record that is not an object
        ([{"id": "b"}, {"id": "a"}], [{"id": "a"}, {"id": "b"}], False, "0.id"),  # not records
        ([{"x": 1}], [{"x": 2}], True, "#0: x"),  # a record without an id, by its place
        # A record without an id sorts as "#0", as the rewrite sorts it, even before an odd id.
        ([{"id": "#05"}, {"x": 1}], [{"x": 1}, {"id": "#05"}], True, None),
    ],
)
def test_lost_value(old: Any, new: Any, records: bool, lost: str | None) -> None:  # noqa: FBT001  (a table row)
    assert lost_value(old, new, records=records) == lost


def test_the_canonical_form_of_one_record_leaves_out_null_fields() -> None:
    source = Source.model_validate(
        {
            "id": "src",
            "url": "https://example.org/source",
            "title": "A source",
            "publisher": "Example",
            "published": None,
            "kind": "news",
        }
    )
    assert json.loads(canonical_json(source)) == {
        "id": "src",
        "url": "https://example.org/source",
        "title": "A source",
        "publisher": "Example",
        "kind": "news",
    }
    assert json.loads(canonical_json([source])) == [json.loads(canonical_json(source))]


def test_fix_refuses_a_rewrite_that_changes_a_value(data_dir: Path) -> None:
    # pydantic writes a bare host's URL with a slash: a value change, not formatting.
    path = data_dir / "sources.json"
    sources = json.loads(path.read_text(encoding="utf-8"))
    sources[0]["url"] = "https://example.org"
    data = (json.dumps(sources, indent=4, ensure_ascii=False) + "\n").encode()
    path.write_bytes(data)
    problems = aa.validate(data_dir, fix=True)
    assert (
        aa.Problem(
            "sources.json",
            "(file)",
            f"is not in canonical form, and rewriting it would change the value at "
            f"{sources[0]['id']}: url; correct that value by hand",
        )
        in problems
    )
    assert path.read_bytes() == data


class _Object(list[tuple[str, Any]]):
    """A JSON object as every key-value pair it was written with, duplicates included."""


def _parse_all(data: bytes) -> Any:
    """Parse keeping every pair of every object; strings in NFC; null fields left out."""

    def fold(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list) and not isinstance(value, _Object):
            return [fold(v) for v in value]
        return value

    def hook(pairs: list[tuple[str, Any]]) -> _Object:
        return _Object((fold(k), fold(v)) for k, v in pairs if v is not None)

    return fold(json.loads(data, object_pairs_hook=hook))


def _holds(new: Any, old: Any) -> bool:
    """Whether *new* holds every value of *old* (an object may gain keys, nothing else)."""
    if isinstance(old, _Object):
        keys = [k for k, _ in old]
        if not isinstance(new, _Object) or len(set(keys)) != len(keys):
            return False  # a key given twice cannot be kept twice
        written = dict(new)
        return len(written) == len(new) and all(
            k in written and _holds(written[k], v) for k, v in old
        )
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(new) == len(old)
            and all(_holds(a, b) for a, b in zip(new, old, strict=True))
        )
    return type(new) is type(old) and new == old


def _kept(before: bytes, after: bytes) -> bool:
    """Whether the file *after* holds every value of the file *before*, records in any order."""
    old, new = _parse_all(before), _parse_all(after)
    if isinstance(old, _Object) or not isinstance(old, list):
        return _holds(new, old)
    if not isinstance(new, list) or len(new) != len(old):
        return False
    remaining = list(new)
    for record in old:
        match = next((r for r in remaining if _holds(r, record)), None)
        if match is None:
            return False
        remaining.remove(match)
    return True


# Damage done to one record's text: each makes a value a formatting fix must not touch.
_INSERTIONS = {
    "duplicate": '"{key}": "an earlier value", ',
    "nan": '"{key}": NaN, ',
    "overflow": '"{key}": 1e999, ',
    "bool": '"{key}": true, ',
    "string-number": '"{key}": "1", ',
    "timestamp": '"date": 1597276800, ',
    "decomposed": '"{key}": "' + unicodedata.normalize("NFD", "Émirats é") + '", ',
    "null": '"note": null, ',
    "bare-url": '"url": "https://example.org", ',
}


@cache
def _release_files(version: str) -> dict[str, bytes]:
    """The data files of a release, laid out as a contributor might have them."""
    document = _releases.snapshot_document(aa.load(version))
    return {
        name: (json.dumps(document[kind], indent=2, ensure_ascii=False) + "\n").encode()
        for kind, name in FILES.items()
        if kind in document  # (a record type the release predates has no file)
    }


@settings(max_examples=60, deadline=None)
@given(
    version=st.sampled_from(aa.available_versions()),
    name=st.sampled_from(["parties.json", "instruments.json", "events.json", "sources.json"]),
    damage=st.lists(
        st.tuples(st.sampled_from(sorted(_INSERTIONS)), st.integers(0, 10**6)), max_size=3
    ),
    reverse=st.booleans(),
    indent=st.sampled_from([None, 0, 1, 2, 4]),
)
def test_fix_on_damaged_copies_of_every_release_refuses_or_keeps_every_value(
    version: str,
    name: str,
    damage: list[tuple[str, int]],
    reverse: bool,  # noqa: FBT001  (drawn by hypothesis)
    indent: int | None,
) -> None:
    files = _release_files(version)
    records = json.loads(files[name])
    if reverse:
        records = [dict(reversed(r.items())) for r in reversed(records)]
    texts = [json.dumps(r, indent=indent, ensure_ascii=False) for r in records]
    for insertion, at in damage:
        index = at % len(texts)
        keys = sorted(records[index])
        key = keys[at % len(keys)]
        texts[index] = "{" + _INSERTIONS[insertion].format(key=key) + texts[index][1:]
    damaged = ("[" + ",\n".join(texts) + "]\n").encode()
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        for file, data in {**files, name: damaged}.items():
            (directory / file).write_bytes(data)
        aa.validate(directory, fix=True)
        after = (directory / name).read_bytes()
    if after != damaged:  # rewritten: strict JSON holding every value
        assert _kept(damaged, after)
        json.loads(after, parse_constant=lambda c: pytest.fail(f"--fix wrote {c}"))


def test_the_oracle_sees_a_lost_value() -> None:
    assert _kept(b'[{"id": "a", "x": 1}]', b'[{"x": 1, "id": "a", "y": 2}]')
    assert not _kept(b'[{"id": "a", "x": 1, "x": 2}]', b'[{"id": "a", "x": 2}]')
    assert not _kept(b'[{"id": "a", "x": true}]', b'[{"id": "a", "x": 1}]')
    assert not _kept(b'[{"id": "a"}, {"id": "a"}]', b'[{"id": "a"}]')
    assert not _kept(b'{"a": [1, 2]}', b'{"a": [2, 1]}')


@pytest.mark.parametrize("version", aa.available_versions())
def test_fix_on_every_release_keeps_every_value(tmp_path: Path, version: str) -> None:
    document = _releases.snapshot_document(aa.load(version))
    written = {}
    for kind, name in FILES.items():
        if kind not in document:  # a record type the release predates: no file
            continue
        value = document[kind]
        if isinstance(value, list):  # out of order, keys reversed, four-space indent
            value = [dict(reversed(list(record.items()))) for record in reversed(value)]
        data = (json.dumps(value, indent=4) + "\n").encode()
        (tmp_path / name).write_bytes(data)
        written[name] = data
    aa.validate(tmp_path, fix=True)
    for name, data in written.items():
        after = (tmp_path / name).read_bytes()
        assert after != data  # it was rewritten,
        assert _kept(data, after)  # and nothing was lost


_ENTRY_POINTS = """
import contextlib, io, sys
import abraham_accords as aa
from abraham_accords._cli import main

calls = {
    "first query": lambda: aa.members_as_of("2021-01-01"),
    "DATA_VERSION": lambda: aa.DATA_VERSION,
    "load": lambda: aa.load("2026.11.27"),
    "available_versions": aa.available_versions,
    "validate": aa.validate,
    "cite": aa.cite,
}
for name, call in calls.items():
    try:
        call()
    except aa.DataIntegrityError as exc:
        assert "releases/index.json" in str(exc), (name, str(exc))
        print(name, "DataIntegrityError")
commands = [
    ["--version"], ["members"], ["events"], ["show", "MA"], ["sources"], ["versions"],
    ["diff"], ["cite"], ["validate"], ["panel", "--start", "2021", "--end", "2021"],
    ["dyads", "--start", "2021", "--end", "2021"],
    ["export", "--format", "csv", "--out", sys.argv[1]],
]
for command in commands:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(command)
    first = err.getvalue().splitlines()[0] if err.getvalue() else ""
    assert code == 1 and first.startswith("abraham-accords: error: "), (command, err.getvalue())
    assert "releases/index.json" in err.getvalue(), (command, err.getvalue())
    print(command[0], "exit 1")
"""


@pytest.mark.parametrize(
    ("index", "problem"),
    [
        (lambda data: data[:100], "is not valid JSON: Unterminated string"),
        (lambda _: b'{"version": "2026.11.27"}', "must be a JSON array of releases"),
        (lambda _: b"[5]", "#0: must have exactly the fields version, released"),
        (
            lambda _: b'[{"version": "2026.11.27"}]',
            "#0: must have exactly the fields version, released",
        ),
        (
            lambda data: data.replace(b'"released": "2026-11-27"', b'"released": 20261127', 1),
            "#0: released must be a date (YYYY-MM-DD), not '20261127'",
        ),
        (
            lambda data: data.replace(b"2026.11.27", b"2026-11-27", 1),
            "#0: version must be a dataset",
        ),
    ],
    ids=["truncated", "wrong shape", "not an object", "missing field", "wrong type", "bad version"],
)
def test_a_corrupt_release_index_is_our_error_everywhere(
    tmp_path: Path, index: Any, problem: str
) -> None:
    copy = copy_repository(tmp_path / "repo", ["src"], [])
    path = copy / "src/abraham_accords/releases/index.json"
    path.write_bytes(index(path.read_bytes()))
    script = tmp_path / "entry_points.py"
    script.write_text(_ENTRY_POINTS, encoding="utf-8")
    result = run_python(
        copy, str(script), str(tmp_path / "out"), env={"PYTHONPATH": str(copy / "src")}
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        f"{name} DataIntegrityError"
        for name in (
            "first query",
            "DATA_VERSION",
            "load",
            "available_versions",
            "validate",
            "cite",
        )
    ], lines
    assert len([line for line in lines if line.endswith("exit 1")]) == 12
    detail = run_python(
        copy,
        "-c",
        "import abraham_accords as aa\ntry:\n    aa.available_versions()\n"
        "except aa.DataIntegrityError as exc:\n    print(exc)",
        env={"PYTHONPATH": str(copy / "src")},
    )
    assert problem in detail.stdout, detail.stdout
