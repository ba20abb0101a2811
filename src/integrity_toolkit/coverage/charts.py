"""Charts of coverage: actual against required path, and a heat map of units.

Both draw units at risk first (the order of :func:`assess`), leave out units
too small to show (:func:`suppress_small_units`), and say in the title when
the data are synthetic.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from integrity_toolkit.charts import use_cjk_font
from integrity_toolkit.coverage.monthly import OVERALL
from integrity_toolkit.coverage.privacy import DEFAULT_MIN_PEOPLE, small_units
from integrity_toolkit.coverage.trajectory import Rating

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["RATING_COLOURS", "coverage_heatmap", "trajectory_grid"]

#: Colour of each delivery-confidence rating in coverage charts.
RATING_COLOURS = {
    Rating.RED.value: "#c0392b",
    Rating.AMBER.value: "#e67e22",
    Rating.GREEN.value: "#27ae60",
    Rating.UNRATED.value: "#95a5a6",
}
_SYNTHETIC = "  [SYNTHETIC DEMO DATA]"


def _example() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trajectories and assessment of a small synthetic population."""
    import datetime as dt

    from integrity_toolkit import coverage as cv

    start, end = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    people = cv.synthetic_population(600, ["市發改局", "市財政局"], start, end, seed=2)
    result = cv.coverage_from_records(people, start, end, synthetic=True)
    target = cv.default_targets()[0]
    return cv.trajectories(result, target), cv.assess(result, target, end)


def _shown_units(
    assessment: pd.DataFrame, trend: pd.DataFrame, min_people: int, top: int | None
) -> list[str]:
    """Units in the assessment's order (at risk first), small ones left out."""
    hidden = set(small_units(trend, min_people)) - {OVERALL}
    units = [u for u in assessment["unit"] if u not in hidden]
    return units[:top] if top else units


def trajectory_grid(
    trend: pd.DataFrame,
    assessment: pd.DataFrame,
    synthetic: bool = False,
    min_people: int = DEFAULT_MIN_PEOPLE,
    top: int | None = 12,
    columns: int = 3,
) -> Figure:
    """Actual coverage against the required path, one panel per unit.

    Parameters
    ----------
    trend : DataFrame
        From :func:`~integrity_toolkit.coverage.trajectories`.
    assessment : DataFrame
        From :func:`~integrity_toolkit.coverage.assess`: gives the order
        (at risk first) and the rating that colours each panel.
    synthetic : bool
        Label the chart as synthetic demo data.
    min_people : int
        Units with fewer people at any month end are not drawn.
    top : int, optional
        How many units to draw (the overall row counts as one).
    columns : int
        Panels per row.

    Examples
    --------
    >>> trend, table = _example()  # two units, synthetic, rated as of 2019-12-31
    >>> fig = trajectory_grid(trend, table, synthetic=True)
    >>> len([ax for ax in fig.axes if ax.has_data()])
    3
    """
    use_cjk_font()
    units = _shown_units(assessment, trend, min_people, top)
    rows = max(1, math.ceil(len(units) / columns))
    fig, axes = plt.subplots(
        rows, columns, figsize=(4 * columns, 2.6 * rows), sharey=True, squeeze=False
    )
    ratings = assessment.set_index("unit")["rating"].astype(str)
    for ax, unit in zip(axes.flat, units, strict=False):
        line = trend[trend["unit"] == unit]
        colour = RATING_COLOURS[ratings[unit]]
        ax.plot(line["month_end"], line["required"], "--", color="#7f8c8d")
        ax.plot(line["month_end"], line["actual"], "-", color=colour, linewidth=2)
        ax.set_title(f"{unit} ({ratings[unit]})", fontsize=9, color=colour)
        ax.set_ylim(0, 105)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(units) :]:
        ax.set_axis_off()
    fig.suptitle(
        "Credit-file coverage (%): actual (solid) against required path (dashed)"
        + (_SYNTHETIC if synthetic else "")
    )
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def coverage_heatmap(
    trend: pd.DataFrame,
    assessment: pd.DataFrame,
    synthetic: bool = False,
    min_people: int = DEFAULT_MIN_PEOPLE,
    top: int | None = 40,
) -> Figure:
    """Coverage of each unit at each month end, units at risk on top.

    Parameters are those of :func:`trajectory_grid`; each row is labelled
    with the unit's rating.

    Parameters
    ----------
    trend : pandas.DataFrame
        From :func:`~integrity_toolkit.coverage.trajectories`: ``unit``,
        ``month_end`` and ``actual`` (coverage in percent).
    assessment : pandas.DataFrame
        From :func:`~integrity_toolkit.coverage.assess`: gives the order (at
        risk first) and the rating shown beside each unit.
    synthetic : bool, default False
        Label the chart as synthetic demo data.
    min_people : int, default ``DEFAULT_MIN_PEOPLE``
        Units with fewer people at any month end are not drawn.
    top : int or None, default 40
        How many units to draw; None draws all.

    Examples
    --------
    >>> trend, table = _example()  # two units, synthetic, rated as of 2019-12-31
    >>> fig = coverage_heatmap(trend, table, synthetic=True)
    >>> "[SYNTHETIC DEMO DATA]" in fig.axes[0].get_title()
    True
    """
    use_cjk_font()
    units = _shown_units(assessment, trend, min_people, top)
    table = trend.pivot(index="unit", columns="month_end", values="actual")
    table = table.reindex(units)
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(units) + 1.8))
    image = ax.imshow(
        table.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn", vmin=0, vmax=100
    )
    ratings = assessment.set_index("unit")["rating"].astype(str)
    ax.set_yticks(np.arange(len(units)))
    ax.set_yticklabels([f"{u} [{ratings[u]}]" for u in units], fontsize=8)
    step = max(1, len(table.columns) // 12)
    ax.set_xticks(np.arange(0, len(table.columns), step))
    ax.set_xticklabels(
        [d.strftime("%Y-%m") for d in table.columns[::step]], rotation=45, fontsize=8
    )
    fig.colorbar(image, ax=ax, label="coverage (%)")
    ax.set_title(
        "Credit-file coverage by unit and month end, at risk first"
        + (_SYNTHETIC if synthetic else "")
    )
    fig.tight_layout()
    return fig
