"""The two database roles, and the guards that keep the logs whole even for the tables' owner.

The owner (MIGRATE_DATABASE_URL) runs the migrations and owns every table. The app connects as
a role that owns nothing: it may SELECT, INSERT, UPDATE and DELETE, but on the append-only logs
only SELECT and INSERT. TRUNCATE, ALTER TABLE, DISABLE TRIGGER and `SET session_replication_role`
need ownership or superuser rights, which it never has, so the app's credentials alone cannot
shorten or rewrite a log. The append-only tables are found by their pgtrigger Protect triggers,
so a log added later is covered without a list to keep.
"""

import pgtrigger
from django.apps import apps
from django.db import connection
from psycopg import sql

DATA_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
GUARD_FUNCTION = "psd_refuse_truncate"
GUARD_TRIGGER = "psd_refuse_truncate"


def _protects(model, *operations: str, unconditionally: bool = False) -> bool:
    return any(
        isinstance(trigger, pgtrigger.Protect)
        and all(op in str(trigger.operation) for op in operations)
        and not (unconditionally and trigger.condition is not None)
        for trigger in getattr(model._meta, "triggers", [])
    )


def _tables(predicate) -> list[str]:
    models = (m for m in apps.get_models() if not m._meta.proxy and m._meta.managed)
    return sorted({m._meta.db_table for m in models if predicate(m)})


def truncate_guarded_tables() -> list[str]:
    """Every table whose rows a Protect trigger keeps from DELETE: TRUNCATE would go round it."""
    return _tables(lambda model: _protects(model, "DELETE"))


def append_only_tables() -> list[str]:
    """The logs: Protect'ed against UPDATE and DELETE without condition (incl. pghistory events)."""
    return _tables(lambda model: _protects(model, "UPDATE", "DELETE", unconditionally=True))


def _run(cursor, statement: sql.Composable):
    # Rendered here, with psycopg's own quoting, because utility statements take no parameters.
    cursor.execute(statement.as_string(cursor.cursor.connection))


def _existing(cursor, tables: list[str]) -> list[str]:
    cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)", [tables])
    return sorted(row[0] for row in cursor.fetchall())


def install_truncate_guards(using=connection) -> list[str]:
    """A statement-level BEFORE TRUNCATE trigger on each guarded table that exists (idempotent).
    It refuses the table's owner too; only a superuser who first sets session_replication_role
    (as the test harness does to empty tables between tests) gets past it."""
    with using.cursor() as cursor:
        cursor.execute(
            f"""CREATE OR REPLACE FUNCTION {GUARD_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'TRUNCATE of % refused: it is an append-only log', TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END $$"""
        )
        tables = _existing(cursor, truncate_guarded_tables())
        for table in tables:
            _run(
                cursor,
                sql.SQL(
                    "CREATE OR REPLACE TRIGGER {} BEFORE TRUNCATE ON {} FOR EACH STATEMENT EXECUTE FUNCTION {}()"
                ).format(sql.Identifier(GUARD_TRIGGER), sql.Identifier(table), sql.Identifier(GUARD_FUNCTION)),
            )
    return tables


def _create_or_update_role(cursor, role: str, password: str | None):
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    statement = sql.SQL(
        "{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"
    ).format(sql.SQL(verb), sql.Identifier(role))
    if password:
        statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
    _run(cursor, statement)


def grant_app_role(role: str, password: str | None = None, using=connection) -> None:
    """Create (or bring back into line) the app's role, run as the owner after each migrate.
    Exactly SELECT/INSERT/UPDATE/DELETE on tables (SELECT/INSERT on the logs) and USAGE on
    sequences, now and, through default privileges, for tables the owner creates later."""
    with using.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
        if owner == role:
            raise ValueError(
                f"The app role and the owner are both {role!r}: give DATABASE_URL a role of its own "
                "(MIGRATE_DATABASE_URL is the owner)."
            )
        role_id = sql.Identifier(role)
        _create_or_update_role(cursor, role, password)
        statements = [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), role_id),
            # Tables made in public would belong to whoever makes them: nobody but the owner may.
            sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role_id),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(role_id),
            sql.SQL("GRANT " + DATA_PRIVILEGES + " ON ALL TABLES IN SCHEMA public TO {}").format(role_id),
            sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(role_id),
            sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role_id),
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT " + DATA_PRIVILEGES + " ON TABLES TO {}"
            ).format(sql.Identifier(owner), role_id),
            sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public GRANT USAGE ON SEQUENCES TO {}").format(
                sql.Identifier(owner), role_id
            ),
        ]
        statements += [
            sql.SQL("REVOKE UPDATE, DELETE ON TABLE {} FROM {}").format(sql.Identifier(table), role_id)
            for table in _existing(cursor, append_only_tables())
        ]
        for statement in statements:
            _run(cursor, statement)
