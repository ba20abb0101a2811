"""Required trajectory, projection to the deadline and delivery confidence.

**Required trajectory.** From the coverage at the baseline month end, a
straight line in months to each threshold dated after the baseline (85% by
2015-12-31, then 100% by 2020-12-31, …), flat at the last value after it.
Before the baseline it is empty.

**Projection.** An ordinary least-squares line of coverage (percentage
points) on month number, fitted to the last ``window`` month ends up to the
as-of date that have a coverage (6 by default; at least 3 are needed),
extended to the deadline's month end. Its prediction interval at level
``level`` (90% by default) is ``ŷ ± t(n-2) · s · sqrt(1 + 1/n +
(x₀ - x̄)² / Sxx)``, with ``s`` the residual standard deviation. Projection
and bounds are clipped to 0–100. The projected date of reaching the target
is the first month end at which the line reaches it (or the month end at
which the coverage first did, if it already has); none when the line does
not rise.

**Rating** (:data:`RATING_RULE`), with the default margin of 5 points:

- after the deadline, green if the coverage at the deadline reached the
  target, red if not;
- green if the coverage already reaches the target, or the projection at
  the deadline does;
- amber if the projection falls short by at most 5 points, or the upper
  bound of its prediction interval reaches the target: on the present
  trend the target is missed, but narrowly or not surely, so a push now
  can still save it;
- red otherwise: the trend misses the target by more than the margin and
  even its optimistic bound does;
- unrated with fewer than 3 month ends to fit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from integrity_toolkit._enums import CodeEnum
from integrity_toolkit.coverage.monthly import OVERALL, Coverage, month_ends
from integrity_toolkit.coverage.records import month_number
from integrity_toolkit.coverage.targets import CoverageTarget
from integrity_toolkit.glossary import Language, phrase

__all__ = [
    "RATING_RULE",
    "Projection",
    "Rating",
    "assess",
    "project",
    "required_path",
    "trajectories",
]

#: The rating rule, as the assessment states it (``{margin}``, ``{level}``
#: and ``{window}`` are filled in).
RATING_RULE = (
    "after the deadline: green if coverage at the deadline reached the target, "
    "else red. Before it: green if coverage already reaches the target or the "
    "least-squares projection over the last {window} month ends reaches it at "
    "the deadline; amber if the projection falls short by at most {margin:g} "
    "points or the upper bound of its {level:g}% prediction interval reaches the "
    "target; red otherwise; unrated with fewer than 3 month ends to fit."
)
_TOLERANCE = 1e-9
_MIN_POINTS = 3


class Rating(CodeEnum):
    """Delivery confidence of a unit's target."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    UNRATED = "unrated"


_SEVERITY = {Rating.RED: 0, Rating.AMBER: 1, Rating.UNRATED: 2, Rating.GREEN: 3}


@dataclass(frozen=True, slots=True)
class Projection:
    """A straight-line projection of coverage to a deadline.

    ``slope`` is in percentage points per month; ``at_deadline``, ``lower``
    and ``upper`` are percentages (NaN when fewer than 3 points were fitted);
    ``reach_date`` is the month end the target is reached, or None.
    """

    points: int
    slope: float
    at_deadline: float
    lower: float
    upper: float
    reach_date: dt.date | None


def required_path(
    target: CoverageTarget,
    baseline: dt.date,
    baseline_value: float,
    ends: list[dt.date],
) -> np.ndarray:
    """The coverage required at each month end to stay on the target's path.

    Parameters
    ----------
    target : CoverageTarget
        The target; its thresholds after the baseline month are the points
        the path runs through.
    baseline : datetime.date
        The date the path starts from.
    baseline_value : float
        Coverage (percent) at ``baseline``.
    ends : list of datetime.date
        The month ends to give the required value at.

    Returns
    -------
    numpy.ndarray
        One value (percent) per month end: a straight line between dated
        thresholds, month by month, the last value held after the deadline,
        and NaN before the baseline's month.

    Examples
    --------
    From 60% at the end of 2019 to 100% by the end of 2020 is 40 points in
    12 months:

    >>> from integrity_toolkit.coverage.targets import default_targets
    >>> target = default_targets()[0]  # 100% by 2020-12-31
    >>> ends = [dt.date(2019, 11, 30), dt.date(2019, 12, 31), dt.date(2020, 3, 31),
    ...         dt.date(2021, 1, 31)]
    >>> required_path(target, dt.date(2019, 12, 31), 60.0, ends).round(6).tolist()
    [nan, 60.0, 70.0, 100.0]
    """
    start = month_number(baseline)
    later = [t for t in target.thresholds if month_number(t.date) > start]
    xp = [start] + [month_number(t.date) for t in later]
    fp = [baseline_value] + [t.value for t in later]
    x = np.array([month_number(d) for d in ends], dtype=float)
    return np.where(x < start, np.nan, np.interp(x, xp, fp))


def project(
    series: pd.Series,
    deadline: dt.date,
    target_value: float,
    window: int = 6,
    level: float = 0.90,
) -> Projection:
    """Fit a line to the last ``window`` values of a coverage series.

    Parameters
    ----------
    series : Series
        Coverage (percent) indexed by month end, up to the as-of date.
    deadline : date
        The month end to project to.
    target_value : float
        The coverage to reach, for the date of reaching it.
    window : int
        How many of the last month ends with a value to fit.
    level : float
        The prediction interval's level.

    Examples
    --------
    Coverage 60, 62, 64 at the end of Oct, Nov, Dec 2019 rises 2 points a
    month; 12 more months give 88 at the end of 2020, and 100 is reached
    after 18 months, at the end of June 2021:

    >>> ends = [dt.date(2019, 10, 31), dt.date(2019, 11, 30), dt.date(2019, 12, 31)]
    >>> p = project(pd.Series([60.0, 62.0, 64.0], index=ends), dt.date(2020, 12, 31),
    ...             100.0)
    >>> round(p.slope, 6), round(p.at_deadline, 6), p.reach_date
    (2.0, 88.0, datetime.date(2021, 6, 30))
    """
    values = series.dropna().tail(window)
    points = len(values)
    reached = series.dropna()[series.dropna() >= target_value - _TOLERANCE]
    if points < _MIN_POINTS:
        first = reached.index[0] if len(reached) else None
        return Projection(points, math.nan, math.nan, math.nan, math.nan, first)
    x = np.array([month_number(d) for d in values.index], dtype=float)
    y = values.to_numpy(dtype=float)
    dx = x - x.mean()
    sxx = float(dx @ dx)
    slope = float(dx @ (y - y.mean())) / sxx
    intercept = y.mean() - slope * x.mean()
    x0 = month_number(deadline)
    fitted = y.mean() + slope * (x0 - x.mean())
    residual = y - y.mean() - slope * dx
    spread = math.sqrt(float(residual @ residual) / (points - 2))
    error = spread * math.sqrt(1 + 1 / points + (x0 - x.mean()) ** 2 / sxx)
    half = float(stats.t.ppf((1 + level) / 2, points - 2)) * error
    reach = reached.index[0] if len(reached) else _reach(slope, intercept, target_value)
    return Projection(
        points,
        float(slope),
        _percent(fitted),
        _percent(fitted - half),
        _percent(fitted + half),
        reach,
    )


def _percent(value: float) -> float:
    return float(min(max(value, 0.0), 100.0))


def _reach(slope: float, intercept: float, value: float) -> dt.date | None:
    """The first month end at which the line reaches ``value``."""
    if slope <= _TOLERANCE:
        return None
    month = math.ceil((value - intercept) / slope - _TOLERANCE)
    return month_ends(_first_of(month), _first_of(month))[0]


def _first_of(month: int) -> dt.date:
    year, index = divmod(month, 12)
    return dt.date(1970 + year, index + 1, 1)


def trajectories(
    coverage: Coverage, target: CoverageTarget, baseline: dt.date | None = None
) -> pd.DataFrame:
    """Actual and required coverage of every unit at every month end.

    Parameters
    ----------
    coverage : Coverage
        Coverage at month ends.
    target : CoverageTarget
        The target whose thresholds the required path runs to.
    baseline : date, optional
        The month end the path starts from; the first month end by default.
        A unit with no coverage then (nobody in post) starts from its first
        month end with a coverage.

    Returns
    -------
    DataFrame
        ``unit``, ``month_end``, ``headcount``, ``actual``, ``required``.

    Examples
    --------
    From 40% at the end of 2019, the path to 100% by the end of 2020 asks
    for 70% at the end of June 2020:

    >>> from integrity_toolkit.coverage.targets import default_targets
    >>> frame = pd.DataFrame({"unit": ["市發改局"] * 2,
    ...     "month_end": [dt.date(2019, 12, 31), dt.date(2020, 6, 30)],
    ...     "headcount": [10, 10], "covered": [4, 5], "coverage": [40.0, 50.0]})
    >>> trend = trajectories(Coverage(frame, pd.DataFrame()), default_targets()[0])
    >>> trend["required"].tolist()
    [40.0, 70.0]
    """
    frame = coverage.monthly
    start = baseline or min(frame["month_end"])
    ends = sorted(frame["month_end"].unique())
    parts = []
    for unit, rows in frame.groupby("unit", sort=False):
        rows = rows.set_index("month_end").reindex(ends)
        known = rows["coverage"].dropna()
        known = known[known.index >= start]
        base_date = known.index[0] if len(known) else start
        base = known.iloc[0] if len(known) else math.nan
        parts.append(
            pd.DataFrame(
                {
                    "unit": unit,
                    "month_end": ends,
                    "headcount": rows["headcount"].to_numpy(),
                    "actual": rows["coverage"].to_numpy(dtype=float),
                    "required": required_path(target, base_date, base, ends),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def assess(
    coverage: Coverage,
    target: CoverageTarget,
    as_of: dt.date,
    baseline: dt.date | None = None,
    window: int = 6,
    level: float = 0.90,
    margin: float = 5.0,
    lang: Language | str = Language.EN,
) -> pd.DataFrame:
    """Where each unit stands, whether it is on track, and who will miss.

    Parameters
    ----------
    coverage : Coverage
        Coverage at month ends.
    target : CoverageTarget
        The target; its last threshold is the deadline.
    as_of : date
        Only month ends on or before it are used; an as-of date after the
        deadline rates at the deadline (figures as at the deadline).
    baseline : date, optional
        Start of the required path; the first month end by default.
    window, level : int, float
        Month ends fitted and prediction-interval level (see :func:`project`).
    margin : float
        Points short of the target that still rate amber.
    lang : {"en", "zh-Hans", "zh-Hant"}
        The language of the ``reason`` column (English by default).

    Returns
    -------
    DataFrame
        One row per unit, at risk first (red, amber, unrated, green, then
        lowest projection), the overall row last: ``headcount``,
        ``coverage`` and ``required`` at the as-of date, ``gap`` (coverage
        minus required), ``projected``, ``lower``, ``upper``, ``slope``,
        ``reach_date``, ``rating`` and ``reason``. ``attrs["rating_rule"]``
        states the rule; ``attrs["last_month_end"]`` is the last month end (ISO
        8601 text) of the coverage, to tell an as-of date beyond the records.

    Examples
    --------
    Rising 2 points a month from 64% at the end of 2019 gives 88% at the end
    of 2020, 12 points short of 100%:

    >>> from integrity_toolkit.coverage.targets import default_targets
    >>> ends = [dt.date(2019, 10, 31), dt.date(2019, 11, 30), dt.date(2019, 12, 31)]
    >>> frame = pd.DataFrame({"unit": ["市發改局"] * 3, "month_end": ends,
    ...     "headcount": [50] * 3, "covered": [30, 31, 32],
    ...     "coverage": [60.0, 62.0, 64.0]})
    >>> table = assess(Coverage(frame, pd.DataFrame()), default_targets()[0], ends[-1])
    >>> row = table.iloc[0]
    >>> float(row["projected"]), str(row["rating"]), row["reason"]
    (88.0, 'red', 'projected 88 at the deadline, more than 5 points short of 100')
    >>> data = Coverage(frame, pd.DataFrame())
    >>> assess(data, default_targets()[0], ends[-1], lang="zh-Hans")["reason"].iloc[0]
    '预计截止日期覆盖率为88%，距目标100%相差超过5个百分点'
    """
    deadline = target.deadline
    trend = trajectories(coverage, target, baseline)
    last_month_end = max(trend["month_end"], default=None)
    trend = trend[trend["month_end"] <= min(as_of, deadline.date)]
    rows = []
    for unit, series in trend.groupby("unit", sort=False):
        series = series.set_index("month_end")
        projection = project(
            series["actual"], deadline.date, deadline.value, window, level
        )
        rating, code, figures = _rate(
            series["actual"], projection, deadline, as_of, margin
        )
        last = series.iloc[-1]
        rows.append(
            {
                "unit": unit,
                "headcount": last["headcount"],
                "coverage": last["actual"],
                "required": last["required"],
                "gap": last["actual"] - last["required"],
                "projected": projection.at_deadline,
                "lower": projection.lower,
                "upper": projection.upper,
                "slope": projection.slope,
                "reach_date": projection.reach_date,
                "rating": rating,
                "reason": phrase(f"reason.{code}", lang, **figures),
            }
        )
    table = pd.DataFrame(rows)
    table = _at_risk_first(table)
    table.attrs["rating_rule"] = RATING_RULE.format(
        window=window, margin=margin, level=100 * level
    )
    table.attrs["deadline"] = deadline.date.isoformat()
    table.attrs["target"] = deadline.value
    table.attrs["last_month_end"] = (
        last_month_end.isoformat() if last_month_end is not None else None
    )
    return table


def _rate(
    actual: pd.Series,
    projection: Projection,
    deadline: object,
    as_of: dt.date,
    margin: float,
) -> tuple[Rating, str, dict[str, Any]]:
    """The rule of :data:`RATING_RULE`: the rating, its reason's code and figures.

    The code names the glossary's sentence ``reason.<code>``, which the
    figures fill in (see :func:`integrity_toolkit.glossary.phrase`).
    """
    target, due = deadline.value, deadline.date  # type: ignore[attr-defined]
    known = actual.dropna()
    if as_of >= due:
        final = known[known.index <= due]
        if final.empty or final.index[-1] != due:
            if not len(known):
                return Rating.UNRATED, "no_coverage_at_deadline", {"deadline": str(due)}
            ends = {"deadline": str(due), "records_end": str(known.index[-1])}
            return Rating.UNRATED, "no_coverage_records_end", ends
        value = {"value": final.iloc[-1], "target": target}
        if final.iloc[-1] >= target - _TOLERANCE:
            return Rating.GREEN, "deadline_reached", value
        return Rating.RED, "deadline_missed", value
    if len(known) and known.iloc[-1] >= target - _TOLERANCE:
        latest = {"value": known.iloc[-1], "target": target}
        return Rating.GREEN, "already_reached", latest
    if projection.points < _MIN_POINTS:
        return Rating.UNRATED, "too_few_points", {"points": projection.points}
    projected = projection.at_deadline
    figures = {"projected": projected, "target": target, "margin": margin}
    if projected >= target - _TOLERANCE:
        return Rating.GREEN, "projected_reaches", figures
    if projected >= target - margin - _TOLERANCE:
        return Rating.AMBER, "projected_within_margin", figures
    if projection.upper >= target - _TOLERANCE:
        figures["upper"] = projection.upper
        return Rating.AMBER, "upper_bound_reaches", figures
    return Rating.RED, "projected_short", figures


def _at_risk_first(table: pd.DataFrame) -> pd.DataFrame:
    severity = table["rating"].map(_SEVERITY)
    overall = table["unit"].eq(OVERALL)
    order = pd.DataFrame(
        {"overall": overall, "severity": severity, "projected": table["projected"]}
    ).sort_values(["overall", "severity", "projected"], kind="stable")
    return table.loc[order.index].reset_index(drop=True)
