"""Reporting periods: the quarter a return speaks for (its valid time)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Period", "quarters"]

_CHINESE_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}
_FORMS = (
    re.compile(r"^(\d{4})\s*-?\s*q([1-4])$", re.IGNORECASE),
    re.compile(r"^(\d{4})年?第?([1-4一二三四])季度?$"),
)


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A calendar quarter, written ``2019Q4``.

    Examples
    --------
    >>> p = Period.parse("2019年第四季度")
    >>> str(p), p.start.isoformat(), p.end.isoformat()
    ('2019Q4', '2019-10-01', '2019-12-31')
    >>> str(p.next()), str(Period.containing(dt.date(2020, 5, 1)))
    ('2020Q1', '2020Q2')
    """

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter {self.quarter} is not 1-4")

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2019Q4``, ``2019-q4``, ``2019年第4季度`` or ``2019年第四季度``.

        Parameters
        ----------
        text : str
            A year and quarter, full-width characters allowed.

        Returns
        -------
        Period
            The quarter; other text raises ValueError with an example.
        """
        folded = unicodedata.normalize("NFKC", str(text)).strip()
        for form in _FORMS:
            match = form.match(folded)
            if match:
                quarter = match.group(2)
                number = _CHINESE_QUARTERS.get(quarter) or int(quarter)
                return cls(int(match.group(1)), number)
        raise ValueError(
            f"{text!r} is not a reporting period; write the year and quarter, "
            "e.g. 2019Q4"
        )

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        """The quarter a date falls in.

        Parameters
        ----------
        day : datetime.date
            Any day.
        """
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        """The quarter's first day."""
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """The quarter's last day."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Period:
        """The following quarter."""
        if self.quarter == 4:
            return Period(self.year + 1, 1)
        return Period(self.year, self.quarter + 1)

    def previous(self) -> Period:
        """The quarter before."""
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)


def quarters(first: Period | str, last: Period | str) -> Iterator[Period]:
    """Every quarter from ``first`` to ``last``, both included.

    Parameters
    ----------
    first, last : Period or str
        The first and last quarters (``2019Q4``); none when ``first`` is after
        ``last``.

    Yields
    ------
    Period
        Each quarter in order.

    Examples
    --------
    >>> [str(p) for p in quarters("2018Q4", "2019Q2")]
    ['2018Q4', '2019Q1', '2019Q2']
    """
    current = first if isinstance(first, Period) else Period.parse(first)
    stop = last if isinstance(last, Period) else Period.parse(last)
    while current <= stop:
        yield current
        current = current.next()
