"""The ``integrity-toolkit assess`` subcommand: score every unit for a year.

``integrity-toolkit assess --year 2019 [--store URL] [--scheme TOML]
[--add-records CSV] [--draws N --seed S --concentration K] [--format csv|json]``
scores every unit on the ledger's state at the end of the year under the
scheme (the shipped one for the year by default) and prints one row per
unit: total, rank, grade, points per indicator, deductions, the
explanation and, with ``--draws``, the rank interval, the probability of
the published grade and whether the grade flips; ``synthetic`` says whether
the ledger's returns are synthetic demo data.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

__all__ = ["add_assess_command"]


def add_assess_command(
    commands: Any, common: argparse.ArgumentParser, date: Callable[[str], dt.date]
) -> None:
    """Register the ``assess`` subcommand on the CLI's subparsers.

    ``date`` reads a date option (the CLI's, so every command words a bad
    date the same way).

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The CLI's subcommand set, to which ``assess`` is added.
    common : argparse.ArgumentParser
        The options every command takes (``-v``, ``-q``).
    date : callable
        Reads a date option's text into a ``datetime.date``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_assess_command(parser.add_subparsers(), argparse.ArgumentParser(
    ...     add_help=False), dt.date.fromisoformat)
    >>> args = parser.parse_args(["assess", "--year", "2019", "--draws", "100"])
    >>> args.year, args.draws, args.seed, args.format
    (2019, 100, 0, 'csv')
    """
    command = commands.add_parser(
        "assess", parents=[common], help="score, rank and grade every unit for a year"
    )
    command.add_argument(
        "--year", type=int, required=True, metavar="YYYY", help="the year to assess"
    )
    command.add_argument("--store", metavar="URL|PATH", help="the ledger store")
    command.add_argument(
        "--scheme",
        metavar="TOML",
        help="your own scheme file (default: the shipped scheme for --year)",
    )
    command.add_argument(
        "--add-records",
        metavar="CSV",
        help="append dishonesty records (unit,date,kind,source[,action,supersedes,"
        "reason]) to the store first",
    )
    command.add_argument(
        "--known-at",
        type=date,
        metavar="YYYY-MM-DD",
        help="count what was recorded by the end of this day (default: 15 February "
        "of the next year)",
    )
    command.add_argument(
        "--draws",
        type=int,
        default=0,
        metavar="N",
        help="check the ranks against N random weightings (default: 0, no check)",
    )
    command.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="S",
        help="seed of the random weightings (default: 0)",
    )
    command.add_argument(
        "--concentration",
        type=float,
        default=100.0,
        metavar="K",
        help="how close the random weights stay to the published ones; larger is "
        "closer (default: 100)",
    )
    command.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="output format (default: csv)",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import pandas as pd

    from integrity_toolkit import assessment as am
    from integrity_toolkit.command_line import open_ledger, print_table

    scheme = _scheme(args)
    # Adding records may start a store; scoring alone reads an existing one.
    ledger = open_ledger(args, create=bool(args.add_records))
    if args.add_records:
        am.add_records(ledger, pd.read_csv(args.add_records))
    inputs = am.assessment_inputs(ledger, args.year, known_at=args.known_at)
    result = am.score_units(scheme, **inputs, year=args.year)
    table = result.scores.assign(synthetic=result.synthetic)
    if args.draws:
        check = am.robustness(result, args.draws, args.concentration, args.seed)
        columns = ["rank_low", "rank_high", "p_published_grade", "flips"]
        table = table.join(check.units[columns])
    return print_table(table, args.format)


def _scheme(args: argparse.Namespace) -> Any:
    """The scheme ``--scheme`` names, else the shipped one for ``--year``.

    A year with no shipped scheme is refused naming the option to use, not
    the Python function the library's own message suggests.
    """
    from integrity_toolkit import assessment as am

    if args.scheme:
        return am.read_scheme(args.scheme)
    shipped = am.scheme_years()
    if args.year not in shipped:
        raise am.SchemeError(
            f"<default scheme {args.year}>",
            [
                f"no shipped scheme for {args.year}; shipped years are {shipped}: "
                "pass your own with --scheme FILE.toml"
            ],
        )
    return am.default_scheme(args.year)
