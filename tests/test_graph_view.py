"""The interactive graph: what a notebook front end or an export receives."""

from __future__ import annotations

import base64
from typing import Any

import pytest

import integrity_toolkit as itk
from integrity_toolkit import charts
from integrity_toolkit.graph_view import PLOTLY_MIME, GraphFigure

TWO_PARTS = "一、任務\n1.甲。(市發改局負責)\n二、保障\n1.乙。(市財政局、市發改局負責)"


def test_bundled_plan_graph_carries_interactive_view_drawing_and_summary(
    plan: itk.Plan, expected_clauses: dict[str, Any]
) -> None:
    """26 tasks (21 main tasks and 5 safeguards), one unit per distinct name
    in the tags, and 101 (clause, unit) pairs: 24 lead, 28 co, 49 collective."""
    units = {u["name"] for c in expected_clauses.values() for u in c["units"]}
    bundle = itk.interactive_graph(plan, "en")._repr_mimebundle_()
    assert set(bundle) == {PLOTLY_MIME, "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    traces = {t["name"] for t in bundle[PLOTLY_MIME]["data"]}
    assert {"tasks", "units", "lead", "co", "collective"} <= traces
    assert bundle["text/plain"] == (
        f"Responsibility graph: 26 tasks, {len(units)} units, 101 assignments"
    )


def test_summary_counts_in_the_singular_and_in_chinese() -> None:
    one = itk.parse_plan("一、任務\n1.甲。(市發改局負責)")
    assert itk.interactive_graph(one, "en").summary() == (
        "Responsibility graph: 1 task, 1 unit, 1 assignment"
    )
    two = itk.parse_plan(TWO_PARTS)
    assert itk.interactive_graph(two, "zh-Hans").summary() == (
        "责任关系图：2项任务，2个单位，3项分工"
    )


def test_part_menu_speaks_the_figure_language() -> None:
    plan = itk.parse_plan(TWO_PARTS)
    labels = {
        lang: [
            b.label
            for b in itk.interactive_graph(plan, lang).layout.updatemenus[0].buttons
        ]
        for lang in ("en", "zh-Hant")
    }
    assert labels == {
        "en": ["all parts", "part 1", "part 2"],
        "zh-Hant": ["全部", "第1部分", "第2部分"],
    }


def test_part_menu_keeps_one_part_and_every_node() -> None:
    """Part 2 has one lead (市財政局) and one co (市發改局) edge trace."""
    figure = itk.interactive_graph(itk.parse_plan(TWO_PARTS), "en")
    names = [t.name for t in figure.data]
    part_two = figure.layout.updatemenus[0].buttons[2].args[0]["visible"]
    shown = [name for name, visible in zip(names, part_two, strict=True) if visible]
    assert shown == ["co", "lead", "tasks", "units"]


def test_graph_built_by_hand_has_no_drawing() -> None:
    bundle = GraphFigure()._repr_mimebundle_()
    assert "image/png" not in bundle
    assert bundle["text/plain"] == "Responsibility graph"


def test_static_drawing_writes_units_as_the_interactive_view_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[list[str]] = []
    original = charts.graph_figure

    def spy(*args: Any, **kwargs: Any) -> Any:
        figure = original(*args, **kwargs)
        drawn.append([t.get_text() for t in figure.axes[0].texts])
        return figure

    monkeypatch.setattr(charts, "graph_figure", spy)
    figure = itk.interactive_graph(itk.parse_plan(TWO_PARTS), "en")
    assert figure.static_png().startswith(b"\x89PNG")
    # Tasks 1.1 and 2.1 on the left; units by clauses held, 市發改局 (2) first.
    # English names as the registry gives them (registry/units.toml).
    dfrb = "Dongguan Development and Reform Bureau"
    assert drawn == [["1.1", "2.1", dfrb, "Dongguan Municipal Finance Bureau"]]


def test_workload_chart_says_it_shows_only_the_heaviest(
    plan: itk.Plan, expected_clauses: dict[str, Any]
) -> None:
    units = {u["name"] for c in expected_clauses.values() for u in c["units"]}
    title = charts.workload_figure(plan, top=20, lang="zh-Hant").axes[0].get_title()
    assert (
        title == f"各單位承擔條款數（按角色）：承擔最多的20個單位（共{len(units)}個）"
    )
