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

from integrity_toolkit.ledger.demo import (
    fill_demo_ledger,
    report_ledger,
)
from integrity_toolkit.ledger.excel import (
    import_returns,
    read_return,
    write_problems_workbook,
    write_template,
)
from integrity_toolkit.ledger.period import (
    Period,
    quarters,
)
from integrity_toolkit.ledger.roster import (
    clause_deadlines,
    reporting_roster,
)
from integrity_toolkit.ledger.store import (
    ImportResult,
    Ledger,
    LedgerEntry,
    compare_states,
)
from integrity_toolkit.ledger.summary import (
    change_matrix,
    overdue_clauses,
    stale_clauses,
    stale_units,
    task_summary,
    timeline,
    timeline_figure,
)
from integrity_toolkit.ledger.validation import (
    ReturnProblem,
)
from integrity_toolkit.ledger.vocabulary import (
    Completion,
    Confidence,
    crosswalk,
    derive_confidence,
    is_overdue,
)

__all__ = [
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
