"""Helpers for the oversight tests: put a subject under suspension, or record that a
subject reached a stage at a given moment, without walking the whole lifecycle."""

from django.utils import timezone

from conduct.duty import services as duty
from conduct.models import DutyDecision, StageTransition


def suspend(authority, subject, **update) -> DutyDecision:
    """An urgent suspension of the subject by `authority`, then `update` applied to its row
    (effective_on, ends_on...) to place it in time."""
    decision = duty.suspend_urgently(
        user=authority,
        subject=subject,
        terms=duty.DecisionTerms(
            kind="suspend",
            allegations=list(subject.allegations.all()),
            redeployment_considered_reason="No post away from witnesses.",
            ground="investigation_prejudiced",
            ground_reasoning="Witnesses are colleagues.",
        ),
        reasons="Could not wait.",
        told_on=timezone.localdate(),
    )
    if update:
        DutyDecision.objects.filter(pk=decision.pk).update(**update)
    return decision


def reached(proceedings, *, action, from_stage, to_stage, by, at, reason="Recorded for a test.") -> StageTransition:
    return StageTransition.objects.create(
        proceedings=proceedings,
        action=action,
        from_stage=from_stage,
        to_stage=to_stage,
        reason=reason,
        made_by=by,
        made_at=at,
    )
