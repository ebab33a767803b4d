"""Form fields every app shares, so dates read the same way everywhere (day first, UK style)."""

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
DATE_HINT = "For example, 27/03/2026"


def uk_date_field(
    label: str, *, hint: str = DATE_HINT, required: bool = True, required_message: str = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={
            "required": required_message or f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": "Enter a real date, for example 27/03/2026",
        },
    )
