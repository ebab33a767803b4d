"""The subject's live-criminal flag (issue 20, point 7) never disagrees with its source, the
allegations' criminal status: a property over random sequences of the two services that set it
(an allegation recorded with a status, the criminal side's progress recorded on one), refusals
included; and the risk list reads the flag."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import CaseSubject, DutyStatus
from conduct.cases import changes, services
from conduct.cases.criminal import criminal_risk_of
from conduct.duty import risk
from conduct.duty import selectors as duty_queries
from conduct.duty.checks import DutyRefused
from conduct.models import Allegation, AllegationCategory, CriminalInvestigation, Standard
from tests.conduct.duty.test_risk import record
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STATUSES = list(CriminalInvestigation.values)

steps = st.lists(
    st.one_of(
        st.tuples(st.just("record"), st.sampled_from(STATUSES)),
        st.tuples(st.just("progress"), st.integers(min_value=0, max_value=5), st.sampled_from(STATUSES)),
    ),
    min_size=1,
    max_size=10,
)


def on_the_row(subject) -> bool:
    return CaseSubject.objects.values_list("criminal_risk", flat=True).get(pk=subject.pk)


def allegation_input(status):
    return services.AllegationInput(
        description="Another allegation",
        standards=list(Standard.objects.filter(name="Discreditable conduct")),
        categories=list(AllegationCategory.objects.filter(code="other")),
        criminal_investigation=status,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_the_flag_always_matches_the_allegations(personas, team, sequence):
    subject = record(personas, team, PersonFactory())
    assert on_the_row(subject) is False
    for step in sequence:
        if step[0] == "record":
            changes.add_allegation(user=personas.investigator, subject=subject, allegation=allegation_input(step[1]))
        else:
            allegations = list(Allegation.objects.filter(subject=subject).order_by("pk"))
            allegation = allegations[step[1] % len(allegations)]
            try:
                risk.record_criminal_status(user=personas.investigator, allegation=allegation, status=step[2])
            except DutyRefused:
                pass  # the same status again: refused, nothing changes
        assert on_the_row(subject) == criminal_risk_of(subject.pk)


def test_the_risk_list_follows_the_flag(personas, team):
    subject = record(personas, team, PersonFactory(), status=DutyStatus.FULL)
    assert subject.person_id not in {row.person_id for row in duty_queries.criminal_on_public_duty(personas.head)}
    allegation = subject.allegations.get()
    risk.record_criminal_status(user=personas.investigator, allegation=allegation, status="convicted")
    assert on_the_row(subject) is True
    assert subject.person_id in {row.person_id for row in duty_queries.criminal_on_public_duty(personas.head)}
    risk.record_criminal_status(user=personas.investigator, allegation=allegation, status="acquitted")
    assert on_the_row(subject) is False
    assert subject.person_id not in {row.person_id for row in duty_queries.criminal_on_public_duty(personas.head)}
