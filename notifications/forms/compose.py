"""The investigator's request-for-information letter: who, what, and by when."""

import secrets

from django import forms
from django.utils import timezone

from casework.calendar import add_working_days
from casework.forms.base import Form
from casework.forms.fields import uk_date_field

DEFAULT_RESPONSE_WORKING_DAYS = 10


class InformationRequestForm(Form):
    subject = forms.TypedChoiceField(
        label="Who is the letter to?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the letter is to", "invalid_choice": "Select who the letter is to"},
    )
    request_text = forms.CharField(
        label="What do you need from them?",
        help_text="This is the body of the request. Be specific: the letter adds the greeting, the reference "
        "and how to answer through the secure link.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what you need from them"},
    )
    response_due_on = uk_date_field(
        "Answer needed by",
        hint="For example, 04/12/2026. The default is 10 working days from today.",
        required_message="Enter the date the answer is needed by",
    )
    nonce = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {s.pk: s for s in subjects}
        self.fields["subject"].choices = [
            (s.pk, f"{s.person.full_name} ({s.person.number})" + ("" if s.person.email else " – no email address"))
            for s in subjects
        ]
        self.fields["response_due_on"].initial = add_working_days(timezone.localdate(), DEFAULT_RESPONSE_WORKING_DAYS)
        # One letter per form: a double click or a resubmission finds the letter already written.
        self.fields["nonce"].initial = secrets.token_hex(16)

    def clean_response_due_on(self):
        due = self.cleaned_data["response_due_on"]
        if due <= timezone.localdate():
            raise forms.ValidationError("The date the answer is needed by must be in the future")
        return due

    def clean_nonce(self):
        nonce = self.cleaned_data["nonce"]
        if not (len(nonce) == 32 and all(c in "0123456789abcdef" for c in nonce)):
            raise forms.ValidationError("The form has expired: start again")
        return nonce

    @property
    def chosen_subject(self):
        return self.subjects.get(self.cleaned_data.get("subject"))
