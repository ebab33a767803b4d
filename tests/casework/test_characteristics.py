"""Protected characteristics: the categories as data, age bands at a date, and the separate
permission for special category data (issue 21, point 3)."""

from datetime import date

import pytest

from casework import characteristics, permissions
from casework.roles import Role


def test_ons_2021_has_19_groups_in_5_high_level_groups_plus_not_stated():
    stated = [row for row in characteristics.ETHNIC_GROUPS if row[2] != characteristics.NOT_STATED]
    assert len(stated) == 19
    assert {group for _c, _l, group in stated} == set(characteristics.HIGH_LEVEL_GROUPS) - {characteristics.NOT_STATED}
    assert characteristics.high_level_group("black_caribbean") == characteristics.BLACK
    assert characteristics.high_level_group("") is None


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (date(2000, 6, 2), date(2026, 6, 1), "Under 26"),  # the day before the 26th birthday
        (date(2000, 6, 2), date(2026, 6, 2), "26 to 35"),  # on it
        (date(1970, 1, 1), date(2026, 4, 1), "56 and over"),
        (None, date(2026, 4, 1), None),
    ],
)
def test_age_band_on_a_date(born, on, band):
    assert characteristics.age_band(born, on) == band


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.HEAD_OF_PSD, True),
        (Role.ADMINISTRATOR, True),
        (Role.INVESTIGATOR, False),
        (Role.APPROPRIATE_AUTHORITY, False),
        (Role.AUDITOR, False),
    ],
)
def test_special_category_is_a_separate_permission(personas, role, sees):
    assert permissions.can_view_special_category(personas.by_role()[role]) is sees
