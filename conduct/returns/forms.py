"""The financial year of the return, typed as the year it starts ("2025", or "2025-26")."""

import re

from django import forms

from casework.forms.base import Form
from conduct.returns.selectors import FIRST_YEAR, FinancialYear, current_year

YEAR = re.compile(r"^(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?$")
EXAMPLE = "for example 2025 for 1 April 2025 to 31 March 2026"


class YearForm(Form):
    year = forms.CharField(
        label="Financial year",
        max_length=20,
        help_text=f"The year it starts, {EXAMPLE}",
        error_messages={"required": f"Enter the financial year, {EXAMPLE}"},
    )

    def clean_year(self) -> FinancialYear:
        text = self.cleaned_data["year"].strip()
        match = YEAR.match(text)
        if not match:
            raise forms.ValidationError(f"Enter the financial year as the year it starts, {EXAMPLE}")
        start = int(match.group(1))
        if match.group(2):
            second = int(match.group(2))
            if (second if len(match.group(2)) == 4 else 2000 + second) != start + 1:
                raise forms.ValidationError(f"A financial year runs from April to the next March, {EXAMPLE}")
        latest = current_year().start_year
        if not FIRST_YEAR <= start <= latest:
            raise forms.ValidationError(
                f"Enter a financial year from {FIRST_YEAR} (the 2020 regulations began on 1 February 2020) to {latest}"
            )
        return FinancialYear(start)
