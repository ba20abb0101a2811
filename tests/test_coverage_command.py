"""The coverage subcommand prints the assessment other tools read."""

from __future__ import annotations

import io
import json
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
