"""The report form: each item the regulation lists, and for each recipient whose copy the
regulation allows to be withheld, the choice to withhold it with reasons."""

from django import forms

from casework.forms.base import Form
from casework.forms.fields import uk_date_field
from conduct.progress_reports.services import ReportInput

TEXT = {"max_length": 5000, "widget": forms.Textarea(attrs={"rows": 4})}


class ReportForm(Form):
    made_on = uk_date_field("Date the report was made")
    came_to_attention_on = uk_date_field(
        "Date the matter came to the force's attention",
        hint="For a complaint, the date it was made. For example, 27/3/2026",
    )
    notice_given_on = uk_date_field(
        "Date notice of the investigation was given to the officer",
        required=False,
        hint="Leave blank if no notice has been given yet. For example, 27/3/2026",
    )
    progress = forms.CharField(label="Progress of the investigation", **TEXT)
    estimated_conclusion = uk_date_field("Estimated date the investigation will be concluded")
    estimated_report = uk_date_field("Estimated date the final report will be submitted")
    reasons_for_time = forms.CharField(label="Reasons for the length of time taken", **TEXT)
    planned_steps = forms.CharField(label="Planned steps to bring the investigation to a conclusion", **TEXT)

    def __init__(self, *args, addressees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addressees = [a for a in addressees if a.ground]
        for addressee in self.addressees:
            self.fields[f"withhold_{addressee.key}"] = forms.BooleanField(
                label=f"Withhold the report from {addressee.name}", required=False, help_text=addressee.ground
            )
            self.fields[f"reasons_{addressee.key}"] = forms.CharField(
                label=f"Reasons for withholding it from {addressee.name}", required=False, **TEXT
            )

    def clean(self):
        cleaned = super().clean()
        for addressee in self.addressees:
            if cleaned.get(f"withhold_{addressee.key}") and not (cleaned.get(f"reasons_{addressee.key}") or "").strip():
                self.add_error(f"reasons_{addressee.key}", f"Give the reasons for withholding it from {addressee.name}")
        return cleaned

    def report_input(self) -> ReportInput:
        return ReportInput(**{name: self.cleaned_data[name] for name in ReportInput.__dataclass_fields__})

    def withheld(self) -> dict:
        return {
            a.key: self.cleaned_data[f"reasons_{a.key}"]
            for a in self.addressees
            if self.cleaned_data.get(f"withhold_{a.key}")
        }
