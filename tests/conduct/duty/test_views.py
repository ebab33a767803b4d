"""Duty-decision pages: who may see and do what (outsiders get 404), the forms' messages, the
manager, risk and consistency views with their bounded query counts, the CSV exports (logged as
consultations), the home-page counts and the section on the case page."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import CaseLink, Consultation, DutyStatus, ObjectKind, Person
from casework.models.cases import LinkKind
from casework.services import change_duty_status
from conduct.cases import changes, services
from conduct.cases.criminal import sync_criminal_flag
from conduct.duty import reviews as duty_reviews
from conduct.duty import services as duty
from conduct.duty.services import DecisionTerms
from conduct.models import (
    AllegationCategory,
    CriminalInvestigation,
    DecisionState,
    DutyDecision,
    DutyKind,
    Referral,
    ReferralMethod,
    ReferralState,
    Stage,
)
from conduct.referrals import services as referrals
from tests.case_sections import section_url
from tests.factories import ForceFactory, PersonFactory, make_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def read(as_user):
    """GET a page as a user, stating a purpose first when the page asks why (s.62)."""

    def get(user, url, **params):
        client = as_user(user)
        response = client.get(url, params)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url, params)
        return response

    return get


@pytest.fixture
def subject(case, personas):
    subject = case.subjects.select_related("person", "case").get()
    subject.allegations.update(criminal_investigation=CriminalInvestigation.OPEN)
    sync_criminal_flag(subject)  # a shortcut past the services: the subject's flag set as they would
    change_duty_status(
        user=personas.admin,
        person=subject.person,
        status=DutyStatus.FULL,
        starts_on=TODAY() - timedelta(days=400),
        reason="HR",
    )
    return subject


def suspension_post(subject, **overrides):
    data = {
        "kind": DutyKind.SUSPEND,
        "allegations": [str(a.pk) for a in subject.allegations.all()],
        "redeployment_considered_reason": "No post away from the witnesses.",
        "ground": "public_interest",
        "ground_reasoning": "Racist and misogynistic messages under criminal investigation.",
        "rationale": "",
        "conditions": "Not to contact witnesses.",
    }
    data.update(overrides)
    return data


def terms(subject, kind=DutyKind.SUSPEND, **overrides):
    values = {
        "kind": kind,
        "allegations": list(subject.allegations.all()),
        "redeployment_considered_reason": "No post away from the witnesses.",
        "ground": "investigation_prejudiced",
        "ground_reasoning": "Witnesses are colleagues.",
        "rationale": "Back office only.",
        "public_facing": False,
    }
    values.update(overrides)
    return DecisionTerms(**values)


def proposed(personas, subject, kind=DutyKind.SUSPEND):
    return duty.propose(user=personas.investigator, subject=subject, terms=terms(subject, kind))


def suspended(personas, subject):
    return duty.approve(
        user=personas.authority, decision=proposed(personas, subject), reasons="Agreed.", effective_on=TODAY()
    )


# Proposing --------------------------------------------------------------------------------
def test_the_investigator_proposes_from_the_case_page(as_user, personas, subject):
    ivy = as_user(personas.investigator)
    page = ivy.get(section_url(subject.case, "duty")).content.decode()
    url = reverse("duty-propose", args=[subject.case.reference, subject.pk])
    assert url in page and 'data-testid="duty-missing"' in page  # under criminal investigation, no decision
    assert ivy.get(url).status_code == 200
    response = ivy.post(url, suspension_post(subject))
    decision = DutyDecision.objects.get()
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert decision.state == DecisionState.PROPOSED and decision.proposed_by == personas.investigator


SUSPENSION_REASONING = ("redeployment_considered_reason", "ground", "ground_reasoning")
HIDDEN_REVEAL = '<div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-id_kind">'
SHOWN_REVEAL = '<div class="govuk-radios__conditional" id="conditional-id_kind">'


def test_the_suspension_reasoning_is_revealed_under_suspension_only(as_user, personas, subject):
    """Reg 11's questions sit in the conditional reveal of the "Suspension" radio (GOV.UK radios
    with conditional content): hidden until it is chosen, shown at once when a suspension is
    being corrected after an error; the other options' reason stays in the main form."""
    url = reverse("duty-propose", args=[subject.case.reference, subject.pk])
    client = as_user(personas.investigator)
    page = client.get(url).content.decode()
    suspend = page.index('value="suspend" data-aria-controls="conditional-id_kind"')
    reveal = page.index(HIDDEN_REVEAL)
    next_radio = page.index('name="kind"', reveal)
    assert suspend < reveal < next_radio
    for name in SUSPENSION_REASONING:
        assert reveal < page.index(f'name="{name}"') < next_radio, name
    assert page.index('name="rationale"') > next_radio
    assert page.count("data-aria-controls") == 1  # no other option reveals anything

    page = client.post(url, {"kind": DutyKind.SUSPEND}).content.decode()
    assert HIDDEN_REVEAL not in page and SHOWN_REVEAL in page
    reveal = page.index(SHOWN_REVEAL)
    assert reveal < page.index('id="id_ground_reasoning-error"') < page.index('name="kind"', reveal)


def test_the_only_allegation_is_chosen_for_the_proposer(as_user, personas, subject):
    url = reverse("duty-propose", args=[subject.case.reference, subject.pk])
    (only,) = subject.allegations.all()
    form = as_user(personas.investigator).get(url).context["form"]
    assert form.initial["allegations"] == [only.pk]
    changes.add_allegation(
        user=personas.investigator,
        subject=subject,
        allegation=services.AllegationInput(description="A second allegation", standards=[], categories=[]),
    )
    form = as_user(personas.investigator).get(url).context["form"]
    assert "allegations" not in form.initial  # two or more: the proposer chooses


def test_the_urgent_suspension_shows_the_reasoning_plainly(as_user, personas, subject):
    """A form that fixes the kind has no radio to reveal under: its reg 11 questions show as they are."""
    page = as_user(personas.authority).get(reverse("duty-urgent", args=[subject.case.reference, subject.pk]))
    page = page.content.decode()
    assert 'name="ground_reasoning"' in page and "govuk-radios__conditional" not in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"redeployment_considered_reason": ""}, "redeployment_considered_reason", "redeployment"),
        ({"ground": ""}, "ground", "ground for suspension"),
        ({"ground": "whim"}, "ground", "Select a ground from the list"),
        ({"ground_reasoning": "  "}, "ground_reasoning", "reasoning for the ground"),
        ({"allegations": []}, "allegations", "Select the allegation"),
        ({"allegations": ["999999999"]}, "allegations", "against this person"),
        ({"allegations": ["x\x00"]}, "allegations", "Null characters"),
        ({"kind": "sack"}, "kind", "Select what is proposed"),
        ({"kind": "restrict", "rationale": ""}, "rationale", "why this is enough"),
    ],
)
def test_a_proposal_with_something_missing_says_what(as_user, personas, subject, overrides, field, message):
    url = reverse("duty-propose", args=[subject.case.reference, subject.pk])
    response = as_user(personas.investigator).post(url, suspension_post(subject, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not DutyDecision.objects.exists()


def test_a_proposal_with_everything_missing_says_all_of_it_at_once(as_user, personas, subject):
    """The form checks the kind's reasoning with the service's own rule (conduct.duty.terms), so
    the first submission lists every missing answer, not one per attempt."""
    url = reverse("duty-propose", args=[subject.case.reference, subject.pk])
    response = as_user(personas.investigator).post(url, {"kind": DutyKind.SUSPEND})
    assert response.context["form"].errors == {
        "allegations": ["Select the allegation or allegations the decision rests on"],
        "redeployment_considered_reason": [
            "Enter why temporary redeployment to alternative duties or another location is not appropriate "
            "(reg 11: a suspension is lawful only if it was considered and ruled out)"
        ],
        "ground": [
            "Select the ground for suspension: the investigation may be prejudiced, or the public interest "
            "requires it (reg 11)"
        ],
        "ground_reasoning": ["Enter the reasoning for the ground on the facts of this case"],
    }
    summary = response.content.decode().split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert summary.count("<li>") == 4
    restriction = as_user(personas.investigator).post(url, {"kind": DutyKind.RESTRICT})
    assert restriction.context["form"].errors == {
        "allegations": ["Select the allegation or allegations the decision rests on"],
        "rationale": ["Enter why this is enough, instead of suspension"],
        "public_facing": [
            "Say whether the role faces the public: restricted or redeployed officers can still face the public, "
            "and the risk lists count them if they do."
        ],
    }
    assert not DutyDecision.objects.exists()


def test_the_service_refuses_with_every_problem_too(personas, subject):
    with pytest.raises(duty.DutyRefused) as refused:
        duty.propose(user=personas.investigator, subject=subject, terms=DecisionTerms(kind=DutyKind.SUSPEND))
    assert [field for _, field in refused.value.problems] == [
        "redeployment_considered_reason",
        "ground",
        "ground_reasoning",
        "allegations",
    ]


@pytest.mark.parametrize("who", ["investigator_other_team", "authority", "auditor", "admin"])
def test_outsiders_cannot_propose(as_user, personas, subject, who):
    url = reverse("duty-propose", args=[subject.case.reference, subject.pk])
    client = as_user(getattr(personas, who))
    assert client.get(url).status_code == 404
    assert client.post(url, suspension_post(subject)).status_code == 404
    assert not DutyDecision.objects.exists()


def test_a_subject_of_another_case_is_404(as_user, personas, subject, team):
    other = make_case(personas.investigator, team, [PersonFactory()]).subjects.get()
    url = reverse("duty-propose", args=[subject.case.reference, other.pk])
    assert as_user(personas.investigator).get(url).status_code == 404


# Deciding ---------------------------------------------------------------------------------
def decide_post(subject, **overrides):
    data = {
        "outcome": "approve",
        "reasons": "The public interest requires it.",
        "effective_on": TODAY().strftime("%d/%m/%Y"),
    }
    data.update(suspension_post(subject))
    data.update(overrides)
    return data


def test_the_authority_approves_and_the_notice_is_on_the_case_page(as_user, read, personas, subject):
    decision = proposed(personas, subject)
    alex = as_user(personas.authority)
    url = reverse("duty-decide", args=[subject.case.reference, decision.pk])
    assert alex.get(url).status_code == 200
    response = alex.post(url, decide_post(subject))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.ACTIVE and decision.decided_by == personas.authority
    page = read(personas.authority, section_url(subject.case, "correspondence")).content.decode()
    assert "Suspension notice" in page  # the correspondence table
    detail = read(personas.authority, decision.get_absolute_url()).content.decode()
    assert 'data-testid="notice-link"' in detail and "The public interest requires it." in detail


def test_amending_on_the_decision_form(as_user, personas, subject):
    decision = proposed(personas, subject, DutyKind.NON_PUBLIC_FACING)
    url = reverse("duty-decide", args=[subject.case.reference, decision.pk])
    as_user(personas.authority).post(url, decide_post(subject))
    decision.refresh_from_db()
    assert decision.approval == "amended" and decision.kind == DutyKind.SUSPEND


def test_resubmitting_the_proposal_unchanged_is_an_approval_not_an_amendment(as_user, personas, subject):
    decision = duty.propose(
        user=personas.investigator,
        subject=subject,
        terms=terms(subject, ground_reasoning="Witnesses are colleagues.\nOne is the complainant."),
    )
    form = as_user(personas.authority).get(reverse("duty-decide", args=[subject.case.reference, decision.pk]))
    initial = form.context["form"].initial
    data = {
        **{k: v for k, v in initial.items() if k not in ("allegations", "effective_on")},
        "allegations": [str(pk) for pk in initial["allegations"]],
        "ground_reasoning": initial["ground_reasoning"].replace("\n", "\r\n"),  # as a browser sends it
        "outcome": "approve",
        "reasons": "As proposed.",
        "effective_on": TODAY().strftime("%d/%m/%Y"),
    }
    assert as_user(personas.authority).post(form.request["PATH_INFO"], data).status_code == 302
    decision.refresh_from_db()
    assert decision.approval == "approved" and decision.amendments == ""


def test_rejecting_needs_only_reasons(as_user, personas, subject):
    decision = proposed(personas, subject)
    url = reverse("duty-decide", args=[subject.case.reference, decision.pk])
    alex = as_user(personas.authority)
    response = alex.post(url, {"outcome": "reject", "reasons": ""})
    assert response.status_code == 200 and "Give the reasons for your decision" in response.content.decode()
    response = alex.post(url, {"outcome": "reject", "reasons": "A restriction is enough."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.REJECTED


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"outcome": ""}, "outcome", "approve or reject"),
        ({"effective_on": ""}, "effective_on", "date it takes effect"),
        ({"effective_on": "31/02/2026"}, "effective_on", "real date"),
        ({"effective_on": "01/01/2001"}, "effective_on", "before the case was received"),
        ({"reasons": ""}, "reasons", "reasons for your decision"),
    ],
)
def test_decision_form_errors(as_user, personas, subject, overrides, field, message):
    decision = proposed(personas, subject)
    url = reverse("duty-decide", args=[subject.case.reference, decision.pk])
    response = as_user(personas.authority).post(url, decide_post(subject, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, [])), response.context["form"].errors
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED


def test_the_proposer_cannot_decide_on_the_form(as_user, personas, subject):
    decision = duty.propose(user=personas.head, subject=subject, terms=terms(subject))
    url = reverse("duty-decide", args=[subject.case.reference, decision.pk])
    helen = as_user(personas.head)
    assert "You proposed this decision" in helen.get(url).content.decode()
    response = helen.post(url, decide_post(subject))
    assert response.status_code == 200
    assert "You proposed this decision" in response.content.decode()
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED


def test_a_decided_proposal_sends_the_decider_back(as_user, personas, subject):
    decision = suspended(personas, subject)
    response = as_user(personas.head).get(reverse("duty-decide", args=[subject.case.reference, decision.pk]))
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()


@pytest.mark.parametrize("who", ["investigator", "investigator_other_team", "auditor", "admin"])
def test_only_decision_makers_decide(as_user, personas, subject, who):
    decision = proposed(personas, subject)
    url = reverse("duty-decide", args=[subject.case.reference, decision.pk])
    assert as_user(getattr(personas, who)).post(url, decide_post(subject)).status_code == 404


def test_a_decision_of_another_case_is_404(as_user, personas, subject, team):
    other = make_case(personas.investigator, team, [PersonFactory()]).subjects.get()
    decision = proposed(personas, other)
    url = reverse("duty-decision", args=[subject.case.reference, decision.pk])
    assert as_user(personas.investigator).get(url).status_code == 404


# Urgent oral suspension and its written confirmation ----------------------------------------
def test_urgent_oral_suspension_then_written_confirmation(as_user, personas, subject):
    alex = as_user(personas.authority)
    url = reverse("duty-urgent", args=[subject.case.reference, subject.pk])
    data = suspension_post(subject, told_on=TODAY().strftime("%d/%m/%Y"), reasons="Arrested this morning.")
    assert alex.get(url).status_code == 200
    response = alex.post(url, {**data, "told_on": (TODAY() + timedelta(days=1)).strftime("%d/%m/%Y")})
    assert "today or in the past" in response.content.decode()
    response = alex.post(url, data)
    decision = DutyDecision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    confirm = reverse("duty-confirm", args=[subject.case.reference, decision.pk])
    assert alex.get(confirm).status_code == 200
    assert alex.post(confirm).status_code == 302
    decision.refresh_from_db()
    assert decision.notice is not None
    assert alex.get(confirm).status_code == 302  # nothing left to confirm


# Representations, requests and reviews ----------------------------------------------------
def test_representations_and_review_forms(as_user, read, personas, subject):
    decision = suspended(personas, subject)
    ivy = as_user(personas.investigator)
    url = reverse("duty-representations", args=[subject.case.reference, decision.pk])
    response = ivy.post(url, {"received_on": "", "channel": "email", "summary": ""})
    assert response.status_code == 200
    assert "Summarise the representations" in response.content.decode()
    assert (
        ivy.post(
            url, {"received_on": TODAY().strftime("%d/%m/%Y"), "channel": "email", "summary": "Left the group."}
        ).status_code
        == 302
    )
    review_url = reverse("duty-review", args=[subject.case.reference, decision.pk])
    assert ivy.get(review_url).status_code == 404
    alex = as_user(personas.authority)
    form = alex.get(review_url).context["form"]
    assert form.initial["trigger"] == "representations"
    response = alex.post(review_url, {"trigger": "representations", "outcome": "continue", "reasons": "Considered."})
    assert response.status_code == 200 and "redeployment" in response.content.decode()
    response = alex.post(
        review_url,
        {
            "trigger": "representations",
            "outcome": "continue",
            "reasons": "Considered.",
            "redeployment_considered_reason": "Still no suitable post.",
            "ground": "public_interest",
            "ground_reasoning": "Unchanged.",
        },
    )
    assert response.status_code == 302
    assert decision.reviews.count() == 1
    page = read(personas.authority, decision.get_absolute_url()).content.decode()
    assert "Left the group." in page and 'data-testid="review"' in page


def test_asking_for_a_review(as_user, personas, subject):
    decision = suspended(personas, subject)
    url = reverse("duty-request-review", args=[subject.case.reference, decision.pk])
    ivy = as_user(personas.investigator)
    assert "Describe the significant change" in ivy.post(url, {"reason": ""}).content.decode()
    assert ivy.post(url, {"reason": "Charged today."}).status_code == 302
    decision.refresh_from_db()
    assert decision.review_requested_on == TODAY()
    assert as_user(personas.investigator_other_team).post(url, {"reason": "x"}).status_code == 404


def test_forms_on_a_closed_case_are_404(as_user, personas, subject, proceedings, put_at):
    decision = suspended(personas, subject)
    put_at(proceedings, Stage.CONCLUDED, conclusion="nfa")
    services.close_case(user=personas.investigator, case=subject.case, reason="Done")
    alex = as_user(personas.authority)
    for name in ("duty-review", "duty-representations", "duty-request-review", "duty-confirm"):
        assert alex.get(reverse(name, args=[subject.case.reference, decision.pk])).status_code == 404, name
    assert alex.get(reverse("duty-urgent", args=[subject.case.reference, subject.pk])).status_code == 404


def test_the_decision_page_is_withheld_from_auditors_and_logged(read, as_user, personas, subject):
    decision = suspended(personas, subject)
    assert as_user(personas.auditor).get(decision.get_absolute_url()).status_code == 404
    before = Consultation.objects.count()
    assert read(personas.head, decision.get_absolute_url()).status_code == 200
    entry = Consultation.objects.order_by("-id").first()
    assert Consultation.objects.count() > before and entry.case == subject.case and entry.user == personas.head


# Lists ------------------------------------------------------------------------------------
def _world(personas, team, size):
    """`size` subjects under criminal investigation on full duties, one proposal, one suspension,
    one restriction: the lists' content grows with `size`, their queries must not."""
    force = ForceFactory(code="north", name="Northshire Police")
    people = [PersonFactory(force=force if i % 2 else PersonFactory().force) for i in range(size)]
    case = make_case(personas.investigator, team, people, categories=("sexual-misconduct", "criminal-offence"))
    for subject in case.subjects.select_related("person"):
        subject.allegations.update(criminal_investigation=CriminalInvestigation.OPEN)
        sync_criminal_flag(subject)
    subjects = list(case.subjects.select_related("person", "case"))
    proposed(personas, subjects[0])
    suspended(personas, subjects[1])
    restriction = proposed(personas, subjects[2], DutyKind.RESTRICT)
    duty.approve(user=personas.head, decision=restriction, reasons="Enough.", effective_on=TODAY())
    for extra in subjects[3:]:
        duty.approve(user=personas.authority, decision=proposed(personas, extra), reasons="r", effective_on=TODAY())
        duty_reviews.request_review(
            user=personas.investigator, decision=DutyDecision.objects.get(subject=extra, state="active"), reason="c"
        )
    return case


# Session, user, roles; the counts (one query); the page and its paginator's count (the in-force
# list: its page's ids, then their rows with their reviews). The same bound at both data sizes.
LIST_QUERIES = 10


@pytest.mark.parametrize("size", [4, 12])
@pytest.mark.parametrize("tab", ["awaiting", "due", "active"])
def test_the_manager_lists_query_count_does_not_grow(size, tab, as_user, personas, team, django_assert_max_num_queries):
    _world(personas, team, size)
    client = as_user(personas.authority)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("suspension-list"), {"tab": tab})
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["awaiting"] == 1 and counts["in_force"] == size - 1
    assert counts["due_this_week"] == size - 3  # those asked for a review


def test_the_manager_lists_show_days_in_force_and_reviews(as_user, personas, subject, time_machine):
    decision = suspended(personas, subject)
    time_machine.move_to(timezone.now() + timedelta(days=10))
    response = as_user(personas.investigator).get(reverse("suspension-list"), {"tab": "active"})
    row = response.context["page"].object_list[0]
    assert row == decision and row.days_in_force == 10 and row.review_count == 0
    assert (
        as_user(personas.investigator_other_team)
        .get(reverse("suspension-list"), {"tab": "active"})
        .context["page"]
        .paginator.count
        == 0
    )  # not a case tom can see


@pytest.mark.parametrize("params", [{"tab": "\x00"}, {"page": "abc"}, {"page": "999"}, {"kind": "x" * 500}])
def test_bad_list_parameters_never_fail(as_user, personas, subject, params):
    for name in ("suspension-list", "suspension-risk", "suspension-consistency"):
        assert as_user(personas.head).get(reverse(name), params).status_code == 200


# Risk -------------------------------------------------------------------------------------
# As the lists, plus one count per risk list and the page's last decisions in one query.
RISK_QUERIES = 13
CONSISTENCY_QUERIES = 13  # the chosen case, its links here and to other forces, the categories


@pytest.mark.parametrize("size", [4, 12])
@pytest.mark.parametrize("tab", ["criminal", "sexual", "overdue", "no_reason"])
def test_the_risk_views_query_count_does_not_grow(size, tab, as_user, personas, team, django_assert_max_num_queries):
    _world(personas, team, size)
    client = as_user(personas.head)
    with django_assert_max_num_queries(RISK_QUERIES):
        response = client.get(reverse("suspension-risk"), {"list": tab})
    assert response.status_code == 200
    counts = response.context["counts"]
    # Subjects 0 (proposal only) and beyond 2 are under suspension or not: only the proposal's
    # subject is still on full duty under criminal investigation.
    assert counts == {
        "criminal": 1,
        "criminal_undecided": 1,
        "sexual": 1,
        "sexual_undecided": 1,
        "overdue": 0,
        "no_reason": 0,
    }


def test_the_risk_view_lists_officers_on_full_duty_until_a_decision(as_user, personas, subject, team):
    head = as_user(personas.head)
    response = head.get(reverse("suspension-risk"), {"list": "criminal"})
    assert [row.person for row in response.context["rows"]] == [subject.person]
    assert response.context["rows"][0].last_decision is None
    assert 'data-testid="no-decision"' in response.content.decode()
    decision = proposed(personas, subject)
    row = head.get(reverse("suspension-risk"), {"list": "criminal"}).context["rows"][0]
    assert row.last_decision == decision  # still on duty: the proposal shows, with its reasons
    duty.approve(user=personas.authority, decision=decision, reasons="Agreed.", effective_on=TODAY())
    assert head.get(reverse("suspension-risk"), {"list": "criminal"}).context["page"].paginator.count == 0


def test_the_risk_view_counts_no_recorded_status_as_on_duty(as_user, personas, team, home_force, put_at):
    nobody_recorded = PersonFactory(force=home_force)
    case = make_case(personas.investigator, team, [nobody_recorded], categories=("abuse-of-position-sexual",))
    put_at(case.subjects.get().proceedings, Stage.CONCLUDED, conclusion="nfa")
    # The allegation makes an IOPC referral mandatory; a case cannot close until it is made.
    referrals.record_referral(
        user=personas.investigator,
        referral=Referral.objects.get(case=case, state=ReferralState.REQUIRED),
        referred_at=timezone.now(),
        method=ReferralMethod.PORTAL,
        what_referred="The allegation and the assessment.",
    )
    services.close_case(user=personas.investigator, case=case, reason="No case to answer.")  # closed still counts
    rows = as_user(personas.authority).get(reverse("suspension-risk"), {"list": "sexual"}).context["rows"]
    assert [(r.person, r.case, r.current_status) for r in rows] == [(nobody_recorded, case, None)]


def test_someone_off_public_duty_is_not_on_the_sexual_misconduct_list(as_user, personas, team, home_force):
    person = PersonFactory(force=home_force)
    make_case(personas.investigator, team, [person], categories=("sexual-misconduct",))
    change_duty_status(
        user=personas.admin, person=person, status=DutyStatus.NON_PUBLIC_FACING, starts_on=TODAY(), reason="HR"
    )
    rows = as_user(personas.authority).get(reverse("suspension-risk"), {"list": "sexual"}).context["rows"]
    assert rows == []


def test_an_overdue_review_is_on_the_risk_view(as_user, personas, subject, time_machine):
    decision = suspended(personas, subject)
    time_machine.move_to(timezone.now() + timedelta(weeks=5))
    response = as_user(personas.authority).get(reverse("suspension-risk"), {"list": "overdue"})
    assert list(response.context["rows"]) == [decision]
    assert response.context["counts"]["overdue"] == 1


@pytest.mark.parametrize("who", ["investigator", "investigator_other_team", "auditor", "admin"])
def test_the_risk_views_are_for_decision_makers(as_user, personas, who):
    client = as_user(getattr(personas, who))
    assert client.get(reverse("suspension-risk")).status_code == 404
    assert client.get(reverse("suspension-risk-export")).status_code == 404


# Consistency ------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [4, 12])
def test_consistency_side_by_side_across_forces_and_linked_cases(
    size, as_user, personas, team, subject, django_assert_max_num_queries
):
    other = _world(personas, team, size)
    CaseLink.objects.create(
        case=subject.case,
        linked_case=other,
        kind=LinkKind.RELATED,
        reason="Same chat",
        created_by=personas.investigator,
    )
    CaseLink.objects.create(
        case=subject.case,
        other_force=ForceFactory(code="met", name="Met"),
        other_reference="MET/1",
        kind=LinkKind.RELATED,
        reason="Same chat",
        created_by=personas.investigator,
    )
    subject.allegations.get().categories.add(AllegationCategory.objects.get(code="criminal-offence"))
    client = as_user(personas.authority)
    params = {"category": "criminal-offence", "criminal": "live", "case": subject.case.reference}
    with django_assert_max_num_queries(CONSISTENCY_QUERIES):
        response = client.get(reverse("suspension-consistency"), params)
    rows = response.context["rows"]
    assert response.context["page"].paginator.count == size + 1
    assert len({r.person.force_id for r in rows}) >= 2
    assert {r.last_decision.kind for r in rows if r.last_decision} >= {DutyKind.SUSPEND, DutyKind.RESTRICT}
    assert "MET/1" in response.content.decode()


def test_consistency_needs_a_category(as_user, personas):
    response = as_user(personas.investigator).get(reverse("suspension-consistency"))
    assert response.status_code == 200 and response.context["rows"] is None


# Exports ----------------------------------------------------------------------------------
def _csv(response):
    assert response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_of_suspensions_in_force_is_streamed_and_logged(as_user, personas, subject):
    suspended(personas, subject)
    Person.objects.filter(pk=subject.person.pk).update(first_name="=HYPERLINK(1)")
    response = as_user(personas.investigator).get(reverse("suspension-export"))
    rows = _csv(response)
    assert rows[0][0] == "case" and len(rows) == 2
    assert rows[1][0] == subject.case.reference and rows[1][4] == "Suspension"
    assert rows[1][1].startswith("'=")  # never a formula in a spreadsheet
    entry = Consultation.objects.order_by("-id").first()
    assert entry.kind == ObjectKind.EXPORT and entry.user == personas.investigator
    assert "in force" in entry.purpose


def test_the_risk_export_neutralises_names(as_user, personas, subject):
    Person.objects.filter(pk=subject.person.pk).update(first_name="@SUM(1)", last_name="+1")
    rows = _csv(as_user(personas.head).get(reverse("suspension-risk-export"), {"list": "criminal"}))
    assert rows[1][1].startswith("'@SUM(1)")


@pytest.mark.parametrize("tab", ["criminal", "sexual", "overdue", "no_reason"])
def test_the_risk_exports(as_user, personas, subject, tab):
    response = as_user(personas.head).get(reverse("suspension-risk-export"), {"list": tab})
    rows = _csv(response)
    if tab == "criminal":
        assert rows[1][:2] == [subject.case.reference, subject.person.full_name]
        assert rows[1][6] == "No duty decision"
    assert Consultation.objects.filter(kind=ObjectKind.EXPORT, user=personas.head).count() == 1


# Home page and case page ------------------------------------------------------------------
def test_decision_makers_see_the_counts_on_my_work(as_user, personas, subject):
    proposed(personas, subject)
    page = as_user(personas.authority).get(reverse("home")).content.decode()
    assert 'data-testid="duty-panel"' in page and "1 decision awaiting approval" in page
    # Who is at risk is said once, by the Needs-action cards above the panel, not again in it.
    assert 'data-testid="needs-action"' in page
    assert "under criminal investigation or convicted on public-facing duty</a>" not in page
    assert 'data-testid="duty-panel"' not in as_user(personas.investigator).get(reverse("home")).content.decode()


@pytest.mark.parametrize("subjects", [2, 8])
def test_the_case_page_section_is_one_query(subjects, personas, team, home_force):
    from django.template import Context, Template
    from django.test import RequestFactory

    from conduct.cases import views as cases  # noqa: F401 (the template tag library loads with the app)

    people = [PersonFactory(force=home_force) for _ in range(subjects)]
    case = make_case(personas.investigator, team, people)
    for subject in case.subjects.select_related("person", "case"):
        suspended(personas, subject)
    from casework.models import CaseSubject
    from conduct.models import Allegation

    loaded = list(
        CaseSubject.objects.filter(case=case)
        .select_related("person", "proceedings")
        .prefetch_related(
            __import__("django.db.models", fromlist=["Prefetch"]).Prefetch(
                "allegations", queryset=Allegation.objects.prefetch_related("categories")
            )
        )
    )
    context = Context(
        {
            "case": case,
            "subjects": loaded,
            "can_change": True,
            "can_decide": True,
            "narrative": True,
            "request": RequestFactory().get("/"),
        }
    )
    with CaptureQueriesContext(connection) as queries:
        html = Template("{% load duty %}{% duty_section %}").render(context)
    assert len(queries) == 1
    assert html.count('data-testid="duty-row"') == subjects


# Demo -------------------------------------------------------------------------------------
def test_the_demo_leaves_the_group_chat_officers_on_the_risk_view(monkeypatch, as_user):
    from django.core.management import call_command

    from casework.models import Case, User

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    group_chat = Case.objects.get(summary__startswith="Group chat")
    head = as_user(User.objects.get(username="head"))
    response = head.get(reverse("suspension-risk"), {"list": "criminal"})
    listed = {(row.case_id, row.person_id) for row in response.context["rows"]}
    assert {(group_chat.pk, s.person_id) for s in group_chat.subjects.all()} <= listed
    assert all(row.last_decision is None for row in response.context["rows"] if row.case_id == group_chat.pk)
    # Around them: a suspension whose review is due this week, a proposal, a restriction, and a
    # reasoned decision to leave someone on full duties.
    counts = head.get(reverse("suspension-list")).context["counts"]
    assert counts["awaiting"] >= 1 and counts["due_this_week"] >= 1 and counts["in_force"] >= 2
    kinds = set(DutyDecision.objects.values_list("kind", flat=True))
    assert {DutyKind.SUSPEND, DutyKind.NON_PUBLIC_FACING, DutyKind.FULL_DUTIES} <= kinds


# The MoJ filter panel on every tab (issue 22, point 7) ------------------------------------
@pytest.mark.parametrize(
    ("params", "rows", "tags"),
    [
        ({"tab": "awaiting"}, 1, []),
        ({"tab": "awaiting", "kind": DutyKind.SUSPEND}, 1, [("Decision", "Suspension")]),
        ({"tab": "awaiting", "kind": DutyKind.RESTRICT}, 0, [("Decision", "Restricted duties")]),
        ({"tab": "due", "kind": DutyKind.SUSPEND}, 1, [("Decision", "Suspension")]),
        ({"tab": "active", "kind": DutyKind.RESTRICT}, 1, [("Decision", "Restricted duties")]),
        ({"tab": "active", "kind": DutyKind.SUSPEND}, 2, [("Decision", "Suspension")]),
        ({"tab": "active", "effective_from": "1/1/2000"}, 3, [("In force from", "1/1/2000")]),
        ({"tab": "active", "effective_to": "1/1/2000"}, 0, [("In force to", "1/1/2000")]),
    ],
)
def test_each_suspension_filter_gives_its_rows_and_tags(
    as_user, personas, team, params, rows, tags, django_assert_max_num_queries
):
    _world(personas, team, 4)
    client = as_user(personas.authority)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("suspension-list"), params)
    assert response.context["page"].paginator.count == rows
    assert [(t["label"], t["value"]) for t in response.context["selected_filters"]] == tags
    assert all(t["without"].startswith(f"tab={params['tab']}") for t in response.context["selected_filters"])
    noun = "decision" if rows == 1 else "decisions"
    assert f'data-testid="result-count" role="status">{rows} {noun}</p>' in response.content.decode()


def test_a_bad_suspension_filter_is_an_error_on_it(as_user, personas, team):
    _world(personas, team, 4)
    response = as_user(personas.authority).get(reverse("suspension-list"), {"tab": "due", "kind": "sack"})
    html = response.content.decode()
    assert '<p id="kind-error" class="govuk-error-message">' in html and "sack (not a choice)" in html
    assert response.context["page"].paginator.count == 0 and response.context["result_count"] is None
    assert 'data-testid="result-count"' not in html
