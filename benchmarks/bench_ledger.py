"""Ledger timings: templates, a quarter's returns imported, as-of queries.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_ledger.py``).
Prints figures, asserts nothing. Everything runs in a temporary folder on a
SQLite file (the default store); the returns are the templates of every unit
for one quarter, every row answered.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

import integrity_toolkit as itk
from integrity_toolkit import ledger as lg


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def answer_all(paths: list[Path]) -> None:
    for path in paths:
        book = load_workbook(path)
        page = book["填報"]
        for row in range(2, page.max_row + 1):
            page.cell(row, 6).value, page.cell(row, 7).value = "實質進展", "60%"
        book.save(path)


def main() -> None:
    logging.getLogger("integrity_toolkit").setLevel(logging.ERROR)
    plan = itk.load_plan()
    folder = Path(tempfile.mkdtemp())
    ledger = lg.Ledger(folder / "ledger.sqlite", plan=plan)
    units = list(dict.fromkeys(ledger.roster["unit"]))

    seconds, paths = timed(
        lambda: [lg.write_template(ledger, u, "2019Q4", folder) for u in units]
    )
    print(f"templates: {len(paths)} units in {seconds:.2f} s")
    answer_all(paths)
    seconds, results = timed(lambda: lg.import_returns(ledger, paths))
    rows = sum(r.added for r in results)
    print(f"import: {len(paths)} returns, {rows} rows in {seconds:.2f} s")
    seconds, _ = timed(lambda: lg.import_returns(ledger, paths))
    print(f"import again (nothing changes): {seconds:.2f} s")

    demo = lg.Ledger(folder / "demo.sqlite", plan=plan)
    seconds, _ = timed(lambda: lg.fill_demo_ledger(demo))
    print(f"demo ledger: {len(demo.entries())} entries in {seconds:.2f} s")
    day, known = dt.date(2019, 12, 31), dt.date(2020, 2, 15)
    runs = [timed(lambda: demo.state(as_of=day, known_at=known))[0] for _ in range(5)]
    best = min(runs)
    print(f"state(as_of, known_at) over the demo ledger: {best * 1000:.0f} ms")
    print(f"python {platform.python_version()} on {platform.machine()}")


if __name__ == "__main__":
    main()
