"""Checking a return row by row, collecting every problem before refusing it.

Cells are first read into plain values, forgiving the ways people fill in
Excel: dates as serial numbers, text or Chinese dates (2019年12月31日,
二〇一九年十二月三十一日), percents as 80, 80% or 0.8, full-width digits.
What cannot be read, or could be read two ways (a date with the year last
such as 01/02/2020; a bare 1 against a status of 已完成), becomes a problem
rather than a guess. The readable rows are then checked against the plan
with a pandera schema (known clause, the unit's own clause, percent in range
and in the band of the status, one row per clause), all problems collected
at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from integrity_toolkit.ledger.period import Period
from integrity_toolkit.ledger.store import LedgerEntry
from integrity_toolkit.ledger.vocabulary import (
    Completion,
    completion_for_percent,
    parse_completion,
)

__all__ = [
    "RawRow",
    "ReturnProblem",
    "ReturnScope",
    "parse_date",
    "parse_percent",
    "validate_rows",
]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LAST_SERIAL = 2958465  # 9999-12-31
_DATE_FORMS = (
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_CHINESE_DIGITS = {char: n for n, char in enumerate("〇一二三四五六七八九")}
_CHINESE_DIGITS |= {"○": 0, "零": 0}
_CHINESE_TENS = {"十": None, "廿": 2, "卅": 3}
_CHINESE_NUMERAL = re.compile(r"[〇○零一二三四五六七八九十廿卅]+")
_DATE_FIX = "write the date year first, as 2019-12-31 or 2019年12月31日"
_TEXT_FIELDS = ("evidence", "evidence_links", "next_steps", "problems", "reporter")


@dataclass(frozen=True, slots=True)
class ReturnProblem:
    """One problem in a return: where, what value, what is wrong, how to fix it.

    ``row`` is the worksheet's row number as Excel shows it; ``column`` the
    header (or the letter where there is no header); both are None for a
    problem with the whole file.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    problem: str
    fix: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.sheet, self.row) if p)
        column = f" [{self.column}]" if self.column else ""
        value = f" {self.value!r}" if self.value else ""
        return f"{where}{column}{value}: {self.problem}; fix: {self.fix}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RawRow:
    """A worksheet row as read: the cell values by column key, and where it is.

    ``formats`` holds each cell's Excel number format (to tell a percent or a
    date cell); ``headers`` the header each key was read from.
    """

    file: str
    sheet: str
    row: int
    values: dict[str, Any]
    formats: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReturnScope:
    """What one return may speak for.

    A return is one unit's report on one quarter: every row must name the
    ``unit`` and ``period`` the template was written for (when the workbook
    does not record them, those of its first answered row), the period must
    lie between ``first`` and ``last`` (the plan's quarters up to the
    current one: 2018Q4 to 2020Q4 for 東府〔2018〕124號), and a completion
    date cannot fall after the end of the period reported on.

    Examples
    --------
    >>> scope = ReturnScope(Period(2018, 4), Period(2020, 4), "市監委", Period(2019, 4))
    >>> scope.first <= Period(2031, 1) <= scope.last
    False
    """

    first: Period
    last: Period
    unit: str | None = None
    period: Period | None = None


def parse_date(value: Any, number_format: str = "") -> dt.date:
    """Read a date from a cell: a date, an Excel serial number, or text.

    Text is read when the year comes first: ISO (2019-12-31), with slashes
    or dots (2019/12/31, 2019.12.31), compact (20191231) or Chinese
    (2019年12月31日, 二〇一九年十二月三十一日), in full-width digits or not.

    Parameters
    ----------
    value : object
        The cell's value: a ``datetime.date`` or ``datetime.datetime``, an
        Excel serial number (int, float or digits), or text.
    number_format : str, default ""
        The cell's number format; not read here (it keeps one signature with
        :func:`parse_percent`).

    Notes
    -----
    A date with the year last (12/31/2019, 31/12/2019, 01/02/2020) is
    refused, even where only one reading is a date: day-first and
    month-first writers mix in one office, and 01/02/2020 would be a guess.
    The message gives the date (or both dates) to write instead.

    Examples
    --------
    >>> [str(parse_date(v)) for v in (43830, "2019年12月31日", "２０１９/１２/１")]
    ['2019-12-31', '2019-12-31', '2019-12-01']
    >>> str(parse_date("二〇一九年十二月三十一日"))
    '2019-12-31'
    >>> parse_date("01/02/2020")
    Traceback (most recent call last):
    ...
    ValueError: '01/02/2020' puts the year last and could be either of two dates; \
write 2020-02-01 if 01 is the day or write 2020-01-02 if 01 is the month
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if re.fullmatch(r"\d{1,7}(\.\d+)?", text) and len(text.split(".")[0]) != 8:
        return _from_serial(float(text))
    text = _CHINESE_NUMERAL.sub(_arabic, text)
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    year_last = _YEAR_LAST.match(text)
    if year_last:
        raise ValueError(_year_last_problem(value, year_last))
    raise ValueError(f"{value!r} is not a date; {_DATE_FIX}")


def _arabic(match: re.Match[str]) -> str:
    """Chinese numerals in Arabic digits: 二〇一九 is 2019, 三十一 is 31.

    A run that is no number of one or two digits (十十, 二廿) is left as it
    is, so that the date it is in is refused.
    """
    run = match.group()
    marks = [i for i, char in enumerate(run) if char in _CHINESE_TENS]
    if not marks:
        return "".join(str(_CHINESE_DIGITS[char]) for char in run)
    before, mark, after = run[: marks[0]], run[marks[0]], run[marks[0] + 1 :]
    if len(marks) > 1 or len(after) > 1 or len(before) > (mark == "十"):
        return run
    tens = _CHINESE_TENS[mark] or (_CHINESE_DIGITS[before] if before else 1)
    return str(10 * tens + (_CHINESE_DIGITS[after] if after else 0))


def _year_last_problem(value: Any, match: re.Match[str]) -> str:
    """What to say of a date written with the year last, e.g. 12/31/2019."""
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    readings: dict[dt.date, str] = {}
    for day, month, role in ((first, second, "day"), (second, first, "month")):
        try:
            readings.setdefault(dt.date(year, month, day), role)
        except ValueError:
            continue
    if not readings:
        return f"{value!r} is not a date; {_DATE_FIX}"
    if len(readings) == 1:
        only = next(iter(readings))
        return (
            f"{value!r} puts the year last, which returns do not use (day and "
            f"month are too easily swapped); write it year first, as {only} or "
            f"{only.year}年{only.month}月{only.day}日"
        )
    head = match[1]
    return f"{value!r} puts the year last and could be either of two dates; " + (
        " or ".join(f"write {d} if {head} is the {r}" for d, r in readings.items())
    )


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial <= _LAST_SERIAL:
        raise ValueError(f"{serial!r} is not a date; write it as 2019-12-31")
    # Excel counts from 1900-01-00 and believes 1900 was a leap year.
    days = int(serial) if serial >= 61 else int(serial) + 1
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def parse_percent(value: Any, number_format: str = "") -> float:
    """Read a percent (0–100) from a cell: 80, 80%, "80%", 0.8 or "０.８".

    A number in a cell formatted as a percent is a fraction (0.8 shows as
    80%, 1 as 100%); a number above 0 and below 1 elsewhere is read as a
    fraction too; any other number is a percent.

    Parameters
    ----------
    value : object
        The cell's value: a number, or text with or without ``%``, full-width
        digits allowed.
    number_format : str, default ""
        The cell's Excel number format (``0%``); a number in a cell formatted
        as a percent is a fraction.

    Returns
    -------
    float
        The percent; the range is not checked here. Text that is not a number
        raises ValueError.

    Notes
    -----
    1 written without a percent sign, in a cell not formatted as a percent,
    reads as 1%, not 100%. A return row is refused, not guessed, where that
    reading and the row's status disagree but the other reading would agree
    (1 with 已完成, 0.5 with 有限進展): see :func:`validate_rows`.

    Examples
    --------
    >>> [parse_percent(v) for v in (80, "80%", 0.8, "８０％", "0.8")]
    [80.0, 80.0, 80.0, 80.0, 80.0]
    >>> parse_percent(1), parse_percent(1, number_format="0%")
    (1.0, 100.0)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if "%" in number_format or 0 < number < 1:
            return round(number * 100, 6)
        return number
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    percent_sign = text.endswith("%")
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        raise ValueError(
            f"{value!r} is not a percent; write a number from 0 to 100, e.g. 80"
        ) from None
    if not percent_sign and 0 < number < 1:
        return round(number * 100, 6)
    return number


def _bare_fraction(value: Any, number_format: str) -> float | None:
    """A number above 0 and at most 1 with no percent sign or percent format:
    a cell that could be a fraction (0.8 is 80%) or a percent (1 is 1%)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in number_format:
            return None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            return None  # with a percent sign, or no number at all
    return number if 0 < number <= 1 else None


def _two_readings(
    value: Any, number_format: str, status: Completion | None
) -> tuple[str, str] | None:
    """The problem and fix for a bare fraction whose reading the status
    contradicts while its other reading would fit (1 with 已完成)."""
    number = _bare_fraction(value, number_format)
    if number is None or status is None or status is Completion.NO_REPORT:
        return None
    read = parse_percent(value, number_format)
    other = number if read != number else round(number * 100, 6)
    if completion_for_percent(read) is status:
        return None
    if completion_for_percent(other) is not status:
        return None  # neither reading fits: the status band check says so
    return (
        f"{_text(value)!r} could be {number:g}% or {number * 100:g}%, and is "
        f"read as {read:g}%, which does not match the status {status.label}",
        f"write {other:g}% with the percent sign, or {read:g}% and change the status",
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _id_text(value: Any) -> str:
    return unicodedata.normalize("NFKC", _text(value)).replace(" ", "")


def _read_row(raw: RawRow) -> tuple[dict[str, Any] | None, list[ReturnProblem]]:
    """Turn one raw row into plain values, or the problems that stop it."""
    values, problems = raw.values, []

    def problem(key: str, text: str, fix: str) -> None:
        shown = values.get(key)
        problems.append(
            ReturnProblem(
                raw.file,
                raw.sheet,
                raw.row,
                raw.headers.get(key, key),
                _text(shown),
                text,
                fix,
            )
        )

    row: dict[str, Any] = {"unit": _id_text(values.get("unit"))}
    row["clause_id"] = _id_text(values.get("clause_id"))
    for key, label in (("unit", "單位"), ("clause_id", "條款編號")):
        if not row[key]:
            problem(key, f"the row has no {label}", "copy it from the template")
    row["period"] = _read(values, "period", Period.parse, problem)
    row["status"] = _read(values, "status", parse_completion, problem)
    percent_format = raw.formats.get("percent", "")
    row["percent"] = _read(
        values, "percent", lambda v: parse_percent(v, percent_format), problem
    )
    two = _two_readings(values.get("percent"), percent_format, row["status"])
    if two is not None:
        problem("percent", *two)
    row["completed_on"] = _read(values, "completed_on", parse_date, problem)
    for key in _TEXT_FIELDS:
        row[key] = _text(values.get(key))
    if row["status"] is None and not problems:
        problem(
            "status",
            "the row has content but no status",
            "choose a status from the drop-down list, e.g. 實質進展",
        )
    return (None if problems else row), problems


def _read(values: dict[str, Any], key: str, reader: Any, problem: Any) -> Any:
    value = values.get(key)
    if value is None or _text(value) == "":
        return None
    try:
        return reader(value)
    except ValueError as exc:
        message, _, fix = str(exc).partition("; ")
        problem(key, message, fix or "see the instructions sheet")
        return None


def validate_rows(
    rows: Sequence[RawRow], roster: pd.DataFrame, scope: ReturnScope | None = None
) -> tuple[list[LedgerEntry], list[ReturnProblem]]:
    """Check a return's rows; return its entries, or every problem found.

    Parameters
    ----------
    rows : sequence of RawRow
        The rows of one file (blank rows already left out).
    roster : DataFrame
        Who answers for what
        (:func:`~integrity_toolkit.ledger.roster.reporting_roster`).
    scope : ReturnScope, optional
        The unit, period and quarters the return may speak for; unchecked
        when omitted.

    Returns
    -------
    entries, problems
        The ledger entries when ``problems`` is empty; else no entries.

    Notes
    -----
    A percent written as a bare number above 0 and at most 1 (no percent
    sign, no percent format) has two readings, a fraction (0.8 is 80%) and
    a percent (1 is 1%); :func:`parse_percent` takes the fraction below 1
    and the percent at 1. Where the row's status contradicts that reading
    and agrees with the other (1 with 已完成, 0.5 with 有限進展), the row is
    refused with a problem asking for the percent sign.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> from integrity_toolkit.ledger import reporting_roster
    >>> row = RawRow("a.xlsx", "填報", 2, {"unit": "市監委", "period": "2019Q4",
    ...              "clause_id": "2.1.1", "status": "已完成", "percent": 100})
    >>> entries, problems = validate_rows([row], reporting_roster(load_plan()))
    >>> entries, [p.problem for p in problems]
    ([], ['市監委 has no role in clause 2.1.1'])
    """
    read, problems = [], []
    for raw in rows:
        row, found = _read_row(raw)
        problems.extend(found)
        if row is not None:
            read.append((raw, row))
    problems.extend(_check_against_plan(read, roster))
    if scope is not None and read:
        units = set(roster["unit"])
        unit = scope.unit or read[0][1]["unit"]
        period = scope.period or read[0][1]["period"]
        for raw, row in read:
            problems.extend(_out_of_scope(raw, row, units, unit, period, scope))
    if problems:
        return [], problems
    return [_entry(raw, row, roster) for raw, row in read], []


def _out_of_scope(
    raw: RawRow,
    row: dict[str, Any],
    units: set[str],
    unit: str,
    period: Period | None,
    scope: ReturnScope,
) -> list[ReturnProblem]:
    """A row naming another unit or period, or a completion after its period."""

    def problem(key: str, value: Any, text: str, fix: str) -> ReturnProblem:
        column = raw.headers.get(key, key)
        return ReturnProblem(
            raw.file, raw.sheet, raw.row, column, _text(value), text, fix
        )

    found, mine, done = [], row["period"], row["completed_on"]
    if row["unit"] in units and row["unit"] != unit:
        found.append(problem(
            "unit", row["unit"], f"the return is {unit}'s, not {row['unit']}'s",
            f"put back {unit}; {row['unit']} reports in its own template",
        ))  # fmt: skip
    if mine is not None and not scope.first <= mine <= scope.last:
        found.append(problem(
            "period", mine,
            f"the period is outside {scope.first}-{scope.last}, the quarters a "
            "return can report on", f"put back {period or scope.last}",
        ))  # fmt: skip
    elif mine is not None and period is not None and mine != period:
        found.append(problem(
            "period", mine, f"the return is for {period}, not {mine}",
            f"put back {period}; report {mine} in that quarter's template",
        ))  # fmt: skip
    spoken_for = mine or period
    end = spoken_for.end if spoken_for is not None else None
    if done is not None and end is not None and done > end:
        found.append(problem(
            "completed_on", done, f"the completion date is after {end}, the end "
            f"of the period reported on", "correct the date, or report the "
            "completion in the return for the quarter it happened in",
        ))  # fmt: skip
    return found


def _entry(raw: RawRow, row: dict[str, Any], roster: pd.DataFrame) -> LedgerEntry:
    role = roster.loc[
        (roster["unit"] == row["unit"]) & (roster["clause_id"] == row["clause_id"]),
        "role",
    ].iloc[0]
    return LedgerEntry(
        unit=row["unit"],
        clause_id=row["clause_id"],
        period=row["period"],
        completion=row["status"],
        percent=row["percent"],
        completed_on=row["completed_on"],
        role=str(role),
        source_file=raw.file,
        source_sheet=raw.sheet,
        source_row=raw.row,
        **{key: row[key] for key in _TEXT_FIELDS},
    )


def _check_against_plan(
    read: list[tuple[RawRow, dict[str, Any]]], roster: pd.DataFrame
) -> list[ReturnProblem]:
    """Run the pandera schema over the readable rows; one problem per failure."""
    if not read:
        return []
    frame = pd.DataFrame(
        [
            {
                "unit": row["unit"],
                "clause_id": row["clause_id"],
                "period": str(row["period"]) if row["period"] else "",
                "status": row["status"].value if row["status"] else "",
                "percent": row["percent"],
            }
            for _, row in read
        ]
    )
    frame["percent"] = frame["percent"].astype("float64")
    failures = _failures(frame, roster)
    return [
        _problem_of(read[i][0], frame.iloc[i], check, roster) for i, check in failures
    ]


def _schema(roster: pd.DataFrame) -> Any:
    import pandera.pandas as pa

    clauses = set(roster["clause_id"])
    pairs = set(zip(roster["unit"], roster["clause_id"], strict=True))
    units = set(roster["unit"])

    def in_band(frame: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                _in_band(s, p)
                for s, p in zip(frame["status"], frame["percent"], strict=True)
            ],
            index=frame.index,
        )

    def own_clause(frame: pd.DataFrame) -> pd.Series:
        keys = zip(frame["unit"], frame["clause_id"], strict=True)
        known = frame["clause_id"].isin(clauses) & frame["unit"].isin(units)
        return pd.Series([k in pairs for k in keys], index=frame.index) | ~known

    def check(name: str, test: Any) -> Any:
        return pa.Check(test, name=name, error=name)

    return pa.DataFrameSchema(
        {
            "unit": pa.Column(str, check("known_unit", lambda s: s.isin(units))),
            "clause_id": pa.Column(
                str, check("known_clause", lambda s: s.isin(clauses))
            ),
            "period": pa.Column(str, check("period", lambda s: s.str.len() > 0)),
            "percent": pa.Column(
                float,
                check("percent_range", lambda s: s.isna() | s.between(0, 100)),
                nullable=True,
            ),
        },
        checks=[check("own_clause", own_clause), check("status_band", in_band)],
        unique=["unit", "clause_id", "period"],
        report_duplicates="exclude_first",
    )


def _in_band(status: str, percent: float) -> bool:
    if not status or pd.isna(percent) or status == Completion.NO_REPORT.value:
        return True
    if not 0 <= percent <= 100:
        return True  # reported as out of range instead
    return completion_for_percent(percent).value == status


def _failures(frame: pd.DataFrame, roster: pd.DataFrame) -> list[tuple[int, str]]:
    import pandera.errors

    try:
        _schema(roster).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        found = []
        for case in cases.itertuples(index=False):
            if pd.isna(case.index):
                continue
            check = str(case.check)
            if "field_uniqueness" in check or "unique" in check:
                check = "duplicate"
            found.append((int(case.index), check))
        return sorted(set(found))
    return []


def _problem_of(
    raw: RawRow, row: pd.Series, check: str, roster: pd.DataFrame
) -> ReturnProblem:
    unit, clause = row["unit"], row["clause_id"]
    own = roster.loc[roster["unit"] == unit, "clause_id"].tolist()
    messages = {
        "known_unit": (
            "unit",
            unit,
            "no unit of this name answers for any clause",
            "write the unit's name as the plan does, e.g. 市發改局",
        ),
        "known_clause": (
            "clause_id",
            clause,
            "no clause of this id in the plan",
            "use the ids of the template, e.g. 2.2.3-c",
        ),
        "own_clause": (
            "clause_id",
            clause,
            f"{unit} has no role in clause {clause}",
            f"remove the row; {unit} answers for {', '.join(own)}",
        ),
        "percent_range": (
            "percent",
            row["percent"],
            "the percent is outside 0-100",
            "write a number from 0 to 100, e.g. 80",
        ),
        "status_band": (
            "percent",
            row["percent"],
            f"the percent does not match the status {row['status']}",
            "未啟動 is 0, 有限進展 1-49, 實質進展 50-99, 已完成 100;"
            " change the status or the percent",
        ),
        "duplicate": (
            "clause_id",
            clause,
            "the clause appears twice for this period",
            "keep one row per clause and period",
        ),
        "period": ("period", "", "the row has no period", "write it as e.g. 2019Q4"),
    }
    key, value, problem, fix = messages.get(
        check, ("", "", f"failed the check {check}", "see the instructions sheet")
    )
    return ReturnProblem(
        raw.file,
        raw.sheet,
        raw.row,
        raw.headers.get(key, key),
        _text(value),
        problem,
        fix,
    )
