from django import forms
from django.utils import timezone

from casework import permissions
from casework.forms.base import Form, ModelForm
from casework.forms.fields import DATE_FORMATS, DATE_HINT, UKDateField
from casework.models import Case, Force, Person, User
from casework.roles import Role
from conduct.cases.lifecycle import TRANSITIONS
from conduct.cases.services import AllegationInput
from conduct.models import Allegation, AllegationCategory, CriminalInvestigation, Finding, Outcome, Severity, Standard


class CaseDetailsForm(ModelForm):
    received_on = UKDateField(
        label="Date received",
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    complainant_email = forms.EmailField(label="Complainant's email (optional)", required=False)
    complainant_telephone = forms.CharField(label="Complainant's telephone (optional)", required=False, max_length=40)

    class Meta:
        model = Case
        fields = [
            "origin",
            "received_on",
            "how_received",
            "summary",
            "complainant_name",
            "sensitivity",
            "team",
            "investigator",
        ]
        labels = {
            "origin": "Origin",
            "how_received": "How it was received",
            "summary": "Summary of the matter",
            "complainant_name": "Complainant's name (optional)",
            "sensitivity": "Sensitivity",
            "team": "Owning team",
            "investigator": "Investigator (optional)",
        }
        help_texts = {
            "sensitivity": "Restricted cases are visible only to the owning team, for example when the "
            "subject is a PSD member or a senior officer.",
        }
        widgets = {"origin": forms.RadioSelect, "sensitivity": forms.RadioSelect, "summary": forms.Textarea}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # recording: only teams the user may record for
            self.fields["team"].queryset = permissions.teams_for_new_cases(user)
        self.fields["investigator"].queryset = User.objects.filter(
            groups__name=Role.INVESTIGATOR.label, is_active=True
        ).order_by("last_name")
        self.fields["investigator"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["how_received"].choices = self.fields["how_received"].choices

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date received must be today or in the past.")
        return value

    def case_details(self):
        return {f: self.cleaned_data[f] for f in self.Meta.fields}

    def contact(self):
        return {
            "email": self.cleaned_data["complainant_email"],
            "telephone": self.cleaned_data["complainant_telephone"],
        }


class SubjectsForm(Form):
    numbers = forms.CharField(
        label="Warrant, collar or staff numbers of the people subject to this case",
        help_text="One per line. For another force, put its code first, for example: met 123456",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_numbers(self):
        lines = [line.strip() for line in self.cleaned_data["numbers"].splitlines() if line.strip()]
        if len(lines) > 50:
            raise forms.ValidationError("Enter at most 50 people; add more from the case page.")
        home = Force.objects.filter(is_home=True).first()
        people, problems = [], []
        for line in lines:
            parts = line.split()
            code, number = (parts[0], parts[1]) if len(parts) == 2 else (home.code if home else "", parts[0])
            if len(parts) > 2:
                problems.append(f"“{line}” should be a number, or a force code and a number")
                continue
            person = Person.objects.filter(force__code__iexact=code, number__iexact=number).first()
            if person is None:
                problems.append(f"No one with number {number} in force “{code}” is on the register")
            elif person in people:
                problems.append(f"{person} is listed twice")
            else:
                people.append(person)
        if problems:
            raise forms.ValidationError(problems)
        if not people:
            raise forms.ValidationError("Enter at least one number.")
        return people


class AllegationForm(ModelForm):
    occurred_on = UKDateField(
        label="When (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    standards = forms.ModelMultipleChoiceField(
        Standard.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Standards of Professional Behaviour breached",
        error_messages={"required": "Choose at least one standard"},
    )
    categories = forms.ModelMultipleChoiceField(
        AllegationCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Categories",
        error_messages={"required": "Choose at least one category"},
    )

    class Meta:
        model = Allegation
        fields = [
            "description",
            "occurred_on",
            "location",
            "standards",
            "categories",
            "criminal_investigation",
        ]
        labels = {
            "description": "What is alleged",
            "location": "Where (optional)",
            "criminal_investigation": "Criminal investigation",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "criminal_investigation": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criminal_investigation"].choices = CriminalInvestigation.choices


def allegation_input(form: AllegationForm) -> AllegationInput:
    """The service's input from a valid allegation form (the form's fields are its fields)."""
    return AllegationInput(**{name: form.cleaned_data[name] for name in AllegationForm.Meta.fields})


class SeverityForm(Form):
    severity = forms.ChoiceField(
        choices=Severity.choices,
        widget=forms.RadioSelect,
        label="Severity (reg 14)",
        error_messages={"required": "Choose a severity"},
    )
    rationale = forms.CharField(
        widget=forms.Textarea,
        label="Rationale",
        error_messages={"required": "Give the rationale for this assessment"},
    )


class TransitionForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reasons for this decision",
        error_messages={"required": "Give the reasons for this decision"},
    )
    finding = forms.ChoiceField(choices=Finding.choices, widget=forms.RadioSelect, required=False, label="Finding")
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, required=False, label="Outcome")

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = TRANSITIONS[action]
        for name in ("finding", "outcome"):
            if name not in self.transition.needs:
                del self.fields[name]
            else:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = f"Choose the {name}"


class CloseCaseForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reasons for closing the case",
        error_messages={"required": "Give the reasons for closing the case"},
    )
