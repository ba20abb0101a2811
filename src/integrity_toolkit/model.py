"""The document model: a plan, its parts, groups, tasks, clauses and targets.

All objects are frozen, so a notebook cell run twice or out of order never
sees a plan changed behind its back. Every extracted item carries a
:class:`Span` pointing back into the source text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from integrity_toolkit._enums import CodeEnum

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from integrity_toolkit.normalisation import Change

__all__ = [
    "Assignment",
    "CitedDocument",
    "Clause",
    "DocumentInfo",
    "Group",
    "Part",
    "Person",
    "Plan",
    "Repair",
    "Role",
    "Span",
    "Target",
    "Task",
]


class Role(CodeEnum):
    """The part a unit plays in a clause.

    ``lead`` is a unit the tag marks as leading (牽頭), or else the first
    named unit of a plain list (…負責, 責任單位:…); ``co`` every further
    unit of such a list (co-responsible, no lead stated); ``support`` a unit
    in a 配合, 協助, 參加 slot, or in a 責任單位 slot after a 牽頭 slot;
    ``collective`` an actor that stands for many units (各部門, 各園區、鎮街,
    a coordination group's member units …), whatever its slot.
    """

    LEAD = "lead"
    CO = "co"
    SUPPORT = "support"
    COLLECTIVE = "collective"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the source text.

    ``start`` and ``end`` are character offsets into the text as read
    (``text[start:end]`` is the item); ``line`` and ``column`` are 1-based
    and give where it starts.
    """

    start: int
    end: int
    line: int
    column: int

    def to_dict(self) -> dict[str, int]:
        return {
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, slots=True)
class Repair:
    """A loss in the source text that the parser mended, and the proof.

    ``kind`` is one of ``tag_unclosed``, ``doc_number_bracket``,
    ``date_characters`` (more may be added); ``as_written`` is the damaged
    text and ``repaired`` what the parser read it as. ``message`` gives the
    proof in English; ``evidence`` names it as a code where the kind has
    more than one (a date: ``header_date`` or ``only_reading``), so a report
    can say it in its own language (:func:`integrity_toolkit.tables.repairs_frame`).
    """

    kind: str
    message: str
    as_written: str
    repaired: str
    span: Span
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "as_written": self.as_written,
            "repaired": self.repaired,
            "line": self.span.line,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A document the plan cites, with its number (repaired) and title."""

    doc_number: str
    doc_number_as_written: str
    title: str | None
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number,
            "doc_number_as_written": self.doc_number_as_written,
            "title": self.title,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Metadata of the issuing notice and the plan it carries."""

    title: str | None
    plan_title: str | None
    issuer: str | None
    doc_number: str | None
    date: dt.date | None
    index_number: str | None
    cited: tuple[CitedDocument, ...]
    principles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "plan_title": self.plan_title,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "date": self.date.isoformat() if self.date else None,
            "index_number": self.index_number,
            "principles": list(self.principles),
            "cited": [c.to_dict() for c in self.cited],
        }


@dataclass(frozen=True, slots=True)
class Assignment:
    """One unit named in a clause's tag, with its role and place in the tag."""

    unit: str
    role: Role
    order: int
    span: Span

    @property
    def normalised(self) -> str:
        """The name without glosses, in simplified script: the key across plans."""
        from integrity_toolkit.normalisation import to_simplified

        return to_simplified(self.unit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.unit,
            "role": self.role.value,
            "order": self.order,
            "normalised": self.normalised,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Person:
    """A person a tag names (唐杰同志負責): in charge, but not a unit."""

    name: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True, repr=False)
class Target:
    """A dated, quantified target, such as 到2020年…覆蓋率達到100%."""

    year: int
    metric: str
    value: float
    unit: str
    clause_id: str
    responsible: tuple[str, ...]
    text: str
    span: Span

    def __repr__(self) -> str:
        units = "、".join(self.responsible) or "no unit named"
        return (
            f"<Target {self.metric} {self.value:g}{self.unit} by {self.year}: "
            f"clause {self.clause_id} line {self.span.line} [{units}]>"
        )

    def _repr_html_(self) -> str:
        from integrity_toolkit.display import target_html

        return target_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "metric": self.metric,
            "value": self.value,
            "unit": self.unit,
            "clause_id": self.clause_id,
            "responsible": list(self.responsible),
            "text": self.text,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True, repr=False)
class Clause:
    """The text governed by one responsibility tag.

    ``text`` excludes the tag; ``tag`` is the tag as written (with its
    brackets, or without the closing one where the source lost it).
    A clause with no tag has ``tag = None`` and no assignments. People the
    tag names (…同志) are in ``persons``, not among the assignments.
    """

    id: str
    task_id: str
    text: str
    tag: str | None
    assignments: tuple[Assignment, ...]
    span: Span
    tag_span: Span | None
    persons: tuple[Person, ...] = ()

    def __repr__(self) -> str:
        units = "、".join(f"{a.unit}({a.role.value})" for a in self.assignments)
        text = self.text if len(self.text) <= 30 else self.text[:29] + "…"
        return f"<Clause {self.id} line {self.span.line}: {text} [{units or 'no tag'}]>"

    def _repr_html_(self) -> str:
        from integrity_toolkit.display import clause_html

        return clause_html(self)

    @property
    def lead(self) -> str | None:
        """The lead unit's name, or None when the tag names no lead."""
        for a in self.assignments:
            if a.role is Role.LEAD:
                return a.unit
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "tag": self.tag,
            "units": [a.to_dict() for a in self.assignments],
            "persons": [p.to_dict() for p in self.persons],
            "span": self.span.to_dict(),
            "tag_span": self.tag_span.to_dict() if self.tag_span else None,
        }


@dataclass(frozen=True, slots=True, repr=False)
class Task:
    """A numbered task (二(二)3) or an unnumbered measure (三(四))."""

    id: str
    label: str
    heading: str
    part_id: str
    group_id: str | None
    clauses: tuple[Clause, ...]
    span: Span

    def __repr__(self) -> str:
        return (
            f"<Task {self.id} {self.label} {self.heading}: "
            f"{len(self.clauses)} clauses, line {self.span.line}>"
        )

    def _repr_html_(self) -> str:
        from integrity_toolkit.display import task_html

        return task_html(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "heading": self.heading,
            "part_id": self.part_id,
            "group_id": self.group_id,
            "span": self.span.to_dict(),
            "clauses": [c.to_dict() for c in self.clauses],
        }


@dataclass(frozen=True, slots=True)
class Group:
    """A numbered group of tasks, such as (一)建立政務誠信監督體系."""

    id: str
    label: str
    heading: str
    part_id: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "heading": self.heading,
            "part_id": self.part_id,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Part:
    """A top-level part, such as 二、主要任務; ``body`` is its untasked text."""

    id: str
    label: str
    heading: str
    body: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "heading": self.heading,
            "span": self.span.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed work plan.

    Build one with :func:`integrity_toolkit.parse_plan` or
    :func:`integrity_toolkit.load_plan`; never by hand. ``text`` is the text
    as given (every span points into it); ``changes`` lists what the
    normalisation layer folded or removed before parsing.
    """

    document: DocumentInfo
    parts: tuple[Part, ...]
    groups: tuple[Group, ...]
    tasks: tuple[Task, ...]
    targets: tuple[Target, ...]
    repairs: tuple[Repair, ...]
    source: str
    text: str = field(repr=False)
    changes: tuple[Change, ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        doc = self.document
        names = (doc.doc_number or "(no number)", doc.plan_title)
        return (
            f"<Plan {' '.join(n for n in names if n)}: "
            f"{len(self.tasks)} tasks, {sum(1 for _ in self.clauses())} clauses, "
            f"{len(self.repairs)} repairs>"
        )

    def _repr_html_(self) -> str:
        from integrity_toolkit.display import plan_html

        return plan_html(self)

    def clauses(self) -> Iterator[Clause]:
        """Yield every clause in document order."""
        for task in self.tasks:
            yield from task.clauses

    def clause(self, clause_id: str) -> Clause:
        """Return the clause with this id.

        Parameters
        ----------
        clause_id : str
            The clause id: the task id for a task's first clause (``1.1``), the
            task id and a letter for the next ones (``1.1-b``, ``1.1-c`` …).

        Returns
        -------
        Clause
            The clause of that id, wherever it sits in the plan. An id the
            plan does not have raises
            :class:`~integrity_toolkit.errors.UnknownIdError` (a KeyError)
            naming the nearest ids there are.

        Examples
        --------
        >>> from integrity_toolkit import parse_plan
        >>> plan = parse_plan("一、任務\\n1.甲。乙。(市發改局負責)")
        >>> plan.clause("1.1").assignments[0].unit
        '市發改局'
        >>> plan.clause("1.1-b")
        Traceback (most recent call last):
        ...
        integrity_toolkit.errors.UnknownIdError: <text> '1.1-b': no clause of \
this id; clauses of task 1.1: 1.1; list them all with [c.id for c in \
plan.clauses()]
        """
        for clause in self.clauses():
            if clause.id == clause_id:
                return clause
        ids = [c.id for c in self.clauses()]
        task_id = clause_id.split("-")[0] if isinstance(clause_id, str) else ""
        near = [c.id for c in self.clauses() if c.task_id == task_id]
        known = f"clauses of task {task_id}: {', '.join(near)}" if near else ""
        raise _unknown_id(
            "clause", clause_id, ids, known, "[c.id for c in plan.clauses()]", self
        )

    def task(self, task_id: str) -> Task:
        """Return the task with this id.

        Parameters
        ----------
        task_id : str
            The task id: the part's, and the group's where the plan has
            groups, then the task's number, joined by ``.`` (``1.1``,
            ``2.2.3``).

        Returns
        -------
        Task
            The task of that id. An id the plan does not have raises
            :class:`~integrity_toolkit.errors.UnknownIdError` (a KeyError)
            naming the plan's source and the ids there are.

        Examples
        --------
        >>> from integrity_toolkit import parse_plan
        >>> plan = parse_plan("一、任務\\n1.甲。(市發改局負責)\\n2.乙。(市財政局負責)")
        >>> plan.task("1.2").heading
        '乙'
        >>> plan.task("9.9")
        Traceback (most recent call last):
        ...
        integrity_toolkit.errors.UnknownIdError: <text> '9.9': no task of this \
id; task ids run from 1.1 to 1.2 (2 tasks); list them with [t.id for t in \
plan.tasks]
        """
        for task in self.tasks:
            if task.id == task_id:
                return task
        ids = [t.id for t in self.tasks]
        raise _unknown_id("task", task_id, ids, "", "[t.id for t in plan.tasks]", self)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The repairs as plain sentences, for display."""
        return tuple(r.message for r in self.repairs)

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (the CLI's ``--format json``)."""
        return {
            "source": self.source,
            "document": self.document.to_dict(),
            "parts": [p.to_dict() for p in self.parts],
            "groups": [g.to_dict() for g in self.groups],
            "tasks": [t.to_dict() for t in self.tasks],
            "targets": [t.to_dict() for t in self.targets],
            "warnings": [r.to_dict() for r in self.repairs],
        }

    def tasks_frame(self) -> pd.DataFrame:
        """One row per task: id, label, heading, clauses, units in order."""
        from integrity_toolkit.tables import tasks_frame

        return tasks_frame(self)

    def assignments(
        self, as_of: dt.date | str | None = None, *, expand: bool = False
    ) -> pd.DataFrame:
        """One row per (clause, unit): the plan's responsibility table.

        Each unit comes with its registry id, names in zh-Hans, zh-Hant and
        English, type and actor kind. With ``as_of``, each responsibility
        goes to the unit that holds it on that date; with ``expand``,
        collective actors become their member units. See
        :func:`integrity_toolkit.tables.assignments_frame`.

        Parameters
        ----------
        as_of : datetime.date or str, optional
            A date (a ``datetime.date`` or an ISO date, ``2020-01-01``): each
            responsibility goes to the unit that holds it on that day. Default None
            keeps the names as the plan wrote them.
        expand : bool, default False
            If True, a collective actor (各部門) becomes one row per member unit.

        Returns
        -------
        pandas.DataFrame
            The columns of :func:`integrity_toolkit.tables.assignments_frame`.

        Examples
        --------
        >>> from integrity_toolkit import parse_plan
        >>> plan = parse_plan("一、任務\\n1.甲。(市國土局負責)")
        >>> plan.assignments("2020-01-01")[["unit", "unit_id", "role"]].values.tolist()
        [['市國土局', 'dg.natural-resources', 'lead']]
        """
        from integrity_toolkit.tables import assignments_frame

        return assignments_frame(self, as_of, expand=expand)

    def graph(self) -> nx.DiGraph:
        """The responsibility graph: plan → task → clause → unit."""
        from integrity_toolkit.graph import responsibility_graph

        return responsibility_graph(self)


def _unknown_id(
    kind: str, given: object, ids: list[str], near: str, listing: str, plan: Plan
) -> Exception:
    """The error for an id the plan does not have: the ids nearest it, how to list all.

    ``near`` names ids close to the one given (a task's clauses); without
    it, the ids sharing the longest start with the one given (``2.2.9``:
    the tasks of group 2.2), else the first and last of the plan.
    """
    from integrity_toolkit.errors import UnknownIdError

    where = plan.source
    if not isinstance(given, str):
        example = ids[0] if ids else "1.1"
        return UnknownIdError(
            f"{given!r} ({type(given).__name__}) is not a {kind} id",
            f"write the id as text, e.g. plan.{kind}({example!r}); "
            f"list them with {listing}",
            where=where,
        )
    if not ids:
        return UnknownIdError(
            f"no {kind} of this id: the plan has no {kind}s",
            "check that the text is the whole plan, with its numbered tasks (1.)",
            where=where,
            value=given,
        )
    near = near or _ids_starting_like(kind, given, ids)
    listed = "list them all" if near else "list them"
    near = near or f"{kind} ids run from {ids[0]} to {ids[-1]} ({len(ids)} {kind}s)"
    return UnknownIdError(
        f"no {kind} of this id",
        f"{near}; {listed} with {listing}",
        where=where,
        value=given,
    )


def _ids_starting_like(kind: str, given: str, ids: list[str], shown: int = 8) -> str:
    """``tasks under 2.2: 2.2.1, 2.2.2 …``: the ids under the longest known start.

    A long list keeps its first ids and its last (``2.3.1, … 2.3.9``).
    """
    parts = given.split("-")[0].split(".")
    for cut in range(len(parts) - 1, 0, -1):
        start = ".".join(parts[:cut])
        under = [i for i in ids if i.startswith(f"{start}.")]
        if len(under) > shown:
            under = [*under[: shown - 1], f"… {under[-1]} ({len(under)} {kind}s)"]
        if under:
            return f"{kind}s under {start}: {', '.join(under)}"
    return ""


def _require_plan(value: object, where: str = "plan") -> Plan:
    """``value`` if it is a parsed plan; else a WrongTypeError saying how to get one."""
    if isinstance(value, Plan):
        return value
    from integrity_toolkit.errors import WrongTypeError

    given = "None" if value is None else f"a {type(value).__name__}"
    raise WrongTypeError(
        f"{given} was given where a parsed Plan is expected",
        "pass a plan made by itk.load_plan(path) (a text file) or "
        "itk.parse_plan(text) (the plan's text)",
        where=where,
    )
