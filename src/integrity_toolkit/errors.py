"""Errors raised by integrity-toolkit.

Every error derives from :class:`IntegrityToolkitError`; each subclass also
derives from the matching builtin, so ``except ValueError`` keeps working for
callers that do not know this package.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    "UnknownIdError",
    "UnknownLanguageError",
    "UnknownUnitError",
    "WrongTypeError",
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


class _InputError(IntegrityToolkitError):
    """One value given to the toolkit is wrong: where, what, the value, how to fix.

    The message reads ``where 'value': what; fix``, the notebook table has
    one row with the same four cells.

    Parameters
    ----------
    what : str
        What is wrong. Without ``fix``, the text after its first ``"; "`` is
        the fix (the form of a plain message).
    fix : str, optional
        How to fix it, as an action.
    where : str, optional
        The parameter (``as_of``, ``lang``) or place the value was given.
    value : str, optional
        The value as given, when it is text worth quoting.
    """

    def __init__(
        self, what: str, fix: str = "", *, where: str = "", value: str | None = None
    ) -> None:
        if not fix:
            what, _, fix = what.partition("; ")
        self.where, self.what, self.fix, self.value = where, what, fix, value
        self.problems = [{"where": where, "value": value, "what": what, "fix": fix}]
        quoted = "" if value is None else repr(value)
        head = " ".join(part for part in (where, quoted) if part)
        message = f"{head}: {what}" if head else what
        super().__init__(f"{message}; {fix}" if fix else message)


class InvalidDateError(_InputError, ValueError):
    """A date is neither a date nor ISO text (``YYYY-MM-DD``).

    Parameters
    ----------
    what : str
        What is wrong (or the whole message, with the fix after ``"; "``).
    fix : str, optional
        How to write the date.
    where : str, optional
        The parameter the date was given as (``as_of``).
    value : str, optional
        The text as given.

    Examples
    --------
    >>> error = InvalidDateError("not a date", "write it as YYYY-MM-DD",
    ...                          where="as_of", value="yesterday")
    >>> str(error)
    "as_of 'yesterday': not a date; write it as YYYY-MM-DD"
    """


class UnknownLanguageError(_InputError, ValueError):
    """A language code that is not ``en``, ``zh-Hans`` or ``zh-Hant``.

    Parameters
    ----------
    code : object
        The code as given.
    codes : sequence of str
        The codes the toolkit knows.
    """

    def __init__(self, code: object, codes: Sequence[str]) -> None:
        self.code = code
        known = ", ".join(codes)
        if isinstance(code, str):
            what, value = "not a language code", code
        else:
            what, value = (
                f"{code!r} ({type(code).__name__}) is not a language code",
                None,
            )
        super().__init__(
            what,
            f"write one of {known} (case does not matter: EN, zh-hans and zh_Hant "
            "are read too)",
            where="lang",
            value=value,
        )


class UnknownIdError(_InputError, KeyError):
    """An id (of a task, a clause) that the plan does not have.

    Parameters
    ----------
    what : str
        Which id is missing and where it was looked for.
    fix : str
        The ids there are, and how to list them.
    where : str, optional
        The plan's source.
    value : str, optional
        The id as given.
    """

    def __str__(self) -> str:
        return str(self.args[0])


class WrongTypeError(_InputError, TypeError):
    """A value of the wrong kind was given (a path where a plan is expected).

    Parameters
    ----------
    what : str
        What was expected and what was given.
    fix : str
        How to get the right kind of value.
    where : str, optional
        The parameter it was given as.
    value : str, optional
        The value, when it is short text worth quoting.
    """


class OutputFolderError(IntegrityToolkitError, FileNotFoundError):
    """A file to write was named in a folder that does not exist."""
