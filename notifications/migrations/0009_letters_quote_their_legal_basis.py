"""Version 2 of the reg 17 notice and the notice of referral: the regulation that requires the
letter is no longer written into the template but quoted from the route table (`legal_basis`),
since a Schedule 3 investigation's notice is under the Police (Complaints and Misconduct)
Regulations 2020, not the Police (Conduct) Regulations (conduct.cases.routes; docs/rules.md).

Only a kind whose newest version is still the default wording of migration 0003 gets the new
version: an administrator's own wording is left alone (docs/letters.md says how to add it)."""

from django.db import migrations

CHANGE_NOTE = "The regulation is quoted from the route table (migration 0009)"

REPLACEMENTS = {
    "reg17_notice": [
        ("Regulation 17, Police (Conduct) Regulations 2020", "{{ legal_basis }}"),
        (
            " has been appointed to investigate the matter under regulation 15.",
            " has been appointed to investigate the matter.",
        ),
        (
            "when providing any information under regulation 18,",
            "when providing any information in answer to this notice,",
        ),
    ],
    "referral_notice": [("Regulation 30, Police (Conduct) Regulations 2020", "{{ legal_basis }}")],
}


def add_versions(apps, schema_editor):
    template = apps.get_model("notifications", "LetterTemplate")
    for kind, replacements in REPLACEMENTS.items():
        latest = template.objects.filter(kind=kind).order_by("-version").first()
        if latest is None or latest.version != 1:
            continue
        body = latest.body
        for old, new in replacements:
            body = body.replace(old, new)
        if body != latest.body:
            template.objects.create(kind=kind, version=2, subject=latest.subject, body=body, change_note=CHANGE_NOTE)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0008_uncertain_delivery_and_pdf_sweep")]

    operations = [migrations.RunPython(add_versions, migrations.RunPython.noop)]
