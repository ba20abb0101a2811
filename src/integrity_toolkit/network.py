"""Graph analytics of who answers for a plan, on units resolved in the registry.

Every function takes a :class:`~integrity_toolkit.model.Plan` (its
assignments are resolved, as of a date if given) or an assignments
DataFrame already built, such as the concatenated assignments of many
plans (clause ids must then be unique across plans). Actors are keyed by
their registry ``unit_id``; a name the registry does not know is keyed
``name:<name>`` and kept.

Notation: a clause *c* names a set of actors *A(c)*; *r(u, c)* is the
role of actor *u* in clause *c* (a unit named twice in a tag counts once,
with its first role); *w(r)* is the role's weight.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from integrity_toolkit.errors import GraphFormatError
from integrity_toolkit.model import Plan, Role

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "ROLE_WEIGHTS",
    "accountability_diffusion",
    "centrality",
    "co_responsibility",
    "diffusion_summary",
    "export_graph",
    "graph_format",
    "network_figure",
    "responsibility_network",
    "role_workload",
    "single_points",
    "unit_network",
]

#: Weight of a clause for a unit by the role it plays there.
ROLE_WEIGHTS: Mapping[str, float] = {"lead": 1.0, "co": 0.5, "collective": 0.25}
_ROLES = [r.value for r in Role]
_DIFFUSE = ("collective", "unspecified")
_FORMATS = (".graphml", ".gexf", ".json")


def role_workload(
    source: Plan | pd.DataFrame,
    as_of: dt.date | str | None = None,
    *,
    weights: Mapping[str, float] = ROLE_WEIGHTS,
    expand: bool = False,
) -> pd.DataFrame:
    """Clauses per actor by role, and the workload weighted by role.

    The weighted workload of actor *u* is
    ``W(u) = sum over clauses c naming u of w(r(u, c))``, with weights
    lead 1, co 0.5, collective 0.25 unless given.

    Returns
    -------
    DataFrame
        Indexed by ``unit_id``: ``label``, ``name_en``, ``actor_kind``,
        ``lead``, ``co``, ``collective``, ``clauses`` and ``weighted``,
        heaviest first.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局、市財政局負責)乙。(市財政局負責)")
    >>> role_workload(plan)[["label", "lead", "co", "weighted"]]
                          label  lead  co  weighted
    unit_id
    dg.finance             市財政局     1   1       1.5
    dg.development-reform  市發改局     1   0       1.0
    """
    frame = _actors(source, as_of, expand)
    table = frame.groupby(["actor", "role"]).size().unstack(fill_value=0)
    table = table.reindex(columns=_ROLES, fill_value=0).astype(int)
    table["clauses"] = table.sum(axis=1)
    table["weighted"] = table[_ROLES].to_numpy() @ np.array(
        [float(weights.get(r, 0.0)) for r in _ROLES]
    )
    table = _described(frame, table)
    table = table.sort_values(["weighted", "lead"], ascending=False, kind="stable")
    return table.rename_axis("unit_id")


def co_responsibility(
    source: Plan | pd.DataFrame,
    as_of: dt.date | str | None = None,
    *,
    kinds: Collection[str] | None = None,
    expand: bool = False,
) -> pd.DataFrame:
    """Pairs of actors that share clauses, weighted by how many.

    The weight of a pair is ``|{c : u in A(c) and v in A(c)}|``, the
    number of clauses naming both: the one-mode projection of the
    clause–actor graph, computed as ``BᵀB`` on the sparse incidence
    matrix *B* (clauses × actors).

    Parameters
    ----------
    kinds : collection of str, optional
        Keep only actors of these kinds (``unit``, ``collective``,
        ``unspecified``, ``unknown``); default all.

    Returns
    -------
    DataFrame
        ``unit_a``, ``unit_b`` (``unit_a < unit_b``) and ``shared_clauses``,
        heaviest first.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> text = "一、任務\\n1.甲。(市發改局、市財政局負責)"
    >>> plan = parse_plan(text + "乙。(市財政局、市發改局負責)")
    >>> co_responsibility(plan).to_dict("records")
    [{'unit_a': 'dg.development-reform', 'unit_b': 'dg.finance', 'shared_clauses': 2}]
    """
    from scipy import sparse

    frame = _actors(source, as_of, expand, kinds)
    clause_codes, _ = pd.factorize(frame["clause_id"])
    actor_codes, actors = pd.factorize(frame["actor"])
    ones = np.ones(len(frame), dtype=np.int64)
    incidence = sparse.csr_matrix(
        (ones, (clause_codes, actor_codes)), shape=(clause_codes.max() + 1, len(actors))
    )
    shared = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    names = np.asarray(actors, dtype=object)
    a, b = names[shared.row], names[shared.col]
    swap = a > b
    pairs = pd.DataFrame(
        {
            "unit_a": np.where(swap, b, a),
            "unit_b": np.where(swap, a, b),
            "shared_clauses": shared.data.astype(int),
        }
    )
    order = pairs.sort_values(
        ["shared_clauses", "unit_a", "unit_b"], ascending=[False, True, True]
    )
    return order.reset_index(drop=True)


def unit_network(
    source: Plan | pd.DataFrame,
    as_of: dt.date | str | None = None,
    *,
    kinds: Collection[str] | None = None,
    expand: bool = False,
) -> nx.Graph:
    """The co-responsibility network: actors linked by shared clauses.

    Nodes are ``unit_id`` with ``label``, ``name_en`` and ``actor_kind``;
    an edge's ``weight`` is the number of shared clauses. Actors that
    share no clause stay in the graph as isolated nodes.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局、市財政局負責)乙。(市商務局負責)")
    >>> g = unit_network(plan)
    >>> sorted(g.degree())
    [('dg.commerce', 0), ('dg.development-reform', 1), ('dg.finance', 1)]
    """
    frame = _actors(source, as_of, expand, kinds)
    g = nx.Graph()
    described = _described(frame, pd.DataFrame(index=frame["actor"].unique()))
    for actor, row in described.iterrows():
        g.add_node(actor, **{str(k): v for k, v in row.items()})
    pairs = co_responsibility(frame)
    g.add_weighted_edges_from(pairs.itertuples(index=False, name=None))
    return g


def centrality(
    source: Plan | pd.DataFrame,
    as_of: dt.date | str | None = None,
    *,
    kinds: Collection[str] | None = None,
    sample: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Degree and betweenness of each actor, on two graphs.

    On the co-responsibility network (:func:`unit_network`): ``partners``
    (degree), ``strength`` (sum of edge weights), ``degree_centrality``
    (degree / (n − 1)) and ``betweenness`` (exact, unweighted, normalised:
    the share of shortest paths between other actors that pass through
    the actor). On the full clause–actor graph: ``clause_betweenness``,
    exact unless ``sample`` is given; then it is estimated from ``sample``
    random sources (Brandes and Pich), and ``clause_betweenness_error`` is
    the Hoeffding bound ``sqrt(ln(2/0.05) / (2 · sample))``: each estimate
    is within it of the exact value with probability 0.95.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> text = "一、任務\\n1.甲。(市發改局、市財政局負責)"
    >>> plan = parse_plan(text + "乙。(市財政局、市商務局負責)")
    >>> centrality(plan)[["partners", "betweenness"]]
                           partners  betweenness
    unit_id
    dg.finance                    2          1.0
    dg.development-reform         1          0.0
    dg.commerce                   1          0.0
    """
    frame = _actors(source, as_of, False, kinds)
    g = unit_network(frame)
    table = pd.DataFrame(
        {
            "partners": dict(g.degree()),
            "strength": dict(g.degree(weight="weight")),
            "degree_centrality": nx.degree_centrality(g),
            "betweenness": nx.betweenness_centrality(g),
        }
    )
    bipartite = nx.Graph()
    bipartite.add_edges_from(
        zip("clause:" + frame["clause_id"].astype(str), frame["actor"], strict=True)
    )
    k = min(sample, len(bipartite)) if sample else None
    between = nx.betweenness_centrality(bipartite, k=k, seed=seed)
    table["clause_betweenness"] = [between[a] for a in table.index]
    error = math.sqrt(math.log(2 / 0.05) / (2 * k)) if k else 0.0
    table["clause_betweenness_error"] = error
    table = _described(frame, table)
    order = table.sort_values(["betweenness", "partners"], ascending=False)
    return order.rename_axis("unit_id")


def accountability_diffusion(
    source: Plan | pd.DataFrame, as_of: dt.date | str | None = None
) -> pd.DataFrame:
    """Per task, the share of responsibility held by collective or unspecified actors.

    For task *t* with assignments (clause, actor) *P(t)*, the index is
    ``D(t) = |{(c, u) in P(t) : u collective or unspecified}| / |P(t)|``:
    0 when only named units answer, 1 when no single unit can be held to
    the task. ``collective_share`` and ``unspecified_share`` split it.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> text = "一、任務\\n1.甲。(市發改局,有關部門,各部門負責)"
    >>> plan = parse_plan(text + "\\n2.乙。(各部門負責)")
    >>> accountability_diffusion(plan)[["assignments", "unspecified", "diffusion"]]
             assignments  unspecified  diffusion
    task_id
    1.1                3            1   0.666667
    1.2                1            0   1.000000
    """
    frame = _actors(source, as_of, False)
    counts = pd.crosstab(frame["task_id"], frame["actor_kind"])
    kinds = ["unit", "collective", "unspecified", "unknown"]
    table = counts.reindex(columns=kinds, fill_value=0)
    table.insert(0, "assignments", table.sum(axis=1))
    table["collective_share"] = table["collective"] / table["assignments"]
    table["unspecified_share"] = table["unspecified"] / table["assignments"]
    table["diffusion"] = table["collective_share"] + table["unspecified_share"]
    order = frame["task_id"].drop_duplicates()
    table = table.reindex(order)
    table.columns.name = None
    return table.rename_axis("task_id")


def diffusion_summary(
    source: Plan | pd.DataFrame, as_of: dt.date | str | None = None
) -> pd.Series:
    """How much of a plan rests on collective or unspecified actors.

    ``assignments_diffuse``: share of (clause, actor) assignments held by
    them; ``assignments_unspecified``: by unspecified actors alone;
    ``clauses_without_unit`` and ``tasks_without_unit``: share of clauses
    and of tasks that name no single unit at all.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> text = "一、任務\\n1.甲。(市發改局,有關部門負責)"
    >>> plan = parse_plan(text + "\\n2.乙。(各部門負責)")
    >>> diffusion_summary(plan).round(3)
    assignments_diffuse        0.667
    assignments_unspecified    0.333
    clauses_without_unit       0.500
    tasks_without_unit         0.500
    Name: share, dtype: float64
    """
    frame = _actors(source, as_of, False)
    diffuse = frame["actor_kind"].isin(_DIFFUSE)
    named = frame.assign(named=~diffuse & (frame["actor_kind"] != "unknown"))
    return pd.Series(
        {
            "assignments_diffuse": diffuse.mean(),
            "assignments_unspecified": (frame["actor_kind"] == "unspecified").mean(),
            "clauses_without_unit": 1
            - named.groupby("clause_id")["named"].any().mean(),
            "tasks_without_unit": 1 - named.groupby("task_id")["named"].any().mean(),
        },
        name="share",
    )


def single_points(
    source: Plan | pd.DataFrame, as_of: dt.date | str | None = None
) -> pd.DataFrame:
    """Named units on which clauses hang alone, and units without partners.

    Only single units (``actor_kind`` unit) count. ``sole_clauses``: the
    clauses in which the unit is the only single unit named (collective or
    unspecified actors may stand beside it); ``partners``: single units it
    shares a clause with; ``isolated``: it has none; ``cut_vertex``: removing
    it disconnects the network of single units (an articulation point).

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> text = "一、任務\\n1.甲。(市發改局,各部門負責)"
    >>> plan = parse_plan(text + "乙。(市財政局、市發改局負責)")
    >>> single_points(plan)[["clauses", "sole_clauses", "isolated"]]
                           clauses  sole_clauses  isolated
    unit_id
    dg.development-reform        2             1     False
    dg.finance                   1             0     False
    """
    frame = _actors(source, as_of, False, kinds=("unit",))
    g = unit_network(frame)
    singles = frame.groupby("clause_id")["actor"].transform("nunique") == 1
    table = pd.DataFrame(
        {
            "clauses": frame.groupby("actor")["clause_id"].nunique(),
            "sole_clauses": frame[singles].groupby("actor").size(),
        }
    ).fillna(0)
    table["sole_clauses"] = table["sole_clauses"].astype(int)
    table["partners"] = pd.Series(dict(g.degree()))
    table["isolated"] = table["partners"] == 0
    table["cut_vertex"] = table.index.isin(list(nx.articulation_points(g)))
    table = _described(frame, table)
    order = table.sort_values(["sole_clauses", "clauses"], ascending=False)
    return order.rename_axis("unit_id")


def responsibility_network(
    plan: Plan, as_of: dt.date | str | None = None, *, expand: bool = False
) -> nx.DiGraph:
    """The responsibility graph with resolved units, ready for export.

    plan → task → clause → unit, where unit nodes are keyed
    ``unit:<unit_id>`` (the holder as of ``as_of``) and carry ``label``
    (zh-Hant), ``label_zh_hans``, ``label_en``, ``unit_type``,
    ``actor_kind`` and ``status``; clause → unit edges carry ``role``,
    ``weight`` (the role's weight) and ``named`` (the name as written).
    No attribute is None, so GraphML and GEXF writers accept it.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市工商局負責)")
    >>> g = responsibility_network(plan, "2020-01-01")
    >>> g.nodes["unit:dg.market-regulation"]["label_en"]
    'Dongguan Administration of Market Regulation'
    """
    frame = _actors(plan, as_of, expand)
    g = nx.DiGraph(name=plan.document.doc_number or plan.source)
    g.add_node("plan", kind="plan", label=plan.document.plan_title or plan.source)
    for task in plan.tasks:
        g.add_node(f"task:{task.id}", kind="task", label=task.label)
        g.add_edge("plan", f"task:{task.id}", relation="contains", weight=1.0)
        for clause in task.clauses:
            g.add_node(f"clause:{clause.id}", kind="clause", label=clause.id)
            g.add_edge(
                f"task:{task.id}",
                f"clause:{clause.id}",
                relation="contains",
                weight=1.0,
            )
    labels = _described(frame, pd.DataFrame(index=frame["actor"].unique()))
    for actor, row in labels.iterrows():
        g.add_node(f"unit:{actor}", kind="unit", **_unit_attributes(row))
    for clause_id, actor, role, named in frame[
        ["clause_id", "actor", "role", "unit"]
    ].itertuples(index=False, name=None):
        g.add_edge(
            f"clause:{clause_id}",
            f"unit:{actor}",
            relation="assigned",
            role=role,
            weight=float(ROLE_WEIGHTS[role]),
            named=named,
        )
    return g


def export_graph(graph: nx.Graph, path: str | Path) -> Path:
    """Write a graph as GraphML, GEXF or node-link JSON, by the file's suffix.

    All three open in Gephi, Cytoscape or d3 (JSON: ``nodes`` and
    ``links``).

    Examples
    --------
    >>> import tempfile
    >>> g = nx.Graph([("a", "b")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     export_graph(g, Path(folder) / "plan.gexf").suffix
    '.gexf'
    """
    target = Path(path)
    suffix = graph_format(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".graphml":
        nx.write_graphml(graph, target)
    elif suffix == ".gexf":
        nx.write_gexf(graph, target)
    else:
        data = nx.node_link_data(graph, edges="links")
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return target


def graph_format(path: str | Path) -> str:
    """The export format a file name asks for: its suffix, if one we write.

    Examples
    --------
    >>> graph_format("out/plan.GEXF")
    '.gexf'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _FORMATS:
        raise GraphFormatError(
            f"{path}: cannot tell the graph format from {suffix or 'no suffix'!r}; "
            f"name the file with one of {', '.join(_FORMATS)}, e.g. plan.graphml"
        )
    return suffix


def network_figure(
    source: Plan | pd.DataFrame,
    as_of: dt.date | str | None = None,
    *,
    kinds: Collection[str] | None = ("unit",),
) -> Figure:
    """Draw the co-responsibility network with bilingual labels.

    Node size follows the weighted workload; edge width the shared clauses.
    Labels give the short Chinese name over a short English one.
    """
    import matplotlib.pyplot as plt

    from integrity_toolkit.charts import use_cjk_font

    use_cjk_font()
    g = unit_network(source, as_of, kinds=kinds)
    workload = role_workload(_actors(source, as_of, False, kinds))["weighted"]
    pos = _component_layout(g)
    fig, ax = plt.subplots(figsize=(11, 8))
    widths = [0.6 * d["weight"] for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.35)
    sizes = [120 + 60 * float(workload.get(n, 0.0)) for n in g]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color="#2980b9")
    labels = {
        n: f"{d['label']}\n{_short_english(d['name_en'])}"
        for n, d in g.nodes(data=True)
    }
    nx.draw_networkx_labels(g, pos, labels, ax=ax, font_size=7)
    ax.set_title("Co-responsibility network: units that share clauses")
    ax.set_axis_off()
    fig.tight_layout()
    return fig


def _actors(
    source: Plan | pd.DataFrame,
    as_of: dt.date | str | None,
    expand: bool,
    kinds: Collection[str] | None = None,
) -> pd.DataFrame:
    """Assignments with an ``actor`` key, one row per (clause, actor)."""
    frame = (
        source.assignments(as_of, expand=expand) if isinstance(source, Plan) else source
    )
    if kinds is not None:
        frame = frame[frame["actor_kind"].isin(list(kinds))]
    if "actor" not in frame:
        actor = frame["unit_id"].fillna("name:" + frame["unit"].astype(str))
        frame = frame.assign(actor=actor)
    return frame.drop_duplicates(["clause_id", "actor"])


def _described(frame: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Put each actor's label, English name and kind in front of a table."""
    first = frame.drop_duplicates("actor").set_index("actor")
    labels = _labels(first)
    described = pd.DataFrame(
        {
            "label": labels.reindex(table.index),
            "name_en": first["name_en"].reindex(table.index).fillna(""),
            "actor_kind": first["actor_kind"].reindex(table.index),
        }
    )
    return pd.concat([described, table], axis=1)


def _labels(first: pd.DataFrame) -> pd.Series:
    """Short zh-Hant names of the registry, or the names as written."""
    from integrity_toolkit.registry import default_registry

    registry = default_registry()
    labels = {
        actor: registry.unit(str(actor)).label if actor in registry else row["unit"]
        for actor, row in first.iterrows()
    }
    return pd.Series(labels, dtype="object")


def _unit_attributes(row: pd.Series) -> dict[str, Any]:
    from integrity_toolkit.registry import default_registry

    registry = default_registry()
    unit = registry.unit(str(row.name)) if row.name in registry else None
    return {
        "label": row["label"],
        "label_zh_hans": unit.short_hans[0]
        if unit and unit.short_hans
        else row["label"],
        "label_en": row["name_en"],
        "unit_type": unit.type.value if unit else "",
        "actor_kind": row["actor_kind"],
        "status": unit.status.value if unit else "",
    }


def _component_layout(g: nx.Graph) -> dict[Any, Any]:
    """Each connected part laid out on its own, largest first, left to right."""
    pos: dict[Any, Any] = {}
    left = 0.0
    parts = sorted(nx.connected_components(g), key=len, reverse=True)
    for part in parts:
        size = math.sqrt(len(part)) if len(part) > 4 else 0.6 * len(part) ** 0.5
        sub = g.subgraph(part)
        local = nx.kamada_kawai_layout(sub, scale=size) if len(part) > 1 else None
        for node in part:
            x, y = local[node] if local else (0.0, 0.0)
            pos[node] = (left + size + x, y)
        left += 2 * size + 1.5
    return pos


def _short_english(name: str) -> str:
    """An English name without the city, brackets or a trailing qualifier."""
    name = re.sub(r"\s*\(.*?\)", "", name)
    name = re.sub(r"\s+of the Dongguan Municipal .*$", "", name)
    for word in ("Dongguan ", "Municipal ", "People's Bank of China "):
        name = name.replace(word, "PBC " if word.startswith("People") else "")
    return name
