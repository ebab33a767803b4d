"""Workflows on deadlines: start, extend, stop, meet. Each takes the acting user, runs in one
transaction, locks the deadline row, and writes a `DeadlineChange` (append-only).

Which event starts or meets which clock is the business of the domain services that own those
events (conduct.cases.clocks, called from conduct.cases.lifecycle and conduct.cases.services); casework knows
nothing of the regulations and never imports conduct or notifications.

Timeline: an extension or a stop decided by someone is a decision with a reason, so it is also
a case timeline event (EventKind.DEADLINE). A clock started, met or stopped as the consequence
of another event (a notice served, representations recorded, the case closed) is not repeated
on the timeline: that event is already there, and the deadline's own history shows the clock.

Contract with the reminder sweep (notifications): starting a deadline or changing its due date
sets `next_action_at = now()`, so the sweep plans its reminders afresh from `due_on`/`due_at`;
meeting, stopping or missing it sets `next_action_at = NULL` (the sweep never sees it again).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import figures
from .calendar import end_of_day
from .errors import Refused
from .models import Deadline, DeadlineAction, DeadlineChange, DeadlineState
from .models.cases import EventKind
from .services import record_event


class DeadlineRefused(Refused):
    """The change is not allowed; the message says why. `field` names the form field, if any."""


def _day(value) -> str:
    return f"{value:%d %B %Y}".lstrip("0")


def _who(deadline) -> str:
    return f" for {deadline.person.full_name}" if deadline.person_id else ""


def _lock_open(deadline) -> Deadline:
    """The deadline row locked for this transaction; refused unless it is still open."""
    locked = Deadline.objects.select_for_update(of=("self",)).select_related("person").get(pk=deadline.pk)
    if locked.state != DeadlineState.OPEN:
        raise DeadlineRefused(f"This deadline is already {locked.get_state_display().lower()}.")
    return locked


def _record(deadline, action, *, actor, reason="", from_due=None, to_due=None) -> DeadlineChange:
    figures.changed(figures.DEADLINES)  # every start, meeting, stop, extension: after commit
    return DeadlineChange.objects.create(
        deadline=deadline, action=action, from_due=from_due, to_due=to_due, reason=reason, actor=actor
    )


def _close(deadline, state, *, actor, at) -> None:
    deadline.state, deadline.closed_at, deadline.closed_by = state, at, actor
    deadline.next_action_at = None  # closed: the sweep never looks at it again
    deadline.save(update_fields=["state", "closed_at", "closed_by", "next_action_at", "met_on"])


# Start ------------------------------------------------------------------------------------
@transaction.atomic
def start_deadline(
    *,
    case,
    kind: str,
    label: str,
    owner,
    starts_on,
    due_on,
    person=None,
    actor,
    source_rule: dict,
    scope: str = "",
    about: str = "",
    about_url: str = "",
) -> Deadline:
    """Start a clock, or return the one already open for the same case (or scope), person and
    kind (a repeated event never starts the same clock twice). A clock without a case names
    its `scope` and says what it is `about`."""
    if case is None and not scope:
        raise DeadlineRefused("A deadline without a case needs a scope.")
    same_clock = {"case": case, "scope": scope, "person": person, "kind": kind}
    existing = Deadline.objects.open().filter(**same_clock).first()
    if existing is not None:
        return existing
    if due_on < starts_on:
        raise DeadlineRefused("A deadline cannot fall due before it starts.")
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a concurrent start of the same clock wins
            deadline = Deadline.objects.create(
                case=case,
                scope=scope,
                about=about[:200],
                about_url=about_url[:300],
                kind=kind,
                label=label[:160],
                person=person,
                owner=owner,
                starts_on=starts_on,
                due_on=due_on,
                due_at=end_of_day(due_on),
                source_rule=source_rule,
                next_action_at=now,  # the sweep plans its reminders
                created_at=now,
            )
    except IntegrityError:
        return Deadline.objects.open().get(**same_clock)
    _record(deadline, DeadlineAction.START, actor=actor, to_due=due_on)
    return deadline


# Extend -----------------------------------------------------------------------------------
@transaction.atomic
def extend_deadline(*, deadline, new_due_on, reason: str, actor) -> Deadline:
    """Give an open deadline a later due date, for a recorded reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineRefused("Give the reason for extending the deadline.", field="reason")
    if new_due_on is None:
        raise DeadlineRefused("Enter the new due date.", field="new_due_on")
    deadline = _lock_open(deadline)
    if new_due_on <= deadline.due_on:
        raise DeadlineRefused(
            f"The new due date must be after the current one ({_day(deadline.due_on)}).", field="new_due_on"
        )
    previous = deadline.due_on
    deadline.due_on, deadline.due_at = new_due_on, end_of_day(new_due_on)
    deadline.extension_count += 1
    deadline.next_action_at = timezone.now()  # the due date moved: the sweep plans it afresh
    deadline.save(update_fields=["due_on", "due_at", "extension_count", "next_action_at"])
    _record(deadline, DeadlineAction.EXTEND, actor=actor, reason=reason, from_due=previous, to_due=new_due_on)
    if not deadline.case_id:  # no case, no timeline: the deadline's own history keeps it
        return deadline
    record_event(
        deadline.case,
        kind=EventKind.DEADLINE,
        actor=actor,
        person=deadline.person,
        summary=f"Deadline extended: {deadline.label}{_who(deadline)}, now due {_day(new_due_on)}",
        detail=f"Was due {_day(previous)}.\n\n{reason}",
    )
    return deadline


# Stop -------------------------------------------------------------------------------------
@transaction.atomic
def stop_deadline(*, deadline, reason: str, actor, on_timeline: bool = True) -> Deadline:
    """Close an open deadline that no longer applies, for a recorded reason. One stopped after
    its due day has ended is recorded as missed: the record keeps that it ran out unmet.
    `on_timeline=False` for a stop that follows from an event already on the timeline."""
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineRefused("Give the reason for stopping the deadline.", field="reason")
    deadline = _lock_open(deadline)
    now = timezone.now()
    missed = deadline.due_at < now
    _close(deadline, DeadlineState.MISSED if missed else DeadlineState.STOPPED, actor=actor, at=now)
    _record(
        deadline,
        DeadlineAction.MISS if missed else DeadlineAction.STOP,
        actor=actor,
        reason=reason,
        from_due=deadline.due_on,
    )
    if not on_timeline or not deadline.case_id:
        return deadline
    verb = "closed as missed" if missed else "stopped"
    record_event(
        deadline.case,
        kind=EventKind.DEADLINE,
        actor=actor,
        person=deadline.person,
        summary=f"Deadline {verb}: {deadline.label}{_who(deadline)} (due {_day(deadline.due_on)})",
        detail=reason,
    )
    return deadline


def stop_open(case, kind: str, person=None, *, reason: str, actor, on_timeline: bool = False) -> Deadline | None:
    """Stop the open clock of this kind for the case and person, if there is one (by default as
    the consequence of an event: not repeated on the timeline)."""
    deadline = Deadline.objects.open().filter(case=case, person=person, kind=kind).first()
    if deadline is None:
        return None
    return stop_deadline(deadline=deadline, reason=reason, actor=actor, on_timeline=on_timeline)


@transaction.atomic
def stop_all_open(
    case, *, reason: str, actor, person=None, all_people: bool = True, on_timeline: bool = False, keep_kinds=()
) -> list[Deadline]:
    """Stop every open clock of the case (or, with `all_people=False`, of one person on it), but
    those of `keep_kinds`: duties that outlive what ended."""
    deadlines = Deadline.objects.open().filter(case=case).exclude(kind__in=list(keep_kinds)).order_by("id")
    if not all_people:
        deadlines = deadlines.filter(person=person)
    return [stop_deadline(deadline=d, reason=reason, actor=actor, on_timeline=on_timeline) for d in deadlines]


# Restart ----------------------------------------------------------------------------------
@transaction.atomic
def restart_deadline(*, stopped, starts_on, due_on, reason: str, actor) -> Deadline:
    """Start again a clock that was stopped for a while (e.g. proceedings paused while criminal
    proceedings were outstanding): a new open deadline of the same kind, case (or scope), person,
    owner and rule, due on the recalculated date. The stopped row keeps its history; the new
    one's first change is a start naming the due date it replaces and why."""
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineRefused("Give the reason for restarting the deadline.", field="reason")
    if stopped.state == DeadlineState.OPEN:
        raise DeadlineRefused("This deadline is still running.")
    if due_on < starts_on:
        raise DeadlineRefused("A deadline cannot fall due before it starts.")
    now = timezone.now()
    deadline = Deadline.objects.create(
        case=stopped.case,
        scope=stopped.scope,
        about=stopped.about,
        about_url=stopped.about_url,
        kind=stopped.kind,
        label=stopped.label,
        person=stopped.person,
        owner=stopped.owner,
        starts_on=starts_on,
        due_on=due_on,
        due_at=end_of_day(due_on),
        source_rule=stopped.source_rule,
        next_action_at=now,  # the sweep plans its reminders afresh for the new date
        created_at=now,
    )
    _record(deadline, DeadlineAction.START, actor=actor, reason=reason, from_due=stopped.due_on, to_due=due_on)
    return deadline


# Meet -------------------------------------------------------------------------------------
@transaction.atomic
def meet_deadline(*, deadline, actor, on=None) -> Deadline:
    """The event the clock waited for happened, on `on` (today when not given). Meeting a
    deadline that is no longer open changes nothing."""
    deadline = Deadline.objects.select_for_update(of=("self",)).get(pk=deadline.pk)
    if deadline.state != DeadlineState.OPEN:
        return deadline
    deadline.met_on = on or timezone.localdate()
    _close(deadline, DeadlineState.MET, actor=actor, at=timezone.now())
    _record(deadline, DeadlineAction.MEET, actor=actor, from_due=deadline.due_on)
    return deadline


def meet_open(case, kind: str, person=None, *, actor, on=None) -> Deadline | None:
    """Meet the open clock of this kind for the case and person, if there is one."""
    deadline = Deadline.objects.open().filter(case=case, person=person, kind=kind).first()
    return meet_deadline(deadline=deadline, actor=actor, on=on) if deadline else None


# Reads ------------------------------------------------------------------------------------
def history(deadline):
    """The deadline's changes, oldest first, with who made them."""
    return deadline.changes.select_related("actor").order_by("at", "id")


def next_deadlines_for(user, *, limit: int = 10):
    """The user's open deadlines on cases they may see, soonest first (My work)."""
    return (
        Deadline.objects.open()
        .filter(owner=user)
        .visible_to(user)
        .select_related("case", "person")
        .order_by("due_at", "id")[:limit]
    )
