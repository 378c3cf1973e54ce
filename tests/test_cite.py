"""Citations of a release, and of unreleased working data, in each style, exactly."""

from __future__ import annotations

import json

import pytest

import abraham_accords as aa
from abraham_accords import _cite

TITLE = "abraham-accords: a versioned, sourced dataset of the Abraham Accords"
PACKAGE = "Python package abraham-accords, version 9.8.7.dev3"
"""How the citations below name the package version, as :func:`package` sets it."""


@pytest.fixture
def package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the installed package report version 9.8.7.dev3 to the citation."""
    monkeypatch.setattr(_cite, "package_version", lambda: "9.8.7.dev3")


RELEASED = {
    "bibtex": f"""@misc{{abraham_accords_2026_11_27,
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  year = {{2026}},
  version = {{2026.11.27}},
  note = {{Dataset version 2026.11.27, released 2026-11-27, CC BY 4.0; {PACKAGE}}},
}}""",
    "biblatex": f"""@dataset{{abraham_accords_2026_11_27,
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  date = {{2026-11-27}},
  version = {{2026.11.27}},
  note = {{released 2026-11-27, CC BY 4.0; {PACKAGE}}},
}}""",
    "csl-json": f"""[
  {{
    "id": "abraham_accords_2026_11_27",
    "type": "dataset",
    "author": [
      {{
        "literal": "abraham-accords maintainers"
      }}
    ],
    "title": "{TITLE}",
    "version": "2026.11.27",
    "note": "Dataset version 2026.11.27, released 2026-11-27, CC BY 4.0; {PACKAGE}",
    "issued": {{
      "date-parts": [
        [
          2026,
          11,
          27
        ]
      ]
    }}
  }}
]""",
    "apa": (
        f"abraham-accords maintainers. (2026). {TITLE} (Version 2026.11.27) [Data set]. "
        f"Licensed under CC BY 4.0. {PACKAGE}."
    ),
}


@pytest.mark.usefixtures("package")
@pytest.mark.parametrize("style", sorted(RELEASED))
def test_a_release_is_cited_exactly(style: str) -> None:
    assert aa.cite(style, version="2026.11.27") == RELEASED[style]


def _unreleased(base: str) -> dict[str, str]:
    key = "abraham_accords_" + base.replace(".", "_") + "_dev"
    note = f"unreleased working data based on release {base}"
    return {
        "bibtex": f"""@misc{{{key},
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  year = {{n.d.}},
  version = {{{base}+dev}},
  note = {{Dataset version {base}+dev, {note}, CC BY 4.0; {PACKAGE}}},
}}""",
        "biblatex": f"""@dataset{{{key},
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  version = {{{base}+dev}},
  note = {{{note}, CC BY 4.0; {PACKAGE}}},
}}""",
        "csl-json": f"""[
  {{
    "id": "{key}",
    "type": "dataset",
    "author": [
      {{
        "literal": "abraham-accords maintainers"
      }}
    ],
    "title": "{TITLE}",
    "version": "{base}+dev",
    "note": "Dataset version {base}+dev, {note}, CC BY 4.0; {PACKAGE}"
  }}
]""",
        "apa": (
            f"abraham-accords maintainers. (n.d.). {TITLE} (Version {base}+dev, {note}) "
            f"[Data set]. Licensed under CC BY 4.0. {PACKAGE}."
        ),
    }


@pytest.mark.usefixtures("package")
@pytest.mark.parametrize("style", sorted(RELEASED))
def test_unreleased_data_is_cited_as_such_exactly(
    monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    base = aa.available_versions()[-1]
    monkeypatch.setattr(_cite, "bundled_version", lambda: base + "+dev")
    expected = _unreleased(base)[style]
    assert aa.cite(style) == expected
    assert aa.cite(style, version=base + "+dev") == expected


def test_citation_errors_say_what_is_valid() -> None:
    with pytest.raises(aa.InvalidArgumentError) as caught:
        aa.cite("apa6")
    assert str(caught.value) == (
        "unknown citation style 'apa6' (did you mean 'apa'?); "
        "valid styles are bibtex, biblatex, csl-json, apa"
    )
    with pytest.raises(aa.ArgumentTypeError) as type_error:
        aa.cite(version=2026)  # type: ignore[arg-type]  # wrong on purpose
    assert str(type_error.value) == "version must be a string, not int"


@pytest.mark.parametrize("style", sorted(RELEASED))
def test_every_style_names_the_installed_package_version(style: str) -> None:
    # The code that computes panels and dyads, beside the data version that is cited.
    text = aa.cite(style, version="2026.11.27")
    assert f"Python package abraham-accords, version {aa.__version__}" in text
    assert text.count(aa.__version__) == 1


@pytest.mark.usefixtures("package")
def test_the_data_version_stays_the_version_field() -> None:
    [item] = json.loads(aa.cite("csl-json", version="2026.11.27"))
    assert item["version"] == "2026.11.27"
    for style in ("bibtex", "biblatex"):
        assert "  version = {2026.11.27}," in aa.cite(style, version="2026.11.27")
