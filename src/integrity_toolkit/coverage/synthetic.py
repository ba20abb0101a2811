"""Synthetic civil-servant populations, seeded and labelled as synthetic.

No person-level data and no coverage figure of Dongguan's civil servants has
been published; these functions invent populations to try the toolkit on,
with joiners, leavers, transfers and units that roll credit files out fast
or slowly. Every frame they return carries ``attrs["synthetic"]`` with
:data:`SYNTHETIC_LABEL`; never present their figures as real.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from integrity_toolkit.coverage.records import PERSON_COLUMNS
from integrity_toolkit.demo import SYNTHETIC_LABEL

__all__ = ["SYNTHETIC_LABEL", "plan_units", "synthetic_population"]

_DAY = np.timedelta64(1, "D")


def plan_units() -> list[str]:
    """The 20 single units the bundled plan names (no collective actors), in order.

    Examples
    --------
    >>> units = plan_units()
    >>> units[:2], len(units)
    (['市發改局', '人行東莞中心支行'], 20)
    """
    from integrity_toolkit.coverage.targets import bundled_plan
    from integrity_toolkit.model import Role

    seen: dict[str, None] = {}
    for clause in bundled_plan().clauses():
        for a in clause.assignments:
            if a.role is not Role.COLLECTIVE:
                seen.setdefault(a.unit, None)
    return list(seen)


def synthetic_population(
    people: int,
    units: Sequence[str],
    start: dt.date,
    end: dt.date,
    seed: int = 0,
    transfer_rate: float = 0.03,
    with_problems: bool = False,
) -> pd.DataFrame:
    """Invent person-level records of civil servants between two dates.

    Parameters
    ----------
    people : int
        How many people.
    units : sequence of str
        The units to spread them over, in sizes that differ widely.
    start, end : date
        The period the records cover: about a fifth of the people join
        during it and a tenth leave.
    seed : int
        Seed of the random generator: the same seed gives the same records.
    transfer_rate : float
        Share of people who move to another unit during the period (one
        more row each).
    with_problems : bool
        Append four flawed rows (a duplicate, a credit file dated before
        joining, a missing joining date, an unknown unit) to show how they
        are reported.

    Returns
    -------
    DataFrame
        The columns of :data:`PERSON_COLUMNS`, integer person ids, dates as
        ``datetime64``; ``attrs["synthetic"]`` holds the label.

    Examples
    --------
    >>> frame = synthetic_population(1000, ["市發改局", "市財政局"],
    ...     dt.date(2019, 1, 1), dt.date(2020, 12, 31), seed=1)
    >>> frame.attrs["synthetic"], list(frame.columns) == list(PERSON_COLUMNS)
    ('synthetic demo data, not real returns', True)
    >>> len(frame) > 1000, frame["person_id"].nunique()
    (True, 1000)
    """
    rng = np.random.default_rng(seed)
    first, last = np.datetime64(start, "D"), np.datetime64(end, "D")
    span = int((last - first) / _DAY)
    weights = rng.lognormal(0.0, 1.0, len(units))
    unit = rng.choice(len(units), size=people, p=weights / weights.sum())
    joined = _joined(rng, people, first, span)
    left = np.where(
        rng.random(people) < 0.10,
        first + rng.integers(0, span + 1, people) * _DAY,
        np.datetime64("NaT"),
    )
    left = np.where(left <= joined, np.datetime64("NaT"), left)
    filed = _filed(rng, unit, joined, first, span, len(units))
    frame = pd.DataFrame(
        {
            "person_id": np.arange(1, people + 1, dtype=np.int64),
            "unit": pd.Categorical.from_codes(unit, categories=pd.Index(list(units))),
            "joined": joined,
            "left": left,
            "file_created": filed,
        }
    )
    frame = _with_transfers(frame, rng, first, span, transfer_rate, len(units))
    if with_problems:
        frame = _with_flaws(frame, first)
    frame = frame[list(PERSON_COLUMNS)]
    frame.attrs["synthetic"] = SYNTHETIC_LABEL
    return frame


def _joined(
    rng: np.random.Generator, people: int, first: np.datetime64, span: int
) -> np.ndarray:
    """Four in five joined up to 30 years before the period, the rest in it."""
    before = rng.integers(1, 30 * 365, people)
    during = rng.integers(0, span + 1, people)
    offset = np.where(rng.random(people) < 0.8, -before, during)
    return first + offset * _DAY


def _filed(
    rng: np.random.Generator,
    unit: np.ndarray,
    joined: np.ndarray,
    first: np.datetime64,
    span: int,
    n_units: int,
) -> np.ndarray:
    """Credit files: each unit has a head start and a pace of its own."""
    head_start = rng.uniform(0.0, 0.7, n_units)
    pace = rng.lognormal(np.log(span / 2), 0.6, n_units)
    early = rng.random(len(unit)) < head_start[unit]
    wait = rng.exponential(pace[unit]).astype(np.int64)
    filed = np.where(early, first - 30 * _DAY, first + wait * _DAY)
    filed = np.maximum(filed, joined + rng.integers(0, 60, len(unit)) * _DAY)
    return np.where(filed > first + span * 2 * _DAY, np.datetime64("NaT"), filed)


def _with_transfers(
    frame: pd.DataFrame,
    rng: np.random.Generator,
    first: np.datetime64,
    span: int,
    rate: float,
    n_units: int,
) -> pd.DataFrame:
    """Move some people to another unit: their spell ends, a new one starts."""
    if n_units < 2 or rate <= 0:
        return frame
    day = first + rng.integers(1, span, len(frame)) * _DAY
    movers = (
        (rng.random(len(frame)) < rate)
        & (frame["joined"].to_numpy() < day)
        & frame["left"].isna().to_numpy()
    )
    moved = frame[movers].copy()
    codes = moved["unit"].cat.codes.to_numpy()
    step = rng.integers(1, n_units, len(moved))
    moved["unit"] = pd.Categorical.from_codes(
        (codes + step) % n_units, categories=frame["unit"].cat.categories
    )
    moved["joined"] = day[movers]
    frame.loc[movers, "left"] = day[movers]
    return pd.concat([frame, moved], ignore_index=True)


def _with_flaws(frame: pd.DataFrame, first: np.datetime64) -> pd.DataFrame:
    """Four rows with the problems the reader must report."""
    flawed = frame.iloc[[0, 1, 2, 3]].copy()
    flawed["person_id"] = [frame["person_id"].iloc[0], -1, -2, -3]
    flawed.iloc[1, flawed.columns.get_loc("joined")] = first
    flawed.iloc[1, flawed.columns.get_loc("file_created")] = first - 400 * _DAY
    flawed.iloc[1, flawed.columns.get_loc("left")] = pd.NaT
    flawed.iloc[2, flawed.columns.get_loc("joined")] = pd.NaT
    flawed["unit"] = flawed["unit"].cat.add_categories(["市不存在局"])
    flawed.iloc[3, flawed.columns.get_loc("unit")] = "市不存在局"
    frame = frame.copy()
    frame["unit"] = frame["unit"].cat.add_categories(["市不存在局"])
    return pd.concat([frame, flawed], ignore_index=True)
