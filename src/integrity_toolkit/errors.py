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
    "IntegrityToolkitError",
    "LedgerError",
    "NotAPlanError",
    "ReportError",
    "ReturnError",
]


class IntegrityToolkitError(Exception):
    """Root of every error this package raises on purpose."""


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
        self.problems = list(problems)
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
