"""The built wheel carries the plan and the report notebook, usable outside the repo."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    return next(out.glob("integrity_toolkit-*.whl"))


def test_wheel_ships_plan_notebook_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "integrity_toolkit/plans/dongguan-2018-124.zh-Hant.txt" in names
    assert "integrity_toolkit/notebooks/progress_report.ipynb" in names
    assert "integrity_toolkit/py.typed" in names
    assert "integrity_toolkit/registry/units.toml" in names


def test_load_plan_works_from_wheel_outside_repository(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import integrity_toolkit as itk, integrity_toolkit.report as r;"
        "p = itk.load_plan(); print(len(p.tasks), r.report_notebook_path().parent.name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["26", "notebooks"]
    assert (
        str(site)
        in subprocess.run(
            [
                sys.executable,
                "-c",
                "import integrity_toolkit; print(integrity_toolkit.__file__)",
            ],
            cwd=tmp_path,
            env={"PYTHONPATH": str(site)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
