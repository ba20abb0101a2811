"""The registry as an object: name resolution, holders as of a date, members."""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrity_toolkit.errors import RegistryError, UnknownUnitError
from integrity_toolkit.registry.loading import read_units
from integrity_toolkit.registry.model import Change, Unit

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Holding",
    "Match",
    "Registry",
    "default_registry",
    "load_registry",
    "normal_key",
]

log = logging.getLogger(__name__)

# Ways a plan writes the city before a name: 东莞市…, 东莞…, 市…, or not at all.
_CITY_FORMS = ("东莞市", "东莞", "市", "")
_IGNORED = str.maketrans("", "", "、,;:  \u3000")


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of resolving a name: the unit, or the closest known units."""

    name: str
    unit: Unit | None
    candidates: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class Holding:
    """The unit that holds a responsibility on a date, and how it got there.

    ``changes`` is the chain of changes from the unit as named to
    ``unit`` (empty when nothing changed).
    """

    unit: Unit
    changes: tuple[Change, ...]


class Registry:
    """The units a registry file describes, indexed by every spelling.

    Build one with :func:`load_registry`, or use :func:`default_registry`
    for the shipped file.

    Examples
    --------
    >>> registry = default_registry()
    >>> registry.resolve("東莞市發展和改革局").id
    'dg.development-reform'
    >>> registry.resolve("发改局").short_hant
    ('市發改局',)
    """

    __slots__ = ("_ambiguous", "_index", "_units", "source")

    def __init__(self, units: Iterable[Unit], source: str = "<units>") -> None:
        self.source = source
        self._units = {u.id: u for u in units}
        self._index: dict[str, str] = {}
        self._ambiguous: dict[str, set[str]] = {}
        problems = self._build_index()
        if problems:
            raise RegistryError(source, problems)

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._units.values())

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def __repr__(self) -> str:
        return f"<Registry {self.source}: {len(self)} units>"

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id; raise UnknownUnitError naming close ids.

        Parameters
        ----------
        unit_id : str
            A registry id (``dg.finance``); names are not looked up here (see
            :meth:`resolve`).

        Examples
        --------
        >>> default_registry().unit("dg.finance").name_hant
        '東莞市財政局'
        """
        try:
            return self._units[unit_id]
        except KeyError:
            close = difflib.get_close_matches(unit_id, list(self._units), n=3)
            raise UnknownUnitError(unit_id, tuple(close)) from None

    def match(self, name: str) -> Match:
        """Resolve a name or id, keeping the closest units when it is unknown.

        Parameters
        ----------
        name : str
            A registry id, or a unit's name in any spelling a plan uses.

        Returns
        -------
        Match
            ``unit`` when the name resolves; otherwise None with up to three
            ``candidates`` (every tied unit when the name is ambiguous).

        Examples
        --------
        >>> m = default_registry().match("市發展局")
        >>> m.unit is None, m.candidates[0].id
        (True, 'dg.development-reform')
        """
        if name in self._units:
            return Match(name, self._units[name], ())
        key = normal_key(name)
        if key in self._index:
            return Match(name, self._units[self._index[key]], ())
        if key in self._ambiguous:
            tied = tuple(self._units[i] for i in sorted(self._ambiguous[key]))
            return Match(name, None, tied)
        close = difflib.get_close_matches(key, list(self._index), n=8, cutoff=0.5)
        ids = dict.fromkeys(self._index[k] for k in close)
        ids.update(dict.fromkeys(difflib.get_close_matches(name, list(self._units))))
        return Match(name, None, tuple(self._units[i] for i in list(ids)[:3]))

    def resolve(self, name: str) -> Unit:
        """The unit a name or id stands for; raise UnknownUnitError otherwise.

        Any spelling met in a plan resolves: short or full name, simplified
        or traditional script, with or without 東莞 or 市.

        Parameters
        ----------
        name : str
            A registry id, or a unit's name in any spelling a plan uses.

        Examples
        --------
        >>> registry = default_registry()
        >>> [registry.resolve(n).id for n in ("市工商局", "东莞市工商行政管理局")]
        ['dg.industry-commerce', 'dg.industry-commerce']
        >>> registry.resolve("市甲局")
        Traceback (most recent call last):
        ...
        integrity_toolkit.errors.UnknownUnitError: unit '市甲局' is not in ...
        """
        found = self.match(name)
        if found.unit is None:
            raise UnknownUnitError(name, tuple(u.label for u in found.candidates))
        return found.unit

    def holders(self, unit_id: str, as_of: dt.date) -> tuple[Holding, ...]:
        """The units that hold a unit's responsibilities on ``as_of``.

        Follows the unit's dated changes up to ``as_of``: one holding when
        it was renamed or merged, several when it was split. Undated changes
        are never applied.

        Parameters
        ----------
        unit_id : str
            The registry id of the unit a plan named.
        as_of : datetime.date
            The day to follow its changes up to.

        Returns
        -------
        tuple of Holding
            Each holder with the chain of changes that led to it; the unit itself,
            with no changes, when none applies.

        Examples
        --------
        >>> registry = default_registry()
        >>> [h.unit.short_hant[0] for h in registry.holders(
        ...     "dg.industry-commerce", dt.date(2020, 1, 1))]
        ['市市場監督管理局']
        >>> [h.unit.id for h in registry.holders(
        ...     "dg.industry-commerce", dt.date(2018, 12, 31))]
        ['dg.industry-commerce']
        """
        start = self.unit(unit_id)
        done: list[Holding] = []
        pending = [Holding(start, ())]
        while pending:
            holding = pending.pop(0)
            moves = [c for c in holding.unit.successors if c.applies_on(as_of)]
            if not moves:
                done.append(holding)
            pending += [
                Holding(self._units[c.successor], (*holding.changes, c)) for c in moves
            ]
        return tuple(done)

    def members(self, unit_id: str, as_of: dt.date | None = None) -> tuple[Unit, ...]:
        """The units that belong to a collective (valid on ``as_of`` if given).

        A collective that does not exist on ``as_of`` has no members then.

        Parameters
        ----------
        unit_id : str
            The registry id of a collective (``dg.parks-towns-subdistricts``).
        as_of : datetime.date, optional
            Keep the members valid on this day; default None keeps all.

        Examples
        --------
        >>> registry = default_registry()
        >>> len(registry.members("dg.parks-towns-subdistricts", dt.date(2018, 12, 31)))
        37
        """
        if as_of is not None and not self.unit(unit_id).valid_on(as_of):
            return ()
        return tuple(
            u
            for u in self._units.values()
            if unit_id in u.member_of and (as_of is None or u.valid_on(as_of))
        )

    def frame(self, as_of: dt.date | None = None) -> pd.DataFrame:
        """One row per unit (valid on ``as_of`` if given), in file order.

        Parameters
        ----------
        as_of : datetime.date, optional
            Keep the units valid on this day; default None keeps all.

        Returns
        -------
        pandas.DataFrame
            The columns of :func:`~integrity_toolkit.registry.tables.registry_frame`.

        Examples
        --------
        >>> table = default_registry().frame(dt.date(2020, 1, 1))
        >>> "dg.market-regulation" in set(table["unit_id"])
        True
        """
        from integrity_toolkit.registry.tables import registry_frame

        return registry_frame(self, as_of)

    def _build_index(self) -> list[str]:
        """Index every spelling; list names that two units declare."""
        owners: dict[str, set[str]] = {}
        declared: dict[str, set[str]] = {}
        for unit in self._units.values():
            for name in _declared_names(unit):
                key = normal_key(name)
                declared.setdefault(key, set()).add(unit.id)
                for variant in _variants(key):
                    owners.setdefault(variant, set()).add(unit.id)
        for key, ids in owners.items():
            if len(ids) == 1:
                self._index[key] = next(iter(ids))
            else:
                self._ambiguous[key] = ids
        return [
            f"name {key!r} is declared by {len(ids)} units: {', '.join(sorted(ids))}"
            for key, ids in declared.items()
            if len(ids) > 1
        ]


def normal_key(name: str) -> str:
    """A name folded for lookup: simplified script, no spaces or 、, ASCII marks.

    Parameters
    ----------
    name : str
        A unit's name in either script, full-width characters allowed.

    Examples
    --------
    >>> normal_key("各園區、鎮街")
    '各园区镇街'
    """
    folded = unicodedata.normalize("NFKC", name).translate(_IGNORED)
    return _to_hans(folded)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry shipped with the package (read once, then cached).

    Examples
    --------
    >>> default_registry() is default_registry()
    True
    """
    return load_registry()


def load_registry(path: str | Path | None = None) -> Registry:
    """Read a registry file (default: the shipped ``units.toml``).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A registry file in the format of the shipped ``units.toml``; default
        None reads that file.

    Returns
    -------
    Registry
        The checked registry; a file with problems raises RegistryError
        listing them all.

    Examples
    --------
    >>> load_registry()
    <Registry units.toml: ... units>
    """
    units = read_units(path)
    return Registry(units, source=Path(path).name if path else "units.toml")


def _declared_names(unit: Unit) -> tuple[str, ...]:
    return (
        *unit.short_hans,
        *unit.short_hant,
        unit.name_hans,
        unit.name_hant,
        *unit.aliases,
    )


def _variants(key: str) -> set[str]:
    """The key with the city written every way it can be (东莞市, 东莞, 市, none)."""
    for city in _CITY_FORMS[:-1]:
        at = key.find(city)
        if at < 0 or (city == "市" and at > 0):
            continue
        before, after = key[:at], key[at + len(city) :]
        if len(before + after) < 2:
            break
        return {before + form + after for form in _CITY_FORMS}
    return {key}


@lru_cache(maxsize=4096)
def _to_hans(text: str) -> str:
    return str(_converter().convert(text))


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")
