"""Report build time against the floor of executing an empty notebook.

Run with ``.venv/bin/python benchmarks/bench_report.py``. Prints the best of a
few runs of (a) starting a kernel and executing an empty notebook with
nbclient and (b) ``build_report`` writing HTML, Excel and Markdown.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from integrity_toolkit.report import build_report

RUNS = 3


def best_of(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def empty_notebook() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("")]
    NotebookClient(nb, kernel_name="python3").execute()


def full_report() -> None:
    with tempfile.TemporaryDirectory() as out:
        build_report(out_dir=Path(out), formats=("html", "xlsx", "md"))


def main() -> None:
    logging.disable(logging.WARNING)
    floor = best_of(empty_notebook)
    report = best_of(full_report)
    print(f"empty notebook (kernel start + one cell): {floor:.2f} s (best of {RUNS})")
    print(f"progress report, html+xlsx+md:            {report:.2f} s (best of {RUNS})")
    print(f"report over floor: {report - floor:.2f} s ({report / floor:.1f}x)")


if __name__ == "__main__":
    main()
