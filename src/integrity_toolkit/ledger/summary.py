"""Views of the ledger for reports: tasks, overdue and stale, a timeline, changes.

Each function takes what :meth:`~integrity_toolkit.ledger.store.Ledger.state`
and :meth:`~integrity_toolkit.ledger.store.Ledger.freshness` return, so a
notebook shows the ledger without logic of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from integrity_toolkit.ledger.period import Period, quarters
from integrity_toolkit.ledger.vocabulary import Completion, Confidence

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from integrity_toolkit.ledger.store import Ledger

__all__ = [
    "change_matrix",
    "overdue_clauses",
    "stale_clauses",
    "stale_units",
    "task_summary",
    "timeline",
    "timeline_figure",
]

_ORDER = [state.value for state in Completion]
# Grey for no report (not a step on the scale), then light to dark green.
_COLOURS = {
    "no_report": "#bdbdbd",
    "not_started": "#fdae61",
    "limited": "#fee08b",
    "substantial": "#a6d96a",
    "complete": "#1a9641",
}
_WORST_FIRST = [Confidence.RED.value, Confidence.AMBER.value, Confidence.GREEN.value]


def task_summary(state: pd.DataFrame) -> pd.DataFrame:
    """Where each task stands: its roster lines counted by completion.

    Columns ``task_id``, one count per completion state (``no_report`` …
    ``complete``), ``mean_percent`` over the lines that reported a percent,
    and ``worst_confidence`` (red before amber before green).

    Parameters
    ----------
    state : pandas.DataFrame
        A ledger state (:meth:`Ledger.state`): one row per roster line with
        ``task_id``, ``completion``, ``percent`` and ``confidence``.

    Examples
    --------
    >>> state = pd.DataFrame({
    ...     "task_id": ["1.1", "1.1", "1.2"],
    ...     "completion": ["complete", "no_report", "limited"],
    ...     "percent": [100.0, None, 20.0],
    ...     "confidence": ["green", None, "red"],
    ... })
    >>> task_summary(state)[["task_id", "complete", "no_report", "worst_confidence"]]
      task_id  complete  no_report worst_confidence
    0     1.1         1          1            green
    1     1.2         0          0              red
    """
    counts = pd.crosstab(state["task_id"], state["completion"])
    counts = counts.reindex(columns=_ORDER, fill_value=0)
    counts.columns.name = None
    grouped = state.groupby("task_id", sort=False)
    counts["mean_percent"] = grouped["percent"].mean().round(1)
    counts["worst_confidence"] = grouped["confidence"].agg(_worst)
    order = list(dict.fromkeys(state["task_id"]))
    return counts.reindex(order).reset_index()


def _worst(ratings: pd.Series) -> str | None:
    present = set(ratings.dropna())
    return next((r for r in _WORST_FIRST if r in present), None)


def overdue_clauses(state: pd.DataFrame) -> pd.DataFrame:
    """The roster lines past their deadline and not known to be complete.

    Parameters
    ----------
    state : pandas.DataFrame
        A ledger state (:meth:`Ledger.state`).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit``, ``clause_id``, ``role``, ``completion``, ``percent``,
        ``period``, ``deadline`` and ``synthetic``, in the state's order.

    Examples
    --------
    >>> from integrity_toolkit.ledger import Ledger
    >>> state = Ledger("sqlite://").state(as_of=dt.date(2021, 1, 1))
    >>> len(overdue_clauses(state)) == len(state)  # no return: none known done
    True
    """
    columns = ["unit", "clause_id", "role", "completion", "percent", "period"]
    columns += ["deadline", "synthetic"]
    return state.loc[state["overdue"], columns].reset_index(drop=True)


def stale_clauses(state: pd.DataFrame) -> pd.DataFrame:
    """The roster lines whose latest return is older than the quarter last due.

    The quarter last due is the latest quarter ended by the state's as-of
    date whose reports could be in by its known-at moment (the quarter before
    the one known-at falls in).

    Parameters
    ----------
    state : pandas.DataFrame
        A ledger state (:meth:`Ledger.state`); its ``attrs`` give ``as_of``
        and ``known_at`` (ISO).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit``, ``clause_id``, ``role``, ``completion``, ``period``
        (missing when never reported), ``recorded_at`` and ``synthetic``;
        ``attrs["due_period"]`` names the quarter last due (``2019Q4``).

    Examples
    --------
    >>> from integrity_toolkit.ledger import Ledger
    >>> state = Ledger("sqlite://").state(as_of=dt.date(2019, 12, 31),
    ...                                   known_at=dt.date(2020, 2, 1))
    >>> stale = stale_clauses(state)
    >>> len(stale) == len(state), stale.attrs["due_period"]
    (True, '2019Q4')
    """
    due = _due_period(
        dt.date.fromisoformat(state.attrs["as_of"]),
        dt.datetime.fromisoformat(state.attrs["known_at"]).date(),
    )
    late = state["period"].isna() | (state["period"].fillna("") < str(due))
    columns = ["unit", "clause_id", "role", "completion", "period", "recorded_at"]
    frame = state.loc[late, [*columns, "synthetic"]].reset_index(drop=True)
    frame.attrs["due_period"] = str(due)
    return frame


def _due_period(as_of: dt.date, known_at: dt.date) -> Period:
    ended = Period.containing(as_of)
    if as_of < ended.end:
        ended = ended.previous()
    return min(ended, Period.containing(known_at).previous())


def stale_units(freshness: pd.DataFrame) -> pd.DataFrame:
    """The units whose latest return is older than the quarter just ended.

    Longest without a return first: units that never sent one, then by
    ``days_since_last_return``, most first.

    Parameters
    ----------
    freshness : pandas.DataFrame
        The table of :meth:`Ledger.freshness`.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit``, ``clauses``, ``last_period``, ``last_recorded_at``
        and ``days_since_last_return``.

    Examples
    --------
    >>> from integrity_toolkit.ledger import Ledger
    >>> fresh = Ledger("sqlite://").freshness(known_at=dt.date(2020, 5, 1))
    >>> stale_units(fresh)["unit"].head(2).tolist()  # no unit has reported yet
    ['市發改局', '人行東莞中心支行']
    """
    columns = ["unit", "clauses", "last_period", "last_recorded_at"]
    columns += ["days_since_last_return"]
    stale = freshness.loc[freshness["stale"], columns]
    return stale.sort_values(
        "days_since_last_return", ascending=False, na_position="first", kind="stable"
    ).reset_index(drop=True)


def timeline(
    ledger: Ledger,
    first: Period | str,
    last: Period | str,
    reporting_lag: dt.timedelta = dt.timedelta(days=45),
) -> pd.DataFrame:
    """The picture as each quarter's report would have shown it.

    For each quarter, the state as of its last day, as known
    ``reporting_lag`` later (when its report would be written): one row per
    quarter, with the roster lines counted by completion and the mean percent.

    Parameters
    ----------
    ledger : Ledger
        The ledger to read.
    first, last : Period or str
        The first and last quarters, both included (``2019Q3``).
    reporting_lag : datetime.timedelta, default 45 days
        How long after a quarter's end its report is written.

    Returns
    -------
    pandas.DataFrame
        Columns ``period``, one count per completion state (``no_report`` …
        ``complete``), ``mean_percent`` and ``synthetic``.

    Examples
    --------
    >>> from integrity_toolkit.ledger import Ledger
    >>> frame = timeline(Ledger("sqlite://"), "2019Q3", "2019Q4")
    >>> frame[["period", "no_report", "complete"]]
       period  no_report  complete
    0  2019Q3         79         0
    1  2019Q4         79         0
    """
    rows = []
    for period in quarters(first, last):
        known = dt.datetime.combine(period.end + reporting_lag, dt.time.max)
        state = ledger.state(as_of=period.end, known_at=known)
        counts = state["completion"].value_counts().reindex(_ORDER, fill_value=0)
        rows.append(
            {
                "period": str(period),
                **counts.to_dict(),
                "mean_percent": round(float(state["percent"].mean()), 1),
                "synthetic": bool(state["synthetic"].any()),
            }
        )
    return pd.DataFrame(rows)


def change_matrix(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """How many roster lines moved from each completion state to each other.

    Rows are the state in ``before``, columns the state in ``after``.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Two ledger states (:meth:`Ledger.state`); roster lines are matched on
        ``unit`` and ``clause_id``, and lines in only one are left out.

    Returns
    -------
    pandas.DataFrame
        Counts, indexed ``before`` by completion state with one column per
        state ``after``, every state present.

    Examples
    --------
    >>> one = pd.DataFrame({"unit": ["a", "b"], "clause_id": ["1", "1"],
    ...                     "completion": ["no_report", "limited"]})
    >>> two = one.assign(completion=["limited", "complete"])
    >>> change_matrix(one, two).loc["limited", "complete"]
    np.int64(1)
    """
    merged = before.merge(after, on=["unit", "clause_id"], suffixes=("", "_after"))
    matrix = pd.crosstab(merged["completion"], merged["completion_after"])
    matrix = matrix.reindex(index=_ORDER, columns=_ORDER, fill_value=0)
    matrix.index.name, matrix.columns.name = "before", "after"
    return matrix


def timeline_figure(frame: pd.DataFrame) -> Figure:
    """A stacked bar chart of :func:`timeline`, marked synthetic where it is.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table of :func:`timeline`.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per quarter, stacked by completion state.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from integrity_toolkit.ledger import Ledger
    >>> fig = timeline_figure(timeline(Ledger("sqlite://"), "2019Q3", "2019Q4"))
    >>> fig.axes[0].get_ylabel()
    'roster lines (unit × clause)'
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from integrity_toolkit.charts import use_cjk_font

    use_cjk_font()
    fig, ax = plt.subplots(figsize=(9, 4))
    colours = [_COLOURS[state] for state in _ORDER]
    frame.set_index("period")[_ORDER].plot.bar(
        stacked=True, ax=ax, width=0.8, color=colours
    )
    ax.set_ylabel("roster lines (unit × clause)")
    ax.set_xlabel("quarter (the state at its end, as its report knew it)")
    ax.legend(title="completion", bbox_to_anchor=(1.01, 1), loc="upper left")
    if frame["synthetic"].any():
        ax.set_title("SYNTHETIC DEMO DATA: not real returns", color="firebrick")
    fig.tight_layout()
    return fig
