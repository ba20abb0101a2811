"""Graph analytics and exports, against values worked out by hand on the plan."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

import integrity_toolkit as itk
from integrity_toolkit.errors import GraphFormatError
from integrity_toolkit.network import (
    export_graph,
    network_figure,
    responsibility_network,
    unit_network,
)

# 市發改局 shares a clause with these single units (二(一)1, 二(二)4 …).
DRC_PARTNERS = {
    "pbc.dongguan-central-sub-branch",
    "dg.assessment-office",
    "dg.supervisory-commission",
    "dg.legal-affairs-office",
    "dg.human-resources",
    "dg.government-services-office",
    "dg.industry-commerce",
    "dg.finance",
    "dg.housing-construction",
    "dg.transport",
    "dg.water-affairs",
}


@pytest.mark.parametrize(
    ("unit_id", "expected"),
    [
        # lead 11, co 2: 11 × 1 + 2 × 0.5
        ("dg.development-reform", {"lead": 11, "co": 2, "weighted": 12.0}),
        # lead 4, co 2
        ("dg.human-resources", {"lead": 4, "co": 2, "weighted": 5.0}),
        # 23 clauses as a collective: 23 × 0.25
        ("dg.parks-towns-subdistricts", {"collective": 23, "weighted": 5.75}),
        # lead 2 (二(三)2, 二(三)7), co 1 (二(三)3)
        ("dg.finance", {"lead": 2, "co": 1, "weighted": 2.5}),
    ],
)
def test_role_workload_counted_by_hand(
    plan: itk.Plan, unit_id: str, expected: dict[str, float]
) -> None:
    row = itk.role_workload(plan).loc[unit_id]
    for column, value in expected.items():
        assert row[column] == value, column
    assert itk.role_workload(plan).index[0] == "dg.development-reform"


def test_role_workload_as_of_moves_clauses_to_successors(plan: itk.Plan) -> None:
    table = itk.role_workload(plan, "2020-01-01")
    assert "dg.industry-commerce" not in table.index
    assert table.loc["dg.market-regulation", "co"] == 1
    assert table.loc["dg.human-resources-social-security", "weighted"] == 5.0


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        # 二(一)1, 二(一)5, 二(二)5, 二(二)6, 二(二)6-c, 二(二)7
        ("dg.development-reform", "pbc.dongguan-central-sub-branch", 6),
        # 二(二)6, 二(二)6-b, 二(二)6-c
        ("dg.development-reform", "dg.government-services-office", 3),
        # 二(三)4 only
        ("dg.housing-construction", "dg.transport", 1),
        # 二(三)2 and 二(三)3
        ("dg.development-reform", "dg.finance", 2),
    ],
)
def test_co_responsibility_counted_by_hand(
    plan: itk.Plan, a: str, b: str, shared: int
) -> None:
    pairs = itk.co_responsibility(plan, kinds=["unit"])
    key = tuple(sorted((a, b)))
    found = pairs[(pairs["unit_a"] == key[0]) & (pairs["unit_b"] == key[1])]
    assert found["shared_clauses"].tolist() == [shared]


def test_co_responsibility_has_each_pair_once(plan: itk.Plan) -> None:
    pairs = itk.co_responsibility(plan)
    assert (pairs["unit_a"] < pairs["unit_b"]).all()
    assert not pairs.duplicated(["unit_a", "unit_b"]).any()


def test_centrality_of_development_reform(plan: itk.Plan) -> None:
    table = itk.centrality(plan, kinds=["unit"])
    assert set(unit_network(plan, kinds=["unit"])["dg.development-reform"]) == (
        DRC_PARTNERS
    )
    assert table.loc["dg.development-reform", "partners"] == 11
    assert table.index[0] == "dg.development-reform"
    # Housing, transport and water only meet each other and 市發改局.
    assert table.loc["dg.housing-construction", "betweenness"] == 0.0
    assert (table["clause_betweenness_error"] == 0.0).all()


def test_centrality_sampled_states_its_error(plan: itk.Plan) -> None:
    table = itk.centrality(plan, kinds=["unit"], sample=20)
    # sqrt(ln(40) / 40)
    assert table["clause_betweenness_error"].iloc[0] == pytest.approx(0.3037, abs=1e-4)


@pytest.mark.parametrize(
    ("task_id", "diffusion"),
    [
        ("2.1.1", 0.0),  # 市發改局, 人行, 市考評辦
        ("2.1.2", 1.0),  # 各有關部門, 各園區、鎮街
        ("2.2.6", 6 / 15),  # three clauses of 3 units + 2 collectives
        ("2.2.7", 4 / 7),  # 4 of 7 actors over its three clauses
        ("3.4", 0.5),  # 市發改局, 有關部門
    ],
)
def test_accountability_diffusion_by_task(
    plan: itk.Plan, task_id: str, diffusion: float
) -> None:
    table = itk.accountability_diffusion(plan)
    assert table.loc[task_id, "diffusion"] == pytest.approx(diffusion)
    assert len(table) == 26


def test_diffusion_summary_counted_by_hand(plan: itk.Plan) -> None:
    """49 of 101 assignments go to collective or unspecified actors, 17 to
    unspecified ones; 11 of 35 clauses and 9 of 26 tasks name no unit."""
    summary = itk.diffusion_summary(plan)
    assert summary["assignments_diffuse"] == pytest.approx(49 / 101)
    assert summary["assignments_unspecified"] == pytest.approx(17 / 101)
    assert summary["clauses_without_unit"] == pytest.approx(11 / 35)
    assert summary["tasks_without_unit"] == pytest.approx(9 / 26)


def test_single_points_counted_by_hand(plan: itk.Plan) -> None:
    table = itk.single_points(plan)
    # 二(二)2, 二(二)3-c, 二(二)4-c, 二(二)7-c
    assert table.loc["dg.human-resources", "sole_clauses"] == 4
    # 二(二)4-d and 三(五); 二(三)6
    assert set(table.index[table["isolated"]]) == {
        "dg.civilization-office",
        "dg.commerce",
    }
    # Without 市發改局, finance and the housing–transport–water trio fall away.
    assert set(table.index[table["cut_vertex"]]) == {"dg.development-reform"}


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_export_graph_reads_back(plan: itk.Plan, tmp_path: Path, suffix: str) -> None:
    """1 plan + 26 tasks + 35 clauses + 26 actors; 26 + 35 + 101 edges."""
    g = responsibility_network(plan, "2020-01-01")
    path = export_graph(g, tmp_path / f"plan{suffix}")
    if suffix == ".graphml":
        back = nx.read_graphml(path)
    elif suffix == ".gexf":
        back = nx.read_gexf(path)
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        back = nx.node_link_graph(data, edges="links")
    assert back.number_of_nodes() == 88
    assert back.number_of_edges() == 162
    node = back.nodes["unit:dg.market-regulation"]
    assert node["label_en"] == "Dongguan Administration of Market Regulation"
    assert node["label"] == "市市場監督管理局"


def test_export_graph_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GraphFormatError, match="name the file with one of"):
        export_graph(nx.Graph(), tmp_path / "plan.png")


def test_network_figure_labels_both_languages(plan: itk.Plan) -> None:
    fig = network_figure(plan)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert "市發改局\nDevelopment and Reform Bureau" in texts
