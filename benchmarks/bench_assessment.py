"""Assessment timings: scoring a year and 10,000 weight draws over every unit.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_assessment.py``).
Prints figures, asserts nothing. The inputs are the synthetic demo ledger
(every unit of the bundled plan, its collective clauses given to member
units) and synthetic dishonesty records, in an in-memory SQLite store.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import time
from collections.abc import Callable
from typing import Any

from integrity_toolkit import assessment as am
from integrity_toolkit.ledger import Ledger, fill_demo_ledger


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def main() -> None:
    logging.disable(logging.WARNING)
    ledger = Ledger("sqlite://")
    fill_demo_ledger(ledger)
    inputs = am.assessment_inputs(ledger, 2019)
    units = list(inputs["units"]["unit"])
    records = am.synthetic_records(units, 2019)
    am.add_records(
        ledger, records, recorded_at=dt.datetime(2019, 12, 31), synthetic=True
    )
    inputs = am.assessment_inputs(ledger, 2019)
    scheme = am.default_scheme(2019)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"units scored: {len(units)}, indicators: {len(scheme.indicators)}")
    seconds, result = timed(lambda: am.score_units(scheme, **inputs))
    print(f"score_units: {seconds * 1000:.1f} ms")
    am.robustness(result, 10, seed=0)  # load scipy.stats before timing
    for draws in (1_000, 10_000):
        seconds, _ = timed(lambda n=draws: am.robustness(result, n, seed=0))
        print(f"robustness, {draws:>6,} draws x {len(units)} units: {seconds:.3f} s")
        seconds, _ = timed(lambda n=draws: am.perturbed_totals(result, n, seed=0))
        print(f"  of which the draws and rescoring: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
