"""The API reference builds with warnings as errors and names every public name."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import integrity_toolkit
from integrity_toolkit.cli import _build_parser

DOCS = Path(__file__).parents[1] / "docs"


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


def test_every_public_name_has_a_reference_entry(built: Path) -> None:
    generated = built / "generated"
    pages = sorted(p.stem for p in generated.glob("integrity_toolkit.*.html"))
    modules = [m for m in pages if importlib.util.find_spec(m) is not None]
    assert "integrity_toolkit.report" in modules
    for module_name in modules:
        page = (generated / f"{module_name}.html").read_text("utf-8")
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            assert name in page, f"{module_name}.{name} is not in the reference"
    index = (built / "api.html").read_text("utf-8")
    for name in integrity_toolkit.__all__:
        if name[0].islower():
            assert name in index, f"integrity_toolkit.{name} is not in api.rst"


def test_cli_page_describes_every_command(built: Path) -> None:
    page = (DOCS / "cli.rst").read_text("utf-8")
    commands = _build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"integrity-toolkit {command}" in page, command
