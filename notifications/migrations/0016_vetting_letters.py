"""The letters of the vetting route (issue 21, point 2; conduct/vetting/letters.py): the notice that a
review of the officer's vetting clearance is opened, the decision with its reasons and the right of
appeal, and the result of the appeal, with default wording. The text is frozen here. Idempotent: a
kind whose newest version already has this text is left alone."""

from django.db import migrations, models

CHANGE_NOTE = "The vetting route's letters: default wording (migration 0016)"

SIGN_OFF = """Yours sincerely

{{ sender.name }}
{{ sender.title }}
Professional Standards Department, {{ force.name }}"""

TEMPLATES = {
    "vetting_notice": (
        "A review of your vetting clearance{% if case.reference %}: reference {{ case.reference }}{% endif %}",
        """Dear {{ recipient.name }}

NOTICE OF A REVIEW OF YOUR VETTING CLEARANCE

Information has come to the attention of the force that indicates you may no longer be suitable to hold vetting clearance. Your clearance is being reviewed under {{ legal_basis }}.

Why the review was opened:
{{ reason }}

You may make representations, in writing, about whether your clearance should be kept, modified or withdrawn. Your representations must reach us by {% if representations_due_on %}{{ representations_due_on|date:"j F Y" }}{% else %}the date we will tell you{% endif %}. You may be advised and accompanied by a police friend, and you may be legally represented.

If your clearance is withdrawn and the withdrawal stands after any appeal, you may be dismissed.

"""
        + SIGN_OFF,
    ),
    "vetting_decision": (
        "The decision on your vetting clearance{% if case.reference %}: reference {{ case.reference }}{% endif %}",
        """Dear {{ recipient.name }}

THE DECISION ON YOUR VETTING CLEARANCE

On {{ decided_on|date:"j F Y" }} it was decided, under {{ legal_basis }}: {{ decision }}.
{% if restrictions %}
The restrictions on your clearance:
{{ restrictions }}
{% endif %}
The reasons for the decision:
{{ reasons }}
{% if appeal_due_on %}
YOUR RIGHT OF APPEAL
You may appeal against this decision. Your notice of appeal, with the grounds on which you rely, must reach us by {{ appeal_due_on|date:"j F Y" }}.{% if withdrawn %} If the withdrawal stands after any appeal, you will be dismissed.{% endif %}
{% endif %}
"""
        + SIGN_OFF,
    ),
    "vetting_appeal_result": (
        "The result of your vetting appeal{% if case.reference %}: reference {{ case.reference }}{% endif %}",
        """Dear {{ recipient.name }}

THE RESULT OF YOUR APPEAL

Your appeal against the decision on your vetting clearance was decided on {{ decided_on|date:"j F Y" }} ({{ legal_basis }}).

Result: {{ result }}

The decision that now stands: {{ decision }}

The reasons:
{{ reasons }}

"""
        + SIGN_OFF,
    ),
}


def add_vetting_letters(apps, schema_editor):
    """Usable outside the migration too (tests reload it after a flush): pass django.apps.apps."""
    letter_template = apps.get_model("notifications", "LetterTemplate")
    for kind, (subject, body) in TEMPLATES.items():
        latest = letter_template.objects.filter(kind=kind).order_by("-version").first()
        if latest is not None and latest.subject == subject and latest.body == body:
            continue
        letter_template.objects.create(
            kind=kind,
            version=latest.version + 1 if latest else 1,
            subject=subject,
            body=body,
            change_note=CHANGE_NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0015_letter_kinds_after_merge"),
    ]

    operations = [
        migrations.AlterField(
            model_name="correspondence",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reg17_notice", "Notice of investigation (reg 17)"),
                    ("suspension_notice", "Suspension notice (reg 11)"),
                    ("suspension_review", "Suspension review outcome (reg 11)"),
                    ("restriction_notice", "Restriction or redeployment notice"),
                    ("referral_notice", "Notice of referral to proceedings (reg 30)"),
                    ("outcome_letter", "Outcome letter with appeal rights"),
                    ("proceedings_notice", "Notice of misconduct proceedings and panel (reg 35)"),
                    ("information_request", "Request for information"),
                    ("access_justification", "Request to justify record access"),
                    ("response_chaser", "Reminder to answer a request (chaser)"),
                    ("line_manager_escalation", "Unanswered request: to the line manager"),
                    ("deadline_reminder", "Deadline reminder (to staff)"),
                    ("response_received", "Officer's response received (to staff)"),
                    ("complaint_acknowledgement", "Acknowledgement of a complaint"),
                    ("complaint_update", "Update to the complainant"),
                    ("complaint_outcome", "Outcome of a complaint with the right of review"),
                    ("progress_report", "Report on an investigation past 12 months"),
                    ("progress_report_officer", "Copy of the 12-month report to the officer"),
                    ("progress_report_complainant", "12-month report: information to the complainant"),
                    ("appeal_acknowledgement", "Acknowledgement of an appeal"),
                    ("appeal_result", "Result of an appeal"),
                    ("vetting_notice", "Notice of a vetting review"),
                    ("vetting_decision", "Vetting decision with the right of appeal"),
                    ("vetting_appeal_result", "Result of a vetting appeal"),
                ],
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reg17_notice", "Notice of investigation (reg 17)"),
                    ("suspension_notice", "Suspension notice (reg 11)"),
                    ("suspension_review", "Suspension review outcome (reg 11)"),
                    ("restriction_notice", "Restriction or redeployment notice"),
                    ("referral_notice", "Notice of referral to proceedings (reg 30)"),
                    ("outcome_letter", "Outcome letter with appeal rights"),
                    ("proceedings_notice", "Notice of misconduct proceedings and panel (reg 35)"),
                    ("information_request", "Request for information"),
                    ("access_justification", "Request to justify record access"),
                    ("response_chaser", "Reminder to answer a request (chaser)"),
                    ("line_manager_escalation", "Unanswered request: to the line manager"),
                    ("deadline_reminder", "Deadline reminder (to staff)"),
                    ("response_received", "Officer's response received (to staff)"),
                    ("complaint_acknowledgement", "Acknowledgement of a complaint"),
                    ("complaint_update", "Update to the complainant"),
                    ("complaint_outcome", "Outcome of a complaint with the right of review"),
                    ("progress_report", "Report on an investigation past 12 months"),
                    ("progress_report_officer", "Copy of the 12-month report to the officer"),
                    ("progress_report_complainant", "12-month report: information to the complainant"),
                    ("appeal_acknowledgement", "Acknowledgement of an appeal"),
                    ("appeal_result", "Result of an appeal"),
                    ("vetting_notice", "Notice of a vetting review"),
                    ("vetting_decision", "Vetting decision with the right of appeal"),
                    ("vetting_appeal_result", "Result of a vetting appeal"),
                ],
                max_length=40,
            ),
        ),
        migrations.RunPython(add_vetting_letters, migrations.RunPython.noop),
    ]
