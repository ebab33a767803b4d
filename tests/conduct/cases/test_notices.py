"""Serving notice (reg 17) and referring to proceedings (reg 30) write their notices to the
outbox, in the transition's transaction, with the deadline the clock just started."""

import pytest

from conduct.cases import lifecycle
from conduct.models import Severity, Stage
from notifications import kinds
from notifications.models import Correspondence, LetterKind, Status

pytestmark = pytest.mark.django_db


def test_serving_notice_writes_the_reg17_notice_with_its_deadline(personas, case, proceedings, put_at, assess):
    allegation = proceedings.subject.allegations.get()
    assess(allegation, Severity.GROSS)
    put_at(proceedings, Stage.INVESTIGATION)
    lifecycle.apply_transition(
        user=personas.investigator, proceedings=proceedings, action="serve_notice", reason="Served by email"
    )
    letter = Correspondence.objects.get(kind=LetterKind.REG17_NOTICE)
    deadline = case.deadlines.get(kind="reg17_written_statement")
    assert letter.person == proceedings.subject.person and letter.status == Status.QUEUED
    assert allegation.description in letter.body
    assert "gross misconduct" in letter.body.lower()
    assert f"{deadline.due_on:%-d %B %Y}" in letter.body
    assert kinds.RESPONSE_URL_PLACEHOLDER in letter.body
    assert letter.response_link.expires_at.date() > deadline.due_on


def test_a_refused_transition_writes_no_letter(personas, case, proceedings):
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.apply_transition(
            user=personas.investigator, proceedings=proceedings, action="serve_notice", reason="Too early"
        )
    assert not Correspondence.objects.exists()


def test_referral_to_a_hearing_writes_the_notice_of_referral(personas, case, proceedings, put_at, assess):
    assess(proceedings.subject.allegations.get(), Severity.GROSS)
    put_at(proceedings, Stage.REPORT)
    lifecycle.apply_transition(
        user=personas.authority, proceedings=proceedings, action="refer_to_hearing", reason="Case to answer"
    )
    letter = Correspondence.objects.get(kind=LetterKind.REFERRAL_NOTICE)
    assert "misconduct hearing" in letter.body
    assert case.deadlines.filter(kind="reg31_response", state="open").exists()
