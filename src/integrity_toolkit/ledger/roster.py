"""Who reports on what: the plan's assignments as a roster of returns.

Every named unit (role ``lead`` or ``co``) answers for its own clauses.
Collective actors (各部門, 各有關部門, 各園區、鎮街, a group's member units …)
cannot fill in a return: no one person speaks for "every department". The
coordination office reports for them: for each clause that names a
collective actor it answers once, with role ``collective`` and the actors it
speaks for in ``on_behalf_of``. Collective actors get no template of their
own.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan

__all__ = [
    "COORDINATION_OFFICE",
    "ROSTER_COLUMNS",
    "clause_deadlines",
    "plan_start",
    "reporting_roster",
]

#: The office of the plan's coordination group (三(一) of 東府〔2018〕124號),
#: which collects the returns and answers for collective actors.
COORDINATION_OFFICE = "市社會信用體系建設統籌協調小組辦公室"

#: The columns of :func:`reporting_roster`.
ROSTER_COLUMNS = [
    "unit",
    "clause_id",
    "task_id",
    "role",
    "on_behalf_of",
    "clause_text",
    "deadline",
]


def reporting_roster(plan: Plan, office: str = COORDINATION_OFFICE) -> pd.DataFrame:
    """One row per (unit, clause) that owes a return, in document order.

    Parameters
    ----------
    plan : Plan
        The plan whose assignments set who answers for what.
    office : str, default ``COORDINATION_OFFICE``
        The unit that reports for collective actors (the coordination
        group's office, 市社會信用體系建設統籌協調小組辦公室).

    Returns
    -------
    pandas.DataFrame
        Columns ``ROSTER_COLUMNS``: ``unit``, ``clause_id``, ``task_id``,
        ``role``, ``on_behalf_of`` (the collective actors the office answers
        for, joined by 、; empty otherwise), ``clause_text`` and
        ``deadline`` (None when the plan sets none).

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.建立制度。(市發改局,各部門、有關部門負責)")
    >>> reporting_roster(plan, office="市信用辦")[["unit", "role", "on_behalf_of"]]
       unit        role on_behalf_of
    0  市發改局        lead
    1   市信用辦  collective   各部門、有關部門
    """
    deadlines = clause_deadlines(plan)
    rows = []
    for clause in plan.clauses():
        named = [a for a in clause.assignments if a.role.value != "collective"]
        collective = [a.unit for a in clause.assignments if a not in named]
        answering = [(a.unit, a.role.value, "") for a in named]
        if collective:
            answering.append((office, "collective", "、".join(collective)))
        for unit, role, on_behalf_of in answering:
            deadline = deadlines.get(clause.id)
            rows.append(
                (
                    unit,
                    clause.id,
                    clause.task_id,
                    role,
                    on_behalf_of,
                    clause.text,
                    deadline,
                )
            )
    return pd.DataFrame(rows, columns=ROSTER_COLUMNS)


def plan_start(plan: Plan) -> dt.date:
    """The day work under the plan began: its signature date.

    Parameters
    ----------
    plan : Plan
        A parsed plan; without a date, 1 January 2018 is taken.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> plan_start(load_plan()).isoformat()
    '2018-10-08'
    """
    return plan.document.date or dt.date(2018, 1, 1)


def clause_deadlines(plan: Plan) -> dict[str, dt.date | None]:
    """Each clause's deadline, derived from the plan's dated targets.

    A clause with a target (到2020年…) is due on the last day of the target's
    year. The plan gives no date for its other clauses; they are held to the
    latest target year of the plan, the horizon the plan sets for itself.
    A plan with no dated target gives no clause a deadline.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    dict of str to datetime.date or None
        Clause id to deadline, every clause of the plan in order.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> deadlines = clause_deadlines(load_plan())
    >>> deadlines["2.2.3-c"].isoformat(), deadlines["2.1.1"].isoformat()
    ('2020-12-31', '2020-12-31')
    """
    by_clause = {t.clause_id: dt.date(t.year, 12, 31) for t in plan.targets}
    horizon = max(by_clause.values(), default=None)
    return {c.id: by_clause.get(c.id, horizon) for c in plan.clauses()}
