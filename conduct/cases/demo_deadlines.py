"""Demo deadlines for seed_demo. The demo's cases already have their clocks (the services start
them: the 12-month clock of every case, the reg 17, reg 31 and RPRP clocks of the subjects that
reached those stages); this adds what only people do: an extension with its reason, a stopped
clock, and a mandatory IOPC referral due by the end of tomorrow. Idempotent."""

from django.utils import timezone

from casework import deadlines
from casework.calendar import add_working_days
from casework.models import Deadline, DeadlineAction
from conduct.cases import clocks

EXTENSION_REASON = "The officer's Federation representative is on leave; extension agreed with the officer."
STOP_REASON = "Officer retired before the notice could be answered; no further proceedings."


def seed(cases, users) -> dict:
    """`cases`: demo cases (the group-chat case first); `users`: the demo users by username."""
    investigator = users["investigator"]
    open_clocks = Deadline.objects.open().filter(case__in=[c.pk for c in cases]).exclude(person=None).order_by("id")
    extended = stopped = 0
    if not Deadline.objects.filter(changes__action=DeadlineAction.EXTEND, case__in=[c.pk for c in cases]).exists():
        first = open_clocks.first()
        if first is not None:
            deadlines.extend_deadline(
                deadline=first,
                new_due_on=add_working_days(first.due_on, 5),
                reason=EXTENSION_REASON,
                actor=investigator,
            )
            extended = 1
        second = open_clocks.exclude(pk=getattr(first, "pk", None)).first()
        if second is not None:
            deadlines.stop_deadline(deadline=second, reason=STOP_REASON, actor=investigator)
            stopped = 1
    referral = None
    if cases:
        case = cases[0]
        referral = clocks.start_clock(
            "iopc_referral",
            case=case,
            owner=clocks.owner_for(case, investigator),
            starts_on=timezone.localdate(),
            actor=investigator,
        )
    return {"extended": extended, "stopped": stopped, "iopc_referral": referral.pk if referral else None}
