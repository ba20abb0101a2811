"""What the subcommands share: one reading of a date and of a moment."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from integrity_toolkit.cli import _build_parser
from integrity_toolkit.command_line import moment_from_text, read_date, read_moment
from integrity_toolkit.errors import InvalidDateError
from integrity_toolkit.report import ReportSettings

UTC = dt.timezone.utc
END_OF_15_JANUARY = dt.datetime(2020, 1, 15, 23, 59, 59, 999999, tzinfo=UTC)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2020-01-15", END_OF_15_JANUARY),  # a plain date: the end of that day
        (" 2020-01-15 ", END_OF_15_JANUARY),
        ("2020-01-15T09:00", dt.datetime(2020, 1, 15, 9, 0, tzinfo=UTC)),
        ("2020-01-15 09:00:30", dt.datetime(2020, 1, 15, 9, 0, 30, tzinfo=UTC)),
        # 17:00 in Dongguan (UTC+8) is 09:00 UTC.
        ("2020-01-15T17:00+08:00", dt.datetime(2020, 1, 15, 9, 0, tzinfo=UTC)),
    ],
)
def test_moment_from_text_date_is_end_of_day_utc(
    written: str, expected: dt.datetime
) -> None:
    assert moment_from_text(written) == expected
    assert read_moment(written) == expected


@pytest.mark.parametrize("written", ["15/01/2020", "2020-13-01", "yesterday", ""])
def test_moment_from_text_not_a_moment_refused_with_example(written: str) -> None:
    message = (
        rf"^'{written}' is not a date or a moment; write a date, YYYY-MM-DD "
        r"\(e\.g\. 2020-01-15, meaning the end of that day, UTC\), or a moment"
    )
    with pytest.raises(InvalidDateError, match=message):
        moment_from_text(written)
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        read_moment(written)


def test_read_date_not_a_date_refused_with_example() -> None:
    assert read_date("2020-12-31") == dt.date(2020, 12, 31)
    with pytest.raises(
        argparse.ArgumentTypeError,
        match=r"^'2020/12/31' is not a date; write it as YYYY-MM-DD, "
        r"e\.g\. 2020-12-31$",
    ):
        read_date("2020/12/31")


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--known-at", "2020-01-15"],
        ["ledger", "state", "--known-at", "2020-01-15"],
        ["ledger", "compare", "2019-12-31", "2020-03-31", "--known-at", "2020-01-15"],
    ],
)
def test_known_at_plain_date_end_of_day_in_every_command(args: list[str]) -> None:
    assert _build_parser().parse_args(args).known_at == END_OF_15_JANUARY


def test_report_settings_known_at_plain_date_end_of_day() -> None:
    """The report's notebook parameter reads a date as the command line does."""
    settings = ReportSettings.from_parameters("2019-12-31", "2020-01-15")
    assert settings.known_at == END_OF_15_JANUARY
