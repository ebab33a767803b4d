"""The legal clocks of the regulations: reading a `ClockRule`, computing a due date with the
working-day calendar, and starting, meeting and stopping deadlines when the events that own
them happen (docs/rules.md, "Working days and clocks").

The domain services call in here at their events, a line each: `record_case` and `close_case`
(conduct.cases.services), `apply_transition` (conduct.cases.lifecycle, through `on_transition`) and
`record_reflective_practice` (conduct.cases.changes). The deadlines themselves are casework's
(casework.deadlines).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from casework import calendar
from casework import deadlines as casework_deadlines
from conduct.models import ClockRule, ClockUnit, Stage

INVESTIGATION_12_MONTHS = "investigation_12_months"
INVESTIGATION_6_MONTHLY = "investigation_6_monthly_report"
REG17_STATEMENT = "reg17_written_statement"
REG31_RESPONSE = "reg31_response"
RPRP_ACCOUNT = "rprp_account"
# Schedule 3 investigations (the C&M Regulations): representations after the notice, and the
# 12-month report.
CM_REPRESENTATIONS = "cm_reg20_representations"
CM_INVESTIGATION_12_MONTHS = "cm_investigation_12_months"


class ClockRuleMissing(Exception):
    """No rule with this code: the data migration that seeds the rules has not run."""


def rule_for(code: str) -> ClockRule:
    rule = ClockRule.objects.filter(code=code).first()
    if rule is None:
        raise ClockRuleMissing(f"No clock rule “{code}”: run the migrations (conduct) to seed the clock rules.")
    return rule


def compute_due(amount: int, unit: str, start, *, cal: calendar.Calendar | None = None):
    """The due date of a clock of `amount` `unit`s started on `start` (a date)."""
    if unit == ClockUnit.WORKING_DAYS:
        return calendar.add_working_days(start, amount, calendar=cal)
    if unit == ClockUnit.WORKING_DAYS_BEGINNING_WITH:
        counted_today = 1 if calendar.is_working_day(start, calendar=cal) else 0
        return calendar.add_working_days(start, max(amount - counted_today, 0), calendar=cal)
    if unit == ClockUnit.CALENDAR_DAYS:
        return calendar.add_calendar_days(start, amount)
    if unit == ClockUnit.WEEKS:
        return calendar.add_weeks(start, amount)
    if unit == ClockUnit.MONTHS:
        return calendar.add_months(start, amount)
    if unit == ClockUnit.END_OF_NEXT_DAY:
        return calendar.add_calendar_days(start, 1)  # the deadline runs to the end of that day
    raise ValueError(f"Unknown clock unit {unit!r}")


def due_for(code: str, start):
    """The due date of the clock `code` started on `start`, by the rule as it stands now."""
    rule = rule_for(code)
    return compute_due(rule.amount, rule.unit, start)


def owner_for(case, actor):
    """Who keeps a case's clocks: its investigator, else the person whose action started it."""
    return case.investigator if case.investigator_id else actor


def start_clock(code: str, *, case, owner, starts_on, person=None, actor, scope: str = "", about: str = ""):
    """Start the clock `code` for the case (and person) from `starts_on`; returns the deadline,
    or None when an administrator has made the rule inactive. A clock without a case names its
    `scope` and what it is `about` (casework.deadlines.start_deadline)."""
    rule = rule_for(code)
    if not rule.active:
        return None
    return casework_deadlines.start_deadline(
        case=case,
        kind=rule.code,
        label=rule.name,
        owner=owner,
        starts_on=starts_on,
        due_on=compute_due(rule.amount, rule.unit, starts_on),
        person=person,
        actor=actor,
        source_rule=rule.snapshot(),
        scope=scope,
        about=about,
    )


def meet_clock(code: str, *, case, person=None, actor, on=None):
    return casework_deadlines.meet_open(case, code, person, actor=actor, on=on)


def stop_clock(code: str, *, case, person=None, actor, reason: str):
    return casework_deadlines.stop_open(case, code, person, actor=actor, reason=reason)


# Which transition starts, meets or stops which clock --------------------------------------
class Verb(StrEnum):
    START = "start"
    MEET = "meet"
    STOP = "stop"


@dataclass(frozen=True)
class ClockEffect:
    verb: Verb
    code: str


START, MEET, STOP = Verb.START, Verb.MEET, Verb.STOP
# Clocks owed after a subject's proceedings conclude (a report to another body, e.g. the Barred List
# report of conduct/lists): features add their codes from ready(); concluding does not stop them.
OUTLIVE_PROCEEDINGS: set[str] = set()
# Which transition starts, meets or stops which clock is the route table's (conduct.cases.routes:
# each step lists its clock effects), since the same step runs different clocks on different routes.


def on_transition(*, proceedings, effects, user, label: str):
    """Apply the clock effects of a transition just made (inside its transaction). A subject
    whose proceedings concluded has no clock left running."""
    subject = proceedings.subject
    case, person = subject.case, subject.person
    for effect in effects:
        if effect.verb == START:
            start_clock(
                effect.code,
                case=case,
                person=person,
                owner=owner_for(case, user),
                starts_on=calendar.local_date(proceedings.stage_since),
                actor=user,
            )
        elif effect.verb == MEET:
            meet_clock(effect.code, case=case, person=person, actor=user)
        else:
            stop_clock(effect.code, case=case, person=person, actor=user, reason=f"{label}: the window has closed.")
    if proceedings.stage == Stage.CONCLUDED:
        casework_deadlines.stop_all_open(
            case,
            person=person,
            all_people=False,
            actor=user,
            reason=f"{label}: proceedings concluded.",
            keep_kinds=OUTLIVE_PROCEEDINGS,
        )


# Case-wide clocks -------------------------------------------------------------------------
def on_case_recorded(*, case, user, schedule_3: bool = False):
    """The 12-month clock runs from the day the matter came to the force's attention: Conduct
    Regs reg 19 for an internal matter, the C&M Regulations' for a Schedule 3 one."""
    received_on = case._meta.get_field("received_on").to_python(case.received_on)  # a date, even if given as text
    code = CM_INVESTIGATION_12_MONTHS if schedule_3 else INVESTIGATION_12_MONTHS
    start_clock(code, case=case, owner=owner_for(case, user), starts_on=received_on, actor=user)


def on_handled_otherwise(*, case, user):
    """A complaint handled otherwise than by investigation has no investigation to report on."""
    for code in (INVESTIGATION_12_MONTHS, CM_INVESTIGATION_12_MONTHS, INVESTIGATION_6_MONTHLY):
        stop_clock(code, case=case, actor=user, reason="Handled otherwise than by investigation: no investigation.")


def on_case_closed(*, case, user, reason: str):
    """The investigation ended: its 12-month (or 6-monthly) report clock is met; every other
    clock still open on the case is stopped (or closed as missed, when it had run out)."""
    for code in (INVESTIGATION_12_MONTHS, CM_INVESTIGATION_12_MONTHS, INVESTIGATION_6_MONTHLY):
        meet_clock(code, case=case, actor=user)
    casework_deadlines.stop_all_open(case, actor=user, reason=f"Case closed: {reason}")


@transaction.atomic
def record_progress_report(*, case, user, on=None):
    """The report on an investigation running past 12 months (reg 19) was made: it meets the
    open report clock and starts the next one, due 6 months after the one it meets."""
    from casework.models import Deadline

    current = (
        Deadline.objects.open()
        .filter(
            case=case,
            person=None,
            kind__in=[INVESTIGATION_12_MONTHS, CM_INVESTIGATION_12_MONTHS, INVESTIGATION_6_MONTHLY],
        )
        .first()
    )
    if current is None:
        return None
    casework_deadlines.meet_deadline(deadline=current, actor=user, on=on)
    return start_clock(INVESTIGATION_6_MONTHLY, case=case, owner=current.owner, starts_on=current.due_on, actor=user)
