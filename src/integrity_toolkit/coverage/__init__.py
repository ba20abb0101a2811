"""Coverage of a target such as 公務員信用檔案覆蓋率 100% by 2020, per unit.

Read person-level records (:func:`coverage_from_records`) or aggregate
counts (:func:`read_counts`), count coverage at every month end, compare it
with the path required to reach the target (:func:`trajectories`), project
it to the deadline and rate delivery confidence red / amber / green
(:func:`assess`). Outputs are aggregates; :func:`suppress_small_units`
blanks units too small to show.

Examples
--------
>>> import datetime as dt
>>> from integrity_toolkit import coverage
>>> records = coverage.synthetic_population(
...     500, ["市發改局", "市財政局"], dt.date(2019, 1, 1), dt.date(2019, 12, 31))
>>> result = coverage.coverage_from_records(
...     records, dt.date(2019, 1, 31), dt.date(2019, 12, 31), synthetic=True)
>>> target = coverage.default_targets()[0]
>>> table = coverage.assess(result, target, as_of=dt.date(2019, 12, 31))
>>> sorted(table["unit"]) == sorted(["市發改局", "市財政局", coverage.OVERALL])
True
"""

from __future__ import annotations

from integrity_toolkit.coverage.charts import coverage_heatmap, trajectory_grid
from integrity_toolkit.coverage.counts import RETURN_COLUMNS, read_counts
from integrity_toolkit.coverage.monthly import (
    COUNT_COLUMNS,
    OVERALL,
    Coverage,
    coverage_from_records,
    month_ends,
    monthly_coverage,
)
from integrity_toolkit.coverage.privacy import (
    DEFAULT_MIN_PEOPLE,
    small_units,
    suppress_small_units,
)
from integrity_toolkit.coverage.records import (
    PERSON_COLUMNS,
    CoverageInputError,
    Problem,
    Spells,
    known_units,
    read_spells,
)
from integrity_toolkit.coverage.synthetic import (
    SYNTHETIC_LABEL,
    plan_units,
    synthetic_population,
)
from integrity_toolkit.coverage.targets import (
    CoverageTarget,
    TargetFileError,
    Threshold,
    default_targets,
    read_targets,
    targets_from_plan,
)
from integrity_toolkit.coverage.trajectory import (
    RATING_RULE,
    Projection,
    Rating,
    assess,
    project,
    required_path,
    trajectories,
)

__all__ = [
    "COUNT_COLUMNS",
    "DEFAULT_MIN_PEOPLE",
    "OVERALL",
    "PERSON_COLUMNS",
    "RATING_RULE",
    "RETURN_COLUMNS",
    "SYNTHETIC_LABEL",
    "Coverage",
    "CoverageInputError",
    "CoverageTarget",
    "Problem",
    "Projection",
    "Rating",
    "Spells",
    "TargetFileError",
    "Threshold",
    "assess",
    "coverage_from_records",
    "coverage_heatmap",
    "default_targets",
    "known_units",
    "month_ends",
    "monthly_coverage",
    "plan_units",
    "project",
    "read_counts",
    "read_spells",
    "read_targets",
    "required_path",
    "small_units",
    "suppress_small_units",
    "synthetic_population",
    "targets_from_plan",
    "trajectories",
    "trajectory_grid",
]
