"""Criminal proceedings pauses (Police (Conduct) Regulations 2020 reg 10; docs/rules.md,
"Criminal proceedings pause"): pause, review and end, each a decision of the appropriate
authority with its reasons, and the hooks' receivers (a paused subject's steps into proceedings
are refused; a pause ends when the proceedings conclude).

Every workflow takes the acting user, runs in one transaction, locks the case row first, checks
who may act (conduct.permissions) and refuses with a `PauseRefused` whose message is for the user;
nothing is written when one is raised.
"""

from django.db import transaction
from django.utils import timezone

from casework import calendar
from casework import services as casework_services
from casework.errors import Refused
from casework.models.cases import EventKind
from conduct import permissions as conduct_permissions
from conduct.cases import clocks as case_clocks
from conduct.models import Proceedings, Stage
from conduct.pauses import clocks as pause_clocks
from conduct.pauses.models import CriminalProceedingsPause, PauseReview, PauseRule, PauseState

RULE_CODE = "criminal_proceedings"


class PauseRefused(Refused):
    """The decision is not allowed; the message says why. `field` names the form field, if any."""


def rule() -> PauseRule:
    found = PauseRule.objects.filter(code=RULE_CODE).first()
    if found is None:
        raise PauseRefused("The criminal proceedings pause rule is missing: run the migrations (conduct).")
    return found


def day_text(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PauseRefused(message, field=field)
    return value


def _check_decider(user, case) -> None:
    if not conduct_permissions.can_decide_pause(user, case):
        raise PauseRefused("Only an appropriate authority or the head of PSD decides whether proceedings are paused.")


def _check_day(day, field: str, *, not_before=None) -> None:
    today = timezone.localdate()
    if day is None:
        raise PauseRefused("Enter the date.", field=field)
    if day > today:
        raise PauseRefused("The date cannot be in the future.", field=field)
    if not_before is not None and day < not_before:
        raise PauseRefused(f"The date cannot be before {day_text(not_before)}.", field=field)


def _lock(case):
    return casework_services.lock_case(
        case, refused=PauseRefused, closed_message="Case {reference} is closed: nothing can be paused or resumed."
    )


def _timeline(pause, user, summary: str, detail: str) -> None:
    subject = pause.subject
    casework_services.record_event(
        subject.case,
        kind=EventKind.PAUSE,
        actor=user,
        person=subject.person,
        summary=f"{subject.person.full_name}: {summary}",
        detail=detail,
    )


def _start_review_clock(pause, user, *, starts_on):
    deadline = case_clocks.start_clock(
        pause.rule.review_clock,
        case=pause.subject.case,
        person=pause.subject.person,
        owner=user,  # the authority who decided keeps the review; the ladder escalates to the others
        starts_on=starts_on,
        actor=user,
    )
    pause.review_deadline = deadline
    pause.next_review_on = deadline.due_on if deadline else None


# Pause ------------------------------------------------------------------------------------
@transaction.atomic
def pause(*, user, subject, criminal_proceedings: str, reasons: str, paused_on=None) -> CriminalProceedingsPause:
    """Record that misconduct proceedings against `subject` would prejudice the criminal
    proceedings outstanding (reg 10(3)): its clocks stop and its steps into proceedings are
    refused until the pause ends."""
    paused_on = paused_on or timezone.localdate()
    _lock(subject.case)
    _check_decider(user, subject.case)
    criminal_proceedings = _text(
        criminal_proceedings, "Say which criminal proceedings are outstanding.", "criminal_proceedings"
    )
    reasons = _text(reasons, "Give the reasons misconduct proceedings would prejudice them.", "reasons")
    _check_day(paused_on, "paused_on", not_before=subject.case.received_on)
    stage = Proceedings.objects.filter(subject=subject).values_list("stage", flat=True).first()
    if stage == Stage.CONCLUDED:
        raise PauseRefused(f"{subject.person.full_name}'s proceedings have concluded: there is nothing to pause.")
    if CriminalProceedingsPause.objects.active().filter(subject=subject).exists():
        raise PauseRefused(f"Proceedings against {subject.person.full_name} are already paused.")
    the_rule = rule()
    record = CriminalProceedingsPause.objects.create(
        subject=subject,
        rule=the_rule,
        regulation=the_rule.regulation,
        criminal_proceedings=criminal_proceedings,
        reasons=reasons,
        paused_on=paused_on,
        decided_by=user,
    )
    stopped = pause_clocks.stop_for_pause(record, user, now=timezone.now())
    _start_review_clock(record, user, starts_on=paused_on)
    record.save(update_fields=["review_deadline", "next_review_on"])
    clocks_note = f"\n\n{len(stopped)} clock(s) stopped." if stopped else ""
    _timeline(
        record,
        user,
        f"misconduct proceedings paused while criminal proceedings are outstanding ({record.regulation})",
        f"Outstanding: {criminal_proceedings}\n\n{reasons}{clocks_note}",
    )
    return record


def _lock_active(pause_record) -> CriminalProceedingsPause:
    _lock(pause_record.subject.case)
    locked = (
        CriminalProceedingsPause.objects.select_for_update(of=("self",))
        .select_related("subject__case", "subject__person", "rule")
        .get(pk=pause_record.pk)
    )
    if locked.state != PauseState.ACTIVE:
        raise PauseRefused("This pause has already ended.")
    return locked


# Review -----------------------------------------------------------------------------------
@transaction.atomic
def review(*, user, pause, reasons: str, reviewed_on=None) -> PauseReview:
    """The authority looked again and the pause continues: the review clock is met and the next
    one starts from the review."""
    reviewed_on = reviewed_on or timezone.localdate()
    record = _lock_active(pause)
    _check_decider(user, record.subject.case)
    reasons = _text(reasons, "Give the reasons the pause continues.", "reasons")
    _check_day(reviewed_on, "reviewed_on", not_before=record.paused_on)
    case_clocks.meet_clock(
        record.rule.review_clock, case=record.subject.case, person=record.subject.person, actor=user, on=reviewed_on
    )
    _start_review_clock(record, user, starts_on=reviewed_on)
    record.save(update_fields=["review_deadline", "next_review_on"])
    row = PauseReview.objects.create(
        pause=record, reasons=reasons, reviewed_on=reviewed_on, next_review_on=record.next_review_on, reviewed_by=user
    )
    _timeline(record, user, "criminal proceedings pause reviewed: it continues", reasons)
    return row


# End --------------------------------------------------------------------------------------
@transaction.atomic
def end(*, user, pause, reasons: str, ended_on=None) -> CriminalProceedingsPause:
    """Misconduct proceedings may go ahead again: the stopped clocks restart with their
    recalculated dates, and the review clock is met."""
    ended_on = ended_on or timezone.localdate()
    record = _lock_active(pause)
    _check_decider(user, record.subject.case)
    reasons = _text(reasons, "Give the reasons proceedings can resume.", "reasons")
    _check_day(ended_on, "ended_on", not_before=record.paused_on)
    _close(record, user, reasons=reasons, ended_on=ended_on)
    resumed = pause_clocks.resume_after_pause(record, user, resumed_on=ended_on)
    note = "".join(
        f"\n{p.deadline.label}: was due {day_text(p.deadline.due_on)}, now due {day_text(p.resumed_as.due_on)}"
        for p in resumed
    )
    _timeline(record, user, "criminal proceedings pause ended: proceedings resume", f"{reasons}{note}")
    return record


def _close(record, user, *, reasons: str, ended_on) -> None:
    case_clocks.meet_clock(
        record.rule.review_clock, case=record.subject.case, person=record.subject.person, actor=user, on=ended_on
    )
    record.state = PauseState.ENDED
    record.ended_on, record.ended_by, record.ended_at, record.end_reasons = ended_on, user, timezone.now(), reasons
    record.next_review_on = None
    record.save(update_fields=["state", "ended_on", "ended_by", "ended_at", "end_reasons", "next_review_on"])


# The hooks' receivers (conduct/pauses/ready.py) -------------------------------------------
def transition_refusal(*, proceedings, action: str) -> str | None:
    """While a subject is paused, the steps into and through misconduct proceedings the rule
    names are refused (reg 10(3)(a): no such proceedings may take place)."""
    active = (
        CriminalProceedingsPause.objects.active()
        .filter(subject_id=proceedings.subject_id)
        .select_related("rule")
        .first()
    )
    if active is None or action not in active.rule.refused_actions:
        return None
    return (
        f"Misconduct proceedings are paused while criminal proceedings are outstanding ({active.regulation}), "
        f"since {day_text(active.paused_on)}. An appropriate authority must end the pause first."
    )


def on_transition(*, proceedings, action: str, user, label: str) -> None:
    """Proceedings concluded (withdrawn, no case to answer...): a pause has nothing left to hold.
    Its clocks are not restarted: the proceedings they timed are over."""
    if proceedings.stage != Stage.CONCLUDED:
        return
    for record in CriminalProceedingsPause.objects.active().filter(subject_id=proceedings.subject_id):
        _close(
            record, user, reasons=f"Ended with the proceedings: {label}.", ended_on=calendar.local_date(timezone.now())
        )
