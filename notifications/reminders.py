"""The deadline sweep: reminders before a legal clock runs out, escalation after.

Beat runs `sweep` every minute. It takes open deadlines whose `next_action_at` has come (an
indexed, partial condition), in batches locked with SELECT ... FOR UPDATE SKIP LOCKED, so two
sweeps at once never take the same deadline. For each it works out which rungs of the
deadline's ladder have come due, records the latest under a unique constraint (earlier rungs it
slept through are recorded as skipped, so a sweep after a day's outage sends one message, not a
flood), writes the notification and the outbox email in the same transaction, and sets
`next_action_at` to the next rung's time. Work per tick is proportional to what is due.

A deadline that raises is rolled back to its savepoint, logged, and looked at again later: one
bad row never blocks the rest.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework.calendar import LONDON, Calendar
from casework.models import Deadline, DeadlineState
from casework.permissions import users_with_role
from casework.roles import Role
from casework.time_left import time_left

from . import inbox
from .models import Audience, LetterKind, ReminderOutcome, ReminderSent, ReminderStage

log = logging.getLogger(__name__)

DEFAULT_LADDER = ""  # ReminderStage.deadline_kind of the ladder used by kinds without their own


@dataclass
class SweepReport:
    examined: int = 0
    sent: int = 0
    skipped: int = 0
    errors: int = 0
    messages: int = 0
    failed_ids: list = field(default_factory=list)


class Ladders:
    """Every active rung, read once per sweep."""

    def __init__(self):
        self.by_kind = defaultdict(list)
        for stage in ReminderStage.objects.filter(active=True).order_by("offset_working_days", "id"):
            self.by_kind[stage.deadline_kind].append(stage)

    def for_kind(self, kind: str) -> list[ReminderStage]:
        return self.by_kind.get(kind) or self.by_kind.get(DEFAULT_LADDER, [])


def stage_time(stage: ReminderStage, deadline: Deadline, calendar: Calendar) -> datetime:
    """When a rung comes due: the start of the working day (REMINDER_HOUR, local time) that is
    `offset` working days from the due date. Rungs after the due date fire the morning after the
    clock ran out at the earliest, never on the due day itself."""
    offset = stage.offset_working_days
    if offset < 0:
        day = calendar.working_days_before(deadline.due_on, -offset)
    else:
        day = calendar.add_working_days(deadline.due_on, offset)
    return datetime.combine(day, time(settings.REMINDER_HOUR), tzinfo=LONDON)


def plan(
    deadline: Deadline, ladder, done: set[str], now, calendar
) -> tuple[list, ReminderStage | None, datetime | None]:
    """(rungs slept through, the rung to send now, when to look next)."""
    pending = [(stage_time(s, deadline, calendar), s) for s in ladder if s.code not in done]
    due = [s for at, s in pending if at <= now]
    later = [at for at, s in pending if at > now]
    send = due[-1] if due else None
    return due[:-1], send, (min(later) if later else None)


def sweep(now=None, batch_size: int = 100, max_batches: int | None = None) -> SweepReport:
    """One tick. Returns what it did (the beat task logs it)."""
    now = now or timezone.now()
    report = SweepReport()
    ladders, calendar, recipients = Ladders(), Calendar(), Recipients()
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        with transaction.atomic():
            deadlines = list(
                Deadline.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(state=DeadlineState.OPEN, next_action_at__lte=now)
                .exclude(pk__in=report.failed_ids)
                .select_related("case", "owner", "person")
                .order_by("next_action_at")[:batch_size]
            )
            if not deadlines:
                break
            done = _done_stages(deadlines)
            for deadline in deadlines:
                report.examined += 1
                try:
                    with transaction.atomic():
                        _advance(deadline, ladders, done[deadline.pk], now, calendar, recipients, report)
                except Exception:
                    # Logged with its traceback and pushed back; never silently dropped.
                    log.exception("reminder sweep: deadline %s failed; retrying later", deadline.pk)
                    report.errors += 1
                    report.failed_ids.append(deadline.pk)
                    Deadline.objects.filter(pk=deadline.pk, state=DeadlineState.OPEN).update(
                        next_action_at=now + timedelta(seconds=settings.REMINDER_ERROR_RETRY_SECONDS)
                    )
        if len(deadlines) < batch_size:
            break
    return report


def _done_stages(deadlines) -> dict[int, set[str]]:
    """The rungs already dealt with, per deadline, for its current generation: one query."""
    done = defaultdict(set)
    generation = {d.pk: d.extension_count for d in deadlines}
    rows = ReminderSent.objects.filter(deadline_id__in=generation).values_list(
        "deadline_id", "generation", "stage_code"
    )
    for deadline_id, gen, code in rows:
        if gen == generation[deadline_id]:
            done[deadline_id].add(code)
    return done


def _advance(deadline, ladders, done, now, calendar, recipients, report):
    skipped, send, next_at = plan(deadline, ladders.for_kind(deadline.kind), done, now, calendar)
    generation = deadline.extension_count
    # What the rung says is the real time left, from the due moment (never the rung's name).
    left = time_left(deadline.due_at, now=now, calendar=calendar)
    for stage in skipped:
        ReminderSent.objects.create(
            deadline=deadline, generation=generation, stage_code=stage.code, outcome=ReminderOutcome.SKIPPED, at=now
        )
        report.skipped += 1
    if send is not None and send.audience in LETTER_AUDIENCES:
        # A rung that writes to the register (the person awaited, or their line manager).
        written = _write(deadline, send, generation, left)
        ReminderSent.objects.create(
            deadline=deadline,
            generation=generation,
            stage_code=send.code,
            outcome=ReminderOutcome.SENT,
            recipients=[letter.recipient_name for letter in written],
            at=now,
        )
        report.messages += len(written)
        report.sent += 1
    elif send is not None:
        users = recipients.for_stage(send, deadline)
        ReminderSent.objects.create(
            deadline=deadline,
            generation=generation,
            stage_code=send.code,
            outcome=ReminderOutcome.SENT,
            recipients=[u.username for u in users],
            at=now,
        )
        for user in users:
            _tell(user, deadline, send, generation, left)
            report.messages += 1
        report.sent += 1
    Deadline.objects.filter(pk=deadline.pk).update(next_action_at=next_at)


def _tell(user, deadline, stage, generation, left: str):
    due = f"{deadline.due_on:%-d %B %Y}"
    inbox.notify(
        user=user,
        case=deadline.case,
        message=f"{deadline.label} on {deadline.what}: {left} (due {due}){getattr(stage, 'note', '')}",
        # A clock with no case has no deadline page (those are per case): link to what it is about.
        url=reverse("deadline-detail", args=[deadline.pk]) if deadline.case_id else deadline.about_url,
        urgent=stage.urgent,
        kind=f"{inbox.DEADLINE_KIND}{deadline.kind}",  # grouped on My work, one line per kind
        email_kind=LetterKind.DEADLINE_REMINDER if stage.email else None,
        idempotency_key=f"deadline:{deadline.pk}:{generation}:{stage.code}:{user.pk}",
        extra={
            "deadline": {
                "label": deadline.label,
                "due_on": deadline.due_on,
                "stage": left,
                "about": "" if deadline.case_id else deadline.about,
            }
        },
    )


# Rungs that write to people on the register -----------------------------------------------
LETTER_AUDIENCES = (Audience.PERSON, Audience.LINE_MANAGER)


def _write(deadline, stage, generation, left: str) -> list:
    """The chaser to the person awaited, or the escalation to their line manager, composed from
    the request the deadline waits on (its context says what was asked). No request, no person
    or no line manager on the register: the deadline's owner is told instead, so nobody is
    chased in silence and nothing is lost."""
    from . import outbox

    request = _request_for(deadline)
    person = deadline.person
    target = person if stage.audience == Audience.PERSON else (person.line_manager if person else None)
    if request is None or target is None:
        missing = "no request letter" if request is None else "no line manager on the register"
        if deadline.owner.is_active:
            _tell(deadline.owner, deadline, _OwnerStage(stage, missing), generation, left)
        return []
    context = request.context
    details = {
        "record_description": context.get("record_description", ""),
        "accessed_on": context.get("accessed_on"),
        "response_due_on": deadline.due_on,
    }
    key = f"deadline:{deadline.pk}:{generation}:{stage.code}"
    if stage.audience == Audience.PERSON:
        letter = outbox.compose_to_person(
            kind=LetterKind.RESPONSE_CHASER,
            case=deadline.case,
            person=person,
            sender=None,
            idempotency_key=key,
            actor=None,
            extra={**details, "stage": left},
            answers_through=request.response_link,
        )
    else:
        letter = outbox.compose(
            kind=LetterKind.LINE_MANAGER_ESCALATION,
            case=deadline.case,
            person=person,
            recipient_name=target.full_name,
            recipient_email=target.email,
            sender=None,
            idempotency_key=key,
            actor=None,
            extra=details,
        )
    return [letter]


def _request_for(deadline):
    """The letter whose answer the deadline waits on: the one that carries a response link."""
    from .models import Correspondence

    return (
        Correspondence.objects.filter(deadline=deadline, response_link__isnull=False)
        .select_related("response_link")
        .order_by("id")
        .first()
    )


@dataclass(frozen=True)
class _OwnerStage:
    """A letter rung that could not be written, told to the deadline's owner instead."""

    stage: ReminderStage
    missing: str

    @property
    def code(self):
        return self.stage.code

    @property
    def note(self):
        return f" (not written: {self.missing})"

    @property
    def urgent(self):
        return True

    @property
    def email(self):
        return self.stage.email


class Recipients:
    """Who a rung goes to. Heads of PSD and each team's appropriate authorities are read once per
    sweep, not once per deadline."""

    def __init__(self):
        self._heads = None
        self._authorities = {}

    def heads(self):
        if self._heads is None:
            self._heads = list(users_with_role(Role.HEAD_OF_PSD))
        return self._heads

    def authorities(self, team_id):
        """The appropriate authorities who sit in the case's team; if none does, every appropriate
        authority (a force has few); if there are none at all, the head of PSD. A deadline with no
        case has no team: every appropriate authority."""
        if team_id is None:
            return self.all_authorities() or self.heads()
        if team_id not in self._authorities:
            in_team = list(users_with_role(Role.APPROPRIATE_AUTHORITY).filter(teams=team_id))
            self._authorities[team_id] = in_team or self.all_authorities()
        return self._authorities[team_id] or self.heads()

    def all_authorities(self):
        if None not in self._authorities:
            self._authorities[None] = list(users_with_role(Role.APPROPRIATE_AUTHORITY))
        return self._authorities[None]

    def for_stage(self, stage, deadline):
        if stage.audience == Audience.OWNER:
            users = [deadline.owner]
        elif stage.audience == Audience.AUTHORITY:
            users = self.authorities(deadline.case.team_id if deadline.case_id else None)
        else:
            users = self.heads()
        return [u for u in users if u.is_active]


def deadline_panel(request, deadline):
    """The deadline page's list of the reminders and escalations sent for it (casework's deadline
    panels): which rung, when, to whom, in the order they went."""
    return {"reminders": list(deadline.reminders.order_by("at", "id"))}
