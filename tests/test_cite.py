"""Citations of a release, and of unreleased working data, in each style, exactly."""

from __future__ import annotations

import pytest

import abraham_accords as aa
from abraham_accords import _cite

TITLE = "abraham-accords: a versioned, sourced dataset of the Abraham Accords"

RELEASED = {
    "bibtex": f"""@misc{{abraham_accords_2026_11_27,
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  year = {{2026}},
  version = {{2026.11.27}},
  note = {{Dataset version 2026.11.27, released 2026-11-27, CC BY 4.0}},
}}""",
    "biblatex": f"""@dataset{{abraham_accords_2026_11_27,
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  date = {{2026-11-27}},
  version = {{2026.11.27}},
  note = {{released 2026-11-27, CC BY 4.0}},
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
    "note": "Dataset version 2026.11.27, released 2026-11-27, CC BY 4.0",
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
        "Licensed under CC BY 4.0."
    ),
}


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
  note = {{Dataset version {base}+dev, {note}, CC BY 4.0}},
}}""",
        "biblatex": f"""@dataset{{{key},
  author = {{{{abraham-accords maintainers}}}},
  title = {{{TITLE}}},
  version = {{{base}+dev}},
  note = {{{note}, CC BY 4.0}},
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
    "note": "Dataset version {base}+dev, {note}, CC BY 4.0"
  }}
]""",
        "apa": (
            f"abraham-accords maintainers. (n.d.). {TITLE} (Version {base}+dev, {note}) "
            "[Data set]. Licensed under CC BY 4.0."
        ),
    }


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
