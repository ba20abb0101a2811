"""The ledger store: an append-only, bitemporal log of progress entries.

Each entry speaks for a period (valid time: the quarter, ``valid_from`` to
``valid_to``) and is recorded at a moment (transaction time:
``recorded_at``, UTC). Nothing is updated or deleted: a correction is a new
entry that names the entry it supersedes and why. So the ledger can answer
"where did each clause stand on day D, as we knew it on day K" for any D and
K, and a past report can be rebuilt exactly.

The store is any SQLAlchemy database: a SQLite file by default
(``data/ledger.sqlite``), or PostgreSQL (``postgresql+psycopg://…``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

from integrity_toolkit.display import Card, CardFrame, counted
from integrity_toolkit.errors import InvalidDateError, LedgerError
from integrity_toolkit.ledger.period import Period
from integrity_toolkit.ledger.roster import (
    COORDINATION_OFFICE,
    plan_start,
    reporting_roster,
)
from integrity_toolkit.ledger.schema import entries, imports, migrate
from integrity_toolkit.ledger.vocabulary import (
    Completion,
    Confidence,
    completion_for_percent,
    derive_confidence,
    is_overdue,
    parse_confidence,
)

if TYPE_CHECKING:
    from integrity_toolkit.model import Plan

__all__ = [
    "DEFAULT_STORE",
    "STORE_ENV",
    "ImportResult",
    "Ledger",
    "LedgerEntry",
    "compare_states",
    "store_url",
]

log = logging.getLogger(__name__)

#: Where the ledger lives unless told otherwise.
DEFAULT_STORE = "data/ledger.sqlite"
#: Environment variable naming the store (a URL or a SQLite file).
STORE_ENV = "INTEGRITY_TOOLKIT_LEDGER"
# Test hook: set to "before-commit" to have the process kill itself with
# SIGKILL after an import's rows are written and before they are committed.
_KILL_POINT_ENV = "INTEGRITY_TOOLKIT_LEDGER_KILL_POINT"
_CONTENT_FIELDS = (
    "unit",
    "clause_id",
    "period",
    "completion",
    "percent",
    "completed_on",
    "evidence",
    "evidence_links",
    "next_steps",
    "problems",
    "reporter",
    "confidence_override",
    "override_reason",
)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What a unit reported on one clause for one period.

    ``source_file``, ``source_sheet`` and ``source_row`` say where in a
    return the entry was read; ``role`` is the unit's role in the clause.
    """

    unit: str
    clause_id: str
    period: Period
    completion: Completion
    percent: float | None = None
    completed_on: dt.date | None = None
    evidence: str = ""
    evidence_links: str = ""
    next_steps: str = ""
    problems: str = ""
    reporter: str = ""
    role: str = ""
    confidence_override: Confidence | None = None
    override_reason: str | None = None
    source_file: str = ""
    source_sheet: str = ""
    source_row: int | None = None
    unit_id: str | None = None

    def content_hash(self) -> str:
        """SHA-256 of what the entry says (not of where it was read).

        Examples
        --------
        >>> a = LedgerEntry("市發改局", "2.1.1", Period(2019, 4), Completion.LIMITED)
        >>> b = dataclasses.replace(a, source_row=7)
        >>> a.content_hash() == b.content_hash()
        True
        """
        values = {name: _plain(getattr(self, name)) for name in _CONTENT_FIELDS}
        text = json.dumps(values, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one call of :meth:`Ledger.append` did.

    ``added`` entries were written (``superseding`` of them replace an
    earlier entry for the same unit, clause and period); ``unchanged``
    entries were already in the ledger as they are; ``already_imported``
    is True when the very same file had been imported before.
    """

    file_name: str
    import_id: int | None
    added: int
    unchanged: int
    superseding: int
    already_imported: bool = False


def store_url(store: str | Path) -> str:
    """A SQLAlchemy URL for a store given as a URL or a SQLite file path.

    Parameters
    ----------
    store : str or pathlib.Path
        A SQLAlchemy URL (anything with ``://``) or the path of a SQLite file.

    Examples
    --------
    >>> store_url("data/ledger.sqlite")
    'sqlite:///data/ledger.sqlite'
    >>> store_url("postgresql+psycopg://ledger@localhost/ledger")
    'postgresql+psycopg://ledger@localhost/ledger'
    """
    text = str(store)
    return text if "://" in text else f"sqlite:///{text}"


class Ledger:
    """A ledger store, opened (and migrated) on a database.

    Parameters
    ----------
    store : str or Path
        A SQLAlchemy URL or a SQLite file path; ``data/ledger.sqlite`` by
        default. A missing SQLite file is created when ``create`` is True,
        in a folder that must exist (only the default ``data/`` folder is
        made); so is an empty (0-byte) one.
    plan : Plan, optional
        The plan the ledger tracks; the bundled plan by default.
    office : str
        The unit that reports for collective actors.
    create : bool
        Whether the ledger may be made where there is none: a missing or
        empty SQLite file, a database without the ledger's tables. When
        False (what read-only commands use), nothing is written to such a
        store: it raises :class:`LedgerError` instead. A ledger made by an
        older toolkit is brought up to date either way.

    Raises
    ------
    LedgerError
        The store cannot be opened: no such file, an empty file or a
        database without a ledger (with ``create=False``), a folder, not a
        database, an unknown URL scheme, a server that does not answer. The
        message says which store and what to check.

    Examples
    --------
    >>> ledger = Ledger("sqlite://")
    >>> entry = LedgerEntry("市發改局", "2.1.1", Period(2019, 4), Completion.LIMITED)
    >>> when = dt.datetime(2020, 1, 9)
    >>> ledger.append([entry], file_name="by hand", recorded_at=when)
    ImportResult(file_name='by hand', import_id=1, added=1, unchanged=0, ...)
    >>> state = ledger.state(as_of=dt.date(2019, 12, 31))
    >>> state.set_index(["unit", "clause_id"]).loc[("市發改局", "2.1.1"), "completion"]
    'limited'
    >>> Ledger("sqlite://", create=False)
    Traceback (most recent call last):
    ...
    integrity_toolkit.errors.LedgerError: no ledger in sqlite://: the database has \
no ledger tables; create one with `integrity-toolkit ledger import` or \
`integrity-toolkit demo`, or check --store
    """

    def __init__(
        self,
        store: str | Path = DEFAULT_STORE,
        plan: Plan | None = None,
        office: str = COORDINATION_OFFICE,
        *,
        create: bool = True,
    ) -> None:
        from integrity_toolkit.bundled import load_plan

        self.url = store_url(store)
        _check_sqlite_file(_parsed_url(self.url), create)
        self.engine = _engine(self.url)
        self.plan = plan if plan is not None else load_plan()
        self.office = office
        self.roster = reporting_roster(self.plan, office)
        self.schema_version = _migrated(self.engine, create)

    def __repr__(self) -> str:
        url = self.engine.url.render_as_string(hide_password=True)
        return f"<Ledger {url}: schema version {self.schema_version}>"

    def append(
        self,
        new: Sequence[LedgerEntry],
        *,
        file_name: str,
        file_sha256: str | None = None,
        recorded_at: dt.datetime | None = None,
        synthetic: bool = False,
        note: str = "",
    ) -> ImportResult:
        """Add a return's entries in one transaction: all of them or none.

        An entry identical to one already held for its unit, clause and
        period is skipped (so a return sent again cannot undo a correction
        made since); one that differs supersedes the current entry. A file
        whose SHA-256 was imported before adds nothing.

        Parameters
        ----------
        new : sequence of LedgerEntry
            The entries of one return.
        file_name : str
            Where they came from, for the record.
        file_sha256 : str, optional
            The file's hash; the entries' hashes when omitted.
        recorded_at : datetime, optional
            Transaction time (UTC); now by default.
        synthetic : bool
            Mark the entries as synthetic (demo) data.
        note : str
            A remark kept with the import.

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> ledger.append([q4], file_name="a.xlsx").added
        1
        >>> ledger.append([q4], file_name="b.xlsx").unchanged  # nothing new
        1
        """
        when = _utc_naive(recorded_at)
        digest = file_sha256 or _hash_of(e.content_hash() for e in new)
        try:
            with self.engine.begin() as conn:
                result = self._append_in(
                    conn, new, file_name, digest, when, synthetic, note
                )
        except sa.exc.IntegrityError as exc:
            raise LedgerError(
                f"{file_name}: the store refused the import ({exc.orig}); if the same "
                "file was being imported at the same moment, run the import again"
            ) from None
        if result.added:
            log.info(
                "%s: %d entries added (import %d)",
                file_name,
                result.added,
                result.import_id,
            )
        return result

    def _append_in(
        self,
        conn: sa.Connection,
        new: Sequence[LedgerEntry],
        file_name: str,
        digest: str,
        when: dt.datetime,
        synthetic: bool,
        note: str,
    ) -> ImportResult:
        known = conn.scalar(
            sa.select(imports.c.import_id).where(imports.c.file_sha256 == digest)
        )
        if known is not None:
            log.info("%s was imported before (import %d)", file_name, known)
            return ImportResult(file_name, known, 0, len(new), 0, True)
        current = self._current_hashes(conn, {e.unit for e in new})
        rows, superseding = _rows_to_add(new, current, file_name, when, synthetic)
        if not rows:
            return ImportResult(file_name, None, 0, len(new), 0)
        record = imports.insert().values(
            file_name=file_name,
            file_sha256=digest,
            recorded_at=when,
            entries=len(rows),
            synthetic=synthetic,
            note=note,
        )
        import_id = _new_id(conn, record)
        conn.execute(entries.insert(), [{**r, "import_id": import_id} for r in rows])
        _maybe_die("before-commit")
        return ImportResult(
            file_name, import_id, len(rows), len(new) - len(rows), superseding
        )

    def correct(
        self,
        entry_id: int,
        reason: str,
        *,
        reporter: str,
        recorded_at: dt.datetime | None = None,
        **changes: Any,
    ) -> int:
        """Add an entry that supersedes ``entry_id``; return the new entry's id.

        ``changes`` name fields of :class:`LedgerEntry` to change
        (``completion``, ``percent``, ``evidence`` …); the unit, clause and
        period stay those of the entry corrected. ``reason`` is required.

        Parameters
        ----------
        entry_id : int
            The entry to correct; it must not be superseded already.
        reason : str
            Why, in a sentence; blank raises LedgerError.
        reporter : str
            Who makes the correction.
        recorded_at : datetime.datetime, optional
            When the correction is recorded (naive is UTC); default now. It may
            not precede the entry it corrects.
        **changes
            New values for fields of :class:`LedgerEntry`, such as
            ``completion``, ``percent`` (0 to 100), ``completed_on`` or
            ``evidence``; ``unit``, ``clause_id``, ``period``, ``role`` and
            ``unit_id`` cannot change.

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> _ = ledger.append([q4], file_name="a.xlsx")
        >>> ledger.correct(1, "typed 20 for 30", reporter="協調辦", percent=30.0)
        2
        >>> ledger.entries()[["entry_id", "percent", "supersedes"]]
           entry_id  percent  supersedes
        0         1     20.0        <NA>
        1         2     30.0           1
        """
        fixed = {"unit", "clause_id", "period", "role", "unit_id"}
        unknown = set(changes) - {f.name for f in dataclasses.fields(LedgerEntry)}
        if unknown or fixed & set(changes):
            refused = ", ".join(sorted(unknown | fixed & set(changes)))
            raise LedgerError(
                f"a correction cannot change {refused}"
                "; correct completion, percent, completed_on, evidence, "
                "evidence_links, next_steps, problems or the confidence override"
            )
        if not reason.strip():
            raise LedgerError(
                f"correcting entry {entry_id} needs a reason, e.g. "
                "'the unit sent a corrected percent on 2020-01-20'"
            )
        old = self._entry(entry_id)
        self._refuse_superseded(entry_id)
        when = _utc_naive(recorded_at)
        if when < old["recorded_at"]:
            raise LedgerError(
                f"a correction recorded at {when} would precede entry {entry_id} "
                f"(recorded {old['recorded_at']}); record it later"
            )
        entry = dataclasses.replace(_entry_of(old), reporter=reporter, **changes)
        _check_correction(entry, entry_id)
        row = _row_of(entry, when, old["synthetic"])
        row.update(supersedes=entry_id, correction_reason=reason)
        with self.engine.begin() as conn:
            new_id = _new_id(conn, entries.insert().values(**row))
        log.info("entry %d corrected by entry %d: %s", entry_id, new_id, reason)
        return int(new_id)

    def override_confidence(
        self,
        entry_id: int,
        confidence: Confidence | str,
        reason: str,
        *,
        reporter: str,
        recorded_at: dt.datetime | None = None,
    ) -> int:
        """Set a person's confidence rating on an entry, with the justification.

        The override is itself a correction: a new entry superseding
        ``entry_id`` that carries the rating and the reason.

        Parameters
        ----------
        entry_id : int
            The entry to rate; it must not be superseded already.
        confidence : Confidence or str
            ``green``, ``amber`` or ``red`` (or a word ``parse_confidence`` reads).
        reason : str
            The justification, kept with the rating.
        reporter : str
            Who sets the rating.
        recorded_at : datetime.datetime, optional
            When the rating is recorded (naive is UTC); default now.

        Returns
        -------
        int
            The id of the new entry.

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> _ = ledger.append([q4], file_name="a.xlsx")
        >>> _ = ledger.override_confidence(
        ...     1, "red", "the vendor withdrew", reporter="協調辦"
        ... )
        >>> state = ledger.state(as_of=dt.date(2019, 12, 31))
        >>> row = state.set_index(["unit", "clause_id"]).loc[("市監委", "2.2.3")]
        >>> row["confidence"], row["confidence_source"]
        ('red', 'override')
        """
        if isinstance(confidence, Confidence):
            rating = confidence
        else:
            try:
                rating = parse_confidence(confidence)
            except ValueError as exc:
                raise LedgerError(str(exc)) from None
        return self.correct(
            entry_id,
            f"confidence set to {rating.value}: {reason}",
            reporter=reporter,
            recorded_at=recorded_at,
            confidence_override=rating,
            override_reason=reason,
        )

    def entries(self, known_at: dt.datetime | dt.date | None = None) -> pd.DataFrame:
        """Every entry recorded up to ``known_at`` (all by default), oldest first.

        Parameters
        ----------
        known_at : datetime.datetime or datetime.date, optional
            The moment whose knowledge to show (naive is UTC; a date is the end of
            that day); default None is every entry.

        Returns
        -------
        pandas.DataFrame
            One row per entry, superseded ones included: ``entry_id``, the fields
            of :class:`LedgerEntry`, ``valid_from``/``valid_to`` (the period's
            days), ``recorded_at`` (naive UTC), ``content_hash``, ``synthetic``,
            ``supersedes`` (nullable) and ``correction_reason``.

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> _ = ledger.append([q4], file_name="a", recorded_at=dt.datetime(2020, 1, 9))
        >>> len(ledger.entries()), len(ledger.entries(known_at=dt.date(2020, 1, 8)))
        (1, 0)
        """
        query = sa.select(entries).order_by(entries.c.entry_id)
        if known_at is not None:
            query = query.where(entries.c.recorded_at <= _moment(known_at))
        with self.engine.connect() as conn:
            result = conn.execute(query)
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        frame["supersedes"] = frame["supersedes"].astype("Int64")
        return frame

    def imports(self) -> pd.DataFrame:
        """Every import: file, hash, when, entries added, synthetic or not.

        Examples
        --------
        >>> list(Ledger("sqlite://").imports().columns)[:3]
        ['import_id', 'file_name', 'file_sha256']
        """
        with self.engine.connect() as conn:
            result = conn.execute(sa.select(imports).order_by(imports.c.import_id))
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    def current(self, known_at: dt.datetime | dt.date | None = None) -> pd.DataFrame:
        """The entries not superseded by any entry known at ``known_at``.

        Parameters
        ----------
        known_at : datetime.datetime or datetime.date, optional
            As in :meth:`entries`; default None is every entry.

        Returns
        -------
        pandas.DataFrame
            The columns of :meth:`entries`, only the latest version of each entry.

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> _ = ledger.append([q4], file_name="a.xlsx")
        >>> _ = ledger.correct(1, "typed 20 for 30", reporter="協調辦", percent=30.0)
        >>> ledger.current()["entry_id"].tolist()
        [2]
        """
        history = self.entries(known_at)
        replaced = set(history["supersedes"].dropna())
        return history[~history["entry_id"].isin(replaced)].reset_index(drop=True)

    def state(
        self,
        as_of: dt.date | str | None = None,
        known_at: dt.datetime | dt.date | str | None = None,
    ) -> pd.DataFrame:
        """Where every clause stood for every responsible unit.

        Parameters
        ----------
        as_of : date or str, optional
            The day the state speaks for (valid time): each unit's latest
            return for a period ending on or before it counts. Today by
            default; text as ``2019-12-31``.
        known_at : date, datetime or str, optional
            Count only what had been recorded by then (transaction time); a
            date means the end of that day, UTC. Now by default.

        Returns
        -------
        DataFrame
            One row per roster line (unit, clause): ``completion`` (with
            ``no_report`` where nothing was reported), ``percent``,
            ``period``, ``confidence`` and its ``confidence_source`` (rule
            or override), ``overdue``, ``deadline``, ``entry_id``,
            ``recorded_at``, ``synthetic``. ``attrs`` carries ``as_of`` and
            ``known_at`` (ISO 8601 text, UTC, so the table writes to Parquet),
            ``document`` (the plan's number) and ``synthetic`` (True if any
            row is).

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> _ = ledger.append([q4], file_name="a", recorded_at=dt.datetime(2020, 1, 9))
        >>> def status(**when):
        ...     state = ledger.state(**when).set_index(["unit", "clause_id"])
        ...     return state.loc[("市監委", "2.2.3"), "completion"]
        >>> status(as_of=dt.date(2019, 12, 31)), status(as_of=dt.date(2019, 11, 30))
        ('limited', 'no_report')
        >>> status(as_of=dt.date(2019, 12, 31), known_at=dt.date(2020, 1, 8))
        'no_report'
        """
        day = _day(as_of)
        moment = _moment(known_at)
        current = self.current(moment)
        current = current[current["valid_to"] <= day]
        latest = (
            current.sort_values(["valid_to", "recorded_at", "entry_id"])
            .groupby(["unit", "clause_id"], sort=False)
            .tail(1)
            .drop(columns=["role"])
        )
        frame = self.roster.merge(latest, on=["unit", "clause_id"], how="left")
        frame = _judge(frame, day, plan_start(self.plan))
        doc = self.plan.document
        frame.attrs.update(
            as_of=day.isoformat(),
            known_at=moment.isoformat(),
            synthetic=bool(frame["synthetic"].any()),
            document=doc.doc_number or self.plan.source,
        )
        return CardFrame.of(frame, _state_card(frame))

    def freshness(
        self, known_at: dt.datetime | dt.date | str | None = None
    ) -> pd.DataFrame:
        """When each unit last reported, apart from how far it has got.

        A unit is ``stale`` when its latest return is for a quarter before
        the one just ended at ``known_at`` (or it never sent one).

        Parameters
        ----------
        known_at : datetime.datetime, datetime.date or str, optional
            The moment to judge at (naive is UTC; a date or ISO date is the end of
            that day); default now.

        Returns
        -------
        pandas.DataFrame
            One row per unit of the roster: ``unit``, ``clauses``,
            ``last_period`` (``2019Q4``, missing if none), ``last_recorded_at``,
            ``entries``, ``synthetic``, ``days_since_last_return`` and ``stale``;
            ``attrs`` holds ``known_at`` and ``due_period``.

        Examples
        --------
        >>> ledger = Ledger("sqlite://")
        >>> q4 = LedgerEntry("市監委", "2.2.3", Period(2019, 4), Completion.LIMITED, 20)
        >>> _ = ledger.append([q4], file_name="a", recorded_at=dt.datetime(2020, 1, 9))
        >>> fresh = ledger.freshness(known_at=dt.date(2020, 2, 1)).set_index("unit")
        >>> fresh.loc["市監委", "last_period"], bool(fresh.loc["市監委", "stale"])
        ('2019Q4', False)
        >>> bool(fresh.loc["市發改局", "stale"])
        True
        """
        moment = _moment(known_at)
        history = self.entries(moment)
        due = Period.containing(moment.date()).previous()
        units = self.roster.groupby("unit", sort=False).size().rename("clauses")
        last = history.groupby("unit").agg(
            last_period=("period", "max"),
            last_recorded_at=("recorded_at", "max"),
            entries=("entry_id", "size"),
            synthetic=("synthetic", "any"),
        )
        frame = units.to_frame().join(last).reset_index()
        frame["entries"] = frame["entries"].fillna(0).astype(int)
        frame["last_recorded_at"] = pd.to_datetime(frame["last_recorded_at"])
        frame["days_since_last_return"] = (moment - frame["last_recorded_at"]).dt.days
        frame["stale"] = frame["last_period"].isna() | (
            frame["last_period"].fillna("") < str(due)
        )
        frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)
        frame.attrs.update(known_at=moment.isoformat(), due_period=str(due))
        return frame

    def _entry(self, entry_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(entries).where(entries.c.entry_id == entry_id)
            ).first()
        if row is None:
            raise LedgerError(
                f"no entry {entry_id} in the ledger; list the current entries and "
                "their entry_id with `integrity-toolkit ledger state` (in Python: "
                "Ledger.current())"
            )
        return dict(row._mapping)

    def _refuse_superseded(self, entry_id: int) -> None:
        """Refuse to correct an entry a later entry already replaces."""
        latest = entry_id
        with self.engine.connect() as conn:
            while True:
                newer = conn.scalar(
                    sa.select(entries.c.entry_id).where(entries.c.supersedes == latest)
                )
                if newer is None:
                    break
                latest = int(newer)
        if latest != entry_id:
            raise LedgerError(
                f"entry {entry_id} has been superseded; entry {latest} is the current "
                f"one for its unit, clause and period: correct entry {latest} instead"
            )

    def _current_hashes(
        self, conn: sa.Connection, units: set[str]
    ) -> dict[tuple[str, str, str], tuple[int, set[str]]]:
        """For each (unit, clause, period): its current entry, and every content
        it has had (so a return sent again cannot undo a correction made since)."""
        query = sa.select(
            entries.c.entry_id,
            entries.c.unit,
            entries.c.clause_id,
            entries.c.period,
            entries.c.content_hash,
            entries.c.supersedes,
        ).where(entries.c.unit.in_(sorted(units)))
        rows = conn.execute(query.order_by(entries.c.entry_id)).fetchall()
        replaced = {r.supersedes for r in rows}
        seen: dict[tuple[str, str, str], set[str]] = {}
        for r in rows:
            seen.setdefault((r.unit, r.clause_id, r.period), set()).add(r.content_hash)
        return {
            (r.unit, r.clause_id, r.period): (
                r.entry_id,
                seen[(r.unit, r.clause_id, r.period)],
            )
            for r in rows
            if r.entry_id not in replaced
        }


_COMPARED = ("completion", "percent", "confidence", "overdue")


def compare_states(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """What changed between two states of the ledger (see :meth:`Ledger.state`).

    Parameters
    ----------
    before, after : pandas.DataFrame
        Two states from :meth:`Ledger.state`, such as the same as-of date
        known at two moments.

    Returns
    -------
    DataFrame
        One row per (unit, clause) whose completion, percent, confidence or
        overdue flag differs, with ``<field>_before`` and ``<field>_after``,
        and ``synthetic`` where either side is synthetic data.

    Examples
    --------
    >>> ledger = Ledger("sqlite://")
    >>> entry = LedgerEntry("市發改局", "2.1.1", Period(2019, 4), Completion.LIMITED)
    >>> _ = ledger.append([entry], file_name="x", recorded_at=dt.datetime(2020, 1, 9))
    >>> one = ledger.state(as_of=dt.date(2019, 9, 30))
    >>> two = ledger.state(as_of=dt.date(2019, 12, 31))
    >>> compare_states(one, two)[["unit", "clause_id", "completion_before",
    ...                           "completion_after"]]
           unit clause_id completion_before completion_after
    0  市發改局     2.1.1         no_report          limited
    """
    keys = ["unit", "clause_id"]
    merged = before[[*keys, *_COMPARED]].merge(
        after[[*keys, *_COMPARED]], on=keys, how="outer", suffixes=("_before", "_after")
    )
    changed = pd.Series(False, index=merged.index)
    for name in _COMPARED:
        old, new = merged[f"{name}_before"], merged[f"{name}_after"]
        changed |= ~((old == new) | (old.isna() & new.isna()))
    synthetic = before[[*keys, "synthetic"]].merge(
        after[[*keys, "synthetic"]], on=keys, how="outer"
    )
    merged["synthetic"] = synthetic["synthetic_x"].fillna(False).astype(bool) | (
        synthetic["synthetic_y"].fillna(False).astype(bool)
    )
    return merged[changed].reset_index(drop=True)


def _rows_to_add(
    new: Sequence[LedgerEntry],
    current: dict[tuple[str, str, str], tuple[int, set[str]]],
    file_name: str,
    when: dt.datetime,
    synthetic: bool,
) -> tuple[list[dict[str, Any]], int]:
    rows, superseding = [], 0
    for entry in new:
        row = _row_of(entry, when, synthetic)
        previous = current.get((entry.unit, entry.clause_id, str(entry.period)))
        if previous and row["content_hash"] in previous[1]:
            continue
        if previous:
            superseding += 1
            row.update(
                supersedes=previous[0],
                correction_reason=f"replaced by a later return: {file_name}",
            )
        rows.append(row)
    return rows, superseding


def _row_of(entry: LedgerEntry, when: dt.datetime, synthetic: bool) -> dict[str, Any]:
    row = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
    row.update(
        period=str(entry.period),
        valid_from=entry.period.start,
        valid_to=entry.period.end,
        completion=entry.completion.value,
        confidence_override=_plain(entry.confidence_override),
        recorded_at=when,
        content_hash=entry.content_hash(),
        synthetic=synthetic,
        supersedes=None,
        correction_reason=None,
    )
    return row


def _check_correction(entry: LedgerEntry, entry_id: int) -> None:
    """A corrected entry passes the checks an imported row does."""
    status, percent = entry.completion, entry.percent
    if status is Completion.NO_REPORT:
        raise LedgerError(
            f"entry {entry_id} cannot be corrected to {status.label}: an entry is a "
            "report; give a status such as 有限進展"
        )
    if percent is None:
        return
    if not 0 <= percent <= 100:
        raise LedgerError(
            f"percent {percent:g} for entry {entry_id} is outside 0-100; "
            "give a number from 0 to 100, e.g. 80"
        )
    if completion_for_percent(percent) is not status:
        raise LedgerError(
            f"percent {percent:g} does not match the status {status.label} of the "
            f"corrected entry {entry_id}; 未啟動 is 0, 有限進展 1-49, 實質進展 50-99, "
            "已完成 100: give --status and --percent that agree"
        )


def _entry_of(row: dict[str, Any]) -> LedgerEntry:
    names = {f.name for f in dataclasses.fields(LedgerEntry)}
    values = {k: v for k, v in row.items() if k in names}
    values["period"] = Period.parse(row["period"])
    values["completion"] = Completion(row["completion"])
    override = row["confidence_override"]
    values["confidence_override"] = Confidence(override) if override else None
    return LedgerEntry(**values)


def _state_card(frame: pd.DataFrame) -> Card:
    attrs = frame.attrs
    reported = frame["completion"] != Completion.NO_REPORT.value
    facts = (
        f"as of {attrs['as_of']}",
        f"known at {attrs['known_at'][:16].replace('T', ' ')} UTC",
        f"{len(frame)} clause-unit rows · {frame['unit'].nunique()} units · "
        f"{int(reported.sum())} reported · {int(frame['overdue'].sum())} overdue",
        "completion: " + counted(frame["completion"], [c.value for c in Completion]),
        "confidence: "
        + (counted(frame["confidence"], [c.value for c in Confidence]) or "none"),
    )
    columns = ("unit", "clause_id", "completion", "percent", "period", "confidence")
    return Card(
        f"{attrs['document']} ledger state",
        facts,
        (*columns, "overdue"),
        warning="synthetic demo data" if attrs["synthetic"] else None,
    )


def _judge(frame: pd.DataFrame, as_of: dt.date, start: dt.date) -> pd.DataFrame:
    """Fill no-report rows and derive overdue and confidence for every row."""
    frame = frame.copy()
    frame["completion"] = frame["completion"].fillna(Completion.NO_REPORT.value)
    frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)
    frame["entry_id"] = frame["entry_id"].astype("Int64")
    overdue, confidence, source = [], [], []
    columns = ["completion", "deadline", "percent", "confidence_override"]
    for row in frame[columns].to_dict("records"):
        state = Completion(row["completion"])
        deadline = row["deadline"] if isinstance(row["deadline"], dt.date) else None
        percent = None if pd.isna(row["percent"]) else float(row["percent"])
        overdue.append(is_overdue(state, deadline, as_of))
        rule = derive_confidence(state, percent, start, deadline, as_of)
        override = row["confidence_override"]
        override = override if isinstance(override, str) else None
        confidence.append(override or (rule.value if rule else None))
        source.append("override" if override else ("rule" if rule else None))
    frame["overdue"] = overdue
    frame["confidence"] = confidence
    frame["confidence_source"] = source
    return frame


def _new_id(conn: sa.Connection, statement: Any) -> int:
    key = conn.execute(statement).inserted_primary_key
    if key is None:  # pragma: no cover - every dialect we support returns it
        raise LedgerError("the database did not return the new row's id")
    return int(key[0])


def _plain(value: Any) -> Any:
    if isinstance(value, (Completion, Confidence)):
        return value.value
    if isinstance(value, (dt.date, Period)):
        return str(value)
    return value


def _hash_of(parts: Any) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _utc_naive(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if moment.tzinfo is not None:
        return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def _moment(known_at: dt.datetime | dt.date | str | None) -> dt.datetime:
    """Transaction time as naive UTC; a date means the end of that day."""
    if isinstance(known_at, str):
        known_at = _from_text(known_at, "known_at")
    _check_date(known_at, "known_at")
    if isinstance(known_at, dt.datetime) or known_at is None:
        return _utc_naive(known_at)
    return dt.datetime.combine(known_at, dt.time.max)


def _day(as_of: dt.date | str | None) -> dt.date:
    if isinstance(as_of, str):
        as_of = _from_text(as_of, "as_of")
    _check_date(as_of, "as_of")
    if as_of is None:
        return dt.datetime.now(dt.timezone.utc).date()
    return as_of.date() if isinstance(as_of, dt.datetime) else as_of


def _from_text(text: str, name: str) -> dt.date | dt.datetime:
    """A date (``2019-12-31``) or a moment (``2020-01-10T09:00``) written as text."""
    try:
        if len(text.strip()) == 10:
            return dt.date.fromisoformat(text.strip())
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDateError(
            "not a date",
            "write it as YYYY-MM-DD, e.g. 2019-12-31, or a moment as YYYY-MM-DDTHH:MM",
            where=name,
            value=text,
        ) from None


def _check_date(value: object, name: str) -> None:
    """Refuse a value that is neither None, a date nor a datetime (a number)."""
    if value is not None and not isinstance(value, dt.date):
        raise InvalidDateError(
            f"{value!r} ({type(value).__name__}) is not a date",
            "give a datetime.date, a datetime or ISO text, e.g. '2019-12-31'",
            where=name,
        )


_CREATE_FIX = (
    "create one with `integrity-toolkit ledger import` or `integrity-toolkit demo`, "
    "or check --store"
)
_STORE_FIX = (
    "give a SQLite file (e.g. data/ledger.sqlite) or a SQLAlchemy URL "
    "(e.g. postgresql+psycopg://user@host/ledger) with --store"
)


def _parsed_url(url: str) -> sa.engine.URL:
    try:
        return sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise LedgerError(f"{url!r} is not a store URL; {_STORE_FIX}") from None


def _check_sqlite_file(parsed: sa.engine.URL, create: bool) -> None:
    """Refuse a SQLite store that is a folder, or missing or empty where it may
    not be made (an empty file is an empty SQLite database, but no ledger)."""
    if parsed.get_backend_name() != "sqlite" or parsed.database in (
        None,
        "",
        ":memory:",
    ):
        return
    path = Path(parsed.database or "")
    if path.is_dir():
        raise LedgerError(
            f"the store {path} is a folder, not a ledger file; "
            f"name a file in it, e.g. {path / 'ledger.sqlite'}"
        )
    if path.exists() and (create or path.stat().st_size):
        return
    if path.exists():
        raise LedgerError(
            f"the store {path} is an empty file (0 bytes), not a ledger; {_CREATE_FIX}"
        )
    if not create:
        raise LedgerError(f"no ledger at {path}; {_CREATE_FIX}")
    folder = path.parent
    if folder == Path(DEFAULT_STORE).parent:
        folder.mkdir(exist_ok=True)
    elif not folder.is_dir():
        raise LedgerError(
            f"no folder {folder} for the store {path}; create the folder first "
            "or check --store"
        )


def _engine(url: str) -> sa.Engine:
    try:
        return sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        reason = str(exc).splitlines()[0]
        raise LedgerError(
            f"cannot open the store {url!r} ({reason}); {_STORE_FIX}"
        ) from None


def _migrated(engine: sa.Engine, create: bool) -> int:
    """Migrate the store, turning the database's failures into one-line errors.

    Without ``create``, a database that holds no ledger is refused before
    anything is written to it.
    """
    shown = engine.url.render_as_string(hide_password=True)
    try:
        if not create and not sa.inspect(engine).has_table("schema_version"):
            raise LedgerError(
                f"no ledger in {shown}: the database has no ledger tables; "
                + _CREATE_FIX
            )
        return migrate(engine)
    except sa.exc.SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        reason = str(orig if orig is not None else exc).strip().splitlines()[0]
        raise LedgerError(
            f"cannot open the ledger at {shown} ({reason}); check that it is a "
            "ledger database (SQLite) or that the server answers and the URL, user "
            "and password are right"
        ) from None


def _maybe_die(point: str) -> None:
    if os.environ.get(_KILL_POINT_ENV) == point:
        log.warning("killing this process at %s, as %s asks", point, _KILL_POINT_ENV)
        os.kill(os.getpid(), signal.SIGKILL)
