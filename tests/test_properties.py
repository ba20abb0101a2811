"""Invariants over any text: the parser never crashes, and parses survive JSON."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import integrity_toolkit as itk

PIECES = st.sampled_from(
    [
        "一、",
        "二、主要任務\n",
        "(一)",
        "1.",
        "2、",
        "。",
        "(",
        ")",
        "負責",
        "负责",
        "、",
        ",",
        "市發改局",
        "各部門",
        "各園區、鎮街",
        "\n",
        " ",
        "\xa0",
        "〔2018〕",
        "2018108\n",
        "《方案》(國發〔201676號)",
        "到2020年,覆蓋率達到100%",
        "發文日期: 2018-10-08",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(PIECES | st.text(max_size=5), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_parser_never_crashes_on_any_text(text: str) -> None:
    try:
        plan = itk.parse_plan(text)
    except itk.NotAPlanError:
        return
    data = plan.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    for clause in plan.clauses():
        assert plan.text[clause.span.start : clause.span.end] == clause.text
        for a in clause.assignments:
            assert plan.text[a.span.start : a.span.end] == a.unit
