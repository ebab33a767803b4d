"""The one reader of dates typed by people (forms and list filters): day first, as in the UK.

Accepts what people type: "1/12/26", "01/12/2026", "1-12-2026", "1.12.2026", "1 12 2026",
"1 Dec 2026", "1 December 2026", "1st December 2026", "Dec 1 2026", and the ISO "2026-12-01"
(what a date picker or a link sends). A two-digit year is this century unless that would put it
more than TWO_DIGIT_YEARS_AHEAD years from now (then last century: "1/12/75" is 1975).
"""

import re
from datetime import date

from django.utils import timezone

TWO_DIGIT_YEARS_AHEAD = 20
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
NUMERIC = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$")
DAY_MONTH_NAME = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-/]([a-z]+)\.?,?[ \-/](\d{2}|\d{4})$")
MONTH_NAME_DAY = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{2}|\d{4})$")


def parse_uk_date(text: str) -> date | None:
    """The date the text means, or None when it is no real date in a form we read."""
    value = re.sub(r"\s+", " ", (text or "").strip().lower())
    if not value:
        return None
    if match := ISO.match(value):
        year, month, day = match.groups()
        return _date(year, month, day)
    if match := NUMERIC.match(value):
        day, month, year = match.groups()
        return _date(year, month, day)
    if match := DAY_MONTH_NAME.match(value):
        day, name, year = match.groups()
        return _date(year, MONTHS.get(name), day)
    if match := MONTH_NAME_DAY.match(value):
        name, day, year = match.groups()
        return _date(year, MONTHS.get(name), day)
    return None


def _date(year, month, day) -> date | None:
    if month is None:
        return None
    year = int(year)
    if year < 100:
        year = _century(year)
    try:
        return date(year, int(month), int(day))
    except ValueError:  # 31/2/2026, month 13
        return None


def _century(two_digits: int) -> int:
    this_year = timezone.localdate().year
    year = 2000 + two_digits
    return year if year <= this_year + TWO_DIGIT_YEARS_AHEAD else year - 100
