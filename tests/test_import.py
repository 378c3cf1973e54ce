"""What importing the package costs, and the shape of its public surface."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import abraham_accords as aa


def run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.strip()


def test_import_is_lazy() -> None:
    code = (
        "import sys, abraham_accords as aa; "
        "heavy = [m for m in ('pycountry', 'pydantic', 'importlib.metadata', "
        "'abraham_accords._models', 'abraham_accords._loading') if m in sys.modules]; "
        "print(heavy, aa.DATA_VERSION)"
    )
    assert run(code) == f"[] {aa.DATA_VERSION}"


def test_queries_on_released_data_never_need_pycountry() -> None:
    code = (
        "import sys, abraham_accords as aa; aa.load(aa.available_versions()[0]); "
        "aa.load(aa.available_versions()[-1]).members_as_of('2021-01-01'); "
        "print('pycountry' in sys.modules)"
    )
    assert run(code) == "False"


def test_a_membership_query_builds_no_url_validator() -> None:
    # pydantic.networks brings importlib.metadata and email: only sources need it.
    if aa.DATA_VERSION.endswith("+dev"):
        pytest.skip("unreleased data is validated in full, sources included")
    code = (
        "import sys, abraham_accords as aa; aa.members_as_of('2021-01-01'); "
        "aa.is_member('MA', '2021-01-01'); "
        "print([m for m in ('pydantic.networks', 'importlib.metadata') if m in sys.modules]); "
        "aa.sources(); print('pydantic.networks' in sys.modules)"
    )
    assert run(code) == "[]\nTrue"


def test_bundled_data_is_checked_in_full_only_when_unreleased() -> None:
    code = (
        "import sys, abraham_accords as aa; aa.members_as_of('2021-01-01'); "
        "aa.get_party('UAE'); print('pycountry' in sys.modules)"
    )
    assert run(code) == str(aa.DATA_VERSION.endswith("+dev"))


def test_validation_checks_iso_codes_with_pycountry() -> None:
    code = "import sys, abraham_accords as aa; aa.validate(); print('pycountry' in sys.modules)"
    assert run(code) == "True"


def test_all_is_sorted_and_complete() -> None:
    def isort_style(name: str) -> tuple[int, str]:
        # ruff's RUF022 order: CONSTANTS, then Classes, then everything else.
        if name.isupper():
            return (0, name)
        return (1, name) if name[0].isupper() else (2, name)

    assert list(aa.__all__) == sorted(aa.__all__, key=isort_style)
    for name in aa.__all__:
        assert getattr(aa, name) is not None
    assert set(aa.__all__) <= set(dir(aa))


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = aa.nope


def test_versions() -> None:
    assert aa.__version__ == version("abraham-accords")
    assert aa.dataset().data_version == aa.DATA_VERSION


def test_errors_subclass_the_fitting_builtin() -> None:
    assert issubclass(aa.UnknownPartyError, LookupError)
    assert issubclass(aa.UnknownRecordError, LookupError)
    assert issubclass(aa.InvalidDateError, ValueError)
    assert issubclass(aa.InvalidArgumentError, ValueError)
    assert issubclass(aa.ArgumentTypeError, TypeError)
    assert issubclass(aa.DataIntegrityError, ValueError)
    for name in aa.__all__:
        obj = getattr(aa, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, aa.AbrahamAccordsError)


def test_imports_between_modules_flow_one_way() -> None:
    package = Path(aa.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in package.glob("_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = {
            node.module.lstrip(".")
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name in done:
            return
        for imported in sorted(graph.get(name, ())):
            visit(imported, (*trail, name))
        done.add(name)

    for module in sorted(graph):
        visit(module, ())
