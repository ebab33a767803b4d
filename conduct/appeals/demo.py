"""Demo appeals for seed_demo, through the real services: a misconduct meeting's outcome (the
"outcome" stage case of conduct.cases.demo) notified, appealed, heard and decided with a lesser
warning substituted; and a gross misconduct hearing's dismissal (a "hearing" stage case, its outcome
recorded here through the lifecycle) notified and appealed to a Police Appeals Tribunal, pending,
so the Barred List flag shows as pending appeal. Idempotent: once an appeal of a kind exists, that
scenario is not built again."""

from datetime import timedelta

from django.utils import timezone

from casework import calendar
from conduct.appeals import services
from conduct.cases import hooks, lifecycle
from conduct.models import (
    Appeal,
    AppealGround,
    AppealKind,
    AppealResult,
    Appellant,
    Finding,
    Outcome,
    Proceedings,
    Stage,
)


def _first(stage, forum):
    return (
        Proceedings.objects.filter(stage=stage, forum=forum, appeal_window__isnull=True)
        .select_related("subject__case", "subject__person")
        .order_by("pk")
        .first()
    )


def seed(users) -> dict:
    today = timezone.localdate()
    done = {}
    meeting = None if Appeal.objects.filter(kind=AppealKind.MEETING).exists() else _first(Stage.OUTCOME, Stage.MEETING)
    if meeting is not None:
        notified = calendar.working_days_before(today, 12)
        hooks.outcome_notified(proceedings=meeting, notified_on=notified, user=users["authority"])
        appeal = services.lodge_appeal(
            user=users["investigator"],
            proceedings=meeting,
            appellant=Appellant.REPRESENTATIVE,
            lodged_on=calendar.add_working_days(notified, 5),
            grounds=[AppealGround.UNREASONABLE],
            grounds_detail="The written warning did not take account of the officer's admission and apology.",
        )
        services.set_hearing_date(user=users["investigator"], appeal=appeal, hearing_on=today - timedelta(days=2))
        services.decide_appeal(
            user=users["authority"],
            appeal=appeal,
            result=AppealResult.DISMISSED,
            decided_on=today - timedelta(days=2),
            reasons="The written warning was within the range open to the meeting; the admission was taken into "
            "account.",
        )
        done["meeting"] = appeal.pk
    hearing = None if Appeal.objects.filter(kind=AppealKind.TRIBUNAL).exists() else _first(Stage.HEARING, Stage.HEARING)
    if hearing is not None:
        lifecycle.apply_transition(
            user=users["investigator"],
            proceedings=hearing,
            action="record_outcome",
            reason="The panel found gross misconduct and dismissed the officer without notice.",
            finding=Finding.GROSS,
            outcome=Outcome.DISMISSAL,
        )
        notified = calendar.working_days_before(today, 4)
        hooks.outcome_notified(proceedings=hearing, notified_on=notified, user=users["authority"])
        appeal = services.lodge_appeal(
            user=users["investigator"],
            proceedings=hearing,
            appellant=Appellant.OFFICER,
            lodged_on=today,
            grounds=[AppealGround.PROCEDURE],
            grounds_detail="The panel refused an adjournment to call a witness whose evidence was material.",
            copy_received_on=today,
        )
        done["tribunal"] = appeal.pk
    return done
