from django.db import migrations


def sync_roles(apps, schema_editor):
    from casework.roles import sync_role_groups

    sync_role_groups(apps, schema_editor)


class Migration(migrations.Migration):
    """Administrators manage teams and reference data (forces, units, ranks, standards, categories)."""

    dependencies = [("casework", "0009_case_grants"), ("conduct", "0004_history")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
