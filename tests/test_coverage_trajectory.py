"""Required path, projection and rating, against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from integrity_toolkit import coverage as cv

BY_2020 = cv.CoverageTarget(
    "t",
    "公務員信用檔案覆蓋率",
    "n",
    "d",
    (cv.Threshold(dt.date(2020, 12, 31), 100.0, "東府〔2018〕124號"),),
    ("市人力資源局",),
    "test",
)
PROVINCE = cv.CoverageTarget(
    "p",
    "公務員信用檔案覆蓋率",
    "n",
    "d",
    (
        cv.Threshold(dt.date(2015, 12, 31), 85.0, "province"),
        cv.Threshold(dt.date(2020, 12, 31), 100.0, "province"),
    ),
    (),
    "test",
)
OCT, NOV, DEC = dt.date(2019, 10, 31), dt.date(2019, 11, 30), dt.date(2019, 12, 31)


@pytest.mark.parametrize(
    ("target", "baseline", "value", "end", "expected"),
    [
        # 50 → 100 over the 12 months of 2020: 25 points in 6 months
        (BY_2020, DEC, 50.0, dt.date(2020, 6, 30), 75.0),
        (BY_2020, DEC, 50.0, dt.date(2020, 12, 31), 100.0),
        (BY_2020, DEC, 50.0, dt.date(2021, 3, 31), 100.0),
        # 40 at the end of 2014 → 85 by the end of 2015: 22.5 points in 6 months
        (PROVINCE, dt.date(2014, 12, 31), 40.0, dt.date(2015, 6, 30), 62.5),
        # then 85 → 100 over 60 months: 36 months give 9 more points
        (PROVINCE, dt.date(2014, 12, 31), 40.0, dt.date(2018, 12, 31), 94.0),
        # a baseline after the 2015 threshold runs straight to 2020
        (PROVINCE, DEC, 70.0, dt.date(2020, 4, 30), 80.0),
    ],
)
def test_required_path_hand_values(
    target: cv.CoverageTarget,
    baseline: dt.date,
    value: float,
    end: dt.date,
    expected: float,
) -> None:
    (got,) = cv.required_path(target, baseline, value, [end])
    assert got == pytest.approx(expected)


def test_required_path_before_baseline_is_empty() -> None:
    (got,) = cv.required_path(BY_2020, DEC, 50.0, [NOV])
    assert pd.isna(got)


def test_project_noisy_line_hand_values() -> None:
    """10, 20, 24 at months 0, 1, 2: mean x 1, mean y 18, Sxx 2, Sxy 14, so
    slope 7. Residuals -1, 2, -1: SSE 6, s² = 6 with 1 degree of freedom.
    March 2020 is month 5: ŷ = 18 + 7·4 = 46; se = √(6·(1 + 1/3 + 16/2)) =
    √56 = 7.483; t(0.95, 1) = 6.314 from the table, so 46 ± 47.25: lower
    clipped to 0, upper 93.25. 50 is reached at month (50 − 11)/7 = 5.57, so
    at the end of month 6, April 2020."""
    series = pd.Series([10.0, 20.0, 24.0], index=[OCT, NOV, DEC])
    p = cv.project(series, dt.date(2020, 3, 31), 50.0)
    assert p.points == 3
    assert p.slope == pytest.approx(7.0)
    assert p.at_deadline == pytest.approx(46.0)
    assert p.lower == 0.0
    assert p.upper == pytest.approx(46 + 6.314 * 56**0.5, abs=0.01)
    assert p.reach_date == dt.date(2020, 4, 30)


def test_project_window_uses_last_months_only() -> None:
    """With window 3 only 60, 62, 64 count: 2 points a month, 88 by Dec 2020."""
    ends = [dt.date(2019, 8, 31), dt.date(2019, 9, 30), OCT, NOV, DEC]
    series = pd.Series([5.0, 90.0, 60.0, 62.0, 64.0], index=ends)
    p = cv.project(series, dt.date(2020, 12, 31), 100.0, window=3)
    assert p.at_deadline == pytest.approx(88.0)


def test_project_falling_line_never_reaches() -> None:
    series = pd.Series([64.0, 62.0, 60.0], index=[OCT, NOV, DEC])
    assert cv.project(series, dt.date(2020, 12, 31), 100.0).reach_date is None


def _coverage(series: dict[str, list[float]], ends: list[dt.date]) -> cv.Coverage:
    rows = [
        (unit, end, 100, value, value)
        for unit, values in series.items()
        for end, value in zip(ends, values, strict=True)
    ]
    frame = pd.DataFrame(
        rows, columns=["unit", "month_end", "headcount", "covered", "coverage"]
    )
    return cv.Coverage(frame, pd.DataFrame())


@pytest.mark.parametrize(
    ("values", "rating", "projected"),
    [
        # +1 a month from 92: 104 at Dec 2020, clipped to 100
        ([90.0, 91.0, 92.0], "green", 100.0),
        # +1 a month from 86: 98, 2 points short
        ([84.0, 85.0, 86.0], "amber", 98.0),
        # exactly 5 points short still rates amber
        ([81.0, 82.0, 83.0], "amber", 95.0),
        # +1 a month from 82: 94, 6 points short and a perfect line
        ([80.0, 81.0, 82.0], "red", 94.0),
        # already at 100
        ([96.0, 98.0, 100.0], "green", 100.0),
        # 70, 84, 72: slope 1, 88.3 at the deadline, but s² = 112.7 gives an
        # interval far wider than the 11.7 points short
        ([70.0, 84.0, 72.0], "amber", 75 + 1 / 3 + 13),
    ],
)
def test_assess_rating_hand_values(
    values: list[float], rating: str, projected: float
) -> None:
    table = cv.assess(_coverage({"u": values}, [OCT, NOV, DEC]), BY_2020, DEC)
    row = table.set_index("unit").loc["u"]
    assert str(row["rating"]) == rating
    assert row["projected"] == pytest.approx(projected)


def test_assess_fewer_than_three_month_ends_unrated() -> None:
    table = cv.assess(_coverage({"u": [50.0, 60.0]}, [NOV, DEC]), BY_2020, DEC)
    assert str(table.loc[0, "rating"]) == "unrated"


@pytest.mark.parametrize(("final", "rating"), [(100.0, "green"), (99.0, "red")])
def test_assess_after_deadline_judges_the_deadline_value(
    final: float, rating: str
) -> None:
    ends = [dt.date(2020, 11, 30), dt.date(2020, 12, 31), dt.date(2021, 1, 31)]
    data = _coverage({"u": [95.0, final, 100.0]}, ends)
    table = cv.assess(data, BY_2020, dt.date(2021, 1, 31))
    assert str(table.loc[0, "rating"]) == rating


def test_assess_at_risk_first_and_rule_stated() -> None:
    data = _coverage(
        {
            "green": [90.0, 91.0, 92.0],
            "red": [80.0, 81.0, 82.0],
            "amber": [84.0, 85.0, 86.0],
            cv.OVERALL: [84.0, 85.0, 86.0],
        },
        [OCT, NOV, DEC],
    )
    table = cv.assess(data, BY_2020, DEC)
    assert table["unit"].tolist() == ["red", "amber", "green", cv.OVERALL]
    assert "5 points" in table.attrs["rating_rule"]
    assert "90% prediction interval" in table.attrs["rating_rule"]


def test_assess_required_and_gap_from_baseline() -> None:
    """Baseline 64 at Dec 2019: 36 points over 12 months, 3 a month.
    At Mar 2020 the path asks 73; actual 70 is 3 behind."""
    ends = [DEC, dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2020, 3, 31)]
    data = _coverage({"u": [64.0, 66.0, 68.0, 70.0]}, ends)
    row = cv.assess(data, BY_2020, ends[-1]).iloc[0]
    assert row["required"] == pytest.approx(73.0)
    assert row["gap"] == pytest.approx(-3.0)
    # 2 points a month from 70 in March: 88 by December, 100 after 15 months
    assert row["projected"] == pytest.approx(88.0)
    assert row["reach_date"] == dt.date(2021, 6, 30)


def test_suppress_small_units_blanks_figures_keeps_overall() -> None:
    data = _coverage(
        {"big": [50.0, 60.0, 70.0], "small": [50.0, 60.0, 70.0]}, [OCT, NOV, DEC]
    )
    frame = data.monthly.copy()
    frame.loc[frame["unit"] == "small", "headcount"] = [12, 9, 12]
    shown = cv.suppress_small_units(frame, min_people=10)
    small = shown[shown["unit"] == "small"]
    assert small["suppressed"].all() and small["coverage"].isna().all()
    assert small["headcount"].isna().all()
    assert not shown.loc[shown["unit"] == "big", "suppressed"].any()
    assert shown.loc[shown["unit"] == "big", "coverage"].tolist() == [50.0, 60.0, 70.0]


def test_trajectories_unit_empty_at_baseline_starts_later() -> None:
    """Nobody in post at the end of 2019; 50% at the end of June 2020, so the
    path runs from there: 50 points over 6 months, 75 at the end of September."""
    ends = [DEC, dt.date(2020, 6, 30), dt.date(2020, 9, 30)]
    frame = pd.DataFrame(
        {
            "unit": ["u"] * 3,
            "month_end": ends,
            "headcount": [0, 10, 10],
            "covered": [0, 5, 6],
            "coverage": [float("nan"), 50.0, 60.0],
        }
    )
    trend = cv.trajectories(cv.Coverage(frame, pd.DataFrame()), BY_2020)
    required = trend["required"].tolist()
    assert pd.isna(required[0]) and required[1:] == pytest.approx([50.0, 75.0])


@pytest.mark.parametrize(
    ("values", "ends", "as_of", "lang", "reason"),
    [
        # 96, 98, 100: 100 already reached in December
        (
            [96.0, 98.0, 100.0],
            [OCT, NOV, DEC],
            DEC,
            "zh-Hans",
            "覆盖率为100%，已达到目标100%",
        ),
        # 60, 62, 64: 2 a month, 88 at the end of 2020, 12 short of 100
        (
            [60.0, 62.0, 64.0],
            [OCT, NOV, DEC],
            DEC,
            "zh-Hant",
            "預計截止日期覆蓋率為88%，距目標100%相差超過5個百分點",
        ),
        # 90, 91, 92: 1 a month, 104 at the end of 2020
        (
            [90.0, 91.0, 92.0],
            [OCT, NOV, DEC],
            DEC,
            "zh-Hans",
            "预计截止日期覆盖率为100%，可达到目标100%",
        ),
        # 84, 85, 86: 1 a month, 98 at the end of 2020, 2 short of 100
        (
            [84.0, 85.0, 86.0],
            [OCT, NOV, DEC],
            DEC,
            "zh-Hans",
            "预计截止日期覆盖率为98%，与目标100%相差不超过5个百分点",
        ),
        ([50.0, 60.0], [NOV, DEC], DEC, "zh-Hant", "僅有2個月末數據，不足以預測"),
        (
            [95.0, 99.0],
            [dt.date(2020, 11, 30), dt.date(2020, 12, 31)],
            dt.date(2021, 1, 31),
            "zh-Hans",
            "截止日期覆盖率为99%，未达到目标100%",
        ),
        (
            [95.0, 99.0],
            [OCT, NOV],
            dt.date(2021, 1, 31),
            "zh-Hant",
            "截止日期2020-12-31無覆蓋率數據，記錄截至2019-11-30",
        ),
        ([50.0, 60.0], [NOV, DEC], DEC, "en", "only 2 month end(s) to fit"),
    ],
)
def test_assess_reason_in_each_language_hand_sentences(
    values: list[float],
    ends: list[dt.date],
    as_of: dt.date,
    lang: str,
    reason: str,
) -> None:
    table = cv.assess(_coverage({"u": values}, ends), BY_2020, as_of, lang=lang)
    assert table.loc[0, "reason"] == reason
