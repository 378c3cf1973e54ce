"""Text layout for the command line: cell widths, wrapping and fitted tables."""

from __future__ import annotations

import io
import os
import shutil

import pytest

from abraham_accords._render import (
    DEFAULT_WIDTH,
    GAP,
    MIN_WIDE,
    NARROW,
    block_lines,
    cell_width,
    fit_widths,
    table_lines,
    terminal_width,
    wrap,
)
from factories import readable

# Each text with the cells a terminal draws it in, counted by hand.
DRAWN = [
    ("", 0),
    ("Morocco", 7),
    ("Israël", 6),  # precomposed
    ("Israe\u0308l", 6),  # e and a combining diaeresis (Mn)
    ("a\u20dd", 1),  # an enclosing circle (Me)
    ("שָׁלוֹם", 4),  # Hebrew with points
    ("عَدَدًا", 4),  # Arabic with short vowels and tanwin
    ("می\u200cرود", 5),  # Persian with a zero-width non-joiner (Cf)
    ("\u200fIsrael\u200e", 6),  # direction marks (Cf)
    ("Moro\u00adcco", 7),  # a soft hyphen (Cf)
    ("\u200b\u2060\ufeff", 0),  # zero-width space, word joiner, byte order mark (Cf)
    ("日本", 4),  # wide
    ("\uff2d\uff21", 4),  # fullwidth M and A
    ("\u3000", 2),  # the ideographic space: fullwidth
    ("\uff71", 1),  # halfwidth katakana A
]


@pytest.mark.parametrize(("text", "cells"), DRAWN, ids=[readable(text) for text, _ in DRAWN])
def test_cell_width_counts_the_cells_a_terminal_draws(text: str, cells: int) -> None:
    assert cell_width(text) == cells


def test_a_table_of_marks_and_wide_characters_lines_up() -> None:
    drawn = [(text, cells) for text, cells in DRAWN if text]
    column = max(cells for _, cells in drawn)
    assert column > len("TEXT")
    lines = table_lines(["TEXT", "|"], [[text, "|"] for text, _ in drawn], 80)
    expected = [f"{text}{' ' * (column - cells)}{GAP}|" for text, cells in [("TEXT", 4), *drawn]]
    assert lines == expected
    assert {cell_width(line) for line in lines} == {column + len(GAP) + 1}


def test_wrapping_keeps_each_mark_with_its_letter() -> None:
    assert wrap("e\u0301" * 7, 3) == ["e\u0301" * 3, "e\u0301" * 3, "e\u0301"]
    assert wrap("Israe\u0308l\u200f", 5) == ["Israe\u0308", "l\u200f"]
    # as many marks as wide characters: as many code points as cells, yet not one a cell
    assert wrap("日日日e\u0301\u0301\u0301", 4) == ["日日", "日e\u0301\u0301\u0301"]
    assert wrap("日e\u0301 ab cd", 5) == ["日e\u0301", "ab cd"]


def test_a_non_breaking_space_keeps_its_words_on_one_line() -> None:
    assert wrap("ab cd\u00a0ef", 5) == ["ab", "cd\u00a0ef"]
    assert wrap("ab 日本\u00a0語", 7) == ["ab", "日本\u00a0語"]  # wide characters too


def test_text_that_fits_its_cells_is_not_wrapped() -> None:
    assert wrap("Israel ", 7) == ["Israel "]
    assert wrap("e\u0301" * 5, 5) == ["e\u0301" * 5]
    assert wrap("\uff2d\uff21", 4) == ["\uff2d\uff21"]
    assert wrap("\uff2d\uff21", 3) == ["\uff2d", "\uff21"]


def test_a_fullwidth_cell_is_wrapped_in_its_column() -> None:
    lines = table_lines(
        ["CODE", "NAME"], [["MA", "\uff2d\uff4f\uff52\uff4f\uff43\uff43\uff4f"]], 12
    )
    assert lines == [
        "CODE  NAME",
        "MA    \uff2d\uff4f\uff52",
        "      \uff4f\uff43\uff43",
        "      \uff4f",
    ]


def test_a_column_exactly_narrow_keeps_its_width_and_one_wider_gives_way() -> None:
    room = 60 - len(GAP)
    assert fit_widths([NARROW, 300], 60) == [NARROW, room - NARROW]
    wider = fit_widths([NARROW + 1, 300], 60)
    assert wider[0] < NARROW + 1
    assert sum(wider) == room
    assert wider[0] >= MIN_WIDE


def test_wide_columns_exactly_at_their_floor_keep_the_narrow_ones_whole() -> None:
    # room for the two wide columns at MIN_WIDE each beside the narrow one: it stays whole
    width = 20 + 2 * MIN_WIDE + 2 * len(GAP)
    assert fit_widths([20, 300, 300], width) == [20, MIN_WIDE, MIN_WIDE]
    # one cell less: every column gives way, widest first
    assert fit_widths([20, 300, 300], width - 1) == [14, 15, 14]


def test_wide_columns_share_in_proportion_to_their_demand() -> None:
    # 60 cells for demands 10:20:30: the first at the floor, the others 2:3
    assert fit_widths([100, 100, 100], 64, demand=[10, 20, 30]) == [12, 19, 29]
    # 89 cells for demands 1:2 split 29:59 and one over, for the column that wants most
    assert fit_widths([100, 100], 91, demand=[10, 20]) == [29, 60]
    # the leftover cell skips a column already at its natural width
    assert fit_widths([25, 100, 100], 90, demand=[40, 10, 10]) == [25, 31, 30]
    # a column of no demand is held at the floor, not divided by
    assert fit_widths([10, 30, 300], 60, demand=[1, 0, 50]) == [10, MIN_WIDE, 34]


def test_a_share_that_fills_the_room_exactly_is_kept() -> None:
    # demands 2:3 in 37 cells: 15 and 22 fill it, nearest to 14.8 and 22.2
    assert fit_widths([100, 100], 37 + len(GAP), demand=[30, 45]) == [15, 22]


@pytest.mark.parametrize(
    "rows",
    [
        [["a", "ab"]],  # one row: its cells are the means
        [["", "ab"], ["", "ab"], ["a", "ab"]],  # a mean below one cell counts as one
    ],
)
def test_wide_columns_of_a_table_share_by_their_mean_cell_not_their_header(
    rows: list[list[str]],
) -> None:
    # the headers are 30 and 100 cells wide, the cells 1 and 2 on average: 60 cells as 1:2
    header = ["A" * 30, "B" * 100]
    lines = table_lines(header, rows, 60 + len(GAP))
    assert lines[0] == f"{'A' * 20}{GAP}{'B' * 40}"
    assert max(cell_width(line) for line in lines) == 60 + len(GAP)


def test_a_table_without_rows_shares_by_the_headers() -> None:
    assert table_lines(["X" * 30, "Y" * 90], [], 60) == [
        f"{'X' * 14}  {'Y' * 44}",
        f"{'X' * 14}  {'Y' * 44}",
        f"{'X' * 2}{' ' * 14}{'Y' * 2}",
    ]


def test_block_lines_indent_under_the_value_and_strip_the_ends() -> None:
    pairs = [("name", "Morocco"), ("aliases", "Maroc, Marokko"), ("note", "")]
    assert block_lines(pairs, 18) == [
        "name: Morocco",
        "aliases: Maroc,",
        "         Marokko",
        "note:",
    ]
    assert block_lines([("note", " " * 5)], 8) == ["note:"]  # a blank value still has its line


def test_wrapping_to_less_than_one_cell_wraps_to_one() -> None:
    assert wrap("ab cd", 0) == ["a", "b", "c", "d"]
    assert wrap("日本 e\u0301", -3) == ["日", "本", "e\u0301"]
    assert wrap("\uff2d\uff21", 1) == ["\uff2d", "\uff21"]  # too wide for the column: alone
    assert wrap("    ", 2) == [""]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_of_unknown_width_gets_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((0, 0)))
    assert terminal_width(Terminal()) == DEFAULT_WIDTH


def test_columns_set_the_width_even_at_one_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1")
    assert terminal_width(io.StringIO()) == 1  # even when not writing to a terminal
    for unusable in ("0", "-5", "wide", ""):
        monkeypatch.setenv("COLUMNS", unusable)
        assert terminal_width(io.StringIO()) == DEFAULT_WIDTH


def test_a_stream_without_isatty_gets_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(object()) == DEFAULT_WIDTH


def test_a_terminal_whose_size_cannot_be_read_gets_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unknown(*_: object) -> os.terminal_size:
        raise OSError

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", unknown)
    assert terminal_width(Terminal()) == DEFAULT_WIDTH
