"""The duty letters are addressed to the officer ("you") but carry the appropriate authority's
reasons as it wrote them, in the third person ("the officer's conduct…"). Pasted in as the
letter's own words they read as if the writer had forgotten whom they were writing to; quoted as
the authority's recorded reasons they read as what they are (issue 22, point 5).

As in migration 0009, only a kind whose newest version is still the default wording of migration
0003 gets the new version: an administrator's own wording is left alone."""

from django.db import migrations

CHANGE_NOTE = "The authority's reasons are quoted as its reasons, in a letter addressed to the officer (migration 0013)"
QUOTED = "The appropriate authority recorded these reasons for its decision:\n\n“{{ reasons }}”"
KINDS = ("suspension_notice", "suspension_review", "restriction_notice")


def add_versions(apps, schema_editor):
    template = apps.get_model("notifications", "LetterTemplate")
    for kind in KINDS:
        latest = template.objects.filter(kind=kind).order_by("-version").first()
        if latest is None or latest.version != 1:
            continue
        body = latest.body.replace("REASONS FOR THE DECISION\n\n{{ reasons }}", "REASONS FOR THE DECISION\n\n" + QUOTED)
        if body != latest.body:
            template.objects.create(kind=kind, version=2, subject=latest.subject, body=body, change_note=CHANGE_NOTE)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0012_progress_report_letters")]

    operations = [migrations.RunPython(add_versions, migrations.RunPython.noop)]
