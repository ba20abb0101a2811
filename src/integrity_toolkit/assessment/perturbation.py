"""How robust is the published ranking to the choice of weights?

The weights are drawn ``draws`` times from a Dirichlet distribution centred
on the published weights *w* with concentration *k*:
**W ~ Dirichlet(k · w)**, so E[W] = *w* and each weight's variance is
*wᵢ*(1 − *wᵢ*)/(k + 1); a larger *k* means weights closer to the published
ones. Each draw rescores every unit exactly as :func:`~.scoring.score_units`
does (weights rescaled over the indicators that apply to the unit, the
deduction unchanged), and ranks units within their peer group.

Per unit: the rank interval (the ``level`` central interval of its ranks over
the draws), the probability of each grade, and a ``flips`` flag when more
than ``flip_tolerance`` of the draws give a grade other than the published
one. Per peer group: the Spearman and Kendall (tau-b) rank correlation of
each draw's scores with the published totals, summarised by their median
and 5th percentile. The computation is vectorised over draws × units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from integrity_toolkit.assessment.scoring import Assessment

__all__ = ["Robustness", "perturbed_totals", "robustness"]


@dataclass(frozen=True, slots=True)
class Robustness:
    """The result of :func:`robustness`.

    ``units``: ``unit``, ``peer_group``, ``total``, ``rank``, ``grade``,
    ``rank_low``, ``rank_high``, ``rank_median``, ``p_<grade>`` for every
    grade, ``p_published_grade``, ``flips``. ``correlations``: per peer
    group, ``spearman_median``, ``spearman_p05``, ``kendall_median``,
    ``kendall_p05``. ``settings`` records draws, concentration, seed, level.
    """

    units: pd.DataFrame
    correlations: pd.DataFrame
    settings: dict[str, float]


def perturbed_totals(
    assessment: Assessment,
    draws: int = 10_000,
    concentration: float = 100.0,
    seed: int = 0,
) -> np.ndarray:
    """Totals under ``draws`` weight vectors from Dirichlet(k · w): draws × units.

    Parameters
    ----------
    assessment : Assessment
        The scored year; its values, the indicators that apply and its
        deductions are kept, only the weights are drawn.
    draws : int, default 10000
        How many weight vectors to draw.
    concentration : float, default 100.0
        *k*: the larger, the closer the drawn weights stay to the scheme's.
    seed : int, default 0
        Seed of the draws, so the same seed gives the same totals.

    Returns
    -------
    numpy.ndarray
        Shape (draws, units), the units in the order of ``assessment.scores``.

    Examples
    --------
    >>> from integrity_toolkit.assessment.scheme import default_scheme
    >>> from integrity_toolkit.assessment.scoring import score_units
    >>> units = pd.DataFrame({"unit": ["甲"], "peer_group": ["town"]})
    >>> state = pd.DataFrame({"unit": ["甲"], "clause_id": ["1"],
    ...     "role": ["collective"], "completion": ["complete"]})
    >>> totals = perturbed_totals(score_units(default_scheme(), units, state), 5)
    >>> totals.shape, bool(np.allclose(totals, 100.0))
    ((5, 1), True)
    """
    weights = np.array(list(assessment.scheme.weights().values()))
    rng = np.random.default_rng(seed)
    drawn = rng.dirichlet(concentration * np.maximum(weights, 1e-12), size=draws)
    applies = assessment.applies.to_numpy(dtype=float)
    values = assessment.values.fillna(0.0).to_numpy(dtype=float)
    share = drawn @ applies.T
    earned = drawn @ (applies * values).T
    deductions = assessment.scores["deductions"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        base = np.where(share > 0, 100.0 * earned / share, 0.0)
    return np.asarray(base + deductions)


def robustness(
    assessment: Assessment,
    draws: int = 10_000,
    concentration: float = 100.0,
    seed: int = 0,
    level: float = 0.90,
    flip_tolerance: float = 0.05,
) -> Robustness:
    """Rank intervals, grade probabilities and rank correlations under weight noise.

    Parameters
    ----------
    assessment : Assessment
        The scored year.
    draws, concentration, seed
        As in :func:`perturbed_totals`.
    level : float, default 0.90
        The share of draws the rank interval holds (the central one).
    flip_tolerance : float, default 0.05
        A unit's grade flips when more than this share of draws gives it
        another grade than the published one.

    Examples
    --------
    >>> from integrity_toolkit.assessment.scheme import default_scheme
    >>> from integrity_toolkit.assessment.scoring import score_units
    >>> units = pd.DataFrame({"unit": ["甲", "乙"], "peer_group": ["department"] * 2})
    >>> state = pd.DataFrame({"unit": ["甲", "乙"], "clause_id": ["1", "1"],
    ...     "role": ["lead", "lead"], "completion": ["complete", "limited"]})
    >>> result = robustness(score_units(default_scheme(), units, state), 200, seed=1)
    >>> result.units[["unit", "rank_low", "rank_high", "flips"]]
      unit  rank_low  rank_high  flips
    0    甲         1          1  False
    1    乙         2          2  False
    """
    totals = perturbed_totals(assessment, draws, concentration, seed)
    scores = assessment.scores
    groups = scores["peer_group"].to_numpy()
    ranks = np.zeros(totals.shape, dtype=int)
    correlations = []
    for group in dict.fromkeys(groups):
        members = groups == group
        ranks[:, members] = stats.rankdata(-totals[:, members], method="min", axis=1)
        published = scores["total"].to_numpy()[members]
        correlations.append(
            {"peer_group": group, **_correlations(published, totals[:, members])}
        )
    frame = _unit_frame(assessment, totals, ranks, level, flip_tolerance)
    settings = {
        "draws": draws,
        "concentration": concentration,
        "seed": seed,
        "level": level,
        "flip_tolerance": flip_tolerance,
    }
    return Robustness(frame, pd.DataFrame(correlations), settings)


def _unit_frame(
    assessment: Assessment,
    totals: np.ndarray,
    ranks: np.ndarray,
    level: float,
    flip_tolerance: float,
) -> pd.DataFrame:
    scheme = assessment.scheme
    frame = assessment.scores[["unit", "peer_group", "total", "rank", "grade"]].copy()
    tail = 100 * (1 - level) / 2
    frame["rank_low"] = np.percentile(ranks, tail, axis=0, method="lower").astype(int)
    frame["rank_high"] = np.percentile(
        ranks, 100 - tail, axis=0, method="higher"
    ).astype(int)
    frame["rank_median"] = np.median(ranks, axis=0)
    mins = np.array([band.min for band in scheme.grades])
    # Band index per draw: the first band whose min the total reaches.
    band = np.minimum((totals[..., None] < mins).sum(axis=-1), len(mins) - 1)
    names = [b.grade for b in scheme.grades]
    for number, name in enumerate(names):
        frame[f"p_{name}"] = (band == number).mean(axis=0)
    published = frame["grade"].map({n: k for k, n in enumerate(names)}).to_numpy()
    frame["p_published_grade"] = (band == published).mean(axis=0)
    frame["flips"] = frame["p_published_grade"] < 1 - flip_tolerance
    return frame


def _correlations(published: np.ndarray, totals: np.ndarray) -> dict[str, float]:
    """Spearman and Kendall tau-b of every draw's totals with the published ones."""
    if len(published) < 2:
        return {
            **_summary("spearman", np.array([])),
            **_summary("kendall", np.array([])),
        }
    first, second = np.triu_indices(len(published), k=1)
    a = np.sign(published[first] - published[second]).astype(np.float32)
    # One pass of single-precision work per pair: sign of each draw's difference.
    b = totals.astype(np.float32)
    pairs = b[:, first]
    pairs -= b[:, second]
    np.sign(pairs, out=pairs)
    with np.errstate(invalid="ignore", divide="ignore"):
        kendall = (pairs @ a) / np.sqrt(
            np.count_nonzero(a) * np.count_nonzero(pairs, axis=1)
        )
        x = stats.rankdata(published)
        y = stats.rankdata(totals, axis=1)
        xc, yc = x - x.mean(), y - y.mean(axis=1, keepdims=True)
        spearman = (yc @ xc) / np.sqrt((xc @ xc) * (yc * yc).sum(axis=1))
    return {
        **_summary("spearman", spearman),
        **_summary("kendall", kendall),
    }


def _summary(name: str, values: np.ndarray) -> dict[str, float]:
    finite = values[np.isfinite(values)]
    if not finite.size:
        return {f"{name}_median": np.nan, f"{name}_p05": np.nan}
    return {
        f"{name}_median": float(np.median(finite)),
        f"{name}_p05": float(np.percentile(finite, 5)),
    }
