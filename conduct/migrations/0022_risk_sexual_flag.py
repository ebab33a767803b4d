"""The sexual-misconduct flag on the case subject (issue 20, point 7), set for the subjects already
recorded from their allegations' categories (conduct.cases.sexual keeps it from now on)."""

from django.db import migrations

BACKFILL = """
UPDATE casework_casesubject s SET sexual_risk = true
WHERE NOT s.sexual_risk AND EXISTS (
    SELECT 1 FROM conduct_allegation a
    JOIN conduct_allegation_categories ac ON ac.allegation_id = a.id
    JOIN conduct_allegationcategory g ON g.id = ac.allegationcategory_id
    WHERE a.subject_id = s.id AND g.sexual_or_vawg
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0027_risk_sexual_flag"),
        ("conduct", "0021_merge_issue_19_and_20"),
    ]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop)]
