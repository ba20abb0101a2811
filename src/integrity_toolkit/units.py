"""Units as a tag names them: splitting a tag and telling collective actors.

A tag such as ``市發改局、人行東莞中心支行,各有關部門,各園區、鎮街`` names
units separated by 、 , and ; . Some names stand for many units at once
(collective actors): 各部門, 各有關部門, 有關部門, 相關行業監管部門,
各園區、鎮街 (one actor, though it holds a 、), and a coordination group's
member units (…成員單位).
"""

from __future__ import annotations

import re

__all__ = ["is_collective", "split_tag_units"]

# A name that starts with one of these stands for every unit of a kind.
_COLLECTIVE_PREFIXES = ("各", "有關", "有关", "相關", "相关", "其他", "其它")
# A name that ends with one of these stands for a group's members.
_COLLECTIVE_SUFFIXES = ("成員單位", "成员单位", "成員", "成员")
# Endings of a name that is a body in its own right (局, 委, 辦 …).
_BODY_ENDINGS = tuple("局委辦办廳厅院行會会部處处所室組组站隊队府")
_BODY_ENDINGS += ("中心", "政府")
# Words before 負責 that qualify how the units answer, not which units.
_QUALIFIERS = re.compile(
    r"(?:按職責分工|按职责分工|按照職責|按照职责|分別|分别|共同|各自)+$"
)
_SEPARATORS = re.compile(r"[、,;]")
_AND = re.compile(r"(?:以及|及|和|與|与)(?=各|有關|有关|相關|相关|其他|其它)")


def is_collective(name: str) -> bool:
    """Whether a name stands for many units rather than one.

    Examples
    --------
    >>> [is_collective(n) for n in ("各部門", "市發改局", "有關部門")]
    [True, False, True]
    >>> is_collective("市社會信用體系建設統籌協調小組成員單位")
    True
    """
    return name.startswith(_COLLECTIVE_PREFIXES) or name.endswith(_COLLECTIVE_SUFFIXES)


def split_tag_units(content: str) -> list[tuple[int, int, bool]]:
    """Split the inside of a tag (without 負責) into units.

    Parameters
    ----------
    content : str
        The tag's text between its opening bracket and 負責, with
        full-width punctuation already folded to ASCII.

    Returns
    -------
    list of (start, end, collective)
        Offsets of each unit's name in ``content`` and whether it is a
        collective actor, in the order written.

    Examples
    --------
    >>> tag = "市發改局、市財政局,各園區、鎮街"
    >>> [(tag[a:b], c) for a, b, c in split_tag_units(tag)]
    [('市發改局', False), ('市財政局', False), ('各園區、鎮街', True)]
    >>> tag = "市國資委及相關行業監管部門"
    >>> [tag[a:b] for a, b, _ in split_tag_units(tag)]
    ['市國資委', '相關行業監管部門']
    """
    qualifier = _QUALIFIERS.search(content)
    end = qualifier.start() if qualifier else len(content)
    pieces = _pieces(content, 0, end)
    units: list[tuple[int, int, bool]] = []
    for start, stop, separator in pieces:
        name = content[start:stop]
        if (
            units
            and separator == "、"
            and _continues_collective(content, units[-1], name)
        ):
            units[-1] = (units[-1][0], stop, True)
            continue
        units.append((start, stop, is_collective(name)))
    return units


def _pieces(content: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Names between separators, as (start, end, separator before it)."""
    pieces: list[tuple[int, int, str]] = []
    cursor, separator = start, ""
    bounds = [
        (m.start(), m.end(), m.group())
        for m in _SEPARATORS.finditer(content, start, end)
    ]
    bounds.append((end, end, ""))
    for sep_start, sep_end, sep in bounds:
        for a, b, before in _split_and(content, cursor, sep_start, separator):
            if content[a:b].strip():
                pieces.append((*_strip(content, a, b), before))
        cursor, separator = sep_end, sep
    return pieces


def _split_and(
    content: str, start: int, end: int, separator: str
) -> list[tuple[int, int, str]]:
    """Split ``X及有關部門`` into X and 有關部門 (及 only before a collective)."""
    m = _AND.search(content, start, end)
    if not m:
        return [(start, end, separator)]
    return [(start, m.start(), separator), *_split_and(content, m.end(), end, "及")]


def _strip(content: str, start: int, end: int) -> tuple[int, int]:
    while start < end and content[start].isspace():
        start += 1
    while end > start and content[end - 1].isspace():
        end -= 1
    return start, end


def _continues_collective(
    content: str, previous: tuple[int, int, bool], name: str
) -> bool:
    """Whether ``name`` extends a 各… list, as 鎮街 does in 各園區、鎮街."""
    first = content[previous[0] : previous[1]]
    return (
        first.startswith("各")
        and len(name) <= 3
        and not name.endswith(_BODY_ENDINGS)
        and not is_collective(name)
    )
