"""The period of a report, as GOV.UK date inputs (day, month, year for each end). Bad input is
shown on the form and nothing is computed."""

from datetime import date

from django import forms

from casework.forms.base import Form

MAX_DAYS = 366 * 5


def _part(label, low, high):
    return forms.IntegerField(label=label, min_value=low, max_value=high, required=False)


class PeriodForm(Form):
    start_day = _part("Day", 1, 31)
    start_month = _part("Month", 1, 12)
    start_year = _part("Year", 2000, 2100)
    end_day = _part("Day", 1, 31)
    end_month = _part("Month", 1, 12)
    end_year = _part("Year", 2000, 2100)

    ENDS = {"start": "start of the period", "end": "end of the period"}

    def _date(self, end: str):
        parts = [self.cleaned_data.get(f"{end}_{p}") for p in ("day", "month", "year")]
        if any(p is None for p in parts):
            self.add_error(f"{end}_day", f"Enter the {self.ENDS[end]} as a day, month and year, for example 1 10 2026")
            return None
        try:
            return date(parts[2], parts[1], parts[0])
        except ValueError:
            self.add_error(f"{end}_day", f"The {self.ENDS[end]} must be a real date")
            return None

    def clean(self):
        cleaned = super().clean()
        if self.errors:  # a part out of range: say so once per date
            for end in self.ENDS:
                if any(f"{end}_{p}" in self.errors for p in ("month", "year")) and f"{end}_day" not in self.errors:
                    self.add_error(f"{end}_day", f"The {self.ENDS[end]} must be a real date")
            return cleaned
        start, end = self._date("start"), self._date("end")
        if start and end:
            if end < start:
                self.add_error("end_day", "The end of the period must be on or after its start")
            elif (end - start).days > MAX_DAYS:
                self.add_error("end_day", "The period can be at most five years")
            else:
                cleaned["start"], cleaned["end"] = start, end
        return cleaned

    @classmethod
    def initial_for(cls, start: date, end: date) -> dict:
        return {
            "start_day": start.day,
            "start_month": start.month,
            "start_year": start.year,
            "end_day": end.day,
            "end_month": end.month,
            "end_year": end.year,
        }
