"""integrity-toolkit: Chinese government work plans as data.

Parse a plan into tasks, clauses and responsible units, see its
responsibility graph, and build a progress report.

Examples
--------
>>> import integrity_toolkit as itk
>>> plan = itk.load_plan()
>>> plan.document.doc_number
'東府〔2018〕124號'
"""

from __future__ import annotations

from typing import Any

from integrity_toolkit.bundled import BUNDLED_PLAN, load_plan
from integrity_toolkit.errors import (
    DocumentReadError,
    IntegrityToolkitError,
    NotAPlanError,
    ReportError,
)
from integrity_toolkit.model import Plan, Role
from integrity_toolkit.parser import parse_plan
from integrity_toolkit.reading import read_plan_text

__all__ = [
    "BUNDLED_PLAN",
    "DocumentReadError",
    "IntegrityToolkitError",
    "NotAPlanError",
    "Plan",
    "ReportError",
    "Role",
    "__version__",
    "accountability_diffusion",
    "centrality",
    "co_responsibility",
    "collective_only_tasks",
    "default_registry",
    "diffusion_summary",
    "export_graph",
    "interactive_graph",
    "load_plan",
    "parse_plan",
    "read_plan_text",
    "role_workload",
    "single_points",
    "workload",
]

__version__ = "0.1.0"

# pandas and networkx load on first use, so `import integrity_toolkit` stays quick.
_LAZY = {
    "accountability_diffusion": "integrity_toolkit.network",
    "centrality": "integrity_toolkit.network",
    "co_responsibility": "integrity_toolkit.network",
    "collective_only_tasks": "integrity_toolkit.graph",
    "interactive_graph": "integrity_toolkit.graph_view",
    "default_registry": "integrity_toolkit.registry",
    "diffusion_summary": "integrity_toolkit.network",
    "export_graph": "integrity_toolkit.network",
    "role_workload": "integrity_toolkit.network",
    "single_points": "integrity_toolkit.network",
    "workload": "integrity_toolkit.graph",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'integrity_toolkit' has no attribute {name!r}")


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext integrity_toolkit``: show toolkit errors as tables."""
    from integrity_toolkit.jupyter import load_ipython_extension as load

    load(ipython)


def __dir__() -> list[str]:
    return sorted(__all__)
