"""A statement-level BEFORE TRUNCATE trigger on every append-only table: TRUNCATE skips the row
triggers that stop UPDATE and DELETE. Tables of later migrations get theirs from casework's
post_migrate handler (casework/apps.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from casework.db_roles import install_truncate_guards

    install_truncate_guards(schema_editor.connection)


def remove(apps, schema_editor):
    from casework.db_roles import GUARD_FUNCTION

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION IF EXISTS {GUARD_FUNCTION}() CASCADE")


class Migration(migrations.Migration):
    dependencies = [("casework", "0017_user_sso_subject")]

    operations = [migrations.RunPython(install, remove)]
