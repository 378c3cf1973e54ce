"""Write the parties' names in other languages and their CLDR aliases into parties.json.

Usage (from the repository root, with the ``test`` extra installed, which brings Babel):
``python scripts/local_names.py`` rewrites ``src/abraham_accords/data/parties.json``;
``--check`` only says whether it would change it (exit 1 if so). Run it when preparing
data, never at run time: the package does not depend on Babel.

For each party with an ISO code it sets

- ``names``: for each language the party is named in, the iso-codes translation of its
  ISO 3166-1 short name as pycountry ships it (of the common name where ISO gives one and
  it is translated), written as the press prints it (:func:`unpointed`);
- aliases with the reference ``cldr:<version>``: the Unicode CLDR territory name in
  Arabic, Hebrew, Kazakh, Russian, French and English, as Babel ships it (unpointed), where
  the party does not answer to it already. An alias spelled exactly so gets the reference
  too; an alias that only CLDR gave and that CLDR no longer gives is dropped.

A party without an ISO code keeps its names (unpointed). Every other alias and source stays
as it is. A CLDR name that another party answers to is left out and reported.
"""

from __future__ import annotations

__all__ = ["CLDR_LANGUAGES", "cldr_reference", "local_names", "main"]

import gettext
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import pycountry
from babel import Locale
from babel.core import get_cldr_version
from pydantic import TypeAdapter

from abraham_accords import Party
from abraham_accords._canonical import canonical_json
from abraham_accords._lookup import normalize, unpointed
from abraham_accords._models import CLDR_PREFIX

CLDR_LANGUAGES: Final = ("ar", "he", "kk", "ru", "fr", "en")
"""The languages whose CLDR territory names become aliases, in the order they are added."""

PARTIES: Final = Path("src") / "abraham_accords" / "data" / "parties.json"


def cldr_reference() -> str:
    """The alias reference of the CLDR release that the installed Babel ships."""
    return f"{CLDR_PREFIX}{get_cldr_version()}"


def _iso_name(code: str, language: str) -> str:
    """The iso-codes translation of the party's ISO 3166-1 short (or common) name."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        msg = f"{code} is not in pycountry"
        raise ValueError(msg)
    translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    common = getattr(country, "common_name", None)
    if common and translate.gettext(common) != common:
        return translate.gettext(common)
    return str(translate.gettext(country.name))


def _cldr_names(code: str) -> list[str]:
    """The party's CLDR territory names, unpointed, in :data:`CLDR_LANGUAGES` order."""
    found: list[str] = []
    for language in CLDR_LANGUAGES:
        name = Locale.parse(language).territories.get(code)
        if name is not None and unpointed(name) not in found:
            found.append(unpointed(name))
    return found


def _keys(party: Party) -> set[str]:
    """Every folded key the party answers to: codes, names and aliases."""
    codes = (party.code, party.alpha3, party.numeric)
    texts = (*codes, party.name, *party.aliases, *party.names.values())
    return {normalize(text) for text in texts if text is not None}


def _update(party: Party, reference: str, taken: dict[str, str]) -> Party:
    """*party* with its names and CLDR aliases as this module's docstring says."""
    names = {
        language: unpointed(_iso_name(party.code, language) if party.iso else name)
        for language, name in party.names.items()
    }
    cldr = _cldr_names(party.code) if party.iso else []
    aliases = list(party.aliases)
    sources = {alias: list(refs) for alias, refs in party.alias_sources.items()}
    for alias, refs in list(sources.items()):  # forget what an earlier CLDR release gave
        kept = [ref for ref in refs if not ref.startswith(CLDR_PREFIX)]
        sources[alias] = kept
        if not kept and alias not in cldr:
            aliases.remove(alias)
    answered = _keys(party.model_copy(update={"names": names, "aliases": tuple(aliases)}))
    for name in cldr:
        key = normalize(name)
        if taken.get(key, party.code) != party.code:
            print(f"{party.code}: CLDR name {name!r} names {taken[key]}; left out", file=sys.stderr)
            continue
        if name in aliases:
            sources.setdefault(name, []).append(reference)
        elif key not in answered:
            aliases.append(name)
            sources[name] = [reference]
            answered.add(key)
    aliases = [alias for alias in aliases if sources.get(alias, True)]  # (left out above)
    return Party.model_validate(
        {
            **party.model_dump(),
            "names": names,
            "aliases": aliases,
            "alias_sources": {alias: sources[alias] for alias in aliases if alias in sources},
        }
    )


def local_names(parties: Iterable[Party], reference: str | None = None) -> list[Party]:
    """Return *parties* with their names and CLDR aliases brought up to date.

    Args:
        parties: the parties, as parties.json holds them.
        reference: the CLDR alias reference to record (default: :func:`cldr_reference`).
    """
    found = list(parties)
    taken = {key: party.code for party in found for key in _keys(party)}
    return [_update(party, reference or cldr_reference(), taken) for party in found]


def main(argv: Sequence[str] | None = None, root: Path = Path()) -> int:
    """Rewrite parties.json under *root* (``--check``: only compare); return the exit code."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    path = root / PARTIES
    data = path.read_bytes()
    parties = TypeAdapter(list[Party]).validate_json(data)
    text = canonical_json(local_names(parties)).encode()
    if text == data:
        print(f"{PARTIES}: up to date ({cldr_reference()})")
        return 0
    if check:
        print(f"{PARTIES}: out of date; run 'python scripts/local_names.py'")
        return 1
    path.write_bytes(text)
    print(f"{PARTIES}: written ({cldr_reference()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
