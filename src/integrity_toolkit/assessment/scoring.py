"""Scores, breakdowns, ranks, grades and explanations for one year.

The inputs are plain DataFrames, so a score can be worked out by hand:

``units``
    ``unit``, ``peer_group`` (``department``, ``town`` or ``other``).
``state``
    ``unit``, ``clause_id``, ``role`` (``lead``, ``co``, ``collective``),
    ``completion`` (the ledger's scale), one row per clause a unit answers
    for. Collective clauses appear once per member unit (see
    :func:`assessment_inputs`).
``freshness``
    ``unit``, ``stale`` (see
    :meth:`integrity_toolkit.ledger.Ledger.freshness`).
``coverage``
    ``unit``, ``coverage`` in percent (a coverage assessment table).
``records``
    ``unit``, ``date``, ``kind``, ``repaired`` (:func:`~.records.effective_records`).

The formulas, for unit *u* in peer group *g* and indicator *i* of weight *wᵢ*:

- completion (role *r*): *vᵤᵢ* = mean of the scheme's ``completion_points``
  over *u*'s clauses in role *r* (no_report 0 … complete 1);
- reporting: *vᵤᵢ* = share of *u*'s lead and co clauses whose completion is
  not ``no_report``;
- freshness: *vᵤᵢ* = 1 if *u* is not stale, else 0;
- coverage: *vᵤᵢ* = min(coverage / target, 1).

*vᵤᵢ* is missing when *u* has no data for *i*. Indicator *i* **applies** to
*u* when *g* is among its ``peer_groups`` and *vᵤᵢ* is not missing; a unit
is scored only on what applies to it, so a town never loses points for
clauses only departments hold. The applying weights are rescaled:
*w′ᵤᵢ* = *wᵢ* / Σ *wⱼ* over the *j* that apply to *u*. Then

- points *pᵤᵢ* = 100 · *w′ᵤᵢ* · *vᵤᵢ*;
- deduction *dᵤ* = min(cap, Σ points[kind] · (repaired_factor if the record
  was repaired else 1)) over *u*'s records dated in the year;
- total *tᵤ* = Σᵢ *pᵤᵢ* − *dᵤ* (it may fall below 0);
- rank: within the peer group, highest total first, ties sharing the best
  rank; grade: the first band whose ``min`` the total reaches.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
import pandas as pd

from integrity_toolkit.assessment.scheme import Indicator, Scheme
from integrity_toolkit.display import Card, CardFrame, counted, frame_html
from integrity_toolkit.glossary import Language, phrase, term, unit_name

if TYPE_CHECKING:
    from integrity_toolkit.ledger.store import Ledger
    from integrity_toolkit.registry import Registry

__all__ = [
    "Assessment",
    "AssessmentInputs",
    "assessment_inputs",
    "peer_group_of",
    "score_units",
]

log = logging.getLogger(__name__)

_PEER_GROUP = {
    "municipal-department": "department",
    "party-office": "department",
    "institution": "department",
    "central-bank-branch": "department",
    "supervisory-commission": "department",
    "town": "town",
    "sub-district": "town",
    "park": "town",
    "functional-area": "other",
}
_DEDUCTIONS = "deductions"


@dataclass(frozen=True, slots=True)
class Assessment:
    """One year's assessment.

    ``scores`` has one row per unit: ``unit``, ``peer_group``, ``total``,
    ``rank``, ``of`` (units in the peer group), ``grade``, the points of
    each indicator (by id), ``deductions`` (≤ 0) and ``explanation``.
    ``breakdown`` has one row per unit and item (each indicator, then
    ``deductions``): ``value``, ``weight``, ``weight_used``, ``applies`` and
    ``points``; a unit's points add up to its total. ``values`` and
    ``applies`` are the unit × indicator matrices the robustness check
    perturbs.
    """

    scheme: Scheme
    year: int
    scores: pd.DataFrame
    breakdown: pd.DataFrame
    values: pd.DataFrame
    applies: pd.DataFrame
    synthetic: bool = False

    def __repr__(self) -> str:
        mark = ", synthetic" if self.synthetic else ""
        return (
            f"<Assessment {self.year}: {len(self.scores)} units under "
            f"{self.scheme.name}{mark}>"
        )

    def _repr_html_(self) -> str:
        card = getattr(self.scores, "card", None)
        return frame_html(self.scores, card or Card(f"Scores {self.year}"))


class AssessmentInputs(TypedDict):
    """The inputs of :func:`score_units`, by name (see the module docstring)."""

    units: pd.DataFrame
    state: pd.DataFrame
    freshness: pd.DataFrame
    coverage: pd.DataFrame
    records: pd.DataFrame


def peer_group_of(unit_type: str | None) -> str | None:
    """The peer group of a registry unit type; None for actors never scored.

    Departments, party offices, institutions, the central-bank branch and
    the supervisory commission are ``department``; towns, sub-districts and
    parks are ``town``; functional areas are ``other``; collective actors
    and coordination groups are not scored (None).

    Parameters
    ----------
    unit_type : str or None
        The registry's unit type (``department``, ``town`` …).

    Examples
    --------
    >>> [peer_group_of(t) for t in ("party-office", "park", "collective")]
    ['department', 'town', None]
    """
    return _PEER_GROUP.get(unit_type or "")


def score_units(
    scheme: Scheme,
    units: pd.DataFrame,
    state: pd.DataFrame,
    freshness: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    records: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    coverage_target: float = 100.0,
    synthetic: bool = False,
    lang: Language | str | None = None,
) -> Assessment:
    """Score every unit of ``units`` under ``scheme`` (formulas: module docstring).

    ``synthetic`` marks the result as synthetic data; it is also set when
    ``state.attrs["synthetic"]`` is (as :func:`assessment_inputs` sets it
    from the ledger). ``year`` (the scheme's year by default) selects the
    dishonesty records
    that count: those dated in it. ``coverage_target`` is the coverage
    (percent) that earns the full indicator. ``lang`` is the language of the
    ``explanation`` column: by default English with unit, grade and indicator
    names as written; given a language, every word is in it (a unit's English
    name from the unit registry, grades and indicators from the glossary,
    Chinese names in the language's script).

    Parameters
    ----------
    scheme : Scheme
        The weights, peer groups, points and grade bands.
    units : pandas.DataFrame
        ``unit`` and ``peer_group``: the units to score.
    state : pandas.DataFrame
        ``unit``, ``clause_id``, ``role`` and ``completion``, one row per
        clause a unit answers for.
    freshness : pandas.DataFrame, optional
        ``unit`` and ``stale``; without it the freshness indicator applies to
        no unit.
    coverage : pandas.DataFrame, optional
        ``unit`` and ``coverage`` (percent); without it, as above.
    records : pandas.DataFrame, optional
        ``unit``, ``date``, ``kind`` and ``repaired``; without it no unit
        loses points.
    year : int, optional
        The year whose records count; default the scheme's year.
    coverage_target : float, default 100.0
        The coverage (percent) that earns the full indicator.
    synthetic : bool, default False
        Mark the result as synthetic data.
    lang : Language or str, optional
        ``en``, ``zh-Hans`` or ``zh-Hant`` for the ``explanation`` column.

    Returns
    -------
    Assessment
        Per unit the indicator values, points, deductions, total, rank, grade
        and explanation, with the scheme and year.

    Examples
    --------
    A department with its lead clause complete (1.0, weight 0.35), its co
    clause substantial (0.75, weight 0.15) and both reported (1.0, weight
    0.10): the applying weights add up to 0.60, so the total is
    100 · (0.35 · 1 + 0.15 · 0.75 + 0.10 · 1) / 0.60 = 93.75. A town with
    one collective clause at limited (0.25) is scored on that alone: 25.

    >>> from integrity_toolkit.assessment.scheme import default_scheme
    >>> units = pd.DataFrame({"unit": ["甲局", "乙鎮"],
    ...                       "peer_group": ["department", "town"]})
    >>> state = pd.DataFrame({"unit": ["甲局", "甲局", "乙鎮"],
    ...     "clause_id": ["1", "2", "3"], "role": ["lead", "co", "collective"],
    ...     "completion": ["complete", "substantial", "limited"]})
    >>> result = score_units(default_scheme(), units, state)
    >>> result.scores[["unit", "total", "grade"]]
      unit  total grade
    0   甲局  93.75    優秀
    1   乙鎮  25.00   不合格

    The explanation, in simplified Chinese:

    >>> zh = score_units(default_scheme(), units, state, lang="zh-Hans")
    >>> header, raised, *_ = zh.scores["explanation"][1].split("。")
    >>> header
    '乙镇（镇街）：得分25.0分，等次为不合格，在同类1个单位中排名第1'
    >>> raised
    '得分构成：集体责任条款完成度25.0分'
    """
    units = units[["unit", "peer_group"]].drop_duplicates("unit").reset_index(drop=True)
    values = _values(scheme, units, state, freshness, coverage, coverage_target)
    groups = units.set_index("unit")["peer_group"]
    applies = pd.DataFrame(
        {
            i.id: groups.isin(i.peer_groups) & values[i.id].notna()
            for i in scheme.indicators
        }
    )
    weights = pd.Series(scheme.weights())
    used = applies.mul(weights, axis=1)
    used = used.div(used.sum(axis=1).replace(0.0, np.nan), axis=0).fillna(0.0)
    points = 100.0 * used * values.fillna(0.0)
    year = scheme.year if year is None else year
    deductions = _deductions(scheme, year, units["unit"], records)
    breakdown = _breakdown(scheme, values, used, applies, points, deductions)
    words = _Words(None if lang is None else Language(lang))
    scores = _scores(scheme, units, points, deductions, used, words)
    synthetic = synthetic or bool(state.attrs.get("synthetic", False))
    card = _scores_card(scheme, year, scores, state.attrs, synthetic)
    scores = CardFrame.of(scores, card)
    return Assessment(scheme, year, scores, breakdown, values, applies, synthetic)


def _scores_card(
    scheme: Scheme,
    year: int,
    scores: pd.DataFrame,
    state: dict[Any, Any],
    synthetic: bool,
) -> Card:
    document = state.get("document")
    title = f"{document} scores {year}" if document else f"Scores {year}"
    facts = [scheme.name]
    if "as_of" in state:
        facts.append(f"state as of {state['as_of']}")
    facts.append(
        f"{len(scores)} units · "
        + counted(scores["peer_group"], ("department", "town", "other"))
    )
    grades = [band.grade for band in scheme.grades]
    facts.append("grades: " + counted(scores["grade"], grades))
    columns = ("unit", "peer_group", "total", "rank", "of", "grade")
    return Card(
        title,
        tuple(facts),
        columns,
        warning="synthetic demo data" if synthetic else None,
    )


def _values(
    scheme: Scheme,
    units: pd.DataFrame,
    state: pd.DataFrame,
    freshness: pd.DataFrame | None,
    coverage: pd.DataFrame | None,
    target: float,
) -> pd.DataFrame:
    """The unit × indicator matrix of values in 0–1, missing where no data."""
    index = pd.Index(units["unit"], name="unit")
    points = state["completion"].map(scheme.completion_points)
    reported = state.assign(
        points=points, reported=(state["completion"] != "no_report").astype(float)
    )
    columns = {}
    for indicator in scheme.indicators:
        columns[indicator.id] = _value(indicator, reported, freshness, coverage, target)
    return pd.DataFrame({k: v.reindex(index) for k, v in columns.items()}, index=index)


def _value(
    indicator: Indicator,
    state: pd.DataFrame,
    freshness: pd.DataFrame | None,
    coverage: pd.DataFrame | None,
    target: float,
) -> pd.Series:
    if indicator.source == "completion":
        rows = state[state["role"] == indicator.role]
        return rows.groupby("unit")["points"].mean()
    if indicator.source == "reporting":
        rows = state[state["role"].isin(("lead", "co"))]
        return rows.groupby("unit")["reported"].mean()
    if indicator.source == "freshness":
        if freshness is None:
            return pd.Series(dtype=float)
        return 1.0 - freshness.set_index("unit")["stale"].astype(float)
    if coverage is None:
        return pd.Series(dtype=float)
    share = coverage.set_index("unit")["coverage"].astype(float) / target
    return share.clip(upper=1.0)


def _deductions(
    scheme: Scheme, year: int, units: pd.Series, records: pd.DataFrame | None
) -> pd.DataFrame:
    """Per unit: records dated in the year, their points, and the capped total."""
    index = pd.Index(units, name="unit")
    if records is None or records.empty:
        records = pd.DataFrame(columns=["unit", "date", "kind", "repaired"])
    rules = scheme.deductions
    years = pd.to_datetime(records["date"]).dt.year
    kept = records[(years == year) & records["unit"].isin(index)].copy()
    factor = np.where(kept["repaired"].astype(bool), rules.repaired_factor, 1.0)
    kept["points"] = kept["kind"].map(rules.points).astype(float) * factor
    raw = kept.groupby("unit")["points"].sum().reindex(index, fill_value=0.0)
    listed = {u: rows.to_dict("records") for u, rows in kept.groupby("unit")}
    return pd.DataFrame(
        {
            "raw": raw,
            "points": 0.0 - raw.clip(upper=rules.cap),
            "records": [listed.get(u, []) for u in index],
        },
        index=index,
    )


def _record_text(record: dict[str, Any], words: _Words) -> str:
    key = "score.record_repaired" if record["repaired"] else "score.record"
    kind = words.record(record["kind"])
    day = pd.Timestamp(record["date"]).date().isoformat()
    return phrase(key, words.text, kind=kind, date=day, points=record["points"])


def _breakdown(
    scheme: Scheme,
    values: pd.DataFrame,
    used: pd.DataFrame,
    applies: pd.DataFrame,
    points: pd.DataFrame,
    deductions: pd.DataFrame,
) -> pd.DataFrame:
    parts = []
    for indicator in scheme.indicators:
        parts.append(
            pd.DataFrame(
                {
                    "unit": values.index,
                    "item": indicator.id,
                    "label": indicator.label,
                    "value": values[indicator.id].to_numpy(),
                    "weight": indicator.weight,
                    "weight_used": used[indicator.id].to_numpy(),
                    "applies": applies[indicator.id].to_numpy(),
                    "points": points[indicator.id].to_numpy(),
                }
            )
        )
    parts.append(
        pd.DataFrame(
            {
                "unit": values.index,
                "item": _DEDUCTIONS,
                "label": "失信扣分",
                "value": deductions["raw"].to_numpy(),
                "weight": np.nan,
                "weight_used": np.nan,
                "applies": True,
                "points": deductions["points"].to_numpy(),
            }
        )
    )
    frame = pd.concat(parts, ignore_index=True)
    order = {u: n for n, u in enumerate(values.index)}
    return frame.sort_values(
        "unit", key=lambda s: s.map(order), kind="stable"
    ).reset_index(drop=True)


def _scores(
    scheme: Scheme,
    units: pd.DataFrame,
    points: pd.DataFrame,
    deductions: pd.DataFrame,
    used: pd.DataFrame,
    words: _Words,
) -> pd.DataFrame:
    parts = points.copy()
    parts[_DEDUCTIONS] = deductions["points"]
    frame = units.set_index("unit").join(parts)
    frame["total"] = parts.sum(axis=1)
    frame["rank"] = (
        frame.groupby("peer_group")["total"]
        .rank(ascending=False, method="min")
        .astype(int)
    )
    frame["of"] = frame.groupby("peer_group")["total"].transform("size").astype(int)
    frame["grade"] = frame["total"].map(scheme.grade_of)
    frame["explanation"] = [
        _explain(
            scheme, unit, row, used.loc[unit], deductions.loc[unit, "records"], words
        )
        for unit, row in frame.iterrows()
    ]
    columns = [
        "peer_group",
        "total",
        "rank",
        "of",
        "grade",
        *points.columns,
        _DEDUCTIONS,
    ]
    return frame[[*columns, "explanation"]].reset_index()


def _explain(
    scheme: Scheme,
    unit: str,
    row: pd.Series,
    used: pd.Series,
    records: list[dict[str, Any]],
    words: _Words,
) -> str:
    """A plain-language account of what raised and lowered a unit's score."""
    text = words.text
    header = phrase(
        "score.header",
        text,
        unit=words.unit(unit),
        peer_group=term(f"peer_group.{row['peer_group']}", text),
        total=row["total"],
        grade=words.grade(row["grade"]),
        rank=row["rank"],
        of=row["of"],
    )
    deducted = {"deductions": row[_DEDUCTIONS], "deducted": -row[_DEDUCTIONS]}
    parts = [header]
    for key, items in _listed(scheme, row, used, records, words).items():
        joint = term(_SEPARATORS.get(key, "score.separator"), text)
        if items:
            parts.append(phrase(key, text, items=joint.join(items), **deducted))
    return term("score.sentence_separator", text).join(parts)


# Lists whose items hold a comma of their own, and what separates their items.
_SEPARATORS = {
    "score.lost": "score.lost_separator",
    "score.lowered": "score.lowered_separator",
}


def _listed(
    scheme: Scheme,
    row: pd.Series,
    used: pd.Series,
    records: list[dict[str, Any]],
    words: _Words,
) -> dict[str, list[str]]:
    """What raised, lowered and was left out of a score, by sentence."""
    text = words.text
    scored = [i for i in scheme.indicators if used[i.id] > 0]
    raised = sorted((i for i in scored if row[i.id] > 0), key=lambda i: -row[i.id])
    short = sorted(scored, key=lambda i: row[i.id] - 100 * used[i.id])[:2]
    lost = [i for i in short if 100 * used[i.id] - row[i.id] >= 0.05]
    return {
        "score.raised": [
            phrase(
                "score.raised_item", text, label=words.indicator(i), points=row[i.id]
            )
            for i in raised
        ],
        "score.lost": [
            phrase(
                "score.lost_item",
                text,
                label=words.indicator(i),
                points=row[i.id],
                full=100 * used[i.id],
            )
            for i in lost
        ],
        "score.lowered": [_record_text(r, words) for r in records],
        "score.not_scored": [
            words.indicator(i) for i in scheme.indicators if used[i.id] == 0
        ],
    }


@dataclass(frozen=True, slots=True)
class _Words:
    """How an explanation names things: in English with names as written
    (``lang`` None, as the toolkit always has), or wholly in a language."""

    lang: Language | None

    @property
    def text(self) -> Language:
        """The language of the sentences."""
        return self.lang or Language.EN

    def unit(self, name: str) -> str:
        return name if self.lang is None else unit_name(name, self.lang)

    def grade(self, grade: str) -> str:
        if self.lang is None:
            return grade
        return term(f"grade.{grade}", self.lang, self._script(grade))

    def indicator(self, indicator: Indicator) -> str:
        if self.lang is Language.EN:
            return term(f"indicator.{indicator.id}", self.lang, indicator.label)
        return self._script(indicator.label)

    def record(self, kind: str) -> str:
        return kind if self.lang is None else term(f"record.{kind}", self.lang, kind)

    def _script(self, name: str) -> str:
        """A Chinese name in the language's script; as written in English."""
        if self.lang in (None, Language.EN):
            return name
        return unit_name(name, self.lang)


def assessment_inputs(
    ledger: Ledger,
    year: int,
    *,
    coverage: pd.DataFrame | None = None,
    records: pd.DataFrame | None = None,
    registry: Registry | None = None,
    known_at: dt.date | None = None,
) -> AssessmentInputs:
    """The inputs of :func:`score_units`, assembled from a ledger.

    The state is the ledger's as of 31 December of ``year``, as known at
    ``known_at`` (15 February of the next year by default, when the fourth
    quarter's returns are in). Collective clauses, answered by the
    coordination office, are given to every member unit of the collective
    actors the clause names (the registry's memberships); actors without
    known members give none. Dishonesty records are the store's, as they
    stand at ``known_at``, unless ``records`` is given.

    Parameters
    ----------
    ledger : Ledger
        The ledger to read the state, freshness and records from.
    year : int
        The assessment year.
    coverage : pandas.DataFrame, optional
        ``unit`` and ``coverage`` (percent); names are resolved through the
        registry. Default none: the coverage indicator applies to no unit.
    records : pandas.DataFrame, optional
        Dishonesty records as :func:`~.records.effective_records` gives them;
        default the store's.
    registry : Registry, optional
        The unit registry; default the bundled one.
    known_at : datetime.date, optional
        The day whose knowledge to use (its end); default 15 February of the
        next year.

    Returns
    -------
    AssessmentInputs
        ``units``, ``state``, ``freshness``, ``coverage`` and ``records``,
        the arguments of :func:`score_units`.

    Examples
    --------
    >>> from integrity_toolkit.ledger import Ledger
    >>> inputs = assessment_inputs(Ledger("sqlite://"), 2019)
    >>> sorted(inputs)
    ['coverage', 'freshness', 'records', 'state', 'units']
    >>> sorted(set(inputs["units"]["peer_group"]))
    ['department', 'other', 'town']
    """
    from integrity_toolkit.assessment.records import effective_records, record_history
    from integrity_toolkit.registry import default_registry

    registry = registry or default_registry()
    as_of = dt.date(year, 12, 31)
    known = known_at or dt.date(year + 1, 2, 15)
    raw = ledger.state(as_of=as_of, known_at=known)
    state = _member_rows(raw, registry, as_of)
    state.attrs.update(raw.attrs)
    state.attrs["synthetic"] = bool(raw.attrs.get("synthetic", False))
    if records is None:
        records = effective_records(record_history(ledger, known), known)
    records = _canonical(records, registry)
    coverage = _canonical(coverage, registry) if coverage is not None else None
    units = _units(state, records, coverage, registry)
    freshness = ledger.freshness(known_at=known)
    return AssessmentInputs(
        units=units,
        state=state[state["unit"].isin(units["unit"])].reset_index(drop=True),
        freshness=freshness,
        coverage=coverage
        if coverage is not None
        else pd.DataFrame(columns=["unit", "coverage"]),
        records=records,
    )


def _member_rows(
    state: pd.DataFrame, registry: Registry, as_of: dt.date
) -> pd.DataFrame:
    named = state[state["role"] != "collective"]
    # A member named in the plan, or the successor of one after the 2019
    # reform, keeps the plan's name (the name the ledger's returns use).
    plan_names = {}
    for name in named["unit"].unique():
        match = registry.match(name)
        if match.unit is None:
            continue
        plan_names[match.unit.id] = name
        for holding in registry.holders(match.unit.id, as_of):
            plan_names.setdefault(holding.unit.id, name)
    rows = []
    for row in state[state["role"] == "collective"].to_dict("records"):
        for actor in _actors(row["on_behalf_of"], registry):
            for member in registry.members(actor, as_of):
                unit = plan_names.get(member.id, member.short_hant[0])
                rows.append({**row, "unit": unit})
    shared = pd.DataFrame(rows, columns=state.columns).drop_duplicates(
        ["unit", "clause_id"]
    )
    columns = ["unit", "clause_id", "role", "completion"]
    return pd.concat([named, shared], ignore_index=True)[columns]


def _actors(text: str, registry: Registry) -> list[str]:
    """The collective actors a clause names, joining parts split at 、 that
    belong together (各園區、鎮街 is one actor)."""
    parts, found, start = text.split("、"), [], 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            match = registry.match("、".join(parts[start:end]))
            if match.unit is not None:
                found.append(match.unit.id)
                start = end
                break
        else:
            start += 1
    return found


def _canonical(frame: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Name units as the plan's state does (虎門鎮 → 虎門), via the registry."""
    names = {}
    for name in frame["unit"].unique():
        match = registry.match(name)
        names[name] = match.unit.short_hant[0] if match.unit else name
    return frame.assign(unit=frame["unit"].map(names))


def _units(
    state: pd.DataFrame,
    records: pd.DataFrame,
    coverage: pd.DataFrame | None,
    registry: Registry,
) -> pd.DataFrame:
    names = list(dict.fromkeys(state["unit"]))
    names += [u for u in records.get("unit", []) if u not in names]
    if coverage is not None:
        names += [u for u in coverage["unit"] if u not in names]
    rows = []
    for name in names:
        match = registry.match(name)
        group = peer_group_of(match.unit.type.value if match.unit else None)
        if group is None:
            log.info("%s is not scored: not a department, town or area", name)
            continue
        rows.append({"unit": name, "peer_group": group})
    return pd.DataFrame(rows, columns=["unit", "peer_group"])
