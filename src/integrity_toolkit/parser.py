"""Parse the text of a work plan into a :class:`~integrity_toolkit.model.Plan`.

The parser reads the hierarchy part (一、) → group ((一)) → task (1. or, where
a group has no numbered tasks, (1) / ① / 一是) → clause; in a plan written in
chapters (第一章, 第一部分, sections 第一節) each numbering takes the next level
down (chapter → part, 一、 → group, (一) → task). A clause is the text
governed by one responsibility tag: ``(市發改局、市財政局負責)``,
``(牽頭單位:A;配合單位:B)``, ``[A,B按職責分工負責]``, ``(A牽頭,B參加)``,
``(X同志負責,A牽頭辦理,B協助辦理)``, lines ``牽頭單位:A`` / ``責任單位:B``
after a task, or a sentence ``由A牽頭,B配合。`` naming only units. It accepts
traditional and simplified characters and repairs the losses typical of web
copies, recording each repair on the plan.

Matching runs on the normalised text (:mod:`integrity_toolkit.normalisation`:
glosses and site chrome removed, full-width forms folded); every offset found
there is mapped back, so spans and texts are those of the text as given.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from integrity_toolkit.errors import NotAPlanError
from integrity_toolkit.glossary import count_of, phrase, term
from integrity_toolkit.model import (
    Assignment,
    CitedDocument,
    Clause,
    DocumentInfo,
    Group,
    Part,
    Person,
    Plan,
    Repair,
    Role,
    Span,
    Target,
    Task,
)
from integrity_toolkit.normalisation import normalise
from integrity_toolkit.units import (
    ROLE_LABEL_PATTERN,
    ROLE_WORD_PATTERN,
    TagName,
    is_unit_name,
    read_tag,
)

__all__ = ["parse_plan"]

log = logging.getLogger(__name__)

# The level of the one-line summary of repairs a parse logs. The bundled
# plan's flaws are known and documented, so loading it lowers this to INFO;
# a plan the user brings keeps WARNING.
_REPAIR_SUMMARY_LEVEL: ContextVar[int] = ContextVar(
    "_REPAIR_SUMMARY_LEVEL", default=logging.WARNING
)

_CN_DIGITS = "〇一二三四五六七八九"
_CN_ZERO = "○零O"
_CN_NUMERAL = "[一二三四五六七八九十]+"

_PART_RE = re.compile(rf"^[ \t]*({_CN_NUMERAL})[、.][ \t]*(\S.*?)[ \t]*$", re.M)
# Plans in chapters (第一章 / 第一部分, sections 第一節) put these above 一、.
_CHAPTER_RE = re.compile(
    rf"^[ \t]*第({_CN_NUMERAL})(?:章|部分)[ \t]*(.*?)[ \t]*$", re.M
)
_SECTION_RE = re.compile(rf"^[ \t]*第({_CN_NUMERAL})[节節][ \t]*(.*?)[ \t]*$", re.M)
_GROUP_RE = re.compile(rf"^[ \t]*\(({_CN_NUMERAL})\)[ \t]*(\S.*?)[ \t]*$", re.M)
_TASK_RE = re.compile(r"^[ \t]*(\d{1,3})[.、)][ \t]*(\D\S*.*?)[ \t]*$", re.M)
_ITEM_RE = re.compile(
    rf"^[ \t]*(?:\((\d{{1,2}})\)|([①-⑳])|({_CN_NUMERAL})是)[ \t]*(\S.*?)[ \t]*$",
    re.M,
)
_TOC_RE = re.compile(r"^[ \t]*目[ \t]*[录錄][ \t]*$", re.M)
# The dot leaders and page number of a table-of-contents entry: ……(3), ....3
_TOC_LEADER_RE = re.compile(r"[ \t]*(?:[.…·]{2,}|…)[^\n]*$")
# What ends a heading on its line: a full stop, or a colon (一、主要任務:).
_HEADING_END_RE = re.compile("[。:]")

# A full stop or line end inside a tag only where a label follows:
# (牽頭單位:A。配合單位:B), or 配合單位:B on the next line.
_LABEL_STOP = rf"[。\n](?=[ \t]*{ROLE_LABEL_PATTERN})"
_BRACKET_RE = re.compile(
    rf"\((?P<round>(?:[^()\n。]|\([^()\n。]*\)|{_LABEL_STOP}){{1,300}})\)"
    rf"|\[(?P<square>(?:[^\[\]\n。]|{_LABEL_STOP}){{1,300}})\]"
    rf"|〔(?P<tortoise>(?:[^〔〕\n。]|{_LABEL_STOP}){{1,300}})〕"
)
_TAG_BODY_RE = re.compile(
    rf"^[ \t]*{ROLE_LABEL_PATTERN}|[\u4e00-\u9fff)]{ROLE_WORD_PATTERN}[ \t]*$"
)
_UNCLOSED_RE = re.compile(
    rf"\(((?:[ \t]*{ROLE_LABEL_PATTERN}[^()\n。]{{1,300}}?|[^()\n。]{{1,300}}?"
    rf"{ROLE_WORD_PATTERN}))[ \t]*$",
    re.M,
)
_LINE_TAG_RE = re.compile(
    rf"(?:^|(?<=[。:]))[ \t]*(?:以上(?:工作|任[务務])?)?(?P<label>){ROLE_LABEL_PATTERN}"
    r"[^\n]*",
    re.M,
)
# A sentence of its own, ending a line or not: (由)A、B牽頭(負責),C、D配合。
# Names may hold one pair of parentheses: 各縣(市、區).
_IN_PARENTHESES = r"\([^()\n。]*\)"
_INLINE_TAG_RE = re.compile(
    rf"(?:^|(?<=[。:]))[ \t]*(?P<body>由?(?:[^。,;:\n()]|{_IN_PARENTHESES}){{2,60}}?"
    rf"[牵牽][头頭](?:[负負][责責])?(?:,(?:[^。;:\n()]|{_IN_PARENTHESES}){{2,80}}?"
    r"(?:配合|[参參](?:加|[与與])|[协協]助|[负負][责責]))?)[ \t]*(?:。|$)",
    re.M,
)
# A full stop in a tag written with labels that a sentence with no label follows.
_UNLABELLED_AFTER_RE = re.compile(rf"。(?![ \t]*(?:{ROLE_LABEL_PATTERN}|$))", re.M)
_BLOCK_TAG_RE = re.compile(r"[ \t\u3000]*以上")
_LEAD_NOTE_RE = re.compile(
    r"(?:排在?第一|排名第一|排在?首位|列第一|列首位|第一[个個]|首位)[^。\n]{0,8}?"
    r"(?:[为為]|是)[牵牽][头頭]"
)
_REST_SUPPORT_RE = re.compile(
    r"其[他它余餘][^。\n]{0,8}?(?:[为為]|是)(?:配合|[协協][办辦]|[参參][与與])"
)
_SENTENCE_ENDS = "。!?;:”’」』)]》…\"'"

_DOC_NUMBER_RE = re.compile(
    # a conjunction after an earlier citation (…76号)和粤府〔…) is not the issuer's
    r"(?:(?<=[)》号號」”])(?:以及|[和及与與并並]))?(?P<org>[\u4e00-\u9fff]{1,8}?)"
    r"[〔\[(](?P<year>\d{4}|[\dX]{0,3}X)(?P<close>[〕\])]?)第?(?P<num>\d{1,4})(?P<hao>[號号])"
)
_YEAR_BRACKET_RE = re.compile(r"[〔\[(](?:\d{4}|[\dX]{0,3}X)")
_CITATION_RE = re.compile(
    r"《(?P<title>[^《》]{2,120})》\s*\(\s*(?P<number>[^()\n]{4,30}?)\s*\)"
)
_HEADER_FIELDS = {
    "index_number": re.compile(r"^[ \t]*索引[號号][ \t]*:[ \t]*(\S+)", re.M),
    "title": re.compile(r"^[ \t]*名[稱称][ \t]*:[ \t]*(\S.*?)[ \t]*$", re.M),
    "doc_number": re.compile(
        r"^[ \t]*(?:文[號号]|文件[编編][號号]|[发發]文字[號号])[ \t]*:[ \t]*(\S.*?)"
        r"[ \t]*$",
        re.M,
    ),
    "date": re.compile(
        r"(?:發文|发文|成文)日期[ \t]*:[ \t]*(\d{4})-(\d{1,2})-(\d{1,2})"
    ),
}
_NOTICE_RE = re.compile(
    r"(?P<issuer>[^\s《》]*?)[ \t]*(?:[关關][于於])?[ \t]*(?:印|[转轉])[发發]"
    r"[ \t]*《?[ \t]*(?P<plan>[^《》]+?)[ \t]*》?[ \t]*的?通知"
)
_ABOUT_RE = re.compile(
    r"^[ \t]*(?P<issuer>[^\s《》:]+?)[关關][于於][^\s:]+?"
    r"(?:意[见見]|方案|[规規]划|[办辦]法|[细細]则|[计計]划|要[点點]|[决決]定)"
)
_WRITTEN_DATE_RE = re.compile(
    rf"^[ \t]*(\d{{4}}|[{_CN_DIGITS}{_CN_ZERO}]{{4}})[ \t]*年"
    r"[ \t]*(\d{1,2}|[一二三四五六七八九十]{1,3})[ \t]*月"
    r"[ \t]*(\d{1,2}|[一二三四五六七八九十]{1,3})[ \t]*日"
    r"[ \t]*(?:\([^()\n]*\))?[ \t]*$",
    re.M,
)
_BARE_DATE_RE = re.compile(r"^[ \t]*(\d{4})(\d{2,4})[ \t]*$", re.M)
_DASHED_DATE_RE = re.compile(r"^[ \t]*(\d{4})[-./](\d{1,2})[-./](\d{1,2})[ \t]*$", re.M)
_SIGNATURE_RE = re.compile(
    r"^[ \t]*([\u4e00-\u9fff()]{2,30}(?:政府|[办辦]公室|[办辦]公[厅廳]|委[员員]会|"
    r"委[员員]會|[局委厅廳院部会會组組站处處]|中心|[办辦]))[ \t]*$"
)
_TITLE_LINE_RE = re.compile(r"^(?=.*[\u4e00-\u9fff])[^。,;:]{2,40}$")
_LIST_INDEX_RE = re.compile(r"^\d{1,2}(?=[\u4e00-\u9fff])")
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
        The parsed plan; repairs made to damaged text are in ``plan.repairs``,
        what normalisation changed in ``plan.changes``.

    Raises
    ------
    NotAPlanError
        The text is empty, or has no headings, no responsibility tags and
        no notice of a plan (document number or 印發…通知).
    WrongTypeError
        ``text`` is not a str (None, bytes, a path); the message says how
        to get the text.

    Notes
    -----
    A text cut off mid-sentence is parsed as far as it goes, with one
    ``truncated`` entry in ``plan.repairs``.

    Examples
    --------
    >>> plan = parse_plan('''二、主要任務
    ... (一)建立監督體系
    ... 1.建立督導機制。加強監督檢查。(市發改局、市財政局負責)''')
    >>> [(a.unit, a.role.value) for a in plan.task("2.1.1").clauses[0].assignments]
    [('市發改局', 'lead'), ('市財政局', 'co')]
    >>> plan = parse_plan("1.建立機制。(牽頭單位:市發改局;配合單位:市財政局)")
    >>> [(a.unit, a.role.value) for a in plan.clauses().__next__().assignments]
    [('市發改局', 'lead'), ('市財政局', 'support')]
    """
    if not isinstance(text, str):
        raise _not_text(text)
    if not text.strip():
        raise NotAPlanError(
            source,
            "the text is empty; pass the plan's whole text (check that the file "
            "was read and is not empty); for a web page or a PDF, copy or "
            "extract its text first",
        )
    doc = _Source(text, source)
    structure = _read_structure(doc)
    has_body = bool(structure.body_start or structure.headings)
    info = _read_document_info(doc, structure.body_start if has_body else len(doc.text))
    if not structure.headings and not structure.tasks and not _is_notice(info):
        raise NotAPlanError(
            source,
            "no part headings (一、), numbered tasks (1.), responsibility tags "
            "(…負責) or notice (印發…的通知, 國發〔2016〕76號) were found; is "
            "this the text of a work plan?",
        )
    _warn_if_truncated(doc, structure)
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
        changes=doc.norm.changes,
    )
    if plan.repairs:
        from collections import Counter

        kinds = Counter(r.kind for r in plan.repairs)
        log.log(
            _REPAIR_SUMMARY_LEVEL.get(),
            "%s: read past %s in the text (%s); each is listed with its "
            "evidence in plan.repairs (`warnings` in the parse's JSON)",
            source,
            count_of(len(plan.repairs), "flaw"),
            ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in kinds.items()),
        )
    clauses = list(plan.clauses())
    if clauses and not any(c.assignments for c in clauses):
        log.warning(
            "%s: none of its %d clauses ends in a responsibility tag (such as "
            "(市發改局負責) or 牽頭單位：…), so no unit answers for any of them; "
            "check that the tags were copied with the text",
            source,
            len(clauses),
        )
    log.info(
        "%s: parsed into %d tasks and %d clauses (%d repairs)",
        source,
        len(plan.tasks),
        sum(len(t.clauses) for t in plan.tasks),
        len(plan.repairs),
    )
    return plan


def _not_text(value: object) -> Exception:
    """The error for a ``text`` that is not a str, with the way to its text."""
    from pathlib import PurePath

    from integrity_toolkit.errors import WrongTypeError

    if isinstance(value, (bytes, bytearray)):
        fix = (
            "decode the bytes first with "
            "integrity_toolkit.reading.decode_plan_bytes(data), which reads "
            "UTF-8, GB18030 and Big5"
        )
    elif isinstance(value, PurePath):
        fix = "read a file with itk.load_plan(path), which parses it too"
    else:
        fix = (
            "pass the plan's text as a str, or read a file with "
            "itk.load_plan(path), which parses it too"
        )
    given = "None" if value is None else f"a {type(value).__name__}"
    return WrongTypeError(
        f"{given} was given where the plan's text (str) is expected",
        fix,
        where="text",
    )


def _is_notice(info: DocumentInfo) -> bool:
    return bool(info.doc_number or info.title or info.cited)


class _Source:
    """The text as given, its normalised copy for matching, and the repairs.

    Offsets handled inside the parser are offsets into ``folded`` (the
    normalised text); :meth:`span` and :meth:`written` map them back.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.norm = normalise(text)
        self.clean = self.norm.text
        self.folded = self.clean.replace("【", "[").replace("】", "]")
        self.body_start = _find_body_start(self.folded)
        trailer = _TRAILER_RE.search(self.folded, self.body_start)
        self.end = trailer.start() if trailer else len(self.folded)
        self.name = name
        self.repairs: list[Repair] = []
        self.task_ids: set[str] = set()
        self.lead_note = _LEAD_NOTE_RE.search(self.folded) is not None
        self.rest_support = self.lead_note and bool(
            _REST_SUPPORT_RE.search(self.folded)
        )
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._pieces = list(self.norm.piece_starts)
        self._shifts = [
            src - at
            for src, at in zip(self.norm.source_starts, self._pieces, strict=True)
        ]
        self.tags = _find_tags(self, 0, self.end)
        self.tag_starts = [t.start for t in self.tags]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``folded[start:end]`` (as ``Normalised.source_span``)."""
        if end <= start:
            return self.norm.source_span(start, end)
        pieces, shifts = self._pieces, self._shifts
        first = shifts[bisect.bisect_right(pieces, start) - 1]
        last = shifts[bisect.bisect_right(pieces, end - 1) - 1]
        return start + first, end + last

    def written(self, start: int, end: int) -> str:
        """The text as given behind ``folded[start:end]``."""
        a, b = self.source_span(start, end)
        return self.text[a:b]

    def span(self, start: int, end: int) -> Span:
        """The source span behind ``folded[start:end]``, with line and column."""
        a, b = self.source_span(start, end)
        line = bisect.bisect_right(self._line_starts, a)
        return Span(a, b, line, a - self._line_starts[line - 1] + 1)

    def stripped_span(self, start: int, end: int) -> Span:
        """The span of ``folded[start:end]`` without surrounding white space."""
        piece = self.folded[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        return self.span(start + lead, max(start + lead, end - trail))

    def repair(
        self,
        kind: str,
        start: int,
        end: int,
        repaired: str,
        why: str,
        evidence: str = "",
    ) -> None:
        span = self.span(start, end)
        as_written = self.text[span.start : span.end]
        message = f"{self.name}:{span.line}: {why}"
        self.repairs.append(Repair(kind, message, as_written, repaired, span, evidence))
        log.info("repaired %s", message)


# --- structure ---------------------------------------------------------------

_LEVELS = {"part": 0, "group": 1, "task": 2, "item": 2}


@dataclass
class _Heading:
    level: str  # "part", "group", "task" or "item" ((1), ①, 一是: read as a task)
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
    headings: list[_Heading] = field(default_factory=list)
    body_start: int = 0
    last_tag_end: int = 0


# Numbering styles from the top; each takes the next level down, so that
# chapters push 一、 to groups and (一) to tasks. Styles below a task are items.
_STYLES = (
    ("chapter", _CHAPTER_RE),
    ("section", _SECTION_RE),
    ("part", _PART_RE),
    ("group", _GROUP_RE),
    ("task", _TASK_RE),
)
_LEVEL_NAMES = ("part", "group", "task", "item")


def _find_headings(doc: _Source, body_start: int) -> list[_Heading]:
    found: list[_Heading] = []
    matches = {
        style: list(pattern.finditer(doc.folded, body_start, doc.end))
        for style, pattern in _STYLES
    }
    order = ["part", "group", "task"]
    above = [style for style in ("chapter", "section") if matches[style]]
    if above:  # styles a plan in chapters does not use leave no level empty
        order = [*above, *(["part"] if matches["part"] else []), "group", "task"]
    for rank, style in enumerate(order):
        level = _LEVEL_NAMES[min(rank, 3)]
        for m in matches[style]:
            start = m.start(1) - (1 if style in ("chapter", "section", "group") else 0)
            number = int(m.group(1)) if style == "task" else _cn_int(m.group(1))
            label = doc.written(start, m.start(2)).strip()
            found.append(_Heading(level, number, label, start, m.start(2), m.end()))
    found += _items(doc, body_start)
    found.sort(key=lambda h: h.start)
    return _drop_items_under_tasks(found)


def _items(doc: _Source, body_start: int) -> list[_Heading]:
    items = []
    for m in _ITEM_RE.finditer(doc.folded, body_start, doc.end):
        arabic, circled, chinese = m.group(1), m.group(2), m.group(3)
        if arabic:
            number, start = int(arabic), m.start(1) - 1
        elif circled:
            number, start = ord(circled) - ord("①") + 1, m.start(2)
        else:
            number, start = _cn_int(chinese), m.start(3)
        label = doc.written(start, m.start(4)).strip()
        items.append(_Heading("item", number, label, start, m.start(4), m.end()))
    return items


def _drop_items_under_tasks(headings: list[_Heading]) -> list[_Heading]:
    """(1), ① and 一是 under a numbered task stay in its text; else they are tasks."""
    kept: list[_Heading] = []
    for head in headings:
        if head.level == "item" and kept and kept[-1].level == "task":
            continue
        kept.append(head)
    return kept


def _find_body_start(folded: str) -> int:
    """Offset of the first part (or chapter) heading after any table of contents.

    Without part headings, the first group or task heading; without any, 0.
    A table of contents (目錄) whose entries are not found again in the text
    leaves no body at all.
    """
    heads = [m for p in (_CHAPTER_RE, _PART_RE) if (m := p.search(folded))]
    first = min(heads, key=lambda m: m.start(), default=None)
    toc = _TOC_RE.search(folded)
    if first and toc and toc.start() < first.start():
        entry = re.escape(_TOC_LEADER_RE.sub("", first.group().strip()))
        again = re.compile(rf"^[ \t]*{entry}[ \t]*$", re.M).search(folded, first.end())
        return again.start() if again else len(folded)
    if first:
        return first.start()
    starts = [m.start() for p in (_GROUP_RE, _TASK_RE) if (m := p.search(folded))]
    return min(starts, default=0)


def _read_structure(doc: _Source) -> _Structure:
    body_start = doc.body_start
    headings = _find_headings(doc, body_start)
    result = _Structure(headings=headings, body_start=body_start)
    part_id = "0"
    group_id: str | None = None
    part_label = ""
    group_label = ""
    for i, head in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else doc.end
        has_child = i + 1 < len(headings) and _is_child(head, headings[i + 1])
        if head.level == "part":
            part_id, group_id, part_label = str(head.number), None, head.label
            group_label = ""
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
            number = head.number if head.label[:1].isdigit() else head.label
            label = f"{part_label.rstrip('、')}{group_label}{number}"
            result.tasks.append(_task(doc, head, end, part_id, group_id, label))
    if not headings and _has_tag(doc, body_start, doc.end):
        result.tasks.append(_untitled_task(doc, body_start))
    elif headings and _starts_mid_task(doc, body_start):
        lead_in = _task_before_headings(doc, body_start)
        result.tasks.insert(0, lead_in)
    result.tasks = _spread_block_tags(result.tasks)
    result.last_tag_end = max(
        (c.tag_span.end for t in result.tasks for c in t.clauses if c.tag_span),
        default=0,
    )
    return result


def _spread_block_tags(tasks: list[Task]) -> list[Task]:
    """Give a tag for the block (以上工作牽頭單位:…) to the untagged tasks above it.

    The tasks before such a tag in the same group, back to the last tagged
    one, take its units; their clauses point to the block's tag.
    """
    out = list(tasks)
    for i, task in enumerate(out):
        block = next(
            (c for c in task.clauses if c.tag and _BLOCK_TAG_RE.match(c.tag)), None
        )
        j = i - 1
        while block and j >= 0 and _untagged_sibling(out[j], task):
            clauses = tuple(
                replace(
                    c,
                    tag=block.tag,
                    assignments=block.assignments,
                    tag_span=block.tag_span,
                    persons=block.persons,
                )
                for c in out[j].clauses
            )
            out[j] = replace(out[j], clauses=clauses)
            j -= 1
    return out


def _untagged_sibling(task: Task, of: Task) -> bool:
    same_block = (task.part_id, task.group_id) == (of.part_id, of.group_id)
    return same_block and all(c.tag is None for c in task.clauses)


def _is_child(head: _Heading, nxt: _Heading) -> bool:
    return _LEVELS[nxt.level] > _LEVELS[head.level]


def _has_tag(doc: _Source, start: int, end: int) -> bool:
    return any(True for _ in _tags_in(doc, start, end, record=False))


def _heading_and_body(doc: _Source, head: _Heading) -> tuple[str, int]:
    """Split a heading line into its heading and the offset where text starts.

    The heading runs to the first 。 or colon on its line, or the whole line; a tag
    on the line before any 。 (1.加強領導(市發改局負責)) ends the heading,
    and the heading is then the text the tag governs.
    """
    line = doc.folded[head.text_start : head.line_end]
    end = _HEADING_END_RE.search(line)
    stop = end.start() if end else -1
    tag = next(_tags_in(doc, head.text_start, head.line_end, record=False), None)
    if tag and (stop == -1 or tag.start < head.text_start + stop):
        return doc.written(head.text_start, tag.start).strip(), head.text_start
    if stop == -1:
        return doc.written(head.text_start, head.line_end).strip(), head.line_end
    heading = doc.written(head.text_start, head.text_start + stop).strip()
    return heading, head.text_start + stop + 1


def _part(doc: _Source, head: _Heading, end: int, has_child: bool) -> Part:
    heading, body_start = _heading_and_body(doc, head)
    body = "" if has_child else doc.written(body_start, end).strip()
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
    """A task; an id already taken (tasks 1., 2. then a group (二) in one part)
    gets a suffix: 1.2, then 1.2#2."""
    heading, body_start = _heading_and_body(doc, head)
    task_id = group_id or part_id
    if head.level in ("task", "item"):
        task_id = f"{group_id or part_id}.{head.number}"
    base, copy = task_id, 2
    while task_id in doc.task_ids:
        task_id, copy = f"{base}#{copy}", copy + 1
    doc.task_ids.add(task_id)
    clauses = _clauses(doc, task_id, body_start, end, head.text_start)
    span = doc.stripped_span(head.start, end)
    return Task(task_id, label, heading, part_id, group_id, clauses, span)


def _starts_mid_task(doc: _Source, body_start: int) -> bool:
    """Whether the text opens inside a task: a tag before the first heading
    and no notice there (a page copied from the middle of a plan)."""
    front = doc.folded[:body_start]
    notice = "通知" in front or _WRITTEN_DATE_RE.search(front) is not None
    return not notice and _has_tag(doc, 0, body_start)


def _task_before_headings(doc: _Source, body_start: int) -> Task:
    clauses = _clauses(doc, "0", 0, body_start)
    return Task("0", "", "", "0", None, clauses, doc.stripped_span(0, body_start))


def _untitled_task(doc: _Source, start: int) -> Task:
    clauses = _clauses(doc, "1", start, doc.end)
    return Task("1", "", "", "0", None, clauses, doc.stripped_span(start, doc.end))


def _warn_if_truncated(doc: _Source, structure: _Structure) -> None:
    """Record once that the text stops mid-sentence, if it does."""
    body = doc.folded[structure.body_start : doc.end].rstrip()
    end = structure.body_start + len(body)
    if not body or body[-1] in _SENTENCE_ENDS:
        return
    if doc.span(end - 1, end).end <= structure.last_tag_end:
        return
    start = max(structure.body_start, end - 12)
    tail = doc.written(start, end)
    doc.repair(
        "truncated",
        start,
        end,
        tail,
        phrase("repair.truncated", tail=tail.strip()),
    )


# --- clauses and tags --------------------------------------------------------


@dataclass
class _Tag:
    start: int
    end: int
    content_start: int
    content_end: int
    closed: bool


def _tags_in(doc: _Source, start: int, end: int, record: bool = True) -> Iterator[_Tag]:
    """The tags between ``start`` and ``end`` in document order.

    With ``record``, an unclosed tag is recorded as repaired.
    """
    tags = doc.tags
    for tag in tags[bisect.bisect_left(doc.tag_starts, start) :]:
        if tag.start >= end:
            break
        if tag.end > end:
            continue
        if record and not tag.closed:
            doc.repair(
                "tag_unclosed",
                tag.start,
                tag.end,
                doc.written(tag.start, tag.end) + ")",
                phrase("repair.tag_unclosed"),
            )
        yield tag


def _find_tags(doc: _Source, start: int, end: int) -> list[_Tag]:
    """Every tag of the body, in document order, found once per document."""
    tags = list(_bracket_tags(doc, start, end))
    bracketed = [(t.start, t.end) for t in tags]
    tags += [
        t
        for t in _line_tags(doc, start, end)
        if not any(a < t.end and t.start < b for a, b in bracketed)
    ]
    tags += _inline_tags(doc, start, end, [(t.start, t.end) for t in tags])
    taken = [(t.start, t.end) for t in tags]
    for m in _UNCLOSED_RE.finditer(doc.folded, start, end):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if not doc.folded[m.end() : doc.end].strip():
            continue  # the text was cut off inside the tag: nothing to repair
        tags.append(_Tag(m.start(), m.end(1), m.start(1), m.end(1), False))
    return sorted(tags, key=lambda t: t.start)


def _inline_tags(
    doc: _Source, start: int, end: int, taken: list[tuple[int, int]]
) -> list[_Tag]:
    """Sentences A牽頭,B配合。 outside the tags already found, naming only units."""
    folded = doc.folded
    if folded.find("牵", start, end) == -1 and folded.find("牽", start, end) == -1:
        return []
    return [
        _Tag(m.start("body"), m.end("body"), *m.span("body"), True)
        for m in _INLINE_TAG_RE.finditer(folded, start, end)
        if not any(a < m.end() and m.start() < b for a, b in taken)
        and _names_units_only(m.group("body"))
    ]


def _names_units_only(content: str) -> bool:
    names = read_tag(content)
    return bool(names) and all(is_unit_name(content[n.start : n.end]) for n in names)


def _bracket_tags(doc: _Source, start: int, end: int) -> Iterator[_Tag]:
    for m in _BRACKET_RE.finditer(doc.folded, start, end):
        body = m.lastgroup or "round"
        if _TAG_BODY_RE.search(m.group(body)):
            yield _Tag(m.start(), m.end(), m.start(body), m.end(body), True)


def _line_tags(doc: _Source, start: int, end: int) -> Iterator[_Tag]:
    """Tags written as lines (牽頭單位:A / 責任單位:B), consecutive lines as one."""
    if doc.folded.find(":", start, end) == -1:
        return
    current: _Tag | None = None
    for m in _LINE_TAG_RE.finditer(doc.folded, start, end):
        begin = m.start() + len(m.group()) - len(m.group().lstrip())
        between = doc.folded[current.end : begin] if current else "x"
        if current and not between.strip():
            current = _Tag(current.start, m.end(), current.content_start, m.end(), True)
            continue
        if current:
            yield current
        stop = _UNLABELLED_AFTER_RE.search(doc.folded, begin, m.end())
        tag_end = stop.end() if stop else m.end()
        current = _Tag(begin, tag_end, m.start("label"), tag_end, True)
    if current:
        yield current


def _clauses(
    doc: _Source, task_id: str, start: int, end: int, heading_start: int | None = None
) -> tuple[Clause, ...]:
    """The clauses of a task's text; a tag right after the heading governs it."""
    clauses: list[Clause] = []
    cursor = start
    for tag in _tags_in(doc, start, end):
        if tag.start < cursor:
            continue
        if (
            not clauses
            and heading_start is not None
            and not doc.folded[cursor : tag.start].strip()
        ):
            cursor = heading_start  # 1.甲事。(…負責): the heading is the clause
        clauses.append(_clause(doc, task_id, len(clauses), cursor, tag))
        cursor = tag.end
        while doc.folded.startswith("。", cursor):  # A牽頭。: the tag's full stop
            cursor += 1
    rest = doc.folded[cursor:end].strip().strip("。")
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
    if index <= len(_CLAUSE_SUFFIXES):
        return task_id if index == 0 else f"{task_id}-{_CLAUSE_SUFFIXES[index - 1]}"
    return f"{task_id}-{index + 1}"


def _clause(doc: _Source, task_id: str, index: int, start: int, tag: _Tag) -> Clause:
    span = doc.stripped_span(start, tag.start)
    names = read_tag(doc.folded[tag.content_start : tag.content_end])
    assignments: list[Assignment] = []
    persons: list[Person] = []
    for name, role in zip(names, _roles(doc, names), strict=True):
        where = doc.span(tag.content_start + name.start, tag.content_start + name.end)
        written = doc.text[where.start : where.end]
        if role is None:
            persons.append(Person(written, where))
        else:
            assignments.append(Assignment(written, role, len(assignments), where))
    return Clause(
        id=_clause_id(task_id, index),
        task_id=task_id,
        text=doc.text[span.start : span.end],
        tag=doc.written(tag.start, tag.end),
        assignments=tuple(assignments),
        span=span,
        tag_span=doc.span(tag.start, tag.end),
        persons=tuple(persons),
    )


def _roles(doc: _Source, names: tuple[TagName, ...]) -> list[Role | None]:
    """The role of each name (None for a person), from the slots of its tag.

    A 牽頭 slot makes leads and turns a 責任單位/負責 slot into support; in a
    plain list the first named unit leads and the others are co-responsible
    (support, where the plan says so in a note on the first-listed unit).
    """
    has_lead = any(n.slot == "lead" and not n.person for n in names)
    rest = Role.SUPPORT if doc.rest_support else Role.CO
    roles: list[Role | None] = []
    named = 0
    for n in names:
        if n.person:
            roles.append(None)
        elif n.collective:
            roles.append(Role.COLLECTIVE)
        elif n.slot == "lead":
            roles.append(Role.LEAD)
        elif n.slot == "support" or has_lead:
            roles.append(Role.SUPPORT)
        else:
            roles.append(Role.LEAD if named == 0 else rest)
            named += 1
    return roles


def _untagged_clause(
    doc: _Source, task_id: str, index: int, start: int, end: int
) -> Clause:
    span = doc.stripped_span(start, end)
    text = doc.text[span.start : span.end]
    return Clause(_clause_id(task_id, index), task_id, text, None, (), span, None)


# --- targets -------------------------------------------------------------------


def _targets_of(doc: _Source, task: Task) -> Iterator[Target]:
    for clause in task.clauses:
        start, end = _folded_range(doc, clause.span)
        for m in _TARGET_RE.finditer(doc.folded, start, end):
            yield Target(
                year=int(m.group("year")),
                metric=doc.written(m.start("metric"), m.end("metric")).strip(),
                value=float(m.group("value")),
                unit=m.group("unit"),
                clause_id=clause.id,
                responsible=tuple(a.unit for a in clause.assignments),
                text=doc.written(m.start(), m.end()),
                span=doc.span(m.start(), m.end()),
            )


def _folded_range(doc: _Source, span: Span) -> tuple[int, int]:
    """The offsets in ``folded`` of a source span (its normalised stretch)."""
    starts = doc.norm.source_starts
    pieces = doc.norm.piece_starts

    def back(offset: int) -> int:
        k = max(bisect.bisect_right(starts, offset) - 1, 0)
        return min(pieces[k] + offset - starts[k], len(doc.folded))

    return back(span.start), back(span.end)


# --- document information ----------------------------------------------------------


def _read_document_info(doc: _Source, body_start: int) -> DocumentInfo:
    """The notice's metadata, read in the text before ``body_start``."""
    front = doc.folded[:body_start]
    header = {k: p.search(front) for k, p in _HEADER_FIELDS.items()}
    notice = _notice(doc, front)
    signature, signed = _signature(doc, front)
    header_date = _header_date(header["date"])
    title = (
        doc.clean[header["title"].start(1) : header["title"].end(1)]
        if header["title"]
        else (notice[0] if notice else None)
    )
    return DocumentInfo(
        title=title,
        plan_title=_plan_title(doc, front, signed, notice),
        issuer=signature or (notice[1] if notice else None),
        doc_number=_own_doc_number(doc, front, header["doc_number"]),
        date=_signature_date(doc, front, header_date) or header_date,
        index_number=header["index_number"].group(1)
        if header["index_number"]
        else None,
        cited=tuple(_citations(doc, front, header["doc_number"])),
        principles=_principles(doc),
    )


def _lines(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    yield from re.finditer(r"^.*$", text[: len(text) if end is None else end], re.M)


def _notice(doc: _Source, front: str) -> tuple[str, str | None, str] | None:
    """The notice line (joined where the web copy broke it): title, issuer, plan.

    ``…關於印發《X》的通知`` gives X as the plan; a line ``…關於X的意見``
    (a plan issued directly) gives the whole line.
    """
    lines = [m for m in _lines(front) if m.group().strip()]
    for i, line in enumerate(lines):
        if not re.search("(?:印|[转轉])[发發]", line.group()):
            continue
        pieces = [doc.clean[m.start() : m.end()].strip() for m in lines[i : i + 4]]
        joined = ""
        for piece in pieces:
            joined += piece
            if "通知" in piece:
                break
        m = _NOTICE_RE.search(_without_doc_number(joined))
        if m:
            title = _without_doc_number(joined)[: m.end()].strip("《》 ")
            issuer = m.group("issuer") or None
            return title, issuer, m.group("plan").strip()
    for line in lines:
        m = _ABOUT_RE.match(line.group())
        if m:
            title = doc.clean[line.start() + m.start() : line.start() + m.end()]
            return title.strip(), m.group("issuer"), title.strip()
    return None


def _without_doc_number(line: str) -> str:
    """A notice line without the document number glued before it."""
    m = _DOC_NUMBER_RE.match(line.lstrip("《 "))
    return line.lstrip("《 ")[m.end() :].lstrip("《 ") if m else line


def _signature(doc: _Source, front: str) -> tuple[str | None, int]:
    """The issuer signing above the date, and the offset after the date line."""
    date = (
        _WRITTEN_DATE_RE.search(front)
        or _DASHED_DATE_RE.search(front)
        or _BARE_DATE_RE.search(front)
    )
    if not date:
        return None, 0
    before = [m for m in _lines(front, 0, date.start()) if m.group().strip()]
    if before:
        m = _SIGNATURE_RE.match(before[-1].group())
        if m:
            start = before[-1].start() + m.start(1)
            return doc.clean[start : start + len(m.group(1))], date.end()
    return None, date.end()


def _plan_title(
    doc: _Source, front: str, signed: int, notice: tuple[str, str | None, str] | None
) -> str | None:
    """The plan's own title: the lines after the signature date, else the notice's."""
    if signed:
        pieces: list[str] = []
        for m in _lines(front, 0):
            if m.start() < signed or not m.group().strip():
                continue
            line = doc.clean[m.start() : m.end()].strip()
            if line.startswith(("附件", "(此件", "(此文")):
                continue
            if (
                not _TITLE_LINE_RE.match(line)
                or _TOC_RE.match(line)
                or len(pieces) == 3
            ):
                break
            pieces.append(line)
        if pieces:
            return "".join(pieces)
    if notice:
        return notice[2]
    return None if signed else _title_before_preamble(doc, front)


def _title_before_preamble(doc: _Source, front: str) -> str | None:
    """A lone title line just before the preamble (為貫徹…, 根據…)."""
    previous = None
    for m in _lines(front):
        line = doc.clean[m.start() : m.end()].strip()
        if len(line) > 40 and re.search("[。,]", line):
            break
        if line and not _is_date_or_heading(line):
            previous = line
    if previous and _TITLE_LINE_RE.match(previous):
        return _LIST_INDEX_RE.sub("", previous)
    return None


def _is_date_or_heading(line: str) -> bool:
    patterns = (
        _WRITTEN_DATE_RE,
        _DASHED_DATE_RE,
        _CHAPTER_RE,
        _PART_RE,
        _GROUP_RE,
        _TASK_RE,
    )
    return any(p.match(line) for p in patterns)


def _normal_doc_number(m: re.Match[str]) -> str:
    return f"{m.group('org')}〔{m.group('year')}〕{m.group('num')}{m.group('hao')}"


def _own_doc_number(
    doc: _Source, front: str, named: re.Match[str] | None
) -> str | None:
    m = _own_doc_number_match(doc, front, named)
    if not m:
        return None
    if not m.group("close"):
        _repair_doc_number(doc, m)
    return _normal_doc_number(m)


def _own_doc_number_match(
    doc: _Source, front: str, named: re.Match[str] | None
) -> re.Match[str] | None:
    """The plan's own number: in the header, else the first one before the body
    that is neither cited (《title》(number)) nor in a sentence (a line with 。)."""
    if named:
        return _DOC_NUMBER_RE.search(doc.folded, named.start(1), named.end(1))
    stripped = _CITATION_RE.sub(lambda c: " " * len(c.group()), front)
    for m in _doc_numbers(stripped, 0, len(stripped)):
        line_start = stripped.rfind("\n", 0, m.start()) + 1
        line_end = stripped.find("\n", m.end())
        if "。" not in stripped[line_start : None if line_end == -1 else line_end]:
            return m
    return None


def _repair_doc_number(doc: _Source, m: re.Match[str]) -> None:
    doc.repair(
        "doc_number_bracket",
        m.start("org"),
        m.end(),
        _normal_doc_number(m),
        phrase(
            "repair.doc_number_bracket", as_written=doc.written(m.start("org"), m.end())
        ),
    )


def _citations(
    doc: _Source, front: str, named: re.Match[str] | None
) -> Iterator[CitedDocument]:
    """Cited numbers: 《title》(number) first, then bare numbers in the body."""
    seen: set[str] = set()
    own = _own_doc_number_match(doc, front, named)
    for c in _CITATION_RE.finditer(doc.folded, 0, doc.end):
        m = _DOC_NUMBER_RE.fullmatch(doc.folded, c.start("number"), c.end("number"))
        if not m or (own and own.start("org") == m.start("org")):
            continue
        title = doc.clean[c.start("title") : c.end("title")]
        seen.add(_normal_doc_number(m))
        yield _cited(doc, m, title, doc.span(c.start(), c.end()))
    for m in _doc_numbers(doc.folded, 0, doc.end):
        number = _normal_doc_number(m)
        if number in seen or (own and number == _normal_doc_number(own)):
            continue
        seen.add(number)
        yield _cited(doc, m, None, doc.span(m.start("org"), m.end()))


def _doc_numbers(folded: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Every document number in ``folded[start:end]``, found from its bracket."""
    last = start
    for bracket in _YEAR_BRACKET_RE.finditer(folded, start, end):
        if bracket.start() < last:
            continue
        window = max(last, bracket.start() - 10)
        m = _DOC_NUMBER_RE.search(folded, window, min(end, bracket.end() + 8))
        if m and m.start("org") <= bracket.start() < m.end():
            last = m.end()
            yield m


def _cited(
    doc: _Source, m: re.Match[str], title: str | None, span: Span
) -> CitedDocument:
    if not m.group("close"):
        _repair_doc_number(doc, m)
    as_written = doc.written(m.start("org"), m.end())
    return CitedDocument(_normal_doc_number(m), as_written, title, span)


def _principles(doc: _Source) -> tuple[str, ...]:
    m = _PRINCIPLES_RE.search(doc.folded)
    if not m:
        return ()
    return tuple(
        p.strip() for p in doc.clean[m.start(1) : m.end(1)].split("、") if p.strip()
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
    m = _WRITTEN_DATE_RE.search(front) or _DASHED_DATE_RE.search(front)
    if m:
        return _written_date(m)
    bare = _BARE_DATE_RE.search(front)
    if not bare:
        return None
    readings = _date_readings(bare.group(1), bare.group(2))
    if header_date in readings:
        chosen, evidence = header_date, "header_date"
    elif len(readings) == 1:
        chosen, evidence = readings[0], "only_reading"
    else:
        log.warning(
            "%s: date %s lost 年/月/日 and can be read %d ways; left unread",
            doc.name,
            bare.group().strip(),
            len(readings),
        )
        return None
    if chosen is None:  # pragma: no cover - both branches above set it
        return None
    start, end = bare.start(1), bare.end(2)
    doc.repair(
        "date_characters",
        start,
        end,
        f"{chosen.year}年{chosen.month}月{chosen.day}日",
        phrase(
            "repair.date_characters",
            as_written=doc.written(start, end),
            date=chosen.isoformat(),
            proof=term(f"repair.proof.{evidence}"),
        ),
        evidence,
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
    if value.isdigit() and value.isascii():
        return int(value)
    if len(value) == 4:
        digits = [0 if c in _CN_ZERO else _CN_DIGITS.index(c) for c in value]
        return int("".join(map(str, digits)))
    return _cn_int(value)


def _cn_int(numeral: str) -> int:
    """Read a Chinese numeral up to 99 (一, 十, 十二, 二十三).

    >>> [_cn_int(n) for n in ("一", "十", "十二", "二十", "二十三")]
    [1, 10, 12, 20, 23]
    """
    if "十" not in numeral:
        return _CN_DIGITS.index(numeral[-1])
    tens, _, ones = numeral.partition("十")
    return (_CN_DIGITS.index(tens[-1]) if tens else 1) * 10 + (
        _CN_DIGITS.index(ones[-1]) if ones else 0
    )
