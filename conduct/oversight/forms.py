"""Forms for early-warning flags and monitoring. They check the shape of the answers; the rules
(a flag dealt with once, reasons required, dates in order) are conduct.oversight.early_warning's, whose
refusals the views show on the form."""

from django import forms
from django.utils import timezone

from casework.forms.base import Form
from casework.forms.fields import uk_date_field

REASON_ERRORS = {"required": "Give your reasons"}


def _reasons(label="Your reasons"):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, error_messages=REASON_ERRORS
    )


class AcknowledgeForm(Form):
    reason = _reasons("Why no action is needed now")


class FalsePositiveForm(Form):
    reason = _reasons("Why the rule was wrong about this person")


class MonitorForm(Form):
    reason = _reasons("Why the person is to be monitored")
    ends_on = uk_date_field("End of the monitoring (optional)", required=False)

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on is not None and ends_on < timezone.localdate():
            raise forms.ValidationError("The end of the monitoring must be today or in the future")
        return ends_on


class OpenCaseForm(Form):
    reason = _reasons("Why a case is opened")
    team = forms.ModelChoiceField(
        label="Team", queryset=None, empty_label=None, error_messages={"required": "Choose the team"}
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class MonitoringForm(Form):
    """Monitoring set from the person's page, not from a flag."""

    reason = _reasons("Why the person is to be monitored")
    starts_on = uk_date_field("Start of the monitoring")
    ends_on = uk_date_field("End of the monitoring (optional)", required=False)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end of the monitoring must be on or after its start")
        return cleaned
