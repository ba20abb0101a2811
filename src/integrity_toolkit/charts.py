"""Charts of a plan, drawn with matplotlib, with Chinese shown as glyphs.

:func:`use_cjk_font` picks a CJK font among those installed; without one the
charts still draw (Chinese as boxes) and a warning says how to install one.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib import dates as mdates
from matplotlib import font_manager

from integrity_toolkit.glossary import Language, metric_name, phrase, term, unit_name
from integrity_toolkit.graph import workload
from integrity_toolkit.model import Role

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from integrity_toolkit.model import Plan, Target

__all__ = [
    "ROLE_COLOURS",
    "cjk_font_hint",
    "graph_figure",
    "target_figure",
    "use_cjk_font",
    "workload_figure",
]

log = logging.getLogger(__name__)

#: Families tried in order; the first installed one is used.
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing TW",
    "AR PL UKai CN",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
_CJK_FILE_HINTS = (
    "notosanscjk",
    "notoserifcjk",
    "sourcehan",
    "wqy",
    "uming",
    "ukai",
    "droidsansfallback",
)


def cjk_font_hint(lang: Language | str = "en") -> str:
    """What to do when no CJK font is installed, in ``lang``.

    Parameters
    ----------
    lang : Language or str, default ``"en"``
        ``en``, ``zh-Hans`` or ``zh-Hant``.

    Returns
    -------
    str
        One sentence naming the Debian package and the font to install.

    Examples
    --------
    >>> print(cjk_font_hint())
    no CJK font is installed, so Chinese in charts shows as boxes; install one,
    for example `sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu) or Noto
    Sans CJK from your system's font manager, then restart the kernel
    >>> print(cjk_font_hint("zh-Hans"))
    本机未安装中日韩（CJK）字体，图表中的中文会显示为方框；请安装一种（例如
    Debian/Ubuntu 的软件包
    fonts-noto-cjk，或在系统的字体管理器中安装思源黑体），然后重启内核
    """
    return term("chart.no_cjk_font", lang)


#: Colour of each role in every chart: red lead, orange co, yellow support, grey
#: collective.
ROLE_COLOURS = {
    Role.LEAD.value: "#c0392b",
    Role.CO.value: "#e67e22",
    Role.SUPPORT.value: "#f1c40f",
    Role.COLLECTIVE.value: "#95a5a6",
}


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese with an installed CJK font.

    Returns
    -------
    str or None
        The font family now in use, or None when no CJK font is installed
        (a warning, given once, then says how to install one).

    Examples
    --------
    >>> family = use_cjk_font()
    >>> family is None or isinstance(family, str)
    True
    """
    family = _installed_cjk_font()
    if family is None:
        return None
    if plt.rcParams["font.sans-serif"][:1] != [family]:
        plt.rcParams["font.sans-serif"] = [family, *plt.rcParams["font.sans-serif"]]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return family


@lru_cache(maxsize=1)
def _installed_cjk_font() -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = next((f for f in _CJK_FAMILIES if f in installed), None)
    if family is None:
        family = _register_system_cjk_font()
    if family is None:
        log.warning(cjk_font_hint())
        # The hint above says it once; matplotlib would repeat it for every
        # Chinese character of every drawing.
        warnings.filterwarnings(
            "ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning
        )
    else:
        log.info("charts use the CJK font %s", family)
    return family


def _register_system_cjk_font() -> str | None:
    """Register CJK font files matplotlib's cache does not know yet.

    The cache is written once, so fonts installed after it are missing.
    Every weight is registered (a bold file alone would make matplotlib warn
    that it cannot find the normal weight); the family returned is the first
    of the preferred families found, else that of the first file.
    """
    names = []
    for path in sorted(font_manager.findSystemFonts()):
        if any(hint in Path(path).name.lower() for hint in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
                names.append(str(font_manager.FontProperties(fname=path).get_name()))
            except (OSError, RuntimeError, ValueError):
                continue
    preferred = [f for f in _CJK_FAMILIES if f in names]
    return next(iter(preferred or names), None)


def workload_figure(plan: Plan, top: int = 20, lang: Language | str = "en") -> Figure:
    """Horizontal bars of clauses per unit, split by role, heaviest on top.

    Labels come from the glossary in ``lang``; unit names in its script.

    Parameters
    ----------
    plan : Plan
        A parsed plan.
    top : int, default 20
        How many units to show, the heaviest.
    lang : Language or str, default ``"en"``
        ``en``, ``zh-Hans`` or ``zh-Hant``.

    Returns
    -------
    matplotlib.figure.Figure
        One axes of stacked bars, one colour per role.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局牽頭,市財政局配合)")
    >>> figure = workload_figure(plan, lang="zh-Hans")
    >>> sorted(t.get_text() for t in figure.axes[0].get_yticklabels())
    ['市发改局', '市财政局']
    >>> workload_figure(plan, top=1).axes[0].get_title()
    'Clauses per unit, by role: the 1 heaviest of 2 units'
    """
    use_cjk_font()
    everyone = workload(plan)
    table = everyone.head(top).iloc[::-1]
    names = [_wrapped(unit_name(str(u), lang)) for u in table.index]
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = plt.subplots(figsize=(10, 0.3 * lines + 1.6))
    left = None
    for role, colour in ROLE_COLOURS.items():
        label = term(f"role.{role}", lang)
        ax.barh(names, table[role], left=left, color=colour, label=label)
        left = table[role] if left is None else left + table[role]
    ax.set_xlabel(term("chart.clauses", lang))
    title = (
        phrase("chart.workload_top", lang, shown=len(table), total=len(everyone))
        if len(everyone) > len(table)
        else term("chart.workload", lang)
    )
    ax.set_title(title, pad=24)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return fig


def _wrapped(name: str, width: int = 34) -> str:
    """A long (English) unit name over several lines; Chinese names stay whole."""
    import textwrap

    return "\n".join(textwrap.wrap(name, width)) if " " in name else name


def graph_figure(
    plan: Plan, lang: Language | str = "en", translate_units: bool = False
) -> Figure:
    """Tasks (left) linked to the units that answer for them (right).

    Edge colour is the unit's strongest role in the task; the title comes
    from the glossary in ``lang``. Unit names are drawn as the plan writes
    them, so the drawing can be checked against the text, unless
    ``translate_units`` is set.

    Parameters
    ----------
    plan : Plan
        A parsed plan.
    lang : Language or str, default ``"en"``
        ``en``, ``zh-Hans`` or ``zh-Hant``, for the title.
    translate_units : bool, default False
        If True, unit names are written in ``lang`` (English names, or the
        script), as the interactive view writes them.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: tasks on the left, units on the right, most tasks on top.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("一、任務\\n1.甲。(市發改局負責)")
    >>> figure = graph_figure(plan)
    >>> "市發改局" in [t.get_text() for t in figure.axes[0].texts]
    True
    >>> english = graph_figure(plan, "en", translate_units=True)
    >>> [t.get_text() for t in english.axes[0].texts][-1]
    'Dongguan Development and Reform Bureau'
    """
    use_cjk_font()
    g = nx.Graph()
    rank = {Role.LEAD: 0, Role.CO: 1, Role.SUPPORT: 2, Role.COLLECTIVE: 3}
    for task in plan.tasks:
        for clause in task.clauses:
            for a in clause.assignments:
                edge = (f"task:{task.id}", f"unit:{a.unit}")
                old = g.edges[edge]["role"] if g.has_edge(*edge) else None
                if old is None or rank[a.role] < rank[Role(old)]:
                    g.add_edge(*edge, role=a.role.value)
    tasks = [f"task:{t.id}" for t in plan.tasks if g.has_node(f"task:{t.id}")]
    units = sorted((n for n in g if n.startswith("unit:")), key=lambda n: -g.degree(n))
    pos = {n: (0.0, -i) for i, n in enumerate(tasks)}
    scale = max(len(tasks) - 1, 1) / max(len(units) - 1, 1)
    pos.update({n: (1.0, -i * scale) for i, n in enumerate(units)})
    fig, ax = plt.subplots(figsize=(10, 0.32 * max(len(tasks), len(units)) + 1))
    colours = [ROLE_COLOURS[d["role"]] for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=colours, alpha=0.6, width=0.8)
    nx.draw_networkx_nodes(
        g, pos, nodelist=tasks, node_size=30, node_color="#2c3e50", ax=ax
    )
    nx.draw_networkx_nodes(
        g, pos, nodelist=units, node_size=30, node_color="#2980b9", ax=ax
    )
    for n in tasks:
        ax.text(
            -0.02, pos[n][1], n.split(":", 1)[1], ha="right", va="center", fontsize=8
        )
    for n in units:
        name = n.split(":", 1)[1]
        label = unit_name(name, lang) if translate_units else name
        ax.text(1.02, pos[n][1], label, ha="left", va="center", fontsize=8)
    ax.set_xlim(-0.25, 1.45)
    ax.set_axis_off()
    ax.set_title(term("chart.graph", lang))
    fig.tight_layout()
    return fig


def target_figure(
    target: Target,
    actual: pd.DataFrame,
    as_of: dt.date,
    baseline: dt.date,
    lang: Language | str = "en",
) -> Figure:
    """A target's required straight-line path against an observed series.

    ``actual`` has ``date`` and ``value`` columns and a boolean ``synthetic``
    column; when any value is synthetic the title says so.

    Parameters
    ----------
    target : Target
        A target read from a plan; its deadline is 31 December of its year.
    actual : pandas.DataFrame
        The observed series: ``date`` (datetime.date), ``value`` (in the
        target's unit) and ``synthetic`` (bool).
    as_of : datetime.date
        The last date shown, drawn as a dotted line.
    baseline : datetime.date
        Where the required path starts, from the last value on or before it
        (the first value if none is).
    lang : Language or str, default ``"en"``
        ``en``, ``zh-Hans`` or ``zh-Hant``.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with the required path, the observed series and the target
        value.

    Examples
    --------
    >>> import pandas as pd
    >>> from integrity_toolkit import load_plan
    >>> series = pd.DataFrame({"date": [dt.date(2019, 6, 30)], "value": [40.0],
    ...                        "synthetic": [True]})
    >>> figure = target_figure(load_plan().targets[0], series,
    ...     as_of=dt.date(2019, 6, 30), baseline=dt.date(2018, 12, 31))
    >>> "synthetic" in figure.axes[0].get_title().lower()
    True
    """
    use_cjk_font()
    start = actual.loc[actual["date"] <= baseline, "value"]
    start_value = (
        float(start.iloc[-1]) if len(start) else float(actual["value"].iloc[0])
    )
    deadline = dt.date(target.year, 12, 31)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(
        mdates.date2num([baseline, deadline]),
        [start_value, target.value],
        "--",
        color="#7f8c8d",
        label=term("chart.required_path", lang),
    )
    shown = actual[actual["date"] <= as_of]
    ax.plot(
        shown["date"],
        shown["value"],
        "o-",
        color="#2980b9",
        label=term("chart.reported", lang),
    )
    ax.axhline(target.value, color="#c0392b", linewidth=0.8)
    as_of_x = float(mdates.date2num(as_of))
    ax.axvline(as_of_x, color="#34495e", linewidth=0.8, linestyle=":")
    synthetic = bool(actual["synthetic"].any())
    note = f"  [{term('chart.synthetic', lang)}]" if synthetic else ""
    metric = metric_name(target.metric, lang)
    ax.set_title(f"{metric}: {target.value:g}{target.unit} ({target.year}){note}")
    ax.set_ylabel(target.unit)
    ax.set_ylim(0, max(105.0, target.value * 1.05))
    ax.legend(loc="lower right")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
