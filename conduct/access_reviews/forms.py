"""Forms for access reviews. They check the shape of the answers; the rules that need the
exercise or the acting user are conduct.access_reviews.services', whose refusals the views show."""

from django import forms

from casework.forms.base import Form
from casework.forms.people import PersonField
from casework.models import Unit
from conduct.models import Assessment, ExerciseDecision

MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # larger logs go through `manage.py import_access_log`


class ExerciseForm(Form):
    name = forms.CharField(
        label="Name of the exercise",
        max_length=200,
        error_messages={"required": "Give the exercise a name"},
    )
    record_reference = forms.CharField(
        label="Reference of the record that was opened",
        help_text="For a record in another system, for example CR-44/12345/26. Leave blank for a case here.",
        max_length=120,
        required=False,
    )
    record_system = forms.CharField(label="System that holds the record (optional)", max_length=120, required=False)
    case_reference = forms.CharField(
        label="Or: reference of a case in this service",
        help_text="Its accessors are taken from this service's own access log, for example PSD-2026-000123.",
        max_length=20,
        required=False,
    )
    team = forms.ModelChoiceField(
        label="Team running the exercise",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Choose the team running the exercise"},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        if not data.get("record_reference") and not data.get("case_reference"):
            self.add_error("record_reference", "Give the record's reference, or a case reference")
        if data.get("record_reference") and data.get("case_reference"):
            self.add_error("case_reference", "Give a record reference or a case reference, not both")
        return data


class ImportForm(Form):
    log = forms.FileField(
        label="Access log (CSV)",
        help_text="Columns: user_id, name, email, person_number, timestamp, action, record_reference, system.",
        error_messages={"required": "Choose the access log to upload"},
    )

    def clean_log(self):
        upload = self.cleaned_data["log"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 512 MB: import it with manage.py import_access_log instead."
            )
        return upload


class ExcludeUnitsForm(Form):
    units = forms.ModelMultipleChoiceField(
        label="Units whose members' access is justified by role",
        queryset=Unit.objects.select_related("force").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one unit"},
    )
    reason = forms.CharField(
        label="Why their access is justified",
        help_text="For example: the investigation team for Operation Linden.",
        max_length=300,
        error_messages={"required": "Give the reason their access is justified by role"},
    )


class ReasonForm(Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Give the reason"},
    )


class MatchForm(Form):
    # The person chooser (casework.forms.people): a name or a number, with radios when ambiguous.
    person_number = PersonField(
        label="Their name or warrant, collar or staff number",
        help_text="For another force, you can put its code first, for example: northshire 7101",
        error_messages={"required": "Enter the person's name or number"},
    )

    def clean_person_number(self):
        person = self.cleaned_data["person_number"]
        self.cleaned_data["person"] = person
        return person.number


class AssessForm(Form):
    outcome = forms.ChoiceField(
        label="Assessment",
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an assessment"},
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Give the reasons for the assessment"},
    )

    @property
    def opens_a_case(self) -> bool:
        """A "not legitimate" assessment opens a conduct case (conduct.access_reviews.services.assess)."""
        return self.cleaned_data.get("outcome") == Assessment.NOT_LEGITIMATE


class DecideForm(Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=ExerciseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Give the reasons for the decision"},
    )
