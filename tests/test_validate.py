"""`validate` on deliberately broken copies of the real data, one fault at a time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import abraham_accords as aa
from abraham_accords import _validate
from abraham_accords._cli import main
from abraham_accords._loading import read_dataset
from abraham_accords._validate import HISTORICAL_KINDS
from factories import readable

DATA = resources.files("abraham_accords").joinpath("data")
Records = list[dict[str, Any]]


def rewrite(directory: Path, name: str, change: Callable[[Any], Any]) -> None:
    """Apply *change* to a file's JSON and write it back in canonical layout."""
    path = directory / name
    value = json.loads(path.read_text(encoding="utf-8"))
    value = change(value) or value
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def by_id(records: Records, record_id: str) -> dict[str, Any]:
    return next(r for r in records if r.get("id", r.get("code")) == record_id)


def test_bundled_and_copied_data_are_valid(data_dir: Path) -> None:
    assert aa.validate() == ()
    assert aa.validate(data_dir) == ()
    assert aa.validate(str(data_dir)) == ()


def set_field(record_id: str, field: str, value: object) -> Callable[[Records], None]:
    return lambda records: by_id(records, record_id).__setitem__(field, value)


KZ = "kz-2025-11-06-announced"
MA_SIGNED = "ma-2020-12-22-signed"
SOURCE = "aa-2025-11-06-trump-kazakhstan-agreed-to-join"

ID_RULE = (
    "a new event id is <party code, lower case>-<date>-<kind, '_' written '-'>, with a short "
    "suffix if that is taken"
)
TODAY = dt.date.today()  # noqa: DTZ011  (a calendar date)

KIND_ERROR = (
    "kind: Input should be "
    + ", ".join(repr(k) for k in aa.EVENT_KINDS[:-1])
    + f" or {aa.EVENT_KINDS[-1]!r}"
)

FAULTS = [
    ("events.json", set_field(KZ, "kind", "joined"), KZ, KIND_ERROR),
    ("events.json", set_field(KZ, "extra", 1), KZ, "extra: Extra inputs are not permitted"),
    (
        "events.json",
        set_field(KZ, "summary", "bell\x07."),
        KZ,
        "summary: Value error, must not contain control, format or separator characters (U+0007)",
    ),
    (
        "events.json",
        set_field(KZ, "summary", "Cafe\u0301."),
        KZ,
        "summary: Value error, must be in Unicode normal form NFC",
    ),
    (
        "events.json",
        set_field(KZ, "date", "2025-11-31"),
        KZ,
        (
            "date: Input should be a valid date in the format YYYY-MM-DD, day value is outside "
            "expected range"
        ),
    ),
    (
        "events.json",
        set_field(KZ, "sources", ["no-such-source"]),
        KZ,
        "unknown source 'no-such-source'",
    ),
    ("events.json", set_field(KZ, "party", "FR"), KZ, "unknown party 'FR'"),
    (
        "events.json",
        set_field(KZ, "date", "2099-01-01"),
        KZ,
        f"date 2099-01-01 is after today ({TODAY})",
    ),
    (
        "events.json",
        set_field(KZ, "kind", "statement"),
        KZ,
        "id released in 2026.11.27 for 'KZ/announced'; a new record needs a new id",
    ),
    (
        "events.json",
        set_field(MA_SIGNED, "instrument", "nope"),
        MA_SIGNED,
        "unknown instrument 'nope'",
    ),
    (
        "events.json",
        lambda r: [*r, {**by_id(r, KZ), "id": "kz-wrong-id"}],
        "kz-wrong-id",
        f"{ID_RULE}; use 'kz-2025-11-06-announced-2'",
    ),
    (
        "events.json",
        lambda r: [
            *r,
            {
                **by_id(r, KZ),
                "id": "kz-2019-05-01-ratified",
                "kind": "ratified",
                "date": "2019-05-01",
            },
        ],
        "kz-2019-05-01-ratified",
        (
            "dated before the first announcement (2020-08-13); only "
            f"{', '.join(sorted(HISTORICAL_KINDS))} events may be"
        ),
    ),
    (
        "events.json",
        lambda r: [
            *r,
            {
                **by_id(r, KZ),
                "id": "kz-2021-05-01-signed",
                "kind": "signed",
                "date": "2021-05-01",
                "instrument": "abraham-accords-declaration",
                "disputed": None,
            },
        ],
        "kz-2021-05-01-signed",
        (
            "KZ signed 'kz-2021-05-01-signed' (2021-05-01) comes before announced "
            "'kz-2025-11-06-announced' (2025-11-06); correct a date or explain it in the later "
            "event's 'disputed' note"
        ),
    ),
    (
        "events.json",
        set_field(KZ, "summary", "No full stop"),
        KZ,
        "summary must be one sentence ending with a full stop",
    ),
    (
        "events.json",
        set_field(KZ, "summary", "One. Two."),
        KZ,
        "summary must be one sentence ending with a full stop",
    ),
    (
        "events.json",
        set_field(KZ, "sources", [SOURCE]),
        KZ,
        "a 'announced' event needs two independent sources or one official source",
    ),
    (
        "sources.json",
        set_field(SOURCE, "url", "http://example.org/a"),
        SOURCE,
        "url: Value error, must be an https URL, not http",
    ),
    (
        "sources.json",
        set_field(SOURCE, "url", "javascript:alert(1)"),
        SOURCE,
        "url: URL scheme should be 'http' or 'https'",
    ),
    (
        "sources.json",
        lambda r: [*r, {**r[0], "id": "zz-unused"}],
        "zz-unused",
        "source is cited by no event, instrument, provision or alias",
    ),
    (
        "parties.json",
        set_field("KZ", "numeric", "999"),
        "KZ",
        "record: Value error, numeric of KZ must be '398', got '999'",
    ),
    (
        "parties.json",
        set_field("SD", "names", {"ar": "السّودان", "he": "סודאן"}),
        "SD",
        (
            "'السّودان' carries Arabic short vowels or shadda or Hebrew points; write it as "
            "the press prints it, 'السودان'"
        ),
    ),
    (
        "parties.json",
        set_field("XS", "aliases", ["סוֹמָלִילַנְד"]),
        "XS",
        (
            "'סוֹמָלִילַנְד' carries Arabic short vowels or shadda or Hebrew points; write it "
            "as the press prints it, 'סומלילנד'"
        ),
    ),
    (
        "parties.json",
        set_field("AE", "alias_sources", {"EAU": ["no-such-source"]}),
        "AE",
        "unknown source 'no-such-source' (alias 'EAU')",
    ),
    (
        "parties.json",
        set_field("AE", "alias_sources", {"Nope": ["cldr:49"]}),
        "AE",
        "record: Value error, alias_sources names 'Nope', which aliases lacks",
    ),
    (
        "parties.json",
        set_field("KZ", "ccode", 696),
        "KZ",
        "ccode 696 already names AE",
    ),
    (
        "parties.json",
        set_field("XS", "iso", True),
        "XS",
        "record: Value error, 'XS' is not an ISO 3166-1 alpha-2 code (mark iso=false if intended)",
    ),
    (
        "instruments.json",
        set_field("abraham-accords-declaration", "signatories", ["IL", "AE", "BH"]),
        "sd-2021-01-06-signed",
        "SD is not a signatory of 'abraham-accords-declaration'",
    ),
    (
        "metadata.json",
        lambda m: m.__setitem__("data_version", "2026-11-27"),
        "(metadata)",
        (
            "data_version: String should match pattern "
            "'^[0-9]{4}\\.[0-9]{2}\\.[0-9]{2}(?:\\.[1-9][0-9]*)?(?:\\+dev)?$'"
        ),
    ),
    (
        "metadata.json",
        lambda m: m.__setitem__("data_version", "2026.11.27+dev"),
        "(metadata)",
        "data_version must name a release; '+dev' is added on loading, never written",
    ),
    (
        "sources.json",
        set_field(SOURCE, "published", "2099-01-01"),
        SOURCE,
        "published 2099-01-01 is after today",
    ),
    (
        "sources.json",
        lambda r: [*r, {**r[0], "id": "zz-same-page", "url": r[0]["url"] + "?utm_source=rss"}],
        "zz-same-page",
        f"the same page as source {SOURCE!r}; cite that one",
    ),
    (
        "sources.json",
        set_field(SOURCE, "title", "[title from URL] x"),
        SOURCE,
        (
            "title must be the page's own headline, not a description in brackets; "
            "cite a page that shows its headline"
        ),
    ),
    (
        "sources.json",
        set_field(SOURCE, "url", "https://example.org/another-page"),
        SOURCE,
        (
            "id released in 2026.11.27 for "
            "'https://www.aa.com.tr/en/americas/trump-says-kazakhstan-has-agreed-to-join-abraham-accords"
            "/3737253'; a new record needs a new id"
        ),
    ),
    (
        "instruments.json",
        set_field("abraham-accords-declaration", "kind", "treaty"),
        "abraham-accords-declaration",
        "id released in 2026.11.27 for 'declaration'; a new record needs a new id",
    ),
    (
        "events.json",
        set_field(KZ, "note", "See kz-2099-01-01-statement, coded as 'other'."),
        KZ,
        "note names 'kz-2099-01-01-statement', which no record has",
    ),
    (
        "events.json",
        set_field(KZ, "disputed", "Kind 'other' was used."),
        KZ,
        "disputed names a kind 'other' that does not exist",
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "record", "message"),
    FAULTS,
    ids=[readable(f"{f[0]}:{f[3][:30]}") for f in FAULTS],
)
def test_each_fault_is_named(
    data_dir: Path, name: str, change: Callable[[Any], Any], record: str, message: str
) -> None:
    rewrite(data_dir, name, change)
    problems = aa.validate(data_dir)
    assert any(p.record == record and p.message == message for p in problems), problems


EMBASSY = "ambafrance-ae-nd-relations-bilaterales"
"""The French embassy's page: the UAE's alias "EAU" alone cites it."""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            set_field("AE", "numeric", "999"),
            "record: Value error, numeric of AE must be '784', got '999'",
        ),
        (
            lambda records: by_id(records, "AE")["alias_sources"].update(EAU=EMBASSY, UAE=1),
            "alias_sources.EAU: Input should be a valid array",
        ),
    ],
)
def test_a_source_an_invalid_partys_alias_cites_is_not_reported_as_uncited(
    data_dir: Path, change: Callable[[Records], None], message: str
) -> None:
    rewrite(data_dir, "parties.json", change)
    problems = aa.validate(data_dir)
    assert [(p.file, p.record) for p in problems] == [("parties.json", "AE")] * len(problems)
    assert message in [p.message for p in problems]


def test_a_missing_file_and_bad_json(data_dir: Path) -> None:
    (data_dir / "parties.json").unlink()
    (data_dir / "sources.json").write_text("[{", encoding="utf-8")
    (data_dir / "instruments.json").write_text('{"not": "a list"}\n', encoding="utf-8")
    problems = aa.validate(data_dir)
    # One problem per broken file, and nothing that merely follows from them.
    assert [p.record for p in problems] == ["(file)"] * 3
    assert [(p.file, p.message) for p in problems] == [
        ("parties.json", "cannot be read: No such file or directory"),
        ("instruments.json", "must be a JSON array of records"),
        ("sources.json", BAD_JSON),
    ]


BAD_JSON = "is not valid JSON: line 1, column 3: Expecting property name enclosed in double quotes"


def test_one_trailing_comma_is_one_problem(data_dir: Path) -> None:
    events = data_dir / "events.json"
    text = events.read_text(encoding="utf-8")
    broken = text.replace('"precision": "day"', '"precision": "day",', 1)
    events.write_text(broken, encoding="utf-8")
    (problem,) = aa.validate(data_dir)
    assert (problem.file, problem.record) == ("events.json", "(file)")
    assert problem.message.startswith("is not valid JSON: line ")


def test_an_invalid_record_hides_no_other_check(data_dir: Path) -> None:
    def break_one_source_and_one_event(records: Records) -> None:
        by_id(records, KZ)["sources"] = ["no-such-source"]

    rewrite(data_dir, "events.json", break_one_source_and_one_event)
    rewrite(data_dir, "metadata.json", lambda m: m.__setitem__("license", "MIT"))
    sources = json.loads((data_dir / "sources.json").read_text(encoding="utf-8"))
    broken = by_id(
        sources, by_id(json.loads((data_dir / "events.json").read_text()), MA_SIGNED)["sources"][0]
    )
    cited = broken["id"]
    broken["url"] = "http://insecure.example"
    (data_dir / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    found = {(p.record, p.message.split(":")[0]) for p in aa.validate(data_dir)}
    # the invalid metadata and source are reported, and the cross-checks still ran
    assert ("(metadata)", "license") in found
    assert (cited, "url") in found
    assert (KZ, "unknown source 'no-such-source'") in found
    # a record that failed its own checks is not reported again as missing
    assert not any(f"unknown source {cited!r}" in message for _, message in found)


FORMULA = "(a spreadsheet would read it as a formula)"


@pytest.mark.parametrize(
    ("name", "change", "record", "message"),
    [
        (
            "events.json",
            set_field(KZ, "summary", '=HYPERLINK("https://example.org", "x").'),
            KZ,
            f"summary: Value error, must not begin with '=' {FORMULA}",
        ),
        (
            "sources.json",
            set_field(SOURCE, "publisher", "+1 News"),
            SOURCE,
            f"publisher: Value error, must not begin with '+' {FORMULA}",
        ),
        (
            "parties.json",
            set_field("KZ", "aliases", ["Kazakhstan", "@SUM(1+1)"]),
            "KZ",
            f"aliases.1: Value error, must not begin with '@' {FORMULA}",
        ),
        (
            "parties.json",
            set_field("KZ", "names", {"fr": "-2+3"}),
            "KZ",
            f"names.fr: Value error, must not begin with '-' {FORMULA}",
        ),
        (
            "instruments.json",
            set_field("abraham-accords-declaration", "place", "=cmd|' /C calc'!A0"),
            "abraham-accords-declaration",
            f"place: Value error, must not begin with '=' {FORMULA}",
        ),
    ],
    ids=["event summary", "source publisher", "party alias", "party name", "instrument place"],
)
def test_text_a_spreadsheet_would_read_as_a_formula_is_refused(
    data_dir: Path, name: str, change: Callable[[Any], Any], record: str, message: str
) -> None:
    rewrite(data_dir, name, change)
    assert aa.validate(data_dir) == (aa.Problem(name, record, message),)
    with pytest.raises(aa.DataIntegrityError) as raised:
        read_dataset(data_dir, releases=[])
    assert raised.value.problems == (aa.Problem(name, record, message),)


def test_a_folder_without_data_files_is_one_problem(tmp_path: Path) -> None:
    (problem,) = aa.validate(tmp_path)
    assert "holds none of the data files" in problem.message
    assert "src/abraham_accords/data" in problem.message


def test_fix_must_be_a_bool(data_dir: Path) -> None:
    with pytest.raises(aa.ArgumentTypeError, match="fix must be True or False"):
        aa.validate(data_dir, fix="yes")  # type: ignore[arg-type]  # wrong on purpose


def test_many_faults_are_all_reported_at_once(data_dir: Path) -> None:
    wanted = (
        "kind: Input should be",
        "unknown instrument",
        "cited by no event",
        "https",
        "numeric",
    )
    expected = [next(f for f in FAULTS if w in f[3]) for w in wanted]
    for name, change, _, _ in expected:
        rewrite(data_dir, name, change)
    problems = aa.validate(data_dir)
    for _, _, record, message in expected:
        assert any(p.record == record and p.message == message for p in problems), message


def test_canonical_form_and_fix(data_dir: Path) -> None:
    path = data_dir / "sources.json"
    original = path.read_bytes()
    records = json.loads(original)
    path.write_text(json.dumps(list(reversed(records)), indent=4), encoding="utf-8")
    problems = aa.validate(data_dir)
    assert [(p.file, p.record) for p in problems] == [("sources.json", "(file)")]
    assert "validate PATH --fix" in problems[0].message
    assert aa.validate(data_dir, fix=True) == ()
    assert path.read_bytes() == original


def test_fix_only_formats_records_that_do_not_validate(data_dir: Path) -> None:
    path = data_dir / "events.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    by_id(records, KZ)["kind"] = "joined"
    path.write_text(json.dumps(list(reversed(records)), ensure_ascii=False), encoding="utf-8")
    problems = aa.validate(data_dir, fix=True)
    assert [p.record for p in problems if p.file == "events.json"] == [KZ]
    fixed = json.loads(path.read_text(encoding="utf-8"))
    assert [r["id"] for r in fixed] == sorted(r["id"] for r in records)
    assert by_id(fixed, KZ)["kind"] == "joined"
    assert path.read_text(encoding="utf-8").endswith("}\n]\n")


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(aa.InvalidArgumentError, match="never written to"):
        aa.validate(fix=True)
    with pytest.raises(aa.InvalidArgumentError, match="not a directory"):
        aa.validate(tmp_path / "missing")
    with pytest.raises(aa.ArgumentTypeError, match="path must be"):
        aa.validate(42)  # type: ignore[arg-type]  # wrong on purpose


def test_cli_validate(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "the bundled data: valid\n"
    rewrite(data_dir, "events.json", set_field(KZ, "kind", "joined"))
    assert main(["validate", str(data_dir)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith(f"events.json: {KZ}: kind: Input should be")
    assert out[1] == f"1 problem in {data_dir}"
    assert main(["validate", str(data_dir / "nope")]) == 1
    assert "not a directory" in capsys.readouterr().err


def _add_events(data_dir: Path, *extra: dict[str, Any]) -> None:
    records = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    base = by_id(records, KZ)
    records += [{**base, **fields} for fields in extra]
    (data_dir / "events.json").write_text(json.dumps(records), encoding="utf-8")


def test_a_coarse_withdrawal_overlapping_a_reaccession_is_flagged(data_dir: Path) -> None:
    _add_events(
        data_dir,
        {
            "id": "kz-2026-03-01-withdrawn",
            "kind": "withdrawn",
            "date": "2026-03-01",
            "precision": "month",
        },
        {"id": "kz-2026-03-15-announced", "date": "2026-03-15"},
    )
    found = [p.message for p in aa.validate(data_dir) if p.record == "kz-2026-03-01-withdrawn"]
    assert len(found) == 1
    assert "overlap, so their order is unknown" in found[0]
    assert "'kz-2026-03-15-announced'" in found[0]


def test_a_same_day_withdrawal_and_reaccession_need_a_sequence(data_dir: Path) -> None:
    gone = {"id": "kz-2026-03-02-withdrawn", "kind": "withdrawn", "date": "2026-03-02"}
    back = {"id": "kz-2026-03-02-announced", "date": "2026-03-02"}
    _add_events(data_dir, gone, back)
    found = [p.message for p in aa.validate(data_dir) if p.record == gone["id"]]
    assert found == [
        (
            "withdrawal 'kz-2026-03-02-withdrawn' and 'kz-2026-03-02-announced' fall on one "
            "day; give each a 'sequence' (1 first) to say which came first"
        )
    ]
    _add_events(data_dir)  # (rewrite below replaces the two records with sequenced ones)
    records = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    for record in records:
        if record["id"] in {gone["id"], back["id"]}:
            record["sequence"] = 1 if record["id"] == gone["id"] else 2
    (data_dir / "events.json").write_text(json.dumps(records), encoding="utf-8")
    assert not [p for p in aa.validate(data_dir) if p.record == gone["id"]]


def test_each_file_problem_is_one_exact_problem(data_dir: Path) -> None:
    (data_dir / "events.json").write_bytes(b"[\xff]")
    (data_dir / "sources.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (data_dir / "instruments.json").write_text('{"not": "a list"}\n', encoding="utf-8")
    assert [(p.file, p.record, p.message) for p in aa.validate(data_dir)] == [
        ("instruments.json", "(file)", "must be a JSON array of records"),
        ("events.json", "(file)", "is not UTF-8 (byte 1: invalid start byte)"),
        ("sources.json", "(file)", "is not valid JSON: nested too deeply"),
    ]


def test_argument_errors_are_exact(tmp_path: Path) -> None:
    with pytest.raises(
        aa.InvalidArgumentError,
        match=r"^--fix needs a data directory; the installed package is never written to$",
    ):
        aa.validate(fix=True)
    missing = tmp_path / "missing"
    with pytest.raises(aa.InvalidArgumentError, match=r"^path is not a directory: '.*missing'$"):
        aa.validate(missing)
    with pytest.raises(aa.ArgumentTypeError, match=r"^fix must be True or False, not str$"):
        aa.validate(tmp_path, fix="no")  # type: ignore[arg-type]  # wrong on purpose
    (problem,) = aa.validate(tmp_path)
    assert problem == aa.Problem(
        "(directory)",
        repr(str(tmp_path)),
        "holds none of the data files (metadata.json, parties.json, instruments.json, "
        "events.json, sources.json, provisions.json); in a checkout the data directory is "
        "src/abraham_accords/data",
    )


def test_the_canonical_form_problem_and_a_non_object_record(data_dir: Path) -> None:
    events = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    (data_dir / "events.json").write_text(json.dumps([*events, 5]), encoding="utf-8")
    found = [(p.record, p.message) for p in aa.validate(data_dir)]
    assert (
        "#" + str(len(events)),
        "record: Input should be an object",
    ) in found
    assert (
        "(file)",
        (
            "is not in canonical form (sorted by id, 2-space indent, NFC, newline at end); "
            "run 'abraham-accords validate PATH --fix'"
        ),
    ) in found


def test_the_sourcing_rule_at_its_boundary(data_dir: Path) -> None:
    sources = json.loads((data_dir / "sources.json").read_text(encoding="utf-8"))
    news = [s["id"] for s in sources if s["kind"] == "news"][:2]
    official = next(s["id"] for s in sources if s["kind"] == "official")
    for cited in (news, [official]):
        rewrite(data_dir, "events.json", set_field(KZ, "sources", cited))
        assert not [p for p in aa.validate(data_dir) if p.record == KZ], cited


def test_boundaries_of_dates_and_chronology(data_dir: Path) -> None:
    today = dt.date.today().isoformat()  # noqa: DTZ011  (a calendar date)
    rewrite(data_dir, "sources.json", set_field(SOURCE, "published", today))
    same_day = {
        "id": "kz-2025-11-06-signed",
        "kind": "signed",
        "instrument": "abraham-accords-declaration",
        "disputed": None,
    }
    _add_events(data_dir, same_day)
    found = [p for p in aa.validate(data_dir) if p.record in {SOURCE, same_day["id"]}]
    assert [p.message for p in found] == ["KZ is not a signatory of 'abraham-accords-declaration'"]


def test_a_reused_id_of_an_older_release_is_caught(data_dir: Path) -> None:
    gone = "ae-2020-10-19-ratified"  # in the releases of 2026-11-27, removed since
    events = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    assert gone not in {e["id"] for e in events}
    _add_events(data_dir, {"id": gone, "party": "AE", "kind": "statement", "date": "2020-10-19"})
    found = [p.message for p in aa.validate(data_dir) if p.record == gone]
    assert found == ["id released in 2026.11.27 for 'AE/ratified'; a new record needs a new id"]


def test_notes_may_name_instruments_and_instrument_notes_are_checked(data_dir: Path) -> None:
    rewrite(data_dir, "events.json", set_field(KZ, "note", "Compare il-ae-cepa-2022 here."))
    rewrite(
        data_dir,
        "instruments.json",
        set_field("il-ae-cepa-2022", "note", "See kz-2099-01-01-statement."),
    )
    found = [(p.record, p.message) for p in aa.validate(data_dir) if "names" in p.message]
    assert found == [
        ("il-ae-cepa-2022", "note names 'kz-2099-01-01-statement', which no record has")
    ]


def test_a_nested_schema_error_names_its_path(data_dir: Path) -> None:
    rewrite(data_dir, "events.json", set_field(KZ, "sources", [SOURCE, 7]))
    found = [p.message for p in aa.validate(data_dir) if p.record == KZ]
    assert found == ["sources.1: Input should be a valid string"]


def test_withdrawal_rules_at_their_edges(data_dir: Path) -> None:
    month = {
        "id": "kz-2026-03-01-withdrawn",
        "kind": "withdrawn",
        "date": "2026-03-01",
        "precision": "month",
    }
    first = {"id": "kz-2026-03-01-announced", "date": "2026-03-01"}
    _add_events(data_dir, month, first)
    found = [p.message for p in aa.validate(data_dir) if p.record == month["id"]]
    assert found == [
        (
            "withdrawal 'kz-2026-03-01-withdrawn' (2026-03-01, month) and "
            "'kz-2026-03-01-announced' (2026-03-01, day) overlap, so their order is unknown; "
            "give both the day"
        )
    ]


def test_two_withdrawals_alone_are_fine_but_one_sequence_is_not_enough(data_dir: Path) -> None:
    _add_events(
        data_dir,
        {
            "id": "kz-2026-03-01-withdrawn",
            "kind": "withdrawn",
            "date": "2026-03-01",
            "precision": "month",
        },
        {"id": "kz-2026-03-02-withdrawn", "kind": "withdrawn", "date": "2026-03-02"},
        {"id": "kz-2026-05-04-withdrawn", "kind": "withdrawn", "date": "2026-05-04", "sequence": 1},
        {"id": "kz-2026-05-04-announced", "date": "2026-05-04"},
    )
    flagged = sorted({p.record for p in aa.validate(data_dir) if "withdrawal" in p.message})
    assert flagged == ["kz-2026-05-04-withdrawn"]


def test_an_empty_path_is_refused_not_read_as_the_current_directory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_dir)
    assert aa.validate(".") == ()
    message = r"^path must not be empty; to check the current directory, pass '\.'$"
    for fix in (False, True):
        with pytest.raises(aa.InvalidArgumentError, match=message):
            aa.validate("", fix=fix)


def test_a_path_with_a_nul_is_not_a_directory() -> None:
    with pytest.raises(aa.InvalidArgumentError, match="path is not a directory"):
        aa.validate("data\0dir")


def test_a_path_too_long_is_not_a_directory_and_is_quoted_short() -> None:
    with pytest.raises(aa.InvalidArgumentError) as caught:
        aa.validate("x" * 5000)
    assert str(caught.value) == f"path is not a directory: {'x' * 200!r}"
    with pytest.raises(
        aa.ArgumentTypeError, match=r"^path must be a path to a directory, not int$"
    ):
        aa.validate(5)  # type: ignore[arg-type]  # wrong on purpose


def test_fix_writes_the_canonical_form_of_valid_records(data_dir: Path) -> None:
    canonical = {n: (data_dir / n).read_bytes() for n in ("metadata.json", "events.json")}
    metadata = json.loads(canonical["metadata.json"])
    (data_dir / "metadata.json").write_text(
        json.dumps(dict(reversed(metadata.items())), indent=4), encoding="utf-8"
    )
    events = json.loads(canonical["events.json"])
    noisy = [{"sequence": None, **dict(reversed(e.items()))} for e in reversed(events)]
    (data_dir / "events.json").write_text(json.dumps(noisy, ensure_ascii=True), encoding="utf-8")
    assert {p.file for p in aa.validate(data_dir)} == {"metadata.json", "events.json"}
    assert aa.validate(data_dir, fix=True) == ()
    assert {n: (data_dir / n).read_bytes() for n in canonical} == canonical


@pytest.mark.parametrize(
    ("url", "page"),
    [
        ("https://WWW.Example.org:443/a/b/?utm_source=rss&id=2", "https://example.org/a/b/?id=2"),
        ("https://example.org/a/b/", "https://example.org/a/b"),
        ("https://example.org/www.a/", "https://example.org/www.a"),
        ("https://example.org/a?fbclid=x", "https://example.org/a"),
        ("https://example.org/a?id=1&gclid=x", "https://example.org/a?id=1"),
        ("https://www.example.org", "https://example.org"),
        ("https://example.org:4430/a", "https://example.org:4430/a"),
        # an archived copy: the scheme is the archive's, the page's URL is its path
        (
            "https://web.archive.org/web/2020/https://www.Example.org/a",
            "https://web.archive.org/web/2020/https://www.Example.org/a",
        ),
        ("https://example.org/MAX", "https://example.org/MAX"),  # only "?", "&", "/" trimmed
        ("https://example.org/a?q=X", "https://example.org/a?q=X"),
    ],
)
def test_the_page_a_url_shows(url: str, page: str) -> None:
    assert _validate._page(url) == page


def test_a_note_is_checked_when_there_is_no_disputed_note(data_dir: Path) -> None:
    records = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    quiet = next(e for e in records if not e.get("disputed"))
    rewrite(data_dir, "events.json", set_field(quiet["id"], "note", "See xx-2099-01-01-none."))
    found = [p.message for p in aa.validate(data_dir) if p.record == quiet["id"]]
    assert found == ["note names 'xx-2099-01-01-none', which no record has"]


def test_a_cutoff_after_today_is_a_problem(data_dir: Path) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    rewrite(data_dir, "metadata.json", lambda m: {**m, "cutoff": tomorrow.isoformat()})
    assert aa.validate(data_dir) == (
        aa.Problem(
            "metadata.json",
            "(metadata)",
            f"cutoff {tomorrow} is after today ({TODAY}); the cut-off is the day through "
            "which the record was checked",
        ),
    )
    rewrite(data_dir, "metadata.json", lambda m: {**m, "cutoff": TODAY.isoformat()})
    assert aa.validate(data_dir) == ()


def _problems_of(data_dir: Path, *records: str) -> list[tuple[str, str]]:
    return [(p.record, p.message) for p in aa.validate(data_dir) if p.record in records]


PATTERN = "id: String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'"


def test_a_new_event_id_writes_its_kind_with_hyphens_and_the_problem_gives_the_id(
    data_dir: Path,
) -> None:
    force = {"kind": "entered_into_force", "date": "2025-11-20"}
    written = "kz-2025-11-20-entered_into_force"  # the kind as the data writes it
    wrong_kind = "kz-2025-11-20-statement"
    suffixed = "kz-2025-11-20-entered-into-force-treaty"
    _add_events(
        data_dir,
        {**force, "id": written},
        {**force, "id": wrong_kind},
        {**force, "id": suffixed},
    )
    use = "use 'kz-2025-11-20-entered-into-force'"
    assert _problems_of(data_dir, written, wrong_kind, suffixed) == [
        (written, PATTERN),
        (written, f"{ID_RULE}; {use}"),
        (wrong_kind, f"{ID_RULE}; {use}"),
    ]
    # The id to use is one no record has, nor had in a release.
    _add_events(data_dir, {**force, "id": "kz-2025-11-20-entered-into-force"})
    assert _problems_of(data_dir, written) == [
        (written, PATTERN),
        (written, f"{ID_RULE}; use 'kz-2025-11-20-entered-into-force-2'"),
    ]
    # A record removed since a release may come back with its released id.
    released = "ae-2020-10-19-ratified"  # released in 2026.11.27 for 'AE/ratified'
    ratified = {"party": "AE", "kind": "ratified", "date": "2020-10-19"}
    _add_events(data_dir, {**ratified, "id": "AE", "instrument": "il-ae-peace-treaty"})
    assert _problems_of(data_dir, "AE") == [("AE", PATTERN), ("AE", f"{ID_RULE}; use {released!r}")]


def test_an_invalid_source_or_instrument_id_gets_the_id_to_use(data_dir: Path) -> None:
    sources = json.loads((data_dir / "sources.json").read_text(encoding="utf-8"))
    copy = {**by_id(sources, SOURCE), "url": "https://example.org/another-page"}
    sources += [
        {**copy, "id": "Reuters_2025-11-06 Kazakhstan Joins"},
        {**copy, "id": SOURCE.upper()},  # the id to use is taken
        {**copy, "id": "__"},  # nothing to make an id of
        {**copy, "id": "X" * 120},  # the longest id
        {**copy, "id": "Y" * 121},  # too long to be one
        {**copy, "id": "\u00c4"},  # the shortest, its accent dropped
    ]
    (data_dir / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    rewrite(
        data_dir,
        "instruments.json",
        set_field("il-ae-cepa-2022", "id", "IL-AE CEPA (2022)"),
    )
    found = [(p.record, p.message) for p in aa.validate(data_dir) if p.message.startswith("id")]
    rule = "id: an id is lower-case letters and digits in words joined by '-'"
    assert found == [
        ("IL-AE CEPA (2022)", PATTERN),
        ("IL-AE CEPA (2022)", f"{rule}; use 'il-ae-cepa-2022'"),
        (SOURCE.upper(), PATTERN),
        (SOURCE.upper(), f"{rule}; use '{SOURCE}-2'"),
        ("Reuters_2025-11-06 Kazakhstan Joins", PATTERN),
        (
            "Reuters_2025-11-06 Kazakhstan Joins",
            f"{rule}; use 'reuters-2025-11-06-kazakhstan-joins'",
        ),
        ("X" * 120, PATTERN),
        ("X" * 120, f"{rule}; use {'x' * 120!r}"),
        ("Y" * 121, "id: String should have at most 120 characters"),
        ("__", PATTERN),
        ("\u00c4", PATTERN),
        ("\u00c4", f"{rule}; use 'a'"),
    ]


def test_a_schema_error_hides_none_of_the_records_other_problems(data_dir: Path) -> None:
    faults = {
        "precision": 3,  # two values of the wrong type: both reported
        "place": ["Astana"],
        "counterpart": "FR",  # and what the fields that are valid show
        "sources": ["no-such-source", SOURCE],
        "summary": "One sentence. Then another.",
    }
    rewrite(data_dir, "events.json", lambda r: by_id(r, KZ).update(faults))
    assert _problems_of(data_dir, KZ) == [
        (KZ, "precision: Input should be 'day', 'month' or 'year'"),
        (KZ, "place: Input should be a valid string"),
        (KZ, "unknown counterpart 'FR'"),
        (KZ, "unknown source 'no-such-source'"),
        (KZ, "summary must be one sentence ending with a full stop"),
    ]
    # The rules across an event's fields, once the fields they read are valid.
    rewrite(data_dir, "events.json", lambda r: by_id(r, KZ).update(precision="day"))
    assert (KZ, "counterpart must differ from party") not in _problems_of(data_dir, KZ)
    rewrite(data_dir, "events.json", set_field(KZ, "counterpart", "KZ"))
    assert _problems_of(data_dir, KZ) == [
        (KZ, "place: Input should be a valid string"),
        (KZ, "unknown source 'no-such-source'"),
        (KZ, "summary must be one sentence ending with a full stop"),
        (KZ, "counterpart must differ from party"),
    ]


def test_an_invalid_instrument_names_its_unknown_parties_and_sources(data_dir: Path) -> None:
    cepa = "il-ae-cepa-2022"
    faults = {"date": 2022, "signatories": ["IL", "XX"], "witnesses": ["YY"], "sources": ["nope"]}
    rewrite(data_dir, "instruments.json", lambda r: by_id(r, cepa).update(faults))
    assert _problems_of(data_dir, cepa) == [
        (cepa, "date: Input should be a valid date"),
        (cepa, "unknown party 'XX'"),
        (cepa, "unknown party 'YY'"),
        (cepa, "unknown source 'nope'"),
    ]


def test_an_invalid_record_may_name_records_of_a_file_that_was_not_read(data_dir: Path) -> None:
    faults = {"place": 5, "sources": ["nope"], "party": "XX"}
    rewrite(data_dir, "events.json", lambda r: by_id(r, KZ).update(faults))
    (data_dir / "sources.json").write_text("[", encoding="utf-8")
    assert _problems_of(data_dir, KZ) == [
        (KZ, "place: Input should be a valid string"),
        (KZ, "unknown party 'XX'"),
    ]


def test_a_field_left_out_takes_its_default_as_in_a_valid_record() -> None:
    fields = _validate._valid_fields(aa.Party, {"code": "XX", "name": 5})
    assert fields == {**{k: v for k, v in fields.items() if k != "names"}, "names": {}}
    assert "name" not in fields  # invalid
    assert fields["code"] == "XX"
    assert _validate._valid_fields(aa.Party, ["not", "a", "record"]) == {}


def test_the_id_to_use_is_free_or_released_for_the_same_record() -> None:
    taken = _validate._Taken(frozenset({"a-1", "a-1-2"}), {"a-1-3": ("2026.01.01", "AE/x")})
    assert taken.free("a-1", "AE/y") == "a-1-4"  # a-1-3 was released for another record
    assert taken.free("a-1", "AE/x") == "a-1-3"  # ... and may come back for that one
    assert taken.free("b", None) == "b"
    assert taken.free("a-1-3", None) == "a-1-3-2"  # what a record is, unknown: not reused


def test_the_id_to_use_when_what_a_record_is_cannot_be_read(data_dir: Path) -> None:
    sources = json.loads((data_dir / "sources.json").read_text(encoding="utf-8"))
    sources.append({**by_id(sources, SOURCE), "id": "Insecure Page", "url": "http://x.example"})
    (data_dir / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    cepa = "il-ae-cepa-2022"
    rewrite(data_dir, "instruments.json", lambda r: by_id(r, cepa).update(id="CEPA", kind="x"))
    rule = "id: an id is lower-case letters and digits in words joined by '-'"
    found = _problems_of(data_dir, "Insecure Page", "CEPA")
    assert ("CEPA", f"{rule}; use 'cepa'") in found
    assert ("Insecure Page", f"{rule}; use 'insecure-page'") in found


def test_the_id_rule_reads_only_what_is_valid_and_new(data_dir: Path) -> None:
    records = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    index = len(records)
    _add_events(
        data_dir,
        {"id": "kz-date-as-number", "date": 1763596800},  # a Unix timestamp: not a date
        {"id": "kz-2025-11-20-statement", "kind": "statement", "date": "2025-11-20", "place": 5},
        {"id": ["kz"], "kind": "statement", "date": "2025-11-21"},
        {"id": "kz-party-in-lower-case", "party": "kz"},
        {"id": "kz-another", "kind": "statement", "date": "2025-11-20"},
        {"id": "kz-kind-unknown", "kind": "joined"},
    )
    # a released id keeps its form even when the record has another problem
    rewrite(data_dir, "events.json", set_field("ly-2023-08-01-statement", "place", 5))
    place = "place: Input should be a valid string"
    assert _problems_of(data_dir, "kz-date-as-number", "kz-2025-11-20-statement") == [
        ("kz-2025-11-20-statement", place),
        ("kz-date-as-number", "date: Input should be a valid date"),
    ]
    # the id to use is not that of a record with problems of its own
    assert _problems_of(data_dir, "kz-another") == [
        ("kz-another", f"{ID_RULE}; use 'kz-2025-11-20-statement-2'")
    ]
    assert _problems_of(data_dir, "ly-2023-08-01-statement") == [("ly-2023-08-01-statement", place)]
    assert _problems_of(data_dir, "kz-party-in-lower-case", "kz-kind-unknown") == [
        ("kz-kind-unknown", KIND_ERROR),
        ("kz-party-in-lower-case", "party: String should match pattern '^[A-Z]{2}$'"),
    ]
    assert _problems_of(data_dir, f"#{index + 2}") == [
        (f"#{index + 2}", "id: Input should be a valid string"),
        (f"#{index + 2}", f"{ID_RULE}; use 'kz-2025-11-21-statement'"),
    ]


def test_a_note_may_name_an_instrument_whose_id_has_a_date(data_dir: Path) -> None:
    instruments = json.loads((data_dir / "instruments.json").read_text(encoding="utf-8"))
    old = instruments[0]["id"]
    new = "zz-accord-2020-09-15"  # an instrument id of the dated form notes are read for

    def rename(records: Records) -> None:
        for record in records:
            if record.get("id") == old:
                record["id"] = new
            if record.get("instrument") == old:
                record["instrument"] = new

    rewrite(data_dir, "instruments.json", rename)
    rewrite(data_dir, "events.json", rename)
    events = json.loads((data_dir / "events.json").read_text(encoding="utf-8"))
    quiet = next(e for e in events if not e.get("disputed") and not e.get("note"))
    rewrite(data_dir, "events.json", set_field(quiet["id"], "note", f"See {new}."))
    assert [p.message for p in aa.validate(data_dir) if p.record == quiet["id"]] == []
