from django import forms
from django.utils import timezone

from casework import permissions
from casework.forms.base import Form, ModelForm
from casework.forms.fields import DATE_FORMATS, DATE_HINT, UKDateField
from casework.forms.people import PeopleField, PeopleSearchTextarea
from casework.models import Case, User
from casework.roles import Role
from conduct.cases.lifecycle import TRANSITIONS
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import Handling, InvestigationMode, MatterType
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
    # Names or numbers, one a line; an ambiguous line comes back as radios (casework.forms.people).
    numbers = PeopleField(
        label="Names or numbers of the people subject to this case",
        help_text="One person per line: their name, or their warrant, collar or staff number. "
        "For another force, you can put its code first, for example: northshire 7101",
        widget=PeopleSearchTextarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the name or number of at least one person"},
    )


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


OFFERED_OUTCOMES = [(v, label) for v, label in Outcome.choices if v != Outcome.MANAGEMENT_ADVICE]


class TransitionForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reasons for this decision",
        error_messages={"required": "Give the reasons for this decision"},
    )
    finding = forms.ChoiceField(choices=Finding.choices, widget=forms.RadioSelect, required=False, label="Finding")
    outcome = forms.ChoiceField(choices=OFFERED_OUTCOMES, widget=forms.RadioSelect, required=False, label="Outcome")
    unconnected_incidents = forms.BooleanField(
        required=False,
        label="The misconduct arose from more than one incident, not closely connected (reg 42(6))",
    )
    departure_reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Gross misconduct found and not dismissal: the panel's reasons for departing from the presumption",
        help_text="Required for any outcome other than dismissal where gross misconduct is found.",
    )
    certification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Certification of the special conditions (reg 49)",
        help_text="The evidence that the conduct is gross misconduct and that it is in the public interest to "
        "proceed to an accelerated hearing.",
    )

    def __init__(self, *args, action, staff_outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = TRANSITIONS[action]
        for name in ("finding", "outcome"):
            if name not in self.transition.needs:
                del self.fields[name]
            else:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = f"Choose the {name}"
        if "outcome" not in self.transition.needs or staff_outcomes is not None:
            del self.fields["unconnected_incidents"]
            del self.fields["departure_reasons"]
        if "outcome" in self.transition.needs and staff_outcomes is not None:
            self.fields["outcome"].choices = [(o.code, o.name) for o in staff_outcomes]
            self.fields["outcome"].help_text = "Outcomes of the force's police staff misconduct procedure."
        if "certification" not in self.transition.needs:
            del self.fields["certification"]
        else:
            self.fields["certification"].required = True
            self.fields["certification"].error_messages["required"] = "Certify the special conditions"


class CloseCaseForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea,
        label="Reasons for closing the case",
        error_messages={"required": "Give the reasons for closing the case"},
    )


class RouteForm(Form):
    """The route of the matter (DOMAIN.md, "Which rules apply"): at intake, and on the route page
    with the form of investigation and the reasons for the change."""

    matter_type = forms.ChoiceField(
        label="Type of matter",
        choices=MatterType.choices,
        widget=forms.RadioSelect,
        help_text="Decides which regulations apply: a complaint, recordable conduct matter or DSI matter is "
        "under Schedule 3 of the Police Reform Act 2002; an internal conduct matter under Part 3 of the "
        "Police (Conduct) Regulations 2020.",
        error_messages={"required": "Select the type of matter"},
    )
    handling = forms.ChoiceField(
        label="How the complaint is handled (complaints only)",
        choices=Handling.choices,
        widget=forms.RadioSelect,
        initial=Handling.UNDECIDED,
        required=False,
    )
    special_procedures = forms.TypedChoiceField(
        label="Is the investigation subject to special procedures? (complaints investigated only)",
        help_text="Yes when there is an indication that a person may have committed a criminal offence or behaved "
        "in a manner that would justify disciplinary proceedings (PRA 2002 Sch 3 para 19B).",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        required=False,
    )
    action_taken = forms.CharField(
        label="Reasonable and proportionate action taken (complaints handled otherwise than by investigation)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, change=False, **kwargs):
        super().__init__(*args, **kwargs)
        if change:
            self.fields["mode"] = forms.ChoiceField(
                label="Form of the investigation",
                help_text="Local unless the IOPC decided on a directed or independent investigation.",
                choices=[("", "Not an investigation")] + list(InvestigationMode.choices),
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields["reason"] = forms.CharField(
                label="Reasons for this decision",
                widget=forms.Textarea,
                error_messages={"required": "Give the reasons for this decision"},
            )

    def clean(self):
        data = super().clean()
        if data.get("handling") == Handling.OTHERWISE:
            if data.get("matter_type") and data["matter_type"] != MatterType.COMPLAINT:
                self.add_error("handling", "Only a complaint can be handled otherwise than by investigation")
            elif not (data.get("action_taken") or "").strip():
                self.add_error(
                    "action_taken", "Say what reasonable and proportionate action is taken to handle the complaint"
                )
        return data

    def route_input(self) -> RouteInput:
        data = self.cleaned_data
        return RouteInput(
            matter_type=data["matter_type"],
            handling=data.get("handling") or Handling.UNDECIDED,
            mode=data.get("mode", ""),
            special_procedures=bool(data.get("special_procedures")),
            action_taken=data.get("action_taken", ""),
        )

    @classmethod
    def for_route(cls, route, data=None):
        initial = {}
        if route is not None:
            initial = {
                "matter_type": route.matter_type,
                "handling": route.handling,
                "special_procedures": "yes" if route.special_procedures else "no",
                "action_taken": route.action_taken,
                "mode": route.mode,
            }
        return cls(data, initial=initial, change=True)
