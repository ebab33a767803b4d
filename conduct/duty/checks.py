"""The checks every duty workflow makes before it writes anything: the case is open and locked
(then the decision), the person acting may, the proceedings are still live, the date and the
decision's state fit. Each refuses with a `DutyRefused` whose message is for the user."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from casework import services as casework_services
from casework.errors import Refused
from casework.models import Case
from conduct import permissions as conduct_permissions
from conduct.cases import hooks
from conduct.models import DutyDecision, Proceedings, Stage

# A typing guard, not a legal number: a decision takes effect now, or soon.
LATEST_START_DAYS = 90


class DutyRefused(Refused):
    """The decision is not allowed; the message says why. `field` names the form field, if any."""


def required_text(text: str, message: str, field_name: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DutyRefused(message, field=field_name)
    return text


def lock_case(case) -> Case:
    return casework_services.lock_case(
        case, refused=DutyRefused, closed_message="Case {reference} is closed: no duty decision can be taken on it."
    )


def lock_decision(decision) -> DutyDecision:
    """The case (locked, open) first, then the decision: the order every workflow takes."""
    lock_case(decision.subject.case)
    return (
        DutyDecision.objects.select_for_update(of=("self",))
        .select_related("subject__case__team", "subject__person", "proposed_by", "decided_by")
        .get(pk=decision.pk)
    )


def check_proceedings_live(subject) -> None:
    stage = Proceedings.objects.filter(subject=subject).values_list("stage", flat=True).first()
    if stage == Stage.CONCLUDED:
        raise DutyRefused(f"{subject.person.full_name}'s proceedings have concluded: there is nothing left to decide.")


def check_decider(user, decision) -> None:
    if not conduct_permissions.can_decide_duty(user, decision.subject.case):
        raise DutyRefused("Only an appropriate authority or the head of PSD decides suspensions and restrictions.")
    if decision.proposed_by_id == user.pk:
        raise DutyRefused("You proposed this decision. Another appropriate authority must decide it.")


def check_effective_on(effective_on, case, *, field_name="effective_on", latest=None) -> None:
    if effective_on is None:
        raise DutyRefused("Enter the date it takes effect.", field=field_name)
    if effective_on < case.received_on:
        raise DutyRefused(
            f"The date cannot be before the case was received ({case.received_on:%d/%m/%Y}).", field=field_name
        )
    latest = latest or timezone.localdate() + timedelta(days=LATEST_START_DAYS)
    if effective_on > latest:
        raise DutyRefused(f"The date cannot be after {latest:%d/%m/%Y}.", field=field_name)


def check_state(decision, *states, message) -> None:
    if decision.state not in states:
        raise DutyRefused(f"{message} It is {decision.get_state_display().lower()}.")


# The IOPC's consultation while it investigates ---------------------------------------------
@dataclass(frozen=True)
class IopcConsultation:
    consulted_on: date | None = None
    consultee: str = ""
    view: str = ""

    def fields(self) -> dict:
        """As the decision's (and the review's) fields."""
        return {"iopc_consulted_on": self.consulted_on, "iopc_consultee": self.consultee, "iopc_view": self.view}


def iopc_consultation_needed(case) -> str | None:
    """Why the IOPC must be consulted on this case's duty decisions, or None (asked through the
    case's hook: the referrals feature answers while the IOPC investigates)."""
    return hooks.first_answer(hooks.iopc_consultation_needed, case=case)


def check_iopc_consultation(case, consultation: IopcConsultation | None) -> IopcConsultation:
    """The consultation as recorded: required (date, whom, view) while the IOPC investigates;
    recorded as given otherwise. Refused when needed and incomplete, or dated in the future."""
    consultation = consultation or IopcConsultation()
    consultation = IopcConsultation(
        consultation.consulted_on, (consultation.consultee or "").strip(), (consultation.view or "").strip()
    )
    needed = iopc_consultation_needed(case)
    if needed:
        if consultation.consulted_on is None:
            raise DutyRefused(f"{needed} Enter the date the IOPC was consulted.", field="iopc_consulted_on")
        if not consultation.consultee:
            raise DutyRefused("Say whom at the IOPC you consulted.", field="iopc_consultee")
        if not consultation.view:
            raise DutyRefused("Record the IOPC's view.", field="iopc_view")
    if consultation.consulted_on is not None and consultation.consulted_on > timezone.localdate():
        raise DutyRefused("The IOPC cannot have been consulted in the future.", field="iopc_consulted_on")
    return consultation
