"""Errors raised by integrity-toolkit.

Every error derives from :class:`IntegrityToolkitError`; each subclass also
derives from the matching builtin, so ``except ValueError`` keeps working for
callers that do not know this package.
"""

from __future__ import annotations

__all__ = [
    "DocumentReadError",
    "IntegrityToolkitError",
    "NotAPlanError",
    "ReportError",
]


class IntegrityToolkitError(Exception):
    """Root of every error this package raises on purpose.

    ``problems`` lists what went wrong as rows (``where``, ``what``,
    ``fix``), so a notebook can show them as a table.
    """

    @property
    def problems(self) -> list[dict[str, str]]:
        """The problems as rows of where, what and how to fix."""
        where = str(getattr(self, "path", getattr(self, "source", "")))
        message = str(getattr(self, "problem", self))
        what, _, fix = message.partition("; ")
        return [{"where": where, "what": what, "fix": fix}]

    def _repr_html_(self) -> str:
        from integrity_toolkit.display import problems_html

        return problems_html(type(self).__name__, self.problems)


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
