"""Form fields every app shares, so dates read the same way everywhere (day first, UK style)."""

from django import forms

from casework.dates import parse_uk_date

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]  # kept for callers; UKDateField reads more
DATE_HINT = "For example, 27/3/2026 or 27 March 2026"


class UKDateField(forms.DateField):
    """A date in one box, read by the one parser of typed dates (casework.dates): "1/12/26",
    "1 Dec 2026", "01/12/2026" and "2026-12-01" all mean 1 December 2026."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("input_formats", None)
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):  # a date (initial data), not text
            return value if not hasattr(value, "date") else value.date()
        parsed = parse_uk_date(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def uk_date_field(
    label: str, *, hint: str = DATE_HINT, required: bool = True, required_message: str = ""
) -> forms.DateField:
    return UKDateField(
        label=label,
        required=required,
        help_text=hint,
        error_messages={
            "required": required_message or f"Enter the {label[0].lower()}{label[1:]}",
            "invalid": f"The {label[0].lower()}{label[1:]} must be a real date, for example 27/3/2026",
        },
    )
