"""The ``integrity-toolkit`` command.

``integrity-toolkit parse PATH [--format json|csv]`` prints a plan as data;
``integrity-toolkit parse DIR_OR_FILES... [--format csv|json|parquet]``
parses many into one table;
``integrity-toolkit report [--as-of DATE] [--out DIR]`` builds the progress
report. Errors print one line naming the file and the problem, and the
command exits non-zero without a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from integrity_toolkit.command_line import read_date, read_moment
from integrity_toolkit.errors import IntegrityToolkitError
from integrity_toolkit.ledger_commands import add_ledger_commands

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan

__all__ = ["main"]

PROG = "integrity-toolkit"
EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; default None reads
        ``sys.argv``.

    Returns
    -------
    int
        0 on success, 1 (``EXIT_ERROR``) when the toolkit raised an error or
        the output pipe closed; argparse exits with 2 on a bad command line.

    Examples
    --------
    A missing file is one line on standard error and status 1:

    >>> main(["parse", "no-such-plan.txt"])
    1
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    # -v and -q count both before the command and after it.
    args.verbose += args.verbose_before
    args.quiet += args.quiet_before
    level = logging.WARNING - 10 * args.verbose + 10 * args.quiet
    logging.basicConfig(level=level, format=f"{PROG}: %(levelname)s: %(message)s")
    try:
        return int(args.run(args))
    except IntegrityToolkitError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Turn Chinese government work plans into data.",
    )
    from integrity_toolkit import __version__

    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    # Separate names: a subcommand's own defaults would overwrite the same ones.
    parser.add_argument(
        "-v",
        "--verbose",
        dest="verbose_before",
        action="count",
        default=0,
        help="say more (also after the command)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        dest="quiet_before",
        action="count",
        default=0,
        help="say less (also after the command)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="say more")
    common.add_argument("-q", "--quiet", action="count", default=0, help="say less")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse", parents=[common], help="parse a plan and print it as JSON or CSV"
    )
    parse.add_argument(
        "path",
        metavar="PATH",
        nargs="+",
        help="plan text files (UTF-8, GB18030 or Big5) or folders of them; "
        "several make one table (document, clause, unit, role, offsets)",
    )
    parse.add_argument(
        "--format",
        choices=("json", "csv", "parquet"),
        default="json",
        help="output format",
    )
    parse.add_argument("--out", metavar="PATH", help="write here, not to stdout")
    parse.set_defaults(run=_parse)

    report = commands.add_parser(
        "report", parents=[common], help="build the progress report"
    )
    report.add_argument(
        "--as-of",
        type=read_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date the report speaks for (default: 2020-12-31)",
    )
    report.add_argument(
        "--known-at",
        type=read_moment,
        default=None,
        metavar="TIME",
        help="show what was known at this moment, ISO 8601, UTC; a date means the "
        "end of that day (default: now)",
    )
    report.add_argument(
        "--lang",
        choices=("en", "zh-Hans", "zh-Hant"),
        default="en",
        help="report language (default: en)",
    )
    report.add_argument(
        "--format",
        default="html",
        metavar="html,xlsx,md,pdf",
        help="comma-separated output formats (default: html); a JSON sidecar of "
        "the figures is always written",
    )
    report.add_argument("--out", default="reports", metavar="DIR", help="output folder")
    report.add_argument(
        "--plan",
        default=None,
        metavar="PATH",
        help="a plan file (default: the bundled 東府〔2018〕124號)",
    )
    report.add_argument(
        "--ledger",
        default=None,
        metavar="URL|PATH",
        help="the ledger store to read (default: $INTEGRITY_TOOLKIT_LEDGER, else "
        "the synthetic demo ledger)",
    )
    report.add_argument(
        "--rebuild",
        default=None,
        metavar="SIDECAR.json",
        help="rebuild a past report from its JSON sidecar and check its figures",
    )
    report.set_defaults(run=_report)

    from integrity_toolkit.unit_commands import add_unit_commands

    add_unit_commands(commands, common, read_date)

    from integrity_toolkit.coverage.command import add_coverage_command

    add_coverage_command(commands, common, read_date)
    add_ledger_commands(commands, common)
    from integrity_toolkit.assessment_commands import add_assess_command

    add_assess_command(commands, common, read_date)
    return parser


# The old name of the date reader, for registrations written against it.
_date = read_date


def _parse(args: argparse.Namespace) -> int:
    from integrity_toolkit.bundled import load_plan
    from integrity_toolkit.command_line import output_file

    if args.out:
        output_file(args.out, "--out")
    single = len(args.path) == 1 and not Path(args.path[0]).is_dir()
    if not single or args.format == "parquet":
        from integrity_toolkit.batch import run_batch

        return run_batch(args)
    from integrity_toolkit.batch import open_output

    plan = load_plan(args.path[0])
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open_output(args.out)) if args.out else sys.stdout
        _print_plan(plan, args.format, out)
    return 0


def _print_plan(plan: Plan, fmt: str, out: TextIO) -> None:
    from integrity_toolkit.tables import (
        assignments_frame,
        clauses_frame,
        formula_safe,
    )

    if fmt == "json":
        json.dump(plan.to_dict(), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    clauses = clauses_frame(plan)[["clause_id", "task_id", "tag"]]
    rows = clauses.merge(
        assignments_frame(plan).drop(columns="task_id"), on="clause_id", how="left"
    )
    rows.insert(0, "doc_number", plan.document.doc_number)
    rows["order"] = rows["order"].astype("Int64")
    for column in ("line", "start", "end"):
        rows[column] = rows[column].astype("Int64")
    formula_safe(rows).to_csv(out, index=False)


def _report(args: argparse.Namespace) -> int:
    from integrity_toolkit.report import DEFAULT_AS_OF, build_report, rebuild_report

    if not args.verbose:
        # The report lists the parser's repairs in a section of its own.
        logging.getLogger("integrity_toolkit.parser").setLevel(logging.ERROR)
    formats = args.format.split(",")
    if args.rebuild:
        written = rebuild_report(
            args.rebuild,
            out_dir=args.out,
            plan_path=args.plan,
            formats=formats,
            ledger=args.ledger,
        )
    else:
        written = build_report(
            out_dir=args.out,
            as_of=args.as_of or DEFAULT_AS_OF,
            plan_path=args.plan,
            known_at=args.known_at,
            lang=args.lang,
            formats=formats,
            ledger=args.ledger,
        )
    for path in written.values():
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
