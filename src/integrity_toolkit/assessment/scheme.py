"""The assessment scheme as a file: indicators, weights, deductions, grade bands.

A scheme is a TOML file versioned by year (``schemes/2019.toml`` beside this
module is the shipped default). :func:`read_scheme` refuses a file with an
unknown key, weights that do not add up to 1, an indicator without a data
source (or with one this module does not know), or grade bands out of order,
listing every problem at once.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from integrity_toolkit.errors import IntegrityToolkitError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "DISHONESTY_KINDS",
    "PEER_GROUPS",
    "SOURCES",
    "Deductions",
    "GradeBand",
    "Indicator",
    "Scheme",
    "SchemeError",
    "default_scheme",
    "read_scheme",
    "scheme_years",
]

#: Where an indicator's value comes from, and what it means.
SOURCES = {
    "completion": "mean completion points of the unit's clauses in one role",
    "reporting": "share of the unit's clauses with a return (not no_report)",
    "freshness": "1 if the unit's latest return is for the quarter just ended, else 0",
    "coverage": "credit-file coverage over the target, capped at 1",
}
#: The kinds of government dishonesty record a scheme deducts points for.
DISHONESTY_KINDS = (
    "unfulfilled_judgment",
    "dishonest_debtor",
    "administrative_penalty",
    "disciplinary_finding",
    "unkept_investment_promise",
)
#: The peer groups units are scored in (see :func:`~.scoring.peer_group_of`).
PEER_GROUPS = ("department", "town", "other")

_ROLES = ("lead", "co", "collective")
_COMPLETIONS = ("no_report", "not_started", "limited", "substantial", "complete")
_TOP_KEYS = {"year", "name", "note", "completion_points", "indicators"} | {
    "deductions",
    "grades",
}
_INDICATOR_KEYS = {"id", "label", "source", "role", "weight", "peer_groups"}
_DEDUCTION_KEYS = {"cap", "repaired_factor", "points"}
_GRADE_KEYS = {"grade", "min"}


class SchemeError(IntegrityToolkitError, ValueError):
    """A scheme file holds unknown keys, bad weights, sources or bands.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    problems : list of str
        Every problem found, each naming the key it is about.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the scheme: {listed}")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One scored indicator: its weight, data source and the units it applies to."""

    id: str
    label: str
    source: str
    weight: float
    peer_groups: tuple[str, ...]
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Deductions:
    """Points off per dishonesty record kind, the cap, and the repaired share."""

    points: dict[str, float]
    cap: float
    repaired_factor: float


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade and the lowest total that earns it."""

    grade: str
    min: float


@dataclass(frozen=True, slots=True)
class Scheme:
    """An assessment scheme for one year (see the module docstring)."""

    year: int
    name: str
    indicators: tuple[Indicator, ...]
    completion_points: dict[str, float]
    deductions: Deductions
    grades: tuple[GradeBand, ...]
    source: str
    note: str = ""

    def grade_of(self, total: float) -> str:
        """The grade a total earns: the first band whose ``min`` it reaches.

        Parameters
        ----------
        total : float
            A unit's total score; below every band it gets the last band's grade.

        Examples
        --------
        >>> scheme = default_scheme()
        >>> [scheme.grade_of(t) for t in (95.0, 80.0, 79.9, -3.0)]
        ['優秀', '良好', '合格', '不合格']
        """
        for band in self.grades:
            if total >= band.min:
                return band.grade
        return self.grades[-1].grade

    def weights(self) -> dict[str, float]:
        """The published weight of each indicator, by id.

        Examples
        --------
        >>> default_scheme().weights()["lead_completion"]
        0.35
        """
        return {i.id: i.weight for i in self.indicators}


def scheme_years() -> list[int]:
    """The years for which the toolkit ships a default scheme.

    Examples
    --------
    >>> 2019 in scheme_years()
    True
    """
    folder = resources.files("integrity_toolkit.assessment") / "schemes"
    return sorted(
        int(p.name[:-5]) for p in folder.iterdir() if p.name.endswith(".toml")
    )


def default_scheme(year: int = 2019) -> Scheme:
    """The shipped scheme for ``year`` (``schemes/<year>.toml``).

    Parameters
    ----------
    year : int, default 2019
        The assessment year; a year with no shipped scheme raises SchemeError
        naming those shipped.

    Examples
    --------
    >>> scheme = default_scheme(2019)
    >>> scheme.year, [b.grade for b in scheme.grades]
    (2019, ['優秀', '良好', '合格', '不合格'])
    """
    if year not in scheme_years():
        raise SchemeError(
            f"<default scheme {year}>",
            [
                f"no shipped scheme for {year}; shipped years are "
                f"{scheme_years()}: pass your own file, e.g. read_scheme('my.toml')"
            ],
        )
    path = resources.files("integrity_toolkit.assessment") / "schemes" / f"{year}.toml"
    return _scheme(tomllib.loads(path.read_text("utf-8")), f"schemes/{year}.toml")


def read_scheme(path: str | Path) -> Scheme:
    """Read and check a scheme file.

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML file in the format of the shipped ``schemes/<year>.toml``.

    Returns
    -------
    Scheme
        The checked scheme.

    Raises
    ------
    SchemeError
        Every problem in the file: unknown or missing keys, weights that do
        not add up to 1, indicators with no (known) data source, bad bands.

    Examples
    --------
    >>> import tempfile
    >>> text = Path(resources.files("integrity_toolkit.assessment")
    ...             / "schemes" / "2019.toml").read_text("utf-8")
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "mine.toml").write_text(text.replace("0.35", "0.45"), "utf-8")
    >>> read_scheme(folder / "mine.toml")
    Traceback (most recent call last):
    ...
    integrity_toolkit.assessment.scheme.SchemeError: ...weights add up to 1.1...
    """
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SchemeError(name, [f"cannot read the file as TOML: {exc}"]) from None
    return _scheme(data, name)


def _scheme(data: dict[str, Any], where: str) -> Scheme:
    problems: list[str] = []
    _unknown(data, _TOP_KEYS, "the top level", problems)
    for key in ("year", "indicators", "grades", "deductions", "completion_points"):
        if key not in data:
            problems.append(
                f"missing key {key!r} at the top level; see schemes/2019.toml"
            )
    indicators = [
        _indicator(e, n, problems) for n, e in enumerate(data.get("indicators", []))
    ]
    total = sum(i.weight for i in indicators)
    if indicators and not math.isclose(total, 1.0, abs_tol=1e-9):
        problems.append(
            f"indicator weights add up to {total:g}, not 1; "
            "change the weights so that they add up to 1"
        )
    points = _completion_points(data.get("completion_points", {}), problems)
    deductions = _deductions(data.get("deductions", {}), problems)
    grades = _grades(data.get("grades", []), problems)
    if problems:
        raise SchemeError(where, problems)
    return Scheme(
        year=int(data["year"]),
        name=str(data.get("name", "")),
        indicators=tuple(indicators),
        completion_points=points,
        deductions=deductions,
        grades=grades,
        source=where,
        note=str(data.get("note", "")),
    )


def _unknown(
    entry: dict[str, Any], known: set[str], where: str, problems: list[str]
) -> None:
    for key in sorted(set(entry) - known):
        problems.append(
            f"unknown key {key!r} in {where}; known keys are {', '.join(sorted(known))}"
        )


def _indicator(entry: dict[str, Any], number: int, problems: list[str]) -> Indicator:
    where = f"indicator {number + 1} ({entry.get('id', 'no id')})"
    _unknown(entry, _INDICATOR_KEYS, where, problems)
    source = entry.get("source")
    if source not in SOURCES:
        problems.append(
            f"{where} has data source {source!r}; give source = one of "
            f'{", ".join(SOURCES)}, e.g. source = "completion"'
        )
    role = entry.get("role")
    if source == "completion" and role not in _ROLES:
        problems.append(
            f"{where} measures completion for role {role!r}; "
            'give role = "lead", "co" or "collective"'
        )
    weight = entry.get("weight")
    if not isinstance(weight, (int, float)) or weight < 0:
        problems.append(f"{where} has weight {weight!r}; give a number >= 0, e.g. 0.2")
        weight = 0.0
    groups = tuple(entry.get("peer_groups", PEER_GROUPS))
    for group in set(groups) - set(PEER_GROUPS):
        problems.append(
            f"{where} names peer group {group!r}; use {', '.join(PEER_GROUPS)}"
        )
    return Indicator(
        id=str(entry.get("id", f"indicator_{number + 1}")),
        label=str(entry.get("label", entry.get("id", ""))),
        source=str(source),
        weight=float(weight),
        peer_groups=groups,
        role=str(role) if role is not None else None,
    )


def _completion_points(entry: dict[str, Any], problems: list[str]) -> dict[str, float]:
    _unknown(entry, set(_COMPLETIONS), "[completion_points]", problems)
    points = {}
    for state in _COMPLETIONS:
        value = entry.get(state)
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            problems.append(
                f"[completion_points] {state} is {value!r}; give a number from 0 to 1"
            )
            value = 0.0
        points[state] = float(value)
    return points


def _deductions(entry: dict[str, Any], problems: list[str]) -> Deductions:
    _unknown(entry, _DEDUCTION_KEYS, "[deductions]", problems)
    points = entry.get("points", {})
    _unknown(points, set(DISHONESTY_KINDS), "[deductions.points]", problems)
    for kind in DISHONESTY_KINDS:
        if not isinstance(points.get(kind), (int, float)) or points[kind] < 0:
            problems.append(
                f"[deductions.points] {kind} is {points.get(kind)!r}; "
                "give the points taken off per record, e.g. 5.0"
            )
    factor = entry.get("repaired_factor", 1.0)
    if not isinstance(factor, (int, float)) or not 0 <= factor <= 1:
        problems.append(f"[deductions] repaired_factor is {factor!r}; give 0 to 1")
        factor = 1.0
    return Deductions(
        points={k: float(points.get(k, 0) or 0) for k in DISHONESTY_KINDS},
        cap=float(entry.get("cap", math.inf)),
        repaired_factor=float(factor),
    )


def _grades(
    entries: list[dict[str, Any]], problems: list[str]
) -> tuple[GradeBand, ...]:
    bands = []
    for number, entry in enumerate(entries):
        _unknown(entry, _GRADE_KEYS, f"grade band {number + 1}", problems)
        if "grade" not in entry or not isinstance(entry.get("min"), (int, float)):
            problems.append(
                f"grade band {number + 1} needs grade and min, e.g. "
                'grade = "優秀", min = 90.0'
            )
            continue
        bands.append(GradeBand(str(entry["grade"]), float(entry["min"])))
    mins = [b.min for b in bands]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        problems.append(
            f"grade bands have min {mins}; list them best first with falling min"
        )
    if not bands:
        problems.append("no usable grade band; give at least one [[grades]]")
    return tuple(bands)
