"""The complainant's rights as workflows: the acknowledgement at recording, updates on the clock
the rules set, the outcome with its review body (the rule, and an override with a reason), the
letter approved by another authority, and the review. Clocks are started, met and stopped."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import calendar
from casework.models import Deadline
from casework.models.cases import LinkKind
from conduct.cases import changes
from conduct.complaints import review_body, services
from conduct.complaints.models import ComplaintReview, OutcomeState, ReviewBody
from conduct.models import Referral, ReferralState
from notifications.models import Correspondence, LetterKind, Status
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def clocks(case, kind):
    return list(Deadline.objects.filter(case=case, kind=kind).order_by("id"))


def letters(case, kind):
    return list(Correspondence.objects.filter(case=case, kind=kind).order_by("id"))


# The review body rule (PRA 2002 Sch 3 paras 6A, 25, 30; C&M Regs 2020 reg 32) ------------------
@pytest.mark.parametrize(
    "facts, body",
    [
        (review_body.Facts(handling="otherwise", mode=""), ReviewBody.LOCAL_POLICING_BODY),
        (review_body.Facts(handling="investigation", mode="local"), ReviewBody.LOCAL_POLICING_BODY),
        (review_body.Facts(handling="investigation", mode="directed"), ReviewBody.NONE),
        (review_body.Facts(handling="investigation", mode="independent"), ReviewBody.NONE),
        (review_body.Facts(handling="undecided", mode=""), ReviewBody.NONE),
        (review_body.Facts(handling="otherwise", mode="", senior_officer=True), ReviewBody.IOPC),
        (review_body.Facts(handling="investigation", mode="local", proceedings_not_excluded=True), ReviewBody.IOPC),
        (review_body.Facts(handling="investigation", mode="local", referred=True), ReviewBody.IOPC),
        (review_body.Facts(handling="otherwise", mode="", same_incident_as_referred=True), ReviewBody.IOPC),
        (review_body.Facts(handling="investigation", mode="directed", referred=True), ReviewBody.NONE),
    ],
)
def test_the_review_body_rule(facts, body):
    decision = review_body.decide(facts)
    assert decision.body == body
    assert decision.grounds  # every answer says why


def test_the_rule_reads_the_case_referral_and_links(complaint, personas, team):
    assert review_body.facts_for(complaint) == review_body.Facts(handling="investigation", mode="local")
    Referral.objects.create(
        case=complaint,
        kind="voluntary",
        state=ReferralState.REFERRED,
        grounds="Serious",
        recorded_by=personas.investigator,
        referred_at=timezone.now(),
        referred_by=personas.investigator,
        method="portal",
        what_referred="The complaint",
    )
    facts = review_body.facts_for(complaint)
    assert facts.referred and services.computed_review_body(complaint, proceedings_not_excluded=False).body == "iopc"
    other = make_case(personas.investigator, team, [])
    changes.link_case(
        user=personas.investigator,
        case=other,
        kind=LinkKind.SAME_INCIDENT,
        reason="Same stop",
        reference=complaint.reference,
    )
    assert review_body.facts_for(other).same_incident_as_referred


# 1. The acknowledgement ------------------------------------------------------------------------
def test_recording_a_complaint_acknowledges_it_and_starts_the_update_clock(complaint):
    [letter] = letters(complaint, LetterKind.COMPLAINT_ACKNOWLEDGEMENT)
    assert letter.recipient_email == "jo.bloggs@example.org" and letter.recipient_name == "Jo Bloggs"
    assert letter.status == Status.QUEUED and letter.person is None
    assert complaint.reference in letter.body and "at least every 4 weeks" in letter.body
    [update] = clocks(complaint, services.UPDATE)
    assert update.due_on == calendar.add_weeks(timezone.localdate(), 4)
    assert update.source_rule["source"].startswith("Police (Complaints and Misconduct) Regulations 2020 reg 34(2)(a)")


def test_without_an_email_the_acknowledgement_waits_to_be_printed(record_complaint):
    case = record_complaint(email="")
    [letter] = letters(case, LetterKind.COMPLAINT_ACKNOWLEDGEMENT)
    assert letter.recipient_email == "" and letter.recipient_address == "1 Mill Lane\nLeeds LS1 4AB"
    from notifications import pdf

    assert pdf._layout_context(letter, letter.body)["recipient_address"] == letter.recipient_address
    assert case.timeline.filter(summary__contains="to print and post").exists()


def test_with_no_contact_at_all_nothing_is_written_and_the_timeline_says_so(record_complaint, personas):
    case = record_complaint(email="", address="")
    assert not letters(case, LetterKind.COMPLAINT_ACKNOWLEDGEMENT)
    assert case.timeline.filter(summary__startswith="Complaint not acknowledged").exists()
    assert clocks(case, services.UPDATE)  # the update clock still runs: the contact is chased
    with pytest.raises(services.NoContact):
        services.send_update(user=personas.investigator, case=case, text="An update")


def test_an_internal_matter_has_no_complainant_letters(case):
    assert not Correspondence.objects.filter(case=case, kind__startswith="complaint_").exists()
    assert not clocks(case, services.UPDATE)


# 2. Updates --------------------------------------------------------------------------------------
def test_an_update_meets_the_clock_and_starts_the_next(complaint, personas):
    letter = services.send_update(user=personas.investigator, case=complaint, text="We have asked for the video.")
    assert letter.kind == LetterKind.COMPLAINT_UPDATE and "We have asked for the video." in letter.body
    first, second = clocks(complaint, services.UPDATE)
    assert first.state == "met" and second.state == "open"
    again = services.send_update(user=personas.investigator, case=complaint, text="Second update.")
    assert again.pk != letter.pk and len(clocks(complaint, services.UPDATE)) == 3


def test_an_empty_update_is_refused_and_changes_nothing(complaint, personas):
    with pytest.raises(services.ComplaintRefused) as refused:
        services.send_update(user=personas.investigator, case=complaint, text="  ")
    assert refused.value.field == "text"
    assert len(clocks(complaint, services.UPDATE)) == 1


def test_a_case_that_is_not_a_complaint_is_refused(case, personas):
    with pytest.raises(services.ComplaintRefused, match="not a complaint"):
        services.send_update(user=personas.investigator, case=case, text="Hello")


# 3. The outcome and its letter ---------------------------------------------------------------------
def record(complaint, user, **kw):
    return services.record_outcome(
        user=user, case=complaint, findings="The search was lawful.", outcome="Service not acceptable.", **kw
    )


def test_the_outcome_is_approved_by_another_authority_and_its_letter_states_the_review(complaint, personas):
    outcome = record(complaint, personas.investigator)
    assert outcome.review_body == ReviewBody.LOCAL_POLICING_BODY and outcome.state == OutcomeState.PROPOSED
    [notice] = clocks(complaint, services.OUTCOME_NOTICE)
    assert notice.state == "open"
    with pytest.raises(services.ComplaintRefused, match="Another appropriate authority"):
        services.approve_outcome(user=personas.investigator, case=complaint)
    outcome = services.approve_outcome(user=personas.authority, case=complaint)
    today = timezone.localdate()
    assert outcome.state == OutcomeState.APPROVED and outcome.review_due_on == today + timedelta(days=28)
    letter = outcome.letter
    assert letter.kind == LetterKind.COMPLAINT_OUTCOME and letter.status == Status.QUEUED
    assert letter.approved_by == personas.authority and letter.created_by == personas.investigator
    assert "the Police and Crime Commissioner" in letter.body
    assert f"{outcome.review_due_on:%-d %B %Y}" in letter.body and "paragraph 25" in letter.body
    assert letter.response_link.expires_at.date() >= outcome.review_due_on
    assert clocks(complaint, services.OUTCOME_NOTICE)[0].state == "met"
    assert clocks(complaint, services.UPDATE)[-1].state == "stopped"
    [review] = clocks(complaint, services.REVIEW)
    assert review.state == "open" and review.due_on == outcome.review_due_on
    with pytest.raises(services.ComplaintRefused, match="outcome letter has gone"):
        services.send_update(user=personas.investigator, case=complaint, text="Late")
    with pytest.raises(services.ComplaintRefused, match="can no longer change"):
        record(complaint, personas.investigator)


def test_another_review_body_needs_a_reason(complaint, personas):
    with pytest.raises(services.ComplaintRefused) as refused:
        record(complaint, personas.investigator, chosen_body=ReviewBody.IOPC)
    assert refused.value.field == "override_reason"
    outcome = record(complaint, personas.investigator, chosen_body="iopc", override_reason="Linked IOPC matter")
    assert (outcome.review_body, outcome.review_body_computed) == ("iopc", "lpb")
    assert outcome.override_reason == "Linked IOPC matter"


def test_reg_32b_makes_the_iopc_the_review_body(complaint, personas):
    outcome = record(complaint, personas.investigator, proceedings_not_excluded=True)
    assert outcome.review_body == ReviewBody.IOPC and "reg 32(b)" in outcome.review_body_grounds


def test_a_directed_investigation_has_no_review(record_complaint, personas):
    case = record_complaint(mode="directed")
    outcome = record(case, personas.investigator)
    assert outcome.review_body == ReviewBody.NONE
    outcome = services.approve_outcome(user=personas.authority, case=case)
    assert outcome.review_due_on is None and "no right to apply for a review" in outcome.letter.body
    assert not clocks(case, services.REVIEW)
    with pytest.raises(services.ComplaintRefused, match="no right of review"):
        services.record_application(user=personas.investigator, case=case, how="Letter")


def test_undecided_handling_and_empty_findings_are_refused(record_complaint, personas):
    case = record_complaint(handling="undecided")
    with pytest.raises(services.ComplaintRefused, match="how the complaint is handled"):
        record(case, personas.investigator)
    other = record_complaint()
    with pytest.raises(services.ComplaintRefused) as refused:
        services.record_outcome(user=personas.investigator, case=other, findings="", outcome="x")
    assert refused.value.field == "findings"
    assert not clocks(other, services.OUTCOME_NOTICE)


# 4. The review -------------------------------------------------------------------------------------
def test_the_review_result_and_the_forces_response(complaint, personas):
    record(complaint, personas.investigator)
    services.approve_outcome(user=personas.authority, case=complaint)
    with pytest.raises(services.ComplaintRefused, match="Say how"):
        services.record_application(user=personas.investigator, case=complaint)
    review = services.record_application(user=personas.investigator, case=complaint, how="Letter to the PCC")
    assert clocks(complaint, services.REVIEW)[0].state == "met"
    today = timezone.localdate()
    with pytest.raises(services.ComplaintRefused, match="Record the review's result first"):
        services.record_force_response(
            user=personas.investigator, case=complaint, response="x", reasons="y", responded_on=today
        )
    review = services.record_review_result(
        user=personas.investigator,
        case=complaint,
        reviewed_by="lpb",
        result="upheld",
        decided_on=today,
        recommendations="Apologise and retrain.",
    )
    assert review.result == "upheld"
    [recommendation] = clocks(complaint, services.RECOMMENDATIONS)
    assert recommendation.due_on == today + timedelta(days=55)  # 56 days beginning with the day
    with pytest.raises(services.ComplaintRefused, match="already recorded"):
        services.record_review_result(
            user=personas.investigator, case=complaint, reviewed_by="lpb", result="upheld", decided_on=today
        )
    services.record_force_response(
        user=personas.investigator,
        case=complaint,
        response="Apology sent; training booked.",
        reasons="Accepted in full.",
        responded_on=today,
    )
    assert clocks(complaint, services.RECOMMENDATIONS)[0].state == "met"
    review = ComplaintReview.objects.get(case=complaint)
    assert review.responded_on == today and complaint.timeline.filter(summary__contains="response").exists()


def test_a_review_result_with_a_bad_date_changes_nothing(complaint, personas):
    record(complaint, personas.investigator)
    services.approve_outcome(user=personas.authority, case=complaint)
    with pytest.raises(services.ComplaintRefused) as refused:
        services.record_review_result(
            user=personas.investigator,
            case=complaint,
            reviewed_by="lpb",
            result="upheld",
            decided_on=timezone.localdate() + timedelta(days=3),
        )
    assert refused.value.field == "decided_on"
    assert not ComplaintReview.objects.exists()


def test_closing_the_case_stops_the_update_clock(complaint, personas):
    services.on_case_closed(case=complaint, user=personas.investigator)
    assert clocks(complaint, services.UPDATE)[0].state == "stopped"


def test_a_matter_decided_to_be_a_complaint_later_is_acknowledged_then(record_complaint, personas):
    from conduct.cases import route_decisions
    from conduct.cases.route_decisions import RouteInput

    case = record_complaint(matter_type="internal")
    assert letters(case, LetterKind.COMPLAINT_ACKNOWLEDGEMENT) == []
    route_decisions.change_route(
        user=personas.authority,
        case=case,
        data=RouteInput("complaint", "investigation", special_procedures=True),
        reason="It is a member of the public's expression of dissatisfaction: a complaint.",
    )
    assert len(letters(case, LetterKind.COMPLAINT_ACKNOWLEDGEMENT)) == 1
    assert len(clocks(case, services.UPDATE)) == 1
