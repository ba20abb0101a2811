"""Small units are not shown: their figures could point at a person.

Outputs of this subpackage are aggregates already; before a table or chart
is published, :func:`suppress_small_units` blanks every figure of a unit
that had fewer people than a threshold at any month end shown.
"""

from __future__ import annotations

import pandas as pd

from integrity_toolkit.coverage.monthly import OVERALL

__all__ = ["DEFAULT_MIN_PEOPLE", "small_units", "suppress_small_units"]

#: Units with fewer people than this at any month end are suppressed.
DEFAULT_MIN_PEOPLE = 10


def small_units(frame: pd.DataFrame, min_people: int = DEFAULT_MIN_PEOPLE) -> list[str]:
    """Units whose headcount falls below ``min_people`` in any row of ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with ``unit`` and ``headcount`` columns, such as
        ``Coverage.monthly``; a missing headcount is ignored.
    min_people : int, default ``DEFAULT_MIN_PEOPLE``
        The smallest headcount whose figures may be shown.

    Returns
    -------
    list of str
        The units, in the order they first appear in ``frame``.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["a", "a", "b"], "headcount": [12, 9, 30]})
    >>> small_units(frame)
    ['a']
    """
    smallest = frame.groupby("unit", sort=False)["headcount"].min()
    return [str(u) for u, n in smallest.items() if pd.notna(n) and n < min_people]


def suppress_small_units(
    frame: pd.DataFrame, min_people: int = DEFAULT_MIN_PEOPLE
) -> pd.DataFrame:
    """Blank every figure of small units; mark their rows ``suppressed``.

    Parameters
    ----------
    frame : DataFrame
        Any table of this subpackage with ``unit`` and ``headcount``
        columns (monthly coverage, trajectories, an assessment).
    min_people : int
        The smallest headcount that may be shown.

    Returns
    -------
    DataFrame
        A copy: the suppressed units' figures (every column but the unit
        and month end) are empty and ``suppressed`` is True.

    Notes
    -----
    The overall row still includes the suppressed units. With a single
    suppressed unit, its figures are the overall minus the others; this
    function does not hide a second unit to prevent that.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["a", "b"], "headcount": [4, 30],
    ...                       "coverage": [75.0, 50.0]})
    >>> suppress_small_units(frame).values.tolist()
    [['a', nan, nan, True], ['b', 30.0, 50.0, False]]
    """
    hidden = set(small_units(frame, min_people)) - {OVERALL}
    out = frame.copy()
    mask = out["unit"].isin(hidden)
    if mask.any():
        for column in out.columns.drop(["unit", "month_end"], errors="ignore"):
            out[column] = _nullable(out[column])
            out.loc[mask, column] = None
    out["suppressed"] = mask
    out.attrs.update(frame.attrs)
    return out


def _nullable(column: pd.Series) -> pd.Series:
    """The column in a dtype that can hold an empty value."""
    if pd.api.types.is_float_dtype(column) or isinstance(column.dtype, pd.Int64Dtype):
        return column
    if pd.api.types.is_integer_dtype(column):
        return column.astype("float64")
    return column.astype(object)
