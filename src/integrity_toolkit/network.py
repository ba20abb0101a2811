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
import itertools
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
# Sources searched at once by the betweenness computation (memory: batch × part).
_BATCH = 256


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

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.
    weights : mapping of str to float, default ``ROLE_WEIGHTS``
        The weight of each role (``lead``, ``co``, ``support``,
        ``collective``); a role not given weighs 0, as ``support`` does by
        default.
    expand : bool, default False
        If True, a collective actor becomes its member units; only used when
        ``source`` is a plan.

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
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.
    kinds : collection of str, optional
        Keep only actors of these kinds (``unit``, ``collective``,
        ``unspecified``, ``unknown``); default all.
    expand : bool, default False
        If True, a collective actor becomes its member units; only used when
        ``source`` is a plan.

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
    incidence, actors = _incidence(frame)
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

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.
    kinds : collection of str, optional
        Keep only actors of these kinds (``unit``, ``collective``,
        ``unspecified``, ``unknown``); default all.
    expand : bool, default False
        If True, a collective actor becomes its member units; only used when
        ``source`` is a plan.

    Returns
    -------
    networkx.Graph
        Undirected, one node per actor.

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
    g.add_nodes_from(described.to_dict("index").items())
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
    exact unless ``sample`` is given.

    Both follow Brandes' algorithm, run breadth-first from many sources at
    once on the sparse adjacency matrix, one connected part at a time
    (pairs in different parts have no path), and are normalised by the
    whole graph's pairs, as networkx does; the values agree with
    ``networkx.betweenness_centrality``. With ``sample``, each part of
    *n_c* of the graph's *n* nodes gets ``k_c ≈ sample · n_c / n`` random
    sources (Brandes and Pich), and ``clause_betweenness_error`` is the
    Hoeffding bound ``sqrt(ln(2/0.05) / (2 k_c))`` rescaled like the value:
    each estimate is within it of the exact value with probability 0.95.

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.
    kinds : collection of str, optional
        Keep only actors of these kinds (``unit``, ``collective``,
        ``unspecified``, ``unknown``); default all.
    sample : int, optional
        The number of random sources for ``clause_betweenness``; default None
        computes it exactly. Use it on large plans.
    seed : int, default 0
        Seed of the random sources, so that a sample gives the same answer
        each time.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit_id``: ``partners``, ``strength``,
        ``degree_centrality``, ``betweenness``, ``clause_betweenness`` and
        ``clause_betweenness_error`` (0 when exact), with the unit's ``label``,
        ``name_en`` and ``actor_kind``; highest betweenness first.

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
    from scipy import sparse

    frame = _actors(source, as_of, False, kinds)
    incidence, actors = _incidence(frame)
    shared = (incidence.T @ incidence).tolil()
    shared.setdiag(0)
    shared = shared.tocsr()
    links = (shared > 0).astype(float)
    partners = np.asarray(links.sum(axis=0)).ravel()
    between, _ = _betweenness(links, None, seed)
    table = pd.DataFrame(
        {
            "partners": partners.astype(int),
            "strength": np.asarray(shared.sum(axis=0)).ravel().astype(int),
            "degree_centrality": partners / max(len(actors) - 1, 1),
            "betweenness": between,
        },
        index=pd.Index(actors),
    )
    bipartite = sparse.block_array([[None, incidence], [incidence.T, None]])
    between, error = _betweenness(bipartite.tocsr(), sample, seed)
    table["clause_betweenness"] = between[incidence.shape[0] :]
    table["clause_betweenness_error"] = error[incidence.shape[0] :]
    table = _described(frame, table)
    order = table.sort_values(["betweenness", "partners"], ascending=False)
    return order.rename_axis("unit_id")


def _betweenness(
    adjacency: Any, sample: int | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised betweenness, part by part, and its 95% error bound per node.

    ``adjacency`` is the symmetric sparse adjacency matrix of the graph.
    """
    from scipy.sparse import csgraph

    n = adjacency.shape[0]
    values, errors = np.zeros(n), np.zeros(n)
    if n > 2:
        _, labels = csgraph.connected_components(adjacency, directed=False)
        order = np.argsort(labels, kind="stable")
        starts = np.r_[0, np.flatnonzero(np.diff(labels[order])) + 1, n]
        rng = np.random.default_rng(seed)
        pairs = (n - 1) * (n - 2)
        for first, stop in itertools.pairwise(starts):
            index = order[first:stop]
            size = len(index)
            if size < 3:
                continue
            k = max(1, round(sample * size / n)) if sample is not None else size
            sources = (
                rng.choice(size, k, replace=False) if k < size else np.arange(size)
            )
            part = adjacency[index][:, index]
            values[index] = _dependencies(part, sources) * size / len(sources) / pairs
            if k < size:
                bound = math.sqrt(math.log(2 / 0.05) / (2 * k))
                errors[index] = bound * (size - 1) * (size - 2) / pairs
    return values, errors


def _dependencies(adjacency: Any, sources: np.ndarray) -> np.ndarray:
    """Per node, the sum over ``sources`` of its dependency (Brandes 2001).

    Breadth-first search from a batch of sources at once: row *s* of
    ``sigma`` counts shortest paths from source *s*; walking the levels
    back, ``δ_s(v) = Σ_w σ_sv / σ_sw · (1 + δ_s(w))`` over the neighbours
    *w* of *v* one level further. ``adjacency`` is symmetric and sparse.
    """
    n = adjacency.shape[0]
    total = np.zeros(n)
    for start in range(0, len(sources), _BATCH):
        batch = sources[start : start + _BATCH]
        sigma = np.zeros((len(batch), n))
        sigma[np.arange(len(batch)), batch] = 1.0
        seen = sigma > 0
        levels, frontier = [seen.copy()], sigma.copy()
        while True:
            reach = (adjacency @ frontier.T).T
            reach[seen] = 0.0
            new = reach > 0
            if not new.any():
                break
            sigma[new] = reach[new]
            seen |= new
            levels.append(new)
            frontier = np.where(new, reach, 0.0)
        delta = np.zeros_like(sigma)
        for deeper, level in zip(levels[:0:-1], levels[-2:0:-1], strict=False):
            share = np.where(deeper, (1.0 + delta) / np.where(deeper, sigma, 1.0), 0.0)
            delta += np.where(level, sigma * (adjacency @ share.T).T, 0.0)
        total += delta.sum(axis=0)
    return total


def accountability_diffusion(
    source: Plan | pd.DataFrame, as_of: dt.date | str | None = None
) -> pd.DataFrame:
    """Per task, the share of responsibility held by collective or unspecified actors.

    For task *t* with assignments (clause, actor) *P(t)*, the index is
    ``D(t) = |{(c, u) in P(t) : u collective or unspecified}| / |P(t)|``:
    0 when only named units answer, 1 when no single unit can be held to
    the task. ``collective_share`` and ``unspecified_share`` split it.

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``task_id`` in plan order: ``assignments``, the counts
        ``unit``, ``collective``, ``unspecified`` and ``unknown``, then
        ``collective_share``, ``unspecified_share`` and ``diffusion`` (0 to 1).

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

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.

    Returns
    -------
    pandas.Series
        Named ``share``: the four shares above, each from 0 to 1.

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

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``unit_id``: ``clauses``, ``sole_clauses``, ``partners``,
        ``isolated`` and ``cut_vertex`` with the unit's ``label``, ``name_en``
        and ``actor_kind``, most sole clauses first.

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

    Parameters
    ----------
    plan : Plan
        A parsed plan.
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; default None keeps the names as written.
    expand : bool, default False
        If True, a collective actor becomes its member units.

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

    Parameters
    ----------
    graph : networkx.Graph
        Any graph whose attributes are strings or numbers, such as
        :func:`responsibility_network` returns.
    path : str or pathlib.Path
        The file to write, ending ``.graphml``, ``.gexf`` or ``.json``; missing
        folders are created.

    Returns
    -------
    pathlib.Path
        The path written.

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

    Parameters
    ----------
    path : str or pathlib.Path
        A file name; the suffix is read without regard to case.

    Returns
    -------
    str
        The suffix in lower case (``.graphml``, ``.gexf`` or ``.json``); an
        unknown suffix raises GraphFormatError.

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
    Labels give the short Chinese name over a short English one. Each
    connected part is laid out on its own, largest first, left to right.

    Parameters
    ----------
    source : Plan or pandas.DataFrame
        A parsed plan, or an assignments table such as
        :meth:`Plan.assignments` returns (taken as it is).
    as_of : datetime.date or str, optional
        A date (or ISO date, ``2020-01-01``) on which to resolve each unit to
        its holder; only used when ``source`` is a plan. Default None: the
        names as written.
    kinds : collection of str or None, default ``("unit",)``
        Draw only actors of these kinds (``unit``, ``collective``,
        ``unspecified``, ``unknown``); None draws all.

    Returns
    -------
    matplotlib.figure.Figure
        One axes holding the drawing.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> fig = network_figure(parse_plan("一、任務\\n1.甲。(市發改局、市財政局負責)"))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['市發改局\\nDevelopment and Reform Bureau', '市財政局\\nFinance Bureau']
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
        known = frame["unit_id"].notna()
        actor = frame["unit_id"].astype(object).where(known, "name:" + frame["unit"])
        frame = frame.assign(actor=actor)
    return frame.drop_duplicates(["clause_id", "actor"])


def _incidence(frame: pd.DataFrame) -> tuple[Any, pd.Index]:
    """The sparse clauses × actors matrix (1 where a clause names an actor)."""
    from scipy import sparse

    clause_codes, _ = pd.factorize(frame["clause_id"])
    actor_codes, actors = pd.factorize(frame["actor"])
    incidence = sparse.csr_array(
        (np.ones(len(frame)), (clause_codes, actor_codes)),
        shape=(clause_codes.max(initial=-1) + 1, len(actors)),
    )
    return incidence, actors


def _described(frame: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Put each actor's label, English name and kind in front of a table."""
    first = frame.drop_duplicates("actor").set_index("actor")
    labels = _labels(first)
    described = pd.DataFrame(
        {
            "label": labels.reindex(table.index),
            "name_en": first["name_en"].astype(object).reindex(table.index).fillna(""),
            "actor_kind": first["actor_kind"].reindex(table.index),
        }
    )
    return pd.concat([described, table], axis=1)


def _labels(first: pd.DataFrame) -> pd.Series:
    """Short zh-Hant names of the registry, or the names as written."""
    from integrity_toolkit.registry import default_registry

    registry = default_registry()
    labels = first["unit"].astype("object")
    known = [actor for actor in first.index if actor in registry]
    labels.loc[known] = [registry.unit(str(actor)).label for actor in known]
    return labels


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
