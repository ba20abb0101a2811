"""The columns of a progress return, as the template writes them and import reads them.

Headers are matched after folding width, case, spaces and bracketed notes,
so ``完成百分比（%）``, ``完成百分比`` and ``Percent`` all name one column;
simplified and English headers are read too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["RETURN_COLUMNS", "ReturnColumn", "column_for_header"]


@dataclass(frozen=True, slots=True)
class ReturnColumn:
    """One column of a return: its key, header, other names, and how it is filled."""

    key: str
    header: str
    aliases: tuple[str, ...]
    required: bool
    editable: bool
    width: int
    note: str


#: The columns of a return, in the template's order.
RETURN_COLUMNS: tuple[ReturnColumn, ...] = (
    ReturnColumn(
        "unit",
        "填報單位",
        ("单位", "單位", "填报单位", "unit"),
        True,
        False,
        16,
        "the unit sending the return",
    ),
    ReturnColumn(
        "period",
        "報告期",
        ("报告期", "period"),
        True,
        False,
        9,
        "the quarter reported on, e.g. 2019Q4",
    ),
    ReturnColumn(
        "clause_id",
        "條款編號",
        ("条款编号", "編號", "编号", "clause id"),
        True,
        False,
        10,
        "the clause's id in the plan",
    ),
    ReturnColumn(
        "role",
        "責任類型",
        ("责任类型", "角色", "role"),
        False,
        False,
        10,
        "lead 牽頭, co 共同負責, support 配合, collective: 代各單位填報",
    ),
    ReturnColumn(
        "clause_text",
        "條款內容",
        ("条款内容", "clause text", "text"),
        False,
        False,
        60,
        "the clause as the plan words it",
    ),
    ReturnColumn(
        "status",
        "完成狀態",
        ("完成状态", "狀態", "状态", "status"),
        True,
        True,
        12,
        "one of the drop-down list",
    ),
    ReturnColumn(
        "percent",
        "完成百分比(%)",
        ("完成百分比", "完成比例", "進度", "进度", "percent"),
        False,
        True,
        12,
        "0-100; 80, 80% and 0.8 all read as 80; a bare 1 is 1%",
    ),
    ReturnColumn(
        "completed_on",
        "完成日期",
        ("completed on", "完成时间", "完成時間"),
        False,
        True,
        12,
        "when it was done, year first, e.g. 2019-12-31",
    ),
    ReturnColumn(
        "evidence",
        "工作進展及佐證",
        ("工作进展及佐证", "工作進展", "工作进展", "evidence"),
        False,
        True,
        40,
        "what was done, with document numbers",
    ),
    ReturnColumn(
        "evidence_links",
        "佐證鏈接",
        ("佐证链接", "鏈接", "链接", "links"),
        False,
        True,
        24,
        "web links to the evidence, one per line",
    ),
    ReturnColumn(
        "next_steps",
        "下一步計劃",
        ("下一步计划", "next steps"),
        False,
        True,
        30,
        "what comes next",
    ),
    ReturnColumn(
        "problems",
        "存在問題",
        ("存在问题", "problems"),
        False,
        True,
        30,
        "problems met",
    ),
    ReturnColumn(
        "reporter",
        "填報人",
        ("填报人", "reporter"),
        False,
        True,
        10,
        "who filled in the row",
    ),
)

_BRACKETED = re.compile(r"\(.*?\)")


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s_]+", "", _BRACKETED.sub("", folded))


_BY_NAME = {
    _fold(name): column
    for column in RETURN_COLUMNS
    for name in (column.header, column.key, *column.aliases)
}


def column_for_header(header: object) -> ReturnColumn | None:
    """The return column a header names, or None for a column of no meaning here.

    Parameters
    ----------
    header : object
        A header cell's value: the column's Chinese header or one of its other
        names (case, width, spaces and bracketed notes do not matter); a cell
        that is not text gives None.

    Examples
    --------
    >>> [column_for_header(h).key for h in ("完成百分比（%）", "条款编号", "Status")]
    ['percent', 'clause_id', 'status']
    >>> column_for_header("備註") is None
    True
    """
    if not isinstance(header, str):
        return None
    return _BY_NAME.get(_fold(header))
