"""The ``ledger`` and ``demo`` commands of ``integrity-toolkit``.

``ledger template`` writes the workbooks units fill in, ``ledger import``
reads them back (refusing a bad file whole, with its problems listed),
``ledger state`` prints where every clause stood, ``ledger compare`` what
changed between two dates, ``ledger correct`` and ``ledger override`` add a
correction; ``demo`` fills a store with the synthetic ledger.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from integrity_toolkit.command_line import (
    open_ledger,
    output_file,
    print_table,
    read_date,
    read_moment,
)

__all__ = ["add_ledger_commands"]

_STATE_COLUMNS = [
    "unit",
    "clause_id",
    "role",
    "period",
    "completion",
    "percent",
    "confidence",
    "confidence_source",
    "overdue",
    "deadline",
    "entry_id",
    "recorded_at",
    "synthetic",
]


def add_ledger_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``ledger …`` and ``demo`` on the CLI's subcommand set.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The CLI's subcommand set, to which ``ledger`` and ``demo`` are added.
    common : argparse.ArgumentParser
        The options every command takes (``-v``, ``-q``).

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="integrity-toolkit")
    >>> common = argparse.ArgumentParser(add_help=False)
    >>> add_ledger_commands(parser.add_subparsers(), common)
    >>> args = parser.parse_args(["ledger", "state", "--as-of", "2019-12-31"])
    >>> args.action, args.as_of, args.format
    ('state', datetime.date(2019, 12, 31), 'csv')
    """
    store = argparse.ArgumentParser(add_help=False, parents=[common])
    store.add_argument(
        "--store",
        default=None,
        metavar="URL|PATH",
        help="SQLAlchemy URL or SQLite file (default: $INTEGRITY_TOOLKIT_LEDGER or "
        "data/ledger.sqlite)",
    )
    demo = commands.add_parser(
        "demo", parents=[store], help="fill a store with the synthetic demo ledger"
    )
    demo.set_defaults(run=_demo)
    ledger = commands.add_parser("ledger", help="the progress ledger")
    actions = ledger.add_subparsers(dest="action", required=True, metavar="ACTION")
    _add_template(actions, store)
    _add_import(actions, store)
    _add_state(actions, store)
    _add_corrections(actions, store)


def _add_template(actions: Any, store: argparse.ArgumentParser) -> None:
    template = actions.add_parser(
        "template", parents=[store], help="write the workbook a unit fills in"
    )
    who = template.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="NAME", help="the unit, e.g. 市發改局")
    who.add_argument("--all", action="store_true", help="one workbook per unit")
    template.add_argument(
        "--period", required=True, metavar="YYYYQN", help="the quarter, e.g. 2019Q4"
    )
    template.add_argument(
        "--out",
        default="returns",
        metavar="DIR",
        help="output folder (default: returns)",
    )
    template.set_defaults(run=_template)


def _add_import(actions: Any, store: argparse.ArgumentParser) -> None:
    load = actions.add_parser(
        "import",
        parents=[store],
        help="import filled returns, each whole or not at all",
    )
    load.add_argument("files", nargs="+", metavar="FILE", help="returns (.xlsx)")
    load.add_argument(
        "--errors",
        metavar="PATH.xlsx",
        help="write the problems of refused files to this workbook",
    )
    load.set_defaults(run=_import)


def _add_state(actions: Any, store: argparse.ArgumentParser) -> None:
    state = actions.add_parser(
        "state", parents=[store], help="where every clause stood, as known at a moment"
    )
    compare = actions.add_parser(
        "compare", parents=[store], help="what changed between two reporting dates"
    )
    for parser in (state, compare):
        parser.add_argument(
            "--format",
            choices=("csv", "json"),
            default="csv",
            help="output format (default: csv)",
        )
        parser.add_argument(
            "--known-at",
            type=read_moment,
            default=None,
            metavar="YYYY-MM-DD[THH:MM]",
            help="count only what was recorded by then (UTC; a date means the end "
            "of that day; default: now, or for compare each date's own)",
        )
    state.add_argument(
        "--as-of",
        type=read_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the reporting date whose state to show (default: today)",
    )
    state.set_defaults(run=_state)
    compare.add_argument(
        "before",
        type=read_moment,
        metavar="DATE1",
        help="first reporting date (as of and known at)",
    )
    compare.add_argument(
        "after", type=read_moment, metavar="DATE2", help="second reporting date"
    )
    compare.set_defaults(run=_compare)


def _add_corrections(actions: Any, store: argparse.ArgumentParser) -> None:
    correct = actions.add_parser(
        "correct", parents=[store], help="correct an entry (a new entry supersedes it)"
    )
    override = actions.add_parser(
        "override", parents=[store], help="set a person's confidence rating on an entry"
    )
    for parser in (correct, override):
        parser.add_argument(
            "entry",
            type=int,
            metavar="ENTRY_ID",
            help="the entry to supersede (entry_id in ledger state)",
        )
        parser.add_argument("--reason", required=True, help="why (kept in the ledger)")
        parser.add_argument("--by", required=True, metavar="NAME", help="who")
    correct.add_argument("--status", help="the corrected status, e.g. 實質進展")
    correct.add_argument("--percent", help="the corrected percent, e.g. 80")
    correct.set_defaults(run=_correct)
    override.add_argument("--confidence", required=True, help="紅, 黃 or 綠")
    override.set_defaults(run=_override)


def _demo(args: argparse.Namespace) -> int:
    from integrity_toolkit.ledger.demo import fill_demo_ledger

    ledger = open_ledger(args, create=True)
    results = fill_demo_ledger(ledger, progress=sys.stderr.isatty())
    added = sum(r.added for r in results)
    print(f"{ledger.url}: {added} synthetic entries added (synthetic demo data)")
    return 0


def _template(args: argparse.Namespace) -> int:
    from integrity_toolkit.ledger.excel import write_template

    ledger = open_ledger(args, create=True)
    units = dict.fromkeys(ledger.roster["unit"]) if args.all else [args.unit]
    for unit in units:
        print(write_template(ledger, unit, args.period, _folder(args.out)))
    return 0


def _folder(path: str) -> Any:
    from pathlib import Path

    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _import(args: argparse.Namespace) -> int:
    from integrity_toolkit.errors import LedgerError, ReturnError
    from integrity_toolkit.ledger.excel import import_returns, write_problems_workbook

    if args.errors:
        output_file(args.errors, "--errors")
    ledger = open_ledger(args, create=True)
    try:
        results = import_returns(ledger, args.files, progress=sys.stderr.isatty())
    except ReturnError as exc:
        _print_results(exc.results)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        if args.errors:
            path = write_problems_workbook(exc.problems, args.errors)
            print(f"problems written to {path}", file=sys.stderr)
        files = ", ".join(sorted({p.file for p in exc.problems}))
        raise LedgerError(
            f"{len(exc.problems)} problem(s) above refused {files} "
            "(nothing of them imported); fix them and import the files again"
        ) from None
    _print_results(results)
    return 0


def _print_results(results: Any) -> None:
    for r in results:
        what = "already imported" if r.already_imported else f"{r.added} entries added"
        print(f"{r.file_name}: {what}, {r.unchanged} unchanged")


def _state(args: argparse.Namespace) -> int:
    frame = open_ledger(args).state(as_of=args.as_of, known_at=args.known_at)
    return print_table(frame[_STATE_COLUMNS], args.format)


def _compare(args: argparse.Namespace) -> int:
    from integrity_toolkit.ledger.store import compare_states

    ledger = open_ledger(args)
    before = ledger.state(as_of=args.before, known_at=args.known_at or args.before)
    after = ledger.state(as_of=args.after, known_at=args.known_at or args.after)
    return print_table(compare_states(before, after), args.format)


def _correct(args: argparse.Namespace) -> int:
    from integrity_toolkit.ledger.validation import parse_percent
    from integrity_toolkit.ledger.vocabulary import parse_completion

    changes: dict[str, Any] = {}
    if args.status:
        changes["completion"] = _checked(parse_completion, args.status)
    if args.percent:
        changes["percent"] = _checked(parse_percent, args.percent)
    ledger = open_ledger(args)
    new = ledger.correct(args.entry, args.reason, reporter=args.by, **changes)
    print(f"entry {new} supersedes entry {args.entry}")
    return 0


def _override(args: argparse.Namespace) -> int:
    from integrity_toolkit.ledger.vocabulary import parse_confidence

    rating = _checked(parse_confidence, args.confidence)
    new = open_ledger(args).override_confidence(
        args.entry, rating, args.reason, reporter=args.by
    )
    print(f"entry {new} supersedes entry {args.entry}")
    return 0


def _checked(reader: Any, value: str) -> Any:
    from integrity_toolkit.errors import LedgerError

    try:
        return reader(value)
    except ValueError as exc:
        raise LedgerError(str(exc)) from None
