"""Demo IOPC referrals for seed_demo. The evaluator has already required a referral of each demo
case that meets a mandatory criterion (the group-chat and probationer cases: discrimination);
this adds what only people do: the group-chat referral made and awaiting the IOPC's decision,
the probationer's referral decided (an independent investigation, as DOMAIN.md's first seed
says), a serious assault newly alleged on an open case (a referral required, due by the end of
tomorrow), and a "not required after all" proposal awaiting an appropriate authority. Idempotent:
each step is taken only from the state it expects."""

from django.db import transaction
from django.utils import timezone

from casework.models import Case
from casework.models.cases import CaseStatus, Sensitivity
from conduct.cases import changes, services
from conduct.models import (
    Allegation,
    AllegationCategory,
    IopcDecision,
    ProposalOutcome,
    Referral,
    ReferralMethod,
    ReferralState,
    Stage,
    Standard,
)
from conduct.referrals import services as referrals

PROBATIONER_SUMMARY = "Probationer shared"
DSI_SUMMARY = "A man detained in custody was taken ill"
ASSAULT_CASE = "Excessive force used during an arrest"
SEXUAL_COMMENTS_CASE = "Inappropriate sexual comments"
ASSAULT = "A witness statement describes repeated blows to the head of the detained man after he was restrained."
ASKED_FOR_A_DATE = "Asked a colleague on night shifts for a date after making sexual comments."


@transaction.atomic
def seed(group_chat_case, users) -> dict:
    investigator, investigator2 = users["investigator"], users["investigator2"]
    return {
        "awaiting": _made(group_chat_case, investigator, "2026/031877"),
        "decided": _decided(_find(PROBATIONER_SUMMARY), investigator2),
        "required": _assault_alleged(investigator),
        "proposal": _not_required_proposed(investigator),
        "dsi": _dsi_referred(investigator),
    }


def _find(summary):
    return Case.objects.filter(summary__startswith=summary, status=CaseStatus.OPEN).order_by("id").first()


def _early_case(summary):
    """An open, unrestricted case still being assessed or investigated (where new evidence
    arrives, and where the other demo decisions are not taken) with no referral: one of the
    summary if there is one."""
    later = [stage for stage in Stage.values if stage not in (Stage.ASSESSMENT, Stage.INVESTIGATION)]
    cases = (
        Case.objects.filter(status=CaseStatus.OPEN, sensitivity=Sensitivity.NORMAL, subjects__isnull=False)
        .exclude(iopc_referrals__isnull=False)
        .exclude(subjects__proceedings__stage__in=later)
        .distinct()
    )
    return cases.filter(summary__startswith=summary).order_by("id").first() or cases.order_by("id").first()


def _required(case):
    return Referral.objects.filter(case=case, state=ReferralState.REQUIRED).first() if case else None


GROUP_CHAT_REFERRED = (
    "The allegations against every subject of the messaging group, the recovered messages and the criminal "
    "investigation's disclosure schedule."
)


def _made(case, user, iopc_reference, what_referred=GROUP_CHAT_REFERRED) -> int | None:
    referral = _required(case)
    if referral is None:
        return None
    referrals.record_referral(
        user=user,
        referral=referral,
        referred_at=timezone.now(),
        method=ReferralMethod.PORTAL,
        what_referred=what_referred,
        iopc_reference=iopc_reference,
    )
    return referral.pk


def _decided(case, user) -> int | None:
    if case is None:
        return None
    _made(case, user, "2026/029114")
    referral = Referral.objects.filter(case=case, state=ReferralState.REFERRED).first()
    if referral is None:
        return None
    referrals.record_iopc_decision(
        user=user,
        referral=referral,
        decision=IopcDecision.INDEPENDENT,
        decided_on=timezone.localdate(),
        notes="The IOPC will investigate independently; the force to preserve the messaging evidence.",
    )
    return referral.pk


def _dsi_referred(user) -> int | None:
    """The death in custody (conduct.cases.demo_routes): a DSI matter is always referred; the IOPC
    decided the force investigates (a local investigation, which the case's route follows)."""
    case = _find(DSI_SUMMARY)
    if case is None:
        return None
    _made(case, user, "2026/033402", "The custody record, the custody CCTV and the hospital's account.")
    referral = Referral.objects.filter(case=case, state=ReferralState.REFERRED).first()
    if referral is None:
        return None
    referrals.record_iopc_decision(
        user=user,
        referral=referral,
        decision=IopcDecision.LOCAL,
        decided_on=timezone.localdate(),
        notes="The force to investigate locally; the IOPC to receive the final report.",
    )
    return referral.pk


def _allege(case, user, code, description, standard):
    subject = case.subjects.order_by("id").first()
    changes.add_allegation(
        user=case.investigator or user,
        subject=subject,
        allegation=services.AllegationInput(
            description=description,
            standards=list(Standard.objects.filter(name=standard)),
            categories=list(AllegationCategory.objects.filter(code=code)),
        ),
    )


def _assault_alleged(user) -> int | None:
    """A witness statement shows the force used was a serious assault: the referral is due by the
    end of tomorrow."""
    case = _early_case(ASSAULT_CASE)
    if case is None or Allegation.objects.filter(description=ASSAULT).exists():
        return None
    _allege(case, user, "serious-assault", ASSAULT, "Use of force")
    referral = _required(case)
    return referral.pk if referral else None


def _not_required_proposed(user) -> int | None:
    """An allegation recorded as abuse of position for a sexual purpose that, on the facts, is not:
    the investigator proposes that the referral is not required; an appropriate authority decides."""
    case = _early_case(SEXUAL_COMMENTS_CASE)
    if case is None or Allegation.objects.filter(description=ASKED_FOR_A_DATE).exists():
        return None
    _allege(case, user, "abuse-of-position-sexual", ASKED_FOR_A_DATE, "Discreditable conduct")
    referral = _required(case)
    if referral is None or referral.not_required_proposals.filter(outcome=ProposalOutcome.PENDING).exists():
        return None
    referrals.propose_not_required(
        user=user,
        referral=referral,
        reasons="The person approached was a colleague of the same rank, not a member of the public or someone "
        "over whom the officer held a position of trust: abuse of position does not apply. The conduct remains "
        "a misconduct matter for the force.",
    )
    return referral.pk
