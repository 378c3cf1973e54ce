"""Release storage: deltas, in full past a limit, reproducible bytes, a checked format."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abraham_accords import _releases
from abraham_accords._fingerprint import DATA_FILES, fingerprint
from abraham_accords._storage import (
    KEYS,
    READ_LIMIT,
    apply_delta,
    apply_deltas,
    data_files,
    decode,
    encode,
    make_delta,
    stored_form,
)

# A record type the documents below store: a few keyed records with one field that changes.
records = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["x", "y", "é"]), max_size=4
).map(lambda found: [{"id": key, "text": text} for key, text in sorted(found.items())])
documents = st.fixed_dictionaries(
    {"metadata": st.fixed_dictionaries({"data_version": st.sampled_from(["1", "2"])})},
    optional={"instruments": records, "events": records},
).map(lambda found: {"metadata": found.pop("metadata"), **found})  # metadata first


@settings(max_examples=200, deadline=None)
@given(before=documents, after=documents)
def test_a_delta_rebuilds_the_next_document_and_stores_only_what_changed(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    delta = make_delta("2", ("1", before), after)
    rebuilt = apply_delta(before, delta)
    assert rebuilt == after
    assert list(rebuilt) == list(after)  # the record types keep their order
    assert decode(encode(delta)) == delta
    for kind in ("instruments", "events"):
        old = {r["id"]: r for r in before.get(kind, [])}
        new = {r["id"]: r for r in after.get(kind, [])}
        if kind in after:
            assert delta["put"].get(kind, []) == [r for k, r in new.items() if old.get(k) != r]
            assert delta["delete"].get(kind, []) == sorted(old.keys() - new.keys())
        else:  # a record type the new document lacks is left out, not emptied
            assert kind not in delta["put"]
            assert kind not in delta["delete"]


def test_the_first_delta_holds_every_record_on_no_base() -> None:
    document = {
        "metadata": {"data_version": "1"},
        "events": [{"id": "b"}, {"id": "a"}],
        "parties": [{"code": "IL"}],
    }
    delta = make_delta("1", None, document)
    assert delta == {
        "format": 1,
        "version": "1",
        "base": None,
        "order": ["events", "parties"],
        "metadata": {"data_version": "1"},
        "put": {"parties": [{"code": "IL"}], "events": [{"id": "b"}, {"id": "a"}]},
        "delete": {},
    }
    assert apply_delta(None, delta) == {
        "metadata": {"data_version": "1"},
        "events": [{"id": "a"}, {"id": "b"}],
        "parties": [{"code": "IL"}],
    }


def test_a_delta_names_its_version_and_base_and_removes_a_record() -> None:
    old = {"metadata": {"data_version": "1"}, "parties": [{"code": "AE"}, {"code": "IL"}]}
    new = {"metadata": {"data_version": "2"}, "parties": [{"code": "IL"}]}
    delta = make_delta("2", ("1", old), new)
    assert (delta["format"], delta["version"], delta["base"]) == (1, "2", "1")
    assert (delta["put"], delta["delete"]) == ({}, {"parties": ["AE"]})
    assert apply_delta(old, delta) == new


def test_a_record_type_new_in_a_release_builds_on_a_document_without_it() -> None:
    old = {"metadata": {}, "parties": [{"code": "IL"}]}
    new = {"metadata": {}, "parties": [{"code": "IL"}], "sources": [{"id": "s"}]}
    delta = make_delta("2", ("1", old), new)
    assert delta["put"] == {"sources": [{"id": "s"}]}
    assert apply_delta(old, delta) == new


@pytest.mark.parametrize("release", _releases.releases(), ids=lambda r: r.version)
def test_the_data_files_of_a_release_are_its_working_data(release: _releases.Release) -> None:
    document = _releases._document(release.version)
    files = data_files(document)
    optional = ["provisions.json"] if document.get("provisions") else []  # since 2026.12.07.1
    assert sorted(files) == sorted([*DATA_FILES, *optional])
    if _releases.version_key(release.version) >= (2026, 11, 29, 1):  # made in today's form
        assert fingerprint(files) == release.data_sha256


def test_data_files_leave_out_nulls_and_write_text_as_itself() -> None:
    document: dict[str, Any] = {
        "metadata": {"data_version": "1", "note": None},
        **{kind: [] for kind in KEYS},
    }
    document["events"] = [{"id": "a", "summary": "Cafe\u0301 \u05d9", "note": None}]
    files = data_files(document)
    assert files["metadata.json"] == b'{\n  "data_version": "1"\n}\n'
    assert files["events.json"] == (
        '[\n  {\n    "id": "a",\n    "summary": "Caf\u00e9 \u05d9"\n  }\n]\n'.encode()
    )


def test_a_release_file_is_compact_utf8_json_gzipped_without_a_time_or_name() -> None:
    delta = {"format": 1, "version": "1", "put": {"events": [{"id": "é"}]}}
    stored = encode(delta)
    text = '{"format":1,"version":"1","put":{"events":[{"id":"é"}]}}\n'
    assert gzip.decompress(stored) == text.encode()
    # The gzip header holds no file name and a zero time, so a release made again is the
    # same bytes (RFC 1952: flags at byte 3, the time at bytes 4-7).
    assert stored[3] == 0
    assert stored[4:8] == b"\0\0\0\0"
    assert encode(json.loads(json.dumps(delta))) == stored


@pytest.mark.parametrize(
    "stored",
    [b'{"format": 2, "version": "1"}', b'{"version": "1"}', b"[1]", b'"format"'],
    ids=["newer format", "no format", "an array", "a string"],
)
def test_decode_refuses_json_that_is_not_a_release_file_of_its_format(stored: bytes) -> None:
    with pytest.raises(ValueError, match=r"^is not a release file of format 1$"):
        decode(gzip.compress(stored))


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"not gzip", "Not a gzipped file"), (gzip.compress(b"{"), "Expecting")],
    ids=["not gzip", "not JSON"],
)
def test_decode_refuses_what_is_not_gzipped_json(data: bytes, reason: str) -> None:
    with pytest.raises(
        ValueError, match=rf"^is not a gzip-compressed JSON release file \({reason}"
    ):
        decode(data)


@settings(max_examples=200, deadline=None)
@given(start=documents, later=st.lists(documents, min_size=1, max_size=5))
def test_a_chain_of_deltas_rebuilds_what_applying_them_one_by_one_does(
    start: dict[str, Any], later: list[dict[str, Any]]
) -> None:
    deltas = []
    previous = ("0", start)
    for number, document in enumerate(later, 1):
        deltas.append(make_delta(str(number), previous, document))
        previous = (str(number), document)
    one_by_one: dict[str, Any] = start
    for delta in deltas:
        one_by_one = apply_delta(one_by_one, delta)
    assert apply_deltas(start, deltas) == one_by_one == later[-1]
    assert apply_deltas(start, []) == start  # no delta: the document as it was
    assert list(apply_deltas(start, deltas)) == list(later[-1])


def _numbered(count: int, text: str) -> dict[str, Any]:
    records = [{"id": f"{n:04}", "text": f"{text} {n * 7919 % 10007}"} for n in range(count)]
    return {"metadata": {"data_version": text}, "events": records}


def test_a_release_is_stored_in_full_once_its_chain_would_read_more_than_the_limit() -> None:
    old, new = _numbered(300, "old"), _numbered(300, "new")
    new["events"][0]["text"] = "changed"
    full = encode(make_delta("2", None, new))
    delta = encode(make_delta("2", ("1", old), new))
    room = READ_LIMIT * len(full) - len(delta)  # bytes the chain to "1" may take
    assert stored_form("2", ("1", old, room), new) == delta
    assert stored_form("2", ("1", old, room + 1), new) == full
    assert stored_form("2", None, new) == full
    assert decode(full)["base"] is None
    assert apply_delta(None, decode(full)) == new


def test_reading_any_release_of_a_long_history_stays_within_the_limit() -> None:
    """A history of small changes: each release reads at most READ_LIMIT times its full text."""
    stored: list[tuple[dict[str, Any], int]] = []
    previous: tuple[str, dict[str, Any], int] | None = None
    document = _numbered(200, "0")
    fulls = 0
    for number in range(1, 200):
        document = {**document, "events": [dict(r) for r in document["events"]]}
        document["events"][number % 200]["text"] = f"changed in {number}"
        version = str(number)
        data = stored_form(version, previous, document)
        delta = decode(data)
        read = len(data) if delta["base"] is None else previous[2] + len(data)  # type: ignore[index]
        fulls += delta["base"] is None
        assert read <= READ_LIMIT * len(encode(make_delta(version, None, document)))
        stored.append((delta, read))
        previous = (version, document, read)
    assert fulls > 1  # the history is long enough to restart its chain
    chain = [delta for delta, _ in stored]
    start = max(at for at, delta in enumerate(chain) if delta["base"] is None)
    assert apply_deltas(None, chain[start:]) == document
