"""``integrity-toolkit assess`` from the command line: records in, scores out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from integrity_toolkit.cli import main


def test_assess_adds_records_and_prints_scores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    records = tmp_path / "records.csv"
    records.write_text(
        "unit,date,kind,source\n虎門鎮,2019-04-01,dishonest_debtor,(2019)粵1971執1號\n",
        "utf-8",
    )
    store = str(tmp_path / "ledger.sqlite")
    # Records count when recorded by --known-at; these are recorded today.
    today = dt.date.today().isoformat()
    args = ["assess", "--year", "2019", "--store", store, "--known-at", today]
    args += ["--add-records", str(records)]
    code = main([*args, "--draws", "50", "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0
    rows = {r["unit"]: r for r in json.loads(out)}
    assert rows["虎門"]["deductions"] == -10.0
    assert rows["虎門"]["peer_group"] == "town"
    assert {"rank_low", "rank_high", "flips"} <= set(rows["虎門"])
    assert rows["虎門"]["synthetic"] is False


def test_assess_csv_has_one_row_per_unit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from integrity_toolkit.ledger import Ledger

    Ledger(tmp_path / "l.sqlite")  # an empty store: every unit scored on no returns
    code = main(["assess", "--year", "2019", "--store", str(tmp_path / "l.sqlite")])
    out, _ = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len({r["unit"] for r in rows}) == len(rows)


def test_assess_bad_scheme_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scheme = tmp_path / "mine.toml"
    scheme.write_text("year = 2019\ncolour = 1\n", "utf-8")
    code = main(
        [
            "assess",
            "--year",
            "2019",
            "--store",
            str(tmp_path / "l.sqlite"),
            "--scheme",
            str(scheme),
        ]
    )
    _, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert "unknown key 'colour'" in err


def test_assess_year_without_shipped_scheme_names_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["assess", "--year", "1999", "--store", str(tmp_path / "l.sqlite")])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert "no shipped scheme for 1999" in err
    assert err.endswith("pass your own with --scheme FILE.toml\n")
    assert "read_scheme" not in err
    assert not (tmp_path / "l.sqlite").exists()


def test_default_scheme_error_keeps_the_python_hint() -> None:
    from integrity_toolkit.assessment import SchemeError, default_scheme

    with pytest.raises(SchemeError, match=r"read_scheme\('my\.toml'\)"):
        default_scheme(1999)
