"""Rich displays in JupyterLab and readable text in a terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

import integrity_toolkit as itk
from integrity_toolkit.assessment import default_scheme, score_units
from integrity_toolkit.display import CardFrame, problems_html, set_display_language
from integrity_toolkit.errors import ReturnError
from integrity_toolkit.ledger import (
    Completion,
    Ledger,
    LedgerEntry,
    Period,
    fill_demo_ledger,
)
from integrity_toolkit.ledger.validation import ReturnProblem

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def test_plan_card_shows_number_date_counts_and_first_tasks(plan: itk.Plan) -> None:
    card = plan._repr_html_()
    assert "東府〔2018〕124號" in card and "2018-10-08" in card
    assert "26 tasks · 35 clauses · 101 assignments · 1 target · 4 repairs" in card
    assert "建立政務誠信考核專項督導機制" in card
    assert "… 18 more tasks" in card


def test_task_and_clause_show_units_by_role(plan: itk.Plan) -> None:
    task = plan.task("2.2.3")
    assert repr(task) == "<Task 2.2.3 二(二)3 建立政務失信記錄機制: 3 clauses, line 63>"
    assert task._repr_html_().count("<tr>") == 4  # header and three clauses
    clause = plan.clause("2.2.3-c")
    assert repr(clause).endswith("[市人力資源局(lead)]>")
    assert 'class="itk-lead"' in plan.task("2.1.1")._repr_html_()


def test_target_reads_as_one_line(plan: itk.Plan) -> None:
    """Line 63, clause 二(二)3-c: 到2020年公務員信用檔案覆蓋率達到100%,
    led by 市人力資源局."""
    assert repr(plan.targets[0]) == (
        "<Target 公務員信用檔案覆蓋率 100% by 2020: "
        "clause 2.2.3-c line 63 [市人力資源局]>"
    )


def test_target_card_states_metric_value_and_deadline(plan: itk.Plan) -> None:
    assert "公務員信用檔案覆蓋率: 100% by 2020" in plan.targets[0]._repr_html_()
    set_display_language("en")
    try:
        card = plan.targets[0]._repr_html_()
    finally:
        set_display_language(None)
    # Clause 2.2.3-c names 市人力資源局 (line 63).
    assert "Dongguan Municipal Human Resources Bureau" in card
    assert "市人力資源局" not in card


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
    assert [o.output_type for o in outputs] == ["display_data", "error"]
    assert "how to fix" in outputs[0].data["text/html"]
    assert "no such file" in outputs[0].data["text/html"]
    assert outputs[0].data["text/plain"].startswith("DocumentReadError: 1 problem(s)")
    # One line, no traceback: what nbclient names when a cell fails.
    assert outputs[1].ename == "DocumentReadError"
    assert outputs[1].traceback == [
        "DocumentReadError: no-such-plan.txt: no such file; check the path"
    ]


def test_return_problems_show_their_value_in_reading_order() -> None:
    problems = [
        ReturnProblem(
            "r.xlsx", "進度", 3, "完成比例", "abc", "not a percent", "write 40%"
        ),
        ReturnProblem("r.xlsx", "進度", 12, "狀態", "", "no status", "pick one"),
        ReturnProblem("r.xlsx", "進度", 2, "單位", "乙局", "not this unit", "use 甲局"),
    ]
    rows = ReturnError(problems).problem_rows()
    assert [r["where"] for r in rows] == [
        "r.xlsx, 進度, 2, 單位",
        "r.xlsx, 進度, 3, 完成比例",
        "r.xlsx, 進度, 12, 狀態",
    ]
    card = problems_html("ReturnError", rows)
    assert "<th>value</th>" in card and "<td>abc</td>" in card


def test_assignment_table_shows_a_card_with_hand_counted_figures(
    plan: itk.Plan,
) -> None:
    table = plan.assignments()
    card = table._repr_html_()
    assert "東府〔2018〕124號 assignments" in card and "dated 2018-10-08" in card
    # The answer key (tests/fixtures): 101 assignments in 35 clauses,
    # 24 lead, 28 co and 49 collective.
    assert "101 assignments · 35 clauses" in card
    assert "roles: lead 24 · co 28 · collective 49" in card
    assert card.count("<tr>") == 1 + 8 and "… 93 more rows" in card
    # The first tag (task 2.1.1, line 47) starts with 市發改局.
    assert "<td>2.1.1</td><td>市發改局</td><td>lead</td>" in card
    text = repr(table).splitlines()
    assert text[0] == "東府〔2018〕124號 assignments"
    assert text[1].startswith("dated 2018-10-08; 101 assignments")
    # The terminal shows the same eight rows as the card, then counts the rest.
    assert text[3].split() == [
        "2.1.1",
        "市發改局",
        "lead",
        "dg.development-reform",
        "unit",
        "47",
    ]
    assert len(text) == 3 + 8 + 1 and text[-1] == "… 93 more rows"


def test_cards_write_units_in_the_chosen_language(plan: itk.Plan) -> None:
    set_display_language("en")
    try:
        card = plan.assignments("2020-01-01")._repr_html_()
    finally:
        set_display_language(None)
    assert "units as of 2020-01-01" in card
    assert "<td>Dongguan Development and Reform Bureau</td>" in card
    assert "<td>市發改局</td>" not in card
    set_display_language("en")
    try:
        text = repr(plan.assignments("2020-01-01")).splitlines()
    finally:
        set_display_language(None)
    assert text[3].split()[:6] == [
        "2.1.1",
        "Dongguan",
        "Development",
        "and",
        "Reform",
        "Bureau",
    ]


def test_anything_computed_from_a_card_table_is_a_plain_dataframe(
    plan: itk.Plan,
) -> None:
    table = plan.assignments()
    assert isinstance(table, CardFrame) and isinstance(table, pd.DataFrame)
    for derived in (
        table[table["role"] == "lead"],
        table.head(3),
        table.merge(table[["clause_id"]].drop_duplicates()),
        pd.concat([table, table]),
    ):
        assert type(derived) is pd.DataFrame
    assert len(table[table["role"] == "lead"]) == 24


def test_ledger_state_card_counts_rows_reports_and_marks_synthetic() -> None:
    plan = itk.parse_plan(
        "一、任務\n1.建立制度。(市發改局負責)\n2.落實工作。(市財政局牽頭,市監委配合)",
        source="tiny.txt",
    )
    ledger = Ledger("sqlite://", plan=plan)
    entry = LedgerEntry("市監委", "1.2", Period(2019, 4), Completion.LIMITED, 20)
    ledger.append([entry], file_name="a", recorded_at=dt.datetime(2020, 1, 9))
    state = ledger.state(as_of=dt.date(2019, 12, 31), known_at=dt.date(2020, 1, 10))
    card = state._repr_html_()
    assert "tiny.txt ledger state" in card and "as of 2019-12-31" in card
    # Three (unit, clause) lines: 市發改局 1.1, 市財政局 1.2, 市監委 1.2;
    # one return, limited at 20 %, a quarter into a plan with no deadline.
    assert "3 clause-unit rows · 3 units · 1 reported · 0 overdue" in card
    assert "completion: no_report 2 · limited 1" in card
    assert "synthetic" not in card.lower()
    assert (
        "<td>市監委</td><td>1.2</td><td>limited</td><td>20</td><td>2019Q4</td>" in card
    )


def test_demo_ledger_state_card_says_it_is_synthetic() -> None:
    ledger = Ledger("sqlite://")
    fill_demo_ledger(ledger)
    state = ledger.state(as_of=dt.date(2019, 12, 31))
    assert "synthetic demo data" in state._repr_html_()
    assert repr(state).splitlines()[2] == "SYNTHETIC DEMO DATA"


def test_score_table_and_assessment_show_a_card() -> None:
    units = pd.DataFrame(
        {"unit": ["甲局", "乙鎮"], "peer_group": ["department", "town"]}
    )
    state = pd.DataFrame(
        {
            "unit": ["甲局", "甲局", "乙鎮"],
            "clause_id": ["1", "2", "3"],
            "role": ["lead", "co", "collective"],
            "completion": ["complete", "substantial", "limited"],
        }
    )
    result = score_units(default_scheme(), units, state)
    card = result.scores._repr_html_()
    # Worked by hand in score_units' docstring: 93.75 (優秀) and 25 (不合格).
    assert "Scores 2019" in card
    assert "2 units · department 1 · town 1" in card
    assert "grades: 優秀 1 · 不合格 1" in card
    assert "<td>甲局</td><td>department</td><td>93.75</td><td>1</td><td>1</td>" in card
    assert result._repr_html_() == card
    assert repr(result).startswith("<Assessment 2019: 2 units under ")


def test_card_tables_escape_their_cells() -> None:
    plan = itk.parse_plan("一、任務\n1.做。(甲<i乙局負責)")
    card = plan.assignments()._repr_html_()
    assert "<td>甲&lt;i乙局</td>" in card and "<i乙" not in card


@pytest.mark.parametrize(
    ("lang", "written", "holder"),
    [
        # Task 2.1.4 (line 53) names 市政務服務辦; from 2019 its duties sit
        # with the government-services-and-data bureau (facts/ renamings).
        (None, "市政務服務辦", "dg.government-services-data-bureau"),
        ("zh-Hans", "市政务服务办", "市政务服务数据管理局"),
        (
            "en",
            "Dongguan Municipal Government Services Office",
            "Dongguan Municipal Bureau of Government Services and Data Management",
        ),
    ],
)
def test_assignment_card_as_of_names_the_unit_holding_the_duty(
    plan: itk.Plan, lang: str | None, written: str, holder: str
) -> None:
    set_display_language(lang)
    try:
        card = plan.assignments("2020-01-01")._repr_html_()
    finally:
        set_display_language(None)
    assert "<th>held on 2020-01-01 by</th>" in card
    assert f"<td>2.1.4</td><td>{written}</td><td>lead</td><td>{holder}</td>" in card


@pytest.mark.parametrize(
    ("lang", "hover"),
    [
        (None, "Dongguan Development and Reform Bureau<br>1.1 (lead)"),
        ("zh-Hans", "市发改局<br>1.1 (牵头)"),
    ],
)
def test_interactive_graph_follows_the_display_language(
    lang: str | None, hover: str
) -> None:
    plan = itk.parse_plan("一、任務\n1.甲。(市發改局負責)")
    set_display_language(lang)
    try:
        figure = itk.interactive_graph(plan)
    finally:
        set_display_language(None)
    units = next(t for t in figure.data if t.name == "units")
    assert list(units.hovertext) == [hover]


def test_cards_of_a_plan_without_number_title_or_tags_leave_no_empty_fact() -> None:
    plan = itk.parse_plan("一、任務\n1.建立制度。\n2.加強宣傳。", source="notags.txt")
    assert "<h4>notags.txt</h4>" in plan._repr_html_()
    assert "date unknown · 2 tasks · 2 clauses · 0 assignments" in plan._repr_html_()
    facts = repr(plan.assignments()).splitlines()[1]
    assert facts == (
        "date unknown; 0 assignments · 0 clauses · 0 units named · 0 registry units; "
        "roles: none"
    )
