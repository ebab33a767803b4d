"""Forms for the complainant's rights. They check the shape of the answers; the rules (the case
is a complaint, who approves, the order of things) are conduct.complaints.services'."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.complaints.models import ReviewBody, ReviewResult

_TEXT = {"class": "govuk-textarea", "rows": 5}


class UpdateForm(Form):
    text = forms.CharField(
        label="Update for the complainant",
        help_text="What has happened since the last update, and what happens next.",
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Write the update for the complainant"},
    )


class OutcomeForm(Form):
    findings = forms.CharField(
        label="What was found",
        max_length=20000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Say what was found"},
    )
    outcome = forms.CharField(
        label="The outcome of the handling of the complaint",
        help_text="For example: the service provided was not acceptable.",
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Give the outcome of the handling of the complaint"},
    )
    action = forms.CharField(
        label="Action taken or to be taken (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs=_TEXT),
    )
    proceedings_not_excluded = forms.BooleanField(
        label="The appropriate authority could not satisfy itself, from the complaint alone, that the conduct "
        "(if proved) would not justify criminal or disciplinary proceedings, or would not infringe "
        "Article 2 or 3 rights (C&M Regs 2020 reg 32(b))",
        required=False,
    )
    chosen_body = forms.ChoiceField(
        label="Review body",
        help_text="Leave as the rule gives unless you have a reason to choose another.",
        choices=[("", "As the rule gives"), *ReviewBody.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label="Reason for choosing another review body (only if you do)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


class ApplicationForm(Form):
    applied_on = uk_date_field("Date the application was received", required=False)
    how = forms.CharField(
        label="How the complainant applied (if not through the secure link)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


class ReviewResultForm(Form):
    reviewed_by = forms.ChoiceField(
        label="Who reviewed the outcome",
        choices=[c for c in ReviewBody.choices if c[0] != ReviewBody.NONE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the body that reviewed the outcome"},
    )
    result = forms.ChoiceField(
        label="Result of the review",
        choices=ReviewResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the result of the review"},
    )
    decided_on = uk_date_field("Date of the review's decision")
    recommendations = forms.CharField(
        label="Recommendations (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs=_TEXT),
    )


class ForceResponseForm(Form):
    response = forms.CharField(
        label="What the force did about the review",
        max_length=20000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Say what the force did about the review"},
    )
    reasons = forms.CharField(
        label="Reasons",
        max_length=20000,
        widget=forms.Textarea(attrs=_TEXT),
        error_messages={"required": "Give the reasons"},
    )
    responded_on = uk_date_field("Date of the response")
