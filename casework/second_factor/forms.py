from django import forms

from casework.forms.base import Form


class CodeForm(Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        strip=True,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SignInCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6 digits your authenticator app shows now, or one of your recovery codes."


class EnrolForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app"
        self.fields[
            "code"
        ].help_text = "After you have added the account, the app shows 6 digits that change every 30 seconds."
        self.fields["code"].widget.attrs.update({"inputmode": "numeric"})


class ResetForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you resetting this second factor?",
        help_text="For example: phone lost, reported by the user in person on 3 December. Kept in the history.",
        max_length=1000,
        error_messages={"required": "Give the reason for the reset"},
    )
