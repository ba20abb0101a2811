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

import contextlib
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from integrity_toolkit._enums import CodeEnum
from integrity_toolkit.errors import IntegrityToolkitError

__all__ = [
    "NEVER",
    "PERSON_COLUMNS",
    "CoverageInputError",
    "Problem",
    "Spells",
    "known_units",
    "log_problems",
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


class Problem(CodeEnum):
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
    """Checked spells as codes, one per input row: what coverage counts.

    ``unit`` holds codes into ``units``; a row left out for a problem holds
    ``len(units)`` instead. ``joined``, ``left`` and ``file`` hold month
    numbers (:func:`month_number`), :data:`NEVER` when empty.
    ``transfer_in`` lists the rows that follow the same person's spell in
    another unit, ``transfer_out`` the rows they follow.
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
        """The number of countable spells (rows not left out)."""
        return int(np.count_nonzero(self.unit < len(self.units)))


def month_number(day: dt.date | np.ndarray) -> Any:
    """Months since January 1970 (0) of a date, or of days since 1970-01-01.

    Parameters
    ----------
    day : datetime.date or numpy.ndarray
        A date, or an array of days since 1970-01-01 (or ``datetime64``).

    Returns
    -------
    int or numpy.ndarray
        The month number, an ``int32`` array for an array.

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

    Parameters
    ----------
    extra : iterable of str, default ()
        Further unit names to accept.

    Examples
    --------
    >>> units = known_units(["鎮人力資源分局"])
    >>> "市人力資源局" in units, "鎮人力資源分局" in units, "各部門" in units
    (True, True, True)
    """
    return _plan_units() | frozenset(extra)


def _plan_units() -> frozenset[str]:
    from integrity_toolkit.coverage.targets import bundled_plan

    return frozenset(a.unit for c in bundled_plan().clauses() for a in c.assignments)


def read_table(
    source: str | Path | pd.DataFrame | pa.Table, columns: tuple[str, ...]
) -> tuple[pa.Table, str]:
    """Read a CSV, Excel or Parquet file (or take a table) as an Arrow table.

    Parameters
    ----------
    source : path, DataFrame or pyarrow Table
        ``.csv`` (UTF-8, GB18030 or Big5, detected as for plans),
        ``.xlsx`` / ``.xlsm`` or ``.parquet``.
    columns : tuple of str
        The columns to read; a missing one raises.

    Returns
    -------
    (pyarrow.Table, str)
        The columns in order, and a name for the source in messages.

    Raises
    ------
    CoverageInputError
        The file is missing, a folder, empty, damaged, of another kind, or
        lacks a column.

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
    _check_columns(name, table.column_names, columns)
    return table.select(list(columns)), name


def _check_columns(name: str, found: list[str], columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in found]
    if missing:
        raise CoverageInputError(
            name,
            [
                f"missing column(s) {', '.join(missing)}; expected the columns "
                f"{', '.join(columns)} (found {', '.join(found)})"
            ],
        )


def _read_file(path: Path) -> pa.Table:
    suffix = path.suffix.lower()
    _check_file(path)
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        with _unreadable(path, _NOT_PARQUET):
            return pq.read_table(path)
    if suffix == ".csv":
        return _from_pandas(_read_csv(path))
    if suffix in (".xlsx", ".xlsm"):
        with _unreadable(path, _NOT_EXCEL):
            frame = pd.read_excel(path, dtype=object)
        return _from_pandas(frame.map(_cell_text))
    raise CoverageInputError(
        str(path),
        [f"cannot read a {suffix or 'suffix-less'} file; give .csv, .xlsx or .parquet"],
    )


_NOT_PARQUET = (
    "is not a readable Parquet file; write it again with pandas or pyarrow "
    "(DataFrame.to_parquet), or give the records as .csv or .xlsx"
)
_NOT_EXCEL = (
    "is not a readable Excel workbook (empty or damaged); open it in Excel and "
    "save it again as .xlsx, or export the sheet as .csv"
)


def _check_file(path: Path) -> None:
    """Refuse a missing path or a folder, naming which it is."""
    if path.is_dir():
        raise CoverageInputError(
            str(path), ["is a folder; name a .csv, .xlsx or .parquet file inside it"]
        )
    if not path.is_file():
        raise CoverageInputError(str(path), ["no such file; check the path"])


@contextlib.contextmanager
def _unreadable(path: Path, problem: str) -> Iterator[None]:
    """Turn a reader's failure on a damaged file into a one-line error."""
    try:
        yield
    except (ValueError, OSError, KeyError, zipfile.BadZipFile) as exc:
        log.debug("%s: %s", path, exc)
        raise CoverageInputError(str(path), [problem]) from None


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV file as text cells, in UTF-8, GB18030 or Big5 (detected)."""
    from integrity_toolkit.errors import DocumentReadError
    from integrity_toolkit.reading import decode_plan_bytes

    data = path.read_bytes()
    if not data.strip():
        raise CoverageInputError(
            str(path),
            [
                "the file is empty; export it again, or write a header row "
                "(the column names) and then one row per record"
            ],
        )
    try:
        text = decode_plan_bytes(data, str(path))
    except DocumentReadError:
        raise CoverageInputError(
            str(path),
            [
                "is neither UTF-8, GB18030 nor Big5 text; save it from the "
                'spreadsheet as "CSV UTF-8" and try again'
            ],
        ) from None
    try:
        return pd.read_csv(io.StringIO(text), dtype=str)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise CoverageInputError(
            str(path),
            [
                f"is not a readable CSV file ({str(exc).strip()}); save it again "
                "from the spreadsheet as CSV with a header row"
            ],
        ) from None


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

    Notes
    -----
    A Parquet file is read one column at a time and each column turned into
    a compact array before the next is read; rows are then checked in
    blocks, and only the rows of people with more than one row are sorted.
    So the memory needed stays near the size of the input.

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
    (3, [2], True)
    """
    records = _source(source, PERSON_COLUMNS)
    name = records.name
    allowed = known_units() if units is None else frozenset(units)
    found: list[_Found] = []
    person = _codes(records)
    unit, names = _unit_codes(records)
    days = {c: _days(records, c, found) for c in ("joined", "left", "file_created")}
    found += _row_problems(person, unit, names, allowed, days, found)
    excluded = np.zeros(len(person), dtype=bool)
    for item in found:
        excluded[item[2]] = True

    multi = _repeated(person, excluded)
    order, person_found, flags = _check_people(
        person, days, unit, np.flatnonzero(multi)
    )
    del person
    found += person_found
    excluded[order[flags["excluded"]]] = True
    early = ~multi & ~excluded & (days["file_created"] != _NO_DAY)
    early &= days["file_created"] < days["joined"]
    found.append((Problem.FILE_BEFORE_JOINING, "file_created", np.flatnonzero(early)))
    del multi, early

    problems = problem_rows(found, _Values(names, unit, days))
    log_problems(name, problems)
    used = _drop_units(unit, names, excluded)
    return Spells(
        units=used,
        unit=unit,
        joined=_months(days.pop("joined")),
        left=_months(days.pop("left")),
        file=_months(days.pop("file_created")),
        transfer_in=order[flags["transfer_in"]],
        transfer_out=order[flags["transfer_out"]],
        problems=problems,
        source=name,
    )


# A problem found: its kind, the column, the rows (0-based), and the values
# as written where they cannot be rebuilt from the arrays (unreadable dates).
_Found = tuple[Problem, str, np.ndarray] | tuple[Problem, str, np.ndarray, list[Any]]
_BLOCK = 1 << 20
# Rows read from a Parquet file at a time: few, so that Arrow's buffers stay
# small beside the arrays they are copied into.
_READ_BLOCK = 1 << 16


@dataclass(frozen=True, slots=True)
class _Source:
    """Where records come from: a name, the number of rows, and the columns.

    ``blocks(column)`` yields the column's values a block of rows at a time
    (a Parquet file is read block by block, never whole); ``column(name)``
    gives it whole.
    """

    name: str
    rows: int
    blocks: Callable[[str], Iterator[pa.Array]]
    column: Callable[[str], pa.ChunkedArray]


def _source(
    source: str | Path | pd.DataFrame | pa.Table, columns: tuple[str, ...]
) -> _Source:
    if isinstance(source, str | Path) and Path(source).suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        path = Path(source)
        _check_file(path)
        with _unreadable(path, _NOT_PARQUET):
            parquet = pq.ParquetFile(path)
        _check_columns(str(path), parquet.schema_arrow.names, columns)
        return _Source(
            str(path),
            parquet.metadata.num_rows,
            lambda c: (
                b.column(0) for b in parquet.iter_batches(_READ_BLOCK, columns=[c])
            ),
            lambda c: pq.read_table(path, columns=[c]).column(c),
        )
    table, name = read_table(source, columns)
    return _Source(
        name, table.num_rows, lambda c: iter(table.column(c).chunks), table.column
    )


def _row_problems(
    person: np.ndarray,
    unit: np.ndarray,
    names: list[str],
    allowed: frozenset[str],
    days: dict[str, np.ndarray],
    found: list[_Found],
) -> list[_Found]:
    """Problems of single rows: missing id, unit or date, unknown unit, order."""
    no_join = days["joined"] == _NO_DAY
    for item in found:
        if item[0] is Problem.BAD_DATE and item[1] == "joined":
            no_join[item[2]] = False  # unreadable, not missing: reported once
    unknown = np.array([name not in allowed for name in names] + [False])
    left_early = (days["left"] != _NO_DAY) & (days["left"] < days["joined"])
    return [
        (Problem.MISSING_ID, "person_id", np.flatnonzero(person < 0)),
        (Problem.MISSING_UNIT, "unit", np.flatnonzero(unit < 0)),
        (Problem.UNKNOWN_UNIT, "unit", np.flatnonzero(unknown[unit])),
        (Problem.MISSING_DATE, "joined", np.flatnonzero(no_join)),
        (Problem.LEFT_BEFORE_JOINED, "left", np.flatnonzero(left_early)),
    ]


def _codes(records: _Source) -> np.ndarray:
    """Integer codes of person ids, -1 where missing.

    Small non-negative integer ids serve as their own codes, copied block by
    block; any other id is replaced by its position in a dictionary of the
    ids (which needs the whole column at once).
    """
    codes = np.empty(records.rows, dtype=np.int64)
    at = 0
    for block in records.blocks("person_id"):
        if pa.types.is_null(block.type):
            codes[at : at + len(block)] = -1
            at += len(block)
            continue
        if not pa.types.is_integer(block.type):
            break
        low, high = (v.as_py() for v in pc.min_max(block).values())
        if low is not None and (low < 0 or high >= 2**37):
            break
        values = pc.fill_null(block, -1).to_numpy(zero_copy_only=False)
        codes[at : at + len(block)] = values
        at += len(block)
    else:
        return codes
    column = records.column("person_id")
    if not pa.types.is_integer(column.type):
        column = pc.utf8_trim_whitespace(pc.cast(column, pa.string()))
        column = pc.if_else(pc.equal(column, ""), None, column)
    indices = pc.dictionary_encode(column).combine_chunks().indices
    return pc.fill_null(indices, -1).to_numpy().astype(np.int64)


def _unit_codes(records: _Source) -> tuple[np.ndarray, list[str]]:
    """Unit codes (-1 where missing) and the names, trimmed, that they stand for.

    Names are trimmed on each block's dictionary of distinct values, so a
    column stored as a dictionary is never turned into millions of strings.
    """
    codes = np.empty(records.rows, dtype=np.int32)
    known: dict[str, int] = {}
    at = 0
    for block in records.blocks("unit"):
        if not pa.types.is_dictionary(block.type):
            block = pc.dictionary_encode(pc.cast(block, pa.string()))
        words = pc.utf8_trim_whitespace(pc.cast(block.dictionary, pa.string()))
        mapping = [
            known.setdefault(w, len(known)) if w else -1 for w in words.to_pylist()
        ]
        lookup = np.array([*mapping, -1], dtype=np.int32)  # index -1: missing
        indices = pc.fill_null(block.indices, -1).to_numpy(zero_copy_only=False)
        codes[at : at + len(block)] = lookup[indices]
        at += len(block)
    return codes, list(known)


def _days(records: _Source, name: str, found: list[_Found]) -> np.ndarray:
    """Days since 1970-01-01, ``_NO_DAY`` where empty; bad dates are reported."""
    days = np.empty(records.rows, dtype=np.int32)
    bad_rows: list[np.ndarray] = []
    bad_text: list[Any] = []
    at = 0
    for block in records.blocks(name):
        kind = block.type
        if (
            pa.types.is_string(kind)
            or pa.types.is_large_string(kind)
            or (pa.types.is_null(kind))
        ):
            text = pc.utf8_trim_whitespace(pc.cast(block, pa.string()))
            text = pc.if_else(pc.equal(text, ""), None, text)
            parsed = pc.strptime(text, format=_ISO, unit="s", error_is_null=True)
            bad = np.flatnonzero(
                pc.and_(pc.is_valid(text), pc.is_null(parsed)).to_numpy(
                    zero_copy_only=False
                )
            )
            bad_rows.append(bad + at)
            bad_text += text.take(pa.array(bad, type=pa.int64())).to_pylist()
            block = parsed
        day = pc.cast(pc.cast(block, pa.date32()), pa.int32())
        days[at : at + len(block)] = pc.fill_null(day, _NO_DAY).to_numpy(
            zero_copy_only=False
        )
        at += len(block)
    rows = np.concatenate(bad_rows) if bad_rows else np.zeros(0, dtype=np.int64)
    found.append((Problem.BAD_DATE, name, rows, bad_text))
    return days


def _months(days: np.ndarray) -> np.ndarray:
    """Turn days into month numbers in place, block by block; NEVER if empty."""
    for start in range(0, len(days), _BLOCK):
        block = days[start : start + _BLOCK]
        empty = block == _NO_DAY
        block[:] = month_number(np.where(empty, 0, block))
        block[empty] = NEVER
    return days


def _repeated(person: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """Rows whose person has more than one row not left out."""
    ids = person[~excluded]
    ids.sort()
    twice = np.unique(ids[1:][ids[1:] == ids[:-1]])
    del ids
    multi = np.zeros(len(person), dtype=bool)
    if len(twice) == 0:
        return multi
    for start in range(0, len(person), _BLOCK):
        block = person[start : start + _BLOCK]
        at = np.minimum(np.searchsorted(twice, block), len(twice) - 1)
        multi[start : start + _BLOCK] = twice[at] == block
    return multi & ~excluded


def _check_people(
    person: np.ndarray,
    days: dict[str, np.ndarray],
    unit: np.ndarray,
    rows: np.ndarray,
) -> tuple[np.ndarray, list[_Found], dict[str, np.ndarray]]:
    """Duplicates, overlaps, file-date conflicts and transfers, per person.

    ``rows`` are the rows of people with more than one row. They are sorted
    by person and joining date; each check compares a spell with the one
    before it (enough: spells sorted by start overlap somewhere exactly when
    two neighbours do). Returns the sorted rows, the problems, and flags
    (``excluded``, ``transfer_in``, ``transfer_out``) in sorted order.
    """
    key = person[rows] * (1 << 25) + days["joined"][rows].astype(np.int64) + (1 << 24)
    order = rows[np.argsort(key, kind="stable")]
    del key
    columns = (person, days["joined"], _ends(days["left"]), days["file_created"], unit)
    dup = _same(person[order])
    for values in columns[1:]:
        dup &= _same(values[order])
    live = order[~dup]
    found, fine, moved = _person_checks(live, *columns)

    excluded = dup.copy()
    excluded[~dup] = ~fine
    transfer_in = np.zeros(len(order), dtype=bool)
    transfer_in[~dup] = moved
    transfer_out = np.zeros(len(order), dtype=bool)
    transfer_out[np.flatnonzero(~dup)[np.flatnonzero(moved) - 1]] = True
    found.insert(0, (Problem.DUPLICATE, "person_id", order[dup]))
    flags = {"excluded": excluded, "transfer_in": transfer_in}
    flags["transfer_out"] = transfer_out
    return order, found, flags


def _ends(left: np.ndarray) -> np.ndarray:
    """Leaving days with :data:`NEVER` for no leaving date (sorts last)."""
    return np.where(left == _NO_DAY, NEVER, left)


def _person_checks(
    rows: np.ndarray,
    person: np.ndarray,
    joined: np.ndarray,
    left: np.ndarray,
    filed: np.ndarray,
    unit: np.ndarray,
) -> tuple[list[_Found], np.ndarray, np.ndarray]:
    """Overlaps, conflicting file dates, early files and transfers.

    ``rows`` are sorted by person and joining date, duplicates removed.
    Returns the problems, whether each row is fine, and whether it is a
    transfer in (a fine spell after the same person's spell in another unit).
    """
    p, j, f = person[rows], joined[rows], filed[rows]
    same = _same(p)
    early_start = np.zeros(len(rows), dtype=bool)  # starts before the last one ends
    early_start[1:] = j[1:] < left[rows][:-1]
    overlap = _whole_person(p, same & early_start)
    conflict = _whole_person(p, same & ~_same(f)) & ~overlap
    fine = ~overlap & ~conflict
    early = ~same & (f != _NO_DAY) & (f < j) & fine
    found: list[_Found] = [
        (Problem.OVERLAPPING_SPELLS, "joined", rows[overlap]),
        (Problem.CONFLICTING_FILE_DATES, "file_created", rows[conflict]),
        (Problem.FILE_BEFORE_JOINING, "file_created", rows[early]),
    ]
    return found, fine, same & ~_same(unit[rows]) & fine


def _same(values: np.ndarray) -> np.ndarray:
    """Whether each value equals the one before it (False for the first)."""
    same = np.zeros(len(values), dtype=bool)
    same[1:] = values[1:] == values[:-1]
    return same


def _whole_person(person: np.ndarray, flagged: np.ndarray) -> np.ndarray:
    """Spread a flag on some spells to every spell of the same (sorted) person."""
    if not flagged.any():
        return np.zeros(len(person), dtype=bool)
    return np.isin(person, person[flagged])


def _drop_units(
    unit: np.ndarray, names: list[str], excluded: np.ndarray
) -> tuple[str, ...]:
    """Renumber units in place so that only units with a countable row remain.

    Rows left out get the code ``len(used)``, one past the last unit.
    """
    present = np.zeros(len(names) + 1, dtype=bool)
    for start in range(0, len(unit), _BLOCK):
        block = unit[start : start + _BLOCK]
        present[np.unique(block[~excluded[start : start + _BLOCK]])] = True
    present = present[:-1]  # the slot of code -1 (missing unit)
    renumber = np.where(present, np.cumsum(present) - 1, present.sum())
    renumber = np.append(renumber, present.sum()).astype(np.int32)
    for start in range(0, len(unit), _BLOCK):
        block = unit[start : start + _BLOCK]
        block[excluded[start : start + _BLOCK]] = -1
        block[:] = renumber[block]
    return tuple(n for n, keep in zip(names, present, strict=True) if keep)


class _Values:
    """The values of problem rows, rebuilt from the arrays (never person ids)."""

    def __init__(
        self, names: list[str], unit: np.ndarray, days: dict[str, np.ndarray]
    ) -> None:
        self.names, self.unit, self.days = names, unit, days

    def shown(self, column: str, rows: np.ndarray) -> list[Any]:
        if column == "person_id":
            return [None] * len(rows)
        if column == "unit":
            return [self.names[c] if c >= 0 else None for c in self.unit[rows]]
        return [_iso(int(d)) for d in self.days[column][rows]]


def _iso(day: int) -> str | None:
    if day == _NO_DAY:
        return None
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def problem_rows(found: Sequence[_Found], values: Any) -> pd.DataFrame:
    """One row per problem, in row order; values shown, person ids never.

    Parameters
    ----------
    found : list of (Problem, column, positions[, values])
        Each kind of problem with the column it is in, the 0-based
        positions of the input rows that have it and, optionally, the
        values as written.
    values : DataFrame or object with a ``shown(column, rows)`` method
        Where to look up the offending values.

    Returns
    -------
    pandas.DataFrame
        Columns ``row`` (the row's number in the file: 2 for the first row
        under the header), ``column``, ``kind``, ``value``, ``action``
        (``kept`` or ``excluded``) and ``message``.

    Examples
    --------
    >>> frame = pd.DataFrame({"date": ["2019-01-30"]})
    >>> problem_rows([(Problem.NOT_MONTH_END, "date", np.array([0]))], frame)[
    ...     ["row", "kind", "value", "action"]].values.tolist()
    [[2, 'not_month_end', '2019-01-30', 'excluded']]
    """
    parts = []
    for item in found:
        kind, column, rows = item[0], item[1], item[2]
        if len(rows) == 0:
            continue
        if len(item) == 4:
            shown = list(item[3])
        elif isinstance(values, pd.DataFrame):
            shown = [None if pd.isna(v) else str(v) for v in values[column].iloc[rows]]
        else:
            shown = values.shown(column, rows)
        parts.append(
            pd.DataFrame(
                {
                    "row": rows + 2,
                    "column": column,
                    "kind": kind.value,
                    "value": shown,
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


def log_problems(name: str, problems: pd.DataFrame) -> None:
    """Warn once, in one line, how many problems the input has, by kind.

    Parameters
    ----------
    name : str
        The input's name, such as its file, at the start of the line.
    problems : pandas.DataFrame
        The problems found, with a ``kind`` column; nothing is logged when it
        is empty.

    Examples
    --------
    >>> log_problems("returns.csv", problem_rows([], None))  # nothing to say
    """
    if problems.empty:
        return
    counts = problems["kind"].value_counts().to_dict()
    log.warning("%s: %d problem(s) in the rows: %s", name, len(problems), counts)
