"""Forms of the deadline page: extend a deadline (new date and reason) or stop it (reason). Which
dates make sense is the service's to decide (casework.deadlines); the views show its refusals."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import DATE_FORMATS, UKDateField


class ExtendDeadlineForm(Form):
    new_due_on = UKDateField(
        label="New due date",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2027. It must be after the current due date.",
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={"required": "Enter the new due date", "invalid": "Enter a real date, for example 27/03/2027"},
    )
    reason = forms.CharField(
        label="Reason for the extension",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for extending the deadline"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "extend")
        super().__init__(*args, **kwargs)


class StopDeadlineForm(Form):
    reason = forms.CharField(
        label="Reason for stopping the clock",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for stopping the deadline"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "stop")
        super().__init__(*args, **kwargs)
