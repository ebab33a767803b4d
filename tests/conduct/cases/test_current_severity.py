"""The latest severity assessment kept on the allegation row (Allegation.current_severity, for the
statistics that count by it) never disagrees with the assessments: a property over random
sequences of assessments (back-dated, same moment, revised), changes and deletions, whoever
writes them, since a trigger keeps it; and the statement that fills it after a load without the
trigger (the migration, bench/generate.py) gives the same values."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conduct.cases.models import FILL_CURRENT_SEVERITY_SQL
from conduct.cases.services import assess_severity
from conduct.models import Allegation, Severity, SeverityAssessment

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, tzinfo=UTC)

steps = st.lists(
    st.one_of(
        # ("add", allegation 0 or 1, severity, hours from START): a row written directly, as a
        # load or a test fixture would, possibly back-dated or at the same moment as another
        st.tuples(st.just("add"), st.integers(0, 1), st.sampled_from(list(Severity)), st.integers(0, 5)),
        st.tuples(st.just("revise"), st.integers(0, 1), st.sampled_from(list(Severity))),  # the service
        st.tuples(st.just("move"), st.integers(0, 1)),  # an assessment moved to the other allegation
        st.tuples(st.just("redate"), st.integers(0, 1), st.integers(0, 5)),
        st.tuples(st.just("delete"), st.integers(0, 1)),
    ),
    min_size=1,
    max_size=10,
)


def latest(allegation_id):
    row = SeverityAssessment.objects.filter(allegation_id=allegation_id).order_by("-assessed_at", "-id").first()
    return row.severity if row else ""


def apply(step, allegations, user):
    kind, index, *rest = step
    allegation = allegations[index]
    some = SeverityAssessment.objects.filter(allegation=allegation).order_by("?").first()
    if kind == "add":
        severity, hours = rest
        SeverityAssessment.objects.create(
            allegation=allegation,
            severity=severity,
            rationale="A row for the property test.",
            assessed_by=user,
            assessed_at=START + timedelta(hours=hours),
        )
    elif kind == "revise":
        assess_severity(user=user, allegation=allegation, severity=rest[0], rationale="A revision.")
    elif kind == "move" and some:
        some.allegation = allegations[1 - index]
        some.save(update_fields=["allegation"])
    elif kind == "redate" and some:
        some.assessed_at = START + timedelta(hours=rest[0])
        some.save(update_fields=["assessed_at"])
    elif kind == "delete" and some:
        some.delete()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_the_row_always_matches_the_latest_assessment(personas, case, sequence):
    subject = case.subjects.get()
    first = subject.allegations.get()
    second = Allegation.objects.create(
        subject=subject, description="A second allegation", recorded_by=first.recorded_by
    )
    allegations = [first, second]
    for step in sequence:
        apply(step, allegations, personas.investigator)
        for allegation in allegations:
            assert Allegation.objects.get(pk=allegation.pk).current_severity == latest(allegation.pk), step
    SeverityAssessment.objects.filter(allegation__in=allegations).delete()
    second.delete()


def test_the_fill_statement_gives_what_the_trigger_keeps(personas, case):
    allegation = case.subjects.get().allegations.get()
    assess_severity(user=personas.investigator, allegation=allegation, severity=Severity.MISCONDUCT, rationale="First.")
    assess_severity(user=personas.investigator, allegation=allegation, severity=Severity.GROSS, rationale="Revised.")
    Allegation.objects.filter(pk=allegation.pk).update(current_severity="")  # as after a load with triggers off
    with connection.cursor() as cursor:
        cursor.execute(FILL_CURRENT_SEVERITY_SQL)
    assert Allegation.objects.get(pk=allegation.pk).current_severity == Severity.GROSS


def test_the_kept_value_is_no_history_of_its_own(personas, case):
    """The assessments carry the history; the allegation's own history gains no row when assessed."""
    allegation = case.subjects.get().allegations.get()
    before = allegation.events.count()
    assess_severity(user=personas.investigator, allegation=allegation, severity=Severity.GROSS, rationale="Serious.")
    assert allegation.events.count() == before
