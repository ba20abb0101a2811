"""Build the progress report: execute the report notebook, export HTML.

The notebook ``progress_report.ipynb`` is executed with nbclient after its
parameters are written into a cell that follows the one tagged
``parameters`` (papermill's convention); nbconvert then exports it to HTML
with the code hidden. The file is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from integrity_toolkit.errors import ReportError

__all__ = ["DEFAULT_AS_OF", "build_report", "report_notebook_path", "report_stamp"]

log = logging.getLogger(__name__)

#: The default as-of date: the plan's 2020 deadline.
DEFAULT_AS_OF = dt.date(2020, 12, 31)
_NOTEBOOK = "progress_report.ipynb"


def report_notebook_path() -> Path:
    """Where the report notebook is: in the package, or in the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "notebooks" / _NOTEBOOK,
        here.parents[1] / "notebooks" / _NOTEBOOK,
    ):
        if candidate.is_file():
            return candidate
    raise ReportError(
        f"the report notebook {_NOTEBOOK} is missing from the installation; "
        "reinstall integrity-toolkit"
    )


def report_stamp(plan_text: str, as_of: dt.date) -> dict[str, str]:
    """What a report was built from: version, as-of date, hash of the plan."""
    from integrity_toolkit import __version__

    return {
        "integrity_toolkit": __version__,
        "as_of": as_of.isoformat(),
        "plan_sha256": hashlib.sha256(plan_text.encode("utf-8")).hexdigest()[:16],
    }


def build_report(
    out_dir: str | Path = "reports",
    as_of: dt.date = DEFAULT_AS_OF,
    plan_path: str | Path | None = None,
    notebook: str | Path | None = None,
    timeout: int = 600,
) -> Path:
    """Execute the report notebook and write ``progress_report.html``.

    Parameters
    ----------
    out_dir : str or Path
        Folder for the report; created if missing.
    as_of : date
        The date the report speaks for.
    plan_path : str or Path, optional
        A plan file; the bundled plan when omitted.
    notebook : str or Path, optional
        Another report notebook to execute.
    timeout : int
        Seconds one cell may run.

    Returns
    -------
    Path
        The HTML file written.

    Raises
    ------
    ReportError
        A cell failed (the message names it) or the notebook is missing.
    """
    import nbformat

    source = Path(notebook) if notebook else report_notebook_path()
    nb = nbformat.read(source, as_version=4)
    _inject_parameters(nb, {"as_of": as_of.isoformat(), "plan_path": _str(plan_path)})
    _execute(nb, source, timeout)
    html = _export_html(nb)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "progress_report.html"
    _write_atomically(target, html)
    log.info("report written to %s", target)
    return target


def _str(value: str | Path | None) -> str | None:
    return None if value is None else str(Path(value).resolve())


def _inject_parameters(nb: Any, values: dict[str, str | None]) -> None:
    """Add a cell of literal assignments after the ``parameters`` cell.

    Values are written with ``repr``, so no value can become code.
    """
    import nbformat

    lines = [f"{name} = {value!r}" for name, value in values.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if "parameters" in c.metadata.get("tags", [])
        ),
        None,
    )
    if index is None:
        raise ReportError("the report notebook has no cell tagged 'parameters'")
    nb.cells.insert(index + 1, cell)


def _execute(nb: Any, source: Path, timeout: int) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(source.parent)}},
    )
    log.info("executing %s", source)
    try:
        client.execute()
    except CellExecutionError as exc:
        failing = next(
            (
                i
                for i, c in enumerate(nb.cells)
                if any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        raise ReportError(
            f"{source}: cell {failing} failed: {exc.ename}: {exc.evalue}"
        ) from None


def _export_html(nb: Any) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nb)
    return str(body)


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
