from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field


class ReportMadeForm(Form):
    made_on = uk_date_field("Date the report was made", required_message="Enter the date the report was made")
    how = forms.CharField(
        label="How it was sent to the College of Policing",
        max_length=200,
        help_text="For example: the College's secure portal, or secure email to its Barred List team.",
        error_messages={"required": "Say how the report was sent to the College of Policing"},
    )
    college_reference = forms.CharField(label="The College's reference (optional)", max_length=100, required=False)
