"""Coverage at national scale: the toolkit beside DuckDB; prints figures only.

Run with ``make bench-coverage`` (installs DuckDB from the ``bench`` extra),
or ``.venv/bin/python benchmarks/bench_coverage.py --rows 1 8 20``.

For each size (millions of rows) a synthetic population is generated with a
fixed seed: people spread over 3,000 units, 3% of them transferred (one more
row each), dates for 24 month ends (2019-01 to 2020-12). It is written to
a Parquet file, and each engine then runs in a fresh interpreter of its own:

- toolkit: ``coverage_from_records`` on the file: read, check every row
  (duplicates, overlaps, transfers, dates, units), count headcount, covered
  and movements per unit at each month end.
- duckdb: one SQL query on the same file: headcount and covered per unit at
  each month end, by joining the records to the 24 month ends (it checks
  nothing, so it does less work than the toolkit).

Time is wall time from the first read of the file to the finished table,
best of ``--repeat`` runs. Memory is the peak resident set size of the
engine's process (``VmHWM``) less its resident size after its imports; the
input is the in-memory (Arrow) size of the five columns.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)
UNITS = [f"單位{i:04d}" for i in range(3000)]
TRANSFER_RATE = 0.03

QUERY = """
WITH ends AS (
    SELECT (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS month_end
    FROM unnest(generate_series(DATE '2019-01-01', DATE '2020-12-01',
                                INTERVAL 1 MONTH)) AS t(m)
)
SELECT r.unit, e.month_end,
       count(*) AS headcount,
       count(*) FILTER (WHERE r.file_created <= e.month_end) AS covered
FROM read_parquet('{path}') AS r
JOIN ends AS e
  ON r.joined <= e.month_end AND (r."left" IS NULL OR r."left" > e.month_end)
GROUP BY r.unit, e.month_end
"""


def generate(rows: int, path: Path) -> int:
    """Write a synthetic population of about ``rows`` rows; return the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from integrity_toolkit.coverage import synthetic_population

    people = int(rows / (1 + TRANSFER_RATE))
    frame = synthetic_population(people, UNITS, START, END, seed=2024)
    columns = {
        "person_id": pa.array(frame["person_id"].to_numpy()),
        "unit": pa.DictionaryArray.from_arrays(
            pa.array(frame["unit"].cat.codes.to_numpy()),
            pa.array(list(frame["unit"].cat.categories)),
        ),
    }
    for name in ("joined", "left", "file_created"):
        days = frame[name].to_numpy().astype("datetime64[D]")
        columns[name] = pa.array(days, from_pandas=True)
    table = pa.table(columns)
    del frame, columns
    pq.write_table(table, path)
    return table.num_rows


def run_engine(engine: str, path: str) -> dict[str, float]:
    """Inside the engine's own interpreter: time one run, report memory."""
    logging.disable(logging.WARNING)
    import pyarrow.parquet  # noqa: F401  (both engines start with it loaded)

    if engine == "toolkit":
        from integrity_toolkit.coverage import coverage_from_records

        baseline = _rss_mb()
        start = time.perf_counter()
        result = coverage_from_records(path, START, END, units=UNITS)
        cells = len(result.monthly)
    else:
        import duckdb

        baseline = _rss_mb()
        start = time.perf_counter()
        connection = duckdb.connect()
        query = QUERY.format(path=path.replace("'", "''"))
        table = connection.sql(query).to_arrow_table()
        cells = table.num_rows
    seconds = time.perf_counter() - start
    peak = _rss_mb("VmHWM") - baseline
    return {"seconds": seconds, "peak_mb": peak, "cells": cells}


def _rss_mb(field: str = "VmRSS") -> float:
    """Resident set size now (``VmRSS``) or at its peak (``VmHWM``), in MiB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(engine: str, path: Path, repeat: int) -> dict[str, float]:
    """Best time and largest peak over ``repeat`` fresh interpreters."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--engine", engine, "--path", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout))
    return {
        "seconds": min(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "cells": runs[0]["cells"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, nargs="+", default=[1, 8, 20])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=("toolkit", "duckdb"))
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(run_engine(args.engine, args.path)))
        return
    import pyarrow.parquet as pq

    cpu = platform.processor() or platform.machine()
    print(
        f"machine: {platform.system()} {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {len(UNITS)} units, 24 month ends, "
        f"best of {args.repeat}"
    )
    header = (
        f"{'rows':>11} {'input MB':>9} {'toolkit s':>10} {'duckdb s':>9} "
        f"{'ratio':>6} {'toolkit MB':>11} {'duckdb MB':>10} {'toolkit/input':>14}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as folder:
        for millions in args.rows:
            path = Path(folder) / f"people-{millions:g}M.parquet"
            rows = generate(int(millions * 1_000_000), path)
            size_mb = pq.read_table(path).nbytes / 2**20
            ours = measure("toolkit", path, args.repeat)
            theirs = measure("duckdb", path, args.repeat)
            print(
                f"{rows:>11,} {size_mb:>9.0f} {ours['seconds']:>10.2f} "
                f"{theirs['seconds']:>9.2f} "
                f"{ours['seconds'] / theirs['seconds']:>6.2f} "
                f"{ours['peak_mb']:>11.0f} {theirs['peak_mb']:>10.0f} "
                f"{ours['peak_mb'] / size_mb:>14.2f}",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()
