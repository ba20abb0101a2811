"""The progress ledger: returns from every unit, kept as an append-only history.

Open a store, fill in returns, ask where things stood::

    from integrity_toolkit.ledger import Ledger, import_returns, write_template

    ledger = Ledger("data/ledger.sqlite")       # or a PostgreSQL URL
    write_template(ledger, "市發改局", "2019Q4", "returns/")
    import_returns(ledger, ["returns/2019Q4_市發改局.xlsx"])
    ledger.state(as_of=dt.date(2019, 12, 31), known_at=dt.date(2020, 2, 1))

Examples
--------
>>> import datetime as dt
>>> from integrity_toolkit.ledger import Ledger
>>> Ledger("sqlite://").state(as_of=dt.date(2019, 12, 31))["completion"].unique()
array(['no_report'], dtype=object)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "COORDINATION_OFFICE",
    "DEFAULT_STORE",
    "Completion",
    "Confidence",
    "ImportResult",
    "Ledger",
    "LedgerEntry",
    "Period",
    "ReturnProblem",
    "change_matrix",
    "clause_deadlines",
    "compare_states",
    "crosswalk",
    "derive_confidence",
    "fill_demo_ledger",
    "import_returns",
    "is_overdue",
    "overdue_clauses",
    "quarters",
    "read_return",
    "report_ledger",
    "reporting_roster",
    "stale_clauses",
    "stale_units",
    "task_summary",
    "timeline",
    "timeline_figure",
    "write_problems_workbook",
    "write_template",
]

# Modules load on first use, so the command line starts quickly.
_LAZY = {
    "COORDINATION_OFFICE": "roster",
    "DEFAULT_STORE": "store",
    "Completion": "vocabulary",
    "Confidence": "vocabulary",
    "ImportResult": "store",
    "Ledger": "store",
    "LedgerEntry": "store",
    "Period": "period",
    "ReturnProblem": "validation",
    "change_matrix": "summary",
    "clause_deadlines": "roster",
    "compare_states": "store",
    "crosswalk": "vocabulary",
    "derive_confidence": "vocabulary",
    "fill_demo_ledger": "demo",
    "import_returns": "excel",
    "is_overdue": "vocabulary",
    "overdue_clauses": "summary",
    "quarters": "period",
    "read_return": "excel",
    "report_ledger": "demo",
    "reporting_roster": "roster",
    "stale_clauses": "summary",
    "stale_units": "summary",
    "task_summary": "summary",
    "timeline": "summary",
    "timeline_figure": "summary",
    "write_problems_workbook": "excel",
    "write_template": "excel",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"integrity_toolkit.ledger.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'integrity_toolkit.ledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
