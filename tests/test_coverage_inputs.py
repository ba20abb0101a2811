"""Input problems are reported row by row, never guessed; aggregate returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from integrity_toolkit import coverage as cv

A, B = "市人力資源局", "市發改局"
GOOD = ("g", A, "2019-01-01", None, "2019-01-05")


def _records(*rows: tuple[object, ...]) -> pd.DataFrame:
    return pd.DataFrame([GOOD, *rows], columns=list(cv.PERSON_COLUMNS))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the later of two identical rows is left out, the first kept
        (
            [("p", A, "2019-01-01", None, None), ("p", A, "2019-01-01", None, None)],
            [(4, "person_id", "duplicate", None, "excluded")],
        ),
        # in two units at once: every spell of the person is left out
        (
            [("p", A, "2018-01-01", None, None), ("p", B, "2019-01-01", None, None)],
            [
                (3, "joined", "overlapping_spells", "2018-01-01", "excluded"),
                (4, "joined", "overlapping_spells", "2019-01-01", "excluded"),
            ],
        ),
        (
            [
                ("p", A, "2018-01-01", "2019-01-01", "2018-05-01"),
                ("p", B, "2019-01-01", None, "2018-06-01"),
            ],
            [
                (3, "file_created", "conflicting_file_dates", "2018-05-01", "excluded"),
                (4, "file_created", "conflicting_file_dates", "2018-06-01", "excluded"),
            ],
        ),
        (
            [("p", A, "2019-01-01", None, "2018-12-31")],
            [(3, "file_created", "file_before_joining", "2018-12-31", "kept")],
        ),
        # a transfer: the file made in the first unit is not "before joining"
        (
            [
                ("p", A, "2018-01-01", "2019-01-01", "2018-05-01"),
                ("p", B, "2019-01-01", None, "2018-05-01"),
            ],
            [],
        ),
        (
            [("p", A, None, None, None)],
            [(3, "joined", "missing_date", None, "excluded")],
        ),
        (
            [("p", A, "2019/01/05", None, None)],
            [(3, "joined", "bad_date", "2019/01/05", "excluded")],
        ),
        (
            [("p", A, "2019-01-05", "2019-13-01", None)],
            [(3, "left", "bad_date", "2019-13-01", "excluded")],
        ),
        (
            [("p", "市不存在局", "2019-01-05", None, None)],
            [(3, "unit", "unknown_unit", "市不存在局", "excluded")],
        ),
        (
            [("p", None, "2019-01-05", None, None)],
            [(3, "unit", "missing_unit", None, "excluded")],
        ),
        (
            [("p", A, "2019-01-05", "2019-01-04", None)],
            [(3, "left", "left_before_joined", "2019-01-04", "excluded")],
        ),
        (
            [(None, A, "2019-01-05", None, None)],
            [(3, "person_id", "missing_id", None, "excluded")],
        ),
    ],
)
def test_read_spells_problem_rows_reported(
    rows: list[tuple[object, ...]], expected: list[tuple[object, ...]]
) -> None:
    spells = cv.read_spells(_records(*rows))
    columns = ["row", "column", "kind", "value", "action"]
    found = [tuple(r) for r in spells.problems[columns].itertuples(index=False)]
    assert found == expected
    excluded = sum(1 for e in expected if e[-1] == "excluded")
    assert len(spells) == len(rows) + 1 - excluded


def test_read_spells_transfer_marks_both_spells() -> None:
    spells = cv.read_spells(
        _records(
            ("p", A, "2018-01-01", "2019-01-01", None),
            ("p", B, "2019-01-01", None, None),
        )
    )
    assert spells.transfer_out.tolist() == [1]
    assert spells.transfer_in.tolist() == [2]


def test_read_spells_known_units_given_replace_the_plan() -> None:
    records = _records(("p", "鎮人力資源分局", "2019-01-05", None, None))
    spells = cv.read_spells(records, units=[A, "鎮人力資源分局"])
    assert spells.problems.empty
    assert spells.units == (A, "鎮人力資源分局")


@pytest.mark.parametrize(
    ("source", "match"),
    [
        (pd.DataFrame({"person_id": [1], "unit": [A]}), "missing column"),
        ("no/such/file.csv", "no such file"),
    ],
)
def test_read_spells_unreadable_input_raises(source: object, match: str) -> None:
    with pytest.raises(cv.CoverageInputError, match=match):
        cv.read_spells(source)  # type: ignore[arg-type]


def test_read_spells_unknown_suffix_raises(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(cv.CoverageInputError, match=r"give \.csv, \.xlsx or \.parquet"):
        cv.read_spells(path)


def test_read_counts_hand_made_return() -> None:
    """Two units over three month ends; 市發改局 misses February."""
    counts = pd.DataFrame(
        [
            (A, "2019-01-31", 40, 10),
            (B, "2019-01-31", 10, 5),
            (A, "2019-02-28", 40, 20),
            (A, "2019-03-31", 50, 30),
            (B, "2019-03-31", 10, 10),
        ],
        columns=list(cv.RETURN_COLUMNS),
    )
    result = cv.read_counts(counts)
    assert result.table("coverage").loc[A].tolist() == [25.0, 50.0, 60.0]
    overall = result.table("coverage").loc[cv.OVERALL].tolist()
    assert overall[0] == 30.0 and pd.isna(overall[1]) and overall[2] == 400 / 6
    assert pd.isna(result.table("coverage").loc[B].iloc[1])


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        ((A, "2019-01-30", 10, 5), "not_month_end"),
        ((A, "January", 10, 5), "bad_date"),
        ((A, "2019-02-28", 10, 11), "files_exceed_headcount"),
        ((A, "2019-02-28", -1, 0), "bad_count"),
        ((A, "2019-02-28", 2.5, 0), "bad_count"),
        (("市不存在局", "2019-02-28", 10, 5), "unknown_unit"),
        ((A, "2019-01-31", 40, 11), "duplicate"),
    ],
)
def test_read_counts_problem_row_left_out(row: tuple[object, ...], kind: str) -> None:
    counts = pd.DataFrame(
        [(A, "2019-01-31", 40, 10), row], columns=list(cv.RETURN_COLUMNS)
    )
    result = cv.read_counts(counts)
    assert kind in result.problems["kind"].tolist()
    assert 3 in result.problems["row"].tolist()


def test_read_counts_identical_repeat_keeps_one() -> None:
    counts = pd.DataFrame(
        [(A, "2019-01-31", 40, 10), (A, "2019-01-31", 40, 10)],
        columns=list(cv.RETURN_COLUMNS),
    )
    result = cv.read_counts(counts)
    assert result.problems[["row", "kind"]].values.tolist() == [[3, "duplicate"]]
    assert result.table("headcount").loc[A].tolist() == [40]


def test_read_counts_conflicting_repeat_drops_both() -> None:
    counts = pd.DataFrame(
        [(A, "2019-01-31", 40, 10), (A, "2019-01-31", 40, 12), (B, "2019-01-31", 9, 9)],
        columns=list(cv.RETURN_COLUMNS),
    )
    result = cv.read_counts(counts)
    assert result.problems["row"].tolist() == [2, 3]
    assert result.units == [B]


def test_read_counts_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "returns.csv"
    path.write_text(
        "unit,date,headcount,files_established\n市人力資源局,2019-01-31,8,2\n",
        encoding="utf-8",
    )
    result = cv.read_counts(path)
    assert result.monthly["month_end"].tolist()[0] == dt.date(2019, 1, 31)
    assert result.table("coverage").loc[A].tolist() == [25.0]
