"""Parse throughput and import time; prints figures, asserts nothing.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_parse.py``).

Throughput: a corpus of about 10 MB made of the bundled plan repeated, each
copy parsed as the document it is (a plan's text ends at its site trailer, so
copies cannot simply be joined into one text).
Import time: ``import integrity_toolkit`` next to ``import pandas``, each in a
fresh interpreter, best of several runs.
"""

from __future__ import annotations

import logging
import os
import platform
import subprocess
import sys
import time

import integrity_toolkit as itk
from integrity_toolkit.bundled import bundled_plan_path

TARGET_BYTES = 10 * 1024 * 1024
RUNS = 5


def parse_throughput() -> tuple[float, int, int]:
    """MB/s over a 10 MB corpus of copies of the plan; also its bytes and clauses."""
    body = bundled_plan_path().read_text(encoding="utf-8")
    copies = TARGET_BYTES // len(body.encode("utf-8")) + 1
    corpus = [body] * copies
    size = sum(len(text.encode("utf-8")) for text in corpus)
    timings = []
    clauses = 0
    for _ in range(3):
        start = time.perf_counter()
        plans = [itk.parse_plan(text, source="bench") for text in corpus]
        timings.append(time.perf_counter() - start)
        clauses = sum(len(list(p.clauses())) for p in plans)
    return size / 1e6 / min(timings), size, clauses


def import_seconds(module: str) -> float:
    """Best wall time of ``import module`` in a fresh interpreter."""
    code = (
        "import time; t = time.perf_counter(); "
        f"import {module}; print(time.perf_counter() - t)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(RUNS)
    ]
    return min(times)


def main() -> None:
    logging.disable(logging.WARNING)
    rate, size, clauses = parse_throughput()
    ours = import_seconds("integrity_toolkit")
    pandas = import_seconds("pandas")
    cpu = platform.processor() or platform.machine()
    print(
        f"machine: {platform.system()} {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"parse: {size / 1e6:.1f} MB ({clauses} clauses) at {rate:.2f} MB/s (best of 3)"
    )
    print(f"import integrity_toolkit: {ours * 1000:.0f} ms (best of {RUNS})")
    print(f"import pandas:            {pandas * 1000:.0f} ms (best of {RUNS})")
    print(f"ratio: {ours / pandas:.2f}")


if __name__ == "__main__":
    main()
