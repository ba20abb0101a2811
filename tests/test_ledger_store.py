"""The ledger store: append-only history, corrections, as-of and known-at.

Every test runs on SQLite, and on PostgreSQL when a server is named (see the
``store`` fixture in conftest.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

import integrity_toolkit as itk
from integrity_toolkit.errors import InvalidDateError, LedgerError
from integrity_toolkit.ledger import (
    Completion,
    Ledger,
    LedgerEntry,
    Period,
    compare_states,
)
from integrity_toolkit.ledger import summary as lg_summary
from integrity_toolkit.ledger.roster import COORDINATION_OFFICE
from integrity_toolkit.ledger.vocabulary import completion_for_percent

HR = "市人力資源局"  # lead of 2.2.3-c, the credit-file target (to 100% by 2020)
T = dt.datetime


def entry(
    period: str, state: Completion, percent: float | None, **more: Any
) -> LedgerEntry:
    return LedgerEntry(HR, "2.2.3-c", Period.parse(period), state, percent, **more)


@pytest.fixture
def ledger(store: str, plan: itk.Plan) -> Ledger:
    return Ledger(store, plan=plan)


@pytest.fixture
def history(ledger: Ledger) -> dict[str, int]:
    """Q3 limited 40% (known 2019-10-10), Q4 substantial 60% (known 2020-01-15),
    Q4 corrected to 55% (known 2020-02-01)."""
    ledger.append(
        [entry("2019Q3", Completion.LIMITED, 40)],
        file_name="q3.xlsx",
        recorded_at=T(2019, 10, 10),
    )
    ledger.append(
        [entry("2019Q4", Completion.SUBSTANTIAL, 60)],
        file_name="q4.xlsx",
        recorded_at=T(2020, 1, 15),
    )
    q4 = int(ledger.entries()["entry_id"].max())
    fixed = ledger.correct(
        q4,
        "the unit counted a pilot town twice",
        reporter="協調辦",
        recorded_at=T(2020, 2, 1),
        percent=55.0,
    )
    return {"q4": q4, "fixed": fixed}


def hr_row(ledger: Ledger, **when: Any) -> Any:
    state = ledger.state(**when).set_index(["unit", "clause_id"])
    return state.loc[(HR, "2.2.3-c")]


def test_state_empty_ledger_every_roster_line_no_report(
    ledger: Ledger, expected: dict[str, Any]
) -> None:
    """The roster, by the answer key: each named unit, plus the office once for
    each clause that names a collective actor."""
    clauses = [c for t in expected["tasks"] for c in t["clauses"]]
    named = sum(1 for c in clauses for u in c["units"] if u["role"] != "collective")
    collective = sum(
        1 for c in clauses if any(u["role"] == "collective" for u in c["units"])
    )
    state = ledger.state(as_of=dt.date(2019, 12, 31))
    assert len(state) == named + collective
    assert set(state["completion"]) == {"no_report"}
    assert state["confidence"].isna().all()
    assert not state["overdue"].any()
    office = state[state["unit"] == COORDINATION_OFFICE]
    assert len(office) == collective
    assert set(office["role"]) == {"collective"}


@pytest.mark.parametrize(
    ("as_of", "known_at", "period", "percent", "confidence"),
    [
        # Before the Q4 return arrived, the latest known is Q3's.
        (dt.date(2019, 12, 31), dt.date(2020, 1, 1), "2019Q3", 40.0, "amber"),
        # Q4 as first reported: 60% against 55.1% expected (449 of 815 days).
        (dt.date(2019, 12, 31), dt.date(2020, 1, 20), "2019Q4", 60.0, "green"),
        # Q4 as corrected.
        (dt.date(2019, 12, 31), dt.date(2020, 2, 2), "2019Q4", 55.0, "green"),
        # Valid time: on 2019-11-30 only Q3 had ended; 40% against 51.3%
        # expected (418 of 815 days) is 11.3 behind: amber.
        (dt.date(2019, 11, 30), dt.date(2020, 2, 2), "2019Q3", 40.0, "amber"),
    ],
)
def test_state_as_of_known_at_rebuilds_past_picture(
    ledger: Ledger,
    history: dict[str, int],
    as_of: dt.date,
    known_at: dt.date,
    period: str,
    percent: float,
    confidence: str,
) -> None:
    row = hr_row(ledger, as_of=as_of, known_at=known_at)
    assert (row["period"], row["percent"], row["confidence"]) == (
        period,
        percent,
        confidence,
    )
    assert row["confidence_source"] == "rule"


def test_state_before_any_return_is_no_report(
    ledger: Ledger, history: dict[str, int]
) -> None:
    row = hr_row(ledger, as_of=dt.date(2019, 12, 31), known_at=dt.date(2019, 10, 9))
    assert row["completion"] == "no_report"
    assert row["confidence"] is None


def test_state_past_deadline_not_complete_is_overdue_and_red(
    ledger: Ledger, history: dict[str, int]
) -> None:
    row = hr_row(ledger, as_of=dt.date(2021, 1, 1))
    assert bool(row["overdue"]) is True
    assert row["confidence"] == "red"
    assert row["deadline"] == dt.date(2020, 12, 31)


def test_correct_keeps_history_and_names_superseded(
    ledger: Ledger, history: dict[str, int]
) -> None:
    entries = ledger.entries().set_index("entry_id")
    assert len(entries) == 3
    assert entries.loc[history["q4"], "percent"] == 60.0  # untouched
    fixed = entries.loc[history["fixed"]]
    assert fixed["supersedes"] == history["q4"]
    assert fixed["correction_reason"] == "the unit counted a pilot town twice"
    assert fixed["reporter"] == "協調辦"
    assert ledger.current()["entry_id"].tolist() == [1, history["fixed"]]


@pytest.mark.parametrize(
    ("changes", "reason", "match"),
    [
        ({"percent": 50.0}, "  ", "needs a reason"),
        ({"unit": "市發改局"}, "moved", "cannot change unit"),
        ({"colour": "blue"}, "why", "cannot change colour"),
    ],
)
def test_correct_refused_with_explanation(
    ledger: Ledger,
    history: dict[str, int],
    changes: dict[str, Any],
    reason: str,
    match: str,
) -> None:
    with pytest.raises(LedgerError, match=match):
        ledger.correct(history["q4"], reason, reporter="x", **changes)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"percent": 150.0}, "percent 150 for entry 3 is outside 0-100"),
        ({"percent": -20.0}, "percent -20 for entry 3 is outside 0-100"),
        (
            {"completion": Completion.NOT_STARTED, "percent": 90.0},
            "percent 90 does not match the status 未啟動",
        ),
        # The stored 55% stays when only the status is corrected.
        ({"completion": Completion.COMPLETE}, "percent 55 does not match .*已完成"),
        ({"percent": 40.0}, "percent 40 does not match the status 實質進展"),
        ({"completion": Completion.NO_REPORT}, "cannot be corrected to 未報送"),
    ],
)
def test_correct_bad_values_refused_as_on_import(
    ledger: Ledger, history: dict[str, int], changes: dict[str, Any], match: str
) -> None:
    """Entry 3 is the Q4 entry corrected to substantial, 55%."""
    with pytest.raises(LedgerError, match=match):
        ledger.correct(history["fixed"], "why", reporter="x", **changes)
    assert len(ledger.entries()) == 3


def test_correct_superseded_entry_names_current(
    ledger: Ledger, history: dict[str, int]
) -> None:
    """Entry 2 (Q4, 60%) was superseded by entry 3; then 3 by an override, 4."""
    ledger.override_confidence(history["fixed"], "紅", "vendor left", reporter="x")
    with pytest.raises(LedgerError, match="entry 2 has been superseded; entry 4 is"):
        ledger.correct(history["q4"], "why", reporter="x", percent=70.0)


def test_correct_unknown_entry_raises(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="no entry 99"):
        ledger.correct(99, "why", reporter="x", percent=1.0)


def test_override_confidence_recorded_with_reason(
    ledger: Ledger, history: dict[str, int]
) -> None:
    new = ledger.override_confidence(
        history["fixed"],
        "紅",
        "system vendor has withdrawn",
        reporter="協調辦",
        recorded_at=T(2020, 2, 10),
    )
    row = hr_row(ledger, as_of=dt.date(2019, 12, 31))
    assert (row["confidence"], row["confidence_source"]) == ("red", "override")
    assert row["entry_id"] == new
    before = hr_row(ledger, as_of=dt.date(2019, 12, 31), known_at=dt.date(2020, 2, 9))
    assert before["confidence"] == "green"
    stored = ledger.entries().set_index("entry_id").loc[new]
    assert stored["override_reason"] == "system vendor has withdrawn"
    assert stored["percent"] == 55.0


def test_append_same_file_twice_changes_nothing(ledger: Ledger) -> None:
    rows = [entry("2019Q4", Completion.LIMITED, 20)]
    first = ledger.append(rows, file_name="a.xlsx", file_sha256="ab" * 32)
    again = ledger.append(rows, file_name="a.xlsx", file_sha256="ab" * 32)
    copy = ledger.append(rows, file_name="copy.xlsx", file_sha256="cd" * 32)
    assert (first.added, again.added, again.already_imported) == (1, 0, True)
    assert (copy.added, copy.unchanged, copy.import_id) == (0, 1, None)
    assert len(ledger.entries()) == 1
    assert len(ledger.imports()) == 1


def test_append_resubmitted_return_supersedes_earlier(ledger: Ledger) -> None:
    ledger.append([entry("2019Q4", Completion.LIMITED, 20)], file_name="a.xlsx")
    result = ledger.append(
        [entry("2019Q4", Completion.LIMITED, 30)], file_name="b.xlsx"
    )
    assert (result.added, result.superseding) == (1, 1)
    second = ledger.entries().iloc[1]
    assert second["supersedes"] == 1
    assert second["correction_reason"] == "replaced by a later return: b.xlsx"


def test_append_return_sent_again_does_not_undo_correction(
    ledger: Ledger, history: dict[str, int]
) -> None:
    """Q4 said 60%, the office corrected it to 55%; the same 60% arriving again
    (a re-saved file) leaves the correction standing."""
    again = ledger.append(
        [entry("2019Q4", Completion.SUBSTANTIAL, 60)], file_name="q4 re-saved.xlsx"
    )
    assert (again.added, again.unchanged) == (0, 1)
    assert hr_row(ledger, as_of=dt.date(2019, 12, 31))["percent"] == 55.0


@pytest.mark.parametrize(
    "statement",
    ["UPDATE entries SET percent = 0", "DELETE FROM entries", "DELETE FROM imports"],
)
def test_history_refuses_update_and_delete(
    ledger: Ledger, history: dict[str, int], statement: str
) -> None:
    with (
        pytest.raises(sa.exc.DBAPIError, match="append-only"),
        ledger.engine.begin() as conn,
    ):
        conn.execute(sa.text(statement))
    assert len(ledger.entries()) == 3


def test_schema_versions_recorded_once(store: str, plan: itk.Plan) -> None:
    Ledger(store, plan=plan)
    again = Ledger(store, plan=plan)
    with again.engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version FROM schema_version")).all()
    assert [v for (v,) in versions] == [1, 2, 3]
    assert again.schema_version == 3


def test_freshness_apart_from_progress(ledger: Ledger, history: dict[str, int]) -> None:
    """On 2020-05-01 the quarter just ended is 2020Q1: HR's 2019Q4 is stale."""
    fresh = ledger.freshness(known_at=dt.date(2020, 5, 1)).set_index("unit")
    assert fresh.attrs["due_period"] == "2020Q1"
    assert fresh.loc[HR, "last_period"] == "2019Q4"
    assert fresh.loc[HR, "entries"] == 3
    assert bool(fresh.loc[HR, "stale"]) is True
    assert fresh.loc["市發改局", "entries"] == 0
    assert bool(fresh.loc["市發改局", "stale"]) is True
    early = ledger.freshness(known_at=dt.date(2020, 1, 20)).set_index("unit")
    assert bool(early.loc[HR, "stale"]) is False
    assert early.loc[HR, "days_since_last_return"] == 5
    # Longest without a return first: every unit that never sent one, then HR.
    stale = lg_summary.stale_units(ledger.freshness(known_at=dt.date(2020, 5, 1)))
    assert stale["unit"].iloc[-1] == HR
    assert stale["days_since_last_return"].iloc[:-1].isna().all()


def test_compare_states_lists_changes_between_two_dates(
    ledger: Ledger, history: dict[str, int]
) -> None:
    first = ledger.state(as_of=dt.date(2019, 9, 30), known_at=dt.date(2019, 10, 31))
    second = ledger.state(as_of=dt.date(2019, 12, 31), known_at=dt.date(2020, 2, 2))
    changes = compare_states(first, second)
    assert changes[["unit", "clause_id"]].values.tolist() == [[HR, "2.2.3-c"]]
    row = changes.iloc[0]
    assert (row["completion_before"], row["completion_after"]) == (
        "limited",
        "substantial",
    )
    assert (row["percent_before"], row["percent_after"]) == (40.0, 55.0)


_percents = st.lists(st.integers(0, 100), min_size=1, max_size=6)


_TINY = itk.parse_plan("一、任務\n1.建立制度。(市人力資源局負責)")


@settings(max_examples=15, deadline=None)
@given(
    appended=st.lists(
        st.tuples(st.integers(1, 3), st.integers(0, 100)), min_size=1, max_size=6
    ),
    corrections=st.lists(st.integers(0, 100), max_size=3),
)
def test_ledger_never_loses_an_entry(
    appended: list[tuple[int, int]], corrections: list[int]
) -> None:
    """Whatever is appended or corrected, every earlier row stays as it was."""
    ledger = Ledger("sqlite://", plan=_TINY)
    seen: list[dict[str, Any]] = []
    for i, (quarter, percent) in enumerate(appended):
        state = completion_for_percent(percent)
        ledger.append(
            [entry(f"2019Q{quarter}", state, float(percent))], file_name=f"{i}"
        )
        seen = _check_kept(ledger, seen)
    for percent in corrections:
        last = int(ledger.entries()["entry_id"].max())
        ledger.correct(
            last,
            "hypothesis",
            reporter="x",
            percent=float(percent),
            completion=completion_for_percent(percent),
        )
        seen = _check_kept(ledger, seen)
    assert len(seen) == len(ledger.imports()) + len(corrections)


def _check_kept(ledger: Ledger, seen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    frame = ledger.entries().astype(object)
    rows = frame.where(frame.notna(), None).to_dict("records")
    assert rows[: len(seen)] == seen
    return rows


def test_store_from_newer_toolkit_refused(store: str, plan: itk.Plan) -> None:
    ledger = Ledger(store, plan=plan)
    with ledger.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO schema_version (version, description, applied_at) "
                "VALUES (99, 'from the future', '2030-01-01 00:00:00')"
            )
        )
    ledger.engine.dispose()
    with pytest.raises(
        LedgerError, match=r"schema version 99.*upgrade integrity-toolkit"
    ):
        Ledger(store, plan=plan)


@pytest.mark.parametrize(
    ("known_at", "stale"),
    [
        (dt.date(2020, 1, 1), True),  # Q4 due, only Q3 known
        (dt.date(2020, 1, 20), False),  # Q4 return recorded 2020-01-15
    ],
)
def test_stale_clauses_against_quarter_last_due(
    ledger: Ledger, history: dict[str, int], known_at: dt.date, stale: bool
) -> None:
    state = ledger.state(as_of=dt.date(2019, 12, 31), known_at=known_at)
    late = lg_summary.stale_clauses(state)
    assert late.attrs["due_period"] == "2019Q4"
    listed = set(zip(late["unit"], late["clause_id"], strict=True))
    assert ((HR, "2.2.3-c") in listed) is stale
    assert len(late) == len(state) - (0 if stale else 1)


def test_compare_states_marks_synthetic(ledger: Ledger) -> None:
    ledger.append(
        [entry("2019Q4", Completion.LIMITED, 20)], file_name="demo", synthetic=True
    )
    changes = compare_states(
        ledger.state(as_of=dt.date(2019, 9, 30)),
        ledger.state(as_of=dt.date(2019, 12, 31)),
    )
    assert changes["synthetic"].tolist() == [True]


def test_state_takes_dates_as_text_and_writes_to_parquet(tmp_path: Path) -> None:
    ledger = Ledger("sqlite://")
    q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
    ledger.append([q4], file_name="a", recorded_at=dt.datetime(2020, 1, 9))
    state = ledger.state("2019-12-31", known_at="2020-01-10")
    assert state.attrs["as_of"] == "2019-12-31"
    assert state.attrs["known_at"] == "2020-01-10T23:59:59.999999"
    path = tmp_path / "state.parquet"
    state[state["unit"] == "市監委"].to_parquet(path)
    again = pd.read_parquet(path)
    assert again.attrs["as_of"] == "2019-12-31"
    assert again.set_index("clause_id").loc["2.2.3", "completion"] == "limited"
    with pytest.raises(InvalidDateError, match="write it as YYYY-MM-DD"):
        ledger.state("31/12/2019")


def test_ledger_database_without_ledger_read_refused_nothing_written(
    store_without_ledger: str, plan: itk.Plan, tables: Any
) -> None:
    """On SQLite and PostgreSQL: opening to read makes no table."""
    store = store_without_ledger
    shown = sa.engine.make_url(store).render_as_string(hide_password=True)
    message = (
        f"no ledger in {shown}: the database has no ledger tables; create one "
        "with `integrity-toolkit ledger import` or `integrity-toolkit demo`, or "
        "check --store"
    )
    with pytest.raises(LedgerError, match=f"^{re.escape(message)}$"):
        Ledger(store, plan=plan, create=False)
    assert tables(store) == ["notes"]


def test_ledger_database_without_ledger_created_when_asked(
    store_without_ledger: str, plan: itk.Plan, tables: Any
) -> None:
    store = store_without_ledger
    assert Ledger(store, plan=plan, create=True).schema_version == 3
    expected = ["dishonesty_records", "entries", "imports", "notes", "schema_version"]
    assert tables(store) == expected


def test_ledger_empty_sqlite_file_read_refused_created_when_asked(
    tmp_path: Path, plan: itk.Plan
) -> None:
    empty = tmp_path / "ledger.sqlite"
    empty.touch()
    with pytest.raises(
        LedgerError,
        match=rf"^the store {re.escape(str(empty))} is an empty file \(0 bytes\), "
        r"not a ledger; create one with `integrity-toolkit ledger import`",
    ):
        Ledger(empty, plan=plan, create=False)
    assert empty.stat().st_size == 0
    assert Ledger(empty, plan=plan, create=True).entries().empty
    assert Ledger(empty, plan=plan, create=False).schema_version == 3
