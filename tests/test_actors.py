"""plan.assignments() with who each unit is, as of a date, collectives expanded.

Counts are read by hand from the plan's tags (the answer key in fixtures).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest

import integrity_toolkit as itk
from integrity_toolkit.actors import unresolved_units
from integrity_toolkit.errors import InvalidDateError

WRITTEN = ["task_id", "clause_id", "unit", "role", "order", "line", "start", "end"]


def test_assignments_keep_the_written_columns_first(plan: itk.Plan) -> None:
    frame = plan.assignments()
    assert frame.columns[:8].tolist() == WRITTEN
    assert {"unit_id", "name_zh_hans", "name_zh_hant", "name_en"} <= set(frame)
    assert len(frame) == 101


def test_assignments_every_unit_resolves(plan: itk.Plan) -> None:
    frame = plan.assignments()
    assert frame["unit_id"].notna().all()
    assert frame["name_en"].str.len().gt(0).all()


def test_assignments_actor_kinds_counted_by_hand(plan: itk.Plan) -> None:
    """52 named units; 各部門 8 + 各園區、鎮街 23 + the group's members 1;
    各有關部門 9 + 有關部門 7 + 相關行業監管部門 1."""
    kinds = Counter(plan.assignments()["actor_kind"])
    assert kinds == {"unit": 52, "collective": 32, "unspecified": 17}


def test_assignments_industry_commerce_as_of_2020(plan: itk.Plan) -> None:
    """Only 二(二)6's second clause names 市工商局; in 2020 the
    market-regulation bureau holds it."""
    before = plan.assignments("2018-12-31")
    after = plan.assignments("2020-01-01")
    assert before.loc[before["unit"] == "市工商局", "clause_id"].tolist() == ["2.2.6-b"]
    row = after[after["unit"] == "市工商局"].iloc[0]
    assert row["unit_id"] == "dg.market-regulation"
    assert row["named_unit_id"] == "dg.industry-commerce"
    assert row["name_zh_hant"] == "東莞市市場監督管理局"
    assert row["name_en"] == "Dongguan Administration of Market Regulation"
    assert row["change"] == "merged-into 2019-02-15 (by)"
    assert before.loc[before["unit"] == "市工商局", "unit_id"].item() == (
        "dg.industry-commerce"
    )


def test_assignments_as_of_2020_changes_seventeen_rows(plan: itk.Plan) -> None:
    """市政務服務辦 5, 市網信辦 1, 市人力資源局 6, 市法制局 2, 市工商局 1,
    市衛生計生局 1, 市國土局 1: 17 rows change holder, none is lost."""
    frame = plan.assignments("2020-01-01")
    changed = frame[frame["change"].notna()]
    assert len(frame) == 101
    assert Counter(changed["unit"]) == {
        "市政務服務辦": 5,
        "市網信辦": 1,
        "市人力資源局": 6,
        "市法制局": 2,
        "市工商局": 1,
        "市衛生計生局": 1,
        "市國土局": 1,
    }
    assert (changed["unit_id"] != changed["named_unit_id"]).all()


def test_assignments_expand_collectives_counted_by_hand(plan: itk.Plan) -> None:
    """52 named units, 各部門 8 × 14 departments, 各園區、鎮街 23 × 37,
    plus 17 unspecified and 1 group whose members are unknown."""
    for day in ("2018-12-31", "2019-06-01"):
        frame = plan.assignments(day, expand=True)
        assert len(frame) == 52 + 8 * 14 + 23 * 37 + 17 + 1
        assert (frame.loc[frame["via"].notna(), "role"] == "collective").all()
    kept = plan.assignments(expand=True)
    assert kept.loc[kept["actor_kind"] == "collective", "unit"].tolist() == [
        "市社會信用體系建設統籌協調小組成員單位"
    ]


def test_assignments_simplified_plan_resolves_to_same_ids(
    plan: itk.Plan, hans_plan: itk.Plan
) -> None:
    hant = plan.assignments()["unit_id"].tolist()
    assert hans_plan.assignments()["unit_id"].tolist() == hant


def test_assignments_unknown_unit_is_kept_and_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    plan = itk.parse_plan("一、任務\n1.甲。(市發展局、市財政局負責)")
    with caplog.at_level(logging.WARNING):
        frame = plan.assignments()
    assert frame["unit"].tolist() == ["市發展局", "市財政局"]
    assert frame["actor_kind"].tolist() == ["unknown", "unit"]
    assert pd.isna(frame.loc[0, "unit_id"])
    assert "市發展局" in caplog.text and "市發改局" in caplog.text
    report = unresolved_units(frame)
    assert report["unit"].tolist() == ["市發展局"]
    assert report.loc[0, "candidates"].startswith("市發改局")


@pytest.mark.parametrize(
    ("as_of", "match"),
    [("2020-13-01", "not a date; write it as YYYY-MM-DD"), ("soon", "e.g. 2020-01-01")],
)
def test_assignments_bad_as_of_is_refused(
    plan: itk.Plan, as_of: str, match: str
) -> None:
    with pytest.raises(InvalidDateError, match=match) as caught:
        plan.assignments(as_of)
    assert isinstance(caught.value, ValueError)


def test_import_does_not_load_the_registry() -> None:
    """The registry (and OpenCC) load on first use, not on import."""
    code = (
        "import sys, integrity_toolkit;"
        "print('integrity_toolkit.registry' in sys.modules, 'opencc' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
