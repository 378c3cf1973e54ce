"""Documentation and generated files agree with the models and the data."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, NamedTuple
from xml.etree import ElementTree as ET

import pytest
from dictionary import data_dictionary
from options import options_reference

import abraham_accords as aa
from abraham_accords import _validate
from abraham_accords._models import INSTRUMENT_KINDS, ROLES, SOURCE_KINDS
from abraham_accords._render import DEFAULT_WIDTH, MIN_WIDE, NARROW
from factories import PARTIES, build, event, implementation_examples, treaty_dataset

ROOT = Path(__file__).parents[1]
METHODOLOGY = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
REGENERATE = "run 'python scripts/regenerate.py' and review the diff"
SVG = "{http://www.w3.org/2000/svg}"
CHAR_EM = 0.6  # a generous width of one sans-serif character, in em (digits are 0.56)


@pytest.fixture(scope="module")
def hooks() -> ModuleType:
    """docs/hooks.py, loaded as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location("hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Builds only the pages under test, with the project's configuration and hook, so that no
# other page can break these tests (nor is needed: they also run in partial copies).
BUILD_PAGES = """
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.basicConfig(format="%(levelname)s %(message)s")
config_file, site_dir, *pages = sys.argv[1:]
kept = "\\n".join(["*", "!*.svg", *(f"!{page}" for page in pages)])
build(load_config(config_file, site_dir=site_dir, strict=True, nav=pages, exclude_docs=kept))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The API reference, timeline, methodology and implementation pages, built with --strict."""
    out = tmp_path_factory.mktemp("site")
    pages = ["api.md", "timeline.md", "methodology.md", "implementation.md"]
    command = [sys.executable, "-c", BUILD_PAGES, str(ROOT / "mkdocs.yml"), str(out), *pages]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    return out


@pytest.fixture(scope="module")
def api_page(site: Path) -> str:
    return (site / "api" / "index.html").read_text(encoding="utf-8")


def test_data_dictionary_is_current() -> None:
    text = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert text == data_dictionary(), REGENERATE


def test_cli_options_page_is_current() -> None:
    text = (ROOT / "docs" / "cli-options.md").read_text(encoding="utf-8")
    assert text == options_reference(), REGENERATE


@pytest.mark.parametrize("kind", aa.EVENT_KINDS)
def test_every_event_kind_is_documented(kind: str) -> None:
    assert re.search(rf"^\| `{kind}` \| \S", METHODOLOGY, flags=re.MULTILINE)


@pytest.mark.parametrize("word", [*aa.PROVISION_KINDS, *aa.STRENGTHS])
def test_every_provision_kind_and_strength_is_defined_in_the_coding_manual(word: str) -> None:
    manual = METHODOLOGY.split("## Provisions: coding manual", 1)[1]
    assert re.search(rf"^\| `{word}` \| \S", manual, flags=re.MULTILINE)


def test_provision_examples_named_in_the_coding_manual_exist() -> None:
    manual = METHODOLOGY.split("## Provisions: coding manual", 1)[1]
    named = set(re.findall(r"`([a-z0-9-]+-(?:para|art|annex|preamble)-[a-z0-9-]+)`", manual))
    assert named
    assert named <= {p.id for p in aa.provisions()}


def test_every_kind_used_in_the_data_is_a_documented_kind() -> None:
    used = {e.kind for e in aa.events()}
    documented = set(re.findall(r"^\| `([a-z_]+)` \| ", METHODOLOGY, flags=re.MULTILINE))
    assert used <= documented


@pytest.mark.parametrize("word", [*aa.STAGES, *ROLES])
def test_stages_and_roles_are_explained(word: str) -> None:
    assert f"`{word}`" in METHODOLOGY


@pytest.mark.parametrize("word", [*SOURCE_KINDS, *INSTRUMENT_KINDS])
def test_vocabularies_appear_in_the_data_dictionary(word: str) -> None:
    assert f"`{word}`" in data_dictionary()


def test_methodology_states_the_rules_the_code_applies() -> None:
    for phrase in ("last day", "two", "official", "disputed", "cut-off", "withdrawn"):
        assert phrase in METHODOLOGY


def test_the_cli_page_states_the_widths_the_tables_use() -> None:
    page = " ".join((ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split())
    assert f"`COLUMNS` is unset, it is {DEFAULT_WIDTH};" in page
    assert f"narrow columns (at most {NARROW} characters:" in page
    assert f"none below {MIN_WIDE} characters;" in page


def test_timeline_figure_is_drawn_from_the_data(hooks: ModuleType) -> None:
    svg = hooks.timeline_svg(aa.dataset())
    for party in aa.parties(role="party"):
        for stage in aa.STAGES:
            day = aa.join_date(party, stage=stage)
            label = f"{party.name}: {stage} {day}"
            assert (label in svg) == (day is not None), label
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")


# -- the API reference ---------------------------------------------------------------------


def test_api_reference_shows_no_private_path(api_page: str) -> None:
    assert re.findall(r"abraham_accords\._(?!_)[\w.]*", api_page) == []
    assert re.findall(r'id="(abraham_accords\.(?:\w+\.)*_\w*)"', api_page) == []


def test_api_reference_renders_the_rest_roles(api_page: str) -> None:
    assert re.findall(r":(?:attr|class|const|data|exc|func|meth|mod|obj):", api_page) == []


def test_api_reference_lists_no_pydantic_internals(api_page: str) -> None:
    assert "model_config" not in api_page
    assert re.findall(r'id="abraham_accords\.[\w.]*model_\w*"', api_page) == []


@pytest.mark.parametrize("name", sorted(aa.__all__))
def test_api_reference_documents_every_public_name(api_page: str, name: str) -> None:
    if name.isupper() or name.startswith("__"):  # constants: described in a list
        assert f"<code>abraham_accords.{name}</code>" in api_page
    else:
        assert f'id="abraham_accords.{name}"' in api_page


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            ":func:<code>abraham_accords.panel</code>",
            '<autoref identifier="abraham_accords.panel" optional>'
            "<code>abraham_accords.panel</code></autoref>",
            id="absolute",
        ),
        pytest.param(
            ":class:<code>~abraham_accords.Dataset</code>",
            '<autoref identifier="abraham_accords.Dataset" optional><code>Dataset</code></autoref>',
            id="short",
        ),
        pytest.param(
            '<h3 id="abraham_accords.Dataset">D</h3><p>:meth:<code>replace</code></p>',
            '<h3 id="abraham_accords.Dataset">D</h3><p><autoref '
            'identifier="abraham_accords.Dataset.replace" optional>'
            "<code>replace</code></autoref></p>",
            id="in-scope",
        ),
        pytest.param(
            ":func:<code>the panel &lt;abraham_accords.panel&gt;</code>",
            '<autoref identifier="abraham_accords.panel" optional><code>the panel</code></autoref>',
            id="titled",
        ),
        pytest.param(":class:<code>Snapshot</code>", "<code>Snapshot</code>", id="private"),
        pytest.param(
            ":mod:<code>importlib.resources</code>", "<code>importlib.resources</code>", id="other"
        ),
        pytest.param("<code>:func:`kept`</code>", "<code>:func:`kept`</code>", id="quoted-in-code"),
    ],
)
def test_rest_roles_become_code_linked_when_public(
    hooks: ModuleType, html: str, expected: str
) -> None:
    assert hooks.render_rest_roles(html) == expected


# -- the timeline --------------------------------------------------------------------------


class Box(NamedTuple):
    what: str
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def parse_svg(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own figure, not untrusted input)


def svg_boxes(root: ET.Element) -> list[Box]:
    """The bounding box of every mark (circle, rect, polygon) and every label of the figure.

    A label's width is estimated from its length and font size, its height from the font
    size (ascent 0.8 em, descent 0.25 em) and its anchor.
    """
    size = float(root.get("font-size", "16"))
    boxes: list[Box] = []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        get = {key: float(value) for key, value in element.attrib.items() if _is_number(value)}
        if tag == "circle":
            x, y, r = get["cx"], get["cy"], get["r"]
            boxes.append(Box("circle", x - r, y - r, x + r, y + r))
        elif tag == "rect":
            x, y = get["x"], get["y"]
            boxes.append(Box("rect", x, y, x + get["width"], y + get["height"]))
        elif tag == "polygon":
            points = [tuple(map(float, p.split(","))) for p in element.get("points", "").split()]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            boxes.append(Box("polygon", min(xs), min(ys), max(xs), max(ys)))
        elif tag == "text":
            font = get.get("font-size", size)
            width = CHAR_EM * font * len(element.text or "")
            shift = {"start": 0.0, "middle": width / 2, "end": width}
            left = get["x"] - shift[element.get("text-anchor", "start")]
            y = get["y"]
            boxes.append(
                Box(f"text {element.text!r}", left, y - 0.8 * font, left + width, y + 0.25 * font)
            )
    return boxes


def _is_number(value: str) -> bool:
    return re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", value) is not None


def crowded_dataset() -> aa.Dataset:
    """Every stage on one day, a long name, the first day of a year, the eve of the cut-off."""
    long_name = "The Kingdom of Morocco, a Name Longer Than Any in the Data"
    parties = [p.model_copy(update={"name": long_name}) if p.code == "MA" else p for p in PARTIES]
    return build(
        [
            event("AE", "announced", "2029-06-01"),
            event("AE", "signed", "2029-06-01", instrument="x"),
            event("AE", "ratified", "2029-06-01"),
            event("AE", "entered_into_force", "2029-06-01"),
            event("BH", "announced", "2029-12-31"),
            event("MA", "announced", "2029-01-01"),
            event("MA", "signed", "2029-01-02", instrument="x"),
        ],
        parties,
    )


@pytest.mark.parametrize("make", [aa.dataset, crowded_dataset], ids=["bundled", "crowded"])
def test_timeline_marks_and_labels_do_not_overlap(hooks: ModuleType, make: object) -> None:
    assert callable(make)
    root = parse_svg(hooks.timeline_svg(make()))
    boxes = svg_boxes(root)
    assert len(boxes) > 20
    clashes = [(a.what, b.what) for a, b in itertools.combinations(boxes, 2) if a.meets(b)]
    assert clashes == []
    _, _, width, height = map(float, root.get("viewBox", "").split())
    outside = [
        b.what for b in boxes if min(b.left, b.top) < 0 or b.right > width or b.bottom > height
    ]
    assert outside == []


def _axis(root: ET.Element) -> dict[int, float]:
    """The x of January 1 of each labelled year."""
    return {
        int(text.text or ""): float(text.get("x", ""))
        for text in root.iter(f"{SVG}text")
        if re.fullmatch(r"[0-9]{4}", text.text or "")
    }


def _x_of(day: dt.date, axis: dict[int, float]) -> float:
    years = sorted(axis)
    start = max(year for year in years if year <= day.year)
    end = min(year for year in years if year > day.year)
    first, last = dt.date(start, 1, 1), dt.date(end, 1, 1)
    share = (day - first).days / (last - first).days
    return axis[start] + (axis[end] - axis[start]) * share


@pytest.mark.parametrize("make", [aa.dataset, crowded_dataset], ids=["bundled", "crowded"])
def test_timeline_marks_and_labels_the_cutoff(hooks: ModuleType, make: object) -> None:
    assert callable(make)
    ds = make()
    root = parse_svg(hooks.timeline_svg(ds))
    lines = [line for line in root.iter(f"{SVG}line") if line.get("class") == "cutoff"]
    assert len(lines) == 1
    x = float(lines[0].get("x1", ""))
    assert x == pytest.approx(_x_of(ds.cutoff, _axis(root)), abs=0.2)
    labels = [t for t in root.iter(f"{SVG}text") if t.text == f"cut-off {ds.cutoff.isoformat()}"]
    assert len(labels) == 1
    assert float(labels[0].get("x", "")) == pytest.approx(x, abs=5)


def test_timeline_places_each_mark_on_its_date(hooks: ModuleType) -> None:
    root = parse_svg(hooks.timeline_svg(aa.dataset()))
    axis = _axis(root)
    placed = 0
    for group in root.iter(f"{SVG}g"):
        title = group.findtext(f"{SVG}title", "")
        day = dt.date.fromisoformat(title.rsplit(" ", 1)[1])
        (box,) = svg_boxes(group)
        assert (box.left + box.right) / 2 == pytest.approx(_x_of(day, axis), abs=0.2), title
        placed += 1
    assert placed == sum(
        aa.join_date(p, stage=s) is not None for p in aa.parties(role="party") for s in aa.STAGES
    )


# -- the implementation chart ----------------------------------------------------------------


def implementable(ds: aa.Dataset) -> list[aa.ImplementationRow]:
    return [row for row in ds.implementation() if row.status != "not_tracked"]


@pytest.mark.parametrize("make", [aa.dataset, implementation_examples], ids=["bundled", "examples"])
def test_implementation_chart_draws_a_bar_per_provision_on_its_dates(
    hooks: ModuleType, make: object
) -> None:
    assert callable(make)
    ds = make()
    rows = implementable(ds)
    assert rows
    root = parse_svg(hooks.implementation_svg(ds))
    axis = _axis(root)
    cutoff = _x_of(ds.cutoff, axis)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") in aa.IMPLEMENTATION_STATUSES]
    assert [g.get("class") for g in groups] == [row.status for row in rows]
    for group, row in zip(groups, rows, strict=True):
        title = group.findtext(f"{SVG}title", "")
        assert title.startswith(f"{row.provision} ({', '.join(row.parties)}): signed "), title
        first, *rest = svg_boxes(group)
        assert first.left == pytest.approx(_x_of(row.signed, axis), abs=0.2), title
        if row.implemented is None:
            assert first.right == pytest.approx(cutoff, abs=0.2), title
            assert rest == [], title
            continue
        done = max(_x_of(row.implemented, axis), first.left + 1)  # a bar is 1 wide at least
        assert first.right == pytest.approx(done, abs=0.2), title
        assert f"first act by {row.implemented.isoformat()}, {row.lag_days} days" in title
        if row.pending:
            (pending,) = rest
            assert pending.left == first.right, title
            assert pending.right == pytest.approx(cutoff, abs=0.2), title
        else:
            assert rest == [], title
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert [label for label in labels if label in {r.provision for r in rows}] == [
        row.provision for row in rows
    ]


@pytest.mark.parametrize("make", [aa.dataset, implementation_examples], ids=["bundled", "examples"])
def test_implementation_chart_keeps_its_marks_and_labels_apart(
    hooks: ModuleType, make: object
) -> None:
    assert callable(make)
    root = parse_svg(hooks.implementation_svg(make()))
    boxes = svg_boxes(root)
    clashes = [(a.what, b.what) for a, b in itertools.combinations(boxes, 2) if a.meets(b)]
    assert clashes == []
    _, _, width, height = map(float, root.get("viewBox", "").split())
    outside = [
        b.what for b in boxes if min(b.left, b.top) < 0 or b.right > width or b.bottom > height
    ]
    assert outside == []
    cutoffs = [line for line in root.iter(f"{SVG}line") if line.get("class") == "cutoff"]
    assert len(cutoffs) == 1


def test_implementation_table_lists_the_rows_of_the_chart(hooks: ModuleType) -> None:
    ds = implementation_examples()
    text = hooks.implementation_chart(ds)
    assert text.startswith('<div class="implementation-chart">\n<svg ')
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table == [
        "| Provision | Kind | Bound | Signed | Implemented | Lag (days) | Status | Events |",
        "|" + " --- |" * 8,
        (
            "| `t-art-1-1` | embassies | AE, IL | 2020-09-15 | 2021-01-24 | 131 | implemented | "
            "`il-2021-01-24-embassy-opened`, `ae-2021-07-14-embassy-opened` |"
        ),
        (
            "| `t-art-2-1` | civil_aviation | AE, IL | 2020-09-15 | 2020-11-30 (by; month) | 76 "
            "| implemented | `il-2020-11-01-flights-started` |"
        ),
        (
            "| `t-art-3-1` | entry_into_force | AE, IL | 2020-09-15 | 2020-10-25 | 40 | "
            "partial (pending: AE) | `il-2020-10-25-ratified` |"
        ),
        "| `trade-art-1-1` | trade | AE, IL | 2020-10-20 | — | — | open | — |",
    ]
    assert text.endswith(
        "Dataset 2030.01.01, verified to 2030-01-01; 1 more provisions recognise, encourage "
        "or commit to nothing an event records, and are not tracked.\n"
    )


def test_implementation_chart_without_an_implementable_provision_says_so(
    hooks: ModuleType,
) -> None:
    ds = treaty_dataset()  # the trade deal's own provision only: open
    assert "<svg" in hooks.implementation_chart(ds)
    untracked = ds.replace(
        provisions=[p.model_copy(update={"strength": "encouragement"}) for p in ds.provisions()]
    )
    text = hooks.implementation_chart(untracked)
    assert "<svg" not in text
    assert text.startswith("No coded provision asks for an act the record can show.\n")


def test_implementation_page_shows_the_chart_and_the_rows(site: Path) -> None:
    html = (site / "implementation" / "index.html").read_text(encoding="utf-8")
    assert html.count('<div class="implementation-chart">') == 1
    assert html.count("<title>Commitments and their implementation, dataset ") == 1
    assert "<!-- implementation-chart -->" not in html
    parser = _Table()
    parser.feed(html)
    header, *rows = parser.rows
    assert header[:2] == ["Provision", "Kind"]
    assert [(row[0], row[-2]) for row in rows] == [
        (r.provision, r.status) for r in implementable(aa.dataset())
    ]


class _Table(HTMLParser):
    """The cells of an HTML page's first table, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if self.done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self.cell is not None and not self.done:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_timeline_table_lists_every_party_with_its_dates(site: Path) -> None:
    parser = _Table()
    parser.feed((site / "timeline" / "index.html").read_text(encoding="utf-8"))
    header, *rows = parser.rows
    assert header == ["Party", *(s.replace("_", " ").capitalize() for s in aa.STAGES)]
    expected = [
        [p.name, *(str(aa.join_date(p, stage=s) or "—") for s in aa.STAGES)]
        for p in aa.parties(role="party")
    ]
    assert sorted(rows) == sorted(expected)
    assert rows == [[p.name, *row[1:]] for p, row in zip(_figure_order(), rows, strict=True)]


def _figure_order() -> list[aa.Party]:
    return sorted(aa.parties(role="party"), key=lambda p: (aa.join_date(p) or dt.date.max, p.code))


@pytest.mark.parametrize(
    ("page", "marker"),
    [
        ("timeline.md", "<!-- timeline-table -->"),
        ("methodology.md", "<!-- coverage-table -->"),
        ("implementation.md", "<!-- implementation-chart -->"),
    ],
)
def test_a_page_refuses_to_lose_its_table(hooks: ModuleType, page: str, marker: str) -> None:
    marked = SimpleNamespace(file=SimpleNamespace(src_uri=page))
    with pytest.raises(Exception, match=f"{page} lost its {marker} line"):
        hooks.on_page_markdown("# A page\n", page=marked)
    other = SimpleNamespace(file=SimpleNamespace(src_uri="guide.md"))
    assert hooks.on_page_markdown(marker, page=other) == marker


def _raw_records(name: str) -> list[dict[str, Any]]:
    """A bundled data file as plain JSON, read without the package's models."""
    data = resources.files("abraham_accords").joinpath("data")
    records: list[dict[str, Any]] = json.loads(data.joinpath(name).read_text(encoding="utf-8"))
    return records


def test_methodology_coverage_table_counts_the_data(site: Path) -> None:
    html = (site / "methodology" / "index.html").read_text(encoding="utf-8")
    parser = _Table()
    parser.feed(html[html.index('id="coverage"') :])
    sources, events = _raw_records("sources.json"), _raw_records("events.json")
    undated = {s["id"] for s in sources if s.get("published") is None}
    cited = [e["sources"] for e in events]
    assert parser.rows == [
        ["Records", "Count"],
        ["Sources", str(len(sources))],
        ["Sources whose page shows no publication date", str(len(undated))],
        ["Events", str(len(events))],
        [
            "Events that cite only sources with no publication date",
            str(sum(all(s in undated for s in ids) for ids in cited)),
        ],
    ]
    assert 0 < len(undated) < len(sources)


def test_contributing_gives_event_ids_as_validate_checks_them() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z]{2}-\d{4}-\d{2}-\d{2}-[a-z-]+)`", text))
    events = {e.id: e for e in aa.dataset().event_records}
    assert named, "CONTRIBUTING.md shows no event id"
    for shown in sorted(named):
        event = events[shown]  # an id of the data, as it stands
        taken = _validate._Taken(frozenset(), {})
        assert _validate._event_id(shown, event.party, event.date, event.kind, taken) is None
    # and the rule is shown for a kind written with '_'
    assert any("_" in events[shown].kind for shown in named)
