"""Coverage charts: units at risk first, small units left out, synthetic labelled."""

from __future__ import annotations

import datetime as dt

import matplotlib.pyplot as plt
import pandas as pd

from integrity_toolkit import coverage as cv

ENDS = [dt.date(2019, 10, 31), dt.date(2019, 11, 30), dt.date(2019, 12, 31)]
TARGET = cv.default_targets()[0]  # 100% by 2020-12-31


def _inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    series = {
        "green": ([90.0, 91.0, 92.0], 50),
        "red": ([80.0, 81.0, 82.0], 50),
        "tiny": ([10.0, 11.0, 12.0], 4),
    }
    rows = [
        (unit, end, people, value, value)
        for unit, (values, people) in series.items()
        for end, value in zip(ENDS, values, strict=True)
    ]
    frame = pd.DataFrame(
        rows, columns=["unit", "month_end", "headcount", "covered", "coverage"]
    )
    data = cv.Coverage(frame, pd.DataFrame(), synthetic=True)
    return cv.trajectories(data, TARGET), cv.assess(data, TARGET, ENDS[-1])


def test_trajectory_grid_at_risk_first_small_units_left_out() -> None:
    trend, table = _inputs()
    fig = cv.trajectory_grid(trend, table, synthetic=True, min_people=10)
    titles = [ax.get_title() for ax in fig.axes if ax.has_data()]
    assert titles == ["red (red)", "green (green)"]
    assert "[SYNTHETIC DEMO DATA]" in fig.texts[0].get_text()
    plt.close(fig)


def test_coverage_heatmap_rows_at_risk_first() -> None:
    trend, table = _inputs()
    fig = cv.coverage_heatmap(trend, table, min_people=10)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["red [red]", "green [green]"]
    assert "SYNTHETIC" not in fig.axes[0].get_title()
    plt.close(fig)
