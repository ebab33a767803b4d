"""A public complaint recorded through the intake service, with the complainant's contact."""

import pytest
from django.utils import timezone

from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.cases.route_decisions import RouteInput
from conduct.models import AllegationCategory, Standard


@pytest.fixture
def record_complaint(personas, team, officer):
    def record(*, email="jo.bloggs@example.org", address="1 Mill Lane\nLeeds LS1 4AB", person=None, **route):
        route = {"matter_type": "complaint", "handling": "investigation", **route}
        allegation = services.AllegationInput(
            description="Searched my car without explaining why",
            standards=list(Standard.objects.filter(name="Discreditable conduct")),
            categories=list(AllegationCategory.objects.filter(code="other")),
        )
        return services.record_case(
            user=personas.investigator,
            details={
                "origin": Origin.PUBLIC_COMPLAINT,
                "received_on": timezone.localdate(),
                "how_received": HowReceived.ONLINE,
                "summary": "Complaint about a stop and search",
                "complainant_name": "Jo Bloggs",
                "team": team,
            },
            contact={"email": email, "telephone": "", "address": address},
            subjects=[services.SubjectInput(person=person or officer, allegations=[allegation])],
            route=RouteInput(**route),
        )

    return record


@pytest.fixture
def complaint(record_complaint):
    return record_complaint()
