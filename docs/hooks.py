"""MkDocs hook: draw the accession timeline from the data when the site is built."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from mkdocs.structure.files import File, Files

import abraham_accords as aa

WIDTH, LEFT, RIGHT, ROW, TOP = 900, 170, 30, 44, 50
MARKS = {
    "announced": ("#1f77b4", "circle"),
    "signed": ("#2ca02c", "square"),
    "ratified": ("#d62728", "diamond"),
}


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = (last - first).days or 1
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _mark(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5}" width="10" height="10" fill="{colour}"/>'
    points = f"{x:.1f},{y - 7} {x + 7:.1f},{y} {x:.1f},{y + 7} {x - 7:.1f},{y}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def timeline_svg(ds: aa.Dataset) -> str:
    """Return an SVG timeline: one row per party, a mark for each stage it reached."""
    parties = sorted(ds.parties(role="party"), key=lambda p: (ds.join_date(p), p.code))
    first = dt.date(2020, 1, 1)
    last = dt.date(ds.cutoff.year + 1, 1, 1)
    height = TOP + ROW * len(parties) + 60
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="13">'
        ),
        f"<title>Abraham Accords accessions, dataset {escape(ds.data_version)}</title>",
    ]
    for year in range(first.year, last.year + 1):
        x = _x(dt.date(year, 1, 1), first, last)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 20}" x2="{x:.1f}" y2="{height - 50}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{TOP - 26}" text-anchor="middle" fill="#555">{year}</text>'
        )
    for row, party in enumerate(parties):
        y = TOP + ROW * row + 10
        parts.append(
            f'<text x="{LEFT - 12}" y="{y + 4}" text-anchor="end">{escape(party.name)}</text>'
        )
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#eee"/>')
        for stage, (colour, shape) in MARKS.items():
            day = ds.join_date(party, stage=stage)
            if day is not None:
                label = f"{escape(party.name)}: {stage} {day.isoformat()}"
                mark = _mark(shape, _x(day, first, last), y, colour)
                parts.append(f'<g class="{stage}"><title>{label}</title>{mark}</g>')
    legend_y = height - 25
    for index, (stage, (colour, shape)) in enumerate(MARKS.items()):
        x = LEFT + 140 * index
        parts.append(_mark(shape, x, legend_y, colour))
        parts.append(f'<text x="{x + 12}" y="{legend_y + 4}">{stage}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Add the generated timeline.svg to the site."""
    files.append(File.generated(config, "timeline.svg", content=timeline_svg(aa.dataset())))
    return files
