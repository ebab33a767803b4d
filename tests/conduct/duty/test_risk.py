"""Who is at risk (issue 20, points 1 and 2): public-facing is the role's, recorded on each duty
decision and status period; criminal means under investigation, charged or convicted; the
sexual-misconduct/DA/VAWG list reads the categories' flag; recording any of these against
someone on public-facing duty starts the "duty decision due" clock, and any reasoned decision
that takes effect meets it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import Deadline, DeadlineState, DutyStatus, DutyStatusEntry
from casework.services import change_duty_status
from conduct.cases import services
from conduct.cases.sexual import sync_category
from conduct.duty import risk
from conduct.duty import selectors as queries
from conduct.duty import services as duty
from conduct.duty.checks import DutyRefused
from conduct.duty.services import DecisionTerms
from conduct.models import AllegationCategory, ClockRule, CriminalInvestigation, DutyDecision, DutyKind, Standard
from tests.case_sections import section_url
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SEXUAL_OR_VAWG = {
    "sexual-misconduct",
    "abuse-of-position-sexual",
    "domestic-abuse",
    "serious-sexual-offence",
    "vawg",
}


def record(personas, team, person, *, categories=("other",), criminal="none", status=None, public_facing=None):
    """A case with one allegation against `person`, who is first put on `status` (if given)."""
    if status is not None:
        change_duty_status(
            user=personas.admin,
            person=person,
            status=status,
            public_facing=public_facing,
            starts_on=TODAY() - timedelta(days=30),
            reason="HR",
        )
    allegation = services.AllegationInput(
        description="Offensive messages in a group chat",
        standards=list(Standard.objects.filter(name="Discreditable conduct")),
        categories=list(AllegationCategory.objects.filter(code__in=categories)),
        criminal_investigation=criminal,
    )
    case = services.record_case(
        user=personas.investigator,
        details={
            "origin": "conduct_matter",
            "received_on": TODAY(),
            "how_received": "internal",
            "summary": "A matter recorded for a test",
            "team": team,
        },
        contact=None,
        subjects=[services.SubjectInput(person=person, allegations=[allegation])],
    )
    return case.subjects.select_related("person", "case").get()


def listed(user, rows) -> set:
    return {row.person_id for row in rows(user)}


def decision_clock(subject):
    return Deadline.objects.filter(case=subject.case, person=subject.person, kind=risk.DUTY_DECISION_DUE)


# Point 1: the lists -----------------------------------------------------------------------
def test_a_convicted_officer_on_full_duty_is_listed(personas, team, officer):
    record(personas, team, officer, criminal=CriminalInvestigation.CONVICTED, status=DutyStatus.FULL)
    assert officer.pk in listed(personas.head, queries.criminal_on_public_duty)
    assert queries.risk_counts(personas.head)["criminal"] == 1


@pytest.mark.parametrize(
    ("criminal", "counted"),
    [("open", True), ("charged", True), ("convicted", True), ("nfa", False), ("acquitted", False), ("none", False)],
)
def test_the_criminal_list_is_investigated_charged_or_convicted(personas, team, officer, criminal, counted):
    record(personas, team, officer, criminal=criminal)
    assert (officer.pk in listed(personas.head, queries.criminal_on_public_duty)) is counted


def test_a_restricted_but_public_facing_officer_with_a_sexual_misconduct_allegation_is_listed(personas, team):
    facing, back_office = PersonFactory(), PersonFactory()
    for person, public_facing in [(facing, True), (back_office, False)]:
        record(
            personas,
            team,
            person,
            categories=("sexual-misconduct",),
            status=DutyStatus.RESTRICTED,
            public_facing=public_facing,
        )
    assert listed(personas.head, queries.sexual_on_public_facing) == {facing.pk}


@pytest.mark.parametrize("status", [DutyStatus.SUSPENDED, DutyStatus.NON_PUBLIC_FACING, DutyStatus.LEFT])
def test_off_public_duty_is_not_listed(personas, team, officer, status):
    record(personas, team, officer, categories=("domestic-abuse",), criminal="open", status=status)
    assert not listed(personas.head, queries.sexual_on_public_facing)
    assert not listed(personas.head, queries.criminal_on_public_duty)


def test_the_seeded_flags_are_the_ones_asked_for():
    assert set(AllegationCategory.objects.filter(sexual_or_vawg=True).values_list("code", flat=True)) == SEXUAL_OR_VAWG
    assert set(AllegationCategory.objects.filter(possibly_discriminatory=True).values_list("code", flat=True)) == {
        "social-media"
    }
    assert list(Standard.objects.filter(possibly_discriminatory=True).values_list("name", flat=True)) == [
        "Equality and diversity"
    ]


@pytest.mark.parametrize("code", sorted(SEXUAL_OR_VAWG))
def test_each_flagged_category_counts(personas, team, officer, code):
    record(personas, team, officer, categories=(code,))
    assert listed(personas.head, queries.sexual_on_public_facing) == {officer.pk}


def test_the_flag_is_data_an_administrator_changes(personas, team, officer):
    record(personas, team, officer, categories=("use-of-force",))
    assert not listed(personas.head, queries.sexual_on_public_facing)
    category = AllegationCategory.objects.get(code="use-of-force")
    category.sexual_or_vawg = True
    category.save()
    sync_category(category)  # what the category's admin change form does (conduct.cases.admin)
    assert listed(personas.head, queries.sexual_on_public_facing) == {officer.pk}


def test_the_periods_answer_is_fixed_where_the_status_fixes_it(personas, officer):
    # The service applies the status's answer; the database refuses a contradiction anyway.
    entry = change_duty_status(
        user=personas.admin,
        person=officer,
        status=DutyStatus.SUSPENDED,
        public_facing=True,
        starts_on=TODAY(),
        reason="x",
    )
    assert entry.public_facing is False
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyStatusEntry.objects.filter(pk=entry.pk).update(public_facing=True)


def restriction(subject, **overrides):
    values = {
        "kind": DutyKind.RESTRICT,
        "allegations": list(subject.allegations.all()),
        "rationale": "Front counter only with a supervisor present.",
    }
    values.update(overrides)
    return DecisionTerms(**values)


def test_a_restriction_asks_whether_the_role_faces_the_public(personas, team, officer):
    subject = record(personas, team, officer, categories=("sexual-misconduct",))
    with pytest.raises(DutyRefused, match="faces the public") as refusal:
        duty.propose(user=personas.investigator, subject=subject, terms=restriction(subject))
    assert refusal.value.field == "public_facing"


def test_a_public_facing_restriction_keeps_them_on_the_list_a_back_office_one_takes_them_off(personas, team, officer):
    subject = record(personas, team, officer, categories=("sexual-misconduct",))
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=restriction(subject, public_facing=True))
    duty.approve(user=personas.authority, decision=proposal, reasons="Agreed.", effective_on=TODAY())
    entry = DutyStatusEntry.objects.filter(person=officer).latest("id")
    assert (entry.status, entry.public_facing) == (DutyStatus.RESTRICTED, True)
    assert listed(personas.head, queries.sexual_on_public_facing) == {officer.pk}
    # ... and no longer needs action: a decision is in force.
    assert not queries.without_decision(queries.sexual_on_public_facing(personas.head)).exists()

    proposal = duty.propose(
        user=personas.investigator,
        subject=subject,
        terms=restriction(subject, kind=DutyKind.REDEPLOY, public_facing=False),
    )
    duty.approve(user=personas.authority, decision=proposal, reasons="Moved.", effective_on=TODAY())
    assert not listed(personas.head, queries.sexual_on_public_facing)


def test_the_decisions_answer_is_fixed_by_its_kind_in_the_database(personas, team, officer):
    subject = record(personas, team, officer, categories=("sexual-misconduct",))
    proposal = duty.propose(
        user=personas.investigator,
        subject=subject,
        terms=restriction(subject, kind=DutyKind.NON_PUBLIC_FACING, public_facing=True),  # cleaned to False
    )
    assert proposal.public_facing is False
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyDecision.objects.filter(pk=proposal.pk).update(public_facing=True)


# Point 2: the deadline to decide ----------------------------------------------------------
def test_the_clock_rule_is_data_with_its_source():
    rule = ClockRule.objects.get(code=risk.DUTY_DECISION_DUE)
    assert (rule.amount, rule.unit, rule.status) == (2, "working_days", "to_confirm")
    assert "Force policy" in rule.source and "reg 11(4)" in rule.source


@pytest.mark.parametrize(
    ("categories", "criminal"),
    [(("other",), "open"), (("other",), "charged"), (("other",), "convicted")]
    + [((code,), "none") for code in sorted(SEXUAL_OR_VAWG)],
)
def test_the_clock_starts_on_each_trigger(personas, team, officer, categories, criminal):
    subject = record(personas, team, officer, categories=categories, criminal=criminal)
    clock = decision_clock(subject).get()
    assert clock.state == DeadlineState.OPEN and clock.starts_on == TODAY()
    assert clock.source_rule["code"] == risk.DUTY_DECISION_DUE


def test_no_clock_without_a_trigger_or_off_public_duty(personas, team):
    quiet = record(personas, team, PersonFactory(), categories=("use-of-force",), criminal="nfa")
    suspended = record(personas, team, PersonFactory(), criminal="open", status=DutyStatus.SUSPENDED)
    back_office = record(
        personas,
        team,
        PersonFactory(),
        categories=("vawg",),
        status=DutyStatus.REDEPLOYED,
        public_facing=False,
    )
    for subject in (quiet, suspended, back_office):
        assert not decision_clock(subject).exists()


def full_duties(subject):
    return DecisionTerms(
        kind=DutyKind.FULL_DUTIES,
        allegations=list(subject.allegations.all()),
        rationale="Stays on duty, because the messages predate joining and the force has checked since.",
    )


@pytest.mark.parametrize(
    "terms",
    [
        lambda s: full_duties(s),
        lambda s: restriction(s, public_facing=True),
        lambda s: restriction(s, kind=DutyKind.REDEPLOY, public_facing=False),
        lambda s: restriction(s, kind=DutyKind.NON_PUBLIC_FACING),
        lambda s: DecisionTerms(
            kind=DutyKind.SUSPEND,
            allegations=list(s.allegations.all()),
            redeployment_considered_reason="No post away from the public.",
            ground="public_interest",
            ground_reasoning="Charged with an offence against a woman.",
        ),
    ],
    ids=["full-duties", "restrict", "redeploy", "non-public-facing", "suspend"],
)
def test_each_decision_meets_the_clock(personas, team, officer, terms):
    subject = record(personas, team, officer, criminal="charged")
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=terms(subject))
    assert decision_clock(subject).get().state == DeadlineState.OPEN  # a proposal is not yet a decision
    duty.approve(user=personas.authority, decision=proposal, reasons="Considered.", effective_on=TODAY())
    assert decision_clock(subject).get().state == DeadlineState.MET


def test_an_urgent_suspension_meets_it(personas, team, officer):
    subject = record(personas, team, officer, categories=("domestic-abuse",))
    duty.suspend_urgently(
        user=personas.authority,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.SUSPEND,
            allegations=list(subject.allegations.all()),
            redeployment_considered_reason="No post away from the public.",
            ground="both",
            ground_reasoning="Arrested today.",
        ),
        reasons="Could not wait.",
        told_on=TODAY(),
    )
    assert decision_clock(subject).get().state == DeadlineState.MET


def test_a_charge_after_a_decision_asks_for_a_new_one(personas, team, officer):
    subject = record(personas, team, officer, criminal="open")
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=full_duties(subject))
    duty.approve(user=personas.authority, decision=proposal, reasons="Considered.", effective_on=TODAY())
    allegation = subject.allegations.get()
    risk.record_criminal_status(user=personas.investigator, allegation=allegation, status="charged")
    states = list(decision_clock(subject).order_by("id").values_list("state", flat=True))
    assert states == [DeadlineState.MET, DeadlineState.OPEN]
    # No further action ends the criminal risk: no new clock.
    risk.record_criminal_status(user=personas.investigator, allegation=allegation, status="nfa")
    assert decision_clock(subject).filter(state=DeadlineState.OPEN).count() == 1
    assert officer.pk not in listed(personas.head, queries.criminal_on_public_duty)


def test_only_the_case_team_records_the_criminal_side(personas, team, officer):
    subject = record(personas, team, officer)
    with pytest.raises(DutyRefused):
        risk.record_criminal_status(
            user=personas.investigator_other_team, allegation=subject.allegations.get(), status="charged"
        )
    assert not decision_clock(subject).exists()


def test_the_case_team_records_a_charge_through_the_page(personas, team, officer, as_user):
    from django.urls import reverse

    subject = record(personas, team, officer, criminal="open")
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=full_duties(subject))
    duty.approve(user=personas.authority, decision=proposal, reasons="Considered.", effective_on=TODAY())
    ivy = as_user(personas.investigator)
    url = reverse("duty-criminal-status", args=[subject.case.reference, subject.pk])
    assert url in ivy.get(section_url(subject.case, "duty")).content.decode()
    allegation = subject.allegations.get()
    response = ivy.post(url, {"allegation": allegation.pk, "status": "open"})
    assert response.status_code == 200 and "That is already recorded" in response.content.decode()
    assert ivy.post(url, {"allegation": allegation.pk, "status": "charged"}).status_code == 302
    assert decision_clock(subject).filter(state=DeadlineState.OPEN).count() == 1
    assert as_user(personas.investigator_other_team).get(url).status_code == 404


def test_a_period_starting_later_does_not_change_today(personas, team):
    """The person row carries the latest period; when it starts in the future, today's answer is
    the timeline's (the lists read the row only for periods already started)."""
    on_duty_until_later, off_until_later = PersonFactory(), PersonFactory()
    for person, now, later in [
        (on_duty_until_later, DutyStatus.FULL, DutyStatus.SUSPENDED),
        (off_until_later, DutyStatus.SUSPENDED, DutyStatus.FULL),
    ]:
        record(personas, team, person, criminal="open", status=now)
        change_duty_status(
            user=personas.admin, person=person, status=later, starts_on=TODAY() + timedelta(days=10), reason="Later"
        )
    assert listed(personas.head, queries.criminal_on_public_duty) == {on_duty_until_later.pk}
