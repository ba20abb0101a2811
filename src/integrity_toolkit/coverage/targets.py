"""Coverage targets as data: read from the plan and from a reviewable file.

A :class:`CoverageTarget` names its metric, how its numerator and
denominator are counted, its dated thresholds (each with the legal text that
sets it) and the units that answer for it. The bundled plan gives one target
(到2020年,公務員信用檔案覆蓋率達到100%, clause 2.2.3-c);
``targets.toml`` beside this module adds the provincial path (85% by 2015,
100% by 2020). A target file with a key this module does not know is refused,
never read in part.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from integrity_toolkit.errors import IntegrityToolkitError
from integrity_toolkit.model import Plan

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "DENOMINATOR",
    "NUMERATOR",
    "CoverageTarget",
    "TargetFileError",
    "Threshold",
    "bundled_plan",
    "default_targets",
    "read_targets",
    "targets_from_plan",
]

#: How the denominator of credit-file coverage is counted at a month end.
DENOMINATOR = (
    "civil servants counted at the month end: joined on or before it "
    "and not left on or before it"
)
#: How the numerator of credit-file coverage is counted at a month end.
NUMERATOR = (
    "civil servants counted at the month end whose credit file was created "
    "on or before it"
)

_TARGET_KEYS = frozenset(
    {"id", "metric", "unit", "numerator", "denominator", "responsible", "note"}
    | {"threshold"}
)
_REQUIRED_TARGET_KEYS = ("id", "metric", "numerator", "denominator", "threshold")
_THRESHOLD_KEYS = frozenset({"date", "value", "reference", "note"})
_REQUIRED_THRESHOLD_KEYS = ("date", "value", "reference")


class TargetFileError(IntegrityToolkitError, ValueError):
    """A target file holds unknown keys, missing keys or bad values.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    problems : list of str
        Every problem found, each naming the target and key.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listed = "; ".join(problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the targets: {listed}")


@dataclass(frozen=True, slots=True)
class Threshold:
    """A value a target must reach by a date, and the text that sets it."""

    date: dt.date
    value: float
    reference: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class CoverageTarget:
    """A coverage target: metric, how it is counted, dated thresholds, units.

    ``thresholds`` are sorted by date; the last one is the deadline.
    ``source`` says where the target was read (a file or a plan clause).
    """

    id: str
    metric: str
    numerator: str
    denominator: str
    thresholds: tuple[Threshold, ...]
    responsible: tuple[str, ...]
    source: str
    unit: str = "%"
    note: str = ""

    @property
    def deadline(self) -> Threshold:
        """The last threshold: the value to reach and the date to reach it by."""
        return self.thresholds[-1]


def targets_from_plan(plan: Plan) -> tuple[CoverageTarget, ...]:
    """The plan's own percentage targets, as coverage targets.

    A target 到2020年…達到100% must hold at the end of 2020, so its
    threshold is dated 31 December of the target's year.

    Parameters
    ----------
    plan : Plan
        A parsed plan; its targets in ``%`` are kept, others left out.

    Returns
    -------
    tuple of CoverageTarget
        One per such target, with id ``<document number>:<clause id>`` and a
        single threshold.

    Examples
    --------
    >>> from integrity_toolkit import load_plan
    >>> (target,) = targets_from_plan(load_plan())
    >>> target.metric, target.deadline.date.isoformat(), target.deadline.value
    ('公務員信用檔案覆蓋率', '2020-12-31', 100.0)
    >>> target.responsible, target.deadline.reference
    (('市人力資源局',), '東府〔2018〕124號 clause 2.2.3-c')
    """
    doc = plan.document.doc_number or plan.source
    return tuple(
        CoverageTarget(
            id=f"{doc}:{t.clause_id}",
            metric=t.metric,
            numerator=NUMERATOR,
            denominator=DENOMINATOR,
            thresholds=(
                Threshold(
                    dt.date(t.year, 12, 31), t.value, f"{doc} clause {t.clause_id}"
                ),
            ),
            responsible=t.responsible,
            source=f"{plan.source}, line {t.span.line}",
            unit=t.unit,
        )
        for t in plan.targets
        if t.unit == "%"
    )


def read_targets(path: str | Path) -> tuple[CoverageTarget, ...]:
    """Read coverage targets from a TOML file; refuse unknown keys.

    Parameters
    ----------
    path : str or Path
        A file laid out as the bundled ``targets.toml``.

    Raises
    ------
    TargetFileError
        Listing every unknown or missing key and every bad value.

    Examples
    --------
    >>> targets = read_targets(_BUNDLED)
    >>> [(t.date.isoformat(), t.value) for t in targets[0].thresholds]
    [('2015-12-31', 85.0), ('2020-12-31', 100.0)]
    """
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TargetFileError(source, [f"cannot read it as TOML: {exc}"]) from None
    problems: list[str] = []
    unknown = sorted(set(data) - {"target"})
    problems += [
        f"unknown top-level key {k!r}; expected only [[target]]" for k in unknown
    ]
    entries = data.get("target", [])
    targets = [
        _target(entry, i + 1, source, problems) for i, entry in enumerate(entries)
    ]
    if not entries:
        problems.append("no [[target]] table; add one as in the bundled targets.toml")
    if problems:
        raise TargetFileError(source, problems)
    return tuple(t for t in targets if t is not None)


def default_targets(plan: Plan | None = None) -> tuple[CoverageTarget, ...]:
    """The plan's targets followed by those of the bundled ``targets.toml``.

    Parameters
    ----------
    plan : Plan, optional
        The plan; default None is the bundled plan.

    Examples
    --------
    >>> [t.id for t in default_targets()]
    ['東府〔2018〕124號:2.2.3-c', 'guangdong-civil-servant-credit-files']
    """
    return targets_from_plan(plan or bundled_plan()) + read_targets(_BUNDLED)


@lru_cache(maxsize=1)
def bundled_plan() -> Plan:
    """The bundled plan, parsed once (its repairs are logged once).

    Examples
    --------
    >>> bundled_plan().document.doc_number
    '東府〔2018〕124號'
    """
    from integrity_toolkit.bundled import load_plan

    return load_plan()


_BUNDLED = Path(str(resources.files("integrity_toolkit") / "coverage" / "targets.toml"))


def _target(
    entry: Any, number: int, source: str, problems: list[str]
) -> CoverageTarget | None:
    where = f"target {number} ({entry.get('id', 'no id')!r})"
    before = len(problems)
    _check_keys(entry, _TARGET_KEYS, _REQUIRED_TARGET_KEYS, where, problems)
    raw = entry.get("threshold", [])
    thresholds = [
        _threshold(t, f"{where}, threshold {i + 1}", problems)
        for i, t in enumerate(raw)
    ]
    responsible = entry.get("responsible", [])
    if not isinstance(responsible, list) or not all(
        isinstance(u, str) for u in responsible
    ):
        problems.append(f"{where}: responsible must be a list of unit names")
    if len(problems) > before:
        return None
    return CoverageTarget(
        id=str(entry["id"]),
        metric=str(entry["metric"]),
        numerator=str(entry["numerator"]),
        denominator=str(entry["denominator"]),
        thresholds=tuple(sorted((t for t in thresholds if t), key=lambda t: t.date)),
        responsible=tuple(responsible),
        source=f"{source}, {where}",
        unit=str(entry.get("unit", "%")),
        note=str(entry.get("note", "")),
    )


def _threshold(entry: Any, where: str, problems: list[str]) -> Threshold | None:
    before = len(problems)
    _check_keys(entry, _THRESHOLD_KEYS, _REQUIRED_THRESHOLD_KEYS, where, problems)
    date, value = entry.get("date"), entry.get("value")
    if "date" in entry and not (isinstance(date, dt.date) and _is_month_end(date)):
        problems.append(
            f"{where}: date {date!r} is not a month end; write the month end by "
            "which the value must hold, e.g. date = 2020-12-31"
        )
    if "value" in entry and not (isinstance(value, int | float) and 0 <= value <= 100):
        problems.append(f"{where}: value {value!r} is not a percentage from 0 to 100")
    if len(problems) > before:
        return None
    return Threshold(date, float(value), str(entry["reference"]), entry.get("note", ""))


def _check_keys(
    entry: Any,
    allowed: frozenset[str],
    required: tuple[str, ...],
    where: str,
    problems: list[str],
) -> None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a table, found {entry!r}")
        return
    known = ", ".join(sorted(allowed))
    for key in sorted(set(entry) - allowed):
        problems.append(
            f"{where}: unknown key {key!r}; expected one of {known}; "
            "fix its spelling or remove it"
        )
    for key in required:
        if key not in entry:
            problems.append(f"{where}: missing key {key!r}")


def _is_month_end(date: dt.date) -> bool:
    return (date + dt.timedelta(days=1)).day == 1
