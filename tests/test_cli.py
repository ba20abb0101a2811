"""The command line: JSON and CSV output, and one-line errors without tracebacks."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from integrity_toolkit.cli import _build_parser, main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "integrity_toolkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture(scope="module")
def parsed_json(plan_path: Path) -> dict[str, Any]:
    result = run("parse", str(plan_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_parse_json_has_documented_keys(parsed_json: dict[str, Any]) -> None:
    doc = parsed_json["document"]
    assert {"title", "issuer", "doc_number", "date", "cited"} <= set(doc)
    assert doc["date"] == "2018-10-08"
    assert doc["doc_number"] == "東府〔2018〕124號"
    task = parsed_json["tasks"][0]
    assert {"id", "label", "heading", "clauses"} <= set(task)
    clause = task["clauses"][0]
    assert {"id", "text", "units"} <= set(clause)
    assert clause["units"][0]["name"] == "市發改局"
    assert clause["units"][0]["role"] == "lead"
    target = parsed_json["targets"][0]
    assert {
        k: target[k] for k in ("year", "value", "unit", "clause_id", "responsible")
    } == {
        "year": 2020,
        "value": 100,
        "unit": "%",
        "clause_id": "2.2.3-c",
        "responsible": ["市人力資源局"],
    }
    assert len(parsed_json["warnings"]) == 4


def test_parse_json_for_simplified_copy(tmp_path: Path, hans_text: str) -> None:
    path = tmp_path / "plan-hans.txt"
    path.write_text(hans_text, encoding="utf-8")
    result = run("parse", str(path))
    data = json.loads(result.stdout)
    assert data["document"]["doc_number"] == "东府〔2018〕124号"
    assert [t["id"] for t in data["tasks"]][-1] == "3.5"


def test_parse_csv_has_one_row_per_assignment(plan_path: Path, capsys: Any) -> None:
    assert main(["parse", str(plan_path), "--format", "csv", "-q"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 101
    assert rows[0]["clause_id"] == "2.1.1"
    assert (rows[0]["unit"], rows[0]["role"], rows[0]["line"]) == (
        "市發改局",
        "lead",
        "47",
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("這是一段普通的文字,不是工作方案。".encode(), "work plan"),
    ],
)
def test_parse_errors_are_one_line_without_traceback(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("parse", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and problem in lines[0]


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_parse_decodes_legacy_encodings(
    tmp_path: Path, plan_text: str, encoding: str
) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(plan_text.replace("\xa0", " ").encode(encoding))
    result = run("parse", str(path), "-q")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["document"]["doc_number"] == "東府〔2018〕124號"


def test_bad_date_option_is_a_usage_error() -> None:
    result = run("report", "--as-of", "2020-13-45")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("argv", "shows_repairs", "shows_summary"),
    [
        (["parse", "{path}"], False, True),
        (["-v", "parse", "{path}"], True, True),
        (["parse", "-v", "{path}"], True, True),
        (["-q", "parse", "{path}"], False, False),
    ],
)
def test_verbosity_options_work_before_or_after_the_command(
    plan_path: Path, argv: list[str], shows_repairs: bool, shows_summary: bool
) -> None:
    # The bundled copy lost the closing parenthesis of the tag on line 49:
    # a repair (INFO), summed up in one warning.
    result = run(*(a.format(path=plan_path) for a in argv))
    assert result.returncode == 0
    err = result.stderr
    repair = ":49: responsibility tag has no closing parenthesis"
    assert (repair in err) is shows_repairs
    assert ("read past 4 flaws" in err) is shows_summary


def _arguments(
    parser: argparse.ArgumentParser, command: str
) -> list[tuple[str, argparse.Action]]:
    """Every argument of a parser and of its subcommands, by command."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _arguments(sub, f"{command} {name}")
        else:
            found.append((command, action))
    return found


def test_every_option_of_every_command_has_help() -> None:
    arguments = _arguments(_build_parser(), "integrity-toolkit")
    commands = {command for command, _ in arguments}
    # The walk reaches the nested ledger actions, not only the top level.
    assert {"integrity-toolkit assess", "integrity-toolkit ledger state"} <= commands
    missing = [
        f"{command} {'/'.join(action.option_strings) or action.dest}"
        for command, action in arguments
        if not action.help or action.help == argparse.SUPPRESS
    ]
    assert missing == []


def test_assess_help_describes_the_robustness_options() -> None:
    result = run("assess", "--help")
    assert result.returncode == 0
    assert "15 February" in result.stdout  # --known-at's default
    assert "random weightings" in result.stdout  # --draws and --seed


def test_parse_out_into_missing_folder_refused_before_parsing(
    plan_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nonexist" / "plan.json"
    result = run("parse", str(plan_path), "--out", str(target))
    assert result.returncode == 1
    assert result.stderr == (
        f"integrity-toolkit: error: no folder {tmp_path / 'nonexist'} for --out "
        f"{target}; create the folder first or name a file in an existing one\n"
    )
    assert not (tmp_path / "nonexist").exists()
