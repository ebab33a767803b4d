"""Demo duty decisions for seed_demo, made through the real services (conduct.duty.services).

The group-chat officers are deliberately left without a decision: under criminal investigation
and on full duties, they are what the risk view exists to show, until someone decides. Around
them: a suspension of another case's officer whose review falls due in a few days, a proposal
awaiting the appropriate authority, the probationer's non-public-facing role recorded as a
reasoned restriction, and a reasoned decision to leave an officer on full duties despite a
sexual-misconduct allegation (so the risk view shows what was decided, and why). The group chat's
case is linked to the other forces' cases of its two officers from other forces: their forces
decide their duty, and until one reports a decision the risk view says so ("Other force: decision
not known"; the case page's panel links to where it is recorded, conduct.duty.other_forces).
Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.models import CaseLink, CaseSubject
from casework.models.cases import CaseStatus
from conduct.duty import services as duty
from conduct.duty.checks import IopcConsultation, iopc_consultation_needed
from conduct.duty.terms import DecisionTerms
from conduct.models import DutyDecision, DutyKind, Stage, SuspensionGround

# The suspension took effect this many days ago, so its 4-week review falls due within the week.
SUSPENDED_DAYS_AGO = 24


@transaction.atomic
def seed(group_chat_case, users) -> dict:
    authority = users["authority"]
    subjects = (
        CaseSubject.objects.filter(case__status=CaseStatus.OPEN, person__force__is_home=True)
        .exclude(case=group_chat_case)
        .exclude(duty_decisions__isnull=False)
        .select_related("case__investigator", "person", "proceedings")
        .order_by("case__received_on", "pk")
    )
    _links_to_other_forces(group_chat_case, users["investigator"])
    done = {
        "suspension": _suspension(subjects, authority),
        "proposal": _proposal(subjects),
        "restriction": _probationer_restriction(authority),
        "full_duties": _full_duties(subjects, users["head"]),
    }
    return {name: pk for name, pk in done.items() if pk}


def _links_to_other_forces(case, investigator) -> None:
    from conduct.cases import changes

    forces = {s.person.force for s in case.subjects.select_related("person__force") if not s.person.force.is_home}
    for force in sorted(forces, key=lambda f: f.code):
        if not CaseLink.objects.filter(case=case, other_force=force).exists():
            changes.link_case(
                user=investigator,
                case=case,
                kind="same_incident",
                reason="The same messaging group: that force investigates its own officer.",
                other_force=force,
                other_reference=f"{force.code.upper()}-PSD-2026-0417",
            )


def _first(subjects, **filters):
    return subjects.filter(**filters).first()


def _suspension(subjects, authority):
    """Gross misconduct referred to a hearing: suspended three weeks ago, review due this week."""
    effective_on = timezone.localdate() - timedelta(days=SUSPENDED_DAYS_AGO)
    subject = _first(subjects, proceedings__stage=Stage.HEARING, case__received_on__lte=effective_on)
    if subject is None:
        return None
    decision = duty.propose(
        user=subject.case.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.SUSPEND,
            allegations=list(subject.allegations.all()),
            redeployment_considered_reason=(
                "Redeployment to the Contact Centre and to Custody was considered. Both involve contact with "
                "members of the public and with the witnesses, who work in the same command."
            ),
            ground=SuspensionGround.BOTH,
            ground_reasoning=(
                "The witnesses are junior colleagues on the officer's shift and the allegation is of gross "
                "misconduct; public confidence would not survive the officer remaining on duty before the hearing."
            ),
            conditions="Not to enter police premises without agreement. Not to contact any witness.",
        ),
    )
    duty.approve(
        user=authority,
        decision=decision,
        reasons="Both reg 11 conditions are met; the hearing is some weeks away.",
        effective_on=effective_on,
        consultation=_iopc_consultation(decision),
    )
    return decision.pk


def _proposal(subjects):
    """A sexual-misconduct allegation under investigation: a non-public-facing role proposed."""
    subject = _first(
        subjects, proceedings__stage=Stage.REPRESENTATIONS, allegations__categories__code="sexual-misconduct"
    )
    if subject is None:
        return None
    decision = duty.propose(
        user=subject.case.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.NON_PUBLIC_FACING,
            allegations=list(subject.allegations.all()),
            rationale=(
                "The allegation concerns a colleague, not the public, but the officer works alone on night "
                "shifts. A non-public-facing role on days, away from the complainant, manages the risk; "
                "suspension is not needed while the investigation gathers accounts."
            ),
            conditions="Day shifts in the Intelligence unit; no contact with the complainant.",
        ),
    )
    return decision.pk


def _probationer_restriction(authority):
    """Seed 1's probationer was moved to a non-public-facing role: recorded as the decision it is."""
    subject = (
        CaseSubject.objects.filter(case__summary__startswith="Probationer shared", case__status=CaseStatus.OPEN)
        .select_related("case__investigator", "person")
        .first()
    )
    if subject is None or DutyDecision.objects.filter(subject=subject).exists():
        return None
    decision = duty.propose(
        user=subject.case.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.NON_PUBLIC_FACING,
            allegations=list(subject.allegations.all()),
            rationale=(
                "The IOPC is investigating the sharing of an offensive image. The probationer is supervised "
                "in a non-public-facing role; there is no indication that the investigation could be prejudiced."
            ),
            conditions="Non-public-facing role in the Crime Management Unit under a named supervisor.",
        ),
    )
    duty.approve(
        user=authority,
        decision=decision,
        reasons="Proportionate while the IOPC investigates; review in four weeks.",
        effective_on=timezone.localdate(),
        consultation=_iopc_consultation(decision),
    )
    return decision.pk


def _full_duties(subjects, head):
    """A report that ended in "no action" before still leaves a reasoned, reviewable decision."""
    subject = _first(
        subjects, proceedings__stage=Stage.REPRESENTATIONS, allegations__categories__code="sexual-misconduct"
    )
    if subject is None:
        return None
    decision = duty.propose(
        user=subject.case.investigator,
        subject=subject,
        terms=DecisionTerms(
            kind=DutyKind.FULL_DUTIES,
            allegations=list(subject.allegations.all()),
            rationale=(
                "The comments were reported once, two years ago; the officer has since moved command and has "
                "no contact with the colleague. Supervisors have been briefed. To be reviewed if anything changes."
            ),
        ),
    )
    duty.approve(
        user=head,
        decision=decision,
        reasons="Considered: full duties with supervision.",
        effective_on=timezone.localdate(),
        consultation=_iopc_consultation(decision),
    )
    return decision.pk


def _iopc_consultation(decision):
    """While the IOPC investigates the case, the demo's decisions record its consultation too."""
    if not iopc_consultation_needed(decision.subject.case):
        return None
    return IopcConsultation(
        consulted_on=timezone.localdate(),
        consultee="IOPC lead investigator",
        view="The IOPC agrees with the decision and asks to be consulted again at each review.",
    )
