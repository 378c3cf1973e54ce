"""scripts/local_names.py: the parties' names and CLDR aliases, made from pycountry and Babel."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import local_names
import pytest
from babel import Locale
from babel.core import get_cldr_version

import abraham_accords as aa
from abraham_accords._lookup import unpointed

DATA = resources.files("abraham_accords").joinpath("data")
CLDR = f"cldr:{get_cldr_version()}"


def party(code: str) -> aa.Party:
    return aa.get_party(code)


def test_the_data_is_what_the_script_makes_of_it() -> None:
    # The names are iso-codes' and the cldr: aliases the CLDR release's, both unpointed:
    # regenerating changes nothing. (A new Babel with a new CLDR fails this: run the script.)
    assert local_names.local_names(aa.parties()) == list(aa.parties())


def test_every_cldr_alias_is_a_territory_name_of_the_recorded_release() -> None:
    found = []
    for each in aa.parties():
        given = {
            unpointed(Locale.parse(language).territories.get(each.code, ""))
            for language in local_names.CLDR_LANGUAGES
        }
        for alias, references in each.alias_sources.items():
            for reference in references:
                if reference.startswith("cldr:"):
                    assert reference == CLDR, (each.code, alias)
                    assert alias in given, (each.code, alias)
                    found.append((each.code, alias))
    assert ("AE", "ОАЭ") in found


def test_every_other_alias_reference_is_a_source_of_the_dataset() -> None:
    ids = {source.id for source in aa.sources()}
    for each in aa.parties():
        for alias, references in each.alias_sources.items():
            assert alias in each.aliases
            for reference in references:
                assert reference.startswith("cldr:") or reference in ids, (each.code, alias)


def test_every_alias_added_since_the_last_release_has_a_source() -> None:
    last = aa.load(aa.available_versions()[-1])
    for each in aa.parties():
        before = set(last.get_party(each.code).aliases)
        for alias in each.aliases:
            if alias not in before:
                assert each.alias_sources.get(alias), (each.code, alias)


def test_a_missing_cldr_name_is_added_with_its_release() -> None:
    uae = party("AE")
    aliases = tuple(a for a in uae.aliases if a != "ОАЭ")
    sources = {a: r for a, r in uae.alias_sources.items() if a != "ОАЭ"}
    bare = uae.model_copy(update={"aliases": aliases, "alias_sources": sources})
    (made,) = local_names.local_names([bare], reference="cldr:49")
    assert made.aliases == (*aliases, "ОАЭ")
    assert made.alias_sources["ОАЭ"] == ("cldr:49",)
    assert made.alias_sources["EAU"] == uae.alias_sources["EAU"]


def test_a_name_of_an_older_release_is_dropped_and_sources_are_kept() -> None:
    morocco = party("MA")
    aliases = (*morocco.aliases, "Old CLDR name")
    sources = {
        **morocco.alias_sources,
        "Maroc": ("some-source", "cldr:48"),
        "Old CLDR name": ("cldr:48",),
    }
    stale = morocco.model_copy(update={"aliases": aliases, "alias_sources": sources})
    (made,) = local_names.local_names([stale], reference="cldr:49")
    assert made.aliases == morocco.aliases
    assert made.alias_sources["Maroc"] == ("some-source", "cldr:49")


def test_a_cldr_name_another_party_answers_to_is_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    uae, oman = party("AE"), party("OM")
    bare = uae.model_copy(
        update={
            "aliases": tuple(a for a in uae.aliases if a != "ОАЭ"),
            "alias_sources": {a: r for a, r in uae.alias_sources.items() if a != "ОАЭ"},
        }
    )
    claims = oman.model_copy(update={"aliases": (*oman.aliases, "ОАЭ")})
    made, _ = local_names.local_names([bare, claims], reference="cldr:49")
    assert "ОАЭ" not in made.aliases
    assert capsys.readouterr().err == "AE: CLDR name 'ОАЭ' names OM; left out\n"


def test_names_are_made_from_iso_codes_and_written_unpointed() -> None:
    sudan = party("SD")
    pointed = sudan.model_copy(update={"names": {**sudan.names, "ar": "x"}})
    (made,) = local_names.local_names([pointed], reference=CLDR)
    assert made.names["ar"] == "السودان"  # iso-codes writes "السّودان"
    somaliland = party("XS")
    marked = somaliland.model_copy(update={"names": {**somaliland.names, "he": "סוֹמָלִילַנְד"}})
    (made,) = local_names.local_names([marked], reference=CLDR)
    assert made.names == somaliland.names  # no ISO record: its own names, unpointed


def test_main_checks_and_writes_parties_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / local_names.PARTIES
    data.parent.mkdir(parents=True)
    with resources.as_file(DATA.joinpath("parties.json")) as bundled:
        shutil.copyfile(bundled, data)
    assert local_names.main(["--check"], root=tmp_path) == 0
    original = data.read_bytes()
    data.write_bytes(original.replace('"ar": "السودان"'.encode(), '"ar": "السّودان"'.encode()))
    assert local_names.main(["--check"], root=tmp_path) == 1
    assert data.read_bytes() != original
    assert local_names.main([], root=tmp_path) == 0
    assert data.read_bytes() == original
    assert capsys.readouterr().out.splitlines() == [
        f"{local_names.PARTIES}: up to date ({CLDR})",
        f"{local_names.PARTIES}: out of date; run 'python scripts/local_names.py'",
        f"{local_names.PARTIES}: written ({CLDR})",
    ]
