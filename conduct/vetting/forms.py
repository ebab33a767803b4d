"""Forms for the vetting route. They check the shape of the answers; the rules (who may decide,
the dates, the restrictions that go with a modified clearance) are conduct.vetting.services'."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.vetting.models import AppealOutcome, Decision


def _text(label, *, required=True, help_text="", rows=5, max_length=20000):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows}),
    )


class OpenForm(Form):
    reason = _text(
        "Why the review is opened",
        help_text="The information that indicates the officer may no longer be suitable to hold vetting clearance.",
    )


class SeverityForm(Form):
    needed = forms.TypedChoiceField(
        label="Could the matter reasonably result in the withdrawal of the officer's clearance?",
        choices=[("yes", "Yes: there must be a withdrawal assessment"), ("no", "No: close the review")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reasons = _text("Reasons for the severity assessment")
    assessed_on = uk_date_field("Date of the severity assessment")


class NoticeForm(Form):
    given_on = uk_date_field("Date the notice was given to the officer")


class RepresentationsForm(Form):
    received_on = uk_date_field("Date the representations were received")
    summary = _text("Summary of the officer's representations")


class DecisionForm(Form):
    decision = forms.ChoiceField(label="Decision", choices=Decision.choices, widget=forms.RadioSelect)
    restrictions = _text(
        "Restrictions on the clearance (only if modified)",
        required=False,
        help_text="For example: no access to intelligence systems; no unsupervised contact with victims.",
        rows=3,
    )
    reasons = _text("Reasons for the decision")
    decided_on = uk_date_field("Date of the decision")
    # Set by the confirmation page: a withdrawal is asked again before it is recorded.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AppealForm(Form):
    lodged_on = uk_date_field("Date the notice of appeal was given")
    grounds = _text("Grounds of appeal")
    late_reason = _text(
        "Reason a late notice is accepted (only if it is late)", required=False, rows=3, max_length=5000
    )


class AppealResultForm(Form):
    outcome = forms.ChoiceField(label="Result of the appeal", choices=AppealOutcome.choices, widget=forms.RadioSelect)
    reasons = _text("Reasons for the result")
    decided_on = uk_date_field("Date of the result")


class DismissalForm(Form):
    dismissed_on = uk_date_field("Date of the dismissal")
    reasons = _text("The dismissal: who decided it, and the record of it")
