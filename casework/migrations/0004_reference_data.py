from django.db import migrations

RANKS = [
    # name, seniority, chief officer
    ("Police constable", 10, False),
    ("Sergeant", 20, False),
    ("Inspector", 30, False),
    ("Chief inspector", 40, False),
    ("Superintendent", 50, False),
    ("Chief superintendent", 60, False),
    ("Assistant chief constable", 70, True),
    ("Deputy chief constable", 80, True),
    ("Chief constable", 90, True),
    ("Special constable", 5, False),
    ("Police staff", 0, False),
    ("Police staff manager", 15, False),
    ("Designated volunteer", 0, False),
]


def add_ranks(apps, schema_editor):
    Rank = apps.get_model("casework", "Rank")
    for name, seniority, chief in RANKS:
        Rank.objects.update_or_create(name=name, defaults={"seniority": seniority, "is_chief_officer": chief})


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_people_and_cases")]

    operations = [
        # Case references: one database sequence, so concurrent transactions never share a number.
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS casework_case_reference_seq START 1",
            "DROP SEQUENCE IF EXISTS casework_case_reference_seq",
        ),
        migrations.RunPython(add_ranks, migrations.RunPython.noop),
    ]
