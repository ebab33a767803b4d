"""When a subject's proceedings are finalised (docs/rules.md, "Appeals"): the sweep that makes an
outcome final when its appeal period ends unappealed, and the receivers of the case's hooks that
keep the lifecycle's appeal steps with their record and date every other conclusion."""

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from conduct.appeals.models import Appeal, AppealWindow, Finalisation
from conduct.appeals.services import BASIS, _finalise, _lock
from conduct.cases import lifecycle
from conduct.models import Stage


# 5. The period closes unappealed: the outcome is final (the Celery sweep) ---------------------------
def expired_windows(today=None):
    today = today or timezone.localdate()
    return AppealWindow.objects.filter(
        due_on__lt=today, proceedings__stage=Stage.OUTCOME, proceedings__finalisation__isnull=True
    ).exclude(proceedings__appeals__isnull=False)


def close_expired_windows(today=None) -> int:
    """Idempotent: each window whose period ended unappealed is finalised once, on the last day of
    the period, and the subject's outcome made final through the lifecycle (finalise_outcome)."""
    today = today or timezone.localdate()
    closed = 0
    for pk in expired_windows(today).values_list("pk", flat=True):
        closed += _close_window(pk, today)
    return closed


@transaction.atomic
def _close_window(pk, today) -> int:
    window = AppealWindow.objects.select_related("proceedings").get(pk=pk)
    proceedings = _lock(window.proceedings)
    if not expired_windows(today).filter(pk=pk).exists():
        return 0  # another sweep got there first, or an appeal came in
    user = casework_services.system_user()
    _finalise(proceedings, on=window.due_on, basis="No appeal within the period: the outcome is final", user=user)
    lifecycle.apply_transition(
        user=user,
        proceedings=proceedings,
        action="finalise_outcome",
        reason=f"No notice of appeal was given by {window.due_on:%-d %B %Y} ({BASIS[window.kind]}): the outcome is "
        "final.",
    )
    return 1


# Receivers of the case's hooks (conduct/appeals/ready.py) ---------------------------------------
def finalise_refusal(*, proceedings, action, **_) -> str | None:
    """Once the appeal period is open, an appeal is recorded with its record (the appeal forms, which
    move the stage themselves), and while the officer may still appeal the outcome is not final."""
    if action not in ("finalise_outcome", "lodge_appeal", "decide_appeal"):
        return None
    window = AppealWindow.objects.filter(proceedings=proceedings).first()
    if window is None:
        return None
    pending = Appeal.objects.filter(proceedings=proceedings, result="").exists()
    if action == "lodge_appeal" and not pending:
        return "Record the appeal with its notice, date and grounds on the appeal form (the Appeal panel)."
    if action == "decide_appeal" and pending:
        return "Record the appeal's result on the appeal form (the Appeal panel)."
    if action != "finalise_outcome" or window.due_on < timezone.localdate():
        return None
    return (
        f"The officer may appeal until {window.due_on:%-d %B %Y} ({BASIS[window.kind]}): the outcome becomes "
        "final when that period ends without an appeal."
    )


def on_transition(*, proceedings, action, user, **_):
    """A subject's proceedings concluded by any other step (no case to answer, withdrawn,
    reflective practice, no further action, or an outcome with no appeal left): finalised today."""
    if proceedings.stage != Stage.CONCLUDED or Finalisation.objects.filter(proceedings=proceedings).exists():
        return
    _finalise(proceedings, on=timezone.localdate(), basis=proceedings.get_conclusion_display() or action, user=user)
