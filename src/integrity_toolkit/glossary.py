"""One glossary for every visible word of a report, in three languages.

The terms live in ``glossary.json`` beside this module (reviewable data);
:func:`term` looks one up, :func:`localize_frame` renames a table's columns
and role values, :func:`unit_name` writes a unit's name in a script.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from integrity_toolkit._enums import CodeEnum

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Language",
    "count_of",
    "localize_frame",
    "metric_name",
    "phrase",
    "term",
    "unit_name",
]


class Language(CodeEnum):
    """A report language: simplified Chinese, traditional Chinese, English.

    ``Language(code)`` reads a code in any case, with ``-`` or ``_``
    (``EN``, ``zh-hans``, ``zh_Hant``); any other code raises
    :class:`~integrity_toolkit.errors.UnknownLanguageError` (a ValueError)
    listing the codes there are.

    Examples
    --------
    >>> Language("EN"), Language("zh_hant")
    (<Language.EN: 'en'>, <Language.ZH_HANT: 'zh-Hant'>)
    >>> Language("fr")
    Traceback (most recent call last):
    ...
    integrity_toolkit.errors.UnknownLanguageError: lang 'fr': not a language \
code; write one of en, zh-Hans, zh-Hant (case does not matter: EN, zh-hans and \
zh_Hant are read too)
    """

    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"
    EN = "en"

    @classmethod
    def _missing_(cls, value: object) -> Language:
        """Every ``Language(code)`` that is not spelt exactly comes here."""
        if isinstance(value, str):
            wanted = value.strip().replace("_", "-").casefold()
            for language in cls:
                if language.value.casefold() == wanted:
                    return language
        from integrity_toolkit.errors import UnknownLanguageError

        raise UnknownLanguageError(value, [lang.value for lang in _LISTED])


# The codes in the order messages list them.
_LISTED = (Language.EN, Language.ZH_HANS, Language.ZH_HANT)


@cache
def _terms() -> dict[str, dict[str, str]]:
    raw = (
        resources.files("integrity_toolkit")
        .joinpath("glossary.json")
        .read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(raw)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def term(
    key: str, lang: Language | str = Language.EN, default: str | None = None
) -> str:
    """The glossary's word for ``key`` in ``lang`` (``default`` if it has none).

    Parameters
    ----------
    key : str
        The glossary key, such as ``role.lead`` or ``column.unit``.
    lang : Language or str, default ``Language.EN``
        ``en``, ``zh-Hans`` or ``zh-Hant``.
    default : str, optional
        Returned when the glossary has no such key; without it an unknown key
        raises KeyError.

    Examples
    --------
    >>> term("section.tasks", "zh-Hant")
    '任務及責任單位'
    >>> term("role.lead", Language.ZH_HANS)
    '牵头'
    >>> term("grade.卓越", "en", default="卓越")
    '卓越'
    """
    entry = _terms().get(key)
    if entry is None:
        entry = _ledger_term(key)
    if entry is None:
        if default is not None:
            return default
        raise KeyError(f"no glossary term {key!r}; add it to glossary.json")
    return entry[Language(lang).value]


def phrase(key: str, lang: Language | str = Language.EN, **values: Any) -> str:
    """The glossary's sentence ``key`` in ``lang``, its ``{fields}`` filled in.

    The glossary keeps one template per language, so a reason or an
    explanation reads in the report's language from the same numbers.

    Parameters
    ----------
    key : str
        The glossary key of a sentence template.
    lang : Language or str, default ``Language.EN``
        ``en``, ``zh-Hans`` or ``zh-Hant``.
    **values
        The template's fields by name; a missing one raises KeyError.

    Examples
    --------
    >>> phrase("reason.already_reached", "zh-Hans", value=100.0, target=100.0)
    '覆盖率为100%，已达到目标100%'
    >>> phrase("reason.too_few_points", "en", points=2)
    'only 2 month end(s) to fit'
    """
    return term(key, lang).format(**values)


def count_of(n: int, word: str) -> str:
    """``n`` and an English ``word``, in the plural unless ``n`` is one.

    Parameters
    ----------
    n : int
        How many.
    word : str
        The noun in the singular; its plural adds ``s``.

    Returns
    -------
    str
        Such as ``1 task`` or ``26 tasks``.

    Examples
    --------
    >>> count_of(1, "flaw"), count_of(4, "flaw"), count_of(0, "registry unit")
    ('1 flaw', '4 flaws', '0 registry units')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def metric_name(metric: str, lang: Language | str) -> str:
    """A target's metric in ``lang``: the glossary's name, else as written.

    A metric the glossary does not know keeps its words in a Chinese
    report (in the report's script) and is called a quantified target in
    English rather than left in Chinese.

    Parameters
    ----------
    metric : str
        The metric as the plan writes it (公務員信用檔案覆蓋率), in either script.
    lang : Language or str
        ``en``, ``zh-Hans`` or ``zh-Hant``.

    Examples
    --------
    >>> metric_name("公務員信用檔案覆蓋率", "en")
    "Civil servants' credit-file coverage"
    >>> metric_name("企業信用檔案覆蓋率", "zh-Hans")
    '企业信用档案覆盖率'
    """
    known = _maybe_term(f"metric.{unit_name(metric, Language.ZH_HANT)}", lang)
    if known is not None:
        return known
    if Language(lang) is Language.EN:
        return term("chart.target", lang)
    return unit_name(metric, lang)


def _ledger_term(key: str) -> dict[str, str] | None:
    """Completion states and confidence ratings, from the ledger's vocabulary.

    The ledger keeps these words (with the spellings it reads on import),
    so the glossary asks it rather than keeping a second copy.
    """
    kind, _, code = key.partition(".")
    if kind == "column" and code in {c.value for c in _completions()}:
        kind = "completion"
    if kind not in ("completion", "confidence"):
        return None
    from integrity_toolkit.ledger import vocabulary

    words = vocabulary.words(kind, code)
    if words is None:
        return None
    return {"zh-Hant": words[0], "zh-Hans": words[1], "en": words[2]}


def _completions() -> list[Any]:
    from integrity_toolkit.ledger.vocabulary import Completion

    return list(Completion)


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def unit_name(name: str, lang: Language | str) -> str:
    """A unit's name, or a 、-separated list of them, in the report language.

    Chinese scripts are converted with OpenCC. English takes each unit's
    English name from the unit registry; a name the registry does not know
    stays as written.

    Parameters
    ----------
    name : str
        A unit name, or several joined by 、, in either script.
    lang : Language or str
        ``en``, ``zh-Hans`` or ``zh-Hant``.

    Returns
    -------
    str
        The name in that script; in English, the registry's English names
        joined by a semicolon and a space.

    Examples
    --------
    >>> unit_name("市發改局", "zh-Hans")
    '市发改局'
    >>> unit_name("市发改局", "zh-Hant")
    '市發改局'
    >>> unit_name("市發改局、市財政局", "en")
    'Dongguan Development and Reform Bureau; Dongguan Municipal Finance Bureau'
    >>> unit_name("市社會信用體系建設統籌協調小組辦公室", "en")
    'Office of the Dongguan Social Credit System Construction Coordination Group'
    """
    lang = Language(lang)
    if lang is Language.ZH_HANS:
        return str(_converter("t2s").convert(name))
    if lang is Language.ZH_HANT:
        return str(_converter("s2t").convert(name))
    return "; ".join(_english(n) for n in _unit_list(name))


def _unit_list(text: str) -> list[str]:
    """Split a 、-list into units, keeping 各園區、鎮街 whole as the registry does."""
    from integrity_toolkit.registry import default_registry

    registry = default_registry()
    names: list[str] = []
    for piece in text.split("、"):
        joined = f"{names[-1]}、{piece}" if names else piece
        if names and registry.match(joined).unit is not None:
            names[-1] = joined
        else:
            names.append(piece)
    return names


_OFFICE_SUFFIXES = ("辦公室", "办公室")


def _english(name: str) -> str:
    """The registry's English name; "the office of" a known group or unit.

    A coordination group's office (市社會信用體系建設統籌協調小組辦公室,
    which answers the ledger for collective clauses) is not a unit of its
    own in the registry, so it is named after the group.
    """
    from integrity_toolkit.registry import default_registry

    registry = default_registry()
    unit = registry.match(name).unit
    if unit is not None:
        return unit.name_en
    for suffix in _OFFICE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            owner = registry.match(name[: -len(suffix)]).unit
            if owner is not None:
                return f"Office of the {owner.name_en}"
    return name


def localize_frame(
    frame: pd.DataFrame, lang: Language | str, unit_columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A copy of ``frame`` with glossary headers, role names and unit names.

    Columns named in the glossary (``column.<name>``) are renamed; a ``role``
    column's values become the glossary's role names; ``unit_columns`` and
    the index, when it holds units, are written in the language's script.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; it is not changed.
    lang : Language or str
        ``en``, ``zh-Hans`` or ``zh-Hant``.
    unit_columns : tuple of str, default ()
        Columns holding unit names to write in the language.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"unit": ["市發改局"], "role": ["lead"]})
    >>> localize_frame(frame, "zh-Hans", unit_columns=("unit",)).columns.tolist()
    ['单位', '角色']
    """
    out = frame.copy()
    for column in unit_columns:
        out[column] = out[column].map(lambda n: unit_name(str(n), lang))
    if "role" in out.columns and lang is not None:
        out["role"] = out["role"].map(lambda r: term(f"role.{r}", lang))
    for column, kind in _VALUE_COLUMNS.items():
        if column in out.columns:
            out[column] = out[column].map(
                lambda v, k=kind: (
                    _maybe_term(f"{k}.{v}", lang) or v if isinstance(v, str) else v
                )
            )
    if out.index.name == "unit":
        out.index = out.index.map(lambda n: unit_name(str(n), lang))
    names = {c: _maybe_term(f"column.{c}", lang) for c in out.columns}
    out = out.rename(columns={k: v for k, v in names.items() if v is not None})
    if out.index.name is not None:
        out.index.name = _maybe_term(f"column.{out.index.name}", lang) or out.index.name
    return out


# Columns whose values are codes (of the ledger's vocabulary, of an assessment).
_VALUE_COLUMNS = {
    "completion": "completion",
    "confidence": "confidence",
    "worst_confidence": "confidence",
    "rating": "confidence",
    "peer_group": "peer_group",
    "grade": "grade",
}


def _maybe_term(key: str, lang: Language | str) -> str | None:
    try:
        return term(key, lang)
    except KeyError:
        return None
