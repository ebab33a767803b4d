"""Fixtures for the case-page tests: reading a page (stating the s.62 purpose when asked), ivy
signed in, a small register of officers, the URLs of one case's decisions, and three listed cases."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models.cases import Origin
from conduct.cases import services
from conduct.cases.lifecycle import apply_transition
from conduct.models import (
    Allegation,
    Proceedings,
    Stage,
)
from tests.factories import ForceFactory, PersonFactory, make_case


@pytest.fixture
def read(as_user):
    """GET a case or person page as a user, stating a purpose first when the page asks why (s.62)."""

    def get(user, url):
        client = as_user(user)
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url)
        return response

    return get


@pytest.fixture
def ivy(as_user, personas):
    return as_user(personas.investigator)


@pytest.fixture
def register(home_force):
    """Two officers of the home force and one of another force."""
    met = ForceFactory(code="met", name="Metropolitan Police")
    return {
        "first": PersonFactory(force=home_force, number="1001", first_name="Ann", last_name="Archer"),
        "second": PersonFactory(force=home_force, number="1002", first_name="Ben", last_name="Brook"),
        "met": PersonFactory(force=met, number="2002", first_name="Cat", last_name="Carver"),
    }


@pytest.fixture
def case_urls(case):
    subject = case.subjects.get()
    allegation = Allegation.objects.get(subject=subject)
    return {
        "detail": reverse("case-detail", args=[case.reference]),
        "severity": reverse("assess-severity", args=[case.reference, allegation.pk]),
        "transition": reverse("subject-transition", args=[case.reference, subject.pk, "no_further_action"]),
        "close": reverse("case-close", args=[case.reference]),
    }


@pytest.fixture
def listed(personas, team, other_team, home_force, put_at):
    """Three cases with different origins, stages, categories, teams, subjects and summaries."""
    alice = PersonFactory(force=home_force, number="5001", first_name="Alice", last_name="Smith")
    bob = PersonFactory(force=home_force, number="5002", first_name="Bob", last_name="Jones")
    cara = PersonFactory(force=home_force, number="5003", first_name="Cara", last_name="Patel")
    public = make_case(
        personas.investigator,
        team,
        [alice, PersonFactory(force=home_force, first_name="Dan", last_name="Doyle")],
        origin=Origin.PUBLIC_COMPLAINT,
        categories=("sexual-misconduct",),
        summary="Officer shouted at cyclists near the station",
        received_on=timezone.localdate() - timedelta(days=1),
    )
    internal = make_case(
        personas.investigator,
        team,
        [bob],
        origin=Origin.INTERNAL_REPORT,
        categories=("discrimination",),
        summary="Offensive messages in a group chat",
        received_on=timezone.localdate() - timedelta(days=2),
    )
    put_at(Proceedings.objects.get(subject__case=internal), Stage.INVESTIGATION)
    closed = make_case(
        personas.investigator_other_team,
        other_team,
        [cara],
        categories=("social-media",),
        summary="Posted photographs of a crime scene online",
        received_on=timezone.localdate() - timedelta(days=3),
    )
    apply_transition(
        user=personas.investigator_other_team,
        proceedings=Proceedings.objects.get(subject__case=closed),
        action="no_further_action",
        reason="Photographs were the officer's own",
    )
    services.close_case(user=personas.investigator_other_team, case=closed, reason="Concluded")
    return {"public": public, "internal": internal, "closed": closed}
