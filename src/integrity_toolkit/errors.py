"""Errors raised by integrity-toolkit.

Every error derives from :class:`IntegrityToolkitError`; each subclass also
derives from the matching builtin, so ``except ValueError`` keeps working for
callers that do not know this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DocumentReadError",
    "GraphFormatError",
    "IntegrityToolkitError",
    "InvalidDateError",
    "LedgerError",
    "NotAPlanError",
    "OutputFolderError",
    "RegistryError",
    "ReportError",
    "ReturnError",
    "UnknownUnitError",
]


class IntegrityToolkitError(Exception):
    """Root of every error this package raises on purpose.

    :meth:`problem_rows` lists what went wrong as rows (``where``, ``what``,
    ``fix``), so a notebook can show them as a table. A subclass that
    collects many problems keeps them in a ``problems`` attribute.
    """

    def problem_rows(self) -> list[dict[str, str]]:
        """The problems as rows of where, what and how to fix."""
        where = str(getattr(self, "path", getattr(self, "source", "")))
        collected = getattr(self, "problems", None)
        if collected:
            rows = [_problem_row(p, where) for p in collected]
            return sorted(rows, key=_reading_order)
        message = str(getattr(self, "problem", self))
        what, _, fix = message.partition("; ")
        return [{"where": where, "what": what, "fix": fix}]

    def _repr_html_(self) -> str:
        from integrity_toolkit.display import problems_html

        return problems_html(type(self).__name__, self.problem_rows())


def _problem_row(problem: object, where: str) -> dict[str, str]:
    """One collected problem (text, mapping or record) as where/what/fix.

    A problem that names the value it found keeps it under ``value``; one
    with a row number keeps it under ``_order`` to sort by.
    """
    if hasattr(problem, "to_dict"):
        problem = problem.to_dict()
    if not isinstance(problem, dict):
        what, _, fix = str(problem).partition("; ")
        return {"where": where, "what": what, "fix": fix}
    place = [
        str(problem[k]) for k in ("file", "sheet", "row", "column") if problem.get(k)
    ]
    row = {
        "where": ", ".join(place) or str(problem.get("where", where)),
        "what": str(problem.get("problem", problem.get("what", ""))),
        "fix": str(problem.get("fix", problem.get("how_to_fix", ""))),
    }
    if problem.get("value") not in (None, ""):
        row["value"] = str(problem["value"])
    return row


def _reading_order(row: dict[str, str]) -> tuple[str, ...]:
    """Problems by file and sheet, then by row number as a reader counts."""
    parts = row["where"].split(", ")
    return tuple(p.rjust(12, "0") if p.isdigit() else p for p in parts)


class DocumentReadError(IntegrityToolkitError, ValueError):
    """A file could not be read as the text of a plan.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    problem : str
        What is wrong and how to fix it.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class NotAPlanError(IntegrityToolkitError, ValueError):
    """A text was read but holds no structure of a work plan.

    Parameters
    ----------
    source : str
        Where the text came from (a path, or ``"<text>"``).
    problem : str
        What was looked for and not found.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ReportError(IntegrityToolkitError, RuntimeError):
    """A report could not be built; the message names the failing step."""


class LedgerError(IntegrityToolkitError, ValueError):
    """A ledger operation was refused; the message says why and what to do."""


class ReturnError(IntegrityToolkitError, ValueError):
    """One or more progress returns were refused, each whole.

    Parameters
    ----------
    problems : sequence
        Every problem found, each with ``file``, ``sheet``, ``row``,
        ``column``, ``value``, ``problem`` and ``fix`` (see
        :class:`integrity_toolkit.ledger.validation.ReturnProblem`).
    results : sequence, optional
        What the files that were not refused imported.
    """

    def __init__(self, problems: Any, results: Any = ()) -> None:
        # In reading order: by file and sheet, then by row (a whole-file problem first).
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.sheet or "", p.row or 0)
        )
        self.results = list(results)
        files = sorted({p.file for p in self.problems})
        first = self.problems[0] if self.problems else None
        where = f"; first: {first}" if first else ""
        super().__init__(
            f"{len(files)} return(s) refused with {len(self.problems)} problem(s)"
            f" ({', '.join(files)}){where}"
        )

    def frame(self) -> pd.DataFrame:
        """The problems as a table, one row each."""
        import pandas as pd

        return pd.DataFrame([p.to_dict() for p in self.problems])


class UnknownUnitError(IntegrityToolkitError, KeyError):
    """A name or id that the unit registry does not know.

    Parameters
    ----------
    name : str
        The name or id as given.
    candidates : tuple of str
        The closest known names, best first (may be empty).
    """

    def __init__(self, name: str, candidates: tuple[str, ...] = ()) -> None:
        self.name = name
        self.candidates = candidates
        hint = (
            f"closest known names: {', '.join(candidates)}"
            if candidates
            else "no known name is close"
        )
        super().__init__(
            f"unit {name!r} is not in the registry; {hint}. Use a short or full "
            "name in either script (e.g. 市發改局 or 东莞市发展和改革局), or add "
            "the unit to the registry file"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class RegistryError(IntegrityToolkitError, ValueError):
    """A unit registry file is inconsistent; every problem is listed.

    Parameters
    ----------
    source : str
        The registry file.
    problems : list of str
        One sentence per problem, each naming the unit id and field.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listed = "; ".join(problems)
        super().__init__(
            f"{source}: {len(problems)} problem(s) in the unit registry: {listed}"
        )


class GraphFormatError(IntegrityToolkitError, ValueError):
    """A graph cannot be written in the format a file name asks for."""


class InvalidDateError(IntegrityToolkitError, ValueError):
    """A date given as text is not an ISO date (YYYY-MM-DD)."""


class OutputFolderError(IntegrityToolkitError, FileNotFoundError):
    """A file to write was named in a folder that does not exist."""
