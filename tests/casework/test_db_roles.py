"""The app's database role (casework/db_roles.py): it does its work, but cannot TRUNCATE, ALTER,
disable triggers, leave replication-role triggers behind or rewrite a log; and the TRUNCATE
guard refuses even the tables' owner. The suite connects as a superuser; each test creates the
app role in the test database and `SET ROLE`s to it, as the deployed app would connect."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from casework.db_roles import append_only_tables, grant_app_role, truncate_guarded_tables
from casework.models import Consultation

ROLE = "psd_test_app_role"
LOGS = ["casework_consultation", "notifications_disclosure", "casework_timelineevent", "casework_caseevent"]


@pytest.fixture
def as_app_role(db):
    """Inside the test's transaction (rolled back with it, role included): the app role, and a
    function running one statement as it, expecting a refusal."""
    grant_app_role(ROLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def refused(statement: str) -> str:
    with pytest.raises(DatabaseError) as failure, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    return str(failure.value)


def test_the_logs_are_found_by_their_protect_triggers():
    logs = append_only_tables()
    assert set(LOGS) <= set(logs)
    assert "casework_caseevent" in logs  # pghistory event tables too
    assert "notifications_correspondence" not in logs  # the outbox is updated as letters go
    assert set(logs) <= set(truncate_guarded_tables())
    assert "conduct_referral" in truncate_guarded_tables()  # never deleted, though updated
    assert "conduct_referral" not in logs


def test_the_app_role_cannot_truncate_alter_or_disable_triggers_on_the_logs(as_app_role):
    for table in LOGS:
        assert "permission denied" in refused(f"TRUNCATE {table}")
        assert "must be owner" in refused(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        assert "must be owner" in refused(f"ALTER TABLE {table} ADD COLUMN note text")
        assert "permission denied" in refused(f"UPDATE {table} SET id = id")
        assert "permission denied" in refused(f"DELETE FROM {table}")
    assert "permission denied" in refused("SET session_replication_role = replica")
    assert "must be owner" in refused("DROP TRIGGER psd_refuse_truncate ON casework_consultation")
    assert "permission denied" in refused("CREATE TABLE casework_mine (id int)")


def test_pgtriggers_own_bypass_does_not_help_the_app_role(as_app_role):
    """pgtrigger's Protect triggers obey a session setting anyone may set; the privileges do not."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{casework_consultation:append_only}', false)")
    assert "permission denied" in refused("UPDATE casework_consultation SET purpose = 'edited'")


def test_the_app_role_owns_nothing_and_is_no_superuser(as_app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [ROLE])
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s", [ROLE])
        assert cursor.fetchone() == (False, False, False)


def test_the_app_role_does_its_work(client, personas, case, as_app_role):
    """A case page, which reads, writes the session and appends to the consultation log."""
    client.force_login(personas.investigator)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert Consultation.objects.filter(case=case).count() == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casework_case SET summary = summary WHERE id = %s", [case.pk])


def test_the_truncate_guard_refuses_the_tables_owner_too(personas):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            ["psd_refuse_truncate"],
        )
        guarded = {row[0] for row in cursor.fetchall()}
    assert set(truncate_guarded_tables()) == guarded
    for table in LOGS:
        assert f"TRUNCATE of {table} refused: it is an append-only log" in refused(f"TRUNCATE {table} CASCADE")


@pytest.mark.django_db(transaction=True)
def test_migrate_runs_as_the_owner_and_grants_the_app_role(settings):
    """With MIGRATE_DATABASE_URL set, migrate connects as it and grants DATABASE_URL's role."""
    app_settings = connections["default"].settings_dict
    settings.MIGRATE_DATABASE = {key: app_settings[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
    saved_user = app_settings["USER"]
    app_settings["USER"] = ROLE
    try:
        call_command("migrate", verbosity=0)
    finally:
        connection.close()
        app_settings["USER"] = saved_user
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SELECT has_table_privilege(%s, 'casework_consultation', 'INSERT'),"
                " has_table_privilege(%s, 'casework_consultation', 'UPDATE'),"
                " has_table_privilege(%s, 'casework_case', 'UPDATE'),"
                " has_table_privilege(%s, 'casework_case', 'TRUNCATE')",
                [ROLE] * 4,
            )
            assert cursor.fetchone() == (True, False, True, False)
        finally:
            cursor.execute(f"DROP OWNED BY {ROLE}")
            cursor.execute(f"DROP ROLE {ROLE}")
