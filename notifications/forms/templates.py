from django import forms
from django.core.exceptions import ValidationError

from casework import permissions as casework_permissions
from casework.forms.base import Form
from notifications import letters
from notifications.models import LetterTemplate

PREVIEW, SAVE = "preview", "save"


class TemplateForm(Form):
    """A new version of a kind's template. Previewing validates the text too; saving also needs
    a change note. The optional case reference previews against a real case."""

    subject = forms.CharField(
        label="Subject",
        max_length=LetterTemplate._meta.get_field("subject").max_length,
        error_messages={"required": "Enter a subject"},
    )
    body = forms.CharField(
        label="Letter text",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        strip=False,
        max_length=20_000,
        error_messages={
            "required": "Enter the letter text",
            "max_length": "The letter text must be 20,000 characters or fewer",
        },
        help_text="Plain text. Use only the variables listed for this kind of letter.",
    )
    change_note = forms.CharField(
        label="What changed and why",
        max_length=300,
        required=False,
        help_text="Needed to save. Kept with the version, e.g. “Clearer wording on representation”.",
    )
    preview_case = forms.CharField(
        label="Preview against a case (optional)",
        max_length=40,
        required=False,
        help_text="A case reference, such as PSD-2026-000123. Leave blank to preview with sample details.",
    )

    def __init__(self, *args, kind, user, action=PREVIEW, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.user, self.action = kind, user, action
        self.case = None

    def clean_preview_case(self):
        reference = self.cleaned_data["preview_case"].replace("\x00", "").strip().upper()
        if reference:
            self.case = casework_permissions.visible_cases(self.user).filter(reference=reference).first()
            if self.case is None:
                raise ValidationError("No case you can view has that reference")
        return reference

    def clean(self):
        data = super().clean()
        if "subject" in data and "body" in data:
            try:
                letters.validate_template_source(self.kind, data["subject"].strip(), data["body"].replace("\r\n", "\n"))
            except ValidationError as error:
                self.add_error(None, error)  # keyed by field: lands on subject or body
        if self.action == SAVE and not data.get("change_note", "").strip():
            self.add_error("change_note", "Say what changed and why")
        return data


class CancelLetterForm(Form):
    reason = forms.CharField(
        label="Why is the letter being cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": "Give the reason for cancelling the letter"},
        help_text="Recorded on the case timeline with your name.",
    )


class ConfirmSentForm(Form):
    relay_reference = forms.CharField(
        label="The relay's log reference",
        max_length=500,
        error_messages={"required": "Give the relay's log reference for this letter"},
    )


class ResendForm(Form):
    reason = forms.CharField(
        label="Why send it again?",
        max_length=1000,
        error_messages={"required": "Say why the letter is to be sent again"},
    )
