"""A full ledger cycle from the command line: templates, returns, a refused
return, a correction, and the state on two dates compared."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from integrity_toolkit.cli import main
from integrity_toolkit.ledger import Ledger
from integrity_toolkit.ledger.roster import COORDINATION_OFFICE

HR = "市人力資源局"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill(path: Path, clause: str, status: str, percent: Any, cell: str = "") -> None:
    book = load_workbook(path)
    page = book["填報"]
    for row in range(2, page.max_row + 1):
        if page.cell(row, 3).value == clause:
            page.cell(row, 6).value = status
            page.cell(row, 7).value = percent
            page.cell(row, 13).value = "李四"
    book.save(path)


def test_ledger_cycle_from_command_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    expected: dict[str, Any],
    store: str,
) -> None:
    """On SQLite, and on PostgreSQL when a server is named."""
    out = tmp_path / "returns"

    # Templates for every unit: each named unit of the answer key, and the office.
    named = {
        u["name"]
        for t in expected["tasks"]
        for c in t["clauses"]
        for u in c["units"]
        if u["role"] != "collective"
    }
    code, printed, _ = run(
        capsys,
        "ledger",
        "template",
        "--all",
        "--period",
        "2019Q3",
        "--store",
        store,
        "--out",
        str(out),
    )
    assert code == 0
    assert len(printed.splitlines()) == len(named) + 1
    assert {p.name for p in out.iterdir()} == {
        f"2019Q3_{u}.xlsx" for u in (*named, COORDINATION_OFFICE)
    }

    # Two quarters of returns from 市人力資源局, imported.
    q3 = out / f"2019Q3_{HR}.xlsx"
    fill(q3, "2.2.3-c", "有限進展", "40%")
    run(
        capsys,
        "ledger",
        "template",
        "--unit",
        HR,
        "--period",
        "2019Q4",
        "--store",
        store,
        "--out",
        str(out),
    )
    q4 = out / f"2019Q4_{HR}.xlsx"
    fill(q4, "2.2.3-c", "實質進展", 0.6)
    code, printed, _ = run(
        capsys, "ledger", "import", str(q3), str(q4), "--store", store
    )
    assert code == 0
    assert printed.splitlines() == [
        f"{q3.name}: 1 entries added, 0 unchanged",
        f"{q4.name}: 1 entries added, 0 unchanged",
    ]

    # A bad return is refused whole, with its problems and an error workbook.
    bad = out / "2019Q3_市發改局.xlsx"
    fill(bad, "2.1.1", "已完成", 120)
    errors = tmp_path / "errors.xlsx"
    code, printed, err = run(
        capsys, "ledger", "import", str(bad), "--store", store, "--errors", str(errors)
    )
    assert code == 1
    # Each problem once, then one summary line.
    assert err.splitlines() == [
        f"{bad}:填報:2 [完成百分比(%)] '120': the percent is outside 0-100; "
        "fix: write a number from 0 to 100, e.g. 80",
        f"problems written to {errors}",
        f"integrity-toolkit: error: 1 problem(s) above refused {bad} (nothing of "
        "them imported); fix them and import the files again",
    ]
    assert load_workbook(errors)["問題清單"].max_row == 2

    # A correction of the Q4 entry (entry 2).
    code, printed, _ = run(
        capsys,
        "ledger",
        "correct",
        "2",
        "--percent",
        "55",
        "--reason",
        "double-counted a town",
        "--by",
        "協調辦",
        "--store",
        store,
    )
    assert (code, printed) == (0, "entry 3 supersedes entry 2\n")

    # The state now, and the change from Q3 to Q4.
    code, printed, _ = run(
        capsys,
        "ledger",
        "state",
        "--as-of",
        "2019-12-31",
        "--format",
        "json",
        "--store",
        store,
    )
    rows = {(r["unit"], r["clause_id"]): r for r in json.loads(printed)}
    assert rows[(HR, "2.2.3-c")]["percent"] == 55.0
    assert rows[(HR, "2.2.3-c")]["entry_id"] == 3
    assert rows[("市發改局", "2.1.1")]["completion"] == "no_report"
    code, printed, _ = run(
        capsys,
        "ledger",
        "compare",
        "2019-09-30",
        "2019-12-31",
        "--known-at",
        "2100-01-01",
        "--store",
        store,
    )
    changes = list(csv.DictReader(io.StringIO(printed)))
    assert [
        (c["unit"], c["clause_id"], c["percent_before"], c["percent_after"])
        for c in changes
    ] == [(HR, "2.2.3-c", "40.0", "55.0")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ledger", "correct", "99", "--percent", "5", "--reason", "r", "--by", "b"],
            "no entry 99 in the ledger; list the current entries and their entry_id "
            "with `integrity-toolkit ledger state`",
        ),
        (
            ["ledger", "import", "."],
            ".: a folder, not a return file; fix: name the .xlsx files in it",
        ),
        (
            [
                "ledger",
                "correct",
                "1",
                "--percent",
                "abc",
                "--reason",
                "r",
                "--by",
                "b",
            ],
            "'abc' is not a percent",
        ),
        (
            [
                "ledger",
                "override",
                "1",
                "--confidence",
                "purple",
                "--reason",
                "r",
                "--by",
                "b",
            ],
            "'purple' is not a confidence rating",
        ),
        (
            ["ledger", "template", "--unit", "各部門", "--period", "2019Q4"],
            "'各部門' answers for no clause",
        ),
        (
            ["ledger", "template", "--unit", HR, "--period", "2019Q5"],
            "'2019Q5' is not a reporting period",
        ),
    ],
)
def test_ledger_cli_errors_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    plan: Any,
    args: list[str],
    message: str,
) -> None:
    Ledger(tmp_path / "l.sqlite", plan=plan)  # an empty ledger
    code, _, err = run(capsys, *args, "--store", str(tmp_path / "l.sqlite"))
    assert code == 1
    assert err.splitlines()[-1].startswith("integrity-toolkit: error: ")
    assert message in err
    assert "Traceback" not in err


_READING = [
    ["ledger", "state"],
    ["ledger", "compare", "2019-09-30", "2019-12-31"],
    ["ledger", "correct", "1", "--percent", "5", "--reason", "r", "--by", "b"],
    ["ledger", "override", "1", "--confidence", "紅", "--reason", "r", "--by", "b"],
]


@pytest.mark.parametrize("args", _READING)
def test_ledger_cli_missing_store_refused_nothing_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    store = tmp_path / "nonexist" / "x.sqlite"
    code, _, err = run(capsys, *args, "--store", str(store))
    assert code == 1
    assert err == (
        f"integrity-toolkit: error: no ledger at {store}; create one with "
        "`integrity-toolkit ledger import` or `integrity-toolkit demo`, "
        "or check --store\n"
    )
    assert not (tmp_path / "nonexist").exists()


def test_ledger_cli_import_into_missing_folder_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = tmp_path / "nonexist" / "x.sqlite"
    code, _, err = run(capsys, "ledger", "import", "a.xlsx", "--store", str(store))
    assert code == 1
    assert f"no folder {tmp_path / 'nonexist'} for the store {store}" in err
    assert not (tmp_path / "nonexist").exists()


def test_ledger_cli_errors_workbook_in_missing_folder_refused_up_front(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store, errors = tmp_path / "l.sqlite", tmp_path / "nonexist" / "ref.xlsx"
    code, _, err = run(
        capsys, "ledger", "import", "a.xlsx", "--store", str(store),
        "--errors", str(errors),
    )  # fmt: skip
    assert code == 1
    assert f"no folder {tmp_path / 'nonexist'} for --errors {errors}" in err
    assert not (tmp_path / "nonexist").exists()
    assert not store.exists()  # refused before the store was opened


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ("{tmp}", "the store {tmp} is a folder, not a ledger file"),
        ("{tmp}/p.csv", "cannot open the ledger at sqlite:///{tmp}/p.csv (file is "),
        ("notaurl://x", "cannot open the store 'notaurl://x' (Can't load plugin"),
        (
            "postgresql+psycopg://nobody@127.0.0.1:1/ledger",
            "cannot open the ledger at postgresql+psycopg://nobody@127.0.0.1:1/ledger",
        ),
    ],
)
def test_ledger_cli_unopenable_store_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: str, message: str
) -> None:
    (tmp_path / "p.csv").write_text("unit,clause_id\n市發改局,2.1.1\n", "utf-8")
    store = store.format(tmp=tmp_path)
    code, _, err = run(capsys, "ledger", "state", "--store", store)
    assert code == 1
    assert len(err.splitlines()) == 1
    assert err.startswith("integrity-toolkit: error: " + message.format(tmp=tmp_path))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (["--percent", "150"], "percent 150 for entry 1 is outside 0-100"),
        (["--percent", "-20"], "percent -20 for entry 1 is outside 0-100"),
        (["--status", "未啟動", "--percent", "90"], "percent 90 does not match"),
        (["--status", "已完成"], "percent 60 does not match the status 已完成"),
    ],
)
def test_ledger_cli_correct_bad_values_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    plan: Any,
    changes: list[str],
    message: str,
) -> None:
    """Entry 1: 市人力資源局, 2.2.3-c, 2019Q4, substantial at 60%."""
    from integrity_toolkit.ledger import Completion, LedgerEntry, Period

    store = tmp_path / "l.sqlite"
    q4 = LedgerEntry(HR, "2.2.3-c", Period(2019, 4), Completion.SUBSTANTIAL, 60.0)
    Ledger(store, plan=plan).append([q4], file_name="q4.xlsx")
    args = ["ledger", "correct", "1", *changes, "--reason", "r", "--by", "b"]
    code, _, err = run(capsys, *args, "--store", str(store))
    assert code == 1
    assert len(err.splitlines()) == 1
    assert message in err
    assert len(Ledger(store, plan=plan).entries()) == 1


@pytest.mark.parametrize("args", [*_READING, ["assess", "--year", "2019"]])
def test_ledger_cli_database_without_ledger_refused_nothing_written(
    capsys: pytest.CaptureFixture[str],
    store_without_ledger: str,
    tables: Any,
    args: list[str],
) -> None:
    """On SQLite and PostgreSQL: a database of other tables stays as it was."""
    import sqlalchemy as sa

    store = store_without_ledger
    code, _, err = run(capsys, *args, "--store", store)
    shown = sa.engine.make_url(store).render_as_string(hide_password=True)
    assert code == 1
    assert err == (
        f"integrity-toolkit: error: no ledger in {shown}: the database has no "
        "ledger tables; create one with `integrity-toolkit ledger import` or "
        "`integrity-toolkit demo`, or check --store\n"
    )
    assert tables(store) == ["notes"]


def test_ledger_cli_state_of_empty_database_refused_nothing_written(
    capsys: pytest.CaptureFixture[str], store: str, tables: Any
) -> None:
    """An empty PostgreSQL database gets no tables; a missing SQLite file is
    not made."""
    import sqlalchemy as sa

    code, _, err = run(capsys, "ledger", "state", "--store", store)
    assert code == 1
    assert "or check --store" in err
    url = sa.engine.make_url(store)
    if url.get_backend_name() == "sqlite":
        assert not Path(url.database or "").exists()
    else:
        assert tables(store) == []


def test_ledger_cli_empty_file_refused_to_read_made_a_ledger_by_template(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "ledger.sqlite"
    empty.touch()
    code, _, err = run(capsys, "ledger", "state", "--store", str(empty))
    assert code == 1
    assert err == (
        f"integrity-toolkit: error: the store {empty} is an empty file (0 bytes), "
        "not a ledger; create one with `integrity-toolkit ledger import` or "
        "`integrity-toolkit demo`, or check --store\n"
    )
    assert empty.stat().st_size == 0
    template = ["ledger", "template", "--unit", HR, "--period", "2019Q4"]
    code, _, _ = run(capsys, *template, "--out", str(tmp_path), "--store", str(empty))
    assert code == 0
    assert run(capsys, "ledger", "state", "--store", str(empty))[0] == 0


@pytest.mark.parametrize(
    ("known_at", "completion"),
    [
        # The Q4 return was recorded on 2020-01-09 at 18:00 UTC.
        ("2020-01-09", "limited"),  # a date: the end of that day
        ("2020-01-08", "no_report"),
        ("2020-01-09T17:59", "no_report"),
        ("2020-01-09T18:00", "limited"),
        ("2020-01-10T01:59+08:00", "no_report"),  # 17:59 UTC
        ("2020-01-10T02:00+08:00", "limited"),  # 18:00 UTC
    ],
)
def test_ledger_cli_state_known_at_date_counts_whole_day(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    plan: Any,
    known_at: str,
    completion: str,
) -> None:
    import datetime as dt

    from integrity_toolkit.ledger import Completion, LedgerEntry, Period

    store = tmp_path / "l.sqlite"
    q4 = LedgerEntry(HR, "2.2.3-c", Period(2019, 4), Completion.LIMITED, 20.0)
    when = dt.datetime(2020, 1, 9, 18, 0)
    Ledger(store, plan=plan).append([q4], file_name="q4.xlsx", recorded_at=when)
    code, printed, _ = run(
        capsys, "ledger", "state", "--as-of", "2019-12-31", "--known-at", known_at,
        "--format", "json", "--store", str(store),
    )  # fmt: skip
    assert code == 0
    rows = {(r["unit"], r["clause_id"]): r for r in json.loads(printed)}
    assert rows[(HR, "2.2.3-c")]["completion"] == completion


def test_ledger_cli_bad_moment_usage_error_with_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["ledger", "state", "--known-at", "15/01/2020"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "integrity-toolkit ledger state: error: argument --known-at: '15/01/2020' "
        "is not a date or a moment; write a date, YYYY-MM-DD (e.g. 2020-01-15, "
        "meaning the end of that day, UTC), or a moment, YYYY-MM-DDTHH:MM (UTC, "
        "e.g. 2020-01-15T09:00)"
    )
