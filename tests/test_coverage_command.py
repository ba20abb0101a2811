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
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: 2 problem(s)")
    found = pd.read_csv(problems, dtype=str)
    assert found[["row", "column", "kind", "value"]].values.tolist() == [
        ["3", "headcount", "bad_count", "abc"],
        ["4", "files_established", "files_exceed_headcount", "50"],
    ]
