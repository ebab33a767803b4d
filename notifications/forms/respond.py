"""The officer's response form: text and optional files, checked before anything is stored."""

from django import forms
from django.conf import settings

from casework.errors import Refused
from casework.forms.base import Form
from notifications.responses import check_attachment


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ResponseForm(Form):
    text = forms.CharField(
        label="Your response",
        max_length=20000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 10}),
        error_messages={
            "required": "Enter your response",
            "max_length": "Your response must be 20,000 characters or fewer",
        },
    )
    files = MultipleFileField(
        label="Attach documents (optional)",
        required=False,
        help_text="PDF, Word (DOCX), JPEG, PNG or plain text. Up to 5 files, each up to 10 MB.",
    )

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > settings.RESPONSE_MAX_FILES:
            raise forms.ValidationError(f"Attach {settings.RESPONSE_MAX_FILES} files or fewer")
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_attachment(upload))
            except Refused as refusal:
                errors.append(refusal.message)
        if errors:
            raise forms.ValidationError(errors)
        return checked


class ConfirmForm(Form):
    """The one thing the reader must know that the email does not carry."""

    def answer(self):
        return self.cleaned_data["number"]

    number = forms.CharField(
        label="Your collar or staff number",
        max_length=30,
        help_text="As held by your force, for example 4321 or MET 4321.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off"}),
        error_messages={
            "required": "Enter your collar or staff number",
            "max_length": "Your collar or staff number must be 30 characters or fewer",
        },
    )


class ComplainantConfirmForm(Form):
    """A complainant has no number: the reference on their letter and their postcode (or, if we
    hold no address for them, their surname). notifications/response_access.complainant_expected."""

    reference = forms.CharField(
        label="The reference on your letter",
        max_length=30,
        help_text="For example PSD-2026-000123.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the reference on your letter",
            "max_length": "The reference must be 30 characters or fewer",
        },
    )
    detail = forms.CharField(
        label="Your postcode, or your surname if you gave us no address",
        max_length=80,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20", "autocomplete": "off"}),
        error_messages={
            "required": "Enter your postcode, or your surname if you gave us no address",
            "max_length": "This must be 80 characters or fewer",
        },
    )

    def answer(self):
        return self.cleaned_data["reference"], self.cleaned_data["detail"]
