"""Synthetic demo data, plainly marked, for reports built before real returns.

No figure for Dongguan's civil-servant headcount or credit-file coverage has
been published; every value here is invented and every row says so.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["SYNTHETIC_LABEL", "credit_file_coverage_demo"]

#: How synthetic rows name their source, in the data and in every report.
SYNTHETIC_LABEL = "synthetic demo data, not real returns"

# Invented quarter-end coverage (%) of civil servants with a credit file.
_DEMO_COVERAGE = (
    (dt.date(2018, 12, 31), 58.0),
    (dt.date(2019, 3, 31), 61.5),
    (dt.date(2019, 6, 30), 66.0),
    (dt.date(2019, 9, 30), 70.5),
    (dt.date(2019, 12, 31), 76.0),
    (dt.date(2020, 3, 31), 79.0),
    (dt.date(2020, 6, 30), 84.5),
    (dt.date(2020, 9, 30), 90.0),
    (dt.date(2020, 12, 31), 96.5),
)


def credit_file_coverage_demo() -> pd.DataFrame:
    """Quarter-end coverage of civil-servant credit files, synthetic.

    Returns
    -------
    DataFrame
        Columns ``date``, ``value`` (percent), ``synthetic`` (always True)
        and ``source``.

    Examples
    --------
    >>> frame = credit_file_coverage_demo()
    >>> bool(frame["synthetic"].all()), len(frame)
    (True, 9)
    """
    frame = pd.DataFrame(_DEMO_COVERAGE, columns=["date", "value"])
    frame["synthetic"] = True
    frame["source"] = SYNTHETIC_LABEL
    return frame
