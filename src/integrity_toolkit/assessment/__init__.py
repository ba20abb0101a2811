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

import importlib
from typing import Any

__all__ = [
    "Assessment",
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

# The modules load on first use, so that the command line stays quick.
_LAZY = {
    "RecordError": "integrity_toolkit.assessment.records",
    "add_records": "integrity_toolkit.assessment.records",
    "effective_records": "integrity_toolkit.assessment.records",
    "record_history": "integrity_toolkit.assessment.records",
    "synthetic_records": "integrity_toolkit.assessment.records",
    "Robustness": "integrity_toolkit.assessment.perturbation",
    "perturbed_totals": "integrity_toolkit.assessment.perturbation",
    "robustness": "integrity_toolkit.assessment.perturbation",
    "Scheme": "integrity_toolkit.assessment.scheme",
    "SchemeError": "integrity_toolkit.assessment.scheme",
    "default_scheme": "integrity_toolkit.assessment.scheme",
    "read_scheme": "integrity_toolkit.assessment.scheme",
    "scheme_years": "integrity_toolkit.assessment.scheme",
    "Assessment": "integrity_toolkit.assessment.scoring",
    "assessment_inputs": "integrity_toolkit.assessment.scoring",
    "peer_group_of": "integrity_toolkit.assessment.scoring",
    "score_units": "integrity_toolkit.assessment.scoring",
    "breakdown_chart": "integrity_toolkit.assessment.charts",
    "rank_interval_chart": "integrity_toolkit.assessment.charts",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
