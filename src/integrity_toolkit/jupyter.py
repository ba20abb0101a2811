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
) -> None:
    from IPython.display import HTML, display

    assert isinstance(value, IntegrityToolkitError)  # IPython routes only these here
    display(HTML(value._repr_html_()))


def load_ipython_extension(ipython: Any) -> None:
    """Show the toolkit's errors as tables of problems."""
    ipython.set_custom_exc((IntegrityToolkitError,), _show_problems)


def unload_ipython_extension(ipython: Any) -> None:
    """Restore IPython's own traceback display."""
    ipython.set_custom_exc((), None)
