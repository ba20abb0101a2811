"""The plan as tables (pandas DataFrames), one row per task or assignment."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pandas as pd

from integrity_toolkit.display import Card, CardFrame, counted
from integrity_toolkit.glossary import Language, count_of, phrase, term

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan, Repair
    from integrity_toolkit.registry import Registry

__all__ = [
    "assignments_frame",
    "clauses_frame",
    "formula_safe",
    "repairs_frame",
    "summary_frame",
    "tasks_frame",
]

#: What a text cell may start with for a spreadsheet to run it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number as text (-5, +1.5) is read as a number, never run.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def formula_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with text cells a spreadsheet would run as a formula quoted.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'``, which Excel and LibreOffice read as "this is
    text": a unit named ``=HYPERLINK("x")`` opens as that text, not as a link.
    Numbers (a gap of -10), and text that is a plain signed number (a
    headcount written as ``-5``), are left as they are. Use it before writing CSV
    that people open in a spreadsheet; JSON and Parquet need no quoting.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; only its text columns (object or string dtype) are read.

    Returns
    -------
    pandas.DataFrame
        A new table with the same columns and index; ``frame`` is not changed.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ['=HYPERLINK("x")', "市發改局"], "gap": [-10, 5]})
    >>> print(formula_safe(frame).to_csv(index=False), end="")
    unit,gap
    "'=HYPERLINK(""x"")",-10
    市發改局,5
    """
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(_quoted, na_action="ignore") for c in text})


def _quoted(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


ASSIGNMENT_COLUMNS = [
    "task_id",
    "clause_id",
    "unit",
    "role",
    "order",
    "line",
    "start",
    "end",
]


def assignments_frame(
    plan: Plan,
    as_of: dt.date | str | None = None,
    *,
    expand: bool = False,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """One row per (clause, unit), in document order, with who each unit is.

    Columns are ``task_id``, ``clause_id``, ``unit`` (as written), ``role``
    (lead, co, support, collective), ``order`` (place in the tag, from 0), and the
    unit's source position: ``line`` (1-based), ``start`` and ``end``
    (character offsets into ``plan.text``); then the registry's columns
    (:data:`integrity_toolkit.actors.ACTOR_COLUMNS`): ``unit_id``, names in
    zh-Hans, zh-Hant and English, ``unit_type``, ``actor_kind`` (unit,
    collective, unspecified, unknown) and the registry's source mark.

    Parameters
    ----------
    plan : Plan
        A parsed plan.
    as_of : date or str, optional
        Map each responsibility to the unit that holds it on this date
        (市工商局 → the market-regulation bureau from 2019-02-15); ``unit``
        and ``named_unit_id`` keep the name and unit as written.
    expand : bool
        Replace collective actors by their members valid on ``as_of`` (or on
        the plan's date); see :func:`integrity_toolkit.actors.expand_collectives`.
    registry : Registry, optional
        Default: the registry shipped with the package.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.建立制度。落實工作。(市工商局,各部門負責)")
    >>> assignments_frame(plan)[["clause_id", "unit", "role", "actor_kind"]]
      clause_id  unit        role  actor_kind
    0       1.1  市工商局        lead        unit
    1       1.1   各部門  collective  collective
    >>> assignments_frame(plan, "2020-01-01").loc[0, ["unit", "name_en"]].tolist()
    ['市工商局', 'Dongguan Administration of Market Regulation']
    """
    from integrity_toolkit.actors import (
        as_date,
        expand_collectives,
        resolve_assignments,
    )

    day = as_date(as_of)
    frame = resolve_assignments(_written_assignments(plan), day, registry)
    if expand:
        frame = expand_collectives(frame, day or plan.document.date, registry)
    return CardFrame.of(frame, _assignments_card(plan, frame, day, expand))


def _assignments_card(
    plan: Plan, frame: pd.DataFrame, day: dt.date | None, expand: bool
) -> Card:
    doc = plan.document
    facts = [f"dated {doc.date.isoformat()}" if doc.date else "date unknown"]
    if day is not None:
        facts.append(f"units as of {day.isoformat()}")
    if expand:
        facts.append("collectives expanded")
    facts.append(
        " · ".join(
            count_of(n, word) + after
            for n, word, after in (
                (len(frame), "assignment", ""),
                (frame["clause_id"].nunique(), "clause", ""),
                (frame["unit"].nunique(), "unit", " named"),
                (frame["unit_id"].nunique(), "registry unit", ""),
            )
        )
    )
    facts.append(
        "roles: " + counted(frame["role"], ("lead", "co", "support", "collective"))
    )
    columns = ("clause_id", "unit", "role", "unit_id", "actor_kind", "line")
    holder = f"held on {day.isoformat()} by" if day is not None else "registry unit"
    return Card(
        f"{doc.doc_number or plan.source} assignments",
        tuple(facts),
        columns,
        id_columns=("unit_id",),
        labels=(("unit_id", holder),),
    )


def _written_assignments(plan: Plan) -> pd.DataFrame:
    """The assignments as the tags write them (the first eight columns)."""
    rows = [
        (
            clause.task_id,
            clause.id,
            a.unit,
            a.role.value,
            a.order,
            a.span.line,
            a.span.start,
            a.span.end,
        )
        for clause in plan.clauses()
        for a in clause.assignments
    ]
    return pd.DataFrame(rows, columns=ASSIGNMENT_COLUMNS)


def tasks_frame(plan: Plan) -> pd.DataFrame:
    """One row per task: ids, labels, heading, clause count and units.

    ``lead`` lists the distinct lead units of the task's clauses,
    ``units`` every unit in order of first mention, joined by 、.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``task_id``, ``label``, ``heading``, ``clauses`` (count),
        ``lead``, ``units`` and ``line`` (1-based line of the task in the
        source).

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局牽頭,市財政局配合)")
    >>> tasks_frame(plan)[["task_id", "clauses", "lead", "units"]].values.tolist()
    [['1.1', 1, '市發改局', '市發改局、市財政局']]
    """
    rows = []
    for task in plan.tasks:
        units: list[str] = []
        leads: list[str] = []
        for clause in task.clauses:
            for a in clause.assignments:
                if a.unit not in units:
                    units.append(a.unit)
            if clause.lead and clause.lead not in leads:
                leads.append(clause.lead)
        rows.append(
            {
                "task_id": task.id,
                "label": task.label,
                "heading": task.heading,
                "clauses": len(task.clauses),
                "lead": "、".join(leads),
                "units": "、".join(units),
                "line": task.span.line,
            }
        )
    return pd.DataFrame(rows)


def summary_frame(plan: Plan) -> pd.DataFrame:
    """The plan's metadata and counts as two text columns, ``field`` and ``value``.

    Fields are keys (``doc_number``, ``tasks`` …) that reports translate
    through the glossary (``field.<key>``).

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``field`` and ``value``, both text: the title, notice, issuer,
        document number, date (ISO), index number, cited documents and
        principles, then the counts of parts, tasks, clauses, assignments,
        distinct units, targets and repairs. A missing field is ``""``.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> summary = summary_frame(parse_plan("一、任務\\n1.甲。乙。(市發改局負責)"))
    >>> counts = summary.set_index("field")["value"]
    >>> counts[["tasks", "clauses", "assignments"]].tolist()
    ['1', '1', '1']
    """
    doc = plan.document
    frame = plan.assignments()
    rows = [
        ("title", doc.plan_title),
        ("notice", doc.title),
        ("issuer", doc.issuer),
        ("doc_number", doc.doc_number),
        ("date", doc.date.isoformat() if doc.date else None),
        ("index_number", doc.index_number),
        ("cites", "; ".join(c.doc_number for c in doc.cited)),
        ("principles", "、".join(doc.principles)),
        ("parts", len(plan.parts)),
        ("tasks", len(plan.tasks)),
        ("clauses", sum(1 for _ in plan.clauses())),
        ("assignments", len(frame)),
        ("distinct_units", frame["unit"].nunique()),
        ("targets", len(plan.targets)),
        ("repairs", len(plan.repairs)),
    ]
    text = [(key, "" if value is None else str(value)) for key, value in rows]
    return pd.DataFrame(text, columns=["field", "value"])


def repairs_frame(plan: Plan, lang: Language | str = Language.EN) -> pd.DataFrame:
    """Every repair the parser made: kind, line, text as written and as read.

    ``message`` is the repair's evidence: the parser's own message in
    English, the glossary's sentence (without file and line, which the row
    gives) in a Chinese language.

    Parameters
    ----------
    plan : Plan
        A parsed plan.
    lang : Language or str, default ``Language.EN``
        The language of ``message``: ``en``, ``zh-Hans`` or ``zh-Hant``.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind``, ``line`` (1-based), ``as_written``, ``repaired`` and
        ``message``, one row per repair in the order the parser made them.

    Examples
    --------
    >>> from integrity_toolkit.bundled import load_plan
    >>> repairs = repairs_frame(load_plan(), "zh-Hans")
    >>> repairs.loc[1, "kind"], int(repairs.loc[1, "line"])
    ('doc_number_bracket', 37)
    >>> print(repairs.loc[1, "message"])
    文号“國發〔201676號”在四位年份后缺少“〕”，已补正为國發〔2016〕76號
    """
    rows = [
        (r.kind, r.span.line, r.as_written, r.repaired, _evidence(r, lang))
        for r in plan.repairs
    ]
    columns = ["kind", "line", "as_written", "repaired", "message"]
    return pd.DataFrame(rows, columns=columns)


def _evidence(repair: Repair, lang: Language | str) -> str:
    """A repair's evidence in ``lang``; a kind the glossary lacks keeps its message."""
    if Language(lang) is Language.EN:
        return repair.message
    proof = term(f"repair.proof.{repair.evidence}", lang) if repair.evidence else ""
    try:
        return phrase(
            f"repair.{repair.kind}",
            lang,
            as_written=repair.as_written,
            repaired=repair.repaired,
            tail=repair.repaired.strip(),
            proof=proof,
        )
    except KeyError:
        return repair.message


def clauses_frame(plan: Plan) -> pd.DataFrame:
    """One row per clause: id, line, tag, and the units in tag order.

    A clause with no tag keeps its row, with empty ``tag`` and ``units``.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    pandas.DataFrame
        Columns ``clause_id``, ``task_id``, ``line`` (1-based), ``text``,
        ``tag`` and ``units`` (each unit followed by its role in brackets,
        joined by 、).

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局牽頭,市財政局配合)\\n2.乙。")
    >>> clauses_frame(plan)[["clause_id", "units"]].values.tolist()
    [['1.1', '市發改局(lead)、市財政局(support)'], ['1.2', '']]
    """
    rows = [
        {
            "clause_id": c.id,
            "task_id": c.task_id,
            "line": c.span.line,
            "text": c.text,
            "tag": c.tag or "",
            "units": "、".join(f"{a.unit}({a.role.value})" for a in c.assignments),
        }
        for c in plan.clauses()
    ]
    return pd.DataFrame(rows)
