"""The annual integrity assessment: transparent scores, grades, robust ranks.

Read a scheme (indicators, weights, deductions, grade bands), gather the
year's inputs from the ledger, score every unit within its peer group and
check how far the ranking depends on the weights::

    from integrity_toolkit.assessment import (
        assessment_inputs, default_scheme, robustness, score_units)

    inputs = assessment_inputs(ledger, 2019)
    result = score_units(default_scheme(2019), **inputs)
    robustness(result, draws=10_000, seed=0).units

Examples
--------
>>> from integrity_toolkit.assessment import default_scheme
>>> default_scheme().year
2019
"""

from __future__ import annotations

from integrity_toolkit.assessment.charts import breakdown_chart, rank_interval_chart
from integrity_toolkit.assessment.perturbation import (
    Robustness,
    perturbed_totals,
    robustness,
)
from integrity_toolkit.assessment.records import (
    RecordError,
    add_records,
    effective_records,
    record_history,
    synthetic_records,
)
from integrity_toolkit.assessment.scheme import (
    Scheme,
    SchemeError,
    default_scheme,
    read_scheme,
    scheme_years,
)
from integrity_toolkit.assessment.scoring import (
    Assessment,
    AssessmentInputs,
    assessment_inputs,
    peer_group_of,
    score_units,
)

__all__ = [
    "Assessment",
    "AssessmentInputs",
    "RecordError",
    "Robustness",
    "Scheme",
    "SchemeError",
    "add_records",
    "assessment_inputs",
    "breakdown_chart",
    "default_scheme",
    "effective_records",
    "peer_group_of",
    "perturbed_totals",
    "rank_interval_chart",
    "read_scheme",
    "record_history",
    "robustness",
    "scheme_years",
    "score_units",
    "synthetic_records",
]
