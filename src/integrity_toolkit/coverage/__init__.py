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

import importlib
from typing import Any

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

# The modules load on first use, so that the command line and
# `import integrity_toolkit.coverage.command` stay quick.
_LAZY = {
    "COUNT_COLUMNS": "integrity_toolkit.coverage.monthly",
    "DEFAULT_MIN_PEOPLE": "integrity_toolkit.coverage.privacy",
    "OVERALL": "integrity_toolkit.coverage.monthly",
    "PERSON_COLUMNS": "integrity_toolkit.coverage.records",
    "RATING_RULE": "integrity_toolkit.coverage.trajectory",
    "RETURN_COLUMNS": "integrity_toolkit.coverage.counts",
    "SYNTHETIC_LABEL": "integrity_toolkit.coverage.synthetic",
    "Coverage": "integrity_toolkit.coverage.monthly",
    "CoverageInputError": "integrity_toolkit.coverage.records",
    "CoverageTarget": "integrity_toolkit.coverage.targets",
    "Problem": "integrity_toolkit.coverage.records",
    "Projection": "integrity_toolkit.coverage.trajectory",
    "Rating": "integrity_toolkit.coverage.trajectory",
    "Spells": "integrity_toolkit.coverage.records",
    "TargetFileError": "integrity_toolkit.coverage.targets",
    "Threshold": "integrity_toolkit.coverage.targets",
    "assess": "integrity_toolkit.coverage.trajectory",
    "coverage_from_records": "integrity_toolkit.coverage.monthly",
    "coverage_heatmap": "integrity_toolkit.coverage.charts",
    "default_targets": "integrity_toolkit.coverage.targets",
    "known_units": "integrity_toolkit.coverage.records",
    "month_ends": "integrity_toolkit.coverage.monthly",
    "monthly_coverage": "integrity_toolkit.coverage.monthly",
    "plan_units": "integrity_toolkit.coverage.synthetic",
    "project": "integrity_toolkit.coverage.trajectory",
    "read_counts": "integrity_toolkit.coverage.counts",
    "read_spells": "integrity_toolkit.coverage.records",
    "read_targets": "integrity_toolkit.coverage.targets",
    "required_path": "integrity_toolkit.coverage.trajectory",
    "small_units": "integrity_toolkit.coverage.privacy",
    "suppress_small_units": "integrity_toolkit.coverage.privacy",
    "synthetic_population": "integrity_toolkit.coverage.synthetic",
    "targets_from_plan": "integrity_toolkit.coverage.targets",
    "trajectories": "integrity_toolkit.coverage.trajectory",
    "trajectory_grid": "integrity_toolkit.coverage.charts",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
