"""Rich displays: how plans, tasks, clauses, targets and errors show themselves.

Every function returns a small, self-contained HTML string (no script, no
network) with all text escaped; the model's ``_repr_html_`` methods call
them, so JupyterLab shows a compact card instead of a dataclass dump.

Tables the toolkit hands out whole (a plan's assignments, a ledger's state,
an assessment's scores) are :class:`CardFrame` objects: ordinary pandas
DataFrames that show themselves as a card with a heading (document number,
date, counts) and their first rows. Anything computed from them (a
selection, a merge, a sort) is a plain DataFrame again.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from integrity_toolkit.glossary import count_of

if TYPE_CHECKING:
    from integrity_toolkit.model import Clause, Plan, Target, Task

__all__ = [
    "Card",
    "CardFrame",
    "clause_html",
    "display_language",
    "frame_html",
    "frame_text",
    "markdown_table",
    "plan_html",
    "problems_html",
    "problems_text",
    "set_display_language",
    "target_html",
    "task_html",
]

_ROWS_SHOWN = 8
_STYLE = (
    "<style>.itk-card{font-family:sans-serif;font-size:13px;max-width:60em}"
    ".itk-card h4{margin:.2em 0}.itk-card table{border-collapse:collapse}"
    ".itk-card td,.itk-card th{padding:2px 8px;border-bottom:1px solid #ddd;"
    "text-align:left;vertical-align:top}.itk-muted{color:#777}"
    ".itk-lead{color:#c0392b}.itk-co{color:#d35400}.itk-collective{color:#7f8c8d}</style>"
)


_language: list[str | None] = [None]


def set_display_language(lang: str | None) -> None:
    """Write unit names in cards in ``lang`` (en, zh-Hans, zh-Hant), or as written.

    Parameters
    ----------
    lang : str or None
        ``en``, ``zh-Hans`` or ``zh-Hant``, in any case (``EN``, ``zh-hans``);
        None writes names as the plan wrote them. The choice holds for the
        whole session. Another code raises
        :class:`~integrity_toolkit.errors.UnknownLanguageError` listing these.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> set_display_language("en")
    >>> "Dongguan Development and Reform Bureau" in parse_plan(
    ...     "一、任務\\n1.甲。(市發改局負責)").task("1.1")._repr_html_()
    True
    >>> set_display_language(None)
    """
    if lang is not None:
        from integrity_toolkit.glossary import Language

        lang = Language(lang).value
    _language[0] = lang


def display_language() -> str | None:
    """The language cards write unit names in; None means as the plan writes them.

    Examples
    --------
    >>> display_language() is None
    True
    """
    return _language[0]


def _name(unit: str) -> str:
    lang = _language[0]
    if lang is None:
        return unit
    from integrity_toolkit.glossary import unit_name

    return unit_name(unit, lang)


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table; cells are already-escaped HTML."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _units(clause: Clause) -> str:
    # Not 、: an actor may hold one (各園區、鎮街); English names may hold commas.
    separator = "; " if _language[0] == "en" else "，"
    return (
        separator.join(
            f'<span class="itk-{a.role.value}" title="{a.role.value}">'
            f"{_e(_name(a.unit))}</span>"
            for a in clause.assignments
        )
        or '<span class="itk-muted">(no tag)</span>'
    )


def plan_html(plan: Plan) -> str:
    """A card for a plan: number, title, date, counts and the first tasks.

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    str
        An HTML fragment with its own style, as Jupyter shows it.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> card = plan_html(parse_plan("一、任務\\n1.建立制度。落實。(市發改局負責)"))
    >>> "1 task · 1 clause" in card and "市發改局" in card
    True
    """
    doc = plan.document
    clauses = list(plan.clauses())
    names = (doc.doc_number or plan.source, doc.plan_title)
    title = " ".join(_e(name) for name in names if name)
    date = doc.date.isoformat() if doc.date else "date unknown"
    counts = " · ".join(
        count_of(n, word)
        for n, word in (
            (len(plan.tasks), "task"),
            (len(clauses), "clause"),
            (sum(len(c.assignments) for c in clauses), "assignment"),
            (len(plan.targets), "target"),
            (len(plan.repairs), "repair"),
        )
    )
    facts = [f for f in (date, doc.issuer, counts) if f]
    rows = [
        (_e(t.id), _e(t.label), _e(t.heading), _units(t.clauses[0]))
        for t in plan.tasks[:_ROWS_SHOWN]
    ]
    more = len(plan.tasks) - _ROWS_SHOWN
    tail = f'<div class="itk-muted">… {more} more tasks</div>' if more > 0 else ""
    return (
        f'{_STYLE}<div class="itk-card"><h4>{title}</h4>'
        f'<div class="itk-muted">{_e(" · ".join(facts))}</div>'
        + _table(["id", "label", "heading", "units (first clause)"], rows)
        + f"{tail}</div>"
    )


def task_html(task: Task) -> str:
    """A card for a task: its heading and each clause with its units by role.

    Parameters
    ----------
    task : Task
        A task of a parsed plan.

    Returns
    -------
    str
        An HTML fragment: one row per clause with its id, line, text and units.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> task = parse_plan("一、任務\\n1.建立制度。落實。(市發改局負責)").task("1.1")
    >>> "<td>1.1</td><td>2</td>" in task_html(task)
    True
    """
    rows = [
        (_e(c.id), _e(c.span.line), _e(_shorten(c.text)), _units(c))
        for c in task.clauses
    ]
    return (
        f'{_STYLE}<div class="itk-card"><h4>{_e(task.label)} {_e(task.heading)}</h4>'
        f'<div class="itk-muted">task {_e(task.id)} · line {task.span.line}</div>'
        f"{_table(['clause', 'line', 'text', 'units'], rows)}</div>"
    )


def clause_html(clause: Clause) -> str:
    """A card for a clause: its text, its tag and its units by role.

    Parameters
    ----------
    clause : Clause
        A clause of a parsed plan.

    Returns
    -------
    str
        An HTML fragment: one row per assignment with its order, unit and role.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> clause = parse_plan("一、任務\\n1.甲。(市發改局負責)").clause("1.1")
    >>> "<td>0</td><td>市發改局</td><td>lead</td>" in clause_html(clause)
    True
    """
    rows = [
        (_e(a.order), _e(_name(a.unit)), _e(a.role.value)) for a in clause.assignments
    ]
    return (
        f'{_STYLE}<div class="itk-card"><h4>clause {_e(clause.id)}</h4>'
        f'<div class="itk-muted">line {clause.span.line} · '
        f"tag {_e(clause.tag or 'none')}"
        f"</div><p>{_e(clause.text)}</p>{_table(['order', 'unit', 'role'], rows)}</div>"
    )


def target_html(target: Target) -> str:
    """A card for a target: metric, value, deadline, clause and units.

    Parameters
    ----------
    target : Target
        A target read from a plan.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> "公務員信用檔案覆蓋率: 100% by 2020" in target_html(load_plan().targets[0])
    True
    """
    return (
        f'{_STYLE}<div class="itk-card"><h4>{_e(target.metric)}: '
        f"{target.value:g}{_e(target.unit)} by {target.year}</h4>"
        f'<div class="itk-muted">clause {_e(target.clause_id)} · '
        f"line {target.span.line}"
        f" · {_e('、'.join(_name(u) for u in target.responsible))}</div></div>"
    )


def problems_html(title: str, problems: Sequence[dict[str, str]]) -> str:
    """An error as a table of problems: where, what, how to fix.

    Parameters
    ----------
    title : str
        The heading, such as the error's name.
    problems : sequence of dict
        One dict per problem with keys ``where``, ``value``, ``what`` and
        ``fix``; a missing key is an empty cell, and the ``value`` column is
        left out when no problem has one.

    Returns
    -------
    str
        An HTML fragment with the title in red over the table.

    Examples
    --------
    >>> card = problems_html("cannot read", [{"where": "a.txt", "what": "empty"}])
    >>> "<td>a.txt</td>" in card
    True
    """
    keys = ["where", "value", "what", "fix"]
    if not any(p.get("value") for p in problems):
        keys.remove("value")
    rows = [tuple(_e(p.get(k, "")) for k in keys) for p in problems]
    header = ["how to fix" if k == "fix" else k for k in keys]
    return (
        f'{_STYLE}<div class="itk-card"><h4 style="color:#c0392b">{_e(title)}</h4>'
        f"{_table(header, rows)}</div>"
    )


def problems_text(title: str, problems: Sequence[dict[str, str]]) -> str:
    """The same table as :func:`problems_html`, as plain text for a terminal.

    Parameters
    ----------
    title : str
        The first line's start, such as the error's name.
    problems : sequence of dict
        One dict per problem with keys ``where``, ``value``, ``what`` and
        ``fix``; any may be missing.

    Returns
    -------
    str
        The title and count, then one indented line per problem.

    Examples
    --------
    >>> print(problems_text("ReturnError", [
    ...     {"where": "a.xlsx, 進度, 3, 完成比例", "value": "abc",
    ...      "what": "not a percent", "fix": "write e.g. 40%"}]))
    ReturnError: 1 problem(s)
      a.xlsx, 進度, 3, 完成比例 'abc': not a percent; how to fix: write e.g. 40%
    """
    lines = [f"{title}: {len(problems)} problem(s)"]
    for p in problems:
        value = f" {p['value']!r}" if p.get("value") else ""
        fix = f"; how to fix: {p['fix']}" if p.get("fix") else ""
        lines.append(f"  {p.get('where', '')}{value}: {p.get('what', '')}{fix}")
    return "\n".join(lines)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Card:
    """What a :class:`CardFrame` says of itself above its rows.

    Parameters
    ----------
    title : str
        The heading: the document number and what the table is.
    facts : tuple of str
        Short statements under the heading: dates, then counts.
    columns : tuple of str
        The columns the card shows, in order (those the frame has).
    unit_columns : tuple of str
        Columns holding unit names, written in the display language.
    id_columns : tuple of str
        Columns holding registry ids, written as the unit's name in the
        display language (as the id when none is chosen).
    labels : tuple of (str, str) pairs
        Headers to show instead of column names.
    warning : str, optional
        A line shown in red, such as "synthetic demo data".
    """

    title: str
    facts: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    unit_columns: tuple[str, ...] = ("unit",)
    id_columns: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    warning: str | None = None
    rows: int = field(default=_ROWS_SHOWN)


class CardFrame(pd.DataFrame):
    """A DataFrame that shows itself as a card (see the module docstring).

    It is a DataFrame in every other way; whatever is computed from it is a
    plain DataFrame, since the card would no longer describe it. ``card``
    holds the heading; ``attrs`` is kept as given. ``pd.DataFrame(frame)``
    is the same table as a plain DataFrame: compare with that (or pass
    ``check_frame_type=False``) when ``pd.testing.assert_frame_equal`` takes
    a plain frame first. A pickled copy keeps the rows, not the card.

    Examples
    --------
    >>> frame = CardFrame.of(pd.DataFrame({"unit": ["市發改局"], "role": ["lead"]}),
    ...                      Card("東府〔2018〕124號 assignments", ("1 assignments",)))
    >>> print(repr(frame))
    東府〔2018〕124號 assignments
    1 assignments
        unit  role
    市發改局  lead
    >>> type(frame[frame["role"] == "lead"]).__name__
    'DataFrame'
    """

    card: Card | None = None

    @property
    def _constructor(self) -> Any:
        return pd.DataFrame

    @classmethod
    def of(cls, frame: pd.DataFrame, card: Card) -> CardFrame:
        """``frame`` (not copied) with ``card`` as its heading.

        Parameters
        ----------
        frame : pandas.DataFrame
            The table; its ``attrs`` are copied.
        card : Card
            What the table says of itself when shown.

        Returns
        -------
        CardFrame
            A DataFrame that shows as a card in Jupyter.
        """
        result = cls(frame)
        result.attrs = dict(frame.attrs)
        object.__setattr__(result, "card", card)
        return result

    def __repr__(self) -> str:
        if self.card is None:
            return super().__repr__()
        return frame_text(self, self.card)

    def _repr_html_(self) -> str | None:
        if self.card is None:
            return pd.DataFrame(self)._repr_html_()
        return frame_html(self, self.card)


def frame_html(frame: pd.DataFrame, card: Card) -> str:
    """A card for a table: heading, facts, then the first rows of ``card.columns``.

    Unit columns are written in the display language
    (:func:`set_display_language`); every cell is escaped.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to show.
    card : Card
        The heading, facts, columns and number of rows to show.

    Returns
    -------
    str
        An HTML fragment; a line under the table counts the rows not shown.

    Examples
    --------
    >>> html = frame_html(pd.DataFrame({"unit": ["<b>局</b>"]}), Card("t", ("1 row",)))
    >>> "&lt;b&gt;局" in html and "1 row" in html
    True
    """
    header, cells, more = _card_rows(frame, card)
    rows = [tuple(_e(cell) for cell in row) for row in cells]
    tail = (
        f'<div class="itk-muted">… {count_of(more, "more row")}</div>'
        if more > 0
        else ""
    )
    warning = (
        f'<div style="color:#c0392b;font-weight:bold">{_e(card.warning)}</div>'
        if card.warning
        else ""
    )
    return (
        f'{_STYLE}<div class="itk-card"><h4>{_e(card.title)}</h4>{warning}'
        f'<div class="itk-muted">{_e(" · ".join(card.facts))}</div>'
        + _table(header, rows)
        + f"{tail}</div>"
    )


def frame_text(frame: pd.DataFrame, card: Card) -> str:
    """The same card as :func:`frame_html`, as plain text for a terminal.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to show.
    card : Card
        The heading, facts, columns and number of rows to show.

    Returns
    -------
    str
        The title, the facts, the warning in capitals if any, the first rows
        (unit columns in the display language, columns aligned for Chinese
        characters) and a line counting the rows not shown.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["市發改局", "市財政局"], "role": ["lead", "co"]})
    >>> print(frame_text(frame, Card("assignments", ("2 rows",), rows=1)))
    assignments
    2 rows
        unit  role
    市發改局  lead
    … 1 more row
    """
    header, cells, more = _card_rows(frame, card)
    lines = [card.title, "; ".join(card.facts)]
    if card.warning is not None:
        lines.append(card.warning.upper())
    if cells:
        body = pd.DataFrame(cells, columns=header)
        with pd.option_context("display.unicode.east_asian_width", True):
            lines.append(body.to_string(index=False, max_colwidth=40))
    else:
        lines.append("  ".join(header))
    if more > 0:
        lines.append(f"… {count_of(more, 'more row')}")
    return "\n".join(lines)


def _card_rows(
    frame: pd.DataFrame, card: Card
) -> tuple[list[str], list[list[str]], int]:
    """The card's header, its first rows as text, and how many rows it leaves out."""
    columns = [c for c in card.columns if c in frame.columns] or list(frame.columns)
    shown = frame.head(card.rows)
    cells = [
        [
            _card_cell(card, column, value)
            for column, value in zip(columns, values, strict=True)
        ]
        for values in shown[columns].itertuples(index=False, name=None)
    ]
    labels = dict(card.labels)
    return [labels.get(c, c) for c in columns], cells, len(frame) - len(shown)


def _card_cell(card: Card, column: str, value: object) -> str:
    if column in card.unit_columns and isinstance(value, str):
        return _name(value)
    if column in card.id_columns and isinstance(value, str):
        return _name_of_id(value)
    return _cell(value)


def _name_of_id(unit_id: str) -> str:
    """A registry unit's short name in the display language; its id if none."""
    lang = _language[0]
    if lang is None:
        return unit_id
    from integrity_toolkit.registry import default_registry

    unit = default_registry().match(unit_id).unit
    if unit is None:
        return unit_id
    if lang == "en":
        return unit.name_en
    if lang == "zh-Hans":
        return (unit.short_hans or (unit.name_hans,))[0]
    return (unit.short_hant or (unit.name_hant,))[0]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, pd.Timestamp):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def counted(values: pd.Series, order: Sequence[str] = ()) -> str:
    """``a 3 · b 2``: how often each value occurs, in ``order`` then by count.

    ``none`` when there is no value at all.
    """
    counts = values.dropna().astype(str).value_counts()
    if counts.empty:
        return "none"
    first = [v for v in order if v in counts.index]
    rest = [v for v in counts.index if v not in first]
    return " · ".join(f"{v} {counts[v]}" for v in [*first, *rest])


# Characters that could end a cell (|), start markup or raw HTML in Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")


def markdown_table(frame: pd.DataFrame, precision: int = 1) -> str:
    """A DataFrame as a Markdown pipe table, every cell escaped.

    The table renders on GitHub and GitLab (GitHub-flavoured Markdown).
    Markdown punctuation, ``|`` and ``<`` included, is escaped with a
    backslash, so no cell can end the table, open a link or inject HTML;
    line breaks become spaces. Floats show ``precision`` decimals; missing
    values are empty cells. The index is left out.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write.
    precision : int, default 1
        Decimals shown for floats.

    Returns
    -------
    str
        A header line, an alignment line and one line per row, joined by
        newlines (no trailing newline).

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["甲|局", "<b>乙</b>"], "score": [93.75, None]})
    >>> print(markdown_table(frame))
    | unit | score |
    | :--- | :--- |
    | 甲\\|局 | 93.8 |
    | \\<b\\>乙\\</b\\> |  |
    """
    lines = [
        _markdown_row(_markdown_cell(c, precision) for c in frame.columns),
        _markdown_row(":---" for _ in frame.columns),
    ]
    lines += [
        _markdown_row(_markdown_cell(v, precision) for v in row)
        for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines)


def _markdown_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _markdown_cell(value: object, precision: int) -> str:
    missing = isinstance(value, float) and math.isnan(value)
    if missing or value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:.{precision}f}"
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
