"""Invariants over any text: the parser never crashes, and parses survive JSON."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import integrity_toolkit as itk
from integrity_toolkit.normalisation import normalise

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
        "(1)",
        "①",
        "一是",
        "[",
        "]",
        "〔",
        "〕",
        "牵头单位:",
        "責任單位:",
        "配合",
        "牽頭",
        "參加",
        "唐杰同志",
        ";",
        "(fā)",
        "（",
        "）",
        "：",
        "\u3000",
        "<span>",
        "&nbsp;",
        "您当前位置:首页 > 文件\n",
        "目 录\n",
        "某市人民政府关于印发某方案的通知\n",
        "二〇一七年十一月十五日\n",
        "粵府〔2017140號",
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
        for p in clause.persons:
            assert plan.text[p.span.start : p.span.end] == p.name
    for repair in plan.repairs:
        assert plan.text[repair.span.start : repair.span.end] == repair.as_written


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_normalisation_maps_every_offset_back_into_the_source(text: str) -> None:
    norm = normalise(text)
    assert len(norm.text) <= len(text)
    for i, char in enumerate(norm.text):
        a, b = norm.source_span(i, i + 1)
        assert (b - a, normalise(text[a]).text) == (1, char)
    for change in norm.changes:
        assert text[change.start : change.end] == change.as_written
