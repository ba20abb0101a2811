"""The responsibility graph and its first analyses, against values counted by hand."""

from __future__ import annotations

from collections import Counter
from typing import Any

import integrity_toolkit as itk


def test_graph_nodes_have_kinds_and_edges_roles(plan: itk.Plan) -> None:
    g = plan.graph()
    kinds = Counter(kind for _, kind in g.nodes(data="kind"))
    assert kinds["plan"] == 1
    assert kinds["task"] == 26
    assert kinds["clause"] == 35
    assert g.edges["clause:2.1.1", "unit:市發改局"]["role"] == "lead"
    assert g.edges["clause:2.2.3-c", "unit:市人力資源局"]["role"] == "lead"
    assert g.edges["clause:3.2", "unit:各園區、鎮街"]["role"] == "collective"
    roles = Counter(r for _, _, r in g.edges(data="role") if r)
    assert roles == {"lead": 24, "co": 28, "collective": 49}


def test_graph_has_one_node_per_distinct_unit(
    plan: itk.Plan, expected_clauses: dict[str, Any]
) -> None:
    names = {u["name"] for c in expected_clauses.values() for u in c["units"]}
    units = {n for n, kind in plan.graph().nodes(data="kind") if kind == "unit"}
    assert units == {f"unit:{n}" for n in names}


def test_workload_of_two_units_counted_by_hand(plan: itk.Plan) -> None:
    """市發改局 leads 11 clauses and is co-responsible in 2 (二(二)4, 二(三)2);
    市人力資源局 leads 4 (二(二)2, 二(二)3-c, 二(二)4-c, 二(二)7-c), co in 2."""
    table = itk.workload(plan)
    assert table.loc["市發改局"].to_dict() == {
        "lead": 11,
        "co": 2,
        "support": 0,
        "collective": 0,
        "total": 13,
    }
    assert table.loc["市人力資源局"].to_dict() == {
        "lead": 4,
        "co": 2,
        "support": 0,
        "collective": 0,
        "total": 6,
    }
    assert table.index[0] == "各園區、鎮街"


def test_workload_matches_answer_key(plan: itk.Plan, expected_clauses: dict) -> None:
    counts: Counter[tuple[str, str]] = Counter(
        (u["name"], u["role"]) for c in expected_clauses.values() for u in c["units"]
    )
    table = itk.workload(plan)
    for (unit, role), n in counts.items():
        assert table.loc[unit, role] == n, (unit, role)


def test_collective_only_tasks_listed_by_hand(plan: itk.Plan) -> None:
    """Tasks whose every tag names only collective actors, read from the document."""
    assert itk.collective_only_tasks(plan)["task_id"].tolist() == [
        "2.1.2",
        "2.1.3",
        "2.2.1",
        "2.3.1",
        "2.3.8",
        "2.3.9",
        "3.1",
        "3.2",
        "3.3",
    ]
