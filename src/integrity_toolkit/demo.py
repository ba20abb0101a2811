"""Synthetic demo data, plainly marked, for reports built before real records.

No figure for Dongguan's civil-servant headcount or credit-file coverage has
been published. Until real records exist, the report and the notebooks read
one seeded synthetic population through the coverage module, so every view
of the credit-file target tells the same (invented) story, and every row
says it is synthetic.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from integrity_toolkit.coverage import Coverage

__all__ = [
    "DEMO_BASELINE",
    "DEMO_END",
    "SYNTHETIC_LABEL",
    "coverage_demo",
    "credit_file_coverage_demo",
]

#: How synthetic rows name their source, in the data and in every report.
SYNTHETIC_LABEL = "synthetic demo data, not real returns"
#: The first month end of the demo population's coverage.
DEMO_BASELINE = dt.date(2018, 12, 31)
#: The last month end: the plan's 2020 deadline.
DEMO_END = dt.date(2020, 12, 31)
_PEOPLE = 5000
_SEED = 124
_RECORDS_START = dt.date(2018, 1, 1)


@cache
def coverage_demo() -> Coverage:
    """Monthly credit-file coverage of a seeded synthetic population.

    5,000 invented civil servants spread over the units the plan names,
    counted at every month end from 2018-12-31 to 2020-12-31.
    """
    from integrity_toolkit import coverage as cv

    records = cv.synthetic_population(
        _PEOPLE, cv.plan_units(), _RECORDS_START, DEMO_END, seed=_SEED
    )
    return cv.coverage_from_records(records, DEMO_BASELINE, DEMO_END, synthetic=True)


def credit_file_coverage_demo() -> pd.DataFrame:
    """Overall month-end coverage of civil-servant credit files, synthetic.

    Returns
    -------
    DataFrame
        Columns ``date``, ``value`` (percent, one decimal), ``synthetic``
        (always True) and ``source``, one row per month end.

    Examples
    --------
    >>> frame = credit_file_coverage_demo()
    >>> bool(frame["synthetic"].all()), len(frame)  # 2018-12 to 2020-12
    (True, 25)
    """
    import pandas as pd

    from integrity_toolkit.coverage import OVERALL

    monthly = coverage_demo().monthly
    overall = monthly[monthly["unit"] == OVERALL]
    frame = pd.DataFrame(
        {
            "date": overall["month_end"].to_list(),
            "value": overall["coverage"].round(1).to_list(),
        }
    )
    frame["synthetic"] = True
    frame["source"] = SYNTHETIC_LABEL
    return frame
