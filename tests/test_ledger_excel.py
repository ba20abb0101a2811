"""The Excel round trip: templates out, returns in, bad returns refused whole."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import integrity_toolkit as itk
from integrity_toolkit.errors import LedgerError, ReturnError
from integrity_toolkit.ledger import (
    Ledger,
    import_returns,
    read_return,
    write_problems_workbook,
    write_template,
)
from integrity_toolkit.ledger.excel import MAX_FILE_BYTES
from integrity_toolkit.ledger.roster import COORDINATION_OFFICE
from integrity_toolkit.ledger.validation import RawRow, validate_rows

HR = "市人力資源局"
# 市人力資源局's clauses in 東府〔2018〕124號, in document order, read from the
# tags that name it: lead where it is named first, co where it follows.
HR_CLAUSES = [
    ("2.2.2", "lead"),
    ("2.2.3", "co"),
    ("2.2.3-c", "lead"),
    ("2.2.4-c", "lead"),
    ("2.2.5", "co"),
    ("2.2.7-c", "lead"),
]
ROW_OF = {clause: row for row, (clause, _) in enumerate(HR_CLAUSES, start=2)}
FILLED = {"完成狀態": "實質進展", "完成百分比(%)": 60, "填報人": "張三"}


@pytest.fixture
def ledger(tmp_path: Path, plan: itk.Plan) -> Ledger:
    return Ledger(tmp_path / "ledger.sqlite", plan=plan)


@pytest.fixture
def template(ledger: Ledger, tmp_path: Path) -> Path:
    return write_template(ledger, HR, "2019Q4", tmp_path)


def columns(sheet: Any) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def fill(path: Path, answers: dict[str, dict[str, Any]], sheet: str = "填報") -> Path:
    """Write answers into a return: {clause id: {header: value}}."""
    book = load_workbook(path)
    page = book[sheet]
    where = columns(page)
    for row in range(2, page.max_row + 1):
        clause = page.cell(row, where["條款編號"]).value
        for header, value in answers.get(clause, {}).items():
            page.cell(row, where[header]).value = value
    book.save(path)
    return path


def problems_of(ledger: Ledger, path: Path) -> list[tuple[Any, ...]]:
    with pytest.raises(ReturnError) as caught:
        import_returns(ledger, [path])
    return [(p.row, p.column, p.problem) for p in caught.value.problems]


def imported(ledger: Ledger, path: Path) -> dict[str, dict[str, Any]]:
    import_returns(ledger, [path])
    current = ledger.current()
    return current.set_index("clause_id").to_dict("index")


# Templates -----------------------------------------------------------------


def test_template_lists_unit_clauses_roles_and_text(template: Path) -> None:
    book = load_workbook(template)
    assert book.sheetnames == ["填報", "選項", "填報說明"]
    page = book["填報"]
    where = columns(page)
    rows = [
        (page.cell(r, where["條款編號"]).value, page.cell(r, where["責任類型"]).value)
        for r in range(2, page.max_row + 1)
    ]
    assert rows == HR_CLAUSES
    assert {page.cell(r, where["填報單位"]).value for r in range(2, 8)} == {HR}
    assert {page.cell(r, where["報告期"]).value for r in range(2, 8)} == {"2019Q4"}
    text = page.cell(ROW_OF["2.2.3-c"], where["條款內容"]).value
    assert text.startswith("建立公務員誠信檔案,到2020年,公務員信用檔案覆蓋率達到100%")


def test_template_locks_ids_offers_status_list_on_hidden_sheet(template: Path) -> None:
    book = load_workbook(template)
    page = book["填報"]
    where = columns(page)
    assert page.protection.sheet is True
    assert page.cell(2, where["條款編號"]).protection.locked is True
    assert page.cell(2, where["完成狀態"]).protection.locked is False
    options = book["選項"]
    assert options.sheet_state == "hidden"
    assert [options.cell(r, 1).value for r in range(2, 6)] == [
        "未啟動",
        "有限進展",
        "實質進展",
        "已完成",
    ]
    lists = [v for v in page.data_validations.dataValidation if v.type == "list"]
    assert lists[0].formula1 == "'選項'!$A$2:$A$5"
    assert str(lists[0].sqref) == "F2:F7"


def test_template_instructions_in_chinese(template: Path) -> None:
    sheet = load_workbook(template)["填報說明"]
    lines = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert lines[0].endswith("工作台賬填報說明")
    assert f"填報單位:{HR}" in lines
    assert "報告期:2019Q4(2019-10-01至2019-12-31)" in lines
    assert any("留空表示本期未報送" in line for line in lines)
    assert any("年份在後的日期會被退回" in line for line in lines)
    assert any("只填1表示1%" in line for line in lines)


def test_template_office_answers_for_collective_actors(
    ledger: Ledger, tmp_path: Path
) -> None:
    """2.2.3 names 各有關部門 and 各園區、鎮街: the office answers for both, once."""
    path = write_template(ledger, COORDINATION_OFFICE, "2019Q4", tmp_path)
    page = load_workbook(path)["填報"]
    where = columns(page)
    roles = {
        page.cell(r, where["條款編號"]).value: page.cell(r, where["責任類型"]).value
        for r in range(2, page.max_row + 1)
    }
    assert roles["2.2.3"] == "collective:各有關部門、各園區、鎮街"
    assert "2.2.3-c" not in roles  # 市人力資源局 alone
    assert not (tmp_path / "2019Q4_各部門.xlsx").exists()


@pytest.mark.parametrize("unit", ["市教育局", "市發展局"])
def test_template_unit_without_clauses_refused(
    ledger: Ledger, tmp_path: Path, unit: str
) -> None:
    with pytest.raises(LedgerError, match=r"answers for no clause.*市發改局"):
        write_template(ledger, unit, "2019Q4", tmp_path)


@pytest.mark.parametrize("unit", ["各部門", "各園區、鎮街"])
def test_template_collective_actor_refused_names_office_template(
    ledger: Ledger, tmp_path: Path, unit: str
) -> None:
    office = COORDINATION_OFFICE
    with pytest.raises(LedgerError) as caught:
        write_template(ledger, unit, "2019Q4", tmp_path)
    assert str(caught.value) == (
        f"{unit!r} answers for no clause itself: it is a collective actor, and "
        f"{office} answers for it; write the office's template "
        f"2019Q4_{office}.xlsx with --unit {office}"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "ledger.sqlite"]


@pytest.mark.parametrize("unit", ["市發改局", "市发改局", "東莞市發展和改革局"])
def test_template_unit_any_registry_name_gives_plan_spelling(
    ledger: Ledger, tmp_path: Path, unit: str
) -> None:
    path = write_template(ledger, unit, "2019Q4", tmp_path)
    assert path.name == "2019Q4_市發改局.xlsx"
    assert load_workbook(path)["填報"]["A2"].value == "市發改局"


def test_template_unit_gone_by_period_warns_with_successor(
    ledger: Ledger, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """市工商局 merged into 市市場監督管理局 on 2019-02-15 (the registry)."""
    write_template(ledger, "市工商局", "2019Q4", tmp_path)
    assert "市工商局 was gone by the end of 2019Q4" in caplog.text
    assert "answered for by 市市場監督管理局" in caplog.text


# The round trip ----------------------------------------------------------------


def test_import_filled_return_lands_in_state(ledger: Ledger, template: Path) -> None:
    fill(
        template,
        {"2.2.3-c": FILLED, "2.2.2": {"完成狀態": "已完成", "完成百分比(%)": 100}},
    )
    results = import_returns(ledger, [template])
    assert [(r.added, r.unchanged) for r in results] == [(2, 0)]
    state = ledger.state(as_of=dt.date(2019, 12, 31)).set_index(["unit", "clause_id"])
    assert state.loc[(HR, "2.2.3-c"), "completion"] == "substantial"
    assert state.loc[(HR, "2.2.2"), "completion"] == "complete"
    assert state.loc[(HR, "2.2.4-c"), "completion"] == "no_report"
    stored = ledger.entries().set_index("clause_id").loc["2.2.3-c"]
    assert (stored["source_sheet"], stored["source_row"]) == ("填報", 4)
    assert stored["source_file"] == str(template)
    assert stored["role"] == "lead"
    assert len(stored["content_hash"]) == 64


def test_import_same_file_twice_changes_nothing(ledger: Ledger, template: Path) -> None:
    fill(template, {"2.2.3-c": FILLED})
    import_returns(ledger, [template])
    before = ledger.entries()
    again = import_returns(ledger, [template])
    assert again[0].already_imported
    assert ledger.entries().equals(before)
    assert len(ledger.imports()) == 1


@pytest.mark.parametrize(
    ("value", "number_format"),
    [
        (80, "General"),
        ("80%", "General"),
        (0.8, "General"),
        (0.8, "0%"),
        ("８０", "General"),
        ("８０％", "General"),
        ("0.8", "@"),
    ],
)
def test_import_percent_forms_read_as_80(
    ledger: Ledger, template: Path, value: Any, number_format: str
) -> None:
    fill(template, {"2.2.3-c": {"完成狀態": "實質進展", "完成百分比(%)": value}})
    book = load_workbook(template)
    book["填報"].cell(ROW_OF["2.2.3-c"], 7).number_format = number_format
    book.save(template)
    assert imported(ledger, template)["2.2.3-c"]["percent"] == 80.0


def returned_with(
    template: Path, status: str, percent: Any, number_format: str
) -> Path:
    """2.2.3-c answered with a status and a percent in a cell of that format."""
    fill(template, {"2.2.3-c": {"完成狀態": status, "完成百分比(%)": percent}})
    book = load_workbook(template)
    book["填報"].cell(ROW_OF["2.2.3-c"], 7).number_format = number_format
    book.save(template)
    return template


@pytest.mark.parametrize(
    ("status", "percent", "number_format", "expected"),
    [
        # A cell formatted as a percent holds a fraction: 1 shows as 100%.
        ("已完成", 1, "0%", 100.0),
        ("已完成", "100%", "General", 100.0),
        # 1% is in the band of 有限進展 (1-49): the bare 1 agrees with it.
        ("有限進展", 1, "General", 1.0),
        # Fractions below 1 read as fractions where the status agrees.
        ("有限進展", 0.3, "General", 30.0),
        ("實質進展", 0.5, "General", 50.0),
    ],
)
def test_import_bare_fraction_status_agrees_read(
    ledger: Ledger,
    template: Path,
    status: str,
    percent: Any,
    number_format: str,
    expected: float,
) -> None:
    returned_with(template, status, percent, number_format)
    assert imported(ledger, template)["2.2.3-c"]["percent"] == expected


_ONE = " could be 1% or 100%, and is read as 1%, which does not match the status "
_ONE_FIX = "write 100% with the percent sign, or 1% and change the status"


@pytest.mark.parametrize(
    ("status", "percent", "number_format", "problem", "fix"),
    [
        ("已完成", 1, "General", "'1'" + _ONE + "已完成", _ONE_FIX),
        ("已完成", "1", "@", "'1'" + _ONE + "已完成", _ONE_FIX),
        ("已完成", "１", "General", "'１'" + _ONE + "已完成", _ONE_FIX),
        (
            "有限進展",
            0.5,
            "General",
            "'0.5' could be 0.5% or 50%, and is read as 50%, which does not match "
            "the status 有限進展",
            "write 0.5% with the percent sign, or 50% and change the status",
        ),
        # Neither 1% nor 100% is 未啟動 (0): no two readings, a plain mismatch.
        (
            "未啟動",
            1,
            "General",
            "the percent does not match the status not_started",
            "未啟動 is 0, 有限進展 1-49, 實質進展 50-99, 已完成 100; change the "
            "status or the percent",
        ),
    ],
)
def test_import_bare_fraction_status_disagrees_refused_with_fix(
    ledger: Ledger,
    template: Path,
    status: str,
    percent: Any,
    number_format: str,
    problem: str,
    fix: str,
) -> None:
    returned_with(template, status, percent, number_format)
    with pytest.raises(ReturnError) as caught:
        import_returns(ledger, [template])
    [found] = caught.value.problems
    assert (found.sheet, found.row, found.column) == ("填報", 4, "完成百分比(%)")
    assert (found.problem, found.fix) == (problem, fix)
    assert ledger.entries().empty


@pytest.mark.parametrize(
    "value",
    [
        43830,
        dt.datetime(2019, 12, 31),
        "2019-12-31",
        "2019/12/31",
        "2019年12月31日",
        "２０１９年１２月３１日",
        "20191231",
        "2019.12.31",
        "二〇一九年十二月三十一日",
        "二零一九年十二月卅一日",
        "2019年十二月三十一日",
    ],
)
def test_import_date_forms_read_as_2019_12_31(
    ledger: Ledger, template: Path, value: Any
) -> None:
    """43830 is Excel's serial for 2019-12-31 (43831 is 2020-01-01)."""
    answer = {"完成狀態": "已完成", "完成百分比(%)": 100, "完成日期": value}
    fill(template, {"2.2.3-c": answer})
    assert imported(ledger, template)["2.2.3-c"]["completed_on"] == dt.date(
        2019, 12, 31
    )


def test_import_blank_rows_and_unanswered_rows_skipped(
    ledger: Ledger, template: Path
) -> None:
    fill(template, {"2.2.3-c": FILLED})
    book = load_workbook(template)
    page = book["填報"]
    page.insert_rows(3, amount=2)  # two blank rows inside the table
    page.append([None] * 13)
    book.save(template)
    rows = imported(ledger, template)
    assert list(rows) == ["2.2.3-c"]
    assert rows["2.2.3-c"]["source_row"] == 6


def test_import_merged_cells_fill_every_row_they_cover(
    ledger: Ledger, template: Path
) -> None:
    """Status and reporter merged down rows 4-5 answer for 2.2.3-c and 2.2.4-c."""
    book = load_workbook(template)
    page = book["填報"]
    page["F4"], page["G4"], page["M4"] = "實質進展", 60, "張三"
    page.merge_cells("F4:F5")
    page.merge_cells("M4:M5")
    page.merge_cells("A2:A7")  # the unit, written once
    book.save(template)
    rows = imported(ledger, template)
    assert sorted(rows) == ["2.2.3-c", "2.2.4-c"]
    assert rows["2.2.4-c"]["completion"] == "substantial"
    assert rows["2.2.4-c"]["reporter"] == "張三"
    assert rows["2.2.4-c"]["unit"] == HR


def test_import_extra_renamed_columns_and_sheets(
    ledger: Ledger, template: Path
) -> None:
    """A simplified header, an extra column, a renamed sheet and an extra sheet."""
    fill(template, {"2.2.3-c": FILLED})
    book = load_workbook(template)
    page = book["填報"]
    page.title = "Sheet1"
    page["C1"] = "条款编号"
    page["N1"], page["N4"] = "備註", "見附件"
    book.create_sheet("說明二").append(["隨便寫的", "表格"])
    book.save(template)
    rows = imported(ledger, template)
    assert list(rows) == ["2.2.3-c"]
    assert rows["2.2.3-c"]["source_sheet"] == "Sheet1"


def test_import_renamed_required_column_refused(ledger: Ledger, template: Path) -> None:
    fill(template, {"2.2.3-c": FILLED})
    book = load_workbook(template)
    book["填報"]["B1"] = "期間情況"
    book.save(template)
    assert problems_of(ledger, template) == [(1, "報告期", "no column 報告期")]


# Bad returns: refused whole, every problem listed --------------------------------


_OUTSIDE_PLAN = "the period is outside 2018Q4-2020Q4, the quarters a return can "
_OUTSIDE_PLAN += "report on"
_AFTER_Q4 = "the completion date is after 2019-12-31, the end of the period reported on"
_YEAR_LAST = "puts the year last, which returns do not use (day and month are too "
_YEAR_LAST += "easily swapped)"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"2.2.3-c": {**FILLED, "條款編號": "2.2.9"}},
            (4, "條款編號", "no clause of this id in the plan"),
        ),
        (
            {"2.2.3-c": {**FILLED, "條款編號": "2.1.1"}},
            (4, "條款編號", f"{HR} has no role in clause 2.1.1"),
        ),
        (
            {"2.2.3-c": {**FILLED, "填報單位": "市教育局"}},
            (4, "填報單位", "no unit of this name answers for any clause"),
        ),
        (
            {"2.2.3-c": {**FILLED, "完成百分比(%)": 120}},
            (4, "完成百分比(%)", "the percent is outside 0-100"),
        ),
        (
            {"2.2.3-c": {**FILLED, "完成百分比(%)": 30}},
            (4, "完成百分比(%)", "the percent does not match the status substantial"),
        ),
        (
            {"2.2.3-c": {**FILLED, "完成狀態": "差不多"}},
            (4, "完成狀態", "'差不多' is not a completion state"),
        ),
        (
            {"2.2.3-c": {**FILLED, "完成日期": "31/12/2019"}},
            (4, "完成日期", f"'31/12/2019' {_YEAR_LAST}"),
        ),
        (
            {"2.2.3-c": {"完成百分比(%)": 60}},
            (4, "完成狀態", "the row has content but no status"),
        ),
        (
            {"2.2.3-c": {**FILLED, "報告期": "2019年底"}},
            (4, "報告期", "'2019年底' is not a reporting period"),
        ),
        (
            {"2.2.3-c": {**FILLED, "完成百分比(%)": "八成"}},
            (4, "完成百分比(%)", "'八成' is not a percent"),
        ),
        # The plan runs from its signature (2018-10-08, 2018Q4) to its 2020
        # targets (2020Q4); the template was written for 2019Q4.
        (
            {"2.2.3-c": {**FILLED, "報告期": "2031Q1"}},
            (4, "報告期", _OUTSIDE_PLAN),
        ),
        (
            {"2.2.3-c": {**FILLED, "報告期": "2018Q3"}},
            (4, "報告期", _OUTSIDE_PLAN),
        ),
        (
            {"2.2.3-c": {**FILLED, "報告期": "2020Q1"}},
            (4, "報告期", "the return is for 2019Q4, not 2020Q1"),
        ),
        (
            {"2.2.3-c": {**FILLED, "完成日期": "2030-01-01"}},
            (4, "完成日期", _AFTER_Q4),
        ),
        # 市監委 leads 2.2.3 (a row of its own return), but this is HR's return.
        (
            {"2.2.3": {**FILLED, "填報單位": "市監委"}},
            (3, "填報單位", f"the return is {HR}'s, not 市監委's"),
        ),
    ],
)
def test_import_bad_value_refused_with_position(
    ledger: Ledger, template: Path, answers: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    fill(template, {"2.2.2": FILLED, **answers})
    assert problems_of(ledger, template) == [expected]
    assert ledger.entries().empty  # the good row of 2.2.2 did not land either


_YEAR_FIRST_FIX = "write it year first, as 2019-12-31 or 2019年12月31日"


@pytest.mark.parametrize(
    ("written", "problem", "fix"),
    [
        # 31 is no month: one reading only, refused all the same.
        ("12/31/2019", f"'12/31/2019' {_YEAR_LAST}", _YEAR_FIRST_FIX),
        ("31.12.2019", f"'31.12.2019' {_YEAR_LAST}", _YEAR_FIRST_FIX),
        # 1 December if 01 is the day, 12 January if it is the month.
        (
            "01/12/2019",
            "'01/12/2019' puts the year last and could be either of two dates",
            "write 2019-12-01 if 01 is the day or write 2019-01-12 if 01 is the month",
        ),
        # December has 31 days.
        (
            "二〇一九年十二月三十二日",
            "'二〇一九年十二月三十二日' is not a date",
            "write the date year first, as 2019-12-31 or 2019年12月31日",
        ),
    ],
)
def test_import_date_year_last_refused_with_date_to_write(
    ledger: Ledger, template: Path, written: str, problem: str, fix: str
) -> None:
    answer = {"完成狀態": "已完成", "完成百分比(%)": 100, "完成日期": written}
    fill(template, {"2.2.3-c": answer})
    with pytest.raises(ReturnError) as caught:
        import_returns(ledger, [template])
    [found] = caught.value.problems
    where = (found.file, found.sheet, found.row, found.column, found.value)
    assert where == (str(template), "填報", 4, "完成日期", written)
    assert (found.problem, found.fix) == (problem, fix)


def test_import_completed_on_period_end_accepted(
    ledger: Ledger, template: Path
) -> None:
    done = {**FILLED, "完成狀態": "已完成", "完成百分比(%)": 100}
    fill(template, {"2.2.3-c": {**done, "完成日期": "2019-12-31"}})
    assert imported(ledger, template)["2.2.3-c"]["completed_on"] == dt.date(
        2019, 12, 31
    )


def test_import_return_without_template_marks_one_unit_one_period(
    ledger: Ledger, template: Path
) -> None:
    """A workbook that does not record its unit and period (the hidden sheet's
    marks removed) must still speak for one: that of its first answered row."""
    fill(template, {"2.2.2": FILLED, "2.2.3-c": {**FILLED, "報告期": "2019Q3"}})
    book = load_workbook(template)
    book["選項"]["E1"] = None
    book.save(template)
    assert problems_of(ledger, template) == [
        (4, "報告期", "the return is for 2019Q4, not 2019Q3")
    ]


def test_import_duplicate_clause_refused(ledger: Ledger, template: Path) -> None:
    fill(template, {"2.2.3-c": FILLED, "2.2.4-c": {**FILLED, "條款編號": "2.2.3-c"}})
    assert problems_of(ledger, template) == [
        (5, "條款編號", "the clause appears twice for this period")
    ]


def test_import_collects_every_problem_with_fix(ledger: Ledger, template: Path) -> None:
    fill(
        template,
        {
            "2.2.2": {**FILLED, "完成百分比(%)": 150},
            "2.2.3-c": {**FILLED, "條款編號": "9.9.9"},
            "2.2.7-c": {**FILLED, "完成狀態": "??"},
        },
    )
    with pytest.raises(ReturnError, match="1 return") as caught:
        import_returns(ledger, [template])
    problems = caught.value.problems
    assert sorted(p.row for p in problems if p.row) == [2, 4, 7]
    assert all(p.fix and p.file == str(template) for p in problems)
    frame = caught.value.frame()
    assert list(frame.columns) == [
        "file",
        "sheet",
        "row",
        "column",
        "value",
        "problem",
        "fix",
    ]
    out = write_problems_workbook(problems, template.parent / "errors.xlsx")
    sheet = load_workbook(out)["問題清單"]
    assert [c.value for c in sheet[1]] == [
        "文件",
        "工作表",
        "行",
        "欄",
        "填寫內容",
        "問題",
        "修改方法",
    ]
    assert sheet.max_row == 1 + len(problems)


def test_import_formula_without_saved_result_refused(
    ledger: Ledger, template: Path
) -> None:
    fill(template, {"2.2.3-c": {**FILLED, "完成百分比(%)": "=50+10"}})
    assert problems_of(ledger, template) == [
        (4, "完成百分比(%)", "a formula with no saved result")
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"unit,clause\n", "not an Excel workbook (.xlsx)"),
        (b"", "not an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old Excel (.xls) file"),
        (b"PK\x03\x04 broken zip", "not an Excel workbook (.xlsx)"),
    ],
)
def test_import_not_a_workbook_refused(
    ledger: Ledger, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    assert problems_of(ledger, path) == [(None, None, problem)]


def test_import_workbook_without_return_sheet_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = tmp_path / "other.xlsx"
    book = Workbook()
    book.worksheets[0].append(["姓名", "電話"])
    book.save(path)
    assert problems_of(ledger, path) == [
        (None, None, "no sheet has the columns 條款編號 and 完成狀態")
    ]


def test_read_return_huge_file_refused_unread(template: Path) -> None:
    size = template.stat().st_size
    read = read_return(template, max_bytes=size - 1)
    assert read.rows == ()
    assert read.problems[0].problem.startswith(f"the file is {size} bytes")


def test_read_return_too_many_rows_refused(template: Path) -> None:
    book = load_workbook(template)
    book["填報"].cell(60, 1).value = "x"
    book.save(template)
    read = read_return(template, max_rows=50)
    assert [p.problem for p in read.problems] == [
        "the sheet has 60 rows, over the limit of 50"
    ]


def test_import_one_bad_file_does_not_stop_a_good_one(
    ledger: Ledger, template: Path, tmp_path: Path
) -> None:
    good = fill(template, {"2.2.3-c": FILLED})
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(ReturnError) as caught:
        import_returns(ledger, [bad, good])
    assert [r.added for r in caught.value.results] == [1]
    assert {p.file for p in caught.value.problems} == {str(bad)}


def test_import_killed_mid_transaction_leaves_store_as_it_was(
    store: str, plan: itk.Plan, tmp_path: Path
) -> None:
    """SIGKILL after the rows are written, before commit: nothing lands."""
    ledger = Ledger(store, plan=plan)
    first = fill(write_template(ledger, HR, "2019Q3", tmp_path), {"2.2.3-c": FILLED})
    import_returns(ledger, [first])
    before = (ledger.entries(), ledger.imports())
    second = fill(
        write_template(ledger, HR, "2019Q4", tmp_path),
        {c: FILLED for c, _ in HR_CLAUSES if c != "2.2.2"},
    )
    command = [
        sys.executable,
        "-m",
        "integrity_toolkit",
        "ledger",
        "import",
        "-q",
        str(second),
        "--store",
        store,
    ]
    env = {**os.environ, "INTEGRITY_TOOLKIT_LEDGER_KILL_POINT": "before-commit"}
    ledger.engine.dispose()
    killed = subprocess.run(command, env=env, capture_output=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = Ledger(store, plan=plan)
    assert after.entries().equals(before[0])
    assert after.imports().equals(before[1])
    assert [r.added for r in import_returns(after, [second])] == [5]


def test_read_return_over_default_limit_refused_unread(tmp_path: Path) -> None:
    """A (sparse) file one byte over the 20 MiB limit is refused before reading."""
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    read = read_return(path)
    assert [p.problem for p in read.problems] == [
        f"the file is {MAX_FILE_BYTES + 1} bytes, over the limit of {MAX_FILE_BYTES}"
    ]


def test_read_return_zip_bomb_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "0" * 2_000_000)
    read = read_return(path, max_bytes=100_000)
    assert read.problems[0].problem == (
        "the workbook unpacks to 2000000 bytes, over the limit"
    )


_cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-(10**6), 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(lambda d: dt.datetime(d.year, d.month, d.day)),
)


@settings(max_examples=150, deadline=None)
@given(status=_cells, percent=_cells, completed=_cells, period=_cells, clause=_cells)
def test_validate_rows_any_cell_gives_entries_or_problems(
    roster: Any, status: Any, percent: Any, completed: Any, period: Any, clause: Any
) -> None:
    """No cell content crashes the checks: a row lands, or it has problems."""
    values = {
        "unit": HR,
        "clause_id": clause,
        "period": period,
        "status": status,
        "percent": percent,
        "completed_on": completed,
    }
    raw = RawRow("r.xlsx", "填報", 4, values, {}, {})
    entries, problems = validate_rows([raw], roster)
    assert (len(entries), bool(problems)) in {(1, False), (0, True)}
    assert all(p.row == 4 and p.fix for p in problems)
