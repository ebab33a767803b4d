"""The latest duty-status period kept on the person row (issue 20, point 7) never disagrees with
the timeline: a property over random sequences of status changes (back-dated, same-day and
future-dated, restricted or redeployed in either kind of role), and through duty decisions."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import DutyStatus, DutyStatusEntry, Person
from casework.services import change_duty_status
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)

changes = st.lists(
    st.tuples(
        st.sampled_from(list(DutyStatus)),
        st.sampled_from([None, True, False]),  # the answer given (None: not asked)
        st.integers(min_value=-30, max_value=400),  # days from START
    ),
    min_size=1,
    max_size=12,
)


def latest_period(person):
    return (
        DutyStatusEntry.objects.filter(person=person)
        .order_by("-starts_on", "-id")
        .values_list("status", "public_facing", "starts_on")
        .first()
    )


def on_the_row(person):
    row = Person.objects.get(pk=person.pk)
    return (row.duty_status, row.public_facing, row.duty_since)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=changes)
def test_the_row_always_matches_the_latest_period(personas, sequence):
    person = PersonFactory()
    assert on_the_row(person) == ("", True, None)  # nothing recorded: public-facing, as the lists count it
    for status, answer, offset in sequence:
        change_duty_status(
            user=personas.admin,
            person=person,
            status=status,
            public_facing=answer,
            starts_on=START + timedelta(days=offset),
            reason="A change for the property test.",
        )
        assert on_the_row(person) == latest_period(person)


def test_a_decision_moves_the_row_with_the_timeline(personas):
    from conduct.duty import services as duty
    from conduct.duty.services import DecisionTerms
    from tests.conduct.duty.test_risk import record
    from tests.factories import TeamFactory

    team = TeamFactory(members=[personas.investigator])
    subject = record(personas, team, PersonFactory(), criminal="open", status=DutyStatus.FULL)
    proposal = duty.propose(
        user=personas.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind="redeploy",
            allegations=list(subject.allegations.all()),
            rationale="Another station, front counter.",
            public_facing=True,
        ),
    )
    duty.approve(user=personas.authority, decision=proposal, reasons="Agreed.", effective_on=date.today())
    assert on_the_row(subject.person) == latest_period(subject.person)
    assert on_the_row(subject.person)[:2] == (DutyStatus.REDEPLOYED, True)
