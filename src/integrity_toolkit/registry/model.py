"""What the registry knows about a unit: names, type, validity, changes, sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from integrity_toolkit._enums import CodeEnum

__all__ = [
    "ActorKind",
    "Change",
    "ChangeKind",
    "DatePrecision",
    "Status",
    "Unit",
    "UnitType",
]


class UnitType(CodeEnum):
    """The kind of body a unit is."""

    MUNICIPAL_DEPARTMENT = "municipal-department"
    PARTY_OFFICE = "party-office"
    INSTITUTION = "institution"
    CENTRAL_BANK_BRANCH = "central-bank-branch"
    SUPERVISORY_COMMISSION = "supervisory-commission"
    COORDINATION_GROUP = "coordination-group"
    FUNCTIONAL_AREA = "functional-area"
    TOWN = "town"
    SUB_DISTRICT = "sub-district"
    PARK = "park"
    COLLECTIVE = "collective"


class ActorKind(CodeEnum):
    """How an actor named in a tag can be held to account.

    ``unit`` is one body; ``collective`` stands for many bodies the
    registry can list (各部門, 各園區、鎮街, a group's member units);
    ``unspecified`` stands for bodies the plan leaves unnamed (有關部門,
    相關行業監管部門); ``unknown`` is a name the registry does not know.
    """

    UNIT = "unit"
    COLLECTIVE = "collective"
    UNSPECIFIED = "unspecified"
    UNKNOWN = "unknown"


class Status(CodeEnum):
    """How far a fact is supported by a source."""

    SOURCED = "sourced"
    PARTIALLY_SOURCED = "partially-sourced"
    BELIEVED = "believed"


class ChangeKind(CodeEnum):
    """What happened to a unit: renamed, merged into another, or split."""

    RENAMED = "renamed"
    MERGED_INTO = "merged-into"
    SPLIT_INTO = "split-into"


class DatePrecision(CodeEnum):
    """How exactly a date is known.

    ``day``: on that day. ``year``: some time in that year, written as
    1 January. ``by``: in place by that day at the latest. ``unknown``:
    no date; such a change is never applied as of a date.
    """

    DAY = "day"
    YEAR = "year"
    BY = "by"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Change:
    """A unit's passage to a successor (one per successor of a split)."""

    successor: str
    kind: ChangeKind
    date: dt.date | None
    precision: DatePrecision
    status: Status
    note: str

    def applies_on(self, day: dt.date) -> bool:
        """Whether the change has happened by ``day``; undated never has.

        Parameters
        ----------
        day : datetime.date
            The day to judge at; a change dated that day has happened.

        Examples
        --------
        >>> change = Change("dg.x", ChangeKind.RENAMED, dt.date(2019, 1, 1),
        ...                 DatePrecision.YEAR, Status.BELIEVED, "")
        >>> [change.applies_on(dt.date(y, 1, 1)) for y in (2018, 2019)]
        [False, True]
        """
        return self.date is not None and self.date <= day

    def describe(self) -> str:
        """The change in a few words, e.g. ``merged-into 2019-02-15 (by)``.

        Examples
        --------
        >>> Change("dg.x", ChangeKind.RENAMED, None, DatePrecision.UNKNOWN,
        ...        Status.BELIEVED, "").describe()
        'renamed (date unknown)'
        """
        if self.date is None:
            return f"{self.kind} (date unknown)"
        return f"{self.kind} {self.date.isoformat()} ({self.precision})"


@dataclass(frozen=True, slots=True)
class Unit:
    """One entry of the registry.

    ``short_hans`` and ``short_hant`` hold the short names plans use, in
    simplified and traditional script; ``name_hans``, ``name_hant`` and
    ``name_en`` the full names. ``valid_until`` is the first day the unit
    no longer exists (None: it still does).
    """

    id: str
    type: UnitType
    type_detail: str
    short_hans: tuple[str, ...]
    short_hant: tuple[str, ...]
    name_hans: str
    name_hant: str
    name_en: str
    aliases: tuple[str, ...]
    valid_from: dt.date | None
    valid_from_precision: DatePrecision
    valid_until: dt.date | None
    valid_until_precision: DatePrecision
    successors: tuple[Change, ...]
    member_of: tuple[str, ...]
    unspecified: bool
    members_known: bool
    stats_code: str | None
    status: Status
    sources: tuple[str, ...]
    notes: str

    @property
    def actor_kind(self) -> ActorKind:
        """Whether the unit is one body, a collective or an unspecified actor."""
        if self.unspecified:
            return ActorKind.UNSPECIFIED
        if self.type in (UnitType.COLLECTIVE, UnitType.COORDINATION_GROUP):
            return ActorKind.COLLECTIVE
        return ActorKind.UNIT

    @property
    def label(self) -> str:
        """The short name in traditional script, as the reference plan writes it."""
        return self.short_hant[0] if self.short_hant else self.name_hant

    def valid_on(self, day: dt.date) -> bool:
        """Whether the unit exists on ``day``.

        A unit with no ``valid_from`` existed before the plans it serves,
        unless its start is marked ``unknown``: then it is valid on no date.

        Parameters
        ----------
        day : datetime.date
            The day to judge at; ``valid_until`` is the first day the unit no
            longer exists.

        Examples
        --------
        >>> from integrity_toolkit.registry import default_registry
        >>> unit = default_registry().unit("dg.industry-commerce")
        >>> unit.valid_on(dt.date(2019, 2, 14)), unit.valid_on(dt.date(2019, 2, 15))
        (True, False)
        """
        if self.valid_from is None:
            started = self.valid_from_precision is not DatePrecision.UNKNOWN
        else:
            started = self.valid_from <= day
        return started and (self.valid_until is None or day < self.valid_until)
