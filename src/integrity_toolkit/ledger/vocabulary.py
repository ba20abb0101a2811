"""The ledger's words: completion, delivery confidence, overdue, and their crosswalk.

Completion follows the scale of the Open Government Partnership's
independent reports (not started, limited, substantial, complete); *no
report* is a state of its own, so a unit that did not answer never reads as
a unit that made no progress. Delivery confidence (red, amber, green) is a
separate rating, derived by :func:`derive_confidence` and open to a recorded
override by a person. Overdue is never typed in: :func:`is_overdue` derives it
from a clause's deadline.

The crosswalk (code: 繁體 / 简体, percent band, meaning):

- ``no_report``: 未報送 / 未报送, no percent; the unit sent no return for the clause.
- ``not_started``: 未啟動 / 未启动, 0; work has not begun.
- ``limited``: 有限進展 / 有限进展, 1-49 (above 0); begun, under half done.
- ``substantial``: 實質進展 / 实质进展, 50-99 (under 100); half or more done.
- ``complete``: 已完成 / 已完成, 100; done as the clause asks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

from integrity_toolkit._enums import CodeEnum

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AMBER_GAP",
    "GREEN_GAP",
    "Completion",
    "Confidence",
    "completion_for_percent",
    "crosswalk",
    "derive_confidence",
    "expected_percent",
    "is_overdue",
    "parse_completion",
    "parse_confidence",
    "words",
]

#: A clause at most this many points behind its expected percent is green.
GREEN_GAP = 10.0
#: A clause at most this many points behind (and more than GREEN_GAP) is amber.
AMBER_GAP = 30.0


class Completion(CodeEnum):
    """How far a clause has got, as a unit reports it.

    Examples
    --------
    >>> Completion.LIMITED.label, Completion.LIMITED.percent_range
    ('有限進展', (1.0, 49.0))
    >>> Completion.NO_REPORT.percent_range is None
    True
    """

    NO_REPORT = "no_report"
    NOT_STARTED = "not_started"
    LIMITED = "limited"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """The traditional Chinese label, as the templates show it."""
        return _COMPLETION_WORDS[self][0]

    @property
    def percent_range(self) -> tuple[float, float] | None:
        """The percents this state covers, or None for no report."""
        return _PERCENT_RANGES.get(self)


class Confidence(CodeEnum):
    """Delivery confidence: will the clause be done by its deadline?

    Examples
    --------
    >>> [c.label for c in Confidence]
    ['紅', '黃', '綠']
    """

    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        """The traditional Chinese label."""
        return _CONFIDENCE_WORDS[self][0]


# Each state's words: 繁體, 简体, English (and other spellings read on import).
_COMPLETION_WORDS: dict[Completion, tuple[str, ...]] = {
    Completion.NO_REPORT: ("未報送", "未报送", "no report", "未報", "未报"),
    Completion.NOT_STARTED: ("未啟動", "未启动", "not started", "未開始", "未开始"),
    Completion.LIMITED: ("有限進展", "有限进展", "limited", "起步"),
    Completion.SUBSTANTIAL: ("實質進展", "实质进展", "substantial", "基本完成"),
    Completion.COMPLETE: ("已完成", "已完成", "complete", "完成", "completed"),
}
_CONFIDENCE_WORDS: dict[Confidence, tuple[str, ...]] = {
    Confidence.RED: ("紅", "红", "red", "紅色", "红色"),
    Confidence.AMBER: ("黃", "黄", "amber", "黃色", "黄色"),
    Confidence.GREEN: ("綠", "绿", "green", "綠色", "绿色"),
}
_PERCENT_RANGES = {
    Completion.NOT_STARTED: (0.0, 0.0),
    Completion.LIMITED: (1.0, 49.0),
    Completion.SUBSTANTIAL: (50.0, 99.0),
    Completion.COMPLETE: (100.0, 100.0),
}
# The percent a state stands for when a return gives no percent.
_TYPICAL_PERCENT = {
    Completion.NOT_STARTED: 0.0,
    Completion.LIMITED: 25.0,
    Completion.SUBSTANTIAL: 75.0,
    Completion.COMPLETE: 100.0,
}


def words(kind: str, code: str) -> tuple[str, ...] | None:
    """The words of a completion state or confidence rating: 繁體, 简体, English.

    Parameters
    ----------
    kind : str
        ``completion``, or anything else for a confidence rating.
    code : str
        The state's or rating's code (``limited``, ``red``).

    Returns
    -------
    tuple of str or None
        The words, None for an unknown code.

    Examples
    --------
    >>> words("completion", "limited")[:3]
    ('有限進展', '有限进展', 'limited')
    >>> words("confidence", "purple") is None
    True
    """
    table: dict[Any, tuple[str, ...]]
    table = _COMPLETION_WORDS if kind == "completion" else _CONFIDENCE_WORDS
    for state, spelled in table.items():
        if state.value == code:
            return spelled
    return None


def _fold(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower().replace("_", " ")


def parse_completion(text: str) -> Completion:
    """Read a completion state from a code or a label in any of its languages.

    Parameters
    ----------
    text : str
        A code (``limited``) or a label in traditional or simplified Chinese
        or English; case, width and surrounding spaces do not matter.

    Raises
    ------
    ValueError
        The text names no state; the message lists the labels accepted.

    Examples
    --------
    >>> [parse_completion(t).value for t in ("實質進展", "已完成", "not_started")]
    ['substantial', 'complete', 'not_started']
    >>> parse_completion("差不多")
    Traceback (most recent call last):
    ...
    ValueError: '差不多' is not a completion state; write one of 未啟動, 有限進展, ...
    """
    folded = _fold(text)
    for state, words in _COMPLETION_WORDS.items():
        if folded in {_fold(w) for w in (state.value, *words)}:
            return state
    labels = ", ".join(s.label for s in Completion if s is not Completion.NO_REPORT)
    raise ValueError(f"{text!r} is not a completion state; write one of {labels}")


def parse_confidence(text: str) -> Confidence:
    """Read a confidence rating from a code or label (綠, 黄, red …).

    Parameters
    ----------
    text : str
        A code (``green``, ``amber``, ``red``) or a label in traditional or
        simplified Chinese or English.

    Returns
    -------
    Confidence
        The rating; other text raises ValueError.

    Examples
    --------
    >>> parse_confidence("紅").value, parse_confidence("Amber").value
    ('red', 'amber')
    """
    folded = _fold(text)
    for rating, words in _CONFIDENCE_WORDS.items():
        if folded in {_fold(w) for w in (rating.value, *words)}:
            return rating
    raise ValueError(f"{text!r} is not a confidence rating; write 紅, 黃 or 綠")


def completion_for_percent(percent: float) -> Completion:
    """The completion state whose band holds a percent (0–100).

    Parameters
    ----------
    percent : float
        From 0 to 100: 0 is not started, below 50 limited, below 100
        substantial, 100 complete.

    Examples
    --------
    >>> [completion_for_percent(p).value for p in (0, 30, 50, 99.5, 100)]
    ['not_started', 'limited', 'substantial', 'substantial', 'complete']
    """
    if percent >= 100:
        return Completion.COMPLETE
    if percent >= 50:
        return Completion.SUBSTANTIAL
    if percent > 0:
        return Completion.LIMITED
    return Completion.NOT_STARTED


def is_overdue(
    completion: Completion, deadline: dt.date | None, as_of: dt.date
) -> bool:
    """Whether a clause not known to be complete has passed its deadline.

    A clause with no report past its deadline is overdue: nothing shows it
    was done. A clause with no deadline is never overdue.

    Parameters
    ----------
    completion : Completion
        The clause's state as of ``as_of``.
    deadline : datetime.date or None
        The clause's deadline (see
        :func:`~integrity_toolkit.ledger.roster.clause_deadlines`); None is
        never overdue.
    as_of : datetime.date
        The day to judge at; a clause is overdue from the day after its
        deadline.

    Examples
    --------
    >>> end = dt.date(2020, 12, 31)
    >>> is_overdue(Completion.LIMITED, end, dt.date(2021, 1, 1))
    True
    >>> is_overdue(Completion.COMPLETE, end, dt.date(2021, 1, 1))
    False
    >>> is_overdue(Completion.NO_REPORT, end, end)
    False
    """
    if deadline is None or completion is Completion.COMPLETE:
        return False
    return as_of > deadline


def expected_percent(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """The percent a clause would show if work went evenly from start to deadline.

    Parameters
    ----------
    start : datetime.date
        The day work began (:func:`~integrity_toolkit.ledger.roster.plan_start`).
    deadline : datetime.date
        The clause's deadline; on or before ``start``, 100 is expected.
    as_of : datetime.date
        The day to judge at.

    Returns
    -------
    float
        From 0 to 100, the share of days elapsed.

    Examples
    --------
    >>> expected_percent(dt.date(2020, 1, 1), dt.date(2020, 4, 10), dt.date(2020, 3, 1))
    60.0
    """
    total = (deadline - start).days
    if total <= 0:
        return 100.0
    elapsed = (as_of - start).days
    return round(min(max(100.0 * elapsed / total, 0.0), 100.0), 6)


def derive_confidence(
    completion: Completion,
    percent: float | None,
    start: dt.date,
    deadline: dt.date | None,
    as_of: dt.date,
) -> Confidence | None:
    """Delivery confidence by the ledger's stated rule.

    The rule, in order: no report gives no rating (None); complete is green;
    overdue is red; otherwise the reported percent (or, without one, the
    typical percent of the state: 0, 25, 75) is compared with
    :func:`expected_percent`: at most ``GREEN_GAP`` (10) points behind is
    green, at most ``AMBER_GAP`` (30) behind is amber, further behind is red.
    A clause with no deadline is green once it has started and amber before.

    Parameters
    ----------
    completion : Completion
        The clause's state as of ``as_of``.
    percent : float or None
        The percent reported (0 to 100), None when the return gave none.
    start : datetime.date
        The day work began.
    deadline : datetime.date or None
        The clause's deadline, None when it has none.
    as_of : datetime.date
        The day to judge at.

    Returns
    -------
    Confidence or None
        ``green``, ``amber`` or ``red``; None without a report.

    Examples
    --------
    >>> start, end, day = dt.date(2020, 1, 1), dt.date(2020, 4, 10), dt.date(2020, 3, 1)
    >>> [derive_confidence(Completion.LIMITED, p, start, end, day).value
    ...  for p in (55, 40, 20)]
    ['green', 'amber', 'red']
    >>> derive_confidence(Completion.NO_REPORT, None, start, end, day) is None
    True
    """
    if completion is Completion.NO_REPORT:
        return None
    if completion is Completion.COMPLETE:
        return Confidence.GREEN
    if deadline is None:
        started = completion is not Completion.NOT_STARTED
        return Confidence.GREEN if started else Confidence.AMBER
    if is_overdue(completion, deadline, as_of):
        return Confidence.RED
    actual = _TYPICAL_PERCENT[completion] if percent is None else percent
    gap = expected_percent(start, deadline, as_of) - actual
    if gap <= GREEN_GAP:
        return Confidence.GREEN
    return Confidence.AMBER if gap <= AMBER_GAP else Confidence.RED


def crosswalk() -> pd.DataFrame:
    """The completion vocabulary as a table: code, labels, percent band.

    Examples
    --------
    >>> crosswalk().loc[2, ["code", "zh_hant", "zh_hans", "en"]].tolist()
    ['limited', '有限進展', '有限进展', 'Limited']
    """
    import pandas as pd

    rows = [
        {
            "code": state.value,
            "zh_hant": words[0],
            "zh_hans": words[1],
            "en": words[2].capitalize(),
            "percent_min": (_PERCENT_RANGES.get(state) or (None, None))[0],
            "percent_max": (_PERCENT_RANGES.get(state) or (None, None))[1],
        }
        for state, words in _COMPLETION_WORDS.items()
    ]
    return pd.DataFrame(rows)
