"""An interactive view of the responsibility graph, drawn with plotly.

Tasks stand on the left, units on the right; hovering a unit lists its
clauses and roles, clicking a role in the legend hides or shows its edges,
the menu above the plot keeps one part of the plan, and the toolbar zooms.
Plotly ships its JavaScript with the Python package, so JupyterLab renders
it with no network; exported reports keep the static drawing of
:func:`integrity_toolkit.charts.graph_figure`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from integrity_toolkit.charts import ROLE_COLOURS
from integrity_toolkit.glossary import Language, term, unit_name

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from integrity_toolkit.model import Plan

__all__ = ["interactive_graph"]


def interactive_graph(plan: Plan, lang: Language | str | None = None) -> go.Figure:
    """The plan's task → unit graph as an interactive plotly figure.

    Parameters
    ----------
    plan : Plan
        A parsed plan.
    lang : {"en", "zh-Hans", "zh-Hant"}, optional
        Language of role names; unit names are written in its script. By
        default the display language
        (:func:`integrity_toolkit.display.set_display_language`), else English.

    Returns
    -------
    plotly.graph_objects.Figure
        One edge trace per (part, role), so the legend filters by role and
        the menu by part; one node trace for tasks and one for units.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局,各部門負責)")
    >>> fig = interactive_graph(plan)
    >>> sorted(t.name for t in fig.data)
    ['collective', 'lead', 'tasks', 'units']
    """
    import plotly.graph_objects as go

    from integrity_toolkit.display import display_language

    lang = lang or display_language() or "en"
    tasks, units, edges = _layout(plan)
    fig = go.Figure()
    parts = sorted({part for part, _ in edges})
    for (part, role), segments in sorted(edges.items()):
        xs, ys = _polyline(segments)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=role,
                legendgroup=role,
                showlegend=part == parts[0],
                hoverinfo="skip",
                line={"color": ROLE_COLOURS[role], "width": 1},
                meta=part,
            )
        )
    fig.add_trace(_nodes("tasks", tasks, "#2c3e50", "left"))
    fig.add_trace(_nodes("units", _unit_nodes(plan, units, lang), "#2980b9", "right"))
    _add_part_menu(fig, parts)
    fig.update_layout(
        height=max(400, 22 * max(len(tasks), len(units))),
        xaxis={"visible": False, "range": [-0.6, 1.6]},
        yaxis={"visible": False},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"title": {"text": term("column.role", lang)}},
        plot_bgcolor="white",
    )
    return fig


def _layout(
    plan: Plan,
) -> tuple[
    dict[str, tuple[float, str]], dict[str, float], dict[tuple[str, str], list[Any]]
]:
    """Positions of tasks and units and the edges grouped by (part, role)."""
    tasks = {t.id: (-float(i), f"{t.id} {t.heading}") for i, t in enumerate(plan.tasks)}
    degree: dict[str, int] = defaultdict(int)
    for clause in plan.clauses():
        for a in clause.assignments:
            degree[a.unit] += 1
    order = sorted(degree, key=lambda u: -degree[u])
    scale = max(len(tasks) - 1, 1) / max(len(order) - 1, 1)
    units = {u: -i * scale for i, u in enumerate(order)}
    edges: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for task in plan.tasks:
        for clause in task.clauses:
            for a in clause.assignments:
                segment = ((0.0, tasks[task.id][0]), (1.0, units[a.unit]))
                edges[(task.part_id, a.role.value)].append(segment)
    return tasks, units, edges


def _polyline(segments: list[Any]) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (x0, y0), (x1, y1) in segments:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def _unit_nodes(
    plan: Plan, units: dict[str, float], lang: Language | str
) -> dict[str, tuple[float, str]]:
    """Unit positions with hover text listing each clause and role."""
    held: dict[str, list[str]] = defaultdict(list)
    for clause in plan.clauses():
        for a in clause.assignments:
            held[a.unit].append(f"{clause.id} ({term(f'role.{a.role.value}', lang)})")
    return {
        unit_name(u, lang): (y, "<br>".join([unit_name(u, lang), *held[u]]))
        for u, y in units.items()
    }


def _nodes(
    name: str, nodes: dict[str, tuple[float, str]], colour: str, side: str
) -> Any:
    import plotly.graph_objects as go

    labels = list(nodes)
    return go.Scatter(
        x=[0.0 if side == "left" else 1.0] * len(labels),
        y=[y for y, _ in nodes.values()],
        mode="markers+text",
        name=name,
        text=labels,
        textposition="middle left" if side == "left" else "middle right",
        hovertext=[hover for _, hover in nodes.values()],
        hoverinfo="text",
        marker={"size": 8, "color": colour},
        showlegend=False,
    )


def _add_part_menu(fig: Any, parts: list[str]) -> None:
    """A menu that keeps the edges of one part, or shows all."""
    edge_parts = [t.meta for t in fig.data if t.meta is not None]
    nodes = len(fig.data) - len(edge_parts)
    buttons = [
        {
            "label": "all parts",
            "method": "restyle",
            "args": [{"visible": [True] * len(fig.data)}],
        }
    ]
    for part in parts:
        visible = [p == part for p in edge_parts] + [True] * nodes
        buttons.append(
            {
                "label": f"part {part}",
                "method": "restyle",
                "args": [{"visible": visible}],
            }
        )
    fig.update_layout(
        updatemenus=[
            {
                "buttons": buttons,
                "x": 0,
                "y": 1.08,
                "xanchor": "left",
                "direction": "down",
            }
        ]
    )
