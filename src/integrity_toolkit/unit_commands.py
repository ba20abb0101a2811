"""The ``units`` and ``graph`` subcommands of the ``integrity-toolkit`` command.

``integrity-toolkit units [--resolve NAME] [--as-of DATE] [--format csv|json]``
lists the unit registry or resolves one name (a CSV row, or a JSON object
whose ``holders`` are spelled out in full); ``integrity-toolkit graph
--export FILE [--as-of DATE]`` writes the plan's responsibility graph as
GraphML, GEXF or node-link JSON (by the file's suffix).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_unit_commands"]


def add_unit_commands(
    commands: Any,
    common: argparse.ArgumentParser,
    date: Callable[[str], dt.date],
) -> None:
    """Register ``units`` and ``graph`` on the CLI's subparsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The CLI's subcommand set, to which ``units`` and ``graph`` are added.
    common : argparse.ArgumentParser
        The options every command takes (``-v``, ``-q``).
    date : callable
        Reads a date option's text into a ``datetime.date``.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_unit_commands(parser.add_subparsers(), argparse.ArgumentParser(
    ...     add_help=False), dt.date.fromisoformat)
    >>> parser.parse_args(["units", "--resolve", "市工商局"]).resolve
    '市工商局'
    """
    units = commands.add_parser(
        "units", parents=[common], help="list the unit registry or resolve a name"
    )
    units.add_argument(
        "--resolve", metavar="NAME", help="a unit's name in any spelling, or its id"
    )
    _add_as_of(units, date, "list the units valid on / the holder on this date")
    units.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help="output format (default: csv); --resolve prints one row or object",
    )
    units.set_defaults(run=_units)

    graph = commands.add_parser(
        "graph", parents=[common], help="export the responsibility graph"
    )
    graph.add_argument(
        "--export",
        required=True,
        metavar="FILE",
        help="FILE.graphml, FILE.gexf or FILE.json (node-link), in an existing folder",
    )
    _add_as_of(graph, date, "map each unit to its holder on this date")
    graph.add_argument(
        "--expand", action="store_true", help="replace collectives by their members"
    )
    graph.add_argument(
        "--plan",
        default=None,
        metavar="PATH",
        help="a plan file (default: the bundled 東府〔2018〕124號)",
    )
    graph.set_defaults(run=_graph)


def _add_as_of(
    parser: argparse.ArgumentParser, date: Callable[[str], dt.date], text: str
) -> None:
    parser.add_argument(
        "--as-of", type=date, default=None, metavar="YYYY-MM-DD", help=text
    )


def _units(args: argparse.Namespace) -> int:
    from integrity_toolkit.registry import default_registry

    registry = default_registry()
    if args.resolve is None:
        table = registry.frame(args.as_of)
        if args.format == "csv":
            table.to_csv(sys.stdout, index=False)
        else:
            _print_json(_records(table))
        return 0
    unit = registry.resolve(args.resolve)
    row = next(r for r in _records(registry.frame()) if r["unit_id"] == unit.id)
    answer: dict[str, Any] = {"name": args.resolve, **row}
    if args.as_of is not None:
        answer["as_of"] = args.as_of.isoformat()
        answer["holders"] = [
            {
                "unit_id": h.unit.id,
                "name_zh_hant": h.unit.name_hant,
                "name_en": h.unit.name_en,
                "changes": [c.describe() for c in h.changes],
                "status": [c.status.value for c in h.changes],
            }
            for h in registry.holders(unit.id, args.as_of)
        ]
    if args.format == "csv":
        _print_csv(answer)
    else:
        _print_json(answer)
    return 0


def _graph(args: argparse.Namespace) -> int:
    from integrity_toolkit.bundled import load_plan
    from integrity_toolkit.command_line import output_file
    from integrity_toolkit.network import (
        export_graph,
        graph_format,
        responsibility_network,
    )

    graph_format(args.export)
    output_file(args.export, "--export")
    plan = load_plan(args.plan)
    graph = responsibility_network(plan, args.as_of, expand=args.expand)
    print(export_graph(graph, args.export))
    return 0


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, with missing values as None (JSON null)."""
    plain = table.astype(object)
    return plain.where(plain.notna(), None).to_dict("records")


def _print_csv(answer: dict[str, Any]) -> None:
    """A resolved name as one CSV row; its holders by id, joined by spaces."""
    import pandas as pd

    row = dict(answer)
    if "holders" in row:
        row["holders"] = " ".join(h["unit_id"] for h in row["holders"])
    pd.DataFrame([row]).to_csv(sys.stdout, index=False)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
