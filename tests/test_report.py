"""The main job: the report notebook executes and exports to HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest

import integrity_toolkit as itk
from integrity_toolkit.report import build_report


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("reports")
    path = build_report(out_dir=out, as_of=dt.date(2019, 12, 31))
    assert path == out / "progress_report.html"
    return path.read_text(encoding="utf-8")


def test_report_shows_the_plan_and_its_tasks(report_html: str) -> None:
    assert "東府〔2018〕124號" in report_html
    assert "建立政務誠信考核專項督導機制" in report_html
    assert "加強宣傳營造氛圍" in report_html
    assert "人行東莞中心支行" in report_html


def test_report_marks_demo_data_as_synthetic(report_html: str) -> None:
    assert "SYNTHETIC DEMO DATA" in report_html or "Synthetic demo data" in report_html
    assert "synthetic demo data, not real returns" in report_html


def test_report_hides_code_and_embeds_charts(report_html: str) -> None:
    assert "import integrity_toolkit" not in report_html
    assert report_html.count("data:image/png;base64") >= 3


def test_report_as_of_date_limits_the_series(report_html: str) -> None:
    """As of 2019-12-31 the table stops at that quarter; 2020 values are not shown."""
    assert "2019-12-31" in report_html
    assert "2020-06-30" not in report_html


def test_failing_notebook_raises_and_leaves_no_file(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("as_of = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("raise ValueError('broken cell')")]
    source = tmp_path / "broken.ipynb"
    nbformat.write(nb, source)
    with pytest.raises(itk.ReportError, match="cell 2 failed: ValueError: broken cell"):
        build_report(out_dir=tmp_path / "out", notebook=source)
    assert not (tmp_path / "out" / "progress_report.html").exists()


def test_parameters_cannot_inject_code(tmp_path: Path) -> None:
    """A plan path full of quotes and code stays a string in the notebook."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("as_of = None\nplan_path = None")
    params.metadata["tags"] = ["parameters"]
    check = nbformat.v4.new_code_cell("assert isinstance(plan_path, str), plan_path")
    nb.cells = [params, check]
    source = tmp_path / "params.ipynb"
    nbformat.write(nb, source)
    evil = tmp_path / "x'; raise SystemExit('injected'); '"
    build_report(out_dir=tmp_path / "out", notebook=source, plan_path=evil)
