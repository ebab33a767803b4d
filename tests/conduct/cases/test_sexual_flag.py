"""The subject's sexual-misconduct flag (issue 20, point 7) never disagrees with its source, the
allegations' categories and the categories' flags: a property over random sequences of the
writers (an allegation recorded in a category, an administrator changing a category's flag);
the admin's change form keeps it; and the risk list reads the flag."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import CaseSubject, DutyStatus
from conduct.cases import changes, services
from conduct.cases.sexual import sexual_risk_of, sync_category
from conduct.duty import selectors as duty_queries
from conduct.models import AllegationCategory, Standard
from tests.conduct.duty.test_risk import record
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CATEGORIES = ["sexual-misconduct", "other", "discrimination"]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("record"), st.sampled_from(CATEGORIES)),
        st.tuples(st.just("flag"), st.sampled_from(CATEGORIES), st.booleans()),
    ),
    min_size=1,
    max_size=8,
)


def on_the_row(subject) -> bool:
    return CaseSubject.objects.values_list("sexual_risk", flat=True).get(pk=subject.pk)


def allegation_in(code):
    return services.AllegationInput(
        description="Another allegation",
        standards=list(Standard.objects.filter(name="Discreditable conduct")),
        categories=list(AllegationCategory.objects.filter(code=code)),
        criminal_investigation="none",
    )


def set_flag(code, value):
    """What the admin's change form does (conduct.cases.admin): save, then the subjects' flags."""
    with transaction.atomic():
        category = AllegationCategory.objects.get(code=code)
        category.sexual_or_vawg = value
        category.save()
        sync_category(category)


def test_the_categories_exist():
    assert set(AllegationCategory.objects.filter(code__in=CATEGORIES).values_list("code", flat=True)) == set(CATEGORIES)
    assert AllegationCategory.objects.get(code="sexual-misconduct").sexual_or_vawg


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_the_flag_always_matches_the_allegations_and_categories(personas, team, sequence):
    subject = record(personas, team, PersonFactory())  # one allegation in "other"
    other = record(personas, team, PersonFactory(), categories=("sexual-misconduct",))
    for step in sequence:
        if step[0] == "record":
            changes.add_allegation(user=personas.investigator, subject=subject, allegation=allegation_in(step[1]))
        else:
            set_flag(step[1], step[2])
        assert on_the_row(subject) == sexual_risk_of(subject.pk)
        assert on_the_row(other) == sexual_risk_of(other.pk)


def test_the_admin_change_form_keeps_the_flags(client, personas, team):
    admin = personas.admin
    admin.is_superuser = True  # the category admin is a superuser's tool in this test; the writer is what matters
    admin.save()
    subject = record(personas, team, PersonFactory(), categories=("other",))
    assert on_the_row(subject) is False
    category = AllegationCategory.objects.get(code="other")
    client.force_login(admin)
    response = client.post(
        f"/admin/conduct/allegationcategory/{category.pk}/change/",
        {
            "code": category.code,
            "name": category.name,
            "order": category.order,
            "sexual_or_vawg": "on",
            "possibly_discriminatory": "on" if category.possibly_discriminatory else "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert on_the_row(subject) is True


def test_the_risk_list_follows_the_flag(personas, team):
    subject = record(personas, team, PersonFactory(), status=DutyStatus.FULL)
    assert subject.person_id not in {row.person_id for row in duty_queries.sexual_on_public_facing(personas.head)}
    changes.add_allegation(user=personas.investigator, subject=subject, allegation=allegation_in("sexual-misconduct"))
    assert on_the_row(subject) is True
    assert subject.person_id in {row.person_id for row in duty_queries.sexual_on_public_facing(personas.head)}
