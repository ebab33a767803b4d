"""The one reader of typed dates (casework.dates) and the date field built on it."""

from datetime import date

import pytest
import time_machine

from casework.dates import parse_uk_date
from casework.forms.base import Form
from casework.forms.fields import uk_date_field


@pytest.mark.parametrize(
    "text",
    [
        "1/12/26",
        "01/12/2026",
        "1/12/2026",
        "1-12-2026",
        "1.12.2026",
        "1 12 2026",
        "2026-12-01",
        "1 Dec 2026",
        "1 dec 2026",
        "1 December 2026",
        "1st December 2026",
        "1 Dec. 2026",
        "December 1, 2026",
        "  1/12/2026 ",
    ],
)
def test_common_typed_forms_mean_the_same_day(text):
    assert parse_uk_date(text) == date(2026, 12, 1)


@pytest.mark.parametrize(
    "text", ["", "31/2/2026", "1/13/2026", "tomorrow", "1 Smarch 2026", "2026/12", "12/2026", "1/12/202", "1//12/2026"]
)
def test_what_is_no_real_date_is_none(text):
    assert parse_uk_date(text) is None


@time_machine.travel(date(2026, 12, 6), tick=False)
def test_a_two_digit_year_is_this_century_unless_far_ahead():
    assert parse_uk_date("1/12/46") == date(2046, 12, 1)
    assert parse_uk_date("1/12/47") == date(1947, 12, 1)
    assert parse_uk_date("3/4/75") == date(1975, 4, 3)


class _DateForm(Form):
    received_on = uk_date_field("Date the complaint was received")


@pytest.mark.parametrize("text", ["1/12/26", "1 Dec 2026", "01/12/2026", "2026-12-01"])
def test_the_date_field_reads_them(text):
    form = _DateForm({"received_on": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["received_on"] == date(2026, 12, 1)


def test_the_date_field_says_what_is_wrong():
    assert _DateForm({"received_on": ""}).errors == {"received_on": ["Enter the date the complaint was received"]}
    assert _DateForm({"received_on": "31/2/2026"}).errors == {
        "received_on": ["The date the complaint was received must be a real date, for example 27/3/2026"]
    }
