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

from integrity_toolkit.coverage.records import (
    CoverageInputError,
    Spells,
    month_number,
    read_spells,
)

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
        """One column of ``monthly`` as units × month ends.

        Parameters
        ----------
        value : str, default ``"coverage"``
            A column of ``monthly``: ``headcount``, ``covered``, ``coverage``
            (percent), ``joiners``, ``leavers``, ``transfers_in`` or
            ``transfers_out``.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``unit``, one column per month end.
        """
        return self.monthly.pivot(index="unit", columns="month_end", values=value)


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The month ends from the month of ``start`` to the month of ``end``.

    Parameters
    ----------
    start, end : datetime.date
        Any day of the first and of the last month.

    Returns
    -------
    list of datetime.date
        The last day of each month, in order; empty when ``end`` is in an
        earlier month than ``start``.

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
    first = month_number(start)
    count = month_number(end) - first + 1
    if count < 1:
        raise CoverageInputError(
            spells.source,
            [f"the last month {end} comes before the first {start}; swap them"],
        )
    grids = _Grids(len(spells.units) + 1, count)  # one more: rows left out
    for at in range(0, len(spells.unit), _BLOCK):
        block = slice(at, at + _BLOCK)
        grids.add(
            spells.unit[block],
            spells.joined[block].astype(np.int64) - first,
            spells.left[block].astype(np.int64) - first,
            spells.file[block].astype(np.int64) - first,
        )
    moved_in = grids.events(spells, spells.transfer_in, spells.joined, first)
    moved_out = grids.events(spells, spells.transfer_out, spells.left, first)
    n_units = len(spells.units)
    moves = {
        "joiners": grids.inside("joined", n_units) - moved_in,
        "leavers": grids.inside("left", n_units) - moved_out,
        "transfers_in": moved_in,
        "transfers_out": moved_out,
    }
    headcount = grids.running("headcount", n_units)
    covered = grids.running("covered", n_units)
    ends = [_month_end(first + k) for k in range(count)]
    frame = _frame(list(spells.units), ends, headcount, covered, moves)
    return Coverage(frame, spells.problems, spells.source, synthetic)


_BLOCK = 1 << 20


class _Grids:
    """Counts of events per (unit, month), added up block by block.

    ``headcount`` and ``covered`` hold +1 where a spell (or its coverage)
    starts and -1 where it stops, months before the window folded into the
    first and months after it into one extra column; their cumulative sums
    over months are the counts at month ends. ``joined`` and ``left`` count
    spells starting and ending inside the window.
    """

    def __init__(self, n_units: int, count: int) -> None:
        self.count, self.size = count, n_units * (count + 1)
        self.headcount = np.zeros(self.size, dtype=np.int64)
        self.covered = np.zeros(self.size, dtype=np.int64)
        self.joined = np.zeros(n_units * count, dtype=np.int64)
        self.left = np.zeros(n_units * count, dtype=np.int64)

    def add(
        self, unit: np.ndarray, joined: np.ndarray, left: np.ndarray, filed: np.ndarray
    ) -> None:
        """Add one block of spells (month numbers relative to the window)."""
        count = self.count
        self.joined += self._inside(unit, joined)
        self.left += self._inside(unit, left)
        np.maximum(filed, joined, out=filed)
        for months in (joined, left, filed):
            np.clip(months, 0, count, out=months)
        np.minimum(filed, left, out=filed)
        base = unit.astype(np.int64) * (count + 1)
        self.headcount += np.bincount(base + joined, minlength=self.size)
        self.headcount -= np.bincount(base + left, minlength=self.size)
        self.covered += np.bincount(base + filed, minlength=self.size)
        self.covered -= np.bincount(base + left, minlength=self.size)

    def _inside(self, unit: np.ndarray, month: np.ndarray) -> np.ndarray:
        inside = (month >= 0) & (month < self.count)
        base = unit[inside].astype(np.int64) * self.count + month[inside]
        return np.bincount(base, minlength=len(self.joined))

    def events(
        self, spells: Spells, rows: np.ndarray, months: np.ndarray, first: int
    ) -> np.ndarray:
        """Spells of ``rows`` per (unit, month) whose month is in the window."""
        n_units = len(spells.units)
        tally = self._inside(spells.unit[rows], months[rows].astype(np.int64) - first)
        return tally.reshape(-1, self.count)[:n_units]

    def running(self, name: str, n_units: int) -> np.ndarray:
        """``headcount`` or ``covered`` at each month end, for the real units."""
        grid = getattr(self, name).reshape(-1, self.count + 1)[:n_units]
        return np.cumsum(grid, axis=1)[:, : self.count]

    def inside(self, name: str, n_units: int) -> np.ndarray:
        """``joined`` or ``left`` per unit and month, for the real units."""
        return getattr(self, name).reshape(-1, self.count)[:n_units]


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

    Parameters
    ----------
    source : str, pathlib.Path, pandas.DataFrame or pyarrow.Table
        Person-level records as :func:`read_spells` reads them: columns
        ``person_id``, ``unit``, ``joined``, ``left`` and ``file_created``.
    start, end : datetime.date
        Any day of the first and of the last month to count.
    units : iterable of str, optional
        The known units; default those the bundled plan names.
    synthetic : bool, default False
        Whether the records are invented (labelled so downstream).

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
