"""Subjects with a recorded outcome, through the lifecycle: a misconduct meeting's final written
warning, and a gross misconduct hearing's dismissal."""

import pytest

from conduct.cases import hooks
from conduct.cases.lifecycle import apply_transition
from conduct.models import Allegation, Finding, Outcome, Severity, Stage

REASON = "The evidence supports this decision."


@pytest.fixture
def outcome_at(personas, put_at, assess):
    def make(proceedings, *, forum, finding, outcome, severity):
        assess(Allegation.objects.filter(subject=proceedings.subject).first(), severity)
        put_at(proceedings, forum, forum=forum)
        extra = {"departure_reasons": "Reasons."} if finding == Finding.GROSS and outcome != Outcome.DISMISSAL else {}
        apply_transition(
            user=personas.investigator,
            proceedings=proceedings,
            action="record_outcome",
            reason=REASON,
            finding=finding,
            outcome=outcome,
            **extra,
        )
        proceedings.refresh_from_db()
        return proceedings

    return make


@pytest.fixture
def meeting_outcome(proceedings, outcome_at):
    return outcome_at(
        proceedings,
        forum=Stage.MEETING,
        finding=Finding.MISCONDUCT,
        outcome=Outcome.FINAL_WRITTEN_WARNING,
        severity=Severity.MISCONDUCT,
    )


@pytest.fixture
def hearing_dismissal(proceedings, outcome_at):
    return outcome_at(
        proceedings, forum=Stage.HEARING, finding=Finding.GROSS, outcome=Outcome.DISMISSAL, severity=Severity.GROSS
    )


@pytest.fixture
def notify(personas):
    def fire(proceedings, notified_on):
        hooks.outcome_notified(proceedings=proceedings, notified_on=notified_on, user=personas.authority)
        proceedings.refresh_from_db()
        return proceedings

    return fire
