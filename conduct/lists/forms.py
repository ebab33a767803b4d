"""The College of Policing's Police Barred List and Police Advisory List: the reports a force must
make (Police Act 1996 Part 4A; Police Barred List and Police Advisory List Regulations 2017)."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from casework.models import RESIGNED_OR_RETIRED_CHOICES
from conduct.lists.models import ListKind, ReportState
from conduct.lists.selectors import OVERDUE


class ReportMadeForm(Form):
    made_on = uk_date_field("Date the report was made", required_message="Enter the date the report was made")
    how = forms.CharField(
        label="How it was sent to the College of Policing",
        max_length=200,
        help_text="For example: the College's secure portal, or secure email to its Barred List team.",
        error_messages={"required": "Say how the report was sent to the College of Policing"},
    )
    college_reference = forms.CharField(label="The College's reference (optional)", max_length=100, required=False)


class PrepareForm(Form):
    summary = forms.CharField(
        label="Description of the conduct, or summary of the allegation",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the College will record. Offered from the allegations as recorded: edit it so it says "
        "what the person did (or is alleged to have done), plainly.",
        error_messages={"required": "Enter the description of the conduct or the summary of the allegation"},
    )


class PrepareAfterLeavingForm(PrepareForm):
    """An s.88I(1)(b) report on someone whose register entry does not say how they left."""

    left_by = forms.ChoiceField(
        choices=RESIGNED_OR_RETIRED_CHOICES,
        widget=forms.RadioSelect,
        label="Did they resign or retire?",
        help_text="The register does not say. The report must (reg 12(2)(e)(ii)), and the register will record it.",
        error_messages={"required": "Choose whether they resigned or retired"},
    )


class AcknowledgeForm(Form):
    acknowledged_on = uk_date_field(
        "Date the College acknowledged the report", required_message="Enter the date the College acknowledged it"
    )
    college_reference = forms.CharField(
        label="The College's reference",
        max_length=100,
        error_messages={"required": "Enter the College's reference"},
    )


STATE_CHOICES = [(OVERDUE, "Overdue"), *ReportState.choices]
KIND_CHOICES = ListKind.choices
