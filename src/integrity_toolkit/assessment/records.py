"""Government dishonesty records, kept in the ledger's store as an append-only history.

A record says that a unit was the subject of a court judgment it did not
fulfil, was listed as a dishonest judgment debtor, received an administrative
penalty or a disciplinary finding, or broke an investment promise: ``unit``,
``date``, ``kind`` (see :data:`~.scheme.DISHONESTY_KINDS`) and ``source``
(the judgment, list or decision it is read from).

Nothing is updated or deleted. A *correction* (wrong unit, date or kind) is
a new row with ``action="correction"`` that names the row it ``supersedes``
and replaces it. A *repair* (信用修復: the unit fulfilled the judgment or
rectified the matter and the record was repaired under the credit-repair
rules) is a new row with ``action="repair"`` naming the record, dated the day
the repair took effect; the record stays, marked repaired from that day.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

import pandas as pd
import sqlalchemy as sa

from integrity_toolkit.assessment.scheme import DISHONESTY_KINDS
from integrity_toolkit.demo import SYNTHETIC_LABEL
from integrity_toolkit.errors import IntegrityToolkitError
from integrity_toolkit.ledger.schema import dishonesty_records
from integrity_toolkit.ledger.store import Ledger

__all__ = [
    "ACTIONS",
    "RECORD_COLUMNS",
    "RecordError",
    "add_records",
    "effective_records",
    "record_history",
    "synthetic_records",
]

log = logging.getLogger(__name__)

#: What a row of the history does: a new record, a correction, a credit repair.
ACTIONS = ("record", "correction", "repair")
#: The columns :func:`add_records` reads (``action``, ``supersedes`` and
#: ``reason`` are optional; a row without them is a new record).
RECORD_COLUMNS = ("unit", "date", "kind", "source", "action", "supersedes", "reason")


class RecordError(IntegrityToolkitError, ValueError):
    """Rows of a dishonesty-record table that cannot be added; none were added.

    ``problems`` lists one text per bad row, naming the row and the column.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        listed = "; ".join(problems)
        super().__init__(
            f"{len(problems)} problem(s) in the dishonesty records: {listed}"
        )


def add_records(
    ledger: Ledger,
    table: pd.DataFrame,
    *,
    recorded_at: dt.datetime | None = None,
    synthetic: bool = False,
) -> list[int]:
    """Append dishonesty records (and corrections, repairs) to the store.

    All rows or none: every row is checked first, and every problem is
    raised at once as :class:`RecordError`. Returns the new record ids.

    Parameters
    ----------
    ledger : Ledger
        The ledger whose store keeps the records.
    table : pandas.DataFrame
        Columns ``RECORD_COLUMNS``: ``unit``, ``date`` (a date or
        ``YYYY-MM-DD``), ``kind`` (one of ``DISHONESTY_KINDS``), ``source``,
        and optionally ``action`` (``record``, ``correction`` or
        ``repair``; default ``record``), ``supersedes`` (the record id a
        correction or repair refers to) and ``reason``.
    recorded_at : datetime.datetime, optional
        When the rows are recorded (naive UTC); default now.
    synthetic : bool, default False
        Mark the rows as invented.

    Returns
    -------
    list of int
        The new record ids, in the order of ``table``.

    Examples
    --------
    >>> ledger = Ledger("sqlite://")
    >>> ids = add_records(ledger, pd.DataFrame({"unit": ["市水務局"],
    ...     "date": [dt.date(2019, 5, 1)], "kind": ["dishonest_debtor"],
    ...     "source": ["(2019)粵1971執123號"]}))
    >>> repair = pd.DataFrame({"unit": ["市水務局"], "date": [dt.date(2019, 9, 1)],
    ...     "kind": ["dishonest_debtor"], "source": ["removed from the list"],
    ...     "action": ["repair"], "supersedes": [ids[0]]})
    >>> add_records(ledger, repair)
    [2]
    """
    history = record_history(ledger)
    rows, problems = _checked_rows(table, set(history["record_id"]))
    if problems:
        raise RecordError(problems)
    when = recorded_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    ids = []
    with ledger.engine.begin() as conn:
        for row in rows:
            statement = dishonesty_records.insert().values(
                **row, recorded_at=when, synthetic=synthetic
            )
            key = conn.execute(statement).inserted_primary_key
            ids.append(int(key[0]) if key else 0)
    log.info("%d dishonesty record rows added", len(ids))
    return ids


def _checked_rows(
    table: pd.DataFrame, known: set[int]
) -> tuple[list[dict[str, object]], list[str]]:
    missing = [c for c in RECORD_COLUMNS[:4] if c not in table.columns]
    if missing:
        return [], [
            f"missing column(s) {', '.join(missing)}; give {RECORD_COLUMNS[:4]}"
        ]
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    for number, raw in enumerate(table.to_dict("records"), start=1):
        where = f"row {number}"
        action = str(raw["action"]) if isinstance(raw.get("action"), str) else "record"
        named = raw.get("supersedes")
        supersedes = None if named is None or pd.isna(named) else int(named)
        problems += _row_problems(raw, where, action, supersedes, known)
        rows.append(
            {
                "unit": str(raw["unit"]),
                "date": _day(raw["date"], where, problems),
                "kind": raw["kind"],
                "source": str(raw["source"]),
                "action": action,
                "supersedes": supersedes,
                "reason": str(raw.get("reason") or ""),
            }
        )
    return rows, problems


def _row_problems(
    raw: dict[Any, Any],
    where: str,
    action: str,
    supersedes: int | None,
    known: set[int],
) -> list[str]:
    """What is wrong with one row: kind, action, the row it names, empty cells."""
    problems = []
    if raw["kind"] not in DISHONESTY_KINDS:
        problems.append(
            f"{where}, column kind: {raw['kind']!r} is not a kind; "
            f"use one of {', '.join(DISHONESTY_KINDS)}"
        )
    if action not in ACTIONS:
        problems.append(f"{where}, column action: {action!r}; use {ACTIONS}")
    if (action == "record") != (supersedes is None):
        wrong = "names no earlier row" if action == "record" else "must name the row"
        problems.append(
            f"{where}, column supersedes: a {action} {wrong}; a new record leaves "
            "it empty, a correction or repair names one"
        )
    elif supersedes is not None and supersedes not in known:
        problems.append(f"{where}, column supersedes: no record {supersedes} in store")
    for column in ("unit", "source"):
        value = raw[column]
        if value is None or pd.isna(value) or not str(value).strip():
            problems.append(f"{where}, column {column}: empty; every row needs one")
    return problems


def _day(value: object, where: str, problems: list[str]) -> dt.date | None:
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problems.append(
            f"{where}, column date: {value!r} is not a date; give YYYY-MM-DD, "
            "e.g. 2019-05-01"
        )
        return None


def record_history(
    ledger: Ledger, known_at: dt.datetime | dt.date | None = None
) -> pd.DataFrame:
    """Every dishonesty-record row recorded up to ``known_at``, oldest first.

    Parameters
    ----------
    ledger : Ledger
        The ledger whose store keeps the records.
    known_at : datetime.datetime or datetime.date, optional
        The moment whose knowledge to show (naive UTC; a date is the end of
        that day); default None is every row.

    Returns
    -------
    pandas.DataFrame
        One row per record, correction or repair as stored: ``record_id``,
        the columns of ``RECORD_COLUMNS``, ``recorded_at`` and ``synthetic``.

    Examples
    --------
    >>> list(record_history(Ledger("sqlite://")).columns)[:4]
    ['record_id', 'unit', 'date', 'kind']
    """
    query = sa.select(dishonesty_records).order_by(dishonesty_records.c.record_id)
    if known_at is not None:
        moment = (
            known_at
            if isinstance(known_at, dt.datetime)
            else dt.datetime.combine(known_at, dt.time.max)
        )
        query = query.where(dishonesty_records.c.recorded_at <= moment)
    with ledger.engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame["supersedes"] = frame["supersedes"].astype("Int64")
    return frame


def effective_records(history: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The records as they stand on ``as_of``: corrections applied, repairs marked.

    Each record's chain of corrections is followed to its latest version;
    ``repaired`` is True when a repair of the record took effect on or before
    ``as_of``.

    Parameters
    ----------
    history : pandas.DataFrame
        The rows of :func:`record_history`.
    as_of : datetime.date
        The day to judge at: a repair dated later is not yet in effect.

    Returns
    -------
    DataFrame
        ``record_id`` (the original row), ``unit``, ``date``, ``kind``,
        ``source``, ``repaired``, ``repaired_on``, ``synthetic``.

    Examples
    --------
    >>> history = pd.DataFrame({"record_id": [1, 2, 3], "unit": ["甲", "乙", "乙"],
    ...     "date": [dt.date(2019, 5, 1), dt.date(2019, 5, 1), dt.date(2019, 8, 1)],
    ...     "kind": ["dishonest_debtor"] * 3, "source": ["s", "s", "s"],
    ...     "action": ["record", "correction", "repair"], "supersedes": [None, 1, 1],
    ...     "reason": ["", "wrong unit", ""], "synthetic": [False] * 3})
    >>> effective_records(history, dt.date(2019, 12, 31))[["unit", "repaired"]]
      unit  repaired
    0    乙      True
    """
    root: dict[int, int] = {}
    current: dict[int, dict[str, object]] = {}
    repairs: dict[int, dt.date] = {}
    for row in history.sort_values("record_id").to_dict("records"):
        rid, action = int(row["record_id"]), row["action"]
        origin = rid if action == "record" else root[int(row["supersedes"])]
        root[rid] = origin
        if action == "repair":
            repairs.setdefault(origin, row["date"])
        else:
            current[origin] = row
    rows = []
    for origin, row in current.items():
        repaired_on = repairs.get(origin)
        done = repaired_on is not None and repaired_on <= as_of
        rows.append(
            {
                "record_id": origin,
                **{k: row[k] for k in ("unit", "date", "kind", "source")},
                "repaired": done,
                "repaired_on": repaired_on if done else None,
                "synthetic": bool(row.get("synthetic", False)),
            }
        )
    columns = ["record_id", "unit", "date", "kind", "source", "repaired"]
    return pd.DataFrame(rows, columns=[*columns, "repaired_on", "synthetic"])


def synthetic_records(units: list[str], year: int, seed: int = 2019) -> pd.DataFrame:
    """An invented table of dishonesty records for ``units`` in ``year``.

    About one unit in four gets one or two records, each a new record (no
    corrections or repairs). Every ``source`` says it is synthetic.

    Parameters
    ----------
    units : list of str
        The units that may get records.
    year : int
        The year the records are dated in.
    seed : int, default 2019
        Seed of the invention, so the same seed gives the same table.

    Returns
    -------
    pandas.DataFrame
        Columns ``RECORD_COLUMNS``, ready for :func:`add_records`.

    Examples
    --------
    >>> frame = synthetic_records(["市發改局", "市水務局", "石龍鎮", "虎門鎮"], 2019)
    >>> set(frame["source"].str.contains("synthetic"))
    {True}
    """
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for unit in units:
        if rng.random() >= 0.25:
            continue
        for _ in range(rng.choice((1, 2))):
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            rows.append(
                {
                    "unit": unit,
                    "date": day,
                    "kind": rng.choice(DISHONESTY_KINDS),
                    "source": f"{SYNTHETIC_LABEL} #{len(rows) + 1}",
                    "action": "record",
                    "supersedes": None,
                    "reason": "",
                }
            )
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
