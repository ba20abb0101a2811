"""The IPython extension: ``%load_ext integrity_toolkit``.

With it loaded, an error raised by the toolkit in a notebook shows as a
table of problems (where, what, how to fix) instead of a traceback.
"""

from __future__ import annotations

from typing import Any

from integrity_toolkit.errors import IntegrityToolkitError

__all__ = ["load_ipython_extension", "unload_ipython_extension"]


def _show_problems(
    shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None
) -> list[str]:
    """Show the problems as a table, then the error as one line, no traceback.

    The table carries HTML for JupyterLab and plain text for a terminal. The
    line (error name and message) is the cell's error output: what JupyterLab
    shows in red, and what nbconvert and nbclient report when a cell fails.
    """
    from IPython.display import display

    from integrity_toolkit.display import problems_text

    assert isinstance(value, IntegrityToolkitError)  # IPython routes only these here
    rows = value.problem_rows()
    display(
        {
            "text/html": value._repr_html_(),
            "text/plain": problems_text(type(value).__name__, rows),
        },
        raw=True,
    )
    line = [f"{type(value).__name__}: {value}"]
    shell._showtraceback(etype, value, line)
    return line


def load_ipython_extension(ipython: Any) -> None:
    """Show the toolkit's errors as tables of problems.

    Parameters
    ----------
    ipython : IPython.core.interactiveshell.InteractiveShell
        The running shell; ``%load_ext integrity_toolkit.jupyter`` passes it.

    Examples
    --------
    >>> class Shell:
    ...     def set_custom_exc(self, kinds, handler):
    ...         self.kinds = kinds
    >>> shell = Shell()
    >>> load_ipython_extension(shell)
    >>> shell.kinds == (IntegrityToolkitError,)
    True
    """
    ipython.set_custom_exc((IntegrityToolkitError,), _show_problems)


def unload_ipython_extension(ipython: Any) -> None:
    """Restore IPython's own traceback display.

    Parameters
    ----------
    ipython : IPython.core.interactiveshell.InteractiveShell
        The running shell; ``%unload_ext integrity_toolkit.jupyter`` passes it.

    Examples
    --------
    >>> class Shell:
    ...     def set_custom_exc(self, kinds, handler):
    ...         self.kinds = kinds
    >>> shell = Shell()
    >>> unload_ipython_extension(shell)
    >>> shell.kinds
    ()
    """
    ipython.set_custom_exc((), None)
