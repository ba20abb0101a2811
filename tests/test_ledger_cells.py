"""Reading one cell of a return: dates and percents as units write them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrity_toolkit.ledger.validation import parse_date, parse_percent

D = dt.date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("二〇一九年十二月三十一日", D(2019, 12, 31)),
        ("二零一九年十二月一日", D(2019, 12, 1)),
        ("二○一九年十月十日", D(2019, 10, 10)),  # ○ is the circle sign, not 〇
        ("二〇二〇年二月廿九日", D(2020, 2, 29)),  # 廿 is twenty; 2020 is a leap year
        ("2019年十二月卅一日", D(2019, 12, 31)),  # 卅 is thirty
        ("2019年1月十一日", D(2019, 1, 11)),
        ("2019 年 12 月 31 日", D(2019, 12, 31)),
        ("2019.12.31", D(2019, 12, 31)),
        ("2019/12/31", D(2019, 12, 31)),
        ("２０１９．１２．３１", D(2019, 12, 31)),
    ],
)
def test_parse_date_year_first_forms_read(written: str, expected: dt.date) -> None:
    assert parse_date(written) == expected


_YEAR_LAST = r"puts the year last, which returns do not use"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        # Only one reading is a date (31 is no month), and it is refused still.
        ("12/31/2019", rf"^'12/31/2019' {_YEAR_LAST}.*; write it year first, "
         r"as 2019-12-31 or 2019年12月31日$"),
        ("31/12/2019", rf"^'31/12/2019' {_YEAR_LAST}.*as 2019-12-31 or "),
        ("5-5-2020", rf"^'5-5-2020' {_YEAR_LAST}.*as 2020-05-05 or 2020年5月5日$"),
        # Two readings: 1 February or 2 January 2020.
        ("01/02/2020", r"^'01/02/2020' puts the year last and could be either of "
         r"two dates; write 2020-02-01 if 01 is the day or write 2020-01-02 if 01 "
         r"is the month$"),
        # No reading at all.
        ("13/13/2020", r"^'13/13/2020' is not a date; write the date year first"),
        ("二〇一九年十三月一日", r"^'二〇一九年十三月一日' is not a date"),
        ("二〇一九年二十二月一日", r"is not a date"),
        ("二〇一九年十二月一百日", r"is not a date"),
        ("2019-02-29", r"^'2019-02-29' is not a date"),  # 2019 is no leap year
        ("2019年12月", r"^'2019年12月' is not a date"),
    ],
)  # fmt: skip
def test_parse_date_year_last_or_impossible_refused(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(written)


@given(
    st.integers(1, 31),
    st.integers(1, 31),
    st.integers(1900, 2100),
    st.sampled_from("/-."),
)
def test_parse_date_year_last_never_guessed(
    first: int, second: int, year: int, separator: str
) -> None:
    """Whatever the two numbers, a date with the year last gives no date."""
    written = f"{first:02d}{separator}{second:02d}{separator}{year}"
    with pytest.raises(ValueError, match=r"puts the year last|is not a date"):
        parse_date(written)


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (1, "General", 1.0),  # a bare 1 is 1%
        (1, "0%", 100.0),  # in a percent cell, 1 shows as 100%
        (1.0, "0.00%", 100.0),
        (0.01, "0%", 1.0),  # Excel stores 1% typed into a percent cell as 0.01
        ("1", "0%", 1.0),  # text keeps what was typed: the format is for numbers
        ("1%", "General", 1.0),
        ("100%", "General", 100.0),
        (0.5, "General", 50.0),
    ],
)
def test_parse_percent_bare_one_and_percent_format(
    value: Any, number_format: str, expected: float
) -> None:
    assert parse_percent(value, number_format) == expected
