"""Normalisation: the text of a web copy made regular, reversibly.

Plans copied from websites carry noise that has nothing to do with their
structure: pinyin glosses after characters (關(guān)), full-width forms
(，：１), non-breaking and ideographic spaces, site menus and share buttons,
HTML remnants, headers printed twice, and either script. :func:`normalise`
removes or folds each of these and records every change, with its offsets in
the text as given, so that whatever the parser finds in the normalised text
maps back to the source (:meth:`Normalised.source_span`).

The parser runs on the normalised text; nothing here knows about parts,
tasks or tags.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

__all__ = ["Change", "Normalised", "normalise", "to_simplified"]

Script = Literal["hans", "hant"]

# Full-width ASCII forms fold to ASCII; the odd spaces to a plain space; small
# and variant punctuation (﹔﹐﹕﹙﹚, the ratio sign ∶ used as a colon) to its
# ASCII twin. Every fold is one for one.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update(
    {
        ord(small): ord(plain)
        for small, plain in zip("﹔﹐﹕∶︰﹙﹚", ";,:::()", strict=True)
    }
)
_SPACES = {code: ord(" ") for code in (0x00A0, 0x3000, *range(0x2002, 0x200B))}
_FOLD_TABLE = {**_WIDTH, **_SPACES}
_FOLD_RE = re.compile(
    "[\uff01-\uff5e\ufe54\ufe50\ufe55\u2236\ufe30\ufe59\ufe5a]+"
    "|[\xa0\u3000\u2002-\u200a]+"
)

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS_RE = re.compile(
    rf"\((?<=[\u4e00-\u9fff]\()(?=[a-zü]*[{_TONES}])[a-zü{_TONES}]{{1,7}}\)"
)
# A gloss whose opening bracket was lost with a mis-decoded character: 銀?xíng)
_LOST_GLOSS_RE = re.compile(
    rf"(?<=[?\ufffd])(?=[a-zü]*[{_TONES}])[a-zü{_TONES}]{{1,7}}\)"
)
_HTML_RE = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>|&(?:nbsp|ensp|emsp|amp|lt|gt|quot);"
    # a closing tag whose < was lost to a mis-decoded byte before it
    r"|/(?<=[?\ufffd]/)(?:span|p|div|font|strong|em|td|tr|table)>"
)
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]+")
# The carriage return of a Windows line end (\r\n): lines end in \n alone.
_CARRIAGE_RETURN_RE = re.compile("\r+(?=\n)")
# Whole lines that a website adds around a document: menus, counters, buttons.
_CHROME_RE = re.compile(
    r"^[ \t]*(?:(?:您)?(?:当前|當前)位置|位置(?:导航|導航)|首[页頁][ \t]*[>›]|"
    r"分享(?:到)?[ \t]*:|字[号號体體][ \t]*[:\[]|【字|"
    r"(?:浏览|瀏覽|阅读|閱讀)(?:量|次数|次數)|"
    r"(?:保护|保護)视力色|(?:您好,)?(?:欢迎|歡迎)(?:访问|訪問)|(?:扫|掃)一(?:扫|掃)|"
    r"【?(?:打印|(?:关|關)(?:闭|閉))|(?:上|下)一篇|(?:相关|相關)(?:链接|鏈接)|"
    r"附件(?:下载|下載)|中国政府(?:门户|門戶)网站|首[页頁][ \t]+(?:繁体|简体)|"
    r"(?:来源|來源|栏目|欄目)[ \t]*:|\d{1,2}:\d{2}(?::\d{2})?[ \t]*$|[━─═—]{8,}[ \t]*$)"
    r".*(?:\n|$)",
    re.M,
)
# Page numbers left by a print layout: — 3 —, -12-.
_PAGE_NUMBER_RE = re.compile(
    r"^[ \t]*[-—–][ \t]*\d{1,3}[ \t]*[-—–][ \t]*(?:\n|$)", re.M
)
_LINE_RE = re.compile(r"^.*$", re.M)
_FIRST_PART_RE = re.compile(r"^[ \t]*一、", re.M)
_FRONT_LINES = 60
_REPEAT_MIN_CHARS = 6
# Only a document number or a notice title is taken for a repeated header: a
# signature or a title may rightly stand twice (red head, then the plan).
_HEADER_LINE_RE = re.compile(r"〔\d{4}〕|\[\d{4}\]|通知》?$")


@dataclass(frozen=True, slots=True)
class Change:
    """One change made to the source text.

    ``kind`` is ``width``, ``space``, ``pinyin_gloss``, ``html`` (tags and
    entities), ``invisible`` (zero-width characters), ``line_end`` (the \\r of
    a \\r\\n), ``site_chrome``, ``page_number``, ``repeated_header`` or
    ``script``; ``start`` and ``end`` are offsets into the source;
    ``replaced`` is what the normalised text holds instead (empty for a
    removal).
    """

    kind: str
    start: int
    end: int
    as_written: str
    replaced: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "as_written": self.as_written,
            "replaced": self.replaced,
        }


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normalised text, the source it came from, and the way back.

    ``text`` is made of pieces of the (folded) source; piece ``k`` starts at
    ``text`` offset ``piece_starts[k]`` and source offset ``source_starts[k]``.
    """

    source: str
    text: str
    changes: tuple[Change, ...]
    piece_starts: tuple[int, ...]
    source_starts: tuple[int, ...]

    def to_source(self, offset: int) -> int:
        """The source offset of the character at ``offset`` in ``text``.

        Parameters
        ----------
        offset : int
            A 0-based character offset in the normalised ``text``.

        Returns
        -------
        int
            The 0-based offset of that character in ``source``.
        """
        if len(self.piece_starts) == 1:
            return offset + self.source_starts[0]
        k = bisect.bisect_right(self.piece_starts, offset) - 1
        return self.source_starts[k] + offset - self.piece_starts[k]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of ``text[start:end]``, removals inside included.

        Parameters
        ----------
        start, end : int
            0-based offsets in the normalised ``text``, ``end`` excluded.

        Returns
        -------
        tuple of int
            The matching ``(start, end)`` in ``source``; an empty span stays empty,
            at the source position of ``start``.

        Examples
        --------
        >>> n = normalise("發(fā)展改革委負責")
        >>> n.text
        '發展改革委負責'
        >>> a, b = n.source_span(0, 5)
        >>> n.source[a:b]
        '發(fā)展改革委'
        """
        if end <= start:
            at = self.to_source(start) if start < len(self.text) else len(self.source)
            return at, at
        return self.to_source(start), self.to_source(end - 1) + 1


def normalise(text: str, script: Script | None = None) -> Normalised:
    """Fold forms, drop glosses and site noise, optionally convert the script.

    Parameters
    ----------
    text : str
        The document as given.
    script : {"hans", "hant"}, optional
        Convert to simplified or traditional characters (OpenCC, one
        character for one); by default the script is kept.

    Returns
    -------
    Normalised
        The normalised text with every change and the offsets back.

    Examples
    --------
    >>> n = normalise("（市發(fā)改局負責）", script="hans")
    >>> n.text
    '(市发改局负责)'
    >>> sorted({c.kind for c in n.changes})
    ['pinyin_gloss', 'script', 'width']
    """
    folded, changes = _fold(text)
    removals = _removals(folded)
    changes += [Change(kind, a, b, text[a:b], "") for kind, a, b in removals]
    pieces, cursor = [], 0
    for _, a, b in removals:
        pieces.append((cursor, a))
        cursor = b
    pieces.append((cursor, len(folded)))
    norm = "".join(folded[a:b] for a, b in pieces)
    starts = [0]
    for a, b in pieces[:-1]:
        starts.append(starts[-1] + b - a)
    result = Normalised(text, norm, (), tuple(starts), tuple(a for a, _ in pieces))
    if script is not None:
        result, script_changes = _convert_script(result, script)
        changes += script_changes
    changes.sort(key=lambda c: (c.start, c.end))
    return Normalised(
        text, result.text, tuple(changes), result.piece_starts, result.source_starts
    )


def to_simplified(name: str) -> str:
    """A name with glosses removed, forms folded, in simplified script.

    The key under which a unit named in plans of either script is compared.

    Parameters
    ----------
    name : str
        A unit name in either script, possibly with glosses such as (fā).

    Examples
    --------
    >>> to_simplified("發(fā)展改革委")
    '发展改革委'
    """
    return _simplified(name)


@lru_cache(maxsize=65536)
def _simplified(name: str) -> str:
    return normalise(name, script="hans").text.strip()


def _fold(text: str) -> tuple[str, list[Change]]:
    """Fold widths and spaces one for one, recording each run folded."""
    changes, pieces, cursor = [], [], 0
    for m in _FOLD_RE.finditer(text):
        folded = m.group().translate(_FOLD_TABLE)
        kind = "space" if ord(m.group()[0]) in _SPACES else "width"
        changes.append(Change(kind, m.start(), m.end(), m.group(), folded))
        pieces += [text[cursor : m.start()], folded]
        cursor = m.end()
    if not changes:
        return text, changes
    pieces.append(text[cursor:])
    return "".join(pieces), changes


def _removals(folded: str) -> list[tuple[str, int, int]]:
    """Stretches to drop, as (kind, start, end), sorted and not overlapping."""
    found = [
        ("pinyin_gloss", m.start(), m.end())
        for pattern in (_GLOSS_RE, _LOST_GLOSS_RE)
        for m in pattern.finditer(folded)
    ]
    found += [("html", m.start(), m.end()) for m in _HTML_RE.finditer(folded)]
    found += [("invisible", m.start(), m.end()) for m in _INVISIBLE_RE.finditer(folded)]
    found += [
        ("line_end", m.start(), m.end()) for m in _CARRIAGE_RETURN_RE.finditer(folded)
    ]
    found += [("site_chrome", m.start(), m.end()) for m in _CHROME_RE.finditer(folded)]
    found += [
        ("page_number", m.start(), m.end()) for m in _PAGE_NUMBER_RE.finditer(folded)
    ]
    found += _repeated_header_lines(folded)
    found.sort(key=lambda r: (r[1], -r[2]))
    kept: list[tuple[str, int, int]] = []
    for removal in found:
        if kept and removal[1] < kept[-1][2]:
            continue
        kept.append(removal)
    return kept


def _repeated_header_lines(folded: str) -> list[tuple[str, int, int]]:
    """Lines before the body that repeat an earlier line word for word."""
    body = _FIRST_PART_RE.search(folded)
    seen: set[str] = set()
    repeated = []
    end = body.start() if body else len(folded)
    for count, m in enumerate(_LINE_RE.finditer(folded, 0, end)):
        if count >= _FRONT_LINES:
            break
        line = m.group().strip()
        if len(line) < _REPEAT_MIN_CHARS:
            continue
        if line in seen and _HEADER_LINE_RE.search(line):
            end = min(m.end() + 1, len(folded))
            repeated.append(("repeated_header", m.start(), end))
        seen.add(line)
    return repeated


def _convert_script(
    norm: Normalised, script: Script
) -> tuple[Normalised, list[Change]]:
    convert = _converter("t2s" if script == "hans" else "s2t")
    converted = convert(norm.text)
    if len(converted) != len(norm.text):
        converted = "".join(
            convert(c) if len(convert(c)) == 1 else c for c in norm.text
        )
    changes = []
    for m in re.finditer(r"[^\x00-\x7f]+", norm.text):
        for i in range(m.start(), m.end()):
            if converted[i] != norm.text[i]:
                a, b = norm.source_span(i, i + 1)
                changes.append(Change("script", a, b, norm.source[a:b], converted[i]))
    return (
        Normalised(norm.source, converted, (), norm.piece_starts, norm.source_starts),
        changes,
    )


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config).convert
