"""What the subcommands of ``integrity-toolkit`` share.

How a date and a moment are read from the command line, how the ledger store
named by ``--store`` is opened, how a file to write is checked, and how a
table is printed as CSV or JSON.
Every subcommand module uses these, so that ``--known-at 2020-01-15`` means
one thing everywhere and a bad value is worded one way.

A moment (``--known-at``) is ISO 8601, in UTC unless it names its offset.
A plain date given for a moment means the **end** of that day, UTC: "as
known at 2020-01-15" counts everything recorded on 15 January, as the
ledger's own ``known_at`` does (:meth:`~integrity_toolkit.ledger.Ledger.state`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from integrity_toolkit.ledger.store import Ledger

__all__ = [
    "moment_from_text",
    "open_ledger",
    "output_file",
    "print_table",
    "read_date",
    "read_moment",
]

_MOMENT_FIX = (
    "write a date, YYYY-MM-DD (e.g. 2020-01-15, meaning the end of that day, "
    "UTC), or a moment, YYYY-MM-DDTHH:MM (UTC, e.g. 2020-01-15T09:00)"
)


def read_date(value: str) -> dt.date:
    """A date option (``--as-of``), written YYYY-MM-DD.

    Parameters
    ----------
    value : str
        The option's text, an ISO date (``YYYY-MM-DD``).

    Returns
    -------
    datetime.date
        The date; other text raises argparse.ArgumentTypeError, which argparse
        reports as a usage error.

    Examples
    --------
    >>> read_date("2020-12-31")
    datetime.date(2020, 12, 31)
    >>> read_date("31/12/2020")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '31/12/2020' is not a date; write it as \
YYYY-MM-DD, e.g. 2020-12-31
    """
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2020-12-31"
        ) from None


def moment_from_text(text: str) -> dt.datetime:
    """A moment in UTC from ISO 8601 text; a plain date is the end of that day.

    Parameters
    ----------
    text : str
        An ISO date (``2020-01-15``) or date and time (``2020-01-15T09:00``,
        with or without an offset); surrounding spaces are ignored. A moment
        without an offset is read as UTC.

    Returns
    -------
    datetime.datetime
        The moment, aware, in UTC.

    Raises
    ------
    InvalidDateError
        The text is neither a date nor a moment.

    Examples
    --------
    >>> moment_from_text("2020-01-15").isoformat()
    '2020-01-15T23:59:59.999999+00:00'
    >>> moment_from_text("2020-01-15T09:00").isoformat()
    '2020-01-15T09:00:00+00:00'
    >>> moment_from_text("2020-01-15T09:00+08:00").isoformat()
    '2020-01-15T01:00:00+00:00'
    """
    from integrity_toolkit.errors import InvalidDateError

    text = text.strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return dt.datetime.combine(day, dt.time.max, tzinfo=dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidDateError(
            f"{text!r} is not a date or a moment; {_MOMENT_FIX}"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def read_moment(value: str) -> dt.datetime:
    """A moment option (``--known-at``): see :func:`moment_from_text`.

    Parameters
    ----------
    value : str
        The option's text, as :func:`moment_from_text` reads it.

    Returns
    -------
    datetime.datetime
        The moment in UTC; other text raises argparse.ArgumentTypeError.

    Examples
    --------
    >>> read_moment("2019-12-31").isoformat(sep=" ", timespec="minutes")
    '2019-12-31 23:59+00:00'
    """
    try:
        return moment_from_text(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def open_ledger(args: argparse.Namespace, create: bool = False) -> Ledger:
    """The ledger named by ``args.store`` (else ``$INTEGRITY_TOOLKIT_LEDGER``,
    else ``data/ledger.sqlite``), tracking the bundled plan.

    Only commands that add to the ledger (import, demo, template, assess
    with records) pass ``create``: a read-only command refuses a store with
    no ledger rather than make one.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line; ``store`` (a SQLite file or SQLAlchemy URL,
        or None) and ``verbose`` are read. Unless ``verbose``, the bundled
        plan's known repairs are not logged.
    create : bool, default False
        If True, make the ledger when the store has none.

    Returns
    -------
    Ledger
        The ledger, open on its store.

    Examples
    --------
    >>> import tempfile
    >>> args = argparse.Namespace(store=tempfile.mkdtemp() + "/l.sqlite", verbose=0)
    >>> open_ledger(args).entries()
    Traceback (most recent call last):
    ...
    integrity_toolkit.errors.LedgerError: no ledger at ...
    >>> len(open_ledger(args, create=True).entries())
    0
    """
    from integrity_toolkit.bundled import load_plan
    from integrity_toolkit.ledger.store import DEFAULT_STORE, STORE_ENV, Ledger

    # The bundled plan's repairs are known (README, plan.repairs); repeating them
    # on every ledger command would bury what the command has to say.
    parser_log = logging.getLogger("integrity_toolkit.parser")
    level = parser_log.level
    if not args.verbose:
        parser_log.setLevel(logging.ERROR)
    try:
        plan = load_plan()
    finally:
        parser_log.setLevel(level)
    store = args.store or os.environ.get(STORE_ENV) or DEFAULT_STORE
    return Ledger(store, plan=plan, create=create)


def output_file(path: str, option: str) -> Path:
    """A file an option names to write to, refused if its folder does not exist.

    A command checks its output files before doing any work, and never
    creates folders for them: a mistyped folder is reported, not made.
    (A folder option, such as ``report --out``, is created as needed.)

    Parameters
    ----------
    path : str
        The file, as the user named it.
    option : str
        The option that named it, e.g. ``--export``, for the message.

    Returns
    -------
    pathlib.Path
        The file, whose folder exists.

    Raises
    ------
    OutputFolderError
        The file's folder does not exist (or is not a folder).

    Examples
    --------
    >>> output_file("plan.gexf", "--export")
    PosixPath('plan.gexf')
    >>> output_file("/no/such/folder/plan.gexf", "--export")
    Traceback (most recent call last):
    ...
    integrity_toolkit.errors.OutputFolderError: no folder /no/such/folder for \
--export /no/such/folder/plan.gexf; create the folder first or name a file in \
an existing one
    """
    from integrity_toolkit.errors import OutputFolderError

    target = Path(path)
    if not target.parent.is_dir():
        raise OutputFolderError(
            f"no folder {target.parent} for {option} {path}; create the folder "
            "first or name a file in an existing one"
        )
    return target


def print_table(frame: pd.DataFrame, fmt: str) -> int:
    """Print a table to stdout as ``csv`` or ``json`` (records); return 0.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table; its index is not written.
    fmt : str
        ``json`` (a list of records, dates in ISO) or anything else for CSV.

    Examples
    --------
    >>> import pandas as pd
    >>> print_table(pd.DataFrame({"unit": ["市監委"], "percent": [80.0]}), "json")
    [
     {
      "unit": "市監委",
      "percent": 80.0
     }
    ]
    0
    """
    if fmt == "json":
        json.dump(
            json.loads(frame.to_json(orient="records", date_format="iso")),
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        frame.to_csv(sys.stdout, index=False)
    return 0
