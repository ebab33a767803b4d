"""Fixtures for records management: a closed case (with a complainant) old enough to be reviewed,
and a helper that closes a case on a given day (a queryset update: no workflow is exercised)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from casework.models import Case, ComplainantContact
from casework.models.cases import CaseStatus
from conduct.models import Allegation
from tests.factories import PersonFactory, make_case

SEVEN_YEARS_AGO = timedelta(days=7 * 366)


@pytest.fixture
def close():
    def close_case(case, on: datetime, user):
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=on, closed_by=user)
        case.refresh_from_db()
        return case

    return close_case


@pytest.fixture
def old_case(personas, team, officer, close):
    """Dana Whitlock's case, closed seven years ago, with a complainant and a co-subject."""
    co_subject = PersonFactory(force=officer.force, number="9876", first_name="Rowan", last_name="Coldwell")
    case = make_case(
        personas.investigator,
        team,
        [officer, co_subject],
        summary="Comments made in a group chat about a colleague",
        description="Posted offensive messages in the shift group chat",
    )
    Allegation.objects.filter(subject__case=case).update(location="Central station")
    Allegation.objects.filter(subject__person=co_subject).update(description="Forwarded the chat to a journalist")
    Case.objects.filter(pk=case.pk).update(complainant_name="Jo Bloggs")
    ComplainantContact.objects.create(case=case, email="jo.bloggs@example.org", address="1 High Street")
    return close(case, timezone.now() - SEVEN_YEARS_AGO, personas.investigator)
