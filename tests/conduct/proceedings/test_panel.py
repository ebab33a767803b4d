"""Who may sit (Conduct Regs reg 28 and reg 2(4A), as amended by SI 2024/521): the chair by
delegation recorded, two independent members and the adviser, the meeting's rank rule, and
nobody involved in the case (refused with the reason)."""

from datetime import date

import pytest
from django.db import DatabaseError, transaction

from conduct.models import PanelAppointment, PanelRole
from conduct.proceedings import panel
from conduct.proceedings.panel import PanelRefused
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
WHY = "Available and independent of the case."


def appoint(personas, proceedings, role, **fields):
    return panel.appoint(user=personas.authority, proceedings=proceedings, role=role, reasons=WHY, **fields)


def full_panel(personas, hearing, people):
    appoint(personas, hearing, PanelRole.CHAIR, person=people["chief"])
    appoint(personas, hearing, PanelRole.INDEPENDENT_MEMBER, name="Samuel Okafor")
    appoint(personas, hearing, PanelRole.INDEPENDENT_MEMBER, name="Ruth Evans")
    appoint(personas, hearing, PanelRole.LEGAL_ADVISER, name="Anna Patel")


def test_the_chief_officer_chairs_without_a_delegation_and_the_panel_is_complete(personas, hearing, people):
    assert panel.missing_seats(hearing) == [
        "Chair of the hearing panel",
        "Independent panel member",
        "Independent panel member",
        "Legally qualified adviser",
    ]
    full_panel(personas, hearing, people)
    assert panel.missing_seats(hearing) == []
    chair = PanelAppointment.objects.get(proceedings=hearing, role=PanelRole.CHAIR)
    assert (chair.person, chair.delegated_by, chair.appointed_by) == (people["chief"], None, personas.authority)


def test_a_senior_officer_chairs_only_by_a_recorded_delegation(personas, hearing, people):
    with pytest.raises(PanelRefused, match="Record the delegation"):
        appoint(personas, hearing, PanelRole.CHAIR, person=people["acc"])
    with pytest.raises(PanelRefused, match="when the chief officer delegated"):
        appoint(personas, hearing, PanelRole.CHAIR, person=people["acc"], delegated_by=people["chief"])
    chair = appoint(
        personas,
        hearing,
        PanelRole.CHAIR,
        person=people["acc"],
        delegated_by=people["chief"],
        delegated_on=date(2026, 12, 22),
        delegation_reasons="The chief constable is a witness to the events.",
    )
    chair.refresh_from_db()
    assert (chair.delegated_by, chair.delegated_on) == (people["chief"], date(2026, 12, 22))
    assert chair.delegation_reasons == "The chief constable is a witness to the events."


def test_a_delegation_must_come_from_the_chief_officer(personas, hearing, people):
    with pytest.raises(PanelRefused, match="chief officer who delegated"):
        appoint(
            personas,
            hearing,
            PanelRole.CHAIR,
            person=people["acc"],
            delegated_by=people["superintendent"],
            delegated_on=date(2026, 12, 22),
            delegation_reasons="Reasons.",
        )


def test_below_senior_rank_cannot_chair_a_hearing(personas, hearing, people):
    with pytest.raises(PanelRefused, match="assistant chief constable or above"):
        appoint(
            personas,
            hearing,
            PanelRole.CHAIR,
            person=people["superintendent"],
            delegated_by=people["chief"],
            delegated_on=date(2026, 12, 22),
            delegation_reasons="Reasons.",
        )


def test_two_independent_members_at_most_and_a_replacement_is_a_new_decision(personas, hearing, people):
    full_panel(personas, hearing, people)
    with pytest.raises(PanelRefused, match="already appointed"):
        appoint(personas, hearing, PanelRole.INDEPENDENT_MEMBER, name="A Third Member")
    first = PanelAppointment.objects.get(proceedings=hearing, name="Samuel Okafor")
    replacement = appoint(personas, hearing, PanelRole.INDEPENDENT_MEMBER, name="Grace Hall", replaces=first)
    names = {row.display_name for row in panel.current(hearing)}
    assert "Grace Hall" in names and "Samuel Okafor" not in names
    assert replacement.replaces == first and PanelAppointment.objects.filter(pk=first.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic():  # append-only: never edited
        PanelAppointment.objects.filter(pk=first.pk).update(name="Someone else")


def test_the_investigator_cannot_sit(personas, hearing, case, home_force):
    case.investigator = personas.investigator
    case.save(update_fields=["investigator"])
    ivy = PersonFactory(force=home_force, email=personas.investigator.email, rank=None)
    with pytest.raises(PanelRefused, match="investigator"):
        appoint(personas, hearing, PanelRole.PRESENTING, person=ivy)


def test_who_decided_the_case_to_answer_or_assessed_severity_cannot_sit(personas, hearing, home_force):
    alex = personas.authority
    decided = PersonFactory(force=home_force, first_name=alex.first_name, last_name=alex.last_name)
    with pytest.raises(PanelRefused, match="decided the case to answer"):
        appoint(personas, hearing, PanelRole.PRESENTING, person=decided)
    ivy = personas.investigator
    with pytest.raises(PanelRefused, match="severity assessment"):
        appoint(personas, hearing, PanelRole.INDEPENDENT_MEMBER, name=ivy.get_full_name())


def test_a_declared_conflict_is_recorded_with_reasons_and_refuses_the_appointment(personas, hearing, people):
    with pytest.raises(PanelRefused, match="reasons"):
        panel.declare_conflict(user=personas.investigator, proceedings=hearing, person=people["chief"], reasons=" ")
    conflict = panel.declare_conflict(
        user=personas.investigator, proceedings=hearing, person=people["chief"], reasons="Line manager of the officer."
    )
    assert conflict.recorded_by == personas.investigator
    with pytest.raises(PanelRefused, match="Line manager of the officer"):
        appoint(personas, hearing, PanelRole.CHAIR, person=people["chief"])
    assert not PanelAppointment.objects.filter(proceedings=hearing).exists()


def test_the_officer_concerned_cannot_sit(personas, hearing, officer):
    with pytest.raises(PanelRefused, match="their own proceedings"):
        appoint(personas, hearing, PanelRole.PRESENTING, person=officer)


def test_a_meeting_is_conducted_by_someone_at_least_one_rank_higher(personas, meeting, people):
    with pytest.raises(PanelRefused, match="at least one rank higher"):
        appoint(personas, meeting, PanelRole.PERSON_CONDUCTING, person=people["constable"])
    with pytest.raises(PanelRefused, match="has no"):
        appoint(personas, meeting, PanelRole.CHAIR, person=people["chief"])
    with pytest.raises(PanelRefused, match="more senior"):
        appoint(personas, meeting, PanelRole.PERSON_CONDUCTING, person=people["staff"])
    row = appoint(personas, meeting, PanelRole.PERSON_CONDUCTING, person=people["inspector"])
    assert panel.missing_seats(meeting) == [] and row.person == people["inspector"]


def test_no_panel_before_the_referral(personas, proceedings, people):
    with pytest.raises(PanelRefused, match="referred to a meeting or hearing"):
        appoint(personas, proceedings, PanelRole.CHAIR, person=people["chief"])
