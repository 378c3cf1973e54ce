"""MkDocs hook: draw the accession timeline and the dyads from the data when the site is built.

It also draws the commitments and their implementation (inline in their page, with their
table), tabulates the timeline's dates and how many records rest on undated sources, and
renders the reST roles of the docstrings (``:func:`name```) as code, linked to the API
reference when they name a public object.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any, Final, NamedTuple

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import abraham_accords as aa

WIDTH, LEFT, RIGHT, ROW, TOP = 900, 170, 30, 44, 50


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = (last - first).days or 1
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


# -- the accession timeline ---------------------------------------------------------------
#
# One row per party and, inside it, one lane per stage, so two marks never share a place
# however close their dates (Bahrain announced four days before it signed). Every label
# has a zone of its own: party names left of the plot, each date in its mark's lane, the
# years below the plot, the cut-off above it. tests/test_docs.py checks the boxes.

FONT_SIZE: Final = 13
DATE_SIZE: Final = 11
CHAR_WIDTH: Final = 0.6
"""Estimated advance of one character, in em: generous for a sans-serif face."""
LANE: Final = 16
"""Height of one stage's lane: every mark fits in 12 pixels, a date in 11."""
ROW_GAP: Final = 12
MARGIN: Final = 12
HEADER: Final = 34
"""Room above the rows for the cut-off label."""
STAGE_MARKS: Final[dict[str, tuple[str, str]]] = {
    "announced": ("#1f77b4", "circle"),
    "signed": ("#2ca02c", "square"),
    "ratified": ("#ff7f0e", "diamond"),
    "in_force": ("#9467bd", "triangle"),
}
CUTOFF_COLOUR: Final = "#d62728"
TABLE_MARKER: Final = "<!-- timeline-table -->"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Return the estimated width of *text* in pixels, generous rather than tight."""
    return CHAR_WIDTH * size * len(text)


def stage_name(stage: str) -> str:
    """Return *stage* as prose: ``in_force`` -> ``in force``."""
    return stage.replace("_", " ")


class _Scale(NamedTuple):
    """Days to x: *first* maps to *left* and *last* to *right*."""

    first: dt.date
    last: dt.date
    left: float
    right: float

    def __call__(self, day: dt.date) -> float:
        span = (self.last - self.first).days or 1
        return self.left + (self.right - self.left) * (day - self.first).days / span

    def year_step(self) -> int:
        """Years between labelled ticks: the fewest that keep the labels apart."""
        years = max(self.last.year - self.first.year, 1)
        per_year = (self.right - self.left) / years
        return next(
            (step for step in (1, 2, 5, 10, 20, 50) if per_year * step >= text_width("0000") + 12),
            100,
        )


class _Frame(NamedTuple):
    """Where the timeline draws: its scale, its lanes (the stages reached) and the cut-off."""

    scale: _Scale
    stages: tuple[str, ...]
    cutoff: float


def timeline_rows(ds: aa.Dataset) -> list[tuple[aa.Party, dict[str, dt.date | None]]]:
    """Return each party (role ``party``) with the first day it reached each stage.

    Earliest joiner first, then by code; a stage not reached by the cut-off is None.
    """

    def reached(party: aa.Party) -> dict[str, dt.date | None]:
        return {stage: ds.join_date(party, stage=stage) for stage in aa.STAGES}

    rows = [(party, reached(party)) for party in ds.parties(role="party")]
    return sorted(rows, key=lambda row: (row[1][aa.STAGES[0]] or dt.date.max, row[0].code))


def _mark(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}"
    else:
        points = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = "#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def _axis(scale: _Scale, top: float, bottom: float) -> list[str]:
    """Year lines across the rows, with the years labelled below them."""
    axis = f'x1="{scale.left:.1f}" y1="{bottom:.1f}" x2="{scale.right:.1f}" y2="{bottom:.1f}"'
    parts = [f'<line {axis} stroke="#999"/>']
    step = scale.year_step()
    for year in range(scale.first.year, scale.last.year + 1, step):
        x = scale(dt.date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom + 4:.1f}" stroke="#ddd"/>'
        )
        parts.append(_text(x, bottom + 6 + FONT_SIZE, str(year), anchor="middle", fill="#555"))
    return parts


def _party_row(
    party: aa.Party, reached: dict[str, dt.date | None], frame: _Frame, top: float
) -> list[str]:
    """The party's name, then in each lane a guide and the stage's mark and date, if reached.

    A lane holds one mark per party, so a date written beside its mark meets nothing but
    the lane's guide: it goes right of the mark, or left if it would cross the cut-off.
    """
    scale, height = frame.scale, LANE * len(frame.stages)
    parts = [_text(scale.left - 16, top + height / 2 + FONT_SIZE * 0.35, party.name, anchor="end")]
    for lane, stage in enumerate(frame.stages):
        y = top + LANE * (lane + 0.5)
        guide = f'x1="{scale.left:.1f}" y1="{y:.1f}" x2="{scale.right:.1f}" y2="{y:.1f}"'
        parts.append(f'<line {guide} stroke="#f0f0f0"/>')
        day = reached[stage]
        if day is None:
            continue
        colour, shape = STAGE_MARKS[stage]
        x = scale(day)
        tip = escape(f"{party.name}: {stage} {day.isoformat()}")
        parts.append(f'<g class="{stage}"><title>{tip}</title>{_mark(shape, x, y, colour)}</g>')
        label = day.isoformat()
        width = text_width(label, DATE_SIZE)
        # Right of the mark unless that crosses the cut-off line and the left side is free.
        right = x + 9 + width <= frame.cutoff - 4 or x - 9 - width < scale.left
        where = f'x="{x + 9 if right else x - 9:.1f}" y="{y + DATE_SIZE * 0.35:.1f}"'
        parts.append(
            f'<text class="date" {where} text-anchor="{"start" if right else "end"}" '
            f'font-size="{DATE_SIZE}" fill="#444">{label}</text>'
        )
    return parts


def _cutoff(cutoff: dt.date, frame: _Frame, bottom: float) -> list[str]:
    """A dashed line on the cut-off day, labelled above the rows on the side that fits."""
    x = frame.cutoff
    label = f"cut-off {cutoff.isoformat()}"
    if x - 4 - text_width(label) >= MARGIN:
        text = _text(x - 4, HEADER - 12, label, anchor="end", fill=CUTOFF_COLOUR)
    else:
        text = _text(x + 4, HEADER - 12, label, fill=CUTOFF_COLOUR)
    line = f'x1="{x:.1f}" y1="{HEADER - 8}" x2="{x:.1f}" y2="{bottom:.1f}"'
    return [
        f'<line class="cutoff" {line} stroke="{CUTOFF_COLOUR}" stroke-dasharray="4 3"/>',
        text,
    ]


def _legend(stages: tuple[str, ...], top: float) -> tuple[list[str], float]:
    """The stages in lane order, then the cut-off, wrapped to the width; and the bottom."""
    items: list[tuple[str | None, str]] = [(stage, stage_name(stage)) for stage in stages]
    items.append((None, "dataset cut-off"))
    parts: list[str] = []
    x, y = MARGIN + 6.0, top + FONT_SIZE
    for stage, label in items:
        width = 20 + text_width(label)
        if x + width > WIDTH - MARGIN:
            x, y = MARGIN + 6.0, y + FONT_SIZE + 10
        if stage is None:
            parts.append(
                f'<line x1="{x - 6:.1f}" y1="{y - 4:.1f}" x2="{x + 6:.1f}" y2="{y - 4:.1f}" '
                f'stroke="{CUTOFF_COLOUR}" stroke-dasharray="4 3"/>'
            )
        else:
            colour, shape = STAGE_MARKS[stage]
            parts.append(_mark(shape, x, y - 4, colour))
        parts.append(_text(x + 12, y, label))
        x += width + 16
    return parts, y + 8


def timeline_svg(ds: aa.Dataset) -> str:
    """Return an SVG timeline: one row per party, a mark for each stage it reached.

    Each row has a lane per stage that some party has reached, so no two marks or labels
    meet however close their dates; the dashed line is the dataset's cut-off.
    """
    rows = timeline_rows(ds)
    days = [day for _, reached in rows for day in reached.values() if day is not None]
    names = max((text_width(party.name) for party, _ in rows), default=0.0)
    scale = _Scale(
        first=dt.date(min(days, default=ds.cutoff).year, 1, 1),
        last=dt.date(max([*days, ds.cutoff]).year + 1, 1, 1),
        left=MARGIN + names + 16,
        right=WIDTH - MARGIN - text_width("0000") / 2,
    )
    stages = tuple(s for s in aa.STAGES if any(reached[s] for _, reached in rows))
    frame = _Frame(scale, stages or aa.STAGES[:1], scale(ds.cutoff))
    row_height = LANE * len(frame.stages)
    bottom = HEADER + len(rows) * (row_height + ROW_GAP)
    body: list[str] = []
    for index, (party, reached) in enumerate(rows):
        top = HEADER + index * (row_height + ROW_GAP) + ROW_GAP / 2
        if index:
            y = top - ROW_GAP / 2
            line = f'x1="{MARGIN}" y1="{y:.1f}" x2="{WIDTH - MARGIN}" y2="{y:.1f}"'
            body.append(f'<line {line} stroke="#ccc"/>')
        body.extend(_party_row(party, reached, frame, top))
    legend, height = _legend(frame.stages, bottom + 6 + FONT_SIZE + 16)
    title = f"Abraham Accords accessions, dataset {ds.data_version}"
    summary = (
        f"One row per party, one lane per stage ({', '.join(map(stage_name, frame.stages))}), "
        f"each mark labelled with its date; data verified to {ds.cutoff.isoformat()}."
    )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" font-family="sans-serif" '
            f'font-size="{FONT_SIZE}" role="img">'
        ),
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(summary)}</desc>",
        *_axis(scale, HEADER - 4, bottom),
        *_cutoff(ds.cutoff, frame, bottom),  # before the rows: a mark on the day stays on top
        *body,
        *legend,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def timeline_table(ds: aa.Dataset) -> str:
    """Return the timeline's dates as a Markdown table, one row per party, in its order."""
    header = ["Party", *(stage_name(stage).capitalize() for stage in aa.STAGES)]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for party, reached in timeline_rows(ds):
        dates = [day.isoformat() if day else "—" for day in reached.values()]
        lines.append("| " + " | ".join([party.name.replace("|", "\\|"), *dates]) + " |")
    note = (
        f"Dataset {ds.data_version}, verified to {ds.cutoff.isoformat()}; "
        "— means the stage had not been reached by then."
    )
    return "\n".join(lines) + "\n\n" + note + "\n"


COVERAGE_MARKER: Final = "<!-- coverage-table -->"


def coverage_table(ds: aa.Dataset) -> str:
    """Return, as a Markdown table, how much of the record rests on pages that show no date.

    A source is undated when its ``published`` is null; an event rests only on undated
    sources when every source it cites is undated.
    """
    sources = ds.sources()
    undated = {source.id for source in sources if source.published is None}
    events = ds.events()
    bare = [event for event in events if undated.issuperset(event.sources)]
    lines = [
        "| Records | Count |",
        "| --- | ---: |",
        f"| Sources | {len(sources)} |",
        f"| Sources whose page shows no publication date | {len(undated)} |",
        f"| Events | {len(events)} |",
        f"| Events that cite only sources with no publication date | {len(bare)} |",
    ]
    note = f"Dataset {ds.data_version}, verified to {ds.cutoff.isoformat()}."
    return "\n".join(lines) + "\n\n" + note + "\n"


# -- commitments and their implementation ------------------------------------------------
#
# One bar per provision that asks for an act the record can show, from the instrument's
# signature to the first act that carried it out, or on to the cut-off while a bound party
# has not acted. Inline in the page (it replaces the page's marker), with the table of its
# rows below it. tests/test_docs.py checks the bars against aa.implementation().

IMPLEMENTATION_MARKER: Final = "<!-- implementation-chart -->"
BAR_ROW: Final = 26
BAR_HEIGHT: Final = 14
STATUS_COLOURS: Final[dict[str, str]] = {
    "implemented": "#2ca02c",
    "partial": "#ff7f0e",
    "open": "#d9d9d9",
}
PENDING_COLOUR: Final = "#fdd9b5"
"""The part of a partial provision's bar after its first act, while a bound party waits."""


def implementable_rows(ds: aa.Dataset) -> list[aa.ImplementationRow]:
    """The rows the chart draws: every provision but those not tracked, in text order."""
    return [row for row in ds.implementation() if row.status != "not_tracked"]


def _bar(x0: float, x1: float, y: float, fill: str, *, dashed: bool = False) -> str:
    stroke = ' stroke="#888" stroke-dasharray="3 2"' if dashed else ""
    return (
        f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" '
        f'height="{BAR_HEIGHT}" fill="{fill}"{stroke}/>'
    )


def _implementation_tip(row: aa.ImplementationRow, cutoff: dt.date) -> str:
    head = f"{row.provision} ({', '.join(row.parties)}): signed {row.signed.isoformat()}"
    if row.implemented is None:
        return f"{head}; no act recorded by the cut-off {cutoff.isoformat()}"
    tail = f"; first act by {row.implemented.isoformat()}, {row.lag_days} days"
    if row.pending:
        tail += f"; pending: {', '.join(row.pending)}"
    return head + tail


def _status_legend(top: float) -> tuple[list[str], float]:
    """A swatch for each kind of bar, then the cut-off, wrapped to the width; and the bottom."""
    items: list[tuple[str | None, str]] = [
        (STATUS_COLOURS["implemented"], "implemented"),
        (STATUS_COLOURS["partial"], "partial"),
        (PENDING_COLOUR, "partial: pending"),
        (STATUS_COLOURS["open"], "open"),
        (None, "dataset cut-off"),
    ]
    parts: list[str] = []
    x, y = MARGIN + 6.0, top + FONT_SIZE
    for colour, label in items:
        width = 24 + text_width(label)
        if x + width > WIDTH - MARGIN:
            x, y = MARGIN + 6.0, y + FONT_SIZE + 10
        if colour is None:
            parts.append(
                f'<line x1="{x - 6:.1f}" y1="{y - 4:.1f}" x2="{x + 8:.1f}" y2="{y - 4:.1f}" '
                f'stroke="{CUTOFF_COLOUR}" stroke-dasharray="4 3"/>'
            )
        else:
            dashed = ' stroke="#888" stroke-dasharray="3 2"' if label == "open" else ""
            parts.append(
                f'<rect x="{x - 6:.1f}" y="{y - 10:.1f}" width="14" height="12" '
                f'fill="{colour}"{dashed}/>'
            )
        parts.append(_text(x + 14, y, label))
        x += width + 16
    return parts, y + 8


def implementation_svg(ds: aa.Dataset) -> str:
    """Return an SVG chart: one bar per implementable provision, signature to first act.

    An implemented provision's bar ends on the day its first act had certainly happened; a
    partial one's goes on, lighter, to the cut-off (a bound party has not acted); an open
    one's runs, grey and dashed, from the signature to the cut-off.
    """
    rows = implementable_rows(ds)
    names = max((text_width(row.provision) for row in rows), default=0.0)
    scale = _Scale(
        first=dt.date(min((r.signed for r in rows), default=ds.cutoff).year, 1, 1),
        last=dt.date(ds.cutoff.year + 1, 1, 1),
        left=MARGIN + names + 16,
        right=WIDTH - MARGIN - text_width("0000") / 2,
    )
    frame = _Frame(scale, (), scale(ds.cutoff))
    bottom = HEADER + len(rows) * BAR_ROW + 4
    body: list[str] = []
    for index, row in enumerate(rows):
        top = HEADER + index * BAR_ROW + (BAR_ROW - BAR_HEIGHT) / 2
        body.append(
            _text(
                scale.left - 16,
                top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35,
                row.provision,
                anchor="end",
            )
        )
        start = scale(row.signed)
        if row.implemented is None:
            bars = [_bar(start, frame.cutoff, top, STATUS_COLOURS["open"], dashed=True)]
        else:
            done = scale(row.implemented)
            bars = [_bar(start, done, top, STATUS_COLOURS[row.status])]
            if row.pending:
                bars.append(_bar(done, frame.cutoff, top, PENDING_COLOUR))
        tip = escape(_implementation_tip(row, ds.cutoff))
        body.append(f'<g class="{row.status}"><title>{tip}</title>{"".join(bars)}</g>')
    legend, height = _status_legend(bottom + 6 + FONT_SIZE + 16)
    title = f"Commitments and their implementation, dataset {ds.data_version}"
    summary = (
        f"One bar per provision that asks for an act the record can show ({len(rows)}), from "
        "the instrument's signature to the first act that carried it out, or to the cut-off "
        f"while a bound party has not acted; data verified to {ds.cutoff.isoformat()}."
    )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" font-family="sans-serif" '
            f'font-size="{FONT_SIZE}" role="img" style="max-width: 100%; height: auto">'
        ),
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(summary)}</desc>",
        *_axis(scale, HEADER - 4, bottom),
        *_cutoff(ds.cutoff, frame, bottom),
        *body,
        *legend,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _implemented_cell(row: aa.ImplementationRow) -> str:
    if row.implemented is None:
        return "—"
    day = row.implemented.isoformat()
    return day if row.precision == "day" else f"{day} (by; {row.precision})"


def implementation_chart(ds: aa.Dataset) -> str:
    """Return the chart (inline SVG) and the table of the implementable provisions, as Markdown.

    Without an implementable provision, a sentence says so instead of the chart.
    """
    rows = implementable_rows(ds)
    untracked = len(ds.implementation()) - len(rows)
    note = (
        f"Dataset {ds.data_version}, verified to {ds.cutoff.isoformat()}; {untracked} more "
        "provisions recognise, encourage or commit to nothing an event records, and are not "
        "tracked."
    )
    if not rows:
        return f"No coded provision asks for an act the record can show.\n\n{note}\n"
    header = [
        "Provision",
        "Kind",
        "Bound",
        "Signed",
        "Implemented",
        "Lag (days)",
        "Status",
        "Events",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for row in rows:
        status = row.status + (
            f" (pending: {', '.join(row.pending)})" if row.status == "partial" else ""
        )
        cells = [
            f"`{row.provision}`",
            row.kind,
            ", ".join(row.parties),
            row.signed.isoformat(),
            _implemented_cell(row),
            "—" if row.lag_days is None else str(row.lag_days),
            status,
            ", ".join(f"`{event}`" for event in row.events) or "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    figure = f'<div class="implementation-chart">\n{implementation_svg(ds)}</div>'
    return figure + "\n\n" + "\n".join(lines) + "\n\n" + note + "\n"


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


# -- reST roles in docstrings -----------------------------------------------------------
#
# The docstrings use reST roles (they also feed help() and the JSON Schema descriptions);
# mkdocstrings reads them as Markdown, so `:func:` would show as text beside the code.

_REST_ROLE: Final = re.compile(
    r":(?:py:)?(?:attr|class|const|data|exc|func|meth|mod|obj):<code>(~?)([^<]+)</code>"
)
_TITLED: Final = re.compile(r"(?P<title>.+?)\s*&lt;(?P<target>[^&]+)&gt;")
_HEADING: Final = re.compile(r'<h[1-6] id="abraham_accords\.([\w.]+)"')


def public_path(target: str, scope: str = "") -> str | None:
    """Return the public path of *target* as a docstring names it, or None if it has none.

    A name is looked up as Python looks up a name in a class: in *scope* (the public path
    of the object whose docstring it is, without the package), then in each enclosing
    scope, then in the package. A private or unknown name has no public path.

    Examples:
        >>> public_path("replace", scope="Dataset")
        'abraham_accords.Dataset.replace'
        >>> public_path("abraham_accords.Dataset"), public_path("Snapshot")
        ('abraham_accords.Dataset', None)
    """
    absolute = target.startswith("abraham_accords.")
    name = target.removeprefix("abraham_accords.").lstrip(".")
    outer = scope.split(".") if scope and not absolute else []
    for depth in range(len(outer), -1, -1):
        head, *rest = [*outer[:depth], *name.split(".")]
        if head in aa.__all__ and _has_path(getattr(aa, head), rest):
            return ".".join(["abraham_accords", head, *rest])
    return None


def _has_path(found: object, parts: list[str]) -> bool:
    for part in parts:
        if part.startswith("_") or not hasattr(found, part):
            return False
        found = getattr(found, part)
    return True


def render_rest_roles(html: str) -> str:
    """Replace each reST role in *html* by its code, linked when it names a public object.

    The scope of a role is the API object whose heading comes last before it.
    """
    headings = [(match.start(), match[1]) for match in _HEADING.finditer(html)]

    def code(match: re.Match[str]) -> str:
        short, text = match.groups()
        if titled := _TITLED.fullmatch(text):
            shown, target = titled["title"], titled["target"]
        else:
            shown = text.rsplit(".", 1)[-1] if short else text
            target = text
        scope = next((name for at, name in reversed(headings) if at < match.start()), "")
        path = public_path(target, scope)
        if path is None:
            return f"<code>{shown}</code>"
        return f'<autoref identifier="{path}" optional><code>{shown}</code></autoref>'

    return _REST_ROLE.sub(code, html)


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Add the generated timeline.svg and dyads.svg to the site."""
    ds = aa.dataset()
    files.append(File.generated(config, "timeline.svg", content=timeline_svg(ds)))
    files.append(File.generated(config, "dyads.svg", content=dyads_svg(ds)))
    return files


GENERATED_TABLES: Final = {
    "timeline.md": (TABLE_MARKER, "the table of dates", timeline_table),
    "methodology.md": (COVERAGE_MARKER, "the coverage table", coverage_table),
    "implementation.md": (IMPLEMENTATION_MARKER, "the chart and its table", implementation_chart),
}
"""The pages that show a table drawn from the data: its marker line, what goes there, how."""


def on_page_markdown(markdown: str, page: Page, **_: Any) -> str:
    """Put each table drawn from the data where its page marks it (see GENERATED_TABLES)."""
    if page.file.src_uri not in GENERATED_TABLES:
        return markdown
    marker, what, table = GENERATED_TABLES[page.file.src_uri]
    if marker not in markdown:
        msg = f"{page.file.src_uri} lost its {marker} line: {what} goes there"
        raise PluginError(msg)
    return markdown.replace(marker, table(aa.dataset()))


def on_page_content(html: str, **_: Any) -> str:
    """Render the docstrings' reST roles as code (see render_rest_roles)."""
    return render_rest_roles(html)
