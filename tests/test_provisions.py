"""Provisions: the model, the rules across records, validate, the queries, files and exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import abraham_accords as aa
from abraham_accords import _releases
from abraham_accords._fingerprint import data_contents, fingerprint
from abraham_accords._loading import read_dataset
from abraham_accords._models import article_slug
from factories import SOURCE, build, event, provision

# -- the model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "slug"),
    [
        ("5", "art-5"),
        ("12(3)", "art-12-3"),
        ("5(2)(b)", "art-5-2-b"),
        ("Annex", "annex"),
        ("Annex 2", "annex-2"),
        ("Annex 1(b)", "annex-1-b"),
        ("Para 3", "para-3"),
        ("Preamble 2", "preamble-2"),
        ("Preamble", "preamble"),
    ],
)
def test_an_article_as_numbered_has_its_slug(article: str, slug: str) -> None:
    assert provision(article).article == article
    assert article_slug(article) == slug


@pytest.mark.parametrize(
    "article",
    [
        *("", "0", "Art. 5", "Article 5", "5()", "5(B)", "5 (2)", "annex 2", "Para"),
        *("Annex 0", "5.2", "Preamble 0", "preamble 2"),
    ],
)
def test_an_article_not_numbered_as_the_grammar_says_is_refused(article: str) -> None:
    fields = {**provision("5").model_dump(), "article": article}
    with pytest.raises(ValidationError, match="article"):
        aa.Provision.model_validate(fields)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parties": ("AE", "AE")}, "parties lists a party twice"),
        ({"sources": ("src", "src")}, "sources lists a source twice"),
        ({"parties": ()}, "at least 1 item"),
        ({"sources": ()}, "at least 1 item"),
        ({"kind": "friendship"}, "kind"),
        ({"strength": "binding"}, "strength"),
        ({"summary": "=SUM(A1)."}, "formula"),
        ({"extra": 1}, "Extra inputs are not permitted"),
    ],
)
def test_a_provision_with_a_bad_field_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        provision("1", **change)


def test_the_vocabularies_are_closed_and_exported() -> None:
    assert "embassies" in aa.PROVISION_KINDS
    assert aa.STRENGTHS == ("undertaking", "recognition", "best_efforts", "encouragement")
    assert len(set(aa.PROVISION_KINDS)) == len(aa.PROVISION_KINDS)


# -- rules across records (a hand-built dataset) -----------------------------------------

AE_SIGNED = event("AE", "signed", "2020-09-15", instrument="x")


def build_with(*provisions: aa.Provision) -> aa.Dataset:
    return build([AE_SIGNED], provisions=provisions)


def problems_of(*provisions: aa.Provision) -> list[str]:
    with pytest.raises(aa.DataIntegrityError) as caught:
        build_with(*provisions)
    return [str(p) for p in caught.value.problems]


def test_a_valid_provision_is_kept() -> None:
    first = provision("1")
    ds = build_with(first)
    assert ds.provision_records == (first,)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            provision("1", instrument="nowhere"),
            "provisions.json: x-art-1-1: unknown instrument 'nowhere'",
        ),
        (
            provision("1", parties=("AE", "US")),
            (
                "provisions.json: x-art-1-1: US is not a signatory of 'x' (its signatories: AE); "
                "a provision binds only signatories"
            ),
        ),
        (
            provision("1", parties=("BH",)),
            (
                "provisions.json: x-art-1-1: BH is not a signatory of 'x' (its signatories: AE); "
                "a provision binds only signatories"
            ),
        ),
        (
            provision("1", sources=("src", "nope")),
            "provisions.json: x-art-1-1: unknown source 'nope'",
        ),
    ],
)
def test_each_rule_across_records(record: aa.Provision, expected: str) -> None:
    assert problems_of(record) == [expected]


def test_an_id_used_twice_is_refused() -> None:
    twice = provision("1")
    assert problems_of(twice, twice) == ["provisions.json: x-art-1-1: id used by 2 records"]


def test_a_source_cited_only_by_a_provision_is_used() -> None:
    ds = build_with(provision("1"))
    text = SOURCE.model_copy(update={"id": "text", "url": "https://example.org/text"})
    with pytest.raises(aa.DataIntegrityError, match="text: source is cited by no event"):
        ds.replace(sources=(*ds.source_records, text))
    cited = ds.replace(
        sources=(*ds.source_records, text), provisions=[provision("1", sources=("src", "text"))]
    )
    assert cited.sources_for(cited.provisions()[0].sources[1]) == (text,)


def test_a_dataset_with_provisions_is_not_equal_to_one_without() -> None:
    with_one = build_with(provision("1"))
    assert with_one != with_one.replace(provisions=())
    assert with_one == with_one.replace()


# -- the query ---------------------------------------------------------------------------

SHUFFLED = (
    provision("10"),
    provision("Preamble 2", kind="peace", strength="recognition"),
    provision("Annex 2"),
    provision("Annex", kind="trade"),
    provision("2", 2, kind="embassies", strength="best_efforts"),
    provision("Annex 1(b)", kind="trade"),
    provision("2", 1, kind="embassies"),
    provision("2(a)", kind="trade"),
)
TEXT_ORDER = [
    "x-preamble-2-1",
    "x-art-2-1",
    "x-art-2-2",
    "x-art-2-a-1",
    "x-art-10-1",
    "x-annex-1",
    "x-annex-1-b-1",
    "x-annex-2-1",
]


def test_provisions_come_in_the_order_of_the_text() -> None:
    ds = build_with(*SHUFFLED)
    assert [p.id for p in ds.provisions()] == TEXT_ORDER
    assert [p.id for p in ds.provision_records] == sorted(TEXT_ORDER)


def test_provisions_filter_by_instrument_kind_and_party() -> None:
    ds = build(
        [AE_SIGNED, event("BH", "signed", "2020-09-15", instrument="x")],
        provisions=[*SHUFFLED, provision("3", parties=("BH",), kind="trade")],
    )
    instrument = ds.instruments()[0]
    assert len(ds.provisions(instrument="x")) == len(SHUFFLED) + 1
    assert ds.provisions(instrument=instrument) == ds.provisions(instrument="x")
    assert [p.id for p in ds.provisions(kind="embassies")] == ["x-art-2-1", "x-art-2-2"]
    assert [p.id for p in ds.provisions(party="Bahrain")] == ["x-art-3-1"]
    assert [p.id for p in ds.provisions(party="BH", kind="trade")] == ["x-art-3-1"]
    assert ds.provisions(party="BH", kind="embassies") == ()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"instrument": "nowhere"}, aa.UnknownRecordError, "no instrument of this dataset"),
        ({"instrument": "src"}, aa.UnknownRecordError, "no instrument of this dataset"),
        ({"instrument": 5}, aa.ArgumentTypeError, "instrument must be an id or an Instrument"),
        ({"kind": "friendship"}, aa.InvalidArgumentError, "provision kind"),
        ({"party": "Atlantis"}, aa.UnknownPartyError, "Atlantis"),
    ],
)
def test_provisions_refuse_bad_filters(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    ds = build_with(provision("1"))
    with pytest.raises(error, match=message):
        ds.provisions(**arguments)


def test_an_instrument_of_another_dataset_is_refused() -> None:
    ds = build_with(provision("1"))
    stranger = ds.instruments()[0].model_copy(update={"title": "Another text"})
    with pytest.raises(aa.UnknownRecordError, match="no instrument of this dataset has id 'x'"):
        ds.provisions(instrument=stranger)


# -- validate ----------------------------------------------------------------------------

TREATY = "il-ae-peace-treaty"


def treaty_source() -> str:
    treaty = aa.dataset().get_record(TREATY)
    assert isinstance(treaty, aa.Instrument)
    return treaty.sources[0]


def write_provisions(directory: Path, records: list[dict[str, Any]]) -> None:
    """Add *records* to the provisions of the copied data (canonical layout)."""
    path = directory / "provisions.json"
    kept = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    everything = sorted([*kept, *records], key=lambda r: r["id"])
    path.write_text(json.dumps(everything, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def remove_provisions(directory: Path) -> None:
    """Make the copied data what it was before provisions: no file, no source for them."""
    cited = {s for p in aa.provisions() for s in p.sources}
    cited -= {s for event in aa.events() for s in event.sources}
    cited -= {s for instrument in aa.instruments() for s in instrument.sources}
    (directory / "provisions.json").unlink()
    path = directory / "sources.json"
    sources = [s for s in json.loads(path.read_text(encoding="utf-8")) if s["id"] not in cited]
    path.write_text(json.dumps(sources, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def record(**change: Any) -> dict[str, Any]:
    return {
        "id": f"{TREATY}-art-4-1",
        "instrument": TREATY,
        "article": "4",
        "kind": "embassies",
        "parties": ["AE", "IL"],
        "strength": "undertaking",
        "summary": "Each party opens an embassy.",
        "sources": [treaty_source()],
        **change,
    }


def messages(directory: Path) -> list[tuple[str, str, str]]:
    return [(p.file, p.record, p.message) for p in aa.validate(directory)]


def test_validate_accepts_good_provisions_and_a_directory_without_them(data_dir: Path) -> None:
    write_provisions(data_dir, [record(), record(id=f"{TREATY}-art-4-2")])
    assert messages(data_dir) == []
    remove_provisions(data_dir)
    assert messages(data_dir) == []
    assert read_dataset(data_dir).provisions() == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"id": f"{TREATY}-art-4"},
            (
                "a new provision id is <instrument>-<article, as 'art-5-2', 'annex-1-b' or "
                "'para-3'>-<number of the commitment in the article, from 1>; "
                f"use '{TREATY}-art-4-1'"
            ),
        ),
        (
            {"id": f"{TREATY}-art-5-1"},
            (
                "a new provision id is <instrument>-<article, as 'art-5-2', 'annex-1-b' or "
                "'para-3'>-<number of the commitment in the article, from 1>; "
                f"use '{TREATY}-art-4-1'"
            ),
        ),
        (
            {"summary": "Each party opens an embassy. It names an ambassador."},
            "summary must be one sentence ending with a full stop",
        ),
        (
            {"summary": "Each party opens an embassy"},
            "summary must be one sentence ending with a full stop",
        ),
        (
            {"parties": ["AE", "US"]},
            (
                f"US is not a signatory of '{TREATY}' (its signatories: IL, AE); "
                "a provision binds only signatories"
            ),
        ),
        ({"sources": ["no-such-source"]}, "unknown source 'no-such-source'"),
        (
            {"note": "Kind 'friendship' fits better."},
            "note names a kind 'friendship' that does not exist",
        ),
    ],
)
def test_validate_names_each_fault_of_a_provision(
    data_dir: Path, change: dict[str, Any], expected: str
) -> None:
    bad = record(**change)
    write_provisions(data_dir, [bad])
    assert messages(data_dir) == [("provisions.json", bad["id"], expected)]


def test_validate_names_an_unknown_instrument_and_suggests_the_id(data_dir: Path) -> None:
    write_provisions(data_dir, [record(instrument="nowhere")])
    assert messages(data_dir) == [
        ("provisions.json", f"{TREATY}-art-4-1", "unknown instrument 'nowhere'"),
        (
            "provisions.json",
            f"{TREATY}-art-4-1",
            (
                "a new provision id is <instrument>-<article, as 'art-5-2', 'annex-1-b' or "
                "'para-3'>-<number of the commitment in the article, from 1>; "
                "use 'nowhere-art-4-1'"
            ),
        ),
    ]


def test_validate_suggests_the_next_free_number(data_dir: Path) -> None:
    write_provisions(data_dir, [record(), record(id="wrong")])
    found = messages(data_dir)
    assert found[-1][1:] == (
        "wrong",
        (
            "a new provision id is <instrument>-<article, as 'art-5-2', 'annex-1-b' or "
            "'para-3'>-<number of the commitment in the article, from 1>; "
            f"use '{TREATY}-art-4-2'"
        ),
    )


def test_validate_still_checks_the_valid_fields_of_an_invalid_provision(data_dir: Path) -> None:
    bad = record(strength="binding", summary="Two. Sentences.", sources=["nope"], id="bad")
    write_provisions(data_dir, [bad])
    found = [message for _, name, message in messages(data_dir) if name == "bad"]
    assert found[0].startswith("strength: Input should be 'undertaking'")
    assert "unknown source 'nope'" in found
    assert "summary must be one sentence ending with a full stop" in found
    assert any(m.endswith(f"use '{TREATY}-art-4-1'") for m in found)


def test_validate_keeps_provisions_json_canonical(data_dir: Path) -> None:
    path = data_dir / "provisions.json"
    records = [*json.loads(path.read_text(encoding="utf-8")), record()]
    path.write_text(json.dumps(records), encoding="utf-8")
    assert next(p.message for p in aa.validate(data_dir)).startswith("is not in canonical form")
    assert aa.validate(data_dir, fix=True) == ()
    assert json.loads(path.read_text(encoding="utf-8")) == sorted(records, key=lambda r: r["id"])


# -- files, releases and exports ---------------------------------------------------------


def test_a_directory_without_provisions_json_loads_with_none(data_dir: Path) -> None:
    remove_provisions(data_dir)
    assert read_dataset(data_dir).provision_records == ()


def test_an_empty_provisions_file_leaves_the_fingerprint_as_it_was(data_dir: Path) -> None:
    (data_dir / "provisions.json").write_text("[]\n", encoding="utf-8")
    with_empty = fingerprint(data_contents(data_dir))
    (data_dir / "provisions.json").unlink()
    assert fingerprint(data_contents(data_dir)) == with_empty
    write_provisions(data_dir, [record()])
    assert fingerprint(data_contents(data_dir)) != with_empty


def test_provisions_count_in_the_fingerprint_of_a_release(data_dir: Path) -> None:
    write_provisions(data_dir, [record()])
    declared = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))
    release = [(declared["data_version"], fingerprint(data_contents(data_dir)))]
    ds = read_dataset(data_dir, releases=release)
    assert ds.data_version == declared["data_version"]
    assert [p.id for p in ds.provisions(instrument=TREATY)] == [f"{TREATY}-art-4-1"]
    path = data_dir / "provisions.json"
    edited = path.read_text(encoding="utf-8").replace(
        "Each party opens an embassy.", "Each party opens an embassy soon."
    )
    path.write_text(edited, encoding="utf-8")
    assert read_dataset(data_dir, releases=release).data_version.endswith("+dev")


@pytest.mark.parametrize("release", _releases.releases(), ids=lambda r: r.version)
def test_a_release_from_before_provisions_gains_no_provisions_table(
    release: _releases.Release,
) -> None:
    loaded = aa.load(release.version)
    assert list(_releases.snapshot_document(loaded)) == list(_releases._document(release.version))
    if "provisions" not in _releases._document(release.version):
        assert loaded.provisions() == ()


def test_the_newest_release_gives_back_its_own_records() -> None:
    """Written out again, the newest release has every record as stored, and no provisions.

    (Compared record by record, not byte for byte: a party of a release made before
    ``alias_sources`` existed reads that field back as its default, an empty mapping.)
    """
    newest = _releases.releases()[-1]
    stored = _releases._document(newest.version)
    remade = _releases.snapshot_document(aa.load(newest.version))
    assert remade["parties"] == [{"alias_sources": {}, **party} for party in stored["parties"]]
    assert {k: v for k, v in remade.items() if k != "parties"} == {
        k: v for k, v in stored.items() if k != "parties"
    }


def test_a_release_with_provisions_keeps_them_in_its_snapshot() -> None:
    ds = build_with(provision("2"), provision("1"))
    document = _releases.snapshot_document(ds)
    assert [p["id"] for p in document["provisions"]] == ["x-art-1-1", "x-art-2-1"]
    assert aa.Dataset.from_json(_releases.snapshot_bytes(ds)) == ds


def test_every_export_carries_the_provisions(tmp_path: Path) -> None:
    ds = build_with(provision("1"), provision("Annex 1(b)", kind="trade"))
    (written,) = aa.export(tmp_path / "json", fmt="json", dataset=ds)
    assert aa.Dataset.from_json(written.read_bytes()) == ds
    aa.export(tmp_path / "csv", fmt="csv", dataset=ds)
    lines = (tmp_path / "csv" / "provisions.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,instrument,article,kind,parties,strength,summary,sources,note"
    assert lines[1] == (
        'x-annex-1-b-1,x,Annex 1(b),trade,"[""AE""]",undertaking,'
        'A synthetic commitment.,"[""src""]",'
    )
    aa.export(tmp_path / "package", fmt="datapackage", dataset=ds)
    package = json.loads((tmp_path / "package" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "provisions"]
    assert resource["schema"]["primaryKey"] == ["id"]
    assert resource["schema"]["foreignKeys"] == [
        {"fields": "instrument", "reference": {"resource": "instruments", "fields": "id"}}
    ]
    kinds = next(f for f in resource["schema"]["fields"] if f["name"] == "kind")
    assert kinds["constraints"]["enum"] == list(aa.PROVISION_KINDS)
    aa.export(tmp_path / "schema", fmt="schema")
    schema = json.loads((tmp_path / "schema" / "provision.schema.json").read_text("utf-8"))
    assert schema["properties"]["strength"]["enum"] == list(aa.STRENGTHS)


def test_provisions_reach_stata_parquet_and_frames_with_their_vocabularies(
    tmp_path: Path,
) -> None:
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    ds = build_with(provision("2", kind="trade", strength="best_efforts"), provision("1"))
    aa.export(tmp_path / "stata", fmt="stata", dataset=ds)
    with pd.io.stata.StataReader(tmp_path / "stata" / "provisions.dta") as reader:
        frame = reader.read()
        labels = {
            name: {int(code): text for code, text in values.items()}
            for name, values in reader.value_labels().items()
        }
    assert list(frame["id"]) == ["x-art-1-1", "x-art-2-1"]
    assert list(frame["kind"]) == ["diplomatic_relations", "trade"]
    assert labels == {
        "kind": dict(enumerate(aa.PROVISION_KINDS, start=1)),
        "strength": dict(enumerate(aa.STRENGTHS, start=1)),
    }
    aa.export(tmp_path / "parquet", fmt="parquet", dataset=ds)
    rows = pq.read_table(tmp_path / "parquet" / "provisions.parquet").to_pylist()
    assert [(r["id"], r["parties"], r["strength"]) for r in rows] == [
        ("x-art-1-1", ["AE"], "undertaking"),
        ("x-art-2-1", ["AE"], "best_efforts"),
    ]
    frame = aa.to_frame("provisions", ds)
    assert list(frame["kind"].cat.categories) == list(aa.PROVISION_KINDS)
    assert list(frame["strength"]) == ["undertaking", "best_efforts"]


def test_a_diff_lists_provisions_added_and_changed() -> None:
    before = build_with(provision("1"))
    after = before.replace(provisions=[provision("1", strength="best_efforts"), provision("2")])
    change = aa.diff(before, after)
    assert change.provisions.added == ("x-art-2-1",)
    assert [c.id for c in change.provisions.changed] == ["x-art-1-1"]
    assert not change.is_empty
    assert aa.diff(before, before.replace()).is_empty


# -- the bundled data --------------------------------------------------------------------

BUNDLED = aa.dataset()


@pytest.mark.parametrize("item", BUNDLED.provisions(), ids=lambda p: p.id)
def test_bundled_provision(item: aa.Provision) -> None:
    instrument = BUNDLED.get_record(item.instrument)
    assert isinstance(instrument, aa.Instrument)
    assert set(item.parties) <= set(instrument.signatories)
    assert item.id.startswith(f"{item.instrument}-{article_slug(item.article)}-")
    cited = [BUNDLED.get_record(source) for source in item.sources]
    assert all(isinstance(source, aa.Source) for source in cited)
    assert item.summary.endswith(".")
