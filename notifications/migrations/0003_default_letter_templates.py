"""Version 1 of every letter template: sober default wording an administrator can revise.

The text is frozen here (not imported from the app), so this migration always writes what it
wrote the first time. Bodies start at the salutation: the PDF layout adds the letterhead, date,
addressee, reference and subject; the email carries the subject. Idempotent: a kind that
already has a version is left alone, so re-running it never adds a duplicate.
"""

from django.db import migrations

CHANGE_NOTE = "Default wording (migration 0003)"

SIGN_OFF = """Yours sincerely

{{ sender.name }}
{{ sender.title }}
Professional Standards Department, {{ force.name }}"""

DEFAULTS = {
    "reg17_notice": (
        "Notice of investigation: {{ case.reference }}",
        """Dear {{ recipient.name }}

NOTICE OF INVESTIGATION
Regulation 17, Police (Conduct) Regulations 2020

I am writing to give you written notice that your conduct is being investigated. {{ investigator.name }} has been appointed to investigate the matter under regulation 15.

WHAT IS ALLEGED

It is alleged that:
{% for allegation in allegations %}
{{ forloop.counter }}. {{ allegation.description }}
   Standards of Professional Behaviour: {{ allegation.standards|join:", " }}
{% endfor %}

SEVERITY

The conduct has been assessed as {{ severity }}. If the matter were referred to misconduct proceedings, they would be {% if severity|lower == "gross misconduct" %}a misconduct hearing{% else %}a misconduct meeting{% endif %}. This assessment may be revised as the investigation proceeds; if it is, you will be told in writing.

YOUR RIGHT TO ADVICE AND REPRESENTATION

You may seek advice from your staff association (for a police officer, the Police Federation of England and Wales or your superintendents' association) or any other body. You may be accompanied by a police friend at any interview. If the matter is referred to misconduct proceedings, you have the right to be legally represented.

YOUR WRITTEN STATEMENT

You may give the investigator a written or oral statement about any matter under investigation, and any document you think relevant. Please do so by {{ response_due_on|date:"j F Y" }}. If you need more time, ask the investigator before that date: the period may be extended.

You can send your statement and any documents securely using this link, which can be used once:
{{ response_url }}

You do not have to say anything, but it may harm your case if you do not mention, when interviewed or when providing any information under regulation 18, something which you later rely on in any misconduct proceedings, special case hearing, appeal meeting or appeal hearing.

Please quote the reference {{ case.reference }} in any correspondence.

"""
        + SIGN_OFF,
    ),
    "suspension_notice": (
        "Notice of suspension: {{ case.reference }}",
        """Dear {{ recipient.name }}

NOTICE OF SUSPENSION
Regulation 11, Police (Conduct) Regulations 2020

I am writing to confirm that the appropriate authority has decided to suspend you from duty with effect from {{ effective_on|date:"j F Y" }}. You remain on full pay while you are suspended.

REASONS FOR THE DECISION

{{ reasons }}

CONDITIONS WHILE YOU ARE SUSPENDED

{% if conditions %}{{ conditions }}{% else %}No conditions apply beyond those that apply to every suspended officer.{% endif %}

REVIEW

Your suspension will be reviewed by {{ review_by|date:"j F Y" }}, at regular intervals after that, and whenever there is a significant change in circumstances. It will end if it is decided that there will be no misconduct proceedings, or when any proceedings conclude.

YOUR REPRESENTATIONS

You may make representations against your suspension to the appropriate authority. Please send them by {{ response_due_on|date:"j F Y" }}. You may also make representations at any time if your circumstances change. You can send them securely using this link, which can be used once:
{{ response_url }}

You may seek advice from your staff association or any other body.

"""
        + SIGN_OFF,
    ),
    "suspension_review": (
        "Review of your suspension: {{ case.reference }}",
        """Dear {{ recipient.name }}

REVIEW OF SUSPENSION
Regulation 11, Police (Conduct) Regulations 2020

The appropriate authority reviewed your suspension on {{ reviewed_on|date:"j F Y" }}. The outcome of the review is: {{ outcome }}.

REASONS FOR THE DECISION

{{ reasons }}

{% if conditions %}CONDITIONS FROM NOW ON

{{ conditions }}

{% endif %}{% if next_review_by %}The next review will take place by {{ next_review_by|date:"j F Y" }}. You may make representations at any time if your circumstances change.{% endif %}

"""
        + SIGN_OFF,
    ),
    "restriction_notice": (
        "Notice of a change to your duties: {{ case.reference }}",
        """Dear {{ recipient.name }}

NOTICE OF A CHANGE TO YOUR DUTIES

I am writing to confirm that the appropriate authority has decided that, while the matter referenced above is dealt with, you will be placed on {{ restriction }} with effect from {{ effective_on|date:"j F Y" }}. This decision was taken instead of suspension.

REASONS FOR THE DECISION

{{ reasons }}

CONDITIONS

{% if conditions %}{{ conditions }}{% else %}No further conditions apply.{% endif %}

REVIEW

The decision will be reviewed by {{ review_by|date:"j F Y" }}, at regular intervals after that, and whenever there is a significant change in circumstances.

YOUR REPRESENTATIONS

You may make representations about this decision to the appropriate authority. Please send them by {{ response_due_on|date:"j F Y" }}. You can send them securely using this link, which can be used once:
{{ response_url }}

You may seek advice from your staff association or any other body.

"""
        + SIGN_OFF,
    ),
    "referral_notice": (
        "Notice of referral to a {{ proceedings }}: {{ case.reference }}",
        """Dear {{ recipient.name }}

NOTICE OF REFERRAL TO MISCONDUCT PROCEEDINGS
Regulation 30, Police (Conduct) Regulations 2020

The appropriate authority has decided that there is a case to answer and has referred the matter to a {{ proceedings }}.

THE CONDUCT
{% for allegation in allegations %}
{{ forloop.counter }}. {{ allegation.description }}
   Standards of Professional Behaviour: {{ allegation.standards|join:", " }}
{% endfor %}

The conduct is assessed as {{ severity }}.

YOUR RESPONSE
Regulation 31

Please give the appropriate authority written notice of whether or not you accept that your conduct amounts to {{ severity }}, together with any written submission you wish to make in support of your case and any documents you intend to rely on, by {{ response_due_on|date:"j F Y" }}. You can send your response securely using this link, which can be used once:
{{ response_url }}

YOUR RIGHTS

You may be accompanied by a police friend and you have the right to be legally represented at the {{ proceedings }}. You will receive a copy of the investigator's report and of the documents relevant to the case. If you do not attend, the proceedings may go ahead and be concluded in your absence.

"""
        + SIGN_OFF,
    ),
    "outcome_letter": (
        "Outcome of the {{ proceedings }}: {{ case.reference }}",
        """Dear {{ recipient.name }}

OUTCOME OF MISCONDUCT PROCEEDINGS

I am writing to confirm the outcome of the {{ proceedings }} in the matter referenced above.

Finding: {{ finding }}
Outcome: {{ outcome }}

REASONS

{{ reasons }}

YOUR RIGHT OF APPEAL

{{ appeal_route }}

Any appeal must be made by {{ appeal_due_on|date:"j F Y" }}.

"""
        + SIGN_OFF,
    ),
    "information_request": (
        "Request for information: {{ case.reference }}",
        """Dear {{ recipient.name }}

REQUEST FOR INFORMATION

I am writing in connection with the matter referenced above, which the Professional Standards Department is dealing with.

{{ request_text }}

Please reply by {{ response_due_on|date:"j F Y" }}. You can reply securely using this link, which can be used once:
{{ response_url }}

You may seek advice from your staff association or any other body before you reply.

"""
        + SIGN_OFF,
    ),
    "access_justification": (
        "Your access to a police record: {{ case.reference }}",
        """Dear {{ recipient.name }}

REVIEW OF ACCESS TO POLICE RECORDS

The Professional Standards Department is reviewing access to {{ record_description }}. The audit log shows that the record was opened using your account on {{ accessed_on|date:"j F Y" }}.

Police information may be accessed only for a legitimate policing purpose. Please explain why you opened the record, including the task you were carrying out at the time and, if someone asked you to look at it, who.

This request is being sent to everyone who opened the record. It does not by itself mean that you are suspected of wrongdoing.

Please reply by {{ response_due_on|date:"j F Y" }} using this secure link, which can be used once:
{{ response_url }}

If we do not receive a reply by that date, the matter will be followed up with you and your line manager.

"""
        + SIGN_OFF,
    ),
    "deadline_reminder": (
        "{{ deadline.label|capfirst }} {{ deadline.stage }}: {{ case.reference }}",
        """{{ recipient.name }},

A deadline on case {{ case.reference }}{% if person.full_name %} ({{ person.full_name }}){% endif %} needs your attention.

Deadline: {{ deadline.label|capfirst }}
Due: {{ deadline.due_on|date:"j F Y" }}
Status: {{ deadline.stage|capfirst }}

Open the case: {{ case_url }}

This is an automatic reminder from the PSD casework service.""",
    ),
    "response_received": (
        "Response received: {{ case.reference }}",
        """{{ recipient.name }},

{{ person.full_name|default:"The recipient" }} has responded to the letter "{{ letter_subject }}" on case {{ case.reference }}.

Read the response on the case: {{ case_url }}

This is an automatic message from the PSD casework service.""",
    ),
}


def add_default_templates(apps, schema_editor):
    """Usable outside the migration too (tests reload it after a flush): pass django.apps.apps."""
    letter_template = apps.get_model("notifications", "LetterTemplate")
    for kind, (subject, body) in DEFAULTS.items():
        if not letter_template.objects.filter(kind=kind).exists():
            letter_template.objects.create(kind=kind, version=1, subject=subject, body=body, change_note=CHANGE_NOTE)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_outbox_and_letters")]

    # Reversing leaves the rows: templates are append-only evidence of what letters said.
    operations = [migrations.RunPython(add_default_templates, migrations.RunPython.noop)]
