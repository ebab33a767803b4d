"""Protected characteristics recorded by hand: sex and ethnic group as GOV.UK radios (the ethnic
groups under their ONS 2021 high-level group), the date of birth as a GOV.UK date input."""

from datetime import date

from django import forms

from casework.characteristics import ETHNIC_GROUPS, HIGH_LEVEL_GROUPS, SEX
from casework.forms.base import Form


def _part(label, low, high):
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=False,
        error_messages={"invalid": "The date of birth must be a real date, for example 27 3 1985"},
    )


class CharacteristicsForm(Form):
    sex = forms.ChoiceField(
        label="Sex", choices=SEX, widget=forms.RadioSelect, error_messages={"required": "Select the person's sex"}
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        choices=[(code, label) for code, label, _group in ETHNIC_GROUPS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's ethnic group"},
    )
    dob_day = _part("Day", 1, 31)
    dob_month = _part("Month", 1, 12)
    dob_year = _part("Year", 1900, 2100)

    def clean(self):
        cleaned = super().clean()
        parts = [self.data.get(f"dob_{p}", "").strip() for p in ("day", "month", "year")]
        cleaned["date_of_birth"] = None
        if not any(parts):
            return cleaned  # not known: the date of birth may be left blank
        if any(f"dob_{p}" in self.errors for p in ("day", "month", "year")) or not all(parts):
            for p in ("day", "month", "year"):
                self.errors.pop(f"dob_{p}", None)
            self.add_error("dob_day", "Enter the date of birth as a day, month and year, for example 27 3 1985")
            return cleaned
        try:
            cleaned["date_of_birth"] = date(cleaned["dob_year"], cleaned["dob_month"], cleaned["dob_day"])
        except ValueError:
            self.add_error("dob_day", "The date of birth must be a real date, for example 27 3 1985")
        return cleaned

    def ethnic_groups(self):
        """The radios under their high-level group, for the template: [(group, [(code, label, checked)])]."""
        chosen = self["ethnicity"].value()
        return [
            (group, [(code, label, code == chosen) for code, label, g in ETHNIC_GROUPS if g == group])
            for group in HIGH_LEVEL_GROUPS
        ]

    @classmethod
    def initial_from(cls, row) -> dict:
        if row is None:
            return {}
        dob = row.date_of_birth
        return {
            "sex": row.sex,
            "ethnicity": row.ethnicity,
            **({"dob_day": dob.day, "dob_month": dob.month, "dob_year": dob.year} if dob else {}),
        }
