"""Parse many plans into one table: one row per (document, clause, unit).

``integrity-toolkit parse DIR_OR_FILES... --format csv|json|parquet`` uses
:func:`parse_files` and :func:`assignments_table`. A file that cannot be read
or parsed does not stop the run: its error is kept and reported, and the
command exits non-zero at the end. CSV cells a spreadsheet would run as a
formula are quoted (:func:`integrity_toolkit.tables.formula_safe`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from integrity_toolkit.errors import IntegrityToolkitError
from integrity_toolkit.model import Plan, Role, Span

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BATCH_COLUMNS",
    "Batch",
    "BatchError",
    "FileError",
    "assignments_table",
    "open_output",
    "parse_files",
    "plan_files",
    "plan_level",
    "plans_frame",
    "run_batch",
]

log = logging.getLogger(__name__)

#: Columns of the batch table, in order.
BATCH_COLUMNS = [
    "document",
    "doc_number",
    "issuer",
    "task_id",
    "clause_id",
    "tag",
    "unit",
    "normalised",
    "role",
    "order",
    "line",
    "start",
    "end",
    "clause_start",
    "clause_end",
]
_SUFFIXES = (".txt", ".text")


class BatchError(IntegrityToolkitError, ValueError):
    """The batch command was given nothing to parse or nowhere to write."""


def open_output(path: str) -> TextIO:
    """Open a file to write a parse into; a failure names the file and the fix.

    Parameters
    ----------
    path : str
        The file to write (UTF-8); its folder must exist.

    Returns
    -------
    typing.TextIO
        The open file; the caller closes it.

    Examples
    --------
    >>> open_output("/no/such/folder/plans.csv")
    Traceback (most recent call last):
    ...
    integrity_toolkit.batch.BatchError: /no/such/folder/plans.csv: cannot be \
written (No such file or directory); name a file in an existing, writable folder
    """
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise BatchError(
            f"{path}: cannot be written ({exc.strerror}); name a file in an "
            "existing, writable folder"
        ) from None


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be read or parsed, and why."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Batch:
    """The plans parsed from many files, and the files that failed."""

    plans: tuple[Plan, ...]
    errors: tuple[FileError, ...]


def plan_files(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the plan files (``*.txt``) they hold, sorted.

    Files named directly are kept whatever their suffix; a name that does
    not exist is kept too, so that parsing reports it.

    Parameters
    ----------
    inputs : iterable of str or pathlib.Path
        Files and folders; folders are searched with their subfolders.

    Returns
    -------
    list of pathlib.Path
        The files in the order given, each folder's files sorted in its place.

    Examples
    --------
    >>> plan_files(["no-such-plan.txt"])
    [PosixPath('no-such-plan.txt')]
    """
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            paths += sorted(
                p for p in path.rglob("*") if p.suffix in _SUFFIXES and p.is_file()
            )
        else:
            paths.append(path)
    return paths


def parse_files(paths: Sequence[str | Path], progress: bool = True) -> Batch:
    """Parse each file, keeping going past the ones that fail.

    Parameters
    ----------
    paths : sequence of str or Path
        Plan files (UTF-8, GB18030 or Big5).
    progress : bool, optional
        Show a progress bar on standard error (only on a terminal).

    Returns
    -------
    Batch
        The plans in the order given, and one :class:`FileError` per failure.

    Examples
    --------
    >>> from integrity_toolkit.bundled import bundled_plan_path
    >>> batch = parse_files([bundled_plan_path(), "missing.txt"], progress=False)
    >>> len(batch.plans), batch.errors[0].path
    (1, 'missing.txt')
    """
    from tqdm import tqdm

    from integrity_toolkit.bundled import load_plan

    plans: list[Plan] = []
    errors: list[FileError] = []
    for path in tqdm(paths, desc="parsing", unit="file", disable=not progress or None):
        try:
            plans.append(load_plan(path))
        except IntegrityToolkitError as exc:
            errors.append(FileError(str(path), str(exc)))
            log.warning("%s", exc)
    log.info("parsed %d files, %d failed", len(plans), len(errors))
    return Batch(tuple(plans), tuple(errors))


def assignments_table(plans: Iterable[Plan]) -> pd.DataFrame:
    """One row per (document, clause, unit or person), with source offsets.

    ``role`` is ``lead``, ``co``, ``support``, ``collective``, or ``person``
    for a person a tag names; a clause that names nobody has one row with
    no unit. ``start``/``end`` locate the unit, ``clause_start``/
    ``clause_end`` the clause, in the document's text as given.

    Parameters
    ----------
    plans : iterable of Plan
        Parsed plans; ``document`` is each plan's source.

    Returns
    -------
    pandas.DataFrame
        Columns ``BATCH_COLUMNS``: ``document``, ``doc_number``, ``issuer``,
        ``task_id``, ``clause_id``, ``tag``, ``unit``, ``normalised``,
        ``role``, ``order``, ``line``, ``start``, ``end``, ``clause_start``
        and ``clause_end`` (0-based character offsets, end excluded; lines
        1-based).

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("1.甲。(市發改局牽頭,市財政局配合)", source="a.txt")
    >>> assignments_table([plan])[["document", "clause_id", "unit", "role"]]
      document clause_id  unit     role
    0    a.txt       0.1  市發改局     lead
    1    a.txt       0.1  市財政局  support
    """
    import pandas as pd

    rows = [row for plan in plans for row in _rows(plan)]
    table = pd.DataFrame(rows, columns=BATCH_COLUMNS)
    for column in ("order", "line", "start", "end"):
        table[column] = table[column].astype("Int64")
    return table


def plan_level(plan: Plan) -> str | None:
    """The level of government of a plan: its issuer's, else its named units'.

    Without an issuer (a page copied from the middle of a plan), the level
    most of its named units belong to (collective actors left out).

    Parameters
    ----------
    plan : Plan
        A parsed plan.

    Returns
    -------
    str or None
        One of the levels of :func:`~integrity_toolkit.units.government_level`,
        or None when neither issuer nor units say.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan_level(parse_plan("1.甲。(縣發改局、縣財政局負責)"))
    'county'
    """
    from collections import Counter

    from integrity_toolkit.units import government_level

    if plan.document.issuer and (level := government_level(plan.document.issuer)):
        return level
    levels = Counter(
        government_level(a.unit)
        for clause in plan.clauses()
        for a in clause.assignments
        if a.role is not Role.COLLECTIVE
    )
    levels.pop(None, None)
    return levels.most_common(1)[0][0] if levels else None


def plans_frame(plans: Iterable[Plan]) -> pd.DataFrame:
    """One row per plan: who issued it, at which level, and what it holds.

    Columns: ``document``, ``issuer``, ``level``, ``doc_number``, ``date``,
    ``plan_title``, counts of ``parts``, ``groups``, ``tasks``, ``clauses``
    and ``tagged`` clauses, ``syntax`` (the tag syntaxes used, most used
    first, see :func:`~integrity_toolkit.units.tag_syntax`), ``changes``
    (normalisation), ``repairs`` and ``truncated``.

    Parameters
    ----------
    plans : iterable of Plan
        Parsed plans.

    Examples
    --------
    >>> from integrity_toolkit import parse_plan
    >>> plan = parse_plan("1.甲。(市發改局牽頭,市財政局配合)", source="a.txt")
    >>> plans_frame([plan])[["document", "level", "tasks", "tagged", "syntax"]]
      document       level  tasks  tagged        syntax
    0    a.txt  prefecture      1       1  lead_support
    """
    import pandas as pd

    return pd.DataFrame([_plan_row(plan) for plan in plans], columns=_PLAN_COLUMNS)


_PLAN_COLUMNS = [
    "document",
    "issuer",
    "level",
    "doc_number",
    "date",
    "plan_title",
    "parts",
    "groups",
    "tasks",
    "clauses",
    "tagged",
    "syntax",
    "changes",
    "repairs",
    "truncated",
]


def _plan_row(plan: Plan) -> tuple[object, ...]:
    from collections import Counter

    from integrity_toolkit.units import tag_syntax

    doc = plan.document
    clauses = list(plan.clauses())
    syntax = Counter(tag_syntax(c.tag) for c in clauses if c.tag)
    return (
        plan.source,
        doc.issuer,
        plan_level(plan),
        doc.doc_number,
        doc.date,
        doc.plan_title,
        len(plan.parts),
        len(plan.groups),
        len(plan.tasks),
        len(clauses),
        sum(1 for c in clauses if c.tag),
        ", ".join(name for name, _ in syntax.most_common()),
        len(plan.changes),
        len(plan.repairs),
        any(r.kind == "truncated" for r in plan.repairs),
    )


def _rows(plan: Plan) -> Iterable[tuple[object, ...]]:
    doc = (plan.source, plan.document.doc_number, plan.document.issuer)
    for clause in plan.clauses():
        where = (clause.span.start, clause.span.end)
        head = (*doc, clause.task_id, clause.id, clause.tag)
        named: list[tuple[str, str, str, int | None, Span]] = [
            (a.unit, a.normalised, a.role.value, a.order, a.span)
            for a in clause.assignments
        ]
        named += [(p.name, p.name, "person", None, p.span) for p in clause.persons]
        if not named:
            yield (*head, None, None, None, None, None, None, None, *where)
        for name, key, role, order, span in named:
            yield (
                *head,
                name,
                key,
                role,
                order,
                span.line,
                span.start,
                span.end,
                *where,
            )


def run_batch(args: argparse.Namespace) -> int:
    """The ``parse`` command for several files or a folder; return the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line: ``path`` (files and folders), ``format``
        (``csv``, ``json`` or ``parquet``), ``out`` (None for stdout) and
        ``quiet`` (no progress bar).

    Returns
    -------
    int
        0 when every file parsed, 1 when any failed (each failure is one line
        on stderr).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("一、任務\\n1.甲。(市發改局負責)", "utf-8")
    >>> args = argparse.Namespace(path=[str(folder)], format="csv",
    ...                           out=str(folder / "out.csv"), quiet=1)
    >>> run_batch(args)
    0
    >>> row = (folder / "out.csv").read_text("utf-8").splitlines()[1].split(",")
    >>> row[3:9]
    ['1.1', '1.1', '(市發改局負責)', '市發改局', '市发改局', 'lead']
    """
    paths = plan_files(args.path)
    if not paths:
        raise BatchError(f"{', '.join(args.path)}: no plan files (*.txt) found")
    batch = parse_files(paths, progress=not args.quiet)
    table = assignments_table(batch.plans)
    _write(table, args.format, args.out)
    for error in batch.errors:
        print(f"integrity-toolkit: error: {error.message}", file=sys.stderr)
    if batch.errors:
        print(
            f"integrity-toolkit: {len(batch.errors)} of {len(paths)} files failed",
            file=sys.stderr,
        )
    return 1 if batch.errors else 0


def _write(table: pd.DataFrame, fmt: str, out: str | None) -> None:
    if fmt == "parquet":
        if out is None:
            raise BatchError(
                "--format parquet writes a binary file; name it with --out, "
                "e.g. --out plans.parquet"
            )
        open_output(out).close()  # a clear error for a bad path before pyarrow's
        table.to_parquet(out, index=False)
    elif fmt == "json":
        text = table.to_json(orient="records", force_ascii=False, indent=1)
        _text_out(text + "\n", out)
    else:
        from integrity_toolkit.tables import formula_safe

        _text_out(formula_safe(table).to_csv(index=False), out)


def _text_out(text: str, out: str | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    with open_output(out) as handle:
        handle.write(text)
