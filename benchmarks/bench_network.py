"""Graph analytics at scale; prints figures, asserts nothing.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_network.py``).

The corpus is SYNTHETIC: 3,000 plans from 100 made-up cities (30 plans each),
each city with 60 units of its own, 40 clauses per plan naming 1 to 6 units
(3.5 on average before duplicates are dropped, the busiest units most often):
about 360,000 clause–unit edges. On it we time the co-responsibility network
and the workload tables next to networkx's generic weighted bipartite
projection and a plain pair count, then centrality: exact on the unit
network and sampled on the full clause–unit graph with its stated error, then
exact on both, next to networkx's exact betweenness on the unit network.
"""

from __future__ import annotations

import itertools
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from networkx.algorithms import bipartite

from integrity_toolkit import network

CITIES, PLANS_PER_CITY, UNITS_PER_CITY, CLAUSES_PER_PLAN = 100, 30, 60, 40
SAMPLE = 500


def synthetic_assignments(seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC assignments of 3,000 plans, shaped like plan.assignments()."""
    rng = np.random.default_rng(seed)
    plans = CITIES * PLANS_PER_CITY
    clauses = plans * CLAUSES_PER_PLAN
    sizes = rng.integers(1, 7, size=clauses)
    clause_index = np.repeat(np.arange(clauses), sizes)
    city = clause_index // (PLANS_PER_CITY * CLAUSES_PER_PLAN)
    weights = 1 / np.arange(1, UNITS_PER_CITY + 1)
    chance = weights / weights.sum()
    local = rng.choice(UNITS_PER_CITY, size=len(clause_index), p=chance)
    first = np.r_[True, clause_index[1:] != clause_index[:-1]]
    frame = pd.DataFrame(
        {
            "task_id": (clause_index // 4).astype(str),
            "clause_id": clause_index.astype(str),
            "unit": [f"c{c:03d}.u{u:02d}" for c, u in zip(city, local, strict=True)],
            "role": np.where(first, "lead", "co"),
            "actor_kind": "unit",
            "name_en": "synthetic unit",
        }
    )
    frame["unit_id"] = frame["unit"]
    return frame.drop_duplicates(["clause_id", "unit_id"]).reset_index(drop=True)


def best(function: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    """Best wall time of ``function`` over ``runs`` calls, and its last result."""
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def pair_count(frame: pd.DataFrame) -> Counter[tuple[str, str]]:
    """Plain Python: count each pair of units over the clauses naming both."""
    pairs: Counter[tuple[str, str]] = Counter()
    for units in frame.groupby("clause_id", sort=False)["unit_id"]:
        pairs.update(itertools.combinations(sorted(units[1]), 2))
    return pairs


def networkx_projection(frame: pd.DataFrame) -> nx.Graph:
    """networkx's generic weighted projection of the clause–unit graph."""
    g = nx.Graph()
    units = frame["unit_id"].unique()
    g.add_nodes_from(units, bipartite=1)
    g.add_edges_from(zip("c:" + frame["clause_id"], frame["unit_id"], strict=True))
    return bipartite.weighted_projected_graph(g, units)


def main() -> None:
    frame = synthetic_assignments()
    print(f"python {platform.python_version()} on {platform.machine()}, {sys.platform}")
    print(
        f"SYNTHETIC corpus: {CITIES * PLANS_PER_CITY} plans, "
        f"{frame['clause_id'].nunique():,} clauses, {len(frame):,} clause–unit edges, "
        f"{frame['unit_id'].nunique():,} units"
    )
    ours, pairs = best(lambda: network.co_responsibility(frame))
    workload, _ = best(lambda: network.role_workload(frame))
    plain, counted = best(lambda: pair_count(frame), runs=1)
    generic, projected = best(lambda: networkx_projection(frame), runs=1)
    assert len(pairs) == len(counted) == projected.number_of_edges()
    print(f"co-responsibility network (ours, sparse BᵀB): {ours:8.3f} s")
    print(f"workload table by role (ours):               {workload:8.3f} s")
    print(f"plain pair count (Python Counter):           {plain:8.3f} s")
    print(f"networkx weighted_projected_graph:           {generic:8.3f} s")
    print(f"  {len(pairs):,} unit pairs; same count by all three")

    exact, table = best(lambda: network.centrality(frame, sample=SAMPLE), runs=1)
    error = table["clause_betweenness_error"].max()
    value = table["clause_betweenness"].max()
    print(
        f"centrality (exact on the unit network, {SAMPLE} sampled sources on the "
        f"clause–unit graph): {exact:.2f} s"
    )
    print(
        f"  clause betweenness: largest value {value:.2e}, stated error at most "
        f"±{error:.2e} (95%, Hoeffding)"
    )
    full, exact_table = best(lambda: network.centrality(frame), runs=1)
    print(f"centrality, exact on both graphs:            {full:8.3f} s")
    units = network.unit_network(frame)
    reference, expected = best(lambda: nx.betweenness_centrality(units), runs=1)
    gap = max(abs(exact_table.loc[u, "betweenness"] - v) for u, v in expected.items())
    print(f"networkx betweenness on the unit network:    {reference:8.3f} s")
    print(f"  largest difference from ours: {gap:.1e}")


if __name__ == "__main__":
    main()
