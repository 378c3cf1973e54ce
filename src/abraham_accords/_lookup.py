"""Matching what a person types ("uae", "Maroc", "784") to a party."""

from __future__ import annotations

__all__ = ["PartyIndex", "normalize"]

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from ._models import Party

_NOISE: Final = re.compile(r"[\s.'’`\-_,()]+")  # noqa: RUF001  (typographic apostrophe)


def normalize(text: str) -> str:
    """Fold *text* for matching: no accents, no case, no punctuation or spaces.

    Examples:
        >>> normalize("  Côte d'Ivoire ")
        'cotedivoire'
        >>> normalize("U.A.E.")
        'uae'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOISE.sub("", bare.casefold())


class PartyIndex:
    """Every name a party answers to, folded, mapped to the party."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self._by_key: dict[str, Party] = {}
        self._names: dict[str, Party] = {}
        for party in parties:
            names = [party.name, *party.aliases]
            keys = [party.code, party.alpha3, party.numeric, *names]
            for key in keys:
                if key is not None:
                    self._by_key.setdefault(normalize(key), party)
            for name in names:
                self._names.setdefault(normalize(name), party)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartyIndex):
            return NotImplemented
        return self._by_key == other._by_key

    __hash__ = None  # type: ignore[assignment]  # mutable-looking; compared by content

    def find(self, query: str) -> Party | None:
        """Return the party *query* names, or None."""
        return self._by_key.get(normalize(query))

    def suggest(self, query: str, limit: int = 3) -> tuple[str, ...]:
        """Return up to *limit* "'Name' (CODE)" strings for parties close to *query*."""
        import difflib  # noqa: PLC0415  (only a failed lookup needs it)

        folded = normalize(query)
        if not folded:
            return ()
        close = difflib.get_close_matches(folded, self._names, n=limit * 3, cutoff=0.6)
        found: list[str] = []
        for key in close:
            party = self._names[key]
            label = f"{party.name!r} ({party.code})"
            if label not in found:
                found.append(label)
        return tuple(found[:limit])
