"""The bundled plan parses to the answer key written by hand from the document."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import integrity_toolkit as itk


def test_document_metadata_matches_answer_key(
    plan: itk.Plan, expected: dict[str, Any]
) -> None:
    doc = plan.document.to_dict()
    for key, value in expected["document"].items():
        if key == "cited":
            got = [{k: c[k] for k in value[0]} for c in doc["cited"]]
            assert got == value
        else:
            assert doc[key] == value, key


def test_parts_and_groups_match_answer_key(
    plan: itk.Plan, expected: dict[str, Any]
) -> None:
    parts = [{"id": p.id, "label": p.label, "heading": p.heading} for p in plan.parts]
    groups = [
        {"id": g.id, "label": g.label, "heading": g.heading, "part_id": g.part_id}
        for g in plan.groups
    ]
    assert parts == expected["parts"]
    assert groups == expected["groups"]


def test_tasks_match_answer_key(plan: itk.Plan, expected: dict[str, Any]) -> None:
    got = [(t.id, t.label, t.heading, t.group_id) for t in plan.tasks]
    want = [
        (t["id"], t["label"], t["heading"], t["group_id"]) for t in expected["tasks"]
    ]
    assert got == want


def test_plan_has_21_main_tasks_and_5_safeguard_measures(plan: itk.Plan) -> None:
    parts = [t.part_id for t in plan.tasks]
    assert (parts.count("2"), parts.count("3")) == (21, 5)


def test_clause_ids_match_answer_key(plan: itk.Plan, expected_clauses: dict) -> None:
    assert [c.id for c in plan.clauses()] == list(expected_clauses)


@pytest.mark.parametrize("field", ["text", "tag", "line", "units"])
def test_every_clause_field_matches_answer_key(
    plan: itk.Plan, expected_clauses: dict, field: str
) -> None:
    """Each clause's text, tag, line and units (in order, with roles), read by hand."""
    for clause in plan.clauses():
        want = expected_clauses[clause.id][field]
        got = {
            "text": clause.text,
            "tag": clause.tag,
            "line": clause.tag_span.line if clause.tag_span else None,
            "units": [
                {"name": a.unit, "role": a.role.value} for a in clause.assignments
            ],
        }[field]
        assert got == want, clause.id


def test_counts_match_answer_key(plan: itk.Plan, expected: dict[str, Any]) -> None:
    frame = plan.assignments()
    roles = frame["role"].value_counts()
    counts = expected["counts"]
    assert len(plan.parts) == counts["parts"]
    assert len(plan.groups) == counts["groups"]
    assert len(plan.tasks) == counts["tasks"]
    assert len(list(plan.clauses())) == counts["clauses"]
    assert len(frame) == counts["assignments"]
    assert roles["lead"] == counts["lead_assignments"]
    assert roles["co"] == counts["co_assignments"]
    assert roles["collective"] == counts["collective_assignments"]


def test_credit_file_target_matches_answer_key(
    plan: itk.Plan, expected: dict[str, Any]
) -> None:
    got = [
        {k: v for k, v in t.to_dict().items() if k in expected["targets"][0]}
        for t in plan.targets
    ]
    assert got == expected["targets"]


def test_repairs_match_answer_key(plan: itk.Plan, expected: dict[str, Any]) -> None:
    got = [
        {
            "kind": r.kind,
            "line": r.span.line,
            "as_written": r.as_written,
            "repaired": r.repaired,
        }
        for r in plan.repairs
    ]
    assert got == expected["repairs"]


def test_every_item_points_back_to_its_source_text(plan: itk.Plan) -> None:
    """Offsets and lines of clauses, tags, units and targets lead to the same text."""
    lines = plan.text.split("\n")
    for clause in plan.clauses():
        assert plan.text[clause.span.start : clause.span.end] == clause.text
        assert clause.tag_span is not None
        tag_text = plan.text[clause.tag_span.start : clause.tag_span.end]
        assert tag_text == clause.tag
        assert lines[clause.tag_span.line - 1][clause.tag_span.column - 1 :].startswith(
            clause.tag
        )
        for a in clause.assignments:
            assert plan.text[a.span.start : a.span.end] == a.unit
    for target in plan.targets:
        assert plan.text[target.span.start : target.span.end] == target.text


def test_simplified_copy_parses_to_same_structure(
    plan: itk.Plan, hans_plan: itk.Plan, to_hans: Any
) -> None:
    """OpenCC's simplified copy gives the same ids, units (in its script) and roles."""

    def shape(p: itk.Plan, convert: Any = str) -> list[Any]:
        return [
            (c.id, [(convert(a.unit), a.role) for a in c.assignments])
            for c in p.clauses()
        ]

    assert shape(hans_plan) == shape(plan, to_hans)
    assert [t.id for t in hans_plan.tasks] == [t.id for t in plan.tasks]
    assert [r.kind for r in hans_plan.repairs] == [r.kind for r in plan.repairs]
    assert hans_plan.document.doc_number == "东府〔2018〕124号"
    assert hans_plan.document.date == plan.document.date
    assert [t.clause_id for t in hans_plan.targets] == ["2.2.3-c"]


def test_simplified_copy_keeps_names_as_written(hans_plan: itk.Plan) -> None:
    assert hans_plan.clause("2.1.1").lead == "市发改局"


def test_load_plan_without_path_parses_bundled_plan() -> None:
    plan = itk.load_plan()
    assert plan.document.doc_number == "東府〔2018〕124號"
    assert plan.source == "dongguan-2018-124.zh-Hant.txt"


def test_bundled_plan_flaws_are_info_a_users_copy_warns(
    plan_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The four flaws (date characters, two document-number brackets, the tag
    of line 49) are summed up once; a warning only for a plan the user brings."""
    from integrity_toolkit import bundled

    bundled._bundled_plan.cache_clear()
    with caplog.at_level(logging.INFO, logger="integrity_toolkit"):
        itk.load_plan()
        itk.parse_plan(plan_text, source="mine.txt")
    summaries = [
        (r.levelname, r.getMessage().split(":")[0])
        for r in caplog.records
        if "read past 4 flaws in the text" in r.getMessage()
    ]
    assert summaries == [
        ("INFO", "dongguan-2018-124.zh-Hant.txt"),
        ("WARNING", "mine.txt"),
    ]
