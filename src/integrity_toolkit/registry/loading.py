"""Reading the registry file (TOML) into units, and checking it is consistent."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from integrity_toolkit.errors import RegistryError
from integrity_toolkit.registry.model import (
    Change,
    ChangeKind,
    DatePrecision,
    Status,
    Unit,
    UnitType,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["check_units", "read_units", "registry_path"]

_E = TypeVar("_E")
_REQUIRED = ("id", "type", "name_hans", "name_hant", "name_en", "status")
# Units that others may name in member_of.
_GROUPINGS = (
    UnitType.COLLECTIVE,
    UnitType.COORDINATION_GROUP,
    UnitType.FUNCTIONAL_AREA,
)


def registry_path() -> Path:
    """The registry file shipped with the package.

    Examples
    --------
    >>> registry_path().name
    'units.toml'
    """
    return Path(str(resources.files("integrity_toolkit.registry") / "units.toml"))


def read_units(path: str | Path | None = None) -> tuple[Unit, ...]:
    """Read and check a registry file; raise once listing every problem.

    Parameters
    ----------
    path : str or Path, optional
        A registry file in the format of the shipped ``units.toml``
        (default: that file).

    Raises
    ------
    RegistryError
        The file holds missing fields, unknown values, duplicate ids,
        successors or collectives that do not exist, or unordered dates.

    Examples
    --------
    >>> units = read_units()
    >>> next(u for u in units if u.id == "dg.industry-commerce").short_hant
    ('市工商局',)
    """
    target = Path(path) if path is not None else registry_path()
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    problems: list[str] = []
    units = tuple(
        unit
        for i, entry in enumerate(data.get("units", []))
        if (unit := _unit(entry, i, problems)) is not None
    )
    problems += check_units(units)
    if problems:
        raise RegistryError(str(target), problems)
    return units


def check_units(units: Sequence[Unit]) -> list[str]:
    """Problems of consistency across units; an empty list when there are none.

    Ids are unique; successors and collectives named exist; a unit's
    dates are ordered and its dated changes fall on its ``valid_until``;
    a fact marked sourced names a source; successions have no cycle.

    Parameters
    ----------
    units : sequence of Unit
        Every unit of a registry, as read from its file.

    Returns
    -------
    list of str
        One sentence per problem, naming the unit's id.

    Examples
    --------
    >>> check_units(read_units())
    []
    """
    problems: list[str] = []
    by_id: dict[str, Unit] = {}
    for unit in units:
        if unit.id in by_id:
            problems.append(f"unit {unit.id!r}: id used twice")
        by_id[unit.id] = unit
    for unit in units:
        problems += _dates_problems(unit)
        problems += _link_problems(unit, by_id)
        if unit.status is not Status.BELIEVED and not unit.sources:
            problems.append(
                f"unit {unit.id!r}: status {unit.status} but no sources; "
                "add a source or mark it 'believed'"
            )
    problems += _cycle_problems(by_id)
    return problems


def _unit(entry: dict[str, Any], index: int, problems: list[str]) -> Unit | None:
    """One [[units]] table as a Unit, or None after noting its problems."""
    where = f"unit {entry.get('id', f'#{index + 1}')!r}"
    missing = [key for key in _REQUIRED if not entry.get(key)]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
        return None
    before = len(problems)
    enum = _enum_reader(where, problems)
    changes = tuple(
        Change(
            successor=str(c.get("to", "")),
            kind=enum(ChangeKind, c.get("kind")),
            date=_date(c.get("date")),
            precision=enum(DatePrecision, c.get("date_precision", "day")),
            status=enum(Status, c.get("status")),
            note=str(c.get("note", "")),
        )
        for c in entry.get("successors", [])
    )
    unit = Unit(
        id=entry["id"],
        type=enum(UnitType, entry["type"]),
        type_detail=entry.get("type_detail", ""),
        short_hans=tuple(entry.get("short_hans", ())),
        short_hant=tuple(entry.get("short_hant", ())),
        name_hans=entry["name_hans"],
        name_hant=entry["name_hant"],
        name_en=entry["name_en"],
        aliases=tuple(entry.get("aliases", ())),
        valid_from=_date(entry.get("valid_from")),
        valid_from_precision=enum(
            DatePrecision, entry.get("valid_from_precision", "day")
        ),
        valid_until=_date(entry.get("valid_until")),
        valid_until_precision=enum(
            DatePrecision, entry.get("valid_until_precision", "day")
        ),
        successors=changes,
        member_of=tuple(entry.get("member_of", ())),
        unspecified=bool(entry.get("unspecified", False)),
        members_known=bool(entry.get("members_known", True)),
        stats_code=entry.get("stats_code"),
        status=enum(Status, entry["status"]),
        sources=tuple(entry.get("sources", ())),
        notes=entry.get("notes", ""),
    )
    return unit if len(problems) == before else None


def _enum_reader(where: str, problems: list[str]) -> Callable[[type[_E], Any], _E]:
    """A reader of enum values that notes a bad value instead of raising."""

    def read(kind: type[_E], value: Any) -> _E:
        try:
            return kind(value)  # type: ignore[call-arg]
        except ValueError:
            allowed = ", ".join(str(v) for v in kind)  # type: ignore[attr-defined]
            problems.append(
                f"{where}: {value!r} is not a {kind.__name__}; expected one of "
                f"{allowed}"
            )
            return next(iter(kind))  # type: ignore[call-overload]

    return read


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _dates_problems(unit: Unit) -> list[str]:
    problems = []
    where = f"unit {unit.id!r}"
    if unit.valid_from and unit.valid_until and unit.valid_from >= unit.valid_until:
        problems.append(
            f"{where}: valid_from {unit.valid_from} is not before valid_until "
            f"{unit.valid_until}"
        )
    for change in unit.successors:
        if change.date is None and change.precision is not DatePrecision.UNKNOWN:
            problems.append(
                f"{where}: change to {change.successor!r} has no date; give one "
                "or set date_precision = 'unknown'"
            )
        if change.date is not None and change.date != unit.valid_until:
            problems.append(
                f"{where}: change to {change.successor!r} dated {change.date} but "
                f"valid_until is {unit.valid_until}; they must agree"
            )
    return problems


def _link_problems(unit: Unit, by_id: dict[str, Unit]) -> list[str]:
    problems = []
    where = f"unit {unit.id!r}"
    for change in unit.successors:
        successor = by_id.get(change.successor)
        if successor is None:
            problems.append(f"{where}: successor {change.successor!r} does not exist")
        elif change.date and (successor.valid_from or change.date) > change.date:
            problems.append(
                f"{where}: successor {successor.id!r} starts {successor.valid_from}, "
                f"after the change of {change.date}"
            )
    for group in unit.member_of:
        if group not in by_id:
            problems.append(f"{where}: member_of {group!r} does not exist")
        elif by_id[group].type not in _GROUPINGS:
            problems.append(
                f"{where}: member_of {group!r}, which is a {by_id[group].type}, "
                "not a collective, coordination group or functional area"
            )
    return problems


def _cycle_problems(by_id: dict[str, Unit]) -> list[str]:
    problems = []
    for start in by_id.values():
        seen, frontier = {start.id}, [c.successor for c in start.successors]
        while frontier:
            current = frontier.pop()
            if current == start.id:
                problems.append(f"unit {start.id!r}: its successors lead back to it")
                break
            if current in seen or current not in by_id:
                continue
            seen.add(current)
            frontier += [c.successor for c in by_id[current].successors]
    return problems
