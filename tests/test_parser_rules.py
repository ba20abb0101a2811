"""The parser's rules on small inline plans: tags, roles, repairs, refusals."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

import integrity_toolkit as itk
from integrity_toolkit.units import is_collective


def one_task(body: str) -> str:
    return f"二、主要任務\n(一)監督體系\n1.建立機制。{body}\n"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("(市發改局負責)", [("市發改局", "lead")]),
        ("(市發改局、市財政局負責)", [("市發改局", "lead"), ("市財政局", "co")]),
        (
            "(各部門,各園區、鎮街負責)",
            [("各部門", "collective"), ("各園區、鎮街", "collective")],
        ),
        ("(市財政局,有關部門負責)", [("市財政局", "lead"), ("有關部門", "collective")]),
        (
            "(市國資委及相關行業監管部門負責)",
            [("市國資委", "lead"), ("相關行業監管部門", "collective")],
        ),
        (
            "(協調小組成員單位,市文明辦負責)",
            [("協調小組成員單位", "collective"), ("市文明辦", "lead")],
        ),
        ("（市發改局，市財政局負責）", [("市發改局", "lead"), ("市財政局", "co")]),
        (
            "(市人力资源局、各有关部门负责)",
            [("市人力资源局", "lead"), ("各有关部门", "collective")],
        ),
        (
            "(市發改局、市財政局按職責分工分別負責)",
            [("市發改局", "lead"), ("市財政局", "co")],
        ),
    ],
)
def test_tag_units_and_roles(tag: str, expected: list[tuple[str, str]]) -> None:
    plan = itk.parse_plan(one_task(f"加強工作。{tag}"))
    clause = plan.clause("2.1.1")
    assert [(a.unit, a.role.value) for a in clause.assignments] == expected


@pytest.mark.parametrize(
    ("name", "collective"),
    [
        ("各部門", True),
        ("各有關部門", True),
        ("有關部門", True),
        ("相關行業監管部門", True),
        ("各園區、鎮街", True),
        ("市社會信用體系建設統籌協調小組成員單位", True),
        ("市發改局", False),
        ("人行東莞中心支行", False),
    ],
)
def test_is_collective(name: str, collective: bool) -> None:
    assert is_collective(name) is collective


def test_parenthesis_without_responsibility_is_text_not_tag() -> None:
    plan = itk.parse_plan(one_task("建立鎮(村、組)承諾制度。(各園區、鎮街負責)"))
    clause = plan.clause("2.1.1")
    assert clause.text == "建立鎮(村、組)承諾制度。"
    assert [a.unit for a in clause.assignments] == ["各園區、鎮街"]


def test_several_tags_make_several_clauses_with_lettered_ids() -> None:
    plan = itk.parse_plan(
        one_task("甲。(市發改局負責)乙。(市財政局負責)丙(市監委負責)")
    )
    assert [(c.id, c.text, c.lead) for c in plan.task("2.1.1").clauses] == [
        ("2.1.1", "甲。", "市發改局"),
        ("2.1.1-b", "乙。", "市財政局"),
        ("2.1.1-c", "丙", "市監委"),
    ]


def test_unclosed_tag_at_line_end_is_repaired_and_recorded() -> None:
    plan = itk.parse_plan(
        one_task("甲。(市發改局、各部門負責") + "2.下一項。乙。(市財政局負責)"
    )
    assert plan.clause("2.1.1").tag == "(市發改局、各部門負責"
    assert [(r.kind, r.span.line) for r in plan.repairs] == [("tag_unclosed", 3)]
    assert plan.clause("2.1.2").lead == "市財政局"


def test_text_after_last_tag_is_kept_as_untagged_clause() -> None:
    plan = itk.parse_plan(one_task("甲。(市發改局負責)乙要做。"))
    clauses = plan.task("2.1.1").clauses
    assert [(c.id, c.text, c.tag) for c in clauses][1] == ("2.1.1-b", "乙要做。", None)


def test_task_without_tag_keeps_one_clause_without_units() -> None:
    plan = itk.parse_plan(one_task("加強工作。") + "2.另一項。做事。(市發改局負責)")
    clause = plan.clause("2.1.1")
    assert (clause.text, clause.tag, clause.assignments) == ("加強工作。", None, ())


def test_group_without_numbered_tasks_is_a_task() -> None:
    text = (
        "三、保障措施\n(一)加強組織領導\n各部門要重視。(各部門負責)\n"
        "(二)加強協調\n推進。(市發改局負責)"
    )
    plan = itk.parse_plan(text)
    assert [(t.id, t.label, t.heading) for t in plan.tasks] == [
        ("3.1", "三(一)", "加強組織領導"),
        ("3.2", "三(二)", "加強協調"),
    ]


HEADER = "發文日期: 2018-10-08 16:15\n名稱: 某市人民政府關於印發某市工作方案的通知\n"


@pytest.mark.parametrize(
    ("text", "date", "repairs"),
    [
        (HEADER + "某市人民政府\n2018108\n", dt.date(2018, 10, 8), 1),
        ("某市人民政府\n20181231\n", dt.date(2018, 12, 31), 1),
        ("某市人民政府\n2018112\n", None, 0),
        ("某市人民政府\n2018年10月8日\n", dt.date(2018, 10, 8), 0),
        ("某市人民政府\n二〇一七年十一月十五日\n", dt.date(2017, 11, 15), 0),
    ],
)
def test_signature_date_read_or_repaired_only_when_proved(
    text: str, date: dt.date | None, repairs: int
) -> None:
    """2018108 is 10月8日 only with the header's word for it; 2018112 stays unread."""
    plan = itk.parse_plan(text + one_task("甲。(市發改局負責)"))
    assert plan.document.date == date
    assert sum(r.kind == "date_characters" for r in plan.repairs) == repairs


@pytest.mark.parametrize(
    ("cited", "number", "repaired"),
    [
        ("《甲意見》(國發〔2016〕76號)", "國發〔2016〕76號", False),
        ("《甲意見》(國發〔201676號)", "國發〔2016〕76號", True),
        ("《乙方案》（粵府〔2017〕140號）", "粵府〔2017〕140號", False),
    ],
)
def test_cited_document_numbers_are_read_and_repaired(
    cited: str, number: str, repaired: bool
) -> None:
    plan = itk.parse_plan(
        f"為貫徹落實{cited}精神,制定本方案。\n" + one_task("甲。(市發改局負責)")
    )
    assert [c.doc_number for c in plan.document.cited] == [number]
    assert any(r.kind == "doc_number_bracket" for r in plan.repairs) is repaired


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("今天天氣很好,我們去公園散步。", "work plan"),
        ("Lorem ipsum dolor sit amet", "work plan"),
    ],
)
def test_text_that_is_no_plan_is_refused(text: str, message: str) -> None:
    with pytest.raises(itk.NotAPlanError, match=message):
        itk.parse_plan(text, source="x.txt")


def test_not_a_plan_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"x\.txt"):
        itk.parse_plan("", source="x.txt")


def test_site_trailer_after_the_end_is_not_a_clause() -> None:
    plan = itk.parse_plan(one_task("甲。(市發改局負責)") + "掃一掃在手機打開當前頁\n")
    assert [c.id for c in plan.clauses()] == ["2.1.1"]


def test_plan_without_any_tag_warns_that_no_unit_answers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="integrity_toolkit"):
        plan = itk.parse_plan(
            "一、任務\n1.建立制度。\n2.加強宣傳。", source="notags.txt"
        )
    assert [c.assignments for c in plan.clauses()] == [(), ()]
    assert [r.getMessage().split(";")[0] for r in caplog.records] == [
        "notags.txt: none of its 2 clauses ends in a responsibility tag (such as "
        "(市發改局負責) or 牽頭單位：…), so no unit answers for any of them"
    ]
    assert repr(plan) == "<Plan (no number): 2 tasks, 2 clauses, 0 repairs>"
