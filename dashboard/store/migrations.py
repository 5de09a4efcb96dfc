"""The store's schema: tables and the named, ordered migrations that create them.

`migrate(engine)` applies every migration not yet listed in `schema_migrations`, in order,
inside one transaction that first takes a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
transaction-level advisory lock), so two processes starting at once apply each step exactly
once. Running it again does nothing, and writes nothing: an up-to-date schema is recognised by a
plain read first, so a read-only database (file or role) can still be opened for reading.

The `Table` objects describe the newest schema. A change to a table ships as a new migration at
the end of `MIGRATIONS` (never an edit of an old one) together with the change of its `Table`.

Figures are append-only: there is no UPDATE or DELETE of figure rows in the code, and the
database refuses them too (migration 0003 adds triggers that abort any UPDATE or DELETE on
`figures` and `audit_events`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa

from dashboard.store.rows import MIGRATION_NAMES
from dashboard.store.writes import StoreUnavailable

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

figures = sa.Table(
    "figures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_id", sa.String(200), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("value", sa.Double, nullable=True),
    sa.Column("figure_status", sa.String(20), nullable=True),
    sa.Column("source", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("confirmed_jump", sa.Boolean(create_constraint=True, name="ck_figures_jump_bool"), nullable=False),
    sa.Column("entered_by", sa.String(200), nullable=False),
    sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("indicator_id", "year", "revision", name="uq_figures_revision"),
    sa.CheckConstraint("action IN ('enter', 'retract')", name="ck_figures_action"),
    sa.CheckConstraint("action = 'retract' OR value IS NOT NULL", name="ck_figures_value"),
    sa.CheckConstraint("action = 'enter' OR reason IS NOT NULL", name="ck_figures_reason"),
)

audit_events = sa.Table(
    "audit_events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("departments", sa.Text, nullable=False),
    sa.Column("event", sa.String(40), nullable=False),
    sa.Column("indicator_id", sa.String(200), nullable=True),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("detail", sa.Text, nullable=False),
)

reviews = sa.Table(  # review transitions of figure revisions; no row: accepted (shipped or written by an admin)
    "reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_id", sa.String(200), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.CheckConstraint("state IN ('submitted', 'accepted', 'returned')", name="ck_reviews_state"),
    sa.CheckConstraint("state <> 'returned' OR reason IS NOT NULL", name="ck_reviews_reason"),
    sa.Index("ix_reviews_key", "indicator_id", "year", "revision"),
)

period_locks = sa.Table(  # lock/unlock rows of a plan's year; the newest row of (plan, year) is in force
    "period_locks", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.String(200), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('lock', 'unlock')", name="ck_period_locks_action"),
)

assignments = sa.Table(
    "owner_assignments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator_id", sa.String(200), nullable=False),
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("lead", sa.String(200), nullable=True),
    sa.Column("partners", sa.Text, nullable=False),
    sa.Column("assigned_by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.CheckConstraint("mode IN ('add', 'override', 'clear')", name="ck_assignments_mode"),
    sa.CheckConstraint("mode = 'clear' OR lead IS NOT NULL", name="ck_assignments_lead"),
)

_GUARDED = ("figures", "audit_events", "owner_assignments")
_PG_LOCK_KEY = 7_242_019  # any constant: the advisory lock that serialises migrations


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def step(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn)
    return step


def _indexes(conn: sa.Connection) -> None:
    # plain DDL: an sa.Index object would attach itself to the Table and change what 0001 creates
    conn.exec_driver_sql("CREATE INDEX ix_figures_entered_at ON figures (entered_at)")
    conn.exec_driver_sql("CREATE INDEX ix_audit_events_at ON audit_events (at)")


def _guard(conn: sa.Connection, tables) -> None:
    """Triggers that make the database refuse UPDATE and DELETE of `tables` (after 0003 made the PG function)."""
    for table in tables:
        if conn.dialect.name == "sqlite":
            for op in ("UPDATE", "DELETE"):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: add a revision instead'); END")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                                 "FOR EACH ROW EXECUTE FUNCTION dashboard_append_only()")


def _owner_assignments(conn: sa.Connection) -> None:
    assignments.create(conn)
    _guard(conn, ["owner_assignments"])


def _append_only(conn: sa.Connection) -> None:
    """Triggers that make the database itself refuse UPDATE and DELETE of logged rows."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE FUNCTION dashboard_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION '%% is append-only: add a revision instead', TG_TABLE_NAME; END $$")
    _guard(conn, _GUARDED[:2])  # 0003 as it shipped: later tables guard themselves in their own step


def _reviews_and_locks(conn: sa.Connection) -> None:
    """Review transitions and locked periods: two append-only tables (the trigger function of 0003)."""
    for table in (reviews, period_locks):
        table.create(conn)
    _guard(conn, [reviews.name, period_locks.name])


# The names are in rows.MIGRATION_NAMES (read there without SQLAlchemy); a new step adds its name there.
MIGRATIONS: list[tuple[str, Callable[[sa.Connection], None]]] = list(zip(MIGRATION_NAMES, [
    _create(figures),
    _create(audit_events),
    _append_only,
    _indexes,
    _reviews_and_locks,
    _owner_assignments,
], strict=True))


class SchemaError(StoreUnavailable):
    """The database was migrated by a newer version of the code."""


def migrate(engine: sa.Engine) -> list[str]:
    """Apply the missing migrations in order; return the names applied (empty: up to date)."""
    names = [name for name, _ in MIGRATIONS]
    with engine.connect() as conn:
        if sa.inspect(conn).has_table("schema_migrations"):
            done = set(conn.execute(sa.select(schema_migrations.c.name)).scalars())
            if done == set(names):
                return []
        conn.rollback()
    with engine.connect() as conn:
        conn.execution_options(dashboard_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            schema_migrations.create(conn, checkfirst=True)
            done = set(conn.execute(sa.select(schema_migrations.c.name)).scalars())
            unknown = sorted(done - {name for name, _ in MIGRATIONS})
            if unknown:
                raise SchemaError("store.fault.schema", names=", ".join(unknown))
            applied = []
            for name, step in MIGRATIONS:
                if name not in done:
                    step(conn)
                    conn.execute(sa.insert(schema_migrations).values(name=name, applied_at=dt.datetime.now(dt.UTC)))
                    applied.append(name)
    return applied


def applied(engine: sa.Engine) -> list[str]:
    """Names of the migrations recorded in the database, in order."""
    with engine.connect() as conn:
        return list(conn.execute(sa.select(schema_migrations.c.name).order_by(schema_migrations.c.name)).scalars())
