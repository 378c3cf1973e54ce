"""Matching what a person types ("uae", "Maroc", "784") to a party."""

from __future__ import annotations

__all__ = ["PartyIndex", "collisions", "normalize", "unpointed"]

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from ._models import Party

_LONGEST_GUESS: Final = 100
"""A query longer than this (folded) gets no suggestions: nothing that long is close."""
_NOISE: Final = re.compile(r"[\s.'’`\-_,()\u05f3\u05f4\u0640]+")  # noqa: RUF001  (apostrophe)
"""Spaces and punctuation, with the Hebrew geresh and gershayim and the Arabic tatweel."""
_MARKS: Final = frozenset({"Mn", "Me", "Cf"})
"""Unicode categories folded away: accents and other marks on a letter, and invisible
format characters."""


_VOWEL_MARKS: Final = re.compile(
    "[\u064b-\u0652\u0670\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)
"""What newspapers leave out: Arabic short vowels, tanwin, shadda, sukun and the dagger
alif; Hebrew vowel points, dagesh, shin and sin dots, and cantillation marks."""


def unpointed(text: str) -> str:
    """Return *text* as the region's press prints it: no vowel signs or shadda.

    Arabic short vowels, tanwin, shadda, sukun and the dagger alif, and Hebrew points and
    cantillation marks are left out; letters, hamza seats (as in أ and إ) and punctuation
    such as the geresh stay. A name's display form; lookups ignore these marks anyway.

    Examples:
        >>> unpointed("السّودان")
        'السودان'
        >>> unpointed("עֻמָּאן"), unpointed("إِسْرَائِيل"), unpointed("Émirats")
        ('עמאן', 'إسرائيل', 'Émirats')
    """
    return unicodedata.normalize("NFC", _VOWEL_MARKS.sub("", text))


def normalize(text: str) -> str:
    """Fold *text* for matching: no accents, no case, no punctuation, spaces or invisibles.

    Accents (every nonspacing or enclosing mark, Unicode Mn and Me) include Arabic short
    vowels, shadda and hamza seats, and Hebrew points, so a name typed without them
    matches. Invisible format characters (Cf), which text copied from right-to-left pages
    carries, are dropped too: direction marks and controls, zero-width joiner, non-joiner
    and space, word joiner, byte order mark, soft hyphen. Compatibility forms (fullwidth
    letters, Arabic presentation forms) read as the letters they stand for.

    Examples:
        >>> normalize("  Côte d'Ivoire ")
        'cotedivoire'
        >>> normalize("U.A.E.")
        'uae'
        >>> normalize("الإمارات العربيّة المتحدّة") == normalize("الامارات العربية المتحدة")
        True
        >>> normalize("\u200fMoro\u00adcco\ufeff")
        'morocco'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _MARKS)
    return _NOISE.sub("", bare.casefold())


def _codes(party: Party) -> list[str]:
    return [key for key in (party.code, party.alpha3, party.numeric) if key is not None]


def _names(party: Party) -> list[str]:
    return [party.name, *party.aliases, *party.names.values()]


def collisions(parties: Iterable[Party]) -> list[tuple[str, str, str]]:
    """Return (folded key, first code, second code) for every key two parties share.

    Codes, names and aliases must each name one party: a clash is a data problem.

    Examples:
        >>> uae = Party(code="AE", name="United Arab Emirates", alpha3="ARE", numeric="784",
        ...             role="party", aliases=("Ma",))
        >>> morocco = Party(code="MA", name="Morocco", alpha3="MAR", numeric="504", role="party")
        >>> collisions([uae, morocco])
        [('ma', 'AE', 'MA')]
    """
    owner: dict[str, str] = {}
    found: list[tuple[str, str, str]] = []
    for party in parties:
        for key in {normalize(k) for k in (*_codes(party), *_names(party))}:
            first = owner.setdefault(key, party.code)
            if first != party.code:
                found.append((key, first, party.code))
    return sorted(found)


class PartyIndex:
    """Every name a party answers to, folded, mapped to the party.

    Codes (alpha-2, alpha-3, numeric) win over names and aliases: an alias can never make
    a code answer with another party, even in data that ``validate`` would refuse.
    """

    _SEEN_SIZE = 1024
    """At most this many queries, exactly as typed, are remembered with their party."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self._seen: dict[str, Party] = {}
        self._by_key: dict[str, Party] = {}
        self._names: dict[str, Party] = {}
        members = list(parties)
        self._by_ccode: dict[int, Party] = {}
        for party in members:
            if party.ccode is not None:
                self._by_ccode.setdefault(party.ccode, party)
        for party in members:
            for key in _codes(party):
                self._by_key.setdefault(normalize(key), party)
        for party in members:
            for name in _names(party):
                self._by_key.setdefault(normalize(name), party)
                self._names.setdefault(normalize(name), party)

    def find(self, query: str) -> Party | None:
        """Return the party *query* names, or None."""
        found = self._seen.get(query)
        if found is None:
            found = self._by_key.get(normalize(query))
            if found is not None:  # only queries that match: misses cannot fill memory
                if len(self._seen) >= self._SEEN_SIZE:
                    self._seen.clear()
                self._seen[query] = found
        return found

    def find_ccode(self, ccode: int) -> Party | None:
        """Return the party whose COW state number is *ccode*, or None."""
        return self._by_ccode.get(ccode)

    def ccodes(self) -> str:
        """Every party's COW state number, "2 (US), 600 (MA), ...", in numeric order."""
        return ", ".join(f"{n} ({self._by_ccode[n].code})" for n in sorted(self._by_ccode))

    def suggest(self, query: str, limit: int = 3) -> tuple[str, ...]:
        """Return up to *limit* "'Name' (CODE)" strings for parties close to *query*."""
        import difflib  # noqa: PLC0415  (only a failed lookup needs it)

        folded = normalize(query)
        if not folded or len(folded) > _LONGEST_GUESS:
            return ()
        close = difflib.get_close_matches(folded, self._names, n=limit * 3)  # cutoff 0.6
        found: list[str] = []
        for key in close:
            party = self._names[key]
            label = f"{party.name!r} ({party.code})"
            if label not in found:
                found.append(label)
        return tuple(found[:limit])
