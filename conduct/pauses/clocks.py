"""What a criminal proceedings pause does to the subject's clocks (docs/rules.md, "Criminal
proceedings pause"): which stop, how much time each had left, and the due date it gets when
proceedings resume. Pure functions of dates and the rule, plus the two steps that write."""

from django.db.models import Q

from casework import calendar
from casework import deadlines as casework_deadlines
from casework.models import Deadline, DeadlineState
from conduct.models import ClockUnit
from conduct.pauses.models import PausedClock, ResumeMethod

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"


def clocks_to_stop(pause, *, now):
    """The open clocks the pause stops: the subject's on this case (and, when the rule says so,
    the case-wide ones), except those the rule keeps running, the pause's own review clock, and
    those already overdue (a missed clock stays missed and keeps escalating: a pause is no excuse
    for a deadline that had already run out)."""
    subject, rule = pause.subject, pause.rule
    whose = Q(person_id=subject.person_id) | (Q(person__isnull=True) if rule.stops_case_clocks else Q(pk__in=[]))
    deadlines = Deadline.objects.open().filter(whose, case_id=subject.case_id, due_at__gte=now)
    excluded = [*rule.clocks_kept_running, rule.review_clock]
    return deadlines.exclude(kind__in=excluded).order_by("id")


def time_left(deadline, paused_on) -> tuple[int, str]:
    """What the clock had left on the day it was paused: working days after that day up to and
    including the due day for a working-day clock, calendar days otherwise."""
    unit = (deadline.source_rule or {}).get("unit", ClockUnit.WORKING_DAYS)
    if unit == ClockUnit.WORKING_DAYS:
        return max(calendar.working_days_between(paused_on, deadline.due_on), 0), WORKING_DAYS
    return max((deadline.due_on - paused_on).days, 0), CALENDAR_DAYS


def resumed_due(paused_clock, resumed_on, method: str):
    """The due date of a clock restarted on `resumed_on`: the time it had left carried over, or (by
    the rule's other method) its whole period again from that day."""
    deadline = paused_clock.deadline
    if method == ResumeMethod.RESTART:
        from conduct.cases.clocks import compute_due

        rule = deadline.source_rule or {}
        return compute_due(rule.get("amount", 0), rule.get("unit", ClockUnit.CALENDAR_DAYS), resumed_on)
    if paused_clock.remaining_unit == WORKING_DAYS:
        return calendar.add_working_days(resumed_on, paused_clock.remaining)
    return calendar.add_calendar_days(resumed_on, paused_clock.remaining)


def stop_for_pause(pause, user, *, now) -> list[PausedClock]:
    # The regulation and the decision, not its reasons: those are narrative, shown on the pause's
    # page to those who may read it, and deadline pages are read more widely.
    reason = (
        f"Misconduct proceedings paused while criminal proceedings are outstanding ({pause.regulation}), "
        f"decided on {pause.paused_on.day} {pause.paused_on:%B %Y}."
    )
    stopped = []
    for deadline in clocks_to_stop(pause, now=now):
        remaining, unit = time_left(deadline, pause.paused_on)
        casework_deadlines.stop_deadline(deadline=deadline, reason=reason[:2000], actor=user, on_timeline=False)
        stopped.append(
            PausedClock.objects.create(pause=pause, deadline=deadline, remaining=remaining, remaining_unit=unit)
        )
    return stopped


def resume_after_pause(pause, user, *, resumed_on) -> list[PausedClock]:
    """Restart each clock the pause stopped (not those closed as missed), due on the recalculated
    date; each new clock's first change names the date it replaces."""
    resumed = []
    method = pause.rule.resume_method
    for paused in pause.paused_clocks.select_related("deadline__case", "deadline__person").filter(resumed_as=None):
        if paused.deadline.state != DeadlineState.STOPPED:
            continue
        due_on = max(resumed_due(paused, resumed_on, method), resumed_on)
        left = f"{paused.remaining} {paused.remaining_unit.replace('_', ' ')} left when paused"
        paused.resumed_as = casework_deadlines.restart_deadline(
            stopped=paused.deadline,
            starts_on=resumed_on,
            due_on=due_on,
            reason=f"Proceedings resumed after the criminal proceedings pause ({left}).",
            actor=user,
        )
        paused.save(update_fields=["resumed_as"])
        resumed.append(paused)
    return resumed
