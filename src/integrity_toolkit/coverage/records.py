"""Person-level records of civil servants, read and checked, ids dropped.

A record is one *spell*: a pseudonymous person id, the unit, the date the
person joined it, the date they left (empty while in post) and the date the
person's credit file was created (empty while there is none). A person who
moves between units has one spell per unit; two spells of the same person
next to each other in time, in different units, are a *transfer*.

Records come from CSV, Excel (.xlsx) or Parquet files, or from a pandas or
pyarrow table. Problems are reported, never guessed away: each one becomes
a row of :attr:`Spells.problems` (kind, row, column, value, action,
message), the row as a spreadsheet numbers it (the header is row 1). Rows
with a problem that makes them uncountable are excluded; a credit file
dated before the person first joined is reported and kept.

Person ids are used only to tell spells of one person apart: :class:`Spells`
keeps unit codes and month numbers, and no id, and no problem row shows one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from integrity_toolkit.errors import IntegrityToolkitError

__all__ = [
    "NEVER",
    "PERSON_COLUMNS",
    "CoverageInputError",
    "Problem",
    "Spells",
    "known_units",
    "month_number",
    "problem_rows",
    "read_spells",
    "read_table",
]

log = logging.getLogger(__name__)

#: The columns of person-level records, in order.
PERSON_COLUMNS = ("person_id", "unit", "joined", "left", "file_created")
#: Month number standing for "never" (no leaving date, no credit file).
NEVER = np.int32(2**30)
# Day number standing for an empty date (dates before 1970 are negative).
_NO_DAY = np.int32(-(2**31))
_ISO = "%Y-%m-%d"


class CoverageInputError(IntegrityToolkitError, ValueError):
    """Input that cannot be read at all: a missing file, missing columns.

    Problems of single rows are not errors: they are returned as data.

    Parameters
    ----------
    source : str
        The file or table, as the user named it.
    problems : list of str
        Every problem found.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


class Problem(str, Enum):
    """Kinds of problem in input rows, each with what is done about it."""

    MISSING_ID = "missing_id"
    MISSING_UNIT = "missing_unit"
    UNKNOWN_UNIT = "unknown_unit"
    MISSING_DATE = "missing_date"
    BAD_DATE = "bad_date"
    LEFT_BEFORE_JOINED = "left_before_joined"
    DUPLICATE = "duplicate"
    OVERLAPPING_SPELLS = "overlapping_spells"
    CONFLICTING_FILE_DATES = "conflicting_file_dates"
    FILE_BEFORE_JOINING = "file_before_joining"
    NOT_MONTH_END = "not_month_end"
    BAD_COUNT = "bad_count"
    FILES_EXCEED_HEADCOUNT = "files_exceed_headcount"

    def __str__(self) -> str:
        return self.value


_MESSAGES = {
    Problem.MISSING_ID: "no person id; give the pseudonymous id of the person",
    Problem.MISSING_UNIT: "no unit; name the unit as the plan does, e.g. 市人力資源局",
    Problem.UNKNOWN_UNIT: "unit not among the known units; correct its name or "
    "pass it in known_units",
    Problem.MISSING_DATE: "no date; every spell needs the date the person joined",
    Problem.BAD_DATE: "not a date; write it as YYYY-MM-DD, e.g. 2019-01-31",
    Problem.LEFT_BEFORE_JOINED: "left before joined; correct one of the two dates",
    Problem.DUPLICATE: "same spell as an earlier row; the earlier row is kept",
    Problem.OVERLAPPING_SPELLS: "the person is in two spells at once; every "
    "spell of this person is left out until the dates are corrected",
    Problem.CONFLICTING_FILE_DATES: "the person's spells give different credit-file "
    "dates; every spell of this person is left out until they agree",
    Problem.FILE_BEFORE_JOINING: "credit file dated before the person first joined; "
    "kept (covered from joining), check the date",
    Problem.NOT_MONTH_END: "not a month end; counts are read as at a month end, "
    "e.g. 2019-01-31",
    Problem.BAD_COUNT: "not a whole number of people 0 or more",
    Problem.FILES_EXCEED_HEADCOUNT: "more files than people; correct either count",
}
_KEPT = frozenset({Problem.FILE_BEFORE_JOINING})


@dataclass(frozen=True, slots=True, eq=False)
class Spells:
    """Checked spells as codes: what coverage is computed from.

    ``unit`` holds codes into ``units``; ``joined``, ``left`` and ``file``
    hold month numbers (:func:`month_number`), :data:`NEVER` when empty.
    ``transfer_in`` marks a spell that follows the same person's spell in
    another unit, ``transfer_out`` the spell it follows.
    """

    units: tuple[str, ...]
    unit: np.ndarray
    joined: np.ndarray
    left: np.ndarray
    file: np.ndarray
    transfer_in: np.ndarray
    transfer_out: np.ndarray
    problems: pd.DataFrame = field(repr=False)
    source: str = "<table>"

    def __len__(self) -> int:
        return len(self.unit)


def month_number(day: dt.date | np.ndarray) -> Any:
    """Months since January 1970 (0) of a date, or of days since 1970-01-01.

    Examples
    --------
    >>> month_number(dt.date(1970, 1, 31)), month_number(dt.date(2020, 12, 1))
    (0, 611)
    """
    if isinstance(day, dt.date):
        return (day.year - 1970) * 12 + day.month - 1
    months = day.astype("datetime64[D]").astype("datetime64[M]")
    return months.astype(np.int32)


def known_units(extra: Iterable[str] = ()) -> frozenset[str]:
    """The units named in the bundled plan, with any further names.

    Examples
    --------
    >>> units = known_units(["鎮人力資源分局"])
    >>> "市人力資源局" in units, "鎮人力資源分局" in units, "各部門" in units
    (True, True, True)
    """
    return _plan_units() | frozenset(extra)


@lru_cache(maxsize=1)
def _plan_units() -> frozenset[str]:
    from integrity_toolkit.bundled import load_plan

    return frozenset(a.unit for c in load_plan().clauses() for a in c.assignments)


def read_table(
    source: str | Path | pd.DataFrame | pa.Table, columns: tuple[str, ...]
) -> tuple[pa.Table, str]:
    """Read a CSV, Excel or Parquet file (or take a table) as an Arrow table.

    Parameters
    ----------
    source : path, DataFrame or pyarrow Table
        ``.csv`` (UTF-8), ``.xlsx`` / ``.xlsm`` or ``.parquet``.
    columns : tuple of str
        The columns to read; a missing one raises.

    Returns
    -------
    (pyarrow.Table, str)
        The columns in order, and a name for the source in messages.

    Raises
    ------
    CoverageInputError
        The file is missing, of another kind, or lacks a column.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["市人力資源局"], "extra": [1]})
    >>> read_table(frame, ("unit",))[0].column_names
    ['unit']
    """
    if isinstance(source, pa.Table | pd.DataFrame):
        name = "<table>"
        table = source if isinstance(source, pa.Table) else _from_pandas(source)
    else:
        name = str(source)
        table = _read_file(Path(source))
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise CoverageInputError(
            name,
            [
                f"missing column(s) {', '.join(missing)}; expected the columns "
                f"{', '.join(columns)} (found {', '.join(table.column_names)})"
            ],
        )
    return table.select(list(columns)), name


def _read_file(path: Path) -> pa.Table:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CoverageInputError(str(path), ["no such file; check the path"])
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path)
    if suffix == ".csv":
        return _from_pandas(pd.read_csv(path, dtype=str, encoding="utf-8"))
    if suffix in (".xlsx", ".xlsm"):
        return _from_pandas(pd.read_excel(path, dtype=object).map(_cell_text))
    raise CoverageInputError(
        str(path),
        [f"cannot read a {suffix or 'suffix-less'} file; give .csv, .xlsx or .parquet"],
    )


def _cell_text(value: Any) -> Any:
    """An Excel cell as text: dates as YYYY-MM-DD, empty cells as None."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return value.strftime(_ISO)
    return str(value)


def _from_pandas(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def read_spells(
    source: str | Path | pd.DataFrame | pa.Table,
    units: Iterable[str] | None = None,
) -> Spells:
    """Read person-level records, report their problems, keep codes only.

    Parameters
    ----------
    source : path, DataFrame or pyarrow Table
        Columns ``person_id``, ``unit``, ``joined``, ``left``,
        ``file_created``; dates as dates or as YYYY-MM-DD text.
    units : iterable of str, optional
        The known units; by default :func:`known_units` (those the bundled
        plan names). A unit outside them is reported and its rows left out.

    Returns
    -------
    Spells
        The countable spells and every problem found.

    Examples
    --------
    >>> records = pd.DataFrame({
    ...     "person_id": ["a", "b", "b"],
    ...     "unit": ["市人力資源局", "市人力資源局", "市發改局"],
    ...     "joined": ["2019-01-10", "2019-01-10", "2019-03-01"],
    ...     "left": [None, "2019-03-01", None],
    ...     "file_created": ["2019-02-01", None, None]})
    >>> spells = read_spells(records)
    >>> len(spells), spells.transfer_in.tolist(), spells.problems.empty
    (3, [False, False, True], True)
    """
    table, name = read_table(source, PERSON_COLUMNS)
    allowed = known_units() if units is None else frozenset(units)
    n = table.num_rows
    found: list[tuple[Problem, str, np.ndarray]] = []
    person = _codes(table.column("person_id"))
    unit, names = _unit_codes(table.column("unit"))
    days = {
        c: _days(table.column(c), c, found) for c in ("joined", "left", "file_created")
    }
    found.append((Problem.MISSING_ID, "person_id", np.flatnonzero(person < 0)))
    found += _unit_problems(unit, names, allowed)
    no_join = days["joined"] == _NO_DAY
    for kind, column, rows in found:
        if kind is Problem.BAD_DATE and column == "joined":
            no_join[rows] = False  # unreadable, not missing: reported once
    found.append((Problem.MISSING_DATE, "joined", np.flatnonzero(no_join)))
    left_early = (days["left"] != _NO_DAY) & (days["left"] < days["joined"])
    found.append((Problem.LEFT_BEFORE_JOINED, "left", np.flatnonzero(left_early)))

    excluded = np.zeros(n, dtype=bool)
    for _kind, _column, rows in found:
        excluded[rows] = True
    kept = np.flatnonzero(~excluded)
    order, person_found, flags = _check_people(person, days, unit, kept)
    found += person_found
    keep = order[~flags["excluded"]]
    problems = problem_rows(found, table)
    _log_problems(name, problems)
    codes, used = _used_units(unit[keep], names)
    return Spells(
        units=used,
        unit=codes,
        joined=_months(days["joined"][keep]),
        left=_months(days["left"][keep]),
        file=_months(days["file_created"][keep]),
        transfer_in=flags["transfer_in"][~flags["excluded"]],
        transfer_out=flags["transfer_out"][~flags["excluded"]],
        problems=problems,
        source=name,
    )


def _codes(column: pa.ChunkedArray) -> np.ndarray:
    """Integer codes of person ids, -1 where missing.

    Small non-negative integer ids serve as their own codes; any other id
    is replaced by its position in a dictionary of the ids.
    """
    if pa.types.is_integer(column.type):
        low, high = pc.min_max(column).values()
        if low.as_py() is not None and low.as_py() >= 0 and high.as_py() < 2**37:
            return pc.fill_null(column, -1).to_numpy().astype(np.int64)
    else:
        column = pc.utf8_trim_whitespace(pc.cast(column, pa.string()))
        column = pc.if_else(pc.equal(column, ""), None, column)
    indices = pc.dictionary_encode(column).combine_chunks().indices
    return pc.fill_null(indices, -1).to_numpy().astype(np.int64)


def _unit_codes(column: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Unit codes (-1 where missing) and the names, trimmed, that they stand for.

    Names are trimmed on the dictionary of distinct values, so a Parquet
    column stored as a dictionary is never turned into millions of strings.
    """
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(pc.cast(column, pa.string()))
    encoded = column.unify_dictionaries().combine_chunks()
    words = pc.utf8_trim_whitespace(pc.cast(encoded.dictionary, pa.string()))
    codes, names = pd.factorize(pd.Series([w or None for w in words.to_pylist()]))
    mapping = np.append(codes, -1).astype(np.int32)  # index -1 (missing) stays -1
    indices = pc.fill_null(encoded.indices, -1).to_numpy()
    return mapping[indices], [str(n) for n in names]


def _used_units(
    codes: np.ndarray, names: list[str]
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Renumber unit codes so that only units with a countable spell remain."""
    present = np.bincount(codes, minlength=len(names)) > 0
    renumber = (np.cumsum(present) - 1).astype(np.int32)
    return renumber[codes], tuple(n for n, p in zip(names, present, strict=True) if p)


def _unit_problems(
    unit: np.ndarray, names: list[str], allowed: frozenset[str]
) -> list[tuple[Problem, str, np.ndarray]]:
    unknown = np.array([name not in allowed for name in names] + [False])
    return [
        (Problem.MISSING_UNIT, "unit", np.flatnonzero(unit < 0)),
        (Problem.UNKNOWN_UNIT, "unit", np.flatnonzero(unknown[unit])),
    ]


def _days(
    column: pa.ChunkedArray, name: str, found: list[tuple[Problem, str, np.ndarray]]
) -> np.ndarray:
    """Days since 1970-01-01, ``_NO_DAY`` where empty; bad dates are reported."""
    kind = column.type
    if (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_null(kind)
    ):
        text = pc.utf8_trim_whitespace(pc.cast(column, pa.string()))
        text = pc.if_else(pc.equal(text, ""), None, text)
        parsed = pc.strptime(text, format=_ISO, unit="s", error_is_null=True)
        bad = pc.and_(pc.is_valid(text), pc.is_null(parsed))
        found.append((Problem.BAD_DATE, name, np.flatnonzero(bad.to_numpy())))
        column = parsed
    day = pc.cast(pc.cast(column, pa.date32()), pa.int32())
    return pc.fill_null(day, _NO_DAY).to_numpy().astype(np.int32)


def _months(days: np.ndarray) -> np.ndarray:
    months = month_number(np.where(days == _NO_DAY, 0, days))
    return np.where(days == _NO_DAY, NEVER, months).astype(np.int32)


def _check_people(
    person: np.ndarray,
    days: dict[str, np.ndarray],
    unit: np.ndarray,
    rows: np.ndarray,
) -> tuple[np.ndarray, list[tuple[Problem, str, np.ndarray]], dict[str, np.ndarray]]:
    """Duplicates, overlaps, file-date conflicts and transfers, per person.

    Rows are sorted by person and joining date; each check compares a spell
    with the one before it. Returns the sorted rows, the problems, and flags
    (``excluded``, ``transfer_in``, ``transfer_out``) in sorted order.
    """
    if len(rows) == 0:
        nothing = np.zeros(0, dtype=bool)
        flags = {"excluded": nothing, "transfer_in": nothing, "transfer_out": nothing}
        return rows, [], flags
    joined = days["joined"][rows].astype(np.int64) + (1 << 24)
    left = np.where(days["left"][rows] == _NO_DAY, NEVER, days["left"][rows])
    key = person[rows] * (1 << 25) + joined
    sort = np.argsort(key, kind="stable")
    order = rows[sort]
    del key, joined
    p, j = person[order], days["joined"][order]
    le, f, u = left[sort], days["file_created"][order], unit[order]
    same = np.r_[False, p[1:] == p[:-1]]
    dup = same & np.r_[False, (j[1:] == j[:-1]) & (le[1:] == le[:-1])]
    dup &= np.r_[False, (f[1:] == f[:-1]) & (u[1:] == u[:-1])]
    live = ~dup
    p, j, le, f, u, order_live = (
        p[live],
        j[live],
        le[live],
        f[live],
        u[live],
        order[live],
    )
    same = np.r_[False, p[1:] == p[:-1]]
    overlap = same & np.r_[False, j[1:] < le[:-1]]
    conflict = same & np.r_[False, f[1:] != f[:-1]]
    bad_overlap = _whole_person(p, overlap)
    bad_conflict = _whole_person(p, conflict) & ~bad_overlap
    first = ~same
    early = first & (f != _NO_DAY) & (f < j) & ~bad_overlap & ~bad_conflict
    moved = same & np.r_[False, u[1:] != u[:-1]] & ~bad_overlap & ~bad_conflict
    excluded = dup.copy()
    excluded[live] = bad_overlap | bad_conflict
    transfer_in = np.zeros(len(order), dtype=bool)
    transfer_in[live] = moved
    transfer_out = np.zeros(len(order), dtype=bool)
    transfer_out[np.flatnonzero(live)[np.flatnonzero(moved) - 1]] = True
    problems = [
        (Problem.DUPLICATE, "person_id", order[dup]),
        (Problem.OVERLAPPING_SPELLS, "joined", order_live[bad_overlap]),
        (Problem.CONFLICTING_FILE_DATES, "file_created", order_live[bad_conflict]),
        (Problem.FILE_BEFORE_JOINING, "file_created", order_live[early]),
    ]
    flags = {
        "excluded": excluded,
        "transfer_in": transfer_in,
        "transfer_out": transfer_out,
    }
    return order, problems, flags


def _whole_person(person: np.ndarray, flagged: np.ndarray) -> np.ndarray:
    """Spread a flag on some spells to every spell of the same (sorted) person."""
    if not flagged.any():
        return np.zeros(len(person), dtype=bool)
    return np.isin(person, person[flagged])


def problem_rows(
    found: list[tuple[Problem, str, np.ndarray]], table: pa.Table | pd.DataFrame
) -> pd.DataFrame:
    """One row per problem, in row order; values shown, person ids never.

    Parameters
    ----------
    found : list of (Problem, column, positions)
        Each kind of problem with the column it is in and the 0-based
        positions of the input rows that have it.
    table : pyarrow Table or DataFrame
        The input, to show the offending values.

    Examples
    --------
    >>> frame = pd.DataFrame({"date": ["2019-01-30"]})
    >>> problem_rows([(Problem.NOT_MONTH_END, "date", np.array([0]))], frame)[
    ...     ["row", "kind", "value", "action"]].values.tolist()
    [[2, 'not_month_end', '2019-01-30', 'excluded']]
    """
    parts = []
    for kind, column, rows in found:
        if len(rows) == 0:
            continue
        rows = np.sort(rows)
        values = (
            [None] * len(rows) if column == "person_id" else _shown(table, column, rows)
        )
        parts.append(
            pd.DataFrame(
                {
                    "row": rows + 2,
                    "column": column,
                    "kind": kind.value,
                    "value": values,
                    "action": "kept" if kind in _KEPT else "excluded",
                    "message": _MESSAGES[kind],
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            columns=["row", "column", "kind", "value", "action", "message"]
        )
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["row", "column"], kind="stable", ignore_index=True)


def _shown(table: pa.Table | pd.DataFrame, column: str, rows: np.ndarray) -> list[Any]:
    if isinstance(table, pd.DataFrame):
        return [None if pd.isna(v) else str(v) for v in table[column].iloc[rows]]
    return pc.cast(table.column(column).take(pa.array(rows)), pa.string()).to_pylist()


def _log_problems(name: str, problems: pd.DataFrame) -> None:
    if problems.empty:
        return
    counts = problems["kind"].value_counts().to_dict()
    log.warning("%s: %d problem(s) in the records: %s", name, len(problems), counts)
