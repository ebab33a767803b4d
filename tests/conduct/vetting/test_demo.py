"""The vetting demo (seed_demo): a review triggered by a misconduct finding, its severity assessed
and notice given, waiting for the officer's representations. Idempotent."""

import pytest

from conduct.cases.lifecycle import apply_transition
from conduct.models import Finding, Outcome, Severity, Stage
from conduct.vetting import demo
from conduct.vetting.clock_rules import VETTING_REPRESENTATIONS
from conduct.vetting.models import ReviewState, Trigger, VettingReview
from notifications.models import Correspondence

pytestmark = pytest.mark.django_db


def test_the_demo_review_waits_for_representations(personas, proceedings, put_at, assess):
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, Severity.MISCONDUCT)
    put_at(proceedings, Stage.MEETING, forum=Stage.MEETING)
    apply_transition(
        user=personas.authority,
        proceedings=proceedings,
        action="record_outcome",
        reason="The meeting's reasons.",
        finding=Finding.MISCONDUCT,
        outcome=Outcome.WRITTEN_WARNING,
    )
    users = {"authority": personas.authority, "head": personas.head, "investigator": personas.investigator}

    review = demo.seed(users)

    assert (review.trigger, review.state) == (Trigger.FINDING, ReviewState.NOTICE_GIVEN)
    assert review.representations_due_on is not None
    assert Correspondence.objects.filter(kind="vetting_notice", person=review.person).count() == 1
    assert review.person.deadlines.filter(kind=VETTING_REPRESENTATIONS, state="open").count() == 1
    assert demo.seed(users) is None  # a second run changes nothing
    assert VettingReview.objects.count() == 1
