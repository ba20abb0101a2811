"""The ``integrity-toolkit coverage`` subcommand: rate units against a target.

``integrity-toolkit coverage RECORDS --start 2019-01-01 --as-of 2020-06-30``
reads person-level records (or, with ``--counts``, aggregate returns),
rates every unit against the plan's target and prints the assessment as CSV
(or JSON), units at risk first, small units suppressed. Row problems go to
stderr as one warning line; ``--problems PATH`` writes them in full.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

__all__ = ["add_coverage_command"]


def add_coverage_command(
    commands: Any, common: argparse.ArgumentParser, date: Any
) -> None:
    """Register the ``coverage`` subcommand on the CLI's subparsers.

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
    command.add_argument("--as-of", type=date, required=True, metavar="YYYY-MM-DD")
    command.add_argument(
        "--start", type=date, default=None, metavar="YYYY-MM-DD", help="first month"
    )
    command.add_argument(
        "--counts", action="store_true", help="PATH holds aggregate returns"
    )
    command.add_argument("--targets", metavar="TOML", help="a reviewed targets file")
    command.add_argument("--unit", action="append", default=[], help="a known unit")
    command.add_argument("--min-people", type=int, default=10, metavar="N")
    command.add_argument("--problems", metavar="CSV", help="write row problems here")
    command.add_argument("--format", choices=("csv", "json"), default="csv")
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from integrity_toolkit import coverage as cv

    units = cv.known_units(args.unit)
    if args.counts:
        result = cv.read_counts(args.path, units)
    else:
        start = args.start or dt.date(args.as_of.year - 1, 1, 1)
        result = cv.coverage_from_records(args.path, start, args.as_of, units)
    target = (cv.read_targets(args.targets) if args.targets else cv.default_targets())[
        0
    ]
    table = cv.suppress_small_units(
        cv.assess(result, target, args.as_of), args.min_people
    )
    if args.problems:
        result.problems.to_csv(args.problems, index=False)
    table["rating"] = table["rating"].astype(str)
    if args.format == "json":
        payload = {
            "target": target.id,
            "rating_rule": table.attrs["rating_rule"],
            "units": json.loads(table.to_json(orient="records", date_format="iso")),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        table.to_csv(sys.stdout, index=False)
    return 0
