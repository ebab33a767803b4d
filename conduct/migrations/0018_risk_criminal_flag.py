"""The live-criminal flag on the case subject (issue 20, point 7), set for the subjects already
recorded from their allegations (conduct.cases.criminal keeps it from now on)."""

from django.db import migrations

BACKFILL = """
UPDATE casework_casesubject s SET criminal_risk = true
WHERE NOT s.criminal_risk AND EXISTS (
    SELECT 1 FROM conduct_allegation a
    WHERE a.subject_id = s.id AND a.criminal_investigation IN ('open', 'charged', 'convicted')
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0025_risk_criminal_flag"),
        ("conduct", "0017_history_triggers_after_merge"),
    ]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop)]
