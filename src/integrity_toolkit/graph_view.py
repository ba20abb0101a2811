"""An interactive view of the responsibility graph, drawn with plotly.

Tasks stand on the left, units on the right; hovering a unit lists its
clauses and roles, clicking a role in the legend hides or shows its edges,
the menu above the plot keeps one part of the plan, and the toolbar zooms.
Plotly ships its JavaScript with the Python package, so JupyterLab renders
it with no network. The figure also carries the static drawing of
:func:`integrity_toolkit.charts.graph_figure` as a PNG beside the
interactive view, so a notebook exported to HTML or read where plotly
cannot render (a viewer without its extension) still shows the graph.
"""

from __future__ import annotations

import base64
import io
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from integrity_toolkit.charts import ROLE_COLOURS
from integrity_toolkit.glossary import Language, count_of, phrase, term, unit_name

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan

__all__ = ["GraphFigure", "interactive_graph"]

#: The MIME type JupyterLab renders as an interactive plotly figure.
PLOTLY_MIME = "application/vnd.plotly.v1+json"


class GraphFigure(go.Figure):  # type: ignore[misc]
    """A plotly figure of a plan's responsibility graph with a static fallback.

    It is a :class:`plotly.graph_objects.Figure` in every way; when shown in
    a notebook its output holds the interactive view (plotly's own MIME
    type, which JupyterLab renders offline), the static drawing as a PNG
    and a one-line summary as text. A front end shows the richest it can:
    JupyterLab the interactive view, an HTML export the drawing, a terminal
    the summary.

    Parameters
    ----------
    data, layout, frames, skip_invalid, **kwargs
        As for :class:`plotly.graph_objects.Figure`. A figure built this way
        has no plan, so no static drawing; build one with
        :func:`interactive_graph`.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> figure = interactive_graph(parse_plan("一、任務\\n1.甲。(市發改局負責)"))
    >>> figure.summary()
    'Responsibility graph: 1 task, 1 unit, 1 assignment'
    >>> figure.static_png()[:4]
    b'\\x89PNG'
    """

    _itk_plan: Plan | None = None
    _itk_lang: str = "en"

    def summary(self) -> str:
        """One line naming what the graph holds.

        Returns
        -------
        str
            Counts of tasks, units and (clause, unit) assignments, in the
            figure's language.

        Examples
        --------
        >>> GraphFigure().summary()
        'Responsibility graph'
        """
        lang = self._itk_lang
        plan = self._itk_plan
        if plan is None:
            return term("graph.title", lang)
        assignments = [a for c in plan.clauses() for a in c.assignments]
        counts = {
            "task": sum(1 for t in plan.tasks if any(c.assignments for c in t.clauses)),
            "unit": len({a.unit for a in assignments}),
            "assignment": len(assignments),
        }
        if lang == "en":
            words = {f"{k}s": count_of(n, k) for k, n in counts.items()}
            return phrase("graph.summary", lang, **words)
        return phrase("graph.summary", lang, **{f"{k}s": n for k, n in counts.items()})

    def static_png(self) -> bytes:
        """The static drawing of the same plan, as PNG bytes.

        Returns
        -------
        bytes
            What :func:`integrity_toolkit.charts.graph_figure` draws, or
            empty bytes for a figure not made by :func:`interactive_graph`.

        Examples
        --------
        >>> GraphFigure().static_png()
        b''
        """
        if self._itk_plan is None:
            return b""
        import matplotlib.pyplot as plt

        from integrity_toolkit.charts import graph_figure

        drawing = graph_figure(self._itk_plan, self._itk_lang, translate_units=True)
        buffer = io.BytesIO()
        try:
            drawing.savefig(buffer, format="png", dpi=90)
        finally:
            plt.close(drawing)
        return buffer.getvalue()

    def _repr_mimebundle_(
        self,
        include: Any = None,
        exclude: Any = None,
        validate: bool = True,
        **kwargs: Any,
    ) -> dict[str, Any]:
        bundle: dict[str, Any] = dict(
            super()._repr_mimebundle_(include, exclude, validate, **kwargs)
        )
        # Outside a notebook plotly's default renderer may be a browser tab,
        # which gives no bundle; the interactive view goes in regardless.
        bundle.setdefault(PLOTLY_MIME, {**json.loads(self.to_json()), "config": {}})
        png = self.static_png()
        if png:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
        bundle["text/plain"] = self.summary()
        return bundle

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)


def interactive_graph(plan: Plan, lang: Language | str | None = None) -> GraphFigure:
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
    GraphFigure
        A plotly figure: one edge trace per (part, role), so the legend
        filters by role and the menu by part; one node trace for tasks and
        one for units. Shown in a notebook, it also carries the static
        drawing for exports (see :class:`GraphFigure`).

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局,各部門負責)")
    >>> fig = interactive_graph(plan)
    >>> sorted(t.name for t in fig.data)
    ['collective', 'lead', 'tasks', 'units']
    """
    from integrity_toolkit.display import display_language
    from integrity_toolkit.model import _require_plan

    plan = _require_plan(plan)
    lang = Language(lang or display_language() or "en")
    tasks, units, edges = _layout(plan)
    fig = GraphFigure()
    fig._itk_plan = plan
    fig._itk_lang = str(lang)
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
    _add_part_menu(fig, parts, lang)
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


def _add_part_menu(fig: Any, parts: list[str], lang: Language | str) -> None:
    """A menu that keeps the edges of one part, or shows all."""
    edge_parts = [t.meta for t in fig.data if t.meta is not None]
    nodes = len(fig.data) - len(edge_parts)
    buttons = [
        {
            "label": term("graph.all_parts", lang),
            "method": "restyle",
            "args": [{"visible": [True] * len(fig.data)}],
        }
    ]
    for part in parts:
        visible = [p == part for p in edge_parts] + [True] * nodes
        buttons.append(
            {
                "label": phrase("graph.part", lang, part=part),
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
