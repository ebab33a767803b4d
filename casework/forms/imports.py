"""The upload form of the HR import of people."""

from django import forms

from casework.forms.base import Form
from casework.people_import import MAX_UPLOAD_BYTES, ImportRejected, decode_upload


class PeopleImportForm(Form):
    file = forms.FileField(
        label="Upload a CSV file of people",
        error_messages={
            "required": "Select a CSV file of people",
            "empty": "The selected file is empty.",
            "invalid": "The selected file could not be read. Upload it again.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The selected file must be smaller than %(limit)d MB",
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        try:
            self.cleaned_data["content"] = decode_upload(upload.read())
        except ImportRejected as rejected:
            raise forms.ValidationError(rejected.message) from rejected
        return upload
