from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from abraham_accords import Event, Instrument, Metadata, Party, Source
from abraham_accords._models import AliasSources, HttpsUrl, Names

GOOD_EVENT: dict[str, Any] = {
    "id": "ae-2020-08-13-announced",
    "party": "AE",
    "kind": "announced",
    "date": "2020-08-13",
    "precision": "day",
    "summary": "A summary.",
    "sources": ["src"],
}


def test_models_are_frozen() -> None:
    event = Event.model_validate(GOOD_EVENT)
    with pytest.raises(ValidationError, match="frozen"):
        event.summary = "changed"  # type: ignore[misc]  # frozen on purpose


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"extra": 1}, "Extra inputs are not permitted"),
        ({"id": "AE 2020"}, "String should match pattern"),
        ({"kind": "joined"}, "Input should be"),
        ({"precision": "month"}, "first of its month"),
        ({"date": "2020-01-02", "precision": "year"}, "1 January"),
        ({"kind": "signed"}, "must name the instrument"),
        ({"counterpart": "AE"}, "counterpart must differ"),
        ({"sources": []}, "at least 1 item"),
        ({"sources": ["a", "a"]}, "twice"),
        ({"summary": " padded"}, "whitespace"),
        ({"summary": "bell\x07"}, "control, format or separator"),
        ({"summary": "e\u0301"}, "NFC"),
        ({"summary": ""}, "must not be empty"),
        ({"summary": "\u202eevil"}, "control, format or separator"),
        ({"summary": "=1+1."}, "must not begin with '=' \\(a spreadsheet would read it as"),
        ({"summary": "+1."}, "must not begin with '\\+'"),
        ({"summary": "-1."}, "must not begin with '-'"),
        ({"summary": "@SUM(1)."}, "must not begin with '@'"),
        ({"summary": "\t=1+1."}, "whitespace"),
        ({"summary": "\r=1+1."}, "whitespace"),
        ({"summary": "A\r=1+1."}, "control, format or separator characters \\(U\\+000D\\)"),
        ({"summary": "A\t=1+1."}, "control, format or separator characters \\(U\\+0009\\)"),
        ({"date": "2020-02-30"}, "date"),
    ],
)
def test_event_rules(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Event.model_validate({**GOOD_EVENT, **change})


def test_event_certain_by_uses_precision() -> None:
    event = Event.model_validate({**GOOD_EVENT, "date": "2021-02-01", "precision": "month"})
    assert event.certain_by == dt.date(2021, 2, 28)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "XX", "alpha3": "XXX", "numeric": "999"}, "not an ISO 3166-1 alpha-2"),
        ({"code": "AE", "alpha3": "ARA", "numeric": "784"}, "alpha3 of AE must be 'ARE'"),
        ({"code": "AE", "alpha3": "ARE", "numeric": "000"}, "numeric of AE must be '784'"),
        ({"code": "AE", "alpha3": None, "numeric": "784"}, "alpha3 of AE"),
        ({"code": "SO", "iso": False, "note": "n"}, "user-assigned"),
        ({"code": "XS", "iso": False, "alpha3": "XSL", "note": "n"}, "no alpha3"),
        ({"code": "XS", "iso": False}, "needs a note"),
        ({"code": "ae", "alpha3": "ARE", "numeric": "784"}, "pattern"),
    ],
)
def test_party_code_rules(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Party.model_validate({"name": "Somewhere", "role": "party", **fields})


def test_non_iso_party_with_documented_code_is_accepted() -> None:
    party = Party(code="XS", iso=False, name="Somaliland", role="candidate", note="No ISO code.")
    assert party.alpha3 is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.org/a", "https"),
        ("javascript:alert(1)", "URL scheme should be 'http' or 'https'"),
        ("data:text/html,hi", "URL scheme should be 'http' or 'https'"),
        ("ftp://example.org/a", "URL scheme"),
        ("not a url", "valid URL"),
    ],
)
def test_source_urls_must_be_https(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Source.model_validate(
            {"id": "s", "url": url, "title": "T", "publisher": "P", "kind": "news"}
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"signatories": []}, "at least 1 item"),
        ({"signatories": ["AE", "AE"]}, "twice"),
        ({"witnesses": ["AE"]}, "both sign and witness"),
        ({"sources": ["s", "s"]}, "twice"),
    ],
)
def test_instrument_rules(change: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {
        "id": "i",
        "title": "T",
        "kind": "treaty",
        "date": "2020-09-15",
        "signatories": ["AE", "IL"],
        "sources": ["s"],
        **change,
    }
    with pytest.raises(ValidationError, match=message):
        Instrument.model_validate(fields)


@pytest.mark.parametrize("version", ["2026.13.01", "2026.02.30", "26.11.27", "2026-11-27"])
def test_metadata_version_must_be_a_real_calver_date(version: str) -> None:
    with pytest.raises(ValidationError):
        Metadata(title="T", data_version=version, cutoff=dt.date(2026, 1, 1), license="CC-BY-4.0")


def test_zero_width_joiners_are_allowed_in_text() -> None:
    title = "اولین سفیر بحرین\u200cها"
    source = Source.model_validate(
        {
            "id": "s",
            "url": "https://example.org/a",
            "title": title,
            "publisher": "P",
            "kind": "news",
        }
    )
    assert source.title == title


def value_error(model: type[Any], fields: dict[str, Any]) -> str:
    """The one message *model* gives for *fields*, without pydantic's prefix."""
    with pytest.raises(ValidationError) as raised:
        model.model_validate(fields)
    errors = raised.value.errors()
    assert len(errors) == 1, errors
    message = errors[0]["msg"]
    assert isinstance(message, str)
    return message.removeprefix("Value error, ")


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        (" padded", "must not start or end with whitespace"),
        ("padded\u00a0", "must not start or end with whitespace"),
        ("=1+1.", "must not begin with '=' (a spreadsheet would read it as a formula)"),
        ("-A.", "must not begin with '-' (a spreadsheet would read it as a formula)"),
        ("e\u0301", "must be in Unicode normal form NFC"),
        ("bell\x07", "must not contain control, format or separator characters (U+0007)"),
        (
            "A\u202e, B\x1b and C\u2028.",
            "must not contain control, format or separator characters (U+001B, U+2028, U+202E)",
        ),
        (
            "ZWJ \u200d and bell\x07",
            "must not contain control, format or separator characters (U+0007)",
        ),
    ],
)
def test_text_rules_give_their_exact_message(summary: str, message: str) -> None:
    assert value_error(Event, {**GOOD_EVENT, "summary": summary}) == message


@pytest.mark.parametrize("summary", ["A=1+1.", "Rate -1.", "x@y.", "\u05e9\u05dc\u05d5\u05dd."])
def test_formula_characters_after_the_first_are_plain_text(summary: str) -> None:
    assert Event.model_validate({**GOOD_EVENT, "summary": summary}).summary == summary


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"precision": "month"}, "a month-precision date must be the first of its month"),
        ({"date": "2020-02-01", "precision": "year"}, "a year-precision date must be 1 January"),
        ({"date": "2020-01-02", "precision": "year"}, "a year-precision date must be 1 January"),
        ({"kind": "signed"}, "a 'signed' event must name the instrument signed"),
        ({"counterpart": "AE"}, "counterpart must differ from party"),
        ({"sources": ["a", "b", "a"]}, "sources lists a source twice"),
    ],
)
def test_event_rules_give_their_exact_message(change: dict[str, Any], message: str) -> None:
    assert value_error(Event, {**GOOD_EVENT, **change}) == message


@pytest.mark.parametrize(
    "change",
    [
        {"date": "2020-01-01", "precision": "year"},
        {"date": "2020-08-01", "precision": "month"},
        {"kind": "signed", "instrument": "accords-declaration"},
        {"counterpart": "IL"},
        {"sources": ["a", "b"]},
    ],
)
def test_events_that_keep_the_rules_are_accepted(change: dict[str, Any]) -> None:
    event = Event.model_validate({**GOOD_EVENT, **change})
    assert event.model_dump(include=set(change), mode="json") == change


def test_a_plain_http_url_is_refused_with_its_scheme() -> None:
    source = {"id": "s", "url": "http://example.org/a", "title": "T", "publisher": "P"}
    assert value_error(Source, {**source, "kind": "news"}) == "must be an https URL, not http"
    archived = {**source, "url": "https://example.org/a", "kind": "news"}
    assert (
        value_error(Source, {**archived, "archived_url": "http://archive.org/a"})
        == "must be an https URL, not http"
    )


def test_names_are_a_read_only_mapping_hashed_by_content() -> None:
    names = Names({"fr": "Maroc", "ar": "المغرب"})
    assert dict(names) == {"fr": "Maroc", "ar": "المغرب"}
    assert list(names) == ["fr", "ar"]
    assert len(names) == 2
    assert names == Names({"ar": "المغرب", "fr": "Maroc"})
    assert hash(names) == hash(Names({"ar": "المغرب", "fr": "Maroc"}))
    # Different names hash apart, so names and parties spread over a set's buckets.
    assert len({hash(Names({"fr": name})) for name in ("Maroc", "Soudan", "Bahreïn")}) == 3
    assert repr(Names({"fr": "Maroc"})) == "Names({'fr': 'Maroc'})"
    assert dict(Names()) == {}
    assert Party(code="MA", name="Morocco", alpha3="MAR", numeric="504", role="party").names == {}


def test_json_schema_descriptions_are_the_docstrings_prose_in_markdown() -> None:
    assert Event.model_json_schema()["description"] == (
        "One dated, sourced fact about one party.\n\n"
        "A date known only to the month is stored as the month's first day with\n"
        '`precision="month"` (and to the year as 1 January with `precision="year"`);\n'
        "`certain_by` gives the day by which it has certainly happened."
    )
    assert Source.model_json_schema()["description"] == (
        "A public reference that states one or more facts of the dataset."
    )


def test_the_https_url_type_checks_in_every_model_that_uses_it() -> None:
    # Built afresh (each record type builds its validator once, when first needed).
    adapter: TypeAdapter[Any] = TypeAdapter(HttpsUrl)
    assert str(adapter.validate_python("https://example.org/a")) == "https://example.org/a"
    with pytest.raises(ValidationError) as raised:
        adapter.validate_python("http://example.org/a")
    assert [e["msg"] for e in raised.value.errors()] == [
        "Value error, must be an https URL, not http"
    ]


@pytest.mark.parametrize(("kind", "host"), [("mirror", None), ("news", "A mirror site")])
def test_a_mirror_and_only_a_mirror_names_its_host(kind: str, host: str | None) -> None:
    fields = {"id": "s", "url": "https://example.org/a", "title": "T", "publisher": "P"}
    assert (
        value_error(Source, {**fields, "kind": kind, "host": host})
        == "a mirror names its host; any other kind of source has none"
    )
    kept = Source.model_validate({**fields, "kind": "mirror", "host": "A mirror site"})
    assert (kept.kind, kept.host) == ("mirror", "A mirror site")


UAE: dict[str, Any] = {
    "code": "AE",
    "name": "United Arab Emirates",
    "alpha3": "ARE",
    "numeric": "784",
    "role": "party",
    "aliases": ["UAE", "ОАЭ"],
}


def test_alias_sources_are_read_only_tuples_and_the_party_stays_hashable() -> None:
    uae = Party.model_validate({**UAE, "alias_sources": {"ОАЭ": ["cldr:49"], "UAE": ["src"]}})
    assert uae.alias_sources["ОАЭ"] == ("cldr:49",)
    assert isinstance(uae.alias_sources, AliasSources)
    with pytest.raises(TypeError):
        uae.alias_sources["UAE"] = ("x",)  # type: ignore[index]  # read-only on purpose
    assert hash(uae) == hash(Party.model_validate(uae.model_dump()))
    assert uae.model_dump()["alias_sources"] == {"ОАЭ": ["cldr:49"], "UAE": ["src"]}
    assert Party.model_validate_json(uae.model_dump_json()) == uae
    assert Party.model_validate(UAE).alias_sources == {}
    assert repr(AliasSources({"EAU": ["s"]})) == "AliasSources({'EAU': ('s',)})"


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ({"EAU": ["src"]}, "alias_sources names 'EAU', which aliases lacks"),
        ({"UAE": []}, "must name at least one source (or leave the alias out of alias_sources)"),
        ({"UAE": ["cldr:"]}, "String should match pattern"),
        ({"UAE": ["Not An Id"]}, "String should match pattern"),
    ],
)
def test_each_alias_source_is_a_reference_to_an_alias_the_party_has(
    sources: dict[str, list[str]], message: str
) -> None:
    assert value_error(Party, {**UAE, "alias_sources": sources}).startswith(message)


@pytest.mark.parametrize("reference", ["cldr:49", "cldr:48.2", "wam-2021-03-01-uae-ambassador"])
def test_an_alias_reference_is_a_cldr_release_or_a_source_id(reference: str) -> None:
    uae = Party.model_validate({**UAE, "alias_sources": {"UAE": [reference]}})
    assert uae.alias_sources["UAE"] == (reference,)
