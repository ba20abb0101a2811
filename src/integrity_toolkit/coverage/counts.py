"""Aggregate returns: a unit's headcount and files established at a month end.

Some units report counts rather than people: one row per (unit, date) with
``headcount`` (civil servants counted at that month end, as defined in
:mod:`integrity_toolkit.coverage.monthly`) and ``files_established`` (how
many of them have a credit file). Movements are unknown from counts, so the
movement columns of the result are empty.

Problems are reported as rows of :attr:`Coverage.problems` and the row left
out: a missing or unknown unit, a date that is not a month end, a count that
is not a whole number 0 or more, more files than people, and two rows for
the same unit and month end (both left out unless they agree). A month a
unit did not report stays empty, and so does the overall figure for that
month: nothing is filled in.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from integrity_toolkit.coverage.monthly import (
    COUNT_COLUMNS,
    OVERALL,
    Coverage,
    month_ends,
)
from integrity_toolkit.coverage.records import (
    Problem,
    known_units,
    log_problems,
    problem_rows,
    read_table,
)

__all__ = ["RETURN_COLUMNS", "read_counts"]

#: The columns of an aggregate return, in order.
RETURN_COLUMNS = ("unit", "date", "headcount", "files_established")


def read_counts(
    source: str | Path | pd.DataFrame | pa.Table,
    units: Iterable[str] | None = None,
    synthetic: bool = False,
) -> Coverage:
    """Read aggregate counts into coverage per unit and overall.

    Parameters
    ----------
    source : path, DataFrame or pyarrow Table
        Columns ``unit``, ``date``, ``headcount``, ``files_established``.
    units : iterable of str, optional
        The known units; by default those the bundled plan names.
    synthetic : bool
        Whether the counts are invented.

    Examples
    --------
    >>> counts = pd.DataFrame({
    ...     "unit": ["市人力資源局", "市發改局", "市人力資源局", "市發改局"],
    ...     "date": ["2019-01-31", "2019-01-31", "2019-02-28", "2019-02-28"],
    ...     "headcount": [40, 10, 40, 10], "files_established": [10, 5, 20, 12]})
    >>> cov = read_counts(counts)
    >>> cov.problems[["row", "kind"]].values.tolist()
    [[5, 'files_exceed_headcount']]

    Row 5 is left out, so 市發改局 has no February figure, nor has the total:

    >>> cov.table("coverage").loc["(all units)"].tolist()
    [30.0, nan]
    """
    table, name = read_table(source, RETURN_COLUMNS)
    allowed = known_units() if units is None else frozenset(units)
    frame = table.to_pandas().astype(object)
    frame["unit"] = frame["unit"].map(lambda u: None if u is None else str(u).strip())
    date = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    written = frame.copy()
    checks = _checks(frame, date, allowed)
    problems = problem_rows(checks, written)
    log_problems(name, problems)
    bad = np.zeros(len(frame), dtype=bool)
    for _, _, rows in checks:
        bad[rows] = True
    kept = frame[~bad].assign(month_end=date[~bad].dt.date)
    monthly = _monthly(kept)
    return Coverage(monthly, problems, name, synthetic)


def _checks(
    frame: pd.DataFrame, date: pd.Series, allowed: frozenset[str]
) -> list[tuple[Problem, str, np.ndarray]]:
    unit = frame["unit"]
    heads, files = _whole(frame["headcount"]), _whole(frame["files_established"])
    month_end = date.notna() & (date + pd.Timedelta(days=1)).dt.day.eq(1)
    found = [
        (Problem.MISSING_UNIT, "unit", unit.isna()),
        (Problem.UNKNOWN_UNIT, "unit", unit.notna() & ~unit.isin(allowed)),
        (Problem.BAD_DATE, "date", date.isna()),
        (Problem.NOT_MONTH_END, "date", date.notna() & ~month_end),
        (Problem.BAD_COUNT, "headcount", heads.isna()),
        (Problem.BAD_COUNT, "files_established", files.isna()),
        (Problem.FILES_EXCEED_HEADCOUNT, "files_established", files > heads),
    ]
    key = pd.DataFrame({"unit": unit, "date": date})
    repeated = key.duplicated(keep=False)
    same = frame.assign(date=date).duplicated(keep="first")
    disagree = repeated & ~same & ~_agree(frame, date, repeated)
    found.append((Problem.DUPLICATE, "date", same | disagree))
    frame["headcount"], frame["files_established"] = heads, files
    return [(kind, col, np.flatnonzero(mask.to_numpy())) for kind, col, mask in found]


def _whole(values: pd.Series) -> pd.Series:
    """Whole numbers 0 or more, NaN for anything else."""
    number = pd.to_numeric(values, errors="coerce")
    return number.where((number >= 0) & (number == number.round()))


def _agree(frame: pd.DataFrame, date: pd.Series, repeated: pd.Series) -> pd.Series:
    """Whether every row of a repeated (unit, date) carries the same counts."""
    values = frame.assign(date=date)[repeated]
    spread = values.groupby(["unit", "date"])[["headcount", "files_established"]]
    distinct = spread.transform("nunique").max(axis=1) <= 1
    return distinct.reindex(frame.index, fill_value=True)


def _monthly(kept: pd.DataFrame) -> pd.DataFrame:
    """Every unit at every month end from the first to the last reported."""
    if kept.empty:
        return pd.DataFrame(columns=list(COUNT_COLUMNS))
    ends = month_ends(min(kept["month_end"]), max(kept["month_end"]))
    units = sorted(kept["unit"].unique())
    grid = pd.MultiIndex.from_product([units, ends], names=["unit", "month_end"])
    counts = kept.rename(columns={"files_established": "covered"})
    counts = counts.set_index(["unit", "month_end"])[["headcount", "covered"]]
    counts = counts.astype("float64").reindex(grid)
    overall = counts.groupby(level="month_end").sum()
    complete = counts.notna().all(axis=1).groupby(level="month_end").all()
    overall = overall.where(complete, axis=0)
    overall.index = pd.MultiIndex.from_product([[OVERALL], overall.index])
    frame = pd.concat([counts, overall]).reset_index()
    frame.columns = ["unit", "month_end", "headcount", "covered"]
    frame[["headcount", "covered"]] = frame[["headcount", "covered"]].astype("Int64")
    frame["coverage"] = (
        100.0 * frame["covered"] / frame["headcount"].where(frame["headcount"] > 0)
    )
    frame["coverage"] = frame["coverage"].astype("float64")
    for name in ("joiners", "leavers", "transfers_in", "transfers_out"):
        frame[name] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return frame[list(COUNT_COLUMNS)]
