"""MkDocs hook: draw the accession timeline and the dyads from the data when the site is built."""

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


LEVEL_COLOURS = {
    "liaison": "#9ecae1",
    "charge_d_affaires": "#4292c6",
    "minister": "#2171b5",
    "ambassador": "#08306b",
}


def dyads_svg(ds: aa.Dataset) -> str:
    """Return an SVG chart: one row per directed dyad, its level of representation by month."""
    first = dt.date(1992, 1, 1)
    last = dt.date(ds.cutoff.year + 1, 1, 1)
    rows = ds.dyads(first, ds.cutoff, freq="month")
    bands: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = {}
    for row in rows:  # consecutive months at one level make one band
        start = row.date.replace(day=1)
        found = bands.setdefault((row.party1, row.party2), [])
        if found and found[-1][2] == row.representation and found[-1][1] == start:
            found[-1] = (found[-1][0], row.date + dt.timedelta(days=1), row.representation)
        else:
            found.append((start, row.date + dt.timedelta(days=1), row.representation))
    shown = [key for key, spans in bands.items() if any(s[2] != "none" for s in spans)]
    height = TOP + ROW // 2 * len(shown) + 70
    names = {p.code: p.name for p in ds.parties()}
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="12">'
        ),
        f"<title>Diplomatic representation, dataset {escape(ds.data_version)}</title>",
    ]
    for year in range(first.year, last.year + 1, 2):
        x = _x(dt.date(year, 1, 1), first, last)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 10}" x2="{x:.1f}" y2="{height - 50}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{TOP - 16}" text-anchor="middle" fill="#555">{year}</text>'
        )
    for index, (sender, receiver) in enumerate(shown):
        y = TOP + ROW // 2 * index
        label = f"{escape(names[sender])} in {escape(names[receiver])}"
        parts.append(f'<text x="{LEFT - 8}" y="{y + 13}" text-anchor="end">{label}</text>')
        for start, end, level in bands[sender, receiver]:
            if level == "none":
                continue
            x0, x1 = _x(start, first, last), _x(end, first, last)
            tip = f"{label}: {level} from {start:%Y-%m} (by month)"
            parts.append(
                f'<rect class="{level}" x="{x0:.1f}" y="{y + 2}" width="{max(x1 - x0, 1):.1f}" '
                f'height="16" fill="{LEVEL_COLOURS[level]}"><title>{tip}</title></rect>'
            )
    cut = _x(ds.cutoff, first, last)
    parts.append(
        f'<line x1="{cut:.1f}" y1="{TOP - 10}" x2="{cut:.1f}" y2="{height - 50}" '
        'stroke="#d62728" stroke-dasharray="4 3"/>'
    )
    legend_y = height - 25
    for index, (level, colour) in enumerate(LEVEL_COLOURS.items()):
        x = LEFT + 150 * index
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{legend_y + 2}">{level}</text>')
    parts.append(
        f'<text x="{LEFT + 600}" y="{legend_y + 2}" fill="#d62728">cut-off {ds.cutoff}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Add the generated timeline.svg and dyads.svg to the site."""
    ds = aa.dataset()
    files.append(File.generated(config, "timeline.svg", content=timeline_svg(ds)))
    files.append(File.generated(config, "dyads.svg", content=dyads_svg(ds)))
    return files
