import pytest

from casework.models import Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services


@pytest.fixture
def case(personas):
    """A case of Team A (Ivy's), normal sensitivity, with one subject: Gary Mills."""
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    person = Person.objects.create(
        force=force, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    return services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=person)],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": "2026-10-01",
            "how_received": HowReceived.EMAIL,
            "summary": "Test matter",
            "complainant_name": "",
            "sensitivity": "normal",
            "team": team,
            "investigator": None,
        },
    )
