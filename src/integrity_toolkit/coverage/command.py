"""The ``integrity-toolkit coverage`` subcommand: rate units against a target.

``integrity-toolkit coverage RECORDS --start 2019-01-01 --as-of 2020-06-30``
reads person-level records (or, with ``--counts``, aggregate returns),
rates every unit against the plan's target and prints the assessment as CSV
(or JSON), units at risk first, small units suppressed. Row problems go to
stderr as one warning line; ``--problems PATH`` writes them in full.

Percentages are rounded to 2 decimals in the output (the library keeps full
precision). CSV cells that a spreadsheet would read as a formula (starting
with ``=``, ``+``, ``-`` or ``@``) are written with a leading ``'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_coverage_command"]

log = logging.getLogger(__name__)

# Library argument names in messages, and the flags that set them here.
_FLAGS = {"in known_units": "with --unit NAME"}
_DECIMALS = 2


def add_coverage_command(
    commands: Any, common: argparse.ArgumentParser, date: Any
) -> None:
    """Register the ``coverage`` subcommand on the CLI's subparsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The CLI's subcommand set, to which ``coverage`` is added.
    common : argparse.ArgumentParser
        The options every command takes (``-v``, ``-q``).
    date : callable
        Reads a date option's text into a ``datetime.date``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_coverage_command(parser.add_subparsers(), argparse.ArgumentParser(
    ...     add_help=False), dt.date.fromisoformat)
    >>> args = parser.parse_args(["coverage", "people.csv", "--as-of", "2020-06-30"])
    >>> args.as_of, args.min_people, args.format
    (datetime.date(2020, 6, 30), 10, 'csv')
    """
    command = commands.add_parser(
        "coverage",
        parents=[common],
        help="rate units against the credit-file coverage target",
    )
    command.add_argument("path", metavar="PATH", help="records (.csv, .xlsx, .parquet)")
    command.add_argument(
        "--as-of",
        type=date,
        required=True,
        metavar="YYYY-MM-DD",
        help="the date to rate at: month ends after it are not used; after the "
        "deadline, units are rated at the deadline",
    )
    command.add_argument(
        "--start", type=date, default=None, metavar="YYYY-MM-DD", help="first month"
    )
    command.add_argument(
        "--counts", action="store_true", help="PATH holds aggregate returns"
    )
    command.add_argument("--targets", metavar="TOML", help="a reviewed targets file")
    command.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="NAME",
        help="accept this unit besides those the plan names (repeat for more)",
    )
    command.add_argument(
        "--min-people",
        type=_people,
        default=10,
        metavar="N",
        help="blank the figures of units with fewer people than N (default: 10)",
    )
    command.add_argument("--problems", metavar="CSV", help="write row problems here")
    command.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="output format (default: csv)",
    )
    command.set_defaults(run=_run)


def _people(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of people; give a whole number 0 or more, "
            "e.g. 10"
        )
    return number


def _run(args: argparse.Namespace) -> int:
    from integrity_toolkit import coverage as cv
    from integrity_toolkit.command_line import output_file
    from integrity_toolkit.tables import formula_safe

    if args.problems:
        output_file(args.problems, "--problems")
    units = cv.known_units(args.unit)
    if args.counts:
        result = cv.read_counts(args.path, units)
    else:
        start = args.start or dt.date(args.as_of.year - 1, 1, 1)
        result = cv.coverage_from_records(args.path, start, args.as_of, units)
    if args.problems:
        formula_safe(_for_cli(result.problems)).to_csv(args.problems, index=False)
    if result.monthly.empty or not result.monthly["headcount"].any():
        found = f"({len(result.problems)} problem(s))"
        what = (
            f"no row can be counted {found}"
            if result.monthly.empty
            else f"no one is counted at any month end up to {args.as_of} {found}"
        )
        raise cv.CoverageInputError(
            args.path,
            [
                f"{what}; write the problems out with --problems PATH and correct "
                "them, or check --start and --as-of against the dates in the file"
            ],
        )
    targets = cv.read_targets(args.targets) if args.targets else cv.default_targets()
    target = targets[0]
    table = cv.suppress_small_units(
        cv.assess(result, target, args.as_of), args.min_people
    )
    last = table.attrs["last_month_end"]
    _warn_dates(
        args.as_of, target.deadline.date, dt.date.fromisoformat(last) if last else None
    )
    table = _rounded(table)
    if args.format == "json":
        payload = {
            "target": target.id,
            "rating_rule": table.attrs["rating_rule"],
            "units": json.loads(table.to_json(orient="records")),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        formula_safe(table).to_csv(sys.stdout, index=False)
    return 0


def _warn_dates(as_of: dt.date, deadline: dt.date, last: dt.date | None) -> None:
    """Say when the figures are not as at the as-of date, and why."""
    rated_at = min(as_of, deadline)
    if as_of > deadline:
        log.warning(
            "--as-of %s is after the deadline %s: units are rated at the deadline",
            as_of,
            deadline,
        )
    if last is not None and last < rated_at:
        log.warning(
            "--as-of %s is after the records' last month end %s: figures are as at %s",
            as_of,
            last,
            last,
        )


def _for_cli(problems: pd.DataFrame) -> pd.DataFrame:
    """Problem messages naming the command's flags, not the library's names."""
    message = problems["message"].astype(str)
    for name, flag in _FLAGS.items():
        message = message.str.replace(name, flag, regex=False)
    return problems.assign(message=message)


def _rounded(table: pd.DataFrame) -> pd.DataFrame:
    """Floats to 2 decimals, ratings and dates as text, for other tools."""
    floats = table.select_dtypes("float").columns
    rounded = table.assign(**{c: table[c].round(_DECIMALS) for c in floats})
    rounded["rating"] = rounded["rating"].astype(str)
    rounded["reach_date"] = rounded["reach_date"].map(
        lambda d: None if d is None or d != d else str(d)
    )
    return rounded
