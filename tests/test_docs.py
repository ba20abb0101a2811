"""The API reference builds with warnings as errors, names every public name and
describes every parameter."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from numpydoc.docscrape import FunctionDoc

import integrity_toolkit
from integrity_toolkit.cli import _build_parser

DOCS = Path(__file__).parents[1] / "docs"
API = DOCS / "api.rst"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    shutil.rmtree(DOCS / "generated", ignore_errors=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _public_modules() -> list[str]:
    """Every module of the package whose dotted name has no private part."""
    found = pkgutil.walk_packages(integrity_toolkit.__path__, "integrity_toolkit.")
    return [
        m.name
        for m in found
        if not any(part.startswith("_") for part in m.name.split("."))
    ]


def test_every_public_module_is_in_the_reference() -> None:
    text = API.read_text("utf-8")
    listed = set(re.findall(r"^\s+(integrity_toolkit[\w.]*)\s*$", text, re.M))
    assert [m for m in _public_modules() if m not in listed] == []


def test_every_public_function_and_class_has_its_own_page(built: Path) -> None:
    generated = built / "generated"
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if inspect.isfunction(value) or inspect.isclass(value):
                # A name a package re-exports has its page where it is defined.
                page = generated / f"{value.__module__}.{name}.html"
                assert page.exists(), f"{module_name}.{name} has no page of its own"


def test_every_public_name_has_a_reference_entry(built: Path) -> None:
    generated = built / "generated"
    everything = " ".join(p.read_text("utf-8") for p in generated.glob("*.html"))
    for module_name in _public_modules():
        page = (generated / f"{module_name}.html").read_text("utf-8")
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            # A name re-exported from a submodule is documented on that module's page.
            assert name in page or name in everything, (
                f"{module_name}.{name} is not in the reference"
            )
    index = (built / "api.html").read_text("utf-8")
    for name in integrity_toolkit.__all__:
        if name[0].islower():
            assert name in index, f"integrity_toolkit.{name} is not in api.rst"


def test_cli_page_describes_every_command(built: Path) -> None:
    page = (DOCS / "cli.rst").read_text("utf-8")
    commands = _build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"integrity-toolkit {command}" in page, command


def test_every_public_function_has_an_example() -> None:
    missing = []
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            defined_here = getattr(value, "__module__", None) == module_name
            documented = "Examples\n" in (inspect.getdoc(value) or "")
            if inspect.isfunction(value) and defined_here and not documented:
                missing.append(f"{module_name}.{name}")
    assert missing == []


def _documented_callables() -> list[tuple[str, Callable[..., Any]]]:
    """Public functions, and public methods of public classes, by dotted name."""
    found: list[tuple[str, Callable[..., Any]]] = []
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if getattr(value, "__module__", None) != module_name:
                continue
            if inspect.isfunction(inspect.unwrap(value)):
                found.append((f"{module_name}.{name}", inspect.unwrap(value)))
            elif inspect.isclass(value):
                for attr, member in vars(value).items():
                    function = getattr(member, "__func__", member)
                    if not attr.startswith("_") and inspect.isfunction(function):
                        found.append((f"{module_name}.{name}.{attr}", function))
    return found


def _parameter_names(function: Callable[..., Any]) -> list[str]:
    signature = inspect.signature(function)
    return [p for p in signature.parameters if p not in ("self", "cls")]


def _described_names(function: Callable[..., Any]) -> set[str]:
    """The names a numpydoc Parameters section describes (``a, b`` names two)."""
    section = FunctionDoc(function)["Parameters"]
    return {
        name.strip().lstrip("*")
        for parameter in section
        for name in parameter.name.split(",")
    }


def test_every_public_function_describes_its_parameters() -> None:
    """Every public function or method that takes parameters names each one."""
    missing = []
    for dotted, function in _documented_callables():
        wanted = _parameter_names(function)
        if wanted:
            undescribed = set(wanted) - _described_names(function)
            missing += [f"{dotted}: {name}" for name in sorted(undescribed)]
    assert missing == []


def test_parameters_check_sees_the_public_surface() -> None:
    """The check above walks functions and methods, not an empty list."""
    names = {dotted for dotted, _ in _documented_callables()}
    assert "integrity_toolkit.parser.parse_plan" in names
    assert "integrity_toolkit.model.Plan.clause" in names
    assert "integrity_toolkit.ledger.period.Period.parse" in names
