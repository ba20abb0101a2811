"""Who is who: the registry of units that plans name, and what became of them.

The registry is a reviewable data file shipped with the package
(``registry/units.toml``): per unit its names in both scripts and in
English, its type, validity, successors after Dongguan's 2019 reform,
membership of collective actors, and its source with a sourced /
partially-sourced / believed mark.

Examples
--------
>>> from integrity_toolkit.registry import default_registry
>>> unit = default_registry().resolve("市工商局")
>>> unit.name_en, unit.status.value
('Dongguan Administration for Industry and Commerce', 'partially-sourced')
"""

from __future__ import annotations

from integrity_toolkit.registry.loading import check_units, read_units, registry_path
from integrity_toolkit.registry.lookup import (
    Holding,
    Match,
    Registry,
    default_registry,
    load_registry,
    normal_key,
)
from integrity_toolkit.registry.model import (
    ActorKind,
    Change,
    ChangeKind,
    DatePrecision,
    Status,
    Unit,
    UnitType,
)

__all__ = [
    "ActorKind",
    "Change",
    "ChangeKind",
    "DatePrecision",
    "Holding",
    "Match",
    "Registry",
    "Status",
    "Unit",
    "UnitType",
    "check_units",
    "default_registry",
    "load_registry",
    "normal_key",
    "read_units",
    "registry_path",
]
