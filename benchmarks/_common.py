"""Helpers shared by the benchmark scripts: a plain-text table and a target verdict."""

from __future__ import annotations

from collections.abc import Sequence


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print *rows* under *header* as an aligned Markdown table, after *title*."""
    cells = [[str(cell) for cell in header], *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}\n")
    for number, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if number == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def verdict(value: float, target: float, unit: str) -> str:
    """Say whether *value* is within the upper bound *target*, and by how much."""
    if value <= target:
        return f"met ({value:.3g} <= {target:g} {unit}, {target - value:.3g} {unit} to spare)"
    return f"MISSED ({value:.3g} > {target:g} {unit}, {value / target:.2f}x the target)"
