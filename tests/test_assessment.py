"""The annual assessment: scheme checks, scores worked by hand, records, robustness.

The hand-worked case (default 2019 scheme: lead 0.35, co 0.15, collective
0.15, reporting 0.10, freshness 0.10, coverage 0.15; completion points
limited 0.25, substantial 0.75, complete 1; dishonest_debtor 10,
administrative_penalty 2, disciplinary_finding 3, repaired records count half):

- 甲局 (department): lead clauses complete and limited (mean 0.625), one co
  clause not reported (0), the collective clause substantial (0.75), 2 of 3
  clauses reported, fresh, coverage 90 of 100. Every indicator applies:
  21.875 + 0 + 11.25 + 6.6667 + 10 + 13.5 = 63.2917 (合格).
- 乙局 (department): lead substantial, no co clause, collective substantial,
  stale, coverage 100. Co does not apply, so the weights sum to 0.85:
  (26.25 + 11.25 + 10 + 0 + 15) / 0.85 = 73.5294; a dishonest-debtor listing
  (−10) and a repaired penalty (−1): 62.5294 (合格).
- 丙鎮 (town): a collective clause substantial, coverage 50, and a lead
  clause that towns are not scored on. Collective and coverage apply
  (0.15 + 0.15): 37.5 + 25 = 62.5; a disciplinary finding (−3), a 2018
  judgment ignored: 59.5 (不合格).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from integrity_toolkit.assessment import (
    AssessmentInputs,
    RecordError,
    SchemeError,
    add_records,
    assessment_inputs,
    default_scheme,
    effective_records,
    read_scheme,
    record_history,
    robustness,
    score_units,
)
from integrity_toolkit.assessment.perturbation import _correlations
from integrity_toolkit.ledger import Ledger

DEFAULT = (
    Path(__file__).parents[1] / "src/integrity_toolkit/assessment/schemes/2019.toml"
)


def _hand_case() -> dict[str, pd.DataFrame]:
    units = pd.DataFrame(
        {
            "unit": ["甲局", "乙局", "丙鎮"],
            "peer_group": ["department", "department", "town"],
        }
    )
    rows = [
        ("甲局", "c1", "lead", "complete"),
        ("甲局", "c2", "lead", "limited"),
        ("甲局", "c3", "co", "no_report"),
        ("甲局", "c4", "collective", "substantial"),
        ("乙局", "c1", "lead", "substantial"),
        ("乙局", "c4", "collective", "substantial"),
        ("丙鎮", "c4", "collective", "substantial"),
        ("丙鎮", "c5", "lead", "not_started"),
    ]
    state = pd.DataFrame(rows, columns=["unit", "clause_id", "role", "completion"])
    freshness = pd.DataFrame({"unit": ["甲局", "乙局"], "stale": [False, True]})
    coverage = pd.DataFrame(
        {"unit": ["甲局", "乙局", "丙鎮"], "coverage": [90.0, 100, 50]}
    )
    records = pd.DataFrame(
        {
            "unit": ["乙局", "乙局", "丙鎮", "丙鎮"],
            "date": [
                dt.date(2019, 3, 1),
                dt.date(2019, 6, 1),
                dt.date(2018, 12, 1),
                dt.date(2019, 2, 2),
            ],
            "kind": [
                "dishonest_debtor",
                "administrative_penalty",
                "unfulfilled_judgment",
                "disciplinary_finding",
            ],
            "repaired": [False, True, False, False],
        }
    )
    return {
        "units": units,
        "state": state,
        "freshness": freshness,
        "coverage": coverage,
        "records": records,
    }


@pytest.mark.parametrize(
    ("unit", "total", "rank", "grade"),
    [
        ("甲局", 56.625 + 20 / 3, 1, "合格"),
        ("乙局", 62.5 / 0.85 - 11, 2, "合格"),
        ("丙鎮", 59.5, 1, "不合格"),
    ],
)
def test_score_units_hand_case_matches_hand_values(
    unit: str, total: float, rank: int, grade: str
) -> None:
    scores = score_units(default_scheme(), **_hand_case()).scores.set_index("unit")
    assert scores.loc[unit, "total"] == pytest.approx(total, abs=1e-9)
    assert scores.loc[unit, "rank"] == rank
    assert scores.loc[unit, "grade"] == grade


@pytest.mark.parametrize(
    ("unit", "item", "points"),
    [
        ("甲局", "lead_completion", 21.875),
        ("甲局", "co_completion", 0.0),
        ("甲局", "reporting", 20 / 3),
        ("乙局", "lead_completion", 26.25 / 0.85),
        ("乙局", "freshness", 0.0),
        ("乙局", "deductions", -11.0),
        ("丙鎮", "lead_completion", 0.0),
        ("丙鎮", "collective_completion", 37.5),
        ("丙鎮", "coverage", 25.0),
    ],
)
def test_breakdown_hand_case_matches_hand_points(
    unit: str, item: str, points: float
) -> None:
    breakdown = score_units(default_scheme(), **_hand_case()).breakdown
    row = breakdown[(breakdown["unit"] == unit) & (breakdown["item"] == item)]
    assert row["points"].item() == pytest.approx(points, abs=1e-9)


def test_score_units_town_not_scored_on_department_clauses() -> None:
    """丙鎮's lead clause is not started, yet lead completion does not apply."""
    result = score_units(default_scheme(), **_hand_case())
    applies = result.applies.loc["丙鎮"]
    assert not applies["lead_completion"]
    assert list(applies[applies].index) == ["collective_completion", "coverage"]


def test_score_units_explanation_names_raise_and_deduction() -> None:
    scores = score_units(default_scheme(), **_hand_case()).scores.set_index("unit")
    text = scores.loc["乙局", "explanation"]
    assert "rank 2 of 2" in text
    assert "牽頭條款完成度 +30.9" in text
    assert "dishonest_debtor 2019-03-01 (−10)" in text
    assert "repaired (−1)" in text


def test_score_units_deductions_capped() -> None:
    case = _hand_case()
    many = pd.DataFrame(
        {
            "unit": ["丙鎮"] * 4,
            "date": [dt.date(2019, 1, 1)] * 4,
            "kind": ["dishonest_debtor"] * 4,
            "repaired": [False] * 4,
        }
    )
    case["records"] = many
    scores = score_units(default_scheme(), **case).scores.set_index("unit")
    assert scores.loc["丙鎮", "deductions"] == -30.0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["no_report", "not_started", "limited", "substantial", "complete"]
        ),
        min_size=6,
        max_size=6,
    ),
    st.lists(st.floats(0, 100), min_size=3, max_size=3),
)
def test_breakdown_sums_to_total_for_every_unit(
    completions: list[str], coverage: list[float]
) -> None:
    case = _hand_case()
    case["state"] = case["state"].iloc[:6].assign(completion=completions)
    case["coverage"] = case["coverage"].assign(coverage=coverage)
    result = score_units(default_scheme(), **case)
    sums = result.breakdown.groupby("unit")["points"].sum()
    totals = result.scores.set_index("unit")["total"]
    assert np.allclose(sums[totals.index], totals, atol=1e-9)


def test_default_scheme_weights_add_to_one() -> None:
    scheme = default_scheme(2019)
    assert sum(scheme.weights().values()) == pytest.approx(1.0)
    assert [b.grade for b in scheme.grades] == ["優秀", "良好", "合格", "不合格"]


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("year = 2019", 'year = 2019\ncolour = "red"', r"unknown key 'colour'"),
        ("weight = 0.35", "weight = 0.45", r"weights add up to 1\.1, not 1"),
        ('source = "coverage"\n', "", r"data source None"),
        ('source = "coverage"', 'source = "survey"', r"data source 'survey'"),
        ('role = "co"', 'role = "helper"', r"role 'helper'"),
        ("min = 80.0", "min = 95.0", r"best first with falling min"),
        ("repaired_factor = 0.5", "repaired_factor = 0.5\nfloor = 0", r"'floor'"),
        ('peer_groups = ["department", "other"]', 'peer_groups = ["city"]', "'city'"),
    ],
)
def test_read_scheme_bad_file_refused(
    tmp_path: Path, old: str, new: str, match: str
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(DEFAULT.read_text("utf-8").replace(old, new, 1), "utf-8")
    with pytest.raises(SchemeError, match=match):
        read_scheme(path)


def test_read_scheme_collects_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    text = DEFAULT.read_text("utf-8").replace("weight = 0.35", "weight = 0.45")
    path.write_text(text.replace("year = 2019", "year = 2019\ncolour = 1"), "utf-8")
    with pytest.raises(SchemeError) as caught:
        read_scheme(path)
    assert len(caught.value.problems) == 2


def test_default_scheme_unknown_year_refused() -> None:
    with pytest.raises(SchemeError, match=r"no shipped scheme for 1999"):
        default_scheme(1999)


def _record(**changes: object) -> pd.DataFrame:
    row = {
        "unit": "市水務局",
        "date": dt.date(2019, 5, 1),
        "kind": "dishonest_debtor",
        "source": "(2019)粵1971執123號",
    }
    return pd.DataFrame([{**row, **changes}])


def test_records_correction_and_repair_kept_as_history(store: str) -> None:
    ledger = Ledger(store)
    first = add_records(ledger, _record(), recorded_at=dt.datetime(2019, 5, 2))
    add_records(
        ledger,
        _record(
            unit="市交通局", action="correction", supersedes=first[0], reason="unit"
        ),
        recorded_at=dt.datetime(2019, 6, 1),
    )
    add_records(
        ledger,
        _record(date=dt.date(2019, 10, 1), action="repair", supersedes=first[0]),
        recorded_at=dt.datetime(2019, 10, 2),
    )
    history = record_history(ledger)
    assert history["action"].tolist() == ["record", "correction", "repair"]
    now = effective_records(history, dt.date(2019, 12, 31))
    assert now[["unit", "repaired"]].values.tolist() == [["市交通局", True]]
    before = effective_records(
        record_history(ledger, dt.date(2019, 5, 31)), dt.date(2019, 5, 31)
    )
    assert before[["unit", "repaired"]].values.tolist() == [["市水務局", False]]


def test_records_refuse_update(store: str) -> None:
    ledger = Ledger(store)
    add_records(ledger, _record())
    with (
        pytest.raises(sa.exc.DatabaseError, match="append-only"),
        ledger.engine.begin() as conn,
    ):
        conn.execute(sa.text("UPDATE dishonesty_records SET unit = 'x'"))


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"kind": "rudeness"}, r"row 1, column kind: 'rudeness'"),
        ({"action": "repair"}, r"row 1, column supersedes: a repair must name"),
        ({"action": "correction", "supersedes": 99}, r"no record 99"),
        ({"action": "delete", "supersedes": 1}, r"column action: 'delete'"),
        ({"date": "2019-13-45"}, r"column date: '2019-13-45' is not a date"),
        ({"source": " "}, r"column source: empty"),
    ],
)
def test_add_records_bad_rows_refused_whole(
    changes: dict[str, object], match: str
) -> None:
    ledger = Ledger("sqlite://")
    add_records(ledger, _record())
    table = pd.concat([_record(), _record(**changes)], ignore_index=True)
    with pytest.raises(RecordError, match=match.replace("row 1", "row 2")):
        add_records(ledger, table)
    assert len(record_history(ledger)) == 1


def test_robustness_same_seed_same_figures() -> None:
    result = score_units(default_scheme(), **_hand_case())
    one = robustness(result, 500, concentration=20.0, seed=7)
    two = robustness(result, 500, concentration=20.0, seed=7)
    pd.testing.assert_frame_equal(one.units, two.units)
    pd.testing.assert_frame_equal(one.correlations, two.correlations)


def test_robustness_close_scores_flip_and_far_ones_do_not() -> None:
    """甲局 (63.3) and 乙局 (62.5) swap places under noisy weights; 丙鎮 is alone."""
    result = score_units(default_scheme(), **_hand_case())
    units = robustness(result, 2000, concentration=5.0, seed=1).units.set_index("unit")
    assert units.loc["甲局", "rank_high"] == 2
    assert units.loc["丙鎮", ["rank_low", "rank_high"]].tolist() == [1, 1]
    grades = [
        c for c in units.columns if c.startswith("p_") and c != "p_published_grade"
    ]
    assert np.allclose(units[grades].sum(axis=1), 1.0)


def test_robustness_huge_concentration_reproduces_published() -> None:
    result = score_units(default_scheme(), **_hand_case())
    check = robustness(result, 100, concentration=1e9, seed=0)
    assert check.units["p_published_grade"].tolist() == [1.0, 1.0, 1.0]
    assert not check.units["flips"].any()


def test_correlations_match_scipy() -> None:
    rng = np.random.default_rng(3)
    published = rng.normal(size=8)
    totals = published + rng.normal(scale=0.5, size=(3, 8))
    figures = _correlations(published, totals)
    taus = [stats.kendalltau(published, row).statistic for row in totals]
    rhos = [stats.spearmanr(published, row).statistic for row in totals]
    assert figures["kendall_median"] == pytest.approx(np.median(taus))
    assert figures["spearman_median"] == pytest.approx(np.median(rhos))


@pytest.fixture(scope="module")
def inputs() -> AssessmentInputs:
    records = pd.DataFrame(
        {
            "unit": ["虎門鎮"],
            "date": [dt.date(2019, 4, 1)],
            "kind": ["unkept_investment_promise"],
            "repaired": [False],
        }
    )
    return assessment_inputs(Ledger("sqlite://"), 2019, records=records)


@pytest.mark.parametrize(
    ("unit", "peer_group"),
    [("市發改局", "department"), ("市監委", "department"), ("虎門", "town")],
)
def test_assessment_inputs_peer_groups_from_registry(
    inputs: AssessmentInputs, unit: str, peer_group: str
) -> None:
    groups = inputs["units"].set_index("unit")["peer_group"]
    assert groups[unit] == peer_group
    assert groups.index.is_unique


def test_assessment_inputs_collective_clauses_given_to_members(
    inputs: AssessmentInputs,
) -> None:
    """各園區、鎮街 is one actor: every town answers its clauses, collectively."""
    state = inputs["state"]
    town = state[state["unit"] == "虎門"]
    assert set(town["role"]) == {"collective"}
    assert len(town) > 0
    assert "市社會信用體系建設統籌協調小組辦公室" not in set(state["unit"])


def test_assessment_inputs_record_names_follow_the_plan(
    inputs: AssessmentInputs,
) -> None:
    assert inputs["records"]["unit"].tolist() == ["虎門"]


def test_store_at_schema_2_gains_dishonesty_records(store: str) -> None:
    """A store made before migration 3 gets the table, guarded, when opened."""
    ledger = Ledger(store)
    with ledger.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE dishonesty_records"))
        conn.execute(sa.text("DELETE FROM schema_version WHERE version = 3"))
    reopened = Ledger(store)
    assert reopened.schema_version == 3
    assert add_records(reopened, _record()) == [1]
    with (
        pytest.raises(sa.exc.DatabaseError, match="append-only"),
        reopened.engine.begin() as conn,
    ):
        conn.execute(sa.text("DELETE FROM dishonesty_records"))


def test_score_units_year_selects_records() -> None:
    """Scored for 2018, only 丙鎮's 2018 judgment (−5) counts."""
    result = score_units(default_scheme(), **_hand_case(), year=2018)
    deductions = result.scores.set_index("unit")["deductions"]
    assert deductions.to_dict() == {"甲局": 0.0, "乙局": 0.0, "丙鎮": -5.0}


@pytest.mark.parametrize(
    ("lang", "explanation"),
    [
        (
            "zh-Hant",
            "乙局（部門）：得分62.5分，等次為合格，在同類2個單位中排名第2。"
            "得分構成：牽頭條款完成度30.9分、信用檔案覆蓋率達標17.6分、"
            "集體責任條款完成度13.2分、條款報送率11.8分。"
            "失分最多的指標：本季按時報送（滿分11.8分，得0.0分）；"
            "牽頭條款完成度（滿分41.2分，得30.9分）。"
            "失信記錄扣11.0分：失信被執行人（2019-03-01，扣10分）；"
            "行政處罰（2019-06-01，已信用修復，扣1分）。"
            "未計分指標：共同負責條款完成度（無數據或不適用於該類單位）。",
        ),
        (
            "en",
            "乙局 (department): 62.5 points, Pass, rank 2 of 2. Raised by "
            "Completion of clauses led +30.9, Credit-file coverage target +17.6, "
            "Completion of collective clauses +13.2, Clauses reported on +11.8. "
            "Lost most on Returns up to date (0.0 of 11.8), Completion of clauses "
            "led (30.9 of 41.2). Lowered by dishonesty records -11.0: dishonest "
            "debtor 2019-03-01 (−10); administrative penalty 2019-06-01, repaired "
            "(−1). Not scored on Completion of co-responsible clauses (no data or "
            "not its group).",
        ),
    ],
)
def test_score_units_explanation_in_a_language_hand_sentences(
    lang: str, explanation: str
) -> None:
    """乙局 applies 0.85 of the weights: lead 100·0.35/0.85·0.75 = 30.9 of 41.2,
    coverage 15/0.85 = 17.6, collective 11.25/0.85 = 13.2, reporting 10/0.85 =
    11.8, freshness 0 of 11.8; total 62.5/0.85 − 11 = 62.5. 乙局 is not in the
    unit registry, so its name stays as written."""
    result = score_units(default_scheme(), **_hand_case(), lang=lang)
    assert result.scores.set_index("unit").loc["乙局", "explanation"] == explanation
