"""Parse the text of a work plan into a :class:`~integrity_toolkit.model.Plan`.

The parser reads the hierarchy part (一、) → group ((一)) → task (1.) →
clause, where a clause is the text governed by one responsibility tag such
as ``(市發改局、人行東莞中心支行負責)``. It accepts traditional and
simplified characters, full-width and ASCII punctuation, and repairs the
losses typical of web copies, recording each repair on the plan.

Matching runs on a copy of the text in which full-width forms are folded to
ASCII one character for one, so every offset found there is an offset into
the text as read.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from integrity_toolkit.errors import NotAPlanError
from integrity_toolkit.model import (
    Assignment,
    CitedDocument,
    Clause,
    DocumentInfo,
    Group,
    Part,
    Plan,
    Repair,
    Role,
    Span,
    Target,
    Task,
)
from integrity_toolkit.units import split_tag_units

__all__ = ["parse_plan"]

log = logging.getLogger(__name__)

_FOLD = str.maketrans(
    "（）［］【】：；，．\u3000\xa0０１２３４５６７８９％",
    "()[][]:;,.  0123456789%",
)
_CN_DIGITS = "〇一二三四五六七八九"
_CN_NUMERAL = "[一二三四五六七八九十]+"

_PART_RE = re.compile(rf"^[ \t]*({_CN_NUMERAL})、[ \t]*(\S.*?)[ \t]*$", re.M)
_GROUP_RE = re.compile(rf"^[ \t]*\(({_CN_NUMERAL})\)[ \t]*(\S.*?)[ \t]*$", re.M)
_TASK_RE = re.compile(r"^[ \t]*(\d{1,2})[.、][ \t]*(\D\S*.*?)[ \t]*$", re.M)

_RESPONSIBLE = "(?:負責|负责)"
_TAG_RE = re.compile(rf"\(([^()\n。]{{1,300}}?){_RESPONSIBLE}(\))?")

_DOC_NUMBER_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,8}?)[〔\[(](?P<year>\d{4})(?P<close>[〕\])]?)"
    r"(?P<num>\d{1,4})(?P<hao>[號号])"
)
_CITATION_RE = re.compile(
    r"《(?P<title>[^《》]{2,120})》\s*\(\s*(?P<number>[^()\n]{4,30}?)\s*\)"
)
_HEADER_FIELDS = {
    "index_number": re.compile(r"^[ \t]*索引[號号][ \t]*:[ \t]*(\S+)", re.M),
    "title": re.compile(r"^[ \t]*名[稱称][ \t]*:[ \t]*(\S.*?)[ \t]*$", re.M),
    "doc_number": re.compile(r"^[ \t]*文[號号][ \t]*:[ \t]*(\S.*?)[ \t]*$", re.M),
    "date": re.compile(
        r"(?:發文|发文|成文)日期[ \t]*:[ \t]*(\d{4})-(\d{1,2})-(\d{1,2})"
    ),
}
_NOTICE_TITLE_RE = re.compile(r"^[ \t]*(\S+?)(?:關於|关于)印[發发](\S*)$", re.M)
_WRITTEN_DATE_RE = re.compile(
    r"^[ \t]*(\d{4}|[〇一二三四五六七八九]{4})[ \t]*年"
    r"[ \t]*(\d{1,2}|[一二三四五六七八九十]{1,3})[ \t]*月"
    r"[ \t]*(\d{1,2}|[一二三四五六七八九十]{1,3})[ \t]*日[ \t]*$",
    re.M,
)
_BARE_DATE_RE = re.compile(r"^[ \t]*(\d{4})(\d{2,4})[ \t]*$", re.M)
# Lines a website adds after the document's end.
_TRAILER_RE = re.compile(
    r"^[ \t]*(?:掃一掃|扫一扫|【?打印|【?關閉|【?关闭|分享到|相關鏈接|相关链接|"
    r"附件下載|附件下载|上一篇|下一篇)",
    re.M,
)
_PRINCIPLES_RE = re.compile(r"以([^。;]{2,80}?)[為为]基本原[則则]")
_TARGET_RE = re.compile(
    r"到[ \t]*(?P<year>\d{4})[ \t]*年(?:底|末)?[,、]?[ \t]*"
    r"(?P<metric>[^,。;]{2,40}?)(?:要)?(?:達到|达到|提高到|提升到|不低於|不低于)"
    r"[ \t]*(?P<value>\d+(?:\.\d+)?)[ \t]*(?P<unit>%)"
)
_CLAUSE_SUFFIXES = "bcdefghijklmnopqrstuvwxyz"


def parse_plan(text: str, source: str = "<text>") -> Plan:
    """Parse the text of a work plan.

    Parameters
    ----------
    text : str
        The plan, as copied from the web or a file, in either script.
    source : str, optional
        Where the text came from; used in messages and kept on the plan.

    Returns
    -------
    Plan
        The parsed plan; repairs made to damaged text are in ``plan.repairs``.

    Raises
    ------
    NotAPlanError
        The text is empty or has neither part headings nor responsibility tags.

    Examples
    --------
    >>> plan = parse_plan('''二、主要任務
    ... (一)建立監督體系
    ... 1.建立督導機制。加強監督檢查。(市發改局、市財政局負責)''')
    >>> [(a.unit, a.role.value) for a in plan.task("2.1.1").clauses[0].assignments]
    [('市發改局', 'lead'), ('市財政局', 'co')]
    """
    if not text.strip():
        raise NotAPlanError(source, "the text is empty; a work plan's text is expected")
    doc = _Source(text, source)
    structure = _read_structure(doc)
    if not structure.tasks:
        raise NotAPlanError(
            source,
            "no part headings (一、), numbered tasks (1.) or responsibility tags "
            "(…負責) were found; is this the text of a work plan?",
        )
    info = _read_document_info(doc, structure.body_start)
    targets = tuple(t for task in structure.tasks for t in _targets_of(doc, task))
    plan = Plan(
        document=info,
        parts=tuple(structure.parts),
        groups=tuple(structure.groups),
        tasks=tuple(structure.tasks),
        targets=targets,
        repairs=tuple(sorted(doc.repairs, key=lambda r: r.span.start)),
        source=source,
        text=text,
    )
    if plan.repairs:
        log.warning(
            "%s: %d repairs made to damaged text (see plan.repairs)",
            source,
            len(plan.repairs),
        )
    log.info(
        "%s: parsed into %d tasks and %d clauses (%d repairs)",
        source,
        len(plan.tasks),
        sum(len(t.clauses) for t in plan.tasks),
        len(plan.repairs),
    )
    return plan


class _Source:
    """The text, its folded copy for matching, and the repairs made so far."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.folded = text.translate(_FOLD)
        trailer = _TRAILER_RE.search(self.folded, _find_body_start(self.folded))
        self.end = trailer.start() if trailer else len(text)
        self.name = name
        self.repairs: list[Repair] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` with its 1-based line and column."""
        line = _bisect_right(self._line_starts, start)
        return Span(start, end, line, start - self._line_starts[line - 1] + 1)

    def stripped_span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` without surrounding white space."""
        piece = self.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        return self.span(start + lead, max(start + lead, end - trail))

    def repair(self, kind: str, start: int, end: int, repaired: str, why: str) -> None:
        span = self.span(start, end)
        as_written = self.text[start:end]
        message = f"{self.name}:{span.line}: {why}"
        self.repairs.append(Repair(kind, message, as_written, repaired, span))
        log.info("repaired %s", message)


def _bisect_right(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


# --- structure ---------------------------------------------------------------


@dataclass
class _Heading:
    level: str  # "part", "group" or "task"
    number: int
    label: str
    start: int  # offset of the heading's first character (its number)
    text_start: int  # offset just after the number
    line_end: int


@dataclass
class _Structure:
    parts: list[Part] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    body_start: int = 0


def _find_headings(doc: _Source, body_start: int) -> list[_Heading]:
    found: list[_Heading] = []
    for level, pattern in (
        ("part", _PART_RE),
        ("group", _GROUP_RE),
        ("task", _TASK_RE),
    ):
        for m in pattern.finditer(doc.folded, body_start, doc.end):
            label = doc.text[m.start(1) - (1 if level == "group" else 0) : m.start(2)]
            number = _cn_int(m.group(1)) if level != "task" else int(m.group(1))
            start = m.start(1) - (1 if level == "group" else 0)
            found.append(
                _Heading(level, number, label.strip(), start, m.start(2), m.end())
            )
    return sorted(found, key=lambda h: h.start)


def _find_body_start(folded: str) -> int:
    """Offset of the first part heading, or 0 when the text has none."""
    m = _PART_RE.search(folded)
    return m.start() if m else 0


def _read_structure(doc: _Source) -> _Structure:
    body_start = _find_body_start(doc.folded)
    headings = _find_headings(doc, body_start)
    result = _Structure(body_start=body_start)
    part_id = "0"
    group_id: str | None = None
    part_label = ""
    group_label = ""
    for i, head in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else doc.end
        has_child = i + 1 < len(headings) and _is_child(head, headings[i + 1])
        if head.level == "part":
            part_id, group_id, part_label = str(head.number), None, head.label
            result.parts.append(_part(doc, head, end, has_child))
            if not has_child and _has_tag(doc, head.text_start, end):
                result.tasks.append(_task(doc, head, end, part_id, None, head.label))
        elif head.level == "group":
            group_id = f"{part_id}.{head.number}"
            group_label = head.label
            result.groups.append(_group(doc, head, part_id, group_id))
            if not has_child:
                label = f"{part_label.rstrip('、')}{head.label}"
                result.tasks.append(_task(doc, head, end, part_id, group_id, label))
        else:
            label = f"{part_label.rstrip('、')}{group_label}{head.number}"
            result.tasks.append(_task(doc, head, end, part_id, group_id, label))
    if not headings and _has_tag(doc, 0, doc.end):
        result.tasks.append(_untitled_task(doc))
    return result


def _is_child(head: _Heading, nxt: _Heading) -> bool:
    order = {"part": 0, "group": 1, "task": 2}
    return order[nxt.level] > order[head.level]


def _has_tag(doc: _Source, start: int, end: int) -> bool:
    return any(True for _ in _tags_in(doc, start, end, record=False))


def _heading_and_body(doc: _Source, head: _Heading) -> tuple[str, int]:
    """Split a heading line into its heading and the offset where text starts.

    The heading runs to the first 。 on its line, or the whole line.
    """
    line = doc.folded[head.text_start : head.line_end]
    stop = line.find("。")
    if stop == -1:
        return doc.text[head.text_start : head.line_end].strip(), head.line_end
    heading = doc.text[head.text_start : head.text_start + stop].strip()
    return heading, head.text_start + stop + 1


def _part(doc: _Source, head: _Heading, end: int, has_child: bool) -> Part:
    heading, body_start = _heading_and_body(doc, head)
    body = "" if has_child else doc.text[body_start:end].strip()
    return Part(str(head.number), head.label, heading, body, doc.span(head.start, end))


def _group(doc: _Source, head: _Heading, part_id: str, group_id: str) -> Group:
    heading, _ = _heading_and_body(doc, head)
    return Group(
        group_id, head.label, heading, part_id, doc.span(head.start, head.line_end)
    )


def _task(
    doc: _Source,
    head: _Heading,
    end: int,
    part_id: str,
    group_id: str | None,
    label: str,
) -> Task:
    heading, body_start = _heading_and_body(doc, head)
    task_id = group_id or part_id
    if head.level == "task":
        task_id = f"{group_id or part_id}.{head.number}"
    clauses = _clauses(doc, task_id, body_start, end)
    span = doc.stripped_span(head.start, end)
    return Task(task_id, label, heading, part_id, group_id, clauses, span)


def _untitled_task(doc: _Source) -> Task:
    clauses = _clauses(doc, "1", 0, doc.end)
    return Task("1", "", "", "0", None, clauses, doc.stripped_span(0, doc.end))


# --- clauses and tags --------------------------------------------------------


@dataclass
class _Tag:
    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool


def _tags_in(doc: _Source, start: int, end: int, record: bool = True) -> Iterator[_Tag]:
    for m in _TAG_RE.finditer(doc.folded, start, end):
        closed = m.group(2) is not None
        if not closed:
            rest_of_line = doc.folded[m.end() : end].split("\n", 1)[0]
            if rest_of_line.strip():
                continue
            if record:
                doc.repair(
                    "tag_unclosed",
                    m.start(),
                    m.end(),
                    doc.text[m.start() : m.end()] + ")",
                    "responsibility tag has no closing parenthesis; "
                    "read it as ending at the end of the line",
                )
        yield _Tag(m.start(), m.end(), m.start(1), m.end(1), closed)


def _clauses(doc: _Source, task_id: str, start: int, end: int) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    cursor = start
    for tag in _tags_in(doc, start, end):
        clauses.append(_clause(doc, task_id, len(clauses), cursor, tag))
        cursor = tag.end
    rest = doc.text[cursor:end].strip().strip("。")
    if rest or not clauses:
        if clauses:
            log.warning(
                "%s:%d: text after the last tag of task %s has no tag of its own",
                doc.name,
                doc.stripped_span(cursor, end).line,
                task_id,
            )
        clauses.append(_untagged_clause(doc, task_id, len(clauses), cursor, end))
    return tuple(clauses)


def _clause_id(task_id: str, index: int) -> str:
    return task_id if index == 0 else f"{task_id}-{_CLAUSE_SUFFIXES[index - 1]}"


def _clause(doc: _Source, task_id: str, index: int, start: int, tag: _Tag) -> Clause:
    span = doc.stripped_span(start, tag.start)
    text = doc.text[span.start : span.end]
    units = split_tag_units(doc.folded[tag.content_start : tag.content_end])
    assignments: list[Assignment] = []
    named = 0
    for order, (name_start, name_end, collective) in enumerate(units):
        a, b = tag.content_start + name_start, tag.content_start + name_end
        role = Role.COLLECTIVE if collective else (Role.LEAD if named == 0 else Role.CO)
        named += 0 if collective else 1
        assignments.append(Assignment(doc.text[a:b], role, order, doc.span(a, b)))
    return Clause(
        id=_clause_id(task_id, index),
        task_id=task_id,
        text=text,
        tag=doc.text[tag.start : tag.end],
        assignments=tuple(assignments),
        span=span,
        tag_span=doc.span(tag.start, tag.end),
    )


def _untagged_clause(
    doc: _Source, task_id: str, index: int, start: int, end: int
) -> Clause:
    span = doc.stripped_span(start, end)
    text = doc.text[span.start : span.end]
    return Clause(_clause_id(task_id, index), task_id, text, None, (), span, None)


# --- targets -------------------------------------------------------------------


def _targets_of(doc: _Source, task: Task) -> Iterator[Target]:
    for clause in task.clauses:
        offset = clause.span.start
        for m in _TARGET_RE.finditer(doc.folded, offset, clause.span.end):
            yield Target(
                year=int(m.group("year")),
                metric=doc.text[m.start("metric") : m.end("metric")].strip(),
                value=float(m.group("value")),
                unit=m.group("unit"),
                clause_id=clause.id,
                responsible=tuple(a.unit for a in clause.assignments),
                text=doc.text[m.start() : m.end()],
                span=doc.span(m.start(), m.end()),
            )


# --- document information ----------------------------------------------------------


def _read_document_info(doc: _Source, body_start: int) -> DocumentInfo:
    front = doc.folded[:body_start] if body_start else doc.folded
    header = {k: p.search(front) for k, p in _HEADER_FIELDS.items()}
    title = _notice_title(doc, front, header["title"])
    issuer, plan_title = _split_notice_title(title)
    header_date = _header_date(header["date"])
    return DocumentInfo(
        title=title,
        plan_title=plan_title,
        issuer=issuer,
        doc_number=_own_doc_number(doc, front, header["doc_number"]),
        date=_signature_date(doc, front, header_date) or header_date,
        index_number=header["index_number"].group(1)
        if header["index_number"]
        else None,
        cited=tuple(_citations(doc)),
        principles=_principles(doc),
    )


def _notice_title(doc: _Source, front: str, named: re.Match[str] | None) -> str | None:
    if named:
        return doc.text[named.start(1) : named.end(1)]
    m = _NOTICE_TITLE_RE.search(front)
    if not m:
        return None
    title = doc.text[m.start(1) : m.end()].strip()
    if "通知" not in title:
        following = front[m.end() :].lstrip().split("\n", 1)[0].strip()
        title += following
    return title


def _split_notice_title(title: str | None) -> tuple[str | None, str | None]:
    if not title:
        return None, None
    m = re.match(r"(.+?)(?:關於|关于)印[發发]《?(.+?)》?的通知", title)
    if not m:
        return None, title
    return m.group(1), m.group(2)


def _normal_doc_number(m: re.Match[str]) -> str:
    return f"{m.group('org')}〔{m.group('year')}〕{m.group('num')}{m.group('hao')}"


def _own_doc_number(
    doc: _Source, front: str, named: re.Match[str] | None
) -> str | None:
    if named:
        m = _DOC_NUMBER_RE.search(doc.folded, named.start(1), named.end(1))
    else:
        stripped = _CITATION_RE.sub(lambda c: " " * len(c.group()), front)
        m = _DOC_NUMBER_RE.search(stripped)
    if not m:
        return None
    if not m.group("close"):
        _repair_doc_number(doc, m)
    return _normal_doc_number(m)


def _repair_doc_number(doc: _Source, m: re.Match[str]) -> None:
    doc.repair(
        "doc_number_bracket",
        m.start(),
        m.end(),
        _normal_doc_number(m),
        f"document number {doc.text[m.start() : m.end()]} lost its closing 〕 "
        "after the four-digit year; restored",
    )


def _citations(doc: _Source) -> Iterator[CitedDocument]:
    for c in _CITATION_RE.finditer(doc.folded):
        m = _DOC_NUMBER_RE.fullmatch(c.group("number"))
        if not m:
            continue
        start = c.start("number")
        as_written = doc.text[start : c.end("number")]
        if not m.group("close"):
            m = _DOC_NUMBER_RE.fullmatch(doc.folded, start, c.end("number"))
            assert m is not None  # same text, matched just above
            _repair_doc_number(doc, m)
        title = doc.text[c.start("title") : c.end("title")]
        yield CitedDocument(
            _normal_doc_number(m), as_written, title, doc.span(c.start(), c.end())
        )


def _principles(doc: _Source) -> tuple[str, ...]:
    m = _PRINCIPLES_RE.search(doc.folded)
    if not m:
        return ()
    return tuple(
        p.strip() for p in doc.text[m.start(1) : m.end(1)].split("、") if p.strip()
    )


def _header_date(m: re.Match[str] | None) -> dt.date | None:
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _signature_date(
    doc: _Source, front: str, header_date: dt.date | None
) -> dt.date | None:
    """The date under the signature, repaired where 年/月/日 were lost."""
    m = _WRITTEN_DATE_RE.search(front)
    if m:
        return _written_date(m)
    bare = _BARE_DATE_RE.search(front)
    if not bare:
        return None
    readings = _date_readings(bare.group(1), bare.group(2))
    if header_date in readings:
        chosen, proof = header_date, "the header's 發文日期 agrees"
    elif len(readings) == 1:
        chosen, proof = readings[0], "it is the only valid reading"
    else:
        log.warning(
            "%s: date %s lost 年/月/日 and can be read %d ways; left unread",
            doc.name,
            bare.group().strip(),
            len(readings),
        )
        return None
    assert chosen is not None
    start, end = bare.start(1), bare.end(2)
    doc.repair(
        "date_characters",
        start,
        end,
        f"{chosen.year}年{chosen.month}月{chosen.day}日",
        f"signature date {doc.text[start:end]} lost 年/月/日; read as "
        f"{chosen.isoformat()} because {proof}",
    )
    return chosen


def _date_readings(year: str, rest: str) -> list[dt.date]:
    readings = []
    for cut in range(1, len(rest)):
        month, day = rest[:cut], rest[cut:]
        if len(month) > 2 or len(day) > 2 or (day.startswith("0") and len(day) == 1):
            continue
        try:
            readings.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return readings


def _written_date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(*(_any_int(g) for g in m.groups()))
    except ValueError:
        return None


def _any_int(value: str) -> int:
    if value.isdigit():
        return int(value)
    if len(value) == 4 and all(c in _CN_DIGITS for c in value):
        return int("".join(str(_CN_DIGITS.index(c)) for c in value))
    return _cn_int(value)


def _cn_int(numeral: str) -> int:
    """Read a Chinese numeral up to 99 (一, 十, 十二, 二十三).

    >>> [_cn_int(n) for n in ("一", "十", "十二", "二十", "二十三")]
    [1, 10, 12, 20, 23]
    """
    if "十" not in numeral:
        return _CN_DIGITS.index(numeral)
    tens, _, ones = numeral.partition("十")
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (
        _CN_DIGITS.index(ones) if ones else 0
    )
