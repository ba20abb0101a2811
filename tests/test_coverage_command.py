"""The coverage subcommand prints the assessment other tools read."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from integrity_toolkit import coverage as cv
from integrity_toolkit.cli import main

A = "市人力資源局"


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """40 people, 10 files more each month: 25, 50, 75% (100% by Apr 2019)."""
    path = tmp_path / "returns.csv"
    rows = [
        (A, end, 40, files)
        for end, files in (("2019-01-31", 10), ("2019-02-28", 20), ("2019-03-31", 30))
    ]
    pd.DataFrame(rows, columns=list(cv.RETURN_COLUMNS)).to_csv(path, index=False)
    return path


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


def test_coverage_command_csv_from_counts(returns: Path) -> None:
    code, out = _run("coverage", str(returns), "--counts", "--as-of", "2019-03-31")
    table = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert table.loc[table["unit"] == A, "coverage"].item() == 75.0
    assert table.loc[table["unit"] == A, "rating"].item() == "green"


def test_coverage_command_json_states_rule(returns: Path) -> None:
    code, out = _run(
        "coverage",
        str(returns),
        "--counts",
        "--as-of",
        "2019-03-31",
        "--format",
        "json",
    )
    payload = json.loads(out)
    assert code == 0 and "5 points" in payload["rating_rule"]
    assert payload["units"][0]["unit"] == A


def test_coverage_command_missing_file_one_line_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["coverage", "nowhere.csv", "--as-of", "2019-03-31"])
    assert code == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_coverage_command_problems_in_missing_folder_refused(
    returns: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nonexist" / "problems.csv"
    code = main(
        ["coverage", str(returns), "--counts", "--as-of", "2019-03-31",
         "--problems", str(target)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert f"no folder {tmp_path / 'nonexist'} for --problems {target}" in err
    assert not (tmp_path / "nonexist").exists()


def _damaged(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        ("empty.xlsx", b"", "not a readable Excel workbook.*save it again"),
        ("corrupt.xlsx", b"not a workbook", "not a readable Excel workbook"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n", "the file is empty"),
        ("random.parquet", b"\x01\x02 random bytes", "not a readable Parquet file"),
        ("binary.csv", b"\x00\x01\x02\x03" * 10, "neither UTF-8, GB18030 nor Big5"),
    ],
)
def test_coverage_command_unreadable_file_one_line_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    match: str,
) -> None:
    path = _damaged(tmp_path, name, data)
    for extra in ([], ["--counts"]):
        code = main(["coverage", str(path), "--as-of", "2019-03-31", *extra])
        err = capsys.readouterr().err
        assert code == 1 and err.count("\n") == 1
        assert str(path) in err
        assert re.search(match, err)


def test_coverage_command_folder_says_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "returns.csv"
    folder.mkdir()
    code = main(["coverage", str(folder), "--as-of", "2019-03-31"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "is a folder" in err and "no such file" not in err


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_coverage_command_legacy_encoded_csv_decoded(
    tmp_path: Path, encoding: str
) -> None:
    """A Chinese-Windows CSV of the fixture's returns reads the same: 75% in March."""
    path = tmp_path / "returns.csv"
    text = (
        "unit,date,headcount,files_established\n"
        f"{A},2019-01-31,40,10\n{A},2019-02-28,40,20\n{A},2019-03-31,40,30\n"
    )
    path.write_bytes(text.encode(encoding))
    code, out = _run("coverage", str(path), "--counts", "--as-of", "2019-03-31")
    table = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert table.loc[table["unit"] == A, "coverage"].item() == 75.0


def test_coverage_command_counts_problems_warned_and_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Row 3's headcount abc and row 4's 50 files for 40 people are both reported."""
    path = tmp_path / "returns.csv"
    path.write_text(
        "unit,date,headcount,files_established\n"
        f"{A},2019-01-31,40,10\n{A},2019-02-28,abc,20\n{A},2019-03-31,40,50\n",
        encoding="utf-8",
    )
    problems = tmp_path / "problems.csv"
    argv = ["coverage", str(path), "--counts", "--as-of", "2019-03-31"]
    code = main([*argv, "--problems", str(problems)])
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert code == 0
    assert warnings[0].startswith(f"{path}: 2 problem(s)")
    assert warnings[1].startswith("--as-of 2019-03-31 is after the records' last")
    found = pd.read_csv(problems, dtype=str)
    assert found[["row", "column", "kind", "value"]].values.tolist() == [
        ["3", "headcount", "bad_count", "abc"],
        ["4", "files_established", "files_exceed_headcount", "50"],
    ]


def test_coverage_command_percentages_rounded(returns: Path) -> None:
    """The path from 25% (Jan 2019) to 100% (Dec 2020) asks 25 + 75 * 2/23 in March."""
    code, out = _run("coverage", str(returns), "--counts", "--as-of", "2019-03-31")
    row = next(line for line in out.splitlines() if line.startswith(A))
    assert code == 0
    assert ",75.0,31.52,43.48," in row and ",2019-04-30," in row


@pytest.mark.parametrize("value", ["-5", "ten"])
def test_coverage_command_bad_min_people_refused(
    returns: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    argv = ["coverage", str(returns), "--counts", "--as-of", "2019-03-31"]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--min-people", value])
    assert exit_.value.code == 2
    assert "whole number 0 or more" in capsys.readouterr().err


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


def test_coverage_command_as_of_past_deadline_rates_at_deadline(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """36 of 40 (90%) at 2020-12-31 misses 100%, though January 2021 reaches it."""
    path = tmp_path / "returns.csv"
    rows = [(A, "2020-11-30", 40, 30), (A, "2020-12-31", 40, 36)]
    rows.append((A, "2021-01-31", 40, 40))
    pd.DataFrame(rows, columns=list(cv.RETURN_COLUMNS)).to_csv(path, index=False)
    code, out = _run("coverage", str(path), "--counts", "--as-of", "2030-06-30")
    table = pd.read_csv(io.StringIO(out)).set_index("unit")
    assert code == 0
    assert table.loc[A, ["coverage", "required", "gap"]].tolist() == [90, 100, -10]
    assert table.loc[A, "rating"] == "red"
    assert table.loc[A, "reason"] == "coverage 90 at the deadline, target 100"
    assert _warnings(caplog) == [
        "--as-of 2030-06-30 is after the deadline 2020-12-31: units are rated at "
        "the deadline"
    ]


def test_coverage_command_as_of_past_records_says_so(
    returns: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code, out = _run("coverage", str(returns), "--counts", "--as-of", "2019-06-30")
    assert code == 0 and ",75.0," in out
    assert _warnings(caplog) == [
        "--as-of 2019-06-30 is after the records' last month end 2019-03-31: "
        "figures are as at 2019-03-31"
    ]


def test_coverage_command_past_deadline_and_records_unrated_with_reason(
    returns: Path,
) -> None:
    code, out = _run("coverage", str(returns), "--counts", "--as-of", "2030-06-30")
    table = pd.read_csv(io.StringIO(out)).set_index("unit")
    assert code == 0 and table.loc[A, "rating"] == "unrated"
    assert table.loc[A, "reason"] == (
        "no coverage at the deadline 2020-12-31; the records end 2019-03-31"
    )


def test_coverage_command_problems_name_the_unit_flag(tmp_path: Path) -> None:
    """An unknown unit's message tells the command's user to pass --unit."""
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,unit,joined,left,file_created\n"
        f"a,{A},2019-01-01,,2019-02-01\nb,鎮人力資源分局,2019-01-01,,\n",
        encoding="utf-8",
    )
    problems = tmp_path / "problems.csv"
    argv = ["coverage", str(path), "--as-of", "2019-03-31"]
    code, _ = _run(*argv, "--problems", str(problems))
    found = pd.read_csv(problems, dtype=str)
    assert code == 0
    assert found[["row", "kind", "value"]].values.tolist() == [
        ["3", "unknown_unit", "鎮人力資源分局"]
    ]
    assert "with --unit NAME" in found.loc[0, "message"]
    assert "known_units" not in found.loc[0, "message"]


def test_coverage_command_csv_quotes_formula_cells(tmp_path: Path) -> None:
    """A unit named like a formula is written as text (leading '), numbers as is."""
    unit = '=HYPERLINK("x")'
    path = tmp_path / "returns.csv"
    rows = [(unit, "2019-01-31", 40, 10), (unit, "2019-02-28", 40, 20)]
    pd.DataFrame(rows, columns=list(cv.RETURN_COLUMNS)).to_csv(path, index=False)
    argv = ["coverage", str(path), "--counts", "--as-of", "2019-02-28"]
    code, out = _run(*argv, "--unit", unit, "--min-people", "0")
    table = pd.read_csv(io.StringIO(out), dtype=str)
    assert code == 0
    assert table["unit"].tolist() == ['\'=HYPERLINK("x")', "(all units)"]
    assert table["coverage"].tolist() == ["50.0", "50.0"]


def test_coverage_command_problems_keep_negative_count_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A headcount of -5 is a bad count, shown as -5; nothing is left to count."""
    path = tmp_path / "returns.csv"
    path.write_text(
        f"unit,date,headcount,files_established\n{A},2019-01-31,-5,0\n",
        encoding="utf-8",
    )
    problems = tmp_path / "problems.csv"
    argv = ["coverage", str(path), "--counts", "--as-of", "2019-01-31"]
    code = main([*argv, "--problems", str(problems)])
    found = pd.read_csv(problems, dtype=str)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "no row can be counted (1 problem(s))" in err
    assert found[["row", "kind", "value"]].values.tolist() == [["2", "bad_count", "-5"]]


def test_coverage_command_people_all_excluded_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Row 2 has no date it can read, row 3 leaves before joining: no one is left."""
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,unit,joined,left,file_created\n"
        f"p1,{A},not-a-date,,2019-01-01\np2,{A},2018-01-01,2017-01-01,\n",
        encoding="utf-8",
    )
    problems = tmp_path / "problems.csv"
    code = main(
        ["coverage", str(path), "--as-of", "2019-06-30", "--problems", str(problems)]
    )
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "no one is counted at any month end up to 2019-06-30" in captured.err
    assert "2 problem(s)" in captured.err
    assert len(pd.read_csv(problems)) == 2
