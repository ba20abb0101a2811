"""The registry as a table, one row per unit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from integrity_toolkit.registry.lookup import Registry
    from integrity_toolkit.registry.model import Unit

__all__ = ["REGISTRY_COLUMNS", "registry_frame"]

#: The columns of :func:`registry_frame`, one row per unit, in this order.
REGISTRY_COLUMNS = [
    "unit_id",
    "type",
    "actor_kind",
    "short_zh_hans",
    "short_zh_hant",
    "name_zh_hans",
    "name_zh_hant",
    "name_en",
    "valid_from",
    "valid_from_precision",
    "valid_until",
    "valid_until_precision",
    "successors",
    "member_of",
    "status",
    "sources",
    "notes",
]


def registry_frame(registry: Registry, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per unit, valid on ``as_of`` when given, in file order.

    ``successors`` reads ``id kind date (precision)``, several joined by
    ``; ``; ``member_of`` and ``sources`` are joined by spaces.

    Parameters
    ----------
    registry : Registry
        The unit registry.
    as_of : datetime.date, optional
        Keep the units valid on this day; default None keeps all.

    Returns
    -------
    pandas.DataFrame
        Columns ``REGISTRY_COLUMNS``: ``unit_id``, ``type``, ``actor_kind``,
        short and full names in zh-Hans and zh-Hant, ``name_en``,
        ``valid_from``/``valid_until`` with their precisions, ``successors``,
        ``member_of``, ``status``, ``sources`` and ``notes``.

    Examples
    --------
    >>> from integrity_toolkit.registry import default_registry
    >>> table = registry_frame(default_registry())
    >>> table.set_index("unit_id").loc["dg.industry-commerce", "successors"]
    'dg.market-regulation merged-into 2019-02-15 (by)'
    """
    rows = [_row(u) for u in registry if as_of is None or u.valid_on(as_of)]
    return pd.DataFrame(rows, columns=REGISTRY_COLUMNS)


def _row(unit: Unit) -> dict[str, Any]:
    return {
        "unit_id": unit.id,
        "type": unit.type.value,
        "actor_kind": unit.actor_kind.value,
        "short_zh_hans": "、".join(unit.short_hans),
        "short_zh_hant": "、".join(unit.short_hant),
        "name_zh_hans": unit.name_hans,
        "name_zh_hant": unit.name_hant,
        "name_en": unit.name_en,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_from_precision": unit.valid_from_precision.value,
        "valid_until": unit.valid_until.isoformat() if unit.valid_until else None,
        "valid_until_precision": unit.valid_until_precision.value,
        "successors": "; ".join(
            f"{c.successor} {c.describe()}" for c in unit.successors
        ),
        "member_of": " ".join(unit.member_of),
        "status": unit.status.value,
        "sources": " ".join(unit.sources),
        "notes": unit.notes,
    }
