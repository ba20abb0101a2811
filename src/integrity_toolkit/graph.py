"""The responsibility graph of a plan and its first analyses.

Nodes carry a ``kind`` (plan, task, clause, unit); edges from a clause to a
unit carry the unit's ``role``. Node keys are prefixed by kind
(``task:2.2.3``, ``clause:2.2.3-b``, ``unit:市發改局``) so that a unit can
never collide with a task id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from integrity_toolkit.model import Role

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan

__all__ = ["collective_only_tasks", "responsibility_graph", "workload"]

ROLES = [r.value for r in Role]


def responsibility_graph(plan: Plan) -> nx.DiGraph:
    """Build the directed graph plan → task → clause → unit.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    networkx.DiGraph
        Nodes ``plan``, ``task:<id>``, ``clause:<id>`` and ``unit:<name>``, each
        with a ``kind`` attribute; ``contains`` edges from plan to task to
        clause, ``assigned`` edges from clause to unit with the unit's ``role``.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.建立制度。落實工作。(市發改局,各部門負責)")
    >>> g = responsibility_graph(plan)
    >>> g.edges["clause:1.1", "unit:各部門"]["role"]
    'collective'
    """
    g = nx.DiGraph(name=plan.document.doc_number or plan.source)
    root = "plan"
    g.add_node(root, kind="plan", label=plan.document.plan_title or plan.source)
    for task in plan.tasks:
        task_node = f"task:{task.id}"
        g.add_node(task_node, kind="task", label=task.label, heading=task.heading)
        g.add_edge(root, task_node, relation="contains")
        for clause in task.clauses:
            clause_node = f"clause:{clause.id}"
            g.add_node(
                clause_node, kind="clause", text=clause.text, line=clause.span.line
            )
            g.add_edge(task_node, clause_node, relation="contains")
            for a in clause.assignments:
                unit_node = f"unit:{a.unit}"
                collective = a.role is Role.COLLECTIVE
                g.add_node(unit_node, kind="unit", label=a.unit, collective=collective)
                g.add_edge(
                    clause_node, unit_node, relation="assigned", role=a.role.value
                )
    return g


def workload(plan: Plan) -> pd.DataFrame:
    """Clauses per unit and role, heaviest first.

    Returns a DataFrame indexed by unit with one column per role
    (``lead``, ``co``, ``support``, ``collective``) and ``total``; a unit named twice in
    one clause counts once.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局、市財政局負責)乙。(市財政局負責)")
    >>> workload(plan)
          lead  co  support  collective  total
    unit
    市財政局     1   1        0           0      2
    市發改局     1   0        0           0      1
    """
    frame = plan.assignments().drop_duplicates(["clause_id", "unit"])
    table = pd.crosstab(frame["unit"], frame["role"]).reindex(
        columns=ROLES, fill_value=0
    )
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    order = table.sort_values(["total", "lead"], ascending=False, kind="stable")
    return order.astype(int)


def collective_only_tasks(plan: Plan) -> pd.DataFrame:
    """Tasks in which no clause names an accountable unit of its own.

    Every assignment of such a task goes to a collective actor (各部門,
    有關部門, 各園區、鎮街 …), so no single unit can be held to it.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``task_id``, ``label``, ``heading`` and ``actors`` (the
        collective actors named, joined by 、); empty when every task has a unit
        of its own.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(各部門負責)\\n2.乙。(市發改局負責)")
    >>> collective_only_tasks(plan)["task_id"].tolist()
    ['1.1']
    """
    rows = []
    for task in plan.tasks:
        roles = {a.role for c in task.clauses for a in c.assignments}
        if roles == {Role.COLLECTIVE}:
            actors = dict.fromkeys(a.unit for c in task.clauses for a in c.assignments)
            rows.append(
                {
                    "task_id": task.id,
                    "label": task.label,
                    "heading": task.heading,
                    "actors": "、".join(actors),
                }
            )
    return pd.DataFrame(rows, columns=["task_id", "label", "heading", "actors"])
