"""Text layout for the command line: tables and ``field: value`` blocks fitted to a width.

Pure functions that return lines; the CLI prints them. Widths are counted in terminal
cells (see :func:`cell_width`): a combining mark or an invisible format character takes
none, a wide East Asian character two, every other character one.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_WIDTH",
    "block_lines",
    "cell_width",
    "fit_widths",
    "table_lines",
    "terminal_width",
    "wrap",
]

import os
import unicodedata
from collections.abc import Sequence
from typing import Final

DEFAULT_WIDTH: Final = 80
"""The width when ``COLUMNS`` is unset and standard output is not a terminal."""

NARROW: Final = 24
"""Columns at most this wide (dates, codes, kinds) keep their width while wider ones shrink."""

MIN_WIDE: Final = 12
"""Wider columns are not narrowed below this before the narrow ones give up space too."""

GAP: Final = "  "
"""What separates two columns."""

_NO_CELL: Final = frozenset({"Mn", "Me", "Cf"})
"""Unicode categories drawn in no cell of their own: combining marks (on the character
before them) and invisible format characters (joiners, direction marks, soft hyphen)."""

_TWO_CELLS: Final = frozenset({"W", "F"})
"""East Asian widths drawn in two cells: wide and fullwidth."""


def terminal_width(stream: object) -> int:
    """The width to fit text to when writing to *stream*.

    ``COLUMNS`` if it is a positive integer, else the terminal's width when *stream* is
    a terminal, else :data:`DEFAULT_WIDTH`.

    Examples:
        >>> import io
        >>> terminal_width(io.StringIO()) >= 1
        True
    """
    try:
        width = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        width = 0
    if width > 0:
        return width
    isatty = getattr(stream, "isatty", None)
    try:
        interactive = callable(isatty) and bool(isatty())
    except (OSError, ValueError):  # a closed or detached stream
        interactive = False
    if not interactive:
        return DEFAULT_WIDTH
    import shutil  # noqa: PLC0415  (only a terminal needs it; scripts pipe)

    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns or DEFAULT_WIDTH


def _char_width(char: str) -> int:
    if unicodedata.category(char) in _NO_CELL:
        return 0
    return 2 if unicodedata.east_asian_width(char) in _TWO_CELLS else 1


def cell_width(text: str) -> int:
    """How many terminal cells *text* takes.

    A combining mark (Unicode category Mn or Me) or a format character (Cf: zero-width
    joiner and non-joiner, direction marks, soft hyphen) takes none; a wide or fullwidth
    East Asian character takes two; every other character one.

    Examples:
        >>> cell_width("Morocco"), cell_width("日本"), cell_width("\uff2d\uff21")
        (7, 4, 4)
        >>> cell_width("Cafe\u0301"), cell_width("عَدَدًا"), cell_width("می\u200cرود")
        (4, 4, 5)
    """
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _cut(line: str, width: int) -> list[str]:
    """Split *line* into pieces at most *width* cells wide (at least one character each).

    A character that takes no cell stays with the one before it (a mark with its letter).
    """
    if cell_width(line) <= width:
        return [line]
    pieces: list[str] = []
    piece, used = "", 0
    for char in line:
        size = _char_width(char)
        if piece and used + size > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += char
        used += size
    pieces.append(piece)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """Wrap *text* into lines at most *width* cells wide, at spaces or hyphens if it can.

    A word longer than the width is broken, never between a letter and its combining
    marks; a text that fits is returned unchanged.

    Examples:
        >>> wrap("Israel and Morocco signed a joint declaration", 20)
        ['Israel and Morocco', 'signed a joint', 'declaration']
        >>> wrap("2020-12-22", 10)
        ['2020-12-22']
    """
    width = max(width, 1)
    if cell_width(text) <= width:
        return [text]
    if all(_char_width(char) == 1 for char in text):  # one cell a character, as textwrap counts
        import textwrap  # noqa: PLC0415  (only a cell too wide for its column needs it)

        return textwrap.wrap(text, width) or [""]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):  # wide characters: words by cells, long ones cut anywhere
        joined = f"{line} {word}" if line else word
        if cell_width(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        *full, line = _cut(word, width)
        lines.extend(full)
    return [*lines, line]


def _level(widths: Sequence[int], room: int) -> list[int]:
    """Cap the widest of *widths*, widest first, so that they sum to at most *room*.

    No width goes below one cell, even if *room* is smaller than the number of columns.
    """
    low, high = 1, max(widths)
    while low < high:  # the largest cap that fits
        middle = (low + high + 1) // 2
        if sum(min(width, middle) for width in widths) <= room:
            low = middle
        else:
            high = middle - 1
    fitted = [min(width, low) for width in widths]
    capped = [i for i in sorted(range(len(widths)), key=lambda i: -widths[i]) if widths[i] > low]
    spare = room - sum(fitted)  # fewer than the capped columns: one more cell for the widest
    for index in capped[: max(spare, 0)]:
        fitted[index] += 1
    return fitted


def _share(columns: Sequence[tuple[int, float]], room: int) -> list[int] | None:
    """Share *room* among columns, each a (natural width, demand) pair, in proportion to demand.

    Each column gets between :data:`MIN_WIDE` (or its natural width, if less) and its natural
    width. Returns ``None`` if the columns cannot each keep that least width in *room*.
    """
    if sum(min(size, MIN_WIDE) for size, _ in columns) > room:
        return None

    def widths(scale: float) -> list[int]:
        return [min(size, max(MIN_WIDE, int(scale * need))) for size, need in columns]

    low, high = 0.0, max(size / need for size, need in columns)
    for _ in range(60):  # the largest scale that fits, to well below one cell
        middle = (low + high) / 2
        low, high = (middle, high) if sum(widths(middle)) <= room else (low, middle)
    fitted = widths(low)
    spare = room - sum(fitted)
    for index in sorted(range(len(fitted)), key=lambda i: -columns[i][1]):  # rounding's leftover
        extra = min(spare, columns[index][0] - fitted[index])
        fitted[index] += extra
        spare -= extra
    return fitted


def fit_widths(
    natural: Sequence[int], width: int, *, demand: Sequence[float] | None = None
) -> list[int]:
    """The column widths that make a table with *natural* widths fit in *width* cells.

    A table that fits keeps its widths. Otherwise the narrow columns (at most
    :data:`NARROW` wide: dates, codes, kinds) keep theirs, and the wider ones share the
    rest in proportion to *demand* (how much text they hold, e.g. their mean cell width;
    by default their natural width), each keeping at least :data:`MIN_WIDE`. If that is
    not enough, every column shrinks, widest first, down to one cell (a table is never
    narrower than one cell per column and the gaps between them).

    Examples:
        >>> fit_widths([10, 21, 300], 80)
        [10, 21, 45]
        >>> fit_widths([10, 21, 50, 300], 100, demand=[10, 21, 5, 150])
        [10, 21, 12, 51]
        >>> fit_widths([10, 21, 300, 250], 60)
        [10, 14, 15, 15]
        >>> fit_widths([4, 20, 6, 10], 80)
        [4, 20, 6, 10]
    """
    room = width - len(GAP) * (len(natural) - 1)
    if sum(natural) <= room:
        return list(natural)
    need = natural if demand is None else demand
    wide = [index for index, size in enumerate(natural) if size > NARROW]
    fixed = sum(size for size in natural if size <= NARROW)
    shares = _share([(natural[i], max(need[i], 1)) for i in wide], room - fixed) if wide else None
    if shares is not None:
        fitted = list(natural)
        for position, index in enumerate(wide):
            fitted[index] = shares[position]
        return fitted
    return _level(natural, room)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Lay out a table in at most *width* cells a line, long cells wrapped in their column.

    Examples:
        >>> for line in table_lines(["CODE", "SUMMARY"], [["MA", "signed a declaration"]], 20):
        ...     print(line)
        CODE  SUMMARY
        MA    signed a
              declaration
    """
    columns = range(len(header))  # every row has a cell in each (the CLI builds rows so)
    natural = [max(cell_width(row[i]) for row in (header, *rows)) for i in columns]
    count = max(len(rows), 1)
    demand = [sum(cell_width(row[i]) for row in rows) / count for i in columns]
    widths = fit_widths(natural, width, demand=demand if rows else None)
    lines: list[str] = []
    for row in (header, *rows):
        cells = [(wrap(row[i], size), size) for i, size in enumerate(widths)]
        for depth in range(max(len(wrapped) for wrapped, _ in cells)):
            parts = (
                _pad(wrapped[depth] if depth < len(wrapped) else "", size)
                for wrapped, size in cells
            )
            lines.append(GAP.join(parts).rstrip())
    return lines


def block_lines(pairs: Sequence[tuple[str, str]], width: int) -> list[str]:
    """Lay out ``field: value`` lines in *width* cells, long values wrapped and indented.

    Examples:
        >>> for line in block_lines([("name", "Morocco"), ("aliases", "Maroc, Marokko")], 18):
        ...     print(line)
        name: Morocco
        aliases: Maroc,
                 Marokko
    """
    lines: list[str] = []
    for field, value in pairs:
        lead = f"{field}: "
        for depth, part in enumerate(wrap(value, width - cell_width(lead))):
            lines.append(((lead if depth == 0 else " " * cell_width(lead)) + part).rstrip())
    return lines
