"""Units as a tag names them: slots, names, and collective actors.

A tag such as ``市發改局、人行東莞中心支行,各有關部門,各園區、鎮街`` names
units separated by 、 , and ; . Some names stand for many units at once
(collective actors): 各部門, 各有關部門, 有關部門, 相關行業監管部門,
各園區、鎮街 (one actor, though it holds a 、), and a coordination group's
member units (…成員單位).

A tag may hold several slots, each with its own role word:
``A、B牽頭負責,C參加`` or ``牽頭單位:A;配合單位:B`` (:func:`read_tag`).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "LEVELS",
    "ROLE_LABEL_PATTERN",
    "ROLE_WORD_PATTERN",
    "TagName",
    "government_level",
    "is_collective",
    "is_person",
    "is_unit_name",
    "read_tag",
    "split_tag_units",
    "tag_syntax",
]

# A name that starts with one of these stands for every unit of a kind.
_COLLECTIVE_PREFIXES = ("各", "有關", "有关", "相關", "相关", "其他", "其它")
# A name that ends with one of these stands for a group's members.
_COLLECTIVE_SUFFIXES = ("成員單位", "成员单位", "成員", "成员")
# Endings of a name that is a body in its own right (局, 委, 辦 …).
_BODY_ENDINGS = tuple("局委辦办廳厅院行會会部處处所室組组站隊队府")
_BODY_ENDINGS += ("中心", "政府")
# Words before 負責 that qualify how the units answer, not which units.
_QUALIFIERS = re.compile(
    r"(?:按照?(?:各自)?[職职](?:[責责]|能)(?:分工)?|分別|分别|共同|各自|具體|具体|"
    r"[积積]极|[积積]極)+$"
)
_SEPARATORS = re.compile(r"[、,;]")
_QUALIFIED_COLLECTIVE = re.compile(
    "(?:有[关關]|相[关關])[^、,;]{0,6}(?:[单單]位|部[门門]|机构|機構)$"
)
# 縣(市、區)人民政府, 省直管縣(市)政府: every government of the kinds listed.
_KINDS_LIST = re.compile(r"[县縣市区區州旗]\([市县縣区區旗、]+\)")
_BEFORE_NAME = ("由", "会同", "會同")
_AND = re.compile(r"(?:以及|及|和|與|与)(?=各|有關|有关|相關|相关|其他|其它)")


def is_collective(name: str) -> bool:
    """Whether a name stands for many units rather than one.

    Parameters
    ----------
    name : str
        A unit name as written in a tag, in simplified or traditional characters.

    Examples
    --------
    >>> [is_collective(n) for n in ("各部門", "市發改局", "有關部門")]
    [True, False, True]
    >>> is_collective("市社會信用體系建設統籌協調小組成員單位")
    True
    >>> is_collective("县级各部门"), is_collective("省直管县(市)人民政府")
    (True, True)
    """
    return (
        name.startswith(_COLLECTIVE_PREFIXES)
        or name.endswith(_COLLECTIVE_SUFFIXES)
        or "各" in name[1:]
        or _QUALIFIED_COLLECTIVE.search(name) is not None
        or _KINDS_LIST.search(name) is not None
    )


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
        if not _inside_parentheses(content, m.start())
    ]
    bounds.append((end, end, ""))
    for sep_start, sep_end, sep in bounds:
        for a, b, before in _split_and(content, cursor, sep_start, separator):
            if content[a:b].strip():
                pieces.append((*_strip(content, a, b), before))
        cursor, separator = sep_end, sep
    return pieces


def _inside_parentheses(content: str, at: int) -> bool:
    """Whether ``at`` lies inside ( ), as 、 does in 各縣(市、區)政府."""
    return content.rfind("(", 0, at) > content.rfind(")", 0, at)


def _split_and(
    content: str, start: int, end: int, separator: str
) -> list[tuple[int, int, str]]:
    """Split ``X及有關部門`` into X and 有關部門 (及 only before a collective)."""
    m = _AND.search(content, start, end)
    if not m:
        return [(start, end, separator)]
    return [(start, m.start(), separator), *_split_and(content, m.end(), end, "及")]


def _strip(content: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of a name without white space around it, 由 (by) or 會同 (with)
    before it, or 等 (and others) after it."""
    while start < end and content[start].isspace():
        start += 1
    while end > start and content[end - 1].isspace():
        end -= 1
    for word in _BEFORE_NAME:
        if content.startswith(word, start) and end - start > len(word) + 1:
            start += len(word)
    if content.endswith("等", start, end) and end - start > 3:
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


# Endings of a unit's name, bodies and collective actors alike (局, 政府, 部門 …).
_UNIT_ENDINGS = (
    *_BODY_ENDINGS,
    *"关關联聯区區镇鎮乡鄉街协協司团團社台校学學门門位构構班业業)",
)
_UNIT_NAME_RE = re.compile(r"[\u4e00-\u9fff()、]{2,40}")


def is_unit_name(name: str) -> bool:
    """Whether a name reads as a unit's: Chinese characters ending as a body does.

    Used where a tag is a sentence of running text (A牽頭,B配合。), so that
    neither people (主要領導) nor garbled text (ㄒ唬┲) are read as units.

    Parameters
    ----------
    name : str
        A name read from a tag, in simplified or traditional characters.

    Examples
    --------
    >>> [is_unit_name(n) for n in ("市發改局", "各縣(市、區)", "各有關部門", "海關")]
    [True, True, True, True]
    >>> [is_unit_name(n) for n in ("政府主要領導", "ㄒ唬┲笇枷市發改局", "制定方案")]
    [False, False, False]
    """
    return _UNIT_NAME_RE.fullmatch(name) is not None and name.endswith(_UNIT_ENDINGS)


class TagName(NamedTuple):
    """A name in a tag: its offsets, the slot it stands in, and its kind.

    ``slot`` is ``lead`` (牽頭), ``support`` (配合, 協助, 參加 …),
    ``responsible`` (負責, 責任單位: the role then depends on the rest of
    the tag) or ``person`` (牽頭領導:, 責任領導:).
    """

    start: int
    end: int
    slot: str
    collective: bool
    person: bool


_LEAD = "[牵牽][头頭]"
_RESPONSIBLE = "[负負][责責](?:[落][实實]|[实實]施)?"
_LABEL_WORD = (
    r"(?:[牵牽][头頭]|[责責]任|主[责責]|主[办辦]|承[办辦]|配合|[协協]助|[协協][办辦]|"
    r"[协協]同|[参參][与與加]|分管)"
)
# 牽頭領導: / 責任領導: name people, not units.
_LABEL_TAIL = (
    r"(?:[责責]任)?(?:[单單]位|部[门門]|[单單]位[和及与與]部[门門]|主[体體]|[领領][导導])"
    r"[ \t]*:"
)
#: A slot label such as 牽頭單位: or 配合部門: (full-width colon folded).
ROLE_LABEL_PATTERN = rf"(?:主要|具[体體])?{_LABEL_WORD}{_LABEL_TAIL}"
#: A role word that closes a slot: 負責, 牽頭(負責|辦理), 配合, 協助, 參加 …
ROLE_WORD_PATTERN = (
    rf"(?:(?:[负負][责責])?{_LEAD}(?:[负負][责責]|[办辦]理)?|{_RESPONSIBLE}|配合(?:[办辦]理)?|"
    r"[协協]助(?:[办辦]理)?|[参參](?:加|[与與])|[协協][办辦])"
)
_ROLE_LABEL_RE = re.compile(
    rf"(?:主要|具[体體])?(?P<label>{_LABEL_WORD})(?P<tail>{_LABEL_TAIL})"
)
_ROLE_VERB_RE = re.compile(rf"(?P<verb>{ROLE_WORD_PATTERN})[ \t]*(?=[,;。、\n ]|$)")
_SUPPORT_WORDS = ("配合", "协", "協", "参", "參")
# Where a tag's slots part: ; 。 a line end, or spaces before a label (A 配合單位:B).
_SEGMENT_CUT_RE = re.compile(r"[;。\n]|[ \t]+(?=[\u4e00-\u9fff]{2,8}[ \t]*:)")
# A label that names no role (完成時限:, 時間節點:): what follows it is no unit.
_OTHER_LABEL_RE = re.compile(r"[ \t]*[\u4e00-\u9fff]{2,8}[ \t]*:")


def is_person(name: str) -> bool:
    """Whether a name is a person (…同志), not a unit.

    Parameters
    ----------
    name : str
        A name read from a tag.

    Examples
    --------
    >>> is_person("唐杰同志"), is_person("市監察局")
    (True, False)
    """
    return name.endswith("同志")


@lru_cache(maxsize=4096)
def read_tag(content: str) -> tuple[TagName, ...]:
    """Read the names of a tag with the slot each stands in.

    Parameters
    ----------
    content : str
        The tag's text inside its brackets (or the lines of a tag written
        without brackets), full-width punctuation folded to ASCII.

    Returns
    -------
    tuple of TagName
        In the order written. Results are cached: plans repeat their tags.

    Examples
    --------
    >>> tag = "發展改革委、人民銀行牽頭負責,法制辦參加"
    >>> [(tag[n.start:n.end], n.slot) for n in read_tag(tag)]
    [('發展改革委', 'lead'), ('人民銀行', 'lead'), ('法制辦', 'support')]
    >>> tag = "牵头单位:县发展改革局;责任单位:各乡镇人民政府,县级各部门"
    >>> [(tag[n.start:n.end], n.slot, n.collective) for n in read_tag(tag)]
    [('县发展改革局', 'lead', False), ('各乡镇人民政府', 'responsible', True), \
('县级各部门', 'responsible', True)]
    >>> tag = "牵头单位:县发展改革局 完成时限:2018年底"
    >>> [tag[n.start:n.end] for n in read_tag(tag)]
    ['县发展改革局']
    """
    names: list[TagName] = []
    for segment in _segments(content):
        for start, end, slot in _slots(content, *segment):
            for a, b, collective in split_tag_units(content[start:end]):
                name = content[start + a : start + b]
                person = slot == "person" or is_person(name)
                names.append(TagName(start + a, start + b, slot, collective, person))
    return tuple(names)


def _segments(content: str) -> list[tuple[int, int]]:
    """Stretches between ; 。 and line ends, outside any parentheses."""
    cuts = [-1]
    for m in _SEGMENT_CUT_RE.finditer(content):
        if "(" not in content or not _inside_parentheses(content, m.start()):
            cuts.append(m.start())
    cuts.append(len(content))
    return [
        (a + 1, b) for a, b in itertools.pairwise(cuts) if content[a + 1 : b].strip()
    ]


def _slots(content: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split a segment into (start, end, slot) at its label or role words."""
    labels = list(_ROLE_LABEL_RE.finditer(content, start, end))
    if not labels and _OTHER_LABEL_RE.match(content, start, end):
        return []
    if labels and not content[start : labels[0].start()].strip():
        bounds = [m.start() for m in labels[1:]] + [end]
        return [
            slot
            for m, stop in zip(labels, bounds, strict=True)
            for slot in _verb_slots(content, m.end(), stop, _label_slot(m))
        ]
    return _verb_slots(content, start, end, "responsible")


def _verb_slots(
    content: str, start: int, end: int, slot: str
) -> list[tuple[int, int, str]]:
    """Split at role words (A牽頭,B配合); names after the last take ``slot``.

    A label's names may carry role words too: 責任單位:A牽頭,B配合.
    """
    slots: list[tuple[int, int, str]] = []
    cursor = start
    for m in _ROLE_VERB_RE.finditer(content, start, end):
        slots.append((cursor, m.start(), _slot_of(m.group("verb"))))
        cursor = m.end() + 1
    if content[cursor:end].strip(" ,"):
        slots.append((cursor, end, slot))
    return slots


def _label_slot(label: re.Match[str]) -> str:
    if re.search("[领領][导導]", label.group("tail")):
        return "person"
    return _slot_of(label.group("label"))


def _slot_of(word: str) -> str:
    if re.search(_LEAD, word) or word.startswith(("主", "承")):
        return "lead"
    if word.startswith(_SUPPORT_WORDS):
        return "support"
    return "responsible"


#: Levels of government, from the top; a county and a city district are one tier.
LEVELS = ("national", "provincial", "prefecture", "county", "district")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_NATIONAL_RE = re.compile(r"^(?:国务院|国家|中央|全国)|^[^省市县区]{1,6}(?:部|总局)$")
_PROVINCE_RE = re.compile(r"^(?:省|[^市县区]{1,4}(?:省|自治区))")
# Under an optional city (…市, …州, …盟): a county (县, 旗), a city district (区,
# not 自治区) or, named under its city, a county-level city (泉州市晋江市).
_LOCAL_RE = re.compile(
    r"^(?:[^省]{1,8}[市州盟])?(?:[^省市]{1,6})?(?P<kind>县|旗|(?<!自治)区)"
    r"|^[^省]{1,8}[市州盟][^省市]{1,6}市"
)


def government_level(name: str) -> str | None:
    """The level of government a unit or issuer belongs to, read from its name.

    ``national``, ``provincial`` (a province, or 北京/上海/天津/重慶市),
    ``prefecture`` (a city, or a unit whose name starts with 市),
    ``county`` (a county or banner, 縣/旗, or a county-level city named under
    its city: 泉州市晉江市) or ``district`` (a city district, 區, or a name
    starting with 區); None where the name does not say (各有關部門, 人民銀行).

    Parameters
    ----------
    name : str
        A unit's or issuer's name, in simplified or traditional characters.

    Returns
    -------
    str or None
        One of ``national``, ``provincial``, ``prefecture``, ``county``,
        ``district``, or None.

    Notes
    -----
    A county and a city district are the same tier; they are told apart because
    a district plan answers to its city's departments, a county plan governs
    towns and townships of its own. A county-level city named alone
    (晉江市人民政府) reads as ``prefecture``: its name does not tell it from
    a city.

    Examples
    --------
    >>> [government_level(n) for n in ("國務院", "吉林省人民政府辦公廳",
    ...     "上海市松江區人民政府", "江門市人民政府", "縣發展改革局", "公安部")]
    ['national', 'provincial', 'district', 'prefecture', 'county', 'national']
    >>> government_level("泉州市晉江市人民政府"), government_level("各有關部門")
    ('county', None)
    """
    from integrity_toolkit.normalisation import to_simplified

    key = to_simplified(name)
    if _NATIONAL_RE.search(key):
        return "national"
    local = _LOCAL_RE.search(key)
    if local:
        return "district" if local.group("kind") == "区" else "county"
    if _PROVINCE_RE.search(key) or key.startswith(_MUNICIPALITIES):
        return "provincial"
    if key.startswith("市") or re.match(r"^[^省]{1,6}市", key):
        return "prefecture"
    return None


def tag_syntax(tag: str) -> str:
    """How a tag states responsibility.

    ``lines`` (牽頭單位:A / 責任單位:B on lines of their own), ``person``
    (a person named: X同志負責), ``lead_support`` (牽頭 with 配合, 參加 …),
    ``responsible_label`` (責任單位:A, no lead stated) or ``plain_list``
    ((A、B負責)).

    Parameters
    ----------
    tag : str
        A tag as written in the plan, with its brackets: ``(市發改局負責)``, or
        a line such as ``牽頭單位:區發改局``.

    Returns
    -------
    str
        One of ``lines``, ``person``, ``lead_support``, ``responsible_label``,
        ``plain_list``.

    Examples
    --------
    >>> [tag_syntax(t) for t in ("(市發改局、市財政局負責)", "(責任單位:市發改局)",
    ...     "(市發改局牽頭,市財政局配合)", "牽頭單位:區發改局")]
    ['plain_list', 'responsible_label', 'lead_support', 'lines']
    """
    from integrity_toolkit.normalisation import to_simplified

    key = to_simplified(tag)
    if not key.startswith(("(", "[", "〔", "【")):
        return "lines"
    if "同志" in key:
        return "person"
    if "牵头" in key or any(word in key for word in ("配合", "协助", "参加", "参与")):
        return "lead_support"
    if _ROLE_LABEL_RE.search(key):
        return "responsible_label"
    return "plain_list"
