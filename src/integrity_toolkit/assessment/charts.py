"""Charts of an assessment: the score breakdown and the rank intervals.

Both draw one peer group at a time, best first, and say in the title when
the data are synthetic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from integrity_toolkit.charts import use_cjk_font

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from integrity_toolkit.assessment.perturbation import Robustness
    from integrity_toolkit.assessment.scoring import Assessment

__all__ = ["breakdown_chart", "rank_interval_chart"]

_SYNTHETIC = "  [SYNTHETIC DEMO DATA]"


def _example() -> Assessment:
    import pandas as pd

    from integrity_toolkit.assessment.scheme import default_scheme
    from integrity_toolkit.assessment.scoring import score_units

    units = pd.DataFrame({"unit": ["甲局", "乙局"], "peer_group": ["department"] * 2})
    state = pd.DataFrame(
        {
            "unit": ["甲局", "乙局"],
            "clause_id": ["1", "1"],
            "role": ["lead", "lead"],
            "completion": ["complete", "limited"],
        }
    )
    return score_units(default_scheme(), units, state, synthetic=True)


def breakdown_chart(assessment: Assessment, peer_group: str = "department") -> Figure:
    """Each unit's points per indicator (stacked) and its deductions (below 0).

    Parameters
    ----------
    assessment : Assessment
        The scored year (:func:`~integrity_toolkit.assessment.score_units`).
    peer_group : str, default ``"department"``
        The peer group drawn: ``department``, ``town`` or ``other``.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per unit, lowest total on top.

    Examples
    --------
    >>> fig = breakdown_chart(_example())  # two invented departments
    >>> "[SYNTHETIC DEMO DATA]" in fig.axes[0].get_title()
    True
    """
    use_cjk_font()
    scores = assessment.scores[assessment.scores["peer_group"] == peer_group]
    scores = scores.sort_values("total")
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(scores) + 1.8))
    left = np.zeros(len(scores))
    for indicator in assessment.scheme.indicators:
        width = scores[indicator.id].to_numpy(dtype=float)
        ax.barh(scores["unit"], width, left=left, label=indicator.label)
        left += width
    ax.barh(scores["unit"], scores["deductions"], color="#c0392b", label="失信扣分")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("points")
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(
        f"{assessment.year} scores of {peer_group} units by indicator"
        + (_SYNTHETIC if assessment.synthetic else "")
    )
    fig.tight_layout()
    return fig


def rank_interval_chart(
    check: Robustness, peer_group: str = "department", synthetic: bool = False
) -> Figure:
    """Each unit's published rank and its rank interval under weight noise.

    Parameters
    ----------
    check : Robustness
        The result of :func:`~integrity_toolkit.assessment.robustness`.
    peer_group : str, default ``"department"``
        The peer group drawn: ``department``, ``town`` or ``other``.
    synthetic : bool, default False
        Label the chart as synthetic demo data.

    Returns
    -------
    matplotlib.figure.Figure
        One line per unit from ``rank_low`` to ``rank_high``, red where the
        grade flips, with the published rank as a dot.

    Examples
    --------
    >>> from integrity_toolkit.assessment.perturbation import robustness
    >>> fig = rank_interval_chart(robustness(_example(), 50), synthetic=True)
    >>> "[SYNTHETIC DEMO DATA]" in fig.axes[0].get_title()
    True
    """
    use_cjk_font()
    units = check.units[check.units["peer_group"] == peer_group].sort_values("rank")
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(units) + 1.8))
    y = np.arange(len(units))
    colour = ["#c0392b" if flips else "#2c3e50" for flips in units["flips"]]
    ax.hlines(y, units["rank_low"], units["rank_high"], colors=colour, linewidth=3)
    ax.scatter(units["rank"], y, color="white", edgecolor="black", zorder=3)
    ax.set_yticks(y)
    ax.set_yticklabels(units["unit"], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("rank (1 = best); red: the grade flips")
    level = 100 * check.settings["level"]
    ax.set_title(
        f"Published rank and {level:.0f}% rank interval, "
        f"{check.settings['draws']:.0f} weight draws"
        + (_SYNTHETIC if synthetic else "")
    )
    fig.tight_layout()
    return fig
