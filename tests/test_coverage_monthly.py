"""Coverage at month ends, against a small population counted by hand.

Six people, two units (A = 市人力資源局, B = 市發改局), January to April 2019:

- p1  A  joined 2018-06-01, in post,        file 2019-02-15
- p2  A  joined 2019-01-31, left 2019-03-31, file 2019-01-31
- p3  A  joined 2017-01-01, left 2019-02-10  then
      B  joined 2019-02-10, in post,        file 2019-03-05  (a transfer)
- p4  B  joined 2019-04-01, in post,        no file
- p5  B  joined 2016-05-05, left 2019-04-30, file 2015-01-01 (before joining)
- p6  B  joined 2019-02-01, in post,        file 2019-02-28

Counted at a month end m: joined on or before m and not left on or before m.
Covered: counted, and the file created on or before m.

        A: counted / covered       B: counted / covered
Jan     p1 p2 p3 / p2     3/1      p5       / p5        1/1
Feb     p1 p2    / p1 p2  2/2      p3 p5 p6 / p5 p6     3/2
Mar     p1       / p1     1/1      p3 p5 p6 / p3 p5 p6  3/3
Apr     p1       / p1     1/1      p3 p4 p6 / p3 p6     3/2
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrity_toolkit import coverage as cv

A, B = "市人力資源局", "市發改局"
JAN, APR = dt.date(2019, 1, 31), dt.date(2019, 4, 30)
ENDS = [JAN, dt.date(2019, 2, 28), dt.date(2019, 3, 31), APR]


def hand_population() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("ID-p1", A, "2018-06-01", None, "2019-02-15"),
            ("ID-p2", A, "2019-01-31", "2019-03-31", "2019-01-31"),
            ("ID-p3", A, "2017-01-01", "2019-02-10", "2019-03-05"),
            ("ID-p3", B, "2019-02-10", None, "2019-03-05"),
            ("ID-p4", B, "2019-04-01", None, None),
            ("ID-p5", B, "2016-05-05", "2019-04-30", "2015-01-01"),
            ("ID-p6", B, "2019-02-01", None, "2019-02-28"),
        ],
        columns=list(cv.PERSON_COLUMNS),
    )


@pytest.fixture(scope="module")
def hand() -> cv.Coverage:
    return cv.coverage_from_records(hand_population(), JAN, APR)


@pytest.mark.parametrize(
    ("unit", "column", "expected"),
    [
        (A, "headcount", [3, 2, 1, 1]),
        (A, "covered", [1, 2, 1, 1]),
        (B, "headcount", [1, 3, 3, 3]),
        (B, "covered", [1, 2, 3, 2]),
        (cv.OVERALL, "headcount", [4, 5, 4, 4]),
        (cv.OVERALL, "covered", [2, 4, 4, 3]),
        (A, "joiners", [1, 0, 0, 0]),
        (A, "leavers", [0, 0, 1, 0]),
        (A, "transfers_out", [0, 1, 0, 0]),
        (A, "transfers_in", [0, 0, 0, 0]),
        (B, "joiners", [0, 1, 0, 1]),
        (B, "transfers_in", [0, 1, 0, 0]),
        (B, "leavers", [0, 0, 0, 1]),
        (cv.OVERALL, "joiners", [1, 1, 0, 1]),
        (cv.OVERALL, "leavers", [0, 0, 1, 1]),
    ],
)
def test_monthly_coverage_hand_population_counts(
    hand: cv.Coverage, unit: str, column: str, expected: list[int]
) -> None:
    assert hand.table(column).loc[unit].tolist() == expected


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (A, [100 / 3, 100.0, 100.0, 100.0]),
        (B, [100.0, 200 / 3, 100.0, 200 / 3]),
        (cv.OVERALL, [50.0, 80.0, 100.0, 75.0]),
    ],
)
def test_monthly_coverage_hand_population_percent(
    hand: cv.Coverage, unit: str, expected: list[float]
) -> None:
    assert hand.table("coverage").loc[unit].tolist() == pytest.approx(expected)


def test_monthly_coverage_month_ends_are_the_last_days(hand: cv.Coverage) -> None:
    assert list(hand.table().columns) == ENDS


def test_monthly_coverage_file_before_joining_reported_and_kept(
    hand: cv.Coverage,
) -> None:
    assert hand.problems[["row", "kind", "action"]].values.tolist() == [
        [7, "file_before_joining", "kept"]
    ]


def test_monthly_coverage_outputs_hold_no_person_id(hand: cv.Coverage) -> None:
    shown = hand.monthly.to_csv() + hand.problems.to_csv()
    assert "ID-" not in shown


def test_monthly_coverage_unit_without_people_in_window_has_zero_and_no_percent() -> (
    None
):
    records = pd.DataFrame(
        [("x", A, "2019-03-01", None, None)], columns=list(cv.PERSON_COLUMNS)
    )
    result = cv.coverage_from_records(records, JAN, APR)
    assert result.table("headcount").loc[A].tolist() == [0, 0, 1, 1]
    assert result.table("coverage").loc[A].isna().tolist() == [True, True, False, False]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_coverage_from_records_file_kinds_read_alike(
    tmp_path: Path, hand: cv.Coverage, suffix: str
) -> None:
    path = tmp_path / f"records{suffix}"
    frame = hand_population()
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".xlsx":
        dated = frame.copy()
        for column in ("joined", "left", "file_created"):
            dated[column] = pd.to_datetime(dated[column])
        dated.to_excel(path, index=False)
    else:
        frame.to_parquet(path)
    result = cv.coverage_from_records(path, JAN, APR)
    pd.testing.assert_frame_equal(result.monthly, hand.monthly)
    assert result.source == str(path)


_spell = st.tuples(
    st.integers(0, 3),  # person
    st.sampled_from([A, B]),
    st.integers(0, 150),  # joined, days after 2018-12-01
    st.none() | st.integers(0, 150),  # left
    st.none() | st.integers(0, 150),  # file created
)


def _frame(spells: list[tuple[int, str, int, int | None, int | None]]) -> pd.DataFrame:
    day0 = dt.date(2018, 12, 1)

    def day(n: int | None) -> str | None:
        return None if n is None else (day0 + dt.timedelta(days=n)).isoformat()

    rows = [
        (f"q{p}", u, day(j), None if le is None else day(j + le), day(f))
        for p, u, j, le, f in spells
    ]
    return pd.DataFrame(rows, columns=list(cv.PERSON_COLUMNS))


def _by_definition(records: pd.DataFrame, unit: str, end: dt.date) -> tuple[int, int]:
    """Counted and covered at a month end, one record at a time, as defined."""
    counted = covered = 0
    for row in records.itertuples():
        if row.unit != unit or dt.date.fromisoformat(row.joined) > end:
            continue
        if isinstance(row.left, str) and dt.date.fromisoformat(row.left) <= end:
            continue
        counted += 1
        filed = row.file_created
        covered += isinstance(filed, str) and dt.date.fromisoformat(filed) <= end
    return counted, covered


@settings(max_examples=60, deadline=None)
@given(st.lists(_spell, max_size=8))
def test_monthly_coverage_agrees_with_definition_and_movements_add_up(
    spells: list[tuple[int, str, int, int | None, int | None]],
) -> None:
    records = _frame(spells)
    read = cv.read_spells(records, units=[A, B])
    excluded = read.problems.loc[read.problems["action"] == "excluded", "row"] - 2
    clean = records.drop(index=excluded.tolist())
    result = cv.monthly_coverage(read, dt.date(2018, 12, 1), dt.date(2019, 4, 1))
    frame = result.monthly.set_index(["unit", "month_end"])
    for unit in result.units:
        rows = frame.loc[unit]
        for end, row in rows.iterrows():
            assert (row["headcount"], row["covered"]) == _by_definition(
                clean, unit, end
            )
        change = rows["joiners"] + rows["transfers_in"] - rows["leavers"]
        change -= rows["transfers_out"]
        assert (rows["headcount"].diff().iloc[1:] == change.iloc[1:]).all()
    assert result.monthly["coverage"].dropna().between(0, 100).all()


def test_monthly_coverage_end_before_start_raises() -> None:
    spells = cv.read_spells(hand_population())
    with pytest.raises(cv.CoverageInputError, match="comes before the first"):
        cv.monthly_coverage(spells, APR, JAN)
