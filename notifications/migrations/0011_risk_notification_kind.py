from django.db import migrations, models

# Reminders already sent link to their deadline's page: they take its kind, so that "My work"
# groups them with the ones to come.
BACKFILL = """
UPDATE notifications_notification n SET kind = 'deadline:' || d.kind
FROM casework_deadline d
WHERE n.kind = '' AND n.url = '/deadlines/' || d.id || '/'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0020_second_factor_history"),
        ("notifications", "0010_complainant_letters"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
