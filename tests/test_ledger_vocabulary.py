"""The ledger's vocabulary: completion, confidence, overdue, periods."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrity_toolkit.ledger import Completion, Confidence, Period, crosswalk
from integrity_toolkit.ledger.validation import parse_date, parse_percent
from integrity_toolkit.ledger.vocabulary import (
    completion_for_percent,
    derive_confidence,
    expected_percent,
    is_overdue,
    parse_completion,
    parse_confidence,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("未啟動", Completion.NOT_STARTED),
        ("未启动", Completion.NOT_STARTED),
        ("有限進展", Completion.LIMITED),
        ("实质进展", Completion.SUBSTANTIAL),
        (" 已完成 ", Completion.COMPLETE),
        ("Complete", Completion.COMPLETE),
        ("not_started", Completion.NOT_STARTED),
        ("未報送", Completion.NO_REPORT),
    ],
)
def test_parse_completion_label_or_code_reads_state(
    text: str, expected: Completion
) -> None:
    assert parse_completion(text) is expected


@pytest.mark.parametrize("text", ["差不多", "", "80%", "進行中"])
def test_parse_completion_unknown_text_raises_listing_labels(text: str) -> None:
    with pytest.raises(
        ValueError, match="write one of 未啟動, 有限進展, 實質進展, 已完成"
    ):
        parse_completion(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("紅", Confidence.RED), ("黄", Confidence.AMBER), ("Green", Confidence.GREEN)],
)
def test_parse_confidence_label_reads_rating(text: str, expected: Confidence) -> None:
    assert parse_confidence(text) is expected


def test_crosswalk_no_report_has_no_percent_band() -> None:
    """No report is its own state: it has no percent, so it never reads as 0."""
    table = crosswalk().set_index("code")
    assert table.loc["no_report", "zh_hant"] == "未報送"
    assert table["percent_min"].isna().sum() == 1
    assert table.loc["not_started", ["percent_min", "percent_max"]].tolist() == [0, 0]
    assert list(table.index) == [
        "no_report",
        "not_started",
        "limited",
        "substantial",
        "complete",
    ]


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (0, Completion.NOT_STARTED),
        (0.5, Completion.LIMITED),
        (49, Completion.LIMITED),
        (50, Completion.SUBSTANTIAL),
        (99.9, Completion.SUBSTANTIAL),
        (100, Completion.COMPLETE),
    ],
)
def test_completion_for_percent_band_edges(
    percent: float, expected: Completion
) -> None:
    assert completion_for_percent(percent) is expected


@pytest.mark.parametrize(
    ("state", "as_of", "expected"),
    [
        (Completion.LIMITED, D(2020, 12, 31), False),  # on the deadline: not yet
        (Completion.LIMITED, D(2021, 1, 1), True),
        (Completion.NO_REPORT, D(2021, 1, 1), True),  # nothing shows it was done
        (Completion.COMPLETE, D(2021, 6, 30), False),
    ],
)
def test_is_overdue_derived_from_deadline(
    state: Completion, as_of: dt.date, expected: bool
) -> None:
    assert is_overdue(state, D(2020, 12, 31), as_of) is expected


def test_is_overdue_without_deadline_never() -> None:
    assert is_overdue(Completion.NOT_STARTED, None, D(2030, 1, 1)) is False


# Start 2020-01-01, deadline 2020-04-10 (100 days later); on 2020-03-01,
# 60 days (31 in January, 29 in February 2020) have passed: 60% expected.
START, DEADLINE, DAY = D(2020, 1, 1), D(2020, 4, 10), D(2020, 3, 1)


def test_expected_percent_by_hand() -> None:
    assert expected_percent(START, DEADLINE, DAY) == 60.0
    assert expected_percent(START, DEADLINE, D(2019, 1, 1)) == 0.0
    assert expected_percent(START, DEADLINE, D(2021, 1, 1)) == 100.0


@pytest.mark.parametrize(
    ("state", "percent", "as_of", "expected"),
    [
        (Completion.SUBSTANTIAL, 50.0, DAY, Confidence.GREEN),  # 10 behind
        (Completion.LIMITED, 49.0, DAY, Confidence.AMBER),  # 11 behind
        (Completion.LIMITED, 30.0, DAY, Confidence.AMBER),  # 30 behind
        (Completion.LIMITED, 29.0, DAY, Confidence.RED),  # 31 behind
        (Completion.SUBSTANTIAL, None, DAY, Confidence.GREEN),  # typical 75
        (Completion.LIMITED, None, DAY, Confidence.RED),  # typical 25: 35 behind
        (Completion.NOT_STARTED, None, D(2020, 1, 5), Confidence.GREEN),  # 4 behind
        (Completion.COMPLETE, 100.0, D(2021, 1, 1), Confidence.GREEN),
        (Completion.SUBSTANTIAL, 95.0, D(2020, 4, 11), Confidence.RED),  # overdue
        (Completion.NO_REPORT, None, DAY, None),
    ],
)
def test_derive_confidence_stated_rule(
    state: Completion,
    percent: float | None,
    as_of: dt.date,
    expected: Confidence | None,
) -> None:
    assert derive_confidence(state, percent, START, DEADLINE, as_of) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019Q4", Period(2019, 4)),
        ("2019-q1", Period(2019, 1)),
        ("２０１９Ｑ２", Period(2019, 2)),
        ("2019年第三季度", Period(2019, 3)),
        ("2019年第4季度", Period(2019, 4)),
    ],
)
def test_period_parse_forms(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["2019Q5", "2019", "Q4 2019", ""])
def test_period_parse_bad_text_raises(text: str) -> None:
    with pytest.raises(ValueError, match=r"e\.g\. 2019Q4"):
        Period.parse(text)


def test_period_bounds_by_hand() -> None:
    assert (Period(2020, 1).start, Period(2020, 1).end) == (
        D(2020, 1, 1),
        D(2020, 3, 31),
    )
    assert Period(2019, 4).end == D(2019, 12, 31)
    assert Period.containing(D(2020, 7, 1)) == Period(2020, 3)


@given(st.integers(1990, 2100), st.integers(1, 4))
def test_period_next_previous_round_trip(year: int, quarter: int) -> None:
    period = Period(year, quarter)
    assert period.next().previous() == period
    assert period.next().start == period.end + dt.timedelta(days=1)
    assert Period.parse(str(period)) == period


@given(st.integers(0, 100))
def test_parse_percent_written_forms_agree(percent: int) -> None:
    """80, "80", "80%" and full-width "８０％" all read as the same percent."""
    wide = str(percent).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    forms = [percent, str(percent), f"{percent}%", f"{wide}％"]
    if 0 < percent < 100:  # 1.0 alone is ambiguous and reads as 1%: see Notes
        forms.append(percent / 100)  # a fraction, as Excel keeps a percent cell
    assert {parse_percent(form) for form in forms} == {float(percent)}


@given(st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)))
def test_parse_date_written_forms_agree(day: dt.date) -> None:
    """ISO text, Chinese text and Excel's serial number name the same day."""
    serial = (day - dt.date(1899, 12, 30)).days
    chinese = f"{day.year}年{day.month}月{day.day}日"
    assert {parse_date(form) for form in (day.isoformat(), chinese, serial)} == {day}
