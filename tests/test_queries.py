"""The public queries on the bundled data: answers, errors and immutability."""

from __future__ import annotations

import datetime as dt
import gettext
import unicodedata

import pycountry
import pytest

import abraham_accords as aa
from abraham_accords import _lookup
from abraham_accords._integrity import check_references
from abraham_accords._lookup import PartyIndex, collisions, normalize, unpointed
from factories import INVISIBLE_MARKS


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("AE", "AE"),
        ("ae", "AE"),
        ("ARE", "AE"),
        ("784", "AE"),
        (784, "AE"),
        ("UAE", "AE"),
        ("U.A.E.", "AE"),
        ("emirates", "AE"),
        ("  united   arab emirates ", "AE"),
        ("Bahreïn", "BH"),
        ("48", None),
        (48, "BH"),
        ("Somaliland", "XS"),
        ("XS", "XS"),
        ("United States", "US"),
        ("Saudi Arabia", "SA"),
    ],
)
def test_find_party(query: str | int, code: str | None) -> None:
    found = aa.find_party(query)
    assert (found.code if found else None) == code


@pytest.mark.parametrize("query", ["", " ", "Atlantis", "ZZZ", "999", -1, 1000, 10**100])
def test_unknown_party(query: str | int) -> None:
    assert aa.find_party(query) is None
    with pytest.raises(aa.UnknownPartyError, match="unknown party"):
        aa.get_party(query)


def test_unknown_party_suggests_close_names() -> None:
    with pytest.raises(LookupError) as caught:
        aa.get_party("Bahrian")
    assert "did you mean 'Bahrain' (BH)?" in str(caught.value)
    assert isinstance(caught.value, aa.UnknownPartyError)
    assert caught.value.suggestions == ("'Bahrain' (BH)",)


@pytest.mark.parametrize("query", [None, 1.5, True, b"AE", ["AE"], dt.date(2020, 1, 1)])
def test_party_of_wrong_type(query: object) -> None:
    # None is no query at all: find_party then needs ccode=.
    expected = "give a query" if query is None else "query must be"
    with pytest.raises(aa.ArgumentTypeError, match=expected):
        aa.find_party(query)  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(TypeError, match="party must be"):
        aa.is_member(query, "2021-01-01")  # type: ignore[arg-type]  # wrong on purpose


def test_party_object_is_accepted() -> None:
    morocco = aa.get_party("MA")
    assert aa.get_party(morocco) is morocco
    assert aa.join_date(morocco) == dt.date(2020, 12, 10)


def test_members_as_of_accepts_each_date_type() -> None:
    expected = aa.members_as_of("2021-01-06", stage="signed")
    assert aa.members_as_of(dt.date(2021, 1, 6), stage="signed") == expected
    assert aa.members_as_of(dt.datetime(2021, 1, 6, 23, 59), stage="signed") == expected
    assert "SD" in [p.code for p in expected]


@pytest.mark.parametrize("bad", ["2021-1-1", "01/01/2021", "2021-02-29", ""])
def test_members_as_of_rejects_bad_dates(bad: str) -> None:
    with pytest.raises(aa.InvalidDateError, match="date"):
        aa.members_as_of(bad)
    with pytest.raises(ValueError, match="date"):
        aa.is_member("AE", bad)


@pytest.mark.parametrize("bad", [None, 2021, 2021.0, b"2021-01-01", object()])
def test_members_as_of_rejects_other_types(bad: object) -> None:
    with pytest.raises(aa.ArgumentTypeError, match="date must be a date"):
        aa.members_as_of(bad)  # type: ignore[arg-type]  # wrong on purpose


def test_members_before_the_accords_and_far_future() -> None:
    assert aa.members_as_of("2020-08-12") == ()
    assert aa.members_as_of(dt.date.max) == aa.members_as_of(aa.dataset().cutoff)
    assert aa.members_as_of(dt.date.min) == ()


def test_results_are_immutable_and_shared_state_is_safe() -> None:
    first = aa.members_as_of("2021-01-01")
    assert isinstance(first, tuple)
    with pytest.raises(AttributeError):
        first.append(None)  # type: ignore[attr-defined]  # tuples have no append
    with pytest.raises(Exception, match="frozen"):
        first[0].name = "Changed"  # type: ignore[misc]  # frozen on purpose
    events = aa.events()
    with pytest.raises(TypeError):
        events[0] = events[1]  # type: ignore[index]  # tuples refuse item assignment
    assert aa.members_as_of("2021-01-01") == first
    assert aa.events() == events


def test_events_filters_and_order() -> None:
    everything = aa.events()
    assert list(everything) == sorted(everything, key=lambda e: (e.date, e.id))
    sudan = aa.events(party="Sudan")
    assert all("SD" in (e.party, e.counterpart) for e in sudan)
    acted = aa.events(party="Sudan", actor_only=True)
    assert {e.party for e in acted} == {"SD"}
    assert set(acted) < set(sudan)
    assert {e for e in aa.events() if e.counterpart == "SD"} == set(sudan) - set(acted)
    with pytest.raises(aa.ArgumentTypeError, match="actor_only must be True or False"):
        aa.events(party="SD", actor_only="yes")  # type: ignore[arg-type]  # wrong on purpose
    window = aa.events(start="2020-09-15", end="2020-09-15")
    assert window
    day = dt.date(2020, 9, 15)
    assert any(e.date == day for e in window)
    # a day-precise event is in the window only on its day; one known to the month or year
    # is in it when its period holds the day (am-2020-09-01-embassy-opened, September 2020)
    assert all(e.date <= day <= e.certain_by for e in window)
    assert all(e.date == day for e in window if e.precision == "day")
    assert aa.events(kind="withdrawn") == ()


def test_events_window_includes_imprecise_dates_that_may_fall_in_it() -> None:
    monthly = [e for e in aa.events() if e.precision == "month"]
    assert monthly
    event = monthly[0]
    mid = event.date.replace(day=15)
    assert event in aa.events(start=mid, end=mid)
    assert event not in aa.events(end=event.date - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"kind": "joined"}, aa.InvalidArgumentError, "valid kinds are announced"),
        ({"kind": 3}, aa.ArgumentTypeError, "kind must be a string"),
        ({"start": "2022-01-01", "end": "2021-01-01"}, aa.InvalidArgumentError, "after end"),
        ({"start": "nope"}, aa.InvalidDateError, "start must be"),
        ({"end": 5}, aa.ArgumentTypeError, "end must be"),
        ({"party": "Atlantis"}, aa.UnknownPartyError, "Atlantis"),
    ],
)
def test_events_errors(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        aa.events(**kwargs)  # type: ignore[arg-type]  # wrong on purpose


def test_parties_and_sources_filters() -> None:
    assert {p.role for p in aa.parties()} == {"party", "broker", "candidate"}
    assert all(p.role == "candidate" for p in aa.parties(role="candidate"))
    assert [p.code for p in aa.parties()] == sorted(p.code for p in aa.parties())
    with pytest.raises(aa.InvalidArgumentError, match="valid roles"):
        aa.parties(role="member")  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError):
        aa.parties(role=1)  # type: ignore[arg-type]  # wrong on purpose
    assert aa.sources(kind="news")
    with pytest.raises(aa.InvalidArgumentError, match="valid kinds are official"):
        aa.sources(kind="blog")  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(aa.ArgumentTypeError):
        aa.sources(kind=1)  # type: ignore[arg-type]  # wrong on purpose


def test_sources_for_each_kind_of_record() -> None:
    declaration = aa.get_record("abraham-accords-declaration")
    assert isinstance(declaration, aa.Instrument)
    by_id = aa.sources_for("abraham-accords-declaration")
    assert by_id == aa.sources_for(declaration)
    assert [s.id for s in by_id] == list(declaration.sources)
    event = aa.events(party="KZ", kind="announced")[0]
    assert [s.id for s in aa.sources_for(event)] == list(event.sources)
    source = by_id[0]
    assert aa.sources_for(source) == (source,)
    assert aa.sources_for(source.id) == (source,)
    kazakhstan = aa.sources_for("Kazakhstan")
    assert set(event.sources) <= {s.id for s in kazakhstan}
    assert aa.sources_for(aa.get_party("KZ")) == kazakhstan


@pytest.mark.parametrize("code", [p.code for p in aa.parties()])
def test_a_partys_sources_are_those_of_every_event_it_is_in(code: str) -> None:
    cited = {sid for event in aa.events(party=code) for sid in event.sources}
    assert [s.id for s in aa.sources_for(code)] == sorted(cited)


def test_sources_for_rejects_foreign_and_unknown_records() -> None:
    event = aa.events(party="KZ", kind="announced")[0]
    forged = event.model_copy(update={"summary": "Something else."})
    with pytest.raises(aa.UnknownRecordError, match="not the one in this dataset"):
        aa.sources_for(forged)
    foreign = aa.sources()[0].model_copy(update={"id": "not-here"})
    with pytest.raises(aa.UnknownRecordError, match="not-here"):
        aa.sources_for(foreign)
    with pytest.raises(aa.UnknownPartyError):
        aa.sources_for("no-such-record")
    with pytest.raises(aa.ArgumentTypeError):
        aa.sources_for(42)  # type: ignore[arg-type]  # wrong on purpose


def test_get_record_errors() -> None:
    with pytest.raises(aa.UnknownRecordError, match="no event, instrument or source"):
        aa.get_record("missing")
    with pytest.raises(KeyError.__mro__[1]):  # LookupError
        aa.get_record("missing")
    with pytest.raises(aa.ArgumentTypeError):
        aa.get_record(1)  # type: ignore[arg-type]  # wrong on purpose


def test_cutoff_and_version_are_visible() -> None:
    ds = aa.dataset()
    assert ds.cutoff == ds.metadata.cutoff
    assert ds.data_version == aa.DATA_VERSION


def test_codes_win_over_aliases_and_collisions_are_data_problems() -> None:
    base = aa.dataset()
    uae = base.get_party("AE").model_copy(update={"aliases": ("Ma",)})
    parties = tuple(uae if p.code == "AE" else p for p in base.party_records)
    index = PartyIndex(parties)
    assert index.find("MA") is not None
    assert index.find("MA").code == "MA"  # type: ignore[union-attr]
    assert index.find("Ma").code == "MA"  # type: ignore[union-attr]
    problems = check_references(
        base.metadata, parties, base.instrument_records, base.event_records, base.source_records
    )
    assert [p.record for p in problems if "already names" in p.message] == ["MA"]


def test_error_messages_quote_a_bounded_slice_of_the_input() -> None:
    with pytest.raises(aa.UnknownPartyError) as caught:
        aa.get_party("x" * 2_000_000)
    assert len(str(caught.value)) < 200
    assert caught.value.query == "x" * 2_000_000


def test_the_party_index_answers_codes_names_aliases_and_suggests() -> None:
    parties = aa.dataset().party_records
    index = PartyIndex(parties)
    morocco = next(p for p in parties if p.code == "MA")
    for query in ("MA", "mar", "504", "Morocco", " morocco. ", "Kingdom of Morocco"):
        if query != "Kingdom of Morocco" or query in morocco.aliases:
            assert index.find(query) is morocco
    assert index.suggest("Marocco") == ("'Morocco' (MA)",)
    assert index.suggest("Marocco", limit=1) == ("'Morocco' (MA)",)
    assert index.suggest("") == ()
    assert index.suggest("x" * 101) == ()
    assert index.suggest("Isreal") == ("'Israel' (IL)",)


def test_suggestions_are_limited() -> None:
    named = [
        aa.Party.model_construct(code=f"X{c}", name=f"Landia {c}", role="candidate", aliases=())
        for c in "ABCDEFGH"
    ]
    index = PartyIndex(named)
    assert len(index.suggest("Landia")) == 3
    assert len(index.suggest("Landia", limit=5)) == 5


def test_suggestions_look_past_one_party_s_many_names() -> None:
    def party(code: str, name: str, *aliases: str) -> aa.Party:
        return aa.Party.model_construct(code=code, name=name, role="candidate", aliases=aliases)

    many = party("XA", "Landia", *(f"Landia{i}" for i in range(1, 6)))
    index = PartyIndex([many, party("XB", "Landib")])
    # the six closest names are all XA's: with two wanted, three per wanted are searched
    assert index.suggest("Landia", limit=2) == ("'Landia' (XA)",)
    long_alias = party("XC", "Longland", "x" * 100)
    assert PartyIndex([long_alias]).suggest("x" * 100) == ("'Longland' (XC)",)
    assert PartyIndex([party("XD", "...")]).suggest("") == ()


def test_suggestions_search_three_names_per_suggestion_wanted() -> None:
    def party(code: str, name: str, *aliases: str) -> aa.Party:
        return aa.Party.model_construct(code=code, name=name, role="candidate", aliases=aliases)

    # XA's five names are closer to the query than XB's one: the sixth closest is XB's
    many = party("XA", "Landia", *(f"Landia{i}" for i in range(1, 5)))
    index = PartyIndex([many, party("XB", "Landib")])
    assert index.suggest("Landia", limit=2) == ("'Landia' (XA)", "'Landib' (XB)")
    assert index.suggest("Landia", limit=1) == ("'Landia' (XA)",)


def test_a_query_just_too_long_to_guess_gets_no_suggestion() -> None:
    longer = aa.Party.model_construct(code="XC", name="Longland", role="candidate", aliases=())
    index = PartyIndex([longer.model_copy(update={"aliases": ("x" * 101,)})])
    assert index.find("x" * 101) is not None
    assert index.suggest("x" * 101) == ()


def test_the_first_party_in_order_keeps_a_shared_key() -> None:
    def party(code: str, name: str, alpha3: str | None = None) -> aa.Party:
        return aa.Party.model_construct(
            code=code, name=name, alpha3=alpha3, role="candidate", aliases=(), names={}
        )

    # data that validate refuses, answered the same way every time
    first, second = party("XA", "Landia"), party("XB", "Landia", alpha3="XA")
    index = PartyIndex([first, second])
    assert index.find("XA") is first
    assert index.find("Landia") is first
    assert index.suggest("Landya") == ("'Landia' (XA)",)


def test_a_party_index_built_afresh_finds_parties_by_their_cow_number() -> None:
    # The bundled dataset's index is built once; this one from parties of its own.
    parties = aa.dataset().party_records
    index = PartyIndex(parties)
    numbered = sorted((p for p in parties if p.ccode is not None), key=lambda p: p.ccode or 0)
    assert len(numbered) < len(parties)  # Somaliland has no COW number
    for party in numbered:
        assert index.find_ccode(party.ccode or 0) is party
    assert index.ccodes() == ", ".join(f"{p.ccode} ({p.code})" for p in numbered)
    assert index.find_ccode(999) is None


def test_collisions_are_listed_in_order() -> None:
    def party(code: str, name: str) -> aa.Party:
        return aa.Party.model_construct(code=code, name=name, role="candidate", aliases=())

    found = collisions(
        [party("XA", "Zeta"), party("XB", "Alpha"), party("XC", "Zeta"), party("XD", "Alpha")]
    )
    assert found == [("alpha", "XB", "XD"), ("zeta", "XA", "XC")]


def test_the_party_index_remembers_only_matches_and_only_so_many() -> None:
    index = PartyIndex(aa.parties())
    for number in range(50):
        assert index.find(f"Atlantis {number}") is None
    assert index._seen == {}  # a miss is never kept
    assert index.find("Morocco") is aa.get_party("MA")
    assert list(index._seen) == ["Morocco"]  # a match is
    for dots in range(PartyIndex._SEEN_SIZE + 10):
        assert index.find("Morocco" + "." * dots) is aa.get_party("MA")
        assert len(index._seen) <= PartyIndex._SEEN_SIZE


def test_a_remembered_query_is_answered_without_folding_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = PartyIndex(aa.parties())
    morocco = index.find(" Morocco. ")
    assert morocco is aa.get_party("MA")

    def fold_again(text: str) -> str:
        msg = f"{text!r} was folded again"
        raise AssertionError(msg)

    monkeypatch.setattr(_lookup, "normalize", fold_again)
    assert index.find(" Morocco. ") is morocco


# Typed as a reader would: Arabic without short vowels, shadda or hamza seats, Hebrew
# with an ASCII apostrophe for the geresh, Russian and French without diacritics.
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("الامارات العربية المتحدة", "AE"),
        ("الإمارات العربيّة المتحدّة", "AE"),
        ("السعودية", "SA"),
        ("المغرب", "MA"),
        ("ارض الصومال", "XS"),
        ("ישראל", "IL"),
        ("אזרבייג'ן", "AZ"),
        ("סומלילנד", "XS"),
        ("Қазақстан", "KZ"),
        ("қазақстан", "KZ"),
        ("Объединенные Арабские Эмираты", "AE"),
        ("Сирия", "SY"),
        ("emirats arabes unis", "AE"),
        ("Bahreïn", "BH"),
    ],
)
def test_parties_answer_to_their_names_in_the_regions_languages(query: str, code: str) -> None:
    assert aa.get_party(query).code == code
    assert aa.is_member(query, "2025-12-31") == (
        aa.get_party(code).role == "party" and code != "SD"
    )


@pytest.mark.parametrize("mark", INVISIBLE_MARKS.values(), ids=INVISIBLE_MARKS)
def test_lookups_ignore_invisible_marks(mark: str) -> None:
    israel, morocco = aa.get_party("IL"), aa.get_party("MA")
    assert unicodedata.category(mark) == "Cf"
    assert aa.get_party(f"{mark}إسرائيل") is israel
    assert aa.get_party(f"إسرا{mark}ئيل{mark}") is israel
    assert aa.get_party(f"{mark}ישראל{mark}") is israel
    assert aa.get_party(f"Moro{mark}cco") is morocco
    assert aa.get_party(f"{mark}MA") is morocco
    assert aa.find_party(f"M{mark}A{mark}R") is morocco
    assert aa.find_party(f"5{mark}04") is morocco
    assert aa.is_member(f"{mark}Morocco", "2021-01-01")
    assert aa.join_date(f"Moro{mark}cco", stage="signed") == aa.join_date("MA", stage="signed")
    assert aa.events(party=f"{mark}SD") == aa.events(party="SD")
    assert aa.sources_for(f"{mark}MA") == aa.sources_for("MA")
    assert aa.find_party(mark) is None
    assert aa.find_party(f"{mark}Atlantis") is None


# Other ways a name arrives: marks that are not accents, compatibility forms (fullwidth
# letters from an East Asian keyboard, Arabic presentation forms from a PDF), the tatweel
# that stretches Arabic, and punctuation in place of the data's spaces or apostrophes.
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("ישר\u034fאל", "IL"),  # combining grapheme joiner
        ("Morocco\ufe0f", "MA"),  # variation selector
        ("MA\u20e3", "MA"),  # enclosing keycap
        ("\uff2d\uff21", "MA"),
        ("\uff2d\uff4f\uff52\uff4f\uff43\uff43\uff4f", "MA"),
        ("\ufe8d\ufedf\ufee4\ufed0\ufeae\ufe8f", "MA"),
        ("المـغـرب", "MA"),
        ("Saudi-Arabia", "SA"),
        ("saudi_arabia", "SA"),
        ("(Morocco)", "MA"),
        ("Emirates,", "AE"),
        ("אזרבייג׳ן", "AZ"),  # the geresh
        ("אזרבייג’ן", "AZ"),  # a typographic apostrophe
        ("אזרבייג`ן", "AZ"),
    ],
)
def test_lookups_read_what_people_paste(query: str, code: str) -> None:
    assert aa.get_party(query).code == code


def test_normalize_folds_gershayim_and_case() -> None:
    assert normalize("ארה״ב") == normalize("ארהב")
    assert normalize("Straße") == normalize("STRASSE")


@pytest.mark.parametrize("mark", INVISIBLE_MARKS.values(), ids=INVISIBLE_MARKS)
def test_suggestions_ignore_invisible_marks(mark: str) -> None:
    # A mark between every letter: left in, it would leave the query too far from any name.
    query = mark.join("Marocco")
    with pytest.raises(aa.UnknownPartyError) as caught:
        aa.get_party(query)
    assert caught.value.suggestions == ("'Morocco' (MA)",)
    assert caught.value.query == query
    with pytest.raises(aa.UnknownPartyError) as caught:
        aa.get_party(mark * 3)
    assert caught.value.suggestions == ()


def test_every_party_is_named_in_arabic_hebrew_kazakh_russian_and_french() -> None:
    scripts = {"ar": "ARABIC", "he": "HEBREW", "kk": "CYRILLIC", "ru": "CYRILLIC", "fr": "LATIN"}
    for party in aa.parties():
        # Somaliland has no Kazakh name in any public source found (see its note).
        wanted = set(scripts) - ({"kk"} if party.code == "XS" else set())
        assert wanted <= set(party.names), party.code
        for language in wanted:
            letters = [c for c in party.names[language] if c.isalpha()]
            assert letters, (party.code, language)
            assert all(scripts[language] in unicodedata.name(c) for c in letters), (
                party.code,
                language,
            )


def test_iso_parties_names_are_the_iso_codes_translations_of_their_short_name() -> None:
    for party in aa.parties():
        if not party.iso:
            continue
        country = pycountry.countries.get(alpha_2=party.code)
        assert country is not None, party.code
        for language, name in party.names.items():
            translate = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            ).gettext
            common = getattr(country, "common_name", None)
            expected = (
                translate(common)
                if common and translate(common) != common
                else translate(country.name)
            )
            # as the press prints it: iso-codes writes some Arabic names with shadda
            assert name == unpointed(expected), (party.code, language)


def test_names_and_aliases_are_written_as_the_press_prints_them() -> None:
    # No Arabic short vowels or shadda, no Hebrew points: iso-codes has "السّودان".
    assert aa.get_party("SD").names["ar"] == "السودان"
    assert aa.get_party("AE").names["ar"] == "الإمارات العربية المتحدة"
    for party in aa.parties():
        for name in (party.name, *party.names.values(), *party.aliases):
            assert not any(
                unicodedata.category(c) == "Mn" for c in name if "\u0590" <= c <= "\u06ff"
            ), (
                party.code,
                name,
            )


@pytest.mark.parametrize("query", ["السودان", "السّودان", "السُّودَان", "סודן", "Soudan"])
def test_lookups_ignore_the_marks_the_display_names_leave_out(query: str) -> None:
    assert aa.get_party(query).code == "SD"
    assert aa.is_member(query, "2021-01-07")


# Found by a user (issue #23): the short names people type in each language.
@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("الإمارات", "ar"),
        ("איחוד האמירויות", "he"),
        ("ОАЭ", "ru"),
        ("EAU", "fr"),
        ("Émirats", "fr"),
        ("emirats", "fr"),
        ("UAE", "en"),
    ],
)
def test_the_short_names_people_type_find_the_uae_and_say_where_they_come_from(
    query: str, language: str
) -> None:
    uae = aa.get_party(query)
    assert uae.code == "AE"
    assert aa.is_member(query, "2020-08-13")
    alias = next(a for a in uae.aliases if normalize(a) == normalize(query))
    assert uae.alias_sources[alias], (alias, language)


def test_names_are_read_only_and_parties_stay_hashable() -> None:
    for ds in (aa.dataset(), aa.dataset().replace()):
        morocco = ds.get_party("MA")
        with pytest.raises(TypeError):
            morocco.names["fr"] = "Marruecos"  # type: ignore[index]  # read-only on purpose
        assert morocco.names["fr"] == "Maroc"
        assert hash(morocco) == hash(aa.Party.model_validate(morocco.model_dump()))
        assert morocco.model_dump()["names"] == dict(morocco.names)
        assert aa.Party.model_validate_json(morocco.model_dump_json()) == morocco


def test_a_name_in_another_language_that_names_another_party_is_a_data_problem() -> None:
    base = aa.dataset()
    uae = base.get_party("AE").model_copy(update={"names": {"fr": "Maroc"}})
    parties = tuple(uae if p.code == "AE" else p for p in base.party_records)
    problems = check_references(
        base.metadata, parties, base.instrument_records, base.event_records, base.source_records
    )
    assert [(p.record, p.message) for p in problems if p.file == "parties.json"] == [
        ("MA", "'maroc' already names AE; codes, names and aliases must be unique")
    ]


QUERY_OPTIONS: list[tuple[str, tuple[object, ...], dict[str, object]]] = [
    ("members_as_of", ("2020-10-01",), {"stage": "signed"}),
    ("is_member", ("SD", "2021-01-05"), {"stage": "signed"}),
    ("join_date", ("SD",), {"stage": "signed"}),
    ("parties", (), {"role": "party"}),
    ("events", (), {"party": "SD"}),
    ("events", (), {"kind": "signed"}),
    ("events", (), {"start": "2025-01-01"}),
    ("events", (), {"end": "2020-12-31"}),
    ("events", (), {"party": "MA", "actor_only": True}),
    ("sources", (), {"kind": "official"}),
    ("panel", (2020, 2021), {"freq": "month"}),
    ("panel", (2020, 2021), {"stage": "signed"}),
    ("panel", (2020, 2021), {"rule": "start"}),
    ("panel", (2020, 2021), {"candidates": True}),
    ("dyads", ("2020-01-01", "2025-12-31"), {"freq": "month"}),
    ("dyads", ("2020-01-01", "2025-12-31"), {"rule": "max"}),
]
"""A module-level query, its arguments, and options of which the last is not the default."""


@pytest.mark.parametrize(
    ("name", "args", "options"),
    QUERY_OPTIONS,
    ids=[f"{name}-{list(options)[-1]}" for name, _, options in QUERY_OPTIONS],
)
def test_module_level_queries_pass_every_option_to_the_bundled_dataset(
    name: str, args: tuple[object, ...], options: dict[str, object]
) -> None:
    query, method = getattr(aa, name), getattr(aa.dataset(), name)
    answer = query(*args, **options)
    assert answer == method(*args, **options)
    *kept, (option, _) = options.items()
    # The last option changes the answer, so a query that dropped it would be caught.
    assert answer != query(*args, **dict(kept)), option


def test_every_party_with_a_cow_state_number_is_found_by_it() -> None:
    numbered = [p for p in aa.parties() if p.ccode is not None]
    assert len(numbered) == len(aa.parties()) - 1  # all but Somaliland
    for party in numbered:
        assert aa.get_party(ccode=party.ccode) is party
        assert aa.find_party(ccode=party.ccode) is party
        assert aa.dataset().get_party(ccode=party.ccode) is party
    assert aa.get_party(ccode=696).code == "AE"


def test_a_bare_number_is_an_iso_numeric_code_never_a_cow_state_number() -> None:
    # 705 is Kazakhstan's COW number and Slovenia's ISO numeric code; 398 is its ISO code.
    assert aa.find_party(705) is None
    assert aa.find_party("705") is None
    assert aa.get_party(398) is aa.get_party(ccode=705) is aa.get_party("KZ")
    assert aa.get_party(784) is aa.get_party(ccode=696)
    assert aa.find_party(ccode=784) is None  # (no party's COW number)
    assert aa.get_party(query="MA").code == "MA"  # the query by keyword, as before


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (
            (),
            {},
            aa.ArgumentTypeError,
            "give a query (a code, a name or a Party) or ccode= (a COW state number)",
        ),
        (("MA",), {"ccode": 600}, aa.ArgumentTypeError, "give a query or ccode=, not both"),
        (
            (),
            {"ccode": "705"},
            aa.ArgumentTypeError,
            "ccode must be an int (a COW state number), not str",
        ),
        (
            (),
            {"ccode": True},
            aa.ArgumentTypeError,
            "ccode must be an int (a COW state number), not bool",
        ),
        (
            (),
            {"ccode": 705.0},
            aa.ArgumentTypeError,
            "ccode must be an int (a COW state number), not float",
        ),
        (
            (),
            {"ccode": 0},
            aa.InvalidArgumentError,
            "ccode must be a COW state number, 1 to 999, not 0",
        ),
        (
            (),
            {"ccode": 1000},
            aa.InvalidArgumentError,
            "ccode must be a COW state number, 1 to 999, not 1000",
        ),
    ],
)
@pytest.mark.parametrize("name", ["find_party", "get_party"])
def test_a_bad_ccode_call_raises_our_error(
    name: str,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    for query in (getattr(aa, name), getattr(aa.dataset(), name)):
        with pytest.raises(error) as raised:
            query(*args, **kwargs)
        assert str(raised.value) == message
        assert isinstance(raised.value, aa.AbrahamAccordsError)


def test_an_unknown_ccode_lists_the_parties_numbers() -> None:
    assert aa.find_party(ccode=999) is None
    with pytest.raises(aa.UnknownPartyError) as raised:
        aa.get_party(ccode=999)
    numbered = sorted((p.ccode, p.code) for p in aa.parties() if p.ccode is not None)
    listed = ", ".join(f"{number} ({code})" for number, code in numbered)
    assert str(raised.value) == (
        f"unknown party: no party has ccode 999 (a COW state number); the parties have {listed}"
    )
    assert listed.startswith("2 (US), ")
    assert (raised.value.query, raised.value.suggestions) == ("ccode=999", ())
    assert isinstance(raised.value, LookupError)
