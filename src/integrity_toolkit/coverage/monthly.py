"""Coverage per unit and overall at every month end.

Definitions, for a month end *m* (the last day of a month):

- a spell **counts** at *m* when the person joined on or before *m* and has
  not left on or before *m* (no leaving date, or one after *m*). A person
  who leaves on 31 January is not counted at the end of January; one who
  joins on 31 January is.
- a counted spell is **covered** at *m* when the person's credit file was
  created on or before *m*.
- **headcount** is the number of counted spells of a unit, **covered** the
  number of those covered, and **coverage** ``100 * covered / headcount``
  (empty when the headcount is 0).
- in a month, **joiners** are spells that start in it, **leavers** spells
  that end in it, except that a spell which follows the same person's spell
  in another unit is a **transfer in** and the spell it follows a **transfer
  out**. So ``headcount[m] = headcount[m-1] + joiners + transfers_in -
  leavers - transfers_out`` for every month after the first.

Since every test above compares a date with a month end, the computation
works on month numbers: a spell adds one to its unit from the month it
joined and takes it away from the month it left. Counts of these events per
(unit, month) with a cumulative sum over months give every month end at
once, without a loop over people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integrity_toolkit.coverage.records import Spells, month_number, read_spells

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyarrow as pa

__all__ = [
    "COUNT_COLUMNS",
    "OVERALL",
    "Coverage",
    "coverage_from_records",
    "month_ends",
    "monthly_coverage",
]

#: The name of the row that sums every unit.
OVERALL = "(all units)"
#: Columns of :attr:`Coverage.monthly`, in order.
COUNT_COLUMNS = (
    "unit",
    "month_end",
    "headcount",
    "covered",
    "coverage",
    "joiners",
    "leavers",
    "transfers_in",
    "transfers_out",
)
_MOVES = ("joiners", "leavers", "transfers_in", "transfers_out")


@dataclass(frozen=True, slots=True, eq=False)
class Coverage:
    """Coverage at month ends: aggregates only, never a person id.

    ``monthly`` has one row per (unit, month end), with the :data:`OVERALL`
    rows last, and the columns of :data:`COUNT_COLUMNS`. ``problems`` lists
    what was wrong with the input rows; ``synthetic`` says whether the input
    was invented (it then shows in every chart and table title).
    """

    monthly: pd.DataFrame
    problems: pd.DataFrame = field(repr=False)
    source: str = "<table>"
    synthetic: bool = False

    @property
    def units(self) -> list[str]:
        """The units, in the order of ``monthly``, without the overall row."""
        return [u for u in self.monthly["unit"].unique() if u != OVERALL]

    def table(self, value: str = "coverage") -> pd.DataFrame:
        """One column of ``monthly`` as units × month ends."""
        return self.monthly.pivot(index="unit", columns="month_end", values=value)


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The month ends from the month of ``start`` to the month of ``end``.

    Examples
    --------
    >>> [d.isoformat() for d in month_ends(dt.date(2019, 11, 5), dt.date(2020, 2, 1))]
    ['2019-11-30', '2019-12-31', '2020-01-31', '2020-02-29']
    """
    first, last = month_number(start), month_number(end)
    return [_month_end(m) for m in range(first, last + 1)]


def _month_end(month: int) -> dt.date:
    year, index = divmod(int(month) + 1, 12)
    return dt.date(1970 + year, index + 1, 1) - dt.timedelta(days=1)


def monthly_coverage(
    spells: Spells, start: dt.date, end: dt.date, synthetic: bool = False
) -> Coverage:
    """Headcount, covered, coverage and movements at each month end.

    Parameters
    ----------
    spells : Spells
        Checked records from :func:`~integrity_toolkit.coverage.read_spells`.
    start, end : date
        Any day of the first and of the last month to count.
    synthetic : bool
        Whether the records are invented (labelled so downstream).

    Examples
    --------
    >>> records = pd.DataFrame({
    ...     "person_id": [1, 2], "unit": ["市人力資源局"] * 2,
    ...     "joined": ["2019-01-15", "2019-02-01"], "left": [None, "2019-03-31"],
    ...     "file_created": ["2019-02-10", None]})
    >>> cov = monthly_coverage(read_spells(records), dt.date(2019, 1, 1),
    ...                        dt.date(2019, 3, 1))
    >>> cov.table("headcount").loc["市人力資源局"].tolist()
    [1, 2, 1]
    >>> cov.table("coverage").loc["市人力資源局"].tolist()
    [0.0, 50.0, 100.0]
    """
    first, count = month_number(start), month_number(end) - month_number(start) + 1
    n_units = len(spells.units)
    joined = spells.joined.astype(np.int64) - first
    left = spells.left.astype(np.int64) - first
    moves = {
        "joiners": _tally(spells.unit, joined, ~spells.transfer_in, n_units, count),
        "transfers_in": _tally(spells.unit, joined, spells.transfer_in, n_units, count),
        "leavers": _tally(spells.unit, left, ~spells.transfer_out, n_units, count),
        "transfers_out": _tally(spells.unit, left, spells.transfer_out, n_units, count),
    }
    filed = np.maximum(joined, spells.file.astype(np.int64) - first)
    np.clip(joined, 0, count, out=joined)
    np.clip(left, 0, count, out=left)
    np.clip(filed, 0, count, out=filed)
    np.minimum(filed, left, out=filed)
    headcount = _running(spells.unit, joined, left, n_units, count)
    covered = _running(spells.unit, filed, left, n_units, count)
    del joined, left, filed
    ends = [_month_end(first + k) for k in range(count)]
    frame = _frame(list(spells.units), ends, headcount, covered, moves)
    return Coverage(frame, spells.problems, spells.source, synthetic)


def _running(
    unit: np.ndarray, start: np.ndarray, stop: np.ndarray, n_units: int, count: int
) -> np.ndarray:
    """Spells in effect at each month: +1 at ``start``, -1 at ``stop``, summed."""
    size = n_units * (count + 1)
    base = unit.astype(np.int64) * (count + 1)
    change = np.bincount(base + start, minlength=size)
    change -= np.bincount(base + stop, minlength=size)
    return np.cumsum(change.reshape(n_units, count + 1), axis=1)[:, :count]


def _tally(
    unit: np.ndarray, month: np.ndarray, chosen: np.ndarray, n_units: int, count: int
) -> np.ndarray:
    """Spells per (unit, month) whose event falls inside the window."""
    inside = chosen & (month >= 0) & (month < count)
    base = unit[inside].astype(np.int64) * count + month[inside]
    return np.bincount(base, minlength=n_units * count).reshape(n_units, count)


def _frame(
    units: list[str],
    ends: list[dt.date],
    headcount: np.ndarray,
    covered: np.ndarray,
    moves: dict[str, np.ndarray],
) -> pd.DataFrame:
    """The long table of every unit, then the overall sums."""
    columns = {"headcount": headcount, "covered": covered, **moves}
    totals = {
        name: values.sum(axis=0, keepdims=True) for name, values in columns.items()
    }
    frame = pd.DataFrame(
        {
            "unit": np.repeat([*units, OVERALL], len(ends)),
            "month_end": np.tile(np.array(ends, dtype=object), len(units) + 1),
            **{
                name: np.concatenate([values, totals[name]]).ravel()
                for name, values in columns.items()
            },
        }
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (
            100.0 * frame["covered"] / frame["headcount"].where(frame["headcount"] > 0)
        )
    frame.insert(4, "coverage", ratio)
    return frame[list(COUNT_COLUMNS)]


def coverage_from_records(
    source: str | Path | pd.DataFrame | pa.Table,
    start: dt.date,
    end: dt.date,
    units: Iterable[str] | None = None,
    synthetic: bool = False,
) -> Coverage:
    """Read person-level records and count coverage at each month end.

    The same as :func:`read_spells` followed by :func:`monthly_coverage`;
    the person ids are dropped once spells of one person are matched.

    Examples
    --------
    >>> records = pd.DataFrame({
    ...     "person_id": ["p1"], "unit": ["市發改局"], "joined": ["2018-06-30"],
    ...     "left": [None], "file_created": ["2019-01-31"]})
    >>> cov = coverage_from_records(records, dt.date(2018, 12, 31),
    ...                             dt.date(2019, 1, 31))
    >>> cov.monthly[["unit", "headcount", "covered"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['市發改局', 1, 0], ['市發改局', 1, 1],
     ['(all units)', 1, 0], ['(all units)', 1, 1]]
    """
    return monthly_coverage(read_spells(source, units), start, end, synthetic)
