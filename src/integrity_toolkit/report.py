"""Build the progress report: execute the report notebook, export it.

The notebook ``progress_report.ipynb`` gets its parameters in a cell written
after the one tagged ``parameters`` (papermill's convention), is executed
with nbclient, and is exported by nbconvert with the code hidden: HTML
(self-contained, opens offline), Markdown, an Excel workbook of the same
tables, and a sidecar JSON of the figures with the report's stamp. All files
are written to a temporary folder first and moved into place only when every
one of them is complete.

The notebook draws everything through :class:`ReportContext`, so the
figures it shows and those written to Excel and JSON come from one function,
:func:`report_figures`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrity_toolkit.errors import ReportError
from integrity_toolkit.glossary import (
    Language,
    localize_frame,
    phrase,
    term,
    unit_name,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from integrity_toolkit.model import Plan

__all__ = [
    "DEFAULT_AS_OF",
    "FIGURES",
    "FORMATS",
    "ReportContext",
    "ReportSettings",
    "build_report",
    "rebuild_report",
    "report_figures",
    "report_notebook_path",
    "report_stamp",
]

log = logging.getLogger(__name__)

#: The default as-of date: the plan's 2020 deadline.
DEFAULT_AS_OF = dt.date(2020, 12, 31)
#: Output formats ``build_report`` can write (JSON, the sidecar, always is).
FORMATS = ("html", "xlsx", "md", "pdf")
#: The report's tables, in the order they appear.
FIGURES = (
    "summary",
    "tasks",
    "clauses",
    "workload",
    "collective_only",
    "target",
    "coverage",
    "progress",
    "overdue",
    "stale",
    "assessment",
    "repairs",
)
_NOTEBOOK = "progress_report.ipynb"
_BASENAME = "progress_report"
# Columns written in the report's script; text, tag and as_written quote the source.
_SCRIPT_COLUMNS = ("heading", "lead", "units", "unit", "actors", "value")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# How the stamp names the ledger when the report reads the synthetic demo.
_SYNTHETIC_LEDGER = "synthetic demo ledger"


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """What a report speaks for: as-of date, known-at moment, language, plan."""

    as_of: dt.date
    known_at: dt.datetime
    lang: Language
    plan_path: str | None = None
    ledger: str | None = None

    @classmethod
    def from_parameters(
        cls,
        as_of: str | dt.date,
        known_at: str | dt.datetime | None = None,
        lang: str = "en",
        plan_path: str | None = None,
        ledger: str | None = None,
    ) -> ReportSettings:
        """Settings from notebook parameters (strings are ISO 8601).

        Parameters
        ----------
        as_of : str or datetime.date
            The date the report speaks for, as a date or ISO date (``2019-12-31``).
        known_at : str or datetime.datetime, optional
            The moment whose knowledge the report shows, as a datetime or ISO text
            (``2020-01-15T09:00``; a plain date is the end of that day). Without a
            time zone it is read as UTC; default None is now.
        lang : str, default ``"en"``
            ``en``, ``zh-Hans`` or ``zh-Hant``; another value raises ReportError.
        plan_path : str, optional
            The plan file; None is the bundled plan.
        ledger : str, optional
            The ledger store (SQLite file or SQLAlchemy URL); None is
            ``$INTEGRITY_TOOLKIT_LEDGER`` or the synthetic demo ledger.

        Examples
        --------
        >>> s = ReportSettings.from_parameters("2019-12-31", "2020-01-15T09:00", "en")
        >>> s.as_of.isoformat(), s.known_at.isoformat(), s.lang.value
        ('2019-12-31', '2020-01-15T09:00:00+00:00', 'en')
        """
        from integrity_toolkit.actors import as_date

        day = as_date(as_of, "as_of")
        if day is None:
            raise ReportError(
                "as_of is missing; give the report's date, e.g. 2020-12-31"
            )
        moment = _moment(known_at)
        try:
            language = Language(lang)
        except ValueError:
            choices = ", ".join(x.value for x in Language)
            raise ReportError(
                f"unknown language {lang!r}; choose one of {choices}"
            ) from None
        return cls(day, moment, language, plan_path, ledger)


def _moment(value: str | dt.datetime | None) -> dt.datetime:
    """Now, or the moment given; text as the command line reads it (a plain
    date is the end of that day, UTC)."""
    from integrity_toolkit.command_line import moment_from_text

    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    moment = moment_from_text(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def report_notebook_path() -> Path:
    """Where the report notebook is: in the package, or in the source tree.

    Examples
    --------
    >>> report_notebook_path().name
    'progress_report.ipynb'
    """
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "notebooks" / _NOTEBOOK,
        here.parents[1] / "notebooks" / _NOTEBOOK,
    ):
        if candidate.is_file():
            return candidate
    raise ReportError(
        f"the report notebook {_NOTEBOOK} is missing from the installation; "
        "reinstall integrity-toolkit"
    )


def report_stamp(plan: Plan, settings: ReportSettings) -> dict[str, str | None]:
    """What a report was built from: version, dates, language and input hashes.

    The ledger's hash covers the entries the report reads (as of its date,
    as known at its moment); the scheme is the assessment scheme the report
    scored with (see :func:`_assessment_year`): its year is empty and its
    hash None when there is none.

    Parameters
    ----------
    plan : Plan
        The plan the report is built from.
    settings : ReportSettings
        The report's as-of date, known-at moment, language, plan file and
        ledger.

    Returns
    -------
    dict of str to str or None
        ``integrity_toolkit`` (version), ``as_of``, ``known_at`` (ISO),
        ``lang``, ``plan`` (the file, None for the bundled plan),
        ``plan_sha256``, ``registry_sha256``, ``ledger`` (its name) and
        ``ledger_sha256``, ``scheme`` (its year) and ``scheme_sha256``.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> settings = ReportSettings.from_parameters("2019-12-31", "2020-01-15T09:00")
    >>> stamp = report_stamp(load_plan(), settings)
    >>> stamp["as_of"], stamp["known_at"], stamp["ledger"], stamp["scheme"]
    ('2019-12-31', '2020-01-15T09:00:00+00:00', 'synthetic demo ledger', '2019')
    """
    from integrity_toolkit import __version__
    from integrity_toolkit.registry import registry_path

    return {
        "integrity_toolkit": __version__,
        "as_of": settings.as_of.isoformat(),
        "known_at": settings.known_at.isoformat(),
        "lang": settings.lang.value,
        "plan": settings.plan_path,
        "plan_sha256": hashlib.sha256(plan.text.encode("utf-8")).hexdigest(),
        "registry_sha256": _file_sha256(registry_path()),
        "ledger": _ledger_view(plan, settings).name,
        "ledger_sha256": _ledger_view(plan, settings).sha256,
        "scheme": str(_assessment_year(settings.as_of)[1] or ""),
        "scheme_sha256": _scheme_sha256(settings.as_of),
    }


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class _LedgerView:
    """What the report reads from the ledger, and what it read it from."""

    name: str
    sha256: str
    state: pd.DataFrame
    freshness: pd.DataFrame
    ledger: Any


@lru_cache(maxsize=8)
def _ledger_view(plan: Plan, settings: ReportSettings) -> _LedgerView:
    """The ledger's state as of the report's date, as known at its moment.

    Real returns when the store (``settings.ledger`` or
    ``$INTEGRITY_TOOLKIT_LEDGER``) holds any, else the synthetic demo.
    Freshness is judged on the as-of date, or the known-at moment if
    earlier.
    """
    from integrity_toolkit.ledger.demo import report_ledger

    ledger = report_ledger(plan, settings.ledger)
    known = settings.known_at.replace(tzinfo=None)
    end_of_day = dt.datetime.combine(settings.as_of, dt.time.max)
    state = ledger.state(as_of=settings.as_of, known_at=known)
    freshness = ledger.freshness(known_at=min(known, end_of_day))
    synthetic = bool(state["synthetic"].fillna(False).any())
    name = _SYNTHETIC_LEDGER if synthetic else _safe_url(ledger.url)
    records = state.to_json(orient="records", date_format="iso")
    digest = hashlib.sha256(records.encode()).hexdigest()
    return _LedgerView(name, digest, state, freshness, ledger)


def _safe_url(url: str) -> str:
    """A store's URL without its password."""
    import sqlalchemy as sa

    return str(sa.make_url(url).render_as_string(hide_password=True))


_COVERAGE_COLUMNS = [
    "unit",
    "headcount",
    "coverage",
    "required",
    "projected",
    "reach_date",
    "rating",
    "reason",
    "suppressed",
]


@lru_cache(maxsize=8)
def _coverage_view(as_of: dt.date, lang: Language) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Credit-file coverage of the synthetic demo population, overall and per unit.

    The population is seeded (:func:`integrity_toolkit.demo.coverage_demo`),
    so every build reads the same one; every row says it is synthetic. Units
    too small to show are suppressed; each rating's reason is in ``lang``.
    """
    import pandas as pd

    from integrity_toolkit import coverage as cv
    from integrity_toolkit.demo import (
        DEMO_BASELINE,
        DEMO_END,
        coverage_demo,
        credit_file_coverage_demo,
    )

    day = min(as_of, DEMO_END)
    if day < DEMO_BASELINE:
        empty = pd.DataFrame(columns=["date", "value", "synthetic", "source"])
        return empty, pd.DataFrame(columns=[*_COVERAGE_COLUMNS, "synthetic"])
    series = credit_file_coverage_demo()
    series = series[series["date"] <= day].reset_index(drop=True)
    series["date"] = series["date"].map(dt.date.isoformat)
    table = cv.suppress_small_units(
        cv.assess(coverage_demo(), cv.default_targets()[0], as_of=day, lang=lang)
    )
    units = _text_dates(table[_COVERAGE_COLUMNS]).round(1)
    units["synthetic"] = True
    return series, units


_ASSESSMENT_COLUMNS = [
    "unit",
    "peer_group",
    "total",
    "rank",
    "of",
    "grade",
    "explanation",
]


def _assessment_year(as_of: dt.date) -> tuple[int, int | None]:
    """The year the report assesses, and the scheme year it scores with.

    The last year complete on the as-of date is assessed, with the shipped
    scheme of that year or, failing one, of the latest year before it.
    """
    from integrity_toolkit.assessment.scheme import scheme_years

    year = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    earlier = [y for y in scheme_years() if y <= year]
    return year, (earlier[-1] if earlier else None)


def _scheme_sha256(as_of: dt.date) -> str | None:
    from importlib import resources

    scheme_year = _assessment_year(as_of)[1]
    if scheme_year is None:
        return None
    path = resources.files("integrity_toolkit.assessment") / "schemes"
    return hashlib.sha256((path / f"{scheme_year}.toml").read_bytes()).hexdigest()


def _assessment_figure(plan: Plan, settings: ReportSettings) -> pd.DataFrame:
    """Each unit's score, grade and rank in its peer group, with the reasons."""
    import pandas as pd

    from integrity_toolkit.assessment import (
        assessment_inputs,
        default_scheme,
        score_units,
    )

    year, scheme_year = _assessment_year(settings.as_of)
    if scheme_year is None:
        return pd.DataFrame(columns=[*_ASSESSMENT_COLUMNS, "synthetic"])
    view = _ledger_view(plan, settings)
    known = settings.known_at.replace(tzinfo=None)
    inputs = assessment_inputs(view.ledger, year, known_at=known)
    result = score_units(default_scheme(scheme_year), **inputs, lang=settings.lang)
    table = result.scores[_ASSESSMENT_COLUMNS].round(1)
    table["synthetic"] = bool(result.synthetic)
    return table.sort_values(["peer_group", "rank"], kind="stable").reset_index(
        drop=True
    )


def report_figures(plan: Plan, settings: ReportSettings) -> dict[str, pd.DataFrame]:
    """Every table the report shows, in the toolkit's own column names.

    The credit-file series is synthetic demo data (its ``synthetic`` column
    says so) and stops at the as-of date. Free text (the coverage ratings'
    ``reason``, the assessment's ``explanation``, the repairs' ``message``) is
    written in the report's language; codes and names are localized when
    shown (:func:`localized_figure`). Progress, overdue clauses and
    stale units come from the ledger (see :func:`_ledger_view`).

    Parameters
    ----------
    plan : Plan
        The plan the report is built from.
    settings : ReportSettings
        The report's as-of date, known-at moment, language and ledger.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keyed ``summary``, ``tasks``, ``clauses``, ``workload``,
        ``collective_only``, ``target``, ``coverage``, ``progress``,
        ``overdue``, ``stale``, ``assessment`` and ``repairs``, in the order
        the report shows them.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> settings = ReportSettings.from_parameters("2019-12-31", "2020-01-15T09:00")
    >>> figures = report_figures(load_plan(), settings)
    >>> list(figures) == list(FIGURES)
    True
    >>> int(figures["summary"].set_index("field").loc["tasks", "value"])
    26
    """
    from integrity_toolkit import tables
    from integrity_toolkit.graph import collective_only_tasks, workload
    from integrity_toolkit.ledger.summary import (
        overdue_clauses,
        stale_units,
        task_summary,
    )

    series, units = _coverage_view(settings.as_of, settings.lang)
    repairs = tables.repairs_frame(plan, settings.lang)
    view = _ledger_view(plan, settings)
    return {
        "summary": tables.summary_frame(plan),
        "tasks": tables.tasks_frame(plan),
        "clauses": tables.clauses_frame(plan),
        "workload": workload(plan).reset_index(),
        "collective_only": collective_only_tasks(plan),
        "target": series if plan.targets else series.iloc[0:0],
        "coverage": units if plan.targets else units.iloc[0:0],
        "progress": task_summary(view.state),
        "overdue": _text_dates(overdue_clauses(view.state)),
        "stale": _text_dates(stale_units(view.freshness)),
        "assessment": _assessment_figure(plan, settings),
        "repairs": repairs,
    }


def _text_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates and moments as ISO text, so figures compare equal after JSON."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.map(lambda v: None if pd.isna(v) else v.isoformat())
        elif values.dtype == object:
            out[column] = values.map(
                lambda v: v.isoformat() if isinstance(v, dt.date) else v
            )
    return out


class ReportContext:
    """The report as the notebook draws it: plan, figures, headings, charts.

    Parameters
    ----------
    as_of, known_at, lang, plan_path, ledger
        The notebook's parameters; see :class:`ReportSettings`. ``ledger`` is
        the ledger store (SQLite file or SQLAlchemy URL); None is
        ``$INTEGRITY_TOOLKIT_LEDGER`` or the synthetic demo ledger.
    """

    def __init__(
        self,
        as_of: str | dt.date,
        known_at: str | None = None,
        lang: str = "en",
        plan_path: str | None = None,
        ledger: str | None = None,
    ) -> None:
        from integrity_toolkit.bundled import load_plan

        self.settings = ReportSettings.from_parameters(
            as_of, known_at, lang, plan_path, ledger
        )
        self.plan = load_plan(plan_path)
        self.figures = report_figures(self.plan, self.settings)
        self.stamp = report_stamp(self.plan, self.settings)

    def term(self, key: str) -> str:
        """The glossary's word for ``key`` in the report's language.

        Parameters
        ----------
        key : str
            The glossary key, such as ``section.tasks``.
        """
        return term(key, self.settings.lang)

    def title(self) -> Any:
        """The report's title block, with the plan's own (escaped) title."""
        from IPython.display import Markdown

        doc = self.plan.document
        lang = self.settings.lang
        name = html.escape(unit_name(doc.plan_title or self.plan.source, lang))
        number = html.escape(unit_name(doc.doc_number or "", lang))
        lines = [
            f"# {self.term('report.title')}: {name} {number}",
            f"**{self.term('report.as_of')} {self.settings.as_of.isoformat()}**",
            self.term("report.intro"),
            f"**{self.term('report.synthetic_note')}**",
        ]
        return Markdown("\n\n".join(lines))

    def font_note(self) -> Any:
        """A line saying how to get a CJK font, in the report's language.

        Returns
        -------
        IPython.display.Markdown
            The hint in italics when no CJK font is installed (charts would
            show Chinese as boxes), else empty.
        """
        from IPython.display import Markdown

        from integrity_toolkit.charts import cjk_font_hint, use_cjk_font

        if use_cjk_font() is not None:
            return Markdown("")
        return Markdown(f"*{cjk_font_hint(self.settings.lang)}*")

    def contents(self) -> Any:
        """A table of contents linking to every section."""
        from IPython.display import Markdown

        items = [f"- [{self.term(f'section.{k}')}](#section-{k})" for k in _SECTIONS]
        return Markdown(f"**{self.term('report.contents')}**\n\n" + "\n".join(items))

    def heading(self, key: str) -> Any:
        """A section heading with an anchor the contents link to.

        Parameters
        ----------
        key : str
            The section's key (``tasks``, ``assessment`` …); the glossary gives its
            title (``section.<key>``) and the paragraph under it
            (``explain.<key>``).

        Returns
        -------
        IPython.display.Markdown
            The anchor, the heading and the paragraph.
        """
        from IPython.display import Markdown

        title = self.term(f"section.{key}")
        explain = self.term(f"explain.{key}")
        if key == "assessment":
            year, scheme = _assessment_year(self.settings.as_of)
            which = "report.assessed_year" if scheme else "report.no_scheme"
            lang = self.settings.lang
            explain += " " + phrase(which, lang, year=year, scheme=scheme)
        return Markdown(f'<a id="section-{key}"></a>\n\n## {title}\n\n{explain}')

    def table(self, key: str) -> _Table:
        """A figure as a table (HTML and Markdown), localized, every cell escaped.

        Parameters
        ----------
        key : str
            A key of :func:`report_figures`.

        Returns
        -------
        object
            A table that shows as HTML in the notebook and as a Markdown pipe
            table in the Markdown report; an empty one says there are no rows.
        """
        return _Table(
            localized_figure(self.figures[key], key, self.settings.lang),
            self.term("value.no_rows"),
        )

    def chart(self, key: str) -> Figure | None:
        """Draw one of the report's charts: ``workload``, ``graph``, ``target``.

        Parameters
        ----------
        key : str
            ``workload``, ``graph`` or ``target``.

        Returns
        -------
        matplotlib.figure.Figure or None
            None for another key, or for ``target`` when the plan has no target
            or no observed values.
        """
        from integrity_toolkit import charts

        if key == "workload":
            return charts.workload_figure(self.plan, lang=self.settings.lang)
        if key == "graph":
            return charts.graph_figure(self.plan, self.settings.lang)
        if key == "target" and self.plan.targets and len(self.figures["target"]):
            series = self.figures["target"].copy()
            series["date"] = series["date"].map(dt.date.fromisoformat)
            baseline = series["date"].iloc[0]
            return charts.target_figure(
                self.plan.targets[0],
                series,
                self.settings.as_of,
                baseline,
                self.settings.lang,
            )
        return None

    def stamp_table(self) -> Any:
        """The stamp as a two-column table."""
        import pandas as pd

        shown = _shown_stamp(self.stamp, self.settings.lang)
        rows = [(self.term(f"stamp.{k}"), v or "—") for k, v in shown.items()]
        frame = pd.DataFrame(
            rows, columns=[self.term("column.field"), self.term("column.value")]
        )
        return _Table(frame)


def _shown_stamp(stamp: dict[str, str | None], lang: Language) -> dict[str, str | None]:
    """The stamp as a reader sees it: the synthetic demo ledger named in ``lang``."""
    if stamp.get("ledger") != _SYNTHETIC_LEDGER:
        return stamp
    return {**stamp, "ledger": term("value.synthetic_ledger", lang)}


class _Table:
    """A report table: HTML in the notebook and the HTML report, a Markdown
    pipe table in the Markdown report (nbconvert picks by MIME type)."""

    def __init__(self, frame: pd.DataFrame, no_rows: str = "") -> None:
        self.frame = frame
        self.no_rows = no_rows

    def _repr_html_(self) -> str:
        if self.frame.empty and self.no_rows:
            return f"<p>{html.escape(self.no_rows)}</p>"
        styled = self.frame.style.hide(axis="index").format(
            escape="html", precision=1, na_rep=""
        )
        return str(styled.set_properties(**{"text-align": "left"}).to_html())

    def _repr_markdown_(self) -> str:
        from integrity_toolkit.display import markdown_table

        if self.frame.empty and self.no_rows:
            return self.no_rows
        return markdown_table(self.frame)


# The report's sections: every figure, the graph drawing after the workload, the stamp.
_SECTIONS = (*FIGURES[:4], "graph", *FIGURES[4:], "stamp")


def localized_figure(frame: pd.DataFrame, key: str, lang: Language) -> pd.DataFrame:
    """A figure with headers, roles, fields, codes and unit names in ``lang``."""
    import pandas as pd

    out = _localized_values(frame, key, lang)
    columns = tuple(
        c
        for c in _SCRIPT_COLUMNS
        if c in out.columns and not pd.api.types.is_numeric_dtype(out[c])
    )
    if key == "target":  # names no unit
        columns = ()
    if key == "clauses":  # units already named in _localized_values
        columns = tuple(c for c in columns if c != "units")
    return localize_frame(out, lang, unit_columns=columns)


def _localized_values(frame: pd.DataFrame, key: str, lang: Language) -> pd.DataFrame:
    """Summary fields, roles, repair kinds, demo labels and yes/no in ``lang``."""
    from integrity_toolkit.coverage import OVERALL
    from integrity_toolkit.demo import SYNTHETIC_LABEL

    out = frame.copy()
    if key == "summary":
        out["field"] = out["field"].map(lambda f: term(f"field.{f}", lang))
    if key == "clauses":
        out["units"] = out["units"].map(lambda text: _units_with_roles(text, lang))
    if key == "target":
        label = term("value.synthetic_demo", lang)
        out["source"] = out["source"].replace(SYNTHETIC_LABEL, label)
    if key == "repairs":
        out["kind"] = out["kind"].map(lambda k: term(f"repair_kind.{k}", lang, k))
    if key == "coverage":
        out["unit"] = out["unit"].replace(OVERALL, term("value.all_units", lang))
    words = {True: term("value.yes", lang), False: term("value.no", lang)}
    for column in out.select_dtypes(bool).columns:
        out[column] = out[column].map(words)
    return out


# One unit and its role in clauses_frame's units, e.g. 各園區、鎮街(collective).
_UNIT_ROLE_RE = re.compile(
    r"(?P<unit>.+?)\((?P<role>lead|co|support|collective)\)(?:、|$)"
)


def _units_with_roles(text: str, lang: Language) -> str:
    """A clause's units, each named and its role given in ``lang``.

    The role after each name ends it, so a collective actor written with a
    、 (各園區、鎮街) stays one actor.
    """
    english = lang is Language.EN
    parts = [
        unit_name(m["unit"], lang)
        + (" (" if english else "(")
        + term("role." + m["role"], lang)
        + ")"
        for m in _UNIT_ROLE_RE.finditer(text)
    ]
    return ("; " if english else "、").join(parts)


def build_report(
    out_dir: str | Path = "reports",
    as_of: dt.date = DEFAULT_AS_OF,
    plan_path: str | Path | None = None,
    notebook: str | Path | None = None,
    *,
    known_at: dt.datetime | None = None,
    lang: Language | str = Language.EN,
    formats: Iterable[str] = ("html",),
    timeout: int = 600,
    ledger: str | Path | None = None,
) -> dict[str, Path]:
    """Execute the report notebook and write the report in each format.

    Parameters
    ----------
    out_dir : str or Path
        Folder for the report; created if missing.
    as_of : date
        The date the report speaks for.
    plan_path : str or Path, optional
        A plan file; the bundled plan when omitted.
    notebook : str or Path, optional
        Another report notebook to execute.
    known_at : datetime, optional
        The moment whose knowledge the report shows; now when omitted.
        It is stamped, so the report can be rebuilt exactly.
    lang : {"en", "zh-Hans", "zh-Hant"}
        The report's language.
    formats : iterable of str
        Any of ``html``, ``xlsx``, ``md``, ``pdf``; the sidecar
        ``progress_report.json`` is always written.
    timeout : int
        Seconds one cell may run.
    ledger : str or Path, optional
        The ledger store to read (SQLite file or SQLAlchemy URL);
        ``$INTEGRITY_TOOLKIT_LEDGER`` when omitted. A store without real
        returns gives way to the synthetic demo ledger, labelled as such.

    Returns
    -------
    dict
        Format to the file written, ``json`` included.

    Raises
    ------
    ReportError
        A cell failed (the message names it), a format is unknown, PDF was
        asked for without Chromium, or the notebook is missing. No file is
        left half-written.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> written = build_report(out, dt.date(2019, 12, 31), formats=["html", "md"])
    >>> sorted(written), written["html"].name
    (['html', 'json', 'md'], 'progress_report.html')
    """
    wanted = _check_formats(formats)
    _output_folder(out_dir)
    path = None if plan_path is None else str(Path(plan_path).resolve())
    store = None if ledger is None else str(ledger)
    settings = ReportSettings.from_parameters(as_of, known_at, str(lang), path, store)
    nb = _executed_notebook(
        Path(notebook) if notebook else report_notebook_path(), settings, timeout
    )

    from integrity_toolkit.bundled import load_plan

    plan = load_plan(path)
    out = _output_folder(out_dir)
    with tempfile.TemporaryDirectory(dir=out, prefix=".building-") as tmp:
        staging = Path(tmp)
        written = _move_into(
            _write_all(nb, plan, settings, wanted, staging), staging, out
        )
    log.info("report written to %s (%s)", out, ", ".join(sorted(written)))
    return written


def rebuild_report(
    sidecar: str | Path,
    out_dir: str | Path = "reports",
    plan_path: str | Path | None = None,
    formats: Iterable[str] = ("html",),
    ledger: str | Path | None = None,
) -> dict[str, Path]:
    """Rebuild a past report from the stamp in its JSON sidecar.

    The plan is the file named in the stamp unless ``plan_path`` names
    another; its text must hash as stamped. The report is rebuilt aside and
    its figures compared with the sidecar's: only when every figure matches
    are the files moved into ``out_dir``.

    Parameters
    ----------
    sidecar : str or pathlib.Path
        The ``progress_report.json`` written with the report.
    out_dir : str or pathlib.Path, default ``"reports"``
        Folder for the rebuilt report; created if missing.
    plan_path : str or pathlib.Path, optional
        The plan file, when it has moved since; default the one stamped.
    formats : iterable of str, default ``("html",)``
        Any of ``html``, ``xlsx``, ``md``, ``pdf``; the sidecar is always
        written.
    ledger : str or pathlib.Path, optional
        The ledger store (SQLite file or SQLAlchemy URL); as in
        :func:`build_report`.

    Returns
    -------
    dict of str to pathlib.Path
        Format to the file written in ``out_dir``, ``json`` included.

    Raises
    ------
    ReportError
        The sidecar is unreadable, the plan changed, or the figures differ.

    Examples
    --------
    >>> import tempfile
    >>> first, again = tempfile.mkdtemp(), tempfile.mkdtemp()
    >>> moment = dt.datetime(2020, 1, 15, tzinfo=dt.timezone.utc)
    >>> written = build_report(first, dt.date(2019, 12, 31), known_at=moment)
    >>> sorted(rebuild_report(written["json"], out_dir=again))
    ['html', 'json']
    """
    from integrity_toolkit.bundled import load_plan

    old = _read_sidecar(Path(sidecar))
    stamp = old["stamp"]
    if plan_path is None and stamp.get("plan"):
        plan_path = stamp["plan"]
    plan = load_plan(plan_path)
    digest = hashlib.sha256(plan.text.encode("utf-8")).hexdigest()
    if digest != stamp["plan_sha256"]:
        raise ReportError(
            f"{sidecar}: the plan's text has changed since this report was built "
            f"(stamped {stamp['plan_sha256'][:12]}…, now {digest[:12]}…); "
            "rebuild with the plan file it was built from (--plan)"
        )
    out = _output_folder(out_dir)
    with tempfile.TemporaryDirectory(dir=out, prefix=".rebuilding-") as tmp:
        written = build_report(
            tmp,
            dt.date.fromisoformat(stamp["as_of"]),
            plan_path,
            known_at=dt.datetime.fromisoformat(stamp["known_at"]),
            lang=stamp["lang"],
            formats=formats,
            ledger=ledger,
        )
        new = _read_sidecar(written["json"])
        changed = [
            k for k in old["figures"] if old["figures"][k] != new["figures"].get(k)
        ]
        if changed:
            raise ReportError(
                f"{sidecar}: rebuilt figures differ in {', '.join(changed)}; "
                "nothing was written"
            )
        return _move_into(written, Path(tmp), out)


def _output_folder(out_dir: str | Path) -> Path:
    """The report folder, created if missing; a file of that name is refused."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out}: is a file, not a folder; name a folder with --out")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _move_into(written: dict[str, Path], staging: Path, out: Path) -> dict[str, Path]:
    """Move staged report files (and a Markdown report's images) into ``out``."""
    moved = {}
    for fmt, staged in written.items():
        os.chmod(staged, 0o644)
        os.replace(staged, out / staged.name)
        moved[fmt] = out / staged.name
    images = staging / f"{_BASENAME}_files"
    if images.exists():
        shutil.rmtree(out / images.name, ignore_errors=True)
        os.replace(images, out / images.name)
    return moved


def _read_sidecar(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        data["stamp"]["as_of"], data["stamp"]["known_at"], data["figures"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReportError(
            f"{path}: not a report sidecar ({exc}); name the progress_report.json "
            "written beside a report"
        ) from None
    return data


def _check_formats(formats: Iterable[str]) -> list[str]:
    wanted = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ReportError(
            f"unknown report format {', '.join(unknown)}; "
            f"choose from {', '.join(FORMATS)}"
        )
    if "pdf" in wanted and _chromium() is None:
        raise ReportError(
            "PDF needs a headless Chromium, and none is installed; install it "
            "(Debian: apt-get install chromium) or drop pdf from --format"
        )
    return wanted or ["html"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _executed_notebook(source: Path, settings: ReportSettings, timeout: int) -> Any:
    import nbformat

    nb = nbformat.read(source, as_version=4)
    _inject_parameters(
        nb,
        {
            "as_of": settings.as_of.isoformat(),
            "known_at": settings.known_at.isoformat(),
            "lang": settings.lang.value,
            "plan_path": settings.plan_path,
            "ledger": settings.ledger,
        },
    )
    _execute(nb, source, timeout)
    return nb


def _inject_parameters(nb: Any, values: dict[str, str | None]) -> None:
    """Add a cell of literal assignments after the ``parameters`` cell.

    Values are written with ``repr``, so no value can become code.
    """
    import nbformat

    lines = [f"{name} = {value!r}" for name, value in values.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    tagged = [
        i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])
    ]
    if not tagged:
        raise ReportError("the report notebook has no cell tagged 'parameters'")
    nb.cells.insert(tagged[0] + 1, cell)


def _execute(nb: Any, source: Path, timeout: int) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from tqdm.auto import tqdm

    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    with tqdm(total=code_cells, desc="report", unit="cell", disable=None) as bar:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(source.parent)}},
            on_cell_executed=lambda **_: bar.update(),
            # The kernel listens on loopback only; its warning about TCP is noise.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        log.info("executing %s", source)
        try:
            client.execute()
        except CellExecutionError as exc:
            failing = next(
                (
                    i
                    for i, c in enumerate(nb.cells)
                    if any(
                        o.get("output_type") == "error" for o in c.get("outputs", [])
                    )
                ),
                None,
            )
            raise ReportError(
                f"{source}: cell {failing} failed: {exc.ename}: {exc.evalue}"
            ) from None


def _write_all(
    nb: Any, plan: Plan, settings: ReportSettings, formats: list[str], staging: Path
) -> dict[str, Path]:
    written: dict[str, Path] = {}
    figures = report_figures(plan, settings)
    stamp = report_stamp(plan, settings)
    if "html" in formats or "pdf" in formats:
        written["html"] = staging / f"{_BASENAME}.html"
        written["html"].write_text(_export_html(nb, settings.lang), encoding="utf-8")
    if "md" in formats:
        written["md"] = _export_markdown(nb, staging, settings.lang)
    if "xlsx" in formats:
        written["xlsx"] = staging / f"{_BASENAME}.xlsx"
        write_workbook(figures, settings.lang, stamp, written["xlsx"])
    if "pdf" in formats:
        written["pdf"] = _print_pdf(written["html"], staging)
        if "html" not in formats:
            written.pop("html").unlink()
    written["json"] = staging / f"{_BASENAME}.json"
    sidecar = {"stamp": stamp, "figures": {k: _records(v) for k, v in figures.items()}}
    written["json"].write_text(
        json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return written


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(
        frame.to_json(orient="records", force_ascii=False, date_format="iso")
    )


def _hide_config() -> Any:
    """Leave out cells tagged notebook-only: they explain the notebook itself."""
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = ("notebook-only",)
    config.TagRemovePreprocessor.enabled = True
    return config


def _export_html(nb: Any, lang: Language) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        config=_hide_config(),
        extra_template_basedirs=[str(Path(__file__).parent / "templates")],
        template_name="offline",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=lang.value[:2],  # nbconvert takes ISO 639-1 only: en, zh
    )
    exporter.log.setLevel(logging.ERROR)  # figures carry no alt text
    title = term("report.title", lang)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    # nbconvert gives a chart without alt text an English one; say it in lang,
    # and name the script of Chinese (zh-Hans, zh-Hant) on the page.
    return (
        str(body)
        .replace(
            'alt="No description has been provided for this image"',
            f'alt="{html.escape(term("chart.alt", lang))}"',
        )
        .replace(f'<html lang="{lang.value[:2]}">', f'<html lang="{lang.value}">', 1)
    )


def _export_markdown(nb: Any, staging: Path, lang: Language) -> Path:
    from nbconvert import MarkdownExporter

    config = _hide_config()
    # Tables offer HTML and Markdown; the Markdown report takes Markdown.
    config.NbConvertBase.display_data_priority = [
        "text/markdown",
        "image/png",
        "image/jpeg",
        "image/svg+xml",
        "text/html",
        "text/plain",
    ]
    exporter = MarkdownExporter(config=config, exclude_input=True)
    files_dir = f"{_BASENAME}_files"
    body, resources = exporter.from_notebook_node(
        nb, resources={"output_files_dir": files_dir}
    )
    for name, data in resources.get("outputs", {}).items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    path = staging / f"{_BASENAME}.md"
    # Charts come out as ![png](…); their alt text is said in lang.
    path.write_text(body.replace("![png](", f"![{term('chart.alt', lang)}]("), "utf-8")
    return path


def _print_pdf(html_path: Path, staging: Path) -> Path:
    chromium = _chromium()
    assert chromium is not None  # checked before the notebook ran
    pdf = staging / f"{_BASENAME}.pdf"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={staging / '.chromium'}",
        f"--print-to-pdf={pdf}",
        html_path.resolve().as_uri(),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False
    )
    shutil.rmtree(staging / ".chromium", ignore_errors=True)
    if result.returncode != 0 or not pdf.exists():
        raise ReportError(
            f"Chromium could not print the PDF: {result.stderr.strip()[-300:]}"
        )
    return pdf


def write_workbook(
    figures: dict[str, pd.DataFrame],
    lang: Language,
    stamp: dict[str, str | None],
    path: Path,
) -> None:
    """Write the figures to an Excel workbook, one sheet each, plus the stamp.

    Text that a spreadsheet would read as a formula (starting with ``=``,
    ``+``, ``-`` or ``@``) is stored as text, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for key, frame in figures.items():
        sheet = book.create_sheet(_sheet_title(term(f"section.{key}", lang)))
        local = localized_figure(frame, key, lang)
        sheet.append([str(c) for c in local.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in local.itertuples(index=False):
            sheet.append([_safe_cell(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(
                    _FORMULA_STARTS
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    stamp_sheet = book.create_sheet(_sheet_title(term("section.stamp", lang)))
    for k, v in _shown_stamp(stamp, lang).items():
        stamp_sheet.append([term(f"stamp.{k}", lang), v or ""])
    book.save(path)


def _safe_cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, bool)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31]
