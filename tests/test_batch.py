"""Batch parsing: many plans into one table, past the files that fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from integrity_toolkit.batch import BATCH_COLUMNS, parse_files, plan_files
from integrity_toolkit.cli import main
from integrity_toolkit.tables import formula_safe

PLAN_A = "一、任務\n1.甲事。(市發改局牽頭,市財政局配合)\n"
PLAN_B = "一、任务\n(一)监督\n乙事。(唐杰同志负责,各部门负责)\n丙事。\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(PLAN_A, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(PLAN_B, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("not a plan file", encoding="utf-8")
    return tmp_path


def test_plan_files_expands_folders_to_text_files(folder: Path) -> None:
    names = [p.relative_to(folder).as_posix() for p in plan_files([folder])]
    assert names == ["a.txt", "empty.txt", "sub/b.txt"]


def test_parse_files_keeps_going_past_a_bad_file(folder: Path) -> None:
    batch = parse_files(plan_files([folder]), progress=False)
    assert [Path(p.source).name for p in batch.plans] == ["a.txt", "b.txt"]
    assert [(Path(e.path).name, "empty" in e.message) for e in batch.errors] == [
        ("empty.txt", True)
    ]


def run_cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    status = main(["parse", *args, "-q"])
    out, err = capsys.readouterr()
    return status, out, err


def test_batch_csv_has_one_row_per_clause_and_unit(folder: Path, capsys: Any) -> None:
    status, out, err = run_cli(capsys, str(folder), "--format", "csv")
    rows = pd.read_csv(pd.io.common.StringIO(out))
    assert status == 1
    assert err.count("error:") == 1 and "empty.txt" in err and "1 of 3" in err
    assert list(rows.columns) == BATCH_COLUMNS
    got = [
        (Path(r.document).name, r.clause_id, r.unit, r.role)
        for r in rows.astype(object).fillna("").itertuples()
    ]
    assert got == [
        ("a.txt", "1.1", "市發改局", "lead"),
        ("a.txt", "1.1", "市財政局", "support"),
        ("b.txt", "1.1", "各部门", "collective"),
        ("b.txt", "1.1", "唐杰同志", "person"),
        ("b.txt", "1.1-b", "", ""),
    ]
    first = rows.iloc[0]
    assert PLAN_A[int(first.start) : int(first.end)] == "市發改局"
    assert PLAN_A[int(first.clause_start) : int(first.clause_end)] == "甲事。"


def test_batch_json_and_parquet_hold_the_same_rows(
    folder: Path, tmp_path: Path, capsys: Any
) -> None:
    files = [str(folder / "a.txt"), str(folder / "sub" / "b.txt")]
    status, out, _ = run_cli(capsys, *files, "--format", "json")
    assert status == 0
    records = json.loads(out)
    target = tmp_path / "plans.parquet"
    assert run_cli(capsys, *files, "--format", "parquet", "--out", str(target))[0] == 0
    table = pd.read_parquet(target)
    units = [u if isinstance(u, str) else None for u in table["unit"]]
    assert [r["unit"] for r in records] == units
    assert len(records) == 5


def test_batch_parquet_without_out_is_refused(folder: Path, capsys: Any) -> None:
    status, _, err = run_cli(capsys, str(folder / "a.txt"), "--format", "parquet")
    assert status == 1
    assert "--out" in err and "Traceback" not in err


def test_batch_of_a_folder_without_plans_is_refused(
    tmp_path: Path, capsys: Any
) -> None:
    status, _, err = run_cli(capsys, str(tmp_path), "--format", "csv")
    assert status == 1
    assert "no plan files" in err


def test_plans_frame_reads_level_and_syntax(folder: Path) -> None:
    from integrity_toolkit.batch import plans_frame

    batch = parse_files(plan_files([folder]), progress=False)
    frame = plans_frame(batch.plans)
    # PLAN_A names 市 units (prefecture); PLAN_B names only a collective actor
    got = frame[["level", "tasks", "tagged", "syntax"]].astype(object)
    assert got.where(got.notna(), None).values.tolist() == [
        ["prefecture", 1, 1, "lead_support"],
        [None, 1, 1, "person"],
    ]


def test_single_file_with_out_writes_the_plan_json(
    folder: Path, tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "a.json"
    status, out, _ = run_cli(capsys, str(folder / "a.txt"), "--out", str(target))
    assert (status, out) == (0, "")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {"document", "tasks", "targets", "warnings"} <= set(data)


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_unwritable_out_is_one_line_error(folder: Path, capsys: Any, fmt: str) -> None:
    target = str(folder / "no-such-folder" / "plans.out")
    status, _, err = run_cli(capsys, str(folder), "--format", fmt, "--out", target)
    assert status == 1
    assert f"no folder {folder / 'no-such-folder'} for --out {target}" in err
    assert "Traceback" not in err and not (folder / "no-such-folder").exists()


FORMULA_PLAN = '1.甲事。(=HYPERLINK("x")負責)\n'


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ['=HYPERLINK("x")', "+A1", "-2+3", "@SUM(A1)"],
            ['\'=HYPERLINK("x")', "'+A1", "'-2+3", "'@SUM(A1)"],
        ),
        (["市發改局", "a=b", "-5", "+1.5", ""], ["市發改局", "a=b", "-5", "+1.5", ""]),
    ],
)
def test_formula_safe_text_cells_quoted(cells: list[str], expected: list[str]) -> None:
    frame = pd.DataFrame({"text": cells, "number": [-1.5] * len(cells)})
    safe = formula_safe(frame)
    assert safe["text"].tolist() == expected
    assert safe["number"].tolist() == [-1.5] * len(cells)


def test_batch_csv_quotes_formula_units(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "a.txt").write_text(FORMULA_PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAN_A, encoding="utf-8")
    status, out, _ = run_cli(capsys, str(tmp_path), "--format", "csv")
    rows = pd.read_csv(pd.io.common.StringIO(out))
    assert status == 0
    assert rows["unit"].tolist()[0] == '\'=HYPERLINK("x")'


def test_parse_csv_single_plan_quotes_formula_units(
    tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(FORMULA_PLAN, encoding="utf-8")
    status, out, _ = run_cli(capsys, str(path), "--format", "csv")
    rows = pd.read_csv(pd.io.common.StringIO(out))
    assert status == 0
    assert rows["unit"].tolist() == ['\'=HYPERLINK("x")']
    assert rows["tag"].tolist() == ['(=HYPERLINK("x")負責)']
