"""In front of everyone who decides (issue 20, point 3): the "Needs action" cards open the
department dashboard and "My work" (above the deadlines and messages), each a count linking to its
list, in a few queries; the case and person pages warn the case team and decision-makers about someone
on public-facing duty at risk with no decision, with the action to take; a decision clears both."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.calendar import LONDON
from casework.models import Deadline
from conduct.duty import risk
from conduct.duty import services as duty
from conduct.duty.services import DecisionTerms
from conduct.models import DutyKind, Referral, ReferralState
from conduct.oversight import needs_action
from tests.conduct.duty.test_risk import record
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def card_counts(user) -> dict:
    return {card.key: card.count for card in needs_action.cards(user)}


def decide_back_office(personas, subject):
    proposal = duty.propose(
        user=personas.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.NON_PUBLIC_FACING,
            allegations=list(subject.allegations.all()),
            rationale="Control room, away from the public, while the investigation runs.",
        ),
    )
    return duty.approve(user=personas.authority, decision=proposal, reasons="Agreed.", effective_on=TODAY())


def stays_on_duty(personas, subject):
    proposal = duty.propose(
        user=personas.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.FULL_DUTIES,
            allegations=list(subject.allegations.all()),
            rationale="Stays on duty, because the allegation is about conduct before joining and was checked.",
        ),
    )
    return duty.approve(user=personas.authority, decision=proposal, reasons="Considered.", effective_on=TODAY())


def test_the_cards_count_and_a_decision_clears_them(personas, team):
    criminal = record(personas, team, PersonFactory(), criminal="convicted")
    sexual = record(personas, team, PersonFactory(), categories=("vawg",))
    assert card_counts(personas.head) == {
        "criminal": 1,
        "sexual": 1,
        "decisions_overdue": 0,
        "reviews_overdue": 0,
        "referrals_today": 0,
    }
    decide_back_office(personas, criminal)
    stays_on_duty(personas, sexual)  # "stays on duty, because..." is a decision too
    counts = card_counts(personas.head)
    assert counts["criminal"] == 0 and counts["sexual"] == 0
    # ... who stays on duty stays on the list (with the decision beside them), not on the card.
    sexual_card = next(c for c in needs_action.cards(personas.head) if c.key == "sexual")
    assert sexual_card.note == "1 on the list in all"


def test_overdue_decisions_and_referrals_due_today_are_counted(personas, team):
    record(personas, team, PersonFactory(), criminal="open")
    assert card_counts(personas.head)["decisions_overdue"] == 0
    Deadline.objects.filter(kind=risk.DUTY_DECISION_DUE).update(
        starts_on=TODAY() - timedelta(days=5),
        due_on=TODAY() - timedelta(days=3),
        due_at=timezone.now() - timedelta(days=3),
    )
    assert card_counts(personas.head)["decisions_overdue"] == 1

    record(personas, team, PersonFactory(), categories=("discrimination",))  # a mandatory referral
    referral = Referral.objects.get(state=ReferralState.REQUIRED)
    end_of_today = datetime.combine(TODAY(), time(23, 59), tzinfo=LONDON)
    Referral.objects.filter(pk=referral.pk).update(due_at=end_of_today + timedelta(days=1))
    assert card_counts(personas.head)["referrals_today"] == 0
    Referral.objects.filter(pk=referral.pk).update(due_at=end_of_today)
    assert card_counts(personas.head)["referrals_today"] == 1


def test_the_cards_are_for_those_who_decide(personas):
    assert needs_action.cards(personas.investigator) is None
    assert needs_action.cards(personas.auditor) is None
    assert needs_action.cards(personas.authority) is not None


def test_the_dashboard_opens_with_the_cards_in_few_queries(personas, team, client, django_assert_max_num_queries):
    record(personas, team, PersonFactory(), criminal="charged")
    client.force_login(personas.head)
    page = client.get(reverse("dashboard")).content.decode()
    assert page.index('data-testid="needs-action"') < page.index('data-testid="dashboard-section"')
    assert 'data-testid="card-criminal"' in page
    url = reverse("suspension-risk") + "?list=criminal&amp;decision=none"
    assert url in page
    head = type(personas.head).objects.get(pk=personas.head.pk)
    # The user's roles; the risk lists' sizes in one pass; overdue reviews and decisions without
    # reasons; the cards' own counts (overdue decision clocks, referrals due) in one statement.
    with django_assert_max_num_queries(4):
        needs_action.cards(head)


def test_my_work_shows_the_cards_above_everything_else(personas, team, as_user):
    record(personas, team, PersonFactory(), categories=("domestic-abuse",))
    page = as_user(personas.head).get(reverse("home")).content.decode()
    cards = page.index('data-testid="needs-action"')
    assert cards < page.index('data-testid="my-work-counts"')
    assert cards < page.index('data-testid="notifications"') if 'data-testid="notifications"' in page else True
    assert 'data-testid="needs-action"' not in as_user(personas.investigator).get(reverse("home")).content.decode()


def test_the_card_links_to_those_with_no_decision(personas, team, as_user):
    undecided = record(personas, team, PersonFactory(), criminal="open")
    decided = record(personas, team, PersonFactory(), criminal="open")
    stays_on_duty(personas, decided)
    response = as_user(personas.head).get(reverse("suspension-risk"), {"list": "criminal", "decision": "none"})
    assert [row.person_id for row in response.context["rows"]] == [undecided.person_id]
    everyone = as_user(personas.head).get(reverse("suspension-risk"), {"list": "criminal"})
    # Those needing action first.
    assert [row.person_id for row in everyone.context["rows"]] == [undecided.person_id, decided.person_id]


# The case page and the person page --------------------------------------------------------
def test_the_investigator_sees_the_panel_with_the_action_on_the_case_page(personas, team, as_user):
    subject = record(personas, team, PersonFactory(), categories=("sexual-misconduct",))
    page = as_user(personas.investigator).get(subject.case.get_absolute_url()).content.decode()
    assert 'data-testid="risk-panel"' in page
    assert "Sexual misconduct" in page
    assert reverse("duty-propose", args=[subject.case.reference, subject.pk]) in page
    decide_back_office(personas, subject)
    page = as_user(personas.investigator).get(subject.case.get_absolute_url()).content.decode()
    assert 'data-testid="risk-panel"' not in page


def test_the_panel_is_not_for_those_who_do_not_act(personas, team, as_user):
    subject = record(personas, team, PersonFactory(), criminal="open")
    page = as_user(personas.investigator_other_team).get(subject.case.get_absolute_url())
    assert page.status_code == 404 or 'data-testid="risk-panel"' not in page.content.decode()


def test_the_person_page_shows_the_panel(personas, team, as_user):
    subject = record(personas, team, PersonFactory(), criminal="convicted")
    client = as_user(personas.authority)
    response = client.get(reverse("person-detail", args=[subject.person_id]))
    if response.status_code == 302:  # the register asks why first (s.62)
        client.post(response["Location"], {"purpose": "oversight"})
        response = client.get(reverse("person-detail", args=[subject.person_id]))
    page = response.content.decode()
    assert 'data-testid="risk-panel"' in page and subject.case.reference in page
    assert subject.case.get_absolute_url() in page  # the action is on the case page


def test_those_needing_action_come_first_on_every_page(personas, team):
    """The risk list's order, read a window at a time as the paginator does (conduct.duty.selectors
    .NeedingActionFirst): those with no decision in force first, newest first, then the others;
    a window across the boundary takes the last of the first part and the first of the second."""
    from conduct.duty import selectors

    undecided = [record(personas, team, PersonFactory(), criminal="open") for _ in range(3)]
    decided = [record(personas, team, PersonFactory(), criminal="open") for _ in range(2)]
    for subject in decided:
        stays_on_duty(personas, subject)
    head = personas.head
    counts = selectors.risk_counts(head)
    assert (counts["criminal"], counts["criminal_undecided"]) == (5, 3)
    rows = selectors.NeedingActionFirst(selectors.criminal_on_public_duty(head), undecided=3, total=5)
    newest_first = lambda subjects: [s.pk for s in reversed(subjects)]  # noqa: E731 (made in order)
    assert rows.count() == 5
    assert rows[0:5] == newest_first(undecided) + newest_first(decided)
    assert rows[2:4] == [undecided[0].pk, decided[1].pk]
    assert rows[4:25] == [decided[0].pk]
    only = selectors.NeedingActionFirst(
        selectors.criminal_on_public_duty(head), undecided=3, total=5, only_undecided=True
    )
    assert only.count() == 3 and only[0:25] == newest_first(undecided)
