from django.db import migrations


def create_role_groups(apps, schema_editor):
    from casework.roles import sync_role_groups

    sync_role_groups(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
