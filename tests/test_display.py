"""Rich displays in JupyterLab and readable text in a terminal."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import integrity_toolkit as itk
from integrity_toolkit.display import problems_html

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def test_plan_card_shows_number_date_counts_and_first_tasks(plan: itk.Plan) -> None:
    card = plan._repr_html_()
    assert "東府〔2018〕124號" in card and "2018-10-08" in card
    assert "26 tasks · 35 clauses · 101 assignments · 1 targets · 4 repairs" in card
    assert "建立政務誠信考核專項督導機制" in card
    assert "… 18 more tasks" in card


def test_task_and_clause_show_units_by_role(plan: itk.Plan) -> None:
    task = plan.task("2.2.3")
    assert repr(task) == "<Task 2.2.3 二(二)3 建立政務失信記錄機制: 3 clauses, line 63>"
    assert task._repr_html_().count("<tr>") == 4  # header and three clauses
    clause = plan.clause("2.2.3-c")
    assert repr(clause).endswith("[市人力資源局(lead)]>")
    assert 'class="itk-lead"' in plan.task("2.1.1")._repr_html_()


def test_target_card_states_metric_value_and_deadline(plan: itk.Plan) -> None:
    assert "公務員信用檔案覆蓋率: 100% by 2020" in plan.targets[0]._repr_html_()


@pytest.mark.parametrize(
    "html_of",
    [
        lambda p: p._repr_html_(),
        lambda p: p.task("1.1")._repr_html_(),
        lambda p: p.clause("1.1")._repr_html_(),
    ],
)
def test_displays_escape_text_and_need_no_network(html_of: object) -> None:
    plan = itk.parse_plan("一、任務\n1.<script>x</script>。做。(<b>局</b>負責)")
    card = html_of(plan)  # type: ignore[operator]
    assert "<script>x" not in card and "<b>局" not in card
    assert "http" not in card and "<script" not in card


def test_error_shows_as_table_of_problems(tmp_path: Path) -> None:
    with pytest.raises(itk.DocumentReadError) as info:
        itk.load_plan(tmp_path / "missing.txt")
    assert info.value.problem_rows() == [
        {
            "where": str(tmp_path / "missing.txt"),
            "what": "no such file",
            "fix": "check the path",
        }
    ]
    assert "<td>check the path</td>" in info.value._repr_html_()
    assert "<td>&lt;b&gt;</td>" in problems_html("t", [{"where": "<b>"}])


def test_quickstart_error_cell_shows_a_table_not_a_traceback() -> None:
    nb = nbformat.read(NOTEBOOKS / "00_quickstart.ipynb", as_version=4)
    NotebookClient(
        nb, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    outputs = nb.cells[-1].outputs
    assert [o.output_type for o in outputs] == ["display_data"]
    assert "how to fix" in outputs[0].data["text/html"]
    assert "no such file" in outputs[0].data["text/html"]
