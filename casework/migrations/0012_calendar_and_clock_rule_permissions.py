from django.db import migrations


def sync_roles(apps, schema_editor):
    from casework.roles import sync_role_groups

    sync_role_groups(apps, schema_editor)


class Migration(migrations.Migration):
    """Administrators manage the non-working days and edit the legal clock rules."""

    dependencies = [("casework", "0011_calendar_and_deadlines"), ("conduct", "0006_seed_clock_rules")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
