"""Who is at risk, and the deadline to decide (DOMAIN.md, seed 2; docs/rules.md, "Who is at
risk"). Someone on public-facing duty who is under criminal investigation, charged or convicted,
or who has an allegation in a category marked sexual misconduct, domestic abuse or violence
against women and girls (`AllegationCategory.sexual_or_vawg`), needs an explicit, reasoned duty
decision: recording such a fact starts the "duty decision due" clock (rule data, conduct
migration: 2 working days by default), and any duty decision that takes effect on the case meets
it (conduct.duty.effects.put_in_force), "stays on full duties, because..." included.

The facts are read here; the risk lists are conduct.duty.selectors; the warning panels on the case
and person pages are conduct.duty.risk_panels.
"""

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from casework.models import Deadline, DutyStatusEntry
from casework.models.cases import EventKind
from conduct import permissions as conduct_permissions
from conduct.cases import clocks
from conduct.cases.criminal import sync_criminal_flag
from conduct.duty.checks import DutyRefused, lock_case
from conduct.duty.effects import DUTY_DECISION_DUE
from conduct.models import CRIMINAL_RISK, Allegation, CriminalInvestigation

__all__ = ["DUTY_DECISION_DUE", "on_allegation_recorded", "record_criminal_status", "start_decision_clock"]


def on_public_facing_duty(person, day=None) -> bool:
    """Whether the person's role faces the public today (their current duty-status period's
    answer; no period recorded counts as public-facing: a gap must not hide a risk)."""
    day = day or timezone.localdate()
    answer = (
        DutyStatusEntry.objects.filter(person=person, starts_on__lte=day)
        .order_by("-starts_on", "-id")
        .values_list("public_facing", flat=True)
        .first()
    )
    return True if answer is None else answer


def risk_reasons(allegation) -> list[str]:
    """Why this allegation puts someone on public-facing duty at risk, in words (empty if not)."""
    reasons = []
    if allegation.criminal_investigation in CRIMINAL_RISK:
        reasons.append(CriminalInvestigation(allegation.criminal_investigation).label)
    reasons += [c.name for c in allegation.categories.all() if c.sexual_or_vawg]
    return reasons


def start_decision_clock(*, subject, user):
    """Start the subject's "duty decision due" clock on the case, if they are on public-facing duty
    (one clock per case and person: a second trigger while it runs changes nothing). Returns the
    deadline, or None. The clock is on the case's deadlines, with its history; the case page's
    banner says why (conduct.duty.risk_panels)."""
    person, case = subject.person, subject.case
    if not on_public_facing_duty(person):
        return None
    running = Deadline.objects.open().filter(case=case, person=person, kind=DUTY_DECISION_DUE).first()
    if running is not None:
        return running
    deadline = clocks.start_clock(
        DUTY_DECISION_DUE,
        case=case,
        person=person,
        owner=clocks.owner_for(case, user),
        starts_on=timezone.localdate(),
        actor=user,
    )
    return deadline


def on_allegation_recorded(*, subject, allegation, user, **_) -> None:
    """conduct.cases.hooks.allegation_recorded: a criminal investigation, charge or conviction, or
    a sexual-misconduct/DA/VAWG category, against someone on public-facing duty starts the clock."""
    if risk_reasons(allegation):
        start_decision_clock(subject=subject, user=user)


@transaction.atomic
def record_criminal_status(*, user, allegation: Allegation, status: str) -> Allegation:
    """The criminal side moved on (an investigation opened, a charge, a conviction, no further
    action, an acquittal): recorded on the allegation and the case timeline; a new investigation,
    charge or conviction against someone on public-facing duty starts the decision clock again
    (a decision made before a charge is not a decision on the charge)."""
    case = lock_case(allegation.subject.case)
    if not conduct_permissions.can_propose_duty(user, case):
        raise DutyRefused("Only the case's investigators record the criminal investigation's progress.")
    if status not in CriminalInvestigation.values:
        raise DutyRefused("Choose where the criminal investigation stands.", field="status")
    allegation = Allegation.objects.select_for_update().select_related("subject__person").get(pk=allegation.pk)
    if allegation.criminal_investigation == status:
        raise DutyRefused("That is already recorded.", field="status")
    before = CriminalInvestigation(allegation.criminal_investigation).label
    allegation.criminal_investigation = status
    allegation.save(update_fields=["criminal_investigation"])
    sync_criminal_flag(allegation.subject)  # the subject's live-criminal flag, in this transaction
    label = CriminalInvestigation(status).label
    subject = allegation.subject
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        actor=user,
        person=subject.person,
        summary=f"{subject.person.full_name}: criminal investigation: {label.lower()}",
        detail=f"Was: {before}. Allegation: {allegation.description[:200]}",
    )
    if status in CRIMINAL_RISK:
        start_decision_clock(subject=subject, user=user)
    return allegation
