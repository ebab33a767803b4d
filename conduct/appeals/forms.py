"""Forms for appeals. They check the shape of the answers; the rules (the period, the grounds, the
lawful outcomes) are conduct.appeals.services' and the lifecycle's."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.models import AppealGround, AppealResult, Appellant, Finding, Outcome

_TEXT = {"class": "govuk-textarea", "rows": 5}
OUTCOME_CHOICES = [("", "Choose the outcome")] + [c for c in Outcome.choices if c[0] != Outcome.MANAGEMENT_ADVICE]


class LodgeForm(Form):
    appellant = forms.ChoiceField(
        label="Who gave the notice of appeal",
        choices=Appellant.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who gave the notice of appeal"},
    )
    lodged_on = uk_date_field("Date the notice of appeal was given")
    grounds = forms.MultipleChoiceField(
        label="Grounds of appeal",
        help_text="Only these grounds are allowed (Conduct Regs reg 45(2); Police Appeals Tribunals Rules 2020).",
        choices=AppealGround.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground of appeal"},
    )
    grounds_detail = forms.CharField(
        label="The grounds as the notice states them",
        max_length=20000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Give the grounds of appeal as the notice states them"},
    )
    extension_reasons = forms.CharField(
        label="Reasons for accepting a late notice (only if it is late)",
        help_text="The exceptional circumstances for which the period was extended, and who extended it.",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )
    copy_received_on = uk_date_field(
        "Tribunal appeals: date the force received the copy of the notice of appeal (optional)", required=False
    )


class HearingDateForm(Form):
    hearing_on = uk_date_field("Date of the appeal meeting or tribunal hearing")
    reason = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


class ResultForm(Form):
    result = forms.ChoiceField(
        label="Result of the appeal",
        choices=AppealResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the result of the appeal"},
    )
    decided_on = uk_date_field("Date the appeal was determined")
    new_finding = forms.ChoiceField(
        label="Finding after the appeal (an outcome substituted only; leave to keep the finding)",
        choices=[("", "Keep the finding")] + [c for c in Finding.choices if c[0] != Finding.NOT_PROVEN],
        required=False,
    )
    new_outcome = forms.ChoiceField(
        label="Outcome substituted (only if one is)", choices=OUTCOME_CHOICES, required=False
    )
    unconnected_incidents = forms.BooleanField(
        label="The misconduct arose from more than one incident, not closely connected (reg 42(6))", required=False
    )
    reasons = forms.CharField(
        label="Reasons for the determination",
        max_length=20000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Give the reasons for the determination"},
    )
