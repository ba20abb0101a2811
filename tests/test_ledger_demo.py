"""The synthetic demo ledger: every unit, 2018Q4-2020Q4, marked synthetic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import integrity_toolkit as itk
from integrity_toolkit.cli import main
from integrity_toolkit.errors import LedgerError
from integrity_toolkit.ledger import Completion, Ledger, LedgerEntry, Period
from integrity_toolkit.ledger.demo import fill_demo_ledger, report_ledger


@pytest.fixture(scope="module")
def demo(plan: itk.Plan, tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    ledger = Ledger(tmp_path_factory.mktemp("demo") / "demo.sqlite", plan=plan)
    fill_demo_ledger(ledger)
    return ledger


def test_demo_every_entry_and_import_marked_synthetic(demo: Ledger) -> None:
    entries = demo.entries()
    assert entries["synthetic"].all()
    assert demo.imports()["synthetic"].all()
    assert entries["evidence"].str.startswith("合成示例數據").all()
    state = demo.state(as_of=dt.date(2020, 12, 31))
    assert state.attrs["synthetic"] is True


def test_demo_covers_every_unit_and_quarter(demo: Ledger) -> None:
    """Nine quarters, 2018Q4 to 2020Q4, and every unit of the roster."""
    entries = demo.entries()
    assert sorted(entries["period"].unique()) == [
        "2018Q4",
        "2019Q1",
        "2019Q2",
        "2019Q3",
        "2019Q4",
        "2020Q1",
        "2020Q2",
        "2020Q3",
        "2020Q4",
    ]
    assert set(entries["unit"]) == set(demo.roster["unit"])


def test_demo_recorded_after_the_quarter_it_speaks_for(demo: Ledger) -> None:
    entries = demo.entries()
    lag = pd.to_datetime(entries["recorded_at"]) - pd.to_datetime(entries["valid_to"])
    assert lag.min() >= pd.Timedelta(days=10)


def test_demo_two_units_fall_silent_and_read_stale(demo: Ledger) -> None:
    fresh = demo.freshness(known_at=dt.date(2021, 3, 1)).set_index("unit")
    for unit in ("市信訪局", "市水務局"):
        assert fresh.loc[unit, "last_period"] == "2020Q1"
        assert bool(fresh.loc[unit, "stale"]) is True


def test_demo_holds_one_correction(demo: Ledger) -> None:
    entries = demo.entries()
    corrected = entries[entries["supersedes"].notna()]
    assert len(corrected[corrected["correction_reason"].str.contains("更正")]) == 1


def test_demo_twice_adds_nothing(demo: Ledger) -> None:
    before = len(demo.entries())
    assert fill_demo_ledger(demo) == []
    assert len(demo.entries()) == before


def test_demo_refuses_store_with_real_returns(plan: itk.Plan) -> None:
    ledger = Ledger("sqlite://", plan=plan)
    real = LedgerEntry("市發改局", "2.1.1", Period(2019, 4), Completion.LIMITED)
    ledger.append([real], file_name="real.xlsx")
    with pytest.raises(LedgerError, match="holds real returns"):
        fill_demo_ledger(ledger)


def test_demo_command_says_synthetic(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "demo.sqlite"
    assert main(["demo", "--store", str(store), "-q"]) == 0
    out = capsys.readouterr().out
    assert "synthetic" in out


def test_report_ledger_reads_real_returns_once_there_are_any(
    plan: itk.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "ledger.sqlite"
    monkeypatch.setenv("INTEGRITY_TOOLKIT_LEDGER", str(store))
    assert report_ledger(plan).entries()["synthetic"].all()  # no store yet
    real = LedgerEntry("市發改局", "2.1.1", Period(2019, 4), Completion.LIMITED)
    Ledger(store, plan=plan).append([real], file_name="real.xlsx")
    chosen = report_ledger(plan)
    assert chosen.url == f"sqlite:///{store}"
    assert not chosen.entries()["synthetic"].any()


def test_report_ledger_demo_only_store_gives_synthetic(
    demo: Ledger, plan: itk.Plan
) -> None:
    chosen = report_ledger(plan, store=demo.url)
    assert chosen.url == "sqlite://"
    assert chosen.state(as_of=dt.date(2020, 12, 31)).attrs["synthetic"] is True
