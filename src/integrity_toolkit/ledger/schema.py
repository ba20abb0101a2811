"""The ledger's tables and their numbered migrations.

``schema_version`` holds one row per migration applied. :func:`migrate`
applies, in one transaction each, the migrations a store has not yet had,
so a store made by an older version of the toolkit is brought up to date
when it is opened.

The tables:

``imports``
    One row per return file (or demo fill) imported: file name, the file's
    SHA-256, when, how many entries it added, whether it is synthetic.
``entries``
    The ledger entries, append-only. Valid time is the period the entry
    speaks for (``period``, ``valid_from``, ``valid_to``); transaction time
    is ``recorded_at`` (UTC). A correction names the entry it ``supersedes``
    and its ``correction_reason``. ``unit_id`` stays empty until a unit
    registry fills it.
``dishonesty_records``
    Government dishonesty records (unfulfilled judgments, dishonest
    judgment debtor listings, penalties, disciplinary findings, unkept
    investment promises), append-only. A correction or a credit repair is a
    new row (``action`` ``correction`` or ``repair``) naming the row it
    ``supersedes``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import sqlalchemy as sa

from integrity_toolkit.errors import LedgerError

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "dishonesty_records",
    "entries",
    "imports",
    "metadata",
    "migrate",
]

log = logging.getLogger(__name__)

#: The ledger's tables, for SQLAlchemy.
metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

#: One row per return file (or demo fill) imported.
imports = sa.Table(
    "imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("entries", sa.Integer, nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
)

#: The ledger entries, append-only.
entries = sa.Table(
    "entries",
    metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("unit_id", sa.Text, nullable=True),
    sa.Column("clause_id", sa.String(32), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("period", sa.String(8), nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_to", sa.Date, nullable=False),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("completion", sa.String(16), nullable=False),
    sa.Column("percent", sa.Float, nullable=True),
    sa.Column("completed_on", sa.Date, nullable=True),
    sa.Column("evidence", sa.Text, nullable=False, default=""),
    sa.Column("evidence_links", sa.Text, nullable=False, default=""),
    sa.Column("next_steps", sa.Text, nullable=False, default=""),
    sa.Column("problems", sa.Text, nullable=False, default=""),
    sa.Column("reporter", sa.Text, nullable=False, default=""),
    sa.Column("confidence_override", sa.String(8), nullable=True),
    sa.Column("override_reason", sa.Text, nullable=True),
    sa.Column(
        "supersedes", sa.Integer, sa.ForeignKey("entries.entry_id"), nullable=True
    ),
    sa.Column("correction_reason", sa.Text, nullable=True),
    sa.Column(
        "import_id", sa.Integer, sa.ForeignKey("imports.import_id"), nullable=True
    ),
    sa.Column("source_file", sa.Text, nullable=False, default=""),
    sa.Column("source_sheet", sa.Text, nullable=False, default=""),
    sa.Column("source_row", sa.Integer, nullable=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False),
    sa.Index("ix_entries_unit_clause", "unit", "clause_id", "valid_to"),
    sa.Index("ix_entries_recorded_at", "recorded_at"),
)


#: Government dishonesty records, append-only; corrections and repairs are rows.
dishonesty_records = sa.Table(
    "dishonesty_records",
    metadata,
    sa.Column("record_id", sa.Integer, primary_key=True),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column(
        "supersedes",
        sa.Integer,
        sa.ForeignKey("dishonesty_records.record_id"),
        nullable=True,
    ),
    sa.Column("reason", sa.Text, nullable=False, default=""),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False),
)


def _create_tables(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[imports, entries])


# Triggers that refuse UPDATE and DELETE: history is only ever added to.
def _sqlite_guards(tables: tuple[str, ...]) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table}
    BEGIN SELECT RAISE(ABORT, '{table} is append-only: add a correction'); END"""
        for table in tables
        for verb in ("update", "delete")
    ]


def _postgres_guards(tables: tuple[str, ...]) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"""
        for table in tables
    ]


_APPEND_ONLY_FUNCTION = """CREATE FUNCTION ledger_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only: add a correction', TG_TABLE_NAME;
    END $$"""


def _guard_history(conn: sa.Connection) -> None:
    _guard(conn, ("entries", "imports"), [_APPEND_ONLY_FUNCTION])


def _create_dishonesty_records(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[dishonesty_records])
    _guard(conn, ("dishonesty_records",), [])


def _guard(conn: sa.Connection, tables: tuple[str, ...], first: list[str]) -> None:
    dialect = conn.dialect.name
    statements = {
        "sqlite": _sqlite_guards(tables),
        "postgresql": [*first, *_postgres_guards(tables)],
    }
    if dialect not in statements:
        log.warning(
            "no append-only guard for %s; the ledger code still never "
            "updates or deletes",
            dialect,
        )
    for statement in statements.get(dialect, []):
        conn.execute(sa.text(statement))


#: Every migration, in order: (version, description, function).
MIGRATIONS: tuple[tuple[int, str, Callable[[sa.Connection], None]], ...] = (
    (1, "create imports and entries", _create_tables),
    (2, "refuse updates and deletes of history", _guard_history),
    (3, "create dishonesty_records, append-only", _create_dishonesty_records),
)
#: The schema version this toolkit writes: that of the last migration.
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(engine: sa.Engine) -> int:
    """Bring a store's schema up to :data:`SCHEMA_VERSION`; return the version.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The store's engine; missing tables are created and each migration not
        yet applied runs in its own transaction.

    Raises
    ------
    LedgerError
        The store was made by a newer toolkit (a schema version unknown here).

    Examples
    --------
    >>> migrate(sa.create_engine("sqlite://"))
    3
    """
    metadata.create_all(engine, tables=[schema_version])
    with engine.connect() as conn:
        done = set(conn.scalars(sa.select(schema_version.c.version)))
    if done and max(done) > SCHEMA_VERSION:
        raise LedgerError(
            f"{engine.url.render_as_string(hide_password=True)} has ledger schema "
            f"version {max(done)}; this integrity-toolkit knows versions up to "
            f"{SCHEMA_VERSION}: upgrade integrity-toolkit to open it"
        )
    for version, description, step in MIGRATIONS:
        if version in done:
            continue
        with engine.begin() as conn:
            step(conn)
            conn.execute(
                schema_version.insert().values(
                    version=version,
                    description=description,
                    applied_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                )
            )
        log.info("ledger schema migrated to version %d: %s", version, description)
    return SCHEMA_VERSION
