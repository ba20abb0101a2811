"""Who each assignment names: units resolved in the registry, as of a date.

The plan's tags name units by short, era-bound names. These functions add
to the assignments table the registry's id, names in three languages
(zh-Hans, zh-Hant, en), type and actor kind of each, map a responsibility
to whoever holds it on a date after the 2019 renamings, and expand
collective actors (各部門, 各園區、鎮街) into their members.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pandas as pd

from integrity_toolkit.errors import InvalidDateError
from integrity_toolkit.registry import ActorKind, Registry, default_registry
from integrity_toolkit.registry.model import Unit

__all__ = [
    "ACTOR_COLUMNS",
    "as_date",
    "expand_collectives",
    "resolve_assignments",
    "unresolved_units",
]

log = logging.getLogger(__name__)

#: Columns the registry adds to each assignment row (ids, names, type, actor kind).
ACTOR_COLUMNS = [
    "unit_id",
    "named_unit_id",
    "name_zh_hans",
    "name_zh_hant",
    "name_en",
    "unit_type",
    "actor_kind",
    "registry_status",
    "change",
    "change_status",
    "via",
]


def as_date(value: dt.date | str | None, where: str = "as_of") -> dt.date | None:
    """A date from a date, a datetime or an ISO string such as ``'2020-01-01'``.

    Parameters
    ----------
    value : datetime.date, datetime.datetime, str or None
        A date, a moment (its day is kept), an ISO date (``YYYY-MM-DD``) or
        None.
    where : str, default ``"as_of"``
        The parameter the value was given as, named in the error.

    Returns
    -------
    datetime.date or None
        The date; None for None. Anything else (text that is not an ISO
        date, a number) raises InvalidDateError naming ``where``.

    Examples
    --------
    >>> as_date("2020-01-01")
    datetime.date(2020, 1, 1)
    >>> as_date(dt.datetime(2020, 1, 1, 9, 30))
    datetime.date(2020, 1, 1)
    >>> as_date(2020)
    Traceback (most recent call last):
    ...
    integrity_toolkit.errors.InvalidDateError: as_of: 2020 (int) is not a date; \
give a datetime.date, a datetime or ISO text, e.g. '2020-01-01'
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidDateError(
            f"{value!r} ({type(value).__name__}) is not a date",
            "give a datetime.date, a datetime or ISO text, e.g. '2020-01-01'",
            where=where,
        )
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidDateError(
            "not a date",
            "write it as YYYY-MM-DD, e.g. 2020-01-01, or give a datetime.date",
            where=where,
            value=value,
        ) from None


def resolve_assignments(
    frame: pd.DataFrame,
    as_of: dt.date | None = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """Add the registry's view of each named unit to an assignments table.

    Parameters
    ----------
    frame : DataFrame
        An assignments table with a ``unit`` column (names as written).
    as_of : date, optional
        Map each unit to the unit that holds its responsibilities on this
        date (a split gives one row per successor). Without it, each row
        describes the unit as named.
    registry : Registry, optional
        Default: the registry shipped with the package.

    Returns
    -------
    DataFrame
        ``frame`` with :data:`ACTOR_COLUMNS` added. ``named_unit_id`` is the
        unit as named, ``unit_id`` the holder; ``change`` says how one
        became the other. A name the registry does not know keeps its row,
        with ``actor_kind`` ``unknown`` and a warning naming close units.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["市工商局", "各部門"]})
    >>> table = resolve_assignments(frame, dt.date(2020, 1, 1))
    >>> table["unit_id"].tolist()
    ['dg.market-regulation', 'dg.all-departments']
    >>> table.loc[0, "change"], table.loc[1, "actor_kind"]
    ('merged-into 2019-02-15 (by)', 'collective')
    """
    registry = registry or default_registry()
    lookup = pd.DataFrame(
        [
            row
            for name in dict.fromkeys(frame["unit"])
            for row in _actor_rows(registry, name, as_of)
        ],
        columns=["unit", *ACTOR_COLUMNS],
    )
    added = frame.drop(columns=[c for c in ACTOR_COLUMNS if c in frame])
    return added.merge(lookup, on="unit", how="left").reset_index(drop=True)


def expand_collectives(
    frame: pd.DataFrame,
    as_of: dt.date | None = None,
    registry: Registry | None = None,
) -> pd.DataFrame:
    """Replace each collective actor by its member units valid on ``as_of``.

    各園區、鎮街 becomes the parks, towns and sub-districts; 各部門 the
    municipal departments the registry knows. Unspecified actors (有關部門
    …) and collectives whose members are unknown (the coordination group)
    keep their row. Each new row keeps the role ``collective`` and names
    the collective in ``via``.

    Parameters
    ----------
    frame : pandas.DataFrame
        An assignments table such as :meth:`Plan.assignments` returns, with
        ``unit_id``, the unit's descriptive columns and ``via``.
    as_of : datetime.date, optional
        Expand each collective to the members valid on this day; default None
        takes every member the registry has ever listed.
    registry : Registry, optional
        The unit registry to read members from; default the bundled one.

    Returns
    -------
    pandas.DataFrame
        The same columns, in the same row order, each expanded row replaced by
        one row per member.

    Examples
    --------
    >>> frame = resolve_assignments(pd.DataFrame({"unit": ["各園區、鎮街"]}))
    >>> expanded = expand_collectives(frame, dt.date(2018, 12, 31))
    >>> len(expanded), expanded["via"].iloc[0]
    (37, 'dg.parks-towns-subdistricts')
    """
    registry = registry or default_registry()
    members = pd.DataFrame(
        [
            {"_collective": unit_id, **_describe(member), "via": unit_id}
            for unit_id in _expandable(frame, registry)
            for member in registry.members(unit_id, as_of)
        ],
        columns=["_collective", *_DESCRIBED, "via"],
    )
    rows = frame.reset_index(drop=True).reset_index(names="_row")
    rows["_collective"] = rows["unit_id"]
    grows = rows["unit_id"].isin(members["_collective"])
    grown = (
        rows[grows]
        .drop(columns=[*_DESCRIBED, "via"])
        .merge(members, on="_collective", how="inner")
    )
    both = pd.concat([rows[~grows], grown], ignore_index=True)
    ordered = both.sort_values("_row", kind="stable")
    return ordered[frame.columns].reset_index(drop=True)


def unresolved_units(
    frame: pd.DataFrame, registry: Registry | None = None
) -> pd.DataFrame:
    """The names the registry does not know, with the closest known names.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table with a ``unit`` column of names, such as an assignments table.
    registry : Registry, optional
        The unit registry to match against; default the bundled one.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit`` (the name as written), ``rows`` (how many rows name
        it) and ``candidates`` (the closest known names, joined by 、).

    Examples
    --------
    >>> table = unresolved_units(pd.DataFrame({"unit": ["市發改局", "市發展局"]}))
    >>> table.loc[0, "unit"], table.loc[0, "candidates"].split("、")[0]
    ('市發展局', '市發改局')
    """
    registry = registry or default_registry()
    rows = []
    for name, count in frame["unit"].value_counts(sort=False).items():
        found = registry.match(str(name))
        if found.unit is None:
            close = "、".join(u.label for u in found.candidates)
            rows.append({"unit": name, "rows": int(count), "candidates": close})
    return pd.DataFrame(rows, columns=["unit", "rows", "candidates"])


def _actor_rows(
    registry: Registry, name: str, as_of: dt.date | None
) -> list[dict[str, Any]]:
    """One row per unit that holds the named unit's responsibilities."""
    found = registry.match(name)
    if found.unit is None:
        close = "、".join(u.label for u in found.candidates) or "none"
        log.warning("unit %r is not in the registry; closest known: %s", name, close)
        return [{"unit": name, "actor_kind": ActorKind.UNKNOWN.value}]
    named = found.unit
    holdings = registry.holders(named.id, as_of) if as_of else ()
    if not holdings or not holdings[0].changes:
        return [{"unit": name, **_describe(named), "named_unit_id": named.id}]
    return [
        {
            "unit": name,
            **_describe(h.unit),
            "named_unit_id": named.id,
            "change": "; ".join(c.describe() for c in h.changes),
            "change_status": "; ".join(c.status.value for c in h.changes),
        }
        for h in holdings
    ]


_DESCRIBED = [
    "unit_id",
    "name_zh_hans",
    "name_zh_hant",
    "name_en",
    "unit_type",
    "actor_kind",
    "registry_status",
]


def _describe(unit: Unit) -> dict[str, Any]:
    return {
        "unit_id": unit.id,
        "name_zh_hans": unit.name_hans,
        "name_zh_hant": unit.name_hant,
        "name_en": unit.name_en,
        "unit_type": unit.type.value,
        "actor_kind": unit.actor_kind.value,
        "registry_status": unit.status.value,
    }


def _expandable(frame: pd.DataFrame, registry: Registry) -> list[str]:
    """Ids of the frame's collectives whose members the registry lists."""
    collectives = frame.loc[frame["actor_kind"] == ActorKind.COLLECTIVE.value]
    return [
        unit_id
        for unit_id in collectives["unit_id"].dropna().unique()
        if registry.unit(unit_id).members_known
    ]
