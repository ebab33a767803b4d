"""Fixtures for the conduct tests: a home force, ivy's team, a case owned by it, and helpers
that put a subject straight into a stage (a queryset update, so no transition is recorded)."""

import pytest

from conduct.cases import services
from conduct.models import Proceedings
from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case


@pytest.fixture
def home_force(db):
    return ForceFactory(code="home", name="Home Constabulary", is_home=True)


@pytest.fixture
def team(personas):
    return TeamFactory(name="Team Ivy", members=[personas.investigator])


@pytest.fixture
def other_team(personas):
    return TeamFactory(name="Team Tom", members=[personas.investigator_other_team])


@pytest.fixture
def officer(home_force):
    return PersonFactory(force=home_force, number="4321", first_name="Dana", last_name="Whitlock")


@pytest.fixture
def case(personas, team, officer):
    return make_case(personas.investigator, team, [officer], summary="Comments made in a group chat")


@pytest.fixture
def proceedings(case):
    return Proceedings.objects.get(subject__case=case)


@pytest.fixture
def put_at():
    """Put proceedings directly in a stage (and any other field), bypassing the lifecycle."""

    def put(proceedings, stage, **fields):
        Proceedings.objects.filter(pk=proceedings.pk).update(stage=stage, **fields)
        proceedings.refresh_from_db()
        return proceedings

    return put


@pytest.fixture
def assess(personas):
    """Record a severity assessment of an allegation as ivy."""

    def assess_one(allegation, severity, rationale="Rationale for the assessment"):
        return services.assess_severity(
            user=personas.investigator, allegation=allegation, severity=severity, rationale=rationale
        )

    return assess_one


@pytest.fixture
def as_user(client):
    """Sign the test client in as a user; returns the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
