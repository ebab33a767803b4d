"""Cross-force subjects (issue 20, point 1): another force's duty decision, recorded on a link to
that force's case (append-only, attributed), counts in the risk lists when known ("Decision by
<force>"); without one they are counted as public-facing ("Other force: decision not known")."""

from datetime import timedelta

import pytest
from django.db import ProgrammingError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import CaseLink, DutyStatus
from conduct.duty import other_forces
from conduct.duty import selectors as duty_queries
from conduct.duty.checks import DutyRefused
from conduct.models import OtherForceDecision
from tests.conduct.duty.test_risk import record
from tests.factories import ForceFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def north():
    return ForceFactory(code="north", name="Northshire Police")


@pytest.fixture
def subject(personas, team, north):
    """A Northshire officer, convicted, on a case here linked to Northshire's case."""
    return record(personas, team, PersonFactory(force=north), criminal="convicted")


@pytest.fixture
def link(personas, subject, north):
    return CaseLink.objects.create(
        case=subject.case,
        other_force=north,
        other_reference="NP-2026-77",
        kind="same_incident",
        reason="The same group chat.",
        created_by=personas.investigator,
    )


def decide(personas, link, subject, status, public_facing=None, **overrides):
    fields = {
        "user": personas.investigator,
        "link": link,
        "subject": subject,
        "duty_status": status,
        "public_facing": public_facing,
        "decided_by": "Ch Supt A. Reid, Northshire appropriate authority",
        "decided_on": TODAY() - timedelta(days=1),
        "source": "Email from Northshire PSD, 5 December",
    }
    fields.update(overrides)
    return other_forces.record_other_force_decision(**fields)


def on_list(personas):
    return {row.person_id for row in duty_queries.criminal_on_public_duty(personas.head)}


def undecided(personas):
    return {row.person_id for row in duty_queries.without_decision(duty_queries.criminal_on_public_duty(personas.head))}


def test_unknown_then_known_decisions_count(personas, subject, link):
    person = subject.person_id
    assert person in on_list(personas) and person in undecided(personas)  # decision not known: counted
    decide(personas, link, subject, DutyStatus.SUSPENDED)
    assert person not in on_list(personas)  # suspended by their force: not public-facing
    decide(personas, link, subject, DutyStatus.RESTRICTED, public_facing=True, decided_on=TODAY())
    assert person in on_list(personas)  # the latest: restricted in a public-facing role
    assert person not in undecided(personas)  # ... but decided, by their own force
    assert OtherForceDecision.objects.filter(subject=subject).count() == 2  # appended


def test_the_list_shows_the_other_forces_decision(personas, subject, link, as_user):
    url = reverse("suspension-risk") + "?list=criminal"
    page = as_user(personas.head).get(url).content.decode()
    assert "Other force: decision not known" in page
    decide(personas, link, subject, DutyStatus.FULL)
    page = as_user(personas.head).get(url).content.decode()
    assert "Decision by Northshire Police" in page and "Other force: decision not known" not in page


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"duty_status": DutyStatus.RESTRICTED}, "public_facing"),
        ({"decided_by": "  "}, "decided_by"),
        ({"source": ""}, "source"),
        ({"decided_on": None}, "decided_on"),
        ({"duty_status": "sacked"}, "duty_status"),
    ],
)
def test_refusals_change_nothing(personas, subject, link, overrides, field):
    status = overrides.pop("duty_status", DutyStatus.FULL)
    with pytest.raises(DutyRefused) as refused:
        decide(personas, link, subject, status, **overrides)
    assert refused.value.field == field
    assert not OtherForceDecision.objects.exists()


def test_only_that_forces_people_on_an_external_link(personas, team, subject, link):
    ours = record(personas, team, PersonFactory())  # another force, not Northshire
    with pytest.raises(DutyRefused):
        decide(personas, link, ours, DutyStatus.FULL)
    future = TODAY() + timedelta(days=1)
    with pytest.raises(DutyRefused):
        decide(personas, link, subject, DutyStatus.FULL, decided_on=future)
    with pytest.raises(DutyRefused):
        decide(personas, link, subject, DutyStatus.FULL, user=personas.investigator_other_team)


def test_append_only(personas, subject, link):
    decision = decide(personas, link, subject, DutyStatus.SUSPENDED)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        OtherForceDecision.objects.filter(pk=decision.pk).update(duty_status=DutyStatus.FULL)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        OtherForceDecision.objects.filter(pk=decision.pk).delete()
    assert OtherForceDecision.objects.get(pk=decision.pk).duty_status == DutyStatus.SUSPENDED


def test_the_page_from_the_case_page_records_a_decision(personas, subject, link, as_user):
    client = as_user(personas.investigator)
    case_page = client.get(subject.case.get_absolute_url()).content.decode()
    url = reverse("duty-other-force", args=[subject.case.reference, link.pk])
    assert url in case_page and 'data-testid="other-force-panel"' in case_page
    bad = client.post(url, {"subject": subject.pk, "duty_status": "restricted", "decided_by": "x", "source": "y"})
    assert bad.status_code == 200 and not OtherForceDecision.objects.exists()
    assert "Enter the date it was decided" in bad.content.decode()
    day = TODAY() - timedelta(days=2)
    response = client.post(
        url,
        {
            "subject": subject.pk,
            "duty_status": "restricted",
            "public_facing": "no",
            "decided_by": "Supt B. Khan",
            "decided_on": day.strftime("%d/%m/%Y"),
            "source": "Phone call from Northshire PSD",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = OtherForceDecision.objects.get()
    assert (decision.duty_status, decision.public_facing, decision.recorded_by) == (
        "restricted",
        False,
        personas.investigator,
    )
    assert "Supt B. Khan" in client.get(url).content.decode()


def test_the_export_names_the_other_forces_decision(personas, subject, link, as_user):
    decide(personas, link, subject, DutyStatus.RESTRICTED, public_facing=True)
    response = as_user(personas.head).get(reverse("suspension-risk-export") + "?list=criminal")
    text = b"".join(response.streaming_content).decode()
    assert "other force's decision" in text.splitlines()[0]
    assert "Decision by Northshire Police: Restricted duties, public-facing role" in text
