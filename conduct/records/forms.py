from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.records.subject_access import CATEGORIES, Ground, Request, Restriction


class KeepForm(Form):
    reason = forms.CharField(
        label="Why is the record still needed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the record is still needed"},
    )
    next_review_on = uk_date_field("Next review date", required_message="Enter the next review date")


class DisposeForm(Form):
    reason = forms.CharField(
        label="Why is the record no longer needed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say why the record is no longer needed"},
    )
    confirm = forms.BooleanField(
        label="I understand that what is listed above is removed and cannot be recovered in the application",
        error_messages={"required": "Confirm that you understand the disposal cannot be undone"},
    )


class HoldForm(Form):
    case_reference = forms.CharField(
        label="Case reference (optional)",
        required=False,
        max_length=20,
        help_text="For example, PSD-2026-000123. Leave blank to hold a person.",
    )
    person_number = forms.CharField(
        label="Person's warrant, collar or staff number (optional)",
        required=False,
        max_length=30,
        help_text="Holds every case the person is a subject of.",
    )
    reason = forms.CharField(
        label="Why must the record be kept?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="For example, the claim, inquiry or investigation it is kept for.",
        error_messages={"required": "Say why the record must be kept"},
    )

    def clean(self):
        data = super().clean()
        case, person = (data.get("case_reference") or "").strip(), (data.get("person_number") or "").strip()
        if case and person:
            self.add_error("case_reference", "Enter a case reference or a person's number, not both")
        elif not case and not person and "case_reference" not in self.errors:
            self.add_error("case_reference", "Enter a case reference or a person's number")
        return data


class LiftForm(Form):
    reason = forms.CharField(
        label="Why is the hold lifted?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the hold is lifted"},
    )


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


class SubjectAccessForm(Form):
    """The request's reference, and for each category of restrictable data: disclose, or the
    s.45(4) ground it is withheld on and the reason (s.45(7))."""

    reference = forms.CharField(
        label="Reference of the subject access request",
        max_length=60,
        help_text="The force's reference for the request, as on its acknowledgement.",
        error_messages={"required": "Enter the reference of the subject access request"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in CATEGORIES:
            self.fields[f"{category.code}_ground"] = forms.ChoiceField(
                label=category.label,
                help_text=category.what,
                choices=Ground.CHOICES,
                initial=category.default,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select whether to disclose {_lower_first(category.label)}"},
            )
            self.fields[f"{category.code}_reason"] = forms.CharField(
                label=f"Why it is withheld: {_lower_first(category.label)}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Required when withheld: why the restriction is necessary and proportionate.",
            )

    def clean(self):
        data = super().clean()
        for category in CATEGORIES:
            ground = data.get(f"{category.code}_ground")
            if ground and ground != Ground.DISCLOSE and not (data.get(f"{category.code}_reason") or "").strip():
                self.add_error(
                    f"{category.code}_reason",
                    f"Say why withholding {_lower_first(category.label)} is necessary and proportionate",
                )
        return data

    def request(self) -> Request:
        data = self.cleaned_data
        return Request(
            reference=data["reference"].strip(),
            restrictions={
                category.code: Restriction(
                    category, data[f"{category.code}_ground"], (data.get(f"{category.code}_reason") or "").strip()
                )
                for category in CATEGORIES
            },
        )
