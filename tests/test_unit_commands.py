"""The ``units`` and ``graph`` subcommands: JSON, CSV, exports, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from integrity_toolkit.cli import main


def test_units_resolve_as_of_names_the_holder(capsys: Any) -> None:
    args = ["units", "--resolve", "市工商局", "--as-of", "2020-01-01"]
    assert main([*args, "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["unit_id"] == "dg.industry-commerce"
    assert answer["status"] == "partially-sourced"
    assert answer["valid_from"] is None
    assert [h["unit_id"] for h in answer["holders"]] == ["dg.market-regulation"]
    assert answer["holders"][0]["changes"] == ["merged-into 2019-02-15 (by)"]


def test_units_lists_the_registry_as_csv(capsys: Any) -> None:
    assert main(["units"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ids = {r["unit_id"] for r in rows}
    assert {"dg.development-reform", "dg.town.humen", "dg.market-regulation"} <= ids


def test_units_as_of_lists_only_units_valid_then(capsys: Any) -> None:
    assert main(["units", "--as-of", "2020-01-01", "--format", "json"]) == 0
    ids = {r["unit_id"] for r in json.loads(capsys.readouterr().out)}
    assert "dg.market-regulation" in ids
    assert "dg.industry-commerce" not in ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["units", "--resolve", "市甲局"], "'市甲局' is not in the registry"),
        (["graph", "--export", "plan.png"], "name the file with one of"),
    ],
)
def test_unit_commands_errors_are_one_line(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "integrity_toolkit", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_units_bad_date_is_a_usage_error(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["units", "--as-of", "2020-02-30"])
    assert exit_.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_graph_export_writes_a_readable_file(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "plan.graphml"
    assert main(["graph", "--export", str(target), "--as-of", "2020-01-01"]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    g = nx.read_graphml(target)
    assert g.nodes["unit:dg.health"]["label"] == "市衛生健康局"


def test_units_resolve_csv_is_one_row_of_the_json_fields(capsys: Any) -> None:
    args = ["units", "--resolve", "市工商局", "--as-of", "2020-01-01"]
    assert main([*args, "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    assert list(rows[0]) == list(answer)
    assert rows[0]["name"] == "市工商局"
    assert rows[0]["unit_id"] == "dg.industry-commerce"
    assert rows[0]["valid_until"] == "2019-02-15"
    assert rows[0]["as_of"] == "2020-01-01"
    # Merged into the market regulator on 15 February 2019.
    assert rows[0]["holders"] == "dg.market-regulation"


def test_units_resolve_prints_csv_by_default(capsys: Any) -> None:
    assert main(["units", "--resolve", "東莞市發展和改革局"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["name"], r["unit_id"]) for r in rows] == [
        ("東莞市發展和改革局", "dg.development-reform")
    ]
    assert "holders" not in rows[0]


def test_graph_export_into_missing_folder_refused(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "nonexist" / "p.gexf"
    assert main(["graph", "--export", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"integrity-toolkit: error: no folder {tmp_path / 'nonexist'} for --export "
        f"{target}; create the folder first or name a file in an existing one\n"
    )
    assert not (tmp_path / "nonexist").exists()
