"""A synthetic ledger, 2018Q4–2020Q4, for every unit of the plan.

No unit's real returns have been published. Until they arrive, reports and
notebooks run on this invented ledger: every entry and every import is
flagged ``synthetic`` in the store, every evidence text says 合成示例數據
(synthetic example data), and frames built from the store carry the flag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import random
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa

from integrity_toolkit.demo import SYNTHETIC_LABEL
from integrity_toolkit.errors import LedgerError
from integrity_toolkit.ledger.period import Period, quarters
from integrity_toolkit.ledger.store import (
    STORE_ENV,
    ImportResult,
    Ledger,
    LedgerEntry,
    store_url,
)
from integrity_toolkit.ledger.vocabulary import Completion, completion_for_percent

__all__ = ["DEMO_FIRST", "DEMO_LAST", "fill_demo_ledger", "report_ledger"]

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan

log = logging.getLogger(__name__)

#: The first quarter of the demo ledger.
DEMO_FIRST = Period(2018, 4)
#: The last quarter of the demo ledger.
DEMO_LAST = Period(2020, 4)
_MARK = "合成示例數據"
# Units that stop reporting after 2020Q1 in the demo, to show stale returns.
_FALLING_SILENT = ("市信訪局", "市水務局")


def fill_demo_ledger(
    ledger: Ledger,
    first: Period = DEMO_FIRST,
    last: Period = DEMO_LAST,
    seed: int = 124,
    progress: bool = False,
) -> list[ImportResult]:
    """Fill a ledger with synthetic quarterly returns from every unit.

    Each unit sends one return a quarter, recorded 10 to 45 days after the
    quarter ends; about one return in twelve is missing; two units fall
    silent after 2020Q1; one 2019Q4 entry is corrected in March 2020. A
    ledger that already holds synthetic data is left as it is.

    Parameters
    ----------
    ledger : Ledger
        The ledger to fill; it must hold no real returns.
    first, last : Period
        The first and last quarters with returns; default ``DEMO_FIRST``
        (2018Q4) and ``DEMO_LAST`` (2020Q4).
    seed : int, default 124
        Seed of the random paces and silences, so the same seed gives the same
        ledger.
    progress : bool, default False
        Show a progress bar over the returns.

    Returns
    -------
    list of ImportResult
        One per return written; empty when the ledger held the demo already.

    Raises
    ------
    LedgerError
        The ledger holds real returns: the demo goes into a store of its own.

    Examples
    --------
    >>> ledger = Ledger("sqlite://")
    >>> results = fill_demo_ledger(ledger, first=Period(2019, 4), last=Period(2019, 4))
    >>> state = ledger.state(as_of=dt.date(2019, 12, 31))
    >>> reported = state[state["entry_id"].notna()]
    >>> state.attrs["synthetic"], bool(reported["synthetic"].all())
    (True, True)
    """
    from tqdm import tqdm

    done = ledger.imports()
    if not done.empty and not done["synthetic"].all():
        raise LedgerError(
            f"{ledger.url} holds real returns; fill the demo into a store of its "
            "own, e.g. --store data/demo.sqlite"
        )
    if not done.empty:
        log.info("%s already holds the synthetic ledger", ledger.url)
        return []
    rng = random.Random(seed)
    paces = {key: (rng.randint(0, 4), rng.randint(5, 25)) for key in _pairs(ledger)}
    periods = list(quarters(first, last))
    results = []
    steps = [(p, u) for p in periods for u in dict.fromkeys(ledger.roster["unit"])]
    for period, unit in tqdm(steps, desc="demo ledger", disable=not progress):
        if _silent(unit, period, rng):
            continue
        when = dt.datetime.combine(period.end, dt.time(9)) + dt.timedelta(
            days=rng.randint(10, 45), minutes=rng.randint(0, 480)
        )
        entries = _returns(ledger.roster, unit, period, paces, first)
        results.append(_append(ledger, entries, unit, period, when, seed))
    _demo_correction(ledger)
    return results


def _pairs(ledger: Ledger) -> list[tuple[str, str]]:
    return list(zip(ledger.roster["unit"], ledger.roster["clause_id"], strict=True))


def _silent(unit: str, period: Period, rng: random.Random) -> bool:
    if unit in _FALLING_SILENT and period > Period(2020, 1):
        return True
    return rng.random() < 1 / 12


def _returns(
    roster: pd.DataFrame,
    unit: str,
    period: Period,
    paces: dict[tuple[str, str], tuple[int, int]],
    first: Period,
) -> list[LedgerEntry]:
    entries = []
    elapsed = len(list(quarters(first, period)))
    for row in roster[roster["unit"] == unit].itertuples(index=False):
        delay, pace = paces[(unit, row.clause_id)]
        percent = float(min(100, 5 * round(max(0, elapsed - delay) * pace / 5)))
        state = completion_for_percent(percent)
        entries.append(
            LedgerEntry(
                unit=unit,
                clause_id=row.clause_id,
                period=period,
                completion=state,
                percent=percent,
                completed_on=period.end if state is Completion.COMPLETE else None,
                evidence=f"{_MARK}:{period}推進條款{row.clause_id}的工作。",
                next_steps="" if percent >= 100 else f"{_MARK}:繼續推進。",
                reporter=f"{_MARK}填報人",
                role=row.role,
            )
        )
    return entries


def _append(
    ledger: Ledger,
    entries: list[LedgerEntry],
    unit: str,
    period: Period,
    when: dt.datetime,
    seed: int,
) -> ImportResult:
    name = f"{SYNTHETIC_LABEL}: {unit} {period}"
    digest = hashlib.sha256(f"demo:{seed}:{unit}:{period}".encode()).hexdigest()
    return ledger.append(
        entries,
        file_name=name,
        file_sha256=digest,
        recorded_at=when,
        synthetic=True,
        note=SYNTHETIC_LABEL,
    )


def _demo_correction(ledger: Ledger) -> None:
    """Correct the 2019Q4 credit-file entry, to show a correction in the history."""
    current = ledger.current()
    target = current[
        (current["clause_id"] == "2.2.3-c")
        & (current["period"] == "2019Q4")
        & (current["unit"] == "市人力資源局")
    ]
    if target.empty:
        return
    row = target.iloc[0]
    percent = max(0.0, float(row["percent"]) - 10)
    ledger.correct(
        int(row["entry_id"]),
        f"{_MARK}:單位來函更正,原報百分比多算了試點鎮街",
        reporter=f"{_MARK}協調辦",
        recorded_at=row["recorded_at"] + dt.timedelta(days=30),
        percent=percent,
        completion=completion_for_percent(percent),
    )


def report_ledger(plan: Plan, store: str | Path | None = None) -> Ledger:
    """The ledger a report reads: real returns if there are any, else the demo.

    Parameters
    ----------
    plan : Plan
        The plan the report is about.
    store : str or Path, optional
        A store (URL or SQLite file); ``$INTEGRITY_TOOLKIT_LEDGER`` when
        omitted. A store that does not exist, or holds no real return, is
        not used: the report then reads the synthetic demo ledger, built in
        memory, and every frame from it says ``synthetic``.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> ledger = report_ledger(load_plan(), store="no/such/ledger.sqlite")
    >>> ledger.url, bool(ledger.entries()["synthetic"].all())
    ('sqlite://', True)
    """
    chosen = store or os.environ.get(STORE_ENV)
    if chosen and _holds_real_returns(store_url(chosen)):
        return Ledger(chosen, plan=plan)
    demo = Ledger("sqlite://", plan=plan)
    fill_demo_ledger(demo)
    return demo


def _holds_real_returns(url: str) -> bool:
    parsed = sa.engine.make_url(url)
    if (
        parsed.get_backend_name() == "sqlite"
        and not Path(parsed.database or "").is_file()
    ):
        return False
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("imports"):
                return False
            real = sa.text("SELECT COUNT(*) FROM imports WHERE NOT synthetic")
            return bool(conn.scalar(real))
    finally:
        engine.dispose()
